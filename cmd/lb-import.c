/*
 * lb-import — raw school spreadsheets in, one canonical roster or activity
 * log out (lb-import(1)).
 *
 * Two passes over the inputs, one read of each. The first opens every file
 * and reads it through, without normalising, to learn the union of the
 * extra columns (the canonical header must be written before the first
 * record) and to find the files that cannot be read: with -o, one bad
 * input means no output file at all. As it reads a CSV file, the reader
 * writes the text as decoded (UTF-8) to an unlinked temporary file; the
 * second pass streams each file's records, normalised, to the output,
 * reading that copy (no GB18030 decoding twice) under the file's name,
 * with its lines. Workbooks and YAML are read again. A FIFO or standard
 * input is copied to a temporary file first, as it may have to be read
 * twice. Memory: one record at a time, plus the list of extra column
 * names; disk: the decoded text of every input until its second pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "mask.h"
#include "par.h"
#include "reader.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "value.h"
#include "writer.h"

enum {
	OPT_HEADER_ROW = 256, OPT_HEADER, OPT_CHANGES, OPT_REVEAL, OPT_SCHEMA, OPT_KIND,
	OPT_MAP, OPT_ENCODING, OPT_EXCEL, OPT_SET, OPT_FILL, OPT_SOURCE, OPT_THREADS
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
	{"excel",      no_argument,       NULL, OPT_EXCEL},
	{"set",        required_argument, NULL, OPT_SET},
	{"fill-down",  required_argument, NULL, OPT_FILL},
	{"source-column", no_argument,    NULL, OPT_SOURCE},
	LB_CLI_SHEET_OPTION,
	LB_CLI_MODE_OPTION,
	{"threads",    required_argument, NULL, OPT_THREADS},
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
	         "  --sheet NAME|N          the sheet of a workbook (default: the first)\n"
	         "  --set FIELD=VALUE       give every record this value (repeatable)\n"
	         "  --fill-down FIELD,...   an empty cell takes the value above it\n"
	         "  --source-column         add a 'source' column: FILE:LINE of each record\n"
	         "  -d, --delimiter C       , ; tab or | (default: detected)\n"
	         "  -f, --format FMT        csv, yaml or xlsx (default csv)\n"
	         "  --excel                 CSV for Excel and WPS: UTF-8 BOM and CRLF\n"
	         "  --header id|zh          header of field ids (default) or Chinese labels\n"
	         "  -o, --output FILE       write FILE atomically instead of standard output\n"
	         "  --changes FILE          write every value changed or kept as CSV\n"
	         "  --reveal                show identity and phone numbers unmasked\n"
	         "  --schema FILE           use this schema instead of the built-in one\n"
	         "  --threads N             normalise in N threads (default: LB_THREADS,\n"
	         "                          else one less than the number of processors)\n"
	         "  --lang zh|en            the language of messages (default: the locale)\n"
	         "  -q, --quiet             no summary line and no notes\n"
	         "  -h, --help              show this help and exit\n"
	         "  -V, --version           show the version and exit\n\n"
	         "Exit status: 0 done, 2 usage error or an input or output that failed.\n"
	         "See lb-import(1) and lb-files(5).\n"));	lb_cli_mode_help();
}

struct input {
	const char *path;
	int ok;
	size_t records;
	int copy;           /* a copy of a FIFO or device input (an fd), or -1 */
	char copyname[32];  /* /dev/fd/N: what is opened in its place */
	struct stat st;     /* a regular file as pass 1 found it */
	int spill;          /* its text as pass 1 decoded it (an fd), or -1 */
	char spillname[32]; /* /dev/fd/N: what pass 2 reads in its place */
	char *enc;          /* the encoding pass 1 found (the copy is UTF-8) */
	int delim;          /* and the delimiter */
};

static struct lb_reader_opts ropts;
static struct lb_tw_opts topts;
static struct lb_strv maps = LB_STRV_INIT;
static struct lb_strv extras = LB_STRV_INIT;
static int reveal, quiet;

/* --set, --fill-down, --source-column: applied to each record's layout. */
static struct lb_strv sets = LB_STRV_INIT;     /* FIELD=VALUE as given */
static struct lb_strv fills = LB_STRV_INIT;    /* field ids */
static int source_col;
struct setv {
	int slot;
	char *value;          /* normalised */
};
static struct setv *setv;
static size_t nsetv;
static int *fillslot;
static size_t nfill;
static int threads;       /* 1: records are normalised on the main thread */
static char *stdin_tmp_name;
/* decoded copies kept open at once: each holds a descriptor until its
 * pass 2, and a quarter of the descriptors at most go to them (the
 * inputs, outputs and copies of FIFOs need the rest) */
static int nspills, max_spills;

/* An unlinked temporary file (0600, under TMPDIR): nothing is left
 * behind whatever ends the run. -1 (errno set) when it cannot be made. */
static int
tmp_fd(void)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl = lb_xasprintf("%s/lb-import.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmpl);

	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	return fd;
}

/*
 * Standard input is read twice: copy it to an unlinked temporary file that
 * becomes file descriptor 0, then rewind before each pass.
 */
static int
stdin_prepare(void)
{
	struct stat st;
	char buf[65536];
	size_t n;
	int fd;

	if (stdin_tmp_name || (fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
	                       lseek(0, 0, SEEK_CUR) == 0)) {
		if (!stdin_tmp_name)
			stdin_tmp_name = "";
		return 0;
	}
	fd = tmp_fd();
	if (fd < 0) {
		lb_warn(_("cannot create a temporary file for standard input: %s"), strerror(errno));
		return -1;
	}
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

/* An input that is not a regular file (a FIFO, <(cat roster.csv), a
 * device) can be read once: it is copied to an unlinked temporary file first,
 * as standard input is, and both passes read the copy under the input's
 * name. A regular file is looked at before each pass: one that changed in
 * between (a row appended) is an error, not a record cut short. */
static int
input_prepare(struct input *in)
{
	char buf[65536];
	ssize_t n;
	int fd, src;

	in->copy = in->spill = -1;
	if (!strcmp(in->path, "-"))
		return 0;
	if (stat(in->path, &in->st) == 0 && S_ISREG(in->st.st_mode))
		return 0;
	if ((src = open(in->path, O_RDONLY)) < 0)
		return 0;           /* the reader says why it cannot be opened */
	fd = tmp_fd();
	if (fd < 0) {
		lb_warn(_("%s: cannot create a temporary file to read it twice: %s"), in->path,
		        strerror(errno));
		close(src);
		return -1;
	}
	while ((n = read(src, buf, sizeof buf)) > 0)
		if (write(fd, buf, (size_t)n) != n) {
			lb_warn(_("%s: cannot copy it to a temporary file: %s"), in->path, strerror(errno));
			close(src);
			close(fd);
			return -1;
		}
	if (n < 0) {
		lb_warn(_("%s: read error: %s"), in->path, strerror(errno));
		close(src);
		close(fd);
		return -1;
	}
	close(src);
	in->copy = fd;
	snprintf(in->copyname, sizeof in->copyname, "/dev/fd/%d", fd);
	return 0;
}

/* 1 if the regular file in changed since input_prepare. */
static int
input_changed(const struct input *in)
{
	struct stat now;

	if (in->copy >= 0 || !strcmp(in->path, "-") || !S_ISREG(in->st.st_mode))
		return 0;
	if (stat(in->path, &now) != 0)
		return 1;
	return now.st_dev != in->st.st_dev || now.st_ino != in->st.st_ino ||
	       now.st_size != in->st.st_size || now.st_mtim.tv_sec != in->st.st_mtim.tv_sec ||
	       now.st_mtim.tv_nsec != in->st.st_mtim.tv_nsec;
}

/* Open in for a pass: its decoded copy after pass 1 wrote one (as
 * UTF-8 CSV with the delimiter pass 1 found, under the input's name), else
 * the copy of a FIFO, else the file itself. */
static int
open_input(struct lb_reader **r, const struct input *in, struct lb_err *err)
{
	struct lb_reader_opts o = ropts;

	lb_err_clear(err);
	if (in->spill >= 0) {
		o.name = in->path;
		o.copy_encoding = in->enc;
		o.format = LB_FMT_CSV;
		o.delim = in->delim;
		o.encoding = NULL;
		return lb_reader_open(r, in->spillname, &o, err);
	}
	if (!strcmp(in->path, "-"))
		stdin_rewind();
	if (in->copy < 0)
		return lb_reader_open(r, in->path, &o, err);
	o.name = in->path;
	return lb_reader_open(r, in->copyname, &o, err);
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
	/* no temporary file (or already as many as a run keeps open at
	 * once: each holds a descriptor until its pass 2): read twice */
	int rc, fd = nspills < max_spills ? tmp_fd() : -1;

	ropts.spill = fd >= 0;
	ropts.spill_fd = fd;
	rc = open_input(&r, in, &err);
	ropts.spill = 0;
	ropts.spill_fd = -1;
	if (rc < 0) {
		if (fd >= 0)
			close(fd);
		report_open_error(&err, in->path);
		return -1;
	}
	if (*kind == LB_KIND_AUTO) {
		*kind = lb_reader_kind(r);
	} else if (lb_reader_kind(r) != *kind) {
		lb_warn(_("%s: is %s, expected %s like the files before it (see --kind)"),
		        lb_reader_name(r), kind_word(lb_reader_kind(r)), kind_word(*kind));
		lb_reader_close(r);
		if (fd >= 0)
			close(fd);
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
	if (rc == 0 && fd >= 0 && lb_reader_spilled(r)) {
		/* pass 2 reads the decoded copy: the FIFO's copy is done with */
		in->spill = fd;
		nspills++;
		snprintf(in->spillname, sizeof in->spillname, "/dev/fd/%d", fd);
		in->enc = lb_xstrdup(lb_reader_encoding(r));
		in->delim = lb_reader_delim(r);
		if (in->copy >= 0) {
			close(in->copy);
			in->copy = -1;
		}
	} else if (fd >= 0) {
		close(fd);
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

/* What the main thread does with each record's normalised values, in
 * input order, whichever thread normalised them: --set, --fill-down (the
 * value above: input order matters), --source-column, the empty-in-block
 * warnings, and the row written. */
struct rows {
	const struct lb_schema *s;
	size_t width, srcslot;
	const char **row;
	char **above;               /* --fill-down: the last value of each field */
	struct lb_buf src;
	int seen[3];
	long *pend[3];              /* empty rows after one with a value */
	size_t npend[3], pcap[3];
};

static const int blockf[3] = {LB_R_SCHOOL, LB_R_GRADE, LB_R_CLASS};

static void
rows_init(struct rows *st, const struct lb_schema *s)
{
	memset(st, 0, sizeof *st);
	st->s = s;
	st->width = s->n + extras.n;
	st->row = lb_xcalloc(st->width + 1, sizeof *st->row);
	st->above = lb_xcalloc(nfill + 1, sizeof *st->above);
	for (size_t j = 0; source_col && j < extras.n; j++)
		if (!strcmp(extras.v[j], "source"))
			st->srcslot = s->n + j;
}

static void
rows_fini(struct rows *st)
{
	for (size_t k = 0; k < nfill; k++)
		free(st->above[k]);
	for (int k = 0; k < 3; k++)
		free(st->pend[k]);
	free(st->above);
	free(st->row);
	lb_buf_fini(&st->src);
}

/* Record at line of file name with normalised values out: the row after
 * --set, --fill-down, --source-column, warnings about school, grade or
 * class left empty in a block, and the row written to tw. Returns
 * LB_EOUTPUT when it could not be written, else 1. */
static int
put_row(struct rows *st, const char *name, long line, const char *const *out, struct lb_tw *tw)
{
	const struct lb_schema *s = st->s;
	const char **row = st->row;

	memcpy(row, out, st->width * sizeof *row);
	for (size_t k = 0; k < nsetv; k++)
		row[setv[k].slot] = setv[k].value;
	for (size_t k = 0; k < nfill; k++) {
		char **above = st->above;
		if (!row[fillslot[k]][0] && above[k])
			row[fillslot[k]] = above[k];
		else if (row[fillslot[k]][0] && (!above[k] || strcmp(above[k], row[fillslot[k]]))) {
			free(above[k]);
			above[k] = lb_xstrdup(row[fillslot[k]]);
		}
	}
	if (st->srcslot && !row[st->srcslot][0]) {   /* kept when the input has one */
		lb_buf_clear(&st->src);
		lb_buf_printf(&st->src, "%s:%ld", name, line);
		row[st->srcslot] = lb_buf_str(&st->src);
	}
	if (s->kind == LB_KIND_ROSTER)
		for (int k = 0; k < 3; k++) {
			int fi = LB_FI(s, blockf[k]);
			if (fi < 0)
				continue;
			if (row[fi][0]) {
				/* the rows left empty since the last one with a value */
				for (size_t q = 0; q < st->npend[k]; q++) {
					struct lb_diags w = {0};
					lb_diags_add(&w, name, st->pend[k][q], s->f[fi].id, LB_WARNING,
					             "empty-in-block", "",
					             _("%s is empty while the rows around have one (a merged cell? see --fill-down)"),
					             s->f[fi].id);
					lb_diag_print(stderr, &w.v[0], reveal);
					lb_diags_fini(&w);
				}
				st->npend[k] = 0;
				st->seen[k] = 1;
			} else if (st->seen[k]) {
				st->pend[k] = lb_xgrow(st->pend[k], &st->pcap[k], st->npend[k] + 1,
				                       sizeof *st->pend[k]);
				st->pend[k][st->npend[k]++] = line;
			}
		}
	return tw && lb_tw_row(tw, row) < 0 ? LB_EOUTPUT : 1;
}

/* ---- normalising in several threads ----
 * The main thread reads batches of records (lb_batch_read); the pool
 * normalises each record (a lb_norm of its own per thread: its own buffers
 * and value memo) and copies the values out; the main thread takes the
 * batches back in input order and writes rows, notes and changes as the
 * one-thread loop does. */

struct ibatch {
	struct lb_batch b;
	struct lb_buf vals;         /* every record's values, NUL-terminated */
	size_t *voff, capv;         /* record i's values start at voff[w * i] */
	size_t w;                   /* values in a record (the layout's width) */
	size_t *fixed, *ch_end, capfixed, capend;
	struct lb_diags ch;         /* changes, record after record */
	size_t *ch_slot, capslot;
	const char **ch_before;
	size_t capbefore;
};

struct iworker {
	struct lb_norm *nm;
};

static void
ibatch_free(struct ibatch *b)
{
	if (!b)
		return;
	lb_batch_fini(&b->b);
	lb_buf_fini(&b->vals);
	free(b->voff);
	free(b->fixed);
	free(b->ch_end);
	lb_diags_fini(&b->ch);
	free(b->ch_slot);
	free(b->ch_before);
	free(b);
}

static void
iwork(void *w_, void *b_)
{
	struct iworker *w = w_;
	struct ibatch *b = b_;
	const char **out;

	lb_buf_clear(&b->vals);
	lb_diags_clear(&b->ch);
	b->fixed = lb_xgrow(b->fixed, &b->capfixed, b->b.n, sizeof *b->fixed);
	b->ch_end = lb_xgrow(b->ch_end, &b->capend, b->b.n, sizeof *b->ch_end);
	for (size_t i = 0; i < b->b.n; i++) {
		size_t from = b->ch.n;
		b->fixed[i] = lb_norm_record(w->nm, &b->b.rec[i], 1, &out, &b->ch);
		b->ch_end[i] = b->ch.n;
		b->ch_slot = lb_xgrow(b->ch_slot, &b->capslot, b->ch.n + 1, sizeof *b->ch_slot);
		b->ch_before = lb_xgrow(b->ch_before, &b->capbefore, b->ch.n + 1, sizeof *b->ch_before);
		for (size_t k = from; k < b->ch.n; k++)
			b->ch_slot[k] = lb_norm_change(w->nm, k - from, &b->ch_before[k]);
		b->voff = lb_xgrow(b->voff, &b->capv, b->w * (i + 1), sizeof *b->voff);
		for (size_t j = 0; j < b->w; j++) {
			b->voff[b->w * i + j] = b->vals.len;
			lb_buf_add(&b->vals, out[j], strlen(out[j]) + 1);
		}
	}
}

/* The main thread's part for one batch, in input order. Returns
 * LB_EOUTPUT when a row could not be written, else 1. */
static int
ifinish(struct lb_reader *r, const struct lb_schema *s, struct ibatch *b, struct lb_tw *tw,
        struct lb_tw *ctw, struct counts *c, size_t *maxn, struct lb_progress *prog,
        const char **row, struct rows *st)
{
	size_t ch0 = 0, n0 = 0;
	const char *name = lb_reader_name(r);

	for (size_t i = 0; i < b->b.n; i++) {
		for (size_t j = 0; j < b->w; j++)
			row[j] = b->vals.s + b->voff[b->w * i + j];
		c->fixed += b->fixed[i];
		if (b->b.rec[i].n > *maxn)
			*maxn = b->b.rec[i].n;
		if (put_row(st, name, b->b.rec[i].line, row, tw) < 0)
			return LB_EOUTPUT;
		for (size_t k = n0; k < b->b.notes_end[i]; k++)
			if (!quiet || b->b.notes.v[k].level > LB_NOTE)
				lb_diag_print(stderr, &b->b.notes.v[k], reveal);
		n0 = b->b.notes_end[i];
		for (size_t k = ch0; k < b->ch_end[i]; k++) {
			if (b->ch.v[k].level > LB_NOTE) {
				c->kept++;
				lb_diag_print(stderr, &b->ch.v[k], reveal);
			}
			if (ctw)
				write_change(ctw, s, &b->ch.v[k], b->ch_slot[k], b->ch_before[k],
				             row[b->ch_slot[k]]);
		}
		ch0 = b->ch_end[i];
		c->records++;
		if ((c->records & 1023) == 0)
			lb_progress_update(prog, lb_reader_bytes(r), c->records);
	}
	return 1;
}

/* Normalise and write r's records in threads; returns what lb_reader_next
 * last returned, LB_EOUTPUT, or -1000 (nothing read) when no thread could
 * start. */
#define NO_THREADS (-1000)
static int
import_threads(struct lb_reader *r, struct lb_tw *tw, struct lb_tw *ctw, struct counts *c,
               size_t *maxn, struct lb_progress *prog, struct rows *rs, struct lb_err *err)
{
	const struct lb_schema *s = lb_reader_schema(r);
	size_t nthr = (size_t)threads, depth = 2 * nthr + 2, nfree = 0;
	struct iworker *wk = lb_xcalloc(nthr, sizeof *wk);
	void **wp = lb_xcalloc(nthr, sizeof *wp);
	struct ibatch **free_b = lb_xcalloc(depth + 1, sizeof *free_b), *done;
	int rc = 1, ok = 1;

	for (size_t i = 0; i < nthr; i++) {
		wk[i].nm = lb_norm_new(r, &extras);
		lb_norm_report_fixes(wk[i].nm, ctw != NULL);
		wp[i] = &wk[i];
	}
	size_t w = s->n + extras.n;   /* every column is known after the first pass */
	const char **row = lb_xcalloc(w ? w : 1, sizeof *row);
	struct lb_par *p = lb_par_new(nthr, depth, iwork, wp);
	if (!p) {
		rc = NO_THREADS;
		goto out;
	}
	while (rc > 0 && ok > 0) {
		struct ibatch *b = nfree ? free_b[--nfree] : lb_xcalloc(1, sizeof *b);
		b->w = w;
		rc = lb_batch_read(&b->b, r, err);
		if (!b->b.n) {
			free_b[nfree++] = b;
			break;
		}
		if (lb_par_pending(p) == depth) {
			done = lb_par_get(p, 1);
			ok = ifinish(r, s, done, tw, ctw, c, maxn, prog, row, rs);
			free_b[nfree++] = done;
		}
		lb_par_put(p, b);
		while (ok > 0 && (done = lb_par_get(p, 0))) {
			ok = ifinish(r, s, done, tw, ctw, c, maxn, prog, row, rs);
			free_b[nfree++] = done;
		}
	}
	while ((done = lb_par_get(p, 1))) {
		if (ok > 0)
			ok = ifinish(r, s, done, tw, ctw, c, maxn, prog, row, rs);
		free_b[nfree++] = done;
	}
	lb_par_free(p);
	if (ok < 0)
		rc = ok;
out:
	for (size_t i = 0; i < nfree; i++)
		ibatch_free(free_b[i]);
	for (size_t i = 0; i < nthr; i++)
		lb_norm_free(wk[i].nm);
	free(row);
	free(free_b);
	free(wp);
	free(wk);
	return rc;
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
	if (open_input(&r, in, &err) < 0) {
		report_open_error(&err, in->path);
		return -1;
	}
	s = lb_reader_schema(r);
	ncols = lb_reader_ncols(r);
	for (size_t i = 0; i < ncols; i++)
		c->mapped += lb_reader_colfield(r, i) >= 0;
	print_notes(r);
	/* the decoded copy is what is read: its size is the whole */
	lb_progress_begin(&prog, in->spill >= 0 ? in->spillname : in->path, quiet);
	nm = lb_norm_new(r, &extras);
	lb_norm_report_fixes(nm, ctw != NULL);   /* only --changes shows them */
	struct rows st;
	rows_init(&st, s);
	rc = threads > 1 ? import_threads(r, tw, ctw, c, &maxn, &prog, &st, &err) : NO_THREADS;
	int here = rc == NO_THREADS;   /* one thread, or no thread could start */
	while (here && (rc = lb_reader_next(r, &rec, &err)) > 0) {
		c->fixed += lb_norm_record(nm, &rec, 1, &out, &ch);
		if (rec.n > maxn)
			maxn = rec.n;
		if (put_row(&st, lb_reader_name(r), rec.line, out, tw) < 0) {
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
	rows_fini(&st);
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

/* Drop an output file that is not to be committed, saying why: its own
 * write error when it had one, else the cause given. */
static void
out_drop(struct lb_out *o, const char *why)
{
	struct lb_err e;

	if (lb_out_finish(o, &e) < 0)
		lb_warn_err(&e);
	else
		lb_warn(_("%s: not written: %s"), lb_out_name(o), why);
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
static const char *const formats[] = {"csv", "yaml", "xlsx", NULL};
static const enum lb_format fmt_of[] = {LB_FMT_CSV, LB_FMT_YAML, LB_FMT_XLSX};
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
			o->fmt = fmt_of[lb_cli_choice("-f", optarg, formats)];
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
		case OPT_EXCEL:
			topts.excel = 1;
			break;
		case OPT_SET:
			if (!strchr(optarg, '=') || optarg[0] == '=')
				lb_usage_error(_("--set '%s': expected FIELD=VALUE"), optarg);
			lb_strv_push(&sets, optarg);
			break;
		case OPT_FILL: {
			char *t = lb_xstrdup(optarg), *save = NULL;
			for (char *f = strtok_r(t, ",", &save); f; f = strtok_r(NULL, ",", &save))
				lb_strv_push(&fills, f);
			free(t);
			break;
		}
		case OPT_SOURCE:
			source_col = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_THREADS:
			threads = lb_cli_threads(optarg, 0);
			break;
		default:
			if (!lb_cli_option(ch, optarg, usage) && !lb_cli_sheet(ch, optarg, &ropts) &&
			    !lb_cli_mode(ch, optarg))
				lb_try_help();
		}
	}
	/* the reader's thread (decoding in pass 1, scanning the copy in
	 * pass 2) keeps one processor busy: on two, workers beside it cost
	 * more than they save (tests/bench/README.md, "reads once") */
	if (!threads)
		threads = lb_cli_threads(NULL, 1);
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
	if (o->fmt == LB_FMT_XLSX && lb_out_is_tty(o->opath))
		lb_usage_error(_("-f xlsx: a workbook is binary and is not written to a terminal; use -o FILE"));
	if (topts.excel && o->fmt != LB_FMT_CSV)
		lb_usage_error(_("--excel: only with CSV output"));
	/* The --schema file is an input too: -o or --changes over it would
	 * destroy it. */
	lb_cli_guard_output("-o", o->opath, o->files, o->nfiles);
	lb_cli_guard_output("--changes", o->cpath, o->files, o->nfiles);
	lb_cli_guard_output("-o", o->opath, (char *const[]){(char *)o->spath}, o->spath ? 1 : 0);
	lb_cli_guard_output("--changes", o->cpath, (char *const[]){(char *)o->spath}, o->spath ? 1 : 0);
	if (o->cpath && lb_same_output(o->cpath, o->opath))
		lb_usage_error(_("%s: the changes file is the output file"), o->cpath);
}

/* The canonical layout under schema s: --source's column among the
 * extras, the --set values normalised and the --fill-down fields (usage
 * errors exit), and the column names (header: zh); *ncols of them. */
static const char **
layout(const struct lb_schema *s, int zh, size_t *ncols)
{
	const char **cols;

	if (source_col) {
		size_t j;
		for (j = 0; j < extras.n && strcmp(extras.v[j], "source"); j++)
			;
		if (j == extras.n)
			lb_strv_push(&extras, "source");
	}
	setv = lb_xcalloc(sets.n + 1, sizeof *setv);
	for (size_t k = 0; k < sets.n; k++) {
		char *eq = strchr(sets.v[k], '='), *f = lb_xstrndup(sets.v[k], (size_t)(eq - sets.v[k]));
		int fi = lb_schema_field(s, f);
		struct lb_buf v = LB_BUF_INIT;
		if (fi < 0)
			fi = lb_schema_match_header(s, f);
		if (fi < 0)
			lb_usage_error(_("--set %s: no such field"), f);
		lb_value_normalize(&s->f[fi], eq + 1, &v, NULL);
		setv[nsetv].slot = fi;
		setv[nsetv++].value = lb_buf_steal(&v);
		if (!setv[nsetv - 1].value)
			setv[nsetv - 1].value = lb_xstrdup("");
		free(f);
	}
	fillslot = lb_xcalloc(fills.n + 1, sizeof *fillslot);
	for (size_t k = 0; k < fills.n; k++) {
		int fi = lb_schema_field(s, fills.v[k]);
		if (fi < 0)
			fi = lb_schema_match_header(s, fills.v[k]);
		if (fi < 0)
			lb_usage_error(_("--fill-down %s: no such field"), fills.v[k]);
		fillslot[nfill++] = fi;
	}
	*ncols = s->n + extras.n;
	cols = lb_xcalloc(*ncols, sizeof *cols);
	for (size_t i = 0; i < s->n; i++)
		cols[i] = zh ? s->f[i].zh : s->f[i].id;
	for (size_t i = 0; i < extras.n; i++)
		cols[s->n + i] = extras.v[i];
	return cols;
}

/* Pass 2: each input pass 1 read well written to tw, its changes to ctw;
 * one changed since pass 1 is refused. LB_EXIT_FAIL when one failed. */
static int
pass2(const struct opts *o, struct input *in, struct lb_tw *tw, struct lb_tw *ctw)
{
	int status = LB_EXIT_OK;

	for (size_t i = 0; i < o->nfiles; i++) {
		struct counts c;
		int rc;
		if (!in[i].ok)
			continue;
		if (input_changed(&in[i])) {
			lb_warn(_("%s: changed while it was read (between the two passes): run again"),
			        in[i].path);
			status = LB_EXIT_FAIL;
			continue;
		}
		rc = import(&in[i], tw, ctw, &c);
		if (in[i].spill >= 0) {   /* the disk it took is given back now */
			close(in[i].spill);
			in[i].spill = -1;
			nspills--;
		}
		if (rc < 0)
			status = LB_EXIT_FAIL;
		if (rc >= 0 && input_changed(&in[i])) {
			lb_warn(_("%s: changed while it was read (between the two passes): run again"),
			        in[i].path);
			status = LB_EXIT_FAIL;
		}
		if (rc == LB_EOUTPUT)
			break;      /* lb_out_commit or lb_out_abort says why */
	}
	return status;
}

/* The outputs commit together or not at all: each is finished (flushed,
 * checked, synced) first; one that fails drops the other, and the
 * message names the real cause (a full disk under --changes, not "an
 * input could not be read"). The status after. */
static int
commit_outputs(const struct opts *o, struct lb_out *out, struct lb_out *cout, int input_failed,
               int status)
{
	struct lb_err err;
	char *why = NULL;
	struct lb_out **outs[2] = {&out, &cout};
	for (int k = 0; k < 2 && !input_failed; k++) {
		struct lb_out *x = *outs[k];
		if (!x || lb_out_finish(x, &err) == 0)
			continue;
		lb_warn_err(&err);
		status = LB_EXIT_FAIL;
		why = lb_xasprintf(_("%s could not be written"), lb_out_name(x));
		lb_out_abort(x);
		*outs[k] = NULL;
		break;
	}
	if (status == LB_EXIT_OK) {
		if (out && lb_out_commit(out, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
		if (cout && lb_out_commit(cout, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
		}
	} else {
		/* Nothing half-done is left behind: no file, or the old one. */
		const char *cause = why ? why : _("an input could not be read");
		if (out && o->opath && strcmp(o->opath, "-"))
			out_drop(out, cause);
		else if (out && lb_out_commit(out, &err) < 0)   /* stdout: the good ones */
			lb_warn_err(&err);
		else if (o->opath && strcmp(o->opath, "-") && !why)
			lb_warn(_("%s: not written: %s"), o->opath, cause);
		if (cout)
			out_drop(cout, cause);
	}
	free(why);
	return status;
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
	struct rlimit nofile;
	max_spills = getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY &&
	             nofile.rlim_cur / 4 < 256 ? (int)(nofile.rlim_cur / 4) : 256;

	/* Pass 1. */
	in = lb_xcalloc(o.nfiles, sizeof *in);
	for (size_t i = 0; i < o.nfiles; i++) {
		in[i].path = o.files[i];
		if (input_prepare(&in[i]) < 0) {
			status = LB_EXIT_FAIL;
			continue;
		}
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
	cols = layout(s, o.zh, &ncols);

	/* With -o, one bad input means no output file; to stdout, the good ones. */
	if (status == LB_EXIT_OK || !o.opath || !strcmp(o.opath, "-")) {
		if (lb_out_open_data(&out, o.opath, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
			goto done_cols;
		}
		tw = lb_tw_open_opt(out, o.fmt, cols, ncols, &topts);
	}
	if (o.cpath && status == LB_EXIT_OK) {
		static const char *ccols[] = {"file", "line", "field", "before", "after", "action"};
		if (lb_out_open_data(&cout, o.cpath, &err) < 0) {
			lb_warn_err(&err);
			status = LB_EXIT_FAIL;
			lb_tw_end(tw);
			lb_out_abort(out);
			out = NULL;
			tw = NULL;
			goto done_cols;
		}
		ctw = lb_tw_open(cout, LB_FMT_CSV, ccols, 6);
		lb_tw_person(ctw);   /* a person reads the changes */
	}

	if (pass2(&o, in, tw, ctw) != LB_EXIT_OK)
		status = LB_EXIT_FAIL;
	int input_failed = status != LB_EXIT_OK;
	if (tw && lb_tw_end(tw) < 0)
		status = LB_EXIT_FAIL;
	if (ctw && lb_tw_end(ctw) < 0)
		status = LB_EXIT_FAIL;
	status = commit_outputs(&o, out, cout, input_failed, status);
done_cols:
	free(cols);
done:
	if (lb_fshut(stdout, "<stdout>"))
		status = LB_EXIT_FAIL;
	for (size_t i = 0; in && i < o.nfiles; i++) {
		if (in[i].copy >= 0)
			close(in[i].copy);
		if (in[i].spill >= 0)
			close(in[i].spill);
		free(in[i].enc);
	}
	free(in);
	lb_strv_fini(&maps);
	lb_strv_fini(&extras);
	lb_schema_free(user_schema);
	return status;
}
