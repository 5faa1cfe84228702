/*
 * api_files.c - a report of completion with its document, the documents
 * themselves, and each account's saved views of the task list:
 *
 *   POST /api/tasks/{id}/done    JSON as before, or multipart/form-data with
 *                                the fields item or unit, date, note and file
 *   GET  /api/files/{id}         an attached document, as a download
 *   GET/POST /api/views, DELETE /api/views/{id}
 *
 * A document is read only after the session, the CSRF token, the role and
 * the work were checked (web_upload_gate(), from web_route_gate()), and
 * never more of it than STORE_ATTACH_MAX and the form around it.  Its type
 * is found from its bytes (textin_attachment_type()); it is always served
 * as a download, with the type found then, never inline.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "notices/dates.h"
#include "tracker/core/id.h"
#include "tracker/core/utf8.h"
#include "tracker/json/store_json.h"
#include "tracker/store/attach.h"
#include "tracker/store/life.h"
#include "tracker/textin/textin.h"

/* What a form may add around the document: the other fields, boundaries. */
#define FORM_SLACK ((size_t)64 << 10)
/* The longest value of a form field other than the document. */
#define FIELD_MAX 4000

size_t web_upload_gate(struct web_req *r, long long task_id, enum MHD_Result *ret)
{
	struct store *s;
	struct err err;
	int led = 0;

	if (r->user.role == STORE_ROLE_VIEWER) {
		*ret = web_fail(r, 403, "viewer_readonly", NULL);
		return 0;
	}
	if (r->user.role == STORE_ROLE_UNIT) {
		if (!(s = web_store(r))) {
			*ret = web_fail(r, 503, "db_unavailable", NULL);
			return 0;
		}
		if (store_task_led_by(s, task_id, r->user.unit_id, &led, &err)) {
			*ret = web_store_error(r, &err);
			return 0;
		}
		if (!led) {
			*ret = web_fail(r, 403, "attach_not_yours", NULL);
			return 0;
		}
	}
	r->upload = 1;
	return STORE_ATTACH_MAX + FORM_SLACK;
}

/* ---- POST /api/tasks/{id}/done as a form ------------------------------------ */

struct done_form {
	struct sbuf item, unit, date, note; /* field values, each at most FIELD_MAX */
	struct sbuf file;                   /* the document's bytes */
	char *file_name;                    /* as the client named it, or NULL */
	int has_file, too_long;
};

static enum MHD_Result form_part(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *filename, const char *ctype, const char *te,
				 const char *data, uint64_t off, size_t size)
{
	struct done_form *f = cls;
	struct sbuf *to = NULL;

	(void)kind;
	(void)ctype;
	(void)te;
	(void)off;
	if (!key)
		return MHD_YES;
	if (!strcmp(key, "file")) {
		if (!f->has_file) {
			f->has_file = 1;
			f->file_name = filename ? xstrdup(filename) : NULL;
		}
		sbuf_add(&f->file, data, size);
		return MHD_YES;
	}
	if (!strcmp(key, "item"))
		to = &f->item;
	else if (!strcmp(key, "unit"))
		to = &f->unit;
	else if (!strcmp(key, "date"))
		to = &f->date;
	else if (!strcmp(key, "note"))
		to = &f->note;
	if (!to)
		return MHD_YES;
	if (to->len + size > FIELD_MAX) {
		f->too_long = 1;
		return MHD_YES;
	}
	sbuf_add(to, data, size);
	return MHD_YES;
}

static void done_form_release(struct done_form *f)
{
	sbuf_release(&f->item);
	sbuf_release(&f->unit);
	sbuf_release(&f->date);
	sbuf_release(&f->note);
	sbuf_release(&f->file);
	free(f->file_name);
}

/* A field's value as a string ("" when absent). */
static const char *fv(struct sbuf *b)
{
	if (!b->buf)
		sbuf_add(b, "", 0);
	return b->buf ? b->buf : "";
}

static int is_multipart(struct web_req *r)
{
	const char *ct = web_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);

	return ct && !strncasecmp(ct, "multipart/form-data", 19);
}

static cJSON *attachment_json(const struct store_attachment *a)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)a->id);
	cJSON_AddNumberToObject(o, "item", (double)a->item_id);
	cJSON_AddStringToObject(o, "name", a->name ? a->name : "");
	cJSON_AddNumberToObject(o, "size", (double)a->size);
	cJSON_AddStringToObject(o, "type", a->ctype ? a->ctype : "");
	cJSON_AddStringToObject(o, "sha256", a->sha256);
	cJSON_AddStringToObject(o, "by", a->added_by ? a->added_by : "");
	cJSON_AddStringToObject(o, "at", a->added_at ? a->added_at : "");
	{
		char url[48];
		snprintf(url, sizeof(url), "/api/files/%lld", a->id);
		cJSON_AddStringToObject(o, "url", url);
	}
	return o;
}

static int add_attachment(const struct store_attachment *a, void *arg)
{
	cJSON_AddItemToArray(arg, attachment_json(a));
	return 0;
}

int web_task_attachments(struct web_req *r, long long task_id, cJSON *task, struct err *err)
{
	cJSON *arr = cJSON_AddArrayToObject(task, "attachments");

	return store_list_attachments(r->store, task_id, add_attachment, arr, err);
}

/* 422 at the form's date field. */
static enum MHD_Result bad_date(struct web_req *r, const char *v, int rc)
{
	struct err err;

	memset(&err, 0, sizeof(err));
	err_key(&err, ERR_INVAL, date_rule_key(rc), v, "bad date");
	snprintf(err.field, sizeof(err.field), "date");
	return web_error_err(r, 422, &err);
}

enum MHD_Result web_post_done(struct web_req *r)
{
	struct store *s = r->store;
	struct done_form f;
	struct MHD_PostProcessor *pp = NULL;
	struct store_act a;
	struct store_file_in file;
	struct store_item it = {0}, after = {0};
	struct err err;
	const char *v, *ext = NULL, *ctype = NULL;
	char *name = NULL;
	long long item_id = 0, file_id = 0;
	enum MHD_Result ret;
	int rc;

	if (!r->word)
		r->word = xstrdup("done");
	if (!is_multipart(r))
		return web_post_action(r);
	memset(&f, 0, sizeof(f));
	sbuf_init(&f.item, 0);
	sbuf_init(&f.unit, 0);
	sbuf_init(&f.date, 0);
	sbuf_init(&f.note, 0);
	sbuf_init(&f.file, 0);
	if (!(pp = MHD_create_post_processor(r->conn, 16384, form_part, &f)) ||
	    MHD_post_process(pp, r->body.buf ? r->body.buf : "", r->body.len) != MHD_YES) {
		ret = web_fail(r, 400, "attach_form", NULL);
		goto out;
	}
	/* The processor hands out what it still holds as it ends. */
	rc = MHD_destroy_post_processor(pp) == MHD_YES;
	pp = NULL;
	if (!rc || f.too_long) {
		ret = web_fail(r, 400, "attach_form", NULL);
		goto out;
	}
	if (!utf8_check(fv(&f.item), f.item.len, NULL) || !utf8_check(fv(&f.unit), f.unit.len, NULL) ||
	    !utf8_check(fv(&f.date), f.date.len, NULL) || !utf8_check(fv(&f.note), f.note.len, NULL) ||
	    (f.file_name && !utf8_check_str(f.file_name))) {
		ret = web_fail(r, 400, "encoding_body", "1");
		goto out;
	}
	/* A form without a chosen file sends an empty part: no document. */
	if (f.has_file && f.file.len) {
		if (f.file.len > STORE_ATTACH_MAX) {
			ret = web_fail(r, 413, "attach_too_big", "10 MiB");
			goto out;
		}
		if (!(ctype = textin_attachment_type(f.file.buf, f.file.len, &ext))) {
			ret = web_fail(r, 415, "attach_type", NULL);
			goto out;
		}
		name = store_attach_name(f.file_name, ext);
	}
	/* Which piece of work: an explicit item, else the task's item for the
	 * unit (a unit user's own by default), as for JSON. */
	if (f.item.len) {
		if (id_parse(fv(&f.item), &item_id)) {
			ret = web_fail(r, 400, "bad_id", fv(&f.item));
			goto out;
		}
	} else {
		const char *unit = f.unit.len ? fv(&f.unit) : NULL;
		if (!unit && r->user.role == STORE_ROLE_UNIT)
			unit = r->user.unit;
		if (!unit) {
			ret = web_fail(r, 400, "which_unit", NULL);
			goto out;
		}
		if (store_find_item(s, r->id, unit, STORE_ACT_DONE, &item_id, &err)) {
			ret = web_store_error(r, &err);
			goto out;
		}
	}
	if (store_get_item(s, item_id, r->today, &it, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	if (it.task_id != r->id) {
		ret = web_fail(r, 404, "item_not_of_task", NULL);
		goto out;
	}
	if (r->user.role == STORE_ROLE_UNIT && it.unit_id != r->user.unit_id) {
		ret = web_fail(r, 403, "not_your_work", it.unit);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.action = STORE_ACT_DONE;
	a.item_id = item_id;
	a.actor = r->user.login;
	a.note = f.note.len ? fv(&f.note) : NULL;
	a.today = r->today;
	a.percent = -1;
	if (f.date.len && (rc = date_user_parse((v = fv(&f.date)), 0, &a.date))) {
		ret = bad_date(r, v, rc);
		goto out;
	}
	if (name) {
		file.name = name;
		file.ctype = ctype;
		file.data = f.file.buf;
		file.size = f.file.len;
		a.file = &file;
		a.attachment_id = &file_id;
	}
	if (store_act(s, &a, &after, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	{
		cJSON *o = store_item_json(&after);
		if (file_id) {
			struct store_attachment d;
			if (!store_get_attachment(s, file_id, &d, NULL, NULL, &err)) {
				cJSON_AddItemToObject(o, "attachment", attachment_json(&d));
				store_attachment_release(&d);
			}
		}
		ret = web_json(r, 200, o);
	}
out:
	if (pp)
		MHD_destroy_post_processor(pp);
	store_item_release(&it);
	store_item_release(&after);
	done_form_release(&f);
	free(name);
	return ret;
}

/* ---- GET /api/files/{id} -------------------------------------------------------- */

/* RFC 5987: the UTF-8 name percent-encoded, all but unreserved bytes. */
static void add_ext_value(struct sbuf *sb, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			sbuf_addc(sb, (char)*p);
		} else {
			sbuf_addc(sb, '%');
			sbuf_addc(sb, hex[*p >> 4]);
			sbuf_addc(sb, hex[*p & 15]);
		}
	}
}

enum MHD_Result web_get_file(struct web_req *r)
{
	struct store_attachment d;
	struct sbuf data, disp;
	struct MHD_Response *resp;
	struct err err;
	long long unit_id = 0;
	enum MHD_Result ret;
	const char *p;
	size_t len;

	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "attach_forbidden", NULL);
	sbuf_init(&data, 0);
	if (store_get_attachment(r->store, r->id, &d, &unit_id, NULL, &err)) {
		if (err.code == ERR_NOTFOUND)
			return web_fail(r, 404, "no_attachment", NULL);
		return web_store_error(r, &err);
	}
	/* A unit reads only what it attached to its own work. */
	if (r->user.role == STORE_ROLE_UNIT && unit_id != r->user.unit_id) {
		store_attachment_release(&d);
		return web_fail(r, 403, "attach_forbidden", NULL);
	}
	store_attachment_release(&d);
	if (store_get_attachment(r->store, r->id, &d, &unit_id, &data, &err)) {
		sbuf_release(&data);
		return web_store_error(r, &err);
	}
	/* An ASCII name for old clients, the exact one for the others. */
	sbuf_init(&disp, 0);
	sbuf_adds(&disp, "attachment; filename=\"");
	for (p = d.name; *p; p++)
		sbuf_addc(&disp, (unsigned char)*p < 0x80 && *p != '"' && *p != '\\' ? *p : '_');
	sbuf_adds(&disp, "\"; filename*=UTF-8''");
	add_ext_value(&disp, d.name);
	sbuf_addc(&disp, '\0');
	len = data.len;
	resp = MHD_create_response_from_buffer(len, len ? (void *)sbuf_detach(&data) : (void *)"",
					       len ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	sbuf_release(&data);
	if (!resp) {
		sbuf_release(&disp);
		store_attachment_release(&d);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, d.ctype);
	MHD_add_response_header(resp, "Content-Disposition", disp.buf);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* Opened in a tab anyway, it runs nothing and reaches nothing. */
	MHD_add_response_header(resp, "Content-Security-Policy", "sandbox; default-src 'none'");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	ret = web_reply_resp(r, 200, resp, len);
	MHD_destroy_response(resp);
	sbuf_release(&disp);
	store_attachment_release(&d);
	return ret;
}

/* ---- Saved views: GET/POST /api/views, DELETE /api/views/{id} -------------------- */

/* The task list's filters a view may keep (tasks.js, GET /api/tasks). */
static int view_key_ok(const char *k, size_t n)
{
	static const char *const keys[] = {"q", "unit", "status", "flag", "group", "due_from",
					   "due_to", "notice", "sort", "all_periods", "task"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == n && !strncmp(keys[i], k, n))
			return 1;
	return 0;
}

/* A query of known filters, "k=v&k=v", without '?'. */
static int view_query_ok(const char *q)
{
	const char *p = q;

	if (!utf8_check_str(q))
		return 0;
	while (*p) {
		size_t n = strcspn(p, "=&");
		if (p[n] != '=' || !view_key_ok(p, n))
			return 0;
		p += n + 1;
		p += strcspn(p, "&");
		if (*p == '&')
			p++;
	}
	return 1;
}

static int add_view(const struct store_view *v, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)v->id);
	cJSON_AddStringToObject(o, "name", v->name ? v->name : "");
	cJSON_AddStringToObject(o, "query", v->query ? v->query : "");
	cJSON_AddStringToObject(o, "created_at", v->created_at ? v->created_at : "");
	cJSON_AddItemToArray(arg, o);
	return 0;
}

static enum MHD_Result list_views(struct web_req *r, unsigned status)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "views");
	struct err err;

	if (store_list_views(r->store, r->user.id, add_view, arr, &err)) {
		cJSON_Delete(root);
		return web_store_error(r, &err);
	}
	cJSON_AddNumberToObject(root, "max", STORE_VIEWS_MAX);
	return web_json(r, status, root);
}

enum MHD_Result web_views(struct web_req *r)
{
	cJSON *body = NULL;
	const char *name, *query;
	struct err err;
	long long id;
	enum MHD_Result ret;

	if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))
		return list_views(r, 200);
	if (!(body = web_body_json(r)) || !cJSON_IsObject(body)) {
		ret = web_fail(r, 400, "body_json", NULL);
		goto out;
	}
	name = web_json_str(body, "name");
	query = web_json_str(body, "query");
	if (query && *query == '?')
		query++;
	if (query && !view_query_ok(query)) {
		ret = web_fail(r, 400, "view_query", NULL);
		goto out;
	}
	if (name && !utf8_check_str(name)) {
		ret = web_fail(r, 400, "encoding_body", "1");
		goto out;
	}
	if (store_save_view(r->store, r->user.id, name, query, &id, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = list_views(r, 201);
out:
	cJSON_Delete(body);
	return ret;
}

enum MHD_Result web_delete_view(struct web_req *r)
{
	struct err err;

	if (strcmp(r->method, "DELETE")) {
		r->allow = "DELETE";
		return web_fail(r, 405, "method_delete", NULL);
	}
	if (store_delete_view(r->store, r->user.id, r->id, &err))
		return err.code == ERR_NOTFOUND ? web_fail(r, 404, "no_view", NULL)
						: web_store_error(r, &err);
	return list_views(r, 200);
}
