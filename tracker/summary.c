/*
 * summary.c - the numbers of the dashboard's overview.
 *
 * The per-unit table is the upward report's (report.c), so the dashboard
 * and the mail never disagree.  The weekly overdue series is rebuilt from
 * the items: a piece of work was overdue at the end of week W when its last
 * allowed day in force was before W and it was not yet done at W.  An
 * extension approved later moves the day for past weeks too: the series
 * shows the deadlines in force now, which is what the office reviews.
 */
#include "tracker/summary.h"

#include <string.h>
#include <time.h>

#include "notices/notice.h"
#include "tracker/report.h"
#include "tracker/core/status.h"

struct scan {
	long due_soon;
	long week[SUMMARY_WEEKS];
	long wday[SUMMARY_WEEKS]; /* week ends as days since the epoch */
};

/* Days since 1970-01-01 (libc does the calendar). */
static long day_number(struct ymd d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_hour = 12;
	return (long)(timegm(&tm) / 86400);
}

static struct ymd from_day_number(long n)
{
	time_t t = (time_t)n * 86400 + 43200;
	struct tm tm;
	struct ymd d;

	gmtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

static int count_item(const struct store_item *it, void *arg)
{
	struct scan *sc = arg;
	long last, done = 0;
	int i;

	if (it->state.due_soon)
		sc->due_soon++;
	if (!it->state.last_day.y)
		return 0;
	last = day_number(it->state.last_day);
	if (it->work == WORK_DONE && it->done_on.y)
		done = day_number(it->done_on);
	for (i = 0; i < SUMMARY_WEEKS; i++)
		if (last < sc->wday[i] && (!done || done > sc->wday[i]))
			sc->week[i]++;
	return 0;
}

int summary_json(struct store *s, struct ymd today, cJSON **out, struct store_err *err)
{
	struct report_table t = {0};
	struct store_item_filter f;
	struct ymd none = {0, 0, 0};
	struct scan sc;
	cJSON *root = NULL, *counts, *units, *weeks;
	long today_n, sunday;
	char buf[11];
	size_t i;
	int rc, wd;

	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	today_n = day_number(today);
	/* 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays. */
	wd = (int)((today_n + 3) % 7);
	sunday = today_n - wd + 6;
	/* The current week counts up to today, not its Sunday. */
	for (i = 0; i < SUMMARY_WEEKS; i++)
		sc.wday[i] = sunday - 7 * (long)(SUMMARY_WEEKS - 1 - i);
	sc.wday[SUMMARY_WEEKS - 1] = today_n;
	if ((rc = report_table_build(s, today, none, none, &t, err)))
		goto out;
	memset(&f, 0, sizeof(f));
	f.today = today;
	f.current_only = 1;
	if ((rc = store_scan_items(s, &f, count_item, &sc, err)))
		goto out;
	root = cJSON_CreateObject();
	ymd_format(today, buf);
	cJSON_AddStringToObject(root, "today", buf);
	counts = cJSON_AddObjectToObject(root, "counts");
	report_row_json_into(counts, &t.sum);
	cJSON_AddNumberToObject(counts, "due_soon", (double)sc.due_soon);
	units = cJSON_AddArrayToObject(root, "units");
	for (i = 0; i < t.n; i++) {
		cJSON *u = cJSON_CreateObject();
		cJSON_AddNumberToObject(u, "unit_id", (double)t.v[i].unit_id);
		cJSON_AddStringToObject(u, "unit", t.v[i].unit);
		report_row_json_into(u, &t.v[i]);
		cJSON_AddItemToArray(units, u);
	}
	weeks = cJSON_AddArrayToObject(root, "overdue_by_week");
	for (i = 0; i < SUMMARY_WEEKS; i++) {
		cJSON *w = cJSON_CreateObject();
		ymd_format(from_day_number(sc.wday[i]), buf);
		cJSON_AddStringToObject(w, "week_end", buf);
		cJSON_AddNumberToObject(w, "overdue", (double)sc.week[i]);
		cJSON_AddItemToArray(weeks, w);
	}
	*out = root;
	root = NULL;
out:
	cJSON_Delete(root);
	report_table_release(&t);
	return rc;
}
