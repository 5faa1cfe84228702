/*
 * store_json.c - JSON views of store rows.  See store_json.h.
 */
#include "tracker/json/store_json.h"
#include "tracker/core/history.h"

#include <stdlib.h>
#include <string.h>
#include "tracker/json/notice_json.h"

/* cJSON fails only when malloc does: abort, util.h's policy. */
static cJSON *must(cJSON *item)
{
	if (!item)
		abort();
	return item;
}

static void add_bool(cJSON *o, const char *key, int v)
{
	must(cJSON_AddBoolToObject(o, key, v ? 1 : 0));
}

static void add_num(cJSON *o, const char *key, double v)
{
	must(cJSON_AddNumberToObject(o, key, v));
}

static void add_id(cJSON *o, const char *key, long long id)
{
	if (id)
		add_num(o, key, (double)id);
	else
		must(cJSON_AddNullToObject(o, key));
}

static cJSON *strlist_json(const struct strlist *l)
{
	cJSON *a = must(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, must(cJSON_CreateString(l->v[i])));
	return a;
}

const char *store_import_status_name(enum store_import_status st)
{
	switch (st) {
	case STORE_IMPORT_NEW:
		return "new";
	case STORE_IMPORT_UNCHANGED:
		return "unchanged";
	case STORE_IMPORT_CORRECTED:
		return "corrected";
	}
	return "unknown";
}

const char *store_change_kind_name(enum store_change_kind k)
{
	switch (k) {
	case STORE_TASK_ADDED:
		return "added";
	case STORE_TASK_CHANGED:
		return "changed";
	case STORE_TASK_REMOVED:
		return "removed";
	case STORE_TASK_RESTORED:
		return "restored";
	}
	return "unknown";
}

cJSON *store_event_json(const struct store_event *e)
{
	cJSON *o = must(cJSON_CreateObject());
	cJSON *data = e->data ? cJSON_Parse(e->data) : NULL;

	add_num(o, "id", (double)e->id);
	json_add_str(o, "kind", e->kind);
	json_add_str(o, "at", e->at);
	json_add_str(o, "actor", e->actor);
	json_add_str(o, "note", e->note);
	add_id(o, "assignment_id", e->assignment_id);
	cJSON_AddItemToObject(o, "data", data ? data : must(cJSON_CreateNull()));
	{
		struct sbuf sb;
		sbuf_init(&sb, 0);
		history_text(&sb, e->kind, e->actor, e->at, e->note, e->data, e->task_id == 0);
		json_add_str(o, "text", sb.buf);
		sbuf_release(&sb);
	}
	return o;
}

static cJSON *assignment_json(const struct store_assignment *a)
{
	cJSON *o = must(cJSON_CreateObject());

	add_num(o, "id", (double)a->id);
	json_add_str(o, "unit", a->unit);
	json_add_str(o, "email", a->email);
	json_add_str(o, "role", a->lead ? "lead" : "support");
	json_add_str(o, "via_group", a->via_group);
	json_add_str(o, "state", a->state);
	add_bool(o, "removed", a->removed);
	return o;
}

cJSON *store_task_json(const struct store_task *t, int with_history)
{
	cJSON *o = must(cJSON_CreateObject());
	cJSON *owners = must(cJSON_CreateArray());
	cJSON *co = must(cJSON_CreateArray());
	cJSON *as = must(cJSON_CreateArray());
	size_t i;

	add_num(o, "id", (double)t->id);
	add_num(o, "notice_id", (double)t->notice_id);
	add_num(o, "version", (double)t->rev);
	json_add_str(o, "notice_number", t->notice_number);
	json_add_str(o, "ref", t->ref);
	json_add_str(o, "text", t->text);
	add_num(o, "line", t->line);
	json_add_ymd(o, "due", t->due);
	json_add_str(o, "due_kind", t->due.y ? due_kind_name(t->due_kind) : NULL);
	json_add_str(o, "due_text", t->due_text);
	cJSON_AddItemToObject(o, "recurrence", json_recurrence(t->freq, t->rrule));
	json_add_str(o, "status", status_code(t->state.status));
	json_add_str(o, "status_label", status_label(t->state.status));
	add_bool(o, "due_soon", t->state.due_soon);
	json_add_ymd(o, "last_day", t->state.last_day);
	if (t->state.status != TASK_NO_DEADLINE)
		add_num(o, "days_left", (double)t->state.days_left);
	else
		must(cJSON_AddNullToObject(o, "days_left"));
	for (i = 0; i < t->n_assignments; i++) {
		const struct store_assignment *a = &t->assignments[i];
		if (!a->removed)
			cJSON_AddItemToArray(a->lead ? owners : co,
					     must(cJSON_CreateString(a->unit)));
		cJSON_AddItemToArray(as, assignment_json(a));
	}
	cJSON_AddItemToObject(o, "owners", owners);
	cJSON_AddItemToObject(o, "co_owners", co);
	cJSON_AddItemToObject(o, "assignments", as);
	json_add_str(o, "created_at", t->created_at);
	json_add_str(o, "updated_at", t->updated_at);
	json_add_str(o, "removed_at", t->removed_at);
	if (with_history) {
		cJSON *h = must(cJSON_AddArrayToObject(o, "history"));
		for (i = 0; i < t->n_events; i++)
			cJSON_AddItemToArray(h, store_event_json(&t->events[i]));
	}
	return o;
}

cJSON *store_notice_json(const struct store_notice *n)
{
	cJSON *root = must(cJSON_CreateObject());
	cJSON *m = must(cJSON_AddObjectToObject(root, "notice"));
	cJSON *tasks = must(cJSON_AddArrayToObject(root, "tasks"));
	cJSON *h;
	size_t i;

	add_num(m, "id", (double)n->id);
	add_num(m, "version", n->version);
	add_num(m, "edit_version", (double)n->rev);
	json_add_str(m, "number", n->number);
	json_add_str(m, "type", n->type);
	json_add_str(m, "issuer", n->issuer);
	json_add_str(m, "place", n->place);
	json_add_ymd(m, "date", n->date);
	json_add_str(m, "title", n->title);
	json_add_str(m, "signer", n->signer);
	json_add_ymd(m, "meeting_date", n->meeting_date);
	json_add_str(m, "presider", n->presider);
	json_add_str(m, "source_name", n->source_name);
	json_add_str(m, "imported_at", n->imported_at);
	json_add_str(m, "updated_at", n->updated_at);
	for (i = 0; i < n->tasks.n; i++)
		cJSON_AddItemToArray(tasks, store_task_json(&n->tasks.v[i], 0));
	h = must(cJSON_AddArrayToObject(root, "history"));
	for (i = 0; i < n->n_events; i++)
		cJSON_AddItemToArray(h, store_event_json(&n->events[i]));
	return root;
}

cJSON *store_unit_json(const struct store_unit *u)
{
	cJSON *o = must(cJSON_CreateObject());

	add_num(o, "id", (double)u->id);
	json_add_str(o, "name", u->name);
	json_add_str(o, "email", u->email);
	add_bool(o, "is_group", u->is_group);
	add_bool(o, "in_directory", u->in_directory);
	if (u->is_office)
		add_bool(o, "is_office", 1);
	cJSON_AddItemToObject(o, "aliases", strlist_json(&u->aliases));
	if (u->is_group)
		cJSON_AddItemToObject(o, "members", strlist_json(&u->members));
	add_num(o, "open_assignments", (double)u->open_assignments);
	if (u->added_at) {
		json_add_str(o, "added_by", u->added_by);
		json_add_str(o, "added_at", u->added_at);
	}
	if (!u->in_directory) {
		add_num(o, "unknown_count", (double)u->unknown_count);
		add_id(o, "first_seen_notice", u->first_seen_notice);
	}
	return o;
}

cJSON *store_import_result_json(const struct store_import_result *r,
				const char *file)
{
	cJSON *o = must(cJSON_CreateObject());
	cJSON *meta, *ch;
	unsigned bit;
	size_t i;

	json_add_str(o, "file", file);
	json_add_str(o, "status", store_import_status_name(r->status));
	add_num(o, "notice_id", (double)r->notice_id);
	add_num(o, "version", r->version);
	add_num(o, "tasks", (double)r->n_tasks);
	add_num(o, "assignments", (double)r->n_assignments);
	meta = must(cJSON_AddArrayToObject(o, "metadata_changed"));
	for (bit = 1; bit && bit <= r->meta_fields; bit <<= 1)
		if (r->meta_fields & bit)
			cJSON_AddItemToArray(meta, must(cJSON_CreateString(
							   store_meta_field_name(bit))));
	ch = must(cJSON_AddArrayToObject(o, "changes"));
	for (i = 0; i < r->n_changes; i++) {
		const struct store_task_change *c = &r->changes[i];
		cJSON *co = must(cJSON_CreateObject());
		cJSON *fields = must(cJSON_AddArrayToObject(co, "fields"));
		add_num(co, "task_id", (double)c->task_id);
		json_add_str(co, "ref", c->ref);
		json_add_str(co, "change", store_change_kind_name(c->kind));
		for (bit = 1; bit && bit <= c->fields; bit <<= 1)
			if (c->fields & bit)
				cJSON_AddItemToArray(fields, must(cJSON_CreateString(
								     store_task_field_name(bit))));
		cJSON_AddItemToArray(ch, co);
	}
	cJSON_AddItemToObject(o, "unknown_units", strlist_json(&r->unknown_units));
	return o;
}

static void json_add_date(cJSON *o, const char *key, struct ymd d)
{
	char buf[11];

	if (d.y > 0 && d.m > 0 && d.d > 0) {
		ymd_format(d, buf);
		cJSON_AddStringToObject(o, key, buf);
	} else {
		cJSON_AddNullToObject(o, key);
	}
}

/* A JSON string as cJSON writes one: the two-character escapes it knows,
 * \u00XX for the other control bytes, everything else as it is. */
static void w_str(struct sbuf *sb, const char *s)
{
	const char *run;

	if (!s) {
		sbuf_add(sb, "null", 4);
		return;
	}
	sbuf_addc(sb, '"');
	for (run = s; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sbuf_add(sb, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': esc = '"'; break;
		case '\\': esc = '\\'; break;
		case '\b': esc = 'b'; break;
		case '\f': esc = 'f'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\t': esc = 't'; break;
		default: esc = 0; break;
		}
		if (esc) {
			sbuf_addc(sb, '\\');
			sbuf_addc(sb, esc);
		} else {
			sbuf_addf(sb, "\\u%04x", c);
		}
	}
	sbuf_add(sb, run, (size_t)(s - run));
	sbuf_addc(sb, '"');
}

static void w_key(struct sbuf *sb, const char *key)
{
	sbuf_addc(sb, ',');
	sbuf_addc(sb, '"');
	sbuf_adds(sb, key);
	sbuf_add(sb, "\":", 2);
}

static void w_date(struct sbuf *sb, struct ymd d)
{
	char buf[11];

	if (d.y > 0 && d.m > 0 && d.d > 0) {
		ymd_format(d, buf);
		w_str(sb, buf);
	} else {
		sbuf_add(sb, "null", 4);
	}
}

static void w_bool(struct sbuf *sb, int v)
{
	if (v)
		sbuf_add(sb, "true", 4);
	else
		sbuf_add(sb, "false", 5);
}

void store_item_json_write(struct sbuf *sb, const struct store_item *it)
{
	sbuf_add(sb, "{\"id\":", 6);
	sbuf_addi(sb, it->id);
	w_key(sb, "task_id");
	sbuf_addi(sb, it->task_id);
	w_key(sb, "notice_id");
	sbuf_addi(sb, it->notice_id);
	w_key(sb, "notice_number");
	w_str(sb, it->notice_number);
	w_key(sb, "ref");
	w_str(sb, it->task_ref);
	w_key(sb, "notice_date");
	w_date(sb, it->notice_date);
	w_key(sb, "unit");
	w_str(sb, it->unit);
	w_key(sb, "unit_id");
	sbuf_addi(sb, it->unit_id);
	w_key(sb, "seq");
	sbuf_addi(sb, it->seq);
	w_key(sb, "freq");
	w_str(sb, it->freq != REC_NONE ? rec_freq_name(it->freq) : NULL);
	w_key(sb, "due");
	w_date(sb, it->due);
	w_key(sb, "due_kind");
	w_str(sb, it->due.y ? due_kind_name(it->due_kind) : NULL);
	w_key(sb, "due_text");
	w_str(sb, it->due_text);
	w_key(sb, "last_day");
	w_date(sb, it->state.original_last_day.y ? it->state.original_last_day : it->last_day);
	w_key(sb, "extended_to");
	w_date(sb, it->extended_to);
	w_key(sb, "deadline");
	w_date(sb, it->state.last_day);
	w_key(sb, "requested_to");
	w_date(sb, it->requested_to);
	w_key(sb, "request_reason");
	w_str(sb, it->request_reason);
	w_key(sb, "state");
	w_str(sb, status_work_name(it->work));
	w_key(sb, "reported_on");
	w_date(sb, it->reported_on);
	w_key(sb, "done_on");
	w_date(sb, it->done_on);
	w_key(sb, "status");
	w_str(sb, status_code(it->state.status));
	w_key(sb, "status_label");
	w_str(sb, status_label(it->state.status));
	w_key(sb, "due_soon");
	w_bool(sb, it->state.due_soon);
	w_key(sb, "long_overdue");
	w_bool(sb, it->state.long_overdue);
	w_key(sb, "awaiting_confirmation");
	w_bool(sb, it->state.awaiting);
	w_key(sb, "extended");
	w_bool(sb, it->state.extended);
	w_key(sb, "days_left");
	if (it->state.last_day.y)
		sbuf_addi(sb, it->state.days_left);
	else
		sbuf_add(sb, "null", 4);
	w_key(sb, "percent");
	if (it->percent >= 0)
		sbuf_addi(sb, it->percent);
	else
		sbuf_add(sb, "null", 4);
	w_key(sb, "text");
	w_str(sb, it->task_text);
	w_key(sb, "decision");
	if (it->decided_kind) {
		sbuf_adds(sb, "{\"kind\":");
		w_str(sb, it->decided_kind);
		w_key(sb, "by");
		w_str(sb, it->decided_by);
		w_key(sb, "at");
		w_str(sb, it->decided_at);
		w_key(sb, "note");
		w_str(sb, it->decided_note);
		sbuf_addc(sb, '}');
	} else {
		sbuf_add(sb, "null", 4);
	}
	sbuf_addc(sb, '}');
}

cJSON *store_item_json(const struct store_item *it)
{
	cJSON *o = must(cJSON_CreateObject());

	cJSON_AddNumberToObject(o, "id", (double)it->id);
	cJSON_AddNumberToObject(o, "task_id", (double)it->task_id);
	cJSON_AddNumberToObject(o, "notice_id", (double)it->notice_id);
	json_add_str(o, "notice_number", it->notice_number);
	json_add_str(o, "ref", it->task_ref);
	json_add_date(o, "notice_date", it->notice_date);
	json_add_str(o, "unit", it->unit);
	cJSON_AddNumberToObject(o, "unit_id", (double)it->unit_id);
	cJSON_AddNumberToObject(o, "seq", it->seq);
	json_add_str(o, "freq", it->freq != REC_NONE ? rec_freq_name(it->freq) : NULL);
	json_add_date(o, "due", it->due);
	json_add_str(o, "due_kind", it->due.y ? due_kind_name(it->due_kind) : NULL);
	json_add_str(o, "due_text", it->due_text);
	json_add_date(o, "last_day", it->state.original_last_day.y ? it->state.original_last_day
								     : it->last_day);
	json_add_date(o, "extended_to", it->extended_to);
	json_add_date(o, "deadline", it->state.last_day); /* in force */
	json_add_date(o, "requested_to", it->requested_to);
	json_add_str(o, "request_reason", it->request_reason);
	json_add_str(o, "state", status_work_name(it->work));
	json_add_date(o, "reported_on", it->reported_on);
	json_add_date(o, "done_on", it->done_on);
	json_add_str(o, "status", status_code(it->state.status));
	json_add_str(o, "status_label", status_label(it->state.status));
	cJSON_AddBoolToObject(o, "due_soon", it->state.due_soon);
	cJSON_AddBoolToObject(o, "long_overdue", it->state.long_overdue);
	cJSON_AddBoolToObject(o, "awaiting_confirmation", it->state.awaiting);
	cJSON_AddBoolToObject(o, "extended", it->state.extended);
	if (it->state.last_day.y)
		cJSON_AddNumberToObject(o, "days_left", (double)it->state.days_left);
	else
		cJSON_AddNullToObject(o, "days_left");
	if (it->percent >= 0)
		cJSON_AddNumberToObject(o, "percent", it->percent);
	else
		cJSON_AddNullToObject(o, "percent");
	json_add_str(o, "text", it->task_text);
	/* The office's latest decision, which the unit reads on its page. */
	if (it->decided_kind) {
		cJSON *d = must(cJSON_AddObjectToObject(o, "decision"));
		json_add_str(d, "kind", it->decided_kind);
		json_add_str(d, "by", it->decided_by);
		json_add_str(d, "at", it->decided_at);
		json_add_str(d, "note", it->decided_note);
	} else {
		cJSON_AddNullToObject(o, "decision");
	}
	return o;
}

int store_json_recurrence(const cJSON *v, const char **text)
{
	const cJSON *rr = v, *fq;

	*text = NULL;
	if (cJSON_IsObject(v)) {
		rr = cJSON_GetObjectItemCaseSensitive(v, "rrule");
		fq = cJSON_GetObjectItemCaseSensitive(v, "freq");
		if (!rr || cJSON_IsNull(rr)) {
			if (cJSON_IsString(fq) && !strcmp(fq->valuestring, "periodic"))
				*text = "periodic";
			/* Any other period without its rule would be lost silently. */
			return fq && !cJSON_IsNull(fq) && !*text ? -1 : 0;
		}
	}
	if (cJSON_IsNull(rr))
		return 0;
	if (!cJSON_IsString(rr))
		return -1;
	*text = rr->valuestring;
	return 0;
}
