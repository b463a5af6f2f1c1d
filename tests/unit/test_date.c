/* Unit tests: libcore/date.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "date.h"

static void
t_roundtrip(void **state)
{
	int y, m, d;
	(void)state;
	assert_int_equal(lb_date_from_ymd(1970, 1, 1), 0);
	for (int day = -800000; day < 800000; day += 37) {
		lb_date_to_ymd(day, &y, &m, &d);
		assert_int_equal(lb_date_from_ymd(y, m, d), day);
	}
}

static void
t_parse_iso(void **state)
{
	char buf[11];
	(void)state;
	assert_int_equal(lb_date_parse_iso("2024-02-29"), lb_date_from_ymd(2024, 2, 29));
	assert_int_equal(lb_date_parse_iso("2023-02-29"), LB_NODATE);
	assert_int_equal(lb_date_parse_iso("2023-2-28"), LB_NODATE);
	assert_int_equal(lb_date_parse_iso("2023-13-01"), LB_NODATE);
	assert_int_equal(lb_date_parse_iso(""), LB_NODATE);
	assert_string_equal(lb_date_format(lb_date_from_ymd(2015, 3, 4), buf), "2015-03-04");
}

static void
t_weeks(void **state)
{
	int iy, w;
	(void)state;
	/* 2025-09-01 is a Monday; 2026-01-01 a Thursday. */
	assert_int_equal(lb_date_weekday(lb_date_from_ymd(2025, 9, 1)), 1);
	assert_int_equal(lb_date_weekday(lb_date_from_ymd(2026, 1, 1)), 4);
	assert_int_equal(lb_date_monday(lb_date_from_ymd(2026, 1, 1)), lb_date_from_ymd(2025, 12, 29));
	/* 2020-12-31 is in ISO week 53 of 2020; 2021-01-03 too. */
	lb_date_isoweek(lb_date_from_ymd(2020, 12, 31), &iy, &w);
	assert_int_equal(iy, 2020);
	assert_int_equal(w, 53);
	lb_date_isoweek(lb_date_from_ymd(2021, 1, 3), &iy, &w);
	assert_int_equal(iy, 2020);
	assert_int_equal(w, 53);
	lb_date_isoweek(lb_date_from_ymd(2021, 1, 4), &iy, &w);
	assert_int_equal(iy, 2021);
	assert_int_equal(w, 1);
}

static void
t_age(void **state)
{
	int b = lb_date_from_ymd(2010, 2, 28), leap = lb_date_from_ymd(2008, 2, 29);
	(void)state;
	assert_int_equal(lb_age_on(b, lb_date_from_ymd(2026, 2, 27)), 15);
	assert_int_equal(lb_age_on(b, lb_date_from_ymd(2026, 2, 28)), 16);
	/* born on 29 Feb: 16 on 1 Mar of a non-leap year */
	assert_int_equal(lb_age_on(leap, lb_date_from_ymd(2024, 2, 28)), 15);
	assert_int_equal(lb_age_on(leap, lb_date_from_ymd(2024, 2, 29)), 16);
	assert_int_equal(lb_date_add_years(leap, 17), lb_date_from_ymd(2025, 3, 1));
	assert_int_equal(lb_age_on(leap, lb_date_from_ymd(2025, 2, 28)), 16);
	assert_int_equal(lb_age_on(leap, lb_date_from_ymd(2025, 3, 1)), 17);
}

static void
t_parse_month(void **state)
{
	(void)state;
	assert_int_equal(lb_date_parse_month("2025-11"), lb_date_from_ymd(2025, 11, 1));
	assert_int_equal(lb_date_parse_month("0001-01"), lb_date_from_ymd(1, 1, 1));
	assert_int_equal(lb_date_parse_month("1899-12"), lb_date_from_ymd(1899, 12, 1));
	assert_int_equal(lb_date_parse_month("9999-12"), lb_date_from_ymd(9999, 12, 1));
	assert_int_equal(lb_date_parse_month("0000-01"), LB_NODATE);
	assert_int_equal(lb_date_parse_month("2025-13"), LB_NODATE);
	assert_int_equal(lb_date_parse_month("2025-00"), LB_NODATE);
	assert_int_equal(lb_date_parse_month("2025-1"), LB_NODATE);
	assert_int_equal(lb_date_parse_month(" 202-01"), LB_NODATE);
	assert_int_equal(lb_date_parse_month("+202-01"), LB_NODATE);
	assert_int_equal(lb_date_parse_month("2025-11-01"), LB_NODATE);
	assert_int_equal(lb_date_parse_month(""), LB_NODATE);
	assert_int_equal(lb_date_parse_month(NULL), LB_NODATE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_roundtrip),
		cmocka_unit_test(t_parse_iso),
		cmocka_unit_test(t_parse_month),
		cmocka_unit_test(t_weeks),
		cmocka_unit_test(t_age),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
