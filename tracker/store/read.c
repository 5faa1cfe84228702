/*
 * read.c - the queries behind `list`, `show` and `units`: tasks with their
 * assignments and history, notices, units, counts.
 */
#include "tracker/store/store_int.h"

#include "tracker/store/store.h"
#include "tracker/store/read.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

/* ---- Reading: tasks ------------------------------------------------------ */

static const char SQL_TASKS[] =
	"SELECT t.id, t.notice_id, n.number, t.position, t.ref, t.text, t.line,"
	" t.span_start, t.span_end, t.due, t.due_kind, t.due_text, t.freq, t.rrule,"
	" t.created_at, t.updated_at, t.removed_at, t.rev"
	" FROM tasks t JOIN notices n ON n.id = t.notice_id"
	" WHERE (?1 IS NULL OR t.notice_id = ?1)"
	" AND (?2 IS NULL OR t.due >= ?2) AND (?3 IS NULL OR t.due <= ?3)"
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id"
	"      AND a.removed_at IS NULL AND (a.unit_id = ?4 OR a.via_group_id = ?4)))"
	" AND (?5 OR t.removed_at IS NULL)"
	" AND (?6 IS NULL OR t.id = ?6)"
	" ORDER BY t.notice_id, t.removed_at IS NOT NULL, t.position, t.id";
static const char SQL_TASK_ASSIGNMENTS[] =
	"SELECT a.id, u.name, u.email, a.role = 'lead', g.name, a.state,"
	" a.removed_at IS NOT NULL FROM assignments a JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN units g ON g.id = a.via_group_id WHERE a.task_id = ?1"
	" ORDER BY a.removed_at IS NOT NULL, a.role <> 'lead', a.id";
static const char SQL_TASK_EVENTS[] =
	"SELECT id, task_id, assignment_id, kind, actor, at, note, data"
	" FROM task_events WHERE task_id = ?1 ORDER BY id";
static const char SQL_NOTICE_EVENTS[] =
	"SELECT id, 0, NULL, kind, actor, at, note, data"
	" FROM notice_events WHERE notice_id = ?1 ORDER BY id";

static void event_release(struct store_event *e)
{
	free(e->kind);
	free(e->actor);
	free(e->at);
	free(e->note);
	free(e->data);
}

static void events_free(struct store_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		event_release(&v[i]);
	free(v);
}

static int load_events(struct store *s, const char *sql, long long id,
		       struct store_event **out, size_t *n,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_event *v = NULL;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_event *e;
		ALLOC_GROW(v, *n + 1, alloc);
		e = &v[(*n)++];
		e->id = sqlite3_column_int64(st, 0);
		e->task_id = sqlite3_column_int64(st, 1);
		e->assignment_id = sqlite3_column_int64(st, 2);
		e->kind = sq_col_str(st, 3);
		e->actor = sq_col_str(st, 4);
		e->at = sq_col_str(st, 5);
		e->note = sq_col_str(st, 6);
		e->data = sq_col_str(st, 7);
	}
	sq_done(st);
	if (rc < 0) {
		events_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int load_assignments(struct store *s, struct store_task *t,
			    struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = t->n_assignments; /* the array holds at least that many */
	int rc;

	if ((rc = sq_prep(s, SQL_TASK_ASSIGNMENTS, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, t->id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_assignment *a;
		ALLOC_GROW(t->assignments, t->n_assignments + 1, alloc);
		a = &t->assignments[t->n_assignments++];
		a->id = sqlite3_column_int64(st, 0);
		a->unit = sq_col_str(st, 1);
		a->email = sq_col_str(st, 2);
		a->lead = sqlite3_column_int(st, 3);
		a->via_group = sq_col_str(st, 4);
		a->state = sq_col_str(st, 5);
		a->removed = sqlite3_column_int(st, 6);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static void task_from_row(sqlite3_stmt *st, struct store_task *t, struct ymd today)
{
	char *kind, *freq;

	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->notice_id = sqlite3_column_int64(st, 1);
	t->notice_number = sq_col_str(st, 2);
	t->position = sqlite3_column_int(st, 3);
	t->ref = sq_col_str(st, 4);
	t->text = sq_col_str(st, 5);
	t->line = sqlite3_column_int(st, 6);
	t->span_start = sqlite3_column_int64(st, 7);
	t->span_end = sqlite3_column_int64(st, 8);
	t->due = sq_col_date(st, 9);
	kind = sq_col_str(st, 10);
	t->due_kind = sq_kind_parse(kind);
	free(kind);
	t->due_text = sq_col_str(st, 11);
	freq = sq_col_str(st, 12);
	t->freq = sq_freq_parse(freq);
	free(freq);
	t->rrule = sq_col_str(st, 13);
	t->created_at = sq_col_str(st, 14);
	t->updated_at = sq_col_str(st, 15);
	t->removed_at = sq_col_str(st, 16);
	t->rev = sqlite3_column_int64(st, 17);
	t->state = status_compute(t->due, t->due_kind, today, STATUS_SOON_DAYS);
}

/* The task query behind list, show and get; task_id 0 means any. */
static int query_tasks(struct store *s, const struct store_task_filter *f,
		       long long unit_id, long long task_id,
		       struct store_task_list *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sq_prep(s, SQL_TASKS, &st, err)))
		return rc;
	sq_bind_id(s, st, 1, f->notice_id);
	sq_bind_date(s, st, 2, f->due_from);
	sq_bind_date(s, st, 3, f->due_to);
	sq_bind_id(s, st, 4, unit_id);
	sq_bind_int(s, st, 5, f->include_removed ? 1 : 0);
	sq_bind_id(s, st, 6, task_id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_task t;
		task_from_row(st, &t, f->today);
		if ((f->status >= 0 && (int)t.state.status != f->status) ||
		    (f->due_soon && !t.state.due_soon)) {
			store_task_release(&t);
			continue;
		}
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = t;
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < out->n; i++)
		if ((rc = load_assignments(s, &out->v[i], err)))
			goto out;
out:
	if (rc)
		store_task_list_release(out);
	return rc;
}

int store_list_tasks(struct store *s, const struct store_task_filter *f,
		     struct store_task_list *out, struct err *err)
{
	long long unit_id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (f->unit) {
		if ((rc = sq_unit_id_by_name(s, f->unit, &unit_id, NULL, NULL, err)))
			return rc;
		if (!unit_id)
			return err_set(err, ERR_NOTFOUND, "no unit named '%s'", f->unit);
	}
	return query_tasks(s, f, unit_id, 0, out, err);
}

int store_get_task(struct store *s, long long id, struct ymd today,
		   struct store_task **out, struct err *err)
{
	struct store_task_filter f;
	struct store_task_list l = {0};
	struct store_task *t = NULL;
	int rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.today = today;
	f.include_removed = 1;
	if (id <= 0)
		return err_set(err, ERR_NOTFOUND, "no task %lld", id);
	if ((rc = query_tasks(s, &f, 0, id, &l, err)))
		goto out;
	if (!l.n) {
		rc = err_set(err, ERR_NOTFOUND, "no task %lld", id);
		goto out;
	}
	t = xmalloc(sizeof(*t));
	*t = l.v[0];
	l.n = 0; /* moved into t */
	if ((rc = load_events(s, SQL_TASK_EVENTS, id, &t->events, &t->n_events, err)))
		goto out;
	*out = t;
	t = NULL;
out:
	store_task_free(&t);
	store_task_list_release(&l);
	return rc;
}

void store_task_release(struct store_task *t)
{
	size_t i;

	if (!t)
		return;
	free(t->notice_number);
	free(t->ref);
	free(t->text);
	free(t->due_text);
	free(t->rrule);
	free(t->created_at);
	free(t->updated_at);
	free(t->removed_at);
	for (i = 0; i < t->n_assignments; i++) {
		free(t->assignments[i].unit);
		free(t->assignments[i].email);
		free(t->assignments[i].via_group);
		free(t->assignments[i].state);
	}
	free(t->assignments);
	events_free(t->events, t->n_events);
	memset(t, 0, sizeof(*t));
}

void store_task_free(struct store_task **t)
{
	if (!t || !*t)
		return;
	store_task_release(*t);
	free(*t);
	*t = NULL;
}

void store_task_list_release(struct store_task_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		store_task_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

/* ---- Reading: notices ---------------------------------------------------- */

static const char SQL_NOTICE_GET[] =
	"SELECT n.id, n.number, n.type, n.issuer, n.place, n.date, n.date_year,"
	" n.date_month, n.title, n.signer, n.meeting_date, n.presider, v.source_name,"
	" v.source_text, v.version, n.imported_at, n.updated_at, n.rev"
	" FROM notices n JOIN notice_versions v ON v.notice_id = n.id"
	" WHERE n.id = ?1 ORDER BY v.version DESC LIMIT 1";
static const char SQL_NOTICE_LIST[] =
	"SELECT n.id, n.number, n.type, n.title, n.date, n.date_year, n.date_month,"
	" (SELECT max(version) FROM notice_versions v WHERE v.notice_id = n.id),"
	" (SELECT count(*) FROM tasks t WHERE t.notice_id = n.id AND t.removed_at IS NULL)"
	" FROM notices n ORDER BY n.id";

static struct ymd col_partial_date(sqlite3_stmt *st, int iso, int year, int month)
{
	struct ymd d = sq_col_date(st, iso);

	if (!d.y) {
		d.y = sqlite3_column_int(st, year);
		d.m = sqlite3_column_int(st, month);
	}
	return d;
}

int store_get_notice(struct store *s, long long id, struct ymd today,
		     struct store_notice **out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_notice *n = NULL;
	struct store_task_filter f;
	int rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_NOTICE_GET, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	if (rc == 0) {
		sq_done(st);
		rc = err_set(err, ERR_NOTFOUND, "no notice %lld", id);
		goto out;
	}
	n = xcalloc(1, sizeof(*n));
	n->id = sqlite3_column_int64(st, 0);
	n->number = sq_col_str(st, 1);
	n->type = sq_col_str(st, 2);
	n->issuer = sq_col_str(st, 3);
	n->place = sq_col_str(st, 4);
	n->date = col_partial_date(st, 5, 6, 7);
	n->title = sq_col_str(st, 8);
	n->signer = sq_col_str(st, 9);
	n->meeting_date = sq_col_date(st, 10);
	n->presider = sq_col_str(st, 11);
	n->source_name = sq_col_str(st, 12);
	n->source_text = sq_col_str(st, 13);
	n->version = sqlite3_column_int(st, 14);
	n->imported_at = sq_col_str(st, 15);
	n->updated_at = sq_col_str(st, 16);
	n->rev = sqlite3_column_int64(st, 17);
	sq_done(st);
	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.notice_id = id;
	f.today = today;
	f.include_removed = 1;
	if ((rc = query_tasks(s, &f, 0, 0, &n->tasks, err)))
		goto out;
	if ((rc = load_events(s, SQL_NOTICE_EVENTS, id, &n->events, &n->n_events, err)))
		goto out;
	*out = n;
	n = NULL;
out:
	store_notice_free(&n);
	return rc;
}

void store_notice_free(struct store_notice **np)
{
	struct store_notice *n = np ? *np : NULL;

	if (!n)
		return;
	free(n->number);
	free(n->type);
	free(n->issuer);
	free(n->place);
	free(n->title);
	free(n->signer);
	free(n->presider);
	free(n->source_name);
	free(n->source_text);
	free(n->imported_at);
	free(n->updated_at);
	store_task_list_release(&n->tasks);
	events_free(n->events, n->n_events);
	free(n);
	*np = NULL;
}

int store_list_notices(struct store *s, struct store_notice_list *out,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_NOTICE_LIST, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_notice_brief *b;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		b = &out->v[out->n++];
		b->id = sqlite3_column_int64(st, 0);
		b->number = sq_col_str(st, 1);
		b->type = sq_col_str(st, 2);
		b->title = sq_col_str(st, 3);
		b->date = col_partial_date(st, 4, 5, 6);
		b->version = sqlite3_column_int(st, 7);
		b->n_tasks = (size_t)sqlite3_column_int64(st, 8);
	}
	sq_done(st);
	if (rc < 0) {
		store_notice_list_release(out);
		return rc;
	}
	return 0;
}

void store_notice_list_release(struct store_notice_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].number);
		free(l->v[i].type);
		free(l->v[i].title);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

static const char SQL_COUNTS[] =
	"SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM notice_versions),"
	" (SELECT count(*) FROM tasks WHERE removed_at IS NULL),"
	" (SELECT count(*) FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"  WHERE a.removed_at IS NULL AND t.removed_at IS NULL),"
	" (SELECT count(*) FROM task_events)";

int store_counts(struct store *s, struct store_counts *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_COUNTS, &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	out->notices = (long)sqlite3_column_int64(st, 0);
	out->versions = (long)sqlite3_column_int64(st, 1);
	out->tasks = (long)sqlite3_column_int64(st, 2);
	out->assignments = (long)sqlite3_column_int64(st, 3);
	out->events = (long)sqlite3_column_int64(st, 4);
	sq_done(st);
	return 0;
}
