/* i18n.c — locale and message catalogue. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#ifndef LB_LOCALEDIR
#define LB_LOCALEDIR "/usr/local/share/locale"
#endif

void
lb_i18n_init(void)
{
	const char *dir = getenv("LB_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* gettext ignores LANGUAGE in the C locale; lb_lang_is_zh() does not
	 * (and --lang sets LANGUAGE), so messages follow LANGUAGE there too:
	 * the C locale's UTF-8 twin keeps everything else as in C. */
	const char *lang = getenv("LANGUAGE"), *msgs = setlocale(LC_MESSAGES, NULL);
	if (lang && *lang && msgs && (!strcmp(msgs, "C") || !strcmp(msgs, "POSIX")))
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Numbers, sorting and character classes stay as in C: outputs must be
	 * the same bytes in every locale. Only messages follow the locale. */
	setlocale(LC_NUMERIC, "C");
	setlocale(LC_COLLATE, "C");
	bindtextdomain("lb", dir && *dir ? dir : LB_LOCALEDIR);
	bind_textdomain_codeset("lb", "UTF-8");
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
