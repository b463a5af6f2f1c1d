/* report_csv.c — the report as one RFC 4180 CSV table, a row per number or
 * list entry; cells that a spreadsheet would run as a formula are neutralised.
 * The same table is the .xlsx report (lb_rep_write_xlsx): a sheet per part,
 * text cells, nothing to neutralise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_impl.h"
#include "util.h"
#include "writer.h"
#include "xlsxw.h"

void
lb_rep_csv_safe(const char *s, struct lb_buf *out)
{
	lb_csv_formula_safe(s, out);   /* the writer's, one for every person CSV */
}

/* one cell of RFC 4180 CSV, neutralised, into the rows not yet written */
static void
csv_put(struct out *o, const char *s, int last)
{
	size_t len = strlen(s);
	lb_buf_reserve(&o->ob, 2 * len + 4);
	char *e = lb_csv_quote_safe(o->ob.s + o->ob.len, s, len);
	*e++ = last ? '\n' : ',';
	o->ob.len = (size_t)(e - o->ob.s);
	o->ob.s[o->ob.len] = '\0';
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
	if (o->xw) {   /* text cells: nothing to neutralise */
		lb_xw_row(o->xw, (const char *const *)c);
		return;
	}
	for (int i = 0; i < C_N; i++)
		csv_put(o, c[i] ? c[i] : "", i == C_N - 1);
	lb_rep_row_end(o);
}

static void
csv_groups(struct out *o, char **c, const struct lb_rep_group *g, int total)
{
	const struct lb_report *r = o->r;
	long cv[LB_REP_NCOUNTS];
	char n1[24], n2[24], p[24], tg[24], ov[24];
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, g, iv);

	lb_rep_child_counts(g, cv);
	memset(c, 0, C_N * sizeof *c);
	c[C_BY] = (char *)(total ? "total" : lb_rep_by_name(r->by));
	c[C_GROUP] = (char *)(total ? "" : lb_rep_key_text(o, g->key));
	c[C_SECTION] = (char *)"children";
	for (size_t i = 0; i < LB_REP_NCOUNTS; i++) {
		c[C_IND] = (char *)lb_rep_count_codes[i];
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
		struct lb_ratio q = lb_rep_rule_ratio(&g->rule[k]);
		if (!total && !lb_rep_rule_in_groups(r, k))
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
	/* a long rule's progress in its open window: no target */
	c[C_SECTION] = (char *)"progress";
	c[C_TARGET] = c[C_BELOW] = c[C_OVERDUE] = NULL;
	for (size_t k = 0; k < r->nrules; k++) {
		struct lb_ratio q = lb_rep_prog_ratio(&g->rule[k]);
		if (!lb_rep_rule_long(&r->rules[k]) || (!total && !lb_rep_rule_in_groups(r, k)))
			continue;
		c[C_IND] = (char *)r->rules[k].id;
		c[C_RULE] = (char *)r->rules[k].id;
		sprintf(n1, "%ld", q.num);
		sprintf(n2, "%ld", q.den);
		c[C_COUNT] = n1;
		c[C_DEN] = n2;
		c[C_PCT] = lb_ratio_pct(q, p);
		csv_row(o, c);
	}
}

void
lb_rep_write_csv(struct out *o)
{
	const struct lb_report *r = o->r;
	char *c[C_N];
	char d1[16], d2[16];

	if (o->xw)
		lb_xw_sheet(o->xw, o->ro->zh ? "汇总" : "summary", csv_cols, C_N);
	else
		for (int i = 0; i < C_N; i++)
			csv_put(o, csv_cols[i], i == C_N - 1);
	for (size_t i = 0; i < r->ng; i++)
		csv_groups(o, c, &r->g[i], 0);
	csv_groups(o, c, &r->total, 1);
	if (o->xw && r->nod)
		lb_xw_sheet(o->xw, o->ro->zh ? "逾期" : "overdue", csv_cols, C_N);
	for (size_t i = 0; i < r->nod; i++) {
		const struct lb_rep_overdue *od = &r->od[i];
		const char *oc[LB_REP_OD_NCOLS];
		lb_rep_od_cells(o, od, oc);     /* masked id, name and performer */
		memset(c, 0, sizeof c);
		c[C_SECTION] = (char *)"overdue";
		c[C_IND] = od->rule;
		c[C_CHILD] = (char *)oc[0];
		c[C_NAME] = (char *)oc[1];
		c[C_SCHOOL] = od->school;
		c[C_GRADE] = od->grade;
		c[C_CLASS] = od->klass;
		c[C_RULE] = od->rule;
		c[C_START] = lb_date_format(od->start, d1);
		c[C_END] = lb_date_format(od->end, d2);
		c[C_PERF] = (char *)oc[6];
		csv_row(o, c);
	}
	if (o->xw && r->natt)
		lb_xw_sheet(o->xw, o->ro->zh ? "关注" : "attention", csv_cols, C_N);
	for (size_t i = 0; i < r->natt; i++) {
		const struct lb_rep_att *a = &r->att[i];
		const char *ac[LB_REP_ATT_NCOLS];
		lb_rep_att_cells(o, a, ac);     /* masked id, name and detail */
		memset(c, 0, sizeof c);
		c[C_SECTION] = (char *)"attention";
		c[C_IND] = (char *)lb_rep_att_codes[a->kind];
		c[C_CHILD] = (char *)ac[0];
		c[C_NAME] = (char *)ac[1];
		c[C_SCHOOL] = a->school;
		c[C_GRADE] = a->grade;
		c[C_CLASS] = a->klass;
		c[C_DETAIL] = (char *)ac[5];
		csv_row(o, c);
	}
}


int
lb_rep_write_xlsx(struct out *o)
{
	int rc;

	if (!(o->xw = lb_xw_new((time_t)o->ro->created)))
		return LB_EOUTPUT;
	lb_rep_write_csv(o);
	rc = lb_xw_end(o->xw, o->fp);
	o->xw = NULL;
	return rc < 0 ? LB_EOUTPUT : 0;
}
