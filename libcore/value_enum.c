/*
 * value_enum.c — enums, sets and sets of names: values looked up with
 * their synonyms, the nearest value suggested (see value.c, Enums, Sets).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "util.h"
#include "value.h"
#include "value_impl.h"

/* ---- enums -------------------------------------------------------------------- */

#define MAXCP LB_EDIT_MAXCP

unsigned
lb_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	unsigned row[MAXCP + 1];

	for (size_t j = 0; j <= nb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= nb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

static const char *
suggest_len(const struct lb_field *f, const char *value, size_t vlen)
{
	uint32_t a[MAXCP], b[MAXCP];
	size_t na, nb;
	const char *best = NULL;
	unsigned bestd = ~0u;

	if (!f || (na = lb_val_codepoints(value, vlen, a, MAXCP)) == (size_t)-1 || na == 0)
		return NULL;
	/* the start of one value ('母亲外出' of 母亲外出务工、父亲无监护能力): that
	 * value, before any that is merely near in spelling */
	if (na >= 2) {
		const char *only = NULL;
		for (size_t k = 0; k < f->nvalues + f->nsyn; k++) {
			const char *cand = k < f->nvalues ? f->values[k] : f->syn_from[k - f->nvalues];
			const char *to = k < f->nvalues ? cand : f->syn_to[k - f->nvalues];
			if (strlen(cand) > vlen && !strncmp(cand, value, vlen)) {
				if (only && strcmp(only, to)) {
					only = NULL;
					break;
				}
				only = to;
			}
		}
		if (only)
			return only;
	}
	for (size_t k = 0; k < f->nvalues + f->nsyn; k++) {
		const char *cand = k < f->nvalues ? f->values[k] : f->syn_from[k - f->nvalues];
		const char *to = k < f->nvalues ? cand : f->syn_to[k - f->nvalues];
		unsigned dist;
		size_t longer;

		if ((nb = lb_val_codepoints(cand, strlen(cand), b, MAXCP)) == (size_t)-1)
			continue;
		longer = na > nb ? na : nb;
		/* the length difference is a lower bound of the distance */
		dist = (unsigned)(na > nb ? na - nb : nb - na);
		if (dist * 2 > longer || dist >= bestd)
			continue;
		dist = lb_edit_distance(a, na, b, nb);
		if (dist * 2 <= longer && dist < bestd) {
			bestd = dist;
			best = to;
		}
	}
	return best;
}

const char *
lb_enum_suggest(const struct lb_field *f, const char *value)
{
	const char *s = value;
	size_t len = strlen(value);

	lb_trim(&s, &len);
	return suggest_len(f, s, len);
}

/* The canonical value (or synonym target) that s stands for, or NULL:
 * exact, then full-width folded and ASCII lower-cased. */
static const char *
lookup(const struct lb_field *f, const char *s, size_t len)
{
	char buf[SBUF], fb[SBUF];
	const char *c, *t;
	long n;
	int i;

	if (!(c = lb_val_cstr(s, len, buf, sizeof buf)))
		return NULL;
	if ((i = lb_schema_value_index(f, c)) >= 0)
		return f->values[i];
	if (f->nsyn && (t = lb_schema_synonym(f, c)) != NULL)
		return t;
	if ((n = lb_val_fold_to(s, len, fb, sizeof fb)) < 0)
		return NULL;
	lb_val_ascii_lower(fb, (size_t)n);
	if ((size_t)n == len && memcmp(fb, s, len) == 0)
		return NULL;
	if ((i = lb_schema_value_index(f, fb)) >= 0)
		return f->values[i];
	return f->nsyn ? lb_schema_synonym(f, fb) : NULL;
}

static void
enum_bad(const struct lb_field *f, const char *item, size_t ilen, struct lb_vnote *note)
{
	const char *sg;

	if (!note)
		return;
	sg = suggest_len(f, item, ilen);
	if (sg)
		lb_val_note_set(note, "enum", _("'%.*s' is not a valid value; did you mean '%s'?"),
		         (int)ilen, item, sg);
	else
		lb_val_note_set(note, "enum", _("'%.*s' is not a valid value"), (int)ilen, item);
	if (sg && strlen(sg) < sizeof note->suggest)
		strcpy(note->suggest, sg);
}

enum lb_vres
lb_val_norm_enum(const struct lb_field *f, const char *in, size_t inlen, const char *t,
                 size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	const char *v = lookup(f, t, tlen);

	if (v)
		return lb_val_fixed(in, inlen, v, strlen(v), out, note, "fixed", quiet);
	if (f->free_text)       /* a category plus free text: kept, trimmed */
		return lb_val_fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
	enum_bad(f, t, tlen, note);
	return lb_val_bad(t, tlen, out);
}

/* A set of names: split at ; ； , ， 、 /, each trimmed, empty ones and
 * repeats dropped, joined with ';' in the order given. */
enum lb_vres
lb_val_norm_names(const char *in, size_t inlen, const char *t, size_t tlen, struct lb_buf *out,
                  struct lb_vnote *note, int quiet)
{
	static const char *const sep[] = {";", ",", "/", "；", "，", "、", "／"};
	struct lb_buf b = LB_BUF_INIT;
	size_t i = 0;
	while (i <= tlen) {
		size_t start = i, end = i, sl = 0;
		for (; end < tlen; end++) {
			for (size_t k = 0; k < sizeof sep / sizeof *sep && !sl; k++) {
				size_t l = strlen(sep[k]);
				if (end + l <= tlen && !memcmp(t + end, sep[k], l))
					sl = l;
			}
			if (sl)
				break;
		}
		const char *p = t + start;
		size_t len = end - start;
		lb_trim(&p, &len);
		if (len) {
			/* a repeat? */
			int dup = 0;
			const char *q = b.s;
			for (size_t at = 0; at < b.len && !dup;) {
				const char *e = memchr(q + at, ';', b.len - at);
				size_t l = e ? (size_t)(e - (q + at)) : b.len - at;
				dup = l == len && !memcmp(q + at, p, len);
				at += l + 1;
			}
			if (!dup) {
				if (b.len)
					lb_buf_addc(&b, ';');
				lb_buf_add(&b, p, len);
			}
		}
		i = end + (sl ? sl : 1);
	}
	enum lb_vres r = lb_val_fixed(in, inlen, b.len ? b.s : "", b.len, out, note, "fixed", quiet);
	lb_buf_fini(&b);
	return r;
}

static const unsigned char set_sep[256] = {
	[';'] = 1, [','] = 1, ['/'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

enum lb_vres
lb_val_norm_set(const struct lb_field *f, const char *in, size_t inlen, const char *t,
                size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF];
	unsigned char seen_small[64], *seen = seen_small;
	const char *s = t;
	long n;
	size_t len = tlen, i = 0;
	enum lb_vres r;

	/* separators are folded: ；，／ and U+3000 become ASCII */
	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) >= 0)
		s = fb, len = (size_t)n;
	if (f->nvalues > sizeof seen_small)
		seen = lb_xcalloc(f->nvalues, 1);
	else
		memset(seen, 0, f->nvalues);
	while (i < len) {
		size_t start, end;
		const char *v;
		int ix;

		while (i < len && (set_sep[(unsigned char)s[i]] ||
		                   (i + 3 <= len && memcmp(s + i, "、", 3) == 0)))
			i += set_sep[(unsigned char)s[i]] ? 1 : 3;
		if (i >= len)
			break;
		start = i;
		while (i < len && !set_sep[(unsigned char)s[i]] &&
		       !(i + 3 <= len && memcmp(s + i, "、", 3) == 0))
			i++;
		end = i;
		if (!(v = lookup(f, s + start, end - start)) ||
		    (ix = lb_schema_value_index(f, v)) < 0) {
			enum_bad(f, s + start, end - start, note);
			if (seen != seen_small)
				free(seen);
			return lb_val_bad(t, tlen, out);
		}
		seen[ix] = 1;
	}
	/* build into out; compare with the input */
	lb_buf_clear(out);
	for (size_t k = 0; k < f->nvalues; k++)
		if (seen[k]) {
			if (out->len)
				lb_buf_addc(out, ';');
			lb_buf_adds(out, f->values[k]);
		}
	if (seen != seen_small)
		free(seen);
	if (out->len == inlen && memcmp(out->s, in, inlen) == 0) {
		lb_val_note_clear(note);
		return LB_V_SAME;
	}
	r = LB_V_FIXED;
	if (note && quiet) {
		note->code = "fixed";
		note->msg[0] = '\0';
		note->suggest[0] = '\0';
	} else if (note) {
		if (out->len == 0)
			lb_val_note_set(note, "fixed", "%s", _("white space only: now empty"));
		else
			lb_val_note_set(note, "fixed", _("'%.*s' normalised to '%s'"), (int)inlen, in, out->s);
	}
	return r;
}
