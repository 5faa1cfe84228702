/*
 * store/users.h - dashboard users and their sessions.
 * Conventions as in store.h.
 */
#ifndef TRACKER_STORE_USERS_H
#define TRACKER_STORE_USERS_H

#include "tracker/store/store.h"

enum store_role {
	STORE_ROLE_OFFICE, /* everything: import, confirm, approve, users */
	STORE_ROLE_UNIT,   /* reads all; acts on its own unit's work */
	STORE_ROLE_VIEWER  /* reads only */
};

/* "office", "unit", "viewer"; store_role_parse() returns -1 when unknown. */
const char *store_role_name(enum store_role r);
int store_role_parse(const char *s, enum store_role *out);

struct store_user {
	long long id;
	char *login;
	enum store_role role;
	long long unit_id;   /* STORE_ROLE_UNIT only, else 0 */
	char *unit;          /* its name, or NULL */
	char *created_at;
	int disabled;        /* `tracker users disable`: no login, no session */
};

/* Frees what a user row holds (not the struct).  NULL-safe. */
void store_user_release(struct store_user *u);

/* Logins are 1-64 letters, digits, '.', '_', '-' or '@'. */
int store_login_valid(const char *login);

/*
 * Adds a user with `password` (at least 8 bytes) hashed by libcrypt.  A
 * unit user names its unit (name or alias); others pass NULL.  Returns 0
 * and the new id in *id (may be NULL); ERR_INVAL for a bad login, a short
 * password, a unit given to or missing from the role, or a login taken;
 * ERR_NOTFOUND for an unknown unit.
 */
int store_user_add(struct store *s, const char *login, enum store_role role,
		   const char *unit, const char *password, long long *id,
		   struct err *err);

/* Sets a new password and ends the user's sessions.  ERR_NOTFOUND for
 * an unknown login, ERR_INVAL for a short password. */
int store_user_passwd(struct store *s, const char *login, const char *password,
		      struct err *err);

/* Every user, by login.  Caller frees each with store_user_release() and
 * the array with free(). */
int store_user_list(struct store *s, struct store_user **v, size_t *n,
		    struct err *err);

/*
 * Disables (1) or enables (0) an account and ends its sessions at once: a
 * disabled account cannot log in, and enabling it gives back its
 * password.  ERR_NOTFOUND for an unknown login.
 */
int store_user_set_disabled(struct store *s, const char *login, int disabled,
			    struct err *err);

/* Removes an account and its sessions; what it did stays in the history
 * (its drafts lose their author).  ERR_NOTFOUND for an unknown login. */
int store_user_remove(struct store *s, const char *login, struct err *err);

/* How many users exist (the first `serve` creates one when none). */
int store_user_count(struct store *s, long *n, struct err *err);

/*
 * Checks a login and password.  Returns 0 and the user in *out (caller
 * releases); ERR_NOTFOUND when either is wrong (the same code and the
 * same work for both, so the answer does not tell which).
 */
int store_user_check(struct store *s, const char *login, const char *password,
		     struct store_user *out, struct err *err);

/*
 * Opens a session for user_id lasting `ttl` seconds from `now`: a new
 * 256-bit random token in token[] (43 base64url characters and a NUL), of
 * which only the SHA-256 is stored.  Also deletes expired sessions.
 */
#define STORE_TOKEN_LEN 44
int store_session_open(struct store *s, long long user_id, long long now, long ttl,
		       char token[STORE_TOKEN_LEN], struct err *err);

/* The user of a live session token and, when `expires` is not NULL, when
 * the session ends (unix time); ERR_NOTFOUND when unknown or expired. */
int store_session_user(struct store *s, const char *token, long long now,
		       struct store_user *out, long long *expires, struct err *err);

/* Ends a session (logout).  0 also when it did not exist. */
int store_session_close(struct store *s, const char *token, struct err *err);

#endif
