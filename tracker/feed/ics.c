/*
 * ics.c - RFC 5545 content lines: TEXT escaping and folding in one pass
 * over the value, written into the caller's buffer.  See ics.h.
 */
#include "tracker/feed/ics.h"

#include <stdio.h>
#include <string.h>

#include "notices/deadline.h"

#define LINE_OCTETS 75

void ics_begin(struct ics_line *l, struct sbuf *sb, const char *name)
{
	l->sb = sb;
	l->col = 0;
	ics_raw(l, name, strlen(name));
	ics_raw(l, ":", 1);
}

/*
 * The fold: as many whole characters as fit on the physical line, then
 * CRLF and a space.  A fold never lands before a UTF-8 continuation byte;
 * values are valid UTF-8 (the store holds nothing else), and a stray
 * continuation byte at worst moves the fold, never stops it.
 */
void ics_raw(struct ics_line *l, const char *s, size_t n)
{
	while (n > LINE_OCTETS - l->col) {
		size_t cut = LINE_OCTETS - l->col;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		if (!cut && l->col <= 1)
			cut = LINE_OCTETS - l->col; /* not UTF-8: cut anyway */
		sbuf_add(l->sb, s, cut);
		sbuf_add(l->sb, "\r\n ", 3);
		l->col = 1;
		s += cut;
		n -= cut;
	}
	sbuf_add(l->sb, s, n);
	l->col += n;
}

/* What TEXT makes of each byte: 0 as it is, 1 dropped, else the escape's
 * second character. */
static const unsigned char text_class[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, ['\n'] = 'n', [0x0b] = 1, [0x0c] = 1,
	[0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
	[0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
	[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1,
	[0x1f] = 1, [','] = ',', [';'] = ';', ['\\'] = '\\', [0x7f] = 1
};

void ics_text(struct ics_line *l, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	unsigned char k;

	for (;;) {
		while (!text_class[*p])
			p++;
		if (!*p)
			break;
		k = text_class[*p];
		ics_raw(l, (const char *)run, (size_t)(p - run));
		run = ++p;
		if (k != 1) {
			char esc[2] = {'\\', (char)k};
			ics_raw(l, esc, 2);
		}
	}
	ics_raw(l, (const char *)run, (size_t)(p - run));
}

void ics_end(struct ics_line *l)
{
	sbuf_add(l->sb, "\r\n", 2);
	l->col = 0;
}

void ics_prop(struct sbuf *sb, const char *name, const char *value)
{
	struct ics_line l;

	ics_begin(&l, sb, name);
	ics_raw(&l, value, strlen(value));
	ics_end(&l);
}

void ics_prop_text(struct sbuf *sb, const char *name, const char *text)
{
	struct ics_line l;

	ics_begin(&l, sb, name);
	ics_text(&l, text);
	ics_end(&l);
}

/* n digits of v, zero-padded, at p. */
static char *digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

void ics_prop_date(struct sbuf *sb, const char *name, struct ymd d)
{
	char v[8];
	struct ics_line l;

	digits(digits(digits(v, (unsigned)d.y % 10000, 4), (unsigned)d.m % 100, 2),
	       (unsigned)d.d % 100, 2);
	ics_begin(&l, sb, name);
	ics_raw(&l, v, sizeof(v));
	ics_end(&l);
}

void ics_prop_utc(struct sbuf *sb, const char *name, long long secs)
{
	long long days = secs / 86400, rem = secs % 86400;
	struct ics_line l;
	struct ymd d;
	char v[16], *p;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	d = ymd_from_days((long)days);
	p = digits(digits(digits(v, (unsigned)d.y % 10000, 4), (unsigned)d.m % 100, 2),
		   (unsigned)d.d % 100, 2);
	*p++ = 'T';
	p = digits(digits(digits(p, (unsigned)(rem / 3600), 2), (unsigned)(rem / 60 % 60), 2),
		   (unsigned)(rem % 60), 2);
	*p++ = 'Z';
	ics_begin(&l, sb, name);
	ics_raw(&l, v, (size_t)(p - v));
	ics_end(&l);
}

void ics_prop_int(struct sbuf *sb, const char *name, long long v)
{
	struct ics_line l;
	size_t at;

	ics_begin(&l, sb, name);
	at = sb->len;
	sbuf_addi(sb, v); /* at most 20 octets after a short name: no fold */
	l.col += sb->len - at;
	ics_end(&l);
}
