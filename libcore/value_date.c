/*
 * value_date.c — dates as people and spreadsheets write them, to
 * YYYY-MM-DD (see value.c, Dates).
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

/* ---- dates ------------------------------------------------------------------- */

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
	if (lb_val_digits(s, len, &i, 2, &v) < 0 || v > 23 || !lb_val_match(s, len, &i, ":") ||
	    lb_val_digits(s, len, &i, 2, &v) != 2 || v > 59)
		return 0;
	if (lb_val_match(s, len, &i, ":") && (lb_val_digits(s, len, &i, 2, &v) != 2 || v > 59))
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

	n = lb_val_digits(s, len, &i, 8, &y);
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
		if (lb_val_digits(s, len, &i, 2, &m) < 0 || i >= len || s[i++] != sep ||
		    lb_val_digits(s, len, &i, 2, &d) < 0)
			return LB_NODATE;
	} else if (lb_val_match(s, len, &i, "年")) {
		if (lb_val_digits(s, len, &i, 2, &m) < 0 || !lb_val_match(s, len, &i, "月") ||
		    lb_val_digits(s, len, &i, 2, &d) < 0)
			return LB_NODATE;
		if (!lb_val_match(s, len, &i, "日"))
			lb_val_match(s, len, &i, "号");
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
	if ((n = lb_val_fold_to(s, len, buf, sizeof buf)) < 0)
		return LB_NODATE;
	return parse_date(buf, (size_t)n, allow_serial);
}

enum lb_vres
lb_val_norm_date(const char *in, size_t inlen, const char *t, size_t tlen,
                 struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char fb[64], iso[16];
	long n;
	int day, serial = 0;

	/* the common case: canonical YYYY-MM-DD as given */
	if (inlen == 10 && in[4] == '-' && in[7] == '-' && IS_DIGIT(in[0]) &&
	    IS_DIGIT(in[1]) && IS_DIGIT(in[2]) && IS_DIGIT(in[3]) && IS_DIGIT(in[5]) &&
	    IS_DIGIT(in[6]) && IS_DIGIT(in[8]) && IS_DIGIT(in[9]) &&
	    lb_date_valid_ymd(lb_val_num(in, 4), lb_val_num(in + 5, 2), lb_val_num(in + 8, 2))) {
		lb_val_note_clear(note);
		if (!quiet) {
			lb_buf_clear(out);
			lb_buf_add(out, in, 10);
		}
		return LB_V_SAME;
	}
	if ((n = lb_val_fold_to(t, tlen, fb, sizeof fb)) >= 0) {
		if (n == 5) {
			serial = 1;
			for (int i = 0; i < 5; i++)
				serial &= IS_DIGIT(fb[i]);
		}
		day = parse_date(fb, (size_t)n, serial);
		if (day != LB_NODATE) {
			lb_date_format(day, iso);
			return lb_val_fixed(in, inlen, iso, 10, out, note, "fixed", quiet);
		}
	}
	lb_val_note_set(note, "date", _("'%.*s' is not a date"), (int)tlen, t);
	return lb_val_bad(t, tlen, out);
}
