/* Unit tests: libcore/mask.c — the masks of lb(7), Personal data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mask.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_id),
		cmocka_unit_test(t_phone),
		cmocka_unit_test(t_name),
		cmocka_unit_test(t_text),
		cmocka_unit_test(t_text_separated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
