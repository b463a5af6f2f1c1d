/* par.c — the ordered work queue (par.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "par.h"
#include "util.h"

struct lb_par {
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_done;
	pthread_t *thr;
	size_t nthr;
	void **workerv;          /* copy of workers */
	lb_par_fn fn;
	size_t depth;
	void **item;             /* ring of depth slots */
	unsigned char *done;
	size_t head, take, tail; /* counters: oldest pending, next to work on, next free */
	int stop;
};

struct arg {
	struct lb_par *p;
	size_t i;
};

static void *
run(void *a_)
{
	struct arg *a = a_;
	struct lb_par *p = a->p;
	void *w = p->workerv ? p->workerv[a->i] : NULL;

	free(a);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->take == p->tail)
			pthread_cond_wait(&p->cv_work, &p->mu);
		if (p->take == p->tail)   /* stopping, nothing left */
			break;
		size_t k = p->take++ % p->depth;
		void *item = p->item[k];
		pthread_mutex_unlock(&p->mu);
		p->fn(w, item);
		pthread_mutex_lock(&p->mu);
		p->done[k] = 1;
		pthread_cond_broadcast(&p->cv_done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct lb_par *
lb_par_new(size_t nthreads, size_t depth, lb_par_fn fn, void *const *workers)
{
	struct lb_par *p = lb_xcalloc(1, sizeof *p);

	if (!nthreads)
		nthreads = 1;
	if (!depth)
		depth = 1;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_work, NULL);
	pthread_cond_init(&p->cv_done, NULL);
	p->fn = fn;
	p->depth = depth;
	p->item = lb_xcalloc(depth, sizeof *p->item);
	p->done = lb_xcalloc(depth, 1);
	if (workers) {
		p->workerv = lb_xcalloc(nthreads, sizeof *p->workerv);
		memcpy(p->workerv, workers, nthreads * sizeof *p->workerv);
	}
	p->thr = lb_xcalloc(nthreads, sizeof *p->thr);
	for (size_t i = 0; i < nthreads; i++) {
		struct arg *a = lb_xmalloc(sizeof *a);
		a->p = p;
		a->i = i;
		if (pthread_create(&p->thr[i], NULL, run, a) != 0) {
			free(a);
			lb_par_free(p);
			return NULL;
		}
		p->nthr++;
	}
	return p;
}

void
lb_par_put(struct lb_par *p, void *item)
{
	pthread_mutex_lock(&p->mu);
	size_t k = p->tail % p->depth;
	p->item[k] = item;
	p->done[k] = 0;
	p->tail++;
	pthread_cond_signal(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
}

void *
lb_par_get(struct lb_par *p, int wait)
{
	void *item = NULL;

	pthread_mutex_lock(&p->mu);
	if (p->head != p->tail) {
		size_t k = p->head % p->depth;
		while (wait && !p->done[k])
			pthread_cond_wait(&p->cv_done, &p->mu);
		if (p->done[k]) {
			item = p->item[k];
			p->done[k] = 0;
			p->head++;
		}
	}
	pthread_mutex_unlock(&p->mu);
	return item;
}

size_t
lb_par_pending(const struct lb_par *p)
{
	/* only the putting thread changes tail and head */
	return p->tail - p->head;
}

void
lb_par_free(struct lb_par *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	p->take = p->tail;        /* items not started are dropped */
	pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < p->nthr; i++)
		pthread_join(p->thr[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv_work);
	pthread_cond_destroy(&p->cv_done);
	free(p->thr);
	free(p->workerv);
	free(p->item);
	free(p->done);
	free(p);
}

/* ---- batches of records ---- */

static void
batch_add(struct lb_batch *b, const struct lb_record *rec, struct lb_diags *notes)
{
	size_t i = b->n;

	if (i + 1 > b->cap) {
		size_t cap = b->cap, c;
		c = cap; b->rec = lb_xgrow(b->rec, &c, i + 1, sizeof *b->rec);
		c = cap; b->cell0 = lb_xgrow(b->cell0, &c, i + 1, sizeof *b->cell0);
		c = cap; b->rawoff = lb_xgrow(b->rawoff, &c, i + 1, sizeof *b->rawoff);
		c = cap; b->notes_end = lb_xgrow(b->notes_end, &c, i + 1, sizeof *b->notes_end);
		b->cap = c;
	}
	b->rec[i] = *rec;
	b->cell0[i] = b->ncells;
	b->cells = lb_xgrow(b->cells, &b->capcells, b->ncells + rec->n, sizeof *b->cells);
	/* the cells' lengths first, then one reservation for the record */
	size_t total = rec->raw ? rec->rawlen : 0;
	for (size_t k = 0; k < rec->n; k++) {
		size_t len = rec->cells[k] ? strlen(rec->cells[k]) + 1 : 1;
		b->cells[b->ncells + k] = (char *)(uintptr_t)len;
		total += len;
	}
	lb_buf_reserve(&b->text, total);
	char *t = b->text.s;
	size_t at = b->text.len;
	for (size_t k = 0; k < rec->n; k++) {
		size_t len = (uintptr_t)b->cells[b->ncells + k];
		if (len > 1)
			memcpy(t + at, rec->cells[k], len);
		else
			t[at] = '\0';
		b->cells[b->ncells + k] = (char *)(uintptr_t)at;   /* an offset till sealed */
		at += len;
	}
	b->ncells += rec->n;
	b->rawoff[i] = at;
	if (rec->raw) {
		memcpy(t + at, rec->raw, rec->rawlen);
		at += rec->rawlen;
	} else {
		b->rec[i].rawlen = 0;
	}
	b->text.len = at;
	for (size_t k = 0; k < notes->n; k++) {
		b->notes.v = lb_xgrow(b->notes.v, &b->notes.cap, b->notes.n + 1, sizeof *b->notes.v);
		b->notes.v[b->notes.n++] = notes->v[k];
	}
	lb_diags_clear(notes);
	b->notes_end[i] = b->notes.n;
	b->n++;
}

int
lb_batch_read(struct lb_batch *b, struct lb_reader *r, struct lb_err *err)
{
	struct lb_record rec;
	int rc = 1;

	b->n = b->ncells = 0;
	lb_buf_clear(&b->text);
	lb_diags_clear(&b->notes);
	while (b->n < LB_BATCH_RECORDS && b->text.len < LB_BATCH_BYTES &&
	       (rc = lb_reader_next(r, &rec, err)) > 0)
		batch_add(b, &rec, lb_reader_notes(r));
	/* the text is complete: offsets become pointers */
	for (size_t k = 0; k < b->ncells; k++)
		b->cells[k] = b->text.s + (uintptr_t)b->cells[k];
	for (size_t i = 0; i < b->n; i++) {
		b->rec[i].cells = b->cells ? b->cells + b->cell0[i] : NULL;
		b->rec[i].raw = b->rec[i].rawlen ? b->text.s + b->rawoff[i] : NULL;
	}
	return rc;
}

void
lb_batch_fini(struct lb_batch *b)
{
	free(b->rec);
	free(b->cell0);
	free(b->rawoff);
	free(b->notes_end);
	free(b->cells);
	lb_buf_fini(&b->text);
	lb_diags_fini(&b->notes);
	memset(b, 0, sizeof *b);
}

int
lb_par_threads_default(void)
{
	const char *e = getenv("LB_THREADS");

	if (e && *e) {
		char *end;
		long n = strtol(e, &end, 10);
		if (*end || n < 1 || n > 256)
			return -1;
		return (int)n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}
