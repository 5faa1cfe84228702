/*
 * life.c - the task lifecycle in the store: occurrences (the pieces of
 * work that have a status), their materialisation for recurring tasks,
 * the actions of units and the office, and the item scans that reports and
 * reminders read.  See store/life.h.
 *
 * The workflow of one occurrence:
 *
 *     open --done--> reported --confirm--> done
 *       ^               |                   |
 *       +----reopen-----+-------reopen------+
 *
 * plus, on open or reported work with a deadline, extend (a request) and
 * approve/refuse.  "Chờ xác nhận" is the reported state: the work counts as
 * not done until the office confirms, and then as done on the day the unit
 * reported, not the day the office got round to confirming.
 */
#include "tracker/store/feed.h"
#include "tracker/store/life.h"
#include "tracker/store/units.h"
#include "tracker/store/store_int.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"
#include "tracker/store/attach.h"
#include "notices/deadline.h"
#include "tracker/core/recur.h"

/* ---- Materialising occurrences ------------------------------------------ */

/* How far ahead recurring work is materialised (the issue: 12 months). */
#define HORIZON_DAYS 366

static const char SQL_NOTICE_TASKS[] =
	"SELECT t.id, t.due, t.due_kind, t.freq, t.rrule,"
	" coalesce(n.date, substr(t.created_at, 1, 10))"
	" FROM tasks t JOIN notices n ON n.id = t.notice_id"
	" WHERE t.notice_id = ?1 AND t.removed_at IS NULL ORDER BY t.id";
/* Bounded scan: only the live recurring tasks, through their partial
 * index (tasks_recurring), a few per notice at most. */
static const char SQL_STALE_SERIES[] =
	"SELECT t.id, t.due, t.due_kind, t.freq, t.rrule,"
	" coalesce(n.date, substr(t.created_at, 1, 10))"
	" FROM tasks t JOIN notices n ON n.id = t.notice_id"
	" WHERE t.removed_at IS NULL AND t.freq IS NOT NULL AND t.freq <> 'periodic'"
	" AND (t.horizon IS NULL OR t.horizon < ?1) ORDER BY t.id";
/*
 * A one-off task's work items, one per lead, in one statement: the same
 * rows and the same order of ids as an upsert per lead, without
 * paying a statement per lead (a task given to a group has dozens).
 */
static const char SQL_OCC_UPSERT_LEADS[] =
	"INSERT INTO occurrences (assignment_id, seq, due, due_kind, last_day, eff_last,"
	" created_at, updated_at, " ITEM_COPY_COLS ") SELECT a.id, 0, ?2, ?3, ?4, ?4, ?5, ?5, "
	ITEM_COPY_VALUES " FROM assignments a" ITEM_COPY_JOIN
	" WHERE a.task_id = ?1 AND a.role = 'lead' AND a.removed_at IS NULL ORDER BY a.id"
	" ON CONFLICT (assignment_id, seq) DO UPDATE SET due = excluded.due,"
	" due_kind = excluded.due_kind, last_day = excluded.last_day,"
	" eff_last = coalesce(extended_to, excluded.last_day), updated_at = excluded.updated_at"
	" WHERE due IS NOT excluded.due OR due_kind IS NOT excluded.due_kind";
/*
 * A series' work items, every lead times every period, in one statement:
 * the same rows and the same order of ids as an upsert per lead and
 * period, lead by lead, period by period.  A monthly task given to a group
 * is hundreds of rows, and one statement is set up once for all of them.
 * ?2 is a JSON array of one [due, due_kind, last_day, shown_from] per period
 * (seq = index + 1).
 */
static const char SQL_OCC_UPSERT_SERIES[] =
	"INSERT INTO occurrences (assignment_id, seq, due, due_kind, last_day, eff_last,"
	" shown_from, created_at, updated_at, " ITEM_COPY_COLS ") SELECT a.id, p.key + 1,"
	" p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 2, p.value ->> 3, ?3, ?3, "
	ITEM_COPY_VALUES
	" FROM assignments a" ITEM_COPY_JOIN " CROSS JOIN json_each(?2) p"
	" WHERE a.task_id = ?1 AND a.role = 'lead' AND a.removed_at IS NULL"
	" ORDER BY a.id, p.key"
	" ON CONFLICT (assignment_id, seq) DO UPDATE SET due = excluded.due,"
	" due_kind = excluded.due_kind, last_day = excluded.last_day,"
	" eff_last = coalesce(extended_to, excluded.last_day), updated_at = excluded.updated_at"
	" WHERE due IS NOT excluded.due OR due_kind IS NOT excluded.due_kind";
/*
 * Occurrences a new version of the notice no longer implies (the task
 * stopped recurring, or recurs less), for all the task's leads at once:
 * dropped only while nobody has acted on them; reported or done work, and
 * anything with history, stays.
 */
static const char SQL_OCC_PRUNE[] =
	"DELETE FROM occurrences WHERE assignment_id IN (SELECT id FROM assignments"
	"  WHERE task_id = ?1 AND role = 'lead' AND removed_at IS NULL)"
	" AND (seq > ?2 OR (?3 AND seq = 0) OR (NOT ?3 AND seq > 0))"
	" AND state = 'open' AND requested_to IS NULL AND extended_to IS NULL"
	" AND NOT EXISTS (SELECT 1 FROM task_events e WHERE e.occurrence_id = occurrences.id)";
static const char SQL_SET_HORIZON[] = "UPDATE tasks SET horizon = ?2 WHERE id = ?1";
/* After a task's items are written: the day each is current work from. */
static const char SQL_SET_SHOWN[] = ITEM_SHOWN_SET("a.task_id = ?1");

struct series {
	long long task_id;
	struct ymd due, anchor;
	enum due_kind kind;
	enum rec_freq freq;
	char *rrule;
};

static int load_series(struct store *s, const char *sql, long long key_id,
		       struct ymd key_day, struct series **out, size_t *n,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct series *v = NULL;
	size_t alloc = 0;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	if (key_id)
		sq_bind_int(s, st, 1, key_id);
	else
		sq_bind_date(s, st, 1, key_day);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct series *x;
		char *w;
		ALLOC_GROW(v, *n + 1, alloc);
		x = &v[(*n)++];
		x->task_id = sqlite3_column_int64(st, 0);
		x->due = sq_col_date(st, 1);
		w = sq_col_str(st, 2);
		x->kind = sq_kind_parse(w);
		free(w);
		w = sq_col_str(st, 3);
		x->freq = sq_freq_parse(w);
		free(w);
		x->rrule = sq_col_str(st, 4);
		x->anchor = sq_col_date(st, 5);
	}
	sq_done(st);
	*out = v;
	return rc < 0 ? rc : 0;
}

static void series_free(struct series *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].rrule);
	free(v);
}

/* A period's due day, or JSON null when it has none (as sq_bind_date()). */
static cJSON *json_date(struct ymd d)
{
	char buf[11];

	if (d.y > 0 && d.m > 0 && d.d > 0) {
		ymd_format(d, buf);
		return cJSON_CreateString(buf);
	}
	return cJSON_CreateNull();
}

/* Writes a series' periods for all its leads (SQL_OCC_UPSERT_SERIES). */
static int upsert_series(struct store *s, long long task_id,
			 const struct recur_occ *occ, size_t n_occ,
			 const char *now, long *added, struct err *err)
{
	sqlite3_stmt *st = NULL;
	cJSON *periods = cJSON_CreateArray();
	char *json = NULL, latest[11] = ""; /* the latest last day so far */
	size_t k;
	int rc;

	for (k = 0; k < n_occ; k++) {
		struct ymd last = {0, 0, 0};
		cJSON *p = cJSON_CreateArray();
		char day[11];
		status_last_day(occ[k].due, occ[k].kind, &last);
		cJSON_AddItemToArray(p, json_date(occ[k].due));
		cJSON_AddItemToArray(p, occ[k].due.y
				     ? cJSON_CreateString(due_kind_name(occ[k].kind))
				     : cJSON_CreateNull());
		cJSON_AddItemToArray(p, json_date(last));
		/* shown_from as ITEM_SHOWN_SET makes it, for a series that is
		 * the assignment's only items (a new task's). */
		if (!last.y) {
			cJSON_AddItemToArray(p, cJSON_CreateString("never"));
		} else {
			ymd_format(last, day);
			cJSON_AddItemToArray(p, cJSON_CreateString(
				strcmp(day, latest) < 0 ? day : latest));
			if (strcmp(day, latest) > 0)
				memcpy(latest, day, sizeof(day));
		}
		cJSON_AddItemToArray(periods, p);
	}
	json = cJSON_PrintUnformatted(periods);
	if (!json)
		abort(); /* out of memory: util.h's policy */
	if ((rc = sq_prep(s, SQL_OCC_UPSERT_SERIES, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_text(s, st, 2, json);
	sq_bind_text(s, st, 3, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	*added += sqlite3_changes(s->db);
out:
	cJSON_free(json);
	cJSON_Delete(periods);
	return rc;
}

/*
 * Brings one task's occurrences in line; *added counts new rows.  `fresh`:
 * the task was written in this transaction and had no occurrences before,
 * so there is nothing to prune (the prune is a DELETE with two temporary
 * b-trees and a statement journal).
 */
static int sync_series(struct store *s, const struct series *x, struct ymd today,
		       const char *now, int fresh, long *added, struct err *err)
{
	struct recur_occ occ[RECUR_MAX];
	struct ymd until = ymd_from_days(ymd_to_days(today) + HORIZON_DAYS);
	int recurring = x->freq != REC_NONE && x->freq != REC_PERIODIC;
	sqlite3_stmt *st = NULL;
	size_t n_occ = 0;
	int rc;

	if (recurring) {
		if (recur_expand(x->freq, x->rrule, x->due, x->kind, x->anchor, until,
				 occ, RECUR_MAX, &n_occ) < 0)
			n_occ = 0;
		/* A first deadline beyond the horizon is still the first one. */
		if (!n_occ && x->due.y) {
			occ[0].due = x->due;
			occ[0].kind = x->kind;
			n_occ = 1;
		}
	} else {
		occ[0].due = x->due; /* zero for "định kỳ" and tasks with no deadline */
		occ[0].kind = x->kind;
		n_occ = 1;
	}
	if (!recurring) {
		struct ymd last = {0, 0, 0};
		status_last_day(occ[0].due, occ[0].kind, &last);
		if ((rc = sq_prep(s, SQL_OCC_UPSERT_LEADS, &st, err)))
			goto out;
		sq_bind_int(s, st, 1, x->task_id);
		sq_bind_date(s, st, 2, occ[0].due);
		sq_bind_text(s, st, 3, occ[0].due.y ? due_kind_name(occ[0].kind) : NULL);
		sq_bind_date(s, st, 4, last);
		sq_bind_text(s, st, 5, now);
		if ((rc = sq_run(s, st, err)))
			goto out;
		*added += sqlite3_changes(s->db);
	} else {
		if ((rc = upsert_series(s, x->task_id, occ, n_occ, now, added, err)))
			goto out;
	}
	if (!fresh) {
		if ((rc = sq_prep(s, SQL_OCC_PRUNE, &st, err)))
			goto out;
		sq_bind_int(s, st, 1, x->task_id);
		sq_bind_int(s, st, 2, recurring ? (long long)n_occ : 0);
		sq_bind_int(s, st, 3, recurring);
		if ((rc = sq_run(s, st, err)))
			goto out;
	}
	/* A new task's items have theirs: '' (the default) for a one-off
	 * task's, upsert_series()'s for a series. */
	if (!fresh) {
		if ((rc = sq_prep(s, SQL_SET_SHOWN, &st, err)))
			goto out;
		sq_bind_int(s, st, 1, x->task_id);
		if ((rc = sq_run(s, st, err)))
			goto out;
	}
	if (recurring) {
		if ((rc = sq_prep(s, SQL_SET_HORIZON, &st, err)))
			goto out;
		sq_bind_int(s, st, 1, x->task_id);
		sq_bind_date(s, st, 2, until);
		rc = sq_run(s, st, err);
	}
out:
	return rc;
}

static struct ymd today_or_now(struct ymd today)
{
	return today.y ? today : status_today(time(NULL));
}

static int sync_notice(struct store *s, long long notice_id, struct ymd today,
		       const char *now, int fresh, struct err *err)
{
	struct series *v = NULL;
	size_t n = 0, i;
	long added = 0;
	int rc;

	today = today_or_now(today);
	if ((rc = load_series(s, SQL_NOTICE_TASKS, notice_id, today, &v, &n, err)))
		goto out;
	for (i = 0; i < n; i++)
		if ((rc = sync_series(s, &v[i], today, now, fresh, &added, err)))
			goto out;
out:
	series_free(v, n);
	return rc;
}

int life_sync_notice(struct store *s, long long notice_id, struct ymd today,
		     const char *now, struct err *err)
{
	return sync_notice(s, notice_id, today, now, 0, err);
}

int life_sync_new_notice(struct store *s, long long notice_id, struct ymd today,
			 const char *now, struct err *err)
{
	return sync_notice(s, notice_id, today, now, 1, err);
}

int store_materialize(struct store *s, struct ymd today, long *added,
		      struct err *err)
{
	struct series *v = NULL;
	struct ymd until;
	char now[32];
	size_t n = 0, i;
	int rc;

	memset(err, 0, sizeof(*err));
	*added = 0;
	today = today_or_now(today);
	until = ymd_from_days(ymd_to_days(today) + HORIZON_DAYS);
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = load_series(s, SQL_STALE_SERIES, 0, until, &v, &n, err)))
		goto out;
	for (i = 0; i < n; i++)
		if ((rc = sync_series(s, &v[i], today, now, 0, added, err)))
			goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	series_free(v, n);
	return rc;
}

/* ---- Reading items ------------------------------------------------------- */

static const char SQL_ITEM_GET[] = ITEM_COLUMNS " WHERE o.id = ?1";
/*
 * The reports' and lists' scan.  current_only (?7, a date): a recurring
 * series counts the periods already due and the next one, not the year of
 * future periods materialised ahead.  One text per way in (by unit, by
 * task, both, neither), so that each reaches its rows through an index.
 */
#define ITEM_SCAN_WHERE \
	" WHERE a.removed_at IS NULL AND t.removed_at IS NULL"                          \
	" AND (?3 = 0 OR o.state <> 'done')"                                            \
	" AND (?5 IS NULL OR n.date >= ?5) AND (?6 IS NULL OR n.date <= ?6)"            \
	" AND (?7 IS NULL OR o.shown_from <= ?7)"
#define ITEM_SCAN_ORDER " ORDER BY u.id, o.eff_last IS NULL, o.eff_last, o.id"
static const char *const SQL_ITEM_SCAN[4] = {
	/* Bounded scan: the upward report and the weekly mails count every
	 * unit's work, so every item is in the answer. */
	ITEM_COLUMNS ITEM_SCAN_WHERE ITEM_SCAN_ORDER,
	ITEM_COLUMNS ITEM_SCAN_WHERE " AND a.unit_id = ?1" ITEM_SCAN_ORDER,
	ITEM_COLUMNS ITEM_SCAN_WHERE " AND a.task_id = ?2" ITEM_SCAN_ORDER,
	ITEM_COLUMNS ITEM_SCAN_WHERE " AND a.unit_id = ?1 AND a.task_id = ?2" ITEM_SCAN_ORDER,
};
/* The reminder scan: open work due by a day, through the partial index. */
static const char SQL_ITEM_DUE_SCAN[] = ITEM_COLUMNS
	" WHERE o.state <> 'done' AND o.eff_last <= ?4"
	" AND a.removed_at IS NULL AND t.removed_at IS NULL"
	" AND (?1 IS NULL OR a.unit_id = ?1) AND (?2 IS NULL OR a.task_id = ?2)";

void store_item_release(struct store_item *it)
{
	if (!it)
		return;
	free(it->unit);
	free(it->unit_email);
	free(it->due_text);
	free(it->request_reason);
	free(it->task_ref);
	free(it->task_text);
	free(it->notice_number);
	free(it->decided_kind);
	free(it->decided_by);
	free(it->decided_at);
	free(it->decided_note);
	memset(it, 0, sizeof(*it));
}

/*
 * Fills *it from a row of ITEM_COLUMNS.  Text columns are borrowed from the
 * statement when `copy` is 0 (valid until the next step: the scan's flat
 * memory), copied otherwise.
 */
static void item_from_row(sqlite3_stmt *st, struct store_item *it, struct ymd today,
			  int copy)
{
#define TXT(i) (copy ? sq_col_str(st, i) : (char *)sqlite3_column_text(st, i))
	const char *w;
	struct ymd none = {0, 0, 0};

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(st, 0);
	it->assignment_id = sqlite3_column_int64(st, 1);
	it->task_id = sqlite3_column_int64(st, 2);
	it->notice_id = sqlite3_column_int64(st, 3);
	it->unit_id = sqlite3_column_int64(st, 4);
	it->seq = sqlite3_column_int(st, 5);
	it->unit = TXT(6);
	it->unit_email = TXT(7);
	it->due = sq_col_date(st, 8);
	it->due_kind = sq_kind_parse((const char *)sqlite3_column_text(st, 9));
	it->due_text = TXT(10);
	it->last_day = sq_col_date(st, 11);
	it->extended_to = sq_col_date(st, 12);
	it->requested_to = sq_col_date(st, 13);
	it->request_reason = TXT(14);
	w = (const char *)sqlite3_column_text(st, 15);
	if (status_work_parse(w, &it->work))
		it->work = WORK_OPEN;
	it->reported_on = sq_col_date(st, 16);
	it->done_on = sq_col_date(st, 17);
	it->freq = sq_freq_parse((const char *)sqlite3_column_text(st, 18));
	it->task_ref = TXT(19);
	it->task_text = TXT(20);
	it->notice_number = TXT(21);
	it->notice_date = sq_col_date(st, 22);
	it->percent = sqlite3_column_type(st, 23) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 23);
	it->decided_kind = TXT(24);
	it->decided_by = TXT(25);
	it->decided_at = TXT(26);
	it->decided_note = TXT(27);
	it->state = status_of_work(it->last_day, it->extended_to, it->work,
				   it->work == WORK_DONE ? it->done_on : none, today,
				   STATUS_SOON_DAYS);
#undef TXT
}

void sq_item_from_row(sqlite3_stmt *st, struct store_item *it, struct ymd today)
{
	item_from_row(st, it, today, 0);
}

int store_get_item(struct store *s, long long id, struct ymd today,
		   struct store_item *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_ITEM_GET, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	rc = sq_step(s, st, err);
	if (rc == 1)
		item_from_row(st, out, today, 1);
	sq_done(st);
	if (rc == 0)
		return err_set(err, ERR_NOTFOUND, "no work item %lld", id);
	return rc < 0 ? rc : 0;
}

int store_scan_items(struct store *s, const struct store_item_filter *f,
		     int (*fn)(const struct store_item *it, void *arg), void *arg,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	int by_due = f->open_only && f->last_until.y;
	struct ymd none = {0, 0, 0};
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, by_due ? SQL_ITEM_DUE_SCAN
				     : SQL_ITEM_SCAN[(f->unit_id ? 1 : 0) | (f->task_id ? 2 : 0)],
			  &st, err)))
		return rc;
	sq_bind_id(s, st, 1, f->unit_id);
	sq_bind_id(s, st, 2, f->task_id);
	if (by_due) {
		sq_bind_date(s, st, 4, f->last_until);
	} else {
		sq_bind_int(s, st, 3, f->open_only ? 1 : 0);
		sq_bind_date(s, st, 5, f->notice_from);
		sq_bind_date(s, st, 6, f->notice_to);
		sq_bind_date(s, st, 7, f->current_only ? f->today : none);
	}
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		int stop;
		item_from_row(st, &it, f->today, 0);
		if ((stop = fn(&it, arg))) {
			sq_done(st);
			return stop;
		}
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- Actions ------------------------------------------------------------- */

static const char *const action_names[] = {
	[STORE_ACT_PROGRESS] = "progress", [STORE_ACT_DONE] = "done",
	[STORE_ACT_CONFIRM] = "confirm",   [STORE_ACT_REOPEN] = "reopen",
	[STORE_ACT_EXTEND] = "extend",     [STORE_ACT_APPROVE] = "approve",
	[STORE_ACT_REFUSE] = "refuse",     [STORE_ACT_GRANT] = "grant",
	[STORE_ACT_CLOSE] = "close",
};
#define N_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

const char *store_action_name(enum store_action a)
{
	return (size_t)a < N_ACTIONS ? action_names[a] : "unknown";
}

int store_action_parse(const char *s, enum store_action *out)
{
	size_t i;

	for (i = 0; s && i < N_ACTIONS; i++)
		if (!strcmp(s, action_names[i])) {
			*out = (enum store_action)i;
			return 0;
		}
	return -1;
}

/* The event kinds actions leave in the task's history. */
static const char *const event_kinds[] = {
	[STORE_ACT_PROGRESS] = "progress",
	[STORE_ACT_DONE] = "reported_done",
	[STORE_ACT_CONFIRM] = "confirmed",
	[STORE_ACT_REOPEN] = "reopened",
	[STORE_ACT_EXTEND] = "extension_requested",
	[STORE_ACT_APPROVE] = "extension_approved",
	[STORE_ACT_REFUSE] = "extension_refused",
	[STORE_ACT_GRANT] = "extension_granted",
	[STORE_ACT_CLOSE] = "closed",
};

int store_action_is_office(enum store_action a)
{
	return a == STORE_ACT_CONFIRM || a == STORE_ACT_REOPEN || a == STORE_ACT_APPROVE ||
	       a == STORE_ACT_REFUSE || a == STORE_ACT_GRANT || a == STORE_ACT_CLOSE;
}

static const char SQL_OCC_SET_STATE[] =
	"UPDATE occurrences SET state = ?2, reported_on = ?3, done_on = ?4, updated_at = ?5"
	" WHERE id = ?1";
static const char SQL_OCC_REQUEST[] =
	"UPDATE occurrences SET requested_to = ?2, request_reason = ?3, updated_at = ?4"
	" WHERE id = ?1";
static const char SQL_OCC_EXTEND[] =
	"UPDATE occurrences SET extended_to = requested_to, eff_last = requested_to,"
	" requested_to = NULL, request_reason = NULL, updated_at = ?2 WHERE id = ?1";
/* The office grants a new last allowed day itself; a request waiting is
 * answered by it. */
static const char SQL_OCC_GRANT[] =
	"UPDATE occurrences SET extended_to = ?2, eff_last = ?2, requested_to = NULL,"
	" request_reason = NULL, updated_at = ?3 WHERE id = ?1";
static const char SQL_OCC_DECIDED[] =
	"UPDATE occurrences SET decided_kind = ?2, decided_by = ?3, decided_at = ?4,"
	" decided_note = ?5 WHERE id = ?1";
static const char SQL_DECISION_MAIL[] = "INSERT INTO decision_mails (event_id) VALUES (?1)";
static const char SQL_LIFE_EVENT[] =
	"INSERT INTO task_events (task_id, assignment_id, occurrence_id, kind, actor, at,"
	" note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_TOUCH_TASK[] = "UPDATE tasks SET updated_at = ?2 WHERE id = ?1";

static void add_date(cJSON *o, const char *key, struct ymd d)
{
	char buf[11];

	if (d.y) {
		ymd_format(d, buf);
		cJSON_AddStringToObject(o, key, buf);
	}
}

/*
 * A done day or an extension by the one rule for dates users enter
 * (dates.h), against the notice's year (today's when it has none).
 */
static int check_date(const struct store_act *a, const struct store_item *it,
		      struct err *err)
{
	int rc;
	char buf[11];

	if (!a->date.y && !a->date.m && !a->date.d)
		return 0;
	rc = date_user_check(a->date, it->notice_date.y ? it->notice_date.y : a->today.y);
	if (!rc)
		return 0;
	ymd_format(a->date, buf);
	err_key(err, ERR_INVAL, date_rule_key(rc), buf, "date '%s' is out of range", buf);
	snprintf(err->field, sizeof(err->field), "date");
	return ERR_INVAL;
}

/* A done day the rules refuse, marked on the form's date field. */
static int done_day_bad(struct err *err, const char *key, const char *arg)
{
	err_key(err, ERR_INVAL, key, arg, "the done day is out of range");
	snprintf(err->field, sizeof(err->field), "date");
	return ERR_INVAL;
}

static int check_work(const struct store_act *a, const struct store_item *it, long today,
		      struct err *err);

/* The office's decision that must say why: the note is the field to fill. */
static int note_needed(struct err *err, const char *what)
{
	err_key(err, ERR_INVAL, "decision_note_needed", NULL, "%s", what);
	snprintf(err->field, sizeof(err->field), "note");
	return ERR_INVAL;
}

/* Checks that the action fits the item; fills err and returns its code if not. */
static int check_action(const struct store_act *a, const struct store_item *it,
			struct err *err)
{
	long today = ymd_to_days(a->today);
	int rc;

	/* The action's own rules first ("later than the deadline in force"
	 * says more than "too early"), then the rule for dates users enter. */
	if ((rc = check_work(a, it, today, err)))
		return rc;
	if ((a->action == STORE_ACT_DONE || a->action == STORE_ACT_EXTEND ||
	     a->action == STORE_ACT_GRANT || a->action == STORE_ACT_CLOSE) &&
	    check_date(a, it, err))
		return ERR_INVAL;
	/* Work cannot be done before the notice that assigned it (said after
	 * the date rule: a year 1 is "too early", not "before the notice"). */
	if (a->action == STORE_ACT_DONE && a->date.y && it->notice_date.y &&
	    ymd_to_days(a->date) < ymd_to_days(it->notice_date)) {
		char nd[11];
		ymd_format(it->notice_date, nd);
		return done_day_bad(err, "done_before_notice", nd);
	}
	return 0;
}

/* The rules of each action on the item's state. */
static int check_work(const struct store_act *a, const struct store_item *it, long today,
		      struct err *err)
{
	switch (a->action) {
	case STORE_ACT_PROGRESS:
		if (it->work == WORK_DONE)
			return err_key(err, ERR_BADSTATE, "already_done", NULL, "work item %lld is already done", it->id);
		if (!a->note || !*a->note)
			return err_key(err, ERR_INVAL, "note_needed", NULL, "a progress report needs a note");
		if (a->percent > 100)
			return err_key(err, ERR_INVAL, "percent_range", NULL, "percent must be 0 to 100");
		return 0;
	case STORE_ACT_DONE:
		if (it->work != WORK_OPEN)
			return err_key(err, ERR_BADSTATE,
				       it->work == WORK_DONE ? "already_done" : "already_reported", NULL,
				       "work item %lld is already %s", it->id,
				       it->work == WORK_DONE ? "done" : "reported done");
		if (a->date.y && ymd_to_days(a->date) > today)
			return done_day_bad(err, "done_in_future", NULL);
		return 0;
	case STORE_ACT_CONFIRM:
		if (it->work != WORK_REPORTED)
			return err_key(err, ERR_BADSTATE, "nothing_to_confirm", NULL,
				       "nothing to confirm: work item %lld is not reported done", it->id);
		return 0;
	case STORE_ACT_REOPEN:
		if (it->work == WORK_OPEN)
			return err_key(err, ERR_BADSTATE, "already_open", NULL, "work item %lld is already open", it->id);
		/* The unit must learn why its work came back. */
		if (!a->note || !*a->note)
			return note_needed(err, "returning work needs a note");
		return 0;
	case STORE_ACT_GRANT:
		if (it->work == WORK_DONE)
			return err_key(err, ERR_BADSTATE, "already_done", NULL, "work item %lld is already done", it->id);
		if (!it->state.last_day.y)
			return err_key(err, ERR_BADSTATE, "no_deadline_to_extend", NULL, "work item %lld has no deadline to extend",
				       it->id);
		if (!a->date.y || ymd_to_days(a->date) <= ymd_to_days(it->state.last_day))
			return err_key(err, ERR_INVAL, "extend_not_later", NULL,
				       "the new deadline must be later than the one in force");
		if (!a->note || !*a->note)
			return note_needed(err, "an extension the office grants needs a note");
		return 0;
	case STORE_ACT_CLOSE:
		if (it->work == WORK_DONE)
			return err_key(err, ERR_BADSTATE, "already_done", NULL, "work item %lld is already done", it->id);
		if (a->date.y && ymd_to_days(a->date) > today)
			return err_key(err, ERR_INVAL, "done_in_future", NULL, "the done day is in the future");
		return 0;
	case STORE_ACT_EXTEND:
		if (it->work == WORK_DONE)
			return err_key(err, ERR_BADSTATE, "already_done", NULL, "work item %lld is already done", it->id);
		if (!it->state.last_day.y)
			return err_key(err, ERR_BADSTATE, "no_deadline_to_extend", NULL, "work item %lld has no deadline to extend",
				       it->id);
		if (it->requested_to.y)
			return err_key(err, ERR_BADSTATE, "extension_waiting", NULL,
				       "an extension request for work item %lld is already waiting",
				       it->id);
		if (!a->date.y || ymd_to_days(a->date) <= ymd_to_days(it->state.last_day))
			return err_key(err, ERR_INVAL, "extend_not_later", NULL,
				       "the new deadline must be later than the one in force");
		if (!a->note || !*a->note)
			return err_key(err, ERR_INVAL, "reason_needed", NULL, "an extension request needs a reason");
		return 0;
	case STORE_ACT_APPROVE:
	case STORE_ACT_REFUSE:
		if (!it->requested_to.y)
			return err_key(err, ERR_BADSTATE, "no_extension_waiting", NULL,
				       "no extension request is waiting for work item %lld", it->id);
		if (a->action == STORE_ACT_REFUSE && (!a->note || !*a->note))
			return note_needed(err, "refusing an extension needs a note");
		return 0;
	}
	return err_set(err, ERR_INVAL, "unknown action");
}

/*
 * The latest percentage stays on the item; the unit's and the notice's
 * work generation move, since their cached task lists show it.
 */
static const char SQL_OCC_PERCENT[] =
	"UPDATE occurrences SET percent = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_UNIT_GEN[] = "UPDATE units SET feed_gen = feed_gen + 1 WHERE id = ?1";
static const char SQL_NOTICE_GEN[] = "UPDATE notices SET feed_gen = feed_gen + 1 WHERE id = ?1";

static int set_percent(struct store *s, const struct store_item *it, int percent,
		       const char *now, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_OCC_PERCENT, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, it->id);
	sq_bind_int(s, st, 2, percent);
	sq_bind_text(s, st, 3, now);
	if ((rc = sq_run(s, st, err)) || (rc = sq_prep(s, SQL_UNIT_GEN, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, it->unit_id);
	if ((rc = sq_run(s, st, err)) || (rc = sq_prep(s, SQL_NOTICE_GEN, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, it->notice_id);
	return sq_run(s, st, err);
}

/* Writes the change itself; fills `data` with what moved, for the event. */
static int apply_action(struct store *s, const struct store_act *a,
			const struct store_item *it, const char *now, cJSON *data,
			struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct ymd none = {0, 0, 0}, day;
	int rc;

	switch (a->action) {
	case STORE_ACT_PROGRESS:
		if (a->percent < 0)
			return 0;
		cJSON_AddNumberToObject(data, "percent", a->percent);
		return set_percent(s, it, a->percent, now, err);
	case STORE_ACT_DONE:
	case STORE_ACT_CONFIRM:
	case STORE_ACT_REOPEN:
		if ((rc = sq_prep(s, SQL_OCC_SET_STATE, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, it->id);
		if (a->action == STORE_ACT_DONE) {
			day = a->date.y ? a->date : a->today;
			sq_bind_text(s, st, 2, "reported");
			sq_bind_date(s, st, 3, day);
			sq_bind_date(s, st, 4, none);
			add_date(data, "reported_on", day);
		} else if (a->action == STORE_ACT_CONFIRM) {
			/* Done on the day the unit reported, not the day of confirming. */
			sq_bind_text(s, st, 2, "done");
			sq_bind_date(s, st, 3, it->reported_on);
			sq_bind_date(s, st, 4, it->reported_on);
			add_date(data, "done_on", it->reported_on);
		} else {
			sq_bind_text(s, st, 2, "open");
			sq_bind_date(s, st, 3, none);
			sq_bind_date(s, st, 4, none);
			cJSON_AddStringToObject(data, "from", status_work_name(it->work));
			add_date(data, "reported_on", it->reported_on);
		}
		sq_bind_text(s, st, 5, now);
		return sq_run(s, st, err);
	case STORE_ACT_EXTEND:
		if ((rc = sq_prep(s, SQL_OCC_REQUEST, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, it->id);
		sq_bind_date(s, st, 2, a->date);
		sq_bind_text(s, st, 3, a->note);
		sq_bind_text(s, st, 4, now);
		add_date(data, "from", it->state.last_day);
		add_date(data, "to", a->date);
		return sq_run(s, st, err);
	case STORE_ACT_APPROVE:
		if ((rc = sq_prep(s, SQL_OCC_EXTEND, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, it->id);
		sq_bind_text(s, st, 2, now);
		/* The original deadline stays in the history, beside the new one. */
		add_date(data, "original", it->last_day);
		add_date(data, "from", it->state.last_day);
		add_date(data, "to", it->requested_to);
		if (it->request_reason)
			cJSON_AddStringToObject(data, "reason", it->request_reason);
		return sq_run(s, st, err);
	case STORE_ACT_REFUSE:
		if ((rc = sq_prep(s, SQL_OCC_REQUEST, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, it->id);
		sq_bind_text(s, st, 4, now);
		add_date(data, "requested", it->requested_to);
		return sq_run(s, st, err);
	case STORE_ACT_GRANT:
		if ((rc = sq_prep(s, SQL_OCC_GRANT, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, it->id);
		sq_bind_date(s, st, 2, a->date);
		sq_bind_text(s, st, 3, now);
		/* As an approval: the original deadline stays in the history. */
		add_date(data, "original", it->last_day);
		add_date(data, "from", it->state.last_day);
		add_date(data, "to", a->date);
		add_date(data, "requested", it->requested_to);
		return sq_run(s, st, err);
	case STORE_ACT_CLOSE:
		/* Closed by the office: done on the day it names (the period's
		 * work was done, nobody reported it), or on the day reported. */
		day = a->date.y ? a->date : it->work == WORK_REPORTED ? it->reported_on : a->today;
		if ((rc = sq_prep(s, SQL_OCC_SET_STATE, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, it->id);
		sq_bind_text(s, st, 2, "done");
		sq_bind_date(s, st, 3, it->work == WORK_REPORTED ? it->reported_on : day);
		sq_bind_date(s, st, 4, day);
		sq_bind_text(s, st, 5, now);
		cJSON_AddStringToObject(data, "from", status_work_name(it->work));
		add_date(data, "done_on", day);
		return sq_run(s, st, err);
	}
	return err_set(err, ERR_INVAL, "unknown action");
}

/*
 * One action on one item inside the caller's transaction: the check, the
 * change, the office's decision on the item, the history event and, for
 * a decision with a note, its place in the queue of decision mails.
 */
static int act_one(struct store *s, const struct store_act *a, const char *now,
		   long long *file_id_out, struct err *err)
{
	struct store_item it;
	sqlite3_stmt *st = NULL;
	cJSON *data = NULL;
	char *json = NULL;
	long long file_id = 0;
	int rc;

	if ((rc = store_get_item(s, a->item_id, a->today, &it, err)) ||
	    (rc = check_action(a, &it, err)))
		goto out;
	data = cJSON_CreateObject();
	if (it.seq)
		cJSON_AddNumberToObject(data, "seq", it.seq);
	add_date(data, "deadline", it.state.last_day);
	if ((rc = apply_action(s, a, &it, now, data, err)))
		goto out;
	if (a->file && a->action == STORE_ACT_DONE) {
		char sha[65];
		cJSON *f;
		if ((rc = sq_attach_insert(s, it.task_id, it.id, a->file, a->actor, now, &file_id,
					   sha, err)))
			goto out;
		/* The history names the document the report came with. */
		f = cJSON_AddObjectToObject(data, "attachment");
		cJSON_AddNumberToObject(f, "id", (double)file_id);
		cJSON_AddStringToObject(f, "name", a->file->name && *a->file->name ? a->file->name
										: "tep-dinh-kem");
		cJSON_AddStringToObject(f, "type", a->file->ctype);
		cJSON_AddNumberToObject(f, "size", (double)a->file->size);
		cJSON_AddStringToObject(f, "sha256", sha);
	}
	json = cJSON_PrintUnformatted(data);
	if (!json)
		abort(); /* out of memory: util.h's policy */
	if ((rc = sq_prep(s, SQL_LIFE_EVENT, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, it.task_id);
	sq_bind_int(s, st, 2, it.assignment_id);
	sq_bind_int(s, st, 3, it.id);
	sq_bind_text(s, st, 4, event_kinds[a->action]);
	sq_bind_text(s, st, 5, a->actor ? a->actor : "office");
	sq_bind_text(s, st, 6, now);
	sq_bind_text(s, st, 7, a->note && *a->note ? a->note : NULL);
	sq_bind_text(s, st, 8, json);
	if ((rc = sq_run(s, st, err)))
		goto out;
	if (file_id && (rc = sq_attach_event(s, file_id, sqlite3_last_insert_rowid(s->db), err)))
		goto out;
	*file_id_out = file_id;
	if (store_action_is_office(a->action)) {
		long long event_id = sqlite3_last_insert_rowid(s->db);
		if ((rc = sq_prep(s, SQL_OCC_DECIDED, &st, err)))
			goto out;
		sq_bind_int(s, st, 1, it.id);
		sq_bind_text(s, st, 2, event_kinds[a->action]);
		sq_bind_text(s, st, 3, a->actor ? a->actor : "office");
		sq_bind_text(s, st, 4, now);
		sq_bind_text(s, st, 5, a->note && *a->note ? a->note : NULL);
		if ((rc = sq_run(s, st, err)))
			goto out;
		/* Closing is the office's bookkeeping, not news for the unit. */
		if (a->note && *a->note && a->action != STORE_ACT_CLOSE) {
			if ((rc = sq_prep(s, SQL_DECISION_MAIL, &st, err)))
				goto out;
			sq_bind_int(s, st, 1, event_id);
			if ((rc = sq_run(s, st, err)))
				goto out;
		}
	}
	/* A task's updated_at is its feed's LAST-MODIFIED: bump it. */
	if ((rc = sq_prep(s, SQL_TOUCH_TASK, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, it.task_id);
	sq_bind_text(s, st, 2, now);
	rc = sq_run(s, st, err);
out:
	cJSON_Delete(data);
	cJSON_free(json);
	store_item_release(&it);
	return rc;
}

int store_act(struct store *s, const struct store_act *a,
	      struct store_item *after, struct err *err)
{
	char now[32];
	long long file_id = 0;
	int rc;

	if (after)
		memset(after, 0, sizeof(*after));
	memset(err, 0, sizeof(*err));
	if (!a->today.y)
		return err_set(err, ERR_INVAL, "no date for today");
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = act_one(s, a, now, &file_id, err)) || (rc = sq_commit(s, err)))
		goto out;
	if (a->attachment_id)
		*a->attachment_id = file_id;
	if (after)
		rc = store_get_item(s, a->item_id, a->today, after, err);
out:
	if (rc && !sqlite3_get_autocommit(s->db))
		sq_rollback(s);
	return rc;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int store_act_many(struct store *s, const struct store_act *a, const long long *ids,
		   size_t n, long long *bad,
		   int (*fn)(const struct store_item *it, void *arg), void *arg,
		   struct err *err)
{
	struct store_act one = *a;
	long long *sorted = NULL, file_id = 0;
	char now[32], num[24];
	size_t i;
	int rc;

	memset(err, 0, sizeof(*err));
	if (bad)
		*bad = 0;
	if (!a->today.y)
		return err_set(err, ERR_INVAL, "no date for today");
	if (!n || n > STORE_BULK_MAX) {
		snprintf(num, sizeof(num), "%d", STORE_BULK_MAX);
		return err_key(err, ERR_INVAL, n ? "bulk_too_many" : "bulk_empty", num,
			       "give 1 to %d work items", STORE_BULK_MAX);
	}
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, ids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_ll);
	for (i = 1; i < n; i++)
		if (sorted[i] == sorted[i - 1]) {
			long long twice = sorted[i];
			free(sorted);
			if (bad)
				*bad = twice;
			snprintf(num, sizeof(num), "%lld", twice);
			err_key(err, ERR_INVAL, "bulk_twice", num, "work item %lld is given twice",
				twice);
			snprintf(err->field, sizeof(err->field), "items");
			return ERR_INVAL;
		}
	free(sorted);
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	for (i = 0; i < n; i++) {
		one.item_id = ids[i];
		if ((rc = act_one(s, &one, now, &file_id, err))) {
			/* Name the item whichever rule refused it. */
			char msg[sizeof(err->msg)];
			if (bad)
				*bad = ids[i];
			if (rc == ERR_NOTFOUND) {
				snprintf(num, sizeof(num), "%lld", ids[i]);
				err_key(err, ERR_NOTFOUND, "no_item", num, "no work item %lld", ids[i]);
			}
			snprintf(err->field, sizeof(err->field), "items[%lld]", ids[i]);
			snprintf(msg, sizeof(msg), "work item %lld: %.400s", ids[i], err->msg);
			memcpy(err->msg, msg, sizeof(msg));
			goto out;
		}
	}
	if ((rc = sq_commit(s, err)))
		goto out;
	for (i = 0; fn && i < n; i++) {
		struct store_item it;
		if ((rc = store_get_item(s, ids[i], a->today, &it, err)))
			break;
		rc = fn(&it, arg);
		store_item_release(&it);
		if (rc)
			break;
	}
out:
	if (rc && !sqlite3_get_autocommit(s->db))
		sq_rollback(s);
	return rc;
}

/* ---- The inbox ------------------------------------------------------------ */

static const char *const inbox_names[] = {
	[STORE_INBOX_CONFIRM] = "confirm", [STORE_INBOX_EXTENSION] = "extension",
	[STORE_INBOX_RETURNED] = "returned",
};

const char *store_inbox_kind_name(enum store_inbox_kind k)
{
	return (size_t)k < STORE_INBOX_KINDS ? inbox_names[k] : "unknown";
}

/*
 * ?1: a unit, or NULL for all.  Bounded scan: each list reads its partial
 * index (occurrences_reported, _requested, _returned), which holds only the
 * items waiting for the office, however much work is stored.
 */
#define INBOX_LIVE " AND o.live = 1 AND (?1 IS NULL OR a.unit_id = ?1) ORDER BY o.id"
static const char *const SQL_INBOX[] = {
	ITEM_COLUMNS " WHERE o.state = 'reported'" INBOX_LIVE, /* bounded scan: as above */
	ITEM_COLUMNS " WHERE o.requested_to IS NOT NULL" INBOX_LIVE, /* bounded scan */
	ITEM_COLUMNS " WHERE o.state = 'open' AND o.decided_kind = 'reopened'"
	INBOX_LIVE, /* bounded scan */
};

int store_inbox(struct store *s, long long unit_id, struct ymd today,
		int (*fn)(enum store_inbox_kind k, const struct store_item *it, void *arg),
		void *arg, long counts[STORE_INBOX_KINDS], struct err *err)
{
	sqlite3_stmt *st = NULL;
	int k, rc = 0, tx;

	memset(err, 0, sizeof(*err));
	for (k = 0; k < STORE_INBOX_KINDS; k++)
		counts[k] = 0;
	/* One snapshot for the three lists, unless the caller holds one. */
	if ((tx = sq_read_begin(s, err)) < 0)
		return tx;
	for (k = 0; k < STORE_INBOX_KINDS && !rc; k++) {
		if ((rc = sq_prep(s, SQL_INBOX[k], &st, err)))
			break;
		sq_bind_id(s, st, 1, unit_id);
		while ((rc = sq_step(s, st, err)) == 1) {
			struct store_item it;
			counts[k]++;
			if (!fn)
				continue;
			item_from_row(st, &it, today, 0);
			if ((rc = fn((enum store_inbox_kind)k, &it, arg)))
				break;
		}
		sq_done(st);
	}
	sq_read_end(s, tx);
	return rc;
}

/* ---- Decisions to mail ---------------------------------------------------- */

/* From the queue (emptied by each run) to its events and items. */
static const char SQL_DECISIONS[] =
	ITEM_SELECT ", e.id, e.kind, e.actor, e.at, e.note, e.data"
	" FROM decision_mails d CROSS JOIN task_events e ON e.id = d.event_id"
	" CROSS JOIN occurrences o ON o.id = e.occurrence_id"
	" JOIN assignments a ON a.id = o.assignment_id"
	" JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"
	" JOIN notices n ON n.id = t.notice_id ORDER BY a.unit_id, e.id";
static const char SQL_DECISION_DONE[] = "DELETE FROM decision_mails WHERE event_id = ?1";

int store_decision_scan(struct store *s, struct ymd today,
			int (*fn)(const struct store_decision *d, const struct store_item *it,
				  void *arg),
			void *arg, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_DECISIONS, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		struct store_decision d;
		int stop;
		item_from_row(st, &it, today, 0);
		d.event_id = sqlite3_column_int64(st, ITEM_NCOLS);
		d.kind = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 1);
		d.actor = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 2);
		d.at = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 3);
		d.note = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 4);
		d.data = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 5);
		if ((stop = fn(&d, &it, arg))) {
			sq_done(st);
			return stop;
		}
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

int store_decision_done(struct store *s, const long long *event_ids, size_t n,
			struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = sq_prep(s, SQL_DECISION_DONE, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, event_ids[i]);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	return 0;
}

static const char SQL_FIND_OPEN[] =
	"SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
	" WHERE a.task_id = ?1 AND a.unit_id = ?2 AND a.removed_at IS NULL"
	" AND o.state <> 'done' ORDER BY o.seq LIMIT 1";
static const char SQL_FIND_REPORTED[] =
	"SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
	" WHERE a.task_id = ?1 AND a.unit_id = ?2 AND a.removed_at IS NULL"
	" AND o.state = 'reported' ORDER BY o.seq LIMIT 1";
static const char SQL_FIND_CLOSED[] =
	"SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
	" WHERE a.task_id = ?1 AND a.unit_id = ?2 AND a.removed_at IS NULL"
	" AND o.state <> 'open' ORDER BY o.seq DESC LIMIT 1";
static const char SQL_FIND_REQUEST[] =
	"SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
	" WHERE a.task_id = ?1 AND a.unit_id = ?2 AND a.removed_at IS NULL"
	" AND o.requested_to IS NOT NULL ORDER BY o.seq LIMIT 1";

int store_find_item(struct store *s, long long task_id, const char *unit,
		    enum store_action a, long long *id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	const char *sql = SQL_FIND_OPEN;
	long long unit_id;
	int rc;

	*id = 0;
	if ((rc = store_unit_id(s, unit, &unit_id, err)))
		return rc;
	if (a == STORE_ACT_CONFIRM)
		sql = SQL_FIND_REPORTED;
	else if (a == STORE_ACT_REOPEN)
		sql = SQL_FIND_CLOSED;
	else if (a == STORE_ACT_APPROVE || a == STORE_ACT_REFUSE)
		sql = SQL_FIND_REQUEST;
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_int(s, st, 2, unit_id);
	rc = sq_step(s, st, err);
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	sq_done(st);
	if (rc < 0)
		return rc;
	if (!*id)
		return err_set(err, ERR_NOTFOUND,
			       "task %lld has no work for '%s' that '%s' applies to", task_id,
			       unit, store_action_name(a));
	return 0;
}
