/*
 * status.h - a task's status as Vietnamese offices report it, computed from
 * its deadline and today's date in the office's time zone.
 *
 * Pure computation, no I/O.  This issue knows three statuses (nothing is
 * marked done yet); the lifecycle adds "done on time" and "done late" and the
 * extended deadline on top of the same functions.  "Due soon" is a flag, not
 * a status (DESIGN.md).
 */
#ifndef TRACKER_STATUS_H
#define TRACKER_STATUS_H

#include <time.h>
#include "notices/notice.h"

enum task_status {
	TASK_NO_DEADLINE = 0, /* "không có thời hạn" */
	TASK_IN_PROGRESS,     /* "đang thực hiện trong hạn" */
	TASK_OVERDUE          /* "quá hạn" */
};

/* A deadline is "due soon" when its last allowed day is this close. */
#define STATUS_SOON_DAYS 3

struct task_state {
	enum task_status status;
	int due_soon;        /* in progress and the last allowed day is <= soon days away */
	long days_left;      /* last allowed day minus today; negative when overdue; 0 without deadline */
	struct ymd last_day; /* the last allowed day; all zero without deadline */
};

/*
 * The last day on which the work still counts as on time.  "trước ngày X"
 * (DUE_BEFORE) means X-1; "chậm nhất ngày X" (DUE_BY) and a period
 * (DUE_WITHIN, whose last day the parser stores) mean X itself.  A date with
 * no kind is read as DUE_BY.  Returns 0 and fills *last, or -1 when there is
 * no complete date (no deadline, or a recurrence with no day stated).
 */
int status_last_day(struct ymd due, enum due_kind kind, struct ymd *last);

/*
 * The state of a task with deadline `due`/`kind` on `today`: overdue when the
 * last allowed day is before today, in progress otherwise, and due soon when
 * in progress with at most `soon_days` left.
 */
struct task_state status_compute(struct ymd due, enum due_kind kind,
				 struct ymd today, int soon_days);

/* Stable machine names: "no_deadline", "in_progress", "overdue". */
const char *status_code(enum task_status s);
/* The Vietnamese label used in office reports, e.g. "quá hạn". */
const char *status_label(enum task_status s);
/*
 * Reads a status written as its code, with '-' for '_' ("in-progress"), or as
 * its Vietnamese label.  Returns 0 and sets *out, or -1 when unknown.
 */
int status_parse(const char *s, enum task_status *out);

/*
 * Today's date in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving) for
 * the instant `now`.  Plain arithmetic on time_t: the process's TZ and
 * localtime() are never consulted, so a server set to UTC still rolls the
 * date over at midnight in Vietnam.
 */
struct ymd status_today(time_t now);

/*
 * Reads a full ISO date "YYYY-MM-DD" and checks that the day exists.
 * Returns 0 and sets *out, or -1 (and *out is zeroed).
 */
int status_parse_date(const char *s, struct ymd *out);

#endif
