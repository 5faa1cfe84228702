/*
 * api_notices.c - the notices: GET /api/notices (newest first), GET
 * /api/notices/{id} (with its text and where each task sits in it), and
 * the office's import in two steps: POST /api/notices (parse into a draft
 * to review) and POST /api/notices/{id}/commit (store the reviewed draft).
 */
#include "web/web_int.h"

#include <stdio.h>
#include <string.h>

#include "tracker/intake.h"
#include "tracker/json/store_json.h"

/* ---- GET /api/notices, /api/notices/{id} -------------------------------------------- */

enum MHD_Result web_get_notices(struct web_req *r)
{
	struct store *s = r->store;
	struct store_notice_list l = {0};
	struct err err;
	cJSON *root, *arr;
	size_t i;

	if (store_list_notices(s, &l, &err))
		return web_store_error(r, &err);
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "notices");
	for (i = l.n; i-- > 0;) { /* newest first */
		const struct store_notice_brief *b = &l.v[i];
		cJSON *o = cJSON_CreateObject();
		char d[11];
		cJSON_AddNumberToObject(o, "id", (double)b->id);
		if (b->number) cJSON_AddStringToObject(o, "number", b->number);
		else cJSON_AddNullToObject(o, "number");
		if (b->type) cJSON_AddStringToObject(o, "type", b->type);
		else cJSON_AddNullToObject(o, "type");
		if (b->title) cJSON_AddStringToObject(o, "title", b->title);
		else cJSON_AddNullToObject(o, "title");
		ymd_format(b->date, d);
		if (b->date.d) cJSON_AddStringToObject(o, "date", d);
		else cJSON_AddNullToObject(o, "date");
		cJSON_AddNumberToObject(o, "version", b->version);
		cJSON_AddNumberToObject(o, "tasks", (double)b->n_tasks);
		cJSON_AddItemToArray(arr, o);
	}
	store_notice_list_release(&l);
	return web_json_cached(r, root);
}

enum MHD_Result web_get_notice(struct web_req *r)
{
	struct store *s = r->store;
	long long id = r->id;
	struct store_notice *n = NULL;
	struct err err;
	cJSON *root, *tasks, *t;
	size_t i = 0;

	if (store_get_notice(s, id, r->today, &n, &err))
		return web_store_error(r, &err);
	root = store_notice_json(n);
	cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(root, "notice"), "source_text",
				n->source_text ? n->source_text : "");
	/* Where each task sits in source_text (byte offsets), for the
	 * highlighted view. */
	tasks = cJSON_GetObjectItemCaseSensitive(root, "tasks");
	cJSON_ArrayForEach(t, tasks) {
		if (i < n->tasks.n) {
			cJSON *span = cJSON_AddObjectToObject(t, "span");
			cJSON_AddNumberToObject(span, "start", (double)n->tasks.v[i].span_start);
			cJSON_AddNumberToObject(span, "end", (double)n->tasks.v[i].span_end);
		}
		i++;
	}
	store_notice_free(&n);
	return web_json_cached(r, root);
}

/* The notice's text from the request: JSON {"text", "name"}, or the raw
 * body (text/plain or an uploaded file) named by X-File-Name. */
static int notice_text(struct web_req *r, cJSON **body, const char **text, size_t *len,
		       const char **name)
{
	const char *ct = web_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);

	/* The dashboard percent-encodes the name (headers are not UTF-8). */
	*name = web_header(r, "X-File-Name");
	if (*name && strlen(*name) < sizeof(r->file_name)) {
		snprintf(r->file_name, sizeof(r->file_name), "%s", *name);
		MHD_http_unescape(r->file_name);
		*name = r->file_name;
	}
	if (ct && !strncasecmp(ct, "application/json", 16)) {
		const cJSON *jt;
		if (!(*body = web_body_json(r)))
			return -1;
		jt = cJSON_GetObjectItemCaseSensitive(*body, "text");
		if (!cJSON_IsString(jt))
			return -1;
		*text = jt->valuestring;
		*len = strlen(jt->valuestring);
		if (web_json_str(*body, "name"))
			*name = web_json_str(*body, "name");
		return 0;
	}
	*text = r->body.buf ? r->body.buf : "";
	*len = r->body.len;
	return 0;
}

enum MHD_Result web_post_notice(struct web_req *r)
{
	struct store *s = r->store;
	cJSON *body = NULL, *out = NULL;
	const char *text, *name;
	struct err err;
	size_t len;
	enum MHD_Result ret;

	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	if (notice_text(r, &body, &text, &len, &name)) {
		ret = web_fail(r, 400, "notice_body", NULL);
		goto out;
	}
	if (intake_preview(s, r->srv->conf.units, r->user.id, name ? name : "dashboard", text, len,
			   &out, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = web_json(r, 201, out);
out:
	cJSON_Delete(body);
	return ret;
}

enum MHD_Result web_post_commit(struct web_req *r)
{
	struct store *s = r->store;
	long long draft = r->id;
	cJSON *body = NULL, *out = NULL;
	struct err err;
	enum MHD_Result ret;

	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	if (r->body.len && (!(body = web_body_json(r)) || !cJSON_IsObject(body))) {
		ret = web_fail(r, 400, "body_json", NULL);
		goto out;
	}
	if (intake_commit(s, r->srv->conf.units, draft, body, r->user.login, r->today,
			  &out, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	/* Stored (new, corrected, edited): 201; the same text and fields: 200. */
	{
		const char *st = web_json_str(out, "status");
		ret = web_json(r, st && !strcmp(st, "unchanged") ? 200 : 201, out);
	}
out:
	cJSON_Delete(body);
	return ret;
}
