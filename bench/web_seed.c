/*
 * web_seed.c - makes the database the web benchmark serves: 100,000 tasks,
 * each led by one of 2,000 units, so a unit's task list is 50 items.
 * Texts vary: a verb, one of 25 topics (4% of the tasks each), a place, one
 * of 100 (1% each: "xã Tân Lập", searched as "xa tan lap"), and one of four
 * closing phrases.  Deadlines spread over two years around 2026-11-23; 30%
 * of the work is done (on time or a few days late), 10% reported, 5% has
 * no deadline.
 * With --scale N (bench-scale: 10), N times the units, notices and tasks,
 * with several work items per task and recurring periods (see below).
 * Usage: web-seed [--scale N] PATH
 * Rows go in with SQL in one transaction (importing 100,000 tasks through
 * the parser would only measure the import again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/store/store_int.h"
#include "tracker/store/search.h"
#include "bench/bench_db.h"

/* JSON arrays the texts are drawn from. */
#define BENCH_VERBS "'[\"Triển khai\", \"Rà soát\", \"Kiểm tra\", \"Tổng hợp\"," \
	" \"Xây dựng kế hoạch\", \"Đôn đốc\", \"Hoàn thiện hồ sơ\", \"Báo cáo tiến độ\"]'"
#define BENCH_TOPICS "'[\"cải cách hành chính\", \"chuyển đổi số\", \"giải phóng mặt bằng\"," \
	" \"vệ sinh môi trường\", \"phòng chống thiên tai\", \"xây dựng nông thôn mới\"," \
	" \"an toàn giao thông\", \"quản lý đất đai\", \"thu ngân sách\", \"đầu tư công\"," \
	" \"phòng cháy chữa cháy\", \"an toàn thực phẩm\", \"giảm nghèo bền vững\"," \
	" \"bảo hiểm y tế\", \"tiêm chủng mở rộng\", \"chỉnh trang đô thị\", \"cấp nước sạch\"," \
	" \"trật tự xây dựng\", \"quy hoạch sử dụng đất\", \"hỗ trợ doanh nghiệp\"," \
	" \"du lịch cộng đồng\", \"khuyến nông\", \"phổ cập giáo dục\", \"văn hóa cơ sở\"," \
	" \"cải tạo lưới điện\"]'"
#define BENCH_PREFIXES "'[\"xã\", \"phường\", \"thị trấn\", \"thôn\", \"khu phố\"]'"
#define BENCH_PLACES "'[\"Tân Lập\", \"Hòa Bình\", \"Yên Thế\", \"Quang Trung\", \"Đông Hà\"," \
	" \"Minh Khai\", \"Phú Lương\", \"Thạch Bàn\", \"Cẩm Giang\", \"Nghĩa Đô\", \"Hưng Đạo\"," \
	" \"Lê Lợi\", \"An Phú\", \"Vĩnh Niệm\", \"Thanh Xuân\", \"Kim Liên\", \"Đồng Tâm\"," \
	" \"Bình Minh\", \"Trung Sơn\", \"Hải Châu\"]'"
#define BENCH_TAILS "'[\"báo cáo kết quả về Văn phòng\", \"hoàn thành trong kỳ\"," \
	" \"phối hợp các đơn vị liên quan\", \"gửi kết quả cho Sở Nội vụ\"]'"

int main(int argc, char **argv)
{
	struct store *st = NULL;
	struct err err;
	sqlite3 *db = NULL;
	char *sql, *more = NULL;
	const char *path;
	long scale = 1, units, tasks;
	int rc;

	if (argc == 4 && !strcmp(argv[1], "--scale"))
		scale = strtol(argv[2], NULL, 10);
	if ((argc != 2 && argc != 4) || scale < 1 || scale > 100) {
		fprintf(stderr, "usage: web-seed [--scale N] PATH\n");
		return 64;
	}
	path = argv[argc - 1];
	units = 2000 * scale;
	tasks = 100000 * scale;
	if (store_open(path, &st, &err)) {
		fprintf(stderr, "web-seed: %s\n", err.msg);
		return 1;
	}
	store_close(&st);
	bench_db_open(path, &db);
	sql = xasprintf(
		"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; BEGIN;"
		"INSERT INTO units (id, name, email, in_directory, dir_position, created_at)"
		" WITH RECURSIVE u(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM u WHERE i < %ld)"
		" SELECT i, 'Đơn vị ' || i, 'unit' || i || '@bench.example', 1, i, 'x' FROM u;"
		"INSERT INTO notices (id, number, date, imported_at, updated_at)"
		" WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld)"
		" SELECT i, i || '/TB-BENCH', date('2025-01-01', (i %% 600) || ' days'), 'x', 'x' FROM n;"
		"INSERT INTO tasks (id, notice_id, position, ref, text, due, due_kind, created_at, updated_at)"
		" WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM t WHERE i < %ld)"
		" SELECT i, (i - 1) / 100 + 1, i, i, 'Nhiệm vụ số ' || i || ': '"
		" || json_extract(" BENCH_VERBS ", '$[' || (i %% 8) || ']') || ' '"
		" || json_extract(" BENCH_TOPICS ", '$[' || (((i * 40503) >> 4) %% 25) || ']') || ' tại '"
		" || json_extract(" BENCH_PREFIXES ", '$[' || (((i * 2654435761) >> 8) %% 100 / 20) || ']') || ' '"
		" || json_extract(" BENCH_PLACES ", '$[' || (((i * 2654435761) >> 8) %% 20) || ']') || '; '"
		" || json_extract(" BENCH_TAILS ", '$[' || ((i / 7) %% 4) || ']'),"
		" CASE WHEN i %% 20 = 19 THEN NULL"
		"  ELSE date('2026-11-23', ((i * 7919) %% 730 - 365) || ' days') END,"
		" CASE WHEN i %% 20 = 19 THEN NULL ELSE 'by' END, 'x', 'x' FROM t;"
		"INSERT INTO assignments (id, task_id, unit_id, role, created_at, updated_at)"
		" SELECT t.id, t.id, (t.id - 1) %% %ld + 1, 'lead', 'x', 'x' FROM tasks t;"
		"INSERT INTO occurrences (assignment_id, seq, due, due_kind, last_day, eff_last,"
		" state, reported_on, done_on, created_at, updated_at)"
		" SELECT a.id, 0, t.due, t.due_kind, t.due, t.due,"
		" CASE WHEN t.id %% 10 < 3 THEN 'done' WHEN t.id %% 10 = 3 THEN 'reported' ELSE 'open' END,"
		" CASE WHEN t.id %% 10 <= 3 THEN coalesce(date(t.due, ((t.id %% 7) - 4) || ' days'), '2026-01-05') END,"
		" CASE WHEN t.id %% 10 < 3 THEN coalesce(date(t.due, ((t.id %% 7) - 4) || ' days'), '2026-01-05') END,"
		" 'x', 'x' FROM assignments a JOIN tasks t ON t.id = a.task_id;"
		ITEM_COPY_FILL ";"
		"COMMIT; PRAGMA wal_checkpoint(TRUNCATE);",
		units, 1000 * scale, tasks, units);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	/*
	 * At scale, more of what an office holds: every third task has a
	 * second lead and every other one a supporting unit; every twentieth
	 * recurs monthly through 2026 (twelve periods per lead, the first
	 * eight done).
	 */
	if (rc == SQLITE_OK && scale > 1) {
		more = xasprintf(
			"BEGIN;"
			"INSERT OR IGNORE INTO assignments (task_id, unit_id, role, created_at, updated_at)"
			" SELECT id, (id * 7) %% %ld + 1, 'lead', 'x', 'x' FROM tasks WHERE id %% 3 = 0;"
			"INSERT OR IGNORE INTO assignments (task_id, unit_id, role, created_at, updated_at)"
			" SELECT id, (id * 13) %% %ld + 1, 'support', 'x', 'x' FROM tasks WHERE id %% 2 = 0;"
			"INSERT INTO occurrences (assignment_id, seq, due, due_kind, last_day, eff_last,"
			" state, done_on, created_at, updated_at)"
			" SELECT a.id, 0, t.due, t.due_kind, t.due, t.due, 'open', NULL, 'x', 'x'"
			" FROM assignments a JOIN tasks t ON t.id = a.task_id"
			" WHERE a.id > %ld AND a.role = 'lead';"
			"UPDATE tasks SET freq = 'monthly', rrule = 'FREQ=MONTHLY;BYMONTHDAY=5',"
			" due = '2026-01-05', due_kind = 'by', horizon = '2026-12-31' WHERE id %% 20 = 7;"
			"DELETE FROM occurrences WHERE assignment_id IN (SELECT a.id FROM assignments a"
			" JOIN tasks t ON t.id = a.task_id WHERE t.freq IS NOT NULL);"
			"INSERT INTO occurrences (assignment_id, seq, due, due_kind, last_day, eff_last,"
			" state, done_on, created_at, updated_at)"
			" WITH RECURSIVE k(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM k WHERE m < 12)"
			" SELECT a.id, k.m, date('2026-01-05', (k.m - 1) || ' months'), 'by',"
			" date('2026-01-05', (k.m - 1) || ' months'), date('2026-01-05', (k.m - 1) || ' months'),"
			" CASE WHEN k.m <= 8 THEN 'done' ELSE 'open' END,"
			" CASE WHEN k.m <= 8 THEN date('2026-01-03', (k.m - 1) || ' months') END, 'x', 'x'"
			" FROM assignments a JOIN tasks t ON t.id = a.task_id, k"
			" WHERE t.freq IS NOT NULL AND a.role = 'lead' ORDER BY a.id, k.m;"
			ITEM_COPY_FILL " WHERE task_id IS NULL;"
			ITEM_SHOWN_SET("a.id IN (SELECT assignment_id FROM occurrences WHERE seq > 0)") ";"
			"COMMIT; PRAGMA wal_checkpoint(TRUNCATE);",
			units, units, tasks);
		rc = sqlite3_exec(db, more, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "web-seed: %s\n", sqlite3_errmsg(db));
	free(sql);
	free(more);
	sqlite3_close(db);
	/* The search index as the daily run leaves it (schedule.c): merged. */
	if (rc == SQLITE_OK) {
		int steps;
		if (store_open(path, &st, &err) || store_search_tidy(st, STORE_TIDY_DAILY, &steps, &err)) {
			fprintf(stderr, "web-seed: %s\n", err.msg);
			rc = SQLITE_ERROR;
		}
		store_close(&st);
	}
	return rc == SQLITE_OK ? 0 : 1;
}
