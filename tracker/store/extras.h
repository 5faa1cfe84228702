/*
 * store/extras.h - what a work item's row in the task list's export adds
 * to the item itself: the task's supporting units and the latest note on
 * the item.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_EXTRAS_H
#define TRACKER_STORE_EXTRAS_H

#include "tracker/store/store.h"

/*
 * Into co (reset first): the live supporting units of task_id, "; "-joined
 * in the order they were assigned, a unit reached through a group shown
 * once as the group, as the notice named it.  Into note (reset first): the
 * latest non-empty note left on work item item_id (a progress report, a
 * report of completion, an extension's reason), or nothing.  One cached
 * statement each, usable while a store_query_items() scan runs.
 */
int store_item_extras(struct store *s, long long task_id, long long item_id, struct sbuf *co,
		      struct sbuf *note, struct err *err);

#endif
