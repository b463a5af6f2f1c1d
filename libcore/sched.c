/*
 * sched.c — the schedule of owed windows (DESIGN.md section 5), shared by
 * lb-schedule and lb-report.
 *
 * Memory: the roster (the caller's table), one struct lb_window per owed
 * window, a hash of child_id → roster row and one of (school, grade, class)
 * → group. The activity log is streamed: each record only bumps counts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "rules.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "value.h"

struct child {
	int birth16;            /* the day the child turns 16, or LB_NODATE */
	int archived;           /* or LB_NODATE */
	int updated;
	int active;             /* status empty or 在册 */
	size_t first, n;        /* its windows */
	long same;              /* next roster row with the same child_id, or -1 */
};

struct group {
	char *key;
	int scope;              /* LB_SCOPE_CLASS or LB_SCOPE_SCHOOL */
	size_t *rows;           /* member rows, roster order */
	size_t nrows, cap;
	size_t first, n;        /* its windows */
};

struct hslot {
	const char *key;
	long val;               /* row (children) or group index */
};

struct hash {
	struct hslot *v;
	size_t cap, n;
};

struct xentry {
	long win;               /* index in s->w, or -1 */
	const char *file;
	long line;
	int date;
	char *kind, *role, *performer;
	int counted;
	const char *why;
};

struct lb_sched {
	const struct lb_rules *rs;
	const struct lb_table *t;
	struct lb_sched_opts o;
	struct child *c;
	struct group *g;
	size_t ng, gcap;
	struct hash ids, groups;
	struct lb_window *w;
	size_t nw, wcap;
	size_t *order, *pos;    /* sorted order, and each window's place in it */
	unsigned long nact, unknown;
	/* roster field indices */
	int f_id, f_name, f_school, f_grade, f_class;
	/* explain */
	struct xentry *x;
	size_t nx, xcap;
	struct lb_explain *xout;
	struct lb_strv xfiles;
	int xfound;
};

/* ---- hashing ------------------------------------------------------------- */

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static long
hget(const struct hash *h, const char *key)
{
	if (!h->cap)
		return -1;
	for (size_t i = fnv(key) & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
		if (!h->v[i].key)
			return -1;
		if (!strcmp(h->v[i].key, key))
			return h->v[i].val;
	}
}

static void
hput(struct hash *h, const char *key, long val)
{
	if ((h->n + 1) * 2 > h->cap) {
		struct hash nh = {0};
		nh.cap = h->cap ? h->cap * 2 : 64;
		nh.v = lb_xcalloc(nh.cap, sizeof *nh.v);
		for (size_t i = 0; i < h->cap; i++)
			if (h->v[i].key)
				hput(&nh, h->v[i].key, h->v[i].val);
		free(h->v);
		*h = nh;
	}
	size_t i = fnv(key) & (h->cap - 1);
	while (h->v[i].key)
		i = (i + 1) & (h->cap - 1);
	h->v[i].key = key;
	h->v[i].val = val;
	h->n++;
}

/* ---- roster access ------------------------------------------------------- */

static const char *
rv(const struct lb_sched *s, size_t row, int fi)
{
	if (fi < 0)
		return "";
	const char *v = s->t->rows[row].v[fi];
	return v ? v : "";
}

static int
known(const struct lb_table *t, int k)
{
	return LB_FI(t->schema, k);
}


static int
applies_ok(const struct lb_sched *s, const struct lb_rule *r, size_t row)
{
	for (size_t i = 0; i < r->napplies; i++) {
		int fi = lb_schema_field(s->t->schema, r->applies[i].field);
		if (fi < 0)
			return 0;
		const char *v = rv(s, row, fi);
		if (s->t->schema->f[fi].type == LB_T_SET ? !lb_list_has(v, r->applies[i].value)
		                                          : strcmp(v, r->applies[i].value))
			return 0;
	}
	return 1;
}

static int
child_owes(const struct child *c, const struct lb_span *sp)
{
	if (c->birth16 != LB_NODATE && sp->start >= c->birth16)
		return 0;
	if (c->archived != LB_NODATE && c->archived > sp->start)
		return 0;
	if (!c->active && !(c->updated != LB_NODATE && c->updated > sp->end))
		return 0;
	return 1;
}

static void
add_window(struct lb_sched *s, const struct lb_rule *r, size_t row, const struct lb_span *sp)
{
	s->w = lb_xgrow(s->w, &s->wcap, s->nw + 1, sizeof *s->w);
	s->w[s->nw++] = (struct lb_window){r, row, sp->start, sp->end, 0, LB_ST_UPCOMING};
}

static struct group *
group_of(struct lb_sched *s, const char *key, int scope)
{
	long gi = hget(&s->groups, key);
	if (gi >= 0)
		return &s->g[gi];
	s->g = lb_xgrow(s->g, &s->gcap, s->ng + 1, sizeof *s->g);
	struct group *g = &s->g[s->ng];
	memset(g, 0, sizeof *g);
	g->key = lb_xstrdup(key);
	g->scope = scope;
	hput(&s->groups, g->key, (long)s->ng);
	s->ng++;
	return g;
}

static void
group_key(struct lb_buf *b, int scope, const char *school, const char *grade, const char *klass)
{
	lb_buf_clear(b);
	lb_buf_adds(b, scope == LB_SCOPE_CLASS ? "C\x1f" : "S\x1f");
	lb_buf_adds(b, school);
	if (scope == LB_SCOPE_CLASS) {
		lb_buf_addc(b, 0x1f);
		lb_buf_adds(b, grade);
		lb_buf_addc(b, 0x1f);
		lb_buf_adds(b, klass);
	}
}

int
lb_sched_new(struct lb_sched **out, const struct lb_rules *rs, const struct lb_table *t,
             const struct lb_sched_opts *o, struct lb_err *err)
{
	*out = NULL;
	if (o->from == LB_NODATE || o->to == LB_NODATE || o->from > o->to)
		return lb_err_set(err, LB_EUSAGE, "", 0, "%s", _("the period ends before it starts"));
	if (o->rule && !lb_rules_find(rs, o->rule))
		return lb_err_set(err, LB_EUSAGE, "", 0, _("no rule '%s' in the rules"), o->rule);
	struct lb_sched *s = lb_xcalloc(1, sizeof *s);
	s->rs = rs;
	s->t = t;
	s->o = *o;
	s->f_id = known(t, LB_R_CHILD_ID);
	s->f_name = known(t, LB_R_NAME);
	s->f_school = known(t, LB_R_SCHOOL);
	s->f_grade = known(t, LB_R_GRADE);
	s->f_class = known(t, LB_R_CLASS);
	int f_birth = known(t, LB_R_BIRTH_DATE), f_arch = known(t, LB_R_ARCHIVED_ON),
	    f_upd = known(t, LB_R_UPDATED_ON), f_status = known(t, LB_R_STATUS);

	/* the windows of each rule in the period */
	struct lb_span **spans = lb_xcalloc(rs->nrules + 1, sizeof *spans);
	long *nspans = lb_xcalloc(rs->nrules + 1, sizeof *nspans);
	for (size_t r = 0; r < rs->nrules; r++) {
		if (o->rule && strcmp(o->rule, rs->rules[r].id))
			continue;
		nspans[r] = lb_windows(rs->rules[r].every, rs->rules[r].during, rs->terms,
		                       rs->nterms, o->from, o->to, &spans[r]);
		if (nspans[r] < 0)
			nspans[r] = 0;
	}

	s->c = lb_xcalloc(t->n + 1, sizeof *s->c);
	struct lb_buf key = LB_BUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		struct child *c = &s->c[i];
		int birth = lb_date_parse_iso(rv(s, i, f_birth));
		const char *id = rv(s, i, s->f_id);
		if (birth == LB_NODATE && *id) {
			struct lb_idinfo info;
			if (lb_idcard_check(id, LB_NODATE, &info) == LB_ID_OK)
				birth = info.birth;
		}
		c->birth16 = birth == LB_NODATE ? LB_NODATE : lb_date_add_years(birth, 16);
		c->archived = lb_date_parse_iso(rv(s, i, f_arch));
		c->updated = lb_date_parse_iso(rv(s, i, f_upd));
		const char *st = rv(s, i, f_status);
		c->active = !*st || !strcmp(st, "在册");
		c->same = -1;
		if (*id) {
			long prev = hget(&s->ids, id);
			if (prev < 0)
				hput(&s->ids, id, (long)i);
			else {
				while (s->c[prev].same >= 0)
					prev = s->c[prev].same;
				s->c[prev].same = (long)i;
			}
		}
		c->first = s->nw;
		for (size_t r = 0; r < rs->nrules; r++) {
			const struct lb_rule *ru = &rs->rules[r];
			if (ru->scope != LB_SCOPE_CHILD || !nspans[r] || !applies_ok(s, ru, i))
				continue;
			for (long k = 0; k < nspans[r]; k++)
				if (child_owes(c, &spans[r][k]))
					add_window(s, ru, i, &spans[r][k]);
		}
		c->n = s->nw - c->first;
		/* class and school membership */
		const char *school = rv(s, i, s->f_school);
		if (!*school)
			continue;
		group_key(&key, LB_SCOPE_SCHOOL, school, "", "");
		struct group *g = group_of(s, lb_buf_str(&key), LB_SCOPE_SCHOOL);
		g->rows = lb_xgrow(g->rows, &g->cap, g->nrows + 1, sizeof *g->rows);
		g->rows[g->nrows++] = i;
		const char *grade = rv(s, i, s->f_grade), *klass = rv(s, i, s->f_class);
		if (!*grade || !*klass)
			continue;
		group_key(&key, LB_SCOPE_CLASS, school, grade, klass);
		g = group_of(s, lb_buf_str(&key), LB_SCOPE_CLASS);
		g->rows = lb_xgrow(g->rows, &g->cap, g->nrows + 1, sizeof *g->rows);
		g->rows[g->nrows++] = i;
	}
	lb_buf_fini(&key);

	/* class- and school-scope windows: owed when a member is active on the
	 * window's start; the first such member stands for the group */
	for (size_t gi = 0; gi < s->ng; gi++) {
		struct group *g = &s->g[gi];
		g->first = s->nw;
		for (size_t r = 0; r < rs->nrules; r++) {
			const struct lb_rule *ru = &rs->rules[r];
			if ((int)ru->scope != g->scope)
				continue;
			for (long k = 0; k < nspans[r]; k++) {
				const struct lb_span *sp = &spans[r][k];
				for (size_t m = 0; m < g->nrows; m++) {
					const struct child *c = &s->c[g->rows[m]];
					if (c->active && (c->archived == LB_NODATE || c->archived <= sp->start)) {
						add_window(s, ru, g->rows[m], sp);
						break;
					}
				}
			}
		}
		g->n = s->nw - g->first;
	}
	for (size_t r = 0; r < rs->nrules; r++)
		free(spans[r]);
	free(spans);
	free(nspans);
	if (o->explain && hget(&s->ids, o->explain) >= 0)
		s->xfound = 1;
	*out = s;
	return 0;
}

/* ---- matching ------------------------------------------------------------- */

static int
in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

/* Why activity (kind, role, date) does not count for w, or NULL if it does. */
static const char *
why_not(const struct lb_sched *s, const struct lb_window *w, const char *kind,
        const char *role, int date)
{
	const struct lb_rule *r = w->rule;
	if (date < w->start || date > w->end)
		return N_("dated outside the window");
	if (!in_list(r->kinds, r->nkinds, kind))
		return N_("kind is not one the rule counts");
	if (r->nroles && !in_list(r->roles, r->nroles, role))
		return *role ? N_("role is not one the rule names") : N_("no role given; the rule names roles");
	if (date > s->o.asof)
		return N_("dated after the as-of date");
	return NULL;
}

static void
xadd(struct lb_sched *s, long win, const char *file, long line, int date, const char *kind,
     const char *role, const char *performer, const char *why)
{
	s->x = lb_xgrow(s->x, &s->xcap, s->nx + 1, sizeof *s->x);
	struct xentry *e = &s->x[s->nx++];
	if (!s->xfiles.n || strcmp(s->xfiles.v[s->xfiles.n - 1], file))
		lb_strv_push(&s->xfiles, file);
	e->win = win;
	e->file = s->xfiles.v[s->xfiles.n - 1];
	e->line = line;
	e->date = date;
	e->kind = lb_xstrdup(kind);
	e->role = lb_xstrdup(role);
	e->performer = lb_xstrdup(performer);
	e->counted = why == NULL;
	e->why = why;
}

static const char *
av(const struct lb_schema *as, const char *const *v, int k)
{
	int fi = LB_FI(as, k);
	return fi >= 0 && v[fi] ? v[fi] : "";
}

void
lb_sched_activity(struct lb_sched *s, const struct lb_schema *as, const char *const *v,
                  const char *file, long line)
{
	s->nact++;
	int date = lb_date_parse_iso(av(as, v, LB_A_DATE));
	const char *id = av(as, v, LB_A_CHILD_ID), *kind = av(as, v, LB_A_KIND),
	           *role = av(as, v, LB_A_ROLE);
	if (*id) {
		long row = hget(&s->ids, id);
		if (row < 0) {
			s->unknown++;
			return;
		}
		int explain = s->o.explain && !strcmp(s->o.explain, id);
		int any = 0;
		for (; row >= 0; row = s->c[row].same) {
			const struct child *c = &s->c[row];
			for (size_t i = c->first; i < c->first + c->n; i++) {
				struct lb_window *w = &s->w[i];
				if (date == LB_NODATE || date < w->start || date > w->end)
					continue;
				const char *why = why_not(s, w, kind, role, date);
				if (!why)
					w->done++;
				if (explain) {
					any = 1;
					xadd(s, (long)i, file, line, date, kind, role,
					     av(as, v, LB_A_PERFORMER), why);
				}
			}
		}
		if (explain && !any)
			xadd(s, -1, file, line, date, kind, role, av(as, v, LB_A_PERFORMER),
			     N_("in none of the child's windows in the period"));
		return;
	}
	if (date == LB_NODATE)
		return;
	const char *school = av(as, v, LB_A_SCHOOL);
	if (!*school)
		return;
	struct lb_buf key = LB_BUF_INIT;
	for (int scope = LB_SCOPE_CLASS; scope <= LB_SCOPE_SCHOOL; scope++) {
		group_key(&key, scope, school, av(as, v, LB_A_GRADE), av(as, v, LB_A_CLASS));
		long gi = hget(&s->groups, lb_buf_str(&key));
		if (gi < 0)
			continue;
		const struct group *g = &s->g[gi];
		for (size_t i = g->first; i < g->first + g->n; i++)
			if (!why_not(s, &s->w[i], kind, role, date))
				s->w[i].done++;
	}
	lb_buf_fini(&key);
}

int
lb_sched_log(struct lb_sched *s, const char *path, const struct lb_reader_opts *ro,
             struct lb_diags *notes, struct lb_err *err)
{
	struct lb_reader_opts o;
	if (ro)
		o = *ro;
	else
		memset(&o, 0, sizeof o);
	o.kind = LB_KIND_ACTIVITY;
	struct lb_reader *r;
	int rc = lb_reader_open(&r, path, &o, err);
	if (rc < 0)
		return rc;
	struct lb_strv extras = LB_STRV_INIT;
	struct lb_norm *nm = lb_norm_new(r, &extras);
	const struct lb_schema *as = lb_reader_schema(r);
	struct lb_diags changes = {0};
	struct lb_record rec;
	const char **vals;
	while ((rc = lb_reader_next(r, &rec, err)) > 0) {
		lb_norm_record(nm, &rec, 1, &vals, &changes);
		if (notes)
			for (size_t i = 0; i < changes.n; i++) {
				struct lb_diag *d = &changes.v[i];
				lb_diags_add(notes, lb_reader_name(r), rec.line, d->field, d->level,
				             d->code, d->value, "%s", d->msg);
			}
		lb_diags_clear(&changes);
		lb_sched_activity(s, as, vals, lb_reader_name(r), rec.line);
	}
	struct lb_diags *rn = lb_reader_notes(r);
	if (notes && rn)
		for (size_t i = 0; i < rn->n; i++) {
			struct lb_diag *d = &rn->v[i];
			lb_diags_add(notes, d->file ? d->file : lb_reader_name(r), d->line, d->field,
			             d->level, d->code, d->value, "%s", d->msg);
		}
	lb_diags_fini(&changes);
	lb_norm_free(nm);
	lb_strv_fini(&extras);
	lb_reader_close(r);
	return rc < 0 ? rc : 0;
}

/* ---- results -------------------------------------------------------------- */

void
lb_sched_key(const struct lb_sched *s, const struct lb_window *w, struct lb_wkey *k)
{
	enum lb_scope sc = w->rule->scope;
	k->child_id = sc == LB_SCOPE_CHILD ? rv(s, w->row, s->f_id) : "";
	k->name = sc == LB_SCOPE_CHILD ? rv(s, w->row, s->f_name) : "";
	k->school = rv(s, w->row, s->f_school);
	k->grade = sc != LB_SCOPE_SCHOOL ? rv(s, w->row, s->f_grade) : "";
	k->klass = sc != LB_SCOPE_SCHOOL ? rv(s, w->row, s->f_class) : "";
}

static const struct lb_sched *sort_s;

static int
cmp_grade(const char *a, const char *b)
{
	if (!*a || !*b)
		return (*a != 0) - (*b != 0);
	long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(a, b);
}

static int
cmp_win(const void *pa, const void *pb)
{
	const struct lb_sched *s = sort_s;
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct lb_window *a = &s->w[ia], *b = &s->w[ib];
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	struct lb_wkey ka, kb;
	lb_sched_key(s, a, &ka);
	lb_sched_key(s, b, &kb);
	int c;
	if ((c = strcmp(ka.school, kb.school)) || (c = cmp_grade(ka.grade, kb.grade)) ||
	    (c = strcmp(ka.klass, kb.klass)) || (c = strcmp(ka.child_id, kb.child_id)) ||
	    (c = strcmp(a->rule->id, b->rule->id)))
		return c;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return (ia > ib) - (ia < ib);
}

static int
cmp_x(const void *pa, const void *pb)
{
	const struct lb_sched *s = sort_s;
	const struct lb_explain *a = pa, *b = pb;
	if (!a->window != !b->window)
		return a->window ? -1 : 1;
	if (a->window && a->window != b->window) {
		/* window order = position in the sorted order */
		size_t ia = (size_t)(a->window - s->w), ib = (size_t)(b->window - s->w);
		return s->pos[ia] < s->pos[ib] ? -1 : 1;
	}
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

void
lb_sched_finish(struct lb_sched *s)
{
	int asof = s->o.asof;
	for (size_t i = 0; i < s->nw; i++) {
		struct lb_window *w = &s->w[i];
		w->status = w->done >= w->rule->times ? LB_ST_DONE :
		            w->end < asof ? LB_ST_OVERDUE :
		            w->start <= asof ? LB_ST_DUE : LB_ST_UPCOMING;
	}
	free(s->order);
	s->order = lb_xcalloc(s->nw + 1, sizeof *s->order);
	for (size_t i = 0; i < s->nw; i++)
		s->order[i] = i;
	sort_s = s;
	qsort(s->order, s->nw, sizeof *s->order, cmp_win);
	free(s->pos);
	s->pos = lb_xcalloc(s->nw + 1, sizeof *s->pos);
	for (size_t i = 0; i < s->nw; i++)
		s->pos[s->order[i]] = i;
	free(s->xout);
	s->xout = lb_xcalloc(s->nx + 1, sizeof *s->xout);
	for (size_t i = 0; i < s->nx; i++) {
		struct xentry *e = &s->x[i];
		s->xout[i] = (struct lb_explain){e->win >= 0 ? &s->w[e->win] : NULL, e->file,
		                                 e->line, e->date, e->kind, e->role,
		                                 e->performer, e->counted, e->why};
	}
	qsort(s->xout, s->nx, sizeof *s->xout, cmp_x);
	sort_s = NULL;
}

size_t lb_sched_count(const struct lb_sched *s) { return s->nw; }

const struct lb_window *
lb_sched_get(const struct lb_sched *s, size_t i)
{
	return &s->w[s->order ? s->order[i] : i];
}

const struct lb_table *lb_sched_roster(const struct lb_sched *s) { return s->t; }
unsigned long lb_sched_nactivities(const struct lb_sched *s) { return s->nact; }
unsigned long lb_sched_unknown(const struct lb_sched *s) { return s->unknown; }

size_t
lb_sched_explain(const struct lb_sched *s, const struct lb_explain **out)
{
	*out = s->xout;
	return s->xout ? s->nx : 0;
}

int lb_sched_explain_found(const struct lb_sched *s) { return s->xfound; }

void
lb_sched_performer(const struct lb_sched *s, const struct lb_window *w, struct lb_buf *out)
{
	static const struct { const char *role; int field; } map[] = {
		{"班主任", LB_R_HEAD_TEACHER}, {"帮扶教师", LB_R_MENTOR},
		{"父亲", LB_R_FATHER_NAME}, {"母亲", LB_R_MOTHER_NAME},
		{"儿童主任", LB_R_CHILD_DIRECTOR}, {"学校", LB_R_SCHOOL},
		{"监护人", LB_R_GUARDIAN_NAME},
	};
	lb_buf_clear(out);
	const struct lb_rule *r = w->rule;
	struct lb_strv seen = LB_STRV_INIT;
	size_t nroles = r->nroles ? r->nroles : 1;
	for (size_t i = 0; i < nroles; i++) {
		const char *role = r->nroles ? r->roles[i] : "班主任";
		const char *name = "";
		for (size_t m = 0; m < sizeof map / sizeof *map; m++)
			if (!strcmp(map[m].role, role))
				name = rv(s, w->row, known(s->t, map[m].field));
		if (!*name || in_list(seen.v, seen.n, name))
			continue;
		lb_strv_push(&seen, name);
		if (out->len)
			lb_buf_addc(out, ';');
		lb_buf_adds(out, name);
	}
	lb_strv_fini(&seen);
	if (!out->len)
		lb_buf_set(out, "");
}

void
lb_sched_free(struct lb_sched *s)
{
	if (!s)
		return;
	free(s->c);
	for (size_t i = 0; i < s->ng; i++) {
		free(s->g[i].key);
		free(s->g[i].rows);
	}
	free(s->g);
	free(s->ids.v);
	free(s->groups.v);
	free(s->w);
	free(s->order);
	free(s->pos);
	for (size_t i = 0; i < s->nx; i++) {
		free(s->x[i].kind);
		free(s->x[i].role);
		free(s->x[i].performer);
	}
	free(s->x);
	free(s->xout);
	lb_strv_fini(&s->xfiles);
	free(s);
}

const char *
lb_wstatus_name(enum lb_wstatus st)
{
	static const char *const n[] = {"done", "overdue", "due", "upcoming"};
	return n[st];
}

int
lb_wstatus_parse(const char *str)
{
	for (int i = 0; i <= LB_ST_UPCOMING; i++)
		if (!strcmp(str, lb_wstatus_name((enum lb_wstatus)i)))
			return i;
	return -1;
}
