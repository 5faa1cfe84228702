/*
 * dates.h - calendar arithmetic on plain dates: day numbers, weekdays, ISO
 * weeks, month lengths, working days.  The one place the calendar's rules
 * are written; the parser, statuses, recurrences, reports and the summary
 * all count days here.
 *
 * Deadlines are calendar dates in Asia/Ho_Chi_Minh; they never pass through
 * time_t, so no time zone can shift them by a day.
 */
#ifndef NOTICES_DATES_H
#define NOTICES_DATES_H

#include "notice.h"

/* Days since 1970-01-01 for a full date (proleptic Gregorian), and back. */
long ymd_to_days(struct ymd d);
struct ymd ymd_from_days(long days);

/* Days in month m (1-12) of year y; 0 for a month that does not exist. */
int ymd_days_in_month(int y, int m);

/* Whether d is a full date that exists, in years 1 to 9999. */
int ymd_valid(struct ymd d);

/* 0 = Sunday ... 6 = Saturday. */
int ymd_weekday(struct ymd d);

/*
 * The ISO 8601 weekday of a day number: 0 = Monday ... 6 = Sunday.  ISO
 * weeks (and the office's weeks) run Monday to Sunday.
 */
int days_iso_weekday(long days);

/* The ISO 8601 week of d: its year (which may differ from d.y around New
 * Year) and its number, 1 to 53. */
void ymd_iso_week(struct ymd d, int *year, int *week);

/*
 * Adds `n` working days (Monday to Friday, skipping Vietnamese public
 * holidays with fixed solar dates) to `from`.
 */
struct ymd ymd_add_working_days(struct ymd from, int n);

#endif
