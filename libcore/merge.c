/*
 * merge.c — merging rosters and activity logs held as one lb_table.
 * The rules are in merge.h; lb-merge(1) is the user's account of them.
 *
 * Memory: nothing of the table is copied. The merge adds an index array
 * (one size_t per row, plus the same again while sorting), the conflict
 * candidates, and an arena for united sets and FILE:LINE lists.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "merge.h"
#include "util.h"
#include "value.h"

/* ---- helpers ----------------------------------------------------------- */

/* A canonical date; anything else ranks as no date. */
static int
is_date(const char *s)
{
	return lb_date_parse_iso(s) != LB_NODATE;
}

static const char *
datekey(const char *s)
{
	return is_date(s) ? s : "";
}

const char *
lb_prefer_name(enum lb_prefer p)
{
	switch (p) {
	case LB_PREFER_FIRST: return "first";
	case LB_PREFER_LAST: return "last";
	default: return "newest";
	}
}

int
lb_prefer_parse(const char *s)
{
	if (strcmp(s, "newest") == 0)
		return LB_PREFER_NEWEST;
	if (strcmp(s, "first") == 0)
		return LB_PREFER_FIRST;
	if (strcmp(s, "last") == 0)
		return LB_PREFER_LAST;
	return -1;
}

size_t
lb_merge_ncols(const struct lb_merge *m)
{
	return m->t->schema->n + m->t->extras.n;
}

const char *
lb_merge_colname(const struct lb_merge *m, size_t col)
{
	const struct lb_schema *s = m->t->schema;
	return col < s->n ? s->f[col].id : m->t->extras.v[col - s->n];
}

int
lb_merge_school_owned(const struct lb_schema *s, size_t fi)
{
	static const int k[] = { LB_R_SCHOOL, LB_R_GRADE, LB_R_CLASS, LB_R_STUDENT_NO,
	                         LB_R_HEAD_TEACHER, LB_R_MENTOR, LB_R_MENTOR_PHONE };
	size_t i;

	if (s->kind != LB_KIND_ROSTER)
		return 0;
	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		if ((size_t)LB_FI(s, k[i]) == fi)
			return 1;
	return 0;
}

static void
add_source(struct lb_buf *b, const struct lb_row *r)
{
	if (b->len)
		lb_buf_addc(b, ';');
	lb_buf_printf(b, "%s:%ld", r->file, r->line);
}

/* ---- roster ------------------------------------------------------------ */

struct rctx {
	const struct lb_table *t;
	size_t id, upd, arc;
	enum lb_prefer prefer;
};

static int
cmp_id(const void *vc, size_t a, size_t b)
{
	const struct rctx *c = vc;
	return strcmp(c->t->rows[a].v[c->id], c->t->rows[b].v[c->id]);
}

/* Negative when a ranks before (is preferred to) b. */
static int
cmp_rank(const void *vc, size_t a, size_t b)
{
	const struct rctx *c = vc;
	int d;

	if (c->prefer == LB_PREFER_FIRST)
		return a < b ? -1 : a > b;
	if (c->prefer == LB_PREFER_NEWEST) {
		const struct lb_row *ra = &c->t->rows[a], *rb = &c->t->rows[b];
		if ((d = strcmp(datekey(rb->v[c->upd]), datekey(ra->v[c->upd]))) != 0)
			return d;
		if ((d = strcmp(datekey(rb->v[c->arc]), datekey(ra->v[c->arc]))) != 0)
			return d;
	}
	return a > b ? -1 : a < b;
}

/* Equal in the dates that rank rows under newest. */
static int
same_dates(const struct rctx *c, size_t a, size_t b)
{
	const struct lb_row *ra = &c->t->rows[a], *rb = &c->t->rows[b];
	return strcmp(datekey(ra->v[c->upd]), datekey(rb->v[c->upd])) == 0
	    && strcmp(datekey(ra->v[c->arc]), datekey(rb->v[c->arc])) == 0;
}

struct member {
	const char *s;
	size_t len;
};

static int
cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int d = memcmp(x->s, y->s, n);
	return d ? d : (x->len > y->len) - (x->len < y->len);
}

/* The union of the set values of column col over rows g[0..k-1]. */
static const char *
set_union(struct lb_merge *m, const struct lb_field *f, size_t col,
          const size_t *g, size_t k)
{
	const struct lb_table *t = m->t;
	char *known = lb_xcalloc(f->nvalues + 1, 1);
	struct member *unk = NULL;
	size_t nunk = 0, capunk = 0, i, j;
	struct lb_buf b = LB_BUF_INIT;
	const char *res = "";

	for (i = 0; i < k; i++) {
		const char *p = t->rows[g[i]].v[col];
		while (*p) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char *one = lb_xstrndup(p, len);
			int vi = len ? lb_schema_value_index(f, one) : -2;
			free(one);
			if (vi >= 0) {
				known[vi] = 1;
			} else if (vi == -1) {
				unk = lb_xgrow(unk, &capunk, nunk + 1, sizeof *unk);
				unk[nunk].s = p;
				unk[nunk++].len = len;
			}
			p += len;
			if (*p == ';')
				p++;
		}
	}
	for (i = 0; i < f->nvalues; i++)
		if (known[i]) {
			if (b.len)
				lb_buf_addc(&b, ';');
			lb_buf_adds(&b, f->values[i]);
		}
	if (nunk)
		qsort(unk, nunk, sizeof *unk, cmp_member);
	for (i = 0; i < nunk; i++) {
		if (i && cmp_member(&unk[i - 1], &unk[i]) == 0)
			continue;
		if (b.len)
			lb_buf_addc(&b, ';');
		lb_buf_add(&b, unk[i].s, unk[i].len);
	}
	/* Point at an input's value when one already is the union. */
	for (j = 0; j < k; j++)
		if (strcmp(t->rows[g[j]].v[col], lb_buf_str(&b)) == 0) {
			res = t->rows[g[j]].v[col];
			break;
		}
	if (j == k)
		res = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
	lb_buf_fini(&b);
	free(unk);
	free(known);
	return res;
}

static struct lb_conflict *
add_conflict(struct lb_merge *m)
{
	m->c = lb_xgrow(m->c, &m->ccap, m->nc + 1, sizeof *m->c);
	memset(&m->c[m->nc], 0, sizeof *m->c);
	return &m->c[m->nc++];
}

/* Scratch space for one group, reused. */
struct gscratch {
	size_t *ranked, *cand;     /* cand: the best-ranked row of each candidate */
	const char **candv;
	char *contrib;
	size_t cap;
};

static void
gs_reserve(struct gscratch *s, size_t k)
{
	if (k <= s->cap)
		return;
	s->cap = k;
	s->ranked = lb_xrealloc(s->ranked, k * sizeof *s->ranked);
	s->cand = lb_xrealloc(s->cand, k * sizeof *s->cand);
	s->candv = lb_xrealloc(s->candv, k * sizeof *s->candv);
	s->contrib = lb_xrealloc(s->contrib, k);
}

/*
 * Merge the rows g[0..k-1] (input order, one child_id) into the best-ranked
 * one; append it to m->out.
 */
static void
merge_group(struct lb_merge *m, const struct rctx *rc, const size_t *g, size_t k,
            struct gscratch *gs)
{
	struct lb_table *t = m->t;
	const struct lb_schema *s = t->schema;
	size_t ncols = lb_merge_ncols(m), col, i, j, base, swin = (size_t)-1;
	size_t school = (size_t)LB_FI(s, LB_R_SCHOOL);
	int transfer = 0;
	struct lb_buf b = LB_BUF_INIT;

	gs_reserve(gs, k);
	memcpy(gs->ranked, g, k * sizeof *g);
	lb_sort_idx(gs->ranked, k, cmp_rank, rc);
	base = gs->ranked[0];
	memset(gs->contrib, 0, k);

	/* A transfer: two or more different schools. The winner of the
	 * school-owned fields is the best-ranked row that names a school. */
	for (i = 0; i < k; i++) {
		const char *v = t->rows[gs->ranked[i]].v[school];
		if (!*v)
			continue;
		if (swin == (size_t)-1)
			swin = gs->ranked[i];
		else if (strcmp(v, t->rows[swin].v[school]) != 0)
			transfer = 1;
	}

	for (col = 0; col < ncols; col++) {
		const struct lb_field *f = col < s->n ? &s->f[col] : NULL;
		const char *chosen = NULL;
		size_t crow = (size_t)-1, nc = 0;

		if (col == rc->id)
			continue;
		if (f && f->type == LB_T_SET) {
			chosen = set_union(m, f, col, g, k);
			for (i = 0; i < k; i++)
				if (*t->rows[g[i]].v[col])
					gs->contrib[i] = 1;
			t->rows[base].v[col] = (char *)chosen;
			continue;
		}
		if (col == rc->upd) {
			int alldates = 1;
			for (i = 0; i < k; i++) {
				const char *v = t->rows[g[i]].v[col];
				if (*v && !is_date(v))
					alldates = 0;
				else if (*v && (!chosen || strcmp(v, chosen) > 0))
					chosen = v;
			}
			if (alldates) {
				if (!chosen)
					chosen = "";
				for (i = 0; i < k; i++)
					if (*chosen && strcmp(t->rows[g[i]].v[col], chosen) == 0)
						gs->contrib[i] = 1;
				t->rows[base].v[col] = (char *)chosen;
				continue;
			}
			chosen = NULL;
		}
		if (transfer && f && lb_merge_school_owned(s, col)) {
			crow = swin;
			chosen = t->rows[swin].v[col];
		} else {
			for (i = 0; i < k; i++)
				if (*t->rows[gs->ranked[i]].v[col]) {
					crow = gs->ranked[i];
					chosen = t->rows[crow].v[col];
					break;
				}
			if (!chosen)   /* empty everywhere */
				continue;
		}
		/* The candidates: chosen first, then the other values in rank
		 * order ("" only when it is the chosen one). */
		gs->cand[nc] = crow;
		gs->candv[nc++] = chosen;
		for (i = 0; i < k; i++) {
			size_t r = gs->ranked[i];
			const char *v = t->rows[r].v[col];
			if (!*v)
				continue;
			for (j = 0; j < nc && strcmp(gs->candv[j], v) != 0; j++)
				;
			if (j == nc) {
				gs->cand[nc] = r;
				gs->candv[nc++] = v;
			}
		}
		for (i = 0; i < k; i++)
			if (*chosen && strcmp(t->rows[g[i]].v[col], chosen) == 0)
				gs->contrib[i] = 1;
		if (nc > 1) {
			m->conflicts++;
			if (rc->prefer == LB_PREFER_NEWEST && same_dates(rc, crow, gs->cand[1]))
				m->by_position++;
			for (j = 0; j < nc; j++) {
				struct lb_conflict *c = add_conflict(m);
				c->child_id = t->rows[base].v[rc->id];
				c->col = col;
				c->chosen = j == 0;
				c->value = gs->candv[j];
				c->row = gs->cand[j];
				lb_buf_clear(&b);
				for (i = 0; i < k; i++)
					if (strcmp(t->rows[g[i]].v[col], gs->candv[j]) == 0)
						add_source(&b, &t->rows[g[i]]);
				c->source = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
			}
		}
		t->rows[base].v[col] = (char *)chosen;
	}

	if (m->src) {
		lb_buf_clear(&b);
		for (i = 0; i < k; i++)
			if (gs->contrib[i])
				add_source(&b, &t->rows[g[i]]);
		if (!b.len)
			add_source(&b, &t->rows[base]);
		m->src[m->nout] = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
	}
	m->out[m->nout++] = base;
	m->merged += k - 1;
	lb_buf_fini(&b);
}

static void
merge_roster(struct lb_merge *m, const struct lb_merge_opts *o)
{
	struct lb_table *t = m->t;
	const struct lb_schema *s = t->schema;
	struct rctx rc;
	struct gscratch gs = {0};
	size_t *idx = lb_xmalloc((t->n + 1) * sizeof *idx), nid = 0, i, j;
	size_t *noid = NULL, nno = 0, capno = 0;

	rc.t = t;
	rc.id = (size_t)LB_FI(s, LB_R_CHILD_ID);
	rc.upd = (size_t)LB_FI(s, LB_R_UPDATED_ON);
	rc.arc = (size_t)LB_FI(s, LB_R_ARCHIVED_ON);
	rc.prefer = o->prefer;

	for (i = 0; i < t->n; i++) {
		const char *id = t->rows[i].v[rc.id];
		struct lb_idinfo info;
		if (*id && lb_idcard_check(id, LB_NODATE, &info) == LB_ID_OK) {
			idx[nid++] = i;
			continue;
		}
		noid = lb_xgrow(noid, &capno, nno + 1, sizeof *noid);
		noid[nno++] = i;
		lb_diags_add(&m->notes, t->rows[i].file, t->rows[i].line,
		             s->f[rc.id].id, LB_WARNING, "no-id", id, "%s",
		             *id ? _("child_id is not a valid identity number: record kept as it is, not merged")
		                 : _("no child_id: record kept as it is, not merged"));
	}
	lb_sort_idx(idx, nid, cmp_id, &rc);   /* stable: input order within a child */

	for (i = 0; i < nid; i = j) {
		for (j = i + 1; j < nid && cmp_id(&rc, idx[i], idx[j]) == 0; j++)
			;
		merge_group(m, &rc, idx + i, j - i, &gs);
	}
	for (i = 0; i < nno; i++) {
		if (m->src) {
			struct lb_buf b = LB_BUF_INIT;
			add_source(&b, &t->rows[noid[i]]);
			m->src[m->nout] = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
			lb_buf_fini(&b);
		}
		m->out[m->nout++] = noid[i];
	}
	m->noid = nno;
	free(gs.ranked);
	free(gs.cand);
	free(gs.candv);
	free(gs.contrib);
	free(noid);
	free(idx);
}

/* ---- activity logs ----------------------------------------------------- */

struct actx {
	const struct lb_table *t;
	size_t date, id, ncols;
};

static int
cmp_whole(const struct actx *c, size_t a, size_t b)
{
	char **va = c->t->rows[a].v, **vb = c->t->rows[b].v;
	size_t i;
	int d;

	for (i = 0; i < c->ncols; i++)
		if ((d = strcmp(va[i], vb[i])) != 0)
			return d;
	return 0;
}

static int
cmp_activity(const void *vc, size_t a, size_t b)
{
	const struct actx *c = vc;
	char **va = c->t->rows[a].v, **vb = c->t->rows[b].v;
	int d;

	if ((d = strcmp(va[c->date], vb[c->date])) != 0)
		return d;
	if ((d = strcmp(va[c->id], vb[c->id])) != 0)
		return d;
	return cmp_whole(c, a, b);
}

static void
merge_activity(struct lb_merge *m)
{
	struct lb_table *t = m->t;
	struct actx ac;
	size_t *idx = lb_xmalloc((t->n + 1) * sizeof *idx), i, j;
	struct lb_buf b = LB_BUF_INIT;

	ac.t = t;
	ac.date = (size_t)LB_FI(t->schema, LB_A_DATE);
	ac.id = (size_t)LB_FI(t->schema, LB_A_CHILD_ID);
	ac.ncols = lb_merge_ncols(m);
	for (i = 0; i < t->n; i++)
		idx[i] = i;
	lb_sort_idx(idx, t->n, cmp_activity, &ac);   /* stable: copies in input order */
	for (i = 0; i < t->n; i = j) {
		lb_buf_clear(&b);
		for (j = i; j < t->n && (j == i || cmp_whole(&ac, idx[i], idx[j]) == 0); j++)
			add_source(&b, &t->rows[idx[j]]);
		if (m->src)
			m->src[m->nout] = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
		m->out[m->nout++] = idx[i];
		m->merged += j - i - 1;
	}
	lb_buf_fini(&b);
	free(idx);
}

/* ---- the entry points -------------------------------------------------- */

int
lb_merge_run(struct lb_merge *m, struct lb_table *t, const struct lb_merge_opts *o)
{
	static const struct lb_merge_opts def;

	if (!o)
		o = &def;
	memset(m, 0, sizeof *m);
	m->t = t;
	m->in = t->n;
	m->out = lb_xmalloc((t->n + 1) * sizeof *m->out);
	if (o->sources)
		m->src = lb_xcalloc(t->n + 1, sizeof *m->src);
	if (t->schema->kind == LB_KIND_ACTIVITY)
		merge_activity(m);
	else
		merge_roster(m, o);
	return 0;
}

void
lb_merge_fini(struct lb_merge *m)
{
	if (!m)
		return;
	lb_arena_fini(&m->arena);
	free(m->out);
	free(m->src);
	free(m->c);
	lb_diags_fini(&m->notes);
	memset(m, 0, sizeof *m);
}
