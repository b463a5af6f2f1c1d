/*
 * xlsxw.c — tables as an .xlsx workbook through libxlsxwriter. See xlsxw.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "date.h"
#include "schema.h"
#include "util.h"
#include "writer.h"
#include "xlsxw.h"

#define MAX_WIDTH 60
#define MAX_ROWS  1048576u
#define MAX_STR   32767

enum { K_TEXT, K_DATE, K_INT };

struct lb_xw {
	char path[4096];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *fhead, *fdate, *ftext, *fint;
	time_t created;
	size_t ncols;
	unsigned char *kind;
	unsigned *width;
	lxw_row_t row;            /* the next row of the sheet */
	int nsheets;
	int bad;
};

time_t
lb_xw_time_of_day(int days)
{
	return (time_t)(days - lb_date_from_ymd(1970, 1, 1)) * 86400;
}

/* What a column holds, by its name. */
static int
col_kind(const char *name)
{
	static const char *const ints[] = {"line", "required", "done", "行号", "应完成", "已完成"};
	static const char *const dates[] = {"window_start", "window_end", "开始日期", "结束日期"};
	enum lb_kind ks[2] = {LB_KIND_ROSTER, LB_KIND_ACTIVITY};
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
		if (!strcmp(name, ints[i]))
			return K_INT;
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
		if (!strcmp(name, dates[i]))
			return K_DATE;
	for (int k = 0; k < 2; k++) {
		const struct lb_schema *s = lb_schema_builtin(ks[k]);
		int f = s ? lb_schema_match_header(s, name) : -1;
		if (f >= 0) {
			if (s->f[f].type == LB_T_DATE)
				return K_DATE;
			if (s->f[f].type == LB_T_INT)
				return K_INT;
			return K_TEXT;
		}
	}
	return K_TEXT;
}

/* Display width: a character of U+1100 and above counts 2. */
static unsigned
text_width(const char *s)
{
	unsigned w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE1 ? 2 : 1;   /* a 3- or 4-byte sequence from U+1000 on */
	}
	return w;
}

struct lb_xw *
lb_xw_new(time_t created)
{
	struct lb_xw *x = lb_xcalloc(1, sizeof *x);
	const char *tmp = getenv("TMPDIR");
	lxw_workbook_options op;
	int fd;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(x->path, sizeof x->path, "%s/lb-xlsx.XXXXXX", tmp);
	if ((fd = mkstemp(x->path)) < 0) {
		free(x);
		return NULL;
	}
	close(fd);
	/* 0600 (mkstemp): the unmasked data of a workbook, until it is copied
	 * out; removed on SIGINT, SIGTERM and SIGHUP as -o's temporary is */
	lb_tmp_track(x->path);
	memset(&op, 0, sizeof op);
	op.constant_memory = 1;
	op.tmpdir = (char *)tmp;
	if (!(x->wb = workbook_new_opt(x->path, &op))) {
		unlink(x->path);
		lb_tmp_untrack(x->path);
		free(x);
		errno = EIO;
		return NULL;
	}
	x->created = created ? created : LB_XLSX_EPOCH;
	x->fhead = workbook_add_format(x->wb);
	format_set_bold(x->fhead);
	format_set_num_format(x->fhead, "@");
	x->ftext = workbook_add_format(x->wb);
	format_set_num_format(x->ftext, "@");
	x->fdate = workbook_add_format(x->wb);
	format_set_num_format(x->fdate, "yyyy-mm-dd");
	x->fint = workbook_add_format(x->wb);
	format_set_num_format(x->fint, "0");
	return x;
}

static void
finish_sheet(struct lb_xw *x)
{
	if (!x->ws)
		return;
	for (size_t c = 0; c < x->ncols; c++) {
		unsigned w = x->width[c] + 2;
		if (w < 6)
			w = 6;
		if (w > MAX_WIDTH)
			w = MAX_WIDTH;
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
	}
	if (x->ncols)
		worksheet_autofilter(x->ws, 0, 0, x->row > 1 ? x->row - 1 : 0, (lxw_col_t)(x->ncols - 1));
	x->ws = NULL;
}

int
lb_xw_sheet(struct lb_xw *x, const char *name, const char *const *cols, size_t ncols)
{
	char nm[128];
	finish_sheet(x);
	x->nsheets++;
	if (name && *name) {
		/* 31 characters at most; no []:*?/\ */
		size_t o = 0, chars = 0;
		for (const char *p = name; *p && o + 4 < sizeof nm; p++) {
			unsigned char c = (unsigned char)*p;
			if ((c & 0xC0) != 0x80 && ++chars > 31)
				break;
			nm[o++] = strchr("[]:*?/\\", c) ? '_' : (char)c;
		}
		nm[o] = '\0';
	} else {
		snprintf(nm, sizeof nm, "Sheet%d", x->nsheets);
	}
	if (!(x->ws = workbook_add_worksheet(x->wb, nm))) {
		snprintf(nm, sizeof nm, "Sheet%d", x->nsheets);   /* a name used twice */
		if (!(x->ws = workbook_add_worksheet(x->wb, nm))) {
			x->bad = 1;
			return -1;
		}
	}
	x->ncols = ncols > LXW_COL_MAX ? LXW_COL_MAX : ncols;
	free(x->kind);
	free(x->width);
	x->kind = lb_xcalloc(x->ncols ? x->ncols : 1, 1);
	x->width = lb_xcalloc(x->ncols ? x->ncols : 1, sizeof *x->width);
	for (size_t c = 0; c < x->ncols; c++) {
		const char *h = cols[c] ? cols[c] : "";
		x->kind[c] = (unsigned char)col_kind(h);
		x->width[c] = text_width(h);
		if (worksheet_write_string(x->ws, 0, (lxw_col_t)c, h, x->fhead) != LXW_NO_ERROR)
			x->bad = 1;
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
	return x->bad ? -1 : 0;
}

static int
write_cell(struct lb_xw *x, size_t c, const char *v)
{
	lxw_col_t col = (lxw_col_t)c;
	if (x->kind[c] == K_DATE && strlen(v) == 10 && lb_date_parse_iso(v) != LB_NODATE) {
		int y, m, d;
		lxw_datetime dt;
		lb_date_to_ymd(lb_date_parse_iso(v), &y, &m, &d);
		if (y >= 1900) {
			memset(&dt, 0, sizeof dt);
			dt.year = y;
			dt.month = m;
			dt.day = d;
			return worksheet_write_datetime(x->ws, x->row, col, &dt, x->fdate);
		}
	}
	if (x->kind[c] == K_INT && v[0] && strlen(v) <= 9 && strspn(v, "0123456789") == strlen(v) &&
	    (v[0] != '0' || !v[1]))
		return worksheet_write_number(x->ws, x->row, col, (double)strtol(v, NULL, 10), x->fint);
	if (strlen(v) > MAX_STR) {
		/* the cell limit of the format: cut at a character boundary */
		char *t = lb_xstrndup(v, MAX_STR);
		size_t n = MAX_STR;
		lxw_error e;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
		t[n] = '\0';
		e = worksheet_write_string(x->ws, x->row, col, t, x->ftext);
		free(t);
		return e;
	}
	return worksheet_write_string(x->ws, x->row, col, v, x->ftext);
}

int
lb_xw_row(struct lb_xw *x, const char *const *cells)
{
	if (!x->ws && lb_xw_sheet(x, NULL, NULL, 0) < 0)
		return -1;
	if (x->row >= MAX_ROWS) {
		x->bad = 1;
		errno = EFBIG;
		return -1;
	}
	for (size_t c = 0; c < x->ncols; c++) {
		const char *v = cells[c] ? cells[c] : "";
		unsigned w;
		if (!*v)
			continue;
		if (write_cell(x, c, v) != LXW_NO_ERROR) {
			x->bad = 1;
			return -1;
		}
		w = text_width(v);
		if (w > x->width[c])
			x->width[c] = w;
	}
	x->row++;
	return 0;
}

void
lb_xw_abort(struct lb_xw *x)
{
	if (!x)
		return;
	if (x->wb) {
		/* libxlsxwriter has no discard: close it, then remove the file */
		workbook_close(x->wb);
	}
	unlink(x->path);
	lb_tmp_untrack(x->path);
	free(x->kind);
	free(x->width);
	free(x);
}

int
lb_xw_end(struct lb_xw *x, FILE *fp)
{
	lxw_doc_properties props;
	FILE *in;
	char buf[65536];
	size_t n;
	int rc = 0;

	if (!x->nsheets)
		lb_xw_sheet(x, NULL, NULL, 0);
	finish_sheet(x);
	memset(&props, 0, sizeof props);
	props.created = x->created;
	workbook_set_properties(x->wb, &props);
	if (workbook_close(x->wb) != LXW_NO_ERROR || x->bad) {
		x->wb = NULL;
		errno = errno ? errno : EIO;
		lb_xw_abort(x);
		return -1;
	}
	x->wb = NULL;
	if (!(in = fopen(x->path, "rb"))) {
		lb_xw_abort(x);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, fp) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	lb_xw_abort(x);
	return rc;
}
