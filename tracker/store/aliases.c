/*
 * aliases.c - aliases the office teaches.  See store/aliases.h.
 */
#include "tracker/store/aliases.h"
#include "tracker/store/store_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_LEARNED[] =
	"SELECT a.alias, a.unit_id, u.name, a.added_by, a.added_at FROM unit_aliases a"
	" JOIN units u ON u.id = a.unit_id WHERE a.source = 'office' ORDER BY a.alias, a.unit_id";
static const char SQL_UNIT_EXISTS[] = "SELECT 1 FROM units WHERE id = ?1";
static const char SQL_FORGET[] =
	"DELETE FROM unit_aliases WHERE alias = ?1 AND source = 'office'";
static const char SQL_LEARN[] =
	"INSERT INTO unit_aliases (alias, unit_id, position, source, added_by, added_at)"
	" VALUES (?1, ?2, 1000, 'office', ?3, ?4)"
	" ON CONFLICT (alias, unit_id) DO NOTHING";
static const char SQL_OFFICE_UNITS[] =
	"SELECT name FROM units WHERE in_directory = 1 AND added_at IS NOT NULL ORDER BY name";
static const char SQL_UNIT_ADD[] =
	"INSERT INTO units (name, is_group, in_directory, created_at, added_by, added_at)"
	" VALUES (?1, 0, 1, ?2, ?3, ?2)";
static const char SQL_UNIT_PROMOTE[] =
	"UPDATE units SET in_directory = 1, added_by = ?2, added_at = ?3 WHERE id = ?1";

int store_learned_aliases(struct store *s, struct store_alias_list *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_LEARNED, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_alias *a;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		a = &out->v[out->n++];
		a->alias = sq_col_str(st, 0);
		a->unit_id = sqlite3_column_int64(st, 1);
		a->unit = sq_col_str(st, 2);
		a->added_by = sq_col_str(st, 3);
		a->added_at = sq_col_str(st, 4);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

void store_alias_list_release(struct store_alias_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].alias);
		free(l->v[i].unit);
		free(l->v[i].added_by);
		free(l->v[i].added_at);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int sq_alias_teach(struct store *s, const char *alias, long long unit_id, const char *actor,
		   const char *now, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_FORGET, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, alias);
	if ((rc = sq_run(s, st, err)))
		return rc;
	if ((rc = sq_prep(s, SQL_LEARN, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, alias);
	sq_bind_int(s, st, 2, unit_id);
	sq_bind_text(s, st, 3, actor);
	sq_bind_text(s, st, 4, now);
	return sq_run(s, st, err);
}

int store_alias_learn(struct store *s, const char *alias, long long unit_id,
		      const char *actor, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	memset(err, 0, sizeof(*err));
	if (!alias || !*alias || strlen(alias) > 300)
		return err_key(err, ERR_INVAL, "alias_bad", NULL, "an alias is 1 to 300 bytes");
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = sq_prep(s, SQL_UNIT_EXISTS, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, unit_id);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	sq_done(st);
	if (rc == 0) {
		rc = err_set(err, ERR_NOTFOUND, "no unit %lld", unit_id);
		goto out;
	}
	if ((rc = sq_alias_teach(s, alias, unit_id, actor, now, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}

int store_office_units(struct store *s, struct strlist *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_OFFICE_UNITS, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1)
		strlist_add(out, (const char *)sqlite3_column_text(st, 0));
	sq_done(st);
	return rc < 0 ? rc : 0;
}

int store_unit_add(struct store *s, const char *name, const char *actor,
		   long long *id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	long long uid = 0;
	int in_dir = 0, rc;
	char now[32];

	memset(err, 0, sizeof(*err));
	if (!name || !*name || strlen(name) > 300)
		return err_key(err, ERR_INVAL, "unit_bad", NULL, "a unit name is 1 to 300 bytes");
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = sq_unit_id_by_name(s, name, &uid, NULL, &in_dir, err)))
		goto out;
	if (uid && in_dir) {
		rc = err_key(err, ERR_CONFLICT, "unit_exists", name,
			     "the directory has a unit '%s'", name);
		goto out;
	}
	/* A name kept as written before keeps its row, work and history. */
	if ((rc = sq_prep(s, uid ? SQL_UNIT_PROMOTE : SQL_UNIT_ADD, &st, err)))
		goto out;
	if (uid) {
		sq_bind_int(s, st, 1, uid);
		sq_bind_text(s, st, 2, actor);
		sq_bind_text(s, st, 3, now);
	} else {
		sq_bind_text(s, st, 1, name);
		sq_bind_text(s, st, 2, now);
		sq_bind_text(s, st, 3, actor);
	}
	if ((rc = sq_run(s, st, err)))
		goto out;
	if (!uid)
		uid = sqlite3_last_insert_rowid(s->db);
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	else if (id)
		*id = uid;
	return rc;
}
