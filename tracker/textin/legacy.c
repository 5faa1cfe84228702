/*
 * legacy.c - text in the encodings Vietnamese offices used before
 * Unicode: TCVN3 (ABC), the encoding of the ".VnTime" fonts, and
 * Windows-1258.  See textin_int.h.
 *
 * Almost any bytes decode as Windows-1258, and TCVN3 fills nearly every
 * byte above 0x80 with a Vietnamese letter, so decoding is easy and
 * guessing is the risk.  A decoding is accepted only when the result reads
 * as Vietnamese: most words with a non-ASCII letter are Vietnamese
 * syllables (onset, vowel nucleus, final consonant, one tone), and phrases
 * every administrative document carries ("ủy ban", "nhân dân", "cộng hòa")
 * appear.  TCVN3 read as Windows-1258 gives "Céng hßa x· héi", whose
 * letters no syllable has; Windows-1258 read as TCVN3 gives vowels with two
 * tones.  Conversion is glibc iconv ("TCVN5712-1" composes base letters and
 * tone marks; "CP1258" writes a base and a combining mark, which it also
 * composes), then utf8proc NFC for what is left.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tracker/textin/textin_int.h"

/* Accept when at least this share of the Vietnamese-looking words are
 * syllables (loanwords and typos make up the rest) ... */
#define MIN_VALID_PERCENT 85
/* ... there are at least this many such words ... */
#define MIN_WORDS 5
/* ... and this many distinct administrative phrases. */
#define MIN_PHRASES 2

/*
 * Decodes with iconv into a new NUL-terminated string (caller frees).
 * Returns NULL when a byte has no character in the encoding, with *bad at
 * its offset.
 */
static char *decode(const char *buf, size_t len, const char *charset, size_t *outlen,
		    size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	size_t cap = 4 * len + 16, inleft = len, outleft = cap - 1;
	char *out = NULL, *in = (char *)buf, *o;

	if (cd == (iconv_t)-1)
		return NULL;
	out = xmalloc(cap);
	o = out;
	/* Every byte gives at most one composed letter of 3 bytes, so the
	 * buffer never runs out; the only failure is an unmapped byte. */
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &o, &outleft) == (size_t)-1) {
		*bad = (size_t)(in - buf);
		free(out);
		out = NULL;
	} else {
		*o = '\0';
		*outlen = (size_t)(o - out);
	}
	iconv_close(cd);
	return out;
}

/* NFC of s (freed here); a new string, caller frees. */
static char *nfc(char *s, size_t len, size_t *outlen)
{
	utf8proc_uint8_t *d = NULL;
	utf8proc_ssize_t n;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &d,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0) { /* cannot happen: iconv wrote valid UTF-8 */
		*outlen = len;
		return s;
	}
	free(s);
	*outlen = (size_t)n;
	return (char *)d;
}

static int is_letter(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

/* Upper-cases s[from..to) in place (upper and lower case of Vietnamese
 * letters have the same length in UTF-8; others are left alone). */
static void upcase(char *s, size_t from, size_t to)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t j;

	for (j = from; j < to; j += k < 1 ? 1 : (size_t)k) {
		utf8proc_uint8_t enc[4];
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(to - j), &cp);
		if (k >= 1 && utf8proc_encode_char(utf8proc_toupper(cp), enc) == k)
			memcpy(s + j, enc, (size_t)k);
	}
}

/*
 * Whether a word is in the ".VnTimeH" face: no lower-case ASCII letter,
 * a lower-case non-ASCII letter, and a capital after the first letter
 * ("TỉNH", "HộI", "ủY" is not: see the line rule).
 */
static int caps_face_word(const char *s, size_t from, size_t to)
{
	int lower_ascii = 0, lower_other = 0, inner = 0, first = 1;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t j;

	for (j = from; j < to; j += k < 1 ? 1 : (size_t)k) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(to - j), &cp);
		if (k < 1)
			continue;
		if (cp >= 'a' && cp <= 'z')
			lower_ascii = 1;
		else if (cp >= 0x80 && utf8proc_islower(cp))
			lower_other = 1;
		if (!first && utf8proc_isupper(cp))
			inner = 1;
		first = 0;
	}
	return !lower_ascii && lower_other && inner;
}

/*
 * Text typed in the ".VnTimeH" font, the capitals-only face of .VnTime, is
 * stored with the lower-case codes of TCVN3 (which has no capitals with
 * tones): "TØNH" decodes as "TỉNH", "X· HéI" as "Xã HộI".  Words that show
 * it (caps_face_word()) are upper-cased, and so is the whole line when it
 * has no lower-case ASCII letter ("Xã", "ủY" beside them).  "Số: 12/TB" or
 * "Hà Nội" in ordinary lines stay as they are.
 */
static void fix_capitals_face(char *s, size_t len)
{
	size_t ls = 0, le;

	for (; ls < len; ls = le + 1) {
		size_t i, ws = 0, n_face = 0;
		int line_lower = 0, in_word = 0, pass;
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		for (le = ls; le < len && s[le] != '\n'; le++)
			if (s[le] >= 'a' && s[le] <= 'z')
				line_lower = 1;
		/* Pass 0 counts the words in the face, pass 1 fixes them. */
		for (pass = 0; pass < 2; pass++) {
			for (i = ls; i <= le; i += k < 1 ? 1 : (size_t)k) {
				k = i < le ? utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							      (utf8proc_ssize_t)(le - i), &cp) : 0;
				if (k >= 1 && is_letter(cp)) {
					if (!in_word)
						ws = i;
					in_word = 1;
					continue;
				}
				if (in_word && caps_face_word(s, ws, i)) {
					if (pass)
						upcase(s, ws, i);
					else
						n_face++;
				}
				in_word = 0;
			}
			if (!n_face)
				break;
			if (!line_lower) {
				upcase(s, ls, le);
				break;
			}
		}
	}
}

/* ---- Vietnamese syllables ------------------------------------------------ */

/*
 * A syllable is spelt with one code per letter: ASCII for plain letters,
 * and '1' ă, '2' â, '3' ê, '4' ô, '5' ơ, '6' ư, '9' đ.  Tones are counted
 * apart.  Returns 0 when cp is no letter of the Vietnamese alphabet.
 */
static char letter_code(utf8proc_int32_t cp, int *tones)
{
	utf8proc_int32_t d[4];
	utf8proc_ssize_t n, i;
	int circ = 0, breve = 0, horn = 0;
	char base;

	if (cp == 0x111)
		return '9';
	n = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, NULL);
	if (n < 1 || n > 4 || d[0] < 'a' || d[0] > 'z')
		return 0;
	base = (char)d[0];
	for (i = 1; i < n; i++) {
		switch (d[i]) {
		case 0x300: case 0x301: case 0x303: case 0x309: case 0x323:
			(*tones)++;
			break;
		case 0x302:
			circ = 1;
			break;
		case 0x306:
			breve = 1;
			break;
		case 0x31B:
			horn = 1;
			break;
		default:
			return 0;
		}
	}
	if (base == 'f' || base == 'j' || base == 'w' || base == 'z')
		return 0;
	if (circ + breve + horn > 1)
		return 0;
	if (circ)
		return base == 'a' ? '2' : base == 'e' ? '3' : base == 'o' ? '4' : 0;
	if (breve)
		return base == 'a' ? '1' : 0;
	if (horn)
		return base == 'o' ? '5' : base == 'u' ? '6' : 0;
	return base;
}

static const char *const ONSETS[] = {
	"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
	"b", "c", "d", "9", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
};
static const char *const NUCLEI[] = {
	"i3u", "oai", "oay", "oeo", "u2y", "u4i", "65i", "65u", "uy3", "uya", "uyu", "y3u",
	"ai", "ao", "au", "ay", "2u", "2y", "eo", "3u", "ia", "i3", "iu", "oa", "o1", "oe",
	"oi", "4i", "5i", "oo", "ua", "u2", "u3", "ui", "u4", "u5", "uy", "6a", "6i", "65",
	"6u", "y3", "a", "1", "2", "e", "3", "i", "o", "4", "5", "u", "6", "y",
};
static const char *const CODAS[] = { "", "c", "ch", "m", "n", "ng", "nh", "p", "t" };

static int in_list(const char *s, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], s, n))
			return 1;
	return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Whether the spelt syllable is onset + nucleus + coda. */
static int is_syllable(const char *s, size_t n)
{
	size_t i, nl, cl;

	for (i = 0; i < COUNT(ONSETS); i++) {
		size_t ol = strlen(ONSETS[i]);
		if (ol > n || memcmp(ONSETS[i], s, ol))
			continue;
		for (nl = 1; nl <= 3 && ol + nl <= n; nl++) {
			if (!in_list(s + ol, nl, NUCLEI, COUNT(NUCLEI)))
				continue;
			cl = n - ol - nl;
			if (in_list(s + ol + nl, cl, CODAS, COUNT(CODAS)))
				return 1;
		}
	}
	return 0;
}

int textin_vietnamese_score(const char *s, size_t len, size_t *words, size_t *valid)
{
	static const char *const PHRASES[] = {
		"ủy ban", "uỷ ban", "nhân dân", "thông báo", "cộng hòa", "cộng hoà",
		"việt nam", "độc lập", "hạnh phúc", "chủ tịch", "kết luận", "báo cáo",
		"kế hoạch", "thực hiện", "công văn", "chỉ thị", "quyết định", "tỉnh",
		"huyện", "nơi nhận",
	};
	utf8proc_uint8_t *low = NULL;
	utf8proc_ssize_t n;
	size_t i = 0, phrases = 0, k;

	*words = *valid = 0;
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &low,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n < 0)
		return 0;
	while (i < (size_t)n) {
		char spelt[16];
		size_t sl = 0;
		int tones = 0, non_ascii = 0, bad = 0, letters = 0;
		utf8proc_int32_t cp;
		utf8proc_ssize_t kk;

		for (;;) {
			kk = i < (size_t)n ? utf8proc_iterate(low + i, n - (utf8proc_ssize_t)i, &cp) : 0;
			if (kk < 1 || !is_letter(cp))
				break;
			letters++;
			if (cp >= 0x80)
				non_ascii = 1;
			if (sl < sizeof(spelt)) {
				char c = letter_code(cp, &tones);
				if (!c)
					bad = 1;
				spelt[sl++] = c;
			} else {
				bad = 1;
			}
			i += (size_t)kk;
		}
		if (non_ascii) {
			(*words)++;
			if (!bad && tones <= 1 && is_syllable(spelt, sl))
				(*valid)++;
		}
		if (!letters)
			i += kk < 1 ? 1 : (size_t)kk;
	}
	for (k = 0; k < COUNT(PHRASES); k++)
		if (strstr((const char *)low, PHRASES[k]))
			phrases++;
	free(low);
	return (int)phrases;
}

/* Decodes with one encoding; NULL when a byte is not in it. */
static char *decode_as(const char *buf, size_t len, enum textin_encoding enc,
		       size_t *outlen, size_t *bad)
{
	char *s = decode(buf, len, enc == TEXTIN_ENC_TCVN3 ? "TCVN5712-1" : "CP1258",
			 outlen, bad);
	if (!s)
		return NULL;
	s = nfc(s, *outlen, outlen);
	if (enc == TEXTIN_ENC_TCVN3)
		fix_capitals_face(s, *outlen);
	return s;
}

int textin_legacy(const char *buf, size_t len, enum textin_encoding enc,
		  struct sbuf *out, struct textin_info *info, struct err *e)
{
	static const enum textin_encoding CANDIDATES[] = { TEXTIN_ENC_TCVN3, TEXTIN_ENC_CP1258 };
	char *best = NULL;
	size_t best_len = 0, best_valid = 0, best_words = 1, i;
	enum textin_encoding best_enc = TEXTIN_ENC_AUTO;

	if (enc != TEXTIN_ENC_AUTO) {
		size_t n, bad = 0;
		char *s = decode_as(buf, len, enc, &n, &bad);
		if (!s)
			return err_set(e, ERR_ENCODING, "byte %zu (0x%02X) is not %s text",
					   bad + 1, (unsigned char)buf[bad], textin_encoding_name(enc));
		sbuf_add(out, s, n);
		free(s);
		info->encoding = enc;
		return 0;
	}
	for (i = 0; i < COUNT(CANDIDATES); i++) {
		size_t n, bad, words, valid;
		char *s = decode_as(buf, len, CANDIDATES[i], &n, &bad);
		int phrases;

		if (!s)
			continue;
		phrases = textin_vietnamese_score(s, n, &words, &valid);
		/* Better: a larger share of syllables (cross-multiplied). */
		if (phrases >= MIN_PHRASES && words >= MIN_WORDS &&
		    valid * 100 >= words * MIN_VALID_PERCENT &&
		    (!best || valid * best_words > best_valid * words)) {
			free(best);
			best = s;
			best_len = n;
			best_valid = valid;
			best_words = words;
			best_enc = CANDIDATES[i];
		} else {
			free(s);
		}
	}
	if (!best)
		return ERR_ENCODING;
	sbuf_add(out, best, best_len);
	free(best);
	info->encoding = best_enc;
	return 0;
}
