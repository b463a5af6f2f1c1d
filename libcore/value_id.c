/*
 * value_id.c — identity numbers (GB 11643-1999): checked, upgraded from 15
 * digits, their statuses and notes, normalised (see value.c, Identity
 * numbers).
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
		if (!province_ok[lb_val_num(s, 2)])
			return LB_ID_PROVINCE;
		y = 1900 + lb_val_num(s + 6, 2), m = lb_val_num(s + 8, 2), d = lb_val_num(s + 10, 2);
	} else {
		info->male = (s[16] - '0') & 1;
		info->check = lb_idcard_checkchar(s);
checked18:
		if (!province_ok[lb_val_num(s, 2)])
			return LB_ID_PROVINCE;
		y = lb_val_num(s + 6, 4), m = lb_val_num(s + 10, 2), d = lb_val_num(s + 12, 2);
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
		lb_val_note_clear(n);
		break;
	case LB_ID_EMPTY:
		lb_val_note_set(n, code, "%s", _("identity number is empty"));
		break;
	case LB_ID_SCIENTIFIC:
		lb_val_note_set(n, code, _("'%s' is an identity number that a spreadsheet turned into a number: its last digits are lost"), s);
		break;
	case LB_ID_ZEROS:
		lb_val_note_set(n, code, _("'%s' ends in 000 and fails the check: a spreadsheet has probably dropped its last digits"), s);
		break;
	case LB_ID_15:
		if (lb_idcard_upgrade15(s, up) == 0)
			lb_val_note_set(n, code, _("'%s' is a 15-digit identity number; 18 digits: '%s'"), s, up);
		else
			lb_val_note_set(n, code, _("'%s' is a 15-digit identity number"), s);
		break;
	case LB_ID_LENGTH: {
		size_t chars = 0;
		for (size_t i = 0; i < len; i++)
			chars += ((unsigned char)s[i] & 0xC0) != 0x80;
		lb_val_note_set(n, code, _("'%s' has %zu characters, expected 18"), s, chars);
		break;
	}
	case LB_ID_CHARS:
		lb_val_note_set(n, code, _("'%s' holds characters other than digits and a final X"), s);
		break;
	case LB_ID_PROVINCE:
		lb_val_note_set(n, code, _("'%s' starts with %.2s, which is not a province code"), s, s);
		break;
	case LB_ID_DATE:
		/* The birth date is the part of the number that masking hides:
		 * the message must not show it (--reveal shows the number). */
		if (strlen(s) == 18 && strspn(s, "0123456789") >= 17 &&
		    lb_val_num(s + 6, 4) < 1900 && lb_date_valid_ymd(lb_val_num(s + 6, 4), lb_val_num(s + 10, 2), lb_val_num(s + 12, 2)))
			/* a date (440524188001010014, the standard's example), out
			 * of range for a child; the year is not shown either */
			lb_val_note_set(n, code, _("the birth date inside '%s' is before 1900, out of range for a child"), s);
		else
			lb_val_note_set(n, code, _("the birth date inside '%s' is not a date"), s);
		break;
	case LB_ID_FUTURE:
		lb_val_note_set(n, code, _("the birth date inside '%s' is in the future"), s);
		break;
	case LB_ID_CHECK:
		lb_val_note_set(n, code, _("the check character of '%s' is %c, expected %c"), s,
		         len == 18 ? s[17] : '?', info && info->check ? info->check : '?');
		break;
	}
}

enum lb_vres
lb_val_norm_idcard(const char *in, size_t inlen, const char *t, size_t tlen,
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
		return lb_val_fixed(in, inlen, in, inlen, out, note, "fixed", quiet);
	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) < 0) {
		lb_val_note_set(note, "idcard-length", _("'%.*s…' is too long for an identity number"),
		         20, t);
		return lb_val_bad(t, tlen, out);
	}
	for (long i = 0; i < n; i++)
		if (fb[i] != ' ' && !(k == 0 && (fb[i] == '\'' || fb[i] == '`')))
			id[k++] = fb[i];
	id[k] = '\0';
	if (k == 18 && id[17] == 'x')
		id[17] = 'X';
	st = lb_idcard_check(id, LB_NODATE, &info);
	if (st == LB_ID_OK)
		return lb_val_fixed(in, inlen, id, k, out, note, "fixed", quiet);
	if (st == LB_ID_15) {
		char up[19];
		enum lb_vres r;
		lb_idcard_upgrade15(id, up);
		r = lb_val_fixed(in, inlen, up, 18, out, note, "idcard-15", quiet);
		if (!quiet)
			lb_val_note_set(note, "idcard-15", _("15-digit identity number '%.*s' upgraded to '%s'"),
		         (int)tlen, t, up);
		return r;
	}
	lb_id_status_note(st, id, &info, note);
	return lb_val_bad(t, tlen, out);
}
