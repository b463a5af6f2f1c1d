/* lb-report — the monthly compliance report (DESIGN.md sections 4 and 6).
 *
 * Holds in memory: the roster (as a table), the owed windows of the month,
 * one date per child (a parent's last contact) and the report. The activity
 * log is streamed once: each record only bumps counts. Windows and statuses
 * are the rules module's (lb_sched); the indicators and formats are
 * report.c's. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "err.h"
#include "i18n.h"
#include "report.h"
#include "rules.h"
#include "table.h"
#include "writer.h"
#include "xlsxw.h"

enum { OPT_LOG = 256, OPT_MONTH, OPT_ASOF, OPT_PROFILE, OPT_RULES, OPT_BY, OPT_REVEAL,
       OPT_LANG, OPT_HELP, OPT_VERSION, OPT_SHEET };

static const struct option longopts[] = {
	{"log", required_argument, NULL, OPT_LOG},
	{"month", required_argument, NULL, OPT_MONTH},
	{"as-of", required_argument, NULL, OPT_ASOF},
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"rules", required_argument, NULL, OPT_RULES},
	{"by", required_argument, NULL, OPT_BY},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"reveal", no_argument, NULL, OPT_REVEAL},
	{"lang", required_argument, NULL, OPT_LANG},
	{"sheet", required_argument, NULL, OPT_SHEET},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0}
};

static void
usage(void)
{
	printf(_("Usage: %s [OPTION]... ROSTER...\n"), lb_progname);
	fputs(_("The compliance report of a month: children, archive completeness, enrollment,\n"
	        "retention, immunisation, mentor coverage and each rule's windows done, per\n"
	        "group and in total; the overdue windows; the children who need attention.\n"
	        "\n"), stdout);
	fputs(_("  --log FILE          the activity log (several --log are read in turn)\n"
	        "  --month YYYY-MM     the month reported (default: the month before --as-of)\n"
	        "  --as-of YYYY-MM-DD  \"today\" (default: the local date)\n"
	        "  --profile NAME      built-in rules profile (default linxia)\n"
	        "  --rules FILE        a rules file laid over the profile\n"
	        "  --by KEY            school (default), class, head_teacher, mentor, region_code\n"
	        "  -f, --format FMT    md (default), csv, yaml, html, xlsx\n"
	        "  -o, --output FILE   write FILE atomically instead of standard output\n"
	        "  --reveal            show identity and phone numbers unmasked\n"
	        "  --sheet NAME|N      the sheet of a workbook (default: the first)\n"
	        "  --lang zh|en        the language of the labels (default from the locale)\n"
	        "  -q, --quiet         no summary line on standard error\n"
	        "      --help          show this help and exit\n"
	        "      --version       show the version and exit\n"), stdout);
}

/* "YYYY-MM" → the first day of that month, or LB_NODATE */
static int
parse_month(const char *s)
{
	int y, m;
	char tail;

	if (strlen(s) != 7 || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || s[4] != '-' ||
	    m < 1 || m > 12 || y < 1900)
		return LB_NODATE;
	return lb_date_from_ymd(y, m, 1);
}

int
main(int argc, char **argv)
{
	const char *asof_arg = NULL, *month_arg = NULL, *profile = NULL, *rules_file = NULL;
	const char *out_path = NULL;
	struct lb_strv logs = LB_STRV_INIT;
	enum lb_rep_by by = LB_BY_SCHOOL;
	enum lb_rep_fmt fmt = LB_REP_MD;
	int reveal = 0, quiet = 0, zh = -1, status = LB_EXIT_OK, c, asof, month, y, m, d;
	struct lb_err err;
	struct lb_rules *rs = NULL;
	struct lb_table roster;
	struct lb_sched *s = NULL;
	struct lb_sched_opts so;
	struct lb_rep_rule *rules;
	struct lb_rep_win *wins;
	struct lb_buf *perf;
	struct lb_report_opts ro;
	struct lb_reader_opts in = {0};
	struct lb_rep_render rr;
	struct lb_report *rep;
	struct lb_out *out = NULL;
	size_t nw, nod = 0;

	lb_cli_init(argc, argv);
	while ((c = getopt_long(argc, argv, "f:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LOG: lb_strv_push(&logs, optarg); break;
		case OPT_MONTH: month_arg = optarg; break;
		case OPT_ASOF: asof_arg = optarg; break;
		case OPT_PROFILE: profile = optarg; break;
		case OPT_RULES: rules_file = optarg; break;
		case OPT_BY:
			if (lb_rep_by_parse(optarg, &by) < 0)
				lb_usage_error(_("--by: '%s' is not one of school, class, head_teacher, mentor, region_code"), optarg);
			break;
		case 'f':
			if (lb_rep_fmt_parse(optarg, &fmt) < 0)
				lb_usage_error(_("-f: '%s' is not one of md, csv, yaml, html, xlsx"), optarg);
			break;
		case 'o': out_path = optarg; break;
		case OPT_REVEAL: reveal = 1; break;
		case OPT_SHEET: in.sheet = optarg; break;
		case OPT_LANG:
			if (strcmp(optarg, "zh") == 0)
				zh = 1;
			else if (strcmp(optarg, "en") == 0)
				zh = 0;
			else
				lb_usage_error(_("--lang: '%s' is not zh or en"), optarg);
			break;
		case 'q': quiet = 1; break;
		case OPT_HELP: usage(); return lb_fshut(stdout, "<stdout>");
		case OPT_VERSION: lb_print_version(); return lb_fshut(stdout, "<stdout>");
		default:
			lb_try_help();
		}
	}
	if (zh < 0)
		zh = lb_lang_is_zh();
	asof = lb_cli_asof(asof_arg);
	if (month_arg) {
		if ((month = parse_month(month_arg)) == LB_NODATE)
			lb_usage_error(_("--month: '%s' is not a month (YYYY-MM)"), month_arg);
	} else {
		lb_date_to_ymd(asof, &y, &m, &d);
		month = m == 1 ? lb_date_from_ymd(y - 1, 12, 1) : lb_date_from_ymd(y, m - 1, 1);
	}
	if (out_path && strcmp(out_path, "-") != 0) {
		if (lb_same_file(out_path, argv + optind, (size_t)(argc - optind)) ||
		    lb_same_file(out_path, logs.v, logs.n) ||
		    (rules_file && lb_same_file(out_path, (char *const *)&rules_file, 1)))
			lb_usage_error(_("%s: is an input file; refusing to overwrite it"), out_path);
	}

	lb_err_clear(&err);
	if (lb_rules_open(&rs, profile, rules_file, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}

	/* the roster (several files: each read in turn; a bad one is reported) */
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	for (int i = optind; i < argc || (i == optind && optind == argc); i++) {
		struct lb_diags notes = {0};
		lb_err_clear(&err);
		if (lb_table_read(&roster, i < argc ? argv[i] : "-", &in, &notes, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
		lb_print_skipped(&notes, reveal);
		lb_diags_fini(&notes);
	}

	/* the owed windows of the month; the log streams through them once */
	lb_date_to_ymd(month, &y, &m, &d);
	memset(&so, 0, sizeof so);
	so.asof = asof;
	so.from = month;
	so.to = lb_date_from_ymd(y, m, lb_date_days_in_month(y, m));
	lb_err_clear(&err);
	if (lb_sched_new(&s, rs, &roster, &so, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	for (size_t i = 0; i < logs.n; i++) {
		lb_err_clear(&err);
		if (lb_sched_log(s, logs.v[i], NULL, NULL, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
	}

	/* A report that silently lacks a school's children is worse than none:
	 * a cron job must fail loudly, and -o must leave the old file alone. */
	if (status != LB_EXIT_OK) {
		lb_warn("%s", _("no report written: an input could not be read"));
		lb_sched_free(s);
		lb_table_fini(&roster);
		lb_rules_free(rs);
		lb_strv_fini(&logs);
		return LB_EXIT_FAIL;
	}
	lb_sched_finish(s);

	rules = lb_xcalloc(rs->nrules ? rs->nrules : 1, sizeof *rules);
	for (size_t i = 0; i < rs->nrules; i++) {
		rules[i].id = rs->rules[i].id;
		rules[i].title = rs->rules[i].title;
		rules[i].scope = rs->rules[i].scope == LB_SCOPE_CHILD ? LB_REP_CHILD :
		                 rs->rules[i].scope == LB_SCOPE_CLASS ? LB_REP_CLASS : LB_REP_SCHOOL;
	}
	nw = lb_sched_count(s);
	wins = lb_xcalloc(nw ? nw : 1, sizeof *wins);
	/* performers are shown only for the overdue windows */
	for (size_t i = 0; i < nw; i++)
		nod += lb_sched_get(s, i)->status == LB_ST_OVERDUE;
	perf = lb_xcalloc(nod ? nod : 1, sizeof *perf);
	nod = 0;
	for (size_t i = 0; i < nw; i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		const struct lb_row *row = &roster.rows[w->row];
		wins[i].rule = (size_t)(w->rule - rs->rules);
		wins[i].child = w->rule->scope == LB_SCOPE_CHILD ? (long)w->row : -1;
		wins[i].school = lb_row_get(&roster, row, LB_R_SCHOOL);
		/* a school-scope window belongs to the school only */
		wins[i].grade = w->rule->scope == LB_SCOPE_SCHOOL ? "" : lb_row_get(&roster, row, LB_R_GRADE);
		wins[i].klass = w->rule->scope == LB_SCOPE_SCHOOL ? "" : lb_row_get(&roster, row, LB_R_CLASS);
		wins[i].start = w->start;
		wins[i].end = w->end;
		wins[i].done = w->done;
		wins[i].status = w->status == LB_ST_DONE ? LB_REP_DONE :
		                 w->status == LB_ST_OVERDUE ? LB_REP_OVERDUE :
		                 w->status == LB_ST_DUE ? LB_REP_DUE : LB_REP_UPCOMING;
		wins[i].performer = "";
		if (w->status == LB_ST_OVERDUE) {
			lb_sched_performer(s, w, &perf[nod]);
			wins[i].performer = lb_buf_str(&perf[nod++]);
		}
	}

	memset(&ro, 0, sizeof ro);
	ro.month = month;
	ro.asof = asof;
	ro.by = by;
	rep = lb_report_build(&roster, lb_sched_last_parent(s), rules, rs->nrules, wins, nw, &ro);

	memset(&rr, 0, sizeof rr);
	rr.zh = zh;
	rr.reveal = reveal;
	rr.profile = rs->profile;
	rr.rules_file = rules_file;
	rr.created = lb_xw_time_of_day(asof);
	if (fmt == LB_REP_XLSX && lb_out_is_tty(out_path))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
	lb_err_clear(&err);
	if (lb_out_open(&out, out_path, &err) < 0) {
		lb_warn_err(&err);
		status = LB_EXIT_FAIL;
	} else {
		int wrc = lb_report_write(rep, lb_out_fp(out), fmt, &rr);
		/* after a failed write, lb_out_commit says why and leaves no file */
		if (lb_out_commit(out, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		} else if (wrc < 0) {
			lb_warn(_("%s: write error"), out_path ? out_path : "<stdout>");
			status = LB_EXIT_FAIL;
		}
	}
	if (!quiet && status != LB_EXIT_FAIL) {
		char mon[8];
		snprintf(mon, sizeof mon, "%04d-%02d", y, m);
		lb_warn(_("%s: %ld children on the roster, %ld active; %zu overdue windows; %zu entries need attention"),
		        mon, rep->total.roster, rep->total.active, rep->nod, rep->natt);
	}

	lb_report_free(rep);
	for (size_t i = 0; i < nod; i++)
		lb_buf_fini(&perf[i]);
	free(perf);
	free(wins);
	free(rules);
	lb_sched_free(s);
	lb_table_fini(&roster);
	lb_rules_free(rs);
	lb_strv_fini(&logs);
	if (lb_fshut(stdout, "<stdout>"))
		status = LB_EXIT_FAIL;
	return status;
}
