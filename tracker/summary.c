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

#include "notices/dates.h"
#include "notices/notice.h"
#include "tracker/report.h"
#include "tracker/core/status.h"

struct scan {
	long due_soon;
	long week[SUMMARY_WEEKS];
	long wday[SUMMARY_WEEKS]; /* week ends as days since the epoch */
};

static int count_item(const struct store_item *it, void *arg)
{
	struct scan *sc = arg;
	long last, done = 0;
	int i;

	if (it->state.due_soon)
		sc->due_soon++;
	if (!it->state.last_day.y)
		return 0;
	last = ymd_to_days(it->state.last_day);
	if (it->work == WORK_DONE && it->done_on.y)
		done = ymd_to_days(it->done_on);
	for (i = 0; i < SUMMARY_WEEKS; i++)
		if (last < sc->wday[i] && (!done || done > sc->wday[i]))
			sc->week[i]++;
	return 0;
}

int summary_json(struct store *s, struct ymd today, cJSON **out, struct err *err)
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
	today_n = ymd_to_days(today);
	wd = days_iso_weekday(today_n);
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
		ymd_format(ymd_from_days(sc.wday[i]), buf);
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
