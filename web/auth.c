/*
 * auth.c - logging in and out, finding the session of a request, CSRF
 * tokens, and the login throttle.
 *
 * The session is a random 256-bit token in an HttpOnly, SameSite=Strict
 * cookie; the store keeps only its SHA-256.  The CSRF token is derived from
 * the session token (SHA-256 of a label and the token), so it needs no
 * storage, changes with every session, and cannot be computed without the
 * cookie, which scripts cannot read.  State-changing requests send it in
 * the X-CSRF-Token header; a cross-site form cannot set headers.
 */
#include "web/web_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/core/secret.h"

#define COOKIE "tracker_session"
/*
 * Failed logins allowed in a window: per login, and (higher, since an
 * office's staff share one address behind NAT) per client address.
 */
#define THROTTLE_LOGIN_FAILS 5
#define THROTTLE_IP_FAILS 30
#define THROTTLE_WINDOW 900
#define THROTTLE_MAX 10000

struct throttle {
	char key[128];
	time_t first;
	int fails;
};

void web_throttle_free(struct web_server *srv)
{
	free(srv->throttle);
	srv->throttle = NULL;
	srv->n_throttle = srv->alloc_throttle = 0;
}

/* Seconds the key must wait, 0 when it may try. */
static long throttle_wait(struct web_server *srv, const char *key, int max_fails,
			  time_t now)
{
	long wait = 0;
	size_t i;

	pthread_mutex_lock(&srv->lock);
	for (i = 0; i < srv->n_throttle; i++) {
		struct throttle *t = &srv->throttle[i];
		if (strcmp(t->key, key))
			continue;
		if (now - t->first >= THROTTLE_WINDOW)
			t->fails = 0;
		else if (t->fails >= max_fails)
			wait = THROTTLE_WINDOW - (long)(now - t->first);
		break;
	}
	pthread_mutex_unlock(&srv->lock);
	return wait;
}

static void throttle_note(struct web_server *srv, const char *key, time_t now, int failed)
{
	size_t i, j;

	pthread_mutex_lock(&srv->lock);
	/* Forget windows that are over, so the table stays small. */
	for (i = j = 0; i < srv->n_throttle; i++)
		if (now - srv->throttle[i].first < THROTTLE_WINDOW)
			srv->throttle[j++] = srv->throttle[i];
	srv->n_throttle = j;
	for (i = 0; i < srv->n_throttle; i++)
		if (!strcmp(srv->throttle[i].key, key))
			break;
	if (!failed) {
		if (i < srv->n_throttle)
			srv->throttle[i] = srv->throttle[--srv->n_throttle];
	} else {
		/* A spray of made-up logins must not grow the table without
		 * bound: past the cap the oldest window is forgotten. */
		if (i == srv->n_throttle && srv->n_throttle >= THROTTLE_MAX) {
			size_t oldest = 0;
			for (j = 1; j < srv->n_throttle; j++)
				if (srv->throttle[j].first < srv->throttle[oldest].first)
					oldest = j;
			srv->throttle[oldest] = srv->throttle[--srv->n_throttle];
			i = srv->n_throttle;
		}
		if (i == srv->n_throttle) {
			ALLOC_GROW(srv->throttle, srv->n_throttle + 1, srv->alloc_throttle);
			memset(&srv->throttle[i], 0, sizeof(srv->throttle[i]));
			snprintf(srv->throttle[i].key, sizeof(srv->throttle[i].key), "%s", key);
			srv->throttle[i].first = now;
			srv->n_throttle++;
		}
		srv->throttle[i].fails++;
	}
	pthread_mutex_unlock(&srv->lock);
}

void web_csrf_of(const char *token, char out[STORE_TOKEN_LEN])
{
	unsigned char d[SECRET_SHA256_LEN];
	char in[16 + STORE_TOKEN_LEN];

	snprintf(in, sizeof(in), "tracker-csrf:%s", token);
	secret_sha256(in, strlen(in), d);
	/* 32 bytes are 43 characters: the length of a session token. */
	secret_b64url(d, sizeof(d), out);
}

/*
 * Each worker thread remembers the sessions it resolved, valid while the
 * database has not changed (a logout, a new password or any other write
 * moves the data version) and the session has not expired: most requests
 * then cost no digest and no query.
 */
#define SESSION_SLOTS 32

struct session_slot {
	char token[STORE_TOKEN_LEN];
	unsigned version;
	long long expires;
	struct store_user user;
};

static __thread struct session_slot sessions[SESSION_SLOTS];
static __thread unsigned next_session;

static void user_copy(struct store_user *dst, const struct store_user *src)
{
	*dst = *src;
	dst->login = xstrdup(src->login);
	dst->unit = src->unit ? xstrdup(src->unit) : NULL;
	dst->created_at = src->created_at ? xstrdup(src->created_at) : NULL;
}

void web_auth_free_thread(void)
{
	size_t i;

	for (i = 0; i < SESSION_SLOTS; i++) {
		store_user_release(&sessions[i].user);
		memset(&sessions[i], 0, sizeof(sessions[i]));
	}
}

int web_auth(struct web_req *r)
{
	const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, COOKIE);
	long long now = (long long)time(NULL), expires = 0;
	struct session_slot *slot;
	struct store *s;
	struct err err;
	unsigned v;
	size_t i;

	if (r->authed)
		return 1;
	if (!tok || strlen(tok) != STORE_TOKEN_LEN - 1 || !(s = web_store(r)) ||
	    web_version(r, &v))
		return 0;
	for (i = 0; i < SESSION_SLOTS; i++) {
		slot = &sessions[i];
		if (slot->version == v && slot->expires > now && slot->token[0] &&
		    secret_equal(slot->token, tok, STORE_TOKEN_LEN - 1)) {
			user_copy(&r->user, &slot->user);
			goto found;
		}
	}
	if (store_session_user(s, tok, now, &r->user, &expires, &err))
		return 0;
	slot = &sessions[next_session];
	next_session = (next_session + 1) % SESSION_SLOTS;
	store_user_release(&slot->user);
	memcpy(slot->token, tok, STORE_TOKEN_LEN);
	slot->version = v;
	slot->expires = expires;
	user_copy(&slot->user, &r->user);
found:
	memcpy(r->token, tok, STORE_TOKEN_LEN);
	r->authed = 1;
	return 1;
}

int web_csrf_ok(struct web_req *r)
{
	const char *got = web_header(r, "X-CSRF-Token");
	char want[STORE_TOKEN_LEN];

	if (!r->authed || !got || strlen(got) != STORE_TOKEN_LEN - 1)
		return 0;
	web_csrf_of(r->token, want);
	return secret_equal(got, want, STORE_TOKEN_LEN - 1);
}

static cJSON *user_json(const struct store_user *u, const char *token)
{
	cJSON *o = cJSON_CreateObject(), *usr = cJSON_AddObjectToObject(o, "user");
	char csrf[STORE_TOKEN_LEN];

	cJSON_AddStringToObject(usr, "login", u->login);
	cJSON_AddStringToObject(usr, "role", store_role_name(u->role));
	if (u->unit) {
		cJSON_AddStringToObject(usr, "unit", u->unit);
		cJSON_AddNumberToObject(usr, "unit_id", (double)u->unit_id);
	} else {
		cJSON_AddNullToObject(usr, "unit");
	}
	web_csrf_of(token, csrf);
	cJSON_AddStringToObject(o, "csrf", csrf);
	return o;
}

static enum MHD_Result reply_with_cookie(struct web_req *r, unsigned status, cJSON *root,
					 const char *cookie)
{
	char *s = cJSON_PrintUnformatted(root);
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;

	cJSON_Delete(root);
	if (!s)
		return MHD_NO;
	len = strlen(s);
	resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(s);
		return MHD_NO;
	}
	web_common_headers(resp, "application/json; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	ret = web_reply_resp(r, status, resp, len);
	MHD_destroy_response(resp);
	return ret;
}

static int is_json(struct web_req *r)
{
	const char *ct = web_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);

	return ct && !strncasecmp(ct, "application/json", 16);
}

enum MHD_Result web_login(struct web_req *r)
{
	struct web_server *srv = r->srv;
	cJSON *body = NULL, *jl, *jp;
	struct store_user u = {0};
	struct err err;
	struct store *s;
	char token[STORE_TOKEN_LEN], cookie[256], key_ip[128], key_login[128];
	time_t now = time(NULL);
	long wait;
	enum MHD_Result ret;

	if (strcmp(r->method, "POST"))
		return web_fail(r, 405, "method_post", NULL);
	/* JSON only: a cross-site HTML form cannot send it without CORS. */
	if (!is_json(r))
		return web_fail(r, 415, "login_json", NULL);
	body = web_body_json(r);
	jl = cJSON_GetObjectItemCaseSensitive(body, "login");
	jp = cJSON_GetObjectItemCaseSensitive(body, "password");
	if (!cJSON_IsString(jl) || !cJSON_IsString(jp)) {
		ret = web_fail(r, 400, "login_body", NULL);
		goto out;
	}
	snprintf(key_ip, sizeof(key_ip), "ip:%s", r->ip);
	snprintf(key_login, sizeof(key_login), "login:%.100s", jl->valuestring);
	/* Logins compare without case, so their throttle does too. */
	for (char *p = key_login; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if ((wait = throttle_wait(srv, key_ip, THROTTLE_IP_FAILS, now)) > 0 ||
	    (wait = throttle_wait(srv, key_login, THROTTLE_LOGIN_FAILS, now)) > 0) {
		char mins[24];
		snprintf(mins, sizeof(mins), "%ld", (wait + 59) / 60);
		ret = web_fail(r, 429, "login_throttled", mins);
		goto out;
	}
	if (!(s = web_store(r))) {
		ret = web_fail(r, 503, "db_unavailable", NULL);
		goto out;
	}
	if (store_user_check(s, jl->valuestring, jp->valuestring, &u, &err)) {
		if (err.code != ERR_NOTFOUND) {
			ret = web_store_error(r, &err);
			goto out;
		}
		throttle_note(srv, key_ip, now, 1);
		throttle_note(srv, key_login, now, 1);
		ret = web_fail(r, 401, "login_failed", NULL);
		goto out;
	}
	throttle_note(srv, key_login, now, 0);
	if (store_session_open(s, u.id, (long long)now, srv->conf.session_ttl, token, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	snprintf(cookie, sizeof(cookie), COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
		 token, srv->conf.session_ttl, srv->tls ? "; Secure" : "");
	ret = reply_with_cookie(r, 200, user_json(&u, token), cookie);
out:
	store_user_release(&u);
	cJSON_Delete(body);
	return ret;
}

enum MHD_Result web_logout(struct web_req *r)
{
	struct err err;
	struct store *s;
	cJSON *o;

	if (strcmp(r->method, "POST"))
		return web_fail(r, 405, "method_post", NULL);
	if (!web_auth(r))
		return web_fail(r, 401, "login_required", NULL);
	if (!web_csrf_ok(r))
		return web_fail(r, 403, "csrf", NULL);
	if (!(s = web_store(r)))
		return web_fail(r, 503, "db_unavailable", NULL);
	if (store_session_close(s, r->token, &err))
		return web_store_error(r, &err);
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "ok", 1);
	return reply_with_cookie(r, 200, o,
				 COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

enum MHD_Result web_session(struct web_req *r)
{
	if (strcmp(r->method, "GET"))
		return web_fail(r, 405, "method_get", NULL);
	if (!web_auth(r))
		return web_fail(r, 401, "login_required", NULL);
	return web_json(r, 200, user_json(&r->user, r->token));
}
