/* Unit tests: libcore/roster.c — active on a day, birth and age, mentor load,
 * the performer field of a role. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "roster.h"
#include "value.h"

#define D(y, m, d) lb_date_from_ymd(y, m, d)

static void
t_active(void **state)
{
	(void)state;
	assert_true(lb_roster_status_active(""));
	assert_true(lb_roster_status_active("在册"));
	assert_false(lb_roster_status_active("转出"));
	/* archived after the day: not yet */
	assert_false(lb_roster_active_on("在册", D(2025, 10, 2), LB_NODATE, D(2025, 10, 1)));
	assert_true(lb_roster_active_on("在册", D(2025, 10, 1), LB_NODATE, D(2025, 10, 1)));
	assert_true(lb_roster_active_on("", LB_NODATE, LB_NODATE, D(2025, 10, 1)));
	/* left on 10-15: active before, not on the day */
	assert_true(lb_roster_active_on("转出", LB_NODATE, D(2025, 10, 15), D(2025, 10, 14)));
	assert_false(lb_roster_active_on("转出", LB_NODATE, D(2025, 10, 15), D(2025, 10, 15)));
	assert_false(lb_roster_active_on("转出", LB_NODATE, LB_NODATE, D(2025, 10, 1)));
	/* during a window: archived by its start, not left before its end */
	assert_true(lb_roster_active_during("转出", D(2025, 9, 1), D(2025, 11, 1),
	                                    D(2025, 10, 1), D(2025, 10, 31)));
	assert_false(lb_roster_active_during("转出", D(2025, 9, 1), D(2025, 10, 31),
	                                     D(2025, 10, 1), D(2025, 10, 31)));
	assert_false(lb_roster_active_during("在册", D(2025, 10, 2), LB_NODATE,
	                                     D(2025, 10, 1), D(2025, 10, 31)));
}

static void
t_birth(void **state)
{
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
	const char **v = calloc(s->n, sizeof *v);
	char id[19] = "62290120150601001";
	(void)state;
	for (size_t i = 0; i < s->n; i++)
		v[i] = "";
	id[17] = lb_idcard_checkchar(id);
	id[18] = '\0';
	assert_int_equal(lb_roster_birth(s, v), LB_NODATE);
	assert_int_equal(lb_roster_age_on(s, v, D(2025, 10, 1)), -1);
	/* no birth_date: the child_id's */
	v[LB_FI(s, LB_R_CHILD_ID)] = id;
	assert_int_equal(lb_roster_birth(s, v), D(2015, 6, 1));
	assert_int_equal(lb_roster_age_on(s, v, D(2025, 5, 31)), 9);
	assert_int_equal(lb_roster_age_on(s, v, D(2025, 6, 1)), 10);
	/* birth_date wins */
	v[LB_FI(s, LB_R_BIRTH_DATE)] = "2016-01-01";
	assert_int_equal(lb_roster_birth(s, v), D(2016, 1, 1));
	assert_int_equal(lb_roster_age_on(s, v, D(2015, 12, 31)), -1);
	/* active from a record */
	v[LB_FI(s, LB_R_STATUS)] = "转出";
	v[LB_FI(s, LB_R_UPDATED_ON)] = "2025-10-15";
	assert_true(lb_roster_record_active_on(s, v, D(2025, 10, 14)));
	assert_false(lb_roster_record_active_on(s, v, D(2025, 10, 15)));
	free(v);
}

static void
t_mentor_load(void **state)
{
	struct lb_mentor_load *ml = lb_mentor_load_new(0);
	const struct lb_mentor_over *ov;
	(void)state;
	assert_int_equal(lb_mentor_load_limit(ml), LB_MENTOR_LIMIT_DEFAULT);
	lb_mentor_load_free(ml);

	ml = lb_mentor_load_new(2);
	/* two 王 at two schools: 2 each, within the limit */
	lb_mentor_load_add(ml, "A", "王", 1);
	lb_mentor_load_add(ml, "B", "王", 2);
	lb_mentor_load_add(ml, "A", "王", 3);
	lb_mentor_load_add(ml, "B", "王", 4);
	lb_mentor_load_add(ml, "A", "", 5);      /* no mentor: not counted */
	lb_mentor_load_add(ml, "A", "", 6);
	lb_mentor_load_add(ml, "A", "", 7);
	assert_int_equal(lb_mentor_load_overs(ml, &ov), 0);
	/* 李 crosses on 9, B's 王 on 10: listed in that order */
	lb_mentor_load_add(ml, "", "李", 8);
	lb_mentor_load_add(ml, "", "李", 8);
	lb_mentor_load_add(ml, "", "李", 9);
	lb_mentor_load_add(ml, "B", "王", 10);
	lb_mentor_load_add(ml, "", "李", 11);
	assert_int_equal(lb_mentor_load_overs(ml, &ov), 2);
	assert_string_equal(ov[0].mentor, "李");
	assert_string_equal(ov[0].school, "");
	assert_int_equal(ov[0].n, 4);
	assert_int_equal(ov[0].tag, 9);
	assert_string_equal(ov[1].school, "B");
	assert_int_equal(ov[1].n, 3);
	assert_int_equal(ov[1].tag, 10);
	/* school and mentor swapped is another pair; counts go on after overs */
	lb_mentor_load_add(ml, "王", "B", 12);
	lb_mentor_load_add(ml, "王", "B", 13);
	lb_mentor_load_add(ml, "", "李", 14);
	assert_int_equal(lb_mentor_load_overs(ml, &ov), 2);
	assert_int_equal(ov[0].n, 5);
	assert_int_equal(ov[0].tag, 9);
	assert_int_equal(ov[1].n, 3);
	lb_mentor_load_add(ml, "王", "B", 15);
	assert_int_equal(lb_mentor_load_overs(ml, &ov), 3);
	assert_string_equal(ov[2].school, "王");
	assert_string_equal(ov[2].mentor, "B");
	assert_int_equal(ov[2].tag, 15);
	lb_mentor_load_free(ml);
	lb_mentor_load_free(NULL);
}

static void
t_roles(void **state)
{
	(void)state;
	assert_int_equal(lb_role_field("班主任"), LB_R_HEAD_TEACHER);
	assert_int_equal(lb_role_field("帮扶教师"), LB_R_MENTOR);
	assert_int_equal(lb_role_field("父亲"), LB_R_FATHER_NAME);
	assert_int_equal(lb_role_field("母亲"), LB_R_MOTHER_NAME);
	assert_int_equal(lb_role_field("儿童主任"), LB_R_CHILD_DIRECTOR);
	assert_int_equal(lb_role_field("学校"), LB_R_SCHOOL);
	assert_int_equal(lb_role_field("校长"), LB_R_SCHOOL);
	assert_int_equal(lb_role_field("监护人"), LB_R_GUARDIAN_NAME);
	assert_int_equal(lb_role_field("任课教师"), LB_R_SUBJECT_TEACHERS);
	assert_int_equal(lb_role_field("志愿者"), -1);
	assert_int_equal(lb_role_field(LB_ROLE_DEFAULT), LB_R_HEAD_TEACHER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_active),
		cmocka_unit_test(t_birth),
		cmocka_unit_test(t_mentor_load),
		cmocka_unit_test(t_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
