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
#include "util.h"
#include "scratch.h"

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

/* lb_batch_read gives the records lb_reader_next gives: lines, cells, raw
 * bytes, and each note with the record it came with; across batch ends
 * (more records than a batch holds, cells empty, quoted, with line breaks,
 * a blank line and a repeated header that leave notes). */
static void
dump_rec(struct lb_buf *o, const struct lb_record *rec)
{
	lb_buf_printf(o, "%ld %zu|", rec->line, rec->n);
	for (size_t k = 0; k < rec->n; k++)
		lb_buf_printf(o, "%s|", rec->cells[k]);
	lb_buf_add(o, rec->raw ? rec->raw : "", rec->raw ? rec->rawlen : 0);
}

static void
dump_note(struct lb_buf *o, const struct lb_diag *d)
{
	lb_buf_printf(o, "note %ld %s %s\n", d->line, d->code, d->msg);
}

static void
t_batch(void **state)
{
	(void)state;
	struct lb_buf text = LB_BUF_INIT, a = LB_BUF_INIT, b = LB_BUF_INIT;
	lb_buf_adds(&text, "child_id,name,gender,birth_date,address\n");
	for (int i = 0; i < 700; i++) {
		if (i == 300)
			lb_buf_adds(&text, "\nchild_id,name,gender,birth_date,address\n");
		lb_buf_printf(&text, "1101052015030400%02d,\"张,%d\",%s,2015-03-04,\"村\n%d号\"\n",
		              i % 100, i, i % 3 ? "男" : "", i);
	}
	const char *path = scratch_file("b.csv", lb_buf_str(&text));
	for (int batched = 0; batched < 2; batched++) {
		struct lb_buf *o = batched ? &b : &a;
		struct lb_reader_opts ro = {0};
		struct lb_reader *r = NULL;
		struct lb_err e;
		ro.keep_raw = 1;
		lb_err_clear(&e);
		assert_int_equal(lb_reader_open(&r, path, &ro, &e), 0);
		lb_diags_clear(lb_reader_notes(r));
		if (!batched) {
			struct lb_record rec;
			while (lb_reader_next(r, &rec, &e) > 0) {
				dump_rec(o, &rec);
				struct lb_diags *n = lb_reader_notes(r);
				for (size_t k = 0; k < n->n; k++)
					dump_note(o, &n->v[k]);
				lb_diags_clear(n);
			}
		} else {
			struct lb_batch bt = {0};
			int rc, nb = 0;
			do {
				rc = lb_batch_read(&bt, r, &e);
				size_t n0 = 0;
				nb += bt.n > 0;
				for (size_t i = 0; i < bt.n; i++) {
					dump_rec(o, &bt.rec[i]);
					for (size_t k = n0; k < bt.notes_end[i]; k++)
						dump_note(o, &bt.notes.v[k]);
					n0 = bt.notes_end[i];
				}
			} while (rc > 0);
			assert_int_equal(rc, 0);
			assert_true(nb >= 3);
			lb_batch_fini(&bt);
		}
		lb_reader_close(r);
	}
	assert_true(strstr(lb_buf_str(&a), "note ") != NULL);
	assert_string_equal(lb_buf_str(&a), lb_buf_str(&b));
	lb_buf_fini(&text);
	lb_buf_fini(&a);
	lb_buf_fini(&b);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_order),
		cmocka_unit_test(t_threads_default),
		cmocka_unit_test(t_batch),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
