/*
 * sched.h — the schedule of owed windows (sched.c), shared by lb-schedule and
 * lb-report: lb_sched_new() takes a roster table and works out every owed
 * window overlapping the period; the activity log is then streamed once,
 * record by record (lb_sched_log for a whole file, or lb_sched_activity for a
 * record the caller already read), and only per-window counts are kept;
 * finally lb_sched_finish() sets the statuses and sorts. Children are joined
 * by child_id through a hash, collective events by (school, grade, class).
 * Who is on the roster and active on a day, and who performs a role, are
 * roster.h's.
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
#ifndef LB_SCHED_H
#define LB_SCHED_H

#include <stddef.h>
#include "diag.h"
#include "err.h"
#include "reader.h"
#include "rules.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "window.h"

enum lb_wstatus { LB_ST_DONE = 0, LB_ST_OVERDUE, LB_ST_DUE, LB_ST_UPCOMING };
const char *lb_wstatus_name(enum lb_wstatus st);  /* "done", "overdue", "due", "upcoming" */
/* The same status in the message language, for text a person reads
 * (--explain, calendars); the data outputs keep lb_wstatus_name. */
const char *lb_wstatus_word(enum lb_wstatus st);
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
/* The roster and the rules the schedule was made from. */
const struct lb_table *lb_sched_roster(const struct lb_sched *s);
const struct lb_rules *lb_sched_rules(const struct lb_sched *s);
/*
 * Per roster row, the latest date, on or before as-of, of an activity with
 * role 父亲 or 母亲 about that child (by child_id), or LB_NODATE: what the
 * report's attention list needs of the log, gathered while it streams.
 */
const int *lb_sched_last_parent(const struct lb_sched *s);
/*
 * Written records (记录完整率): per roster row, the activities about that
 * child dated in the period and not after as-of whose kind needs a summary
 * (lb_schema_needs_summary), and those of them that have one; cneed and
 * chave count the collective events the same way. Valid until the free.
 */
struct lb_sched_records {
	const unsigned *need, *have;
	unsigned long cneed, chave;
};
void lb_sched_records(const struct lb_sched *s, struct lb_sched_records *out);
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
 * The performer names of a window, resolved from the roster row through
 * each role's roster field (lb_role_field, roster.h); several joined with
 * ';' (empty names and repeats left out; roles the roster does not name are
 * skipped); no roles → LB_ROLE_DEFAULT (the head teacher); nobody named →
 * LB_NO_PERFORMER. Written into out (cleared first).
 */
#define LB_NO_PERFORMER "(未指定)"
void lb_sched_performer(const struct lb_sched *s, const struct lb_window *w,
                        struct lb_buf *out);
/* The same text, worked out once per (rule, roster row) and kept by the
 * schedule (valid until lb_sched_free; "" when there is none), for callers
 * that list many windows. Each distinct text is kept once: two windows with
 * the same performers get the same pointer (a caller may key a cache of
 * what it makes of the text by the pointer). */
const char *lb_sched_performers(struct lb_sched *s, const struct lb_window *w);
/* The number of that text: equal texts one number, numbered from 0 in the
 * order they were first asked for (a dense key for a caller's cache). */
size_t lb_sched_performers_no(struct lb_sched *s, const struct lb_window *w);

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
/*
 * Why the child of roster row owes no window of child-scope rule r in the
 * period: 1 with the reason in out (in the language of _(): which applies
 * key differs, the day the child turned 16, or the days on the roster
 * against the window's days; "no window of the rule in the period"); 0 when
 * it owes one, or the rule is not a child-scope rule of the schedule.
 */
int lb_sched_why_none(const struct lb_sched *s, const struct lb_rule *r, size_t row,
                      struct lb_buf *out);
/* The first roster row with this child_id, or -1. */
long lb_sched_row(const struct lb_sched *s, const char *child_id);
/* 1 when the explained child is on the roster. */
int lb_sched_explain_found(const struct lb_sched *s);

void lb_sched_free(struct lb_sched *s);

#endif
