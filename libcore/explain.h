/*
 * explain.h — lb-schedule --explain (explain.c): for one child, each owed
 * window of the period with the rule's text, source and what counts, then
 * every activity of that child dated in the window, counted (+) or not (-)
 * and why; last the child's activities in no window. The schedule must have
 * been made with lb_sched_opts.explain set to the child and finished.
 * Labels and reasons are translated (_()); the identity number, and any
 * number typed into a name, school or performer, is masked unless reveal.
 * A child not on the roster (lb_sched_explain_found 0) gets no line: the
 * caller says so and fails.
 */
#ifndef LB_EXPLAIN_H
#define LB_EXPLAIN_H

#include <stdio.h>
#include "sched.h"

/* Write the explanation of child_id to fp; 0, or LB_EOUTPUT when the stream
 * reports an error. */
int lb_explain_write(FILE *fp, const struct lb_sched *s, const char *child_id, int reveal);
/* The child's windows: adds to counts[status] for each; returns how many. */
size_t lb_explain_count(const struct lb_sched *s, const char *child_id, size_t counts[4]);

#endif
