/* report_html.c — the report as one self-contained HTML page: inline CSS and
 * SVG bars, nothing fetched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_impl.h"
#include "util.h"

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
	size_t rows = (lb_rep_rule_in_groups(r, k) ? r->ng : 0) + 1, y = 0;
	int hgt = top + (int)rows * rh + 20;

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", lw + bw + 90, hgt,
	        lw + bw + 90, hgt);
	char *rn = lb_rep_rule_name(o, r->rules[k].id, 1);
	h(fp, rn);
	free(rn);
	fprintf(fp, " %s\" font-size=\"13\">\n", L(o, L_CHART));
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		struct lb_ratio q;
		char p[24];
		int yy;
		if (i < r->ng && !lb_rep_rule_in_groups(r, k))
			continue;
		q = lb_rep_rule_ratio(&g->rule[k]);
		yy = top + (int)y * rh;
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>", lw - 6, yy + 15,
		        i == r->ng ? " font-weight=\"bold\"" : "");
		h(fp, i < r->ng ? lb_rep_key_text(o, g->key) : L(o, L_TOTAL));
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
	long v[LB_REP_NCOUNTS];

	lb_rep_child_counts(g, v);
	fputs(total ? "<tr class=\"total\">" : "<tr>", fp);
	html_td(fp, key, NULL);
	for (size_t i = 0; i < LB_REP_NCOUNTS; i++) {
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
	fputc(' ', fp);
	h(fp, r->period);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", html_css);
	h(fp, L(o, L_TITLE));
	fputc(' ', fp);
	h(fp, r->period);
	fputs("</h1>\n<p class=\"meta\">", fp);
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
	h(fp, lb_rep_by_label(o));
	fputs("</p>\n", fp);
}

static void
html_children(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	fputs("<h2>", fp), h(fp, L(o, L_CHILDREN)), fputs("</h2>\n<table>\n<tr>", fp);
	html_th(fp, lb_rep_by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		html_th(fp, L(o, l));
	fputs("</tr>\n", fp);
	for (size_t i = 0; i < r->ng; i++)
		html_children_row(fp, lb_rep_key_text(o, r->g[i].key), &r->g[i], 0);
	html_children_row(fp, L(o, L_TOTAL), &r->total, 1);
	fputs("</table>\n", fp);
}

static void
html_indicators(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, &r->total, iv);

	fputs("<h2>", fp), h(fp, L(o, L_INDICATORS)), fputs("</h2>\n<table>\n<tr>", fp);
	html_th(fp, lb_rep_by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char s[128];
		html_th(fp, lb_rep_ind_heading(o, &iv[k], s, sizeof s));
	}
	fputs("</tr>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		lb_rep_indicators(r, g, iv);
		fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
		html_td(fp, i < r->ng ? lb_rep_key_text(o, g->key) : L(o, L_TOTAL), NULL);
		for (size_t k = 0; k < ni; k++)
			html_ratio(fp, iv[k].q, iv[k].target);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

/* one rule: its heading, its chart and its table */
static void
html_rule(struct out *o, size_t k)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char s[32];

	fputs("<div class=\"rule\">\n<h3>", fp);
	if (!o->ro->zh)
		h(fp, r->rules[k].id), fputs(" — ", fp);
	h(fp, r->rules[k].title);
	fputs("</h3>\n", fp);
	html_chart(o, k);
	fputs("<table>\n<tr>", fp);
	html_th(fp, lb_rep_by_label(o));
	html_th(fp, L(o, L_DONE));
	html_th(fp, L(o, L_OVERDUE_N));
	int prog = lb_rep_rule_long(&r->rules[k]);
	if (prog)
		html_th(fp, L(o, L_PROGRESS));
	fputs("</tr>\n", fp);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = i < r->ng ? &r->g[i] : &r->total;
		if (i < r->ng && !lb_rep_rule_in_groups(r, k))
			continue;
		fputs(i < r->ng ? "<tr>" : "<tr class=\"total\">", fp);
		html_td(fp, i < r->ng ? lb_rep_key_text(o, g->key) : L(o, L_TOTAL), NULL);
		html_ratio(fp, lb_rep_rule_ratio(&g->rule[k]), LB_TARGET_FULL);
		sprintf(s, "%ld", g->rule[k].overdue);
		html_td(fp, s, "n");
		if (prog)     /* the window is still open: never marked */
			html_ratio(fp, lb_rep_prog_ratio(&g->rule[k]), 0);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n</div>\n", fp);
}

/* a row of a list; the window's cell (window, when not negative) right-aligned */
static void
html_row(FILE *fp, char **c, size_t n, int window)
{
	fputs("<tr>", fp);
	for (size_t i = 0; i < n; i++)
		html_td(fp, c[i], (int)i == window ? "n" : NULL);
	fputs("</tr>\n", fp);
	lb_rep_cells_free(c, n);
}

static void
html_lists(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char *c[LB_REP_OD_NCOLS];

	if (html_list_head(fp, o, L_OVERDUE, r->nod, lb_rep_od_cols, LB_REP_OD_NCOLS)) {
		for (size_t i = 0; i < r->nod; i++) {
			lb_rep_od_cells(o, &r->od[i], c);
			html_row(fp, c, LB_REP_OD_NCOLS, LB_REP_OD_WINDOW);
		}
		fputs("</table>\n", fp);
	}
	if (html_list_head(fp, o, L_ATTENTION, r->natt, lb_rep_att_cols, LB_REP_ATT_NCOLS)) {
		for (size_t i = 0; i < r->natt; i++) {
			lb_rep_att_cells(o, &r->att[i], c);
			html_row(fp, c, LB_REP_ATT_NCOLS, -1);
		}
		fputs("</table>\n", fp);
	}
}

void
lb_rep_write_html(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;

	html_head(o);
	html_children(o);
	html_indicators(o);
	fputs("<h2>", fp), h(fp, L(o, L_COMPLIANCE)), fputs("</h2>\n", fp);
	if (r->nrules == 0)
		fputs("<p>", fp), h(fp, L(o, L_NORULES)), fputs("</p>\n", fp);
	for (size_t k = 0; k < r->nrules; k++)
		html_rule(o, k);
	html_lists(o);
	fputs("<p class=\"legend\">", fp);
	h(fp, L(o, L_LEGEND));
	fputs("</p>\n</body>\n</html>\n", fp);
}
