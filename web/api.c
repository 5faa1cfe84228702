/*
 * api.c - the JSON API under /api/: routes, argument checking, roles, and
 * the calls into tracker/.  docs/API.md describes every endpoint.
 *
 * Every endpoint but /api/login needs a session (401 without one); every
 * POST also needs the session's CSRF token (403).  Reads are open to every
 * role; acting on work is for the office, or for a unit on its own work;
 * importing is for the office.  GET responses are cached per thread until
 * the data or the day changes (cache.c).
 */
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "tracker/csv.h"
#include "tracker/feed.h"
#include "tracker/id.h"
#include "tracker/intake.h"
#include "tracker/report.h"
#include "tracker/status.h"
#include "tracker/store_json.h"
#include "tracker/summary.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 500
/* Responses kept in the per-thread cache at most this big. */
#define CACHE_MAX_BYTES ((size_t)1 << 20)
/* A CSV export is every matching item; this bounds one response. */
#define CSV_MAX 100000

/* ---- Small helpers ------------------------------------------------------------ */

/* Splits "/api/a/b/c" into at most `max` segments (borrowed, NUL-cut in buf). */
static size_t split_path(char *buf, char **seg, size_t max)
{
	size_t n = 0;
	char *p = buf;

	while (*p && n < max) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		seg[n++] = p;
		while (*p && *p != '/')
			p++;
		if (*p)
			*p++ = 0;
	}
	return *p ? max + 1 : n; /* more segments than allowed: no route */
}

static cJSON *parse_body(struct web_req *r)
{
	return cJSON_ParseWithLength(r->body.buf ? r->body.buf : "", r->body.len);
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

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

static char *cache_key(struct web_req *r)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	sbuf_adds(&sb, r->path);
	sbuf_addc(&sb, '?');
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &sb);
	return sbuf_detach(&sb);
}

/*
 * Sends `body` (taken) as a cacheable GET response and keeps it in the
 * thread's cache under key (taken) for this data version and day.
 */
static enum MHD_Result send_cached(struct web_req *r, char *key, unsigned version,
				   const char *ctype, char *body, size_t len,
				   const char *disposition)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		free(key);
		return MHD_NO;
	}
	web_common_headers(resp, ctype);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (disposition)
		MHD_add_response_header(resp, "Content-Disposition", disposition);
	ret = web_reply_resp(r, 200, resp, len);
	/* Big answers (a CSV of every task) are not worth a cache slot: 64
	 * of them per thread would hold gigabytes. */
	if (len <= CACHE_MAX_BYTES)
		web_cache_put(key, version, r->today, resp, len);
	else
		MHD_destroy_response(resp);
	free(key);
	return ret;
}

static enum MHD_Result send_json_cached(struct web_req *r, char *key, unsigned version,
					cJSON *root)
{
	char *s = cJSON_PrintUnformatted(root);

	cJSON_Delete(root);
	if (!s) {
		free(key);
		return MHD_NO;
	}
	return send_cached(r, key, version, "application/json; charset=utf-8", s, strlen(s),
			   NULL);
}

/* ---- GET /api/summary ------------------------------------------------------- */

static enum MHD_Result get_summary(struct web_req *r, struct store *s, char *key,
				   unsigned version)
{
	struct store_err err;
	cJSON *root;

	if (summary_json(s, r->today, &root, &err)) {
		free(key);
		return web_store_error(r, &err);
	}
	return send_json_cached(r, key, version, root);
}

/* ---- GET /api/tasks ---------------------------------------------------------- */

struct collect {
	cJSON *items;
	struct csv *csv;
	long n;
};

static const char *const csv_head[] = {
	"id", "task_id", "Số văn bản", "Ngày văn bản", "Mục", "Nội dung nhiệm vụ",
	"Đơn vị chủ trì", "Thời hạn", "Hạn cuối", "Tình trạng", "Ghi chú",
};

static int collect_item(const struct store_item *it, void *arg)
{
	struct collect *c = arg;
	char d1[11], d2[11];

	c->n++;
	if (c->items) {
		cJSON_AddItemToArray(c->items, store_item_json(it));
		return 0;
	}
	ymd_format(it->notice_date, d1);
	ymd_format(it->state.last_day, d2);
	csv_int(c->csv, it->id);
	csv_int(c->csv, it->task_id);
	csv_text(c->csv, it->notice_number);
	csv_text(c->csv, d1);
	csv_text(c->csv, it->task_ref);
	csv_text(c->csv, it->task_text);
	csv_text(c->csv, it->unit);
	csv_text(c->csv, it->due_text);
	csv_text(c->csv, d2);
	csv_text(c->csv, status_label(it->state.status));
	csv_text(c->csv, it->state.awaiting ? "chờ xác nhận" : "");
	csv_end_row(c->csv);
	return 0;
}

static int arg_date(const char *v, struct ymd *out)
{
	return v && *v ? status_parse_date(v, out) : 0;
}

static enum MHD_Result get_tasks(struct web_req *r, struct store *s, char *key,
				 unsigned version)
{
	struct store_item_query q;
	struct store_err err;
	struct collect c = {0};
	struct sbuf csv;
	struct csv w;
	size_t i;
	const char *v, *fmt = web_arg(r, "format");
	long long page = 1, per = PAGE_DEFAULT;
	long total = 0;
	cJSON *root;
	enum task_status stv;
	int is_csv = fmt && !strcmp(fmt, "csv");

	memset(&q, 0, sizeof(q));
	q.status = -1;
	q.today = r->today;
	if ((v = web_arg(r, "unit")) && *v) {
		if (id_parse(v, &q.unit_id) && store_unit_id(s, v, &q.unit_id, &err))
			goto bad_unit;
	}
	if ((v = web_arg(r, "notice")) && *v && id_parse(v, &q.notice_id))
		goto bad;
	if ((v = web_arg(r, "task")) && *v && id_parse(v, &q.task_id))
		goto bad;
	if ((v = web_arg(r, "status")) && *v) {
		if (status_parse(v, &stv))
			goto bad;
		q.status = (int)stv;
	}
	if ((v = web_arg(r, "flag")) && *v) {
		char buf[128], *p, *save = NULL;
		snprintf(buf, sizeof(buf), "%s", v);
		for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			unsigned f = store_qflag_parse(p);
			if (!f)
				goto bad;
			q.flags |= f;
		}
	}
	if (arg_date(web_arg(r, "due_from"), &q.due_from) ||
	    arg_date(web_arg(r, "due_to"), &q.due_to))
		goto bad;
	q.q = web_arg(r, "q");
	q.all_periods = (v = web_arg(r, "all_periods")) && !strcmp(v, "1");
	if ((v = web_arg(r, "page")) && *v && (id_parse(v, &page) || page > 1000000))
		goto bad;
	if ((v = web_arg(r, "per_page")) && *v && (id_parse(v, &per) || per > PAGE_MAX))
		goto bad;
	if (is_csv) {
		q.offset = 0;
		q.limit = CSV_MAX;
		sbuf_init(&csv, 0);
		csv_begin(&w, &csv);
		for (i = 0; i < sizeof(csv_head) / sizeof(csv_head[0]); i++)
			csv_text(&w, csv_head[i]);
		csv_end_row(&w);
		c.csv = &w;
		if (store_query_items(s, &q, collect_item, &c, &total, &err)) {
			sbuf_release(&csv);
			free(key);
			return web_store_error(r, &err);
		}
		{
			size_t len = csv.len;
			return send_cached(r, key, version, "text/csv; charset=utf-8",
					   sbuf_detach(&csv), len,
					   "attachment; filename=\"nhiem-vu.csv\"");
		}
	}
	q.offset = (long)((page - 1) * per);
	q.limit = (long)per;
	root = cJSON_CreateObject();
	c.items = cJSON_AddArrayToObject(root, "items");
	if (store_query_items(s, &q, collect_item, &c, &total, &err)) {
		cJSON_Delete(root);
		free(key);
		return web_store_error(r, &err);
	}
	cJSON_AddNumberToObject(root, "total", (double)total);
	cJSON_AddNumberToObject(root, "page", (double)page);
	cJSON_AddNumberToObject(root, "per_page", (double)per);
	return send_json_cached(r, key, version, root);
bad_unit:
	free(key);
	return web_error(r, err.code == STORE_ENOTFOUND ? 400 : 500, "%s", err.msg);
bad:
	free(key);
	return web_error(r, 400, "bad value for a filter: %s", v ? v : "");
}

/* ---- GET /api/tasks/{id} ---------------------------------------------------- */

static int add_item(const struct store_item *it, void *arg)
{
	cJSON_AddItemToArray(arg, store_item_json(it));
	return 0;
}

static enum MHD_Result get_task(struct web_req *r, struct store *s, long long id, char *key,
				unsigned version)
{
	struct store_task *t = NULL;
	struct store_item_filter f;
	struct store_err err;
	cJSON *root, *items;

	if (store_get_task(s, id, r->today, &t, &err)) {
		free(key);
		return web_store_error(r, &err);
	}
	root = store_task_json(t, 1);
	store_task_free(&t);
	items = cJSON_AddArrayToObject(root, "items");
	memset(&f, 0, sizeof(f));
	f.task_id = id;
	f.today = r->today;
	if (store_scan_items(s, &f, add_item, items, &err)) {
		cJSON_Delete(root);
		free(key);
		return web_store_error(r, &err);
	}
	return send_json_cached(r, key, version, root);
}

/* ---- POST /api/tasks/{id}/{action} -------------------------------------------- */

static int office_only(enum store_action a)
{
	return a == STORE_ACT_CONFIRM || a == STORE_ACT_REOPEN || a == STORE_ACT_APPROVE ||
	       a == STORE_ACT_REFUSE;
}

static enum MHD_Result post_action(struct web_req *r, struct store *s, long long task_id,
				   const char *action)
{
	struct store_act a;
	struct store_item it = {0}, after = {0};
	struct store_err err;
	cJSON *body = NULL, *jv;
	const char *unit, *v;
	long long item_id = 0;
	enum MHD_Result ret;

	memset(&a, 0, sizeof(a));
	if (store_action_parse(action, &a.action))
		return web_error(r, 404, "no action '%s'", action);
	if (r->user.role == STORE_ROLE_VIEWER)
		return web_error(r, 403, "a viewer cannot change work");
	if (r->user.role == STORE_ROLE_UNIT && office_only(a.action))
		return web_error(r, 403, "only the office may %s", action);
	if (r->body.len) {
		if (!(body = parse_body(r)) || !cJSON_IsObject(body)) {
			ret = web_error(r, 400, "the body must be a JSON object");
			goto out;
		}
	}
	/* Which piece of work: an explicit item, else the task's item for the
	 * unit (a unit user's own by default). */
	jv = cJSON_GetObjectItemCaseSensitive(body, "item");
	if (cJSON_IsNumber(jv) && jv->valuedouble >= 1 && jv->valuedouble < 9007199254740992.0) {
		item_id = (long long)jv->valuedouble;
	} else {
		unit = json_str(body, "unit");
		if (!unit && r->user.role == STORE_ROLE_UNIT)
			unit = r->user.unit;
		if (!unit) {
			ret = web_error(r, 400, "say which unit's work: \"unit\" or \"item\"");
			goto out;
		}
		if (store_find_item(s, task_id, unit, a.action, &item_id, &err)) {
			ret = web_store_error(r, &err);
			goto out;
		}
	}
	if (store_get_item(s, item_id, r->today, &it, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	if (it.task_id != task_id) {
		ret = web_error(r, 404, "work item %lld is not of task %lld", item_id, task_id);
		goto out;
	}
	if (r->user.role == STORE_ROLE_UNIT && it.unit_id != r->user.unit_id) {
		ret = web_error(r, 403, "this work belongs to %s", it.unit);
		goto out;
	}
	a.item_id = item_id;
	a.actor = r->user.login;
	a.note = json_str(body, "note");
	a.today = r->today;
	a.percent = -1;
	jv = cJSON_GetObjectItemCaseSensitive(body, "percent");
	if (jv) {
		if (!cJSON_IsNumber(jv) || jv->valuedouble < 0 || jv->valuedouble > 100) {
			ret = web_error(r, 400, "percent is a number from 0 to 100");
			goto out;
		}
		a.percent = (int)jv->valuedouble;
	}
	if ((v = json_str(body, "date")) && status_parse_date(v, &a.date)) {
		ret = web_error(r, 400, "date must be YYYY-MM-DD");
		goto out;
	}
	if (store_act(s, &a, &after, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = web_json(r, 200, store_item_json(&after));
out:
	store_item_release(&it);
	store_item_release(&after);
	cJSON_Delete(body);
	return ret;
}

/* ---- Notices ------------------------------------------------------------------- */

static enum MHD_Result get_notices(struct web_req *r, struct store *s, char *key,
				   unsigned version)
{
	struct store_notice_list l = {0};
	struct store_err err;
	cJSON *root, *arr;
	size_t i;

	if (store_list_notices(s, &l, &err)) {
		free(key);
		return web_store_error(r, &err);
	}
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
	return send_json_cached(r, key, version, root);
}

static enum MHD_Result get_notice(struct web_req *r, struct store *s, long long id,
				  char *key, unsigned version)
{
	struct store_notice *n = NULL;
	struct store_err err;
	cJSON *root, *tasks, *t;
	size_t i = 0;

	if (store_get_notice(s, id, r->today, &n, &err)) {
		free(key);
		return web_store_error(r, &err);
	}
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
	return send_json_cached(r, key, version, root);
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
		if (!(*body = parse_body(r)))
			return -1;
		jt = cJSON_GetObjectItemCaseSensitive(*body, "text");
		if (!cJSON_IsString(jt))
			return -1;
		*text = jt->valuestring;
		*len = strlen(jt->valuestring);
		if (json_str(*body, "name"))
			*name = json_str(*body, "name");
		return 0;
	}
	*text = r->body.buf ? r->body.buf : "";
	*len = r->body.len;
	return 0;
}

static enum MHD_Result post_notice(struct web_req *r, struct store *s)
{
	cJSON *body = NULL, *out = NULL;
	const char *text, *name;
	struct store_err err;
	size_t len;
	enum MHD_Result ret;

	if (r->user.role != STORE_ROLE_OFFICE)
		return web_error(r, 403, "only the office imports notices");
	if (notice_text(r, &body, &text, &len, &name)) {
		ret = web_error(r, 400, "send {\"text\": ..., \"name\": ...} or the file itself");
		goto out;
	}
	if (intake_preview(s, r->srv->conf.units, r->user.id, name ? name : "dashboard", text, len,
			   &out, &err)) {
		ret = err.code == STORE_EINVAL ? web_error(r, 400, "%s", err.msg)
					       : web_store_error(r, &err);
		goto out;
	}
	ret = web_json(r, 201, out);
out:
	cJSON_Delete(body);
	return ret;
}

static enum MHD_Result post_commit(struct web_req *r, struct store *s, long long draft)
{
	cJSON *body = NULL, *out = NULL;
	struct store_err err;
	enum MHD_Result ret;

	if (r->user.role != STORE_ROLE_OFFICE)
		return web_error(r, 403, "only the office imports notices");
	if (r->body.len && (!(body = parse_body(r)) || !cJSON_IsObject(body))) {
		ret = web_error(r, 400, "the body must be a JSON object");
		goto out;
	}
	if (intake_commit(s, r->srv->conf.units, draft,
			  cJSON_GetObjectItemCaseSensitive(body, "tasks"), r->user.login, r->today,
			  &out, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = web_json(r, 201, out);
out:
	cJSON_Delete(body);
	return ret;
}

/* ---- Units ----------------------------------------------------------------------- */

static enum MHD_Result get_units(struct web_req *r, struct store *s, char *key,
				 unsigned version)
{
	struct store_unit_list l = {0};
	struct store_err err;
	cJSON *root, *arr;
	size_t i;

	if (store_list_units(s, &l, &err)) {
		free(key);
		return web_store_error(r, &err);
	}
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "units");
	for (i = 0; i < l.n; i++)
		cJSON_AddItemToArray(arr, store_unit_json(&l.v[i]));
	store_unit_list_release(&l);
	return send_json_cached(r, key, version, root);
}

/* ---- POST /api/units/{id}/feed: the unit's calendar feed address ----------------- */

/*
 * {"action": "issue" | "rotate" | "revoke"}.  The token exists in clear
 * only in this answer (the store keeps its digest), so the dashboard shows
 * the address once; a lost one is rotated.  The office's unit gets the
 * feed of everything.
 */
static enum MHD_Result post_feed(struct web_req *r, struct store *s, long long unit_id)
{
	const char *office = r->srv->conf.units ? unitdir_office(r->srv->conf.units) : NULL;
	struct store_feed_scope sc;
	struct store_unit_list l = {0};
	struct store_err err;
	char token[STORE_TOKEN_CHARS + 1];
	cJSON *body = NULL, *o;
	const char *action;
	struct sbuf url;
	enum MHD_Result ret;
	size_t i;
	int found = 0;

	if (r->user.role == STORE_ROLE_VIEWER ||
	    (r->user.role == STORE_ROLE_UNIT && r->user.unit_id != unit_id))
		return web_error(r, 403, "only the office or the unit itself manages its feed");
	if (!(body = parse_body(r)) || !(action = json_str(body, "action")) ||
	    (strcmp(action, "issue") && strcmp(action, "rotate") && strcmp(action, "revoke"))) {
		ret = web_error(r, 400, "send {\"action\": \"issue\" | \"rotate\" | \"revoke\"}");
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
		ret = web_error(r, 404, "no unit %lld", unit_id);
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
		ret = err.code == STORE_ESTATE
			? web_error(r, 409, "this unit already has a feed address; rotate it to get a new one")
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

/* ---- Routing ----------------------------------------------------------------------- */

enum MHD_Result web_api(struct web_req *r)
{
	char buf[256], *seg[5];
	size_t n;
	int get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	int post = !strcmp(r->method, "POST");
	long long id = 0;
	struct store *s;
	unsigned version;
	char *key;
	struct MHD_Response *hit;
	size_t len;

	if (strlen(r->path) >= sizeof(buf))
		return web_error(r, 404, "no such endpoint");
	snprintf(buf, sizeof(buf), "%s", r->path);
	n = split_path(buf, seg, 5);
	if (n > 4 || n < 2)
		return web_error(r, 404, "no such endpoint");
	if (n == 2 && !strcmp(seg[1], "login"))
		return web_login(r);
	if (n == 2 && !strcmp(seg[1], "logout"))
		return web_logout(r);
	if (n == 2 && !strcmp(seg[1], "session"))
		return web_session(r);
	if (strcmp(seg[1], "summary") && strcmp(seg[1], "tasks") && strcmp(seg[1], "notices") &&
	    strcmp(seg[1], "units"))
		return web_error(r, 404, "no such endpoint");
	if (n >= 3 && id_parse(seg[2], &id))
		return web_error(r, 404, "'%s' is not an id", seg[2]);
	if (!web_auth(r))
		return web_error(r, 401, "log in first");
	if (!(s = web_store(r)))
		return web_error(r, 503, "database unavailable");

	if (post) {
		if (!web_csrf_ok(r))
			return web_error(r, 403, "missing or wrong CSRF token");
		if (n == 4 && !strcmp(seg[1], "tasks"))
			return post_action(r, s, id, seg[3]);
		if (n == 2 && !strcmp(seg[1], "notices"))
			return post_notice(r, s);
		if (n == 4 && !strcmp(seg[1], "notices") && !strcmp(seg[3], "commit"))
			return post_commit(r, s, id);
		if (n == 4 && !strcmp(seg[1], "units") && !strcmp(seg[3], "feed"))
			return post_feed(r, s, id);
		if (n <= 3)
			return web_error(r, 405, "this endpoint takes GET");
		return web_error(r, 404, "no such endpoint");
	}
	if (!get) {
		if (n == 4)
			return web_error(r, 405, "this endpoint takes POST");
		return web_error(r, 405, "this endpoint takes GET%s",
				 n == 2 && !strcmp(seg[1], "notices") ? " or POST" : "");
	}
	if (n == 4)
		return web_error(r, 405, "this endpoint takes POST");
	if (n == 3 && (!strcmp(seg[1], "summary") || !strcmp(seg[1], "units")))
		return web_error(r, 404, "no such endpoint");
	if (web_version(r, &version))
		return web_error(r, 503, "database unavailable");
	key = cache_key(r);
	if ((hit = web_cache_get(key, version, r->today, &len))) {
		free(key);
		return web_reply_resp(r, 200, hit, len);
	}
	if (!strcmp(seg[1], "summary"))
		return get_summary(r, s, key, version);
	if (!strcmp(seg[1], "units"))
		return get_units(r, s, key, version);
	if (!strcmp(seg[1], "tasks"))
		return n == 2 ? get_tasks(r, s, key, version) : get_task(r, s, id, key, version);
	return n == 2 ? get_notices(r, s, key, version) : get_notice(r, s, id, key, version);
}
