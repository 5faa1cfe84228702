/*
 * store/edit.h - edits after saving: a task's text, deadline, binding
 * kind, recurrence and units, a notice's metadata, each in one
 * transaction, each an event of the history with the old and new values,
 * who and when.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_EDIT_H
#define TRACKER_STORE_EDIT_H

#include "tracker/store/store.h"

struct unitdir;

/* What a task edit changes (struct store_task_edit.set). */
enum {
	STORE_EDIT_TEXT = 1,
	STORE_EDIT_DUE = 2,       /* due (zero: no deadline) */
	STORE_EDIT_KIND = 4,      /* kind */
	STORE_EDIT_RECUR = 8,     /* rrule (NULL: not recurring) */
	STORE_EDIT_OWNERS = 16,   /* the whole set of lead units */
	STORE_EDIT_CO_OWNERS = 32 /* the whole set of supporting units */
};

struct store_task_edit {
	long long task_id;
	long long version;        /* the task's "version" the editor read; 0: no check */
	unsigned set;             /* STORE_EDIT_* */
	const char *text;
	struct ymd due;
	enum due_kind kind;       /* DUE_BEFORE, DUE_BY or DUE_WITHIN */
	const char *rrule;        /* as recur_of_text() reads it: NULL, "periodic", an RRULE */
	char **owners;            /* borrowed */
	size_t n_owners;
	char **co_owners;
	size_t n_co_owners;
	const char *note;         /* why, for the history; may be NULL */
	const char *actor;        /* NULL: "office" */
	struct ymd today;         /* zero: today in Vietnam */
};

/*
 * Applies the edit in one transaction: the task's row, its assignments (a
 * new unit gets its work item; a dropped one's assignment is closed as
 * "reassigned", kept in the history and counted nowhere), its work items'
 * deadlines (so reminders and feeds follow), and one "edited" event with
 * {field: {"from", "to"}} for what changed.  Names are canonicalised with
 * `units` (may be NULL).  Returns 0 and the task's new version in
 * *version (unchanged when nothing changed; then no event is written);
 * ERR_NOTFOUND for no such live task; ERR_CONFLICT keyed "stale" when
 * e->version is not the task's; ERR_INVAL keyed for a bad value, with
 * err->field naming it ("due", "owners", "text", "recurrence").
 */
int store_edit_task(struct store *s, const struct unitdir *units,
		    const struct store_task_edit *e, long long *version, struct err *err);

/* What a notice edit changes (struct store_notice_edit.set). */
enum {
	STORE_EDIT_NUMBER = 1,
	STORE_EDIT_DATE = 2,      /* date (zero: none) */
	STORE_EDIT_TYPE = 4,
	STORE_EDIT_TITLE = 8,
	STORE_EDIT_SIGNER = 16
};

struct store_notice_edit {
	long long notice_id;
	long long version;        /* the notice's "edit_version" the editor read; 0: no check */
	unsigned set;
	const char *number, *type, *title, *signer; /* NULL or "": cleared */
	struct ymd date;
	const char *note, *actor;
	struct ymd today;
};

/*
 * The same for a notice's metadata: one "edited" event of the notice.
 * The date follows the rule for dates users enter against today's year.
 */
int store_edit_notice(struct store *s, const struct store_notice_edit *e,
		      long long *version, struct err *err);

#endif
