/* report_html.c — the report as one self-contained HTML page: inline CSS and
 * one SVG chart, nothing fetched; printed on A4 with the summary alone on
 * the first page, then the attention list, the details and the overdue
 * windows one block per performer (lb-report(1), Layout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_impl.h"
#include "util.h"
#include "writer.h"

static void
html_td(FILE *fp, const char *s, const char *cls)
{
	fputs(cls ? "<td class=\"" : "<td>", fp);
	if (cls)
		fprintf(fp, "%s\">", cls);
	lb_html_text(fp, s);
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
	lb_html_text(fp, s);
	fputs("</th>", fp);
}

/* A list's heading, "TITLE (N)", then "none" when N is 0 or the opening of
 * its table and header row with the labels given. Returns N > 0. */
static int
html_list_head(FILE *fp, struct out *o, enum lab title, size_t n, const enum lab *cols, size_t ncols)
{
	fputs("<h2>", fp), lb_html_text(fp, L(o, title));
	fprintf(fp, " (%zu)</h2>\n", n);
	if (n == 0) {
		fputs("<p>", fp), lb_html_text(fp, L(o, L_NONE)), fputs("</p>\n", fp);
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
	lb_html_text(fp, text);
	fputs("</span>", fp);
	if (small)
		fputs("<small>", fp), lb_html_text(fp, small), fputs("</small>", fp);
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
	        lb_ratio_below(q, target) ? "below" : "ok", t, lb_rep_pct_cell(q, p));
}

/* The one-page summary: a row per group and the total; the active
 * children, the indicators, then the rules, the school's duties apart from
 * the parents'. */
static void
html_summary(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, &r->total, iv);
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx), nd[2];

	fputs("<section id=\"summary\">\n<h2>", fp), lb_html_text(fp, L(o, L_SUMMARY));
	fputs("</h2>\n<table class=\"sum\">\n<thead>\n<tr><th class=\"key\" rowspan=\"2\">", fp);
	lb_html_text(fp, lb_rep_by_label(o));
	fputs("</th>", fp);
	html_vth(o, "v\" rowspan=\"2", L(o, L_ACTIVE), NULL);
	fprintf(fp, "<th class=\"duty ind\" colspan=\"%zu\">", ni);
	lb_html_text(fp, L(o, L_INDICATORS));
	fputs("</th>", fp);
	for (int parents = 0; parents <= 1; parents++) {
		nd[parents] = lb_rep_duty_rules(r, parents, idx);
		if (nd[parents]) {
			fprintf(fp, "<th class=\"duty %s\" colspan=\"%zu\">", parents ? "parents" : "school",
			        nd[parents]);
			lb_html_text(fp, L(o, parents ? L_DUTY_PARENTS : L_DUTY_SCHOOL));
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
		lb_rep_duty_rules(r, parents, idx);
		for (size_t j = 0; j < nd[parents]; j++) {
			const struct lb_rule *ru = &r->rules[idx[j]];
			char *rn = lb_rep_rule_name(o, ru->id, 1);
			html_vth(o, parents ? "rule parents v" : "rule school v", rn,
			         o->ro->zh ? ru->id : NULL);
			free(rn);
		}
	}
	fputs("</tr>\n</thead>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = lb_rep_row_group(r, i);
		fputs(i < r->ng ? "<tr class=\"g\"><th class=\"key\">" : "<tr class=\"total\"><th class=\"key\">", fp);
		lb_html_text(fp, lb_rep_row_key(o, i, L(o, L_TOTAL)));
		fprintf(fp, "</th><td class=\"n\">%ld</td>", g->active);
		lb_rep_indicators(r, g, iv);
		for (size_t k = 0; k < ni; k++)
			html_pct(fp, iv[k].q, iv[k].target);
		for (int parents = 0; parents <= 1; parents++) {
			lb_rep_duty_rules(r, parents, idx);
			for (size_t j = 0; j < nd[parents]; j++) {
				if (i < r->ng && !lb_rep_rule_in_groups(r, idx[j]))
					fputs("<td class=\"p\"></td>", fp);
				else
					html_pct(fp, lb_rep_rule_ratio(&g->rule[idx[j]]), LB_TARGET_FULL);
			}
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n<p class=\"legend\">", fp);
	lb_html_text(fp, L(o, L_SUMLEGEND));
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
	lb_html_text(fp, L(o, L_CHART_RULES));
	fputs("\" font-size=\"12\">\n", fp);
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = lb_rep_duty_rules(r, parents, idx);
		for (size_t j = 0; j < n; j++, y++) {
			struct lb_ratio q = lb_rep_rule_ratio(&r->total.rule[idx[j]]);
			int yy = top + (int)y * rh;
			char p[24], *rn = lb_rep_rule_name(o, r->rules[idx[j]].id, 1);
			fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 6, yy + 14);
			lb_html_text(fp, rn);
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
	lb_html_text(fp, L(o, L_TITLE));
	fputc(' ', fp);
	lb_html_text(fp, r->period);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", html_css);
	lb_html_text(fp, L(o, L_TITLE));
	fputc(' ', fp);
	lb_html_text(fp, r->period);
	fputs("</h1>\n<p class=\"meta\">", fp);
	lb_html_text(fp, L(o, L_ASOF));
	fprintf(fp, ": %s · ", lb_date_format(r->asof, d1));
	lb_html_text(fp, L(o, L_RULES));
	fputs(": ", fp);
	lb_html_text(fp, o->ro->profile ? o->ro->profile : "");
	if (o->ro->rules_file) {
		fputs(" + ", fp);
		lb_html_text(fp, o->ro->rules_file);
	}
	fputs(" · ", fp);
	lb_html_text(fp, L(o, L_BY));
	fputs(": ", fp);
	lb_html_text(fp, lb_rep_by_label(o));
	fputs("</p>\n", fp);
}

/* text s escaped into b */
static void
html_esc(struct lb_buf *b, const char *s)
{
	size_t len = strlen(s);
	lb_buf_reserve(b, 6 * len);
	b->len = (size_t)(lb_html_escape(b->s + b->len, s, len) - b->s);
	b->s[b->len] = '\0';
}

/* a row of a list of n cells into o->ob; the window's cell (window, when
 * not negative) right-aligned */
static void
html_row(struct out *o, const char **c, size_t n, int window)
{
	struct lb_buf *b = &o->ob;
	lb_buf_add(b, "<tr>", 4);
	for (size_t i = 0; i < n; i++) {
		if ((int)i == window)
			lb_buf_adds(b, "<td class=\"n\">");
		else
			lb_buf_add(b, "<td>", 4);
		html_esc(b, c[i]);
		lb_buf_add(b, "</td>", 5);
	}
	lb_buf_add(b, "</tr>\n", 6);
	lb_rep_row_end(o);
}

static void
html_attention(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	fputs("<section id=\"attention\">\n", fp);
	if (html_list_head(fp, o, L_ATTENTION, r->natt, lb_rep_att_cols, LB_REP_ATT_NCOLS)) {
		for (size_t i = 0; i < r->natt; i++) {
			const char *c[LB_REP_ATT_NCOLS];
			lb_rep_att_cells(o, &r->att[i], c);
			html_row(o, c, LB_REP_ATT_NCOLS, -1);
		}
		lb_rep_flush(o);
		fputs("</table>\n", fp);
	}
	fputs("</section>\n", fp);
}

static void
html_details(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, &r->total, iv);
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx);

	fputs("<section id=\"details\">\n<h2>", fp), lb_html_text(fp, L(o, L_DETAILS)), fputs("</h2>\n", fp);

	/* children */
	fputs("<h3>", fp), lb_html_text(fp, L(o, L_CHILDREN)), fputs("</h3>\n<table>\n<tr>", fp);
	html_th(fp, lb_rep_by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		html_th(fp, L(o, l));
	fputs("</tr>\n", fp);
	for (size_t i = 0; i < r->ng; i++)
		html_children_row(fp, lb_rep_key_text(o, r->g[i].key), &r->g[i], 0);
	html_children_row(fp, L(o, L_TOTAL), &r->total, 1);
	fputs("</table>\n", fp);

	/* indicators */
	fputs("<h3>", fp), lb_html_text(fp, L(o, L_INDICATORS)), fputs("</h3>\n<table>\n<tr>", fp);
	html_th(fp, lb_rep_by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char s[128];
		html_th(fp, lb_rep_ind_heading(o, &iv[k], s, sizeof s));
	}
	fputs("</tr>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = lb_rep_row_group(r, i);
		lb_rep_indicators(r, g, iv);
		fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
		html_td(fp, lb_rep_row_key(o, i, L(o, L_TOTAL)), NULL);
		for (size_t k = 0; k < ni; k++)
			html_ratio(fp, iv[k].q, iv[k].target);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);

	/* rules: one chart of the totals, then a table per rule, the school's
	 * duties apart from the parents' */
	fputs("<h3>", fp), lb_html_text(fp, L(o, L_COMPLIANCE)), fputs("</h3>\n", fp);
	if (r->nrules == 0)
		fputs("<p>", fp), lb_html_text(fp, L(o, L_NORULES)), fputs("</p>\n", fp);
	else
		html_chart_rules(o);
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = lb_rep_duty_rules(r, parents, idx);
		if (!n)
			continue;
		fputs("<h4>", fp), lb_html_text(fp, L(o, parents ? L_DUTY_PARENTS : L_DUTY_SCHOOL));
		fputs("</h4>\n", fp);
		for (size_t j = 0; j < n; j++) {
			size_t k = idx[j];
			char s[32];
			int prog = lb_rep_rule_long(&r->rules[k]);
			fputs("<table class=\"rule\">\n<caption>", fp);
			if (!o->ro->zh)
				lb_html_text(fp, r->rules[k].id), fputs(" — ", fp);
			lb_html_text(fp, r->rules[k].title);
			fputs("</caption>\n<tr>", fp);
			html_th(fp, lb_rep_by_label(o));
			html_th(fp, L(o, L_DONE));
			html_th(fp, L(o, L_OVERDUE_N));
			if (prog)
				html_th(fp, L(o, L_PROGRESS));
			fputs("</tr>\n", fp);
			for (size_t i = 0; i <= r->ng; i++) {
				const struct lb_rep_group *g = lb_rep_row_group(r, i);
				if (i < r->ng && !lb_rep_rule_in_groups(r, k))
					continue;
				fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
				html_td(fp, lb_rep_row_key(o, i, L(o, L_TOTAL)), NULL);
				html_ratio(fp, lb_rep_rule_ratio(&g->rule[k]), LB_TARGET_FULL);
				sprintf(s, "%ld", g->rule[k].overdue);
				html_td(fp, s, "n");
				if (prog)     /* the window is still open: never marked */
					html_ratio(fp, lb_rep_prog_ratio(&g->rule[k]), 0);
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
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct lb_rep_pblock *pb;
	size_t npb;

	fputs("<section id=\"overdue\">\n<h2>", fp), lb_html_text(fp, L(o, L_OVERDUE));
	fprintf(fp, " (%zu)</h2>\n", r->nod);
	if (r->nod == 0) {
		fputs("<p>", fp), lb_html_text(fp, L(o, L_NONE)), fputs("</p>\n</section>\n", fp);
		return;
	}
	npb = lb_rep_perf_blocks(r, &pb);
	for (size_t b = 0; b < npb; b++) {
		struct lb_buf *ob = &o->ob;
		const char *perf = lb_rep_shown(o, &o->b, *pb[b].name ? pb[b].name : L(o, L_UNASSIGNED));
		if (pb[b].parents && (b == 0 || !pb[b - 1].parents)) {
			lb_buf_adds(ob, "<p class=\"duty\">");
			html_esc(ob, L(o, L_DUTY_PARENTS));
			lb_buf_adds(ob, "</p>\n");
		}
		lb_buf_adds(ob, "<div class=\"block\">\n<h3 class=\"performer\">");
		html_esc(ob, perf);
		lb_buf_printf(ob, " (%zu)</h3>\n<table>\n<tr>", pb[b].n);
		/* the list's columns but the performer's, which the heading names */
		for (size_t i = 0; i < LB_REP_OD_NCOLS - 1; i++) {
			lb_buf_add(ob, "<th>", 4);
			html_esc(ob, L(o, lb_rep_od_cols[i]));
			lb_buf_add(ob, "</th>", 5);
		}
		lb_buf_add(ob, "</tr>\n", 6);
		for (size_t j = 0; j < pb[b].n; j++) {
			const char *c[LB_REP_OD_NCOLS];
			lb_rep_od_cells(o, &r->od[pb[b].od[j]], c);
			html_row(o, c, LB_REP_OD_NCOLS - 1, LB_REP_OD_WINDOW);
		}
		lb_buf_adds(ob, "</table>\n</div>\n");
	}
	lb_rep_flush(o);
	lb_rep_perf_blocks_free(pb, npb);
	fputs("</section>\n", fp);
}

/* The page: the one-page summary, the attention list, the details, the
 * overdue windows by performer. */
void
lb_rep_write_html(struct out *o)
{
	FILE *fp = o->fp;

	html_head(o);
	html_summary(o);
	html_attention(o);
	html_details(o);
	html_overdue(o);
	fputs("<p class=\"legend\">", fp);
	lb_html_text(fp, L(o, L_LEGEND));
	fputs("</p>\n</body>\n</html>\n", fp);
}
