/*
 * text.h - where bytes become text: UTF-8 validation, line ends, NFC, markup
 * left over from conversion, and the folded form used for matching.
 *
 * Internal to notices/.
 */
#ifndef NOTICES_TEXT_H
#define NOTICES_TEXT_H

#include <stddef.h>
#include <string.h>
#include "notices/util.h"

struct err;

/*
 * Validates UTF-8 (overlong forms, surrogates and code points past U+10FFFF
 * are errors, as are NUL bytes, which only binary files contain), drops a
 * BOM, turns CRLF and lone CR into LF, and composes to NFC (Word on macOS
 * writes NFD).  Returns a new string (caller frees) or NULL with *err
 * (ERR_ENCODING) naming the line and byte column of the first bad byte.
 */
char *text_normalize(const char *buf, size_t len, size_t *outlen,
		     struct err *err);

/*
 * The folded form used for matching: lower case, and old tone placement
 * ("hoà", "uỷ") moved to the new one ("hòa", "ủy").  Folding keeps every
 * character's byte length, so an offset in the folded text is the same
 * offset in the original: matches found in one can be cut from the other.
 * Returns a new string of `len` bytes (caller frees).
 */
char *text_fold(const char *s, size_t len);

/* text_fold() into the caller's buffer `out` of at least len + 1 bytes
 * (NUL-terminated), for callers that fold short prefixes or reuse a buffer. */
void text_fold_into(const char *s, size_t len, char *out);

/*
 * text_fold() into the caller's `buf` of `cap` bytes when it has room, else
 * into a new string left in *heap (NULL when buf was used; the caller frees
 * *heap either way): for a folded copy that lives as long as one call.
 * Returns the folded text.
 */
char *text_fold_buf(const char *s, size_t len, char *buf, size_t cap, char **heap);

/* Room on the stack for the folded copy of a paragraph, most fit. */
#define TEXT_FOLD_STACK 1024

/*
 * The key two unit names are compared by: folded, dashes and spaces
 * unified, "&" read as "và", "ủy ban nhân dân" as "ubnd", "hội đồng nhân
 * dân" as "hđnd", trailing punctuation dropped.  Caller frees.
 */
char *text_unit_key(const char *s);

/*
 * text_unit_key() of the first `len` bytes of s, without allocating: `out`
 * has room for TEXT_KEY_ROOM(len) bytes (the key, which may be five times
 * as long as the name since "&" becomes " và ", and the folded name it is
 * made from).  Returns the key's length; the key is NUL-terminated.
 */
#define TEXT_KEY_ROOM(len) (6 * (len) + 2)
size_t text_unit_key_into(const char *s, size_t len, char *out);

/* text_unit_key_into() of text already folded (text_fold()): `out` has
 * room for 5 * len + 1 bytes and does not overlap f. */
size_t text_unit_key_folded(const char *f, size_t len, char *out);

/*
 * text_unit_key_into() into the caller's `buf` of `cap` bytes when the room
 * fits, else into a new string left in *heap (NULL when buf was used; the
 * caller frees *heap either way).  Returns the key and, when keylen is not
 * NULL, sets *keylen to its length.
 */
const char *text_unit_key_buf(const char *s, size_t len, char *buf, size_t cap,
			      char **heap, size_t *keylen);

/*
 * Removes markup left from conversion in one line, in place: "**", "__",
 * "\*" escapes, emphasis "*", heading "#"s, HTML tags, footnote markers
 * ("<sup>1</sup>", "¹", "[^1]").  Returns the new length.
 */
size_t text_strip_markup(char *s, size_t len);

/*
 * Whether text_strip_markup(), then text_squeeze(), then text_trim() would
 * all leave the `len` bytes at s as they are: no byte that may start markup
 * and no white space but single ' ' between other characters.  Most lines
 * of a notice are so, and this one look is cheaper than the three passes.
 */
int text_is_clean(const char *s, size_t len);

/* Trims ASCII and Unicode spaces at both ends; returns the new start and
 * sets *len. */
const char *text_trim(const char *s, size_t *len);

/* Collapses runs of white space (tabs, NBSP) into one space, in place;
 * returns the new length. */
size_t text_squeeze(char *s, size_t len);

/* Length in bytes of the UTF-8 sequence starting at s (1 for bad bytes).
 * Inline: scanners step through every character with it. */
static inline size_t utf8_len(const char *s)
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

/* Whether the character at s is a letter (any script) or a digit. */
int text_is_alnum(const char *s);
/* Whether the character at s is an upper-case letter. */
int text_is_upper(const char *s);
/* Whether the character at s is a lower-case letter. */
int text_is_lower(const char *s);

/*
 * Finds `word` (folded, e.g. "chủ trì") in folded text `hay` at a word
 * boundary at both ends, from offset `from`.  Returns the offset or -1.
 */
long text_find_word(const char *hay, size_t len, size_t from, const char *word);

/*
 * Finds the `nl` bytes of `needle` in the `len` bytes of `hay` from offset
 * `from`, anywhere (memmem() from an offset, without the call for each
 * search of a short text).  Returns the offset or -1.
 */
long text_find(const char *hay, size_t len, size_t from, const char *needle, size_t nl);

/* Whether `needle` (a literal, so its length is known) is in the `len`
 * bytes of s: strstr() for a text whose length the caller has. */
static inline int text_has(const char *s, size_t len, const char *needle)
{
	return text_find(s, len, 0, needle, strlen(needle)) >= 0;
}

/*
 * Whether folded `s` starts with `word` followed by a word boundary.
 * Inline because the grammar calls it at every word with a literal, whose
 * length and comparison the compiler then reduces to a few instructions.
 */
static inline int text_starts_word(const char *s, size_t len, const char *word)
{
	size_t wl;
	if (!word[0])
		return !len || !text_is_alnum(s);
	/* The first byte alone tells most words apart, before the length
	 * of a word from a list is taken and the rest compared. */
	if (!len || s[0] != word[0])
		return 0;
	wl = strlen(word);
	return wl <= len && !memcmp(s, word, wl) && (wl == len || !text_is_alnum(s + wl));
}

/* Upper-cases the first letter of s in place when lengths allow. */
void text_capitalize(char *s);

#endif
