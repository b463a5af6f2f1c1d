/*
 * utf8.c — the UTF-8 check of the reader: see utf8.h.
 *
 * The fast path checks whole 16-byte blocks and stops at the first block
 * that holds an error (or at the last whole block); the byte-wise code then
 * goes on from the start of the last sequence before that block, and finds
 * where exactly the valid prefix ends and whether the rest is a cut sequence.
 * Every prefix of valid UTF-8 that ends at a sequence boundary is valid, so
 * starting the byte-wise code there gives the result it gives from 0.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define HAVE_SSSE3_PATH 1
#endif

#include "utf8.h"

/* The byte-wise check of s[i..len), given that s[0..i) is valid and i is at
 * a sequence boundary. */
static size_t
prefix_from(const unsigned char *s, size_t len, size_t i, int *incomplete)
{
	*incomplete = 0;
	while (i < len) {
		unsigned c;
		size_t n, k;
		c = s[i];
		if (c < 0x80) {
			/* ASCII: on to the next byte with the high bit set */
#ifdef __SSE2__
			if (i + 16 <= len) {
				int m = _mm_movemask_epi8(
					_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
				i += m ? (size_t)__builtin_ctz((unsigned)m) : 16;
				continue;
			}
#else
			if (i + 8 <= len) {
				uint64_t v;
				memcpy(&v, s + i, 8);
				if (!(v & 0x8080808080808080ull)) {
					i += 8;
					continue;
				}
			}
#endif
			i++;
			continue;
		}
		/* the common 3-byte case (CJK), no overlong or surrogate possible */
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

size_t
lb_utf8_prefix_scalar(const unsigned char *s, size_t len, int *incomplete)
{
	return prefix_from(s, len, 0, incomplete);
}

#ifdef HAVE_SSSE3_PATH
/* The error classes of Keiser and Lemire: a pair of bytes (byte 1, byte 2)
 * is an error when the three tables, indexed by the high nibble of byte 1,
 * its low nibble and the high nibble of byte 2, share a bit. */
#define TOO_SHORT  (1 << 0)	/* lead, then ASCII or another lead */
#define TOO_LONG   (1 << 1)	/* ASCII, then a continuation */
#define OVERLONG_3 (1 << 2)	/* E0 80..9F */
#define TOO_LARGE  (1 << 3)	/* F4 90..BF, F5..FF 80..BF */
#define SURROGATE  (1 << 4)	/* ED A0..BF */
#define OVERLONG_2 (1 << 5)	/* C0..C1 80..BF */
#define TOO_LARGE_1000 (1 << 6)	/* F5..FF 80..8F */
#define OVERLONG_4 (1 << 6)	/* F0 80..8F */
#define TWO_CONTS  (1 << 7)	/* two continuations: right only as the 3rd or 4th byte */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

/* Start of the last sequence that begins before e, when s[0..e) is valid
 * but for a sequence cut at e; e when s[e - 1] ends a sequence or is ASCII. */
static size_t
back_to_lead(const unsigned char *s, size_t e)
{
	size_t p;

	if (e == 0)
		return 0;
	p = e - 1;
	while (p > 0 && p + 3 > e && (s[p] & 0xC0) == 0x80)
		p--;
	return s[p] >= 0xC0 ? p : e;
}

__attribute__((target("ssse3"))) static size_t
valid_blocks(const unsigned char *s, size_t len)
{
	const __m128i b1_high = _mm_setr_epi8(
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		(char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS,
		TOO_SHORT | OVERLONG_2,
		TOO_SHORT,
		TOO_SHORT | OVERLONG_3 | SURROGATE,
		TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
	const __m128i b1_low = _mm_setr_epi8(
		(char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
		(char)(CARRY | OVERLONG_2),
		(char)CARRY,
		(char)CARRY,
		(char)(CARRY | TOO_LARGE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
	const __m128i b2_high = _mm_setr_epi8(
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
	/* a block that ends inside a sequence: one of its last three bytes is a
	 * lead that needs more bytes than are left */
	const __m128i cut = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		(char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
	const __m128i nib = _mm_set1_epi8(0x0F);
	const __m128i zero = _mm_setzero_si128();
	__m128i prev = zero;
	size_t i;

	for (i = 0; i + 16 <= len; i += 16) {
		__m128i in = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i err;
		if (!_mm_movemask_epi8(in)) {
			/* ASCII: right unless the block before ended inside a sequence */
			err = _mm_subs_epu8(prev, cut);
		} else {
			__m128i p1 = _mm_alignr_epi8(in, prev, 15);
			__m128i p2 = _mm_alignr_epi8(in, prev, 14);
			__m128i p3 = _mm_alignr_epi8(in, prev, 13);
			__m128i sc = _mm_and_si128(
				_mm_and_si128(
					_mm_shuffle_epi8(b1_high, _mm_and_si128(_mm_srli_epi16(p1, 4), nib)),
					_mm_shuffle_epi8(b1_low, _mm_and_si128(p1, nib))),
				_mm_shuffle_epi8(b2_high, _mm_and_si128(_mm_srli_epi16(in, 4), nib)));
			/* a continuation must be the 3rd (after E0..FF two back) or the
			 * 4th byte (after F0..FF three back) exactly where two meet */
			__m128i must23 = _mm_or_si128(_mm_subs_epu8(p2, _mm_set1_epi8((char)(0xE0 - 0x80))),
			                              _mm_subs_epu8(p3, _mm_set1_epi8((char)(0xF0 - 0x80))));
			err = _mm_xor_si128(_mm_and_si128(must23, _mm_set1_epi8((char)0x80)), sc);
		}
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, zero)) != 0xFFFF)
			break;
		prev = in;
	}
	/* s[0..i) is valid but perhaps for a sequence cut at i */
	return back_to_lead(s, i);
}
#endif

size_t
lb_utf8_prefix(const unsigned char *s, size_t len, int *incomplete)
{
	size_t from = 0;

#ifdef HAVE_SSSE3_PATH
	if (len >= 32 && __builtin_cpu_supports("ssse3"))
		from = valid_blocks(s, len);
#endif
	return prefix_from(s, len, from, incomplete);
}
