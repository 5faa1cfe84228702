/*
 * cache.c - each worker thread keeps the last GET API responses it built.
 *
 * Every reader sees the same JSON for the same URL (roles change what one
 * may do, not what one may read), so a response can be reused until the
 * database changes or the day turns (statuses move with the date).  The
 * version is the thread's own connection's data version, so entries are
 * per thread and need no lock; a response built by one thread is rebuilt
 * at most once by each other.
 */
#include "web/web_int.h"

#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 64

struct entry {
	char *key;
	unsigned version;
	struct ymd today;
	struct MHD_Response *resp;
	size_t len;
};

static __thread struct entry slots[CACHE_SLOTS];
static __thread unsigned next_slot;

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
	e->key = xstrdup(key);
	e->version = version;
	e->today = today;
	/* The caller's reference becomes the cache's; MHD keeps the
	 * response alive while connections still send it. */
	e->resp = resp;
	e->len = len;
}

void web_cache_free_thread(void)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		entry_clear(&slots[i]);
}
