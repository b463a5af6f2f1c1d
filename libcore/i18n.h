/*
 * i18n.h — message translation (GNU gettext, text domain "lb").
 *
 * Wrap every user-facing string in _() in cmd/ and in the messages libcore
 * hands back; N_() marks a string for translation where it is used later.
 * Level words (error, warning), codes, field ids and FILE:LINE stay English.
 */
#ifndef LB_I18N_H
#define LB_I18N_H

#include <libintl.h>
#define _(s) dgettext("lb", s)
#define N_(s) (s)

/* Set the locale from the environment and bind the "lb" catalogue, looked
 * for in LB_LOCALEDIR from the environment, else in ../locale beside the
 * running program's bin folder (the build tree: build/bin → build/locale),
 * else in the folder compiled in (LB_LOCALEDIR, set by the Makefile from
 * LOCALEDIR). */
void lb_i18n_init(void);
/* The folder lb_i18n_init bound the catalogue to. */
const char *lb_i18n_dir(void);
/* 1 when messages should be Chinese but no Chinese catalogue was found
 * (cli.c says so once on standard error). */
int lb_i18n_missing(void);
/* 1 when messages should be Chinese: --lang zh, else LC_MESSAGES is zh_*. */
int lb_lang_is_zh(void);

#endif
