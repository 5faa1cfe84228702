/*
 * text.c - UTF-8 validation, NFC, markup removal and folding.  See text.h.
 */
#include "notices/text.h"
#include "notices/notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void set_err(struct notice_err *err, int line, int col, const char *msg)
{
	if (!err)
		return;
	err->line = line;
	err->col = col;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

size_t utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80)
		return 1;
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* Decodes one character of valid UTF-8 (the text was validated on entry). */
static int32_t decode(const char *s, size_t *n)
{
	utf8proc_int32_t cp = 0;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, 4, &cp);
	if (k < 1) {
		*n = 1;
		return (unsigned char)*s;
	}
	*n = (size_t)k;
	return cp;
}

/*
 * Combining marks that NFD Vietnamese uses (U+0300..U+036F, as 0xCC 0x80 ..
 * 0xCD 0xAF).  NFC is expensive, so text without them skips it.
 */
static int has_combining(const char *s, size_t len)
{
	return memchr(s, 0xCC, len) || memchr(s, 0xCD, len);
}

char *text_normalize(const char *buf, size_t len, size_t *outlen,
		     struct notice_err *err)
{
	/* Every step keeps or shortens the text (CRLF to LF, a BOM dropped),
	 * so one buffer of the input's size holds the result. */
	char *w = xmalloc(len + 1);
	size_t i = 0, line_start = 0, o = 0;
	int line = 1;
	char *out = NULL;

	/* Columns count bytes from the line's start, BOM included, as
	 * `cut -b` does. */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x80) {
			size_t j = i;
			/* Copy an ASCII run at once: most of a notice is ASCII
			 * or short Vietnamese runs between it. */
			while (j < len && (unsigned char)buf[j] >= 0x20 && (unsigned char)buf[j] < 0x80)
				j++;
			if (j > i) {
				memcpy(w + o, buf + i, j - i);
				o += j - i;
				i = j;
				continue;
			}
			if (c == 0) {
				char msg[96];
				snprintf(msg, sizeof(msg), "binary data: NUL byte at line %d, byte %zu",
					 line, i - line_start + 1);
				set_err(err, line, (int)(i - line_start + 1), msg);
				goto fail;
			}
			if (c == '\r' || c == '\n' || c == '\f' || c == '\v') {
				/* CRLF is one line end; a lone CR (old Mac) and the
				 * form feed of a page break are too. */
				if (c == '\r' && i + 1 < len && buf[i + 1] == '\n')
					i++;
				w[o++] = '\n';
				i++;
				line++;
				line_start = i;
				continue;
			}
			/* Tabs and other control characters become spaces. */
			w[o++] = ' ';
			i++;
			continue;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k;
			/* Two- and three-byte letters (all of Vietnamese) are
			 * checked inline; the rest goes through utf8proc. */
			if (c >= 0xC2 && c <= 0xDF && i + 1 < len &&
			    ((unsigned char)buf[i + 1] & 0xC0) == 0x80) {
				memcpy(w + o, buf + i, 2);
				o += 2;
				i += 2;
				continue;
			}
			if (c >= 0xE1 && c <= 0xEC && c != 0xED && i + 2 < len &&
			    ((unsigned char)buf[i + 1] & 0xC0) == 0x80 &&
			    ((unsigned char)buf[i + 2] & 0xC0) == 0x80 &&
			    !(c == 0xE2 && (unsigned char)buf[i + 1] == 0x80 &&
			      ((unsigned char)buf[i + 2] == 0xA8 || (unsigned char)buf[i + 2] == 0xA9))) {
				memcpy(w + o, buf + i, 3);
				o += 3;
				i += 3;
				continue;
			}
			k = utf8proc_iterate((const utf8proc_uint8_t *)buf + i,
					     (utf8proc_ssize_t)(len - i), &cp);
			if (k < 1 || !utf8proc_codepoint_valid(cp)) {
				char msg[128];
				snprintf(msg, sizeof(msg),
					 "invalid UTF-8 at line %d, byte %zu (0x%02X)", line,
					 i - line_start + 1, c);
				set_err(err, line, (int)(i - line_start + 1), msg);
				goto fail;
			}
			if (cp == 0xFEFF) { /* a BOM in the middle: drop it */
				i += (size_t)k;
				continue;
			}
			if (cp == 0x2028 || cp == 0x2029) {
				w[o++] = '\n';
				i += (size_t)k;
				line++;
				line_start = i;
				continue;
			}
			memcpy(w + o, buf + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
		}
	}
	w[o] = '\0';
	out = w;
	w = NULL;
	*outlen = o;
	if (has_combining(out, *outlen)) {
		utf8proc_uint8_t *nfc = NULL;
		utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)out,
						  (utf8proc_ssize_t)*outlen, &nfc,
						  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (n < 0) {
			set_err(err, 0, 0, "cannot normalise text to NFC");
			free(out);
			return NULL;
		}
		free(out);
		out = xstrndup((const char *)nfc, (size_t)n);
		free(nfc);
		*outlen = (size_t)n;
	}
	return out;
fail:
	free(w);
	return NULL;
}

static int is_letter_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
		return 1;
	default:
		return 0;
	}
}

int text_is_alnum(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return is_letter_cp(decode(s, &n));
}

int text_is_upper(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	return utf8proc_category(decode(s, &n)) == UTF8PROC_CATEGORY_LU;
}

int text_is_lower(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	return utf8proc_category(decode(s, &n)) == UTF8PROC_CATEGORY_LL;
}

/* Encodes cp into out when it takes exactly `want` bytes. */
static int encode_same(int32_t cp, char *out, size_t want)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
	if ((size_t)n != want)
		return 0;
	memcpy(out, tmp, want);
	return 1;
}

/*
 * Old-style tone placement puts the mark on the second vowel of "oa", "oe",
 * "uy" in an open syllable ("hoà", "uỷ"); the new style on the first
 * ("hòa", "ủy").  Rewrite old to new when the pair ends the syllable and the
 * 'u' is not part of "qu" ("quý" is right in both styles).  Only pairs whose
 * rewritten form has the same byte length are rewritten, which covers every
 * pair that occurs in administrative text.
 */
static void fix_tone(char *s, size_t len)
{
	size_t i;
	for (i = 0; i + 2 < len; i++) {
		unsigned char *p = (unsigned char *)s + i, a = p[1], b = p[2];
		size_t n = 0;
		if (s[i] != 'o' && s[i] != 'u')
			continue;
		if (i > 0 && s[i] == 'u' && s[i - 1] == 'q')
			continue;
		/* The pairs, as bytes after the 'o' or 'u':
		 * oà C3A0 oá C3A1 oã C3A3 oè C3A8 oé C3A9 uý C3BD,
		 * oả E1BAA3 oạ E1BAA1 oẻ E1BABB oẹ E1BAB9 uỷ E1BBB7 uỵ E1BBB5. */
		if (a == 0xC3) {
			if (s[i] == 'o' && (b == 0xA0 || b == 0xA1 || b == 0xA3 || b == 0xA8 || b == 0xA9))
				n = 3;
			else if (s[i] == 'u' && b == 0xBD)
				n = 3;
		} else if (a == 0xE1 && i + 3 < len) {
			unsigned char c = p[3];
			if (s[i] == 'o' && b == 0xBA && (c == 0xA3 || c == 0xA1 || c == 0xBB || c == 0xB9))
				n = 4;
			else if (s[i] == 'u' && b == 0xBB && (c == 0xB7 || c == 0xB5))
				n = 4;
		}
		if (!n || (i + n < len && text_is_alnum(s + i + n)))
			continue;
		{
			static const struct { const char *old, *neu; } pairs[] = {
				{"oà", "òa"}, {"oá", "óa"}, {"oả", "ỏa"}, {"oã", "õa"}, {"oạ", "ọa"},
				{"oè", "òe"}, {"oé", "óe"}, {"oẻ", "ỏe"}, {"oẹ", "ọe"},
				{"uý", "úy"}, {"uỷ", "ủy"}, {"uỵ", "ụy"},
			};
			size_t k;
			for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++)
				if (strlen(pairs[k].old) == n && !memcmp(s + i, pairs[k].old, n)) {
					memcpy(s + i, pairs[k].neu, n);
					break;
				}
		}
	}
}

/*
 * Lower-cases in place the letters Vietnamese is written with, without a
 * table lookup: Latin-1 capitals (U+00C0..U+00DE), the pairs of Latin
 * Extended-A and -B it uses (Ă Đ Ĩ Ũ Ơ Ư), and the Latin Extended
 * Additional block U+1EA0..U+1EF9 where capitals are the even code points.
 * Returns 1 when the character was handled (changed or already lower).
 */
static int fast_lower(unsigned char *p, size_t n)
{
	if (n == 2 && p[0] == 0xC3) {
		if (p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97)
			p[1] += 0x20;
		return 1;
	}
	if (n == 2 && p[0] == 0xC4 && (p[1] == 0x82 || p[1] == 0x90 || p[1] == 0xA8)) {
		p[1]++;
		return 1;
	}
	if (n == 2 && p[0] == 0xC5 && p[1] == 0xA8) {
		p[1]++;
		return 1;
	}
	if (n == 2 && p[0] == 0xC6 && (p[1] == 0xA0 || p[1] == 0xAF)) {
		p[1]++;
		return 1;
	}
	if (n == 3 && p[0] == 0xE1 && (p[1] == 0xBA || p[1] == 0xBB)) {
		unsigned cp = 0x1E00u | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		if (cp >= 0x1EA0 && cp <= 0x1EF9) {
			if (!(cp & 1))
				p[2]++; /* never carries: even low bits below 0xBF */
			return 1;
		}
	}
	return 0;
}

char *text_fold(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i = 0;
	int any_pair = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			do {
				out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
				i++;
			} while (i < len && (c = (unsigned char)s[i]) < 0x80);
		} else {
			size_t n = utf8_len(s + i);
			int32_t cp, lo;
			if (i + n > len) {
				/* A prefix cut inside a character: keep its bytes. */
				memcpy(out + i, s + i, len - i);
				break;
			}
			memcpy(out + i, s + i, n);
			if (!fast_lower((unsigned char *)out + i, n)) {
				cp = decode(s + i, &n);
				lo = utf8proc_tolower(cp);
				if (lo != cp)
					encode_same(lo, out + i, n);
			}
			any_pair = 1;
			i += n;
		}
	}
	out[len] = '\0';
	if (any_pair)
		fix_tone(out, len);
	return out;
}

/* Replaces every `from` by `to` in sb's contents. */
static void replace_all(struct sbuf *sb, const char *from, const char *to)
{
	struct sbuf o;
	size_t fl = strlen(from), i = 0;
	if (!strstr(sb->buf, from))
		return;
	sbuf_init(&o, 0);
	while (i < sb->len) {
		if (!strncmp(sb->buf + i, from, fl)) {
			sbuf_adds(&o, to);
			i += fl;
		} else {
			sbuf_addc(&o, sb->buf[i++]);
		}
	}
	sbuf_release(sb);
	*sb = o;
}

char *text_unit_key(const char *s)
{
	size_t len = strlen(s), i;
	char *f = text_fold(s, len);
	struct sbuf sb;
	int space = 1;

	sbuf_init(&sb, 0);
	for (i = 0; i < len;) {
		unsigned char c = (unsigned char)f[i];
		if (!strncmp(f + i, "–", 3) || !strncmp(f + i, "—", 3)) {
			c = '-';
			i += 2;
		}
		if (c == '&') {
			if (!space)
				sbuf_addc(&sb, ' ');
			sbuf_adds(&sb, "và ");
			space = 1;
			i++;
			continue;
		}
		if (c == '-') {
			/* "Kế hoạch- Đầu tư" and "Kế hoạch - Đầu tư" are one name. */
			if (!space)
				sbuf_addc(&sb, ' ');
			sbuf_adds(&sb, "- ");
			space = 1;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')' || c == '"') {
			if (!space)
				sbuf_addc(&sb, ' ');
			space = 1;
			i++;
			continue;
		}
		sbuf_addc(&sb, (char)c);
		space = 0;
		i++;
	}
	while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == '.' ||
			  sb.buf[sb.len - 1] == ',' || sb.buf[sb.len - 1] == ';' ||
			  sb.buf[sb.len - 1] == ':'))
		sb.buf[--sb.len] = '\0';
	if (!sb.buf)
		sbuf_adds(&sb, "");
	replace_all(&sb, "ủy ban nhân dân", "ubnd");
	replace_all(&sb, "hội đồng nhân dân", "hđnd");
	replace_all(&sb, "mặt trận tổ quốc", "mttq");
	free(f);
	return sbuf_detach(&sb);
}

static int is_space_at(const char *s, size_t *n)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t') {
		*n = 1;
		return 1;
	}
	if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* NBSP */
		*n = 2;
		return 1;
	}
	if (c == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] <= 0x8B || (unsigned char)s[2] == 0xAF)) {
		*n = 3; /* U+2000..U+200B, U+202F */
		return 1;
	}
	if (c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) {
		*n = 3; /* ideographic space */
		return 1;
	}
	return 0;
}

size_t text_squeeze(char *s, size_t len)
{
	size_t i = 0, o = 0, n;
	int space = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		/* Only ' ', '\t' and sequences led by 0xC2, 0xE2, 0xE3 can be
		 * spaces; every other byte is copied as it is. */
		if (c > ' ' && c != 0xC2 && c != 0xE2 && c != 0xE3) {
			if (space && o > 0)
				s[o++] = ' ';
			space = 0;
			s[o++] = s[i++];
			continue;
		}
		if (is_space_at(s + i, &n) && i + n <= len) {
			i += n;
			space = 1;
			continue;
		}
		if (space && o > 0)
			s[o++] = ' ';
		space = 0;
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

const char *text_trim(const char *s, size_t *len)
{
	size_t n;
	while (*len && is_space_at(s, &n) && n <= *len) {
		s += n;
		*len -= n;
	}
	while (*len) {
		unsigned char c = (unsigned char)s[*len - 1];
		if (c == ' ' || c == '\t')
			(*len)--;
		else if (*len >= 2 && c == 0xA0 && (unsigned char)s[*len - 2] == 0xC2)
			*len -= 2;
		else
			break;
	}
	return s;
}

/* Superscript digits used as footnote references: ¹ ² ³ and U+2070..2079. */
static size_t superscript_at(const char *s)
{
	unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
	if (a == 0xC2 && (b == 0xB9 || b == 0xB2 || b == 0xB3))
		return 2;
	if (a == 0xE2 && b == 0x81 && (unsigned char)s[2] >= 0xB0 && (unsigned char)s[2] <= 0xB9)
		return 3;
	return 0;
}

size_t text_strip_markup(char *s, size_t len)
{
	size_t i = 0, o = 0, n;
	/* Leading heading marks ("## ", "#### "). */
	while (i < len && s[i] == '#')
		i++;
	if (i > 0 && i < len && s[i] == ' ')
		i++;
	else if (i > 0 && i < len)
		i = 0;
	while (i < len) {
		char c = s[i];
		if (c == '<') {
			if (!strncmp(s + i, "<sup>", 5)) {
				const char *e = strstr(s + i, "</sup>");
				if (e && (size_t)(e - s) < len) {
					i = (size_t)(e - s) + 6;
					continue;
				}
			}
			if (i + 1 < len && (s[i + 1] == '/' || (s[i + 1] >= 'a' && s[i + 1] <= 'z'))) {
				const char *e = memchr(s + i, '>', len - i);
				if (e && e - (s + i) < 64) {
					i = (size_t)(e - s) + 1;
					continue;
				}
			}
		} else if (c == '&') {
			static const struct { const char *ent, *rep; } ents[] = {
				{"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
				{"&quot;", "\""}, {"&#39;", "'"},
			};
			size_t k;
			int hit = 0;
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				size_t el = strlen(ents[k].ent);
				if (i + el <= len && !strncmp(s + i, ents[k].ent, el)) {
					s[o++] = ents[k].rep[0];
					i += el;
					hit = 1;
					break;
				}
			}
			if (hit)
				continue;
		} else if (c == '\\' && i + 1 < len) {
			/* "\*" is a decorative or escaped asterisk: drop it;
			 * other escapes keep the escaped character. */
			if (s[i + 1] == '*') {
				i += 2;
				continue;
			}
			if (strchr(".-#_[]()+!`>|", s[i + 1])) {
				i++;
				continue;
			}
		} else if (c == '*') {
			i++;
			continue;
		} else if (c == '_' && i + 1 < len && s[i + 1] == '_') {
			i += 2;
			continue;
		} else if (c == '[' && i + 1 < len && s[i + 1] == '^') {
			const char *e = memchr(s + i, ']', len - i);
			if (e && e - (s + i) < 12) {
				i = (size_t)(e - s) + 1;
				continue;
			}
		} else if ((n = superscript_at(s + i)) && i + n <= len) {
			i += n;
			continue;
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

long text_find_word(const char *hay, size_t len, size_t from, const char *word)
{
	size_t wl = strlen(word);
	const char *p = hay + from, *end = hay + len;
	if (!wl)
		return -1;
	while (p + wl <= end) {
		const char *q = memchr(p, word[0], (size_t)(end - p));
		size_t off;
		if (!q || q + wl > end)
			return -1;
		off = (size_t)(q - hay);
		if (!memcmp(q, word, wl)) {
			int left_ok = off == 0;
			if (!left_ok) {
				/* Step back to the start of the previous character. */
				size_t b = off - 1;
				while (b > 0 && ((unsigned char)hay[b] & 0xC0) == 0x80)
					b--;
				left_ok = !text_is_alnum(hay + b);
			}
			if (left_ok && (q + wl == end || !text_is_alnum(q + wl)))
				return (long)off;
		}
		p = q + 1;
	}
	return -1;
}

int text_starts_word(const char *s, size_t len, const char *word)
{
	size_t wl = strlen(word);
	return wl <= len && !memcmp(s, word, wl) && (wl == len || !text_is_alnum(s + wl));
}

void text_capitalize(char *s)
{
	size_t n;
	int32_t cp, up;
	if (!s || !*s)
		return;
	if ((unsigned char)*s < 0x80) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 32);
		return;
	}
	cp = decode(s, &n);
	up = utf8proc_toupper(cp);
	if (up != cp)
		encode_same(up, s, n);
}
