/*
 * schema.c - the database's schema as a list of migrations, and the
 * migration of a database to the newest one.
 */
#include "tracker/store/store_int.h"

#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

/* occurrence_counts' key (OCC_KEY(), store_int.h) is row X's. */
#define OCC_KEY_IS(X) "(day, state, late, on_time, extended) = (" OCC_KEY(X) ")"
/* One more for row X's key when X is a live first period.  (Not an upsert:
 * inside life.c's occurrence upserts the outer statement's conflict
 * handling would apply to it.) */
#define OCC_COUNT_ADD(X)                                                                \
	"  INSERT INTO occurrence_counts SELECT " OCC_KEY(X) ", 0"                      \
	"   WHERE " #X ".live = 1 AND " #X ".seq = 0 AND NOT EXISTS"                     \
	"   (SELECT 1 FROM occurrence_counts WHERE " OCC_KEY_IS(X) ");"                  \
	"  UPDATE occurrence_counts SET n = n + 1"                                       \
	"   WHERE " #X ".live = 1 AND " #X ".seq = 0 AND " OCC_KEY_IS(X) ";"

/* The same for the counts of every live item (migration 23). */
#define OCC_KEY_SHOWN_IS(X) "(" OCC_KEY_COLS ") = (" OCC_KEY_SHOWN(X) ")"
#define OCC_SHOWN_ADD(X)                                                                \
	"  INSERT INTO occurrence_counts SELECT " OCC_KEY_SHOWN(X) ", 0"                \
	"   WHERE " #X ".live = 1 AND NOT EXISTS"                                        \
	"   (SELECT 1 FROM occurrence_counts WHERE " OCC_KEY_SHOWN_IS(X) ");"            \
	"  UPDATE occurrence_counts SET n = n + 1"                                       \
	"   WHERE " #X ".live = 1 AND " OCC_KEY_SHOWN_IS(X) ";"

/*
 * Migration i brings the schema from user_version i to i+1 and sets
 * user_version itself, so the version moves in the same transaction as the
 * tables.  Append new migrations; never edit a released one.
 */
static const char *const migrations[] = {
	/* 1: notices, versions, units, tasks, assignments, history (issue 2). */
	"CREATE TABLE notices ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT,"                 /* '2849/TB-VP'; NULL when left blank */
	"  type TEXT, issuer TEXT, place TEXT,"
	"  date TEXT,"                   /* 'YYYY-MM-DD'; NULL when the day is blank */
	"  date_year INTEGER, date_month INTEGER," /* kept when the day is blank */
	"  title TEXT, signer TEXT,"
	"  meeting_date TEXT, presider TEXT,"
	"  imported_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX notices_number ON notices(number);"
	/* Every text ever imported for a notice; the last is current. */
	"CREATE TABLE notice_versions ("
	"  id INTEGER PRIMARY KEY,"
	"  notice_id INTEGER NOT NULL REFERENCES notices(id),"
	"  version INTEGER NOT NULL,"
	"  source_name TEXT,"
	"  source_text TEXT NOT NULL,"   /* normalised: NFC, LF, no BOM */
	"  content_hash INTEGER NOT NULL," /* FNV-1a of source_text, 63 bits */
	"  imported_at TEXT NOT NULL,"
	"  UNIQUE (notice_id, version));"
	"CREATE INDEX notice_versions_hash ON notice_versions(content_hash);"
	"CREATE TABLE notice_events ("
	"  id INTEGER PRIMARY KEY,"
	"  notice_id INTEGER NOT NULL REFERENCES notices(id),"
	"  kind TEXT NOT NULL, actor TEXT, at TEXT NOT NULL, note TEXT,"
	"  data TEXT CHECK (data IS NULL OR json_valid(data)));"
	"CREATE INDEX notice_events_notice ON notice_events(notice_id, id);"
	/* Units of the directory and names met in notices (in_directory 0). */
	"CREATE TABLE units ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  email TEXT,"
	"  is_group INTEGER NOT NULL DEFAULT 0 CHECK (is_group IN (0, 1)),"
	"  in_directory INTEGER NOT NULL DEFAULT 0 CHECK (in_directory IN (0, 1)),"
	"  dir_position INTEGER,"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE unit_aliases ("
	"  alias TEXT NOT NULL,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (alias, unit_id));"
	"CREATE INDEX unit_aliases_unit ON unit_aliases(unit_id);"
	"CREATE TABLE group_members ("
	"  group_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
	"  member_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (group_id, member_id));"
	"CREATE TABLE unknown_units ("
	"  unit_id INTEGER PRIMARY KEY REFERENCES units(id),"
	"  first_seen_notice INTEGER REFERENCES notices(id),"
	"  count INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE tasks ("
	"  id INTEGER PRIMARY KEY,"
	"  notice_id INTEGER NOT NULL REFERENCES notices(id),"
	"  position INTEGER NOT NULL,"   /* order in the current version */
	"  ref TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  line INTEGER, span_start INTEGER, span_end INTEGER,"
	"  due TEXT,"                    /* the date as written, 'YYYY-MM-DD' */
	"  due_kind TEXT CHECK (due_kind IN ('before', 'by', 'within')),"
	"  due_text TEXT,"
	"  freq TEXT, rrule TEXT,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  removed_at TEXT);"            /* dropped by a corrected version */
	"CREATE INDEX tasks_notice ON tasks(notice_id, position);"
	"CREATE INDEX tasks_due ON tasks(due);"
	/*
	 * One row per (task, unit): one lead per assignment as Decree 39/2022
	 * wants.  state, reported_on, done_on and extended_due were meant for
	 * the task lifecycle, which migration 2 keeps per occurrence instead:
	 * every assignment stays 'open'.
	 */
	"CREATE TABLE assignments ("
	"  id INTEGER PRIMARY KEY,"
	"  task_id INTEGER NOT NULL REFERENCES tasks(id),"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  role TEXT NOT NULL CHECK (role IN ('lead', 'support')),"
	"  via_group_id INTEGER REFERENCES units(id),"
	"  state TEXT NOT NULL DEFAULT 'open',"
	"  reported_on TEXT, done_on TEXT, extended_due TEXT,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  removed_at TEXT,"
	"  UNIQUE (task_id, unit_id));"
	"CREATE INDEX assignments_unit ON assignments(unit_id);"
	"CREATE INDEX assignments_group ON assignments(via_group_id);"
	"CREATE TABLE task_events ("
	"  id INTEGER PRIMARY KEY,"
	"  task_id INTEGER NOT NULL REFERENCES tasks(id),"
	"  assignment_id INTEGER REFERENCES assignments(id),"
	"  kind TEXT NOT NULL, actor TEXT, at TEXT NOT NULL, note TEXT,"
	"  data TEXT CHECK (data IS NULL OR json_valid(data)));"
	"CREATE INDEX task_events_task ON task_events(task_id, id);"
	"CREATE INDEX task_events_assignment ON task_events(assignment_id);"
	"PRAGMA user_version = 1;",

	/*
	 * 2: the task lifecycle (issue 3).  The unit of status is an
	 * occurrence: one per lead assignment of a one-off task (seq 0), one
	 * per period of a recurring one (seq 1, 2, ...).  The assignments'
	 * state/reported_on/done_on/extended_due columns of migration 1 are
	 * superseded by it and stay unused.  eff_last is the last allowed day
	 * in force (the extension's, else the notice's), kept in the row so
	 * the reminder scan is one range over a partial index.
	 */
	"CREATE TABLE occurrences ("
	"  id INTEGER PRIMARY KEY,"
	"  assignment_id INTEGER NOT NULL REFERENCES assignments(id),"
	"  seq INTEGER NOT NULL,"
	"  due TEXT, due_kind TEXT,"     /* this period's deadline as the notice means it */
	"  last_day TEXT,"               /* from the notice; NULL: no deadline */
	"  extended_to TEXT,"            /* approved extension: the new last allowed day */
	"  eff_last TEXT,"               /* coalesce(extended_to, last_day) */
	"  requested_to TEXT, request_reason TEXT," /* an extension awaiting the office */
	"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reported', 'done')),"
	"  reported_on TEXT, done_on TEXT,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  UNIQUE (assignment_id, seq));"
	"CREATE INDEX occurrences_open ON occurrences(eff_last) WHERE state <> 'done';"
	/* Recurring tasks: occurrences exist up to this day. */
	"ALTER TABLE tasks ADD COLUMN horizon TEXT;"
	"ALTER TABLE task_events ADD COLUMN occurrence_id INTEGER REFERENCES occurrences(id);"
	/*
	 * Every mail is rendered once and kept with its exact bytes, so a
	 * retry sends the same message (same Message-ID).  key names mails
	 * that must exist once ("weekly:2026-W48:12"); NULL for reminders,
	 * whose own rows say which mail carried them.
	 */
	"CREATE TABLE mails ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT UNIQUE,"
	"  kind TEXT NOT NULL,"          /* 'remind', 'escalate', 'weekly', 'weekly_office' */
	"  unit_id INTEGER REFERENCES units(id),"
	"  rcpt TEXT NOT NULL,"
	"  sender TEXT NOT NULL,"
	"  message_id TEXT NOT NULL,"
	"  message BLOB NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT, sent_at TEXT);"
	"CREATE INDEX mails_pending ON mails(id) WHERE status = 'pending';"
	/*
	 * One row per reminder decided: (occurrence, kind, slot) is unique, so
	 * a reminder is decided once whatever happens to the process; slot is
	 * days relative to the last allowed day (-7, -1, 0, 7, 14, ...).
	 */
	"CREATE TABLE reminders ("
	"  id INTEGER PRIMARY KEY,"
	"  occurrence_id INTEGER NOT NULL REFERENCES occurrences(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('before', 'due', 'overdue', 'escalate')),"
	"  slot INTEGER NOT NULL,"
	"  decided_on TEXT NOT NULL,"
	"  mail_id INTEGER REFERENCES mails(id),"  /* the mail that carries it */
	"  skipped INTEGER NOT NULL DEFAULT 0,"     /* 1: the unit has no address */
	"  UNIQUE (occurrence_id, kind, slot));"
	"CREATE INDEX reminders_mail ON reminders(mail_id);"
	"PRAGMA user_version = 2;",

	/*
	 * 3: the web (issue 4).  Users log in with a password hashed by
	 * libcrypt (the hash string carries its method and salt).  Sessions
	 * and tokens are stored as SHA-256 of the random secret, so a copy of
	 * the database lets nobody in.  Drafts are notices pasted or uploaded
	 * in the dashboard, parsed for the clerk to correct before they are
	 * stored.  task_fts indexes task text for search: unicode61 drops
	 * tone marks but keeps "đ", so vn_fold() (registered by store_open)
	 * maps đ to d on the way in, and the query does the same.
	 */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  role TEXT NOT NULL CHECK (role IN ('office', 'unit', 'viewer')),"
	"  unit_id INTEGER REFERENCES units(id),"
	"  pw_hash TEXT NOT NULL,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  CHECK ((role = 'unit') = (unit_id IS NOT NULL)));"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  created_at TEXT NOT NULL,"
	"  expires INTEGER NOT NULL);"     /* unix time */
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE drafts ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  source_name TEXT NOT NULL, source_text TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  notice_id INTEGER REFERENCES notices(id));"  /* set when committed */
	"CREATE VIRTUAL TABLE task_fts USING fts5(text,"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO task_fts (rowid, text) SELECT id, vn_fold(text) FROM tasks;"
	"CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN"
	"  INSERT INTO task_fts (rowid, text) VALUES (new.id, vn_fold(new.text)); END;"
	"CREATE TRIGGER tasks_fts_update AFTER UPDATE OF text ON tasks BEGIN"
	"  UPDATE task_fts SET text = vn_fold(new.text) WHERE rowid = new.id; END;"
	"CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN"
	"  DELETE FROM task_fts WHERE rowid = old.id; END;"
	"PRAGMA user_version = 3;",

	/*
	 * 4: occurrences rebuilt with its state CHECK written as comparisons.
	 * SQLite (3.40) tests an IN list of three or more constants inside a
	 * CHECK by building a throwaway b-tree for every row written.  Same
	 * columns, rows and ids; the index is recreated.
	 * SQLite's table-rebuild procedure: sq_migrate() runs this with foreign
	 * keys off and checks them before commit.  A migration that adds a
	 * column to occurrences must come after this one.
	 */
	"CREATE TABLE occurrences_v4 ("
	"  id INTEGER PRIMARY KEY,"
	"  assignment_id INTEGER NOT NULL REFERENCES assignments(id),"
	"  seq INTEGER NOT NULL,"
	"  due TEXT, due_kind TEXT,"
	"  last_day TEXT,"
	"  extended_to TEXT,"
	"  eff_last TEXT,"
	"  requested_to TEXT, request_reason TEXT,"
	"  state TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (state = 'open' OR state = 'reported' OR state = 'done'),"
	"  reported_on TEXT, done_on TEXT,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  UNIQUE (assignment_id, seq));"
	"INSERT INTO occurrences_v4 (id, assignment_id, seq, due, due_kind, last_day,"
	"  extended_to, eff_last, requested_to, request_reason, state, reported_on, done_on,"
	"  created_at, updated_at)"
	" SELECT id, assignment_id, seq, due, due_kind, last_day, extended_to, eff_last,"
	"  requested_to, request_reason, state, reported_on, done_on, created_at, updated_at"
	" FROM occurrences ORDER BY id;"
	"DROP TABLE occurrences;"
	"ALTER TABLE occurrences_v4 RENAME TO occurrences;"
	"CREATE INDEX occurrences_open ON occurrences(eff_last) WHERE state <> 'done';"
	"PRAGMA user_version = 4;",

	/*
	 * 5: what the last reminder run saw, so that the next one records
	 * only the reminders that run could not have decided (remind.c).
	 * remind_runs: one row, the day and rules of the last committed run
	 * and the largest occurrence id it saw (newer work has a larger id;
	 * deleting an occurrence lowers the mark, since SQLite may give its
	 * id again).  remind_changed: work changed since that run in a way
	 * that can make a reminder of an old slot due (reopened, deadline
	 * moved, assignment or task restored by a corrected notice), kept by
	 * triggers so that no writer can forget it; the run empties it.
	 */
	"CREATE TABLE remind_runs ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  day TEXT NOT NULL,"            /* the --today of the run */
	"  rules TEXT NOT NULL,"          /* the rules it applied, as remind.c words them */
	"  mark INTEGER NOT NULL);"       /* occurrences up to this id were seen */
	"CREATE TABLE remind_changed (occurrence_id INTEGER PRIMARY KEY);"
	"CREATE TRIGGER remind_changed_occ AFTER UPDATE OF state, eff_last ON occurrences"
	" WHEN new.state = 'open' AND (old.state <> 'open' OR new.eff_last IS NOT old.eff_last)"
	" BEGIN INSERT OR IGNORE INTO remind_changed VALUES (new.id); END;"
	"CREATE TRIGGER remind_changed_gone AFTER DELETE ON occurrences"
	" BEGIN UPDATE remind_runs SET mark = min(mark, old.id - 1);"
	" DELETE FROM remind_changed WHERE occurrence_id = old.id; END;"
	"CREATE TRIGGER remind_changed_assignment AFTER UPDATE OF removed_at ON assignments"
	" WHEN old.removed_at IS NOT NULL AND new.removed_at IS NULL"
	" BEGIN INSERT OR IGNORE INTO remind_changed"
	" SELECT id FROM occurrences WHERE assignment_id = new.id; END;"
	"CREATE TRIGGER remind_changed_task AFTER UPDATE OF removed_at ON tasks"
	" WHEN old.removed_at IS NOT NULL AND new.removed_at IS NULL"
	" BEGIN INSERT OR IGNORE INTO remind_changed SELECT o.id FROM occurrences o"
	" JOIN assignments a ON a.id = o.assignment_id WHERE a.task_id = new.id; END;"
	"PRAGMA user_version = 5;",

	/*
	 * 6: calendar feeds (issue 5).  feed_tokens keeps the SHA-256 of each
	 * token handed out, never the token; a rotated or revoked one stays
	 * (ended_at) so that it answers "gone", not "unknown".
	 *
	 * What a feed shows changes only through writes to occurrences, tasks,
	 * assignments and notices, so triggers count, in units.feed_gen and
	 * notices.feed_gen, the writes each unit's and notice's feed can show
	 * (feed_changed: the last one's time).  A feed's ETag then costs one
	 * row (the office's feed: the sums over the units, a few hundred rows).
	 * In occurrences, rev counts the changes of deadline or workflow state
	 * (the events' SEQUENCE) and changed_at is the last change of anything
	 * an event shows (its LAST-MODIFIED).  feed_meta.db_uid makes event
	 * UIDs unique across databases.
	 */
	"CREATE TABLE feed_tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  hash BLOB NOT NULL UNIQUE,"
	"  scope TEXT NOT NULL CHECK (scope IN ('unit', 'office', 'notice')),"
	"  unit_id INTEGER REFERENCES units(id),"
	"  notice_id INTEGER REFERENCES notices(id),"
	"  created_at TEXT NOT NULL,"
	"  ended_at TEXT,"
	"  ended_how TEXT CHECK (ended_how IN ('rotated', 'revoked')));"
	"CREATE UNIQUE INDEX feed_tokens_live ON feed_tokens"
	"  (scope, coalesce(unit_id, 0), coalesce(notice_id, 0)) WHERE ended_at IS NULL;"
	"CREATE TABLE feed_meta (id INTEGER PRIMARY KEY CHECK (id = 1), db_uid TEXT NOT NULL);"
	"INSERT INTO feed_meta (id, db_uid) VALUES (1, lower(hex(randomblob(6))));"
	"ALTER TABLE units ADD COLUMN feed_gen INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE units ADD COLUMN feed_changed TEXT;"
	"ALTER TABLE notices ADD COLUMN feed_gen INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE notices ADD COLUMN feed_changed TEXT;"
	"ALTER TABLE occurrences ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE occurrences ADD COLUMN changed_at TEXT;"
	"UPDATE occurrences SET changed_at = updated_at;"
	"CREATE TRIGGER feed_occ_insert AFTER INSERT ON occurrences BEGIN"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.created_at)"
	"   WHERE id = (SELECT unit_id FROM assignments WHERE id = NEW.assignment_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.created_at)"
	"   WHERE id = (SELECT t.notice_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE a.id = NEW.assignment_id);"
	"END;"
	"CREATE TRIGGER feed_occ_delete AFTER DELETE ON occurrences BEGIN"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
	"   WHERE id = (SELECT unit_id FROM assignments WHERE id = OLD.assignment_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
	"   WHERE id = (SELECT t.notice_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE a.id = OLD.assignment_id);"
	"END;"
	"CREATE TRIGGER feed_occ_update AFTER UPDATE OF due, due_kind, last_day, extended_to,"
	"  state, reported_on, done_on ON occurrences"
	"  WHEN NEW.due IS NOT OLD.due OR NEW.due_kind IS NOT OLD.due_kind"
	"  OR NEW.last_day IS NOT OLD.last_day OR NEW.extended_to IS NOT OLD.extended_to"
	"  OR NEW.state IS NOT OLD.state OR NEW.reported_on IS NOT OLD.reported_on"
	"  OR NEW.done_on IS NOT OLD.done_on BEGIN"
	"  UPDATE occurrences SET rev = rev + 1, changed_at = NEW.updated_at WHERE id = NEW.id;"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id = (SELECT unit_id FROM assignments WHERE id = NEW.assignment_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id = (SELECT t.notice_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE a.id = NEW.assignment_id);"
	"END;"
	/* Wording: the task's text, its units, its notice's number and date. */
	"CREATE TRIGGER feed_task_update AFTER UPDATE OF ref, text, due_text, removed_at ON tasks"
	"  WHEN NEW.ref IS NOT OLD.ref OR NEW.text IS NOT OLD.text"
	"  OR NEW.due_text IS NOT OLD.due_text OR NEW.removed_at IS NOT OLD.removed_at BEGIN"
	"  UPDATE occurrences SET changed_at = max(coalesce(changed_at, ''), NEW.updated_at)"
	"   WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = NEW.id);"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id IN (SELECT unit_id FROM assignments WHERE task_id = NEW.id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id = NEW.notice_id;"
	"END;"
	/* A new task's assignments come before its occurrences: nothing to show yet. */
	"CREATE TRIGGER feed_assignment_insert AFTER INSERT ON assignments"
	"  WHEN EXISTS (SELECT 1 FROM assignments a JOIN occurrences o ON o.assignment_id = a.id"
	"   WHERE a.task_id = NEW.task_id) BEGIN"
	"  UPDATE occurrences SET changed_at = max(coalesce(changed_at, ''), NEW.updated_at)"
	"   WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = NEW.task_id);"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id IN (SELECT unit_id FROM assignments WHERE task_id = NEW.task_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id = (SELECT notice_id FROM tasks WHERE id = NEW.task_id);"
	"END;"
	"CREATE TRIGGER feed_assignment_update AFTER UPDATE OF role, via_group_id, removed_at"
	"  ON assignments WHEN NEW.role IS NOT OLD.role OR NEW.via_group_id IS NOT OLD.via_group_id"
	"  OR NEW.removed_at IS NOT OLD.removed_at BEGIN"
	"  UPDATE occurrences SET changed_at = max(coalesce(changed_at, ''), NEW.updated_at)"
	"   WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = NEW.task_id);"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id IN (SELECT unit_id FROM assignments WHERE task_id = NEW.task_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id = (SELECT notice_id FROM tasks WHERE id = NEW.task_id);"
	"END;"
	"CREATE TRIGGER feed_notice_update AFTER UPDATE OF number, date ON notices"
	"  WHEN NEW.number IS NOT OLD.number OR NEW.date IS NOT OLD.date BEGIN"
	"  UPDATE occurrences SET changed_at = max(coalesce(changed_at, ''), NEW.updated_at)"
	"   WHERE assignment_id IN (SELECT a.id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE t.notice_id = NEW.id);"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id IN (SELECT a.unit_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE t.notice_id = NEW.id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at) WHERE id = NEW.id;"
	"END;"
	"PRAGMA user_version = 6;",

	/*
	 * 7: cheaper import of a new notice.  While store_import() writes
	 * a new notice it keeps a row in import_batch (inside its
	 * transaction only, so no other writer ever sees it), and the
	 * row-level triggers below stand aside: the import does their work
	 * once, set-based, for the whole notice before it commits
	 * (import_stamp() in import.c).  Per row they were dear: the FTS5
	 * insert made every later statement of the transaction flush
	 * FTS5's pending terms (a statement savepoint does), a segment per
	 * task; the feed stamps ran two UPDATEs per occurrence.  Every
	 * other write path, corrected versions included, still goes
	 * through the triggers.
	 */
	"CREATE TABLE import_batch ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  notice_id INTEGER NOT NULL);"  /* the new notice being written */
	"DROP TRIGGER tasks_fts_insert;"
	"CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  INSERT INTO task_fts (rowid, text) VALUES (new.id, vn_fold(new.text)); END;"
	"DROP TRIGGER feed_occ_insert;"
	"CREATE TRIGGER feed_occ_insert AFTER INSERT ON occurrences"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.created_at)"
	"   WHERE id = (SELECT unit_id FROM assignments WHERE id = NEW.assignment_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.created_at)"
	"   WHERE id = (SELECT t.notice_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE a.id = NEW.assignment_id);"
	"END;"
	/* A new notice's tasks have no occurrences when their assignments are written. */
	"DROP TRIGGER feed_assignment_insert;"
	"CREATE TRIGGER feed_assignment_insert AFTER INSERT ON assignments"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch)"
	"  AND EXISTS (SELECT 1 FROM assignments a JOIN occurrences o ON o.assignment_id = a.id"
	"   WHERE a.task_id = NEW.task_id) BEGIN"
	"  UPDATE occurrences SET changed_at = max(coalesce(changed_at, ''), NEW.updated_at)"
	"   WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = NEW.task_id);"
	"  UPDATE units SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id IN (SELECT unit_id FROM assignments WHERE task_id = NEW.task_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1,"
	"   feed_changed = max(coalesce(feed_changed, ''), NEW.updated_at)"
	"   WHERE id = (SELECT notice_id FROM tasks WHERE id = NEW.task_id);"
	"END;"
	"PRAGMA user_version = 7;",

	/*
	 * 8: cheaper import, nothing read differently.  Two indexes that
	 * no query uses (the plans of all the statements the tests prepare
	 * are the same without them): assignments(via_group_id), whose
	 * queries all reach assignments by task first, and tasks(due),
	 * whose one filter is written "?2 IS NULL OR t.due >= ?2" and so
	 * scans by notice.  Each was a b-tree insert per row and pages in
	 * every import's commit.  A unit's row is never deleted, the one
	 * case the first would have served (the foreign key check of its
	 * children).  FTS5 merges a level's segments when 8 have piled up
	 * instead of 4: each flushed term is rewritten about half as
	 * often, and a search reads at most 7 segments per level instead
	 * of 3, over a few levels.
	 */
	"DROP INDEX assignments_group;"
	"DROP INDEX tasks_due;"
	"INSERT INTO task_fts (task_fts, rank) VALUES ('automerge', 8);"
	"PRAGMA user_version = 8;",

	/*
	 * 9: the units file and what the office learns kept apart (issue 12).
	 * The file owns names, the aliases it lists, groups and addresses; a
	 * sync replaces only rows whose source is 'directory'.  An alias the
	 * office teaches in the dashboard has source 'office' and outlives
	 * every sync.  directory_sync names the file the directory was last
	 * synced from and the SHA-256 of its bytes: a command syncs only when
	 * the content changed, and a fallback file never replaces a directory
	 * that came from another one.
	 */
	"ALTER TABLE unit_aliases ADD COLUMN source TEXT NOT NULL DEFAULT 'directory'"
	"  CHECK (source IN ('directory', 'office'));"
	"CREATE TABLE directory_sync ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"        /* lowercase hex */
	"  synced_at TEXT NOT NULL);"
	"PRAGMA user_version = 9;",

	/*
	 * 10: indexes for the plans tests/plans.py checks.
	 * task_events(occurrence_id): pruning a corrected notice's work asks
	 * whether each item has history.  assignments(via_group_id), for the
	 * rows given through a group only: `list --unit GROUP`.
	 * occurrences(eff_last): a deadline range over all work, done or not
	 * (the open work's range has occurrences_open).  tasks_recurring: the
	 * daily extension of recurring series reads only those tasks.
	 */
	"-- branch perfq: indexes for the plans tests/plans.py checks\n"
	"CREATE INDEX task_events_occurrence ON task_events(occurrence_id)"
	"  WHERE occurrence_id IS NOT NULL;"
	"CREATE INDEX assignments_group ON assignments(via_group_id)"
	"  WHERE via_group_id IS NOT NULL;"
	"CREATE INDEX occurrences_last ON occurrences(eff_last);"
	"CREATE INDEX tasks_recurring ON tasks(id)"
	"  WHERE removed_at IS NULL AND freq IS NOT NULL AND freq <> 'periodic';"
	"PRAGMA user_version = 10;",

	/*
	 * 11: an extension asked (requested_to, request_reason) shows in the
	 * task lists, so it moves the unit's and the notice's feed_gen too,
	 * the generation the server's response cache compares for a unit's or
	 * a notice's list (store_work_gen()).  A feed then answers with a new
	 * ETag and the same events, once.
	 */
	"-- branch perfq: extension requests move the work generation\n"
	"CREATE TRIGGER work_occ_request AFTER UPDATE OF requested_to, request_reason"
	"  ON occurrences WHEN NEW.requested_to IS NOT OLD.requested_to"
	"  OR NEW.request_reason IS NOT OLD.request_reason BEGIN"
	"  UPDATE units SET feed_gen = feed_gen + 1"
	"   WHERE id = (SELECT unit_id FROM assignments WHERE id = NEW.assignment_id);"
	"  UPDATE notices SET feed_gen = feed_gen + 1"
	"   WHERE id = (SELECT t.notice_id FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"    WHERE a.id = NEW.assignment_id);"
	"END;"
	"PRAGMA user_version = 11;",

	/*
	 * 12: office-wide lists count from an index.  occurrences.live is 1
	 * while the item's assignment and task are both live (not dropped by
	 * a corrected version), kept by the two triggers below, so that "how
	 * many items are overdue" reads one index range instead of joining
	 * every item to its assignment and task.  occurrences_live is in the
	 * lists' order (deadline, then id) and covers every filter they have
	 * (status, flags, deadline range, the next period of a series), so a
	 * count or a page's ids are read from it alone.
	 */
	"-- branch perfq: occurrences.live and the index the office-wide counts read\n"
	"ALTER TABLE occurrences ADD COLUMN live INTEGER NOT NULL DEFAULT 1;"
	"UPDATE occurrences SET live = 0 WHERE assignment_id IN (SELECT a.id FROM assignments a"
	"  JOIN tasks t ON t.id = a.task_id"
	"  WHERE a.removed_at IS NOT NULL OR t.removed_at IS NOT NULL);"
	"CREATE TRIGGER live_assignment AFTER UPDATE OF removed_at ON assignments"
	"  WHEN NEW.removed_at IS NOT OLD.removed_at BEGIN"
	"  UPDATE occurrences SET live = (NEW.removed_at IS NULL"
	"   AND (SELECT removed_at IS NULL FROM tasks WHERE id = NEW.task_id))"
	"   WHERE assignment_id = NEW.id;"
	"END;"
	"CREATE TRIGGER live_task AFTER UPDATE OF removed_at ON tasks"
	"  WHEN NEW.removed_at IS NOT OLD.removed_at BEGIN"
	"  UPDATE occurrences SET live = (NEW.removed_at IS NULL AND (SELECT a.removed_at IS NULL"
	"   FROM assignments a WHERE a.id = occurrences.assignment_id))"
	"   WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = NEW.id);"
	"END;"
	"CREATE INDEX occurrences_live ON occurrences(eff_last, id, state, done_on, extended_to,"
	"  last_day, seq, assignment_id) WHERE live = 1;"
	"PRAGMA user_version = 12;",

	/*
	 * 13: the office known by the store.  units.is_office flags the unit
	 * the units file names as "office" (the Văn phòng that drafts the
	 * urging letters and receives the weekly report), so a command run
	 * without the file still knows it.  The recorded hash is cleared so
	 * the next command that reads the same file syncs it and sets the flag.
	 */
	"-- branch docs2: units.is_office, the office known without the units file\n"
	"ALTER TABLE units ADD COLUMN is_office INTEGER NOT NULL DEFAULT 0"
	"  CHECK (is_office IN (0, 1));"
	"UPDATE directory_sync SET sha256 = '';"
	"PRAGMA user_version = 13;",

	/*
	 * 14: edits after saving (issue 14).  rev counts the changes of a
	 * task (its text, deadline, recurrence, units) and of a notice's
	 * metadata, so a client that edits says which one it read and a
	 * stale edit is refused (409).  Triggers count them, so that edits,
	 * corrected versions and merges all move it; a new notice's own
	 * writes (import_batch) start it at 1.  An alias the office learns
	 * (unit_aliases.source 'office') records who added it and when.
	 */
	"-- branch edit: rev of tasks and notices for edits\n"
	"ALTER TABLE tasks ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE notices ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;"
	"CREATE TRIGGER tasks_rev AFTER UPDATE OF ref, text, due, due_kind, freq, rrule, removed_at"
	"  ON tasks WHEN NEW.ref IS NOT OLD.ref OR NEW.text IS NOT OLD.text"
	"  OR NEW.due IS NOT OLD.due OR NEW.due_kind IS NOT OLD.due_kind"
	"  OR NEW.freq IS NOT OLD.freq OR NEW.rrule IS NOT OLD.rrule"
	"  OR NEW.removed_at IS NOT OLD.removed_at BEGIN"
	"  UPDATE tasks SET rev = rev + 1 WHERE id = NEW.id; END;"
	"CREATE TRIGGER assignments_rev_insert AFTER INSERT ON assignments"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE tasks SET rev = rev + 1 WHERE id = NEW.task_id; END;"
	"CREATE TRIGGER assignments_rev_update AFTER UPDATE OF unit_id, role, removed_at"
	"  ON assignments WHEN NEW.unit_id IS NOT OLD.unit_id OR NEW.role IS NOT OLD.role"
	"  OR NEW.removed_at IS NOT OLD.removed_at BEGIN"
	"  UPDATE tasks SET rev = rev + 1 WHERE id = NEW.task_id; END;"
	"CREATE TRIGGER notices_rev AFTER UPDATE OF number, date, type, title, signer ON notices"
	"  WHEN NEW.number IS NOT OLD.number OR NEW.date IS NOT OLD.date"
	"  OR NEW.type IS NOT OLD.type OR NEW.title IS NOT OLD.title"
	"  OR NEW.signer IS NOT OLD.signer BEGIN"
	"  UPDATE notices SET rev = rev + 1 WHERE id = NEW.id; END;"
	"CREATE TRIGGER notice_versions_rev AFTER INSERT ON notice_versions"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE notices SET rev = rev + 1 WHERE id = NEW.notice_id; END;"
	/* Who taught the office an alias, and when (source 'office'). */
	"ALTER TABLE unit_aliases ADD COLUMN added_by TEXT;"
	"ALTER TABLE unit_aliases ADD COLUMN added_at TEXT;"
	/*
	 * The remind_changed triggers of migration 5 written without OR
	 * IGNORE: inside an upsert's DO UPDATE (life.c's occurrence upserts)
	 * SQLite applies the outer statement's conflict handling to the
	 * trigger's INSERT, so a second deadline change before a reminder run
	 * (an edit, then a corrected version) failed on the unique key.
	 */
	"DROP TRIGGER remind_changed_occ;"
	"CREATE TRIGGER remind_changed_occ AFTER UPDATE OF state, eff_last ON occurrences"
	" WHEN new.state = 'open' AND (old.state <> 'open' OR new.eff_last IS NOT old.eff_last)"
	" BEGIN INSERT INTO remind_changed SELECT new.id WHERE NOT EXISTS"
	" (SELECT 1 FROM remind_changed WHERE occurrence_id = new.id); END;"
	"DROP TRIGGER remind_changed_assignment;"
	"CREATE TRIGGER remind_changed_assignment AFTER UPDATE OF removed_at ON assignments"
	" WHEN old.removed_at IS NOT NULL AND new.removed_at IS NULL"
	" BEGIN INSERT INTO remind_changed SELECT id FROM occurrences WHERE assignment_id = new.id"
	" AND id NOT IN (SELECT occurrence_id FROM remind_changed); END;"
	"DROP TRIGGER remind_changed_task;"
	"CREATE TRIGGER remind_changed_task AFTER UPDATE OF removed_at ON tasks"
	" WHEN old.removed_at IS NOT NULL AND new.removed_at IS NULL"
	" BEGIN INSERT INTO remind_changed SELECT o.id FROM occurrences o"
	" JOIN assignments a ON a.id = o.assignment_id WHERE a.task_id = new.id"
	" AND o.id NOT IN (SELECT occurrence_id FROM remind_changed); END;"
	/* A draft being committed: one commit at a time stores it. */
	"ALTER TABLE drafts ADD COLUMN claimed_at TEXT;"
	/* A merge of units moves the queued mail of FROM (tracker units merge). */
	"CREATE INDEX mails_unit ON mails(unit_id) WHERE unit_id IS NOT NULL;"
	"PRAGMA user_version = 14;",

	/*
	 * 15: the overview counts recurring tasks and their overdue periods;
	 * the recurring tasks (every kind, "định kỳ" without a period too) are
	 * read from this index instead of from every task row (removed_at is
	 * a column too, so that the index alone answers).
	 */
	"-- branch sumfast: the recurring tasks the overview counts\n"
	"CREATE INDEX tasks_freq ON tasks(id, freq, removed_at)"
	"  WHERE freq IS NOT NULL AND removed_at IS NULL;"
	"PRAGMA user_version = 15;",

	/*
	 * 16: a unit the office added to its directory from the preview's
	 * "add as a new unit" (issue 14): in_directory 1 with who added it
	 * and when.  A units-file sync leaves it in the directory; once the
	 * file lists it, it is the file's (added_by/added_at cleared).
	 */
	"-- branch newunit: units the office added to its directory\n"
	"ALTER TABLE units ADD COLUMN added_by TEXT;"
	"ALTER TABLE units ADD COLUMN added_at TEXT;"
	"PRAGMA user_version = 16;",

	/*
	 * 17: documents a unit attaches to its report of completion (issue
	 * 16), kept in the database so that a backup stays one file; each
	 * names the work item and the history event that brought it.  The
	 * latest percentage a progress report gave, on its work item.  Each
	 * account's saved views of the task list: a name and the list's query.
	 */
	"-- branch attach: attachments, percent on work items, saved views\n"
	"CREATE TABLE attachments ("
	"  id INTEGER PRIMARY KEY,"
	"  task_id INTEGER NOT NULL REFERENCES tasks(id),"
	"  occurrence_id INTEGER NOT NULL REFERENCES occurrences(id),"
	"  event_id INTEGER REFERENCES task_events(id),"
	"  name TEXT NOT NULL, ctype TEXT NOT NULL, size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL, data BLOB NOT NULL,"
	"  added_by TEXT NOT NULL, added_at TEXT NOT NULL);"
	"CREATE INDEX attachments_task ON attachments(task_id);"
	"ALTER TABLE occurrences ADD COLUMN percent INTEGER"
	"  CHECK (percent IS NULL OR percent BETWEEN 0 AND 100);"
	"CREATE TABLE saved_views ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL, query TEXT NOT NULL, created_at TEXT NOT NULL,"
	"  UNIQUE (user_id, name));"
	"PRAGMA user_version = 17;",

	/*
	 * 18: the office's inbox (issue 16).  An item carries the office's
	 * latest decision on it (decided_kind is the event kind: confirmed,
	 * reopened, extension_approved, extension_refused,
	 * extension_granted, closed; who, when, the note), so the unit reads
	 * why on its page without the history.  decision_mails holds the
	 * decisions with a note that the next reminder run mails to the unit.
	 * Partial indexes keep the inbox's three lists index reads.
	 */
	"-- branch inbox: the office's decisions on items, their mails, the inbox\n"
	"ALTER TABLE occurrences ADD COLUMN decided_kind TEXT;"
	"ALTER TABLE occurrences ADD COLUMN decided_by TEXT;"
	"ALTER TABLE occurrences ADD COLUMN decided_at TEXT;"
	"ALTER TABLE occurrences ADD COLUMN decided_note TEXT;"
	"CREATE TABLE decision_mails ("
	"  event_id INTEGER PRIMARY KEY REFERENCES task_events(id));"
	"CREATE INDEX occurrences_reported ON occurrences(id) WHERE state = 'reported';"
	"CREATE INDEX occurrences_requested ON occurrences(id) WHERE requested_to IS NOT NULL;"
	"CREATE INDEX occurrences_returned ON occurrences(id)"
	"  WHERE state = 'open' AND decided_kind = 'reopened';"
	"PRAGMA user_version = 18;",

	/*
	 * 19: how many items are overdue, due this week, done late: office-wide
	 * totals read from counts kept per last allowed day instead of from one
	 * index entry per item.  occurrence_counts holds, for the live first
	 * periods (seq 0: every task's only or first period, always in the
	 * lists), how many share a last allowed day in force ('' for none), a
	 * workflow state, and the three facts the filters ask (done after the
	 * day, done by it or with no day, extended); later periods of a series
	 * are counted from their own index, occurrences_periods, since which
	 * of them is "the next one" moves with the date.  The triggers keep
	 * the counts with every write; a new notice's import (import_batch)
	 * counts its items once in import_stamp(), as for the feed stamps.
	 * Rows whose count falls to 0 stay: there are a few per day at most.
	 */
	"-- branch listfast: office-wide counts by last allowed day\n"
	"CREATE TABLE occurrence_counts ("
	"  day TEXT NOT NULL, state TEXT NOT NULL,"
	"  late INTEGER NOT NULL, on_time INTEGER NOT NULL, extended INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (day, state, late, on_time, extended)) WITHOUT ROWID;"
	"INSERT INTO occurrence_counts SELECT " OCC_KEY(o) ", count(*) FROM occurrences o"
	"  WHERE live = 1 AND seq = 0 GROUP BY 1, 2, 3, 4, 5;"
	"CREATE TRIGGER occurrence_counts_insert AFTER INSERT ON occurrences"
	"  WHEN NEW.live = 1 AND NEW.seq = 0 AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	OCC_COUNT_ADD(NEW)
	"END;"
	"CREATE TRIGGER occurrence_counts_delete AFTER DELETE ON occurrences"
	"  WHEN OLD.live = 1 AND OLD.seq = 0 AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE occurrence_counts SET n = n - 1 WHERE " OCC_KEY_IS(OLD) ";"
	"END;"
	"CREATE TRIGGER occurrence_counts_update AFTER UPDATE OF eff_last, state, done_on,"
	"  extended_to, last_day, live, seq ON occurrences"
	"  WHEN ((OLD.live = 1 AND OLD.seq = 0) OR (NEW.live = 1 AND NEW.seq = 0))"
	"  AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE occurrence_counts SET n = n - 1"
	"   WHERE OLD.live = 1 AND OLD.seq = 0 AND " OCC_KEY_IS(OLD) ";"
	OCC_COUNT_ADD(NEW)
	"END;"
	"CREATE INDEX occurrences_periods ON occurrences(eff_last, id, state, done_on,"
	"  extended_to, last_day, seq, assignment_id) WHERE live = 1 AND seq > 0;"
	"PRAGMA user_version = 19;",

	/*
	 * 20: a unit's work read from its index alone as far as the
	 * assignment goes: the task and whether the assignment was dropped
	 * are in assignments_unit, so a unit's list does not visit each
	 * assignment's row on its way to the occurrences.  Its entries stay in
	 * the order of the assignments' ids, which a unit's feed reads without
	 * sorting (feed.c).
	 */
	"-- branch listfast: assignments_unit covers the unit's list\n"
	"DROP INDEX assignments_unit;"
	"CREATE INDEX assignments_unit ON assignments(unit_id, id, task_id, removed_at);"
	"PRAGMA user_version = 20;",

	/*
	 * 21: the overview's counts kept for a day (counts.c).  The office-wide
	 * summary depends on the day (what is overdue, how long, the twelve
	 * weeks), so it is kept as counted on one day: count_snapshot holds
	 * the office's and every unit's numbers as summary.c lays them out
	 * (64-bit little-endian integers).  Every write after it that can move
	 * a number marks the work item's assignment in count_dirty, first
	 * copying the assignment's items as they stood into count_shadow, so a
	 * later summary of the same day is the snapshot, minus the marked
	 * assignments as they were, plus the same assignments as they are now.
	 * Triggers mark, so no writer can forget; they stand aside while there
	 * is no snapshot, and for a new notice's own rows (import_batch), which
	 * import_stamp() marks at once.  count_dirty.task_id is NULL for an
	 * assignment that did not exist when the snapshot was taken.
	 * count_snapshot.marked counts what a summary would read again: each
	 * marked assignment and its items (a daily report's assignment has a
	 * year of periods); past 5,000 the snapshot is dropped (a summary
	 * counts afresh sooner than it reads that much), so a day of imports
	 * with nobody reading the overview does not go on copying work.
	 */
	"-- branch sumcount: the overview's counts kept for a day\n"
	"CREATE TABLE count_snapshot ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  day TEXT NOT NULL,"             /* the --today counted */
	"  fields INTEGER NOT NULL,"       /* numbers per unit; a new layout recounts */
	"  office BLOB NOT NULL, units BLOB NOT NULL,"
	"  marked INTEGER NOT NULL DEFAULT 0);"  /* assignments and items marked since */
	"CREATE TABLE count_dirty ("
	"  assignment_id INTEGER PRIMARY KEY,"
	"  task_id INTEGER, unit_id INTEGER, freq TEXT);"  /* as they were */
	"CREATE TABLE count_shadow ("
	"  assignment_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  state TEXT, last_day TEXT, extended_to TEXT, done_on TEXT, live INTEGER,"
	"  PRIMARY KEY (assignment_id, seq));"
#define COUNT_TOUCH(X)                                                                  \
	"  INSERT INTO count_shadow (assignment_id, seq, state, last_day, extended_to,"  \
	"   done_on, live) SELECT o.assignment_id, o.seq, o.state, o.last_day,"         \
	"   o.extended_to, o.done_on, o.live FROM occurrences o WHERE o.assignment_id = " X \
	"   AND NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = " X ");"     \
	"  UPDATE count_snapshot SET marked = marked + 1 + (SELECT count(*)"           \
	"   FROM occurrences o WHERE o.assignment_id = " X ")"                           \
	"   WHERE NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = " X ");"   \
	"  INSERT INTO count_dirty (assignment_id, task_id, unit_id, freq)"            \
	"   SELECT " X ", a.task_id, a.unit_id, t.freq FROM (SELECT 1)"                 \
	"   LEFT JOIN assignments a ON a.id = " X " LEFT JOIN tasks t ON t.id = a.task_id" \
	"   WHERE NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = " X ");"   \
	COUNT_ENOUGH
#define COUNT_ENOUGH "  DELETE FROM count_snapshot WHERE marked > 5000;"
	"CREATE TRIGGER count_occ_insert BEFORE INSERT ON occurrences"
	"  WHEN EXISTS (SELECT 1 FROM count_snapshot)"
	"  AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	COUNT_TOUCH("NEW.assignment_id")
	"END;"
	"CREATE TRIGGER count_occ_update BEFORE UPDATE OF assignment_id, seq, state,"
	"  last_day, extended_to, done_on, live ON occurrences"
	"  WHEN EXISTS (SELECT 1 FROM count_snapshot) AND (NEW.assignment_id IS NOT"
	"  OLD.assignment_id OR NEW.seq IS NOT OLD.seq OR NEW.state IS NOT OLD.state"
	"  OR NEW.last_day IS NOT OLD.last_day OR NEW.extended_to IS NOT OLD.extended_to"
	"  OR NEW.done_on IS NOT OLD.done_on OR NEW.live IS NOT OLD.live) BEGIN"
	COUNT_TOUCH("OLD.assignment_id")
	COUNT_TOUCH("NEW.assignment_id")
	"END;"
	"CREATE TRIGGER count_occ_delete BEFORE DELETE ON occurrences"
	"  WHEN EXISTS (SELECT 1 FROM count_snapshot) BEGIN"
	COUNT_TOUCH("OLD.assignment_id")
	"END;"
	/* A new assignment (its id is known after the insert) has no items
	 * yet: marked as not existing before, a new notice's too, so that
	 * nothing its import writes after is taken for the snapshot's. */
	"CREATE TRIGGER count_assignment_insert AFTER INSERT ON assignments"
	"  WHEN EXISTS (SELECT 1 FROM count_snapshot) BEGIN"
	"  UPDATE count_snapshot SET marked = marked + 1"
	"   WHERE NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = NEW.id);"
	"  INSERT INTO count_dirty (assignment_id) SELECT NEW.id"
	"   WHERE NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = NEW.id);"
	COUNT_ENOUGH
	"END;"
	"CREATE TRIGGER count_assignment_update BEFORE UPDATE OF task_id, unit_id ON assignments"
	"  WHEN EXISTS (SELECT 1 FROM count_snapshot) AND (NEW.task_id IS NOT OLD.task_id"
	"  OR NEW.unit_id IS NOT OLD.unit_id) BEGIN"
	COUNT_TOUCH("OLD.id")
	"END;"
	/* Whether a task recurs counts its recurring tasks and overdue periods. */
	"CREATE TRIGGER count_task_freq BEFORE UPDATE OF freq ON tasks"
	"  WHEN EXISTS (SELECT 1 FROM count_snapshot) AND NEW.freq IS NOT OLD.freq BEGIN"
	"  INSERT INTO count_shadow (assignment_id, seq, state, last_day, extended_to,"
	"   done_on, live) SELECT o.assignment_id, o.seq, o.state, o.last_day,"
	"   o.extended_to, o.done_on, o.live FROM assignments a"
	"   JOIN occurrences o ON o.assignment_id = a.id WHERE a.task_id = OLD.id"
	"   AND NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = a.id);"
	"  UPDATE count_snapshot SET marked = marked + (SELECT count(*) FROM assignments a"
	"   WHERE a.task_id = OLD.id"
	"   AND NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = a.id))"
	"   + (SELECT count(*) FROM assignments a JOIN occurrences o ON o.assignment_id = a.id"
	"   WHERE a.task_id = OLD.id"
	"   AND NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = a.id));"
	"  INSERT INTO count_dirty (assignment_id, task_id, unit_id, freq)"
	"   SELECT a.id, a.task_id, a.unit_id, OLD.freq FROM assignments a"
	"   WHERE a.task_id = OLD.id"
	"   AND NOT EXISTS (SELECT 1 FROM count_dirty WHERE assignment_id = a.id);"
	COUNT_ENOUGH
	"END;"
#undef COUNT_TOUCH
#undef COUNT_ENOUGH
	"PRAGMA user_version = 21;",

	/*
	 * 22: each work item carries what its lists show of its assignment,
	 * task, notice and unit (ITEM_COPY_COLS in store_int.h), so that a
	 * list reads one row per item from one index in the list's order: a
	 * unit's and a notice's work through occurrences_unit and
	 * occurrences_notice (the deadline order of search.c, with no
	 * sorting), an office-wide page by the page's ids.  Joining the four
	 * tables cost four b-tree descents and a sort per item.  New items get
	 * the copies from the INSERT (life.c); the triggers below carry every
	 * later change of an original to its items.  A unit renamed or a
	 * notice renumbered rewrites its items, which the office does rarely
	 * and lists read all day.
	 */
	"-- branch itemcopy: work items carry what their lists show\n"
	"ALTER TABLE occurrences ADD COLUMN task_id INTEGER;"
	"ALTER TABLE occurrences ADD COLUMN notice_id INTEGER;"
	"ALTER TABLE occurrences ADD COLUMN unit_id INTEGER;"
	"ALTER TABLE occurrences ADD COLUMN unit_name TEXT;"
	"ALTER TABLE occurrences ADD COLUMN unit_email TEXT;"
	"ALTER TABLE occurrences ADD COLUMN task_ref TEXT;"
	"ALTER TABLE occurrences ADD COLUMN task_text TEXT;"
	"ALTER TABLE occurrences ADD COLUMN task_freq TEXT;"
	"ALTER TABLE occurrences ADD COLUMN task_due_text TEXT;"
	"ALTER TABLE occurrences ADD COLUMN notice_number TEXT;"
	"ALTER TABLE occurrences ADD COLUMN notice_date TEXT;"
	ITEM_COPY_FILL ";"
	"CREATE INDEX occurrences_unit ON occurrences(unit_id, live, eff_last IS NULL,"
	"  eff_last, id);"
	"CREATE INDEX occurrences_notice ON occurrences(notice_id, live, eff_last IS NULL,"
	"  eff_last, id);"
	"CREATE TRIGGER item_copy_task AFTER UPDATE OF notice_id, ref, text, freq, due_text"
	"  ON tasks WHEN NEW.notice_id IS NOT OLD.notice_id OR NEW.ref IS NOT OLD.ref"
	"  OR NEW.text IS NOT OLD.text OR NEW.freq IS NOT OLD.freq"
	"  OR NEW.due_text IS NOT OLD.due_text BEGIN"
	"  UPDATE occurrences SET (notice_id, task_ref, task_text, task_freq, task_due_text,"
	"   notice_number, notice_date) = (SELECT NEW.notice_id, NEW.ref, NEW.text, NEW.freq,"
	"   NEW.due_text, n.number, n.date FROM notices n WHERE n.id = NEW.notice_id)"
	"   WHERE assignment_id IN (SELECT id FROM assignments WHERE task_id = NEW.id);"
	"END;"
	"CREATE TRIGGER item_copy_notice AFTER UPDATE OF number, date ON notices"
	"  WHEN NEW.number IS NOT OLD.number OR NEW.date IS NOT OLD.date BEGIN"
	"  UPDATE occurrences SET notice_number = NEW.number, notice_date = NEW.date"
	"   WHERE notice_id = NEW.id;"
	"END;"
	"CREATE TRIGGER item_copy_unit AFTER UPDATE OF name, email ON units"
	"  WHEN NEW.name IS NOT OLD.name OR NEW.email IS NOT OLD.email BEGIN"
	"  UPDATE occurrences SET unit_name = NEW.name, unit_email = NEW.email"
	"   WHERE unit_id = NEW.id;"
	"END;"
	"CREATE TRIGGER item_copy_assignment AFTER UPDATE OF task_id, unit_id ON assignments"
	"  WHEN NEW.task_id IS NOT OLD.task_id OR NEW.unit_id IS NOT OLD.unit_id BEGIN"
	"  UPDATE occurrences SET (" ITEM_COPY_COLS ") = (SELECT " ITEM_COPY_VALUES
	"   FROM assignments a" ITEM_COPY_JOIN " WHERE a.id = NEW.id)"
	"   WHERE assignment_id = NEW.id;"
	"END;"
	"PRAGMA user_version = 22;",

	/*
	 * 23: the later periods of a series counted like every other item.
	 * A list of current work shows a series' periods already due and the
	 * next one; which is next moves with the date, so the office-wide
	 * totals counted those periods one by one (occurrences_periods), and
	 * at ten times the bench database an office-wide list cost what the
	 * database holds.  occurrences.shown_from is the first day an item is
	 * current work: '' for a task's only item (seq 0) and a series' first
	 * period; for a later period, its own last allowed day or, if
	 * earlier, the last of the periods before it (the day after which it
	 * is the next one); 'never' for a period with no day, which is never
	 * the next one.  So "current on day D" is shown_from <= D, a fact of
	 * the row, and occurrence_counts counts every live item under its
	 * shown_from too.  life.c sets shown_from whenever it writes a
	 * series (ITEM_SHOWN_SET); no other writer changes a period's day.
	 */
	"-- branch periodcount: later periods counted by the day they are current from\n"
	"ALTER TABLE occurrences ADD COLUMN shown_from TEXT NOT NULL DEFAULT '';"
	ITEM_SHOWN_SET("1") ";"
	"DROP TRIGGER occurrence_counts_insert;"
	"DROP TRIGGER occurrence_counts_delete;"
	"DROP TRIGGER occurrence_counts_update;"
	"DROP INDEX occurrences_periods;"
	"DROP TABLE occurrence_counts;"
	"CREATE TABLE occurrence_counts ("
	"  day TEXT NOT NULL, state TEXT NOT NULL,"
	"  late INTEGER NOT NULL, on_time INTEGER NOT NULL, extended INTEGER NOT NULL,"
	"  shown TEXT NOT NULL, n INTEGER NOT NULL,"
	"  PRIMARY KEY (day, state, late, on_time, extended, shown)) WITHOUT ROWID;"
	"INSERT INTO occurrence_counts SELECT " OCC_KEY_SHOWN(o) ", count(*) FROM occurrences o"
	"  WHERE live = 1 GROUP BY 1, 2, 3, 4, 5, 6;"
	"CREATE TRIGGER occurrence_counts_insert AFTER INSERT ON occurrences"
	"  WHEN NEW.live = 1 AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	OCC_SHOWN_ADD(NEW)
	"END;"
	"CREATE TRIGGER occurrence_counts_delete AFTER DELETE ON occurrences"
	"  WHEN OLD.live = 1 AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE occurrence_counts SET n = n - 1 WHERE " OCC_KEY_SHOWN_IS(OLD) ";"
	"END;"
	"CREATE TRIGGER occurrence_counts_update AFTER UPDATE OF eff_last, state, done_on,"
	"  extended_to, last_day, live, shown_from ON occurrences"
	"  WHEN (OLD.live = 1 OR NEW.live = 1) AND NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE occurrence_counts SET n = n - 1"
	"   WHERE OLD.live = 1 AND " OCC_KEY_SHOWN_IS(OLD) ";"
	OCC_SHOWN_ADD(NEW)
	"END;"
	"DROP INDEX occurrences_live;"
	"CREATE INDEX occurrences_live ON occurrences(eff_last, id, state, done_on, extended_to,"
	"  last_day, shown_from) WHERE live = 1;"
	/* A unit's and a notice's list count the items off their page from
	 * these alone (search.c, run_paged()). */
	"DROP INDEX occurrences_unit;"
	"DROP INDEX occurrences_notice;"
	"CREATE INDEX occurrences_unit ON occurrences(unit_id, live, eff_last IS NULL,"
	"  eff_last, id, state, shown_from);"
	"CREATE INDEX occurrences_notice ON occurrences(notice_id, live, eff_last IS NULL,"
	"  eff_last, id, state, shown_from);"
	"PRAGMA user_version = 23;",

	/*
	 * 24: the office-wide counts by month too.  A total over the whole
	 * calendar (the task list's pages, the overdue) summed a row per day
	 * and combination of facts, about a thousand on the bench database;
	 * occurrence_months holds the same counts per month ('' for work
	 * without a deadline), so a range sums the days of its first and last
	 * month and the months between (search.c).  Triggers on
	 * occurrence_counts keep it; they stand aside for a new notice's
	 * import (import_batch), whose import_stamp() adds its counts to both.
	 */
	"-- branch monthcount: office-wide counts by month\n"
	"CREATE TABLE occurrence_months ("
	"  month TEXT NOT NULL, state TEXT NOT NULL,"
	"  late INTEGER NOT NULL, on_time INTEGER NOT NULL, extended INTEGER NOT NULL,"
	"  shown TEXT NOT NULL, n INTEGER NOT NULL,"
	"  PRIMARY KEY (month, state, late, on_time, extended, shown)) WITHOUT ROWID;"
	"INSERT INTO occurrence_months SELECT substr(day, 1, 7), state, late, on_time, extended,"
	"  shown, sum(n) FROM occurrence_counts GROUP BY 1, 2, 3, 4, 5, 6;"
#define MONTH_KEY_IS(X)                                                                 \
	"(month, state, late, on_time, extended, shown) = (substr(" #X ".day, 1, 7),"   \
	" " #X ".state, " #X ".late, " #X ".on_time, " #X ".extended, " #X ".shown)"
	"CREATE TRIGGER occurrence_months_insert AFTER INSERT ON occurrence_counts"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  INSERT INTO occurrence_months SELECT substr(NEW.day, 1, 7), NEW.state, NEW.late,"
	"   NEW.on_time, NEW.extended, NEW.shown, 0"
	"   WHERE NOT EXISTS (SELECT 1 FROM occurrence_months WHERE " MONTH_KEY_IS(NEW) ");"
	"  UPDATE occurrence_months SET n = n + NEW.n WHERE " MONTH_KEY_IS(NEW) ";"
	"END;"
	"CREATE TRIGGER occurrence_months_update AFTER UPDATE OF n ON occurrence_counts"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE occurrence_months SET n = n + NEW.n - OLD.n WHERE " MONTH_KEY_IS(NEW) ";"
	"END;"
	"CREATE TRIGGER occurrence_months_delete AFTER DELETE ON occurrence_counts"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch) BEGIN"
	"  UPDATE occurrence_months SET n = n - OLD.n WHERE " MONTH_KEY_IS(OLD) ";"
	"END;"
#undef MONTH_KEY_IS
	"PRAGMA user_version = 24;",
	/*
	 * 25: search reads items, not tasks.  task_fts found tasks, whose
	 * items were then joined and sorted: a word in 1% of 100,000 tasks
	 * cost milliseconds, and a phrase read the lists of its common
	 * syllables ("xa" is in a fifth of the texts).  item_fts holds each
	 * live item's words (words.h: syllables and their runs of up to
	 * WORDS_RUN) under a rowid in the list's order (ITEM_FTS_KEY), so a page
	 * is the index's first rows and a count reads one token's list.  The
	 * one bulk insert leaves segments that one 'optimize' merges.  It
	 * is contentless: it stores no text, and forgets a row given its old
	 * document again, which the item's own copy of its task text
	 * (migration 22) gives.  The triggers stand aside for a new
	 * notice's own rows (import_batch), which import_stamp() indexes.
	 */
	"CREATE VIRTUAL TABLE item_fts USING fts5(text, later, content = '',"
	"  tokenize = \"unicode61 tokenchars '_'\");"
	"INSERT INTO item_fts (item_fts, rank) VALUES ('automerge', 8);"
	"INSERT INTO item_fts (rowid, text, later) SELECT " ITEM_FTS_KEY(o) ", " ITEM_FTS_DOC(o)
	"  FROM occurrences o WHERE o.live = 1;"
	"INSERT INTO item_fts (item_fts) VALUES ('optimize');"
	"CREATE TRIGGER item_fts_insert AFTER INSERT ON occurrences"
	"  WHEN NEW.live = 1 AND NOT EXISTS"
	"  (SELECT 1 FROM import_batch WHERE notice_id IS NEW.notice_id) BEGIN"
	"  INSERT INTO item_fts (rowid, text, later) VALUES (" ITEM_FTS_KEY(NEW) ", " ITEM_FTS_DOC(NEW) ");"
	"END;"
	"CREATE TRIGGER item_fts_delete AFTER DELETE ON occurrences"
	"  WHEN OLD.live = 1 AND NOT EXISTS"
	"  (SELECT 1 FROM import_batch WHERE notice_id IS OLD.notice_id) BEGIN"
	"  INSERT INTO item_fts (item_fts, rowid, text, later)"
	"   VALUES ('delete', " ITEM_FTS_KEY(OLD) ", " ITEM_FTS_DOC(OLD) ");"
	"END;"
	"CREATE TRIGGER item_fts_update AFTER UPDATE OF live, eff_last, task_text, shown_from"
	"  ON occurrences WHEN (OLD.live = 1 OR NEW.live = 1)"
	"  AND (OLD.live IS NOT NEW.live OR OLD.eff_last IS NOT NEW.eff_last"
	"  OR OLD.task_text IS NOT NEW.task_text"
	"  OR (coalesce(OLD.shown_from, '') <> '') <> (coalesce(NEW.shown_from, '') <> ''))"
	"  AND NOT EXISTS (SELECT 1 FROM import_batch WHERE notice_id IS OLD.notice_id) BEGIN"
	"  INSERT INTO item_fts (item_fts, rowid, text, later)"
	"   SELECT 'delete', " ITEM_FTS_KEY(OLD) ", " ITEM_FTS_DOC(OLD) " WHERE OLD.live = 1;"
	"  INSERT INTO item_fts (rowid, text, later)"
	"   SELECT " ITEM_FTS_KEY(NEW) ", " ITEM_FTS_DOC(NEW) " WHERE NEW.live = 1;"
	"END;"
	/*
	 * The syllables task texts hold, for a search's last syllable, which
	 * is a prefix: the ones it begins are looked for each as a token,
	 * which FTS5 reads as it goes, where its own prefix query first
	 * merges the lists of every token the prefix begins.  Never
	 * forgotten: a syllable no text holds any more matches nothing.
	 */
	"CREATE TABLE task_syllables (syl TEXT PRIMARY KEY) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO task_syllables SELECT j.value FROM tasks t,"
	"  json_each(vn_syllables(t.text)) j;"
#define SYLLABLES_ADD                                                                   \
	"  INSERT INTO task_syllables SELECT j.value FROM json_each(vn_syllables(NEW.text)) j" \
	"   WHERE NOT EXISTS (SELECT 1 FROM task_syllables WHERE syl = j.value);"
	"CREATE TRIGGER task_syllables_insert AFTER INSERT ON tasks"
	"  WHEN NOT EXISTS (SELECT 1 FROM import_batch WHERE notice_id IS NEW.notice_id) BEGIN"
	SYLLABLES_ADD "END;"
	"CREATE TRIGGER task_syllables_update AFTER UPDATE OF text ON tasks BEGIN"
	SYLLABLES_ADD "END;"
#undef SYLLABLES_ADD
	"DROP TRIGGER tasks_fts_insert;"
	"DROP TRIGGER tasks_fts_update;"
	"DROP TRIGGER tasks_fts_delete;"
	"DROP TABLE task_fts;"
	"PRAGMA user_version = 25;",
	/*
	 * 26: the office-wide list's page reads occurrences_live alone.  The
	 * index holds the items in the list's order, the table in the order
	 * of their ids: the 50 items of a page are on 50 of the table's
	 * pages, and side by side in an index that holds every column
	 * ITEM_SELECT reads (and `live`, which the list's WHERE tests).
	 * plans.py checks that the page's statements read no table.
	 */
	"DROP INDEX occurrences_live;"
	"CREATE INDEX occurrences_live ON occurrences(eff_last, id, state, done_on, extended_to,"
	"  last_day, shown_from, assignment_id, task_id, notice_id, unit_id, seq, unit_name,"
	"  unit_email, due, due_kind, task_due_text, requested_to, request_reason, reported_on,"
	"  task_freq, task_ref, task_text, notice_number, notice_date, percent, decided_kind,"
	"  decided_by, decided_at, decided_note, live) WHERE live = 1;"
	"PRAGMA user_version = 26;",
	/*
	 * 27: a unit's list reads occurrences_unit alone, as migration 26
	 * made the office-wide list: a unit's items are scattered over the
	 * table, and side by side in the index when it holds every column
	 * ITEM_SELECT reads.  A unit's list is what each unit opens first,
	 * and what its feed and reminders read.
	 */
	"DROP INDEX occurrences_unit;"
	"CREATE INDEX occurrences_unit ON occurrences(unit_id, live, eff_last IS NULL,"
	"  eff_last, id, state, shown_from, assignment_id, task_id, notice_id, seq, unit_name,"
	"  unit_email, due, due_kind, task_due_text, last_day, extended_to, requested_to,"
	"  request_reason, reported_on, done_on, task_freq, task_ref, task_text, notice_number,"
	"  notice_date, percent, decided_kind, decided_by, decided_at, decided_note);"
	"PRAGMA user_version = 27;",
};
#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ---- Migrating ----------------------------------------------------------- */

int store_schema_version(void)
{
	return N_MIGRATIONS;
}

static int user_version(struct store *s, int *v, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
		return sq_dbfail(s, err, "cannot read the schema version");
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return sq_dbfail(s, err, "cannot read the schema version");
	return 0;
}

/*
 * Migrations run with foreign keys off (store_open() turns them on after),
 * so that one can rebuild a table the way SQLite documents: with them on,
 * dropping the old table would cascade into its children.  What they
 * would have enforced is checked here instead, before the commit.
 */
static int fk_check(struct store *s, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL))
		return sq_dbfail(s, err, "cannot check foreign keys");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = err_set(err, ERR_DB, "migration left a dangling reference in table %s",
			     (const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = sq_dbfail(s, err, "cannot check foreign keys");
	sqlite3_finalize(st);
	return rc;
}

int sq_migrate(struct store *s, struct err *err)
{
	int v, rc;

	if ((rc = user_version(s, &v, err)))
		return rc;
	if (v > N_MIGRATIONS)
		return err_set(err, ERR_SCHEMA,
			    "database schema version %d is newer than this tracker's (%d)",
			    v, N_MIGRATIONS);
	if (v == N_MIGRATIONS)
		return 0;
	if ((rc = sq_begin(s, err)))
		return rc;
	/* Another process may have migrated while we waited for the lock. */
	if ((rc = user_version(s, &v, err)))
		goto out;
	for (; v < N_MIGRATIONS; v++) {
		int now;

		if ((rc = sq_exec(s, migrations[v], err)))
			goto out;
		if ((rc = user_version(s, &now, err)))
			goto out;
		if (now != v + 1) {
			rc = err_set(err, ERR_DB, "migration %d did not set user_version", v + 1);
			goto out;
		}
	}
	if ((rc = fk_check(s, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}
