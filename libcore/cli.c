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
#include "util.h"

const char *lb_progname = "lb";

void
lb_cli_init(int argc, char **argv)
{
	const char *p = strrchr(argv[0], '/');
	lb_progname = p ? p + 1 : argv[0];
	argv[0] = (char *)lb_progname;
	lb_cli_lang(argc, argv);
	lb_i18n_init();
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
	if (strcmp(arg, "zh") && strcmp(arg, "en"))
		lb_usage_error(_("--lang: '%s' is not zh or en"), arg);
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
	struct lb_buf m = LB_BUF_INIT, q = LB_BUF_INIT, f = LB_BUF_INIT, h = LB_BUF_INIT;

	lb_mask_text(d->msg, reveal, &m);   /* translated when it was made */
	lb_quote_ctrl(lb_buf_str(&m), &q);  /* a value cannot forge a line */
	lb_quote_ctrl(d->file, &f);
	lb_quote_ctrl(d->field, &h);
	if (d->line > 0)
		fprintf(fp, "%s:%ld: ", lb_buf_str(&f), d->line);
	else
		fprintf(fp, "%s: ", lb_buf_str(&f));
	if (d->field[0])
		fprintf(fp, "%s: ", lb_buf_str(&h));
	if (lb_use_colour(fp) && d->level != LB_NOTE)
		fprintf(fp, "\033[%sm%s\033[0m: %s", d->level == LB_ERROR ? "1;31" : "1;35",
		        lb_level_word(d->level), lb_buf_str(&q));
	else
		fprintf(fp, "%s: %s", lb_level_word(d->level), lb_buf_str(&q));
	if (d->code[0])
		fprintf(fp, " [%s]", d->code);
	fputc('\n', fp);
	lb_buf_fini(&m);
	lb_buf_fini(&q);
	lb_buf_fini(&f);
	lb_buf_fini(&h);
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
