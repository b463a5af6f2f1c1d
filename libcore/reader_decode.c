/*
 * reader_decode.c — the reader's bytes as UTF-8 (see reader.c, decode):
 * chunks read, the encoding decided on the first, UTF-8 checked and
 * GB18030 converted chunk by chunk, an invalid sequence held back until
 * the scanner reaches its line.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "reader.h"
#include "reader_impl.h"
#include "util.h"
#include "value.h"
#include "utf8.h"

/* Length of the valid UTF-8 prefix of s[0..len). *incomplete is set when
 * what stops it is a sequence cut by the end of the buffer. 16 bytes at a
 * time where the CPU can: utf8.c. */
static size_t
utf8_prefix(const unsigned char *s, size_t len, int *incomplete)
{
	return lb_utf8_prefix(s, len, incomplete);
}

/* ---- decode -------------------------------------------------------------- */

/* Read the next raw chunk into in (after any carried bytes). Returns the
 * bytes in `in`, 0 at EOF with nothing carried, negative on a read error. */
long
lb_rd_read_raw(struct lb_reader *r, struct lb_err *err)
{
	size_t n = r->ncarry, got;

	memcpy(r->in, r->carry, n);
	r->ncarry = 0;
	if (r->eof)
		return (long)n;
	got = fread(r->in + n, 1, CHUNK, r->fp);
	r->nbytes += got;
	if (got < CHUNK) {
		if (ferror(r->fp))
			return lb_err_sys(err, r->name, _("cannot read"));
		r->eof = 1;
	}
	return (long)(n + got);
}

/* GB18030 → UTF-8 of in[0..n) appended to r->conv. ASCII is copied (16
 * bytes at a time where the CPU can: a run of ASCII up to the next
 * non-ASCII byte in one step) and the two-byte codes (lead 0x81-0xFE,
 * trail 0x40-0xFE but 0x7F) come from a table that iconv itself fills the
 * first time each code is met, so the bytes are exactly iconv's;
 * everything else (four-byte codes, invalid or cut sequences) goes to
 * iconv one character at a time. Returns the bytes consumed; *st is 0, or
 * EILSEQ / EINVAL as iconv reports them at that point. Output is at most
 * twice the input: the stores of 4 and 16 bytes past what is kept stay
 * inside the 16 bytes reserved beyond that. */
static size_t
gb_decode(struct lb_reader *r, const unsigned char *in, size_t n, int *st)
{
	size_t i = 0;
	unsigned char *o;

	*st = 0;
	if (!r->gbt)
		r->gbt = lb_xcalloc((size_t)1 << 16, 4);
	lb_buf_reserve(&r->conv, n * 2 + 32);
	o = (unsigned char *)r->conv.s + r->conv.len;
	while (i < n) {
		unsigned c = in[i];
		if (c < 0x80) {
#ifdef __SSE2__
			if (i + 16 <= n) {
				__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
				unsigned m = (unsigned)_mm_movemask_epi8(v);
				size_t k = m ? (size_t)__builtin_ctz(m) : 16;   /* >= 1: in[i] is ASCII */
				_mm_storeu_si128((__m128i *)(void *)o, v);
				o += k;
				i += k;
				continue;
			}
#endif
			if (i + 8 <= n) {
				uint64_t v;
				memcpy(&v, in + i, 8);
				if (!(v & 0x8080808080808080ull)) {
					memcpy(o, &v, 8);
					o += 8;
					i += 8;
					continue;
				}
			}
			*o++ = (unsigned char)c;
			i++;
			continue;
		}
		/* a run of two-byte codes already in the table, at once */
		while (i + 1 < n && in[i] >= 0x80) {
			const unsigned char *e = r->gbt + (((size_t)in[i] << 8 | in[i + 1]) << 2);
			if ((unsigned)(e[3] - 1) >= 3)
				break;
			memcpy(o, e, 4);
			o += e[3];
			i += 2;
		}
		if (i >= n)
			break;
		c = in[i];
		if (c < 0x80)
			continue;
		if (i + 1 < n) {
			/* gbt[lead << 8 | trail]: the UTF-8 bytes, then in byte 3
			 * their number (0 not yet known, 0xFF not a cacheable
			 * two-byte code); all four are stored at once */
			unsigned t = in[i + 1];
			unsigned char *e = r->gbt + (((size_t)c << 8 | t) << 2);
			if (e[3] == 0) {
				char ib[2] = {(char)c, (char)t}, ob[8];
				char *ip = ib, *op = ob;
				size_t il = 2, ol = sizeof ob;
				e[3] = 0xFF;
				if (c >= 0x81 && c <= 0xFE && t >= 0x40 && t <= 0xFE && t != 0x7F &&
				    iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
				    op - ob >= 1 && op - ob <= 3) {
					memcpy(e, ob, (size_t)(op - ob));
					e[3] = (unsigned char)(op - ob);
				}
			}
			if (e[3] != 0xFF) {
				memcpy(o, e, 4);
				o += e[3];
				i += 2;
				continue;
			}
		}
		/* one character (at most 4 bytes) through iconv */
		{
			char *ip = (char *)in + i, *op = (char *)o;
			size_t il = n - i < 4 ? n - i : 4, il0 = il, ol = 16;
			size_t rc = iconv(r->cd, &ip, &il, &op, &ol);
			int e = rc == (size_t)-1 ? errno : 0;
			o = (unsigned char *)op;
			if (il < il0) {
				i += il0 - il;
				continue;
			}
			/* nothing converted: an invalid or cut sequence */
			*st = e == EINVAL && il0 == n - i ? EINVAL : EILSEQ;
			break;
		}
	}
	r->conv.len = (size_t)((char *)o - r->conv.s);
	r->conv.s[r->conv.len] = '\0';
	return i;
}

/* o.spill: the decoded bytes dec[0..dlen) appended to the copy. A write
 * that fails ends the copy (lb_reader_spilled then says 0): the caller
 * reads the file again instead. */
void
lb_rd_spill(struct lb_reader *r)
{
	const char *p = r->dec;
	size_t n = r->dlen;

	while (r->spilling && !r->spill_bad && n > 0) {
		ssize_t w = write(r->o.spill_fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r->spill_bad = 1;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Refill dec. 1: bytes available; 0: end of input; negative: error (a
 * decode error gets the scanner's current line). */
int
lb_rd_dec_fill(struct lb_reader *r, struct lb_err *err)
{
	long n;
	size_t off = 0;

	for (;;) {
		if (r->dec_err == 2)
			return lb_err_set(err, LB_EENCODING, r->name, r->line, "%s",
			                  _("a NUL byte: binary data, not text"));
		if (r->dec_err)
			return lb_err_set(err, LB_EENCODING, r->name, r->line,
			                  r->enc == ENC_GB18030 ? _("invalid byte sequence for GB18030")
			                                        : _("invalid byte sequence for UTF-8"));
		if (r->first) {
			r->first = 0;
			n = (long)r->firstlen;
			if (r->enc == ENC_UTF8_BOM)
				off = 3;
		} else {
			if ((n = lb_rd_read_raw(r, err)) < 0)
				return (int)n;
		}
		if ((size_t)n == off)
			return 0;
		if (r->o.copy_encoding) {
			/* the reader's own copy: checked (UTF-8, no NUL) as it
			 * was decoded; the scanner joins a character cut by the
			 * chunk's end as it joins a cell */
			r->dec = (const char *)r->in;
			r->dpos = 0;
			r->dlen = (size_t)n;
		} else if (r->enc != ENC_GB18030) {
			int inc;
			size_t ok = utf8_prefix(r->in + off, (size_t)n - off, &inc);
			if (ok < (size_t)n - off) {
				if (inc && !r->eof) {
					r->ncarry = (size_t)n - off - ok;
					memcpy(r->carry, r->in + off + ok, r->ncarry);
				} else {
					r->dec_err = 1;
				}
			}
			/* a NUL after the first chunk (where it means binary data)
			 * would end a value silently: an error at its line */
			const char *z = memchr(r->in + off, 0, ok);
			if (z) {
				ok = (size_t)(z - ((const char *)r->in + off));
				r->ncarry = 0;
				r->dec_err = 2;
			}
			r->dec = (const char *)r->in + off;
			r->dpos = 0;
			r->dlen = ok;
		} else {
			int st;
			size_t used, il;
			lb_buf_clear(&r->conv);
			used = gb_decode(r, r->in, (size_t)n, &st);
			il = (size_t)n - used;
			if (st == EINVAL && !r->eof && il < sizeof r->carry) {
				r->ncarry = il;
				memcpy(r->carry, r->in + used, il);
			} else if (st) {
				r->dec_err = 1;
			}
			r->dec = r->conv.s;
			r->dpos = 0;
			r->dlen = r->conv.len;
			const char *z = r->conv.len ? memchr(r->conv.s, 0, r->conv.len) : NULL;
			if (z) {
				r->dlen = (size_t)(z - r->conv.s);
				r->ncarry = 0;
				r->dec_err = 2;
			}
		}
		if (r->dlen > 0) {
			if (r->spilling)
				lb_rd_spill(r);
			return 1;
		}
		/* nothing decoded: only a carried tail or an error */
		if (r->eof && !r->ncarry && !r->dec_err)
			return 0;
		off = 0;
	}
}

int
lb_rd_decide_encoding(struct lb_reader *r, struct lb_err *err)
{
	const unsigned char *s = r->in;
	size_t n = r->firstlen, ctl = 0, i;
	const char *e = r->o.encoding;
	int inc;

	if (r->o.copy_encoding) {   /* a copy of decoded text: UTF-8 as it is */
		r->enc = ENC_UTF8;
		return 0;
	}
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return lb_err_set(err, LB_EENCODING, r->name, 0,
		                  _("the file is UTF-16 (Excel \"Unicode text\"): save it as \"CSV UTF-8\""));
	if (n >= 4 && ((s[0] == 'P' && s[1] == 'K' && s[2] == 3 && s[3] == 4) ||
	               (s[0] == 0xD0 && s[1] == 0xCF && s[2] == 0x11 && s[3] == 0xE0)))
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("an Excel workbook, expected a CSV or YAML table: save it as \"CSV UTF-8\""));
	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			return lb_err_set(err, LB_ENOTABLE, r->name, 0,
			                  _("binary data, expected a CSV or YAML table"));
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
			ctl++;
	}
	if (ctl > 8 && ctl * 100 > n)
		return lb_err_set(err, LB_ENOTABLE, r->name, 0,
		                  _("binary data, expected a CSV or YAML table"));
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		r->enc = ENC_UTF8_BOM;
	else if (e && *e && strcasecmp(e, "auto") != 0)
		r->enc = ENC_UTF8;
	else if (utf8_prefix(s, n, &inc) == n || (inc && !r->eof))
		r->enc = ENC_UTF8;
	else
		r->enc = ENC_GB18030;
	if (e && *e && strcasecmp(e, "auto") != 0) {
		if (!strcasecmp(e, "utf-8") || !strcasecmp(e, "utf8")) {
			if (r->enc == ENC_GB18030)
				r->enc = ENC_UTF8;
		} else if (!strcasecmp(e, "gb18030") || !strcasecmp(e, "gbk") ||
		           !strcasecmp(e, "gb2312") || !strcasecmp(e, "cp936")) {
			r->enc = ENC_GB18030;
		} else {
			return lb_err_set(err, LB_EUSAGE, r->name, 0,
			                  _("unknown encoding '%s' (use utf-8 or gb18030)"), e);
		}
	}
	if (r->enc == ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return lb_err_set(err, LB_EENCODING, r->name, 0,
			                  _("this system cannot convert GB18030 (iconv)"));
		r->have_cd = 1;
	}
	return 0;
}
