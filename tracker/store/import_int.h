/*
 * import_int.h - what the files of store_import() share (import.c,
 * import_tasks.c, match.c): the context of one import and the steps one
 * file calls in another.  Private to the store, like store_int.h.
 */
#ifndef TRACKER_STORE_IMPORT_INT_H
#define TRACKER_STORE_IMPORT_INT_H

#include <cJSON.h>
#include "notices/notice.h"
#include "notices/unitdir.h"
#include "tracker/store/import.h"
#include "tracker/store/store_int.h"

/* One assignment a notice asks for. */
struct want {
	long long unit_id;
	char *unit;         /* the unit's name as stored */
	int lead;
	long long via;      /* group expanded from, or 0 */
	char *via_name;
	int unknown;        /* the directory does not know the name */
};

struct wants {
	struct want *v;
	size_t n, alloc;
};

/*
 * What the store says about an owner name: its unit, and a group's members
 * in order.  One import asks about the same few names task after task
 * (a group named in every item), so each is looked up once per import.
 */
struct owner {
	char *key;              /* the canonical name, or the name as written */
	long long id;
	int is_group, in_dir, known; /* known: the directory has the name */
	size_t n, alloc;        /* members; capacity of member_ids */
	long long *member_ids;
	struct strlist member_names;
};

struct owners {
	struct owner *v;
	size_t n, alloc;
};

/* The context every write of one import shares. */
struct import_ctx {
	struct store *s;
	const struct store_import_opts *opts;
	const char *actor;
	char now[32];
	long long notice_id;
	int version;
	struct store_import_result *res;
	struct err *err;
	struct owners owners; /* names looked up in this transaction */
	const char *remove_kind; /* the event of a dropped assignment: NULL is
	                            "unassigned" (a new version), an edit says
	                            "reassigned" */
};

/* A task's deadline and recurrence in the store's text form. */
struct task_cols {
	char due[11];
	const char *due_kind; /* NULL without a date */
	const char *freq;
	const char *rrule;
};

/* A stored task as a candidate for matching against the new text. */
struct old_task {
	long long id;
	char *ref, *text, *due, *due_kind, *freq, *rrule;
	int removed;
	int matched;
};

void imp_add_change(struct store_import_result *res, long long task_id,
		       const char *ref, enum store_change_kind kind,
		       unsigned fields);

/* Adds {"from": a, "to": b} under `key` of `changes`. */
void imp_add_from_to(cJSON *changes, const char *key, const char *a,
			const char *b);

/*
 * Brings a stored task's assignments to what the new version wants.  An
 * assignment is never deleted: one the new version drops is marked removed
 * (its progress history stays), and comes back if a later version names the
 * unit again.  Sets *changed when anything moved.
 */
int imp_assignments_apply(struct import_ctx *c, long long task_id,
			     const struct wants *w, int *changed);

void imp_bind_task(struct store *s, sqlite3_stmt *st, size_t pos,
		      const struct notice_task *t);

int imp_load_old_tasks(struct import_ctx *c, struct old_task **out,
			  size_t *n);

void imp_old_tasks_free(struct old_task *v, size_t n);

int imp_plan_assignments(struct store *s, const struct notice_task *t,
			    const struct unitdir *units, const char *now,
			    struct wants *w, struct strlist *unknown,
			    struct owners *o, struct err *err);

int imp_str_eq(const char *a, const char *b);

void imp_task_cols(const struct notice_task *t, struct task_cols *tc);

/* Records a task event; consumes `data` (may be NULL). */
int imp_task_event(struct import_ctx *c, long long task_id,
		      long long assignment_id, const char *kind, cJSON *data);

/* Inserts a task of the new text with its assignments and history. */
int imp_task_insert(struct import_ctx *c, size_t pos,
		       const struct notice_task *t, long long *task_id);

/* {"version": k, "source": name}: the stem of every import event. */
cJSON *imp_version_data(struct import_ctx *c);

void imp_wants_release(struct wants *w);

int imp_notice_event(struct import_ctx *c, const char *kind, cJSON *data);

void imp_owners_release(struct owners *o);

int imp_tasks_correct(struct import_ctx *c, const struct notice *n);

/* What imp_keep_edits() allocated for the task it fills. */
struct imp_kept {
	char *due_text, *rrule;
	struct strlist owners, co_owners;
};

/*
 * A new version of the notice against a task the office edited by hand
 * (edit.c): *out is t with the stored values of the fields an "edited"
 * event changed, unless the task's text changed (then the parser wins and
 * *out is t).  *out borrows from t and from k; release k with
 * imp_kept_release() after using *out.
 */
int imp_keep_edits(struct import_ctx *c, long long task_id, const char *old_text,
		   const struct notice_task *t, struct notice_task *out, struct imp_kept *k);
void imp_kept_release(struct imp_kept *k);

#endif
