/*
 * schedule.h - the reminder engine and the weekly mail on a clock, for
 * `tracker serve`: every day at a set time (Asia/Ho_Chi_Minh) it runs what
 * `tracker remind` runs, and the weekly overdue mail, in a thread of its
 * own with its own SQLite connection.
 *
 * Both jobs are idempotent (a reminder is decided once per item, kind and
 * slot; the weekly mail once per ISO week), so the schedule simply runs
 * them at start and then daily: a server that was down over the hour, or
 * over a Monday, catches up on its next run, and a run that overlaps a
 * cron job sends nothing twice.
 */
#ifndef TRACKER_SCHEDULE_H
#define TRACKER_SCHEDULE_H

#include "notices/util.h"
#include "tracker/mail/deliver.h"
#include "tracker/remind.h"
#include "tracker/report.h"

struct schedule; /* opaque */

/* What one run did, for the caller to log. */
struct schedule_run {
	struct ymd today;
	int failed;               /* the run stopped on an error (in msg) */
	char msg[512];
	struct remind_stats remind;
	struct report_weekly_stats weekly;
};

struct schedule_conf {
	const char *db_path;
	struct outmail_conf mail;      /* today and now are set at each run */
	struct deliver_conf deliver;
	struct remind_rules rules;
	int hour, minute;              /* daily, in UTC+7 */
	struct ymd fixed_today;        /* zero: the real day (tests fix it) */
	/* Called after each run, from the schedule's thread; may be NULL. */
	void (*on_run)(const struct schedule_run *r, void *arg);
	void *arg;
};

/*
 * Starts the schedule: a first run right away, then one every day at
 * hour:minute.  The strings in conf must outlive the schedule.  Returns 0
 * and a handle, or -1 when the thread cannot start.
 */
int schedule_start(const struct schedule_conf *conf, struct schedule **out);

/* Stops it (waiting for a run in progress to finish) and frees it.
 * NULL-safe; sets *s to NULL. */
void schedule_stop(struct schedule **s);

/* Seconds from `now` to the next hour:minute in UTC+7 (1..86400). */
long schedule_next_delay(time_t now, int hour, int minute);

#endif
