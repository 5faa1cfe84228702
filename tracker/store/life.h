/*
 * store/life.h - the lifecycle of work: a work item is one unit's share of
 * a task, or one period of it; units act on it (progress, done, extension)
 * and the office confirms.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_LIFE_H
#define TRACKER_STORE_LIFE_H

#include "tracker/store/store.h"
#include "tracker/core/status.h"
#include "tracker/core/recur.h"

/*
 * A piece of work with a status: one lead assignment of a one-off task
 * (seq 0), or one period of a recurring one (seq 1, 2, ...).  Its id is the
 * handle every action takes ("tracker done 17").
 */
struct store_item {
	long long id;
	long long assignment_id, task_id, notice_id, unit_id;
	int seq;
	char *unit;            /* the lead unit's name */
	char *unit_email;      /* or NULL */
	struct ymd due;        /* this occurrence's deadline as written; zero: none */
	enum due_kind due_kind;
	char *due_text;        /* the task's deadline phrase, or NULL */
	struct ymd last_day;   /* from the notice */
	struct ymd extended_to;/* zero unless an extension was approved */
	struct ymd requested_to; /* zero unless an extension awaits the office */
	char *request_reason;
	enum work_state work;
	struct ymd reported_on, done_on;
	struct task_state state; /* on the `today` the caller gave */
	enum rec_freq freq;
	char *task_ref, *task_text;
	char *notice_number;   /* may be NULL */
	struct ymd notice_date;/* zero when the notice left it blank */
	int percent;           /* the latest progress report's percentage, or -1 */
	/* The office's latest decision on it, NULL when none: the event kind
	 * ("confirmed", "reopened", "extension_approved", "extension_refused",
	 * "extension_granted", "closed"), who, when (UTC stamp), the note. */
	char *decided_kind, *decided_by, *decided_at, *decided_note;
};

/* Frees what an item holds (not the struct).  NULL-safe. */
void store_item_release(struct store_item *it);

/*
 * Brings the occurrences of every live task of notice `notice_id` in line
 * with its deadline, recurrence and lead assignments: one-off tasks get one
 * occurrence per lead unit; recurring ones one per period up to a year
 * after `today` (zero: today in UTC+7).  Work already reported or done is
 * never deleted.  Runs inside the caller's transaction (store_import()
 * calls it); `now` stamps the rows.
 */
int life_sync_notice(struct store *s, long long notice_id, struct ymd today,
		     const char *now, struct err *err);

/*
 * Extends the occurrences of recurring tasks as time passes: every series
 * materialised less than a year beyond `today` is brought up to it.  One
 * transaction.  Returns 0 and the number of occurrences added in *added.
 */
int store_materialize(struct store *s, struct ymd today, long *added,
		      struct err *err);

enum store_action {
	STORE_ACT_PROGRESS, /* a unit reports progress (note, optional percent) */
	STORE_ACT_DONE,     /* a unit reports completion -> awaiting confirmation */
	STORE_ACT_CONFIRM,  /* the office confirms: done on the reported day */
	STORE_ACT_REOPEN,   /* the office returns reported or done work */
	STORE_ACT_EXTEND,   /* a unit asks for a new last allowed day, with a reason */
	STORE_ACT_APPROVE,  /* the office grants the pending extension */
	STORE_ACT_REFUSE,   /* the office refuses it */
	STORE_ACT_GRANT,    /* the office sets a new last allowed day itself (gia hạn) */
	STORE_ACT_CLOSE     /* the office closes open work itself: done on a day */
};

struct store_act {
	enum store_action action;
	long long item_id;
	const char *actor;  /* who acts, for the history; NULL: "office" */
	const char *note;   /* progress text, reason, the office's note; may be NULL
			     * (EXTEND, GRANT, REOPEN and REFUSE need it) */
	struct ymd date;    /* DONE, CLOSE: the day done (zero: today); EXTEND,
			     * GRANT: the new last allowed day */
	int percent;        /* PROGRESS: 0..100, or -1 */
	struct ymd today;   /* must be a full date */
	/* DONE: a document that goes with the report (store/attach.h), or
	 * NULL; its id into attachment_id of the action's caller. */
	const struct store_file_in *file;
	long long *attachment_id;
};

/* "progress", "done", ...; store_action_parse() returns -1 when unknown. */
const char *store_action_name(enum store_action a);
int store_action_parse(const char *s, enum store_action *out);

/*
 * Applies one action to one item in one transaction and records it as an
 * event of the task (with the item, actor, time, note and the dates that
 * moved; an extension keeps the original deadline in the history).
 * Returns 0 and, when `after` is non-NULL, the item as it now stands
 * (caller releases with store_item_release()); ERR_NOTFOUND for an
 * unknown item; ERR_BADSTATE when the action does not fit ("nothing to
 * confirm", "already done", "no extension is waiting"); ERR_INVAL for
 * bad arguments (a done day in the future or before the notice's date, an
 * extension not later than the deadline in force, an extension without a
 * reason).  A progress report's percentage stays on the item (percent).
 */
int store_act(struct store *s, const struct store_act *a,
	      struct store_item *after, struct err *err);

/*
 * Whether an action is the office's decision (confirm, reopen, approve,
 * refuse, grant, close): the item then carries it (decided_*), and one
 * with a note is mailed to the unit by the next reminder run.
 */
int store_action_is_office(enum store_action a);

/* The most items one store_act_many() call takes. */
#define STORE_BULK_MAX 1000

/*
 * Applies the action of `a` (its item_id ignored) to each of the n items
 * of ids, in one transaction: all of them, or, when one does not fit or
 * is unknown, none (the error is that item's, with err->arg its id and
 * err->msg naming it; *bad, when non-NULL, is its id).  One history event
 * per item, as store_act().  ERR_INVAL for n of 0 or above
 * STORE_BULK_MAX, or an id given twice.  Calls fn (when non-NULL) after
 * the commit with each item as it now stands, in the order given
 * (borrowed for the call).
 */
int store_act_many(struct store *s, const struct store_act *a, const long long *ids,
		   size_t n, long long *bad,
		   int (*fn)(const struct store_item *it, void *arg), void *arg,
		   struct err *err);

/* The three lists of the office's inbox. */
enum store_inbox_kind {
	STORE_INBOX_CONFIRM,   /* reported done, awaiting the office's confirmation */
	STORE_INBOX_EXTENSION, /* an extension request awaiting the office */
	STORE_INBOX_RETURNED,  /* returned by the office, not yet reported again */
	STORE_INBOX_KINDS
};

/* "confirm", "extension", "returned". */
const char *store_inbox_kind_name(enum store_inbox_kind k);

/*
 * Calls fn for each live item of the inbox (of unit `unit_id`, or every
 * unit when 0), list by list in the order of store_inbox_kind, oldest
 * item id first within a list; counts[k] gets each list's size.  The item
 * is borrowed for the call; fn's non-zero return stops and is returned.
 * One read snapshot.  fn may be NULL (counts only).
 */
int store_inbox(struct store *s, long long unit_id, struct ymd today,
		int (*fn)(enum store_inbox_kind k, const struct store_item *it, void *arg),
		void *arg, long counts[STORE_INBOX_KINDS], struct err *err);

/* An office decision with a note, waiting for the mail that tells the unit. */
struct store_decision {
	long long event_id;
	const char *kind, *actor, *at, *note; /* borrowed for the call */
	const char *data;                     /* the event's JSON (dates moved) */
};

/*
 * Calls fn for each decision waiting for its mail, unit by unit (by
 * unit_id, then event order), with the item as it now stands.  Borrowed
 * arguments; fn's non-zero return stops and is returned.
 */
int store_decision_scan(struct store *s, struct ymd today,
			int (*fn)(const struct store_decision *d, const struct store_item *it,
				  void *arg),
			void *arg, struct err *err);

/* Forgets the waiting decisions of ids (their mail is queued).  Inside the
 * caller's transaction. */
int store_decision_done(struct store *s, const long long *event_ids, size_t n,
			struct err *err);

/*
 * The item of task `task_id` for lead unit `unit` (name or alias) that an
 * action would mean: for CONFIRM the earliest reported one, for REOPEN the
 * latest reported or done one, for APPROVE/REFUSE the one with a pending
 * extension, otherwise the earliest not done.  Returns 0 and sets *id, or
 * ERR_NOTFOUND.
 */
int store_find_item(struct store *s, long long task_id, const char *unit,
		    enum store_action a, long long *id, struct err *err);

/* One item by id, with its state on `today`.  ERR_NOTFOUND if none. */
int store_get_item(struct store *s, long long id, struct ymd today,
		   struct store_item *out, struct err *err);

struct store_item_filter {
	long long unit_id;     /* 0: any */
	long long task_id;     /* 0: any */
	int open_only;         /* only work not confirmed done */
	struct ymd last_until; /* with open_only: only work whose last allowed day
	                          in force is on or before this (the reminder scan);
	                          zero: no bound */
	struct ymd notice_from, notice_to; /* notice date range (inclusive); zero: open */
	int current_only;      /* recurring: only periods already due on `today`
	                          and the next one (what reports count) */
	struct ymd today;      /* for states; must be a full date */
};

/*
 * Calls fn for each live item matching f (live: its task and assignment are
 * not removed), in unit then deadline order, with a borrowed item valid
 * only during the call.  fn returns 0 to go on, non-zero to stop (returned
 * as is).  Memory stays flat whatever the number of items.
 */
int store_scan_items(struct store *s, const struct store_item_filter *f,
		     int (*fn)(const struct store_item *it, void *arg), void *arg,
		     struct err *err);

/*
 * Calls fn for each live item as store_scan_items() does with current_only
 * and no other filter, in no particular order, with only the fields the
 * counts need: assignment_id, task_id, unit_id, unit, seq, work,
 * last_day, extended_to, done_on, freq and state (the other texts and
 * fields are zero).  The
 * item is borrowed for the call.  Reads one snapshot; memory grows with
 * the largest assignment and task ids.  fn's non-zero return stops the
 * scan and is returned.
 */
int store_scan_all_brief(struct store *s, struct ymd today,
			 int (*fn)(const struct store_item *it, void *arg), void *arg,
			 struct err *err);

/*
 * Calls fn with the id of each name met in notices that is neither a
 * directory unit nor a group (the units store_list_units() lists with
 * in_directory and is_group both 0).  fn's non-zero return stops and is
 * returned; else 0 or an ERR_* code.
 */
int store_scan_other_names(struct store *s, int (*fn)(long long unit_id, void *arg),
			   void *arg, struct err *err);

#endif
