/*
 * reader_ahead.c — CSV records read ahead in a second thread (see
 * reader.c, ahead).
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"

/* ---- ahead: reading in a second thread --------------------------------
 * After the header, a CSV reader starts a producer thread that owns the
 * decode, scan and parse state (and the FILE): it fills batches of rows in
 * turn, AHEAD_BATCHES of them at most ahead of the consumer, and ends at the
 * end of input or the first error, which travels in the batch after the
 * rows before it. The consumer (lb_reader_next) takes the rows in order and
 * gives a batch back when it moves past its last row, so the record it
 * returned last stays valid until the next call. The records, their lines,
 * the notes and the errors are exactly those of reading in one thread. */

static void *
ahead_main(void *arg)
{
	struct lb_reader *r = arg;

	for (;;) {
		struct batch *b;
		size_t bytes = 0;

		pthread_mutex_lock(&r->mu);
		while (!r->stop && r->filled - r->consumed >= AHEAD_BATCHES)
			pthread_cond_wait(&r->cv_free, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		b = &r->batches[r->filled % AHEAD_BATCHES];
		pthread_mutex_unlock(&r->mu);

		b->n = 0;
		b->rc = 1;
		lb_err_clear(&b->err);
		while (b->n < AHEAD_ROWS && bytes < AHEAD_BYTES) {
			struct row *w = &b->rows[b->n];
			int rc;
			/* a slot does not keep a big record's buffers: 1024 slots of
			 * a hostile file's 8 MB records would be gigabytes */
			if (w->data.cap > AHEAD_KEEP)
				lb_buf_fini(&w->data);
			if (w->raw.cap > AHEAD_KEEP)
				lb_buf_fini(&w->raw);
			rc = lb_rd_read_row(r, w, r->o.keep_raw, &b->err);
			if (rc <= 0) {
				b->rc = rc;
				break;
			}
			bytes += w->data.len + w->raw.len;
			b->n++;
		}
		b->bytes = r->nbytes;

		pthread_mutex_lock(&r->mu);
		r->filled++;
		pthread_cond_signal(&r->cv_full);
		pthread_mutex_unlock(&r->mu);
		if (b->rc <= 0)
			return NULL;
	}
}

/* Start the producer; on failure reading simply stays in this thread. */
void
lb_rd_ahead_start(struct lb_reader *r)
{
	r->batches = lb_xcalloc(AHEAD_BATCHES, sizeof *r->batches);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv_full, NULL);
	pthread_cond_init(&r->cv_free, NULL);
	r->cbytes = r->nbytes;
	if (pthread_create(&r->thr, NULL, ahead_main, r) != 0) {
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv_full);
		pthread_cond_destroy(&r->cv_free);
		free(r->batches);
		r->batches = NULL;
		return;
	}
	r->ahead = 1;
}

void
lb_rd_ahead_stop(struct lb_reader *r)
{
	if (!r->ahead)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_broadcast(&r->cv_free);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thr, NULL);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv_full);
	pthread_cond_destroy(&r->cv_free);
	for (size_t i = 0; i < AHEAD_BATCHES; i++)
		for (size_t k = 0; k < AHEAD_ROWS; k++)
			lb_rd_row_fini(&r->batches[i].rows[k]);
	free(r->batches);
	r->batches = NULL;
	r->ahead = 0;
}

/* The next row from the producer: 1 (*wp set), 0 end, negative error. */
int
lb_rd_ahead_next(struct lb_reader *r, struct row **wp, struct lb_err *err)
{
	for (;;) {
		struct batch *b = r->cb;
		if (b && r->cbi < b->n) {
			*wp = &b->rows[r->cbi++];
			return 1;
		}
		if (b && b->rc <= 0) {
			if (b->rc < 0 && err)
				*err = b->err;
			return b->rc;
		}
		pthread_mutex_lock(&r->mu);
		if (b) {
			r->consumed++;
			pthread_cond_signal(&r->cv_free);
		}
		while (r->filled == r->consumed)
			pthread_cond_wait(&r->cv_full, &r->mu);
		r->cb = &r->batches[r->consumed % AHEAD_BATCHES];
		pthread_mutex_unlock(&r->mu);
		r->cbi = 0;
		r->cbytes = r->cb->bytes;
	}
}

const char *
lb_reader_peek(const struct lb_reader *r, size_t k, size_t col)
{
	const struct batch *b = r->cb;
	if (!r->ahead || !b || !r->cbi || r->cbi - 1 + k >= b->n)
		return NULL;
	const struct row *w = &b->rows[r->cbi - 1 + k];
	return col < w->n ? w->data.s + w->off[col] : NULL;
}
