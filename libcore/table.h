/*
 * table.h — records in schema order, normalised: the step from what a reader
 * returns (cells in the file's column order, as typed) to canonical records.
 *
 * lb_norm streams (lb-import, lb-validate); lb_table holds a whole file in
 * memory (lb-schedule and lb-report hold the roster, lb-merge its inputs).
 */
#ifndef LB_TABLE_H
#define LB_TABLE_H

#include "diag.h"
#include "reader.h"
#include "util.h"

/*
 * lb_norm: maps the columns of one reader onto a canonical layout: the
 * schema's fields in order, then the extra columns named in extras (the
 * union over all inputs, in first-seen order; lb_norm_new adds this reader's
 * unknown columns to extras when they are not there yet).
 */
struct lb_norm;
struct lb_norm *lb_norm_new(const struct lb_reader *r, struct lb_strv *extras);
void lb_norm_free(struct lb_norm *nm);
/*
 * Fill out[0 .. schema->n + extras->n - 1] with the record's values in the
 * canonical layout (pointers valid until the next call). With normalize,
 * every value goes through lb_value_normalize; each value changed is added to
 * changes (code "fixed", msg "before → after", value = before) and each value
 * that could not be fixed too (its lb_vnote code and message, kept as it was).
 * A record with more cells than the header keeps the surplus in extra
 * columns named "#N" (N the 1-based column number). Returns the number of
 * values changed.
 */
/* on = 0: values that were fixed are counted but not added to changes
 * (only the values that could not be fixed are): for a caller that does not
 * show the fixes. The default is 1. */
void lb_norm_report_fixes(struct lb_norm *nm, int on);
size_t lb_norm_record(struct lb_norm *nm, const struct lb_record *rec, int normalize,
                      const char ***out, struct lb_diags *changes);
/* The k-th value the last lb_norm_record call added to changes: its slot in
 * the layout (the value now is out[slot]) and, in *before, the cell as read
 * (the whole of it; a diag's value field is truncated). */
size_t lb_norm_change(const struct lb_norm *nm, size_t k, const char **before);

/* A whole table in memory, canonical layout, every value normalised. */
struct lb_row {
	const char *file;   /* input name (owned by the table) */
	long line;          /* physical line in that file */
	char **v;           /* schema->n + extras.n values; "" when empty */
};

struct lb_table {
	enum lb_kind kind;
	const struct lb_schema *schema;
	struct lb_strv extras;   /* extra column names */
	struct lb_row *rows;
	size_t n, cap;
	struct lb_strv files;    /* the names rows point to */
	void *arena;             /* value storage */
};

void lb_table_init(struct lb_table *t, enum lb_kind kind, const struct lb_schema *s);
/* Read a file (any form a reader accepts) and append its records. The reader
 * notes and value reports go to notes when it is not NULL. Rows of earlier
 * files get "" for extra columns that later files add. */
int lb_table_read(struct lb_table *t, const char *path, const struct lb_reader_opts *o,
                  struct lb_diags *notes, struct lb_err *err);
void lb_table_fini(struct lb_table *t);
/* The value of a known field (LB_R_… or LB_A_…) of a row. */
const char *lb_row_get(const struct lb_table *t, const struct lb_row *row, int known);

#endif
