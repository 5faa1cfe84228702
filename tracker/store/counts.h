/*
 * store/counts.h - the overview's counts kept for a day: a snapshot of the
 * numbers as counted on one day, and the work items changed since, so that
 * the office-wide summary reads a few rows instead of every item.  The
 * store keeps the numbers as opaque vectors; summary.c lays them out.
 * Conventions as in store.h.
 */
#ifndef TRACKER_STORE_COUNTS_H
#define TRACKER_STORE_COUNTS_H

#include "tracker/store/life.h"

struct store_counts {
	int valid;              /* a snapshot of the day asked, in this layout */
	size_t nfields;         /* numbers per unit (the office has its own count) */
	long long *office;      /* the office's numbers */
	size_t noffice;
	size_t nunits;
	long long *units;       /* nunits rows: unit id, then nfields numbers */
	char **name;            /* unit names by unit id (NULL: no such unit), */
	long long nname;
	char *names;            /* all in this one block (take it to keep them) */
	/* Distinct tasks, and distinct recurring tasks, with counted work now
	 * minus at the snapshot. */
	long tasks_delta, recurring_delta;
};

/* Frees what c holds.  NULL-safe. */
void store_counts_release(struct store_counts *c);

/*
 * In one read snapshot of the database: when the kept counts are of
 * `today`, with `nfields` numbers per unit and at most `max_dirty`
 * assignments changed since, sets c->valid, fills the snapshot and the
 * unit names, and calls fn for the work items of each changed assignment
 * as store_scan_all_brief() would give them: as they stood when the
 * snapshot was taken with sign -1, as they are now with sign +1, each
 * assignment's items one after the other.  Otherwise c->valid is 0 and fn
 * is not called.  fn's non-zero return stops and is returned.  Caller
 * releases c with store_counts_release().
 */
int store_counts_read(struct store *s, struct ymd today, size_t nfields, size_t noffice,
		      size_t max_dirty,
		      int (*fn)(const struct store_item *it, int sign, void *arg), void *arg,
		      struct store_counts *c, struct err *err);

/*
 * Starts counting afresh: a read transaction (*began 1) that
 * store_counts_save() turns into a write only if no other connection has
 * written since it began, so that the counts kept are those of the
 * database they are kept in; *began 0 inside a caller's transaction.
 */
int store_counts_begin(struct store *s, int *began, struct err *err);

/*
 * Keeps c's office and unit numbers (c->office, c->noffice, c->units,
 * c->nunits, c->nfields) as the counts of `today`, forgets the changes
 * marked since the last snapshot and commits the transaction of
 * store_counts_begin().  Fails at once, rolling the transaction back, when
 * another connection has written since it began or holds the database.
 */
int store_counts_save(struct store *s, struct ymd today, const struct store_counts *c,
		      struct err *err);

/* The day of the kept counts in *day; zero when none are kept. */
int store_counts_day(struct store *s, struct ymd *day, struct err *err);

/* Ends the transaction of store_counts_begin() without keeping anything. */
void store_counts_abort(struct store *s);

#endif
