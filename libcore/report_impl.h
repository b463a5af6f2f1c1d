/* report_impl.h — private to the report's own files (report.c counts,
 * report_out.c holds what the formats share, report_md.c, report_csv.c,
 * report_yaml.c and report_html.c write one format each; report_csv.c also
 * the .xlsx). Not installed, not
 * part of the library's contract: report.h is. */
#ifndef LB_REPORT_IMPL_H
#define LB_REPORT_IMPL_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"
#include "util.h"

/* The labels of the rendered report, each in English and Chinese
 * (lb_rep_labels[l][zh]). */
enum lab {
	L_TITLE, L_MONTH, L_ASOF, L_RULES, L_BY, L_TOTAL, L_MISSING,
	L_CHILDREN, L_ROSTER, L_ACTIVE, L_LEFT, L_NEW, L_AGE0, L_AGE1, L_AGE2,
	L_INDICATORS, L_COVERAGE, L_ARCHIVE, L_CURRENT, L_RECORDS, L_ENROLL, L_RETAIN,
	L_IMMUN, L_MENTOR, L_TARGET, L_PROGRESS,
	L_COMPLIANCE, L_DONE, L_OVERDUE_N, L_NORULES,
	L_OVERDUE, L_CHILD, L_NAME, L_SCHOOL, L_CLASS, L_RULE, L_WINDOW, L_PERFORMER,
	L_ATTENTION, L_REASON, L_DETAIL, L_NONE, L_LEGEND,
	L_BY_SCHOOL, L_BY_CLASS, L_BY_HEAD, L_BY_MENTOR, L_BY_REGION, L_BY_PERFORMER,
	L_A_NOGUARD, L_A_NOPARENT, L_A_WEAK, L_A_16, L_A_NOMENTOR, L_A_LOAD,
	L_CHART, L_SUMMARY, L_DETAILS, L_DUTY_SCHOOL, L_DUTY_PARENTS, L_SUMLEGEND,
	L_UNASSIGNED, L_CHART_RULES,
	/* the period's words for a term or a year: L() gives them for L_TITLE,
	 * L_LEFT and L_NEW when the report is not of a month */
	L_TITLE_P, L_LEFT_P, L_NEW_P, L_NLAB
};

extern const char *const lb_rep_labels[L_NLAB][2];
/* the stable codes of the attention reasons, indexed by enum lb_att_kind */
extern const char *const lb_rep_att_codes[];

struct lb_xw;

/* One rendering in progress. */
struct out {
	FILE *fp;
	const struct lb_report *r;
	const struct lb_rep_render *ro;
	struct lb_buf b;     /* scratch */
	char load[96];       /* the mentor-load label with the rules' limit */
	struct lb_xw *xw;    /* XLSX: the CSV table's rows, a sheet per part; else NULL */
	struct lb_buf kb;    /* lb_rep_key_text's masked group key */
	struct lb_buf ob;    /* the rows of a long list not yet written (lb_rep_flush) */
	struct lb_buf cb;    /* a list entry's cells (lb_rep_od_cells, lb_rep_att_cells) */
	char **rname;        /* lb_rep_rule_cell's names, by rule; NULL until first used */
	struct lb_smap rix;  /* rule id → index (keys: the report's) */
};

/* The long lists (the overdue windows, the attention list: half a million
 * rows in a county) are built in o->ob without an allocation a row or a
 * cell, and written LB_REP_CHUNK bytes at a time: lb_rep_row_end after each
 * row, lb_rep_flush before anything else goes to o->fp. */
#define LB_REP_CHUNK (64 * 1024)
void lb_rep_flush(struct out *o);
static inline void
lb_rep_row_end(struct out *o)
{
	if (o->ob.len >= LB_REP_CHUNK)
		lb_rep_flush(o);
}

/* The indicators of one group as ratios with their targets, in column order;
 * immunisation only when the column has values. */
struct ind {
	enum lab lab;
	const char *code;
	struct lb_ratio q;
	int target;
};

/* label l in the language of the rendering */
static inline const char *
L(const struct out *o, enum lab l)
{
	if (!o->r->monthly && (l == L_TITLE || l == L_LEFT || l == L_NEW))
		l = l == L_TITLE ? L_TITLE_P : l == L_LEFT ? L_LEFT_P : L_NEW_P;
	return lb_rep_labels[l][o->ro->zh ? 1 : 0];
}

/* a rule's windows done over owed */
static inline struct lb_ratio
lb_rep_rule_ratio(const struct lb_rep_rulecell *c)
{
	return (struct lb_ratio){c->done, c->windows};
}

/* a rule as the report names it: under zh its title (brief: up to the first
 * "：", "（" or "，"), else its id; to free */
char *lb_rep_rule_name(const struct out *o, const char *id, int brief);
const char *lb_rep_by_label(const struct out *o);   /* the heading of the group column */
/* A group's key as shown: "(未填)" for "", any number typed into it (a head
 * teacher 王老师13822223333) masked unless --reveal; valid until the next
 * call. */
const char *lb_rep_key_text(const struct out *o, const char *key);
const char *lb_rep_ymonth(int d, char *out);        /* "YYYY-MM"; out of 8 or more */
const char *lb_rep_att_label(const struct out *o, enum lb_att_kind k);
/* the indicators of g into v (LB_REP_MAXIND), returns how many */
#define LB_REP_MAXIND 12
size_t lb_rep_indicators(const struct lb_report *r, const struct lb_rep_group *g, struct ind *v);
/* "Archive completeness (target 100%)" into buf */
const char *lb_rep_ind_heading(const struct out *o, const struct ind *v, char *buf, size_t size);
/* a long rule's progress in g: counted so far over required */
static inline struct lb_ratio
lb_rep_prog_ratio(const struct lb_rep_rulecell *c)
{
	return (struct lb_ratio){c->prog_done, c->prog_need};
}
/* whether rule i is shown per group and not only in the total */
int lb_rep_rule_in_groups(const struct lb_report *r, size_t i);

/* A group's children counts in column order: roster, active, left, new and
 * the three age bands. */
#define LB_REP_NCOUNTS 7
void lb_rep_child_counts(const struct lb_rep_group *g, long v[LB_REP_NCOUNTS]);
extern const char *const lb_rep_count_codes[LB_REP_NCOUNTS];  /* their csv/yaml names */

/* The rows of the two lists as md and html show them: the column labels,
 * and each entry's cells, masked unless --reveal, class as "grade/class",
 * the window as "start – end", the rule as lb_rep_rule_cell names it;
 * pointers into the entry or into o->cb, valid until the next call (no
 * allocation once o->cb has grown). */
#define LB_REP_OD_NCOLS 7
#define LB_REP_OD_WINDOW 5      /* the window's column (right-aligned in html) */
#define LB_REP_ATT_NCOLS 6
extern const enum lab lb_rep_od_cols[LB_REP_OD_NCOLS];
extern const enum lab lb_rep_att_cols[LB_REP_ATT_NCOLS];
void lb_rep_od_cells(struct out *o, const struct lb_rep_overdue *od, const char **c);
void lb_rep_att_cells(struct out *o, const struct lb_rep_att *a, const char **c);
/* lb_rep_rule_name(o, id, 1), made once per rule and kept by o. */
const char *lb_rep_rule_cell(struct out *o, const char *id);
/* free text as shown: s itself, or masked into b (lb_mask_shown) */
const char *lb_rep_shown(const struct out *o, struct lb_buf *b, const char *s);

/* row i of a table by group: the group's key text (r->ng: the total, as
 * tot), and its counts */
const char *lb_rep_row_key(const struct out *o, size_t i, const char *tot);
const struct lb_rep_group *lb_rep_row_group(const struct lb_report *r, size_t i);
/* A parents' duty: every role of the rule is 父亲, 母亲 or 监护人; any other
 * rule (no roles: the head teacher) is the school's. */
int lb_rep_rule_parents(const struct lb_rule *ru);
/* the indices of the school's rules (parents 0) or the parents' (1), in the
 * profile's order, into idx (nrules or more); returns how many */
size_t lb_rep_duty_rules(const struct lb_report *r, int parents, size_t *idx);
/* a summary cell: "75.0", "100" when all is done, "—" when nothing is owed;
 * out of 32 or more */
const char *lb_rep_pct_cell(struct lb_ratio q, char *out);
/* The overdue windows by performer: one block per name (a window with
 * several performers is in the block of each), names in byte order, the
 * windows without one last, under "" (shown (未指定)); the blocks of the
 * school's duties (teachers) first, then those that hold only parents'
 * duties. */
struct lb_rep_pblock {
	char *name;
	size_t *od;          /* indices into r->od, in the list's order */
	size_t n;
	int parents;         /* 1: every window of the block is a parents' duty */
};

size_t lb_rep_perf_blocks(const struct lb_report *r, struct lb_rep_pblock **out);
void lb_rep_perf_blocks_free(struct lb_rep_pblock *b, size_t n);

/* the formats; each writes the whole document to o->fp */
void lb_rep_write_md(struct out *o);
void lb_rep_write_csv(struct out *o);
void lb_rep_write_yaml(struct out *o);
void lb_rep_write_html(struct out *o);
/* the CSV table as a workbook with a sheet per part (report_csv.c); 0, or
 * LB_EOUTPUT when the workbook cannot be made or written */
int lb_rep_write_xlsx(struct out *o);

#endif
