/*
 * util.c - allocation that aborts on out-of-memory, capped string buffers and
 * string lists.  See util.h.
 */
#include "notices/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "tracker: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

size_t xalloc_next(size_t nr, size_t alloc, size_t size)
{
	size_t next = alloc + alloc / 2;

	if (next < 16)
		next = 16;
	if (next < nr)
		next = nr;
	if (size && next > (size_t)-1 / size)
		oom((size_t)-1);
	return next;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf sb;
	va_list ap;
	char *out;

	sbuf_init(&sb, 0);
	va_start(ap, fmt);
	{
		va_list ap2;
		int n;
		va_copy(ap2, ap);
		n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		if (n > 0) {
			char *tmp = xmalloc((size_t)n + 1);
			vsnprintf(tmp, (size_t)n + 1, fmt, ap);
			sbuf_add(&sb, tmp, (size_t)n);
			free(tmp);
		}
	}
	va_end(ap);
	out = sbuf_detach(&sb);
	return out;
}

#define SBUF_DEFAULT_CAP ((size_t)256 << 20)

void sbuf_init(struct sbuf *sb, size_t cap)
{
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->cap = cap ? cap : SBUF_DEFAULT_CAP;
	sb->toobig = 0;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->toobig = 0;
}

char *sbuf_detach(struct sbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->toobig = 0;
	return s;
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sbuf_add(struct sbuf *sb, const char *data, size_t n)
{
	if (sb->toobig || n > sb->cap - sb->len) {
		sb->toobig = 1;
		return;
	}
	if (sb->len + n + 1 > sb->alloc) {
		size_t want = sb->alloc ? sb->alloc : 64;
		while (want < sb->len + n + 1)
			want *= 2;
		sb->buf = xrealloc(sb->buf, want);
		sb->alloc = want;
	}
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addc(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void sbuf_addi(struct sbuf *sb, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char small[256];

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sbuf_add(sb, small, (size_t)n);
	} else {
		char *tmp = xmalloc((size_t)n + 1);
		vsnprintf(tmp, (size_t)n + 1, fmt, ap2);
		sbuf_add(sb, tmp, (size_t)n);
		free(tmp);
	}
	va_end(ap2);
}

void sbuf_add_html(struct sbuf *sb, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *ref;

		switch (*s) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		sbuf_add(sb, run, (size_t)(s - run));
		sbuf_adds(sb, ref);
		run = s + 1;
	}
	sbuf_add(sb, run, (size_t)(s - run));
}

void strlist_addn(struct strlist *l, const char *s, size_t n)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = xstrndup(s, n);
}

void strlist_add(struct strlist *l, const char *s)
{
	strlist_addn(l, s, strlen(s));
}

int strlist_add_unique(struct strlist *l, const char *s,
		       int (*eq)(const char *, const char *))
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (eq ? eq(l->v[i], s) : !strcmp(l->v[i], s))
			return 0;
	strlist_add(l, s);
	return 1;
}

void strlist_release(struct strlist *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}
