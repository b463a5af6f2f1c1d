/* Unit tests: libcore/par.c, the ordered work queue — items come back in
 * the order they were put, each worked on once, whatever order the threads
 * finish them in; LB_THREADS read as par.h says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "par.h"

struct item {
	int n, done, by;
};

static void
work(void *w, void *it)
{
	struct item *x = it;
	/* uneven work, so that later items often finish first */
	struct timespec ts = {0, (long)((x->n * 7919) % 13) * 20000};
	nanosleep(&ts, NULL);
	x->done++;
	x->by = *(int *)w;
}

static void
t_order(void **state)
{
	(void)state;
	enum { N = 600 };
	static struct item items[N];
	int ids[3] = {0, 1, 2};
	void *wp[3] = {&ids[0], &ids[1], &ids[2]};
	for (size_t depth = 1; depth <= 8; depth += 7) {
		memset(items, 0, sizeof items);
		struct lb_par *p = lb_par_new(3, depth, work, wp);
		assert_non_null(p);
		int next = 0;
		struct item *x;
		for (int i = 0; i < N; i++) {
			items[i].n = i;
			if (lb_par_pending(p) == depth) {
				x = lb_par_get(p, 1);
				assert_int_equal(x->n, next++);
			}
			lb_par_put(p, &items[i]);
			while ((x = lb_par_get(p, 0)))
				assert_int_equal(x->n, next++);
		}
		while ((x = lb_par_get(p, 1)))
			assert_int_equal(x->n, next++);
		assert_int_equal(next, N);
		assert_null(lb_par_get(p, 1));
		assert_int_equal(lb_par_pending(p), 0);
		lb_par_free(p);
		for (int i = 0; i < N; i++)
			assert_int_equal(items[i].done, 1);
	}
	lb_par_free(NULL);
}

static void
t_threads_default(void **state)
{
	(void)state;
	setenv("LB_THREADS", "3", 1);
	assert_int_equal(lb_par_threads_default(), 3);
	setenv("LB_THREADS", "0", 1);
	assert_int_equal(lb_par_threads_default(), -1);
	setenv("LB_THREADS", "2x", 1);
	assert_int_equal(lb_par_threads_default(), -1);
	setenv("LB_THREADS", "257", 1);
	assert_int_equal(lb_par_threads_default(), -1);
	unsetenv("LB_THREADS");
	assert_true(lb_par_threads_default() >= 1);
	setenv("LB_THREADS", "", 1);
	assert_true(lb_par_threads_default() >= 1);
	unsetenv("LB_THREADS");
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_order),
		cmocka_unit_test(t_threads_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
