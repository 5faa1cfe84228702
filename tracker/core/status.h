/*
 * status.h - the status of a piece of assigned work as Vietnamese offices
 * report it, computed from its deadline, the completion date and today's
 * date in the office's time zone.
 *
 * Pure computation, no I/O.  The five statuses are those of the upward
 * reports (DESIGN.md): done on time, done late, in progress within the
 * deadline, overdue, no deadline.  "Due soon", "long overdue", "awaiting
 * confirmation" and "extended" are flags on top: awaiting confirmation is a
 * workflow step, and the work counts as not done until the office confirms.
 */
#ifndef TRACKER_STATUS_H
#define TRACKER_STATUS_H

#include <time.h>
#include "notices/notice.h"

enum task_status {
	TASK_NO_DEADLINE = 0, /* "không có thời hạn" (not done, no deadline) */
	TASK_IN_PROGRESS,     /* "đang thực hiện trong hạn" */
	TASK_OVERDUE,         /* "quá hạn" */
	TASK_DONE_ON_TIME,    /* "hoàn thành đúng hạn" */
	TASK_DONE_LATE        /* "hoàn thành quá hạn" */
};
#define TASK_N_STATUS 5

/* A deadline is "due soon" when its last allowed day is this close. */
#define STATUS_SOON_DAYS 3
/* Overdue by more than this many days is "quá hạn dài ngày". */
#define STATUS_LONG_OVERDUE_DAYS 30

/* Where an assignment stands in the workflow (stored as these words). */
enum work_state {
	WORK_OPEN = 0,   /* "open": nothing reported */
	WORK_REPORTED,   /* "reported": the unit says done; "chờ xác nhận" */
	WORK_DONE        /* "done": the office confirmed, done on the reported day */
};

struct task_state {
	enum task_status status;
	int due_soon;        /* not done, and the last allowed day is <= soon days away */
	int long_overdue;    /* overdue by more than STATUS_LONG_OVERDUE_DAYS */
	int awaiting;        /* reported done, not yet confirmed ("chờ xác nhận") */
	int extended;        /* an approved extension moved the last allowed day */
	long days_left;      /* last allowed day minus today (negative: days overdue);
	                        for done work, last allowed day minus the done day;
	                        0 without deadline */
	struct ymd last_day; /* the last allowed day in force; all zero without deadline */
	struct ymd original_last_day; /* before any extension */
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
 * The state of a task with deadline `due`/`kind`, not done, on `today`:
 * overdue when the last allowed day is before today, in progress otherwise,
 * and due soon when in progress with at most `soon_days` left.
 */
struct task_state status_compute(struct ymd due, enum due_kind kind,
				 struct ymd today, int soon_days);

/*
 * The state of one assignment (or one occurrence of a recurring one).
 * `last` is the last allowed day from the notice (zero: no deadline);
 * `extended_to`, when non-zero, the last allowed day after an approved
 * extension, which is what "on time" is judged against; `done_on` the day
 * the unit reported completion, counted only when `ws` is WORK_DONE.
 * Done work with no deadline counts as done on time.
 */
struct task_state status_of_work(struct ymd last, struct ymd extended_to,
				 enum work_state ws, struct ymd done_on,
				 struct ymd today, int soon_days);

/* "open", "reported", "done"; status_work_parse() returns -1 when unknown. */
const char *status_work_name(enum work_state ws);
int status_work_parse(const char *s, enum work_state *out);

/* Stable machine names: "no_deadline", "in_progress", "overdue",
 * "done_on_time", "done_late". */
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
