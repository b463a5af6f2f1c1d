/* util.c — allocation, buffers, string vectors, built-in file lookup, and the
 * generic containers (util.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- the integer formatter ----------------------------------------------- */

size_t
lb_fmt_long(char *buf, long v)
{
	char tmp[24];
	size_t n = 0, o = 0;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[o++] = '-';
	while (n)
		buf[o++] = tmp[--n];
	buf[o] = '\0';
	return o;
}

/* ---- the hash function and the string-keyed table ------------------------ */

uint64_t
lb_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

/* ---- lb_ktab ---- */

void
lb_ktab_init(struct lb_ktab *t, size_t esz, size_t ksz)
{
	memset(t, 0, sizeof *t);
	t->esz = esz;
	t->ksz = ksz;
}

static uint64_t
ktab_first(const void *p)
{
	uint64_t k;
	memcpy(&k, p, sizeof k);
	return k;
}

/* The home slot of a key: its first 8 bytes mixed (the keys may be packed
 * numbers, not hashes), scaled to cap without a division. */
static size_t
ktab_home(const struct lb_ktab *t, const void *key)
{
	uint64_t h = ktab_first(key);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (size_t)(((h >> 32) * (uint64_t)t->cap) >> 32);
}

/* The slot holding key, or the empty slot where it would go. */
static unsigned char *
ktab_find(const struct lb_ktab *t, const void *key)
{
	size_t i = ktab_home(t, key);
	uint64_t k0 = ktab_first(key);
	for (;;) {
		unsigned char *p = t->slots + i * t->esz;
		uint64_t f = ktab_first(p);
		if (!f || (f == k0 && (t->ksz == 8 ||
		                       !memcmp(p + 8, (const unsigned char *)key + 8, t->ksz - 8))))
			return p;
		if (++i == t->cap)
			i = 0;
	}
}

void *
lb_ktab_get(const struct lb_ktab *t, const void *key)
{
	if (!t->cap)
		return NULL;
	unsigned char *p = ktab_find(t, key);
	return ktab_first(p) ? p : NULL;
}

static void
ktab_resize(struct lb_ktab *t, size_t cap)
{
	struct lb_ktab nt = *t;
	nt.cap = cap;
	nt.slots = lb_xcalloc(cap, t->esz);
	for (size_t i = 0; i < t->cap; i++) {
		unsigned char *p = t->slots + i * t->esz;
		if (ktab_first(p))
			memcpy(ktab_find(&nt, p), p, t->esz);
	}
	free(t->slots);
	*t = nt;
}

void
lb_ktab_reserve(struct lb_ktab *t, size_t n)
{
	size_t cap = n + n / 6 + 16;   /* 6/7 full at n */
	if (cap > UINT32_MAX)
		cap = UINT32_MAX;
	if (cap > t->cap && n > t->n)
		ktab_resize(t, cap);
}

void *
lb_ktab_put(struct lb_ktab *t, const void *key)
{
	if ((t->n + 1) * 8 > t->cap * 7) {
		size_t cap = t->cap ? t->cap + t->cap / 2 : 64;
		if (cap > UINT32_MAX)
			cap = UINT32_MAX;
		if (cap <= t->n + 1) {
			fputs("lb: out of memory\n", stderr);
			exit(2);
		}
		ktab_resize(t, cap);
	}
	unsigned char *p = ktab_find(t, key);
	memset(p, 0, t->esz);
	memcpy(p, key, t->ksz);
	t->n++;
	return p;
}

void
lb_ktab_fini(struct lb_ktab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->n = 0;
}

static uint64_t
smap_hash(const char *s)
{
	return lb_fnv(LB_FNV_INIT, s, strlen(s));
}

/* The slot holding key, or the empty slot where it would go (cap > 0). */
static struct lb_smap_slot *
smap_slot(const struct lb_smap *m, const char *key)
{
	size_t mask = m->cap - 1;
	for (size_t i = smap_hash(key) & mask;; i = (i + 1) & mask)
		if (!m->v[i].key || !strcmp(m->v[i].key, key))
			return &m->v[i];
}

long *
lb_smap_find(const struct lb_smap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	struct lb_smap_slot *sl = smap_slot(m, key);
	return sl->key ? &sl->val : NULL;
}

long
lb_smap_get(const struct lb_smap *m, const char *key, long dflt)
{
	long *v = lb_smap_find(m, key);
	return v ? *v : dflt;
}

void
lb_smap_put(struct lb_smap *m, const char *key, long val)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct lb_smap nm = {0, m->cap ? m->cap * 2 : 64, 0, m->copy};
		nm.v = lb_xcalloc(nm.cap, sizeof *nm.v);
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key)
				*smap_slot(&nm, m->v[i].key) = m->v[i];
		nm.n = m->n;
		free(m->v);
		*m = nm;
	}
	struct lb_smap_slot *sl = smap_slot(m, key);
	if (!sl->key) {
		sl->key = m->copy ? lb_xstrdup(key) : key;
		m->n++;
	}
	sl->val = val;
}

void
lb_smap_fini(struct lb_smap *m)
{
	if (m->copy)
		for (size_t i = 0; i < m->cap; i++)
			free((char *)m->v[i].key);
	free(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}

/* ---- the arena ----------------------------------------------------------- */

struct lb_arena_block {
	struct lb_arena_block *next;
	size_t used, size;
	_Alignas(max_align_t) char data[];
};

#define ARENA_BLOCK ((size_t)1 << 16)

void *
lb_arena_alloc(struct lb_arena *a, size_t n, size_t align)
{
	struct lb_arena_block *b = a->head;

	if (b) {
		size_t off = (b->used + align - 1) & ~(align - 1);
		if (off <= b->size && n <= b->size - off) {
			b->used = off + n;
			return b->data + off;
		}
	}
	size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	b = lb_xmalloc(sizeof *b + size);
	b->size = size;
	b->used = n;
	b->next = a->head;
	a->head = b;
	return b->data;
}

static char arena_empty[1];

char *
lb_arena_strndup(struct lb_arena *a, const char *s, size_t n)
{
	if (!n)
		return arena_empty;
	char *p = lb_arena_alloc(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
lb_arena_strdup(struct lb_arena *a, const char *s)
{
	return lb_arena_strndup(a, s, strlen(s));
}

void
lb_arena_fini(struct lb_arena *a)
{
	struct lb_arena_block *b, *next;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

/* ---- the stable sort ----------------------------------------------------- */

static void
msort_rec(size_t *a, size_t *tmp, size_t n, lb_idx_cmp cmp, const void *ctx)
{
	size_t h, i, j, k;

	if (n < 2)
		return;
	if (n < 12) {   /* insertion sort: stable */
		for (i = 1; i < n; i++) {
			size_t x = a[i];
			for (j = i; j > 0 && cmp(ctx, a[j - 1], x) > 0; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	h = n / 2;
	msort_rec(a, tmp, h, cmp, ctx);
	msort_rec(a + h, tmp, n - h, cmp, ctx);
	if (cmp(ctx, a[h - 1], a[h]) <= 0)
		return;
	memcpy(tmp, a, h * sizeof *a);
	for (i = 0, j = h, k = 0; i < h && j < n;)
		a[k++] = cmp(ctx, a[j], tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

void
lb_sort_idx(size_t *idx, size_t n, lb_idx_cmp cmp, const void *ctx)
{
	if (n < 2)
		return;
	size_t *tmp = lb_xmalloc((n / 2 + 1) * sizeof *tmp);
	msort_rec(idx, tmp, n, cmp, ctx);
	free(tmp);
}

char *
lb_file_name_safe(const char *s)
{
	static const char *const dev[] = {"CON", "PRN", "AUX", "NUL"};
	struct lb_buf b = LB_BUF_INIT;
	size_t n = strlen(s);
	if (n > 200) {
		n = 200;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		lb_buf_addc(&b, c < 0x20 || c == 0x7f || strchr("\\/:*?\"<>|", c) ? '_' : c);
	}
	char *t = lb_buf_steal(&b);
	if (!*t) {
		free(t);
		return lb_xstrdup("_");
	}
	if (t[0] == '.')
		t[0] = '_';
	for (size_t i = strlen(t); i && (t[i - 1] == '.' || t[i - 1] == ' '); i--)
		t[i - 1] = '_';
	/* the device names, alone or before an extension */
	size_t base = strcspn(t, ".");
	int reserved = 0;
	for (size_t i = 0; i < sizeof dev / sizeof *dev; i++)
		if (base == 3 && !strncasecmp(t, dev[i], 3))
			reserved = 1;
	if (base == 4 && (!strncasecmp(t, "COM", 3) || !strncasecmp(t, "LPT", 3)) &&
	    t[3] >= '1' && t[3] <= '9')
		reserved = 1;
	if (reserved) {
		char *u = lb_xasprintf("_%s", t);
		free(t);
		t = u;
	}
	return t;
}
