/*
 * writer.h — atomic output files and canonical CSV / YAML tables.
 */
#ifndef LB_WRITER_H
#define LB_WRITER_H

#include <stdio.h>
#include <stddef.h>
#include "err.h"
#include "reader.h"

/*
 * lb_out: where a tool's product goes. With a path, a temporary file in the
 * same folder is written and renamed over path by lb_out_commit, so a failed
 * run leaves no file created or changed; lb_out_abort removes the temporary.
 * path NULL or "-" is standard output (commit flushes and checks it).
 */
struct lb_out;
/* A product that masks personal data (a report, a schedule): a new file
 * gets 0666 less the umask. */
int lb_out_open(struct lb_out **op, const char *path, struct lb_err *err);
/* Data (a roster, a log, changes, conflicts): a new file gets 0600, or the
 * mode of lb_out_set_data_mode. Both refuse a path that is not a regular
 * file or a new name (lstat; a link is followed only to a regular file, and
 * that file is replaced); "-" and /dev/stdout are standard output; a
 * replaced file keeps its mode; the temporary is 0600 and removed on SIGINT,
 * SIGTERM and SIGHUP. */
int lb_out_open_data(struct lb_out **op, const char *path, struct lb_err *err);
void lb_out_set_data_mode(unsigned mode);
/* Flush, check, fsync and close the temporary, without renaming it: a tool
 * with several outputs finishes them all, then commits them all, or aborts
 * them all when one failed (they commit together or not at all). */
int lb_out_finish(struct lb_out *o, struct lb_err *err);
FILE *lb_out_fp(struct lb_out *o);
const char *lb_out_name(const struct lb_out *o);   /* path or "<stdout>" */
int lb_out_commit(struct lb_out *o, struct lb_err *err);  /* frees o */
void lb_out_abort(struct lb_out *o);                      /* frees o; NULL ok */

/* 1 if path (NULL or "-": standard output) is a terminal: a tool refuses to
 * write a workbook (binary) there. */
int lb_out_is_tty(const char *path);

/* 1 if two outputs of one run are one file: both standard output (NULL,
 * "-", /dev/stdout), one name, one existing file (device and inode), or one
 * new name in one folder. */
int lb_same_output(const char *a, const char *b);
/* A temporary file of the library's own (a workbook being built, xlsxw.c)
 * removed, like lb_out's, on SIGINT, SIGTERM and SIGHUP; path must stay
 * valid until lb_tmp_untrack. */
void lb_tmp_track(char *path);
void lb_tmp_untrack(const char *path);
/* 1 if path names the same file as any of inputs (same device and inode). */
int lb_same_file(const char *path, char *const *inputs, size_t n);

/*
 * lb_tw: a table writer. Canonical CSV: UTF-8, comma, LF, quote only when a
 * value holds a comma, quote, CR or LF, or starts or ends with a space.
 * Canonical YAML: a sequence of mappings, keys in column order, every value
 * double-quoted, UTF-8 unescaped — byte-stable, and CSV → YAML → CSV gives
 * the same bytes.
 */
struct lb_tw;
/* A table writer on o's stream. When a write fails, the errno it failed
 * with is kept in o (not in any global), so lb_out_commit can say why; so is
 * a workbook (LB_FMT_XLSX) that could not be made or copied out, which the
 * stream alone would not show: lb_out_commit then fails and leaves no file. */
struct lb_tw *lb_tw_open(struct lb_out *o, enum lb_format fmt, const char *const *cols,
                         size_t ncols);
/* The same on a bare stream (no lb_out): a failed write is still reported
 * (LB_EOUTPUT) but its reason is whatever the stream's close gives. */
struct lb_tw *lb_tw_new(FILE *fp, enum lb_format fmt, const char *const *cols, size_t ncols);
/*
 * Options: excel (CSV only) writes what Excel and WPS open without 乱码 — a
 * UTF-8 BOM, CRLF, every cell quoted as needed and a cell starting with = +
 * - @ TAB or CR given a leading ' (for files people open, never for the
 * canonical data); created is the creation time of an XLSX workbook (0: a
 * fixed epoch, see xlsxw.h), sheet its sheet name.
 * LB_FMT_XLSX writes a workbook (xlsxw.h) to fp at lb_tw_end.
 */
struct lb_tw_opts {
	int excel;
	long long created;
	const char *sheet;
};
struct lb_tw *lb_tw_new_opt(FILE *fp, enum lb_format fmt, const char *const *cols, size_t ncols,
                            const struct lb_tw_opts *o);
/* lb_tw_open with options (opt NULL: none): the reason of a failed write,
 * a workbook's included, kept in o. */
struct lb_tw *lb_tw_open_opt(struct lb_out *o, enum lb_format fmt, const char *const *cols,
                             size_t ncols, const struct lb_tw_opts *opt);
int lb_tw_row(struct lb_tw *tw, const char *const *cells);  /* ncols cells; 0 or LB_EOUTPUT */
/* The table is meant for a person (a schedule, findings, changes, conflicts):
 * in CSV a cell starting with = + - @ TAB or CR, which a spreadsheet would run
 * as a formula, gets a leading '. Canonical data tables never call this. */
void lb_tw_person(struct lb_tw *tw);
/* The one formula neutraliser of every CSV a person opens (lb_tw_person,
 * --excel, the report's CSV): s appended to out, with a leading ' when it
 * starts with = + - @ TAB or CR (a spreadsheet would run it as a formula). */
struct lb_buf;
void lb_csv_formula_safe(const char *s, struct lb_buf *out);

/* s as HTML text or attribute value: & < > " ' escaped, the rest as is. */
void lb_html_text(FILE *fp, const char *s);
/* The same for s[0..len) at o, which has room for 6 * len bytes; returns
 * the end of what was written (no NUL). */
char *lb_html_escape(char *o, const char *s, size_t len);
int lb_tw_end(struct lb_tw *tw);    /* finishes the document, frees tw; 0 or LB_EOUTPUT */

/*
 * Rows built by the caller, for a CSV table of millions of rows whose cells
 * repeat (lb-schedule encodes each child's cells once, not once a row):
 * lb_tw_csv_cell appends s[0..len) at o as lb_tw_row would write that cell
 * (a formula neutralised when lb_tw_person or excel asked for it, quoted as
 * needed; o has room for 2 * len + 3 bytes) and returns the end;
 * lb_tw_csv_eol is the row end ("\n", or "\r\n" for excel); lb_tw_csv_raw
 * writes n bytes of such rows — cells joined by ',', each row ended by the
 * row end — as they are, and fails as lb_tw_row does. Only when lb_tw_is_csv.
 */
int lb_tw_is_csv(const struct lb_tw *tw);
char *lb_tw_csv_cell(const struct lb_tw *tw, char *o, const char *s, size_t len);
const char *lb_tw_csv_eol(const struct lb_tw *tw);
int lb_tw_csv_raw(struct lb_tw *tw, const char *rows, size_t n);

/*
 * The CSV cell quoter, the one for every CSV lb writes: s[0..len) as one
 * cell at o, which has room for 2 * len + 2 bytes; returns the end of what
 * was written (no NUL). The cell is quoted, with inner quotes doubled, when
 * it holds a comma, quote, CR or LF, or starts or ends with a space;
 * otherwise copied as it is (an empty cell writes nothing).
 */
char *lb_csv_quote(char *o, const char *s, size_t len);
/* The same for a cell a person opens: lb_csv_formula_safe's leading ' when
 * s starts like a formula, then quoted as needed (o has room for
 * 2 * len + 3 bytes). */
char *lb_csv_quote_safe(char *o, const char *s, size_t len);
/* The same cell written to fp (for writers that build no row buffer). */
void lb_csv_cell(FILE *fp, const char *s);

#endif
