/*
 * store/merge.h - merging a unit into another: a name met in notices that
 * turns out to be a directory unit ("Chi cục Thuỷ lợi Chủ trì", a typo)
 * gives its work to the real one.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_MERGE_H
#define TRACKER_STORE_MERGE_H

#include "tracker/store/store.h"

struct store_merge_result {
	long moved;      /* assignments moved to INTO */
	long joined;     /* assignments of tasks INTO already had (closed, kept in history) */
	long mails;      /* queued mails moved */
};

/*
 * Moves everything of unit `from` to unit `into` in one transaction: its
 * assignments with their work items and history (one "merged" event per
 * task), queued mail, accounts, group memberships and learned aliases;
 * `from`'s name becomes an alias of `into` taught by `actor`; `from`'s feed
 * addresses end (they answer 410), `into`'s stay; the unit `from` is
 * deleted.  ERR_NOTFOUND for an unknown unit; ERR_INVAL keyed
 * "merge_same", "merge_group" or "merge_in_directory" (the units file owns
 * its units: a unit it lists is not merged away).
 */
int store_units_merge(struct store *s, long long from, long long into, const char *actor,
		      struct store_merge_result *res, struct err *err);

#endif
