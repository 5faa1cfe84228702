/*
 * merge.c - a unit merged into another.  See store/merge.h.
 */
#include "tracker/store/merge.h"
#include "tracker/store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_UNIT[] =
	"SELECT name, is_group, in_directory AND added_at IS NULL FROM units WHERE id = ?1";
/* FROM's assignments of tasks INTO has too: closed (kept in history). */
static const char SQL_JOIN_EVENTS[] =
	"INSERT INTO task_events (task_id, assignment_id, kind, actor, at, data)"
	" SELECT a.task_id, a.id, 'merged', ?3, ?4, json_object('from', ?5, 'into', ?6, 'joined', 1)"
	" FROM assignments a WHERE a.unit_id = ?1 AND EXISTS (SELECT 1 FROM assignments b"
	"  WHERE b.task_id = a.task_id AND b.unit_id = ?2)";
static const char SQL_JOIN_LEAD[] =
	"UPDATE assignments SET role = 'lead', removed_at = NULL, updated_at = ?3"
	" WHERE unit_id = ?2 AND role <> 'lead' AND task_id IN (SELECT task_id FROM assignments"
	"  WHERE unit_id = ?1 AND role = 'lead' AND removed_at IS NULL)";
/* Their work items and history go to INTO's row, where it has none of
 * that period (both leads: INTO's own stays, FROM's duplicate goes). */
static const char SQL_JOIN_OCC[] =
	"UPDATE OR IGNORE occurrences SET assignment_id = (SELECT b.id FROM assignments b"
	"  JOIN assignments f ON f.task_id = b.task_id WHERE f.id = occurrences.assignment_id"
	"  AND b.unit_id = ?2)"
	" WHERE assignment_id IN (SELECT a.id FROM assignments a WHERE a.unit_id = ?1"
	"  AND EXISTS (SELECT 1 FROM assignments b WHERE b.task_id = a.task_id AND b.unit_id = ?2))";
static const char SQL_JOIN_HISTORY[] =
	"UPDATE task_events SET assignment_id = (SELECT b.id FROM assignments b"
	"  JOIN assignments f ON f.task_id = b.task_id WHERE f.id = task_events.assignment_id"
	"  AND b.unit_id = ?2)"
	" WHERE assignment_id IN (SELECT a.id FROM assignments a WHERE a.unit_id = ?1"
	"  AND EXISTS (SELECT 1 FROM assignments b WHERE b.task_id = a.task_id AND b.unit_id = ?2))"
	" AND (occurrence_id IS NULL OR occurrence_id IN (SELECT o.id FROM occurrences o"
	"  JOIN assignments b ON b.id = o.assignment_id WHERE b.unit_id = ?2))";
static const char SQL_JOIN_CLOSE[] =
	"UPDATE assignments SET removed_at = coalesce(removed_at, ?3), updated_at = ?3"
	" WHERE unit_id = ?1 AND task_id IN (SELECT task_id FROM assignments WHERE unit_id = ?2)";
static const char SQL_MOVE_EVENTS[] =
	"INSERT INTO task_events (task_id, assignment_id, kind, actor, at, data)"
	" SELECT a.task_id, a.id, 'merged', ?3, ?4, json_object('from', ?5, 'into', ?6)"
	" FROM assignments a WHERE a.unit_id = ?1 AND NOT EXISTS (SELECT 1 FROM assignments b"
	"  WHERE b.task_id = a.task_id AND b.unit_id = ?2)";
static const char SQL_MOVE[] =
	"UPDATE assignments SET unit_id = ?2, updated_at = ?3 WHERE unit_id = ?1"
	" AND NOT EXISTS (SELECT 1 FROM assignments b WHERE b.task_id = assignments.task_id"
	"  AND b.unit_id = ?2)";
static const char SQL_VIA[] = "UPDATE assignments SET via_group_id = ?2 WHERE via_group_id = ?1";
static const char SQL_MAILS[] =
	"UPDATE mails SET unit_id = ?2 WHERE unit_id = ?1";
static const char SQL_USERS[] = "UPDATE users SET unit_id = ?2 WHERE unit_id = ?1";
static const char SQL_MEMBERS[] =
	"UPDATE OR IGNORE group_members SET member_id = ?2 WHERE member_id = ?1";
static const char SQL_MEMBERS_LEFT[] = "DELETE FROM group_members WHERE member_id = ?1";
static const char SQL_ALIASES_MOVE[] =
	"UPDATE OR IGNORE unit_aliases SET unit_id = ?2 WHERE unit_id = ?1 AND source = 'office'";
static const char SQL_TOKENS[] =
	"UPDATE feed_tokens SET unit_id = ?2, ended_at = coalesce(ended_at, ?3),"
	" ended_how = coalesce(ended_how, 'revoked') WHERE unit_id = ?1";
static const char SQL_UNKNOWN_GONE[] = "DELETE FROM unknown_units WHERE unit_id = ?1";
/* Duplicates closed above: their untouched open work items go with them. */
static const char SQL_DUP_OCC[] =
	"DELETE FROM occurrences WHERE assignment_id IN (SELECT id FROM assignments WHERE unit_id = ?1)"
	" AND state = 'open' AND NOT EXISTS (SELECT 1 FROM task_events e"
	"  WHERE e.occurrence_id = occurrences.id)";
static const char SQL_DUP_LEFT[] =
	"SELECT count(*) FROM occurrences WHERE assignment_id IN"
	" (SELECT id FROM assignments WHERE unit_id = ?1)";
static const char SQL_DUP_EVENTS[] =
	"UPDATE task_events SET assignment_id = NULL WHERE assignment_id IN"
	" (SELECT id FROM assignments WHERE unit_id = ?1)";
static const char SQL_DUP_DELETE[] = "DELETE FROM assignments WHERE unit_id = ?1";
static const char SQL_UNIT_DELETE[] = "DELETE FROM units WHERE id = ?1";
/* The notices whose task lists name FROM: their lists and feeds change. */
static const char SQL_NOTICES_BUMP[] =
	"UPDATE notices SET feed_gen = feed_gen + 1, feed_changed = ?2 WHERE id IN"
	" (SELECT t.notice_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"  WHERE a.unit_id = ?1)";
static const char SQL_FEED_BUMP[] =
	"UPDATE units SET feed_gen = feed_gen + 1, feed_changed = ?2 WHERE id = ?1";

static int run2(struct store *s, const char *sql, long long a, long long b, const char *now,
		long *changes, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, a);
	if (b)
		sq_bind_int(s, st, 2, b);
	if (now)
		sq_bind_text(s, st, 3, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	if (changes)
		*changes = sqlite3_changes(s->db);
	return 0;
}

static int events(struct store *s, const char *sql, long long from, long long into,
		  const char *actor, const char *now, const char *from_name, const char *into_name,
		  struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, from);
	sq_bind_int(s, st, 2, into);
	sq_bind_text(s, st, 3, actor ? actor : "office");
	sq_bind_text(s, st, 4, now);
	sq_bind_text(s, st, 5, from_name);
	sq_bind_text(s, st, 6, into_name);
	return sq_run(s, st, err);
}

static int load_unit(struct store *s, long long id, char **name, int *is_group, int *in_dir,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_UNIT, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	if (rc == 0) {
		sq_done(st);
		return err_set(err, ERR_NOTFOUND, "no unit %lld", id);
	}
	*name = sq_col_str(st, 0);
	*is_group = sqlite3_column_int(st, 1);
	*in_dir = sqlite3_column_int(st, 2);
	sq_done(st);
	return 0;
}

int store_units_merge(struct store *s, long long from, long long into, const char *actor,
		      struct store_merge_result *res, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char *from_name = NULL, *into_name = NULL;
	char now[32];
	int rc, fg, fd, ig, id;
	long left = 0;

	memset(err, 0, sizeof(*err));
	memset(res, 0, sizeof(*res));
	if (from == into)
		return err_key(err, ERR_INVAL, "merge_same", NULL, "a unit cannot be merged into itself");
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = load_unit(s, from, &from_name, &fg, &fd, err)) ||
	    (rc = load_unit(s, into, &into_name, &ig, &id, err)))
		goto out;
	if (fg || ig) {
		rc = err_key(err, ERR_INVAL, "merge_group", NULL, "groups are not merged");
		goto out;
	}
	if (fd) {
		rc = err_key(err, ERR_INVAL, "merge_in_directory", from_name,
			     "'%s' is in the units file, which owns it", from_name);
		goto out;
	}
	if ((rc = sq_prep(s, SQL_NOTICES_BUMP, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, from);
	sq_bind_text(s, st, 2, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	/* Tasks both units have: INTO keeps its row (a lead if either was). */
	if ((rc = events(s, SQL_JOIN_EVENTS, from, into, actor, now, from_name, into_name, err)) ||
	    (rc = run2(s, SQL_JOIN_LEAD, from, into, now, NULL, err)) ||
	    (rc = run2(s, SQL_JOIN_OCC, from, into, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_JOIN_HISTORY, from, into, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_JOIN_CLOSE, from, into, now, &res->joined, err)))
		goto out;
	if ((rc = events(s, SQL_MOVE_EVENTS, from, into, actor, now, from_name, into_name, err)) ||
	    (rc = run2(s, SQL_MOVE, from, into, now, &res->moved, err)) ||
	    (rc = run2(s, SQL_VIA, from, into, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_MAILS, from, into, NULL, &res->mails, err)) ||
	    (rc = run2(s, SQL_USERS, from, into, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_MEMBERS, from, into, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_MEMBERS_LEFT, from, 0, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_ALIASES_MOVE, from, into, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_TOKENS, from, into, now, NULL, err)) ||
	    (rc = run2(s, SQL_UNKNOWN_GONE, from, 0, NULL, NULL, err)))
		goto out;
	/* The duplicates of joined tasks: work someone acted on stays as is
	 * (then FROM cannot go, and the merge is refused rather than lose it). */
	if ((rc = run2(s, SQL_DUP_OCC, from, 0, NULL, NULL, err)))
		goto out;
	if ((rc = sq_prep(s, SQL_DUP_LEFT, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, from);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	left = sqlite3_column_int64(st, 0);
	sq_done(st);
	if (left) {
		rc = err_key(err, ERR_BADSTATE, "merge_both_acted", NULL,
			     "%ld work items of tasks both units have were acted on", left);
		goto out;
	}
	if ((rc = run2(s, SQL_DUP_EVENTS, from, 0, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_DUP_DELETE, from, 0, NULL, NULL, err)) ||
	    (rc = run2(s, SQL_UNIT_DELETE, from, 0, NULL, NULL, err)))
		goto out;
	/* FROM's name now means INTO: later imports assign it there. */
	if ((rc = sq_alias_teach(s, from_name, into, actor, now, err)))
		goto out;
	/* INTO's feed changed (its ETag is the unit's feed_gen). */
	if ((rc = sq_prep(s, SQL_FEED_BUMP, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, into);
	sq_bind_text(s, st, 2, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	free(from_name);
	free(into_name);
	return rc;
}
