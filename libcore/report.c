/* report.c — the monthly compliance report: its indicators, counted from the
 * schedule (windows and statuses, sched.h) and the roster (who is active,
 * roster.h); nothing here decides them. Rendering is in report_out.c and one
 * file per format (report_md.c, report_csv.c, report_yaml.c, report_html.c). */
#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "check.h"
#include "date.h"
#include "mask.h"
#include "report.h"
#include "roster.h"
#include "util.h"

/* ---- small helpers -------------------------------------------------------- */

static const char *
cell(const struct lb_table *t, const struct lb_row *row, int known)
{
	int i = LB_FI(t->schema, known);
	const char *s = i >= 0 ? row->v[i] : NULL;
	return s ? s : "";
}

static int
date_of(const char *s)
{
	return *s ? lb_date_parse_iso(s) : LB_NODATE;
}

/* Active on day d: roster.h's definition. */
static int
active_on(const struct lb_table *t, const struct lb_row *row, int d)
{
	return lb_roster_record_active_on(t->schema, (const char *const *)row->v, d);
}

const char *const lb_rep_by_names[] = {"school", "class", "head_teacher", "mentor",
                                      "region_code", "performer", NULL};
const char *const lb_rep_fmt_names[] = {"md", "csv", "yaml", "html", "xlsx", "cards", NULL};

const char *
lb_rep_by_name(enum lb_rep_by by)
{
	return lb_rep_by_names[by];
}

int
lb_ratio_below(struct lb_ratio q, int target)
{
	/* exact: num/den < target/1000, never on a rounded percentage */
	return q.den > 0 && q.num * 1000 < (long)target * q.den;
}

char *
lb_ratio_pct(struct lb_ratio q, char *out)
{
	long t;

	if (q.den <= 0) {
		out[0] = '\0';
		return out;
	}
	t = (q.num * 2000 + q.den) / (2 * q.den);   /* tenths, half up */
	sprintf(out, "%ld.%ld", t / 10, t % 10);
	return out;
}

char *
lb_ratio_format(struct lb_ratio q, char *out)
{
	char p[24];

	if (q.den <= 0)
		strcpy(out, "—");
	else
		sprintf(out, "%ld/%ld %s%%", q.num, q.den, lb_ratio_pct(q, p));
	return out;
}

/* ---- the group key of a child and of a class/school window ---------------- */

static char *
class_key(const char *school, const char *grade, const char *klass)
{
	if (!*klass)
		return lb_xstrdup("");
	return lb_xasprintf("%s/%s/%s", school, grade, klass);
}

static char *
child_key(const struct lb_table *t, const struct lb_row *row, enum lb_rep_by by)
{
	switch (by) {
	case LB_BY_SCHOOL:
		return lb_xstrdup(cell(t, row, LB_R_SCHOOL));
	case LB_BY_CLASS:
		return class_key(cell(t, row, LB_R_SCHOOL), cell(t, row, LB_R_GRADE),
		                 cell(t, row, LB_R_CLASS));
	case LB_BY_HEAD_TEACHER:
		return lb_xstrdup(cell(t, row, LB_R_HEAD_TEACHER));
	case LB_BY_MENTOR:
		return lb_xstrdup(cell(t, row, LB_R_MENTOR));
	case LB_BY_REGION_CODE:
		return lb_xstrdup(cell(t, row, LB_R_REGION_CODE));
	case LB_BY_PERFORMER:
		break;      /* several keys: performer_keys */
	}
	return lb_xstrdup("");
}

/* --by performer: the names in text (several joined with ';') appended to
 * keys, each once; none gives the missing key "". */
static void
name_keys(const char *text, struct lb_strv *keys)
{
	size_t before = keys->n;
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int seen = 0;
		for (size_t i = before; i < keys->n; i++)
			if (strlen(keys->v[i]) == n && !strncmp(keys->v[i], p, n))
				seen = 1;
		if (n && !seen)
			lb_strv_push_owned(keys, lb_xstrndup(p, n));
		p += n + (e != NULL);
	}
	if (keys->n == before)
		lb_strv_push(keys, "");
}

/* --by performer: the keys of a child (its head teacher, mentor and subject
 * teachers) or of a child-scope window (its performers) */
static void
child_names(const struct lb_table *t, const struct lb_row *row, struct lb_strv *keys)
{
	struct lb_buf b = LB_BUF_INIT;
	static const int f[] = {LB_R_HEAD_TEACHER, LB_R_MENTOR, LB_R_SUBJECT_TEACHERS};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		if (!*cell(t, row, f[i]))
			continue;
		if (b.len)
			lb_buf_addc(&b, ';');
		lb_buf_adds(&b, cell(t, row, f[i]));
	}
	name_keys(lb_buf_str(&b), keys);
	lb_buf_fini(&b);
}

/* The group of a class- or school-scope window under by, or NULL when such
 * windows count in the total only. */
static char *
win_key(const struct lb_sched *s, const struct lb_window *w, enum lb_rep_by by)
{
	struct lb_wkey k;
	lb_sched_key(s, w, &k);
	if (by == LB_BY_SCHOOL)
		return lb_xstrdup(k.school);
	if (by == LB_BY_CLASS && w->rule->scope == LB_SCOPE_CLASS)
		return class_key(k.school, k.grade, k.klass);
	return NULL;
}

/* ---- archive completeness ----------------------------------------------------
 * The lb-validate checks (check.h): a child is complete when no error-level
 * finding of lb_check_record is about a required field. */
struct complete_ctx {
	struct lb_check *ck;
	struct lb_diags d;
};

static int
check_complete(const struct lb_table *t, const struct lb_row *row, void *arg)
{
	struct complete_ctx *c = arg;
	int ok;

	lb_diags_clear(&c->d);
	lb_check_record(c->ck, row->line, (const char *const *)row->v, &c->d);
	ok = lb_check_required_ok(t->schema, &c->d, 0);
	lb_diags_clear(&c->d);
	return ok;
}

/* ---- building ----------------------------------------------------------------- */

struct build {
	struct lb_report *r;
	char **keys;      /* sorted unique group keys */
	size_t nkeys;
	size_t odcap;     /* r->od's */
	long *cg;         /* per roster row: its group's index in r->g (-1: none),
	                   * -2 not yet known; not with --by performer */
	struct lb_smap perf;   /* performer text → index in r->perfs (keys: r->perfs') */
	struct lb_buf pbuf;
};

/* The performer text of w, once in r->perfs. */
static const char *
od_performer(struct build *b, const struct lb_sched *s, const struct lb_window *w)
{
	lb_sched_performer(s, w, &b->pbuf);
	long i = lb_smap_get(&b->perf, lb_buf_str(&b->pbuf), -1);
	if (i < 0) {
		lb_strv_push(&b->r->perfs, lb_buf_str(&b->pbuf));
		i = (long)b->r->perfs.n - 1;
		lb_smap_put(&b->perf, b->r->perfs.v[i], i);
	}
	return b->r->perfs.v[i];
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct lb_rep_group *
group_of(struct build *b, const char *key)
{
	char **k = b->nkeys ? bsearch(&key, b->keys, b->nkeys, sizeof *b->keys, cmp_str) : NULL;
	return k ? &b->r->g[k - b->keys] : NULL;
}

/* The group of roster row i (not --by performer), its key looked up once. */
static struct lb_rep_group *
child_group(struct build *b, const struct lb_table *t, size_t i)
{
	if (b->cg[i] == -2) {
		char *k = child_key(t, &t->rows[i], b->r->by);
		struct lb_rep_group *g = group_of(b, k);
		free(k);
		b->cg[i] = g ? g - b->r->g : -1;
	}
	return b->cg[i] >= 0 ? &b->r->g[b->cg[i]] : NULL;
}

static void
ratio_add(struct lb_ratio *g, struct lb_ratio *t, int num)
{
	g->den++;
	t->den++;
	if (num) {
		g->num++;
		t->num++;
	}
}

int
lb_rep_rule_long(const struct lb_rule *r)
{
	return r->every == LB_EVERY_SEMESTER || r->every == LB_EVERY_YEAR ||
	       r->every == LB_EVERY_2MONTHS;
}

static void
count_child(struct lb_report *r, const struct lb_table *t, const struct lb_row *row,
            struct lb_rep_group *g, const struct lb_report_opts *o)
{
	struct lb_rep_group *tot = &r->total;
	int birth = lb_roster_birth(t->schema, (const char *const *)row->v);
	int arch = date_of(cell(t, row, LB_R_ARCHIVED_ON));
	int upd = date_of(cell(t, row, LB_R_UPDATED_ON));
	const char *st = cell(t, row, LB_R_STATUS);
	const char *en, *imm;
	int age;

	g->roster++, tot->roster++;
	if (!lb_roster_status_active(st) && upd != LB_NODATE && upd >= r->first && upd <= r->last &&
	    upd <= r->asof)
		g->left++, tot->left++;
	if (arch != LB_NODATE && arch >= r->first && arch <= r->last && arch <= r->asof)
		g->added++, tot->added++;
	if (!active_on(t, row, r->ref))
		return;
	g->active++, tot->active++;
	if (birth != LB_NODATE) {
		age = lb_age_on(birth, r->ref);
		int band = age < 0 ? -1 : age <= 5 ? 0 : age <= 13 ? 1 : age <= 15 ? 2 : -1;
		if (band >= 0)
			g->age[band]++, tot->age[band]++;
	}
	ratio_add(&g->archive, &tot->archive,
	          o->complete(t, row, o->complete_arg));
	if (r->term_start != LB_NODATE) {
		int lo = r->term_start, hi = r->term_end < r->ref ? r->term_end : r->ref;
		ratio_add(&g->current, &tot->current,
		          (arch != LB_NODATE && arch >= lo && arch <= hi) ||
		          (upd != LB_NODATE && upd >= lo && upd <= hi));
	}
	if (birth != LB_NODATE) {
		age = lb_age_on(birth, r->sept1);
		if (age >= 6 && age <= 15) {
			en = cell(t, row, LB_R_ENROLLMENT);
			ratio_add(&g->enroll, &tot->enroll,
			          strcmp(en, "小学") == 0 || strcmp(en, "初中") == 0 ||
			          strcmp(en, "高中") == 0 || strcmp(en, "中职") == 0 ||
			          (!*en && *cell(t, row, LB_R_SCHOOL)));
			ratio_add(&g->retain, &tot->retain, strcmp(en, "辍学") != 0);
		}
	}
	imm = cell(t, row, LB_R_IMMUNIZED);
	if (*imm)
		ratio_add(&g->immun, &tot->immun, strcmp(imm, "是") == 0);
	if (strcmp(cell(t, row, LB_R_PRIORITY), "是") == 0)
		ratio_add(&g->mentor, &tot->mentor, *cell(t, row, LB_R_MENTOR) != 0);
}

static void
count_window(struct build *b, const struct lb_sched *s, const struct lb_window *w)
{
	struct lb_report *r = b->r;
	const struct lb_table *t = lb_sched_roster(s);
	struct lb_rep_group *g;
	struct lb_strv keys = LB_STRV_INIT;    /* the window's groups */
	struct lb_rep_rulecell *c;
	size_t ri = (size_t)(w->rule - r->rules);

	int prog = lb_rep_rule_long(w->rule) && w->start <= r->last && r->last <= w->end;
	if (!prog && (w->end < r->first || w->end > r->last || w->end > r->asof))
		return;
	if (r->by == LB_BY_PERFORMER) {
		if (w->rule->scope == LB_SCOPE_CHILD) {
			struct lb_buf perf = LB_BUF_INIT;
			lb_sched_performer(s, w, &perf);
			name_keys(lb_buf_str(&perf), &keys);
			lb_buf_fini(&perf);
		}
	} else if (w->rule->scope != LB_SCOPE_CHILD) {
		char *key = win_key(s, w, r->by);
		if (key)
			lb_strv_push_owned(&keys, key);
	}
	/* a child's window: its group, known once per child */
	struct lb_rep_group *cg = r->by != LB_BY_PERFORMER && w->rule->scope == LB_SCOPE_CHILD
	                          ? child_group(b, t, w->row) : NULL;
	if (prog)
		for (size_t i = 0; i <= keys.n; i++) {
			if (i == keys.n)
				c = &r->total.rule[ri];
			else if ((g = group_of(b, keys.v[i])))
				c = &g->rule[ri];
			else
				continue;
			c->prog_need += w->rule->times;
			c->prog_done += w->done < w->rule->times ? w->done : w->rule->times;
		}
	if (prog && cg) {
		c = &cg->rule[ri];
		c->prog_need += w->rule->times;
		c->prog_done += w->done < w->rule->times ? w->done : w->rule->times;
	}
	if (w->end < r->first || w->end > r->last || w->end > r->asof) {
		lb_strv_fini(&keys);
		return;
	}
	for (size_t i = 0; i <= keys.n + (cg != NULL); i++) {
		if (i == keys.n)
			c = &r->total.rule[ri];
		else if (i > keys.n)
			c = &cg->rule[ri];
		else if ((g = group_of(b, keys.v[i])))
			c = &g->rule[ri];
		else
			continue;
		c->windows++;
		if (w->status == LB_ST_DONE)
			c->done++;
		else if (w->status == LB_ST_OVERDUE)
			c->overdue++;
	}
	lb_strv_fini(&keys);
	if (w->status == LB_ST_OVERDUE) {
		struct lb_rep_overdue *od;
		struct lb_wkey k;
		r->od = lb_xgrow(r->od, &b->odcap, r->nod + 1, sizeof *r->od);
		od = &r->od[r->nod++];
		lb_sched_key(s, w, &k);
		od->child_id = (char *)k.child_id;
		od->name = (char *)k.name;
		od->school = (char *)k.school;
		od->grade = (char *)k.grade;
		od->klass = (char *)k.klass;
		od->rule = w->rule->id;
		od->performer = (char *)od_performer(b, s, w);
		od->start = w->start;
		od->end = w->end;
	}
}

static int
cmp_grade(const char *a, const char *b)
{
	/* grades are numbers 0–12: compare as numbers, then bytes */
	long x = *a ? strtol(a, NULL, 10) : -1, y = *b ? strtol(b, NULL, 10) : -1;
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(a, b);
}

static int
cmp_od(const void *pa, const void *pb)
{
	const struct lb_rep_overdue *a = pa, *b = pb;
	int c;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((c = strcmp(a->school, b->school)) || (c = cmp_grade(a->grade, b->grade)) ||
	    (c = strcmp(a->klass, b->klass)) || (c = strcmp(a->child_id, b->child_id)) ||
	    (c = strcmp(a->rule, b->rule)))
		return c;
	return a->end < b->end ? -1 : a->end > b->end;
}

static int
cmp_att(const void *pa, const void *pb)
{
	const struct lb_rep_att *a = pa, *b = pb;
	int c;

	/* mentors over the load limit come last, by name */
	if ((a->kind == LB_ATT_MENTOR_LOAD) != (b->kind == LB_ATT_MENTOR_LOAD))
		return a->kind == LB_ATT_MENTOR_LOAD ? 1 : -1;
	if ((c = strcmp(a->school, b->school)) || (c = cmp_grade(a->grade, b->grade)) ||
	    (c = strcmp(a->klass, b->klass)) || (c = strcmp(a->child_id, b->child_id)) ||
	    (c = strcmp(a->name, b->name)))
		return c;
	return (int)a->kind - (int)b->kind;
}

static void
att_add(struct lb_report *r, enum lb_att_kind kind, const struct lb_table *t,
        const struct lb_row *row, const char *detail)
{
	struct lb_rep_att *a;

	r->att = lb_xrealloc(r->att, (r->natt + 1) * sizeof *r->att);
	a = &r->att[r->natt++];
	a->kind = kind;
	a->child_id = lb_xstrdup(cell(t, row, LB_R_CHILD_ID));
	a->name = lb_xstrdup(cell(t, row, LB_R_NAME));
	a->school = lb_xstrdup(cell(t, row, LB_R_SCHOOL));
	a->grade = lb_xstrdup(cell(t, row, LB_R_GRADE));
	a->klass = lb_xstrdup(cell(t, row, LB_R_CLASS));
	a->detail = lb_xstrdup(detail ? detail : "");
}

/* The attention list, as of --as-of, over the children active on that day.
 * last_parent[i]: the last contact by a parent of roster row i up to --as-of. */
static void
attention(struct lb_report *r, const struct lb_table *t, const int *last_parent)
{
	struct lb_mentor_load *load = lb_mentor_load_new(r->mentor_limit);
	const struct lb_mentor_over *ov;
	size_t nov;
	char d[16];

	for (size_t i = 0; i < t->n; i++) {
		const struct lb_row *row = &t->rows[i];
		const char *id = cell(t, row, LB_R_CHILD_ID);
		const char *gh = cell(t, row, LB_R_GUARDIAN_HEALTH);
		int ghi = LB_FI(t->schema, LB_R_GUARDIAN_HEALTH);
		/* free text (患有高血压, 年老体弱) is judged by its class (schema.h) */
		const char *ghc = ghi >= 0 ? lb_schema_class(&t->schema->f[ghi], gh) : NULL;
		const char *gr = cell(t, row, LB_R_GUARDIANSHIP_RATING);
		int birth = lb_roster_birth(t->schema, (const char *const *)row->v);

		if (!active_on(t, row, r->asof))
			continue;
		if (!*cell(t, row, LB_R_GUARDIAN_NAME))
			att_add(r, LB_ATT_NO_GUARDIAN, t, row, NULL);
		/* a parent's contact in the 90 days up to --as-of */
		if (!*id || !last_parent || last_parent[i] == LB_NODATE ||
		    last_parent[i] <= r->asof - 90 || last_parent[i] > r->asof)
			att_add(r, LB_ATT_NO_PARENT, t, row, NULL);
		int weak_h = ghc && (strcmp(ghc, "较差") == 0 || strcmp(ghc, "残疾") == 0);
		int weak_r = strcmp(gr, "差") == 0;
		if (weak_h || weak_r) {
			/* the values that put the child on the list */
			char *det = lb_xasprintf("%s%s%s", weak_h ? gh : "", weak_h && weak_r ? ";" : "",
			                         weak_r ? gr : "");
			att_add(r, LB_ATT_GUARDIAN_WEAK, t, row, det);
			free(det);
		}
		if (birth != LB_NODATE) {
			int d16 = lb_date_add_years(birth, 16);
			/* the month only: the day beside the masked number
			 * would give its hidden birth date back */
			if (d16 > r->asof && d16 <= r->asof + 90) {
				lb_date_format(d16, d);
				d[7] = '\0';
				att_add(r, LB_ATT_TURNING_16, t, row, d);
			}
		}
		if (strcmp(cell(t, row, LB_R_PRIORITY), "是") == 0 && !*cell(t, row, LB_R_MENTOR))
			att_add(r, LB_ATT_NO_MENTOR, t, row, NULL);
		lb_mentor_load_add(load, cell(t, row, LB_R_SCHOOL), cell(t, row, LB_R_MENTOR), (long)i);
	}
	/* a mentor of one school with more children than the rules allow (篇7) */
	nov = lb_mentor_load_overs(load, &ov);
	for (size_t i = 0; i < nov; i++) {
		struct lb_rep_att *a;
		r->att = lb_xrealloc(r->att, (r->natt + 1) * sizeof *r->att);
		a = &r->att[r->natt++];
		a->kind = LB_ATT_MENTOR_LOAD;
		a->child_id = lb_xstrdup("");
		a->name = lb_xstrdup(ov[i].mentor);
		a->school = lb_xstrdup(ov[i].school);
		a->grade = lb_xstrdup("");
		a->klass = lb_xstrdup("");
		a->detail = lb_xasprintf("%lu", ov[i].n);
	}
	if (r->natt)
		qsort(r->att, r->natt, sizeof *r->att, cmp_att);
	lb_mentor_load_free(load);
}

/* The groups of the report (b->r): every key of a child on the roster,
 * of a class or school that owes a window, and by school every school the
 * census names, sorted and unique in b->keys; keys holds them. */
static void
make_groups(struct build *b, const struct lb_sched *s, const struct lb_report_opts *o,
            struct lb_strv *keys)
{
	struct lb_report *r = b->r;
	const struct lb_table *t = lb_sched_roster(s);
	size_t nrules = r->nrules, nwins = lb_sched_count(s);

	/* the groups: every key of a child on the roster, and of a class or
	 * school that owes a window */
	struct lb_smap seen = LB_SMAP_INIT;     /* keys already in keys */
	for (size_t i = 0; i < t->n; i++) {
		if (o->by == LB_BY_PERFORMER)
			child_names(t, &t->rows[i], keys);
		else {
			char *k = child_key(t, &t->rows[i], o->by);
			if (lb_smap_find(&seen, k))
				free(k);
			else {
				lb_strv_push_owned(keys, k);
				lb_smap_put(&seen, k, 0);
			}
		}
	}
	lb_smap_fini(&seen);
	/* and, by school, every school the census names */
	if (o->census && o->by == LB_BY_SCHOOL)
		for (size_t i = 0; i < o->census->n; i++)
			lb_strv_push(keys, o->census->v[i].school);
	for (size_t i = 0; i < nwins; i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		char *k;
		if (o->by == LB_BY_PERFORMER) {
			if (w->rule->scope == LB_SCOPE_CHILD) {
				struct lb_buf perf = LB_BUF_INIT;
				lb_sched_performer(s, w, &perf);
				name_keys(lb_buf_str(&perf), keys);
				lb_buf_fini(&perf);
			}
		} else if (w->rule->scope != LB_SCOPE_CHILD && (k = win_key(s, w, o->by)))
			lb_strv_push_owned(keys, k);
	}
	if (keys->n)
		qsort(keys->v, keys->n, sizeof *keys->v, lb_strcmp_p);
	b->keys = lb_xcalloc(keys->n ? keys->n : 1, sizeof *b->keys);
	for (size_t i = 0; i < keys->n; i++)
		if (b->nkeys == 0 || strcmp(b->keys[b->nkeys - 1], keys->v[i]) != 0)
			b->keys[b->nkeys++] = keys->v[i];
	r->ng = b->nkeys;
	r->g = lb_xcalloc(r->ng ? r->ng : 1, sizeof *r->g);
	for (size_t i = 0; i < r->ng; i++) {
		r->g[i].key = lb_xstrdup(b->keys[i]);
		r->g[i].rule = lb_xcalloc(nrules ? nrules : 1, sizeof *r->g[i].rule);
	}
	r->total.key = lb_xstrdup("");
	r->total.rule = lb_xcalloc(nrules ? nrules : 1, sizeof *r->total.rule);
}

struct lb_report *
lb_report_build(const struct lb_sched *s, const struct lb_report_opts *o)
{
	const struct lb_table *t = lb_sched_roster(s);
	const struct lb_rules *rs = lb_sched_rules(s);
	const int *last_parent = lb_sched_last_parent(s);
	size_t nrules = rs->nrules, nwins = lb_sched_count(s);
	struct lb_report *r = lb_xcalloc(1, sizeof *r);
	struct build b = {r, NULL, 0, 0, NULL, LB_SMAP_INIT, LB_BUF_INIT};
	struct lb_strv keys = LB_STRV_INIT;
	struct lb_report_opts oo = *o;
	struct complete_ctx cc = {NULL, {0}};
	int y, m, dd;

	if (!oo.complete) {
		struct lb_check_opts co = {0};
		co.asof = o->asof;
		cc.ck = lb_check_new(t->schema, "", &co);
		oo.complete = check_complete;
		oo.complete_arg = &cc;
	}
	o = &oo;

	if (o->period) {
		r->first = o->from;
		r->last = o->to;
		snprintf(r->period, sizeof r->period, "%s", o->period);
	} else {
		lb_date_to_ymd(o->month, &y, &m, &dd);
		r->first = lb_date_from_ymd(y, m, 1);
		r->last = lb_date_from_ymd(y, m, lb_date_days_in_month(y, m));
		snprintf(r->period, sizeof r->period, "%04d-%02d", y, m);
		r->monthly = 1;
	}
	lb_date_to_ymd(r->first, &y, &m, &dd);
	r->asof = o->asof;
	r->ref = r->last < o->asof ? r->last : o->asof;
	r->sept1 = lb_date_from_ymd(m >= 9 ? y : y - 1, 9, 1);
	r->by = o->by;
	r->nrules = nrules;
	r->rules = rs->rules;
	r->mentor_limit = rs->mentor_limit;
	r->has_census = o->census != NULL;
	/* the current term: containing ref, else the last one before it */
	r->term_start = r->term_end = LB_NODATE;
	for (size_t i = 0; i < rs->nterms; i++)
		if (rs->terms[i].start <= r->ref) {
			r->term_start = rs->terms[i].start;
			r->term_end = rs->terms[i].end;
		}

	make_groups(&b, s, o, &keys);
	b.cg = lb_xcalloc(t->n + 1, sizeof *b.cg);
	for (size_t i = 0; i < t->n; i++)
		b.cg[i] = -2;

	for (size_t i = 0; i < t->n; i++) {
		const struct lb_row *row = &t->rows[i];
		const char *imm = cell(t, row, LB_R_IMMUNIZED);
		if (o->by == LB_BY_PERFORMER) {
			/* a child counts for each of its teachers, in the total once:
			 * the second and later groups count against a scratch total */
			struct lb_strv names = LB_STRV_INIT;
			struct lb_report scratch = *r;
			child_names(t, row, &names);
			for (size_t j = 0; j < names.n; j++)
				count_child(j ? &scratch : r, t, row, group_of(&b, names.v[j]), o);
			lb_strv_fini(&names);
		} else
			count_child(r, t, row, child_group(&b, t, i), o);
		if (*imm)
			r->has_immun = 1;
	}
	for (size_t i = 0; i < nwins; i++)
		count_window(&b, s, lb_sched_get(s, i));
	/* written records: the children's by their group, collective events in
	 * the total only */
	struct lb_sched_records rec;
	lb_sched_records(s, &rec);
	for (size_t i = 0; i < t->n; i++) {
		if (!rec.need[i])
			continue;
		struct lb_rep_group *g = o->by == LB_BY_PERFORMER ? group_of(&b, "") : child_group(&b, t, i);
		if (g)
			g->records.num += rec.have[i], g->records.den += rec.need[i];
		r->total.records.num += rec.have[i], r->total.records.den += rec.need[i];
	}
	r->total.records.num += (long)rec.chave;
	r->total.records.den += (long)rec.cneed;
	/* coverage: children active on ref / the census's count, per school */
	if (o->census) {
		for (size_t i = 0; i < t->n; i++) {
			const struct lb_row *row = &t->rows[i];
			if (active_on(t, row, r->ref) &&
			    lb_census_count(o->census, cell(t, row, LB_R_SCHOOL)) >= 0)
				r->total.coverage.num++;
		}
		r->total.coverage.den = o->census->total;
		if (o->by == LB_BY_SCHOOL)
			for (size_t i = 0; i < r->ng; i++) {
				long n = lb_census_count(o->census, r->g[i].key);
				if (n >= 0)
					r->g[i].coverage = (struct lb_ratio){r->g[i].active, n};
			}
	}
	if (r->nod && b.odcap > r->nod)    /* what doubling left over */
		r->od = lb_xrealloc(r->od, r->nod * sizeof *r->od);
	if (r->nod)
		qsort(r->od, r->nod, sizeof *r->od, cmp_od);
	attention(r, t, last_parent);

	free(b.keys);
	free(b.cg);
	lb_smap_fini(&b.perf);
	lb_buf_fini(&b.pbuf);
	lb_strv_fini(&keys);
	lb_check_free(cc.ck);
	lb_diags_fini(&cc.d);
	return r;
}

static void
group_fini(struct lb_rep_group *g)
{
	free(g->key);
	free(g->rule);
}

void
lb_report_free(struct lb_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ng; i++)
		group_fini(&r->g[i]);
	free(r->g);
	group_fini(&r->total);
	free(r->od);
	lb_strv_fini(&r->perfs);
	for (size_t i = 0; i < r->natt; i++) {
		struct lb_rep_att *a = &r->att[i];
		free(a->child_id), free(a->name), free(a->school), free(a->grade);
		free(a->klass), free(a->detail);
	}
	free(r->att);
	free(r);
}
