/*
 * window.h — window arithmetic (window.c): the windows of a rule that overlap
 * a period — ISO weeks, 14-day windows, calendar months, two-month pairs,
 * terms, school years — clipped to the term (during: term) or school year
 * (always), with the half-length rule applied. Pure functions of their
 * arguments; no state.
 */
#ifndef LB_WINDOW_H
#define LB_WINDOW_H

#include <stddef.h>
#include "rules.h"

struct lb_span {
	int start, end;          /* the window, clipped (what everything else uses) */
	int full_start, full_end;/* before clipping */
};

/*
 * The windows of a rule with this every/during that overlap [from, to],
 * given the terms (during: term; ignored for always), in date order. Clipped
 * windows with clipped * 2 < full days are dropped. *out is allocated (caller
 * frees; may be NULL when 0 is returned). Returns the count, or LB_EUSAGE for
 * an invalid every/during combination.
 */
long lb_windows(enum lb_every every, enum lb_during during,
                const struct lb_term *terms, size_t nterms,
                int from, int to, struct lb_span **out);
/* The school year (Sept 1 – Aug 31) containing day. */
void lb_school_year(int day, int *start, int *end);

#endif
