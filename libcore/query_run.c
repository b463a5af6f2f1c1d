/* query_run.c — one checked read-only statement run (see query.h): the
 * authorizer, a time limit, every cell masked, the rows written as CSV,
 * Markdown, YAML or .xlsx. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "check.h"
#include "date.h"
#include "i18n.h"
#include "mask.h"
#include "query.h"
#include "query_impl.h"
#include "value.h"
#include "writer.h"

static int
isdigit_c(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- running a statement ---------------------------------------------------- */

static int
authorize(void *ud, int action, const char *a, const char *b, const char *db, const char *trig)
{
	static const char *const pragmas[] = {
		"table_info", "table_xinfo", "table_list", "index_list", "index_info",
		"index_xinfo", "foreign_key_list", "function_list", "collation_list"
	};
	struct lb_query *q = ud;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		if (b && (!strcasecmp(b, "load_extension") || !strcasecmp(b, "fts3_tokenizer") ||
		          !strcasecmp(b, "readfile") || !strcasecmp(b, "writefile") ||
		          !strcasecmp(b, "edit"))) {
			q->deny = N_("this function is not allowed in lb-query");
			return SQLITE_DENY;
		}
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		for (size_t i = 0; a && i < sizeof pragmas / sizeof pragmas[0]; i++)
			if (!strcasecmp(a, pragmas[i]))
				return SQLITE_OK;
		q->deny = N_("PRAGMA is not allowed in lb-query");
		return SQLITE_DENY;
	case SQLITE_UPDATE:
		/* the pragma table-valued functions (pragma_table_info) ask
		 * this of sqlite_master while they are prepared; a statement
		 * that writes is refused as not read-only, and defensive mode
		 * keeps sqlite_master from writes */
		if (a && !strcmp(a, "sqlite_master"))
			return SQLITE_OK;
		q->deny = N_("only reading statements (SELECT, WITH, VALUES) are allowed");
		return SQLITE_DENY;
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		q->deny = N_("ATTACH and DETACH are not allowed in lb-query: use --attach NAME=FILE");
		return SQLITE_DENY;
	default:
		q->deny = N_("only reading statements (SELECT, WITH, VALUES) are allowed");
		return SQLITE_DENY;
	}
}

/* "message: statement" on one line (white space folded, numbers masked). */
static int
stmt_error(struct lb_query *q, const char *msg, const char *sql, struct lb_err *err)
{
	struct lb_buf flat = LB_BUF_INIT, m = LB_BUF_INIT;
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == ' ') {
			space = flat.len > 0;
			continue;
		}
		if (space)
			lb_buf_addc(&flat, ' ');
		space = 0;
		lb_buf_addc(&flat, *p);
	}
	lb_mask_text(lb_buf_str(&flat), q->reveal, &m);
	int rc = lb_err_set(err, LB_EUSAGE, "", 0, "%s: %s", msg, lb_buf_str(&m));
	lb_buf_fini(&flat);
	lb_buf_fini(&m);
	return rc;
}

/* Only white space and comments after the statement? */
static int
only_one(sqlite3 *db, const char *tail)
{
	while (tail && *tail) {
		sqlite3_stmt *s = NULL;
		const char *next = NULL;
		if (sqlite3_prepare_v2(db, tail, -1, &s, &next) != SQLITE_OK)
			return 0;   /* more text that is not even a statement */
		if (s) {
			sqlite3_finalize(s);
			return 0;
		}
		if (next == tail)
			break;
		tail = next;
	}
	return 1;
}

static const char *
header_name(const char *col, int zh)
{
	if (!zh)
		return col;
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
	int fi = lb_schema_field(s, col);
	if (fi >= 0)
		return s->f[fi].zh;
	s = lb_schema_builtin(LB_KIND_ACTIVITY);
	if ((fi = lb_schema_field(s, col)) >= 0)
		return s->f[fi].zh;
	for (size_t i = 0; i < NCOMPUTED; i++)
		if (!strcmp(col, lb_q_computed[i]))
			return lb_q_computed_zh[i];
	if (!strcmp(col, "count"))
		return "人数";
	return col;
}

/* A Markdown table cell: | escaped, line breaks as spaces. */
static void
md_cell(FILE *fp, const char *s)
{
	fputs("| ", fp);
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
	fputc(' ', fp);
}

/* A mask must not be undone by the same output: the birth dates inside the
 * identity numbers of a row (its raw cells) are cut to year and month
 * wherever the row's masked cells show them (2009-05-01 → 2009-05,
 * 20090501 → 200905). */
static void
hide_births(const char *const *raw, size_t n, struct lb_buf *masked)
{
	char births[8][9];
	size_t nb = 0;
	for (size_t i = 0; i < n; i++)
		for (const char *p = raw[i]; p && *p && nb < 8; p++) {
			if (!isdigit_c(*p) || (p > raw[i] && isdigit_c(p[-1])))
				continue;
			size_t run = strspn(p, "0123456789");
			if ((run == 18 || (run == 17 && (p[17] == 'X' || p[17] == 'x'))) &&
			    !isdigit_c(p[18])) {
				memcpy(births[nb], p + 6, 8);
				births[nb++][8] = '\0';
			}
			p += run - 1;
		}
	for (size_t b = 0; b < nb; b++) {
		char iso[11];
		snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", births[b], births[b] + 4, births[b] + 6);
		for (size_t i = 0; i < n; i++) {
			char *c = masked[i].s;
			for (char *f; c && (f = strstr(c, iso)); c = f + 7)
				memmove(f + 7, f + 10, strlen(f + 10) + 1);
			c = masked[i].s;
			for (char *f; c && (f = strstr(c, births[b])); c = f + 6)
				if ((f == masked[i].s || !isdigit_c(f[-1])) && !isdigit_c(f[8]))
					memmove(f + 6, f + 8, strlen(f + 8) + 1);
			if (masked[i].s)
				masked[i].len = strlen(masked[i].s);
		}
	}
}

struct sink {
	enum lb_qfmt fmt;
	FILE *fp;
	struct lb_tw *tw;        /* csv, yaml, xlsx */
	size_t n;
	long long created;       /* xlsx */
	int header_zh;           /* xlsx: the sheet's name */
};

static void
sink_header(struct sink *k, const char *const *names, size_t n)
{
	k->n = n;
	if (k->fmt == LB_QF_MD) {
		for (size_t i = 0; i < n; i++)
			md_cell(k->fp, names[i]);
		fputs("|\n", k->fp);
		for (size_t i = 0; i < n; i++)
			fputs("|---", k->fp);
		fputs("|\n", k->fp);
	} else if (k->fmt == LB_QF_XLSX) {
		struct lb_tw_opts to = {0};
		to.created = k->created;
		to.sheet = k->header_zh ? "查询结果" : "query";
		k->tw = lb_tw_new_opt(k->fp, LB_FMT_XLSX, names, n, &to);
	} else {
		k->tw = lb_tw_new(k->fp, k->fmt == LB_QF_YAML ? LB_FMT_YAML : LB_FMT_CSV, names, n);
	}
}

static int
sink_row(struct sink *k, const char *const *cells)
{
	if (k->fmt != LB_QF_MD)
		return lb_tw_row(k->tw, cells);
	for (size_t i = 0; i < k->n; i++)
		md_cell(k->fp, cells[i]);
	fputs("|\n", k->fp);
	return ferror(k->fp) ? LB_EOUTPUT : 0;
}

static int
sink_end(struct sink *k)
{
	if (k->tw)
		return lb_tw_end(k->tw);
	return ferror(k->fp) ? LB_EOUTPUT : 0;
}

static double
now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Every few thousand steps of the statement: past the deadline, interrupt. */
static int
progress(void *ud)
{
	struct lb_query *q = ud;
	return now_mono() > q->deadline;
}

/* An error of a running statement: the timeout in words, else SQLite's. */
static int
run_error(struct lb_query *q, const char *sql, struct lb_err *err)
{
	if (sqlite3_errcode(q->db) == SQLITE_INTERRUPT && q->timeout > 0) {
		struct lb_buf m = LB_BUF_INIT;
		lb_buf_printf(&m, dngettext("lb", "the statement ran longer than %d second (--timeout)",
		                            "the statement ran longer than %d seconds (--timeout)",
		                            (unsigned long)q->timeout), q->timeout);
		int rc = stmt_error(q, lb_buf_str(&m), sql, err);
		lb_buf_fini(&m);
		return rc;
	}
	return stmt_error(q, sqlite3_errmsg(q->db), sql, err);
}

long
lb_query_run(struct lb_query *q, const char *sql, const struct lb_strv *params,
             const struct lb_query_out *o, FILE *fp, struct lb_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;

	q->deny = NULL;
	sqlite3_set_authorizer(q->db, authorize, q);
	int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, &tail);
	if (rc == SQLITE_OK && st && !only_one(q->db, tail)) {
		sqlite3_finalize(st);
		sqlite3_set_authorizer(q->db, NULL, NULL);
		return stmt_error(q, _("only one statement is allowed"), sql, err);
	}
	sqlite3_set_authorizer(q->db, NULL, NULL);
	if (rc != SQLITE_OK) {
		const char *m = q->deny ? _(q->deny) : sqlite3_errmsg(q->db);
		return stmt_error(q, m, sql, err);
	}
	if (!st)
		return stmt_error(q, _("no statement"), sql, err);
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		return stmt_error(q, _("only reading statements (SELECT, WITH, VALUES) are allowed"), sql, err);
	}
	for (size_t i = 0; params && i < params->n; i++)
		sqlite3_bind_text(st, (int)i + 1, params->v[i], -1, SQLITE_STATIC);
	if (q->timeout > 0) {
		q->deadline = now_mono() + q->timeout;
		sqlite3_progress_handler(q->db, 10000, progress, q);
	}

	size_t n = (size_t)sqlite3_column_count(st);
	const char **names = lb_xcalloc(n ? n : 1, sizeof *names);
	const char **cells = lb_xcalloc(n ? n : 1, sizeof *cells);
	const char **raw = lb_xcalloc(n ? n : 1, sizeof *raw);
	struct lb_buf *masked = lb_xcalloc(n ? n : 1, sizeof *masked);
	struct lb_buf *hnames = lb_xcalloc(n ? n : 1, sizeof *hnames);
	/* a birth date column shows its month only (2010-02-**), as every
	 * masked output does: its day narrows the masked identity number */
	const struct lb_schema *rsch = lb_schema_builtin(LB_KIND_ROSTER);
	int bfi = lb_schema_field(rsch, "birth_date");
	const struct lb_field *bf = bfi >= 0 ? &rsch->f[bfi] : NULL;
	char *isbirth = lb_xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		const char *c = sqlite3_column_name(st, (int)i);
		isbirth[i] = c && bf && (!strcmp(c, "birth_date") || !strcmp(c, bf->zh));
	}
	for (size_t i = 0; i < n; i++) {
		/* a column's name is its expression's text when it has no alias:
		 * masked like a cell (a number typed in the statement) */
		const char *c = sqlite3_column_name(st, (int)i);
		lb_mask_text(header_name(c ? c : "", o->header_zh), q->reveal, &hnames[i]);
		names[i] = lb_buf_str(&hnames[i]);
	}
	/* the first step before the header: an error found at once (most
	 * are) leaves the output empty */
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		run_error(q, sql, err);
		sqlite3_finalize(st);
		free(masked);
		free(names);
		free(cells);
		free(raw);
		free(isbirth);
		for (size_t i = 0; i < n; i++)
			lb_buf_fini(&hnames[i]);
		free(hnames);
		return LB_EUSAGE;
	}
	struct sink k = {o->fmt, fp, NULL, 0, o->created, o->header_zh};
	sink_header(&k, names, n);
	long rows = 0;
	long long total = 0;
	int werr = 0;
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		for (size_t i = 0; i < n; i++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)i);
			lb_buf_clear(&masked[i]);
			if (isbirth[i])
				lb_mask_value(bf, v ? v : "", q->reveal, &masked[i]);
			else
				lb_mask_text(v ? v : "", q->reveal, &masked[i]);
			raw[i] = v;
		}
		if (!q->reveal)
			hide_births(raw, n, masked);
		for (size_t i = 0; i < n; i++)
			cells[i] = lb_buf_str(&masked[i]);
		if (o->total && n)
			total += sqlite3_column_int64(st, (int)n - 1);
		if (sink_row(&k, cells) < 0)
			werr = 1;
		rows++;
	}
	if (rc != SQLITE_DONE) {
		run_error(q, sql, err);
		rows = LB_EUSAGE;
	} else if (o->total && n) {
		char num[32];
		for (size_t i = 0; i < n; i++)
			cells[i] = "";
		cells[0] = o->header_zh ? "合计" : "total";
		snprintf(num, sizeof num, "%lld", total);
		cells[n - 1] = num;
		if (sink_row(&k, cells) < 0)
			werr = 1;
	}
	if (sink_end(&k) < 0)
		werr = 1;
	if (werr && rows >= 0)
		rows = lb_err_set(err, LB_EOUTPUT, "", 0, "%s", _("write error"));
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++) {
		lb_buf_fini(&masked[i]);
		lb_buf_fini(&hnames[i]);
	}
	free(masked);
	free(hnames);
	free(names);
	free(cells);
	free(raw);
	free(isbirth);
	return rows;
}
