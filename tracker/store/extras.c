/*
 * store/extras.c - a work item's supporting units and latest note, for the
 * task list's export.  See extras.h.
 */
#include "tracker/store/extras.h"
#include "tracker/store/store_int.h"

#include <string.h>

static const char SQL_CO_OWNERS[] =
	"SELECT coalesce(g.name, u.name) FROM assignments a JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN units g ON g.id = a.via_group_id"
	" WHERE a.task_id = ?1 AND a.role = 'support' AND a.removed_at IS NULL"
	" GROUP BY 1 ORDER BY min(a.id)";
static const char SQL_LATEST_NOTE[] =
	"SELECT note FROM task_events WHERE task_id = ?1 AND occurrence_id = ?2"
	" AND note IS NOT NULL AND note <> '' ORDER BY id DESC LIMIT 1";

int store_item_extras(struct store *s, long long task_id, long long item_id, struct sbuf *co,
		      struct sbuf *note, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	sbuf_reset(co);
	sbuf_reset(note);
	if ((rc = sq_prep(s, SQL_CO_OWNERS, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	while ((rc = sq_step(s, st, err)) == 1) {
		if (co->len)
			sbuf_add(co, "; ", 2);
		sbuf_adds(co, (const char *)sqlite3_column_text(st, 0));
	}
	sq_done(st);
	if (rc < 0)
		return rc;
	if ((rc = sq_prep(s, SQL_LATEST_NOTE, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_int(s, st, 2, item_id);
	if ((rc = sq_step(s, st, err)) == 1)
		sbuf_adds(note, (const char *)sqlite3_column_text(st, 0));
	sq_done(st);
	return rc < 0 ? rc : 0;
}
