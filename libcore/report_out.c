/* report_out.c — what the report's formats share: the labels in both
 * languages, masking, the indicators of a group in column order, and
 * lb_report_write, which picks the format (report_md.c, report_csv.c,
 * report_yaml.c, report_html.c; .xlsx in report_csv.c). Labels come from this one table, not from the
 * message catalogue, so that --lang alone decides the output: the report is a
 * function of the inputs, --as-of and the language (lb-report(1)). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "mask.h"
#include "report_impl.h"
#include "util.h"


const char *const lb_rep_labels[L_NLAB][2] = {
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
	[L_COVERAGE] = {"Archive coverage", "建档率"},
	[L_ARCHIVE] = {"Archive completeness", "档案完整率"},
	[L_CURRENT] = {"Records kept current", "信息更新率"},
	[L_RECORDS] = {"Written records", "记录完整率"},
	[L_PROGRESS] = {"Progress so far", "进度（累计）"},
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
	[L_BY_PERFORMER] = {"Performer", "执行人"},
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
	[L_TITLE_P] = {"Left-behind children: care report of the period", "留守儿童关爱工作考核报告"},
	[L_LEFT_P] = {"Left in period", "本期离册"},
	[L_NEW_P] = {"New in period", "本期新建档"},
};

const char *const lb_rep_att_codes[] = {
	"no_guardian", "no_parent_contact", "guardian_weak", "turning_16",
	"priority_without_mentor", "mentor_over_limit"
};

/* How the report names a rule: under zh by its title (an id such as
 * monthly-talk says nothing to a Chinese reader), shortened for a table cell
 * to the part before the first "：", "（" or "，"; in English by its id.
 * A new string. */
char *
lb_rep_rule_name(const struct out *o, const char *id, int brief)
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

const char *
lb_rep_by_label(const struct out *o)
{
	return L(o, L_BY_SCHOOL + (int)o->r->by);
}

const char *
lb_rep_key_text(const struct out *o, const char *key)
{
	struct lb_buf *kb = (struct lb_buf *)&o->kb;   /* o is the renderer's own */

	if (!*key)
		return L(o, L_MISSING);
	if (o->ro->reveal || !strpbrk(key, "0123456789\xef"))
		return key;
	lb_buf_clear(kb);
	lb_mask_text(key, 0, kb);
	return lb_buf_str(kb);
}

const char *
lb_rep_ymonth(int d, char *out)
{
	int y, m, dd;
	lb_date_to_ymd(d, &y, &m, &dd);
	sprintf(out, "%04d-%02d", y, m);
	return out;
}

const char *
lb_rep_att_label(const struct out *o, enum lb_att_kind k)
{
	return k == LB_ATT_MENTOR_LOAD ? o->load : L(o, L_A_NOGUARD + (int)k);
}

size_t
lb_rep_indicators(const struct lb_report *r, const struct lb_rep_group *g, struct ind *v)
{
	size_t n = 0;
	if (r->has_census)
		v[n++] = (struct ind){L_COVERAGE, "coverage", g->coverage, LB_TARGET_FULL};
	v[n++] = (struct ind){L_ARCHIVE, "archive", g->archive, LB_TARGET_FULL};
	v[n++] = (struct ind){L_CURRENT, "current", g->current, LB_TARGET_FULL};
	v[n++] = (struct ind){L_RECORDS, "records", g->records, LB_TARGET_FULL};
	v[n++] = (struct ind){L_ENROLL, "enrollment", g->enroll, LB_TARGET_FULL};
	v[n++] = (struct ind){L_RETAIN, "retention", g->retain, LB_TARGET_FULL};
	if (r->has_immun)
		v[n++] = (struct ind){L_IMMUN, "immunisation", g->immun, LB_TARGET_IMMUN};
	v[n++] = (struct ind){L_MENTOR, "mentor", g->mentor, LB_TARGET_FULL};
	return n;
}

/* An indicator's column heading, "Archive completeness (target 100%)", the
 * target taken from the indicator itself (tenths of a percent). */
const char *
lb_rep_ind_heading(const struct out *o, const struct ind *v, char *buf, size_t size)
{
	if (v->target % 10)
		snprintf(buf, size, "%s (%s %d.%d%%)", L(o, v->lab), L(o, L_TARGET),
		         v->target / 10, v->target % 10);
	else
		snprintf(buf, size, "%s (%s %d%%)", L(o, v->lab), L(o, L_TARGET), v->target / 10);
	return buf;
}

/* A rule is shown for a group only where its windows can belong to one:
 * class/school-scope rules in the total and under --by school or class. */
int
lb_rep_rule_in_groups(const struct lb_report *r, size_t i)
{
	enum lb_scope s = r->rules[i].scope;
	return s == LB_SCOPE_CHILD || r->by == LB_BY_SCHOOL ||
	       (r->by == LB_BY_CLASS && s == LB_SCOPE_CLASS);
}

/* A parents' duty: a rule whose roles are all a parent's or the guardian's
 * (父亲, 母亲, 监护人); every other rule (no roles: the head teacher) is the
 * school's. The summary and the details show the two apart. */
int
lb_rep_rule_parents(const struct lb_rule *ru)
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
size_t
lb_rep_duty_rules(const struct lb_report *r, int parents, size_t *idx)
{
	size_t n = 0;
	for (size_t k = 0; k < r->nrules; k++)
		if (lb_rep_rule_parents(&r->rules[k]) == parents)
			idx[n++] = k;
	return n;
}

/* A percentage for a summary cell: "75.0", "100" when all is done, "—" when
 * nothing is owed. */
const char *
lb_rep_pct_cell(struct lb_ratio q, char *out)
{
	if (q.den <= 0)
		return strcpy(out, "—");
	if (q.num == q.den)
		return strcpy(out, "100");
	return lb_ratio_pct(q, out);
}

static int
pblock_cmp(const void *a, const void *b)
{
	const struct lb_rep_pblock *x = a, *y = b;
	if (!*x->name || !*y->name)
		return !*x->name - !*y->name;
	return strcmp(x->name, y->name);
}

static int
pblock_order(const void *a, const void *b)
{
	const struct lb_rep_pblock *x = a, *y = b;
	return x->parents != y->parents ? x->parents - y->parents : pblock_cmp(a, b);
}

/* whether the rule with this id is a parents' duty */
static int
rule_id_parents(const struct lb_report *r, const char *id)
{
	for (size_t k = 0; k < r->nrules; k++)
		if (!strcmp(r->rules[k].id, id))
			return lb_rep_rule_parents(&r->rules[k]);
	return 0;
}

/* each performer name of list once (split at ';'), to f; nobody named (the
 * schedule's LB_NO_PERFORMER) is "", the unassigned block, which comes last */
static void
each_performer(const char *list, void (*f)(void *, const char *, size_t), void *arg)
{
	int any = 0;
	if (!strcmp(list, LB_NO_PERFORMER))
		list = "";
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
	struct lb_rep_pblock *b;
	size_t n, cap, od;
	size_t *ocap;        /* capacity of each block's od list */
	struct lb_smap idx;  /* name -> index into b (keys are the blocks' names) */
	struct lb_buf key;
};

/* file window c->od under the block of this name, made when first seen: one
 * hash lookup a name, so a county's half a million overdue windows and its
 * thousands of performers cost no more than their number */
static void
pb_visit(void *arg, const char *name, size_t len)
{
	struct pb_ctx *c = arg;
	lb_buf_clear(&c->key);      /* the name looked up without an allocation */
	lb_buf_add(&c->key, name, len);
	long *at = lb_smap_find(&c->idx, lb_buf_str(&c->key));
	size_t i;
	if (at) {
		i = (size_t)*at;
	} else {
		char *t = lb_xstrdup(lb_buf_str(&c->key));
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->b = lb_xrealloc(c->b, c->cap * sizeof *c->b);
			c->ocap = lb_xrealloc(c->ocap, c->cap * sizeof *c->ocap);
		}
		i = c->n++;
		c->b[i] = (struct lb_rep_pblock){t, NULL, 0, 0};
		c->ocap[i] = 0;
		lb_smap_put(&c->idx, t, (long)i);
	}
	struct lb_rep_pblock *hit = &c->b[i];
	if (hit->n && hit->od[hit->n - 1] == c->od)
		return;      /* the same name twice in one list */
	if (hit->n == c->ocap[i]) {
		c->ocap[i] = c->ocap[i] ? 2 * c->ocap[i] : 8;
		hit->od = lb_xrealloc(hit->od, c->ocap[i] * sizeof *hit->od);
	}
	hit->od[hit->n++] = c->od;
}

size_t
lb_rep_perf_blocks(const struct lb_report *r, struct lb_rep_pblock **out)
{
	struct pb_ctx c = {NULL, 0, 0, 0, NULL, LB_SMAP_INIT, LB_BUF_INIT};
	for (c.od = 0; c.od < r->nod; c.od++)
		each_performer(r->od[c.od].performer, pb_visit, &c);
	lb_smap_fini(&c.idx);
	lb_buf_fini(&c.key);
	free(c.ocap);
	/* a rule is a parents' duty or not: look each rule up once */
	for (size_t b = 0; b < c.n; b++) {
		c.b[b].parents = 1;
		for (size_t j = 0; j < c.b[b].n && c.b[b].parents; j++)
			if (!rule_id_parents(r, r->od[c.b[b].od[j]].rule))
				c.b[b].parents = 0;
	}
	if (c.n)
		qsort(c.b, c.n, sizeof *c.b, pblock_order);
	*out = c.b;
	return c.n;
}

void
lb_rep_perf_blocks_free(struct lb_rep_pblock *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].name), free(b[i].od);
	free(b);
}

/* the group column's text of row i (r->ng: the total, as tot) */
const char *
lb_rep_row_key(const struct out *o, size_t i, const char *tot)
{
	return i < o->r->ng ? lb_rep_key_text(o, o->r->g[i].key) : tot;
}

const struct lb_rep_group *
lb_rep_row_group(const struct lb_report *r, size_t i)
{
	return i < r->ng ? &r->g[i] : &r->total;
}

const char *const lb_rep_count_codes[LB_REP_NCOUNTS] = {
	"roster", "active", "left", "new", "age_0_5", "age_6_13", "age_14_15"
};

void
lb_rep_child_counts(const struct lb_rep_group *g, long v[LB_REP_NCOUNTS])
{
	long c[LB_REP_NCOUNTS] = {g->roster, g->active, g->left, g->added,
	                          g->age[0], g->age[1], g->age[2]};
	memcpy(v, c, sizeof c);
}

const enum lab lb_rep_od_cols[LB_REP_OD_NCOLS] = {
	L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_RULE, L_WINDOW, L_PERFORMER
};
const enum lab lb_rep_att_cols[LB_REP_ATT_NCOLS] = {
	L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_REASON, L_DETAIL
};

void
lb_rep_flush(struct out *o)
{
	if (o->ob.len)
		fwrite(o->ob.s, 1, o->ob.len, o->fp);
	o->ob.len = 0;
}

const char *
lb_rep_shown(const struct out *o, struct lb_buf *b, const char *s)
{
	return lb_mask_shown(b, s, o->ro->reveal);
}

const char *
lb_rep_rule_cell(struct out *o, const char *id)
{
	const struct lb_report *r = o->r;
	if (!o->rname) {
		o->rname = lb_xcalloc(r->nrules + 1, sizeof *o->rname);
		for (size_t k = 0; k < r->nrules; k++) {
			o->rname[k] = lb_rep_rule_name(o, r->rules[k].id, 1);
			if (!lb_smap_find(&o->rix, r->rules[k].id))   /* the first, as lb_rep_rule_name */
				lb_smap_put(&o->rix, r->rules[k].id, (long)k);
		}
	}
	long k = lb_smap_get(&o->rix, id, -1);
	return k >= 0 ? o->rname[k] : id;
}

/* the cells at the offsets at[0..n) of o->cb (-1: the one given in c) */
static void
cells_at(struct out *o, const long *at, size_t n, const char **c)
{
	for (size_t i = 0; i < n; i++)
		if (at[i] >= 0)
			c[i] = o->cb.s + at[i];
}

/* s masked as an identity number unless --reveal, into o->cb (NUL ended):
 * its offset, or -1 when c is s itself */
static long
cb_id(struct out *o, const char *s, const char **c)
{
	if (o->ro->reveal || !*s) {
		*c = s;
		return -1;
	}
	long at = (long)o->cb.len;
	lb_mask_id(s, &o->cb);
	lb_buf_addc(&o->cb, '\0');
	return at;
}

/* free text masked unless --reveal: s itself when it holds no number */
static long
cb_text(struct out *o, const char *s, const char **c)
{
	if (o->ro->reveal || !strpbrk(s, "0123456789\xef")) {
		*c = s;
		return -1;
	}
	long at = (long)o->cb.len;
	lb_mask_text(s, 0, &o->cb);
	lb_buf_addc(&o->cb, '\0');
	return at;
}

/* "grade/class", "" for neither */
static long
cb_class(struct out *o, const char *grade, const char *klass, const char **c)
{
	if (!*grade && !*klass) {
		*c = "";
		return -1;
	}
	long at = (long)o->cb.len;
	lb_buf_adds(&o->cb, grade);
	lb_buf_addc(&o->cb, '/');
	lb_buf_adds(&o->cb, klass);
	lb_buf_addc(&o->cb, '\0');
	return at;
}

void
lb_rep_od_cells(struct out *o, const struct lb_rep_overdue *od, const char **c)
{
	long at[LB_REP_OD_NCOLS];
	char d[24];
	lb_buf_clear(&o->cb);
	at[0] = cb_id(o, od->child_id, &c[0]);
	at[1] = cb_text(o, od->name, &c[1]);
	at[2] = -1, c[2] = od->school;
	at[3] = cb_class(o, od->grade, od->klass, &c[3]);
	at[4] = -1, c[4] = lb_rep_rule_cell(o, od->rule);
	at[5] = (long)o->cb.len;
	lb_buf_adds(&o->cb, lb_date_format(od->start, d));
	lb_buf_add(&o->cb, " – ", strlen(" – "));
	lb_buf_adds(&o->cb, lb_date_format(od->end, d));
	lb_buf_addc(&o->cb, '\0');
	at[6] = cb_text(o, od->performer, &c[6]);
	cells_at(o, at, LB_REP_OD_NCOLS, c);
}

void
lb_rep_att_cells(struct out *o, const struct lb_rep_att *a, const char **c)
{
	long at[LB_REP_ATT_NCOLS];
	lb_buf_clear(&o->cb);
	at[0] = cb_id(o, a->child_id, &c[0]);
	at[1] = cb_text(o, a->name, &c[1]);
	at[2] = -1, c[2] = a->school;
	at[3] = cb_class(o, a->grade, a->klass, &c[3]);
	at[4] = -1, c[4] = lb_rep_att_label(o, a->kind);
	at[5] = cb_text(o, a->detail, &c[5]);
	cells_at(o, at, LB_REP_ATT_NCOLS, c);
}

int
lb_report_write(const struct lb_report *r, FILE *fp, enum lb_rep_fmt fmt,
                const struct lb_rep_render *ro)
{
	struct out o = {fp, r, ro, LB_BUF_INIT, "", NULL, LB_BUF_INIT, LB_BUF_INIT, LB_BUF_INIT,
	                NULL, LB_SMAP_INIT};
	int rc = 0;

	snprintf(o.load, sizeof o.load, L(&o, L_A_LOAD), r->mentor_limit);

	switch (fmt) {
	case LB_REP_MD: lb_rep_write_md(&o); break;
	case LB_REP_CSV: lb_rep_write_csv(&o); break;
	case LB_REP_YAML: lb_rep_write_yaml(&o); break;
	case LB_REP_HTML: lb_rep_write_html(&o); break;
	case LB_REP_XLSX: rc = lb_rep_write_xlsx(&o); break;
	case LB_REP_CARDS: lb_buf_fini(&o.b); return LB_EUSAGE;   /* cards.h */
	}
	lb_rep_flush(&o);
	lb_buf_fini(&o.b);
	lb_buf_fini(&o.kb);
	lb_buf_fini(&o.ob);
	lb_buf_fini(&o.cb);
	for (size_t k = 0; o.rname && k < r->nrules; k++)
		free(o.rname[k]);
	free(o.rname);
	lb_smap_fini(&o.rix);
	return rc < 0 || ferror(fp) ? LB_EOUTPUT : 0;
}

