/*
 * census.h — the left-behind children a survey found, per school (census.c):
 * the denominator of archive coverage (建档率, lb-report(1) --census).
 *
 * The file is CSV in UTF-8 (a BOM and CRLF line ends are accepted): a header
 * row naming the columns school (学校) and count (人数, 留守儿童数), in any
 * order, then one row per school: the school's name as the roster writes it
 * and a whole number from 0 to 10000000. Other columns are ignored. A school
 * named twice, a count that is not a whole number, a missing column, a quote
 * left open or a line longer than 64 KiB is an error (LB_EPARSE, naming the
 * file, line and field); an unreadable file is LB_EIO.
 *
 *     struct lb_census *c;
 *     if (lb_census_load(&c, "census.csv", &err) < 0) ...
 *     long n = lb_census_count(c, "青山小学");    (-1: not in the census)
 *     lb_census_free(c);
 */
#ifndef LB_CENSUS_H
#define LB_CENSUS_H

#include <stddef.h>
#include "err.h"

struct lb_census_row {
	char *school;
	long count;
};

struct lb_census {
	struct lb_census_row *v;    /* in file order */
	size_t n;
	long total;                 /* the sum of the counts */
};

int lb_census_load(struct lb_census **out, const char *path, struct lb_err *err);
/* The count of school, or -1 when the census does not name it. */
long lb_census_count(const struct lb_census *c, const char *school);
void lb_census_free(struct lb_census *c);

#endif
