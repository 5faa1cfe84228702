/*
 * mailq.c - the queue of rendered mails: added once per key, handed to
 * delivery oldest first, marked sent only after the server accepted them.
 */
#include "tracker/store/mailq.h"
#include "tracker/store/store_int.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_MAIL_ADD[] =
	"INSERT INTO mails (key, kind, unit_id, rcpt, sender, message_id, message, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (key) DO NOTHING";
static const char SQL_MAIL_BY_KEY[] = "SELECT id FROM mails WHERE key = ?1";

int store_mail_exists(struct store *s, const char *key, int *exists,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*exists = 0;
	if ((rc = sq_prep(s, SQL_MAIL_BY_KEY, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, key);
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc < 0)
		return rc;
	*exists = rc == 1;
	return 0;
}

int store_mail_add(struct store *s, const char *key, const char *kind,
		   long long unit_id, const char *rcpt, const char *sender,
		   const char *message_id, const char *msg, size_t len, long long *id,
		   int *existed, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	*id = 0;
	*existed = 0;
	sq_stamp_now(now);
	if ((rc = sq_prep(s, SQL_MAIL_ADD, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, key);
	sq_bind_text(s, st, 2, kind);
	sq_bind_id(s, st, 3, unit_id);
	sq_bind_text(s, st, 4, rcpt);
	sq_bind_text(s, st, 5, sender);
	sq_bind_text(s, st, 6, message_id);
	sq_note_bind(s, sqlite3_bind_blob64(st, 7, msg, len, SQLITE_TRANSIENT));
	sq_bind_text(s, st, 8, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	if (sqlite3_changes(s->db) > 0) {
		*id = sqlite3_last_insert_rowid(s->db);
		return 0;
	}
	*existed = 1;
	if ((rc = sq_prep(s, SQL_MAIL_BY_KEY, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, key);
	rc = sq_step(s, st, err);
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/* Bounded scan: of the pending mails' partial index, emptied by delivery. */
static const char SQL_MAIL_PENDING[] =
	"SELECT id FROM mails WHERE status = 'pending' ORDER BY id";

int store_mail_pending(struct store *s,
		       int (*fn)(const struct store_mail *m, void *arg), void *arg,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	long long *ids = NULL;
	size_t n = 0, alloc = 0, i;
	int rc;

	memset(err, 0, sizeof(*err));
	/*
	 * Ids first, then one row at a time: fn marks mails sent while we
	 * go, and a scan must not run over rows it is changing.
	 */
	if ((rc = sq_prep(s, SQL_MAIL_PENDING, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		ALLOC_GROW(ids, n + 1, alloc);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < n && !rc; i++) {
		sqlite3_stmt *one = NULL;
		static const char SQL_MAIL_ONE[] =
			"SELECT id, key, kind, rcpt, sender, message_id, message, attempts"
			" FROM mails WHERE id = ?1 AND status = 'pending'";
		struct store_mail m;
		if ((rc = sq_prep(s, SQL_MAIL_ONE, &one, err)))
			break;
		sq_bind_int(s, one, 1, ids[i]);
		rc = sq_step(s, one, err);
		if (rc != 1) {
			sq_done(one);
			if (rc < 0)
				break;
			rc = 0;
			continue;
		}
		m.id = sqlite3_column_int64(one, 0);
		m.key = (const char *)sqlite3_column_text(one, 1);
		m.kind = (const char *)sqlite3_column_text(one, 2);
		m.rcpt = (const char *)sqlite3_column_text(one, 3);
		m.sender = (const char *)sqlite3_column_text(one, 4);
		m.message_id = (const char *)sqlite3_column_text(one, 5);
		m.message = sqlite3_column_blob(one, 6);
		m.len = (size_t)sqlite3_column_bytes(one, 6);
		m.attempts = sqlite3_column_int(one, 7);
		/* Copy what fn needs: it writes to the database, which resets `one`. */
		{
			char *key = m.key ? xstrdup(m.key) : NULL, *kind = xstrdup(m.kind);
			char *rcpt = xstrdup(m.rcpt), *sender = xstrdup(m.sender);
			char *mid = xstrdup(m.message_id);
			char *msg = xmalloc(m.len + 1);
			memcpy(msg, m.message ? m.message : "", m.len);
			msg[m.len] = '\0';
			sq_done(one);
			m.key = key;
			m.kind = kind;
			m.rcpt = rcpt;
			m.sender = sender;
			m.message_id = mid;
			m.message = msg;
			rc = fn(&m, arg);
			free(key);
			free(kind);
			free(rcpt);
			free(sender);
			free(mid);
			free(msg);
		}
	}
out:
	free(ids);
	return rc;
}

static const char SQL_MAIL_SENT[] =
	"UPDATE mails SET status = 'sent', sent_at = ?2, attempts = attempts + 1,"
	" last_error = NULL WHERE id = ?1";
static const char SQL_MAIL_FAILED[] =
	"UPDATE mails SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1";

int store_mail_result(struct store *s, long long id, const char *error,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	memset(err, 0, sizeof(*err));
	sq_stamp_now(now);
	if ((rc = sq_prep(s, error ? SQL_MAIL_FAILED : SQL_MAIL_SENT, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	sq_bind_text(s, st, 2, error ? error : now);
	/* One statement in autocommit mode is its own transaction. */
	return sq_run(s, st, err);
}

/* Bounded scan: `tracker mail` status, by hand, counts every mail. */
static const char SQL_MAIL_COUNTS[] =
	"SELECT coalesce(sum(status = 'pending'), 0), coalesce(sum(status = 'sent'), 0) FROM mails";

int store_mail_counts(struct store *s, long *pending, long *sent,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	*pending = *sent = 0;
	if ((rc = sq_prep(s, SQL_MAIL_COUNTS, &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	if (rc == 1) {
		*pending = (long)sqlite3_column_int64(st, 0);
		*sent = (long)sqlite3_column_int64(st, 1);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static const char SQL_UNIT_EMAIL[] = "SELECT email, name FROM units WHERE id = ?1";

int store_unit_email(struct store *s, long long unit_id, char **email, char **name,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*email = NULL;
	if (name)
		*name = NULL;
	if ((rc = sq_prep(s, SQL_UNIT_EMAIL, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, unit_id);
	rc = sq_step(s, st, err);
	if (rc == 1) {
		*email = sq_col_str(st, 0);
		if (name)
			*name = sq_col_str(st, 1);
	}
	sq_done(st);
	if (rc == 0)
		return err_set(err, ERR_NOTFOUND, "no unit %lld", unit_id);
	return rc < 0 ? rc : 0;
}

static const char SQL_DIR_EMAILS[] =
	"SELECT id, name, email FROM units"
	" WHERE in_directory = 1 AND email IS NOT NULL AND email <> ''"
	" ORDER BY dir_position, id";

int store_directory_emails(struct store *s,
			   int (*fn)(long long id, const char *name, const char *email, void *arg),
			   void *arg, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_DIR_EMAILS, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1)
		if (fn(sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2), arg))
			break;
	sq_done(st);
	return rc < 0 ? rc : 0;
}
