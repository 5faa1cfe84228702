/*
 * store.h - the tracker's SQLite store: notices and their versions, units of
 * the directory and unknown names met in notices, tasks, task-unit
 * assignments, and the full history of every task.
 *
 * The only module that knows SQL; only store.c includes <sqlite3.h>.  Every
 * write runs in one BEGIN IMMEDIATE transaction, so a failure leaves the
 * database as it was.  Functions return 0 or a negative STORE_E* code and
 * fill the caller's `struct store_err`; they never print.  Rows handed out
 * are copies owned by the caller, released with the matching *_release() or
 * *_free(); nothing borrowed from the store outlives the call.
 */
#ifndef TRACKER_STORE_H
#define TRACKER_STORE_H

#include <stddef.h>
#include "notices/notice.h"
#include "notices/util.h"
#include "tracker/status.h"

struct unitdir;
struct store; /* opaque */

enum {
	STORE_OK = 0,
	STORE_EIO = -1,       /* cannot open or write the database file */
	STORE_EDB = -2,       /* SQLite failed (corrupt file, constraint, busy) */
	STORE_ENOTFOUND = -3, /* no notice, task or unit with that id or name */
	STORE_EINVAL = -4,    /* the caller passed something unusable */
	STORE_ESCHEMA = -5    /* the database was made by a newer tracker */
};

struct store_err {
	int code;       /* the STORE_E* value the function returned */
	char msg[512];  /* lower case, no full stop: "cannot open 'x.db': ..." */
};

/*
 * Opens (creating if needed) the database at `path`, turns on WAL, foreign
 * keys and a busy timeout, and applies pending schema migrations.  Returns 0
 * and a new handle in *out (caller frees with store_close()); on failure
 * *out is NULL and the code is STORE_EIO, STORE_EDB or STORE_ESCHEMA.
 */
int store_open(const char *path, struct store **out, struct store_err *err);

/* Closes the database and sets *s to NULL.  NULL-safe. */
void store_close(struct store **s);

/* The schema version this program writes (PRAGMA user_version). */
int store_schema_version(void);

/*
 * Makes the database's units match the directory: upserts every unit and
 * group with its e-mail, replaces aliases and group members, and marks units
 * that left the directory as no longer in it (their rows and assignments
 * stay).  One transaction.
 */
int store_sync_units(struct store *s, const struct unitdir *units,
		     struct store_err *err);

/* ---- Import ---------------------------------------------------------- */

enum store_import_status {
	STORE_IMPORT_NEW,       /* a notice not seen before */
	STORE_IMPORT_UNCHANGED, /* this exact text is already stored */
	STORE_IMPORT_CORRECTED  /* a new version of a stored notice */
};

/* Bits naming what changed in a task or a notice's metadata. */
enum {
	STORE_F_REF = 1 << 0,
	STORE_F_TEXT = 1 << 1,
	STORE_F_DUE = 1 << 2,        /* date or kind of the deadline */
	STORE_F_RECURRENCE = 1 << 3,
	STORE_F_OWNERS = 1 << 4,     /* assignments added, removed or re-roled */

	STORE_M_NUMBER = 1 << 0,
	STORE_M_TYPE = 1 << 1,
	STORE_M_ISSUER = 1 << 2,
	STORE_M_PLACE = 1 << 3,
	STORE_M_DATE = 1 << 4,
	STORE_M_TITLE = 1 << 5,
	STORE_M_SIGNER = 1 << 6,
	STORE_M_MEETING_DATE = 1 << 7,
	STORE_M_PRESIDER = 1 << 8
};

/*
 * The name of the lowest bit set in `f`, as used in JSON and summaries
 * ("ref", "text", "due", "recurrence", "owners"; for metadata "number",
 * "date", ...), or NULL when f is 0.  Static strings.
 */
const char *store_task_field_name(unsigned f);
const char *store_meta_field_name(unsigned f);

enum store_change_kind {
	STORE_TASK_ADDED,
	STORE_TASK_CHANGED,
	STORE_TASK_REMOVED,  /* gone from the new version; kept, with its history */
	STORE_TASK_RESTORED  /* removed by an earlier version, back in this one */
};

struct store_task_change {
	long long task_id;
	char *ref;       /* the task's ref in the new version (old one if removed) */
	enum store_change_kind kind;
	unsigned fields; /* STORE_F_* bits, for CHANGED and RESTORED */
};

struct store_import_result {
	enum store_import_status status;
	long long notice_id;
	int version;            /* 1 for a new notice; the stored version when unchanged */
	size_t n_tasks;         /* tasks in the imported text */
	size_t n_assignments;   /* assignments created by this import */
	unsigned meta_fields;   /* STORE_M_* bits changed by a correction */
	struct store_task_change *changes; /* corrections only */
	size_t n_changes;
	struct strlist unknown_units; /* owner names the directory did not know */
};

/* Frees the contents and leaves an empty result.  NULL-safe. */
void store_import_result_release(struct store_import_result *r);

struct store_import_opts {
	const char *source_name;      /* file name kept with the version; may be NULL */
	const char *actor;            /* who imports, for the history; NULL: "import" */
	const struct unitdir *units;  /* canonicalises owners; may be NULL */
	long long replace_id;         /* 0, or the notice this text replaces */
};

/*
 * Stores one parsed notice in one transaction; on any failure nothing of it
 * is stored.  Identity, in order:
 *  1. the same normalised text as any version ever stored (the 64-bit hash
 *     finds candidates, the full text is compared) -> UNCHANGED;
 *  2. opts->replace_id, or else the same number (non-NULL), date and issuer
 *     as a stored notice -> CORRECTED: the notice row is updated and a new
 *     version kept; tasks are matched to the stored ones (identical text,
 *     then similar text, where the same ref lowers the bar), matched tasks
 *     are updated in place and keep their id and history, new ones are
 *     added, vanished ones are marked removed; every change is an event;
 *  3. otherwise NEW.
 * Each owner becomes an assignment (lead) and each co-owner one (support); a
 * group of the directory ("Các sở, ban, ngành") becomes one assignment per
 * member unit, each remembering the group.  Names the directory does not
 * know become units on the fly and are counted in the unknown units.
 * Returns 0 and fills *res (caller releases it with
 * store_import_result_release()), or a STORE_E* code: STORE_ENOTFOUND when
 * replace_id names no notice.
 */
int store_import(struct store *s, const struct notice *n,
		 const struct store_import_opts *opts,
		 struct store_import_result *res, struct store_err *err);

/* ---- Reading ---------------------------------------------------------- */

struct store_assignment {
	long long id;
	char *unit;          /* the unit's name */
	char *email;         /* the unit's e-mail, or NULL */
	int lead;            /* 1: chủ trì (lead), 0: phối hợp (support) */
	char *via_group;     /* the group it was expanded from, or NULL */
	char *state;         /* lifecycle state; "open" until the lifecycle lands */
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
	struct task_state state; /* computed for the `today` the caller gave */
	struct store_assignment *assignments;
	size_t n_assignments;
	struct store_event *events; /* filled by store_get_task() only */
	size_t n_events;
};

struct store_task_list {
	struct store_task *v;
	size_t n;
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
 * with store_task_list_release()); STORE_ENOTFOUND when f->unit names no
 * unit.
 */
int store_list_tasks(struct store *s, const struct store_task_filter *f,
		     struct store_task_list *out, struct store_err *err);

/*
 * One task with its assignments, state on `today` and full history.
 * Returns 0 and a new task in *out (caller frees with store_task_free()), or
 * STORE_ENOTFOUND.
 */
int store_get_task(struct store *s, long long id, struct ymd today,
		   struct store_task **out, struct store_err *err);

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
	char *imported_at, *updated_at;
	struct store_task_list tasks;  /* including removed ones */
	struct store_event *events;    /* the notice's own history (imports, corrections) */
	size_t n_events;
};

/*
 * A notice with its metadata, current text, tasks (removed ones included,
 * flagged) and history.  Returns 0 and a new notice in *out (caller frees
 * with store_notice_free()), or STORE_ENOTFOUND.
 */
int store_get_notice(struct store *s, long long id, struct ymd today,
		     struct store_notice **out, struct store_err *err);

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
	size_t n;
};

/* Every notice, oldest first.  Caller frees with store_notice_list_release(). */
int store_list_notices(struct store *s, struct store_notice_list *out,
		       struct store_err *err);
void store_notice_list_release(struct store_notice_list *l);

struct store_unit {
	long long id;
	char *name;
	char *email;            /* or NULL */
	int is_group;
	int in_directory;       /* 0 for names met only in notices */
	struct strlist aliases;
	struct strlist members; /* groups: member names in directory order */
	long unknown_count;     /* times met while unknown to the directory */
	long long first_seen_notice; /* where an unknown name was first met, or 0 */
	long open_assignments;  /* live assignments of live tasks */
};

struct store_unit_list {
	struct store_unit *v;
	size_t n;
};

/*
 * The directory's units (units first, then groups, in directory order),
 * followed by the names met in notices that the directory does not know
 * (most frequent first).  Caller frees with store_unit_list_release().
 */
int store_list_units(struct store *s, struct store_unit_list *out,
		     struct store_err *err);
void store_unit_list_release(struct store_unit_list *l);

/*
 * Counts rows of the store's main tables, for tests and `units`/summary
 * output: notices, versions, tasks (live), assignments (live), events.
 */
struct store_counts {
	long notices, versions, tasks, assignments, events;
};
int store_counts(struct store *s, struct store_counts *out, struct store_err *err);

#endif
