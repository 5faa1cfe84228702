/*
 * drafts.c - import drafts: a parsed upload kept until the clerk commits
 * it with corrections, forgotten after a week if nobody does.
 */
#include "tracker/store/drafts.h"
#include "tracker/store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Drafts nobody committed are forgotten after a week. */
static const char SQL_DRAFT_PRUNE[] =
	"DELETE FROM drafts WHERE notice_id IS NULL AND created_at < ?1";
static const char SQL_DRAFT_INSERT[] =
	"INSERT INTO drafts (user_id, source_name, source_text, created_at)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_DRAFT_GET[] =
	"SELECT source_name, source_text, notice_id FROM drafts WHERE id = ?1";
static const char SQL_DRAFT_DONE[] = "UPDATE drafts SET notice_id = ?2 WHERE id = ?1";

int store_draft_add(struct store *s, long long user_id, const char *name,
		    const char *text, long long *id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	memset(err, 0, sizeof(*err));
	sq_stamp_now(now);
	{
		char week_ago[32];
		time_t t = time(NULL) - 7 * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(week_ago, sizeof(week_ago), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if ((rc = sq_prep(s, SQL_DRAFT_PRUNE, &st, err)))
			return rc;
		sq_bind_text(s, st, 1, week_ago);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	if ((rc = sq_prep(s, SQL_DRAFT_INSERT, &st, err)))
		return rc;
	sq_bind_id(s, st, 1, user_id);
	sq_bind_text(s, st, 2, name ? name : "");
	sq_bind_text(s, st, 3, text);
	sq_bind_text(s, st, 4, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int store_draft_get(struct store *s, long long id, char **name, char **text,
		    long long *notice_id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*name = *text = NULL;
	*notice_id = 0;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_DRAFT_GET, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) == 1) {
		*name = sq_col_str(st, 0);
		*text = sq_col_str(st, 1);
		*notice_id = sqlite3_column_int64(st, 2);
	}
	sq_done(st);
	if (rc == 0)
		return err_set(err, ERR_NOTFOUND, "no draft %lld", id);
	return rc < 0 ? rc : 0;
}

int store_draft_done(struct store *s, long long id, long long notice_id,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_DRAFT_DONE, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	sq_bind_int(s, st, 2, notice_id);
	return sq_run(s, st, err);
}

static const char SQL_DRAFT_CLAIM[] =
	"UPDATE drafts SET claimed_at = ?2 WHERE id = ?1 AND notice_id IS NULL"
	" AND (claimed_at IS NULL OR claimed_at < ?3)";
static const char SQL_DRAFT_RELEASE[] =
	"UPDATE drafts SET claimed_at = NULL WHERE id = ?1 AND notice_id IS NULL";

int store_draft_claim(struct store *s, long long id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32], stale[32];
	time_t t = time(NULL) - 600;
	struct tm tm;
	char *name = NULL, *text = NULL;
	long long done_as;
	int rc;

	memset(err, 0, sizeof(*err));
	sq_stamp_now(now);
	gmtime_r(&t, &tm);
	strftime(stale, sizeof(stale), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* One statement: SQLite's write lock makes the test and the set one step. */
	if ((rc = sq_prep(s, SQL_DRAFT_CLAIM, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	sq_bind_text(s, st, 2, now);
	sq_bind_text(s, st, 3, stale);
	if ((rc = sq_run(s, st, err)))
		return rc;
	if (sqlite3_changes(s->db) == 1)
		return 0;
	if ((rc = store_draft_get(s, id, &name, &text, &done_as, err)))
		return rc;
	free(name);
	free(text);
	if (done_as) {
		char num[24];
		snprintf(num, sizeof(num), "%lld", done_as);
		return err_key(err, ERR_BADSTATE, "draft_committed", num,
			       "draft %lld is already stored as notice %lld", id, done_as);
	}
	return err_key(err, ERR_BADSTATE, "draft_busy", NULL,
		       "draft %lld is being stored by another commit", id);
}

void store_draft_release(struct store *s, long long id)
{
	sqlite3_stmt *st = NULL;
	struct err err;

	if (!sq_prep(s, SQL_DRAFT_RELEASE, &st, &err)) {
		sq_bind_int(s, st, 1, id);
		sq_run(s, st, &err);
	}
}
