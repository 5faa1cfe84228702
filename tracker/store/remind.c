/*
 * store/remind.c - reminders decided, in the store: which work was
 * reminded of, in which slot, and the last daily run.
 *
 * Crash safety comes from the order of writes: a reminder row and the
 * rendered mail that carries it are committed in one transaction before
 * anything is handed to a mail server, and a mail is marked sent only
 * after the server accepted it.  A process killed anywhere leaves either
 * nothing (the next run decides again, and finds the same reminders due)
 * or a queued mail (the next run delivers it).
 */
#include "tracker/store/remind.h"
#include "tracker/store/life.h"
#include "tracker/store/store_int.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_REMIND_ADD[] =
	"INSERT INTO reminders (occurrence_id, kind, slot, decided_on) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (occurrence_id, kind, slot) DO NOTHING";

int store_remind_add(struct store *s, long long item_id, const char *kind, int slot,
		     struct ymd day, int *added, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*added = 0;
	if ((rc = sq_prep(s, SQL_REMIND_ADD, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, item_id);
	sq_bind_text(s, st, 2, kind);
	sq_bind_int(s, st, 3, slot);
	sq_bind_date(s, st, 4, day);
	if ((rc = sq_run(s, st, err)))
		return rc;
	*added = sqlite3_changes(s->db) > 0;
	return 0;
}

static const char SQL_RUN_LAST[] = "SELECT day, rules, mark FROM remind_runs WHERE id = 1";
static const char SQL_RUN_CHANGED[] =
	"SELECT occurrence_id FROM remind_changed ORDER BY occurrence_id";
static const char SQL_RUN_MARK[] =
	"INSERT INTO remind_runs (id, day, rules, mark)"
	" VALUES (1, ?1, ?2, (SELECT coalesce(max(id), 0) FROM occurrences))"
	" ON CONFLICT (id) DO UPDATE SET day = excluded.day, rules = excluded.rules,"
	" mark = excluded.mark";
static const char SQL_RUN_FORGET[] = "DELETE FROM remind_changed";

int store_remind_since(struct store *s, const char *rules, struct store_remind_since *out,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sq_prep(s, SQL_RUN_LAST, &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	if (rc == 1) {
		const char *was = (const char *)sqlite3_column_text(st, 1);
		if (was && !strcmp(was, rules)) {
			out->day = sq_col_date(st, 0);
			out->mark = sqlite3_column_int64(st, 2);
		}
	}
	sq_done(st);
	if (!out->day.y) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if ((rc = sq_prep(s, SQL_RUN_CHANGED, &st, err)))
		goto out;
	while ((rc = sq_step(s, st, err)) == 1) {
		ALLOC_GROW(out->changed, out->n_changed + 1, alloc);
		out->changed[out->n_changed++] = sqlite3_column_int64(st, 0);
	}
	sq_done(st);
out:
	if (rc < 0) {
		store_remind_since_release(out);
		return rc;
	}
	return 0;
}

void store_remind_since_release(struct store_remind_since *r)
{
	if (!r)
		return;
	free(r->changed);
	memset(r, 0, sizeof(*r));
}

int store_remind_mark_run(struct store *s, struct ymd day, const char *rules,
			  struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_RUN_MARK, &st, err)))
		return rc;
	sq_bind_date(s, st, 1, day);
	sq_bind_text(s, st, 2, rules);
	if ((rc = sq_run(s, st, err)))
		return rc;
	if ((rc = sq_prep(s, SQL_RUN_FORGET, &st, err)))
		return rc;
	return sq_run(s, st, err);
}

static const char SQL_REMIND_UNITS[] =
	"SELECT DISTINCT a.unit_id FROM reminders r JOIN occurrences o ON o.id = r.occurrence_id"
	" JOIN assignments a ON a.id = o.assignment_id"
	" WHERE r.mail_id IS NULL AND r.skipped = 0 AND r.kind <> 'escalate' ORDER BY a.unit_id";
static const char SQL_REMIND_ESC[] =
	"SELECT 1 FROM reminders WHERE mail_id IS NULL AND skipped = 0 AND kind = 'escalate' LIMIT 1";

int store_remind_recipients(struct store *s, long long **unit_ids, size_t *n,
			    int *escalations, struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc;

	*unit_ids = NULL;
	*n = 0;
	*escalations = 0;
	if ((rc = sq_prep(s, SQL_REMIND_UNITS, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		ALLOC_GROW(*unit_ids, *n + 1, alloc);
		(*unit_ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	if ((rc = sq_prep(s, SQL_REMIND_ESC, &st, err)))
		goto out;
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc >= 0) {
		*escalations = rc == 1;
		rc = 0;
	}
out:
	if (rc) {
		free(*unit_ids);
		*unit_ids = NULL;
		*n = 0;
	}
	return rc;
}

/* A work item, then the reminder's columns. */
static const char SQL_REMIND_SCAN_UNIT[] =
	ITEM_SELECT ", r.id, r.kind, r.slot" ITEM_FROM " JOIN reminders r ON r.occurrence_id = o.id"
	" WHERE r.mail_id IS NULL AND r.skipped = 0"
	" AND ((?1 IS NULL AND r.kind = 'escalate') OR (a.unit_id = ?1 AND r.kind <> 'escalate'))"
	" ORDER BY o.eff_last, t.notice_id, t.position, a.unit_id, o.id";

int store_remind_scan(struct store *s, long long unit_id, struct ymd today,
		      int (*fn)(const struct store_reminder *r, const struct store_item *it,
				void *arg),
		      void *arg, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_REMIND_SCAN_UNIT, &st, err)))
		return rc;
	sq_bind_id(s, st, 1, unit_id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		struct store_reminder r;
		int stop;
		sq_item_from_row(st, &it, today);
		r.id = sqlite3_column_int64(st, ITEM_NCOLS);
		r.kind = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 1);
		r.slot = sqlite3_column_int(st, ITEM_NCOLS + 2);
		if ((stop = fn(&r, &it, arg))) {
			sq_done(st);
			return stop;
		}
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static const char SQL_REMIND_SET_MAIL[] = "UPDATE reminders SET mail_id = ?2 WHERE id = ?1";
static const char SQL_REMIND_SKIP[] = "UPDATE reminders SET skipped = 1 WHERE id = ?1";

int store_remind_set_mail(struct store *s, const long long *ids, size_t n,
			  long long mail_id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = sq_prep(s, mail_id ? SQL_REMIND_SET_MAIL : SQL_REMIND_SKIP, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, ids[i]);
		if (mail_id)
			sq_bind_int(s, st, 2, mail_id);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	return 0;
}
