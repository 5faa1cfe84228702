/*
 * store/feed.c - what calendar feeds need from the store: the private
 * feed tokens (issued, rotated, revoked, looked up), the cheap stamp an
 * ETag is made from, and the scan of a feed's work items.  See
 * store/feed.h; the feed itself is written by feed/feed.c.
 *
 * A token is 128 bits from getrandom(2), handed out once in base64url; the
 * store keeps only its SHA-256 (libcrypto).  A slow password hash buys
 * nothing here: guessing a 128-bit random value is hopeless whatever the
 * hash, and a feed server looks tokens up on every request.  Tokens that
 * were rotated away or revoked keep their row, so that a client still
 * polling one is told "gone" (410) and drops the calendar, while a token
 * that never existed is "not found" (404).
 */
#include "tracker/store/feed.h"
#include "tracker/store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/evp.h>

#include "notices/deadline.h"

/* ---- Tokens -------------------------------------------------------------- */

#define TOKEN_BYTES 16
#define HASH_BYTES 32

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* 16 bytes as 22 base64url characters (the last one carries 2 bits). */
static void encode_token(const unsigned char in[TOKEN_BYTES],
			 char out[STORE_TOKEN_CHARS + 1])
{
	unsigned long v;
	size_t i, o = 0;

	for (i = 0; i + 3 <= TOKEN_BYTES; i += 3) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
		out[o++] = b64url[v & 63];
	}
	v = in[TOKEN_BYTES - 1];
	out[o++] = b64url[v >> 2];
	out[o++] = b64url[(v & 3) << 4];
	out[o] = '\0';
}

static int token_shaped(const char *t)
{
	size_t i;

	for (i = 0; i < STORE_TOKEN_CHARS; i++)
		if (!t[i] || !strchr(b64url, t[i]))
			return 0;
	return t[i] == '\0';
}

static void token_hash(const char *token, unsigned char out[HASH_BYTES])
{
	unsigned int n = HASH_BYTES;

	if (!EVP_Digest(token, strlen(token), out, &n, EVP_sha256(), NULL) ||
	    n != HASH_BYTES)
		abort(); /* libcrypto cannot fail this but by running out of memory */
}

static const char *scope_word(enum store_feed_kind k)
{
	return k == STORE_FEED_NOTICE ? "notice" : k == STORE_FEED_OFFICE ? "office" : "unit";
}

static const char SQL_UNIT_KIND[] = "SELECT is_group FROM units WHERE id = ?1";
static const char SQL_NOTICE_HAS[] = "SELECT 1 FROM notices WHERE id = ?1";
static const char SQL_TOKEN_LIVE[] =
	"SELECT id FROM feed_tokens WHERE scope = ?1 AND coalesce(unit_id, 0) = ?2"
	" AND coalesce(notice_id, 0) = ?3 AND ended_at IS NULL";
static const char SQL_TOKEN_END[] =
	"UPDATE feed_tokens SET ended_at = ?2, ended_how = ?3 WHERE id = ?1";
static const char SQL_TOKEN_ADD[] =
	"INSERT INTO feed_tokens (hash, scope, unit_id, notice_id, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_TOKEN_GET[] =
	"SELECT scope, unit_id, notice_id, ended_at IS NOT NULL FROM feed_tokens"
	" WHERE hash = ?1";

/* Checks that the scope names an existing unit (not a group) or notice. */
static int scope_check(struct store *s, const struct store_feed_scope *sc,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc, is_group = 0;

	if (sc->kind != STORE_FEED_UNIT && sc->kind != STORE_FEED_OFFICE &&
	    sc->kind != STORE_FEED_NOTICE)
		return err_set(err, ERR_INVAL, "unknown feed scope");
	if ((rc = sq_prep(s, sc->kind == STORE_FEED_NOTICE ? SQL_NOTICE_HAS : SQL_UNIT_KIND,
			  &st, err)))
		return rc;
	sq_bind_int(s, st, 1, sc->id);
	rc = sq_step(s, st, err);
	if (rc == 1 && sc->kind != STORE_FEED_NOTICE)
		is_group = sqlite3_column_int(st, 0);
	sq_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(err, ERR_NOTFOUND, "no %s %lld",
			       sc->kind == STORE_FEED_NOTICE ? "notice" : "unit", sc->id);
	if (is_group)
		return err_set(err, ERR_INVAL,
			       "unit %lld is a group: its members have the feeds", sc->id);
	return 0;
}

/* The id of the scope's live token, or 0. */
static int live_token(struct store *s, const struct store_feed_scope *sc, long long *id,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	if ((rc = sq_prep(s, SQL_TOKEN_LIVE, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, scope_word(sc->kind));
	sq_bind_int(s, st, 2, sc->kind == STORE_FEED_NOTICE ? 0 : sc->id);
	sq_bind_int(s, st, 3, sc->kind == STORE_FEED_NOTICE ? sc->id : 0);
	rc = sq_step(s, st, err);
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static int end_token(struct store *s, long long id, const char *how, const char *now,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_TOKEN_END, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	sq_bind_text(s, st, 2, now);
	sq_bind_text(s, st, 3, how);
	return sq_run(s, st, err);
}

static int random_bytes(unsigned char *buf, size_t n, struct err *err)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return err_set(err, ERR_IO, "cannot get random bytes: %s",
				       strerror(errno));
		got += (size_t)r;
	}
	return 0;
}

int store_feed_token_issue(struct store *s, const struct store_feed_scope *sc,
			   int rotate, char token[STORE_TOKEN_CHARS + 1],
			   struct err *err)
{
	unsigned char raw[TOKEN_BYTES], hash[HASH_BYTES];
	sqlite3_stmt *st = NULL;
	long long old;
	char now[32];
	int rc;

	memset(err, 0, sizeof(*err));
	token[0] = '\0';
	sq_stamp_now(now);
	if ((rc = random_bytes(raw, sizeof(raw), err)))
		return rc;
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = scope_check(s, sc, err)) || (rc = live_token(s, sc, &old, err)))
		goto out;
	if (old && !rotate) {
		rc = err_set(err, ERR_BADSTATE,
			     "this feed already has a token (it is shown only once);"
			     " rotate it to get a new one");
		goto out;
	}
	if (old && (rc = end_token(s, old, "rotated", now, err)))
		goto out;
	encode_token(raw, token);
	token_hash(token, hash);
	if ((rc = sq_prep(s, SQL_TOKEN_ADD, &st, err)))
		goto out;
	sq_note_bind(s, sqlite3_bind_blob(st, 1, hash, HASH_BYTES, SQLITE_TRANSIENT));
	sq_bind_text(s, st, 2, scope_word(sc->kind));
	sq_bind_id(s, st, 3, sc->kind == STORE_FEED_NOTICE ? 0 : sc->id);
	sq_bind_id(s, st, 4, sc->kind == STORE_FEED_NOTICE ? sc->id : 0);
	sq_bind_text(s, st, 5, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc) {
		sq_rollback(s);
		token[0] = '\0';
	}
	memset(raw, 0, sizeof(raw));
	return rc;
}

int store_feed_token_revoke(struct store *s, const struct store_feed_scope *sc,
			    struct err *err)
{
	long long old;
	char now[32];
	int rc;

	memset(err, 0, sizeof(*err));
	sq_stamp_now(now);
	if ((rc = sq_begin(s, err)))
		return rc;
	if ((rc = live_token(s, sc, &old, err)))
		goto out;
	if (!old) {
		rc = err_set(err, ERR_NOTFOUND, "this feed has no live token to revoke");
		goto out;
	}
	if ((rc = end_token(s, old, "revoked", now, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}

int store_feed_token_lookup(struct store *s, const char *token,
			    enum store_token_state *state, struct store_feed_scope *sc,
			    struct err *err)
{
	unsigned char hash[HASH_BYTES];
	sqlite3_stmt *st = NULL;
	const char *w;
	int rc;

	memset(err, 0, sizeof(*err));
	memset(sc, 0, sizeof(*sc));
	*state = STORE_TOKEN_UNKNOWN;
	if (!token || !token_shaped(token))
		return 0;
	token_hash(token, hash);
	if ((rc = sq_prep(s, SQL_TOKEN_GET, &st, err)))
		return rc;
	sq_note_bind(s, sqlite3_bind_blob(st, 1, hash, HASH_BYTES, SQLITE_TRANSIENT));
	rc = sq_step(s, st, err);
	if (rc == 1) {
		w = (const char *)sqlite3_column_text(st, 0);
		if (sqlite3_column_int(st, 3)) {
			*state = STORE_TOKEN_GONE;
		} else {
			*state = STORE_TOKEN_VALID;
			sc->kind = !strcmp(w, "notice") ? STORE_FEED_NOTICE
				 : !strcmp(w, "office") ? STORE_FEED_OFFICE : STORE_FEED_UNIT;
			sc->id = sqlite3_column_int64(st, sc->kind == STORE_FEED_NOTICE ? 2 : 1);
		}
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- The stamp ------------------------------------------------------------ */

static const char SQL_WORK_GEN_UNIT[] = "SELECT feed_gen FROM units WHERE id = ?1";
static const char SQL_WORK_GEN_NOTICE[] = "SELECT feed_gen FROM notices WHERE id = ?1";

int store_work_gen(struct store *s, long long unit_id, long long notice_id,
		   unsigned long long *gen, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*gen = 0;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, unit_id ? SQL_WORK_GEN_UNIT : SQL_WORK_GEN_NOTICE, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, unit_id ? unit_id : notice_id);
	rc = sq_step(s, st, err);
	if (rc == 1)
		*gen = (unsigned long long)sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static const char SQL_STAMP_UNIT[] =
	"SELECT u.feed_gen, u.feed_changed, u.name, NULL,"
	" (SELECT db_uid FROM feed_meta WHERE id = 1) FROM units u WHERE u.id = ?1";
/* Every unit's change is the office's: sums over the units (a few hundred). */
static const char SQL_STAMP_OFFICE[] =
	"SELECT (SELECT sum(feed_gen) FROM units), (SELECT max(feed_changed) FROM units),"
	" u.name, NULL, (SELECT db_uid FROM feed_meta WHERE id = 1) FROM units u WHERE u.id = ?1";
static const char SQL_STAMP_NOTICE[] =
	"SELECT n.feed_gen, n.feed_changed, n.number, n.date,"
	" (SELECT db_uid FROM feed_meta WHERE id = 1) FROM notices n WHERE n.id = ?1";

int store_feed_stamp(struct store *s, const struct store_feed_scope *sc,
		     struct store_feed_stamp *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	const char *sql = sc->kind == STORE_FEED_NOTICE ? SQL_STAMP_NOTICE
			: sc->kind == STORE_FEED_OFFICE ? SQL_STAMP_OFFICE : SQL_STAMP_UNIT;
	const char *w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, sc->id);
	rc = sq_step(s, st, err);
	if (rc == 1) {
		out->gen = sqlite3_column_int64(st, 0);
		w = (const char *)sqlite3_column_text(st, 1);
		snprintf(out->changed_at, sizeof(out->changed_at), "%s", w ? w : "");
		out->name = sq_col_str(st, 2);
		out->notice_date = sq_col_date(st, 3);
		w = (const char *)sqlite3_column_text(st, 4);
		snprintf(out->db_uid, sizeof(out->db_uid), "%s", w ? w : "");
	}
	sq_done(st);
	if (rc == 0)
		return err_set(err, ERR_NOTFOUND, "no %s %lld",
			       sc->kind == STORE_FEED_NOTICE ? "notice" : "unit", sc->id);
	return rc < 0 ? rc : 0;
}

void store_feed_stamp_release(struct store_feed_stamp *st)
{
	if (!st)
		return;
	free(st->name);
	st->name = NULL;
}

/* ---- The scan ------------------------------------------------------------- */

/*
 * A feed's items, and beside them the live units of their tasks, both in
 * the order of one merge key: the scan walks the two at once (a merge
 * join) rather than looking each task's units up per item.  A unit's feed
 * is keyed by the unit's own assignment (one per task), so both statements
 * read assignments_unit in rowid order and neither sorts: a sort of 10,000
 * rows of task text spills to a temporary file.  The other feeds are keyed
 * by task.
 */
#define FEED_ITEM_COLUMNS(key)                                                     \
	ITEM_SELECT ", o.rev, coalesce(o.changed_at, o.created_at), " key ITEM_FROM \
	" WHERE a.removed_at IS NULL AND t.removed_at IS NULL AND a.role = 'lead'"    \
	" AND o.eff_last IS NOT NULL AND (o.state <> 'done' OR o.done_on >= ?2)"
#define FEED_UNIT_COLUMNS                                                          \
	"SELECT a2.task_id, a2.role = 'lead', coalesce(a2.via_group_id, a2.unit_id)"  \
	" FROM assignments a2 WHERE a2.removed_at IS NULL"

/* One pair of statements per scope, so that each uses its own index. */
static const char SQL_FEED_UNIT[] =
	FEED_ITEM_COLUMNS("a.id") " AND a.unit_id = ?1 ORDER BY a.id, o.seq";
static const char SQL_FEED_UNIT_UNITS[] =
	"SELECT a.id, a2.role = 'lead', coalesce(a2.via_group_id, a2.unit_id)"
	" FROM assignments a JOIN assignments a2 ON a2.task_id = a.task_id"
	" WHERE a2.removed_at IS NULL AND a.unit_id = ?1 AND a.role = 'lead'"
	" AND a.removed_at IS NULL ORDER BY a.id, a2.unit_id";
static const char SQL_FEED_UNIT_NAME[] = "SELECT name FROM units WHERE id = ?1";

/*
 * Unit names by id, looked up once per scan: a feed names the same few
 * units thousands of times, and a join to units costs two b-tree
 * searches a row.  Open addressing; ids are rowids (> 0).
 */
struct names {
	long long *ids;
	char **names;
	size_t n, slots;
};

static void names_release(struct names *m)
{
	for (size_t i = 0; i < m->slots; i++)
		free(m->names[i]);
	free(m->ids);
	free(m->names);
	memset(m, 0, sizeof(*m));
}

static size_t names_slot(const struct names *m, long long id)
{
	size_t i = (size_t)((unsigned long long)id * 11400714819323198485ULL >> 32) &
		   (m->slots - 1);

	while (m->ids[i] && m->ids[i] != id)
		i = (i + 1) & (m->slots - 1);
	return i;
}

static void names_put(struct names *m, long long id, char *name)
{
	size_t i;

	if (2 * (m->n + 1) > m->slots) {
		struct names old = *m;
		m->slots = old.slots ? 2 * old.slots : 64;
		m->ids = xcalloc(m->slots, sizeof(*m->ids));
		m->names = xcalloc(m->slots, sizeof(*m->names));
		m->n = 0;
		for (i = 0; i < old.slots; i++)
			if (old.ids[i])
				names_put(m, old.ids[i], old.names[i]);
		free(old.ids);
		free(old.names);
	}
	i = names_slot(m, id);
	m->ids[i] = id;
	m->names[i] = name;
	m->n++;
}

/* The name of unit `id` ("?" when it has none); valid until the release. */
static int unit_name(struct store *s, struct names *m, long long id, const char **out,
		     struct err *err)
{
	sqlite3_stmt *st = NULL;
	const char *name;
	int rc;

	if (m->slots && m->ids[names_slot(m, id)] == id) {
		*out = m->names[names_slot(m, id)];
		return 0;
	}
	if ((rc = sq_prep(s, SQL_FEED_UNIT_NAME, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	name = rc == 1 ? (const char *)sqlite3_column_text(st, 0) : NULL;
	names_put(m, id, xstrdup(name ? name : "?"));
	sq_done(st);
	*out = m->names[names_slot(m, id)];
	return 0;
}
static const char SQL_FEED_NOTICE[] =
	FEED_ITEM_COLUMNS("t.id") " AND t.notice_id = ?1 ORDER BY t.id, o.id";
static const char SQL_FEED_NOTICE_UNITS[] = FEED_UNIT_COLUMNS
	" AND a2.task_id IN (SELECT id FROM tasks WHERE notice_id = ?1)"
	" ORDER BY a2.task_id, a2.unit_id";
/* Bounded scan: the office's feed shows every live lead item, so every
 * assignment is in the answer; the ETag spares most requests it. */
static const char SQL_FEED_ALL[] = FEED_ITEM_COLUMNS("t.id") " AND ?1 > 0 ORDER BY t.id, o.id";
/* Bounded scan: the units of every task of the office's feed. */
static const char SQL_FEED_ALL_UNITS[] = FEED_UNIT_COLUMNS " AND ?1 > 0"
	" ORDER BY a2.task_id, a2.unit_id";

/* Appends name to a "; "-joined list unless it is there (a group's members
 * all carry the group's name); lists are a few names. */
static void add_unit_name(struct sbuf *sb, const char *name)
{
	size_t nl = strlen(name);
	const char *p = sb->buf;

	while (p && *p) {
		size_t m = strcspn(p, ";");
		if (m == nl && !strncmp(p, name, nl))
			return;
		p += m;
		while (*p == ';' || *p == ' ')
			p++;
	}
	if (sb->len)
		sbuf_add(sb, "; ", 2);
	sbuf_add(sb, name, nl);
}

/*
 * The merge join's other side: moves `us` (rows of (key, lead?, name) in
 * key order; *row 1 when it stands on a row) to `key` and gathers the
 * leads and supports of that key's task.
 */
static int units_of_task(struct store *s, sqlite3_stmt *us, int *row, long long key,
			 struct names *names, struct sbuf *leads, struct sbuf *supports,
			 struct err *err)
{
	const char *name;
	int rc;

	sbuf_reset(leads);
	sbuf_reset(supports);
	while (*row == 1 && sqlite3_column_int64(us, 0) < key)
		*row = sq_step(s, us, err);
	while (*row == 1 && sqlite3_column_int64(us, 0) == key) {
		if ((rc = unit_name(s, names, sqlite3_column_int64(us, 2), &name, err)))
			return rc;
		add_unit_name(sqlite3_column_int(us, 1) ? leads : supports, name);
		*row = sq_step(s, us, err);
	}
	return *row < 0 ? *row : 0;
}

int store_feed_scan(struct store *s, const struct store_feed_scope *sc,
		    struct ymd today,
		    int (*fn)(const struct store_feed_item *fi, void *arg), void *arg,
		    struct err *err)
{
	sqlite3_stmt *st = NULL, *us = NULL;
	const char *sql = sc->kind == STORE_FEED_NOTICE ? SQL_FEED_NOTICE
			: sc->kind == STORE_FEED_OFFICE ? SQL_FEED_ALL : SQL_FEED_UNIT;
	const char *usql = sc->kind == STORE_FEED_NOTICE ? SQL_FEED_NOTICE_UNITS
			 : sc->kind == STORE_FEED_OFFICE ? SQL_FEED_ALL_UNITS : SQL_FEED_UNIT_UNITS;
	struct store_feed_item fi;
	struct sbuf leads, supports;
	struct names names;
	long long key = 0;
	int rc, urow, stop = 0;

	memset(err, 0, sizeof(*err));
	if (!today.y)
		return err_set(err, ERR_INVAL, "no date for today");
	sbuf_init(&leads, 0);
	sbuf_init(&supports, 0);
	memset(&names, 0, sizeof(names));
	if ((rc = sq_prep(s, sql, &st, err)) || (rc = sq_prep(s, usql, &us, err)))
		goto out;
	sq_bind_int(s, st, 1, sc->id);
	sq_bind_date(s, st, 2, ymd_from_days(ymd_to_days(today) - STORE_FEED_DONE_DAYS));
	sq_bind_int(s, us, 1, sc->id);
	urow = sq_step(s, us, err);
	while ((rc = sq_step(s, st, err)) == 1) {
		sq_item_from_row(st, &fi.it, today);
		fi.rev = sqlite3_column_int(st, ITEM_NCOLS);
		fi.changed_at = (const char *)sqlite3_column_text(st, ITEM_NCOLS + 1);
		if (sqlite3_column_int64(st, ITEM_NCOLS + 2) != key) {
			key = sqlite3_column_int64(st, ITEM_NCOLS + 2);
			if ((rc = units_of_task(s, us, &urow, key, &names, &leads, &supports,
						err)))
				goto out;
		}
		fi.leads = leads.len ? leads.buf : NULL;
		fi.supports = supports.len ? supports.buf : NULL;
		if ((stop = fn(&fi, arg)))
			break;
	}
	if (urow < 0 && !rc)
		rc = urow;
out:
	sq_done(st);
	sq_done(us);
	sbuf_release(&leads);
	sbuf_release(&supports);
	names_release(&names);
	return stop ? stop : rc < 0 ? rc : 0;
}
