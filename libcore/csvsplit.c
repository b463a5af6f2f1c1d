/*
 * csvsplit.c — unquoting a quoted CSV cell: see csvsplit.h.
 *
 * libcsv's states inside a quoted field, without space characters: a quote
 * moves to "might have ended"; there, another quote is one quote in the
 * cell (and back inside), a delimiter or a line end ends the field (the
 * quote dropped), anything else is kept after the quote (and back inside).
 * The scanner has already found where the field ends, so only the quotes
 * inside need looking at: memchr skips to each.
 */
#include <string.h>

#include "csvsplit.h"

int lb_csv_reference;

size_t
lb_csv_unquote(char *s, size_t n)
{
	size_t r = 0, j = 1;

	while (j < n) {
		const char *q = memchr(s + j, '"', n - j);
		size_t m = q ? (size_t)(q - (s + j)) : n - j;
		if (r != j)
			memmove(s + r, s + j, m);
		r += m;
		j += m;
		if (j + 1 >= n)
			break;          /* the closing quote, or none */
		/* s[j] is a quote inside the field */
		j += s[j + 1] == '"' ? 2 : 1;
		s[r++] = '"';
	}
	return r;
}
