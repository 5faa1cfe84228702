/*
 * api_inbox.c - the office's inbox and its decisions on many items at
 * once: GET /api/inbox (what units sent: reported completions, extension
 * requests, work the office returned; a unit account sees its own) and
 * POST /api/items/bulk (one office action on many work items, all or
 * nothing).
 */
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"
#include "tracker/json/inbox_json.h"
#include "tracker/json/store_json.h"

/* ---- GET /api/inbox -------------------------------------------------------------- */

enum MHD_Result web_get_inbox(struct web_req *r)
{
	struct err err;
	cJSON *root = NULL;
	long long unit_id = r->user.role == STORE_ROLE_UNIT ? r->user.unit_id : 0;

	if (store_inbox_json(r->store, unit_id, r->today, &root, &err))
		return web_store_error(r, &err);
	return web_json(r, 200, root);
}

/* ---- POST /api/items/bulk ---------------------------------------------------------- */

static int add_after(const struct store_item *it, void *arg)
{
	cJSON_AddItemToArray(arg, store_item_json(it));
	return 0;
}

enum MHD_Result web_post_bulk(struct web_req *r)
{
	struct store_act a;
	struct err err;
	cJSON *body = NULL, *items, *jv, *root = NULL, *list;
	long long *ids = NULL, bad = 0;
	const char *v;
	char num[24];
	size_t n = 0;
	enum MHD_Result ret;
	int rc;

	memset(&a, 0, sizeof(a));
	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "viewer_readonly", NULL);
	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	if (!(body = web_body_json(r)) || !cJSON_IsObject(body)) {
		ret = web_fail(r, 400, "body_json", NULL);
		goto out;
	}
	v = web_json_str(body, "action");
	if (!v || store_action_parse(v, &a.action) || !store_action_is_office(a.action)) {
		ret = web_fail(r, 400, "bulk_action", v ? v : "");
		goto out;
	}
	items = cJSON_GetObjectItemCaseSensitive(body, "items");
	if (!cJSON_IsArray(items)) {
		ret = web_fail(r, 400, "bulk_items", NULL);
		goto out;
	}
	/* Refused whole past the cap, never cut: the office must see what
	 * was left undone. */
	n = (size_t)cJSON_GetArraySize(items);
	if (n > STORE_BULK_MAX) {
		snprintf(num, sizeof(num), "%d", STORE_BULK_MAX);
		ret = web_fail(r, 413, "bulk_too_many", num);
		goto out;
	}
	if (!n) {
		ret = web_fail(r, 400, "bulk_empty", NULL);
		goto out;
	}
	ids = xcalloc(n, sizeof(*ids));
	n = 0;
	cJSON_ArrayForEach(jv, items) {
		if (!cJSON_IsNumber(jv) || jv->valuedouble < 1 ||
		    jv->valuedouble >= 9007199254740992.0 ||
		    jv->valuedouble != (double)(long long)jv->valuedouble) {
			ret = web_fail(r, 400, "bulk_items", NULL);
			goto out;
		}
		ids[n++] = (long long)jv->valuedouble;
	}
	a.actor = r->user.login;
	a.note = web_json_str(body, "note");
	a.today = r->today;
	a.percent = -1;
	if ((v = web_json_str(body, "date")) && (rc = date_user_parse(v, 0, &a.date))) {
		err_key(&err, ERR_INVAL, date_rule_key(rc), v, "bad date");
		snprintf(err.field, sizeof(err.field), "date");
		ret = web_error_err(r, 422, &err);
		goto out;
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "action", store_action_name(a.action));
	list = cJSON_AddArrayToObject(root, "items");
	if (store_act_many(r->store, &a, ids, n, &bad, add_after, list, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	cJSON_AddNumberToObject(root, "count", (double)n);
	ret = web_json(r, 200, root);
	root = NULL;
out:
	free(ids);
	cJSON_Delete(root);
	cJSON_Delete(body);
	return ret;
}
