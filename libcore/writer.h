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

/* 1 if two outputs of one run are one file: both standard output (NULL,
 * "-", /dev/stdout), one name, one existing file (device and inode), or one
 * new name in one folder. */
int lb_same_output(const char *a, const char *b);
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
struct lb_tw *lb_tw_new(FILE *fp, enum lb_format fmt, const char *const *cols, size_t ncols);
int lb_tw_row(struct lb_tw *tw, const char *const *cells);  /* ncols cells; 0 or LB_EOUTPUT */
/* The table is meant for a person (a schedule, findings, changes, conflicts):
 * in CSV a cell starting with = + - @ TAB or CR, which a spreadsheet would run
 * as a formula, gets a leading '. Canonical data tables never call this. */
void lb_tw_person(struct lb_tw *tw);
int lb_tw_end(struct lb_tw *tw);    /* finishes the document, frees tw; 0 or LB_EOUTPUT */

/* Append one CSV cell, quoted if needed (used by other writers). */
void lb_csv_cell(FILE *fp, const char *s);

#endif
