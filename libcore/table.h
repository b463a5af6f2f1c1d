/*
 * table.h — records in schema order, normalised: the step from what a reader
 * returns (cells in the file's column order, as typed) to canonical records.
 *
 * lb_norm streams (lb-import, lb-validate); lb_table holds a whole file in
 * memory (lb-schedule and lb-report hold the roster), or its keys in memory
 * and its values in a temporary file (lb-merge's rosters: lb_table_spill).
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

/*
 * A whole table, canonical layout, every value normalised: in memory, or
 * (lb_table_spill) with the values of each row in a temporary file and only
 * its key in memory.
 */
struct lb_row {
	const char *file;   /* input name (owned by the table) */
	long line;          /* physical line in that file */
	char **v;           /* schema->n + extras.n values; "" when empty;
	                       NULL when the row is spilled (lb_table_load) */
	const char *key;    /* spilled: the value of the key field, else NULL */
	unsigned long long off;   /* spilled: where its values are in the spill */
	size_t len;               /* and how many bytes they take */
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
/*
 * Spill a roster (call before the first lb_table_read; an activity log's
 * rows stay in memory): each row's values go to a temporary file (mkstemp in
 * $TMPDIR or /tmp, 0600, unlinked at once, so nothing is left behind however
 * the process ends) and only the value of field known (LB_R_…) stays in
 * memory, in row->key. A row's values are read back with lb_table_load.
 * Memory is then a few dozen bytes a row whatever its width; the file holds
 * about as many bytes as the inputs. The inputs themselves are read once:
 * standard input, a FIFO or a file changed after it was read are all fine.
 */
void lb_table_spill(struct lb_table *t, int known);

/* Scratch space for lb_table_load: zero it to start; lb_rowbuf_fini. */
struct lb_rowbuf {
	char *buf;
	size_t cap;
	char **v;
	size_t vcap;
};
void lb_rowbuf_fini(struct lb_rowbuf *rb);
/*
 * The values of row i (schema->n + extras.n of them) in *v: the row's own
 * v when it is in memory, else read back from the spill into rb (valid until
 * the next load into rb or lb_rowbuf_fini). 0, or LB_EIO (err filled) when
 * the spill cannot be read.
 */
int lb_table_load(struct lb_table *t, size_t i, struct lb_rowbuf *rb, char ***v,
                  struct lb_err *err);
/*
 * Make v[0 .. schema->n + extras.n) the values of spilled row i (written to
 * the spill; the strings need not outlive the call). A row in memory takes
 * the pointers (the strings must then live as long as the table). 0, or
 * LB_EIO (err filled).
 */
int lb_table_store(struct lb_table *t, size_t i, char *const *v, struct lb_err *err);
/* Read a file (any form a reader accepts) and append its records. The reader
 * notes and value reports go to notes when it is not NULL. Rows of earlier
 * files get "" for extra columns that later files add. */
int lb_table_read(struct lb_table *t, const char *path, const struct lb_reader_opts *o,
                  struct lb_diags *notes, struct lb_err *err);
void lb_table_fini(struct lb_table *t);
/* The value of a known field (LB_R_… or LB_A_…) of a row; of a spilled row,
 * the key field's only (NULL for any other: lb_table_load). */
const char *lb_row_get(const struct lb_table *t, const struct lb_row *row, int known);

#endif
