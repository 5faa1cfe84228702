/*
 * api_tasks.c - the work: GET /api/tasks (filtered, paged, or every
 * matching item as a file), GET /api/tasks/{id} (a task, its history and its
 * work items), and POST /api/tasks/{id}/{action}: progress, done and
 * extend by a unit on its own work or by the office; confirm, reopen,
 * approve and refuse by the office only.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"
#include "tracker/core/id.h"
#include "tracker/core/status.h"
#include "tracker/json/store_json.h"
#include "tracker/store/search.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 500

/* ---- GET /api/tasks ---------------------------------------------------------- */

struct collect {
	struct sbuf *json;  /* the items array being written */
	long n;
};

static int collect_item(const struct store_item *it, void *arg)
{
	struct collect *c = arg;

	if (c->n)
		sbuf_addc(c->json, ',');
	c->n++;
	store_item_json_write(c->json, it);
	return 0;
}

/*
 * group=task: one row per piece of work (a unit's share of a task), so the
 * periods of a recurring task do not flood the list.  A row is its first
 * item in the query's order (with sort=attention, the period to act on) and
 * counts the periods that matched.  Rows are kept in order of first sight.
 */
struct group_row {
	long long assignment_id;
	long periods, overdue, done;
	cJSON *item;  /* only rows on the page; owned by the answer */
};

struct grouping {
	struct group_row *v;
	size_t n, alloc;
	size_t *slot;    /* open addressing over v by assignment_id; 0 is empty */
	size_t nslot;    /* a power of two, at least twice n */
	long from, upto; /* the page: rows [from, upto) */
	cJSON *items;
};

static size_t group_hash(long long id, size_t nslot)
{
	return (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ull >> 20) & (nslot - 1);
}

static void group_rehash(struct grouping *g)
{
	size_t i, h;

	free(g->slot);
	g->nslot = g->nslot ? g->nslot * 2 : 1024;
	g->slot = xcalloc(g->nslot, sizeof(*g->slot));
	for (i = 0; i < g->n; i++) {
		for (h = group_hash(g->v[i].assignment_id, g->nslot); g->slot[h];
		     h = (h + 1) & (g->nslot - 1))
			;
		g->slot[h] = i + 1;
	}
}

static int group_item(const struct store_item *it, void *arg)
{
	struct grouping *g = arg;
	struct group_row *row;
	size_t h;

	if (2 * (g->n + 1) > g->nslot)
		group_rehash(g);
	for (h = group_hash(it->assignment_id, g->nslot); g->slot[h];
	     h = (h + 1) & (g->nslot - 1))
		if (g->v[g->slot[h] - 1].assignment_id == it->assignment_id)
			break;
	if (g->slot[h]) {
		row = &g->v[g->slot[h] - 1];
	} else {
		ALLOC_GROW(g->v, g->n + 1, g->alloc);
		row = &g->v[g->n];
		memset(row, 0, sizeof(*row));
		row->assignment_id = it->assignment_id;
		if ((long)g->n >= g->from && (long)g->n < g->upto) {
			row->item = store_item_json(it);
			cJSON_AddItemToArray(g->items, row->item);
		}
		g->slot[h] = ++g->n;
	}
	row->periods++;
	if (it->state.status == TASK_OVERDUE)
		row->overdue++;
	if (it->work == WORK_DONE)
		row->done++;
	return 0;
}

static void group_finish(struct grouping *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		cJSON *p;
		if (!g->v[i].item)
			continue;
		p = cJSON_AddObjectToObject(g->v[i].item, "periods");
		cJSON_AddNumberToObject(p, "count", (double)g->v[i].periods);
		cJSON_AddNumberToObject(p, "overdue", (double)g->v[i].overdue);
		cJSON_AddNumberToObject(p, "done", (double)g->v[i].done);
	}
	free(g->v);
	free(g->slot);
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
	struct sbuf json;
	const char *v, *fmt = web_arg(r, "format");
	long long page = 1, per = -1;
	long total = 0;
	enum task_status stv;
	int is_csv = fmt && !strcmp(fmt, "csv"), is_xlsx = fmt && !strcmp(fmt, "xlsx");

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
	if ((v = web_arg(r, "sort")) && *v) {
		if (!strcmp(v, "attention"))
			q.order = STORE_ORDER_ATTENTION;
		else if (strcmp(v, "deadline"))
			goto bad;
	}
	/* An export is every match, streamed: no paging, no cap. */
	if (is_csv || is_xlsx)
		return web_tasks_export(r, &q, is_xlsx);
	if ((v = web_arg(r, "per_page")) && *v && (id_parse(v, &per) || per > PAGE_MAX))
		goto bad;
	if (per < 0)
		per = PAGE_DEFAULT;
	if ((v = web_arg(r, "group")) && *v) {
		struct grouping g;
		cJSON *root;
		if (strcmp(v, "task"))
			goto bad;
		memset(&g, 0, sizeof(g));
		g.from = (long)((page - 1) * per);
		g.upto = g.from + (long)per;
		root = cJSON_CreateObject();
		g.items = cJSON_AddArrayToObject(root, "items");
		if (store_query_items(s, &q, group_item, &g, &total, &err)) {
			group_finish(&g);
			cJSON_Delete(root);
			return web_store_error(r, &err);
		}
		cJSON_AddNumberToObject(root, "total", (double)g.n);
		cJSON_AddNumberToObject(root, "items_total", (double)total);
		cJSON_AddNumberToObject(root, "page", (double)page);
		cJSON_AddNumberToObject(root, "per_page", (double)per);
		group_finish(&g);
		return web_json_cached(r, root);
	}
	q.offset = (long)((page - 1) * per);
	q.limit = (long)per;
	/* {"items":[...],"total":N,"page":P,"per_page":N}, written directly
	 * (store_item_json_write()): the same bytes as through cJSON. */
	sbuf_init(&json, 0);
	sbuf_adds(&json, "{\"items\":[");
	c.json = &json;
	if (store_query_items(s, &q, collect_item, &c, &total, &err)) {
		sbuf_release(&json);
		return web_store_error(r, &err);
	}
	sbuf_adds(&json, "],\"total\":");
	sbuf_addi(&json, total);
	sbuf_adds(&json, ",\"page\":");
	sbuf_addi(&json, page);
	sbuf_adds(&json, ",\"per_page\":");
	sbuf_addi(&json, per);
	sbuf_addc(&json, '}');
	{
		size_t len = json.len;
		return web_reply_cached(r, "application/json; charset=utf-8", sbuf_detach(&json), len,
					NULL);
	}
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
	if (store_scan_items(s, &f, add_item, items, &err) ||
	    web_task_attachments(r, id, root, &err)) {
		cJSON_Delete(root);
		return web_store_error(r, &err);
	}
	return web_json_cached(r, root);
}

/* ---- POST /api/tasks/{id}/{action} -------------------------------------------- */

static int office_only(enum store_action a)
{
	return store_action_is_office(a);
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
