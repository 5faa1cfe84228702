/*
 * textin_int.h - what the files of textin/ share: the helpers of util.c
 * and the converters textin.c dispatches to.  Internal to textin/.
 */
#ifndef TRACKER_TEXTIN_INT_H
#define TRACKER_TEXTIN_INT_H

#include <stddef.h>
#include "notices/util.h"
#include "tracker/textin/textin.h"

/*
 * Whether `len` bytes are valid UTF-8 (NUL bytes allowed: the parser names
 * them).  When not, sets those of bad, line, col that are not NULL: the
 * offset of the first bad byte, its 1-based line and its byte column,
 * counting line ends as the parser does (LF, CRLF, lone CR, form feed,
 * vertical tab).
 */
int textin_utf8_valid(const char *buf, size_t len, size_t *bad, int *line, int *col);

/*
 * The converters.  Each appends the text to `out` (made with the cap
 * o->max_text; a caller checks out->toobig), fills `info` and returns 0 or
 * an ERR_* code with *e filled.  `o` has every default resolved.
 */
int textin_docx(const char *buf, size_t len, const struct textin_opts *o,
		struct sbuf *out, struct textin_info *info, struct err *e);
int textin_pdf(const char *buf, size_t len, const struct textin_opts *o,
	       struct sbuf *out, struct textin_info *info, struct err *e);

/*
 * Legacy text: with `enc` TCVN3 or CP1258 decodes with that encoding (the
 * caller forced it); with AUTO tries both and keeps the one whose result
 * reads as Vietnamese (textin_vietnamese_score()), else returns
 * ERR_ENCODING without filling *e (the caller reports the UTF-8 error).
 * The result is NFC.
 */
int textin_legacy(const char *buf, size_t len, enum textin_encoding enc,
		  struct sbuf *out, struct textin_info *info, struct err *e);

/*
 * How Vietnamese `len` bytes of UTF-8 text look: sets *words to the number
 * of words with a non-ASCII letter, *valid to how many of those are
 * Vietnamese syllables, and returns how many distinct administrative
 * phrases ("ủy ban", "nhân dân", "thông báo", ...) occur.
 */
int textin_vietnamese_score(const char *s, size_t len, size_t *words, size_t *valid);

#endif
