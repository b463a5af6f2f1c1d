/* Unit tests: libcore/value.c — normalising and checking single values.
 *
 * Identity-number vectors were invented for these tests; every check
 * character was computed independently (ISO 7064 MOD 11-2 in a Python
 * one-liner) when the test was written, not by the code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "value.h"

/* ---- hand-built fields ---------------------------------------------------- */

static char *gender_vals[] = {"男", "女"};
static char *gender_from[] = {"男性", "M", "m", "male"};
static char *gender_to[] = {"男", "男", "男", "男"};
static struct lb_field f_gender = {
	.id = "gender", .type = LB_T_ENUM, .values = gender_vals, .nvalues = 2,
	.syn_from = gender_from, .syn_to = gender_to, .nsyn = 4,
};

static char *rel_vals[] = {"祖父母", "外祖父母", "父亲", "母亲", "兄姐", "其他亲属", "亲友", "其他"};
static char *rel_from[] = {"爷爷", "奶奶", "爷爷奶奶", "外公", "外婆"};
static char *rel_to[] = {"祖父母", "祖父母", "祖父母", "外祖父母", "外祖父母"};
static struct lb_field f_rel = {
	.id = "guardian_relation", .type = LB_T_ENUM, .values = rel_vals, .nvalues = 8,
	.syn_from = rel_from, .syn_to = rel_to, .nsyn = 5,
};

static char *health_vals[] = {"健康", "患病", "残疾"};
static char *health_from[] = {"良好"};
static char *health_to[] = {"健康"};
static struct lb_field f_health = {
	.id = "health", .type = LB_T_ENUM, .values = health_vals, .nvalues = 3,
	.syn_from = health_from, .syn_to = health_to, .nsyn = 1,
};

static char *lbt_vals[] = {"父母均外出务工", "父亲外出务工、母亲无监护能力", "母亲外出务工、父亲无监护能力"};
static char *lbt_from[] = {"父亲外出务工母亲无监护能力", "双亲外出"};
static char *lbt_to[] = {"父亲外出务工、母亲无监护能力", "父母均外出务工"};
static struct lb_field f_lbt = {
	.id = "left_behind_type", .type = LB_T_ENUM, .values = lbt_vals, .nvalues = 3,
	.syn_from = lbt_from, .syn_to = lbt_to, .nsyn = 2,
};

static char *needs_vals[] = {"贫困", "心理", "学业", "安全"};
static char *needs_from[] = {"学习困难", "心理问题"};
static char *needs_to[] = {"学业", "心理"};
static struct lb_field f_needs = {
	.id = "needs", .type = LB_T_SET, .values = needs_vals, .nvalues = 4,
	.syn_from = needs_from, .syn_to = needs_to, .nsyn = 2,
};

static struct lb_field f_bool = {.id = "boarding", .type = LB_T_BOOL};

static char *grade_from[] = {"一年级", "初二", "学前"};
static char *grade_to[] = {"1", "8", "0"};
static struct lb_field f_grade = {
	.id = "grade", .type = LB_T_INT, .min = 0, .max = 12,
	.syn_from = grade_from, .syn_to = grade_to, .nsyn = 3,
};

static struct lb_field f_class = {.id = "class", .type = LB_T_CLASS};
static struct lb_field f_text = {.id = "notes", .type = LB_T_TEXT};
static struct lb_field f_id = {.id = "child_id", .type = LB_T_IDCARD};
static struct lb_field f_date = {.id = "birth_date", .type = LB_T_DATE};
static struct lb_field f_phone = {.id = "guardian_phone", .type = LB_T_PHONE};
static struct lb_field f_region = {.id = "region_code", .type = LB_T_DIGITS, .lens = {6, 9, 12, 0}};

/* ---- helpers ----------------------------------------------------------------- */

static struct lb_buf out;
static struct lb_vnote note;

static enum lb_vres
norm(const struct lb_field *f, const char *in)
{
	memset(&note, 0x55, sizeof note);   /* catch fields left unset */
	return lb_value_normalize(f, in, &out, &note);
}

/* Expect result r, output o and (when code is not NULL) note code. */
#define NORM(f, in, r, o, cd) do { \
	assert_int_equal(norm(&(f), (in)), (r)); \
	assert_string_equal(lb_buf_str(&out), (o)); \
	if ((cd) != NULL) \
		assert_string_equal(note.code, (const char *)(cd)); \
} while (0)

static int
ymd(int y, int m, int d)
{
	return lb_date_from_ymd(y, m, d);
}

static const char *
trimmed(const char *s)
{
	static char buf[256];
	size_t len = strlen(s);
	lb_trim(&s, &len);
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

static const char *
folded(const char *s)
{
	static struct lb_buf b;
	lb_buf_clear(&b);
	lb_fullwidth_fold(s, strlen(s), &b);
	return lb_buf_str(&b);
}

/* ---- text ---------------------------------------------------------------------- */

static void
t_trim(void **state)
{
	(void)state;
	assert_string_equal(trimmed("  a b \t\r\n"), "a b");
	assert_string_equal(trimmed("\xe3\x80\x80王小明\xe3\x80\x80"), "王小明");   /* U+3000 */
	assert_string_equal(trimmed("\xc2\xa0王 小明\xc2\xa0 "), "王 小明");         /* U+00A0 */
	assert_string_equal(trimmed(" \xe3\x80\x80\xc2\xa0\t"), "");
	assert_string_equal(trimmed(""), "");
	/* inner white space and Chinese punctuation stay */
	assert_string_equal(trimmed("备注：\n第二行。"), "备注：\n第二行。");
}

static void
t_fold(void **state)
{
	(void)state;
	assert_string_equal(folded("１２３４５６７８９０"), "1234567890");
	assert_string_equal(folded("ＡＢＣｘｙｚ！～"), "ABCxyz!~");
	assert_string_equal(folded("（３）班"), "(3)班");
	assert_string_equal(folded("a\xe3\x80\x80" "b"), "a b");
	/* Chinese punctuation outside the range stays: 、 。 《 */
	assert_string_equal(folded("、。《"), "、。《");
	assert_string_equal(folded("王小明"), "王小明");
	assert_string_equal(folded(""), "");
	/* a truncated sequence at the end is copied, not read past */
	assert_string_equal(folded("1\xef\xbc"), "1\xef\xbc");
}

static void
t_utf8(void **state)
{
	(void)state;
	assert_true(lb_utf8_valid("", 0));
	assert_true(lb_utf8_valid("abc", 3));
	assert_true(lb_utf8_valid("王小明", strlen("王小明")));
	assert_true(lb_utf8_valid("\xf0\x9f\x98\x80", 4));          /* U+1F600 */
	assert_true(lb_utf8_valid("\xed\x9f\xbf", 3));              /* U+D7FF */
	assert_true(lb_utf8_valid("\xf4\x8f\xbf\xbf", 4));          /* U+10FFFF */
	assert_false(lb_utf8_valid("\xc0\x80", 2));                 /* overlong NUL */
	assert_false(lb_utf8_valid("\xc1\xbf", 2));                 /* overlong */
	assert_false(lb_utf8_valid("\xe0\x80\x80", 3));             /* overlong */
	assert_false(lb_utf8_valid("\xf0\x80\x80\x80", 4));         /* overlong */
	assert_false(lb_utf8_valid("\xed\xa0\x80", 3));             /* surrogate */
	assert_false(lb_utf8_valid("\xf4\x90\x80\x80", 4));         /* > U+10FFFF */
	assert_false(lb_utf8_valid("\x80", 1));                     /* lone continuation */
	assert_false(lb_utf8_valid("\xe7\x8e", 2));                 /* truncated */
	assert_false(lb_utf8_valid("\xd6\xd0\xb9\xfa", 4));         /* GB18030 中国 */
	assert_false(lb_utf8_valid("\xff", 1));
}

/* ---- identity numbers ----------------------------------------------------------- */

static void
t_idcard_valid(void **state)
{
	struct lb_idinfo in;
	int asof = ymd(2025, 11, 15);
	(void)state;

	/* the standard's own example: born 1949-12-31, 17th digit 2 = female */
	assert_int_equal(lb_idcard_check("11010519491231002X", asof, &in), LB_ID_OK);
	assert_int_equal(in.birth, ymd(1949, 12, 31));
	assert_int_equal(in.male, 0);
	assert_int_equal(in.check, 'X');

	assert_int_equal(lb_idcard_check("622901201503041239", asof, &in), LB_ID_OK);
	assert_int_equal(in.birth, ymd(2015, 3, 4));
	assert_int_equal(in.male, 1);
	assert_int_equal(lb_idcard_check("522426201006150422", asof, &in), LB_ID_OK);
	assert_int_equal(in.male, 0);
	/* 2012 was a leap year */
	assert_int_equal(lb_idcard_check("440304201202290013", asof, &in), LB_ID_OK);
	assert_int_equal(in.birth, ymd(2012, 2, 29));
	assert_int_equal(lb_idcard_check("511322198507075565", asof, NULL), LB_ID_OK);
	assert_int_equal(lb_idcard_check("62290120110901104X", asof, NULL), LB_ID_OK);
	/* ends in 000 but the check holds: a real number, not spreadsheet damage */
	assert_int_equal(lb_idcard_check("522426201006150000", asof, NULL), LB_ID_OK);
	/* asof unknown: no future check */
	assert_int_equal(lb_idcard_check("622901203001011231", LB_NODATE, NULL), LB_ID_OK);
	/* born on asof is not the future */
	assert_int_equal(lb_idcard_check("622901201503041239", ymd(2015, 3, 4), NULL), LB_ID_OK);

	assert_int_equal(lb_idcard_checkchar("11010519491231002"), 'X');
	assert_int_equal(lb_idcard_checkchar("62290120150304123"), '9');
	assert_int_equal(lb_idcard_checkchar("52242620100615042"), '2');
	assert_int_equal(lb_idcard_checkchar("6229012015030412"), '\0');   /* too short */
}

static void
t_idcard_bad(void **state)
{
	struct lb_idinfo in;
	int asof = ymd(2025, 11, 15);
	(void)state;

	assert_int_equal(lb_idcard_check("", asof, &in), LB_ID_EMPTY);
	/* wrong check character: 9 expected */
	assert_int_equal(lb_idcard_check("622901201503041238", asof, &in), LB_ID_CHECK);
	assert_int_equal(in.check, '9');
	assert_int_equal(in.birth, ymd(2015, 3, 4));
	assert_int_equal(in.male, 1);
	assert_int_equal(lb_idcard_check("110105194912310021", asof, &in), LB_ID_CHECK);
	assert_int_equal(in.check, 'X');
	/* dates inside: 02-30 never; 2023-02-29 not a leap year (check chars valid) */
	assert_int_equal(lb_idcard_check("622901201502301238", asof, &in), LB_ID_DATE);
	assert_int_equal(in.birth, LB_NODATE);
	assert_int_equal(lb_idcard_check("622901202302291236", asof, NULL), LB_ID_DATE);
	assert_int_equal(lb_idcard_check("622901189912311237", asof, NULL), LB_ID_DATE);
	assert_int_equal(lb_idcard_check("622901201513041239", asof, NULL), LB_ID_DATE);
	/* future: born 2030-01-01 */
	assert_int_equal(lb_idcard_check("622901203001011231", asof, &in), LB_ID_FUTURE);
	assert_int_equal(in.birth, ymd(2030, 1, 1));
	/* provinces 99 and 00, 16 and 72 do not exist */
	assert_int_equal(lb_idcard_check("990101201503041237", asof, NULL), LB_ID_PROVINCE);
	assert_int_equal(lb_idcard_check("002901201503041239", asof, NULL), LB_ID_PROVINCE);
	assert_int_equal(lb_idcard_check("162901201503041239", asof, NULL), LB_ID_PROVINCE);
	assert_int_equal(lb_idcard_check("722901201503041239", asof, NULL), LB_ID_PROVINCE);
	/* lengths: 17 and 19 characters */
	assert_int_equal(lb_idcard_check("62290120150304123", asof, NULL), LB_ID_LENGTH);
	assert_int_equal(lb_idcard_check("6229012015030412390", asof, NULL), LB_ID_LENGTH);
	assert_int_equal(lb_idcard_check("6229", asof, NULL), LB_ID_LENGTH);
	/* characters: lower-case x (canonical is X), a letter inside, X inside */
	assert_int_equal(lb_idcard_check("62290120110901104x", asof, NULL), LB_ID_CHARS);
	assert_int_equal(lb_idcard_check("6229012015O3041239", asof, NULL), LB_ID_CHARS);
	assert_int_equal(lb_idcard_check("X22901201503041239", asof, NULL), LB_ID_CHARS);
	assert_int_equal(lb_idcard_check("62290185030412A", asof, NULL), LB_ID_CHARS);
	/* spreadsheet damage */
	assert_int_equal(lb_idcard_check("5.22426E+17", asof, NULL), LB_ID_SCIENTIFIC);
	assert_int_equal(lb_idcard_check("5.22426e17", asof, NULL), LB_ID_SCIENTIFIC);
	assert_int_equal(lb_idcard_check("6.22901E+17", asof, NULL), LB_ID_SCIENTIFIC);
	assert_int_equal(lb_idcard_check("622901201503040000", asof, &in), LB_ID_ZEROS);
	assert_int_equal(in.check, '9');
	assert_int_equal(lb_idcard_check("5.22426E+", asof, NULL), LB_ID_LENGTH);
}

static void
t_idcard_15(void **state)
{
	struct lb_idinfo in;
	char up[19];
	(void)state;

	/* 622901 85 03 04 123: born 1985-03-04, last digit 3 odd = male */
	assert_int_equal(lb_idcard_check("622901850304123", ymd(2025, 1, 1), &in), LB_ID_15);
	assert_int_equal(in.birth, ymd(1985, 3, 4));
	assert_int_equal(in.male, 1);
	assert_int_equal(in.check, '4');
	assert_int_equal(lb_idcard_upgrade15("622901850304123", up), 0);
	assert_string_equal(up, "622901198503041234");
	assert_int_equal(lb_idcard_check(up, ymd(2025, 1, 1), NULL), LB_ID_OK);
	assert_int_equal(lb_idcard_upgrade15("11010549123100", up), -1);     /* 14 */
	assert_int_equal(lb_idcard_upgrade15("1101054912310021", up), -1);   /* 16 */
	assert_int_equal(lb_idcard_upgrade15("11010549123100X", up), -1);
	/* a 15-digit number with a bad date or province is that, not 15 */
	assert_int_equal(lb_idcard_check("622901850230123", LB_NODATE, NULL), LB_ID_DATE);
	assert_int_equal(lb_idcard_check("992901850304123", LB_NODATE, NULL), LB_ID_PROVINCE);
}

static void
t_idcard_codes(void **state)
{
	struct lb_idinfo in;
	struct lb_vnote n;
	(void)state;
	assert_string_equal(lb_id_status_code(LB_ID_LENGTH), "idcard-length");
	assert_string_equal(lb_id_status_code(LB_ID_CHARS), "idcard-chars");
	assert_string_equal(lb_id_status_code(LB_ID_PROVINCE), "idcard-province");
	assert_string_equal(lb_id_status_code(LB_ID_DATE), "idcard-date");
	assert_string_equal(lb_id_status_code(LB_ID_FUTURE), "idcard-future");
	assert_string_equal(lb_id_status_code(LB_ID_CHECK), "idcard-check");
	assert_string_equal(lb_id_status_code(LB_ID_15), "idcard-15");
	assert_string_equal(lb_id_status_code(LB_ID_SCIENTIFIC), "idcard-scientific");
	assert_string_equal(lb_id_status_code(LB_ID_ZEROS), "idcard-zeros");

	assert_int_equal(lb_idcard_check("622901203001011231", ymd(2025, 11, 15), &in), LB_ID_FUTURE);
	lb_id_status_note(LB_ID_FUTURE, "622901203001011231", &in, &n);
	assert_string_equal(n.code, "idcard-future");
	/* the birth date is what masking hides: the message must not show it
	 * apart from the number itself */
	assert_string_equal(n.msg, "the birth date inside '622901203001011231' is in the future");
	assert_null(strstr(n.msg, "2030-01-01"));
	assert_int_equal(lb_idcard_check("622901201503041238", LB_NODATE, &in), LB_ID_CHECK);
	lb_id_status_note(LB_ID_CHECK, "622901201503041238", &in, &n);
	assert_string_equal(n.msg, "the check character of '622901201503041238' is 8, expected 9");
}

static void
t_norm_idcard(void **state)
{
	(void)state;
	NORM(f_id, "11010519491231002X", LB_V_SAME, "11010519491231002X", "");
	NORM(f_id, "11010519491231002x", LB_V_FIXED, "11010519491231002X", "fixed");
	NORM(f_id, " 62290120110901104x\t", LB_V_FIXED, "62290120110901104X", "fixed");
	/* full-width digits and Ｘ */
	NORM(f_id, "１１０１０５１９４９１２３１００２Ｘ", LB_V_FIXED, "11010519491231002X", "fixed");
	NORM(f_id, "１１０１０５１９４９１２３１００２ｘ", LB_V_FIXED, "11010519491231002X", "fixed");
	/* the apostrophe typed to keep a spreadsheet from making a number */
	NORM(f_id, "'622901201503041239", LB_V_FIXED, "622901201503041239", "fixed");
	NORM(f_id, "622901 20150304 1239", LB_V_FIXED, "622901201503041239", "fixed");
	/* 15 → 18 */
	NORM(f_id, "622901850304123", LB_V_FIXED, "622901198503041234", "idcard-15");
	assert_non_null(strstr(note.msg, "622901198503041234"));
	/* bad: kept (trimmed), with the code */
	NORM(f_id, " 622901201503041238 ", LB_V_BAD, "622901201503041238", "idcard-check");
	assert_string_equal(note.msg, "the check character of '622901201503041238' is 8, expected 9");
	NORM(f_id, "5.22426E+17", LB_V_BAD, "5.22426E+17", "idcard-scientific");
	NORM(f_id, "５.２２４２６Ｅ＋１７", LB_V_BAD, "５.２２４２６Ｅ＋１７", "idcard-scientific");
	NORM(f_id, "622901201503040000", LB_V_BAD, "622901201503040000", "idcard-zeros");
	NORM(f_id, "622901201502301238", LB_V_BAD, "622901201502301238", "idcard-date");
	NORM(f_id, "622901202302291236", LB_V_BAD, "622901202302291236", "idcard-date");
	NORM(f_id, "990101201503041237", LB_V_BAD, "990101201503041237", "idcard-province");
	NORM(f_id, "62290120150304123", LB_V_BAD, "62290120150304123", "idcard-length");
	NORM(f_id, "6229012015030412390", LB_V_BAD, "6229012015030412390", "idcard-length");
	NORM(f_id, "6229012015O3041239", LB_V_BAD, "6229012015O3041239", "idcard-chars");
	NORM(f_id, "622901２０１５O3041239", LB_V_BAD, "622901２０１５O3041239", "idcard-chars");
	NORM(f_id, "身份证622901201", LB_V_BAD, "身份证622901201", "idcard-length");
	assert_string_equal(note.msg, "'身份证622901201' has 12 characters, expected 18");
	/* normalising has no clock: a future birth is lb-validate's finding */
	NORM(f_id, "622901203001011231", LB_V_SAME, "622901203001011231", "");
	NORM(f_id, "", LB_V_SAME, "", "");
	NORM(f_id, "  ", LB_V_FIXED, "", "fixed");
}

/* ---- dates ------------------------------------------------------------------ */

static void
t_date_loose(void **state)
{
	int d = ymd(2015, 3, 4);
	(void)state;
	assert_int_equal(lb_date_parse_loose("2015-03-04", 0), d);
	assert_int_equal(lb_date_parse_loose("2015-3-4", 0), d);
	assert_int_equal(lb_date_parse_loose("2015/3/4", 0), d);
	assert_int_equal(lb_date_parse_loose("2015/03/04", 0), d);
	assert_int_equal(lb_date_parse_loose("2015.3.4", 0), d);
	assert_int_equal(lb_date_parse_loose("2015年3月4日", 0), d);
	assert_int_equal(lb_date_parse_loose("2015年03月04日", 0), d);
	assert_int_equal(lb_date_parse_loose("2015年3月4", 0), d);
	assert_int_equal(lb_date_parse_loose("2015年3月4号", 0), d);
	assert_int_equal(lb_date_parse_loose("20150304", 0), d);
	assert_int_equal(lb_date_parse_loose("２０１５－０３－０４", 0), d);
	assert_int_equal(lb_date_parse_loose("２０１５年３月４日", 0), d);
	assert_int_equal(lb_date_parse_loose(" 2015/3/4\xe3\x80\x80", 0), d);
	/* spreadsheets add a time of day */
	assert_int_equal(lb_date_parse_loose("2015/3/4 0:00", 0), d);
	assert_int_equal(lb_date_parse_loose("2015-03-04 00:00:00", 0), d);
	assert_int_equal(lb_date_parse_loose("2015-03-04 24:00", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015-03-04 abc", 0), LB_NODATE);
	/* impossible and malformed */
	assert_int_equal(lb_date_parse_loose("2015-02-30", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015/2/29", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2016/2/29", 0), ymd(2016, 2, 29));
	assert_int_equal(lb_date_parse_loose("20150230", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015-13-01", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015-00-10", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015-3/4", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015-003-04", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("15-3-4", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015年3月", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("2015", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("201503", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("明天", 0), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("42064", 0), LB_NODATE);   /* serials off */
}

static void
t_date_serial(void **state)
{
	(void)state;
	/* Excel: 1 = 1900-01-01, 59 = 1900-02-28, 60 = the fake 1900-02-29,
	 * 61 = 1900-03-01; later serials are one more than the day count */
	assert_int_equal(lb_date_parse_loose("42064", 1), ymd(2015, 3, 1));
	assert_int_equal(lb_date_parse_loose("43000", 1), ymd(2017, 9, 22));
	assert_int_equal(lb_date_parse_loose("1", 1), ymd(1900, 1, 1));
	assert_int_equal(lb_date_parse_loose("59", 1), ymd(1900, 2, 28));
	assert_int_equal(lb_date_parse_loose("60", 1), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("61", 1), ymd(1900, 3, 1));
	assert_int_equal(lb_date_parse_loose("2958465", 1), ymd(9999, 12, 31));
	assert_int_equal(lb_date_parse_loose("2958466", 1), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("0", 1), LB_NODATE);
	assert_int_equal(lb_date_parse_loose("４２０６４", 1), ymd(2015, 3, 1));
	/* 8 digits are YYYYMMDD even when serials are allowed */
	assert_int_equal(lb_date_parse_loose("20150304", 1), ymd(2015, 3, 4));
}

static void
t_norm_date(void **state)
{
	(void)state;
	NORM(f_date, "2015-03-04", LB_V_SAME, "2015-03-04", "");
	NORM(f_date, "2015/3/4", LB_V_FIXED, "2015-03-04", "fixed");
	NORM(f_date, "2015年3月4日", LB_V_FIXED, "2015-03-04", "fixed");
	NORM(f_date, "20150304", LB_V_FIXED, "2015-03-04", "fixed");
	NORM(f_date, " 2015-03-04 ", LB_V_FIXED, "2015-03-04", "fixed");
	NORM(f_date, "42064", LB_V_FIXED, "2015-03-01", "fixed");
	/* serials only as 5-digit values */
	NORM(f_date, "61", LB_V_BAD, "61", "date");
	NORM(f_date, "2958465", LB_V_BAD, "2958465", "date");
	NORM(f_date, "2015-02-30", LB_V_BAD, "2015-02-30", "date");
	assert_string_equal(note.msg, "'2015-02-30' is not a date");
	NORM(f_date, "不详", LB_V_BAD, "不详", "date");
	NORM(f_date, "", LB_V_SAME, "", "");
}

/* ---- phones ---------------------------------------------------------------- */

static const char *
ph(const char *in, enum lb_phone_kind want)
{
	static struct lb_buf b;
	assert_int_equal(lb_phone_normalize(in, &b), want);
	return lb_buf_str(&b);
}

static void
t_phone(void **state)
{
	(void)state;
	assert_string_equal(ph("13812345678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("138 1234 5678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("138-1234-5678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("+86 138 1234 5678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("+8613812345678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("008613812345678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("8613812345678", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("(+86)19912345678", LB_PHONE_MOBILE), "19912345678");
	assert_string_equal(ph("１３８１２３４５６７８", LB_PHONE_MOBILE), "13812345678");
	assert_string_equal(ph("\xe3\x80\x80" "138.1234.5678 ", LB_PHONE_MOBILE), "13812345678");
	/* landlines: 010 and 02X have 3-digit area codes, the others 4 */
	assert_string_equal(ph("(0931)8123456", LB_PHONE_LANDLINE), "0931-8123456");
	assert_string_equal(ph("（0931）8123456", LB_PHONE_LANDLINE), "0931-8123456");
	assert_string_equal(ph("0931 8123456", LB_PHONE_LANDLINE), "0931-8123456");
	assert_string_equal(ph("09318123456", LB_PHONE_LANDLINE), "0931-8123456");
	assert_string_equal(ph("0931-8123456", LB_PHONE_LANDLINE), "0931-8123456");
	assert_string_equal(ph("01062345678", LB_PHONE_LANDLINE), "010-62345678");
	assert_string_equal(ph("021-62345678", LB_PHONE_LANDLINE), "021-62345678");
	assert_string_equal(ph("02887654321", LB_PHONE_LANDLINE), "028-87654321");
	assert_string_equal(ph("0930-6212345", LB_PHONE_LANDLINE), "0930-6212345");
	assert_string_equal(ph("+86 931 8123456", LB_PHONE_LANDLINE), "0931-8123456");
	assert_string_equal(ph("+86 10 62345678", LB_PHONE_LANDLINE), "010-62345678");
	/* bad */
	ph("12812345678", LB_PHONE_BAD);       /* 1[3-9] only */
	ph("1381234567", LB_PHONE_BAD);        /* 10 digits */
	ph("138123456789", LB_PHONE_BAD);      /* 12 digits */
	ph("8123456", LB_PHONE_BAD);           /* no area code */
	ph("0931-812345", LB_PHONE_BAD);       /* 6-digit number */
	ph("0931-812345678", LB_PHONE_BAD);    /* 9-digit number */
	ph("0931-0123456", LB_PHONE_BAD);      /* a number does not start with 0 */
	ph("+1 415 555 0100", LB_PHONE_BAD);
	ph("13812345678/13912345678", LB_PHONE_BAD);
	ph("0931-8123456转123", LB_PHONE_BAD);
	ph("无", LB_PHONE_BAD);
	ph("", LB_PHONE_BAD);
	ph("138+12345678", LB_PHONE_BAD);
	assert_string_equal(ph("abc", LB_PHONE_BAD), "");
}

static void
t_norm_phone(void **state)
{
	(void)state;
	NORM(f_phone, "13812345678", LB_V_SAME, "13812345678", "");
	NORM(f_phone, "0931-8123456", LB_V_SAME, "0931-8123456", "");
	NORM(f_phone, "+86 138-1234-5678", LB_V_FIXED, "13812345678", "fixed");
	NORM(f_phone, "(0931)8123456", LB_V_FIXED, "0931-8123456", "fixed");
	NORM(f_phone, " 1381234567 ", LB_V_BAD, "1381234567", "phone");
	assert_non_null(strstr(note.msg, "'1381234567'"));
}

/* ---- enums, sets, booleans ---------------------------------------------------- */

static void
t_suggest(void **state)
{
	(void)state;
	assert_string_equal(lb_enum_suggest(&f_health, "建康"), "健康");
	assert_string_equal(lb_enum_suggest(&f_health, "患病了"), "患病");
	assert_null(lb_enum_suggest(&f_health, "过敏体质"));
	assert_null(lb_enum_suggest(&f_health, "x"));
	assert_null(lb_enum_suggest(&f_health, ""));
	/* synonyms are candidates too, and suggest what they stand for */
	assert_string_equal(lb_enum_suggest(&f_rel, "爷爷奶"), "祖父母");
	assert_string_equal(lb_enum_suggest(&f_rel, "外祖父"), "外祖父母");
	assert_string_equal(lb_enum_suggest(&f_gender, "mal"), "男");
	/* the start of one value suggests that value, not one near in spelling */
	{
		const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
		const struct lb_field *lt = &s->f[lb_schema_field(s, "left_behind_type")];
		assert_string_equal(lb_enum_suggest(lt, "母亲外出务工"), "母亲外出务工、父亲无监护能力");
		assert_string_equal(lb_enum_suggest(lt, "母亲外出"), "母亲外出务工、父亲无监护能力");
		assert_string_equal(lb_enum_suggest(lt, "父亲外出务工"), "父亲外出务工、母亲无监护能力");
		assert_string_equal(lb_enum_suggest(lt, "父母均外出务"), "父母均外出务工");
	}
}

static void
t_norm_enum(void **state)
{
	(void)state;
	NORM(f_gender, "男", LB_V_SAME, "男", "");
	NORM(f_gender, " 女 ", LB_V_FIXED, "女", "fixed");
	NORM(f_gender, "男性", LB_V_FIXED, "男", "fixed");
	NORM(f_gender, "M", LB_V_FIXED, "男", "fixed");
	NORM(f_gender, "Ｍ", LB_V_FIXED, "男", "fixed");   /* folded, then a synonym */
	NORM(f_gender, "MALE", LB_V_FIXED, "男", "fixed"); /* ASCII case folded */
	NORM(f_rel, "爷爷", LB_V_FIXED, "祖父母", "fixed");
	NORM(f_rel, "外婆", LB_V_FIXED, "外祖父母", "fixed");
	NORM(f_lbt, "父亲外出务工母亲无监护能力", LB_V_FIXED, "父亲外出务工、母亲无监护能力", "fixed");
	NORM(f_lbt, "父亲外出务工、母亲无监护能力", LB_V_SAME, "父亲外出务工、母亲无监护能力", "");
	NORM(f_health, "良好", LB_V_FIXED, "健康", "fixed");
	/* free text in an enum is kept and reported */
	NORM(f_health, " 过敏体质 ", LB_V_BAD, "过敏体质", "enum");
	assert_string_equal(note.suggest, "");
	assert_non_null(strstr(note.msg, "'过敏体质'"));
	NORM(f_health, "建康", LB_V_BAD, "建康", "enum");
	assert_string_equal(note.suggest, "健康");
	assert_non_null(strstr(note.msg, "健康"));
	NORM(f_gender, "", LB_V_SAME, "", "");
}

static void
t_norm_set(void **state)
{
	(void)state;
	NORM(f_needs, "贫困;学业", LB_V_SAME, "贫困;学业", "");
	NORM(f_needs, "学业;贫困", LB_V_FIXED, "贫困;学业", "fixed");
	NORM(f_needs, "学业、贫困", LB_V_FIXED, "贫困;学业", "fixed");
	NORM(f_needs, "学业，贫困；安全", LB_V_FIXED, "贫困;学业;安全", "fixed");
	NORM(f_needs, "学业,贫困/心理 安全", LB_V_FIXED, "贫困;心理;学业;安全", "fixed");
	NORM(f_needs, "学习困难、学业、心理问题", LB_V_FIXED, "心理;学业", "fixed");
	NORM(f_needs, "学业\xe3\x80\x80贫困", LB_V_FIXED, "贫困;学业", "fixed");
	NORM(f_needs, "学业;;", LB_V_FIXED, "学业", "fixed");
	NORM(f_needs, "安全", LB_V_SAME, "安全", "");
	NORM(f_needs, "学业、打架", LB_V_BAD, "学业、打架", "enum");
	assert_non_null(strstr(note.msg, "'打架'"));
	NORM(f_needs, "学业、安权", LB_V_BAD, "学业、安权", "enum");
	assert_string_equal(note.suggest, "安全");
}

static void
t_norm_bool(void **state)
{
	static const char *yes[] = {"是", "Y", "y", "yes", "YES", "1", "√", "✓", "✔", "true", "True", "有", "对", "ｙ"};
	static const char *no[] = {"否", "N", "n", "no", "No", "0", "×", "✗", "✘", "false", "无", "错"};
	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		NORM(f_bool, yes[i], i == 0 ? LB_V_SAME : LB_V_FIXED, "是", NULL);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		NORM(f_bool, no[i], i == 0 ? LB_V_SAME : LB_V_FIXED, "否", NULL);
	NORM(f_bool, " 是", LB_V_FIXED, "是", "fixed");
	NORM(f_bool, "也许", LB_V_BAD, "也许", "bool");
	NORM(f_bool, "2", LB_V_BAD, "2", "bool");
	NORM(f_bool, "yess", LB_V_BAD, "yess", "bool");
}

/* ---- numbers, classes, codes, text --------------------------------------------- */

static void
t_norm_int(void **state)
{
	(void)state;
	NORM(f_grade, "3", LB_V_SAME, "3", "");
	NORM(f_grade, "12", LB_V_SAME, "12", "");
	NORM(f_grade, "0", LB_V_SAME, "0", "");
	NORM(f_grade, "03", LB_V_FIXED, "3", "fixed");
	NORM(f_grade, "3.0", LB_V_FIXED, "3", "fixed");
	NORM(f_grade, "3.00", LB_V_FIXED, "3", "fixed");
	NORM(f_grade, "３", LB_V_FIXED, "3", "fixed");
	NORM(f_grade, "+3", LB_V_FIXED, "3", "fixed");
	NORM(f_grade, "一年级", LB_V_FIXED, "1", "fixed");
	NORM(f_grade, "初二", LB_V_FIXED, "8", "fixed");
	NORM(f_grade, " 学前 ", LB_V_FIXED, "0", "fixed");
	NORM(f_grade, "13", LB_V_BAD, "13", "int-range");
	NORM(f_grade, "-1", LB_V_BAD, "-1", "int-range");
	NORM(f_grade, "3.5", LB_V_BAD, "3.5", "int");
	NORM(f_grade, "3.", LB_V_BAD, "3.", "int");
	NORM(f_grade, "三年级二班", LB_V_BAD, "三年级二班", "int");
	NORM(f_grade, "-", LB_V_BAD, "-", "int");
	NORM(f_grade, "99999999999999999999999", LB_V_BAD, "99999999999999999999999", "int");
}

static void
t_norm_class(void **state)
{
	(void)state;
	NORM(f_class, "3", LB_V_SAME, "3", "");
	NORM(f_class, "(3)班", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "（3）班", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "（３）班", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "3班", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "03", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "(3)", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "三班", LB_V_FIXED, "3", "fixed");
	NORM(f_class, "十班", LB_V_FIXED, "10", "fixed");
	NORM(f_class, "十二班", LB_V_FIXED, "12", "fixed");
	NORM(f_class, "二十一班", LB_V_FIXED, "21", "fixed");
	NORM(f_class, "12", LB_V_SAME, "12", "");
	/* a class name is legitimate: kept as written */
	NORM(f_class, "火箭班", LB_V_SAME, "火箭班", "");
	NORM(f_class, " 火箭班（实验） ", LB_V_FIXED, "火箭班（实验）", "fixed");
	NORM(f_class, "(3", LB_V_SAME, "(3", "");
	NORM(f_class, "三年级(2)班", LB_V_SAME, "三年级(2)班", "");
	NORM(f_class, "〇十班", LB_V_SAME, "〇十班", "");
}

static void
t_norm_digits(void **state)
{
	(void)state;
	NORM(f_region, "622901", LB_V_SAME, "622901", "");
	NORM(f_region, "622901100", LB_V_SAME, "622901100", "");
	NORM(f_region, "622901100201", LB_V_SAME, "622901100201", "");
	NORM(f_region, "６２２９０１", LB_V_FIXED, "622901", "fixed");
	NORM(f_region, "6229011", LB_V_BAD, "6229011", "digits");
	assert_string_equal(note.msg, "'6229011' is not a code of 6, 9 or 12 digits");
	NORM(f_region, "62290A", LB_V_BAD, "62290A", "digits");
	NORM(f_region, "6.22901E+11", LB_V_BAD, "6.22901E+11", "digits");
}

static void
t_norm_text(void **state)
{
	(void)state;
	NORM(f_text, "王小明", LB_V_SAME, "王小明", "");
	NORM(f_text, "  王小明\xe3\x80\x80", LB_V_FIXED, "王小明", "fixed");
	/* free text is never folded: full-width and Chinese punctuation stay */
	NORM(f_text, "父亲在外务工，电话：１３８", LB_V_SAME, "父亲在外务工，电话：１３８", "");
	NORM(f_text, "第一行\n第二行", LB_V_SAME, "第一行\n第二行", "");
	NORM(f_text, "", LB_V_SAME, "", "");
	NORM(f_text, " \xc2\xa0", LB_V_FIXED, "", "fixed");
	/* a NULL note is allowed */
	assert_int_equal(lb_value_normalize(&f_text, " a", &out, NULL), LB_V_FIXED);
	assert_string_equal(lb_buf_str(&out), "a");
}

/* ---- the built-in schemas ---------------------------------------------------- */

static const struct lb_field *
rf(int id)
{
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
	assert_non_null(s);
	return &s->f[LB_FI(s, id)];
}

static const struct lb_field *
af(int id)
{
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ACTIVITY);
	assert_non_null(s);
	return &s->f[LB_FI(s, id)];
}

#define RNORM(id, in, r, o, cd) NORM(*rf(id), in, r, o, cd)

/* lb_value_normalize_fast and _memo give lb_value_normalize's verdict and
 * value, the memo also when it answers from what it remembers. */
static void
t_fast_and_memo(void **state)
{
	static const int ids[] = {LB_R_GENDER, LB_R_GRADE, LB_R_CLASS, LB_R_BOARDING,
	                          LB_R_ENROLLMENT, LB_R_NAME, LB_R_BIRTH_DATE, LB_R_CHILD_ID};
	static const char *const vals[] = {
		"男", "女", " 男", "M", "x", "3", "三年级", "初二", "03", "(3)班", "火箭班", "是", "否",
		"Y", "no", "小学", "在读小学", "张三", " 张三 ", "2015-03-04", "20150304",
		"110105201503040012", "", "   ", "一年级",
	};
	struct lb_vmemo memo[sizeof ids / sizeof *ids];
	struct lb_buf a = LB_BUF_INIT, b = LB_BUF_INIT, c = LB_BUF_INIT;
	(void)state;

	memset(memo, 0, sizeof memo);
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
			for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) {
				const struct lb_field *f = rf(ids[i]);
				struct lb_vnote na, nb, nc;
				memset(&na, 0, sizeof na);
				memset(&nb, 0, sizeof nb);
				memset(&nc, 0, sizeof nc);
				enum lb_vres ra = lb_value_normalize(f, vals[k], &a, &na);
				enum lb_vres rb = lb_value_normalize_fast(f, vals[k], &b, &nb);
				enum lb_vres rc = lb_value_normalize_memo(f, &memo[i], vals[k], &c, &nc);
				assert_int_equal(ra, rb);
				assert_int_equal(ra, rc);
				if (ra != LB_V_SAME) {
					assert_string_equal(lb_buf_str(&a), lb_buf_str(&b));
					assert_string_equal(lb_buf_str(&a), lb_buf_str(&c));
					assert_string_equal(na.code, nb.code);
					assert_string_equal(na.code, nc.code);
				}
				if (ra == LB_V_BAD) {
					assert_string_equal(na.msg, nb.msg);
					assert_string_equal(na.msg, nc.msg);
				}
			}
	lb_buf_fini(&a);
	lb_buf_fini(&b);
	lb_buf_fini(&c);
}

static void
t_builtin_roster(void **state)
{
	(void)state;
	RNORM(LB_R_GUARDIAN_RELATION, "爷爷", LB_V_FIXED, "祖父母", "fixed");
	RNORM(LB_R_GUARDIAN_RELATION, "外公", LB_V_FIXED, "外祖父母", "fixed");
	RNORM(LB_R_GUARDIAN_RELATION, "姨妈", LB_V_FIXED, "其他亲属", "fixed");
	RNORM(LB_R_GUARDIAN_RELATION, "哥哥", LB_V_FIXED, "兄姐", "fixed");
	RNORM(LB_R_GUARDIAN_RELATION, "祖父母", LB_V_SAME, "祖父母", "");
	RNORM(LB_R_GRADE, "初二", LB_V_FIXED, "8", "fixed");
	RNORM(LB_R_GRADE, "一年级", LB_V_FIXED, "1", "fixed");
	RNORM(LB_R_GRADE, "七年级", LB_V_FIXED, "7", "fixed");
	RNORM(LB_R_GRADE, "高三", LB_V_FIXED, "12", "fixed");
	RNORM(LB_R_GRADE, "学前", LB_V_FIXED, "0", "fixed");
	RNORM(LB_R_GRADE, "５", LB_V_FIXED, "5", "fixed");
	RNORM(LB_R_GRADE, "13", LB_V_BAD, "13", "int-range");
	RNORM(LB_R_ETHNICITY, "汉", LB_V_FIXED, "汉族", "fixed");
	RNORM(LB_R_ETHNICITY, "东乡", LB_V_FIXED, "东乡族", "fixed");
	RNORM(LB_R_ETHNICITY, "回族", LB_V_SAME, "回族", "");
	RNORM(LB_R_LEFT_BEHIND_TYPE, "父亲外出务工母亲无监护能力", LB_V_FIXED,
	      "父亲外出务工、母亲无监护能力", "fixed");
	RNORM(LB_R_LEFT_BEHIND_TYPE, "父亲外出务工，母亲无监护能力", LB_V_FIXED,
	      "父亲外出务工、母亲无监护能力", "fixed");
	RNORM(LB_R_LEFT_BEHIND_TYPE, "双亲外出", LB_V_FIXED, "父母均外出务工", "fixed");
	/* health: a category plus free text, kept and classed by keyword */
	RNORM(LB_R_HEALTH, "过敏体质", LB_V_SAME, "过敏体质", "");
	RNORM(LB_R_HEALTH, " 近视 ", LB_V_FIXED, "近视", "fixed");
	RNORM(LB_R_GUARDIANSHIP_RATING, "优秀", LB_V_BAD, "优秀", "enum");
	const struct lb_field *h = rf(LB_R_HEALTH), *gh = rf(LB_R_GUARDIAN_HEALTH);
	assert_string_equal(lb_schema_class(h, "近视"), "患病");
	assert_string_equal(lb_schema_class(h, "哮喘"), "患病");
	assert_string_equal(lb_schema_class(h, "肢体残疾"), "残疾");
	assert_string_equal(lb_schema_class(h, "健康"), "健康");
	assert_null(lb_schema_class(h, "偏瘦"));
	assert_null(lb_schema_class(h, ""));
	assert_string_equal(lb_schema_class(gh, "患有高血压"), "患病");
	assert_string_equal(lb_schema_class(gh, "慢性病"), "患病");
	assert_string_equal(lb_schema_class(gh, "良好"), "健康");
	assert_string_equal(lb_schema_class(gh, "较差"), "较差");
	/* subject teachers: a set of names */
	RNORM(LB_R_SUBJECT_TEACHERS, "李老师，张老师、李老师", LB_V_FIXED, "李老师;张老师", "fixed");
	RNORM(LB_R_SUBJECT_TEACHERS, "李老师;张老师", LB_V_SAME, "李老师;张老师", "");
	RNORM(LB_R_SUBJECT_TEACHERS, " 王 芳 ", LB_V_FIXED, "王 芳", "fixed");
	RNORM(LB_R_HEALTH, "良好", LB_V_FIXED, "健康", "fixed");
	RNORM(LB_R_GUARDIAN_HEALTH, "良好", LB_V_FIXED, "健康", "fixed");
	RNORM(LB_R_GENDER, "女性", LB_V_FIXED, "女", "fixed");
	RNORM(LB_R_GENDER, "F", LB_V_FIXED, "女", "fixed");
	RNORM(LB_R_STATUS, "转学", LB_V_FIXED, "转出", "fixed");
	RNORM(LB_R_HARDSHIP, "特长生、特困生", LB_V_FIXED, "特困;特长", "fixed");
	RNORM(LB_R_NEEDS, "学习困难，家庭贫困", LB_V_FIXED, "贫困;学业", "fixed");
	RNORM(LB_R_BOARDING, "是", LB_V_SAME, "是", "");
	RNORM(LB_R_IMMUNIZED, "√", LB_V_FIXED, "是", "fixed");
	RNORM(LB_R_PRIORITY, "N", LB_V_FIXED, "否", "fixed");
	RNORM(LB_R_CLASS, "（3）班", LB_V_FIXED, "3", "fixed");
	RNORM(LB_R_REGION_CODE, "622901", LB_V_SAME, "622901", "");
	RNORM(LB_R_REGION_CODE, "62290", LB_V_BAD, "62290", "digits");
	RNORM(LB_R_CHILD_ID, "62290120110901104x", LB_V_FIXED, "62290120110901104X", "fixed");
	RNORM(LB_R_GUARDIAN_ID, "622901850304123", LB_V_FIXED, "622901198503041234", "idcard-15");
	RNORM(LB_R_BIRTH_DATE, "2015年3月4日", LB_V_FIXED, "2015-03-04", "fixed");
	RNORM(LB_R_GUARDIAN_PHONE, "0931 8123456", LB_V_FIXED, "0931-8123456", "fixed");
	RNORM(LB_R_NAME, " 王小明 ", LB_V_FIXED, "王小明", "fixed");
	RNORM(LB_R_NOTES, "父母春节回家。\n需关注", LB_V_SAME, "父母春节回家。\n需关注", "");
}

static void
t_builtin_activity(void **state)
{
	(void)state;
	NORM(*af(LB_A_DATE), "2025/9/1", LB_V_FIXED, "2025-09-01", "fixed");
	NORM(*af(LB_A_KIND), "家访", LB_V_SAME, "家访", "");
	NORM(*af(LB_A_KIND), "家坊", LB_V_BAD, "家坊", "enum");
	assert_string_equal(note.suggest, "家访");
	NORM(*af(LB_A_DURATION_MIN), "30", LB_V_SAME, "30", "");
	NORM(*af(LB_A_DURATION_MIN), "1441", LB_V_BAD, "1441", "int-range");
}

static int
teardown(void **state)
{
	(void)state;
	lb_buf_fini(&out);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_trim),
		cmocka_unit_test(t_fast_and_memo),
		cmocka_unit_test(t_fold),
		cmocka_unit_test(t_utf8),
		cmocka_unit_test(t_idcard_valid),
		cmocka_unit_test(t_idcard_bad),
		cmocka_unit_test(t_idcard_15),
		cmocka_unit_test(t_idcard_codes),
		cmocka_unit_test(t_norm_idcard),
		cmocka_unit_test(t_date_loose),
		cmocka_unit_test(t_date_serial),
		cmocka_unit_test(t_norm_date),
		cmocka_unit_test(t_phone),
		cmocka_unit_test(t_norm_phone),
		cmocka_unit_test(t_suggest),
		cmocka_unit_test(t_norm_enum),
		cmocka_unit_test(t_norm_set),
		cmocka_unit_test(t_norm_bool),
		cmocka_unit_test(t_norm_int),
		cmocka_unit_test(t_norm_class),
		cmocka_unit_test(t_norm_digits),
		cmocka_unit_test(t_norm_text),
		cmocka_unit_test(t_builtin_roster),
		cmocka_unit_test(t_builtin_activity),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
