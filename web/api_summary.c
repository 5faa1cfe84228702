/*
 * api_summary.c - GET /api/summary: the dashboard's counts by status and
 * flag, for today (summary_json()).
 */
#include "web/web_int.h"

#include "tracker/summary.h"

enum MHD_Result web_get_summary(struct web_req *r)
{
	struct err err;
	cJSON *root;

	if (summary_json(r->store, r->today, &root, &err))
		return web_store_error(r, &err);
	return web_json_cached(r, root);
}
