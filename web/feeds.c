/*
 * feeds.c - calendar feeds over HTTP: GET /feeds/<token>.ics[?type=todo].
 *
 * The token in the path is the credential (Google Calendar and Outlook.com
 * fetch feeds from their own servers and cannot log in), so no session is
 * asked.  An unknown token is 404; a rotated or revoked one 410 Gone, which
 * makes Thunderbird drop the calendar.  Conditional GETs are answered from
 * feed_meta(), one indexed row, without building the feed: clients poll
 * every hour and almost always get 304.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracker/feed.h"
#include "tracker/status.h"

/* If-None-Match: "*", one ETag or a list; W/ prefixes compare weakly. */
static int etag_matches(const char *header, const char *etag)
{
	const char *p = header;
	size_t n = strlen(etag);

	if (!header)
		return 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (!strncmp(p, etag, n) && (p[n] == 0 || p[n] == ',' || p[n] == ' '))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* If-Modified-Since as time_t; -1 when absent or not an HTTP date. */
static time_t http_date(const char *s)
{
	struct tm tm;
	const char *end;

	if (!s)
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end)
		return -1;
	return timegm(&tm);
}

static enum MHD_Result plain(struct web_req *r, unsigned status, const char *msg)
{
	return web_reply(r, status, "text/plain; charset=utf-8", msg, strlen(msg), 0);
}

enum MHD_Result web_feed(struct web_req *r)
{
	const char *name = r->path + strlen("/feeds/"), *type = web_arg(r, "type");
	char token[64];
	size_t n = strlen(name);
	struct store *s;
	struct store_err err;
	struct store_feed_scope sc;
	enum store_token_state state;
	struct feed_opts o;
	struct feed_meta m;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *body = NULL;
	size_t len = 0;
	time_t since;
	int not_modified;

	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return plain(r, 405, "feeds are read with GET\n");
	if (n < 5 || n - 4 >= sizeof(token) || strcmp(name + n - 4, ".ics"))
		return plain(r, 404, "no such feed\n");
	memcpy(token, name, n - 4);
	token[n - 4] = 0;
	if (type && strcmp(type, "todo") && strcmp(type, "event"))
		return plain(r, 400, "type is event or todo\n");
	if (!(s = web_store(r)))
		return plain(r, 503, "database unavailable\n");
	if (store_feed_token_lookup(s, token, &state, &sc, &err))
		return plain(r, 500, "database error\n");
	if (state == STORE_TOKEN_UNKNOWN)
		return plain(r, 404, "no such feed\n");
	if (state == STORE_TOKEN_GONE)
		return plain(r, 410, "this feed address was replaced or revoked\n");
	memset(&o, 0, sizeof(o));
	o.todo = type && !strcmp(type, "todo");
	o.base_url = r->srv->base_url;
	o.today = r->today;
	if (feed_meta(s, &sc, &o, &m, &err))
		return err.code == STORE_ENOTFOUND ? plain(r, 404, "no such feed\n")
						   : plain(r, 500, "database error\n");
	/* RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since. */
	if (web_header(r, "If-None-Match"))
		not_modified = etag_matches(web_header(r, "If-None-Match"), m.etag);
	else
		not_modified = (since = http_date(web_header(r, "If-Modified-Since"))) >= 0 &&
			       m.mtime <= since;
	if (!not_modified && feed_build(s, &sc, &o, &body, &len, &err))
		return plain(r, 500, "database error\n");
	resp = not_modified
		? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
		: MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/calendar; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, m.etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, m.last_modified);
	/* Private: the URL is a secret; no shared cache should keep it. */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, max-age=3600");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	ret = web_reply_resp(r, not_modified ? 304 : 200, resp, not_modified ? 0 : len);
	MHD_destroy_response(resp);
	return ret;
}
