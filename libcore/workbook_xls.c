/*
 * workbook_xls.c — a sheet of a legacy .xls workbook (Excel 97–2003,
 * BIFF8) through libfreexl (see workbook.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <freexl.h>
#include <unistd.h>

#include "i18n.h"
#include "reader.h"
#include "util.h"
#include "workbook.h"
#include "workbook_impl.h"

/* ---- .xls ---------------------------------------------------------------- */

/* libfreexl reads a named file: standard input goes to a temporary one
 * (mode 0600, removed at close), at most LB_WB_MAX_STDIN bytes. */
static int
xls_stdin(struct lb_sheet *s, FILE *fp, const unsigned char *head, size_t nhead, struct lb_err *err)
{
	const char *tmp = getenv("TMPDIR");
	unsigned long long total = nhead;
	FILE *out;
	int fd;
	size_t got;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	s->xtmp = lb_xasprintf("%s/lb-xls.XXXXXX", tmp);
	if ((fd = mkstemp(s->xtmp)) < 0 || !(out = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		free(s->xtmp);
		s->xtmp = NULL;
		return lb_err_sys(err, s->name, _("cannot make a temporary file"));
	}
	fwrite(head, 1, nhead, out);
	while ((got = fread(s->chunk, 1, WB_CHUNK, fp)) > 0) {
		total += got;
		if (total > LB_WB_MAX_STDIN) {
			fclose(out);
			return lb_err_set(err, LB_ELIMIT, s->name, 0,
			                  _("a workbook on standard input larger than %u MB: name the file instead"),
			                  LB_WB_MAX_STDIN >> 20);
		}
		fwrite(s->chunk, 1, got, out);
	}
	if (ferror(fp)) {
		fclose(out);
		return lb_err_sys(err, s->name, _("cannot read"));
	}
	if (fclose(out) != 0)
		return lb_err_sys(err, s->xtmp, _("cannot write"));
	return 0;
}

int
lb_wb_xls_open(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head, size_t nhead,
               const char *want, struct lb_err *err)
{
	struct lb_strv names = LB_STRV_INIT;
	unsigned int n = 0;
	size_t idx;
	int rc;

	if (!path) {
		if ((rc = xls_stdin(s, fp, head, nhead, err)) < 0)
			return rc;
		path = s->xtmp;
	}
	if (freexl_open(path, &s->fx) != FREEXL_OK) {
		s->fx = NULL;
		return lb_err_set(err, LB_ENOTABLE, s->name, 0,
		                  _("not a readable .xls workbook (Excel 97-2003, BIFF8)"));
	}
	if (freexl_get_info(s->fx, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK)
		n = 0;
	for (unsigned int i = 0; i < n && i < 4096; i++) {
		const char *nm = NULL;
		if (freexl_get_worksheet_name(s->fx, (unsigned short)i, &nm) != FREEXL_OK || !nm)
			nm = "";
		lb_strv_push(&names, nm);
	}
	if ((rc = lb_wb_pick_sheet(s, &names, NULL, want, &idx, err)) < 0) {
		lb_strv_fini(&names);
		return rc;
	}
	s->sheetname = lb_xstrdup(names.v[idx]);
	lb_strv_fini(&names);
	if (freexl_select_active_worksheet(s->fx, (unsigned short)idx) != FREEXL_OK ||
	    freexl_worksheet_dimensions(s->fx, &s->xrows, &s->xcols) != FREEXL_OK)
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("sheet %s cannot be read"), s->sheetname);
	return 0;
}

int
lb_wb_xls_next(struct lb_sheet *s, struct wrow **wp, struct lb_err *err)
{
	while (s->xnext < s->xrows) {
		unsigned int r = s->xnext++;
		lb_wb_row_clear(&s->out);
		s->out.num = (long)r + 1;
		for (unsigned short c = 0; c < s->xcols && c < LB_MAX_COLS; c++) {
			FreeXL_CellValue v;
			char num[64];
			const char *t = NULL;
			if (freexl_get_cell_value(s->fx, r, c, &v) != FREEXL_OK)
				continue;
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof num, "%d", v.value.int_value);
				t = num;
				break;
			case FREEXL_CELL_DOUBLE:
				lb_wb_fmt_number(v.value.double_value, num, sizeof num);
				t = num;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				t = v.value.text_value;
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				if (v.value.text_value && strlen(v.value.text_value) >= 10) {
					snprintf(num, sizeof num, "%.10s", v.value.text_value);
					t = num;
				} else {
					t = v.value.text_value;
				}
				break;
			case FREEXL_CELL_TIME:
				t = v.value.text_value;
				break;
			default:
				break;
			}
			if (t && *t) {
				size_t len = strlen(t);
				if (len > LB_MAX_FIELD)
					return lb_err_set(err, LB_ELIMIT, s->name, s->out.num,
					                  _("a cell is larger than %u bytes"), LB_MAX_FIELD);
				lb_wb_row_set(&s->out, c, t, len);
			}
		}
		if (s->out.n) {
			*wp = &s->out;
			return 1;
		}
	}
	return 0;
}
