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
#include "tracker/core/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracker/feed/feed.h"
#include "tracker/core/secret.h"
#include "tracker/core/status.h"

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

/* A calendar client's error: the message table's words for `code`, as text. */
static enum MHD_Result plain(struct web_req *r, unsigned status, const char *code)
{
	struct sbuf sb;
	size_t len;

	sbuf_init(&sb, 0);
	msg_format(&sb, code, NULL);
	sbuf_addc(&sb, '\n');
	len = sb.len;
	return web_reply(r, status, "text/plain; charset=utf-8", sbuf_detach(&sb), len, 1);
}

/*
 * Each worker thread remembers, per token and variant, what the token
 * resolved to and the feed's validators, with a ready 304 response, while
 * the database and the day stay the same.  Calendar clients poll every
 * hour with the ETag they hold, so this is the common request: it then
 * costs a data-version read and a string compare.
 */
#define FEED_SLOTS 32

struct feed_slot {
	char token[64];
	int todo;
	unsigned version;
	struct ymd today;
	enum store_token_state state;
	struct store_feed_scope sc;
	struct feed_meta meta;
	struct MHD_Response *not_modified;
};

static __thread struct feed_slot slots[FEED_SLOTS];
static __thread unsigned next_slot;

void web_feed_free_thread(void)
{
	size_t i;

	for (i = 0; i < FEED_SLOTS; i++) {
		if (slots[i].not_modified)
			MHD_destroy_response(slots[i].not_modified);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
}

static void add_validators(struct MHD_Response *resp, const struct feed_meta *m)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, m->etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, m->last_modified);
	/* Private: the URL is a secret; no shared cache should keep it. */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, max-age=3600");
}

static int same_day(struct ymd a, struct ymd b)
{
	return a.y == b.y && a.m == b.m && a.d == b.d;
}

/* The thread's slot for token/variant if still valid, else NULL. */
static struct feed_slot *slot_find(const char *token, int todo, unsigned version,
				   struct ymd today)
{
	size_t i, n = strlen(token);

	for (i = 0; i < FEED_SLOTS; i++) {
		struct feed_slot *sl = &slots[i];
		/* Tokens are secrets: compared in constant time, like sessions. */
		if (sl->todo == todo && sl->version == version && same_day(sl->today, today) &&
		    strlen(sl->token) == n && secret_equal(sl->token, token, n))
			return sl;
	}
	return NULL;
}

static struct feed_slot *slot_new(const char *token, int todo, unsigned version,
				  struct ymd today)
{
	struct feed_slot *sl = &slots[next_slot];

	next_slot = (next_slot + 1) % FEED_SLOTS;
	if (sl->not_modified)
		MHD_destroy_response(sl->not_modified);
	memset(sl, 0, sizeof(*sl));
	snprintf(sl->token, sizeof(sl->token), "%s", token);
	sl->todo = todo;
	sl->version = version;
	sl->today = today;
	return sl;
}

enum MHD_Result web_feed(struct web_req *r)
{
	const char *name = r->rest, *type = web_arg(r, "type");
	char token[64];
	size_t n = strlen(name);
	struct store *s;
	struct err err;
	struct feed_opts o;
	struct feed_slot *sl;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *body = NULL;
	size_t len = 0;
	unsigned version;
	time_t since;
	int not_modified, todo;

	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return plain(r, 405, "feeds are read with GET\n");
	if (n < 5 || n - 4 >= sizeof(token) || strcmp(name + n - 4, ".ics"))
		return plain(r, 404, "feed_unknown");
	memcpy(token, name, n - 4);
	token[n - 4] = 0;
	if (type && strcmp(type, "todo") && strcmp(type, "event"))
		return plain(r, 400, "feed_type");
	todo = type && !strcmp(type, "todo");
	if (!(s = web_store(r)) || web_version(r, &version))
		return plain(r, 503, "db_unavailable");
	memset(&o, 0, sizeof(o));
	o.todo = todo;
	o.base_url = r->srv->base_url;
	o.today = r->today;
	if (!(sl = slot_find(token, todo, version, r->today))) {
		sl = slot_new(token, todo, version, r->today);
		if (store_feed_token_lookup(s, token, &sl->state, &sl->sc, &err)) {
			sl->token[0] = 0;
			return plain(r, 500, "server_error");
		}
		if (sl->state == STORE_TOKEN_VALID && feed_meta(s, &sl->sc, &o, &sl->meta, &err)) {
			sl->token[0] = 0;
			return err.code == ERR_NOTFOUND ? plain(r, 404, "feed_unknown")
							   : plain(r, 500, "server_error");
		}
	}
	if (sl->state == STORE_TOKEN_UNKNOWN)
		return plain(r, 404, "feed_unknown");
	if (sl->state == STORE_TOKEN_GONE)
		return plain(r, 410, "feed_gone");
	/* RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since. */
	if (web_header(r, "If-None-Match"))
		not_modified = etag_matches(web_header(r, "If-None-Match"), sl->meta.etag);
	else
		not_modified = (since = http_date(web_header(r, "If-Modified-Since"))) >= 0 &&
			       sl->meta.mtime <= since;
	if (not_modified) {
		if (!sl->not_modified) {
			sl->not_modified = MHD_create_response_from_buffer(0, (void *)"",
									   MHD_RESPMEM_PERSISTENT);
			if (!sl->not_modified)
				return MHD_NO;
			add_validators(sl->not_modified, &sl->meta);
		}
		return web_reply_resp(r, 304, sl->not_modified, 0);
	}
	if (feed_build(s, &sl->sc, &o, &body, &len, &err))
		return plain(r, 500, "server_error");
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/calendar; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	add_validators(resp, &sl->meta);
	ret = web_reply_resp(r, 200, resp, len);
	MHD_destroy_response(resp);
	return ret;
}
