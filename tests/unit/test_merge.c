/*
 * Unit tests: libcore/merge.c — rosters merged field by field, activity logs
 * unioned; and a property test over random sets of rosters.
 *
 * Tables are built by hand (values already canonical, as lb_table_read
 * leaves them), so these tests exercise the merge rules alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "schema.h"
#include "scratch.h"

#define ID1 "110105201503040017"
#define ID2 "110105201503040025"
#define ID3 "622901201605120034"
#define ID4 "622901201605120042"
#define ID5 "622901201401010052"
#define ID6 "622901201307080062"

/* ---- building tables ------------------------------------------------- */

static void
tinit(struct lb_table *t, enum lb_kind kind, const char *extra1, const char *extra2)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->schema = lb_schema_builtin(kind);
	if (extra1)
		lb_strv_push(&t->extras, extra1);
	if (extra2)
		lb_strv_push(&t->extras, extra2);
}

static size_t
ncols(const struct lb_table *t)
{
	return t->schema->n + t->extras.n;
}

static int
col_of(const struct lb_table *t, const char *id)
{
	int fi = lb_schema_field(t->schema, id);
	if (fi >= 0)
		return fi;
	for (size_t i = 0; i < t->extras.n; i++)
		if (strcmp(t->extras.v[i], id) == 0)
			return (int)(t->schema->n + i);
	fail_msg("no column %s", id);
	return -1;
}

/* File names live as long as the test program. */
static const char *
fname(const char *f)
{
	static char names[16][32];
	for (int i = 0; i < 16; i++) {
		if (strcmp(names[i], f) == 0)
			return names[i];
		if (!names[i][0]) {
			snprintf(names[i], sizeof names[i], "%s", f);
			return names[i];
		}
	}
	return "?";
}

/* Add a row: "field=value" pairs, NULL-terminated. */
static void
row(struct lb_table *t, const char *file, long line, ...)
{
	va_list ap;
	const char *kv;
	char **v = calloc(ncols(t), sizeof *v);

	for (size_t i = 0; i < ncols(t); i++)
		v[i] = strdup("");
	va_start(ap, line);
	while ((kv = va_arg(ap, const char *)) != NULL) {
		const char *eq = strchr(kv, '=');
		char id[64];
		int c;
		snprintf(id, sizeof id, "%.*s", (int)(eq - kv), kv);
		c = col_of(t, id);
		free(v[c]);
		v[c] = strdup(eq + 1);
	}
	va_end(ap);
	t->rows = lb_xgrow(t->rows, &t->cap, t->n + 1, sizeof *t->rows);
	t->rows[t->n].file = fname(file);
	t->rows[t->n].line = line;
	t->rows[t->n].v = v;
	t->n++;
}

/* Frees the values of the rows: keep an untouched copy of every row's
 * pointer array, since the merge repoints values between rows. */
struct owned {
	char **all;
	size_t n;
};

static struct owned
own(const struct lb_table *t)
{
	struct owned o;
	o.n = t->n * ncols(t);
	o.all = malloc((o.n + 1) * sizeof *o.all);
	for (size_t i = 0; i < t->n; i++)
		memcpy(o.all + i * ncols(t), t->rows[i].v, ncols(t) * sizeof *o.all);
	return o;
}

static void
tfree(struct lb_table *t, struct owned *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->all[i]);
	free(o->all);
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].v);
	free(t->rows);
	lb_strv_fini(&t->extras);
}

static const char *
outv(const struct lb_merge *m, size_t i, const char *id)
{
	return m->t->rows[m->out[i]].v[col_of(m->t, id)];
}

/* ---- rosters ----------------------------------------------------------- */

static void
t_identical_and_one_sided(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "a.csv", 2, "child_id=" ID2, "name=李四", "address=", NULL);
	row(&t, "a.csv", 3, "child_id=" ID1, "name=张三", "guardian_phone=13800001111", NULL);
	row(&t, "b.csv", 2, "child_id=" ID1, "name=张三", "address=某村", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_int_equal(m.in, 3);
	assert_int_equal(m.nout, 2);
	assert_int_equal(m.merged, 1);
	assert_int_equal(m.conflicts, 0);
	assert_int_equal(m.nc, 0);
	/* sorted by child_id */
	assert_string_equal(outv(&m, 0, "child_id"), ID1);
	assert_string_equal(outv(&m, 0, "guardian_phone"), "13800001111");
	assert_string_equal(outv(&m, 0, "address"), "某村");
	assert_string_equal(outv(&m, 1, "child_id"), ID2);
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
build_conflict(struct lb_table *t)
{
	tinit(t, LB_KIND_ROSTER, NULL, NULL);
	/* b.csv is older by updated_on but later on the command line */
	row(t, "a.csv", 2, "child_id=" ID1, "guardian_name=王芳", "updated_on=2025-03-01", NULL);
	row(t, "b.csv", 2, "child_id=" ID1, "guardian_name=王芬", "updated_on=2025-01-01", NULL);
}

static void
t_prefer(void **state)
{
	static const struct { enum lb_prefer p; const char *want; size_t line_row; } cases[] = {
		{ LB_PREFER_NEWEST, "王芳", 0 },
		{ LB_PREFER_FIRST, "王芳", 0 },
		{ LB_PREFER_LAST, "王芬", 1 },
	};
	for (size_t i = 0; i < 3; i++) {
		struct lb_table t;
		struct lb_merge m;
		struct owned o;
		struct lb_merge_opts opts = { cases[i].p, 1 };

		build_conflict(&t);
		o = own(&t);
		lb_merge_run(&m, &t, &opts);
		assert_int_equal(m.nout, 1);
		assert_int_equal(m.conflicts, 1);
		assert_int_equal(m.by_position, 0);
		assert_string_equal(outv(&m, 0, "guardian_name"), cases[i].want);
		/* updated_on is the latest, whoever wins */
		assert_string_equal(outv(&m, 0, "updated_on"), "2025-03-01");
		assert_int_equal(m.nc, 2);
		assert_true(m.c[0].chosen);
		assert_string_equal(m.c[0].value, cases[i].want);
		assert_false(m.c[1].chosen);
		assert_string_equal(m.c[0].source, cases[i].line_row ? "b.csv:2" : "a.csv:2");
		lb_merge_fini(&m);
		tfree(&t, &o);
	}
}

static void
t_newest_tie_by_position(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "a.csv", 2, "child_id=" ID1, "name=张三", "archived_on=2024-09-01", NULL);
	row(&t, "b.csv", 5, "child_id=" ID1, "name=张叁", "archived_on=2024-09-01", NULL);
	row(&t, "c.csv", 3, "child_id=" ID1, "name=张三", "archived_on=2024-08-01", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_int_equal(m.merged, 2);
	assert_string_equal(outv(&m, 0, "name"), "张叁");   /* tie: later file */
	/* name (a tie on the dates) and archived_on (decided by the date) */
	assert_int_equal(m.conflicts, 2);
	assert_int_equal(m.by_position, 1);
	assert_int_equal(m.nc, 4);
	assert_string_equal(m.c[1].value, "张三");
	assert_string_equal(m.c[1].source, "a.csv:2;c.csv:3");
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_transfer(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;
	struct lb_merge_opts opts = { LB_PREFER_NEWEST, 1 };

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "new.csv", 2, "child_id=" ID1, "school=乙小学", "grade=4", "class=1",
	    "head_teacher=赵老师", "updated_on=2025-09-01", NULL);
	row(&t, "old.csv", 7, "child_id=" ID1, "school=甲小学", "grade=3", "class=2",
	    "student_no=G123", "head_teacher=钱老师", "mentor=孙老师",
	    "guardian_name=王芳", "updated_on=2025-03-01", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, &opts);
	assert_int_equal(m.nout, 1);
	assert_string_equal(outv(&m, 0, "school"), "乙小学");
	assert_string_equal(outv(&m, 0, "grade"), "4");
	assert_string_equal(outv(&m, 0, "class"), "1");
	/* the old school's student number and mentor do not follow the child */
	assert_string_equal(outv(&m, 0, "student_no"), "");
	assert_string_equal(outv(&m, 0, "mentor"), "");
	assert_string_equal(outv(&m, 0, "head_teacher"), "赵老师");
	/* fields outside the school move as usual */
	assert_string_equal(outv(&m, 0, "guardian_name"), "王芳");
	/* school grade class student_no head_teacher mentor */
	assert_int_equal(m.conflicts, 6);
	assert_int_equal(m.nc, 12);
	assert_string_equal(lb_merge_colname(&m, m.c[0].col), "school");
	assert_string_equal(m.c[0].value, "乙小学");
	assert_string_equal(m.c[0].source, "new.csv:2");
	assert_string_equal(lb_merge_colname(&m, m.c[6].col), "student_no");
	assert_true(m.c[6].chosen);
	assert_string_equal(m.c[6].value, "");
	assert_string_equal(m.c[7].value, "G123");
	assert_string_equal(m.src[0], "new.csv:2;old.csv:7");
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_sets_united(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "a.csv", 2, "child_id=" ID1, "needs=学业;安全", NULL);
	row(&t, "b.csv", 2, "child_id=" ID1, "needs=贫困;学业", "hardship=特长", NULL);
	row(&t, "c.csv", 2, "child_id=" ID1, "needs=心理", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_string_equal(outv(&m, 0, "needs"), "贫困;心理;学业;安全");
	assert_string_equal(outv(&m, 0, "hardship"), "特长");
	assert_int_equal(m.conflicts, 0);
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_no_id(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "a.csv", 2, "child_id=", "name=甲", NULL);
	row(&t, "a.csv", 3, "child_id=" ID2, "name=乙", NULL);
	row(&t, "b.csv", 2, "child_id=", "name=甲", NULL);
	row(&t, "b.csv", 3, "child_id=110105201503040010", "name=丙", NULL);   /* bad check */
	row(&t, "b.csv", 4, "child_id=" ID1, "name=丁", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_int_equal(m.nout, 5);
	assert_int_equal(m.merged, 0);
	assert_int_equal(m.noid, 3);
	assert_string_equal(outv(&m, 0, "name"), "丁");
	assert_string_equal(outv(&m, 1, "name"), "乙");
	assert_string_equal(outv(&m, 2, "name"), "甲");
	assert_int_equal(m.t->rows[m.out[2]].line, 2);
	assert_string_equal(outv(&m, 4, "name"), "丙");
	assert_int_equal(m.notes.n, 3);
	assert_string_equal(m.notes.v[0].code, "no-id");
	assert_string_equal(m.notes.v[0].field, "child_id");
	assert_int_equal(m.notes.v[0].level, LB_WARNING);
	assert_int_equal(m.notes.v[2].line, 3);
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_extras(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	tinit(&t, LB_KIND_ROSTER, "座位号", "备用");
	row(&t, "a.csv", 2, "child_id=" ID1, "座位号=5", NULL);
	row(&t, "b.csv", 2, "child_id=" ID1, "座位号=6", "备用=x", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_string_equal(outv(&m, 0, "座位号"), "6");
	assert_string_equal(outv(&m, 0, "备用"), "x");
	assert_int_equal(m.conflicts, 1);
	assert_string_equal(lb_merge_colname(&m, m.c[0].col), "座位号");
	lb_merge_fini(&m);
	tfree(&t, &o);
}


static void
t_notes_joined(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;
	struct lb_merge_opts opts = { LB_PREFER_NEWEST, 1 };

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "school-a.csv", 12, "child_id=" ID1, "notes=怕狗", "address=东村",
	    "updated_on=2025-03-01", NULL);
	row(&t, "school-b.csv", 7, "child_id=" ID1, "notes=父亲春节回家", "address=西村",
	    "updated_on=2025-09-01", NULL);
	row(&t, "village.csv", 3, "child_id=" ID1, "notes=怕狗", "updated_on=2025-01-01", NULL);
	row(&t, "school-a.csv", 13, "child_id=" ID2, "notes=同", NULL);
	row(&t, "school-b.csv", 8, "child_id=" ID2, "notes=同", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, &opts);
	/* the newest record's text first; a text once, with every source in
	 * file-name order */
	assert_string_equal(outv(&m, 0, "notes"),
	                    "父亲春节回家〔school-b.csv:7〕；怕狗〔school-a.csv:12;village.csv:3〕");
	assert_string_equal(outv(&m, 1, "notes"), "同");   /* equal: merged as ever */
	/* nothing lost: not a conflict; the address still is one */
	assert_int_equal(m.joined, 1);
	assert_int_equal(m.joined_by_position, 0);
	assert_int_equal(m.conflicts, 1);
	assert_string_equal(lb_merge_colname(&m, m.c[0].col), "address");
	/* every record whose text was kept supplied a value */
	assert_string_equal(m.src[0], "school-a.csv:12;school-b.csv:7;village.csv:3");
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_notes_rejoined(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	/* a merged file merged again: its parts are split, not nested; a text
	 * that only looks joined stays plain */
	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "county.csv", 2, "child_id=" ID1, "updated_on=2025-09-01",
	    "notes=乙〔b.csv:7〕；甲〔a.csv:12;c.csv:3〕", NULL);
	row(&t, "a.csv", 12, "child_id=" ID1, "notes=甲", "updated_on=2025-03-01", NULL);
	row(&t, "d.csv", 4, "child_id=" ID1, "notes=丙〔见国发〔2016〕13号〕", "updated_on=2025-10-01", NULL);
	row(&t, "e.csv", 5, "child_id=" ID1, "notes=丁〔e.csv:1〕；", "updated_on=2024-10-01", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_string_equal(outv(&m, 0, "notes"),
	                    "丙〔见国发〔2016〕13号〕〔d.csv:4〕；乙〔b.csv:7〕；甲〔a.csv:12;c.csv:3〕；"
	                    "丁〔e.csv:1〕；〔e.csv:5〕");
	assert_int_equal(m.conflicts, 0);
	lb_merge_fini(&m);

	/* one text in all: that text, plain */
	tfree(&t, &o);
	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "county.csv", 2, "child_id=" ID1, "notes=甲〔a.csv:12〕", NULL);
	row(&t, "a.csv", 12, "child_id=" ID1, "notes=甲", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_string_equal(outv(&m, 0, "notes"), "甲");
	assert_int_equal(m.joined, 0);
	assert_int_equal(m.conflicts, 0);
	lb_merge_fini(&m);
	tfree(&t, &o);
}

/* A hostile note full of brackets is read in one pass (a quadratic split
 * of 300,000 brackets would not end in time). */
static void
t_notes_brackets(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;
	size_t n = 100000, i;
	char *big = malloc(n * 9 + 64), *p = big;

	for (i = 0; i < n; i++) {
		memcpy(p, "〔〕；", 9);   /* 〔 〕 ； */
		p += 9;
	}
	strcpy(p, "甲〔a.csv:1〕");
	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "a.csv", 2, "child_id=" ID1, "notes=乙", NULL);
	row(&t, "b.csv", 2, "child_id=" ID1, "updated_on=2025-01-01", NULL);
	free(t.rows[1].v[col_of(&t, "notes")]);
	t.rows[1].v[col_of(&t, "notes")] = big;
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_int_equal(m.joined, 1);
	/* one part: every bracket before 甲 is text, a.csv:1 its source */
	assert_int_equal(strlen(outv(&m, 0, "notes")), strlen(big) + strlen("；乙〔a.csv:2〕"));
	assert_memory_equal(outv(&m, 0, "notes"), big, strlen(big));
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_notes_tie(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "a.csv", 2, "child_id=" ID1, "notes=甲", "updated_on=2025-05-01", NULL);
	row(&t, "b.csv", 2, "child_id=" ID1, "notes=乙", "updated_on=2025-05-01", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	assert_string_equal(outv(&m, 0, "notes"), "乙〔b.csv:2〕；甲〔a.csv:2〕");   /* later first */
	assert_int_equal(m.joined, 1);
	assert_int_equal(m.joined_by_position, 1);
	lb_merge_fini(&m);
	tfree(&t, &o);
}

static void
t_transfers(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;
	struct lb_merge_opts first = { LB_PREFER_FIRST, 0 };

	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "old.csv", 7, "child_id=" ID1, "name=张三", "school=甲小学",
	    "updated_on=2025-03-01", "archived_on=2023-09-01", NULL);
	row(&t, "new.csv", 2, "child_id=" ID1, "name=张三", "school=乙小学",
	    "updated_on=2025-09-01", "archived_on=2025-09-01", NULL);
	row(&t, "mid.csv", 4, "child_id=" ID1, "school=甲小学", "updated_on=2025-04-01", NULL);
	row(&t, "other.csv", 3, "child_id=" ID1, "school=丙小学", "updated_on=2024-01-01", NULL);
	row(&t, "old.csv", 8, "child_id=" ID2, "name=李四", "school=甲小学", NULL);
	row(&t, "new.csv", 3, "child_id=" ID2, "name=李四", "school=甲小学", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, NULL);
	/* the winner's school is the new one; one row per other school, from
	 * its best-ranked record; 李四 stayed */
	assert_int_equal(m.moved, 1);
	assert_int_equal(m.ntr, 2);
	assert_string_equal(m.tr[0].child_id, ID1);
	assert_string_equal(m.tr[0].name, "张三");
	assert_string_equal(m.tr[0].new_school, "乙小学");
	assert_string_equal(m.tr[0].new_updated_on, "2025-09-01");
	assert_string_equal(m.tr[0].new_archived_on, "2025-09-01");
	assert_string_equal(m.tr[0].new_source, "new.csv:2");
	assert_string_equal(m.tr[0].old_school, "甲小学");
	assert_string_equal(m.tr[0].old_updated_on, "2025-04-01");
	assert_string_equal(m.tr[0].old_archived_on, "");
	assert_string_equal(m.tr[0].old_source, "old.csv:7;mid.csv:4");
	assert_string_equal(m.tr[1].old_school, "丙小学");
	assert_string_equal(m.tr[1].old_source, "other.csv:3");
	lb_merge_fini(&m);
	tfree(&t, &o);

	/* --prefer first: the first record wins, its school is the new one */
	tinit(&t, LB_KIND_ROSTER, NULL, NULL);
	row(&t, "old.csv", 7, "child_id=" ID1, "school=甲小学", "updated_on=2025-03-01", NULL);
	row(&t, "new.csv", 2, "child_id=" ID1, "school=乙小学", "updated_on=2025-09-01", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, &first);
	assert_int_equal(m.ntr, 1);
	assert_string_equal(m.tr[0].new_school, "甲小学");
	assert_string_equal(m.tr[0].new_updated_on, "2025-03-01");
	assert_string_equal(m.tr[0].old_school, "乙小学");
	lb_merge_fini(&m);
	tfree(&t, &o);
}

/* ---- activity logs ----------------------------------------------------- */

static void
t_activity(void **state)
{
	struct lb_table t;
	struct lb_merge m;
	struct owned o;
	struct lb_merge_opts opts = { LB_PREFER_NEWEST, 1 };

	tinit(&t, LB_KIND_ACTIVITY, NULL, NULL);
	row(&t, "a.csv", 2, "date=2025-10-09", "child_id=" ID1, "kind=谈心", NULL);
	row(&t, "a.csv", 3, "date=2025-10-08", "child_id=" ID2, "kind=家访", NULL);
	row(&t, "b.csv", 2, "date=2025-10-09", "child_id=" ID1, "kind=谈心", NULL);
	row(&t, "b.csv", 3, "date=2025-10-08", "child_id=", "school=甲小学", "kind=集体活动", NULL);
	row(&t, "b.csv", 4, "date=2025-10-09", "child_id=" ID1, "kind=谈心", "summary=x", NULL);
	o = own(&t);
	lb_merge_run(&m, &t, &opts);
	assert_int_equal(m.in, 5);
	assert_int_equal(m.nout, 4);
	assert_int_equal(m.merged, 1);
	assert_string_equal(outv(&m, 0, "kind"), "集体活动");
	assert_string_equal(outv(&m, 1, "kind"), "家访");
	assert_string_equal(outv(&m, 2, "summary"), "");
	assert_string_equal(m.src[2], "a.csv:2;b.csv:2");
	assert_string_equal(outv(&m, 3, "summary"), "x");
	lb_merge_fini(&m);
	tfree(&t, &o);
}

/* ---- the property test ------------------------------------------------- */

static unsigned long long rng;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

#define NF 8
#define NOTES 7
static const char *const pfields[NF] = { "child_id", "name", "school", "class",
                                         "guardian_phone", "needs", "updated_on", "notes" };
static const char *const ids[] = { ID1, ID2, ID3, ID4, ID5, ID6, "", "12345" };

struct gen {
	size_t nrows, nfiles;
	size_t file[64];          /* file of each row */
	char val[64][NF][48];
};

static void
gen_make(struct gen *g)
{
	static const char *names[] = { "张三", "李四", "" };
	static const char *schools[] = { "甲小学", "乙小学", "" };
	static const char *classes[] = { "1", "2", "" };
	static const char *phones[] = { "13800001111", "13900002222", "" };
	static const char *needs[] = { "贫困", "心理;学业", "安全", "" };
	static const char *dates[] = { "2025-01-01", "2025-02-01", "2025-03-01", "" };
	static const char *notes[] = { "怕狗", "父亲春节回家", "见〔2016〕13号", "" };

	g->nfiles = 1 + rnd(4);
	g->nrows = 1 + rnd(40);
	for (size_t i = 0; i < g->nrows; i++) {
		g->file[i] = rnd((unsigned)g->nfiles);
		snprintf(g->val[i][0], 48, "%s", ids[rnd(8)]);
		snprintf(g->val[i][1], 48, "%s", names[rnd(3)]);
		snprintf(g->val[i][2], 48, "%s", schools[rnd(3)]);
		snprintf(g->val[i][3], 48, "%s", classes[rnd(3)]);
		snprintf(g->val[i][4], 48, "%s", phones[rnd(3)]);
		snprintf(g->val[i][5], 48, "%s", needs[rnd(4)]);
		snprintf(g->val[i][6], 48, "%s", dates[rnd(4)]);
		snprintf(g->val[i][7], 48, "%s", notes[rnd(4)]);
	}
}

/* Build the table with the files in the order perm[] (rows of a file in
 * their order). */
static void
gen_table(const struct gen *g, const size_t *perm, struct lb_table *t)
{
	static const char *fn[] = { "f0.csv", "f1.csv", "f2.csv", "f3.csv" };

	tinit(t, LB_KIND_ROSTER, NULL, NULL);
	for (size_t k = 0; k < g->nfiles; k++) {
		long line = 2;
		for (size_t i = 0; i < g->nrows; i++) {
			char kv[NF][80];
			if (g->file[i] != perm[k])
				continue;
			for (int f = 0; f < NF; f++)
				snprintf(kv[f], sizeof kv[f], "%s=%s", pfields[f], g->val[i][f]);
			row(t, fn[perm[k]], line++, kv[0], kv[1], kv[2], kv[3], kv[4], kv[5],
			    kv[6], kv[7], NULL);
		}
	}
}

static int
usable(const char *id)
{
	return *id && strcmp(id, "12345") != 0;
}

/* Every ';'-member of s appears as a member of some input value. */
static int
members_in_input(const struct gen *g, int f, const char *s)
{
	char buf[128], *save = NULL;
	snprintf(buf, sizeof buf, "%s", s);
	for (char *p = strtok_r(buf, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
		int found = 0;
		for (size_t i = 0; i < g->nrows && !found; i++) {
			char b2[64], *s2 = NULL;
			snprintf(b2, sizeof b2, "%s", g->val[i][f]);
			for (char *q = strtok_r(b2, ";", &s2); q; q = strtok_r(NULL, ";", &s2))
				if (strcmp(p, q) == 0)
					found = 1;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* The original value of column col of row r (the merge repoints the base
 * row's values; o keeps every row's own). */
static const char *
orig(const struct lb_table *t, const struct owned *o, size_t r, int col)
{
	return o->all[r * ncols(t) + (size_t)col];
}

/*
 * A value of a merge: join field: an input value of the child as it is,
 * or parts TEXT〔FILE:LINE;…〕 joined with '；', where each text is an input
 * value of the child and each FILE:LINE a record of the child holding it.
 */
static int
joined_from_input(const struct lb_table *t, const struct owned *o, const char *id,
                  const char *v)
{
	int idc = col_of(t, "child_id"), nc = col_of(t, "notes");
	char buf[1024];

	for (size_t r = 0; r < t->n; r++)
		if (!strcmp(orig(t, o, r, idc), id) && !strcmp(orig(t, o, r, nc), v))
			return 1;
	snprintf(buf, sizeof buf, "%s", v);
	/* the texts of the generator hold no '；' (strtok_r would split at
	 * its bytes, found in other characters too) */
	for (char *p = buf, *next; p; p = next) {
		size_t n;
		char *open, *src, *s2 = NULL;
		if ((next = strstr(p, "；")) != NULL) {
			*next = '\0';
			next += 3;
		}
		n = strlen(p);
		if (n < 6 || strcmp(p + n - 3, "〕") != 0)
			return 0;
		p[n - 3] = '\0';
		open = strrchr(p, '\xe3');   /* the last 〔 or 〕 starts with 0xe3 */
		if (!open || strncmp(open, "〔", 3) != 0 || open == p)
			return 0;
		*open = '\0';
		for (src = strtok_r(open + 3, ";", &s2); src; src = strtok_r(NULL, ";", &s2)) {
			int found = 0;
			for (size_t r = 0; r < t->n && !found; r++) {
				char fl[64];
				snprintf(fl, sizeof fl, "%s:%ld", t->rows[r].file, t->rows[r].line);
				found = !strcmp(fl, src) && !strcmp(orig(t, o, r, idc), id)
				        && !strcmp(orig(t, o, r, nc), p);
			}
			if (!found)
				return 0;
		}
	}
	return 1;
}

static void
t_property(void **state)
{
	for (unsigned seed = 1; seed <= 400; seed++) {
		struct gen g;
		struct lb_table t, t2;
		struct lb_merge m, m2;
		struct owned o, o2;
		size_t perm[4] = { 0, 1, 2, 3 }, rev[4], nin_ids = 0, nout_ids = 0, nnoid = 0;
		enum lb_prefer p = (enum lb_prefer)(seed % 3);
		struct lb_merge_opts opts = { p, 1 };

		rng = seed;
		gen_make(&g);
		gen_table(&g, perm, &t);
		o = own(&t);
		lb_merge_run(&m, &t, &opts);

		/* in = out + merged */
		assert_int_equal(m.in, g.nrows);
		assert_int_equal(m.in, m.nout + m.merged);

		/* the child_ids out are the union of those in, each once; rows
		 * without a usable id all pass through */
		for (size_t i = 0; i < g.nrows; i++) {
			int seen = 0;
			if (!usable(g.val[i][0])) {
				nnoid++;
				continue;
			}
			for (size_t j = 0; j < i; j++)
				if (strcmp(g.val[j][0], g.val[i][0]) == 0)
					seen = 1;
			nin_ids += !seen;
		}
		for (size_t i = 0; i < m.nout; i++) {
			const char *id = outv(&m, i, "child_id");
			int found = 0;
			if (!usable(id))
				continue;
			nout_ids++;
			for (size_t j = 0; j < g.nrows; j++)
				found |= strcmp(g.val[j][0], id) == 0;
			assert_true(found);
			for (size_t j = 0; j < i; j++)
				assert_string_not_equal(outv(&m, j, "child_id"), id);
			if (i)   /* sorted, the id-less ones last */
				assert_true(usable(outv(&m, i - 1, "child_id")));
		}
		assert_int_equal(nout_ids, nin_ids);
		assert_int_equal(m.noid, nnoid);
		assert_int_equal(m.nout, nin_ids + nnoid);

		/* every value out appears in some input (set members: in some set;
		 * each part of joined notes: a text of the child, with sources that
		 * hold it) */
		for (size_t i = 0; i < m.nout; i++)
			for (int f = 0; f < NF; f++) {
				const char *v = outv(&m, i, pfields[f]);
				int found = !*v;
				if (f == 5) {
					assert_true(members_in_input(&g, f, v));
					continue;
				}
				if (f == NOTES) {
					if (!found && !joined_from_input(&t, &o, outv(&m, i, "child_id"), v))
						fail_msg("seed %u: notes %s not from the input", seed, v);
					continue;
				}
				for (size_t j = 0; j < g.nrows && !found; j++)
					found = strcmp(g.val[j][f], v) == 0;
				assert_true(found);
			}

		/* the same inputs in another file order give the same output,
		 * unless a tie was decided by position (newest only) */
		if (p == LB_PREFER_NEWEST && m.by_position == 0 && m.joined_by_position == 0) {
			for (size_t k = 0; k < 4; k++)
				rev[k] = g.nfiles > k ? g.nfiles - 1 - k : k;
			gen_table(&g, rev, &t2);
			o2 = own(&t2);
			lb_merge_run(&m2, &t2, NULL);
			assert_int_equal(m2.nout, m.nout);
			assert_int_equal(m2.conflicts, m.conflicts);
			for (size_t i = 0; i < m.nout; i++) {
				if (!usable(outv(&m, i, "child_id")))
					break;   /* id-less rows keep input order */
				for (int f = 0; f < NF; f++)
					assert_string_equal(outv(&m, i, pfields[f]),
					                    outv(&m2, i, pfields[f]));
			}
			lb_merge_fini(&m2);
			tfree(&t2, &o2);
		}
		lb_merge_fini(&m);
		tfree(&t, &o);
	}
}

/* ---- a spilled table merges as one in memory ------------------------- */

static void
gen_files(const struct gen *g, char paths[4][256])
{
	for (size_t k = 0; k < g->nfiles; k++) {
		struct lb_buf b = LB_BUF_INIT;
		char name[32];
		for (int f = 0; f < NF; f++)
			lb_buf_printf(&b, "%s%s", f ? "," : "", pfields[f]);
		/* extra columns in some files only: earlier rows padded with "" */
		if (k == 1)
			lb_buf_adds(&b, ",座位号");
		if (k == 2)
			lb_buf_adds(&b, ",备用,座位号");
		lb_buf_addc(&b, '\n');
		for (size_t i = 0; i < g->nrows; i++) {
			if (g->file[i] != k)
				continue;
			for (int f = 0; f < NF; f++)
				lb_buf_printf(&b, "%s%s", f ? "," : "", g->val[i][f]);
			if (k == 1)
				lb_buf_printf(&b, ",s%zu", i);
			if (k == 2)
				lb_buf_printf(&b, ",b%zu,s%zu", i % 2 ? i : 0, i);
			lb_buf_addc(&b, '\n');
		}
		snprintf(name, sizeof name, "s%zu.csv", k);
		snprintf(paths[k], 256, "%s", scratch_file(name, lb_buf_str(&b)));
		lb_buf_fini(&b);
	}
}

/* Read the generated files into t, spilled or not. */
static void
gen_read(const struct gen *g, char paths[4][256], struct lb_table *t, int spill)
{
	struct lb_reader_opts ro;
	struct lb_err err;

	memset(&ro, 0, sizeof ro);
	ro.kind = LB_KIND_ROSTER;
	lb_table_init(t, LB_KIND_ROSTER, NULL);
	if (spill)
		lb_table_spill(t, LB_R_CHILD_ID);
	for (size_t k = 0; k < g->nfiles; k++)
		assert_int_equal(lb_table_read(t, paths[k], &ro, NULL, &err), 0);
}

/*
 * The same random rosters read into a table in memory and a spilled one
 * (lb_table_spill) merge to the same records, conflicts, transfers and
 * counts; and the spilled one does not read its inputs again: they are
 * overwritten before the merge.
 */
static void
t_spilled(void **state)
{
	size_t seen_c = 0, seen_tr = 0, seen_j = 0, seen_no = 0, seen_m = 0;
	(void)state;
	for (unsigned seed = 1; seed <= 150; seed++) {
		struct gen g;
		struct lb_table t, ts;
		struct lb_merge m, ms;
		struct lb_rowbuf rb = {0}, rbs = {0};
		struct lb_merge_opts opts = { (enum lb_prefer)(seed % 3), 1 };
		char paths[4][256];
		size_t i, c;

		rng = seed * 7919;
		gen_make(&g);
		g.nfiles = 3;
		for (i = 0; i < g.nrows; i++) {
			if (!g.val[i][2][0])   /* a school on every row: transfers */
				snprintf(g.val[i][2], 48, "丙小学");
			if (i % 5 == 0)        /* a set out of order, members unknown */
				snprintf(g.val[i][5], 48, "学业;乙;心理;甲");
		}
		gen_files(&g, paths);
		gen_read(&g, paths, &t, 0);
		gen_read(&g, paths, &ts, 1);
		for (i = 0; i < ts.n; i++)
			assert_null(ts.rows[i].v);
		for (size_t k = 0; k < g.nfiles; k++)   /* not read again */
			scratch_file(strrchr(paths[k], '/') + 1, "child_id,name\n1,2\n");
		assert_int_equal(lb_merge_run(&m, &t, &opts), 0);
		assert_int_equal(lb_merge_run(&ms, &ts, &opts), 0);
		assert_int_equal(m.nout, ms.nout);
		assert_int_equal(m.merged, ms.merged);
		assert_int_equal(m.conflicts, ms.conflicts);
		assert_int_equal(m.by_position, ms.by_position);
		assert_int_equal(m.joined, ms.joined);
		assert_int_equal(m.noid, ms.noid);
		assert_int_equal(m.ntr, ms.ntr);
		assert_int_equal(m.nc, ms.nc);
		for (i = 0; i < m.nout; i++) {
			char **v, **vs;
			struct lb_err err;
			assert_int_equal(m.out[i], ms.out[i]);
			assert_string_equal(m.src[i], ms.src[i]);
			assert_int_equal(lb_merge_load(&m, i, &rb, &v, &err), 0);
			assert_int_equal(lb_merge_load(&ms, i, &rbs, &vs, &err), 0);
			for (c = 0; c < lb_merge_ncols(&m); c++)
				assert_string_equal(v[c], vs[c]);
		}
		for (i = 0; i < m.nc; i++) {
			assert_string_equal(m.c[i].child_id, ms.c[i].child_id);
			assert_int_equal(m.c[i].col, ms.c[i].col);
			assert_int_equal(m.c[i].chosen, ms.c[i].chosen);
			assert_string_equal(m.c[i].value, ms.c[i].value);
			assert_string_equal(m.c[i].source, ms.c[i].source);
			assert_int_equal(m.c[i].row, ms.c[i].row);
		}
		for (i = 0; i < m.ntr; i++) {
			const struct lb_transfer *x = &m.tr[i], *y = &ms.tr[i];
			assert_string_equal(x->child_id, y->child_id);
			assert_string_equal(x->name, y->name);
			assert_string_equal(x->old_school, y->old_school);
			assert_string_equal(x->new_school, y->new_school);
			assert_string_equal(x->old_updated_on, y->old_updated_on);
			assert_string_equal(x->new_updated_on, y->new_updated_on);
			assert_string_equal(x->old_archived_on, y->old_archived_on);
			assert_string_equal(x->new_archived_on, y->new_archived_on);
			assert_string_equal(x->old_source, y->old_source);
			assert_string_equal(x->new_source, y->new_source);
		}
		seen_c += m.nc;
		seen_tr += m.ntr;
		seen_j += m.joined;
		seen_no += m.noid;
		seen_m += m.merged;
		lb_rowbuf_fini(&rb);
		lb_rowbuf_fini(&rbs);
		lb_merge_fini(&m);
		lb_merge_fini(&ms);
		lb_table_fini(&t);
		lb_table_fini(&ts);
	}
	/* the seeds reach every rule */
	assert_true(seen_c && seen_tr && seen_j && seen_no && seen_m);
}

/* A spill that cannot be made ($TMPDIR not there) fails the read. */
static void
t_spill_no_tmpdir(void **state)
{
	struct lb_table t;
	struct lb_err err;
	const char *a = scratch_file("nt.csv", "child_id,name,school,updated_on\n"
	                             ID1 ",张三,甲小学,2025-01-01\n");
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	(void)state;

	setenv("TMPDIR", "/nonexistent-lb-dir", 1);
	lb_table_init(&t, LB_KIND_ROSTER, NULL);
	lb_table_spill(&t, LB_R_CHILD_ID);
	lb_err_clear(&err);
	assert_int_equal(lb_table_read(&t, a, NULL, NULL, &err), LB_EIO);
	assert_string_equal(err.file, "/nonexistent-lb-dir");
	assert_int_equal(t.n, 0);
	lb_table_fini(&t);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_identical_and_one_sided),
		cmocka_unit_test(t_prefer),
		cmocka_unit_test(t_newest_tie_by_position),
		cmocka_unit_test(t_transfer),
		cmocka_unit_test(t_sets_united),
		cmocka_unit_test(t_no_id),
		cmocka_unit_test(t_extras),
		cmocka_unit_test(t_notes_joined),
		cmocka_unit_test(t_notes_rejoined),
		cmocka_unit_test(t_notes_tie),
		cmocka_unit_test(t_notes_brackets),
		cmocka_unit_test(t_transfers),
		cmocka_unit_test(t_activity),
		cmocka_unit_test(t_property),
		cmocka_unit_test(t_spilled),
		cmocka_unit_test(t_spill_no_tmpdir),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
