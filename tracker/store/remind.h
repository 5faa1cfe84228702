/*
 * store/remind.h - reminders decided: which work was reminded of, in which
 * slot, and the last daily run.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_REMIND_H
#define TRACKER_STORE_REMIND_H

#include "tracker/store/store.h"
#include "tracker/store/life.h"


/*
 * Records that reminder (kind, slot) of an item is decided on `day`, unless
 * it already was: *added is 1 when new.  kind is "before", "due",
 * "overdue" or "escalate".  Inside the caller's transaction.
 */
int store_remind_add(struct store *s, long long item_id, const char *kind, int slot,
		     struct ymd day, int *added, struct err *err);

/*
 * What the last committed reminder run leaves to the next (remind.c uses
 * it to skip re-recording what that run recorded): the day it ran for, or
 * all zero when there was none or it applied other rules than `rules`; the
 * largest work item id it saw; and the ids of items changed since in a way
 * that can make an old reminder due (sorted ascending).  Read inside the
 * run's transaction.  Release with store_remind_since_release().
 */
struct store_remind_since {
	struct ymd day;
	long long mark;
	long long *changed;
	size_t n_changed;
};
int store_remind_since(struct store *s, const char *rules, struct store_remind_since *out,
		       struct err *err);
void store_remind_since_release(struct store_remind_since *r);

/*
 * Records a run for `day` under `rules`: every open work item it saw had
 * its reminders for that day recorded.  Forgets the changed items.  Inside
 * the run's transaction, after its last decision.
 */
int store_remind_mark_run(struct store *s, struct ymd day, const char *rules,
			  struct err *err);

struct store_reminder {
	long long id;
	const char *kind;  /* borrowed, valid during the callback */
	int slot;
};

/*
 * The recipients of reminders not yet put in a mail: units (unit_ids) of
 * "before"/"due"/"overdue" reminders, and whether any "escalate" one waits
 * (*escalations).  Caller frees *unit_ids.
 */
int store_remind_recipients(struct store *s, long long **unit_ids, size_t *n,
			    int *escalations, struct err *err);

/*
 * Calls fn for each reminder not yet in a mail, with its item: those of
 * unit `unit_id` (escalations excluded), or every escalation when unit_id
 * is 0; items in deadline order.  Borrowed arguments, valid during the call.
 */
int store_remind_scan(struct store *s, long long unit_id, struct ymd today,
		      int (*fn)(const struct store_reminder *r, const struct store_item *it,
				void *arg),
		      void *arg, struct err *err);

/* Marks reminders as carried by mail `mail_id`, or (mail_id 0) as skipped
 * because the recipient has no address. */
int store_remind_set_mail(struct store *s, const long long *ids, size_t n,
			  long long mail_id, struct err *err);

#endif
