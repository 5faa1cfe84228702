/*
 * test_recur.c - the occurrences of recurring tasks (recur_expand()):
 * every day of a daily task, each month's day 31 once, and the period
 * ends of each frequency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/deadline.h"
#include "testhelp.h"
#include "tracker/recur.h"

static struct ymd D(int y, int m, int d)
{
	struct ymd r = {y, m, d};
	return r;
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

int main(void)
{
	struct recur_occ o[RECUR_MAX];
	size_t n = 0;

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
	return test_report();
}
