/*
 * store_int.h - what the files of the store module share, and nothing
 * outside it may include (the pair of SQLite's btree.h and btreeInt.h):
 * the connection struct and the SQL helpers.  The store is split by
 * concern, one file each (open.c, schema.c, units.c, import*.c, match.c,
 * read.c, life.c, remind.c, mailq.c, ...), and only the files of store/
 * include <sqlite3.h>.
 *
 * Conventions: SQL text is always a literal (the statement cache is keyed
 * by its address) and every value reaches it through sq_bind_*.  Helpers
 * that fail fill the caller's struct err and return its ERR_* code.
 */
#ifndef TRACKER_STORE_INT_H
#define TRACKER_STORE_INT_H

#include <sqlite3.h>
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/life.h"

#define STMT_CACHE 160
/* Every connection's busy timeout, in milliseconds. */
#define SQ_BUSY_MS 5000

struct store {
	sqlite3 *db;
	/*
	 * A second connection to the same database with triggers off, through
	 * which store_import() writes a new notice (see sq_import_conn() in
	 * fast_import.c); opened on first use, NULL until then.
	 */
	struct store *imp;
	struct ckpt *ckpt; /* the import connection's checkpoints (fast_ckpt.c), or NULL */
	/* On the import connection: the schema version whose triggers were
	 * checked, and whether they are the ones it stands in for. */
	long long triggers_checked;
	int triggers_known;
	int bind_rc; /* first failed sqlite3_bind_*, reported by the next step */
	size_t n_cache;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
};

/* ERR_DB with "what: <sqlite's message>". */
int sq_dbfail(struct store *s, struct err *err, const char *what);
/*
 * The cached statement for the literal `sql` (prepared on first use), reset
 * and ready to bind.  Borrowed: valid until store_close().
 */
int sq_prep(struct store *s, const char *sql, sqlite3_stmt **out,
	    struct err *err);
/* Resets a cached statement and clears its bindings.  NULL-safe. */
void sq_done(sqlite3_stmt *st);
/* Binders; a failure is remembered and reported by the next sq_step(). */
void sq_note_bind(struct store *s, int rc);
void sq_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v); /* NULL binds NULL */
void sq_bind_int(struct store *s, sqlite3_stmt *st, int i, long long v);
void sq_bind_id(struct store *s, sqlite3_stmt *st, int i, long long v);     /* 0 binds NULL */
void sq_bind_date(struct store *s, sqlite3_stmt *st, int i, struct ymd d); /* incomplete binds NULL */
/*
 * The name of the store's VFS (fast_vfs.c: the default VFS, with a
 * commit's WAL frames written in one call), registered on the first call;
 * NULL if it could not be, and then the default VFS serves.  Process wide,
 * thread safe.
 */
const char *sq_vfs_name(void);
/*
 * Checkpoints of the WAL that `s`'s commits grow, from a thread started
 * when first needed, instead of in the committing thread (fast_ckpt.c);
 * replaces the connection's automatic checkpoint.  0, or an ERR_* code.
 * sq_ckpt_stop() ends the thread (waiting for a checkpoint under way) and
 * puts nothing back; store_close() calls it.  NULL-safe.
 */
struct ckpt;
int sq_ckpt_start(struct store *s, struct err *err);
/* Checkpoints at 10000 WAL pages, and a RESTART (waiting for readers) at
 * twice that, for a connection without sq_ckpt_start() (fast_ckpt.c). */
void sq_wal_bound(struct store *s);
void sq_ckpt_stop(struct store *s);
/* Registers the SQL functions the schema's triggers use (vn_fold, vn_words,
 * vn_syllables). */
int sq_register_functions(struct store *s, struct err *err);
/* The same on any connection to a store's database (a benchmark's raw
 * one); SQLite's result code. */
int sq_functions_register(sqlite3 *db);
/* 1 for a row, 0 when done, or an ERR_* code (statement reset). */
int sq_step(struct store *s, sqlite3_stmt *st, struct err *err);
/* Steps once, ignoring rows, and resets.  0 or an ERR_* code. */
int sq_run(struct store *s, sqlite3_stmt *st, struct err *err);
/* Runs SQL text with no parameters (pragmas, BEGIN, migrations). */
int sq_exec(struct store *s, const char *sql, struct err *err);
/* A copy of a text column (caller frees), or NULL for SQL NULL. */
char *sq_col_str(sqlite3_stmt *st, int i);
/* A 'YYYY-MM-DD' column as a date; all zero for NULL or a bad value. */
struct ymd sq_col_date(sqlite3_stmt *st, int i);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void sq_stamp_now(char buf[32]);
/* BEGIN IMMEDIATE: the write lock up front, so concurrent writers wait
 * (busy timeout) instead of failing half-way. */
int sq_begin(struct store *s, struct err *err);
int sq_commit(struct store *s, struct err *err);
/* Undoes the open transaction, if any. */
void sq_rollback(struct store *s);
/*
 * A read transaction around several statements, so that they see one
 * snapshot and take the WAL's read lock once (each statement on its own
 * takes and drops it).  sq_read_begin() returns 1 when it began one, which
 * the caller ends with sq_read_end() (or commits a write it made in it);
 * 0 when a caller's transaction is open, which it leaves alone; < 0 on
 * error.
 */
int sq_read_begin(struct store *s, struct err *err);
void sq_read_end(struct store *s, int began);
/* A stored due_kind / freq word back to the enum (NONE when NULL or unknown). */
enum due_kind sq_kind_parse(const char *s);
enum rec_freq sq_freq_parse(const char *s);
/*
 * The columns of a work item: every query that hands out store_items
 * starts with this (more columns may follow).  What an item shows of its
 * assignment, task, notice and unit is read from the item's own copies
 * (ITEM_COPY_COLS), so a list reads one row per item.
 */
#define ITEM_SELECT \
	"SELECT o.id, o.assignment_id, o.task_id, o.notice_id, o.unit_id, o.seq,"  \
	" o.unit_name, o.unit_email, o.due, o.due_kind, o.task_due_text, o.last_day," \
	" o.extended_to, o.requested_to, o.request_reason, o.state, o.reported_on," \
	" o.done_on, o.task_freq, o.task_ref, o.task_text, o.notice_number,"        \
	" o.notice_date, o.percent,"                                                \
	" o.decided_kind, o.decided_by, o.decided_at, o.decided_note"
/* How many columns ITEM_SELECT has: the first a query adds is this one. */
#define ITEM_NCOLS 28
/* The item and what it belongs to, for queries that filter on those rows. */
#define ITEM_FROM \
	" FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"          \
	" JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"        \
	" JOIN notices n ON n.id = t.notice_id"
/*
 * A work item's copies of what its lists show of its assignment `a`, the
 * task, notice and unit (migration 22): the columns, and their values in
 * a statement reading assignments a ITEM_COPY_JOIN.  An INSERT into
 * occurrences writes them; the item_copy_* triggers keep them equal to
 * the originals afterwards, and `tracker check` verifies that they are.
 */
#define ITEM_COPY_COLS \
	"task_id, notice_id, unit_id, unit_name, unit_email, task_ref, task_text," \
	" task_freq, task_due_text, notice_number, notice_date"
#define ITEM_COPY_VALUES \
	"a.task_id, t.notice_id, a.unit_id, u.name, u.email, t.ref, t.text,"       \
	" t.freq, t.due_text, n.number, n.date"
#define ITEM_COPY_JOIN \
	" JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"        \
	" JOIN notices n ON n.id = t.notice_id"
/*
 * Sets occurrences.shown_from (migration 23: the first day an item is
 * current work) of the items of the assignments `where` selects (an SQL
 * condition on assignments a), where it differs.  For a later period,
 * its own last allowed day or the latest of the periods before it,
 * whichever is earlier: a list of current work on day D shows the periods
 * due by D and the first one after D, the one whose predecessors are all
 * due by D.  A task's only item and a series' first period: ''.
 * ITEM_SHOWN_OF is that value for a row o read with its assignment's others
 * (upsert_series() in life.c computes the same for a new series).
 */
#define ITEM_SHOWN_OF                                                                    \
	"CASE WHEN o.seq = 0 THEN '' WHEN o.last_day IS NULL THEN 'never'"                 \
	" ELSE min(o.last_day, coalesce(max(o.last_day) OVER (PARTITION BY o.assignment_id" \
	" ORDER BY o.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), '')) END"
#define ITEM_SHOWN_SET(where)                                                            \
	"UPDATE occurrences SET shown_from = x.v FROM (SELECT o.id AS id, " ITEM_SHOWN_OF   \
	" AS v FROM occurrences o WHERE o.assignment_id IN (SELECT a.id FROM assignments a" \
	" WHERE " where ")) x WHERE occurrences.id = x.id AND occurrences.shown_from IS NOT x.v"
/*
 * The key of an item's row X in occurrence_counts (migration 19): the last
 * allowed day in force, the state, done late, done on time (or no day to
 * be late for), extended; each fact 0 or 1, as the office-wide filters
 * test it (search.c).  OCC_KEY_SHOWN adds the day X is current work from
 * (migration 23), the key of every live item's count.
 */
#define OCC_KEY(X)                                                                      \
	"coalesce(" #X ".eff_last, ''), " #X ".state,"                                   \
	" coalesce(" #X ".done_on > " #X ".eff_last, 0),"                               \
	" coalesce(" #X ".eff_last IS NULL OR " #X ".done_on <= " #X ".eff_last, 0),"    \
	" coalesce(" #X ".extended_to IS NOT NULL AND " #X ".last_day IS NOT NULL"      \
	" AND " #X ".extended_to <> " #X ".last_day, 0)"
#define OCC_KEY_SHOWN(X) OCC_KEY(X) ", " #X ".shown_from"
/* Its columns' names, in occurrence_counts and as a CTE names them. */
#define OCC_KEY_COLS "day, state, late, on_time, extended, shown"
/* Sets every item's copies from the originals (a migration, a seeded database). */
#define ITEM_COPY_FILL \
	"UPDATE occurrences SET (" ITEM_COPY_COLS ") = (SELECT " ITEM_COPY_VALUES  \
	" FROM assignments a" ITEM_COPY_JOIN " WHERE a.id = occurrences.assignment_id)"
#define ITEM_COLUMNS ITEM_SELECT ITEM_FROM
/*
 * item_fts (migration 25) holds each live item X under a rowid that sorts
 * as the office-wide list does: the last allowed day in force (as a day
 * number, none after every day), then the item's id (below 2^32).  So a
 * search's page comes from the index in the list's order; ITEM_FTS_ID gets
 * the item's id back from a rowid.  ITEM_FTS_DOC is the document
 * (words.h) in its two columns (ITEM_FTS_COLS, from a document `doc`): `text` for an item that is current work
 * from the start, `later` for a later period of a series (shown_from not
 * ''), which may not be current yet; the other column is NULL.
 */
#define ITEM_FTS_KEY(X)                                                                  \
	"(((CAST(julianday(coalesce(" #X ".eff_last, '9999-12-31')) AS INTEGER)"         \
	" + (" #X ".eff_last IS NULL)) << 32) | " #X ".id)"
#define ITEM_FTS_COLS(X, doc)                                                            \
	"CASE WHEN coalesce(" #X ".shown_from, '') = '' THEN " doc " END,"                   \
	" CASE WHEN coalesce(" #X ".shown_from, '') <> '' THEN " doc " END"
#define ITEM_FTS_DOC(X) ITEM_FTS_COLS(X, "vn_words(" #X ".task_text)")
#define ITEM_FTS_ID(rowid) "(" rowid " & 4294967295)"

/*
 * life_sync_notice() for a notice store_import() wrote in this transaction
 * as new: its tasks have no earlier occurrences, so none is pruned.
 */
int life_sync_new_notice(struct store *s, long long notice_id, struct ymd today,
			 const char *now, struct err *err);

/*
 * Fills *it from a row whose first ITEM_NCOLS columns are ITEM_COLUMNS; text is
 * borrowed from the statement until its next step.
 */
void sq_item_from_row(sqlite3_stmt *st, struct store_item *it, struct ymd today);

/* ---- Shared between the files of the store ---- */
struct store_file_in;
/*
 * Stores f for work item item_id of task task_id inside the caller's
 * transaction (store_act()), stamped with actor and now; *id gets its id.
 * sq_attach_event() then names the history event that recorded it.
 */
int sq_attach_insert(struct store *s, long long task_id, long long item_id,
		     const struct store_file_in *f, const char *actor, const char *now,
		     long long *id, char sha_hex[65], struct err *err);
int sq_attach_event(struct store *s, long long id, long long event_id, struct err *err);

/*
 * A connection to `path` as every store uses it (open.c): WAL, synchronous
 * NORMAL, foreign keys on, a busy timeout, vn_fold(); migrations when
 * `migrate_it`.  *out is set (NULL on failure); 0 or an ERR_* code.
 */
int sq_open_conn(const char *path, int migrate_it, struct store **out,
		 struct err *err);
/* Brings the schema up to the newest migration, in one transaction (schema.c). */
int sq_migrate(struct store *s, struct err *err);
/* The id of the unit called exactly `name`, or 0 (units.c). */
int sq_unit_id_by_name(struct store *s, const char *name, long long *id,
		       int *is_group, int *in_dir, struct err *err);
/* Finds or creates (outside the directory) the unit called `name` (units.c). */
int sq_unit_ensure(struct store *s, const char *name, const char *now,
		   long long *id, int *is_group, int *in_dir, struct err *err);
/*
 * Teaches the office's alias `alias` for `unit_id` (aliases.c): the text
 * then names that unit alone, so an office alias of it for another unit is
 * forgotten.  Inside the caller's transaction; 0 or an ERR_* code.
 */
int sq_alias_teach(struct store *s, const char *alias, long long unit_id, const char *actor,
		   const char *now, struct err *err);
/*
 * The optional fast path of store_import() (fast_import.c): the second
 * connection with triggers off, opened on first use (NULL when it cannot
 * be, and the main connection serves), and whether the schema's triggers
 * are the ones it was written against.
 */
struct store *sq_import_conn(struct store *s);
int sq_triggers_known(struct store *imp, int *known, struct err *err);

#endif
