/*
 * notice_json.c - a parsed notice as the contract's JSON.  See notice_json.h.
 */
#include "tracker/json/notice_json.h"

#include <stdlib.h>

/*
 * cJSON returns NULL only when an allocation fails; keep util.h's policy and
 * abort.  (main installs xmalloc as cJSON's allocator, which reports first.)
 */
static cJSON *must(cJSON *item)
{
	if (!item)
		abort();
	return item;
}

void json_add_str(cJSON *obj, const char *key, const char *s)
{
	if (s)
		must(cJSON_AddStringToObject(obj, key, s));
	else
		must(cJSON_AddNullToObject(obj, key));
}

void json_add_ymd(cJSON *obj, const char *key, struct ymd d)
{
	char buf[11];

	if (d.y <= 0 || d.m <= 0 || d.d <= 0) {
		must(cJSON_AddNullToObject(obj, key));
		return;
	}
	ymd_format(d, buf);
	must(cJSON_AddStringToObject(obj, key, buf));
}

cJSON *json_recurrence(enum rec_freq freq, const char *rrule)
{
	cJSON *r;

	if (freq == REC_NONE || !rec_freq_name(freq))
		return must(cJSON_CreateNull());
	r = must(cJSON_CreateObject());
	json_add_str(r, "freq", rec_freq_name(freq));
	json_add_str(r, "rrule", freq == REC_PERIODIC ? NULL : rrule);
	return r;
}

static cJSON *string_array(char *const *v, size_t n)
{
	cJSON *a = must(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, must(cJSON_CreateString(v[i])));
	return a;
}

cJSON *notice_task_json(const struct notice_task *t)
{
	cJSON *o = must(cJSON_CreateObject());

	json_add_str(o, "ref", t->ref);
	json_add_str(o, "text", t->text);
	cJSON_AddItemToObject(o, "owners", string_array(t->owners, t->n_owners));
	cJSON_AddItemToObject(o, "co_owners", string_array(t->co_owners, t->n_co_owners));
	json_add_ymd(o, "due", t->due);
	json_add_str(o, "due_kind", t->due.y || t->due_kind == DUE_RELATIVE
				    ? due_kind_name(t->due_kind) : NULL);
	cJSON_AddItemToObject(o, "recurrence", json_recurrence(t->freq, t->rrule));
	must(cJSON_AddNumberToObject(o, "line", t->line));
	return o;
}

cJSON *notice_json(const struct notice *n)
{
	cJSON *root = must(cJSON_CreateObject());
	cJSON *meta = must(cJSON_AddObjectToObject(root, "notice"));
	cJSON *tasks = must(cJSON_AddArrayToObject(root, "tasks"));
	size_t i;

	json_add_str(meta, "number", n->number);
	json_add_str(meta, "type", n->type);
	json_add_str(meta, "issuer", n->issuer);
	json_add_str(meta, "place", n->place);
	json_add_ymd(meta, "date", n->date);
	json_add_str(meta, "title", n->title);
	json_add_str(meta, "signer", n->signer);
	if (n->meeting_date.y)
		json_add_ymd(meta, "meeting_date", n->meeting_date);
	if (n->presider)
		json_add_str(meta, "presider", n->presider);
	for (i = 0; i < n->n_tasks; i++)
		cJSON_AddItemToArray(tasks, notice_task_json(&n->tasks[i]));
	return root;
}

char *json_render_free(cJSON **root, int pretty)
{
	char *s = NULL;

	if (root && *root) {
		s = pretty ? cJSON_Print(*root) : cJSON_PrintUnformatted(*root);
		cJSON_Delete(*root);
		*root = NULL;
		if (!s)
			abort();
	}
	return s;
}
