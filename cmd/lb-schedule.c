/*
 * lb-schedule — roster + rules (+ activity log) → one row per owed window
 * (lb-schedule(1)). The work is in libcore/sched.h; this file holds the
 * options, the period, the filters and the three output forms.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "date.h"
#include "explain.h"
#include "ics.h"
#include "i18n.h"
#include "mask.h"
#include "sched.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "writer.h"
#include "xlsxw.h"

enum { O_LOG = 256, O_ASOF, O_FROM, O_TO, O_MONTH, O_PROFILE, O_RULES, O_STATUS, O_FOR,
       O_RULE, O_FAIL, O_EXPLAIN, O_REVEAL, O_EXCEL, O_ICS_TODO, O_SPLIT };

static const struct option longopts[] = {
	{"log", required_argument, NULL, O_LOG},
	{"as-of", required_argument, NULL, O_ASOF},
	{"from", required_argument, NULL, O_FROM},
	{"to", required_argument, NULL, O_TO},
	{"month", required_argument, NULL, O_MONTH},
	{"profile", required_argument, NULL, O_PROFILE},
	{"rules", required_argument, NULL, O_RULES},
	{"status", required_argument, NULL, O_STATUS},
	{"for", required_argument, NULL, O_FOR},
	{"rule", required_argument, NULL, O_RULE},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"ics-todo", no_argument, NULL, O_ICS_TODO},
	{"split-by", required_argument, NULL, O_SPLIT},
	{"dir", required_argument, NULL, 'd'},
	{"fail-on-overdue", no_argument, NULL, O_FAIL},
	{"explain", required_argument, NULL, O_EXPLAIN},
	{"reveal", no_argument, NULL, O_REVEAL},
	{"excel", no_argument, NULL, O_EXCEL},
	LB_CLI_SHEET_OPTION,
	LB_CLI_OPTIONS
};

static void
usage(void)
{
	printf(_("Usage: lb-schedule [OPTION]... [ROSTER]...\n"
	         "List every owed contact window of each child, class or school, with what\n"
	         "was done and what is overdue.\n\n"
	         "  --log FILE           the activity log (may be given more than once)\n"
	         "  --as-of DATE         today for ages, windows and statuses (default: today)\n"
	         "  --from DATE --to DATE  the period: windows overlapping it are listed\n"
	         "  --month YYYY-MM      the period is that month\n"
	         "                       (default period: the term containing --as-of, else the next)\n"
	         "  --profile NAME       built-in rules, one per plan (default linxia; lb-rules(5))\n"
	         "  --rules FILE         a rules file on top of the profile (lb-rules(5))\n"
	         "  --status LIST        only done, overdue, due, upcoming (comma-separated)\n"
	         "  --for NAME           only windows where NAME is a performer\n"
	         "  --rule ID            only that rule\n"
	         "  -f, --format FMT     csv (default), yaml, ics or xlsx\n"
	         "  --ics-todo           -f ics: to-dos (VTODO) instead of all-day events\n"
	         "  --excel              CSV for Excel and WPS: UTF-8 BOM and CRLF\n"
	         "  -o, --output FILE    write to FILE (atomically)\n"
	         "  --split-by performer -d DIR  one file per performer in DIR\n"
	         "  --fail-on-overdue    exit 1 when a listed window is overdue\n"
	         "  --explain CHILD_ID   show each window of that child and why activities counted\n"
	         "  --reveal             show identity numbers unmasked\n"
	         "  --sheet NAME|N       the sheet of a workbook (default: the first)\n"
	         "  --lang zh|en         the language of messages and --explain (default: the locale)\n"
	         "  -q, --quiet          no summary line\n"
	         "      --help           show this help\n"
	         "      --version        show the version\n"));
}

struct opts {
	struct lb_strv logs;
	int asof, from, to, month_from, month_to;
	const char *profile, *rules, *forname, *rule, *explain, *out, *dir;
	int status_mask;
	enum { F_CSV, F_YAML, F_ICS, F_XLSX } fmt;
	int fail_overdue, reveal, quiet, ics_todo, split;
	struct lb_reader_opts in;    /* --sheet */
	int excel;
};

/* ---- output ---- */

static const char *const cols[] = {
	"child_id", "name", "school", "grade", "class", "rule", "title", "window_start",
	"window_end", "required", "done", "status", "performer"
};
#define NCOLS (sizeof cols / sizeof cols[0])


/* A count as a cell: the usual one digit from a table, others formatted
 * into out (LB_FMT_LONG bytes). */
static const char *
count_cell(int v, char *out)
{
	static const char *const digit[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
	if (v >= 0 && v < 10)
		return digit[v];
	lb_fmt_long(out, (long)v);
	return out;
}

/* Dates as cells, each formatted once while it stays in this cache
 * (direct-mapped by day number; LB_NODATE is "", as lb_date_format gives). */
#define DCACHE 512
struct dcache {
	int day[DCACHE];
	char s[DCACHE][11];
};

static void
dcache_init(struct dcache *c)
{
	for (size_t i = 0; i < DCACHE; i++) {
		c->day[i] = LB_NODATE;
		c->s[i][0] = '\0';
	}
}

static const char *
date_cell(struct dcache *c, int day)
{
	size_t i = (unsigned)day % DCACHE;
	if (c->day[i] != day)
		lb_date_format(c->day[i] = day, c->s[i]);
	return c->s[i];
}

/* Each child's masked identity number, masked once: a child has dozens of
 * windows. Offsets (+1; 0: not yet) into one buffer, by roster row. */
struct idcache {
	size_t *off;
	struct lb_buf all, one;
};

static const char *
masked_id(struct idcache *ic, size_t nrows, size_t row, const char *id)
{
	if (!ic->off)
		ic->off = lb_xcalloc(nrows + 1, sizeof *ic->off);
	if (!ic->off[row]) {
		lb_buf_clear(&ic->one);
		lb_mask_id(id, &ic->one);
		ic->off[row] = ic->all.len + 1;
		lb_buf_add(&ic->all, lb_buf_str(&ic->one), ic->one.len + 1);
	}
	return lb_buf_str(&ic->all) + ic->off[row] - 1;
}


/* The options into o; usage errors exit. */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	const char *asof_arg = NULL;
	memset(o, 0, sizeof *o);
	o->asof = o->from = o->to = o->month_from = LB_NODATE;
	int c;
	while ((c = getopt_long(argc, argv, "f:o:d:q", longopts, NULL)) != -1) {
		switch (c) {
		case O_LOG: lb_strv_push(&o->logs, optarg); break;
		case O_ASOF: asof_arg = optarg; break;
		case O_FROM:
		case O_TO: {
			int d = lb_date_parse_iso(optarg);
			if (d == LB_NODATE)
				lb_usage_error(_("%s: not a date (YYYY-MM-DD): '%s'"),
				               c == O_FROM ? "--from" : "--to", optarg);
			*(c == O_FROM ? &o->from : &o->to) = d;
			break;
		}
		case O_MONTH:
			lb_cli_month(optarg, &o->month_from, &o->month_to);
			break;
		case O_PROFILE: o->profile = optarg; break;
		case O_RULES: o->rules = optarg; break;
		case O_STATUS: {
			char *dup = lb_xstrdup(optarg), *save = NULL;
			for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int st = lb_wstatus_parse(t);
				if (st < 0)
					lb_usage_error(_("--status: unknown status '%s' (done, overdue, due, upcoming)"), t);
				o->status_mask |= 1 << st;
			}
			free(dup);
			break;
		}
		case O_FOR: o->forname = optarg; break;
		case O_RULE: o->rule = optarg; break;
		case 'f': {
			static const char *const fmts[] = {"csv", "yaml", "ics", "xlsx", NULL};  /* enum order */
			o->fmt = lb_cli_choice("-f", optarg, fmts);
			break;
		}
		case 'o': o->out = optarg; break;
		case 'd': o->dir = optarg; break;
		case O_ICS_TODO: o->ics_todo = 1; break;
		case O_SPLIT:
			if (strcmp(optarg, "performer") != 0)
				lb_usage_error(_("--split-by: unknown field '%s' (performer)"), optarg);
			o->split = 1;
			break;
		case O_FAIL: o->fail_overdue = 1; break;
		case O_EXPLAIN: o->explain = optarg; break;
		case O_REVEAL: o->reveal = 1; break;
		case O_EXCEL: o->excel = 1; break;
		case 'q': o->quiet = 1; break;
		default:
			if (!lb_cli_option(c, optarg, usage) && !lb_cli_sheet(c, optarg, &o->in))
				lb_try_help();
		}
	}
	o->asof = lb_cli_asof(asof_arg);
	if (o->fmt == F_XLSX && !o->explain && !o->dir && lb_out_is_tty(o->out))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
	if (o->excel && o->fmt != F_CSV)
		lb_usage_error(_("--excel: only with CSV output"));
	if (o->month_from != LB_NODATE && (o->from != LB_NODATE || o->to != LB_NODATE))
		lb_usage_error("%s", _("--month and --from/--to exclude each other"));
	if ((o->from == LB_NODATE) != (o->to == LB_NODATE))
		lb_usage_error("%s", _("--from and --to go together"));
	if (o->from != LB_NODATE && o->from > o->to)
		lb_usage_error("%s", _("--from is after --to"));
	/* 1950..2050 on 10^5 children was 105 M windows in 4.6 GB */
	if (o->from != LB_NODATE && o->to >= lb_date_add_years(o->from, 10))
		lb_usage_error("%s", _("--from/--to: a period over 10 years; give at most 10 years"));
	if (o->dir && o->out)
		lb_usage_error("%s", _("-d and -o exclude each other"));
	if (o->split != !!o->dir)
		lb_usage_error("%s", _("--split-by and -d go together"));
	if (o->split && o->explain)
		lb_usage_error("%s", _("--explain and --split-by exclude each other"));

}

/* 1 when window w is listed: --status and --for. */
static int
listed_window(struct lb_sched *s, const struct lb_window *w, const struct opts *o)
{
	if (o->status_mask && !(o->status_mask & (1 << w->status)))
		return 0;
	return !o->forname || lb_list_has(lb_sched_performers(s, w), o->forname);
}

/* The unassigned windows' file: sched.h's performer text for nobody named
 * (or "", which the schedule no longer gives). */
#define UNASSIGNED LB_NO_PERFORMER

/* 1 when window w goes to the file of performer who (NULL: every file). */
static int
for_performer(struct lb_sched *s, const struct lb_window *w, const char *who)
{
	if (!who)
		return 1;
	const char *perf = lb_sched_performers(s, w);
	if (!strcmp(who, UNASSIGNED))
		return !*perf || !strcmp(perf, UNASSIGNED);
	return lb_list_has(perf, who);
}

/* ---- the CSV rows at memory speed -------------------------------------------
 * A schedule is millions of rows made of few distinct cells: a child's five
 * cells come back in each of its windows, a rule's in each of its windows,
 * a teacher's name in hundreds. Each is masked, neutralised and quoted once
 * (lb_tw_csv_cell: what lb_tw_row would write) and kept encoded; a row is
 * then a few copies into one buffer, written when it holds ROWS_CHUNK
 * bytes. The bytes are those of lb_tw_row on the same cells. */

#define ROWS_CHUNK (64 * 1024)

/* Encoded cells kept in one buffer: an entry is an offset and a length. */
struct enc {
	uint32_t off, len;
};

struct csvfast {
	struct lb_tw *tw;
	int reveal;
	/* "child_id,name,school,grade,class," of a child (or of a class or
	 * school window: the roster row and the scope give them), by scope and
	 * roster row; len 0: not yet (an entry holds at least its 5 commas) */
	struct enc *ent[3];
	struct lb_buf ents;
	/* "rule,title," and "required," of each rule */
	struct enc *rhead, *rreq;
	struct lb_buf rules;
	/* window dates, direct-mapped by day number */
	int dday[DCACHE];
	char dcell[DCACHE][24];
	unsigned char dlen[DCACHE];
	/* "status," of each status */
	char stat[4][32];
	size_t statlen[4];
	/* the performer cell, by the schedule's number of the text
	 * (lb_sched_performers_no); len 0: not yet (it holds the row end) */
	struct enc *pval;
	size_t pcap;
	struct lb_buf perfs;
	struct lb_buf one, cell;    /* scratch: a mask, a cell */
	struct lb_buf ecell, pcell; /* an entity's, a performer's cells not kept */
	struct lb_buf rows;         /* the rows not yet written */
};

/* Append s as a cell, then sep (0: none), to b. */
static void
enc_add(struct csvfast *f, struct lb_buf *b, const char *s, int sep)
{
	size_t len = strlen(s);
	lb_buf_reserve(b, 2 * len + 4);
	char *o = lb_tw_csv_cell(f->tw, b->s + b->len, s, len);
	if (sep)
		*o++ = (char)sep;
	b->len = (size_t)(o - b->s);
	b->s[b->len] = '\0';
}

/* Encoded cells appended to the buffer kept: their entry, or len 0 when the
 * buffer would pass what an entry holds (then only in f->cell). */
static struct enc
enc_keep(struct lb_buf *keep, const struct lb_buf *cell)
{
	struct enc e = {0, 0};
	if (keep->len + cell->len >= UINT32_MAX)
		return e;
	e.off = (uint32_t)keep->len;
	e.len = (uint32_t)cell->len;
	lb_buf_add(keep, cell->s, cell->len);
	return e;
}

/* The cells of tw's kind (every file of a --split-by is of one kind): made
 * at the first file, kept for the next. */
static void
csvfast_init(struct csvfast *f, struct lb_tw *tw, const struct lb_rules *rs, int reveal)
{
	static const enum lb_wstatus st[4] = {LB_ST_DONE, LB_ST_OVERDUE, LB_ST_DUE, LB_ST_UPCOMING};
	if (f->rhead) {
		f->tw = tw;
		f->rows.len = 0;
		return;
	}
	memset(f, 0, sizeof *f);
	f->tw = tw;
	f->reveal = reveal;
	size_t nr = rs->nrules ? rs->nrules : 1;
	f->rhead = lb_xcalloc(nr, sizeof *f->rhead);
	f->rreq = lb_xcalloc(nr, sizeof *f->rreq);
	for (size_t r = 0; r < rs->nrules; r++) {
		char req[LB_FMT_LONG];
		lb_buf_clear(&f->cell);
		enc_add(f, &f->cell, rs->rules[r].id, ',');
		enc_add(f, &f->cell, rs->rules[r].title, ',');
		f->rhead[r].off = (uint32_t)f->rules.len;
		f->rhead[r].len = (uint32_t)f->cell.len;
		lb_buf_add(&f->rules, f->cell.s, f->cell.len);
		lb_fmt_long(req, (long)rs->rules[r].times);
		lb_buf_clear(&f->cell);
		enc_add(f, &f->cell, req, ',');
		f->rreq[r].off = (uint32_t)f->rules.len;
		f->rreq[r].len = (uint32_t)f->cell.len;
		lb_buf_add(&f->rules, f->cell.s, f->cell.len);
	}
	for (size_t i = 0; i < DCACHE; i++) {
		f->dday[i] = LB_NODATE;       /* "" */
		f->dcell[i][0] = ',';
		f->dlen[i] = 1;
	}
	for (size_t i = 0; i < 4; i++) {
		lb_buf_clear(&f->cell);
		enc_add(f, &f->cell, lb_wstatus_name(st[i]), ',');
		memcpy(f->stat[st[i]], f->cell.s, f->cell.len);
		f->statlen[st[i]] = f->cell.len;
	}
	lb_buf_reserve(&f->rows, ROWS_CHUNK + 4096);
}

static void
csvfast_fini(struct csvfast *f)
{
	for (int i = 0; i < 3; i++)
		free(f->ent[i]);
	free(f->rhead);
	free(f->rreq);
	free(f->pval);
	lb_buf_fini(&f->ents);
	lb_buf_fini(&f->rules);
	lb_buf_fini(&f->perfs);
	lb_buf_fini(&f->one);
	lb_buf_fini(&f->cell);
	lb_buf_fini(&f->ecell);
	lb_buf_fini(&f->pcell);
	lb_buf_fini(&f->rows);
}

/* The child's (or class's, school's) five cells of window w, encoded. */
static const char *
csvfast_entity(struct csvfast *f, struct lb_sched *s, const struct lb_window *w, size_t *len)
{
	int sc = w->rule->scope == LB_SCOPE_CHILD ? 0 : w->rule->scope == LB_SCOPE_CLASS ? 1 : 2;
	if (!f->ent[sc])
		f->ent[sc] = lb_xcalloc(lb_sched_roster(s)->n + 1, sizeof *f->ent[sc]);
	struct enc *e = &f->ent[sc][w->row];
	if (e->len) {
		*len = e->len;
		return f->ents.s + e->off;
	}
	struct lb_wkey k;
	struct lb_buf *c = &f->ecell;
	lb_sched_key(s, w, &k);
	lb_buf_clear(c);
	if (f->reveal || !*k.child_id)
		enc_add(f, c, k.child_id, ',');
	else {
		lb_buf_clear(&f->one);
		lb_mask_id(k.child_id, &f->one);
		enc_add(f, c, lb_buf_str(&f->one), ',');
	}
	enc_add(f, c, lb_mask_shown(&f->one, k.name, f->reveal), ',');
	enc_add(f, c, lb_mask_shown(&f->one, k.school, f->reveal), ',');
	enc_add(f, c, k.grade, ',');
	enc_add(f, c, k.klass, ',');
	*e = enc_keep(&f->ents, c);
	*len = c->len;
	return e->len ? f->ents.s + e->off : c->s;
}

/* A window date's cell and ',' (LB_NODATE: ""). */
static const char *
csvfast_date(struct csvfast *f, int day, size_t *len)
{
	size_t i = (unsigned)day % DCACHE;
	if (f->dday[i] != day) {
		char d[11];
		lb_buf_clear(&f->cell);
		enc_add(f, &f->cell, lb_date_format(day, d), ',');
		memcpy(f->dcell[i], f->cell.s, f->cell.len);
		f->dlen[i] = (unsigned char)f->cell.len;
		f->dday[i] = day;
	}
	*len = f->dlen[i];
	return f->dcell[i];
}

/* The performer cell (masked unless --reveal) and the row end of the
 * schedule's performer text number no. */
static const char *
csvfast_perf(struct csvfast *f, struct lb_sched *s, const struct lb_window *w, size_t *len)
{
	size_t no = lb_sched_performers_no(s, w);
	if (no >= f->pcap) {
		size_t ocap = f->pcap;
		f->pcap = no + 1 > 2 * ocap ? no + 1 : 2 * ocap;
		f->pval = lb_xrealloc(f->pval, f->pcap * sizeof *f->pval);
		memset(f->pval + ocap, 0, (f->pcap - ocap) * sizeof *f->pval);
	}
	struct enc *e = &f->pval[no];
	if (e->len) {
		*len = e->len;
		return f->perfs.s + e->off;
	}
	struct lb_buf *c = &f->pcell;
	lb_buf_clear(c);
	enc_add(f, c, lb_mask_shown(&f->one, lb_sched_performers(s, w), f->reveal), 0);
	lb_buf_adds(c, lb_tw_csv_eol(f->tw));
	*e = enc_keep(&f->perfs, c);
	*len = c->len;
	return e->len ? f->perfs.s + e->off : c->s;
}

static inline char *
put(char *o, const char *p, size_t n)
{
	memcpy(o, p, n);
	return o + n;
}

/* Window w's row into the rows buffer; the buffer written when full. -1 on
 * a write error. */
static int
csvfast_row(struct csvfast *f, struct lb_sched *s, const struct lb_rules *rs,
            const struct lb_window *w)
{
	size_t le, ls, le2, lp, r = (size_t)(w->rule - rs->rules);
	const char *ent = csvfast_entity(f, s, w, &le);
	const char *d1 = csvfast_date(f, w->start, &ls);
	const char *d2 = csvfast_date(f, w->end, &le2);
	const char *perf = csvfast_perf(f, s, w, &lp);
	size_t need = le + f->rhead[r].len + ls + le2 + f->rreq[r].len + 2 * LB_FMT_LONG + 4 +
	              f->statlen[w->status] + lp;
	int rc = 0;
	if (f->rows.len + need > ROWS_CHUNK && f->rows.len) {
		rc = lb_tw_csv_raw(f->tw, f->rows.s, f->rows.len);
		f->rows.len = 0;
	}
	if (f->rows.len + need + 1 > f->rows.cap)
		lb_buf_reserve(&f->rows, need);
	char *o = f->rows.s + f->rows.len;
	o = put(o, ent, le);
	o = put(o, f->rules.s + f->rhead[r].off, f->rhead[r].len);
	o = put(o, d1, ls);
	o = put(o, d2, le2);
	o = put(o, f->rules.s + f->rreq[r].off, f->rreq[r].len);
	if (w->done >= 0 && w->done < 10)
		*o++ = (char)('0' + w->done);
	else {
		char n[LB_FMT_LONG];
		size_t nl = lb_fmt_long(n, (long)w->done);
		o = lb_tw_csv_cell(f->tw, o, n, nl);
	}
	*o++ = ',';
	o = put(o, f->stat[w->status], f->statlen[w->status]);
	o = put(o, perf, lp);
	f->rows.len = (size_t)(o - f->rows.s);
	return rc;
}

/* The rows (csv, yaml) or events/to-dos (ics, not for done windows) of the
 * listed windows, only performer who's when who is not NULL; idx NULL: of
 * every window, else of windows idx[0..n). -1 on a write error. */
static int
write_windows(struct lb_out *dst, struct lb_sched *s, const struct lb_rules *rs,
              const struct opts *o, const char *who, const uint32_t *idx, size_t n,
              struct csvfast *fast)
{
	const struct lb_table *roster = lb_sched_roster(s);
	FILE *fp = lb_out_fp(dst);
	struct lb_tw *tw = NULL;
	struct idcache ic = {NULL, LB_BUF_INIT, LB_BUF_INIT};
	/* per rule and per date, formatted once: not again in each row; the
	 * start and end dates have a cache each, so the two never share a slot */
	static struct dcache dstart, dend;
	char (*req)[LB_FMT_LONG] = lb_xcalloc(rs->nrules ? rs->nrules : 1, sizeof *req);
	int werr = 0, csv = 0;
	struct lb_buf mperf = LB_BUF_INIT, mname = LB_BUF_INIT, mschool = LB_BUF_INIT;

	if (!idx)
		n = lb_sched_count(s);
	if (o->fmt == F_ICS)
		lb_ics_begin(fp, "-//lb//lb-schedule " LB_VERSION "//ZH");
	else
	{
		struct lb_tw_opts to = {0};
		to.excel = o->excel;
		to.created = lb_xw_time_of_day(o->asof);
		tw = lb_tw_open_opt(dst, o->fmt == F_YAML ? LB_FMT_YAML : o->fmt == F_XLSX ? LB_FMT_XLSX : LB_FMT_CSV,
		                    cols, NCOLS, &to);
		lb_tw_person(tw);   /* a teacher opens the schedule in Excel */
		if ((csv = lb_tw_is_csv(tw)))
			csvfast_init(fast, tw, rs, o->reveal);
	}
	for (size_t r = 0; r < rs->nrules; r++)
		lb_fmt_long(req[r], (long)rs->rules[r].times);
	dcache_init(&dstart);
	dcache_init(&dend);
	for (size_t j = 0; j < n; j++) {
		const struct lb_window *w = lb_sched_get(s, idx ? idx[j] : j);
		if (!listed_window(s, w, o) || !for_performer(s, w, who))
			continue;
		if (csv) {
			if (csvfast_row(fast, s, rs, w) < 0)
				werr = 1;
			continue;
		}
		const char *perf = lb_sched_performers(s, w);
		if (o->fmt == F_ICS) {
			if (w->status != LB_ST_DONE)
				lb_ics_window(fp, s, w, perf, o->asof, o->ics_todo);
			continue;
		}
		struct lb_wkey k;
		lb_sched_key(s, w, &k);
		const char *idv = o->reveal || !*k.child_id ? k.child_id
		                  : masked_id(&ic, roster->n, w->row, k.child_id);
		char done[LB_FMT_LONG];
		const char *cells[NCOLS] = {
			idv, k.name, k.school, k.grade, k.klass, w->rule->id,
			w->rule->title, date_cell(&dstart, w->start), date_cell(&dend, w->end),
			req[w->rule - rs->rules], count_cell(w->done, done),
			lb_wstatus_name(w->status), lb_mask_shown(&mperf, perf, o->reveal)
		};
		cells[1] = lb_mask_shown(&mname, k.name, o->reveal);
		cells[2] = lb_mask_shown(&mschool, k.school, o->reveal);
		if (lb_tw_row(tw, cells) < 0)
			werr = 1;
	}
	if (csv) {
		if (lb_tw_csv_raw(tw, fast->rows.s, fast->rows.len) < 0)
			werr = 1;
		fast->rows.len = 0;
	}
	if (o->fmt == F_ICS)
		lb_ics_end(fp);
	else if (lb_tw_end(tw) < 0)
		werr = 1;
	free(req);
	lb_buf_fini(&mperf);
	lb_buf_fini(&mname);
	lb_buf_fini(&mschool);
	free(ic.off);
	lb_buf_fini(&ic.all);
	lb_buf_fini(&ic.one);
	return werr ? -1 : 0;
}

/* counts[status] and *listed: the listed windows. */
static void
count_windows(struct lb_sched *s, const struct opts *o, size_t counts[4], size_t *listed)
{
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		if (listed_window(s, w, o)) {
			counts[w->status]++;
			(*listed)++;
		}
	}
}

/* The windows of each performer's file: window i is in the file of name
 * when for_performer says so. */
struct bucket {
	uint32_t *v;
	size_t n, cap;
};

static void
bucket_add(struct bucket *b, uint32_t i)
{
	if (b->n && b->v[b->n - 1] == i)
		return;         /* a name twice in one list */
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->v = lb_xrealloc(b->v, b->cap * sizeof *b->v);
	}
	b->v[b->n++] = i;
}

struct split {
	struct lb_strv names;     /* each performer once */
	struct bucket *bk;        /* bk[k]: the windows of names.v[k] */
	size_t cap;
	struct lb_smap at;        /* name -> k (keys: the names' own) */
};

/* the bucket of name (made, with its file, when first seen) */
static struct bucket *
split_name(struct split *sp, const char *name)
{
	long *k = lb_smap_find(&sp->at, name);
	if (k)
		return &sp->bk[*k];
	size_t n = sp->names.n;
	sp->bk = lb_xgrow(sp->bk, &sp->cap, n + 1, sizeof *sp->bk);
	sp->bk[n] = (struct bucket){NULL, 0, 0};
	lb_strv_push(&sp->names, name);
	lb_smap_put(&sp->at, sp->names.v[n], (long)n);
	return &sp->bk[n];
}

struct named {
	char *name;
	struct bucket b;
};

static int
named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

/* The performers of the windows --split-by writes (the ics skips done
 * ones), each name once, in byte order, UNASSIGNED for windows with none;
 * and each one's windows, in one pass over the windows (a county has
 * thousands of performers: parents are performers). A name UNASSIGNED in
 * a list of several gets its file but no window (for_performer). */
static void
split_windows(struct lb_sched *s, const struct opts *o, struct split *sp)
{
	struct lb_buf one = LB_BUF_INIT;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		if (!listed_window(s, w, o) || (o->fmt == F_ICS && w->status == LB_ST_DONE))
			continue;
		const char *p = lb_sched_performers(s, w);
		if (!*p || !strcmp(p, UNASSIGNED)) {
			bucket_add(split_name(sp, UNASSIGNED), (uint32_t)i);
			continue;
		}
		while (*p) {
			size_t n = strcspn(p, ";");
			if (n) {
				lb_buf_clear(&one);
				lb_buf_add(&one, p, n);
				struct bucket *b = split_name(sp, lb_buf_str(&one));
				if (strcmp(lb_buf_str(&one), UNASSIGNED))
					bucket_add(b, (uint32_t)i);
			}
			p += n + (p[n] == ';');
		}
	}
	lb_buf_fini(&one);
	lb_smap_fini(&sp->at);
	struct named *nd = lb_xcalloc(sp->names.n + 1, sizeof *nd);
	for (size_t k = 0; k < sp->names.n; k++)
		nd[k] = (struct named){sp->names.v[k], sp->bk[k]};
	qsort(nd, sp->names.n, sizeof *nd, named_cmp);
	for (size_t k = 0; k < sp->names.n; k++) {
		sp->names.v[k] = nd[k].name;
		sp->bk[k] = nd[k].b;
	}
	free(nd);
}

/* --split-by performer -d DIR: one file per performer, each written to a
 * temporary file; all are renamed into place only when all were written.
 * Two names that give one file name (王/老师, 王:老师) get "~2", "~3".
 * *nfiles: the files written. -1 after a message. */
static int
write_split(struct lb_sched *s, const struct lb_rules *rs, const struct opts *o, size_t *nfiles,
            struct csvfast *fast)
{
	static const char *const ext[] = {".csv", ".yaml", ".ics", ".xlsx"};  /* by fmt */
	struct lb_strv names = LB_STRV_INIT, files = LB_STRV_INIT;
	struct lb_err err;
	struct stat st;
	int rc = 0;
	if (mkdir(o->dir, 0777) < 0 && errno != EEXIST) {
		lb_warn(_("%s: cannot create the folder: %s"), o->dir, strerror(errno));
		return -1;
	}
	if (stat(o->dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		lb_warn(_("%s: not a folder"), o->dir);
		return -1;
	}
	struct split sp = {LB_STRV_INIT, NULL, 0, LB_SMAP_INIT};
	split_windows(s, o, &sp);
	names = sp.names;
	struct bucket *bk = sp.bk;
	struct lb_smap used = LB_SMAP_INIT;      /* file names taken (files' own) */
	struct lb_out **outs = lb_xcalloc(names.n + 1, sizeof *outs);
	size_t i;
	for (i = 0; i < names.n; i++) {
		char *safe = lb_file_name_safe(names.v[i]), *path = NULL;
		for (int n = 1; !path; n++) {
			char *f = n == 1 ? lb_xasprintf("%s%s", safe, ext[o->fmt])
			                 : lb_xasprintf("%s~%d%s", safe, n, ext[o->fmt]);
			if (lb_smap_find(&used, f))
				free(f);
			else {
				lb_strv_push_owned(&files, f);
				lb_smap_put(&used, f, 1);
				path = lb_xasprintf("%s/%s", o->dir, f);
			}
		}
		free(safe);
		lb_err_clear(&err);
		if (lb_out_open(&outs[i], path, &err) < 0) {
			lb_warn_err(&err);
			free(path);
			rc = -1;
			break;
		}
		free(path);
		static const uint32_t none[1];
		if (write_windows(outs[i], s, rs, o, names.v[i], bk[i].v ? bk[i].v : none, bk[i].n,
		                  fast) < 0) {
			lb_warn(_("%s: write error"), lb_out_name(outs[i]));
			i++;
			rc = -1;
			break;
		}
		/* closed now, committed with the others below: a county's thousands
		 * of performers never hold as many files open */
		lb_err_clear(&err);
		if (lb_out_finish(outs[i], &err) < 0) {
			lb_warn_err(&err);
			i++;
			rc = -1;
			break;
		}
	}
	for (size_t j = 0; j < i; j++) {
		if (rc < 0) {
			lb_out_abort(outs[j]);
			continue;
		}
		lb_err_clear(&err);
		if (lb_out_commit(outs[j], &err) < 0) {
			lb_warn_err(&err);
			rc = -1;
		} else
			(*nfiles)++;
	}
	free(outs);
	for (size_t j = 0; j < names.n; j++)
		free(bk[j].v);
	free(bk);
	lb_smap_fini(&used);
	lb_strv_fini(&names);
	lb_strv_fini(&files);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	lb_cli_init(argc, argv);
	parse_args(argc, argv, &o);

	char **inputs = argv + optind;
	size_t ninputs = (size_t)(argc - optind);
	static char *stdin_only[] = {"-", NULL};
	if (!ninputs) {
		inputs = stdin_only;
		ninputs = 1;
	}
	lb_cli_guard_output("-o", o.out, inputs, ninputs);
	lb_cli_guard_output("-o", o.out, o.logs.v, o.logs.n);
	if (o.rules)
		lb_cli_guard_output("-o", o.out, (char *const *)&o.rules, 1);

	struct lb_err err;
	lb_err_clear(&err);
	struct lb_rules *rs;
	int rc = lb_rules_open(&rs, o.profile, o.rules, &err);
	if (rc < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	if (o.rule && !lb_rules_find(rs, o.rule)) {
		lb_warn(_("no rule '%s' in profile %s"), o.rule, rs->profile);
		lb_rules_free(rs);
		return LB_EXIT_FAIL;
	}
	if (lb_cli_period(rs, o.asof, o.month_from, o.month_to, &o.from, &o.to) < 0) {
		lb_rules_free(rs);
		return LB_EXIT_FAIL;
	}
	int exitst = LB_EXIT_OK;
	struct lb_table roster;
	struct lb_diags notes = {0};
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	struct lb_reader_opts ro = o.in;   /* --sheet */
	ro.kind = LB_KIND_ROSTER;
	for (size_t i = 0; i < ninputs; i++) {
		lb_err_clear(&err);
		lb_diags_clear(&notes);
		if (lb_table_read(&roster, inputs[i], &ro, &notes, &err) < 0) {
			lb_warn_err(&err);
			exitst = LB_EXIT_FAIL;
		}
		lb_print_skipped(&notes, o.reveal);
	}

	struct lb_sched *s;
	struct lb_sched_opts so = {o.asof, o.from, o.to, o.rule, o.explain};
	if (lb_sched_new(&s, rs, &roster, &so, &err) < 0) {
		lb_warn_err(&err);
		lb_table_fini(&roster);
		lb_rules_free(rs);
		return LB_EXIT_FAIL;
	}
	for (size_t i = 0; i < o.logs.n; i++) {
		lb_err_clear(&err);
		if (lb_sched_log(s, o.logs.v[i], NULL, NULL, &err) < 0) {
			lb_warn_err(&err);
			exitst = LB_EXIT_FAIL;
		}
	}
	lb_sched_finish(s);
	/* Without one of its inputs a schedule shows windows as overdue that
	 * were kept, or misses children: nothing is written (as lb-report). */
	if (exitst != LB_EXIT_OK) {
		lb_warn("%s", _("no schedule written: an input could not be read"));
		lb_sched_free(s);
		lb_table_fini(&roster);
		lb_rules_free(rs);
		lb_strv_fini(&o.logs);
		return LB_EXIT_FAIL;
	}

	size_t counts[4] = {0}, listed = 0, nfiles = 0;
	struct csvfast fast;
	memset(&fast, 0, sizeof fast);
	if (o.split) {
		count_windows(s, &o, counts, &listed);
		if (write_split(s, rs, &o, &nfiles, &fast) < 0)
			exitst = LB_EXIT_FAIL;
	} else {
		struct lb_out *out;
		if (lb_out_open(&out, o.out, &err) < 0) {
			lb_warn_err(&err);
			lb_sched_free(s);
			lb_table_fini(&roster);
			lb_rules_free(rs);
			return LB_EXIT_FAIL;
		}
		FILE *fp = lb_out_fp(out);
		int werr = 0;
		if (o.explain) {
			werr = lb_explain_write(fp, s, o.explain, o.reveal) < 0;
			if (!lb_sched_explain_found(s)) {
				struct lb_buf id = LB_BUF_INIT;
				if (o.reveal)
					lb_buf_set(&id, o.explain);
				else
					lb_mask_id(o.explain, &id);
				lb_warn(_("--explain %s: not on the roster"), lb_buf_str(&id));
				lb_buf_fini(&id);
				exitst = LB_EXIT_FAIL;
			}
			listed = lb_explain_count(s, o.explain, counts);
		} else {
			werr = write_windows(out, s, rs, &o, NULL, NULL, 0, &fast) < 0;
			count_windows(s, &o, counts, &listed);
		}
		/* after a failed write, lb_out_commit says why and leaves no file */
		if (lb_out_commit(out, &err) < 0) {
			lb_warn_err(&err);
			exitst = LB_EXIT_FAIL;
		} else if (werr) {
			lb_warn(_("%s: write error"), o.out ? o.out : "<stdout>");
			exitst = LB_EXIT_FAIL;
		}
	}
	if (!o.quiet)
		lb_warn(_("%zu windows: %zu done, %zu overdue, %zu due, %zu upcoming; %lu activities read"),
		        listed, counts[LB_ST_DONE], counts[LB_ST_OVERDUE], counts[LB_ST_DUE],
		        counts[LB_ST_UPCOMING], lb_sched_nactivities(s));
	if (!o.quiet && o.split && exitst == LB_EXIT_OK)
		lb_warn(_("%zu files written in %s"), nfiles, o.dir);
	if (exitst == LB_EXIT_OK && o.fail_overdue && counts[LB_ST_OVERDUE])
		exitst = LB_EXIT_FINDINGS;
	csvfast_fini(&fast);
	lb_sched_free(s);
	lb_diags_fini(&notes);
	lb_table_fini(&roster);
	lb_rules_free(rs);
	lb_strv_fini(&o.logs);
	if (lb_fshut(stdout, "<stdout>"))
		exitst = LB_EXIT_FAIL;
	return exitst;
}
