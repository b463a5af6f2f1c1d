/*
 * value.c — normalising and checking single values (value.h).
 *
 * This file holds the shared helpers (schema lookups, notes, trimming and
 * full-width folding, the result writer), booleans, integers, digit codes,
 * classes and the dispatch by type; identity numbers are in value_id.c,
 * dates in value_date.c, phone numbers in value_phone.c, enums, sets,
 * names and suggestions in value_enum.c (value_impl.h).
 *
 * lb-import writes what lb_value_normalize() gives, lb-validate reports what
 * it says, lb-merge compares after it: so these files are the one definition of
 * "a valid value" for every field type. The decisions (lb-files(5), Types,
 * and lb-validate(1) tell users the same):
 *
 *  * White space: every value is first trimmed of ASCII white space, U+3000
 *    and U+00A0 at both ends. A value that changes only by trimming is FIXED.
 *    A value of only white space becomes empty (empty = unknown).
 *  * Full-width folding (U+FF01–U+FF5E → ASCII, U+3000 → space) applies to
 *    identity numbers, phone numbers, dates, integers, digit codes and
 *    classes. Enum, set and bool values are *looked up* after folding too
 *    (so "Ｍ" finds the synonym "M"), but free text is never folded.
 *  * Results: SAME when the output is byte-for-byte the input; FIXED when it
 *    was changed into a valid canonical value; BAD when no valid value could
 *    be made: out then holds the trimmed input, so nothing is ever lost.
 *    Note codes: "" for SAME; "fixed" for FIXED (except "idcard-15" for an
 *    upgraded 15-digit number); for BAD see the list below.
 *  * Identity numbers (GB 11643-1999): inner spaces and one leading ' or `
 *    (typed to stop a spreadsheet making a number) are dropped, a final x is
 *    upper-cased. Checked in this order, the first failure is the status:
 *    spreadsheet notation (5.22426E+17) → idcard-scientific; not 15 or 18
 *    characters → idcard-length; not 17 digits + digit/X (15: all digits) →
 *    idcard-chars; first two digits not a province (11–15, 21–23, 31–37,
 *    41–46, 50–54, 61–65, 71, 81–83) → idcard-province; the birth date inside
 *    not a real date, or before 1900 → idcard-date; after --as-of →
 *    idcard-future (only lb_idcard_check with an as-of date: normalising
 *    never looks at the clock); wrong check character → idcard-check, or
 *    idcard-zeros when the number ends in 000 (a spreadsheet kept 15
 *    significant digits: the lost digits are never invented). A valid
 *    15-digit number is upgraded (19 inserted, check added), code idcard-15.
 *  * Dates: YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D (one separator kind),
 *    YYYY年M月D日 (日 or 号 optional), YYYYMMDD, each optionally followed by
 *    a time of day (" 0:00", " 00:00:00" as spreadsheets export it) that is
 *    dropped. The year has four digits; any real date 0001–9999 is accepted
 *    here (lb-validate judges plausibility: future, before birth). Excel
 *    serial numbers are taken only in a date field whose value is exactly 5
 *    digits (10000–99999 = 1927-05-18 … 2173-10-13); serial 60 is Excel's
 *    non-existent 1900-02-29 and is rejected. Code "date".
 *  * Phones: spaces, '-', '.', brackets are dropped; a leading +86, 0086, or
 *    86 before an 11-digit mobile is dropped. A mobile is 1[3-9] + 9 digits.
 *    A landline is area code + local number → "AREA-NUMBER": 010 and 02X are
 *    3-digit area codes, every other 0XXX is 4 digits; the local number has 7
 *    or 8 digits and does not start with 0 or 1. After +86 an area code may
 *    come without its 0 ("+86 931 8123456" → 0931-8123456). A number without
 *    an area code, several numbers in one cell, extensions (转) → code
 *    "phone".
 *  * Enums: exact value, else a schema synonym, else the same two lookups on
 *    the full-width-folded, ASCII-lower-cased value. Otherwise code "enum",
 *    with the nearest value in suggest (lb_enum_suggest: edit distance on
 *    code points, at most half the longer string's length; synonyms count
 *    as candidates and suggest the value they stand for).
 *  * Sets: items separated by ; ； 、 , ， / space TAB or line breaks; each
 *    item looked up as an enum; duplicates dropped; joined with ';' in the
 *    schema's value order. One unknown item makes the whole cell BAD (code
 *    "enum", the message and suggest name that item).
 *  * Booleans: schema synonyms, then 是/否, y/n, yes/no, true/false, 1/0,
 *    √/×, ✓/✗, ✔/✘, 有/无, 对/错 (ASCII case-insensitive) → 是/否. Code "bool".
 *  * Integers: an optional sign, digits, and an optional fraction of zeros
 *    only ("3.0" from a spreadsheet), leading zeros dropped; a value that is
 *    not such a number is looked up in the schema synonyms (grade 一年级,
 *    初二, 学前 …). Not a number → code "int"; outside the field's
 *    min..max → code "int-range".
 *  * Classes: "3", "03", "3班", "(3)班", "（3）班", "(3)", "三班", "十二班" →
 *    the number ("3"); Chinese numerals 〇/零 and 一 … 九十九. Anything else
 *    ("火箭班", "2(3)班") is a legitimate class name, kept as written
 *    (trimmed): a class is never BAD.
 *  * Digit codes (region_code): ASCII digits only, of one of the field's
 *    lengths (any length when none is given). Code "digits".
 *
 * Hot path: no allocation except growing out (and a set field with more
 * than 64 values); folded copies live on the stack; no locale-dependent
 * ctype; canonical identity numbers, dates and mobiles are recognised
 * without copying. in must not point into out.
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

/* ---- schema lookups ------------------------------------------------------
 * lb_schema_value_index and lb_schema_synonym (schema.c) take C strings; the
 * values here are often slices of a longer string. */

/* A C string holding s[0..len): s itself when it ends there, else a copy in
 * buf; NULL when it does not fit. */
const char *
lb_val_cstr(const char *s, size_t len, char *buf, size_t cap)
{
	if (s[len] == '\0')
		return s;
	if (len >= cap)
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

const char *
lb_val_synonym(const struct lb_field *f, const char *s, size_t len)
{
	char buf[SBUF];
	const char *c = lb_val_cstr(s, len, buf, sizeof buf);

	return c && f->nsyn ? lb_schema_synonym(f, c) : NULL;
}

/* ---- notes ---------------------------------------------------------------- */

/* Cut s back so it does not end inside a UTF-8 sequence. */
static void
utf8_cut(char *s)
{
	size_t n = strlen(s), i = n, k;
	unsigned char c;

	if (n == 0)
		return;
	/* find the start of the last sequence */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < k)
		s[i - 1] = '\0';
}

void
lb_val_note_set(struct lb_vnote *n, const char *code, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (!n)
		return;
	n->code = code;
	n->suggest[0] = '\0';
	va_start(ap, fmt);
	r = vsnprintf(n->msg, sizeof n->msg, fmt, ap);
	va_end(ap);
	if (r >= (int)sizeof n->msg)
		utf8_cut(n->msg);
}

void
lb_val_note_clear(struct lb_vnote *n)
{
	if (!n)
		return;
	n->code = "";
	n->msg[0] = '\0';
	n->suggest[0] = '\0';
}

/* ---- text ------------------------------------------------------------------ */

static const unsigned char ascii_ws[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
};

void
lb_trim(const char **sp, size_t *lenp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	size_t len = *lenp;

	/* the common case: neither end can start or end white space */
	if (len == 0 || (!ascii_ws[s[0]] && s[0] != 0xC2 && s[0] != 0xE3 &&
	                 !ascii_ws[s[len - 1]] && s[len - 1] != 0xA0 && s[len - 1] != 0x80))
		return;
	for (;;) {
		if (len >= 1 && ascii_ws[s[0]])
			s++, len--;
		else if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
			s += 2, len -= 2;
		else if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
			s += 3, len -= 3;
		else
			break;
	}
	for (;;) {
		if (len >= 1 && ascii_ws[s[len - 1]])
			len--;
		else if (len >= 2 && s[len - 2] == 0xC2 && s[len - 1] == 0xA0)
			len -= 2;
		else if (len >= 3 && s[len - 3] == 0xE3 && s[len - 2] == 0x80 && s[len - 1] == 0x80)
			len -= 3;
		else
			break;
	}
	*sp = (const char *)s;
	*lenp = len;
}

/* If s[i..] is a full-width ASCII form or U+3000, return its ASCII byte. */
static inline int
fw_at(const unsigned char *s, size_t len, size_t i)
{
	if (i + 3 > len)
		return -1;
	if (s[i] == 0xEF) {
		if (s[i + 1] == 0xBC && s[i + 2] >= 0x81 && s[i + 2] <= 0xBF)
			return s[i + 2] - 0x60;
		if (s[i + 1] == 0xBD && s[i + 2] >= 0x80 && s[i + 2] <= 0x9E)
			return s[i + 2] - 0x20;
	} else if (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
		return ' ';
	return -1;
}

void
lb_fullwidth_fold(const char *in, size_t len, struct lb_buf *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, run = 0;

	lb_buf_reserve(out, len);
	while (i < len) {
		int c;
		if ((s[i] == 0xEF || s[i] == 0xE3) && (c = fw_at(s, len, i)) >= 0) {
			lb_buf_add(out, in + run, i - run);
			lb_buf_addc(out, c);
			i += 3;
			run = i;
		} else
			i++;
	}
	lb_buf_add(out, in + run, len - run);
}

/* Fold into a fixed buffer; returns the length, or -1 when it does not fit. */
long
lb_val_fold_to(const char *in, size_t len, char *buf, size_t cap)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	while (i < len) {
		int c = -1;
		if (o + 1 >= cap)
			return -1;
		if ((s[i] == 0xEF || s[i] == 0xE3) && (c = fw_at(s, len, i)) >= 0) {
			buf[o++] = (char)c;
			i += 3;
		} else
			buf[o++] = in[i++];
	}
	buf[o] = '\0';
	return (long)o;
}

int
lb_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
				return 0;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
			if (i + 2 >= len || s[i + 1] < lo || s[i + 1] > hi ||
			    (s[i + 2] & 0xC0) != 0x80)
				return 0;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
			if (i + 3 >= len || s[i + 1] < lo || s[i + 1] > hi ||
			    (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
				return 0;
			i += 4;
		} else
			return 0;
	}
	return 1;
}

/* Decode up to max code points of s (valid or not: a bad byte counts as one). */
size_t
lb_val_codepoints(const char *str, size_t len, uint32_t *cp, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n = 0;

	while (i < len && n < max) {
		unsigned c = s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		uint32_t v = k == 1 ? c : k == 2 ? (c & 0x1F) : k == 3 ? (c & 0x0F) : (c & 0x07);
		if (i + k > len)
			k = 1, v = c;
		for (size_t j = 1; j < k; j++)
			v = (v << 6) | (s[i + j] & 0x3F);
		cp[n++] = v;
		i += k;
	}
	return i < len ? (size_t)-1 : n;
}

int
lb_val_num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Read 1..max digits at s[*i] into *v; the count, or -1 when there are none
 * or more than max. */
int
lb_val_digits(const char *s, size_t len, size_t *i, int max, int *v)
{
	size_t j = *i;
	int x = 0;

	while (j < len && IS_DIGIT(s[j])) {
		if ((int)(j - *i) >= max)
			return -1;
		x = x * 10 + (s[j++] - '0');
	}
	if (j == *i)
		return -1;
	*v = x;
	max = (int)(j - *i);
	*i = j;
	return max;
}

int
lb_val_match(const char *s, size_t len, size_t *i, const char *lit)
{
	size_t n = strlen(lit);
	if (*i + n <= len && memcmp(s + *i, lit, n) == 0) {
		*i += n;
		return 1;
	}
	return 0;
}

/* ASCII lower-case in place. */
void
lb_val_ascii_lower(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned)(unsigned char)s[i] - 'A' < 26u)
			s[i] = (char)(s[i] + 32);
}

/* ---- normalising by type ------------------------------------------------------- */

/* Result writer: out = s; SAME when it equals the whole input. quiet: see
 * normalize. */
enum lb_vres
lb_val_fixed(const char *in, size_t inlen, const char *s, size_t len, struct lb_buf *out,
             struct lb_vnote *note, const char *code, int quiet)
{
	if (len == inlen && (s == in || memcmp(s, in, len) == 0)) {
		lb_val_note_clear(note);
		if (!quiet) {
			lb_buf_clear(out);
			lb_buf_add(out, s, len);
		}
		return LB_V_SAME;
	}
	lb_buf_clear(out);
	lb_buf_add(out, s, len);
	if (note && quiet) {
		note->code = code;
		note->msg[0] = '\0';
		note->suggest[0] = '\0';
	} else if (note) {
		if (len == 0)
			lb_val_note_set(note, code, "%s", _("white space only: now empty"));
		else
			lb_val_note_set(note, code, _("'%.*s' normalised to '%.*s'"),
			         (int)inlen, in, (int)len, s);
	}
	return LB_V_FIXED;
}

enum lb_vres
lb_val_bad(const char *t, size_t tlen, struct lb_buf *out)
{
	lb_buf_clear(out);
	lb_buf_add(out, t, tlen);
	return LB_V_BAD;
}

static const struct {
	const char *s;
	int yes;
} bool_words[] = {
	{"是", 1}, {"否", 0}, {"y", 1}, {"n", 0}, {"yes", 1}, {"no", 0},
	{"true", 1}, {"false", 0}, {"1", 1}, {"0", 0},
	{"√", 1}, {"×", 0}, {"✓", 1}, {"✗", 0}, {"✔", 1}, {"✘", 0},
	{"有", 1}, {"无", 0}, {"对", 1}, {"错", 0},
};

static enum lb_vres
norm_bool(const struct lb_field *f, const char *in, size_t inlen, const char *t,
          size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF];
	long n;
	const char *v;

	if ((v = lb_val_synonym(f, t, tlen)) != NULL)
		return lb_val_fixed(in, inlen, v, strlen(v), out, note, "fixed", quiet);
	/* the common case: 是 or 否 (folding and lower-casing leave them) */
	if (tlen == 3 && (!memcmp(t, "是", 3) || !memcmp(t, "否", 3)))
		return lb_val_fixed(in, inlen, t, 3, out, note, "fixed", quiet);
	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) >= 0) {
		lb_val_ascii_lower(fb, (size_t)n);
		if ((v = lb_val_synonym(f, fb, (size_t)n)) != NULL)
			return lb_val_fixed(in, inlen, v, strlen(v), out, note, "fixed", quiet);
		for (size_t i = 0; i < sizeof bool_words / sizeof bool_words[0]; i++)
			if (strlen(bool_words[i].s) == (size_t)n &&
			    memcmp(bool_words[i].s, fb, (size_t)n) == 0) {
				v = bool_words[i].yes ? "是" : "否";
				return lb_val_fixed(in, inlen, v, 3, out, note, "fixed", quiet);
			}
	}
	lb_val_note_set(note, "bool", _("'%.*s' is not 是 or 否"), (int)tlen, t);
	return lb_val_bad(t, tlen, out);
}

/* Parse [+-]digits[.0*] into *v; 0 or -1. */
static int
parse_int(const char *s, size_t len, long *v)
{
	size_t i = 0, nd = 0;
	int neg = 0;
	long x = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	while (i < len && IS_DIGIT(s[i])) {
		if (nd >= 18 && x != 0)
			return -1;
		x = x * 10 + (s[i++] - '0');
		if (x)
			nd++;
	}
	if (i == 0 || !IS_DIGIT(s[i - 1]))
		return -1;
	if (i < len && s[i] == '.') {
		i++;
		if (i == len)
			return -1;
		while (i < len && s[i] == '0')
			i++;
	}
	if (i != len)
		return -1;
	*v = neg ? -x : x;
	return 0;
}

static enum lb_vres
norm_int(const struct lb_field *f, const char *in, size_t inlen, const char *t,
         size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF], num_s[32];
	const char *syn;
	long n, v;

	/* a number is that number; otherwise a synonym (一年级, 初二) */
	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) < 0 || parse_int(fb, (size_t)n, &v) < 0) {
		if ((syn = lb_val_synonym(f, t, tlen)) != NULL ||
		    (n >= 0 && (syn = lb_val_synonym(f, fb, (size_t)n)) != NULL))
			return lb_val_fixed(in, inlen, syn, strlen(syn), out, note, "fixed", quiet);
		lb_val_note_set(note, "int", _("'%.*s' is not a whole number"), (int)tlen, t);
		return lb_val_bad(t, tlen, out);
	}
	if (v < f->min || v > f->max) {
		lb_val_note_set(note, "int-range", _("'%.*s' is outside %ld..%ld"), (int)tlen, t,
		         f->min, f->max);
		return lb_val_bad(t, tlen, out);
	}
	return lb_val_fixed(in, inlen, num_s, lb_fmt_long(num_s, v), out, note, "fixed", quiet);
}

static enum lb_vres
norm_digits(const struct lb_field *f, const char *in, size_t inlen, const char *t,
            size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF], lens[64];
	long n;
	int ok = 0;
	size_t o = 0;

	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) > 0) {
		ok = 1;
		for (long i = 0; i < n; i++)
			ok &= IS_DIGIT(fb[i]);
		if (ok && f->lens[0]) {
			ok = 0;
			for (int i = 0; i < 4 && f->lens[i]; i++)
				ok |= f->lens[i] == n;
		}
	}
	if (ok)
		return lb_val_fixed(in, inlen, fb, (size_t)n, out, note, "fixed", quiet);
	lens[0] = '\0';
	for (int i = 0; i < 4 && f->lens[i] && o < sizeof lens; i++) {
		int last = i + 1 >= 4 || !f->lens[i + 1];
		/* TRANSLATORS: " or " and ", " join the lengths of a code: "6, 9 or 12" */
		o += (size_t)snprintf(lens + o, sizeof lens - o, "%s%d",
		                      i == 0 ? "" : last ? _(" or ") : _(", "), f->lens[i]);
	}
	if (lens[0])
		lb_val_note_set(note, "digits", _("'%.*s' is not a code of %s digits"), (int)tlen, t, lens);
	else
		lb_val_note_set(note, "digits", _("'%.*s' is not a string of digits"), (int)tlen, t);
	return lb_val_bad(t, tlen, out);
}

/* A Chinese numeral 〇, 零, 一 … 九十九 at s[*i]; -1 when none. */
static int
cn_digit(const char *s, size_t len, size_t *i)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	for (int k = 0; k < 10; k++)
		if (lb_val_match(s, len, i, d[k]))
			return k;
	if (lb_val_match(s, len, i, "零"))
		return 0;
	return -1;
}

static int
cn_number(const char *s, size_t len, size_t *i)
{
	size_t j = *i;
	int a = cn_digit(s, len, &j), b;

	if (lb_val_match(s, len, &j, "十")) {
		if (a == 0)
			return -1;
		a = (a < 0 ? 1 : a) * 10;
		if ((b = cn_digit(s, len, &j)) > 0)
			a += b;
		else if (b == 0)
			return -1;
	}
	if (a >= 0)
		*i = j;
	return a;
}

static enum lb_vres
norm_class(const char *in, size_t inlen, const char *t, size_t tlen,
           struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF], num_s[24];
	long n;
	size_t i = 0;
	int open = 0, v = -1, nd;

	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) < 0)
		return lb_val_fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
	if (i < (size_t)n && fb[i] == '(')
		open = 1, i++;
	/* a minus (ASCII, full-width, U+2212) before the number: -2, (−1)班 */
	if (i < (size_t)n && (fb[i] == '-' ||
	    (i + 2 < (size_t)n && !memcmp(fb + i, "\xE2\x88\x92", 3)))) {
		lb_val_note_set(note, "class", _("'%.*s' is a negative class number"), (int)tlen, t);
		return lb_val_bad(t, tlen, out);
	}
	if ((nd = lb_val_digits(fb, (size_t)n, &i, 3, &v)) < 0)
		v = cn_number(fb, (size_t)n, &i);
	if (v >= 0 && open && !lb_val_match(fb, (size_t)n, &i, ")"))
		v = -1;
	if (v >= 0)
		lb_val_match(fb, (size_t)n, &i, "班");
	if (v < 0 || i != (size_t)n)
		return lb_val_fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
	return lb_val_fixed(in, inlen, num_s, lb_fmt_long(num_s, v), out, note, "fixed", quiet);
}

/* quiet (lb_value_normalize_fast's mode): a SAME value is not copied to
 * out, and a FIXED value's note gets its code but no message. */
static enum lb_vres
normalize(const struct lb_field *f, const char *in, struct lb_buf *out,
          struct lb_vnote *note, int quiet)
{
	size_t inlen = strlen(in), tlen = inlen;
	const char *t = in;

	lb_trim(&t, &tlen);
	if (tlen == 0)
		return lb_val_fixed(in, inlen, t, 0, out, note, "fixed", quiet);
	switch (f->type) {
	case LB_T_TEXT:
		if (tlen == inlen) {    /* nothing trimmed */
			lb_val_note_clear(note);
			if (!quiet) {
				lb_buf_clear(out);
				lb_buf_add(out, in, inlen);
			}
			return LB_V_SAME;
		}
		break;
	case LB_T_IDCARD:
		return lb_val_norm_idcard(in, inlen, t, tlen, out, note, quiet);
	case LB_T_DATE:
		return lb_val_norm_date(in, inlen, t, tlen, out, note, quiet);
	case LB_T_ENUM:
		return lb_val_norm_enum(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_SET:
		return lb_val_norm_set(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_BOOL:
		return norm_bool(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_INT:
		return norm_int(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_PHONE:
		return lb_val_norm_phone(in, inlen, t, tlen, out, note, quiet);
	case LB_T_DIGITS:
		return norm_digits(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_CLASS:
		return norm_class(in, inlen, t, tlen, out, note, quiet);
	case LB_T_NAMES:
		return lb_val_norm_names(in, inlen, t, tlen, out, note, quiet);
	}
	return lb_val_fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
}

enum lb_vres
lb_value_normalize(const struct lb_field *f, const char *in, struct lb_buf *out,
                   struct lb_vnote *note)
{
	return normalize(f, in, out, note, 0);
}

enum lb_vres
lb_value_normalize_fast(const struct lb_field *f, const char *in, struct lb_buf *out,
                        struct lb_vnote *note)
{
	return normalize(f, in, out, note, 1);
}

enum lb_vres
lb_value_normalize_memo(const struct lb_field *f, struct lb_vmemo *m, const char *in,
                        struct lb_buf *out, struct lb_vnote *note)
{
	enum lb_vres r;
	size_t len;

	/* free text, identity numbers, dates and phones are mostly unique */
	if (f->type == LB_T_TEXT || f->type == LB_T_IDCARD || f->type == LB_T_DATE ||
	    f->type == LB_T_PHONE || (len = strlen(in)) >= LB_VMEMO_LEN)
		return lb_value_normalize_fast(f, in, out, note);
	for (unsigned k = 0; k < LB_VMEMO_N; k++)
		if (m->len[k] == len + 1 && memcmp(m->v[k], in, len) == 0) {
			if (!m->olen[k]) {
				lb_val_note_clear(note);
				return LB_V_SAME;
			}
			/* as fixed() leaves it when quiet */
			lb_buf_clear(out);
			lb_buf_add(out, m->o[k], (size_t)m->olen[k] - 1);
			if (note) {
				note->code = "fixed";
				note->msg[0] = '\0';
				note->suggest[0] = '\0';
			}
			return LB_V_FIXED;
		}
	r = lb_value_normalize_fast(f, in, out, note);
	if (r == LB_V_SAME || (r == LB_V_FIXED && out->len < LB_VMEMO_LEN && note &&
	                       note->code && !strcmp(note->code, "fixed"))) {
		unsigned k = m->next++ % LB_VMEMO_N;
		memcpy(m->v[k], in, len);
		m->len[k] = (unsigned char)(len + 1);
		m->olen[k] = 0;
		if (r == LB_V_FIXED) {
			memcpy(m->o[k], out->s, out->len);
			m->olen[k] = (unsigned char)(out->len + 1);
		}
	}
	return r;
}
