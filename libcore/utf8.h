/*
 * utf8.h — the UTF-8 check of the reader (internal to libcore).
 *
 * lb_utf8_prefix returns the length of the longest prefix of s[0..len) that
 * is valid UTF-8 made of whole sequences (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). *incomplete is set to 1 when what stops
 * it is a sequence cut by the end of the buffer (the bytes left are the start
 * of a valid sequence), else 0.
 *
 * On x86-64 CPUs with SSSE3 the valid part is checked 16 bytes at a time
 * (the lookup algorithm of Keiser and Lemire, "Validating UTF-8 in less than
 * one instruction per byte", 2021); the last bytes, and the block an error is
 * in, are checked by the byte-wise code, so the results are the same with or
 * without SSSE3. lb_utf8_prefix_scalar is the byte-wise code alone (for tests).
 */
#ifndef LB_UTF8_H
#define LB_UTF8_H

#include <stddef.h>

size_t lb_utf8_prefix(const unsigned char *s, size_t len, int *incomplete);
size_t lb_utf8_prefix_scalar(const unsigned char *s, size_t len, int *incomplete);

#endif
