/*
 * reader_yaml.c — YAML data files (see reader.c): streamed through a
 * temporary file and parsed twice with libyaml's event API, first for the
 * check and the keys, then into rows, one record at a time, with the line
 * each record starts on and its bytes.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"

/* ---- YAML data ----------------------------------------------------------- */

/* The decoded text goes to a temporary file (mode 0600, unlinked at once),
 * unless the input is a named regular file in UTF-8 without a BOM, which is
 * its own text;
 * a first pass of libyaml over it checks the whole list and collects the
 * keys (the columns, in the order first met); a second pass hands out one
 * record at a time. Only the record at hand and the one before it are
 * held. */
struct yread {
	FILE *tf;                 /* the decoded text */
	int own_tf;               /* tf is a temporary file (else the input) */
	unsigned long long len;   /* its bytes */
	yaml_parser_t p;
	int p_ok;
	struct lb_strv cols;      /* every key, from the first pass */
	struct row rows[2];       /* the record built and the one before */
	int bi, pend;             /* rows[bi] is built; rows[pend] complete or -1 */
	long first_line0;         /* the first record's line (0-based) or -1 */
	/* Byte offsets of the starts of lines lbase, lbase + 1, ... (libyaml's
	 * marks count characters, so an item's bytes are found by line). */
	size_t *lv, ln, lcap, lbase;
	struct ystate *st;        /* the second pass's event loop */
	unsigned long long lpos;  /* the lines are counted up to here */
	int leof;
};

/* Count the lines of the next chunk of the text. */
static void
lines_more(struct yread *yr)
{
	unsigned char b[CHUNK];
	ssize_t n = pread(fileno(yr->tf), b, sizeof b, (off_t)yr->lpos);

	if (n <= 0) {
		yr->leof = 1;
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		int brk = b[i] == '\n';
		if (b[i] == '\r') {
			unsigned char c = 0;
			if (i + 1 < n)
				c = b[i + 1];
			else if (pread(fileno(yr->tf), &c, 1, (off_t)(yr->lpos + (size_t)n)) != 1)
				c = 0;
			brk = c != '\n';
		}
		if (brk) {
			yr->lv = lb_xgrow(yr->lv, &yr->lcap, yr->ln + 1, sizeof *yr->lv);
			yr->lv[yr->ln++] = (size_t)(yr->lpos + (size_t)i + 1);
		}
	}
	yr->lpos += (size_t)n;
}

/* The byte offset of the start of line line0 (0-based), the text's length
 * past its last line. */
static size_t
line_off(struct yread *yr, size_t line0)
{
	while (line0 >= yr->lbase + yr->ln && !yr->leof)
		lines_more(yr);
	if (line0 < yr->lbase)
		return yr->ln ? yr->lv[0] : 0;
	return line0 < yr->lbase + yr->ln ? yr->lv[line0 - yr->lbase] : (size_t)yr->len;
}

/* Forget the lines before line0. */
static void
lines_trim(struct yread *yr, size_t line0)
{
	size_t k;

	if (line0 <= yr->lbase)
		return;
	k = line0 - yr->lbase;
	if (k > yr->ln)
		k = yr->ln;
	memmove(yr->lv, yr->lv + k, (yr->ln - k) * sizeof *yr->lv);
	yr->ln -= k;
	yr->lbase += k;
}

static int
yaml_err(struct lb_reader *r, yaml_parser_t *p, struct lb_err *err)
{
	return lb_err_set(err, LB_EPARSE, r->name, (long)p->problem_mark.line + 1, "%s",
	                  p->problem ? p->problem : _("malformed YAML"));
}

/* Bytes up to a whole UTF-8 character: the length of s[0..n) without an
 * incomplete character at its end. */
static size_t
utf8_whole(const char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = (unsigned char)s[n - k];
		if (c < 0x80)
			return n;
		if (c >= 0xC0) {
			size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			return want > k ? n - k : n;
		}
	}
	return n;
}

/* The whole decoded text into a temporary file, its lines counted so that a
 * decode error names its line; *blank: the text is white space only. */
static int
yaml_spool(struct lb_reader *r, struct yread *yr, int *blank, struct lb_err *err)
{
	const char *tmp = getenv("TMPDIR");
	struct lb_buf probe = {0};
	char *path;
	int rc, fd;
	struct stat st;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	/* A named regular file in UTF-8 without a BOM is its own text. */
	if (r->own_fp && r->enc == ENC_UTF8 && fstat(fileno(r->fp), &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		yr->tf = r->fp;
	} else {
		path = lb_xasprintf("%s/lb-yaml.XXXXXX", tmp);
		if ((fd = mkstemp(path)) < 0 || !(yr->tf = fdopen(fd, "w+b"))) {
			if (fd >= 0) {
				unlink(path);
				close(fd);
			}
			free(path);
			return lb_err_sys(err, r->name, _("cannot make a temporary file"));
		}
		yr->own_tf = 1;
		unlink(path);
		free(path);
	}
	*blank = 1;
	for (;;) {
		if (r->dpos < r->dlen) {
			const char *d = r->dec + r->dpos;
			size_t n = r->dlen - r->dpos;
			if (yr->own_tf && fwrite(d, 1, n, yr->tf) != n) {
				lb_buf_fini(&probe);
				return lb_err_sys(err, r->name, _("cannot make a temporary file"));
			}
			yr->len += n;
			if (*blank) {   /* blank so far: look at what is new */
				size_t w;
				lb_buf_add(&probe, d, n);
				w = utf8_whole(probe.s, probe.len);
				char keep[4];
				size_t nk = probe.len - w;
				memcpy(keep, probe.s + w, nk);
				probe.len = w;
				probe.s[w] = 0;
				if (!lb_rd_blank_text(probe.s))
					*blank = 0;
				lb_buf_clear(&probe);
				lb_buf_add(&probe, keep, nk);
			}
			/* count lines so a decode error names its line */
			for (size_t i = r->dpos; i < r->dlen; i++)
				if (r->dec[i] == '\n' || (r->dec[i] == '\r' &&
				    (i + 1 >= r->dlen || r->dec[i + 1] != '\n')))
					r->line++;
			r->dpos = r->dlen;
		}
		if ((rc = lb_rd_dec_fill(r, err)) < 0) {
			lb_buf_fini(&probe);
			return rc;
		}
		if (rc == 0)
			break;
	}
	if (*blank && probe.len)
		*blank = 0;
	lb_buf_fini(&probe);
	if (yr->own_tf && fflush(yr->tf) != 0)
		return lb_err_sys(err, r->name, _("cannot make a temporary file"));
	return 0;
}

/* The event loop's state: depth 0 the stream, 1 the list, 2 a record
 * (w); key the key whose value comes next; cols the keys met; pass 1 the
 * check and the keys, 2 the records (yr->pend one when ready). */
struct ystate {
	int depth, done, inseq, pass, ready;
	struct row *w;
	char *key;
	long keyline;
	struct lb_strv *cols;
	struct yread *yr;
};

/* A mapping starts: a record, at depth 1 only. */
static int
yaml_record(struct lb_reader *r, struct ystate *y, const yaml_event_t *e, long line,
            struct lb_err *err)
{
	struct yread *yr = y->yr;
	struct row *w;

	if (e->data.mapping_start.anchor)
		return lb_err_set(err, LB_EPARSE, r->name, line, _("anchors are not allowed"));
	if (y->depth != 1)
		return lb_err_set(err, LB_ENOTABLE, r->name, line,
		                  y->depth == 0 ? _("expected a YAML list of records (\"- field: value\")")
		                                : _("expected a text value, not a mapping"));
	y->depth = 2;
	if (y->pass == 1) {
		if (yr->first_line0 < 0)
			yr->first_line0 = (long)e->start_mark.line;
		w = y->w = &yr->rows[0];
		lb_rd_row_clear(w);
		w->line = line;
		return 0;
	}
	yr->bi = yr->pend >= 0 ? !yr->pend : 0;
	w = y->w = &yr->rows[yr->bi];
	lb_rd_row_clear(w);
	w->line = line;
	if (r->o.keep_raw)
		w->yraw0 = line_off(yr, e->start_mark.line);
	if (yr->pend >= 0) {   /* the record before ends where this one starts */
		yr->rows[yr->pend].yraw1 = w->yraw0;
		y->ready = 1;
	}
	return 0;
}

/* A scalar in a record: a key, or the value of the key before it (~ and
 * null are empty); a key given twice is an error. */
static int
yaml_scalar(struct lb_reader *r, struct ystate *y, const yaml_event_t *e, long line,
            struct lb_err *err)
{
	const char *v = (const char *)e->data.scalar.value;
	size_t vl = e->data.scalar.length, c;
	int rc = 0;

	if (e->data.scalar.anchor)
		return lb_err_set(err, LB_EPARSE, r->name, line, _("anchors are not allowed"));
	if (y->depth != 2)
		return lb_err_set(err, LB_ENOTABLE, r->name, line,
		                  _("expected a YAML list of records (\"- field: value\")"));
	if (!y->key) {
		y->key = lb_xstrndup(v, vl);
		y->keyline = line;
		return 0;
	}
	if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ((vl == 1 && v[0] == '~') || (vl == 4 && (!memcmp(v, "null", 4) ||
	     !memcmp(v, "Null", 4) || !memcmp(v, "NULL", 4)))))
		vl = 0;
	for (c = 0; c < y->cols->n; c++)
		if (!strcmp(y->cols->v[c], y->key))
			break;
	if (c == y->cols->n)
		lb_strv_push(y->cols, y->key);
	for (size_t j = 0; j < y->w->n; j++)
		if (y->w->col[j] == c) {
			rc = lb_err_set(err, LB_EPARSE, r->name, y->keyline,
			                _("duplicate key '%s'"), y->key);
			lb_rd_set_field(err, y->key);
			break;
		}
	if (rc == 0)
		lb_rd_row_addcell(y->w, v, vl, c);
	free(y->key);
	y->key = NULL;
	return rc;
}

/* One event of the list of records; 0 or an error. */
static int
yaml_event(struct lb_reader *r, struct ystate *y, const yaml_event_t *e, struct lb_err *err)
{
	long line = (long)e->start_mark.line + 1;

	switch (e->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		y->done = 1;
		return 0;
	case YAML_ALIAS_EVENT:
		return lb_err_set(err, LB_EPARSE, r->name, line, _("aliases are not allowed"));
	case YAML_SEQUENCE_START_EVENT:
		if (e->data.sequence_start.anchor)
			return lb_err_set(err, LB_EPARSE, r->name, line, _("anchors are not allowed"));
		if (y->depth != 0 || y->inseq)
			return lb_err_set(err, LB_EPARSE, r->name, line,
			                  _("expected a text value, not a list"));
		y->inseq = 1;
		y->depth = 1;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
		y->depth = 0;
		return 0;
	case YAML_MAPPING_START_EVENT:
		return yaml_record(r, y, e, line, err);
	case YAML_MAPPING_END_EVENT:
		y->depth = 1;
		if (y->pass == 2) {
			if (r->o.keep_raw)
				y->w->yraw1 = line_off(y->yr, e->start_mark.line + (e->start_mark.column > 0));
			y->yr->pend = y->yr->bi;
		}
		y->w = NULL;
		return 0;
	case YAML_SCALAR_EVENT:
		return yaml_scalar(r, y, e, line, err);
	default:
		return 0;
	}
}

/* The schema and columns of the records' keys cols (the kind asked for
 * when none fits well), the raw bytes before the first record kept. */
static int
yaml_columns(struct lb_reader *r, struct yread *yr, struct lb_strv *cols, struct lb_err *err)
{
	struct score sc;
	const struct lb_schema *s = lb_rd_best_schema(r, cols->v, cols->n, &sc);
	int rc;

	if (!s) {
		struct score a = lb_rd_score_names(r, r->rs, cols->v, cols->n);
		struct score b = lb_rd_score_names(r, r->as, cols->v, cols->n);
		if (r->o.kind == LB_KIND_ROSTER)
			s = r->rs;
		else if (r->o.kind == LB_KIND_ACTIVITY)
			s = r->as;
		else if (a.distinct == 0 && b.distinct == 0 && cols->n > 0)
			return lb_err_set(err, LB_ENOTABLE, r->name, 0,
			                  _("no known field names in the YAML records: expected a roster or activity log"));
		else
			s = b.distinct > a.distinct ? r->as : r->rs;
	}
	rc = lb_rd_set_columns(r, s, cols, 0, err);
	if (rc == 0)
		rc = lb_rd_check_maps(r, err);
	/* lb_rd_set_columns drops trailing nameless columns; YAML has none. */
	if (rc == 0 && r->o.keep_raw) {
		size_t n = yr->first_line0 >= 0 ? line_off(yr, (size_t)yr->first_line0) : 0;
		if (n > 0) {
			char *b = lb_xmalloc(n);
			if (pread(fileno(yr->tf), b, n, 0) != (ssize_t)n)
				rc = lb_err_sys(err, r->name, _("cannot read the temporary file"));
			else
				lb_buf_add(&r->hraw, b, n);
			free(b);
		}
	}
	return rc;
}

/* A pass of libyaml over the text from its start. */
static int
yaml_start(struct lb_reader *r, struct yread *yr, struct lb_err *err)
{
	if (yr->p_ok)
		yaml_parser_delete(&yr->p);
	yr->p_ok = 0;
	memset(&yr->p, 0, sizeof yr->p);
	if (!yaml_parser_initialize(&yr->p))
		return lb_err_set(err, LB_EPARSE, r->name, 0, _("cannot initialise the YAML parser"));
	yr->p_ok = 1;
	rewind(yr->tf);
	yaml_parser_set_input_file(&yr->p, yr->tf);
	return 0;
}

void
lb_rd_yaml_close(struct lb_reader *r)
{
	struct yread *yr = r->yaml;

	if (!yr)
		return;
	if (yr->p_ok)
		yaml_parser_delete(&yr->p);
	if (yr->tf && yr->own_tf)
		fclose(yr->tf);
	lb_strv_fini(&yr->cols);
	lb_rd_row_fini(&yr->rows[0]);
	lb_rd_row_fini(&yr->rows[1]);
	free(yr->lv);
	if (yr->st)
		free(yr->st->key);
	free(yr->st);
	free(yr);
	r->yaml = NULL;
}

int
lb_rd_read_yaml(struct lb_reader *r, struct lb_err *err)
{
	struct yread *yr = lb_xcalloc(1, sizeof *yr);
	yaml_event_t e;
	struct ystate y;
	int rc, blank = 0;

	r->yaml = yr;
	yr->pend = -1;
	yr->first_line0 = -1;
	yr->lv = lb_xgrow(yr->lv, &yr->lcap, 1, sizeof *yr->lv);
	yr->lv[yr->ln++] = 0;
	if ((rc = yaml_spool(r, yr, &blank, err)) < 0)
		return rc;
	if (blank)
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("empty file, expected a CSV or YAML table"));
	if ((rc = yaml_start(r, yr, err)) < 0)
		return rc;
	memset(&y, 0, sizeof y);
	y.pass = 1;
	y.yr = yr;
	y.cols = &yr->cols;
	while (!y.done) {
		if (!yaml_parser_parse(&yr->p, &e)) {
			rc = yaml_err(r, &yr->p, err);
			break;
		}
		rc = yaml_event(r, &y, &e, err);
		yaml_event_delete(&e);
		if (rc < 0)
			break;
	}
	free(y.key);
	if (rc == 0 && !y.inseq)
		rc = lb_err_set(err, LB_ENOTABLE, r->name, 1,
		                _("expected a YAML list of records (\"- field: value\")"));
	if (rc == 0)
		rc = yaml_columns(r, yr, &yr->cols, err);
	if (rc == 0)
		rc = yaml_start(r, yr, err);
	return rc;
}

/* The next record of the second pass into *wp: 1, or 0 at the end (the
 * first pass found the text sound, so an error here is the system's). A
 * record is handed out when the next one starts (its bytes run up to
 * there) or at the end of the text. */
int
lb_rd_yaml_next(struct lb_reader *r, struct row **wp, struct lb_err *err)
{
	struct yread *yr = r->yaml;
	struct ystate *y;
	struct row *w;
	yaml_event_t e;
	int rc;

	if (!yr->st) {
		y = yr->st = lb_xcalloc(1, sizeof *y);
		y->pass = 2;
		y->yr = yr;
		y->cols = &yr->cols;
	}
	y = yr->st;
	while (!y->done && !y->ready) {
		if (!yaml_parser_parse(&yr->p, &e))
			return yaml_err(r, &yr->p, err);
		rc = yaml_event(r, y, &e, err);
		yaml_event_delete(&e);
		if (rc < 0)
			return rc;
	}
	if (!y->ready && yr->pend < 0)
		return 0;
	w = &yr->rows[yr->pend];
	yr->pend = -1;
	if (y->ready && r->o.keep_raw)   /* the record built starts on its line */
		lines_trim(yr, (size_t)(yr->rows[yr->bi].line - 1));
	y->ready = 0;
	lb_buf_clear(&w->raw);
	if (r->o.keep_raw && w->yraw1 > w->yraw0) {
		size_t n = w->yraw1 - w->yraw0;
		char *b = lb_xmalloc(n);
		if (pread(fileno(yr->tf), b, n, (off_t)w->yraw0) != (ssize_t)n) {
			free(b);
			return lb_err_sys(err, r->name, _("cannot read the temporary file"));
		}
		lb_buf_add(&w->raw, b, n);
		free(b);
	}
	*wp = w;
	return 1;
}
