/*
 * reader.c — reading tables: CSV (libcsv) and YAML (libyaml), record by
 * record, with the physical line each record starts on. lb-files(5), What
 * the tools read, is the contract.
 *
 * The layers, bottom up, each in its own file (shared through the private
 * reader_impl.h):
 *
 *  decode   (reader_decode.c) fread in 64 KiB chunks; the encoding is
 *           decided on the first chunk (UTF-8 BOM, valid UTF-8, else
 *           GB18030). UTF-8 is validated chunk by chunk (a sequence cut at a
 *           chunk end is carried over); GB18030 goes through iconv (EINVAL:
 *           the tail is carried over). An invalid sequence is held back
 *           until the scanner reaches it, so the error names the physical
 *           line it is on.
 *  scan     (reader_scan.c) splits the decoded bytes into records: line
 *           ends (CRLF, LF, CR) outside quotes, following libcsv's own
 *           quoting rules, counting physical lines (inside quoted fields
 *           too). A record's bytes, with its line end, are what
 *           lb_record.raw shows.
 *  parse    (reader_scan.c) the cells are the bytes between the delimiters
 *           the scanner saw; a quoted cell is unquoted in place
 *           (csvsplit.c), giving what libcsv (CSV_APPEND_NULL,
 *           CSV_REPALL_NL, no space characters) gives — libcsv still parses
 *           quoted records when lb_csv_reference is set, and the unit tests
 *           compare the two.
 *  ahead    (reader_ahead.c) after the header, CSV records are read in a
 *           second thread in batches.
 *  header   (reader_header.c) the first 30 non-blank rows are held to find
 *           the header row, the title rows above it and a row of group
 *           labels; later rows stream one at a time.
 *
 * YAML data files are streamed through a temporary file and parsed twice
 * with libyaml's event API, one record held at a time (reader_yaml.c).
 * This file holds the rows, the small text helpers, opening (format,
 * encoding and delimiter), the records handed out, and closing.
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

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"
#include "workbook.h"

/* ---- rows ---------------------------------------------------------------- */

void
lb_rd_row_clear(struct row *w)
{
	lb_buf_clear(&w->data);
	lb_buf_clear(&w->raw);
	w->n = 0;
}

void
lb_rd_row_fini(struct row *w)
{
	lb_buf_fini(&w->data);
	lb_buf_fini(&w->raw);
	free(w->off);
	free(w->col);
	free(w->ptr);
	memset(w, 0, sizeof *w);
}

void
lb_rd_row_addcell(struct row *w, const char *s, size_t len, size_t col)
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

const char *
lb_rd_row_cell(const struct row *w, size_t i)
{
	return i < w->n ? w->data.s + w->off[i] : "";
}

/* ---- small text helpers -------------------------------------------------- */

/* 1 if s is empty or only white space (ASCII, U+3000, U+00A0). */
/* White space is value.c's (lb_trim: ASCII, U+00A0, U+3000): a cell that
 * holds nothing else is blank. The first byte settles most cells. */
int
lb_rd_blank_text(const char *s)
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
const char *
lb_rd_skip_ws(const char *s)
{
	size_t n = strlen(s);
	lb_trim(&s, &n);
	return s;
}

void
lb_rd_set_field(struct lb_err *err, const char *name)
{
	if (err)
		snprintf(err->field, sizeof err->field, "%s", name);
}

char *
lb_rd_norm_dup(const char *s)
{
	struct lb_buf b = LB_BUF_INIT;
	lb_header_norm(s, &b);
	return lb_buf_steal(&b);
}

int
lb_rd_row_blank(const struct row *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (!lb_rd_blank_text(lb_rd_row_cell(w, i)))
			return 0;
	return 1;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcasecmp(s + a - b, suf) == 0;
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
		r->mapkey[r->nmaps] = lb_rd_norm_dup(h);
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
	csv_set_space_func(&r->csv, lb_rd_no_space);

	if ((n = lb_rd_read_raw(r, err)) < 0) {
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
		    (rc = lb_rd_find_header(r, err)) < 0)
			goto fail;
		if (!r->defer_rc)
			lb_rd_ahead_start(r);
		*rp = r;
		return 0;
	}
	if ((rc = lb_rd_decide_encoding(r, err)) < 0)
		goto fail;
	if ((rc = lb_rd_dec_fill(r, err)) < 0) {
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
		if ((rc = lb_rd_read_yaml(r, err)) < 0)
			goto fail;
	} else {
		r->delim = r->o.delim ? r->o.delim : lb_rd_sniff_delim(r->dec + r->dpos, r->dlen - r->dpos);
		if (r->o.spill) {   /* the first chunk, then each as decoded */
			r->spilling = 1;
			lb_rd_spill(r);
		}
		csv_set_delim(&r->csv, (unsigned char)r->delim);
		r->spec[(unsigned char)r->delim] |= 1;
		r->spec['\r'] = r->spec['\n'] = 3;
		r->spec['"'] |= 2;
		if ((rc = lb_rd_find_header(r, err)) < 0)
			goto fail;
		if (!r->defer_rc)
			lb_rd_ahead_start(r);
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

	while (n > 0 && !lb_rd_row_cell(w, n - 1)[0])
		n--;
	while (hn > 0 && !h->v[hn - 1][0])
		hn--;
	if (n != hn || n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(lb_rd_row_cell(w, i), h->v[i]) != 0)
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
		const char *c = lb_rd_row_cell(w, i);
		if (lb_rd_blank_text(c))
			continue;
		c = lb_rd_skip_ws(c);
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
		lb_rd_row_clear(c);
		c->line = w->line;
		for (size_t i = 0; i < r->ncols; i++) {
			size_t j;
			for (j = 0; j < w->n && w->col[j] != i; j++)
				;
			if (j < w->n)
				lb_rd_row_addcell(c, lb_rd_row_cell(w, j), strlen(lb_rd_row_cell(w, j)), i);
			else
				lb_rd_row_addcell(c, "", 0, i);
		}
		rec->n = c->n;
		rec->cells = row_cells(c);
		if (r->o.keep_raw) {
			rec->raw = lb_buf_str(&w->raw);
			rec->rawlen = w->raw.len;
		}
		return;
	}
	if (r->sheet && w->n < r->ncols) {   /* a sheet leaves out empty cells at the end */
		while (w->n < r->ncols)
			lb_rd_row_addcell(w, "", 0, w->n);
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
		struct row *w;
		int rc = lb_rd_yaml_next(r, &w, err);
		if (rc <= 0)
			return rc;
		fill_record(r, w, rec);
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
			if ((rc = lb_rd_ahead_next(r, &w, err)) <= 0)
				return rc;
		} else {
			w = &r->cur;
			if ((rc = lb_rd_read_row(r, w, r->o.keep_raw, err)) <= 0)
				return rc;
		}
		if (lb_rd_row_blank(w))
			continue;
		if (is_repeated_header(r, w)) {
			lb_diags_add(&r->notes, r->name, w->line, "", LB_WARNING, "repeated-header", "",
			             _("the header row repeated (line %ld) skipped"), r->hline);
			continue;
		}
		if (is_footer(w)) {
			lb_rd_note_title(r, w, "footer", _("footer row skipped"));
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
	lb_rd_ahead_stop(r);
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
		lb_rd_row_fini(&r->pre[i]);
	free(r->pre);
	lb_rd_row_fini(&r->cur);
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
	lb_rd_yaml_close(r);
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
	if (r->o.copy_encoding)
		return r->o.copy_encoding;
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

int
lb_reader_spilled(const struct lb_reader *r)
{
	return r->spilling && !r->spill_bad && r->eof && !r->ncarry && !r->dec_err &&
	       r->dpos >= r->dlen;
}

unsigned long long lb_reader_bytes(const struct lb_reader *r) { return r->ahead ? r->cbytes : r->nbytes; }

struct lb_diags *lb_reader_notes(struct lb_reader *r) { return &r->notes; }
