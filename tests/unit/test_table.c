/* Unit tests: libcore/table.c — records in canonical layout, tables in memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"
#include "schema.h"
#include "table.h"
#include "scratch.h"



/* Valid identity numbers (GB 11643 check characters computed by hand). */
#define ID1 "110105201503040025"
#define ID2 "11010520160305001X"

static const char roster1[] =
	"姓名,身份证号,性别,出生日期,备注2,留守类型,备注2\n"
	"王小明 ," ID1 ",女,2015/3/4,a,双亲外出,b\n"
	"李四," ID2 ",男,2016-03-05,,父母均外出务工,,surplus\n";

static void
t_norm(void **state)
{
	struct lb_reader *r;
	struct lb_reader_opts o;
	struct lb_record rec;
	struct lb_strv extras = LB_STRV_INIT;
	struct lb_diags ch = {0};
	struct lb_norm *nm;
	struct lb_err err;
	const struct lb_schema *s;
	const char **out, *before;
	size_t n, slot;
	(void)state;

	memset(&o, 0, sizeof o);
	assert_int_equal(lb_reader_open(&r, scratch_file("a.csv", roster1), &o, &err), 0);
	s = lb_reader_schema(r);
	assert_int_equal(s->kind, LB_KIND_ROSTER);
	lb_strv_push(&extras, "来自别的文件");
	nm = lb_norm_new(r, &extras);
	/* two unknown columns with the same header stay two columns */
	assert_int_equal(extras.n, 3);
	assert_string_equal(extras.v[1], "备注2");
	assert_string_equal(extras.v[2], "备注2");

	assert_int_equal(lb_reader_next(r, &rec, &err), 1);
	n = lb_norm_record(nm, &rec, 1, &out, &ch);
	assert_string_equal(out[LB_FI(s, LB_R_NAME)], "王小明");
	assert_string_equal(out[LB_FI(s, LB_R_CHILD_ID)], ID1);
	assert_string_equal(out[LB_FI(s, LB_R_BIRTH_DATE)], "2015-03-04");
	assert_string_equal(out[LB_FI(s, LB_R_LEFT_BEHIND_TYPE)], "父母均外出务工");
	assert_string_equal(out[LB_FI(s, LB_R_ADDRESS)], "");
	assert_string_equal(out[s->n + 0], "");
	assert_string_equal(out[s->n + 1], "a");
	assert_string_equal(out[s->n + 2], "b");
	/* name trimmed, date and left_behind_type fixed; the gender is not this
	 * module's business (a cross-field rule) */
	assert_int_equal(n, 3);
	assert_int_equal(ch.n, 3);
	assert_string_equal(ch.v[0].field, "name");
	assert_string_equal(ch.v[0].code, "fixed");
	assert_int_equal(ch.v[0].level, LB_NOTE);
	assert_int_equal(ch.v[0].line, 2);
	assert_string_equal(ch.v[0].value, "王小明 ");
	slot = lb_norm_change(nm, 1, &before);
	assert_int_equal(slot, LB_FI(s, LB_R_BIRTH_DATE));
	assert_string_equal(before, "2015/3/4");
	assert_string_equal(ch.v[1].msg, "2015/3/4 → 2015-03-04");
	lb_diags_clear(&ch);

	/* a surplus cell gets a "#N" column; without normalize nothing changes */
	assert_int_equal(lb_reader_next(r, &rec, &err), 1);
	n = lb_norm_record(nm, &rec, 0, &out, &ch);
	assert_int_equal(n, 0);
	assert_int_equal(ch.n, 0);
	assert_int_equal(extras.n, 4);
	assert_string_equal(extras.v[3], "#8");
	assert_string_equal(out[s->n + 3], "surplus");
	assert_string_equal(out[LB_FI(s, LB_R_GENDER)], "男");
	assert_int_equal(lb_reader_next(r, &rec, &err), 0);

	lb_norm_free(nm);
	lb_norm_free(NULL);
	lb_reader_close(r);
	lb_strv_fini(&extras);
	lb_diags_fini(&ch);
}

static void
t_norm_bad_value(void **state)
{
	struct lb_reader *r;
	struct lb_reader_opts o;
	struct lb_record rec;
	struct lb_strv extras = LB_STRV_INIT;
	struct lb_diags ch = {0};
	struct lb_norm *nm;
	struct lb_err err;
	const struct lb_schema *s;
	const char **out;
	(void)state;

	memset(&o, 0, sizeof o);
	assert_int_equal(lb_reader_open(&r, scratch_file("b.csv",
	    "姓名,身份证号,性别,监护评估\n"
	    "王五,6.22921E+17,男,优秀\n"), &o, &err), 0);
	s = lb_reader_schema(r);
	nm = lb_norm_new(r, &extras);
	assert_int_equal(lb_reader_next(r, &rec, &err), 1);
	assert_int_equal(lb_norm_record(nm, &rec, 1, &out, &ch), 0);
	/* kept as they were, each reported once as a warning */
	assert_string_equal(out[LB_FI(s, LB_R_CHILD_ID)], "6.22921E+17");
	assert_string_equal(out[LB_FI(s, LB_R_GUARDIANSHIP_RATING)], "优秀");
	assert_int_equal(ch.n, 2);
	assert_string_equal(ch.v[0].field, "child_id");
	assert_int_equal(ch.v[0].level, LB_WARNING);
	assert_string_not_equal(ch.v[0].code, "fixed");
	assert_string_equal(ch.v[1].field, "guardianship_rating");
	lb_norm_free(nm);
	lb_reader_close(r);
	lb_strv_fini(&extras);
	lb_diags_fini(&ch);
}

static void
t_table(void **state)
{
	struct lb_table t;
	struct lb_diags notes = {0};
	struct lb_err err;
	const char *a, *b, *bad;
	(void)state;

	a = scratch_file("t1.csv", "姓名,身份证号,性别,出生日期\n"
	                   "王小明," ID1 ",女,2015-03-04\n");
	b = scratch_file("t2.csv", "姓名,身份证号,性别,出生日期,座位号\n"
	                   "李四," ID2 ",男,20160305,困难\n");
	bad = scratch_file("t3.csv", "no,header,here\n1,2,3\n");
	lb_table_init(&t, LB_KIND_ROSTER, NULL);
	assert_non_null(t.schema);
	assert_int_equal(lb_table_read(&t, a, NULL, &notes, &err), 0);
	assert_int_equal(lb_table_read(&t, b, NULL, &notes, &err), 0);
	assert_true(lb_table_read(&t, bad, NULL, &notes, &err) < 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.extras.n, 1);
	assert_string_equal(t.extras.v[0], "座位号");
	/* the first file's row is widened with "" */
	assert_string_equal(t.rows[0].v[t.schema->n], "");
	assert_string_equal(t.rows[1].v[t.schema->n], "困难");
	assert_string_equal(lb_row_get(&t, &t.rows[1], LB_R_BIRTH_DATE), "2016-03-05");
	assert_string_equal(lb_row_get(&t, &t.rows[0], LB_R_NAME), "王小明");
	assert_int_equal(t.rows[1].line, 2);
	assert_string_equal(t.rows[1].file, b);
	/* the date fix is reported, on the table's copy of the name */
	assert_true(notes.n >= 1);
	{
		int seen = 0;
		for (size_t i = 0; i < notes.n; i++)
			if (!strcmp(notes.v[i].field, "birth_date") && !strcmp(notes.v[i].code, "fixed")) {
				assert_string_equal(notes.v[i].file, b);
				assert_ptr_equal(notes.v[i].file, t.rows[1].file);
				seen = 1;
			}
		assert_true(seen);
	}
	lb_table_fini(&t);
	lb_table_fini(&t);
	lb_diags_fini(&notes);
}

static void
t_table_many(void **state)
{
	struct lb_table t;
	struct lb_err err;
	FILE *fp;
	char path[128];
	(void)state;

	/* enough rows to need many arena blocks */
	snprintf(path, sizeof path, "%s/many.csv", scratch_dir);
	fp = fopen(path, "w");
	fputs("姓名,身份证号,性别,出生日期,备注\n", fp);
	for (int i = 0; i < 20000; i++)
		fprintf(fp, "孩子%d," ID1 ",女,2015-03-04,第%d行的备注写得长一些好占地方\n", i, i + 2);
	fclose(fp);
	lb_table_init(&t, LB_KIND_AUTO, NULL);
	assert_int_equal(lb_table_read(&t, path, NULL, NULL, &err), 0);
	assert_int_equal(t.kind, LB_KIND_ROSTER);
	assert_int_equal(t.n, 20000);
	assert_string_equal(lb_row_get(&t, &t.rows[19999], LB_R_NAME), "孩子19999");
	assert_string_equal(lb_row_get(&t, &t.rows[12345], LB_R_NOTES), "第12347行的备注写得长一些好占地方");
	assert_int_equal(t.rows[12345].line, 12347);
	lb_table_fini(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_norm),
		cmocka_unit_test(t_norm_bad_value),
		cmocka_unit_test(t_table),
		cmocka_unit_test(t_table_many),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
