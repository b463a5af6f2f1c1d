/*
 * sched.c — the schedule of owed windows (lb-rules(5), "Owed, matching and
 * status"), shared by lb-schedule and lb-report.
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
#include "roster.h"
#include "sched.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "value.h"

struct child {
	int birth16;            /* the day the child turns 16, or LB_NODATE */
	int archived;           /* or LB_NODATE */
	int updated;
	const char *status;     /* the roster's (lb_roster_active_on) */
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

/*
 * child_id → first roster row for ids of 17 digits and a check character
 * (a digit or X), packed into one integer by lb_idcard_pack (value.h; never
 * 0, which marks an empty slot): one probe of 16 bytes and no string compare, where the
 * string map costs a hash of the string and a compare through a pointer.
 * Other ids go to the string map; an id packs or not by its text alone, so
 * equal ids always meet in the same table.
 */
struct idslot {
	uint64_t key;
	uint32_t row;
};
struct idtab {
	struct idslot *v;
	size_t cap, n;          /* cap is 0 or a power of two */
	unsigned shift;         /* 64 - log2(cap) */
};

static uint64_t
key_hash(uint64_t key)
{
	return key * 0x9E3779B97F4A7C15ull;
}

static size_t
idtab_at(const struct idtab *t, uint64_t key)
{
	size_t mask = t->cap - 1;
	size_t i = (size_t)(key_hash(key) >> t->shift);
	while (t->v[i].key && t->v[i].key != key)
		i = (i + 1) & mask;
	return i;
}

static long
idtab_get(const struct idtab *t, uint64_t key)
{
	if (!t->cap)
		return -1;
	size_t i = idtab_at(t, key);
	return t->v[i].key ? (long)t->v[i].row : -1;
}

/* Store row under key unless key is there already. */
static void
idtab_put(struct idtab *t, uint64_t key, size_t row)
{
	if ((t->n + 1) * 2 > t->cap) {
		struct idtab nt = {NULL, t->cap ? t->cap * 2 : 1024, 0, 64};
		for (size_t c = nt.cap; c > 1; c >>= 1)
			nt.shift--;
		nt.v = lb_xcalloc(nt.cap, sizeof *nt.v);
		for (size_t i = 0; i < t->cap; i++)
			if (t->v[i].key)
				nt.v[idtab_at(&nt, t->v[i].key)] = t->v[i];
		nt.n = t->n;
		free(t->v);
		*t = nt;
	}
	size_t i = idtab_at(t, key);
	if (!t->v[i].key) {
		t->v[i].key = key;
		t->v[i].row = (uint32_t)row;
		t->n++;
	}
}

/* Kinds and roles interned as small integers: a rule holds bit masks of them. */
#define NINTERN 64
struct intern {
	const char *s[NINTERN];
	size_t len[NINTERN];
	size_t n;
	signed char slot[128];  /* hash slot → index, -1 empty */
};

/* What matching and the output need of a rule, worked out once. */
struct rinfo {
	uint64_t kmask, rmask;  /* kinds, roles (interned) */
	int anyrole;            /* the rule names no roles */
	int collective;         /* child scope, collective: true */
	int disjoint;           /* its windows never overlap (binary search is enough) */
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
	struct idtab pids;      /* child_id → first row, for canonical 18-character ids */
	struct lb_smap ids, groups;    /* other child_id → first row, group key → index
	                                * (keys borrowed) */
	struct lb_window *w;
	size_t nw, wcap;
	uint32_t *order;        /* sorted order */
	size_t *pos;            /* each window's place in it (explain only) */
	unsigned long nact, unknown;
	unsigned long nperiod;  /* records dated in the period, up to asof */
	/* roster field indices */
	int f_id, f_name, f_school, f_grade, f_class;
	/* explain */
	struct xentry *x;
	size_t nx, xcap;
	struct lb_explain *xout;
	struct lb_strv xfiles;
	int xfound;
	/* matching */
	struct intern kinds, roles;
	struct rinfo *ri;
	int rid_father, rid_mother;
	int ncollective;        /* rules with collective: true (child scope) */
	uint64_t summask;       /* kinds whose record needs a summary (interned) */
	unsigned *need, *have;  /* per roster row: records of P that need a summary,
	                         * and those that have one */
	unsigned long cneed, chave;   /* the same for collective events */
	int *lastpar;           /* per roster row: the last parent contact up to as-of */
	struct lb_buf nb[LB_A_NFIELDS];   /* normalised values of the record at hand */
	struct lb_buf gkey;
	/* lb_sched_performers: by roster row and rule, the index (+1; 0: not
	 * yet) of the text in pstr, where each distinct text is once */
	uint32_t *poff;
	char **pstr;
	size_t npstr, pstrcap;
	struct lb_smap pmap;    /* text → index in pstr (keys: pstr's) */
	struct lb_buf pone;
};

/* Kinds and roles are 2–5 Chinese characters: the length and the last two
 * bytes tell them apart well enough. */
static unsigned
ihash(const char *p, size_t len)
{
	uint32_t h = (uint32_t)len * 2654435761u;
	if (len >= 2)
		h ^= ((unsigned char)p[len - 1] * 31u + (unsigned char)p[len - 2]) * 40503u;
	else if (len)
		h ^= (unsigned char)p[0] * 40503u;
	return (h ^ h >> 7) & 127;
}

static void
intern_add(struct intern *t, const char *v)
{
	size_t len = strlen(v);
	unsigned h = ihash(v, len);
	for (; t->slot[h] >= 0; h = (h + 1) & 127)
		if (t->len[t->slot[h]] == len && !memcmp(t->s[t->slot[h]], v, len))
			return;
	if (t->n >= NINTERN)    /* the built-in enums have 15 and 9 values */
		return;
	t->s[t->n] = v;
	t->len[t->n] = len;
	t->slot[h] = (signed char)t->n++;
}

/* The interned index of v, or -1. */
static int
intern_get(const struct intern *t, const char *v)
{
	size_t len = strlen(v);
	for (unsigned h = ihash(v, len); t->slot[h] >= 0; h = (h + 1) & 127)
		if (t->len[t->slot[h]] == len && !memcmp(t->s[t->slot[h]], v, len))
			return t->slot[h];
	return -1;
}

static uint64_t
ibit(int i)
{
	return i >= 0 ? (uint64_t)1 << i : 0;
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

/* The first roster row with child_id id (not empty), or -1. */
static long
id_row(const struct lb_sched *s, const char *id)
{
	uint64_t k = lb_idcard_pack(id);
	if (k)
		return idtab_get(&s->pids, k);
	return lb_smap_get(&s->ids, id, -1);
}

static int
known(const struct lb_table *t, int k)
{
	return LB_FI(t->schema, k);
}


static int
applies_ok(const struct lb_sched *s, const struct lb_rule *r, size_t row)
{
	return lb_rule_applies(r, s->t->schema, (const char *const *)s->t->rows[row].v);
}

/* A child owes a window when under 16 on its start and on the roster for at
 * least half of its days. */
static int
child_owes(const struct child *c, const struct lb_span *sp)
{
	if (c->birth16 != LB_NODATE && sp->start >= c->birth16)
		return 0;
	return lb_roster_owes(c->status, c->archived, c->updated, sp->start, sp->end);
}

/* A class or school owes a window when one of its children is on the roster
 * on the window's start, or is archived in the first half of the window
 * (on the roster from then on for at least half of its days). */
static int
member_owes(const struct child *c, const struct lb_span *sp)
{
	if (lb_roster_active_on(c->status, c->archived, c->updated, sp->start))
		return 1;
	if (c->archived == LB_NODATE || c->archived < sp->start || c->archived > sp->end)
		return 0;
	return ((long)sp->end - c->archived + 1) * 2 >= (long)sp->end - sp->start + 1 &&
	       lb_roster_active_on(c->status, c->archived, c->updated, c->archived);
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
	long gi = lb_smap_get(&s->groups, key, -1);
	if (gi >= 0)
		return &s->g[gi];
	s->g = lb_xgrow(s->g, &s->gcap, s->ng + 1, sizeof *s->g);
	struct group *g = &s->g[s->ng];
	memset(g, 0, sizeof *g);
	g->key = lb_xstrdup(key);
	g->scope = scope;
	lb_smap_put(&s->groups, g->key, (long)s->ng);
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

/* Kinds and roles as small integers, and each rule's masks and performers
 * (spans: each rule's windows in the period, to tell whether they overlap). */
static void
match_setup(struct lb_sched *s, struct lb_span *const *spans, const long *nspans)
{
	const struct lb_rules *rs = s->rs;
	const struct lb_schema *as = lb_schema_builtin(LB_KIND_ACTIVITY);
	const struct lb_field *fk = &as->f[LB_FI(as, LB_A_KIND)], *fr = &as->f[LB_FI(as, LB_A_ROLE)];
	memset(s->kinds.slot, -1, sizeof s->kinds.slot);
	memset(s->roles.slot, -1, sizeof s->roles.slot);
	for (size_t i = 0; i < fk->nvalues; i++)
		intern_add(&s->kinds, fk->values[i]);
	for (size_t i = 0; i < fr->nvalues; i++)
		intern_add(&s->roles, fr->values[i]);
	for (size_t r = 0; r < rs->nrules; r++) {
		for (size_t i = 0; i < rs->rules[r].nkinds; i++)
			intern_add(&s->kinds, rs->rules[r].kinds[i]);
		for (size_t i = 0; i < rs->rules[r].nroles; i++)
			intern_add(&s->roles, rs->rules[r].roles[i]);
	}
	for (size_t i = 0; i < s->kinds.n; i++)
		if (lb_schema_needs_summary(fk, s->kinds.s[i]))
			s->summask |= ibit((int)i);
	s->rid_father = intern_get(&s->roles, "父亲");
	s->rid_mother = intern_get(&s->roles, "母亲");
	s->ri = lb_xcalloc(rs->nrules + 1, sizeof *s->ri);
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct lb_rule *ru = &rs->rules[r];
		struct rinfo *ri = &s->ri[r];
		for (size_t i = 0; i < ru->nkinds; i++)
			ri->kmask |= ibit(intern_get(&s->kinds, ru->kinds[i]));
		for (size_t i = 0; i < ru->nroles; i++)
			ri->rmask |= ibit(intern_get(&s->roles, ru->roles[i]));
		ri->anyrole = ru->nroles == 0;
		ri->collective = ru->collective && ru->scope == LB_SCOPE_CHILD;
		s->ncollective += ri->collective;
		ri->disjoint = 1;
		for (long k = 1; k < nspans[r]; k++)
			if (spans[r][k].start <= spans[r][k - 1].end)
				ri->disjoint = 0;
	}
}

/* The class- and school-scope windows: owed when a member owes it
 * (member_owes); the first such member stands for the group. */
static void
group_windows(struct lb_sched *s, struct lb_span *const *spans, const long *nspans)
{
	const struct lb_rules *rs = s->rs;
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
					if (member_owes(c, sp)) {
						add_window(s, ru, g->rows[m], sp);
						break;
					}
				}
			}
		}
		g->n = s->nw - g->first;
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
	int f_arch = known(t, LB_R_ARCHIVED_ON),
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

	match_setup(s, spans, nspans);
	s->lastpar = lb_xcalloc(t->n + 1, sizeof *s->lastpar);
	s->need = lb_xcalloc(t->n + 1, sizeof *s->need);
	s->have = lb_xcalloc(t->n + 1, sizeof *s->have);
	for (size_t i = 0; i < t->n; i++)
		s->lastpar[i] = LB_NODATE;

	s->c = lb_xcalloc(t->n + 1, sizeof *s->c);
	struct lb_buf key = LB_BUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		struct child *c = &s->c[i];
		int birth = lb_roster_birth(t->schema, (const char *const *)t->rows[i].v);
		const char *id = rv(s, i, s->f_id);
		c->birth16 = birth == LB_NODATE ? LB_NODATE : lb_date_add_years(birth, 16);
		c->archived = lb_date_parse_iso(rv(s, i, f_arch));
		c->updated = lb_date_parse_iso(rv(s, i, f_upd));
		c->status = rv(s, i, f_status);
		c->same = -1;
		if (*id) {
			long prev = id_row(s, id);
			uint64_t k = lb_idcard_pack(id);
			if (prev < 0 && k)
				idtab_put(&s->pids, k, i);
			else if (prev < 0)
				lb_smap_put(&s->ids, id, (long)i);
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

	group_windows(s, spans, nspans);
	/* the windows are all made: give back what doubling left over (up to
	 * half of the biggest block the schedule holds) */
	if (s->nw && s->wcap > s->nw) {
		s->w = lb_xrealloc(s->w, s->nw * sizeof *s->w);
		s->wcap = s->nw;
	}
	for (size_t r = 0; r < rs->nrules; r++)
		free(spans[r]);
	free(spans);
	free(nspans);
	if (o->explain && *o->explain && id_row(s, o->explain) >= 0)
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

/*
 * One activity record on its way to the counts. Values are fetched one field
 * at a time: a record as read (raw) is normalised only in the fields matching
 * needs, each exactly as lb_norm_record would (lb_value_normalize of that
 * field), and only when it is not already canonical.
 */
struct act {
	const struct lb_schema *as;
	const char *const *v;
	int raw;
	const char *file;
	long line;
};

static const char *
av_raw(const struct act *a, int k)
{
	int fi = LB_FI(a->as, k);
	return fi >= 0 && a->v[fi] ? a->v[fi] : "";
}

/* The canonical value of activity field k. */
static const char *
aval(struct lb_sched *s, const struct act *a, int k)
{
	const char *in = av_raw(a, k);
	if (!a->raw || !*in)
		return in;
	struct lb_buf *b = &s->nb[k];
	if (lb_value_normalize(&a->as->f[LB_FI(a->as, k)], in, b, NULL) == LB_V_SAME)
		return in;
	return lb_buf_str(b);
}

static int
adate(struct lb_sched *s, const struct act *a)
{
	/* canonical YYYY-MM-DD as given: what lb_value_normalize leaves alone */
	int d = lb_date_parse_iso(av_raw(a, LB_A_DATE));
	return d != LB_NODATE || !a->raw ? d : lb_date_parse_iso(aval(s, a, LB_A_DATE));
}

/* The child_id and its roster row (-1: not on the roster). */
static const char *
aid(struct lb_sched *s, const struct act *a, long *row)
{
	const char *in = av_raw(a, LB_A_CHILD_ID), *id = in;
	struct lb_idinfo info;
	/* A number on the roster as given is canonical: the roster's ids are
	 * normalised, and normalising a normalised value changes nothing. */
	*row = *in ? id_row(s, in) : -1;
	if (*row >= 0 || !*in || !a->raw)
		return in;
	/* a checked 18-character number as given is canonical too */
	if (strlen(in) == 18 && lb_idcard_check(in, LB_NODATE, &info) == LB_ID_OK)
		return in;
	id = aval(s, a, LB_A_CHILD_ID);
	if (id != in)
		*row = *id ? id_row(s, id) : -1;
	return id;
}

/* Kind or role: its interned index (-1: none or not one we know) and value. */
static int
aenum(struct lb_sched *s, const struct act *a, int k, const struct intern *t, const char **val)
{
	const char *in = av_raw(a, k);
	int i = intern_get(t, in);
	/* a canonical enum value normalises to itself */
	if (i >= 0 || !a->raw || !*in) {
		*val = in;
		return i;
	}
	*val = aval(s, a, k);
	return intern_get(t, *val);
}

/* 1 when v holds more than white space. */
static int
has_text(const char *v)
{
	for (; *v; v++)
		if (*v != ' ' && *v != '\t' && *v != '\r' && *v != '\n')
			return 1;
	return 0;
}

static int
rule_counts(const struct rinfo *ri, int kid, int rid)
{
	return (ri->kmask & ibit(kid)) && (ri->anyrole || (ri->rmask & ibit(rid)));
}

/* Count the activity (dated date, on or before --as-of) for the windows of
 * roster row c that contain date, for every rule that counts (kind, role);
 * a collective event only for the rules with collective: true. */
static void
count_child(struct lb_sched *s, const struct child *c, int date, int kid, int rid,
            int collective)
{
	const struct lb_rule *rules = s->rs->rules;
	for (size_t r = 0; r < s->rs->nrules; r++) {
		if (!rule_counts(&s->ri[r], kid, rid) || (collective && !s->ri[r].collective))
			continue;
		/* the child's windows are in (rule, start) order: the last one of
		 * rule r starting on or before date */
		size_t lo = c->first, hi = c->first + c->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			size_t mr = (size_t)(s->w[mid].rule - rules);
			if (mr < r || (mr == r && s->w[mid].start <= date))
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i-- > c->first && s->w[i].rule == &rules[r];) {
			struct lb_window *w = &s->w[i];
			if (w->start <= date && date <= w->end)
				w->done++;
			if (s->ri[r].disjoint)
				break;
		}
	}
}

/* The explained child: every window, with the reason it did not count. */
static void
explain_child(struct lb_sched *s, long row, const struct act *a, int date, const char *kind,
              const char *role, int collective)
{
	int any = 0;
	const char *perf = aval(s, a, LB_A_PERFORMER);
	for (; row >= 0; row = collective ? -1 : s->c[row].same) {
		const struct child *c = &s->c[row];
		for (size_t i = c->first; i < c->first + c->n; i++) {
			struct lb_window *w = &s->w[i];
			if (date == LB_NODATE || date < w->start || date > w->end)
				continue;
			if (collective && !s->ri[w->rule - s->rs->rules].collective)
				continue;
			const char *why = why_not(s, w, kind, role, date);
			if (!why)
				w->done++;
			any = 1;
			xadd(s, (long)i, a->file, a->line, date, kind, role, perf, why);
		}
	}
	if (!any && !collective)
		xadd(s, -1, a->file, a->line, date, kind, role, perf,
		     N_("in none of the child's windows in the period"));
}

/* A collective event of school (grade, class when given) reaches each child
 * of it on the roster that day: it counts for their collective rules. */
static void
reach(struct lb_sched *s, const struct act *a, int date, int kid, int rid, const char *kind,
      const char *role, const char *school, const char *grade, const char *klass)
{
	int any = 0;
	for (size_t r = 0; r < s->rs->nrules && !any; r++)
		any = s->ri[r].collective && rule_counts(&s->ri[r], kid, rid);
	if (!any)
		return;
	group_key(&s->gkey, LB_SCOPE_SCHOOL, school, "", "");
	long gi = lb_smap_get(&s->groups, lb_buf_str(&s->gkey), -1);
	if (gi < 0)
		return;
	const struct group *g = &s->g[gi];
	for (size_t m = 0; m < g->nrows; m++) {
		size_t row = g->rows[m];
		const struct child *c = &s->c[row];
		if ((*grade && strcmp(grade, rv(s, row, s->f_grade))) ||
		    (*klass && strcmp(klass, rv(s, row, s->f_class))) ||
		    !lb_roster_active_on(c->status, c->archived, c->updated, date))
			continue;
		if (s->o.explain && !strcmp(s->o.explain, rv(s, row, s->f_id)))
			explain_child(s, (long)row, a, date, kind, role, 1);
		else
			count_child(s, c, date, kid, rid, 1);
	}
}

static void
activity(struct lb_sched *s, const struct act *a)
{
	s->nact++;
	int date = adate(s, a);
	if (date != LB_NODATE && date >= s->o.from && date <= s->o.to && date <= s->o.asof)
		s->nperiod++;
	long row;
	const char *id = aid(s, a, &row), *kind, *role;
	int kid = aenum(s, a, LB_A_KIND, &s->kinds, &kind);
	int rid = aenum(s, a, LB_A_ROLE, &s->roles, &role);
	if (*id) {
		if (row < 0) {
			s->unknown++;
			return;
		}
		/* the explained child's windows are counted with their reasons */
		int explain = s->o.explain && !strcmp(s->o.explain, id);
		if (explain)
			explain_child(s, row, a, date, kind, role, 0);
		if (date == LB_NODATE || date > s->o.asof)
			return;
		if (kid >= 0 && (s->summask & ibit(kid)) && date >= s->o.from && date <= s->o.to) {
			s->need[row]++;
			s->have[row] += has_text(av_raw(a, LB_A_SUMMARY));
		}
		int parent = rid >= 0 && (rid == s->rid_father || rid == s->rid_mother);
		for (; row >= 0; row = s->c[row].same) {
			if (parent && (s->lastpar[row] == LB_NODATE || s->lastpar[row] < date))
				s->lastpar[row] = date;
			if (kid >= 0 && !explain)
				count_child(s, &s->c[row], date, kid, rid, 0);
		}
		return;
	}
	if (date == LB_NODATE || date > s->o.asof || kid < 0)
		return;
	if ((s->summask & ibit(kid)) && date >= s->o.from && date <= s->o.to) {
		s->cneed++;
		s->chave += has_text(av_raw(a, LB_A_SUMMARY));
	}
	const char *school = aval(s, a, LB_A_SCHOOL);
	if (!*school)
		return;
	const char *grade = aval(s, a, LB_A_GRADE), *klass = aval(s, a, LB_A_CLASS);
	for (int scope = LB_SCOPE_CLASS; scope <= LB_SCOPE_SCHOOL; scope++) {
		group_key(&s->gkey, scope, school, grade, klass);
		long gi = lb_smap_get(&s->groups, lb_buf_str(&s->gkey), -1);
		if (gi < 0)
			continue;
		const struct group *g = &s->g[gi];
		for (size_t i = g->first; i < g->first + g->n; i++) {
			struct lb_window *w = &s->w[i];
			if (w->start <= date && date <= w->end &&
			    rule_counts(&s->ri[w->rule - s->rs->rules], kid, rid))
				w->done++;
		}
	}
	if (s->ncollective)
		reach(s, a, date, kid, rid, kind, role, school, grade, klass);
}

void
lb_sched_activity(struct lb_sched *s, const struct lb_schema *as, const char *const *v,
                  const char *file, long line)
{
	struct act a = {as, v, 0, file, line};
	activity(s, &a);
}

const int *lb_sched_last_parent(const struct lb_sched *s) { return s->lastpar; }

void
lb_sched_records(const struct lb_sched *s, struct lb_sched_records *out)
{
	out->need = s->need;
	out->have = s->have;
	out->cneed = s->cneed;
	out->chave = s->chave;
}

/* The child-id lookups of the log miss the cache (the log is in date order,
 * the children at random): the slot of the row PREFETCH rows ahead is
 * fetched while this one is worked on. */
enum { PREFETCH = 16 };

/* The slot to fetch for id, or NULL. (A function that only prefetches is
 * taken by GCC for one without effect, and its calls dropped: the caller
 * prefetches.) */
static const void *
id_slot(const struct lb_sched *s, const char *id)
{
	uint64_t k = id ? lb_idcard_pack(id) : 0;
	return k ? &s->pids.v[key_hash(k) >> s->pids.shift] : NULL;
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
	/* Without notes only the fields matching uses are looked at, taken from
	 * their columns as lb_norm_record would place them, and normalised on
	 * demand. */
	static const int use[] = {LB_A_DATE, LB_A_CHILD_ID, LB_A_SCHOOL, LB_A_GRADE,
	                          LB_A_CLASS, LB_A_KIND, LB_A_PERFORMER, LB_A_ROLE,
	                          LB_A_SUMMARY};
	enum { NUSE = sizeof use / sizeof use[0] };
	long col[NUSE];
	const char **v = lb_xcalloc(as->n + 1, sizeof *v);
	for (size_t k = 0; k < NUSE; k++) {
		col[k] = -1;
		for (size_t i = 0; i < lb_reader_ncols(r); i++)
			if (LB_FI(as, use[k]) >= 0 && lb_reader_colfield(r, i) == LB_FI(as, use[k]))
				col[k] = (long)i;
	}
	while ((rc = lb_reader_next(r, &rec, err)) > 0) {
		struct act a = {as, NULL, 1, lb_reader_name(r), rec.line};
		if (col[1] >= 0 && s->pids.cap) {
			const void *slot = id_slot(s, lb_reader_peek(r, PREFETCH, (size_t)col[1]));
			if (slot)
				__builtin_prefetch(slot);
		}
		if (!notes) {
			for (size_t k = 0; k < NUSE; k++) {
				if (LB_FI(as, use[k]) < 0)
					continue;
				const char *c = col[k] >= 0 && (size_t)col[k] < rec.n ? rec.cells[col[k]] : NULL;
				v[LB_FI(as, use[k])] = c ? c : "";
			}
			a.v = v;
			activity(s, &a);
			continue;
		}
		lb_norm_record(nm, &rec, 1, &vals, &changes);
		for (size_t i = 0; i < changes.n; i++) {
			struct lb_diag *d = &changes.v[i];
			lb_diags_add(notes, lb_reader_name(r), rec.line, d->field, d->level,
			             d->code, d->value, "%s", d->msg);
		}
		lb_diags_clear(&changes);
		a.v = vals;
		a.raw = 0;
		activity(s, &a);
	}
	struct lb_diags *rn = lb_reader_notes(r);
	if (notes && rn)
		for (size_t i = 0; i < rn->n; i++) {
			struct lb_diag *d = &rn->v[i];
			lb_diags_add(notes, d->file ? d->file : lb_reader_name(r), d->line, d->field,
			             d->level, d->code, d->value, "%s", d->msg);
		}
	lb_diags_fini(&changes);
	free(v);
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

/* What a window is about, as a sort key: a roster row (child scope) or a
 * group (class or school scope), numbered 0 .. n + ng - 1; the grade's
 * number is worked out once. */
struct ekey {
	const char *school, *grade, *klass, *child_id;
	long g;
};

static struct ekey *sort_e;

static void
ent_key(const struct lb_sched *s, size_t e, struct ekey *k)
{
	size_t row = e < s->t->n ? e : s->g[e - s->t->n].rows[0];
	int sc = e < s->t->n ? LB_SCOPE_CHILD : s->g[e - s->t->n].scope;
	k->child_id = sc == LB_SCOPE_CHILD ? rv(s, row, s->f_id) : "";
	k->school = rv(s, row, s->f_school);
	k->grade = sc != LB_SCOPE_SCHOOL ? rv(s, row, s->f_grade) : "";
	k->klass = sc != LB_SCOPE_SCHOOL ? rv(s, row, s->f_class) : "";
	k->g = *k->grade ? strtol(k->grade, NULL, 10) : 0;
}

/* school, grade (empty first, then by number, then bytes), class, child_id */
static int
cmp_ent(const void *pa, const void *pb)
{
	const struct ekey *a = &sort_e[*(const uint32_t *)pa], *b = &sort_e[*(const uint32_t *)pb];
	int c;
	if ((c = strcmp(a->school, b->school)))
		return c;
	if (!*a->grade || !*b->grade) {
		if ((c = (*a->grade != 0) - (*b->grade != 0)))
			return c;
	} else if (a->g != b->g)
		return a->g < b->g ? -1 : 1;
	else if ((c = strcmp(a->grade, b->grade)))
		return c;
	if ((c = strcmp(a->klass, b->klass)))
		return c;
	return strcmp(a->child_id, b->child_id);
}

static int
cmp_rule(const void *pa, const void *pb)
{
	const struct lb_rule *r = sort_s->rs->rules;
	return strcmp(r[*(const uint32_t *)pa].id, r[*(const uint32_t *)pb].id);
}

/* Stable counting sort of the window indices in by key[index] (< nkey) into out. */
static void
csort(const uint32_t *in, uint32_t *out, size_t n, const uint32_t *key, size_t nkey)
{
	size_t *at = lb_xcalloc(nkey + 1, sizeof *at);
	for (size_t i = 0; i < n; i++)
		at[key[in[i]] + 1]++;
	for (size_t k = 1; k <= nkey; k++)
		at[k] += at[k - 1];
	for (size_t i = 0; i < n; i++)
		out[at[key[in[i]]]++] = in[i];
	free(at);
}

/* The order of the windows: window_start, then school, grade (numeric), class,
 * child_id, then rule id, then roster row, then the order they were made in.
 * The strings are compared once per child and group (their ranks), not per
 * window; the windows are then put in order by four stable counting sorts,
 * the last key first. */
static void
sort_windows(struct lb_sched *s)
{
	size_t nw = s->nw, ne = s->t->n + s->ng, nr = s->rs->nrules;
	uint32_t *order = lb_xcalloc(nw + 1, sizeof *order), *tmp = lb_xcalloc(nw + 1, sizeof *tmp);
	uint32_t *key = lb_xcalloc(nw + 1, sizeof *key);
	uint32_t *rank = lb_xcalloc(ne + nr + 1, sizeof *rank), *by = lb_xcalloc(ne + nr + 1, sizeof *by);

	sort_s = s;
	for (size_t i = 0; i < nw; i++)
		order[i] = (uint32_t)i;
	/* roster row */
	for (size_t i = 0; i < nw; i++)
		key[i] = (uint32_t)s->w[i].row;
	csort(order, tmp, nw, key, s->t->n);
	/* rule id: equal ids share a rank */
	for (size_t r = 0; r < nr; r++)
		by[r] = (uint32_t)r;
	qsort(by, nr, sizeof *by, cmp_rule);
	for (size_t i = 0; i < nr; i++)
		rank[by[i]] = i && !cmp_rule(&by[i - 1], &by[i]) ? rank[by[i - 1]] : (uint32_t)i;
	for (size_t i = 0; i < nw; i++)
		key[i] = rank[s->w[i].rule - s->rs->rules];
	csort(tmp, order, nw, key, nr);
	/* school, grade, class, child_id: children and groups ranked once */
	sort_e = lb_xcalloc(ne + 1, sizeof *sort_e);
	for (size_t e = 0; e < ne; e++) {
		by[e] = (uint32_t)e;
		ent_key(s, e, &sort_e[e]);
	}
	qsort(by, ne, sizeof *by, cmp_ent);
	for (size_t i = 0; i < ne; i++)
		rank[by[i]] = i && !cmp_ent(&by[i - 1], &by[i]) ? rank[by[i - 1]] : (uint32_t)i;
	for (size_t row = 0; row < s->t->n; row++)
		for (size_t i = s->c[row].first; i < s->c[row].first + s->c[row].n; i++)
			key[i] = rank[row];
	for (size_t g = 0; g < s->ng; g++)
		for (size_t i = s->g[g].first; i < s->g[g].first + s->g[g].n; i++)
			key[i] = rank[s->t->n + g];
	free(sort_e);
	sort_e = NULL;
	csort(order, tmp, nw, key, ne);
	/* window_start */
	int lo = nw ? s->w[0].start : 0, hi = lo;
	for (size_t i = 0; i < nw; i++) {
		lo = s->w[i].start < lo ? s->w[i].start : lo;
		hi = s->w[i].start > hi ? s->w[i].start : hi;
	}
	for (size_t i = 0; i < nw; i++)
		key[i] = (uint32_t)(s->w[i].start - lo);
	csort(tmp, order, nw, key, (size_t)(hi - lo) + 1);
	sort_s = NULL;
	free(s->order);
	s->order = order;
	free(tmp);
	free(key);
	free(rank);
	free(by);
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
	sort_windows(s);
	free(s->pos);
	s->pos = NULL;
	if (s->nx) {
		/* each window's place in the order, for the explain entries */
		s->pos = lb_xcalloc(s->nw + 1, sizeof *s->pos);
		for (size_t i = 0; i < s->nw; i++)
			s->pos[s->order[i]] = i;
	}
	sort_s = s;
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

unsigned long lb_sched_nactivities(const struct lb_sched *s) { return s->nact; }
unsigned long lb_sched_unknown(const struct lb_sched *s) { return s->unknown; }
const struct lb_table *lb_sched_roster(const struct lb_sched *s) { return s->t; }
const struct lb_rules *lb_sched_rules(const struct lb_sched *s) { return s->rs; }
unsigned long lb_sched_nperiod(const struct lb_sched *s) { return s->nperiod; }

size_t
lb_sched_explain(const struct lb_sched *s, const struct lb_explain **out)
{
	*out = s->xout;
	return s->xout ? s->nx : 0;
}

int lb_sched_explain_found(const struct lb_sched *s) { return s->xfound; }

long
lb_sched_row(const struct lb_sched *s, const char *child_id)
{
	return *child_id ? id_row(s, child_id) : -1;
}

int
lb_sched_why_none(const struct lb_sched *s, const struct lb_rule *r, size_t row,
                  struct lb_buf *out)
{
	const struct child *c = &s->c[row];
	char d1[11], d2[11], d3[11];
	lb_buf_clear(out);
	if (r->scope != LB_SCOPE_CHILD || (s->o.rule && strcmp(s->o.rule, r->id)))
		return 0;
	for (size_t i = c->first; i < c->first + c->n; i++)
		if (s->w[i].rule == r)
			return 0;
	long ai = lb_rule_applies_differs(r, s->t->schema, (const char *const *)s->t->rows[row].v);
	if (ai >= 0) {
		int fi = lb_schema_field(s->t->schema, r->applies[ai].field);
		lb_buf_printf(out, _("applies: %s is '%s', the rule needs '%s'"),
		              r->applies[ai].field, fi >= 0 ? rv(s, row, fi) : "",
		              r->applies[ai].value);
		return 1;
	}
	struct lb_span *sp = NULL;
	long n = lb_windows(r->every, r->during, s->rs->terms, s->rs->nterms, s->o.from,
	                    s->o.to, &sp);
	if (n <= 0) {
		free(sp);
		lb_buf_set(out, _("no window of the rule in the period"));
		return 1;
	}
	/* the window the child came nearest to owing */
	long best = -1, bestdays = -1;
	for (long k = 0; k < n; k++) {
		if (c->birth16 != LB_NODATE && sp[k].start >= c->birth16)
			continue;
		long d = lb_roster_days_on(c->status, c->archived, c->updated, sp[k].start, sp[k].end);
		if (d > bestdays)
			best = k, bestdays = d;
	}
	if (best < 0) {
		/* the month only: the day beside the masked child_id would give
		 * back the birth date the mask hides (lb(7), Personal data) */
		lb_date_format(c->birth16, d1);
		d1[7] = '\0';
		lb_buf_printf(out, _("turned 16 in %s"), d1);
	}
	else {
		lb_buf_printf(out, _("on the roster %ld of the %ld days of the window %s..%s "
		                     "(at least half is owed); archived %s"),
		              bestdays, (long)sp[best].end - sp[best].start + 1,
		              lb_date_format(sp[best].start, d1), lb_date_format(sp[best].end, d2),
		              c->archived != LB_NODATE ? lb_date_format(c->archived, d3) : "-");
		if (!lb_roster_status_active(c->status))
			lb_buf_printf(out, _(", %s since %s"), c->status,
			              c->updated != LB_NODATE ? lb_date_format(c->updated, d3) : "-");
	}
	free(sp);
	return 1;
}

void
lb_sched_performer(const struct lb_sched *s, const struct lb_window *w, struct lb_buf *out)
{
	/* roster.h's resolution, the same as lb-validate's no-performer */
	if (!lb_rule_performers(w->rule, s->t->schema, (const char *const *)s->t->rows[w->row].v,
	                        out))
		lb_buf_set(out, LB_NO_PERFORMER);
}

/* A window's performers depend only on its rule and roster row, and each
 * pair comes back in many windows (a child's monthly rule, once a month):
 * worked out once for each pair. The pairs are kept by row, then rule, so a
 * child's windows of one month (one row, its rules) share a cache line; each
 * distinct text (a county has a few thousand teachers and parents' names) is
 * kept once, so the texts stay in cache, and never moves: a pointer given
 * out stays valid, and equal texts are one pointer. */
const char *
lb_sched_performers(struct lb_sched *s, const struct lb_window *w)
{
	size_t no = lb_sched_performers_no(s, w);   /* may move pstr: first */
	return s->pstr[no];
}

size_t
lb_sched_performers_no(struct lb_sched *s, const struct lb_window *w)
{
	size_t nrules = s->rs->nrules, k = w->row * nrules + (size_t)(w->rule - s->rs->rules);
	if (!s->poff) {
		size_t npairs = nrules * s->t->n;
		s->poff = lb_xcalloc(npairs ? npairs : 1, sizeof *s->poff);
	}
	if (!s->poff[k]) {
		lb_sched_performer(s, w, &s->pone);
		const char *text = lb_buf_str(&s->pone);
		long *at = lb_smap_find(&s->pmap, text);
		if (at)
			s->poff[k] = (uint32_t)*at + 1;
		else {
			/* npstr stays far below UINT32_MAX: each text is an
			 * allocation, 2^32 of them would not fit in memory */
			if (s->npstr == s->pstrcap) {
				s->pstrcap = s->pstrcap ? 2 * s->pstrcap : 64;
				s->pstr = lb_xrealloc(s->pstr, s->pstrcap * sizeof *s->pstr);
			}
			s->pstr[s->npstr] = lb_xstrdup(text);
			lb_smap_put(&s->pmap, s->pstr[s->npstr], (long)s->npstr);
			s->poff[k] = (uint32_t)++s->npstr;
		}
	}
	return s->poff[k] - 1;
}

void
lb_sched_free(struct lb_sched *s)
{
	if (!s)
		return;
	free(s->c);
	free(s->ri);
	free(s->lastpar);
	free(s->need);
	free(s->have);
	for (int i = 0; i < LB_A_NFIELDS; i++)
		lb_buf_fini(&s->nb[i]);
	lb_buf_fini(&s->gkey);
	free(s->poff);
	for (size_t i = 0; i < s->npstr; i++)
		free(s->pstr[i]);
	free(s->pstr);
	lb_smap_fini(&s->pmap);
	lb_buf_fini(&s->pone);
	for (size_t i = 0; i < s->ng; i++) {
		free(s->g[i].key);
		free(s->g[i].rows);
	}
	free(s->g);
	free(s->pids.v);
	lb_smap_fini(&s->ids);
	lb_smap_fini(&s->groups);
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

const char *
lb_wstatus_word(enum lb_wstatus st)
{
	switch (st) {
	/* TRANSLATORS: a window's status in --explain and calendars */
	case LB_ST_DONE: return _("done");
	/* TRANSLATORS: a window's status in --explain and calendars */
	case LB_ST_OVERDUE: return _("overdue");
	/* TRANSLATORS: a window's status in --explain and calendars */
	case LB_ST_DUE: return _("due");
	/* TRANSLATORS: a window's status in --explain and calendars */
	default: return _("upcoming");
	}
}

int
lb_wstatus_parse(const char *str)
{
	for (int i = 0; i <= LB_ST_UPCOMING; i++)
		if (!strcmp(str, lb_wstatus_name((enum lb_wstatus)i)))
			return i;
	return -1;
}
