/*
 * writer.c — atomic output files and canonical CSV / YAML tables.
 *
 * An lb_out with a path writes a temporary file made with mkstemp (0600) in
 * the target's folder; lb_out_commit flushes, checks, fsyncs, closes and
 * renames it over the target, so a failed run never leaves a half-written
 * file or a changed one. The target must be a regular file or a new name:
 * it is looked at with lstat, a symbolic link is followed only to a regular
 * file (which is replaced, the link kept), and a device, FIFO, socket,
 * directory or dangling link is refused — a link planted in a reports folder
 * must not turn a root cron job's report into a write onto /dev/sda.
 * "-" and /dev/stdout are standard output. A replaced file keeps its mode;
 * a new file gets 0600 (data: rosters, logs, changes, conflicts) or 0666
 * less the umask (masked reports), given when the temporary is renamed. The
 * temporaries are removed on SIGINT, SIGTERM and SIGHUP.
 *
 * The YAML writer drives libyaml's emitter with fixed settings (block style,
 * keys plain where libyaml allows, every value double-quoted, UTF-8
 * unescaped, unlimited width so no value is ever folded): the same table
 * always gives the same bytes, and reading it back gives the same strings.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
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
	char *target;   /* what is replaced: path, or the file its link names */
	char *tmp;      /* the temporary file, until renamed */
	char *buf;      /* fp's buffer, freed after fp is closed */
	int werrno;     /* errno of the first failed write a table writer saw, or 0 */
	mode_t mode;    /* the mode the file gets */
	int closed;     /* lb_out_finish done */
	int sys;        /* its errno, when it failed */
};

/* New data files get this mode (lb_out_set_data_mode, --mode). */
static mode_t data_mode = 0600;

void
lb_out_set_data_mode(unsigned mode)
{
	data_mode = (mode_t)(mode & 07777);
}

/* ---- temporaries removed on a signal ---------------------------------------
 * A roster of hundreds of MB, unmasked, must not stay behind in a hidden
 * file when the run is interrupted. The handler only unlinks (async-signal
 * safe) and dies of the signal again. */
/* The temporaries are kept in blocks of TMPBLK slots, made as needed and
 * never freed, so the handler reads no memory that can move or go (a
 * --split-by of a county writes thousands of files before it commits them). */
#define TMPBLK 1024
#define TMPNBLK 4096     /* 4 M temporaries at once */
static char *volatile *volatile tmpblk[TMPNBLK];
static size_t tmpfree;   /* no free slot below this one */
static size_t tmplow;    /* no used slot below this one (outputs are mostly
                          * committed in the order they were opened) */

static void
on_signal(int sig)
{
	for (size_t b = 0; b < TMPNBLK && tmpblk[b]; b++)
		for (size_t i = 0; i < TMPBLK; i++)
			if (tmpblk[b][i])
				unlink(tmpblk[b][i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
tmp_track(char *t)
{
	static int installed;
	if (!installed) {
		static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
		installed = 1;
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
			struct sigaction sa, old;
			if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
				continue;     /* nohup: ignored stays ignored */
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_signal;
			sigemptyset(&sa.sa_mask);
			sigaction(sigs[i], &sa, NULL);
		}
	}
	for (size_t k = tmpfree; k < (size_t)TMPBLK * TMPNBLK; k++) {
		size_t b = k / TMPBLK;
		if (!tmpblk[b])      /* zeroed before the handler can see it */
			tmpblk[b] = lb_xcalloc(TMPBLK, sizeof *tmpblk[b]);
		if (!tmpblk[b][k % TMPBLK]) {
			tmpblk[b][k % TMPBLK] = t;
			tmpfree = k + 1;
			if (k < tmplow)
				tmplow = k;
			return;
		}
	}
}

static void
tmp_untrack(const char *t)
{
	for (size_t k = tmplow; k < (size_t)TMPBLK * TMPNBLK && tmpblk[k / TMPBLK]; k++)
		if (tmpblk[k / TMPBLK][k % TMPBLK] == t) {
			tmpblk[k / TMPBLK][k % TMPBLK] = NULL;
			if (k < tmpfree)
				tmpfree = k;
			if (k == tmplow)
				tmplow = k + 1;
			return;
		}
}

void
lb_tmp_track(char *path)
{
	tmp_track(path);
}

void
lb_tmp_untrack(const char *path)
{
	tmp_untrack(path);
}

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
	return !path || !strcmp(path, "-") || !strcmp(path, "/dev/stdout");
}

static int
out_open(struct lb_out **op, const char *path, int data, struct lb_err *err)
{
	struct lb_out *o;
	const char *slash, *base, *target = path;
	char *real = NULL;
	struct stat st;
	mode_t um;
	int fd;

	*op = NULL;
	if (is_stdout(path)) {
		o = lb_xcalloc(1, sizeof *o);
		o->fp = stdout;
		stdout_buffer();
		*op = o;
		return 0;
	}
	if (!*path)
		return lb_err_set(err, LB_EUSAGE, path, 0, "%s", _("empty output file name"));
	um = umask(0);
	umask(um);
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			/* followed only to a regular file, which is replaced */
			real = realpath(path, NULL);
			if (!real || stat(real, &st) != 0) {
				free(real);
				return lb_err_set(err, LB_EUSAGE, path, 0, "%s",
				                  _("a symbolic link to nothing: -o writes a regular file or a new name"));
			}
			target = real;
		}
		if (!S_ISREG(st.st_mode)) {
			free(real);
			return lb_err_set(err, LB_EUSAGE, path, 0, "%s",
			                  S_ISDIR(st.st_mode)
			                  ? _("a directory: -o writes a regular file or a new name")
			                  : _("not a regular file (a device, FIFO or socket): -o writes a regular file or a new name; - or /dev/stdout is standard output"));
		}
	} else if (errno != ENOENT) {
		return lb_err_sys(err, path, _("cannot create"));
	}
	o = lb_xcalloc(1, sizeof *o);
	o->mode = real || lstat(path, &st) == 0 ? st.st_mode & 07777
	        : data ? data_mode : 0666 & ~um;
	slash = strrchr(target, '/');
	base = slash ? slash + 1 : target;
	/* ".NAME.XXXXXX" beside the target: same file system, so rename is
	 * atomic. mkstemp makes it 0600: nobody else reads it while it is
	 * written; it gets its mode when it is renamed. */
	o->tmp = lb_xasprintf("%.*s.%s.XXXXXX", (int)(base - target), target, base);
	/* made and tracked with the signals held: an interrupt between the two
	 * would leave the file behind */
	sigset_t hold, was;
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &hold, &was);
	fd = mkstemp(o->tmp);
	if (fd >= 0)
		tmp_track(o->tmp);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (fd < 0) {
		lb_err_sys(err, path, _("cannot create"));
		free(o->tmp);
		free(o);
		free(real);
		return LB_EIO;
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		lb_err_sys(err, path, _("cannot create"));
		close(fd);
		unlink(o->tmp);
		tmp_untrack(o->tmp);
		free(o->tmp);
		free(o);
		free(real);
		return LB_EIO;
	}
	o->path = lb_xstrdup(path);
	o->target = real ? real : lb_xstrdup(path);
	file_buffer(o);
	*op = o;
	return 0;
}

int
lb_out_open(struct lb_out **op, const char *path, struct lb_err *err)
{
	return out_open(op, path, 0, err);
}

int
lb_out_open_data(struct lb_out **op, const char *path, struct lb_err *err)
{
	return out_open(op, path, 1, err);
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
	if (o->tmp)
		tmp_untrack(o->tmp);
	free(o->path);
	free(o->target);
	free(o->tmp);
	free(o->buf);
	free(o);
}

int
lb_out_commit(struct lb_out *o, struct lb_err *err)
{
	int rc = 0, sys = 0;

	if (!o->path) {
		if (o->closed) {          /* lb_out_finish said it already */
			rc = o->sys ? LB_EOUTPUT : 0;
			if (o->sys) {
				errno = o->sys;
				lb_err_sys(err, "<stdout>", _("write error"));
			}
			out_free(o);
			return rc;
		}
		rc = lb_out_finish(o, err);
		out_free(o);
		return rc;
	}
	if (lb_out_finish(o, err) < 0) {
		out_free(o);
		return LB_EOUTPUT;
	}
	if (rename(o->tmp, o->target) != 0) {
		sys = errno;
		unlink(o->tmp);
		errno = sys;
		lb_err_sys(err, o->path, _("cannot replace it with the new file"));
		rc = LB_EOUTPUT;
	}
	out_free(o);
	return rc;
}

int
lb_out_finish(struct lb_out *o, struct lb_err *err)
{
	int sys = 0;

	if (o->closed) {
		if (o->sys) {
			errno = o->sys;
			lb_err_sys(err, lb_out_name(o), _("write error"));
			return LB_EOUTPUT;
		}
		return 0;
	}
	if (!o->path) {
		/* standard output: flushed and checked (nothing to rename) */
		o->closed = 1;
		if (fflush(stdout) != 0)
			sys = errno ? errno : EIO;
		else if (ferror(stdout) || o->werrno)   /* werrno: also a workbook not made */
			sys = o->werrno ? o->werrno : EIO;
		if (sys) {
			o->sys = sys;
			errno = sys;
			lb_err_sys(err, "<stdout>", _("write error"));
			/* reported once: what could not be written is dropped, so the
			 * tool's last checked close of stdout does not say it again */
			__fpurge(stdout);
			clearerr(stdout);
			return LB_EOUTPUT;
		}
		return 0;
	}
	if (fflush(o->fp) != 0)
		sys = errno ? errno : EIO;
	else if (ferror(o->fp) || o->werrno)   /* werrno: also a workbook not made */
		sys = o->werrno ? o->werrno : EIO;
	else if (fchmod(fileno(o->fp), o->mode) != 0)
		sys = errno;
	else if (fsync(fileno(o->fp)) != 0 && errno != EINVAL && errno != EROFS)
		sys = errno;
	if (fclose(o->fp) != 0 && !sys)
		sys = errno ? errno : EIO;
	o->fp = NULL;
	free(o->buf);      /* a --split-by keeps thousands of finished outputs */
	o->buf = NULL;
	o->closed = 1;
	if (sys) {
		unlink(o->tmp);
		tmp_untrack(o->tmp);
		o->sys = sys;
		errno = sys;
		lb_err_sys(err, o->path, _("write error"));
		return LB_EOUTPUT;
	}
	return 0;
}

void
lb_out_abort(struct lb_out *o)
{
	if (!o)
		return;
	if (o->path) {
		if (o->fp)
			fclose(o->fp);
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

/* The folder of path resolved, then its last name: two spellings of one
 * new file (out.csv, ./out.csv, dir/../out.csv) give one string. */
static char *
resolved_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? lb_xasprintf("%.*s", (int)(slash - path + 1), path) : lb_xstrdup(".");
	char *real = realpath(dir, NULL), *r;
	r = real ? lb_xasprintf("%s/%s", real, slash ? slash + 1 : path) : lb_xstrdup(path);
	free(real);
	free(dir);
	return r;
}

int
lb_same_output(const char *a, const char *b)
{
	struct stat sa, sb;

	if (is_stdout(a) || is_stdout(b))
		return is_stdout(a) && is_stdout(b);
	if (!strcmp(a, b))
		return 1;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ra = resolved_name(a), *rb = resolved_name(b);
	int same = !strcmp(ra, rb);
	free(ra);
	free(rb);
	return same;
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
csv_row(FILE *fp, struct lb_buf *b, size_t *lens, const char *const *cells, size_t n, int crlf)
{
	size_t need = n + 2;
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
	if (crlf)
		*o++ = '\r';
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
	int person;            /* CSV for a person: formula cells neutralised */
	struct lb_buf safe;    /* person: the neutralised cells, NUL-separated */
	struct lb_buf row;     /* CSV: the row being built */
	size_t *lens;          /* CSV: the lengths of its cells */
	const char **sv;       /* person: the row's cells, neutralised ones in safe */
	size_t *sat;           /* person: their offsets in safe */
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
/* The first bytes that make a spreadsheet run a cell as a formula. */
static const unsigned char formula_lead[256] = {
	['='] = 1, ['+'] = 1, ['-'] = 1, ['@'] = 1, ['\t'] = 1, ['\r'] = 1,
};

void
lb_csv_formula_safe(const char *s, struct lb_buf *out)
{
	if (formula_lead[(unsigned char)*s])
		lb_buf_addc(out, '\'');
	lb_buf_adds(out, s);
}

/* The table writer's use of lb_csv_formula_safe (lb_tw_person, --excel):
 * returns cells, or v pointing into safe when a cell needed it. */
static const char *const *
formula_safe(struct lb_buf *safe, const char **v, size_t *at, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cells[i] && formula_lead[(unsigned char)cells[i][0]])
			break;
	if (i == n)
		return cells;
	lb_buf_clear(safe);
	for (i = 0; i < n; i++) {
		at[i] = safe->len;
		lb_csv_formula_safe(cells[i] ? cells[i] : "", safe);
		lb_buf_addc(safe, '\0');
	}
	for (i = 0; i < n; i++)
		v[i] = safe->s + at[i];
	return v;
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
	if (tw->fmt == LB_FMT_CSV) {
		tw->excel = o && o->excel;
		tw->lens = lb_xcalloc(ncols ? ncols : 1, sizeof *tw->lens);
		tw->sv = lb_xcalloc(ncols ? ncols : 1, sizeof *tw->sv);
		tw->sat = lb_xcalloc(ncols ? ncols : 1, sizeof *tw->sat);
		if (tw->excel)
			fputs("\xEF\xBB\xBF", fp);
		csv_row(fp, &tw->row, tw->lens, (const char *const *)tw->cols, ncols, tw->excel);
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

/* A key is plain unless a YAML reader would take it for something else than
 * a string: a YAML 1.1 boolean (yes, on, n …), null (~, null), the merge key
 * <<, a number, or nothing. An extra column may be called anything. */
static yaml_scalar_style_t
key_style(const char *k)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"null", "Null", "NULL", "~", "<<", "=",
	};
	if (!*k)
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(k, words[i]))
			return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	/* a number: digits with signs, dots, exponents, 0x, _ and : (1.1 sexagesimal) */
	if (strspn(k, "0123456789+-._:eExXoObBaAcCdDfF") == strlen(k) && strpbrk(k, "0123456789"))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (!strcmp(k, ".inf") || !strcmp(k, "-.inf") || !strcmp(k, ".nan") || !strcmp(k, ".Inf") ||
	    !strcmp(k, ".NaN") || !strcmp(k, ".INF") || !strcmp(k, ".NAN") || !strcmp(k, "-.Inf"))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return YAML_PLAIN_SCALAR_STYLE;
}

void
lb_tw_person(struct lb_tw *tw)
{
	tw->person = 1;
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
	if (tw->fmt == LB_FMT_CSV) {
		if (tw->excel || tw->person)
			cells = formula_safe(&tw->safe, tw->sv, tw->sat, cells, tw->ncols);
		csv_row(tw->fp, &tw->row, tw->lens, cells, tw->ncols, tw->excel);
		return tw_failed(tw) ? LB_EOUTPUT : 0;
	}
	if (tw->bad)
		return LB_EOUTPUT;
	emit(tw, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	                                                 YAML_BLOCK_MAPPING_STYLE));
	for (size_t i = 0; i < tw->ncols && !tw->bad; i++) {
		emit_scalar(tw, tw->cols[i], key_style(tw->cols[i]));
		emit_scalar(tw, cells[i] ? cells[i] : "", YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	}
	emit(tw, &ev, yaml_mapping_end_event_initialize(&ev));
	return tw_failed(tw) || tw->bad ? LB_EOUTPUT : 0;
}

int
lb_tw_is_csv(const struct lb_tw *tw)
{
	return tw->fmt == LB_FMT_CSV;
}

const char *
lb_tw_csv_eol(const struct lb_tw *tw)
{
	return tw->excel ? "\r\n" : "\n";
}

char *
lb_tw_csv_cell(const struct lb_tw *tw, char *o, const char *s, size_t len)
{
	return tw->excel || tw->person ? lb_csv_quote_safe(o, s, len) : lb_csv_quote(o, s, len);
}

char *
lb_csv_quote_safe(char *o, const char *s, size_t len)
{
	if (!len || !formula_lead[(unsigned char)s[0]])
		return lb_csv_quote(o, s, len);
	/* "'" and s, quoted as lb_csv_quote quotes the two together: the
	 * quote starts no longer with a space, and s holds the rest */
	char *start = o;
	*o++ = '\'';
	if (s[len - 1] != ' ' && !csv_copy_plain(o, s, len))
		return o + len;
	o = start;
	*o++ = '"';
	*o++ = '\'';
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			*o++ = '"';
		*o++ = s[i];
	}
	*o++ = '"';
	return o;
}

int
lb_tw_csv_raw(struct lb_tw *tw, const char *rows, size_t n)
{
	if (n)
		fwrite_unlocked(rows, 1, n, tw->fp);
	return tw_failed(tw) ? LB_EOUTPUT : 0;
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
	lb_buf_fini(&tw->safe);
	free(tw->lens);
	free(tw->sv);
	free(tw->sat);
	free(tw);
	return rc;
}

/* The HTML entity of each byte that needs one, else NULL. */
static const char *const html_entity[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

char *
lb_html_escape(char *o, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char *e = html_entity[(unsigned char)s[i]];
		if (!e) {
			*o++ = s[i];
			continue;
		}
		size_t n = strlen(e);
		memcpy(o, e, n);
		o += n;
	}
	return o;
}

void
lb_html_text(FILE *fp, const char *s)
{
	/* runs of plain text at once */
	for (;;) {
		const char *p = s;
		while (*p && !html_entity[(unsigned char)*p])
			p++;
		if (p > s)
			fwrite(s, 1, (size_t)(p - s), fp);
		if (!*p)
			break;
		fputs(html_entity[(unsigned char)*p], fp);
		s = p + 1;
	}
}
