/*
 * attach.c - documents attached to work and the accounts' saved views.
 * See attach.h.
 */
#include "tracker/store/attach.h"
#include "tracker/store/store_int.h"
#include "tracker/core/secret.h"
#include "tracker/core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Attachments ---------------------------------------------------------- */

/*
 * The name a document is kept and offered under: the last part of what
 * the client sent, without control bytes, quotes or slashes, cut at a
 * character boundary, and ending in the extension of the type its bytes
 * have (a PDF named "x.html" is offered as "x.html.pdf").
 */
char *store_attach_name(const char *sent, const char *ext)
{
	struct sbuf sb;
	const char *p, *base = sent ? sent : "";
	size_t dot;

	for (p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	sbuf_init(&sb, 0);
	for (p = base; *p && sb.len < 180; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || c == '"' || c == ';' || c == '%' || c == '*')
			sbuf_addc(&sb, '_');
		else
			sbuf_addc(&sb, (char)c);
	}
	/* Cut back to a whole character. */
	while (sb.len && !utf8_check(sb.buf, sb.len, NULL))
		sb.len--;
	while (sb.len && (sb.buf[sb.len - 1] == '.' || sb.buf[sb.len - 1] == ' '))
		sb.len--;
	if (!sb.len)
		sbuf_adds(&sb, "tai-lieu");
	sbuf_addc(&sb, '\0');
	sb.len--;
	for (dot = sb.len; dot && sb.buf[dot - 1] != '.'; dot--)
		;
	if (!dot || (strcasecmp(sb.buf + dot, ext) &&
		     !(!strcmp(ext, "jpg") && !strcasecmp(sb.buf + dot, "jpeg")))) {
		sbuf_addc(&sb, '.');
		sbuf_adds(&sb, ext);
	}
	return sbuf_detach(&sb);
}


static const char SQL_ATTACH_INSERT[] =
	"INSERT INTO attachments (task_id, occurrence_id, name, ctype, size, sha256, data,"
	" added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_ATTACH_EVENT[] = "UPDATE attachments SET event_id = ?2 WHERE id = ?1";
#define ATTACH_COLUMNS                                                             \
	"SELECT x.id, x.task_id, x.occurrence_id, x.name, x.ctype, x.size, x.sha256," \
	" x.added_by, x.added_at, a.unit_id"                                          \
	" FROM attachments x JOIN occurrences o ON o.id = x.occurrence_id"            \
	" JOIN assignments a ON a.id = o.assignment_id"
static const char SQL_ATTACH_LIST[] = ATTACH_COLUMNS " WHERE x.task_id = ?1 ORDER BY x.id";
static const char SQL_ATTACH_GET[] = ATTACH_COLUMNS " WHERE x.id = ?1";
static const char SQL_ATTACH_DATA[] = "SELECT data FROM attachments WHERE id = ?1";

void store_attachment_release(struct store_attachment *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->ctype);
	free(a->added_by);
	free(a->added_at);
	memset(a, 0, sizeof(*a));
}

static void sha_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[SECRET_SHA256_LEN];
	size_t i;

	secret_sha256(data, n, md);
	for (i = 0; i < SECRET_SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int sq_attach_insert(struct store *s, long long task_id, long long item_id,
		     const struct store_file_in *f, const char *actor, const char *now,
		     long long *id, char sha[65], struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (f->size > STORE_ATTACH_MAX)
		return err_key(err, ERR_TOOBIG, "attach_too_big", NULL, "the document is over the limit");
	sha_hex(f->data, f->size, sha);
	if ((rc = sq_prep(s, SQL_ATTACH_INSERT, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_int(s, st, 2, item_id);
	sq_bind_text(s, st, 3, f->name && *f->name ? f->name : "tep-dinh-kem");
	sq_bind_text(s, st, 4, f->ctype);
	sq_bind_int(s, st, 5, (long long)f->size);
	sq_bind_text(s, st, 6, sha);
	sq_note_bind(s, sqlite3_bind_blob64(st, 7, f->size ? f->data : "", f->size, SQLITE_STATIC));
	sq_bind_text(s, st, 8, actor ? actor : "office");
	sq_bind_text(s, st, 9, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int sq_attach_event(struct store *s, long long id, long long event_id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_ATTACH_EVENT, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	sq_bind_int(s, st, 2, event_id);
	return sq_run(s, st, err);
}

/* A row of ATTACH_COLUMNS; texts borrowed from the statement. */
static void attach_from_row(sqlite3_stmt *st, struct store_attachment *a, long long *unit_id)
{
	const char *sha = (const char *)sqlite3_column_text(st, 6);

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(st, 0);
	a->task_id = sqlite3_column_int64(st, 1);
	a->item_id = sqlite3_column_int64(st, 2);
	a->name = (char *)sqlite3_column_text(st, 3);
	a->ctype = (char *)sqlite3_column_text(st, 4);
	a->size = sqlite3_column_int64(st, 5);
	snprintf(a->sha256, sizeof(a->sha256), "%s", sha ? sha : "");
	a->added_by = (char *)sqlite3_column_text(st, 7);
	a->added_at = (char *)sqlite3_column_text(st, 8);
	if (unit_id)
		*unit_id = sqlite3_column_int64(st, 9);
}

int store_list_attachments(struct store *s, long long task_id,
			   int (*fn)(const struct store_attachment *a, void *arg), void *arg,
			   struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_attachment a;
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_ATTACH_LIST, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	while ((rc = sq_step(s, st, err)) == 1) {
		attach_from_row(st, &a, NULL);
		if ((rc = fn(&a, arg)))
			break;
	}
	sq_done(st);
	return rc;
}

int store_get_attachment(struct store *s, long long id, struct store_attachment *out,
			 long long *unit_id, struct sbuf *data, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_attachment a;
	int rc;

	memset(err, 0, sizeof(*err));
	memset(out, 0, sizeof(*out));
	if ((rc = sq_prep(s, SQL_ATTACH_GET, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) <= 0) {
		sq_done(st);
		return rc ? rc : err_set(err, ERR_NOTFOUND, "no attachment %lld", id);
	}
	attach_from_row(st, &a, unit_id);
	*out = a;
	out->name = xstrdup(a.name ? a.name : "");
	out->ctype = xstrdup(a.ctype ? a.ctype : "application/octet-stream");
	out->added_by = xstrdup(a.added_by ? a.added_by : "");
	out->added_at = xstrdup(a.added_at ? a.added_at : "");
	sq_done(st);
	if (!data)
		return 0;
	if ((rc = sq_prep(s, SQL_ATTACH_DATA, &st, err)))
		goto fail;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) <= 0) {
		sq_done(st);
		if (!rc)
			rc = err_set(err, ERR_NOTFOUND, "no attachment %lld", id);
		goto fail;
	}
	sbuf_add(data, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sq_done(st);
	return 0;
fail:
	store_attachment_release(out);
	return rc;
}

static const char SQL_TASK_EXISTS[] = "SELECT 1 FROM tasks WHERE id = ?1 AND removed_at IS NULL";
static const char SQL_TASK_LED_BY[] =
	"SELECT 1 FROM assignments WHERE task_id = ?1 AND unit_id = ?2 AND role = 'lead'"
	" AND removed_at IS NULL";

int store_task_led_by(struct store *s, long long task_id, long long unit_id, int *yes,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	*yes = 0;
	if ((rc = sq_prep(s, SQL_TASK_EXISTS, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc <= 0)
		return rc ? rc : err_set(err, ERR_NOTFOUND, "no task %lld", task_id);
	if ((rc = sq_prep(s, SQL_TASK_LED_BY, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_int(s, st, 2, unit_id);
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc < 0)
		return rc;
	*yes = rc == 1;
	return 0;
}

/* ---- Saved views -------------------------------------------------------------- */

static const char SQL_VIEW_LIST[] =
	"SELECT id, name, query, created_at FROM saved_views WHERE user_id = ?1"
	" ORDER BY name COLLATE NOCASE, id";
static const char SQL_VIEW_COUNT[] =
	"SELECT count(*) FROM saved_views WHERE user_id = ?1 AND name <> ?2";
static const char SQL_VIEW_SAVE[] =
	"INSERT INTO saved_views (user_id, name, query, created_at) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query,"
	" created_at = excluded.created_at RETURNING id";
static const char SQL_VIEW_DELETE[] = "DELETE FROM saved_views WHERE user_id = ?1 AND id = ?2";

void store_view_release(struct store_view *v)
{
	if (!v)
		return;
	free(v->name);
	free(v->query);
	free(v->created_at);
	memset(v, 0, sizeof(*v));
}

int store_list_views(struct store *s, long long user_id,
		     int (*fn)(const struct store_view *v, void *arg), void *arg,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_view v;
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_VIEW_LIST, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, user_id);
	while ((rc = sq_step(s, st, err)) == 1) {
		v.id = sqlite3_column_int64(st, 0);
		v.name = (char *)sqlite3_column_text(st, 1);
		v.query = (char *)sqlite3_column_text(st, 2);
		v.created_at = (char *)sqlite3_column_text(st, 3);
		if ((rc = fn(&v, arg)))
			break;
	}
	sq_done(st);
	return rc;
}

int store_save_view(struct store *s, long long user_id, const char *name, const char *query,
		    long long *id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32], lim[16];
	int rc;

	memset(err, 0, sizeof(*err));
	snprintf(lim, sizeof(lim), "%d", STORE_VIEW_NAME_MAX);
	if (!name || !*name || strlen(name) > STORE_VIEW_NAME_MAX) {
		err_key(err, ERR_INVAL, "view_name", lim, "a view needs a name of at most %s bytes", lim);
		snprintf(err->field, sizeof(err->field), "name");
		return ERR_INVAL;
	}
	if (!query || strlen(query) > STORE_VIEW_QUERY_MAX) {
		err_key(err, ERR_INVAL, "view_query", NULL, "a view's query is missing or too long");
		snprintf(err->field, sizeof(err->field), "query");
		return ERR_INVAL;
	}
	if ((rc = sq_begin(s, err)) || (rc = sq_prep(s, SQL_VIEW_COUNT, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, user_id);
	sq_bind_text(s, st, 2, name);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	rc = sqlite3_column_int(st, 0) >= STORE_VIEWS_MAX;
	sq_done(st);
	if (rc) {
		snprintf(lim, sizeof(lim), "%d", STORE_VIEWS_MAX);
		rc = err_key(err, ERR_CONFLICT, "views_full", lim, "an account keeps at most %s views", lim);
		goto out;
	}
	sq_stamp_now(now);
	if ((rc = sq_prep(s, SQL_VIEW_SAVE, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, user_id);
	sq_bind_text(s, st, 2, name);
	sq_bind_text(s, st, 3, query);
	sq_bind_text(s, st, 4, now);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	*id = sqlite3_column_int64(st, 0);
	sq_done(st);
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}

int store_delete_view(struct store *s, long long user_id, long long id, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_VIEW_DELETE, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, user_id);
	sq_bind_int(s, st, 2, id);
	if ((rc = sq_run(s, st, err)))
		return rc;
	if (!sqlite3_changes(s->db))
		return err_key(err, ERR_NOTFOUND, "no_view", NULL, "no view %lld", id);
	return 0;
}
