/*
 * util.h — memory and growable buffers shared by every libcore module.
 *
 * Out-of-memory policy (one for the whole project): the lb_x… allocators print
 * "lb: out of memory" and exit(2). Nothing else in libcore exits; everything
 * else returns 0 or a negative LB_E… code (see err.h).
 */
#ifndef LB_UTIL_H
#define LB_UTIL_H

#include <stddef.h>
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

#endif
