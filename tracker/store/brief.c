/*
 * brief.c - every live work item, for the office-wide counts.
 *
 * The overview counts every item of every unit, so it reads the fewest
 * bytes it can: the occurrences from occurrences_live (the item's dates and
 * state, nothing else), the assignments from their (task, unit) index and
 * the recurring tasks from tasks_freq, joined in memory by id, instead of
 * joining each item to its task, unit and notice rows in SQLite.
 */
#include "tracker/store/life.h"
#include "tracker/store/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"

/* Bounded scan: the overview counts every unit's work, so every live
 * assignment is in the answer. */
static const char SQL_BRIEF_ASSIGNMENTS[] =
	"SELECT a.id, a.task_id, a.unit_id FROM assignments a"
	" INDEXED BY sqlite_autoindex_assignments_1";
/* Bounded scan: every live recurring task is in the answer (the index
 * holds only those). */
static const char SQL_BRIEF_RECURRING[] =
	"SELECT t.id, t.freq FROM tasks t INDEXED BY tasks_freq"
	" WHERE t.freq IS NOT NULL AND t.removed_at IS NULL";
static const char SQL_BRIEF_UNITS[] = "SELECT id, name FROM units";
/* Bounded scan: every live item is in the answer; it reads the index
 * alone (migration 26). */
static const char SQL_BRIEF_ITEMS[] =
	"SELECT o.assignment_id, o.seq, o.state, o.last_day, o.extended_to, o.done_on"
	" FROM occurrences o INDEXED BY occurrences_live WHERE o.live = 1";

struct amap {
	long long *task, *unit;  /* by assignment id; 0: unknown */
	long long na;
	unsigned char *freq;     /* enum rec_freq by task id */
	long long nt;
	char **name;             /* by unit id */
	long long nu;
};

static void amap_release(struct amap *m)
{
	long long i;

	free(m->task);
	free(m->unit);
	free(m->freq);
	for (i = 0; m->name && i < m->nu; i++)
		free(m->name[i]);
	free(m->name);
	memset(m, 0, sizeof(*m));
}

static int id_max(struct store *s, const char *sql, long long *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) == 1)
		*out = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static int amap_load(struct store *s, struct amap *m, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = id_max(s, "SELECT max(id) FROM assignments", &m->na, err)) ||
	    (rc = id_max(s, "SELECT max(id) FROM tasks", &m->nt, err)) ||
	    (rc = id_max(s, "SELECT max(id) FROM units", &m->nu, err)))
		return rc;
	m->nu++;
	m->name = xcalloc((size_t)m->nu, sizeof(*m->name));
	m->na++;
	m->nt++;
	m->task = xcalloc((size_t)m->na, sizeof(*m->task));
	m->unit = xcalloc((size_t)m->na, sizeof(*m->unit));
	m->freq = xcalloc((size_t)m->nt, sizeof(*m->freq));
	if ((rc = sq_prep(s, SQL_BRIEF_ASSIGNMENTS, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		long long id = sqlite3_column_int64(st, 0);
		if (id <= 0 || id >= m->na)
			continue;
		m->task[id] = sqlite3_column_int64(st, 1);
		m->unit[id] = sqlite3_column_int64(st, 2);
	}
	sq_done(st);
	if (rc < 0)
		return rc;
	if ((rc = sq_prep(s, SQL_BRIEF_RECURRING, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		long long id = sqlite3_column_int64(st, 0);
		if (id > 0 && id < m->nt)
			m->freq[id] = (unsigned char)sq_freq_parse(
				(const char *)sqlite3_column_text(st, 1));
	}
	sq_done(st);
	if (rc < 0)
		return rc;
	if ((rc = sq_prep(s, SQL_BRIEF_UNITS, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		long long id = sqlite3_column_int64(st, 0);
		if (id > 0 && id < m->nu && !m->name[id])
			m->name[id] = sq_col_str(st, 1);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static int seq_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;

	if (x->assignment_id != y->assignment_id)
		return x->assignment_id < y->assignment_id ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

int store_scan_all_brief(struct store *s, struct ymd today,
			 int (*fn)(const struct store_item *it, void *arg), void *arg,
			 struct err *err)
{
	struct amap m = {0};
	struct store_item *next = NULL;  /* periods after today, to keep the first */
	size_t nnext = 0, anext = 0, i;
	sqlite3_stmt *st = NULL;
	struct ymd none = {0, 0, 0};
	long today_n = ymd_to_days(today);
	int rc, began = 0;

	memset(err, 0, sizeof(*err));
	/* One snapshot for the three reads, so an item never misses its
	 * assignment to a write between them. */
	if ((began = sq_read_begin(s, err)) < 0)
		return began;
	if ((rc = amap_load(s, &m, err)))
		goto out;
	if ((rc = sq_prep(s, SQL_BRIEF_ITEMS, &st, err)))
		goto out;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		const char *w;
		long long a = sqlite3_column_int64(st, 0);

		if (a <= 0 || a >= m.na || !m.unit[a])
			continue;
		memset(&it, 0, sizeof(it));
		it.assignment_id = a;
		it.task_id = m.task[a];
		it.unit_id = m.unit[a];
		it.unit = it.unit_id < m.nu ? m.name[it.unit_id] : NULL;
		it.seq = sqlite3_column_int(st, 1);
		w = (const char *)sqlite3_column_text(st, 2);
		if (status_work_parse(w, &it.work))
			it.work = WORK_OPEN;
		it.last_day = sq_col_date(st, 3);
		it.extended_to = sq_col_date(st, 4);
		it.done_on = sq_col_date(st, 5);
		it.freq = it.task_id > 0 && it.task_id < m.nt ? (enum rec_freq)m.freq[it.task_id]
							      : REC_NONE;
		it.state = status_of_work(it.last_day, it.extended_to, it.work,
					  it.work == WORK_DONE ? it.done_on : none, today,
					  STATUS_SOON_DAYS);
		/* A series counts the periods already due and the next one, not
		 * the year of periods materialised ahead (as store_scan_items()
		 * with current_only); a period with no last day is never next. */
		if (it.seq != 0 && (!it.last_day.y || ymd_to_days(it.last_day) > today_n)) {
			if (it.last_day.y) {
				ALLOC_GROW(next, nnext + 1, anext);
				next[nnext++] = it;
			}
			continue;
		}
		if ((rc = fn(&it, arg)))
			goto out;
	}
	if (rc < 0)
		goto out;
	if (nnext) /* next is NULL when no series runs ahead of today */
		qsort(next, nnext, sizeof(*next), seq_cmp);
	for (i = 0, rc = 0; i < nnext && !rc; i++)
		if (!i || next[i].assignment_id != next[i - 1].assignment_id)
			rc = fn(&next[i], arg);
out:
	sq_done(st);
	sq_read_end(s, began);
	free(next);
	amap_release(&m);
	return rc;
}

/* From the names met in notices (unknown_units), fewer than the units of
 * a large directory. */
static const char SQL_OTHER_NAMES[] =
	"SELECT u.id FROM unknown_units k CROSS JOIN units u ON u.id = k.unit_id"
	" WHERE u.in_directory = 0 AND u.is_group = 0";

int store_scan_other_names(struct store *s, int (*fn)(long long unit_id, void *arg),
			   void *arg, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_OTHER_NAMES, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1)
		if ((rc = fn(sqlite3_column_int64(st, 0), arg)))
			break;
	sq_done(st);
	return rc == 1 ? 0 : rc;
}

