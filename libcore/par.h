/*
 * par.h — an ordered work queue: items (batches of records) handed to a pool
 * of threads and handed back in the order they were put, so that a caller
 * can do the work that must stay in input order (checks across records,
 * printing) on one thread while the pool does the rest.
 *
 * Use (one thread puts and gets; fn runs in the pool's threads):
 *   p = lb_par_new(n, depth, fn, workers);   NULL: no thread could start
 *   for each item:
 *       if (lb_par_pending(p) == depth) done = lb_par_get(p, 1), …
 *       lb_par_put(p, item);
 *       while ((done = lb_par_get(p, 0))) …   the finished ones, in order
 *   while ((done = lb_par_get(p, 1))) …
 *   lb_par_free(p);
 * fn(workers[i], item) runs on thread i; each item is given to one thread
 * once. The queue neither owns nor frees items. Nothing is printed; a thread
 * that cannot be created makes lb_par_new return NULL (the caller then does
 * the work itself).
 */
#ifndef LB_PAR_H
#define LB_PAR_H

#include <stddef.h>
#include "diag.h"
#include "reader.h"
#include "util.h"

typedef void (*lb_par_fn)(void *worker, void *item);

struct lb_par;

/* nthreads (>= 1) threads, at most depth (>= 1) items pending at once;
 * workers: nthreads per-thread contexts (NULL: each gets NULL). */
struct lb_par *lb_par_new(size_t nthreads, size_t depth, lb_par_fn fn, void *const *workers);
/* Queue item. The caller must first make room (lb_par_pending < depth). */
void lb_par_put(struct lb_par *p, void *item);
/* The oldest item put and not yet got, once fn has finished it; NULL when
 * none is pending or, with wait 0, the oldest is not finished yet. */
void *lb_par_get(struct lb_par *p, int wait);
/* Items put and not yet got. */
size_t lb_par_pending(const struct lb_par *p);
/* Waits for the items being worked on, stops the threads, frees p (items
 * pending are not got). NULL is fine. */
void lb_par_free(struct lb_par *p);

/* A batch of records copied out of a reader (whose records last only until
 * its next call), for a pool to work on while the reader goes on. */
#define LB_BATCH_RECORDS 256
#define LB_BATCH_BYTES (256u << 10)
struct lb_batch {
	size_t n;                  /* records */
	struct lb_record *rec;     /* their cells and raw bytes live in the batch */
	struct lb_diags notes;     /* the notes the reader left with them, in order */
	size_t *notes_end;         /* record i came with notes[.. notes_end[i] - 1] */
	/* private */
	size_t cap, ncells, capcells, *cell0, *rawoff;
	char **cells;
	struct lb_buf text;
};
/* Empty b, then read records into it until LB_BATCH_RECORDS records or
 * LB_BATCH_BYTES bytes of text. Returns what lb_reader_next last returned
 * (1: there may be more, 0: the end, negative: err filled); b->n records
 * were read either way. The notes of a call that returned no record stay
 * with the reader. */
int lb_batch_read(struct lb_batch *b, struct lb_reader *r, struct lb_err *err);
void lb_batch_fini(struct lb_batch *b);   /* a zeroed batch is empty */

/* The number of threads to use: the environment variable LB_THREADS when
 * it is a number from 1 to 256, else the processors online (1 when unknown).
 * Returns -1 when LB_THREADS is set but is not such a number. */
int lb_par_threads_default(void);

#endif
