/*
 * text.c - UTF-8 validation, NFC, markup removal and folding.  See text.h.
 */
#include "notices/text.h"
#include "notices/notice.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

/*
 * Eight-byte steps over ASCII, in text_normalize() and text_fold_into(),
 * where the compiler tells the byte order: FIRST_HIGH_LANE(m) is the index
 * in memory of the first byte whose lane has its high bit set in m.
 * LANES(b) is b in every lane.  LITTLE_ENDIAN_LANES marks the byte order
 * in which a borrow only runs towards later bytes, so that the first lane
 * of a "less than" test is exact.
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FIRST_HIGH_LANE(m) ((size_t)__builtin_ctzll(m) >> 3)
#define LITTLE_ENDIAN_LANES 1
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_HIGH_LANE(m) ((size_t)__builtin_clzll(m) >> 3)
#endif

#define LANES(b) ((uint64_t)0x0101010101010101u * (b))

#ifdef __SSE2__
#include <emmintrin.h>

/*
 * How many of the 16 bytes at p, which start at a character, are plain
 * text as text_normalize() copies it: printable ASCII, two-byte sequences
 * C2..DF and three-byte ones E1..EC but U+2028/U+2029 (E2 80 A8/A9), each
 * with its continuation bytes.  The count stops before the first byte that
 * is not, or before a character the 16 bytes cut; 0 when the first is not.
 * Vietnamese puts a letter outside ASCII every few bytes, so the runs of
 * ASCII are short and the characters are classified 16 at a time here.
 */
static size_t plain16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	/* Signed compares: 0x80..0xFF are negative. */
	__m128i ascii = _mm_cmpgt_epi8(x, _mm_set1_epi8(0x1F));
	__m128i cont = _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xC0));
	__m128i lead2 = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)0xC1)),
				      _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xE0)));
	__m128i lead3 = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)0xE0)),
				      _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xED)));
	__m128i e2 = _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2));
	__m128i b80 = _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0x80));
	__m128i a8 = _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xFE)),
				    _mm_set1_epi8((char)0xA8));
	unsigned m_ascii = (unsigned)_mm_movemask_epi8(ascii);
	unsigned m_cont = (unsigned)_mm_movemask_epi8(cont);
	unsigned m_l2 = (unsigned)_mm_movemask_epi8(lead2);
	unsigned m_l3 = (unsigned)_mm_movemask_epi8(lead3);
	unsigned m_sep = (unsigned)_mm_movemask_epi8(e2) &
			 ((unsigned)_mm_movemask_epi8(b80) >> 1) &
			 ((unsigned)_mm_movemask_epi8(a8) >> 2);
	unsigned want = (m_l2 << 1) | (m_l3 << 1) | (m_l3 << 2);
	/* Bytes of no class; continuation bytes no lead byte wants; lead
	 * bytes without their continuations (a character the 16 bytes cut
	 * too); the line separators. */
	unsigned bad = ~(m_ascii | m_l2 | m_l3 | m_cont) | (m_cont & ~want) |
		       (m_l2 & ~(m_cont >> 1)) | (m_l3 & ~(m_cont >> 1 & m_cont >> 2)) | m_sep;
	bad &= 0xFFFF;
	return bad ? (size_t)__builtin_ctz(bad) : 16;
}
#endif

char *text_normalize(const char *buf, size_t len, size_t *outlen,
		     struct err *err)
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
		size_t run = i;
		unsigned char c;
		/* Plain text is copied in spans, one memcpy each: printable ASCII
		 * and the two- and three-byte sequences all of Vietnamese is
		 * written with, checked inline.  Everything else stops the span
		 * and is handled one character at a time below. */
		while (i < len) {
#ifdef __SSE2__
			if (i + 16 <= len) {
				size_t k = plain16((const unsigned char *)buf + i);
				i += k;
				if (k == 16)
					continue;
			}
			if (i >= len)
				break;
#endif
			c = (unsigned char)buf[i];
			if (c >= 0x20 && c < 0x80) {
				i++;
#ifdef LITTLE_ENDIAN_LANES
				/* The rest of an ASCII run: the first lane below
				 * 0x20 or with its high bit set ends it. */
				while (i + 8 <= len) {
					uint64_t v, stop;
					memcpy(&v, buf + i, 8);
					stop = (v | ((v - LANES(0x20)) & ~v)) & LANES(0x80);
					if (stop) {
						i += FIRST_HIGH_LANE(stop);
						break;
					}
					i += 8;
				}
#endif
			} else if (c >= 0xC2 && c <= 0xDF && i + 1 < len &&
				   ((unsigned char)buf[i + 1] & 0xC0) == 0x80) {
				i += 2;
			} else if (c >= 0xE1 && c <= 0xEC && i + 2 < len &&
				   ((unsigned char)buf[i + 1] & 0xC0) == 0x80 &&
				   ((unsigned char)buf[i + 2] & 0xC0) == 0x80 &&
				   !(c == 0xE2 && (unsigned char)buf[i + 1] == 0x80 &&
				     ((unsigned char)buf[i + 2] == 0xA8 ||
				      (unsigned char)buf[i + 2] == 0xA9))) {
				i += 3;
			} else {
				break;
			}
		}
		if (i > run) {
			memcpy(w + o, buf + run, i - run);
			o += i - run;
		}
		if (i >= len)
			break;
		c = (unsigned char)buf[i];
		if (c < 0x80) {
			if (c == 0) {
				err_at(err, ERR_ENCODING, line, (int)(i - line_start + 1),
				       "binary data: NUL byte at line %d, byte %zu", line,
				       i - line_start + 1);
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
			k = utf8proc_iterate((const utf8proc_uint8_t *)buf + i,
					     (utf8proc_ssize_t)(len - i), &cp);
			if (k < 1 || !utf8proc_codepoint_valid(cp)) {
				err_at(err, ERR_ENCODING, line, (int)(i - line_start + 1),
				       "invalid UTF-8 at line %d, byte %zu (0x%02X)", line,
				       i - line_start + 1, c);
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
			err_set(err, ERR_ENCODING, "cannot normalise text to NFC");
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

/*
 * Word boundaries are tested at almost every word, mostly next to a
 * Vietnamese letter, so the blocks Vietnamese is written in are answered
 * without utf8proc: U+00C0..U+00FF but × and ÷, U+0100..U+023F, and
 * U+1E00..U+1EFF are all letters.  A sequence with a bad continuation byte
 * goes the slow way, which decodes it as utf8proc does.
 */
int text_is_alnum(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char c = u[0];
	size_t n;
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c >= 0xC3 && c <= 0xC8 && (u[1] & 0xC0) == 0x80)
		return c != 0xC3 || (u[1] != 0x97 && u[1] != 0xB7);
	if (c == 0xE1 && u[1] >= 0xB8 && u[1] <= 0xBB && (u[2] & 0xC0) == 0x80)
		return 1;
	return is_letter_cp(decode(s, &n));
}

/*
 * The case of the letters Vietnamese is written with, without utf8proc:
 * 1 upper, 0 lower, -1 for × and ÷.  Latin-1 U+00C0..U+00FF
 * (× and ÷ are no letters), Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư, and U+1EA0..U+1EF9
 * where capitals are the even code points.  All are as utf8proc_category()
 * says (Lu, Ll, or Sm for × and ÷); -2 for a character not among them.
 */
static int vi_case(const unsigned char *u)
{
	if (u[0] == 0xC3 && (u[1] & 0xC0) == 0x80)
		return u[1] == 0x97 || u[1] == 0xB7 ? -1 : u[1] < 0x9F;
	if ((u[0] == 0xC4 && (u[1] == 0x82 || u[1] == 0x83 || u[1] == 0x90 || u[1] == 0x91 ||
			      u[1] == 0xA8 || u[1] == 0xA9)) ||
	    (u[0] == 0xC5 && (u[1] == 0xA8 || u[1] == 0xA9)) ||
	    (u[0] == 0xC6 && (u[1] == 0xA0 || u[1] == 0xA1)))
		return !(u[1] & 1);
	if (u[0] == 0xC6 && (u[1] == 0xAF || u[1] == 0xB0))
		return u[1] == 0xAF;
	if (u[0] == 0xE1 && ((u[1] == 0xBA && u[2] >= 0xA0 && u[2] <= 0xBF) ||
			     (u[1] == 0xBB && u[2] >= 0x80 && u[2] <= 0xB9)))
		return !(u[2] & 1);
	return -2;
}

int text_is_upper(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;
	int k;
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if ((k = vi_case((const unsigned char *)s)) != -2)
		return k == 1;
	return utf8proc_category(decode(s, &n)) == UTF8PROC_CATEGORY_LU;
}

int text_is_lower(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;
	int k;
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	if ((k = vi_case((const unsigned char *)s)) != -2)
		return k == 0;
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
 *
 * tone_pair() says whether such a pair starts at s[i] (its length, 3 or 4
 * bytes, or 0), tone_rewrite() rewrites it unless a letter or digit follows.
 * A rewrite never makes or unmakes another pair, so pairs can be rewritten
 * in any order.
 */
static size_t tone_pair(const char *s, size_t i, size_t len)
{
	const unsigned char *p = (const unsigned char *)s + i;
	unsigned char a, b;
	if (i + 2 >= len || (s[i] != 'o' && s[i] != 'u'))
		return 0;
	if (i > 0 && s[i] == 'u' && s[i - 1] == 'q')
		return 0;
	a = p[1];
	b = p[2];
	/* The pairs, as bytes after the 'o' or 'u':
	 * oà C3A0 oá C3A1 oã C3A3 oè C3A8 oé C3A9 uý C3BD,
	 * oả E1BAA3 oạ E1BAA1 oẻ E1BABB oẹ E1BAB9 uỷ E1BBB7 uỵ E1BBB5. */
	if (a == 0xC3) {
		if (s[i] == 'o' && (b == 0xA0 || b == 0xA1 || b == 0xA3 || b == 0xA8 || b == 0xA9))
			return 3;
		if (s[i] == 'u' && b == 0xBD)
			return 3;
	} else if (a == 0xE1 && i + 3 < len) {
		unsigned char c = p[3];
		if (s[i] == 'o' && b == 0xBA && (c == 0xA3 || c == 0xA1 || c == 0xBB || c == 0xB9))
			return 4;
		if (s[i] == 'u' && b == 0xBB && (c == 0xB7 || c == 0xB5))
			return 4;
	}
	return 0;
}

static void tone_rewrite(char *s, size_t i, size_t n, size_t len)
{
	static const struct { const char *old, *neu; } pairs[] = {
		{"oà", "òa"}, {"oá", "óa"}, {"oả", "ỏa"}, {"oã", "õa"}, {"oạ", "ọa"},
		{"oè", "òe"}, {"oé", "óe"}, {"oẻ", "ỏe"}, {"oẹ", "ọe"},
		{"uý", "úy"}, {"uỷ", "ủy"}, {"uỵ", "ụy"},
	};
	size_t k;
	if (i + n < len && text_is_alnum(s + i + n))
		return;
	for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++)
		if (strlen(pairs[k].old) == n && !memcmp(s + i, pairs[k].old, n)) {
			memcpy(s + i, pairs[k].neu, n);
			break;
		}
}

/* Every pair of folded, NUL-terminated s, byte by byte. */
static void fix_tone(char *s, size_t len)
{
	size_t i, n;
	for (i = 0; i + 2 < len; i++)
		if ((n = tone_pair(s, i, len)) != 0)
			tone_rewrite(s, i, n, len);
}

/*
 * Lower-cases in place the letters Vietnamese is written with, without a
 * table lookup: Latin-1 capitals (U+00C0..U+00DE), the pairs of Latin
 * Extended-A and -B it uses (Ă Đ Ĩ Ũ Ơ Ư, and ă đ ĩ ũ ơ ư left as they
 * are), and the Latin Extended Additional block U+1EA0..U+1EF9 where
 * capitals are the even code points.  Returns 1 when the character was
 * handled (changed or already lower).
 */
static int fast_lower(unsigned char *p, size_t n)
{
	if (n == 2 && p[0] == 0xC3) {
		if (p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97)
			p[1] += 0x20;
		return 1;
	}
	if (n == 2 && p[0] == 0xC4) {
		if (p[1] == 0x82 || p[1] == 0x90 || p[1] == 0xA8) {
			p[1]++;
			return 1;
		}
		return p[1] == 0x83 || p[1] == 0x91 || p[1] == 0xA9;
	}
	if (n == 2 && p[0] == 0xC5) {
		if (p[1] == 0xA8) {
			p[1]++;
			return 1;
		}
		return p[1] == 0xA9;
	}
	if (n == 2 && p[0] == 0xC6) {
		if (p[1] == 0xA0 || p[1] == 0xAF) {
			p[1]++;
			return 1;
		}
		return p[1] == 0xA1 || p[1] == 0xB0;
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

#ifdef __SSE2__
#define EQ8(v, b) _mm_cmpeq_epi8((v), _mm_set1_epi8((char)(b)))
/* Each byte moved to the next lane: what follows a lead byte. */
#define NEXT8(v) _mm_slli_si128((v), 1)
/*
 * One step of text_fold_into() over the sixteen bytes at s[i] (i + 16 <=
 * len), for well-formed Vietnamese text.  The capitals of ASCII and those
 * Vietnamese writes with (Latin-1 after C3; Ă Đ Ĩ after C4, Ũ after C5,
 * Ơ Ư after C6; U+1EA0..U+1EF9 after E1 BA or E1 BB) are folded in all
 * sixteen lanes at once, as fast_lower() folds them one at a time; any other
 * character goes through the byte-by-byte path's steps.  Only two-byte
 * characters (C2..DF) and three-byte ones led by E1..EC, EE, EF are taken,
 * with all their continuation bytes; anything else (a stray continuation
 * byte, a four-byte character) returns 0 and is left to the byte-by-byte
 * step.  Returns how many bytes were folded, whole characters only; a tone
 * pair whose next character is past them stays pending in *pend, *pend_n.
 */
static size_t fold16(const char *s, size_t i, size_t len, char *out, size_t *pend, size_t *pend_n)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(s + i)), y;
	/* Signed compares: 0x80..0xFF are negative. */
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
				   _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
	__m128i l2 = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)0xC1)),
				   _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xE0)));
	__m128i l3 = _mm_andnot_si128(EQ8(x, 0xED), _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)0xE0)),
								   _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xF0))));
	__m128i c3 = EQ8(x, 0xC3), e1 = EQ8(x, 0xE1), xe = _mm_and_si128(x, _mm_set1_epi8((char)0xFE));
	__m128i ac4 = NEXT8(EQ8(x, 0xC4)), ac5 = NEXT8(EQ8(x, 0xC5)), ac6 = NEXT8(EQ8(x, 0xC6));
	__m128i e1s = _mm_and_si128(NEXT8(e1), _mm_or_si128(EQ8(x, 0xBA), EQ8(x, 0xBB)));
	__m128i even = EQ8(_mm_and_si128(x, _mm_set1_epi8(1)), 0);
	__m128i lat1, ext, ext_in, ab, ab_in;
	unsigned high = (unsigned)_mm_movemask_epi8(x);
	unsigned m2 = (unsigned)_mm_movemask_epi8(l2), m3 = (unsigned)_mm_movemask_epi8(l3);
	unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)0xBF))) & high;
	unsigned expect, stop = 16, below, other, cand, m;
	size_t a;

	if (lead & ~(m2 | m3))
		return 0;
	/* A character the sixteen bytes cut is left to the next step; every
	 * one before it has its continuation bytes, and only those. */
	if (m3 & 0x4000)
		stop = 14;
	else if ((m2 | m3) & 0x8000)
		stop = 15;
	below = (1u << stop) - 1;
	expect = ((m2 & below) << 1) | ((m3 & below) << 1) | ((m3 & below) << 2);
	if ((expect & ~below) || ((high & ~lead) & below) != expect)
		return 0;

	/* After C3: 80..9E but 97 (×) are capitals, 20 below their small letters. */
	lat1 = _mm_andnot_si128(EQ8(x, 0x97), _mm_and_si128(NEXT8(c3), _mm_cmplt_epi8(x, _mm_set1_epi8((char)0x9F))));
	/* After E1 BA (A0..BF) and E1 BB (80..B9): capitals are the even ones. */
	ext_in = _mm_or_si128(
		_mm_and_si128(NEXT8(_mm_and_si128(e1s, EQ8(x, 0xBA))), _mm_cmpgt_epi8(x, _mm_set1_epi8((char)0x9F))),
		_mm_and_si128(NEXT8(_mm_and_si128(e1s, EQ8(x, 0xBB))), _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xBA))));
	ext = _mm_and_si128(ext_in, even);
	/* Ă 82, Đ 90, Ĩ A8 after C4; Ũ A8 after C5; Ơ A0, Ư AF after C6; each
	 * small letter is the next code point. */
	ab_in = _mm_or_si128(
		_mm_or_si128(_mm_and_si128(ac4, _mm_or_si128(_mm_or_si128(EQ8(xe, 0x82), EQ8(xe, 0x90)), EQ8(xe, 0xA8))),
			     _mm_and_si128(ac5, EQ8(xe, 0xA8))),
		_mm_and_si128(ac6, _mm_or_si128(_mm_or_si128(EQ8(xe, 0xA0), EQ8(x, 0xAF)), EQ8(x, 0xB0))));
	ab = _mm_and_si128(ab_in, _mm_or_si128(_mm_and_si128(even, _mm_andnot_si128(EQ8(x, 0xB0), _mm_set1_epi8(-1))),
					       EQ8(x, 0xAF)));
	y = _mm_add_epi8(x, _mm_and_si128(_mm_or_si128(up, lat1), _mm_set1_epi8(0x20)));
	y = _mm_sub_epi8(y, _mm_or_si128(ext, ab)); /* adds 1 where all bits are set */
	_mm_storeu_si128((__m128i *)(out + i), y);

	/* The characters not folded above, one by one. */
	other = lead & below & ~(unsigned)_mm_movemask_epi8(c3) & ~((unsigned)_mm_movemask_epi8(ext_in) >> 2) &
		~((unsigned)_mm_movemask_epi8(ab_in) >> 1);
	for (m = other; m; m &= m - 1) {
		size_t n, k;
		a = i + (size_t)__builtin_ctz(m);
		n = (unsigned char)s[a] < 0xE0 ? 2 : 3;
		if (!fast_lower((unsigned char *)out + a, n)) {
			int32_t cp = decode(s + a, &k), lo = utf8proc_tolower(cp);
			if (lo != cp)
				encode_same(lo, out + a, k);
		}
	}
	if (*pend_n) {
		tone_rewrite(out, *pend, *pend_n, len);
		*pend_n = 0;
	}
	/* Tone pairs: an 'o' or 'u' then a letter led by C3 or E1. */
	m = (unsigned)_mm_movemask_epi8(_mm_or_si128(c3, e1)) & below;
	cand = ((unsigned)_mm_movemask_epi8(_mm_or_si128(EQ8(y, 'o'), EQ8(y, 'u'))) << 1) & m;
	if ((m & 1) && i > 0 && (out[i - 1] == 'o' || out[i - 1] == 'u'))
		cand |= 1;
	for (; cand; cand &= cand - 1) {
		size_t pn;
		a = i + (size_t)__builtin_ctz(cand) - 1;
		if ((pn = tone_pair(out, a, len)) == 0)
			continue;
		if (a + pn < i + stop) {
			tone_rewrite(out, a, pn, len);
		} else {
			*pend = a;
			*pend_n = pn;
		}
	}
	return stop;
}
#endif

/*
 * Folding runs on almost every string the parser matches, so it is one pass.
 * ASCII runs are folded eight bytes at a time: the upper-case letters are
 * found with carry-free arithmetic on the 7-bit lanes, and the run ends at
 * the first lane with its high bit set (Vietnamese words are short runs
 * between multi-byte letters, so most take one step).  A tone pair is found
 * when its second vowel has just been folded, and rewritten once the
 * character after it has been, since the rewrite depends on whether that
 * one is a letter.  Byte for byte this is fix_tone() over the folded text
 * as long as every character is well formed; after a malformed one (a stray
 * continuation byte, a lead byte without its continuations) the characters
 * stepped through are not those fix_tone() looks at, so it runs over the
 * whole text as well, leaving the pairs already rewritten alone.
 */
void text_fold_into(const char *s, size_t len, char *out)
{
	size_t i = 0, pend = 0, pend_n = 0, n, k;
	int malformed = 0;
	while (i < len) {
		unsigned char c;
#ifdef __SSE2__
		if (i + 16 <= len && (n = fold16(s, i, len, out, &pend, &pend_n)) != 0) {
			i += n;
			continue;
		}
#endif
		c = (unsigned char)s[i];
		if (c < 0x80) {
#ifdef FIRST_HIGH_LANE
			/* Lanes past the run are written too, with the bytes
			 * of s; the characters there overwrite them next. */
			while (i + 8 <= len) {
				uint64_t v, low, high;
				memcpy(&v, s + i, 8);
				low = v & LANES(0x7F);
				high = v & LANES(0x80);
				v |= ((low + LANES(0x80 - 'A')) & ~(low + LANES(0x80 - 'Z' - 1)) & ~v &
				      LANES(0x80)) >> 2;
				memcpy(out + i, &v, 8);
				if (high) {
					i += FIRST_HIGH_LANE(high);
					goto run_done;
				}
				i += 8;
			}
			if (i >= len || (c = (unsigned char)s[i]) >= 0x80)
				goto run_done;
#endif
			do {
				out[i] = (char)(c + (((unsigned)c - 'A' < 26u) << 5));
				i++;
			} while (i < len && (c = (unsigned char)s[i]) < 0x80);
#ifdef FIRST_HIGH_LANE
run_done:
#endif
			if (pend_n) {
				tone_rewrite(out, pend, pend_n, len);
				pend_n = 0;
			}
			continue;
		}
		/* The two lead bytes of most Vietnamese letters first: Latin-1
		 * (C3) and U+1EA0..U+1EFF (E1 BA, E1 BB), as fast_lower()
		 * folds them. */
		if (c == 0xC3 && i + 2 <= len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			unsigned char d = (unsigned char)s[i + 1];
			out[i] = (char)c;
			out[i + 1] = (char)(d + (d <= 0x9E && d != 0x97 ? 0x20 : 0));
			n = 2;
			goto folded;
		}
		if (c == 0xE1 && i + 3 <= len && ((unsigned char)s[i + 1] == 0xBA || (unsigned char)s[i + 1] == 0xBB) &&
		    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			unsigned char d = (unsigned char)s[i + 2];
			unsigned cp = 0x1E00u | ((unsigned)((unsigned char)s[i + 1] & 0x3F) << 6) | (d & 0x3Fu);
			if (cp >= 0x1EA0 && cp <= 0x1EF9) {
				out[i] = (char)c;
				out[i + 1] = s[i + 1];
				out[i + 2] = (char)(d + !(cp & 1));
				n = 3;
				goto folded;
			}
		}
		n = utf8_len(s + i);
		if (i + n > len) {
			/* A prefix cut inside a character: keep its bytes. */
			memcpy(out + i, s + i, len - i);
			break;
		}
		out[i] = (char)c;
		if (n == 2 && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			out[i + 1] = s[i + 1];
		} else if (n == 3 && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
			   ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			out[i + 1] = s[i + 1];
			out[i + 2] = s[i + 2];
		} else {
			for (k = 1; k < n; k++) {
				out[i + k] = s[i + k];
				if (((unsigned char)s[i + k] & 0xC0) != 0x80)
					malformed = 1;
			}
			if (n == 1)
				malformed = 1;
		}
		if (!fast_lower((unsigned char *)out + i, n)) {
			int32_t cp, lo;
			cp = decode(s + i, &n);
			lo = utf8proc_tolower(cp);
			if (lo != cp)
				encode_same(lo, out + i, n);
		}
folded:
		if (pend_n) {
			tone_rewrite(out, pend, pend_n, len);
			pend_n = 0;
		}
		if (i > 0 && (out[i - 1] == 'o' || out[i - 1] == 'u') &&
		    ((unsigned char)out[i] == 0xC3 || (unsigned char)out[i] == 0xE1) &&
		    (pend_n = tone_pair(out, i - 1, len)) != 0)
			pend = i - 1;
		i += n;
	}
	out[len] = '\0';
	if (pend_n)
		tone_rewrite(out, pend, pend_n, len);
	if (malformed)
		fix_tone(out, len);
}

char *text_fold(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	text_fold_into(s, len, out);
	return out;
}

char *text_fold_buf(const char *s, size_t len, char *buf, size_t cap, char **heap)
{
	*heap = NULL;
	if (len + 1 > cap)
		buf = *heap = xmalloc(len + 1);
	text_fold_into(s, len, buf);
	return buf;
}

/*
 * Replaces every `from` by a `to` no longer than it, in place, in the
 * NUL-terminated s of len bytes; returns the new length.
 */
static size_t replace_all(char *s, size_t len, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), i, o;
	const char *p = strstr(s, from);
	if (!p)
		return len;
	i = o = (size_t)(p - s);
	while (i < len) {
		if (!strncmp(s + i, from, fl)) {
			memcpy(s + o, to, tl);
			o += tl;
			i += fl;
		} else {
			s[o++] = s[i++];
		}
	}
	s[o] = '\0';
	return o;
}

/* The bytes text_unit_key_into() looks at: separators, dashes (E2),
 * the lead of ủ ộ ặ (E1); every other byte is copied. */
static const unsigned char key_mark[256] = {
	['\t'] = 1, ['\n'] = 1, [' '] = 1, ['"'] = 1, ['&'] = 1, ['('] = 1, [')'] = 1, ['-'] = 1,
	[0xE1] = 1, [0xE2] = 1,
};

size_t text_unit_key_into(const char *s, size_t len, char *out)
{
	/* The folded text goes after the room the key may take. */
	char *f = out + 5 * len + 1;

	text_fold_into(s, len, f);
	return text_unit_key_folded(f, len, out);
}

size_t text_unit_key_folded(const char *f, size_t len, char *out)
{
	size_t i, o = 0;
	int space = 1, abbrev = 0;

	for (i = 0; i < len;) {
		unsigned char c = (unsigned char)f[i];
		if (!key_mark[c]) {
			/* A run of bytes the key keeps as they are. */
			do
				out[o++] = f[i++];
			while (i < len && !key_mark[(unsigned char)f[i]]);
			space = 0;
			continue;
		}
		if (c == 0xE2 && (!strncmp(f + i, "–", 3) || !strncmp(f + i, "—", 3))) {
			c = '-';
			i += 2;
		}
		if (c == '&') {
			if (!space)
				out[o++] = ' ';
			memcpy(out + o, "và ", strlen("và "));
			o += strlen("và ");
			space = 1;
			i++;
			continue;
		}
		if (c == '-') {
			/* "Kế hoạch- Đầu tư" and "Kế hoạch - Đầu tư" are one name. */
			if (!space)
				out[o++] = ' ';
			out[o++] = '-';
			out[o++] = ' ';
			space = 1;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')' || c == '"') {
			if (!space)
				out[o++] = ' ';
			space = 1;
			i++;
			continue;
		}
		/* The phrases replaced below all hold a letter written
		 * 0xE1 0xBB 0xA7, 0xE1 0xBB 0x99 or 0xE1 0xBA 0xB7 (ủ, ộ, ặ);
		 * most names hold none, and skip the searches. */
		if (c == 0xE1 && i + 2 < len &&
		    (((unsigned char)f[i + 1] == 0xBB &&
		      ((unsigned char)f[i + 2] == 0xA7 || (unsigned char)f[i + 2] == 0x99)) ||
		     ((unsigned char)f[i + 1] == 0xBA && (unsigned char)f[i + 2] == 0xB7)))
			abbrev = 1;
		out[o++] = (char)c;
		space = 0;
		i++;
	}
	while (o && (out[o - 1] == ' ' || out[o - 1] == '.' || out[o - 1] == ',' ||
		     out[o - 1] == ';' || out[o - 1] == ':'))
		o--;
	out[o] = '\0';
	if (abbrev) {
		o = replace_all(out, o, "ủy ban nhân dân", "ubnd");
		o = replace_all(out, o, "hội đồng nhân dân", "hđnd");
		o = replace_all(out, o, "mặt trận tổ quốc", "mttq");
	}
	return o;
}

const char *text_unit_key_buf(const char *s, size_t len, char *buf, size_t cap,
			      char **heap, size_t *keylen)
{
	size_t kl;
	*heap = NULL;
	if (TEXT_KEY_ROOM(len) > cap)
		buf = *heap = xmalloc(TEXT_KEY_ROOM(len));
	kl = text_unit_key_into(s, len, buf);
	if (keylen)
		*keylen = kl;
	return buf;
}

char *text_unit_key(const char *s)
{
	char buf[1024], *heap, *r;
	size_t kl;
	const char *k = text_unit_key_buf(s, strlen(s), buf, sizeof(buf), &heap, &kl);
	r = xstrndup(k, kl);
	free(heap);
	return r;
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

/* Bytes that are never part of a space: all but ' ', '\t', the other
 * controls, and the lead bytes of NBSP (0xC2) and of the Unicode spaces
 * (0xE2, 0xE3). */
static const unsigned char squeeze_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x50 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x70 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x80 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x90 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xA0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xB0 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xC0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xD0 */
	1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xE0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xF0 */
};

size_t text_squeeze(char *s, size_t len)
{
	size_t i = 0, o = 0, n;
	int space = 0;
	/* Most lines have single spaces between words and nothing to
	 * collapse: while that holds, every byte stays where it is, so only
	 * look.  The loop below starts where a change may begin, with the
	 * same state (o == i, no pending space). */
#ifdef __SSE2__
	/* Fifteen bytes a step: the sixteenth is the one after a ' ' at the
	 * fifteenth. */
	while (i + 16 <= len) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
		unsigned other = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x),
			_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC2)),
				     _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2)),
						  _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE3))))));
		/* A ' ' stays when it is not first and a plain byte follows. */
		unsigned stop = (other | (sp & ((sp | other) >> 1)) | (i == 0 ? sp & 1 : 0)) & 0x7FFF;
		if (stop) {
			i += (size_t)__builtin_ctz(stop);
			break;
		}
		i += 15;
	}
#endif
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (squeeze_plain[c])
			i++;
		else if (c == ' ' && i > 0 && i + 1 < len && squeeze_plain[(unsigned char)s[i + 1]])
			i += 2;
		else
			break;
	}
	o = i;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		/* Only ' ', '\t' and sequences led by 0xC2, 0xE2, 0xE3 can be
		 * spaces; every other byte is copied as it is. */
		if (squeeze_plain[c]) {
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

/* Bytes that may start markup: '<', '&', '\\', '*', '_', '[', and the lead
 * bytes of the superscript digits (0xC2, 0xE2).  Runs of other bytes are
 * moved as they are. */
static const unsigned char markup_start[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
	0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0,  /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1,  /* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x70 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x80 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x90 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xA0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xB0 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xC0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xD0 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xE0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xF0 */
};

#ifdef __SSE2__
/* The bytes of 16 at p that markup_start[] marks, as a bit mask. */
static unsigned markup16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('<')),
					      _mm_cmpeq_epi8(x, _mm_set1_epi8('&'))),
				 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')),
					      _mm_cmpeq_epi8(x, _mm_set1_epi8('*'))));
	m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('_')),
					 _mm_cmpeq_epi8(x, _mm_set1_epi8('['))));
	m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC2)),
					 _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2))));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

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
		if (!markup_start[(unsigned char)c]) {
			size_t j = i + 1;
#ifdef __SSE2__
			while (j + 16 <= len) {
				unsigned m = markup16((const unsigned char *)s + j);
				if (m) {
					j += (size_t)__builtin_ctz(m);
					break;
				}
				j += 16;
			}
#endif
			while (j < len && !markup_start[(unsigned char)s[j]])
				j++;
			if (o != i)
				memmove(s + o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		}
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

/* Bytes that markup removal and squeezing both leave where they are: those
 * of squeeze_plain that are not in markup_start. */
static const unsigned char clean_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
	0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1,  /* 0x20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0,  /* 0x50 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x70 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x80 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x90 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xA0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xB0 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xC0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xD0 */
	1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xE0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xF0 */
};

#ifdef __SSE2__
/*
 * The bytes of 16 at p that clean_byte[] refuses, but ' ', as a bit mask
 * (bit k for p[k]): control bytes, "&*<[\\_" and the lead bytes 0xC2, 0xE2,
 * 0xE3; and in *sp the ' ' bytes.
 */
static unsigned unclean16(const unsigned char *p, unsigned *sp)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	/* x < 0x20 unsigned: the minimum with 0x1F is x itself. */
	__m128i bad = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')),
					     _mm_cmpeq_epi8(x, _mm_set1_epi8('*'))));
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('<')),
					     _mm_cmpeq_epi8(x, _mm_set1_epi8('['))));
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')),
					     _mm_cmpeq_epi8(x, _mm_set1_epi8('_'))));
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC2)),
					     _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2))));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE3)));
	*sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/*
 * A ' ' is clean when a clean byte follows it and one precedes it; the one
 * before is clean or the test has already failed, so the rule is: no ' '
 * first or last and no two together.  Every line is tested, so sixteen
 * bytes are tested at a time where SSE2 is there.
 */
int text_is_clean(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int prev_sp = 1; /* a ' ' at s[0] is not clean */
	/* Leading '#'s are heading marks. */
	if (!len || s[0] == '#')
		return 0;
	if (s[len - 1] == ' ')
		return 0;
#ifdef __SSE2__
	for (; i + 16 <= len; i += 16) {
		unsigned sp, bad = unclean16(u + i, &sp);
		if (bad || (sp & ((sp << 1) | (unsigned)prev_sp)))
			return 0;
		prev_sp = (sp >> 15) & 1;
	}
#endif
	for (; i < len; i++) {
		if (u[i] == ' ') {
			if (prev_sp)
				return 0;
			prev_sp = 1;
			continue;
		}
		if (!clean_byte[u[i]])
			return 0;
		prev_sp = 0;
	}
	return 1;
}

/*
 * Candidates are the offsets where the needle's first and last bytes both
 * are: a byte pair as far apart as the needle is long is rare in prose even
 * when each byte is common ('đ' leads a word in ten, 'g' ends many), so most
 * of the text is passed over sixteen offsets at a time and few candidates
 * are compared whole.
 */
long text_find(const char *hay, size_t len, size_t from, const char *needle, size_t nl)
{
	size_t i = from, last;
	if (!nl || len < nl || from > len - nl)
		return -1;
	last = len - nl;
#ifdef __SSE2__
	{
		const __m128i a = _mm_set1_epi8(needle[0]), z = _mm_set1_epi8(needle[nl - 1]);
		/* Thirty-two offsets a step: candidates are rare. */
		while (i + 31 <= last) {
			__m128i x0 = _mm_loadu_si128((const __m128i *)(hay + i));
			__m128i y0 = _mm_loadu_si128((const __m128i *)(hay + i + nl - 1));
			__m128i x1 = _mm_loadu_si128((const __m128i *)(hay + i + 16));
			__m128i y1 = _mm_loadu_si128((const __m128i *)(hay + i + 16 + nl - 1));
			__m128i m0 = _mm_and_si128(_mm_cmpeq_epi8(x0, a), _mm_cmpeq_epi8(y0, z));
			__m128i m1 = _mm_and_si128(_mm_cmpeq_epi8(x1, a), _mm_cmpeq_epi8(y1, z));
			unsigned m;
			if (!_mm_movemask_epi8(_mm_or_si128(m0, m1))) {
				i += 32;
				continue;
			}
			m = (unsigned)_mm_movemask_epi8(m0) | (unsigned)_mm_movemask_epi8(m1) << 16;
			for (; m; m &= m - 1) {
				size_t at = i + (size_t)__builtin_ctz(m);
				if (nl <= 2 || !memcmp(hay + at + 1, needle + 1, nl - 2))
					return (long)at;
			}
			i += 32;
		}
		while (i + 15 <= last) {
			__m128i x = _mm_loadu_si128((const __m128i *)(hay + i));
			__m128i y = _mm_loadu_si128((const __m128i *)(hay + i + nl - 1));
			unsigned m = (unsigned)_mm_movemask_epi8(
				_mm_and_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(y, z)));
			for (; m; m &= m - 1) {
				size_t at = i + (size_t)__builtin_ctz(m);
				if (nl <= 2 || !memcmp(hay + at + 1, needle + 1, nl - 2))
					return (long)at;
			}
			i += 16;
		}
	}
#endif
	for (; i <= last; i++)
		if (hay[i] == needle[0] && hay[i + nl - 1] == needle[nl - 1] && !memcmp(hay + i, needle, nl))
			return (long)i;
	return -1;
}

/* text_is_alnum(), with ASCII told inline: the boundaries of most words
 * found are spaces and ASCII letters. */
static int alnum_at(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return text_is_alnum(s);
}

long text_find_word(const char *hay, size_t len, size_t from, const char *word)
{
	size_t wl = strlen(word);
	long at;
	for (at = text_find(hay, len, from, word, wl); at >= 0;
	     at = text_find(hay, len, (size_t)at + 1, word, wl)) {
		size_t off = (size_t)at;
		int left_ok = off == 0;
		if (!left_ok) {
			/* Step back to the start of the previous character. */
			size_t b = off - 1;
			while (b > 0 && ((unsigned char)hay[b] & 0xC0) == 0x80)
				b--;
			left_ok = !alnum_at(hay + b);
		}
		if (left_ok && (off + wl == len || !alnum_at(hay + off + wl)))
			return at;
	}
	return -1;
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
