/* reader_impl.h — private to the reader's own files: reader.c (rows,
 * opening, the records handed out), reader_decode.c, reader_scan.c,
 * reader_ahead.c, reader_header.c and reader_yaml.c (the layers described
 * at the top of reader.c). Not installed, not part of the library's
 * contract: reader.h is. */
#ifndef LB_READER_IMPL_H
#define LB_READER_IMPL_H

#include <iconv.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <csv.h>

#include "diag.h"
#include "err.h"
#include "reader.h"
#include "schema.h"
#include "util.h"

#define CHUNK     65536
#define REC_MAX   (8u * LB_MAX_FIELD)    /* bytes in one record */
#define HEAD_ROWS 30

enum enc { ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030 };
enum { S_START, S_UNQ, S_QUOTED, S_QQ };   /* scanner states, as libcsv's */

/* A row: its cells NUL-separated in data, at off[]; ptr[] built on demand. */
struct row {
	long line;
	struct lb_buf data;
	size_t *off, *col;        /* col: YAML only, the column of each cell */
	size_t n, ocap;
	char **ptr;
	size_t pcap;
	struct lb_buf raw;
	size_t yraw0, yraw1;      /* YAML: the item's bytes in the text */
};

/* Reading ahead in a second thread: CSV records after the header are
 * decoded, found and split by a producer thread into batches of rows that
 * lb_reader_next hands out in order (see the "ahead" section). */
#define AHEAD_BATCHES 4
#define AHEAD_ROWS    256
#define AHEAD_BYTES   (1u << 20)   /* a batch ends after this many bytes of rows */
#define AHEAD_KEEP    (1u << 16)   /* a row's buffers above this are freed on reuse */

struct batch {
	struct row rows[AHEAD_ROWS];
	size_t n;
	int rc;                        /* 1, or how reading ended after rows[n - 1] */
	struct lb_err err;             /* rc < 0 */
	unsigned long long bytes;      /* bytes read when the batch was done */
};

struct lb_reader {
	char *name;
	FILE *fp;
	int own_fp;
	struct lb_reader_opts o;
	enum lb_format fmt;

	/* decode */
	enum enc enc;
	iconv_t cd;
	int have_cd;
	unsigned char in[CHUNK + 8];
	unsigned char carry[8];
	size_t ncarry;
	struct lb_buf conv;            /* iconv output */
	unsigned char *gbt;            /* GB18030 two-byte codes → UTF-8 (gb_decode) */
	const char *dec;               /* decoded bytes dec[dpos..dlen) */
	size_t dpos, dlen;
	int eof;                       /* the file is read to its end */
	int first;                     /* the first chunk is in `in` */
	size_t firstlen;
	int dec_err;                   /* an invalid sequence follows dec (2: a NUL) */
	unsigned long long nbytes;
	int spilling;                  /* o.spill on a CSV file: dec goes to o.spill_fd */
	int spill_bad;                 /* a write to it failed: the copy is not whole */

	/* scan */
	unsigned char spec[256];       /* 1: delimiter or line end; 2: quote or line end */
	long line, rec_line, quote_line;
	struct lb_buf rec;
	int rec_term;                  /* rec ends with a line end */
	int rec_quoted;                /* a field of rec is quoted */
	size_t *doff;                  /* offsets in rec of the delimiters */
	size_t ndoff, doffcap;         /* (used when no field is quoted) */
	int delim;

	/* parse */
	struct csv_parser csv;
	int csv_ok;
	struct row *fill;
	int row_done, too_many, too_big;

	/* header and columns */
	const struct lb_schema *rs, *as, *schema;
	enum lb_kind kind;
	long hline;
	struct lb_strv colnames;
	int *colfield;
	size_t ncols;
	char **hnorm;                  /* the header cells, normalised */
	size_t nhnorm;
	struct lb_buf hraw;
	struct lb_strv hcells, lcells;  /* the header row and label row as read */

	struct row *pre;               /* rows read ahead (header search, YAML) */
	size_t npre, pi, precap;
	struct row cur;
	struct lb_diags notes;

	char **mapkey, **mapfield;     /* --map, normalised header → field id */
	size_t nmaps;

	struct yread *yaml;            /* YAML: the passes (reader_yaml.c) */
	struct lb_sheet *sheet;        /* a workbook: rows come from it (workbook.h) */

	int defer_rc;                  /* an error met while reading ahead, */
	struct lb_err defer;           /* reported after the rows before it */

	/* ahead: the producer thread (CSV after the header) */
	int ahead;                     /* the thread runs */
	pthread_t thr;
	pthread_mutex_t mu;
	pthread_cond_t cv_full, cv_free;
	struct batch *batches;         /* AHEAD_BATCHES, used in turn */
	unsigned long filled, consumed; /* batches published / given back */
	int stop;                      /* lb_reader_close: the producer ends */
	struct batch *cb;              /* the consumer's batch, or NULL */
	size_t cbi;                    /* its next row */
	unsigned long long cbytes;     /* bytes read as far as the consumer got */
};

struct score {
	int distinct, matched, nonempty;
};

/* rows (reader.c) */
void lb_rd_row_clear(struct row *w);
void lb_rd_row_fini(struct row *w);
void lb_rd_row_addcell(struct row *w, const char *s, size_t len, size_t col);
const char *lb_rd_row_cell(const struct row *w, size_t i);
int lb_rd_row_blank(const struct row *w);
/* small text helpers (reader.c) */
int lb_rd_blank_text(const char *s);
const char *lb_rd_skip_ws(const char *s);
void lb_rd_set_field(struct lb_err *err, const char *name);
char *lb_rd_norm_dup(const char *s);
/* decode (reader_decode.c) */
long lb_rd_read_raw(struct lb_reader *r, struct lb_err *err);
int lb_rd_dec_fill(struct lb_reader *r, struct lb_err *err);
int lb_rd_decide_encoding(struct lb_reader *r, struct lb_err *err);
void lb_rd_spill(struct lb_reader *r);
/* scan and parse (reader_scan.c): the next row (1, 0 at the end, <0),
 * libcsv's space function, the delimiter of the first records */
int lb_rd_read_row(struct lb_reader *r, struct row *w, int keep, struct lb_err *err);
int lb_rd_no_space(unsigned char c);
int lb_rd_sniff_delim(const char *text, size_t len);
/* read-ahead thread (reader_ahead.c) */
void lb_rd_ahead_start(struct lb_reader *r);
void lb_rd_ahead_stop(struct lb_reader *r);
int lb_rd_ahead_next(struct lb_reader *r, struct row **wp, struct lb_err *err);
/* header (reader_header.c) */
struct score lb_rd_score_names(const struct lb_reader *r, const struct lb_schema *s,
                               char **names, size_t n);
const struct lb_schema *lb_rd_best_schema(const struct lb_reader *r, char **names, size_t n,
                                          struct score *sc);
void lb_rd_note_title(struct lb_reader *r, const struct row *w, const char *code, const char *msg);
int lb_rd_set_columns(struct lb_reader *r, const struct lb_schema *s, struct lb_strv *names,
                      long hl, struct lb_err *err);
int lb_rd_check_maps(struct lb_reader *r, struct lb_err *err);
int lb_rd_find_header(struct lb_reader *r, struct lb_err *err);
/* YAML data (reader_yaml.c) */
int lb_rd_read_yaml(struct lb_reader *r, struct lb_err *err);
int lb_rd_yaml_next(struct lb_reader *r, struct row **wp, struct lb_err *err);
void lb_rd_yaml_close(struct lb_reader *r);

#endif
