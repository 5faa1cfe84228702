/*
 * recur.c - occurrences of recurring tasks through libical's RRULE
 * iterator.  See recur.h.  (Besides the feeds, the one user of libical.)
 */
#include "tracker/core/recur.h"

#include "notices/deadline.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libical's times start in 1900. */
static int valid(struct ymd d)
{
	return ymd_valid(d) && d.y >= 1900;
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
		/* ISO weeks end on Sunday. */
		e = ymd_from_days(days + (6 - days_iso_weekday(days)));
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

/* ---- Rules walked without libical ------------------------------------------ */

/*
 * The rules the parser and period_rule() write are few and plain: a day
 * of the month, of the week, or days of some months, every n periods.
 * libical reads them through ICU's calendars (its RSCALE support), which
 * is dear for so simple a walk; these shapes are walked here instead.
 * Anything else (COUNT, UNTIL, BYSETPOS, ordinals, several days, a start
 * that the rule would not produce) goes to libical, which
 * tests/test_recur.c checks this walk against, rule by rule and day by
 * day.
 */
struct plain_rule {
	char freq;        /* 'D', 'W', 'M' or 'Y' */
	int interval;
	int monthday;     /* 1..31, -1 for the last day, 0 when not given */
	int weekday;      /* 0 (Monday) to 6, -1 when not given */
	unsigned months;  /* bit m for BYMONTH m, 0 when not given */
};

static int parse_int(const char *p, const char *end, int lo, int hi, int *out)
{
	int neg = 0, v = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end || end - p > 3)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	v = neg ? -v : v;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Fills *r from a rule of the plain shapes; -1 for anything else. */
static int plain_parse(const char *rule, struct plain_rule *r)
{
	static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
	const char *p = rule;
	unsigned seen = 0;

	memset(r, 0, sizeof(*r));
	r->interval = 1;
	r->weekday = -1;
	while (*p) {
		const char *end = strchr(p, ';'), *eq;
		size_t klen;
		unsigned bit;
		int i;

		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq)
			return -1;
		klen = (size_t)(eq - p);
		eq++;
		if (klen == 4 && !memcmp(p, "FREQ", 4)) {
			bit = 1;
			if (end - eq == 5 && !memcmp(eq, "DAILY", 5))
				r->freq = 'D';
			else if (end - eq == 6 && !memcmp(eq, "WEEKLY", 6))
				r->freq = 'W';
			else if (end - eq == 7 && !memcmp(eq, "MONTHLY", 7))
				r->freq = 'M';
			else if (end - eq == 6 && !memcmp(eq, "YEARLY", 6))
				r->freq = 'Y';
			else
				return -1;
		} else if (klen == 8 && !memcmp(p, "INTERVAL", 8)) {
			bit = 2;
			if (parse_int(eq, end, 1, 99, &r->interval))
				return -1;
		} else if (klen == 10 && !memcmp(p, "BYMONTHDAY", 10)) {
			bit = 4;
			if (parse_int(eq, end, -1, 31, &r->monthday) || r->monthday == 0)
				return -1;
		} else if (klen == 5 && !memcmp(p, "BYDAY", 5)) {
			bit = 8;
			for (i = 0; i < 7 && !(end - eq == 2 && !memcmp(eq, days[i], 2)); i++)
				;
			if (i == 7)
				return -1;
			r->weekday = i;
		} else if (klen == 7 && !memcmp(p, "BYMONTH", 7)) {
			const char *q = eq;
			bit = 16;
			while (q < end) {
				const char *c = memchr(q, ',', (size_t)(end - q));
				int m;
				if (!c)
					c = end;
				if (parse_int(q, c, 1, 12, &m))
					return -1;
				r->months |= 1u << m;
				q = c < end ? c + 1 : end;
			}
			if (!r->months)
				return -1;
		} else if (klen == 4 && !memcmp(p, "WKST", 4)) {
			bit = 32;
			if (!(end - eq == 2 && !memcmp(eq, "MO", 2)))
				return -1;
		} else {
			return -1;
		}
		if (seen & bit)
			return -1;
		seen |= bit;
		p = *end ? end + 1 : end;
	}
	switch (r->freq) {
	case 'D':
		return r->monthday || r->weekday >= 0 || r->months ? -1 : 0;
	case 'W':
		return r->monthday || r->months ? -1 : 0;
	case 'M':
		return !r->monthday || r->weekday >= 0 || r->months ? -1 : 0;
	case 'Y':
		return !r->monthday || r->weekday >= 0 || !r->months ? -1 : 0;
	default:
		return -1;
	}
}

/* The rule's day in month m of year y, or 0 when that month has none. */
static int plain_day(const struct plain_rule *r, int y, int m)
{
	int dim = ymd_days_in_month(y, m);

	if (r->monthday < 0)
		return dim;
	return r->monthday <= dim ? r->monthday : 0;
}

/* Whether the rule produces `start` itself (then it is the first occurrence). */
static int plain_starts(const struct plain_rule *r, struct ymd start)
{
	long days = ymd_to_days(start);

	switch (r->freq) {
	case 'D':
		return 1;
	case 'W':
		return r->weekday < 0 || days_iso_weekday(days) == r->weekday;
	case 'M':
		return plain_day(r, start.y, start.m) == start.d;
	default:
		return (r->months & (1u << start.m)) && plain_day(r, start.y, start.m) == start.d;
	}
}

static void plain_add(struct recur_occ *out, size_t *n, struct ymd d, enum due_kind kind)
{
	out[*n].due = d;
	out[*n].kind = kind;
	(*n)++;
}

/* The occurrences of a plain rule from `start`, which it produces, to `until`. */
static void plain_expand(const struct plain_rule *r, struct ymd start, struct ymd until,
			 enum due_kind kind, struct recur_occ *out, size_t max, size_t *n)
{
	long last = ymd_to_days(until), d = ymd_to_days(start);
	int y, m, k;

	switch (r->freq) {
	case 'D':
	case 'W':
		for (k = r->freq == 'D' ? r->interval : 7 * r->interval; d <= last && *n < max; d += k)
			plain_add(out, n, ymd_from_days(d), kind);
		return;
	case 'M':
		for (y = start.y, m = start.m; *n < max;) {
			int day = plain_day(r, y, m);
			struct ymd x = {y, m, day};
			if (y > until.y || (y == until.y && m > until.m))
				return;
			if (day && ymd_to_days(x) <= last)
				plain_add(out, n, x, kind);
			m += r->interval;
			y += (m - 1) / 12;
			m = (m - 1) % 12 + 1;
		}
		return;
	default:
		for (y = start.y; y <= until.y && *n < max; y += r->interval) {
			for (m = 1; m <= 12 && *n < max; m++) {
				int day = (r->months & (1u << m)) ? plain_day(r, y, m) : 0;
				struct ymd x = {y, m, day};
				if (day && ymd_to_days(x) >= ymd_to_days(start) &&
				    ymd_to_days(x) <= last)
					plain_add(out, n, x, kind);
			}
		}
		return;
	}
}

/* ---- Expansion ------------------------------------------------------------- */

/* The rule and first day recur_expand() walks from; -1 when there is none. */
static int series_rule(enum rec_freq freq, const char *rrule, struct ymd first,
		       enum due_kind *kind, struct ymd anchor, const char **rule,
		       struct ymd *start)
{
	if (valid(first) && (rule_has_day(rrule) || freq == REC_DAILY)) {
		*rule = rrule ? rrule : period_rule(freq);
		*start = first;
	} else {
		/* No day stated: due within each period, from the anchor's period. */
		if (!valid(anchor))
			return -1;
		*rule = period_rule(freq);
		*start = freq == REC_DAILY ? anchor : period_end(freq, anchor);
		*kind = DUE_WITHIN;
	}
	return *rule ? 0 : -1;
}

static int ical_expand(const char *rule, struct ymd start, enum due_kind kind,
		       struct ymd until, struct recur_occ *out, size_t max, size_t *n)
{
	struct icalrecurrencetype r;
	icalrecur_iterator *it = NULL;
	struct icaltimetype t;

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
		plain_add(out, n, d, kind);
	}
	icalrecur_iterator_free(it);
	return 0;
}

static int expand(enum rec_freq freq, const char *rrule, struct ymd first,
		  enum due_kind kind, struct ymd anchor, struct ymd until,
		  struct recur_occ *out, size_t max, size_t *n, int plain_ok)
{
	struct plain_rule pr;
	const char *rule;
	struct ymd start;

	*n = 0;
	if (freq == REC_NONE || freq == REC_PERIODIC || !valid(until))
		return freq == REC_PERIODIC || freq == REC_NONE ? 0 : -1;
	if (series_rule(freq, rrule, first, &kind, anchor, &rule, &start))
		return -1;
	if (plain_ok && !plain_parse(rule, &pr) && plain_starts(&pr, start)) {
		plain_expand(&pr, start, until, kind, out, max, n);
		return 0;
	}
	return ical_expand(rule, start, kind, until, out, max, n);
}

int recur_expand(enum rec_freq freq, const char *rrule, struct ymd first,
		 enum due_kind kind, struct ymd anchor, struct ymd until,
		 struct recur_occ *out, size_t max, size_t *n)
{
	return expand(freq, rrule, first, kind, anchor, until, out, max, n, 1);
}

int recur_expand_libical(enum rec_freq freq, const char *rrule, struct ymd first,
			 enum due_kind kind, struct ymd anchor, struct ymd until,
			 struct recur_occ *out, size_t max, size_t *n)
{
	return expand(freq, rrule, first, kind, anchor, until, out, max, n, 0);
}

int recur_freq_of_rrule(const char *rrule, enum rec_freq *freq)
{
	struct recur_occ occ[4];
	struct ymd first = {2026, 1, 31}, until = {2027, 12, 31};
	const char *f, *iv;
	long interval = 1;
	size_t n = 0;

	if (!rrule || !*rrule || strlen(rrule) > 200 || !(f = strstr(rrule, "FREQ=")))
		return -1;
	if ((iv = strstr(rrule, "INTERVAL=")))
		interval = strtol(iv + 9, NULL, 10);
	f += 5;
	if (!strncmp(f, "DAILY", 5))
		*freq = REC_DAILY;
	else if (!strncmp(f, "WEEKLY", 6))
		*freq = REC_WEEKLY;
	else if (!strncmp(f, "MONTHLY", 7))
		*freq = interval == 3 ? REC_QUARTERLY : interval == 6 ? REC_HALF_YEARLY : REC_MONTHLY;
	else if (!strncmp(f, "YEARLY", 6))
		*freq = REC_YEARLY;
	else
		return -1;
	if (recur_expand(*freq, rrule, first, DUE_BY, first, until, occ, 4, &n) < 0 || !n)
		return -1;
	return 0;
}

int recur_of_text(const char *s, enum rec_freq *freq, const char **rrule)
{
	*rrule = NULL;
	*freq = REC_NONE;
	if (!s || !strcmp(s, "none"))
		return 0;
	if (!strcmp(s, "periodic")) {
		*freq = REC_PERIODIC;
		return 0;
	}
	if (recur_freq_of_rrule(s, freq))
		return -1;
	*rrule = s;
	return 0;
}
