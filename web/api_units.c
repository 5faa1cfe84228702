/*
 * api_units.c - the units directory as the dashboard reads it (GET
 * /api/units) and each unit's calendar feed address (POST
 * /api/units/{id}/feed: issue, rotate, revoke).
 */
#include "web/web_int.h"

#include <string.h>

#include "notices/unitdir.h"
#include "tracker/feed/feed.h"
#include "tracker/json/store_json.h"

/* ---- GET /api/units ---------------------------------------------------------------- */

enum MHD_Result web_get_units(struct web_req *r)
{
	struct store *s = r->store;
	struct store_unit_list l = {0};
	struct err err;
	cJSON *root, *arr;
	size_t i;

	if (store_list_units(s, &l, &err))
		return web_store_error(r, &err);
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "units");
	for (i = 0; i < l.n; i++)
		cJSON_AddItemToArray(arr, store_unit_json(&l.v[i]));
	store_unit_list_release(&l);
	return web_json_cached(r, root);
}

/* ---- POST /api/units/{id}/feed: the unit's calendar feed address ----------------- */

/*
 * {"action": "issue" | "rotate" | "revoke"}.  The token exists in clear
 * only in this answer (the store keeps its digest), so the dashboard shows
 * the address once; a lost one is rotated.  The office's unit gets the
 * feed of everything.
 */
enum MHD_Result web_post_unit_feed(struct web_req *r)
{
	struct store *s = r->store;
	long long unit_id = r->id;
	const char *office = r->srv->conf.units ? unitdir_office(r->srv->conf.units) : NULL;
	struct store_feed_scope sc;
	struct store_unit_list l = {0};
	struct err err;
	char token[STORE_TOKEN_CHARS + 1];
	cJSON *body = NULL, *o;
	const char *action;
	struct sbuf url;
	enum MHD_Result ret;
	size_t i;
	int found = 0;

	if (r->user.role == STORE_ROLE_VIEWER ||
	    (r->user.role == STORE_ROLE_UNIT && r->user.unit_id != unit_id))
		return web_error(r, 403, "feed_forbidden", NULL);
	if (!(body = web_body_json(r)) || !(action = web_json_str(body, "action")) ||
	    (strcmp(action, "issue") && strcmp(action, "rotate") && strcmp(action, "revoke"))) {
		ret = web_error(r, 400, "feed_action", NULL);
		goto out;
	}
	if (store_list_units(s, &l, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	memset(&sc, 0, sizeof(sc));
	sc.id = unit_id;
	sc.kind = STORE_FEED_UNIT;
	for (i = 0; i < l.n; i++)
		if (l.v[i].id == unit_id) {
			found = 1;
			if (office && !strcmp(office, l.v[i].name))
				sc.kind = STORE_FEED_OFFICE;
		}
	if (!found) {
		ret = web_error(r, 404, "not_found", NULL);
		goto out;
	}
	if (!strcmp(action, "revoke")) {
		if (store_feed_token_revoke(s, &sc, &err)) {
			ret = web_store_error(r, &err);
			goto out;
		}
		o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "revoked", 1);
		ret = web_json(r, 200, o);
		goto out;
	}
	if (store_feed_token_issue(s, &sc, !strcmp(action, "rotate"), token, &err)) {
		ret = err.code == ERR_BADSTATE
			? web_error(r, 409, "feed_exists", NULL)
			: web_store_error(r, &err);
		goto out;
	}
	sbuf_init(&url, 0);
	feed_url(r->srv->base_url, token, &url);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "url", url.buf);
	if (!strncmp(url.buf, "https://", 8) || !strncmp(url.buf, "http://", 7)) {
		struct sbuf w;
		sbuf_init(&w, 0);
		sbuf_adds(&w, "webcal://");
		sbuf_adds(&w, strstr(url.buf, "://") + 3);
		cJSON_AddStringToObject(o, "webcal", w.buf);
		sbuf_release(&w);
	}
	sbuf_release(&url);
	memset(token, 0, sizeof(token));
	ret = web_json(r, 201, o);
out:
	store_unit_list_release(&l);
	cJSON_Delete(body);
	return ret;
}
