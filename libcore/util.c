/* util.c — allocation, buffers, string vectors, built-in file lookup. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util.h"

static void
oom(void)
{
	fputs("lb: out of memory\n", stderr);
	exit(2);
}

void *
lb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
lb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *
lb_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
lb_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;
	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			oom();
		c *= 2;
	}
	*cap = c;
	return lb_xrealloc(p, c * size);
}

char *
lb_xstrdup(const char *s)
{
	return lb_xstrndup(s, strlen(s));
}

char *
lb_xstrndup(const char *s, size_t n)
{
	char *p = lb_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
lb_xasprintf(const char *fmt, ...)
{
	struct lb_buf b = LB_BUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	lb_buf_reserve(&b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	return lb_buf_steal(&b);
}

void
lb_buf_reserve(struct lb_buf *b, size_t extra)
{
	b->s = lb_xgrow(b->s, &b->cap, b->len + extra + 1, 1);
}

void
lb_buf_add(struct lb_buf *b, const void *p, size_t n)
{
	lb_buf_reserve(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
lb_buf_adds(struct lb_buf *b, const char *s)
{
	lb_buf_add(b, s, strlen(s));
}

void
lb_buf_addc(struct lb_buf *b, int c)
{
	lb_buf_reserve(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void
lb_buf_printf(struct lb_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	lb_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
lb_buf_clear(struct lb_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
lb_buf_set(struct lb_buf *b, const char *s)
{
	lb_buf_clear(b);
	lb_buf_adds(b, s);
}

const char *
lb_buf_str(const struct lb_buf *b)
{
	return b->s ? b->s : "";
}

char *
lb_buf_steal(struct lb_buf *b)
{
	char *s = b->s ? b->s : lb_xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
lb_buf_fini(struct lb_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void
lb_strv_push(struct lb_strv *sv, const char *s)
{
	lb_strv_push_owned(sv, lb_xstrdup(s));
}

void
lb_strv_push_owned(struct lb_strv *sv, char *s)
{
	sv->v = lb_xgrow(sv->v, &sv->cap, sv->n + 2, sizeof *sv->v);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
lb_strv_fini(struct lb_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

int
lb_list_has(const char *list, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !memcmp(p, v, n))
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

int
lb_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const struct lb_builtin_file *
lb_builtin_find(const char *name)
{
	for (size_t i = 0; i < lb_builtin_nfiles; i++)
		if (strcmp(lb_builtin_files[i].name, name) == 0)
			return &lb_builtin_files[i];
	return NULL;
}
