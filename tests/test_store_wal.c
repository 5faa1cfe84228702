/*
 * test_store_wal.c - what a commit promises, through the store's VFS
 * (fast_vfs.c, which gathers a commit's WAL frames into one write): every
 * notice whose import returned is seen at once by another connection and
 * by another process; a process killed at any point of an import leaves a
 * database that passes integrity_check and holds every notice whose import
 * had returned; and at the SQLite level, transactions that spill pages
 * into the WAL before they end, roll back, outgrow the VFS's buffer, or
 * follow a WAL restarted by another connection read back exactly; and
 * checkpoints run by the store's own thread while imports go on keep
 * all of that and keep the WAL bounded.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tests/walnotices.h"
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/units.h"
#include "tracker/store/search.h"

static int import_k(struct store *s, const struct unitdir *units, int k, size_t pad)
{
	return import_k_as(s, units, "wal.txt", k, pad);
}

static int integrity_ok(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	return ok;
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

/* Whether notices 1..k are all stored, each with its N_TASKS tasks. */
static int has_notices(sqlite3 *db, int k)
{
	char *sql = xasprintf("SELECT count(*) FROM notices n WHERE n.number GLOB '*/TB-WAL'"
			      " AND CAST(n.number AS INTEGER) BETWEEN 1 AND %d"
			      " AND (SELECT count(*) FROM tasks t WHERE t.notice_id = n.id) = %d",
			      k, N_TASKS);
	long long v = q_int(db, sql);

	free(sql);
	return v == k;
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

/* Same process, another connection: each commit is there when import returns. */
static void test_same_process(const char *path, const struct unitdir *units)
{
	struct store *s = NULL;
	struct err err;
	sqlite3 *r = NULL;
	int k, seen = 1, ok = 1;

	remove_db(path);
	if (store_open(path, &s, &err) || store_sync_units(s, units, &err) ||
	    !(r = reader(path))) {
		test_cond("the same-process test's database opens", 0);
		goto out;
	}
	for (k = 1; k <= 30 && ok; k++) {
		/* Notice 10's text is 3 MiB: a commit larger than the VFS's buffer. */
		ok = !import_k(s, units, k, k == 10 ? 3 << 20 : 0);
		seen = seen && has_notices(r, k) &&
		       q_int(r, "SELECT count(*) FROM notices") == k;
	}
	test_cond("30 notices import, one of them 3 MiB", ok);
	test_cond("another connection sees each notice as soon as its import returns", seen);
	test_cond("each task has a work item per member of the group",
		  q_int(r, "SELECT count(*) FROM occurrences") == 30 * N_TASKS * N_UNITS);
	test_cond("the search index has every work item",
		  q_int(r, "SELECT count(*) FROM item_fts WHERE item_fts MATCH 'ra_soat'") ==
		  30 * N_TASKS * N_UNITS);
	{
		/* Thirty imports leave the index in segments; the daily tidy
		 * merges them into one, and every item is found as before. */
		int steps = 0;
		test_cond("thirty imports leave the search index in several segments",
			  q_int(r, "SELECT count(DISTINCT segid) FROM item_fts_idx") > 1);
		test_cond("the tidy merges them into one, in more than one step",
			  store_search_tidy(s, STORE_TIDY_DAILY, &steps, &err) == 0 && steps > 1 &&
			  q_int(r, "SELECT count(DISTINCT segid) FROM item_fts_idx") == 1);
		test_cond("and the search finds every work item still",
			  q_int(r, "SELECT count(*) FROM item_fts WHERE item_fts MATCH 'ra_soat'") ==
			  30 * N_TASKS * N_UNITS);
		test_cond("a tidy of a tidy index is one step that does nothing",
			  store_search_tidy(s, STORE_TIDY_DAILY, &steps, &err) == 0 && steps == 1);
	}
	test_cond("the database passes integrity_check", integrity_ok(r));
out:
	sqlite3_close(r);
	store_close(&s);
}

/*
 * Another process imports; after each import it says so on a pipe and
 * waits for the go-ahead, so the check runs between two imports.
 */
static void test_other_process(const char *path, const struct unitdir *units)
{
	int up[2], down[2], k, got, seen = 1, n = 0, status = 0;
	struct store *s = NULL;
	struct err err;
	sqlite3 *r = NULL;
	pid_t pid;

	remove_db(path);
	if (store_open(path, &s, &err) || store_sync_units(s, units, &err) ||
	    !(r = reader(path)) || pipe(up) || pipe(down)) {
		test_cond("the two-process test starts", 0);
		goto out;
	}
	store_close(&s);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct store *cs = NULL;
		char go;
		close(up[0]);
		close(down[1]);
		if (store_open(path, &cs, &err))
			_exit(3);
		for (k = 1; k <= 40; k++) {
			if (import_k(cs, units, k, 0) || write(up[1], &k, sizeof(k)) != sizeof(k) ||
			    read(down[0], &go, 1) != 1)
				_exit(4);
		}
		store_close(&cs);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	while (read(up[0], &got, sizeof(got)) == sizeof(got)) {
		n++;
		seen = seen && got == n && has_notices(r, got) &&
		       q_int(r, "SELECT count(*) FROM notices") == got;
		if (write(down[1], "g", 1) != 1)
			break;
	}
	close(up[0]);
	close(down[1]);
	waitpid(pid, &status, 0);
	test_cond("the importing process imports 40 notices and exits 0",
		  n == 40 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	test_cond("another process sees each notice as soon as its import returns", seen);
	test_cond("and the database passes integrity_check", integrity_ok(r));
out:
	sqlite3_close(r);
	store_close(&s);
}

/*
 * kill -9 in the middle of imports, at several points; the child reports
 * each import that returned.  Notices carry on numbering across rounds.
 */
static void test_kill(const char *path, const struct unitdir *units)
{
	static const int after[] = {1, 3, 7, 12, 20, 2, 31};
	static const int pause_us[] = {0, 200, 700, 1500, 0, 3000, 400};
	int next = 1, rounds_ok = 1, all_there = 1, intact = 1, r;
	struct store *s = NULL;
	struct err err;
	sqlite3 *db = NULL;

	remove_db(path);
	if (store_open(path, &s, &err) || store_sync_units(s, units, &err)) {
		test_cond("the crash test's database opens", 0);
		store_close(&s);
		return;
	}
	store_close(&s);
	for (r = 0; r < (int)(sizeof(after) / sizeof(after[0])); r++) {
		int fd[2], got, last = next - 1, status = 0, n = 0;
		pid_t pid;

		if (pipe(fd)) {
			rounds_ok = 0;
			break;
		}
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			struct store *cs = NULL;
			int k;
			close(fd[0]);
			if (store_open(path, &cs, &err))
				_exit(3);
			for (k = next; k < next + 1000; k++)
				if (import_k(cs, units, k, k % 5 == 0 ? 300000 : 0) ||
				    write(fd[1], &k, sizeof(k)) != sizeof(k))
					_exit(4);
			_exit(0);
		}
		close(fd[1]);
		while (n < after[r] && read(fd[0], &got, sizeof(got)) == sizeof(got)) {
			last = got;
			n++;
		}
		if (pause_us[r])
			usleep((useconds_t)pause_us[r]);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		/* Imports that returned before the kill but were not read yet. */
		while (read(fd[0], &got, sizeof(got)) == sizeof(got))
			last = got;
		close(fd[0]);
		if (!WIFSIGNALED(status))
			rounds_ok = 0;
		db = reader(path);
		if (!db) {
			rounds_ok = 0;
			break;
		}
		intact = intact && integrity_ok(db);
		all_there = all_there && has_notices(db, last);
		/* A notice cut off by the kill is not half there: all of it or none. */
		{
			char *sql = xasprintf("SELECT count(*) FROM notices n WHERE (SELECT count(*)"
					      " FROM tasks t WHERE t.notice_id = n.id) <> %d", N_TASKS);
			all_there = all_there && q_int(db, sql) == 0;
			free(sql);
		}
		sqlite3_close(db);
		db = NULL;
		/* The next round goes on after whatever was stored. */
		next = last + 1;
		{
			sqlite3 *c = reader(path);
			long long mx = c ? q_int(c, "SELECT coalesce(max(CAST(number AS INTEGER)), 0)"
						 " FROM notices") : -1;
			sqlite3_close(c);
			if (mx >= next)
				next = (int)mx + 1;
		}
	}
	test_cond("each importing process was killed mid-run", rounds_ok);
	test_cond("after each kill -9 the database passes integrity_check", intact);
	test_cond("after each kill -9 every notice whose import returned is stored, whole",
		  all_there);
	test_cond("the store opens and imports after the kills",
		  !store_open(path, &s, &err) && !import_k(s, units, next, 0));
	store_close(&s);
}

static long long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) ? 0 : (long long)sb.st_size;
}

/*
 * Past 10000 WAL pages a thread of the store checkpoints while the imports
 * go on, and at twice that the importing thread catches up so that the
 * WAL starts over (fast_ckpt.c).  Notices padded to 2 MiB cross both
 * marks several times: every one is seen at once, the WAL stays under
 * 2.5 times the mark (31000 pages if it never started over), and
 * kill -9 while a checkpoint runs in the background loses nothing returned.
 */
static void test_checkpoints(const char *path, const struct unitdir *units)
{
	static const int after[] = {15, 25, 9};
	char *wal = xasprintf("%s-wal", path);
	long long most = 0;
	struct store *s = NULL;
	struct err err;
	sqlite3 *r = NULL;
	int k, ok = 1, seen = 1, next, round, intact = 1, all_there = 1, killed = 1;

	remove_db(path);
	if (store_open(path, &s, &err) || store_sync_units(s, units, &err) ||
	    !(r = reader(path))) {
		test_cond("the checkpoint test's database opens", 0);
		goto out;
	}
	for (k = 1; k <= 55 && ok; k++) {
		long long w;
		ok = !import_k(s, units, k, 2 << 20);
		seen = seen && has_notices(r, k);
		w = file_size(wal);
		most = w > most ? w : most;
	}
	test_cond("55 notices of 2 MiB import past the checkpoint marks", ok);
	test_cond("each is seen by another connection as its import returns", seen);
	test_cond("the WAL starts over: it stays under 25000 pages",
		  most > 0 && most < 25000LL * 4120);
	store_close(&s);
	test_cond("and the database is intact after the store closes", integrity_ok(r));
	sqlite3_close(r);
	r = NULL;

	next = 56;
	for (round = 0; round < (int)(sizeof(after) / sizeof(after[0])); round++) {
		int fd[2], got, last = next - 1, status = 0, n = 0;
		pid_t pid;
		sqlite3 *c;

		if (pipe(fd)) {
			killed = 0;
			break;
		}
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			struct store *cs = NULL;
			close(fd[0]);
			if (store_open(path, &cs, &err))
				_exit(3);
			for (k = next; k < next + 1000; k++)
				if (import_k(cs, units, k, 2 << 20) ||
				    write(fd[1], &k, sizeof(k)) != sizeof(k))
					_exit(4);
			_exit(0);
		}
		close(fd[1]);
		while (n < after[round] && read(fd[0], &got, sizeof(got)) == sizeof(got)) {
			last = got;
			n++;
		}
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		while (read(fd[0], &got, sizeof(got)) == sizeof(got))
			last = got;
		close(fd[0]);
		killed = killed && WIFSIGNALED(status);
		c = reader(path);
		intact = intact && c && integrity_ok(c);
		all_there = all_there && c && has_notices(c, last);
		next = c ? (int)q_int(c, "SELECT max(CAST(number AS INTEGER)) FROM notices") + 1 : next;
		sqlite3_close(c);
	}
	test_cond("importers killed while checkpoints ran in the background", killed);
	test_cond("leave an intact database", intact);
	test_cond("holding every notice whose import returned", all_there);
out:
	sqlite3_close(r);
	store_close(&s);
	free(wal);
}

static int exec_ok(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/*
 * At the SQLite level, through the store's VFS by name (store_open
 * registered it): a transaction bigger than the page cache spills frames
 * into the WAL before its commit; rolled back, they must not show; large
 * commits cross the VFS's buffer; a WAL restarted by another connection
 * is written from its start again.
 */
static void test_vfs(const char *path)
{
	sqlite3 *w = NULL, *r = NULL;
	struct store *s = NULL;
	struct err err;
	int ok;

	remove_db(path);
	if (store_open(path, &s, &err)) {
		test_cond("the VFS test's database opens", 0);
		return;
	}
	store_close(&s);
	test_cond("the store's VFS is registered", sqlite3_vfs_find("tracker") != NULL);
	if (sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE, "tracker") != SQLITE_OK ||
	    !(r = reader(path))) {
		test_cond("a connection opens through it", 0);
		goto out;
	}
	ok = exec_ok(w, "PRAGMA cache_size = 8; PRAGMA wal_autocheckpoint = 0;"
		     "CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB);"
		     "CREATE INDEX blobs_b ON blobs(b);");
	ok = ok && exec_ok(w, "BEGIN; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1"
			   " FROM c WHERE i < 3000) INSERT INTO blobs (b) SELECT randomblob(600) FROM c;");
	test_cond("a transaction larger than the page cache runs",
		  ok && q_int(w, "SELECT count(*) FROM blobs") == 3000);
	test_cond("another connection does not see it before the commit",
		  q_int(r, "SELECT count(*) FROM blobs") == 0);
	test_cond("rolled back, it leaves nothing", exec_ok(w, "ROLLBACK") &&
		  q_int(w, "SELECT count(*) FROM blobs") == 0 &&
		  q_int(r, "SELECT count(*) FROM blobs") == 0);
	ok = exec_ok(w, "INSERT INTO blobs (b) VALUES (x'01'), (x'02')");
	test_cond("the next commit is seen whole",
		  ok && q_int(r, "SELECT count(*) FROM blobs") == 2);
	ok = exec_ok(w, "BEGIN; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1"
		     " FROM c WHERE i < 8000) INSERT INTO blobs (b) SELECT randomblob(600) FROM c;"
		     " UPDATE blobs SET b = x'03' WHERE id = 1; COMMIT;");
	test_cond("a commit of 8000 rows that spilled on the way is seen whole",
		  ok && q_int(r, "SELECT count(*) FROM blobs") == 8002 &&
		  q_int(r, "SELECT hex(b) FROM blobs WHERE id = 1") == 3);
	test_cond("another connection restarts the WAL", exec_ok(r, "PRAGMA wal_checkpoint(RESTART)"));
	ok = exec_ok(w, "INSERT INTO blobs (b) VALUES (x'04')") &&
	     exec_ok(w, "INSERT INTO blobs (b) SELECT randomblob(900) FROM blobs LIMIT 500");
	test_cond("commits after it are seen",
		  ok && q_int(r, "SELECT count(*) FROM blobs") == 8503);
	test_cond("a WAL truncated by another connection is written afresh",
		  exec_ok(r, "PRAGMA wal_checkpoint(TRUNCATE)") &&
		  exec_ok(w, "DELETE FROM blobs WHERE id > 100") &&
		  q_int(r, "SELECT count(*) FROM blobs") == 100);
	test_cond("both connections find the database intact", integrity_ok(r) && integrity_ok(w));
out:
	sqlite3_close(w);
	sqlite3_close(r);
}

int main(void)
{
	char dir[] = "/tmp/test_store_wal.XXXXXX";
	struct unitdir *units = test_units();
	char *path;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	path = xasprintf("%s/w.db", dir);
	test_cond("the test directory of 40 units and a group loads", units != NULL);
	if (units) {
		test_same_process(path, units);
		test_other_process(path, units);
		test_kill(path, units);
		test_checkpoints(path, units);
	}
	test_vfs(path);
	remove_db(path);
	rmdir(dir);
	free(path);
	unitdir_free(&units);
	return test_report();
}
