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
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/units.h"

#define N_UNITS 40
#define N_TASKS 8
#define N_READERS 4
#define WAL_BOUND (25000LL * 4120)

/* N_UNITS units and a group of all of them: each task is N_UNITS rows. */
static struct unitdir *test_units(void)
{
	struct sbuf sb;
	struct unitdir *u = NULL;
	struct err err;
	int i;

	sbuf_init(&sb, 0);
	sbuf_addf(&sb, "{\"units\": [");
	for (i = 0; i < N_UNITS; i++)
		sbuf_addf(&sb, "%s{\"name\": \"Sở số %d\"}", i ? ", " : "", i + 1);
	sbuf_addf(&sb, "], \"groups\": [{\"name\": \"Các sở, ban, ngành\", \"members\": [");
	for (i = 0; i < N_UNITS; i++)
		sbuf_addf(&sb, "%s\"Sở số %d\"", i ? ", " : "", i + 1);
	sbuf_addf(&sb, "]}]}");
	memset(&err, 0, sizeof(err));
	if (unitdir_load(sb.buf, sb.len, &u, &err))
		u = NULL;
	sbuf_release(&sb);
	return u;
}

/*
 * Notice number k: N_TASKS tasks given to the group, deadlines spread so
 * that the index by deadline is written all over.  `pad` bytes of extra
 * text make its stored version that much larger.
 */
static struct notice *test_notice(int k, size_t pad)
{
	struct notice *n = xcalloc(1, sizeof(*n));
	struct sbuf sb;
	int i;

	n->number = xasprintf("%d/TB-WAL", k);
	n->type = xstrdup("THÔNG BÁO");
	n->issuer = xstrdup("ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN");
	n->date.y = 2025;
	n->date.m = 1 + k % 12;
	n->date.d = 1 + k % 28;
	n->title = xstrdup("Kết luận cuộc họp");
	n->tasks = xcalloc(N_TASKS, sizeof(*n->tasks));
	sbuf_init(&sb, 0);
	sbuf_addf(&sb, "Số: %s\n", n->number);
	for (i = 0; i < N_TASKS; i++) {
		struct notice_task *t = &n->tasks[n->n_tasks++];
		t->ref = xasprintf("%d", i + 1);
		t->text = xasprintf("Các sở, ban, ngành rà soát nội dung số %d của thông báo %d", i, k);
		t->owners = xcalloc(1, sizeof(char *));
		t->owners[t->n_owners++] = xstrdup("Các sở, ban, ngành");
		t->co_owners = xcalloc(1, sizeof(char *));
		t->due.y = 2025 + (k * 7 + i) % 3;
		t->due.m = 1 + (k * 5 + i * 3) % 12;
		t->due.d = 1 + (k * 11 + i) % 28;
		t->due_kind = DUE_BY;
		sbuf_addf(&sb, "%s. %s\n", t->ref, t->text);
	}
	while (pad > 0) {
		size_t step = pad < 60 ? pad : 60;
		sbuf_addf(&sb, "%.*s\n", (int)step - 1,
			  "Nội dung kèm theo để văn bản dài hơn bộ đệm của tệp nhật ký.....");
		pad -= step;
	}
	n->text = sbuf_detach(&sb);
	return n;
}

static int import_k(struct store *s, const struct unitdir *units, int k, size_t pad)
{
	struct store_import_opts opts = {"walload.txt", "test", units, 0, {2025, 1, 1}};
	struct store_import_result r;
	struct err err;
	struct notice *n = test_notice(k, pad);
	int rc;

	memset(&r, 0, sizeof(r));
	rc = store_import(s, n, &opts, &r, &err);
	if (!rc && r.status != STORE_IMPORT_NEW)
		rc = -1;
	if (rc)
		printf("# import %d: %s\n", k, err.msg);
	store_import_result_release(&r);
	notice_free(&n);
	return rc;
}

/* The first integer `sql` gives on `db`; -1 on error. */
static long long q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
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
