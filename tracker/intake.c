/*
 * intake.c - preview, correct and store a notice from the dashboard.
 */
#include "tracker/intake.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"
#include "notices/notice.h"
#include "notices/unitdir.h"
#include "tracker/json/notice_json.h"
#include "tracker/core/msg.h"
#include "tracker/core/recur.h"
#include "tracker/core/status.h"
#include "tracker/json/store_json.h"
#include "tracker/store/drafts.h"
#include "tracker/store/edit.h"
#include "tracker/store/read.h"
#include "tracker/textin/textin.h"
#include "tracker/unitlearn.h"

#define MAX_OWNERS 64

/*
 * Bytes that are no notice: ERR_INVAL (the caller's 400) keyed
 * "not_a_notice", quoting what the converter or the parser found in the
 * table's words (binary data, a damaged file, no text).
 */
static int not_a_notice(struct err *err, const struct err *cause)
{
	const char *why = msg_text(msg_code_of(cause));

	if (cause->line > 0)
		err_key(err, ERR_INVAL, "not_a_notice", why, "line %d, byte %d: %s", cause->line,
			cause->col, cause->msg);
	else
		err_key(err, ERR_INVAL, "not_a_notice", why, "%s", cause->msg);
	return ERR_INVAL;
}

static int parse(const struct unitdir *units, const char *buf, size_t len,
		 struct notice **n, struct err *err)
{
	struct err perr;

	memset(&perr, 0, sizeof(perr));
	if (notice_parse(buf, len, units, n, &perr) == 0)
		return 0;
	return not_a_notice(err, &perr);
}

/* One owner name as the preview shows it: in the directory or not, and
 * the closest directory units when not (the one matcher, unitdir.c). */
static cJSON *owner_info(const struct unitdir *units, const char *name)
{
	struct unit_candidate c[5];
	cJSON *o = cJSON_CreateObject(), *sug;
	const char *canon = units ? unitdir_canonical(units, name) : NULL;
	size_t n = 0, i;

	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddBoolToObject(o, "in_directory", canon != NULL);
	sug = cJSON_AddArrayToObject(o, "suggestions");
	if (!canon && units)
		n = unitdir_suggest(units, name, strlen(name), c, 5);
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", c[i].entry->name);
		cJSON_AddNumberToObject(x, "score", c[i].score);
		cJSON_AddStringToObject(x, "how", unitdir_how_name(c[i].how));
		cJSON_AddItemToArray(sug, x);
	}
	return o;
}

static cJSON *owners_info(const struct unitdir *units, char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, owner_info(units, v[i]));
	return a;
}

int intake_preview(struct store *s, const struct unitdir *base_units, long long user_id,
		   const char *name, const char *buf, size_t len, cJSON **out,
		   struct err *err)
{
	struct unitdir *learned = NULL;
	const struct unitdir *units = base_units;
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
	/* The names the office taught come with the directory. */
	if (!unitlearn_dir(s, base_units, &learned, &terr) && learned)
		units = learned;
	/* Uploads are whatever the office received: .docx, PDF, legacy
	 * encodings; the converter decides by content. */
	memset(&topts, 0, sizeof(topts));
	if (textin_not_document(buf, len)) {
		const char *kind = textin_not_document(buf, len);
		rc = err_key(err, ERR_INVAL, !strcmp(kind, "image") ? "not_image" : "not_markup", NULL,
			     "an %s is no notice", kind);
		goto out;
	}
	if (textin_convert(buf, len, &topts, &text, &text_len, &info, &terr)) {
		rc = not_a_notice(err, &terr);
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
			const struct notice_task *nt = &n->tasks[i];
			cJSON *x = cJSON_AddObjectToObject(t, "explain");
			cJSON_AddStringToObject(x, "owners", nt->why_owners ? nt->why_owners : "");
			cJSON_AddStringToObject(x, "due", nt->why_due ? nt->why_due : "");
			cJSON_AddNumberToObject(t, "index", i++);
			cJSON_AddItemToObject(t, "owners_info", owners_info(units, nt->owners, nt->n_owners));
			cJSON_AddItemToObject(t, "co_owners_info",
					      owners_info(units, nt->co_owners, nt->n_co_owners));
		}
	}
	*out = root;
	root = NULL;
out:
	cJSON_Delete(root);
	notice_free(&n);
	free(text);
	unitdir_free(&learned);
	return rc;
}

/*
 * A bad correction of the task at `index` (0-based, as the draft counts):
 * the user's message names it as the clerk numbers it, "tasks[3].due" for
 * the third, with its item number.
 */
static int task_err(struct err *err, const char *key, const char *arg, size_t index,
		    const char *ref, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static int task_err(struct err *err, const char *key, const char *arg, size_t index,
		    const char *ref, const char *field, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_key(err, ERR_INVAL, key, arg, "task %zu: %s", index + 1, msg);
	snprintf(err->field, sizeof(err->field), "tasks[%zu].%s", index + 1, field);
	if (ref)
		snprintf(err->ref, sizeof(err->ref), "%s", ref);
	return ERR_INVAL;
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
		return task_err(err, "owners_list", "64", index, NULL, what,
				"%s must be a list of at most %d names", what, MAX_OWNERS);
	out = xcalloc((size_t)size + 1, sizeof(*out));
	cJSON_ArrayForEach(e, arr) {
		const char *canon;
		if (!cJSON_IsString(e) || !e->valuestring[0] || strlen(e->valuestring) > 300) {
			for (i = 0; i < k; i++)
				free(out[i]);
			free(out);
			return task_err(err, "owners_list", "64", index, NULL, what,
					"%s must be names", what);
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
		     int today_year, unsigned char *drop, struct err *err)
{
	const cJSON *ji = cJSON_GetObjectItemCaseSensitive(fix, "index");
	const cJSON *jo, *jc, *jd, *jk, *jx, *jr;
	struct notice_task *t;
	size_t i;
	int rc, ref_year = n->date.y ? n->date.y : today_year;

	if (!cJSON_IsObject(fix) || !cJSON_IsNumber(ji) || ji->valuedouble < 0 ||
	    ji->valuedouble >= (double)n->n_tasks || ji->valuedouble != (double)(size_t)ji->valuedouble)
	{
		char hi[24];
		snprintf(hi, sizeof(hi), "%zu", n->n_tasks ? n->n_tasks - 1 : 0);
		return err_key(err, ERR_INVAL, "task_index", hi,
			       "each correction needs the \"index\" of a task (0 to %s)", hi);
	}
	i = (size_t)ji->valuedouble;
	t = &n->tasks[i];
	jx = cJSON_GetObjectItemCaseSensitive(fix, "drop");
	if (cJSON_IsTrue(jx)) {
		drop[i] = 1;
		return 0;
	}
	if ((jo = cJSON_GetObjectItemCaseSensitive(fix, "owners")) &&
	    (rc = set_names(jo, units, &t->owners, &t->n_owners, i, "owners", err))) {
		snprintf(err->ref, sizeof(err->ref), "%s", t->ref);
		return rc;
	}
	if ((jc = cJSON_GetObjectItemCaseSensitive(fix, "co_owners")) &&
	    (rc = set_names(jc, units, &t->co_owners, &t->n_co_owners, i, "co_owners", err))) {
		snprintf(err->ref, sizeof(err->ref), "%s", t->ref);
		return rc;
	}
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
		if (!cJSON_IsString(jd))
			return task_err(err, "date_format", NULL, i, t->ref, "due",
					"due must be a date YYYY-MM-DD");
		if ((rc = date_user_parse(jd->valuestring, ref_year, &d)))
			return task_err(err, date_rule_key(rc), jd->valuestring, i, t->ref, "due",
					"due '%s' breaks the date rule", jd->valuestring);
		if (jk) {
			if (!cJSON_IsString(jk))
				return task_err(err, "due_kind", NULL, i, t->ref, "due_kind",
						"bad due_kind");
			if (!strcmp(jk->valuestring, "before")) k = DUE_BEFORE;
			else if (!strcmp(jk->valuestring, "by")) k = DUE_BY;
			else if (!strcmp(jk->valuestring, "within")) k = DUE_WITHIN;
			else
				return task_err(err, "due_kind", NULL, i, t->ref, "due_kind",
						"due_kind is before, by or within");
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
	jr = cJSON_GetObjectItemCaseSensitive(fix, "recurrence");
	if (jr) {
		const char *text, *rrule;
		enum rec_freq freq;
		if (store_json_recurrence(jr, &text) || recur_of_text(text, &freq, &rrule))
			return task_err(err, "recurrence", text, i, t->ref, "recurrence",
					"recurrence is an RRULE, \"periodic\" or null");
		t->freq = freq;
		free(t->rrule);
		t->rrule = rrule ? xstrdup(rrule) : NULL;
	}
	if (!t->n_owners)
		return task_err(err, "owner_needed", NULL, i, t->ref, "owners",
				"a task needs at least one lead unit");
	return 0;
}

/* Fields a correction names (apply_fix() applied them). */
enum { FIX_OWNERS = 1, FIX_CO_OWNERS = 2, FIX_DUE = 4, FIX_KIND = 8, FIX_RECUR = 16 };

static unsigned fix_fields(const cJSON *fix)
{
	unsigned m = 0;

	if (cJSON_GetObjectItemCaseSensitive(fix, "owners"))
		m |= FIX_OWNERS;
	if (cJSON_GetObjectItemCaseSensitive(fix, "co_owners"))
		m |= FIX_CO_OWNERS;
	if (cJSON_GetObjectItemCaseSensitive(fix, "due"))
		m |= FIX_DUE;
	if (cJSON_GetObjectItemCaseSensitive(fix, "due_kind"))
		m |= FIX_KIND;
	if (cJSON_GetObjectItemCaseSensitive(fix, "recurrence"))
		m |= FIX_RECUR;
	return m;
}

/* The stored task's units of one role as the clerk names them: a unit
 * given through a group by the group's name. */
static void stored_units(const struct store_task *t, int lead, struct strlist *out)
{
	size_t i;

	for (i = 0; i < t->n_assignments; i++) {
		const struct store_assignment *a = &t->assignments[i];
		if (!a->removed && a->lead == lead)
			strlist_add_unique(out, a->via_group ? a->via_group : a->unit, NULL);
	}
}

static int same_str(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static int same_set(const struct strlist *a, char **v, size_t n)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < a->n && strcmp(a->v[j], v[i]); j++)
			;
		if (j == a->n)
			return 0;
		for (j = 0; j < i && strcmp(v[j], v[i]); j++)
			;
		if (j == i)
			k++;
	}
	return k == a->n;
}

/*
 * The text is stored already: the clerk's corrections of this draft (the
 * fields each names) become edits of the stored tasks with the same item
 * number, each with its history event.  *edited counts the tasks edited.
 */
static int corrections_as_edits(struct store *s, const struct unitdir *units,
				const struct notice *n, const long *map, const unsigned *fixed,
				size_t n_orig, long long notice_id, const char *actor,
				struct ymd today, cJSON *ids, struct err *err)
{
	struct store_notice *sn = NULL;
	size_t i, j;
	int rc;

	if ((rc = store_get_notice(s, notice_id, today, &sn, err)))
		return rc;
	for (i = 0; i < n_orig; i++) {
		const struct notice_task *t;
		const struct store_task *st = NULL;
		struct store_task_edit e;
		struct strlist have;
		long long version;
		if (!fixed[i] || map[i] < 0)
			continue;
		t = &n->tasks[map[i]];
		for (j = 0; j < sn->tasks.n && !st; j++)
			if (!sn->tasks.v[j].removed_at && !strcmp(sn->tasks.v[j].ref, t->ref))
				st = &sn->tasks.v[j];
		if (!st)
			continue;
		memset(&e, 0, sizeof(e));
		e.task_id = st->id;
		if ((fixed[i] & (FIX_DUE | FIX_KIND)) &&
		    (ymd_to_days(t->due) != ymd_to_days(st->due) || (t->due.y && t->due_kind != st->due_kind))) {
			e.set |= STORE_EDIT_DUE | (t->due.y ? STORE_EDIT_KIND : 0);
			e.due = t->due;
			e.kind = t->due_kind;
		}
		if ((fixed[i] & FIX_RECUR) && (t->freq != st->freq || !same_str(t->rrule, st->rrule))) {
			e.set |= STORE_EDIT_RECUR;
			e.rrule = t->rrule ? t->rrule : t->freq == REC_PERIODIC ? "periodic" : NULL;
		}
		memset(&have, 0, sizeof(have));
		stored_units(st, 1, &have);
		if ((fixed[i] & FIX_OWNERS) && !same_set(&have, t->owners, t->n_owners)) {
			e.set |= STORE_EDIT_OWNERS;
			e.owners = t->owners;
			e.n_owners = t->n_owners;
		}
		strlist_release(&have);
		stored_units(st, 0, &have);
		if ((fixed[i] & FIX_CO_OWNERS) && !same_set(&have, t->co_owners, t->n_co_owners)) {
			e.set |= STORE_EDIT_CO_OWNERS;
			e.co_owners = t->co_owners;
			e.n_co_owners = t->n_co_owners;
		}
		strlist_release(&have);
		if (!e.set)
			continue;
		e.actor = actor;
		e.today = today;
		if ((rc = store_edit_task(s, units, &e, &version, err))) {
			snprintf(err->field, sizeof(err->field), "tasks[%zu]", i + 1);
			snprintf(err->ref, sizeof(err->ref), "%s", t->ref);
			break;
		}
		cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)st->id));
	}
	store_notice_free(&sn);
	return rc;
}

/* Fills a missing number or date of the notice from the clerk's "notice". */
static int fill_notice(struct notice *n, const cJSON *meta, struct ymd today, struct err *err)
{
	const cJSON *num = cJSON_GetObjectItemCaseSensitive(meta, "number");
	const cJSON *date = cJSON_GetObjectItemCaseSensitive(meta, "date");
	int rc;

	if (meta && !cJSON_IsObject(meta))
		return err_key(err, ERR_INVAL, "field_type", "notice", "notice must be an object");
	if (num && !cJSON_IsNull(num)) {
		if (!cJSON_IsString(num) || strlen(num->valuestring) > 100) {
			err_key(err, ERR_INVAL, "field_type", "notice.number", "bad number");
			snprintf(err->field, sizeof(err->field), "notice.number");
			return ERR_INVAL;
		}
		if (num->valuestring[0]) {
			free(n->number);
			n->number = xstrdup(num->valuestring);
		}
	}
	if (date && !cJSON_IsNull(date)) {
		struct ymd d;
		if (!cJSON_IsString(date) || (rc = date_user_parse(date->valuestring, today.y, &d))) {
			rc = cJSON_IsString(date) ? date_user_parse(date->valuestring, today.y, &d) : DATE_FORMAT;
			err_key(err, ERR_INVAL, date_rule_key(rc), cJSON_IsString(date) ? date->valuestring : NULL,
				"bad notice date");
			snprintf(err->field, sizeof(err->field), "notice.date");
			return ERR_INVAL;
		}
		n->date = d;
	}
	return 0;
}

int intake_commit(struct store *s, const struct unitdir *base_units, long long draft_id,
		  const cJSON *body, const char *actor, struct ymd today, cJSON **out,
		  struct err *err)
{
	struct unitdir *learned = NULL;
	const struct unitdir *units = base_units;
	const cJSON *fixes = cJSON_GetObjectItemCaseSensitive(body, "tasks");
	struct store_import_opts opts;
	struct store_import_result res = {0};
	struct notice *n = NULL;
	char *name = NULL, *text = NULL;
	unsigned char *drop = NULL;
	unsigned *fixed = NULL;
	long *map = NULL;
	long long done_as;
	const cJSON *fix;
	size_t i, k, n_orig = 0;
	int rc, claimed = 0;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if (!unitlearn_dir(s, base_units, &learned, err) && learned)
		units = learned;
	memset(err, 0, sizeof(*err));
	if ((rc = store_draft_get(s, draft_id, &name, &text, &done_as, err)))
		goto out;
	/* Of commits racing for this draft, one stores it; the others are told. */
	if ((rc = store_draft_claim(s, draft_id, err)))
		goto out;
	claimed = 1;
	if ((rc = parse(units, text, strlen(text), &n, err)))
		goto out;
	n_orig = n->n_tasks;
	drop = xcalloc(n_orig + 1, 1);
	fixed = xcalloc(n_orig + 1, sizeof(*fixed));
	map = xcalloc(n_orig + 1, sizeof(*map));
	if (fixes && !cJSON_IsArray(fixes)) {
		rc = err_key(err, ERR_INVAL, "corrections_list", NULL, "corrections must be a list");
		goto out;
	}
	cJSON_ArrayForEach(fix, fixes) {
		const cJSON *ji = cJSON_GetObjectItemCaseSensitive(fix, "index");
		if ((rc = apply_fix(n, fix, units, today.y, drop, err)))
			goto out;
		fixed[(size_t)ji->valuedouble] |= fix_fields(fix);
	}
	if ((rc = fill_notice(n, cJSON_GetObjectItemCaseSensitive(body, "notice"), today, err)))
		goto out;
	for (i = k = 0; i < n_orig; i++) {
		if (drop[i]) {
			notice_task_release(&n->tasks[i]);
			map[i] = -1;
		} else {
			map[i] = (long)k;
			n->tasks[k++] = n->tasks[i];
		}
	}
	n->n_tasks = k;
	/* A text with no task is stored only when the clerk says so. */
	if (!k && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "confirm_empty"))) {
		rc = err_key(err, ERR_INVAL, "confirm_empty", NULL, "the notice has no task");
		snprintf(err->field, sizeof(err->field), "confirm_empty");
		goto out;
	}
	memset(&opts, 0, sizeof(opts));
	opts.source_name = name;
	opts.actor = actor;
	opts.units = units;
	opts.today = today;
	if ((rc = store_import(s, n, &opts, &res, err)))
		goto out;
	*out = store_import_result_json(&res, name);
	if (res.status == STORE_IMPORT_UNCHANGED) {
		/* The text is stored: the clerk's corrections are edits of it. */
		cJSON *ids = cJSON_CreateArray();
		rc = corrections_as_edits(s, units, n, map, fixed, n_orig, res.notice_id, actor,
					  today, ids, err);
		if (!rc && cJSON_GetArraySize(ids)) {
			cJSON_ReplaceItemInObjectCaseSensitive(*out, "status", cJSON_CreateString("edited"));
			cJSON_AddItemToObject(*out, "edited_tasks", ids);
		} else {
			cJSON_Delete(ids);
		}
		if (rc)
			goto out;
	}
	if ((rc = store_draft_done(s, draft_id, res.notice_id, err)))
		goto out;
out:
	if (rc) {
		if (claimed)
			store_draft_release(s, draft_id);
		cJSON_Delete(*out);
		*out = NULL;
	}
	store_import_result_release(&res);
	notice_free(&n);
	unitdir_free(&learned);
	free(drop);
	free(fixed);
	free(map);
	free(name);
	free(text);
	return rc;
}
