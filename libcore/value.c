/*
 * value.c — normalising and checking single values (value.h).
 *
 * lb-import writes what lb_value_normalize() gives, lb-validate reports what
 * it says, lb-merge compares after it: so this file is the one definition of
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

#define SBUF 256   /* stack buffers for folded copies; longer values are not
                    * identity numbers, dates, phones, numbers or codes */

#define IS_DIGIT(c) ((unsigned)(unsigned char)(c) - '0' < 10u)

/* ---- schema lookups ------------------------------------------------------
 * lb_schema_value_index and lb_schema_synonym (schema.c) take C strings; the
 * values here are often slices of a longer string. */

/* A C string holding s[0..len): s itself when it ends there, else a copy in
 * buf; NULL when it does not fit. */
static const char *
cstr(const char *s, size_t len, char *buf, size_t cap)
{
	if (s[len] == '\0')
		return s;
	if (len >= cap)
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

static const char *
synonym(const struct lb_field *f, const char *s, size_t len)
{
	char buf[SBUF];
	const char *c = cstr(s, len, buf, sizeof buf);

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

static void note_set(struct lb_vnote *n, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
note_set(struct lb_vnote *n, const char *code, const char *fmt, ...)
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

static void
note_clear(struct lb_vnote *n)
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
static long
fold_to(const char *in, size_t len, char *buf, size_t cap)
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
static size_t
codepoints(const char *str, size_t len, uint32_t *cp, size_t max)
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

/* ---- identity numbers ---------------------------------------------------------- */

static const unsigned char province_ok[100] = {
	[11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1,
	[21] = 1, [22] = 1, [23] = 1,
	[31] = 1, [32] = 1, [33] = 1, [34] = 1, [35] = 1, [36] = 1, [37] = 1,
	[41] = 1, [42] = 1, [43] = 1, [44] = 1, [45] = 1, [46] = 1,
	[50] = 1, [51] = 1, [52] = 1, [53] = 1, [54] = 1,
	[61] = 1, [62] = 1, [63] = 1, [64] = 1, [65] = 1,
	[71] = 1, [81] = 1, [82] = 1, [83] = 1,
};

char
lb_idcard_checkchar(const char *d)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char map[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		if (!IS_DIGIT(d[i]))
			return '\0';
		sum += (d[i] - '0') * w[i];
	}
	return map[sum % 11];
}

int
lb_idcard_upgrade15(const char *s, char out[19])
{
	for (int i = 0; i < 15; i++)
		if (!IS_DIGIT(s[i]))
			return -1;
	if (s[15] != '\0')
		return -1;
	memcpy(out, s, 6);
	out[6] = '1';
	out[7] = '9';
	memcpy(out + 8, s + 6, 9);
	out[17] = lb_idcard_checkchar(out);
	out[18] = '\0';
	return 0;
}

/* 5.22426E+17, 5.22426e17, 522426E12: what a spreadsheet shows for a long
 * number. */
static int
is_scientific(const char *s, size_t len)
{
	size_t i = 0;

	if (i < len && IS_DIGIT(s[i]))
		i++;
	else
		return 0;
	while (i < len && IS_DIGIT(s[i]))
		i++;
	if (i < len && s[i] == '.') {
		i++;
		if (i >= len || !IS_DIGIT(s[i]))
			return 0;
		while (i < len && IS_DIGIT(s[i]))
			i++;
	}
	if (i >= len || (s[i] != 'E' && s[i] != 'e'))
		return 0;
	i++;
	if (i < len && s[i] == '+')
		i++;
	if (i >= len || !IS_DIGIT(s[i]))
		return 0;
	while (i < len && IS_DIGIT(s[i]))
		i++;
	return i == len;
}

static int
num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum lb_id_status
lb_idcard_check(const char *s, int asof, struct lb_idinfo *info)
{
	struct lb_idinfo dummy;
	size_t len = strlen(s), chars = 0;
	int y, m, d;

	if (!info)
		info = &dummy;
	info->birth = LB_NODATE;
	info->male = -1;
	info->check = '\0';
	if (len == 0)
		return LB_ID_EMPTY;
	if (len == 18) {
		/* the common case, in one pass: 17 digits and a digit or X
		 * (never spreadsheet notation, 18 characters) */
		static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
		int sum = 0, i;
		for (i = 0; i < 17 && IS_DIGIT(s[i]); i++)
			sum += (s[i] - '0') * w[i];
		if (i == 17 && (IS_DIGIT(s[17]) || s[17] == 'X')) {
			info->male = (s[16] - '0') & 1;
			info->check = "10X98765432"[sum % 11];
			goto checked18;   /* the rest is the general path's */
		}
	}
	if (is_scientific(s, len))
		return LB_ID_SCIENTIFIC;
	/* the length in characters: 18 bytes of Chinese are not 18 characters */
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (chars != 18 && chars != 15)
		return LB_ID_LENGTH;
	if (chars != len)
		return LB_ID_CHARS;
	for (size_t i = 0; i < len; i++)
		if (!IS_DIGIT(s[i]) && !(i == 17 && s[i] == 'X'))
			return LB_ID_CHARS;
	if (len == 15) {
		char up[19];
		lb_idcard_upgrade15(s, up);
		info->male = (s[14] - '0') & 1;
		info->check = up[17];
		if (!province_ok[num(s, 2)])
			return LB_ID_PROVINCE;
		y = 1900 + num(s + 6, 2), m = num(s + 8, 2), d = num(s + 10, 2);
	} else {
		info->male = (s[16] - '0') & 1;
		info->check = lb_idcard_checkchar(s);
checked18:
		if (!province_ok[num(s, 2)])
			return LB_ID_PROVINCE;
		y = num(s + 6, 4), m = num(s + 10, 2), d = num(s + 12, 2);
	}
	if (y < 1900 || !lb_date_valid_ymd(y, m, d))
		return LB_ID_DATE;
	info->birth = lb_date_from_ymd(y, m, d);
	if (asof != LB_NODATE && info->birth > asof)
		return LB_ID_FUTURE;
	if (len == 15)
		return LB_ID_15;
	if (s[17] != info->check)
		return memcmp(s + 14, "000", 3) == 0 ? LB_ID_ZEROS : LB_ID_CHECK;
	return LB_ID_OK;
}

const char *
lb_id_status_code(enum lb_id_status st)
{
	switch (st) {
	case LB_ID_OK:         return "";
	case LB_ID_EMPTY:      return "idcard-empty";
	case LB_ID_SCIENTIFIC: return "idcard-scientific";
	case LB_ID_ZEROS:      return "idcard-zeros";
	case LB_ID_15:         return "idcard-15";
	case LB_ID_LENGTH:     return "idcard-length";
	case LB_ID_CHARS:      return "idcard-chars";
	case LB_ID_PROVINCE:   return "idcard-province";
	case LB_ID_DATE:       return "idcard-date";
	case LB_ID_FUTURE:     return "idcard-future";
	case LB_ID_CHECK:      return "idcard-check";
	}
	return "idcard";
}

void
lb_id_status_note(enum lb_id_status st, const char *s, const struct lb_idinfo *info,
                  struct lb_vnote *n)
{
	const char *code = lb_id_status_code(st);
	size_t len = strlen(s);
	char up[19];

	switch (st) {
	case LB_ID_OK:
		note_clear(n);
		break;
	case LB_ID_EMPTY:
		note_set(n, code, "%s", _("identity number is empty"));
		break;
	case LB_ID_SCIENTIFIC:
		note_set(n, code, _("'%s' is an identity number that a spreadsheet turned into a number: its last digits are lost"), s);
		break;
	case LB_ID_ZEROS:
		note_set(n, code, _("'%s' ends in 000 and fails the check: a spreadsheet has probably dropped its last digits"), s);
		break;
	case LB_ID_15:
		if (lb_idcard_upgrade15(s, up) == 0)
			note_set(n, code, _("'%s' is a 15-digit identity number; 18 digits: '%s'"), s, up);
		else
			note_set(n, code, _("'%s' is a 15-digit identity number"), s);
		break;
	case LB_ID_LENGTH: {
		size_t chars = 0;
		for (size_t i = 0; i < len; i++)
			chars += ((unsigned char)s[i] & 0xC0) != 0x80;
		note_set(n, code, _("'%s' has %zu characters, expected 18"), s, chars);
		break;
	}
	case LB_ID_CHARS:
		note_set(n, code, _("'%s' holds characters other than digits and a final X"), s);
		break;
	case LB_ID_PROVINCE:
		note_set(n, code, _("'%s' starts with %.2s, which is not a province code"), s, s);
		break;
	case LB_ID_DATE:
		/* The birth date is the part of the number that masking hides:
		 * the message must not show it (--reveal shows the number). */
		note_set(n, code, _("the birth date inside '%s' is not a date"), s);
		break;
	case LB_ID_FUTURE:
		note_set(n, code, _("the birth date inside '%s' is in the future"), s);
		break;
	case LB_ID_CHECK:
		note_set(n, code, _("the check character of '%s' is %c, expected %c"), s,
		         len == 18 ? s[17] : '?', info && info->check ? info->check : '?');
		break;
	}
}

/* ---- dates ------------------------------------------------------------------- */

/* Read 1..max digits at s[*i] into *v; the count, or -1 when there are none
 * or more than max. */
static int
digits(const char *s, size_t len, size_t *i, int max, int *v)
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

static int
match(const char *s, size_t len, size_t *i, const char *lit)
{
	size_t n = strlen(lit);
	if (*i + n <= len && memcmp(s + *i, lit, n) == 0) {
		*i += n;
		return 1;
	}
	return 0;
}

/* An optional time of day after a date: " H:MM" or " HH:MM:SS". */
static int
time_tail(const char *s, size_t len, size_t i)
{
	int v;

	if (i == len)
		return 1;
	if (s[i] != ' ' && s[i] != 'T')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == 'T')
		i++;
	if (digits(s, len, &i, 2, &v) < 0 || v > 23 || !match(s, len, &i, ":") ||
	    digits(s, len, &i, 2, &v) != 2 || v > 59)
		return 0;
	if (match(s, len, &i, ":") && (digits(s, len, &i, 2, &v) != 2 || v > 59))
		return 0;
	return i == len;
}

static int
excel_serial(long serial)
{
	/* Excel counts 1900-01-01 as 1 and has a fake 1900-02-29 (60). */
	if (serial < 1 || serial > 2958465 || serial == 60)
		return LB_NODATE;
	return lb_date_from_ymd(1899, 12, serial < 60 ? 31 : 30) + (int)serial;
}

static int
parse_date(const char *s, size_t len, int allow_serial)
{
	size_t i = 0;
	int y, m, d, n;

	n = digits(s, len, &i, 8, &y);
	if (n < 0)
		return LB_NODATE;
	if (i == len && n == 8) {
		m = y / 100 % 100, d = y % 100, y /= 10000;
		return lb_date_valid_ymd(y, m, d) ? lb_date_from_ymd(y, m, d) : LB_NODATE;
	}
	if (i == len && allow_serial && n <= 7) {
		long v = 0;
		for (size_t j = 0; j < len; j++)
			v = v * 10 + (s[j] - '0');
		return excel_serial(v);
	}
	if (n != 4 || i >= len)
		return LB_NODATE;
	if (s[i] == '-' || s[i] == '/' || s[i] == '.') {
		char sep = s[i++];
		if (digits(s, len, &i, 2, &m) < 0 || i >= len || s[i++] != sep ||
		    digits(s, len, &i, 2, &d) < 0)
			return LB_NODATE;
	} else if (match(s, len, &i, "年")) {
		if (digits(s, len, &i, 2, &m) < 0 || !match(s, len, &i, "月") ||
		    digits(s, len, &i, 2, &d) < 0)
			return LB_NODATE;
		if (!match(s, len, &i, "日"))
			match(s, len, &i, "号");
	} else
		return LB_NODATE;
	if (!time_tail(s, len, i) || !lb_date_valid_ymd(y, m, d))
		return LB_NODATE;
	return lb_date_from_ymd(y, m, d);
}

int
lb_date_parse_loose(const char *in, int allow_serial)
{
	const char *s = in;
	size_t len = strlen(in);
	char buf[64];
	long n;

	lb_trim(&s, &len);
	if ((n = fold_to(s, len, buf, sizeof buf)) < 0)
		return LB_NODATE;
	return parse_date(buf, (size_t)n, allow_serial);
}

/* ---- phone numbers -------------------------------------------------------------- */

static const unsigned char phone_sep[256] = {
	[' '] = 1, ['-'] = 1, ['.'] = 1, ['('] = 1, [')'] = 1, ['\t'] = 1,
	['['] = 1, [']'] = 1,
};

/* The canonical form of a phone number in s (len bytes, any white space
 * trimmed) into buf (at least 24 bytes); the kind. */
static enum lb_phone_kind
phone_norm(const char *in, size_t inlen, char *out)
{
	char fb[64], dg[24], tmp[24];
	const char *p;
	size_t nd = 0, n;
	long flen;
	int plus = 0, cc = 0;

	if ((flen = fold_to(in, inlen, fb, sizeof fb)) < 0)
		return LB_PHONE_BAD;
	for (long i = 0; i < flen; i++) {
		unsigned char c = (unsigned char)fb[i];
		if (IS_DIGIT(c)) {
			if (nd >= sizeof dg - 1)
				return LB_PHONE_BAD;
			dg[nd++] = (char)c;
		} else if (phone_sep[c])
			;
		else if (c == '+' && nd == 0 && !plus)
			plus = 1;
		else
			return LB_PHONE_BAD;
	}
	p = dg, n = nd;
	if (plus) {
		if (n < 2 || p[0] != '8' || p[1] != '6')
			return LB_PHONE_BAD;
		p += 2, n -= 2, cc = 1;
	} else if (n >= 4 && memcmp(p, "0086", 4) == 0)
		p += 4, n -= 4, cc = 1;
	else if (n == 13 && p[0] == '8' && p[1] == '6' && p[2] == '1')
		p += 2, n -= 2, cc = 1;
	if (n == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9') {
		memcpy(out, p, 11);
		out[11] = '\0';
		return LB_PHONE_MOBILE;
	}
	if (cc && n > 0 && p[0] != '0') {
		/* +86 931 8123456: the area code loses its 0 after +86 */
		tmp[0] = '0';
		memcpy(tmp + 1, p, n);
		p = tmp, n++;
	}
	if (n >= 3 && p[0] == '0' && p[1] != '0') {
		size_t alen = (p[1] == '1' && p[2] == '0') || p[1] == '2' ? 3 : 4;
		size_t rest = n - alen;
		if (n > alen && rest >= 7 && rest <= 8 && p[alen] != '0' && p[alen] != '1') {
			memcpy(out, p, alen);
			out[alen] = '-';
			memcpy(out + alen + 1, p + alen, rest);
			out[n + 1] = '\0';
			return LB_PHONE_LANDLINE;
		}
	}
	return LB_PHONE_BAD;
}

enum lb_phone_kind
lb_phone_normalize(const char *in, struct lb_buf *out)
{
	const char *s = in;
	size_t len = strlen(in);
	char buf[24];
	enum lb_phone_kind k;

	lb_trim(&s, &len);
	lb_buf_clear(out);
	k = phone_norm(s, len, buf);
	if (k != LB_PHONE_BAD)
		lb_buf_adds(out, buf);
	return k;
}

/* ---- enums -------------------------------------------------------------------- */

#define MAXCP 64

static unsigned
edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
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

	if (!f || (na = codepoints(value, vlen, a, MAXCP)) == (size_t)-1 || na == 0)
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

		if ((nb = codepoints(cand, strlen(cand), b, MAXCP)) == (size_t)-1)
			continue;
		longer = na > nb ? na : nb;
		/* the length difference is a lower bound of the distance */
		dist = (unsigned)(na > nb ? na - nb : nb - na);
		if (dist * 2 > longer || dist >= bestd)
			continue;
		dist = edit_distance(a, na, b, nb);
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

/* ASCII lower-case in place. */
static void
ascii_lower(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned)(unsigned char)s[i] - 'A' < 26u)
			s[i] = (char)(s[i] + 32);
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

	if (!(c = cstr(s, len, buf, sizeof buf)))
		return NULL;
	if ((i = lb_schema_value_index(f, c)) >= 0)
		return f->values[i];
	if (f->nsyn && (t = lb_schema_synonym(f, c)) != NULL)
		return t;
	if ((n = fold_to(s, len, fb, sizeof fb)) < 0)
		return NULL;
	ascii_lower(fb, (size_t)n);
	if ((size_t)n == len && memcmp(fb, s, len) == 0)
		return NULL;
	if ((i = lb_schema_value_index(f, fb)) >= 0)
		return f->values[i];
	return f->nsyn ? lb_schema_synonym(f, fb) : NULL;
}

/* ---- normalising by type ------------------------------------------------------- */

/* Result writer: out = s; SAME when it equals the whole input. quiet: see
 * normalize. */
static enum lb_vres
fixed(const char *in, size_t inlen, const char *s, size_t len, struct lb_buf *out,
      struct lb_vnote *note, const char *code, int quiet)
{
	if (len == inlen && (s == in || memcmp(s, in, len) == 0)) {
		note_clear(note);
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
			note_set(note, code, "%s", _("white space only: now empty"));
		else
			note_set(note, code, _("'%.*s' normalised to '%.*s'"),
			         (int)inlen, in, (int)len, s);
	}
	return LB_V_FIXED;
}

static enum lb_vres
bad(const char *t, size_t tlen, struct lb_buf *out)
{
	lb_buf_clear(out);
	lb_buf_add(out, t, tlen);
	return LB_V_BAD;
}

static enum lb_vres
norm_idcard(const char *in, size_t inlen, const char *t, size_t tlen,
            struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF], id[SBUF];
	long n;
	size_t k = 0;
	struct lb_idinfo info;
	enum lb_id_status st;

	/* the common case: a canonical number as given */
	if (tlen == 18 && inlen == 18 &&
	    lb_idcard_check(in, LB_NODATE, &info) == LB_ID_OK)
		return fixed(in, inlen, in, inlen, out, note, "fixed", quiet);
	if ((n = fold_to(t, tlen, fb, sizeof fb)) < 0) {
		note_set(note, "idcard-length", _("'%.*s…' is too long for an identity number"),
		         20, t);
		return bad(t, tlen, out);
	}
	for (long i = 0; i < n; i++)
		if (fb[i] != ' ' && !(k == 0 && (fb[i] == '\'' || fb[i] == '`')))
			id[k++] = fb[i];
	id[k] = '\0';
	if (k == 18 && id[17] == 'x')
		id[17] = 'X';
	st = lb_idcard_check(id, LB_NODATE, &info);
	if (st == LB_ID_OK)
		return fixed(in, inlen, id, k, out, note, "fixed", quiet);
	if (st == LB_ID_15) {
		char up[19];
		enum lb_vres r;
		lb_idcard_upgrade15(id, up);
		r = fixed(in, inlen, up, 18, out, note, "idcard-15", quiet);
		if (!quiet)
			note_set(note, "idcard-15", _("15-digit identity number '%.*s' upgraded to '%s'"),
		         (int)tlen, t, up);
		return r;
	}
	lb_id_status_note(st, id, &info, note);
	return bad(t, tlen, out);
}

static enum lb_vres
norm_date(const char *in, size_t inlen, const char *t, size_t tlen,
          struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[64], iso[16];
	long n;
	int day, serial = 0;

	/* the common case: canonical YYYY-MM-DD as given */
	if (inlen == 10 && in[4] == '-' && in[7] == '-' && IS_DIGIT(in[0]) &&
	    IS_DIGIT(in[1]) && IS_DIGIT(in[2]) && IS_DIGIT(in[3]) && IS_DIGIT(in[5]) &&
	    IS_DIGIT(in[6]) && IS_DIGIT(in[8]) && IS_DIGIT(in[9]) &&
	    lb_date_valid_ymd(num(in, 4), num(in + 5, 2), num(in + 8, 2))) {
		note_clear(note);
		if (!quiet) {
			lb_buf_clear(out);
			lb_buf_add(out, in, 10);
		}
		return LB_V_SAME;
	}
	if ((n = fold_to(t, tlen, fb, sizeof fb)) >= 0) {
		if (n == 5) {
			serial = 1;
			for (int i = 0; i < 5; i++)
				serial &= IS_DIGIT(fb[i]);
		}
		day = parse_date(fb, (size_t)n, serial);
		if (day != LB_NODATE) {
			lb_date_format(day, iso);
			return fixed(in, inlen, iso, 10, out, note, "fixed", quiet);
		}
	}
	note_set(note, "date", _("'%.*s' is not a date"), (int)tlen, t);
	return bad(t, tlen, out);
}

static enum lb_vres
norm_phone(const char *in, size_t inlen, const char *t, size_t tlen,
           struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char buf[24];

	/* the common case: a mobile number as given */
	if (inlen == 11 && in[0] == '1' && in[1] >= '3' && in[1] <= '9') {
		size_t i = 2;
		while (i < 11 && IS_DIGIT(in[i]))
			i++;
		if (i == 11) {
			note_clear(note);
			if (!quiet) {
				lb_buf_clear(out);
				lb_buf_add(out, in, 11);
			}
			return LB_V_SAME;
		}
	}
	if (phone_norm(t, tlen, buf) != LB_PHONE_BAD)
		return fixed(in, inlen, buf, strlen(buf), out, note, "fixed", quiet);
	note_set(note, "phone", _("'%.*s' is not a mobile number or a landline with area code"),
	         (int)tlen, t);
	return bad(t, tlen, out);
}

static void
enum_bad(const struct lb_field *f, const char *item, size_t ilen, struct lb_vnote *note)
{
	const char *sg;

	if (!note)
		return;
	sg = suggest_len(f, item, ilen);
	if (sg)
		note_set(note, "enum", _("'%.*s' is not a valid value; did you mean '%s'?"),
		         (int)ilen, item, sg);
	else
		note_set(note, "enum", _("'%.*s' is not a valid value"), (int)ilen, item);
	if (sg && strlen(sg) < sizeof note->suggest)
		strcpy(note->suggest, sg);
}

static enum lb_vres
norm_enum(const struct lb_field *f, const char *in, size_t inlen, const char *t,
          size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	const char *v = lookup(f, t, tlen);

	if (v)
		return fixed(in, inlen, v, strlen(v), out, note, "fixed", quiet);
	if (f->free_text)       /* a category plus free text: kept, trimmed */
		return fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
	enum_bad(f, t, tlen, note);
	return bad(t, tlen, out);
}

/* A set of names: split at ; ； , ， 、 /, each trimmed, empty ones and
 * repeats dropped, joined with ';' in the order given. */
static enum lb_vres
norm_names(const char *in, size_t inlen, const char *t, size_t tlen, struct lb_buf *out,
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
	enum lb_vres r = fixed(in, inlen, b.len ? b.s : "", b.len, out, note, "fixed", quiet);
	lb_buf_fini(&b);
	return r;
}

static const unsigned char set_sep[256] = {
	[';'] = 1, [','] = 1, ['/'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

static enum lb_vres
norm_set(const struct lb_field *f, const char *in, size_t inlen, const char *t,
         size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF];
	unsigned char seen_small[64], *seen = seen_small;
	const char *s = t;
	long n;
	size_t len = tlen, i = 0;
	enum lb_vres r;

	/* separators are folded: ；，／ and U+3000 become ASCII */
	if ((n = fold_to(t, tlen, fb, sizeof fb)) >= 0)
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
			return bad(t, tlen, out);
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
		note_clear(note);
		return LB_V_SAME;
	}
	r = LB_V_FIXED;
	if (note && quiet) {
		note->code = "fixed";
		note->msg[0] = '\0';
		note->suggest[0] = '\0';
	} else if (note) {
		if (out->len == 0)
			note_set(note, "fixed", "%s", _("white space only: now empty"));
		else
			note_set(note, "fixed", _("'%.*s' normalised to '%s'"), (int)inlen, in, out->s);
	}
	return r;
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

	if ((v = synonym(f, t, tlen)) != NULL)
		return fixed(in, inlen, v, strlen(v), out, note, "fixed", quiet);
	/* the common case: 是 or 否 (folding and lower-casing leave them) */
	if (tlen == 3 && (!memcmp(t, "是", 3) || !memcmp(t, "否", 3)))
		return fixed(in, inlen, t, 3, out, note, "fixed", quiet);
	if ((n = fold_to(t, tlen, fb, sizeof fb)) >= 0) {
		ascii_lower(fb, (size_t)n);
		if ((v = synonym(f, fb, (size_t)n)) != NULL)
			return fixed(in, inlen, v, strlen(v), out, note, "fixed", quiet);
		for (size_t i = 0; i < sizeof bool_words / sizeof bool_words[0]; i++)
			if (strlen(bool_words[i].s) == (size_t)n &&
			    memcmp(bool_words[i].s, fb, (size_t)n) == 0) {
				v = bool_words[i].yes ? "是" : "否";
				return fixed(in, inlen, v, 3, out, note, "fixed", quiet);
			}
	}
	note_set(note, "bool", _("'%.*s' is not 是 or 否"), (int)tlen, t);
	return bad(t, tlen, out);
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
	if ((n = fold_to(t, tlen, fb, sizeof fb)) < 0 || parse_int(fb, (size_t)n, &v) < 0) {
		if ((syn = synonym(f, t, tlen)) != NULL ||
		    (n >= 0 && (syn = synonym(f, fb, (size_t)n)) != NULL))
			return fixed(in, inlen, syn, strlen(syn), out, note, "fixed", quiet);
		note_set(note, "int", _("'%.*s' is not a whole number"), (int)tlen, t);
		return bad(t, tlen, out);
	}
	if (v < f->min || v > f->max) {
		note_set(note, "int-range", _("'%.*s' is outside %ld..%ld"), (int)tlen, t,
		         f->min, f->max);
		return bad(t, tlen, out);
	}
	return fixed(in, inlen, num_s, lb_fmt_long(num_s, v), out, note, "fixed", quiet);
}

static enum lb_vres
norm_digits(const struct lb_field *f, const char *in, size_t inlen, const char *t,
            size_t tlen, struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[SBUF], lens[64];
	long n;
	int ok = 0;
	size_t o = 0;

	if ((n = fold_to(t, tlen, fb, sizeof fb)) > 0) {
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
		return fixed(in, inlen, fb, (size_t)n, out, note, "fixed", quiet);
	lens[0] = '\0';
	for (int i = 0; i < 4 && f->lens[i] && o < sizeof lens; i++) {
		int last = i + 1 >= 4 || !f->lens[i + 1];
		/* TRANSLATORS: " or " and ", " join the lengths of a code: "6, 9 or 12" */
		o += (size_t)snprintf(lens + o, sizeof lens - o, "%s%d",
		                      i == 0 ? "" : last ? _(" or ") : _(", "), f->lens[i]);
	}
	if (lens[0])
		note_set(note, "digits", _("'%.*s' is not a code of %s digits"), (int)tlen, t, lens);
	else
		note_set(note, "digits", _("'%.*s' is not a string of digits"), (int)tlen, t);
	return bad(t, tlen, out);
}

/* A Chinese numeral 〇, 零, 一 … 九十九 at s[*i]; -1 when none. */
static int
cn_digit(const char *s, size_t len, size_t *i)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	for (int k = 0; k < 10; k++)
		if (match(s, len, i, d[k]))
			return k;
	if (match(s, len, i, "零"))
		return 0;
	return -1;
}

static int
cn_number(const char *s, size_t len, size_t *i)
{
	size_t j = *i;
	int a = cn_digit(s, len, &j), b;

	if (match(s, len, &j, "十")) {
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

	if ((n = fold_to(t, tlen, fb, sizeof fb)) < 0)
		return fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
	if (i < (size_t)n && fb[i] == '(')
		open = 1, i++;
	if ((nd = digits(fb, (size_t)n, &i, 3, &v)) < 0)
		v = cn_number(fb, (size_t)n, &i);
	if (v >= 0 && open && !match(fb, (size_t)n, &i, ")"))
		v = -1;
	if (v >= 0)
		match(fb, (size_t)n, &i, "班");
	if (v < 0 || i != (size_t)n)
		return fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
	return fixed(in, inlen, num_s, lb_fmt_long(num_s, v), out, note, "fixed", quiet);
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
		return fixed(in, inlen, t, 0, out, note, "fixed", quiet);
	switch (f->type) {
	case LB_T_TEXT:
		if (tlen == inlen) {    /* nothing trimmed */
			note_clear(note);
			if (!quiet) {
				lb_buf_clear(out);
				lb_buf_add(out, in, inlen);
			}
			return LB_V_SAME;
		}
		break;
	case LB_T_IDCARD:
		return norm_idcard(in, inlen, t, tlen, out, note, quiet);
	case LB_T_DATE:
		return norm_date(in, inlen, t, tlen, out, note, quiet);
	case LB_T_ENUM:
		return norm_enum(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_SET:
		return norm_set(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_BOOL:
		return norm_bool(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_INT:
		return norm_int(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_PHONE:
		return norm_phone(in, inlen, t, tlen, out, note, quiet);
	case LB_T_DIGITS:
		return norm_digits(f, in, inlen, t, tlen, out, note, quiet);
	case LB_T_CLASS:
		return norm_class(in, inlen, t, tlen, out, note, quiet);
	case LB_T_NAMES:
		return norm_names(in, inlen, t, tlen, out, note, quiet);
	}
	return fixed(in, inlen, t, tlen, out, note, "fixed", quiet);
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
				note_clear(note);
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
