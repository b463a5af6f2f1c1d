/*
 * roster.c — the one definition of a child on the roster: active on a day,
 * birth and age, mentor load, and the performer of a role (roster.h).
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "roster.h"
#include "util.h"
#include "value.h"

int
lb_roster_status_active(const char *status)
{
	return !status || !*status || strcmp(status, "在册") == 0;
}

int
lb_roster_active_on(const char *status, int archived, int updated, int day)
{
	if (archived != LB_NODATE && archived > day)
		return 0;
	if (lb_roster_status_active(status))
		return 1;
	return updated != LB_NODATE && updated > day;
}

int
lb_roster_active_during(const char *status, int archived, int updated, int start, int end)
{
	return lb_roster_active_on(status, archived, updated, start) &&
	       lb_roster_active_on(status, archived, updated, end);
}

long
lb_roster_days_on(const char *status, int archived, int updated, int start, int end)
{
	int first = start, last = end;
	if (archived != LB_NODATE && archived > first)
		first = archived;
	if (!lb_roster_status_active(status)) {
		/* on the roster up to the day before the change */
		if (updated == LB_NODATE)
			return 0;
		if (updated - 1 < last)
			last = updated - 1;
	}
	return last >= first ? (long)last - first + 1 : 0;
}

int
lb_roster_owes(const char *status, int archived, int updated, int start, int end)
{
	return lb_roster_days_on(status, archived, updated, start, end) * 2 >=
	       (long)end - start + 1;
}

static const char *
fv(const struct lb_schema *s, const char *const *v, int known)
{
	int i = LB_FI(s, known);
	return i >= 0 && v[i] ? v[i] : "";
}

static int
fdate(const struct lb_schema *s, const char *const *v, int known)
{
	const char *x = fv(s, v, known);
	return *x ? lb_date_parse_iso(x) : LB_NODATE;
}

int
lb_roster_record_active_on(const struct lb_schema *s, const char *const *v, int day)
{
	return lb_roster_active_on(fv(s, v, LB_R_STATUS), fdate(s, v, LB_R_ARCHIVED_ON),
	                           fdate(s, v, LB_R_UPDATED_ON), day);
}

int
lb_roster_birth(const struct lb_schema *s, const char *const *v)
{
	int birth = fdate(s, v, LB_R_BIRTH_DATE);
	const char *id = fv(s, v, LB_R_CHILD_ID);
	struct lb_idinfo info;

	if (birth == LB_NODATE && *id &&
	    lb_idcard_check(id, LB_NODATE, &info) == LB_ID_OK)
		birth = info.birth;
	return birth;
}

int
lb_roster_age_on(const struct lb_schema *s, const char *const *v, int day)
{
	int birth = lb_roster_birth(s, v);
	if (birth == LB_NODATE || birth > day)
		return -1;
	return lb_age_on(birth, day);
}

/* ---- mentor load ---- */

struct mentry {
	char *key;              /* school \x1f mentor */
	size_t sep;             /* offset of the mentor in key */
	size_t seq;
	long tag;
};

struct lb_mentor_load {
	int limit;
	struct mentry *e;
	size_t n, cap;
	struct lb_mentor_over *over;
	size_t nover;
};

struct lb_mentor_load *
lb_mentor_load_new(int limit)
{
	struct lb_mentor_load *ml = lb_xcalloc(1, sizeof *ml);
	ml->limit = limit > 0 ? limit : LB_MENTOR_LIMIT_DEFAULT;
	return ml;
}

int
lb_mentor_load_limit(const struct lb_mentor_load *ml)
{
	return ml->limit;
}

void
lb_mentor_load_add(struct lb_mentor_load *ml, const char *school, const char *mentor, long tag)
{
	if (!mentor || !*mentor)
		return;
	if (!school)
		school = "";
	ml->e = lb_xgrow(ml->e, &ml->cap, ml->n + 1, sizeof *ml->e);
	struct mentry *e = &ml->e[ml->n];
	e->key = lb_xasprintf("%s%c%s", school, '\0', mentor);
	e->sep = strlen(school) + 1;
	e->seq = ml->n++;
	e->tag = tag;
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct mentry *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (!c)
		c = strcmp(a->key + a->sep, b->key + b->sep);
	if (!c)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

static int
same_mentor(const struct mentry *a, const struct mentry *b)
{
	return !strcmp(a->key, b->key) && !strcmp(a->key + a->sep, b->key + b->sep);
}

size_t
lb_mentor_load_overs(struct lb_mentor_load *ml, const struct lb_mentor_over **out)
{
	size_t *seq;

	free(ml->over);
	ml->over = NULL;
	ml->nover = 0;
	if (ml->n)
		qsort(ml->e, ml->n, sizeof *ml->e, cmp_entry);
	seq = lb_xcalloc(ml->n + 1, sizeof *seq);
	for (size_t i = 0, j; i < ml->n; i = j) {
		for (j = i; j < ml->n && same_mentor(&ml->e[i], &ml->e[j]); j++)
			;
		if (j - i <= (size_t)ml->limit)
			continue;
		const struct mentry *x = &ml->e[i + (size_t)ml->limit];
		ml->over = lb_xrealloc(ml->over, (ml->nover + 1) * sizeof *ml->over);
		seq[ml->nover] = x->seq;
		ml->over[ml->nover++] = (struct lb_mentor_over){x->key, x->key + x->sep,
		                                                (unsigned long)(j - i), x->tag};
	}
	/* in the order the limit was crossed (insertion sort: few entries) */
	for (size_t i = 1; i < ml->nover; i++)
		for (size_t k = i; k > 0 && seq[k - 1] > seq[k]; k--) {
			struct lb_mentor_over t = ml->over[k];
			size_t ts = seq[k];
			ml->over[k] = ml->over[k - 1], seq[k] = seq[k - 1];
			ml->over[k - 1] = t, seq[k - 1] = ts;
		}
	free(seq);
	*out = ml->over;
	return ml->nover;
}

void
lb_mentor_load_free(struct lb_mentor_load *ml)
{
	if (!ml)
		return;
	for (size_t i = 0; i < ml->n; i++)
		free(ml->e[i].key);
	free(ml->e);
	free(ml->over);
	free(ml);
}

/* ---- performers ---- */

long
lb_rule_applies_differs(const struct lb_rule *r, const struct lb_schema *s,
                        const char *const *v)
{
	for (size_t i = 0; i < r->napplies; i++) {
		int fi = lb_schema_field(s, r->applies[i].field);
		if (fi < 0)
			return (long)i;
		const char *x = v[fi] ? v[fi] : "";
		if (s->f[fi].type == LB_T_SET ? !lb_list_has(x, r->applies[i].value)
		                              : strcmp(x, r->applies[i].value))
			return (long)i;
	}
	return -1;
}

int
lb_rule_applies(const struct lb_rule *r, const struct lb_schema *s, const char *const *v)
{
	return lb_rule_applies_differs(r, s, v) < 0;
}

size_t
lb_rule_performers(const struct lb_rule *r, const struct lb_schema *s, const char *const *v,
                   struct lb_buf *out)
{
	size_t nroles = r->nroles ? r->nroles : 1;
	lb_buf_clear(out);
	for (size_t i = 0; i < nroles; i++) {
		int k = lb_role_field(r->nroles ? r->roles[i] : LB_ROLE_DEFAULT);
		int fi = k >= 0 ? LB_FI(s, k) : -1;
		const char *name = fi >= 0 && v[fi] ? v[fi] : "";
		if (!*name)
			continue;
		/* a repeat? (names are compared whole, ';'-joined lists as a whole) */
		size_t len = strlen(name);
		int dup = 0;
		for (const char *p = out->s; p && *p && !dup;) {
			const char *e = strchr(p, ';');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			dup = l == len && !memcmp(p, name, len);
			p = e ? e + 1 : p + l;
		}
		if (dup)
			continue;
		if (out->len)
			lb_buf_addc(out, ';');
		lb_buf_adds(out, name);
	}
	return out->len;
}

int
lb_role_field(const char *role)
{
	static const struct { const char *role; int field; } map[] = {
		{"班主任", LB_R_HEAD_TEACHER}, {"帮扶教师", LB_R_MENTOR},
		{"父亲", LB_R_FATHER_NAME}, {"母亲", LB_R_MOTHER_NAME},
		{"儿童主任", LB_R_CHILD_DIRECTOR}, {"学校", LB_R_SCHOOL}, {"校长", LB_R_SCHOOL},
		{"监护人", LB_R_GUARDIAN_NAME}, {"任课教师", LB_R_SUBJECT_TEACHERS},
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i].role, role) == 0)
			return map[i].field;
	return -1;
}
