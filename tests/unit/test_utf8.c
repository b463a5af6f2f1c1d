/* Unit tests: libcore/utf8.c, the reader's UTF-8 check, against the
 * byte-wise check the reader used before it (copied below unchanged) on
 * adversarial and random inputs: every result (length and "cut sequence")
 * must be the same, with the fast path and without it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* The reader's utf8_prefix before utf8.c (libcore/reader.c at eb5c9e1),
 * without its SSE2 shortcut for ASCII. */
static size_t
ref_prefix(const unsigned char *s, size_t len, int *incomplete)
{
	size_t i = 0;

	*incomplete = 0;
	while (i < len) {
		unsigned c;
		size_t n, k;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4;
		else
			return i;
		for (k = 1; k < n; k++) {
			unsigned d;
			if (i + k >= len) {
				*incomplete = 1;
				return i;
			}
			d = s[i + k];
			if ((d & 0xC0) != 0x80)
				return i;
			if (k == 1 && ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) ||
			               (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)))
				return i;
		}
		i += n;
	}
	return i;
}

static unsigned long checked;

/* Compare on s[0..len) and on every shorter length down to len - 20 (a
 * chunk that ends anywhere near the interesting bytes). */
static void
same(const unsigned char *s, size_t len)
{
	size_t lo = len > 20 ? len - 20 : 0;
	for (size_t n = len + 1; n-- > lo;) {
		int ri, fi, si;
		size_t r = ref_prefix(s, n, &ri);
		size_t f = lb_utf8_prefix(s, n, &fi);
		size_t sc = lb_utf8_prefix_scalar(s, n, &si);
		if (r != f || ri != fi || r != sc || ri != si) {
			char hex[3 * 128 + 1] = "";
			for (size_t k = 0; k < n && k < 128; k++)
				snprintf(hex + 3 * k, 4, "%02x ", s[k]);
			fail_msg("len %zu: reference %zu/%d, lb_utf8_prefix %zu/%d, scalar %zu/%d: %s",
			         n, r, ri, f, fi, sc, si, hex);
		}
		checked++;
	}
}

/* ---- inputs ---- */

static uint64_t rs = 0x243f6a8885a308d3ull;

static uint64_t
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static const char *const good[] = {
	"a", ",", "\n", "\r\n", "\"", "1", "王", "小明", "，", "近视", "患有高血压", "哮喘",
	"é", "ß", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
	"\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
	"\xf3\xbf\xbf\xbf", "临夏县北塬镇大庄村3社12号, 随外婆居住",
};

static const char *const bad[] = {
	"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xc2", "\xc2\x41", "\xe0\x80\x80",
	"\xe0\x9f\xbf", "\xe4\xb8", "\xe4\x41\x80", "\xe4\xb8\x41", "\xed\xa0\x80",
	"\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80",
	"\xf4\xbf\xbf\xbf", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80",
	"\xfe", "\xff", "\xf0\x90\x80", "\xf0\x90", "\xf0", "\xe4\xb8\xad\x80",
	"\xd6\xd0\xb9\xfa",	/* 中国 in GB18030 */
	"\xe4\xb8\xad\xe4", "\xc2\xc2\x80",
};

static size_t
put(unsigned char *b, size_t at, const char *s)
{
	size_t n = strlen(s);
	memcpy(b + at, s, n);
	return at + n;
}

/* Valid text: mostly CJK with commas, or ASCII. */
static size_t
filler(unsigned char *b, size_t at, size_t upto)
{
	while (at < upto) {
		const char *g = good[rnd() % (sizeof good / sizeof good[0])];
		if (at + strlen(g) > upto)
			g = "a";
		at = put(b, at, g);
	}
	return at;
}

/* Each bad sequence at every offset 0..70 of valid text, every length. */
static void
t_bad_everywhere(void **state)
{
	unsigned char b[256];
	(void)state;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		for (size_t off = 0; off < 70; off++)
			for (int ctx = 0; ctx < 4; ctx++) {
				size_t n = 0;
				if (ctx == 0)
					while (n < off)
						b[n++] = 'x';
				else
					n = filler(b, 0, off);
				n = put(b, n, bad[k]);
				if (ctx == 3)	/* then a whole block of ASCII */
					n = put(b, n, "2015-03-04,2025-09-01,2025-11-15,\r\n");
				else
					n = ctx == 2 ? filler(b, n, n + 40) : put(b, n, "马小明,2015-03-04,近视\n");
				same(b, n);
			}
}

/* Valid sequences straddling 16-byte block ends, cut at every length. */
static void
t_good_everywhere(void **state)
{
	unsigned char b[256];
	(void)state;
	for (size_t k = 0; k < sizeof good / sizeof good[0]; k++)
		for (size_t off = 0; off < 70; off++) {
			size_t n = off;
			memset(b, 'y', off);
			n = put(b, n, good[k]);
			n = put(b, n, good[k]);
			n = filler(b, n, n + 30);
			same(b, n);
		}
}

/* Every byte 80..FF with every second byte and a set of third (and, after
 * F0..FF, fourth) bytes, across the first block end. */
static void
t_pairs_exhaustive(void **state)
{
	static const unsigned char tail[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
		0xbf, 0xc0, 0xc2, 0xe0, 0xe4, 0xf0, 0xf4, 0xff};
	unsigned char b[64];
	(void)state;
	for (unsigned lead = 0x80; lead <= 0xff; lead++)
		for (unsigned b1 = 0; b1 <= 0xff; b1++)
			for (size_t t2 = 0; t2 < sizeof tail; t2++)
				for (size_t t3 = lead >= 0xf0 ? 0 : 3; t3 < (lead >= 0xf0 ? sizeof tail : 4); t3++)
					for (size_t off = 13; off <= 16; off += 2) {
						memset(b, 'a', off);
						b[off] = (unsigned char)lead;
						b[off + 1] = (unsigned char)b1;
						b[off + 2] = tail[t2];
						b[off + 3] = tail[t3];
						memcpy(b + off + 4, "中国甘肃临夏abcdefghijklmnopq", 34);
						int ri, fi;
						size_t r = ref_prefix(b, off + 38, &ri);
						size_t f = lb_utf8_prefix(b, off + 38, &fi);
						if (r != f || ri != fi)
							fail_msg("lead %02x %02x %02x %02x at %zu: %zu/%d against %zu/%d",
							         lead, b1, tail[t2], tail[t3], off, r, ri, f, fi);
						checked++;
					}
}

/* Random: valid text with a few random faults, and random bytes. */
static void
t_random(void **state)
{
	unsigned char b[1200];
	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(rnd() % 1000);
		size_t n = filler(b, 0, len);
		int faults = (int)(rnd() % 4);
		for (int f = 0; f < faults && n > 0; f++) {
			size_t at = (size_t)(rnd() % n);
			switch (rnd() % 4) {
			case 0: b[at] = (unsigned char)rnd(); break;
			case 1: b[at] ^= 0x40; break;
			case 2: b[at] = 0x80 | (unsigned char)(rnd() & 0x3f); break;
			default: {
				const char *x = bad[rnd() % (sizeof bad / sizeof bad[0])];
				if (at + strlen(x) <= n)
					memcpy(b + at, x, strlen(x));
			}
			}
		}
		same(b, n);
	}
	for (int round = 0; round < 5000; round++) {
		size_t len = (size_t)(rnd() % 100);
		for (size_t k = 0; k < len; k++)
			b[k] = (unsigned char)(rnd() % 3 ? 0x80 | rnd() : rnd());
		same(b, len);
	}
}

/* A 64 KiB chunk of realistic text, cut at every length in its last 20
 * bytes and with one bad byte at many places. */
static void
t_chunk(void **state)
{
	static unsigned char b[65536 + 64];
	(void)state;
	size_t n = filler(b, 0, 65536);
	same(b, n);
	for (size_t at = 0; at < n; at += 997) {
		unsigned char was = b[at];
		b[at] = 0xff;
		int ri, fi;
		size_t r = ref_prefix(b, n, &ri), f = lb_utf8_prefix(b, n, &fi);
		assert_int_equal(r, f);
		assert_int_equal(ri, fi);
		assert_true(r <= at);
		b[at] = was;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_bad_everywhere),
		cmocka_unit_test(t_good_everywhere),
		cmocka_unit_test(t_pairs_exhaustive),
		cmocka_unit_test(t_random),
		cmocka_unit_test(t_chunk),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (rc == 0 && checked < 1000000)
		fprintf(stderr, "test_utf8: only %lu comparisons\n", checked);
	return rc;
}
