/* Unit tests: libcore/mask.c — the masks of lb(7), Personal data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mask.h"
#include "schema.h"

static const char *
m(void (*fn)(const char *, struct lb_buf *), const char *s)
{
	static struct lb_buf b;
	lb_buf_clear(&b);
	fn(s, &b);
	return lb_buf_str(&b);
}

static void
t_id(void **state)
{
	(void)state;
	assert_string_equal(m(lb_mask_id, "11010519491231002X"), "110105********002X");
	assert_string_equal(m(lb_mask_id, "110105491231002"), "110**********02");
	assert_string_equal(m(lb_mask_id, "12345"), "*****");
	assert_string_equal(m(lb_mask_id, ""), "");
}

static void
t_phone(void **state)
{
	(void)state;
	assert_string_equal(m(lb_mask_phone, "13812345678"), "138****5678");
	assert_string_equal(m(lb_mask_phone, "0931-8123456"), "0931-*****56");
	assert_string_equal(m(lb_mask_phone, "010-12345678"), "010-******78");
}

static void
t_name(void **state)
{
	(void)state;
	assert_string_equal(m(lb_mask_name, "王小明"), "王**");
	assert_string_equal(m(lb_mask_name, "李"), "李");
}

static void
t_text(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	lb_mask_text("id 11010519491231002X and 13812345678, line 12, date 20150304", 0, &b);
	assert_string_equal(lb_buf_str(&b),
	    "id 110105********002X and 138****5678, line 12, date 20150304");
	lb_buf_clear(&b);
	lb_mask_text("tel 0931-8123456", 0, &b);
	assert_string_equal(lb_buf_str(&b), "tel 0931-*****56");
	lb_buf_clear(&b);
	lb_mask_text("11010519491231002X", 1, &b);
	assert_string_equal(lb_buf_str(&b), "11010519491231002X");
	lb_buf_fini(&b);
}

/* Numbers typed with spaces or dashes, as lb-validate quotes them in its
 * "not canonical" findings, were shown whole ('+86 138-1234-5678'). */
static void
t_text_separated(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	lb_mask_text("'+86 138-1234-5678' is not canonical; lb-import would write '138****5678'", 0, &b);
	assert_string_equal(lb_buf_str(&b),
	    "'+86 138-****-5678' is not canonical; lb-import would write '138****5678'");
	lb_buf_clear(&b);
	lb_mask_text("a: 139 8765 4321, b: 0931 8123456, c: 110105 19491231 002X", 0, &b);
	assert_string_equal(lb_buf_str(&b), "a: 139 **** 4321, b: 0931 *****56, c: 110105 ******** 002X");
	lb_buf_clear(&b);
	/* dates, counts and ranges are no numbers to mask */
	lb_mask_text("2025-09-01 2026-01-16, 12 records, 3-4", 0, &b);
	assert_string_equal(lb_buf_str(&b), "2025-09-01 2026-01-16, 12 records, 3-4");
	lb_buf_clear(&b);
	lb_mask_text("+86 138-1234-5678", 1, &b);
	assert_string_equal(lb_buf_str(&b), "+86 138-1234-5678");
	lb_buf_fini(&b);
}

/* Numbers typed with any separator or in full-width digits were shown
 * whole in lb-validate's and lb-import's messages (issue 14.5). */
static void
t_text_folded(void **state)
{
	static const char *const cases[][2] = {
		{"６２２９０１２０１００２１４００２８", "６２２９０１********００２８"},
		{"'138.1234.5678'", "'138.****.5678'"},
		{"622901.20100214.0029", "622901.********.0029"},
		{"(0931)８１２３４５６", "(0931)*****５６"},
		{"（0931）8123456", "（0931）*****56"},
		{"138　1234　5678", "138　****　5678"},
		{"138/1234/5678 and 138_1234_5678", "138/****/5678 and 138_****_5678"},
		{"张父13811119999", "张父138****9999"},
		{"622901 2010 0214 002X", "622901 **** **** 002X"},
		{"+86 (138) 1234 5678", "+86 (138) **** 5678"},
		{"2025-09-01 138-1234-5678", "2025-09-01 138-****-5678"},
		{"2025-09-01 138 1234 5678", "2025-09-01 138 **** 5678"},
		{"13812345678 13911112222", "138****5678 139****2222"},
		{"2025.09.01 2026/01/16 2010-02-14 2011-03-04", "2025.09.01 2026/01/16 2010-02-14 2011-03-04"},
		{"(3)班 12 records", "(3)班 12 records"},
	};
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lb_buf_clear(&b);
		lb_mask_text(cases[i][0], 0, &b);
		assert_string_equal(lb_buf_str(&b), cases[i][1]);
	}
	lb_buf_fini(&b);
}

/* A value of a field: free text masked as text, a birth date cut to its
 * month (the birth date is the masked digits of the identity number). */
static void
t_value(void **state)
{
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	lb_mask_value(&s->f[lb_schema_field(s, "notes")], "父亲 13733334444", 0, &b);
	assert_string_equal(lb_buf_str(&b), "父亲 137****4444");
	lb_buf_clear(&b);
	lb_mask_value(&s->f[lb_schema_field(s, "birth_date")], "2010-02-14", 0, &b);
	assert_string_equal(lb_buf_str(&b), "2010-02-**");
	lb_buf_clear(&b);
	lb_mask_value(&s->f[lb_schema_field(s, "guardian_phone")], "+86 138-1234-5678", 0, &b);
	assert_string_equal(lb_buf_str(&b), "+86 138-****-5678");
	lb_buf_clear(&b);
	lb_mask_value(&s->f[lb_schema_field(s, "guardian_phone")], "6212345", 0, &b);
	assert_string_equal(lb_buf_str(&b), "621**45");
	lb_buf_clear(&b);
	lb_mask_value(&s->f[lb_schema_field(s, "birth_date")], "2010-02-14", 1, &b);
	assert_string_equal(lb_buf_str(&b), "2010-02-14");
	lb_buf_fini(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_id),
		cmocka_unit_test(t_phone),
		cmocka_unit_test(t_name),
		cmocka_unit_test(t_text),
		cmocka_unit_test(t_text_separated),
		cmocka_unit_test(t_text_folded),
		cmocka_unit_test(t_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
