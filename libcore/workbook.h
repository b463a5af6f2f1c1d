/*
 * workbook.h — one sheet of a spreadsheet workbook as rows of cell text:
 * Office Open XML (.xlsx: libzip and expat, the sheet XML streamed, never
 * held whole) and legacy Excel 97–2003 (.xls, BIFF8: libfreexl).
 *
 * The reader (reader.c) uses it as a row source in place of CSV: a workbook
 * is known by its content (a zip archive holding xl/workbook.xml, or an OLE2
 * compound file), never by its name. Each row comes with its sheet row
 * number, which is the "line" of every message about it.
 *
 * Cell text: shared and inline strings exactly as stored; numbers as a
 * spreadsheet writes them without exponent (13812345678, 3.5); a number of
 * 10^15 or more (an identity number typed into a number cell, whose last
 * digits the spreadsheet has already lost) in spreadsheet notation,
 * 6.22921199001011E+17, so the value checks say so rather than keep a wrong
 * number; a number in a cell with a date format as YYYY-MM-DD (1900 and 1904
 * date systems); booleans TRUE / FALSE; error values as shown (#N/A).
 * .xlsx: a merged range's value is given to every cell it covers (the
 * ranges are collected by a first, byte-level pass over the sheet, since
 * they follow the cells in the XML) in each row that has a value of its own
 * (a row that only a merged range reaches is blank, not a record). .xls: libfreexl does not expose merged
 * ranges, so only the top-left cell of a merged range has the value.
 *
 * Hostile workbooks fail with a message, never exhaust memory: each member is
 * read with a cap on its uncompressed size and compression ratio, the shared
 * string table is capped, XML with a DOCTYPE or entity declaration is
 * refused, and a sheet whose path leaves the archive is refused.
 */
#ifndef LB_WORKBOOK_H
#define LB_WORKBOOK_H

#include <stdio.h>
#include <stddef.h>
#include "err.h"

/* Limits (a workbook over them is refused, exit 2). */
#define LB_WB_MAX_MEMBER   (4ull << 30)   /* uncompressed bytes of one sheet */
#define LB_WB_MAX_PART     (256ull << 20) /* … of any other member */
#define LB_WB_MAX_RATIO    1000           /* uncompressed / compressed, above 1 MB */
#define LB_WB_MAX_STRINGS  (1u << 24)     /* shared strings */
#define LB_WB_MAX_SSTBYTES (512u << 20)   /* bytes of shared-string text */
#define LB_WB_MAX_MERGES   (1u << 18)     /* merged ranges in a sheet */
#define LB_WB_MAX_STDIN    (512u << 20)   /* a workbook read from standard input */

enum lb_wb_kind { LB_WB_NONE = 0, LB_WB_XLSX, LB_WB_XLS };

/* What the first bytes of a file say: a zip archive (PK\3\4) is taken for
 * .xlsx (open checks it holds a workbook), an OLE2 compound file for .xls. */
enum lb_wb_kind lb_wb_sniff(const unsigned char *p, size_t n);

struct lb_sheet;

/*
 * Open a sheet. path names the file (NULL: the workbook is read from fp,
 * whose first nhead bytes are already in head: read whole, at most
 * LB_WB_MAX_STDIN bytes; an .xls through a temporary file). sheet is
 * NULL (the first visible sheet), a name, or a 1-based number (hidden ones
 * counted). name is the file's
 * name in messages. Errors: LB_EIO, LB_ENOTABLE (not a workbook, a missing
 * member), LB_EPARSE (malformed XML), LB_ELIMIT (over a limit above, a
 * DOCTYPE), LB_EUSAGE (no such sheet).
 */
int lb_sheet_open(struct lb_sheet **sp, enum lb_wb_kind kind, const char *path, FILE *fp,
                  const unsigned char *head, size_t nhead, const char *sheet,
                  const char *name, struct lb_err *err);
/*
 * The next row that has a cell: 1 (*line its sheet row number, cells[0..*n)
 * its cells from column A on, "" where empty; valid until the next call),
 * 0 at the end, negative on error (err filled).
 */
int lb_sheet_next(struct lb_sheet *s, long *line, const char *const **cells, size_t *n,
                  struct lb_err *err);
/* Append cells[0..n) to b as one canonical CSV line (LF): what a reader
 * shows as a workbook row's raw bytes. */
struct lb_buf;
void lb_sheet_csvline(struct lb_buf *b, const char *const *cells, size_t n);
const char *lb_sheet_name(const struct lb_sheet *s);   /* the sheet read */
enum lb_wb_kind lb_sheet_kind(const struct lb_sheet *s);
void lb_sheet_close(struct lb_sheet *s);   /* NULL is fine */

#endif
