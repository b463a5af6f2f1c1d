/* par.c — the ordered work queue (par.h). */
#include <pthread.h>
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
