/* mask.c — masking identity and phone numbers and names (mask.h; lb(7),
 * Personal data). */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "mask.h"
#include "value.h"

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid). */
static size_t
u8len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8) return 4;
	if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0) return 2;
	return 1;
}

/* Number of code points. */
static size_t
u8count(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; n++) {
		size_t l = u8len((unsigned char)*p);
		for (size_t i = 0; i < l && *p; i++)
			p++;
	}
	return n;
}

/* Keep the first keep_a and last keep_b code points of s, '*' for the rest. */
static void
keep_ends(const char *s, size_t keep_a, size_t keep_b, struct lb_buf *out)
{
	size_t n = u8count(s), i = 0;
	const char *p = s;

	if (keep_a + keep_b >= n) {   /* too short to show anything safely */
		keep_a = 0;
		keep_b = 0;
	}
	while (*p) {
		size_t l = u8len((unsigned char)*p);
		if (strnlen(p, l) < l)
			l = strnlen(p, l);
		if (i < keep_a || i >= n - keep_b)
			lb_buf_add(out, p, l);
		else
			lb_buf_addc(out, '*');
		p += l;
		i++;
	}
}

/* 1 when s[0..n) is all ASCII (eight bytes at a time). */
static int
ascii_only(const char *s, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return !(acc & 0x8080808080808080ull);
}

void
lb_mask_id(const char *s, struct lb_buf *out)
{
	size_t len = strlen(s);
	if (len == 18 && ascii_only(s, 18)) {
		/* the usual identity number: 18 ASCII characters, 6 and 4 kept,
		 * copied with the mask's fixed pattern (what keep_ends gives) */
		lb_buf_reserve(out, 18);
		char *o = out->s + out->len;
		memcpy(o, s, 6);
		memcpy(o + 6, "********", 8);
		memcpy(o + 14, s + 14, 4);
		out->len += 18;
		out->s[out->len] = '\0';
		return;
	}
	size_t n = u8count(s);
	if (n == 0)
		return;
	if (n == 18)
		keep_ends(s, 6, 4, out);
	else if (n < 6)
		keep_ends(s, 0, 0, out);
	else
		keep_ends(s, 3, 2, out);
}

void
lb_mask_phone(const char *s, struct lb_buf *out)
{
	size_t n = strlen(s);
	const char *dash = strchr(s, '-');

	if (n == 0)
		return;
	if (n == 11 && s[0] == '1' && strspn(s, "0123456789") == 11) {
		keep_ends(s, 3, 4, out);
	} else if (s[0] == '0' && dash && dash - s >= 3 && dash - s <= 4) {
		lb_buf_add(out, s, (size_t)(dash - s) + 1);
		keep_ends(dash + 1, 0, 2, out);
	} else {
		lb_mask_id(s, out);
	}
}

void
lb_mask_name(const char *s, struct lb_buf *out)
{
	size_t n = u8count(s);
	if (n == 0)
		return;
	if (n == 1) {
		lb_buf_adds(out, s);
		return;
	}
	keep_ends(s, 1, 0, out);
}

void
lb_mask_value(const struct lb_field *f, const char *s, int reveal, struct lb_buf *out)
{
	if (reveal || !*s) {
		lb_buf_adds(out, s);
		return;
	}
	if (f && (f->type == LB_T_IDCARD || f->type == LB_T_PHONE)) {
		/* as typed, separators and full-width digits kept; a value that
		 * is no number the text mask knows is masked whole */
		size_t at = out->len;
		lb_mask_text(s, 0, out);
		if (strcmp(out->s + at, s) == 0) {
			out->len = at;
			out->s[at] = '\0';
			lb_mask_id(s, out);
		}
		return;
	}
	if (f && f->type == LB_T_DATE && !strcmp(f->id, "birth_date")) {
		/* a birth date is the masked middle of the identity number:
		 * its month only */
		int d = lb_date_parse_loose(s, 0);
		if (d != LB_NODATE) {
			char buf[16];
			lb_date_format(d, buf);
			buf[8] = buf[9] = '*';
			lb_buf_adds(out, buf);
			return;
		}
	}
	lb_mask_text(s, 0, out);
}

/* ---- numbers inside text ------------------------------------------------
 *
 * A number is found as people type it: digit groups (ASCII or full-width
 * digits) joined by separators — space, '-', '.', '/', '_', brackets, and
 * their full-width forms and U+3000 — after an optional '+' or opening
 * bracket, the last group perhaps ending in X. Of the groups, the longest
 * span that makes a mobile (with or without 86), an 18-character identity
 * number, a landline (an area-code group 0AA or 0AAA and 7–8 digits) or a
 * 15-digit identity number is masked as that number would be, separators and
 * the kept digits left as typed; a single group of 9 or more digits that is
 * none of them is masked as an identity number. Everything else — dates,
 * counts, ranges — stays as it is. One function, used by every masked
 * output (lb_mask_value too), so a folding one tool does and another does
 * not cannot leak. */

#define MAXG 16             /* groups examined in one run */

struct grp {
	const char *s, *e;      /* the group's bytes */
	char d[64];             /* its digits, ASCII ('X' for a check character) */
	size_t nd;
};

/* Length of the digit at p (1 ASCII, 3 full-width), 0 if none; *v its value. */
static size_t
digit_at(const char *p, int *v)
{
	const unsigned char *u = (const unsigned char *)p;
	if (*u >= '0' && *u <= '9') {
		*v = *u;
		return 1;
	}
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*v = '0' + (u[2] - 0x90);
		return 3;
	}
	return 0;
}

/* Length of an X (check character) at p, ASCII or full-width; else 0. */
static size_t
x_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (*u == 'X' || *u == 'x')
		return 1;
	if (u[0] == 0xEF && ((u[1] == 0xBC && u[2] == 0xB8) || (u[1] == 0xBD && u[2] == 0x98)))
		return 3;
	return 0;
}

/* Length of a separator at p, else 0. */
static size_t
sep_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (strchr(" -./_()", *u) && *u)
		return 1;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)          /* U+3000 */
		return 3;
	if (u[0] == 0xEF && u[1] == 0xBC &&
	    (u[2] == 0x88 || u[2] == 0x89 || u[2] == 0x8D || u[2] == 0x8E || u[2] == 0x8F ||
	     u[2] == 0xBF))                                          /* （）－．／＿ */
		return 3;
	return 0;
}

static size_t
read_group(const char *p, struct grp *g)
{
	const char *q = p;
	int v;
	size_t l;

	g->s = p;
	g->nd = 0;
	while ((l = digit_at(q, &v)) > 0) {
		if (g->nd < sizeof g->d - 2)
			g->d[g->nd] = (char)v;
		g->nd++;
		q += l;
	}
	if ((l = x_at(q)) > 0 && (g->nd == 17 || g->nd == 14 || g->nd == 4 || g->nd == 3)) {
		int w;
		if (!digit_at(q + l, &w) && !((unsigned char)q[l] < 0x80 && isalnum((unsigned char)q[l]))) {
			if (g->nd < sizeof g->d - 2)
				g->d[g->nd] = 'X';
			g->nd++;
			q += l;
		}
	}
	if (g->nd >= sizeof g->d - 2)
		g->nd = sizeof g->d - 2;     /* longer runs: masked whole below */
	g->d[g->nd] = '\0';
	g->e = q;
	return (size_t)(q - p);
}

enum numkind { N_NONE, N_MOBILE, N_ID18, N_LANDLINE, N_ID15 };

/* What groups g[a..b] make, with their digits in D (nd of them). */
static enum numkind
span_kind(const struct grp *g, size_t a, size_t b, char *D, size_t *ndp)
{
	size_t nd = 0;
	for (size_t i = a; i <= b; i++) {
		if (nd + g[i].nd >= 40)
			return N_NONE;
		memcpy(D + nd, g[i].d, g[i].nd);
		nd += g[i].nd;
	}
	D[nd] = '\0';
	*ndp = nd;
	const char *x = strchr(D, 'X');
	if (x && !((nd == 18 || nd == 15) && x == D + nd - 1))
		return N_NONE;
	/* the groupings people type (138 1234 5678, 1381234 5678, +86 …;
	 * 622901 20100214 0029): a run of dates is none of them */
	size_t g0 = g[a].nd;
	int mob_g = g0 == 3 || g0 == 7 || g0 == 11;
	int id_g = a == b || g0 == 6;
	if (nd == 11 && D[0] == '1' && D[1] >= '3' && D[1] <= '9' && mob_g)
		return N_MOBILE;
	if (nd == 13 && D[0] == '8' && D[1] == '6' && D[2] == '1' && D[3] >= '3' && D[3] <= '9' &&
	    (g0 == 2 || g0 == 13 || (b > a && g0 == 5)))
		return N_MOBILE;
	if (nd == 18 && id_g)
		return N_ID18;
	if (b > a && g[a].d[0] == '0' && (g[a].nd == 3 || g[a].nd == 4) &&
	    nd - g[a].nd >= 7 && nd - g[a].nd <= 8 && !x)
		return N_LANDLINE;
	if (nd == 15 && id_g)
		return N_ID15;
	return N_NONE;
}

/* The masked digits M (same length as D) of a number of kind k. */
static void
mask_digits(enum numkind k, const char *D, size_t nd, size_t area, char *M)
{
	size_t keep_a = 0, keep_b = 0;
	switch (k) {
	case N_MOBILE: keep_a = nd - 8; keep_b = 4; break;     /* 86 and 138 kept */
	case N_ID18: keep_a = 6; keep_b = 4; break;
	case N_LANDLINE: keep_a = area; keep_b = 2; break;
	default:
		if (nd == 18) {
			keep_a = 6;
			keep_b = 4;
		} else if (nd == 11 && D[0] == '1') {
			keep_a = 3;
			keep_b = 4;
		} else {
			keep_a = 3;
			keep_b = 2;
		}
	}
	for (size_t i = 0; i < nd; i++)
		M[i] = i < keep_a || i >= nd - keep_b ? D[i] : '*';
	M[nd] = '\0';
}

/* Append groups g[a..b] and the gaps between them, digits replaced by M's
 * '*' where M has one (M NULL: as typed). */
static void
emit(const struct grp *g, size_t a, size_t b, const char *M, struct lb_buf *out)
{
	size_t k = 0;
	for (size_t i = a; i <= b; i++) {
		const char *p = g[i].s;
		while (p < g[i].e) {
			int v;
			size_t l = digit_at(p, &v);
			if (!l)
				l = x_at(p);
			if (!l)
				l = 1;
			if (M && M[k] == '*')
				lb_buf_addc(out, '*');
			else
				lb_buf_add(out, p, l);
			k++;
			p += l;
		}
		if (i < b)
			lb_buf_add(out, g[i].e, (size_t)(g[i + 1].s - g[i].e));
	}
}

/* Mask the numbers among groups g[a..b] (a <= b). */
static void
mask_groups(const struct grp *g, size_t a, size_t b, struct lb_buf *out)
{
	static const enum numkind pref[] = {N_MOBILE, N_ID18, N_LANDLINE, N_ID15};
	char D[48], M[48];
	size_t nd = 0;

	/* the most telling kind first, the widest span of it first */
	for (size_t k = 0; k < sizeof pref / sizeof pref[0]; k++)
		for (size_t w = b - a + 1; w > 0; w--)
			for (size_t i = a; i + w - 1 <= b; i++) {
				size_t j = i + w - 1;
				if (span_kind(g, i, j, D, &nd) != pref[k])
					continue;
				mask_digits(pref[k], D, nd, g[i].nd, M);
				if (i > a) {
					mask_groups(g, a, i - 1, out);
					lb_buf_add(out, g[i - 1].e, (size_t)(g[i].s - g[i - 1].e));
				}
				emit(g, i, j, M, out);
				if (j < b) {
					lb_buf_add(out, g[j].e, (size_t)(g[j + 1].s - g[j].e));
					mask_groups(g, j + 1, b, out);
				}
				return;
			}
	/* no number: long single groups are masked all the same */
	for (size_t i = a; i <= b; i++) {
		if (g[i].nd >= 9) {
			mask_digits(N_NONE, g[i].d, g[i].nd, 0, M);
			emit(g, i, i, M, out);
		} else {
			emit(g, i, i, NULL, out);
		}
		if (i < b)
			lb_buf_add(out, g[i].e, (size_t)(g[i + 1].s - g[i].e));
	}
}

void
lb_mask_text(const char *s, int reveal, struct lb_buf *out)
{
	const char *p = s;

	if (reveal) {
		lb_buf_adds(out, s);
		return;
	}
	while (*p) {
		int v;
		/* a run of what cannot start a digit (an ASCII digit, or the lead
		 * byte 0xEF of a full-width one) is copied as it is */
		const char *r0 = p;
		while (*r0 && !(*r0 >= '0' && *r0 <= '9') && (unsigned char)*r0 != 0xEF)
			r0++;
		if (r0 > p) {
			lb_buf_add(out, p, (size_t)(r0 - p));
			p = r0;
			continue;
		}
		if (!digit_at(p, &v)) {
			size_t l = u8len((unsigned char)*p);
			if (strnlen(p, l) < l)
				l = strnlen(p, l);
			lb_buf_add(out, p, l);
			p += l;
			continue;
		}
		/* a run of groups; a run longer than MAXG groups is cut there */
		struct grp g[MAXG];
		size_t n = 0;
		const char *q = p;
		for (;;) {
			q += read_group(q, &g[n]);
			n++;
			if (n == MAXG)
				break;
			/* a gap: one to three separators, then a digit */
			const char *r = q;
			size_t l, ns = 0;
			while (ns < 3 && (l = sep_at(r)) > 0) {
				r += l;
				ns++;
			}
			if (ns == 0 || !digit_at(r, &v))
				break;
			q = r;
		}
		if (g[n - 1].nd >= sizeof g[0].d - 2) {
			/* an absurdly long run of digits: all of it hidden */
			for (size_t i = 0; i < n; i++) {
				for (const char *c = g[i].s; c < g[i].e; c += digit_at(c, &v) ? digit_at(c, &v) : 1)
					lb_buf_addc(out, '*');
				if (i + 1 < n)
					lb_buf_add(out, g[i].e, (size_t)(g[i + 1].s - g[i].e));
			}
		} else {
			mask_groups(g, 0, n - 1, out);
		}
		p = q;
	}
}

const char *
lb_mask_shown(struct lb_buf *b, const char *s, int reveal)
{
	if (reveal || !strpbrk(s, "0123456789\xef"))
		return s;      /* no ASCII or full-width digit: nothing to mask */
	lb_buf_clear(b);
	lb_mask_text(s, 0, b);
	return lb_buf_str(b);
}
