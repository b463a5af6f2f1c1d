/* Unit tests: libcore/census.c — the survey's count per school. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "scratch.h"

static void
t_load(void **state)
{
	struct lb_census *c;
	struct lb_err e;
	(void)state;
	const char *p = scratch_file("c.csv", "\xEF\xBB\xBF" "学校,人数,备注\r\n"
	                            "青山小学,12,x\r\n\"白云镇,初级中学\", 30 \r\n\r\n");
	assert_int_equal(lb_census_load(&c, p, &e), 0);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->total, 42);
	assert_int_equal(lb_census_count(c, "青山小学"), 12);
	assert_int_equal(lb_census_count(c, "白云镇,初级中学"), 30);
	assert_int_equal(lb_census_count(c, "红星小学"), -1);
	lb_census_free(c);
	p = scratch_file("d.csv", "count,school\n0,甲\n");
	assert_int_equal(lb_census_load(&c, p, &e), 0);
	assert_int_equal(lb_census_count(c, "甲"), 0);
	lb_census_free(c);
}

static void
t_errors(void **state)
{
	struct lb_census *c;
	struct lb_err e;
	(void)state;
	static const struct { const char *text; long line; } bad[] = {
		{"school,number\n甲,1\n", 1},
		{"school,count\n甲,1\n甲,2\n", 3},
		{"school,count\n甲,-1\n", 2},
		{"school,count\n甲,1.5\n", 2},
		{"school,count\n,3\n", 2},
		{"school,count\n\"甲,3\n", 2},
		{"", 0},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *p = scratch_file("bad.csv", bad[i].text);
		assert_int_equal(lb_census_load(&c, p, &e), LB_EPARSE);
		assert_null(c);
		assert_int_equal(e.line, bad[i].line);
	}
	assert_int_equal(lb_census_load(&c, "/nonexistent/c.csv", &e), LB_EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_load),
		cmocka_unit_test(t_errors),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
