/*
 * store/search.h - search and paging over work items.  Conventions as in
 * store.h.
 */
#ifndef TRACKER_STORE_SEARCH_H
#define TRACKER_STORE_SEARCH_H

#include "tracker/store/store.h"
#include "tracker/store/life.h"

struct store_item_query {
	long long unit_id;     /* lead unit; 0: any */
	long long notice_id;   /* 0: any */
	long long task_id;     /* 0: any */
	const char *q;         /* full-text words over the task text, diacritics and
	                          đ/d folded: as a phrase (syllables in order), else
	                          every word anywhere; the last one a prefix; NULL
	                          or blank: any */
	int status;            /* an enum task_status, or -1 */
	unsigned flags;        /* STORE_QF_* that must all hold */
	struct ymd due_from, due_to; /* bounds on the last allowed day in force */
	int all_periods;       /* recurring: also periods beyond the next one */
	int order;             /* STORE_ORDER_* */
	long offset, limit;    /* paging; limit 0: no limit */
	struct ymd today;      /* statuses; must be a full date */
};

#define STORE_QF_DUE_SOON     1u
#define STORE_QF_LONG_OVERDUE 2u
#define STORE_QF_AWAITING     4u
#define STORE_QF_EXTENDED     8u
#define STORE_QF_OPEN        16u  /* not confirmed done */
#define STORE_QF_RECURRING   32u  /* a period of a recurring task (định kỳ) */
/* "due_soon", "long_overdue", "awaiting", "extended", "open", "recurring"
 * -> a flag, or 0. */
unsigned store_qflag_parse(const char *s);

/* The order of store_query_items(). */
enum {
	STORE_ORDER_DEADLINE = 0, /* by last allowed day in force, no deadline last */
	/* What a unit must act on first: open work due within STORE_SOON_WEEK
	 * days, then open overdue work (most recently overdue first), then the
	 * rest by deadline. */
	STORE_ORDER_ATTENTION
};
#define STORE_SOON_WEEK 7

/*
 * A copy of in[0..n) with "đ"/"Đ" as "d"/"D", all else as it is: the form
 * task_fts (schemas 3 to 24) held a task's text in, since people type "don
 * doc" for "đôn đốc".  The migrations that fill it call it as vn_fold();
 * search now folds with words.h.  Caller frees.
 */
char *store_fold_d(const char *in, size_t n);

/*
 * Calls fn for each live work item matching q, in q->order, from q->offset for at most q->limit items,
 * with a borrowed item valid only during the call; *total gets how many
 * match in all.  Returns 0, or fn's non-zero value when it stops early
 * (total then counts only what was seen).
 */
int store_query_items(struct store *s, const struct store_item_query *q,
		      int (*fn)(const struct store_item *it, void *arg), void *arg,
		      long *total, struct err *err);

/*
 * Merges the search index's segments into one, a bounded step at a time,
 * each step its own write transaction: for the daily run, so that a search
 * reads one list per token instead of one per segment.  Stops when the
 * index is one b-tree or after max_steps steps; *steps gets how many ran
 * (the last did no work when it stopped early).  0 or an ERR_* code (the
 * steps before stay done).
 */
int store_search_tidy(struct store *s, int max_steps, int *steps, struct err *err);
/* The daily run's bound: about a gigabyte of merging, far more than an
 * office's day of writes leaves. */
#define STORE_TIDY_DAILY 1000

#endif
