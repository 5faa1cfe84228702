/*
 * syllable.c - Vietnamese syllables, and splitting words run together.
 *
 * Every byte of a notice goes through syllable_split(), and almost no token
 * needs a split, so the scan decides from the bytes alone which tokens may:
 * a Vietnamese syllable has one run of vowels ("nghiêng", "khuya",
 * "quốc"), so a token with two runs ("Kínhgửi": í, then ửi) or with a
 * letter next to a digit ("tháng8") is the only kind looked at further.
 * Those are split with the syllable table (syllable_tab.c).
 */
#include "notices/syllable.h"
#include "notices/syllable_tab.h"
#include "notices/notice.h"
#include "notices/text.h"
#include "notices/unitdir.h"
#include "notices/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longest token looked at: glued runs of a few syllables, not base64. */
#define TOKEN_MAX 64
/* Most syllables one token is split into. */
#define PARTS_MAX 6

static int lookup(const char *folded, size_t len)
{
	unsigned slot = fnv1a32(folded, len) & syl_tab_mask;

	while (syl_tab_slot[slot]) {
		const char *w = syl_tab_blob + syl_tab_slot[slot] - 1;
		if (!strncmp(w, folded, len) && !w[len])
			return 1;
		slot = (slot + 1) & syl_tab_mask;
	}
	return 0;
}

int syllable_valid(const char *s, size_t len)
{
	char f[32];
	if (!len || len > syl_tab_maxlen || len >= sizeof(f))
		return 0;
	text_fold_into(s, len, f);
	return lookup(f, len);
}

/*
 * Byte classes for the scan, as bits.  Vietnamese letters outside ASCII
 * are all vowels but "đ": U+00C0..U+00FF (lead C3), Ă Đ Ĩ (C4), Ũ (C5),
 * Ơ Ư (C6), and U+1EA0..U+1EF9 (E1 BA, E1 BB); their continuation bytes
 * leave the run of vowels as it is.  C4 holds "đ" (C4 90, C4 91) as well
 * as vowels, so its second byte decides.  Lead bytes of other characters
 * ("–", NBSP, quotes) end a token.
 */
enum {
	B_VOWEL = 1,   /* a vowel, or the lead byte of one */
	B_ALPHA = 2,   /* a letter */
	B_DIGIT = 4,
	B_CONT = 8,    /* a continuation byte: part of the letter before */
	B_MARKED = 16, /* a letter outside ASCII */
	B_C4 = 32,     /* lead byte C4: a vowel unless "đ" */
};
#define V_ (B_VOWEL | B_ALPHA)
#define C_ B_ALPHA
#define D_ B_DIGIT
#define K_ B_CONT
#define L_ (B_VOWEL | B_ALPHA | B_MARKED)

static const unsigned char klass[256] = {
	['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_,
	['5'] = D_, ['6'] = D_, ['7'] = D_, ['8'] = D_, ['9'] = D_,
	['a'] = V_, ['e'] = V_, ['i'] = V_, ['o'] = V_, ['u'] = V_, ['y'] = V_,
	['A'] = V_, ['E'] = V_, ['I'] = V_, ['O'] = V_, ['U'] = V_, ['Y'] = V_,
	['b'] = C_, ['c'] = C_, ['d'] = C_, ['f'] = C_, ['g'] = C_, ['h'] = C_, ['j'] = C_,
	['k'] = C_, ['l'] = C_, ['m'] = C_, ['n'] = C_, ['p'] = C_, ['q'] = C_, ['r'] = C_,
	['s'] = C_, ['t'] = C_, ['v'] = C_, ['w'] = C_, ['x'] = C_, ['z'] = C_,
	['B'] = C_, ['C'] = C_, ['D'] = C_, ['F'] = C_, ['G'] = C_, ['H'] = C_, ['J'] = C_,
	['K'] = C_, ['L'] = C_, ['M'] = C_, ['N'] = C_, ['P'] = C_, ['Q'] = C_, ['R'] = C_,
	['S'] = C_, ['T'] = C_, ['V'] = C_, ['W'] = C_, ['X'] = C_, ['Z'] = C_,
	[0x80] = K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_,
	[0x90] = K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_,
	[0xA0] = K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_,
	[0xB0] = K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_, K_,
	[0xC3] = L_, [0xC4] = B_ALPHA | B_MARKED | B_C4, [0xC5] = L_, [0xC6] = L_,
	[0xE1] = L_,
};
#undef V_
#undef C_
#undef D_
#undef K_
#undef L_

/* How a part of a token is written: all lower, capitalised, all upper. */
static int case_ok(const char *s, size_t len)
{
	size_t i = utf8_len(s), upper = text_is_upper(s), lower = text_is_lower(s), k;
	size_t rest_upper = 0, rest = 0;
	if (!upper && !lower)
		return 0;
	for (; i < len; i += k, rest++) {
		k = utf8_len(s + i);
		if (text_is_upper(s + i))
			rest_upper++;
		else if (!text_is_lower(s + i))
			return 0;
	}
	return !rest_upper || (upper && rest_upper == rest);
}

/* A part of two letters or more that is a syllable, written as words are. */
static int good_part(const char *s, size_t len)
{
	return utf8_len(s) < len && syllable_valid(s, len) && case_ok(s, len);
}

/*
 * Splits the letters s[0, len) into the fewest syllables, when there is
 * exactly one way to.  Fills cut[] with the end offset of each part and
 * returns the number of parts, or 0.
 */
static size_t split_letters(const char *s, size_t len, size_t cut[PARTS_MAX])
{
	unsigned char best[TOKEN_MAX + 1], ways[TOKEN_MAX + 1];
	unsigned char from[TOKEN_MAX + 1] = {0};
	size_t i, j, k, n;
	if (len > TOKEN_MAX)
		return 0;
	memset(best, 0xFF, sizeof(best));
	memset(ways, 0, sizeof(ways));
	best[0] = 0;
	ways[0] = 1;
	for (i = 0; i < len; i += utf8_len(s + i)) {
		if (best[i] == 0xFF)
			continue;
		for (j = i + utf8_len(s + i); j <= len && j - i <= syl_tab_maxlen;
		     j += j < len ? utf8_len(s + j) : 1) {
			unsigned char b = (unsigned char)(best[i] + 1);
			if (!good_part(s + i, j - i))
				continue;
			if (b < best[j]) {
				best[j] = b;
				ways[j] = ways[i];
				from[j] = (unsigned char)i;
			} else if (b == best[j]) {
				ways[j] = (unsigned char)(ways[j] + ways[i] > 2 ? 2 : ways[j] + ways[i]);
			}
			if (j == len)
				break;
		}
	}
	if (best[len] == 0xFF || ways[len] != 1 || best[len] < 2 || best[len] > PARTS_MAX)
		return 0;
	n = best[len];
	for (k = n, j = len; k > 0; k--) {
		cut[k - 1] = j;
		j = from[j];
	}
	return n;
}

/* Whether a unit name of the directory has the token as a word. */
static int name_word(const struct unitdir *units, const char *s, size_t len)
{
	char f[TOKEN_MAX + 1];
	if (!units)
		return 0;
	text_fold_into(s, len, f);
	return unitdir_has_word(units, f, len);
}

/*
 * The token s[0, len), with letters and digits only, as split into `sb`;
 * returns 1 when it was split.
 */
static int split_token(const char *s, size_t len, const struct unitdir *units, struct sbuf *sb)
{
	size_t a = 0, parts = 0;
	size_t cut[PARTS_MAX];
	struct sbuf out;
	int changed = 0;

	if (len > TOKEN_MAX || name_word(units, s, len))
		return 0;
	sbuf_init(&out, 0);
	while (a < len) {
		int digits = (klass[(unsigned char)s[a]] & B_DIGIT) != 0;
		size_t b = a, n, k, prev;
		while (b < len && ((klass[(unsigned char)s[b]] & B_DIGIT) != 0) == digits)
			b += utf8_len(s + b);
		if (a) {
			sbuf_addc(&out, ' ');
			changed = 1;
		}
		if (digits) {
			sbuf_add(&out, s + a, b - a);
		} else if (syllable_valid(s + a, b - a)) {
			/* Next to a number, a letter alone is a code ("10h30", "5a"). */
			if (utf8_len(s + a) == b - a)
				goto none;
			sbuf_add(&out, s + a, b - a);
		} else if ((n = split_letters(s + a, b - a, cut)) != 0) {
			for (k = 0, prev = 0; k < n; k++) {
				if (k)
					sbuf_addc(&out, ' ');
				sbuf_add(&out, s + a + prev, cut[k] - prev);
				prev = cut[k];
			}
			changed = 1;
		} else {
			goto none;
		}
		parts++;
		a = b;
	}
	if (!changed)
		goto none;
	sbuf_add(sb, out.buf, out.len);
	sbuf_release(&out);
	return 1;
none:
	sbuf_release(&out);
	return 0;
}

/* Whether the token [a, b) of s is part of an address, a path or a code. */
static int in_code(const char *s, size_t len, size_t a, size_t b)
{
	if (a > 0 && s[a - 1] && strchr("/@_\\=?#%&", s[a - 1]))
		return 1;
	/* "gov.vn", "http:" but not "1.Giao" */
	if (a > 1 && (s[a - 1] == '.' || s[a - 1] == ':') && (unsigned char)s[a - 2] > ' ' &&
	    !(klass[(unsigned char)s[a - 2]] & B_DIGIT))
		return 1;
	if (b < len && s[b] && strchr("@_\\=&", s[b]))
		return 1;
	return b + 1 < len && (s[b] == '.' || s[b] == '/') &&
	       text_is_alnum(s + b + 1) && !(klass[(unsigned char)s[b - 1]] & B_DIGIT);
}

static int line_at(const char *s, size_t at, size_t *line_pos, int *line)
{
	const char *p = s + *line_pos, *end = s + at;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		p++;
	}
	*line_pos = at;
	return *line;
}

/*
 * The classes of 64 bytes as bit masks, bit k for p[k]: vowels and the
 * lead bytes of vowels (C4 included, which "đ" also starts), consonants,
 * digits, continuation bytes, C4 leads, and bytes 0x90/0x91 (the second
 * byte of "Đ", "đ").
 */
struct masks {
	uint64_t v, c, d, k, c4, n90;
};

#ifdef __SSE2__
#include <emmintrin.h>

static void masks_of(const unsigned char *p, struct masks *m)
{
	const __m128i sp = _mm_set1_epi8(0x20), fe = _mm_set1_epi8((char)0xFE);
	int k;
	memset(m, 0, sizeof(*m));
	for (k = 0; k < 64; k += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(p + k));
		__m128i lo = _mm_or_si128(x, sp);
		__m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
					      _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
		__m128i vow = _mm_or_si128(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(lo, _mm_set1_epi8('a')),
						  _mm_cmpeq_epi8(lo, _mm_set1_epi8('e'))),
				     _mm_or_si128(_mm_cmpeq_epi8(lo, _mm_set1_epi8('i')),
						  _mm_cmpeq_epi8(lo, _mm_set1_epi8('o')))),
			_mm_or_si128(_mm_cmpeq_epi8(lo, _mm_set1_epi8('u')),
				     _mm_cmpeq_epi8(lo, _mm_set1_epi8('y'))));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		__m128i cont = _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xC0));
		__m128i c4 = _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC4));
		__m128i lead = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC3)), c4),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC5)),
						  _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC6))),
				     _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE1))));
		__m128i n90 = _mm_cmpeq_epi8(_mm_and_si128(x, fe), _mm_set1_epi8((char)0x90));
		vow = _mm_and_si128(vow, alpha);
		m->v |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(vow, lead)) << k;
		m->c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_andnot_si128(vow, alpha)) << k;
		m->d |= (uint64_t)(unsigned)_mm_movemask_epi8(digit) << k;
		m->k |= (uint64_t)(unsigned)_mm_movemask_epi8(cont) << k;
		m->c4 |= (uint64_t)(unsigned)_mm_movemask_epi8(c4) << k;
		m->n90 |= (uint64_t)(unsigned)_mm_movemask_epi8(n90) << k;
	}
}
#else
static void masks_of(const unsigned char *p, struct masks *m)
{
	int k;
	memset(m, 0, sizeof(*m));
	for (k = 0; k < 64; k++) {
		unsigned c = klass[p[k]];
		uint64_t bit = (uint64_t)1 << k;
		if (c & B_VOWEL || c & B_C4)
			m->v |= bit;
		else if (c & B_ALPHA)
			m->c |= bit;
		if (c & B_DIGIT)
			m->d |= bit;
		if (c & B_CONT)
			m->k |= bit;
		if (c & B_C4)
			m->c4 |= bit;
		if ((p[k] & 0xFE) == 0x90)
			m->n90 |= bit;
	}
}
#endif

/* Bits of the previous block that the shifts of the next one take in. */
struct carry {
	uint64_t v, c, k, vf, cf, fill, l, d;
};

/* x << n, with the top bits of the previous block's `prev` shifted in. */
static inline uint64_t shl(uint64_t x, uint64_t prev, int n)
{
	return (x << n) | (prev >> (64 - n));
}

/*
 * The offsets in this block (bits) where a token shows two runs of vowels
 * (a vowel after consonants after a vowel: "Kínhgửi") or a letter next to
 * a digit ("tháng8").  A continuation byte is of its lead's class; "đ" is
 * a consonant.  Runs of consonants are filled from the one after a vowel
 * by a carry through the run (x + start clears the run it starts).
 */
static uint64_t block_hits(const unsigned char *p, struct carry *cy)
{
	struct masks m;
	uint64_t d_lead, v, c, vf, cf, a, b, fill, l, hits;
	masks_of(p, &m);
	d_lead = m.c4 & ((m.n90 >> 1) | ((uint64_t)((p[64] & 0xFE) == 0x90) << 63));
	v = m.v & ~d_lead;
	c = m.c | d_lead;
	vf = v | (m.k & shl(v, cy->v, 1)) | (m.k & shl(m.k, cy->k, 1) & shl(v, cy->v, 2));
	cf = c | (m.k & shl(c, cy->c, 1)) | (m.k & shl(m.k, cy->k, 1) & shl(c, cy->c, 2));
	a = (cf & shl(vf, cy->vf, 1)) | (cf & (cy->fill >> 63));
	b = vf & shl(cf, cy->cf, 1);
	fill = cf & ~(cf + a);
	l = vf | cf;
	hits = (b & shl(fill, cy->fill, 1)) | (m.d & shl(l, cy->l, 1)) | (l & shl(m.d, cy->d, 1));
	cy->v = v;
	cy->c = c;
	cy->k = m.k;
	cy->vf = vf;
	cy->cf = cf;
	cy->fill = fill;
	cy->l = l;
	cy->d = m.d;
	return hits;
}

/*
 * The token around offset `at` of a hit: back to the first letter or digit
 * after a separator, on to the first separator.  Sets *from and *to; returns
 * whether it holds a letter outside ASCII.
 */
static int token_around(const unsigned char *u, size_t at, size_t done, size_t *from, size_t *to)
{
	size_t a = at, b = at;
	unsigned acc = 0;
	while (a > done && klass[u[a - 1]])
		a--;
	while (klass[u[a]] == B_CONT && a < at)
		a++;
	while (klass[u[b]])
		b++;
	*from = a;
	*to = b;
	for (; a < b; a++)
		acc |= klass[u[a]];
	return (acc & B_MARKED) != 0;
}

char *syllable_split(const char *s, size_t len, const struct unitdir *units,
		     size_t *outlen, struct notice_split **splits, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	struct sbuf sb, tok;
	struct carry cy;
	size_t blk, done = 0, copied = 0, line_pos = 0;
	int line = 1, any = 0;

	/* The text is looked at 64 bytes at a time, as bit masks, without a
	 * branch per token; the few tokens a block shows a hit in are read
	 * byte by byte.  s[len] is the NUL, so a block may look at the byte
	 * after it; the last, short block is copied out with NULs after. */
	memset(&cy, 0, sizeof(cy));
	for (blk = 0; blk < len; blk += 64) {
		unsigned char pad[65 + 64];
		const unsigned char *p = u + blk;
		uint64_t hits;
		if (len - blk < 64) {
			memset(pad, 0, sizeof(pad));
			memcpy(pad, u + blk, len - blk);
			p = pad;
		}
		hits = block_hits(p, &cy);
		while (hits) {
			size_t at = blk + (size_t)__builtin_ctzll(hits), start, end;
			hits &= hits - 1;
			if (at < done || at >= len)
				continue;
			if (!token_around(u, at, done, &start, &end) || in_code(s, len, start, end)) {
				done = end;
				continue;
			}
			done = end;
			sbuf_init(&tok, 0);
			if (split_token(s + start, end - start, units, &tok)) {
				struct notice_split *v;
				if (!any)
					sbuf_init(&sb, 0);
				any = 1;
				sbuf_add(&sb, s + copied, start - copied);
				sbuf_add(&sb, tok.buf, tok.len);
				copied = end;
				*splits = xrealloc(*splits, (*n + 1) * sizeof(**splits));
				v = &(*splits)[(*n)++];
				v->line = line_at(s, start, &line_pos, &line);
				v->from = xstrndup(s + start, end - start);
				v->to = sbuf_detach(&tok);
			}
			sbuf_release(&tok);
		}
	}
	if (!any)
		return NULL;
	sbuf_add(&sb, s + copied, len - copied);
	*outlen = sb.len;
	return sbuf_detach(&sb);
}

void syllable_splits_free(struct notice_split **v, size_t n)
{
	size_t i;
	if (!v || !*v)
		return;
	for (i = 0; i < n; i++) {
		free((*v)[i].from);
		free((*v)[i].to);
	}
	free(*v);
	*v = NULL;
}
