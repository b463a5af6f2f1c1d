/* Unit tests: libcore/sched.c — the activity log streamed through the owed
 * windows. A raw log (synonyms, loose dates, spaces) must count exactly as
 * the same log read whole and normalised (lb_table_read + lb_sched_activity);
 * the last contact by a parent is kept per child. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "sched.h"
#include "schema.h"
#include "table.h"
#include "scratch.h"
#include "value.h"

#define D(y, m, d) lb_date_from_ymd(y, m, d)



/* A valid identity number: born 2015-01-01 in 110105, sequence seq. */
static void
idnum(int seq, char out[19])
{
	snprintf(out, 19, "11010520150101%03d", seq);
	out[17] = lb_idcard_checkchar(out);
	out[18] = '\0';
}

static const char *rules_yaml =
	"profile: t\n"
	"calendar:\n  terms:\n    - {name: a, start: 2025-09-01, end: 2026-01-16}\n"
	"rules:\n"
	"  - {id: talk, title: t, kinds: [谈心], roles: [班主任], every: month}\n"
	"  - {id: parent, title: p, kinds: [亲情电话, 视频通话], roles: [父亲, 母亲], every: week}\n"
	"  - {id: any, title: a, kinds: [家访], every: 2weeks}\n"
	"  - {id: lesson, title: l, scope: class, kinds: [心理健康课], every: month}\n";

static struct lb_sched *
sched(const struct lb_rules *rs, const struct lb_table *roster)
{
	struct lb_sched *s;
	struct lb_err e;
	struct lb_sched_opts o = {D(2025, 11, 15), D(2025, 9, 1), D(2026, 1, 16), NULL, NULL};
	assert_int_equal(lb_sched_new(&s, rs, roster, &o, &e), 0);
	return s;
}

static void
t_raw_log_counts_as_normalised(void **state)
{
	char a[19], b[19], c[19], x[19], text[4096];
	struct lb_rules *rs;
	struct lb_err e;
	struct lb_table roster, log;
	(void)state;

	idnum(1, a), idnum(2, b), idnum(3, c), idnum(4, x);
	/* a check character X written in lower case: find a sequence with one */
	for (int seq = 5; seq < 200; seq++) {
		idnum(seq, c);
		if (c[17] == 'X')
			break;
	}
	assert_int_equal(c[17], 'X');
	snprintf(text, sizeof text,
	         "child_id,name,gender,birth_date,school,grade,class,head_teacher,father_name,archived_on\n"
	         "%s,A,男,2015-01-01,S1,1,2,T1,F1,2025-01-01\n"
	         "%s,B,女,2015-01-01,S1,1,2,T1,F2,2025-01-01\n"
	         "%s,C,男,2015-01-01,S1,1,3,T2,F3,2025-01-01\n",
	         a, b, c);
	const char *rpath = scratch_file("roster.csv", text);
	char clow[19];
	memcpy(clow, c, 19);
	clow[17] = 'x';
	snprintf(text, sizeof text,
	         "date,child_id,school,grade,class,kind,performer,role\n"
	         "2025/10/3, %s ,,,,谈心谈话,T1,班主任\n"        /* A: talk, October */
	         "2025-10-08,%s,,,,视频,F1,爸爸\n"                /* A: parent, week of 10-06 */
	         "2025年10月9日,%s,,,,亲情电话,F2, 妈妈 \n"       /* B: parent, week of 10-06 */
	         "20251010,%s,,,,入户家访,T2,老师\n"              /* C (x): any role counts */
	         "2025-10-11,%s,,,,谈心,T1,任课教师\n"            /* B: role not named */
	         "2025-10-12,%s,,,,过敏,T1,班主任\n"              /* A: not a kind */
	         "2025-11-20,%s,,,,谈心,T1,班主任\n"              /* after the as-of date */
	         "2025-11-21,%s,,,,亲情电话,F1,父亲\n"            /* after: not a parent contact */
	         "2025-10-13,%s,,,,谈心,T1,班主任\n"              /* not on the roster */
	         "2025-10-15,,S1 ,一年级,(2)班,心理课,,学校\n"     /* class 1-2 */
	         "2025-10-16,,S1,1,3,心理健康课,,学校\n"          /* class 1-3 */
	         "2025-10-17,,S2,1,2,心理健康课,,学校\n"          /* no such class */
	         "not a date,%s,,,,谈心,T1,班主任\n",
	         a, a, b, clow, b, a, a, a, x, a);
	const char *lpath = scratch_file("log.csv", text);

	assert_int_equal(lb_rules_parse(&rs, "r.yaml", rules_yaml, strlen(rules_yaml), &e), 0);
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	assert_int_equal(lb_table_read(&roster, rpath, NULL, NULL, &e), 0);
	assert_int_equal(roster.n, 3);

	/* streamed, normalised on demand */
	struct lb_sched *s1 = sched(rs, &roster);
	assert_int_equal(lb_sched_log(s1, lpath, NULL, NULL, &e), 0);
	lb_sched_finish(s1);
	/* read whole and normalised, record by record */
	struct lb_sched *s2 = sched(rs, &roster);
	lb_table_init(&log, LB_KIND_ACTIVITY, lb_schema_builtin(LB_KIND_ACTIVITY));
	assert_int_equal(lb_table_read(&log, lpath, NULL, NULL, &e), 0);
	for (size_t i = 0; i < log.n; i++)
		lb_sched_activity(s2, log.schema, (const char *const *)log.rows[i].v,
		                  log.rows[i].file, log.rows[i].line);
	lb_sched_finish(s2);

	assert_int_equal(lb_sched_nactivities(s1), 13);
	assert_int_equal(lb_sched_unknown(s1), 1);
	assert_int_equal(lb_sched_count(s1), lb_sched_count(s2));
	int done[4] = {0};
	for (size_t i = 0; i < lb_sched_count(s1); i++) {
		const struct lb_window *w1 = lb_sched_get(s1, i), *w2 = lb_sched_get(s2, i);
		assert_int_equal(w1->row, w2->row);
		assert_int_equal(w1->start, w2->start);
		assert_string_equal(w1->rule->id, w2->rule->id);
		assert_int_equal(w1->done, w2->done);
		if (!w1->done)
			continue;
		/* which windows counted */
		if (!strcmp(w1->rule->id, "talk")) {
			assert_int_equal(w1->row, 0);
			assert_int_equal(w1->start, D(2025, 10, 1));
			done[0]++;
		} else if (!strcmp(w1->rule->id, "parent")) {
			assert_int_equal(w1->start, D(2025, 10, 6));
			assert_true(w1->row == 0 || w1->row == 1);
			done[1]++;
		} else if (!strcmp(w1->rule->id, "any")) {
			assert_int_equal(w1->row, 2);
			done[2]++;
		} else {
			/* a class stands on its first child: 1-2 on A, 1-3 on C */
			assert_true(w1->row == 0 || w1->row == 2);
			assert_int_equal(w1->start, D(2025, 10, 1));
			done[3]++;
		}
	}
	assert_int_equal(done[0], 1);
	assert_int_equal(done[1], 2);
	assert_int_equal(done[2], 1);
	assert_int_equal(done[3], 2);   /* class 1-2 and class 1-3 */

	/* the last contact by a parent, up to the as-of date */
	const int *lp = lb_sched_last_parent(s1);
	assert_int_equal(lp[0], D(2025, 10, 8));
	assert_int_equal(lp[1], D(2025, 10, 9));
	assert_int_equal(lp[2], LB_NODATE);
	for (int i = 0; i < 3; i++)
		assert_int_equal(lp[i], lb_sched_last_parent(s2)[i]);

	lb_sched_free(s1);
	lb_sched_free(s2);
	lb_table_fini(&log);
	lb_table_fini(&roster);
	lb_rules_free(rs);
}

/* A class owes a window when a member is active on its start (roster.h):
 * a child who left (转出) after the start still makes the class owe it. */
static void
t_class_member_left_after_start(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	struct lb_table roster;
	char a[19];
	char text[1024];
	(void)state;

	idnum(1, a);
	snprintf(text, sizeof text,
	         "child_id,name,gender,birth_date,school,grade,class,head_teacher,status,archived_on,updated_on\n"
	         "%s,A,男,2015-01-01,S1,1,2,T1,转出,2025-01-01,2025-10-20\n", a);
	const char *rpath = scratch_file("left.csv", text);
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", rules_yaml, strlen(rules_yaml), &e), 0);
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	assert_int_equal(lb_table_read(&roster, rpath, NULL, NULL, &e), 0);
	struct lb_sched *s = sched(rs, &roster);
	lb_sched_finish(s);
	int lessons = 0, octobers = 0;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		if (strcmp(w->rule->id, "lesson"))
			continue;
		lessons++;
		octobers += w->start == D(2025, 10, 1);
	}
	/* September and October (the child left on 10-20), not November */
	assert_int_equal(lessons, 2);
	assert_int_equal(octobers, 1);
	lb_sched_free(s);
	lb_table_fini(&roster);
	lb_rules_free(rs);
}

static const char *rules2 =
	"profile: t\n"
	"calendar:\n  terms:\n    - {name: a, start: 2025-09-01, end: 2026-01-16}\n"
	"rules:\n"
	"  - {id: visit, title: v, kinds: [家访], roles: [班主任], times: 2, every: semester}\n"
	"  - {id: film, title: f, kinds: [观影], roles: [学校], every: month, collective: true}\n"
	"  - {id: talk, title: t, kinds: [谈心], roles: [班主任], every: month}\n"
	"  - {id: meet, title: m, scope: school, kinds: [监护人会议], roles: [学校], every: month}\n";

/* The windows of rule id for roster row, in a finished schedule. */
static int
nwin(const struct lb_sched *s, const char *id, size_t row, int start, int *done)
{
	int n = 0;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		if (!strcmp(w->rule->id, id) && w->row == row && (!start || w->start == start)) {
			n++;
			if (done)
				*done = w->done;
		}
	}
	return n;
}

/* Owed by days on the roster (at least half the window); a school owes a
 * window when a child is archived in its first half; a collective event
 * counts for each child of its school on the roster that day, under a
 * collective rule only; and the reason a child owes nothing of a rule. */
static void
t_owed_by_days_and_collective(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	struct lb_table roster;
	char a[19], b[19], c[19], d[19], f[19], g[19], text[2048];
	(void)state;
	idnum(1, a), idnum(2, b), idnum(3, c), idnum(4, d), idnum(5, f), idnum(6, g);
	snprintf(text, sizeof text,
	         "child_id,name,gender,birth_date,school,grade,class,head_teacher,status,archived_on,updated_on\n"
	         "%s,A,男,2015-01-01,S1,1,2,T1,,2025-09-05,\n"          /* 0: owes the term */
	         "%s,B,女,2015-01-01,S1,1,2,T1,,2025-12-20,\n"          /* 1: 28 of 138 days */
	         "%s,C,男,2015-01-01,S1,1,2,T1,转出,2025-09-01,2025-10-15\n" /* 2: 44 days */
	         "%s,D,女,2015-01-01,S2,1,2,,,2025-09-01,\n"            /* 3: another school */
	         "%s,F,男,2015-01-01,S3,1,1,T3,,2025-10-10,\n"          /* 4: S3 from 10-10 */
	         "%s,G,男,2015-01-01,S4,1,1,T4,,2025-10-20,\n",         /* 5: S4 from 10-20 */
	         a, b, c, d, f, g);
	const char *rpath = scratch_file("days.csv", text);
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", rules2, strlen(rules2), &e), 0);
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	assert_int_equal(lb_table_read(&roster, rpath, NULL, NULL, &e), 0);
	struct lb_sched *s;
	struct lb_sched_opts o = {D(2026, 1, 20), D(2025, 9, 1), D(2026, 1, 16), NULL, NULL};
	assert_int_equal(lb_sched_new(&s, rs, &roster, &o, &e), 0);
	const struct lb_schema *as = lb_schema_builtin(LB_KIND_ACTIVITY);
	const char *v[LB_A_NFIELDS + 1];
	for (size_t i = 0; i < as->n; i++)
		v[i] = "";
	v[LB_FI(as, LB_A_DATE)] = "2025-10-20";
	v[LB_FI(as, LB_A_SCHOOL)] = "S1";
	v[LB_FI(as, LB_A_KIND)] = "观影";
	v[LB_FI(as, LB_A_ROLE)] = "学校";
	lb_sched_activity(s, as, v, "log.csv", 2);
	v[LB_FI(as, LB_A_KIND)] = "谈心";         /* a collective talk: talk is not collective */
	v[LB_FI(as, LB_A_ROLE)] = "班主任";
	lb_sched_activity(s, as, v, "log.csv", 3);
	/* written records: A's two home visits, one with a summary */
	v[LB_FI(as, LB_A_SCHOOL)] = "";
	v[LB_FI(as, LB_A_CHILD_ID)] = a;
	v[LB_FI(as, LB_A_KIND)] = "家访";
	v[LB_FI(as, LB_A_DATE)] = "2025-10-10";
	lb_sched_activity(s, as, v, "log.csv", 4);
	v[LB_FI(as, LB_A_SUMMARY)] = "看望奶奶";
	lb_sched_activity(s, as, v, "log.csv", 5);
	v[LB_FI(as, LB_A_KIND)] = "亲情电话";    /* needs none */
	lb_sched_activity(s, as, v, "log.csv", 6);
	lb_sched_finish(s);
	struct lb_sched_records rec;
	lb_sched_records(s, &rec);
	assert_int_equal(rec.need[0], 2);
	assert_int_equal(rec.have[0], 1);
	assert_int_equal(rec.cneed, 1);          /* the collective talk, no summary */
	assert_int_equal(rec.chave, 0);

	assert_int_equal(nwin(s, "visit", 0, 0, NULL), 1);
	assert_int_equal(nwin(s, "visit", 1, 0, NULL), 0);
	assert_int_equal(nwin(s, "visit", 2, 0, NULL), 0);
	assert_int_equal(nwin(s, "visit", 3, 0, NULL), 1);
	/* C: September (30 days) owed, October (14 of 31) not */
	assert_int_equal(nwin(s, "talk", 2, D(2025, 9, 1), NULL), 1);
	assert_int_equal(nwin(s, "talk", 2, D(2025, 10, 1), NULL), 0);
	/* the film on 10-20 at S1: A done; D (S2) not */
	int done = -1;
	assert_int_equal(nwin(s, "film", 0, D(2025, 10, 1), &done), 1);
	assert_int_equal(done, 1);
	assert_int_equal(nwin(s, "film", 3, D(2025, 10, 1), &done), 1);
	assert_int_equal(done, 0);
	assert_int_equal(nwin(s, "talk", 0, D(2025, 10, 1), &done), 1);
	assert_int_equal(done, 0);
	/* schools: S3 (F from 10-10: 22 of 31 days) owes October; S4 (G from
	 * 10-20: 12 days) does not, but owes November */
	assert_int_equal(nwin(s, "meet", 4, D(2025, 10, 1), NULL), 1);
	assert_int_equal(nwin(s, "meet", 5, D(2025, 10, 1), NULL), 0);
	assert_int_equal(nwin(s, "meet", 5, D(2025, 11, 1), NULL), 1);

	struct lb_buf why = LB_BUF_INIT;
	const struct lb_rule *visit = lb_rules_find(rs, "visit");
	assert_int_equal(lb_sched_why_none(s, visit, 1, &why), 1);
	assert_non_null(strstr(lb_buf_str(&why), "28 of the 138 days"));
	assert_int_equal(lb_sched_why_none(s, visit, 2, &why), 1);
	assert_non_null(strstr(lb_buf_str(&why), "44 of the 138 days"));
	assert_non_null(strstr(lb_buf_str(&why), "转出 since 2025-10-15"));
	assert_int_equal(lb_sched_why_none(s, visit, 0, &why), 0);
	assert_int_equal(lb_sched_row(s, b), 1);
	lb_buf_fini(&why);
	lb_sched_free(s);
	lb_table_fini(&roster);
	lb_rules_free(rs);
}

/* child_id → row: canonical 18-character ids (a digit or X last) and any
 * other text, repeats (the first row wins), and enough children for the
 * tables to grow. */
static void
t_id_lookup(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	struct lb_table roster;
	struct lb_buf text = LB_BUF_INIT;
	char id[19], xid[19] = "";
	(void)state;
	lb_buf_adds(&text, "child_id,name,gender,birth_date,school,grade,class,head_teacher\n");
	for (int i = 0; i < 700; i++) {
		idnum(i, id);
		if (id[17] == 'X' && !*xid)
			memcpy(xid, id, 19);
		lb_buf_printf(&text, "%s,N%d,男,2015-01-01,S1,1,2,T1\n", id, i);
	}
	idnum(5, id);
	lb_buf_printf(&text, "%s,again,男,2015-01-01,S1,1,2,T1\n", id);   /* row 700 */
	lb_buf_adds(&text, "A-17,odd,男,2015-01-01,S1,1,2,T1\n");           /* row 701 */
	const char *rpath = scratch_file("ids.csv", lb_buf_str(&text));
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", rules_yaml, strlen(rules_yaml), &e), 0);
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	assert_int_equal(lb_table_read(&roster, rpath, NULL, NULL, &e), 0);
	struct lb_sched *s = sched(rs, &roster);
	assert_true(*xid);
	for (int i = 0; i < 700; i++) {
		idnum(i, id);
		assert_int_equal(lb_sched_row(s, id), i);
	}
	idnum(700, id);
	assert_int_equal(lb_sched_row(s, id), -1);
	const char *odd = roster.rows[701].v[LB_FI(roster.schema, LB_R_CHILD_ID)];
	assert_int_equal(lb_sched_row(s, odd), 701);
	assert_int_equal(lb_sched_row(s, ""), -1);
	char lower[19];
	memcpy(lower, xid, 19);
	lower[17] = 'x';                     /* not the canonical form */
	assert_int_equal(lb_sched_row(s, lower), -1);
	lb_sched_free(s);
	lb_table_fini(&roster);
	lb_rules_free(rs);
	lb_buf_fini(&text);
}

/* lb_sched_performers: equal texts are one pointer and one number
 * (lb_sched_performers_no), and a pointer given out stays valid while
 * later pairs add texts (lb-schedule keys its cells by them). */
static void
t_performers_interned(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	struct lb_table roster;
	char text[8192], id[19];
	size_t at = 0;
	(void)state;
	at += (size_t)snprintf(text, sizeof text, "child_id,name,gender,birth_date,school,grade,class,"
	                       "head_teacher,father_name,status,archived_on,updated_on\n");
	for (int i = 0; i < 40; i++) {
		idnum(i + 1, id);
		at += (size_t)snprintf(text + at, sizeof text - at,
		                       "%s,N%d,男,2015-01-01,S1,1,%d,T%d,F%d,,2025-09-01,\n",
		                       id, i, i % 3, i % 3, i);
	}
	const char *rpath = scratch_file("perf.csv", text);
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", rules_yaml, strlen(rules_yaml), &e), 0);
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	assert_int_equal(lb_table_read(&roster, rpath, NULL, NULL, &e), 0);
	struct lb_sched *s = sched(rs, &roster);
	lb_sched_finish(s);
	size_t n = lb_sched_count(s);
	assert_true(n > 40);
	const char **p = calloc(n, sizeof *p);
	char **copy = calloc(n, sizeof *copy);
	size_t *no = calloc(n, sizeof *no);
	for (size_t i = 0; i < n; i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		p[i] = lb_sched_performers(s, w);
		no[i] = lb_sched_performers_no(s, w);
		copy[i] = strdup(p[i]);
		struct lb_buf b = LB_BUF_INIT;
		lb_sched_performer(s, w, &b);
		assert_string_equal(p[i], lb_buf_str(&b));
		lb_buf_fini(&b);
	}
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(p[i], copy[i]);      /* still valid */
		for (size_t j = 0; j < i; j++) {
			int same = !strcmp(copy[i], copy[j]);
			assert_int_equal(same, p[i] == p[j]);
			assert_int_equal(same, no[i] == no[j]);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(copy[i]);
	free(copy);
	free(p);
	free(no);
	lb_sched_free(s);
	lb_table_fini(&roster);
	lb_rules_free(rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_raw_log_counts_as_normalised),
		cmocka_unit_test(t_class_member_left_after_start),
		cmocka_unit_test(t_owed_by_days_and_collective),
		cmocka_unit_test(t_id_lookup),
		cmocka_unit_test(t_performers_interned),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
