/*
 * ics.h - RFC 5545 content lines written straight into a buffer: the
 * escaping of TEXT values and the folding of long lines, at the speed a
 * feed of ten thousand events needs.
 *
 * A unit's feed of 10,000 events must be built in under 50 ms, scan
 * included, which libical's writer cannot do.  So feed.c writes its
 * events' lines here, and libical stays the reference: feed_build() can
 * still write every event through libical (feed_opts.libical), and the
 * tests compare the two content line by content line (tests/test_feed.c,
 * tests/t_feed.sh).  What "the same as libical" means for TEXT: '\\', ';'
 * and ',' get a backslash, a newline becomes "\n", and the controls libical
 * drops (BS, FF, CR) are dropped.  The other C0 controls, which RFC 5545
 * forbids in TEXT and libical lets through, are dropped as well (the
 * feed's text never holds them; the difference is tested).
 *
 * Folding follows section 3.1: lines end CRLF, hold at most 75 octets, and
 * a long line goes on after CRLF and one space, never between the bytes of
 * one UTF-8 character.  Lines are folded as late as the rule allows, so the
 * result is exactly what feed_refold() makes of the same line.
 */
#ifndef TRACKER_ICS_H
#define TRACKER_ICS_H

#include <stddef.h>
#include "notices/notice.h"
#include "notices/util.h"

/* A content line being written: the buffer and the octets on its current
 * physical line.  Lives on the caller's stack between begin and end. */
struct ics_line {
	struct sbuf *sb;
	size_t col;
};

/* Starts a line "NAME" in sb; `name` may carry parameters
 * ("DTSTART;VALUE=DATE") and is written as it is, then ':'. */
void ics_begin(struct ics_line *l, struct sbuf *sb, const char *name);

/* Appends n bytes of a value that needs no escaping (dates, numbers,
 * URIs, enumerated values), folding as needed. */
void ics_raw(struct ics_line *l, const char *s, size_t n);

/* Appends NUL-terminated UTF-8 text as a TEXT value (escaped; see above). */
void ics_text(struct ics_line *l, const char *s);

/* Ends the line (CRLF). */
void ics_end(struct ics_line *l);

/* Whole lines: "NAME:value" with the value as it is, as TEXT, as a DATE
 * (YYYYMMDD, of a full proleptic Gregorian date), as a UTC DATE-TIME of
 * `secs` seconds since 1970-01-01T00:00:00Z (YYYYMMDDTHHMMSSZ), or as an
 * INTEGER. */
void ics_prop(struct sbuf *sb, const char *name, const char *value);
void ics_prop_text(struct sbuf *sb, const char *name, const char *text);
void ics_prop_date(struct sbuf *sb, const char *name, struct ymd d);
void ics_prop_utc(struct sbuf *sb, const char *name, long long secs);
void ics_prop_int(struct sbuf *sb, const char *name, long long v);

#endif
