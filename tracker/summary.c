/*
 * summary.c - the numbers of the dashboard's overview.
 *
 * Counts per unit are the upward report's (report_row_add()), so the
 * dashboard and the mail never disagree.  One scan of the work items feeds
 * everything: the rows, the aging of overdue work, the tasks behind the
 * items and the weekly series.
 *
 * The weekly overdue series is rebuilt from the items: a piece of work was
 * overdue at the end of week W when its last allowed day in force was
 * before W and it was not yet done at W.  An extension approved later moves
 * the day for past weeks too: the series shows the deadlines in force now,
 * which is what the office reviews.  Completed work is counted in the week
 * of its done day (as confirmed: the day the unit reported).
 *
 * The leader asks first "who is late, and how late": units are ranked by
 * overdue work, then long-overdue work, then the overdue rate, never by the
 * rate alone, where a unit with one late item out of one would lead.
 */
#include "tracker/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notices/dates.h"
#include "notices/notice.h"
#include "tracker/report.h"
#include "tracker/core/status.h"
#include "tracker/store/counts.h"
#include "tracker/store/units.h"

/* Aging of overdue work, in days past the last allowed day in force. */
enum { AGE_1_7, AGE_8_30, AGE_31_90, AGE_OVER_90, AGE_N };
static const char *const age_key[AGE_N] = {"d1_7", "d8_30", "d31_90", "d90_plus"};
static const char *const age_label[AGE_N] = {"1–7 ngày", "8–30 ngày", "31–90 ngày",
					     "Trên 90 ngày"};

struct urow {
	struct report_row r;
	long aging[AGE_N];
	long tasks;
	int directory;  /* a directory unit or group, not a name met in notices */
	int borrowed;   /* r.unit is in the scan's names, not its own */
	double rate;    /* report_overdue_rate(), for the ranking */
};

/* Ids already counted, one byte each, grown to the largest id met. */
struct seen {
	unsigned char *v;
	size_t n;
};

struct scan {
	struct urow *v;
	size_t n, alloc;
	struct urow sum;
	/* An assignment is one unit's share of one task, so a unit's distinct
	 * tasks are its distinct assignments. */
	struct seen assignments, tasks, recurring;
	long recurring_tasks;
	long due_soon;
	long overdue_recurring;  /* overdue periods of recurring tasks */
	long week[SUMMARY_WEEKS], done[SUMMARY_WEEKS];
	long wday[SUMMARY_WEEKS];  /* week ends as days since the epoch */
	long wstart[SUMMARY_WEEKS]; /* the day before each week begins */
	size_t *slot;            /* by unit id: index in v plus one; 0: none yet */
	size_t nslot;
	char *names;             /* the kept counts' unit names, rows borrow them */
	/* Items come grouped by assignment (the kept counts' changes): a
	 * unit's distinct tasks are counted without the tables by id, and the
	 * office's distinct tasks are not counted (the store gives them). */
	int grouped;
	long long last_assignment;
};

/* 1 the first time `id` (a rowid, so positive) is met, 0 after. */
static int seen_add(struct seen *z, long long id)
{
	size_t i = (size_t)id, old = z->n;

	if (i >= z->n) {
		z->n = i * 2 + 1024;
		z->v = xrealloc(z->v, z->n);
		memset(z->v + old, 0, z->n - old);
	}
	if (z->v[i])
		return 0;
	z->v[i] = 1;
	return 1;
}

/* The most days late each aging bucket holds (the last: no bound). */
static const long age_to[AGE_N] = {7, 30, 90, 0};

static int age_bucket(long days)
{
	int b = 0;

	while (b < AGE_N - 1 && days > age_to[b])
		b++;
	return b;
}

/* The row of unit_id, made if new with the name `owned` (taken; NULL:
 * "?"), or with `lent` (in sc->names) when owned is NULL. */
static struct urow *row_take(struct scan *sc, long long unit_id, char *owned, char *lent)
{
	size_t id = (size_t)unit_id, old = sc->nslot;
	struct urow *u;

	/* Unit ids (rowids, so positive) are the directory's and the names met
	 * in notices: a few thousand, so a table by id finds the row whatever
	 * the items' order. */
	if (id < sc->nslot && sc->slot[id]) {
		free(owned);
		return &sc->v[sc->slot[id] - 1];
	}
	if (id >= sc->nslot) {
		sc->nslot = id * 2 + 64;
		sc->slot = xrealloc(sc->slot, sc->nslot * sizeof(*sc->slot));
		memset(sc->slot + old, 0, (sc->nslot - old) * sizeof(*sc->slot));
	}
	ALLOC_GROW(sc->v, sc->n + 1, sc->alloc);
	u = &sc->v[sc->n++];
	memset(u, 0, sizeof(*u));
	u->r.unit_id = unit_id;
	u->borrowed = !owned && lent;
	u->r.unit = owned ? owned : lent ? lent : xstrdup("?");
	u->directory = 1;
	sc->slot[id] = sc->n;
	return u;
}

static struct urow *row_for(struct scan *sc, long long unit_id, const char *unit)
{
	size_t id = (size_t)unit_id;

	if (id < sc->nslot && sc->slot[id])
		return &sc->v[sc->slot[id] - 1];
	return row_take(sc, unit_id, unit ? xstrdup(unit) : NULL, NULL);
}

static int count_item(const struct store_item *it, void *arg)
{
	struct scan *sc = arg;
	struct urow *u = row_for(sc, it->unit_id, it->unit);
	long last, done = 0;
	int i;

	report_row_add(&u->r, it);
	report_row_add(&sc->sum.r, it);
	if (sc->grouped) {
		if (it->assignment_id != sc->last_assignment)
			u->tasks++;
		sc->last_assignment = it->assignment_id;
	} else {
		if (seen_add(&sc->assignments, it->assignment_id))
			u->tasks++;
		if (seen_add(&sc->tasks, it->task_id))
			sc->sum.tasks++;
		if (it->freq != REC_NONE && seen_add(&sc->recurring, it->task_id))
			sc->recurring_tasks++;
	}
	if (it->state.status == TASK_OVERDUE) {
		int b = age_bucket(-it->state.days_left);
		u->aging[b]++;
		sc->sum.aging[b]++;
		if (it->freq != REC_NONE)
			sc->overdue_recurring++;
	}
	if (it->state.due_soon)
		sc->due_soon++;
	if (it->work == WORK_DONE && it->done_on.y)
		done = ymd_to_days(it->done_on);
	for (i = 0; done && i < SUMMARY_WEEKS; i++)
		if (done > sc->wstart[i] && done <= sc->wday[i])
			sc->done[i]++;
	if (!it->state.last_day.y)
		return 0;
	last = ymd_to_days(it->state.last_day);
	for (i = 0; i < SUMMARY_WEEKS; i++)
		if (last < sc->wday[i] && (!done || done > sc->wday[i]))
			sc->week[i]++;
	return 0;
}






static int mark_other(long long unit_id, void *arg)
{
	struct scan *sc = arg;

	if ((size_t)unit_id < sc->nslot && sc->slot[unit_id])
		sc->v[sc->slot[unit_id] - 1].directory = 0;
	return 0;
}

/* Rows start as directory units; the names met in notices move apart. */
static int mark_directory(struct store *s, struct scan *sc, struct err *err)
{
	return store_scan_other_names(s, mark_other, sc, err);
}

/* Null when no work has a deadline: a rate of nothing is not 0%. */
static void add_rate(cJSON *o, const struct report_row *r)
{
	if (r->total - r->no_deadline > 0)
		cJSON_AddNumberToObject(o, "overdue_rate",
					round(report_overdue_rate(r) * 10.0) / 10.0);
	else
		cJSON_AddNullToObject(o, "overdue_rate");
}

static void add_counts(cJSON *o, const struct urow *u)
{
	const struct report_row *r = &u->r;
	cJSON *ag;
	int i;

	cJSON_AddNumberToObject(o, "tasks", (double)u->tasks);
	cJSON_AddNumberToObject(o, "work_items", (double)r->total);
	cJSON_AddNumberToObject(o, "overdue", (double)r->overdue);
	cJSON_AddNumberToObject(o, "long_overdue", (double)r->long_overdue);
	cJSON_AddNumberToObject(o, "in_progress", (double)r->in_progress);
	cJSON_AddNumberToObject(o, "no_deadline", (double)r->no_deadline);
	cJSON_AddNumberToObject(o, "done_on_time", (double)r->done_on_time);
	cJSON_AddNumberToObject(o, "done_late", (double)r->done_late);
	cJSON_AddNumberToObject(o, "awaiting", (double)r->awaiting);
	cJSON_AddNumberToObject(o, "extended", (double)r->extended);
	cJSON_AddNumberToObject(o, "with_deadline", (double)(r->total - r->no_deadline));
	add_rate(o, r);
	ag = cJSON_AddObjectToObject(o, "aging");
	for (i = 0; i < AGE_N; i++)
		cJSON_AddNumberToObject(ag, age_key[i], (double)u->aging[i]);
}

/* Overdue count, then long-overdue, then rate, all descending; then name. */
static int rank_cmp(const void *a, const void *b)
{
	const struct urow *x = a, *y = b;
	double rx, ry;

	if (x->r.overdue != y->r.overdue)
		return x->r.overdue > y->r.overdue ? -1 : 1;
	if (x->r.long_overdue != y->r.long_overdue)
		return x->r.long_overdue > y->r.long_overdue ? -1 : 1;
	rx = x->rate;
	ry = y->rate;
	if (rx != ry)
		return rx > ry ? -1 : 1;
	if (x->r.total != y->r.total)
		return x->r.total > y->r.total ? -1 : 1;
	return strcmp(x->r.unit, y->r.unit);
}

static int rank_pcmp(const void *a, const void *b)
{
	return rank_cmp(*(const struct urow *const *)a, *(const struct urow *const *)b);
}

/* Sifts p[i] down the heap p[0..n) whose root ranks last. */
static void heap_down(struct urow **p, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct urow *t;
		if (c >= n)
			return;
		if (c + 1 < n && rank_cmp(p[c + 1], p[c]) > 0)
			c++;
		if (rank_cmp(p[c], p[i]) <= 0)
			return;
		t = p[c];
		p[c] = p[i];
		p[i] = t;
		i = c;
	}
}

/*
 * Puts the first k of the n rows, in rank order, in p[0..k): a page near
 * the top of thousands of units needs only its rows and those above it
 * ranked.
 */
static void rank_first(struct urow **p, size_t n, size_t k)
{
	size_t i;

	if (k > n / 4) {
		qsort(p, n, sizeof(*p), rank_pcmp);
		return;
	}
	for (i = k / 2; i-- > 0;)
		heap_down(p, k, i);
	for (i = k; i < n; i++)
		if (k && rank_cmp(p[i], p[0]) < 0) {
			struct urow *t = p[0];
			p[0] = p[i];
			p[i] = t;
			heap_down(p, k, 0);
		}
	qsort(p, k, sizeof(*p), rank_pcmp);
}

/* One page of the rows with directory == dir: {total, page, per_page, rows}. */
static void add_ranked(cJSON *root, const char *name, const struct scan *sc, int dir,
		       long page, long per)
{
	cJSON *o = cJSON_AddObjectToObject(root, name), *rows;
	struct urow **p = xcalloc(sc->n + 1, sizeof(*p));
	size_t n = 0, i, from = (size_t)(page - 1) * (size_t)per, to = from + (size_t)per;

	for (i = 0; i < sc->n; i++)
		if (sc->v[i].directory == dir)
			p[n++] = &sc->v[i];
	if (to > n)
		to = n;
	rank_first(p, n, to);
	rows = cJSON_CreateArray();
	for (i = from; i < to; i++) {
		const struct urow *u = p[i];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddNumberToObject(j, "rank", (double)(i + 1));
		cJSON_AddNumberToObject(j, "unit_id", (double)u->r.unit_id);
		cJSON_AddStringToObject(j, "unit", u->r.unit);
		cJSON_AddBoolToObject(j, "in_directory", dir);
		add_counts(j, u);
		cJSON_AddItemToArray(rows, j);
	}
	cJSON_AddNumberToObject(o, "total", (double)n);
	cJSON_AddNumberToObject(o, "page", (double)page);
	cJSON_AddNumberToObject(o, "per_page", (double)per);
	cJSON_AddItemToObject(o, "rows", rows);
	free(p);
}

static void add_definitions(cJSON *root)
{
	cJSON *d = cJSON_AddObjectToObject(root, "definitions"), *a;
	char buf[128];
	int i;

	cJSON_AddStringToObject(d, "task", "Nhiệm vụ: một việc giao trong văn bản; "
				"một nhiệm vụ có thể giao nhiều đơn vị chủ trì và lặp lại nhiều kỳ.");
	cJSON_AddStringToObject(d, "work_item", "Lượt việc: phần việc của một đơn vị chủ trì "
				"trong một nhiệm vụ, mỗi kỳ của nhiệm vụ định kỳ là một lượt "
				"(tính các kỳ đã đến hạn và kỳ đang thực hiện).");
	cJSON_AddStringToObject(d, "overdue", "Quá hạn: chưa hoàn thành (kể cả chờ xác nhận) "
				"và đã qua hạn cuối đang có hiệu lực.");
	cJSON_AddStringToObject(d, "long_overdue", "Quá hạn dài ngày: quá hạn trên 30 ngày.");
	snprintf(buf, sizeof(buf), "Sắp đến hạn: chưa hoàn thành, hạn cuối trong %d ngày tới.",
		 STATUS_SOON_DAYS);
	cJSON_AddStringToObject(d, "due_soon", buf);
	cJSON_AddStringToObject(d, "overdue_rate", "Tỷ lệ quá hạn = (hoàn thành quá hạn + chưa "
				"hoàn thành quá hạn) ÷ số lượt việc có thời hạn. Lượt việc không "
				"có thời hạn không tính vào mẫu số.");
	cJSON_AddStringToObject(d, "aging", "Thời gian quá hạn: số ngày từ hạn cuối đang có "
				"hiệu lực đến hôm nay, của các lượt việc đang quá hạn.");
	cJSON_AddStringToObject(d, "weeks", "Quá hạn: số lượt việc đang quá hạn vào cuối tuần "
				"(tuần này: đến hôm nay). Hoàn thành: số lượt việc được xác nhận "
				"hoàn thành trong tuần.");
	a = cJSON_AddArrayToObject(d, "aging_buckets");
	for (i = 0; i < AGE_N; i++) {
		/* The days late a bucket holds (age_bucket()), so a client can
		 * list its work: the last allowed day in force was that many
		 * days before today. */
		cJSON *b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "key", age_key[i]);
		cJSON_AddStringToObject(b, "label", age_label[i]);
		cJSON_AddNumberToObject(b, "days_from", i ? (double)age_to[i - 1] + 1 : 1);
		if (age_to[i])
			cJSON_AddNumberToObject(b, "days_to", (double)age_to[i]);
		else
			cJSON_AddNullToObject(b, "days_to");
		cJSON_AddItemToArray(a, b);
	}
}

static void scan_release(struct scan *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (!sc->v[i].borrowed)
			free(sc->v[i].r.unit);
	free(sc->v);
	free(sc->names);
	free(sc->assignments.v);
	free(sc->tasks.v);
	free(sc->recurring.v);
	free(sc->slot);
}

/*
 * The numbers kept between requests (store/counts.h), in this order: a
 * unit's are its row's counts, its aging and its distinct tasks; the
 * office's are the same for the whole office, then the recurring tasks,
 * due soon, overdue periods of recurring tasks, and the twelve weeks.
 */
enum { UNIT_FIELDS = 9 + AGE_N + 1,
       OFFICE_FIELDS = UNIT_FIELDS + 3 + 2 * SUMMARY_WEEKS };

/* An office with more changed assignments than this since the kept
 * counts is counted afresh (and kept again). */
#define SUMMARY_MAX_CHANGED 2000

static long *urow_field(struct urow *u, int i)
{
	long *const f[UNIT_FIELDS] = {
		&u->r.total, &u->r.done_on_time, &u->r.done_late, &u->r.in_progress,
		&u->r.overdue, &u->r.no_deadline, &u->r.long_overdue, &u->r.awaiting,
		&u->r.extended, &u->aging[0], &u->aging[1], &u->aging[2], &u->aging[3],
		&u->tasks};
	return f[i];
}

/* A unit's numbers from the store's row (the order of urow_field()). */
static void urow_load(struct urow *u, const long long *v)
{
	u->r.total = (long)v[0];
	u->r.done_on_time = (long)v[1];
	u->r.done_late = (long)v[2];
	u->r.in_progress = (long)v[3];
	u->r.overdue = (long)v[4];
	u->r.no_deadline = (long)v[5];
	u->r.long_overdue = (long)v[6];
	u->r.awaiting = (long)v[7];
	u->r.extended = (long)v[8];
	u->aging[0] = (long)v[9];
	u->aging[1] = (long)v[10];
	u->aging[2] = (long)v[11];
	u->aging[3] = (long)v[12];
	u->tasks = (long)v[13];
}

static long *office_field(struct scan *sc, int i)
{
	if (i < UNIT_FIELDS)
		return urow_field(&sc->sum, i);
	i -= UNIT_FIELDS;
	if (i < 3)
		return i == 0 ? &sc->recurring_tasks : i == 1 ? &sc->due_soon
							  : &sc->overdue_recurring;
	i -= 3;
	return i < SUMMARY_WEEKS ? &sc->week[i] : &sc->done[i - SUMMARY_WEEKS];
}

/* The scan's numbers as the store keeps them (c's arrays, caller releases). */
static void counts_pack(struct scan *sc, struct store_counts *c)
{
	size_t i;
	int k;

	memset(c, 0, sizeof(*c));
	c->nfields = UNIT_FIELDS;
	c->noffice = OFFICE_FIELDS;
	c->office = xcalloc(OFFICE_FIELDS, sizeof(*c->office));
	for (k = 0; k < OFFICE_FIELDS; k++)
		c->office[k] = *office_field(sc, k);
	c->nunits = sc->n;
	c->units = xcalloc(sc->n * (UNIT_FIELDS + 1) + 1, sizeof(*c->units));
	for (i = 0; i < sc->n; i++) {
		long long *row = c->units + i * (UNIT_FIELDS + 1);
		row[0] = sc->v[i].r.unit_id;
		for (k = 0; k < UNIT_FIELDS; k++)
			row[k + 1] = *urow_field(&sc->v[i], k);
	}
}

static char *unit_name(struct store_counts *c, long long id)
{
	return id > 0 && id < c->nname ? c->name[id] : NULL;
}

static void counts_unpack(struct store_counts *c, struct scan *sc)
{
	size_t i;
	int k;

	for (k = 0; k < OFFICE_FIELDS; k++)
		*office_field(sc, k) = (long)c->office[k];
	for (i = 0; i < c->nunits; i++) {
		const long long *row = c->units + i * (UNIT_FIELDS + 1);
		urow_load(row_take(sc, row[0], NULL, unit_name(c, row[0])), row + 1);
	}
	/* The rows borrow the names: the block is the scan's now. */
	free(sc->names);
	sc->names = c->names;
	c->names = NULL;
}

/* Adds (sign 1) or takes away (-1) the rows and numbers of d. */
static void scan_apply(struct scan *sc, struct scan *d, int sign)
{
	size_t i;
	int k;

	for (i = 0; i < d->n; i++) {
		struct urow *u = row_for(sc, d->v[i].r.unit_id, d->v[i].r.unit);
		for (k = 0; k < UNIT_FIELDS; k++)
			*urow_field(u, k) += sign * *urow_field(&d->v[i], k);
	}
	/* The office's distinct tasks are the store's (tasks_delta). */
	for (k = 0; k < OFFICE_FIELDS; k++)
		if (k != UNIT_FIELDS - 1 && k != UNIT_FIELDS)
			*office_field(sc, k) += sign * *office_field(d, k);
}

/* A unit keeps a row only while it has work counted. */
static void scan_compact(struct scan *sc)
{
	size_t i, n = 0;

	for (i = 0; i < sc->n; i++) {
		if (sc->v[i].r.total > 0)
			sc->v[n++] = sc->v[i];
		else if (!sc->v[i].borrowed)
			free(sc->v[i].r.unit);
	}
	sc->n = n;
	memset(sc->slot, 0, sc->nslot * sizeof(*sc->slot));
	for (i = 0; i < n; i++)
		if ((size_t)sc->v[i].r.unit_id < sc->nslot)
			sc->slot[sc->v[i].r.unit_id] = i + 1;
}

struct deltas {
	struct scan plus, minus;
};

static int delta_item(const struct store_item *it, int sign, void *arg)
{
	struct deltas *d = arg;

	return count_item(it, sign > 0 ? &d->plus : &d->minus);
}

/* The kept counts of `today` with the changes since, when they are kept
 * and at most max_changed assignments changed (*kept says). */
static int kept_counts(struct store *s, struct ymd today, size_t max_changed,
		       struct scan *sc, int *kept, struct err *err)
{
	struct store_counts c;
	struct deltas d;
	int rc;

	*kept = 0;
	memset(&d, 0, sizeof(d));
	memcpy(d.plus.wday, sc->wday, sizeof(sc->wday));
	memcpy(d.plus.wstart, sc->wstart, sizeof(sc->wstart));
	memcpy(d.minus.wday, sc->wday, sizeof(sc->wday));
	memcpy(d.minus.wstart, sc->wstart, sizeof(sc->wstart));
	d.plus.grouped = d.minus.grouped = 1;
	rc = store_counts_read(s, today, UNIT_FIELDS, OFFICE_FIELDS, max_changed, delta_item,
			       &d, &c, err);
	if (!rc && c.valid) {
		counts_unpack(&c, sc);
		scan_apply(sc, &d.plus, 1);
		scan_apply(sc, &d.minus, -1);
		sc->sum.tasks += c.tasks_delta;
		sc->recurring_tasks += c.recurring_delta;
		scan_compact(sc);
		*kept = 1;
	}
	store_counts_release(&c);
	scan_release(&d.plus);
	scan_release(&d.minus);
	return rc;
}

/*
 * The office-wide counts: the kept ones of today with the changes since,
 * or, when none are kept for today (or too much changed), counted from
 * every item and kept for the next request.
 */
static int office_counts(struct store *s, struct ymd today, struct scan *sc, struct err *err)
{
	struct store_counts c;
	struct err ignored;
	int rc, kept = 0, began = 0;

	if ((rc = kept_counts(s, today, SUMMARY_MAX_CHANGED, sc, &kept, err)) || kept)
		return rc;
	if ((rc = store_counts_begin(s, &began, err)))
		return rc;
	if ((rc = store_scan_all_brief(s, today, count_item, sc, err))) {
		if (began)
			store_counts_abort(s);
		return rc;
	}
	if (began) {
		counts_pack(sc, &c);
		/* Not kept (a full disk, say): the answer stands all the same. */
		store_counts_save(s, today, &c, &ignored);
		store_counts_release(&c);
	}
	return 0;
}

/* The weeks of the summary of `today`: each ends on a Sunday, the current
 * one today. */
static void scan_weeks(struct scan *sc, struct ymd today)
{
	long today_n = ymd_to_days(today), sunday;
	size_t i;

	sunday = today_n - days_iso_weekday(today_n) + 6;
	/* The current week counts up to today, not its Sunday. */
	for (i = 0; i < SUMMARY_WEEKS; i++) {
		sc->wday[i] = sunday - 7 * (long)(SUMMARY_WEEKS - 1 - i);
		sc->wstart[i] = sc->wday[i] - 7;
	}
	sc->wday[SUMMARY_WEEKS - 1] = today_n;
}

static void differs(struct strlist *problems, const char *day, const char *what, long long id,
		    int field, long kept, long fresh)
{
	char *line = xasprintf("summary: the counts kept for %s differ from a recount: %s %lld,"
			       " number %d: kept %ld, recounted %ld", day, what, id, field,
			       kept, fresh);
	strlist_add(problems, line);
	free(line);
}

int summary_check_kept(struct store *s, struct strlist *problems, struct err *err)
{
	struct scan a, b;
	struct ymd day;
	char buf[11];
	size_t i, before = problems->n;
	int rc, kept = 0, k;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if ((rc = store_counts_day(s, &day, err)) || !day.y)
		return rc;
	ymd_format(day, buf);
	scan_weeks(&a, day);
	scan_weeks(&b, day);
	if ((rc = kept_counts(s, day, (size_t)-1, &a, &kept, err)) || !kept ||
	    (rc = store_scan_all_brief(s, day, count_item, &b, err)))
		goto out;
	for (k = 0; k < OFFICE_FIELDS; k++)
		if (*office_field(&a, k) != *office_field(&b, k))
			differs(problems, buf, "the office", 0, k, *office_field(&a, k),
				*office_field(&b, k));
	for (i = 0; i < b.n; i++) {
		struct urow *u = &b.v[i], *v = row_for(&a, u->r.unit_id, NULL);
		for (k = 0; k < UNIT_FIELDS; k++)
			if (*urow_field(v, k) != *urow_field(u, k))
				differs(problems, buf, "unit", u->r.unit_id, k, *urow_field(v, k),
					*urow_field(u, k));
	}
	if (a.n != b.n && problems->n == before)
		differs(problems, buf, "units with work, all but", 0, 0, (long)a.n, (long)b.n);
out:
	scan_release(&a);
	scan_release(&b);
	return rc;
}

int summary_json(struct store *s, struct ymd today, const struct summary_opts *o,
		 cJSON **out, struct err *err)
{
	struct store_item_filter f;
	struct scan sc;
	cJSON *root = NULL, *counts, *weeks;
	long page, other_page, per;
	char buf[11];
	size_t i;
	int rc;

	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	per = o && o->per_page > 0 ? o->per_page : SUMMARY_PER_PAGE;
	if (per > SUMMARY_PER_PAGE_MAX)
		per = SUMMARY_PER_PAGE_MAX;
	page = o && o->page > 0 ? o->page : 1;
	other_page = o && o->other_page > 0 ? o->other_page : 1;
	scan_weeks(&sc, today);
	memset(&f, 0, sizeof(f));
	f.today = today;
	f.current_only = 1;
	f.unit_id = o ? o->unit_id : 0;
	/* The office-wide overview reads only what it counts; one unit's
	 * reaches its items through the unit's index. */
	if (f.unit_id)
		rc = store_scan_items(s, &f, count_item, &sc, err);
	else
		rc = office_counts(s, today, &sc, err);
	if (rc)
		goto out;
	if ((rc = mark_directory(s, &sc, err)))
		goto out;
	for (i = 0; i < sc.n; i++)
		sc.v[i].rate = report_overdue_rate(&sc.v[i].r);

	root = cJSON_CreateObject();
	ymd_format(today, buf);
	cJSON_AddStringToObject(root, "today", buf);
	counts = cJSON_AddObjectToObject(root, "counts");
	add_counts(counts, &sc.sum);
	cJSON_AddNumberToObject(counts, "recurring_tasks",
				(double)sc.recurring_tasks);
	cJSON_AddNumberToObject(counts, "overdue_recurring", (double)sc.overdue_recurring);
	cJSON_AddNumberToObject(counts, "due_soon", (double)sc.due_soon);
	add_ranked(root, "units", &sc, 1, page, per);
	add_ranked(root, "other_names", &sc, 0, other_page, per);
	weeks = cJSON_AddArrayToObject(root, "weeks");
	for (i = 0; i < SUMMARY_WEEKS; i++) {
		cJSON *w = cJSON_CreateObject();
		ymd_format(ymd_from_days(sc.wday[i]), buf);
		cJSON_AddStringToObject(w, "week_end", buf);
		cJSON_AddNumberToObject(w, "overdue", (double)sc.week[i]);
		cJSON_AddNumberToObject(w, "completed", (double)sc.done[i]);
		cJSON_AddItemToArray(weeks, w);
	}
	add_definitions(root);
	*out = root;
	root = NULL;
out:
	cJSON_Delete(root);
	scan_release(&sc);
	return rc;
}
