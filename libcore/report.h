/*
 * report.h — the monthly compliance report (lb-report(1) lists the
 * indicators and their targets).
 *
 * lb_report_build computes every indicator for a month M, per group and in
 * total, from a finished schedule (sched.h): its roster, its owed windows
 * and, per child, the date a parent last made contact (gathered from the
 * activity log as it streams; the log is never held). Windows and statuses
 * are sched.c's, who is active and mentor load roster.c's; this module only
 * counts them. lb_report_write
 * renders the result as Markdown, CSV, YAML or one self-contained HTML page.
 * The output is a pure function of the inputs, --as-of and the language.
 *
 * Usage:
 *   struct lb_report_opts o = {.month = lb_date_from_ymd(2025, 10, 1),
 *                              .asof = asof, .by = LB_BY_SCHOOL};
 *   lb_sched_finish(s);
 *   struct lb_report *r = lb_report_build(s, &o);
 *   lb_report_write(r, stdout, LB_REP_MD, &render);
 *   lb_report_free(r);
 */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#include <stdio.h>
#include <stddef.h>
#include "sched.h"
#include "table.h"

/* LB_BY_PERFORMER is the teachers' 考核: each child-scope window counts for
 * every name of its resolved performer (sched.h); a child counts for its
 * head teacher, mentor and subject teachers; class and school windows count
 * in the total only. */
enum lb_rep_by { LB_BY_SCHOOL = 0, LB_BY_CLASS, LB_BY_HEAD_TEACHER, LB_BY_MENTOR,
                 LB_BY_REGION_CODE, LB_BY_PERFORMER };
/* LB_REP_CARDS is not a rendering of the report: the caller writes the
 * roster's contact cards (cards.h) instead, and lb_report_write refuses it. */
enum lb_rep_fmt { LB_REP_MD = 0, LB_REP_CSV, LB_REP_YAML, LB_REP_HTML, LB_REP_XLSX,
                  LB_REP_CARDS };

/* The words of --by and -f in enum order, NULL-terminated (for
 * lb_cli_choice); lb_rep_by_name(by) is lb_rep_by_names[by]. */
extern const char *const lb_rep_by_names[];
extern const char *const lb_rep_fmt_names[];
const char *lb_rep_by_name(enum lb_rep_by by);

/* ---- the result ---------------------------------------------------------- */

/* count/denominator; "—" when den == 0. */
struct lb_ratio {
	long num, den;
};

struct lb_rep_rulecell {
	long done, windows, overdue;
	/* progress of a long rule (semester, year, 2months: lb_rep_rule_long):
	 * over the owed windows containing the last day of M, the activities
	 * counted so far (each window's up to its times) and those required */
	long prog_done, prog_need;
};

struct lb_rep_group {
	char *key;                   /* "" when the key is missing: shown (未填) */
	long roster, active, left, added;
	long age[3];                 /* 0–5, 6–13, 14–15 on the reference date */
	struct lb_ratio coverage;    /* 建档率: active / the census's count (--census) */
	struct lb_ratio archive;     /* 档案完整率: active without a required-field error */
	struct lb_ratio current;     /* 信息更新率: active archived or updated this term */
	struct lb_ratio records;     /* 记录完整率: M's records needing a summary that have one */
	struct lb_ratio enroll, retain, immun, mentor;
	struct lb_rep_rulecell *rule;   /* nrules cells */
};

/* The texts are borrowed, read-only: they point into the schedule's roster
 * and rules (which outlive the report) and, for performer, into the report's
 * pool of performer texts (perfs, each text once): an overdue window costs no
 * copies. */
struct lb_rep_overdue {
	char *child_id, *name, *school, *grade, *klass, *rule, *performer;
	int start, end;
};

enum lb_att_kind { LB_ATT_NO_GUARDIAN = 0, LB_ATT_NO_PARENT, LB_ATT_GUARDIAN_WEAK,
                   LB_ATT_TURNING_16, LB_ATT_NO_MENTOR, LB_ATT_MENTOR_LOAD };

struct lb_rep_att {
	enum lb_att_kind kind;
	char *child_id, *name, *school, *grade, *klass;   /* mentor load: name = mentor */
	char *detail;                /* the value behind the entry ("较差", "2026-01-05", "9") */
};

struct lb_report_opts {
	int month;                   /* any day of M */
	int asof;
	enum lb_rep_by by;
	/* Archive completeness: 1 when the record has no error-level finding on a
	 * required field. NULL: the built-in check (check.h). */
	int (*complete)(const struct lb_table *roster, const struct lb_row *row, void *arg);
	void *complete_arg;
	/* NULL, or the survey's count per school (census.h): archive coverage */
	const struct lb_census *census;
	/* A term or a school year instead of the month: when period is not
	 * NULL, the report covers from..to (inclusive) and is headed with the
	 * period's name ("2025秋", "2025-26"); the indicators are the month's,
	 * counted over the period. */
	const char *period;
	int from, to;
};

struct lb_report {
	int first, last;             /* the days of the period: M, a term or a year */
	char period[64];             /* its name: "2025-10", "2025秋", "2025-26" */
	int monthly;                 /* 1 when the period is a month */
	int asof, ref;               /* ref = min(last, asof) */
	int sept1;                   /* Sept 1 of the school year of M */
	enum lb_rep_by by;
	int has_immun;               /* the immunized column has values */
	int has_census;              /* coverage is shown (a census was given) */
	int term_start, term_end;    /* the current term: the one containing ref, else
	                              * the last one before it; LB_NODATE when none */
	const struct lb_rule *rules; /* the schedule's rules, in the profile's order
	                              * (borrowed: the rules outlive the report) */
	size_t nrules;
	int mentor_limit;            /* the rules' mentor_limit (roster.h) */
	struct lb_rep_group *g;      /* sorted by key, byte order */
	size_t ng;
	struct lb_rep_group total;
	struct lb_rep_overdue *od;
	size_t nod;
	struct lb_rep_att *att;
	size_t natt;
	struct lb_strv perfs;        /* the performer texts od points to, each once */
};

/*
 * The report of month o->month from a finished schedule (lb_sched_finish):
 * its roster, its rules, its owed windows with their statuses, and, per
 * child, the last contact by a parent up to --as-of (lb_sched_last_parent).
 * The schedule's period should cover the month; its roster and rules must
 * outlive the report.
 */
struct lb_report *lb_report_build(const struct lb_sched *s, const struct lb_report_opts *o);
void lb_report_free(struct lb_report *r);

/* 1 for a rule whose windows are long (semester, year, two months): the
 * report shows its progress in a month its windows do not end in. */
int lb_rep_rule_long(const struct lb_rule *r);

/* Targets, in tenths of a percent (1000 = 100%); marks a ratio below it. */
#define LB_TARGET_FULL  1000
#define LB_TARGET_IMMUN 950
int lb_ratio_below(struct lb_ratio q, int target);
/* "3/4 75.0%" into out (at least 48 bytes); "—" when den == 0. */
char *lb_ratio_format(struct lb_ratio q, char *out);
/* The percentage with one decimal, "75.0", rounded half up; "" when den == 0. */
char *lb_ratio_pct(struct lb_ratio q, char *out);

struct lb_rep_render {
	int zh;                      /* Chinese labels */
	int reveal;                  /* identity and phone numbers unmasked */
	const char *profile;         /* shown in the heading */
	const char *rules_file;      /* or NULL */
	long long created;           /* XLSX: the workbook's created time (0: a fixed epoch) */
};

/* Write the report; 0, or LB_EOUTPUT when the stream reports an error (or,
 * for LB_REP_XLSX, the workbook's temporary file cannot be made or copied). */
int lb_report_write(const struct lb_report *r, FILE *fp, enum lb_rep_fmt fmt,
                    const struct lb_rep_render *ro);

/* A CSV cell neutralised for spreadsheets: text starting with = + - @ TAB
 * or CR gets a leading '. Appends to out. */
void lb_rep_csv_safe(const char *s, struct lb_buf *out);

#endif
