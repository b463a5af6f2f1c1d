/*
 * reader_yaml.c — YAML data files (see reader.c): read whole, parsed with
 * libyaml's event API into rows, one per record, with the line each
 * record starts on and its bytes.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"

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
		if ((rc = lb_rd_dec_fill(r, err)) < 0)
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
			lb_rd_set_field(err, y->key);
			break;
		}
	if (rc == 0)
		lb_rd_row_addcell(y->w, v, vl, c);
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
	const struct lb_schema *s = lb_rd_best_schema(r, cols->v, cols->n, &sc);
	int rc;

	if (!s) {
		struct score a = lb_rd_score_names(r, r->rs, cols->v, cols->n);
		struct score b = lb_rd_score_names(r, r->as, cols->v, cols->n);
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
	rc = lb_rd_set_columns(r, s, cols, 0, err);
	if (rc == 0)
		rc = lb_rd_check_maps(r, err);
	/* lb_rd_set_columns drops trailing nameless columns; YAML has none. */
	if (r->o.keep_raw)
		lb_buf_add(&r->hraw, r->ytext.s, r->npre ? r->pre[0].yraw0 : 0);
	r->pi = 0;
	return rc;
}

int
lb_rd_read_yaml(struct lb_reader *r, struct lb_err *err)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct ystate y;
	int rc;

	if ((rc = yaml_slurp(r, err)) < 0)
		return rc;
	if (lb_rd_blank_text(lb_buf_str(&r->ytext)))
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
