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

/* Set the locale from the environment and bind the "lb" catalogue
 * (LB_LOCALEDIR in the environment overrides the compiled-in folder). */
void lb_i18n_init(void);
/* 1 when messages should be Chinese: --lang zh, else LC_MESSAGES is zh_*. */
int lb_lang_is_zh(void);

#endif
