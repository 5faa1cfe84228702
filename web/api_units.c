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
#include "tracker/store/aliases.h"
#include "tracker/store/merge.h"
#include "tracker/unitlearn.h"

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
		return web_fail(r, 403, "feed_forbidden", NULL);
	if (!(body = web_body_json(r)) || !(action = web_json_str(body, "action")) ||
	    (strcmp(action, "issue") && strcmp(action, "rotate") && strcmp(action, "revoke"))) {
		ret = web_fail(r, 400, "feed_action", NULL);
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
		ret = web_fail(r, 404, "not_found", NULL);
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
			? web_fail(r, 409, "feed_exists", NULL)
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

/* ---- Unknown names and the aliases the office teaches ----------------------------- */

/* The directory with what the office taught; *learned frees it. */
static const struct unitdir *units_now(struct web_req *r, struct unitdir **learned)
{
	struct err err;

	*learned = NULL;
	if (!unitlearn_dir(r->store, r->srv->conf.units, learned, &err) && *learned)
		return *learned;
	return r->srv->conf.units;
}

/*
 * GET /api/units/suggest?name=...: whether the directory knows the name,
 * and its closest units by the one name matcher (diacritics, case and
 * abbreviations folded: "Sở KHĐT", "KH&ĐT").
 */
enum MHD_Result web_get_unit_suggest(struct web_req *r)
{
	const char *name = web_arg(r, "name");
	struct unitdir *learned = NULL;
	const struct unitdir *units;
	struct unit_candidate c[8];
	const char *canon;
	struct err err;
	cJSON *root, *arr;
	long long id;
	size_t n = 0, i;

	if (!name || !*name || strlen(name) > 300)
		return web_fail(r, 400, "name_needed", NULL);
	units = units_now(r, &learned);
	canon = units ? unitdir_canonical(units, name) : NULL;
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "name", name);
	cJSON_AddBoolToObject(root, "in_directory", canon != NULL);
	if (canon && !store_unit_id(r->store, canon, &id, &err)) {
		cJSON *u = cJSON_AddObjectToObject(root, "unit");
		cJSON_AddNumberToObject(u, "id", (double)id);
		cJSON_AddStringToObject(u, "name", canon);
	} else {
		cJSON_AddNullToObject(root, "unit");
	}
	arr = cJSON_AddArrayToObject(root, "suggestions");
	if (units)
		n = unitdir_suggest(units, name, strlen(name), c, sizeof(c) / sizeof(c[0]));
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		if (!store_unit_id(r->store, c[i].entry->name, &id, &err))
			cJSON_AddNumberToObject(x, "id", (double)id);
		else
			cJSON_AddNullToObject(x, "id");
		cJSON_AddStringToObject(x, "name", c[i].entry->name);
		cJSON_AddNumberToObject(x, "score", c[i].score);
		cJSON_AddStringToObject(x, "how", unitdir_how_name(c[i].how));
		cJSON_AddItemToArray(arr, x);
	}
	unitdir_free(&learned);
	return web_json_cached(r, root);
}

/* Every learned alias, and those the units file gives to another unit. */
static cJSON *aliases_json(struct web_req *r, struct err *err)
{
	struct store_alias_list l;
	cJSON *root, *arr, *file = NULL, *conflicts = NULL;
	size_t i;

	if (store_learned_aliases(r->store, &l, err))
		return NULL;
	if (unitlearn_json(r->store, r->srv->conf.units, &file, &conflicts, err)) {
		store_alias_list_release(&l);
		return NULL;
	}
	cJSON_Delete(file);
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "aliases");
	for (i = 0; i < l.n; i++) {
		const struct store_alias *a = &l.v[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "alias", a->alias);
		cJSON_AddNumberToObject(o, "unit_id", (double)a->unit_id);
		cJSON_AddStringToObject(o, "unit", a->unit);
		cJSON_AddStringToObject(o, "source", "office");
		if (a->added_by) cJSON_AddStringToObject(o, "added_by", a->added_by);
		else cJSON_AddNullToObject(o, "added_by");
		if (a->added_at) cJSON_AddStringToObject(o, "added_at", a->added_at);
		else cJSON_AddNullToObject(o, "added_at");
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_AddItemToObject(root, "conflicts", conflicts);
	store_alias_list_release(&l);
	return root;
}

enum MHD_Result web_get_unit_aliases(struct web_req *r)
{
	struct err err;
	cJSON *root = aliases_json(r, &err);

	return root ? web_json_cached(r, root) : web_store_error(r, &err);
}

/*
 * POST /api/units/aliases {"alias": "...", "unit": id}: the office maps a
 * name to a unit; every later parse and import reads it.  The answer is
 * the list, as GET gives it (with the conflicts the file wins).
 */
enum MHD_Result web_post_unit_alias(struct web_req *r)
{
	cJSON *body = NULL, *root;
	const cJSON *u;
	const char *alias;
	struct err err;
	enum MHD_Result ret;

	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "viewer_readonly", NULL);
	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	if (!(body = web_body_json(r)) || !(alias = web_json_str(body, "alias")) ||
	    !cJSON_IsNumber(u = cJSON_GetObjectItemCaseSensitive(body, "unit")) ||
	    u->valuedouble < 1 || u->valuedouble > 9007199254740991.0) {
		ret = web_fail(r, 400, "alias_body", NULL);
		goto out;
	}
	if (store_alias_learn(r->store, alias, (long long)u->valuedouble, r->user.login, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	if (!(root = aliases_json(r, &err))) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = web_json(r, 201, root);
out:
	cJSON_Delete(body);
	return ret;
}

/*
 * POST /api/units {"name": "..."}: the office adds a name to its directory
 * (the preview's "add as a new unit"); from then on every parse, import
 * and preview knows it as a directory unit, and a sync of the units file
 * keeps it.  201 with the unit; 409 "unit_exists" when the directory
 * already knows the name.
 */
enum MHD_Result web_post_unit_add(struct web_req *r)
{
	struct store_unit_list l = {0};
	cJSON *body = NULL, *o = NULL;
	const char *name;
	long long id = 0;
	struct err err;
	enum MHD_Result ret;
	size_t i;

	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "viewer_readonly", NULL);
	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	if (!(body = web_body_json(r)) || !(name = web_json_str(body, "name"))) {
		ret = web_fail(r, 400, "unit_body", NULL);
		goto out;
	}
	if (store_unit_add(r->store, name, r->user.login, &id, &err) ||
	    store_list_units(r->store, &l, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	for (i = 0; i < l.n && !o; i++)
		if (l.v[i].id == id)
			o = store_unit_json(&l.v[i]);
	if (!o) {
		ret = web_fail(r, 500, "server_error", NULL);
		goto out;
	}
	ret = web_json(r, 201, o);
out:
	store_unit_list_release(&l);
	cJSON_Delete(body);
	return ret;
}

/*
 * POST /api/units/merge {"from": id, "into": id}: the office gives a unit's
 * work to another (store_units_merge(): one transaction, FROM's name
 * becomes an alias of INTO, FROM's feed address answers 410).
 */
enum MHD_Result web_post_unit_merge(struct web_req *r)
{
	struct store_merge_result res;
	cJSON *body = NULL, *o;
	const cJSON *f, *t;
	struct err err;
	enum MHD_Result ret;

	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "viewer_readonly", NULL);
	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	if (!(body = web_body_json(r)) ||
	    !cJSON_IsNumber(f = cJSON_GetObjectItemCaseSensitive(body, "from")) ||
	    !cJSON_IsNumber(t = cJSON_GetObjectItemCaseSensitive(body, "into")) ||
	    f->valuedouble < 1 || t->valuedouble < 1 ||
	    f->valuedouble > 9007199254740991.0 || t->valuedouble > 9007199254740991.0) {
		ret = web_fail(r, 400, "merge_body", NULL);
		goto out;
	}
	if (store_units_merge(r->store, (long long)f->valuedouble, (long long)t->valuedouble,
			      r->user.login, &res, &err)) {
		ret = err.code == ERR_INVAL ? web_error_err(r, 422, &err) : web_store_error(r, &err);
		goto out;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "from", f->valuedouble);
	cJSON_AddNumberToObject(o, "into", t->valuedouble);
	cJSON_AddNumberToObject(o, "moved", (double)res.moved);
	cJSON_AddNumberToObject(o, "joined", (double)res.joined);
	cJSON_AddNumberToObject(o, "mails", (double)res.mails);
	ret = web_json(r, 200, o);
out:
	cJSON_Delete(body);
	return ret;
}
