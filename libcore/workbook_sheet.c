/*
 * workbook_sheet.c — an .xlsx sheet streamed row by row (see workbook.h).
 *
 * First a byte-level pass over the sheet for <mergeCell ref="A1:B9"/>
 * (they follow the cells, so cannot be known when the rows stream by);
 * then the sheet itself, parsed by expat chunk by chunk: each </row>
 * queues a row, lb_sheet_next hands the queued rows out and feeds expat
 * the next chunk when the queue is empty. A merged range's value goes to
 * the cells it covers in every row that has a value of its own, so a
 * class typed once reaches every child.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <expat.h>
#include <zip.h>

#include "date.h"
#include "i18n.h"
#include "reader.h"
#include "util.h"
#include "workbook.h"
#include "workbook_impl.h"

/* ---- values -------------------------------------------------------------- */

/* A serial day number as YYYY-MM-DD, or 0 when it is not a date. */
static int
fmt_serial(double v, int date1904, char *out)
{
	long d;
	int days;
	if (!isfinite(v) || v < 0 || v > 2958465.0)   /* 9999-12-31 */
		return 0;
	d = (long)floor(v);
	if (date1904)
		days = lb_date_from_ymd(1904, 1, 1) + (int)d;
	else if (d >= 61)
		days = lb_date_from_ymd(1899, 12, 30) + (int)d;
	else if (d >= 1 && d < 60)
		days = lb_date_from_ymd(1899, 12, 31) + (int)d;
	else
		return 0;   /* 0 and the 29th of February 1900 that never was */
	lb_date_format(days, out);
	return 1;
}

/* "AB12" → column 27 - 1 (0-based) and row 12; 0 on success. */
static int
parse_ref(const char *s, size_t *col, long *row)
{
	size_t c = 0;
	long r = 0;
	int nl = 0, nd = 0;
	while (*s >= 'A' && *s <= 'Z') {
		c = c * 26 + (size_t)(*s - 'A' + 1);
		if (++nl > 3)
			return -1;
		s++;
	}
	while (*s >= '0' && *s <= '9') {
		r = r * 10 + (*s - '0');
		if (++nd > 7)
			return -1;
		s++;
	}
	if (*s || (nl == 0 && nd == 0))
		return -1;
	if (col)
		*col = nl ? c - 1 : (size_t)-1;
	if (row)
		*row = nd ? r : -1;
	return 0;
}

/* ---- merged ranges: a byte-level first pass ------------------------------- */

static int
merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;
	return (x->r1 > y->r1) - (x->r1 < y->r1);
}

/* The ref="A1:C9" of the element that starts at p (up to '>'), if whole. */
static int
merge_ref(struct lb_sheet *s, const char *p, const char *end, struct lb_err *err)
{
	const char *gt = memchr(p, '>', (size_t)(end - p)), *r;
	char ref[64], *colon;
	size_t c1, c2;
	long r1, r2;
	if (!gt)
		return 1;   /* cut: seen again with the next chunk */
	for (r = p; r + 5 < gt; r++)
		if ((r[-1] == ' ' || r[-1] == '\t' || r[-1] == '\n' || r[-1] == '\r') &&
		    !memcmp(r, "ref=", 4) && (r[4] == '"' || r[4] == '\''))
			break;
	if (r + 5 >= gt)
		return 0;
	{
		const char *q = memchr(r + 5, r[4], (size_t)(gt - r - 5));
		size_t len;
		if (!q)
			return 0;
		len = (size_t)(q - r - 5);
		if (len >= sizeof ref)
			return 0;
		memcpy(ref, r + 5, len);
		ref[len] = '\0';
	}
	if (!(colon = strchr(ref, ':')))
		return 0;
	*colon = '\0';
	if (parse_ref(ref, &c1, &r1) < 0 || parse_ref(colon + 1, &c2, &r2) < 0 ||
	    c1 == (size_t)-1 || c2 == (size_t)-1 || r1 < 1 || r2 < r1 || c2 < c1 ||
	    c2 >= LB_MAX_COLS)
		return 0;
	if (s->nm >= LB_WB_MAX_MERGES)
		return lb_err_set(err, LB_ELIMIT, s->name, 0,
		                  _("more than %u merged ranges in the sheet: refused"), LB_WB_MAX_MERGES);
	{
		size_t cap = s->nm;
		s->m = lb_xgrow(s->m, &cap, s->nm + 1, sizeof *s->m);
	}
	s->m[s->nm].r1 = r1;
	s->m[s->nm].r2 = r2;
	s->m[s->nm].c1 = c1;
	s->m[s->nm].c2 = c2;
	s->m[s->nm].val = NULL;
	s->nm++;
	return 0;
}

static int
find_merges(struct lb_sheet *s, struct lb_err *err)
{
	enum { KEEP = 512 };
	zip_file_t *zf;
	unsigned long long left, base = 0, done = 0;  /* done: offsets below are seen */
	char *buf = lb_xmalloc(KEEP + WB_CHUNK + 1);
	size_t have = 0;
	int rc;

	if ((rc = lb_wb_member_open(s, s->sheetpath, LB_WB_MAX_MEMBER, &zf, &left, err)) < 0) {
		free(buf);
		return rc;
	}
	for (;;) {
		long n = lb_wb_member_read(s, zf, s->sheetpath, buf + have, WB_CHUNK, &left, err);
		const char *p, *end;
		if (n <= 0) {
			rc = (int)n;
			break;
		}
		have += (size_t)n;
		end = buf + have;
		for (p = buf; (p = memchr(p, 'm', (size_t)(end - p))); p++) {
			unsigned long long at = base + (unsigned long long)(p - buf);
			if ((size_t)(end - p) < 11)
				break;
			if (memcmp(p, "mergeCell", 9) || p == buf || (p[-1] != '<' && p[-1] != ':') ||
			    !(p[9] == ' ' || p[9] == '\t' || p[9] == '\n' || p[9] == '\r'))
				continue;
			if (at < done)
				continue;
			if ((rc = merge_ref(s, p + 9, end, err)) < 0)
				goto out;
			if (rc == 1) {
				rc = 0;
				break;    /* cut: the next chunk sees it whole */
			}
			done = at + 1;
		}
		if (have > KEEP) {
			memmove(buf, buf + have - KEEP, KEEP);
			base += have - KEEP;
			have = KEEP;
		}
	}
out:
	zip_fclose(zf);
	free(buf);
	if (rc >= 0 && s->nm)
		qsort(s->m, s->nm, sizeof *s->m, merge_cmp);
	return rc;
}

/* ---- the sheet, streamed -------------------------------------------------- */

static void
sheet_fail(struct lb_sheet *s, int code, long line, const char *msg)
{
	if (!s->fail) {
		s->fail = 1;
		lb_err_set(&s->err, code, s->name, line, "%s", msg);
	}
	XML_StopParser(s->xp, XML_FALSE);
}

static void XMLCALL
sh_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct lb_sheet *s = ud;
	const char *n = lb_wb_local(el);

	if (s->fail)
		return;
	if (!strcmp(n, "row")) {
		const char *r = lb_wb_attr(a, "r");
		long num = s->lastrow + 1;
		if (r) {
			char *e;
			long v = strtol(r, &e, 10);
			if (*e == '\0' && v > s->lastrow && v <= 99999999)
				num = v;
		}
		lb_wb_row_clear(&s->build);
		s->build.num = num;
		s->rownum = num;
		s->lastcol = (size_t)-1;
		s->depth_row = 1;
	} else if (!strcmp(n, "c") && s->depth_row) {
		const char *r = lb_wb_attr(a, "r"), *t = lb_wb_attr(a, "t"), *st = lb_wb_attr(a, "s");
		size_t col = s->lastcol + 1;
		if (r) {
			size_t c;
			long rr;
			if (parse_ref(r, &c, &rr) == 0 && c != (size_t)-1 &&
			    (s->lastcol == (size_t)-1 || c > s->lastcol))
				col = c;
		}
		if (col >= LB_MAX_COLS) {
			char m[128];
			snprintf(m, sizeof m, _("more than %d cells in one record"), LB_MAX_COLS);
			sheet_fail(s, LB_ELIMIT, s->rownum, m);
			return;
		}
		s->col = col;
		s->lastcol = col;
		s->ctype = !t ? 'n' : !strcmp(t, "s") ? 's' : !strcmp(t, "inlineStr") ? 'i' :
		           !strcmp(t, "str") ? 't' : !strcmp(t, "b") ? 'b' : !strcmp(t, "e") ? 'e' :
		           !strcmp(t, "d") ? 'd' : 'n';
		s->cstyle = st ? strtol(st, NULL, 10) : 0;
		lb_buf_clear(&s->text);
		s->in_c = 1;
	} else if (s->in_c && !strcmp(n, "v")) {
		s->in_v = 1;
	} else if (s->in_c && !strcmp(n, "is")) {
		s->in_is = 1;
	} else if (s->in_is && !strcmp(n, "rPh")) {
		s->in_rph = 1;
	} else if (s->in_is && !s->in_rph && !strcmp(n, "t")) {
		s->in_t = 1;
	}
}

static void
cell_done(struct lb_sheet *s)
{
	const char *t = lb_buf_str(&s->text);
	char num[64];
	switch (s->ctype) {
	case 's': {
		char *e;
		unsigned long i = strtoul(t, &e, 10);
		if (*t && !*e && i < s->nsst) {
			lb_wb_row_set(&s->build, s->col, s->sst[i], strlen(s->sst[i]));
			return;
		}
		break;   /* a bad index: nothing */
	}
	case 'b':
		t = !strcmp(t, "1") || !strcmp(t, "true") ? "TRUE" : "FALSE";
		lb_wb_row_set(&s->build, s->col, t, strlen(t));
		return;
	case 'd':
		lb_wb_row_set(&s->build, s->col, t, strlen(t) >= 10 && t[4] == '-' ? 10 : strlen(t));
		return;
	case 'n': {
		char *e;
		double v;
		if (!*t)
			return;
		errno = 0;
		v = strtod(t, &e);
		if (*e || e == t) {
			lb_wb_row_set(&s->build, s->col, t, strlen(t));
			return;
		}
		if (s->cstyle >= 0 && (size_t)s->cstyle < s->nxf && s->xfdate[s->cstyle] &&
		    fmt_serial(v, s->date1904, num)) {
			lb_wb_row_set(&s->build, s->col, num, strlen(num));
			return;
		}
		lb_wb_fmt_number(v, num, sizeof num);
		lb_wb_row_set(&s->build, s->col, num, strlen(num));
		return;
	}
	default:
		if (s->text.len)
			lb_wb_row_set(&s->build, s->col, t, s->text.len);
		return;
	}
}

static void
queue_row(struct lb_sheet *s)
{
	if (s->build.n == 0)
		return;
	if (s->qhead > 0 && s->qhead == s->qn) {
		s->qhead = s->qn = 0;
	}
	if (s->qn + 1 > s->qcap) {
		size_t old = s->qcap;
		s->q = lb_xgrow(s->q, &s->qcap, s->qn + 1, sizeof *s->q);
		memset(s->q + old, 0, (s->qcap - old) * sizeof *s->q);
	}
	lb_wb_row_move(&s->q[s->qn++], &s->build);
}

static void XMLCALL
sh_end(void *ud, const XML_Char *el)
{
	struct lb_sheet *s = ud;
	const char *n = lb_wb_local(el);

	if (s->fail)
		return;
	if (!strcmp(n, "row") && s->depth_row) {
		s->depth_row = 0;
		s->lastrow = s->rownum;
		queue_row(s);
	} else if (!strcmp(n, "c") && s->in_c) {
		s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
		cell_done(s);
	} else if (!strcmp(n, "v")) {
		s->in_v = 0;
	} else if (!strcmp(n, "t")) {
		s->in_t = 0;
	} else if (!strcmp(n, "rPh")) {
		s->in_rph = 0;
	} else if (!strcmp(n, "is")) {
		s->in_is = 0;
	} else if (!strcmp(n, "sheetData")) {
		XML_StopParser(s->xp, XML_FALSE);   /* the rest is merges and print settings */
		s->xml_done = 1;
	}
}

static void XMLCALL
sh_text(void *ud, const XML_Char *t, int len)
{
	struct lb_sheet *s = ud;
	if (!(s->in_v || s->in_t) || s->fail)
		return;
	if (s->text.len + (size_t)len > LB_MAX_FIELD) {
		char m[128];
		snprintf(m, sizeof m, _("a cell is larger than %u bytes"), LB_MAX_FIELD);
		sheet_fail(s, LB_ELIMIT, s->rownum, m);
		return;
	}
	lb_buf_add(&s->text, t, (size_t)len);
}

/* Feed expat until a row is queued or the sheet ends: 1, 0 end, <0. */
static int
feed(struct lb_sheet *s, struct lb_err *err)
{
	while (s->qhead == s->qn && !s->xml_done) {
		long n = lb_wb_member_read(s, s->zf, s->sheetpath, s->chunk, WB_CHUNK, &s->zleft, err);
		if (n < 0)
			return (int)n;
		if (XML_Parse(s->xp, s->chunk, (int)n, n == 0) != XML_STATUS_OK) {
			if (s->xml_done && !s->fail)
				break;   /* stopped after </sheetData> */
			return lb_wb_xml_fail(s, s->sheetpath, err);
		}
		if (s->fail)
			return lb_wb_xml_fail(s, s->sheetpath, err);
		if (n == 0)
			s->xml_done = 1;
	}
	return s->qhead < s->qn;
}

/* ---- merges while the rows go out ----------------------------------------- */

/* Merges in play for row k: start those with r1 <= k, drop those ended. */
static void
merges_at(struct lb_sheet *s, long k)
{
	size_t j = 0;
	while (s->mnext < s->nm && s->m[s->mnext].r1 <= k) {
		size_t cap = s->nact;
		s->act = lb_xgrow(s->act, &cap, s->nact + 1, sizeof *s->act);
		s->act[s->nact++] = s->mnext++;
	}
	for (size_t i = 0; i < s->nact; i++)
		if (s->m[s->act[i]].r2 >= k)
			s->act[j++] = s->act[i];
		else {
			free(s->m[s->act[i]].val);
			s->m[s->act[i]].val = NULL;
		}
	s->nact = j;
}

/* Give row w (number k) the values of the merges covering it, when it has
 * a value of its own: a row that only a merged range reaches is blank (a
 * sheet writes every row that holds something), not a record. */
static void
merges_apply(struct lb_sheet *s, struct wrow *w, long k)
{
	size_t own = 0;
	merges_at(s, k);
	for (size_t c = 0; c < w->n && !own; c++)
		own = lb_wb_row_get(w, c)[0] != '\0';
	if (!own)
		return;
	for (size_t i = 0; i < s->nact; i++) {
		struct merge *m = &s->m[s->act[i]];
		if (m->r1 == k && !m->val)
			m->val = lb_xstrdup(lb_wb_row_get(w, m->c1));
		if (!m->val || !m->val[0])
			continue;
		for (size_t c = m->c1; c <= m->c2; c++)
			if (!lb_wb_row_get(w, c)[0])
				lb_wb_row_set(w, c, m->val, strlen(m->val));
	}
}

int
lb_wb_xlsx_next(struct lb_sheet *s, struct wrow **wp, struct lb_err *err)
{
	int rc = feed(s, err);
	if (rc <= 0)
		return rc;
	lb_wb_row_move(&s->out, &s->q[s->qhead++]);
	if (s->nm)
		merges_apply(s, &s->out, s->out.num);
	*wp = &s->out;
	return 1;
}

int
lb_wb_sheet_begin(struct lb_sheet *s, struct lb_err *err)
{
	int rc;
	if ((rc = find_merges(s, err)) < 0)
		return rc;
	if ((rc = lb_wb_member_open(s, s->sheetpath, LB_WB_MAX_MEMBER, &s->zf, &s->zleft, err)) < 0)
		return rc;
	if (!lb_wb_new_parser(s))
		return lb_err_set(err, LB_EIO, s->name, 0, _("cannot create an XML parser"));
	XML_SetElementHandler(s->xp, sh_start, sh_end);
	XML_SetCharacterDataHandler(s->xp, sh_text);
	return 0;
}
