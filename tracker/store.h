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
	STORE_ESCHEMA = -5,   /* the database was made by a newer tracker */
	STORE_ESTATE = -6,    /* the action does not fit the work's state
	                         ("nothing to confirm") */
	STORE_ECONFLICT = -7  /* a fallback units file would replace the
	                         directory synced from another file */
};

struct store_err {
	int code;       /* the STORE_E* value the function returned */
	char msg[512];  /* lower case, no full stop: "cannot open 'x.db': ..." */
};

/*
 * Opens (creating if needed) the database at `path`, turns on WAL, foreign
 * keys and a busy timeout, and applies pending schema migrations.  Returns 0
 * and a new handle in *out (caller frees with store_close()); on failure
 * *out is NULL and the code is STORE_EIO, STORE_EDB or STORE_ESCHEMA.  A
 * handle is used by one thread at a time (it has no lock of its own);
 * threads that share a database open a handle each.
 */
int store_open(const char *path, struct store **out, struct store_err *err);

/* Closes the database and sets *s to NULL.  NULL-safe. */
void store_close(struct store **s);

/* The schema version this program writes (PRAGMA user_version). */
int store_schema_version(void);

/*
 * Makes the database's units match the directory: upserts every unit and
 * group with its e-mail, replaces the aliases the directory lists and group
 * members, and marks units that left the directory as no longer in it (their
 * rows and assignments stay).  What the office taught (aliases of source
 * 'office') is kept.  One transaction.  Records no source file, so the next
 * store_sync_units_from() syncs whatever its hash.
 */
int store_sync_units(struct store *s, const struct unitdir *units,
		     struct store_err *err);

/* Where a units directory was read from, for store_sync_units_from(). */
struct store_unit_source {
	const char *path;   /* the file, absolute when it resolves */
	const char *sha256; /* lowercase hex SHA-256 of the file's bytes */
	int fallback;       /* found in a usual place, not named by the user */
};

/*
 * store_sync_units(), only when the file's content differs from the one
 * the database was last synced from, and records src; otherwise it writes
 * nothing (one read).  *synced (may be NULL) says whether it synced.  A
 * fallback source replaces only the directory synced from that same file,
 * or fills a database with none: else STORE_ECONFLICT and nothing written
 * (store_units_source() names the file the directory came from).
 */
int store_sync_units_from(struct store *s, const struct unitdir *units,
			  const struct store_unit_source *src, int *synced,
			  struct store_err *err);

/*
 * The file the directory was last synced from into *path (caller frees;
 * NULL when none is recorded), or a STORE_E* code.
 */
int store_units_source(struct store *s, char **path, struct store_err *err);

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
	struct ymd today;             /* recurring tasks get occurrences up to a
	                                 year after this day; zero: today in UTC+7 */
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


/* ---- Lifecycle (store_life.c) ------------------------------------------- */

/*
 * A piece of work with a status: one lead assignment of a one-off task
 * (seq 0), or one period of a recurring one (seq 1, 2, ...).  Its id is the
 * handle every action takes ("tracker done 17").
 */
struct store_item {
	long long id;
	long long assignment_id, task_id, notice_id, unit_id;
	int seq;
	char *unit;            /* the lead unit's name */
	char *unit_email;      /* or NULL */
	struct ymd due;        /* this occurrence's deadline as written; zero: none */
	enum due_kind due_kind;
	char *due_text;        /* the task's deadline phrase, or NULL */
	struct ymd last_day;   /* from the notice */
	struct ymd extended_to;/* zero unless an extension was approved */
	struct ymd requested_to; /* zero unless an extension awaits the office */
	char *request_reason;
	enum work_state work;
	struct ymd reported_on, done_on;
	struct task_state state; /* on the `today` the caller gave */
	enum rec_freq freq;
	char *task_ref, *task_text;
	char *notice_number;   /* may be NULL */
	struct ymd notice_date;/* zero when the notice left it blank */
};

/* Frees what an item holds (not the struct).  NULL-safe. */
void store_item_release(struct store_item *it);

/*
 * Brings the occurrences of every live task of notice `notice_id` in line
 * with its deadline, recurrence and lead assignments: one-off tasks get one
 * occurrence per lead unit; recurring ones one per period up to a year
 * after `today` (zero: today in UTC+7).  Work already reported or done is
 * never deleted.  Runs inside the caller's transaction (store_import()
 * calls it); `now` stamps the rows.
 */
int life_sync_notice(struct store *s, long long notice_id, struct ymd today,
		     const char *now, struct store_err *err);

/*
 * Extends the occurrences of recurring tasks as time passes: every series
 * materialised less than a year beyond `today` is brought up to it.  One
 * transaction.  Returns 0 and the number of occurrences added in *added.
 */
int store_materialize(struct store *s, struct ymd today, long *added,
		      struct store_err *err);

enum store_action {
	STORE_ACT_PROGRESS, /* a unit reports progress (note, optional percent) */
	STORE_ACT_DONE,     /* a unit reports completion -> awaiting confirmation */
	STORE_ACT_CONFIRM,  /* the office confirms: done on the reported day */
	STORE_ACT_REOPEN,   /* the office returns reported or done work */
	STORE_ACT_EXTEND,   /* a unit asks for a new last allowed day, with a reason */
	STORE_ACT_APPROVE,  /* the office grants the pending extension */
	STORE_ACT_REFUSE    /* the office refuses it */
};

struct store_act {
	enum store_action action;
	long long item_id;
	const char *actor;  /* who acts, for the history; NULL: "office" */
	const char *note;   /* progress text, reason; may be NULL (EXTEND needs it) */
	struct ymd date;    /* DONE: the day done (zero: today); EXTEND: the new day */
	int percent;        /* PROGRESS: 0..100, or -1 */
	struct ymd today;   /* must be a full date */
};

/* "progress", "done", ...; store_action_parse() returns -1 when unknown. */
const char *store_action_name(enum store_action a);
int store_action_parse(const char *s, enum store_action *out);

/*
 * Applies one action to one item in one transaction and records it as an
 * event of the task (with the item, actor, time, note and the dates that
 * moved; an extension keeps the original deadline in the history).
 * Returns 0 and, when `after` is non-NULL, the item as it now stands
 * (caller releases with store_item_release()); STORE_ENOTFOUND for an
 * unknown item; STORE_ESTATE when the action does not fit ("nothing to
 * confirm", "already done", "no extension is waiting"); STORE_EINVAL for
 * bad arguments (a done day in the future, an extension not later than the
 * deadline in force, an extension without a reason).
 */
int store_act(struct store *s, const struct store_act *a,
	      struct store_item *after, struct store_err *err);

/*
 * The item of task `task_id` for lead unit `unit` (name or alias) that an
 * action would mean: for CONFIRM the earliest reported one, for REOPEN the
 * latest reported or done one, for APPROVE/REFUSE the one with a pending
 * extension, otherwise the earliest not done.  Returns 0 and sets *id, or
 * STORE_ENOTFOUND.
 */
int store_find_item(struct store *s, long long task_id, const char *unit,
		    enum store_action a, long long *id, struct store_err *err);

/* One item by id, with its state on `today`.  STORE_ENOTFOUND if none. */
int store_get_item(struct store *s, long long id, struct ymd today,
		   struct store_item *out, struct store_err *err);

struct store_item_filter {
	long long unit_id;     /* 0: any */
	long long task_id;     /* 0: any */
	int open_only;         /* only work not confirmed done */
	struct ymd last_until; /* with open_only: only work whose last allowed day
	                          in force is on or before this (the reminder scan);
	                          zero: no bound */
	struct ymd notice_from, notice_to; /* notice date range (inclusive); zero: open */
	int current_only;      /* recurring: only periods already due on `today`
	                          and the next one (what reports count) */
	struct ymd today;      /* for states; must be a full date */
};

/*
 * Calls fn for each live item matching f (live: its task and assignment are
 * not removed), in unit then deadline order, with a borrowed item valid
 * only during the call.  fn returns 0 to go on, non-zero to stop (returned
 * as is).  Memory stays flat whatever the number of items.
 */
int store_scan_items(struct store *s, const struct store_item_filter *f,
		     int (*fn)(const struct store_item *it, void *arg), void *arg,
		     struct store_err *err);

/* The unit id for a name or alias; STORE_ENOTFOUND when unknown. */
int store_unit_id(struct store *s, const char *name, long long *id,
		  struct store_err *err);


/* ---- Reminders and the mail queue (store_remind.c) ----------------------- */

/*
 * Explicit transactions, for callers that make several store calls one
 * atomic decision (the reminder engine: reminders and the mails that carry
 * them are committed together or not at all).  BEGIN IMMEDIATE.
 */
int store_tx_begin(struct store *s, struct store_err *err);
int store_tx_commit(struct store *s, struct store_err *err);
void store_tx_rollback(struct store *s);

/*
 * Records that reminder (kind, slot) of an item is decided on `day`, unless
 * it already was: *added is 1 when new.  kind is "before", "due",
 * "overdue" or "escalate".  Inside the caller's transaction.
 */
int store_remind_add(struct store *s, long long item_id, const char *kind, int slot,
		     struct ymd day, int *added, struct store_err *err);

/*
 * What the last committed reminder run leaves to the next (remind.c uses
 * it to skip re-recording what that run recorded): the day it ran for, or
 * all zero when there was none or it applied other rules than `rules`; the
 * largest work item id it saw; and the ids of items changed since in a way
 * that can make an old reminder due (sorted ascending).  Read inside the
 * run's transaction.  Release with store_remind_since_release().
 */
struct store_remind_since {
	struct ymd day;
	long long mark;
	long long *changed;
	size_t n_changed;
};
int store_remind_since(struct store *s, const char *rules, struct store_remind_since *out,
		       struct store_err *err);
void store_remind_since_release(struct store_remind_since *r);

/*
 * Records a run for `day` under `rules`: every open work item it saw had
 * its reminders for that day recorded.  Forgets the changed items.  Inside
 * the run's transaction, after its last decision.
 */
int store_remind_mark_run(struct store *s, struct ymd day, const char *rules,
			  struct store_err *err);

struct store_reminder {
	long long id;
	const char *kind;  /* borrowed, valid during the callback */
	int slot;
};

/*
 * The recipients of reminders not yet put in a mail: units (unit_ids) of
 * "before"/"due"/"overdue" reminders, and whether any "escalate" one waits
 * (*escalations).  Caller frees *unit_ids.
 */
int store_remind_recipients(struct store *s, long long **unit_ids, size_t *n,
			    int *escalations, struct store_err *err);

/*
 * Calls fn for each reminder not yet in a mail, with its item: those of
 * unit `unit_id` (escalations excluded), or every escalation when unit_id
 * is 0; items in deadline order.  Borrowed arguments, valid during the call.
 */
int store_remind_scan(struct store *s, long long unit_id, struct ymd today,
		      int (*fn)(const struct store_reminder *r, const struct store_item *it,
				void *arg),
		      void *arg, struct store_err *err);

/* Marks reminders as carried by mail `mail_id`, or (mail_id 0) as skipped
 * because the recipient has no address. */
int store_remind_set_mail(struct store *s, const long long *ids, size_t n,
			  long long mail_id, struct store_err *err);

struct store_mail {
	long long id;
	const char *key, *kind, *rcpt, *sender, *message_id; /* borrowed */
	const char *message;
	size_t len;
	int attempts;
};

/*
 * Queues a rendered mail.  key, when non-NULL, makes it unique: queuing the
 * same key again changes nothing and sets *existed.  Sets *id.
 */
int store_mail_add(struct store *s, const char *key, const char *kind,
		   long long unit_id, const char *rcpt, const char *sender,
		   const char *message_id, const char *msg, size_t len, long long *id,
		   int *existed, struct store_err *err);

/* Whether a mail with this key exists (queued or sent). */
int store_mail_exists(struct store *s, const char *key, int *exists,
		      struct store_err *err);

/* Calls fn for each mail not yet sent, oldest first (borrowed mail). */
int store_mail_pending(struct store *s,
		       int (*fn)(const struct store_mail *m, void *arg), void *arg,
		       struct store_err *err);

/*
 * Records the outcome of one delivery attempt: sent (error NULL), or still
 * pending with the error kept and the attempt counted.  Own transaction.
 */
int store_mail_result(struct store *s, long long id, const char *error,
		      struct store_err *err);

/* Counts of the mail queue, for tests and `remind` output. */
int store_mail_counts(struct store *s, long *pending, long *sent,
		      struct store_err *err);

/* The e-mail address of a unit (NULL when it has none; caller frees). */
int store_unit_email(struct store *s, long long unit_id, char **email, char **name,
		     struct store_err *err);

/* ---- Users, sessions and drafts (store_users.c) --------------------------- */

enum store_role {
	STORE_ROLE_OFFICE, /* everything: import, confirm, approve, users */
	STORE_ROLE_UNIT,   /* reads all; acts on its own unit's work */
	STORE_ROLE_VIEWER  /* reads only */
};

/* "office", "unit", "viewer"; store_role_parse() returns -1 when unknown. */
const char *store_role_name(enum store_role r);
int store_role_parse(const char *s, enum store_role *out);

struct store_user {
	long long id;
	char *login;
	enum store_role role;
	long long unit_id;   /* STORE_ROLE_UNIT only, else 0 */
	char *unit;          /* its name, or NULL */
	char *created_at;
};

/* Frees what a user row holds (not the struct).  NULL-safe. */
void store_user_release(struct store_user *u);

/* Logins are 1-64 letters, digits, '.', '_', '-' or '@'. */
int store_login_valid(const char *login);

/*
 * Adds a user with `password` (at least 8 bytes) hashed by libcrypt.  A
 * unit user names its unit (name or alias); others pass NULL.  Returns 0
 * and the new id in *id (may be NULL); STORE_EINVAL for a bad login, a short
 * password, a unit given to or missing from the role, or a login taken;
 * STORE_ENOTFOUND for an unknown unit.
 */
int store_user_add(struct store *s, const char *login, enum store_role role,
		   const char *unit, const char *password, long long *id,
		   struct store_err *err);

/* Sets a new password and ends the user's sessions.  STORE_ENOTFOUND for
 * an unknown login, STORE_EINVAL for a short password. */
int store_user_passwd(struct store *s, const char *login, const char *password,
		      struct store_err *err);

/* Every user, by login.  Caller frees each with store_user_release() and
 * the array with free(). */
int store_user_list(struct store *s, struct store_user **v, size_t *n,
		    struct store_err *err);

/* How many users exist (the first `serve` creates one when none). */
int store_user_count(struct store *s, long *n, struct store_err *err);

/*
 * Checks a login and password.  Returns 0 and the user in *out (caller
 * releases); STORE_ENOTFOUND when either is wrong (the same code and the
 * same work for both, so the answer does not tell which).
 */
int store_user_check(struct store *s, const char *login, const char *password,
		     struct store_user *out, struct store_err *err);

/*
 * Opens a session for user_id lasting `ttl` seconds from `now`: a new
 * 256-bit random token in token[] (43 base64url characters and a NUL), of
 * which only the SHA-256 is stored.  Also deletes expired sessions.
 */
#define STORE_TOKEN_LEN 44
int store_session_open(struct store *s, long long user_id, long long now, long ttl,
		       char token[STORE_TOKEN_LEN], struct store_err *err);

/* The user of a live session token and, when `expires` is not NULL, when
 * the session ends (unix time); STORE_ENOTFOUND when unknown or expired. */
int store_session_user(struct store *s, const char *token, long long now,
		       struct store_user *out, long long *expires, struct store_err *err);

/* Ends a session (logout).  0 also when it did not exist. */
int store_session_close(struct store *s, const char *token, struct store_err *err);

/*
 * A notice pasted or uploaded in the dashboard, kept until the clerk
 * commits it (drafts left uncommitted for a week are deleted here).
 * Returns 0 and the draft id.
 */
int store_draft_add(struct store *s, long long user_id, const char *name,
		    const char *text, long long *id, struct store_err *err);

/* The draft's name and text (caller frees both) and the notice it became
 * (0 while uncommitted).  STORE_ENOTFOUND when unknown. */
int store_draft_get(struct store *s, long long id, char **name, char **text,
		    long long *notice_id, struct store_err *err);

/* Records that draft `id` was stored as notice `notice_id`. */
int store_draft_done(struct store *s, long long id, long long notice_id,
		     struct store_err *err);

/* ---- Search and paging over work items (store_search.c) ------------------- */

struct store_item_query {
	long long unit_id;     /* lead unit; 0: any */
	long long notice_id;   /* 0: any */
	long long task_id;     /* 0: any */
	const char *q;         /* full-text words over the task text, diacritics and
	                          đ/d folded: as a phrase (syllables in order), else
	                          every word anywhere; the last one a prefix; NULL
	                          or blank: any */
	int status;            /* an enum task_status, or -1 */
	unsigned flags;        /* STORE_QF_* that must all hold */
	struct ymd due_from, due_to; /* bounds on the last allowed day in force */
	int all_periods;       /* recurring: also periods beyond the next one */
	long offset, limit;    /* paging; limit 0: no limit */
	struct ymd today;      /* statuses; must be a full date */
};

#define STORE_QF_DUE_SOON     1u
#define STORE_QF_LONG_OVERDUE 2u
#define STORE_QF_AWAITING     4u
#define STORE_QF_EXTENDED     8u
#define STORE_QF_OPEN        16u  /* not confirmed done */
/* "due_soon", "long_overdue", "awaiting", "extended", "open" -> a flag, or 0. */
unsigned store_qflag_parse(const char *s);

/*
 * Calls fn for each live work item matching q, by last allowed day in
 * force (no deadline last), from q->offset for at most q->limit items,
 * with a borrowed item valid only during the call; *total gets how many
 * match in all.  Returns 0, or fn's non-zero value when it stops early
 * (total then counts only what was seen).
 */
int store_query_items(struct store *s, const struct store_item_query *q,
		      int (*fn)(const struct store_item *it, void *arg), void *arg,
		      long *total, struct store_err *err);

/*
 * A number that changes whenever the database's content changes, by this
 * connection or another: what response caches compare.  Cheap (no I/O
 * beyond the WAL index).
 */
int store_data_version(struct store *s, unsigned *out, struct store_err *err);



/* ---- Calendar feeds (store_feed.c) -------------------------------------- */

/*
 * What one calendar feed shows: the lead work of one unit, everything (the
 * office's feed: the office unit's token sees every unit's work), or the
 * work of one notice.
 */
enum store_feed_kind {
	STORE_FEED_UNIT = 1,
	STORE_FEED_OFFICE,
	STORE_FEED_NOTICE
};

struct store_feed_scope {
	enum store_feed_kind kind;
	long long id; /* UNIT: the unit; OFFICE: the office unit; NOTICE: the notice */
};

/* A feed token: 128 random bits in base64url without padding. */
#define STORE_TOKEN_CHARS 22

/*
 * Makes a new feed token for the scope and returns it in token[] (NUL-
 * terminated), the only time it exists in clear: the store keeps its
 * SHA-256.  A scope has at most one live token: with `rotate` 0 a scope
 * that has one gives STORE_ESTATE; with `rotate` 1 the live one (if any)
 * ends as "rotated" in the same transaction.  STORE_ENOTFOUND when the unit
 * or notice does not exist, STORE_EINVAL for a group (a group has no work
 * of its own), STORE_EIO when the system has no randomness to give.
 */
int store_feed_token_issue(struct store *s, const struct store_feed_scope *sc,
			   int rotate, char token[STORE_TOKEN_CHARS + 1],
			   struct store_err *err);

/*
 * Ends the scope's live token as "revoked": it then looks up as
 * STORE_TOKEN_GONE.  STORE_ENOTFOUND when the scope has no live token.
 */
int store_feed_token_revoke(struct store *s, const struct store_feed_scope *sc,
			    struct store_err *err);

enum store_token_state {
	STORE_TOKEN_VALID = 0, /* live: *sc is its scope */
	STORE_TOKEN_UNKNOWN,   /* never handed out (or not even token-shaped): 404 */
	STORE_TOKEN_GONE       /* rotated away or revoked: 410 */
};

/*
 * Looks up a token as it appears in a feed URL (without ".ics").  Returns
 * 0 with *state set (and *sc for a valid one), or a STORE_E* code when the
 * database fails.  Lookup is by the token's SHA-256, so the stored values
 * never meet the clear token in a comparison.
 */
int store_feed_token_lookup(struct store *s, const char *token,
			    enum store_token_state *state, struct store_feed_scope *sc,
			    struct store_err *err);

/*
 * The state of a feed without reading its work: `gen` grows with every
 * write that can change what the feed shows (triggers count them; 0
 * before any), `changed_at` is the last such write's time ("" before
 * any), `name` the unit's name or the notice's number (caller frees),
 * `db_uid` the database's id that event UIDs carry.  One row by its key
 * (the office's feed: sums over the units table).  STORE_ENOTFOUND when
 * the unit or notice does not exist.
 */
struct store_feed_stamp {
	long long gen;
	char changed_at[32];  /* "YYYY-MM-DDTHH:MM:SSZ" or "" */
	char db_uid[32];
	char *name;           /* the unit's name, or the notice's number (may be NULL) */
	struct ymd notice_date; /* NOTICE scope: the notice's date; else zero */
};
int store_feed_stamp(struct store *s, const struct store_feed_scope *sc,
		     struct store_feed_stamp *out, struct store_err *err);
/* Frees what a stamp holds.  NULL-safe. */
void store_feed_stamp_release(struct store_feed_stamp *st);

/* One event of a feed: a work item with what its event needs beyond it. */
struct store_feed_item {
	struct store_item it;   /* as store_scan_items() gives it */
	int rev;                /* changes of its deadline or workflow state so far */
	const char *changed_at; /* last change of anything its event shows */
	const char *leads;      /* the task's live lead units, "; "-joined (a group
	                           once, by its name), or NULL */
	const char *supports;   /* the supporting units, likewise, or NULL */
};

/*
 * Calls fn for each live work item of the scope that has a deadline and is
 * not done, or was done at most STORE_FEED_DONE_DAYS before `today` (done
 * work stays in calendars for a month, then drops out); in a stable order
 * (a unit's: by its assignments, then period; other scopes: by task, then
 * item).  Items and their text are borrowed, valid during
 * the call; memory stays flat.  fn returns 0 to go on, non-zero to stop
 * (returned as is).
 */
#define STORE_FEED_DONE_DAYS 30
int store_feed_scan(struct store *s, const struct store_feed_scope *sc,
		    struct ymd today,
		    int (*fn)(const struct store_feed_item *fi, void *arg), void *arg,
		    struct store_err *err);

#endif
