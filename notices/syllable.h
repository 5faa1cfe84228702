/*
 * syllable.h - Vietnamese syllables, and words run together by copying.
 *
 * Text copied from a web page loses the spaces at element boundaries:
 * "Kínhgửi", "chủtrì", "Bộ Kế hoạchvà Đầu tư", "tháng8".  Vietnamese is
 * written one syllable per word and its syllables are a closed set (the
 * table in syllable_tab.c, generated from the hunspell-vi dictionary), so a
 * token that is no syllable but reads in exactly one way as a sequence of
 * syllables is split there.
 *
 * Internal to notices/: notice_parse() runs syllable_split() on the
 * normalised text before anything else reads it, and keeps what it split in
 * `struct notice` (notice.h).  Pure computation, no I/O.
 */
#ifndef NOTICES_SYLLABLE_H
#define NOTICES_SYLLABLE_H

#include <stddef.h>

struct unitdir;
struct notice_split;

/*
 * Whether the `len` bytes at s are one Vietnamese syllable, in any case and
 * either tone placement ("hoà", "hòa", "HÒA").  `s` is NFC.
 */
int syllable_valid(const char *s, size_t len);

/*
 * Splits the tokens of NFC text `s` (`len` bytes, and a NUL at s[len], as
 * text_normalize() leaves it) that words run together made, and returns the new text (caller frees; NUL-terminated, its length
 * in *outlen), or NULL when nothing was split (the text stands as it is).
 *
 * A token is split when it holds a letter with a diacritic, is not a
 * syllable, and either
 *  - reads as syllables of two letters or more in exactly one way with the
 *    fewest syllables ("Kínhgửi" -> "Kính gửi"; "quốcgia" could also be
 *    "quốc gi a", which takes more), each a word of the dictionary; or
 *  - joins a syllable and a number ("tháng8" -> "tháng 8", "số12").
 * Never split: a valid syllable; a word of a unit name in `units` (NULL for
 * none); a token inside an address, a path or a code ("@", "/", "_" or "."
 * joined to it); a token with a one-letter part ("10h30", "5a", "Êđê").
 *
 * Each split is appended to *splits (grown with xrealloc; *n counts them):
 * the 1-based line, the token as written and as split, both owned by the
 * array (free with syllable_splits_free()).  Line ends are unchanged, so
 * line numbers hold in the new text.
 */
char *syllable_split(const char *s, size_t len, const struct unitdir *units,
		     size_t *outlen, struct notice_split **splits, size_t *n);

/* Frees what syllable_split() recorded, and the array; sets *v to NULL. */
void syllable_splits_free(struct notice_split **v, size_t n);

#endif
