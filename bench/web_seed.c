/*
 * web_seed.c - makes the database the web benchmark serves: 100,000 tasks,
 * each led by one of 2,000 units, so a unit's task list is 50 items.
 * Usage: web-seed PATH
 * Rows go in with SQL in one transaction (importing 100,000 tasks through
 * the parser would only measure the import again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "notices/util.h"
#include "tracker/store/store.h"
#include "bench/bench_db.h"

#define UNITS 2000
#define TASKS 100000

int main(int argc, char **argv)
{
	struct store *st = NULL;
	struct err err;
	sqlite3 *db = NULL;
	char *sql;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: web-seed PATH\n");
		return 64;
	}
	if (store_open(argv[1], &st, &err)) {
		fprintf(stderr, "web-seed: %s\n", err.msg);
		return 1;
	}
	store_close(&st);
	bench_db_open(argv[1], &db);
	sql = xasprintf(
		"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; BEGIN;"
		"INSERT INTO units (id, name, email, in_directory, dir_position, created_at)"
		" WITH RECURSIVE u(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM u WHERE i < %d)"
		" SELECT i, 'Đơn vị ' || i, 'unit' || i || '@bench.example', 1, i, 'x' FROM u;"
		"INSERT INTO notices (id, number, date, imported_at, updated_at)"
		" WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
		" SELECT i, i || '/TB-BENCH', date('2025-01-01', (i %% 600) || ' days'), 'x', 'x' FROM n;"
		"INSERT INTO tasks (id, notice_id, position, ref, text, due, due_kind, created_at, updated_at)"
		" WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM t WHERE i < %d)"
		" SELECT i, (i - 1) / 100 + 1, i, i, 'Nhiệm vụ số ' || i || ': đôn đốc, báo cáo kết quả thực hiện',"
		" date('2026-11-23', ((i * 7919) %% 730 - 365) || ' days'), 'by', 'x', 'x' FROM t;"
		"INSERT INTO assignments (id, task_id, unit_id, role, created_at, updated_at)"
		" SELECT t.id, t.id, (t.id - 1) %% %d + 1, 'lead', 'x', 'x' FROM tasks t;"
		"INSERT INTO occurrences (assignment_id, seq, due, due_kind, last_day, eff_last,"
		" created_at, updated_at) SELECT a.id, 0, t.due, 'by', t.due, t.due, 'x', 'x'"
		" FROM assignments a JOIN tasks t ON t.id = a.task_id;"
		"COMMIT; PRAGMA wal_checkpoint(TRUNCATE);",
		UNITS, TASKS, UNITS);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "web-seed: %s\n", sqlite3_errmsg(db));
	free(sql);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}
