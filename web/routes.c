/*
 * routes.c - every path the server answers, in one table, and the
 * dispatcher that checks what a route needs before its handler runs.
 *
 * docs/API.md describes every endpoint.  Every API endpoint but login,
 * logout and session needs a session (401 without one); every POST and PATCH also
 * needs the session's CSRF token (403).  Reads are open to every role;
 * acting on work is for the office, or for a unit on its own work, and
 * importing is for the office: the handlers check roles.  GET responses of
 * the API are cached per thread until the data or the day changes
 * (cache.c).
 */
#include "web/web_int.h"
#include "tracker/core/id.h"
#include "tracker/core/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The methods a route takes.  HEAD is answered as GET.  A route that takes
 * any method checks the method itself, with its own message. */
#define ROUTE_GET 1u
#define ROUTE_POST 2u
#define ROUTE_OTHER 4u
#define ROUTE_PATCH 8u
#define ROUTE_ANY (ROUTE_GET | ROUTE_POST | ROUTE_OTHER | ROUTE_PATCH)

/* What a route needs before its handler runs. */
#define ROUTE_AUTH 1u   /* a session (401), then the thread's store (503) */
#define ROUTE_CSRF 2u   /* the session's CSRF token (403) */
#define ROUTE_CACHE 4u  /* a GET answered from the thread's cache when it can */
#define ROUTE_UPLOAD 8u /* a document may come: role and work first (web_upload_gate) */

/* ---- Routes too small for a file ------------------------------------------------------ */

/* GET /healthz: up, and the database answers. */
static enum MHD_Result healthz(struct web_req *r)
{
	struct store *s;
	unsigned v;
	struct err err;

	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return web_fail(r, 405, "method_get", NULL);
	s = web_store(r);
	if (!s || store_data_version(s, &v, &err))
		return web_reply(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21, 0);
	return web_reply(r, 200, "text/plain; charset=utf-8", "ok\n", 3, 0);
}

static enum MHD_Result no_endpoint(struct web_req *r)
{
	return web_fail(r, 404, "no_endpoint", NULL);
}

/* ---- The table ------------------------------------------------------------------ */

struct route {
	unsigned methods;
	/*
	 * Segments: a literal; {id}, a positive decimal id (else 404 "'x' is
	 * not an id"); any other {name}, one free segment (r->word); a last
	 * *, whatever remains, possibly nothing (r->rest).
	 */
	const char *pattern;
	enum MHD_Result (*handler)(struct web_req *r);
	unsigned needs;
};

/*
 * A path is served by the rows without a * that match it; only when none
 * does, by the first row with a * that matches it.  The ROUTE_ANY rows
 * check the method, and the session where they want one, themselves: login
 * is the way in, and feeds answer calendar clients in plain text.
 */
static const struct route routes[] = {
	/* method    pattern                     handler             needs */
	{ROUTE_ANY,  "/healthz",                 healthz,            0},
	{ROUTE_ANY,  "/api/login",               web_login,          0},
	{ROUTE_ANY,  "/api/logout",              web_logout,         0},
	{ROUTE_ANY,  "/api/session",             web_session,        0},
	{ROUTE_GET,  "/api/summary",             web_get_summary,    ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_GET,  "/api/tasks",               web_get_tasks,      ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_GET,  "/api/tasks/{id}",          web_get_task,       ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_PATCH, "/api/tasks/{id}",         web_patch_task,     ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_POST, "/api/tasks/{id}/done",     web_post_done,      ROUTE_AUTH | ROUTE_CSRF | ROUTE_UPLOAD},
	{ROUTE_POST, "/api/tasks/{id}/{action}", web_post_action,    ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_GET,  "/api/notices",             web_get_notices,    ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_POST, "/api/notices",             web_post_notice,    ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_GET,  "/api/notices/{id}",        web_get_notice,     ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_PATCH, "/api/notices/{id}",       web_patch_notice,   ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_POST, "/api/notices/{id}/commit", web_post_commit,    ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_GET,  "/api/units",               web_get_units,      ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_POST, "/api/units/{id}/feed",     web_post_unit_feed, ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_GET,  "/api/documents/urge/{id}", web_get_urge_letter, ROUTE_AUTH},
	{ROUTE_GET,  "/api/documents/report.docx", web_get_report_docx, ROUTE_AUTH},
	{ROUTE_GET,  "/api/documents/report.xlsx", web_get_report_xlsx, ROUTE_AUTH},
	{ROUTE_GET,  "/api/units/suggest",       web_get_unit_suggest, ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_GET,  "/api/units/aliases",       web_get_unit_aliases, ROUTE_AUTH | ROUTE_CACHE},
	{ROUTE_POST, "/api/units/aliases",       web_post_unit_alias, ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_POST, "/api/units/merge",         web_post_unit_merge, ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_POST, "/api/units",               web_post_unit_add,  ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_GET,  "/api/inbox",               web_get_inbox,      ROUTE_AUTH},
	{ROUTE_POST, "/api/items/bulk",          web_post_bulk,      ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_GET,  "/api/files/{id}",          web_get_file,       ROUTE_AUTH},
	{ROUTE_GET,  "/api/views",               web_views,          ROUTE_AUTH},
	{ROUTE_POST, "/api/views",               web_views,          ROUTE_AUTH | ROUTE_CSRF},
	{ROUTE_OTHER, "/api/views/{id}",         web_delete_view,    ROUTE_AUTH | ROUTE_CSRF},
	/* Whatever else is under /api/ is an unknown endpoint, not a page. */
	{ROUTE_ANY,  "/api/*",                   no_endpoint,        0},
	{ROUTE_ANY,  "/feeds/*",                 web_feed,           0},
	{ROUTE_ANY,  "/*",                       web_pages,          0},
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* ---- Matching a path ------------------------------------------------------------ */

struct capture {
	long long id;
	const char *word, *rest, *bad;
	size_t word_len, bad_len;
};

enum match { NO_MATCH, MATCH, BAD_ID };

/* The next segment of p and its length; repeated slashes count as one. */
static const char *next_seg(const char *p, size_t *len)
{
	while (*p == '/')
		p++;
	*len = strcspn(p, "/");
	return p;
}

static int is_prefix(const struct route *rt)
{
	size_t n = strlen(rt->pattern);

	return n && rt->pattern[n - 1] == '*';
}

/*
 * Matches path against a pattern, segment by segment, so repeated and
 * trailing slashes do not matter ("/api//tasks/" is "/api/tasks").  On
 * BAD_ID, the path matches but for an {id} segment that is not an id
 * (c->bad).
 */
static enum match match(const char *pat, const char *path, struct capture *c)
{
	size_t pn, n;
	const char *ps, *s;
	char id[32];

	memset(c, 0, sizeof(*c));
	for (;;) {
		ps = next_seg(pat, &pn);
		s = next_seg(path, &n);
		if (pn == 1 && *ps == '*') {
			c->rest = s;
			break;
		}
		if (!pn || !n) {
			if (pn || n)
				return NO_MATCH;
			break;
		}
		if (pn == 4 && !strncmp(ps, "{id}", 4)) {
			if (n < sizeof(id)) {
				memcpy(id, s, n);
				id[n] = 0;
			}
			if ((n >= sizeof(id) || id_parse(id, &c->id)) && !c->bad) {
				c->bad = s;
				c->bad_len = n;
			}
		} else if (*ps == '{') {
			c->word = s;
			c->word_len = n;
		} else if (pn != n || strncmp(ps, s, n)) {
			return NO_MATCH;
		}
		pat = ps + pn;
		path = s + n;
	}
	return c->bad ? BAD_ID : MATCH;
}

int web_route_is_api(const char *path)
{
	struct capture c;

	return match("/api/*", path, &c) == MATCH;
}

/* ---- Dispatching -------------------------------------------------------------------- */

static unsigned method_of(const char *m)
{
	if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return ROUTE_GET;
	if (!strcmp(m, "PATCH"))
		return ROUTE_PATCH;
	return !strcmp(m, "POST") ? ROUTE_POST : ROUTE_OTHER;
}

/* 405, saying which methods the path takes. */
static enum MHD_Result not_allowed(struct web_req *r, unsigned methods)
{
	if ((methods & ROUTE_GET) && (methods & ROUTE_PATCH)) {
		r->allow = "GET, HEAD, PATCH";
		return web_fail(r, 405, "method_patch", NULL);
	}
	if ((methods & ROUTE_GET) && (methods & ROUTE_POST)) {
		r->allow = "GET, HEAD, POST";
		return web_fail(r, 405, "method_get_post", NULL);
	}
	if (methods & ROUTE_GET) {
		r->allow = "GET, HEAD";
		return web_fail(r, 405, "method_get", NULL);
	}
	r->allow = "POST";
	return web_fail(r, 405, "method_post", NULL);
}

/*
 * The route for r: the first row that matches path and method, else NULL.
 * *methods gets what the rows matching the path take (0: no row matches
 * it), *needs what they need, *bad a segment that is not an id.
 */
static const struct route *find(struct web_req *r, struct capture *hc, unsigned *methods,
				unsigned *needs, struct capture *bad)
{
	unsigned m = method_of(r->method);
	const struct route *hit = NULL;
	struct capture c;
	size_t i;
	int pass;

	*methods = *needs = 0;
	memset(hc, 0, sizeof(*hc));
	memset(bad, 0, sizeof(*bad));
	for (pass = 0; pass < 2 && !*methods; pass++) {
		for (i = 0; i < N_ROUTES; i++) {
			const struct route *rt = &routes[i];
			enum match mt;
			if (is_prefix(rt) != pass)
				continue;
			mt = match(rt->pattern, r->path, &c);
			if (mt == BAD_ID && !bad->bad)
				*bad = c;
			if (mt != MATCH)
				continue;
			*methods |= rt->methods;
			*needs |= rt->needs;
			if (!hit && (rt->methods & m)) {
				hit = rt;
				*hc = c;
			}
			if (pass == 1)
				break;
		}
		/* A path that would match but for its id is not a page. */
		if (!*methods && bad->bad)
			break;
	}
	return hit;
}

enum MHD_Result web_route(struct web_req *r)
{
	const struct route *rt;
	struct capture c, bad;
	struct MHD_Response *resp;
	unsigned methods, needs, version;
	size_t len;

	rt = find(r, &c, &methods, &needs, &bad);
	if (!methods) {
		if (bad.bad) {
			char seg[64];
			snprintf(seg, sizeof(seg), "%.*s", (int)bad.bad_len, bad.bad);
			return web_fail(r, 404, "bad_id", seg); /* quoted scrubbed (web_fail) */
		}
		return web_fail(r, 404, "no_endpoint", NULL);
	}
	if (rt)
		needs = rt->needs;
	if (needs & ROUTE_AUTH) {
		if (!web_auth(r))
			return web_fail(r, 401, "login_required", NULL);
		if (!(r->store = web_store(r)))
			return web_fail(r, 503, "db_unavailable", NULL);
	}
	if (!rt)
		return not_allowed(r, methods);
	if ((needs & ROUTE_CSRF) && !web_csrf_ok(r))
		return web_fail(r, 403, "csrf", NULL);
	{
		int refused;
		enum MHD_Result ret = web_check_inputs(r, &refused);
		if (refused)
			return ret;
	}
	r->id = c.id;
	r->rest = c.rest;
	if (c.word)
		r->word = xstrndup(c.word, c.word_len);
	if ((needs & ROUTE_CACHE) && !r->srv->conf.no_cache) {
		if (web_cache_version(r, &version))
			return web_fail(r, 503, "db_unavailable", NULL);
		r->cache_version = version;
		r->cache_key = web_cache_key(r);
		if ((resp = web_cache_get(r->cache_key, version, r->today, &len)))
			return web_reply_resp(r, 200, resp, len);
	}
	return rt->handler(r);
}

size_t web_route_gate(struct web_req *r, enum MHD_Result *ret)
{
	const struct route *rt;
	struct capture c, bad;
	unsigned methods, needs;

	rt = find(r, &c, &methods, &needs, &bad);
	if (!rt || !(rt->needs & ROUTE_AUTH))
		return WEB_SMALL_BODY;
	if (!web_auth(r)) {
		*ret = web_fail(r, 401, "login_required", NULL);
		return 0;
	}
	if ((rt->needs & ROUTE_CSRF) && !web_csrf_ok(r)) {
		*ret = web_fail(r, 403, "csrf", NULL);
		return 0;
	}
	if (rt->needs & ROUTE_UPLOAD)
		return web_upload_gate(r, c.id, ret);
	return r->srv->conf.body_limit;
}

const char *web_route_feed_rest(const char *path)
{
	struct capture c;

	return match("/feeds/*", path, &c) == MATCH ? c.rest : NULL;
}
