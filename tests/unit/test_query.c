/* Unit tests: libcore/query*.c — loading, the simple questions as SQL, the
 * statements refused, and the masking of every output cell. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "date.h"
#include "query.h"
#include "scratch.h"

static const char roster_csv[] =
	"child_id,name,gender,birth_date,school,grade,class,guardian_phone,guardian_id,mentor,priority,status\n"
	"622901201503040113,王小明,男,2015-03-04,石桥小学,3,2,13812345601,62290119500101200X,,是,在册\n"
	"622901201605120122,陈静,女,2016-05-12,石桥小学,10,(2)班,13812345602,,赵老师,否,转出\n";

static struct lb_query *
loaded(int reveal)
{
	struct lb_query *q;
	struct lb_err err;
	int reused;
	struct lb_query_opts o = {.asof = lb_date_from_ymd(2026, 1, 20), .reveal = reveal};
	lb_err_clear(&err);
	assert_int_equal(lb_query_open(&q, &o, &reused, &err), 0);
	assert_int_equal(reused, 0);
	assert_int_equal(lb_query_load_file(q, "roster", scratch_file("r.csv", roster_csv), NULL,
	                                    NULL, &err), 0);
	assert_int_equal(lb_query_commit(q, &err), 0);
	return q;
}

/* Run sql and return what it wrote (static buffer), or NULL on an error
 * (the message in *msg). */
static char *
run(struct lb_query *q, const char *sql, const struct lb_strv *params, enum lb_qfmt fmt,
    int total, const char **msg)
{
	static char *buf;
	static struct lb_err err;
	size_t len;
	free(buf);
	buf = NULL;
	FILE *fp = open_memstream(&buf, &len);
	struct lb_query_out o = {fmt, 0, total, 0};
	lb_err_clear(&err);
	long n = lb_query_run(q, sql, params, &o, fp, &err);
	fclose(fp);
	if (msg)
		*msg = err.msg;
	return n < 0 ? NULL : buf;
}

static void
t_types_and_computed(void **state)
{
	(void)state;
	struct lb_query *q = loaded(0);
	/* grade is an integer (10 sorts after 3), class normalised, empty is NULL,
	 * age and guardian_age as of 2026-01-20, active from status */
	assert_string_equal(run(q, "SELECT name, class, mentor IS NULL, age, age_band, guardian_age, active "
	                           "FROM roster ORDER BY grade DESC", NULL, LB_QF_CSV, 0, NULL),
	                    "name,class,mentor IS NULL,age,age_band,guardian_age,active\n"
	                    "陈静,2,0,9,6-13,,否\n"
	                    "王小明,2,1,10,6-13,76,是\n");
	lb_query_close(q);
}

static void
t_masked(void **state)
{
	(void)state;
	struct lb_query *q = loaded(0);
	const char *out = run(q, "SELECT child_id || '', substr(guardian_phone, 1, 11), birth_date, "
	                         "upper(guardian_id) FROM roster WHERE child_id = '622901201503040113'",
	                      NULL, LB_QF_CSV, 0, NULL);
	assert_non_null(out);
	assert_null(strstr(out, "622901201503040113"));
	assert_null(strstr(out, "13812345601"));
	assert_null(strstr(out, "2015-03-04"));      /* beside its masked identity number */
	assert_non_null(strstr(out, "622901********0113,138****5601,2015-03-**,"));
	lb_query_close(q);
	q = loaded(1);
	out = run(q, "SELECT child_id, birth_date FROM roster LIMIT 1", NULL, LB_QF_CSV, 0, NULL);
	assert_string_equal(out, "child_id,birth_date\n622901201503040113,2015-03-04\n");
	lb_query_close(q);
}

/* The text of one member of the workbook in buf (len bytes); to free. */
static char *
xlsx_member(const char *buf, size_t len, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	assert_non_null(src);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	char *text = calloc(1, st.size + 1);
	zip_file_t *f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	zip_error_fini(&ze);
	return text;
}

/* -f xlsx: a workbook (a zip) whose one sheet holds the masked cells, the
 * identity and phone numbers as text, nothing unmasked. */
static void
t_xlsx(void **state)
{
	(void)state;
	struct lb_query *q = loaded(0);
	struct lb_query_out o = {LB_QF_XLSX, 0, 0, 0};
	struct lb_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	lb_err_clear(&err);
	assert_int_equal(lb_query_run(q, "SELECT child_id, guardian_phone, birth_date FROM roster "
	                                 "WHERE child_id = '622901201503040113'", NULL, &o, fp, &err), 1);
	fclose(fp);
	assert_true(len > 4 && !memcmp(buf, "PK\3\4", 4));
	char *sheet = xlsx_member(buf, len, "xl/worksheets/sheet1.xml");
	assert_null(strstr(sheet, "622901201503040113"));
	assert_null(strstr(sheet, "13812345601"));
	assert_null(strstr(sheet, "2015-03-04"));
	assert_non_null(strstr(sheet, "622901********0113"));
	assert_non_null(strstr(sheet, "138****5601"));
	free(sheet);
	free(buf);
	lb_query_close(q);
}

static void
t_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"ATTACH 'x.db' AS x", "SELECT load_extension('x')", "PRAGMA writable_schema=1",
		"DELETE FROM roster", "CREATE TABLE t(a)", "SELECT 1; SELECT 2", "SELECT nope FROM roster",
		"", "-- only a comment"
	};
	struct lb_query *q = loaded(0);
	const char *msg;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(run(q, bad[i], NULL, LB_QF_CSV, 0, &msg));
		assert_null(strchr(msg, '\n'));
	}
	assert_null(run(q, "SELECT * FROM roster WHERE child_id = '622901201503040113' AND x",
	                NULL, LB_QF_CSV, 0, &msg));
	assert_null(strstr(msg, "622901201503040113"));   /* the statement is masked too */
	assert_non_null(run(q, "SELECT 1;  -- a trailing comment", NULL, LB_QF_CSV, 0, NULL));
	assert_non_null(run(q, "SELECT name FROM pragma_table_info('roster')", NULL, LB_QF_CSV, 0, NULL));
	lb_query_close(q);
}

static void
t_simple(void **state)
{
	(void)state;
	struct lb_query *q = loaded(0);
	struct lb_buf sql = LB_BUF_INIT;
	struct lb_strv params = LB_STRV_INIT;
	struct lb_err err;
	const char *const w1[] = {"学校=石桥小学", "mentor="};
	lb_err_clear(&err);
	assert_int_equal(lb_query_simple(q, w1, 2, NULL, "姓名,class", "-grade", &sql, &params, &err), 0);
	assert_string_equal(run(q, lb_buf_str(&sql), &params, LB_QF_MD, 0, NULL),
	                    "| name | class |\n|---|---|\n| 王小明 | 2 |\n");
	lb_strv_fini(&params);
	const char *const w2[] = {"class=(2)班", "age<=10"};
	assert_int_equal(lb_query_simple(q, w2, 2, "school,gender", NULL, NULL, &sql, &params, &err), 0);
	assert_string_equal(run(q, lb_buf_str(&sql), &params, LB_QF_CSV, 1, NULL),
	                    "school,gender,count\n石桥小学,女,1\n石桥小学,男,1\ntotal,,2\n");
	lb_strv_fini(&params);
	const char *const w5[] = {"出生日期 < 2016/1/1"};
	assert_int_equal(lb_query_simple(q, w5, 1, NULL, "name", NULL, &sql, &params, &err), 0);
	assert_string_equal(run(q, lb_buf_str(&sql), &params, LB_QF_CSV, 0, NULL), "name\n王小明\n");
	lb_strv_fini(&params);
	assert_int_equal(lb_query_simple(q, NULL, 0, "age_band", NULL, NULL, &sql, &params, &err), 0);
	assert_non_null(strstr(lb_buf_str(&sql), "ORDER BY CASE \"age_band\" WHEN '0-5' THEN 0"));
	const char *const w3[] = {"guardain_phone~138"};
	assert_int_equal(lb_query_simple(q, w3, 1, NULL, NULL, NULL, &sql, &params, &err), LB_EUSAGE);
	assert_non_null(strstr(err.msg, "nearest: guardian_phone"));
	lb_strv_fini(&params);
	const char *const w4[] = {"grade"};
	assert_int_equal(lb_query_simple(q, w4, 1, NULL, NULL, NULL, &sql, &params, &err), LB_EUSAGE);
	lb_strv_fini(&params);
	lb_buf_fini(&sql);
	lb_query_close(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_types_and_computed),
		cmocka_unit_test(t_masked),
		cmocka_unit_test(t_xlsx),
		cmocka_unit_test(t_refused),
		cmocka_unit_test(t_simple),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
