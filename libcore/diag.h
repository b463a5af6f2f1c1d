/*
 * diag.h — findings and notes about data: a file, a line, a field, a level,
 * a stable code, a message and the value (to be masked when shown).
 */
#ifndef LB_DIAG_H
#define LB_DIAG_H

#include "util.h"
#include <stddef.h>

enum lb_level { LB_NOTE = 0, LB_WARNING = 1, LB_ERROR = 2 };

struct lb_diag {
	const char *file;     /* "<stdin>" for standard input */
	long line;            /* 0: about the whole file */
	char field[128];      /* field id, header text, or "" */
	enum lb_level level;
	char code[48];        /* "idcard-check" */
	char msg[512];        /* already translated: the module passes _("format")
	                       * to lb_diags_add, so values are never looked up */
	char value[256];      /* the offending value, unmasked; "" if none */
};

/* A growable list of diagnostics. */
struct lb_diags {
	struct lb_diag *v;
	size_t n, cap;
};
struct lb_diag *lb_diags_add(struct lb_diags *d, const char *file, long line,
                             const char *field, enum lb_level level, const char *code,
                             const char *value, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void lb_diags_clear(struct lb_diags *d);
void lb_diags_fini(struct lb_diags *d);
const char *lb_level_word(enum lb_level l);   /* "note", "warning", "error" */
/* Append s with its control characters quoted (\n \r \t, others \ooo,
 * C1 controls \u0080–\u009F), as git and GNU ls quote names: a value or a
 * file name in a message can neither forge a line nor drive the terminal. */
void lb_quote_ctrl(const char *s, struct lb_buf *out);

#endif
