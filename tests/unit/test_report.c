/* Unit tests: libcore/report.c — the indicators of lb-report(1) over a
 * roster table built in code, and the formats. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "census.h"
#include "report.h"
#include "rules.h"
#include "sched.h"
#include "schema.h"
#include "value.h"

#define D(y, m, d) lb_date_from_ymd(y, m, d)

/* A roster table made in code: each child given as "field=value" pairs. */
static struct lb_table tab;

static void
tab_start(enum lb_kind kind)
{
	memset(&tab, 0, sizeof tab);
	tab.kind = kind;
	tab.schema = lb_schema_builtin(kind);
}

static void
tab_add(const char *first, ...)
{
	va_list ap;
	const struct lb_schema *s = tab.schema;
	struct lb_row *row;

	tab.rows = realloc(tab.rows, (tab.n + 1) * sizeof *tab.rows);
	row = &tab.rows[tab.n++];
	row->file = "t.csv";
	row->line = (long)tab.n + 1;
	row->v = calloc(s->n, sizeof *row->v);
	for (size_t i = 0; i < s->n; i++)
		row->v[i] = "";
	va_start(ap, first);
	for (const char *kv = first; kv; kv = va_arg(ap, const char *)) {
		const char *eq = strchr(kv, '=');
		char id[64];
		snprintf(id, sizeof id, "%.*s", (int)(eq - kv), kv);
		int f = lb_schema_field(s, id);
		assert_true(f >= 0);
		row->v[f] = (char *)eq + 1;
	}
	va_end(ap);
}

static void
tab_end(struct lb_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].v);
	free(t->rows);
}

/* every record counts as complete but the one named "Incomplete" */
static int
complete(const struct lb_table *t, const struct lb_row *row, void *arg)
{
	(void)arg;
	return strcmp(row->v[LB_FI(t->schema, LB_R_NAME)], "Incomplete") != 0;
}

static void
t_ratio(void **state)
{
	char s[64];
	(void)state;
	assert_string_equal(lb_ratio_format((struct lb_ratio){3, 4}, s), "3/4 75.0%");
	assert_string_equal(lb_ratio_format((struct lb_ratio){2, 3}, s), "2/3 66.7%");
	assert_string_equal(lb_ratio_format((struct lb_ratio){1, 8}, s), "1/8 12.5%");
	assert_string_equal(lb_ratio_format((struct lb_ratio){0, 0}, s), "—");
	assert_string_equal(lb_ratio_pct((struct lb_ratio){1999, 2000}, s), "100.0");
	assert_true(lb_ratio_below((struct lb_ratio){1999, 2000}, LB_TARGET_FULL));
	assert_false(lb_ratio_below((struct lb_ratio){19, 20}, LB_TARGET_IMMUN));
	assert_true(lb_ratio_below((struct lb_ratio){18, 20}, LB_TARGET_IMMUN));
	assert_false(lb_ratio_below((struct lb_ratio){0, 0}, LB_TARGET_FULL));
}

static void
t_csv_safe(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	const char *in[] = {"=1+1", "+86", "-3", "@x", "\tx", "\rx", "ok", "", "中=文"};
	const char *want[] = {"'=1+1", "'+86", "'-3", "'@x", "'\tx", "'\rx", "ok", "", "中=文"};
	(void)state;
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		lb_buf_clear(&b);
		lb_rep_csv_safe(in[i], &b);
		assert_string_equal(lb_buf_str(&b), want[i]);
	}
	lb_buf_fini(&b);
}

static void
roster(void)
{
	tab_start(LB_KIND_ROSTER);
	/* 0: S1, active, 10 on the reference date, enrolled, priority with mentor */
	tab_add("child_id=A", "name=Ann", "school=S1", "grade=3", "class=2", "birth_date=2015-03-01",
	        "archived_on=2024-09-01", "enrollment=小学", "priority=是", "mentor=王",
	        "immunized=是", "guardian_name=G", NULL);
	/* 1: S1, transferred out on 10-15: on the roster, left, not active */
	tab_add("child_id=B", "name=Bob", "school=S1", "birth_date=2014-01-01",
	        "archived_on=2024-09-01", "status=转出", "updated_on=2025-10-15",
	        "guardian_name=G", NULL);
	/* 2: S2, archived 10-10 (new: owes no October window), 14, dropped out,
	 * no guardian, incomplete */
	tab_add("child_id=C", "name=Incomplete", "school=S2", "birth_date=2010-12-15",
	        "archived_on=2025-10-10", "enrollment=辍学", "immunized=否", NULL);
	/* 3: no school, 4 years old; priority without a mentor; turns 16 never soon */
	tab_add("child_id=D", "name=Dee", "birth_date=2021-01-01", "archived_on=2024-01-01",
	        "priority=是", "guardian_name=G", "guardian_health=较差", NULL);
	/* 4: S1, archived after the month (11-05 > ref): on the roster, not active */
	tab_add("child_id=E", "name=Eve", "school=S1", "birth_date=2012-01-01",
	        "archived_on=2025-11-05", "guardian_name=G", NULL);
}

/* Two rules: a child's monthly talk and a class's monthly meeting. */
static const char rules_text[] =
	"rules:\n"
	"  - {id: talk, title: monthly talk, kinds: [谈心], every: month, during: always}\n"
	"  - {id: meet, title: class meeting, scope: class, kinds: [集体活动], every: month,\n"
	"     during: always}\n";

static struct lb_rules *rules;
static struct lb_sched *sched;

/* One activity about a child: date, kind, role. */
static void
activity(const char *id, int date, const char *kind, const char *role)
{
	const struct lb_schema *as = lb_schema_builtin(LB_KIND_ACTIVITY);
	const char **v = calloc(as->n, sizeof *v);
	char d[16];
	for (size_t i = 0; i < as->n; i++)
		v[i] = "";
	v[LB_FI(as, LB_A_CHILD_ID)] = id;
	v[LB_FI(as, LB_A_DATE)] = lb_date_format(date, d);
	v[LB_FI(as, LB_A_KIND)] = kind;
	v[LB_FI(as, LB_A_ROLE)] = role;
	lb_sched_activity(sched, as, v, "a.csv", 2);
	free(v);
}

/* The schedule of October 2025 as of asof over the roster: A owes a talk
 * (done on 10-05: A's father), D and C (archived 10-10, on the roster 22 of
 * 31 days) owe one (overdue); B left on 10-15 (14 of 31 days), E was
 * archived after the month; class S1 3/2 (A's)
 * owes a meeting (overdue). D's mother called on parent_day. */
static void
schedule(int asof, int parent_day, int log)
{
	struct lb_err e;
	struct lb_sched_opts so = {asof, D(2025, 10, 1), D(2025, 10, 31), NULL, NULL};
	assert_int_equal(lb_rules_parse(&rules, "r.yaml", rules_text, strlen(rules_text), &e), 0);
	assert_int_equal(lb_sched_new(&sched, rules, &tab, &so, &e), 0);
	if (log)
		activity("A", D(2025, 10, 5), "谈心", "父亲");
	if (log && parent_day != LB_NODATE)
		activity("D", parent_day, "亲情电话", "母亲");
	lb_sched_finish(sched);
}

/* The report borrows the schedule's rules: free it first. */
static void
done(struct lb_report *r)
{
	lb_report_free(r);
	lb_sched_free(sched);
	lb_rules_free(rules);
	sched = NULL;
	rules = NULL;
}

static struct lb_report *
build(enum lb_rep_by by, int asof)
{
	struct lb_report_opts o = {.month = D(2025, 10, 1), .asof = asof, .by = by, .complete = complete};
	schedule(asof, LB_NODATE, 1);
	return lb_report_build(sched, &o);
}

/* The new indicators: coverage against a census, records kept current in
 * the term, written records, and the progress of a long rule. */
static void
t_new_indicators(void **state)
{
	static const char txt[] =
		"calendar:\n  terms:\n    - {name: a, start: 2025-09-01, end: 2026-01-16}\n"
		"rules:\n"
		"  - {id: visit, title: v, kinds: [家访], times: 2, every: year, during: always}\n";
	struct lb_err e;
	(void)state;
	roster();
	struct lb_sched_opts so = {D(2025, 11, 1), D(2025, 10, 1), D(2025, 10, 31), NULL, NULL};
	assert_int_equal(lb_rules_parse(&rules, "r.yaml", txt, strlen(txt), &e), 0);
	assert_int_equal(lb_sched_new(&sched, rules, &tab, &so, &e), 0);
	activity("A", D(2025, 10, 5), "家访", "班主任");      /* no summary */
	lb_sched_finish(sched);
	struct lb_census_row cr[] = {{(char *)"S1", 5}, {(char *)"S9", 2}};
	struct lb_census census = {cr, 2, 7};
	struct lb_report_opts o = {.month = D(2025, 10, 1), .asof = D(2025, 11, 1), .by = LB_BY_SCHOOL,
	                           .complete = complete, .census = &census};
	struct lb_report *r = lb_report_build(sched, &o);
	assert_true(r->has_census);
	/* groups: "", S1, S2 and S9 (named by the census only) */
	assert_int_equal(r->ng, 4);
	assert_string_equal(r->g[3].key, "S9");
	assert_int_equal(r->g[1].coverage.num, 1);          /* S1: A active on 10-31 */
	assert_int_equal(r->g[1].coverage.den, 5);
	assert_int_equal(r->g[3].coverage.den, 2);
	assert_int_equal(r->g[2].coverage.den, 0);          /* S2: not in the census */
	assert_int_equal(r->total.coverage.num, 1);
	assert_int_equal(r->total.coverage.den, 7);
	/* current: A (2024-09-01) and D (2024-01-01) not, C (2025-10-10) is */
	assert_int_equal(r->total.current.num, 1);
	assert_int_equal(r->total.current.den, 3);
	/* written records: A's home visit has no summary */
	assert_int_equal(r->total.records.num, 0);
	assert_int_equal(r->total.records.den, 1);
	assert_int_equal(r->g[1].records.den, 1);
	/* progress: the school year's window contains 10-31; A (1 of 2), C, D
	 * and E (archived 11-05: 300 of 365 days) owe it; B (left 10-15) not */
	assert_int_equal(r->total.rule[0].prog_need, 8);
	assert_int_equal(r->total.rule[0].prog_done, 1);
	assert_int_equal(r->total.rule[0].windows, 0);     /* none ends in October */
	done(r);
	tab_end(&tab);
}

static void
t_children(void **state)
{
	struct lb_report *r;
	(void)state;
	roster();
	r = build(LB_BY_SCHOOL, D(2025, 11, 1));
	assert_int_equal(r->ng, 3);
	assert_string_equal(r->g[0].key, "");
	assert_string_equal(r->g[1].key, "S1");
	assert_string_equal(r->g[2].key, "S2");
	assert_int_equal(r->g[1].roster, 3);
	assert_int_equal(r->g[1].active, 1);
	assert_int_equal(r->g[1].left, 1);
	assert_int_equal(r->g[1].added, 0);
	assert_int_equal(r->g[2].added, 1);
	assert_int_equal(r->total.roster, 5);
	assert_int_equal(r->total.active, 3);
	assert_int_equal(r->total.age[0], 1);   /* D */
	assert_int_equal(r->total.age[1], 1);   /* A */
	assert_int_equal(r->total.age[2], 1);   /* C */
	/* archive: A, D complete; C not */
	assert_int_equal(r->total.archive.num, 2);
	assert_int_equal(r->total.archive.den, 3);
	/* enrollment: A (10 on 2025-09-01) and C (14); D is 4 */
	assert_int_equal(r->total.enroll.den, 2);
	assert_int_equal(r->total.enroll.num, 1);
	assert_int_equal(r->total.retain.num, 1);
	assert_int_equal(r->total.immun.num, 1);
	assert_int_equal(r->total.immun.den, 2);
	assert_true(r->has_immun);
	assert_int_equal(r->total.mentor.num, 1);
	assert_int_equal(r->total.mentor.den, 2);
	done(r);
	tab_end(&tab);
}

static void
t_rules(void **state)
{
	struct lb_report *r;
	(void)state;
	roster();
	r = build(LB_BY_SCHOOL, D(2025, 11, 1));
	assert_int_equal(r->total.rule[0].windows, 3);
	assert_int_equal(r->total.rule[0].done, 1);
	assert_int_equal(r->total.rule[0].overdue, 2);
	assert_int_equal(r->g[1].rule[0].windows, 1);    /* S1: A */
	assert_int_equal(r->g[0].rule[0].overdue, 1);    /* no school: D */
	/* S2: C, archived on 10-10, is on the roster 22 of October's 31 days */
	assert_int_equal(r->g[2].rule[0].windows, 1);
	assert_int_equal(r->g[1].rule[1].windows, 1);    /* class rule under school */
	assert_int_equal(r->total.rule[1].overdue, 1);
	assert_int_equal(r->nod, 3);
	assert_string_equal(r->od[0].child_id, "D");     /* same start: no school first */
	assert_string_equal(r->od[1].school, "S1");
	assert_string_equal(r->od[1].child_id, "");      /* the class's */
	assert_string_equal(r->od[1].grade, "3");
	assert_string_equal(r->od[2].child_id, "C");
	done(r);

	/* under --by mentor a class rule counts in the total only */
	r = build(LB_BY_MENTOR, D(2025, 11, 1));
	assert_int_equal(r->total.rule[1].windows, 1);
	for (size_t i = 0; i < r->ng; i++)
		assert_int_equal(r->g[i].rule[1].windows, 0);
	done(r);

	/* --as-of before the end of the month: windows ending after it do not count */
	r = build(LB_BY_SCHOOL, D(2025, 10, 20));
	assert_int_equal(r->total.rule[0].windows, 0);
	assert_int_equal(r->ref, D(2025, 10, 20));
	done(r);
	tab_end(&tab);
}

static void
t_attention(void **state)
{
	struct lb_report *r;
	(void)state;

	roster();
	/* the last contact by a parent, per roster row (A B C D E): A's father
	 * on 10-01; D's mother on 08-03, exactly 90 days before 11-01: too old */
	struct lb_report_opts o = {.month = D(2025, 10, 1), .asof = D(2025, 11, 1), .by = LB_BY_SCHOOL,
	                           .complete = complete};
	schedule(D(2025, 11, 1), D(2025, 8, 3), 1);
	r = lb_report_build(sched, &o);
	/* active on 11-01: A, C, D. A: nothing. C: no guardian, no parent.
	 * D: no parent, guardian weak, priority without mentor. Sorted by school:
	 * D (no school) first. */
	assert_int_equal(r->natt, 5);
	assert_string_equal(r->att[0].child_id, "D");
	assert_int_equal(r->att[0].kind, LB_ATT_NO_PARENT);
	assert_int_equal(r->att[1].kind, LB_ATT_GUARDIAN_WEAK);
	assert_string_equal(r->att[1].detail, "较差");
	assert_int_equal(r->att[2].kind, LB_ATT_NO_MENTOR);
	assert_string_equal(r->att[3].child_id, "C");
	assert_int_equal(r->att[3].kind, LB_ATT_NO_GUARDIAN);
	assert_int_equal(r->att[4].kind, LB_ATT_NO_PARENT);
	done(r);

	/* one day later D's contact is inside the 90 days */
	schedule(D(2025, 11, 1), D(2025, 8, 4), 1);
	r = lb_report_build(sched, &o);
	assert_int_equal(r->natt, 4);
	assert_int_equal(r->att[0].kind, LB_ATT_GUARDIAN_WEAK);
	done(r);

	/* no log at all: every active child lacks a parent's contact */
	schedule(D(2025, 11, 1), LB_NODATE, 0);
	r = lb_report_build(sched, &o);
	assert_int_equal(r->natt, 6);
	done(r);
	tab_end(&tab);
}

/* Age comes from roster.h: without a birth_date, from a valid child_id. */
static void
t_age_from_id(void **state)
{
	struct lb_report *r;
	char id[19] = "62290120150601001";
	(void)state;
	id[17] = lb_idcard_checkchar(id);
	id[18] = '\0';
	tab_start(LB_KIND_ROSTER);
	tab_add("child_id=X", "name=Xi", "school=S1", "birth_date=2015-03-01", NULL);
	tab_add("name=Yu", "school=S1", NULL);
	tab.rows[1].v[LB_FI(tab.schema, LB_R_CHILD_ID)] = id;
	r = build(LB_BY_SCHOOL, D(2025, 11, 1));
	assert_int_equal(r->total.active, 2);
	assert_int_equal(r->total.age[1], 2);      /* both 10 */
	assert_int_equal(r->total.enroll.den, 2);
	done(r);
	tab_end(&tab);
}

static char *
render(const struct lb_report *r, enum lb_rep_fmt f, int zh)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct lb_rep_render rr = {zh, 0, "linxia", NULL, 0};
	assert_int_equal(lb_report_write(r, fp, f, &rr), 0);
	fclose(fp);
	return buf;
}

static void
t_formats(void **state)
{
	struct lb_report *r;
	(void)state;
	roster();
	r = build(LB_BY_SCHOOL, D(2025, 11, 1));
	for (int f = LB_REP_MD; f <= LB_REP_HTML; f++) {
		char *a = render(r, (enum lb_rep_fmt)f, 1), *b = render(r, (enum lb_rep_fmt)f, 1);
		assert_string_equal(a, b);
		assert_null(strstr(a, "(null)"));
		free(a), free(b);
	}
	char *md = render(r, LB_REP_MD, 0);
	assert_non_null(strstr(md, "| **Total** | 5 | 3 | 1 | 1 | 1 | 1 | 1 |\n"));
	assert_non_null(strstr(md, "| (未填) |"));
	assert_non_null(strstr(md, "2/3 66.7% !"));
	free(md);
	char *html = render(r, LB_REP_HTML, 0);
	assert_non_null(strstr(html, "<svg"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src="));
	free(html);
	done(r);
	tab_end(&tab);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_ratio),
		cmocka_unit_test(t_csv_safe),
		cmocka_unit_test(t_children),
		cmocka_unit_test(t_new_indicators),
		cmocka_unit_test(t_rules),
		cmocka_unit_test(t_age_from_id),
		cmocka_unit_test(t_attention),
		cmocka_unit_test(t_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
