/*
 * fast_ckpt.c - an optional fast path: checkpoints of the import
 * connection's WAL in a thread of their own, so the committing thread
 * does not wait for the disk.  See sq_ckpt_start() in store_int.h;
 * test_store_wal pins it (imports past both marks are seen at once, the
 * WAL stays bounded, kill -9 during a checkpoint loses nothing).
 *
 * A checkpoint copies the WAL's pages into the database file, and with
 * synchronous = NORMAL it first waits for the WAL to reach the disk and
 * then for the database file: SQLite's own automatic checkpoint does that
 * in the committing thread.  Here the commit that finds WAL_PAGES pages
 * in the WAL only wakes a thread, which checkpoints through a connection
 * of its own while the imports go on (a PASSIVE checkpoint: it takes no
 * lock that a writer waits for).  The same syncs happen in the same
 * order; only the importing thread does not wait for them.
 *
 * A writer that never pauses keeps appending behind the checkpoint, so the
 * WAL would never start over from its beginning.  At twice WAL_PAGES the
 * committing thread waits for the thread's checkpoint to end and runs one
 * itself with only the pages since then left to copy; the next transaction
 * then restarts the WAL.
 *
 * Readers pin the WAL too: a checkpoint copies no page newer than the
 * oldest open read transaction's snapshot, and the WAL starts over only
 * when no reader uses it.  A server answering the dashboard always has
 * some request reading, overlapping the next, so a PASSIVE checkpoint
 * never finished and the WAL grew to gigabytes during a large import.  So
 * the catch-up at twice WAL_PAGES is a RESTART: it copies every page,
 * waiting (the connection's busy handler) for the readers that started
 * before it to end, while new readers read the database file and do not
 * hold it up; the next commit then writes from the WAL's start.  So the
 * WAL stays under 2 * WAL_PAGES plus one transaction: under 25000 pages
 * (about 100 MiB) for notices of a few MiB (test_store_walload).  Every
 * other connection (the server's, the CLI's) gets the same bound from
 * sq_wal_bound().
 */
#include "tracker/store/store_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WAL_PAGES 10000 /* as wal_autocheckpoint in open.c */
/*
 * How long a RESTART waits for readers.  It holds the write lock while it
 * waits, so every other writer (the server's actions) waits too: a second
 * at most, well inside their busy timeout.  A reader longer than that (a
 * backup of a large database) makes it give up; the next commit tries
 * again, and the WAL starts over once that reader is done.
 */
#define RESTART_WAIT_MS 1000

/* A RESTART checkpoint on db, waiting at most RESTART_WAIT_MS for readers. */
static void restart_ckpt(sqlite3 *db, const char *name)
{
	sqlite3_busy_timeout(db, RESTART_WAIT_MS);
	sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
	sqlite3_busy_timeout(db, SQ_BUSY_MS);
}

struct ckpt {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake, idle;
	char *path;
	int started, pending, running, stop;
};

static void *ckpt_main(void *arg)
{
	struct ckpt *k = arg;
	sqlite3 *db = NULL;

	/* A connection checkpoints only once it has read the WAL's existence
	 * from the database: before, the call does nothing. */
	if (sqlite3_open_v2(k->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    sq_vfs_name()) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;
	}
	pthread_mutex_lock(&k->lock);
	for (;;) {
		while (!k->pending && !k->stop)
			pthread_cond_wait(&k->wake, &k->lock);
		if (k->stop)
			break;
		k->pending = 0;
		k->running = 1;
		pthread_mutex_unlock(&k->lock);
		/* As SQLite's automatic checkpoint: a failure is left for the next. */
		if (db)
			sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&k->lock);
		k->running = 0;
		pthread_cond_broadcast(&k->idle);
	}
	pthread_mutex_unlock(&k->lock);
	sqlite3_close(db);
	return NULL;
}

/* After each commit of the import connection, with the WAL's size in pages. */
static int ckpt_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct ckpt *k = arg;

	if (pages < WAL_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&k->lock);
	if (pages >= 2 * WAL_PAGES) {
		k->pending = 0;
		while (k->running)
			pthread_cond_wait(&k->idle, &k->lock);
		pthread_mutex_unlock(&k->lock);
		restart_ckpt(db, name);
		return SQLITE_OK;
	}
	if (!k->started)
		k->started = pthread_create(&k->thread, NULL, ckpt_main, k) == 0;
	if (k->started) {
		k->pending = 1;
		pthread_cond_signal(&k->wake);
	}
	pthread_mutex_unlock(&k->lock);
	/* No thread: checkpoint here, as SQLite would have. */
	if (!k->started)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/*
 * The hook of every other connection: SQLite's automatic checkpoint at
 * WAL_PAGES (PASSIVE, in the committing thread), and the RESTART of the
 * import connection at twice that, so readers cannot make the WAL grow
 * without bound through these connections' writes either.
 */
static int bound_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void)arg;
	if (pages >= 2 * WAL_PAGES)
		restart_ckpt(db, name);
	else if (pages >= WAL_PAGES)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

void sq_wal_bound(struct store *s)
{
	sqlite3_wal_hook(s->db, bound_hook, NULL);
}

int sq_ckpt_start(struct store *s, struct err *err)
{
	const char *path = sqlite3_db_filename(s->db, "main");
	struct ckpt *k;

	if (s->ckpt || !path || !path[0])
		return 0;
	k = xcalloc(1, sizeof(*k));
	k->path = xstrdup(path);
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->wake, NULL);
	pthread_cond_init(&k->idle, NULL);
	s->ckpt = k;
	sqlite3_wal_hook(s->db, ckpt_hook, k);
	(void)err;
	return 0;
}

void sq_ckpt_stop(struct store *s)
{
	struct ckpt *k = s->ckpt;

	if (!k)
		return;
	sqlite3_wal_hook(s->db, NULL, NULL);
	pthread_mutex_lock(&k->lock);
	k->stop = 1;
	pthread_cond_signal(&k->wake);
	pthread_mutex_unlock(&k->lock);
	if (k->started)
		pthread_join(k->thread, NULL);
	pthread_cond_destroy(&k->wake);
	pthread_cond_destroy(&k->idle);
	pthread_mutex_destroy(&k->lock);
	free(k->path);
	free(k);
	s->ckpt = NULL;
}
