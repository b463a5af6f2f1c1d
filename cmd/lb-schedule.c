/*
 * lb-schedule — roster + rules (+ activity log) → one row per owed window
 * (DESIGN.md sections 4 and 5). The work is in libcore/rules.h; this file
 * holds the options, the period, the filters and the three output forms.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "i18n.h"
#include "mask.h"
#include "rules.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "writer.h"

enum { O_LOG = 256, O_ASOF, O_FROM, O_TO, O_MONTH, O_PROFILE, O_RULES, O_STATUS, O_FOR,
       O_RULE, O_FAIL, O_EXPLAIN, O_REVEAL, O_HELP, O_VERSION, O_LANG };

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
	{"fail-on-overdue", no_argument, NULL, O_FAIL},
	{"explain", required_argument, NULL, O_EXPLAIN},
	{"reveal", no_argument, NULL, O_REVEAL},
	{"lang", required_argument, NULL, O_LANG},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, O_HELP},
	{"version", no_argument, NULL, O_VERSION},
	{NULL, 0, NULL, 0}
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
	         "  --profile NAME       built-in rules: linxia (default), sangeer, village, wugeyi\n"
	         "  --rules FILE         a rules file on top of the profile (lb-rules(5))\n"
	         "  --status LIST        only done, overdue, due, upcoming (comma-separated)\n"
	         "  --for NAME           only windows where NAME is a performer\n"
	         "  --rule ID            only that rule\n"
	         "  -f, --format FMT     csv (default), yaml or ics\n"
	         "  -o, --output FILE    write to FILE (atomically)\n"
	         "  --fail-on-overdue    exit 1 when a listed window is overdue\n"
	         "  --explain CHILD_ID   show each window of that child and why activities counted\n"
	         "  --reveal             show identity numbers unmasked\n"
	         "  --lang zh|en         the language of messages and --explain (default: the locale)\n"
	         "  -q, --quiet          no summary line\n"
	         "      --help           show this help\n"
	         "      --version        show the version\n"));
}

struct opts {
	struct lb_strv logs;
	int asof, from, to, month_from, month_to;
	const char *profile, *rules, *forname, *rule, *explain, *out;
	int status_mask;
	enum { F_CSV, F_YAML, F_ICS } fmt;
	int fail_overdue, reveal, quiet;
};

static int
parse_month(const char *s, int *from, int *to)
{
	int y, m;
	char tail;
	if (strlen(s) != 7 || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12 || y < 1)
		return -1;
	*from = lb_date_from_ymd(y, m, 1);
	*to = lb_date_from_ymd(y, m, lb_date_days_in_month(y, m));
	return 0;
}


/* ---- output ---- */

static const char *const cols[] = {
	"child_id", "name", "school", "grade", "class", "rule", "title", "window_start",
	"window_end", "required", "done", "status", "performer"
};
#define NCOLS (sizeof cols / sizeof cols[0])


/* iCalendar text: escape \ ; , and newlines. */
static void
ics_text(struct lb_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			lb_buf_addc(b, '\\');
		if (*s == '\n') {
			lb_buf_adds(b, "\\n");
			continue;
		}
		if (*s == '\r')
			continue;
		lb_buf_addc(b, *s);
	}
}

/* Write one content line folded at 75 octets, never inside a UTF-8
 * sequence, with CRLF line ends (RFC 5545 3.1). */
static void
ics_line(FILE *fp, const char *s)
{
	size_t len = strlen(s), col = 0, i = 0;
	while (i < len) {
		size_t clen = 1;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0xF0)
			clen = 4;
		else if (c >= 0xE0)
			clen = 3;
		else if (c >= 0xC0)
			clen = 2;
		if (i + clen > len)
			clen = len - i;
		if (col + clen > 75) {
			fputs("\r\n ", fp);
			col = 1;
		}
		fwrite(s + i, 1, clen, fp);
		col += clen;
		i += clen;
	}
	fputs("\r\n", fp);
}

static void
ics_date(struct lb_buf *b, int d)
{
	int y, m, dd;
	lb_date_to_ymd(d, &y, &m, &dd);
	lb_buf_printf(b, "%04d%02d%02d", y, m, dd);
}

/* A non-negative number in decimal into out (at least 12 bytes). */
static char *
fmt_int(int v, char *out)
{
	char tmp[12];
	size_t n = 0, k = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) && n < sizeof tmp);
	if (v < 0)
		out[k++] = '-';
	while (n)
		out[k++] = tmp[--n];
	out[k] = '\0';
	return out;
}

/* A count as a cell: the usual one digit from a table, others formatted
 * into out (at least 12 bytes). */
static const char *
count_cell(int v, char *out)
{
	static const char *const digit[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
	return v >= 0 && v < 10 ? digit[v] : fmt_int(v, out);
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

/* A window's performers depend only on its rule and roster row (see
 * lb_sched_performer), and each pair comes back in many windows (a child's
 * monthly rule, once a month): worked out once for each pair. Offsets (+1;
 * 0: not yet) into one buffer, by rule and row. */
struct perfcache {
	uint32_t *off;
	size_t nrows;
	struct lb_buf all, one;
};

static const char *
performer(struct perfcache *pc, const struct lb_sched *s, const struct lb_rules *rs,
          const struct lb_window *w)
{
	size_t k = (size_t)(w->rule - rs->rules) * pc->nrows + w->row;
	if (!pc->off[k]) {
		lb_sched_performer(s, w, &pc->one);
		if (pc->all.len + pc->one.len + 1 >= UINT32_MAX)
			return lb_buf_str(&pc->one);    /* beyond what offsets hold */
		pc->off[k] = (uint32_t)pc->all.len + 1;
		lb_buf_add(&pc->all, lb_buf_str(&pc->one), pc->one.len + 1);
	}
	return lb_buf_str(&pc->all) + pc->off[k] - 1;
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

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0x1f) * 1099511628211ULL;
}

static void
ics_todo(FILE *fp, const struct lb_sched *s, const struct lb_window *w, const struct opts *o)
{
	struct lb_wkey k;
	struct lb_buf b = LB_BUF_INIT, who = LB_BUF_INIT;
	char d1[11], d2[11];
	lb_sched_key(s, w, &k);
	uint64_t h = 1469598103934665603ULL;
	h = fnv(h, k.child_id);
	h = fnv(h, k.school);
	h = fnv(h, k.grade);
	h = fnv(h, k.klass);
	h = fnv(h, w->rule->id);
	h = fnv(h, lb_date_format(w->start, d1));
	ics_line(fp, "BEGIN:VTODO");
	lb_buf_printf(&b, "UID:%016llx@lb", (unsigned long long)h);
	ics_line(fp, lb_buf_str(&b));
	lb_buf_clear(&b);
	lb_buf_adds(&b, "DTSTAMP:");
	ics_date(&b, o->asof);
	lb_buf_adds(&b, "T000000Z");
	ics_line(fp, lb_buf_str(&b));
	lb_buf_set(&b, "DUE;VALUE=DATE:");
	ics_date(&b, w->end);
	ics_line(fp, lb_buf_str(&b));
	if (w->rule->scope == LB_SCOPE_CHILD)
		lb_mask_name(k.name, &who);
	else if (w->rule->scope == LB_SCOPE_CLASS)
		lb_buf_printf(&who, "%s %s-%s", k.school, k.grade, k.klass);
	else
		lb_buf_adds(&who, k.school);
	lb_buf_set(&b, "SUMMARY:");
	struct lb_buf t = LB_BUF_INIT;
	lb_buf_printf(&t, "%s %s", w->rule->title, lb_buf_str(&who));
	ics_text(&b, lb_buf_str(&t));
	ics_line(fp, lb_buf_str(&b));
	lb_buf_clear(&t);
	lb_buf_printf(&t, "%s %s..%s %d/%d %s %s", w->rule->id, lb_date_format(w->start, d1),
	              lb_date_format(w->end, d2), w->done, w->rule->times,
	              lb_wstatus_name(w->status), w->rule->source);
	lb_buf_set(&b, "DESCRIPTION:");
	ics_text(&b, lb_buf_str(&t));
	ics_line(fp, lb_buf_str(&b));
	ics_line(fp, "STATUS:NEEDS-ACTION");
	ics_line(fp, "END:VTODO");
	lb_buf_fini(&t);
	lb_buf_fini(&b);
	lb_buf_fini(&who);
}

/* Free text as shown: any number typed into it masked unless --reveal
 * (a performer 张父13811119999). b is reused, the result lives in it. */
static const char *
shown(struct lb_buf *b, const char *s, int reveal)
{
	if (reveal || !strpbrk(s, "0123456789\xef"))
		return s;      /* no ASCII or full-width digit: nothing to mask */
	lb_buf_clear(b);
	lb_mask_text(s, 0, b);
	return lb_buf_str(b);
}

/* 0, or LB_EXIT_FAIL when the child is not on the roster (a mistyped id
 * must not look like a child with nothing owed). */
static int
explain(FILE *fp, const struct lb_sched *s, const struct opts *o)
{
	struct lb_buf id = LB_BUF_INIT;
	char d1[11], d2[11];
	const struct lb_explain *x;
	size_t nx = lb_sched_explain(s, &x), xi = 0;
	struct lb_buf mb = LB_BUF_INIT, mb2 = LB_BUF_INIT;
	if (o->reveal)
		lb_buf_set(&id, o->explain);
	else
		lb_mask_id(o->explain, &id);
	int header = 0;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		struct lb_wkey k;
		lb_sched_key(s, w, &k);
		if (w->rule->scope != LB_SCOPE_CHILD || strcmp(k.child_id, o->explain))
			continue;
		if (!header) {
			fprintf(fp, "%s %s %s %s %s\n", lb_buf_str(&id), shown(&mb, k.name, o->reveal),
			        shown(&mb2, k.school, o->reveal), k.grade, k.klass);
			header = 1;
		}
		fprintf(fp, "\n%s %s..%s %s %d/%d\n", w->rule->id, lb_date_format(w->start, d1),
		        lb_date_format(w->end, d2), lb_wstatus_name(w->status), w->done,
		        w->rule->times);
		fprintf(fp, "  %s\n", w->rule->title);
		fprintf(fp, "  %s: %s\n", _("source"), *w->rule->source ? w->rule->source : "-");
		struct lb_buf b = LB_BUF_INIT;
		for (size_t j = 0; j < w->rule->nkinds; j++)
			lb_buf_printf(&b, "%s%s", j ? "," : "", w->rule->kinds[j]);
		if (w->rule->nroles) {
			lb_buf_adds(&b, _(" by "));
			for (size_t j = 0; j < w->rule->nroles; j++)
				lb_buf_printf(&b, "%s%s", j ? "," : "", w->rule->roles[j]);
		}
		fprintf(fp, "  %s: %s\n", _("counts"), lb_buf_str(&b));
		lb_buf_fini(&b);
		int any = 0;
		for (; xi < nx && x[xi].window == w; xi++) {
			any = 1;
			fprintf(fp, "  %s %s %s %s %s (%s:%ld)%s%s\n",
			        x[xi].counted ? "+" : "-", lb_date_format(x[xi].date, d1),
			        x[xi].kind, *x[xi].role ? x[xi].role : "-",
			        *x[xi].performer ? shown(&mb, x[xi].performer, o->reveal) : "-",
			        x[xi].file, x[xi].line,
			        x[xi].counted ? "" : ": ", x[xi].counted ? "" : _(x[xi].why));
		}
		if (!any)
			fprintf(fp, "  %s\n", _("no activity of this child in the window"));
	}
	int rc = 0;
	if (!header && !lb_sched_explain_found(s)) {
		lb_warn(_("--explain %s: not on the roster"), lb_buf_str(&id));
		rc = LB_EXIT_FAIL;
	} else if (!header)
		fprintf(fp, "%s: %s\n", lb_buf_str(&id), _("no owed window in the period"));
	for (; xi < nx; xi++)
		if (!x[xi].window) {
			if (xi == 0 || x[xi - 1].window)
				fprintf(fp, "\n%s\n", _("activities in no window of the period:"));
			fprintf(fp, "  - %s %s %s %s (%s:%ld): %s\n", lb_date_format(x[xi].date, d1),
			        x[xi].kind, *x[xi].role ? x[xi].role : "-",
			        *x[xi].performer ? shown(&mb, x[xi].performer, o->reveal) : "-",
			        x[xi].file, x[xi].line, _(x[xi].why));
		}
	lb_buf_fini(&id);
	lb_buf_fini(&mb);
	lb_buf_fini(&mb2);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	memset(&o, 0, sizeof o);
	o.asof = o.from = o.to = o.month_from = LB_NODATE;
	const char *asof_arg = NULL;
	lb_cli_init(argc, argv);
	int c;
	while ((c = getopt_long(argc, argv, "f:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case O_LOG: lb_strv_push(&o.logs, optarg); break;
		case O_ASOF: asof_arg = optarg; break;
		case O_FROM:
		case O_TO: {
			int d = lb_date_parse_iso(optarg);
			if (d == LB_NODATE)
				lb_usage_error(_("%s: not a date (YYYY-MM-DD): '%s'"),
				               c == O_FROM ? "--from" : "--to", optarg);
			*(c == O_FROM ? &o.from : &o.to) = d;
			break;
		}
		case O_MONTH:
			if (parse_month(optarg, &o.month_from, &o.month_to) < 0)
				lb_usage_error(_("--month: not a month (YYYY-MM): '%s'"), optarg);
			break;
		case O_PROFILE: o.profile = optarg; break;
		case O_RULES: o.rules = optarg; break;
		case O_STATUS: {
			char *dup = lb_xstrdup(optarg), *save = NULL;
			for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int st = lb_wstatus_parse(t);
				if (st < 0)
					lb_usage_error(_("--status: unknown status '%s' (done, overdue, due, upcoming)"), t);
				o.status_mask |= 1 << st;
			}
			free(dup);
			break;
		}
		case O_FOR: o.forname = optarg; break;
		case O_RULE: o.rule = optarg; break;
		case 'f':
			if (!strcmp(optarg, "csv"))
				o.fmt = F_CSV;
			else if (!strcmp(optarg, "yaml"))
				o.fmt = F_YAML;
			else if (!strcmp(optarg, "ics"))
				o.fmt = F_ICS;
			else
				lb_usage_error(_("-f: unknown format '%s' (csv, yaml, ics)"), optarg);
			break;
		case 'o': o.out = optarg; break;
		case O_FAIL: o.fail_overdue = 1; break;
		case O_EXPLAIN: o.explain = optarg; break;
		case O_REVEAL: o.reveal = 1; break;
		case O_LANG: lb_cli_lang_arg(optarg); break;
		case 'q': o.quiet = 1; break;
		case O_HELP: usage(); return lb_fshut(stdout, "<stdout>");
		case O_VERSION: lb_print_version(); return lb_fshut(stdout, "<stdout>");
		default: lb_try_help();
		}
	}
	o.asof = lb_cli_asof(asof_arg);
	if (o.month_from != LB_NODATE && (o.from != LB_NODATE || o.to != LB_NODATE))
		lb_usage_error("%s", _("--month and --from/--to exclude each other"));
	if ((o.from == LB_NODATE) != (o.to == LB_NODATE))
		lb_usage_error("%s", _("--from and --to go together"));
	if (o.from != LB_NODATE && o.from > o.to)
		lb_usage_error("%s", _("--from is after --to"));
	/* 1950..2050 on 10^5 children was 105 M windows in 4.6 GB */
	if (o.from != LB_NODATE && o.to >= lb_date_add_years(o.from, 10))
		lb_usage_error("%s", _("--from/--to: a period over 10 years; give at most 10 years"));

	char **inputs = argv + optind;
	size_t ninputs = (size_t)(argc - optind);
	static char *stdin_only[] = {"-", NULL};
	if (!ninputs) {
		inputs = stdin_only;
		ninputs = 1;
	}
	if (o.out && (lb_same_file(o.out, inputs, ninputs) || lb_same_file(o.out, o.logs.v, o.logs.n) ||
	              (o.rules && lb_same_file(o.out, (char *const *)&o.rules, 1))))
		lb_usage_error(_("-o %s names an input file"), o.out);

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
	if (o.month_from != LB_NODATE) {
		o.from = o.month_from;
		o.to = o.month_to;
	} else if (o.from == LB_NODATE) {
		const struct lb_term *t = lb_rules_term_at(rs, o.asof);
		if (!t)
			t = lb_rules_term_next(rs, o.asof);
		if (!t) {
			char d[11];
			lb_warn(_("the calendar has no term on or after %s: give --from/--to, --month, "
			          "or a calendar in --rules"), lb_date_format(o.asof, d));
			lb_rules_free(rs);
			return LB_EXIT_FAIL;
		}
		o.from = t->start;
		o.to = t->end;
	}

	int exitst = LB_EXIT_OK;
	struct lb_table roster;
	struct lb_diags notes = {0};
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	struct lb_reader_opts ro;
	memset(&ro, 0, sizeof ro);
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

	struct lb_out *out;
	if (lb_out_open(&out, o.out, &err) < 0) {
		lb_warn_err(&err);
		lb_sched_free(s);
		lb_table_fini(&roster);
		lb_rules_free(rs);
		return LB_EXIT_FAIL;
	}
	FILE *fp = lb_out_fp(out);
	struct lb_tw *tw = NULL;
	if (o.explain) {
		if (explain(fp, s, &o))
			exitst = LB_EXIT_FAIL;
	} else if (o.fmt == F_ICS) {
		ics_line(fp, "BEGIN:VCALENDAR");
		ics_line(fp, "VERSION:2.0");
		ics_line(fp, "PRODID:-//lb//lb-schedule " LB_VERSION "//ZH");
		ics_line(fp, "CALSCALE:GREGORIAN");
	} else {
		tw = lb_tw_new(fp, o.fmt == F_YAML ? LB_FMT_YAML : LB_FMT_CSV, cols, NCOLS);
		lb_tw_person(tw);   /* a teacher opens the schedule in Excel */
	}

	size_t counts[4] = {0}, listed = 0;
	struct perfcache pc = {NULL, roster.n, LB_BUF_INIT, LB_BUF_INIT};
	struct idcache ic = {NULL, LB_BUF_INIT, LB_BUF_INIT};
	/* per rule and per date, formatted once: not again in each row; the
	 * start and end dates have a cache each, so the two never share a slot */
	static struct dcache dstart, dend;
	char (*req)[12] = lb_xcalloc(rs->nrules ? rs->nrules : 1, sizeof *req);
	for (size_t r = 0; r < rs->nrules; r++)
		fmt_int(rs->rules[r].times, req[r]);
	dcache_init(&dstart);
	dcache_init(&dend);
	size_t npairs = rs->nrules * roster.n;
	if (!o.explain)
		pc.off = lb_xcalloc(npairs ? npairs : 1, sizeof *pc.off);
	int werr = 0;
	struct lb_buf mperf = LB_BUF_INIT, mname = LB_BUF_INIT, mschool = LB_BUF_INIT;
	for (size_t i = 0; i < lb_sched_count(s) && !o.explain; i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		if (o.status_mask && !(o.status_mask & (1 << w->status)))
			continue;
		const char *perf = performer(&pc, s, rs, w);
		if (o.forname && !lb_list_has(perf, o.forname))
			continue;
		counts[w->status]++;
		listed++;
		if (o.fmt == F_ICS) {
			if (w->status != LB_ST_DONE)
				ics_todo(fp, s, w, &o);
			continue;
		}
		struct lb_wkey k;
		lb_sched_key(s, w, &k);
		const char *idv = o.reveal || !*k.child_id ? k.child_id
		                  : masked_id(&ic, roster.n, w->row, k.child_id);
		char done[12];
		const char *cells[NCOLS] = {
			idv, k.name, k.school, k.grade, k.klass, w->rule->id,
			w->rule->title, date_cell(&dstart, w->start), date_cell(&dend, w->end),
			req[w->rule - rs->rules], count_cell(w->done, done),
			lb_wstatus_name(w->status), shown(&mperf, perf, o.reveal)
		};
		cells[1] = shown(&mname, k.name, o.reveal);
		cells[2] = shown(&mschool, k.school, o.reveal);
		if (lb_tw_row(tw, cells) < 0)
			werr = 1;
	}
	if (o.explain) {
		for (size_t i = 0; i < lb_sched_count(s); i++) {
			const struct lb_window *w = lb_sched_get(s, i);
			struct lb_wkey k;
			lb_sched_key(s, w, &k);
			if (w->rule->scope == LB_SCOPE_CHILD && !strcmp(k.child_id, o.explain)) {
				counts[w->status]++;
				listed++;
			}
		}
	} else if (o.fmt == F_ICS)
		ics_line(fp, "END:VCALENDAR");
	else if (lb_tw_end(tw) < 0)
		werr = 1;
	free(pc.off);
	lb_buf_fini(&mperf);
	lb_buf_fini(&mname);
	lb_buf_fini(&mschool);
	lb_buf_fini(&pc.all);
	lb_buf_fini(&pc.one);
	free(req);
	free(ic.off);
	lb_buf_fini(&ic.all);
	lb_buf_fini(&ic.one);
	/* after a failed write, lb_out_commit says why and leaves no file */
	if (lb_out_commit(out, &err) < 0) {
		lb_warn_err(&err);
		exitst = LB_EXIT_FAIL;
	} else if (werr) {
		lb_warn(_("%s: write error"), o.out ? o.out : "<stdout>");
		exitst = LB_EXIT_FAIL;
	}
	if (!o.quiet)
		lb_warn(_("%zu windows: %zu done, %zu overdue, %zu due, %zu upcoming; %lu activities read"),
		        listed, counts[LB_ST_DONE], counts[LB_ST_OVERDUE], counts[LB_ST_DUE],
		        counts[LB_ST_UPCOMING], lb_sched_nactivities(s));
	if (exitst == LB_EXIT_OK && o.fail_overdue && counts[LB_ST_OVERDUE])
		exitst = LB_EXIT_FINDINGS;
	lb_sched_free(s);
	lb_diags_fini(&notes);
	lb_table_fini(&roster);
	lb_rules_free(rs);
	lb_strv_fini(&o.logs);
	if (lb_fshut(stdout, "<stdout>"))
		exitst = LB_EXIT_FAIL;
	return exitst;
}
