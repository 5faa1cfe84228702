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

/*
 * An item is written into one buffer (on the stack unless its texts are
 * long) and appended to the answer at once: a page of items is 50 of these,
 * and appending each key and value on its own cost more than the writing.
 * ITEM_FIXED bounds the keys, numbers, dates and literals; a string takes
 * at most 6 bytes a byte (\u00XX) and its quotes.
 */
#define ITEM_FIXED 1280
#define ITEM_STACK 8192

static size_t str_bound(const char *s)
{
	return s ? 6 * strlen(s) + 2 : 4;
}

static char *w_raw(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}
#define W_LIT(p, lit) w_raw((p), (lit), sizeof(lit) - 1)

/* A JSON string as cJSON writes one: the two-character escapes it knows,
 * \u00XX for the other control bytes, everything else as it is. */
static char *w_str(char *p, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;

	if (!s)
		return W_LIT(p, "null");
	*p++ = '"';
	for (run = s; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		p = w_raw(p, run, (size_t)(s - run));
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
		*p++ = '\\';
		if (esc) {
			*p++ = esc;
		} else {
			p = W_LIT(p, "u00");
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	p = w_raw(p, run, (size_t)(s - run));
	*p++ = '"';
	return p;
}

/* v in decimal, as sbuf_addi() writes it. */
static char *w_int(char *p, long long v)
{
	char buf[24], *q = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	return w_raw(p, q, (size_t)(buf + sizeof(buf) - q));
}

static char *w_date(char *p, struct ymd d)
{
	if (d.y > 0 && d.m > 0 && d.d > 0) {
		*p++ = '"';
		ymd_format(d, p); /* 10 characters and a NUL, overwritten next */
		p += 10;
		*p++ = '"';
		return p;
	}
	return W_LIT(p, "null");
}

static char *w_bool(char *p, int v)
{
	return v ? W_LIT(p, "true") : W_LIT(p, "false");
}

void store_item_json_write(struct sbuf *sb, const struct store_item *it)
{
	const char *freq = it->freq != REC_NONE ? rec_freq_name(it->freq) : NULL;
	const char *kind = it->due.y ? due_kind_name(it->due_kind) : NULL;
	const char *work = status_work_name(it->work), *code = status_code(it->state.status);
	const char *label = status_label(it->state.status);
	size_t bound = ITEM_FIXED + str_bound(it->notice_number) + str_bound(it->task_ref) +
		       str_bound(it->unit) + str_bound(freq) + str_bound(kind) +
		       str_bound(it->due_text) + str_bound(it->request_reason) + str_bound(work) +
		       str_bound(code) + str_bound(label) + str_bound(it->task_text) +
		       str_bound(it->decided_kind) + str_bound(it->decided_by) +
		       str_bound(it->decided_at) + str_bound(it->decided_note);
	char stack[ITEM_STACK], *buf = bound <= sizeof(stack) ? stack : xmalloc(bound), *p = buf;

	p = W_LIT(p, "{\"id\":");
	p = w_int(p, it->id);
	p = W_LIT(p, ",\"task_id\":");
	p = w_int(p, it->task_id);
	p = W_LIT(p, ",\"notice_id\":");
	p = w_int(p, it->notice_id);
	p = W_LIT(p, ",\"notice_number\":");
	p = w_str(p, it->notice_number);
	p = W_LIT(p, ",\"ref\":");
	p = w_str(p, it->task_ref);
	p = W_LIT(p, ",\"notice_date\":");
	p = w_date(p, it->notice_date);
	p = W_LIT(p, ",\"unit\":");
	p = w_str(p, it->unit);
	p = W_LIT(p, ",\"unit_id\":");
	p = w_int(p, it->unit_id);
	p = W_LIT(p, ",\"seq\":");
	p = w_int(p, it->seq);
	p = W_LIT(p, ",\"freq\":");
	p = w_str(p, freq);
	p = W_LIT(p, ",\"due\":");
	p = w_date(p, it->due);
	p = W_LIT(p, ",\"due_kind\":");
	p = w_str(p, kind);
	p = W_LIT(p, ",\"due_text\":");
	p = w_str(p, it->due_text);
	p = W_LIT(p, ",\"last_day\":");
	p = w_date(p, it->state.original_last_day.y ? it->state.original_last_day : it->last_day);
	p = W_LIT(p, ",\"extended_to\":");
	p = w_date(p, it->extended_to);
	p = W_LIT(p, ",\"deadline\":");
	p = w_date(p, it->state.last_day);
	p = W_LIT(p, ",\"requested_to\":");
	p = w_date(p, it->requested_to);
	p = W_LIT(p, ",\"request_reason\":");
	p = w_str(p, it->request_reason);
	p = W_LIT(p, ",\"state\":");
	p = w_str(p, work);
	p = W_LIT(p, ",\"reported_on\":");
	p = w_date(p, it->reported_on);
	p = W_LIT(p, ",\"done_on\":");
	p = w_date(p, it->done_on);
	p = W_LIT(p, ",\"status\":");
	p = w_str(p, code);
	p = W_LIT(p, ",\"status_label\":");
	p = w_str(p, label);
	p = W_LIT(p, ",\"due_soon\":");
	p = w_bool(p, it->state.due_soon);
	p = W_LIT(p, ",\"long_overdue\":");
	p = w_bool(p, it->state.long_overdue);
	p = W_LIT(p, ",\"awaiting_confirmation\":");
	p = w_bool(p, it->state.awaiting);
	p = W_LIT(p, ",\"extended\":");
	p = w_bool(p, it->state.extended);
	p = W_LIT(p, ",\"days_left\":");
	if (it->state.last_day.y)
		p = w_int(p, it->state.days_left);
	else
		p = W_LIT(p, "null");
	p = W_LIT(p, ",\"percent\":");
	if (it->percent >= 0)
		p = w_int(p, it->percent);
	else
		p = W_LIT(p, "null");
	p = W_LIT(p, ",\"text\":");
	p = w_str(p, it->task_text);
	p = W_LIT(p, ",\"decision\":");
	if (it->decided_kind) {
		p = W_LIT(p, "{\"kind\":");
		p = w_str(p, it->decided_kind);
		p = W_LIT(p, ",\"by\":");
		p = w_str(p, it->decided_by);
		p = W_LIT(p, ",\"at\":");
		p = w_str(p, it->decided_at);
		p = W_LIT(p, ",\"note\":");
		p = w_str(p, it->decided_note);
		*p++ = '}';
	} else {
		p = W_LIT(p, "null");
	}
	*p++ = '}';
	sbuf_add(sb, buf, (size_t)(p - buf));
	if (buf != stack)
		free(buf);
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
