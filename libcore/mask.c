/* mask.c — masking identity and phone numbers and names (mask.h; lb(7),
 * Personal data). */
#include <string.h>

#include "mask.h"
#include "value.h"

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid). */
static size_t
u8len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8) return 4;
	if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0) return 2;
	return 1;
}

/* Number of code points. */
static size_t
u8count(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; n++) {
		size_t l = u8len((unsigned char)*p);
		for (size_t i = 0; i < l && *p; i++)
			p++;
	}
	return n;
}

/* Keep the first keep_a and last keep_b code points of s, '*' for the rest. */
static void
keep_ends(const char *s, size_t keep_a, size_t keep_b, struct lb_buf *out)
{
	size_t n = u8count(s), i = 0;
	const char *p = s;

	if (keep_a + keep_b >= n) {   /* too short to show anything safely */
		keep_a = 0;
		keep_b = 0;
	}
	while (*p) {
		size_t l = u8len((unsigned char)*p);
		if (strnlen(p, l) < l)
			l = strnlen(p, l);
		if (i < keep_a || i >= n - keep_b)
			lb_buf_add(out, p, l);
		else
			lb_buf_addc(out, '*');
		p += l;
		i++;
	}
}

void
lb_mask_id(const char *s, struct lb_buf *out)
{
	size_t n = u8count(s);
	if (n == 0)
		return;
	if (n == 18)
		keep_ends(s, 6, 4, out);
	else if (n < 6)
		keep_ends(s, 0, 0, out);
	else
		keep_ends(s, 3, 2, out);
}

void
lb_mask_phone(const char *s, struct lb_buf *out)
{
	size_t n = strlen(s);
	const char *dash = strchr(s, '-');

	if (n == 0)
		return;
	if (n == 11 && s[0] == '1' && strspn(s, "0123456789") == 11) {
		keep_ends(s, 3, 4, out);
	} else if (s[0] == '0' && dash && dash - s >= 3 && dash - s <= 4) {
		lb_buf_add(out, s, (size_t)(dash - s) + 1);
		keep_ends(dash + 1, 0, 2, out);
	} else {
		lb_mask_id(s, out);
	}
}

void
lb_mask_name(const char *s, struct lb_buf *out)
{
	size_t n = u8count(s);
	if (n == 0)
		return;
	if (n == 1) {
		lb_buf_adds(out, s);
		return;
	}
	keep_ends(s, 1, 0, out);
}

void
lb_mask_value(const struct lb_field *f, const char *s, int reveal, struct lb_buf *out)
{
	if (reveal || !f) {
		lb_buf_adds(out, s);
		return;
	}
	switch (f->type) {
	case LB_T_IDCARD: lb_mask_id(s, out); break;
	case LB_T_PHONE: lb_mask_phone(s, out); break;
	default: lb_buf_adds(out, s); break;
	}
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* A number written with separators, as people type them and as messages
 * quote the value they complain about: "+86 138-1234-5678", "0931 8123456",
 * "622901 20100214 0029". At p (a digit, or '+' before one): digit groups
 * joined by single spaces or dashes. When the groups hold 9 or more digits
 * and make a mobile, a landline, or 15 or 18 characters of an identity
 * number, append the span with those digits masked as the number would be
 * (separators and a +86 prefix kept) and return its length; else 0. */
static size_t
mask_separated(const char *p, struct lb_buf *out)
{
	const char *q = p + (*p == '+');
	char digits[64], tmp[64];
	size_t nd = 0, nsep = *p == '+';

	for (;;) {
		while (isdig((unsigned char)*q) && nd < sizeof digits - 1)
			digits[nd++] = *q++;
		if (nd == sizeof digits - 1 || isdig((unsigned char)*q))
			return 0;
		if ((*q == ' ' || *q == '-') && isdig((unsigned char)q[1])) {
			q++;
			nsep++;
			continue;
		}
		break;
	}
	if (nd && (*q == 'X' || *q == 'x') && (nd == 17 || nd == 14) && !isdig((unsigned char)q[1]))
		digits[nd++] = *q++;     /* the check character of an identity number */
	digits[nd] = '\0';
	size_t len = (size_t)(q - p);
	if (nsep == 0 || nd < 9 || len >= sizeof tmp)
		return 0;

	struct lb_buf norm = LB_BUF_INIT, m = LB_BUF_INIT;
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	if (lb_phone_normalize(tmp, &norm) != LB_PHONE_BAD)
		lb_mask_phone(lb_buf_str(&norm), &m);
	else if (nd == 18 || nd == 15)
		lb_mask_id(digits, &m);
	lb_buf_fini(&norm);
	if (m.len == 0) {
		lb_buf_fini(&m);
		return 0;
	}
	/* The masked number's characters (its '-' left out) replace the span's
	 * last digits, from the end: a prefix such as 86 stays as typed. */
	const char *ms = lb_buf_str(&m);
	size_t k = m.len;
	for (size_t i = len; i-- > 0;) {
		if (isdig((unsigned char)tmp[i]) || tmp[i] == 'X' || tmp[i] == 'x') {
			while (k > 0 && ms[k - 1] == '-')
				k--;
			if (k > 0)
				tmp[i] = ms[--k];
		}
	}
	lb_buf_fini(&m);
	lb_buf_add(out, tmp, len);
	return len;
}

void
lb_mask_text(const char *s, int reveal, struct lb_buf *out)
{
	const char *p = s;

	if (reveal) {
		lb_buf_adds(out, s);
		return;
	}
	while (*p) {
		/* a run of what is no digit and no '+' is copied as it is */
		const char *q = p;
		while (*q && !isdig((unsigned char)*q) && *q != '+')
			q++;
		if (q > p) {
			lb_buf_add(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		/* at the start of a number, not inside a group of one
		 * ("2025-09-01 2026-01-16" is no phone from its "09") */
		if ((p == s || (!isdig((unsigned char)p[-1]) &&
		     !((p[-1] == '-' || p[-1] == ' ') && p - s >= 2 && isdig((unsigned char)p[-2])))) &&
		    (isdig((unsigned char)*p) || (*p == '+' && isdig((unsigned char)p[1])))) {
			size_t n = mask_separated(p, out);
			if (n) {
				p += n;
				continue;
			}
		}
		if (!isdig((unsigned char)*p) || (p > s && isdig((unsigned char)p[-1]))) {
			lb_buf_addc(out, *p++);
			continue;
		}
		size_t n = strspn(p, "0123456789");
		size_t run = n;
		if (n == 17 && (p[17] == 'X' || p[17] == 'x'))
			run = 18;
		/* A landline's number after its area code: 0931-8123456. */
		int after_area = p - s >= 4 && p[-1] == '-' && isdig((unsigned char)p[-2]);
		char tmp[64];
		if (run >= 9 || (after_area && run >= 7)) {
			if (run >= sizeof tmp) {
				for (size_t i = 0; i < run; i++)
					lb_buf_addc(out, '*');
			} else {
				memcpy(tmp, p, run);
				tmp[run] = '\0';
				if (after_area)
					keep_ends(tmp, 0, 2, out);
				else if (run == 11 && tmp[0] == '1')
					keep_ends(tmp, 3, 4, out);
				else
					lb_mask_id(tmp, out);
			}
		} else {
			lb_buf_add(out, p, run);
		}
		p += run;
	}
}
