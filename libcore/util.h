/*
 * util.h — memory, growable buffers and the generic containers (one hash
 * function and string-keyed table, one arena, one stable sort, one integer
 * formatter) shared by every libcore module and tool.
 *
 * Out-of-memory policy (one for the whole project): the lb_x… allocators print
 * "lb: out of memory" and exit(2). Nothing else in libcore exits; everything
 * else returns 0 or a negative LB_E… code (see err.h).
 */
#ifndef LB_UTIL_H
#define LB_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void *lb_xmalloc(size_t n);
void *lb_xcalloc(size_t n, size_t size);
void *lb_xrealloc(void *p, size_t n);
/* Grow an array to hold at least need elements of size bytes, doubling. */
void *lb_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *lb_xstrdup(const char *s);
char *lb_xstrndup(const char *s, size_t n);
char *lb_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * lb_buf: a growable byte string, always NUL-terminated when len > 0 or after
 * any append. Initialise with LB_BUF_INIT or memset 0; lb_buf_fini frees.
 * Appending may reallocate: pointers into s are then no longer valid.
 */
struct lb_buf {
	char *s;
	size_t len, cap;
};
#define LB_BUF_INIT {0, 0, 0}

void lb_buf_reserve(struct lb_buf *b, size_t extra);
void lb_buf_add(struct lb_buf *b, const void *p, size_t n);
void lb_buf_adds(struct lb_buf *b, const char *s);
void lb_buf_addc(struct lb_buf *b, int c);
void lb_buf_printf(struct lb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lb_buf_clear(struct lb_buf *b);      /* len = 0, keeps memory */
void lb_buf_set(struct lb_buf *b, const char *s);
const char *lb_buf_str(const struct lb_buf *b);   /* "" when empty */
char *lb_buf_steal(struct lb_buf *b);     /* caller frees; b is emptied */
void lb_buf_fini(struct lb_buf *b);

/*
 * lb_strv: a growable array of owned strings.
 */
struct lb_strv {
	char **v;
	size_t n, cap;
};
#define LB_STRV_INIT {0, 0, 0}
void lb_strv_push(struct lb_strv *sv, const char *s);     /* copies s */
void lb_strv_push_owned(struct lb_strv *sv, char *s);     /* takes s */
void lb_strv_fini(struct lb_strv *sv);

/* 1 when v is one of the ';'-separated items of list (sets, joined names). */
int lb_list_has(const char *list, const char *v);

/* Byte-order string compare usable with qsort on char * arrays. */
int lb_strcmp_p(const void *a, const void *b);

/*
 * The integer formatter: v in decimal into buf, which has room for at least
 * LB_FMT_LONG bytes (sign, 19 digits, NUL). Returns the length written
 * (without the NUL). Locale-free and never fails.
 */
#define LB_FMT_LONG 21
size_t lb_fmt_long(char *buf, long v);

/*
 * The hash function: 64-bit FNV-1a over n bytes of p, continuing from h
 * (start with LB_FNV_INIT). Chaining calls hashes the concatenation.
 */
#define LB_FNV_INIT 14695981039346656037ULL
uint64_t lb_fnv(uint64_t h, const void *p, size_t n);

/*
 * lb_smap: the string-keyed hash table (string → long), open addressing on
 * lb_fnv. Initialise with LB_SMAP_INIT (keys borrowed: the caller keeps each
 * key alive and unchanged while the map lives) or LB_SMAP_COPY_INIT (the map
 * copies every key it stores and frees the copies in lb_smap_fini). Storing
 * may move the values: a pointer from lb_smap_find lasts until the next
 * lb_smap_put. The map has no order; nobody may iterate it for output.
 */
struct lb_smap_slot {
	const char *key;
	long val;
};
struct lb_smap {
	struct lb_smap_slot *v;
	size_t cap, n;      /* cap is 0 or a power of two */
	int copy;           /* 1: the map owns copies of its keys */
};
#define LB_SMAP_INIT {0, 0, 0, 0}
#define LB_SMAP_COPY_INIT {0, 0, 0, 1}
/* The value stored under key, or NULL. */
long *lb_smap_find(const struct lb_smap *m, const char *key);
/* The value under key, or dflt when there is none. */
long lb_smap_get(const struct lb_smap *m, const char *key, long dflt);
/* Store val under key, replacing the value of a key already present. */
void lb_smap_put(struct lb_smap *m, const char *key, long val);
void lb_smap_fini(struct lb_smap *m);   /* frees; m is then empty (LB_SMAP_INIT's state, copy kept) */

/*
 * lb_ktab: the flat table for many small entries (one per child of a
 * national roster): open addressing in one array of fixed-size entries, no
 * allocation per entry. Each entry starts with its key of ksz bytes (8 to
 * 16); the key's first 8 bytes, read as a uint64_t, must not be 0 (0 marks
 * an empty slot). Keys are compared whole (memcmp), so a table is exact:
 * whatever hashing makes the keys is the caller's. The capacity is any
 * size (not only powers of two), kept between 5/8 and 7/8 full as it grows
 * by half again, or set ahead by lb_ktab_reserve (6/7 full at n); memory is cap * esz
 * bytes. Entries move when the table grows: a pointer from _get or _put
 * lasts until the next _put or _reserve. No order; nobody may iterate it
 * for output.
 */
struct lb_ktab {
	unsigned char *slots;
	size_t cap, n, esz, ksz;
};
/* An empty table of entries of esz bytes whose first ksz are the key. */
void lb_ktab_init(struct lb_ktab *t, size_t esz, size_t ksz);
/* The entry of key, or NULL. */
void *lb_ktab_get(const struct lb_ktab *t, const void *key);
/* Add key (not present): its entry, zeroed but for the key. */
void *lb_ktab_put(struct lb_ktab *t, const void *key);
/* Room for n entries in all without growing (a hint; never shrinks). */
void lb_ktab_reserve(struct lb_ktab *t, size_t n);
void lb_ktab_fini(struct lb_ktab *t);   /* frees; t is then empty (esz, ksz kept) */

/*
 * lb_arena: memory that lives as long as its owner, handed out from large
 * blocks and freed all at once by lb_arena_fini. Initialise with
 * LB_ARENA_INIT or memset 0. Never fails (out of memory exits, as lb_x…).
 */
struct lb_arena_block;
struct lb_arena {
	struct lb_arena_block *head;
};
#define LB_ARENA_INIT {0}
/* n bytes aligned to align (a power of two, at most that of max_align_t). */
void *lb_arena_alloc(struct lb_arena *a, size_t n, size_t align);
/* A copy of s[0..n) with a NUL; an empty string is one shared "" that the
 * caller must never write to. */
char *lb_arena_strndup(struct lb_arena *a, const char *s, size_t n);
char *lb_arena_strdup(struct lb_arena *a, const char *s);
void lb_arena_fini(struct lb_arena *a);

/*
 * The stable sort: order the n indices of idx by cmp(ctx, x, y) (negative,
 * 0, positive as for qsort), keeping the given order of indices that compare
 * equal. A merge sort; allocates n / 2 indices of scratch.
 */
typedef int (*lb_idx_cmp)(const void *ctx, size_t x, size_t y);
void lb_sort_idx(size_t *idx, size_t n, lb_idx_cmp cmp, const void *ctx);

/*
 * A value as a file name that Windows, macOS and Linux all accept (one file
 * per teacher or school, as --split-by writes): \ / : * ? " < > | and
 * control characters become '_', as do a leading '.' and trailing dots and
 * spaces; a reserved device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, any
 * case, with or without an extension) gets a leading '_'; an empty value is
 * "_"; more than 200 bytes are cut at a UTF-8 boundary. Anything else
 * (Chinese included) is kept as it is, never percent-encoded. A new string.
 */
char *lb_file_name_safe(const char *s);

#endif
