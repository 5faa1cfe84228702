/*
 * cache.c - each worker thread keeps the last GET API responses it built.
 *
 * Every reader sees the same JSON for the same URL (roles change what one
 * may do, not what one may read), so a response can be reused until what
 * it shows changes or the day turns (statuses move with the date).  A unit's
 * or a notice's task list is kept until that work's generation moves
 * (store_work_gen(): a write to other units' work leaves it); any other
 * answer until the thread's connection's data version moves (any write).
 * Entries are per thread and need no lock; a response built by one thread
 * is rebuilt at most once by each other.  Each thread keeps at most
 * CACHE_SLOTS answers and CACHE_BUDGET bytes of them.  routes.c looks a
 * cacheable GET up here before its handler runs; the handler answers with
 * web_reply_cached().
 */
#include "web/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/core/id.h"
#include "tracker/store/feed.h"

#define CACHE_SLOTS 64
/* Responses kept at most this big, and at most this much per thread. */
#define CACHE_MAX_BYTES ((size_t)1 << 20)
#define CACHE_BUDGET ((size_t)8 << 20)

struct entry {
	char *key;
	unsigned version;
	struct ymd today;
	struct MHD_Response *resp;
	size_t len;
};

static __thread struct entry slots[CACHE_SLOTS];
static __thread unsigned next_slot;
static __thread size_t held; /* bytes of the responses in slots */

static int same_day(struct ymd a, struct ymd b)
{
	return a.y == b.y && a.m == b.m && a.d == b.d;
}

struct MHD_Response *web_cache_get(const char *key, unsigned version, struct ymd today,
				   size_t *len)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		struct entry *e = &slots[i];
		if (!e->key || strcmp(e->key, key))
			continue;
		if (e->version != version || !same_day(e->today, today))
			return NULL;
		*len = e->len;
		return e->resp;
	}
	return NULL;
}

static void entry_clear(struct entry *e)
{
	held -= e->len;
	free(e->key);
	if (e->resp)
		MHD_destroy_response(e->resp);
	memset(e, 0, sizeof(*e));
}

void web_cache_put(const char *key, unsigned version, struct ymd today,
		   struct MHD_Response *resp, size_t len)
{
	struct entry *e = NULL;
	size_t i;

	for (i = 0; i < CACHE_SLOTS && !e; i++)
		if (slots[i].key && !strcmp(slots[i].key, key))
			e = &slots[i];
	if (!e) {
		e = &slots[next_slot];
		next_slot = (next_slot + 1) % CACHE_SLOTS;
	}
	entry_clear(e);
	/* Over the budget: the oldest go first, in the order slots are reused. */
	for (i = 0; i < CACHE_SLOTS && held + len > CACHE_BUDGET; i++) {
		struct entry *old = &slots[(next_slot + i) % CACHE_SLOTS];
		if (old != e && old->key)
			entry_clear(old);
	}
	e->key = xstrdup(key);
	e->version = version;
	e->today = today;
	/* The caller's reference becomes the cache's; MHD keeps the
	 * response alive while connections still send it. */
	e->resp = resp;
	e->len = len;
	held += len;
}

void web_cache_free_thread(void)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		entry_clear(&slots[i]);
}

/* ---- Keys and cached replies ---------------------------------------------------- */

/*
 * MHD hands arguments over unescaped, so '&' and '=' inside a name or value
 * are escaped again: otherwise "?q=a%26status%3Ddone" and "?q=a&status=done"
 * share a key, and one reader's search would answer another's filter.
 */
static void key_part(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '&' || *s == '=')
			sbuf_addf(sb, "%%%02X", (unsigned char)*s);
		else
			sbuf_addc(sb, *s);
	}
}

/* The key responses are cached under: path and query in request order. */
static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	struct sbuf *sb = cls;

	(void)kind;
	sbuf_addc(sb, '&');
	key_part(sb, key);
	if (value) {
		sbuf_addc(sb, '=');
		key_part(sb, value);
	}
	return MHD_YES;
}

/* The one id a list is scoped by, when the query names it by number. */
static long long scope_arg(struct web_req *r, const char *name)
{
	const char *v = web_arg(r, name);
	long long id = 0;

	if (!v || !*v || id_parse(v, &id))
		return 0;
	return id;
}

int web_cache_version(struct web_req *r, unsigned *v)
{
	unsigned long long gen;
	long long unit = 0, notice = 0;
	struct err err;

	if (!strcmp(r->path, "/api/tasks") && !web_arg(r, "task")) {
		unit = scope_arg(r, "unit");
		if (!unit)
			notice = scope_arg(r, "notice");
	}
	if (!unit && !notice)
		return web_version(r, v);
	if (!r->store || store_work_gen(r->store, unit, notice, &gen, &err))
		return -1;
	*v = (unsigned)gen;
	return 0;
}

char *web_cache_key(struct web_req *r)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	sbuf_adds(&sb, r->path);
	sbuf_addc(&sb, '?');
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &sb);
	return sbuf_detach(&sb);
}

enum MHD_Result web_reply_cached(struct web_req *r, const char *ctype, char *body, size_t len,
				 const char *disposition)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	web_common_headers(resp, ctype);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (disposition)
		MHD_add_response_header(resp, "Content-Disposition", disposition);
	ret = web_reply_resp(r, 200, resp, len);
	/* Big answers (a CSV of every task) are not worth a cache slot: 64
	 * of them per thread would hold gigabytes. */
	if (r->cache_key && len <= CACHE_MAX_BYTES)
		web_cache_put(r->cache_key, r->cache_version, r->today, resp, len);
	else
		MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result web_json_cached(struct web_req *r, cJSON *root)
{
	char *s = cJSON_PrintUnformatted(root);

	cJSON_Delete(root);
	if (!s)
		return MHD_NO;
	return web_reply_cached(r, "application/json; charset=utf-8", s, strlen(s), NULL);
}
