/* check.c — the checks of lb-validate over canonical-layout values (check.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "i18n.h"
#include "roster.h"
#include "util.h"
#include "value.h"

#define TURNS16_DAYS 90

/* ---- the keys of the checks across records ----
 *
 * Memory per child is what lets lb-validate check a national roster (10^7
 * children) in a few hundred MB: the tables are lb_ktab (util.h), flat
 * arrays of small fixed entries, and every key is exact or verified.
 *
 * child_id: an 18-character number of the right form (17 digits and a
 * digit or X) is packed exactly into 60 bits by lb_idcard_pack (value.h;
 * the top bit stays clear). Anything else (a 15-digit
 * number, lower-case x, spaces, letters) is looked up as a string
 * (lb_smap, exact) and numbered: key 2^63 + its number. No two ids share a
 * key, so duplicate-id is never found by a collision. */

#define ID_OTHER (1ULL << 63)

/* name + birth date: a 96-bit key, lb_fnv's 64 bits (never 0) and 32 bits of
 * a second, unrelated hash. Two different names (or birth dates) share a key
 * with a probability of about n^2 / 2^97 among n children (10^-15 for
 * 10^7): not a finding anyone will ever see, where 64 bits alone would be
 * 10^-6 per national run. Keeping every name instead would cost more than the
 * rest of the per-child state together. */
struct nbkey {
	uint64_t h;
	uint32_t h2;
};

static struct nbkey
nbhash(const char *name, int birth)
{
	struct nbkey k;
	uint64_t h = lb_fnv(LB_FNV_INIT, name, strlen(name) + 1);
	h = lb_fnv(h, (const char *)&birth, sizeof birth);
	k.h = h ? h : 1;
	uint64_t g = 0x9e3779b97f4a7c15ULL ^ (uint32_t)birth;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		g = (g ^ *p) * 0xbf58476d1ce4e5b9ULL;
		g ^= g >> 31;
	}
	g *= 0x94d049bb133111ebULL;
	k.h2 = (uint32_t)(g >> 32);
	return k;
}

/* Entries (byte layouts, read and written with memcpy):
 *   ids    12 bytes: key (8), first line (4; bit 31: that record had an
 *          error-level finding; LINE_BIG: the line is in idx)
 *   idx    struct idx: the few ids that are duplicated or whose first line
 *          does not fit in 31 bits
 *   nbs    16 bytes: key (12), first line (4; bit 31: see nbx, else the
 *          first child's child_id was first seen on that same line)
 *   nbx    struct nbx: the few others (the first child's child_id seen
 *          earlier, or none; a line over 31 bits)
 *   roster 12 bytes: key (8), archived_on (4), activity logs' roster */
#define LINE_BIG 0x7fffffffu
#define LINE_FLAG 0x80000000u
#define NOID UINT64_MAX

struct idx {
	uint64_t key;
	uint64_t line;      /* first line, when LINE_BIG */
	uint64_t dup;       /* 1 + index in dups, or 0 */
};

struct nbx {
	uint64_t h;
	uint32_t h2, pad;
	uint64_t line;      /* first line */
	uint64_t idline;    /* the first line of the first child's child_id, NOID: none */
};

static uint32_t
get32(const unsigned char *p, size_t off)
{
	uint32_t v;
	memcpy(&v, p + off, sizeof v);
	return v;
}

static void
set32(unsigned char *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, sizeof v);
}

/* ---- the context ---- */

struct dup {
	long first, second;
	size_t more;        /* occurrences after the second */
	int had_error;
	char *id;
};

struct lb_check {
	const struct lb_schema *s;
	char *file;
	struct lb_check_opts o;
	int header;             /* lb_check_header was called */
	unsigned char *has_col; /* per field */
	struct lb_strv names;   /* header texts */
	struct lb_ktab ids, idx, nbs, nbx, roster;
	struct lb_smap sids;    /* child_ids off the packed form: string -> number */
	long nsids;
	struct lb_smap rsids;   /* the same, roster: string -> archived_on */
	struct lb_mentor_load *load;   /* children per (school, mentor) */
	struct dup *dups;
	size_t ndups, capdups;
	struct lb_buf *nbuf;    /* per field: the normalised value */
	const char **nv;        /* per field: usable value (canonical), or NULL */
	int *bad;               /* per field: 1 when not valid */
	struct lb_vmemo *memo;  /* per field: values found canonical lately */
	const char **cv;        /* per field: the canonical value or "" (no-performer) */
	const struct lb_check *parent;  /* lb_check_worker: the context it checks for */
	struct lb_check_keys *keys;     /* lb_check_record's one record */
};

/* What the checks across records need of one record (lb_check_values). */
#define NOSTR ((size_t)-1)
struct ckey {
	long line;
	int nerr;               /* error-level findings of lb_check_values */
	int birth;              /* name + birth date: the birth date */
	uint64_t idk;           /* child_id packed, 0: none or see idstr */
	struct nbkey nbk;       /* name + birth date key, h 0: none */
	size_t idstr;           /* child_id off the packed form: offset in text */
	size_t at;              /* out->n where the findings across records go */
	size_t id, name, nameraw, school, mentor;   /* offsets in text, or NOSTR */
};

struct lb_check_keys {
	struct ckey *v;
	size_t n, cap;
	struct lb_buf text;
};

struct lb_check *
lb_check_new(const struct lb_schema *s, const char *file, const struct lb_check_opts *o)
{
	struct lb_check *ck = lb_xcalloc(1, sizeof *ck);
	ck->s = s;
	ck->file = lb_xstrdup(file ? file : "<stdin>");
	if (o)
		ck->o = *o;
	if (ck->o.max_per_mentor <= 0)
		ck->o.max_per_mentor = LB_MENTOR_LIMIT_DEFAULT;
	ck->load = lb_mentor_load_new(ck->o.max_per_mentor);
	ck->has_col = lb_xmalloc(s->n ? s->n : 1);
	memset(ck->has_col, 1, s->n ? s->n : 1);
	lb_ktab_init(&ck->ids, 12, 8);
	lb_ktab_init(&ck->idx, sizeof(struct idx), 8);
	lb_ktab_init(&ck->nbs, 16, 12);
	lb_ktab_init(&ck->nbx, sizeof(struct nbx), 12);
	lb_ktab_init(&ck->roster, 12, 8);
	ck->sids = (struct lb_smap)LB_SMAP_COPY_INIT;
	ck->rsids = (struct lb_smap)LB_SMAP_COPY_INIT;
	ck->nbuf = lb_xcalloc(s->n ? s->n : 1, sizeof *ck->nbuf);
	ck->nv = lb_xcalloc(s->n ? s->n : 1, sizeof *ck->nv);
	ck->bad = lb_xcalloc(s->n ? s->n : 1, sizeof *ck->bad);
	ck->memo = lb_xcalloc(s->n ? s->n : 1, sizeof *ck->memo);
	ck->cv = lb_xcalloc(s->n ? s->n : 1, sizeof *ck->cv);
	return ck;
}

/* A context that shares ck's file, header and roster and has its own
 * per-record state (normalised values, the value memo): made by
 * lb_check_new, so that whatever it allocates a worker has too. */
struct lb_check *
lb_check_worker(const struct lb_check *ck)
{
	struct lb_check *w = lb_check_new(ck->s, ck->file, &ck->o);

	free(w->file);
	w->file = ck->file;
	w->parent = ck;
	w->header = ck->header;
	memcpy(w->has_col, ck->has_col, ck->s->n ? ck->s->n : 1);
	for (size_t i = 0; i < ck->names.n; i++)
		lb_strv_push(&w->names, ck->names.v[i]);
	w->roster = ck->roster;   /* read only */
	w->rsids = ck->rsids;
	return w;
}

void
lb_check_free(struct lb_check *ck)
{
	if (!ck)
		return;
	if (!ck->parent) {
		free(ck->file);
		lb_ktab_fini(&ck->roster);
		lb_smap_fini(&ck->rsids);
	}
	lb_check_keys_free(ck->keys);
	free(ck->has_col);
	lb_strv_fini(&ck->names);
	lb_ktab_fini(&ck->ids);
	lb_ktab_fini(&ck->idx);
	lb_ktab_fini(&ck->nbs);
	lb_ktab_fini(&ck->nbx);
	lb_smap_fini(&ck->sids);
	for (size_t i = 0; i < ck->ndups; i++)
		free(ck->dups[i].id);
	free(ck->dups);
	lb_mentor_load_free(ck->load);
	for (size_t i = 0; i < ck->s->n; i++)
		lb_buf_fini(&ck->nbuf[i]);
	free(ck->nbuf);
	free(ck->nv);
	free(ck->cv);
	free(ck->bad);
	free(ck->memo);
	free(ck);
}

/* ---- structure ---- */

void
lb_check_header(struct lb_check *ck, long line, size_t ncols, const char *const *names,
                const int *fields, struct lb_diags *out)
{
	const struct lb_schema *s = ck->s;

	ck->header = 1;
	memset(ck->has_col, 0, s->n ? s->n : 1);
	lb_strv_fini(&ck->names);
	for (size_t i = 0; i < ncols; i++) {
		lb_strv_push(&ck->names, names[i] ? names[i] : "");
		if (fields[i] >= 0 && (size_t)fields[i] < s->n)
			ck->has_col[fields[i]] = 1;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct lb_field *f = &s->f[i];
		if (ck->has_col[i] || (f->required != LB_REQ_YES && f->required != LB_REQ_KEY))
			continue;
		lb_diags_add(out, ck->file, line, f->id, LB_ERROR, "missing-column", "",
		             _("no column for the required field %s (%s)"), f->id, f->zh);
	}
	for (size_t i = 0; i < ncols; i++) {
		if (fields[i] >= 0)
			continue;
		const char *nm = names[i] ? names[i] : "";
		char num[32];
		if (!strcmp(nm, "source"))
			continue;   /* lb's own: lb-import/lb-merge --source-column */
		snprintf(num, sizeof num, "#%zu", i + 1);
		lb_diags_add(out, ck->file, line, nm[0] ? nm : num, LB_WARNING, "unknown-column", nm,
		             _("column '%s' is not a field of the %s; kept as an extra column"),
		             nm, lb_schema_word(s));
	}
}

void
lb_check_cells(struct lb_check *ck, long line, size_t ncells, struct lb_diags *out)
{
	size_t ncols = ck->names.n;

	if (!ck->header || ncells == ncols)
		return;
	if (ncells < ncols) {
		const char *nm = ck->names.v[ncells];
		char num[32];
		snprintf(num, sizeof num, "#%zu", ncells + 1);
		lb_diags_add(out, ck->file, line, nm[0] ? nm : num, LB_WARNING, "cells", "",
		             _("the row has %zu cells, the header %zu"), ncells, ncols);
	} else {
		char num[32];
		snprintf(num, sizeof num, "#%zu", ncols + 1);
		lb_diags_add(out, ck->file, line, num, LB_WARNING, "cells", "",
		             _("the row has %zu cells, the header %zu"), ncells, ncols);
	}
}

/* ---- values ---- */

static int
is_blank(const char *v)
{
	unsigned char c = (unsigned char)v[0];
	if (!c)
		return 1;
	if (c > ' ' && c != 0xC2 && c != 0xE3)   /* cannot start white space */
		return 0;
	const char *p = v;
	size_t n = strlen(v);
	lb_trim(&p, &n);
	return n == 0;
}

static const char *
type_code(enum lb_type t)
{
	switch (t) {
	case LB_T_IDCARD: return "idcard-chars";
	case LB_T_DATE: return "date";
	case LB_T_ENUM: return "enum";
	case LB_T_SET: return "set";
	case LB_T_BOOL: return "bool";
	case LB_T_INT: return "int";
	case LB_T_PHONE: return "phone";
	case LB_T_DIGITS: return "digits";
	case LB_T_CLASS: return "class";
	case LB_T_NAMES: return "names";
	default: return "text";
	}
}

/* Check an identity-number field. Returns 1 if usable (info filled). */
static int
check_idcard(struct lb_check *ck, long line, size_t i, const char *v, struct lb_idinfo *info,
             int *nerr, struct lb_diags *out)
{
	const struct lb_field *f = &ck->s->f[i];
	struct lb_vnote note;
	enum lb_id_status st = lb_idcard_check(v, ck->o.asof, info);

	if (st == LB_ID_OK) {
		ck->nv[i] = v;
		return 1;
	}
	if (st == LB_ID_15) {
		lb_diags_add(out, ck->file, line, f->id, LB_WARNING, "idcard-15", v,
		             _("'%s' is a 15-digit identity number; lb-import upgrades it to 18"), v);
		return info->birth != LB_NODATE;
	}
	memset(&note, 0, sizeof note);
	lb_buf_clear(&ck->nbuf[i]);
	if (st != LB_ID_FUTURE &&
	    lb_value_normalize(f, v, &ck->nbuf[i], &note) == LB_V_FIXED) {
		const char *fx = lb_buf_str(&ck->nbuf[i]);
		enum lb_id_status st2 = lb_idcard_check(fx, ck->o.asof, info);
		if (st2 == LB_ID_OK) {
			lb_diags_add(out, ck->file, line, f->id, LB_WARNING, "normalizable", v,
			             _("'%s' is not canonical; lb-import would write '%s'"), v, fx);
			ck->nv[i] = fx;
			return 1;
		}
		if (st2 != LB_ID_15) {
			st = st2;
			v = fx;
		}
	}
	ck->bad[i] = 1;
	lb_id_status_note(st, v, info, &note);
	lb_diags_add(out, ck->file, line, f->id, LB_ERROR, note.code, v, "%s", note.msg);
	(*nerr)++;
	return 0;
}

/* Check the value of field i; fills ck->nv[i] when usable. */
static void
check_value(struct lb_check *ck, long line, size_t i, const char *v, int *nerr,
            struct lb_diags *out)
{
	const struct lb_field *f = &ck->s->f[i];
	struct lb_vnote note;
	enum lb_vres r;

	note.code = NULL;
	note.msg[0] = note.suggest[0] = '\0';
	r = lb_value_normalize_memo(f, &ck->memo[i], v, &ck->nbuf[i], &note);
	if (r == LB_V_SAME) {
		ck->nv[i] = v;
		return;
	}
	if (r == LB_V_FIXED) {
		const char *fx = lb_buf_str(&ck->nbuf[i]);
		lb_diags_add(out, ck->file, line, f->id, LB_WARNING, "normalizable", v,
		             _("'%s' is not canonical; lb-import would write '%s'"), v, fx);
		ck->nv[i] = fx;
		return;
	}
	ck->bad[i] = 1;
	int strict = f->strict || f->required == LB_REQ_KEY;
	enum lb_level lvl = LB_ERROR;
	const char *code = note.code && note.code[0] ? note.code : type_code(f->type);
	if (f->type == LB_T_ENUM || f->type == LB_T_SET) {
		lvl = strict ? LB_ERROR : LB_WARNING;
		/* an enum's note "enum" comes from looking for a suggestion
		 * for the whole trimmed value already: no need to look twice
		 * (a third of a realistic roster has free-text health) */
		const char *sug = note.suggest[0] ? note.suggest
		                  : f->type == LB_T_ENUM && note.code && !strcmp(note.code, "enum")
		                  ? NULL : lb_enum_suggest(f, v);
		if (sug && sug[0])
			lb_diags_add(out, ck->file, line, f->id, lvl, code, v,
			             _("'%s' is not a value of %s; did you mean '%s'?"), v, f->id, sug);
		else
			lb_diags_add(out, ck->file, line, f->id, lvl, code, v,
			             _("'%s' is not a value of %s"), v, f->id);
	} else if (note.msg[0]) {
		lb_diags_add(out, ck->file, line, f->id, lvl, code, v, "%s", note.msg);
	} else {
		lb_diags_add(out, ck->file, line, f->id, lvl, code, v,
		             _("'%s' is not a valid %s"), v, f->id);
	}
	if (lvl == LB_ERROR)
		(*nerr)++;
}

/* ---- helpers over the current record ---- */

/* The index of a known field; known is an LB_R_… id for a roster and an
 * LB_A_… id for an activity log, and -1 comes back when the kind differs
 * (the two enums overlap, so the kind must be checked, not the range). */
static int
fidx(const struct lb_check *ck, int known)
{
	return LB_FI(ck->s, known);
}

static int
rfidx(const struct lb_check *ck, int known)
{
	return ck->s->kind == LB_KIND_ROSTER ? LB_FI(ck->s, known) : -1;
}

static const char *
val(const struct lb_check *ck, int known)       /* usable value or NULL */
{
	int i = fidx(ck, known);
	return i >= 0 ? ck->nv[i] : NULL;
}

static int
empty_val(const struct lb_check *ck, const char *const *v, int known)
{
	int i = fidx(ck, known);
	return i < 0 || is_blank(v[i]);
}

static int
eq(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

static int
date_of(const struct lb_check *ck, int known)
{
	const char *s = val(ck, known);
	return s && s[0] ? lb_date_parse_iso(s) : LB_NODATE;
}

static void
add(struct lb_check *ck, long line, int known, enum lb_level lvl, const char *code,
    const char *const *v, int *nerr, struct lb_diags *out, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

static void
add(struct lb_check *ck, long line, int known, enum lb_level lvl, const char *code,
    const char *const *v, int *nerr, struct lb_diags *out, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int i = fidx(ck, known);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lb_diags_add(out, ck->file, line, ck->s->f[i].id, lvl, code, v[i], "%s", msg);
	if (lvl == LB_ERROR)
		(*nerr)++;
}

static void
check_dates_common(struct lb_check *ck, long line, const char *const *v, int *nerr,
                   struct lb_diags *out)
{
	char d[16];
	for (size_t i = 0; i < ck->s->n; i++) {
		if (ck->s->f[i].type != LB_T_DATE || !ck->nv[i] || !ck->nv[i][0])
			continue;
		int day = lb_date_parse_iso(ck->nv[i]);
		if (day != LB_NODATE && day > ck->o.asof) {
			lb_diags_add(out, ck->file, line, ck->s->f[i].id, LB_ERROR, "date-future", v[i],
			             _("%s is after %s"), ck->nv[i], lb_date_format(ck->o.asof, d));
			(*nerr)++;
		}
	}
}

/* ---- roster rules ---- */

static const char *const away_father[] = {"父母均外出务工", "父亲外出务工、母亲无监护能力"};
static const char *const away_mother[] = {"父母均外出务工", "母亲外出务工、父亲无监护能力"};

/* The parents and the guardian of a roster record v: a parent away needs a
 * work place, a guardian who is away or unable, a missing guardian, the
 * required fields (no-guardian said once), a guardian under 18 (g_ok:
 * guardian_id is valid, ginfo what it says). */
static void
check_guardian(struct lb_check *ck, long line, const char *const *v, int g_ok,
               const struct lb_idinfo *ginfo, int *nerr, struct lb_diags *out)
{
	const struct lb_schema *s = ck->s;

	const char *lbt = val(ck, LB_R_LEFT_BEHIND_TYPE);
	int fa_away = eq(lbt, away_father[0]) || eq(lbt, away_father[1]);
	int mo_away = eq(lbt, away_mother[0]) || eq(lbt, away_mother[1]);
	int fa_unable = eq(lbt, "母亲外出务工、父亲无监护能力");
	int mo_unable = eq(lbt, "父亲外出务工、母亲无监护能力");
	if (fa_away && empty_val(ck, v, LB_R_FATHER_WORK_PLACE) && fidx(ck, LB_R_FATHER_WORK_PLACE) >= 0)
		add(ck, line, LB_R_FATHER_WORK_PLACE, LB_ERROR, "work-place", v, nerr, out,
		    _("the father is away (%s), but his work place is empty"), lbt);
	if (mo_away && empty_val(ck, v, LB_R_MOTHER_WORK_PLACE) && fidx(ck, LB_R_MOTHER_WORK_PLACE) >= 0)
		add(ck, line, LB_R_MOTHER_WORK_PLACE, LB_ERROR, "work-place", v, nerr, out,
		    _("the mother is away (%s), but her work place is empty"), lbt);
	const char *rel = val(ck, LB_R_GUARDIAN_RELATION);
	if ((eq(rel, "父亲") && (fa_away || fa_unable)) || (eq(rel, "母亲") && (mo_away || mo_unable)))
		add(ck, line, LB_R_GUARDIAN_RELATION, LB_ERROR, "guardian-away", v, nerr, out,
		    (eq(rel, "父亲") ? fa_away : mo_away)
		        ? _("the guardian is the %s, who is away (%s)")
		        : _("the guardian is the %s, who cannot be a guardian (%s)"),
		    rel, lbt);

	int gi = fidx(ck, LB_R_GUARDIAN_NAME);
	int no_guardian = gi >= 0 && ck->has_col[gi] && is_blank(v[gi]);
	if (gi >= 0 && !ck->has_col[gi])
		no_guardian = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct lb_field *f = &s->f[i];
		if ((f->required != LB_REQ_YES && f->required != LB_REQ_KEY) || !ck->has_col[i] ||
		    !is_blank(v[i]))
			continue;
		if ((int)i == gi) {
			lb_diags_add(out, ck->file, line, f->id, LB_ERROR, "no-guardian", v[i],
			             _("no guardian: the child has no one named to look after them"));
			(*nerr)++;
			continue;
		}
		if (no_guardian && ((int)i == fidx(ck, LB_R_GUARDIAN_RELATION) ||
		                    (int)i == fidx(ck, LB_R_GUARDIAN_PHONE)))
			continue;
		lb_diags_add(out, ck->file, line, f->id, LB_ERROR, "required", v[i],
		             _("%s (%s) is required"), f->id, f->zh);
		(*nerr)++;
	}
	if (g_ok && ginfo->birth != LB_NODATE && ginfo->birth <= ck->o.asof &&
	    lb_age_on(ginfo->birth, ck->o.asof) < 18)
		add(ck, line, LB_R_GUARDIAN_ID, LB_ERROR, "guardian-minor", v, nerr, out,
		    _("the guardian's identity number shows someone of %d, under 18"),
		    lb_age_on(ginfo->birth, ck->o.asof));
}

static void
check_roster(struct lb_check *ck, long line, const char *const *v, int *nerr,
             struct lb_diags *out)
{
	const struct lb_schema *s = ck->s;
	struct lb_idinfo info = {LB_NODATE, -1, 0}, ginfo = {LB_NODATE, -1, 0};
	int id_ok = 0, g_ok = 0;
	char d1[16], d2[16];

	/* values: identity numbers first, then every other typed field */
	for (size_t i = 0; i < s->n; i++) {
		const struct lb_field *f = &s->f[i];
		if (is_blank(v[i]))
			continue;
		if (f->type == LB_T_IDCARD) {
			struct lb_idinfo tmp = {LB_NODATE, -1, 0};
			int ok = check_idcard(ck, line, i, v[i], &tmp, nerr, out);
			if ((int)i == fidx(ck, LB_R_CHILD_ID)) {
				id_ok = ok;
				info = tmp;
			} else if ((int)i == fidx(ck, LB_R_GUARDIAN_ID)) {
				g_ok = ok;
				ginfo = tmp;
			}
		} else {
			check_value(ck, line, i, v[i], nerr, out);
		}
	}
	check_dates_common(ck, line, v, nerr, out);

	/* identity number against gender and birth date */
	const char *gender = val(ck, LB_R_GENDER);
	int birth = date_of(ck, LB_R_BIRTH_DATE);
	if (id_ok && info.male >= 0 && (eq(gender, "男") || eq(gender, "女")) &&
	    (info.male == 1) != eq(gender, "男"))
		add(ck, line, LB_R_GENDER, LB_ERROR, "gender-idcard", v, nerr, out,
		    _("gender is %s, but child_id says %s"), gender, info.male ? "男" : "女");
	/* Without --reveal no birth date stands beside the masked number
	 * whose hidden digits it is: the age, a month, a count of days. */
	if (id_ok && info.birth != LB_NODATE && birth != LB_NODATE && birth != info.birth) {
		if (ck->o.reveal)
			add(ck, line, LB_R_BIRTH_DATE, LB_ERROR, "birth-idcard", v, nerr, out,
			    _("birth date is %s, but child_id says %s"), lb_date_format(birth, d1),
			    lb_date_format(info.birth, d2));
		else
			add(ck, line, LB_R_BIRTH_DATE, LB_ERROR, "birth-idcard", v, nerr, out,
			    _("birth date is not the one inside child_id (%+d days)"),
			    birth - info.birth);
	}
	if (birth == LB_NODATE && id_ok && empty_val(ck, v, LB_R_BIRTH_DATE))
		birth = info.birth;

	/* age for a child on the roster */
	const char *status = val(ck, LB_R_STATUS);
	int si = fidx(ck, LB_R_STATUS);
	/* on the roster (roster.h); a status that is not valid is not 在册 */
	int active = si < 0 || is_blank(v[si]) ? 1 : status && lb_roster_status_active(status);
	if (active && birth != LB_NODATE && birth <= ck->o.asof) {
		int at16 = lb_date_add_years(birth, 16);
		if (at16 <= ck->o.asof && ck->o.reveal)
			add(ck, line, LB_R_BIRTH_DATE, LB_ERROR, "over-age", v, nerr, out,
			    _("the child turned 16 on %s and is still 在册 (status 超龄)"),
			    lb_date_format(at16, d1));
		else if (at16 <= ck->o.asof)
			add(ck, line, LB_R_BIRTH_DATE, LB_ERROR, "over-age", v, nerr, out,
			    _("the child is %d and still 在册 (status 超龄)"),
			    lb_age_on(birth, ck->o.asof));
		else if (at16 - ck->o.asof <= TURNS16_DAYS && ck->o.reveal)
			add(ck, line, LB_R_BIRTH_DATE, LB_WARNING, "turns-16", v, nerr, out,
			    _("the child turns 16 on %s, within %d days"), lb_date_format(at16, d1),
			    TURNS16_DAYS);
		else if (at16 - ck->o.asof <= TURNS16_DAYS)
			add(ck, line, LB_R_BIRTH_DATE, LB_WARNING, "turns-16", v, nerr, out,
			    _("the child turns 16 in %.7s, within %d days"), lb_date_format(at16, d1),
			    TURNS16_DAYS);
	}
	int ui = fidx(ck, LB_R_UPDATED_ON);
	if (!active && status && ui >= 0 && ck->has_col[ui] && is_blank(v[ui]))
		add(ck, line, LB_R_UPDATED_ON, LB_WARNING, "status-date", v, nerr, out,
		    _("status is %s, but no updated_on says when it changed"), status);

	/* dates against birth and each other */
	int arch = date_of(ck, LB_R_ARCHIVED_ON), upd = date_of(ck, LB_R_UPDATED_ON);
	int ent = date_of(ck, LB_R_ENTRUSTED_ON);
	static const int after_birth[] = {LB_R_ARCHIVED_ON, LB_R_UPDATED_ON, LB_R_ENTRUSTED_ON};
	int dates[] = {arch, upd, ent};
	for (size_t k = 0; k < 3; k++)
		if (birth != LB_NODATE && dates[k] != LB_NODATE && dates[k] < birth)
			add(ck, line, after_birth[k], LB_ERROR, "before-birth", v, nerr, out,
			    _("%s is before the birth date %s"), lb_date_format(dates[k], d1),
			    lb_date_format(birth, d2));
	if (arch != LB_NODATE && upd != LB_NODATE && upd < arch)
		add(ck, line, LB_R_UPDATED_ON, LB_ERROR, "updated-before-archived", v, nerr, out,
		    _("updated_on %s is before archived_on %s"), lb_date_format(upd, d1),
		    lb_date_format(arch, d2));

	check_guardian(ck, line, v, g_ok, &ginfo, nerr, out);

	/* mentor and school */
	if (eq(val(ck, LB_R_PRIORITY), "是") && empty_val(ck, v, LB_R_MENTOR) &&
	    fidx(ck, LB_R_MENTOR) >= 0)
		add(ck, line, LB_R_MENTOR, LB_ERROR, "no-mentor", v, nerr, out,
		    _("a priority child (重点帮扶) must have a mentor"));
	const char *enr = val(ck, LB_R_ENROLLMENT);
	if ((eq(enr, "幼儿园") || eq(enr, "小学") || eq(enr, "初中") || eq(enr, "高中") ||
	     eq(enr, "中职")) && empty_val(ck, v, LB_R_SCHOOL) && fidx(ck, LB_R_SCHOOL) >= 0)
		add(ck, line, LB_R_SCHOOL, LB_ERROR, "no-school", v, nerr, out,
		    _("the child is at school (%s), but no school is given"), enr);
}

/* ---- across records ---- */

/* The keys kept for the checks across records: strings copied into the
 * container's text (offsets, as it may grow). */
struct lb_check_keys *
lb_check_keys_new(void)
{
	return lb_xcalloc(1, sizeof(struct lb_check_keys));
}

void
lb_check_keys_clear(struct lb_check_keys *k)
{
	k->n = 0;
	lb_buf_clear(&k->text);
}

void
lb_check_keys_free(struct lb_check_keys *k)
{
	if (!k)
		return;
	free(k->v);
	lb_buf_fini(&k->text);
	free(k);
}

size_t
lb_check_keys_at(const struct lb_check_keys *k, size_t i)
{
	return k->v[i].at;
}

static size_t
keep(struct lb_check_keys *k, const char *s)
{
	size_t off = k->text.len;
	lb_buf_add(&k->text, s, strlen(s) + 1);
	return off;
}

/* Note what the checks across records need of the current record (its
 * values in ck->nv): child_id, name and birth date, and the mentor the
 * child counts for. */
static void
roster_key(struct lb_check *ck, long line, const char *const *v, int nerr, size_t at,
           struct lb_check_keys *keys)
{
	keys->v = lb_xgrow(keys->v, &keys->cap, keys->n + 1, sizeof *keys->v);
	struct ckey *e = &keys->v[keys->n++];
	e->line = line;
	e->nerr = nerr;
	e->at = at;
	e->birth = LB_NODATE;
	e->idk = 0;
	e->nbk.h = 0;
	e->nbk.h2 = 0;
	e->id = e->idstr = e->name = e->nameraw = e->school = e->mentor = NOSTR;
	if (ck->s->kind != LB_KIND_ROSTER)
		return;

	int ci = fidx(ck, LB_R_CHILD_ID);
	if (ci >= 0 && !is_blank(v[ci])) {
		const char *id = ck->nv[ci] ? ck->nv[ci] : v[ci];
		e->idk = lb_idcard_pack(id);
		if (!e->idk)
			e->idstr = keep(keys, id);
		e->id = keep(keys, v[ci]);
	}
	int ni = fidx(ck, LB_R_NAME);
	int birth = date_of(ck, LB_R_BIRTH_DATE);
	if (ni >= 0 && !is_blank(v[ni]) && birth != LB_NODATE) {
		const char *nm = ck->nv[ni] ? ck->nv[ni] : v[ni];
		e->nbk = nbhash(nm, birth);
		e->birth = birth;
		e->name = keep(keys, nm);
		e->nameraw = keep(keys, v[ni]);
	}

	/* the mentor: only the children on the roster as of --as-of count, as
	 * in lb-report */
	int mi = fidx(ck, LB_R_MENTOR), si = fidx(ck, LB_R_SCHOOL);
	if (mi < 0 || is_blank(v[mi]))
		return;
	const char *m = ck->nv[mi] ? ck->nv[mi] : v[mi];
	const char *school = si >= 0 ? (ck->nv[si] ? ck->nv[si] : v[si]) : "";
	int ti = fidx(ck, LB_R_STATUS);
	const char *st = ti < 0 || is_blank(v[ti]) ? "" : val(ck, LB_R_STATUS) ? val(ck, LB_R_STATUS) : v[ti];
	if (!lb_roster_active_on(st, date_of(ck, LB_R_ARCHIVED_ON), date_of(ck, LB_R_UPDATED_ON),
	                         ck->o.asof))
		return;
	e->mentor = keep(keys, m);
	e->school = keep(keys, school);
}

/* The first line of the child_id whose ids entry is x. */
static uint64_t
id_first(const struct lb_check *ck, const unsigned char *x, uint64_t key)
{
	uint32_t l = get32(x, 8) & ~LINE_FLAG;
	if (l != LINE_BIG)
		return l;
	const struct idx *ix = lb_ktab_get(&ck->idx, &key);
	return ix->line;
}

int
lb_check_across(struct lb_check *ck, const struct lb_check_keys *keys, size_t k,
                struct lb_diags *out)
{
	const struct ckey *e = &keys->v[k];
	const char *text = keys->text.s;
	int nerr = e->nerr;
	long line = e->line;
	uint64_t idk = e->idk, ins = 0;
	uint64_t idline = NOID;   /* the first line of this record's child_id */

	if (ck->s->kind != LB_KIND_ROSTER)
		return nerr;
	if (!idk && e->idstr != NOSTR) {   /* off the packed form: by string */
		const char *id = text + e->idstr;
		long *u = lb_smap_find(&ck->sids, id);
		if (!u) {
			lb_smap_put(&ck->sids, id, ++ck->nsids);
			idk = ID_OTHER | (uint64_t)ck->nsids;
		} else {
			idk = ID_OTHER | (uint64_t)*u;
		}
	}
	if (idk) {
		int ci = fidx(ck, LB_R_CHILD_ID);
		const char *raw = text + e->id;
		unsigned char *x = lb_ktab_get(&ck->ids, &idk);
		if (x) {
			uint64_t first = id_first(ck, x, idk);
			int had_error = (get32(x, 8) & LINE_FLAG) != 0;
			lb_diags_add(out, ck->file, line, ck->s->f[ci].id, LB_ERROR, "duplicate-id", raw,
			             _("the same child_id as on line %lu"), (unsigned long)first);
			nerr++;
			struct idx *ix = lb_ktab_get(&ck->idx, &idk);
			if (!ix)
				ix = lb_ktab_put(&ck->idx, &idk);
			if (!ix->dup) {
				ck->dups = lb_xgrow(ck->dups, &ck->capdups, ck->ndups + 1, sizeof *ck->dups);
				struct dup *dp = &ck->dups[ck->ndups++];
				dp->first = (long)first;
				dp->second = line;
				dp->more = 0;
				dp->had_error = had_error;
				dp->id = lb_xstrdup(raw);
				ix->dup = ck->ndups;
			} else {
				ck->dups[ix->dup - 1].more++;
			}
			idline = first;
		} else {
			ins = idk;   /* inserted at the end, with this record's errors */
			idline = (uint64_t)line;
		}
	}
	if (e->nbk.h) {
		int ni = fidx(ck, LB_R_NAME);
		unsigned char *x = lb_ktab_get(&ck->nbs, &e->nbk);
		if (!x) {
			x = lb_ktab_put(&ck->nbs, &e->nbk);
			if (idline == (uint64_t)line && line > 0 && line < (long)LINE_BIG) {
				set32(x, 12, (uint32_t)line);
			} else {
				set32(x, 12, LINE_FLAG);
				struct nbx *nx = lb_ktab_put(&ck->nbx, &e->nbk);
				nx->line = (uint64_t)line;
				nx->idline = idline;
			}
		} else {
			uint64_t first, fid;
			uint32_t l = get32(x, 12);
			if (l & LINE_FLAG) {
				const struct nbx *nx = lb_ktab_get(&ck->nbx, &e->nbk);
				first = nx->line;
				fid = nx->idline;
			} else {
				first = fid = l;
			}
			if (fid != idline) {
				char d[16];
				lb_diags_add(out, ck->file, line, ck->s->f[ni].id,
				             LB_WARNING, "duplicate-child", text + e->nameraw,
				             _("%s, born %s, is also on line %lu under another child_id"),
				             text + e->name, lb_date_format(e->birth, d),
				             (unsigned long)first);
			}
		}
	}
	if (e->mentor != NOSTR)
		lb_mentor_load_add(ck->load, text + e->school, text + e->mentor, line);
	if (ins) {
		unsigned char *x = lb_ktab_put(&ck->ids, &ins);
		uint32_t l = line > 0 && line < (long)LINE_BIG ? (uint32_t)line : LINE_BIG;
		set32(x, 8, l | (nerr ? LINE_FLAG : 0));
		if (l == LINE_BIG) {
			struct idx *ix = lb_ktab_put(&ck->idx, &ins);
			ix->line = (uint64_t)line;
		}
	}
	return nerr;
}

void
lb_check_expect(struct lb_check *ck, size_t n)
{
	if (ck->s->kind != LB_KIND_ROSTER)
		return;
	lb_ktab_reserve(&ck->ids, n);
	lb_ktab_reserve(&ck->nbs, n);
}

/* ---- activity rules ---- */

/* 1 when child_id id is on the roster (archived_on into *archived). */
static int
roster_archived(const struct lb_check *ck, const char *id, int *archived)
{
	uint64_t k = lb_idcard_pack(id);
	if (!k) {
		long *a = lb_smap_find(&ck->rsids, id);
		if (a)
			*archived = (int)*a;
		return a != NULL;
	}
	const unsigned char *e = lb_ktab_get(&ck->roster, &k);
	if (e)
		*archived = (int32_t)get32(e, 8);
	return e != NULL;
}

static void
check_activity(struct lb_check *ck, long line, const char *const *v, int *nerr,
               struct lb_diags *out)
{
	const struct lb_schema *s = ck->s;
	struct lb_idinfo info;
	char d1[16];

	for (size_t i = 0; i < s->n; i++) {
		if (is_blank(v[i]))
			continue;
		if (s->f[i].type == LB_T_IDCARD)
			check_idcard(ck, line, i, v[i], &info, nerr, out);
		else
			check_value(ck, line, i, v[i], nerr, out);
	}
	check_dates_common(ck, line, v, nerr, out);
	for (size_t i = 0; i < s->n; i++) {
		const struct lb_field *f = &s->f[i];
		if ((f->required == LB_REQ_YES || f->required == LB_REQ_KEY) && ck->has_col[i] &&
		    is_blank(v[i])) {
			lb_diags_add(out, ck->file, line, f->id, LB_ERROR, "required", v[i],
			             _("%s (%s) is required"), f->id, f->zh);
			(*nerr)++;
		}
	}
	int ki = fidx(ck, LB_A_KIND), ui = fidx(ck, LB_A_SUMMARY);
	if (ki >= 0 && ui >= 0 && ck->has_col[ki] && !ck->bad[ki] && !is_blank(v[ki]) &&
	    is_blank(v[ui])) {
		const char *kind = ck->nv[ki] ? ck->nv[ki] : v[ki];
		if (lb_schema_needs_summary(&s->f[ki], kind))
			add(ck, line, LB_A_SUMMARY, LB_WARNING, "no-summary", v, nerr, out,
			    _("a record of %s needs a summary of what was done"), kind);
	}
	int ci = fidx(ck, LB_A_CHILD_ID);
	if (ci >= 0 && is_blank(v[ci])) {
		if (empty_val(ck, v, LB_A_SCHOOL) && fidx(ck, LB_A_SCHOOL) >= 0)
			add(ck, line, LB_A_SCHOOL, LB_ERROR, "no-school", v, nerr, out,
			    _("a collective event (no child_id) must name its school"));
	} else if (ci >= 0 && (ck->roster.n || ck->rsids.n) && !ck->bad[ci]) {
		const char *id = ck->nv[ci] ? ck->nv[ci] : v[ci];
		int date = date_of(ck, LB_A_DATE), archived;
		if (!roster_archived(ck, id, &archived))
			add(ck, line, LB_A_CHILD_ID, LB_ERROR, "not-on-roster", v, nerr, out,
			    _("child_id '%s' is not on the roster"), id);
		else if (date != LB_NODATE && archived != LB_NODATE && date < archived)
			add(ck, line, LB_A_DATE, LB_WARNING, "before-archive", v, nerr, out,
			    _("the contact is dated before the child's archive (%s)"),
			    lb_date_format(archived, d1));
	}
}

void
lb_check_roster_add(struct lb_check *ck, const char *child_id, int archived_on)
{
	if (!child_id || !child_id[0])
		return;
	uint64_t k = lb_idcard_pack(child_id);
	if (!k) {
		long *a = lb_smap_find(&ck->rsids, child_id);
		if (!a)
			lb_smap_put(&ck->rsids, child_id, archived_on);
		else if (archived_on != LB_NODATE && (*a == LB_NODATE || archived_on < *a))
			*a = archived_on;
		return;
	}
	unsigned char *e = lb_ktab_get(&ck->roster, &k);
	if (!e) {
		e = lb_ktab_put(&ck->roster, &k);
		set32(e, 8, (uint32_t)archived_on);
	} else {
		int32_t a = (int32_t)get32(e, 8);
		if (archived_on != LB_NODATE && (a == (int32_t)LB_NODATE || archived_on < a))
			set32(e, 8, (uint32_t)archived_on);
	}
}

/* no-performer: the rules this child owes whose performers the roster does
 * not name. */
static void
check_performers(struct lb_check *ck, long line, const char *const *v, struct lb_diags *out)
{
	const struct lb_schema *s = ck->s;
	const struct lb_rules *rs = ck->o.rules;
	if (!rs || !lb_roster_record_active_on(s, ck->cv, ck->o.asof))
		return;
	int age = lb_roster_age_on(s, ck->cv, ck->o.asof);
	if (age >= 16)
		return;
	struct lb_buf ids = LB_BUF_INIT, roles = LB_BUF_INIT, names = LB_BUF_INIT;
	int field = -1;
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct lb_rule *ru = &rs->rules[r];
		if (ru->scope != LB_SCOPE_CHILD || !lb_rule_applies(ru, s, ck->cv) ||
		    lb_rule_performers(ru, s, ck->cv, &names))
			continue;
		lb_buf_printf(&ids, "%s%s", ids.len ? ", " : "", ru->id);
		size_t nroles = ru->nroles ? ru->nroles : 1;
		for (size_t i = 0; i < nroles; i++) {
			const char *role = ru->nroles ? ru->roles[i] : LB_ROLE_DEFAULT;
			int k = lb_role_field(role);
			if (field < 0 && k >= 0)
				field = k;
			if (!roles.len || !lb_list_has(roles.s, role)) {
				if (roles.len)
					lb_buf_addc(&roles, ';');
				lb_buf_adds(&roles, role);
			}
		}
	}
	if (ids.len) {
		int fi = field >= 0 ? LB_FI(s, field) : -1;
		lb_diags_add(out, ck->file, line, fi >= 0 ? s->f[fi].id : "", LB_WARNING,
		             "no-performer", fi >= 0 ? v[fi] : "",
		             _("the child owes %s, but the roster names nobody as %s"),
		             lb_buf_str(&ids), lb_buf_str(&roles));
	}
	lb_buf_fini(&ids);
	lb_buf_fini(&roles);
	lb_buf_fini(&names);
}

int
lb_check_values(struct lb_check *ck, long line, const char *const *v, struct lb_diags *out,
                struct lb_check_keys *keys)
{
	int nerr = 0;

	for (size_t i = 0; i < ck->s->n; i++) {
		ck->nv[i] = NULL;
		ck->bad[i] = 0;
	}
	if (ck->s->kind == LB_KIND_ACTIVITY) {
		check_activity(ck, line, v, &nerr, out);
		roster_key(ck, line, v, nerr, out->n, keys);
		return nerr;
	}
	check_roster(ck, line, v, &nerr, out);
	roster_key(ck, line, v, nerr, out->n, keys);
	/* per-record checks whose findings follow those across records go
	 * here; they update the key's count of errors */
	if (ck->o.rules) {
		for (size_t i = 0; i < ck->s->n; i++)
			ck->cv[i] = ck->nv[i] ? ck->nv[i] : is_blank(v[i]) || ck->bad[i] ? "" : v[i];
		check_performers(ck, line, v, out);
	}
	keys->v[keys->n - 1].nerr = nerr;
	return nerr;
}

int
lb_check_record(struct lb_check *ck, long line, const char *const *v, struct lb_diags *out)
{
	if (!ck->keys)
		ck->keys = lb_check_keys_new();
	lb_check_keys_clear(ck->keys);
	lb_check_values(ck, line, v, out, ck->keys);
	size_t at = ck->keys->v[0].at;
	if (at == out->n)
		return lb_check_across(ck, ck->keys, 0, out);
	/* findings that follow those across records: set aside, put back after */
	struct lb_diags tail = {0};
	for (size_t i = at; i < out->n; i++) {
		tail.v = lb_xgrow(tail.v, &tail.cap, tail.n + 1, sizeof *tail.v);
		tail.v[tail.n++] = out->v[i];
	}
	out->n = at;
	int nerr = lb_check_across(ck, ck->keys, 0, out);
	for (size_t i = 0; i < tail.n; i++) {
		out->v = lb_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = tail.v[i];
	}
	lb_diags_fini(&tail);
	return nerr;
}

size_t
lb_check_finish(struct lb_check *ck, struct lb_diags *out)
{
	size_t newly = 0;
	int ci = rfidx(ck, LB_R_CHILD_ID);

	if (!ck->o.pass && ck->s->kind == LB_KIND_ROSTER && ci >= 0) {
		for (size_t i = 0; i < ck->ndups; i++) {
			struct dup *dp = &ck->dups[i];
			if (dp->more)
				lb_diags_add(out, ck->file, dp->first, ck->s->f[ci].id, LB_ERROR,
				             "duplicate-id", dp->id,
				             _("the same child_id as on line %ld (and %zu more)"),
				             dp->second, dp->more);
			else
				lb_diags_add(out, ck->file, dp->first, ck->s->f[ci].id, LB_ERROR,
				             "duplicate-id", dp->id, _("the same child_id as on line %ld"),
				             dp->second);
			if (!dp->had_error)
				newly++;
		}
	}
	int mi = rfidx(ck, LB_R_MENTOR);
	const struct lb_mentor_over *ov;
	size_t nov = ck->s->kind == LB_KIND_ROSTER && mi >= 0 ? lb_mentor_load_overs(ck->load, &ov) : 0;
	for (size_t i = 0; i < nov; i++) {
		const struct lb_mentor_over *o = &ov[i];
		if (o->school[0])
			lb_diags_add(out, ck->file, o->tag, ck->s->f[mi].id, LB_WARNING, "mentor-load",
			             o->mentor, _("%s mentors %lu children at %s, more than %d"),
			             o->mentor, o->n, o->school, ck->o.max_per_mentor);
		else
			lb_diags_add(out, ck->file, o->tag, ck->s->f[mi].id, LB_WARNING, "mentor-load",
			             o->mentor, _("%s mentors %lu children, more than %d"),
			             o->mentor, o->n, ck->o.max_per_mentor);
	}
	return newly;
}

int
lb_check_required_ok(const struct lb_schema *s, const struct lb_diags *d, size_t from)
{
	for (size_t i = from; i < d->n; i++) {
		if (d->v[i].level != LB_ERROR)
			continue;
		int fi = lb_schema_field(s, d->v[i].field);
		if (fi >= 0 && (s->f[fi].required == LB_REQ_YES || s->f[fi].required == LB_REQ_KEY))
			return 0;
	}
	return 1;
}
