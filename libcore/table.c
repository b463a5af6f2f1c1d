/*
 * table.c — records in canonical layout: lb_norm (streaming) and lb_table
 * (a whole file in memory).
 *
 * lb_norm maps each reader column to a slot of the canonical layout: a
 * known field goes to its place in the schema, anything else to an extra
 * column named by its header text. Two unknown columns with the same header
 * text in one file get two extra columns (the k-th column called "X" of a
 * file maps to the k-th extra called "X"), so nothing is ever merged away.
 *
 * lb_table keeps its values in an arena of large blocks: a province's
 * roster (10^6 rows × 40 values) costs a few hundred allocations, not 4×10^7.
 * A spilled table (lb_table_spill, for lb-merge) writes each row's values,
 * NUL-terminated, one after another, to an unlinked temporary file through a
 * 1 MiB buffer and keeps the row's key, offset and length; lb_table_load
 * reads a row back with one pread.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "table.h"
#include "util.h"
#include "value.h"

/* ---- lb_norm -------------------------------------------------------------- */

struct lb_norm {
	const struct lb_reader *r;
	const struct lb_schema *s;
	struct lb_strv *extras;
	size_t ncols;           /* reader columns */
	size_t *slot;           /* reader column → slot in the layout */
	const char **out;       /* the layout handed back */
	size_t outcap;
	struct lb_buf *bufs;    /* normalised values, one per slot */
	size_t nbufs;
	struct lb_buf tmp;
	size_t *chslot;         /* the last call's changes: slot and cell */
	const char **chcell;
	size_t nch, chcap;
	int nofix;              /* lb_norm_report_fixes(nm, 0) */
	struct lb_vmemo *memo;  /* per schema field: values found canonical lately */
};

/* The slot of the k-th (0-based) extra column called name; added when missing. */
static size_t
extra_slot(struct lb_norm *nm, const char *name, size_t k)
{
	struct lb_strv *x = nm->extras;
	size_t seen = 0;

	for (size_t i = 0; i < x->n; i++)
		if (!strcmp(x->v[i], name) && seen++ == k)
			return nm->s->n + i;
	while (seen <= k) {
		lb_strv_push(x, name);
		seen++;
	}
	return nm->s->n + x->n - 1;
}

/* How many of the reader columns before i are unknown and called name. */
static size_t
earlier_same(const struct lb_norm *nm, size_t i, const char *name, struct lb_buf *tmp)
{
	size_t k = 0;

	for (size_t j = 0; j < i; j++) {
		const char *cn;
		if (lb_reader_colfield(nm->r, j) >= 0)
			continue;
		cn = lb_reader_colname(nm->r, j);
		if (!cn || !*cn) {
			lb_buf_clear(tmp);
			lb_buf_printf(tmp, "#%zu", j + 1);
			cn = lb_buf_str(tmp);
		}
		if (!strcmp(cn, name))
			k++;
	}
	return k;
}

struct lb_norm *
lb_norm_new(const struct lb_reader *r, struct lb_strv *extras)
{
	struct lb_norm *nm = lb_xcalloc(1, sizeof *nm);
	struct lb_buf name = LB_BUF_INIT, tmp = LB_BUF_INIT;

	nm->r = r;
	nm->s = lb_reader_schema(r);
	nm->extras = extras;
	nm->ncols = lb_reader_ncols(r);
	nm->slot = lb_xcalloc(nm->ncols ? nm->ncols : 1, sizeof *nm->slot);
	nm->memo = lb_xcalloc(nm->s->n ? nm->s->n : 1, sizeof *nm->memo);
	for (size_t i = 0; i < nm->ncols; i++) {
		int f = lb_reader_colfield(r, i);
		const char *cn;

		if (f >= 0) {
			nm->slot[i] = (size_t)f;
			continue;
		}
		cn = lb_reader_colname(r, i);
		lb_buf_clear(&name);
		if (cn && *cn)
			lb_buf_adds(&name, cn);
		else
			lb_buf_printf(&name, "#%zu", i + 1);
		nm->slot[i] = extra_slot(nm, lb_buf_str(&name),
		                         earlier_same(nm, i, lb_buf_str(&name), &tmp));
	}
	lb_buf_fini(&name);
	lb_buf_fini(&tmp);
	return nm;
}

void
lb_norm_report_fixes(struct lb_norm *nm, int on)
{
	nm->nofix = !on;
}

void
lb_norm_free(struct lb_norm *nm)
{
	if (!nm)
		return;
	for (size_t i = 0; i < nm->nbufs; i++)
		lb_buf_fini(&nm->bufs[i]);
	free(nm->bufs);
	free(nm->out);
	free(nm->slot);
	free(nm->memo);
	free(nm->chslot);
	free(nm->chcell);
	lb_buf_fini(&nm->tmp);
	free(nm);
}

/* Make room for the current layout width. */
static size_t
layout(struct lb_norm *nm)
{
	size_t w = nm->s->n + nm->extras->n;

	if (w > nm->outcap) {
		nm->out = lb_xrealloc(nm->out, w * sizeof *nm->out);
		nm->outcap = w;
	}
	if (w > nm->nbufs) {
		nm->bufs = lb_xrealloc(nm->bufs, w * sizeof *nm->bufs);
		memset(nm->bufs + nm->nbufs, 0, (w - nm->nbufs) * sizeof *nm->bufs);
		nm->nbufs = w;
	}
	return w;
}

static const char *
slot_name(const struct lb_norm *nm, size_t slot)
{
	return slot < nm->s->n ? nm->s->f[slot].id : nm->extras->v[slot - nm->s->n];
}

/* Remember which slot and cell the diag just added is about. */
static void
note_change(struct lb_norm *nm, size_t slot, const char *in)
{
	size_t cap = nm->chcap;

	nm->chslot = lb_xgrow(nm->chslot, &cap, nm->nch + 1, sizeof *nm->chslot);
	nm->chcell = lb_xgrow(nm->chcell, &nm->chcap, nm->nch + 1, sizeof *nm->chcell);
	nm->chslot[nm->nch] = slot;
	nm->chcell[nm->nch++] = in;
}

size_t
lb_norm_change(const struct lb_norm *nm, size_t k, const char **before)
{
	if (k >= nm->nch) {
		*before = "";
		return 0;
	}
	*before = nm->chcell[k];
	return nm->chslot[k];
}

/* Normalise the value in slot; returns 1 when it changed. */
static size_t
norm_value(struct lb_norm *nm, size_t slot, const char *in, long line,
           struct lb_diags *changes)
{
	struct lb_buf *b = &nm->bufs[slot];
	const char *file = lb_reader_name(nm->r);
	struct lb_vnote note;
	enum lb_vres res;

	if (slot >= nm->s->n) {
		lb_buf_clear(b);
		/* An extra column: no type known, only the ends are trimmed. */
		const char *p = in;
		size_t len = strlen(in);
		lb_trim(&p, &len);
		if (len == strlen(in))
			return 0;
		lb_buf_add(b, p, len);
		lb_buf_addc(b, '\0');
		b->len--;
		nm->out[slot] = lb_buf_str(b);
		if (changes && !nm->nofix) {
			lb_diags_add(changes, file, line, slot_name(nm, slot), LB_NOTE, "fixed",
			             in, "%s → %s", in, nm->out[slot]);
			note_change(nm, slot, in);
		}
		return 1;
	}
	note.code = NULL;
	note.msg[0] = note.suggest[0] = '\0';
	res = lb_value_normalize_memo(&nm->s->f[slot], &nm->memo[slot], in, b, &note);
	if (res == LB_V_SAME)
		return 0;
	nm->out[slot] = lb_buf_str(b);
	if (res == LB_V_FIXED) {
		if (changes && !nm->nofix) {
			lb_diags_add(changes, file, line, slot_name(nm, slot), LB_NOTE, "fixed",
			             in, "%s → %s", in, nm->out[slot]);
			note_change(nm, slot, in);
		}
		return 1;
	}
	if (changes) {
		lb_diags_add(changes, file, line, slot_name(nm, slot), LB_WARNING,
		             note.code ? note.code : "value", in, "%s", note.msg);
		note_change(nm, slot, in);
	}
	return 0;
}

size_t
lb_norm_record(struct lb_norm *nm, const struct lb_record *rec, int normalize,
               const char ***out, struct lb_diags *changes)
{
	struct lb_buf name = LB_BUF_INIT;
	size_t w, fixed = 0;

	/* Surplus cells first: they may widen the layout. */
	for (size_t i = nm->ncols; i < rec->n; i++) {
		lb_buf_clear(&name);
		lb_buf_printf(&name, "#%zu", i + 1);
		(void)extra_slot(nm, lb_buf_str(&name), 0);
	}
	w = layout(nm);
	nm->nch = 0;
	for (size_t i = 0; i < w; i++)
		nm->out[i] = "";
	for (size_t i = 0; i < rec->n; i++) {
		size_t slot;
		const char *v = rec->cells[i] ? rec->cells[i] : "";

		if (i < nm->ncols) {
			slot = nm->slot[i];
		} else {
			lb_buf_clear(&name);
			lb_buf_printf(&name, "#%zu", i + 1);
			slot = extra_slot(nm, lb_buf_str(&name), 0);
		}
		nm->out[slot] = v;
		if (normalize && *v)
			fixed += norm_value(nm, slot, v, rec->line, changes);
	}
	lb_buf_fini(&name);
	*out = nm->out;
	return fixed;
}

/* ---- the arena ------------------------------------------------------------ */

struct arena {
	struct lb_arena mem;
	size_t *width;          /* width of each row's v[] */
	size_t wcap;
	/* lb_table_spill: the key's field (LB_R_…; -1: no spill), the file
	 * (unlinked), its length, and the bytes not yet written to it */
	int spill_key;
	int fd;
	unsigned long long end;
	char *wbuf;
	size_t wlen;
};

enum { SPILL_WBUF = 1 << 20 };

static void
arena_free(struct arena *a)
{
	if (!a)
		return;
	lb_arena_fini(&a->mem);
	free(a->width);
	if (a->fd >= 0)
		close(a->fd);
	free(a->wbuf);
	free(a);
}

/* ---- the spill ------------------------------------------------------------ */

/* Write the buffered bytes to the spill. */
static int
spill_flush(struct arena *a, struct lb_err *err)
{
	size_t done = 0;

	while (done < a->wlen) {
		ssize_t n = write(a->fd, a->wbuf + done, a->wlen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return lb_err_sys(err, "", _("cannot write the temporary file"));
		done += (size_t)n;
	}
	a->wlen = 0;
	return 0;
}

static int
spill_open(struct arena *a, struct lb_err *err)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	path = lb_xasprintf("%s/lb-merge.XXXXXX", tmp);
	a->fd = mkstemp(path);   /* 0600 */
	if (a->fd < 0) {
		free(path);
		return lb_err_sys(err, tmp, _("cannot make a temporary file"));
	}
	unlink(path);            /* gone with the process, however it ends */
	free(path);
	(void)fcntl(a->fd, F_SETFD, FD_CLOEXEC);
	a->wbuf = lb_xmalloc(SPILL_WBUF);
	return 0;
}

/* Append the w values v[] (each with its NUL) to the spill as row r's. */
static int
spill_row(struct arena *a, struct lb_row *r, const char *const *v, size_t w,
          struct lb_err *err)
{
	unsigned long long off = a->end;
	size_t len = 0;

	for (size_t k = 0; k < w; k++) {
		size_t n = strlen(v[k]) + 1;
		const char *p = v[k];
		len += n;
		while (n) {
			size_t room = SPILL_WBUF - a->wlen, c = n < room ? n : room;
			memcpy(a->wbuf + a->wlen, p, c);
			a->wlen += c;
			p += c;
			n -= c;
			if (a->wlen == SPILL_WBUF && spill_flush(a, err) < 0)
				return LB_EIO;
		}
	}
	a->end += len;
	r->off = off;
	r->len = len;
	return 0;
}

void
lb_table_spill(struct lb_table *t, int known)
{
	struct arena *a = t->arena;

	a->spill_key = known;
}

void
lb_rowbuf_fini(struct lb_rowbuf *rb)
{
	if (!rb)
		return;
	free(rb->buf);
	free(rb->v);
	memset(rb, 0, sizeof *rb);
}

int
lb_table_load(struct lb_table *t, size_t i, struct lb_rowbuf *rb, char ***v,
              struct lb_err *err)
{
	static char empty[1];
	struct arena *a = t->arena;
	struct lb_row *r = &t->rows[i];
	size_t w = t->schema->n + t->extras.n, k = 0, got = 0;
	char *p, *e;

	if (r->v) {
		*v = r->v;
		return 0;
	}
	if (a->wlen && r->off + r->len > a->end - a->wlen && spill_flush(a, err) < 0)
		return LB_EIO;
	if (r->len > rb->cap) {
		rb->cap = r->len;
		rb->buf = lb_xrealloc(rb->buf, rb->cap);
	}
	while (got < r->len) {
		ssize_t n = pread(a->fd, rb->buf + got, r->len - got, (off_t)(r->off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return lb_err_sys(err, r->file, _("cannot read the temporary file"));
		}
		got += (size_t)n;
	}
	if (w > rb->vcap) {
		rb->vcap = w;
		rb->v = lb_xrealloc(rb->v, w * sizeof *rb->v);
	}
	/* the values as written; "" for extra columns added since */
	for (p = rb->buf, e = rb->buf + r->len; p < e && k < w; k++) {
		rb->v[k] = p;
		p += strlen(p) + 1;
	}
	for (; k < w; k++)
		rb->v[k] = empty;
	*v = rb->v;
	return 0;
}

int
lb_table_store(struct lb_table *t, size_t i, char *const *v, struct lb_err *err)
{
	struct arena *a = t->arena;
	struct lb_row *r = &t->rows[i];

	if (!r->v && a->fd >= 0)
		return spill_row(a, r, (const char *const *)v, t->schema->n + t->extras.n, err);
	memcpy(r->v, v, a->width[i] * sizeof *v);
	return 0;
}

/* ---- lb_table ------------------------------------------------------------- */

void
lb_table_init(struct lb_table *t, enum lb_kind kind, const struct lb_schema *s)
{
	memset(t, 0, sizeof *t);
	t->kind = s ? s->kind : kind;
	t->schema = s ? s : (kind != LB_KIND_AUTO ? lb_schema_builtin(kind) : NULL);
	t->arena = lb_xcalloc(1, sizeof(struct arena));
	((struct arena *)t->arena)->spill_key = -1;
	((struct arena *)t->arena)->fd = -1;
}

void
lb_table_fini(struct lb_table *t)
{
	if (!t)
		return;
	lb_strv_fini(&t->extras);
	lb_strv_fini(&t->files);
	free(t->rows);
	arena_free(t->arena);
	memset(t, 0, sizeof *t);
}

/* Give every row the full current width, "" for the new extra columns. */
static void
widen_rows(struct lb_table *t)
{
	struct arena *a = t->arena;
	size_t w = t->schema->n + t->extras.n;

	for (size_t i = 0; i < t->n; i++) {
		char **v;
		if (!t->rows[i].v || a->width[i] >= w)   /* spilled: lb_table_load pads */
			continue;
		v = lb_arena_alloc(&a->mem, w * sizeof *v, sizeof(void *));
		memcpy(v, t->rows[i].v, a->width[i] * sizeof *v);
		for (size_t k = a->width[i]; k < w; k++)
			v[k] = lb_arena_strndup(&a->mem, "", 0);
		t->rows[i].v = v;
		a->width[i] = w;
	}
}

/* Move the diags added since from to the table's copy of the file name. */
static void
rename_diags(struct lb_diags *d, size_t from, const char *file)
{
	for (size_t i = from; d && i < d->n; i++)
		d->v[i].file = file;
}

static void
take_notes(struct lb_reader *r, struct lb_diags *notes, const char *file)
{
	struct lb_diags *rn = lb_reader_notes(r);

	if (!rn)
		return;
	for (size_t i = 0; notes && i < rn->n; i++) {
		struct lb_diag *d = lb_diags_add(notes, file, rn->v[i].line, rn->v[i].field,
		                                 rn->v[i].level, rn->v[i].code, rn->v[i].value,
		                                 "%s", rn->v[i].msg);
		(void)d;
	}
	lb_diags_clear(rn);
}

int
lb_table_read(struct lb_table *t, const char *path, const struct lb_reader_opts *o,
              struct lb_diags *notes, struct lb_err *err)
{
	struct lb_reader_opts opts;
	struct lb_reader *r = NULL;
	struct lb_norm *nm = NULL;
	struct arena *a = t->arena;
	struct lb_record rec;
	const char *file, **out;
	size_t first = t->n, nfrom = notes ? notes->n : 0;
	int rc, spill;

	memset(&opts, 0, sizeof opts);
	if (o)
		opts = *o;
	if (opts.kind == LB_KIND_AUTO)
		opts.kind = t->kind;
	if (t->schema && t->schema->kind == LB_KIND_ROSTER && !opts.roster)
		opts.roster = t->schema;
	if (t->schema && t->schema->kind == LB_KIND_ACTIVITY && !opts.activity)
		opts.activity = t->schema;
	rc = lb_reader_open(&r, path, &opts, err);
	if (rc < 0)
		return rc;
	if (!t->schema) {
		t->schema = lb_reader_schema(r);
		t->kind = lb_reader_kind(r);
	} else if (lb_reader_schema(r) != t->schema) {
		rc = lb_err_set(err, LB_EUSAGE, lb_reader_name(r), 0,
		                t->kind == LB_KIND_ROSTER ? _("is an activity log, not a roster")
		                                          : _("is a roster, not an activity log"));
		lb_reader_close(r);
		return rc;
	}
	lb_strv_push(&t->files, lb_reader_name(r));
	file = t->files.v[t->files.n - 1];
	take_notes(r, notes, file);
	spill = a->spill_key >= 0 && t->schema->kind == LB_KIND_ROSTER;
	if (spill && a->fd < 0 && (rc = spill_open(a, err)) < 0) {
		lb_reader_close(r);
		return rc;
	}
	nm = lb_norm_new(r, &t->extras);
	for (;;) {
		size_t w;
		char **v = NULL;
		struct lb_row *row;

		rc = lb_reader_next(r, &rec, err);
		take_notes(r, notes, file);
		if (rc <= 0)
			break;
		lb_norm_record(nm, &rec, 1, &out, notes);
		w = t->schema->n + t->extras.n;
		t->rows = lb_xgrow(t->rows, &t->cap, t->n + 1, sizeof *t->rows);
		a->width = lb_xgrow(a->width, &a->wcap, t->n + 1, sizeof *a->width);
		row = &t->rows[t->n];
		memset(row, 0, sizeof *row);
		if (spill) {
			row->key = lb_arena_strdup(&a->mem, out[LB_FI(t->schema, a->spill_key)]);
			if ((rc = spill_row(a, row, out, w, err)) < 0)
				break;
		} else {
			v = lb_arena_alloc(&a->mem, w * sizeof *v, sizeof(void *));
			for (size_t k = 0; k < w; k++)
				v[k] = lb_arena_strdup(&a->mem, out[k]);
		}
		row->file = file;
		row->line = rec.line;
		row->v = v;
		a->width[t->n] = w;
		t->n++;
	}
	rename_diags(notes, nfrom, file);
	lb_norm_free(nm);
	lb_reader_close(r);
	if (rc < 0) {
		/* A file that cannot be read adds nothing (its arena space is lost
		 * until lb_table_fini: a failure is rare and the table short-lived). */
		t->n = first;
		if (err && !err->file[0])
			snprintf(err->file, sizeof err->file, "%s", file);
		return rc;
	}
	widen_rows(t);
	return 0;
}

const char *
lb_row_get(const struct lb_table *t, const struct lb_row *row, int known)
{
	struct arena *a = t->arena;

	if (!row->v)   /* spilled: only the key is at hand */
		return known == a->spill_key ? row->key : NULL;
	return row->v[LB_FI(t->schema, known)];
}
