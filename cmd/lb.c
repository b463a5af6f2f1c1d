/*
 * lb — the front command: `lb import …` runs `lb-import …` (as git runs its
 * subcommands), `lb help` lists the tools, `lb --version`.
 * The tool is looked for first beside this program, then on PATH.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "util.h"

static const struct {
	const char *name, *what;
} tools[] = {
	{"import",   N_("raw school spreadsheets into one canonical roster or activity log")},
	{"validate", N_("every wrong, missing or inconsistent value, with file and line")},
	{"schedule", N_("who must be talked to, visited or called, by whom; what is overdue")},
	{"report",   N_("the monthly compliance report")},
	{"merge",    N_("many schools' rosters or logs into one, nothing lost")},
	{"query",    N_("one question about a roster, its logs and its schedule, as a table")},
};

static void
usage(FILE *fp)
{
	fprintf(fp, _("Usage: lb COMMAND [ARG]...\n"
	              "       lb help [COMMAND]\n"
	              "       lb --version\n\n"
	              "The archive tools for rural left-behind children. Commands:\n"));
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
		fprintf(fp, "  %-9s %s\n", tools[i].name, _(tools[i].what));
	fprintf(fp, _("\n'lb COMMAND --help' shows a command's options; 'man lb' is the overview.\n"));
}

static int
known(const char *name)
{
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
		if (strcmp(tools[i].name, name) == 0)
			return 1;
	return 0;
}

/* Run lb-NAME with argv, from this program's folder if it is there. */
static int
run(const char *name, char **argv)
{
	char self[PATH_MAX], *path;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	argv[0] = lb_xasprintf("lb-%s", name);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			path = lb_xasprintf("%s/lb-%s", self, name);
			if (access(path, X_OK) == 0)
				execv(path, argv);
			free(path);
		}
	}
	execvp(argv[0], argv);
	lb_warn(_("cannot run '%s': %s"), argv[0], strerror(errno));
	return LB_EXIT_FAIL;
}

int
main(int argc, char **argv)
{
	lb_cli_init(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return LB_EXIT_FAIL;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		lb_print_version();
		return lb_fshut(stdout, "<stdout>");
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc > 2 && known(argv[2])) {
			char *args[] = {NULL, "--help", NULL};
			return run(argv[2], args);
		}
		if (argc > 2)
			lb_usage_error(_("'%s' is not an lb command"), argv[2]);
		usage(stdout);
		return lb_fshut(stdout, "<stdout>");
	}
	if (!known(argv[1]))
		lb_usage_error(_("'%s' is not an lb command (see 'lb help')"), argv[1]);
	return run(argv[1], argv + 1);
}
