/* Unit tests: libcore/util.c — the generic containers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void
t_fmt_long(void **state)
{
	char buf[LB_FMT_LONG], want[64];
	static const long v[] = {0, 1, 9, 10, -1, -10, 12345, -987654321, LONG_MAX, LONG_MIN};
	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		snprintf(want, sizeof want, "%ld", v[i]);
		assert_int_equal(lb_fmt_long(buf, v[i]), strlen(want));
		assert_string_equal(buf, want);
	}
}

static void
t_fnv(void **state)
{
	(void)state;
	/* the published FNV-1a 64 test vectors */
	assert_true(lb_fnv(LB_FNV_INIT, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(lb_fnv(LB_FNV_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(lb_fnv(LB_FNV_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
	/* chaining hashes the concatenation */
	assert_true(lb_fnv(lb_fnv(LB_FNV_INIT, "foo", 3), "bar", 3) == 0x85944171f73967e8ULL);
}

static void
t_smap_borrowed(void **state)
{
	struct lb_smap m = LB_SMAP_INIT;
	char keys[5000][12];
	(void)state;
	assert_null(lb_smap_find(&m, "x"));
	assert_int_equal(lb_smap_get(&m, "x", -1), -1);
	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		lb_smap_put(&m, keys[i], i);
	}
	assert_int_equal(m.n, 5000);
	for (int i = 0; i < 5000; i++) {
		char k[12];
		snprintf(k, sizeof k, "k%d", i);
		assert_int_equal(lb_smap_get(&m, k, -1), i);
		/* borrowed: the map holds the caller's pointer */
		long *v = lb_smap_find(&m, k);
		assert_non_null(v);
		assert_ptr_equal(((struct lb_smap_slot *)(void *)((char *)v - offsetof(struct lb_smap_slot, val)))->key, keys[i]);
	}
	assert_int_equal(lb_smap_get(&m, "k5000", -7), -7);
	assert_int_equal(lb_smap_get(&m, "", -7), -7);
	lb_smap_put(&m, "k17", 170);     /* replaces */
	assert_int_equal(m.n, 5000);
	assert_int_equal(lb_smap_get(&m, "k17", -1), 170);
	lb_smap_fini(&m);
	assert_int_equal(m.n, 0);
	assert_null(lb_smap_find(&m, "k1"));
	lb_smap_fini(&m);   /* twice is fine */
}

static void
t_smap_copied(void **state)
{
	struct lb_smap m = LB_SMAP_COPY_INIT;
	char k[16];
	(void)state;
	for (int i = 0; i < 300; i++) {
		snprintf(k, sizeof k, "名字%d", i);
		lb_smap_put(&m, k, -i);
	}
	memset(k, 'z', sizeof k - 1);   /* the map kept copies */
	for (int i = 0; i < 300; i++) {
		snprintf(k, sizeof k, "名字%d", i);
		assert_int_equal(lb_smap_get(&m, k, 1), -i);
	}
	lb_smap_put(&m, "", 5);
	assert_int_equal(lb_smap_get(&m, "", 0), 5);
	lb_smap_fini(&m);   /* valgrind and ASan see the copies freed */
}

static void
t_arena(void **state)
{
	struct lb_arena a = LB_ARENA_INIT;
	char *big;
	(void)state;
	char *e1 = lb_arena_strdup(&a, ""), *e2 = lb_arena_strndup(&a, "abc", 0);
	assert_string_equal(e1, "");
	assert_ptr_equal(e1, e2);
	char *s = lb_arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	for (int i = 0; i < 20000; i++) {
		void **p = lb_arena_alloc(&a, 3 * sizeof *p, sizeof(void *));
		assert_int_equal((uintptr_t)p % sizeof(void *), 0);
		p[0] = p[1] = p[2] = s;
		char *q = lb_arena_alloc(&a, 1 + i % 7, 1);
		memset(q, 'x', 1 + i % 7);
	}
	big = lb_arena_alloc(&a, 200000, 8);   /* more than a block */
	memset(big, 1, 200000);
	assert_string_equal(s, "hello");
	lb_arena_fini(&a);
	assert_null(a.head);
	lb_arena_fini(&a);
}

struct rec {
	int key, seq;
};

static int
cmp_rec(const void *ctx, size_t x, size_t y)
{
	const struct rec *r = ctx;
	return (r[x].key > r[y].key) - (r[x].key < r[y].key);
}

static void
t_sort_stable(void **state)
{
	enum { N = 1000 };
	static struct rec r[N];
	static size_t idx[N];
	(void)state;
	for (size_t n = 0; n <= N; n = n ? n * 3 : 1) {
		srand(7);
		for (size_t i = 0; i < n; i++) {
			r[i].key = rand() % 13;
			r[i].seq = (int)i;
			idx[i] = i;
		}
		lb_sort_idx(idx, n, cmp_rec, r);
		for (size_t i = 1; i < n; i++) {
			assert_true(r[idx[i - 1]].key <= r[idx[i]].key);
			if (r[idx[i - 1]].key == r[idx[i]].key)   /* equal keys keep their order */
				assert_true(r[idx[i - 1]].seq < r[idx[i]].seq);
		}
	}
	lb_sort_idx(NULL, 0, cmp_rec, r);
}

/* one file per teacher: names Windows accepts, Chinese kept as it is */
static void
t_file_name_safe(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"周老师", "周老师"},
		{"王/老师", "王_老师"},
		{"a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i"},
		{"tab\there", "tab_here"},
		{"", "_"},
		{".", "_"},
		{"..", "__"},
		{".hidden", "_hidden"},
		{"trail. ", "trail__"},
		{"CON", "_CON"},
		{"con.txt", "_con.txt"},
		{"COM1", "_COM1"},
		{"COM0", "COM0"},
		{"CONSOLE", "CONSOLE"},
		{"(未指定)", "(未指定)"},
		{"%E5%91%A8", "%E5%91%A8"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *t = lb_file_name_safe(cases[i][0]);
		assert_string_equal(t, cases[i][1]);
		free(t);
	}
	/* a long name is cut at a character boundary */
	struct lb_buf b = LB_BUF_INIT;
	for (int i = 0; i < 100; i++)
		lb_buf_adds(&b, "周");
	char *t = lb_file_name_safe(lb_buf_str(&b));
	assert_int_equal(strlen(t), 198);
	free(t);
	lb_buf_fini(&b);
}

/* lb_ktab: keys compared whole (12 bytes whose first 8 are equal are two
 * keys), found again after growing and after lb_ktab_reserve. */
static void
t_ktab(void **state)
{
	(void)state;
	struct key { uint64_t a; uint32_t b; uint32_t val; };
	struct lb_ktab t;
	lb_ktab_init(&t, sizeof(struct key), 12);
	assert_null(lb_ktab_get(&t, &(struct key){1, 0, 0}));
	for (uint32_t i = 0; i < 50000; i++)
		for (uint32_t b = 0; b < 2; b++) {
			struct key k = {i / 7 + 1, b, 0};
			if (i % 7)
				continue;
			struct key *e = lb_ktab_put(&t, &k);
			assert_int_equal(e->a, k.a);
			assert_int_equal(e->val, 0);
			e->val = i * 2 + b + 1;
			if (i == 7000)
				lb_ktab_reserve(&t, 30000);
		}
	assert_int_equal(t.n, 2 * ((50000 + 6) / 7));
	assert_true(t.n * 8 <= t.cap * 7);
	for (uint32_t i = 0; i < 50000; i += 7)
		for (uint32_t b = 0; b < 3; b++) {
			struct key k = {i / 7 + 1, b, 0};
			struct key *e = lb_ktab_get(&t, &k);
			if (b == 2)
				assert_null(e);
			else
				assert_int_equal(e->val, i * 2 + b + 1);
		}
	lb_ktab_fini(&t);
	assert_null(lb_ktab_get(&t, &(struct key){1, 0, 0}));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_fmt_long),
		cmocka_unit_test(t_fnv),
		cmocka_unit_test(t_smap_borrowed),
		cmocka_unit_test(t_smap_copied),
		cmocka_unit_test(t_ktab),
		cmocka_unit_test(t_arena),
		cmocka_unit_test(t_sort_stable),
		cmocka_unit_test(t_file_name_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
