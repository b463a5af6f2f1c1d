/*
 * workbook.c — a sheet of an .xlsx (libzip + expat, streamed) or .xls
 * (libfreexl) workbook as rows of cell text. See workbook.h.
 *
 * This file holds the interface, the rows of cells both kinds build, a
 * number as a spreadsheet writes it and the choice of sheet; an .xlsx
 * package is opened in workbook_xlsx.c and its sheet streamed in
 * workbook_sheet.c, an .xls read in workbook_xls.c (workbook_impl.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <expat.h>
#include <freexl.h>
#include <unistd.h>
#include <zip.h>

#include "i18n.h"
#include "util.h"
#include "workbook.h"
#include "workbook_impl.h"

enum lb_wb_kind
lb_wb_sniff(const unsigned char *p, size_t n)
{
	if (n >= 4 && !memcmp(p, "PK\3\4", 4))
		return LB_WB_XLSX;
	if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return LB_WB_XLS;
	return LB_WB_NONE;
}

/* ---- rows ---------------------------------------------------------------- */

void
lb_wb_row_set(struct wrow *w, size_t col, const char *s, size_t len)
{
	/* cells before col are "" */
	while (w->n <= col) {
		w->off = lb_xgrow(w->off, &w->cap, w->n + 1, sizeof *w->off);
		w->off[w->n++] = w->data.len;
		lb_buf_addc(&w->data, '\0');
	}
	if (col + 1 == w->n && w->data.s[w->off[col]] == '\0') {
		/* the last cell: write in place */
		w->data.len = w->off[col];
		lb_buf_add(&w->data, s, len);
		lb_buf_addc(&w->data, '\0');
		return;
	}
	/* an earlier empty cell (merges): rebuild (rare) */
	{
		struct lb_buf nb = LB_BUF_INIT;
		for (size_t i = 0; i < w->n; i++) {
			const char *c = w->data.s + w->off[i];
			size_t at = nb.len;
			if (i == col)
				lb_buf_add(&nb, s, len);
			else
				lb_buf_adds(&nb, c);
			lb_buf_addc(&nb, '\0');
			w->off[i] = at;
		}
		lb_buf_fini(&w->data);
		w->data = nb;
	}
}

const char *
lb_wb_row_get(const struct wrow *w, size_t col)
{
	return col < w->n ? w->data.s + w->off[col] : "";
}

void
lb_wb_row_clear(struct wrow *w)
{
	lb_buf_clear(&w->data);
	w->n = 0;
	w->num = 0;
}

void
lb_wb_row_fini(struct wrow *w)
{
	lb_buf_fini(&w->data);
	free(w->off);
	memset(w, 0, sizeof *w);
}

void
lb_wb_row_move(struct wrow *to, struct wrow *from)
{
	struct wrow t = *to;
	*to = *from;
	*from = t;
	lb_wb_row_clear(from);
}

/* ---- values -------------------------------------------------------------- */

/* A number as a spreadsheet writes it: integers without exponent below
 * 10^15, spreadsheet notation from there on (the digits are lost). */
void
lb_wb_fmt_number(double v, char *out, size_t cap)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "#NUM!");
		return;
	}
	if (fabs(v) >= 1e15) {
		char m[64], *e, *z;
		snprintf(m, sizeof m, "%.14E", v);
		e = strchr(m, 'E');
		z = e;
		while (z > m && z[-1] == '0')
			z--;
		if (z > m && z[-1] == '.')
			z--;
		snprintf(out, cap, "%.*s%s", (int)(z - m), m, e);
		/* E+017 on some libcs is E+17 in a spreadsheet */
		return;
	}
	if (v == floor(v))
		snprintf(out, cap, "%.0f", v);
	else
		snprintf(out, cap, "%.15g", v);
}

/* ---- open ---------------------------------------------------------------- */

static int
is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* hidden: NULL, or which sheets are hidden (the first visible one is the
 * default: a hidden first sheet holds a template's lists, not the roster) */
int
lb_wb_pick_sheet(struct lb_sheet *s, const struct lb_strv *names, const unsigned char *hidden,
                 const char *want, size_t *idx, struct lb_err *err)
{
	if (names->n == 0)
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("the workbook has no sheet"));
	if (!want) {
		*idx = 0;
		while (hidden && *idx + 1 < names->n && *idx < 4096 && hidden[*idx])
			(*idx)++;
		if (hidden && *idx < 4096 && hidden[*idx])
			*idx = 0;   /* all hidden: the first */
		return 0;
	}
	for (size_t i = 0; i < names->n; i++)
		if (!strcmp(names->v[i], want)) {
			*idx = i;
			return 0;
		}
	if (is_number(want)) {
		unsigned long k = strtoul(want, NULL, 10);
		if (k >= 1 && k <= names->n) {
			*idx = k - 1;
			return 0;
		}
	}
	{
		struct lb_buf b = LB_BUF_INIT;
		for (size_t i = 0; i < names->n; i++) {
			if (i)
				lb_buf_adds(&b, ", ");
			lb_buf_adds(&b, names->v[i]);
		}
		lb_err_set(err, LB_EUSAGE, s->name, 0, _("--sheet %s: no such sheet (the sheets: %s)"), want,
		           lb_buf_str(&b));
		lb_buf_fini(&b);
		return LB_EUSAGE;
	}
}

/* ---- the interface ------------------------------------------------------- */

int
lb_sheet_open(struct lb_sheet **sp, enum lb_wb_kind kind, const char *path, FILE *fp,
              const unsigned char *head, size_t nhead, const char *sheet, const char *name,
              struct lb_err *err)
{
	struct lb_sheet *s = lb_xcalloc(1, sizeof *s);
	int rc;

	*sp = NULL;
	s->kind = kind;
	s->name = lb_xstrdup(name ? name : path ? path : "<stdin>");
	s->chunk = lb_xmalloc(WB_CHUNK);
	s->lastcol = (size_t)-1;
	rc = kind == LB_WB_XLS ? lb_wb_xls_open(s, path, fp, head, nhead, sheet, err)
	                       : lb_wb_xlsx_open(s, path, fp, head, nhead, sheet, err);
	if (rc < 0) {
		lb_sheet_close(s);
		return rc;
	}
	*sp = s;
	return 0;
}

int
lb_sheet_next(struct lb_sheet *s, long *line, const char *const **cells, size_t *n,
              struct lb_err *err)
{
	struct wrow *w = NULL;
	int rc = s->kind == LB_WB_XLS ? lb_wb_xls_next(s, &w, err) : lb_wb_xlsx_next(s, &w, err);
	if (rc <= 0)
		return rc;
	s->ptr = lb_xgrow(s->ptr, &s->pcap, w->n + 1, sizeof *s->ptr);
	for (size_t i = 0; i < w->n; i++)
		s->ptr[i] = w->data.s + w->off[i];
	s->ptr[w->n] = NULL;
	*line = w->num;
	*cells = s->ptr;
	*n = w->n;
	return 1;
}

void
lb_sheet_csvline(struct lb_buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *c = cells[i];
		size_t len = strlen(c);
		if (i)
			lb_buf_addc(b, ',');
		if (strpbrk(c, ",\"\r\n") || (len && (c[0] == ' ' || c[len - 1] == ' '))) {
			lb_buf_addc(b, '"');
			for (; *c; c++) {
				if (*c == '"')
					lb_buf_addc(b, '"');
				lb_buf_addc(b, *c);
			}
			lb_buf_addc(b, '"');
		} else {
			lb_buf_add(b, c, len);
		}
	}
	lb_buf_addc(b, '\n');
}

const char *lb_sheet_name(const struct lb_sheet *s) { return s->sheetname ? s->sheetname : ""; }
enum lb_wb_kind lb_sheet_kind(const struct lb_sheet *s) { return s->kind; }

void
lb_sheet_close(struct lb_sheet *s)
{
	if (!s)
		return;
	if (s->xp)
		XML_ParserFree(s->xp);
	if (s->zf)
		zip_fclose(s->zf);
	if (s->za)
		zip_discard(s->za);
	free(s->membuf);
	if (s->fx)
		freexl_close(s->fx);
	if (s->xtmp) {
		unlink(s->xtmp);
		free(s->xtmp);
	}
	free(s->sst);
	free(s->sstbuf);
	free(s->xfdate);
	for (size_t i = 0; i < s->nm; i++)
		free(s->m[i].val);
	free(s->m);
	free(s->act);
	for (size_t i = 0; i < s->qcap; i++)
		lb_wb_row_fini(&s->q[i]);
	free(s->q);
	lb_wb_row_fini(&s->build);
	lb_wb_row_fini(&s->out);
	lb_buf_fini(&s->text);
	free(s->ptr);
	free(s->chunk);
	free(s->sheetpath);
	free(s->sheetname);
	free(s->name);
	free(s);
}
