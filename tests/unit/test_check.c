/* Unit tests: libcore/check.c — each check fires on a bad record and keeps
 * quiet on a good one; --as-of is 2025-11-15 throughout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "date.h"
#include "value.h"

static const struct lb_schema *R, *A;
static const char **vals;
static struct lb_diags D;
static int ASOF;

static void
set(int known, const char *v)
{
	vals[LB_FI(R, known)] = v;
}

static void
aset(int known, const char *v)
{
	vals[LB_FI(A, known)] = v;
}

/* A record with nothing wrong: a boy born 2015-03-04, both parents away. */
static void
base(void)
{
	for (size_t i = 0; i < R->n; i++)
		vals[i] = "";
	set(LB_R_CHILD_ID, "110105201503040017");
	set(LB_R_NAME, "张三");
	set(LB_R_GENDER, "男");
	set(LB_R_BIRTH_DATE, "2015-03-04");
	set(LB_R_ADDRESS, "红园村1号");
	set(LB_R_LEFT_BEHIND_TYPE, "父母均外出务工");
	set(LB_R_FATHER_WORK_PLACE, "广州");
	set(LB_R_MOTHER_WORK_PLACE, "深圳");
	set(LB_R_GUARDIAN_NAME, "张大爷");
	set(LB_R_GUARDIAN_RELATION, "祖父母");
	set(LB_R_GUARDIAN_PHONE, "13812345678");
	set(LB_R_ARCHIVED_ON, "2024-09-01");
}

static void
abase(void)
{
	for (size_t i = 0; i < A->n; i++)
		vals[i] = "";
	aset(LB_A_DATE, "2025-10-08");
	aset(LB_A_CHILD_ID, "110105201503040017");
	aset(LB_A_KIND, "谈心");
	aset(LB_A_ROLE, "班主任");
	aset(LB_A_SUMMARY, "谈学习");
}

static struct lb_check *
newck(const struct lb_schema *s, int pass, int maxm)
{
	struct lb_check_opts o = {.asof = ASOF, .max_per_mentor = maxm, .pass = pass};
	lb_diags_clear(&D);
	return lb_check_new(s, "r.csv", &o);
}

/* The number of findings with this code (and field, level and line when given). */
static int
count(const char *code, const char *field, int level, long line)
{
	int n = 0;
	for (size_t i = 0; i < D.n; i++) {
		const struct lb_diag *d = &D.v[i];
		if (strcmp(d->code, code) || (field && strcmp(d->field, field)) ||
		    (level >= 0 && (int)d->level != level) || (line > 0 && d->line != line))
			continue;
		n++;
	}
	return n;
}

/* Check one record alone; returns the number of findings. */
static size_t
one(void)
{
	struct lb_check *ck = newck(R, 0, 0);
	lb_check_record(ck, 2, vals, &D);
	lb_check_finish(ck, &D);
	lb_check_free(ck);
	return D.n;
}

static void
t_clean(void **state)
{
	(void)state;
	base();
	assert_int_equal(one(), 0);
	set(LB_R_STATUS, "在册");
	set(LB_R_PRIORITY, "是");
	set(LB_R_MENTOR, "李老师");
	set(LB_R_GUARDIAN_ID, "110105198001010059");
	set(LB_R_HEALTH, "健康");
	set(LB_R_UPDATED_ON, "2025-09-01");
	set(LB_R_ENTRUSTED_ON, "2024-08-20");
	set(LB_R_ENROLLMENT, "小学");
	set(LB_R_SCHOOL, "红园小学");
	set(LB_R_GRADE, "5");
	set(LB_R_FATHER_PHONE, "0930-6212345");
	assert_int_equal(one(), 0);
}

static void
t_required(void **state)
{
	(void)state;
	base();
	set(LB_R_NAME, "");
	set(LB_R_ARCHIVED_ON, " ");
	one();
	assert_int_equal(count("required", "name", LB_ERROR, 2), 1);
	assert_int_equal(count("required", "archived_on", LB_ERROR, 2), 1);
	assert_int_equal(D.n, 2);
}

static void
t_no_guardian(void **state)
{
	(void)state;
	base();
	set(LB_R_GUARDIAN_NAME, "");
	set(LB_R_GUARDIAN_RELATION, "");
	set(LB_R_GUARDIAN_PHONE, "");
	one();
	assert_int_equal(count("no-guardian", "guardian_name", LB_ERROR, 2), 1);
	assert_int_equal(D.n, 1);   /* not also "required" for relation and phone */
	base();
	set(LB_R_GUARDIAN_PHONE, "");
	one();
	assert_int_equal(count("required", "guardian_phone", LB_ERROR, 2), 1);
	assert_int_equal(count("no-guardian", NULL, -1, 0), 0);
}

/* The identity-number vectors of the issue, on child_id. */
static void
t_idcard_vectors(void **state)
{
	static const struct {
		const char *id, *code;   /* code NULL: valid */
	} v[] = {
		{"11010519491231002X", NULL},         /* the standard's own example */
		{"110105201503040017", NULL},
		{"622901201602290011", NULL},         /* 2016-02-29: a leap year */
		{"110105201503040016", "idcard-check"},
		{"11010519491231002x", "normalizable"},
		{"622901201502300016", "idcard-date"},  /* 0230 */
		{"622901201502290014", "idcard-date"},  /* 2015-02-29 */
		{"11010520300101001X", "idcard-future"},
		{"990105201503040010", "idcard-province"},
		{"110105150304001", "idcard-15"},
		{"11010520150304001", "idcard-length"},
		{"1101052015030400170", "idcard-length"},
		{"11010520150304A017", "idcard-chars"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct lb_check *ck = newck(R, 0, 0);
		base();
		set(LB_R_CHILD_ID, v[i].id);
		/* keep gender and birth in line with vectors that carry another one */
		set(LB_R_GENDER, "");
		set(LB_R_BIRTH_DATE, "");
		lb_check_record(ck, 2, vals, &D);
		lb_check_free(ck);
		int n = v[i].code ? count(v[i].code, "child_id", -1, 2) : 0;
		size_t other = 0;
		for (size_t k = 0; k < D.n; k++)
			if (!strcmp(D.v[k].field, "child_id") && (!v[i].code || strcmp(D.v[k].code, v[i].code)))
				other++;
		if ((v[i].code && n != 1) || other) {
			print_error("vector %s: expected %s\n", v[i].id, v[i].code ? v[i].code : "no finding");
			for (size_t k = 0; k < D.n; k++)
				print_error("  got %s %s\n", D.v[k].field, D.v[k].code);
			fail();
		}
	}
	/* levels: a 15-digit number is a warning, the others errors */
	base();
	set(LB_R_CHILD_ID, "110105150304001");
	one();
	assert_int_equal(count("idcard-15", "child_id", LB_WARNING, 2), 1);
	base();
	set(LB_R_CHILD_ID, "110105201503040016");
	one();
	assert_int_equal(count("idcard-check", "child_id", LB_ERROR, 2), 1);
}

static void
t_dates(void **state)
{
	(void)state;
	base();
	set(LB_R_BIRTH_DATE, "2015/3/4");
	one();
	assert_int_equal(count("normalizable", "birth_date", LB_WARNING, 2), 1);
	assert_int_equal(D.n, 1);
	base();
	set(LB_R_BIRTH_DATE, "2015-02-30");
	one();
	assert_int_equal(count("date", "birth_date", LB_ERROR, 2), 1);
	base();
	set(LB_R_ARCHIVED_ON, "2025-11-16");
	one();
	assert_int_equal(count("date-future", "archived_on", LB_ERROR, 2), 1);
	base();
	set(LB_R_ARCHIVED_ON, "2025-11-15");   /* today is not the future */
	assert_int_equal(one(), 0);
	base();
	set(LB_R_ARCHIVED_ON, "2014-09-01");
	one();
	assert_int_equal(count("before-birth", "archived_on", LB_ERROR, 2), 1);
	base();
	set(LB_R_UPDATED_ON, "2024-08-31");
	one();
	assert_int_equal(count("updated-before-archived", "updated_on", LB_ERROR, 2), 1);
	base();
	set(LB_R_UPDATED_ON, "2024-09-01");
	assert_int_equal(one(), 0);
}

static void
t_against_id(void **state)
{
	(void)state;
	base();
	set(LB_R_GENDER, "女");
	one();
	assert_int_equal(count("gender-idcard", "gender", LB_ERROR, 2), 1);
	base();
	set(LB_R_BIRTH_DATE, "2015-03-05");
	one();
	assert_int_equal(count("birth-idcard", "birth_date", LB_ERROR, 2), 1);
	base();
	set(LB_R_CHILD_ID, "110105201503040025");   /* a girl */
	set(LB_R_GENDER, "女");
	assert_int_equal(one(), 0);
}

static void
t_age(void **state)
{
	(void)state;
	base();
	set(LB_R_CHILD_ID, "622901200912010041");   /* 16 on 2025-12-01: in 16 days */
	set(LB_R_GENDER, "女");
	set(LB_R_BIRTH_DATE, "2009-12-01");
	one();
	assert_int_equal(count("turns-16", "birth_date", LB_WARNING, 2), 1);
	assert_int_equal(D.n, 1);
	set(LB_R_STATUS, "转出");
	set(LB_R_UPDATED_ON, "2025-09-01");
	assert_int_equal(one(), 0);                 /* not on the roster any more */
	base();
	set(LB_R_CHILD_ID, "11010520081201001X");   /* 16 on 2024-12-01 */
	set(LB_R_BIRTH_DATE, "2008-12-01");
	one();
	assert_int_equal(count("over-age", "birth_date", LB_ERROR, 2), 1);
	set(LB_R_STATUS, "超龄");
	set(LB_R_UPDATED_ON, "2024-12-01");
	assert_int_equal(one(), 0);
	/* 16 on 2026-02-14: 91 days away, quiet */
	base();
	set(LB_R_CHILD_ID, "");
	set(LB_R_BIRTH_DATE, "2010-02-14");
	one();
	assert_int_equal(count("turns-16", NULL, -1, 0), 0);
	set(LB_R_BIRTH_DATE, "2010-02-13");        /* 90 days: fires */
	one();
	assert_int_equal(count("turns-16", NULL, -1, 0), 1);
}

static void
t_parents(void **state)
{
	(void)state;
	base();
	set(LB_R_FATHER_WORK_PLACE, "");
	one();
	assert_int_equal(count("work-place", "father_work_place", LB_ERROR, 2), 1);
	assert_int_equal(D.n, 1);
	base();
	set(LB_R_LEFT_BEHIND_TYPE, "母亲外出务工、父亲无监护能力");
	set(LB_R_FATHER_WORK_PLACE, "");
	assert_int_equal(one(), 0);
	set(LB_R_GUARDIAN_RELATION, "父亲");
	one();
	assert_int_equal(count("guardian-away", "guardian_relation", LB_ERROR, 2), 1);
	base();
	set(LB_R_GUARDIAN_RELATION, "母亲");
	one();
	assert_int_equal(count("guardian-away", "guardian_relation", LB_ERROR, 2), 1);
	base();
	set(LB_R_GUARDIAN_ID, "110105201001010061");   /* 15 years old */
	one();
	assert_int_equal(count("guardian-minor", "guardian_id", LB_ERROR, 2), 1);
}

static void
t_mentor(void **state)
{
	(void)state;
	base();
	set(LB_R_PRIORITY, "是");
	one();
	assert_int_equal(count("no-mentor", "mentor", LB_ERROR, 2), 1);
	set(LB_R_PRIORITY, "否");
	assert_int_equal(one(), 0);

	/* mentor-load: 3 children for a limit of 2, at the line of the third */
	struct lb_check *ck = newck(R, 0, 2);
	static const char *ids[] = {"110105201503040017", "110105201503040025", "622901201006150039"};
	static const char *births[] = {"2015-03-04", "2015-03-04", "2010-06-15"};
	static const char *names[] = {"甲", "乙", "丙"};
	for (int i = 0; i < 3; i++) {
		base();
		set(LB_R_CHILD_ID, ids[i]);
		set(LB_R_GENDER, i == 1 ? "女" : "男");
		set(LB_R_BIRTH_DATE, births[i]);
		set(LB_R_NAME, names[i]);
		set(LB_R_MENTOR, "李老师");
		lb_check_record(ck, 2 + i, vals, &D);
	}
	assert_int_equal(D.n, 0);
	lb_check_finish(ck, &D);
	assert_int_equal(count("mentor-load", "mentor", LB_WARNING, 4), 1);
	assert_int_equal(D.n, 1);
	lb_check_free(ck);
}

static void
t_duplicates(void **state)
{
	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		struct lb_check *ck = newck(R, pass, 0);
		base();
		assert_int_equal(lb_check_record(ck, 2, vals, &D), 0);
		set(LB_R_NAME, "张三丰");
		assert_int_equal(lb_check_record(ck, 5, vals, &D), 1);
		assert_int_equal(count("duplicate-id", "child_id", LB_ERROR, 5), 1);
		assert_true(strstr(D.v[0].msg, "line 2") != NULL);
		size_t newly = lb_check_finish(ck, &D);
		assert_int_equal(count("duplicate-id", "child_id", LB_ERROR, 2), pass ? 0 : 1);
		assert_int_equal(newly, pass ? 0 : 1);
		if (!pass)
			assert_true(strstr(D.v[1].msg, "line 5") != NULL);
		lb_check_free(ck);
	}
	/* the same name and birth date under another id */
	struct lb_check *ck = newck(R, 0, 0);
	base();
	lb_check_record(ck, 2, vals, &D);
	set(LB_R_CHILD_ID, "");
	lb_check_record(ck, 3, vals, &D);
	assert_int_equal(count("duplicate-child", "name", LB_WARNING, 3), 1);
	base();
	set(LB_R_NAME, "李四");
	set(LB_R_CHILD_ID, "110105201503040025");
	set(LB_R_GENDER, "女");
	lb_check_record(ck, 4, vals, &D);
	lb_check_finish(ck, &D);
	assert_int_equal(count("duplicate-child", NULL, -1, 0), 1);
	assert_int_equal(count("required", NULL, -1, 0), 1);   /* line 3's empty child_id */
	assert_int_equal(D.n, 2);
	lb_check_free(ck);
}

static void
t_enums(void **state)
{
	(void)state;
	base();
	set(LB_R_GUARDIANSHIP_RATING, "优秀");
	one();
	assert_int_equal(count("enum", "guardianship_rating", LB_WARNING, 2), 1);
	/* health is a category plus free text: never a finding */
	base();
	set(LB_R_HEALTH, "过敏体质");
	set(LB_R_GUARDIAN_HEALTH, "患有高血压");
	one();
	assert_int_equal(D.n, 0);
	base();
	set(LB_R_GENDER, "男生");
	one();
	assert_int_equal(count("enum", "gender", LB_ERROR, 2), 1);
	base();
	set(LB_R_GUARDIAN_RELATION, "爷爷");
	one();
	assert_int_equal(count("normalizable", "guardian_relation", LB_WARNING, 2), 1);
	assert_int_equal(D.n, 1);
	base();
	set(LB_R_GRADE, "13");
	one();
	assert_int_equal(count("normalizable", NULL, -1, 0), 0);
	assert_int_equal(D.n, 1);
	assert_int_equal(D.v[0].level, LB_ERROR);
	assert_string_equal(D.v[0].field, "grade");
	base();
	set(LB_R_GUARDIAN_PHONE, "12345");
	one();
	assert_int_equal(D.n, 1);
	assert_string_equal(D.v[0].field, "guardian_phone");
	assert_int_equal(D.v[0].level, LB_ERROR);
}

static void
t_structure(void **state)
{
	(void)state;
	struct lb_check *ck = newck(R, 0, 0);
	const char *names[] = {"身份证号", "姓名", "性别", "出生日期", "爱好"};
	int fields[] = {LB_FI(R, LB_R_CHILD_ID), LB_FI(R, LB_R_NAME), LB_FI(R, LB_R_GENDER),
	                LB_FI(R, LB_R_BIRTH_DATE), -1};
	lb_check_header(ck, 3, 5, names, fields, &D);
	assert_int_equal(count("unknown-column", "爱好", LB_WARNING, 3), 1);
	assert_int_equal(count("missing-column", "archived_on", LB_ERROR, 3), 1);
	assert_int_equal(count("missing-column", "guardian_name", LB_ERROR, 3), 1);
	assert_int_equal(count("missing-column", "mentor", -1, 0), 0);  /* not required */
	size_t header = D.n;
	lb_check_cells(ck, 4, 5, &D);
	assert_int_equal(D.n, header);
	lb_check_cells(ck, 4, 3, &D);
	assert_int_equal(count("cells", "出生日期", LB_WARNING, 4), 1);
	lb_check_cells(ck, 5, 6, &D);
	assert_int_equal(count("cells", "#6", LB_WARNING, 5), 1);
	/* a missing required column is not reported again record by record */
	size_t before = D.n;
	base();
	set(LB_R_ARCHIVED_ON, "");
	set(LB_R_GUARDIAN_NAME, "");
	lb_check_record(ck, 4, vals, &D);
	assert_int_equal(D.n, before);
	lb_check_free(ck);
}

static void
t_activity(void **state)
{
	(void)state;
	struct lb_check *ck = newck(A, 0, 0);
	lb_check_roster_add(ck, "110105201503040017", lb_date_parse_iso("2024-09-01"));
	abase();
	assert_int_equal(lb_check_record(ck, 2, vals, &D), 0);
	assert_int_equal(D.n, 0);
	/* a talk needs a summary; a phone call does not */
	abase();
	aset(LB_A_SUMMARY, "");
	assert_int_equal(lb_check_record(ck, 2, vals, &D), 0);
	assert_int_equal(count("no-summary", "summary", LB_WARNING, 2), 1);
	abase();
	aset(LB_A_SUMMARY, "");
	aset(LB_A_KIND, "亲情电话");
	lb_check_record(ck, 2, vals, &D);
	assert_int_equal(count("no-summary", "summary", LB_WARNING, 2), 1);
	lb_diags_clear(&D);
	aset(LB_A_CHILD_ID, "110105201503040025");
	lb_check_record(ck, 3, vals, &D);
	assert_int_equal(count("not-on-roster", "child_id", LB_ERROR, 3), 1);
	abase();
	aset(LB_A_DATE, "2024-08-31");
	lb_check_record(ck, 4, vals, &D);
	assert_int_equal(count("before-archive", "date", LB_WARNING, 4), 1);
	abase();
	aset(LB_A_DATE, "2025-12-01");
	lb_check_record(ck, 5, vals, &D);
	assert_int_equal(count("date-future", "date", LB_ERROR, 5), 1);
	abase();
	aset(LB_A_KIND, "吃饭");
	aset(LB_A_ROLE, "厨师");
	lb_check_record(ck, 6, vals, &D);
	assert_int_equal(count("enum", "kind", LB_ERROR, 6), 1);
	assert_int_equal(count("enum", "role", LB_WARNING, 6), 1);
	abase();
	aset(LB_A_CHILD_ID, "");
	lb_check_record(ck, 7, vals, &D);
	assert_int_equal(count("no-school", "school", LB_ERROR, 7), 1);
	aset(LB_A_SCHOOL, "红园小学");
	size_t n = D.n;
	assert_int_equal(lb_check_record(ck, 8, vals, &D), 0);
	assert_int_equal(D.n, n);
	lb_check_free(ck);
}

static void
t_required_ok(void **state)
{
	(void)state;
	struct lb_check *ck = newck(R, 0, 0);
	base();
	set(LB_R_GUARDIANSHIP_RATING, "优秀");     /* a warning on an optional field */
	set(LB_R_GRADE, "13");            /* an error on an optional field */
	lb_check_record(ck, 2, vals, &D);
	assert_true(lb_check_required_ok(R, &D, 0));
	size_t from = D.n;
	base();
	set(LB_R_CHILD_ID, "110105201503040025");
	set(LB_R_GENDER, "女");
	set(LB_R_GUARDIAN_PHONE, "");
	lb_check_record(ck, 3, vals, &D);
	assert_false(lb_check_required_ok(R, &D, from));
	lb_check_free(ck);
}

/* lb_check_values on two worker contexts, then lb_check_across in input
 * order, give what lb_check_record gives, finding for finding, though the
 * values change before the checks across records run (a batch is reused). */
static void
set_rec(int i)
{
	static const char *ids[] = {"110105201503040017", "110105201503040025", "622901201006150039"};
	base();
	set(LB_R_CHILD_ID, ids[i % 3]);
	set(LB_R_GENDER, i % 3 == 1 ? "女" : "男");
	set(LB_R_BIRTH_DATE, i % 3 == 2 ? "2010-06-15" : "2015-03-04");
	set(LB_R_NAME, i % 4 == 3 ? "张三" : i % 2 ? "乙" : "丙");
	set(LB_R_MENTOR, i % 5 ? "李老师" : "王老师");
	if (i % 7 == 3)
		set(LB_R_GUARDIAN_PHONE, "12345");
	if (i % 6 == 4)
		set(LB_R_GENDER, "X");
	if (i == 9)
		set(LB_R_CHILD_ID, "");
	if (i % 3 == 0)
		set(LB_R_FATHER_NAME, "张父");
}

static void
t_workers(void **state)
{
	(void)state;
	enum { NREC = 24 };
	struct lb_diags one_d = {0}, par_d = {0}, wd[2] = {{0}};
	struct lb_check_keys *keys[2] = {lb_check_keys_new(), lb_check_keys_new()};
	int nerr1[NREC], nerr2[NREC];
	size_t from[NREC], to[NREC], kidx[NREC];

	/* no-performer (per record, after the findings across records) on the
	 * workers too: they share the parent's rules */
	struct lb_rules *rs;
	struct lb_err e;
	const char *txt = "rules:\n  - {id: letters, title: t, kinds: [书信], roles: [父亲], every: month}\n";
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", txt, strlen(txt), &e), 0);
	struct lb_check_opts o = {.asof = ASOF, .max_per_mentor = 2, .rules = rs};
	struct lb_check *ck = lb_check_new(R, "r.csv", &o);
	for (int i = 0; i < NREC; i++) {
		set_rec(i);
		nerr1[i] = lb_check_record(ck, 2 + i, vals, &one_d);
	}
	lb_check_finish(ck, &one_d);
	struct lb_check *ck1 = ck;   /* its findings point to its file name */

	ck = lb_check_new(R, "r.csv", &o);
	struct lb_check *w[2] = {lb_check_worker(ck), lb_check_worker(ck)};
	for (int i = 0; i < NREC; i++) {
		int k = i % 2;
		set_rec(i);
		from[i] = wd[k].n;
		kidx[i] = (size_t)i / 2;
		lb_check_values(w[k], 2 + i, vals, &wd[k], keys[k]);
		to[i] = wd[k].n;
	}
	for (size_t i = 0; i < R->n; i++)
		vals[i] = "垃圾";   /* the batch is gone */
	for (int i = 0; i < NREC; i++) {
		int k = i % 2;
		size_t at = lb_check_keys_at(keys[k], kidx[i]);
		for (size_t j = from[i]; j < at; j++)
			lb_diags_add(&par_d, wd[k].v[j].file, wd[k].v[j].line, wd[k].v[j].field,
			             wd[k].v[j].level, wd[k].v[j].code, wd[k].v[j].value, "%s", wd[k].v[j].msg);
		nerr2[i] = lb_check_across(ck, keys[k], kidx[i], &par_d);
		for (size_t j = at; j < to[i]; j++)
			lb_diags_add(&par_d, wd[k].v[j].file, wd[k].v[j].line, wd[k].v[j].field,
			             wd[k].v[j].level, wd[k].v[j].code, wd[k].v[j].value, "%s", wd[k].v[j].msg);
	}
	lb_check_finish(ck, &par_d);

	assert_true(one_d.n > 10);
	assert_int_equal(par_d.n, one_d.n);
	for (int i = 0; i < NREC; i++)
		assert_int_equal(nerr2[i], nerr1[i]);
	int seen_dup = 0, seen_child = 0, seen_load = 0, seen_perf = 0;
	for (size_t i = 0; i < one_d.n; i++) {
		const struct lb_diag *a = &one_d.v[i], *b = &par_d.v[i];
		assert_string_equal(a->file, b->file);
		assert_int_equal(a->line, b->line);
		assert_string_equal(a->field, b->field);
		assert_int_equal(a->level, b->level);
		assert_string_equal(a->code, b->code);
		assert_string_equal(a->msg, b->msg);
		assert_string_equal(a->value, b->value);
		seen_dup |= !strcmp(a->code, "duplicate-id");
		seen_child |= !strcmp(a->code, "duplicate-child");
		seen_load |= !strcmp(a->code, "mentor-load");
		seen_perf |= !strcmp(a->code, "no-performer");
	}
	assert_true(seen_dup && seen_child && seen_load && seen_perf);
	lb_check_free(w[0]);
	lb_check_free(w[1]);
	lb_check_free(ck);
	lb_check_free(ck1);
	lb_check_keys_free(keys[0]);
	lb_check_keys_free(keys[1]);
	lb_diags_fini(&one_d);
	lb_diags_fini(&par_d);
	lb_diags_fini(&wd[0]);
	lb_diags_fini(&wd[1]);
	lb_rules_free(rs);
}

/* no-performer: a rule the child owes whose roles' roster fields are empty */
static void
t_no_performer(void **state)
{
	(void)state;
	struct lb_rules *rs;
	struct lb_err e;
	const char *txt =
		"rules:\n"
		"  - {id: subject, title: t, kinds: [谈心], roles: [任课教师], every: month}\n"
		"  - {id: parents, title: t, kinds: [书信], roles: [父亲, 母亲], every: month}\n"
		"  - {id: prio, title: t, kinds: [谈心], roles: [帮扶教师], every: month,\n"
		"     applies: {priority: 是}}\n";
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", txt, strlen(txt), &e), 0);
	struct lb_check_opts o = {.asof = ASOF, .rules = rs};
	lb_diags_clear(&D);
	struct lb_check *ck = lb_check_new(R, "r.csv", &o);
	base();
	lb_check_record(ck, 2, vals, &D);
	assert_int_equal(count("no-performer", "subject_teachers", LB_WARNING, 2), 1);
	assert_non_null(strstr(D.v[D.n - 1].msg, "subject, parents"));
	base();
	set(LB_R_SUBJECT_TEACHERS, "李老师;王老师");
	set(LB_R_MOTHER_NAME, "林芳");
	lb_check_record(ck, 3, vals, &D);
	assert_int_equal(count("no-performer", NULL, -1, 3), 0);
	/* a child who left owes nothing */
	base();
	set(LB_R_STATUS, "转出");
	set(LB_R_UPDATED_ON, "2025-09-01");
	lb_check_record(ck, 4, vals, &D);
	assert_int_equal(count("no-performer", NULL, -1, 4), 0);
	lb_check_free(ck);
	lb_rules_free(rs);
}

/* The packed child_id keys (check.c): only equal ids are duplicates — the
 * check character X against a digit, lower-case x (the same child once
 * normalised), 15-digit and other ids off the packed form (exact strings),
 * 19 digits, a packed id against a string one. */
static void
t_duplicate_keys(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		long dup_of;   /* the line it duplicates, or 0 */
	} cases[] = {
		{"11010520150304005X", 0},
		{"110105201503040050", 0},    /* same 17 digits, check 0 */
		{"110105201503040059", 0},    /* check 9: packs next to X's */
		{"11010520150304005x", 2},    /* lower-case x: normalised to X */
		{"110105150304001", 0},       /* 15 digits */
		{"110105150304001", 6},
		{"1101052015030400501", 0},   /* 19 digits */
		{"110105201503040051", 0},    /* the packed neighbour of line 3's */
		{"ABC", 0},
		{"ABD", 0},
		{"ABC", 10},
		{"000000000000000000", 0},
		{"00000000000000000X", 0},
		{"99999999999999999X", 0},
		{"999999999999999999", 0},
		{"99999999999999999X", 15},
		{"000000000000000000", 13},
		{"11010520150304001X", 0},    /* a wrong check character: as typed */
		{"11010520150304001x", 0},    /* so lower-case x is another string */
		{"11010520150304001X", 19},
	};
	size_t n = sizeof cases / sizeof cases[0];
	struct lb_check *ck = newck(R, 1, 0);
	for (size_t i = 0; i < n; i++) {
		base();
		set(LB_R_CHILD_ID, cases[i].id);
		set(LB_R_BIRTH_DATE, "");   /* no duplicate-child */
		lb_check_record(ck, (long)i + 2, vals, &D);
	}
	for (size_t i = 0; i < n; i++) {
		char want[64];
		snprintf(want, sizeof want, "line %ld", cases[i].dup_of);
		int found = 0;
		for (size_t k = 0; k < D.n; k++)
			if (D.v[k].line == (long)i + 2 && !strcmp(D.v[k].code, "duplicate-id")) {
				found++;
				assert_non_null(strstr(D.v[k].msg, want));
			}
		if (found != (cases[i].dup_of ? 1 : 0))
			fail_msg("%s on line %zu: %d duplicate-id findings", cases[i].id, i + 2, found);
	}
	lb_check_free(ck);
}

/* duplicate-child compares the children's child_ids exactly, also when the
 * first child's id was seen before its name (kept apart), when there is no
 * id, and on lines past 2^31. */
static void
t_duplicate_child_ids(void **state)
{
	(void)state;
	static const struct {
		long line;
		const char *id, *name;
		long child_of;   /* duplicate-child naming this line, or 0 */
	} cases[] = {
		{2, "110105201503040017", "张三", 0},
		{3, "110105201503040025", "李四", 0},
		{4, "110105201503040017", "李四", 3},   /* id of line 2, name of line 3 */
		{5, "110105201503040025", "李四", 0},   /* line 3's child again */
		{6, "110105201503040033", "王五", 0},
		{7, "110105201503040017", "赵六", 0},   /* id first seen on 2 */
		{8, "110105201503040017", "赵六", 0},   /* the same child */
		{9, "110105201503040041", "赵六", 7},
		{10, "", "钱七", 0},
		{11, "", "钱七", 0},                   /* no id either time */
		{12, "110105201503040058", "钱七", 10},
		{3000000000L, "110105201503040066", "孙八", 0},
		{3000000001L, "110105201503040066", "孙八", 0},
		{3000000002L, "110105201503040074", "孙八", 3000000000L},
	};
	size_t n = sizeof cases / sizeof cases[0];
	struct lb_check *ck = newck(R, 1, 0);
	lb_check_expect(ck, 100);
	for (size_t i = 0; i < n; i++) {
		base();
		set(LB_R_CHILD_ID, cases[i].id);
		set(LB_R_NAME, cases[i].name);
		lb_check_record(ck, cases[i].line, vals, &D);
	}
	for (size_t i = 0; i < n; i++) {
		char want[64];
		snprintf(want, sizeof want, "line %ld ", cases[i].child_of);
		int found = 0;
		for (size_t k = 0; k < D.n; k++)
			if (D.v[k].line == cases[i].line && !strcmp(D.v[k].code, "duplicate-child")) {
				found++;
				assert_non_null(strstr(D.v[k].msg, want));
			}
		if (found != (cases[i].child_of ? 1 : 0))
			fail_msg("line %ld: %d duplicate-child findings", cases[i].line, found);
	}
	assert_int_equal(count("duplicate-id", NULL, -1, 3000000001L), 1);
	for (size_t k = 0; k < D.n; k++)
		if (D.v[k].line == 3000000001L && !strcmp(D.v[k].code, "duplicate-id"))
			assert_non_null(strstr(D.v[k].msg, "line 3000000000"));
	lb_check_free(ck);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_clean),
		cmocka_unit_test(t_required),
		cmocka_unit_test(t_no_guardian),
		cmocka_unit_test(t_idcard_vectors),
		cmocka_unit_test(t_dates),
		cmocka_unit_test(t_against_id),
		cmocka_unit_test(t_age),
		cmocka_unit_test(t_parents),
		cmocka_unit_test(t_mentor),
		cmocka_unit_test(t_duplicates),
		cmocka_unit_test(t_duplicate_keys),
		cmocka_unit_test(t_duplicate_child_ids),
		cmocka_unit_test(t_enums),
		cmocka_unit_test(t_structure),
		cmocka_unit_test(t_activity),
		cmocka_unit_test(t_no_performer),
		cmocka_unit_test(t_required_ok),
		cmocka_unit_test(t_workers),
	};
	R = lb_schema_builtin(LB_KIND_ROSTER);
	A = lb_schema_builtin(LB_KIND_ACTIVITY);
	vals = calloc(R->n > A->n ? R->n : A->n, sizeof *vals);
	ASOF = lb_date_parse_iso("2025-11-15");
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	lb_diags_fini(&D);
	free(vals);
	return rc;
}
