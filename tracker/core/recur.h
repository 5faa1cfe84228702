/*
 * recur.h - the deadlines of a recurring task: its occurrences, one per
 * period, from the RRULE the parser wrote, expanded with libical (the
 * plain rules the parser writes most, walked directly).
 *
 * The parser writes an RFC 5545 RRULE for the days a notice states
 * ("trước ngày 25 hằng tháng" -> FREQ=MONTHLY;BYMONTHDAY=25) and, when a
 * day is stated, the first occurrence on or after the notice date as `due`.
 * When no day is stated ("báo cáo hằng quý") the work is due within each
 * period, so each occurrence's last allowed day is the period's last day.
 * "Định kỳ" with no period (REC_PERIODIC) has no occurrences: it stays one
 * open assignment.
 */
#ifndef TRACKER_RECUR_H
#define TRACKER_RECUR_H

#include <stddef.h>
#include "notices/notice.h"

/* At most this many occurrences are materialised per call (a daily task
 * over a year is 366). */
#define RECUR_MAX 400

struct recur_occ {
	struct ymd due;          /* the deadline as the notice means it for this period */
	enum due_kind kind;
};

/*
 * Fills out[0..*n) with the occurrences of a task whose recurrence is
 * `freq`/`rrule` (rrule may be NULL) and first deadline `first` (zero when
 * no day is stated, with kind `kind`), in date order, whose deadline is on
 * or before `until`.  Period-end series start at the period holding
 * `anchor` (the notice date, or the import day).  At most `max`.
 * Returns 0, or -1 when the rule cannot be read (then *n is 0).
 */
int recur_expand(enum rec_freq freq, const char *rrule, struct ymd first,
		 enum due_kind kind, struct ymd anchor, struct ymd until,
		 struct recur_occ *out, size_t max, size_t *n);

/*
 * recur_expand() with every rule read by libical: the reference that
 * recur_expand()'s own walk of the common rules is tested against.
 */
int recur_expand_libical(enum rec_freq freq, const char *rrule, struct ymd first,
			 enum due_kind kind, struct ymd anchor, struct ymd until,
			 struct recur_occ *out, size_t max, size_t *n);

/*
 * The frequency a clerk's RRULE means (FREQ=MONTHLY;INTERVAL=3 is
 * quarterly), after checking that the rule can be walked.  0, or -1 for a
 * rule this program cannot read.
 */
int recur_freq_of_rrule(const char *rrule, enum rec_freq *freq);

/*
 * A recurrence as the office gives it when correcting a task: NULL or
 * "none" (not recurring), "periodic" ("định kỳ" with no period named, so
 * no occurrences), or an RRULE recur_freq_of_rrule() reads.  Sets *freq,
 * and *rrule to `s` for an RRULE, else NULL.  0, or -1 for anything else.
 */
int recur_of_text(const char *s, enum rec_freq *freq, const char **rrule);

#endif
