/*
 * workbook_xlsx.c — opening an .xlsx package (see workbook.h).
 *
 * In order: xl/workbook.xml (the sheets, the date system) and its
 * relationships (the sheet's path, the shared strings' and styles' paths);
 * xl/styles.xml (which cell formats are dates); the shared strings; then
 * the sheet itself is streamed by workbook_sheet.c. Every member is read
 * with its size and compression ratio checked, by a parser that refuses
 * DOCTYPE and entity declarations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <expat.h>
#include <zip.h>

#include "i18n.h"
#include "util.h"
#include "workbook.h"
#include "workbook_impl.h"

/* ---- values -------------------------------------------------------------- */

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

/* ---- zip members --------------------------------------------------------- */

const char *
lb_wb_local(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

const char *
lb_wb_attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (!strcmp(lb_wb_local(a[0]), name))
			return a[1];
	return NULL;
}

/* r:id: the id attribute with a prefix. */
static const char *
attr_rid(const char **a)
{
	for (; a && a[0]; a += 2)
		if (strchr(a[0], ':') && !strcmp(lb_wb_local(a[0]), "id"))
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

XML_Parser
lb_wb_new_parser(struct lb_sheet *s)
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
int
lb_wb_member_open(struct lb_sheet *s, const char *path, unsigned long long cap, zip_file_t **zfp,
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
long
lb_wb_member_read(struct lb_sheet *s, zip_file_t *zf, const char *path, char *buf, size_t n,
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

int
lb_wb_xml_fail(struct lb_sheet *s, const char *path, struct lb_err *err)
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
	if ((rc = lb_wb_member_open(s, path, LB_WB_MAX_PART, &zf, &left, err)) < 0)
		return rc;
	if (!(p = lb_wb_new_parser(s))) {
		zip_fclose(zf);
		return lb_err_set(err, LB_EIO, s->name, 0, _("cannot create an XML parser"));
	}
	setup(p);
	for (;;) {
		long n = lb_wb_member_read(s, zf, path, s->chunk, WB_CHUNK, &left, err);
		if (n < 0) {
			rc = (int)n;
			break;
		}
		if (XML_Parse(p, s->chunk, (int)n, n == 0) != XML_STATUS_OK || s->fail) {
			rc = lb_wb_xml_fail(s, path, err);
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
	const char *n = lb_wb_local(el);
	if (!strcmp(n, "sheet")) {
		const char *nm = lb_wb_attr(a, "name"), *rid = attr_rid(a), *st = lb_wb_attr(a, "state");
		struct wbinfo *w = ((struct lb_sheet *)ud)->wbi;
		if (w->names.n < sizeof w->hidden)
			w->hidden[w->names.n] = st && strcmp(st, "visible") != 0;
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->names, nm ? nm : "");
		lb_strv_push(&((struct lb_sheet *)ud)->wbi->rids, rid ? rid : "");
	} else if (!strcmp(n, "workbookPr")) {
		const char *d = lb_wb_attr(a, "date1904");
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
	if (!strcmp(lb_wb_local(el), "Relationship")) {
		const char *id = lb_wb_attr(a, "Id"), *t = lb_wb_attr(a, "Target"), *ty = lb_wb_attr(a, "Type");
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
	const char *n = lb_wb_local(el);
	if (!strcmp(n, "numFmt") && ((struct lb_sheet *)ud)->sti->nfmt < 4096) {
		const char *id = lb_wb_attr(a, "numFmtId"), *code = lb_wb_attr(a, "formatCode");
		size_t c = ((struct lb_sheet *)ud)->sti->fcap;
		((struct lb_sheet *)ud)->sti->fmtid = lb_xgrow(((struct lb_sheet *)ud)->sti->fmtid, &c, ((struct lb_sheet *)ud)->sti->nfmt + 1, sizeof *((struct lb_sheet *)ud)->sti->fmtid);
		((struct lb_sheet *)ud)->sti->fmtcode = lb_xgrow(((struct lb_sheet *)ud)->sti->fmtcode, &((struct lb_sheet *)ud)->sti->fcap, ((struct lb_sheet *)ud)->sti->nfmt + 1, sizeof *((struct lb_sheet *)ud)->sti->fmtcode);
		((struct lb_sheet *)ud)->sti->fmtid[((struct lb_sheet *)ud)->sti->nfmt] = id ? strtol(id, NULL, 10) : -1;
		((struct lb_sheet *)ud)->sti->fmtcode[((struct lb_sheet *)ud)->sti->nfmt++] = lb_xstrdup(code ? code : "");
	} else if (!strcmp(n, "cellXfs")) {
		((struct lb_sheet *)ud)->sti->in_xfs = 1;
	} else if (!strcmp(n, "xf") && ((struct lb_sheet *)ud)->sti->in_xfs && s->nxf < 65536) {
		const char *id = lb_wb_attr(a, "numFmtId");
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
	if (!strcmp(lb_wb_local(el), "cellXfs"))
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
	const char *n = lb_wb_local(el);
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
	const char *n = lb_wb_local(el);
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

/* ---- open ---------------------------------------------------------------- */

/* The package: the named file, or standard input read into memory (at
 * most LB_WB_MAX_STDIN bytes) with a zip source over it. */
static int
open_zip(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head, size_t nhead,
         struct lb_err *err)
{
	int rc, ze = 0;

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
	return 0;
}

int
lb_wb_xlsx_open(struct lb_sheet *s, const char *path, FILE *fp, const unsigned char *head, size_t nhead,
                const char *want, struct lb_err *err)
{
	struct wbinfo wb;
	struct stinfo st;
	struct sstinfo sst;
	char *sstpath = NULL, *stpath = NULL;
	size_t idx;
	int rc;

	memset(&wb, 0, sizeof wb);
	memset(&st, 0, sizeof st);
	memset(&sst, 0, sizeof sst);
	if ((rc = open_zip(s, path, fp, head, nhead, err)) < 0)
		return rc;

	s->wbi = &wb;
	if ((rc = parse_member(s, "xl/workbook.xml", 0, wb_setup, err)) < 0)
		goto out;
	if ((rc = parse_member(s, "xl/_rels/workbook.xml.rels", 0, rel_setup, err)) < 0)
		goto out;
	if ((rc = lb_wb_pick_sheet(s, &wb.names, wb.hidden, want, &idx, err)) < 0)
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
	rc = lb_wb_sheet_begin(s, err);
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
