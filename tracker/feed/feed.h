/*
 * feed.h - the iCalendar feeds unit leaders subscribe to (RFC 5545): one
 * all-day event per work item on its last allowed day, or (the "todo"
 * variant) one VTODO due that day.
 *
 * A feed is a pure function of the store's state, today's date and the
 * options: every time in it (DTSTAMP, LAST-MODIFIED) comes from stored
 * change times, never from the clock, so the same state gives the same
 * bytes, and feed_meta() can say whether they changed (ETag,
 * Last-Modified) without building them.  The HTTP layer resolves the token
 * (store_feed_token_lookup()), calls feed_meta() and answers 304 when it
 * matches, else serves feed_build()'s bytes as
 * "text/calendar; charset=utf-8".
 *
 * Events are written by ics.c at the speed a large feed needs; libical
 * writes the calendar's own lines and, on request, every event, which is
 * how the tests check the fast writer.  Only feed/ and core/recur.c
 * include <libical/ical.h> (tests/layers/layers.txt).  libical's ownership
 * rule, for whoever edits feed.c: a property or component added to a
 * component belongs to it and is freed with it;
 * icalcomponent_as_ical_string_r() returns a buffer the caller frees with
 * icalmemory_free_buffer().
 */
#ifndef TRACKER_FEED_H
#define TRACKER_FEED_H

#include <stddef.h>
#include <time.h>
#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/store/feed.h"

/* Bumped whenever feed.c changes what it writes for the same state, so
 * that ETags made by an older build no longer match. */
#define FEED_FORMAT 2

struct feed_opts {
	int todo;             /* 1: VTODO items instead of all-day VEVENTs */
	const char *base_url; /* dashboard links; NULL: TRACKER_BASE_URL_DEFAULT */
	struct ymd today;     /* in Asia/Ho_Chi_Minh; must be a full date */
	int libical;          /* 1: every event written by libical (the slow
				 reference the tests compare with) */
};

struct feed_meta {
	char etag[24];           /* a strong validator, quotes included */
	char last_modified[32];  /* IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" */
	time_t mtime;            /* the same instant, for If-Modified-Since */
};

/*
 * The ETag and Last-Modified of a feed, from its stamp (one indexed row,
 * see store_feed_stamp()), `today` and the options, without reading its
 * items.  Statuses change when a day passes with no write, so the ETag
 * changes with `today` and Last-Modified is never before the start of
 * today in Vietnam.  Returns 0, or an ERR_* code (ERR_NOTFOUND when
 * the scope's unit or notice does not exist) with *err filled.
 */
int feed_meta(struct store *s, const struct store_feed_scope *sc,
	      const struct feed_opts *o, struct feed_meta *m, struct err *err);

/*
 * Writes the feed of scope `sc`: a VCALENDAR with NAME/X-WR-CALNAME
 * ("Hạn nhiệm vụ — <unit>"), X-WR-TIMEZONE, REFRESH-INTERVAL and
 * X-PUBLISHED-TTL of an hour, and one component per item of
 * store_feed_scan(), CRLF-terminated lines folded at 75 octets between
 * UTF-8 characters.  Returns 0 and a new NUL-terminated buffer in *out of
 * *len bytes (caller frees with free()), or an ERR_* code with *err
 * filled and *out NULL.
 */
int feed_build(struct store *s, const struct store_feed_scope *sc,
	       const struct feed_opts *o, char **out, size_t *len,
	       struct err *err);

/*
 * Appends the feed URL of a token to sb: base_url (trailing slashes
 * dropped; NULL as in feed_opts) + "/feeds/" + token + ".ics".
 */
void feed_url(const char *base_url, const char *token, struct sbuf *sb);

/*
 * Appends `in` (iCalendar text) to sb with every content line unfolded and
 * folded again as RFC 5545 section 3.1 wants: CRLF line ends, at most 75
 * octets a line, never between the bytes of one UTF-8 character.
 * feed_build() runs its text through this when libical's own folding
 * breaks one of those rules (older libicals split characters); exposed for
 * the tests.
 */
void feed_refold(const char *in, size_t len, struct sbuf *sb);

/* Whether iCalendar text already keeps those rules (1) or not (0). */
int feed_folded_ok(const char *in, size_t len);

#endif
