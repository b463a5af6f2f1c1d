/* Unit tests: libcore/ytree.c — the one YAML tree loader (schemas, rules). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "util.h"
#include "ytree.h"

/* Load text; on failure return the error's "LINE: FIELD: msg" (static). */
static const char *
load_err(const char *text)
{
	static char out[1400];
	struct lb_ynode *root = (struct lb_ynode *)1;
	struct lb_err err;
	lb_err_clear(&err);
	int rc = lb_yaml_load("f.yaml", text, strlen(text), &root, &err);
	if (rc == 0) {
		lb_ynode_free(root);
		return NULL;
	}
	assert_int_equal(rc, LB_ERULES);
	assert_null(root);
	assert_string_equal(err.file, "f.yaml");
	snprintf(out, sizeof out, "%ld: %s: %s", err.line, err.field, err.msg);
	return out;
}

static void
t_tree(void **state)
{
	static const char text[] = "a: 1\nb:\n  - x\n  - \"y\"\nc: {d: e}\n";
	struct lb_ynode *r;
	struct lb_err err;
	(void)state;
	assert_int_equal(lb_yaml_load("f", text, sizeof text - 1, &r, &err), 0);
	assert_int_equal(r->type, LB_Y_MAP);
	assert_int_equal(r->n, 3);
	assert_string_equal(r->k[0]->s, "a");
	assert_string_equal(r->v[0]->s, "1");
	assert_true(r->v[0]->plain);
	assert_int_equal(r->v[1]->type, LB_Y_SEQ);
	assert_int_equal(r->v[1]->n, 2);
	assert_false(r->v[1]->v[1]->plain);
	assert_int_equal(r->v[1]->v[1]->line, 4);
	assert_int_equal(r->v[2]->type, LB_Y_MAP);
	assert_string_equal(r->v[2]->v[0]->s, "e");
	lb_ynode_free(r);
	/* an empty stream is no error: the caller says what it expected */
	assert_int_equal(lb_yaml_load("f", "", 0, &r, &err), 0);
	assert_null(r);
	lb_ynode_free(NULL);
}

static void
t_refused(void **state)
{
	(void)state;
	assert_string_equal(load_err("a: 1\nb: 2\na: 3\n"), "3: a: duplicate key (first on line 1)");
	assert_string_equal(load_err("a: &x 1\nb: 2\n"), "1: : anchors are not allowed");
	assert_string_equal(load_err("- a\n- *x\n"), "2: : aliases are not allowed");
	assert_string_equal(load_err("? [a]\n: 1\n"), "1: : a key must be a plain value");
	assert_string_equal(load_err("a: 1\n---\nb: 2\n"), "2: : more than one YAML document");
	assert_non_null(strstr(load_err("a: [1\n"), ": malformed YAML: "));
}

static void
t_depth(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	/* LB_YAML_DEPTH levels are fine, one more is refused with its line */
	for (int i = 0; i < LB_YAML_DEPTH; i++)
		lb_buf_adds(&b, "[");
	for (int i = 0; i < LB_YAML_DEPTH; i++)
		lb_buf_adds(&b, "]");
	assert_null(load_err(lb_buf_str(&b)));
	lb_buf_set(&b, "\n");
	for (int i = 0; i < LB_YAML_DEPTH + 1; i++)
		lb_buf_adds(&b, "[");
	assert_string_equal(load_err(lb_buf_str(&b)), "2: : nesting too deep");
	/* far deeper than the stack would like: still one clean error */
	lb_buf_clear(&b);
	for (int i = 0; i < 100000; i++)
		lb_buf_adds(&b, "{a: ");
	assert_non_null(strstr(load_err(lb_buf_str(&b)), "nesting too deep"));
	lb_buf_fini(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_tree),
		cmocka_unit_test(t_refused),
		cmocka_unit_test(t_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
