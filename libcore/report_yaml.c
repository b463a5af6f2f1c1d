/* report_yaml.c — the report as YAML: strings always double-quoted, numbers,
 * null and booleans plain. Written by hand, not with libyaml's emitter
 * (writer.c): that one indents no sequence inside a mapping ("rules:\n- id"),
 * escapes other than yq below and may fold long quoted strings, so the
 * output would change for every reader of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_impl.h"
#include "util.h"

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

/* How yq writes a byte: 0 as it is, 1 after a backslash, 2 as \n or \t,
 * 3 as \xHH. */
static const unsigned char yq_class[256] = {
	[0x01] = 3, [0x02] = 3, [0x03] = 3, [0x04] = 3, [0x05] = 3, [0x06] = 3, [0x07] = 3,
	[0x08] = 3, [0x09] = 2, [0x0a] = 2, [0x0b] = 3, [0x0c] = 3, [0x0d] = 3, [0x0e] = 3,
	[0x0f] = 3, [0x10] = 3, [0x11] = 3, [0x12] = 3, [0x13] = 3, [0x14] = 3, [0x15] = 3,
	[0x16] = 3, [0x17] = 3, [0x18] = 3, [0x19] = 3, [0x1a] = 3, [0x1b] = 3, [0x1c] = 3,
	[0x1d] = 3, [0x1e] = 3, [0x1f] = 3, [0x7f] = 3, ['"'] = 1, ['\\'] = 1,
};

/* "KEY: \"s\"\n" (yq's quoting) into the rows not yet written */
static void
yq_field(struct out *o, const char *key, const char *s)
{
	struct lb_buf *b = &o->ob;
	size_t len = strlen(s), klen = strlen(key);
	static const char hex[] = "0123456789abcdef";
	lb_buf_reserve(b, klen + 4 * len + 4);
	char *p = b->s + b->len;
	memcpy(p, key, klen);
	p += klen;
	*p++ = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (yq_class[c]) {
		case 0: *p++ = (char)c; break;
		case 1: *p++ = '\\'; *p++ = (char)c; break;
		case 2: *p++ = '\\'; *p++ = c == '\n' ? 'n' : 't'; break;
		default:
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p++ = '"';
	*p++ = '\n';
	b->len = (size_t)(p - b->s);
	b->s[b->len] = '\0';
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
	struct ind iv[LB_REP_MAXIND];
	size_t ni = lb_rep_indicators(r, g, iv);
	long cv[LB_REP_NCOUNTS];
	char ind2[32];
	int any = 0;

	lb_rep_child_counts(g, cv);
	for (size_t i = 0; i < LB_REP_NCOUNTS; i++)
		fprintf(fp, "%s%s: %ld\n", ind, lb_rep_count_codes[i], cv[i]);
	snprintf(ind2, sizeof ind2, "%s  ", ind);
	for (size_t k = 0; k < ni; k++) {
		fprintf(fp, "%s%s:\n", ind, iv[k].code);
		yaml_ratio(fp, ind2, iv[k].q, iv[k].target);
	}
	snprintf(ind2, sizeof ind2, "%s    ", ind);
	for (size_t k = 0; k < r->nrules; k++) {
		if (!total && !lb_rep_rule_in_groups(r, k))
			continue;
		if (!any++)
			fprintf(fp, "%srules:\n", ind);
		fprintf(fp, "%s  - rule: ", ind);
		yq(fp, r->rules[k].id);
		fputc('\n', fp);
		yaml_ratio(fp, ind2, lb_rep_rule_ratio(&g->rule[k]), LB_TARGET_FULL);
		fprintf(fp, "%soverdue: %ld\n", ind2, g->rule[k].overdue);
		if (lb_rep_rule_long(&r->rules[k])) {
			struct lb_ratio q = lb_rep_prog_ratio(&g->rule[k]);
			char p[24];
			fprintf(fp, "%sprogress:\n%s  count: %ld\n%s  denominator: %ld\n", ind2, ind2,
			        q.num, ind2, q.den);
			fprintf(fp, "%s  percent: %s\n", ind2, q.den ? lb_ratio_pct(q, p) : "null");
		}
	}
}

void
lb_rep_write_yaml(struct out *o)
{
	const struct lb_report *r = o->r;
	FILE *fp = o->fp;
	char d1[16];

	/* month: 2025-10, or period: 2025秋 (a term or a school year) */
	fputs(r->monthly ? "month: " : "period: ", fp), yq(fp, r->period), fputc('\n', fp);
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
		fputs("  - group: ", fp), yq(fp, lb_rep_key_text(o, r->g[i].key)), fputc('\n', fp);
		yaml_group(o, &r->g[i], "    ", 0);
	}
	fputs("total:\n", fp);
	yaml_group(o, &r->total, "  ", 1);
	fputs(r->nod ? "overdue:\n" : "overdue: []\n", fp);
	for (size_t i = 0; i < r->nod; i++) {
		const struct lb_rep_overdue *od = &r->od[i];
		const char *c[LB_REP_OD_NCOLS];
		lb_rep_od_cells(o, od, c);      /* masked id, name and performer */
		yq_field(o, "  - child_id: ", c[0]);
		yq_field(o, "    name: ", c[1]);
		yq_field(o, "    school: ", od->school);
		yq_field(o, "    grade: ", od->grade);
		yq_field(o, "    class: ", od->klass);
		yq_field(o, "    rule: ", od->rule);
		yq_field(o, "    window_start: ", lb_date_format(od->start, d1));
		yq_field(o, "    window_end: ", lb_date_format(od->end, d1));
		yq_field(o, "    performer: ", c[6]);
		lb_rep_row_end(o);
	}
	lb_rep_flush(o);
	fputs(r->natt ? "attention:\n" : "attention: []\n", fp);
	for (size_t i = 0; i < r->natt; i++) {
		const struct lb_rep_att *a = &r->att[i];
		const char *c[LB_REP_ATT_NCOLS];
		lb_rep_att_cells(o, a, c);      /* masked id, name and detail */
		yq_field(o, "  - reason: ", lb_rep_att_codes[a->kind]);
		yq_field(o, "    child_id: ", c[0]);
		yq_field(o, "    name: ", c[1]);
		yq_field(o, "    school: ", a->school);
		yq_field(o, "    grade: ", a->grade);
		yq_field(o, "    class: ", a->klass);
		yq_field(o, "    detail: ", c[5]);
		lb_rep_row_end(o);
	}
	lb_rep_flush(o);
}

