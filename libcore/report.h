/*
 * report.h — the monthly compliance report (DESIGN.md sections 4 and 6).
 *
 * lb_report_build computes every indicator of section 6 for a month M, per
 * group and in total, from a roster table, the owed windows of the rules
 * module and, per child, the date a parent last made contact (gathered from
 * the activity log as it streams; the log is never held). One
 * implementation of windows and statuses lives in rules.c; this module only
 * counts them. lb_report_write
 * renders the result as Markdown, CSV, YAML or one self-contained HTML page.
 * The output is a pure function of the inputs, --as-of and the language.
 *
 * Usage:
 *   struct lb_report_opts o = {.month = lb_date_from_ymd(2025, 10, 1),
 *                              .asof = asof, .by = LB_BY_SCHOOL};
 *   struct lb_report *r = lb_report_build(&roster, last_parent, rules, nrules,
 *                                         wins, nwins, &o);
 *   lb_report_write(r, stdout, LB_REP_MD, &render);
 *   lb_report_free(r);
 */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#include <stdio.h>
#include <stddef.h>
#include "table.h"

enum lb_rep_by { LB_BY_SCHOOL = 0, LB_BY_CLASS, LB_BY_HEAD_TEACHER, LB_BY_MENTOR,
                 LB_BY_REGION_CODE };
enum lb_rep_fmt { LB_REP_MD = 0, LB_REP_CSV, LB_REP_YAML, LB_REP_HTML, LB_REP_XLSX };

/* Parse "school", "class", … / "md", "csv", …: 0 or -1. */
int lb_rep_by_parse(const char *s, enum lb_rep_by *by);
const char *lb_rep_by_name(enum lb_rep_by by);
int lb_rep_fmt_parse(const char *s, enum lb_rep_fmt *fmt);

/* ---- what the rules module hands over ---------------------------------- */

enum lb_rep_scope { LB_REP_CHILD = 0, LB_REP_CLASS, LB_REP_SCHOOL };
enum lb_rep_status { LB_REP_DONE = 0, LB_REP_OVERDUE, LB_REP_DUE, LB_REP_UPCOMING };

/* One rule of the profile, in the profile's order. */
struct lb_rep_rule {
	const char *id, *title;
	enum lb_rep_scope scope;
};

/* One owed window with its status as of --as-of, exactly as the rules
 * module computed it. Strings are borrowed (they must outlive the report
 * build; the report copies what it keeps). */
struct lb_rep_win {
	size_t rule;                 /* index into the rules array */
	long child;                  /* child scope: roster row index; else -1 */
	const char *school, *grade, *klass;   /* class/school scope */
	int start, end;              /* clipped window, days */
	int done;                    /* matching activities counted */
	enum lb_rep_status status;
	const char *performer;
};

/* ---- the result ---------------------------------------------------------- */

/* count/denominator; "—" when den == 0. */
struct lb_ratio {
	long num, den;
};

struct lb_rep_rulecell {
	long done, windows, overdue;
};

struct lb_rep_group {
	char *key;                   /* "" when the key is missing: shown (未填) */
	long roster, active, left, added;
	long age[3];                 /* 0–5, 6–13, 14–15 on the reference date */
	struct lb_ratio archive, enroll, retain, immun, mentor;
	struct lb_rep_rulecell *rule;   /* nrules cells */
};

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
};

struct lb_report {
	int first, last;             /* the days of M */
	int asof, ref;               /* ref = min(last, asof) */
	int sept1;                   /* Sept 1 of the school year of M */
	enum lb_rep_by by;
	int has_immun;               /* the immunized column has values */
	struct lb_rep_rule *rules;   /* copies */
	size_t nrules;
	struct lb_rep_group *g;      /* sorted by key, byte order */
	size_t ng;
	struct lb_rep_group total;
	struct lb_rep_overdue *od;
	size_t nod;
	struct lb_rep_att *att;
	size_t natt;
};

/* last_parent: per roster row, the last date up to --as-of of an activity
 * with role 父亲 or 母亲 about that child, or LB_NODATE (lb_sched_last_parent
 * gathers it while the log streams); NULL: none. */
struct lb_report *lb_report_build(const struct lb_table *roster, const int *last_parent,
                                  const struct lb_rep_rule *rules, size_t nrules,
                                  const struct lb_rep_win *wins, size_t nwins,
                                  const struct lb_report_opts *o);
void lb_report_free(struct lb_report *r);

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

/* Write the report; 0, or LB_EOUTPUT when the stream reports an error. */
int lb_report_write(const struct lb_report *r, FILE *fp, enum lb_rep_fmt fmt,
                    const struct lb_rep_render *ro);

/* A CSV cell neutralised for spreadsheets: text starting with = + - @ TAB
 * or CR gets a leading '. Appends to out. */
void lb_rep_csv_safe(const char *s, struct lb_buf *out);

#endif
