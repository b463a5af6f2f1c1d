/*
 * reader.h — reading tables: CSV (any encoding, delimiter, title rows) and
 * YAML, record by record, with the physical line each record starts on.
 *
 * lb-files(5), What the tools read, is the contract. Encoding is decided on the first
 * 64 KiB (UTF-8 BOM, valid UTF-8, else GB18030 converted with iconv before
 * parsing); the delimiter is sniffed among , ; TAB |; the header is the first
 * row within 30 whose cells map to at least 3 distinct known fields making up
 * at least half its non-empty cells; rows above it are title rows. CSV is
 * streamed (libcsv, chunked): after the header a second thread reads the
 * records ahead, in batches of up to 256 rows or 1 MB, at most four batches
 * ahead, handed out in order (one reader is used from one thread, as
 * before); YAML is read whole (it is small).
 */
#ifndef LB_READER_H
#define LB_READER_H

#include <stddef.h>
#include "err.h"
#include "schema.h"
#include "diag.h"

enum lb_format { LB_FMT_AUTO = 0, LB_FMT_CSV, LB_FMT_YAML, LB_FMT_XLSX };   /* XLSX: writers only */

/* Limits that keep a hostile file from exhausting memory. */
#define LB_MAX_FIELD   (1u << 20)    /* bytes in one cell */
#define LB_MAX_COLS    4096          /* cells in one record */

struct lb_reader_opts {
	enum lb_kind kind;            /* AUTO: detected from the header */
	enum lb_format format;        /* AUTO: by name (.yaml/.yml) and content */
	const char *encoding;         /* NULL or "auto", "utf-8", "gb18030" */
	int delim;                    /* 0: sniff */
	long header_row;              /* 0: detect; else the physical line */
	const struct lb_schema *roster, *activity;  /* NULL: built-in */
	const char *const *maps;      /* "HEADER=field_id", nmaps of them */
	size_t nmaps;
	int keep_raw;                 /* fill lb_record.raw */
	const char *sheet;            /* workbooks: NULL (the first sheet), a name or a number */
	const char *name;             /* NULL: path; else the name in messages
	                               * (a copy of a FIFO read in its place) */
	/* Reading twice without decoding twice (lb-import): with spill, the
	 * text of a CSV file as decoded (UTF-8, without a BOM, every byte the
	 * scanner sees) is also written to the file descriptor spill_fd,
	 * which stays open; lb_reader_spilled says whether that copy is
	 * whole. A write that fails only ends the copy. With copy_encoding,
	 * path is such a copy of a file in that encoding (as
	 * lb_reader_encoding named it): read as UTF-8 as it is (no BOM, no
	 * binary-data guess), and named so. Lines are the same in both. */
	int spill, spill_fd;
	const char *copy_encoding;
};

struct lb_record {
	long line;             /* physical line on which the record starts */
	size_t n;              /* cells in this record (may differ from ncols) */
	char **cells;          /* n NUL-terminated UTF-8 strings, exactly as read */
	const char *raw;       /* keep_raw: the record's decoded bytes with line end */
	size_t rawlen;
};

struct lb_reader;

/* Open path ("-" or NULL: standard input, named "<stdin>") and read up to and
 * including the header. Errors: LB_EIO, LB_EENCODING, LB_ENOTABLE (no header
 * row, binary data, empty file), LB_EHEADER, LB_EPARSE. */
int lb_reader_open(struct lb_reader **rp, const char *path,
                   const struct lb_reader_opts *o, struct lb_err *err);
/* Next record: 1 a record (valid until the next call), 0 end of input,
 * negative on error (err filled; no more records). Blank lines, repeated
 * headers and footer rows are skipped and leave a note. */
int lb_reader_next(struct lb_reader *r, struct lb_record *rec, struct lb_err *err);
void lb_reader_close(struct lb_reader *r);   /* NULL is fine */
/* A look ahead, for prefetching only: cell col of the row k (>= 1) rows after
 * the one lb_reader_next returned last, as read (the rows it would skip are
 * not skipped), or NULL when that row is not at hand (CSV read ahead only,
 * within the batch at hand). Valid until the next lb_reader_next. */
const char *lb_reader_peek(const struct lb_reader *r, size_t k, size_t col);

const char *lb_reader_name(const struct lb_reader *r);
const char *lb_reader_encoding(const struct lb_reader *r);  /* "UTF-8", "UTF-8 (BOM)", "GB18030" */
enum lb_format lb_reader_format(const struct lb_reader *r);
int lb_reader_delim(const struct lb_reader *r);
enum lb_kind lb_reader_kind(const struct lb_reader *r);
const struct lb_schema *lb_reader_schema(const struct lb_reader *r);
long lb_reader_header_line(const struct lb_reader *r);      /* 0 for YAML */
size_t lb_reader_ncols(const struct lb_reader *r);
const char *lb_reader_colname(const struct lb_reader *r, size_t i); /* header text */
int lb_reader_colfield(const struct lb_reader *r, size_t i);        /* field index or -1 */
/* keep_raw: the bytes from the start of the file through the header row. */
const char *lb_reader_header_raw(const struct lb_reader *r, size_t *len);
/* spill: 1 when the whole text, to the end of the file, went to
 * spill_fd (a CSV file read to its end, every write done), else 0. */
int lb_reader_spilled(const struct lb_reader *r);
/* Bytes consumed so far (for progress). */
unsigned long long lb_reader_bytes(const struct lb_reader *r);

/* Notes the reader left (title rows skipped, footers, repeated header,
 * combined group labels, unknown columns): read them, then clear. */
struct lb_diags *lb_reader_notes(struct lb_reader *r);

#endif
