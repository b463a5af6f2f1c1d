/* cli.c — the front-end half shared by cmd/: messages, exits, checked closes. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"
#include "mask.h"
#include "par.h"
#include "reader.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

const char *lb_progname = "lb";

void
lb_cli_init(int argc, char **argv)
{
	const char *p = strrchr(argv[0], '/');
	lb_progname = p ? p + 1 : argv[0];
	argv[0] = (char *)lb_progname;
	lb_cli_lang(argc, argv);
	lb_i18n_init();
	/* Chinese asked for and no catalogue: say so, once (lb runs lb-X
	 * with this set, so the pair warns once too). */
	if (lb_i18n_missing() && !getenv("LB_NO_CATALOGUE_SAID")) {
		lb_warn(_("%s: no Chinese message catalogue (zh_CN/LC_MESSAGES/lb.mo) here: messages stay English"),
		        lb_i18n_dir());
		setenv("LB_NO_CATALOGUE_SAID", "1", 1);
	}
}

void
lb_cli_lang(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (!strcmp(argv[i], "--"))
			break;
		if (!strncmp(argv[i], "--lang=", 7))
			v = argv[i] + 7;
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			v = argv[++i];
		if (v && (!strcmp(v, "zh") || !strcmp(v, "en")))
			setenv("LANGUAGE", !strcmp(v, "zh") ? "zh_CN" : "en", 1);
	}
}

void
lb_cli_lang_arg(const char *arg)
{
	static const char *const langs[] = {"zh", "en", NULL};
	lb_cli_choice("--lang", arg, langs);
}

int
lb_cli_option(int c, const char *arg, void (*usage)(void))
{
	switch (c) {
	case LB_OPT_LANG:
		lb_cli_lang_arg(arg);
		return 1;
	case 'h':
		usage();
		exit(lb_fshut(stdout, "<stdout>"));
	case 'V':
		lb_print_version();
		exit(lb_fshut(stdout, "<stdout>"));
	}
	return 0;
}

int
lb_cli_sheet(int c, const char *arg, struct lb_reader_opts *ro)
{
	if (c != LB_OPT_SHEET)
		return 0;
	ro->sheet = arg;
	return 1;
}

int
lb_cli_mode(int c, const char *arg)
{
	unsigned long m;
	char *end;

	if (c != LB_OPT_MODE)
		return 0;
	errno = 0;
	m = strtoul(arg, &end, 8);
	if (!*arg || *end || errno || m > 0777 || arg[0] == '-' || arg[0] == '+')
		lb_usage_error(_("--mode: '%s' is not an octal mode from 0 to 0777 (such as 0640)"), arg);
	lb_out_set_data_mode((unsigned)m);
	return 1;
}

void
lb_cli_mode_help(void)
{
	fputs(_("\n  --mode MODE   new data files get MODE (octal; default 0600, owner only);\n"
	        "                a replaced file keeps its own mode\n"), stdout);
}

int
lb_cli_choice(const char *opt, const char *arg, const char *const *names)
{
	struct lb_buf list = LB_BUF_INIT;
	size_t n = 0;

	for (; names[n]; n++)
		if (!strcmp(arg, names[n]))
			return (int)n;
	for (size_t i = 0; i < n; i++) {
		if (i)
			/* TRANSLATORS: between the words of a list of choices: "a, b or c" */
			lb_buf_adds(&list, i + 1 < n ? _(", ") : _(" or "));
		lb_buf_adds(&list, names[i]);
	}
	lb_usage_error(_("%s: '%s' is not %s"), opt, arg, lb_buf_str(&list));
}

int
lb_cli_threads(const char *arg, int spare)
{
	if (arg) {
		char *end;
		long n = strtol(arg, &end, 10);
		if (*arg == '\0' || *end || n < 1 || n > 256)
			lb_usage_error(_("--threads: '%s' is not a number from 1 to 256"), arg);
		return (int)n;
	}
	const char *env = getenv("LB_THREADS");
	int n = lb_par_threads_default();
	if (n < 0)
		lb_usage_error(_("LB_THREADS: '%s' is not a number from 1 to 256"), env);
	if (!(env && *env))
		n = n > spare ? n - spare : 1;
	return n;
}

void
lb_cli_month(const char *arg, int *first, int *last)
{
	int d = lb_date_parse_month(arg), y, m, dd;
	if (d == LB_NODATE)
		lb_usage_error(_("--month: '%s' is not a month (YYYY-MM)"), arg);
	*first = d;
	if (last) {
		lb_date_to_ymd(d, &y, &m, &dd);
		*last = d + lb_date_days_in_month(y, m) - 1;
	}
}

int
lb_cli_period(const struct lb_rules *rs, int asof, int month_from, int month_to,
              int *from, int *to)
{
	if (month_from != LB_NODATE) {
		*from = month_from;
		*to = month_to;
	} else if (*from == LB_NODATE) {
		const struct lb_term *t = lb_rules_term_at(rs, asof);
		if (!t)
			t = lb_rules_term_next(rs, asof);
		if (!t) {
			char d[11];
			lb_warn(_("the calendar has no term on or after %s: give --from/--to, --month, "
			          "or a calendar in --rules"), lb_date_format(asof, d));
			return -1;
		}
		*from = t->start;
		*to = t->end;
	}
	return 0;
}

void
lb_cli_guard_output(const char *opt, const char *path, char *const *inputs, size_t n)
{
	if (path && strcmp(path, "-") && lb_same_file(path, inputs, n))
		lb_usage_error(_("%s: the output file (%s) is one of the inputs"), path, opt);
}

/* Print "PROG: message" with the control characters of the message quoted
 * (a file name or a value holding ESC or a newline). */
static void
vwarn(const char *fmt, va_list ap)
{
	struct lb_buf q = LB_BUF_INIT;
	char small[512], *m = small;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small) {
		m = lb_xmalloc((size_t)n + 1);
		vsnprintf(m, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	lb_quote_ctrl(n < 0 ? fmt : m, &q);
	fprintf(stderr, "%s: %s\n", lb_progname, lb_buf_str(&q));
	lb_buf_fini(&q);
	if (m != small)
		free(m);
}

void
lb_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
lb_warn_err(const struct lb_err *e)
{
	struct lb_buf m = LB_BUF_INIT;

	/* Messages about data may quote a value: never show numbers unmasked. */
	lb_mask_text(e->msg, 0, &m);
	if (e->file[0] && e->line > 0 && e->field[0])
		lb_warn("%s:%ld: %s: %s", e->file, e->line, e->field, lb_buf_str(&m));
	else if (e->file[0] && e->line > 0)
		lb_warn("%s:%ld: %s", e->file, e->line, lb_buf_str(&m));
	else if (e->file[0])
		lb_warn("%s: %s", e->file, lb_buf_str(&m));
	else
		lb_warn("%s", lb_buf_str(&m));
	lb_buf_fini(&m);
}

void
lb_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	lb_try_help();
}

void
lb_try_help(void)
{
	fprintf(stderr, _("Try '%s --help' for more information.\n"), lb_progname);
	exit(LB_EXIT_FAIL);
}

void
lb_print_version(void)
{
	printf("%s (lb) %s\n", lb_progname, LB_VERSION);
}

int
lb_cli_asof(const char *arg)
{
	int d;

	if (!arg)
		return lb_date_today();
	d = lb_date_parse_iso(arg);
	if (d == LB_NODATE)
		lb_usage_error(_("--as-of: '%s' is not a date (YYYY-MM-DD)"), arg);
	return d;
}

void
lb_diag_print(FILE *fp, const struct lb_diag *d, int reveal)
{
	/* One line built in a buffer kept from call to call and written at
	 * once; whether fp takes colour is asked once per stream. A tool
	 * prints findings by the thousand. */
	static struct lb_buf m, t;
	static FILE *colour_fp;
	static int colour;

	if (fp != colour_fp) {
		colour_fp = fp;
		colour = lb_use_colour(fp);
	}
	lb_buf_clear(&m);
	lb_quote_ctrl(d->file, &m);
	if (d->line > 0) {
		char num[24];
		int k = (int)sizeof num;
		unsigned long v = (unsigned long)d->line;
		do
			num[--k] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		lb_buf_addc(&m, ':');
		lb_buf_add(&m, num + k, sizeof num - (size_t)k);
	}
	lb_buf_add(&m, ": ", 2);
	if (d->field[0]) {
		lb_quote_ctrl(d->field, &m);
		lb_buf_add(&m, ": ", 2);
	}
	if (colour && d->level != LB_NOTE) {
		lb_buf_adds(&m, d->level == LB_ERROR ? "\033[1;31m" : "\033[1;35m");
		lb_buf_adds(&m, lb_level_word(d->level));
		lb_buf_adds(&m, "\033[0m");
	} else {
		lb_buf_adds(&m, lb_level_word(d->level));
	}
	lb_buf_add(&m, ": ", 2);
	lb_buf_clear(&t);
	lb_mask_text(d->msg, reveal, &t);   /* translated when it was made */
	lb_quote_ctrl(lb_buf_str(&t), &m);  /* a value cannot forge a line */
	if (d->code[0]) {
		lb_buf_add(&m, " [", 2);
		lb_buf_adds(&m, d->code);
		lb_buf_addc(&m, ']');
	}
	lb_buf_addc(&m, '\n');
	fwrite(m.s, 1, m.len, fp);
}

void
lb_print_skipped(const struct lb_diags *notes, int reveal)
{
	for (size_t i = 0; i < notes->n; i++)
		if (!strcmp(notes->v[i].code, "repeated-header") ||
		    !strcmp(notes->v[i].code, "title-row") || !strcmp(notes->v[i].code, "footer"))
			lb_diag_print(stderr, &notes->v[i], reveal);
}

int
lb_fshut(FILE *fp, const char *name)
{
	int bad = 0, sys = 0;

	if (fflush(fp) != 0) {
		bad = 1;
		sys = errno;
	}
	if (ferror(fp) && !bad) {
		bad = 1;
		sys = EIO;
	}
	if (fp != stdin && fp != stdout && fp != stderr) {
		if (fclose(fp) != 0 && !bad) {
			bad = 1;
			sys = errno;
		}
	}
	if (bad) {
		lb_warn(_("%s: write error: %s"), name, strerror(sys));
		return LB_EXIT_FAIL;
	}
	return 0;
}

int
lb_use_colour(FILE *fp)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	if (nc && *nc)
		return 0;
	if (!term || strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(fp));
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define LB_PROGRESS_MIN (4ull << 20)   /* inputs smaller than 4 MB show none */

void
lb_progress_begin(struct lb_progress *p, const char *path, int quiet)
{
	struct stat st;

	memset(p, 0, sizeof *p);
	if (quiet || !isatty(STDERR_FILENO))
		return;
	if (path && strcmp(path, "-") != 0) {
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    (unsigned long long)st.st_size < LB_PROGRESS_MIN)
			return;
		p->total = (unsigned long long)st.st_size;
	} else if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size < LB_PROGRESS_MIN)
			return;
		p->total = (unsigned long long)st.st_size;
	}
	/* a pipe of unknown size: show progress, it may be large */
	p->on = 1;
	p->start = p->last = now();
}

void
lb_progress_update(struct lb_progress *p, unsigned long long bytes, unsigned long long records)
{
	double t;

	if (!p->on)
		return;
	t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	double mb = (double)bytes / 1e6, rate = mb / (t - p->start > 0 ? t - p->start : 1);
	fputc('\r', stderr);
	if (p->total)
		fprintf(stderr, _("%s: %.0f/%.0f MB (%.0f%%), %llu records, %.1f MB/s"),
		        lb_progname, mb, (double)p->total / 1e6, 100.0 * (double)bytes / (double)p->total,
		        records, rate);
	else
		fprintf(stderr, _("%s: %.0f MB, %llu records, %.1f MB/s"),
		        lb_progname, mb, records, rate);
	fputs("\033[K", stderr);
	fflush(stderr);
}

void
lb_progress_end(struct lb_progress *p)
{
	if (p->on && p->last > p->start)
		fputs("\r\033[K", stderr);
	p->on = 0;
}
