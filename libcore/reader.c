/*
 * reader.c — reading tables: CSV (libcsv) and YAML (libyaml), record by
 * record, with the physical line each record starts on. lb-files(5), What
 * the tools read, is the contract.
 *
 * The layers, bottom up:
 *
 *  decode   fread in 64 KiB chunks; the encoding is decided on the first
 *           chunk (UTF-8 BOM, valid UTF-8, else GB18030). UTF-8 is validated
 *           chunk by chunk (a sequence cut at a chunk end is carried over);
 *           GB18030 goes through iconv (EINVAL: the tail is carried over).
 *           An invalid sequence is held back until the scanner reaches it,
 *           so the error names the physical line it is on.
 *  scan     splits the decoded bytes into records: line ends (CRLF, LF, CR)
 *           outside quotes, following libcsv's own quoting rules, counting
 *           physical lines (inside quoted fields too). A record's bytes,
 *           with its line end, are what lb_record.raw shows.
 *  parse    the cells are the bytes between the delimiters the scanner
 *           saw; a quoted cell is unquoted in place (csvsplit.c), giving
 *           what libcsv (CSV_APPEND_NULL, CSV_REPALL_NL, no space
 *           characters) gives — libcsv still parses quoted records when
 *           lb_csv_reference is set, and the unit tests compare the two.
 *  header   the first 30 non-blank rows are held to find the header row,
 *           the title rows above it and a row of group labels; later rows
 *           stream one at a time.
 *
 * YAML data files are read whole and parsed with libyaml's event API.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <csv.h>
#include <yaml.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "date.h"
#include "i18n.h"
#include "csvsplit.h"
#include "reader.h"
#include "utf8.h"
#include "util.h"
#include "value.h"
#include "workbook.h"

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

	struct lb_buf ytext;           /* YAML: the whole text */
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

/* ---- rows ---------------------------------------------------------------- */

static void
row_clear(struct row *w)
{
	lb_buf_clear(&w->data);
	lb_buf_clear(&w->raw);
	w->n = 0;
}

static void
row_fini(struct row *w)
{
	lb_buf_fini(&w->data);
	lb_buf_fini(&w->raw);
	free(w->off);
	free(w->col);
	free(w->ptr);
	memset(w, 0, sizeof *w);
}

static void
row_addcell(struct row *w, const char *s, size_t len, size_t col)
{
	if (w->n + 1 > w->ocap) {
		size_t c = w->ocap;
		w->off = lb_xgrow(w->off, &c, w->n + 1, sizeof *w->off);
		c = w->ocap;
		w->col = lb_xgrow(w->col, &c, w->n + 1, sizeof *w->col);
		w->ocap = c;
	}
	w->off[w->n] = w->data.len;
	w->col[w->n] = col;
	w->n++;
	lb_buf_reserve(&w->data, len + 1);
	memcpy(w->data.s + w->data.len, s, len);
	w->data.len += len;
	w->data.s[w->data.len++] = '\0';
}

static char **
row_cells(struct row *w)
{
	w->ptr = lb_xgrow(w->ptr, &w->pcap, w->n + 1, sizeof *w->ptr);
	for (size_t i = 0; i < w->n; i++)
		w->ptr[i] = w->data.s + w->off[i];
	w->ptr[w->n] = NULL;
	return w->ptr;
}

static const char *
row_cell(const struct row *w, size_t i)
{
	return i < w->n ? w->data.s + w->off[i] : "";
}

/* ---- small text helpers -------------------------------------------------- */

/* 1 if s is empty or only white space (ASCII, U+3000, U+00A0). */
/* White space is value.c's (lb_trim: ASCII, U+00A0, U+3000): a cell that
 * holds nothing else is blank. The first byte settles most cells. */
static int
blank_text(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;

	if (c > ' ' && c != 0xC2 && c != 0xE3)
		return 0;
	n = strlen(s);
	lb_trim(&s, &n);
	return n == 0;
}

/* s after its leading white space. */
static const char *
skip_ws(const char *s)
{
	size_t n = strlen(s);
	lb_trim(&s, &n);
	return s;
}

static void
set_field(struct lb_err *err, const char *name)
{
	if (err)
		snprintf(err->field, sizeof err->field, "%s", name);
}

static char *
norm_dup(const char *s)
{
	struct lb_buf b = LB_BUF_INIT;
	lb_header_norm(s, &b);
	return lb_buf_steal(&b);
}

/* Length of the valid UTF-8 prefix of s[0..len). *incomplete is set when
 * what stops it is a sequence cut by the end of the buffer. 16 bytes at a
 * time where the CPU can: utf8.c. */
static size_t
utf8_prefix(const unsigned char *s, size_t len, int *incomplete)
{
	return lb_utf8_prefix(s, len, incomplete);
}

/* ---- decode -------------------------------------------------------------- */

/* Read the next raw chunk into in (after any carried bytes). Returns the
 * bytes in `in`, 0 at EOF with nothing carried, negative on a read error. */
static long
read_raw(struct lb_reader *r, struct lb_err *err)
{
	size_t n = r->ncarry, got;

	memcpy(r->in, r->carry, n);
	r->ncarry = 0;
	if (r->eof)
		return (long)n;
	got = fread(r->in + n, 1, CHUNK, r->fp);
	r->nbytes += got;
	if (got < CHUNK) {
		if (ferror(r->fp))
			return lb_err_sys(err, r->name, _("cannot read"));
		r->eof = 1;
	}
	return (long)(n + got);
}

/* GB18030 → UTF-8 of in[0..n) appended to r->conv. ASCII is copied and the
 * two-byte codes (lead 0x81-0xFE, trail 0x40-0xFE but 0x7F) come from a
 * table that iconv itself fills the first time each code is met, so the
 * bytes are exactly iconv's; everything else (four-byte codes, invalid or
 * cut sequences) goes to iconv one character at a time. Returns the bytes
 * consumed; *st is 0, or EILSEQ / EINVAL as iconv reports them at that
 * point. */
static size_t
gb_decode(struct lb_reader *r, const unsigned char *in, size_t n, int *st)
{
	size_t i = 0;
	unsigned char *o;

	*st = 0;
	if (!r->gbt)
		r->gbt = lb_xcalloc((size_t)1 << 16, 4);
	lb_buf_reserve(&r->conv, n * 2 + 16);
	o = (unsigned char *)r->conv.s + r->conv.len;
	while (i < n) {
		unsigned c = in[i];
		if (c < 0x80) {
			if (i + 8 <= n) {
				uint64_t v;
				memcpy(&v, in + i, 8);
				if (!(v & 0x8080808080808080ull)) {
					memcpy(o, &v, 8);
					o += 8;
					i += 8;
					continue;
				}
			}
			*o++ = (unsigned char)c;
			i++;
			continue;
		}
		if (i + 1 < n) {
			/* gbt[lead << 8 | trail]: byte 0 the UTF-8 length (0 not
			 * yet known, 0xFF not a cacheable two-byte code), then
			 * the UTF-8 bytes */
			unsigned t = in[i + 1];
			unsigned char *e = r->gbt + (((size_t)c << 8 | t) << 2);
			if (e[0] == 0) {
				char ib[2] = {(char)c, (char)t}, ob[8];
				char *ip = ib, *op = ob;
				size_t il = 2, ol = sizeof ob;
				e[0] = 0xFF;
				if (c >= 0x81 && c <= 0xFE && t >= 0x40 && t <= 0xFE && t != 0x7F &&
				    iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
				    op - ob >= 1 && op - ob <= 3) {
					e[0] = (unsigned char)(op - ob);
					memcpy(e + 1, ob, (size_t)(op - ob));
				}
			}
			if (e[0] != 0xFF) {
				memcpy(o, e + 1, 3);
				o += e[0];
				i += 2;
				continue;
			}
		}
		/* one character (at most 4 bytes) through iconv */
		{
			char *ip = (char *)in + i, *op = (char *)o;
			size_t il = n - i < 4 ? n - i : 4, il0 = il, ol = 16;
			size_t rc = iconv(r->cd, &ip, &il, &op, &ol);
			int e = rc == (size_t)-1 ? errno : 0;
			o = (unsigned char *)op;
			if (il < il0) {
				i += il0 - il;
				continue;
			}
			/* nothing converted: an invalid or cut sequence */
			*st = e == EINVAL && il0 == n - i ? EINVAL : EILSEQ;
			break;
		}
	}
	r->conv.len = (size_t)((char *)o - r->conv.s);
	r->conv.s[r->conv.len] = '\0';
	return i;
}

/* Refill dec. 1: bytes available; 0: end of input; negative: error (a
 * decode error gets the scanner's current line). */
static int
dec_fill(struct lb_reader *r, struct lb_err *err)
{
	long n;
	size_t off = 0;

	for (;;) {
		if (r->dec_err == 2)
			return lb_err_set(err, LB_EENCODING, r->name, r->line, "%s",
			                  _("a NUL byte: binary data, not text"));
		if (r->dec_err)
			return lb_err_set(err, LB_EENCODING, r->name, r->line,
			                  r->enc == ENC_GB18030 ? _("invalid byte sequence for GB18030")
			                                        : _("invalid byte sequence for UTF-8"));
		if (r->first) {
			r->first = 0;
			n = (long)r->firstlen;
			if (r->enc == ENC_UTF8_BOM)
				off = 3;
		} else {
			if ((n = read_raw(r, err)) < 0)
				return (int)n;
		}
		if ((size_t)n == off)
			return 0;
		if (r->enc != ENC_GB18030) {
			int inc;
			size_t ok = utf8_prefix(r->in + off, (size_t)n - off, &inc);
			if (ok < (size_t)n - off) {
				if (inc && !r->eof) {
					r->ncarry = (size_t)n - off - ok;
					memcpy(r->carry, r->in + off + ok, r->ncarry);
				} else {
					r->dec_err = 1;
				}
			}
			/* a NUL after the first chunk (where it means binary data)
			 * would end a value silently: an error at its line */
			const char *z = memchr(r->in + off, 0, ok);
			if (z) {
				ok = (size_t)(z - ((const char *)r->in + off));
				r->ncarry = 0;
				r->dec_err = 2;
			}
			r->dec = (const char *)r->in + off;
			r->dpos = 0;
			r->dlen = ok;
		} else {
			int st;
			size_t used, il;
			lb_buf_clear(&r->conv);
			used = gb_decode(r, r->in, (size_t)n, &st);
			il = (size_t)n - used;
			if (st == EINVAL && !r->eof && il < sizeof r->carry) {
				r->ncarry = il;
				memcpy(r->carry, r->in + used, il);
			} else if (st) {
				r->dec_err = 1;
			}
			r->dec = r->conv.s;
			r->dpos = 0;
			r->dlen = r->conv.len;
			const char *z = r->conv.len ? memchr(r->conv.s, 0, r->conv.len) : NULL;
			if (z) {
				r->dlen = (size_t)(z - r->conv.s);
				r->ncarry = 0;
				r->dec_err = 2;
			}
		}
		if (r->dlen > 0)
			return 1;
		/* nothing decoded: only a carried tail or an error */
		if (r->eof && !r->ncarry && !r->dec_err)
			return 0;
		off = 0;
	}
}

/* ---- scan ---------------------------------------------------------------- */

/* The first i' >= i below end where d[i'] is the delimiter or a line end
 * (spec & 1), 16 bytes at a time where SSE2 is there. */
static inline size_t
skip_unquoted(const unsigned char *d, size_t i, size_t end, const unsigned char *spec,
              unsigned char delim)
{
#ifdef __SSE2__
	const __m128i vd = _mm_set1_epi8((char)delim), vcr = _mm_set1_epi8('\r'),
	              vlf = _mm_set1_epi8('\n');
	while (i + 16 <= end) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd),
		                                                    _mm_cmpeq_epi8(x, vcr)),
		                                       _mm_cmpeq_epi8(x, vlf)));
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
		i += 16;
	}
#else
	(void)delim;
#endif
	while (i < end && !(spec[d[i]] & 1))
		i++;
	return i;
}

/* The first i' >= i below end where d[i'] is a quote or a line end (spec
 * & 2): the end of a run inside quotes (an address, a note). */
static inline size_t
skip_quoted(const unsigned char *d, size_t i, size_t end, const unsigned char *spec)
{
#ifdef __SSE2__
	const __m128i vq = _mm_set1_epi8('"'), vcr = _mm_set1_epi8('\r'),
	              vlf = _mm_set1_epi8('\n');
	while (i + 16 <= end) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vq),
		                                                    _mm_cmpeq_epi8(x, vcr)),
		                                       _mm_cmpeq_epi8(x, vlf)));
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
		i += 16;
	}
#endif
	while (i < end && !(spec[d[i]] & 2))
		i++;
	return i;
}

/* The next record's bytes in r->rec (line end included) and its first line
 * in r->rec_line; r->rec_quoted tells whether a field in it is quoted.
 * 1 a record (possibly blank), 0 end of input, negative error.
 *
 * The states and transitions are libcsv's (a quote opens a quoted field
 * only at the start of a field; "" inside is a quote; a quote followed by
 * anything but a delimiter or a line end stays inside the field), so the
 * records found here are the ones libcsv finds. The inner loops skip bytes
 * that cannot change the state with a lookup table. */
static int
scan_record(struct lb_reader *r, struct lb_err *err)
{
	const unsigned char delim = (unsigned char)r->delim;
	const unsigned char *spec = r->spec;
	int rc, st = S_START, prev_cr = 0;
	long line = r->line;

	lb_buf_clear(&r->rec);
	r->rec_term = 0;
	r->rec_quoted = 0;
	r->ndoff = 0;
	r->rec_line = line;
	for (;;) {
		const unsigned char *d;
		size_t i, end;

		if (r->dpos >= r->dlen) {
			r->line = line;   /* a decode error names this line */
			if ((rc = dec_fill(r, err)) < 0)
				return rc;
			if (rc == 0) {
				if (st == S_QUOTED)
					return lb_err_set(err, LB_EPARSE, r->name, r->quote_line,
					                  _("quoted field is not closed at the end of the file"));
				return r->rec.len > 0 ? 1 : 0;
			}
		}
		d = (const unsigned char *)r->dec;
		i = r->dpos;
		end = r->dlen;
		while (i < end) {
			unsigned c;
			if (st == S_UNQ) {
				i = skip_unquoted(d, i, end, spec, delim);
				if (i == end)
					break;
			} else if (st == S_QUOTED) {
				size_t j = skip_quoted(d, i, end, spec);
				if (j > i)
					prev_cr = 0;
				i = j;
				if (i == end)
					break;
			}
			c = d[i];
			switch (st) {
			case S_START:
				if (c == '"') {
					st = S_QUOTED;
					r->rec_quoted = 1;
					r->quote_line = line;
					prev_cr = 0;
					i++;
					continue;
				}
				break;
			case S_QUOTED:
				if (c == '"')
					st = S_QQ;
				else if (c == '\n') {
					if (!prev_cr)
						line++;
				} else
					line++;
				prev_cr = c == '\r';
				i++;
				continue;
			case S_QQ:
				if (c == '"' || (c != delim && c != '\r' && c != '\n')) {
					st = S_QUOTED;
					i++;
					continue;
				}
				break;
			}
			/* S_START, S_UNQ, or S_QQ at a delimiter or line end */
			if (c == delim) {
				if (r->ndoff == r->doffcap)
					r->doff = lb_xgrow(r->doff, &r->doffcap, r->ndoff + 1,
					                   sizeof *r->doff);
				r->doff[r->ndoff++] = r->rec.len + (i - r->dpos);
				st = S_START;
				i++;
				continue;
			}
			if (c != '\r' && c != '\n') {
				st = S_UNQ;
				i++;
				continue;
			}
			/* the end of the record */
			line++;
			i++;
			if (c == '\r' && i < end && d[i] == '\n')
				i++;
			lb_buf_add(&r->rec, d + r->dpos, i - r->dpos);
			r->dpos = i;
			r->rec_term = 1;
			r->line = line;
			if (c == '\r' && i == end) {
				/* CR at the end of a chunk: an LF may follow in the
				 * next (the bytes are already copied to rec). A
				 * decode error there is reported by the next call. */
				if (dec_fill(r, err) > 0 && r->dec[r->dpos] == '\n') {
					lb_buf_addc(&r->rec, '\n');
					r->dpos++;
				}
			}
			return 1;
		}
		lb_buf_add(&r->rec, d + r->dpos, end - r->dpos);
		r->dpos = end;
		if (r->rec.len > REC_MAX)
			return lb_err_set(err, LB_ELIMIT, r->name,
			                  st == S_QUOTED ? r->quote_line : r->rec_line,
			                  _("record larger than %u bytes (a quote not closed?)"), REC_MAX);
	}
}

/* ---- parse (libcsv) ------------------------------------------------------ */

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
cb_field(void *s, size_t len, void *data)
{
	struct lb_reader *r = data;
	if (r->row_done)
		return;
	if (len > LB_MAX_FIELD) {
		r->too_big = 1;
		return;
	}
	if (r->fill->n >= LB_MAX_COLS) {
		r->too_many = 1;
		return;
	}
	row_addcell(r->fill, s ? s : "", s ? len : 0, r->fill->n);
}

static void
cb_row(int c, void *data)
{
	struct lb_reader *r = data;
	(void)c;
	r->row_done = 1;
}

/* Parse r->rec into w (its bytes also into w->raw when keep). */
static int
parse_record(struct lb_reader *r, struct row *w, int keep, struct lb_err *err)
{
	size_t len = r->rec.len;

	row_clear(w);
	w->line = r->rec_line;
	if (keep)
		lb_buf_add(&w->raw, r->rec.s, r->rec.len);
	if (!r->rec_quoted || !lb_csv_reference) {
		/* The cells are the bytes between the delimiters the scanner
		 * saw (those that separate fields), exactly as libcsv would
		 * give them; a quoted cell is unquoted in place (csvsplit.c).
		 * The record's buffer becomes the row's: each delimiter and
		 * the line end turn into the NULs that end the cells. */
		struct lb_buf t = w->data;
		size_t e = len, p = 0, n = r->ndoff + 1;
		int big = 0;
		char *d;
		w->data = r->rec;
		r->rec = t;
		d = w->data.s;
		while (e > 0 && (d[e - 1] == '\n' || d[e - 1] == '\r'))
			e--;
		if (e == 0) {
			w->data.len = 0;
			return 0;
		}
		if (n > w->ocap) {
			size_t c = w->ocap;
			w->off = lb_xgrow(w->off, &c, n, sizeof *w->off);
			c = w->ocap;
			w->col = lb_xgrow(w->col, &c, n, sizeof *w->col);
			w->ocap = c;
		}
		for (size_t k = 0; k < n; k++) {
			size_t q = k < r->ndoff ? r->doff[k] : e, cl = q - p;
			if (q > p && d[p] == '"') {
				/* as libcsv: a too large cell anywhere wins over
				 * too many cells */
				cl = lb_csv_unquote(d + p, cl);
				if (cl > LB_MAX_FIELD)
					big = 1;
			} else if (cl > LB_MAX_FIELD) {
				if (!r->rec_quoted)
					return lb_err_set(err, LB_ELIMIT, r->name, w->line,
					                  _("a cell is larger than %u bytes"), LB_MAX_FIELD);
				big = 1;
			}
			if (k >= LB_MAX_COLS && !r->rec_quoted)
				return lb_err_set(err, LB_ELIMIT, r->name, w->line,
				                  _("more than %d cells in one record"), LB_MAX_COLS);
			w->off[k] = p;
			d[p + cl] = '\0';
			p = q + 1;
		}
		if (big)
			return lb_err_set(err, LB_ELIMIT, r->name, w->line,
			                  _("a cell is larger than %u bytes"), LB_MAX_FIELD);
		if (n > LB_MAX_COLS)
			return lb_err_set(err, LB_ELIMIT, r->name, w->line,
			                  _("more than %d cells in one record"), LB_MAX_COLS);
		w->n = n;
		w->data.len = e + 1;
		return 0;
	}
	r->fill = w;
	r->row_done = r->too_many = r->too_big = 0;
	if (csv_parse(&r->csv, r->rec.s, len, cb_field, cb_row, r) != len)
		return lb_err_set(err, LB_EPARSE, r->name, w->line, "%s",
		                  csv_strerror(csv_error(&r->csv)));
	if (!r->row_done || !r->rec_term)
		csv_fini(&r->csv, cb_field, cb_row, r);
	if (r->too_big)
		return lb_err_set(err, LB_ELIMIT, r->name, w->line,
		                  _("a cell is larger than %u bytes"), LB_MAX_FIELD);
	if (r->too_many)
		return lb_err_set(err, LB_ELIMIT, r->name, w->line,
		                  _("more than %d cells in one record"), LB_MAX_COLS);
	return 0;
}

/* Read the next CSV row into w (raw kept in w->raw when keep). 1, 0, <0. */
static int
read_row(struct lb_reader *r, struct row *w, int keep, struct lb_err *err)
{
	int rc;
	if (r->sheet) {   /* a workbook's row, its raw bytes a CSV line */
		const char *const *cells;
		size_t n;
		long line;
		if ((rc = lb_sheet_next(r->sheet, &line, &cells, &n, err)) <= 0)
			return rc;
		row_clear(w);
		w->line = line;
		for (size_t i = 0; i < n; i++)
			row_addcell(w, cells[i], strlen(cells[i]), i);
		if (keep)
			lb_sheet_csvline(&w->raw, cells, n);
		return 1;
	}
	rc = scan_record(r, err);
	if (rc <= 0)
		return rc;
	if ((rc = parse_record(r, w, keep, err)) < 0)
		return rc;
	return 1;
}

/* ---- ahead: reading in a second thread --------------------------------
 * After the header, a CSV reader starts a producer thread that owns the
 * decode, scan and parse state (and the FILE): it fills batches of rows in
 * turn, AHEAD_BATCHES of them at most ahead of the consumer, and ends at the
 * end of input or the first error, which travels in the batch after the
 * rows before it. The consumer (lb_reader_next) takes the rows in order and
 * gives a batch back when it moves past its last row, so the record it
 * returned last stays valid until the next call. The records, their lines,
 * the notes and the errors are exactly those of reading in one thread. */

static void *
ahead_main(void *arg)
{
	struct lb_reader *r = arg;

	for (;;) {
		struct batch *b;
		size_t bytes = 0;

		pthread_mutex_lock(&r->mu);
		while (!r->stop && r->filled - r->consumed >= AHEAD_BATCHES)
			pthread_cond_wait(&r->cv_free, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		b = &r->batches[r->filled % AHEAD_BATCHES];
		pthread_mutex_unlock(&r->mu);

		b->n = 0;
		b->rc = 1;
		lb_err_clear(&b->err);
		while (b->n < AHEAD_ROWS && bytes < AHEAD_BYTES) {
			struct row *w = &b->rows[b->n];
			int rc;
			/* a slot does not keep a big record's buffers: 1024 slots of
			 * a hostile file's 8 MB records would be gigabytes */
			if (w->data.cap > AHEAD_KEEP)
				lb_buf_fini(&w->data);
			if (w->raw.cap > AHEAD_KEEP)
				lb_buf_fini(&w->raw);
			rc = read_row(r, w, r->o.keep_raw, &b->err);
			if (rc <= 0) {
				b->rc = rc;
				break;
			}
			bytes += w->data.len + w->raw.len;
			b->n++;
		}
		b->bytes = r->nbytes;

		pthread_mutex_lock(&r->mu);
		r->filled++;
		pthread_cond_signal(&r->cv_full);
		pthread_mutex_unlock(&r->mu);
		if (b->rc <= 0)
			return NULL;
	}
}

/* Start the producer; on failure reading simply stays in this thread. */
static void
ahead_start(struct lb_reader *r)
{
	r->batches = lb_xcalloc(AHEAD_BATCHES, sizeof *r->batches);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv_full, NULL);
	pthread_cond_init(&r->cv_free, NULL);
	r->cbytes = r->nbytes;
	if (pthread_create(&r->thr, NULL, ahead_main, r) != 0) {
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv_full);
		pthread_cond_destroy(&r->cv_free);
		free(r->batches);
		r->batches = NULL;
		return;
	}
	r->ahead = 1;
}

static void
ahead_stop(struct lb_reader *r)
{
	if (!r->ahead)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_broadcast(&r->cv_free);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thr, NULL);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv_full);
	pthread_cond_destroy(&r->cv_free);
	for (size_t i = 0; i < AHEAD_BATCHES; i++)
		for (size_t k = 0; k < AHEAD_ROWS; k++)
			row_fini(&r->batches[i].rows[k]);
	free(r->batches);
	r->batches = NULL;
	r->ahead = 0;
}

/* The next row from the producer: 1 (*wp set), 0 end, negative error. */
static int
ahead_next(struct lb_reader *r, struct row **wp, struct lb_err *err)
{
	for (;;) {
		struct batch *b = r->cb;
		if (b && r->cbi < b->n) {
			*wp = &b->rows[r->cbi++];
			return 1;
		}
		if (b && b->rc <= 0) {
			if (b->rc < 0 && err)
				*err = b->err;
			return b->rc;
		}
		pthread_mutex_lock(&r->mu);
		if (b) {
			r->consumed++;
			pthread_cond_signal(&r->cv_free);
		}
		while (r->filled == r->consumed)
			pthread_cond_wait(&r->cv_full, &r->mu);
		r->cb = &r->batches[r->consumed % AHEAD_BATCHES];
		pthread_mutex_unlock(&r->mu);
		r->cbi = 0;
		r->cbytes = r->cb->bytes;
	}
}

static int
row_blank(const struct row *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (!blank_text(row_cell(w, i)))
			return 0;
	return 1;
}

/* ---- encoding, format and delimiter -------------------------------------- */

static int
decide_encoding(struct lb_reader *r, struct lb_err *err)
{
	const unsigned char *s = r->in;
	size_t n = r->firstlen, ctl = 0, i;
	const char *e = r->o.encoding;
	int inc;

	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return lb_err_set(err, LB_EENCODING, r->name, 0,
		                  _("the file is UTF-16 (Excel \"Unicode text\"): save it as \"CSV UTF-8\""));
	if (n >= 4 && ((s[0] == 'P' && s[1] == 'K' && s[2] == 3 && s[3] == 4) ||
	               (s[0] == 0xD0 && s[1] == 0xCF && s[2] == 0x11 && s[3] == 0xE0)))
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("an Excel workbook, expected a CSV or YAML table: save it as \"CSV UTF-8\""));
	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			return lb_err_set(err, LB_ENOTABLE, r->name, 0,
			                  _("binary data, expected a CSV or YAML table"));
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
			ctl++;
	}
	if (ctl > 8 && ctl * 100 > n)
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("binary data, expected a CSV or YAML table"));
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		r->enc = ENC_UTF8_BOM;
	else if (e && *e && strcasecmp(e, "auto") != 0)
		r->enc = ENC_UTF8;
	else if (utf8_prefix(s, n, &inc) == n || (inc && !r->eof))
		r->enc = ENC_UTF8;
	else
		r->enc = ENC_GB18030;
	if (e && *e && strcasecmp(e, "auto") != 0) {
		if (!strcasecmp(e, "utf-8") || !strcasecmp(e, "utf8")) {
			if (r->enc == ENC_GB18030)
				r->enc = ENC_UTF8;
		} else if (!strcasecmp(e, "gb18030") || !strcasecmp(e, "gbk") ||
		           !strcasecmp(e, "gb2312") || !strcasecmp(e, "cp936")) {
			r->enc = ENC_GB18030;
		} else {
			return lb_err_set(err, LB_EUSAGE, r->name, 0,
			                  _("unknown encoding '%s' (use utf-8 or gb18030)"), e);
		}
	}
	if (r->enc == ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return lb_err_set(err, LB_EENCODING, r->name, 0,
			                  _("this system cannot convert GB18030 (iconv)"));
		r->have_cd = 1;
	}
	return 0;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcasecmp(s + a - b, suf) == 0;
}

/* Count the cells of up to max records of text with delimiter delim. */
static size_t
count_cells(const char *text, size_t len, int delim, size_t *counts, size_t max)
{
	size_t nrec = 0, cells = 1, i;
	int st = S_START, any = 0;

	for (i = 0; i < len && nrec < max; i++) {
		unsigned char c = (unsigned char)text[i];
		switch (st) {
		case S_START:
			if (c == '"') {
				st = S_QUOTED;
				any = 1;
				break;
			}
			st = S_UNQ;
			/* fall through */
		case S_UNQ:
		unq:
			if (c == delim) {
				cells++;
				st = S_START;
				any = 1;
			} else if (c == '\r' || c == '\n') {
				if (any)
					counts[nrec++] = cells;
				cells = 1;
				any = 0;
				st = S_START;
			} else
				any = 1;
			break;
		case S_QUOTED:
			if (c == '"')
				st = S_QQ;
			break;
		case S_QQ:
			if (c == '"')
				st = S_QUOTED;
			else if (c == delim || c == '\r' || c == '\n') {
				st = S_UNQ;
				goto unq;
			} else
				st = S_QUOTED;
			break;
		}
	}
	if (i == len && any && nrec < max && st != S_QUOTED)
		counts[nrec++] = cells;
	return nrec;
}

static int
sniff_delim(const char *text, size_t len)
{
	static const int cand[] = {',', ';', '\t', '|'};
	size_t counts[HEAD_ROWS + 1];
	int best = ',';
	size_t best_freq = 0, best_mode = 0;

	for (size_t k = 0; k < sizeof cand / sizeof *cand; k++) {
		size_t n = count_cells(text, len, cand[k], counts, HEAD_ROWS + 1);
		size_t mode = 0, freq = 0;
		for (size_t i = 0; i < n; i++) {
			size_t f = 0;
			if (counts[i] < 2)
				continue;
			for (size_t j = 0; j < n; j++)
				f += counts[j] == counts[i];
			if (f > freq || (f == freq && counts[i] > mode)) {
				freq = f;
				mode = counts[i];
			}
		}
		if (freq > best_freq || (freq == best_freq && freq > 0 && mode > best_mode)) {
			best = cand[k];
			best_freq = freq;
			best_mode = mode;
		}
	}
	return best;
}

/* ---- header -------------------------------------------------------------- */

/* The field of header text name in s, applying --map first: >= 0 a field,
 * -1 not known, -2 mapped to no field, -4 mapped to a field s lacks. */
static int
col_field(const struct lb_reader *r, const struct lb_schema *s, const char *name)
{
	if (r->nmaps) {
		char *k = norm_dup(name);
		for (size_t i = 0; i < r->nmaps; i++)
			if (!strcmp(k, r->mapkey[i])) {
				free(k);
				if (!r->mapfield[i][0])
					return -2;
				int fi = lb_schema_field(s, r->mapfield[i]);
				return fi >= 0 ? fi : -4;
			}
		free(k);
	}
	return lb_schema_match_header(s, name);
}

struct score {
	int distinct, matched, nonempty;
};

static struct score
score_names(const struct lb_reader *r, const struct lb_schema *s, char **names, size_t n)
{
	struct score sc = {0, 0, 0};
	unsigned char *seen = lb_xcalloc(s->n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		int fi;
		if (blank_text(names[i]))
			continue;
		sc.nonempty++;
		fi = col_field(r, s, names[i]);
		if (fi < 0)
			continue;
		sc.matched++;
		if (!seen[fi]) {
			seen[fi] = 1;
			sc.distinct++;
		}
	}
	free(seen);
	return sc;
}

static int
qualifies(struct score sc)
{
	return sc.distinct >= 3 && 2 * sc.matched >= sc.nonempty;
}

/* The best schema for names: 0 none qualifies; *sc its score. */
static const struct lb_schema *
best_schema(const struct lb_reader *r, char **names, size_t n, struct score *sc)
{
	struct score a = {0, 0, 0}, b = {0, 0, 0};
	int qa = 0, qb = 0;

	if (r->o.kind != LB_KIND_ACTIVITY) {
		a = score_names(r, r->rs, names, n);
		qa = qualifies(a);
	}
	if (r->o.kind != LB_KIND_ROSTER) {
		b = score_names(r, r->as, names, n);
		qb = qualifies(b);
	}
	if (qa && (!qb || a.distinct >= b.distinct)) {
		*sc = a;
		return r->rs;
	}
	if (qb) {
		*sc = b;
		return r->as;
	}
	*sc = r->o.kind == LB_KIND_ACTIVITY ? b : a;
	return NULL;
}

/* Column names of a header row under a row of group labels (top). */
static void
combine(const struct lb_reader *r, const struct lb_schema *s, const struct row *top,
        const struct row *sub, struct lb_strv *out)
{
	size_t n = top->n > sub->n ? top->n : sub->n;
	const char *label = NULL;
	int prev_sub = 0;

	for (size_t i = 0; i < n; i++) {
		const char *t = row_cell(top, i), *b = row_cell(sub, i);
		int tb = blank_text(t), bb = blank_text(b);
		if (bb) {
			lb_strv_push(out, t);
			label = NULL;
			prev_sub = 0;
			continue;
		}
		if (!tb)
			label = t;
		else if (!prev_sub)
			label = NULL;
		prev_sub = 1;
		if (label) {
			char *both = lb_xasprintf("%s%s", skip_ws(label), skip_ws(b));
			size_t k = strlen(both);
			while (k > 0 && (both[k - 1] == ' ' || both[k - 1] == '\t'))
				both[--k] = '\0';
			if (s && (col_field(r, s, both) >= 0 || col_field(r, s, b) < 0)) {
				lb_strv_push_owned(out, both);
				continue;
			}
			free(both);
		}
		lb_strv_push(out, b);
	}
}

static void
strv_from_row(struct row *w, struct lb_strv *out)
{
	for (size_t i = 0; i < w->n; i++)
		lb_strv_push(out, row_cell(w, i));
}

static void
note_title(struct lb_reader *r, const struct row *w, const char *code, const char *msg)
{
	const char *first = "";
	for (size_t i = 0; i < w->n; i++)
		if (!blank_text(row_cell(w, i))) {
			first = row_cell(w, i);
			break;
		}
	lb_diags_add(&r->notes, r->name, w->line, "", LB_WARNING, code, first, "%s", msg);
}

/* Set the columns from names under schema s; header line hl. */
static int
set_columns(struct lb_reader *r, const struct lb_schema *s, struct lb_strv *names, long hl,
            struct lb_err *err)
{
	size_t n = names->n;

	/* Trailing columns with no header text are not columns (Excel's
	 * ",,,," after the last one). */
	while (n > 0 && blank_text(names->v[n - 1]))
		n--;
	r->schema = s;
	r->kind = s->kind;
	r->hline = hl;
	r->ncols = n;
	r->colfield = lb_xcalloc(n + 1, sizeof *r->colfield);
	r->hnorm = lb_xcalloc(n + 1, sizeof *r->hnorm);
	r->nhnorm = n;
	for (size_t i = 0; i < n; i++) {
		const char *name = names->v[i];
		int fi = col_field(r, s, name);
		lb_strv_push(&r->colnames, name);
		r->hnorm[i] = norm_dup(name);
		if (fi == -4) {
			for (size_t m = 0; m < r->nmaps; m++)
				if (!strcmp(r->hnorm[i], r->mapkey[m])) {
					lb_err_set(err, LB_EHEADER, r->name, hl,
					           _("--map: '%s' is not a field of the %s schema"),
					           r->mapfield[m], lb_schema_word(s));
					break;
				}
			set_field(err, name);
			return LB_EHEADER;
		}
		r->colfield[i] = fi >= 0 ? fi : -1;
		if (fi >= 0)
			for (size_t j = 0; j < i; j++)
				if (r->colfield[j] == fi) {
					lb_err_set(err, LB_EHEADER, r->name, hl,
					           _("columns '%s' and '%s' both map to field %s (use --map)"),
					           r->colnames.v[j], name, s->f[fi].id);
					set_field(err, name);
					return LB_EHEADER;
				}
		if (fi == -1 && blank_text(name))
			lb_diags_add(&r->notes, r->name, hl, name, LB_WARNING, "unknown-column", "",
			             _("column %zu has no header text; kept as an extra column"), i + 1);
		else if (fi == -1)
			lb_diags_add(&r->notes, r->name, hl, name, LB_WARNING, "unknown-column", "",
			             _("not a known field; kept as an extra column"));
	}
	return 0;
}

/* Every --map field must be in the chosen schema. */
static int
check_maps(struct lb_reader *r, struct lb_err *err)
{
	for (size_t m = 0; m < r->nmaps; m++)
		if (r->mapfield[m][0] && lb_schema_field(r->schema, r->mapfield[m]) < 0)
			return lb_err_set(err, LB_EHEADER, r->name, r->hline,
			                  _("--map: '%s' is not a field of the %s schema"),
			                  r->mapfield[m], lb_schema_word(r->schema));
	return 0;
}

/* 1 if row w, above the header, holds a child rather than a title: a cell
 * that is a valid identity number, or a name (under a name column: a short
 * text without digits) and a date (under a date column). A sheet sorted
 * with its header row selected puts children there. */
static int
row_is_record(const struct lb_reader *r, const struct row *w)
{
	int name = 0, date = 0;

	for (size_t i = 0; i < w->n; i++) {
		const char *c = row_cell(w, i);
		size_t len = strlen(c);
		struct lb_buf f = LB_BUF_INIT;
		int id = 0;

		lb_trim(&c, &len);
		if (len == 0)
			continue;
		lb_fullwidth_fold(c, len, &f);
		if (f.len == 18 || f.len == 15)
			id = lb_idcard_check(lb_buf_str(&f), LB_NODATE, NULL) == LB_ID_OK;
		lb_buf_fini(&f);
		if (id)
			return 1;
		if (i >= r->ncols || r->colfield[i] < 0)
			continue;
		const struct lb_field *fd = &r->schema->f[r->colfield[i]];
		if (fd->type == LB_T_DATE && lb_date_parse_loose(c, 0) != LB_NODATE)
			date = 1;
		else if (!strcmp(fd->id, "name") && len <= 18 && !strpbrk(c, "0123456789"))
			name = 1;
	}
	return name && date;
}

/* The rows from the top of the file to the header: at most HEAD_ROWS + 1
 * that hold a cell (*nonblank), or up to the line --header-row names, read
 * into r->pre. An error after some rows is kept in r->defer: the header is
 * looked for in the rows before it, and the error comes after them. */
static int
read_head(struct lb_reader *r, size_t *nonblank, struct lb_err *err)
{
	int rc;

	for (;;) {
		struct row *w;
		r->pre = lb_xgrow(r->pre, &r->precap, r->npre + 1, sizeof *r->pre);
		w = &r->pre[r->npre];
		memset(w, 0, sizeof *w);
		rc = read_row(r, w, 1, err);
		if (rc < 0) {
			row_fini(w);
			if (*nonblank == 0)
				return rc;
			/* Find the header in the rows before the error; the
			 * error comes after them. */
			r->defer_rc = rc;
			if (err)
				r->defer = *err;
			lb_err_clear(err);
			break;
		}
		if (rc == 0) {
			row_fini(w);
			break;
		}
		r->npre++;
		if (row_blank(w))
			continue;
		(*nonblank)++;
		if (r->o.header_row > 0) {
			if (w->line < r->o.header_row)
				continue;
			if (w->line > r->o.header_row)
				return lb_err_set(err, LB_EUSAGE, r->name, r->o.header_row,
				                  _("--header-row %ld: no row starts on that line"),
				                  r->o.header_row);
			break;
		}
		if (*nonblank >= HEAD_ROWS + 1)
			break;
	}
	return 0;
}

/* The header being found among the rows read: idx[0..m) the rows of
 * r->pre that hold a cell; the header is idx[hi], under a row of group
 * labels idx[top] (or none, (size_t)-1), naming the columns names under
 * schema s. */
struct hdr {
	size_t *idx, m, hi, top;
	const struct lb_schema *s;
	struct lb_strv names;
};

/* The error met while reading ahead, now that the rows before it are
 * done with. */
static int
deferred(struct lb_reader *r, struct lb_err *err)
{
	if (err)
		*err = r->defer;
	return r->defer_rc;
}

/* --header-row: the header is the last row read; its schema is the one its
 * names fit best, else the kind asked for, else the one it names more of. */
static int
header_given(struct lb_reader *r, struct hdr *h, struct lb_err *err)
{
	struct row *w = &r->pre[h->idx[h->m - 1]];
	struct score sc;

	if (w->line != r->o.header_row && r->defer_rc)
		return deferred(r, err);
	if (w->line != r->o.header_row)
		return lb_err_set(err, LB_EUSAGE, r->name, r->o.header_row,
		                  _("--header-row %ld: no row starts on that line"),
		                  r->o.header_row);
	h->hi = h->m - 1;
	strv_from_row(w, &h->names);
	h->s = best_schema(r, h->names.v, h->names.n, &sc);
	if (!h->s) {
		struct score a = score_names(r, r->rs, h->names.v, h->names.n);
		struct score b = score_names(r, r->as, h->names.v, h->names.n);
		h->s = r->o.kind == LB_KIND_ACTIVITY ? r->as
		     : r->o.kind == LB_KIND_ROSTER ? r->rs
		     : (b.distinct > a.distinct ? r->as : r->rs);
	}
	return 0;
}

/* The first of the first HEAD_ROWS rows that names enough fields of a
 * schema, alone, over the row under it (a row of group labels over the
 * header) or under the row above it: 1 found (h filled), 0 none. */
static int
header_search(struct lb_reader *r, struct hdr *h)
{
	const size_t *idx = h->idx;

	for (size_t k = 0; k < h->m && k < HEAD_ROWS; k++) {
		struct lb_strv a = LB_STRV_INIT, b = LB_STRV_INIT, c = LB_STRV_INIT;
		struct score sa, sb = {0, 0, 0}, scc = {0, 0, 0};
		const struct lb_schema *s_a, *s_b = NULL, *s_c = NULL;

		strv_from_row(&r->pre[idx[k]], &a);
		s_a = best_schema(r, a.v, a.n, &sa);
		if (!s_a) {
			lb_strv_fini(&a);
			continue;
		}
		/* A row of group labels over the header (this row over
		 * the next), or this row under a row of labels. */
		if (k + 1 < h->m) {
			combine(r, s_a, &r->pre[idx[k]], &r->pre[idx[k + 1]], &b);
			s_b = best_schema(r, b.v, b.n, &sb);
		}
		if (k > 0) {
			combine(r, s_a, &r->pre[idx[k - 1]], &r->pre[idx[k]], &c);
			s_c = best_schema(r, c.v, c.n, &scc);
		}
		if (s_b && sb.distinct > sa.distinct &&
		    (!s_c || sb.distinct >= scc.distinct)) {
			h->s = s_b;
			h->top = k;
			h->hi = k + 1;
			h->names = b;
			b.v = NULL, b.n = 0;
		} else if (s_c && scc.distinct > sa.distinct) {
			h->s = s_c;
			h->top = k - 1;
			h->hi = k;
			h->names = c;
			c.v = NULL, c.n = 0;
		} else {
			h->s = s_a;
			h->hi = k;
			h->names = a;
			a.v = NULL, a.n = 0;
		}
		lb_strv_fini(&a);
		lb_strv_fini(&b);
		lb_strv_fini(&c);
		return 1;
	}
	return 0;
}

/* No header in the first rows: the error that says best why (an error
 * read ahead, the other kind of table, a row naming too few fields). */
static int
header_missing(struct lb_reader *r, const struct hdr *h, struct lb_err *err)
{
	const size_t *idx = h->idx;

	if (r->defer_rc)
		return deferred(r, err);
	if (r->o.kind != LB_KIND_AUTO) {
		/* The caller wants one kind: say so when the file is
		 * plainly the other (an activity log given as a roster). */
		const struct lb_schema *other = r->o.kind == LB_KIND_ROSTER ? r->as : r->rs;
		for (size_t j = 0; j < h->m && j < HEAD_ROWS; j++) {
			struct lb_strv a = LB_STRV_INIT;
			long line = r->pre[idx[j]].line;
			strv_from_row(&r->pre[idx[j]], &a);
			int q = qualifies(score_names(r, other, a.v, a.n));
			lb_strv_fini(&a);
			if (!q)
				continue;
			return lb_err_set(err, LB_ENOTABLE, r->name, line,
			                  r->o.kind == LB_KIND_ROSTER
			                  ? _("this is an activity log, expected a roster")
			                  : _("this is a roster, expected an activity log"));
		}
	}
	/* a short sheet (姓名, 身份证号): the row that names
	 * fields, and how to take it as the header */
	for (size_t j = 0; j < h->m && j < HEAD_ROWS; j++) {
		struct lb_strv a = LB_STRV_INIT;
		long line = r->pre[idx[j]].line;
		strv_from_row(&r->pre[idx[j]], &a);
		struct score x = score_names(r, r->rs, a.v, a.n);
		struct score y = score_names(r, r->as, a.v, a.n);
		lb_strv_fini(&a);
		int d = x.distinct > y.distinct ? x.distinct : y.distinct;
		if (d < 1)
			continue;
		return lb_err_set(err, LB_ENOTABLE, r->name, line,
		                  _("no header row found: this row names %d known field(s), a header needs 3; if it is the header, say so with lb-import --header-row %ld (and --map HEADER=field for the other columns)"),
		                  d, line);
	}
	return lb_err_set(err, LB_ENOTABLE, r->name, 0,
	                  _("no header row found in the first %d rows: expected a roster or activity table with column names such as 姓名, 身份证号, 日期, 活动类型"),
	                  HEAD_ROWS);
}

/* The header found: its cells and raw bytes kept, the columns set, the
 * rows above it told (group labels, titles) or refused (a record). */
static int
header_take(struct lb_reader *r, struct hdr *h, struct lb_err *err)
{
	const size_t *idx = h->idx;
	size_t hi = h->hi, top = h->top;
	int rc;

	strv_from_row(&r->pre[idx[hi]], &r->hcells);
	if (top != (size_t)-1)
		strv_from_row(&r->pre[idx[top]], &r->lcells);
	if (r->o.keep_raw)
		for (size_t i = 0; i <= idx[hi]; i++)
			lb_buf_add(&r->hraw, r->pre[i].raw.s, r->pre[i].raw.len);
	rc = set_columns(r, h->s, &h->names, r->pre[idx[hi]].line, err);
	lb_strv_fini(&h->names);
	if (rc == 0)
		rc = check_maps(r, err);
	if (rc < 0)
		return rc;
	/* Rows above the header: title rows (and the group labels). A
	 * row that holds a child is no title: the header was sorted
	 * into the records. Only --header-row skips such a row. */
	for (size_t k = 0; k < hi; k++) {
		struct row *w = &r->pre[idx[k]];
		if (k == top) {
			lb_diags_add(&r->notes, r->name, w->line, "", LB_NOTE, "group-labels", "",
			             _("group labels on line %ld combined with the header on line %ld"),
			             w->line, r->pre[idx[hi]].line);
			continue;
		}
		if (r->o.header_row <= 0 && row_is_record(r, w)) {
			long hl = r->pre[idx[hi]].line;
			return lb_err_set(err, LB_EHEADER, r->name, w->line,
			                  _("a record above the header on line %ld, not a title (sorted with the header row?): put the header first, or skip the rows above it with lb-import --header-row %ld"),
			                  hl, hl);
		}
		note_title(r, w, "title-row", _("title row above the header skipped"));
	}
	/* The rows read ahead that follow the header are served first. */
	r->pi = idx[hi] + 1;
	return 0;
}

static int
find_header(struct lb_reader *r, struct lb_err *err)
{
	struct hdr h;
	size_t nonblank = 0;
	int rc;

	if ((rc = read_head(r, &nonblank, err)) < 0)
		return rc;
	if (nonblank == 0)
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("empty file, expected a CSV or YAML table"));
	memset(&h, 0, sizeof h);
	h.top = (size_t)-1;
	h.idx = lb_xcalloc(r->npre + 1, sizeof *h.idx);
	for (size_t i = 0; i < r->npre; i++)
		if (!row_blank(&r->pre[i]))
			h.idx[h.m++] = i;
	if (r->o.header_row > 0)
		rc = header_given(r, &h, err);
	else if (!header_search(r, &h))
		rc = header_missing(r, &h, err);
	if (rc == 0)
		rc = header_take(r, &h, err);
	lb_strv_fini(&h.names);
	free(h.idx);
	return rc;
}

/* ---- YAML data ----------------------------------------------------------- */

/* Byte offsets of the starts of lines (libyaml's marks count characters,
 * so item boundaries are found by line). */
struct lines {
	size_t *v, n, cap, len;
};

static void
lines_init(struct lines *L, const char *t, size_t len)
{
	memset(L, 0, sizeof *L);
	L->len = len;
	L->v = lb_xgrow(L->v, &L->cap, 1, sizeof *L->v);
	L->v[L->n++] = 0;
	for (size_t i = 0; i < len; i++)
		if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
			L->v = lb_xgrow(L->v, &L->cap, L->n + 1, sizeof *L->v);
			L->v[L->n++] = i + 1;
		}
}

static size_t
line_off(const struct lines *L, size_t line0)
{
	return line0 < L->n ? L->v[line0] : L->len;
}

static int
yaml_err(struct lb_reader *r, yaml_parser_t *p, struct lb_err *err)
{
	return lb_err_set(err, LB_EPARSE, r->name, (long)p->problem_mark.line + 1, "%s",
	                  p->problem ? p->problem : _("malformed YAML"));
}

/* The whole decoded text in r->ytext, its lines counted so that a decode
 * error names its line. */
static int
yaml_slurp(struct lb_reader *r, struct lb_err *err)
{
	int rc;

	for (;;) {
		if (r->dpos < r->dlen) {
			lb_buf_add(&r->ytext, r->dec + r->dpos, r->dlen - r->dpos);
			/* count lines so a decode error names its line */
			for (size_t i = r->dpos; i < r->dlen; i++)
				if (r->dec[i] == '\n' || (r->dec[i] == '\r' &&
				    (i + 1 >= r->dlen || r->dec[i + 1] != '\n')))
					r->line++;
			r->dpos = r->dlen;
		}
		if ((rc = dec_fill(r, err)) < 0)
			return rc;
		if (rc == 0)
			break;
	}
	return 0;
}

/* The event loop's state: depth 0 the stream, 1 the list, 2 a record
 * (w); key the key whose value comes next; cols the keys met. */
struct ystate {
	int depth, done, inseq;
	struct row *w;
	char *key;
	long keyline;
	struct lb_strv cols;
	struct lines L;
};

/* A mapping starts: a record, at depth 1 only. */
static int
yaml_record(struct lb_reader *r, struct ystate *y, const yaml_event_t *e, long line,
            struct lb_err *err)
{
	struct row *w;

	if (e->data.mapping_start.anchor)
		return lb_err_set(err, LB_EPARSE, r->name, line, _("anchors are not allowed"));
	if (y->depth != 1)
		return lb_err_set(err, LB_ENOTABLE, r->name, line,
		                  y->depth == 0 ? _("expected a YAML list of records (\"- field: value\")")
		                                : _("expected a text value, not a mapping"));
	y->depth = 2;
	r->pre = lb_xgrow(r->pre, &r->precap, r->npre + 1, sizeof *r->pre);
	w = y->w = &r->pre[r->npre++];
	memset(w, 0, sizeof *w);
	w->line = line;
	w->yraw0 = line_off(&y->L, e->start_mark.line);
	if (r->npre > 1)
		r->pre[r->npre - 2].yraw1 = w->yraw0;
	return 0;
}

/* A scalar in a record: a key, or the value of the key before it (~ and
 * null are empty); a key given twice is an error. */
static int
yaml_scalar(struct lb_reader *r, struct ystate *y, const yaml_event_t *e, long line,
            struct lb_err *err)
{
	const char *v = (const char *)e->data.scalar.value;
	size_t vl = e->data.scalar.length, c;
	int rc = 0;

	if (e->data.scalar.anchor)
		return lb_err_set(err, LB_EPARSE, r->name, line, _("anchors are not allowed"));
	if (y->depth != 2)
		return lb_err_set(err, LB_ENOTABLE, r->name, line,
		                  _("expected a YAML list of records (\"- field: value\")"));
	if (!y->key) {
		y->key = lb_xstrndup(v, vl);
		y->keyline = line;
		return 0;
	}
	if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ((vl == 1 && v[0] == '~') || (vl == 4 && (!memcmp(v, "null", 4) ||
	     !memcmp(v, "Null", 4) || !memcmp(v, "NULL", 4)))))
		vl = 0;
	for (c = 0; c < y->cols.n; c++)
		if (!strcmp(y->cols.v[c], y->key))
			break;
	if (c == y->cols.n)
		lb_strv_push(&y->cols, y->key);
	for (size_t j = 0; j < y->w->n; j++)
		if (y->w->col[j] == c) {
			rc = lb_err_set(err, LB_EPARSE, r->name, y->keyline,
			                _("duplicate key '%s'"), y->key);
			set_field(err, y->key);
			break;
		}
	if (rc == 0)
		row_addcell(y->w, v, vl, c);
	free(y->key);
	y->key = NULL;
	return rc;
}

/* One event of the list of records; 0 or an error. */
static int
yaml_event(struct lb_reader *r, struct ystate *y, const yaml_event_t *e, struct lb_err *err)
{
	long line = (long)e->start_mark.line + 1;

	switch (e->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		y->done = 1;
		return 0;
	case YAML_ALIAS_EVENT:
		return lb_err_set(err, LB_EPARSE, r->name, line, _("aliases are not allowed"));
	case YAML_SEQUENCE_START_EVENT:
		if (e->data.sequence_start.anchor)
			return lb_err_set(err, LB_EPARSE, r->name, line, _("anchors are not allowed"));
		if (y->depth != 0 || y->inseq)
			return lb_err_set(err, LB_EPARSE, r->name, line,
			                  _("expected a text value, not a list"));
		y->inseq = 1;
		y->depth = 1;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
		y->depth = 0;
		return 0;
	case YAML_MAPPING_START_EVENT:
		return yaml_record(r, y, e, line, err);
	case YAML_MAPPING_END_EVENT:
		y->depth = 1;
		y->w->yraw1 = line_off(&y->L, e->start_mark.line + (e->start_mark.column > 0));
		y->w = NULL;
		return 0;
	case YAML_SCALAR_EVENT:
		return yaml_scalar(r, y, e, line, err);
	default:
		return 0;
	}
}

/* The schema and columns of the records' keys cols (the kind asked for
 * when none fits well), the raw bytes before the first record kept. */
static int
yaml_columns(struct lb_reader *r, struct lb_strv *cols, struct lb_err *err)
{
	struct score sc;
	const struct lb_schema *s = best_schema(r, cols->v, cols->n, &sc);
	int rc;

	if (!s) {
		struct score a = score_names(r, r->rs, cols->v, cols->n);
		struct score b = score_names(r, r->as, cols->v, cols->n);
		if (r->o.kind == LB_KIND_ROSTER)
			s = r->rs;
		else if (r->o.kind == LB_KIND_ACTIVITY)
			s = r->as;
		else if (a.distinct == 0 && b.distinct == 0 && cols->n > 0)
			return lb_err_set(err, LB_ENOTABLE, r->name, 0,
			                  _("no known field names in the YAML records: expected a roster or activity log"));
		else
			s = b.distinct > a.distinct ? r->as : r->rs;
	}
	rc = set_columns(r, s, cols, 0, err);
	if (rc == 0)
		rc = check_maps(r, err);
	/* set_columns drops trailing nameless columns; YAML has none. */
	if (r->o.keep_raw)
		lb_buf_add(&r->hraw, r->ytext.s, r->npre ? r->pre[0].yraw0 : 0);
	r->pi = 0;
	return rc;
}

static int
read_yaml(struct lb_reader *r, struct lb_err *err)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct ystate y;
	int rc;

	if ((rc = yaml_slurp(r, err)) < 0)
		return rc;
	if (blank_text(lb_buf_str(&r->ytext)))
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("empty file, expected a CSV or YAML table"));
	memset(&y, 0, sizeof y);
	lines_init(&y.L, r->ytext.s, r->ytext.len);
	memset(&p, 0, sizeof p);
	if (!yaml_parser_initialize(&p)) {
		free(y.L.v);
		return lb_err_set(err, LB_EPARSE, r->name, 0, _("cannot initialise the YAML parser"));
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)r->ytext.s, r->ytext.len);
	while (!y.done) {
		if (!yaml_parser_parse(&p, &e)) {
			rc = yaml_err(r, &p, err);
			break;
		}
		rc = yaml_event(r, &y, &e, err);
		yaml_event_delete(&e);
		if (rc < 0)
			break;
	}
	yaml_parser_delete(&p);
	free(y.key);
	free(y.L.v);
	if (rc == 0 && !y.inseq)
		rc = lb_err_set(err, LB_ENOTABLE, r->name, 1,
		                _("expected a YAML list of records (\"- field: value\")"));
	if (rc == 0)
		rc = yaml_columns(r, &y.cols, err);
	lb_strv_fini(&y.cols);
	return rc;
}

/* ---- open, next, close --------------------------------------------------- */

static int
set_maps(struct lb_reader *r, const struct lb_reader_opts *o, struct lb_err *err)
{
	size_t nm = o ? o->nmaps : 0;
	r->mapkey = lb_xcalloc(nm + 1, sizeof *r->mapkey);
	r->mapfield = lb_xcalloc(nm + 1, sizeof *r->mapfield);
	for (size_t i = 0; i < nm; i++) {
		const char *m = o->maps[i], *eq = strrchr(m, '=');
		char *h;
		if (!eq || eq == m)
			return lb_err_set(err, LB_EUSAGE, r->name, 0,
			                  _("--map '%s': expected HEADER=field"), m);
		h = lb_xstrndup(m, (size_t)(eq - m));
		r->mapkey[r->nmaps] = norm_dup(h);
		free(h);
		r->mapfield[r->nmaps] = lb_xstrdup(eq + 1);
		r->nmaps++;
	}
	return 0;
}

int
lb_reader_open(struct lb_reader **rp, const char *path, const struct lb_reader_opts *o,
               struct lb_err *err)
{
	static const struct lb_reader_opts dflt;
	struct lb_reader *r;
	long n;
	int rc;

	*rp = NULL;
	r = lb_xcalloc(1, sizeof *r);
	r->o = o ? *o : dflt;
	r->o.maps = NULL;   /* copied into mapkey/mapfield */
	r->line = 1;
	r->fmt = LB_FMT_CSV;
	if (!path || !strcmp(path, "-")) {
		r->name = lb_xstrdup("<stdin>");
		r->fp = stdin;
	} else {
		r->name = lb_xstrdup(o && o->name ? o->name : path);
		if (!(r->fp = fopen(path, "rb"))) {
			rc = lb_err_sys(err, r->name, _("cannot open"));
			goto fail;
		}
		r->own_fp = 1;
	}
	if ((rc = set_maps(r, o, err)) < 0)
		goto fail;
	r->rs = r->o.roster ? r->o.roster : lb_schema_builtin(LB_KIND_ROSTER);
	r->as = r->o.activity ? r->o.activity : lb_schema_builtin(LB_KIND_ACTIVITY);
	if (!r->rs || !r->as) {
		rc = lb_err_set(err, LB_ERULES, r->name, 0, _("the built-in schema cannot be loaded"));
		goto fail;
	}
	if (csv_init(&r->csv, CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
		rc = lb_err_set(err, LB_EIO, r->name, 0, _("cannot initialise the CSV parser"));
		goto fail;
	}
	r->csv_ok = 1;
	csv_set_space_func(&r->csv, no_space);

	if ((n = read_raw(r, err)) < 0) {
		rc = (int)n;
		goto fail;
	}
	if (n == 0) {
		rc = lb_err_set(err, LB_ENOTABLE, r->name, 0, _("empty file, expected a CSV or YAML table"));
		goto fail;
	}
	r->firstlen = (size_t)n;
	r->first = 1;
	if (lb_wb_sniff(r->in, (size_t)n) != LB_WB_NONE) {   /* a workbook, by its content */
		if ((rc = lb_sheet_open(&r->sheet, lb_wb_sniff(r->in, (size_t)n), r->own_fp ? path : NULL,
		                        r->fp, r->in, (size_t)n, r->o.sheet, r->name, err)) < 0 ||
		    (rc = find_header(r, err)) < 0)
			goto fail;
		if (!r->defer_rc)
			ahead_start(r);
		*rp = r;
		return 0;
	}
	if ((rc = decide_encoding(r, err)) < 0)
		goto fail;
	if ((rc = dec_fill(r, err)) < 0) {
		/* the first chunk has an invalid sequence before any valid byte */
		goto fail;
	}
	if (rc == 0) {
		rc = lb_err_set(err, LB_ENOTABLE, r->name, 0, _("empty file, expected a CSV or YAML table"));
		goto fail;
	}
	r->fmt = r->o.format;
	if (r->fmt == LB_FMT_AUTO) {
		const char *d = r->dec + r->dpos;
		size_t len = r->dlen - r->dpos;
		if (ends_with(r->name, ".yaml") || ends_with(r->name, ".yml") ||
		    (len >= 3 && !memcmp(d, "---", 3)) || (len >= 2 && !memcmp(d, "- ", 2)))
			r->fmt = LB_FMT_YAML;
		else
			r->fmt = LB_FMT_CSV;
	}
	if (r->fmt == LB_FMT_YAML) {
		if ((rc = read_yaml(r, err)) < 0)
			goto fail;
	} else {
		r->delim = r->o.delim ? r->o.delim : sniff_delim(r->dec + r->dpos, r->dlen - r->dpos);
		csv_set_delim(&r->csv, (unsigned char)r->delim);
		r->spec[(unsigned char)r->delim] |= 1;
		r->spec['\r'] = r->spec['\n'] = 3;
		r->spec['"'] |= 2;
		if ((rc = find_header(r, err)) < 0)
			goto fail;
		if (!r->defer_rc)
			ahead_start(r);
	}
	*rp = r;
	return 0;
fail:
	lb_reader_close(r);
	return rc;
}

/* Is w a copy of the header row (or of the group-label row above it)? */
static int
same_row(const struct row *w, const struct lb_strv *h)
{
	size_t i, n = w->n, hn = h->n;

	while (n > 0 && !row_cell(w, n - 1)[0])
		n--;
	while (hn > 0 && !h->v[hn - 1][0])
		hn--;
	if (n != hn || n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(row_cell(w, i), h->v[i]) != 0)
			return 0;
	return 1;
}

static int
is_repeated_header(struct lb_reader *r, const struct row *w)
{
	return same_row(w, &r->hcells) || (r->lcells.n && same_row(w, &r->lcells));
}

static int
is_footer(const struct row *w)
{
	static const char *const words[] = {"填表人", "审核人", "制表", "负责人", "合计", "填报人"};
	for (size_t i = 0; i < w->n; i++) {
		const char *c = row_cell(w, i);
		if (blank_text(c))
			continue;
		c = skip_ws(c);
		for (size_t k = 0; k < sizeof words / sizeof *words; k++)
			if (!strncmp(c, words[k], strlen(words[k])))
				return 1;
		return 0;
	}
	return 0;
}

static void
fill_record(struct lb_reader *r, struct row *w, struct lb_record *rec)
{
	rec->line = w->line;
	rec->raw = NULL;
	rec->rawlen = 0;
	if (r->fmt == LB_FMT_YAML) {
		/* n == ncols: missing keys are empty */
		struct row *c = &r->cur;
		row_clear(c);
		c->line = w->line;
		for (size_t i = 0; i < r->ncols; i++) {
			size_t j;
			for (j = 0; j < w->n && w->col[j] != i; j++)
				;
			if (j < w->n)
				row_addcell(c, row_cell(w, j), strlen(row_cell(w, j)), i);
			else
				row_addcell(c, "", 0, i);
		}
		rec->n = c->n;
		rec->cells = row_cells(c);
		if (r->o.keep_raw && w->yraw1 >= w->yraw0) {
			rec->raw = r->ytext.s + w->yraw0;
			rec->rawlen = w->yraw1 - w->yraw0;
		}
		return;
	}
	if (r->sheet && w->n < r->ncols) {   /* a sheet leaves out empty cells at the end */
		while (w->n < r->ncols)
			row_addcell(w, "", 0, w->n);
		if (r->o.keep_raw) {
			lb_buf_clear(&w->raw);
			lb_sheet_csvline(&w->raw, (const char *const *)row_cells(w), w->n);
		}
	}
	rec->n = w->n;
	rec->cells = row_cells(w);
	if (r->o.keep_raw) {
		rec->raw = lb_buf_str(&w->raw);
		rec->rawlen = w->raw.len;
	}
}

int
lb_reader_next(struct lb_reader *r, struct lb_record *rec, struct lb_err *err)
{
	memset(rec, 0, sizeof *rec);
	if (r->fmt == LB_FMT_YAML) {
		if (r->pi >= r->npre)
			return 0;
		fill_record(r, &r->pre[r->pi++], rec);
		return 1;
	}
	for (;;) {
		struct row *w;
		int rc;
		if (r->pi < r->npre) {
			w = &r->pre[r->pi++];
		} else if (r->defer_rc) {
			if (err)
				*err = r->defer;
			return r->defer_rc;
		} else if (r->ahead) {
			if ((rc = ahead_next(r, &w, err)) <= 0)
				return rc;
		} else {
			w = &r->cur;
			if ((rc = read_row(r, w, r->o.keep_raw, err)) <= 0)
				return rc;
		}
		if (row_blank(w))
			continue;
		if (is_repeated_header(r, w)) {
			lb_diags_add(&r->notes, r->name, w->line, "", LB_WARNING, "repeated-header", "",
			             _("the header row repeated (line %ld) skipped"), r->hline);
			continue;
		}
		if (is_footer(w)) {
			note_title(r, w, "footer", _("footer row skipped"));
			continue;
		}
		fill_record(r, w, rec);
		return 1;
	}
}

void
lb_reader_close(struct lb_reader *r)
{
	if (!r)
		return;
	ahead_stop(r);
	lb_sheet_close(r->sheet);
	if (r->csv_ok) {
		csv_fini(&r->csv, NULL, NULL, NULL);
		csv_free(&r->csv);
	}
	if (r->own_fp && r->fp)
		fclose(r->fp);
	if (r->have_cd)
		iconv_close(r->cd);
	for (size_t i = 0; i < r->npre; i++)
		row_fini(&r->pre[i]);
	free(r->pre);
	row_fini(&r->cur);
	for (size_t i = 0; i < r->nhnorm; i++)
		free(r->hnorm[i]);
	free(r->hnorm);
	for (size_t i = 0; i < r->nmaps; i++) {
		free(r->mapkey[i]);
		free(r->mapfield[i]);
	}
	free(r->mapkey);
	free(r->mapfield);
	lb_strv_fini(&r->colnames);
	lb_strv_fini(&r->hcells);
	lb_strv_fini(&r->lcells);
	free(r->colfield);
	lb_buf_fini(&r->conv);
	free(r->gbt);
	lb_buf_fini(&r->rec);
	free(r->doff);
	lb_buf_fini(&r->hraw);
	lb_buf_fini(&r->ytext);
	lb_diags_fini(&r->notes);
	free(r->name);
	free(r);
}

/* ---- accessors ----------------------------------------------------------- */

const char *lb_reader_name(const struct lb_reader *r) { return r->name; }

const char *
lb_reader_encoding(const struct lb_reader *r)
{
	if (r->sheet)
		return lb_sheet_kind(r->sheet) == LB_WB_XLS ? "xls" : "xlsx";
	switch (r->enc) {
	case ENC_UTF8_BOM: return "UTF-8 (BOM)";
	case ENC_GB18030: return "GB18030";
	default: return "UTF-8";
	}
}

enum lb_format lb_reader_format(const struct lb_reader *r) { return r->fmt; }
int lb_reader_delim(const struct lb_reader *r) { return r->fmt == LB_FMT_CSV ? r->delim : 0; }
enum lb_kind lb_reader_kind(const struct lb_reader *r) { return r->kind; }
const struct lb_schema *lb_reader_schema(const struct lb_reader *r) { return r->schema; }
long lb_reader_header_line(const struct lb_reader *r) { return r->hline; }
size_t lb_reader_ncols(const struct lb_reader *r) { return r->ncols; }

const char *
lb_reader_colname(const struct lb_reader *r, size_t i)
{
	return i < r->ncols ? r->colnames.v[i] : "";
}

int
lb_reader_colfield(const struct lb_reader *r, size_t i)
{
	return i < r->ncols ? r->colfield[i] : -1;
}

const char *
lb_reader_header_raw(const struct lb_reader *r, size_t *len)
{
	if (len)
		*len = r->hraw.len;
	return lb_buf_str(&r->hraw);
}

unsigned long long lb_reader_bytes(const struct lb_reader *r) { return r->ahead ? r->cbytes : r->nbytes; }

struct lb_diags *lb_reader_notes(struct lb_reader *r) { return &r->notes; }
