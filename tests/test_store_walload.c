/*
 * test_store_walload.c - the WAL stays bounded while a large import runs
 * into a database that readers never leave alone (issue 19, item 5).
 *
 * A reader in a read transaction pins the WAL: a PASSIVE checkpoint copies
 * what it can but the WAL cannot start over from its beginning while any
 * reader uses it, so with overlapping readers (a server's threads
 * answering the dashboard) it grew to 1.5-3.2 GB during a large import.
 * Here three threads of readers keep overlapping read transactions open
 * against the database, as a busy server's connections do, while 60
 * notices of 2 MiB are imported; the WAL must stay under the bound the
 * README states (25000 pages of 4 KiB, with frame headers).
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tests/walnotices.h"
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/units.h"

#define N_READERS 4
#define WAL_BOUND (25000LL * 4120)

static int import_k(struct store *s, const struct unitdir *units, int k, size_t pad)
{
	return import_k_as(s, units, "walload.txt", k, pad);
}

/* A reader through the default VFS, as the sqlite3 shell or another program. */
static sqlite3 *reader(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static void remove_db(const char *path)
{
	char *side = xasprintf("%s-wal", path);

	unlink(side);
	free(side);
	side = xasprintf("%s-shm", path);
	unlink(side);
	free(side);
	unlink(path);
}

static long long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) ? 0 : (long long)sb.st_size;
}

struct load {
	const char *path;
	int idx;
	volatile int stop;
	long reads;
	int failed;
};

/* One reader: read transactions of a few milliseconds, back to back,
 * started out of step with the other threads so that one is always open. */
static void *read_loop(void *arg)
{
	struct load *l = arg;
	sqlite3 *db = reader(l->path);
	struct timespec pause = {0, 30000000};

	if (!db) {
		l->failed = 1;
		return NULL;
	}
	nanosleep(&(struct timespec){0, 7500000L * l->idx}, NULL);
	while (!l->stop) {
		if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
		    q_int(db, "SELECT count(*) FROM notices") < 0) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			l->failed++;
			nanosleep(&pause, NULL);
			continue;
		}
		nanosleep(&pause, NULL);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		l->reads++;
	}
	sqlite3_close(db);
	return NULL;
}

int main(void)
{
	char dir[] = "/tmp/test_store_walload.XXXXXX";
	struct unitdir *units = test_units();
	struct load l[N_READERS];
	pthread_t th[N_READERS];
	struct store *s = NULL;
	struct err err;
	char *path, *wal;
	long long most = 0;
	long reads = 0;
	int i, k, ok = 1, failed = 0;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	path = xasprintf("%s/w.db", dir);
	wal = xasprintf("%s-wal", path);
	test_cond("the test directory of 40 units and a group loads", units != NULL);
	if (!units || store_open(path, &s, &err) || store_sync_units(s, units, &err)) {
		test_cond("the database opens", 0);
		goto out;
	}
	for (i = 0; i < N_READERS; i++) {
		memset(&l[i], 0, sizeof(l[i]));
		l[i].path = path;
		l[i].idx = i;
		pthread_create(&th[i], NULL, read_loop, &l[i]);
	}
	for (k = 1; k <= 100 && ok; k++) {
		long long w;
		ok = !import_k(s, units, k, 2 << 20);
		w = file_size(wal);
		most = w > most ? w : most;
	}
	for (i = 0; i < N_READERS; i++) {
		l[i].stop = 1;
		pthread_join(th[i], NULL);
		reads += l[i].reads;
		failed += l[i].failed;
	}
	printf("# %ld read transactions, %d failed; the WAL reached %lld bytes (%lld pages)\n",
	       reads, failed, most, most / 4120);
	test_cond("100 notices of 2 MiB import while readers keep the database busy", ok);
	test_cond("the readers read all along", reads > 100 && !failed);
	test_cond("the WAL stays under 25000 pages (README: about 100 MiB)",
		  most > 0 && most < WAL_BOUND);
	store_close(&s);
out:
	remove_db(path);
	rmdir(dir);
	free(path);
	free(wal);
	unitdir_free(&units);
	return test_report();
}
