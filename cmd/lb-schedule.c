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

/* The rows (csv, yaml) or events/to-dos (ics, not for done windows) of the
 * listed windows, only performer who's when who is not NULL; only the
 * windows idx[0..nidx) when idx is not NULL (--split-by's index of who's
 * windows: each file then costs its own windows, not all of them). -1 on a
 * write error. */
static int
write_windows(struct lb_out *dst, struct lb_sched *s, const struct lb_rules *rs,
              const struct opts *o, const char *who, const size_t *idx, size_t nidx)
{
	const struct lb_table *roster = lb_sched_roster(s);
	FILE *fp = lb_out_fp(dst);
	struct lb_tw *tw = NULL;
	struct idcache ic = {NULL, LB_BUF_INIT, LB_BUF_INIT};
	/* per rule and per date, formatted once: not again in each row; the
	 * start and end dates have a cache each, so the two never share a slot */
	static struct dcache dstart, dend;
	char (*req)[LB_FMT_LONG] = lb_xcalloc(rs->nrules ? rs->nrules : 1, sizeof *req);
	int werr = 0;
	struct lb_buf mperf = LB_BUF_INIT, mname = LB_BUF_INIT, mschool = LB_BUF_INIT;

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
	}
	for (size_t r = 0; r < rs->nrules; r++)
		lb_fmt_long(req[r], (long)rs->rules[r].times);
	dcache_init(&dstart);
	dcache_init(&dend);
	size_t nw = idx ? nidx : lb_sched_count(s);
	for (size_t j = 0; j < nw; j++) {
		const struct lb_window *w = lb_sched_get(s, idx ? idx[j] : j);
		if (!listed_window(s, w, o) || !for_performer(s, w, who))
			continue;
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

/* The performers of the windows --split-by writes (the ics skips done
 * ones), each name once, in byte order, UNASSIGNED for windows with none;
 * and the windows of each, in schedule order: (*win)[k] holds the indices of
 * names->v[k]'s windows, (*nwin)[k] of them. One pass over the windows, one
 * hash lookup a name. */
struct wlist {
	size_t *v, n, cap;
};

static void
wlist_add(struct wlist *l, size_t i)
{
	if (l->n && l->v[l->n - 1] == i)
		return;      /* the same name twice in one window */
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = lb_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = i;
}

static void
split_add(struct lb_smap *at, struct lb_strv *names, struct wlist **lists, size_t *cap,
          const char *name, size_t len, size_t i)
{
	char *one = lb_xmalloc(len + 1);
	memcpy(one, name, len);
	one[len] = '\0';
	long *k = lb_smap_find(at, one);
	size_t ki;
	if (k) {
		ki = (size_t)*k;
		free(one);
	} else {
		ki = names->n;
		lb_strv_push_owned(names, one);
		if (ki == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*lists = lb_xrealloc(*lists, *cap * sizeof **lists);
		}
		(*lists)[ki] = (struct wlist){NULL, 0, 0};
		lb_smap_put(at, one, (long)ki);
	}
	wlist_add(&(*lists)[ki], i);
}

struct named {
	char *name;
	struct wlist l;
};

static int
named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

static void
split_names(struct lb_sched *s, const struct opts *o, struct lb_strv *names,
            struct wlist **win)
{
	struct lb_smap at = LB_SMAP_INIT;    /* name -> index into names */
	struct wlist *lists = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		if (!listed_window(s, w, o) || (o->fmt == F_ICS && w->status == LB_ST_DONE))
			continue;
		const char *p = lb_sched_performers(s, w);
		if (!*p) {
			split_add(&at, names, &lists, &cap, UNASSIGNED, strlen(UNASSIGNED), i);
			continue;
		}
		while (*p) {
			size_t n = strcspn(p, ";");
			if (n)
				split_add(&at, names, &lists, &cap, p, n, i);
			p += n + (p[n] == ';');
		}
	}
	lb_smap_fini(&at);
	/* in byte order of the names, each with its list */
	struct named *nd = lb_xcalloc(names->n ? names->n : 1, sizeof *nd);
	for (size_t k = 0; k < names->n; k++)
		nd[k] = (struct named){names->v[k], lists[k]};
	qsort(nd, names->n, sizeof *nd, named_cmp);
	for (size_t k = 0; k < names->n; k++) {
		names->v[k] = nd[k].name;
		lists[k] = nd[k].l;
	}
	free(nd);
	*win = lists;
}

/* --split-by performer -d DIR: one file per performer, each written to a
 * temporary file; all are renamed into place only when all were written.
 * Two names that give one file name (王/老师, 王:老师) get "~2", "~3".
 * *nfiles: the files written. -1 after a message. */
static int
write_split(struct lb_sched *s, const struct lb_rules *rs, const struct opts *o, size_t *nfiles)
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
	struct wlist *win = NULL;
	struct lb_smap used = LB_SMAP_INIT;      /* file names taken */
	split_names(s, o, &names, &win);
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
		if (write_windows(outs[i], s, rs, o, names.v[i], win[i].v, win[i].n) < 0) {
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
	for (size_t k = 0; k < names.n; k++)
		free(win[k].v);
	free(win);
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
	if (o.split) {
		count_windows(s, &o, counts, &listed);
		if (write_split(s, rs, &o, &nfiles) < 0)
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
			werr = write_windows(out, s, rs, &o, NULL, NULL, 0) < 0;
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
	lb_sched_free(s);
	lb_diags_fini(&notes);
	lb_table_fini(&roster);
	lb_rules_free(rs);
	lb_strv_fini(&o.logs);
	if (lb_fshut(stdout, "<stdout>"))
		exitst = LB_EXIT_FAIL;
	return exitst;
}
