/*
 * store/read.h - reading tasks (with assignments and history) and notices
 * back, and the store's counts.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_READ_H
#define TRACKER_STORE_READ_H

#include "tracker/store/store.h"
#include "tracker/core/status.h"

struct store_assignment {
	long long id;
	char *unit;          /* the unit's name */
	char *email;         /* the unit's e-mail, or NULL */
	int lead;            /* 1: chủ trì (lead), 0: phối hợp (support) */
	char *via_group;     /* the group it was expanded from, or NULL */
	char *state;         /* always "open": states are per occurrence (life.h) */
	int removed;         /* dropped by a corrected version */
};

struct store_event {
	long long id;
	long long task_id;
	long long assignment_id; /* 0 when the event concerns the whole task */
	char *kind;   /* "imported", "updated", "removed", "restored", "assigned", ... */
	char *actor;  /* may be NULL */
	char *at;     /* ISO 8601 UTC, "2024-11-05T02:10:00Z" */
	char *note;   /* may be NULL */
	char *data;   /* JSON text, or NULL */
};

struct store_task {
	long long id;
	long long notice_id;
	char *notice_number;  /* may be NULL */
	int position;         /* order within the notice */
	char *ref;
	char *text;
	int line;
	long long span_start, span_end;
	struct ymd due;       /* zero without deadline */
	enum due_kind due_kind;
	char *due_text;       /* as written, or NULL */
	enum rec_freq freq;
	char *rrule;          /* or NULL */
	char *created_at, *updated_at;
	char *removed_at;     /* NULL unless a corrected version dropped it */
	long long rev;        /* counts its changes: the version an edit names */
	struct task_state state; /* computed for the `today` the caller gave */
	struct store_assignment *assignments;
	size_t n_assignments;
	struct store_event *events; /* filled by store_get_task() only */
	size_t n_events;
};

struct store_task_list {
	struct store_task *v;
	size_t n, alloc;  /* tasks; capacity of v (ALLOC_GROW) */
};

/* Frees what a task row holds (not the struct).  NULL-safe. */
void store_task_release(struct store_task *t);
/* Frees a task from store_get_task() and sets *t to NULL.  NULL-safe. */
void store_task_free(struct store_task **t);
/* Frees every task and leaves an empty list.  NULL-safe. */
void store_task_list_release(struct store_task_list *l);

struct store_task_filter {
	const char *unit;     /* name or alias; tasks with a live assignment to it,
	                         or expanded from it when it is a group; NULL: any */
	int status;           /* an enum task_status, or -1 for any */
	int due_soon;         /* only tasks flagged due soon */
	struct ymd due_from;  /* inclusive bounds on the written deadline; zero: open */
	struct ymd due_to;
	long long notice_id;  /* 0: any */
	struct ymd today;     /* for statuses; must be a full date */
	int include_removed;  /* also tasks dropped by a corrected version */
};

/*
 * Tasks matching every filter, in notice then outline order, with their
 * assignments and computed state.  Returns 0 and fills *out (caller frees
 * with store_task_list_release()); ERR_NOTFOUND when f->unit names no
 * unit.
 */
int store_list_tasks(struct store *s, const struct store_task_filter *f,
		     struct store_task_list *out, struct err *err);

/*
 * One task with its assignments, state on `today` and full history.
 * Returns 0 and a new task in *out (caller frees with store_task_free()), or
 * ERR_NOTFOUND.
 */
int store_get_task(struct store *s, long long id, struct ymd today,
		   struct store_task **out, struct err *err);

struct store_notice {
	long long id;
	char *number, *type, *issuer, *place;
	struct ymd date;       /* day 0 when the notice left it blank */
	char *title, *signer;
	struct ymd meeting_date;
	char *presider;
	char *source_name;     /* of the current version */
	char *source_text;     /* the current version's normalised text */
	int version;           /* current version, 1 for a notice never corrected */
	long long rev;         /* counts changes of its metadata and text: the
	                          version an edit names */
	char *imported_at, *updated_at;
	struct store_task_list tasks;  /* including removed ones */
	struct store_event *events;    /* the notice's own history (imports, corrections) */
	size_t n_events;
};

/*
 * A notice with its metadata, current text, tasks (removed ones included,
 * flagged) and history.  Returns 0 and a new notice in *out (caller frees
 * with store_notice_free()), or ERR_NOTFOUND.
 */
int store_get_notice(struct store *s, long long id, struct ymd today,
		     struct store_notice **out, struct err *err);

/* Frees and sets *n to NULL.  NULL-safe. */
void store_notice_free(struct store_notice **n);

struct store_notice_brief {
	long long id;
	char *number, *type, *title;
	struct ymd date;
	int version;
	size_t n_tasks;    /* live tasks */
};

struct store_notice_list {
	struct store_notice_brief *v;
	size_t n, alloc;  /* notices; capacity of v (ALLOC_GROW) */
};

/* Every notice, oldest first.  Caller frees with store_notice_list_release(). */
int store_list_notices(struct store *s, struct store_notice_list *out,
		       struct err *err);
void store_notice_list_release(struct store_notice_list *l);

/*
 * Counts rows of the store's main tables, for tests and `units`/summary
 * output: notices, versions, tasks (live), assignments (live), events.
 */
struct store_counts {
	long notices, versions, tasks, assignments, events;
};
int store_counts(struct store *s, struct store_counts *out, struct err *err);

#endif
