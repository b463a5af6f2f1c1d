/*
 * value_phone.c — mobile and landline numbers to their canonical form
 * (see value.c, Phones).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "util.h"
#include "value.h"
#include "value_impl.h"

/* ---- phone numbers -------------------------------------------------------------- */

static const unsigned char phone_sep[256] = {
	[' '] = 1, ['-'] = 1, ['.'] = 1, ['('] = 1, [')'] = 1, ['\t'] = 1,
	['['] = 1, [']'] = 1,
};

/* The canonical form of a phone number in s (len bytes, any white space
 * trimmed) into buf (at least 24 bytes); the kind. */
static enum lb_phone_kind
phone_norm(const char *in, size_t inlen, char *out)
{
	char fb[64], dg[24], tmp[24];
	const char *p;
	size_t nd = 0, n;
	long flen;
	int plus = 0, cc = 0;

	if ((flen = lb_val_fold_to(in, inlen, fb, sizeof fb)) < 0)
		return LB_PHONE_BAD;
	for (long i = 0; i < flen; i++) {
		unsigned char c = (unsigned char)fb[i];
		if (IS_DIGIT(c)) {
			if (nd >= sizeof dg - 1)
				return LB_PHONE_BAD;
			dg[nd++] = (char)c;
		} else if (phone_sep[c])
			;
		else if (c == '+' && nd == 0 && !plus)
			plus = 1;
		else
			return LB_PHONE_BAD;
	}
	p = dg, n = nd;
	if (plus) {
		if (n < 2 || p[0] != '8' || p[1] != '6')
			return LB_PHONE_BAD;
		p += 2, n -= 2, cc = 1;
	} else if (n >= 4 && memcmp(p, "0086", 4) == 0)
		p += 4, n -= 4, cc = 1;
	else if (n == 13 && p[0] == '8' && p[1] == '6' && p[2] == '1')
		p += 2, n -= 2, cc = 1;
	if (n == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9') {
		memcpy(out, p, 11);
		out[11] = '\0';
		return LB_PHONE_MOBILE;
	}
	if (cc && n > 0 && p[0] != '0') {
		/* +86 931 8123456: the area code loses its 0 after +86 */
		tmp[0] = '0';
		memcpy(tmp + 1, p, n);
		p = tmp, n++;
	}
	if (n >= 3 && p[0] == '0' && p[1] != '0') {
		size_t alen = (p[1] == '1' && p[2] == '0') || p[1] == '2' ? 3 : 4;
		size_t rest = n - alen;
		if (n > alen && rest >= 7 && rest <= 8 && p[alen] != '0' && p[alen] != '1') {
			memcpy(out, p, alen);
			out[alen] = '-';
			memcpy(out + alen + 1, p + alen, rest);
			out[n + 1] = '\0';
			return LB_PHONE_LANDLINE;
		}
	}
	return LB_PHONE_BAD;
}

enum lb_phone_kind
lb_phone_normalize(const char *in, struct lb_buf *out)
{
	const char *s = in;
	size_t len = strlen(in);
	char buf[24];
	enum lb_phone_kind k;

	lb_trim(&s, &len);
	lb_buf_clear(out);
	k = phone_norm(s, len, buf);
	if (k != LB_PHONE_BAD)
		lb_buf_adds(out, buf);
	return k;
}

enum lb_vres
lb_val_norm_phone(const char *in, size_t inlen, const char *t, size_t tlen,
                  struct lb_buf *out, struct lb_vnote *note, int quiet)
{
	char buf[24];

	/* the common case: a mobile number as given */
	if (inlen == 11 && in[0] == '1' && in[1] >= '3' && in[1] <= '9') {
		size_t i = 2;
		while (i < 11 && IS_DIGIT(in[i]))
			i++;
		if (i == 11) {
			lb_val_note_clear(note);
			if (!quiet) {
				lb_buf_clear(out);
				lb_buf_add(out, in, 11);
			}
			return LB_V_SAME;
		}
	}
	if (phone_norm(t, tlen, buf) != LB_PHONE_BAD)
		return lb_val_fixed(in, inlen, buf, strlen(buf), out, note, "fixed", quiet);
	lb_val_note_set(note, "phone", _("'%.*s' is not a mobile number or a landline with area code"),
	         (int)tlen, t);
	return lb_val_bad(t, tlen, out);
}
