/* lb-report — the monthly compliance report (lb-report(1)).
 *
 * Holds in memory: the roster (as a table), the owed windows of the month,
 * one date per child (a parent's last contact) and the report. The activity
 * log is streamed once: each record only bumps counts. Windows and statuses
 * are the schedule's (sched.h); the indicators and formats are report.h's. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cards.h"
#include "census.h"
#include "cli.h"
#include "date.h"
#include "err.h"
#include "i18n.h"
#include "report.h"
#include "sched.h"
#include "table.h"
#include "writer.h"
#include "xlsxw.h"

enum { OPT_LOG = 256, OPT_MONTH, OPT_TERM, OPT_YEAR, OPT_ASOF, OPT_PROFILE, OPT_RULES, OPT_BY,
       OPT_REVEAL, OPT_FAIL_ON_EMPTY, OPT_CENSUS };

static const struct option longopts[] = {
	{"log", required_argument, NULL, OPT_LOG},
	{"month", required_argument, NULL, OPT_MONTH},
	{"term", required_argument, NULL, OPT_TERM},
	{"year", required_argument, NULL, OPT_YEAR},
	{"as-of", required_argument, NULL, OPT_ASOF},
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"rules", required_argument, NULL, OPT_RULES},
	{"by", required_argument, NULL, OPT_BY},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"reveal", no_argument, NULL, OPT_REVEAL},
	{"fail-on-empty", no_argument, NULL, OPT_FAIL_ON_EMPTY},
	LB_CLI_SHEET_OPTION,
	{"census", required_argument, NULL, OPT_CENSUS},
	LB_CLI_OPTIONS
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
	        "  --term NAME         a term of the calendar instead (2025秋): its 考核\n"
	        "  --year YYYY-YY      a school year instead (2025-26: Sept 1 to Aug 31)\n"
	        "  --as-of YYYY-MM-DD  \"today\" (default: the local date)\n"
	        "  --profile NAME      built-in rules profile (default linxia)\n"
	        "  --rules FILE        a rules file laid over the profile\n"
	        "  --by KEY            school (default), class, head_teacher, mentor, region_code,\n"
	        "                      performer (each teacher's windows: the 考核)\n"
	        "  --census FILE       the survey's count per school (CSV school,count): 建档率\n"
	        "  -f, --format FMT    md (default), csv, yaml, html, xlsx; cards: the children's\n"
	        "                      archive contact cards, printable on A4 (HTML)\n"
	        "  -o, --output FILE   write FILE atomically instead of standard output\n"
	        "  --reveal            show identity and phone numbers unmasked\n"
	        "  --fail-on-empty     exit 1 when the log has no activity in the period\n"
	        "  --sheet NAME|N      the sheet of a workbook (default: the first)\n"
	        "  --lang zh|en        the language of the labels (default from the locale)\n"
	        "  -q, --quiet         no summary line on standard error\n"
	        "      --help          show this help and exit\n"
	        "      --version       show the version and exit\n"), stdout);
}

/* The options of lb-report; usage errors exit. */
struct opts {
	const char *profile, *rules_file, *out_path, *census;
	struct lb_strv logs;
	enum lb_rep_by by;
	enum lb_rep_fmt fmt;
	int reveal, quiet, zh, asof, month, fail_on_empty;
	const char *term;            /* --term NAME, resolved once the rules are read */
	int year;                    /* --year: Sept 1 of its first year, or 0 */
	char yname[8];               /* "2025-26" */
	struct lb_reader_opts in;    /* --sheet */
};

static void
parse_args(int argc, char **argv, struct opts *o)
{
	const char *asof_arg = NULL, *month_arg = NULL, *year_arg = NULL;
	int c, y, m, d;

	memset(o, 0, sizeof *o);
	o->by = LB_BY_SCHOOL;
	o->fmt = LB_REP_MD;
	while ((c = getopt_long(argc, argv, "f:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LOG: lb_strv_push(&o->logs, optarg); break;
		case OPT_MONTH: month_arg = optarg; break;
		case OPT_TERM: o->term = optarg; break;
		case OPT_YEAR: year_arg = optarg; break;
		case OPT_ASOF: asof_arg = optarg; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case OPT_RULES: o->rules_file = optarg; break;
		case OPT_CENSUS: o->census = optarg; break;
		case OPT_BY: o->by = lb_cli_choice("--by", optarg, lb_rep_by_names); break;
		case 'f': o->fmt = lb_cli_choice("-f", optarg, lb_rep_fmt_names); break;
		case 'o': o->out_path = optarg; break;
		case OPT_REVEAL: o->reveal = 1; break;
		case OPT_FAIL_ON_EMPTY: o->fail_on_empty = 1; break;
		case 'q': o->quiet = 1; break;
		default:
			if (!lb_cli_option(c, optarg, usage) && !lb_cli_sheet(c, optarg, &o->in))
				lb_try_help();
		}
	}
	/* lb_cli_init has acted on --lang */
	o->zh = lb_lang_is_zh();
	o->asof = lb_cli_asof(asof_arg);
	if ((month_arg != NULL) + (o->term != NULL) + (year_arg != NULL) > 1)
		lb_usage_error("%s", _("give one of --month, --term and --year"));
	if (year_arg) {
		/* 2025-26: the school year from 2025-09-01 to 2026-08-31 */
		int y1, y2;
		char tail;
		if (strlen(year_arg) != 7 || sscanf(year_arg, "%4d-%2d%c", &y1, &y2, &tail) != 2 ||
		    year_arg[4] != '-' || y1 < 1900 || y2 != (y1 + 1) % 100)
			lb_usage_error(_("--year: '%s' is not a school year (YYYY-YY, as 2025-26)"), year_arg);
		o->year = lb_date_from_ymd(y1, 9, 1);
		snprintf(o->yname, sizeof o->yname, "%s", year_arg);
	}
	if (month_arg) {
		lb_cli_month(month_arg, &o->month, NULL);
	} else {
		lb_date_to_ymd(o->asof, &y, &m, &d);
		o->month = m == 1 ? lb_date_from_ymd(y - 1, 12, 1) : lb_date_from_ymd(y, m - 1, 1);
	}
	if (o->fmt == LB_REP_XLSX && lb_out_is_tty(o->out_path))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
	lb_cli_guard_output("-o", o->out_path, argv + optind, (size_t)(argc - optind));
	lb_cli_guard_output("-o", o->out_path, o->logs.v, o->logs.n);
	if (o->rules_file)
		lb_cli_guard_output("-o", o->out_path, (char *const *)&o->rules_file, 1);
	if (o->census)
		lb_cli_guard_output("-o", o->out_path, (char *const *)&o->census, 1);
}

/* The contact cards (cards.h) of the roster; status so far in, status out.
 * Like the report, none is written when an input could not be read. */
static int
write_cards(const struct opts *op, const struct lb_table *roster, int status)
{
	struct lb_err err;
	struct lb_out *out = NULL;
	struct lb_cards_opts co = {.zh = op->zh, .reveal = op->reveal};
	long n;

	if (status != LB_EXIT_OK) {
		lb_warn("%s", _("no cards written: an input could not be read"));
		return LB_EXIT_FAIL;
	}
	lb_err_clear(&err);
	if (lb_out_open(&out, op->out_path, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	n = lb_cards_write(lb_out_fp(out), roster, op->asof, &co);
	/* after a failed write, lb_out_commit says why and leaves no file */
	if (lb_out_commit(out, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	if (n < 0) {
		lb_warn(_("%s: write error"), op->out_path ? op->out_path : "<stdout>");
		return LB_EXIT_FAIL;
	}
	if (!op->quiet)
		lb_warn(_("%ld contact cards of children on the roster on %s"), n,
		        lb_date_format(op->asof, (char[16]){0}));
	return status;
}

/* The period: the month, a term of the calendar (--term) or a school year
 * (--year), from *from to *to; its name in mon (monsz bytes); the term's
 * or the year's name, or NULL for a month. */
static const char *
report_period(const struct opts *op, const struct lb_rules *rs, int *from, int *to, char *mon,
              size_t monsz)
{
	const char *period = NULL;
	int y, m, d;

	lb_date_to_ymd(op->month, &y, &m, &d);
	*from = op->month;
	*to = lb_date_from_ymd(y, m, lb_date_days_in_month(y, m));
	snprintf(mon, monsz, "%04d-%02d", y, m);
	if (op->term) {
		const struct lb_term *tm = NULL;
		struct lb_buf names = LB_BUF_INIT;
		for (size_t i = 0; i < rs->nterms; i++) {
			if (!strcmp(rs->terms[i].name, op->term))
				tm = &rs->terms[i];
			lb_buf_adds(&names, i ? ", " : "");
			lb_buf_adds(&names, rs->terms[i].name);
		}
		if (!tm)
			lb_usage_error(_("--term: '%s' is not a term of the calendar (%s)"), op->term,
			               lb_buf_str(&names));
		lb_buf_fini(&names);
		period = tm->name, *from = tm->start, *to = tm->end;
	} else if (op->year) {
		lb_date_to_ymd(op->year, &y, &m, &d);
		period = op->yname, *from = op->year, *to = lb_date_from_ymd(y + 1, 8, 31);
	}
	if (period)
		snprintf(mon, monsz, "%s", period);
	return period;
}

/* rep rendered (rr) to out_path (NULL or "-": standard output), through
 * a temporary that only a whole report replaces the file with; the status
 * after. */
static int
write_report(const struct lb_report *rep, const struct opts *op, const struct lb_rep_render *rr,
             const char *out_path, int status)
{
	struct lb_out *out = NULL;
	struct lb_err err;

	lb_err_clear(&err);
	if (lb_out_open(&out, out_path, &err) < 0) {
		lb_warn_err(&err);
		status = LB_EXIT_FAIL;
	} else {
		int wrc = lb_report_write(rep, lb_out_fp(out), op->fmt, rr);
		/* after a failed write, lb_out_commit says why and leaves no file;
		 * a workbook that could not be made wrote nothing: no file either */
		if (wrc < 0 && !ferror(lb_out_fp(out))) {
			lb_out_abort(out);
			lb_warn(_("%s: write error"), out_path ? out_path : "<stdout>");
			status = LB_EXIT_FAIL;
		} else if (lb_out_commit(out, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		} else if (wrc < 0) {
			lb_warn(_("%s: write error"), out_path ? out_path : "<stdout>");
			status = LB_EXIT_FAIL;
		}
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct opts op;
	int status = LB_EXIT_OK;
	struct lb_err err;
	struct lb_rules *rs = NULL;
	struct lb_table roster;
	struct lb_sched *s = NULL;
	struct lb_sched_opts so;
	struct lb_report_opts ro;
	struct lb_rep_render rr;
	struct lb_report *rep;
	struct lb_census *census = NULL;

	lb_cli_init(argc, argv);
	parse_args(argc, argv, &op);
	const char *rules_file = op.rules_file, *out_path = op.out_path;
	struct lb_strv logs = op.logs;
	int reveal = op.reveal, asof = op.asof, month = op.month;
	lb_err_clear(&err);
	if (lb_rules_open(&rs, op.profile, rules_file, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	if (op.census && lb_census_load(&census, op.census, &err) < 0) {
		lb_warn_err(&err);
		lb_rules_free(rs);
		return LB_EXIT_FAIL;
	}

	/* the roster (several files: each read in turn; a bad one is reported) */
	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	for (int i = optind; i < argc || (i == optind && optind == argc); i++) {
		struct lb_diags notes = {0};
		lb_err_clear(&err);
		if (lb_table_read(&roster, i < argc ? argv[i] : "-", &op.in, &notes, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
		lb_print_skipped(&notes, reveal);
		lb_diags_fini(&notes);
	}

	/* -f cards: one contact card per child active on --as-of; no schedule */
	if (op.fmt == LB_REP_CARDS) {
		status = write_cards(&op, &roster, status);
		lb_table_fini(&roster);
		lb_rules_free(rs);
		lb_strv_fini(&logs);
		return status;
	}

	/* the period: the month, a term of the calendar or a school year */
	int from, to;
	char mon[64];
	const char *period = report_period(&op, rs, &from, &to, mon, sizeof mon);

	/* the owed windows of the period; the log streams through them once */
	memset(&so, 0, sizeof so);
	so.asof = asof;
	so.from = from;
	so.to = to;
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
		lb_census_free(census);
		lb_strv_fini(&logs);
		return LB_EXIT_FAIL;
	}
	lb_sched_finish(s);

	memset(&ro, 0, sizeof ro);
	ro.month = month;
	ro.period = period;
	ro.from = from;
	ro.to = to;
	ro.asof = asof;
	ro.by = op.by;
	ro.census = census;
	rep = lb_report_build(s, &ro);

	memset(&rr, 0, sizeof rr);
	rr.zh = op.zh;
	rr.reveal = reveal;
	rr.profile = rs->profile;
	rr.rules_file = rules_file;
	rr.created = lb_xw_time_of_day(asof);
	status = write_report(rep, &op, &rr, out_path, status);
	/* A stale log (last year's file under cron) gives a report of zeros:
	 * never silently. (Without --log the user asked for no activities.) */
	if (status != LB_EXIT_FAIL && logs.n > 0 && lb_sched_nperiod(s) == 0) {
		lb_warn(_("%s: warning: the activity log has no record in this period: the report shows no work done"), mon);
		if (op.fail_on_empty)
			status = LB_EXIT_FINDINGS;
	}
	if (!op.quiet && status != LB_EXIT_FAIL) {
		lb_warn(_("%s: %ld children on the roster, %ld active; %zu overdue windows; %zu entries need attention"),
		        mon, rep->total.roster, rep->total.active, rep->nod, rep->natt);
	}

	lb_report_free(rep);
	lb_sched_free(s);
	lb_table_fini(&roster);
	lb_rules_free(rs);
	lb_census_free(census);
	lb_strv_fini(&logs);
	if (lb_fshut(stdout, "<stdout>"))
		status = LB_EXIT_FAIL;
	return status;
}
