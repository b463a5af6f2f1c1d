/*
 * reader_header.c — the header row (see reader.c, header): the schema and
 * the columns of a table found from its first rows, title rows and a row
 * of group labels above it, --header-row and --map.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"
#include "date.h"

/* ---- header -------------------------------------------------------------- */

/* The field of header text name in s, applying --map first: >= 0 a field,
 * -1 not known, -2 mapped to no field, -4 mapped to a field s lacks. */
static int
col_field(const struct lb_reader *r, const struct lb_schema *s, const char *name)
{
	if (r->nmaps) {
		char *k = lb_rd_norm_dup(name);
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

struct score
lb_rd_score_names(const struct lb_reader *r, const struct lb_schema *s, char **names, size_t n)
{
	struct score sc = {0, 0, 0};
	unsigned char *seen = lb_xcalloc(s->n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		int fi;
		if (lb_rd_blank_text(names[i]))
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
const struct lb_schema *
lb_rd_best_schema(const struct lb_reader *r, char **names, size_t n, struct score *sc)
{
	struct score a = {0, 0, 0}, b = {0, 0, 0};
	int qa = 0, qb = 0;

	if (r->o.kind != LB_KIND_ACTIVITY) {
		a = lb_rd_score_names(r, r->rs, names, n);
		qa = qualifies(a);
	}
	if (r->o.kind != LB_KIND_ROSTER) {
		b = lb_rd_score_names(r, r->as, names, n);
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
		const char *t = lb_rd_row_cell(top, i), *b = lb_rd_row_cell(sub, i);
		int tb = lb_rd_blank_text(t), bb = lb_rd_blank_text(b);
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
			char *both = lb_xasprintf("%s%s", lb_rd_skip_ws(label), lb_rd_skip_ws(b));
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
		lb_strv_push(out, lb_rd_row_cell(w, i));
}

void
lb_rd_note_title(struct lb_reader *r, const struct row *w, const char *code, const char *msg)
{
	const char *first = "";
	for (size_t i = 0; i < w->n; i++)
		if (!lb_rd_blank_text(lb_rd_row_cell(w, i))) {
			first = lb_rd_row_cell(w, i);
			break;
		}
	lb_diags_add(&r->notes, r->name, w->line, "", LB_WARNING, code, first, "%s", msg);
}

/* Set the columns from names under schema s; header line hl. */
int
lb_rd_set_columns(struct lb_reader *r, const struct lb_schema *s, struct lb_strv *names, long hl,
                  struct lb_err *err)
{
	size_t n = names->n;

	/* Trailing columns with no header text are not columns (Excel's
	 * ",,,," after the last one). */
	while (n > 0 && lb_rd_blank_text(names->v[n - 1]))
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
		r->hnorm[i] = lb_rd_norm_dup(name);
		if (fi == -4) {
			for (size_t m = 0; m < r->nmaps; m++)
				if (!strcmp(r->hnorm[i], r->mapkey[m])) {
					lb_err_set(err, LB_EHEADER, r->name, hl,
					           _("--map: '%s' is not a field of the %s schema"),
					           r->mapfield[m], lb_schema_word(s));
					break;
				}
			lb_rd_set_field(err, name);
			return LB_EHEADER;
		}
		r->colfield[i] = fi >= 0 ? fi : -1;
		if (fi >= 0)
			for (size_t j = 0; j < i; j++)
				if (r->colfield[j] == fi) {
					lb_err_set(err, LB_EHEADER, r->name, hl,
					           _("columns '%s' and '%s' both map to field %s (use --map)"),
					           r->colnames.v[j], name, s->f[fi].id);
					lb_rd_set_field(err, name);
					return LB_EHEADER;
				}
		if (fi == -1 && lb_rd_blank_text(name))
			lb_diags_add(&r->notes, r->name, hl, name, LB_WARNING, "unknown-column", "",
			             _("column %zu has no header text; kept as an extra column"), i + 1);
		else if (fi == -1)
			lb_diags_add(&r->notes, r->name, hl, name, LB_WARNING, "unknown-column", "",
			             _("not a known field; kept as an extra column"));
	}
	return 0;
}

/* Every --map field must be in the chosen schema. */
int
lb_rd_check_maps(struct lb_reader *r, struct lb_err *err)
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
		const char *c = lb_rd_row_cell(w, i);
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
		rc = lb_rd_read_row(r, w, 1, err);
		if (rc < 0) {
			lb_rd_row_fini(w);
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
			lb_rd_row_fini(w);
			break;
		}
		r->npre++;
		if (lb_rd_row_blank(w))
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
	h->s = lb_rd_best_schema(r, h->names.v, h->names.n, &sc);
	if (!h->s) {
		struct score a = lb_rd_score_names(r, r->rs, h->names.v, h->names.n);
		struct score b = lb_rd_score_names(r, r->as, h->names.v, h->names.n);
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
		s_a = lb_rd_best_schema(r, a.v, a.n, &sa);
		if (!s_a) {
			lb_strv_fini(&a);
			continue;
		}
		/* A row of group labels over the header (this row over
		 * the next), or this row under a row of labels. */
		if (k + 1 < h->m) {
			combine(r, s_a, &r->pre[idx[k]], &r->pre[idx[k + 1]], &b);
			s_b = lb_rd_best_schema(r, b.v, b.n, &sb);
		}
		if (k > 0) {
			combine(r, s_a, &r->pre[idx[k - 1]], &r->pre[idx[k]], &c);
			s_c = lb_rd_best_schema(r, c.v, c.n, &scc);
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
			int q = qualifies(lb_rd_score_names(r, other, a.v, a.n));
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
		struct score x = lb_rd_score_names(r, r->rs, a.v, a.n);
		struct score y = lb_rd_score_names(r, r->as, a.v, a.n);
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
	rc = lb_rd_set_columns(r, h->s, &h->names, r->pre[idx[hi]].line, err);
	lb_strv_fini(&h->names);
	if (rc == 0)
		rc = lb_rd_check_maps(r, err);
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
		lb_rd_note_title(r, w, "title-row", _("title row above the header skipped"));
	}
	/* The rows read ahead that follow the header are served first. */
	r->pi = idx[hi] + 1;
	return 0;
}

int
lb_rd_find_header(struct lb_reader *r, struct lb_err *err)
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
		if (!lb_rd_row_blank(&r->pre[i]))
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
