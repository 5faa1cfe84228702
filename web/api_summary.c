/*
 * api_summary.c - GET /api/summary: the dashboard's overview for today
 * (summary_json()); `page`, `other_page` and `per_page` page the ranked
 * lists, `unit` (id, name or alias) narrows it to one unit's work.
 */
#include "web/web_int.h"

#include <stdio.h>

#include "tracker/core/id.h"
#include "tracker/dirmail.h"
#include "tracker/store/units.h"
#include "tracker/summary.h"

static int arg_num(struct web_req *r, const char *name, long max, long *out)
{
	const char *v = web_arg(r, name);
	long long n;

	if (!v || !*v)
		return 0;
	if (id_parse(v, &n) || n > max)
		return -1;
	*out = (long)n;
	return 0;
}

/* Units whose address in the directory no mail can go to: the dashboard
 * warns the office, since those units get no reminders until fixed. */
static int add_directory_problems(struct web_req *r, cJSON *root, struct err *err)
{
	struct dirmail_problems p;
	cJSON *a = cJSON_AddArrayToObject(root, "directory_problems");
	size_t i;
	int rc = dirmail_problems(r->store, &p, err);

	for (i = 0; !rc && i < p.n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "unit_id", (double)p.v[i].unit_id);
		cJSON_AddStringToObject(o, "unit", p.v[i].unit);
		cJSON_AddStringToObject(o, "email", p.v[i].email);
		cJSON_AddStringToObject(o, "problem", p.v[i].why);
		cJSON_AddItemToArray(a, o);
	}
	dirmail_problems_release(&p);
	return rc;
}

enum MHD_Result web_get_summary(struct web_req *r)
{
	struct summary_opts o = {0};
	struct err err;
	const char *v;
	cJSON *root;

	if (arg_num(r, "page", 1000000, &o.page) || arg_num(r, "other_page", 1000000, &o.other_page) ||
	    arg_num(r, "per_page", SUMMARY_PER_PAGE_MAX, &o.per_page))
	{
		char max[16];
		snprintf(max, sizeof(max), "%d", SUMMARY_PER_PAGE_MAX);
		return web_fail(r, 400, "summary_paging", max);
	}
	if ((v = web_arg(r, "unit")) && *v && id_parse(v, &o.unit_id) &&
	    store_unit_id(r->store, v, &o.unit_id, &err))
		return err.code == ERR_NOTFOUND ? web_fail(r, 400, "unknown_unit", v)
						: web_store_error(r, &err);
	if (summary_json(r->store, r->today, &o, &root, &err))
		return web_store_error(r, &err);
	if (add_directory_problems(r, root, &err)) {
		cJSON_Delete(root);
		return web_store_error(r, &err);
	}
	return web_json_cached(r, root);
}
