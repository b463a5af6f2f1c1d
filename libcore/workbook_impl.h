/* workbook_impl.h — private to the workbook's own files: workbook.c (the
 * interface, rows of cells, numbers as text, choosing the sheet),
 * workbook_xlsx.c (an .xlsx package: its members, workbook.xml and its
 * relationships, styles, shared strings), workbook_sheet.c (an .xlsx
 * sheet's XML streamed row by row, with its merged ranges) and
 * workbook_xls.c (an .xls through libfreexl). Not installed, not part of
 * the library's contract: workbook.h is. */
#ifndef LB_WORKBOOK_IMPL_H
#define LB_WORKBOOK_IMPL_H

#include <stddef.h>
#include <stdio.h>
#include <expat.h>
#include <zip.h>

#include "err.h"
#include "util.h"
#include "workbook.h"

#define WB_CHUNK 65536

/* A row being built or queued: cells NUL-separated in data at off[]. */
struct wrow {
	long num;
	struct lb_buf data;
	size_t *off;
	size_t n, cap;
};

struct merge {
	long r1, r2;
	size_t c1, c2;
	char *val;                /* the top-left cell, once its row is read */
};

struct wbinfo;
struct stinfo;
struct sstinfo;

struct lb_sheet {
	enum lb_wb_kind kind;
	char *name;               /* file name in messages */
	char *sheetname;
	/* xlsx */
	zip_t *za;
	void *membuf;             /* the workbook read from standard input */
	zip_file_t *zf;
	unsigned long long zleft; /* bytes the sheet may still give */
	char *sheetpath;
	XML_Parser xp;
	char *chunk;
	int xml_done;
	char **sst;               /* shared strings: pointers into sstbuf */
	char *sstbuf;
	size_t nsst;
	unsigned char *xfdate;    /* cell format index → 1 if a date */
	size_t nxf;
	int date1904;
	struct merge *m;
	size_t nm, mnext;         /* merges sorted by r1; next to start */
	size_t *act;              /* indices of merges in play */
	size_t nact;
	/* sheet parse state */
	int depth_row, in_c, in_v, in_t, in_is, in_rph;
	long rownum, lastrow;
	size_t col, lastcol;
	char ctype;               /* s, i (inline), t (str), b, e, d, n */
	long cstyle;
	struct lb_buf text;
	struct wrow build;
	struct wrow *q;           /* queued rows */
	size_t qhead, qn, qcap;
	struct wrow out;          /* the row handed out */
	const char **ptr;
	size_t pcap;
	int fail;                 /* an error in a handler: err below */
	struct lb_err err;
	struct wbinfo *wbi;       /* while opening: what the parts say */
	struct stinfo *sti;
	struct sstinfo *ssti;
	/* xls */
	const void *fx;
	char *xtmp;               /* standard input copied to a file for libfreexl */
	unsigned int xrows;
	unsigned short xcols;
	unsigned int xnext;
};

/* rows (workbook.c): set cell col (cells before it ""), a cell ("" past the
 * end), empty, free, and move from into to (from emptied) */
void lb_wb_row_set(struct wrow *w, size_t col, const char *s, size_t len);
const char *lb_wb_row_get(const struct wrow *w, size_t col);
void lb_wb_row_clear(struct wrow *w);
void lb_wb_row_fini(struct wrow *w);
void lb_wb_row_move(struct wrow *to, struct wrow *from);
/* a number as a spreadsheet writes it (workbook.c) */
void lb_wb_fmt_number(double v, char *out, size_t cap);
/* the sheet to read among names: want NULL (the first visible; hidden
 * NULL or which are hidden), a name or a 1-based number (workbook.c) */
int lb_wb_pick_sheet(struct lb_sheet *s, const struct lb_strv *names, const unsigned char *hidden,
                     const char *want, size_t *idx, struct lb_err *err);

/* .xlsx package (workbook_xlsx.c): XML names without their prefix, an
 * attribute, a parser that refuses DOCTYPE and entities, a member opened
 * with its size checked against cap and its ratio, read in chunks, and
 * the error of a failed parse */
const char *lb_wb_local(const char *n);
const char *lb_wb_attr(const char **a, const char *name);
XML_Parser lb_wb_new_parser(struct lb_sheet *s);
int lb_wb_member_open(struct lb_sheet *s, const char *path, unsigned long long cap, zip_file_t **zfp,
                      unsigned long long *size, struct lb_err *err);
long lb_wb_member_read(struct lb_sheet *s, zip_file_t *zf, const char *path, char *buf, size_t n,
                       unsigned long long *left, struct lb_err *err);
int lb_wb_xml_fail(struct lb_sheet *s, const char *path, struct lb_err *err);
int lb_wb_xlsx_open(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head,
                    size_t nhead, const char *want, struct lb_err *err);

/* .xlsx sheet (workbook_sheet.c): collect the merged ranges and start the
 * streamed parse of s->sheetpath; the next row (1, 0 at the end, <0) */
int lb_wb_sheet_begin(struct lb_sheet *s, struct lb_err *err);
int lb_wb_xlsx_next(struct lb_sheet *s, struct wrow **wp, struct lb_err *err);

/* .xls (workbook_xls.c) */
int lb_wb_xls_open(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head,
                   size_t nhead, const char *want, struct lb_err *err);
int lb_wb_xls_next(struct lb_sheet *s, struct wrow **wp, struct lb_err *err);

#endif
