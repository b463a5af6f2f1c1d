/* diag.c — lists of findings and notes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* snprintf(dst, cap, "%s", s) without the format machinery: findings are
 * made by the thousand. */
static void
set_str(char *dst, size_t cap, const char *s)
{
	size_t n = s ? strnlen(s, cap - 1) : 0;
	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
}

struct lb_diag *
lb_diags_add(struct lb_diags *d, const char *file, long line, const char *field,
             enum lb_level level, const char *code, const char *value, const char *fmt, ...)
{
	struct lb_diag *x;
	va_list ap;

	d->v = lb_xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	x = &d->v[d->n++];
	x->file = file;
	x->line = line;
	set_str(x->field, sizeof x->field, field);
	x->level = level;
	set_str(x->code, sizeof x->code, code);
	set_str(x->value, sizeof x->value, value);
	va_start(ap, fmt);
	vsnprintf(x->msg, sizeof x->msg, fmt, ap);
	va_end(ap);
	return x;
}

void
lb_diags_clear(struct lb_diags *d)
{
	d->n = 0;
}

void
lb_diags_fini(struct lb_diags *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

const char *
lb_level_word(enum lb_level l)
{
	switch (l) {
	case LB_ERROR: return "error";
	case LB_WARNING: return "warning";
	default: return "note";
	}
}

void
lb_quote_ctrl(const char *s, struct lb_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p;

	for (; *p; p++) {
		const char *e = NULL;
		char oct[8];
		size_t skip = 1;
		if (*p < 0x20 || *p == 0x7F) {
			switch (*p) {
			case '\n': e = "\\n"; break;
			case '\r': e = "\\r"; break;
			case '\t': e = "\\t"; break;
			default:
				snprintf(oct, sizeof oct, "\\%03o", *p);
				e = oct;
			}
		} else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			/* C1 controls (U+0080–U+009F; U+009B is a CSI) */
			snprintf(oct, sizeof oct, "\\u%04X", p[1]);
			e = oct;
			skip = 2;
		}
		if (!e)
			continue;
		lb_buf_add(out, (const char *)run, (size_t)(p - run));
		lb_buf_adds(out, e);
		p += skip - 1;
		run = p + 1;
	}
	lb_buf_add(out, (const char *)run, (size_t)(p - run));
}
