/*
 * check.h — the checks of lb-validate, as a library: every wrong, missing or
 * inconsistent value of a roster or an activity log, with the line and the one
 * field each finding is about. Nothing is ever changed.
 *
 * A check context holds what the checks across records need, in flat
 * tables (util.h's lb_ktab): each child_id seen, packed exactly into 64 bits
 * with its first line (12 bytes), each name + birth date as a 96-bit key
 * with its first line (16 bytes), and the mentor load (roster.h: per
 * school and mentor, not per child); ids off the canonical form and the few
 * duplicated ones are kept apart, exactly. About 28 bytes per child, 34 with
 * the tables' room when lb_check_expect sized them ahead (up to 45 as they
 * grow), so 10^7 children take some 345 MB. Memory grows with the number of distinct
 * children, not with the size of the file. No collision of keys can make a
 * finding: child_ids are exact, and a false duplicate-child would need two
 * names with the same 96-bit key (libcore/README.md). One context checks
 * one file (duplicates are looked for within a file; lb-merge combines
 * files).
 *
 * Use:
 *   ck = lb_check_new(schema, file, &opts);
 *   lb_check_header(ck, header_line, ncols, names, fields, &d);  (optional)
 *   for each record:
 *       lb_check_cells(ck, line, ncells, &d);                     (optional)
 *       nerr = lb_check_record(ck, line, values, &d);  values in the canonical
 *                                   layout: schema->n values ("" when empty)
 *   lb_check_finish(ck, &d);       findings known only at the end
 *   lb_check_free(ck);
 * Findings are appended to d; their file pointer is the context's copy of
 * file, valid until lb_check_free. For an activity log checked against a
 * roster, call lb_check_roster_add for each roster child first.
 *
 * The codes (stable; lb-validate(1) shows each with an example). Level E is
 * error, W warning; "E/W": error in the fields that decide who a child is
 * and who is responsible (lb-validate(1), FINDINGS: child_id,
 * name, gender, birth_date, left_behind_type, guardian_name,
 * guardian_relation, guardian_phone, status; in activity logs date, kind),
 * warning elsewhere.
 *
 *   structure (header line, or the record's line)
 *   cells              W  a row with more or fewer cells than the header;
 *                         field: the first missing column, or "#N"
 *   missing-column     E  a required column (required: yes/key) is absent,
 *                         reported once (not again as required on each row);
 *                         a column required under a condition is checked
 *                         row by row (work-place, no-mentor, no-school)
 *   unknown-column     W  a header cell that maps to no field
 *   (two columns mapping to one field: the reader refuses the file,
 *    LB_EHEADER; lb-validate exits 2 like lb-import, pointing to --map)
 *
 *   values (the field itself)
 *   required           E  a required field is empty (guardian_name: no-guardian)
 *   normalizable       W  valid only after normalising; lb-import would fix it
 *   idcard-length, idcard-chars, idcard-province, idcard-date,
 *   idcard-check, idcard-scientific, idcard-zeros
 *                      E  lb_id_status_code() of value.h
 *   idcard-future      E  the birth date inside is after --as-of
 *   idcard-15          W  a valid 15-digit number: upgrade with lb-import
 *   date               E  not a date
 *   date-future        E  a date after --as-of
 *   before-birth       E  archived_on, updated_on or entrusted_on before
 *                         birth_date
 *   phone              E  not a mobile (1[3-9] + 9 digits) or landline
 *   enum             E/W  not a value of an enum or set field; the nearest
 *                         value suggested
 *   int                E  not a whole number
 *   int-range          E  outside the field's range (grade 0–12)
 *   bool               E  not 是/否
 *   digits             E  region_code: not 6, 9 or 12 digits
 *   (the value codes are those of lb_value_normalize, value.c)
 *
 *   cross-field
 *   gender-idcard      E  gender against the 17th digit of child_id (gender)
 *   birth-idcard       E  birth_date against child_id (birth_date)
 *   over-age           E  在册 (or empty status) and 16 or over (birth_date)
 *   turns-16           W  在册 and turns 16 within 90 days (birth_date)
 *   work-place         E  a parent who is away has no work place
 *                         (father_work_place / mother_work_place)
 *   guardian-away      E  the guardian is a parent who is away or who cannot
 *                         be a guardian (guardian_relation)
 *   no-guardian        E  no guardian named (guardian_name)
 *   guardian-minor     E  guardian_id shows someone under 18
 *   no-mentor          E  a priority child without a mentor (mentor)
 *   no-school          E  enrolled (幼儿园…中职) without a school (school);
 *                         activity: a collective event without a school
 *   status-date        W  a status other than 在册 without updated_on
 *   updated-before-archived
 *                      E  updated_on before archived_on (updated_on)
 *
 *   across records
 *   duplicate-id       E  the same child_id again: on the later line naming
 *                         the first; and (unless opts.pass) at the end, on the
 *                         first line naming the second (child_id)
 *   duplicate-child    W  the same name and birth date under another
 *                         child_id (name)
 *   mentor-load        W  a mentor (within one school) with more than
 *                         max_per_mentor children on the roster on as-of
 *                         (roster.h's mentor load, as lb-report counts it),
 *                         at the end, on the line of the first child over
 *                         the limit (mentor)
 *
 *   no-performer       W  (with opts.rules) a child on the roster on as-of and
 *                         under 16 owes a child-scope rule (its applies
 *                         match) whose roles' roster fields are all empty:
 *                         nobody is named to do it; one finding per record,
 *                         on the field of the first such rule's first role
 *   activity logs
 *   no-summary         W  a record of a kind that needs a summary (the kind
 *                         field's needs_summary: 谈心, 家访, 心理辅导, 心理咨询)
 *                         with an empty summary (summary)
 *   activity logs (with a roster)
 *   not-on-roster      E  a child_id that is not on the roster (child_id)
 *   before-archive     W  a contact dated before the child's archived_on (date)
 */
#ifndef LB_CHECK_H
#define LB_CHECK_H

#include <stddef.h>
#include "diag.h"
#include "rules.h"
#include "schema.h"

struct lb_check_opts {
	int asof;             /* days: "today" for ages and future dates */
	int max_per_mentor;   /* mentor-load above this; 0: LB_MENTOR_LIMIT_DEFAULT (7) */
	int pass;             /* filter mode: no end-of-run duplicate findings */
	int reveal;           /* messages may give birth dates (else age, month) */
	const struct lb_rules *rules;  /* NULL, or the rules whose performers a
	                      * roster must name (no-performer) */
};

struct lb_check;

/* A context for one file of schema's kind. file is copied. */
struct lb_check *lb_check_new(const struct lb_schema *s, const char *file,
                              const struct lb_check_opts *o);
void lb_check_free(struct lb_check *ck);    /* NULL is fine */

/* The header: ncols columns, names[i] the header text, fields[i] the field
 * index in the schema or -1. Reports missing-column and unknown-column at
 * line (0 for YAML: about the file). Without this call every column is taken
 * to be present. */
void lb_check_header(struct lb_check *ck, long line, size_t ncols,
                     const char *const *names, const int *fields, struct lb_diags *out);
/* A record of ncells cells against the header's column count (cells). */
void lb_check_cells(struct lb_check *ck, long line, size_t ncells, struct lb_diags *out);

/* Check one record: v[0 .. schema->n - 1], the values as read in the
 * canonical layout. Returns the number of error-level findings added. */
int lb_check_record(struct lb_check *ck, long line, const char *const *v,
                    struct lb_diags *out);

/* Checking in several threads (lb-validate --threads). lb_check_record is
 * lb_check_values then lb_check_across on one record:
 *   lb_check_values    the checks of one record alone (values, cross-field,
 *                      no-performer with opts.rules, no-summary);
 *                      it changes nothing but the context it is given, so
 *                      each thread calls it with a context of its own from
 *                      lb_check_worker. It appends to keys what the checks
 *                      across records need (strings copied) and returns
 *                      the number of error-level findings it added.
 *   lb_check_across    the checks across records (duplicate-id,
 *                      duplicate-child, the mentor load) for the k-th
 *                      record of keys, on ck itself, called for every
 *                      record in input order from one thread. Returns the
 *                      record's error-level findings in all (those of
 *                      lb_check_values included).
 * The findings across records belong, in the order lb_check_record gives,
 * at lb_check_keys_at(keys, k): the index in lb_check_values's out at
 * which they go (the findings before it come first, those after it last).
 * A worker shares ck's file, header, roster and options (opts.rules
 * too, read only; the rules and schema functions it calls keep no static
 * state): make it after
 * lb_check_header and lb_check_roster_add, free it (lb_check_free) before
 * ck. Its findings' file pointer is ck's. */
struct lb_check_keys;
struct lb_check_keys *lb_check_keys_new(void);
void lb_check_keys_clear(struct lb_check_keys *k);
void lb_check_keys_free(struct lb_check_keys *k);   /* NULL is fine */
size_t lb_check_keys_at(const struct lb_check_keys *k, size_t i);
struct lb_check *lb_check_worker(const struct lb_check *ck);
int lb_check_values(struct lb_check *w, long line, const char *const *v, struct lb_diags *out,
                    struct lb_check_keys *keys);
int lb_check_across(struct lb_check *ck, const struct lb_check_keys *keys, size_t k,
                    struct lb_diags *out);

/* A hint: the file holds about n records (lb-validate guesses from the
 * file's size), so the tables are made that large at once instead of
 * growing (and being copied) on the way. Never needed for correctness. */
void lb_check_expect(struct lb_check *ck, size_t n);

/* Activity logs: a child of the roster to check against (child_id as in the
 * roster, normalised; archived_on in days or LB_NODATE). Once any is added,
 * child_ids not added are not-on-roster. */
void lb_check_roster_add(struct lb_check *ck, const char *child_id, int archived_on);

/* The findings known only at the end (duplicate-id on first lines,
 * mentor-load). Returns the number of records that had no error-level finding
 * before and have one now. */
size_t lb_check_finish(struct lb_check *ck, struct lb_diags *out);

/* 1 when none of d->v[from ..] is an error-level finding about a required
 * field (required yes or key) of s — the archive-completeness test of lb-report. */
int lb_check_required_ok(const struct lb_schema *s, const struct lb_diags *d, size_t from);

#endif
