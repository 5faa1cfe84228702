/*
 * status.c - task statuses from deadlines and today's date.  See status.h.
 */
#include "tracker/core/status.h"

#include <string.h>
#include "notices/deadline.h"

static const struct {
	const char *code;
	const char *label;
} names[] = {
	[TASK_NO_DEADLINE] = {"no_deadline", "không có thời hạn"},
	[TASK_IN_PROGRESS] = {"in_progress", "đang thực hiện trong hạn"},
	[TASK_OVERDUE] = {"overdue", "quá hạn"},
	[TASK_DONE_ON_TIME] = {"done_on_time", "hoàn thành đúng hạn"},
	[TASK_DONE_LATE] = {"done_late", "hoàn thành quá hạn"},
};
#define N_STATUS (sizeof(names) / sizeof(names[0]))

int status_last_day(struct ymd due, enum due_kind kind, struct ymd *last)
{
	memset(last, 0, sizeof(*last));
	if (!ymd_valid(due))
		return -1;
	if (kind == DUE_BEFORE)
		*last = ymd_from_days(ymd_to_days(due) - 1);
	else
		*last = due;
	return 0;
}

struct task_state status_compute(struct ymd due, enum due_kind kind,
				 struct ymd today, int soon_days)
{
	struct ymd last, none = {0, 0, 0};

	status_last_day(due, kind, &last);
	return status_of_work(last, none, WORK_OPEN, none, today, soon_days);
}

struct task_state status_of_work(struct ymd last, struct ymd extended_to,
				 enum work_state ws, struct ymd done_on,
				 struct ymd today, int soon_days)
{
	struct task_state st;
	struct ymd in_force = ymd_valid(extended_to) ? extended_to : last;
	long on;

	memset(&st, 0, sizeof(st));
	st.awaiting = ws == WORK_REPORTED;
	if (!ymd_valid(in_force)) {
		/* No deadline: done is done; nothing can be late. */
		st.status = ws == WORK_DONE ? TASK_DONE_ON_TIME : TASK_NO_DEADLINE;
		return st;
	}
	st.last_day = in_force;
	st.original_last_day = ymd_valid(last) ? last : in_force;
	st.extended = ymd_valid(extended_to) && ymd_valid(last) &&
		      ymd_to_days(extended_to) != ymd_to_days(last);
	if (ws == WORK_DONE && ymd_valid(done_on)) {
		on = ymd_to_days(done_on);
		st.days_left = ymd_to_days(in_force) - on;
		st.status = st.days_left >= 0 ? TASK_DONE_ON_TIME : TASK_DONE_LATE;
		return st;
	}
	st.days_left = ymd_to_days(in_force) - ymd_to_days(today);
	if (st.days_left < 0) {
		st.status = TASK_OVERDUE;
		st.long_overdue = -st.days_left > STATUS_LONG_OVERDUE_DAYS;
	} else {
		st.status = TASK_IN_PROGRESS;
		st.due_soon = st.days_left <= soon_days;
	}
	return st;
}

static const char *const work_names[] = {"open", "reported", "done"};

const char *status_work_name(enum work_state ws)
{
	return (unsigned)ws < 3 ? work_names[ws] : "open";
}

int status_work_parse(const char *s, enum work_state *out)
{
	int i;

	for (i = 0; s && i < 3; i++)
		if (!strcmp(s, work_names[i])) {
			*out = (enum work_state)i;
			return 0;
		}
	return -1;
}

const char *status_code(enum task_status s)
{
	return (size_t)s < N_STATUS ? names[s].code : "unknown";
}

const char *status_label(enum task_status s)
{
	return (size_t)s < N_STATUS ? names[s].label : "không rõ";
}

int status_parse(const char *s, enum task_status *out)
{
	size_t i, j, n = strlen(s);

	for (i = 0; i < N_STATUS; i++) {
		const char *c = names[i].code;
		if (!strcmp(s, names[i].label))
			goto found;
		if (strlen(c) != n)
			continue;
		for (j = 0; j < n; j++)
			if (s[j] != c[j] && !(s[j] == '-' && c[j] == '_'))
				break;
		if (j == n)
			goto found;
	}
	return -1;
found:
	*out = (enum task_status)i;
	return 0;
}

struct ymd status_today(time_t now)
{
	/* Vietnam has kept UTC+7 without daylight saving since 1975. */
	long long t = (long long)now + 7 * 3600;
	long long days = t / 86400;

	if (t % 86400 < 0)
		days--;
	return ymd_from_days((long)days);
}

int status_parse_date(const char *s, struct ymd *out)
{
	struct ymd d = {0, 0, 0};
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10] != '\0')
		return -1;
	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!ymd_valid(d))
		return -1;
	*out = d;
	return 0;
}
