/*
 * lb-validate — every wrong, missing or inconsistent value of a roster or an
 * activity log, with file, line and field (lb-validate(1)). The checks
 * live in libcore/check.c; this file holds the options and the loop.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

enum { OPT_PASS = 256, OPT_ROSTER, OPT_ASOF, OPT_MAXMENTOR, OPT_SCHEMA, OPT_REVEAL,
       OPT_KIND, OPT_ENCODING, OPT_MAP, OPT_THREADS };

static const struct option longopts[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"pass", no_argument, NULL, OPT_PASS},
	{"roster", required_argument, NULL, OPT_ROSTER},
	{"as-of", required_argument, NULL, OPT_ASOF},
	{"max-per-mentor", required_argument, NULL, OPT_MAXMENTOR},
	{"schema", required_argument, NULL, OPT_SCHEMA},
	{"kind", required_argument, NULL, OPT_KIND},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"map", required_argument, NULL, OPT_MAP},
	{"reveal", no_argument, NULL, OPT_REVEAL},
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
	printf(_("  -f, --format=line|csv|yaml  findings as lines (default) or as data\n"
	         "  -o, --output=FILE           write FILE atomically instead of standard output\n"
	         "      --pass                  filter: records without errors to standard output,\n"
	         "                              byte for byte; findings to standard error\n"
	         "      --roster=FILE           check an activity log against this roster\n"
	         "      --as-of=YYYY-MM-DD      today, for ages and dates in the future\n"
	         "      --max-per-mentor=N      children a mentor may have (default 7)\n"
	         "      --schema=FILE           replace the built-in field tables\n"
	         "      --kind=roster|activity  the kind of file (default: from the header)\n"
	         "      --encoding=ENC          auto, utf-8 or gb18030 (default auto)\n"
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
	         "See lb-validate(1) for every finding code.\n"));
}

struct opts {
	enum lb_format fmt;       /* LB_FMT_AUTO: the line form */
	int pass, reveal, quiet;
	int threads;              /* 1: the records are checked on the main thread */
	struct lb_check_opts ck;
	struct lb_reader_opts ro;
	const char *roster;
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
	lb_mask_text(d->msg, o->reveal, &msg);
	if (fi >= 0)
		lb_mask_value(&s->f[fi], d->value, o->reveal, &value);
	else
		lb_mask_text(d->value, o->reveal, &value);
	const char *cells[] = {d->file, line, d->field, lb_level_word(d->level), d->code,
	                       lb_buf_str(&msg), lb_buf_str(&value)};
	return lb_tw_row(tw, cells);
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
	for (size_t i = 0; i < b->b.n; i++) {
		const struct lb_record *rec = &b->b.rec[i];
		const char **v;
		lb_norm_record(w->nm, rec, 0, &v, NULL);
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
	rc = o->threads > 1 ? validate_threads(o, r, ck, &d, &t, &err) : -2;
	int here = rc == -2;   /* one thread, or no thread could start */
	while (here && (rc = lb_reader_next(r, &rec, &err)) > 0) {
		const char **v;
		t.records++;
		lb_norm_record(nm, &rec, 0, &v, NULL);
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
	lb_diags_fini(&d);
	lb_norm_free(nm);
	lb_strv_fini(&extras);
	lb_check_free(ck);
	lb_reader_close(r);
	return status;
}

static const char *const formats[] = {"line", "csv", "yaml", NULL};
static const char *const kinds[] = {"roster", "activity", NULL};

int
main(int argc, char **argv)
{
	struct opts o;
	struct lb_strv maps = LB_STRV_INIT;
	struct lb_schema *schema = NULL;
	const char *asof = NULL, *schema_path = NULL, *out_path = NULL;
	struct lb_out *out = NULL;
	int c, status = LB_EXIT_OK;

	lb_cli_init(argc, argv);
	memset(&o, 0, sizeof o);
	while ((c = getopt_long(argc, argv, "f:o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case 'f': {
			static const enum lb_format f[] = {LB_FMT_AUTO, LB_FMT_CSV, LB_FMT_YAML};
			o.fmt = f[lb_cli_choice("-f", optarg, formats)];
			break;
		}
		case OPT_PASS: o.pass = 1; break;
		case OPT_ROSTER: o.roster = optarg; break;
		case OPT_ASOF: asof = optarg; break;
		case OPT_MAXMENTOR: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || n < 1 || n > 100000)
				lb_usage_error(_("--max-per-mentor: '%s' is not a number from 1 to 100000"), optarg);
			o.ck.max_per_mentor = (int)n;
			break;
		}
		case OPT_SCHEMA: schema_path = optarg; break;
		case OPT_KIND:
			o.ro.kind = lb_cli_choice("--kind", optarg, kinds) ? LB_KIND_ACTIVITY : LB_KIND_ROSTER;
			break;
		case OPT_ENCODING: o.ro.encoding = optarg; break;
		case OPT_MAP: lb_strv_push(&maps, optarg); break;
		case OPT_REVEAL: o.reveal = 1; break;
		case OPT_THREADS: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || n < 1 || n > 256)
				lb_usage_error(_("--threads: '%s' is not a number from 1 to 256"), optarg);
			o.threads = (int)n;
			break;
		}
		case 'q': o.quiet = 1; break;
		default:
			if (!lb_cli_option(c, optarg, usage))
				lb_try_help();
		}
	}
	if (!o.threads && (o.threads = lb_par_threads_default()) < 0)
		lb_usage_error(_("LB_THREADS: '%s' is not a number from 1 to 256"), getenv("LB_THREADS"));
	o.ck.asof = lb_cli_asof(asof);
	o.ck.pass = o.pass;
	if (o.pass && argc - optind > 1)
		lb_usage_error(_("--pass filters one file; give one FILE or standard input"));
	if (o.pass && o.fmt != LB_FMT_AUTO)
		lb_usage_error(_("--pass writes records to standard output: -f cannot be used with it"));
	if (schema_path) {
		struct lb_err err;
		lb_err_clear(&err);
		if (lb_schema_load(&schema, schema_path, &err) < 0) {
			lb_warn_err(&err);
			return LB_EXIT_FAIL;
		}
		if (schema->kind == LB_KIND_ACTIVITY)
			o.ro.activity = schema;
		else
			o.ro.roster = schema;
	}
	outfp = stdout;
	if (out_path && strcmp(out_path, "-") != 0) {
		struct lb_err err;
		char *named[3] = {(char *)o.roster, (char *)schema_path, NULL};
		size_t nnamed = 0;
		for (size_t i = 0; i < 2; i++)
			if (named[i])
				named[nnamed++] = named[i];
		lb_cli_guard_output("-o", out_path, argv + optind, (size_t)(argc - optind));
		lb_cli_guard_output("-o", out_path, named, nnamed);
		lb_err_clear(&err);
		if (lb_out_open(&out, out_path, &err) < 0) {
			lb_warn_err(&err);
			return LB_EXIT_FAIL;
		}
		outfp = lb_out_fp(out);
	}
	if (o.fmt != LB_FMT_AUTO) {   /* findings as data: the header even when there are none */
		static const char *const cols[] = {"file", "line", "field", "level", "code",
		                                   "message", "value"};
		tw = out ? lb_tw_open(out, o.fmt, cols, 7) : lb_tw_new(outfp, o.fmt, cols, 7);
	}
	o.ro.maps = (const char *const *)maps.v;
	o.ro.nmaps = maps.n;

	if (optind == argc) {
		status = validate(&o, "-");
	} else {
		for (int i = optind; i < argc; i++) {
			int st = validate(&o, argv[i]);
			if (st > status)
				status = st;
		}
	}
	if (tw && lb_tw_end(tw) < 0 && status < LB_EXIT_FAIL)
		status = LB_EXIT_FAIL;
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
	lb_strv_fini(&maps);
	lb_schema_free(schema);
	int st = lb_fshut(stdout, "<stdout>");
	return st > status ? st : status;
}
