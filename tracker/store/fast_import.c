/*
 * fast_import.c - an optional fast path: a new notice is written through a
 * second connection with the schema's triggers off, while the triggers
 * are the known ones (test_store pins the list); otherwise the main
 * connection serves and nothing changes but the speed.
 */
#include "tracker/store/store_int.h"

#include "tracker/store/store.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

/*
 * The connection new notices are imported through: the same database with
 * triggers off (SQLITE_DBCONFIG_ENABLE_TRIGGER), opened on first use.
 * A new notice's rows are all new, and on them the only triggers that
 * would fire are the three that migration 7 already makes stand aside
 * for an import (FTS rows, feed stamps), and count_assignment_insert
 * (migration 21, the overview's kept counts), whose work import_stamp()
 * does once per notice.  Standing aside is not free: a trigger on a table makes
 * each INSERT ... SELECT copy its rows into a temporary table first and
 * run the trigger's program, WHEN clause and all, for every row.
 * Statements are prepared against the trigger setting of their
 * connection, and changing it re-prepares every statement, so it is a
 * connection of its own.  Corrected versions go through the main
 * connection with every trigger.  NULL (and the main connection serves)
 * if it cannot be opened.
 */
struct store *sq_import_conn(struct store *s)
{
	const char *path = sqlite3_db_filename(s->db, "main");
	struct err err;
	int off = -1;

	if (s->imp || !path || !path[0])
		return s->imp;
	if (sq_open_conn(path, 0, &s->imp, &err))
		return NULL;
	if (sqlite3_db_config(s->imp->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off) !=
	    SQLITE_OK || off != 0 || sq_ckpt_start(s->imp, &err))
		store_close(&s->imp);
	else
		s->imp->triggers_checked = -1;
	return s->imp;
}

/*
 * The schema's triggers, by name, that sq_import_conn() was written against
 * (the rev triggers of edits stand aside for a new notice's rows, which
 * start at rev 1):
 * the INSERT triggers import_stamp() stands in for, and the UPDATE
 * and DELETE triggers of rows and columns a new notice's import does not
 * write.  A database with any other trigger (a later migration, or one an
 * administrator added) imports through the main connection, where every
 * trigger fires; test_store pins this list so that a migration adding a
 * trigger updates it after deciding what import_stamp() must do.
 */
static const char KNOWN_TRIGGERS[] =
	"assignments_rev_insert assignments_rev_update"
	" count_assignment_insert count_assignment_update count_occ_delete"
	" count_occ_insert count_occ_update count_task_freq"
	" feed_assignment_insert feed_assignment_update feed_notice_update"
	" feed_occ_delete feed_occ_insert feed_occ_update feed_task_update"
	" item_copy_assignment item_copy_notice item_copy_task item_copy_unit"
	" item_fts_delete item_fts_insert item_fts_update live_assignment live_task notice_versions_rev notices_rev"
	" occurrence_counts_delete occurrence_counts_insert occurrence_counts_update"
	" occurrence_months_delete occurrence_months_insert occurrence_months_update"
	" remind_changed_assignment remind_changed_gone remind_changed_occ"
	" remind_changed_task task_syllables_insert task_syllables_update tasks_rev"
	" work_occ_request";
static const char SQL_SCHEMA_VERSION[] = "PRAGMA schema_version";
static const char SQL_TRIGGER_NAMES[] =
	"SELECT group_concat(name, ' ') FROM"
	" (SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name)";

/* Whether the schema's triggers are KNOWN_TRIGGERS; read once per schema version. */
int sq_triggers_known(struct store *imp, int *known, struct err *err)
{
	sqlite3_stmt *st = NULL;
	long long v;
	int rc;

	if ((rc = sq_prep(imp, SQL_SCHEMA_VERSION, &st, err)) ||
	    (rc = sq_step(imp, st, err)) < 0)
		return rc;
	v = sqlite3_column_int64(st, 0);
	sq_done(st);
	if (v != imp->triggers_checked) {
		if ((rc = sq_prep(imp, SQL_TRIGGER_NAMES, &st, err)) ||
		    (rc = sq_step(imp, st, err)) < 0)
			return rc;
		imp->triggers_known = rc == 1 && sqlite3_column_text(st, 0) &&
			!strcmp((const char *)sqlite3_column_text(st, 0), KNOWN_TRIGGERS);
		sq_done(st);
		imp->triggers_checked = v;
	}
	*known = imp->triggers_known;
	return 0;
}
