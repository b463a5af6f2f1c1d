/*
 * xlsxw.h — writing tables as an .xlsx workbook (libxlsxwriter), for the
 * table writer (writer.h, LB_FMT_XLSX) and for reports with a sheet per
 * table.
 *
 * A cell's kind follows its column, found by the column name (a field id or
 * Chinese label of the built-in roster or activity schema, or one of the
 * names line, required, done, window_start, window_end): identity numbers,
 * phone numbers and all other text are text cells (format "@", so Excel and
 * WPS never turn them into 6.22921E+17, nor a typed edit either); a valid
 * YYYY-MM-DD in a date column is a date cell shown yyyy-mm-dd; whole numbers
 * in an integer column are numbers. Nothing is ever a formula. Each sheet's
 * header row is bold, frozen and has an autofilter; a column is as wide as
 * its widest value (a CJK character counts 2), at most 60.
 *
 * The workbook is built in a temporary file (mkstemp in $TMPDIR or /tmp,
 * mode 0600, libxlsxwriter's constant-memory mode: rows are not held) and
 * copied to the output stream at the end, so -o stays atomic through
 * lb_out. The same table and the same created time give the same bytes.
 */
#ifndef LB_XLSXW_H
#define LB_XLSXW_H

#include <stdio.h>
#include <stddef.h>
#include <time.h>

/* The created time of a workbook when none is given: 2000-01-01 00:00 UTC,
 * fixed so that the same inputs give the same bytes. */
#define LB_XLSX_EPOCH ((time_t)946684800)

struct lb_xw;
/* NULL when the temporary file cannot be made (errno set). created: the
 * workbook's created time (0: LB_XLSX_EPOCH). */
struct lb_xw *lb_xw_new(time_t created);
/* Start a sheet (name NULL: Sheet1, Sheet2 …; at most 31 characters, the
 * characters []:*?/\ replaced) with its header row. */
int lb_xw_sheet(struct lb_xw *x, const char *name, const char *const *cols, size_t ncols);
/* One row of the current sheet: ncols cells (NULL is empty). 0, or -1 when
 * the sheet is full (1048576 rows) or the library failed. */
int lb_xw_row(struct lb_xw *x, const char *const *cells);
/* Finish the workbook and copy it to fp; frees x. 0, or -1 (errno set when
 * a write failed). */
int lb_xw_end(struct lb_xw *x, FILE *fp);
void lb_xw_abort(struct lb_xw *x);   /* frees x; NULL is fine */

/* The days since 1970-01-01 of --as-of as a created time (midnight UTC). */
time_t lb_xw_time_of_day(int days);

#endif
