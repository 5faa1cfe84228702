/*
 * inbox_json.h - the office's inbox as JSON, shared by `tracker inbox
 * --json` and GET /api/inbox so that both list the same.  Ownership as in
 * store_json.h.
 */
#ifndef TRACKER_INBOX_JSON_H
#define TRACKER_INBOX_JSON_H

#include <cJSON.h>
#include "tracker/store/store.h"
#include "tracker/store/life.h"

/*
 * The inbox (store_inbox()) of unit `unit_id` (0: the office's, every
 * unit): {"today", "unit_id" (or null), "counts": {"confirm", "extension",
 * "returned", "total"}, "confirm": [items], "extension": [items],
 * "returned": [items], "shown_max"}, items as store_item_json().  Each
 * list holds its oldest STORE_INBOX_SHOWN items at most, whatever the
 * counts say, so an inbox of thousands stays one bounded page: the office
 * works from the oldest, and the next ones come up as those are decided.
 * Returns 0 and *out (caller frees with cJSON_Delete()), or an ERR_* code.
 */
#define STORE_INBOX_SHOWN 200

int store_inbox_json(struct store *s, long long unit_id, struct ymd today, cJSON **out,
		     struct err *err);

#endif
