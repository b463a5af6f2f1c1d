/* date.c — civil dates as day numbers (H. Hinnant's algorithms). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

int
lb_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
lb_date_days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && lb_is_leap(y) ? 29 : dim[m - 1];
}

int
lb_date_valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= lb_date_days_in_month(y, m);
}

int
lb_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int)doe - 719468;
}

void
lb_date_to_ymd(int z, int *yp, int *mp, int *dp)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp0 = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp0 + 2) / 5 + 1;
	unsigned m = mp0 < 10 ? mp0 + 3 : mp0 - 9;
	*yp = y + (m <= 2);
	*mp = (int)m;
	*dp = (int)d;
}

int
lb_date_weekday(int days)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (days % 7 + 7 + 3) % 7;   /* 0 = Monday */
	return w + 1;
}

int
lb_date_monday(int days)
{
	return days - (lb_date_weekday(days) - 1);
}

void
lb_date_isoweek(int days, int *iso_year, int *week)
{
	int thursday = lb_date_monday(days) + 3;
	int y, m, d;
	lb_date_to_ymd(thursday, &y, &m, &d);
	*iso_year = y;
	*week = (thursday - lb_date_from_ymd(y, 1, 1)) / 7 + 1;
}

static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
lb_date_parse_iso(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return LB_NODATE;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !lb_date_valid_ymd(y, m, d))
		return LB_NODATE;
	return lb_date_from_ymd(y, m, d);
}

int
lb_date_parse_month(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return LB_NODATE;
	int y = digits(s, 4), m = digits(s + 5, 2);
	if (y < 0 || m < 0 || !lb_date_valid_ymd(y, m, 1))
		return LB_NODATE;
	return lb_date_from_ymd(y, m, 1);
}

char *
lb_date_format(int days, char *out)
{
	int y, m, d;
	if (days == LB_NODATE) {
		out[0] = '\0';
		return out;
	}
	lb_date_to_ymd(days, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}

int
lb_age_on(int birth, int at)
{
	int by, bm, bd, ay, am, ad;
	lb_date_to_ymd(birth, &by, &bm, &bd);
	lb_date_to_ymd(at, &ay, &am, &ad);
	int age = ay - by;
	if (am < bm || (am == bm && ad < bd))
		age--;
	return age;
}

int
lb_date_add_years(int birth, int n)
{
	int y, m, d;
	lb_date_to_ymd(birth, &y, &m, &d);
	y += n;
	if (m == 2 && d == 29 && !lb_is_leap(y)) {
		m = 3;
		d = 1;
	}
	return lb_date_from_ymd(y, m, d);
}

int
lb_date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return lb_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
