/*
 * util.h - memory helpers and a capped growable string buffer.
 *
 * Out-of-memory policy (one for the whole program, as tmux's xmalloc): the
 * x* allocators abort with a message on failure, so callers never check for
 * NULL.  Every growable buffer has a cap (curl's dynbuf): appending past it
 * sets the buffer's `toobig` flag and drops the data, so a hostile input can
 * never make us allocate without bound.
 */
#ifndef NOTICES_UTIL_H
#define NOTICES_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Copies; a NULL argument gives NULL.  Caller frees with free(). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string.  Caller frees with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Makes room for at least `nr` elements in the array `x`, whose capacity in
 * elements is `alloc` (both lvalues; x may be NULL with alloc 0), growing by
 * half again and at least to 16 so that n appends cost O(n) (git's
 * ALLOC_GROW).  Aborts on overflow or out of memory, as xrealloc() does.
 */
#define ALLOC_GROW(x, nr, alloc) \
	do { \
		if ((size_t)(nr) > (size_t)(alloc)) { \
			(alloc) = xalloc_next((size_t)(nr), (size_t)(alloc), sizeof(*(x))); \
			(x) = xrealloc((x), (size_t)(alloc) * sizeof(*(x))); \
		} \
	} while (0)
/* The capacity ALLOC_GROW moves to: max(nr, alloc * 3 / 2, 16); aborts when
 * that many elements of `size` bytes would not fit in a size_t. */
size_t xalloc_next(size_t nr, size_t alloc, size_t size);

/*
 * FNV-1a, 32 bits, of len bytes: the hash of the parser's lookup tables and
 * memos (scripts/gen_syllables.py computes the same for the syllable table).
 */
static inline uint32_t fnv1a32(const char *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/*
 * A NUL-terminated byte buffer.  `init` with a cap (0 means 256 MiB);
 * `release` frees the contents and leaves an empty buffer; `detach` hands the
 * string to the caller (who frees it with free()) and resets the buffer.
 */
struct sbuf {
	char *buf;
	size_t len, alloc, cap;
	int toobig;
};
void sbuf_init(struct sbuf *sb, size_t cap);
void sbuf_release(struct sbuf *sb);
char *sbuf_detach(struct sbuf *sb);
void sbuf_add(struct sbuf *sb, const char *data, size_t n);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addc(struct sbuf *sb, char c);
/* Appends v in decimal; what sbuf_addf("%lld") does, without printf. */
void sbuf_addi(struct sbuf *sb, long long v);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *sb);
/*
 * Appends s with & < > " ' written as HTML character references, so that it
 * stands as text in element content and in quoted attribute values alike
 * (git's strbuf_addstr_xml_quoted): the mails' HTML parts and the server's
 * error pages.
 */
void sbuf_add_html(struct sbuf *sb, const char *s);

/* A growable array of owned strings. */
struct strlist {
	char **v;
	size_t n, alloc;
};
/* Appends a copy of s (of n bytes). */
void strlist_addn(struct strlist *l, const char *s, size_t n);
void strlist_add(struct strlist *l, const char *s);
/* Appends only when no element compares equal under `eq` (NULL: strcmp). */
int strlist_add_unique(struct strlist *l, const char *s,
		       int (*eq)(const char *, const char *));
void strlist_release(struct strlist *l);

#endif
