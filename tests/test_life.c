/*
 * test_life.c - the lifecycle's pure parts as data: statuses and flags at
 * the deadline boundaries (tests/life/status.test) and the reminder rules
 * (tests/life/remind.test).  Formats are described at the top of each file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/deadline.h"
#include "testhelp.h"
#include "tracker/remind.h"
#include "tracker/core/status.h"

static struct ymd date_or_zero(const char *s)
{
	struct ymd d = {0, 0, 0};

	if (strcmp(s, "-"))
		status_parse_date(s, &d);
	return d;
}

static void status_case(char *line, int lineno)
{
	char kind[16], due[16], today[16], state[16], done[16], ext[16], want[256], got[256];
	char descr[1200];
	struct task_state st;
	struct ymd last = {0, 0, 0};
	enum work_state ws = WORK_OPEN;
	enum due_kind k = DUE_BY;
	char *arrow = strstr(line, "=>");

	if (!arrow || sscanf(line, "%15s %15s %15s %15s %15s %15s", kind, due, today, state,
			     done, ext) != 6) {
		printf("not ok - status.test:%d: cannot read the case\n", lineno);
		return;
	}
	snprintf(want, sizeof(want), "%s", arrow + 2);
	while (want[0] == ' ')
		memmove(want, want + 1, strlen(want));
	want[strcspn(want, "\n")] = '\0';
	if (!strcmp(kind, "before"))
		k = DUE_BEFORE;
	else if (!strcmp(kind, "within"))
		k = DUE_WITHIN;
	status_work_parse(state, &ws);
	status_last_day(date_or_zero(due), k, &last);
	st = status_of_work(last, date_or_zero(ext), ws, date_or_zero(done),
			    date_or_zero(today), STATUS_SOON_DAYS);
	snprintf(got, sizeof(got), "%s%s%s%s%s", status_code(st.status),
		 st.due_soon ? " soon" : "", st.long_overdue ? " long" : "",
		 st.awaiting ? " awaiting" : "", st.extended ? " extended" : "");
	if (st.last_day.y)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), " left=%ld", st.days_left);
	snprintf(descr, sizeof(descr), "status.test:%d: %.*s => %s (got %s)", lineno,
		 (int)(arrow - line), line, want, got);
	test_cond(descr, !strcmp(got, want));
}

static void remind_case(char *line, int lineno)
{
	struct remind_rules r;
	struct remind_pick p[2];
	char want[128], got[128] = "", descr[400];
	char *arrow = strstr(line, "=>");
	long left;
	size_t n, i;

	if (!arrow) {
		printf("not ok - remind.test:%d: cannot read the case\n", lineno);
		return;
	}
	left = strtol(line, NULL, 10);
	snprintf(want, sizeof(want), "%s", arrow + 2);
	while (want[0] == ' ')
		memmove(want, want + 1, strlen(want));
	want[strcspn(want, "\n")] = '\0';
	remind_rules_default(&r);
	n = remind_pick(&r, left, p);
	for (i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s:%d", i ? " " : "",
			 p[i].kind, p[i].slot);
	if (!n)
		snprintf(got, sizeof(got), "-");
	snprintf(descr, sizeof(descr), "remind.test:%d: %ld days left => %s (got %s)", lineno,
		 left, want, got);
	test_cond(descr, !strcmp(got, want));
}

static int run_file(const char *path, void (*fn)(char *, int))
{
	FILE *f = fopen(path, "r");
	char line[512];
	int lineno = 0, cases = 0;

	if (!f) {
		printf("not ok - cannot open %s\n", path);
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		fn(line, lineno);
		cases++;
	}
	fclose(f);
	return cases;
}

int main(void)
{
	struct remind_rules r;

	test_cond("status.test has at least 30 cases",
		  run_file("tests/life/status.test", status_case) >= 30);
	test_cond("remind.test has cases", run_file("tests/life/remind.test", remind_case) > 10);
	remind_rules_default(&r);
	test_cond("--before 1,7,7,3 reads as 7,3,1",
		  !remind_rules_parse_before(&r, "1,7,7,3") && r.n_before == 3 &&
		  r.before[0] == 7 && r.before[1] == 3 && r.before[2] == 1);
	test_cond("--before rejects junk", remind_rules_parse_before(&r, "7,x") < 0 &&
		  remind_rules_parse_before(&r, "0") < 0);
	return test_report();
}
