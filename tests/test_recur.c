/*
 * test_recur.c - the occurrences of recurring tasks (recur_expand()):
 * every day of a daily task, each month's day 31 once, the period ends of
 * each frequency.  recur_expand() walks the plain rules the parser writes
 * (a day of the month, of the week, days of some months, every n periods)
 * without libical; here every such rule, from every day it can start on
 * over four years (leap days, months of 28 to 31 days, weeks across the
 * new year), gives exactly what libical gives, and so do the period-end
 * series of each frequency from every anchor day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/deadline.h"
#include "testhelp.h"
#include "tracker/core/recur.h"

static long compared, differ;

static struct ymd D(int y, int m, int d)
{
	struct ymd r = {y, m, d};
	return r;
}

/* Both expansions of one series, compared; the first difference is shown. */
static void same(enum rec_freq freq, const char *rrule, struct ymd first, struct ymd anchor,
		 struct ymd until, size_t max)
{
	struct recur_occ a[RECUR_MAX], b[RECUR_MAX];
	size_t na = 0, nb = 0, i;
	int ra = recur_expand(freq, rrule, first, DUE_BEFORE, anchor, until, a, max, &na);
	int rb = recur_expand_libical(freq, rrule, first, DUE_BEFORE, anchor, until, b, max, &nb);
	int ok = ra == rb && na == nb;

	for (i = 0; ok && i < na; i++)
		ok = a[i].due.y == b[i].due.y && a[i].due.m == b[i].due.m &&
		     a[i].due.d == b[i].due.d && a[i].kind == b[i].kind;
	compared++;
	if (!ok && differ++ < 5)
		printf("# %s from %04d-%02d-%02d (anchor %04d-%02d-%02d) to %04d-%02d-%02d:"
		       " %zu occurrences, libical %zu\n", rrule ? rrule : "(period)", first.y,
		       first.m, first.d, anchor.y, anchor.m, anchor.d, until.y, until.m, until.d,
		       na, nb);
}

/* Each series from `first` to a year on, to 40 days on, and cut at 5. */
static void series(enum rec_freq freq, const char *rrule, struct ymd first)
{
	long d = ymd_to_days(first);

	same(freq, rrule, first, first, ymd_from_days(d + 366), RECUR_MAX);
	same(freq, rrule, first, first, ymd_from_days(d + 40), RECUR_MAX);
	same(freq, rrule, first, first, ymd_from_days(d + 800), 5);
}

/* Whether the n occurrences are strictly later one after the other. */
static int ascending(const struct recur_occ *o, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (ymd_to_days(o[i].due) <= ymd_to_days(o[i - 1].due))
			return 0;
	return 1;
}

static int weekday(struct ymd d)
{
	return (int)((ymd_to_days(d) + 3) % 7 + 7) % 7; /* 0 = Monday */
}

int main(void)
{
	static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
	static const int monthdays[] = {1, 5, 15, 25, 28, 29, 30, 31, -1};
	static const int intervals[] = {1, 2, 3, 6};
	static const char *const yearly[] = {
		"FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=10", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
		"FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
		"FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=-1", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=31",
		"FREQ=YEARLY;INTERVAL=2;BYMONTH=3,9;BYMONTHDAY=15",
	};
	static const enum rec_freq freqs[] = {
		REC_DAILY, REC_WEEKLY, REC_MONTHLY, REC_QUARTERLY, REC_HALF_YEARLY, REC_YEARLY,
	};
	long from = ymd_to_days(D(2023, 1, 1)), to = ymd_to_days(D(2026, 12, 31)), d;
	char rule[96];
	size_t i, j, k;
	int y, m;

	/* Daily, every n days. */
	for (d = from; d <= to; d += 5) {
		series(REC_DAILY, "FREQ=DAILY", ymd_from_days(d));
		series(REC_DAILY, "FREQ=DAILY;INTERVAL=2", ymd_from_days(d));
	}
	test_cond("daily rules give libical's days", !differ && compared > 1000);

	/* A day of the week: from each such day, and from others (libical's). */
	for (d = from; d <= from + 400; d++) {
		struct ymd x = ymd_from_days(d);
		snprintf(rule, sizeof(rule), "FREQ=WEEKLY;BYDAY=%s", days[weekday(x)]);
		series(REC_WEEKLY, rule, x);
		snprintf(rule, sizeof(rule), "FREQ=WEEKLY;INTERVAL=2;BYDAY=%s;WKST=MO",
			 days[weekday(x)]);
		series(REC_WEEKLY, rule, x);
		if (d % 3 == 0)
			series(REC_WEEKLY, "FREQ=WEEKLY;BYDAY=FR", x);
	}
	test_cond("weekly rules give libical's days", !differ);

	/* A day of the month, every n months, from each month it falls in. */
	for (i = 0; i < sizeof(monthdays) / sizeof(monthdays[0]); i++)
		for (j = 0; j < sizeof(intervals) / sizeof(intervals[0]); j++)
			for (y = 2023; y <= 2026; y++)
				for (m = 1; m <= 12; m++) {
					int dim = ymd_days_in_month(y, m);
					int md = monthdays[i];
					if (md > dim)
						continue;
					if (intervals[j] == 1)
						snprintf(rule, sizeof(rule), "FREQ=MONTHLY;BYMONTHDAY=%d", md);
					else
						snprintf(rule, sizeof(rule),
							 "FREQ=MONTHLY;INTERVAL=%d;BYMONTHDAY=%d",
							 intervals[j], md);
					series(REC_MONTHLY, rule, D(y, m, md < 0 ? dim : md));
					/* A start the rule does not give: libical decides. */
					if (m == 2)
						series(REC_MONTHLY, rule, D(y, m, 14));
				}
	test_cond("monthly rules give libical's days, short months skipped alike", !differ);

	/* Days of some months, every n years. */
	for (i = 0; i < sizeof(yearly) / sizeof(yearly[0]); i++)
		for (y = 2023; y <= 2027; y++)
			for (m = 1; m <= 12; m++) {
				int dim = ymd_days_in_month(y, m);
				for (k = 1; k <= (size_t)dim; k++)
					series(REC_HALF_YEARLY, yearly[i], D(y, m, (int)k));
			}
	test_cond("yearly rules give libical's days, 29 February only in leap years", !differ);

	/* Within each period, from the period of every anchor day. */
	for (i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++)
		for (d = from; d <= to; d += freqs[i] == REC_DAILY ? 9 : 1)
			same(freqs[i], NULL, D(0, 0, 0), ymd_from_days(d),
			     ymd_from_days(d + 366), RECUR_MAX);
	test_cond("period-end series give libical's days from every anchor", !differ);
	printf("# %ld series compared\n", compared);

	{
		struct recur_occ o[RECUR_MAX];
		size_t n = 99;
		test_cond("a rule libical cannot read is refused",
			  recur_expand(REC_MONTHLY, "FREQ=SOMETIMES;BYMONTHDAY=5", D(2025, 1, 5),
				       DUE_BY, D(2025, 1, 1), D(2026, 1, 1), o, RECUR_MAX, &n) == -1 &&
			  n == 0);
		test_cond("a daily task has a work item for each day of the year ahead",
			  !recur_expand(REC_DAILY, "FREQ=DAILY", D(0, 0, 0), DUE_NONE, D(2024, 11, 4),
					D(2025, 11, 4), o, RECUR_MAX, &n) &&
			  n == 366 && ascending(o, n) && o[0].due.d == 4 && o[1].due.d == 5 &&
			  o[365].due.y == 2025 && o[365].due.m == 11 && o[365].due.d == 4);
		test_cond("day 31 of each month comes once, short months skipped",
			  !recur_expand(REC_MONTHLY, "FREQ=MONTHLY;BYMONTHDAY=31", D(2024, 12, 31),
					DUE_BEFORE, D(2024, 11, 4), D(2025, 12, 31), o, RECUR_MAX, &n) &&
			  n == 8 && ascending(o, n) && o[1].due.m == 1 && o[2].due.m == 3 &&
			  o[7].due.m == 12);
		test_cond("a quarterly task without a day is due at each quarter's end",
			  !recur_expand(REC_QUARTERLY, "FREQ=MONTHLY;INTERVAL=3", D(0, 0, 0), DUE_NONE,
					D(2024, 11, 4), D(2025, 11, 4), o, RECUR_MAX, &n) &&
			  n == 4 && ascending(o, n) && o[0].due.m == 12 && o[0].due.d == 31 &&
			  o[1].due.m == 3 && o[1].due.d == 31 && o[2].due.m == 6 && o[2].due.d == 30 &&
			  o[0].kind == DUE_WITHIN);
		test_cond("'ngày 5 tháng 6 và 12' is due twice a year",
			  !recur_expand(REC_HALF_YEARLY, "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=5",
					D(2025, 6, 5), DUE_BEFORE, D(2025, 1, 2), D(2026, 12, 31), o,
					RECUR_MAX, &n) &&
			  n == 4 && ascending(o, n) && o[1].due.m == 12 && o[1].due.d == 5);
	}
	{
		/* What the office may give as a task's recurrence. */
		enum rec_freq f = REC_DAILY;
		const char *rr = "x";
		test_cond("no recurrence: none", !recur_of_text(NULL, &f, &rr) && f == REC_NONE && !rr);
		test_cond("'none' is none", !recur_of_text("none", &f, &rr) && f == REC_NONE && !rr);
		test_cond("'periodic' is định kỳ without a rule",
			  !recur_of_text("periodic", &f, &rr) && f == REC_PERIODIC && !rr);
		test_cond("an RRULE every three months is quarterly",
			  !recur_of_text("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", &f, &rr) &&
			  f == REC_QUARTERLY && rr && !strcmp(rr, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"));
		test_cond("an unreadable rule is refused", recur_of_text("FREQ=SOMETIMES", &f, &rr) == -1);
		test_cond("so is an empty one", recur_of_text("", &f, &rr) == -1);
	}
	return test_report();
}
