/* cli.c — the front-end half shared by cmd/: messages, exits, checked closes. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "i18n.h"
#include "mask.h"
#include "util.h"

const char *lb_progname = "lb";

void
lb_cli_init(const char *progname)
{
	const char *p = strrchr(progname, '/');
	lb_progname = p ? p + 1 : progname;
	lb_i18n_init();
}

void
lb_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", lb_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
lb_warn_err(const struct lb_err *e)
{
	struct lb_buf m = LB_BUF_INIT;

	/* Messages about data may quote a value: never show numbers unmasked. */
	lb_mask_text(e->msg, 0, &m);
	if (e->file[0] && e->line > 0)
		lb_warn("%s:%ld: %s", e->file, e->line, lb_buf_str(&m));
	else if (e->file[0])
		lb_warn("%s: %s", e->file, lb_buf_str(&m));
	else
		lb_warn("%s", lb_buf_str(&m));
	lb_buf_fini(&m);
}

void
lb_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", lb_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), lb_progname);
	exit(LB_EXIT_FAIL);
}

void
lb_print_version(void)
{
	printf("%s (lb) %s\n", lb_progname, LB_VERSION);
}

int
lb_cli_asof(const char *arg)
{
	int d;

	if (!arg)
		return lb_date_today();
	d = lb_date_parse_iso(arg);
	if (d == LB_NODATE)
		lb_usage_error(_("--as-of: '%s' is not a date (YYYY-MM-DD)"), arg);
	return d;
}

void
lb_diag_print(FILE *fp, const struct lb_diag *d, int reveal)
{
	struct lb_buf m = LB_BUF_INIT;

	lb_mask_text(_(d->msg), reveal, &m);
	if (d->line > 0)
		fprintf(fp, "%s:%ld: ", d->file, d->line);
	else
		fprintf(fp, "%s: ", d->file);
	if (d->field[0])
		fprintf(fp, "%s: ", d->field);
	fprintf(fp, "%s: %s", lb_level_word(d->level), lb_buf_str(&m));
	if (d->code[0])
		fprintf(fp, " [%s]", d->code);
	fputc('\n', fp);
	lb_buf_fini(&m);
}

int
lb_fshut(FILE *fp, const char *name)
{
	int bad = 0, sys = 0;

	if (fflush(fp) != 0) {
		bad = 1;
		sys = errno;
	}
	if (ferror(fp) && !bad) {
		bad = 1;
		sys = EIO;
	}
	if (fp != stdin && fp != stdout && fp != stderr) {
		if (fclose(fp) != 0 && !bad) {
			bad = 1;
			sys = errno;
		}
	}
	if (bad) {
		lb_warn(_("%s: write error: %s"), name, strerror(sys));
		return LB_EXIT_FAIL;
	}
	return 0;
}
