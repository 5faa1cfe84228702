/*
 * edit.c - edits after saving: a task's fields and units, a notice's
 * metadata.  See store/edit.h.
 *
 * An edit goes through the same steps a corrected version of the notice
 * does (import_tasks.c plans and applies the assignments, life.c brings
 * the work items in line), so reminders, feeds and reports see an edited
 * deadline or owner exactly as they would see a corrected one.
 */
#include "tracker/store/edit.h"
#include "tracker/store/import_int.h"
#include "tracker/store/life.h"

#include <sqlite3.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notices/dates.h"
#include "notices/unitdir.h"
#include "tracker/core/recur.h"

static const char SQL_EDIT_TASK[] =
	"SELECT t.notice_id, t.rev, t.ref, t.text, t.due, t.due_kind, t.due_text, t.freq,"
	" t.rrule, t.removed_at IS NOT NULL, n.date_year,"
	" (SELECT max(version) FROM notice_versions v WHERE v.notice_id = t.notice_id)"
	" FROM tasks t JOIN notices n ON n.id = t.notice_id WHERE t.id = ?1";
static const char SQL_EDIT_UNITS[] =
	"SELECT u.name, a.role = 'lead', g.name FROM assignments a"
	" JOIN units u ON u.id = a.unit_id LEFT JOIN units g ON g.id = a.via_group_id"
	" WHERE a.task_id = ?1 AND a.removed_at IS NULL ORDER BY a.id";
static const char SQL_EDIT_TASK_UPDATE[] =
	"UPDATE tasks SET text = ?2, due = ?3, due_kind = ?4, due_text = ?5, freq = ?6,"
	" rrule = ?7, updated_at = ?8 WHERE id = ?1";
static const char SQL_EDIT_EVENT[] =
	"INSERT INTO task_events (task_id, kind, actor, at, note, data)"
	" VALUES (?1, 'edited', ?2, ?3, ?4, ?5)";
static const char SQL_TASK_REV[] = "SELECT rev FROM tasks WHERE id = ?1";
static const char SQL_EDIT_NOTICE[] =
	"SELECT rev, number, date, type, title, signer FROM notices WHERE id = ?1";
static const char SQL_EDIT_NOTICE_UPDATE[] =
	"UPDATE notices SET number = ?2, date = ?3, date_year = ?4, date_month = ?5,"
	" type = ?6, title = ?7, signer = ?8, updated_at = ?9 WHERE id = ?1";
static const char SQL_NOTICE_EDIT_EVENT[] =
	"INSERT INTO notice_events (notice_id, kind, actor, at, note, data)"
	" VALUES (?1, 'edited', ?2, ?3, ?4, ?5)";
static const char SQL_NOTICE_REV[] = "SELECT rev FROM notices WHERE id = ?1";

/* The task as stored, before the edit. */
struct before {
	long long notice_id, rev;
	char *ref, *text, *due, *due_kind, *due_text, *freq, *rrule;
	int removed, notice_year, version;
	struct strlist owners, co_owners; /* as assigned: a group by its name */
};

static void before_release(struct before *b)
{
	free(b->ref);
	free(b->text);
	free(b->due);
	free(b->due_kind);
	free(b->due_text);
	free(b->freq);
	free(b->rrule);
	strlist_release(&b->owners);
	strlist_release(&b->co_owners);
}

static int field_err(struct err *err, int code, const char *key, const char *arg,
		     const char *field, const char *what)
{
	err_key(err, code, key, arg, "%s", what);
	snprintf(err->field, sizeof(err->field), "%s", field);
	return code;
}

static int load_before(struct store *s, long long id, struct before *b, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_EDIT_TASK, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	if (rc == 0) {
		sq_done(st);
		return err_set(err, ERR_NOTFOUND, "no task %lld", id);
	}
	b->notice_id = sqlite3_column_int64(st, 0);
	b->rev = sqlite3_column_int64(st, 1);
	b->ref = sq_col_str(st, 2);
	b->text = sq_col_str(st, 3);
	b->due = sq_col_str(st, 4);
	b->due_kind = sq_col_str(st, 5);
	b->due_text = sq_col_str(st, 6);
	b->freq = sq_col_str(st, 7);
	b->rrule = sq_col_str(st, 8);
	b->removed = sqlite3_column_int(st, 9);
	b->notice_year = sqlite3_column_int(st, 10);
	b->version = sqlite3_column_int(st, 11);
	sq_done(st);
	if ((rc = sq_prep(s, SQL_EDIT_UNITS, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	while ((rc = sq_step(s, st, err)) == 1) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *group = (const char *)sqlite3_column_text(st, 2);
		strlist_add_unique(sqlite3_column_int(st, 1) ? &b->owners : &b->co_owners,
				   group ? group : name, NULL);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/* The names as the directory spells them, without repeats. */
static void canon_names(const struct unitdir *units, char **v, size_t n, struct strlist *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *c = units ? unitdir_canonical(units, v[i]) : NULL;
		strlist_add_unique(out, c ? c : v[i], NULL);
	}
}

static int same_names(const struct strlist *a, const struct strlist *b)
{
	size_t i, j;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n && strcmp(a->v[i], b->v[j]); j++)
			;
		if (j == b->n)
			return 0;
	}
	return 1;
}

static cJSON *names_json(const struct strlist *l)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
	return a;
}

static void add_change(cJSON *changes, const char *key, const char *from, const char *to)
{
	if (!imp_str_eq(from, to))
		imp_add_from_to(changes, key, from, to);
}

/* The deadline phrase as a clerk would write it, so reports read well. */
static void due_phrase(struct ymd d, enum due_kind k, char out[64])
{
	char buf[11];

	ymd_format(d, buf);
	snprintf(out, 64, "%s ngày %.2s/%.2s/%.4s",
		 k == DUE_BEFORE ? "trước" : k == DUE_WITHIN ? "trong thời hạn đến" : "chậm nhất",
		 buf + 8, buf + 5, buf);
}

/* Applies the units part of an edit through the import's own steps. */
static int edit_units(struct store *s, const struct unitdir *units, long long task_id,
		      const struct strlist *owners, const struct strlist *co, const char *now,
		      const char *actor, int version, struct err *err)
{
	struct store_import_opts opts;
	struct store_import_result res;
	struct import_ctx c;
	struct notice_task t;
	struct wants w;
	struct strlist unknown;
	int rc, changed = 0;

	memset(&opts, 0, sizeof(opts));
	memset(&res, 0, sizeof(res));
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&w, 0, sizeof(w));
	memset(&unknown, 0, sizeof(unknown));
	opts.actor = actor;
	opts.units = units;
	c.s = s;
	c.opts = &opts;
	c.actor = actor;
	snprintf(c.now, sizeof(c.now), "%s", now);
	c.version = version;
	c.res = &res;
	c.err = err;
	c.remove_kind = "reassigned";
	t.owners = owners->v;
	t.n_owners = owners->n;
	t.co_owners = co->v;
	t.n_co_owners = co->n;
	if (!(rc = imp_plan_assignments(s, &t, units, now, &w, &unknown, &c.owners, err)))
		rc = imp_assignments_apply(&c, task_id, &w, &changed);
	imp_wants_release(&w);
	imp_owners_release(&c.owners);
	strlist_release(&unknown);
	store_import_result_release(&res);
	return rc;
}

static int read_rev(struct store *s, const char *sql, long long id, long long *rev,
		    struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	*rev = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
	sq_done(st);
	return 0;
}

static int write_event(struct store *s, const char *sql, long long id, const char *actor,
		       const char *now, const char *note, cJSON *changes, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char *json = cJSON_PrintUnformatted(changes);
	int rc;

	if (!json)
		abort(); /* out of memory: util.h's policy */
	if (!(rc = sq_prep(s, sql, &st, err))) {
		sq_bind_int(s, st, 1, id);
		sq_bind_text(s, st, 2, actor ? actor : "office");
		sq_bind_text(s, st, 3, now);
		sq_bind_text(s, st, 4, note && *note ? note : NULL);
		sq_bind_text(s, st, 5, json);
		rc = sq_run(s, st, err);
	}
	cJSON_free(json);
	return rc;
}

int store_edit_task(struct store *s, const struct unitdir *units,
		    const struct store_task_edit *e, long long *version, struct err *err)
{
	struct before b;
	struct strlist owners, co;
	struct ymd today = e->today.y ? e->today : status_today(time(NULL));
	struct ymd due = {0, 0, 0};
	enum due_kind kind = DUE_NONE;
	enum rec_freq freq = REC_NONE;
	sqlite3_stmt *st = NULL;
	cJSON *changes = cJSON_CreateObject();
	char now[32], due_s[11] = "", phrase[64];
	const char *text, *due_text, *rrule, *kind_s = NULL, *freq_s;
	int rc, units_changed = 0;

	memset(err, 0, sizeof(*err));
	memset(&b, 0, sizeof(b));
	memset(&b.owners, 0, sizeof(b.owners));
	memset(&b.co_owners, 0, sizeof(b.co_owners));
	memset(&owners, 0, sizeof(owners));
	memset(&co, 0, sizeof(co));
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		goto out;
	if ((rc = load_before(s, e->task_id, &b, err)))
		goto out;
	if (b.removed) {
		rc = err_set(err, ERR_NOTFOUND, "task %lld was removed by a corrected version",
			     e->task_id);
		goto out;
	}
	if (e->version && e->version != b.rev) {
		rc = err_key(err, ERR_CONFLICT, "stale", NULL,
			     "task %lld changed since version %lld (now %lld)", e->task_id,
			     e->version, b.rev);
		goto out;
	}
	/* The new values, each the stored one unless the edit sets it. */
	text = b.text;
	if (e->set & STORE_EDIT_TEXT) {
		if (!e->text || !*e->text || strlen(e->text) > 20000) {
			rc = field_err(err, ERR_INVAL, "text_needed", NULL, "text", "empty text");
			goto out;
		}
		text = e->text;
	}
	if (b.due)
		status_parse_date(b.due, &due);
	kind = sq_kind_parse(b.due_kind);
	due_text = b.due_text;
	if (e->set & STORE_EDIT_DUE) {
		due = e->due;
		if (due.y && (rc = date_user_check(due, b.notice_year ? b.notice_year : today.y))) {
			ymd_format(due, due_s);
			rc = field_err(err, ERR_INVAL, date_rule_key(rc), due_s, "due",
				       "due breaks the date rule");
			goto out;
		}
		/* A deadline given without a kind binds on the day itself. */
		if (kind == DUE_NONE || kind == DUE_RELATIVE)
			kind = DUE_BY;
	}
	if (e->set & STORE_EDIT_KIND) {
		if (e->kind != DUE_BEFORE && e->kind != DUE_BY && e->kind != DUE_WITHIN) {
			rc = field_err(err, ERR_INVAL, "due_kind", NULL, "due_kind", "bad kind");
			goto out;
		}
		kind = e->kind;
	}
	if (due.y) {
		ymd_format(due, due_s);
		kind_s = due_kind_name(kind);
		if (e->set & (STORE_EDIT_DUE | STORE_EDIT_KIND)) {
			due_phrase(due, kind, phrase);
			due_text = phrase;
		}
	} else if (e->set & STORE_EDIT_DUE) {
		due_text = NULL;
	}
	freq = sq_freq_parse(b.freq);
	rrule = b.rrule;
	if ((e->set & STORE_EDIT_RECUR) && recur_of_text(e->rrule, &freq, &rrule)) {
		rc = field_err(err, ERR_INVAL, "recurrence", e->rrule, "recurrence", "bad rrule");
		goto out;
	}
	freq_s = freq != REC_NONE ? rec_freq_name(freq) : NULL;
	if (freq == REC_NONE || freq == REC_PERIODIC)
		rrule = NULL;
	if (e->set & STORE_EDIT_OWNERS) {
		canon_names(units, e->owners, e->n_owners, &owners);
		if (!owners.n) {
			rc = field_err(err, ERR_INVAL, "owner_needed", NULL, "owners", "no lead unit");
			goto out;
		}
	} else {
		size_t i;
		for (i = 0; i < b.owners.n; i++)
			strlist_add(&owners, b.owners.v[i]);
	}
	if (e->set & STORE_EDIT_CO_OWNERS) {
		canon_names(units, e->co_owners, e->n_co_owners, &co);
	} else {
		size_t i;
		for (i = 0; i < b.co_owners.n; i++)
			strlist_add(&co, b.co_owners.v[i]);
	}
	/* What moved, for the history. */
	add_change(changes, "text", b.text, text);
	add_change(changes, "due", b.due, due_s[0] ? due_s : NULL);
	add_change(changes, "due_kind", b.due ? b.due_kind : NULL, kind_s);
	add_change(changes, "recurrence", b.rrule ? b.rrule : b.freq, rrule ? rrule : freq_s);
	if (!same_names(&b.owners, &owners)) {
		cJSON *o = cJSON_AddObjectToObject(changes, "owners");
		cJSON_AddItemToObject(o, "from", names_json(&b.owners));
		cJSON_AddItemToObject(o, "to", names_json(&owners));
		units_changed = 1;
	}
	if (!same_names(&b.co_owners, &co)) {
		cJSON *o = cJSON_AddObjectToObject(changes, "co_owners");
		cJSON_AddItemToObject(o, "from", names_json(&b.co_owners));
		cJSON_AddItemToObject(o, "to", names_json(&co));
		units_changed = 1;
	}
	if (!changes->child) {
		*version = b.rev;
		sq_rollback(s);
		goto out;
	}
	if ((rc = sq_prep(s, SQL_EDIT_TASK_UPDATE, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, e->task_id);
	sq_bind_text(s, st, 2, text);
	sq_bind_text(s, st, 3, due_s[0] ? due_s : NULL);
	sq_bind_text(s, st, 4, due_s[0] ? kind_s : NULL);
	sq_bind_text(s, st, 5, due_text);
	sq_bind_text(s, st, 6, freq_s);
	sq_bind_text(s, st, 7, rrule);
	sq_bind_text(s, st, 8, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	if (units_changed &&
	    (rc = edit_units(s, units, e->task_id, &owners, &co, now, e->actor ? e->actor : "office",
			     b.version, err)))
		goto out;
	if ((rc = write_event(s, SQL_EDIT_EVENT, e->task_id, e->actor, now, e->note, changes, err)))
		goto out;
	/* New leads get their work items, a new deadline moves the open ones. */
	if ((rc = life_sync_notice(s, b.notice_id, today, now, err)))
		goto out;
	if ((rc = read_rev(s, SQL_TASK_REV, e->task_id, version, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	cJSON_Delete(changes);
	before_release(&b);
	strlist_release(&owners);
	strlist_release(&co);
	return rc;
}

/* Adds {"from", "to"} for a metadata field the edit sets to another value. */
static void meta_change(cJSON *changes, unsigned set, unsigned bit, const char *key,
			const char *from, const char *to)
{
	if ((set & bit) && !imp_str_eq(from, to && *to ? to : NULL))
		imp_add_from_to(changes, key, from, to && *to ? to : NULL);
}

int store_edit_notice(struct store *s, const struct store_notice_edit *e,
		      long long *version, struct err *err)
{
	struct ymd today = e->today.y ? e->today : status_today(time(NULL));
	sqlite3_stmt *st = NULL;
	cJSON *changes = cJSON_CreateObject();
	char now[32], date_s[11] = "";
	char *old[5] = {NULL, NULL, NULL, NULL, NULL}; /* number, date, type, title, signer */
	const char *val[5];
	long long rev;
	struct ymd date = {0, 0, 0};
	int rc, i;

	memset(err, 0, sizeof(*err));
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		goto out;
	if ((rc = sq_prep(s, SQL_EDIT_NOTICE, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, e->notice_id);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	if (rc == 0) {
		sq_done(st);
		rc = err_set(err, ERR_NOTFOUND, "no notice %lld", e->notice_id);
		goto out;
	}
	rev = sqlite3_column_int64(st, 0);
	for (i = 0; i < 5; i++)
		old[i] = sq_col_str(st, i + 1);
	sq_done(st);
	if (e->version && e->version != rev) {
		rc = err_key(err, ERR_CONFLICT, "stale", NULL,
			     "notice %lld changed since version %lld (now %lld)", e->notice_id,
			     e->version, rev);
		goto out;
	}
	if (old[1])
		status_parse_date(old[1], &date);
	if (e->set & STORE_EDIT_DATE) {
		date = e->date;
		if (date.y && (rc = date_user_check(date, today.y))) {
			ymd_format(date, date_s);
			rc = field_err(err, ERR_INVAL, date_rule_key(rc), date_s, "date",
				       "date breaks the date rule");
			goto out;
		}
	}
	if (date.y)
		ymd_format(date, date_s);
	val[0] = e->set & STORE_EDIT_NUMBER ? e->number : old[0];
	val[1] = date_s[0] ? date_s : NULL;
	val[2] = e->set & STORE_EDIT_TYPE ? e->type : old[2];
	val[3] = e->set & STORE_EDIT_TITLE ? e->title : old[3];
	val[4] = e->set & STORE_EDIT_SIGNER ? e->signer : old[4];
	for (i = 0; i < 5; i++)
		if (val[i] && !*val[i])
			val[i] = NULL;
	meta_change(changes, e->set, STORE_EDIT_NUMBER, "number", old[0], val[0]);
	meta_change(changes, e->set, STORE_EDIT_DATE, "date", old[1], val[1]);
	meta_change(changes, e->set, STORE_EDIT_TYPE, "type", old[2], val[2]);
	meta_change(changes, e->set, STORE_EDIT_TITLE, "title", old[3], val[3]);
	meta_change(changes, e->set, STORE_EDIT_SIGNER, "signer", old[4], val[4]);
	if (!changes->child) {
		*version = rev;
		sq_rollback(s);
		goto out;
	}
	if ((rc = sq_prep(s, SQL_EDIT_NOTICE_UPDATE, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, e->notice_id);
	sq_bind_text(s, st, 2, val[0]);
	sq_bind_text(s, st, 3, val[1]);
	if (date.y) {
		sq_bind_int(s, st, 4, date.y);
		sq_bind_int(s, st, 5, date.m);
	} else {
		sq_bind_text(s, st, 4, NULL);
		sq_bind_text(s, st, 5, NULL);
	}
	sq_bind_text(s, st, 6, val[2]);
	sq_bind_text(s, st, 7, val[3]);
	sq_bind_text(s, st, 8, val[4]);
	sq_bind_text(s, st, 9, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	if ((rc = write_event(s, SQL_NOTICE_EDIT_EVENT, e->notice_id, e->actor, now, e->note,
			      changes, err)))
		goto out;
	/* The notice's date anchors its recurring work. */
	if ((e->set & STORE_EDIT_DATE) && (rc = life_sync_notice(s, e->notice_id, today, now, err)))
		goto out;
	if ((rc = read_rev(s, SQL_NOTICE_REV, e->notice_id, version, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	for (i = 0; i < 5; i++)
		free(old[i]);
	cJSON_Delete(changes);
	return rc;
}

/* ---- Hand edits against a new version of the notice ------------------------------ */

static const char SQL_EDITED_KEYS[] =
	"SELECT DISTINCT j.key FROM task_events e, json_each(e.data) j"
	" WHERE e.task_id = ?1 AND e.kind = 'edited'";
static const char SQL_KEEP_TASK[] =
	"SELECT due, due_kind, due_text, freq, rrule FROM tasks WHERE id = ?1";

void imp_kept_release(struct imp_kept *k)
{
	free(k->due_text);
	free(k->rrule);
	strlist_release(&k->owners);
	strlist_release(&k->co_owners);
	memset(k, 0, sizeof(*k));
}

int imp_keep_edits(struct import_ctx *c, long long task_id, const char *old_text,
		   const struct notice_task *t, struct notice_task *out, struct imp_kept *k)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc, due = 0, kind = 0, recur = 0, own = 0, co = 0;
	struct before b;

	*out = *t;
	memset(k, 0, sizeof(*k));
	/* A task whose text changed is read afresh: the parser wins. */
	if (!imp_str_eq(old_text, t->text))
		return 0;
	if ((rc = sq_prep(s, SQL_EDITED_KEYS, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	while ((rc = sq_step(s, st, c->err)) == 1) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		due |= !strcmp(key, "due");
		kind |= !strcmp(key, "due_kind");
		recur |= !strcmp(key, "recurrence");
		own |= !strcmp(key, "owners");
		co |= !strcmp(key, "co_owners");
	}
	sq_done(st);
	if (rc < 0)
		return rc;
	if (!(due | kind | recur | own | co))
		return 0;
	if ((rc = sq_prep(s, SQL_KEEP_TASK, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	if ((rc = sq_step(s, st, c->err)) < 0)
		return rc;
	if (rc == 1) {
		char *kd = sq_col_str(st, 1), *fr = sq_col_str(st, 3);
		if (due || kind) {
			out->due = sq_col_date(st, 0);
			out->due_kind = kd ? sq_kind_parse(kd) : DUE_NONE;
			k->due_text = sq_col_str(st, 2);
			out->due_text = k->due_text;
		}
		if (recur) {
			out->freq = sq_freq_parse(fr);
			k->rrule = sq_col_str(st, 4);
			out->rrule = k->rrule;
		}
		free(kd);
		free(fr);
	}
	sq_done(st);
	if (own || co) {
		memset(&b, 0, sizeof(b));
		if ((rc = load_before(s, task_id, &b, c->err))) {
			before_release(&b);
			return rc;
		}
		k->owners = b.owners;
		k->co_owners = b.co_owners;
		memset(&b.owners, 0, sizeof(b.owners));
		memset(&b.co_owners, 0, sizeof(b.co_owners));
		before_release(&b);
		if (own) {
			out->owners = k->owners.v;
			out->n_owners = k->owners.n;
		}
		if (co) {
			out->co_owners = k->co_owners.v;
			out->n_co_owners = k->co_owners.n;
		}
	}
	return 0;
}
