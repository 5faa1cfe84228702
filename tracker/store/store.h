/*
 * store.h - the tracker's SQLite store: notices and their versions, units of
 * the directory and unknown names met in notices, tasks, task-unit
 * assignments, and the full history of every task.
 *
 * In the program, store/ is the only folder that knows SQL and the only
 * one that includes <sqlite3.h>.  This header is what all of it shares:
 * the handle, the errors, opening and closing, transactions and the data
 * version; each concern has a header of its own beside it (units.h,
 * import.h, read.h, life.h, remind.h, mailq.h, users.h, drafts.h,
 * search.h, feed.h).
 *
 * Conventions for all of them: every write runs in one BEGIN IMMEDIATE
 * transaction, so a failure leaves the database as it was.  Functions
 * return 0 or a negative ERR_* code (notices/err.h) and fill the
 * caller's `struct err`; they never print.  Rows handed out are copies owned
 * by the caller, released with the matching *_release() or *_free();
 * nothing borrowed from the store outlives the call.
 */
#ifndef TRACKER_STORE_H
#define TRACKER_STORE_H

#include <stddef.h>
#include "notices/err.h"
#include "notices/notice.h"
#include "notices/util.h"
#include "tracker/core/status.h"

struct unitdir;
struct store; /* opaque */

/*
 * Opens (creating if needed) the database at `path`, turns on WAL, foreign
 * keys and a busy timeout, and applies pending schema migrations.  Returns 0
 * and a new handle in *out (caller frees with store_close()); on failure
 * *out is NULL and the code is ERR_IO, ERR_DB or ERR_SCHEMA.  A
 * handle is used by one thread at a time (it has no lock of its own);
 * threads that share a database open a handle each.
 */
int store_open(const char *path, struct store **out, struct err *err);

/*
 * Readies a handle that answers many reads (a server thread's): the file
 * is mapped into memory, so that a query reads the pages it visits from
 * the kernel's page cache in place instead of copying each one into the
 * handle's own small cache.  0 or ERR_DB.
 */
int store_serve_reads(struct store *s, struct err *err);

/* Closes the database and sets *s to NULL.  NULL-safe. */
void store_close(struct store **s);

/* The schema version this program writes (PRAGMA user_version). */
int store_schema_version(void);

/*
 * Explicit transactions, for callers that make several store calls one
 * atomic decision (the reminder engine: reminders and the mails that carry
 * them are committed together or not at all).  BEGIN IMMEDIATE.
 */
int store_tx_begin(struct store *s, struct err *err);
int store_tx_commit(struct store *s, struct err *err);
void store_tx_rollback(struct store *s);

/*
 * A number that changes whenever the database's content changes, by this
 * connection or another: what response caches compare.  Cheap (no I/O
 * beyond the WAL index).
 */
int store_data_version(struct store *s, unsigned *out, struct err *err);

#endif
