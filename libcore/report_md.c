/* report_md.c — the report as Markdown: one table per section, "!" after a
 * ratio below its target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_impl.h"
#include "util.h"

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
	long v[LB_REP_NCOUNTS];

	lb_rep_child_counts(g, v);
	fputs("|", fp);
	md_cell(fp, key);
	for (size_t i = 0; i < LB_REP_NCOUNTS; i++) {
		sprintf(s, "%ld", v[i]);
		md_cell(fp, s);
	}
	fputc('\n', fp);
}

static void
md_head(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16];

	fprintf(fp, "# %s %s\n\n", L(o, L_TITLE), r->period);
	fprintf(fp, "- %s: %s\n", L(o, L_ASOF), lb_date_format(r->asof, d1));
	fprintf(fp, "- %s: %s%s%s\n", L(o, L_RULES), o->ro->profile ? o->ro->profile : "",
	        o->ro->rules_file ? " + " : "", o->ro->rules_file ? o->ro->rules_file : "");
	fprintf(fp, "- %s: %s\n", L(o, L_BY), lb_rep_by_label(o));
}

static void
md_children(struct out *o, const char *tot)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	fprintf(fp, "\n## %s\n\n|", L(o, L_CHILDREN));
	md_cell(fp, lb_rep_by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		md_cell(fp, L(o, l));
	fputc('\n', fp);
	md_rule(fp, 8, 7);
	for (size_t i = 0; i < r->ng; i++)
		md_children_row(fp, lb_rep_key_text(o, r->g[i].key), &r->g[i]);
	md_children_row(fp, tot, &r->total);
}

static void
md_indicators(struct out *o, const char *tot)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, &r->total, iv);

	fprintf(fp, "\n## %s\n\n|", L(o, L_INDICATORS));
	md_cell(fp, lb_rep_by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char h[128];
		md_cell(fp, lb_rep_ind_heading(o, &iv[k], h, sizeof h));
	}
	fputc('\n', fp);
	md_rule(fp, ni + 1, (int)ni);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		lb_rep_indicators(r, g, iv);
		fputs("|", fp);
		md_cell(fp, i < r->ng ? lb_rep_key_text(o, g->key) : tot);
		for (size_t k = 0; k < ni; k++)
			md_ratio(fp, iv[k].q, iv[k].target);
		fputc('\n', fp);
	}
}

static void
md_rules(struct out *o, const char *tot)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	fprintf(fp, "\n## %s\n", L(o, L_COMPLIANCE));
	if (r->nrules == 0)
		fprintf(fp, "\n%s\n", L(o, L_NORULES));
	for (size_t k = 0; k < r->nrules; k++) {
		char s[32];
		if (o->ro->zh)
			fprintf(fp, "\n### %s\n\n|", r->rules[k].title);
		else
			fprintf(fp, "\n### %s — %s\n\n|", r->rules[k].id, r->rules[k].title);
		int prog = lb_rep_rule_long(&r->rules[k]);
		md_cell(fp, lb_rep_by_label(o));
		md_cell(fp, L(o, L_DONE));
		md_cell(fp, L(o, L_OVERDUE_N));
		if (prog)
			md_cell(fp, L(o, L_PROGRESS));
		fputc('\n', fp);
		md_rule(fp, prog ? 4 : 3, prog ? 3 : 2);
		for (size_t i = 0; i <= r->ng; i++) {
			const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
			if (i < r->ng && !lb_rep_rule_in_groups(r, k))
				continue;
			fputs("|", fp);
			md_cell(fp, i < r->ng ? lb_rep_key_text(o, g->key) : tot);
			md_ratio(fp, lb_rep_rule_ratio(&g->rule[k]), LB_TARGET_FULL);
			sprintf(s, "%ld", g->rule[k].overdue);
			md_cell(fp, s);
			/* the window is still open: never marked below target */
			if (prog)
				md_ratio(fp, lb_rep_prog_ratio(&g->rule[k]), 0);
			fputc('\n', fp);
		}
	}
}

/* A list's heading, "TITLE (N)", then "None." when N is 0 or its table's
 * header with the labels given. Returns N > 0. */
static int
md_list_head(struct out *o, enum lab title, size_t n, const enum lab *cols, size_t ncols)
{
	FILE *fp = o->fp;

	fprintf(fp, "\n## %s (%zu)\n\n", L(o, title), n);
	if (n == 0) {
		fprintf(fp, "%s\n", L(o, L_NONE));
		return 0;
	}
	fputs("|", fp);
	for (size_t i = 0; i < ncols; i++)
		md_cell(fp, L(o, cols[i]));
	fputc('\n', fp);
	md_rule(fp, ncols, 0);
	return 1;
}

static void
md_row(FILE *fp, char **c, size_t n)
{
	fputs("|", fp);
	for (size_t i = 0; i < n; i++)
		md_cell(fp, c[i]);
	fputc('\n', fp);
	lb_rep_cells_free(c, n);
}

static void
md_lists(struct out *o)
{
	const struct lb_report *r = o->r;
	char *c[LB_REP_OD_NCOLS];

	if (md_list_head(o, L_OVERDUE, r->nod, lb_rep_od_cols, LB_REP_OD_NCOLS))
		for (size_t i = 0; i < r->nod; i++) {
			lb_rep_od_cells(o, &r->od[i], c);
			md_row(o->fp, c, LB_REP_OD_NCOLS);
		}
	if (md_list_head(o, L_ATTENTION, r->natt, lb_rep_att_cols, LB_REP_ATT_NCOLS))
		for (size_t i = 0; i < r->natt; i++) {
			lb_rep_att_cells(o, &r->att[i], c);
			md_row(o->fp, c, LB_REP_ATT_NCOLS);
		}
}

void
lb_rep_write_md(struct out *o)
{
	char tot[64];

	snprintf(tot, sizeof tot, "**%s**", L(o, L_TOTAL));
	md_head(o);
	md_children(o, tot);
	md_indicators(o, tot);
	md_rules(o, tot);
	md_lists(o);
	fprintf(o->fp, "\n%s\n", L(o, L_LEGEND));
}
