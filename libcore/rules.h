/*
 * rules.h — contact-frequency rules, the school calendar, windows, and the
 * schedule of owed windows (DESIGN.md section 5; the format in lb-rules(5)).
 *
 * Three layers, each usable alone:
 *
 *  1. The rules model: lb_rules_open() loads a built-in profile (compiled in
 *     from schemas/rules/NAME.yaml) and, optionally, a user's rules file on
 *     top of it (its calendar: replaces the profile's calendar; its rules:,
 *     when present, replace the profile's rules).
 *
 *  2. Window arithmetic (window.c): lb_rule_windows() lists the windows of a
 *     rule that overlap a period — ISO weeks, 14-day windows, calendar months,
 *     two-month pairs, terms, school years — clipped to the term (during:
 *     term) or school year (always), with the half-length rule applied.
 *
 *  3. The schedule (shared by lb-schedule and lb-report): lb_sched_new()
 *     takes a roster table and works out every owed window overlapping the
 *     period; the activity log is then streamed once, record by record
 *     (lb_sched_log for a whole file, or lb_sched_activity for a record the
 *     caller already read), and only per-window counts are kept; finally
 *     lb_sched_finish() sets the statuses and sorts. Children are joined by
 *     child_id through a hash, collective events by (school, grade, class).
 *
 *     struct lb_rules *rs; struct lb_sched *s;
 *     lb_rules_open(&rs, "linxia", "county.yaml", &err);
 *     struct lb_sched_opts o = { .asof = asof, .from = f, .to = t };
 *     lb_sched_new(&s, rs, &roster, &o, &err);
 *     lb_sched_log(s, "activities.csv", NULL, NULL, &err);
 *     lb_sched_finish(s);
 *     for (size_t i = 0; i < lb_sched_count(s); i++) {
 *             const struct lb_window *w = lb_sched_get(s, i); ...
 *     }
 *     lb_sched_free(s); lb_rules_free(rs);
 */
#ifndef LB_RULES_H
#define LB_RULES_H

#include <stddef.h>
#include "err.h"
#include "diag.h"
#include "reader.h"
#include "table.h"
#include "util.h"

/* ---- 1. the rules model ------------------------------------------------ */

enum lb_scope { LB_SCOPE_CHILD = 0, LB_SCOPE_CLASS, LB_SCOPE_SCHOOL };
enum lb_every {
	LB_EVERY_WEEK = 0, LB_EVERY_2WEEKS, LB_EVERY_MONTH, LB_EVERY_2MONTHS,
	LB_EVERY_SEMESTER, LB_EVERY_YEAR
};
enum lb_during { LB_DURING_TERM = 0, LB_DURING_ALWAYS };

struct lb_term {
	char *name;             /* "2025秋" */
	int start, end;         /* days (date.h), inclusive */
};

struct lb_apply {
	char *field;            /* roster field id: "priority" */
	char *value;            /* canonical value: "是" */
};

struct lb_rule {
	char *id;               /* "monthly-talk" */
	char *title;
	char *source;           /* "篇1 三(二)4"; "" when not given */
	enum lb_scope scope;
	char **kinds;           /* activity kinds (canonical enum values) */
	size_t nkinds;
	char **roles;           /* performer roles; nroles 0: any role */
	size_t nroles;
	int times;              /* >= 1 */
	enum lb_every every;
	enum lb_during during;
	struct lb_apply *applies;
	size_t napplies;
	const char *file;       /* the file the rule came from (owned by lb_rules) */
	long line;              /* its line there (1-based) */
};

struct lb_rules {
	char *profile;          /* "linxia" */
	char *title;
	struct lb_term *terms;  /* sorted by start, not overlapping */
	size_t nterms;
	struct lb_rule *rules;
	size_t nrules;
	struct lb_strv files;   /* names of the files loaded (rule->file points here) */
};

/*
 * Load the built-in profile (NULL: "linxia") and then, when path is not NULL,
 * the user's rules file on top of it. Errors (LB_ERULES; LB_EIO when the file
 * cannot be read) name the file, the 1-based line and the key in err->field:
 * an unknown profile, malformed YAML, anchors or aliases, duplicate keys,
 * unknown keys, wrong types, an unknown kind or role, an invalid
 * every/during combination, a bad date, overlapping terms.
 */
int lb_rules_open(struct lb_rules **rp, const char *profile, const char *path,
                  struct lb_err *err);
/* Parse rules text named name (a standalone file: nothing is inherited). */
int lb_rules_parse(struct lb_rules **rp, const char *name, const char *text,
                   size_t len, struct lb_err *err);
/* Read path and lay it over rs (calendar: replaces, rules: replaces). */
int lb_rules_overlay(struct lb_rules *rs, const char *path, struct lb_err *err);
void lb_rules_free(struct lb_rules *rs);

/* The names of the built-in profiles, NULL-terminated, in byte order. */
const char *const *lb_rules_profiles(void);
/* The rule with this id, or NULL. */
const struct lb_rule *lb_rules_find(const struct lb_rules *rs, const char *id);
/* The term containing day, or NULL; the first term starting after day, or NULL. */
const struct lb_term *lb_rules_term_at(const struct lb_rules *rs, int day);
const struct lb_term *lb_rules_term_next(const struct lb_rules *rs, int day);

const char *lb_every_name(enum lb_every e);     /* "week", "2weeks", … */
const char *lb_during_name(enum lb_during d);   /* "term", "always" */
const char *lb_scope_name(enum lb_scope s);     /* "child", "class", "school" */

/* ---- 2. window arithmetic (window.c) -------------------------------------- */

struct lb_span {
	int start, end;          /* the window, clipped (what everything else uses) */
	int full_start, full_end;/* before clipping */
};

/*
 * The windows of a rule with this every/during that overlap [from, to],
 * given the terms (during: term; ignored for always), in date order. Clipped
 * windows with clipped * 2 < full days are dropped. *out is allocated (caller
 * frees; may be NULL when 0 is returned). Returns the count, or LB_EUSAGE for
 * an invalid every/during combination.
 */
long lb_windows(enum lb_every every, enum lb_during during,
                const struct lb_term *terms, size_t nterms,
                int from, int to, struct lb_span **out);
/* The school year (Sept 1 – Aug 31) containing day. */
void lb_school_year(int day, int *start, int *end);

/* ---- 3. the schedule -------------------------------------------------------- */

enum lb_wstatus { LB_ST_DONE = 0, LB_ST_OVERDUE, LB_ST_DUE, LB_ST_UPCOMING };
const char *lb_wstatus_name(enum lb_wstatus st);  /* "done", "overdue", "due", "upcoming" */
/* "done" … → LB_ST_…, or -1. */
int lb_wstatus_parse(const char *s);

struct lb_sched_opts {
	int asof;                /* "today" (days) */
	int from, to;            /* the period: windows overlapping it are listed */
	const char *rule;        /* NULL, or only the rule with this id */
	const char *explain;     /* NULL, or a child_id whose activities are kept for
	                          * lb_sched_explain (only that child's) */
};

/* One owed window of a child (scope child) or of a class or school. */
struct lb_window {
	const struct lb_rule *rule;
	size_t row;              /* roster row: the child; for class/school scope the
	                          * first active child of that class/school in roster
	                          * order (gives school, grade, class, performers) */
	int start, end;          /* clipped window */
	int done;                /* matching activities counted */
	enum lb_wstatus status;  /* valid after lb_sched_finish */
};

struct lb_sched;

/*
 * Work out every owed window overlapping [o->from, o->to] for the children of
 * roster (which must outlive the schedule). Fails only for a bad period.
 */
int lb_sched_new(struct lb_sched **sp, const struct lb_rules *rs,
                 const struct lb_table *roster, const struct lb_sched_opts *o,
                 struct lb_err *err);
/*
 * Stream one activity-log file (any form the reader reads; ro may be NULL)
 * and count its records. Reader notes and value reports go to notes when not
 * NULL. Errors as lb_reader_open / lb_reader_next.
 */
int lb_sched_log(struct lb_sched *s, const char *path, const struct lb_reader_opts *ro,
                 struct lb_diags *notes, struct lb_err *err);
/*
 * Count one activity record the caller has read: v holds canonical values
 * indexed by the activity schema's field index (LB_FI(schema, LB_A_X)), as
 * lb_norm_record gives them with normalize on. file and line are kept only
 * for --explain.
 */
void lb_sched_activity(struct lb_sched *s, const struct lb_schema *schema,
                       const char *const *v, const char *file, long line);
/* Set the statuses and sort: window_start, school, grade (numeric), class,
 * child_id, rule id. */
void lb_sched_finish(struct lb_sched *s);
size_t lb_sched_count(const struct lb_sched *s);
const struct lb_window *lb_sched_get(const struct lb_sched *s, size_t i);
/* The roster the schedule was made from. */
const struct lb_table *lb_sched_roster(const struct lb_sched *s);
/*
 * Per roster row, the latest date, on or before as-of, of an activity with
 * role 父亲 or 母亲 about that child (by child_id), or LB_NODATE: what the
 * report's attention list needs of the log, gathered while it streams.
 */
const int *lb_sched_last_parent(const struct lb_sched *s);
/* Activity records read, and those about a child not on the roster. */
unsigned long lb_sched_nactivities(const struct lb_sched *s);
unsigned long lb_sched_unknown(const struct lb_sched *s);
/* Activity records dated in the period (from..to, up to asof), about any
 * child or group: 0 means the log says nothing about the period (lb-report
 * warns: a stale log must not give a report of zeros silently). */
unsigned long lb_sched_nperiod(const struct lb_sched *s);

/*
 * What a window is about: for a child-scope window the child's child_id,
 * name, school, grade and class; for class scope "" for child_id and name;
 * for school scope only the school. Pointers into the roster.
 */
struct lb_wkey {
	const char *child_id, *name, *school, *grade, *klass;
};
void lb_sched_key(const struct lb_sched *s, const struct lb_window *w, struct lb_wkey *k);

/*
 * The performer names of a window, resolved from the roster row: 班主任 →
 * head_teacher, 帮扶教师 → mentor, 父亲/母亲 → father_name/mother_name,
 * 儿童主任 → child_director, 学校 → school, 监护人 → guardian_name; several
 * joined with ';' (empty names and repeats left out); no roles → the head
 * teacher. Written into out (cleared first).
 */
void lb_sched_performer(const struct lb_sched *s, const struct lb_window *w,
                        struct lb_buf *out);

/*
 * --explain: for the child o->explain, one entry per (window of that child,
 * activity about that child dated inside the window): whether it counted and
 * why not; plus one entry with window NULL for each of the child's
 * activities that falls in none of its windows. Entries are in window order
 * (then date, file, line) after lb_sched_finish; the NULL-window ones last.
 */
struct lb_explain {
	const struct lb_window *window;
	const char *file;
	long line;
	int date;
	const char *kind, *role, *performer;
	int counted;             /* 1: counted for window */
	const char *why;         /* English reason (translate with _()) when not */
};
size_t lb_sched_explain(const struct lb_sched *s, const struct lb_explain **out);
/* 1 when the explained child is on the roster. */
int lb_sched_explain_found(const struct lb_sched *s);

void lb_sched_free(struct lb_sched *s);

#endif
