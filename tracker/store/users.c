/*
 * users.c - dashboard users and their sessions.
 *
 * Passwords are kept as libcrypt hashes, session tokens as SHA-256 digests
 * (see secret.h): reading the database gives neither.
 */
#include "tracker/store/units.h"
#include "tracker/store/users.h"
#include "tracker/store/store_int.h"
#include "tracker/core/secret.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN_PASSWORD 8

static const char *const role_names[] = {
	[STORE_ROLE_OFFICE] = "office",
	[STORE_ROLE_UNIT] = "unit",
	[STORE_ROLE_VIEWER] = "viewer",
};

const char *store_role_name(enum store_role r)
{
	return (size_t)r < sizeof(role_names) / sizeof(role_names[0]) ? role_names[r]
								       : "viewer";
}

int store_role_parse(const char *s, enum store_role *out)
{
	size_t i;

	for (i = 0; s && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (!strcmp(s, role_names[i])) {
			*out = (enum store_role)i;
			return 0;
		}
	return -1;
}

void store_user_release(struct store_user *u)
{
	if (!u)
		return;
	free(u->login);
	free(u->unit);
	free(u->created_at);
	memset(u, 0, sizeof(*u));
}

int store_login_valid(const char *login)
{
	size_t i;

	if (!login || !*login || strlen(login) > 64)
		return 0;
	for (i = 0; login[i]; i++) {
		unsigned char c = (unsigned char)login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("._-@", c)))
			return 0;
	}
	return 1;
}

#define USER_SELECT "SELECT u.id, u.login, u.role, u.unit_id, n.name, u.created_at, u.pw_hash"
#define USER_FROM " FROM users u LEFT JOIN units n ON n.id = u.unit_id"
#define USER_COLUMNS USER_SELECT USER_FROM

static void user_from_row(sqlite3_stmt *st, struct store_user *u)
{
	const char *role = (const char *)sqlite3_column_text(st, 2);

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	u->login = sq_col_str(st, 1);
	if (store_role_parse(role, &u->role))
		u->role = STORE_ROLE_VIEWER; /* least power for a row we do not know */
	u->unit_id = sqlite3_column_int64(st, 3);
	u->unit = sq_col_str(st, 4);
	u->created_at = sq_col_str(st, 5);
	u->disabled = sqlite3_column_type(st, 6) == SQLITE_TEXT &&
		      ((const char *)sqlite3_column_text(st, 6))[0] == '!';
}

static const char SQL_USER_INSERT[] =
	"INSERT INTO users (login, role, unit_id, pw_hash, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
static const char SQL_USER_BY_LOGIN[] = USER_COLUMNS " WHERE u.login = ?1";

int store_user_add(struct store *s, const char *login, enum store_role role,
		   const char *unit, const char *password, long long *id,
		   struct err *err)
{
	sqlite3_stmt *st = NULL;
	long long unit_id = 0;
	char now[32], *hash = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!store_login_valid(login))
		return err_set(err, ERR_INVAL,
			       "a login is 1 to 64 letters, digits, '.', '_', '-' or '@'");
	if (!password || strlen(password) < MIN_PASSWORD)
		return err_set(err, ERR_INVAL, "a password needs at least %d characters",
			       MIN_PASSWORD);
	if ((role == STORE_ROLE_UNIT) != (unit != NULL))
		return err_set(err, ERR_INVAL, role == STORE_ROLE_UNIT
			       ? "a unit user needs its unit" : "only unit users have a unit");
	if (unit && (rc = store_unit_id(s, unit, &unit_id, err)))
		return rc;
	if (!(hash = secret_hash_password(password)))
		return err_set(err, ERR_INVAL, "libcrypt could not hash the password");
	if ((rc = sq_begin(s, err)))
		goto out;
	if ((rc = sq_prep(s, SQL_USER_BY_LOGIN, &st, err)))
		goto out;
	sq_bind_text(s, st, 1, login);
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc == 1) {
		rc = err_set(err, ERR_INVAL, "the login '%s' is taken", login);
		goto out;
	}
	if (rc < 0 || (rc = sq_prep(s, SQL_USER_INSERT, &st, err)))
		goto out;
	sq_stamp_now(now);
	sq_bind_text(s, st, 1, login);
	sq_bind_text(s, st, 2, store_role_name(role));
	sq_bind_id(s, st, 3, unit_id);
	sq_bind_text(s, st, 4, hash);
	sq_bind_text(s, st, 5, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	free(hash);
	return rc;
}

/* A disabled account stays disabled under its new password. */
static const char SQL_USER_SET_PW[] =
	"UPDATE users SET pw_hash = CASE WHEN substr(pw_hash, 1, 1) = '!' THEN '!' || ?2"
	" ELSE ?2 END, updated_at = ?3 WHERE login = ?1";
static const char SQL_USER_END_SESSIONS[] =
	"DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = ?1)";

int store_user_passwd(struct store *s, const char *login, const char *password,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32], *hash = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!password || strlen(password) < MIN_PASSWORD)
		return err_set(err, ERR_INVAL, "a password needs at least %d characters",
			       MIN_PASSWORD);
	if (!(hash = secret_hash_password(password)))
		return err_set(err, ERR_INVAL, "libcrypt could not hash the password");
	if ((rc = sq_begin(s, err)) || (rc = sq_prep(s, SQL_USER_SET_PW, &st, err)))
		goto out;
	sq_stamp_now(now);
	sq_bind_text(s, st, 1, login);
	sq_bind_text(s, st, 2, hash);
	sq_bind_text(s, st, 3, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = err_set(err, ERR_NOTFOUND, "no user '%s'", login);
		goto out;
	}
	/* A new password is often a response to a leak: end every session. */
	if ((rc = sq_prep(s, SQL_USER_END_SESSIONS, &st, err)))
		goto out;
	sq_bind_text(s, st, 1, login);
	if ((rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	free(hash);
	return rc;
}

/*
 * Disabling marks the hash with a leading '!' (as /etc/shadow locks an
 * account): no password matches it, and enabling gives the same password
 * back.
 */
static const char SQL_USER_DISABLE[] =
	"UPDATE users SET pw_hash = '!' || pw_hash, updated_at = ?2"
	" WHERE login = ?1 AND substr(pw_hash, 1, 1) <> '!'";
static const char SQL_USER_ENABLE[] =
	"UPDATE users SET pw_hash = substr(pw_hash, 2), updated_at = ?2"
	" WHERE login = ?1 AND substr(pw_hash, 1, 1) = '!'";
static const char SQL_USER_EXISTS[] = "SELECT 1 FROM users WHERE login = ?1";
static const char SQL_USER_DELETE[] = "DELETE FROM users WHERE login = ?1";

/* Runs sql on login (and a timestamp), then ends the user's sessions, in
 * one transaction.  ERR_NOTFOUND when there is no such user. */
static int user_change(struct store *s, const char *sql, const char *login, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = sq_begin(s, err)) || (rc = sq_prep(s, SQL_USER_EXISTS, &st, err)))
		goto out;
	sq_bind_text(s, st, 1, login);
	if ((rc = sq_step(s, st, err)) <= 0) {
		sq_done(st);
		if (rc == 0)
			rc = err_set(err, ERR_NOTFOUND, "no user '%s'", login);
		goto out;
	}
	sq_done(st);
	/* Sessions first: the delete of the row would cascade, the others
	 * must end too. */
	if ((rc = sq_prep(s, SQL_USER_END_SESSIONS, &st, err)))
		goto out;
	sq_bind_text(s, st, 1, login);
	if ((rc = sq_run(s, st, err)) || (rc = sq_prep(s, sql, &st, err)))
		goto out;
	sq_stamp_now(now);
	sq_bind_text(s, st, 1, login);
	if (sql != SQL_USER_DELETE)
		sq_bind_text(s, st, 2, now);
	if ((rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}

int store_user_set_disabled(struct store *s, const char *login, int disabled,
			    struct err *err)
{
	return user_change(s, disabled ? SQL_USER_DISABLE : SQL_USER_ENABLE, login, err);
}

int store_user_remove(struct store *s, const char *login, struct err *err)
{
	return user_change(s, SQL_USER_DELETE, login, err);
}

static const char SQL_USER_LIST[] = USER_COLUMNS " ORDER BY u.login";

int store_user_list(struct store *s, struct store_user **v, size_t *n,
		    struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_USER_LIST, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		ALLOC_GROW(*v, *n + 1, alloc);
		user_from_row(st, &(*v)[(*n)++]);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static const char SQL_USER_COUNT[] = "SELECT count(*) FROM users";

int store_user_count(struct store *s, long *n, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_USER_COUNT, &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) == 1)
		*n = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/*
 * A hash of a password nobody has, checked when the login is unknown so
 * that a wrong login costs the same time as a wrong password.
 */
static const char *dummy_hash(void)
{
	static char *h;
	static int done;

	if (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
		char *mine = secret_hash_password("no such user, no such password");
		char *expected = NULL;
		if (!__atomic_compare_exchange_n(&h, &expected, mine, 0, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
			free(mine);
		__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	}
	return h ? h : "$y$j9T$invalid$invalid";
}

int store_user_check(struct store *s, const char *login, const char *password,
		     struct store_user *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char *hash = NULL;
	int rc, ok;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_USER_BY_LOGIN, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, login ? login : "");
	if ((rc = sq_step(s, st, err)) == 1) {
		user_from_row(st, out);
		hash = sq_col_str(st, 6);
	}
	sq_done(st);
	if (rc < 0)
		return rc;
	/* A disabled account costs the same check as any other. */
	ok = secret_check_password(password ? password : "",
				   hash && hash[0] != '!' ? hash : dummy_hash());
	free(hash);
	if (!ok || !out->id || out->disabled) {
		store_user_release(out);
		return err_set(err, ERR_NOTFOUND, "wrong login or password");
	}
	return 0;
}

static const char SQL_SESSION_PRUNE[] = "DELETE FROM sessions WHERE expires <= ?1";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, created_at, expires) VALUES (?1, ?2, ?3, ?4)";

int store_session_open(struct store *s, long long user_id, long long now, long ttl,
		       char token[STORE_TOKEN_LEN], struct err *err)
{
	unsigned char digest[SECRET_SHA256_LEN];
	sqlite3_stmt *st = NULL;
	char stamp[32];
	int rc;

	memset(err, 0, sizeof(*err));
	if (secret_token(32, token, STORE_TOKEN_LEN))
		return err_set(err, ERR_IO, "no randomness from the kernel");
	secret_sha256(token, strlen(token), digest);
	if ((rc = sq_begin(s, err)) || (rc = sq_prep(s, SQL_SESSION_PRUNE, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, now);
	if ((rc = sq_run(s, st, err)) || (rc = sq_prep(s, SQL_SESSION_INSERT, &st, err)))
		goto out;
	sq_stamp_now(stamp);
	sq_note_bind(s, sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_TRANSIENT));
	sq_bind_int(s, st, 2, user_id);
	sq_bind_text(s, st, 3, stamp);
	sq_bind_int(s, st, 4, now + ttl);
	if ((rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc) {
		sq_rollback(s);
		memset(token, 0, STORE_TOKEN_LEN);
	}
	return rc;
}

static const char SQL_SESSION_USER[] = USER_SELECT ", s.expires" USER_FROM
	" JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?1 AND s.expires > ?2"
	" AND substr(u.pw_hash, 1, 1) <> '!'";

int store_session_user(struct store *s, const char *token, long long now,
		       struct store_user *out, long long *expires, struct err *err)
{
	unsigned char digest[SECRET_SHA256_LEN];
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (!token || strlen(token) != STORE_TOKEN_LEN - 1)
		return err_set(err, ERR_NOTFOUND, "no such session");
	secret_sha256(token, strlen(token), digest);
	if ((rc = sq_prep(s, SQL_SESSION_USER, &st, err)))
		return rc;
	sq_note_bind(s, sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_TRANSIENT));
	sq_bind_int(s, st, 2, now);
	if ((rc = sq_step(s, st, err)) == 1) {
		user_from_row(st, out);
		if (expires)
			*expires = sqlite3_column_int64(st, 7);
	}
	sq_done(st);
	if (rc == 0)
		return err_set(err, ERR_NOTFOUND, "no such session");
	return rc < 0 ? rc : 0;
}

static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = ?1";

int store_session_close(struct store *s, const char *token, struct err *err)
{
	unsigned char digest[SECRET_SHA256_LEN];
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!token)
		return 0;
	secret_sha256(token, strlen(token), digest);
	if ((rc = sq_prep(s, SQL_SESSION_DELETE, &st, err)))
		return rc;
	sq_note_bind(s, sqlite3_bind_blob(st, 1, digest, sizeof(digest), SQLITE_TRANSIENT));
	return sq_run(s, st, err);
}
