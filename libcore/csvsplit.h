/*
 * csvsplit.h — unquoting a quoted CSV cell (internal to libcore: the reader).
 *
 * The reader's scanner finds each record and the delimiters that separate
 * its fields (a delimiter inside quotes is not one), following libcsv's
 * states. A field whose first byte is a quote is a quoted field; the bytes
 * from that quote up to the field's end (the byte before the separating
 * delimiter or the line end, always the closing quote) are given to
 * lb_csv_unquote, which leaves the cell exactly as libcsv (CSV_APPEND_NULL |
 * CSV_REPALL_NL, no space characters) gives it: the opening and closing
 * quotes dropped, "" read as one quote, a quote followed by anything else
 * kept. Line ends inside quotes are kept as they are.
 */
#ifndef LB_CSVSPLIT_H
#define LB_CSVSPLIT_H

#include <stddef.h>

/* s[0..n) starts with a quote. The cell is written over s[0..result);
 * s[result] is not touched. */
size_t lb_csv_unquote(char *s, size_t n);

/* For tests only: 1 sends records with a quoted field through libcsv, as
 * before the reader unquoted them itself, to compare the two. Set it before
 * lb_reader_open. */
extern int lb_csv_reference;

#endif
