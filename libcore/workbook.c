/*
 * workbook.c — a sheet of an .xlsx (libzip + expat, streamed) or .xls
 * (libfreexl) workbook as rows of cell text. See workbook.h.
 *
 * .xlsx, in order: xl/workbook.xml (the sheets, the date system) and its
 * relationships (the sheet's path, the shared strings' and styles' paths);
 * xl/styles.xml (which cell formats are dates); the shared strings; a first
 * pass over the sheet's bytes for <mergeCell ref="A1:B9"/> (they follow the
 * cells, so cannot be known when the rows stream by); then the sheet itself,
 * parsed by expat chunk by chunk: each </row> queues a row, lb_sheet_next
 * hands the queued rows out and feeds expat the next chunk when the queue is
 * empty. A merged range's value goes to the cells it covers in every row
 * that has a value of its own, so a class typed once reaches every child.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <expat.h>
#include <freexl.h>
#include <unistd.h>
#include <zip.h>

#include "date.h"
#include "i18n.h"
#include "reader.h"
#include "util.h"
#include "workbook.h"

#define WB_CHUNK 65536

enum lb_wb_kind
lb_wb_sniff(const unsigned char *p, size_t n)
{
	if (n >= 4 && !memcmp(p, "PK\3\4", 4))
		return LB_WB_XLSX;
	if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return LB_WB_XLS;
	return LB_WB_NONE;
}

/* A row being built or queued: cells NUL-separated in data at off[]. */
struct wrow {
	long num;
	struct lb_buf data;
	size_t *off;
	size_t n, cap;
};

struct merge {
	long r1, r2;
	size_t c1, c2;
	char *val;                /* the top-left cell, once its row is read */
};

struct wbinfo;
struct stinfo;
struct sstinfo;

struct lb_sheet {
	enum lb_wb_kind kind;
	char *name;               /* file name in messages */
	char *sheetname;
	/* xlsx */
	zip_t *za;
	void *membuf;             /* the workbook read from standard input */
	zip_file_t *zf;
	unsigned long long zleft; /* bytes the sheet may still give */
	char *sheetpath;
	XML_Parser xp;
	char *chunk;
	int xml_done;
	char **sst;               /* shared strings: pointers into sstbuf */
	char *sstbuf;
	size_t nsst;
	unsigned char *xfdate;    /* cell format index → 1 if a date */
	size_t nxf;
	int date1904;
	struct merge *m;
	size_t nm, mnext;         /* merges sorted by r1; next to start */
	size_t *act;              /* indices of merges in play */
	size_t nact;
	/* sheet parse state */
	int depth_row, in_c, in_v, in_t, in_is, in_rph;
	long rownum, lastrow;
	size_t col, lastcol;
	char ctype;               /* s, i (inline), t (str), b, e, d, n */
	long cstyle;
	struct lb_buf text;
	struct wrow build;
	struct wrow *q;           /* queued rows */
	size_t qhead, qn, qcap;
	struct wrow out;          /* the row handed out */
	const char **ptr;
	size_t pcap;
	int fail;                 /* an error in a handler: err below */
	struct lb_err err;
	struct wbinfo *wbi;       /* while opening: what the parts say */
	struct stinfo *sti;
	struct sstinfo *ssti;
	/* xls */
	const void *fx;
	char *xtmp;               /* standard input copied to a file for libfreexl */
	unsigned int xrows;
	unsigned short xcols;
	unsigned int xnext;
};

/* ---- rows ---------------------------------------------------------------- */

static void
wrow_set(struct wrow *w, size_t col, const char *s, size_t len)
{
	/* cells before col are "" */
	while (w->n <= col) {
		w->off = lb_xgrow(w->off, &w->cap, w->n + 1, sizeof *w->off);
		w->off[w->n++] = w->data.len;
		lb_buf_addc(&w->data, '\0');
	}
	if (col + 1 == w->n && w->data.s[w->off[col]] == '\0') {
		/* the last cell: write in place */
		w->data.len = w->off[col];
		lb_buf_add(&w->data, s, len);
		lb_buf_addc(&w->data, '\0');
		return;
	}
	/* an earlier empty cell (merges): rebuild (rare) */
	{
		struct lb_buf nb = LB_BUF_INIT;
		for (size_t i = 0; i < w->n; i++) {
			const char *c = w->data.s + w->off[i];
			size_t at = nb.len;
			if (i == col)
				lb_buf_add(&nb, s, len);
			else
				lb_buf_adds(&nb, c);
			lb_buf_addc(&nb, '\0');
			w->off[i] = at;
		}
		lb_buf_fini(&w->data);
		w->data = nb;
	}
}

static const char *
wrow_get(const struct wrow *w, size_t col)
{
	return col < w->n ? w->data.s + w->off[col] : "";
}

static void
wrow_clear(struct wrow *w)
{
	lb_buf_clear(&w->data);
	w->n = 0;
	w->num = 0;
}

static void
wrow_fini(struct wrow *w)
{
	lb_buf_fini(&w->data);
	free(w->off);
	memset(w, 0, sizeof *w);
}

static void
wrow_move(struct wrow *to, struct wrow *from)
{
	struct wrow t = *to;
	*to = *from;
	*from = t;
	wrow_clear(from);
}

/* ---- values -------------------------------------------------------------- */

/* A number as a spreadsheet writes it: integers without exponent below
 * 10^15, spreadsheet notation from there on (the digits are lost). */
static void
fmt_number(double v, char *out, size_t cap)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "#NUM!");
		return;
	}
	if (fabs(v) >= 1e15) {
		char m[64], *e, *z;
		snprintf(m, sizeof m, "%.14E", v);
		e = strchr(m, 'E');
		z = e;
		while (z > m && z[-1] == '0')
			z--;
		if (z > m && z[-1] == '.')
			z--;
		snprintf(out, cap, "%.*s%s", (int)(z - m), m, e);
		/* E+017 on some libcs is E+17 in a spreadsheet */
		return;
	}
	if (v == floor(v))
		snprintf(out, cap, "%.0f", v);
	else
		snprintf(out, cap, "%.15g", v);
}

/* A serial day number as YYYY-MM-DD, or 0 when it is not a date. */
static int
fmt_serial(double v, int date1904, char *out)
{
	long d;
	int days;
	if (!isfinite(v) || v < 0 || v > 2958465.0)   /* 9999-12-31 */
		return 0;
	d = (long)floor(v);
	if (date1904)
		days = lb_date_from_ymd(1904, 1, 1) + (int)d;
	else if (d >= 61)
		days = lb_date_from_ymd(1899, 12, 30) + (int)d;
	else if (d >= 1 && d < 60)
		days = lb_date_from_ymd(1899, 12, 31) + (int)d;
	else
		return 0;   /* 0 and the 29th of February 1900 that never was */
	lb_date_format(days, out);
	return 1;
}

/* Is a number format code a date (it shows a year or a day)? */
static int
date_code(const char *f)
{
	int q = 0, br = 0;
	for (; *f; f++) {
		if (*f == '\\' && f[1]) {
			f++;
			continue;
		}
		if (*f == '"') {
			q = !q;
			continue;
		}
		if (q)
			continue;
		if (*f == '[') {
			br = 1;
			continue;
		}
		if (*f == ']') {
			br = 0;
			continue;
		}
		if (br)
			continue;
		if (*f == 'y' || *f == 'Y' || *f == 'd' || *f == 'D')
			return 1;
	}
	return 0;
}

static int
date_builtin(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

/* "AB12" → column 27 - 1 (0-based) and row 12; 0 on success. */
static int
parse_ref(const char *s, size_t *col, long *row)
{
	size_t c = 0;
	long r = 0;
	int nl = 0, nd = 0;
	while (*s >= 'A' && *s <= 'Z') {
		c = c * 26 + (size_t)(*s - 'A' + 1);
		if (++nl > 3)
			return -1;
		s++;
	}
	while (*s >= '0' && *s <= '9') {
		r = r * 10 + (*s - '0');
		if (++nd > 7)
			return -1;
		s++;
	}
	if (*s || (nl == 0 && nd == 0))
		return -1;
	if (col)
		*col = nl ? c - 1 : (size_t)-1;
	if (row)
		*row = nd ? r : -1;
	return 0;
}

/* ---- zip members --------------------------------------------------------- */

static const char *
local(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static const char *
attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (!strcmp(local(a[0]), name))
			return a[1];
	return NULL;
}

/* r:id: the id attribute with a prefix. */
static const char *
attr_rid(const char **a)
{
	for (; a && a[0]; a += 2)
		if (strchr(a[0], ':') && !strcmp(local(a[0]), "id"))
			return a[1];
	return NULL;
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *n, const XML_Char *sys, const XML_Char *pub, int has)
{
	struct lb_sheet *s = ud;
	if (!s->fail) {
		s->fail = 1;
		lb_err_set(&s->err, LB_ELIMIT, s->name, 0,
		           _("the workbook's XML has a DOCTYPE or entity declaration: refused"));
	}
	XML_StopParser(s->xp, XML_FALSE);
}

static void XMLCALL
on_entity(void *ud, const XML_Char *n, int pe, const XML_Char *v, int vl, const XML_Char *b,
          const XML_Char *sys, const XML_Char *pub, const XML_Char *nn)
{
	on_doctype(ud, n, sys, pub, 0);
}

static XML_Parser
new_parser(struct lb_sheet *s)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return NULL;
	s->xp = p;
	XML_SetUserData(p, s);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	return p;
}

/* Check a member's size and ratio; open it. */
static int
member_open(struct lb_sheet *s, const char *path, unsigned long long cap, zip_file_t **zfp,
            unsigned long long *size, struct lb_err *err)
{
	zip_stat_t st;
	zip_int64_t idx = zip_name_locate(s->za, path, 0);
	*zfp = NULL;
	if (idx < 0)
		return lb_err_set(err, LB_ENOTABLE, s->name, 0,
		                  _("not a workbook: the archive has no %s"), path);
	zip_stat_init(&st);
	if (zip_stat_index(s->za, (zip_uint64_t)idx, 0, &st) < 0 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("workbook member %s: cannot read its size"), path);
	if (st.size > cap)
		return lb_err_set(err, LB_ELIMIT, s->name, 0,
		                  _("workbook member %s is larger than %llu MB uncompressed: refused"),
		                  path, cap >> 20);
	if (st.size > (1u << 20) && st.size / (st.comp_size ? st.comp_size : 1) > LB_WB_MAX_RATIO)
		return lb_err_set(err, LB_ELIMIT, s->name, 0,
		                  _("workbook member %s is compressed more than %d to 1 (a zip bomb?): refused"),
		                  path, LB_WB_MAX_RATIO);
	if (!(*zfp = zip_fopen_index(s->za, (zip_uint64_t)idx, 0)))
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("workbook member %s: %s"), path,
		                  zip_strerror(s->za));
	*size = st.size;
	return 0;
}

/* Read up to n bytes of a member that may give at most *left more. */
static long
member_read(struct lb_sheet *s, zip_file_t *zf, const char *path, char *buf, size_t n,
            unsigned long long *left, struct lb_err *err)
{
	zip_int64_t got = zip_fread(zf, buf, n);
	if (got < 0)
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("workbook member %s: %s"), path,
		                  zip_error_strerror(zip_file_get_error(zf)));
	if ((unsigned long long)got > *left)
		return lb_err_set(err, LB_ELIMIT, s->name, 0,
		                  _("workbook member %s is longer than it says: refused"), path);
	*left -= (unsigned long long)got;
	return (long)got;
}

static int
xml_fail(struct lb_sheet *s, const char *path, struct lb_err *err)
{
	if (s->fail) {
		*err = s->err;
		return err->code;
	}
	return lb_err_set(err, LB_EPARSE, s->name, 0, _("workbook member %s: malformed XML at its line %lu: %s"),
	                  path, (unsigned long)XML_GetCurrentLineNumber(s->xp),
	                  XML_ErrorString(XML_GetErrorCode(s->xp)));
}

/* Parse a whole (small) member with the handlers set on a new parser by
 * setup. Missing and optional: 0. */
static int
parse_member(struct lb_sheet *s, const char *path, int optional,
             void (*setup)(XML_Parser), struct lb_err *err)
{
	zip_file_t *zf;
	unsigned long long left;
	XML_Parser p;
	int rc = 0;

	if (optional && zip_name_locate(s->za, path, 0) < 0)
		return 0;
	if ((rc = member_open(s, path, LB_WB_MAX_PART, &zf, &left, err)) < 0)
		return rc;
	if (!(p = new_parser(s))) {
		zip_fclose(zf);
		return lb_err_set(err, LB_EIO, s->name, 0, _("cannot create an XML parser"));
	}
	setup(p);
	for (;;) {
		long n = member_read(s, zf, path, s->chunk, WB_CHUNK, &left, err);
		if (n < 0) {
			rc = (int)n;
			break;
		}
		if (XML_Parse(p, s->chunk, (int)n, n == 0) != XML_STATUS_OK || s->fail) {
			rc = xml_fail(s, path, err);
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	s->xp = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---- workbook.xml and its relationships ---------------------------------- */

struct wbinfo {
	struct lb_strv names, rids, targets, ids, types;
	unsigned char hidden[4096];   /* sheet i is hidden (its first 4096) */
};

static void XMLCALL
wb_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct lb_sheet *s = ud;
	const char *n = local(el);
	if (!strcmp(n, "sheet")) {
		const char *nm = attr(a, "name"), *rid = attr_rid(a), *st = attr(a, "state");
		struct wbinfo *w = ((struct lb_sheet *)ud)->wbi;
		if (w->names.n < sizeof w->hidden)
			w->hidden[w->names.n] = st && strcmp(st, "visible") != 0;
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->names, nm ? nm : "");
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->rids, rid ? rid : "");
	} else if (!strcmp(n, "workbookPr")) {
		const char *d = attr(a, "date1904");
		s->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	}
}

static void
wb_setup(XML_Parser p)
{
	XML_SetStartElementHandler(p, wb_start);
}

static void XMLCALL
rel_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	if (!strcmp(local(el), "Relationship")) {
		const char *id = attr(a, "Id"), *t = attr(a, "Target"), *ty = attr(a, "Type");
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->ids, id ? id : "");
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->targets, t ? t : "");
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->types, ty ? ty : "");
	}
}

static void
rel_setup(XML_Parser p)
{
	XML_SetStartElementHandler(p, rel_start);
}

/* A relationship target (relative to xl/, or absolute from the package
 * root) as a member path; NULL when it leaves the archive. */
static char *
resolve(const char *target)
{
	struct lb_strv seg = LB_STRV_INIT;
	struct lb_buf b = LB_BUF_INIT;
	char *t, *p, *tok, *save = NULL;
	int bad = 0;

	if (target[0] != '/')
		lb_strv_push(&seg, "xl");
	t = lb_xstrdup(target);
	for (p = t; (tok = strtok_r(p, "/\\", &save)); p = NULL) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (seg.n == 0) {
				bad = 1;
				break;
			}
			free(seg.v[--seg.n]);
			continue;
		}
		lb_strv_push(&seg, tok);
	}
	free(t);
	if (bad || seg.n == 0) {
		lb_strv_fini(&seg);
		return NULL;
	}
	for (size_t i = 0; i < seg.n; i++) {
		if (i)
			lb_buf_addc(&b, '/');
		lb_buf_adds(&b, seg.v[i]);
	}
	lb_strv_fini(&seg);
	return lb_buf_steal(&b);
}

/* ---- styles: which cell formats are dates --------------------------------- */

struct stinfo {
	long *fmtid;
	char **fmtcode;
	size_t nfmt, fcap;
	int in_xfs;
	size_t xcap;
};

static void XMLCALL
st_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct lb_sheet *s = ud;
	const char *n = local(el);
	if (!strcmp(n, "numFmt") && ((struct lb_sheet *)ud)->sti->nfmt < 4096) {
		const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
		size_t c = ((struct lb_sheet *)ud)->sti->fcap;
		((struct lb_sheet *)ud)->sti->fmtid = lb_xgrow(((struct lb_sheet *)ud)->sti->fmtid, &c, ((struct lb_sheet *)ud)->sti->nfmt + 1, sizeof *((struct lb_sheet *)ud)->sti->fmtid);
		((struct lb_sheet *)ud)->sti->fmtcode = lb_xgrow(((struct lb_sheet *)ud)->sti->fmtcode, &((struct lb_sheet *)ud)->sti->fcap, ((struct lb_sheet *)ud)->sti->nfmt + 1, sizeof *((struct lb_sheet *)ud)->sti->fmtcode);
		((struct lb_sheet *)ud)->sti->fmtid[((struct lb_sheet *)ud)->sti->nfmt] = id ? strtol(id, NULL, 10) : -1;
		((struct lb_sheet *)ud)->sti->fmtcode[((struct lb_sheet *)ud)->sti->nfmt++] = lb_xstrdup(code ? code : "");
	} else if (!strcmp(n, "cellXfs")) {
		((struct lb_sheet *)ud)->sti->in_xfs = 1;
	} else if (!strcmp(n, "xf") && ((struct lb_sheet *)ud)->sti->in_xfs && s->nxf < 65536) {
		const char *id = attr(a, "numFmtId");
		long f = id ? strtol(id, NULL, 10) : 0;
		int d = date_builtin(f);
		for (size_t i = 0; i < ((struct lb_sheet *)ud)->sti->nfmt; i++)
			if (((struct lb_sheet *)ud)->sti->fmtid[i] == f)
				d = date_code(((struct lb_sheet *)ud)->sti->fmtcode[i]);
		s->xfdate = lb_xgrow(s->xfdate, &((struct lb_sheet *)ud)->sti->xcap, s->nxf + 1, 1);
		s->xfdate[s->nxf++] = (unsigned char)d;
	}
}

static void XMLCALL
st_end(void *ud, const XML_Char *el)
{
	if (!strcmp(local(el), "cellXfs"))
		((struct lb_sheet *)ud)->sti->in_xfs = 0;
}

static void
st_setup(XML_Parser p)
{
	XML_SetElementHandler(p, st_start, st_end);
}

/* ---- shared strings ------------------------------------------------------ */

struct sstinfo {
	struct lb_buf buf;
	size_t *off;
	size_t n, cap;
	int in_si, in_t, in_rph;
};

static void
sst_fail(struct lb_sheet *s, const char *msg)
{
	if (!s->fail) {
		s->fail = 1;
		lb_err_set(&s->err, LB_ELIMIT, s->name, 0, "%s", msg);
	}
	XML_StopParser(s->xp, XML_FALSE);
}

static void XMLCALL
sst_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct lb_sheet *s = ud;
	const char *n = local(el);
	if (!strcmp(n, "si")) {
		if (((struct lb_sheet *)ud)->ssti->n >= LB_WB_MAX_STRINGS) {
			char m[128];
			snprintf(m, sizeof m, _("more than %u shared strings: refused"), LB_WB_MAX_STRINGS);
			sst_fail(s, m);
			return;
		}
		((struct lb_sheet *)ud)->ssti->off = lb_xgrow(((struct lb_sheet *)ud)->ssti->off, &((struct lb_sheet *)ud)->ssti->cap, ((struct lb_sheet *)ud)->ssti->n + 1, sizeof *((struct lb_sheet *)ud)->ssti->off);
		((struct lb_sheet *)ud)->ssti->off[((struct lb_sheet *)ud)->ssti->n++] = ((struct lb_sheet *)ud)->ssti->buf.len;
		((struct lb_sheet *)ud)->ssti->in_si = 1;
	} else if (!strcmp(n, "rPh")) {
		((struct lb_sheet *)ud)->ssti->in_rph = 1;
	} else if (!strcmp(n, "t") && ((struct lb_sheet *)ud)->ssti->in_si && !((struct lb_sheet *)ud)->ssti->in_rph) {
		((struct lb_sheet *)ud)->ssti->in_t = 1;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *el)
{
	const char *n = local(el);
	if (!strcmp(n, "si")) {
		lb_buf_addc(&((struct lb_sheet *)ud)->ssti->buf, '\0');
		((struct lb_sheet *)ud)->ssti->in_si = 0;
	} else if (!strcmp(n, "rPh")) {
		((struct lb_sheet *)ud)->ssti->in_rph = 0;
	} else if (!strcmp(n, "t")) {
		((struct lb_sheet *)ud)->ssti->in_t = 0;
	}
}

static void XMLCALL
sst_text(void *ud, const XML_Char *t, int len)
{
	struct lb_sheet *s = ud;
	if (!((struct lb_sheet *)ud)->ssti->in_t)
		return;
	if (((struct lb_sheet *)ud)->ssti->buf.len + (size_t)len > LB_WB_MAX_SSTBYTES) {
		char m[128];
		snprintf(m, sizeof m, _("the shared strings hold more than %u MB: refused"),
		         LB_WB_MAX_SSTBYTES >> 20);
		sst_fail(s, m);
		return;
	}
	lb_buf_add(&((struct lb_sheet *)ud)->ssti->buf, t, (size_t)len);
}

static void
sst_setup(XML_Parser p)
{
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, sst_text);
}

/* ---- merged ranges: a byte-level first pass ------------------------------- */

static int
merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;
	return (x->r1 > y->r1) - (x->r1 < y->r1);
}

/* The ref="A1:C9" of the element that starts at p (up to '>'), if whole. */
static int
merge_ref(struct lb_sheet *s, const char *p, const char *end, struct lb_err *err)
{
	const char *gt = memchr(p, '>', (size_t)(end - p)), *r;
	char ref[64], *colon;
	size_t c1, c2;
	long r1, r2;
	if (!gt)
		return 1;   /* cut: seen again with the next chunk */
	for (r = p; r + 5 < gt; r++)
		if ((r[-1] == ' ' || r[-1] == '\t' || r[-1] == '\n' || r[-1] == '\r') &&
		    !memcmp(r, "ref=", 4) && (r[4] == '"' || r[4] == '\''))
			break;
	if (r + 5 >= gt)
		return 0;
	{
		const char *q = memchr(r + 5, r[4], (size_t)(gt - r - 5));
		size_t len;
		if (!q)
			return 0;
		len = (size_t)(q - r - 5);
		if (len >= sizeof ref)
			return 0;
		memcpy(ref, r + 5, len);
		ref[len] = '\0';
	}
	if (!(colon = strchr(ref, ':')))
		return 0;
	*colon = '\0';
	if (parse_ref(ref, &c1, &r1) < 0 || parse_ref(colon + 1, &c2, &r2) < 0 ||
	    c1 == (size_t)-1 || c2 == (size_t)-1 || r1 < 1 || r2 < r1 || c2 < c1 ||
	    c2 >= LB_MAX_COLS)
		return 0;
	if (s->nm >= LB_WB_MAX_MERGES)
		return lb_err_set(err, LB_ELIMIT, s->name, 0,
		                  _("more than %u merged ranges in the sheet: refused"), LB_WB_MAX_MERGES);
	{
		size_t cap = s->nm;
		s->m = lb_xgrow(s->m, &cap, s->nm + 1, sizeof *s->m);
	}
	s->m[s->nm].r1 = r1;
	s->m[s->nm].r2 = r2;
	s->m[s->nm].c1 = c1;
	s->m[s->nm].c2 = c2;
	s->m[s->nm].val = NULL;
	s->nm++;
	return 0;
}

static int
find_merges(struct lb_sheet *s, struct lb_err *err)
{
	enum { KEEP = 512 };
	zip_file_t *zf;
	unsigned long long left, base = 0, done = 0;  /* done: offsets below are seen */
	char *buf = lb_xmalloc(KEEP + WB_CHUNK + 1);
	size_t have = 0;
	int rc;

	if ((rc = member_open(s, s->sheetpath, LB_WB_MAX_MEMBER, &zf, &left, err)) < 0) {
		free(buf);
		return rc;
	}
	for (;;) {
		long n = member_read(s, zf, s->sheetpath, buf + have, WB_CHUNK, &left, err);
		const char *p, *end;
		if (n <= 0) {
			rc = (int)n;
			break;
		}
		have += (size_t)n;
		end = buf + have;
		for (p = buf; (p = memchr(p, 'm', (size_t)(end - p))); p++) {
			unsigned long long at = base + (unsigned long long)(p - buf);
			if ((size_t)(end - p) < 11)
				break;
			if (memcmp(p, "mergeCell", 9) || p == buf || (p[-1] != '<' && p[-1] != ':') ||
			    !(p[9] == ' ' || p[9] == '\t' || p[9] == '\n' || p[9] == '\r'))
				continue;
			if (at < done)
				continue;
			if ((rc = merge_ref(s, p + 9, end, err)) < 0)
				goto out;
			if (rc == 1) {
				rc = 0;
				break;    /* cut: the next chunk sees it whole */
			}
			done = at + 1;
		}
		if (have > KEEP) {
			memmove(buf, buf + have - KEEP, KEEP);
			base += have - KEEP;
			have = KEEP;
		}
	}
out:
	zip_fclose(zf);
	free(buf);
	if (rc >= 0 && s->nm)
		qsort(s->m, s->nm, sizeof *s->m, merge_cmp);
	return rc;
}

/* ---- the sheet, streamed -------------------------------------------------- */

static void
sheet_fail(struct lb_sheet *s, int code, long line, const char *msg)
{
	if (!s->fail) {
		s->fail = 1;
		lb_err_set(&s->err, code, s->name, line, "%s", msg);
	}
	XML_StopParser(s->xp, XML_FALSE);
}

static void XMLCALL
sh_start(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct lb_sheet *s = ud;
	const char *n = local(el);

	if (s->fail)
		return;
	if (!strcmp(n, "row")) {
		const char *r = attr(a, "r");
		long num = s->lastrow + 1;
		if (r) {
			char *e;
			long v = strtol(r, &e, 10);
			if (*e == '\0' && v > s->lastrow && v <= 99999999)
				num = v;
		}
		wrow_clear(&s->build);
		s->build.num = num;
		s->rownum = num;
		s->lastcol = (size_t)-1;
		s->depth_row = 1;
	} else if (!strcmp(n, "c") && s->depth_row) {
		const char *r = attr(a, "r"), *t = attr(a, "t"), *st = attr(a, "s");
		size_t col = s->lastcol + 1;
		if (r) {
			size_t c;
			long rr;
			if (parse_ref(r, &c, &rr) == 0 && c != (size_t)-1 &&
			    (s->lastcol == (size_t)-1 || c > s->lastcol))
				col = c;
		}
		if (col >= LB_MAX_COLS) {
			char m[128];
			snprintf(m, sizeof m, _("more than %d cells in one record"), LB_MAX_COLS);
			sheet_fail(s, LB_ELIMIT, s->rownum, m);
			return;
		}
		s->col = col;
		s->lastcol = col;
		s->ctype = !t ? 'n' : !strcmp(t, "s") ? 's' : !strcmp(t, "inlineStr") ? 'i' :
		           !strcmp(t, "str") ? 't' : !strcmp(t, "b") ? 'b' : !strcmp(t, "e") ? 'e' :
		           !strcmp(t, "d") ? 'd' : 'n';
		s->cstyle = st ? strtol(st, NULL, 10) : 0;
		lb_buf_clear(&s->text);
		s->in_c = 1;
	} else if (s->in_c && !strcmp(n, "v")) {
		s->in_v = 1;
	} else if (s->in_c && !strcmp(n, "is")) {
		s->in_is = 1;
	} else if (s->in_is && !strcmp(n, "rPh")) {
		s->in_rph = 1;
	} else if (s->in_is && !s->in_rph && !strcmp(n, "t")) {
		s->in_t = 1;
	}
}

static void
cell_done(struct lb_sheet *s)
{
	const char *t = lb_buf_str(&s->text);
	char num[64];
	switch (s->ctype) {
	case 's': {
		char *e;
		unsigned long i = strtoul(t, &e, 10);
		if (*t && !*e && i < s->nsst) {
			wrow_set(&s->build, s->col, s->sst[i], strlen(s->sst[i]));
			return;
		}
		break;   /* a bad index: nothing */
	}
	case 'b':
		t = !strcmp(t, "1") || !strcmp(t, "true") ? "TRUE" : "FALSE";
		wrow_set(&s->build, s->col, t, strlen(t));
		return;
	case 'd':
		wrow_set(&s->build, s->col, t, strlen(t) >= 10 && t[4] == '-' ? 10 : strlen(t));
		return;
	case 'n': {
		char *e;
		double v;
		if (!*t)
			return;
		errno = 0;
		v = strtod(t, &e);
		if (*e || e == t) {
			wrow_set(&s->build, s->col, t, strlen(t));
			return;
		}
		if (s->cstyle >= 0 && (size_t)s->cstyle < s->nxf && s->xfdate[s->cstyle] &&
		    fmt_serial(v, s->date1904, num)) {
			wrow_set(&s->build, s->col, num, strlen(num));
			return;
		}
		fmt_number(v, num, sizeof num);
		wrow_set(&s->build, s->col, num, strlen(num));
		return;
	}
	default:
		if (s->text.len)
			wrow_set(&s->build, s->col, t, s->text.len);
		return;
	}
}

static void
queue_row(struct lb_sheet *s)
{
	if (s->build.n == 0)
		return;
	if (s->qhead > 0 && s->qhead == s->qn) {
		s->qhead = s->qn = 0;
	}
	if (s->qn + 1 > s->qcap) {
		size_t old = s->qcap;
		s->q = lb_xgrow(s->q, &s->qcap, s->qn + 1, sizeof *s->q);
		memset(s->q + old, 0, (s->qcap - old) * sizeof *s->q);
	}
	wrow_move(&s->q[s->qn++], &s->build);
}

static void XMLCALL
sh_end(void *ud, const XML_Char *el)
{
	struct lb_sheet *s = ud;
	const char *n = local(el);

	if (s->fail)
		return;
	if (!strcmp(n, "row") && s->depth_row) {
		s->depth_row = 0;
		s->lastrow = s->rownum;
		queue_row(s);
	} else if (!strcmp(n, "c") && s->in_c) {
		s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
		cell_done(s);
	} else if (!strcmp(n, "v")) {
		s->in_v = 0;
	} else if (!strcmp(n, "t")) {
		s->in_t = 0;
	} else if (!strcmp(n, "rPh")) {
		s->in_rph = 0;
	} else if (!strcmp(n, "is")) {
		s->in_is = 0;
	} else if (!strcmp(n, "sheetData")) {
		XML_StopParser(s->xp, XML_FALSE);   /* the rest is merges and print settings */
		s->xml_done = 1;
	}
}

static void XMLCALL
sh_text(void *ud, const XML_Char *t, int len)
{
	struct lb_sheet *s = ud;
	if (!(s->in_v || s->in_t) || s->fail)
		return;
	if (s->text.len + (size_t)len > LB_MAX_FIELD) {
		char m[128];
		snprintf(m, sizeof m, _("a cell is larger than %u bytes"), LB_MAX_FIELD);
		sheet_fail(s, LB_ELIMIT, s->rownum, m);
		return;
	}
	lb_buf_add(&s->text, t, (size_t)len);
}

/* Feed expat until a row is queued or the sheet ends: 1, 0 end, <0. */
static int
feed(struct lb_sheet *s, struct lb_err *err)
{
	while (s->qhead == s->qn && !s->xml_done) {
		long n = member_read(s, s->zf, s->sheetpath, s->chunk, WB_CHUNK, &s->zleft, err);
		if (n < 0)
			return (int)n;
		if (XML_Parse(s->xp, s->chunk, (int)n, n == 0) != XML_STATUS_OK) {
			if (s->xml_done && !s->fail)
				break;   /* stopped after </sheetData> */
			return xml_fail(s, s->sheetpath, err);
		}
		if (s->fail)
			return xml_fail(s, s->sheetpath, err);
		if (n == 0)
			s->xml_done = 1;
	}
	return s->qhead < s->qn;
}

/* ---- merges while the rows go out ----------------------------------------- */

/* Merges in play for row k: start those with r1 <= k, drop those ended. */
static void
merges_at(struct lb_sheet *s, long k)
{
	size_t j = 0;
	while (s->mnext < s->nm && s->m[s->mnext].r1 <= k) {
		size_t cap = s->nact;
		s->act = lb_xgrow(s->act, &cap, s->nact + 1, sizeof *s->act);
		s->act[s->nact++] = s->mnext++;
	}
	for (size_t i = 0; i < s->nact; i++)
		if (s->m[s->act[i]].r2 >= k)
			s->act[j++] = s->act[i];
		else {
			free(s->m[s->act[i]].val);
			s->m[s->act[i]].val = NULL;
		}
	s->nact = j;
}

/* Give row w (number k) the values of the merges covering it, when it has
 * a value of its own: a row that only a merged range reaches is blank (a
 * sheet writes every row that holds something), not a record. */
static void
merges_apply(struct lb_sheet *s, struct wrow *w, long k)
{
	size_t own = 0;
	merges_at(s, k);
	for (size_t c = 0; c < w->n && !own; c++)
		own = wrow_get(w, c)[0] != '\0';
	if (!own)
		return;
	for (size_t i = 0; i < s->nact; i++) {
		struct merge *m = &s->m[s->act[i]];
		if (m->r1 == k && !m->val)
			m->val = lb_xstrdup(wrow_get(w, m->c1));
		if (!m->val || !m->val[0])
			continue;
		for (size_t c = m->c1; c <= m->c2; c++)
			if (!wrow_get(w, c)[0])
				wrow_set(w, c, m->val, strlen(m->val));
	}
}

static int
xlsx_next(struct lb_sheet *s, struct wrow **wp, struct lb_err *err)
{
	int rc = feed(s, err);
	if (rc <= 0)
		return rc;
	wrow_move(&s->out, &s->q[s->qhead++]);
	if (s->nm)
		merges_apply(s, &s->out, s->out.num);
	*wp = &s->out;
	return 1;
}

/* ---- open ---------------------------------------------------------------- */

static int
is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* hidden: NULL, or which sheets are hidden (the first visible one is the
 * default: a hidden first sheet holds a template's lists, not the roster) */
static int
pick_sheet(struct lb_sheet *s, const struct lb_strv *names, const unsigned char *hidden,
           const char *want, size_t *idx, struct lb_err *err)
{
	if (names->n == 0)
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("the workbook has no sheet"));
	if (!want) {
		*idx = 0;
		while (hidden && *idx + 1 < names->n && *idx < 4096 && hidden[*idx])
			(*idx)++;
		if (hidden && *idx < 4096 && hidden[*idx])
			*idx = 0;   /* all hidden: the first */
		return 0;
	}
	for (size_t i = 0; i < names->n; i++)
		if (!strcmp(names->v[i], want)) {
			*idx = i;
			return 0;
		}
	if (is_number(want)) {
		unsigned long k = strtoul(want, NULL, 10);
		if (k >= 1 && k <= names->n) {
			*idx = k - 1;
			return 0;
		}
	}
	{
		struct lb_buf b = LB_BUF_INIT;
		for (size_t i = 0; i < names->n; i++) {
			if (i)
				lb_buf_adds(&b, ", ");
			lb_buf_adds(&b, names->v[i]);
		}
		lb_err_set(err, LB_EUSAGE, s->name, 0, _("--sheet %s: no such sheet (the sheets: %s)"), want,
		           lb_buf_str(&b));
		lb_buf_fini(&b);
		return LB_EUSAGE;
	}
}

static int
xlsx_open(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head, size_t nhead,
          const char *want, struct lb_err *err)
{
	struct wbinfo wb;
	struct stinfo st;
	struct sstinfo sst;
	char *sstpath = NULL, *stpath = NULL;
	size_t idx;
	int rc, ze = 0;

	memset(&wb, 0, sizeof wb);
	memset(&st, 0, sizeof st);
	memset(&sst, 0, sizeof sst);
	if (path) {
		if (!(s->za = zip_open(path, ZIP_RDONLY, &ze))) {
			zip_error_t e;
			zip_error_init_with_code(&e, ze);
			rc = lb_err_set(err, LB_ENOTABLE, s->name, 0, _("not a readable workbook: %s"),
			                zip_error_strerror(&e));
			zip_error_fini(&e);
			return rc;
		}
	} else {
		/* standard input: into memory, then a zip source over it */
		struct lb_buf b = LB_BUF_INIT;
		zip_source_t *src;
		zip_error_t e;
		size_t got;
		lb_buf_add(&b, head, nhead);
		do {
			lb_buf_reserve(&b, WB_CHUNK);
			got = fread(b.s + b.len, 1, WB_CHUNK, fp);
			b.len += got;
			if (b.len > LB_WB_MAX_STDIN) {
				lb_buf_fini(&b);
				return lb_err_set(err, LB_ELIMIT, s->name, 0,
				                  _("a workbook on standard input larger than %u MB: name the file instead"),
				                  LB_WB_MAX_STDIN >> 20);
			}
		} while (got > 0);
		if (ferror(fp)) {
			lb_buf_fini(&b);
			return lb_err_sys(err, s->name, _("cannot read"));
		}
		s->membuf = b.s;
		zip_error_init(&e);
		if (!(src = zip_source_buffer_create(s->membuf, b.len, 0, &e)) ||
		    !(s->za = zip_open_from_source(src, ZIP_RDONLY, &e))) {
			rc = lb_err_set(err, LB_ENOTABLE, s->name, 0, _("not a readable workbook: %s"),
			                zip_error_strerror(&e));
			if (src)
				zip_source_free(src);
			zip_error_fini(&e);
			return rc;
		}
		zip_error_fini(&e);
	}

	s->wbi = &wb;
	if ((rc = parse_member(s, "xl/workbook.xml", 0, wb_setup, err)) < 0)
		goto out;
	if ((rc = parse_member(s, "xl/_rels/workbook.xml.rels", 0, rel_setup, err)) < 0)
		goto out;
	if ((rc = pick_sheet(s, &wb.names, wb.hidden, want, &idx, err)) < 0)
		goto out;
	s->sheetname = lb_xstrdup(wb.names.v[idx]);
	for (size_t i = 0; i < wb.ids.n; i++) {
		const char *ty = wb.types.v[i];
		size_t tl = strlen(ty);
		if (!strcmp(wb.ids.v[i], wb.rids.v[idx]) && !s->sheetpath) {
			if (!(s->sheetpath = resolve(wb.targets.v[i]))) {
				rc = lb_err_set(err, LB_ENOTABLE, s->name, 0,
				                _("sheet %s: its path %s is outside the archive: refused"),
				                s->sheetname, wb.targets.v[i]);
				goto out;
			}
		} else if (tl >= 14 && !strcmp(ty + tl - 14, "/sharedStrings") && !sstpath) {
			sstpath = resolve(wb.targets.v[i]);
		} else if (tl >= 7 && !strcmp(ty + tl - 7, "/styles") && !stpath) {
			stpath = resolve(wb.targets.v[i]);
		}
	}
	if (!s->sheetpath) {
		rc = lb_err_set(err, LB_ENOTABLE, s->name, 0, _("sheet %s: the workbook does not say where it is"),
		                s->sheetname);
		goto out;
	}
	s->sti = &st;
	if ((rc = parse_member(s, stpath ? stpath : "xl/styles.xml", 1, st_setup, err)) < 0)
		goto out;
	s->ssti = &sst;
	if ((rc = parse_member(s, sstpath ? sstpath : "xl/sharedStrings.xml", 1, sst_setup, err)) < 0)
		goto out;
	if (sst.n) {
		s->sstbuf = lb_buf_steal(&sst.buf);
		s->sst = lb_xmalloc(sst.n * sizeof *s->sst);
		for (size_t i = 0; i < sst.n; i++)
			s->sst[i] = s->sstbuf + sst.off[i];
		s->nsst = sst.n;
		/* an <si> left open by a broken file has no NUL: parse_member failed */
	}
	if ((rc = find_merges(s, err)) < 0)
		goto out;
	if ((rc = member_open(s, s->sheetpath, LB_WB_MAX_MEMBER, &s->zf, &s->zleft, err)) < 0)
		goto out;
	if (!new_parser(s)) {
		rc = lb_err_set(err, LB_EIO, s->name, 0, _("cannot create an XML parser"));
		goto out;
	}
	XML_SetElementHandler(s->xp, sh_start, sh_end);
	XML_SetCharacterDataHandler(s->xp, sh_text);
	rc = 0;
out:
	s->wbi = NULL;
	s->sti = NULL;
	s->ssti = NULL;
	lb_strv_fini(&wb.names);
	lb_strv_fini(&wb.rids);
	lb_strv_fini(&wb.targets);
	lb_strv_fini(&wb.ids);
	lb_strv_fini(&wb.types);
	for (size_t i = 0; i < st.nfmt; i++)
		free(st.fmtcode[i]);
	free(st.fmtid);
	free(st.fmtcode);
	lb_buf_fini(&sst.buf);
	free(sst.off);
	free(sstpath);
	free(stpath);
	return rc;
}

/* ---- .xls ---------------------------------------------------------------- */

/* libfreexl reads a named file: standard input goes to a temporary one
 * (mode 0600, removed at close), at most LB_WB_MAX_STDIN bytes. */
static int
xls_stdin(struct lb_sheet *s, FILE *fp, const unsigned char *head, size_t nhead, struct lb_err *err)
{
	const char *tmp = getenv("TMPDIR");
	unsigned long long total = nhead;
	FILE *out;
	int fd;
	size_t got;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	s->xtmp = lb_xasprintf("%s/lb-xls.XXXXXX", tmp);
	if ((fd = mkstemp(s->xtmp)) < 0 || !(out = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		free(s->xtmp);
		s->xtmp = NULL;
		return lb_err_sys(err, s->name, _("cannot make a temporary file"));
	}
	fwrite(head, 1, nhead, out);
	while ((got = fread(s->chunk, 1, WB_CHUNK, fp)) > 0) {
		total += got;
		if (total > LB_WB_MAX_STDIN) {
			fclose(out);
			return lb_err_set(err, LB_ELIMIT, s->name, 0,
			                  _("a workbook on standard input larger than %u MB: name the file instead"),
			                  LB_WB_MAX_STDIN >> 20);
		}
		fwrite(s->chunk, 1, got, out);
	}
	if (ferror(fp)) {
		fclose(out);
		return lb_err_sys(err, s->name, _("cannot read"));
	}
	if (fclose(out) != 0)
		return lb_err_sys(err, s->xtmp, _("cannot write"));
	return 0;
}

static int
xls_open(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head, size_t nhead,
         const char *want, struct lb_err *err)
{
	struct lb_strv names = LB_STRV_INIT;
	unsigned int n = 0;
	size_t idx;
	int rc;

	if (!path) {
		if ((rc = xls_stdin(s, fp, head, nhead, err)) < 0)
			return rc;
		path = s->xtmp;
	}
	if (freexl_open(path, &s->fx) != FREEXL_OK) {
		s->fx = NULL;
		return lb_err_set(err, LB_ENOTABLE, s->name, 0,
		                  _("not a readable .xls workbook (Excel 97-2003, BIFF8)"));
	}
	if (freexl_get_info(s->fx, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK)
		n = 0;
	for (unsigned int i = 0; i < n && i < 4096; i++) {
		const char *nm = NULL;
		if (freexl_get_worksheet_name(s->fx, (unsigned short)i, &nm) != FREEXL_OK || !nm)
			nm = "";
		lb_strv_push(&names, nm);
	}
	if ((rc = pick_sheet(s, &names, NULL, want, &idx, err)) < 0) {
		lb_strv_fini(&names);
		return rc;
	}
	s->sheetname = lb_xstrdup(names.v[idx]);
	lb_strv_fini(&names);
	if (freexl_select_active_worksheet(s->fx, (unsigned short)idx) != FREEXL_OK ||
	    freexl_worksheet_dimensions(s->fx, &s->xrows, &s->xcols) != FREEXL_OK)
		return lb_err_set(err, LB_ENOTABLE, s->name, 0, _("sheet %s cannot be read"), s->sheetname);
	return 0;
}

static int
xls_next(struct lb_sheet *s, struct wrow **wp, struct lb_err *err)
{
	while (s->xnext < s->xrows) {
		unsigned int r = s->xnext++;
		wrow_clear(&s->out);
		s->out.num = (long)r + 1;
		for (unsigned short c = 0; c < s->xcols && c < LB_MAX_COLS; c++) {
			FreeXL_CellValue v;
			char num[64];
			const char *t = NULL;
			if (freexl_get_cell_value(s->fx, r, c, &v) != FREEXL_OK)
				continue;
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof num, "%d", v.value.int_value);
				t = num;
				break;
			case FREEXL_CELL_DOUBLE:
				fmt_number(v.value.double_value, num, sizeof num);
				t = num;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				t = v.value.text_value;
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				if (v.value.text_value && strlen(v.value.text_value) >= 10) {
					snprintf(num, sizeof num, "%.10s", v.value.text_value);
					t = num;
				} else {
					t = v.value.text_value;
				}
				break;
			case FREEXL_CELL_TIME:
				t = v.value.text_value;
				break;
			default:
				break;
			}
			if (t && *t) {
				size_t len = strlen(t);
				if (len > LB_MAX_FIELD)
					return lb_err_set(err, LB_ELIMIT, s->name, s->out.num,
					                  _("a cell is larger than %u bytes"), LB_MAX_FIELD);
				wrow_set(&s->out, c, t, len);
			}
		}
		if (s->out.n) {
			*wp = &s->out;
			return 1;
		}
	}
	return 0;
}

/* ---- the interface ------------------------------------------------------- */

int
lb_sheet_open(struct lb_sheet **sp, enum lb_wb_kind kind, const char *path, FILE *fp,
              const unsigned char *head, size_t nhead, const char *sheet, const char *name,
              struct lb_err *err)
{
	struct lb_sheet *s = lb_xcalloc(1, sizeof *s);
	int rc;

	*sp = NULL;
	s->kind = kind;
	s->name = lb_xstrdup(name ? name : path ? path : "<stdin>");
	s->chunk = lb_xmalloc(WB_CHUNK);
	s->lastcol = (size_t)-1;
	rc = kind == LB_WB_XLS ? xls_open(s, path, fp, head, nhead, sheet, err)
	                       : xlsx_open(s, path, fp, head, nhead, sheet, err);
	if (rc < 0) {
		lb_sheet_close(s);
		return rc;
	}
	*sp = s;
	return 0;
}

int
lb_sheet_next(struct lb_sheet *s, long *line, const char *const **cells, size_t *n,
              struct lb_err *err)
{
	struct wrow *w = NULL;
	int rc = s->kind == LB_WB_XLS ? xls_next(s, &w, err) : xlsx_next(s, &w, err);
	if (rc <= 0)
		return rc;
	s->ptr = lb_xgrow(s->ptr, &s->pcap, w->n + 1, sizeof *s->ptr);
	for (size_t i = 0; i < w->n; i++)
		s->ptr[i] = w->data.s + w->off[i];
	s->ptr[w->n] = NULL;
	*line = w->num;
	*cells = s->ptr;
	*n = w->n;
	return 1;
}

void
lb_sheet_csvline(struct lb_buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *c = cells[i];
		size_t len = strlen(c);
		if (i)
			lb_buf_addc(b, ',');
		if (strpbrk(c, ",\"\r\n") || (len && (c[0] == ' ' || c[len - 1] == ' '))) {
			lb_buf_addc(b, '"');
			for (; *c; c++) {
				if (*c == '"')
					lb_buf_addc(b, '"');
				lb_buf_addc(b, *c);
			}
			lb_buf_addc(b, '"');
		} else {
			lb_buf_add(b, c, len);
		}
	}
	lb_buf_addc(b, '\n');
}

const char *lb_sheet_name(const struct lb_sheet *s) { return s->sheetname ? s->sheetname : ""; }
enum lb_wb_kind lb_sheet_kind(const struct lb_sheet *s) { return s->kind; }

void
lb_sheet_close(struct lb_sheet *s)
{
	if (!s)
		return;
	if (s->xp)
		XML_ParserFree(s->xp);
	if (s->zf)
		zip_fclose(s->zf);
	if (s->za)
		zip_discard(s->za);
	free(s->membuf);
	if (s->fx)
		freexl_close(s->fx);
	if (s->xtmp) {
		unlink(s->xtmp);
		free(s->xtmp);
	}
	free(s->sst);
	free(s->sstbuf);
	free(s->xfdate);
	for (size_t i = 0; i < s->nm; i++)
		free(s->m[i].val);
	free(s->m);
	free(s->act);
	for (size_t i = 0; i < s->qcap; i++)
		wrow_fini(&s->q[i]);
	free(s->q);
	wrow_fini(&s->build);
	wrow_fini(&s->out);
	lb_buf_fini(&s->text);
	free(s->ptr);
	free(s->chunk);
	free(s->sheetpath);
	free(s->sheetname);
	free(s->name);
	free(s);
}
