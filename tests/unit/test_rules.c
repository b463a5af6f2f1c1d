/* test_rules.c — window arithmetic at its edges and the rules loader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "rules.h"
#include "window.h"

static int
D(const char *s)
{
	int d = lb_date_parse_iso(s);
	assert_int_not_equal(d, LB_NODATE);
	return d;
}

static char *
fmt(int d)
{
	static char buf[8][11];
	static int k;
	k = (k + 1) % 8;
	return lb_date_format(d, buf[k]);
}

/* Windows as "start..end" joined with spaces. */
static char *
wins(enum lb_every e, enum lb_during du, const struct lb_term *t, size_t nt,
     const char *from, const char *to)
{
	static char out[4096];
	struct lb_span *sp;
	long n = lb_windows(e, du, t, nt, D(from), D(to), &sp);
	assert_true(n >= 0);
	out[0] = 0;
	for (long i = 0; i < n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, sizeof out - len, "%s%s..%s", i ? " " : "", fmt(sp[i].start),
		         fmt(sp[i].end));
	}
	free(sp);
	return out;
}

/* A term starting on a Wednesday: the first ISO week is clipped to 5 days
 * (kept: 5 * 2 >= 7); the last week Mon–Fri of the term end. */
static void
t_week_midweek_start(void **state)
{
	struct lb_term t = {"t", D("2025-09-03"), D("2025-09-19")};
	assert_string_equal(wins(LB_EVERY_WEEK, LB_DURING_TERM, &t, 1, "2025-08-01", "2025-12-31"),
	                    "2025-09-03..2025-09-07 2025-09-08..2025-09-14 2025-09-15..2025-09-19");
	/* starting on a Friday: 3 days left of 7 → dropped */
	t.start = D("2025-09-05");
	assert_string_equal(wins(LB_EVERY_WEEK, LB_DURING_TERM, &t, 1, "2025-08-01", "2025-12-31"),
	                    "2025-09-08..2025-09-14 2025-09-15..2025-09-19");
}

/* 14-day windows count from the Monday on or before the term start. */
static void
t_2weeks_term(void **state)
{
	struct lb_term t = {"t", D("2025-09-03"), D("2025-10-10")};
	/* Mon 09-01: 09-01..09-14 clipped 09-03..09-14 (12 days, kept),
	 * 09-15..09-28, 09-29..10-12 clipped to 10-10 (12 days, kept) */
	assert_string_equal(wins(LB_EVERY_2WEEKS, LB_DURING_TERM, &t, 1, "2025-09-01", "2025-12-31"),
	                    "2025-09-03..2025-09-14 2025-09-15..2025-09-28 2025-09-29..2025-10-10");
}

/* always: counted from the Monday on or before Sept 1, restarting each year;
 * clipped to the school year. 2025-09-01 is a Monday. */
static void
t_2weeks_always_restart(void **state)
{
	/* 2026-09-01 is a Tuesday: the count restarts at Mon 2026-08-31, and
	 * that window is clipped to 2026-09-01..2026-09-13 (13 of 14: kept).
	 * The last window of 2025–26 starts 2026-08-24 (25 * 14 days after
	 * 2025-09-01 is 2026-08-17 + 7 ...) */
	char *w = wins(LB_EVERY_2WEEKS, LB_DURING_ALWAYS, NULL, 0, "2026-08-20", "2026-09-20");
	/* 2025-09-01 + 14*25 = 2026-08-17; next 2026-08-31 would be clipped to
	 * 08-31 only (1 day: dropped) */
	assert_string_equal(w, "2026-08-17..2026-08-30 2026-09-01..2026-09-13 2026-09-14..2026-09-27");
}

/* A month clipped to fewer than half its days is dropped; at least half kept. */
static void
t_month_clipped(void **state)
{
	struct lb_term t = {"2026春", D("2026-02-23"), D("2026-07-10")};
	/* Feb: 6 of 28 → dropped; Jul: 10 of 31 → dropped */
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2026-01-01", "2026-12-31"),
	                    "2026-03-01..2026-03-31 2026-04-01..2026-04-30 2026-05-01..2026-05-31 "
	                    "2026-06-01..2026-06-30");
	/* exactly half: 2025-09-16..09-30 is 15 of 30 → kept */
	t.start = D("2025-09-16");
	t.end = D("2025-10-31");
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2025-09-01", "2025-12-31"),
	                    "2025-09-16..2025-09-30 2025-10-01..2025-10-31");
	/* 14 of 30 → dropped */
	t.start = D("2025-09-17");
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2025-09-01", "2025-12-31"),
	                    "2025-10-01..2025-10-31");
}

/* Leap years: February has 29 days, and 15 of 29 is at least half. */
static void
t_leap_february(void **state)
{
	struct lb_term t = {"t", D("2028-02-15"), D("2028-03-31")};
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2028-01-01", "2028-12-31"),
	                    "2028-02-15..2028-02-29 2028-03-01..2028-03-31");
	/* 2027 is not a leap year: 02-15..02-28 is 14 of 28 → kept too */
	t.start = D("2027-02-15");
	t.end = D("2027-03-31");
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2027-01-01", "2027-12-31"),
	                    "2027-02-15..2027-02-28 2027-03-01..2027-03-31");
	/* 2028-02-16..29 is 14 of 29 → dropped */
	t.start = D("2028-02-16");
	t.end = D("2028-03-31");
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2028-01-01", "2028-12-31"),
	                    "2028-03-01..2028-03-31");
}

/* A year boundary inside a term: December and January are separate months;
 * two-month pairs run from the term's first month across the new year. */
static void
t_year_boundary(void **state)
{
	struct lb_term t = {"2025秋", D("2025-09-01"), D("2026-01-16")};
	assert_string_equal(wins(LB_EVERY_MONTH, LB_DURING_TERM, &t, 1, "2025-12-01", "2026-01-31"),
	                    "2025-12-01..2025-12-31 2026-01-01..2026-01-16");
	/* pairs: Sep–Oct, Nov–Dec, Jan–Feb clipped to 16 of 59 days → dropped */
	assert_string_equal(wins(LB_EVERY_2MONTHS, LB_DURING_TERM, &t, 1, "2025-09-01", "2026-02-28"),
	                    "2025-09-01..2025-10-31 2025-11-01..2025-12-31");
	/* the ISO week across New Year stays one window: Mon 2025-12-29..Sun 2026-01-04 */
	assert_string_equal(wins(LB_EVERY_WEEK, LB_DURING_TERM, &t, 1, "2025-12-31", "2026-01-01"),
	                    "2025-12-29..2026-01-04");
	/* semester = the term */
	assert_string_equal(wins(LB_EVERY_SEMESTER, LB_DURING_TERM, &t, 1, "2025-10-01", "2025-10-31"),
	                    "2025-09-01..2026-01-16");
}

/* ISO week 53: 2026 has 53 ISO weeks (2026-12-28..2027-01-03). */
static void
t_iso_week_53(void **state)
{
	int y, w;
	lb_date_isoweek(D("2026-12-31"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	assert_string_equal(wins(LB_EVERY_WEEK, LB_DURING_ALWAYS, NULL, 0, "2026-12-30", "2027-01-05"),
	                    "2026-12-28..2027-01-03 2027-01-04..2027-01-10");
}

/* always: months and pairs from September; year = the school year; weeks
 * split at Sept 1 (the part before is kept when at least 4 of 7 days). */
static void
t_always(void **state)
{
	assert_string_equal(wins(LB_EVERY_2MONTHS, LB_DURING_ALWAYS, NULL, 0, "2026-06-15", "2026-09-10"),
	                    "2026-05-01..2026-06-30 2026-07-01..2026-08-31 2026-09-01..2026-10-31");
	assert_string_equal(wins(LB_EVERY_YEAR, LB_DURING_ALWAYS, NULL, 0, "2026-08-31", "2026-09-01"),
	                    "2025-09-01..2026-08-31 2026-09-01..2027-08-31");
	/* 2027-09-01 is a Wednesday: Mon 08-30..Tue 08-31 (2 days) dropped;
	 * Wed 09-01..Sun 09-05 (5 days) kept */
	assert_string_equal(wins(LB_EVERY_WEEK, LB_DURING_ALWAYS, NULL, 0, "2027-08-28", "2027-09-06"),
	                    "2027-08-23..2027-08-29 2027-09-01..2027-09-05 2027-09-06..2027-09-12");
	int s, e;
	lb_school_year(D("2026-08-31"), &s, &e);
	assert_string_equal(fmt(s), "2025-09-01");
	assert_string_equal(fmt(e), "2026-08-31");
}

static void
t_invalid_combinations(void **state)
{
	struct lb_span *sp;
	assert_int_equal(lb_windows(LB_EVERY_SEMESTER, LB_DURING_ALWAYS, NULL, 0, 0, 100, &sp), LB_EUSAGE);
	assert_int_equal(lb_windows(LB_EVERY_YEAR, LB_DURING_TERM, NULL, 0, 0, 100, &sp), LB_EUSAGE);
}

/* ---- the loader ---- */

static int
parse(const char *text, struct lb_err *e)
{
	struct lb_rules *rs = NULL;
	lb_err_clear(e);
	int rc = lb_rules_parse(&rs, "r.yaml", text, strlen(text), e);
	lb_rules_free(rs);
	return rc;
}

#define RULE(body) "rules:\n  - id: x\n    title: t\n    kinds: [谈心]\n    every: month\n" body

static void
t_loader_ok(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	const char *txt =
		"profile: p\ncalendar:\n  terms:\n    - {name: b, start: 2026-02-23, end: 2026-07-10}\n"
		"    - {name: a, start: 2025-09-01, end: 2026-01-16}\n"
		RULE("    roles: [结对教师]\n    times: 2\n    applies: {needs: 心理问题, priority: 是}\n");
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", txt, strlen(txt), &e), 0);
	assert_int_equal(rs->nterms, 2);
	assert_string_equal(rs->terms[0].name, "a");   /* sorted */
	assert_int_equal(rs->nrules, 1);
	assert_string_equal(rs->rules[0].roles[0], "帮扶教师");   /* synonym */
	assert_string_equal(rs->rules[0].applies[0].value, "心理");
	assert_int_equal(rs->rules[0].times, 2);
	assert_int_equal(rs->rules[0].during, LB_DURING_TERM);
	assert_int_equal(rs->rules[0].line, 7);
	assert_ptr_equal(lb_rules_term_at(rs, D("2025-12-01")), &rs->terms[0]);
	assert_null(lb_rules_term_at(rs, D("2026-02-01")));
	assert_ptr_equal(lb_rules_term_next(rs, D("2026-02-01")), &rs->terms[1]);
	assert_int_equal(rs->mentor_limit, 7);          /* the default */
	lb_rules_free(rs);
}

/* collective: true|false (default false); the kinds and roles of the plans
 * (安全教育, 主题班会, 悄悄话信箱, 校长, 村委会) and their synonyms load */
static void
t_collective_and_kinds(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	const char *txt =
		"rules:\n"
		"  - {id: a, title: t, kinds: [防溺水教育, 法制教育], every: month, collective: true}\n"
		"  - {id: b, title: t, kinds: [班会, 悄悄话信箱, 看电影], roles: [校长, 村两委], every: month}\n"
		"  - {id: c, title: t, kinds: [心理咨询, 心理疏导], every: month, collective: false}\n";
	(void)state;
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", txt, strlen(txt), &e), 0);
	assert_int_equal(rs->rules[0].collective, 1);
	assert_string_equal(rs->rules[0].kinds[0], "安全教育");
	assert_string_equal(rs->rules[0].kinds[1], "法治教育");
	assert_string_equal(rs->rules[1].kinds[0], "主题班会");
	assert_string_equal(rs->rules[1].kinds[2], "观影");
	assert_string_equal(rs->rules[1].roles[1], "村委会");
	assert_int_equal(rs->rules[1].collective, 0);
	assert_string_equal(rs->rules[2].kinds[0], "心理咨询");   /* its own kind now */
	assert_string_equal(rs->rules[2].kinds[1], "心理辅导");
	lb_rules_free(rs);
	assert_int_equal(parse(RULE("    collective: yes please\n"), &e), LB_ERULES);
	assert_string_equal(e.field, "collective");
	assert_int_equal(parse(RULE("    collective: [true]\n"), &e), LB_ERULES);
	assert_string_equal(e.field, "collective");
}

/* mentor_limit: a top-level whole number; an overlay without it keeps the
 * profile's */
static void
t_mentor_limit(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	const char *txt = "mentor_limit: 3\n";
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", txt, strlen(txt), &e), 0);
	assert_int_equal(rs->mentor_limit, 3);
	lb_rules_free(rs);
	assert_int_equal(parse("mentor_limit: 0\n", &e), LB_ERULES);
	assert_string_equal(e.field, "mentor_limit");
	assert_int_equal(parse("mentor_limit: [1]\n", &e), LB_ERULES);
	assert_int_equal(parse("mentor_limit: '4'\n", &e), LB_ERULES);
	assert_int_equal(lb_rules_open(&rs, NULL, NULL, &e), 0);
	assert_int_equal(rs->mentor_limit, 7);
	lb_rules_free(rs);
}

static void
t_loader_errors(void **state)
{
	struct lb_err e;
	assert_int_equal(parse(RULE("    colour: red\n"), &e), LB_ERULES);
	assert_string_equal(e.file, "r.yaml");
	assert_int_equal(e.line, 6);
	assert_string_equal(e.field, "colour");

	assert_int_equal(parse(RULE("    kinds: [谈心]\n"), &e), LB_ERULES);   /* duplicate key */
	assert_int_equal(e.line, 6);
	assert_string_equal(e.field, "kinds");
	assert_non_null(strstr(e.msg, "line 4"));

	assert_int_equal(parse("rules:\n  - id: x\n    title: t\n    kinds: [唱歌]\n    every: month\n", &e),
	                 LB_ERULES);
	assert_int_equal(e.line, 4);
	assert_string_equal(e.field, "kinds");
	assert_non_null(strstr(e.msg, "唱歌"));

	assert_int_equal(parse(RULE("    roles: [厨师]\n"), &e), LB_ERULES);
	assert_string_equal(e.field, "roles");

	assert_int_equal(parse(RULE("    times: two\n"), &e), LB_ERULES);
	assert_string_equal(e.field, "times");
	assert_int_equal(e.line, 6);

	assert_int_equal(parse(RULE("    during: always\n    applies: [priority]\n"), &e), LB_ERULES);
	assert_string_equal(e.field, "applies");

	assert_int_equal(parse("rules:\n  - id: x\n    title: t\n    kinds: [谈心]\n    every: semester\n"
	                       "    during: always\n", &e), LB_ERULES);
	assert_int_equal(e.line, 6);
	assert_string_equal(e.field, "during");

	assert_int_equal(parse("rules:\n  - id: x\n    title: t\n    kinds: [谈心]\n    every: year\n", &e),
	                 LB_ERULES);
	assert_string_equal(e.field, "during");

	assert_int_equal(parse("rules:\n  - id: x\n    title: t\n    kinds: [谈心]\n    every: fortnight\n", &e),
	                 LB_ERULES);
	assert_string_equal(e.field, "every");
	assert_int_equal(e.line, 5);

	/* anchors and aliases */
	assert_int_equal(parse("k: &a [谈心]\n", &e), LB_ERULES);
	assert_int_equal(parse("rules:\n  - &r {id: x, title: t, kinds: [谈心], every: month}\n", &e), LB_ERULES);
	assert_int_equal(e.line, 2);
	assert_int_equal(parse("a: b\nc: *x\n", &e), LB_ERULES);

	/* unknown top-level key, bad date, overlapping terms, malformed YAML */
	assert_int_equal(parse("profle: x\n", &e), LB_ERULES);
	assert_string_equal(e.field, "profle");
	assert_int_equal(parse("calendar:\n  terms:\n    - {name: a, start: 2025-09-31, end: 2026-01-16}\n", &e),
	                 LB_ERULES);
	assert_string_equal(e.field, "start");
	assert_int_equal(e.line, 3);
	assert_int_equal(parse("calendar:\n  terms:\n    - {name: a, start: 2025-09-01, end: 2026-01-16}\n"
	                       "    - {name: b, start: 2026-01-16, end: 2026-07-10}\n", &e), LB_ERULES);
	assert_int_equal(e.line, 4);
	assert_int_equal(parse("rules: [\n", &e), LB_ERULES);
	assert_int_equal(parse("", &e), LB_ERULES);
	/* two rules with one id */
	assert_int_equal(parse("rules:\n  - {id: x, title: t, kinds: [谈心], every: month}\n"
	                       "  - {id: x, title: t, kinds: [谈心], every: week}\n", &e), LB_ERULES);
	assert_int_equal(e.line, 3);
}

/* Every built-in profile loads, cites a source for every rule and carries
 * the statutory weekly parents' contact. */
static void
t_builtin_profiles(void **state)
{
	const char *const *p = lb_rules_profiles();
	int n = 0;
	for (; *p; p++, n++) {
		struct lb_rules *rs;
		struct lb_err e;
		int rc = lb_rules_open(&rs, *p, NULL, &e);
		if (rc)
			fail_msg("%s: %s:%ld: %s: %s", *p, e.file, e.line, e.field, e.msg);
		assert_string_equal(rs->profile, *p);
		int statutory = 0;
		for (size_t i = 0; i < rs->nrules; i++) {
			assert_true(rs->rules[i].source[0] != 0);
			/* every built-in rule states its roles and cites its plan or the law */
			if (rs->rules[i].nroles == 0)
				fail_msg("%s/%s states no roles", *p, rs->rules[i].id);
			if (!strstr(rs->rules[i].source, "篇") && !strstr(rs->rules[i].source, "未成年人保护法"))
				fail_msg("%s/%s cites no plan", *p, rs->rules[i].id);
			if (strstr(rs->rules[i].source, "未成年人保护法 第二十三条") &&
			    rs->rules[i].every == LB_EVERY_WEEK && rs->rules[i].nroles == 2)
				statutory = 1;
		}
		assert_true(statutory);
		assert_non_null(lb_rules_term_at(rs, D("2025-11-15")));
		lb_rules_free(rs);
	}
	assert_int_equal(n, 9);          /* one per distinct plan */
	struct lb_rules *rs;
	struct lb_err e;
	assert_int_equal(lb_rules_open(&rs, "sangeer", NULL, &e), 0);
	assert_int_equal(rs->mentor_limit, 2);   /* 篇6: two children per teacher */
	assert_int_equal(lb_rules_find(rs, "whisper-mailbox")->every, LB_EVERY_WEEK);
	lb_rules_free(rs);
	assert_int_equal(lb_rules_open(&rs, "village", NULL, &e), 0);
	assert_int_equal(lb_rules_find(rs, "monthly-film")->collective, 1);
	lb_rules_free(rs);
	assert_int_equal(lb_rules_open(&rs, "nowhere", NULL, &e), LB_EUSAGE);
	assert_int_equal(lb_rules_open(&rs, NULL, "/nonexistent/r.yaml", &e), LB_EIO);
}

/* --rules on top of a profile: calendar replaces, rules replace only when given. */
static void
t_overlay(void **state)
{
	char path[] = "/tmp/lb-test-rules-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("calendar:\n  terms:\n    - {name: 县秋, start: 2025-09-08, end: 2026-01-20}\n", fp);
	fclose(fp);
	struct lb_rules *rs;
	struct lb_err e;
	assert_int_equal(lb_rules_open(&rs, "sangeer", path, &e), 0);
	assert_int_equal(rs->nterms, 1);
	assert_string_equal(rs->terms[0].name, "县秋");
	assert_non_null(lb_rules_find(rs, "mentor-weekly"));
	assert_string_equal(rs->profile, "sangeer");
	lb_rules_free(rs);
	fp = fopen(path, "w");
	fputs("rules:\n  - {id: only, title: t, kinds: [家访], every: month}\n", fp);
	fclose(fp);
	assert_int_equal(lb_rules_open(&rs, "sangeer", path, &e), 0);
	assert_int_equal(rs->nrules, 1);
	assert_int_equal(rs->nterms, 4);   /* the built-in calendar kept (schemas/calendar.yaml) */
	assert_string_equal(rs->rules[0].file, path);
	lb_rules_free(rs);
	fp = fopen(path, "w");
	fputs("rules:\n  - {id: only, title: t, kinds: [家访], every: month, during: sometimes}\n", fp);
	fclose(fp);
	assert_int_equal(lb_rules_open(&rs, "sangeer", path, &e), LB_ERULES);
	assert_string_equal(e.file, path);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.field, "during");
	remove(path);
}

/* Every built-in profile carries the statutory weekly contact once, last,
 * and runs on the built-in calendar, which has a term for the current
 * school year (so lb-schedule works without --as-of). */
static void
t_profiles_share_law_and_calendar(void **state)
{
	(void)state;
	for (const char *const *p = lb_rules_profiles(); *p; p++) {
		struct lb_rules *rs;
		struct lb_err e;
		assert_int_equal(lb_rules_open(&rs, *p, NULL, &e), 0);
		assert_true(rs->nrules >= 2);
		const struct lb_rule *law = &rs->rules[rs->nrules - 1];
		assert_string_equal(law->id, "statutory-weekly");
		assert_string_equal(law->source, "未成年人保护法 第二十三条");
		assert_string_equal(law->file, "statutory.yaml");
		size_t n = 0;
		for (size_t i = 0; i < rs->nrules; i++)
			n += strcmp(rs->rules[i].id, "statutory-weekly") == 0;
		assert_int_equal(n, 1);
		assert_non_null(lb_rules_term_at(rs, lb_date_from_ymd(2026, 11, 29)));
		assert_non_null(lb_rules_term_at(rs, lb_date_from_ymd(2025, 11, 15)));
		lb_rules_free(rs);
	}
}

static int
has(char *const *v, size_t n, const char *x)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], x))
			return 1;
	return 0;
}

/* Every built-in rule states its roles; the parents–head-teacher contact
 * counts a record by either side, the same way in every profile that has
 * it; a school's duty never counts a parent's own record. */
static void
t_profiles_roles(void **state)
{
	(void)state;
	int parent_teacher = 0;
	for (const char *const *p = lb_rules_profiles(); *p; p++) {
		struct lb_rules *rs;
		struct lb_err e;
		assert_int_equal(lb_rules_open(&rs, *p, NULL, &e), 0);
		for (size_t i = 0; i < rs->nrules; i++) {
			const struct lb_rule *r = &rs->rules[i];
			if (!r->nroles)
				fail_msg("%s/%s states no roles", *p, r->id);
			/* (a head teacher's contact with the guardian — linxia's
			 * priority-guardian-contact — is another duty) */
			if (has(r->kinds, r->nkinds, "家校联系") && has(r->roles, r->nroles, "班主任") &&
			    !has(r->roles, r->nroles, "监护人")) {
				parent_teacher++;
				assert_true(has(r->roles, r->nroles, "父亲"));
				assert_true(has(r->roles, r->nroles, "母亲"));
				assert_true(has(r->kinds, r->nkinds, "电话家访"));
				assert_int_equal(r->every, LB_EVERY_MONTH);
				assert_int_equal(r->during, LB_DURING_TERM);
			}
			if (has(r->roles, r->nroles, "学校"))
				assert_false(has(r->roles, r->nroles, "父亲") || has(r->roles, r->nroles, "母亲"));
		}
		if (!strcmp(*p, "sangeer"))
			assert_int_equal(rs->mentor_limit, 2);
		if (!strcmp(*p, "village")) {
			assert_true(lb_rules_find(rs, "monthly-film")->collective);
			assert_true(lb_rules_find(rs, "parents-meeting")->collective);
		}
		if (!strcmp(*p, "linxia")) {
			const struct lb_rule *h = lb_rules_find(rs, "family-hotline");
			assert_true(has(h->roles, h->nroles, "学校"));
			assert_false(has(h->roles, h->nroles, "父亲") || has(h->roles, h->nroles, "母亲"));
		}
		lb_rules_free(rs);
	}
	assert_true(parent_teacher >= 2);     /* linxia and wugeyi */
}

/* collective: true | false */
static void
t_collective(void **state)
{
	struct lb_rules *rs;
	struct lb_err e;
	(void)state;
	const char *txt = RULE("    collective: true\n");
	assert_int_equal(lb_rules_parse(&rs, "r.yaml", txt, strlen(txt), &e), 0);
	assert_true(rs->rules[0].collective);
	lb_rules_free(rs);
	assert_int_equal(parse(RULE("    collective: yes\n"), &e), LB_ERULES);
	assert_string_equal(e.field, "collective");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_week_midweek_start),
		cmocka_unit_test(t_2weeks_term),
		cmocka_unit_test(t_2weeks_always_restart),
		cmocka_unit_test(t_month_clipped),
		cmocka_unit_test(t_leap_february),
		cmocka_unit_test(t_year_boundary),
		cmocka_unit_test(t_iso_week_53),
		cmocka_unit_test(t_always),
		cmocka_unit_test(t_invalid_combinations),
		cmocka_unit_test(t_loader_ok),
		cmocka_unit_test(t_collective_and_kinds),
		cmocka_unit_test(t_loader_errors),
		cmocka_unit_test(t_mentor_limit),
		cmocka_unit_test(t_builtin_profiles),
		cmocka_unit_test(t_profiles_roles),
		cmocka_unit_test(t_collective),
		cmocka_unit_test(t_overlay),
		cmocka_unit_test(t_profiles_share_law_and_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
