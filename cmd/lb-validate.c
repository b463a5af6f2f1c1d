/*
 * lb-validate — every wrong, missing or inconsistent value of a roster or an
 * activity log, with file, line and field (lb-validate(1)). The checks
 * live in libcore/check.c; this file holds the options and the loop.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "cli.h"
#include "date.h"
#include "i18n.h"
#include "mask.h"
#include "par.h"
#include "reader.h"
#include "table.h"
#include "util.h"
#include "writer.h"
#include "xlsxw.h"

enum { OPT_PASS = 256, OPT_ROSTER, OPT_ASOF, OPT_MAXMENTOR, OPT_SCHEMA, OPT_REVEAL,
       OPT_KIND, OPT_ENCODING, OPT_MAP, OPT_WITH, OPT_SPLIT, OPT_HEADER, OPT_EXCEL,
       OPT_THREADS, OPT_PROFILE, OPT_RULES };

static const struct option longopts[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"pass", no_argument, NULL, OPT_PASS},
	{"roster", required_argument, NULL, OPT_ROSTER},
	{"as-of", required_argument, NULL, OPT_ASOF},
	{"max-per-mentor", required_argument, NULL, OPT_MAXMENTOR},
	{"schema", required_argument, NULL, OPT_SCHEMA},
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"rules", required_argument, NULL, OPT_RULES},
	{"kind", required_argument, NULL, OPT_KIND},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"map", required_argument, NULL, OPT_MAP},
	{"reveal", no_argument, NULL, OPT_REVEAL},
	{"with", required_argument, NULL, OPT_WITH},
	{"split-by", required_argument, NULL, OPT_SPLIT},
	{"directory", required_argument, NULL, 'd'},
	{"header", required_argument, NULL, OPT_HEADER},
	{"excel", no_argument, NULL, OPT_EXCEL},
	LB_CLI_SHEET_OPTION,
	LB_CLI_MODE_OPTION,
	{"threads", required_argument, NULL, OPT_THREADS},
	LB_CLI_OPTIONS
};

static void
usage(void)
{
	printf(_("Usage: %s [OPTION]... [FILE]...\n"
	         "Report every wrong, missing or inconsistent value of a roster or an\n"
	         "activity log as FILE:LINE: FIELD: error|warning: message [code].\n"
	         "With no FILE, or when FILE is -, read standard input.\n\n"), lb_progname);
	printf(_("  -f, --format=line|csv|yaml|xlsx\n"
	         "                              findings as lines (default) or as data\n"
	         "      --with=FIELD,...        add these record fields to each finding (data)\n"
	         "      --split-by=FIELD        one findings file per value of FIELD, in -d DIR\n"
	         "  -d, --directory=DIR         where --split-by writes (created if missing)\n"
	         "      --header=id|zh          column headings and field names: ids or Chinese\n"
	         "      --excel                 CSV for Excel and WPS: UTF-8 BOM and CRLF\n"
	         "  -o, --output=FILE           write FILE atomically instead of standard output\n"
	         "      --pass                  filter: records without errors to standard output,\n"
	         "                              byte for byte; findings to standard error\n"
	         "      --roster=FILE           check an activity log against this roster\n"
	         "      --as-of=YYYY-MM-DD      today, for ages and dates in the future\n"
	         "      --max-per-mentor=N      children a mentor may have at one school\n"
	         "                              (default: the profile's mentor_limit, else 7)\n"
	         "      --profile=NAME          built-in rules: their mentor_limit, and a warning\n"
	         "                              for each child whose duties nobody is named for\n"
	         "      --rules=FILE            a rules file on top of the profile (lb-rules(5))\n"
	         "      --schema=FILE           replace the built-in field tables\n"
	         "      --kind=roster|activity  the kind of file (default: from the header)\n"
	         "      --encoding=ENC          auto, utf-8 or gb18030 (default auto)\n"
	         "      --sheet=NAME|N          the sheet of a workbook (default: the first)\n"
	         "      --map='HEADER=field'    map a header text to a field id\n"
	         "      --reveal                show identity and phone numbers unmasked\n"
	         "      --threads=N             check in N threads (default: LB_THREADS,\n"
	         "                              else the number of processors)\n"
	         "      --lang=zh|en            the language of messages\n"
	         "  -q, --quiet                 no summary line\n"
	         "  -h, --help                  show this help and exit\n"
	         "  -V, --version               show the version and exit\n\n"
	         "Exit status: 0 no error-level finding, 1 error-level findings,\n"
	         "2 a usage error or an input that cannot be read.\n"
	         "See lb-validate(1) for every finding code.\n"));	lb_cli_mode_help();
}

struct opts {
	enum lb_format fmt;       /* LB_FMT_AUTO: the line form */
	int pass, reveal, quiet;
	int threads;              /* 1: the records are checked on the main thread */
	struct lb_check_opts ck;
	struct lb_reader_opts ro;
	const char *roster;
	struct lb_strv with;      /* --with: record fields added to each finding */
	const char *split, *dir;  /* --split-by FIELD -d DIR */
	int zh, excel;
	struct lb_tw_opts to;
	const char *asof, *out_path;          /* --as-of, -o */
	const char *schema_path, *profile, *rules_path;
	struct lb_strv maps;                  /* --map */
};

/* Totals and per-code counts for the summary line. */
struct tally {
	unsigned long records, bad_records, errors, warnings;
	struct lb_strv codes;
	unsigned long *counts;
	size_t capcounts;
};

static void
tally_code(struct tally *t, const struct lb_diag *d)
{
	if (d->level == LB_ERROR)
		t->errors++;
	else if (d->level == LB_WARNING)
		t->warnings++;
	else
		return;
	for (size_t i = 0; i < t->codes.n; i++)
		if (!strcmp(t->codes.v[i], d->code)) {
			t->counts[i]++;
			return;
		}
	lb_strv_push(&t->codes, d->code);
	t->counts = lb_xgrow(t->counts, &t->capcounts, t->codes.n, sizeof *t->counts);
	t->counts[t->codes.n - 1] = 1;
}

static void
tally_fini(struct tally *t)
{
	lb_strv_fini(&t->codes);
	free(t->counts);
	memset(t, 0, sizeof *t);
}

static void
summary(const char *name, struct tally *t)
{
	struct lb_buf b = LB_BUF_INIT;
	size_t shown = 0;
	int used[3] = {-1, -1, -1};

	lb_buf_printf(&b, _("%lu records, %lu with errors; %lu errors, %lu warnings"),
	              t->records, t->bad_records, t->errors, t->warnings);
	/* the three most frequent codes, ties in first-seen order */
	for (; shown < 3 && shown < t->codes.n; shown++) {
		int best = -1;
		for (size_t i = 0; i < t->codes.n; i++) {
			if ((int)i == used[0] || (int)i == used[1] || (int)i == used[2])
				continue;
			if (best < 0 || t->counts[i] > t->counts[best])
				best = (int)i;
		}
		used[shown] = best;
		lb_buf_printf(&b, "%s %s %lu", shown ? "," : _("; most frequent:"),
		              t->codes.v[best], t->counts[best]);
	}
	lb_warn("%s: %s", name, lb_buf_str(&b));
	lb_buf_fini(&b);
}

/* Findings as data. */
static struct lb_tw *tw;
/* Where the product goes: standard output, or the -o file. */
static FILE *outfp;

/* The columns of findings as data: the seven, then --with's. */
static const char **dcols;
static size_t ndcols;

/* --with / --split-by: the wanted values of each record of the file being
 * read, by line (findings about an earlier record, such as duplicates, come
 * at the end). want[k] is the canonical column of the k-th wanted field
 * (the --with fields, then the --split-by field), or -1. */
struct recv {
	long line;
	char **v;
};
static struct recv *recs;
static size_t nrecs, caprecs, nwant;
static long *want;

static const char *const *
rec_values(long line)
{
	size_t lo = 0, hi = nrecs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (recs[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nrecs && recs[lo].line == line ? (const char *const *)recs[lo].v : NULL;
}

/* The wanted values of the record at line (values v): copies, in dst. */
static void
want_copy(const char *const *v, char **dst)
{
	for (size_t k = 0; k < nwant; k++)
		dst[k] = lb_xstrdup(want[k] >= 0 ? v[want[k]] : "");
}

/* Keep the wanted values of the record at line (records come in input
 * order); takes dst (nwant copies from want_copy). */
static void
want_keep(long line, char **dst)
{
	recs = lb_xgrow(recs, &caprecs, nrecs + 1, sizeof *recs);
	recs[nrecs].line = line;
	recs[nrecs].v = dst;
	nrecs++;
}

static void
recs_clear(void)
{
	for (size_t i = 0; i < nrecs; i++) {
		for (size_t k = 0; k < nwant; k++)
			free(recs[i].v[k]);
		free(recs[i].v);
	}
	nrecs = 0;
}

/* --split-by: one output per value, committed together at the end. */
struct sink {
	char *key;
	struct lb_out *out;
	struct lb_tw *tw;
};
static struct sink *sinks;
static size_t nsinks, capsinks;
static int sink_failed;

static struct lb_tw *
sink_for(const struct opts *o, const char *key)
{
	struct lb_buf path = LB_BUF_INIT;
	struct lb_err err;
	struct sink *k;
	for (size_t i = 0; i < nsinks; i++)
		if (!strcmp(sinks[i].key, key))
			return sinks[i].tw;
	if (sink_failed)
		return NULL;
	lb_buf_adds(&path, o->dir);
	if (path.len && path.s[path.len - 1] != '/')
		lb_buf_addc(&path, '/');
	char *name = lb_file_name_safe(*key ? key : _("(empty)"));
	lb_buf_adds(&path, name);
	free(name);
	lb_buf_adds(&path, o->fmt == LB_FMT_XLSX ? ".xlsx" : o->fmt == LB_FMT_YAML ? ".yaml" : ".csv");
	sinks = lb_xgrow(sinks, &capsinks, nsinks + 1, sizeof *sinks);
	k = &sinks[nsinks];
	memset(k, 0, sizeof *k);
	lb_err_clear(&err);
	/* findings quote values: data files (0600, or the mode kept), on the
	 * rules of -o (a regular file or a new name) */
	if (lb_out_open_data(&k->out, lb_buf_str(&path), &err) < 0) {
		lb_warn_err(&err);
		sink_failed = 1;
		lb_buf_fini(&path);
		return NULL;
	}
	k->key = lb_xstrdup(key);
	k->tw = lb_tw_open_opt(k->out, o->fmt, dcols, ndcols, &o->to);
	lb_tw_person(k->tw);   /* findings are read by a person */
	nsinks++;
	lb_buf_fini(&path);
	return k->tw;
}

/* Commit (ok) or remove every --split-by output: all are finished first,
 * then all committed, or all removed when one failed (they commit together
 * or not at all). 0, or 2 when one failed. */
static int
sinks_end(int ok)
{
	int st = 0;
	for (size_t i = 0; i < nsinks; i++)
		if (lb_tw_end(sinks[i].tw) < 0) {
			if (!ferror(lb_out_fp(sinks[i].out)))   /* a workbook not made */
				lb_warn(_("%s: write error"), lb_out_name(sinks[i].out));
			ok = 0, st = LB_EXIT_FAIL;
		}
	for (size_t i = 0; i < nsinks && ok; i++) {
		struct lb_err err;
		lb_err_clear(&err);
		if (lb_out_finish(sinks[i].out, &err) < 0) {
			lb_warn_err(&err);
			ok = 0, st = LB_EXIT_FAIL;
		}
	}
	for (size_t i = 0; i < nsinks; i++) {
		struct lb_err err;
		lb_err_clear(&err);
		if (!ok) {
			lb_out_abort(sinks[i].out);
		} else if (lb_out_commit(sinks[i].out, &err) < 0) {
			lb_warn_err(&err);
			st = LB_EXIT_FAIL;
		}
		free(sinks[i].key);
	}
	free(sinks);
	return st;
}

/* --header zh: the field ids in a message as their Chinese labels, for the
 * person who fixes the record ("guardian_phone（监护人电话）为必填项" →
 * "监护人电话为必填项"; "不是 health 的可选值" → "不是 健康状况 的可选值"). */
static void
zh_message(const struct lb_schema *s, const char *msg, struct lb_buf *out)
{
	const char *p = msg;
	lb_buf_clear(out);
	while (*p) {
		size_t n = 0, best = 0;
		int fi = -1;
		if ((*p >= 'a' && *p <= 'z') && (p == msg || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '_' ||
		                                               (p[-1] >= '0' && p[-1] <= '9')))) {
			while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' || (p[n] >= '0' && p[n] <= '9'))
				n++;
			for (size_t i = 0; i < s->n; i++)
				if (strlen(s->f[i].id) == n && !strncmp(s->f[i].id, p, n))
					fi = (int)i, best = n;
		}
		if (fi < 0) {
			lb_buf_addc(out, *p++);
			continue;
		}
		lb_buf_adds(out, s->f[fi].zh);
		p += best;
		/* the label that followed the id in brackets is said already */
		{
			const char *zh = s->f[fi].zh;
			size_t zl = strlen(zh);
			static const char *const open[] = {" (", "(", "（"}, *const close[] = {")", ")", "）"};
			for (int k = 0; k < 3; k++) {
				size_t ol = strlen(open[k]), cl = strlen(close[k]);
				if (!strncmp(p, open[k], ol) && !strncmp(p + ol, zh, zl) &&
				    !strncmp(p + ol + zl, close[k], cl)) {
					p += ol + zl + cl;
					break;
				}
			}
		}
	}
}

/* The Chinese label of a field id (or of source), else the id. */
static const char *
zh_label(const struct lb_schema *s, const char *id)
{
	int fi = lb_schema_field(s, id);
	if (fi >= 0)
		return s->f[fi].zh;
	if (!strcmp(id, "source"))
		return "来源";
	return id;
}

static int
emit(const struct opts *o, const struct lb_schema *s, const struct lb_diag *d)
{
	if (o->pass || o->fmt == LB_FMT_AUTO) {
		lb_diag_print(o->pass ? stderr : outfp, d, o->reveal);
		return 0;
	}
	static struct lb_buf msg, value;   /* kept from finding to finding */
	char line[32] = "";
	int fi = lb_schema_field(s, d->field);

	lb_buf_clear(&msg);
	lb_buf_clear(&value);
	if (d->line > 0)
		snprintf(line, sizeof line, "%ld", d->line);
	if (o->zh) {
		struct lb_buf t = LB_BUF_INIT;
		zh_message(s, d->msg, &t);
		lb_mask_text(lb_buf_str(&t), o->reveal, &msg);
		lb_buf_fini(&t);
	} else {
		lb_mask_text(d->msg, o->reveal, &msg);
	}
	if (fi >= 0)
		lb_mask_value(&s->f[fi], d->value, o->reveal, &value);
	else
		lb_mask_text(d->value, o->reveal, &value);
	const char **cells = lb_xcalloc(ndcols, sizeof *cells);
	const char *const *rv = nwant ? rec_values(d->line) : NULL;
	struct lb_tw *to = tw;
	cells[0] = d->file;
	cells[1] = line;
	cells[2] = o->zh && d->field[0] ? zh_label(s, d->field) : d->field;
	cells[3] = lb_level_word(d->level);
	cells[4] = d->code;
	cells[5] = lb_buf_str(&msg);
	cells[6] = lb_buf_str(&value);
	for (size_t k = 0; k < o->with.n; k++)
		cells[7 + k] = rv ? rv[k] : "";
	if (o->split)
		to = sink_for(o, rv ? rv[nwant - 1] : "");
	int rc = to ? lb_tw_row(to, cells) : LB_EOUTPUT;
	free(cells);
	return rc;
}

/* Print and count the findings from index from; clear them. */
static void
flush(const struct opts *o, const struct lb_schema *s, struct lb_diags *d, struct tally *t)
{
	for (size_t i = 0; i < d->n; i++) {
		tally_code(t, &d->v[i]);
		emit(o, s, &d->v[i]);
	}
	lb_diags_clear(d);
}

/* The roster that an activity log is checked against: child_id and archived_on. */
struct rchild {
	char *id;
	int archived;
};
static struct rchild *rkids;
static size_t nrkids, caprkids;
static int roster_loaded;

static int
load_roster(const struct opts *o, const char *path)
{
	struct lb_reader_opts ro = o->ro;
	struct lb_reader *r = NULL;
	struct lb_record rec;
	struct lb_err err;
	struct lb_strv extras = LB_STRV_INIT;
	int rc;

	if (roster_loaded)
		return roster_loaded > 0 ? 0 : -1;
	ro.kind = LB_KIND_ROSTER;
	ro.keep_raw = 0;
	lb_err_clear(&err);
	if (lb_reader_open(&r, path, &ro, &err) < 0) {
		lb_warn_err(&err);
		roster_loaded = -1;
		return -1;
	}
	const struct lb_schema *s = lb_reader_schema(r);
	struct lb_norm *nm = lb_norm_new(r, &extras);
	int ci = LB_FI(s, LB_R_CHILD_ID), ai = LB_FI(s, LB_R_ARCHIVED_ON);
	while ((rc = lb_reader_next(r, &rec, &err)) > 0) {
		const char **v;
		lb_norm_record(nm, &rec, 1, &v, NULL);
		if (!v[ci][0])
			continue;
		rkids = lb_xgrow(rkids, &caprkids, nrkids + 1, sizeof *rkids);
		rkids[nrkids].id = lb_xstrdup(v[ci]);
		rkids[nrkids++].archived = lb_date_parse_iso(v[ai]);
	}
	lb_diags_clear(lb_reader_notes(r));
	lb_norm_free(nm);
	lb_reader_close(r);
	lb_strv_fini(&extras);
	if (rc < 0) {
		lb_warn_err(&err);
		roster_loaded = -1;
		return -1;
	}
	roster_loaded = 1;
	return 0;
}

/* lb_check_expect's hint, so the tables of the checks across records are
 * made large enough at once: when RECS_GUESS records of a regular CSV file
 * have been read, the records its size holds at their bytes so far, and
 * 5% more (never more than a record every 64 bytes: a file whose first
 * records are unusually short must not make the tables larger than it). */
#define RECS_GUESS 16384
static unsigned long long in_size;   /* the file's size, 0: not a regular file */

static void
expect(struct lb_check *ck, struct lb_reader *r, unsigned long nread)
{
	unsigned long long used = lb_reader_bytes(r);
	if (!in_size || nread < RECS_GUESS || !used || lb_reader_format(r) != LB_FMT_CSV)
		return;
	double n = (double)in_size / (double)used * (double)nread * 1.05;
	if (n > (double)(in_size / 64))   /* odd first records: at most a record */
		n = (double)(in_size / 64);   /* every 64 bytes, tables < file size */
	lb_check_expect(ck, (size_t)n);
	in_size = 0;   /* once */
}

/* ---- checking in several threads ----
 * The main thread reads records and copies them into batches; the pool
 * normalises and checks each batch's records alone (lb_check_values, a
 * check context per thread); the main thread takes the batches back in
 * input order and, record by record, runs the checks across records
 * (lb_check_across), prints, counts and passes records through, exactly
 * as the one-thread loop does. */

struct batch {
	struct lb_batch b;          /* the records, copied */
	/* the pool's part */
	struct lb_diags d;          /* findings, record after record */
	size_t *d_end, capd;        /* per record: the end of its findings in d */
	struct lb_check_keys *keys;
	char ***want;               /* --with, --split-by: per record, nwant copies */
	size_t capwant;
};

struct worker {
	struct lb_check *ck;
	struct lb_norm *nm;
	struct lb_strv extras;
};

static void
batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->want && i < b->b.n; i++)
		if (b->want[i]) {   /* not taken: none, once a batch is finished */
			for (size_t k = 0; k < nwant; k++)
				free(b->want[i][k]);
			free(b->want[i]);
		}
	free(b->want);
	lb_batch_fini(&b->b);
	free(b->d_end);
	lb_diags_fini(&b->d);
	lb_check_keys_free(b->keys);
	free(b);
}

/* The pool's part: normalise and check each record alone. */
static void
work(void *w_, void *b_)
{
	struct worker *w = w_;
	struct batch *b = b_;

	lb_diags_clear(&b->d);
	lb_check_keys_clear(b->keys);
	b->d_end = lb_xgrow(b->d_end, &b->capd, b->b.n, sizeof *b->d_end);
	if (nwant)
		b->want = lb_xgrow(b->want, &b->capwant, b->b.n, sizeof *b->want);
	for (size_t i = 0; i < b->b.n; i++) {
		const struct lb_record *rec = &b->b.rec[i];
		const char **v;
		lb_norm_record(w->nm, rec, 0, &v, NULL);
		if (nwant) {   /* taken by the main thread (want_keep) */
			b->want[i] = lb_xcalloc(nwant, sizeof *b->want[i]);
			want_copy(v, b->want[i]);
		}
		lb_check_cells(w->ck, rec->line, rec->n, &b->d);
		lb_check_values(w->ck, rec->line, v, &b->d, b->keys);
		b->d_end[i] = b->d.n;
	}
}

/* The main thread's part, in input order: as the one-thread loop. */
static void
finish_batch(const struct opts *o, const struct lb_schema *s, const char *name,
             struct lb_check *ck, struct batch *b, struct lb_diags *d, struct tally *t)
{
	size_t d0 = 0, n0 = 0;

	for (size_t i = 0; i < b->b.n; i++) {
		size_t at = lb_check_keys_at(b->keys, i);
		t->records++;
		if (nwant) {
			want_keep(b->b.rec[i].line, b->want[i]);
			b->want[i] = NULL;
		}
		int nerr = lb_check_across(ck, b->keys, i, d);
		if (nerr)
			t->bad_records++;
		else if (o->pass && b->b.rec[i].raw)
			fwrite(b->b.rec[i].raw, 1, b->b.rec[i].rawlen, outfp);
		for (size_t k = d0; k < at; k++) {
			tally_code(t, &b->d.v[k]);
			emit(o, s, &b->d.v[k]);
		}
		flush(o, s, d, t);
		for (size_t k = at; k < b->d_end[i]; k++) {
			tally_code(t, &b->d.v[k]);
			emit(o, s, &b->d.v[k]);
		}
		for (size_t k = n0; k < b->b.notes_end[i]; k++) {
			const struct lb_diag *x = &b->b.notes.v[k];
			if (x->level >= LB_WARNING)
				lb_diags_add(d, name, x->line, x->field, x->level, x->code, x->value,
				             "%s", x->msg);
		}
		flush(o, s, d, t);
		d0 = b->d_end[i];
		n0 = b->b.notes_end[i];
	}
}

/* Read, check and print the records of r in o->threads threads. Returns
 * what lb_reader_next last returned; -2 (nothing read) when no thread
 * could be started. */
static int
validate_threads(const struct opts *o, struct lb_reader *r, struct lb_check *ck,
                 struct lb_diags *d, struct tally *t, struct lb_err *err)
{
	const struct lb_schema *s = lb_reader_schema(r);
	const char *name = lb_reader_name(r);
	size_t nthr = (size_t)o->threads, depth = 2 * nthr + 2;
	struct worker *wk = lb_xcalloc(nthr, sizeof *wk);
	void **wp = lb_xcalloc(nthr, sizeof *wp);
	struct batch **free_b = lb_xcalloc(depth + 1, sizeof *free_b);
	size_t nfree = 0;
	unsigned long nread = 0;
	int rc = 1;

	for (size_t i = 0; i < nthr; i++) {
		wk[i].ck = lb_check_worker(ck);
		wk[i].nm = lb_norm_new(r, &wk[i].extras);
		wp[i] = &wk[i];
	}
	struct lb_par *p = lb_par_new(nthr, depth, work, wp);
	if (!p) {
		rc = -2;
		goto out;
	}
	while (rc > 0) {
		struct batch *b = nfree ? free_b[--nfree] : NULL;
		if (!b) {
			b = lb_xcalloc(1, sizeof *b);
			b->keys = lb_check_keys_new();
		}
		rc = lb_batch_read(&b->b, r, err);
		nread += b->b.n;
		expect(ck, r, nread);
		if (!b->b.n) {
			free_b[nfree++] = b;
			break;
		}
		if (lb_par_pending(p) == depth) {
			struct batch *done = lb_par_get(p, 1);
			finish_batch(o, s, name, ck, done, d, t);
			free_b[nfree++] = done;
		}
		lb_par_put(p, b);
		struct batch *done;
		while ((done = lb_par_get(p, 0))) {
			finish_batch(o, s, name, ck, done, d, t);
			free_b[nfree++] = done;
		}
	}
	struct batch *done;
	while ((done = lb_par_get(p, 1))) {
		finish_batch(o, s, name, ck, done, d, t);
		free_b[nfree++] = done;
	}
	lb_par_free(p);
out:
	for (size_t i = 0; i < nfree; i++)
		batch_free(free_b[i]);
	for (size_t i = 0; i < nthr; i++) {
		lb_norm_free(wk[i].nm);
		lb_strv_fini(&wk[i].extras);
		lb_check_free(wk[i].ck);
	}
	free(free_b);
	free(wp);
	free(wk);
	return rc;
}

/* Validate one file. Returns the exit status it calls for. */
static int
validate(const struct opts *o, const char *path)
{
	struct lb_reader_opts ro = o->ro;
	struct lb_reader *r = NULL;
	struct lb_record rec;
	struct lb_err err;
	struct lb_diags d = {0};
	struct lb_strv extras = LB_STRV_INIT;
	struct tally t = {0};
	int rc, status = LB_EXIT_OK;

	ro.keep_raw = o->pass;
	lb_err_clear(&err);
	struct stat st;
	in_size = path && strcmp(path, "-") && !stat(path, &st) && S_ISREG(st.st_mode)
	          ? (unsigned long long)st.st_size : 0;
	if (lb_reader_open(&r, path, &ro, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	const struct lb_schema *s = lb_reader_schema(r);
	const char *name = lb_reader_name(r);
	struct lb_check *ck = lb_check_new(s, name, &o->ck);

	if (lb_reader_kind(r) == LB_KIND_ACTIVITY && o->roster) {
		if (load_roster(o, o->roster) < 0) {
			lb_check_free(ck);
			lb_reader_close(r);
			return LB_EXIT_FAIL;
		}
		for (size_t i = 0; i < nrkids; i++)
			lb_check_roster_add(ck, rkids[i].id, rkids[i].archived);
	}
	if (o->pass) {
		size_t len;
		const char *h = lb_reader_header_raw(r, &len);
		if (h && len)
			fwrite(h, 1, len, outfp);
	}

	/* the header */
	size_t ncols = lb_reader_ncols(r);
	const char **names = lb_xcalloc(ncols ? ncols : 1, sizeof *names);
	int *fields = lb_xcalloc(ncols ? ncols : 1, sizeof *fields);
	for (size_t i = 0; i < ncols; i++) {
		names[i] = lb_reader_colname(r, i);
		fields[i] = lb_reader_colfield(r, i);
	}
	lb_check_header(ck, lb_reader_header_line(r), ncols, names, fields, &d);
	free(names);
	free(fields);
	/* what the reader noticed (title rows, footers, a repeated header) */
	struct lb_diags *notes = lb_reader_notes(r);
	for (size_t i = 0; i < notes->n; i++)
		if (notes->v[i].level >= LB_WARNING && strcmp(notes->v[i].code, "unknown-column"))
			lb_diags_add(&d, name, notes->v[i].line, notes->v[i].field, notes->v[i].level,
			             notes->v[i].code, notes->v[i].value, "%s", notes->v[i].msg);
	lb_diags_clear(notes);
	flush(o, s, &d, &t);

	struct lb_norm *nm = lb_norm_new(r, &extras);
	if (nwant) {   /* where the wanted fields are in this file's layout */
		for (size_t k = 0; k < nwant; k++) {
			const char *f = k < o->with.n ? o->with.v[k] : o->split;
			int fi = lb_schema_field(s, f);
			if (fi < 0)
				fi = lb_schema_match_header(s, f);
			want[k] = fi;
			for (size_t j = 0; fi < 0 && j < extras.n; j++)
				if (!strcmp(extras.v[j], f))
					want[k] = (long)(s->n + j);
		}
	}
	rc = o->threads > 1 ? validate_threads(o, r, ck, &d, &t, &err) : -2;
	int here = rc == -2;   /* one thread, or no thread could start */
	while (here && (rc = lb_reader_next(r, &rec, &err)) > 0) {
		const char **v;
		t.records++;
		expect(ck, r, t.records);
		lb_norm_record(nm, &rec, 0, &v, NULL);
		if (nwant) {
			char **w = lb_xcalloc(nwant, sizeof *w);
			want_copy(v, w);
			want_keep(rec.line, w);
		}
		lb_check_cells(ck, rec.line, rec.n, &d);
		int nerr = lb_check_record(ck, rec.line, v, &d);
		if (nerr)
			t.bad_records++;
		else if (o->pass && rec.raw)
			fwrite(rec.raw, 1, rec.rawlen, outfp);
		notes = lb_reader_notes(r);
		for (size_t i = 0; i < notes->n; i++)
			if (notes->v[i].level >= LB_WARNING)
				lb_diags_add(&d, name, notes->v[i].line, notes->v[i].field,
				             notes->v[i].level, notes->v[i].code, notes->v[i].value,
				             "%s", notes->v[i].msg);
		lb_diags_clear(notes);
		flush(o, s, &d, &t);
	}
	if (rc < 0) {
		lb_warn_err(&err);
		status = LB_EXIT_FAIL;
	}
	t.bad_records += lb_check_finish(ck, &d);
	flush(o, s, &d, &t);
	if (t.errors && status == LB_EXIT_OK)
		status = LB_EXIT_FINDINGS;
	if (!o->quiet)
		summary(name, &t);

	tally_fini(&t);
	recs_clear();
	lb_diags_fini(&d);
	lb_norm_free(nm);
	lb_strv_fini(&extras);
	lb_check_free(ck);
	lb_reader_close(r);
	return status;
}

static const char *const formats[] = {"line", "csv", "yaml", "xlsx", NULL};
static const char *const headers[] = {"id", "zh", NULL};
static const char *const kinds[] = {"roster", "activity", NULL};

/* The options into o, checked (usage errors exit). */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof *o);
	while ((c = getopt_long(argc, argv, "f:o:d:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out_path = optarg; break;
		case 'f': {
			static const enum lb_format f[] = {LB_FMT_AUTO, LB_FMT_CSV, LB_FMT_YAML, LB_FMT_XLSX};
			o->fmt = f[lb_cli_choice("-f", optarg, formats)];
			break;
		}
		case OPT_PASS: o->pass = 1; break;
		case OPT_ROSTER: o->roster = optarg; break;
		case OPT_ASOF: o->asof = optarg; break;
		case OPT_MAXMENTOR: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || n < 1 || n > 100000)
				lb_usage_error(_("--max-per-mentor: '%s' is not a number from 1 to 100000"), optarg);
			o->ck.max_per_mentor = (int)n;
			break;
		}
		case OPT_SCHEMA: o->schema_path = optarg; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case OPT_RULES: o->rules_path = optarg; break;
		case OPT_KIND:
			o->ro.kind = lb_cli_choice("--kind", optarg, kinds) ? LB_KIND_ACTIVITY : LB_KIND_ROSTER;
			break;
		case OPT_ENCODING: o->ro.encoding = optarg; break;
		case OPT_MAP: lb_strv_push(&o->maps, optarg); break;
		case OPT_REVEAL: o->reveal = 1; break;
		case OPT_WITH: {
			char *t = lb_xstrdup(optarg), *save = NULL;
			for (char *f = strtok_r(t, ",", &save); f; f = strtok_r(NULL, ",", &save))
				lb_strv_push(&o->with, f);
			free(t);
			break;
		}
		case OPT_SPLIT: o->split = optarg; break;
		case 'd': o->dir = optarg; break;
		case OPT_HEADER: o->zh = lb_cli_choice("--header", optarg, headers); break;
		case OPT_EXCEL: o->excel = 1; break;
		case OPT_THREADS: o->threads = lb_cli_threads(optarg, 0); break;
		case 'q': o->quiet = 1; break;
		default:
			if (!lb_cli_option(c, optarg, usage) && !lb_cli_sheet(c, optarg, &o->ro) &&
			    !lb_cli_mode(c, optarg))
				lb_try_help();
		}
	}
	if (!o->threads)
		o->threads = lb_cli_threads(NULL, 0);
	o->ck.asof = lb_cli_asof(o->asof);
	o->ck.pass = o->pass;
	o->ck.reveal = o->reveal;
	if (o->pass && argc - optind > 1)
		lb_usage_error(_("--pass filters one file; give one FILE or standard input"));
	if (o->pass && o->fmt != LB_FMT_AUTO)
		lb_usage_error(_("--pass writes records to standard output: -f cannot be used with it"));
	if (o->excel && o->fmt == LB_FMT_AUTO)
		o->fmt = LB_FMT_CSV;
	if (o->excel && o->fmt != LB_FMT_CSV)
		lb_usage_error(_("--excel: only with CSV output"));
	if ((o->with.n || o->split || o->zh) && o->fmt == LB_FMT_AUTO)
		o->fmt = LB_FMT_CSV;   /* --with, --split-by and --header give findings as data */
	if (o->pass && (o->with.n || o->split))
		lb_usage_error(_("--pass writes records to standard output: --with and --split-by cannot be used with it"));
	if (!o->split != !o->dir)
		lb_usage_error(_("--split-by and -d go together"));
	if (o->split && o->out_path)
		lb_usage_error(_("--split-by writes to -d DIR: -o cannot be used with it"));
	if (o->fmt == LB_FMT_XLSX && !o->split && lb_out_is_tty(o->out_path))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
}

/* --profile and --rules (the rules whose performers a roster must name),
 * --schema: loaded into *rs and *schema; -1 when one cannot be (said). */
static int
load_rules_schema(struct opts *o, struct lb_rules **rs, struct lb_schema **schema)
{
	if (o->profile || o->rules_path) {
		struct lb_err err;
		lb_err_clear(&err);
		if (lb_rules_open(rs, o->profile, o->rules_path, &err) < 0) {
			lb_warn_err(&err);
			return -1;
		}
		o->ck.rules = *rs;
		if (!o->ck.max_per_mentor)
			o->ck.max_per_mentor = (*rs)->mentor_limit;
	}
	if (o->schema_path) {
		struct lb_err err;
		lb_err_clear(&err);
		if (lb_schema_load(schema, o->schema_path, &err) < 0) {
			lb_warn_err(&err);
			return -1;
		}
		if ((*schema)->kind == LB_KIND_ACTIVITY)
			o->ro.activity = *schema;
		else
			o->ro.roster = *schema;
	}
	return 0;
}

/* Findings as data (-f, --with, --split-by, --header): the columns, the
 * record fields wanted, and the table writer (to out, else outfp) unless
 * --split-by writes one per value. */
static void
data_columns(struct opts *o, struct lb_out *out)
{
	if (o->fmt != LB_FMT_AUTO) {   /* findings as data: the header even when there are none */
		static const char *const cols[] = {"file", "line", "field", "level", "code",
		                                   "message", "value"};
		static const char *const zcols[] = {"文件", "行号", "字段", "级别", "代码", "说明", "值"};
		const struct lb_schema *rsch = o->ro.roster ? o->ro.roster : lb_schema_builtin(LB_KIND_ROSTER);
		ndcols = 7 + o->with.n;
		dcols = lb_xcalloc(ndcols, sizeof *dcols);
		for (size_t i = 0; i < 7; i++)
			dcols[i] = o->zh ? zcols[i] : cols[i];
		for (size_t k = 0; k < o->with.n; k++)
			dcols[7 + k] = o->zh ? zh_label(rsch, o->with.v[k]) : o->with.v[k];
		nwant = o->with.n + (o->split ? 1 : 0);
		want = lb_xcalloc(nwant ? nwant : 1, sizeof *want);
		if (!o->split)
			tw = out ? lb_tw_open_opt(out, o->fmt, dcols, ndcols, &o->to)
			         : lb_tw_new_opt(outfp, o->fmt, dcols, ndcols, &o->to);
		if (tw)
			lb_tw_person(tw);   /* findings are read by a person */
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct lb_schema *schema = NULL;
	struct lb_rules *rs = NULL;
	struct lb_out *out = NULL;
	int status = LB_EXIT_OK;

	lb_cli_init(argc, argv);
	parse_args(argc, argv, &o);
	if (o.dir && mkdir(o.dir, 0777) < 0 && errno != EEXIST) {
		lb_warn(_("%s: cannot create the folder: %s"), o.dir, strerror(errno));
		return LB_EXIT_FAIL;
	}
	o.to.excel = o.excel;
	o.to.created = lb_xw_time_of_day(o.ck.asof);
	o.to.sheet = o.zh ? "问题清单" : "findings";
	if (load_rules_schema(&o, &rs, &schema) < 0)
		return LB_EXIT_FAIL;
	outfp = stdout;
	if (o.out_path && strcmp(o.out_path, "-") != 0) {
		struct lb_err err;
		char *named[3] = {(char *)o.roster, (char *)o.schema_path, NULL};
		size_t nnamed = 0;
		for (size_t i = 0; i < 2; i++)
			if (named[i])
				named[nnamed++] = named[i];
		lb_cli_guard_output("-o", o.out_path, argv + optind, (size_t)(argc - optind));
		lb_cli_guard_output("-o", o.out_path, named, nnamed);
		lb_err_clear(&err);
		if (lb_out_open_data(&out, o.out_path, &err) < 0) {
			lb_warn_err(&err);
			return LB_EXIT_FAIL;
		}
		outfp = lb_out_fp(out);
	}
	data_columns(&o, out);
	o.ro.maps = (const char *const *)o.maps.v;
	o.ro.nmaps = o.maps.n;

	if (optind == argc) {
		status = validate(&o, "-");
	} else {
		for (int i = optind; i < argc; i++) {
			int st = validate(&o, argv[i]);
			if (st > status)
				status = st;
		}
	}
	if (tw && lb_tw_end(tw) < 0) {
		/* a workbook not made (the stream itself fine: nothing else would
		 * say so): say so, leave no file */
		if (!ferror(outfp))
			lb_warn(_("%s: write error"), out ? lb_out_name(out) : "<stdout>");
		status = LB_EXIT_FAIL;
	}
	if (o.split) {
		int st = sinks_end(status != LB_EXIT_FAIL && !sink_failed);
		if (sink_failed || st > status)
			status = LB_EXIT_FAIL;
	}
	if (out && status == LB_EXIT_FAIL) {
		lb_out_abort(out);   /* an input failed: the old file stays */
	} else if (out) {
		struct lb_err err;
		lb_err_clear(&err);
		if (lb_out_commit(out, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
	}
	for (size_t i = 0; i < nrkids; i++)
		free(rkids[i].id);
	free(rkids);
	lb_strv_fini(&o.maps);
	lb_strv_fini(&o.with);
	free(recs);
	free(want);
	free(dcols);
	lb_schema_free(schema);
	lb_rules_free(rs);
	int st = lb_fshut(stdout, "<stdout>");
	return st > status ? st : status;
}
