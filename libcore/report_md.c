/* report_md.c — the report as Markdown, in the order of the HTML page (the
 * summary, the attention list, the details, the overdue windows by
 * performer): one table per section, "!" after a ratio below its target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_impl.h"
#include "util.h"

/* A cell: '|' escaped, line ends and TAB a space; '<', '>' and '&' as
 * entities (a renderer passes raw HTML: a <script> typed into a name);
 * other control characters quoted (\033), so an ESC does not reach the
 * terminal that shows the report. */
static const char md_special[] = "|\n\r\t<>&"
	"\001\002\003\004\005\006\007\010\013\014\016\017\020\021\022\023\024\025\026\027"
	"\030\031\032\033\034\035\036\037\177\302";

/* s as Markdown text: the special characters escaped, control characters
 * quoted (a value cannot forge a row or drive the terminal). */
static void
md_text(FILE *fp, const char *s)
{
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
}

/* What md_text does with a byte: 0 copies it, 1 escapes it, 2 quotes it
 * (\033), 3 looks at the next (0xC2: a C1 control follows or not). */
static const unsigned char md_class[256] = {
	[1] = 2, [2] = 2, [3] = 2, [4] = 2, [5] = 2, [6] = 2, [7] = 2, [8] = 2,
	[9] = 1, [10] = 1, [11] = 2, [12] = 2, [13] = 1, [14] = 2, [15] = 2,
	[16] = 2, [17] = 2, [18] = 2, [19] = 2, [20] = 2, [21] = 2, [22] = 2, [23] = 2,
	[24] = 2, [25] = 2, [26] = 2, [27] = 2, [28] = 2, [29] = 2, [30] = 2, [31] = 2,
	[127] = 2, ['|'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1, [0xC2] = 3,
};

/* md_text into b, without a call a run: the long lists' cells */
static void
md_esc(struct lb_buf *b, const char *s)
{
	size_t len = strlen(s);
	lb_buf_reserve(b, 6 * len);
	char *o = b->s + b->len;
	static const char oct[] = "01234567", hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (md_class[c]) {
		case 0:
			*o++ = (char)c;
			break;
		case 1:
			switch (c) {
			case '|': *o++ = '\\'; *o++ = '|'; break;
			case '<': memcpy(o, "&lt;", 4); o += 4; break;
			case '>': memcpy(o, "&gt;", 4); o += 4; break;
			case '&': memcpy(o, "&amp;", 5); o += 5; break;
			default: *o++ = ' ';     /* \n \r \t */
			}
			break;
		case 2:
			*o++ = '\\';
			*o++ = oct[c >> 6];
			*o++ = oct[(c >> 3) & 7];
			*o++ = oct[c & 7];
			break;
		default: {
			unsigned char d = (unsigned char)s[i + 1];
			if (d >= 0x80 && d <= 0x9F) {     /* a C1 control: \u0080 … */
				memcpy(o, "\\u00", 4);
				o[4] = hex[d >> 4];
				o[5] = hex[d & 15];
				o += 6;
				i++;
			} else
				*o++ = (char)c;
		}
		}
	}
	b->len = (size_t)(o - b->s);
	b->s[b->len] = '\0';
}

/* " s |" of a list row into o->ob */
static void
md_put(struct out *o, const char *s)
{
	lb_buf_addc(&o->ob, ' ');
	md_esc(&o->ob, s);
	lb_buf_add(&o->ob, " |", 2);
}

static void
md_cell(FILE *fp, const char *s)
{
	fputc(' ', fp);
	md_text(fp, s);
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

/* A summary table in percent: the group, then one column per indicator
 * (rules NULL) or per rule of idx[0..n). */
static void
md_summary_table(struct out *o, const char *tot, const size_t *idx, size_t n)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[LB_REP_MAXIND];
	size_t ni = idx ? n : lb_rep_indicators(r, &r->total, iv);
	char p[32];

	fputs("|", fp);
	md_cell(fp, lb_rep_by_label(o));
	if (!idx)
		md_cell(fp, L(o, L_ACTIVE));
	for (size_t k = 0; k < ni; k++) {
		char *rn = idx ? lb_rep_rule_name(o, r->rules[idx[k]].id, 1) : NULL;
		md_cell(fp, idx ? rn : L(o, iv[k].lab));
		free(rn);
	}
	fputc('\n', fp);
	md_rule(fp, ni + 1 + !idx, (int)ni + !idx);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = lb_rep_row_group(r, i);
		fputs("|", fp);
		md_cell(fp, lb_rep_row_key(o, i, tot));
		if (!idx) {
			sprintf(p, "%ld", g->active);
			md_cell(fp, p);
			lb_rep_indicators(r, g, iv);
		}
		for (size_t k = 0; k < ni; k++) {
			struct lb_ratio q = idx ? lb_rep_rule_ratio(&g->rule[idx[k]]) : iv[k].q;
			int target = idx ? LB_TARGET_FULL : iv[k].target;
			if (idx && i < r->ng && !lb_rep_rule_in_groups(r, idx[k])) {
				md_cell(fp, "");
				continue;
			}
			lb_rep_pct_cell(q, p);
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
		size_t n = lb_rep_duty_rules(r, parents, idx);
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
	for (size_t k = 0; k < LB_REP_ATT_NCOLS; k++)
		md_cell(fp, L(o, lb_rep_att_cols[k]));
	fputc('\n', fp);
	md_rule(fp, LB_REP_ATT_NCOLS, 0);
	for (size_t i = 0; i < r->natt; i++) {
		const char *c[LB_REP_ATT_NCOLS];
		lb_rep_att_cells(o, &r->att[i], c);
		lb_buf_addc(&o->ob, '|');
		for (size_t k = 0; k < LB_REP_ATT_NCOLS; k++)
			md_put(o, c[k]);
		lb_buf_addc(&o->ob, '\n');
		lb_rep_row_end(o);
	}
	lb_rep_flush(o);
}

static void
md_details(struct out *o, const char *tot)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, &r->total, iv);
	size_t *idx = lb_xcalloc(r->nrules + 1, sizeof *idx);

	fprintf(fp, "\n## %s\n", L(o, L_DETAILS));

	/* children */
	fprintf(fp, "\n### %s\n\n|", L(o, L_CHILDREN));
	md_cell(fp, lb_rep_by_label(o));
	for (enum lab l = L_ROSTER; l <= L_AGE2; l++)
		md_cell(fp, L(o, l));
	fputc('\n', fp);
	md_rule(fp, 8, 7);
	for (size_t i = 0; i < r->ng; i++)
		md_children_row(fp, lb_rep_key_text(o, r->g[i].key), &r->g[i]);
	md_children_row(fp, tot, &r->total);

	/* indicators */
	fprintf(fp, "\n### %s\n\n|", L(o, L_INDICATORS));
	md_cell(fp, lb_rep_by_label(o));
	for (size_t k = 0; k < ni; k++) {
		char h[128];
		md_cell(fp, lb_rep_ind_heading(o, &iv[k], h, sizeof h));
	}
	fputc('\n', fp);
	md_rule(fp, ni + 1, (int)ni);
	for (size_t i = 0; i <= r->ng; i++) {
		const struct lb_rep_group *g = lb_rep_row_group(r, i);
		lb_rep_indicators(r, g, iv);
		fputs("|", fp);
		md_cell(fp, lb_rep_row_key(o, i, tot));
		for (size_t k = 0; k < ni; k++)
			md_ratio(fp, iv[k].q, iv[k].target);
		fputc('\n', fp);
	}

	/* rules, the school's duties, then the parents' */
	if (r->nrules == 0)
		fprintf(fp, "\n### %s\n\n%s\n", L(o, L_COMPLIANCE), L(o, L_NORULES));
	for (int parents = 0; parents <= 1; parents++) {
		size_t n = lb_rep_duty_rules(r, parents, idx);
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
			int prog = lb_rep_rule_long(&r->rules[k]);
			md_cell(fp, lb_rep_by_label(o));
			md_cell(fp, L(o, L_DONE));
			md_cell(fp, L(o, L_OVERDUE_N));
			if (prog)
				md_cell(fp, L(o, L_PROGRESS));
			fputc('\n', fp);
			md_rule(fp, prog ? 4 : 3, prog ? 3 : 2);
			for (size_t i = 0; i <= r->ng; i++) {
				const struct lb_rep_group *g = lb_rep_row_group(r, i);
				if (i < r->ng && !lb_rep_rule_in_groups(r, k))
					continue;
				fputs("|", fp);
				md_cell(fp, lb_rep_row_key(o, i, tot));
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
	free(idx);
}

/* the overdue windows, one block per performer */
static void
md_overdue(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	struct lb_rep_pblock *pb;
	size_t npb;

	fprintf(fp, "\n## %s (%zu)\n", L(o, L_OVERDUE), r->nod);
	if (r->nod == 0) {
		fprintf(fp, "\n%s\n", L(o, L_NONE));
		return;
	}
	npb = lb_rep_perf_blocks(r, &pb);
	for (size_t b = 0; b < npb; b++) {
		struct lb_buf *ob = &o->ob;
		const char *perf = lb_rep_shown(o, &o->b, *pb[b].name ? pb[b].name : L(o, L_UNASSIGNED));
		if (pb[b].parents && (b == 0 || !pb[b - 1].parents))
			lb_buf_printf(ob, "\n%s%s\n", L(o, L_DUTY_PARENTS), o->ro->zh ? "：" : ":");
		lb_buf_adds(ob, "\n### ");
		md_esc(ob, perf);   /* a name is data: escaped like any cell */
		lb_buf_printf(ob, " (%zu)\n\n|", pb[b].n);
		/* the list's columns but the performer's, which the heading names */
		for (size_t k = 0; k < LB_REP_OD_NCOLS - 1; k++)
			md_put(o, L(o, lb_rep_od_cols[k]));
		lb_buf_addc(ob, '\n');
		lb_buf_addc(ob, '|');
		for (size_t k = 0; k < LB_REP_OD_NCOLS - 1; k++)
			lb_buf_adds(ob, "---|");
		lb_buf_addc(ob, '\n');
		for (size_t j = 0; j < pb[b].n; j++) {
			const char *c[LB_REP_OD_NCOLS];
			lb_rep_od_cells(o, &r->od[pb[b].od[j]], c);
			lb_buf_addc(ob, '|');
			for (size_t k = 0; k < LB_REP_OD_NCOLS - 1; k++)
				md_put(o, c[k]);
			lb_buf_addc(ob, '\n');
			lb_rep_row_end(o);
		}
	}
	lb_rep_flush(o);
	lb_rep_perf_blocks_free(pb, npb);
}

/* Markdown in the order of the HTML page: the summary, the attention list,
 * the details, the overdue windows by performer. */
void
lb_rep_write_md(struct out *o)
{
	FILE *fp = o->fp;
	char tot[64];

	snprintf(tot, sizeof tot, "**%s**", L(o, L_TOTAL));
	md_head(o);
	md_summary(o, tot);
	md_attention(o);
	md_details(o, tot);
	md_overdue(o);
	fprintf(fp, "\n%s\n", L(o, L_LEGEND));
}
