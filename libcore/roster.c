/*
 * roster.c — the one definition of a child on the roster: active on a day,
 * birth and age, mentor load, and the performer of a role (roster.h).
 */
#include <stdint.h>
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

/* ---- mentor load ----
 * Per (school, mentor), not per child: each school and each mentor name is
 * kept once (an arena, numbered through a lb_smap); a pair is their two
 * numbers in one 64-bit key of a flat table (lb_ktab) with its count; a
 * pair is listed as over the limit when its limit+1-th child comes, which
 * is the order lb_mentor_load_overs gives. */

struct names {
	struct lb_smap num;     /* string (in the arena) -> its number, from 1 */
	const char **v;         /* v[number - 1] */
	size_t n, cap;
};

struct pair {               /* the table's entry (16 bytes) */
	uint64_t key;           /* school number << 32 | mentor number */
	uint64_t n;             /* children */
};

struct crossed {
	uint64_t key;
	long tag;
};

struct lb_mentor_load {
	int limit;
	struct lb_arena text;
	struct names schools, mentors;
	struct lb_ktab pairs;
	struct crossed *x;      /* the pairs over the limit, in order */
	size_t nx, capx;
	struct lb_mentor_over *over;
};

static uint64_t
name_num(struct lb_mentor_load *ml, struct names *nm, const char *s)
{
	long *p = lb_smap_find(&nm->num, s);
	if (p)
		return (uint64_t)*p;
	const char *c = lb_arena_strdup(&ml->text, s);
	nm->v = lb_xgrow(nm->v, &nm->cap, nm->n + 1, sizeof *nm->v);
	nm->v[nm->n++] = c;
	lb_smap_put(&nm->num, c, (long)nm->n);
	return nm->n;
}

struct lb_mentor_load *
lb_mentor_load_new(int limit)
{
	struct lb_mentor_load *ml = lb_xcalloc(1, sizeof *ml);
	ml->limit = limit > 0 ? limit : LB_MENTOR_LIMIT_DEFAULT;
	lb_ktab_init(&ml->pairs, sizeof(struct pair), sizeof(uint64_t));
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
	uint64_t key = name_num(ml, &ml->schools, school) << 32 | name_num(ml, &ml->mentors, mentor);
	struct pair *p = lb_ktab_get(&ml->pairs, &key);
	if (!p)
		p = lb_ktab_put(&ml->pairs, &key);
	if (++p->n == (uint64_t)ml->limit + 1) {
		ml->x = lb_xgrow(ml->x, &ml->capx, ml->nx + 1, sizeof *ml->x);
		ml->x[ml->nx++] = (struct crossed){key, tag};
	}
}

size_t
lb_mentor_load_overs(struct lb_mentor_load *ml, const struct lb_mentor_over **out)
{
	free(ml->over);
	ml->over = lb_xcalloc(ml->nx + 1, sizeof *ml->over);
	for (size_t i = 0; i < ml->nx; i++) {
		const struct pair *p = lb_ktab_get(&ml->pairs, &ml->x[i].key);
		ml->over[i] = (struct lb_mentor_over){ml->schools.v[(ml->x[i].key >> 32) - 1],
		                                      ml->mentors.v[(ml->x[i].key & 0xffffffffu) - 1],
		                                      (unsigned long)p->n, ml->x[i].tag};
	}
	*out = ml->over;
	return ml->nx;
}

void
lb_mentor_load_free(struct lb_mentor_load *ml)
{
	if (!ml)
		return;
	lb_smap_fini(&ml->schools.num);
	lb_smap_fini(&ml->mentors.num);
	free(ml->schools.v);
	free(ml->mentors.v);
	lb_ktab_fini(&ml->pairs);
	lb_arena_fini(&ml->text);
	free(ml->x);
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
