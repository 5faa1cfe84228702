/*
 * store/feed.h - what calendar feeds read from the store: feed tokens
 * (stored hashed), change stamps, and the scan of a unit's work.
 * Conventions as in store.h.
 */
#ifndef TRACKER_STORE_FEED_H
#define TRACKER_STORE_FEED_H

#include "tracker/store/store.h"
#include "tracker/store/life.h"

/*
 * What one calendar feed shows: the lead work of one unit, everything (the
 * office's feed: the office unit's token sees every unit's work), or the
 * work of one notice.
 */
enum store_feed_kind {
	STORE_FEED_UNIT = 1,
	STORE_FEED_OFFICE,
	STORE_FEED_NOTICE
};

struct store_feed_scope {
	enum store_feed_kind kind;
	long long id; /* UNIT: the unit; OFFICE: the office unit; NOTICE: the notice */
};

/* A feed token: 128 random bits in base64url without padding. */
#define STORE_TOKEN_CHARS 22

/*
 * Makes a new feed token for the scope and returns it in token[] (NUL-
 * terminated), the only time it exists in clear: the store keeps its
 * SHA-256.  A scope has at most one live token: with `rotate` 0 a scope
 * that has one gives ERR_BADSTATE; with `rotate` 1 the live one (if any)
 * ends as "rotated" in the same transaction.  ERR_NOTFOUND when the unit
 * or notice does not exist, ERR_INVAL for a group (a group has no work
 * of its own), ERR_IO when the system has no randomness to give.
 */
int store_feed_token_issue(struct store *s, const struct store_feed_scope *sc,
			   int rotate, char token[STORE_TOKEN_CHARS + 1],
			   struct err *err);

/*
 * Ends the scope's live token as "revoked": it then looks up as
 * STORE_TOKEN_GONE.  ERR_NOTFOUND when the scope has no live token.
 */
int store_feed_token_revoke(struct store *s, const struct store_feed_scope *sc,
			    struct err *err);

enum store_token_state {
	STORE_TOKEN_VALID = 0, /* live: *sc is its scope */
	STORE_TOKEN_UNKNOWN,   /* never handed out (or not even token-shaped): 404 */
	STORE_TOKEN_GONE       /* rotated away or revoked: 410 */
};

/*
 * Looks up a token as it appears in a feed URL (without ".ics").  Returns
 * 0 with *state set (and *sc for a valid one), or an ERR_* code when the
 * database fails.  Lookup is by the token's SHA-256, so the stored values
 * never meet the clear token in a comparison.
 */
int store_feed_token_lookup(struct store *s, const char *token,
			    enum store_token_state *state, struct store_feed_scope *sc,
			    struct err *err);

/*
 * The state of a feed without reading its work: `gen` grows with every
 * write that can change what the feed shows (triggers count them; 0
 * before any), `changed_at` is the last such write's time ("" before
 * any), `name` the unit's name or the notice's number (caller frees),
 * `db_uid` the database's id that event UIDs carry.  One row by its key
 * (the office's feed: sums over the units table).  ERR_NOTFOUND when
 * the unit or notice does not exist.
 */
struct store_feed_stamp {
	long long gen;
	char changed_at[32];  /* "YYYY-MM-DDTHH:MM:SSZ" or "" */
	char db_uid[32];
	char *name;           /* the unit's name, or the notice's number (may be NULL) */
	struct ymd notice_date; /* NOTICE scope: the notice's date; else zero */
};
/*
 * The generation of one unit's work (unit_id) or one notice's (notice_id,
 * when unit_id is 0): a number the schema's triggers move on every write
 * that changes what a list of that work shows (items, their tasks' text,
 * the notice's number and date, extensions asked).  The server's response
 * cache compares it, so a write forgets only the answers about the work it
 * touched.  0 and *gen (0 for an unknown id), or an ERR_* code.
 */
int store_work_gen(struct store *s, long long unit_id, long long notice_id,
		   unsigned long long *gen, struct err *err);

int store_feed_stamp(struct store *s, const struct store_feed_scope *sc,
		     struct store_feed_stamp *out, struct err *err);
/* Frees what a stamp holds.  NULL-safe. */
void store_feed_stamp_release(struct store_feed_stamp *st);

/* One event of a feed: a work item with what its event needs beyond it. */
struct store_feed_item {
	struct store_item it;   /* as store_scan_items() gives it */
	int rev;                /* changes of its deadline or workflow state so far */
	const char *changed_at; /* last change of anything its event shows */
	const char *leads;      /* the task's live lead units, "; "-joined (a group
	                           once, by its name), or NULL */
	const char *supports;   /* the supporting units, likewise, or NULL */
};

/*
 * Calls fn for each live work item of the scope that has a deadline and is
 * not done, or was done at most STORE_FEED_DONE_DAYS before `today` (done
 * work stays in calendars for a month, then drops out); in a stable order
 * (a unit's: by its assignments, then period; other scopes: by task, then
 * item).  Items and their text are borrowed, valid during
 * the call; memory stays flat.  fn returns 0 to go on, non-zero to stop
 * (returned as is).
 */
#define STORE_FEED_DONE_DAYS 30
int store_feed_scan(struct store *s, const struct store_feed_scope *sc,
		    struct ymd today,
		    int (*fn)(const struct store_feed_item *fi, void *arg), void *arg,
		    struct err *err);

#endif
