/*
 * reader_scan.c — decoded bytes into records and records into cells (see
 * reader.c, scan and parse), and the delimiter guessed from the first
 * records.
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"
#include "csvsplit.h"
#include "workbook.h"

/* ---- scan ---------------------------------------------------------------- */

/* The first i' >= i below end where d[i'] is c or a line end, which are
 * the bytes with bit set in spec, 16 bytes at a time where SSE2 is there:
 * c the delimiter (bit 1) outside quotes, the quote (bit 2) inside them
 * (an address, a note). */
static inline size_t
skip_to(const unsigned char *d, size_t i, size_t end, const unsigned char *spec,
        unsigned char bit, unsigned char c)
{
#ifdef __SSE2__
	const __m128i vc = _mm_set1_epi8((char)c), vcr = _mm_set1_epi8('\r'),
	              vlf = _mm_set1_epi8('\n');
	while (i + 16 <= end) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc),
		                                                    _mm_cmpeq_epi8(x, vcr)),
		                                       _mm_cmpeq_epi8(x, vlf)));
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
		i += 16;
	}
#else
	(void)c;
#endif
	while (i < end && !(spec[d[i]] & bit))
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
			if ((rc = lb_rd_dec_fill(r, err)) < 0)
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
				i = skip_to(d, i, end, spec, 1, delim);
				if (i == end)
					break;
			} else if (st == S_QUOTED) {
				size_t j = skip_to(d, i, end, spec, 2, '"');
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
				if (lb_rd_dec_fill(r, err) > 0 && r->dec[r->dpos] == '\n') {
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

int
lb_rd_no_space(unsigned char c)
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
	lb_rd_row_addcell(r->fill, s ? s : "", s ? len : 0, r->fill->n);
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

	lb_rd_row_clear(w);
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
int
lb_rd_read_row(struct lb_reader *r, struct row *w, int keep, struct lb_err *err)
{
	int rc;
	if (r->sheet) {   /* a workbook's row, its raw bytes a CSV line */
		const char *const *cells;
		size_t n;
		long line;
		if ((rc = lb_sheet_next(r->sheet, &line, &cells, &n, err)) <= 0)
			return rc;
		lb_rd_row_clear(w);
		w->line = line;
		for (size_t i = 0; i < n; i++)
			lb_rd_row_addcell(w, cells[i], strlen(cells[i]), i);
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

int
lb_rd_sniff_delim(const char *text, size_t len)
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
