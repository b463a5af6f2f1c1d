/*
 * lb-merge — many rosters (or many activity logs) into one, with no record
 * lost or silently overwritten. The rules are in libcore/merge.h, the
 * user's account in lb-merge(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "i18n.h"
#include "mask.h"
#include "merge.h"
#include "report.h"
#include "table.h"
#include "util.h"
#include "writer.h"

enum { OPT_HEADER = 256, OPT_KIND, OPT_PREFER, OPT_STRICT, OPT_CONFLICTS,
       OPT_SOURCE, OPT_REVEAL, OPT_TRANSFERS, OPT_EXCEL };

static const struct option longopts[] = {
	{"output",        required_argument, NULL, 'o'},
	{"format",        required_argument, NULL, 'f'},
	{"header",        required_argument, NULL, OPT_HEADER},
	{"kind",          required_argument, NULL, OPT_KIND},
	{"prefer",        required_argument, NULL, OPT_PREFER},
	{"strict",        no_argument,       NULL, OPT_STRICT},
	{"conflicts",     required_argument, NULL, OPT_CONFLICTS},
	{"transfers",     required_argument, NULL, OPT_TRANSFERS},
	{"source-column", no_argument,       NULL, OPT_SOURCE},
	{"reveal",        no_argument,       NULL, OPT_REVEAL},
	{"excel",         no_argument,       NULL, OPT_EXCEL},
	LB_CLI_SHEET_OPTION,
	LB_CLI_MODE_OPTION,
	LB_CLI_OPTIONS
};

struct opts {
	const char *out, *conflicts, *transfers;
	enum lb_format fmt;
	int zh, strict, source, reveal, quiet;
	struct lb_reader_opts in;    /* --sheet */
	int excel;
	enum lb_kind kind;
	struct lb_merge_opts mo;
};

static void
usage(void)
{
	printf(_("Usage: %s [OPTION]... [FILE]...\n"
	         "Merge rosters (one record per child_id) or activity logs into one.\n\n"), lb_progname);
	fputs(_("  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
	        "  -f, --format FMT         csv, yaml or xlsx (default csv)\n"
	        "      --excel              CSV for Excel and WPS: UTF-8 BOM and CRLF\n"
	        "      --header id|zh       header of field ids (default) or Chinese labels\n"
	        "      --kind roster|activity\n"
	        "                           what the inputs are (default: detected)\n"
	        "      --prefer newest|first|last\n"
	        "                           how a conflict is resolved (default newest)\n"
	        "      --strict             any conflict is an error: exit 1, no output\n"
	        "      --conflicts FILE     write one row per conflicting value to FILE\n"
	        "      --transfers FILE     write one row per child found at two schools to FILE\n"
	        "      --source-column      add a 'source' column: FILE:LINE of the records used\n"
	        "      --reveal             show identity and phone numbers unmasked in messages\n"
	        "                           and in the conflicts and transfers files\n"
	        "      --sheet NAME|N       the sheet of a workbook (default: the first)\n"
	        "  --lang zh|en             the language of messages (default: the locale)\n"
	        "  -q, --quiet              no summary line\n"
	        "      --help               show this help and exit\n"
	        "      --version            show the version and exit\n"), stdout);
	fputs(_("\nWith no FILE, or when FILE is -, read standard input.\n"
	        "Exit status: 0 merged; 1 conflicts under --strict; 2 trouble.\n"), stdout);	lb_cli_mode_help();
}

static const char *const formats[] = {"csv", "yaml", "xlsx", NULL};
static const enum lb_format fmt_of[] = {LB_FMT_CSV, LB_FMT_YAML, LB_FMT_XLSX};
static const char *const headers[] = {"id", "zh", NULL};
static const char *const kinds[] = {"roster", "activity", NULL};
static const char *const prefers[] = {"newest", "first", "last", NULL};

static void
parse(int argc, char **argv, struct opts *o)
{
	int c, p;

	memset(o, 0, sizeof *o);
	o->fmt = LB_FMT_CSV;
	while ((c = getopt_long(argc, argv, "o:f:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'f':
			o->fmt = fmt_of[lb_cli_choice("-f", optarg, formats)];
			break;
		case OPT_HEADER:
			o->zh = lb_cli_choice("--header", optarg, headers);
			break;
		case OPT_KIND:
			o->kind = lb_cli_choice("--kind", optarg, kinds) ? LB_KIND_ACTIVITY : LB_KIND_ROSTER;
			break;
		case OPT_PREFER:
			p = lb_cli_choice("--prefer", optarg, prefers);
			o->mo.prefer = (enum lb_prefer)lb_prefer_parse(prefers[p]);
			break;
		case OPT_STRICT:
			o->strict = 1;
			break;
		case OPT_CONFLICTS:
			o->conflicts = optarg;
			break;
		case OPT_TRANSFERS:
			o->transfers = optarg;
			break;
		case OPT_SOURCE:
			o->source = o->mo.sources = 1;
			break;
		case OPT_REVEAL:
			o->reveal = 1;
			break;
		case OPT_EXCEL:
			o->excel = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		default:
			if (!lb_cli_option(c, optarg, usage) && !lb_cli_sheet(c, optarg, &o->in) &&
			    !lb_cli_mode(c, optarg))
				lb_try_help();
		}
	}
	if (o->fmt == LB_FMT_XLSX && lb_out_is_tty(o->out))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
	if (o->excel && o->fmt != LB_FMT_CSV)
		lb_usage_error(_("--excel: only with CSV output"));
	if (o->conflicts && lb_same_output(o->conflicts, o->out) && (!o->out || !strcmp(o->out, "-")))
		lb_usage_error(_("--conflicts %s: standard output already holds the merged file; use -o"),
		               o->conflicts);
	if (o->conflicts && lb_same_output(o->conflicts, o->out))
		lb_usage_error(_("%s: the conflicts file is the output file"), o->conflicts);
}

/* ---- messages ------------------------------------------------------------ */

static void
masked(const struct lb_merge *m, size_t col, const char *v, int reveal, struct lb_buf *b)
{
	const struct lb_schema *s = m->t->schema;

	lb_buf_clear(b);
	if (col < s->n)
		lb_mask_value(&s->f[col], v, reveal, b);
	else
		lb_mask_text(v, reveal, b);
}

static void
masked_id(const char *id, int reveal, struct lb_buf *b)
{
	lb_buf_clear(b);
	if (reveal)
		lb_buf_adds(b, id);
	else
		lb_mask_id(id, b);
}

/* The --prefer rule in "kept … by newest": the option's word in English, a
 * phrase in a translation (a Chinese sentence must not say "依据 newest"). */
static const char *
prefer_words(enum lb_prefer p)
{
	switch (p) {
	/* TRANSLATORS: --prefer first, as in "kept X over Y by first" */
	case LB_PREFER_FIRST: return _("first");
	/* TRANSLATORS: --prefer last, as in "kept X over Y by last" */
	case LB_PREFER_LAST: return _("last");
	/* TRANSLATORS: --prefer newest, as in "kept X over Y by newest" */
	default: return _("newest");
	}
}

/*
 * One line per conflicting field, at the record whose value was kept:
 *   b.csv:3: school: warning: 110105********0017: kept "乙小学" (b.csv:3)
 *   over "甲小学" (a.csv:2) by newest [conflict]
 * Under --strict an error, listing the values.
 */
static void
print_conflicts(const struct lb_merge *m, const struct opts *o)
{
	struct lb_buf id = LB_BUF_INIT, v = LB_BUF_INIT, others = LB_BUF_INIT;
	size_t i, j;

	for (i = 0; i < m->nc; i = j) {
		const struct lb_conflict *c = &m->c[i];
		const struct lb_row *r = &m->t->rows[c->row];

		lb_buf_clear(&others);
		for (j = i + 1; j < m->nc && !m->c[j].chosen; j++) {
			masked(m, m->c[j].col, m->c[j].value, o->reveal, &v);
			lb_buf_printf(&others, "%s\"%s\" (%s)", j > i + 1 ? ", " : "",
			              lb_buf_str(&v), m->c[j].source);
		}
		masked_id(c->child_id, o->reveal, &id);
		masked(m, c->col, c->value, o->reveal, &v);
		struct lb_buf line = LB_BUF_INIT, q = LB_BUF_INIT;
		lb_buf_printf(&line, "%s:%ld: %s: %s: ", r->file, r->line, lb_merge_colname(m, c->col),
		              o->strict ? "error" : "warning");
		if (o->strict)
			lb_buf_printf(&line, _("%s: different values \"%s\" (%s), %s"), lb_buf_str(&id),
			              lb_buf_str(&v), c->source, lb_buf_str(&others));
		else
			lb_buf_printf(&line, _("%s: kept \"%s\" (%s) over %s by %s"), lb_buf_str(&id),
			              lb_buf_str(&v), c->source, lb_buf_str(&others),
			              prefer_words(o->mo.prefer));
		lb_quote_ctrl(lb_buf_str(&line), &q);   /* a value cannot forge a line */
		fprintf(stderr, "%s [conflict]\n", lb_buf_str(&q));
		lb_buf_fini(&line);
		lb_buf_fini(&q);
	}
	lb_buf_fini(&id);
	lb_buf_fini(&v);
	lb_buf_fini(&others);
}

static void
summary(const struct lb_merge *m, size_t nfiles, const struct opts *o)
{
	char files[64], in[64], confl[64];

	/* the plurals first, then one sentence, so a translation can order and
	 * punctuate it as its language does */
	snprintf(files, sizeof files, dngettext("lb", "%zu file", "%zu files", nfiles), nfiles);
	snprintf(in, sizeof in, dngettext("lb", "%zu record in", "%zu records in", m->in), m->in);
	snprintf(confl, sizeof confl, dngettext("lb", "%zu conflict", "%zu conflicts", m->conflicts),
	         m->conflicts);
	fprintf(stderr, "%s: ", lb_progname);
	/* TRANSLATORS: files, records in, records out, merged, conflicts */
	fprintf(stderr, _("%s, %s, %zu out, %zu merged, %s"), files, in, m->nout, m->merged, confl);
	if (m->conflicts && o->strict)
		fputs(_(" (--strict: no output written)"), stderr);
	else if (m->conflicts && m->by_position)
		fprintf(stderr, _(" (%zu resolved by %s, %zu by input order)"),
		        m->conflicts - m->by_position, prefer_words(o->mo.prefer), m->by_position);
	else if (m->conflicts)
		fprintf(stderr, _(" (%zu resolved by %s)"), m->conflicts, prefer_words(o->mo.prefer));
	if (m->joined)
		fprintf(stderr, dngettext("lb", ", %zu text joined", ", %zu texts joined", m->joined),
		        m->joined);
	if (m->joined_by_position)
		fprintf(stderr, _(" (%zu in input order: a tie)"), m->joined_by_position);
	if (m->moved)
		fprintf(stderr, dngettext("lb", ", %zu child at two schools", ", %zu children at two schools",
		                          m->moved), m->moved);
	if (m->noid)
		fprintf(stderr, _(", %zu without child_id"), m->noid);
	fputc('\n', stderr);
}

/* ---- outputs ------------------------------------------------------------- */

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* End the table and finish the file, without renaming it yet: the
 * outputs of one run commit together or not at all (main). *held gets
 * the finished output, NULL when it failed (said, with its reason, and no
 * file left). */
static int
finish(struct lb_out *out, struct lb_tw *tw, int rc, struct lb_out **held)
{
	struct lb_err err;

	*held = NULL;
	if (lb_tw_end(tw) < 0)
		rc = -1;
	/* a full disk is found (and said, with its reason) before any output
	 * is renamed; standard output is flushed and checked here */
	if (lb_out_finish(out, &err) < 0) {
		lb_warn_err(&err);
		lb_out_abort(out);
		return LB_EXIT_FAIL;
	}
	if (rc < 0) {
		lb_out_abort(out);
		return LB_EXIT_FAIL;
	}
	*held = out;
	return 0;
}

/* The conflicts file: child_id, field, chosen, value, source (masked unless
 * --reveal, like lb-import --changes); YAML when its name ends in .yaml/.yml. */
static int
write_conflicts(const struct lb_merge *m, const struct opts *o, struct lb_out **held)
{
	static const char *const cols[] = { "child_id", "field", "chosen", "value", "source" };
	struct lb_out *out;
	struct lb_tw *tw;
	struct lb_err err;
	struct lb_buf id = LB_BUF_INIT, v = LB_BUF_INIT;
	int yaml = ends_with(o->conflicts, ".yaml") || ends_with(o->conflicts, ".yml"), rc = 0;

	if (lb_out_open_data(&out, o->conflicts, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	tw = lb_tw_open(out, yaml ? LB_FMT_YAML : LB_FMT_CSV, cols, 5);
	lb_tw_person(tw);    /* a person reads the conflicts */
	for (size_t i = 0; i < m->nc && rc == 0; i++) {
		const struct lb_conflict *c = &m->c[i];
		const char *cells[5];
		masked_id(c->child_id, o->reveal, &id);
		masked(m, c->col, c->value, o->reveal, &v);
		cells[0] = lb_buf_str(&id);
		cells[1] = lb_merge_colname(m, c->col);
		cells[2] = c->chosen ? "是" : "否";
		cells[3] = lb_buf_str(&v);
		cells[4] = c->source;
		rc = lb_tw_row(tw, cells);
	}
	lb_buf_fini(&id);
	lb_buf_fini(&v);
	return finish(out, tw, rc, held);
}

/*
 * The transfers file: one row per child and school it left, so that the
 * old school can mark its record 转出; the child_id masked unless --reveal;
 * Chinese headers under --header zh; YAML when the name ends in .yaml/.yml.
 */
static int
write_transfers(const struct lb_merge *m, const struct opts *o, struct lb_out **held)
{
	enum { NT = 10 };
	static const char *const ids[NT] = { "child_id", "name", "old_school", "new_school",
		"old_updated_on", "old_archived_on", "new_updated_on", "new_archived_on",
		"old_source", "new_source" };
	static const char *const zh[NT] = { "身份证号", "姓名", "原学校", "新学校",
		"原学校更新日期", "原学校建档日期", "新学校更新日期", "新学校建档日期",
		"原学校记录", "新学校记录" };
	const struct lb_schema *s = m->t->schema;
	struct lb_out *out;
	struct lb_tw *tw;
	struct lb_err err;
	struct lb_buf b[NT], v = LB_BUF_INIT;
	int yaml = ends_with(o->transfers, ".yaml") || ends_with(o->transfers, ".yml"), rc = 0;
	size_t i, j;

	if (lb_out_open_data(&out, o->transfers, &err) < 0) {
		lb_warn_err(&err);
		return LB_EXIT_FAIL;
	}
	memset(b, 0, sizeof b);
	tw = lb_tw_open(out, yaml ? LB_FMT_YAML : LB_FMT_CSV, o->zh ? zh : ids, NT);
	lb_tw_person(tw);    /* the old school reads it: formulas neutralised */
	for (i = 0; i < m->ntr && rc == 0; i++) {
		const struct lb_transfer *x = &m->tr[i];
		const char *raw[NT], *cells[NT];
		masked_id(x->child_id, o->reveal, &v);
		raw[0] = lb_buf_str(&v);
		raw[1] = x->name;
		raw[2] = x->old_school;
		raw[3] = x->new_school;
		raw[4] = x->old_updated_on;
		raw[5] = x->old_archived_on;
		raw[6] = x->new_updated_on;
		raw[7] = x->new_archived_on;
		raw[8] = x->old_source;
		raw[9] = x->new_source;
		for (j = 0; j < NT; j++) {
			cells[j] = raw[j];
			if (j == 1 || j == 2 || j == 3) {   /* text: numbers typed in it */
				masked(m, (size_t)LB_FI(s, j == 1 ? LB_R_NAME : LB_R_SCHOOL), raw[j],
				       o->reveal, &b[j]);
				cells[j] = lb_buf_str(&b[j]);
			}
		}
		rc = lb_tw_row(tw, cells);
	}
	for (j = 0; j < NT; j++)
		lb_buf_fini(&b[j]);
	lb_buf_fini(&v);
	return finish(out, tw, rc, held);
}

/* The merged table. With --source-column, a "source" column at the end, or
 * in place of an input's own "source" column (a file merged before). */
static int
write_merged(struct lb_merge *m, const struct opts *o, struct lb_out **held)
{
	const struct lb_table *t = m->t;
	const struct lb_schema *s = t->schema;
	size_t nc = lb_merge_ncols(m), w = nc, srccol = nc, i;
	const char **cols, **cells;
	struct lb_out *out;
	struct lb_tw *tw;
	struct lb_err err;
	struct lb_rowbuf rb = {0};
	int rc = 0;

	if (o->source) {
		for (i = 0; i < t->extras.n; i++)
			if (strcmp(t->extras.v[i], "source") == 0)
				srccol = s->n + i;
		if (srccol == nc)
			w++;
	}
	cols = lb_xcalloc(w, sizeof *cols);
	cells = lb_xcalloc(w, sizeof *cells);
	for (i = 0; i < nc; i++)
		cols[i] = i < s->n ? (o->zh ? s->f[i].zh : s->f[i].id) : t->extras.v[i - s->n];
	if (w > nc)
		cols[nc] = "source";
	if (lb_out_open_data(&out, o->out, &err) < 0) {
		lb_warn_err(&err);
		free(cols);
		free(cells);
		return LB_EXIT_FAIL;
	}
	{
		struct lb_tw_opts to = {0};
		to.excel = o->excel;
		tw = lb_tw_open_opt(out, o->fmt, cols, w, &to);
	}
	for (size_t r = 0; r < m->nout && rc == 0; r++) {
		char **v;
		/* a spilled roster: the record read back from the temporary file */
		if (lb_merge_load(m, r, &rb, &v, &err) < 0) {
			lb_warn_err(&err);
			rc = -1;
			break;
		}
		for (i = 0; i < nc; i++)
			cells[i] = v[i];
		if (o->source)
			cells[srccol] = m->src[r];
		rc = lb_tw_row(tw, cells);
	}
	free(cols);
	free(cells);
	lb_rowbuf_fini(&rb);
	return finish(out, tw, rc, held);
}

/* --transfers: not an input, not another output of the run. */
static void
guard_transfers(const struct opts *o, char *const *files, size_t nfiles)
{
	if (!o->transfers)
		return;
	lb_cli_guard_output("--transfers", o->transfers, files, nfiles);
	if (!strcmp(o->transfers, "-") && lb_same_output(o->transfers, o->out))
		lb_usage_error(_("--transfers -: standard output already holds the merged file; use -o"));
	if (lb_same_output(o->transfers, o->out))
		lb_usage_error(_("--transfers %s: the merged file is written there; use another file"),
		               o->transfers);
	if (o->conflicts && lb_same_output(o->transfers, o->conflicts))
		lb_usage_error(_("--transfers %s: the conflicts file is written there; use another file"),
		               o->transfers);
}

/* All outputs of one run commit together or not at all: n held outputs,
 * all written; commit them, or abort them all when failed. */
static int
commit_all(struct lb_out **held, size_t n, int failed)
{
	struct lb_err err;
	int status = failed ? LB_EXIT_FAIL : 0;

	for (size_t i = 0; i < n; i++) {
		if (!held[i])
			continue;
		if (status) {
			lb_warn(_("%s: not written: another output of this run failed"),
			        lb_out_name(held[i]));
			lb_out_abort(held[i]);
		} else if (lb_out_commit(held[i], &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
	}
	return status;
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct opts o;
	struct lb_table t;
	struct lb_diags notes = {0};
	struct lb_merge m;
	struct lb_err err;
	char **files;
	size_t nfiles, i;
	int status = 0, failed = 0;

	lb_cli_init(argc, argv);
	parse(argc, argv, &o);
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? (size_t)(argc - optind) : 1;
	lb_cli_guard_output("-o", o.out, files, nfiles);
	lb_cli_guard_output("--conflicts", o.conflicts, files, nfiles);
	guard_transfers(&o, files, nfiles);

	lb_table_init(&t, o.kind, NULL);
	/* a roster's values wait in a temporary file, its child_ids in memory:
	 * memory a few dozen bytes a record, not the size of the inputs */
	lb_table_spill(&t, LB_R_CHILD_ID);
	for (i = 0; i < nfiles; i++) {
		struct lb_reader_opts ro = o.in;   /* --sheet */
		ro.kind = o.kind;
		lb_err_clear(&err);
		lb_diags_clear(&notes);
		if (lb_table_read(&t, files[i], &ro, &notes, &err) < 0) {
			lb_warn_err(&err);
			failed = 1;
		}
		/* what the reader skipped must be said (lb-files(5)); values are
		 * reported by lb-import and lb-validate, not here */
		lb_print_skipped(&notes, o.reveal);
	}
	if (failed || !t.schema) {
		/* Like sort(1): a merge without one of its inputs would drop
		 * children silently, so nothing is written. */
		lb_warn(_("no output written: an input could not be read"));
		lb_diags_fini(&notes);
		lb_table_fini(&t);
		return LB_EXIT_FAIL;
	}

	if (lb_merge_run(&m, &t, &o.mo) < 0) {
		lb_warn_err(&m.err);
		lb_warn(_("no output written: an input could not be read"));
		lb_merge_fini(&m);
		lb_diags_fini(&notes);
		lb_table_fini(&t);
		return LB_EXIT_FAIL;
	}
	for (i = 0; i < m.notes.n; i++)
		lb_diag_print(stderr, &m.notes.v[i], o.reveal);
	if (m.conflicts && (o.strict || !o.conflicts))
		print_conflicts(&m, &o);
	/* the reports, then the merged file (not under --strict with
	 * conflicts): all written, then all committed, or none */
	{
		struct lb_out *held[3] = { NULL, NULL, NULL };   /* merged first */
		int wfailed = 0;
		if (o.conflicts)
			wfailed |= write_conflicts(&m, &o, &held[1]);
		if (o.transfers && !wfailed)
			wfailed |= write_transfers(&m, &o, &held[2]);
		if (!(m.conflicts && o.strict) && !wfailed)
			wfailed |= write_merged(&m, &o, &held[0]);
		status = commit_all(held, 3, wfailed);
		if (!status && m.conflicts && o.strict)
			status = LB_EXIT_FINDINGS;
	}
	if (!o.quiet)
		summary(&m, nfiles, &o);
	lb_merge_fini(&m);
	lb_diags_fini(&notes);
	lb_table_fini(&t);
	if (lb_fshut(stdout, "<stdout>"))
		status = LB_EXIT_FAIL;
	return status;
}
