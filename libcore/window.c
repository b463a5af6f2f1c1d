/*
 * window.c — the windows of a rule (lb-rules(5), Windows): ISO weeks, 14-day
 * windows, calendar months, two-month pairs, terms and school years, clipped
 * to the term or school year, with the half-length rule.
 */
#include <stdlib.h>

#include "date.h"
#include "window.h"
#include "util.h"

void
lb_school_year(int day, int *start, int *end)
{
	int y, m, d;
	lb_date_to_ymd(day, &y, &m, &d);
	if (m < 9)
		y--;
	*start = lb_date_from_ymd(y, 9, 1);
	*end = lb_date_from_ymd(y + 1, 8, 31);
}

struct spans {
	struct lb_span *v;
	size_t n, cap;
};

/* Clip [fs, fe] to [cs, ce]; keep it when it overlaps [from, to] and is at
 * least half its full length. */
static void
add(struct spans *sp, int fs, int fe, int cs, int ce, int from, int to)
{
	int s = fs > cs ? fs : cs, e = fe < ce ? fe : ce;
	if (s > e)
		return;
	long full = (long)fe - fs + 1, clipped = (long)e - s + 1;
	if (clipped * 2 < full)
		return;
	if (e < from || s > to)
		return;
	sp->v = lb_xgrow(sp->v, &sp->cap, sp->n + 1, sizeof *sp->v);
	sp->v[sp->n++] = (struct lb_span){s, e, fs, fe};
}

/* First day of the month m months after (y, mo). */
static int
month_start(int y, int mo, int m)
{
	int k = (y * 12 + (mo - 1)) + m;
	return lb_date_from_ymd(k / 12, k % 12 + 1, 1);
}

/* The windows inside one container [cs, ce] (a term or a school year). */
static void
container(struct spans *sp, enum lb_every every, int cs, int ce, int from, int to)
{
	int y, m, d;
	lb_date_to_ymd(cs, &y, &m, &d);
	switch (every) {
	case LB_EVERY_WEEK:
	case LB_EVERY_2WEEKS: {
		int len = every == LB_EVERY_WEEK ? 7 : 14;
		for (int s = lb_date_monday(cs); s <= ce; s += len)
			add(sp, s, s + len - 1, cs, ce, from, to);
		break;
	}
	case LB_EVERY_MONTH:
	case LB_EVERY_2MONTHS: {
		int step = every == LB_EVERY_MONTH ? 1 : 2;
		for (int k = 0;; k += step) {
			int s = month_start(y, m, k);
			if (s > ce)
				break;
			int e = month_start(y, m, k + step) - 1;
			add(sp, s, e, cs, ce, from, to);
		}
		break;
	}
	case LB_EVERY_SEMESTER:
	case LB_EVERY_YEAR:
		add(sp, cs, ce, cs, ce, from, to);
		break;
	}
}

long
lb_windows(enum lb_every every, enum lb_during during, const struct lb_term *terms,
           size_t nterms, int from, int to, struct lb_span **out)
{
	struct spans sp = {0};
	*out = NULL;
	if ((every == LB_EVERY_SEMESTER && during != LB_DURING_TERM) ||
	    (every == LB_EVERY_YEAR && during != LB_DURING_ALWAYS))
		return LB_EUSAGE;
	if (from > to)
		return 0;
	if (during == LB_DURING_TERM) {
		for (size_t i = 0; i < nterms; i++)
			if (terms[i].end >= from && terms[i].start <= to)
				container(&sp, every, terms[i].start, terms[i].end, from, to);
	} else {
		int ys, ye;
		lb_school_year(from, &ys, &ye);
		while (ys <= to) {
			/* 2months under always: pairs from September, which is where
			 * the container starts, so container() does it. */
			container(&sp, every, ys, ye, from, to);
			ys = ye + 1;
			lb_school_year(ys, &ys, &ye);
		}
	}
	*out = sp.v;
	return (long)sp.n;
}
