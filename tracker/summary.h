/*
 * summary.h - the dashboard's overview: work counted by status, the
 * per-unit table, and the overdue count week by week.
 */
#ifndef TRACKER_SUMMARY_H
#define TRACKER_SUMMARY_H

#include <cJSON.h>
#include "notices/util.h"
#include "tracker/store/store.h"

#define SUMMARY_WEEKS 12

/*
 * {"today", "counts": {total, no_deadline, in_progress, overdue,
 * done_on_time, done_late, awaiting, due_soon, long_overdue, extended},
 * "units": [{unit_id, unit, total, done_on_time, done_late, in_progress,
 * overdue, no_deadline, long_overdue, awaiting, overdue_rate}],
 * "overdue_by_week": [{week_end, overdue}] for the last SUMMARY_WEEKS weeks
 * (Sundays, the last one this week's)}.  Counts are of work items as the
 * upward report counts them (recurring: periods due and the one under way).
 * Returns 0 and a new object in *out (caller frees), or an ERR_* code.
 */
int summary_json(struct store *s, struct ymd today, cJSON **out, struct err *err);

#endif
