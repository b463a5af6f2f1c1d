/* report.c — the monthly compliance report: indicators (DESIGN.md 6) and
 * their rendering as md, csv, yaml and html. Windows and statuses come from
 * the rules module through lb_rep_win; nothing here decides them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "mask.h"
#include "report.h"
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

static int
is_active_status(const char *st)
{
	return !*st || strcmp(st, "在册") == 0;
}

/* Active (在册) on day d: archived on or before d (an unknown archive date
 * does not exclude), and status 在册, or another status dated after d. */
static int
active_on(const struct lb_table *t, const struct lb_row *row, int d)
{
	int arch = date_of(cell(t, row, LB_R_ARCHIVED_ON));
	const char *st = cell(t, row, LB_R_STATUS);
	int upd;

	if (arch != LB_NODATE && arch > d)
		return 0;
	if (is_active_status(st))
		return 1;
	upd = date_of(cell(t, row, LB_R_UPDATED_ON));
	return upd != LB_NODATE && upd > d;
}

int
lb_rep_by_parse(const char *s, enum lb_rep_by *by)
{
	static const char *const n[] = {"school", "class", "head_teacher", "mentor", "region_code"};
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
		if (strcmp(s, n[i]) == 0) {
			*by = (enum lb_rep_by)i;
			return 0;
		}
	return -1;
}

const char *
lb_rep_by_name(enum lb_rep_by by)
{
	static const char *const n[] = {"school", "class", "head_teacher", "mentor", "region_code"};
	return n[by];
}

int
lb_rep_fmt_parse(const char *s, enum lb_rep_fmt *fmt)
{
	static const char *const n[] = {"md", "csv", "yaml", "html"};
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
		if (strcmp(s, n[i]) == 0) {
			*fmt = (enum lb_rep_fmt)i;
			return 0;
		}
	return -1;
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
	}
	return lb_xstrdup("");
}

/* The group of a class- or school-scope window under by, or NULL when such
 * windows count in the total only. */
static char *
win_key(const struct lb_rep_win *w, enum lb_rep_scope scope, enum lb_rep_by by)
{
	const char *school = w->school ? w->school : "";
	if (by == LB_BY_SCHOOL)
		return lb_xstrdup(school);
	if (by == LB_BY_CLASS && scope == LB_REP_CLASS)
		return class_key(school, w->grade ? w->grade : "", w->klass ? w->klass : "");
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
};

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

static void
count_child(struct lb_report *r, const struct lb_table *t, const struct lb_row *row,
            struct lb_rep_group *g, const struct lb_report_opts *o)
{
	struct lb_rep_group *tot = &r->total;
	int birth = date_of(cell(t, row, LB_R_BIRTH_DATE));
	int arch = date_of(cell(t, row, LB_R_ARCHIVED_ON));
	int upd = date_of(cell(t, row, LB_R_UPDATED_ON));
	const char *st = cell(t, row, LB_R_STATUS);
	const char *en, *imm;
	int age;

	g->roster++, tot->roster++;
	if (!is_active_status(st) && upd != LB_NODATE && upd >= r->first && upd <= r->last &&
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
count_window(struct build *b, const struct lb_table *t, const struct lb_rep_win *w,
             const struct lb_rep_rule *rule)
{
	struct lb_report *r = b->r;
	struct lb_rep_group *g = NULL;
	char *key = NULL;
	struct lb_rep_rulecell *c[2];

	if (w->end < r->first || w->end > r->last || w->end > r->asof)
		return;
	if (rule->scope == LB_REP_CHILD) {
		if (w->child < 0 || (size_t)w->child >= t->n)
			return;
		key = child_key(t, &t->rows[w->child], r->by);
	} else {
		key = win_key(w, rule->scope, r->by);
	}
	if (key)
		g = group_of(b, key);
	free(key);
	c[0] = &r->total.rule[w->rule];
	c[1] = g ? &g->rule[w->rule] : NULL;
	for (int i = 0; i < 2; i++) {
		if (!c[i])
			continue;
		c[i]->windows++;
		if (w->status == LB_REP_DONE)
			c[i]->done++;
		else if (w->status == LB_REP_OVERDUE)
			c[i]->overdue++;
	}
	if (w->status == LB_REP_OVERDUE) {
		struct lb_rep_overdue *od;
		r->od = lb_xrealloc(r->od, (r->nod + 1) * sizeof *r->od);
		od = &r->od[r->nod++];
		memset(od, 0, sizeof *od);
		if (rule->scope == LB_REP_CHILD) {
			const struct lb_row *row = &t->rows[w->child];
			od->child_id = lb_xstrdup(cell(t, row, LB_R_CHILD_ID));
			od->name = lb_xstrdup(cell(t, row, LB_R_NAME));
			od->school = lb_xstrdup(cell(t, row, LB_R_SCHOOL));
			od->grade = lb_xstrdup(cell(t, row, LB_R_GRADE));
			od->klass = lb_xstrdup(cell(t, row, LB_R_CLASS));
		} else {
			od->child_id = lb_xstrdup("");
			od->name = lb_xstrdup("");
			od->school = lb_xstrdup(w->school ? w->school : "");
			od->grade = lb_xstrdup(w->grade ? w->grade : "");
			od->klass = lb_xstrdup(w->klass ? w->klass : "");
		}
		od->rule = lb_xstrdup(rule->id);
		od->performer = lb_xstrdup(w->performer ? w->performer : "");
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
	struct lb_strv mentors = LB_STRV_INIT;
	char d[16];

	for (size_t i = 0; i < t->n; i++) {
		const struct lb_row *row = &t->rows[i];
		const char *id = cell(t, row, LB_R_CHILD_ID);
		const char *gh = cell(t, row, LB_R_GUARDIAN_HEALTH);
		const char *gr = cell(t, row, LB_R_GUARDIANSHIP_RATING);
		int birth = date_of(cell(t, row, LB_R_BIRTH_DATE));

		if (!active_on(t, row, r->asof))
			continue;
		if (!*cell(t, row, LB_R_GUARDIAN_NAME))
			att_add(r, LB_ATT_NO_GUARDIAN, t, row, NULL);
		/* a parent's contact in the 90 days up to --as-of */
		if (!*id || !last_parent || last_parent[i] == LB_NODATE ||
		    last_parent[i] <= r->asof - 90 || last_parent[i] > r->asof)
			att_add(r, LB_ATT_NO_PARENT, t, row, NULL);
		int weak_h = strcmp(gh, "较差") == 0 || strcmp(gh, "残疾") == 0;
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
		if (*cell(t, row, LB_R_MENTOR))
			lb_strv_push(&mentors, cell(t, row, LB_R_MENTOR));
	}
	/* a mentor with more than 7 children (篇7) */
	if (mentors.n)
		qsort(mentors.v, mentors.n, sizeof *mentors.v, lb_strcmp_p);
	for (size_t i = 0, j; i < mentors.n; i = j) {
		for (j = i; j < mentors.n && strcmp(mentors.v[i], mentors.v[j]) == 0; j++)
			;
		if (j - i > 7) {
			struct lb_rep_att *a;
			r->att = lb_xrealloc(r->att, (r->natt + 1) * sizeof *r->att);
			a = &r->att[r->natt++];
			a->kind = LB_ATT_MENTOR_LOAD;
			a->child_id = lb_xstrdup("");
			a->name = lb_xstrdup(mentors.v[i]);
			a->school = lb_xstrdup("");
			a->grade = lb_xstrdup("");
			a->klass = lb_xstrdup("");
			a->detail = lb_xasprintf("%zu", j - i);
		}
	}
	if (r->natt)
		qsort(r->att, r->natt, sizeof *r->att, cmp_att);
	lb_strv_fini(&mentors);
}

struct lb_report *
lb_report_build(const struct lb_table *t, const int *last_parent,
                const struct lb_rep_rule *rules, size_t nrules,
                const struct lb_rep_win *wins, size_t nwins,
                const struct lb_report_opts *o)
{
	struct lb_report *r = lb_xcalloc(1, sizeof *r);
	struct build b = {r, NULL, 0};
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

	lb_date_to_ymd(o->month, &y, &m, &dd);
	r->first = lb_date_from_ymd(y, m, 1);
	r->last = lb_date_from_ymd(y, m, lb_date_days_in_month(y, m));
	r->asof = o->asof;
	r->ref = r->last < o->asof ? r->last : o->asof;
	r->sept1 = lb_date_from_ymd(m >= 9 ? y : y - 1, 9, 1);
	r->by = o->by;
	r->nrules = nrules;
	r->rules = lb_xcalloc(nrules ? nrules : 1, sizeof *r->rules);
	for (size_t i = 0; i < nrules; i++) {
		r->rules[i].id = lb_xstrdup(rules[i].id);
		r->rules[i].title = lb_xstrdup(rules[i].title ? rules[i].title : "");
		r->rules[i].scope = rules[i].scope;
	}

	/* the groups: every key of a child on the roster, and of a class or
	 * school that owes a window */
	for (size_t i = 0; i < t->n; i++)
		lb_strv_push_owned(&keys, child_key(t, &t->rows[i], o->by));
	for (size_t i = 0; i < nwins; i++) {
		char *k;
		if (wins[i].rule >= nrules || rules[wins[i].rule].scope == LB_REP_CHILD)
			continue;
		if ((k = win_key(&wins[i], rules[wins[i].rule].scope, o->by)))
			lb_strv_push_owned(&keys, k);
	}
	if (keys.n)
		qsort(keys.v, keys.n, sizeof *keys.v, lb_strcmp_p);
	b.keys = lb_xcalloc(keys.n ? keys.n : 1, sizeof *b.keys);
	for (size_t i = 0; i < keys.n; i++)
		if (b.nkeys == 0 || strcmp(b.keys[b.nkeys - 1], keys.v[i]) != 0)
			b.keys[b.nkeys++] = keys.v[i];
	r->ng = b.nkeys;
	r->g = lb_xcalloc(r->ng ? r->ng : 1, sizeof *r->g);
	for (size_t i = 0; i < r->ng; i++) {
		r->g[i].key = lb_xstrdup(b.keys[i]);
		r->g[i].rule = lb_xcalloc(nrules ? nrules : 1, sizeof *r->g[i].rule);
	}
	r->total.key = lb_xstrdup("");
	r->total.rule = lb_xcalloc(nrules ? nrules : 1, sizeof *r->total.rule);

	for (size_t i = 0; i < t->n; i++) {
		const struct lb_row *row = &t->rows[i];
		const char *imm = cell(t, row, LB_R_IMMUNIZED);
		char *k = child_key(t, row, o->by);
		count_child(r, t, row, group_of(&b, k), o);
		free(k);
		if (*imm)
			r->has_immun = 1;
	}
	for (size_t i = 0; i < nwins; i++)
		if (wins[i].rule < nrules)
			count_window(&b, t, &wins[i], &rules[wins[i].rule]);
	if (r->nod)
		qsort(r->od, r->nod, sizeof *r->od, cmp_od);
	attention(r, t, last_parent);

	free(b.keys);
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
	for (size_t i = 0; i < r->nrules; i++) {
		free((char *)r->rules[i].id);
		free((char *)r->rules[i].title);
	}
	free(r->rules);
	for (size_t i = 0; i < r->ng; i++)
		group_fini(&r->g[i]);
	free(r->g);
	group_fini(&r->total);
	for (size_t i = 0; i < r->nod; i++) {
		struct lb_rep_overdue *od = &r->od[i];
		free(od->child_id), free(od->name), free(od->school), free(od->grade);
		free(od->klass), free(od->rule), free(od->performer);
	}
	free(r->od);
	for (size_t i = 0; i < r->natt; i++) {
		struct lb_rep_att *a = &r->att[i];
		free(a->child_id), free(a->name), free(a->school), free(a->grade);
		free(a->klass), free(a->detail);
	}
	free(r->att);
	free(r);
}

/* ---- rendering ----------------------------------------------------------------
 * Labels come in both languages from this one table, so that --lang decides
 * the output without depending on an installed catalogue (DESIGN.md 3: the
 * output is a function of the inputs, --as-of and the language). */

enum lab {
	L_TITLE, L_MONTH, L_ASOF, L_RULES, L_BY, L_TOTAL, L_MISSING,
	L_CHILDREN, L_ROSTER, L_ACTIVE, L_LEFT, L_NEW, L_AGE0, L_AGE1, L_AGE2,
	L_INDICATORS, L_ARCHIVE, L_ENROLL, L_RETAIN, L_IMMUN, L_MENTOR, L_TARGET,
	L_COMPLIANCE, L_DONE, L_OVERDUE_N, L_NORULES,
	L_OVERDUE, L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_RULE, L_WINDOW, L_PERFORMER,
	L_ATTENTION, L_REASON, L_DETAIL, L_NONE, L_LEGEND,
	L_BY_SCHOOL, L_BY_CLASS, L_BY_HEAD, L_BY_MENTOR, L_BY_REGION,
	L_A_NOGUARD, L_A_NOPARENT, L_A_WEAK, L_A_16, L_A_NOMENTOR, L_A_LOAD,
	L_CHART, L_NLAB
};

static const char *const labels[L_NLAB][2] = {
	[L_TITLE] = {"Left-behind children: monthly care report", "留守儿童关爱工作月报"},
	[L_MONTH] = {"Month", "月份"},
	[L_ASOF] = {"As of", "统计截至"},
	[L_RULES] = {"Rules", "规则"},
	[L_BY] = {"Grouped by", "分组"},
	[L_TOTAL] = {"Total", "合计"},
	[L_MISSING] = {"(未填)", "(未填)"},
	[L_CHILDREN] = {"Children", "儿童人数"},
	[L_ROSTER] = {"On roster", "名单人数"},
	[L_ACTIVE] = {"Active", "在册"},
	[L_LEFT] = {"Left in month", "本月离册"},
	[L_NEW] = {"New in month", "本月新建档"},
	[L_AGE0] = {"Age 0–5", "0–5岁"},
	[L_AGE1] = {"Age 6–13", "6–13岁"},
	[L_AGE2] = {"Age 14–15", "14–15岁"},
	[L_INDICATORS] = {"Indicators", "工作指标"},
	[L_ARCHIVE] = {"Archive completeness", "建档率"},
	[L_ENROLL] = {"Enrollment", "入学率"},
	[L_RETAIN] = {"Retention", "巩固率"},
	[L_IMMUN] = {"Immunisation", "计划免疫"},
	[L_MENTOR] = {"Mentor coverage", "帮扶教师覆盖率"},
	[L_TARGET] = {"target", "目标"},
	[L_COMPLIANCE] = {"Rule compliance", "关爱规则执行"},
	[L_DONE] = {"Done/owed", "完成/应做"},
	[L_OVERDUE_N] = {"Overdue", "逾期"},
	[L_NORULES] = {"The profile has no rules.", "规则中没有关爱规则。"},
	[L_OVERDUE] = {"Overdue windows", "逾期未完成"},
	[L_CHILD] = {"Child", "身份证号"},
	[L_NAME] = {"Name", "姓名"},
	[L_SCHOOL] = {"School", "学校"},
	[L_CLASS] = {"Class", "班级"},
	[L_RULE] = {"Rule", "规则"},
	[L_WINDOW] = {"Window", "时段"},
	[L_PERFORMER] = {"Performer", "执行人"},
	[L_ATTENTION] = {"Needs attention", "需关注"},
	[L_REASON] = {"Reason", "原因"},
	[L_DETAIL] = {"Detail", "说明"},
	[L_NONE] = {"None.", "无。"},
	[L_LEGEND] = {"! below target; — nothing to count",
	              "! 低于目标；— 无可计数对象"},
	[L_BY_SCHOOL] = {"School", "学校"},
	[L_BY_CLASS] = {"Class (school/grade/class)", "班级（学校/年级/班）"},
	[L_BY_HEAD] = {"Head teacher", "班主任"},
	[L_BY_MENTOR] = {"Mentor", "帮扶教师"},
	[L_BY_REGION] = {"Region code", "行政区划代码"},
	[L_A_NOGUARD] = {"no guardian", "无监护人"},
	[L_A_NOPARENT] = {"no contact by a parent in 90 days", "90天内无父母联系"},
	[L_A_WEAK] = {"guardian in poor health or assessed 差", "监护人身体较差或监护评估为差"},
	[L_A_16] = {"turns 16 within 90 days", "90天内年满16岁"},
	[L_A_NOMENTOR] = {"priority child without a mentor", "重点帮扶儿童无帮扶教师"},
	[L_A_LOAD] = {"mentor with more than 7 children", "帮扶教师结对超过7名"},
	[L_CHART] = {"compliance by group", "各组完成率"},
};

static const char *const att_codes[] = {
	"no_guardian", "no_parent_contact", "guardian_weak", "turning_16",
	"priority_without_mentor", "mentor_over_limit"
};

struct out {
	FILE *fp;
	const struct lb_report *r;
	const struct lb_rep_render *ro;
	struct lb_buf b;     /* scratch */
};

static const char *
L(const struct out *o, enum lab l)
{
	return labels[l][o->ro->zh ? 1 : 0];
}

static const char *
by_label(const struct out *o)
{
	return L(o, L_BY_SCHOOL + (int)o->r->by);
}

static const char *
key_text(const struct out *o, const char *key)
{
	return *key ? key : L(o, L_MISSING);
}

static const char *
ymonth(int d, char *out)
{
	int y, m, dd;
	lb_date_to_ymd(d, &y, &m, &dd);
	sprintf(out, "%04d-%02d", y, m);
	return out;
}

/* identity numbers masked unless --reveal */
static const char *
masked_id(struct out *o, const char *id)
{
	lb_buf_clear(&o->b);
	if (o->ro->reveal)
		lb_buf_adds(&o->b, id);
	else
		lb_mask_id(id, &o->b);
	return lb_buf_str(&o->b);
}

/* free text: any identity or phone number inside masked unless --reveal */
static char *
masked_text(const struct out *o, const char *s)
{
	struct lb_buf b = LB_BUF_INIT;
	lb_mask_text(s, o->ro->reveal, &b);
	lb_buf_addc(&b, '\0');
	return lb_buf_steal(&b);
}

static char *
class_text(const char *grade, const char *klass)
{
	if (!*grade && !*klass)
		return lb_xstrdup("");
	return lb_xasprintf("%s/%s", grade, klass);
}

static const char *
att_label(const struct out *o, enum lb_att_kind k)
{
	return L(o, L_A_NOGUARD + (int)k);
}

/* The indicators of one group as ratios with their targets, in column order;
 * immunisation only when the column has values. */
struct ind {
	enum lab lab;
	const char *code;
	struct lb_ratio q;
	int target;
};

static size_t
indicators(const struct lb_report *r, const struct lb_rep_group *g, struct ind *v)
{
	size_t n = 0;
	v[n++] = (struct ind){L_ARCHIVE, "archive", g->archive, LB_TARGET_FULL};
	v[n++] = (struct ind){L_ENROLL, "enrollment", g->enroll, LB_TARGET_FULL};
	v[n++] = (struct ind){L_RETAIN, "retention", g->retain, LB_TARGET_FULL};
	if (r->has_immun)
		v[n++] = (struct ind){L_IMMUN, "immunisation", g->immun, LB_TARGET_IMMUN};
	v[n++] = (struct ind){L_MENTOR, "mentor", g->mentor, LB_TARGET_FULL};
	return n;
}

/* An indicator's column heading, "Archive completeness (target 100%)", the
 * target taken from the indicator itself (tenths of a percent). */
static const char *
ind_heading(const struct out *o, const struct ind *v, char *buf, size_t size)
{
	if (v->target % 10)
		snprintf(buf, size, "%s (%s %d.%d%%)", L(o, v->lab), L(o, L_TARGET),
		         v->target / 10, v->target % 10);
	else
		snprintf(buf, size, "%s (%s %d%%)", L(o, v->lab), L(o, L_TARGET), v->target / 10);
	return buf;
}

static struct lb_ratio
rule_ratio(const struct lb_rep_rulecell *c)
{
	return (struct lb_ratio){c->done, c->windows};
}

/* A rule is shown for a group only where its windows can belong to one:
 * class/school-scope rules in the total and under --by school or class. */
static int
rule_in_groups(const struct lb_report *r, size_t i)
{
	enum lb_rep_scope s = r->rules[i].scope;
	return s == LB_REP_CHILD || r->by == LB_BY_SCHOOL ||
	       (r->by == LB_BY_CLASS && s == LB_REP_CLASS);
}

/* ---- Markdown ---- */

/* A cell: '|' escaped, line ends and TAB a space; '<', '>' and '&' as
 * entities (a renderer passes raw HTML: a <script> typed into a name);
 * other control characters quoted (\033), so an ESC does not reach the
 * terminal that shows the report. */
static const char md_special[] = "|\n\r\t<>&"
	"\001\002\003\004\005\006\007\010\013\014\016\017\020\021\022\023\024\025\026\027"
	"\030\031\032\033\034\035\036\037\177\302";

static void
md_cell(FILE *fp, const char *s)
{
	fputc(' ', fp);
	for (;;) {
		/* runs of plain text at once */
		size_t n = strcspn(s, md_special);
		fwrite(s, 1, n, fp);
		if (!s[n])
			break;
		unsigned char c = (unsigned char)s[n];
		if (c == 0xC2 && (unsigned char)s[n + 1] >= 0x80 && (unsigned char)s[n + 1] <= 0x9F) {
			fprintf(fp, "\\u%04X", (unsigned char)s[n + 1]);   /* a C1 control */
			s += n + 2;
			continue;
		}
		switch (c) {
		case '|': fputs("\\|", fp); break;
		case '\n': case '\r': case '\t': fputc(' ', fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case 0xC2: fputc(c, fp); break;
		default: fprintf(fp, "\\%03o", c);
		}
		s += n + 1;
	}
	fputs(" |", fp);
}

static void
md_ratio(FILE *fp, struct lb_ratio q, int target)
{
	char s[64];
	lb_ratio_format(q, s);
	if (lb_ratio_below(q, target))
		strcat(s, " !");
	md_cell(fp, s);
}

static void
md_rule(FILE *fp, size_t ncols, int nright)
{
	fputs("|", fp);
	for (size_t i = 0; i < ncols; i++)
		fputs((int)i >= (int)ncols - nright ? "---:|" : "---|", fp);
	fputc('\n', fp);
}

static void
md_children_row(FILE *fp, const char *key, const struct lb_rep_group *g)
{
	char s[32];
	long v[] = {g->roster, g->active, g->left, g->added, g->age[0], g->age[1], g->age[2]};

	fputs("|", fp);
	md_cell(fp, key);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		sprintf(s, "%ld", v[i]);
		md_cell(fp, s);
	}
	fputc('\n', fp);
}

static void
write_md(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16], d2[16], tot[64];
	struct ind iv[8];
	size_t ni = indicators(r, &r->total, iv);

	snprintf(tot, sizeof tot, "**%s**", L(o, L_TOTAL));
	fprintf(fp, "# %s %s\n\n", L(o, L_TITLE), ymonth(r->first, d1));
	fprintf(fp, "- %s: %s\n", L(o, L_ASOF), lb_date_format(r->asof, d1));
	fprintf(fp, "- %s: %s%s%s\n", L(o, L_RULES), o->ro->profile ? o->ro->profile : "",
	        o->ro->rules_file ? " + " : "", o->ro->rules_file ? o->ro->rules_file : "");
	fprintf(fp, "- %s: %s\n", L(o, L_BY), by_label(o));

	/* children */
	fprintf(fp, "\n## %s\n\n|", L(o, L_CHILDREN));
	md_cell(fp, by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		md_cell(fp, L(o, l));
	fputc('\n', fp);
	md_rule(fp, 8, 7);
	for (size_t i = 0; i < r->ng; i++)
		md_children_row(fp, key_text(o, r->g[i].key), &r->g[i]);
	md_children_row(fp, tot, &r->total);

	/* indicators */
	fprintf(fp, "\n## %s\n\n|", L(o, L_INDICATORS));
	md_cell(fp, by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char h[128];
		md_cell(fp, ind_heading(o, &iv[k], h, sizeof h));
	}
	fputc('\n', fp);
	md_rule(fp, ni + 1, (int)ni);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		indicators(r, g, iv);
		fputs("|", fp);
		md_cell(fp, i < r->ng ? key_text(o, g->key) : tot);
		for (size_t k = 0; k < ni; k++)
			md_ratio(fp, iv[k].q, iv[k].target);
		fputc('\n', fp);
	}

	/* rules */
	fprintf(fp, "\n## %s\n", L(o, L_COMPLIANCE));
	if (r->nrules == 0)
		fprintf(fp, "\n%s\n", L(o, L_NORULES));
	for (size_t k = 0; k < r->nrules; k++) {
		char s[32];
		fprintf(fp, "\n### %s — %s\n\n|", r->rules[k].id, r->rules[k].title);
		md_cell(fp, by_label(o));
		md_cell(fp, L(o, L_DONE));
		md_cell(fp, L(o, L_OVERDUE_N));
		fputc('\n', fp);
		md_rule(fp, 3, 2);
		for (size_t i = 0; i <= r->ng; i++) {
			const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
			if (i < r->ng && !rule_in_groups(r, k))
				continue;
			fputs("|", fp);
			md_cell(fp, i < r->ng ? key_text(o, g->key) : tot);
			md_ratio(fp, rule_ratio(&g->rule[k]), LB_TARGET_FULL);
			sprintf(s, "%ld", g->rule[k].overdue);
			md_cell(fp, s);
			fputc('\n', fp);
		}
	}

	/* overdue windows */
	fprintf(fp, "\n## %s (%zu)\n\n", L(o, L_OVERDUE), r->nod);
	if (r->nod == 0) {
		fprintf(fp, "%s\n", L(o, L_NONE));
	} else {
		fputs("|", fp);
		for (enum lab l = L_CHILD; l <= L_PERFORMER; l++)
			md_cell(fp, L(o, l));
		fputc('\n', fp);
		md_rule(fp, 7, 0);
		for (size_t i = 0; i < r->nod; i++) {
			const struct lb_rep_overdue *od = &r->od[i];
			char *name = masked_text(o, od->name), *perf = masked_text(o, od->performer);
			char *cl = class_text(od->grade, od->klass), w[32];
			snprintf(w, sizeof w, "%s – %s", lb_date_format(od->start, d1),
			         lb_date_format(od->end, d2));
			fputs("|", fp);
			md_cell(fp, masked_id(o, od->child_id));
			md_cell(fp, name);
			md_cell(fp, od->school);
			md_cell(fp, cl);
			md_cell(fp, od->rule);
			md_cell(fp, w);
			md_cell(fp, perf);
			fputc('\n', fp);
			free(name), free(perf), free(cl);
		}
	}

	/* attention */
	fprintf(fp, "\n## %s (%zu)\n\n", L(o, L_ATTENTION), r->natt);
	if (r->natt == 0) {
		fprintf(fp, "%s\n", L(o, L_NONE));
	} else {
		fputs("|", fp);
		md_cell(fp, L(o, L_CHILD));
		md_cell(fp, L(o, L_NAME));
		md_cell(fp, L(o, L_SCHOOL));
		md_cell(fp, L(o, L_CLASS));
		md_cell(fp, L(o, L_REASON));
		md_cell(fp, L(o, L_DETAIL));
		fputc('\n', fp);
		md_rule(fp, 6, 0);
		for (size_t i = 0; i < r->natt; i++) {
			const struct lb_rep_att *a = &r->att[i];
			char *name = masked_text(o, a->name), *det = masked_text(o, a->detail);
			char *cl = class_text(a->grade, a->klass);
			fputs("|", fp);
			md_cell(fp, masked_id(o, a->child_id));
			md_cell(fp, name);
			md_cell(fp, a->school);
			md_cell(fp, cl);
			md_cell(fp, att_label(o, a->kind));
			md_cell(fp, det);
			fputc('\n', fp);
			free(name), free(det), free(cl);
		}
	}
	fprintf(fp, "\n%s\n", L(o, L_LEGEND));
}

/* ---- CSV ---- */

void
lb_rep_csv_safe(const char *s, struct lb_buf *out)
{
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
		lb_buf_addc(out, '\'');
	lb_buf_adds(out, s);
}

/* one cell of RFC 4180 CSV, neutralised */
static void
csv_put(struct out *o, const char *s, int last)
{
	const char *v;
	lb_buf_clear(&o->b);
	lb_rep_csv_safe(s, &o->b);
	v = lb_buf_str(&o->b);
	if (strpbrk(v, ",\"\r\n") || (*v && (v[0] == ' ' || v[strlen(v) - 1] == ' '))) {
		fputc('"', o->fp);
		for (; *v; v++) {
			if (*v == '"')
				fputc('"', o->fp);
			fputc(*v, o->fp);
		}
		fputc('"', o->fp);
	} else {
		fputs(v, o->fp);
	}
	fputc(last ? '\n' : ',', o->fp);
}

enum { C_SECTION, C_BY, C_GROUP, C_IND, C_COUNT, C_DEN, C_PCT, C_TARGET, C_BELOW, C_OVERDUE,
       C_CHILD, C_NAME, C_SCHOOL, C_GRADE, C_CLASS, C_RULE, C_START, C_END, C_PERF,
       C_DETAIL, C_N };
static const char *const csv_cols[C_N] = {
	"section", "by", "group", "indicator", "count", "denominator", "percent", "target",
	"below_target", "overdue", "child_id", "name", "school", "grade", "class", "rule",
	"window_start", "window_end", "performer", "detail"
};

static void
csv_row(struct out *o, char **c)
{
	for (int i = 0; i < C_N; i++)
		csv_put(o, c[i] ? c[i] : "", i == C_N - 1);
}

static void
csv_groups(struct out *o, char **c, const struct lb_rep_group *g, int total)
{
	const struct lb_report *r = o->r;
	static const char *const cn[] = {"roster", "active", "left", "new", "age_0_5",
	                                 "age_6_13", "age_14_15"};
	long cv[] = {g->roster, g->active, g->left, g->added, g->age[0], g->age[1], g->age[2]};
	char n1[24], n2[24], p[24], tg[24], ov[24];
	struct ind iv[8];
	size_t ni = indicators(r, g, iv);

	memset(c, 0, C_N * sizeof *c);
	c[C_BY] = (char *)(total ? "total" : lb_rep_by_name(r->by));
	c[C_GROUP] = (char *)(total ? "" : key_text(o, g->key));
	c[C_SECTION] = (char *)"children";
	for (size_t i = 0; i < sizeof cv / sizeof cv[0]; i++) {
		c[C_IND] = (char *)cn[i];
		sprintf(n1, "%ld", cv[i]);
		c[C_COUNT] = n1;
		csv_row(o, c);
	}
	c[C_SECTION] = (char *)"indicator";
	for (size_t k = 0; k < ni; k++) {
		c[C_IND] = (char *)iv[k].code;
		sprintf(n1, "%ld", iv[k].q.num);
		sprintf(n2, "%ld", iv[k].q.den);
		c[C_COUNT] = n1;
		c[C_DEN] = n2;
		c[C_PCT] = lb_ratio_pct(iv[k].q, p);
		sprintf(tg, "%d.%d", iv[k].target / 10, iv[k].target % 10);
		c[C_TARGET] = tg;
		c[C_BELOW] = (char *)(iv[k].q.den == 0 ? "" :
		                      lb_ratio_below(iv[k].q, iv[k].target) ? "是" : "否");
		csv_row(o, c);
	}
	c[C_SECTION] = (char *)"rule";
	for (size_t k = 0; k < r->nrules; k++) {
		struct lb_ratio q = rule_ratio(&g->rule[k]);
		if (!total && !rule_in_groups(r, k))
			continue;
		c[C_IND] = (char *)r->rules[k].id;
		c[C_RULE] = (char *)r->rules[k].id;
		sprintf(n1, "%ld", q.num);
		sprintf(n2, "%ld", q.den);
		sprintf(ov, "%ld", g->rule[k].overdue);
		c[C_COUNT] = n1;
		c[C_DEN] = n2;
		c[C_PCT] = lb_ratio_pct(q, p);
		c[C_TARGET] = (char *)"100.0";
		c[C_BELOW] = (char *)(q.den == 0 ? "" : lb_ratio_below(q, LB_TARGET_FULL) ? "是" : "否");
		c[C_OVERDUE] = ov;
		csv_row(o, c);
	}
}

static void
write_csv(struct out *o)
{
	const struct lb_report *r = o->r;
	char *c[C_N];
	char d1[16], d2[16];

	for (int i = 0; i < C_N; i++)
		csv_put(o, csv_cols[i], i == C_N - 1);
	for (size_t i = 0; i < r->ng; i++)
		csv_groups(o, c, &r->g[i], 0);
	csv_groups(o, c, &r->total, 1);
	for (size_t i = 0; i < r->nod; i++) {
		const struct lb_rep_overdue *od = &r->od[i];
		char *id = lb_xstrdup(masked_id(o, od->child_id));
		char *name = masked_text(o, od->name), *perf = masked_text(o, od->performer);
		memset(c, 0, sizeof c);
		c[C_SECTION] = (char *)"overdue";
		c[C_IND] = od->rule;
		c[C_CHILD] = id;
		c[C_NAME] = name;
		c[C_SCHOOL] = od->school;
		c[C_GRADE] = od->grade;
		c[C_CLASS] = od->klass;
		c[C_RULE] = od->rule;
		c[C_START] = lb_date_format(od->start, d1);
		c[C_END] = lb_date_format(od->end, d2);
		c[C_PERF] = perf;
		csv_row(o, c);
		free(id), free(name), free(perf);
	}
	for (size_t i = 0; i < r->natt; i++) {
		const struct lb_rep_att *a = &r->att[i];
		char *id = lb_xstrdup(masked_id(o, a->child_id));
		char *name = masked_text(o, a->name), *det = masked_text(o, a->detail);
		memset(c, 0, sizeof c);
		c[C_SECTION] = (char *)"attention";
		c[C_IND] = (char *)att_codes[a->kind];
		c[C_CHILD] = id;
		c[C_NAME] = name;
		c[C_SCHOOL] = a->school;
		c[C_GRADE] = a->grade;
		c[C_CLASS] = a->klass;
		c[C_DETAIL] = det;
		csv_row(o, c);
		free(id), free(name), free(det);
	}
}

/* ---- YAML ---- */

static void
yq(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/* the fields of a ratio, each line starting with ind */
static void
yaml_ratio(FILE *fp, const char *ind, struct lb_ratio q, int target)
{
	char p[24];
	fprintf(fp, "%scount: %ld\n%sdenominator: %ld\n", ind, q.num, ind, q.den);
	fprintf(fp, "%spercent: %s\n", ind, q.den ? lb_ratio_pct(q, p) : "null");
	fprintf(fp, "%starget: %d.%d\n", ind, target / 10, target % 10);
	fprintf(fp, "%sbelow_target: %s\n", ind, lb_ratio_below(q, target) ? "true" : "false");
}

static void
yaml_group(struct out *o, const struct lb_rep_group *g, const char *ind, int total)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[8];
	size_t ni = indicators(r, g, iv);
	int any = 0;

	fprintf(fp, "%sroster: %ld\n%sactive: %ld\n%sleft: %ld\n%snew: %ld\n", ind, g->roster,
	        ind, g->active, ind, g->left, ind, g->added);
	fprintf(fp, "%sage_0_5: %ld\n%sage_6_13: %ld\n%sage_14_15: %ld\n", ind, g->age[0], ind,
	        g->age[1], ind, g->age[2]);
	char ind2[32];

	snprintf(ind2, sizeof ind2, "%s  ", ind);
	for (size_t k = 0; k < ni; k++) {
		fprintf(fp, "%s%s:\n", ind, iv[k].code);
		yaml_ratio(fp, ind2, iv[k].q, iv[k].target);
	}
	snprintf(ind2, sizeof ind2, "%s    ", ind);
	for (size_t k = 0; k < r->nrules; k++) {
		if (!total && !rule_in_groups(r, k))
			continue;
		if (!any++)
			fprintf(fp, "%srules:\n", ind);
		fprintf(fp, "%s  - rule: ", ind);
		yq(fp, r->rules[k].id);
		fputc('\n', fp);
		yaml_ratio(fp, ind2, rule_ratio(&g->rule[k]), LB_TARGET_FULL);
		fprintf(fp, "%soverdue: %ld\n", ind2, g->rule[k].overdue);
	}
}

static void
write_yaml(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	static const char *const scopes[] = {"child", "class", "school"};
	char d1[16];

	fputs("month: ", fp), yq(fp, ymonth(r->first, d1)), fputc('\n', fp);
	fputs("as_of: ", fp), yq(fp, lb_date_format(r->asof, d1)), fputc('\n', fp);
	fputs("profile: ", fp), yq(fp, o->ro->profile ? o->ro->profile : ""), fputc('\n', fp);
	if (o->ro->rules_file)
		fputs("rules_file: ", fp), yq(fp, o->ro->rules_file), fputc('\n', fp);
	fputs("by: ", fp), yq(fp, lb_rep_by_name(r->by)), fputc('\n', fp);
	fputs(r->nrules ? "rules:\n" : "rules: []\n", fp);
	for (size_t k = 0; k < r->nrules; k++) {
		fputs("  - id: ", fp), yq(fp, r->rules[k].id), fputc('\n', fp);
		fputs("    title: ", fp), yq(fp, r->rules[k].title), fputc('\n', fp);
		fputs("    scope: ", fp), yq(fp, scopes[r->rules[k].scope]), fputc('\n', fp);
	}
	fputs(r->ng ? "groups:\n" : "groups: []\n", fp);
	for (size_t i = 0; i < r->ng; i++) {
		fputs("  - group: ", fp), yq(fp, key_text(o, r->g[i].key)), fputc('\n', fp);
		yaml_group(o, &r->g[i], "    ", 0);
	}
	fputs("total:\n", fp);
	yaml_group(o, &r->total, "  ", 1);
	fputs(r->nod ? "overdue:\n" : "overdue: []\n", fp);
	for (size_t i = 0; i < r->nod; i++) {
		const struct lb_rep_overdue *od = &r->od[i];
		char *name = masked_text(o, od->name), *perf = masked_text(o, od->performer);
		fputs("  - child_id: ", fp), yq(fp, masked_id(o, od->child_id)), fputc('\n', fp);
		fputs("    name: ", fp), yq(fp, name), fputc('\n', fp);
		fputs("    school: ", fp), yq(fp, od->school), fputc('\n', fp);
		fputs("    grade: ", fp), yq(fp, od->grade), fputc('\n', fp);
		fputs("    class: ", fp), yq(fp, od->klass), fputc('\n', fp);
		fputs("    rule: ", fp), yq(fp, od->rule), fputc('\n', fp);
		fputs("    window_start: ", fp), yq(fp, lb_date_format(od->start, d1)), fputc('\n', fp);
		fputs("    window_end: ", fp), yq(fp, lb_date_format(od->end, d1)), fputc('\n', fp);
		fputs("    performer: ", fp), yq(fp, perf), fputc('\n', fp);
		free(name), free(perf);
	}
	fputs(r->natt ? "attention:\n" : "attention: []\n", fp);
	for (size_t i = 0; i < r->natt; i++) {
		const struct lb_rep_att *a = &r->att[i];
		char *name = masked_text(o, a->name), *det = masked_text(o, a->detail);
		fputs("  - reason: ", fp), yq(fp, att_codes[a->kind]), fputc('\n', fp);
		fputs("    child_id: ", fp), yq(fp, masked_id(o, a->child_id)), fputc('\n', fp);
		fputs("    name: ", fp), yq(fp, name), fputc('\n', fp);
		fputs("    school: ", fp), yq(fp, a->school), fputc('\n', fp);
		fputs("    grade: ", fp), yq(fp, a->grade), fputc('\n', fp);
		fputs("    class: ", fp), yq(fp, a->klass), fputc('\n', fp);
		fputs("    detail: ", fp), yq(fp, det), fputc('\n', fp);
		free(name), free(det);
	}
}

/* ---- HTML: one self-contained page, inline CSS and SVG, nothing fetched ---- */

static void
h(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void
html_td(FILE *fp, const char *s, const char *cls)
{
	fputs(cls ? "<td class=\"" : "<td>", fp);
	if (cls)
		fprintf(fp, "%s\">", cls);
	h(fp, s);
	fputs("</td>", fp);
}

static void
html_ratio(FILE *fp, struct lb_ratio q, int target)
{
	char s[64];
	int below = lb_ratio_below(q, target);
	lb_ratio_format(q, s);
	if (below)
		strcat(s, " !");
	html_td(fp, s, below ? "n below" : "n");
}

static void
html_th(FILE *fp, const char *s)
{
	fputs("<th>", fp);
	h(fp, s);
	fputs("</th>", fp);
}

/* A list's heading, "TITLE (N)", then "none" when N is 0 or the opening of
 * its table and header row with the labels given. Returns N > 0. */
static int
html_list_head(FILE *fp, struct out *o, enum lab title, size_t n, const enum lab *cols, size_t ncols)
{
	fputs("<h2>", fp), h(fp, L(o, title));
	fprintf(fp, " (%zu)</h2>\n", n);
	if (n == 0) {
		fputs("<p>", fp), h(fp, L(o, L_NONE)), fputs("</p>\n", fp);
		return 0;
	}
	fputs("<table>\n<tr>", fp);
	for (size_t i = 0; i < ncols; i++)
		html_th(fp, L(o, cols[i]));
	fputs("</tr>\n", fp);
	return 1;
}

static const char html_css[] =
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif;margin:2em;color:#222;max-width:60em}"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #999}"
	"h3{font-size:1em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}"
	"th{background:#eee}td.n{text-align:right;white-space:nowrap}"
	"tr.total td{font-weight:bold;border-top:2px solid #444}"
	"td.below{color:#b00020;font-weight:bold}"
	".meta{color:#444}.legend{color:#444;font-size:.9em}"
	"svg{display:block;margin:.5em 0}"
	"@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}"
	"table,svg,.rule{page-break-inside:avoid}th{background:#ddd}}";

/* A horizontal bar per group and the total: the share of owed windows done,
 * a dashed line at the 100% target. */
static void
html_chart(struct out *o, size_t k)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	const int lw = 220, bw = 360, rh = 22, top = 8;
	size_t rows = (rule_in_groups(r, k) ? r->ng : 0) + 1, y = 0;
	int hgt = top + (int)rows * rh + 20;

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", lw + bw + 90, hgt,
	        lw + bw + 90, hgt);
	h(fp, r->rules[k].id);
	fprintf(fp, " %s\" font-size=\"13\">\n", L(o, L_CHART));
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		struct lb_ratio q;
		char p[24];
		int yy;
		if (i < r->ng && !rule_in_groups(r, k))
			continue;
		q = rule_ratio(&g->rule[k]);
		yy = top + (int)y * rh;
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>", lw - 6, yy + 15,
		        i == r->ng ? " font-weight=\"bold\"" : "");
		h(fp, i < r->ng ? key_text(o, g->key) : L(o, L_TOTAL));
		fputs("</text>", fp);
		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eee\"/>", lw,
		        yy + 3, bw, rh - 6);
		if (q.den > 0) {
			long w = (q.num * bw * 2 + q.den) / (2 * q.den);
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\" fill=\"%s\"/>",
			        lw, yy + 3, w, rh - 6,
			        lb_ratio_below(q, LB_TARGET_FULL) ? "#c0392b" : "#2e7d32");
			fprintf(fp, "<text x=\"%d\" y=\"%d\">%s%%</text>", lw + bw + 6, yy + 15,
			        lb_ratio_pct(q, p));
		} else {
			fprintf(fp, "<text x=\"%d\" y=\"%d\">—</text>", lw + bw + 6, yy + 15);
		}
		fputc('\n', fp);
		y++;
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" "
	        "stroke-dasharray=\"4 3\"/>", lw + bw, top, lw + bw, top + (int)rows * rh);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s 100%%</text>\n", lw + bw,
	        top + (int)rows * rh + 14, L(o, L_TARGET));
	fputs("</svg>\n", fp);
}

static void
html_children_row(FILE *fp, const char *key, const struct lb_rep_group *g, int total)
{
	char s[32];
	long v[] = {g->roster, g->active, g->left, g->added, g->age[0], g->age[1], g->age[2]};

	fputs(total ? "<tr class=\"total\">" : "<tr>", fp);
	html_td(fp, key, NULL);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		sprintf(s, "%ld", v[i]);
		html_td(fp, s, "n");
	}
	fputs("</tr>\n", fp);
}

static void
write_html(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16], d2[16];
	struct ind iv[8];
	size_t ni = indicators(r, &r->total, iv);

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	        o->ro->zh ? "zh-CN" : "en");
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", fp);
	fputs("<title>", fp);
	h(fp, L(o, L_TITLE));
	fprintf(fp, " %s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", ymonth(r->first, d1),
	        html_css);
	h(fp, L(o, L_TITLE));
	fprintf(fp, " %s</h1>\n<p class=\"meta\">", ymonth(r->first, d1));
	h(fp, L(o, L_ASOF));
	fprintf(fp, ": %s · ", lb_date_format(r->asof, d1));
	h(fp, L(o, L_RULES));
	fputs(": ", fp);
	h(fp, o->ro->profile ? o->ro->profile : "");
	if (o->ro->rules_file) {
		fputs(" + ", fp);
		h(fp, o->ro->rules_file);
	}
	fputs(" · ", fp);
	h(fp, L(o, L_BY));
	fputs(": ", fp);
	h(fp, by_label(o));
	fputs("</p>\n", fp);

	/* children */
	fputs("<h2>", fp), h(fp, L(o, L_CHILDREN)), fputs("</h2>\n<table>\n<tr>", fp);
	html_th(fp, by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		html_th(fp, L(o, l));
	fputs("</tr>\n", fp);
	for (size_t i = 0; i < r->ng; i++)
		html_children_row(fp, key_text(o, r->g[i].key), &r->g[i], 0);
	html_children_row(fp, L(o, L_TOTAL), &r->total, 1);
	fputs("</table>\n", fp);

	/* indicators */
	fputs("<h2>", fp), h(fp, L(o, L_INDICATORS)), fputs("</h2>\n<table>\n<tr>", fp);
	html_th(fp, by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char s[128];
		html_th(fp, ind_heading(o, &iv[k], s, sizeof s));
	}
	fputs("</tr>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		indicators(r, g, iv);
		fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
		html_td(fp, i < r->ng ? key_text(o, g->key) : L(o, L_TOTAL), NULL);
		for (size_t k = 0; k < ni; k++)
			html_ratio(fp, iv[k].q, iv[k].target);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);

	/* rules */
	fputs("<h2>", fp), h(fp, L(o, L_COMPLIANCE)), fputs("</h2>\n", fp);
	if (r->nrules == 0)
		fputs("<p>", fp), h(fp, L(o, L_NORULES)), fputs("</p>\n", fp);
	for (size_t k = 0; k < r->nrules; k++) {
		char s[32];
		fputs("<div class=\"rule\">\n<h3>", fp);
		h(fp, r->rules[k].id);
		fputs(" — ", fp);
		h(fp, r->rules[k].title);
		fputs("</h3>\n", fp);
		html_chart(o, k);
		fputs("<table>\n<tr>", fp);
		html_th(fp, by_label(o));
		html_th(fp, L(o, L_DONE));
		html_th(fp, L(o, L_OVERDUE_N));
		fputs("</tr>\n", fp);
		for (size_t i = 0; i <= r->ng; i++) {
			const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
			if (i < r->ng && !rule_in_groups(r, k))
				continue;
			fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
			html_td(fp, i < r->ng ? key_text(o, g->key) : L(o, L_TOTAL), NULL);
			html_ratio(fp, rule_ratio(&g->rule[k]), LB_TARGET_FULL);
			sprintf(s, "%ld", g->rule[k].overdue);
			html_td(fp, s, "n");
			fputs("</tr>\n", fp);
		}
		fputs("</table>\n</div>\n", fp);
	}

	/* overdue */
	static const enum lab odcols[] = {L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_RULE, L_WINDOW, L_PERFORMER};
	if (html_list_head(fp, o, L_OVERDUE, r->nod, odcols, sizeof odcols / sizeof *odcols)) {
		for (size_t i = 0; i < r->nod; i++) {
			const struct lb_rep_overdue *od = &r->od[i];
			char *name = masked_text(o, od->name), *perf = masked_text(o, od->performer);
			char *cl = class_text(od->grade, od->klass), w[32];
			snprintf(w, sizeof w, "%s – %s", lb_date_format(od->start, d1),
			         lb_date_format(od->end, d2));
			fputs("<tr>", fp);
			html_td(fp, masked_id(o, od->child_id), NULL);
			html_td(fp, name, NULL);
			html_td(fp, od->school, NULL);
			html_td(fp, cl, NULL);
			html_td(fp, od->rule, NULL);
			html_td(fp, w, "n");
			html_td(fp, perf, NULL);
			fputs("</tr>\n", fp);
			free(name), free(perf), free(cl);
		}
		fputs("</table>\n", fp);
	}

	/* attention */
	static const enum lab attcols[] = {L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_REASON, L_DETAIL};
	if (html_list_head(fp, o, L_ATTENTION, r->natt, attcols, sizeof attcols / sizeof *attcols)) {
		for (size_t i = 0; i < r->natt; i++) {
			const struct lb_rep_att *a = &r->att[i];
			char *name = masked_text(o, a->name), *det = masked_text(o, a->detail);
			char *cl = class_text(a->grade, a->klass);
			fputs("<tr>", fp);
			html_td(fp, masked_id(o, a->child_id), NULL);
			html_td(fp, name, NULL);
			html_td(fp, a->school, NULL);
			html_td(fp, cl, NULL);
			html_td(fp, att_label(o, a->kind), NULL);
			html_td(fp, det, NULL);
			fputs("</tr>\n", fp);
			free(name), free(det), free(cl);
		}
		fputs("</table>\n", fp);
	}
	fputs("<p class=\"legend\">", fp);
	h(fp, L(o, L_LEGEND));
	fputs("</p>\n</body>\n</html>\n", fp);
}

int
lb_report_write(const struct lb_report *r, FILE *fp, enum lb_rep_fmt fmt,
                const struct lb_rep_render *ro)
{
	struct out o = {fp, r, ro, LB_BUF_INIT};

	switch (fmt) {
	case LB_REP_MD: write_md(&o); break;
	case LB_REP_CSV: write_csv(&o); break;
	case LB_REP_YAML: write_yaml(&o); break;
	case LB_REP_HTML: write_html(&o); break;
	}
	lb_buf_fini(&o.b);
	return ferror(fp) ? LB_EOUTPUT : 0;
}
