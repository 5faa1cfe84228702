/*
 * utf8.h - the one check of UTF-8 at every entry (HTTP bodies and query
 * arguments, command-line arguments, the units file): the store holds only
 * valid UTF-8, which the JSON, CSV and iCalendar writers assume, so bytes
 * that are not are refused where they come in, never stored.
 */
#ifndef TRACKER_CORE_UTF8_H
#define TRACKER_CORE_UTF8_H

#include <stddef.h>

/*
 * Whether s[0..n) is valid UTF-8 (utf8proc's rules: no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns 1, or 0 with *bad (may be
 * NULL) set to the offset of the first byte that is not.
 */
int utf8_check(const char *s, size_t n, size_t *bad);

/* utf8_check() of a NUL-terminated string; NULL is valid. */
int utf8_check_str(const char *s);

/*
 * Makes the NUL-terminated s valid UTF-8 in place, for a message that
 * quotes what a client sent: each byte that does not start a valid
 * sequence becomes '?', so the bytes are never echoed.
 */
void utf8_scrub(char *s);

#endif
