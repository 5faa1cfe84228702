/*
 * intake.c - preview, correct and store a notice from the dashboard.
 */
#include "tracker/intake.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "tracker/json/notice_json.h"
#include "tracker/core/status.h"
#include "tracker/json/store_json.h"
#include "tracker/store/drafts.h"
#include "tracker/textin/textin.h"

#define MAX_OWNERS 64

static int parse(const struct unitdir *units, const char *buf, size_t len,
		 struct notice **n, struct err *err)
{
	struct err perr;

	memset(&perr, 0, sizeof(perr));
	if (notice_parse(buf, len, units, n, &perr) == 0)
		return 0;
	if (perr.line > 0)
		return err_set(err, ERR_INVAL, "line %d, byte %d: %s", perr.line, perr.col,
			    perr.msg);
	return err_set(err, ERR_INVAL, "%s", perr.msg);
}

int intake_preview(struct store *s, const struct unitdir *units, long long user_id,
		   const char *name, const char *buf, size_t len, cJSON **out,
		   struct err *err)
{
	struct notice *n = NULL;
	struct textin_opts topts;
	struct textin_info info;
	struct err terr;
	cJSON *root = NULL, *tasks;
	char *text = NULL;
	size_t text_len;
	long long id;
	int rc, i = 0;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	/* Uploads are whatever the office received: .docx, PDF, legacy
	 * encodings; the converter decides by content. */
	memset(&topts, 0, sizeof(topts));
	if (textin_convert(buf, len, &topts, &text, &text_len, &info, &terr)) {
		rc = terr.line > 0 ? err_set(err, ERR_INVAL, "line %d, byte %d: %s", terr.line,
					  terr.col, terr.msg)
				   : err_set(err, ERR_INVAL, "%s", terr.msg);
		goto out;
	}
	if ((rc = parse(units, text, text_len, &n, err)))
		goto out;
	/* The normalised text: committing parses it again to the same tasks. */
	if ((rc = store_draft_add(s, user_id, name, n->text, &id, err)))
		goto out;
	root = notice_json(n);
	cJSON_AddNumberToObject(root, "id", (double)id);
	cJSON_AddStringToObject(root, "name", name ? name : "");
	cJSON_AddStringToObject(root, "format", textin_format_name(info.format));
	tasks = cJSON_GetObjectItemCaseSensitive(root, "tasks");
	{
		cJSON *t;
		/* The parser's reasons ride along, as in `parse --explain`: the
		 * clerk checks an owner or a deadline against why it was read. */
		cJSON_ArrayForEach(t, tasks) {
			cJSON *x = cJSON_AddObjectToObject(t, "explain");
			if ((size_t)i < n->n_tasks) {
				const struct notice_task *nt = &n->tasks[i];
				cJSON_AddStringToObject(x, "owners", nt->why_owners ? nt->why_owners : "");
				cJSON_AddStringToObject(x, "due", nt->why_due ? nt->why_due : "");
			}
			cJSON_AddNumberToObject(t, "index", i++);
		}
	}
	*out = root;
	root = NULL;
out:
	cJSON_Delete(root);
	notice_free(&n);
	free(text);
	return rc;
}

/* Replaces a list of names with the strings of a JSON array. */
static int set_names(const cJSON *arr, const struct unitdir *units, char ***v, size_t *n,
		     size_t index, const char *what, struct err *err)
{
	const cJSON *e;
	char **out;
	size_t k = 0, i;
	int size = cJSON_GetArraySize(arr);

	if (!cJSON_IsArray(arr) || size > MAX_OWNERS)
		return err_set(err, ERR_INVAL, "task %zu: %s must be a list of at most %d names",
			    index, what, MAX_OWNERS);
	out = xcalloc((size_t)size + 1, sizeof(*out));
	cJSON_ArrayForEach(e, arr) {
		const char *canon;
		if (!cJSON_IsString(e) || !e->valuestring[0] || strlen(e->valuestring) > 300) {
			for (i = 0; i < k; i++)
				free(out[i]);
			free(out);
			return err_set(err, ERR_INVAL, "task %zu: %s must be names", index, what);
		}
		canon = units ? unitdir_canonical(units, e->valuestring) : NULL;
		out[k++] = xstrdup(canon ? canon : e->valuestring);
	}
	for (i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = out;
	*n = k;
	return 0;
}

static int apply_fix(struct notice *n, const cJSON *fix, const struct unitdir *units,
		     unsigned char *drop, struct err *err)
{
	const cJSON *ji = cJSON_GetObjectItemCaseSensitive(fix, "index");
	const cJSON *jo, *jc, *jd, *jk, *jx;
	struct notice_task *t;
	size_t i;
	int rc;

	if (!cJSON_IsObject(fix) || !cJSON_IsNumber(ji) || ji->valuedouble < 0 ||
	    ji->valuedouble >= (double)n->n_tasks || ji->valuedouble != (double)(size_t)ji->valuedouble)
		return err_set(err, ERR_INVAL, "each correction needs the \"index\" of a task (0 to %zu)",
			    n->n_tasks ? n->n_tasks - 1 : 0);
	i = (size_t)ji->valuedouble;
	t = &n->tasks[i];
	jx = cJSON_GetObjectItemCaseSensitive(fix, "drop");
	if (cJSON_IsTrue(jx)) {
		drop[i] = 1;
		return 0;
	}
	if ((jo = cJSON_GetObjectItemCaseSensitive(fix, "owners")) &&
	    (rc = set_names(jo, units, &t->owners, &t->n_owners, i, "owners", err)))
		return rc;
	if ((jc = cJSON_GetObjectItemCaseSensitive(fix, "co_owners")) &&
	    (rc = set_names(jc, units, &t->co_owners, &t->n_co_owners, i, "co_owners", err)))
		return rc;
	jd = cJSON_GetObjectItemCaseSensitive(fix, "due");
	jk = cJSON_GetObjectItemCaseSensitive(fix, "due_kind");
	if (cJSON_IsNull(jd)) {
		memset(&t->due, 0, sizeof(t->due));
		t->due_kind = DUE_NONE;
		free(t->due_text);
		t->due_text = NULL;
	} else if (jd) {
		struct ymd d;
		/* A relative period that a clerk dates binds on that day. */
		enum due_kind k = t->due_kind == DUE_NONE || t->due_kind == DUE_RELATIVE
				  ? DUE_BY : t->due_kind;
		char text[64], buf[11];
		if (!cJSON_IsString(jd) || status_parse_date(jd->valuestring, &d))
			return err_set(err, ERR_INVAL, "task %zu: due must be a date YYYY-MM-DD", i);
		if (jk) {
			if (!cJSON_IsString(jk))
				return err_set(err, ERR_INVAL, "task %zu: bad due_kind", i);
			if (!strcmp(jk->valuestring, "before")) k = DUE_BEFORE;
			else if (!strcmp(jk->valuestring, "by")) k = DUE_BY;
			else if (!strcmp(jk->valuestring, "within")) k = DUE_WITHIN;
			else
				return err_set(err, ERR_INVAL,
					    "task %zu: due_kind is before, by or within", i);
		}
		t->due = d;
		t->due_kind = k;
		/* The phrase as a clerk would write it, so reports read well. */
		ymd_format(d, buf);
		snprintf(text, sizeof(text), "%s ngày %.2s/%.2s/%.4s",
			 k == DUE_BEFORE ? "trước" : k == DUE_WITHIN ? "trong thời hạn đến" : "chậm nhất",
			 buf + 8, buf + 5, buf);
		free(t->due_text);
		t->due_text = xstrdup(text);
	}
	if (!t->n_owners)
		return err_set(err, ERR_INVAL, "task %zu: a task needs at least one lead unit", i);
	return 0;
}

int intake_commit(struct store *s, const struct unitdir *units, long long draft_id,
		  const cJSON *fixes, const char *actor, struct ymd today, cJSON **out,
		  struct err *err)
{
	struct store_import_opts opts;
	struct store_import_result res = {0};
	struct notice *n = NULL;
	char *name = NULL, *text = NULL;
	unsigned char *drop = NULL;
	long long done_as;
	const cJSON *fix;
	size_t i, k;
	int rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if ((rc = store_draft_get(s, draft_id, &name, &text, &done_as, err)))
		goto out;
	if (done_as) {
		rc = err_set(err, ERR_BADSTATE, "draft %lld is already stored as notice %lld",
			  draft_id, done_as);
		goto out;
	}
	if ((rc = parse(units, text, strlen(text), &n, err)))
		goto out;
	drop = xcalloc(n->n_tasks + 1, 1);
	if (fixes && !cJSON_IsArray(fixes)) {
		rc = err_set(err, ERR_INVAL, "corrections must be a list");
		goto out;
	}
	cJSON_ArrayForEach(fix, fixes)
		if ((rc = apply_fix(n, fix, units, drop, err)))
			goto out;
	for (i = k = 0; i < n->n_tasks; i++) {
		if (drop[i])
			notice_task_release(&n->tasks[i]);
		else
			n->tasks[k++] = n->tasks[i];
	}
	n->n_tasks = k;
	memset(&opts, 0, sizeof(opts));
	opts.source_name = name;
	opts.actor = actor;
	opts.units = units;
	opts.today = today;
	if ((rc = store_import(s, n, &opts, &res, err)))
		goto out;
	if ((rc = store_draft_done(s, draft_id, res.notice_id, err)))
		goto out;
	*out = store_import_result_json(&res, name);
out:
	store_import_result_release(&res);
	notice_free(&n);
	free(drop);
	free(name);
	free(text);
	return rc;
}
