/*
 * lb-query — a roster (and logs, attached files, the schedule, the findings)
 * → the answer to one question, as a table (lb-query(1)). The engine is
 * libcore/query.c on SQLite; this file holds the options and the order of
 * loading.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "cli.h"
#include "date.h"
#include "i18n.h"
#include "query.h"
#include "rules.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "writer.h"
#include "xlsxw.h"

enum { O_LOG = 256, O_ATTACH, O_ASOF, O_FROM, O_TO, O_MONTH, O_PROFILE, O_RULES, O_WHERE,
       O_COUNT, O_FIELDS, O_SORT, O_HEADER, O_DB, O_MEMORY, O_TIMEOUT, O_REVEAL };

static const struct option longopts[] = {
	{"log", required_argument, NULL, O_LOG},
	{"attach", required_argument, NULL, O_ATTACH},
	{"as-of", required_argument, NULL, O_ASOF},
	{"from", required_argument, NULL, O_FROM},
	{"to", required_argument, NULL, O_TO},
	{"month", required_argument, NULL, O_MONTH},
	{"profile", required_argument, NULL, O_PROFILE},
	{"rules", required_argument, NULL, O_RULES},
	{"where", required_argument, NULL, O_WHERE},
	{"count-by", required_argument, NULL, O_COUNT},
	{"fields", required_argument, NULL, O_FIELDS},
	{"sort", required_argument, NULL, O_SORT},
	{"sql", required_argument, NULL, 'e'},
	{"format", required_argument, NULL, 'f'},
	{"header", required_argument, NULL, O_HEADER},
	{"output", required_argument, NULL, 'o'},
	{"db", required_argument, NULL, O_DB},
	{"memory", required_argument, NULL, O_MEMORY},
	{"timeout", required_argument, NULL, O_TIMEOUT},
	{"reveal", no_argument, NULL, O_REVEAL},
	LB_CLI_SHEET_OPTION,
	LB_CLI_OPTIONS
};

static void
usage(void)
{
	printf(_("Usage: lb-query [OPTION]... [ROSTER]... [SQL]\n"
	         "Answer one question about a roster, as a table: with --where, --count-by,\n"
	         "--fields and --sort, or with one SQL statement (SQLite) over the tables\n"
	         "roster, activity, windows, findings and the attached ones. An argument\n"
	         "that starts with SELECT, WITH or VALUES and holds a space is the SQL;\n"
	         "-e gives it explicitly. With no ROSTER, read standard input.\n\n"
	         "  --where 'FIELD OP VALUE'  only these children (OP: = != < <= > >= ~);\n"
	         "                       repeat for AND; an empty VALUE means not filled\n"
	         "  --count-by F[,F]     the number of children per group, and a total\n"
	         "  --fields F[,F]       these columns (ids or Chinese labels)\n"
	         "  --sort F[,F]         in this order (-F: descending)\n"
	         "  -e, --sql SQL        the statement to run\n"
	         "  --log FILE           the activity log: table activity (repeatable)\n"
	         "  --attach NAME=FILE   another roster or log as table NAME (repeatable)\n"
	         "  --as-of DATE         today for ages and windows (default: today)\n"
	         "  --from DATE --to DATE, --month YYYY-MM\n"
	         "                       the period of table windows (default: the term)\n"
	         "  --profile NAME       built-in rules for windows (default linxia)\n"
	         "  --rules FILE         a rules file on top of the profile (lb-rules(5))\n"
	         "  -f, --format FMT     csv (default), md, yaml or xlsx\n"
	         "  --header id|zh       column names as field ids (default) or in Chinese\n"
	         "  -o, --output FILE    write to FILE (atomically)\n"
	         "  --db FILE            keep the loaded database in FILE; reuse it next time\n"
	         "  --memory SIZE        page cache before spilling to a temporary file\n"
	         "                       (default 1G; suffixes K, M, G)\n"
	         "  --timeout SECONDS    stop a statement that runs longer (default 600;\n"
	         "                       0: no limit)\n"
	         "  --reveal             show identity and phone numbers unmasked\n"
	         "  --sheet NAME|N       the sheet of a workbook (default: the first)\n"
	         "  --lang zh|en         the language of messages (default: the locale)\n"
	         "  -q, --quiet          no summary line\n"
	         "      --help           show this help\n"
	         "      --version        show the version\n\n"
	         "Exit status: 0 done, 2 a usage or SQL error or an input that cannot be read.\n"));
}

struct opts {
	struct lb_strv logs, attach, where;
	const char *count_by, *fields, *sort, *sql, *out, *db, *profile, *rules;
	int from, to, month_from, month_to, asof, asof_given;
	enum lb_qfmt fmt;
	int header_zh, reveal, quiet;
	long long memory;
	int timeout;
	struct lb_reader_opts in;    /* --sheet: of every roster, log and attached file */
};

static long long
parse_size(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);
	if (end == s || n <= 0)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': n <<= 10; end++; break;
	case 'M': n <<= 20; end++; break;
	case 'G': n <<= 30; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	return *end || n < (1 << 20) ? -1 : n;
}

/* An argument is SQL when it holds white space and its first word is a
 * statement keyword (a file name rarely does; -e for the rest). Writing
 * keywords count too, so that they are refused, not read as file names. */
static int
is_sql(const char *a)
{
	static const char *const kw[] = {
		"select", "with", "values", "explain", "attach", "detach", "pragma", "insert",
		"update", "delete", "replace", "create", "drop", "alter", "vacuum", "begin",
		"commit", "rollback", "reindex", "analyze", "savepoint", "release", "end"
	};
	while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '(')
		a++;
	size_t n = 0;
	while (isalpha((unsigned char)a[n]))
		n++;
	if (!n || !strpbrk(a, " \t\n"))
		return 0;
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (strlen(kw[i]) == n && !strncasecmp(a, kw[i], n))
			return 1;
	return 0;
}

/* A word of the statement (table names): case-insensitive, whole word. */
static int
mentions(const char *sql, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = sql; *p; p++)
		if (!strncasecmp(p, word, n) && (p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		    !(isalnum((unsigned char)p[n]) || p[n] == '_'))
			return 1;
	return 0;
}

static int
valid_name(const char *s, size_t n)
{
	static const char *const reserved[] = {"roster", "activity", "windows", "findings",
	                                       "lb_meta", "lb_sources"};
	if (!n || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	if (n >= 7 && !strncasecmp(s, "sqlite_", 7))
		return 0;
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strlen(reserved[i]) == n && !strncasecmp(s, reserved[i], n))
			return 0;
	return 1;
}

/* Load everything the question needs into q; 0 or LB_EXIT_FAIL. */
static int
load(struct lb_query *q, struct opts *o, char **inputs, size_t ninputs, int need_windows,
     int need_findings)
{
	struct lb_err err;
	struct lb_table roster;
	struct lb_diags notes = {0};
	struct lb_rules *rs = NULL;
	struct lb_sched *s = NULL;
	int st = 0;

	lb_table_init(&roster, LB_KIND_ROSTER, lb_schema_builtin(LB_KIND_ROSTER));
	struct lb_reader_opts ro = o->in;
	ro.kind = LB_KIND_ROSTER;
	for (size_t i = 0; i < ninputs; i++) {
		lb_err_clear(&err);
		lb_diags_clear(&notes);
		if (lb_table_read(&roster, inputs[i], &ro, &notes, &err) < 0) {
			lb_warn_err(&err);
			st = LB_EXIT_FAIL;
		}
		lb_print_skipped(&notes, o->reveal);
	}
	lb_diags_fini(&notes);
	if (st == 0 && need_windows) {
		lb_err_clear(&err);
		if (lb_rules_open(&rs, o->profile, o->rules, &err) < 0) {
			lb_warn_err(&err);
			st = LB_EXIT_FAIL;
		} else if (lb_cli_period(rs, o->asof, o->month_from, o->month_to, &o->from, &o->to) < 0) {
			st = LB_EXIT_FAIL;
		} else {
			struct lb_sched_opts so = {.asof = o->asof, .from = o->from, .to = o->to};
			if (lb_sched_new(&s, rs, &roster, &so, &err) < 0) {
				lb_warn_err(&err);
				st = LB_EXIT_FAIL;
			}
		}
	}
	lb_err_clear(&err);
	if (st == 0 && lb_query_load_table(q, "roster", &roster, &err) < 0) {
		lb_warn_err(&err);
		st = LB_EXIT_FAIL;
	}
	for (size_t i = 0; st == 0 && i < o->attach.n; i++) {
		char *eq = strchr(o->attach.v[i], '=');
		*eq = '\0';
		lb_err_clear(&err);
		if (lb_query_load_file(q, o->attach.v[i], eq + 1, &o->in, NULL, &err) < 0) {
			lb_warn_err(&err);
			st = LB_EXIT_FAIL;
		}
		*eq = '=';
	}
	/* the question known before the log: it loads only the columns the
	 * statement reads (the simple questions read the roster alone) */
	lb_err_clear(&err);
	if (st == 0 && lb_query_plan(q, o->sql ? o->sql : "SELECT 1 FROM roster", need_windows,
	                             need_findings, &err) < 0) {
		lb_warn_err(&err);
		st = LB_EXIT_FAIL;
	}
	for (size_t i = 0; st == 0 && i < o->logs.n; i++) {
		struct lb_reader_opts lo = o->in;
		lo.kind = LB_KIND_ACTIVITY;
		lb_err_clear(&err);
		if (lb_query_load_file(q, "activity", o->logs.v[i], &lo, s, &err) < 0) {
			lb_warn_err(&err);
			st = LB_EXIT_FAIL;
		}
	}
	if (st == 0 && s) {
		lb_sched_finish(s);
		lb_err_clear(&err);
		if (lb_query_load_windows(q, s, &err) < 0) {
			lb_warn_err(&err);
			st = LB_EXIT_FAIL;
		}
	}
	if (st == 0 && need_findings) {
		for (size_t i = 0; st == 0 && i < ninputs + o->logs.n; i++) {
			const char *p = i < ninputs ? inputs[i] : o->logs.v[i - ninputs];
			if (!strcmp(p, "-")) {
				lb_warn("%s", _("<stdin>: findings are not made of standard input: name the file"));
				continue;
			}
			lb_err_clear(&err);
			if (lb_query_load_findings(q, p, &o->in, i < ninputs ? NULL : &roster, &err) < 0) {
				lb_warn_err(&err);
				st = LB_EXIT_FAIL;
			}
		}
	}
	lb_err_clear(&err);
	if (st == 0 && lb_query_commit(q, &err) < 0) {
		lb_warn_err(&err);
		st = LB_EXIT_FAIL;
	}
	lb_sched_free(s);
	lb_rules_free(rs);
	lb_table_fini(&roster);
	return st;
}

/* The options into o, checked against each other; usage errors exit. */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	const char *asof_arg = NULL;
	memset(o, 0, sizeof *o);
	o->from = o->to = o->month_from = o->month_to = LB_NODATE;
	o->timeout = 600;
	int c;
	while ((c = getopt_long(argc, argv, "e:f:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case O_LOG: lb_strv_push(&o->logs, optarg); break;
		case O_ATTACH: {
			const char *eq = strchr(optarg, '=');
			if (!eq || !eq[1] || !valid_name(optarg, (size_t)(eq - optarg)))
				lb_usage_error(_("--attach: '%s' is not NAME=FILE (NAME: letters, digits, _; "
				                 "not roster, activity, windows or findings)"), optarg);
			for (size_t i = 0; i < o->attach.n; i++)
				if (!strncasecmp(o->attach.v[i], optarg, (size_t)(eq - optarg) + 1))
					lb_usage_error(_("--attach: the name of '%s' is given twice"), optarg);
			lb_strv_push(&o->attach, optarg);
			break;
		}
		case O_ASOF: asof_arg = optarg; o->asof_given = 1; break;
		case O_FROM:
		case O_TO: {
			int d = lb_date_parse_iso(optarg);
			if (d == LB_NODATE)
				lb_usage_error(_("%s: not a date (YYYY-MM-DD): '%s'"),
				               c == O_FROM ? "--from" : "--to", optarg);
			*(c == O_FROM ? &o->from : &o->to) = d;
			break;
		}
		case O_MONTH: lb_cli_month(optarg, &o->month_from, &o->month_to); break;
		case O_PROFILE: o->profile = optarg; break;
		case O_RULES: o->rules = optarg; break;
		case O_WHERE: lb_strv_push(&o->where, optarg); break;
		case O_COUNT: o->count_by = optarg; break;
		case O_FIELDS: o->fields = optarg; break;
		case O_SORT: o->sort = optarg; break;
		case 'e':
			if (o->sql)
				lb_usage_error("%s", _("only one SQL statement may be given"));
			o->sql = optarg;
			break;
		case 'f': {
			static const char *const fmts[] = {"csv", "md", "yaml", "xlsx", NULL};  /* lb_qfmt order */
			o->fmt = (enum lb_qfmt)lb_cli_choice("-f", optarg, fmts);
			break;
		}
		case O_HEADER: {
			static const char *const hdrs[] = {"id", "zh", NULL};
			o->header_zh = lb_cli_choice("--header", optarg, hdrs);
			break;
		}
		case 'o': o->out = optarg; break;
		case O_DB: o->db = optarg; break;
		case O_MEMORY:
			if ((o->memory = parse_size(optarg)) < 0)
				lb_usage_error(_("--memory: '%s' is not a size of at least 1M (e.g. 512M, 2G)"), optarg);
			break;
		case O_TIMEOUT: {
			char *end;
			long t = strtol(optarg, &end, 10);
			if (end == optarg || *end || t < 0 || t > 1000000)
				lb_usage_error(_("--timeout: '%s' is not a number of seconds"), optarg);
			o->timeout = (int)t;
			break;
		}
		case O_REVEAL: o->reveal = 1; break;
		case 'q': o->quiet = 1; break;
		default:
			if (!lb_cli_option(c, optarg, usage) && !lb_cli_sheet(c, optarg, &o->in))
				lb_try_help();
		}
	}
	o->asof = lb_cli_asof(asof_arg);
	if (o->month_from != LB_NODATE && (o->from != LB_NODATE || o->to != LB_NODATE))
		lb_usage_error("%s", _("--month and --from/--to exclude each other"));
	if ((o->from == LB_NODATE) != (o->to == LB_NODATE))
		lb_usage_error("%s", _("--from and --to go together"));
	if (o->from != LB_NODATE && o->from > o->to)
		lb_usage_error("%s", _("--from is after --to"));
}

int
main(int argc, char **argv)
{
	struct opts o;
	lb_cli_init(argc, argv);
	parse_args(argc, argv, &o);

	/* the positional arguments: rosters, and at most one statement */
	char **inputs = lb_xcalloc((size_t)argc + 1, sizeof *inputs);
	size_t ninputs = 0;
	for (int i = optind; i < argc; i++) {
		if (is_sql(argv[i])) {
			if (o.sql)
				lb_usage_error("%s", _("only one SQL statement may be given"));
			o.sql = argv[i];
		} else
			inputs[ninputs++] = argv[i];
	}
	/* before a county's load, as the other tools do */
	if (o.fmt == LB_QF_XLSX && lb_out_is_tty(o.out))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
	int simple = o.where.n || o.count_by || o.fields || o.sort;
	if (o.sql && simple)
		lb_usage_error("%s", _("--where, --count-by, --fields and --sort cannot be used with SQL"));
	if (o.count_by && o.fields)
		lb_usage_error("%s", _("--count-by and --fields exclude each other"));
	if (o.db && !strcmp(o.db, "-"))
		lb_usage_error("%s", _("--db needs a file name"));
	/* -o and --db: neither may be one of the inputs (nor -o the --db file) */
	const char *outs[2][2] = {{"-o", o.out}, {"--db", o.db}};
	for (size_t k = 0; k < 2; k++) {
		const char *opt = outs[k][0], *path = outs[k][1];
		if (!path)
			continue;
		lb_cli_guard_output(opt, path, inputs, ninputs);
		lb_cli_guard_output(opt, path, o.logs.v, o.logs.n);
		if (o.rules)
			lb_cli_guard_output(opt, path, (char *const *)&o.rules, 1);
		for (size_t i = 0; i < o.attach.n; i++) {
			char *f = strchr(o.attach.v[i], '=') + 1;
			lb_cli_guard_output(opt, path, &f, 1);
		}
	}
	if (o.db)
		lb_cli_guard_output("-o", o.out, (char *const *)&o.db, 1);

	struct lb_err err;
	lb_err_clear(&err);
	struct lb_query *q = NULL;
	struct lb_query_opts qo = {.db = o.db, .memory = o.memory, .asof = o.asof, .reveal = o.reveal,
	                          .timeout = o.timeout};
	struct lb_buf sql = LB_BUF_INIT;
	struct lb_strv params = LB_STRV_INIT;
	int reused, exitst = LB_EXIT_FAIL;
	if (lb_query_open(&q, &qo, &reused, &err) < 0) {
		lb_warn_err(&err);
		goto done;
	}
	if (reused) {
		const char *stale = lb_query_stale(q);
		int was = lb_query_loaded_asof(q);
		if (stale)
			lb_warn(_("%s: older than its source %s: remove it to load again"), o.db, stale);
		if (o.asof_given && was != LB_NODATE && was != o.asof) {
			char d[11];
			lb_warn(_("%s: ages and windows are as of %s, when it was written"), o.db,
			        lb_date_format(was, d));
		}
		if (o.logs.n || o.attach.n)
			lb_warn(_("%s: reused as it is: --log and --attach are not loaded again"), o.db);
		static const char *const made[] = {"windows", "findings"};
		for (size_t i = 0; i < 2; i++)
			if (o.sql && mentions(o.sql, made[i]) && !lb_query_has_table(q, made[i])) {
				lb_warn(_("%s: has no table %s: it is kept only when the question that "
				          "writes the file names it"), o.db, made[i]);
				goto done;
			}
	} else {
		static char *stdin_only[] = {"-", NULL};
		char **in = ninputs ? inputs : stdin_only;
		size_t nin = ninputs ? ninputs : 1;
		/* windows and findings cost a pass over the inputs (and, for a
		 * county, millions of rows): made when the statement names them */
		int nw = o.sql && mentions(o.sql, "windows");
		int nf = o.sql && mentions(o.sql, "findings");
		if (load(q, &o, in, nin, nw, nf)) {
			lb_warn("%s", _("no answer written: an input could not be read"));
			goto done;
		}
	}

	if (o.sql) {
		lb_buf_set(&sql, o.sql);
	} else if (lb_query_simple(q, (const char *const *)o.where.v, o.where.n, o.count_by,
	                           o.fields, o.sort, &sql, &params, &err) < 0) {
		lb_warn("%s", err.msg);
		goto done;
	}

	struct lb_out *out;
	if (lb_out_open(&out, o.out, &err) < 0) {
		lb_warn_err(&err);
		goto done;
	}
	struct lb_query_out qout = {o.fmt, o.header_zh, o.count_by != NULL, lb_xw_time_of_day(o.asof)};
	long rows = lb_query_run(q, lb_buf_str(&sql), &params, &qout, lb_out_fp(out), &err);
	if (rows < 0) {
		lb_out_abort(out);
		if (rows == LB_EOUTPUT)
			lb_warn(_("%s: write error"), o.out ? o.out : "<stdout>");
		else
			lb_warn("%s", err.msg);
	} else if (lb_out_commit(out, &err) < 0) {
		lb_warn_err(&err);
	} else {
		exitst = LB_EXIT_OK;
		if (!o.quiet)
			lb_warn(dngettext("lb", "%ld row", "%ld rows", (unsigned long)rows), rows);
	}
done:
	lb_buf_fini(&sql);
	lb_strv_fini(&params);
	lb_query_close(q);
	lb_strv_fini(&o.logs);
	lb_strv_fini(&o.attach);
	lb_strv_fini(&o.where);
	free(inputs);
	if (lb_fshut(stdout, "<stdout>"))
		exitst = LB_EXIT_FAIL;
	return exitst;
}
