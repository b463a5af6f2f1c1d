/*
 * merge.c — merging rosters and activity logs held as one lb_table.
 * The rules are in merge.h; lb-merge(1) is the user's account of them.
 *
 * Memory: nothing of the table is copied. The merge adds an index array
 * (one size_t per row, plus the same again while sorting), the conflict
 * candidates, and an arena for united sets and FILE:LINE lists. A spilled
 * table (lb_table_spill) is sorted by the keys in memory; each group's rows
 * are read back one group at a time (load_group), merged as rows in memory
 * are, and the merged record written back when it changed (unload_group).
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

/* A row's child_id: in memory, or the key of a spilled row. */
static const char *
row_id(const struct rctx *c, size_t i)
{
	const struct lb_row *r = &c->t->rows[i];
	return r->v ? r->v[c->id] : r->key;
}

static int
cmp_id(const void *vc, size_t a, size_t b)
{
	const struct rctx *c = vc;
	return strcmp(row_id(c, a), row_id(c, b));
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

/* The union of the set values of column col over rows g[0..k-1]: an input
 * value when one already is the union, else a new string (in the merge's
 * arena; or in *keep when not NULL, valid until its next use). */
static const char *
set_union(struct lb_merge *m, const struct lb_field *f, size_t col,
          const size_t *g, size_t k, struct lb_buf *keep)
{
	const struct lb_table *t = m->t;
	char kbuf[64], mbuf[128];   /* the usual sizes: no allocation per value */
	char *known = f->nvalues < sizeof kbuf ? kbuf : lb_xmalloc(f->nvalues + 1);
	struct member *unk = NULL;
	size_t nunk = 0, capunk = 0, i, j;
	struct lb_buf b = LB_BUF_INIT;
	const char *res = "";

	memset(known, 0, f->nvalues + 1);
	for (i = 0; i < k; i++) {
		const char *p = t->rows[g[i]].v[col];
		while (*p) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char *one = len < sizeof mbuf ? mbuf : lb_xmalloc(len + 1);
			int vi;
			memcpy(one, p, len);
			one[len] = '\0';
			vi = len ? lb_schema_value_index(f, one) : -2;
			if (one != mbuf)
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
	if (j == k && keep) {
		lb_buf_clear(keep);
		lb_buf_add(keep, lb_buf_str(&b), b.len);
		res = lb_buf_str(keep);
	} else if (j == k) {
		res = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
	}
	lb_buf_fini(&b);
	free(unk);
	if (known != kbuf)
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

/* ---- joined free text (merge: join) ------------------------------------ */

#define J_OPEN  "\xe3\x80\x94"   /* 〔 */
#define J_CLOSE "\xe3\x80\x95"   /* 〕 */
#define J_SEP   "\xef\xbc\x9b"   /* ； */
#define J_LEN   3                /* each is 3 bytes of UTF-8 */

/* s[0..n) is a FILE:LINE list: items joined with ';', each a non-empty
 * file name, ':', and a line number (1 to 18 digits, no leading 0). */
static int
is_srclist(const char *s, size_t n)
{
	const char *e = s + n;

	if (!n)
		return 0;
	while (s < e) {
		const char *end = memchr(s, ';', (size_t)(e - s)), *c, *d;
		if (!end)
			end = e;
		for (c = end; c > s && c[-1] != ':'; c--)
			;
		if (c == end || c - 1 <= s || *c == '0' || end - c > 18)
			return 0;   /* no digits, no file name, a leading 0, too long */
		for (d = c; d < end; d++)
			if (*d < '0' || *d > '9')
				return 0;
		if (end < e && end + 1 == e)   /* a trailing ';' */
			return 0;
		s = end < e ? end + 1 : e;
	}
	return 1;
}

/*
 * The next part TEXT〔FILE:LINE;…〕 of a joined value at *pp, parts joined
 * with '；'. 1 and the part (text, sources), advancing *pp; 0 at the end;
 * -1 when what is left is not a part (the value is plain text). One pass:
 * the sources of a part follow its last 〔 with no 〕 between, so each
 * byte is looked at a bounded number of times, whatever the value holds.
 */
static int
next_part(const char **pp, const char **text, size_t *tlen, const char **src, size_t *slen)
{
	const char *p = *pp, *q, *o = NULL;

	if (!*p)
		return 0;
	for (q = p; *q; q++) {
		const char *after;
		if (strncmp(q, J_OPEN, J_LEN) == 0) {
			o = q;
			continue;
		}
		if (strncmp(q, J_CLOSE, J_LEN) != 0)
			continue;
		after = q + J_LEN;
		if (o && o > p && (!*after || (strncmp(after, J_SEP, J_LEN) == 0 && after[J_LEN]))
		    && is_srclist(o + J_LEN, (size_t)(q - o - J_LEN))) {
			*text = p;
			*tlen = (size_t)(o - p);
			*src = o + J_LEN;
			*slen = (size_t)(q - o - J_LEN);
			*pp = *after ? after + J_LEN : after;
			return 1;
		}
		o = NULL;   /* sources hold no 〕 */
	}
	return -1;
}

/* 1 if the whole of v is parts. */
static int
is_joined(const char *v)
{
	const char *t, *s;
	size_t tl, sl;
	int r;

	while ((r = next_part(&v, &t, &tl, &s, &sl)) == 1)
		;
	return r == 0;
}

/* One source of one text: a row's own FILE:LINE, or one recorded in a
 * joined value. */
struct jitem {
	const char *s, *file;
	size_t len, flen;
	long line;
	size_t rank, part;       /* its row's place in rank order; the part's in the value */
	size_t row;
};

static int
cmp_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	int d = memcmp(a, b, na < nb ? na : nb);
	return d ? d : (na > nb) - (na < nb);
}

static int
cmp_jitem(const void *va, const void *vb)
{
	const struct jitem *a = va, *b = vb;
	int d;

	if ((d = cmp_bytes(a->s, a->len, b->s, b->len)) != 0)
		return d;
	if ((d = cmp_bytes(a->file, a->flen, b->file, b->flen)) != 0)
		return d;
	return (a->line > b->line) - (a->line < b->line);
}

/* A distinct text: items[first..first+n), and where it ranks. */
struct jgroup {
	size_t first, n, rank, part, row;
};

static int
cmp_jgroup(const void *va, const void *vb)
{
	const struct jgroup *a = va, *b = vb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return (a->part > b->part) - (a->part < b->part);
}

static struct jitem *
jpush(struct jitem **v, size_t *n, size_t *cap)
{
	*v = lb_xgrow(*v, cap, *n + 1, sizeof **v);
	return &(*v)[(*n)++];
}

/*
 * A merge: join field col of the rows g[0..k-1] (ranked: the same rows in
 * rank order). When they hold two or more different values, the joined
 * value goes into the base row, every row holding a value contributed, and
 * 1 is returned; otherwise 0 (the usual rules apply: equal values merge).
 */
static int
join_field(struct lb_merge *m, const struct rctx *rc, size_t col, const size_t *g,
           const size_t *ranked, size_t k, char *contrib, size_t base)
{
	const struct lb_table *t = m->t;
	const char *first = NULL;
	struct jitem *it = NULL;
	struct jgroup *gr = NULL;
	size_t n = 0, cap = 0, ng = 0, gcap = 0, i, j;
	struct lb_buf b = LB_BUF_INIT;
	int differ = 0, tie = 0;

	for (i = 0; i < k && !differ; i++) {
		const char *v = t->rows[g[i]].v[col];
		if (!*v)
			continue;
		if (!first)
			first = v;
		else if (strcmp(first, v) != 0)
			differ = 1;
	}
	if (!differ)
		return 0;

	for (i = 0; i < k; i++) {
		const struct lb_row *r = &t->rows[ranked[i]];
		const char *v = r->v[col], *text, *src;
		size_t tl, sl, part = 0;

		if (!*v)
			continue;
		if (!is_joined(v)) {
			struct jitem *x = jpush(&it, &n, &cap);
			x->s = v;
			x->len = strlen(v);
			x->file = r->file;
			x->flen = strlen(r->file);
			x->line = r->line;
			x->rank = i;
			x->part = 0;
			x->row = ranked[i];
			continue;
		}
		while (next_part(&v, &text, &tl, &src, &sl) == 1) {
			const char *e = src + sl;
			while (src < e) {
				const char *end = memchr(src, ';', (size_t)(e - src)), *c;
				struct jitem *x = jpush(&it, &n, &cap);
				if (!end)
					end = e;
				for (c = end; c[-1] != ':'; c--)
					;
				x->s = text;
				x->len = tl;
				x->file = src;
				x->flen = (size_t)(c - 1 - src);
				x->line = strtol(c, NULL, 10);
				x->rank = i;
				x->part = part;
				x->row = ranked[i];
				src = end < e ? end + 1 : e;
			}
			part++;
		}
	}

	/* the distinct texts, each with its sources once */
	qsort(it, n, sizeof *it, cmp_jitem);
	for (i = 0; i < n; i = j) {
		struct jgroup *x;
		gr = lb_xgrow(gr, &gcap, ng + 1, sizeof *gr);
		x = &gr[ng++];
		x->first = i;
		x->rank = it[i].rank;
		x->part = it[i].part;
		x->row = it[i].row;
		for (j = i + 1; j < n && cmp_bytes(it[i].s, it[i].len, it[j].s, it[j].len) == 0; j++)
			if (it[j].rank < x->rank || (it[j].rank == x->rank && it[j].part < x->part)) {
				x->rank = it[j].rank;
				x->part = it[j].part;
				x->row = it[j].row;
			}
		x->n = j - i;
	}
	qsort(gr, ng, sizeof *gr, cmp_jgroup);

	if (ng == 1) {
		/* one text, recorded with sources in one value only: the text */
		lb_buf_add(&b, it[0].s, it[0].len);
	} else {
		for (i = 0; i < ng; i++) {
			const struct jitem *x = &it[gr[i].first];
			if (i)
				lb_buf_adds(&b, J_SEP);
			lb_buf_add(&b, x->s, x->len);
			lb_buf_adds(&b, J_OPEN);
			for (j = 0; j < gr[i].n; j++) {
				const struct jitem *y = &x[j];
				if (j && cmp_jitem(y - 1, y) == 0)
					continue;
				if (j)
					lb_buf_addc(&b, ';');
				lb_buf_printf(&b, "%.*s:%ld", (int)y->flen, y->file, y->line);
			}
			lb_buf_adds(&b, J_CLOSE);
			if (i && rc->prefer == LB_PREFER_NEWEST && gr[i - 1].row != gr[i].row
			    && same_dates(rc, gr[i - 1].row, gr[i].row))
				tie = 1;
		}
		m->joined++;
		m->joined_by_position += tie;
	}
	for (i = 0; i < k; i++)
		if (*t->rows[g[i]].v[col])
			contrib[i] = 1;
	m->t->rows[base].v[col] = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
	lb_buf_fini(&b);
	free(gr);
	free(it);
	return 1;
}

/* ---- transfers --------------------------------------------------------- */

/* Rank positions of one group compared by their rows' school. */
struct sctx {
	const struct lb_table *t;
	const size_t *ranked;
	size_t col;
};

static int
cmp_school(const void *vc, size_t a, size_t b)
{
	const struct sctx *c = vc;
	return strcmp(c->t->rows[c->ranked[a]].v[c->col], c->t->rows[c->ranked[b]].v[c->col]);
}

static int
cmp_pos(const void *vc, size_t a, size_t b)
{
	(void)vc;
	return (a > b) - (a < b);
}

/* Indices x of p compared by p[x]. */
static int
cmp_at(const void *vc, size_t a, size_t b)
{
	const size_t *p = vc;
	return (p[a] > p[b]) - (p[a] < p[b]);
}

/* FILE:LINE of the rows r[0..n-1] in input order, ';'-joined (sorts r). */
static const char *
sources_list(struct lb_merge *m, size_t *r, size_t n)
{
	struct lb_buf b = LB_BUF_INIT;
	const char *s;

	lb_sort_idx(r, n, cmp_pos, NULL);   /* a row's index is its position */
	for (size_t i = 0; i < n; i++)
		add_source(&b, &m->t->rows[r[i]]);
	s = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
	lb_buf_fini(&b);
	return s;
}

/*
 * The group (ranked: its rows in rank order) names two or more schools;
 * swin is the winner's row. One transfer per other school, from its
 * best-ranked row, read before the merge writes into the base row; the
 * schools in the rank order of those rows. O(k log k), however many copies
 * and schools a child has.
 */
static void
note_transfers(struct lb_merge *m, const struct rctx *rc, const size_t *ranked, size_t k,
               size_t swin)
{
	const struct lb_table *t = m->t;
	struct sctx sc;
	size_t *p = lb_xmalloc(k * sizeof *p), *rows = lb_xmalloc(k * sizeof *rows);
	size_t *start = lb_xmalloc(k * sizeof *start), n = 0, ng = 0, nr = 0, i, j;
	const char *ns, *nsrc;

	sc.t = t;
	sc.ranked = ranked;
	sc.col = (size_t)LB_FI(t->schema, LB_R_SCHOOL);
	ns = t->rows[swin].v[sc.col];
	for (i = 0; i < k; i++) {
		const char *v = t->rows[ranked[i]].v[sc.col];
		if (strcmp(v, ns) == 0)
			rows[nr++] = ranked[i];
		else if (*v)
			p[n++] = i;
	}
	nsrc = sources_list(m, rows, nr);
	/* by school, rank order within (a stable sort of rank positions) */
	lb_sort_idx(p, n, cmp_school, &sc);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && cmp_school(&sc, p[i], p[j]) == 0; j++)
			;
		start[ng++] = i;
	}
	/* the schools in the rank order of their best rows */
	lb_sort_idx(start, ng, cmp_at, p);
	for (i = 0; i < ng; i++) {
		size_t s0 = start[i], row = ranked[p[s0]];
		struct lb_transfer *x;
		for (nr = 0, j = s0; j < n && (j == s0 || cmp_school(&sc, p[s0], p[j]) == 0); j++)
			rows[nr++] = ranked[p[j]];
		m->tr = lb_xgrow(m->tr, &m->trcap, m->ntr + 1, sizeof *m->tr);
		x = &m->tr[m->ntr++];
		x->child_id = t->rows[row].v[rc->id];
		x->name = "";
		x->old_school = t->rows[row].v[sc.col];
		x->new_school = ns;
		x->old_updated_on = t->rows[row].v[rc->upd];
		x->old_archived_on = t->rows[row].v[rc->arc];
		x->new_updated_on = t->rows[swin].v[rc->upd];
		x->new_archived_on = t->rows[swin].v[rc->arc];
		x->old_source = sources_list(m, rows, nr);
		x->new_source = nsrc;
	}
	m->moved++;
	free(start);
	free(rows);
	free(p);
}

/* Scratch space for one group, reused. */
struct gscratch {
	size_t *ranked, *cand;     /* cand: the best-ranked row of each candidate */
	const char **candv;
	char *contrib;
	size_t cap;
	/* a spilled table: the group's rows read back, one buffer each, and
	 * the base row's values as read */
	struct lb_rowbuf *rb;
	size_t nrb;
	char **basev;
	size_t basecap;
};

/* One group's values grouped: order[] the g-indices sorted by value; a
 * value's rows are order[gstart .. gstart + glen); gbest its best rank;
 * cgrp[j] the group of candidate j ((size_t)-1: rows with an empty value). */
struct gwork {
	size_t *order, *rankpos, *gstart, *glen, *gbest, *glist, *cgrp;
};

struct gvctx {
	const struct lb_table *t;
	const size_t *g;
	size_t col;
};

static int
cmp_gval(const void *vc, size_t a, size_t b)
{
	const struct gvctx *c = vc;
	return strcmp(c->t->rows[c->g[a]].v[c->col], c->t->rows[c->g[b]].v[c->col]);
}

static int
cmp_gbest(const void *vc, size_t a, size_t b)
{
	const size_t *best = vc;
	return best[a] < best[b] ? -1 : best[a] > best[b];
}

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

/* Column col of group g[0..k) (ranked in gs->ranked, rank positions in
 * gw): chosen (from row crow) is the merged value; every other value is a
 * conflict, listed with the rows that hold it (sources in b); the rows
 * that hold chosen contributed. */
static void
merge_value(struct lb_merge *m, const struct rctx *rc, const size_t *g, size_t k,
            struct gscratch *gs, struct gwork *gw, size_t col, size_t crow, const char *chosen,
            size_t base, struct lb_buf *b)
{
	struct lb_table *t = m->t;
	size_t i, j, nc = 0;

	/* The candidates: chosen first, then the other values in rank
	 * order ("" only when it is the chosen one). The rows are sorted
	 * by value (stable: input order within a value) to group equal
	 * values: 20,000 copies of one child with different notes were
	 * quadratic compared pairwise. */
	struct gvctx vc = {t, g, col};
	size_t np = 0, ng = 0, a, bnd;
	for (i = 0; i < k; i++)
		if (*t->rows[g[i]].v[col])
			gw->order[np++] = i;
	lb_sort_idx(gw->order, np, cmp_gval, &vc);
	for (a = 0; a < np; a = bnd) {
		size_t best = gw->rankpos[gw->order[a]];
		for (bnd = a + 1; bnd < np && cmp_gval(&vc, gw->order[a], gw->order[bnd]) == 0; bnd++)
			if (gw->rankpos[gw->order[bnd]] < best)
				best = gw->rankpos[gw->order[bnd]];
		gw->gstart[ng] = a;
		gw->glen[ng] = bnd - a;
		gw->gbest[ng] = best;
		gw->glist[ng] = ng;
		ng++;
	}
	gs->cand[nc] = crow;
	gw->cgrp[nc] = (size_t)-1;
	gs->candv[nc++] = chosen;
	lb_sort_idx(gw->glist, ng, cmp_gbest, gw->gbest);
	for (j = 0; j < ng; j++) {
		size_t q = gw->glist[j];
		const char *v = t->rows[g[gw->order[gw->gstart[q]]]].v[col];
		if (!strcmp(v, chosen)) {
			gw->cgrp[0] = q;
			continue;
		}
		gs->cand[nc] = gs->ranked[gw->gbest[q]];
		gw->cgrp[nc] = q;
		gs->candv[nc++] = v;
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
			lb_buf_clear(b);
			if (gw->cgrp[j] != (size_t)-1) {
				size_t q = gw->cgrp[j];
				for (i = 0; i < gw->glen[q]; i++)
					add_source(b, &t->rows[g[gw->order[gw->gstart[q] + i]]]);
			} else {
				for (i = 0; i < k; i++)
					if (strcmp(t->rows[g[i]].v[col], gs->candv[j]) == 0)
						add_source(b, &t->rows[g[i]]);
			}
			c->source = lb_arena_strndup(&m->arena, lb_buf_str(b), b->len);
		}
	}
}

/*
 * Merge the rows g[0..k-1] (input order, one child_id) into the best-ranked
 * one; append it to m->out.
 */
/* The sets of row i (values v) in the schema's order: the merge of a child
 * with one record. New strings in keep[col] (or the arena when NULL). */
static void
single_sets(struct lb_merge *m, size_t i, char **v, struct lb_buf *keep)
{
	struct lb_table *t = m->t;
	const struct lb_schema *s = t->schema;
	char **own = t->rows[i].v;

	t->rows[i].v = v;   /* set_union reads the row */
	for (size_t col = 0; col < s->n; col++)
		if ((s->f[col].type == LB_T_SET || s->f[col].type == LB_T_NAMES) && *v[col])
			v[col] = (char *)set_union(m, &s->f[col], col, &i, 1, keep ? &keep[col] : NULL);
	t->rows[i].v = own;
}

int
lb_merge_load(struct lb_merge *m, size_t r, struct lb_rowbuf *rb, char ***v, struct lb_err *err)
{
	if (lb_table_load(m->t, m->out[r], rb, v, err) < 0)
		return LB_EIO;
	if (m->single && m->single[r]) {
		if (!m->keep)
			m->keep = lb_xcalloc(m->t->schema->n, sizeof *m->keep);
		single_sets(m, m->out[r], *v, m->keep);
	}
	return 0;
}

/* A spilled table: read the rows g[0..k) back (their v point into gs's
 * buffers until unload_group). */
static int
load_group(struct lb_merge *m, const size_t *g, size_t k, struct gscratch *gs)
{
	struct lb_table *t = m->t;

	if (k > gs->nrb) {
		gs->rb = lb_xrealloc(gs->rb, k * sizeof *gs->rb);
		memset(gs->rb + gs->nrb, 0, (k - gs->nrb) * sizeof *gs->rb);
		gs->nrb = k;
	}
	for (size_t i = 0; i < k; i++) {
		char **v;
		if (lb_table_load(t, g[i], &gs->rb[i], &v, &m->err) < 0) {
			while (i--)
				t->rows[g[i]].v = NULL;
			return LB_EIO;
		}
		t->rows[g[i]].v = v;
	}
	return 0;
}

static const char *
keep(struct lb_merge *m, const char *s)
{
	return lb_arena_strdup(&m->arena, s);
}

/*
 * The end of a group of a spilled table: the merged record (when the merge
 * changed any value of the base row) written back to the spill; the
 * conflicts and transfers of the group (from c0, tr0) copied out of the
 * buffers the rows were read into; the rows spilled again.
 */
static int
unload_group(struct lb_merge *m, const size_t *g, size_t k, size_t base,
             struct gscratch *gs, size_t c0, size_t tr0)
{
	struct lb_table *t = m->t;
	size_t w = lb_merge_ncols(m), i;
	char **v = t->rows[base].v;
	int changed = 0;

	for (i = 0; i < w && !changed; i++)
		changed = v[i] != gs->basev[i] && strcmp(v[i], gs->basev[i]) != 0;

	for (i = c0; i < m->nc; i++) {
		m->c[i].child_id = keep(m, m->c[i].child_id);
		m->c[i].value = keep(m, m->c[i].value);
	}
	for (i = tr0; i < m->ntr; i++) {
		struct lb_transfer *x = &m->tr[i];
		x->child_id = keep(m, x->child_id);
		x->name = keep(m, x->name);
		x->old_school = keep(m, x->old_school);
		x->new_school = keep(m, x->new_school);
		x->old_updated_on = keep(m, x->old_updated_on);
		x->old_archived_on = keep(m, x->old_archived_on);
		x->new_updated_on = keep(m, x->new_updated_on);
		x->new_archived_on = keep(m, x->new_archived_on);
	}
	for (i = 0; i < k; i++)
		t->rows[g[i]].v = NULL;
	return changed ? lb_table_store(t, base, v, &m->err) : 0;
}

static int
merge_group(struct lb_merge *m, const struct rctx *rc, const size_t *g, size_t k,
            struct gscratch *gs)
{
	struct lb_table *t = m->t;
	const struct lb_schema *s = t->schema;
	size_t ncols = lb_merge_ncols(m), col, i, base, swin = (size_t)-1, tr0, c0 = m->nc;
	size_t school = (size_t)LB_FI(s, LB_R_SCHOOL);
	int transfer = 0, spilled = !t->rows[g[0]].v, rcode = 0;
	struct lb_buf b = LB_BUF_INIT;

	if (spilled && k > 1 && load_group(m, g, k, gs) < 0)
		return LB_EIO;
	gs_reserve(gs, k);
	memcpy(gs->ranked, g, k * sizeof *g);
	lb_sort_idx(gs->ranked, k, cmp_rank, rc);
	base = gs->ranked[0];
	if (spilled && k > 1) {
		if (ncols > gs->basecap) {
			gs->basecap = ncols;
			gs->basev = lb_xrealloc(gs->basev, ncols * sizeof *gs->basev);
		}
		memcpy(gs->basev, t->rows[base].v, ncols * sizeof *gs->basev);
	}
	if (k == 1) {
		/* One record (most children): what the rules below come to for
		 * it is its sets written in the schema's order, nothing else; for
		 * a spilled row, lb_merge_load does that when it reads it back,
		 * so that it is read once, not twice. */
		if (spilled)
			m->single[m->nout] = 1;
		else
			single_sets(m, base, t->rows[base].v, NULL);
		if (m->src) {
			add_source(&b, &t->rows[base]);
			m->src[m->nout] = lb_arena_strndup(&m->arena, lb_buf_str(&b), b.len);
		}
		m->out[m->nout++] = base;
		lb_buf_fini(&b);
		return 0;
	}
	/* rankpos[i]: the rank of g[i] (g is in input order, ascending) */
	struct gwork gwork, *gw = &gwork;
	gw->order = lb_xmalloc((k + 1) * sizeof *gw->order);
	gw->rankpos = lb_xmalloc((k + 1) * sizeof *gw->rankpos);
	gw->gstart = lb_xmalloc((k + 1) * sizeof *gw->gstart);
	gw->glen = lb_xmalloc((k + 1) * sizeof *gw->glen);
	gw->gbest = lb_xmalloc((k + 1) * sizeof *gw->gbest);
	gw->glist = lb_xmalloc((k + 1) * sizeof *gw->glist);
	gw->cgrp = lb_xmalloc((k + 1) * sizeof *gw->cgrp);
	for (i = 0; i < k; i++) {
		size_t lo = 0, hi = k;
		while (lo + 1 < hi) {
			size_t mid = (lo + hi) / 2;
			if (g[mid] <= gs->ranked[i])
				lo = mid;
			else
				hi = mid;
		}
		gw->rankpos[lo] = i;
	}
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
	tr0 = m->ntr;
	if (transfer)
		note_transfers(m, rc, gs->ranked, k, swin);

	for (col = 0; col < ncols; col++) {
		const struct lb_field *f = col < s->n ? &s->f[col] : NULL;
		const char *chosen = NULL;
		size_t crow = (size_t)-1;

		if (col == rc->id)
			continue;
		if (f && (f->type == LB_T_SET || f->type == LB_T_NAMES)) {
			chosen = set_union(m, f, col, g, k, NULL);
			for (i = 0; i < k; i++)
				if (*t->rows[g[i]].v[col])
					gs->contrib[i] = 1;
			t->rows[base].v[col] = (char *)chosen;
			continue;
		}
		if (f && f->join && !lb_merge_school_owned(s, col)
		    && join_field(m, rc, col, g, gs->ranked, k, gs->contrib, base))
			continue;
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
		merge_value(m, rc, g, k, gs, gw, col, crow, chosen, base, &b);
		t->rows[base].v[col] = (char *)chosen;
	}

	for (i = tr0; i < m->ntr; i++)   /* the merged name */
		m->tr[i].name = t->rows[base].v[LB_FI(s, LB_R_NAME)];
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
	if (spilled)
		rcode = unload_group(m, g, k, base, gs, c0, tr0);
	lb_buf_fini(&b);
	free(gw->order);
	free(gw->rankpos);
	free(gw->gstart);
	free(gw->glen);
	free(gw->gbest);
	free(gw->glist);
	free(gw->cgrp);
	return rcode;
}

/* A child_id and its row, for the sort. */
struct idkey {
	unsigned long long k;
	size_t i;
};

/* An identity number as a number that sorts as its text does: 18
 * characters, each a digit or X (above '9' in ASCII), in base 11. 0 if id
 * is not of that form (lb_idcard_check accepted it: never). */
static int
id_number(const char *id, unsigned long long *k)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; id[i]; i++) {
		unsigned d;
		if (i == 18)
			return 0;
		if (id[i] >= '0' && id[i] <= '9')
			d = (unsigned)(id[i] - '0');
		else if (id[i] == 'X')
			d = 10;
		else
			return 0;
		n = n * 11 + d;
	}
	*k = n;
	return i == 18;
}

static int
cmp_idkey(const void *va, const void *vb)
{
	const struct idkey *a = va, *b = vb;

	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

static int
merge_roster(struct lb_merge *m, const struct lb_merge_opts *o)
{
	struct lb_table *t = m->t;
	const struct lb_schema *s = t->schema;
	struct rctx rc;
	struct gscratch gs = {0};
	size_t *idx = lb_xmalloc((t->n + 1) * sizeof *idx), nid = 0, i, j;
	size_t *noid = NULL, nno = 0, capno = 0;
	struct idkey *keys;
	int rcode = 0, packed = 1;

	rc.t = t;
	rc.id = (size_t)LB_FI(s, LB_R_CHILD_ID);
	rc.upd = (size_t)LB_FI(s, LB_R_UPDATED_ON);
	rc.arc = (size_t)LB_FI(s, LB_R_ARCHIVED_ON);
	rc.prefer = o->prefer;

	for (i = 0; i < t->n; i++) {
		const char *id = row_id(&rc, i);
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
	/* by child_id, input order within a child: as numbers (no string
	 * compared, no row touched while sorting) when every id is of the
	 * usual form, else as text */
	keys = lb_xmalloc((nid + 1) * sizeof *keys);
	for (i = 0; i < nid && packed; i++) {
		packed = id_number(row_id(&rc, idx[i]), &keys[i].k);
		keys[i].i = idx[i];
	}
	if (packed) {
		qsort(keys, nid, sizeof *keys, cmp_idkey);
		for (i = 0; i < nid; i++)
			idx[i] = keys[i].i;
	} else {
		lb_sort_idx(idx, nid, cmp_id, &rc);   /* stable */
	}

	for (i = 0; i < nid; i = j) {
		for (j = i + 1; j < nid && (packed ? keys[i].k == keys[j].k
		                                    : cmp_id(&rc, idx[i], idx[j]) == 0); j++)
			;
		if ((rcode = merge_group(m, &rc, idx + i, j - i, &gs)) < 0)
			break;
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
	for (i = 0; i < gs.nrb; i++)
		lb_rowbuf_fini(&gs.rb[i]);
	free(gs.rb);
	free(gs.basev);
	free(keys);
	free(noid);
	free(idx);
	return rcode;
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
	if (t->n && !t->rows[0].v)   /* spilled */
		m->single = lb_xcalloc(t->n + 1, 1);
	lb_err_clear(&m->err);
	if (t->schema->kind == LB_KIND_ACTIVITY) {
		merge_activity(m);
		return 0;
	}
	return merge_roster(m, o);
}

void
lb_merge_fini(struct lb_merge *m)
{
	if (!m)
		return;
	lb_arena_fini(&m->arena);
	if (m->keep)
		for (size_t i = 0; i < m->t->schema->n; i++)
			lb_buf_fini(&m->keep[i]);
	free(m->keep);
	free(m->single);
	free(m->out);
	free(m->src);
	free(m->c);
	free(m->tr);
	lb_diags_fini(&m->notes);
	memset(m, 0, sizeof *m);
}
