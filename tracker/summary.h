/*
 * summary.h - the dashboard's overview: work counted by status, the units
 * ranked by how late they are, how late (aging), and the weekly trend.
 */
#ifndef TRACKER_SUMMARY_H
#define TRACKER_SUMMARY_H

#include <cJSON.h>
#include "notices/util.h"
#include "tracker/store/store.h"

#define SUMMARY_WEEKS 12
#define SUMMARY_PER_PAGE 20
#define SUMMARY_PER_PAGE_MAX 200

/* Which page of each ranked list to give (1-based; 0 means 1). */
struct summary_opts {
	long page;        /* of the directory units */
	long other_page;  /* of the names that are not directory units */
	long per_page;    /* rows per page of both; 0: SUMMARY_PER_PAGE */
	long long unit_id; /* only this lead unit's work (a unit's own page); 0: all */
};

/*
 * The overview on `today` (see docs/API.md, GET /api/summary, for the
 * shape): "counts" of tasks and of work items by status, flag and aging
 * bucket, with the overdue rate; "units", the directory units ranked by
 * overdue work, then long-overdue work, then overdue rate, one page of
 * them; "other_names", the same for names met in notices that are neither
 * directory units nor groups; "weeks", overdue work at the end of each of
 * the last SUMMARY_WEEKS weeks and work completed in it; "definitions",
 * what each number means, in the words the page shows.  Work items are
 * counted as the upward report counts them (recurring: periods already due
 * and the one under way).  Returns 0 and a new object in *out (caller
 * frees), or an ERR_* code.
 */
int summary_json(struct store *s, struct ymd today, const struct summary_opts *o,
		 cJSON **out, struct err *err);

/*
 * The check of `tracker check`: when the overview's counts are kept
 * (store/counts.h), the office's and every unit's numbers they give with
 * the changes marked since equal a count of every item on their day.
 * Adds a line to problems for each number that differs (none when no
 * counts are kept).  Returns 0 or an ERR_* code.
 */
int summary_check_kept(struct store *s, struct strlist *problems, struct err *err);

#endif
