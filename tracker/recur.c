/*
 * recur.c - occurrences of recurring tasks through libical's RRULE
 * iterator.  See recur.h.  (Besides the feeds, the one user of libical.)
 */
#include "tracker/recur.h"

#include "notices/deadline.h"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

static int valid(struct ymd d)
{
	return d.y >= 1900 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= ymd_days_in_month(d.y, d.m);
}

/*
 * The day as a start for libical's iterator: midnight, floating, not a
 * DATE.  libical 3.0 walks DATE starts wrongly: FREQ=DAILY gives the first
 * day over and over, and MONTHLY;BYMONTHDAY=31 gives each day after a
 * short month twice (tests/test_recur.c).
 */
static struct icaltimetype to_ical(struct ymd d)
{
	struct icaltimetype t = icaltime_null_time();

	t.year = d.y;
	t.month = d.m;
	t.day = d.d;
	t.is_date = 0;
	return t;
}

/* The last day of the period of `freq` that holds `d`. */
static struct ymd period_end(enum rec_freq freq, struct ymd d)
{
	struct ymd e = d;
	long days = ymd_to_days(d);

	switch (freq) {
	case REC_WEEKLY:
		/* ISO weeks end on Sunday; ymd_to_days(1970-01-01) is a Thursday. */
		e = ymd_from_days(days + (6 - ((days + 3) % 7 + 7) % 7));
		break;
	case REC_MONTHLY:
		e.d = ymd_days_in_month(d.y, d.m);
		break;
	case REC_QUARTERLY:
		e.m = ((d.m - 1) / 3 + 1) * 3;
		e.d = ymd_days_in_month(d.y, e.m);
		break;
	case REC_HALF_YEARLY:
		e.m = d.m <= 6 ? 6 : 12;
		e.d = ymd_days_in_month(d.y, e.m);
		break;
	case REC_YEARLY:
		e.m = 12;
		e.d = 31;
		break;
	default:
		break;
	}
	return e;
}

/*
 * The rule for "within each period": the period's last day, in RRULE
 * terms, so that libical walks the calendar (month lengths, leap years).
 */
static const char *period_rule(enum rec_freq freq)
{
	switch (freq) {
	case REC_DAILY: return "FREQ=DAILY";
	case REC_WEEKLY: return "FREQ=WEEKLY;BYDAY=SU;WKST=MO";
	case REC_MONTHLY: return "FREQ=MONTHLY;BYMONTHDAY=-1";
	case REC_QUARTERLY: return "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1";
	case REC_HALF_YEARLY: return "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1";
	case REC_YEARLY: return "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31";
	default: return NULL;
	}
}

/* Whether the parser's rule names a day, so that `first` anchors it. */
static int rule_has_day(const char *rrule)
{
	return rrule && (strstr(rrule, "BYMONTHDAY") || strstr(rrule, "BYDAY"));
}

int recur_expand(enum rec_freq freq, const char *rrule, struct ymd first,
		 enum due_kind kind, struct ymd anchor, struct ymd until,
		 struct recur_occ *out, size_t max, size_t *n)
{
	struct icalrecurrencetype r;
	icalrecur_iterator *it = NULL;
	struct icaltimetype t;
	const char *rule;
	struct ymd start;
	int rc = -1;

	*n = 0;
	if (freq == REC_NONE || freq == REC_PERIODIC || !valid(until))
		return freq == REC_PERIODIC || freq == REC_NONE ? 0 : -1;
	if (valid(first) && (rule_has_day(rrule) || freq == REC_DAILY)) {
		rule = rrule ? rrule : period_rule(freq);
		start = first;
	} else {
		/* No day stated: due within each period, from the anchor's period. */
		if (!valid(anchor))
			return -1;
		rule = period_rule(freq);
		start = freq == REC_DAILY ? anchor : period_end(freq, anchor);
		kind = DUE_WITHIN;
	}
	if (!rule)
		return -1;
	r = icalrecurrencetype_from_string(rule);
	if (r.freq == ICAL_NO_RECURRENCE) {
		icalerror_clear_errno();
		return -1;
	}
	it = icalrecur_iterator_new(r, to_ical(start));
	if (!it) {
		icalerror_clear_errno();
		return -1;
	}
	while (*n < max) {
		struct ymd d;
		t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		d.y = t.year;
		d.m = t.month;
		d.d = t.day;
		if (ymd_to_days(d) > ymd_to_days(until))
			break;
		out[*n].due = d;
		out[*n].kind = kind;
		(*n)++;
	}
	rc = 0;
	icalrecur_iterator_free(it);
	return rc;
}
