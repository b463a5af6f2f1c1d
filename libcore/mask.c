/* mask.c — masking identity and phone numbers and names (DESIGN.md 3). */
#include <string.h>

#include "mask.h"

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

void
lb_mask_text(const char *s, int reveal, struct lb_buf *out)
{
	const char *p = s;

	if (reveal) {
		lb_buf_adds(out, s);
		return;
	}
	while (*p) {
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
