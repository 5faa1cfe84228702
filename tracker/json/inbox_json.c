/*
 * inbox_json.c - the office's inbox as JSON.  See inbox_json.h.
 */
#include "tracker/json/inbox_json.h"

#include <stdlib.h>
#include "tracker/json/store_json.h"

/* cJSON fails only when malloc does: abort, util.h's policy. */
static cJSON *must(cJSON *item)
{
	if (!item)
		abort();
	return item;
}

static int inbox_add(enum store_inbox_kind k, const struct store_item *it, void *arg)
{
	cJSON **lists = arg;

	if (cJSON_GetArraySize(lists[k]) < STORE_INBOX_SHOWN)
		cJSON_AddItemToArray(lists[k], store_item_json(it));
	return 0;
}

int store_inbox_json(struct store *s, long long unit_id, struct ymd today, cJSON **out,
		     struct err *err)
{
	cJSON *root = must(cJSON_CreateObject()), *counts, *lists[STORE_INBOX_KINDS];
	long n[STORE_INBOX_KINDS], total = 0;
	char day[11];
	int k, rc;

	*out = NULL;
	ymd_format(today, day);
	must(cJSON_AddStringToObject(root, "today", day));
	if (unit_id)
		must(cJSON_AddNumberToObject(root, "unit_id", (double)unit_id));
	else
		must(cJSON_AddNullToObject(root, "unit_id"));
	counts = must(cJSON_AddObjectToObject(root, "counts"));
	for (k = 0; k < STORE_INBOX_KINDS; k++)
		lists[k] = must(cJSON_CreateArray());
	rc = store_inbox(s, unit_id, today, inbox_add, lists, n, err);
	for (k = 0; k < STORE_INBOX_KINDS; k++) {
		must(cJSON_AddNumberToObject(counts, store_inbox_kind_name((enum store_inbox_kind)k),
					     (double)n[k]));
		total += n[k];
	}
	must(cJSON_AddNumberToObject(counts, "total", (double)total));
	must(cJSON_AddNumberToObject(root, "shown_max", STORE_INBOX_SHOWN));
	for (k = 0; k < STORE_INBOX_KINDS; k++)
		cJSON_AddItemToObject(root, store_inbox_kind_name((enum store_inbox_kind)k),
				      lists[k]);
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	*out = root;
	return 0;
}
