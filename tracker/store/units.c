/*
 * store/units.c - the units directory in the database: synced from the
 * units file, looked up by name or alias.
 */
#include "tracker/store/store_int.h"

#include "tracker/store/store.h"
#include "tracker/store/units.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

/* ---- Lookups and the sync ------------------------------------------------ */

static const char SQL_UNITS_LEAVE[] =
	"UPDATE units SET in_directory = 0, dir_position = NULL"
	" WHERE in_directory = 1 AND added_at IS NULL";
static const char SQL_UNIT_UPSERT[] =
	"INSERT INTO units (name, email, is_group, in_directory, dir_position, created_at)"
	" VALUES (?1, ?2, ?3, 1, ?4, ?5)"
	" ON CONFLICT (name) DO UPDATE SET email = excluded.email,"
	" is_group = excluded.is_group, in_directory = 1, dir_position = excluded.dir_position,"
	" added_by = NULL, added_at = NULL";
static const char SQL_UNIT_BY_NAME[] =
	"SELECT id, is_group, in_directory FROM units WHERE name = ?1";
static const char SQL_UNIT_BY_ALIAS[] =
	"SELECT u.id, u.is_group, u.in_directory FROM unit_aliases a"
	" JOIN units u ON u.id = a.unit_id WHERE a.alias = ?1"
	" ORDER BY u.in_directory DESC, u.id LIMIT 1";
static const char SQL_UNIT_INSERT_MET[] =
	"INSERT INTO units (name, is_group, in_directory, created_at) VALUES (?1, 0, 0, ?2)";
static const char SQL_ALIASES_CLEAR[] =
	"DELETE FROM unit_aliases WHERE unit_id = ?1 AND source = 'directory'";
static const char SQL_ALIAS_ADD[] =
	"INSERT OR IGNORE INTO unit_aliases (alias, unit_id, position) VALUES (?1, ?2, ?3)";
static const char SQL_SYNC_GET[] = "SELECT path, sha256 FROM directory_sync WHERE id = 1";
static const char SQL_SYNC_SET[] =
	"INSERT OR REPLACE INTO directory_sync (id, path, sha256, synced_at) VALUES (1, ?1, ?2, ?3)";
static const char SQL_SYNC_FORGET[] = "DELETE FROM directory_sync";
static const char SQL_DIR_ANY[] = "SELECT 1 FROM units WHERE in_directory = 1 LIMIT 1";
static const char SQL_MEMBERS_CLEAR[] = "DELETE FROM group_members WHERE group_id = ?1";
static const char SQL_OFFICE_SET[] =
	"UPDATE units SET is_office = (in_directory = 1 AND name IS ?1)"
	" WHERE is_office <> (in_directory = 1 AND name IS ?1)";
static const char SQL_OFFICE_GET[] = "SELECT id FROM units WHERE is_office = 1 LIMIT 1";
static const char SQL_MEMBER_ADD[] =
	"INSERT OR IGNORE INTO group_members (group_id, member_id, position) VALUES (?1, ?2, ?3)";

/* The id of the unit called exactly `name`, or 0. */
int sq_unit_id_by_name(struct store *s, const char *name, long long *id,
			   int *is_group, int *in_dir, struct err *err)
{
	sqlite3_stmt *st = NULL;
	const char *sqls[2] = {SQL_UNIT_BY_NAME, SQL_UNIT_BY_ALIAS};
	int i, rc = 0;

	*id = 0;
	for (i = 0; i < 2 && !*id; i++) {
		if ((rc = sq_prep(s, sqls[i], &st, err)))
			return rc;
		sq_bind_text(s, st, 1, name);
		rc = sq_step(s, st, err);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			*id = sqlite3_column_int64(st, 0);
			if (is_group)
				*is_group = sqlite3_column_int(st, 1);
			if (in_dir)
				*in_dir = sqlite3_column_int(st, 2);
		}
		sq_done(st);
	}
	return 0;
}

int store_unit_id(struct store *s, const char *name, long long *id,
		  struct err *err)
{
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_unit_id_by_name(s, name, id, NULL, NULL, err)))
		return rc;
	if (!*id)
		return err_set(err, ERR_NOTFOUND, "no unit named '%s'", name);
	return 0;
}

/* Finds or creates (outside the directory) the unit called `name`. */
int sq_unit_ensure(struct store *s, const char *name, const char *now,
		       long long *id, int *is_group, int *in_dir,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_unit_id_by_name(s, name, id, is_group, in_dir, err)) || *id)
		return rc;
	if ((rc = sq_prep(s, SQL_UNIT_INSERT_MET, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, name);
	sq_bind_text(s, st, 2, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	if (is_group)
		*is_group = 0;
	if (in_dir)
		*in_dir = 0;
	return 0;
}

static int sync_entry(struct store *s, const struct unit_entry *e, size_t pos,
		      const char *now, struct err *err)
{
	sqlite3_stmt *st = NULL;
	long long id;
	size_t i;
	int rc;

	if ((rc = sq_prep(s, SQL_UNIT_UPSERT, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, e->name);
	sq_bind_text(s, st, 2, e->email);
	sq_bind_int(s, st, 3, e->is_group ? 1 : 0);
	sq_bind_int(s, st, 4, (long long)pos);
	sq_bind_text(s, st, 5, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	/* last_insert_rowid() is not set by the UPDATE branch of an upsert. */
	if ((rc = sq_unit_id_by_name(s, e->name, &id, NULL, NULL, err)))
		return rc;
	if (!id)
		return err_set(err, ERR_DB, "unit '%s' vanished while syncing", e->name);
	if ((rc = sq_prep(s, SQL_ALIASES_CLEAR, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_run(s, st, err)))
		return rc;
	for (i = 0; i < e->n_aliases; i++) {
		if ((rc = sq_prep(s, SQL_ALIAS_ADD, &st, err)))
			return rc;
		sq_bind_text(s, st, 1, e->aliases[i]);
		sq_bind_int(s, st, 2, id);
		sq_bind_int(s, st, 3, (long long)i);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	return 0;
}

static int sync_members(struct store *s, const struct unit_entry *e,
			const char *now, struct err *err)
{
	sqlite3_stmt *st = NULL;
	long long gid, mid;
	size_t i;
	int rc;

	if ((rc = sq_unit_id_by_name(s, e->name, &gid, NULL, NULL, err)))
		return rc;
	if ((rc = sq_prep(s, SQL_MEMBERS_CLEAR, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, gid);
	if ((rc = sq_run(s, st, err)))
		return rc;
	for (i = 0; i < e->n_members; i++) {
		if ((rc = sq_unit_ensure(s, e->members[i], now, &mid, NULL, NULL, err)))
			return rc;
		if ((rc = sq_prep(s, SQL_MEMBER_ADD, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, gid);
		sq_bind_int(s, st, 2, mid);
		sq_bind_int(s, st, 3, (long long)i);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	return 0;
}

/* Writes the directory's units, aliases and groups; inside a transaction. */
static int sync_directory(struct store *s, const struct unitdir *units,
			  struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	size_t i, n = unitdir_count(units);
	int rc;

	sq_stamp_now(now);
	if ((rc = sq_prep(s, SQL_UNITS_LEAVE, &st, err)) || (rc = sq_run(s, st, err)))
		return rc;
	/* Units before members: a group's members must exist first. */
	for (i = 0; i < n; i++)
		if ((rc = sync_entry(s, unitdir_entry(units, i), i, now, err)))
			return rc;
	for (i = 0; i < n; i++) {
		const struct unit_entry *e = unitdir_entry(units, i);
		if (e->is_group && (rc = sync_members(s, e, now, err)))
			return rc;
	}
	if ((rc = sq_prep(s, SQL_OFFICE_SET, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, unitdir_office(units));
	return sq_run(s, st, err);
}

int store_office_id(struct store *s, long long *id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_OFFICE_GET, &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

int store_sync_units(struct store *s, const struct unitdir *units,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!units)
		return 0;
	if ((rc = sq_begin(s, err)))
		return rc;
	/* Written from no file: the next sync from one happens whatever its hash. */
	if ((rc = sync_directory(s, units, err)) ||
	    (rc = sq_prep(s, SQL_SYNC_FORGET, &st, err)) || (rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}

/* The recorded source's path and hash into *path and *sha (NULL: none). */
static int sync_source_get(struct store *s, char **path, char **sha,
			   struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*path = *sha = NULL;
	if ((rc = sq_prep(s, SQL_SYNC_GET, &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		*path = sq_col_str(st, 0);
		*sha = sq_col_str(st, 1);
	}
	sq_done(st);
	return 0;
}

static int sync_source_set(struct store *s, const struct store_unit_source *src,
			   struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	sq_stamp_now(now);
	if ((rc = sq_prep(s, SQL_SYNC_SET, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, src->path);
	sq_bind_text(s, st, 2, src->sha256);
	sq_bind_text(s, st, 3, now);
	return sq_run(s, st, err);
}

/*
 * Whether a fallback file may replace the directory the database holds:
 * only the one it was last synced from, or into a database that has no
 * directory yet.  0, ERR_CONFLICT, or an error.
 */
static int sync_fallback_allowed(struct store *s, const struct store_unit_source *src,
				 const char *last_path, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (last_path) {
		if (!strcmp(last_path, src->path))
			return 0;
		return err_set(err, ERR_CONFLICT,
			       "the units directory was last synced from '%s', not from '%s'",
			       last_path, src->path);
	}
	if ((rc = sq_prep(s, SQL_DIR_ANY, &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return err_set(err, ERR_CONFLICT,
			       "the units directory came from a file not recorded, not from '%s'",
			       src->path);
	return 0;
}

int store_sync_units_from(struct store *s, const struct unitdir *units,
			  const struct store_unit_source *src, int *synced,
			  struct err *err)
{
	char *last_path = NULL, *last_sha = NULL;
	int rc, same;

	memset(err, 0, sizeof(*err));
	if (synced)
		*synced = 0;
	if (!units)
		return 0;
	/* The usual case costs one read and no write transaction. */
	if ((rc = sync_source_get(s, &last_path, &last_sha, err)))
		return rc;
	same = last_sha && !strcmp(last_sha, src->sha256);
	if (same && (src->fallback || !strcmp(last_path, src->path)))
		goto out;
	free(last_path);
	free(last_sha);
	if ((rc = sq_begin(s, err)))
		return rc;
	/* Another command may have synced since the read above. */
	if ((rc = sync_source_get(s, &last_path, &last_sha, err)))
		goto out;
	same = last_sha && !strcmp(last_sha, src->sha256);
	if (!same && src->fallback && (rc = sync_fallback_allowed(s, src, last_path, err)))
		goto out;
	/* The same content named from elsewhere: only the record moves. */
	if (!same && (rc = sync_directory(s, units, err)))
		goto out;
	if ((rc = sync_source_set(s, src, err)) || (rc = sq_commit(s, err)))
		goto out;
	if (synced)
		*synced = !same;
out:
	if (rc)
		sq_rollback(s);
	free(last_path);
	free(last_sha);
	return rc;
}

int store_units_source(struct store *s, char **path, struct err *err)
{
	char *sha = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = sync_source_get(s, path, &sha, err);
	free(sha);
	return rc;
}

/* ---- Listing ------------------------------------------------------------- */

static const char SQL_UNITS_LIST[] =
	"SELECT u.id, u.name, u.email, u.is_group, u.in_directory,"
	" coalesce(k.count, 0), k.first_seen_notice,"
	" (SELECT count(*) FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"  WHERE a.unit_id = u.id AND a.removed_at IS NULL AND t.removed_at IS NULL),"
	" u.added_by, u.added_at, u.is_office"
	" FROM units u LEFT JOIN unknown_units k ON k.unit_id = u.id"
	" WHERE u.in_directory = 1 OR k.unit_id IS NOT NULL"
	" ORDER BY u.in_directory DESC, u.dir_position IS NULL, u.dir_position, k.count DESC, u.name";
static const char SQL_UNIT_ALIASES[] =
	"SELECT alias FROM unit_aliases WHERE unit_id = ?1 ORDER BY position";
static const char SQL_UNIT_MEMBERS[] =
	"SELECT u.name FROM group_members m JOIN units u ON u.id = m.member_id"
	" WHERE m.group_id = ?1 ORDER BY m.position";

static int load_names(struct store *s, const char *sql, long long id,
		      struct strlist *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	while ((rc = sq_step(s, st, err)) == 1)
		strlist_add(out, (const char *)sqlite3_column_text(st, 0));
	sq_done(st);
	return rc < 0 ? rc : 0;
}

int store_list_units(struct store *s, struct store_unit_list *out,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_UNITS_LIST, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_unit *u;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		u = &out->v[out->n++];
		memset(u, 0, sizeof(*u));
		u->id = sqlite3_column_int64(st, 0);
		u->name = sq_col_str(st, 1);
		u->email = sq_col_str(st, 2);
		u->is_group = sqlite3_column_int(st, 3);
		u->in_directory = sqlite3_column_int(st, 4);
		u->unknown_count = (long)sqlite3_column_int64(st, 5);
		u->first_seen_notice = sqlite3_column_int64(st, 6);
		u->open_assignments = (long)sqlite3_column_int64(st, 7);
		u->added_by = sq_col_str(st, 8);
		u->added_at = sq_col_str(st, 9);
		u->is_office = sqlite3_column_int(st, 10);
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < out->n; i++) {
		struct store_unit *u = &out->v[i];
		if ((rc = load_names(s, SQL_UNIT_ALIASES, u->id, &u->aliases, err)))
			goto out;
		if (u->is_group &&
		    (rc = load_names(s, SQL_UNIT_MEMBERS, u->id, &u->members, err)))
			goto out;
	}
out:
	if (rc)
		store_unit_list_release(out);
	return rc;
}

void store_unit_list_release(struct store_unit_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].email);
		free(l->v[i].added_by);
		free(l->v[i].added_at);
		strlist_release(&l->v[i].aliases);
		strlist_release(&l->v[i].members);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}
