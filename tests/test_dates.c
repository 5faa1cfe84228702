/*
 * test_dates.c - the calendar rules of notices/dates.h against libc's own
 * calendar (timegm, gmtime_r, strftime's ISO week), which the tracker's
 * dates never go through: every day from 1900 to 2200.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "notices/dates.h"
#include "tests/testhelp.h"

int main(void)
{
	struct ymd d = {1900, 1, 1};
	long days, bad_days = 0, bad_back = 0, bad_wd = 0, bad_iso = 0, bad_isowd = 0, n = 0;
	char want[16], got[16];

	for (days = ymd_to_days(d); ; days++, n++) {
		struct ymd x = ymd_from_days(days), back;
		time_t t = (time_t)days * 86400;
		struct tm tm;
		int year, week;

		gmtime_r(&t, &tm);
		if (x.y != tm.tm_year + 1900 || x.m != tm.tm_mon + 1 || x.d != tm.tm_mday)
			bad_days++;
		back = x;
		if (ymd_to_days(back) != days)
			bad_back++;
		if (ymd_weekday(x) != tm.tm_wday)
			bad_wd++;
		if (days_iso_weekday(days) != (tm.tm_wday + 6) % 7)
			bad_isowd++;
		ymd_iso_week(x, &year, &week);
		strftime(want, sizeof(want), "%G-W%V", &tm);
		snprintf(got, sizeof(got), "%04d-W%02d", year, week);
		if (strcmp(want, got))
			bad_iso++;
		if (x.y == 2200 && x.m == 12 && x.d == 31)
			break;
	}
	test_cond("every day 1900-2200 has libc's date", n > 109000 && bad_days == 0);
	test_cond("day numbers go there and back", bad_back == 0);
	test_cond("weekdays are libc's (0 = Sunday)", bad_wd == 0);
	test_cond("ISO weekdays count from Monday", bad_isowd == 0);
	test_cond("ISO weeks are strftime's %G-W%V", bad_iso == 0);

	test_cond("29/02 exists in leap years only",
		  ymd_valid((struct ymd){2024, 2, 29}) && !ymd_valid((struct ymd){2026, 2, 29}) &&
		  ymd_valid((struct ymd){2000, 2, 29}) && !ymd_valid((struct ymd){1900, 2, 29}));
	test_cond("31/02, month 13, day 0 and year 0 or 10000 are not dates",
		  !ymd_valid((struct ymd){2026, 2, 31}) && !ymd_valid((struct ymd){2026, 13, 1}) &&
		  !ymd_valid((struct ymd){2026, 1, 0}) && !ymd_valid((struct ymd){0, 1, 1}) &&
		  !ymd_valid((struct ymd){10000, 1, 1}));
	{
		struct ymd r = ymd_add_working_days((struct ymd){2026, 4, 29}, 2);
		/* 30/4 and 1/5 are holidays, 2-3/5/2026 a weekend: Monday 4/5, Tuesday 5/5. */
		test_cond("working days skip 30/4, 1/5 and the weekend", r.y == 2026 && r.m == 5 && r.d == 5);
	}
	{
		/* The one rule for dates users enter, against a notice of 2026. */
		struct ymd u;
		test_cond("a real day in range is read",
			  date_user_parse("2026-12-31", 2026, &u) == DATE_OK && u.y == 2026 &&
			  u.m == 12 && u.d == 31);
		test_cond("31/02 is not a day", date_user_parse("2026-02-31", 2026, &u) == DATE_NOT_REAL &&
			  !u.y && !strcmp(date_rule_key(DATE_NOT_REAL), "date_not_real"));
		test_cond("a five-digit year is not the form",
			  date_user_parse("20261-01-01", 2026, &u) == DATE_FORMAT &&
			  date_user_parse("2026-1-01", 2026, &u) == DATE_FORMAT &&
			  date_user_parse("", 2026, &u) == DATE_FORMAT &&
			  date_user_parse("2026-01-01 ", 2026, &u) == DATE_FORMAT);
		test_cond("9999-12-31 is more than 20 years after the notice",
			  date_user_parse("9999-12-31", 2026, &u) == DATE_TOO_LATE &&
			  date_user_parse("2046-12-31", 2026, &u) == DATE_OK &&
			  date_user_parse("2047-01-01", 2026, &u) == DATE_TOO_LATE);
		test_cond("0001-01-01 is before the year before the notice",
			  date_user_parse("0001-01-01", 2026, &u) == DATE_TOO_EARLY &&
			  date_user_parse("2025-01-01", 2026, &u) == DATE_OK &&
			  date_user_parse("2024-12-31", 2026, &u) == DATE_TOO_EARLY);
		test_cond("without a notice year only the form and the calendar count",
			  date_user_parse("0001-01-01", 0, &u) == DATE_OK &&
			  date_user_check((struct ymd){2026, 2, 29}, 0) == DATE_NOT_REAL);
	}
	return test_report();
}
