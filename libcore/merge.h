/*
 * merge.h — merging rosters (one record per child_id) and activity logs
 * (a union without exact duplicates) held as one lb_table; lb-merge(1) is
 * the user's account.
 *
 * The caller reads every input into one table with lb_table_read (file
 * order, then line order: a row's index in t->rows is its position) and
 * calls lb_merge_run. Nothing is copied: the merged record of a child is
 * written into the value pointers of one of its rows (the "base" row: the
 * winner), pointing at the other rows' values or, for united sets, at
 * strings in the merge's own arena. The table must outlive the merge.
 * A roster table may be spilled (lb_table_spill with LB_R_CHILD_ID): the
 * rows of one child are then read back together, and a merged record that
 * differs from its base row is written back to the spill (lb_table_store);
 * a child's only record is not read during the merge at all. Read the
 * output rows with lb_merge_load. Conflicts and transfers point into the
 * merge's arena then.
 *
 * Roster rules, field by field within a group of rows with one child_id:
 *   - equal values, or a value against empty ones: merged, no conflict;
 *   - set fields: the union, members in the schema's order, then members
 *     the schema does not know in byte order;
 *   - updated_on: the latest date (the merged record changed last then);
 *   - fields marked `merge: join` in the schema (free text: notes): when
 *     the rows hold different values, every distinct text is kept, each
 *     followed by the FILE:LINE of the rows that hold it:
 *         甲〔a.csv:12〕；乙〔b.csv:7;c.csv:3〕
 *     texts in the order of their best-ranked row (the winner's first),
 *     FILE:LINE lists in file-name then line order. A value already in
 *     that form (a file merged before) is split into its texts and their
 *     recorded sources, so merging again adds no nesting. Not a conflict:
 *     nothing is lost; counted in `joined`;
 *   - other differences: a conflict. The rows are ranked by the preference
 *     (newest: later updated_on, then later archived_on, then later
 *     position; first: earlier position; last: later position) and the
 *     value of the best-ranked row holding one is chosen;
 *   - the school-owned fields (school grade class student_no head_teacher
 *     mentor mentor_phone) move together: when the group holds two or more
 *     different schools, every one of them is taken from the best-ranked row
 *     with a school — an empty value included — and each that then differs
 *     from another row's value is a conflict.
 * A group that names two or more different schools is a transfer: one
 * lb_transfer per school other than the winner's, for lb-merge --transfers.
 * Rows whose child_id is empty or fails the GB 11643 check are never merged:
 * they come after the merged children, in input order, each with a warning
 * in notes ([no-id]).
 *
 * Activity logs: rows sorted by date, child_id, then every column in
 * order; rows equal in every column are kept once (the first in input
 * order) and counted as merged.
 */
#ifndef LB_MERGE_H
#define LB_MERGE_H

#include <stddef.h>
#include "diag.h"
#include "table.h"
#include "util.h"

enum lb_prefer { LB_PREFER_NEWEST = 0, LB_PREFER_FIRST, LB_PREFER_LAST };

struct lb_merge_opts {
	enum lb_prefer prefer;
	int sources;          /* fill lb_merge.src (for --source-column) */
};

/*
 * One candidate value of a conflicting field: one row of --conflicts.
 * The candidates of one field follow each other: the chosen one first (the
 * start of a field), the others in the order of their best-ranked row.
 */
struct lb_conflict {
	const char *child_id;
	size_t col;           /* column: < schema->n a field, else n + extra index */
	int chosen;           /* 1 for the value kept */
	const char *value;    /* may be "" (an empty school-owned field that won) */
	const char *source;   /* FILE:LINE of every row with this value, ';'-joined,
	                         in input order */
	size_t row;           /* the best-ranked row holding the value */
};

/*
 * A child found at two or more schools: one per school other than the new
 * one. The new school is the winner's (the school-owned fields move with
 * it); the old one's record must be marked 转出 there. The strings point
 * into the table (as read, before the merge) or the merge's arena.
 */
struct lb_transfer {
	const char *child_id;
	const char *name;                    /* the merged record's */
	const char *old_school, *new_school;
	const char *old_updated_on, *old_archived_on;   /* of the best-ranked
	                                        record at the old school */
	const char *new_updated_on, *new_archived_on;   /* of the winner */
	const char *old_source, *new_source; /* FILE:LINE of every record at that
	                                        school, ';'-joined, input order */
};

struct lb_merge {
	struct lb_table *t;       /* borrowed */
	size_t *out;              /* row indices, in output order */
	size_t nout;
	char **src;               /* opts.sources: FILE:LINE list of out[i] */
	struct lb_conflict *c;    /* candidates, grouped by field */
	size_t nc, ccap;
	struct lb_diags notes;    /* one [no-id] warning per row without a usable id */
	/* The accounting: in = nout + merged, always. */
	size_t in, merged;
	size_t conflicts;         /* conflicting fields */
	size_t by_position;       /* of those, decided by position on a tie (newest) */
	size_t noid;              /* rows without a usable child_id */
	size_t joined;            /* merge: join fields whose texts were joined */
	size_t joined_by_position;/* of those, with texts ordered by a tie (newest) */
	struct lb_transfer *tr;   /* transfers, by child_id, then old school's rank */
	size_t ntr, trcap;
	size_t moved;             /* children with a transfer */
	struct lb_arena arena;    /* united sets and FILE:LINE lists */
	struct lb_err err;        /* why lb_merge_run failed */
	char *single;             /* spilled: out[i] is a child's only record,
	                             its sets put in order by lb_merge_load */
	struct lb_buf *keep;      /* lb_merge_load's sets, one per field */
};

/* Merge t (roster or activity, after t->kind). Returns 0; or, with a spilled
 * table only, LB_EIO when the spill cannot be read or written (m->err says
 * why; the merge is then incomplete: write nothing). Allocation failure
 * exits, as everywhere. */
int lb_merge_run(struct lb_merge *m, struct lb_table *t, const struct lb_merge_opts *o);
void lb_merge_fini(struct lb_merge *m);
/* The values of the merged record out[r] in *v (ncols of them): the row's
 * own, or read back from the spill into rb (valid until the next call with
 * rb or m). 0, or LB_EIO (err filled). */
int lb_merge_load(struct lb_merge *m, size_t r, struct lb_rowbuf *rb, char ***v,
                  struct lb_err *err);

/* The columns of t: schema->n fields, then the extras. */
size_t lb_merge_ncols(const struct lb_merge *m);
/* The id of column col (a field id or an extra column's header text). */
const char *lb_merge_colname(const struct lb_merge *m, size_t col);
/* The school-owned fields: 1 if field index fi of a roster moves with school. */
int lb_merge_school_owned(const struct lb_schema *s, size_t fi);
/* "newest", "first", "last"; and back (-1 if unknown). */
const char *lb_prefer_name(enum lb_prefer p);
int lb_prefer_parse(const char *s);

#endif
