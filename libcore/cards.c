/*
 * cards.c — the printable 档案联系卡 page (cards.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cards.h"
#include "date.h"
#include "mask.h"
#include "roster.h"
#include "util.h"
#include "writer.h"

/* Six cards to a sheet: two columns, three rows of A4 (297 mm less 2 × 8 mm
 * margin and 2 × 4 mm gaps, over three). */
#define CARDS_PER_SHEET 6

static const char css[] =
	"@page{size:A4;margin:8mm}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\",sans-serif;font-size:9pt;color:#000}\n"
	".sheet{display:grid;grid-template-columns:1fr 1fr;grid-auto-rows:90mm;gap:4mm;"
	"width:194mm;break-after:page;page-break-after:always}\n"
	".sheet:last-child{break-after:auto;page-break-after:auto}\n"
	".card{border:0.4mm solid #000;padding:2.5mm 3mm;overflow:hidden;break-inside:avoid}\n"
	".card h2{margin:0 0 1.5mm;font-size:11pt;text-align:center;letter-spacing:0.1em}\n"
	".card table{width:100%;border-collapse:collapse;table-layout:fixed}\n"
	".card th,.card td{border:0.2mm solid #555;padding:0.6mm 1mm;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere;font-weight:normal}\n"
	".card th{background:#eee;white-space:nowrap;font-size:8pt}\n"
	".card col.l{width:14mm}.card col.v1{width:21mm}\n"
	".card .foot{margin-top:1mm;font-size:7.5pt;color:#333}\n"
	"@media screen{body{background:#888}.sheet{background:#fff;margin:4mm auto;padding:8mm;"
	"width:210mm;height:297mm}}\n";

enum { C_TITLE, C_NAME, C_GENDER, C_BIRTH, C_ID, C_SCHOOL, C_CLASS, C_ADDRESS,
       C_GUARDIAN, C_PHONE, C_FATHER, C_MOTHER, C_WORK, C_HEAD, C_MENTOR, C_DIRECTOR,
       C_ARCHIVED, C_ISSUED, C_TOWNSHIP, C_PAGE, C_GRADE, C_NCLASS, C_N };

static const char *const lab[C_N][2] = {
	[C_TITLE] = {"Archive contact card", "留守儿童档案联系卡"},
	[C_NAME] = {"Name", "姓名"},
	[C_GENDER] = {"Sex", "性别"},
	[C_BIRTH] = {"Born", "出生日期"},
	[C_ID] = {"ID number", "身份证号"},
	[C_SCHOOL] = {"School", "学校"},
	[C_CLASS] = {"Class", "班级"},
	[C_ADDRESS] = {"Address", "现住址"},
	[C_GUARDIAN] = {"Guardian", "监护人"},
	[C_PHONE] = {"phone", "电话"},
	[C_FATHER] = {"Father", "父亲"},
	[C_MOTHER] = {"Mother", "母亲"},
	[C_WORK] = {"works in", "务工地"},
	[C_HEAD] = {"Head teacher", "班主任"},
	[C_MENTOR] = {"Mentor", "帮扶教师"},
	[C_DIRECTOR] = {"Child director", "儿童主任"},
	[C_ARCHIVED] = {"archived", "建档"},
	[C_ISSUED] = {"card issued", "发卡"},
	[C_TOWNSHIP] = {"township", "乡镇"},
	[C_PAGE] = {"Archive contact cards", "留守儿童档案联系卡"},
	[C_GRADE] = {"grade ", "年级"},
	[C_NCLASS] = {"class ", "班"},
};

struct ctx {
	FILE *fp;
	const struct lb_table *t;
	const struct lb_cards_opts *o;
	struct lb_buf b;
};

static const char *
L(const struct ctx *c, int l)
{
	return lab[l][c->o->zh ? 1 : 0];
}


static const char *
get(const struct lb_row *r, struct ctx *c, int known)
{
	return lb_row_get(c->t, r, known);
}

/* a value masked by its field's type (identity and phone numbers) */
static const char *
masked(const struct lb_row *r, struct ctx *c, int known)
{
	const struct lb_schema *s = c->t->schema;
	lb_buf_clear(&c->b);
	lb_mask_value(&s->f[LB_FI(s, known)], get(r, c, known), c->o->reveal, &c->b);
	return lb_buf_str(&c->b);
}

static void
row_open(struct ctx *c, int l)
{
	fputs("<tr><th>", c->fp);
	lb_html_text(c->fp, L(c, l));
	fputs("</th><td colspan=\"3\">", c->fp);
}

/* "NAME（RELATION）" or "NAME", then a phone */
static void
person(struct ctx *c, const struct lb_row *r, int l, int fname, int frel, int fwork, int fphone)
{
	row_open(c, l);
	lb_html_text(c->fp, get(r, c, fname));
	if (frel >= 0 && *get(r, c, frel)) {
		fputs(c->o->zh ? "（" : " (", c->fp);
		lb_html_text(c->fp, get(r, c, frel));
		fputs(c->o->zh ? "）" : ")", c->fp);
	}
	if (fwork >= 0 && *get(r, c, fwork)) {
		fprintf(c->fp, c->o->zh ? "　%s：" : "; %s: ", L(c, C_WORK));
		lb_html_text(c->fp, get(r, c, fwork));
	}
	if (fphone >= 0 && *get(r, c, fphone)) {
		fprintf(c->fp, c->o->zh ? "　%s：" : "; %s: ", L(c, C_PHONE));
		lb_html_text(c->fp, masked(r, c, fphone));
	}
	fputs("</td></tr>\n", c->fp);
}

static void
card(struct ctx *c, const struct lb_row *r)
{
	FILE *fp = c->fp;
	fputs("<div class=\"card\">\n<h2>", fp);
	lb_html_text(fp, L(c, C_TITLE));
	fputs("</h2>\n<table>\n<colgroup><col class=\"l\"><col class=\"v1\"><col class=\"l\"><col></colgroup>\n", fp);
	fputs("<tr><th>", fp); lb_html_text(fp, L(c, C_NAME)); fputs("</th><td>", fp);
	lb_html_text(fp, get(r, c, LB_R_NAME));
	fputs("</td><th>", fp); lb_html_text(fp, L(c, C_GENDER)); fputs("</th><td>", fp);
	lb_html_text(fp, get(r, c, LB_R_GENDER));
	fputs("</td></tr>\n", fp);
	fputs("<tr><th>", fp); lb_html_text(fp, L(c, C_BIRTH)); fputs("</th><td>", fp);
	lb_html_text(fp, get(r, c, LB_R_BIRTH_DATE));
	fputs("</td><th>", fp); lb_html_text(fp, L(c, C_ID)); fputs("</th><td>", fp);
	lb_html_text(fp, masked(r, c, LB_R_CHILD_ID));
	fputs("</td></tr>\n", fp);
	row_open(c, C_SCHOOL);
	const char *sch = get(r, c, LB_R_SCHOOL);
	lb_html_text(fp, sch);
	const char *g = get(r, c, LB_R_GRADE), *k = get(r, c, LB_R_CLASS);
	if (*g || *k) {
		if (*sch)
			fputs(c->o->zh ? "　" : ", ", fp);
		if (*g) {
			if (!c->o->zh)
				lb_html_text(fp, L(c, C_GRADE));
			lb_html_text(fp, g);
			if (c->o->zh)
				lb_html_text(fp, L(c, C_GRADE));
		}
		if (*k) {
			if (*g && !c->o->zh)
				fputs(", ", fp);
			if (!c->o->zh)
				lb_html_text(fp, L(c, C_NCLASS));
			lb_html_text(fp, k);
			if (c->o->zh)
				lb_html_text(fp, L(c, C_NCLASS));
		}
	}
	fputs("</td></tr>\n", fp);
	row_open(c, C_ADDRESS);
	lb_html_text(fp, get(r, c, LB_R_ADDRESS));
	fputs("</td></tr>\n", fp);
	person(c, r, C_GUARDIAN, LB_R_GUARDIAN_NAME, LB_R_GUARDIAN_RELATION, -1, LB_R_GUARDIAN_PHONE);
	person(c, r, C_FATHER, LB_R_FATHER_NAME, -1, LB_R_FATHER_WORK_PLACE, LB_R_FATHER_PHONE);
	person(c, r, C_MOTHER, LB_R_MOTHER_NAME, -1, LB_R_MOTHER_WORK_PLACE, LB_R_MOTHER_PHONE);
	person(c, r, C_HEAD, LB_R_HEAD_TEACHER, -1, -1, -1);
	person(c, r, C_MENTOR, LB_R_MENTOR, -1, -1, LB_R_MENTOR_PHONE);
	person(c, r, C_DIRECTOR, LB_R_CHILD_DIRECTOR, -1, -1, -1);
	fputs("</table>\n<div class=\"foot\">", fp);
	int nfoot = 0;
	static const struct { int l, f; } foot[] = {
		{C_TOWNSHIP, LB_R_TOWNSHIP}, {C_ARCHIVED, LB_R_ARCHIVED_ON}, {C_ISSUED, LB_R_CONTACT_CARD},
	};
	for (size_t i = 0; i < sizeof foot / sizeof *foot; i++) {
		const char *v = get(r, c, foot[i].f);
		if (!*v)
			continue;
		if (nfoot++)
			fputs(c->o->zh ? "　" : "; ", fp);
		fprintf(fp, c->o->zh ? "%s：" : "%s ", L(c, foot[i].l));
		lb_html_text(fp, v);
	}
	fputs("</div>\n</div>\n", fp);
}

/* school, then grade as a number, then class as a number or text, then
 * roster order */
static const struct lb_table *sort_t;

static int
cmp_num_text(const char *a, const char *b)
{
	char *ea, *eb;
	long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
	int na = *a && !*ea, nb = *b && !*eb;
	if (na && nb && x != y)
		return x < y ? -1 : 1;
	if (na != nb)
		return na ? -1 : 1;
	return strcmp(a, b);
}

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct lb_row *a = *(const struct lb_row *const *)pa, *b = *(const struct lb_row *const *)pb;
	int c;
	if ((c = strcmp(lb_row_get(sort_t, a, LB_R_SCHOOL), lb_row_get(sort_t, b, LB_R_SCHOOL))))
		return c;
	if ((c = cmp_num_text(lb_row_get(sort_t, a, LB_R_GRADE), lb_row_get(sort_t, b, LB_R_GRADE))))
		return c;
	if ((c = cmp_num_text(lb_row_get(sort_t, a, LB_R_CLASS), lb_row_get(sort_t, b, LB_R_CLASS))))
		return c;
	return (a > b) - (a < b);
}

long
lb_cards_write(FILE *fp, const struct lb_table *t, int asof, const struct lb_cards_opts *o)
{
	struct ctx c = {fp, t, o, LB_BUF_INIT};
	const struct lb_row **v = lb_xcalloc(t->n + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		if (lb_roster_record_active_on(t->schema, (const char *const *)t->rows[i].v, asof))
			v[n++] = &t->rows[i];
	sort_t = t;
	qsort(v, n, sizeof *v, cmp_rows);
	sort_t = NULL;

	char day[16];
	lb_date_format(asof, day);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
	        o->zh ? "zh-CN" : "en");
	lb_html_text(fp, L(&c, C_PAGE));
	fprintf(fp, " %s</title>\n<style>\n%s</style>\n</head>\n<body>\n", day, css);
	for (size_t i = 0; i < n; i++) {
		if (i % CARDS_PER_SHEET == 0)
			fputs(i ? "</div>\n<div class=\"sheet\">\n" : "<div class=\"sheet\">\n", fp);
		card(&c, v[i]);
	}
	if (n)
		fputs("</div>\n", fp);
	fputs("</body>\n</html>\n", fp);
	lb_buf_fini(&c.b);
	free(v);
	return ferror(fp) ? -1 : (long)n;
}
