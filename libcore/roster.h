/*
 * roster.h — the one definition of a child on the roster (roster.c): active
 * on a day, the birth date and age on a day, mentor load, and which roster
 * field names the performer of a role. lb-validate (check.c), the schedule
 * (sched.c) and the report (report.c) all ask here, so they cannot disagree.
 *
 * Values are canonical (as the reader and lb_norm_record give them); dates
 * are day numbers (date.h) or LB_NODATE.
 */
#ifndef LB_ROSTER_H
#define LB_ROSTER_H

#include <stddef.h>
#include "rules.h"
#include "schema.h"

/* ---- on the roster, active ------------------------------------------------- */

/* 1 when status says the child is on the roster: 在册, or empty. */
int lb_roster_status_active(const char *status);
/*
 * Active (在册) on day: archived on or before day (an unknown archive date
 * does not exclude), and status 在册 (or empty), or another status whose
 * change (updated) is dated after day.
 */
int lb_roster_active_on(const char *status, int archived, int updated, int day);
/* The same for a record: v holds canonical values indexed by s's fields
 * (a table row's v, or a record being checked); absent fields are empty. */
int lb_roster_record_active_on(const struct lb_schema *s, const char *const *v, int day);
/*
 * Active for the whole of [start, end] (what a window is owed on): archived
 * on or before start, and 在册 or left after end.
 */
int lb_roster_active_during(const char *status, int archived, int updated,
                            int start, int end);

/*
 * Days of [start, end] on which the child is on the roster (active: from
 * archived, or start when unknown or earlier, up to the day before a change
 * of status away from 在册, or end).
 */
long lb_roster_days_on(const char *status, int archived, int updated, int start, int end);
/* The child owes a window [start, end] by its days on the roster: at least
 * half of the window's days (days on roster × 2 ≥ window days). */
int lb_roster_owes(const char *status, int archived, int updated, int start, int end);

/* ---- birth and age ---------------------------------------------------------- */

/* birth_date, or, when it is empty or not a date, the birth date of a
 * valid child_id;
 * LB_NODATE when neither gives one. */
int lb_roster_birth(const struct lb_schema *s, const char *const *v);
/* Whole years on day, or -1 when the birth date is unknown or after day. */
int lb_roster_age_on(const struct lb_schema *s, const char *const *v, int day);

/* ---- mentor load ------------------------------------------------------------ */

/* The limit when the rules profile sets no mentor_limit: (篇7). */
#define LB_MENTOR_LIMIT_DEFAULT 7

/*
 * Mentor load counts children per (school, mentor name): two mentors of the
 * same name at two schools are two mentors. Feed it the children that count
 * (the callers feed those active on the day they judge), in roster order;
 * then lb_mentor_load_overs lists each (school, mentor) with more than limit
 * children, in the order their limit+1-th child was added. Memory: each
 * school and mentor name once, and 16 bytes (in a flat table) per
 * (school, mentor), not per child.
 */
struct lb_mentor_load;
struct lb_mentor_over {
	const char *school, *mentor;   /* owned by the load */
	unsigned long n;               /* children */
	long tag;                      /* the caller's tag of the limit+1-th child */
};
/* limit <= 0: LB_MENTOR_LIMIT_DEFAULT. */
struct lb_mentor_load *lb_mentor_load_new(int limit);
int lb_mentor_load_limit(const struct lb_mentor_load *ml);
/* Count one child of mentor at school (school may be ""); an empty mentor is
 * not counted. tag is the caller's (a line or a row). */
void lb_mentor_load_add(struct lb_mentor_load *ml, const char *school, const char *mentor,
                        long tag);
/* The mentors over the limit; valid until the next add or the free. */
size_t lb_mentor_load_overs(struct lb_mentor_load *ml, const struct lb_mentor_over **out);
void lb_mentor_load_free(struct lb_mentor_load *ml);

/* ---- performers ---------------------------------------------------------------- */

/*
 * The roster field (known id, fields.h LB_R_…) naming the performer of role:
 * 班主任 → head_teacher, 帮扶教师 → mentor, 父亲/母亲 → father_name/mother_name,
 * 儿童主任 → child_director, 学校/校长 → school, 监护人 → guardian_name,
 * 任课教师 → subject_teachers (a set of names); -1 for a role the roster
 * does not name (志愿者, 村委会). The role named when a rule names none is
 * LB_ROLE_DEFAULT.
 */
int lb_role_field(const char *role);
#define LB_ROLE_DEFAULT "班主任"

/* 1 when the record v (canonical values indexed by s's fields; NULL is
 * empty) matches every applies key of rule r (a set field matches when it
 * holds the value; a field the schema lacks matches nothing). */
int lb_rule_applies(const struct lb_rule *r, const struct lb_schema *s, const char *const *v);
/* The index in r->applies of the first key v does not match, or -1. */
long lb_rule_applies_differs(const struct lb_rule *r, const struct lb_schema *s,
                             const char *const *v);
/*
 * The performer names of rule r for record v (the roles' roster fields,
 * LB_ROLE_DEFAULT when r names no roles), several joined with ';', empty
 * names and repeats left out, into out (cleared first); returns out->len
 * (0: the roster names nobody).
 */
struct lb_buf;
size_t lb_rule_performers(const struct lb_rule *r, const struct lb_schema *s,
                          const char *const *v, struct lb_buf *out);

#endif
