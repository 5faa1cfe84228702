/*
 * import_tasks.c - importing a notice's tasks: owner names to assignments
 * (groups expanded), the tasks and assignments written, and their events.
 */
#include "tracker/store/import_int.h"

#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

/* ---- Import: names to assignments ---------------------------------------- */



void imp_wants_release(struct wants *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].unit);
		free(w->v[i].via_name);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/*
 * Adds a wanted assignment.  A unit named twice gets one assignment: lead
 * wins over support (it leads the work it also supports), and a unit named
 * directly wins over the same unit reached through a group.
 */
static void wants_add(struct wants *w, long long unit_id, const char *unit,
		      int lead, long long via, const char *via_name, int unknown)
{
	struct want *x;
	size_t i;

	for (i = 0; i < w->n; i++) {
		x = &w->v[i];
		if (x->unit_id != unit_id)
			continue;
		if ((lead && !x->lead) || (lead == x->lead && x->via && !via)) {
			x->lead = lead;
			x->via = via;
			free(x->via_name);
			x->via_name = xstrdup(via_name);
		}
		return;
	}
	ALLOC_GROW(w->v, w->n + 1, w->alloc);
	x = &w->v[w->n++];
	x->unit_id = unit_id;
	x->unit = xstrdup(unit);
	x->lead = lead;
	x->via = via;
	x->via_name = xstrdup(via_name);
	x->unknown = unknown;
}

static const char SQL_GROUP_MEMBERS[] =
	"SELECT m.member_id, u.name FROM group_members m JOIN units u ON u.id = m.member_id"
	" WHERE m.group_id = ?1 ORDER BY m.position";



void imp_owners_release(struct owners *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].key);
		free(o->v[i].member_ids);
		strlist_release(&o->v[i].member_names);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* Looks the name up (creating a unit met for the first time), or finds it in `o`. */
static int owner_get(struct store *s, const struct unitdir *units, const char *name,
		     const char *now, struct owners *o, const struct owner **out,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	const char *canon = units ? unitdir_canonical(units, name) : NULL;
	const char *key = canon ? canon : name;
	struct owner *x;
	size_t i;
	int rc;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].key, key) && o->v[i].known == (canon != NULL)) {
			*out = &o->v[i];
			return 0;
		}
	ALLOC_GROW(o->v, o->n + 1, o->alloc);
	x = &o->v[o->n];
	memset(x, 0, sizeof(*x));
	x->known = canon != NULL;
	if ((rc = sq_unit_ensure(s, key, now, &x->id, &x->is_group, &x->in_dir, err)))
		return rc;
	if (x->is_group) {
		if ((rc = sq_prep(s, SQL_GROUP_MEMBERS, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, x->id);
		while ((rc = sq_step(s, st, err)) == 1) {
			ALLOC_GROW(x->member_ids, x->n + 1, x->alloc);
			x->member_ids[x->n++] = sqlite3_column_int64(st, 0);
			strlist_add(&x->member_names, (const char *)sqlite3_column_text(st, 1));
		}
		sq_done(st);
		if (rc < 0) {
			free(x->member_ids);
			strlist_release(&x->member_names);
			return rc;
		}
	}
	x->key = xstrdup(key);
	o->n++;
	*out = x;
	return 0;
}

/* Adds the assignments one owner name asks for, expanding a group. */
static int want_owner(struct store *s, const struct unitdir *units,
		      const char *name, int lead, const char *now,
		      struct wants *w, struct strlist *unknown,
		      struct owners *o, struct err *err)
{
	const struct owner *x;
	size_t i;
	int rc;

	if (!name[0])
		return 0;
	if ((rc = owner_get(s, units, name, now, o, &x, err)))
		return rc;
	if (!x->is_group) {
		int unk = !x->known && !x->in_dir;
		wants_add(w, x->id, x->key, lead, 0, NULL, unk);
		if (unk)
			strlist_add_unique(unknown, x->key, NULL);
		return 0;
	}
	/* A group the directory lists without members is assigned as itself. */
	if (!x->n)
		wants_add(w, x->id, x->key, lead, 0, NULL, 0);
	for (i = 0; i < x->n; i++)
		wants_add(w, x->member_ids[i], x->member_names.v[i], lead, x->id, x->key, 0);
	return 0;
}

int imp_plan_assignments(struct store *s, const struct notice_task *t,
			    const struct unitdir *units, const char *now,
			    struct wants *w, struct strlist *unknown,
			    struct owners *o, struct err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n_owners; i++)
		if ((rc = want_owner(s, units, t->owners[i], 1, now, w, unknown, o, err)))
			return rc;
	for (i = 0; i < t->n_co_owners; i++)
		if ((rc = want_owner(s, units, t->co_owners[i], 0, now, w, unknown, o, err)))
			return rc;
	return 0;
}

/* ---- Import: events ------------------------------------------------------ */

static const char SQL_TASK_EVENT[] =
	"INSERT INTO task_events (task_id, assignment_id, kind, actor, at, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_NOTICE_EVENT[] =
	"INSERT INTO notice_events (notice_id, kind, actor, at, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";


/* Records a task event; consumes `data` (may be NULL). */
int imp_task_event(struct import_ctx *c, long long task_id,
		      long long assignment_id, const char *kind, cJSON *data)
{
	sqlite3_stmt *st = NULL;
	char *json = NULL;
	int rc;

	if (data) {
		json = cJSON_PrintUnformatted(data);
		cJSON_Delete(data);
		if (!json)
			abort(); /* out of memory: util.h's policy */
	}
	if ((rc = sq_prep(c->s, SQL_TASK_EVENT, &st, c->err)))
		goto out;
	sq_bind_int(c->s, st, 1, task_id);
	sq_bind_id(c->s, st, 2, assignment_id);
	sq_bind_text(c->s, st, 3, kind);
	sq_bind_text(c->s, st, 4, c->actor);
	sq_bind_text(c->s, st, 5, c->now);
	sq_bind_text(c->s, st, 6, json);
	rc = sq_run(c->s, st, c->err);
out:
	cJSON_free(json);
	return rc;
}

int imp_notice_event(struct import_ctx *c, const char *kind, cJSON *data)
{
	sqlite3_stmt *st = NULL;
	char *json = cJSON_PrintUnformatted(data);
	int rc;

	cJSON_Delete(data);
	if (!json)
		abort();
	if ((rc = sq_prep(c->s, SQL_NOTICE_EVENT, &st, c->err)))
		goto out;
	sq_bind_int(c->s, st, 1, c->notice_id);
	sq_bind_text(c->s, st, 2, kind);
	sq_bind_text(c->s, st, 3, c->actor);
	sq_bind_text(c->s, st, 4, c->now);
	sq_bind_text(c->s, st, 5, json);
	rc = sq_run(c->s, st, c->err);
out:
	cJSON_free(json);
	return rc;
}

/* {"version": k, "source": name}: the stem of every import event. */
cJSON *imp_version_data(struct import_ctx *c)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddNumberToObject(d, "version", c->version);
	if (c->opts->source_name)
		cJSON_AddStringToObject(d, "source", c->opts->source_name);
	return d;
}

static void json_str_or_null(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* Adds {"from": a, "to": b} under `key` of `changes`. */
void imp_add_from_to(cJSON *changes, const char *key, const char *a,
			const char *b)
{
	cJSON *o = cJSON_AddObjectToObject(changes, key);

	json_str_or_null(o, "from", a);
	json_str_or_null(o, "to", b);
}

/* ---- Import: assignments ------------------------------------------------- */

static const char SQL_ASSIGN_INSERT[] =
	"INSERT INTO assignments (task_id, unit_id, role, via_group_id, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
/*
 * A new task's assignments in one statement: the same rows, in the same
 * order of ids, as SQL_ASSIGN_INSERT want by want.  A task given to a
 * group has dozens of assignments, and a statement each would repeat its
 * savepoint, statement journal and VDBE setup dozens of times.  ?3, ?4 and
 * ?5 are JSON arrays of integers, one entry per assignment: unit ids, 1
 * for lead, group ids or 0.  Flat arrays, not one array of triples:
 * json_each then yields integers, and ?4/?5 are parsed once per statement
 * (SQLite caches a parse of the same argument).
 */
static const char SQL_ASSIGN_INSERT_MANY[] =
	"INSERT INTO assignments (task_id, unit_id, role, via_group_id, created_at, updated_at)"
	" SELECT ?1, value, CASE WHEN ?4 ->> key THEN 'lead' ELSE 'support' END,"
	" nullif(?5 ->> key, 0), ?2, ?2 FROM json_each(?3) ORDER BY key";
static const char SQL_ASSIGN_LOAD[] =
	"SELECT a.id, a.unit_id, a.role = 'lead', a.via_group_id, a.removed_at IS NOT NULL,"
	" u.name, g.name FROM assignments a JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN units g ON g.id = a.via_group_id WHERE a.task_id = ?1";
static const char SQL_ASSIGN_UPDATE[] =
	"UPDATE assignments SET role = ?2, via_group_id = ?3, removed_at = NULL,"
	" updated_at = ?4 WHERE id = ?1";
static const char SQL_ASSIGN_REMOVE[] =
	"UPDATE assignments SET removed_at = ?2, updated_at = ?2 WHERE id = ?1";
static const char SQL_UNKNOWN_COUNT[] =
	"INSERT INTO unknown_units (unit_id, first_seen_notice, count) VALUES (?1, ?2, 1)"
	" ON CONFLICT (unit_id) DO UPDATE SET count = count + 1";

static const char *role_name(int lead)
{
	return lead ? "lead" : "support";
}

static cJSON *assignment_data(struct import_ctx *c, const char *unit, int lead,
			      const char *via)
{
	cJSON *d = imp_version_data(c);

	cJSON_AddStringToObject(d, "unit", unit);
	cJSON_AddStringToObject(d, "role", role_name(lead));
	json_str_or_null(d, "via_group", via);
	return d;
}

/*
 * Inserts one assignment.  A task's first assignments are listed in its
 * "imported" event (`list` non-NULL: one entry is appended there) rather
 * than each in an event of its own: a task given to a group of 40 units
 * would otherwise write 40 events that say nothing the imported event does
 * not.  Assignments added by a corrected version (`list` NULL) get their
 * own "assigned" event.
 */
static int assignment_insert(struct import_ctx *c, long long task_id,
			     const struct want *w, cJSON *list)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	long long aid;
	int rc;

	if ((rc = sq_prep(s, SQL_ASSIGN_INSERT, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_int(s, st, 2, w->unit_id);
	sq_bind_text(s, st, 3, role_name(w->lead));
	sq_bind_id(s, st, 4, w->via);
	sq_bind_text(s, st, 5, c->now);
	if ((rc = sq_run(s, st, c->err)))
		return rc;
	aid = sqlite3_last_insert_rowid(s->db);
	c->res->n_assignments++;
	if (w->unknown) {
		if ((rc = sq_prep(s, SQL_UNKNOWN_COUNT, &st, c->err)))
			return rc;
		sq_bind_int(s, st, 1, w->unit_id);
		sq_bind_int(s, st, 2, c->notice_id);
		if ((rc = sq_run(s, st, c->err)))
			return rc;
	}
	if (list) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "unit", w->unit);
		cJSON_AddStringToObject(e, "role", role_name(w->lead));
		if (w->via_name)
			cJSON_AddStringToObject(e, "via_group", w->via_name);
		cJSON_AddItemToArray(list, e);
		return 0;
	}
	return imp_task_event(c, task_id, aid, "assigned",
			  assignment_data(c, w->unit, w->lead, w->via_name));
}

/* Writes v in decimal at p (at most 20 bytes); returns the length. */
static size_t put_int(char *p, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char tmp[20];
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		p[len++] = '-';
	while (n)
		p[len++] = tmp[--n];
	return len;
}

/*
 * One of SQL_ASSIGN_INSERT_MANY's arrays: "[v0,v1,...]"; caller frees.
 * Digits by hand: no format string parsed per number.
 */
static char *json_ints(const struct wants *w, long long (*field)(const struct want *))
{
	size_t len = 0, i;
	char *buf = xmalloc(w->n * 22 + 3);

	buf[len++] = '[';
	for (i = 0; i < w->n; i++) {
		if (i)
			buf[len++] = ',';
		len += put_int(buf + len, field(&w->v[i]));
	}
	buf[len++] = ']';
	buf[len] = '\0';
	return buf;
}

static long long want_unit(const struct want *x)
{
	return x->unit_id;
}

static long long want_lead(const struct want *x)
{
	return x->lead ? 1 : 0;
}

static long long want_via(const struct want *x)
{
	return x->via;
}

/*
 * Inserts a new task's first assignments, all of `w` in order, and lists
 * them in its "imported" event's `list` (see assignment_insert()).  The
 * entries borrow their strings from `w`, which must outlive `list`.
 */
static int assignments_insert_new(struct import_ctx *c, long long task_id,
				  const struct wants *w, cJSON *list)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	char *units = NULL, *leads = NULL, *vias = NULL;
	size_t i;
	int rc = 0;

	if (!w->n)
		return 0;
	units = json_ints(w, want_unit);
	leads = json_ints(w, want_lead);
	vias = json_ints(w, want_via);
	if ((rc = sq_prep(s, SQL_ASSIGN_INSERT_MANY, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_text(s, st, 2, c->now);
	sq_bind_text(s, st, 3, units);
	sq_bind_text(s, st, 4, leads);
	sq_bind_text(s, st, 5, vias);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	c->res->n_assignments += w->n;
	for (i = 0; i < w->n; i++) {
		const struct want *x = &w->v[i];
		cJSON *e;
		if (x->unknown) {
			if ((rc = sq_prep(s, SQL_UNKNOWN_COUNT, &st, c->err)))
				goto out;
			sq_bind_int(s, st, 1, x->unit_id);
			sq_bind_int(s, st, 2, c->notice_id);
			if ((rc = sq_run(s, st, c->err)))
				goto out;
		}
		/* Keys and values borrowed, not copied: `w` outlives `list`. */
		e = cJSON_CreateObject();
		cJSON_AddItemToObjectCS(e, "unit", cJSON_CreateStringReference(x->unit));
		cJSON_AddItemToObjectCS(e, "role", cJSON_CreateStringReference(role_name(x->lead)));
		if (x->via_name)
			cJSON_AddItemToObjectCS(e, "via_group",
						cJSON_CreateStringReference(x->via_name));
		cJSON_AddItemToArray(list, e);
	}
out:
	free(units);
	free(leads);
	free(vias);
	return rc;
}

/* An assignment as stored, for diffing against what a new version wants. */
struct have {
	long long id, unit_id, via;
	int lead, removed, seen;
	char *unit, *via_name;
};

static int load_haves(struct import_ctx *c, long long task_id,
		      struct have **out, size_t *n)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct have *v = NULL;
	size_t alloc = 0;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, SQL_ASSIGN_LOAD, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	while ((rc = sq_step(s, st, c->err)) == 1) {
		struct have *h;
		ALLOC_GROW(v, *n + 1, alloc);
		h = &v[(*n)++];
		h->id = sqlite3_column_int64(st, 0);
		h->unit_id = sqlite3_column_int64(st, 1);
		h->lead = sqlite3_column_int(st, 2);
		h->via = sqlite3_column_int64(st, 3);
		h->removed = sqlite3_column_int(st, 4);
		h->seen = 0;
		h->unit = sq_col_str(st, 5);
		h->via_name = sq_col_str(st, 6);
	}
	sq_done(st);
	*out = v;
	return rc < 0 ? rc : 0;
}

static void haves_free(struct have *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].unit);
		free(v[i].via_name);
	}
	free(v);
}

/*
 * Brings a stored task's assignments to what the new version wants.  An
 * assignment is never deleted: one the new version drops is marked removed
 * (its progress history stays), and comes back if a later version names the
 * unit again.  Sets *changed when anything moved.
 */
int imp_assignments_apply(struct import_ctx *c, long long task_id,
			     const struct wants *w, int *changed)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct have *hv = NULL;
	size_t nh = 0, i, j;
	int rc;

	if ((rc = load_haves(c, task_id, &hv, &nh)))
		goto out;
	for (i = 0; i < w->n; i++) {
		const struct want *x = &w->v[i];
		struct have *h = NULL;
		cJSON *d;

		for (j = 0; j < nh && !h; j++)
			if (hv[j].unit_id == x->unit_id)
				h = &hv[j];
		if (!h) {
			if ((rc = assignment_insert(c, task_id, x, NULL)))
				goto out;
			*changed = 1;
			continue;
		}
		h->seen = 1;
		if (!h->removed && h->lead == x->lead && h->via == x->via)
			continue;
		if ((rc = sq_prep(s, SQL_ASSIGN_UPDATE, &st, c->err)))
			goto out;
		sq_bind_int(s, st, 1, h->id);
		sq_bind_text(s, st, 2, role_name(x->lead));
		sq_bind_id(s, st, 3, x->via);
		sq_bind_text(s, st, 4, c->now);
		if ((rc = sq_run(s, st, c->err)))
			goto out;
		d = assignment_data(c, x->unit, x->lead, x->via_name);
		if (!h->removed) {
			cJSON *from = cJSON_AddObjectToObject(d, "from");
			cJSON_AddStringToObject(from, "role", role_name(h->lead));
			json_str_or_null(from, "via_group", h->via_name);
		}
		if ((rc = imp_task_event(c, task_id, h->id,
				     h->removed ? "assigned" : "role_changed", d)))
			goto out;
		*changed = 1;
	}
	for (j = 0; j < nh; j++) {
		if (hv[j].seen || hv[j].removed)
			continue;
		if ((rc = sq_prep(s, SQL_ASSIGN_REMOVE, &st, c->err)))
			goto out;
		sq_bind_int(s, st, 1, hv[j].id);
		sq_bind_text(s, st, 2, c->now);
		if ((rc = sq_run(s, st, c->err)))
			goto out;
		if ((rc = imp_task_event(c, task_id, hv[j].id,
				     c->remove_kind ? c->remove_kind : "unassigned",
				     assignment_data(c, hv[j].unit, hv[j].lead,
						     hv[j].via_name))))
			goto out;
		*changed = 1;
	}
out:
	haves_free(hv, nh);
	return rc;
}

/* ---- Import: tasks --------------------------------------------------------- */

static const char SQL_TASK_INSERT[] =
	"INSERT INTO tasks (notice_id, position, ref, text, line, span_start, span_end,"
	" due, due_kind, due_text, freq, rrule, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)";
static const char SQL_TASKS_OF_NOTICE[] =
	"SELECT id, ref, text, due, due_kind, freq, rrule, removed_at IS NOT NULL"
	" FROM tasks WHERE notice_id = ?1 ORDER BY position, id";


void imp_task_cols(const struct notice_task *t, struct task_cols *tc)
{
	tc->due[0] = '\0';
	tc->due_kind = NULL;
	if (t->due.y > 0 && t->due.m > 0 && t->due.d > 0) {
		ymd_format(t->due, tc->due);
		/* A date with no kind binds on the day itself; so does a relative
		 * period a clerk has dated. */
		tc->due_kind = t->due_kind != DUE_NONE && t->due_kind != DUE_RELATIVE
				       ? due_kind_name(t->due_kind) : due_kind_name(DUE_BY);
	}
	tc->freq = t->freq != REC_NONE ? rec_freq_name(t->freq) : NULL;
	tc->rrule = t->freq != REC_NONE && t->freq != REC_PERIODIC ? t->rrule : NULL;
}

void imp_bind_task(struct store *s, sqlite3_stmt *st, size_t pos,
		      const struct notice_task *t)
{
	struct task_cols tc;

	imp_task_cols(t, &tc);
	sq_bind_int(s, st, 2, (long long)pos);
	sq_bind_text(s, st, 3, t->ref ? t->ref : "");
	sq_bind_text(s, st, 4, t->text ? t->text : "");
	sq_bind_int(s, st, 5, t->line);
	sq_bind_int(s, st, 6, (long long)t->start);
	sq_bind_int(s, st, 7, (long long)t->end);
	sq_bind_text(s, st, 8, tc.due[0] ? tc.due : NULL);
	sq_bind_text(s, st, 9, tc.due_kind);
	sq_bind_text(s, st, 10, t->due_text);
	sq_bind_text(s, st, 11, tc.freq);
	sq_bind_text(s, st, 12, tc.rrule);
}

void imp_add_change(struct store_import_result *res, long long task_id,
		       const char *ref, enum store_change_kind kind,
		       unsigned fields)
{
	struct store_task_change *ch;

	ALLOC_GROW(res->changes, res->n_changes + 1, res->alloc_changes);
	ch = &res->changes[res->n_changes++];
	ch->task_id = task_id;
	ch->ref = xstrdup(ref);
	ch->kind = kind;
	ch->fields = fields;
}

/* Inserts a task of the new text with its assignments and history. */
int imp_task_insert(struct import_ctx *c, size_t pos,
		       const struct notice_task *t, long long *task_id)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct wants w = {0};
	cJSON *data = NULL, *list;
	int rc;

	if ((rc = sq_prep(s, SQL_TASK_INSERT, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	imp_bind_task(s, st, pos, t);
	sq_bind_text(s, st, 13, c->now);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	*task_id = sqlite3_last_insert_rowid(s->db);
	if ((rc = imp_plan_assignments(s, t, c->opts->units, c->now, &w,
				   &c->res->unknown_units, &c->owners, c->err)))
		goto out;
	data = imp_version_data(c);
	list = cJSON_AddArrayToObject(data, "assignments");
	if ((rc = assignments_insert_new(c, *task_id, &w, list)))
		goto out;
	rc = imp_task_event(c, *task_id, 0, "imported", data);
	data = NULL; /* imp_task_event() took it */
out:
	cJSON_Delete(data);
	imp_wants_release(&w);
	return rc;
}


void imp_old_tasks_free(struct old_task *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].text);
		free(v[i].due);
		free(v[i].due_kind);
		free(v[i].freq);
		free(v[i].rrule);
	}
	free(v);
}

int imp_load_old_tasks(struct import_ctx *c, struct old_task **out,
			  size_t *n)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct old_task *v = NULL;
	size_t alloc = 0;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, SQL_TASKS_OF_NOTICE, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, c->notice_id);
	while ((rc = sq_step(s, st, c->err)) == 1) {
		struct old_task *o;
		ALLOC_GROW(v, *n + 1, alloc);
		o = &v[(*n)++];
		o->id = sqlite3_column_int64(st, 0);
		o->ref = sq_col_str(st, 1);
		o->text = sq_col_str(st, 2);
		o->due = sq_col_str(st, 3);
		o->due_kind = sq_col_str(st, 4);
		o->freq = sq_col_str(st, 5);
		o->rrule = sq_col_str(st, 6);
		o->removed = sqlite3_column_int(st, 7);
		o->matched = 0;
	}
	sq_done(st);
	*out = v;
	return rc < 0 ? rc : 0;
}

int imp_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}
