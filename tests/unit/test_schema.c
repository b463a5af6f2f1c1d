/* Unit tests: libcore/schema.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "schema.h"
#include "util.h"

static void
t_builtin_sizes(void **state)
{
	const struct lb_schema *r = lb_schema_builtin(LB_KIND_ROSTER);
	const struct lb_schema *a = lb_schema_builtin(LB_KIND_ACTIVITY);
	(void)state;
	assert_non_null(r);
	assert_non_null(a);
	assert_int_equal(r->n, 49);
	assert_int_equal(a->n, 11);
	assert_int_equal(r->n, LB_R_NFIELDS);
	assert_int_equal(a->n, LB_A_NFIELDS);
	assert_int_equal(r->kind, LB_KIND_ROSTER);
	assert_string_equal(r->name, "roster");
	assert_string_equal(a->name, "activity");
	assert_true(lb_schema_builtin(LB_KIND_ROSTER) == r);   /* cached */
	assert_null(lb_schema_builtin(LB_KIND_AUTO));
	assert_string_equal(r->f[LB_FI(r, LB_R_BIRTH_DATE)].id, "birth_date");
	assert_string_equal(r->f[LB_FI(r, LB_R_NOTES)].id, "notes");
	assert_string_equal(a->f[LB_FI(a, LB_A_KIND)].id, "kind");
	assert_string_equal(r->f[LB_FI(r, LB_R_CHILD_ID)].zh, "身份证号");
	/* a roster id on the activity schema is -1, not a read past the end */
	assert_int_equal(LB_FI(a, LB_R_MENTOR), -1);
}

static void
t_types(void **state)
{
	const struct lb_schema *r = lb_schema_builtin(LB_KIND_ROSTER);
	const struct lb_field *f;
	(void)state;
	f = &r->f[LB_FI(r, LB_R_CHILD_ID)];
	assert_int_equal(f->type, LB_T_IDCARD);
	assert_int_equal(f->required, LB_REQ_KEY);
	assert_true(f->strict);
	f = &r->f[LB_FI(r, LB_R_GRADE)];
	assert_int_equal(f->type, LB_T_INT);
	assert_int_equal(f->min, 0);
	assert_int_equal(f->max, 12);
	f = &r->f[LB_FI(r, LB_R_REGION_CODE)];
	assert_int_equal(f->type, LB_T_DIGITS);
	assert_int_equal(f->lens[0], 6);
	assert_int_equal(f->lens[1], 9);
	assert_int_equal(f->lens[2], 12);
	assert_int_equal(f->lens[3], 0);
	f = &r->f[LB_FI(r, LB_R_MENTOR)];
	assert_int_equal(f->required, LB_REQ_WHEN);
	assert_non_null(f->when);
	f = &r->f[LB_FI(r, LB_R_HEALTH)];
	assert_int_equal(f->type, LB_T_ENUM);
	assert_false(f->strict);
	/* lb-merge joins the notes; names and addresses it chooses */
	assert_true(r->f[LB_FI(r, LB_R_NOTES)].join);
	assert_false(r->f[LB_FI(r, LB_R_NAME)].join);
	assert_false(r->f[LB_FI(r, LB_R_ADDRESS)].join);
	f = &r->f[LB_FI(r, LB_R_ETHNICITY)];
	assert_int_equal(f->nvalues, 57);
	assert_int_equal(lb_schema_value_index(f, "汉族"), 0);
	assert_int_equal(lb_schema_value_index(f, "其他"), 56);
	assert_int_equal(lb_schema_value_index(f, "汉"), -1);
	assert_int_equal(r->f[LB_FI(r, LB_R_HARDSHIP)].type, LB_T_SET);
	assert_int_equal(r->f[LB_FI(r, LB_R_BOARDING)].type, LB_T_BOOL);
	assert_int_equal(r->f[LB_FI(r, LB_R_CLASS)].type, LB_T_CLASS);
	assert_int_equal(r->f[LB_FI(r, LB_R_FATHER_PHONE)].type, LB_T_PHONE);
	assert_int_equal(r->f[LB_FI(r, LB_R_ARCHIVED_ON)].type, LB_T_DATE);
	assert_int_equal(r->f[LB_FI(r, LB_R_NOTES)].type, LB_T_TEXT);
}

/* Every id, label and alias of both schemas finds its own field, so no
 * header text names two fields within a schema. */
static void
t_every_alias(void **state)
{
	(void)state;
	for (int k = LB_KIND_ROSTER; k <= LB_KIND_ACTIVITY; k++) {
		const struct lb_schema *s = lb_schema_builtin(k);
		size_t total = 0;
		for (size_t i = 0; i < s->n; i++) {
			const struct lb_field *f = &s->f[i];
			assert_int_equal(lb_schema_match_header(s, f->id), (int)i);
			assert_int_equal(lb_schema_match_header(s, f->zh), (int)i);
			assert_int_equal(lb_schema_field(s, f->id), (int)i);
			for (size_t j = 0; j < f->naliases; j++) {
				if (lb_schema_match_header(s, f->aliases[j]) != (int)i)
					fail_msg("%s: alias '%s' of %s maps to %d",
					         s->name, f->aliases[j], f->id,
					         lb_schema_match_header(s, f->aliases[j]));
				total++;
			}
		}
		assert_true(total > 10);
	}
}

static void
t_header_norm(void **state)
{
	const struct lb_schema *r = lb_schema_builtin(LB_KIND_ROSTER);
	const struct lb_schema *a = lb_schema_builtin(LB_KIND_ACTIVITY);
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	assert_int_equal(lb_schema_match_header(r, "身份证号码（必填）"), LB_FI(r, LB_R_CHILD_ID));
	assert_int_equal(lb_schema_match_header(r, "身份证号码(必填)"), LB_FI(r, LB_R_CHILD_ID));
	assert_int_equal(lb_schema_match_header(r, "  姓名*"), LB_FI(r, LB_R_NAME));
	assert_int_equal(lb_schema_match_header(r, "姓名＊"), LB_FI(r, LB_R_NAME));
	assert_int_equal(lb_schema_match_header(r, "\xe3\x80\x80姓 名\xc2\xa0"), LB_FI(r, LB_R_NAME));
	assert_int_equal(lb_schema_match_header(r, "出生\n日期"), LB_FI(r, LB_R_BIRTH_DATE));
	assert_int_equal(lb_schema_match_header(r, "Child_ID"), LB_FI(r, LB_R_CHILD_ID));
	assert_int_equal(lb_schema_match_header(r, "ＩＤ"), LB_FI(r, LB_R_CHILD_ID));
	assert_int_equal(lb_schema_match_header(a, "时长（分钟）"), LB_FI(a, LB_A_DURATION_MIN));
	assert_int_equal(lb_schema_match_header(r, "学生"), -1);
	assert_int_equal(lb_schema_match_header(r, ""), -1);
	assert_int_equal(lb_schema_match_header(r, "   "), -1);
	assert_int_equal(lb_schema_match_header(r, "序号"), -1);
	lb_header_norm(" Ｆｏｏ Bar（必填）＊", &b);
	assert_string_equal(b.s, "foobar");
	lb_buf_fini(&b);
}

static void
t_synonyms(void **state)
{
	const struct lb_schema *r = lb_schema_builtin(LB_KIND_ROSTER);
	const struct lb_schema *a = lb_schema_builtin(LB_KIND_ACTIVITY);
	(void)state;
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GENDER)], "男性"), "男");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GENDER)], "f"), "女");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GUARDIAN_RELATION)], "爷爷"), "祖父母");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GUARDIAN_RELATION)], " 外婆\xe3\x80\x80"), "外祖父母");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GUARDIAN_HEALTH)], "良好"), "健康");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_LEFT_BEHIND_TYPE)], "父亲外出务工母亲无监护能力"),
	                    "父亲外出务工、母亲无监护能力");
	/* A comma inside a synonym (quoted in the YAML flow mapping). */
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_LEFT_BEHIND_TYPE)], "母亲外出务工,父亲无监护能力"),
	                    "母亲外出务工、父亲无监护能力");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_LEFT_BEHIND_TYPE)], "双亲外出"), "父母均外出务工");
	assert_string_equal(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GRADE)], "初二"), "8");
	assert_string_equal(lb_schema_synonym(&a->f[LB_FI(a, LB_A_KIND)], "入户家访"), "家访");
	assert_null(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GUARDIAN_RELATION)], "爷"));
	assert_null(lb_schema_synonym(&r->f[LB_FI(r, LB_R_GUARDIAN_RELATION)], "爷爷奶奶外公"));
	assert_null(lb_schema_synonym(&r->f[LB_FI(r, LB_R_NAME)], "张三"));
	/* Every synonym of an enum stands for one of its values. */
	for (size_t i = 0; i < r->n; i++) {
		const struct lb_field *f = &r->f[i];
		if (f->type == LB_T_ENUM || f->type == LB_T_SET)
			for (size_t j = 0; j < f->nsyn; j++)
				assert_true(lb_schema_value_index(f, f->syn_to[j]) >= 0);
	}
}

/* Parse text; expect failure at line with key. */
static void
expect_bad(const char *text, long line, const char *key, const char *msgpart)
{
	struct lb_schema *s = NULL;
	struct lb_err e;
	int rc;

	lb_err_clear(&e);
	rc = lb_schema_parse(&s, "bad.yaml", text, strlen(text), &e);
	if (rc >= 0)
		fail_msg("accepted: %s", text);
	assert_null(s);
	assert_int_equal(rc, LB_ERULES);
	assert_string_equal(e.file, "bad.yaml");
	if (e.line != line)
		fail_msg("line %ld, expected %ld (%s)", e.line, line, e.msg);
	if (key)
		assert_string_equal(e.field, key);
	if (msgpart && !strstr(e.msg, msgpart))
		fail_msg("message '%s' lacks '%s'", e.msg, msgpart);
}

#define HEAD "kind: activity\nfields:\n"

static void
t_bad_schemas(void **state)
{
	(void)state;
	expect_bad(HEAD "  - id: date\n    zh: 日期\n    colour: red\n", 5, "colour", "unknown key");
	expect_bad(HEAD "  - id: date\n    zh: 日期\n    type: dat\n", 5, "type", "unknown type");
	expect_bad(HEAD "  - id: date\n    zh: 日期\n    zh: 时间\n", 5, "zh", "duplicate key");
	expect_bad(HEAD "  - id: date\n    zh: &a 日期\n", 4, NULL, "anchor");
	expect_bad(HEAD "  - id: x\n    zh: 甲\n    aliases: [abc]\n  - id: y\n    zh: 乙\n    aliases: [ABC]\n",
	           8, "aliases", "names both x and y");
	expect_bad(HEAD "  - id: x\n    zh: 甲\n    type: enum\n    values: [a, b]\n    synonyms: {c: d}\n",
	           7, "synonyms", NULL);
	expect_bad(HEAD "  - id: x\n    zh: 甲\n    strict: maybe\n", 5, "strict", NULL);
	expect_bad(HEAD "  - id: x\n    zh: 甲\n    merge: both\n", 5, "merge", "join or choose");
	expect_bad(HEAD "  - id: x\n    zh: 甲\n    type: date\n    merge: join\n", 3, "merge", "free text");
	expect_bad(HEAD "  - id: x\n    zh: 甲\n    strict: true\n    merge: join\n", 3, "merge", "free text");
	expect_bad("kind: nothing\nfields:\n  - id: x\n    zh: 甲\n", 1, "kind", NULL);
	expect_bad(HEAD "  - id: x\n    zh: [甲\n", 5, NULL, NULL);
	/* A replacement must keep every built-in id. */
	expect_bad(HEAD "  - id: date\n    zh: 日期\n", 0, "fields", "child_id");
}

static void
t_load_file(void **state)
{
	const struct lb_builtin_file *bf = lb_builtin_find("activity.yaml");
	struct lb_schema *s = NULL;
	struct lb_err e;
	char path[] = "/tmp/lb-schema-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp;
	(void)state;

	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fwrite(bf->text, 1, bf->len, fp);
	fputs("  - id: venue\n    zh: 地点\n    aliases: [活动地点]\n", fp);
	fclose(fp);
	lb_err_clear(&e);
	assert_int_equal(lb_schema_load(&s, path, &e), 0);
	assert_int_equal(s->n, 12);
	assert_int_equal(lb_schema_match_header(s, "活动地点"), 11);
	assert_string_equal(s->f[LB_FI(s, LB_A_FOLLOW_UP)].id, "follow_up");
	lb_schema_free(s);
	unlink(path);
	lb_schema_free(NULL);

	lb_err_clear(&e);
	assert_int_equal(lb_schema_load(&s, "/nonexistent/x.yaml", &e), LB_EIO);
	assert_string_equal(e.file, "/nonexistent/x.yaml");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_builtin_sizes),
		cmocka_unit_test(t_types),
		cmocka_unit_test(t_every_alias),
		cmocka_unit_test(t_header_norm),
		cmocka_unit_test(t_synonyms),
		cmocka_unit_test(t_bad_schemas),
		cmocka_unit_test(t_load_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
