/*
 * backup.c - online backup and consistency checks.  See backup.h.
 */
#include "tracker/store/backup.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracker/core/utf8.h"
#include "tracker/store/store_int.h"

/* Pages per backup step: a few MiB, then the lock on the copy is let go. */
#define BACKUP_STEP_PAGES 1024

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The folder of path, for an fsync after the rename. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int store_backup(struct store *s, const char *dest, long *pages, struct err *err)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b = NULL;
	char *tmp = xasprintf("%s.tmp-XXXXXX", dest), *dir = NULL;
	int fd, rc = 0, src, in_tx = 0;

	if (pages)
		*pages = 0;
	if ((fd = mkstemp(tmp)) < 0) {
		rc = err_set(err, ERR_IO, "cannot create a file beside '%s'", dest);
		free(tmp);
		return rc;
	}
	close(fd);
	/* One snapshot for every step: the source's view does not move. */
	if ((rc = sq_exec(s, "BEGIN", err)))
		goto out;
	in_tx = 1;
	if ((rc = sq_exec(s, "SELECT count(*) FROM sqlite_master", err)))
		goto out;
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = err_set(err, ERR_IO, "cannot open '%s': %s", tmp,
			     to ? sqlite3_errmsg(to) : "out of memory");
		goto out;
	}
	if (!(b = sqlite3_backup_init(to, "main", s->db, "main"))) {
		rc = err_set(err, ERR_DB, "backup: %s", sqlite3_errmsg(to));
		goto out;
	}
	do {
		src = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED);
	if (pages)
		*pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK || src != SQLITE_DONE) {
		b = NULL;
		rc = err_set(err, ERR_DB, "backup: %s", sqlite3_errmsg(to));
		goto out;
	}
	b = NULL;
	/* A copy is one file: no -wal beside it to lose on the way. */
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = err_set(err, ERR_DB, "backup: %s", sqlite3_errmsg(to));
		goto out;
	}
	sqlite3_close(to);
	to = NULL;
	if (fsync_path(tmp) || rename(tmp, dest)) {
		rc = err_set(err, ERR_IO, "cannot write '%s'", dest);
		goto out;
	}
	dir = dir_of(dest);
	fsync_path(dir);
out:
	if (b)
		sqlite3_backup_finish(b);
	if (to)
		sqlite3_close(to);
	if (in_tx)
		sq_exec(s, "COMMIT", &(struct err){0});
	if (rc)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rc;
}

/*
 * The program's own rules, each a query of the rows that break it.  Like
 * PRAGMA integrity_check, `tracker check` reads every row on purpose: it
 * is the operator's command after a restore, never run by a request, so
 * the rules marked "bounded scan" below scan their table by design.
 */
static const struct {
	const char *what;
	const char *sql;
} invariants[] = {
	{"work item without its assignment",
	 "SELECT o.id FROM occurrences o LEFT JOIN assignments a ON a.id = o.assignment_id" /* bounded scan: check */
	 " WHERE a.id IS NULL"},
	{"open work item without a unit",
	 "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id" /* bounded scan: check */
	 " LEFT JOIN units u ON u.id = a.unit_id WHERE o.state <> 'done' AND u.id IS NULL"},
	{"assignment without its task",
	 "SELECT a.id FROM assignments a LEFT JOIN tasks t ON t.id = a.task_id WHERE t.id IS NULL"}, /* bounded scan: check */
	{"task without its notice",
	 "SELECT t.id FROM tasks t LEFT JOIN notices n ON n.id = t.notice_id WHERE n.id IS NULL"}, /* bounded scan: check */
	{"task event without its task",
	 "SELECT e.id FROM task_events e LEFT JOIN tasks t ON t.id = e.task_id WHERE t.id IS NULL"}, /* bounded scan: check */
	{"work item whose deadline in force is not the extension's or the notice's",
	 "SELECT id FROM occurrences WHERE eff_last IS NOT coalesce(extended_to, last_day)"}, /* bounded scan: check */
	{"work item whose copy of its task, notice or unit is not the original's",
	 "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id" /* bounded scan: check */
	 ITEM_COPY_JOIN " WHERE (o.task_id, o.notice_id, o.unit_id, o.unit_name, o.unit_email, o.task_ref,"
	 " o.task_text, o.task_freq, o.task_due_text, o.notice_number, o.notice_date)"
	 " IS NOT (" ITEM_COPY_VALUES ")"},
	{"work item live though its assignment or task was dropped, or the reverse",
	 "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id" /* bounded scan: check */
	 " JOIN tasks t ON t.id = a.task_id"
	 " WHERE o.live IS NOT (a.removed_at IS NULL AND t.removed_at IS NULL)"},
	{"work item whose day of being current work is not its series' (shown_from)",
	 "SELECT o.id FROM occurrences o JOIN (SELECT o.id AS id, " ITEM_SHOWN_OF /* bounded scan: check */
	 " AS v FROM occurrences o) x ON x.id = o.id WHERE o.shown_from IS NOT x.v"},
	{"office-wide count that is not a recount of the live work items (occurrence_counts)",
	 "WITH r(" OCC_KEY_COLS ") AS (SELECT " OCC_KEY_SHOWN(o) /* bounded scan: check */
	 " FROM occurrences o WHERE o.live = 1)"
	 " SELECT coalesce(k.day, c.day) FROM (SELECT " OCC_KEY_COLS ", n"
	 " FROM occurrence_counts WHERE n <> 0) k FULL JOIN (SELECT " OCC_KEY_COLS ", count(*) AS n"
	 " FROM r GROUP BY " OCC_KEY_COLS ") c USING (" OCC_KEY_COLS ") WHERE k.n IS NOT c.n"},
	{"office-wide count by month that is not the sum of its days (occurrence_months)",
	 "SELECT coalesce(k.month, c.month) FROM (SELECT * FROM occurrence_months WHERE n <> 0) k"
	 " FULL JOIN (SELECT substr(day, 1, 7) AS month, state, late, on_time, extended, shown,"
	 " sum(n) AS n FROM occurrence_counts GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0) c"
	 " USING (month, state, late, on_time, extended, shown) WHERE k.n IS NOT c.n"},
	{"live work item missing from the search index, or filed under another deadline (item_fts)",
	 "SELECT coalesce(o.id, " ITEM_FTS_ID("d.id") ") FROM (SELECT o.id, " ITEM_FTS_KEY(o) /* bounded scan: check */
	 " AS k FROM occurrences o WHERE o.live = 1) o FULL JOIN item_fts_docsize d ON d.id = o.k"
	 " WHERE o.k IS NULL OR d.id IS NULL"},
	{"syllable of a task's text that the search does not know (task_syllables)",
	 "SELECT DISTINCT t.id FROM tasks t, json_each(vn_syllables(t.text)) j" /* bounded scan: check */
	 " WHERE NOT EXISTS (SELECT 1 FROM task_syllables WHERE syl = j.value)"},
	{"work item done without a day",
	 "SELECT id FROM occurrences WHERE state = 'done' AND done_on IS NULL"}, /* bounded scan: check */
	{"reminder carried by a mail that does not exist",
	 "SELECT r.id FROM reminders r LEFT JOIN mails m ON m.id = r.mail_id" /* bounded scan: check */
	 " WHERE r.mail_id IS NOT NULL AND r.mail_id <> 0 AND m.id IS NULL"},
};

/* Runs sql; each row's first column (up to 5) named in one problem line. */
static int rows_problem(struct store *s, const char *what, const char *sql,
			struct strlist *problems, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct sbuf sb;
	long n = 0;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_dbfail(s, err, what);
	sbuf_init(&sb, 4096);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (n < 5)
			sbuf_addf(&sb, "%s%s", n ? ", " : "", v ? v : "NULL");
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sbuf_release(&sb);
		return sq_dbfail(s, err, what);
	}
	if (n) {
		char *line = xasprintf("%s: %ld (%s%s)", what, n, sb.buf, n > 5 ? ", ..." : "");
		strlist_add(problems, line);
		free(line);
	}
	sbuf_release(&sb);
	return 0;
}

/*
 * Text that is not UTF-8, in any column of any table but the search
 * index's own: the store promises only UTF-8 (tracker/core/utf8.h), and
 * the JSON, CSV and iCalendar writers rely on it.  Tables WITHOUT ROWID
 * (occurrence_counts) hold only values copied from checked ones.
 */
static int text_problems(struct store *s, struct strlist *problems, struct err *err)
{
	sqlite3_stmt *tabs = NULL, *cols = NULL, *rows = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
			       " AND sql NOT LIKE '%WITHOUT ROWID'"
			       " AND name NOT IN (SELECT name || '_data' FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'"
			       "  UNION SELECT name || '_idx' FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'"
			       "  UNION SELECT name || '_content' FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'"
			       "  UNION SELECT name || '_docsize' FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'"
			       "  UNION SELECT name || '_config' FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%')",
			       -1, &tabs, NULL) != SQLITE_OK)
		return sq_dbfail(s, err, "text check");
	while (!rc && sqlite3_step(tabs) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tabs, 0);
		/* bounded scan: check reads every text column of every table. */
		char *q = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q)", t);
		if (sqlite3_prepare_v2(s->db, q, -1, &cols, NULL) != SQLITE_OK)
			rc = sq_dbfail(s, err, "text check");
		sqlite3_free(q);
		while (!rc && sqlite3_step(cols) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(cols, 0);
			long n = 0, first = 0;
			/* bounded scan: check reads every text column of every table. */
			q = sqlite3_mprintf("SELECT rowid, \"%w\" FROM \"%w\" WHERE typeof(\"%w\") = 'text'",
					    c, t, c);
			if (sqlite3_prepare_v2(s->db, q, -1, &rows, NULL) != SQLITE_OK)
				rc = sq_dbfail(s, err, "text check");
			sqlite3_free(q);
			while (!rc && sqlite3_step(rows) == SQLITE_ROW)
				if (!utf8_check((const char *)sqlite3_column_blob(rows, 1),
						(size_t)sqlite3_column_bytes(rows, 1), NULL) && !n++)
					first = (long)sqlite3_column_int64(rows, 0);
			sqlite3_finalize(rows);
			rows = NULL;
			if (n) {
				char *line = xasprintf("text that is not UTF-8 in %s.%s: %ld (row %ld%s)",
						       t, c, n, first, n > 1 ? ", ..." : "");
				strlist_add(problems, line);
				free(line);
			}
		}
		sqlite3_finalize(cols);
		cols = NULL;
	}
	sqlite3_finalize(tabs);
	return rc;
}

int store_check(struct store *s, struct strlist *problems, struct err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	/* integrity_check: one row "ok", or one row per problem. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return sq_dbfail(s, err, "integrity_check");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (v && strcmp(v, "ok")) {
			char *line = xasprintf("integrity: %s", v);
			strlist_add(problems, line);
			free(line);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sq_dbfail(s, err, "integrity_check");
	if ((rc = rows_problem(s, "foreign key broken in table",
			       "SELECT \"table\" || ' row ' || rowid || ' -> ' || parent"
			       " FROM pragma_foreign_key_check", problems, err)))
		return rc;
	for (i = 0; i < sizeof(invariants) / sizeof(invariants[0]); i++)
		if ((rc = rows_problem(s, invariants[i].what, invariants[i].sql, problems, err)))
			return rc;
	if ((rc = text_problems(s, problems, err)))
		return rc;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return sq_dbfail(s, err, "user_version");
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > store_schema_version()) {
		char *line = xasprintf("schema version %d is newer than this program's %d",
				       sqlite3_column_int(st, 0), store_schema_version());
		strlist_add(problems, line);
		free(line);
	}
	sqlite3_finalize(st);
	return 0;
}
