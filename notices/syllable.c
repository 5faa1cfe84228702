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
	uint32_t h = 2166136261u;
	size_t i;
	unsigned slot;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)folded[i];
		h *= 16777619u;
	}
	slot = h & syl_tab_mask;
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

char *syllable_split(const char *s, size_t len, const struct unitdir *units,
		     size_t *outlen, struct notice_split **splits, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	struct sbuf sb, tok;
	size_t i = 0, copied = 0, line_pos = 0;
	int line = 1, any = 0;

	/* One look per byte, and no branch inside a token but the one that
	 * ends it: the run of vowels and what the token holds are kept as
	 * bits.  s[len] is the NUL, which ends the last token. */
	while (i < len) {
		size_t start;
		unsigned c = klass[u[i]], acc = 0, groups = 0, pv = 0;

		if (!(c & (B_ALPHA | B_DIGIT))) {
			i++;
			continue;
		}
		start = i;
		do {
			unsigned v = c & B_VOWEL;
			if (c & B_C4)
				v = (u[i + 1] & 0xFE) != 0x90;
			groups += v & ~pv;
			pv = (c & B_CONT) ? pv : v;
			acc |= c;
			c = klass[u[++i]];
		} while (c);
		if (!(acc & B_MARKED) || !(groups >= 2 || (acc & B_DIGIT && acc & B_ALPHA)))
			continue;
		if (in_code(s, len, start, i))
			continue;
		sbuf_init(&tok, 0);
		if (split_token(s + start, i - start, units, &tok)) {
			struct notice_split *v;
			if (!any)
				sbuf_init(&sb, 0);
			any = 1;
			sbuf_add(&sb, s + copied, start - copied);
			sbuf_add(&sb, tok.buf, tok.len);
			copied = i;
			*splits = xrealloc(*splits, (*n + 1) * sizeof(**splits));
			v = &(*splits)[(*n)++];
			v->line = line_at(s, start, &line_pos, &line);
			v->from = xstrndup(s + start, i - start);
			v->to = sbuf_detach(&tok);
		}
		sbuf_release(&tok);
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
