/*
 * api_tasks.c - the work: GET /api/tasks (filtered, paged, or every
 * matching item as CSV), GET /api/tasks/{id} (a task, its history and its
 * work items), and POST /api/tasks/{id}/{action}: progress, done and
 * extend by a unit on its own work or by the office; confirm, reopen,
 * approve and refuse by the office only.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <string.h>

#include "notices/dates.h"
#include "tracker/core/csv.h"
#include "tracker/core/id.h"
#include "tracker/core/status.h"
#include "tracker/json/store_json.h"
#include "tracker/store/search.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 500
/* A CSV export is every matching item; this bounds one response. */
#define CSV_MAX 100000

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

enum MHD_Result web_get_tasks(struct web_req *r)
{
	struct store *s = r->store;
	struct store_item_query q;
	struct err err;
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
			return web_store_error(r, &err);
		}
		{
			size_t len = csv.len;
			return web_reply_cached(r, "text/csv; charset=utf-8", sbuf_detach(&csv), len,
						"attachment; filename=\"nhiem-vu.csv\"");
		}
	}
	q.offset = (long)((page - 1) * per);
	q.limit = (long)per;
	root = cJSON_CreateObject();
	c.items = cJSON_AddArrayToObject(root, "items");
	if (store_query_items(s, &q, collect_item, &c, &total, &err)) {
		cJSON_Delete(root);
		return web_store_error(r, &err);
	}
	cJSON_AddNumberToObject(root, "total", (double)total);
	cJSON_AddNumberToObject(root, "page", (double)page);
	cJSON_AddNumberToObject(root, "per_page", (double)per);
	return web_json_cached(r, root);
bad_unit:
	return err.code == ERR_NOTFOUND ? web_fail(r, 400, "unknown_unit", v)
					  : web_store_error(r, &err);
bad:
	return web_fail(r, 400, "bad_filter", v);
}

/* ---- GET /api/tasks/{id} ---------------------------------------------------- */

static int add_item(const struct store_item *it, void *arg)
{
	cJSON_AddItemToArray(arg, store_item_json(it));
	return 0;
}

enum MHD_Result web_get_task(struct web_req *r)
{
	struct store *s = r->store;
	long long id = r->id;
	struct store_task *t = NULL;
	struct store_item_filter f;
	struct err err;
	cJSON *root, *items;

	if (store_get_task(s, id, r->today, &t, &err))
		return web_store_error(r, &err);
	root = store_task_json(t, 1);
	store_task_free(&t);
	items = cJSON_AddArrayToObject(root, "items");
	memset(&f, 0, sizeof(f));
	f.task_id = id;
	f.today = r->today;
	if (store_scan_items(s, &f, add_item, items, &err)) {
		cJSON_Delete(root);
		return web_store_error(r, &err);
	}
	return web_json_cached(r, root);
}

/* ---- POST /api/tasks/{id}/{action} -------------------------------------------- */

static int office_only(enum store_action a)
{
	return a == STORE_ACT_CONFIRM || a == STORE_ACT_REOPEN || a == STORE_ACT_APPROVE ||
	       a == STORE_ACT_REFUSE;
}

enum MHD_Result web_post_action(struct web_req *r)
{
	struct store *s = r->store;
	long long task_id = r->id;
	const char *action = r->word;
	struct store_act a;
	struct store_item it = {0}, after = {0};
	struct err err;
	cJSON *body = NULL, *jv;
	const char *unit, *v;
	long long item_id = 0;
	enum MHD_Result ret;
	int rc;

	memset(&a, 0, sizeof(a));
	if (store_action_parse(action, &a.action))
		return web_fail(r, 404, "no_action", action);
	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "viewer_readonly", NULL);
	if (r->user.role == STORE_ROLE_UNIT && office_only(a.action))
		return web_fail(r, 403, "office_only", NULL);
	if (r->body.len) {
		if (!(body = web_body_json(r)) || !cJSON_IsObject(body)) {
			ret = web_fail(r, 400, "body_json", NULL);
			goto out;
		}
	}
	/* Which piece of work: an explicit item, else the task's item for the
	 * unit (a unit user's own by default). */
	jv = cJSON_GetObjectItemCaseSensitive(body, "item");
	if (cJSON_IsNumber(jv) && jv->valuedouble >= 1 && jv->valuedouble < 9007199254740992.0) {
		item_id = (long long)jv->valuedouble;
	} else {
		unit = web_json_str(body, "unit");
		if (!unit && r->user.role == STORE_ROLE_UNIT)
			unit = r->user.unit;
		if (!unit) {
			ret = web_fail(r, 400, "which_unit", NULL);
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
		ret = web_fail(r, 404, "item_not_of_task", NULL);
		goto out;
	}
	if (r->user.role == STORE_ROLE_UNIT && it.unit_id != r->user.unit_id) {
		ret = web_fail(r, 403, "not_your_work", it.unit);
		goto out;
	}
	a.item_id = item_id;
	a.actor = r->user.login;
	a.note = web_json_str(body, "note");
	a.today = r->today;
	a.percent = -1;
	jv = cJSON_GetObjectItemCaseSensitive(body, "percent");
	if (jv) {
		if (!cJSON_IsNumber(jv) || jv->valuedouble < 0 || jv->valuedouble > 100) {
			ret = web_fail(r, 400, "percent_range", NULL);
			goto out;
		}
		a.percent = (int)jv->valuedouble;
	}
	if ((v = web_json_str(body, "date")) && (rc = date_user_parse(v, 0, &a.date))) {
		err_key(&err, ERR_INVAL, date_rule_key(rc), v, "bad date");
		snprintf(err.field, sizeof(err.field), "date");
		ret = web_error_err(r, 422, &err);
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
