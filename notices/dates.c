/*
 * dates.c - calendar arithmetic on plain dates, and working days.  See
 * dates.h.
 *
 * Deadlines are calendar dates in Asia/Ho_Chi_Minh; they never pass through
 * time_t, so no time zone can shift them by a day.  Days are counted with the
 * civil-from-days algorithm (proleptic Gregorian).
 */
#include "notices/dates.h"
#include "notices/deadline.h"

#include <string.h>

long ymd_to_days(struct ymd d)
{
	long y = d.y, m = d.m, dd = d.d, era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct ymd ymd_from_days(long z)
{
	struct ymd r;
	long era, doe, yoe, y, doy, mp, d, m;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	r.y = (int)(y + (m <= 2));
	r.m = (int)m;
	r.d = (int)d;
	return r;
}

int ymd_weekday(struct ymd d)
{
	return (days_iso_weekday(ymd_to_days(d)) + 1) % 7;
}

int days_iso_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3 counting from Monday). */
	return (int)(((days + 3) % 7 + 7) % 7);
}

void ymd_iso_week(struct ymd d, int *year, int *week)
{
	/* The ISO week belongs to the year of its Thursday. */
	long days = ymd_to_days(d);
	struct ymd thu = ymd_from_days(days - days_iso_weekday(days) + 3);
	struct ymd jan1 = {thu.y, 1, 1};

	*year = thu.y;
	*week = (int)((ymd_to_days(thu) - ymd_to_days(jan1)) / 7 + 1);
}

int ymd_days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int ymd_valid(struct ymd d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= ymd_days_in_month(d.y, d.m);
}

/*
 * Public holidays on fixed solar dates (Labour Code 2019, art. 112): New
 * Year, Reunification Day, Labour Day, and National Day with the day next to
 * it.  Tết and the Hùng Kings' day follow the lunar calendar and are not
 * counted; a deadline computed across them may come a few days early, which
 * errs on the safe side.
 */
static int is_holiday(struct ymd d)
{
	if ((d.m == 1 && d.d == 1) || (d.m == 4 && d.d == 30) || (d.m == 5 && d.d == 1))
		return 1;
	if (d.m == 9 && (d.d == 2 || (d.y >= 2021 && (d.d == 1 || d.d == 3))))
		return 1;
	return 0;
}

struct ymd ymd_add_working_days(struct ymd from, int n)
{
	long z = ymd_to_days(from);
	while (n > 0) {
		struct ymd d;
		int w;
		z++;
		d = ymd_from_days(z);
		w = ymd_weekday(d);
		if (w == 0 || w == 6 || is_holiday(d))
			continue;
		n--;
	}
	return ymd_from_days(z);
}

void ymd_format(struct ymd d, char buf[11])
{
	if (!d.y || !d.m || !d.d) {
		buf[0] = '\0';
		return;
	}
	buf[0] = (char)('0' + d.y / 1000 % 10);
	buf[1] = (char)('0' + d.y / 100 % 10);
	buf[2] = (char)('0' + d.y / 10 % 10);
	buf[3] = (char)('0' + d.y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + d.m / 10);
	buf[6] = (char)('0' + d.m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d.d / 10);
	buf[9] = (char)('0' + d.d % 10);
	buf[10] = '\0';
}

const char *due_kind_name(enum due_kind k)
{
	switch (k) {
	case DUE_BEFORE: return "before";
	case DUE_BY: return "by";
	case DUE_WITHIN: return "within";
	case DUE_RELATIVE: return "relative";
	default: return NULL;
	}
}

const char *rec_freq_name(enum rec_freq f)
{
	switch (f) {
	case REC_DAILY: return "daily";
	case REC_WEEKLY: return "weekly";
	case REC_MONTHLY: return "monthly";
	case REC_QUARTERLY: return "quarterly";
	case REC_HALF_YEARLY: return "half-yearly";
	case REC_YEARLY: return "yearly";
	case REC_PERIODIC: return "periodic";
	default: return NULL;
	}
}

/* ---- The rule for dates users enter --------------------------------------- */

int date_user_check(struct ymd d, int ref_year)
{
	if (!ymd_valid(d))
		return DATE_NOT_REAL;
	if (ref_year > 0) {
		if (d.y < ref_year - DATE_YEARS_BEFORE)
			return DATE_TOO_EARLY;
		if (d.y > ref_year + DATE_YEARS_AFTER)
			return DATE_TOO_LATE;
	}
	return DATE_OK;
}

int date_user_parse(const char *s, int ref_year, struct ymd *out)
{
	struct ymd d = {0, 0, 0};
	int i;

	memset(out, 0, sizeof(*out));
	if (!s)
		return DATE_FORMAT;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return DATE_FORMAT;
		} else if (s[i] < '0' || s[i] > '9') {
			return DATE_FORMAT;
		}
	}
	if (s[10] != '\0')
		return DATE_FORMAT;
	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if ((i = date_user_check(d, ref_year)))
		return i;
	*out = d;
	return DATE_OK;
}

const char *date_rule_key(int rc)
{
	switch (rc) {
	case DATE_FORMAT: return "date_format";
	case DATE_NOT_REAL: return "date_not_real";
	case DATE_TOO_EARLY: return "date_too_early";
	case DATE_TOO_LATE: return "date_too_late";
	default: return NULL;
	}
}
