/*
 * api_edit.c - edits after saving, for the office: PATCH /api/tasks/{id}
 * and PATCH /api/notices/{id} with the fields to change and the version
 * the client read (409 when someone edited since, 422 naming a bad field).
 * The work is store_edit_task() and store_edit_notice(); this file reads
 * the JSON into them.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <string.h>

#include "notices/dates.h"
#include "tracker/json/store_json.h"
#include "tracker/store/edit.h"

#define MAX_UNITS 64

/* 422 for field `field`, in the table's words for `key`. */
static enum MHD_Result bad_field(struct web_req *r, const char *key, const char *arg,
				 const char *field)
{
	struct err err;

	err_key(&err, ERR_INVAL, key, arg, "bad field %s", field);
	snprintf(err.field, sizeof(err.field), "%s", field);
	return web_error_err(r, 422, &err);
}

/* The office edits; others are told why not.  NULL when allowed. */
static enum MHD_Result refuse(struct web_req *r, int *refused)
{
	*refused = 1;
	if (r->user.role == STORE_ROLE_VIEWER)
		return web_fail(r, 403, "viewer_readonly", NULL);
	if (r->user.role != STORE_ROLE_OFFICE)
		return web_fail(r, 403, "office_only", NULL);
	*refused = 0;
	return MHD_NO;
}

/* The body as a JSON object and its "version"; answers itself on failure. */
static cJSON *edit_body(struct web_req *r, long long *version, enum MHD_Result *ret)
{
	cJSON *body = web_body_json(r);
	const cJSON *v;

	if (!body || !cJSON_IsObject(body)) {
		cJSON_Delete(body);
		*ret = web_fail(r, 400, "body_json", NULL);
		return NULL;
	}
	v = cJSON_GetObjectItemCaseSensitive(body, "version");
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 9007199254740991.0 ||
	    v->valuedouble != (double)(long long)v->valuedouble) {
		cJSON_Delete(body);
		*ret = bad_field(r, "version_needed", NULL, "version");
		return NULL;
	}
	*version = (long long)v->valuedouble;
	return body;
}

/* A list of unit names into l; 0, or -1 when it is not one. */
static int names_of(const cJSON *a, struct strlist *l)
{
	const cJSON *e;

	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > MAX_UNITS)
		return -1;
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsString(e) || !e->valuestring[0] || strlen(e->valuestring) > 300)
			return -1;
		strlist_add(l, e->valuestring);
	}
	return 0;
}

/* A string or null member: 1 string, 0 null, -1 neither. */
static int str_or_null(const cJSON *v)
{
	return cJSON_IsString(v) ? 1 : cJSON_IsNull(v) ? 0 : -1;
}

/* The task as GET /api/tasks/{id} shows it, after the edit. */
static enum MHD_Result task_reply(struct web_req *r, long long id)
{
	struct store_task *t = NULL;
	struct err err;
	cJSON *root;

	if (store_get_task(r->store, id, r->today, &t, &err))
		return web_store_error(r, &err);
	root = store_task_json(t, 1);
	store_task_free(&t);
	return web_json(r, 200, root);
}

enum MHD_Result web_patch_task(struct web_req *r)
{
	struct store_task_edit e;
	struct strlist owners = {0}, co = {0};
	struct err err;
	cJSON *body = NULL, *f;
	enum MHD_Result ret;
	long long version;
	int refused, rc;

	ret = refuse(r, &refused);
	if (refused)
		return ret;
	if (!(body = edit_body(r, &version, &ret)))
		return ret;
	memset(&e, 0, sizeof(e));
	e.task_id = r->id;
	e.version = version;
	e.actor = r->user.login;
	e.today = r->today;
	cJSON_ArrayForEach(f, body) {
		const char *k = f->string;
		if (!strcmp(k, "version")) {
			continue;
		} else if (!strcmp(k, "text") || !strcmp(k, "note")) {
			if (!cJSON_IsString(f)) {
				ret = bad_field(r, "field_type", k, k);
				goto out;
			}
			if (k[0] == 't') {
				e.set |= STORE_EDIT_TEXT;
				e.text = f->valuestring;
			} else {
				e.note = f->valuestring;
			}
		} else if (!strcmp(k, "due")) {
			if ((rc = str_or_null(f)) < 0) {
				ret = bad_field(r, "field_type", k, k);
				goto out;
			}
			e.set |= STORE_EDIT_DUE;
			if (rc && (rc = date_user_parse(f->valuestring, 0, &e.due))) {
				ret = bad_field(r, date_rule_key(rc), f->valuestring, "due");
				goto out;
			}
		} else if (!strcmp(k, "due_kind")) {
			const char *v = cJSON_IsString(f) ? f->valuestring : "";
			e.set |= STORE_EDIT_KIND;
			if (!strcmp(v, "before")) e.kind = DUE_BEFORE;
			else if (!strcmp(v, "by")) e.kind = DUE_BY;
			else if (!strcmp(v, "within")) e.kind = DUE_WITHIN;
			else {
				ret = bad_field(r, "due_kind", NULL, k);
				goto out;
			}
		} else if (!strcmp(k, "recurrence")) {
			if (store_json_recurrence(f, &e.rrule)) {
				ret = bad_field(r, "recurrence", NULL, k);
				goto out;
			}
			e.set |= STORE_EDIT_RECUR;
		} else if (!strcmp(k, "owners") || !strcmp(k, "co_owners")) {
			int lead = k[0] == 'o';
			if (names_of(f, lead ? &owners : &co)) {
				ret = bad_field(r, "owners_list", "64", k);
				goto out;
			}
			e.set |= lead ? STORE_EDIT_OWNERS : STORE_EDIT_CO_OWNERS;
		} else {
			ret = bad_field(r, "field_unknown", k, k);
			goto out;
		}
	}
	e.owners = owners.v;
	e.n_owners = owners.n;
	e.co_owners = co.v;
	e.n_co_owners = co.n;
	if (store_edit_task(r->store, r->srv->conf.units, &e, &version, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = task_reply(r, r->id);
out:
	strlist_release(&owners);
	strlist_release(&co);
	cJSON_Delete(body);
	return ret;
}

enum MHD_Result web_patch_notice(struct web_req *r)
{
	struct store_notice_edit e;
	struct store_notice *n = NULL;
	struct err err;
	cJSON *body = NULL, *f;
	enum MHD_Result ret;
	long long version;
	int refused, rc;

	ret = refuse(r, &refused);
	if (refused)
		return ret;
	if (!(body = edit_body(r, &version, &ret)))
		return ret;
	memset(&e, 0, sizeof(e));
	e.notice_id = r->id;
	e.version = version;
	e.actor = r->user.login;
	e.today = r->today;
	cJSON_ArrayForEach(f, body) {
		const char *k = f->string;
		if (!strcmp(k, "version"))
			continue;
		if (strcmp(k, "number") && strcmp(k, "date") && strcmp(k, "type") &&
		    strcmp(k, "title") && strcmp(k, "signer") && strcmp(k, "note")) {
			ret = bad_field(r, "field_unknown", k, k);
			goto out;
		}
		if ((rc = str_or_null(f)) < 0 || (!rc && !strcmp(k, "note"))) {
			ret = bad_field(r, "field_type", k, k);
			goto out;
		}
		if (!strcmp(k, "number")) {
			e.set |= STORE_EDIT_NUMBER;
			e.number = rc ? f->valuestring : NULL;
		} else if (!strcmp(k, "date")) {
			e.set |= STORE_EDIT_DATE;
			if (rc && (rc = date_user_parse(f->valuestring, 0, &e.date))) {
				ret = bad_field(r, date_rule_key(rc), f->valuestring, "date");
				goto out;
			}
		} else if (!strcmp(k, "type")) {
			e.set |= STORE_EDIT_TYPE;
			e.type = rc ? f->valuestring : NULL;
		} else if (!strcmp(k, "title")) {
			e.set |= STORE_EDIT_TITLE;
			e.title = rc ? f->valuestring : NULL;
		} else if (!strcmp(k, "signer")) {
			e.set |= STORE_EDIT_SIGNER;
			e.signer = rc ? f->valuestring : NULL;
		} else {
			e.note = f->valuestring;
		}
	}
	if (store_edit_notice(r->store, &e, &version, &err) ||
	    store_get_notice(r->store, r->id, r->today, &n, &err)) {
		ret = web_store_error(r, &err);
		goto out;
	}
	ret = web_json(r, 200, store_notice_json(n));
	store_notice_free(&n);
out:
	cJSON_Delete(body);
	return ret;
}
