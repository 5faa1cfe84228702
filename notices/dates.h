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

/*
 * The one rule for a date a user enters (a deadline, an extension, a
 * completion, a notice's date): written YYYY-MM-DD with a four-digit year,
 * a day the calendar has (31/02 is not one), not before the year before
 * the notice's year and not more than 20 years after it.  `ref_year` is
 * the notice's year (the caller's today's year when the notice has none);
 * 0 checks the form and the calendar only.
 */
enum date_rule {
	DATE_OK = 0,
	DATE_FORMAT = -1,    /* "date_format": not YYYY-MM-DD */
	DATE_NOT_REAL = -2,  /* "date_not_real": no such day (31/02) */
	DATE_TOO_EARLY = -3, /* "date_too_early": before ref_year - 1 */
	DATE_TOO_LATE = -4   /* "date_too_late": after ref_year + 20 */
};
#define DATE_YEARS_BEFORE 1
#define DATE_YEARS_AFTER 20

/* Reads s by the rule into *out (zeroed on failure); a DATE_* value. */
int date_user_parse(const char *s, int ref_year, struct ymd *out);

/* Checks an already read date by the rule's range (and the calendar). */
int date_user_check(struct ymd d, int ref_year);

/* The message table's code of a DATE_* value ("date_not_real"); NULL for DATE_OK. */
const char *date_rule_key(int rc);

#endif
