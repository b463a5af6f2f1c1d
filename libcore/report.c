/* report.c — the monthly compliance report: indicators and their rendering
 * as md, csv, yaml and html. Windows and statuses come from the schedule
 * (sched.h), who is active from roster.h; nothing here decides them. */
#include <stdlib.h>
#include <string.h>

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
	struct lb_rep_group *g = NULL;
	char *key = NULL;
	struct lb_rep_rulecell *c[2];
	size_t ri = (size_t)(w->rule - r->rules);

	if (w->end < r->first || w->end > r->last || w->end > r->asof)
		return;
	if (w->rule->scope == LB_SCOPE_CHILD)
		key = child_key(t, &t->rows[w->row], r->by);
	else
		key = win_key(s, w, r->by);
	if (key)
		g = group_of(b, key);
	free(key);
	c[0] = &r->total.rule[ri];
	c[1] = g ? &g->rule[ri] : NULL;
	for (int i = 0; i < 2; i++) {
		if (!c[i])
			continue;
		c[i]->windows++;
		if (w->status == LB_ST_DONE)
			c[i]->done++;
		else if (w->status == LB_ST_OVERDUE)
			c[i]->overdue++;
	}
	if (w->status == LB_ST_OVERDUE) {
		struct lb_rep_overdue *od;
		struct lb_wkey k;
		struct lb_buf perf = LB_BUF_INIT;
		r->od = lb_xrealloc(r->od, (r->nod + 1) * sizeof *r->od);
		od = &r->od[r->nod++];
		lb_sched_key(s, w, &k);
		od->child_id = lb_xstrdup(k.child_id);
		od->name = lb_xstrdup(k.name);
		od->school = lb_xstrdup(k.school);
		od->grade = lb_xstrdup(k.grade);
		od->klass = lb_xstrdup(k.klass);
		od->rule = lb_xstrdup(w->rule->id);
		lb_sched_performer(s, w, &perf);
		od->performer = lb_xstrdup(lb_buf_str(&perf));
		lb_buf_fini(&perf);
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
			if (d16 > r->asof && d16 <= r->asof + 90)
				att_add(r, LB_ATT_TURNING_16, t, row, lb_date_format(d16, d));
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

struct lb_report *
lb_report_build(const struct lb_sched *s, const struct lb_report_opts *o)
{
	const struct lb_table *t = lb_sched_roster(s);
	const struct lb_rules *rs = lb_sched_rules(s);
	const int *last_parent = lb_sched_last_parent(s);
	size_t nrules = rs->nrules, nwins = lb_sched_count(s);
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
	r->rules = rs->rules;
	r->mentor_limit = rs->mentor_limit;

	/* the groups: every key of a child on the roster, and of a class or
	 * school that owes a window */
	for (size_t i = 0; i < t->n; i++)
		lb_strv_push_owned(&keys, child_key(t, &t->rows[i], o->by));
	for (size_t i = 0; i < nwins; i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		char *k;
		if (w->rule->scope != LB_SCOPE_CHILD && (k = win_key(s, w, o->by)))
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
		count_window(&b, s, lb_sched_get(s, i));
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
	L_CHART, L_SUMMARY, L_DETAILS, L_DUTY_SCHOOL, L_DUTY_PARENTS, L_SUMLEGEND,
	L_UNASSIGNED, L_CHART_RULES, L_NLAB
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
	[L_A_LOAD] = {"mentor with more than %d children", "帮扶教师结对超过%d名"},
	[L_CHART] = {"compliance by group", "各组完成率"},
	[L_SUMMARY] = {"Summary", "概览"},
	[L_DETAILS] = {"Details", "明细"},
	[L_DUTY_SCHOOL] = {"School duties", "学校职责"},
	[L_DUTY_PARENTS] = {"Parents' duties", "家长职责"},
	[L_SUMLEGEND] = {"Percent done of owed; red or !: below target (100%, "
	                 "immunisation 95%); —: nothing to count. Counts in the details.",
	                 "百分比为完成/应做；红色或 !：低于目标（100%，计划免疫 95%）；"
	                 "—：无可计数对象。明细见后。"},
	[L_UNASSIGNED] = {"(未指定)", "(未指定)"},
	[L_CHART_RULES] = {"share of owed windows done, per rule (total)",
	                   "各规则完成率（合计）"},
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
	char load[96];       /* the mentor-load label with the rules' limit */
};

static const char *
L(const struct out *o, enum lab l)
{
	return labels[l][o->ro->zh ? 1 : 0];
}

/* How the report names a rule: under zh by its title (an id such as
 * monthly-talk says nothing to a Chinese reader), shortened for a table cell
 * to the part before the first "：", "（" or "，"; in English by its id.
 * A new string. */
static char *
rule_name(const struct out *o, const char *id, int brief)
{
	const struct lb_report *r = o->r;
	if (o->ro->zh)
		for (size_t k = 0; k < r->nrules; k++) {
			if (strcmp(r->rules[k].id, id) != 0 || !r->rules[k].title[0])
				continue;
			char *t = lb_xstrdup(r->rules[k].title);
			static const char *const stop[] = {"：", "（", "，"};
			for (size_t i = 0; brief && i < sizeof stop / sizeof *stop; i++) {
				char *e = strstr(t, stop[i]);
				if (e && e != t)
					*e = '\0';
			}
			return t;
		}
	return lb_xstrdup(id);
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
	return k == LB_ATT_MENTOR_LOAD ? o->load : L(o, L_A_NOGUARD + (int)k);
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
	enum lb_scope s = r->rules[i].scope;
	return s == LB_SCOPE_CHILD || r->by == LB_BY_SCHOOL ||
	       (r->by == LB_BY_CLASS && s == LB_SCOPE_CLASS);
}

/* A parents' duty: a rule whose roles are all a parent's or the guardian's
 * (父亲, 母亲, 监护人); every other rule (no roles: the head teacher) is the
 * school's. The summary and the details show the two apart. */
static int
rule_parents(const struct lb_rule *ru)
{
	if (!ru->nroles)
		return 0;
	for (size_t i = 0; i < ru->nroles; i++)
		if (strcmp(ru->roles[i], "父亲") && strcmp(ru->roles[i], "母亲") &&
		    strcmp(ru->roles[i], "监护人"))
			return 0;
	return 1;
}

/* The indices of the school's rules (parents 0) or the parents' (1), in the
 * profile's order, into idx (nrules or more); returns how many. */
static size_t
duty_rules(const struct lb_report *r, int parents, size_t *idx)
{
	size_t n = 0;
	for (size_t k = 0; k < r->nrules; k++)
		if (rule_parents(&r->rules[k]) == parents)
			idx[n++] = k;
	return n;
}

/* A percentage for a summary cell: "75.0", "100" when all is done, "—" when
 * nothing is owed. */
static const char *
pct_cell(struct lb_ratio q, char *out)
{
	if (q.den <= 0)
		return strcpy(out, "—");
	if (q.num == q.den)
		return strcpy(out, "100");
	return lb_ratio_pct(q, out);
}

/* The overdue windows by performer: one block per name (a window with
 * several performers is in the block of each), names in byte order, the
 * windows without one last, under "" (shown (未指定)); the blocks of the
 * school's duties (teachers) first, then those that hold only parents'
 * duties. */
struct pblock {
	char *name;
	size_t *od;          /* indices into r->od, in the list's order */
	size_t n;
	int parents;         /* 1: every window of the block is a parents' duty */
};

static int
pblock_cmp(const void *a, const void *b)
{
	const struct pblock *x = a, *y = b;
	if (!*x->name || !*y->name)
		return !*x->name - !*y->name;
	return strcmp(x->name, y->name);
}

static int
pblock_order(const void *a, const void *b)
{
	const struct pblock *x = a, *y = b;
	return x->parents != y->parents ? x->parents - y->parents : pblock_cmp(a, b);
}

/* whether the rule with this id is a parents' duty */
static int
rule_id_parents(const struct lb_report *r, const char *id)
{
	for (size_t k = 0; k < r->nrules; k++)
		if (!strcmp(r->rules[k].id, id))
			return rule_parents(&r->rules[k]);
	return 0;
}

/* each performer name of list once (split at ';'), to f */
static void
each_performer(const char *list, void (*f)(void *, const char *, size_t), void *arg)
{
	int any = 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ";");
		if (n) {
			f(arg, p, n);
			any = 1;
		}
		p += n + (p[n] == ';');
	}
	if (!any)
		f(arg, "", 0);
}

struct pb_ctx {
	struct pblock *b;
	size_t n, cap, od;
	int add;             /* 1: collect names; 0: file window od */
};

static void
pb_visit(void *arg, const char *name, size_t len)
{
	struct pb_ctx *c = arg;
	char *t = lb_xstrdup(name);
	t[len] = '\0';
	struct pblock key = {t, NULL, 0, 0};
	struct pblock *hit = c->add ? NULL : bsearch(&key, c->b, c->n, sizeof *c->b, pblock_cmp);
	if (c->add) {
		for (size_t i = 0; i < c->n; i++)
			if (!strcmp(c->b[i].name, t)) {
				free(t);
				return;
			}
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->b = lb_xrealloc(c->b, c->cap * sizeof *c->b);
		}
		c->b[c->n++] = key;
		return;
	}
	free(t);
	if (hit && (!hit->n || hit->od[hit->n - 1] != c->od)) {
		hit->od = lb_xrealloc(hit->od, (hit->n + 1) * sizeof *hit->od);
		hit->od[hit->n++] = c->od;
	}
}

static size_t
perf_blocks(const struct lb_report *r, struct pblock **out)
{
	struct pb_ctx c = {NULL, 0, 0, 0, 1};
	for (size_t i = 0; i < r->nod; i++)
		each_performer(r->od[i].performer, pb_visit, &c);
	if (c.n)
		qsort(c.b, c.n, sizeof *c.b, pblock_cmp);
	c.add = 0;
	for (c.od = 0; c.od < r->nod; c.od++)
		each_performer(r->od[c.od].performer, pb_visit, &c);
	for (size_t b = 0; b < c.n; b++) {
		c.b[b].parents = 1;
		for (size_t j = 0; j < c.b[b].n; j++)
			if (!rule_id_parents(r, r->od[c.b[b].od[j]].rule))
				c.b[b].parents = 0;
	}
	if (c.n)
		qsort(c.b, c.n, sizeof *c.b, pblock_order);
	*out = c.b;
	return c.n;
}

static void
perf_blocks_free(struct pblock *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].name), free(b[i].od);
	free(b);
}

/* ---- Markdown ---- */

static void
md_cell(FILE *fp, const char *s)
{
	fputc(' ', fp);
	for (;;) {
		/* runs of plain text at once */
		size_t n = strcspn(s, "|\n\r\t");
		fwrite(s, 1, n, fp);
		if (!s[n])
			break;
		fputs(s[n] == '|' ? "\\|" : " ", fp);
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

/* the group column's text of row i (r->ng: the total, as tot) */
static const char *
row_key(const struct out *o, size_t i, const char *tot)
{
	return i < o->r->ng ? key_text(o, o->r->g[i].key) : tot;
}

static const struct lb_rep_group *
row_group(const struct lb_report *r, size_t i)
{
	return i < r->ng ? &r->g[i] : &r->total;
}

/* A summary table in percent: the group, then one column per indicator
 * (rules NULL) or per rule of idx[0..n). */
static void
md_summary_table(struct out *o, const char *tot, const size_t *idx, size_t n)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[8];
	size_t ni = idx ? n : indicators(r, &r->total, iv);
	char p[32];

	fputs("|", fp);
	md_cell(fp, by_label(o));
	if (!idx)
		md_cell(fp, L(o, L_ACTIVE));
	for (size_t k = 0; k < ni; k++) {
		char *rn = idx ? rule_name(o, r->rules[idx[k]].id, 1) : NULL;
		md_cell(fp, idx ? rn : L(o, iv[k].lab));
		free(rn);
	}
	fputc('\n', fp);
	md_rule(fp, ni + 1 + !idx, (int)ni + !idx);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = row_group(r, i);
		fputs("|", fp);
		md_cell(fp, row_key(o, i, tot));
		if (!idx) {
			sprintf(p, "%ld", g->active);
			md_cell(fp, p);
			indicators(r, g, iv);
		}
		for (size_t k = 0; k < ni; k++) {
			struct lb_ratio q = idx ? rule_ratio(&g->rule[idx[k]]) : iv[k].q;
			int target = idx ? LB_TARGET_FULL : iv[k].target;
			if (idx && i < r->ng && !rule_in_groups(r, idx[k])) {
				md_cell(fp, "");
				continue;
			}
			pct_cell(q, p);
			if (q.den > 0)
				strcat(p, "%");
			if (lb_ratio_below(q, target))
				strcat(p, " !");
			md_cell(fp, p);
		}
		fputc('\n', fp);
	}
}

static void
md_summary(struct out *o, const char *tot)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx);

	fprintf(fp, "\n## %s\n\n### %s\n\n", L(o, L_SUMMARY), L(o, L_INDICATORS));
	md_summary_table(o, tot, NULL, 0);
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = duty_rules(r, parents, idx);
		if (!n)
			continue;
		fprintf(fp, "\n### %s\n\n", L(o, parents ? L_DUTY_PARENTS : L_DUTY_SCHOOL));
		md_summary_table(o, tot, idx, n);
	}
	fprintf(fp, "\n%s\n", L(o, L_SUMLEGEND));
	free(idx);
}

static void
md_attention(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	fprintf(fp, "\n## %s (%zu)\n\n", L(o, L_ATTENTION), r->natt);
	if (r->natt == 0) {
		fprintf(fp, "%s\n", L(o, L_NONE));
		return;
	}
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

static void
md_details(struct out *o, const char *tot)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[8];
	size_t ni = indicators(r, &r->total, iv);
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx);

	fprintf(fp, "\n## %s\n", L(o, L_DETAILS));

	/* children */
	fprintf(fp, "\n### %s\n\n|", L(o, L_CHILDREN));
	md_cell(fp, by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		md_cell(fp, L(o, l));
	fputc('\n', fp);
	md_rule(fp, 8, 7);
	for (size_t i = 0; i < r->ng; i++)
		md_children_row(fp, key_text(o, r->g[i].key), &r->g[i]);
	md_children_row(fp, tot, &r->total);

	/* indicators */
	fprintf(fp, "\n### %s\n\n|", L(o, L_INDICATORS));
	md_cell(fp, by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char h[128];
		md_cell(fp, ind_heading(o, &iv[k], h, sizeof h));
	}
	fputc('\n', fp);
	md_rule(fp, ni + 1, (int)ni);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = row_group(r, i);
		indicators(r, g, iv);
		fputs("|", fp);
		md_cell(fp, row_key(o, i, tot));
		for (size_t k = 0; k < ni; k++)
			md_ratio(fp, iv[k].q, iv[k].target);
		fputc('\n', fp);
	}

	/* rules, the school's duties, then the parents' */
	if (r->nrules == 0)
		fprintf(fp, "\n### %s\n\n%s\n", L(o, L_COMPLIANCE), L(o, L_NORULES));
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = duty_rules(r, parents, idx);
		if (!n)
			continue;
		fprintf(fp, "\n### %s%s%s\n", L(o, L_COMPLIANCE), o->ro->zh ? "：" : ": ",
		        L(o, parents ? L_DUTY_PARENTS : L_DUTY_SCHOOL));
		for (size_t j = 0; j < n; j++) {
			size_t k = idx[j];
			char s[32];
			if (o->ro->zh)
				fprintf(fp, "\n#### %s\n\n|", r->rules[k].title);
			else
				fprintf(fp, "\n#### %s — %s\n\n|", r->rules[k].id, r->rules[k].title);
			md_cell(fp, by_label(o));
			md_cell(fp, L(o, L_DONE));
			md_cell(fp, L(o, L_OVERDUE_N));
			fputc('\n', fp);
			md_rule(fp, 3, 2);
			for (size_t i = 0; i <= r->ng; i++) {
				const struct lb_rep_group *g = row_group(r, i);
				if (i < r->ng && !rule_in_groups(r, k))
					continue;
				fputs("|", fp);
				md_cell(fp, row_key(o, i, tot));
				md_ratio(fp, rule_ratio(&g->rule[k]), LB_TARGET_FULL);
				sprintf(s, "%ld", g->rule[k].overdue);
				md_cell(fp, s);
				fputc('\n', fp);
			}
		}
	}
	free(idx);
}

/* the overdue windows, one block per performer */
static void
md_overdue(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16], d2[16];
	struct pblock *pb;
	size_t npb;

	fprintf(fp, "\n## %s (%zu)\n", L(o, L_OVERDUE), r->nod);
	if (r->nod == 0) {
		fprintf(fp, "\n%s\n", L(o, L_NONE));
		return;
	}
	npb = perf_blocks(r, &pb);
	for (size_t b = 0; b < npb; b++) {
		char *perf = masked_text(o, *pb[b].name ? pb[b].name : L(o, L_UNASSIGNED));
		if (pb[b].parents && (b == 0 || !pb[b - 1].parents))
			fprintf(fp, "\n%s%s\n", L(o, L_DUTY_PARENTS), o->ro->zh ? "：" : ":");
		fprintf(fp, "\n### %s (%zu)\n\n|", perf, pb[b].n);
		free(perf);
		for (enum lab l = L_CHILD; l <= L_WINDOW; l++)
			md_cell(fp, L(o, l));
		fputc('\n', fp);
		md_rule(fp, 6, 0);
		for (size_t j = 0; j < pb[b].n; j++) {
			const struct lb_rep_overdue *od = &r->od[pb[b].od[j]];
			char *name = masked_text(o, od->name);
			char *cl = class_text(od->grade, od->klass), w[32];
			char *rn = rule_name(o, od->rule, 1);
			snprintf(w, sizeof w, "%s – %s", lb_date_format(od->start, d1),
			         lb_date_format(od->end, d2));
			fputs("|", fp);
			md_cell(fp, masked_id(o, od->child_id));
			md_cell(fp, name);
			md_cell(fp, od->school);
			md_cell(fp, cl);
			md_cell(fp, rn);
			md_cell(fp, w);
			fputc('\n', fp);
			free(name), free(cl), free(rn);
		}
	}
	perf_blocks_free(pb, npb);
}

/* Markdown in the order of the HTML page: the summary, the attention list,
 * the details, the overdue windows by performer. */
static void
write_md(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16], tot[64];

	snprintf(tot, sizeof tot, "**%s**", L(o, L_TOTAL));
	fprintf(fp, "# %s %s\n\n", L(o, L_TITLE), ymonth(r->first, d1));
	fprintf(fp, "- %s: %s\n", L(o, L_ASOF), lb_date_format(r->asof, d1));
	fprintf(fp, "- %s: %s%s%s\n", L(o, L_RULES), o->ro->profile ? o->ro->profile : "",
	        o->ro->rules_file ? " + " : "", o->ro->rules_file ? o->ro->rules_file : "");
	fprintf(fp, "- %s: %s\n", L(o, L_BY), by_label(o));
	md_summary(o, tot);
	md_attention(o);
	md_details(o, tot);
	md_overdue(o);
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
		fputs("    scope: ", fp), yq(fp, lb_scope_name(r->rules[k].scope)), fputc('\n', fp);
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

/* The page: read on a screen, printed on A4. The summary fills the first
 * page by itself; rows are never split across pages; names, dates and
 * numbers never wrap; colours print as they show. */
static const char html_css[] =
	"@page{size:A4;margin:12mm}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif;margin:2em auto;padding:0 1em;color:#222;max-width:60em;font-size:10.5pt}"
	"h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin-top:1.4em;border-bottom:1px solid #999;break-after:avoid}"
	"h3,h4{font-size:1em;margin:1em 0 .3em;break-after:avoid}"
	"table{border-collapse:collapse;margin:.4em 0}caption{text-align:left;font-weight:bold;padding:.4em 0 .2em}"
	"th,td{border:1px solid #bbb;padding:.15em .4em;text-align:left;vertical-align:top;white-space:nowrap}"
	"th{background:#eee;font-weight:normal;white-space:normal}td.n{text-align:right}"
	"tr{break-inside:avoid}thead{display:table-header-group}"
	"tr.total td,tr.total th{font-weight:bold;border-top:2px solid #444}"
	"td.below{color:#b00020;font-weight:bold}"
	".meta{color:#444;margin:0 0 .6em}.legend{color:#444;font-size:.85em}"
	"svg{display:block;margin:.5em 0;max-width:100%;height:auto}"
	"#summary{break-after:page}"
	"table.sum{font-size:8pt}table.sum td,table.sum th{padding:.1em .25em}"
	"table.sum th.key{text-align:left;white-space:nowrap}table.sum td.p{text-align:right;min-width:2.6em}"
	"table.sum th.duty{text-align:center;font-weight:bold}"
	"table.sum th.duty.school{background:#dde7f3}table.sum th.duty.parents{background:#f3e9d8}"
	"table.sum th.v{vertical-align:bottom;text-align:left;padding:.3em .15em}"
	"table.sum th.v span,table.sum th.v small{writing-mode:vertical-rl;white-space:nowrap;display:inline-block}"
	"table.sum th.v small{font-size:6.5pt;color:#555;margin-left:1px}"
	"td.p.ok{background:#dcefdc}td.p.below{background:#f5c2c2;color:#8b0000}"
	".block{margin-bottom:.6em}h3.performer{border-bottom:1px solid #ccc}"
	"@media print{body{margin:0;padding:0;max-width:none;font-size:9pt}th{background:#e4e4e4}}";

/* A summary heading cell: vertical text, under zh the rule's short title
 * with its id in small type, in English the id. */
static void
html_vth(struct out *o, const char *cls, const char *text, const char *small)
{
	FILE *fp = o->fp;
	fprintf(fp, "<th class=\"%s\"><span>", cls);
	h(fp, text);
	fputs("</span>", fp);
	if (small)
		fputs("<small>", fp), h(fp, small), fputs("</small>", fp);
	fputs("</th>", fp);
}

/* A summary cell: the percentage done, coloured against the target;
 * "—" uncoloured when nothing is owed. */
static void
html_pct(FILE *fp, struct lb_ratio q, int target)
{
	char p[32], t[64];
	if (q.den <= 0) {
		fputs("<td class=\"p\">—</td>", fp);
		return;
	}
	lb_ratio_format(q, t);
	fprintf(fp, "<td class=\"p %s\" title=\"%s\">%s</td>",
	        lb_ratio_below(q, target) ? "below" : "ok", t, pct_cell(q, p));
}

/* The one-page summary: a row per group and the total; the active
 * children, the indicators, then the rules, the school's duties apart from
 * the parents'. */
static void
html_summary(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[8];
	size_t ni = indicators(r, &r->total, iv);
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx), nd[2];

	fputs("<section id=\"summary\">\n<h2>", fp), h(fp, L(o, L_SUMMARY));
	fputs("</h2>\n<table class=\"sum\">\n<thead>\n<tr><th class=\"key\" rowspan=\"2\">", fp);
	h(fp, by_label(o));
	fputs("</th>", fp);
	html_vth(o, "v\" rowspan=\"2", L(o, L_ACTIVE), NULL);
	fprintf(fp, "<th class=\"duty ind\" colspan=\"%zu\">", ni);
	h(fp, L(o, L_INDICATORS));
	fputs("</th>", fp);
	for (int parents = 0; parents <= 1; parents++) {
		nd[parents] = duty_rules(r, parents, idx);
		if (nd[parents]) {
			fprintf(fp, "<th class=\"duty %s\" colspan=\"%zu\">", parents ? "parents" : "school",
			        nd[parents]);
			h(fp, L(o, parents ? L_DUTY_PARENTS : L_DUTY_SCHOOL));
			fputs("</th>", fp);
		}
	}
	fputs("</tr>\n<tr>", fp);
	for (size_t k = 0; k < ni; k++) {
		char tg[16];
		snprintf(tg, sizeof tg, "%d%%", iv[k].target / 10);
		html_vth(o, "v ind", L(o, iv[k].lab), iv[k].target != LB_TARGET_FULL ? tg : NULL);
	}
	for (int parents = 0; parents <= 1; parents++) {
		duty_rules(r, parents, idx);
		for (size_t j = 0; j < nd[parents]; j++) {
			const struct lb_rule *ru = &r->rules[idx[j]];
			char *rn = rule_name(o, ru->id, 1);
			html_vth(o, parents ? "rule parents v" : "rule school v", rn,
			         o->ro->zh ? ru->id : NULL);
			free(rn);
		}
	}
	fputs("</tr>\n</thead>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = row_group(r, i);
		fputs(i < r->ng ? "<tr class=\"g\"><th class=\"key\">" : "<tr class=\"total\"><th class=\"key\">", fp);
		h(fp, row_key(o, i, L(o, L_TOTAL)));
		fprintf(fp, "</th><td class=\"n\">%ld</td>", g->active);
		indicators(r, g, iv);
		for (size_t k = 0; k < ni; k++)
			html_pct(fp, iv[k].q, iv[k].target);
		for (int parents = 0; parents <= 1; parents++) {
			duty_rules(r, parents, idx);
			for (size_t j = 0; j < nd[parents]; j++) {
				if (i < r->ng && !rule_in_groups(r, idx[j]))
					fputs("<td class=\"p\"></td>", fp);
				else
					html_pct(fp, rule_ratio(&g->rule[idx[j]]), LB_TARGET_FULL);
			}
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n<p class=\"legend\">", fp);
	h(fp, L(o, L_SUMLEGEND));
	fputs("</p>\n</section>\n", fp);
	free(idx);
}

/* The rules' totals in one chart: a bar per rule, the share of its owed
 * windows done, a dashed line at the 100% target. */
static void
html_chart_rules(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	const int lw = 300, bw = 300, rh = 20, top = 6;
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx), y = 0;
	int hgt = top + (int)r->nrules * rh + 20;

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", lw + bw + 60, hgt,
	        lw + bw + 60, hgt);
	h(fp, L(o, L_CHART_RULES));
	fputs("\" font-size=\"12\">\n", fp);
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = duty_rules(r, parents, idx);
		for (size_t j = 0; j < n; j++, y++) {
			struct lb_ratio q = rule_ratio(&r->total.rule[idx[j]]);
			int yy = top + (int)y * rh;
			char p[24], *rn = rule_name(o, r->rules[idx[j]].id, 1);
			fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 6, yy + 14);
			h(fp, rn);
			free(rn);
			fputs("</text>", fp);
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eee\"/>",
			        lw, yy + 3, bw, rh - 6);
			if (q.den > 0) {
				long w = (q.num * bw * 2 + q.den) / (2 * q.den);
				fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%ld\" height=\"%d\" "
				        "fill=\"%s\"/>", lw, yy + 3, w, rh - 6,
				        lb_ratio_below(q, LB_TARGET_FULL) ? "#c0392b" : "#2e7d32");
				fprintf(fp, "<text x=\"%d\" y=\"%d\">%s%%</text>", lw + bw + 6, yy + 14,
				        lb_ratio_pct(q, p));
			} else {
				fprintf(fp, "<text x=\"%d\" y=\"%d\">—</text>", lw + bw + 6, yy + 14);
			}
			fputc('\n', fp);
		}
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" "
	        "stroke-dasharray=\"4 3\"/>", lw + bw, top, lw + bw, top + (int)r->nrules * rh);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s 100%%</text>\n", lw + bw,
	        top + (int)r->nrules * rh + 14, L(o, L_TARGET));
	fputs("</svg>\n", fp);
	free(idx);
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
html_head(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16];

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
}

static void
html_attention(struct out *o)
{
	static const enum lab cols[] = {L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_REASON, L_DETAIL};
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	fputs("<section id=\"attention\">\n", fp);
	if (html_list_head(fp, o, L_ATTENTION, r->natt, cols, sizeof cols / sizeof *cols)) {
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
	fputs("</section>\n", fp);
}

static void
html_details(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[8];
	size_t ni = indicators(r, &r->total, iv);
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx);

	fputs("<section id=\"details\">\n<h2>", fp), h(fp, L(o, L_DETAILS)), fputs("</h2>\n", fp);

	/* children */
	fputs("<h3>", fp), h(fp, L(o, L_CHILDREN)), fputs("</h3>\n<table>\n<tr>", fp);
	html_th(fp, by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		html_th(fp, L(o, l));
	fputs("</tr>\n", fp);
	for (size_t i = 0; i < r->ng; i++)
		html_children_row(fp, key_text(o, r->g[i].key), &r->g[i], 0);
	html_children_row(fp, L(o, L_TOTAL), &r->total, 1);
	fputs("</table>\n", fp);

	/* indicators */
	fputs("<h3>", fp), h(fp, L(o, L_INDICATORS)), fputs("</h3>\n<table>\n<tr>", fp);
	html_th(fp, by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char s[128];
		html_th(fp, ind_heading(o, &iv[k], s, sizeof s));
	}
	fputs("</tr>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = row_group(r, i);
		indicators(r, g, iv);
		fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
		html_td(fp, row_key(o, i, L(o, L_TOTAL)), NULL);
		for (size_t k = 0; k < ni; k++)
			html_ratio(fp, iv[k].q, iv[k].target);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);

	/* rules: one chart of the totals, then a table per rule, the school's
	 * duties apart from the parents' */
	fputs("<h3>", fp), h(fp, L(o, L_COMPLIANCE)), fputs("</h3>\n", fp);
	if (r->nrules == 0)
		fputs("<p>", fp), h(fp, L(o, L_NORULES)), fputs("</p>\n", fp);
	else
		html_chart_rules(o);
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = duty_rules(r, parents, idx);
		if (!n)
			continue;
		fputs("<h4>", fp), h(fp, L(o, parents ? L_DUTY_PARENTS : L_DUTY_SCHOOL));
		fputs("</h4>\n", fp);
		for (size_t j = 0; j < n; j++) {
			size_t k = idx[j];
			char s[32];
			fputs("<table class=\"rule\">\n<caption>", fp);
			if (!o->ro->zh)
				h(fp, r->rules[k].id), fputs(" — ", fp);
			h(fp, r->rules[k].title);
			fputs("</caption>\n<tr>", fp);
			html_th(fp, by_label(o));
			html_th(fp, L(o, L_DONE));
			html_th(fp, L(o, L_OVERDUE_N));
			fputs("</tr>\n", fp);
			for (size_t i = 0; i <= r->ng; i++) {
				const struct lb_rep_group *g = row_group(r, i);
				if (i < r->ng && !rule_in_groups(r, k))
					continue;
				fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
				html_td(fp, row_key(o, i, L(o, L_TOTAL)), NULL);
				html_ratio(fp, rule_ratio(&g->rule[k]), LB_TARGET_FULL);
				sprintf(s, "%ld", g->rule[k].overdue);
				html_td(fp, s, "n");
				fputs("</tr>\n", fp);
			}
			fputs("</table>\n", fp);
		}
	}
	fputs("</section>\n", fp);
	free(idx);
}

/* The overdue windows, one block per performer: a teacher can be sent
 * theirs. */
static void
html_overdue(struct out *o)
{
	static const enum lab cols[] = {L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_RULE, L_WINDOW};
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16], d2[16];
	struct pblock *pb;
	size_t npb;

	fputs("<section id=\"overdue\">\n<h2>", fp), h(fp, L(o, L_OVERDUE));
	fprintf(fp, " (%zu)</h2>\n", r->nod);
	if (r->nod == 0) {
		fputs("<p>", fp), h(fp, L(o, L_NONE)), fputs("</p>\n</section>\n", fp);
		return;
	}
	npb = perf_blocks(r, &pb);
	for (size_t b = 0; b < npb; b++) {
		char *perf = masked_text(o, *pb[b].name ? pb[b].name : L(o, L_UNASSIGNED));
		if (pb[b].parents && (b == 0 || !pb[b - 1].parents))
			fputs("<p class=\"duty\">", fp), h(fp, L(o, L_DUTY_PARENTS)), fputs("</p>\n", fp);
		fputs("<div class=\"block\">\n<h3 class=\"performer\">", fp);
		h(fp, perf);
		fprintf(fp, " (%zu)</h3>\n<table>\n<tr>", pb[b].n);
		free(perf);
		for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
			html_th(fp, L(o, cols[i]));
		fputs("</tr>\n", fp);
		for (size_t j = 0; j < pb[b].n; j++) {
			const struct lb_rep_overdue *od = &r->od[pb[b].od[j]];
			char *name = masked_text(o, od->name);
			char *cl = class_text(od->grade, od->klass), w[32];
			char *rn = rule_name(o, od->rule, 1);
			snprintf(w, sizeof w, "%s – %s", lb_date_format(od->start, d1),
			         lb_date_format(od->end, d2));
			fputs("<tr>", fp);
			html_td(fp, masked_id(o, od->child_id), NULL);
			html_td(fp, name, NULL);
			html_td(fp, od->school, NULL);
			html_td(fp, cl, NULL);
			html_td(fp, rn, NULL);
			html_td(fp, w, "n");
			fputs("</tr>\n", fp);
			free(name), free(cl), free(rn);
		}
		fputs("</table>\n</div>\n", fp);
	}
	perf_blocks_free(pb, npb);
	fputs("</section>\n", fp);
}

/* The page: the one-page summary, the attention list, the details, the
 * overdue windows by performer. */
static void
write_html(struct out *o)
{
	FILE *fp = o->fp;

	html_head(o);
	html_summary(o);
	html_attention(o);
	html_details(o);
	html_overdue(o);
	fputs("<p class=\"legend\">", fp);
	h(fp, L(o, L_LEGEND));
	fputs("</p>\n</body>\n</html>\n", fp);
}

int
lb_report_write(const struct lb_report *r, FILE *fp, enum lb_rep_fmt fmt,
                const struct lb_rep_render *ro)
{
	struct out o = {fp, r, ro, LB_BUF_INIT, ""};

	snprintf(o.load, sizeof o.load, L(&o, L_A_LOAD), r->mentor_limit);

	switch (fmt) {
	case LB_REP_MD: write_md(&o); break;
	case LB_REP_CSV: write_csv(&o); break;
	case LB_REP_YAML: write_yaml(&o); break;
	case LB_REP_HTML: write_html(&o); break;
	}
	lb_buf_fini(&o.b);
	return ferror(fp) ? LB_EOUTPUT : 0;
}
