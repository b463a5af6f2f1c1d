/* i18n.c — locale and message catalogue. */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

#ifndef LB_LOCALEDIR
#define LB_LOCALEDIR "/usr/local/share/locale"
#endif

static char localedir[PATH_MAX];

/* The build tree's catalogues: BIN/../locale beside the running program
 * (build/bin/lb-x → build/locale), as git's RUNTIME_PREFIX finds its files
 * relative to the executable. Empty when the folder is not there. */
static void
beside_exe(char *out, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	struct stat st;

	out[0] = '\0';
	if (n <= 0)
		return;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = '\0';                          /* the program's folder */
	slash = strrchr(self, '/');
	if (!slash || strcmp(slash + 1, "bin") != 0)
		return;
	*slash = '\0';                          /* its parent */
	if ((size_t)snprintf(out, size, "%s/locale", self) >= size ||
	    stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		out[0] = '\0';
}

void
lb_i18n_init(void)
{
	const char *dir = getenv("LB_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* gettext ignores LANGUAGE in the C locale; lb_lang_is_zh() does not
	 * (and --lang sets LANGUAGE), so messages follow LANGUAGE there too:
	 * the C locale's UTF-8 twin keeps everything else as in C. The same
	 * when LANG=zh_CN.UTF-8 names a locale this system has not generated:
	 * the report is Chinese (lb_lang_is_zh), so the messages are too. */
	const char *lang = getenv("LANGUAGE"), *msgs = setlocale(LC_MESSAGES, NULL);
	int c_locale = msgs && (!strcmp(msgs, "C") || !strcmp(msgs, "POSIX"));
	if (c_locale && (!lang || !*lang) && lb_lang_is_zh())
		setenv("LANGUAGE", "zh_CN", 1), lang = "zh_CN";
	if (lang && *lang && c_locale)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Numbers, sorting and character classes stay as in C: outputs must be
	 * the same bytes in every locale. Only messages follow the locale. */
	setlocale(LC_NUMERIC, "C");
	setlocale(LC_COLLATE, "C");
	if (dir && *dir)
		snprintf(localedir, sizeof localedir, "%s", dir);
	else {
		beside_exe(localedir, sizeof localedir);
		if (!localedir[0])
			snprintf(localedir, sizeof localedir, "%s", LB_LOCALEDIR);
	}
	bindtextdomain("lb", localedir);
	bind_textdomain_codeset("lb", "UTF-8");
}

const char *
lb_i18n_dir(void)
{
	return localedir[0] ? localedir : LB_LOCALEDIR;
}

int
lb_i18n_missing(void)
{
	/* A loaded catalogue translates "" to its header entry. */
	const char *h = dgettext("lb", "");
	return lb_lang_is_zh() && (!h || !*h);
}

int
lb_lang_is_zh(void)
{
	const char *v = getenv("LANGUAGE");
	if (!v || !*v)
		v = getenv("LC_ALL");
	if (!v || !*v)
		v = getenv("LC_MESSAGES");
	if (!v || !*v)
		v = getenv("LANG");
	return v && strncmp(v, "zh", 2) == 0;
}
