/*
 * sql.c - the helpers every file of store/ shares: errors, the statement
 * cache, binding, stepping, columns and transactions.  See store_int.h.
 */
#include "tracker/store/store_int.h"
#include "tracker/store/search.h"
#include "tracker/store/words.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int sq_dbfail(struct store *s, struct err *err, const char *what)
{
	return err_set(err, ERR_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* A cached statement for this literal, ready to bind. */
int sq_prep(struct store *s, const char *sql, sqlite3_stmt **out,
		struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	*out = NULL;
	for (i = 0; i < s->n_cache; i++) {
		if (s->cache[i].sql == sql) {
			*out = s->cache[i].st;
			return 0;
		}
	}
	if (s->n_cache == STMT_CACHE)
		return err_set(err, ERR_DB, "statement cache full (raise STMT_CACHE)");
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK)
		return sq_dbfail(s, err, "cannot prepare statement");
	s->cache[s->n_cache].sql = sql;
	s->cache[s->n_cache].st = st;
	s->n_cache++;
	s->bind_rc = SQLITE_OK;
	*out = st;
	return 0;
}

/* Makes a cached statement ready for its next use.  NULL-safe. */
void sq_done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

void sq_note_bind(struct store *s, int rc)
{
	if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
		s->bind_rc = rc;
}

/* Binds text, or NULL when v is NULL. */
void sq_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v)
{
	sq_note_bind(s, v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT)
		       : sqlite3_bind_null(st, i));
}

void sq_bind_int(struct store *s, sqlite3_stmt *st, int i, long long v)
{
	sq_note_bind(s, sqlite3_bind_int64(st, i, v));
}

/* Binds an id, or NULL for 0 (ids start at 1). */
void sq_bind_id(struct store *s, sqlite3_stmt *st, int i, long long v)
{
	sq_note_bind(s, v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i));
}

/* Binds "YYYY-MM-DD", or NULL when the date is not complete. */
void sq_bind_date(struct store *s, sqlite3_stmt *st, int i, struct ymd d)
{
	char buf[11];

	if (d.y > 0 && d.m > 0 && d.d > 0) {
		ymd_format(d, buf);
		sq_bind_text(s, st, i, buf);
	} else {
		sq_note_bind(s, sqlite3_bind_null(st, i));
	}
}

/*
 * Steps once.  Returns 1 for a row, 0 when done, or an ERR_* code (and
 * resets the statement) on failure, including an earlier failed bind.
 */
int sq_step(struct store *s, sqlite3_stmt *st, struct err *err)
{
	int rc;

	if (s->bind_rc != SQLITE_OK) {
		rc = s->bind_rc;
		s->bind_rc = SQLITE_OK;
		sq_done(st);
		return err_set(err, ERR_DB, "cannot bind a value: %s",
			    sqlite3_errstr(rc));
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sq_dbfail(s, err, "query failed");
	sq_done(st);
	return err->code;
}

/* Steps a statement that returns no row of interest and resets it. */
int sq_run(struct store *s, sqlite3_stmt *st, struct err *err)
{
	int rc = sq_step(s, st, err);

	sq_done(st);
	return rc < 0 ? rc : 0;
}

int sq_exec(struct store *s, const char *sql, struct err *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sq_dbfail(s, err, sql);
	return 0;
}

/* A copy of a text column, or NULL for SQL NULL. */
char *sq_col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	if (!v)
		return NULL;
	return xstrndup((const char *)v, (size_t)sqlite3_column_bytes(st, i));
}

struct ymd sq_col_date(sqlite3_stmt *st, int i)
{
	struct ymd d = {0, 0, 0};
	const char *v = (const char *)sqlite3_column_text(st, i);

	if (v)
		status_parse_date(v, &d);
	return d;
}

/* Current UTC time as ISO 8601, the stamp on every row a write touches. */
void sq_stamp_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, 32, "1970-01-01T00:00:00Z");
}

int sq_begin(struct store *s, struct err *err)
{
	return sq_exec(s, "BEGIN IMMEDIATE", err);
}

int sq_commit(struct store *s, struct err *err)
{
	return sq_exec(s, "COMMIT", err);
}

/* Prepared once per connection (the statement cache), not parsed per call. */
static const char SQL_READ_BEGIN[] = "BEGIN";
static const char SQL_READ_END[] = "COMMIT";

int sq_read_begin(struct store *s, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!sqlite3_get_autocommit(s->db))
		return 0;
	if ((rc = sq_prep(s, SQL_READ_BEGIN, &st, err)) || (rc = sq_run(s, st, err)))
		return rc;
	return 1;
}

void sq_read_end(struct store *s, int began)
{
	sqlite3_stmt *st = NULL;
	struct err err;

	/* A read transaction has nothing to lose: a COMMIT that fails (it
	 * cannot, holding no write) is undone. */
	if (began > 0 && !sqlite3_get_autocommit(s->db) &&
	    (sq_prep(s, SQL_READ_END, &st, &err) || sq_run(s, st, &err)))
		sq_rollback(s);
}

/* Undoes the open transaction, if any, keeping the first error's message. */
void sq_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}


enum due_kind sq_kind_parse(const char *s)
{
	int k;

	for (k = DUE_BEFORE; s && k <= DUE_WITHIN; k++)
		if (due_kind_name((enum due_kind)k) &&
		    !strcmp(s, due_kind_name((enum due_kind)k)))
			return (enum due_kind)k;
	return DUE_NONE;
}

enum rec_freq sq_freq_parse(const char *s)
{
	int f;

	for (f = REC_DAILY; s && f <= REC_PERIODIC; f++)
		if (rec_freq_name((enum rec_freq)f) &&
		    !strcmp(s, rec_freq_name((enum rec_freq)f)))
			return (enum rec_freq)f;
	return REC_NONE;
}

/*
 * vn_fold(text): the text with "đ"/"Đ" as "d"/"D".  FTS5's unicode61
 * tokenizer removes tone and vowel marks but treats đ as a letter of its
 * own, and people type "don doc" for "đôn đốc"; the index and the query
 * both go through this, and the tokenizer does the rest.
 */
static void fn_vn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	char *out;

	(void)argc;
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	out = store_fold_d((const char *)in, (size_t)n);
	sqlite3_result_text(ctx, out, -1, free);
}

char *store_fold_d(const char *in, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if ((unsigned char)in[i] == 0xc4 && i + 1 < n &&
		    ((unsigned char)in[i + 1] == 0x91 || (unsigned char)in[i + 1] == 0x90)) {
			out[o++] = (unsigned char)in[i + 1] == 0x91 ? 'd' : 'D';
			i++;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = 0;
	return out;
}

/*
 * vn_words(text): the document item_fts holds for an item whose task
 * text is text (words_doc()); NULL text has no words.
 */
static void fn_vn_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);

	(void)argc;
	sqlite3_result_text(ctx, words_doc(in, in ? (size_t)n : 0), -1, free);
}

/* vn_syllables(text): its distinct folded syllables as a JSON array
 * (words_syllables()). */
static void fn_vn_syllables(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);

	(void)argc;
	sqlite3_result_text(ctx, words_syllables(in, in ? (size_t)n : 0), -1, free);
}

int sq_functions_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(db, "vn_fold", 1, flags, NULL, fn_vn_fold, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "vn_words", 1, flags, NULL, fn_vn_words, NULL,
					     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "vn_syllables", 1, flags, NULL, fn_vn_syllables,
					     NULL, NULL);
	return rc;
}

int sq_register_functions(struct store *s, struct err *err)
{
	if (sq_functions_register(s->db) != SQLITE_OK)
		return sq_dbfail(s, err, "cannot register the SQL functions");
	return 0;
}
