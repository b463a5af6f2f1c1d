/*
 * writer.c — atomic output files and canonical CSV / YAML tables.
 *
 * An lb_out with a path writes a temporary file made with mkstemp in the
 * target's folder; lb_out_commit flushes, checks, fsyncs, closes and renames
 * it over the target, so a failed run never leaves a half-written file or a
 * changed one. Nothing of an old target is preserved (its mode becomes the
 * usual 0666 less the umask). A target that is a device or a FIFO is written
 * in place (there is nothing to keep, and it must stay what it is).
 *
 * The YAML writer drives libyaml's emitter with fixed settings (block style,
 * keys plain where libyaml allows, every value double-quoted, UTF-8
 * unescaped, unlimited width so no value is ever folded): the same table
 * always gives the same bytes, and reading it back gives the same strings.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <yaml.h>

#include "i18n.h"
#include "util.h"
#include "writer.h"
#include "xlsxw.h"

/* ---- atomic output -------------------------------------------------------- */

struct lb_out {
	FILE *fp;
	char *path;     /* NULL: standard output */
	char *tmp;      /* the temporary file, until renamed */
	char *buf;      /* fp's buffer, freed after fp is closed */
	int werrno;     /* errno of the first failed write a table writer saw, or 0 */
};

/* A product can be a gigabyte of rows: written in pieces of OUT_BUFSIZ, not
 * of the file system's block size (4 KiB), it takes 64 times fewer write
 * calls. Standard output gets a static buffer (it is flushed at exit, after
 * any lb_out is gone), and only when it goes to a file or a pipe and nothing
 * is waiting in it: a terminal keeps its line buffering. */
#define OUT_BUFSIZ (256 * 1024)

static void
stdout_buffer(void)
{
	static char buf[OUT_BUFSIZ];
	static int done;

	if (done)
		return;
	done = 1;
	if (__fpending(stdout) == 0 && !isatty(fileno(stdout)))
		setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

static void
file_buffer(struct lb_out *o)
{
	if (isatty(fileno(o->fp)))
		return;
	o->buf = lb_xmalloc(OUT_BUFSIZ);
	setvbuf(o->fp, o->buf, _IOFBF, OUT_BUFSIZ);
}

static int
is_stdout(const char *path)
{
	return !path || !strcmp(path, "-");
}

int
lb_out_open(struct lb_out **op, const char *path, struct lb_err *err)
{
	struct lb_out *o;
	const char *slash, *base;
	mode_t um;
	int fd;

	*op = NULL;
	o = lb_xcalloc(1, sizeof *o);
	if (is_stdout(path)) {
		o->fp = stdout;
		stdout_buffer();
		*op = o;
		return 0;
	}
	if (!*path) {
		free(o);
		return lb_err_set(err, LB_EUSAGE, path, 0, "%s", _("empty output file name"));
	}
	/* A device or a FIFO (-o /dev/null, -o /dev/stdout, a named pipe) is
	 * written in place: renaming a temporary over it would replace the
	 * device with a regular file (as root, /dev/null itself). */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		o->fp = fopen(path, "w");
		if (!o->fp) {
			lb_err_sys(err, path, _("cannot open"));
			free(o);
			return LB_EIO;
		}
		o->path = lb_xstrdup(path);
		file_buffer(o);
		*op = o;
		return 0;
	}
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	/* ".NAME.XXXXXX" beside the target: same file system, so rename is atomic. */
	o->tmp = lb_xasprintf("%.*s.%s.XXXXXX", (int)(base - path), path, base);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		lb_err_sys(err, path, _("cannot create"));
		free(o->tmp);
		free(o);
		return LB_EIO;
	}
	um = umask(0);
	umask(um);
	(void)fchmod(fd, 0666 & ~um);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		lb_err_sys(err, path, _("cannot create"));
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		free(o);
		return LB_EIO;
	}
	o->path = lb_xstrdup(path);
	file_buffer(o);
	*op = o;
	return 0;
}

FILE *
lb_out_fp(struct lb_out *o)
{
	return o->fp;
}

const char *
lb_out_name(const struct lb_out *o)
{
	return o->path ? o->path : "<stdout>";
}

static void
out_free(struct lb_out *o)
{
	free(o->path);
	free(o->tmp);
	free(o->buf);
	free(o);
}

int
lb_out_commit(struct lb_out *o, struct lb_err *err)
{
	int rc = 0, sys = 0;

	if (!o->path) {
		if (fflush(stdout) != 0)
			sys = errno ? errno : EIO;
		else if (ferror(stdout) || o->werrno)
			sys = o->werrno ? o->werrno : EIO;
		if (sys) {
			errno = sys;
			lb_err_sys(err, "<stdout>", _("write error"));
			rc = LB_EOUTPUT;
			/* reported once: what could not be written is dropped, so the
			 * tool's last checked close of stdout does not say it again */
			__fpurge(stdout);
			clearerr(stdout);
		}
		out_free(o);
		return rc;
	}
	if (fflush(o->fp) != 0)
		sys = errno ? errno : EIO;
	else if (ferror(o->fp) || o->werrno)   /* werrno: also a workbook not made */
		sys = o->werrno ? o->werrno : EIO;
	else if (o->tmp && fsync(fileno(o->fp)) != 0 && errno != EINVAL && errno != EROFS)
		sys = errno;
	if (fclose(o->fp) != 0 && !sys)
		sys = errno ? errno : EIO;
	o->fp = NULL;
	if (!sys && o->tmp && rename(o->tmp, o->path) != 0) {
		sys = errno;
		unlink(o->tmp);
		errno = sys;
		lb_err_sys(err, o->path, _("cannot replace it with the new file"));
		out_free(o);
		return LB_EOUTPUT;
	}
	if (sys) {
		if (o->tmp)
			unlink(o->tmp);
		errno = sys;
		lb_err_sys(err, o->path, _("write error"));
		rc = LB_EOUTPUT;
	}
	out_free(o);
	return rc;
}

void
lb_out_abort(struct lb_out *o)
{
	if (!o)
		return;
	if (o->path) {
		if (o->fp)
			fclose(o->fp);
		if (o->tmp)
			unlink(o->tmp);
	} else {
		fflush(stdout);
	}
	out_free(o);
}

int
lb_out_is_tty(const char *path)
{
	return (!path || !strcmp(path, "-")) && isatty(STDOUT_FILENO);
}

int
lb_same_file(const char *path, char *const *inputs, size_t n)
{
	struct stat a, b;

	if (is_stdout(path) || stat(path, &a) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!inputs[i] || !strcmp(inputs[i], "-"))
			continue;
		if (stat(inputs[i], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 1;
	}
	return 0;
}

/* ---- CSV ------------------------------------------------------------------ */

/* Bytes that make a CSV cell need quotes. */
static const unsigned char csv_special[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};

#ifdef __SSE2__
/* Nonzero when one of the 16 bytes of v makes a cell need quotes. */
static inline int
special16(__m128i v)
{
	__m128i a = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
	                         _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	__m128i c = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
	                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
	return _mm_movemask_epi8(_mm_or_si128(a, c));
}
#endif

/*
 * Copy s[0..len) to o (which has room for len bytes) and return 0, or
 * return 1 as soon as a byte that makes the cell need quotes is seen (o
 * then holds part of s). Every load stays within s[0..len): the last piece
 * of 16, 8 or 4 bytes overlaps the one before it.
 */
static int
csv_copy_plain(char *o, const char *s, size_t len)
{
#ifdef __SSE2__
	__m128i v;
	if (len >= 16) {
		size_t i = 0;
		for (; i + 16 <= len; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			if (special16(v))
				return 1;
			_mm_storeu_si128((__m128i *)(void *)(o + i), v);
		}
		if (i < len) {
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
			if (special16(v))
				return 1;
			_mm_storeu_si128((__m128i *)(void *)(o + len - 16), v);
		}
		return 0;
	}
	if (len >= 8) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
		v = _mm_set_epi64x((long long)b, (long long)a);
		if (special16(v))
			return 1;
		memcpy(o, &a, 8);
		memcpy(o + len - 8, &b, 8);
		return 0;
	}
	if (len >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		/* the zero lanes are no special byte */
		v = _mm_set_epi32(0, 0, (int)b, (int)a);
		if (special16(v))
			return 1;
		memcpy(o, &a, 4);
		memcpy(o + len - 4, &b, 4);
		return 0;
	}
#endif
	for (size_t i = 0; i < len; i++) {
		if (csv_special[(unsigned char)s[i]])
			return 1;
		o[i] = s[i];
	}
	return 0;
}

char *
lb_csv_quote(char *o, const char *s, size_t len)
{
	if (!len)
		return o;
	if (s[0] != ' ' && s[len - 1] != ' ' && !csv_copy_plain(o, s, len))
		return o + len;
	*o++ = '"';
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			*o++ = '"';
		*o++ = s[i];
	}
	*o++ = '"';
	return o;
}

void
lb_csv_cell(FILE *fp, const char *s)
{
	size_t len = strlen(s);
	char small[256];
	char *o = 2 * len + 2 <= sizeof small ? small : lb_xmalloc(2 * len + 2);
	fwrite(o, 1, (size_t)(lb_csv_quote(o, s, len) - o), fp);
	if (o != small)
		free(o);
}

/* One CSV row, built in b and written with one fwrite. lens is scratch room
 * for n lengths: measured first, the row needs one reservation. The stream
 * is the table writer's alone while it writes (no other thread uses it),
 * so the unlocked call is safe. */
static void
csv_row(FILE *fp, struct lb_buf *b, size_t *lens, const char *const *cells, size_t n)
{
	size_t need = n + 1;
	char *o;

	for (size_t i = 0; i < n; i++) {
		lens[i] = cells[i] ? strlen(cells[i]) : 0;
		need += 2 * lens[i] + 2;
	}
	b->len = 0;
	if (need > b->cap)
		lb_buf_reserve(b, need);
	o = b->s;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*o++ = ',';
		o = lb_csv_quote(o, cells[i], lens[i]);
	}
	*o++ = '\n';
	b->len = (size_t)(o - b->s);
	fwrite_unlocked(b->s, 1, b->len, fp);
}

/* ---- the table writer ----------------------------------------------------- */

struct lb_tw {
	FILE *fp;
	struct lb_out *out;    /* lb_tw_open: where the reason of a failed write goes */
	enum lb_format fmt;
	struct lb_xw *xw;      /* XLSX */
	int excel;             /* CSV for Excel and WPS: BOM, CRLF, formulas neutralised */
	char **cols;
	size_t ncols;
	int bad;               /* a write failed */
	int xerrno;            /* XLSX: why the workbook could not be started */
	struct lb_buf row;     /* CSV: the row being built */
	size_t *lens;          /* CSV: the lengths of its cells */
	yaml_emitter_t em;
};

/* 1 when a write to the stream failed. The stream's error flag outlives
 * errno, and the message must say why (a full disk): the errno of the first
 * failure is kept in the lb_out the writer was opened on, for
 * lb_out_commit. */
static int
tw_failed(struct lb_tw *tw)
{
	if (!ferror_unlocked(tw->fp))
		return 0;
	if (tw->out && !tw->out->werrno)
		tw->out->werrno = errno ? errno : EIO;
	return 1;
}

static int
yaml_write(void *data, unsigned char *buf, size_t size)
{
	struct lb_tw *tw = data;

	if (size && fwrite(buf, 1, size, tw->fp) != size) {
		tw->bad = 1;
		return 0;
	}
	return 1;
}

static int
emit(struct lb_tw *tw, yaml_event_t *ev, int ok)
{
	/* yaml_emitter_emit takes the event even when it fails. */
	if (!ok) {
		tw->bad = 1;
		return 0;
	}
	if (!yaml_emitter_emit(&tw->em, ev)) {
		tw->bad = 1;
		return 0;
	}
	return 1;
}

static int
emit_scalar(struct lb_tw *tw, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	                                      (int)strlen(s), 1, 1, style);
	return emit(tw, &ev, ok);
}

/* A CSV row for Excel and WPS: cells a spreadsheet would run as a formula
 * get a leading ', CRLF ends the row. */
static void
excel_row(FILE *fp, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *c = cells[i] ? cells[i] : "";
		if (i)
			putc(',', fp);
		if (strchr("=+-@\t\r", c[0]) && c[0]) {
			struct lb_buf b = LB_BUF_INIT;
			lb_buf_addc(&b, '\'');
			lb_buf_adds(&b, c);
			lb_csv_cell(fp, lb_buf_str(&b));
			lb_buf_fini(&b);
		} else {
			lb_csv_cell(fp, c);
		}
	}
	fputs("\r\n", fp);
}

struct lb_tw *
lb_tw_open(struct lb_out *o, enum lb_format fmt, const char *const *cols, size_t ncols)
{
	return lb_tw_open_opt(o, fmt, cols, ncols, NULL);
}

struct lb_tw *
lb_tw_open_opt(struct lb_out *o, enum lb_format fmt, const char *const *cols, size_t ncols,
               const struct lb_tw_opts *opt)
{
	struct lb_tw *tw = lb_tw_new_opt(o->fp, fmt, cols, ncols, opt);
	tw->out = o;
	if (tw->xerrno && !o->werrno)   /* no workbook: lb_out_commit fails, says why */
		o->werrno = tw->xerrno;
	tw_failed(tw);      /* the header row */
	return tw;
}

struct lb_tw *
lb_tw_new(FILE *fp, enum lb_format fmt, const char *const *cols, size_t ncols)
{
	return lb_tw_new_opt(fp, fmt, cols, ncols, NULL);
}

struct lb_tw *
lb_tw_new_opt(FILE *fp, enum lb_format fmt, const char *const *cols, size_t ncols,
              const struct lb_tw_opts *o)
{
	struct lb_tw *tw = lb_xcalloc(1, sizeof *tw);
	yaml_event_t ev;

	tw->fp = fp;
	tw->ncols = ncols;
	tw->cols = lb_xcalloc(ncols ? ncols : 1, sizeof *tw->cols);
	for (size_t i = 0; i < ncols; i++)
		tw->cols[i] = lb_xstrdup(cols[i] ? cols[i] : "");
	if (fmt == LB_FMT_XLSX) {
		tw->fmt = LB_FMT_XLSX;
		if (!(tw->xw = lb_xw_new(o ? o->created : 0)) ||
		    lb_xw_sheet(tw->xw, o ? o->sheet : NULL, cols, ncols) < 0) {
			tw->xerrno = errno ? errno : EIO;
			tw->bad = 1;
		}
		return tw;
	}
	tw->fmt = fmt == LB_FMT_YAML ? LB_FMT_YAML : LB_FMT_CSV;
	if (tw->fmt == LB_FMT_CSV && o && o->excel) {
		tw->excel = 1;
		fputs("\xEF\xBB\xBF", fp);
		excel_row(fp, cols, ncols);
		return tw;
	}
	if (tw->fmt == LB_FMT_CSV) {
		tw->lens = lb_xcalloc(ncols ? ncols : 1, sizeof *tw->lens);
		csv_row(fp, &tw->row, tw->lens, (const char *const *)tw->cols, ncols);
		return tw;
	}
	if (!yaml_emitter_initialize(&tw->em))
		lb_xmalloc(SIZE_MAX);   /* libyaml fails only for memory: the OOM policy */
	yaml_emitter_set_output(&tw->em, yaml_write, tw);
	yaml_emitter_set_unicode(&tw->em, 1);
	yaml_emitter_set_width(&tw->em, -1);    /* never fold a long value */
	yaml_emitter_set_indent(&tw->em, 2);
	yaml_emitter_set_break(&tw->em, YAML_LN_BREAK);
	emit(tw, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(tw, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	emit(tw, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	                                                  YAML_BLOCK_SEQUENCE_STYLE));
	return tw;
}

int
lb_tw_row(struct lb_tw *tw, const char *const *cells)
{
	yaml_event_t ev;

	if (tw->fmt == LB_FMT_XLSX) {
		if (tw->bad || lb_xw_row(tw->xw, cells) < 0) {
			tw->bad = 1;
			return LB_EOUTPUT;
		}
		return 0;
	}
	if (tw->excel) {
		excel_row(tw->fp, cells, tw->ncols);
		return tw_failed(tw) ? LB_EOUTPUT : 0;
	}
	if (tw->fmt == LB_FMT_CSV) {
		csv_row(tw->fp, &tw->row, tw->lens, cells, tw->ncols);
		return tw_failed(tw) ? LB_EOUTPUT : 0;
	}
	if (tw->bad)
		return LB_EOUTPUT;
	emit(tw, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	                                                 YAML_BLOCK_MAPPING_STYLE));
	for (size_t i = 0; i < tw->ncols && !tw->bad; i++) {
		emit_scalar(tw, tw->cols[i], YAML_PLAIN_SCALAR_STYLE);
		emit_scalar(tw, cells[i] ? cells[i] : "", YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	}
	emit(tw, &ev, yaml_mapping_end_event_initialize(&ev));
	return tw_failed(tw) || tw->bad ? LB_EOUTPUT : 0;
}

int
lb_tw_end(struct lb_tw *tw)
{
	yaml_event_t ev;
	int rc;

	if (!tw)
		return 0;
	if (tw->fmt == LB_FMT_XLSX) {
		if (tw->bad) {
			lb_xw_abort(tw->xw);
		} else if (lb_xw_end(tw->xw, tw->fp) < 0) {
			if (tw->out && !tw->out->werrno)
				tw->out->werrno = errno ? errno : EIO;
			tw->bad = 1;
		}
		tw->xw = NULL;
	}
	if (tw->fmt == LB_FMT_YAML) {
		emit(tw, &ev, yaml_sequence_end_event_initialize(&ev));
		emit(tw, &ev, yaml_document_end_event_initialize(&ev, 1));
		emit(tw, &ev, yaml_stream_end_event_initialize(&ev));
		if (!yaml_emitter_flush(&tw->em))
			tw->bad = 1;
		yaml_emitter_delete(&tw->em);
	}
	rc = tw_failed(tw) || tw->bad ? LB_EOUTPUT : 0;
	for (size_t i = 0; i < tw->ncols; i++)
		free(tw->cols[i]);
	free(tw->cols);
	lb_buf_fini(&tw->row);
	free(tw->lens);
	free(tw);
	return rc;
}
