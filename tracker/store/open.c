/*
 * open.c - opening a store: one SQLite connection set up as every store
 * uses it (WAL, foreign keys, busy timeout, vn_fold), and closing it.
 */
#include "tracker/store/store_int.h"

#include "tracker/store/store.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

/*
 * Statement journals (the undo of one statement inside a transaction,
 * which every write checked by a constraint or a trigger opens) are kept
 * in memory whatever their size, so they use small chunks rather than a
 * fresh buffer of the spill size (64 KiB) for every statement that
 * writes.  This is process wide and must precede SQLite's
 * initialisation; if something else initialised it first the call fails
 * and the default stays.
 */
static void sqlite_config_once(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	/*
	 * No count of SQLite's memory in use (nothing reads it): keeping it
	 * takes a process-wide mutex on every allocation.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * A connection to `path` as every store uses it: WAL, synchronous NORMAL,
 * foreign keys on, a busy timeout, vn_fold(); migrations when `migrate_it`.
 */
int sq_open_conn(const char *path, int migrate_it, struct store **out,
		   struct err *err)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	struct store *s;
	int rc;

	pthread_once(&configured, sqlite_config_once);
	s = xcalloc(1, sizeof(*s));

	*out = NULL;
	memset(err, 0, sizeof(*err));
	/*
	 * NOMUTEX: a store is used by one thread at a time (store_open()), so
	 * the connection's mutex, taken and released around every call into
	 * SQLite, guards nothing.
	 */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, sq_vfs_name()) != SQLITE_OK) {
		rc = err_set(err, ERR_IO, "cannot open database '%s': %s", path,
			  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);
	/*
	 * The first statement reads the file: a file that is not a database,
	 * or a directory we cannot write, fails here, so call it an I/O error.
	 */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) {
		rc = err_set(err, ERR_IO, "cannot open database '%s': %s", path,
			  sqlite3_errmsg(s->db));
		goto out;
	}
	if ((rc = sq_register_functions(s, err)) ||
	    (rc = sq_exec(s, "PRAGMA synchronous = NORMAL", err)) ||
	    (rc = sq_exec(s, "PRAGMA foreign_keys = OFF", err)) ||
	    (migrate_it && (rc = sq_migrate(s, err))))
		goto out;
	if ((rc = sq_exec(s, "PRAGMA foreign_keys = ON", err)))
		goto out;
	/*
	 * Checkpoint every 10000 WAL pages (about 40 MiB) rather than
	 * SQLite's 1000: an imported notice commits many pages (index leaves
	 * of assignments by unit and occurrences by day, FTS segments), and
	 * the default would make an import wait for the disk every few
	 * notices.  The price: the WAL file grows to about 40 MiB before a
	 * checkpoint, and a crash recovery or a reader opening the database
	 * reads that much.  journal_size_limit gives the disk back: a WAL
	 * reset by a checkpoint is cut to 4 MiB.  The last connection to
	 * close (the CLI, after an import) checkpoints and removes the WAL.
	 * The import connection (sq_import_conn()) checkpoints at the same
	 * mark from a thread instead (fast_ckpt.c).
	 */
	if ((rc = sq_exec(s, "PRAGMA wal_autocheckpoint = 10000", err)))
		goto out;
	/* And past twice that, a checkpoint that waits for readers (fast_ckpt.c). */
	sq_wal_bound(s);
	/*
	 * No mmap_size: feeds gain nothing from it, and mapped pages count in
	 * a process's RSS, which the reminder run over 1M assignments must
	 * keep < 200 MB.
	 */
	rc = sq_exec(s, "PRAGMA journal_size_limit = 4194304", err);
out:
	if (rc)
		store_close(&s);
	*out = s;
	return rc;
}

/*
 * A list query visits a few hundred rows spread over the whole file (a
 * unit's work, a notice's tasks, a week of deadlines); through read() each
 * visit copies a 4 KiB page into the 2 MiB cache, which the next query
 * evicts.  Mapped, the visits cost a lookup.  Mapped pages count in the
 * server's RSS only once touched, and are the kernel's to drop; the
 * command-line tools keep the default (see sq_open_conn()).
 */
int store_serve_reads(struct store *s, struct err *err)
{
	memset(err, 0, sizeof(*err));
	return sq_exec(s, "PRAGMA mmap_size = 4294967296", err);
}

int store_open(const char *path, struct store **out, struct err *err)
{
	return sq_open_conn(path, 1, out, err);
}

void store_close(struct store **sp)
{
	struct store *s = sp ? *sp : NULL;
	size_t i;

	if (!s)
		return;
	sq_ckpt_stop(s);
	store_close(&s->imp);
	for (i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i].st);
	sqlite3_close(s->db);
	free(s);
	*sp = NULL;
}

int store_tx_begin(struct store *s, struct err *err)
{
	memset(err, 0, sizeof(*err));
	return sq_begin(s, err);
}

int store_tx_commit(struct store *s, struct err *err)
{
	return sq_commit(s, err);
}

void store_tx_rollback(struct store *s)
{
	sq_rollback(s);
}
