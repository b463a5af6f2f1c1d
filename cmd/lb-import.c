/*
 * lb-import — raw school spreadsheets in, one canonical roster or activity
 * log out (lb-import(1)).
 *
 * Two passes over the inputs. The first opens every file and reads it
 * through, without normalising, to learn the union of the extra columns
 * (the canonical header must be written before the first record) and to
 * find the files that cannot be read: with -o, one bad input means no
 * output file at all. The second pass streams each file's records,
 * normalised, to the output. Standard input is copied to a temporary file
 * so that it can be read twice. Memory: one record at a time, plus the
 * list of extra column names.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "mask.h"
#include "reader.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_HEADER_ROW = 256, OPT_HEADER, OPT_CHANGES, OPT_REVEAL, OPT_SCHEMA, OPT_KIND,
	OPT_MAP, OPT_ENCODING
};

static const struct option longopts[] = {
	{"kind",       required_argument, NULL, OPT_KIND},
	{"map",        required_argument, NULL, OPT_MAP},
	{"header-row", required_argument, NULL, OPT_HEADER_ROW},
	{"encoding",   required_argument, NULL, OPT_ENCODING},
	{"delimiter",  required_argument, NULL, 'd'},
	{"format",     required_argument, NULL, 'f'},
	{"header",     required_argument, NULL, OPT_HEADER},
	{"output",     required_argument, NULL, 'o'},
	{"changes",    required_argument, NULL, OPT_CHANGES},
	{"reveal",     no_argument,       NULL, OPT_REVEAL},
	{"schema",     required_argument, NULL, OPT_SCHEMA},
	LB_CLI_OPTIONS
};

static void
usage(void)
{
	printf(_("Usage: lb-import [OPTION]... [FILE]...\n"
	         "Turn school spreadsheets (CSV in UTF-8 or GB18030, any delimiter, title rows,\n"
	         "Chinese headers) or canonical YAML into one canonical roster or activity log.\n"
	         "With no FILE, or when FILE is -, read standard input.\n\n"));
	printf(_("  --kind roster|activity  what the files hold (default: from the header)\n"
	         "  --map 'HEADER=FIELD'    read the column HEADER as FIELD (repeatable)\n"
	         "  --header-row N          the header is on physical line N\n"
	         "  --encoding ENC          utf-8 or gb18030 (default: detected)\n"
	         "  -d, --delimiter C       , ; tab or | (default: detected)\n"
	         "  -f, --format csv|yaml   output format (default csv)\n"
	         "  --header id|zh          header of field ids (default) or Chinese labels\n"
	         "  -o, --output FILE       write FILE atomically instead of standard output\n"
	         "  --changes FILE          write every value changed or kept as CSV\n"
	         "  --reveal                show identity and phone numbers unmasked\n"
	         "  --schema FILE           use this schema instead of the built-in one\n"
	         "  --lang zh|en            the language of messages (default: the locale)\n"
	         "  -q, --quiet             no summary line and no notes\n"
	         "  -h, --help              show this help and exit\n"
	         "  -V, --version           show the version and exit\n\n"
	         "Exit status: 0 done, 2 usage error or an input or output that failed.\n"
	         "See lb-import(1) and lb-files(5).\n"));
}

struct input {
	const char *path;
	int ok;
	size_t records;
};

static struct lb_reader_opts ropts;
static struct lb_strv maps = LB_STRV_INIT;
static struct lb_strv extras = LB_STRV_INIT;
static int reveal, quiet;
static char *stdin_tmp_name;

/*
 * Standard input is read twice: copy it to an unlinked temporary file that
 * becomes file descriptor 0, then rewind before each pass.
 */
static int
stdin_prepare(void)
{
	struct stat st;
	char buf[65536], *tmpl;
	const char *dir = getenv("TMPDIR");
	size_t n;
	int fd;

	if (stdin_tmp_name || (fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
	                       lseek(0, 0, SEEK_CUR) == 0)) {
		if (!stdin_tmp_name)
			stdin_tmp_name = "";
		return 0;
	}
	tmpl = lb_xasprintf("%s/lb-import.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(tmpl);
	if (fd < 0) {
		lb_warn(_("cannot create a temporary file for standard input: %s"), strerror(errno));
		free(tmpl);
		return -1;
	}
	unlink(tmpl);
	free(tmpl);
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		if (write(fd, buf, n) != (ssize_t)n) {
			lb_warn(_("cannot copy standard input: %s"), strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (ferror(stdin)) {
		lb_warn(_("<stdin>: read error: %s"), strerror(errno));
		close(fd);
		return -1;
	}
	if (dup2(fd, 0) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	stdin_tmp_name = "";
	return 0;
}

static void
stdin_rewind(void)
{
	clearerr(stdin);
	fseek(stdin, 0, SEEK_SET);
	lseek(0, 0, SEEK_SET);
}

static void
print_notes(struct lb_reader *r)
{
	struct lb_diags *n = lb_reader_notes(r);

	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		if (!quiet || n->v[i].level > LB_NOTE)
			lb_diag_print(stderr, &n->v[i], reveal);
	lb_diags_clear(n);
}

static void
report_open_error(const struct lb_err *e, const char *path)
{
	struct lb_err c = *e;

	if (!c.file[0])
		snprintf(c.file, sizeof c.file, "%s", path && strcmp(path, "-") ? path : "<stdin>");
	lb_warn_err(&c);     /* the reader's message says what was expected */
}

static int
open_input(struct lb_reader **r, const char *path, struct lb_err *err)
{
	if (!strcmp(path, "-"))
		stdin_rewind();
	lb_err_clear(err);
	return lb_reader_open(r, path, &ropts, err);
}

static const char *
kind_word(enum lb_kind k)
{
	return k == LB_KIND_ACTIVITY ? _("an activity log") : _("a roster");
}

/*
 * Pass 1: can the file be read, what kind is it, which extra columns does
 * it add. A file that fails adds nothing.
 */
static int
scan(struct input *in, enum lb_kind *kind)
{
	struct lb_reader *r = NULL;
	struct lb_norm *nm;
	struct lb_record rec;
	struct lb_err err;
	const char **out;
	size_t nextras = extras.n;
	int rc;

	if (open_input(&r, in->path, &err) < 0) {
		report_open_error(&err, in->path);
		return -1;
	}
	if (*kind == LB_KIND_AUTO) {
		*kind = lb_reader_kind(r);
	} else if (lb_reader_kind(r) != *kind) {
		lb_warn(_("%s: is %s, expected %s like the files before it (see --kind)"),
		        lb_reader_name(r), kind_word(lb_reader_kind(r)), kind_word(*kind));
		lb_reader_close(r);
		return -1;
	}
	nm = lb_norm_new(r, &extras);
	while ((rc = lb_reader_next(r, &rec, &err)) > 0) {
		lb_norm_record(nm, &rec, 0, &out, NULL);
		in->records++;
	}
	lb_diags_clear(lb_reader_notes(r));
	lb_norm_free(nm);
	if (rc < 0) {
		if (!err.file[0])
			snprintf(err.file, sizeof err.file, "%s", lb_reader_name(r));
		lb_warn_err(&err);
		while (extras.n > nextras)
			free(extras.v[--extras.n]);
	}
	lb_reader_close(r);
	return rc < 0 ? -1 : 0;
}

struct counts {
	size_t records, mapped, extra, fixed, kept;
};

static void
write_change(struct lb_tw *ctw, const struct lb_schema *s, const struct lb_diag *d,
             size_t slot, const char *before, const char *after)
{
	struct lb_buf b = LB_BUF_INIT, a = LB_BUF_INIT, line = LB_BUF_INIT;
	const char *cells[6];

	if (slot < s->n) {
		lb_mask_value(&s->f[slot], before, reveal, &b);
		lb_mask_value(&s->f[slot], after, reveal, &a);
	} else {
		lb_mask_text(before, reveal, &b);
		lb_mask_text(after, reveal, &a);
	}
	lb_buf_printf(&line, "%ld", d->line);
	cells[0] = d->file;
	cells[1] = lb_buf_str(&line);
	cells[2] = d->field;
	cells[3] = lb_buf_str(&b);
	cells[4] = lb_buf_str(&a);
	cells[5] = d->level == LB_NOTE ? "fixed" : "kept";
	lb_tw_row(ctw, cells);
	lb_buf_fini(&b);
	lb_buf_fini(&a);
	lb_buf_fini(&line);
}

/* Pass 2: stream one file's records, normalised, to tw (NULL: only report). */
static int
import(struct input *in, struct lb_tw *tw, struct lb_tw *ctw, struct counts *c)
{
	struct lb_reader *r = NULL;
	struct lb_norm *nm;
	struct lb_record rec;
	struct lb_diags ch = {0};
	struct lb_progress prog;
	struct lb_err err;
	const struct lb_schema *s;
	const char **out;
	size_t ncols, maxn = 0;
	int rc;

	memset(c, 0, sizeof *c);
	if (open_input(&r, in->path, &err) < 0) {
		report_open_error(&err, in->path);
		return -1;
	}
	s = lb_reader_schema(r);
	ncols = lb_reader_ncols(r);
	for (size_t i = 0; i < ncols; i++)
		c->mapped += lb_reader_colfield(r, i) >= 0;
	print_notes(r);
	lb_progress_begin(&prog, in->path, quiet);
	nm = lb_norm_new(r, &extras);
	lb_norm_report_fixes(nm, ctw != NULL);   /* only --changes shows them */
	while ((rc = lb_reader_next(r, &rec, &err)) > 0) {
		c->fixed += lb_norm_record(nm, &rec, 1, &out, &ch);
		if (rec.n > maxn)
			maxn = rec.n;
		if (tw && lb_tw_row(tw, out) < 0) {
			rc = LB_EOUTPUT;
			break;
		}
		print_notes(r);
		for (size_t k = 0; k < ch.n; k++) {
			const char *before;
			size_t slot = lb_norm_change(nm, k, &before);
			if (ch.v[k].level > LB_NOTE) {
				c->kept++;
				lb_diag_print(stderr, &ch.v[k], reveal);
			}
			if (ctw)
				write_change(ctw, s, &ch.v[k], slot, before, out[slot]);
		}
		lb_diags_clear(&ch);
		c->records++;
		if ((c->records & 1023) == 0)
			lb_progress_update(&prog, lb_reader_bytes(r), c->records);
	}
	lb_progress_end(&prog);
	print_notes(r);
	c->extra = ncols - c->mapped + (maxn > ncols ? maxn - ncols : 0);
	if (rc < 0 && rc != LB_EOUTPUT) {
		if (!err.file[0])
			snprintf(err.file, sizeof err.file, "%s", lb_reader_name(r));
		lb_warn_err(&err);
	}
	if (!quiet && rc >= 0) {
		long hl = lb_reader_header_line(r);
		struct lb_buf h = LB_BUF_INIT;
		if (lb_reader_format(r) == LB_FMT_YAML)
			lb_buf_adds(&h, "YAML");
		else
			lb_buf_printf(&h, _("header on line %ld"), hl);
		lb_warn(_("%s: %s, %s, records: %zu, fields mapped: %zu, extra columns kept: %zu, "
		          "values normalised: %zu, values left as they were: %zu"),
		        lb_reader_name(r), lb_reader_encoding(r), lb_buf_str(&h), c->records,
		        c->mapped, c->extra, c->fixed, c->kept);
		lb_buf_fini(&h);
	}
	lb_diags_fini(&ch);
	lb_norm_free(nm);
	lb_reader_close(r);
	return rc < 0 ? rc : 0;
}

/* -o after a failure: find out whether the output itself failed (say so),
 * then remove the temporary. */
static void
out_discard(struct lb_out *o)
{
	FILE *fp = lb_out_fp(o);

	if (fflush(fp) != 0 || ferror(fp))
		lb_warn(_("%s: write error: %s"), lb_out_name(o), strerror(errno ? errno : EIO));
	else
		lb_warn(_("%s: not written: an input could not be read"), lb_out_name(o));
	lb_out_abort(o);
}

static int
parse_delim(const char *s)
{
	if (!strcmp(s, "\t") || !strcmp(s, "tab") || !strcmp(s, "TAB") || !strcmp(s, "\\t"))
		return '\t';
	if (!strcmp(s, ",") || !strcmp(s, ";") || !strcmp(s, "|"))
		return s[0];
	lb_usage_error(_("-d: '%s' is not a delimiter (use , ; tab or |)"), s);
}

static const char *const kinds[] = {"roster", "activity", NULL};
static const char *const formats[] = {"csv", "yaml", NULL};
static const char *const headers[] = {"id", "zh", NULL};

/* The options and the input files. */
struct opts {
	const char *opath, *cpath, *spath;   /* -o, --changes, --schema */
	enum lb_format fmt;
	enum lb_kind kind;
	int zh;                              /* --header zh */
	char **files;
	size_t nfiles;
	int nstdin;                          /* how many of them are "-" */
};

/* The options and the input files into o, checked (usage errors exit):
 * standard input at most once, no output over an input. */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	static char *stdin_name[] = {"-"};
	int ch;

	memset(o, 0, sizeof *o);
	o->fmt = LB_FMT_CSV;
	o->kind = LB_KIND_AUTO;
	while ((ch = getopt_long(argc, argv, "d:f:o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_KIND:
			o->kind = lb_cli_choice("--kind", optarg, kinds) ? LB_KIND_ACTIVITY : LB_KIND_ROSTER;
			break;
		case OPT_MAP:
			if (!strchr(optarg, '='))
				lb_usage_error(_("--map: '%s' is not HEADER=FIELD"), optarg);
			lb_strv_push(&maps, optarg);
			break;
		case OPT_HEADER_ROW: {
			char *end;
			long n;
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || n < 1)
				lb_usage_error(_("--header-row: '%s' is not a line number"), optarg);
			ropts.header_row = n;
			break;
		}
		case OPT_ENCODING:
			if (strcasecmp(optarg, "utf-8") && strcasecmp(optarg, "utf8") &&
			    strcasecmp(optarg, "gb18030") && strcasecmp(optarg, "gbk") &&
			    strcasecmp(optarg, "gb2312") && strcasecmp(optarg, "auto"))
				lb_usage_error(_("--encoding: '%s' is not utf-8 or gb18030"), optarg);
			ropts.encoding = !strncasecmp(optarg, "gb", 2) ? "gb18030" :
			                 !strcasecmp(optarg, "auto") ? "auto" : "utf-8";
			break;
		case 'd':
			ropts.delim = parse_delim(optarg);
			break;
		case 'f':
			o->fmt = lb_cli_choice("-f", optarg, formats) ? LB_FMT_YAML : LB_FMT_CSV;
			break;
		case OPT_HEADER:
			o->zh = lb_cli_choice("--header", optarg, headers);
			break;
		case 'o':
			o->opath = optarg;
			break;
		case OPT_CHANGES:
			o->cpath = optarg;
			break;
		case OPT_REVEAL:
			reveal = 1;
			break;
		case OPT_SCHEMA:
			o->spath = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			if (!lb_cli_option(ch, optarg, usage))
				lb_try_help();
		}
	}
	o->files = argv + optind;
	o->nfiles = (size_t)(argc - optind);
	if (o->nfiles == 0) {
		o->files = stdin_name;
		o->nfiles = 1;
	}
	for (size_t i = 0; i < o->nfiles; i++)
		o->nstdin += !strcmp(o->files[i], "-");
	if (o->nstdin > 1)
		lb_usage_error(_("standard input (-) can be read only once"));
	/* The --schema file is an input too: -o or --changes over it would
	 * destroy it. */
	lb_cli_guard_output("-o", o->opath, o->files, o->nfiles);
	lb_cli_guard_output("--changes", o->cpath, o->files, o->nfiles);
	lb_cli_guard_output("-o", o->opath, (char *const[]){(char *)o->spath}, o->spath ? 1 : 0);
	lb_cli_guard_output("--changes", o->cpath, (char *const[]){(char *)o->spath}, o->spath ? 1 : 0);
	if (o->cpath && o->opath && strcmp(o->opath, "-") && (!strcmp(o->cpath, o->opath) ||
	    lb_same_file(o->cpath, (char *const[]){(char *)o->opath}, 1)))
		lb_usage_error(_("%s: the changes file is the output file"), o->cpath);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct lb_schema *user_schema = NULL;
	const struct lb_schema *s;
	struct input *in;
	struct lb_out *out = NULL, *cout = NULL;
	struct lb_tw *tw = NULL, *ctw = NULL;
	struct lb_err err;
	const char **cols;
	size_t ncols, nok = 0;
	int status = LB_EXIT_OK;

	lb_cli_init(argc, argv);
	parse_args(argc, argv, &o);
	if (o.spath) {
		if (lb_schema_load(&user_schema, o.spath, &err) < 0) {
			lb_warn_err(&err);
			return LB_EXIT_FAIL;
		}
		if (user_schema->kind == LB_KIND_ACTIVITY)
			ropts.activity = user_schema;
		else
			ropts.roster = user_schema;
	}
	ropts.kind = o.kind;
	ropts.maps = (const char *const *)maps.v;
	ropts.nmaps = maps.n;
	if (o.nstdin && stdin_prepare() < 0)
		return LB_EXIT_FAIL;

	/* Pass 1. */
	in = lb_xcalloc(o.nfiles, sizeof *in);
	for (size_t i = 0; i < o.nfiles; i++) {
		in[i].path = o.files[i];
		in[i].ok = scan(&in[i], &o.kind) == 0;
		nok += in[i].ok;
		if (!in[i].ok)
			status = LB_EXIT_FAIL;
	}
	if (nok == 0)
		goto done;
	ropts.kind = o.kind;

	/* The canonical layout: the schema's fields, then the extras. */
	s = o.kind == LB_KIND_ACTIVITY ? (ropts.activity ? ropts.activity : lb_schema_builtin(o.kind))
	                               : (ropts.roster ? ropts.roster : lb_schema_builtin(o.kind));
	ncols = s->n + extras.n;
	cols = lb_xcalloc(ncols, sizeof *cols);
	for (size_t i = 0; i < s->n; i++)
		cols[i] = o.zh ? s->f[i].zh : s->f[i].id;
	for (size_t i = 0; i < extras.n; i++)
		cols[s->n + i] = extras.v[i];

	/* With -o, one bad input means no output file; to stdout, the good ones. */
	if (status == LB_EXIT_OK || !o.opath || !strcmp(o.opath, "-")) {
		if (lb_out_open(&out, o.opath, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
			goto done_cols;
		}
		tw = lb_tw_open(out, o.fmt, cols, ncols);
	}
	if (o.cpath && status == LB_EXIT_OK) {
		static const char *ccols[] = {"file", "line", "field", "before", "after", "action"};
		if (lb_out_open(&cout, o.cpath, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
			lb_tw_end(tw);
			lb_out_abort(out);
			out = NULL;
			tw = NULL;
			goto done_cols;
		}
		ctw = lb_tw_open(cout, LB_FMT_CSV, ccols, 6);
	}

	/* Pass 2. */
	for (size_t i = 0; i < o.nfiles; i++) {
		struct counts c;
		int rc;
		if (!in[i].ok)
			continue;
		rc = import(&in[i], tw, ctw, &c);
		if (rc < 0)
			status = LB_EXIT_FAIL;
		if (rc == LB_EOUTPUT)
			break;      /* lb_out_commit or lb_out_abort says why */
	}
	if (tw && lb_tw_end(tw) < 0)
		status = LB_EXIT_FAIL;
	if (ctw && lb_tw_end(ctw) < 0)
		status = LB_EXIT_FAIL;
	if (o.opath && strcmp(o.opath, "-") && status != LB_EXIT_OK) {
		/* Nothing half-done is left behind: no file, or the old one. */
		if (out)
			out_discard(out);
		else
			lb_warn(_("%s: not written: an input could not be read"), o.opath);
	} else if (out && lb_out_commit(out, &err) < 0) {
		lb_warn_err(&err);
		status = LB_EXIT_FAIL;
	}
	if (cout && status != LB_EXIT_OK) {
		lb_out_abort(cout);
	} else if (cout && lb_out_commit(cout, &err) < 0) {
		lb_warn_err(&err);
		status = LB_EXIT_FAIL;
	}
done_cols:
	free(cols);
done:
	if (lb_fshut(stdout, "<stdout>"))
		status = LB_EXIT_FAIL;
	free(in);
	lb_strv_fini(&maps);
	lb_strv_fini(&extras);
	lb_schema_free(user_schema);
	return status;
}
