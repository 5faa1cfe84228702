/*
 * store.c - the SQLite store: schema and migrations, the units directory,
 * importing notices (identity, corrected versions, group expansion) and the
 * queries behind `list`, `show` and `units`.  See store.h.
 *
 * Every value reaches SQL through sqlite3_bind_*; SQL text is always a
 * literal.  Statements are prepared once per connection and kept in a small
 * cache keyed by the literal's address.
 */
#include "tracker/store.h"

#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notices/unitdir.h"
#include "tracker/store_int.h"

/* ---- Schema ------------------------------------------------------------ */

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
	 * wants.  state, reported_on, done_on and extended_due belong to the
	 * task lifecycle; until it lands every assignment is 'open'.
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
	 * CHECK by building a throwaway b-tree for every row written, which
	 * was about a third of an import's CPU (one occurrence per lead
	 * assignment).  Same columns, rows and ids; the index is recreated.
	 * SQLite's table-rebuild procedure: migrate() runs this with foreign
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
	 * 7: cheaper import of a new notice.  While store_import() writes a
	 * new notice it keeps a row in import_batch (inside its transaction
	 * only, so no other writer ever sees it), and the row-level triggers
	 * below stand aside: the import does their work once, set-based, for
	 * the whole notice before it commits (import_stamp() in store.c).
	 * Per row they were about half of an import's instructions: the
	 * FTS5 insert made every later statement of the transaction flush
	 * FTS5's pending terms (a statement savepoint does), a segment per
	 * task; the feed stamps ran two UPDATEs per occurrence.  Every other
	 * write path, corrected versions included, still goes through the
	 * triggers.
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
	 * 8: cheaper import, nothing read differently.  Two indexes that no
	 * query uses (the plans of all 113 statements the tests prepare are
	 * the same without them): assignments(via_group_id), whose queries
	 * all reach assignments by task first, and tasks(due), whose one
	 * filter is written "?2 IS NULL OR t.due >= ?2" and so scans by
	 * notice.  Each was a b-tree insert per row and pages in every
	 * import's commit (about 9 of 113 pages per notice of bench import).
	 * A unit's row is never deleted, the one case the first would have
	 * served (the foreign key check of its children).  FTS5 merges a
	 * level's segments when 8 have piled up instead of 4: each flushed
	 * term is rewritten about half as often (an import's FTS flush is a
	 * tenth of its instructions), and a search reads at most 7 segments
	 * per level instead of 3, over a few levels.
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
};
#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ---- Open and migrate ---------------------------------------------------- */

int store_schema_version(void)
{
	return N_MIGRATIONS;
}

static int user_version(struct store *s, int *v, struct store_err *err)
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
static int fk_check(struct store *s, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL))
		return sq_dbfail(s, err, "cannot check foreign keys");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = sq_fail(err, STORE_EDB, "migration left a dangling reference in table %s",
			     (const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = sq_dbfail(s, err, "cannot check foreign keys");
	sqlite3_finalize(st);
	return rc;
}

static int migrate(struct store *s, struct store_err *err)
{
	int v, rc;

	if ((rc = user_version(s, &v, err)))
		return rc;
	if (v > N_MIGRATIONS)
		return sq_fail(err, STORE_ESCHEMA,
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
			rc = sq_fail(err, STORE_EDB, "migration %d did not set user_version", v + 1);
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

/*
 * Statement journals (the undo of one statement inside a transaction,
 * which every write checked by a constraint or a trigger opens) are kept
 * in memory in chunks as large as their spill size, 64 KiB by default: a
 * fresh 64 KiB malloc and free per statement that writes, which glibc
 * served by growing and trimming the heap, two brk calls and sixteen
 * zeroed pages per statement (a fifth of an import's time).  Kept in
 * memory whatever their size, they use small chunks.  This is process
 * wide and must precede SQLite's initialisation; if something else
 * initialised it first the call fails and the default stays.
 */
static void sqlite_config_once(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	/*
	 * No count of SQLite's memory in use (nothing reads it): keeping it
	 * takes a process-wide mutex on every allocation, some 9000 per
	 * imported notice.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * A connection to `path` as every store uses it: WAL, synchronous NORMAL,
 * foreign keys on, a busy timeout, vn_fold(); migrations when `migrate_it`.
 */
static int open_conn(const char *path, int migrate_it, struct store **out,
		   struct store_err *err)
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
	 * SQLite, guards nothing; with it an import spent 6% of its
	 * instructions locking.
	 */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, sq_vfs_name()) != SQLITE_OK) {
		rc = sq_fail(err, STORE_EIO, "cannot open database '%s': %s", path,
			  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	/*
	 * The first statement reads the file: a file that is not a database,
	 * or a directory we cannot write, fails here, so call it an I/O error.
	 */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) {
		rc = sq_fail(err, STORE_EIO, "cannot open database '%s': %s", path,
			  sqlite3_errmsg(s->db));
		goto out;
	}
	if ((rc = sq_register_functions(s, err)) ||
	    (rc = sq_exec(s, "PRAGMA synchronous = NORMAL", err)) ||
	    (rc = sq_exec(s, "PRAGMA foreign_keys = OFF", err)) ||
	    (migrate_it && (rc = migrate(s, err))))
		goto out;
	if ((rc = sq_exec(s, "PRAGMA foreign_keys = ON", err)))
		goto out;
	/*
	 * Checkpoint every 10000 WAL pages (about 40 MiB) rather than SQLite's
	 * 1000.  Importing a notice commits some 120 pages (index leaves of
	 * assignments by unit and occurrences by day, FTS segments), so the
	 * default checkpointed every 8 notices: 1000 notices cost 317 fdatasync
	 * calls and 45,000 reads of the WAL; at 10000, 38 and 27,000, and about
	 * a tenth more notices/s (bench import).  The price: the WAL file grows
	 * to about 40 MiB before a checkpoint, and a crash recovery or a reader
	 * opening the database reads that much.  journal_size_limit gives the
	 * disk back: a WAL reset by a checkpoint is cut to 4 MiB.  The last
	 * connection to close (the CLI, after an import) checkpoints and removes
	 * the WAL as before.  The import connection (import_conn()) checkpoints
	 * at the same mark from a thread instead (store_ckpt.c).
	 */
	if ((rc = sq_exec(s, "PRAGMA wal_autocheckpoint = 10000", err)))
		goto out;
	/*
	 * No mmap_size: it bought a feed build nothing measurable (the sort it
	 * used to spill was the cost), and mapped pages count in a process's
	 * RSS, which the reminder run over 1M assignments must keep < 200 MB.
	 */
	rc = sq_exec(s, "PRAGMA journal_size_limit = 4194304", err);
out:
	if (rc)
		store_close(&s);
	*out = s;
	return rc;
}

int store_open(const char *path, struct store **out, struct store_err *err)
{
	return open_conn(path, 1, out, err);
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

/* ---- Units directory ----------------------------------------------------- */

static const char SQL_UNITS_LEAVE[] =
	"UPDATE units SET in_directory = 0, dir_position = NULL WHERE in_directory = 1";
static const char SQL_UNIT_UPSERT[] =
	"INSERT INTO units (name, email, is_group, in_directory, dir_position, created_at)"
	" VALUES (?1, ?2, ?3, 1, ?4, ?5)"
	" ON CONFLICT (name) DO UPDATE SET email = excluded.email,"
	" is_group = excluded.is_group, in_directory = 1, dir_position = excluded.dir_position";
static const char SQL_UNIT_BY_NAME[] =
	"SELECT id, is_group, in_directory FROM units WHERE name = ?1";
static const char SQL_UNIT_BY_ALIAS[] =
	"SELECT u.id, u.is_group, u.in_directory FROM unit_aliases a"
	" JOIN units u ON u.id = a.unit_id WHERE a.alias = ?1"
	" ORDER BY u.in_directory DESC, u.id LIMIT 1";
static const char SQL_UNIT_INSERT_MET[] =
	"INSERT INTO units (name, is_group, in_directory, created_at) VALUES (?1, 0, 0, ?2)";
static const char SQL_ALIASES_CLEAR[] =
	"DELETE FROM unit_aliases WHERE unit_id = ?1 AND source = 'directory'";
static const char SQL_ALIAS_ADD[] =
	"INSERT OR IGNORE INTO unit_aliases (alias, unit_id, position) VALUES (?1, ?2, ?3)";
static const char SQL_SYNC_GET[] = "SELECT path, sha256 FROM directory_sync WHERE id = 1";
static const char SQL_SYNC_SET[] =
	"INSERT OR REPLACE INTO directory_sync (id, path, sha256, synced_at) VALUES (1, ?1, ?2, ?3)";
static const char SQL_SYNC_FORGET[] = "DELETE FROM directory_sync";
static const char SQL_DIR_ANY[] = "SELECT 1 FROM units WHERE in_directory = 1 LIMIT 1";
static const char SQL_MEMBERS_CLEAR[] = "DELETE FROM group_members WHERE group_id = ?1";
static const char SQL_MEMBER_ADD[] =
	"INSERT OR IGNORE INTO group_members (group_id, member_id, position) VALUES (?1, ?2, ?3)";

/* The id of the unit called exactly `name`, or 0. */
static int unit_id_by_name(struct store *s, const char *name, long long *id,
			   int *is_group, int *in_dir, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *sqls[2] = {SQL_UNIT_BY_NAME, SQL_UNIT_BY_ALIAS};
	int i, rc = 0;

	*id = 0;
	for (i = 0; i < 2 && !*id; i++) {
		if ((rc = sq_prep(s, sqls[i], &st, err)))
			return rc;
		sq_bind_text(s, st, 1, name);
		rc = sq_step(s, st, err);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			*id = sqlite3_column_int64(st, 0);
			if (is_group)
				*is_group = sqlite3_column_int(st, 1);
			if (in_dir)
				*in_dir = sqlite3_column_int(st, 2);
		}
		sq_done(st);
	}
	return 0;
}

int store_unit_id(struct store *s, const char *name, long long *id,
		  struct store_err *err)
{
	int rc;

	memset(err, 0, sizeof(*err));
	if ((rc = unit_id_by_name(s, name, id, NULL, NULL, err)))
		return rc;
	if (!*id)
		return sq_fail(err, STORE_ENOTFOUND, "no unit named '%s'", name);
	return 0;
}

/* Finds or creates (outside the directory) the unit called `name`. */
static int unit_ensure(struct store *s, const char *name, const char *now,
		       long long *id, int *is_group, int *in_dir,
		       struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = unit_id_by_name(s, name, id, is_group, in_dir, err)) || *id)
		return rc;
	if ((rc = sq_prep(s, SQL_UNIT_INSERT_MET, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, name);
	sq_bind_text(s, st, 2, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	if (is_group)
		*is_group = 0;
	if (in_dir)
		*in_dir = 0;
	return 0;
}

static int sync_entry(struct store *s, const struct unit_entry *e, size_t pos,
		      const char *now, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	long long id;
	size_t i;
	int rc;

	if ((rc = sq_prep(s, SQL_UNIT_UPSERT, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, e->name);
	sq_bind_text(s, st, 2, e->email);
	sq_bind_int(s, st, 3, e->is_group ? 1 : 0);
	sq_bind_int(s, st, 4, (long long)pos);
	sq_bind_text(s, st, 5, now);
	if ((rc = sq_run(s, st, err)))
		return rc;
	/* last_insert_rowid() is not set by the UPDATE branch of an upsert. */
	if ((rc = unit_id_by_name(s, e->name, &id, NULL, NULL, err)))
		return rc;
	if (!id)
		return sq_fail(err, STORE_EDB, "unit '%s' vanished while syncing", e->name);
	if ((rc = sq_prep(s, SQL_ALIASES_CLEAR, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_run(s, st, err)))
		return rc;
	for (i = 0; i < e->n_aliases; i++) {
		if ((rc = sq_prep(s, SQL_ALIAS_ADD, &st, err)))
			return rc;
		sq_bind_text(s, st, 1, e->aliases[i]);
		sq_bind_int(s, st, 2, id);
		sq_bind_int(s, st, 3, (long long)i);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	return 0;
}

static int sync_members(struct store *s, const struct unit_entry *e,
			const char *now, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	long long gid, mid;
	size_t i;
	int rc;

	if ((rc = unit_id_by_name(s, e->name, &gid, NULL, NULL, err)))
		return rc;
	if ((rc = sq_prep(s, SQL_MEMBERS_CLEAR, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, gid);
	if ((rc = sq_run(s, st, err)))
		return rc;
	for (i = 0; i < e->n_members; i++) {
		if ((rc = unit_ensure(s, e->members[i], now, &mid, NULL, NULL, err)))
			return rc;
		if ((rc = sq_prep(s, SQL_MEMBER_ADD, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, gid);
		sq_bind_int(s, st, 2, mid);
		sq_bind_int(s, st, 3, (long long)i);
		if ((rc = sq_run(s, st, err)))
			return rc;
	}
	return 0;
}

/* Writes the directory's units, aliases and groups; inside a transaction. */
static int sync_directory(struct store *s, const struct unitdir *units,
			  struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	size_t i, n = unitdir_count(units);
	int rc;

	sq_stamp_now(now);
	if ((rc = sq_prep(s, SQL_UNITS_LEAVE, &st, err)) || (rc = sq_run(s, st, err)))
		return rc;
	/* Units before members: a group's members must exist first. */
	for (i = 0; i < n; i++)
		if ((rc = sync_entry(s, unitdir_entry(units, i), i, now, err)))
			return rc;
	for (i = 0; i < n; i++) {
		const struct unit_entry *e = unitdir_entry(units, i);
		if (e->is_group && (rc = sync_members(s, e, now, err)))
			return rc;
	}
	return 0;
}

int store_sync_units(struct store *s, const struct unitdir *units,
		     struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!units)
		return 0;
	if ((rc = sq_begin(s, err)))
		return rc;
	/* Written from no file: the next sync from one happens whatever its hash. */
	if ((rc = sync_directory(s, units, err)) ||
	    (rc = sq_prep(s, SQL_SYNC_FORGET, &st, err)) || (rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	return rc;
}

/* The recorded source's path and hash into *path and *sha (NULL: none). */
static int sync_source_get(struct store *s, char **path, char **sha,
			   struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*path = *sha = NULL;
	if ((rc = sq_prep(s, SQL_SYNC_GET, &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		*path = sq_col_str(st, 0);
		*sha = sq_col_str(st, 1);
	}
	sq_done(st);
	return 0;
}

static int sync_source_set(struct store *s, const struct store_unit_source *src,
			   struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	sq_stamp_now(now);
	if ((rc = sq_prep(s, SQL_SYNC_SET, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, src->path);
	sq_bind_text(s, st, 2, src->sha256);
	sq_bind_text(s, st, 3, now);
	return sq_run(s, st, err);
}

/*
 * Whether a fallback file may replace the directory the database holds:
 * only the one it was last synced from, or into a database that has no
 * directory yet.  0, STORE_ECONFLICT, or an error.
 */
static int sync_fallback_allowed(struct store *s, const struct store_unit_source *src,
				 const char *last_path, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (last_path) {
		if (!strcmp(last_path, src->path))
			return 0;
		return sq_fail(err, STORE_ECONFLICT,
			       "the units directory was last synced from '%s', not from '%s'",
			       last_path, src->path);
	}
	if ((rc = sq_prep(s, SQL_DIR_ANY, &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return sq_fail(err, STORE_ECONFLICT,
			       "the units directory came from a file not recorded, not from '%s'",
			       src->path);
	return 0;
}

int store_sync_units_from(struct store *s, const struct unitdir *units,
			  const struct store_unit_source *src, int *synced,
			  struct store_err *err)
{
	char *last_path = NULL, *last_sha = NULL;
	int rc, same;

	memset(err, 0, sizeof(*err));
	if (synced)
		*synced = 0;
	if (!units)
		return 0;
	/* The usual case costs one read and no write transaction. */
	if ((rc = sync_source_get(s, &last_path, &last_sha, err)))
		return rc;
	same = last_sha && !strcmp(last_sha, src->sha256);
	if (same && (src->fallback || !strcmp(last_path, src->path)))
		goto out;
	free(last_path);
	free(last_sha);
	if ((rc = sq_begin(s, err)))
		return rc;
	/* Another command may have synced since the read above. */
	if ((rc = sync_source_get(s, &last_path, &last_sha, err)))
		goto out;
	same = last_sha && !strcmp(last_sha, src->sha256);
	if (!same && src->fallback && (rc = sync_fallback_allowed(s, src, last_path, err)))
		goto out;
	/* The same content named from elsewhere: only the record moves. */
	if (!same && (rc = sync_directory(s, units, err)))
		goto out;
	if ((rc = sync_source_set(s, src, err)) || (rc = sq_commit(s, err)))
		goto out;
	if (synced)
		*synced = !same;
out:
	if (rc)
		sq_rollback(s);
	free(last_path);
	free(last_sha);
	return rc;
}

int store_units_source(struct store *s, char **path, struct store_err *err)
{
	char *sha = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = sync_source_get(s, path, &sha, err);
	free(sha);
	return rc;
}

/* ---- Import: names to assignments ---------------------------------------- */

/* One assignment a notice asks for. */
struct want {
	long long unit_id;
	char *unit;         /* the unit's name as stored */
	int lead;
	long long via;      /* group expanded from, or 0 */
	char *via_name;
	int unknown;        /* the directory does not know the name */
};

struct wants {
	struct want *v;
	size_t n, alloc;
};

static void wants_release(struct wants *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].unit);
		free(w->v[i].via_name);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/*
 * Adds a wanted assignment.  A unit named twice gets one assignment: lead
 * wins over support (it leads the work it also supports), and a unit named
 * directly wins over the same unit reached through a group.
 */
static void wants_add(struct wants *w, long long unit_id, const char *unit,
		      int lead, long long via, const char *via_name, int unknown)
{
	struct want *x;
	size_t i;

	for (i = 0; i < w->n; i++) {
		x = &w->v[i];
		if (x->unit_id != unit_id)
			continue;
		if ((lead && !x->lead) || (lead == x->lead && x->via && !via)) {
			x->lead = lead;
			x->via = via;
			free(x->via_name);
			x->via_name = xstrdup(via_name);
		}
		return;
	}
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 8;
		w->v = xrealloc(w->v, w->alloc * sizeof(*w->v));
	}
	x = &w->v[w->n++];
	x->unit_id = unit_id;
	x->unit = xstrdup(unit);
	x->lead = lead;
	x->via = via;
	x->via_name = xstrdup(via_name);
	x->unknown = unknown;
}

static const char SQL_GROUP_MEMBERS[] =
	"SELECT m.member_id, u.name FROM group_members m JOIN units u ON u.id = m.member_id"
	" WHERE m.group_id = ?1 ORDER BY m.position";

/*
 * What the store says about an owner name: its unit, and a group's members
 * in order.  One import asks about the same few names task after task
 * (a group named in every item), so each is looked up once per import.
 */
struct owner {
	char *key;              /* the canonical name, or the name as written */
	long long id;
	int is_group, in_dir, known; /* known: the directory has the name */
	size_t n;               /* members */
	long long *member_ids;
	struct strlist member_names;
};

struct owners {
	struct owner *v;
	size_t n, alloc;
};

static void owners_release(struct owners *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].key);
		free(o->v[i].member_ids);
		strlist_release(&o->v[i].member_names);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* Looks the name up (creating a unit met for the first time), or finds it in `o`. */
static int owner_get(struct store *s, const struct unitdir *units, const char *name,
		     const char *now, struct owners *o, const struct owner **out,
		     struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *canon = units ? unitdir_canonical(units, name) : NULL;
	const char *key = canon ? canon : name;
	struct owner *x;
	size_t i;
	int rc;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].key, key) && o->v[i].known == (canon != NULL)) {
			*out = &o->v[i];
			return 0;
		}
	if (o->n == o->alloc) {
		o->alloc = o->alloc ? 2 * o->alloc : 8;
		o->v = xrealloc(o->v, o->alloc * sizeof(*o->v));
	}
	x = &o->v[o->n];
	memset(x, 0, sizeof(*x));
	x->known = canon != NULL;
	if ((rc = unit_ensure(s, key, now, &x->id, &x->is_group, &x->in_dir, err)))
		return rc;
	if (x->is_group) {
		if ((rc = sq_prep(s, SQL_GROUP_MEMBERS, &st, err)))
			return rc;
		sq_bind_int(s, st, 1, x->id);
		while ((rc = sq_step(s, st, err)) == 1) {
			x->member_ids = xrealloc(x->member_ids, (x->n + 1) * sizeof(*x->member_ids));
			x->member_ids[x->n++] = sqlite3_column_int64(st, 0);
			strlist_add(&x->member_names, (const char *)sqlite3_column_text(st, 1));
		}
		sq_done(st);
		if (rc < 0) {
			free(x->member_ids);
			strlist_release(&x->member_names);
			return rc;
		}
	}
	x->key = xstrdup(key);
	o->n++;
	*out = x;
	return 0;
}

/* Adds the assignments one owner name asks for, expanding a group. */
static int want_owner(struct store *s, const struct unitdir *units,
		      const char *name, int lead, const char *now,
		      struct wants *w, struct strlist *unknown,
		      struct owners *o, struct store_err *err)
{
	const struct owner *x;
	size_t i;
	int rc;

	if (!name[0])
		return 0;
	if ((rc = owner_get(s, units, name, now, o, &x, err)))
		return rc;
	if (!x->is_group) {
		int unk = !x->known && !x->in_dir;
		wants_add(w, x->id, x->key, lead, 0, NULL, unk);
		if (unk)
			strlist_add_unique(unknown, x->key, NULL);
		return 0;
	}
	/* A group the directory lists without members is assigned as itself. */
	if (!x->n)
		wants_add(w, x->id, x->key, lead, 0, NULL, 0);
	for (i = 0; i < x->n; i++)
		wants_add(w, x->member_ids[i], x->member_names.v[i], lead, x->id, x->key, 0);
	return 0;
}

static int plan_assignments(struct store *s, const struct notice_task *t,
			    const struct unitdir *units, const char *now,
			    struct wants *w, struct strlist *unknown,
			    struct owners *o, struct store_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n_owners; i++)
		if ((rc = want_owner(s, units, t->owners[i], 1, now, w, unknown, o, err)))
			return rc;
	for (i = 0; i < t->n_co_owners; i++)
		if ((rc = want_owner(s, units, t->co_owners[i], 0, now, w, unknown, o, err)))
			return rc;
	return 0;
}

/* ---- Import: events ------------------------------------------------------ */

static const char SQL_TASK_EVENT[] =
	"INSERT INTO task_events (task_id, assignment_id, kind, actor, at, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_NOTICE_EVENT[] =
	"INSERT INTO notice_events (notice_id, kind, actor, at, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

/* The context every write of one import shares. */
struct import_ctx {
	struct store *s;
	const struct store_import_opts *opts;
	const char *actor;
	char now[32];
	long long notice_id;
	int version;
	struct store_import_result *res;
	struct store_err *err;
	struct owners owners; /* names looked up in this transaction */
};

/* Records a task event; consumes `data` (may be NULL). */
static int task_event(struct import_ctx *c, long long task_id,
		      long long assignment_id, const char *kind, cJSON *data)
{
	sqlite3_stmt *st = NULL;
	char *json = NULL;
	int rc;

	if (data) {
		json = cJSON_PrintUnformatted(data);
		cJSON_Delete(data);
		if (!json)
			abort(); /* out of memory: util.h's policy */
	}
	if ((rc = sq_prep(c->s, SQL_TASK_EVENT, &st, c->err)))
		goto out;
	sq_bind_int(c->s, st, 1, task_id);
	sq_bind_id(c->s, st, 2, assignment_id);
	sq_bind_text(c->s, st, 3, kind);
	sq_bind_text(c->s, st, 4, c->actor);
	sq_bind_text(c->s, st, 5, c->now);
	sq_bind_text(c->s, st, 6, json);
	rc = sq_run(c->s, st, c->err);
out:
	cJSON_free(json);
	return rc;
}

static int notice_event(struct import_ctx *c, const char *kind, cJSON *data)
{
	sqlite3_stmt *st = NULL;
	char *json = cJSON_PrintUnformatted(data);
	int rc;

	cJSON_Delete(data);
	if (!json)
		abort();
	if ((rc = sq_prep(c->s, SQL_NOTICE_EVENT, &st, c->err)))
		goto out;
	sq_bind_int(c->s, st, 1, c->notice_id);
	sq_bind_text(c->s, st, 2, kind);
	sq_bind_text(c->s, st, 3, c->actor);
	sq_bind_text(c->s, st, 4, c->now);
	sq_bind_text(c->s, st, 5, json);
	rc = sq_run(c->s, st, c->err);
out:
	cJSON_free(json);
	return rc;
}

/* {"version": k, "source": name}: the stem of every import event. */
static cJSON *version_data(struct import_ctx *c)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddNumberToObject(d, "version", c->version);
	if (c->opts->source_name)
		cJSON_AddStringToObject(d, "source", c->opts->source_name);
	return d;
}

static void json_str_or_null(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* Adds {"from": a, "to": b} under `key` of `changes`. */
static void add_from_to(cJSON *changes, const char *key, const char *a,
			const char *b)
{
	cJSON *o = cJSON_AddObjectToObject(changes, key);

	json_str_or_null(o, "from", a);
	json_str_or_null(o, "to", b);
}

/* ---- Import: assignments ------------------------------------------------- */

static const char SQL_ASSIGN_INSERT[] =
	"INSERT INTO assignments (task_id, unit_id, role, via_group_id, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
/*
 * A new task's assignments in one statement: the same rows, in the same
 * order of ids, as SQL_ASSIGN_INSERT want by want.  A task given to a
 * group has dozens of assignments, and a statement each (its savepoint,
 * statement journal and VDBE setup) was a third of an import's
 * instructions.  ?3, ?4 and ?5 are JSON arrays of integers, one entry per
 * assignment: unit ids, 1 for lead, group ids or 0.  Flat arrays, not one
 * array of triples: json_each then yields integers, and ?4/?5 are parsed
 * once per statement (SQLite caches a parse of the same argument).
 */
static const char SQL_ASSIGN_INSERT_MANY[] =
	"INSERT INTO assignments (task_id, unit_id, role, via_group_id, created_at, updated_at)"
	" SELECT ?1, value, CASE WHEN ?4 ->> key THEN 'lead' ELSE 'support' END,"
	" nullif(?5 ->> key, 0), ?2, ?2 FROM json_each(?3) ORDER BY key";
static const char SQL_ASSIGN_LOAD[] =
	"SELECT a.id, a.unit_id, a.role = 'lead', a.via_group_id, a.removed_at IS NOT NULL,"
	" u.name, g.name FROM assignments a JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN units g ON g.id = a.via_group_id WHERE a.task_id = ?1";
static const char SQL_ASSIGN_UPDATE[] =
	"UPDATE assignments SET role = ?2, via_group_id = ?3, removed_at = NULL,"
	" updated_at = ?4 WHERE id = ?1";
static const char SQL_ASSIGN_REMOVE[] =
	"UPDATE assignments SET removed_at = ?2, updated_at = ?2 WHERE id = ?1";
static const char SQL_UNKNOWN_COUNT[] =
	"INSERT INTO unknown_units (unit_id, first_seen_notice, count) VALUES (?1, ?2, 1)"
	" ON CONFLICT (unit_id) DO UPDATE SET count = count + 1";

static const char *role_name(int lead)
{
	return lead ? "lead" : "support";
}

static cJSON *assignment_data(struct import_ctx *c, const char *unit, int lead,
			      const char *via)
{
	cJSON *d = version_data(c);

	cJSON_AddStringToObject(d, "unit", unit);
	cJSON_AddStringToObject(d, "role", role_name(lead));
	json_str_or_null(d, "via_group", via);
	return d;
}

/*
 * Inserts one assignment.  A task's first assignments are listed in its
 * "imported" event (`list` non-NULL: one entry is appended there) rather
 * than each in an event of its own: a task given to a group of 40 units
 * would otherwise write 40 events that say nothing the imported event could
 * not, and those rows were a third of an import's pages.  Assignments added
 * by a corrected version (`list` NULL) get their own "assigned" event.
 */
static int assignment_insert(struct import_ctx *c, long long task_id,
			     const struct want *w, cJSON *list)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	long long aid;
	int rc;

	if ((rc = sq_prep(s, SQL_ASSIGN_INSERT, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_int(s, st, 2, w->unit_id);
	sq_bind_text(s, st, 3, role_name(w->lead));
	sq_bind_id(s, st, 4, w->via);
	sq_bind_text(s, st, 5, c->now);
	if ((rc = sq_run(s, st, c->err)))
		return rc;
	aid = sqlite3_last_insert_rowid(s->db);
	c->res->n_assignments++;
	if (w->unknown) {
		if ((rc = sq_prep(s, SQL_UNKNOWN_COUNT, &st, c->err)))
			return rc;
		sq_bind_int(s, st, 1, w->unit_id);
		sq_bind_int(s, st, 2, c->notice_id);
		if ((rc = sq_run(s, st, c->err)))
			return rc;
	}
	if (list) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "unit", w->unit);
		cJSON_AddStringToObject(e, "role", role_name(w->lead));
		if (w->via_name)
			cJSON_AddStringToObject(e, "via_group", w->via_name);
		cJSON_AddItemToArray(list, e);
		return 0;
	}
	return task_event(c, task_id, aid, "assigned",
			  assignment_data(c, w->unit, w->lead, w->via_name));
}

/* Writes v in decimal at p (at most 20 bytes); returns the length. */
static size_t put_int(char *p, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char tmp[20];
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		p[len++] = '-';
	while (n)
		p[len++] = tmp[--n];
	return len;
}

/*
 * One of SQL_ASSIGN_INSERT_MANY's arrays: "[v0,v1,...]"; caller frees.
 * Digits by hand: snprintf per number made this 2% of an import.
 */
static char *json_ints(const struct wants *w, long long (*field)(const struct want *))
{
	size_t len = 0, i;
	char *buf = xmalloc(w->n * 22 + 3);

	buf[len++] = '[';
	for (i = 0; i < w->n; i++) {
		if (i)
			buf[len++] = ',';
		len += put_int(buf + len, field(&w->v[i]));
	}
	buf[len++] = ']';
	buf[len] = '\0';
	return buf;
}

static long long want_unit(const struct want *x)
{
	return x->unit_id;
}

static long long want_lead(const struct want *x)
{
	return x->lead ? 1 : 0;
}

static long long want_via(const struct want *x)
{
	return x->via;
}

/*
 * Inserts a new task's first assignments, all of `w` in order, and lists
 * them in its "imported" event's `list` (see assignment_insert()).  The
 * entries borrow their strings from `w`, which must outlive `list`.
 */
static int assignments_insert_new(struct import_ctx *c, long long task_id,
				  const struct wants *w, cJSON *list)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	char *units = NULL, *leads = NULL, *vias = NULL;
	size_t i;
	int rc = 0;

	if (!w->n)
		return 0;
	units = json_ints(w, want_unit);
	leads = json_ints(w, want_lead);
	vias = json_ints(w, want_via);
	if ((rc = sq_prep(s, SQL_ASSIGN_INSERT_MANY, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, task_id);
	sq_bind_text(s, st, 2, c->now);
	sq_bind_text(s, st, 3, units);
	sq_bind_text(s, st, 4, leads);
	sq_bind_text(s, st, 5, vias);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	c->res->n_assignments += w->n;
	for (i = 0; i < w->n; i++) {
		const struct want *x = &w->v[i];
		cJSON *e;
		if (x->unknown) {
			if ((rc = sq_prep(s, SQL_UNKNOWN_COUNT, &st, c->err)))
				goto out;
			sq_bind_int(s, st, 1, x->unit_id);
			sq_bind_int(s, st, 2, c->notice_id);
			if ((rc = sq_run(s, st, c->err)))
				goto out;
		}
		/* Keys and values borrowed, not copied: `w` outlives `list`. */
		e = cJSON_CreateObject();
		cJSON_AddItemToObjectCS(e, "unit", cJSON_CreateStringReference(x->unit));
		cJSON_AddItemToObjectCS(e, "role", cJSON_CreateStringReference(role_name(x->lead)));
		if (x->via_name)
			cJSON_AddItemToObjectCS(e, "via_group",
						cJSON_CreateStringReference(x->via_name));
		cJSON_AddItemToArray(list, e);
	}
out:
	free(units);
	free(leads);
	free(vias);
	return rc;
}

/* An assignment as stored, for diffing against what a new version wants. */
struct have {
	long long id, unit_id, via;
	int lead, removed, seen;
	char *unit, *via_name;
};

static int load_haves(struct import_ctx *c, long long task_id,
		      struct have **out, size_t *n)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct have *v = NULL;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, SQL_ASSIGN_LOAD, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, task_id);
	while ((rc = sq_step(s, st, c->err)) == 1) {
		struct have *h;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		h = &v[(*n)++];
		h->id = sqlite3_column_int64(st, 0);
		h->unit_id = sqlite3_column_int64(st, 1);
		h->lead = sqlite3_column_int(st, 2);
		h->via = sqlite3_column_int64(st, 3);
		h->removed = sqlite3_column_int(st, 4);
		h->seen = 0;
		h->unit = sq_col_str(st, 5);
		h->via_name = sq_col_str(st, 6);
	}
	sq_done(st);
	*out = v;
	return rc < 0 ? rc : 0;
}

static void haves_free(struct have *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].unit);
		free(v[i].via_name);
	}
	free(v);
}

/*
 * Brings a stored task's assignments to what the new version wants.  An
 * assignment is never deleted: one the new version drops is marked removed
 * (its progress history stays), and comes back if a later version names the
 * unit again.  Sets *changed when anything moved.
 */
static int assignments_apply(struct import_ctx *c, long long task_id,
			     const struct wants *w, int *changed)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct have *hv = NULL;
	size_t nh = 0, i, j;
	int rc;

	if ((rc = load_haves(c, task_id, &hv, &nh)))
		goto out;
	for (i = 0; i < w->n; i++) {
		const struct want *x = &w->v[i];
		struct have *h = NULL;
		cJSON *d;

		for (j = 0; j < nh && !h; j++)
			if (hv[j].unit_id == x->unit_id)
				h = &hv[j];
		if (!h) {
			if ((rc = assignment_insert(c, task_id, x, NULL)))
				goto out;
			*changed = 1;
			continue;
		}
		h->seen = 1;
		if (!h->removed && h->lead == x->lead && h->via == x->via)
			continue;
		if ((rc = sq_prep(s, SQL_ASSIGN_UPDATE, &st, c->err)))
			goto out;
		sq_bind_int(s, st, 1, h->id);
		sq_bind_text(s, st, 2, role_name(x->lead));
		sq_bind_id(s, st, 3, x->via);
		sq_bind_text(s, st, 4, c->now);
		if ((rc = sq_run(s, st, c->err)))
			goto out;
		d = assignment_data(c, x->unit, x->lead, x->via_name);
		if (!h->removed) {
			cJSON *from = cJSON_AddObjectToObject(d, "from");
			cJSON_AddStringToObject(from, "role", role_name(h->lead));
			json_str_or_null(from, "via_group", h->via_name);
		}
		if ((rc = task_event(c, task_id, h->id,
				     h->removed ? "assigned" : "role_changed", d)))
			goto out;
		*changed = 1;
	}
	for (j = 0; j < nh; j++) {
		if (hv[j].seen || hv[j].removed)
			continue;
		if ((rc = sq_prep(s, SQL_ASSIGN_REMOVE, &st, c->err)))
			goto out;
		sq_bind_int(s, st, 1, hv[j].id);
		sq_bind_text(s, st, 2, c->now);
		if ((rc = sq_run(s, st, c->err)))
			goto out;
		if ((rc = task_event(c, task_id, hv[j].id, "unassigned",
				     assignment_data(c, hv[j].unit, hv[j].lead,
						     hv[j].via_name))))
			goto out;
		*changed = 1;
	}
out:
	haves_free(hv, nh);
	return rc;
}

/* ---- Import: tasks --------------------------------------------------------- */

static const char SQL_TASK_INSERT[] =
	"INSERT INTO tasks (notice_id, position, ref, text, line, span_start, span_end,"
	" due, due_kind, due_text, freq, rrule, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)";
static const char SQL_TASK_UPDATE[] =
	"UPDATE tasks SET position = ?2, ref = ?3, text = ?4, line = ?5, span_start = ?6,"
	" span_end = ?7, due = ?8, due_kind = ?9, due_text = ?10, freq = ?11, rrule = ?12,"
	" updated_at = CASE WHEN ?14 THEN ?13 ELSE updated_at END, removed_at = NULL"
	" WHERE id = ?1";
static const char SQL_TASK_REMOVE[] =
	"UPDATE tasks SET removed_at = ?2, updated_at = ?2 WHERE id = ?1";
static const char SQL_TASKS_OF_NOTICE[] =
	"SELECT id, ref, text, due, due_kind, freq, rrule, removed_at IS NOT NULL"
	" FROM tasks WHERE notice_id = ?1 ORDER BY position, id";

/* A task's deadline and recurrence in the store's text form. */
struct task_cols {
	char due[11];
	const char *due_kind; /* NULL without a date */
	const char *freq;
	const char *rrule;
};

static void task_cols(const struct notice_task *t, struct task_cols *tc)
{
	tc->due[0] = '\0';
	tc->due_kind = NULL;
	if (t->due.y > 0 && t->due.m > 0 && t->due.d > 0) {
		ymd_format(t->due, tc->due);
		/* A date with no kind binds on the day itself. */
		tc->due_kind = t->due_kind != DUE_NONE ? due_kind_name(t->due_kind)
						       : due_kind_name(DUE_BY);
	}
	tc->freq = t->freq != REC_NONE ? rec_freq_name(t->freq) : NULL;
	tc->rrule = t->freq != REC_NONE && t->freq != REC_PERIODIC ? t->rrule : NULL;
}

static void bind_task(struct store *s, sqlite3_stmt *st, size_t pos,
		      const struct notice_task *t)
{
	struct task_cols tc;

	task_cols(t, &tc);
	sq_bind_int(s, st, 2, (long long)pos);
	sq_bind_text(s, st, 3, t->ref ? t->ref : "");
	sq_bind_text(s, st, 4, t->text ? t->text : "");
	sq_bind_int(s, st, 5, t->line);
	sq_bind_int(s, st, 6, (long long)t->start);
	sq_bind_int(s, st, 7, (long long)t->end);
	sq_bind_text(s, st, 8, tc.due[0] ? tc.due : NULL);
	sq_bind_text(s, st, 9, tc.due_kind);
	sq_bind_text(s, st, 10, t->due_text);
	sq_bind_text(s, st, 11, tc.freq);
	sq_bind_text(s, st, 12, tc.rrule);
}

static void add_change(struct store_import_result *res, long long task_id,
		       const char *ref, enum store_change_kind kind,
		       unsigned fields)
{
	struct store_task_change *ch;

	res->changes = xrealloc(res->changes,
				(res->n_changes + 1) * sizeof(*res->changes));
	ch = &res->changes[res->n_changes++];
	ch->task_id = task_id;
	ch->ref = xstrdup(ref);
	ch->kind = kind;
	ch->fields = fields;
}

/* Inserts a task of the new text with its assignments and history. */
static int task_insert(struct import_ctx *c, size_t pos,
		       const struct notice_task *t, long long *task_id)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct wants w = {0};
	cJSON *data = NULL, *list;
	int rc;

	if ((rc = sq_prep(s, SQL_TASK_INSERT, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	bind_task(s, st, pos, t);
	sq_bind_text(s, st, 13, c->now);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	*task_id = sqlite3_last_insert_rowid(s->db);
	if ((rc = plan_assignments(s, t, c->opts->units, c->now, &w,
				   &c->res->unknown_units, &c->owners, c->err)))
		goto out;
	data = version_data(c);
	list = cJSON_AddArrayToObject(data, "assignments");
	if ((rc = assignments_insert_new(c, *task_id, &w, list)))
		goto out;
	rc = task_event(c, *task_id, 0, "imported", data);
	data = NULL; /* task_event() took it */
out:
	cJSON_Delete(data);
	wants_release(&w);
	return rc;
}

/* A stored task as a candidate for matching against the new text. */
struct old_task {
	long long id;
	char *ref, *text, *due, *due_kind, *freq, *rrule;
	int removed;
	int matched;
};

static void old_tasks_free(struct old_task *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].text);
		free(v[i].due);
		free(v[i].due_kind);
		free(v[i].freq);
		free(v[i].rrule);
	}
	free(v);
}

static int load_old_tasks(struct import_ctx *c, struct old_task **out,
			  size_t *n)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct old_task *v = NULL;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, SQL_TASKS_OF_NOTICE, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, c->notice_id);
	while ((rc = sq_step(s, st, c->err)) == 1) {
		struct old_task *o;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		o = &v[(*n)++];
		o->id = sqlite3_column_int64(st, 0);
		o->ref = sq_col_str(st, 1);
		o->text = sq_col_str(st, 2);
		o->due = sq_col_str(st, 3);
		o->due_kind = sq_col_str(st, 4);
		o->freq = sq_col_str(st, 5);
		o->rrule = sq_col_str(st, 6);
		o->removed = sqlite3_column_int(st, 7);
		o->matched = 0;
	}
	sq_done(st);
	*out = v;
	return rc < 0 ? rc : 0;
}

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* ---- Import: matching the tasks of a corrected version ----------------- */

/* A text as a sorted multiset of words, for the similarity below. */
struct words {
	const char **w;
	size_t *len;
	size_t n;
};

static int word_byte(unsigned char ch)
{
	/* Non-ASCII bytes are letters of Vietnamese words; ASCII punctuation
	 * and spaces separate words. */
	return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

static int word_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int r = memcmp(a, b, la < lb ? la : lb);

	return r ? r : (la > lb) - (la < lb);
}

static void words_sort(struct words *ws)
{
	size_t i, j;

	/* Insertion sort: tasks hold tens of words, and it keeps (w, len)
	 * pairs together without a struct for qsort. */
	for (i = 1; i < ws->n; i++) {
		const char *w = ws->w[i];
		size_t l = ws->len[i];
		for (j = i; j > 0 && word_cmp(ws->w[j - 1], ws->len[j - 1], w, l) > 0; j--) {
			ws->w[j] = ws->w[j - 1];
			ws->len[j] = ws->len[j - 1];
		}
		ws->w[j] = w;
		ws->len[j] = l;
	}
}

/* At most this many words of a task count for matching. */
#define MATCH_WORDS 400

static void words_init(struct words *ws, const char *text)
{
	const char *p = text ? text : "";
	size_t cap = 16;

	ws->n = 0;
	ws->w = xmalloc(cap * sizeof(*ws->w));
	ws->len = xmalloc(cap * sizeof(*ws->len));
	while (*p && ws->n < MATCH_WORDS) {
		const char *q;
		while (*p && !word_byte((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (q = p; *q && word_byte((unsigned char)*q); q++)
			;
		if (ws->n == cap) {
			cap *= 2;
			ws->w = xrealloc(ws->w, cap * sizeof(*ws->w));
			ws->len = xrealloc(ws->len, cap * sizeof(*ws->len));
		}
		ws->w[ws->n] = p;
		ws->len[ws->n++] = (size_t)(q - p);
		p = q;
	}
	words_sort(ws);
}

static void words_release(struct words *ws)
{
	free(ws->w);
	free(ws->len);
	memset(ws, 0, sizeof(*ws));
}

/* Dice coefficient of two word multisets: 1 for the same words, 0 for none
 * in common.  Word order is ignored, so a reworded clause still matches. */
static double similarity(const struct words *a, const struct words *b)
{
	size_t i = 0, j = 0, common = 0;

	if (!a->n && !b->n)
		return 1.0;
	while (i < a->n && j < b->n) {
		int r = word_cmp(a->w[i], a->len[i], b->w[j], b->len[j]);
		if (r == 0) {
			common++;
			i++;
			j++;
		} else if (r < 0) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

struct pair {
	size_t i, j;  /* new task, old task */
	double score;
};

static int pair_cmp(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return (a->j > b->j) - (a->j < b->j);
}

/*
 * Thresholds for matching by similarity.  A corrected notice usually moves a
 * date or an owner and keeps most words: 60% of the words in common is the
 * same task, 40% under the same ref.  Lower bars let the words every
 * directive shares ("Giao", "chủ trì", "báo cáo UBND tỉnh") pair two short,
 * different tasks.  A renumbered item
 * (a new item 2 pushes the old 2 to 3) has the same ref as a different task,
 * which is why the ref alone never decides.
 */
#define MATCH_MIN 0.6
#define MATCH_MIN_SAME_REF 0.4
#define MATCH_REF_BONUS 0.25
/* Above this many candidate pairs only tasks with the same ref are compared,
 * so a pathological notice cannot make matching quadratic in time. */
#define MATCH_MAX_PAIRS 1000000

/*
 * Pairs each task of the new text with at most one stored task: identical
 * text first (same ref preferred), then the most similar pairs greedily.
 * Fills match[i] with the index into old[], or -1 for a new task.
 */
static void match_tasks(const struct notice *n, struct old_task *old,
			size_t n_old, long *match)
{
	struct words *wn = NULL, *wo = NULL;
	struct pair *pairs = NULL;
	size_t i, j, np = 0;
	int pass, all_pairs;

	for (i = 0; i < n->n_tasks; i++)
		match[i] = -1;
	/* Identical text, with the same ref first, then any. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n->n_tasks; i++) {
			const struct notice_task *t = &n->tasks[i];
			for (j = 0; j < n_old && match[i] < 0; j++) {
				if (old[j].matched || !str_eq(old[j].text, t->text))
					continue;
				if (pass == 0 && !str_eq(old[j].ref, t->ref))
					continue;
				old[j].matched = 1;
				match[i] = (long)j;
			}
		}
	}
	all_pairs = n->n_tasks * n_old <= MATCH_MAX_PAIRS;
	wn = xcalloc(n->n_tasks ? n->n_tasks : 1, sizeof(*wn));
	wo = xcalloc(n_old ? n_old : 1, sizeof(*wo));
	for (i = 0; i < n->n_tasks; i++)
		if (match[i] < 0)
			words_init(&wn[i], n->tasks[i].text);
	for (j = 0; j < n_old; j++)
		if (!old[j].matched)
			words_init(&wo[j], old[j].text);
	for (i = 0; i < n->n_tasks; i++) {
		if (match[i] >= 0)
			continue;
		for (j = 0; j < n_old; j++) {
			int same_ref = str_eq(old[j].ref, n->tasks[i].ref);
			double sim;
			if (old[j].matched || (!all_pairs && !same_ref))
				continue;
			sim = similarity(&wn[i], &wo[j]);
			if (sim < (same_ref ? MATCH_MIN_SAME_REF : MATCH_MIN))
				continue;
			pairs = xrealloc(pairs, (np + 1) * sizeof(*pairs));
			pairs[np].i = i;
			pairs[np].j = j;
			/* Prefer the same ref, then a task still live. */
			pairs[np].score = sim + (same_ref ? MATCH_REF_BONUS : 0) +
					  (old[j].removed ? 0 : 0.01);
			np++;
		}
	}
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_cmp);
	for (i = 0; i < np; i++) {
		if (match[pairs[i].i] >= 0 || old[pairs[i].j].matched)
			continue;
		match[pairs[i].i] = (long)pairs[i].j;
		old[pairs[i].j].matched = 1;
	}
	for (i = 0; i < n->n_tasks; i++)
		words_release(&wn[i]);
	for (j = 0; j < n_old; j++)
		words_release(&wo[j]);
	free(wn);
	free(wo);
	free(pairs);
}

/* Updates a stored task to the new text's version of it. */
static int task_update(struct import_ctx *c, size_t pos,
		       const struct notice_task *t, struct old_task *o)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct wants w = {0};
	struct task_cols tc;
	cJSON *data = NULL, *changes;
	unsigned fields = 0;
	int owners_changed = 0, rc;

	task_cols(t, &tc);
	if (!str_eq(o->ref, t->ref))
		fields |= STORE_F_REF;
	if (!str_eq(o->text, t->text))
		fields |= STORE_F_TEXT;
	if (!str_eq(o->due, tc.due[0] ? tc.due : NULL) || !str_eq(o->due_kind, tc.due_kind))
		fields |= STORE_F_DUE;
	if (!str_eq(o->freq, tc.freq) || !str_eq(o->rrule, tc.rrule))
		fields |= STORE_F_RECURRENCE;

	/* Assignments first: their events come before the task's own. */
	if ((rc = plan_assignments(s, t, c->opts->units, c->now, &w,
				   &c->res->unknown_units, &c->owners, c->err)))
		goto out;
	if ((rc = assignments_apply(c, o->id, &w, &owners_changed)))
		goto out;
	if (owners_changed)
		fields |= STORE_F_OWNERS;

	if ((rc = sq_prep(s, SQL_TASK_UPDATE, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, o->id);
	bind_task(s, st, pos, t);
	sq_bind_text(s, st, 13, c->now);
	sq_bind_int(s, st, 14, fields || o->removed);
	if ((rc = sq_run(s, st, c->err)))
		goto out;

	if (o->removed) {
		if ((rc = task_event(c, o->id, 0, "restored", version_data(c))))
			goto out;
	}
	if (fields & ~(unsigned)STORE_F_OWNERS) {
		data = version_data(c);
		changes = cJSON_AddObjectToObject(data, "changes");
		if (fields & STORE_F_REF)
			add_from_to(changes, "ref", o->ref, t->ref);
		if (fields & STORE_F_TEXT)
			add_from_to(changes, "text", o->text, t->text);
		if (fields & STORE_F_DUE) {
			if (!str_eq(o->due, tc.due[0] ? tc.due : NULL))
				add_from_to(changes, "due", o->due, tc.due[0] ? tc.due : NULL);
			if (!str_eq(o->due_kind, tc.due_kind))
				add_from_to(changes, "due_kind", o->due_kind, tc.due_kind);
		}
		if (fields & STORE_F_RECURRENCE) {
			if (!str_eq(o->freq, tc.freq))
				add_from_to(changes, "freq", o->freq, tc.freq);
			if (!str_eq(o->rrule, tc.rrule))
				add_from_to(changes, "rrule", o->rrule, tc.rrule);
		}
		rc = task_event(c, o->id, 0, "updated", data);
		data = NULL;
		if (rc)
			goto out;
	}
	if (o->removed)
		add_change(c->res, o->id, t->ref, STORE_TASK_RESTORED, fields);
	else if (fields)
		add_change(c->res, o->id, t->ref, STORE_TASK_CHANGED, fields);
out:
	cJSON_Delete(data);
	wants_release(&w);
	return rc;
}

static int task_remove(struct import_ctx *c, const struct old_task *o)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_TASK_REMOVE, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, o->id);
	sq_bind_text(s, st, 2, c->now);
	if ((rc = sq_run(s, st, c->err)))
		return rc;
	if ((rc = task_event(c, o->id, 0, "removed", version_data(c))))
		return rc;
	add_change(c->res, o->id, o->ref, STORE_TASK_REMOVED, 0);
	return 0;
}

static int tasks_correct(struct import_ctx *c, const struct notice *n)
{
	struct old_task *old = NULL;
	long *match = NULL;
	size_t n_old = 0, i;
	long long id;
	int rc;

	if ((rc = load_old_tasks(c, &old, &n_old)))
		goto out;
	match = xcalloc(n->n_tasks ? n->n_tasks : 1, sizeof(*match));
	match_tasks(n, old, n_old, match);
	for (i = 0; i < n->n_tasks; i++) {
		if (match[i] >= 0) {
			rc = task_update(c, i, &n->tasks[i], &old[match[i]]);
		} else {
			rc = task_insert(c, i, &n->tasks[i], &id);
			if (!rc)
				add_change(c->res, id, n->tasks[i].ref, STORE_TASK_ADDED, 0);
		}
		if (rc)
			goto out;
	}
	for (i = 0; i < n_old; i++)
		if (!old[i].matched && !old[i].removed && (rc = task_remove(c, &old[i])))
			goto out;
out:
	free(match);
	old_tasks_free(old, n_old);
	return rc;
}

/* ---- Import: notices ----------------------------------------------------- */

static const char SQL_FIND_TEXT[] =
	"SELECT notice_id, version FROM notice_versions"
	" WHERE content_hash = ?1 AND source_text = ?2 ORDER BY id LIMIT 1";
static const char SQL_FIND_IDENTITY[] =
	"SELECT id FROM notices WHERE number = ?1 AND date IS ?2 AND date_year IS ?3"
	" AND date_month IS ?4 AND issuer IS ?5 ORDER BY id LIMIT 1";
static const char SQL_NOTICE_EXISTS[] = "SELECT id FROM notices WHERE id = ?1";
static const char SQL_NOTICE_INSERT[] =
	"INSERT INTO notices (number, type, issuer, place, date, date_year, date_month,"
	" title, signer, meeting_date, presider, imported_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
static const char SQL_NOTICE_UPDATE[] =
	"UPDATE notices SET number = ?1, type = ?2, issuer = ?3, place = ?4, date = ?5,"
	" date_year = ?6, date_month = ?7, title = ?8, signer = ?9, meeting_date = ?10,"
	" presider = ?11, updated_at = ?12 WHERE id = ?13";
static const char SQL_NOTICE_META[] =
	"SELECT number, type, issuer, place, date, date_year, date_month, title, signer,"
	" meeting_date, presider FROM notices WHERE id = ?1";
static const char SQL_VERSION_NEXT[] =
	"SELECT coalesce(max(version), 0) + 1 FROM notice_versions WHERE notice_id = ?1";
static const char SQL_VERSION_INSERT[] =
	"INSERT INTO notice_versions (notice_id, version, source_name, source_text,"
	" content_hash, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/*
 * FNV-1a, 64 bits, cut to 63 so it fits SQLite's signed integer.  Only an
 * index: equal hashes are confirmed by comparing the full text.
 */
static long long content_hash(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (long long)(h & 0x7fffffffffffffffULL);
}

/* Binds the metadata columns in the order of SQL_NOTICE_INSERT/UPDATE. */
static void bind_meta(struct store *s, sqlite3_stmt *st, const struct notice *n,
		      const char *now)
{
	sq_bind_text(s, st, 1, n->number);
	sq_bind_text(s, st, 2, n->type);
	sq_bind_text(s, st, 3, n->issuer);
	sq_bind_text(s, st, 4, n->place);
	sq_bind_date(s, st, 5, n->date);
	if (n->date.y > 0)
		sq_bind_int(s, st, 6, n->date.y);
	else
		sq_bind_id(s, st, 6, 0);
	if (n->date.y > 0 && n->date.m > 0)
		sq_bind_int(s, st, 7, n->date.m);
	else
		sq_bind_id(s, st, 7, 0);
	sq_bind_text(s, st, 8, n->title);
	sq_bind_text(s, st, 9, n->signer);
	sq_bind_date(s, st, 10, n->meeting_date);
	sq_bind_text(s, st, 11, n->presider);
	sq_bind_text(s, st, 12, now);
}

/* "2022-11-08", "2022-11" for a blank day, or NULL: a date for the history. */
static char *date_label(struct ymd d)
{
	if (d.y <= 0)
		return NULL;
	if (d.m <= 0)
		return xasprintf("%04d", d.y);
	if (d.d <= 0)
		return xasprintf("%04d-%02d", d.y, d.m);
	return xasprintf("%04d-%02d-%02d", d.y, d.m, d.d);
}

/* Loads the stored metadata and records what the new version changes. */
static int meta_diff(struct import_ctx *c, const struct notice *n, cJSON *changes)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	static const struct {
		int col;
		unsigned bit;
	} text_cols[] = {
		{0, STORE_M_NUMBER}, {1, STORE_M_TYPE}, {2, STORE_M_ISSUER},
		{3, STORE_M_PLACE}, {7, STORE_M_TITLE}, {8, STORE_M_SIGNER},
		{10, STORE_M_PRESIDER},
	};
	const char *new_vals[11];
	char *old_date = NULL, *new_date = NULL, *old_meet = NULL, *new_meet = NULL;
	struct ymd od;
	size_t i;
	int rc;

	new_vals[0] = n->number;
	new_vals[1] = n->type;
	new_vals[2] = n->issuer;
	new_vals[3] = n->place;
	new_vals[7] = n->title;
	new_vals[8] = n->signer;
	new_vals[10] = n->presider;
	if ((rc = sq_prep(s, SQL_NOTICE_META, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, c->notice_id);
	if ((rc = sq_step(s, st, c->err)) != 1) {
		if (rc == 0) {
			sq_done(st);
			rc = sq_fail(c->err, STORE_ENOTFOUND, "no notice %lld", c->notice_id);
		}
		return rc;
	}
	for (i = 0; i < sizeof(text_cols) / sizeof(text_cols[0]); i++) {
		const char *was = (const char *)sqlite3_column_text(st, text_cols[i].col);
		const char *is = new_vals[text_cols[i].col];
		if (!str_eq(was, is)) {
			c->res->meta_fields |= text_cols[i].bit;
			add_from_to(changes, store_meta_field_name(text_cols[i].bit), was, is);
		}
	}
	od = sq_col_date(st, 4);
	if (!od.y) {
		od.y = sqlite3_column_int(st, 5);
		od.m = sqlite3_column_int(st, 6);
	}
	old_date = date_label(od);
	new_date = date_label(n->date);
	if (!str_eq(old_date, new_date)) {
		c->res->meta_fields |= STORE_M_DATE;
		add_from_to(changes, "date", old_date, new_date);
	}
	old_meet = date_label(sq_col_date(st, 9));
	new_meet = date_label(n->meeting_date.d > 0 ? n->meeting_date : (struct ymd){0, 0, 0});
	if (!str_eq(old_meet, new_meet)) {
		c->res->meta_fields |= STORE_M_MEETING_DATE;
		add_from_to(changes, "meeting_date", old_meet, new_meet);
	}
	sq_done(st);
	free(old_date);
	free(new_date);
	free(old_meet);
	free(new_meet);
	return 0;
}

static int version_insert(struct import_ctx *c, const struct notice *n,
			  long long hash)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_VERSION_NEXT, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, c->notice_id);
	if ((rc = sq_step(s, st, c->err)) < 0)
		return rc;
	c->version = sqlite3_column_int(st, 0);
	sq_done(st);
	c->res->version = c->version;
	if ((rc = sq_prep(s, SQL_VERSION_INSERT, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, c->notice_id);
	sq_bind_int(s, st, 2, c->version);
	sq_bind_text(s, st, 3, c->opts->source_name);
	/* The text can be megabytes: bind it in place, it outlives the step. */
	sq_note_bind(s, sqlite3_bind_text(st, 4, n->text, -1, SQLITE_STATIC));
	sq_bind_int(s, st, 5, hash);
	sq_bind_text(s, st, 6, c->now);
	return sq_run(s, st, c->err);
}

/*
 * A new notice is written with a row in import_batch, which turns the
 * per-row FTS and feed-stamp triggers off (migration 7); import_stamp()
 * then does what they would have done, for the whole notice at once.
 * Every task, assignment and occurrence of a new notice is new, so the
 * notice's rows are exactly the rows the triggers would have seen.  On
 * the import connection (import_conn()) no trigger runs at all; the row
 * is kept so that the main connection, when it has to serve instead,
 * gives the same result.
 */
static const char SQL_BATCH_BEGIN[] =
	"INSERT INTO import_batch (id, notice_id) VALUES (1, ?1)";
static const char SQL_BATCH_FTS[] =
	"INSERT INTO task_fts (rowid, text)"
	" SELECT id, vn_fold(text) FROM tasks WHERE notice_id = ?1";
/*
 * feed_occ_insert's two UPDATEs, once per unit and once for the notice;
 * a notice names a few dozen units, so the counts are summed here with no
 * GROUP BY and its temporary b-tree.
 */
static const char SQL_BATCH_OCC_UNITS[] =
	"SELECT a.unit_id FROM tasks t JOIN assignments a ON a.task_id = t.id"
	" JOIN occurrences o ON o.assignment_id = a.id WHERE t.notice_id = ?1";
static const char SQL_BATCH_UNIT[] =
	"UPDATE units SET feed_gen = feed_gen + ?2,"
	" feed_changed = max(coalesce(feed_changed, ''), ?3) WHERE id = ?1";
static const char SQL_BATCH_NOTICE[] =
	"UPDATE notices SET feed_gen = feed_gen + ?2,"
	" feed_changed = max(coalesce(feed_changed, ''), ?3) WHERE id = ?1";
static const char SQL_BATCH_END[] = "DELETE FROM import_batch";

static int import_batch_begin(struct import_ctx *c)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(c->s, SQL_BATCH_BEGIN, &st, c->err)))
		return rc;
	sq_bind_int(c->s, st, 1, c->notice_id);
	return sq_run(c->s, st, c->err);
}

struct unit_count {
	long long unit_id, n;
};

static int bump(struct import_ctx *c, const char *sql, long long id, long long n)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(c->s, sql, &st, c->err)))
		return rc;
	sq_bind_int(c->s, st, 1, id);
	sq_bind_int(c->s, st, 2, n);
	sq_bind_text(c->s, st, 3, c->now);
	return sq_run(c->s, st, c->err);
}

/*
 * The batch's share of the triggers' work, with the triggers back on.
 * Every occurrence of a new notice was written with c->now as created_at.
 * The FTS insert comes last: once task_fts has pending terms, every
 * statement of the transaction that opens a savepoint flushes them.
 */
static int import_stamp(struct import_ctx *c)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct unit_count *v = NULL;
	size_t n = 0, alloc = 0, i;
	long long total = 0;
	int rc;

	if ((rc = sq_prep(s, SQL_BATCH_OCC_UNITS, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	while ((rc = sq_step(s, st, c->err)) == 1) {
		long long u = sqlite3_column_int64(st, 0);
		for (i = 0; i < n && v[i].unit_id != u; i++)
			;
		if (i == n) {
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 32;
				v = xrealloc(v, alloc * sizeof(*v));
			}
			v[n].unit_id = u;
			v[n++].n = 0;
		}
		v[i].n++;
		total++;
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	for (i = 0; i < n; i++)
		if ((rc = bump(c, SQL_BATCH_UNIT, v[i].unit_id, v[i].n)))
			goto out;
	if (total && (rc = bump(c, SQL_BATCH_NOTICE, c->notice_id, total)))
		goto out;
	if ((rc = sq_prep(s, SQL_BATCH_END, &st, c->err)) || (rc = sq_run(s, st, c->err)))
		goto out;
	if ((rc = sq_prep(s, SQL_BATCH_FTS, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	rc = sq_run(s, st, c->err);
out:
	free(v);
	return rc;
}

static int notice_new(struct import_ctx *c, const struct notice *n, long long hash)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	long long id;
	size_t i;
	int rc;

	if ((rc = sq_prep(s, SQL_NOTICE_INSERT, &st, c->err)))
		return rc;
	bind_meta(s, st, n, c->now);
	if ((rc = sq_run(s, st, c->err)))
		return rc;
	c->notice_id = sqlite3_last_insert_rowid(s->db);
	c->res->notice_id = c->notice_id;
	c->res->status = STORE_IMPORT_NEW;
	if ((rc = import_batch_begin(c)))
		return rc;
	if ((rc = version_insert(c, n, hash)))
		return rc;
	if ((rc = notice_event(c, "imported", version_data(c))))
		return rc;
	for (i = 0; i < n->n_tasks; i++)
		if ((rc = task_insert(c, i, &n->tasks[i], &id)))
			return rc;
	return 0;
}

static int notice_correct(struct import_ctx *c, const struct notice *n,
			  long long hash)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	cJSON *data = NULL, *changes;
	size_t i;
	int rc;

	c->res->notice_id = c->notice_id;
	c->res->status = STORE_IMPORT_CORRECTED;
	data = cJSON_CreateObject();
	changes = cJSON_AddObjectToObject(data, "changes");
	if ((rc = meta_diff(c, n, changes)))
		goto out;
	if ((rc = sq_prep(s, SQL_NOTICE_UPDATE, &st, c->err)))
		goto out;
	bind_meta(s, st, n, c->now);
	sq_bind_int(s, st, 13, c->notice_id);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	if ((rc = version_insert(c, n, hash)))
		goto out;
	if ((rc = tasks_correct(c, n)))
		goto out;
	/* The notice's event sums up what the tasks' events hold in detail. */
	cJSON_AddNumberToObject(data, "version", c->version);
	if (c->opts->source_name)
		cJSON_AddStringToObject(data, "source", c->opts->source_name);
	{
		cJSON *tc = cJSON_AddArrayToObject(data, "tasks");
		static const char *const kinds[] = {"added", "changed", "removed", "restored"};
		for (i = 0; i < c->res->n_changes; i++) {
			const struct store_task_change *ch = &c->res->changes[i];
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "task_id", (double)ch->task_id);
			cJSON_AddStringToObject(o, "change", kinds[ch->kind]);
			cJSON_AddItemToArray(tc, o);
		}
	}
	rc = notice_event(c, "corrected", data);
	data = NULL;
out:
	cJSON_Delete(data);
	return rc;
}

/* Looks for an earlier import of exactly this text. */
static int find_same_text(struct import_ctx *c, const struct notice *n,
			  long long hash, int *found)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc;

	*found = 0;
	if ((rc = sq_prep(s, SQL_FIND_TEXT, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, hash);
	sq_note_bind(s, sqlite3_bind_text(st, 2, n->text, -1, SQLITE_STATIC));
	if ((rc = sq_step(s, st, c->err)) < 0)
		return rc;
	if (rc == 1) {
		*found = 1;
		c->res->notice_id = sqlite3_column_int64(st, 0);
		c->res->version = sqlite3_column_int(st, 1);
	}
	sq_done(st);
	return 0;
}

/* Checks that the notice --replace names exists. */
static int check_replace_id(struct import_ctx *c)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_NOTICE_EXISTS, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, c->opts->replace_id);
	if ((rc = sq_step(s, st, c->err)) < 0)
		return rc;
	sq_done(st);
	if (!rc)
		return sq_fail(c->err, STORE_ENOTFOUND, "no notice %lld to replace",
			    c->opts->replace_id);
	return 0;
}

/* The stored notice this one corrects, or 0. */
static int find_corrected(struct import_ctx *c, const struct notice *n,
			  long long *id)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	if (c->opts->replace_id) {
		*id = c->opts->replace_id;
		return 0;
	}
	/* A notice with no number is told apart by its text alone. */
	if (!n->number || !n->number[0])
		return 0;
	if ((rc = sq_prep(s, SQL_FIND_IDENTITY, &st, c->err)))
		return rc;
	sq_bind_text(s, st, 1, n->number);
	sq_bind_date(s, st, 2, n->date);
	if (n->date.y > 0)
		sq_bind_int(s, st, 3, n->date.y);
	if (n->date.y > 0 && n->date.m > 0)
		sq_bind_int(s, st, 4, n->date.m);
	sq_bind_text(s, st, 5, n->issuer);
	if ((rc = sq_step(s, st, c->err)) < 0)
		return rc;
	if (rc == 1)
		*id = sqlite3_column_int64(st, 0);
	sq_done(st);
	return 0;
}

/*
 * The connection new notices are imported through: the same database with
 * triggers off (SQLITE_DBCONFIG_ENABLE_TRIGGER), opened on first use.
 * A new notice's rows are all new, and on them the only triggers that
 * would fire are the three that migration 7 already makes stand aside
 * for an import (FTS rows, feed stamps), whose work import_stamp() does
 * once per notice.  Standing aside is not free: a trigger on a table makes
 * each INSERT ... SELECT copy its rows into a temporary table first and
 * run the trigger's program, WHEN clause and all, for every row, a tenth
 * of an import's instructions for the few hundred rows of a notice.
 * Statements are prepared against the trigger setting of their
 * connection, and changing it re-prepares every statement, so it is a
 * connection of its own.  Corrected versions go through the main
 * connection with every trigger.  NULL (and the main connection serves)
 * if it cannot be opened.
 */
static struct store *import_conn(struct store *s)
{
	const char *path = sqlite3_db_filename(s->db, "main");
	struct store_err err;
	int off = -1;

	if (s->imp || !path || !path[0])
		return s->imp;
	if (open_conn(path, 0, &s->imp, &err))
		return NULL;
	if (sqlite3_db_config(s->imp->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off) !=
	    SQLITE_OK || off != 0 || sq_ckpt_start(s->imp, &err))
		store_close(&s->imp);
	else
		s->imp->triggers_checked = -1;
	return s->imp;
}

/*
 * The schema's triggers, by name, that import_conn() was written against:
 * the three INSERT triggers import_stamp() stands in for, and the UPDATE
 * and DELETE triggers of rows and columns a new notice's import does not
 * write.  A database with any other trigger (a later migration, or one an
 * administrator added) imports through the main connection, where every
 * trigger fires; test_store pins this list so that a migration adding a
 * trigger updates it after deciding what import_stamp() must do.
 */
static const char KNOWN_TRIGGERS[] =
	"feed_assignment_insert feed_assignment_update feed_notice_update"
	" feed_occ_delete feed_occ_insert feed_occ_update feed_task_update"
	" remind_changed_assignment remind_changed_gone remind_changed_occ"
	" remind_changed_task tasks_fts_delete tasks_fts_insert tasks_fts_update";
static const char SQL_SCHEMA_VERSION[] = "PRAGMA schema_version";
static const char SQL_TRIGGER_NAMES[] =
	"SELECT group_concat(name, ' ') FROM"
	" (SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name)";

/* Whether the schema's triggers are KNOWN_TRIGGERS; read once per schema version. */
static int triggers_known(struct store *imp, int *known, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	long long v;
	int rc;

	if ((rc = sq_prep(imp, SQL_SCHEMA_VERSION, &st, err)) ||
	    (rc = sq_step(imp, st, err)) < 0)
		return rc;
	v = sqlite3_column_int64(st, 0);
	sq_done(st);
	if (v != imp->triggers_checked) {
		if ((rc = sq_prep(imp, SQL_TRIGGER_NAMES, &st, err)) ||
		    (rc = sq_step(imp, st, err)) < 0)
			return rc;
		imp->triggers_known = rc == 1 && sqlite3_column_text(st, 0) &&
			!strcmp((const char *)sqlite3_column_text(st, 0), KNOWN_TRIGGERS);
		sq_done(st);
		imp->triggers_checked = v;
	}
	*known = imp->triggers_known;
	return 0;
}

/*
 * store_import() through `s`.  With `new_only` (the import connection),
 * NOT_NEW and nothing written for a notice already stored, or when the
 * schema has triggers the connection does not know.
 */
#define NOT_NEW 1

static int import_on(struct store *s, const struct notice *n, struct import_ctx *c,
		     int new_only)
{
	long long hash = content_hash(n->text), target;
	int found = 0, rc;

	c->s = s;
	owners_release(&c->owners); /* another transaction: look again */
	if ((rc = sq_begin(s, c->err)))
		return rc;
	if (new_only) {
		int known = 0;
		if ((rc = triggers_known(s, &known, c->err)))
			goto out;
		if (!known) {
			rc = NOT_NEW;
			goto out;
		}
	}
	if (c->opts->replace_id && (rc = check_replace_id(c)))
		goto out;
	if ((rc = find_same_text(c, n, hash, &found)))
		goto out;
	if (found) {
		c->res->status = STORE_IMPORT_UNCHANGED;
		goto out;
	}
	if ((rc = find_corrected(c, n, &target)))
		goto out;
	if (target && new_only) {
		rc = NOT_NEW;
		goto out;
	}
	if (target) {
		c->notice_id = target;
		rc = notice_correct(c, n, hash);
	} else {
		rc = notice_new(c, n, hash);
	}
	if (rc)
		goto out;
	if (target)
		rc = life_sync_notice(s, c->notice_id, c->opts->today, c->now, c->err);
	else
		rc = life_sync_new_notice(s, c->notice_id, c->opts->today, c->now, c->err);
	if (rc)
		goto out;
	if (!target && (rc = import_stamp(c)))
		goto out;
	rc = sq_commit(s, c->err);
out:
	if (rc || found)
		sq_rollback(s); /* failed, not new, or read only: nothing to keep */
	return rc;
}

int store_import(struct store *s, const struct notice *n,
		 const struct store_import_opts *opts,
		 struct store_import_result *res, struct store_err *err)
{
	struct store_import_opts none = {NULL, NULL, NULL, 0, {0, 0, 0}};
	struct store *imp;
	struct import_ctx c;
	int rc = NOT_NEW;

	memset(res, 0, sizeof(*res));
	memset(err, 0, sizeof(*err));
	if (!n || !n->text)
		return sq_fail(err, STORE_EINVAL, "notice has no text");
	memset(&c, 0, sizeof(c));
	c.opts = opts ? opts : &none;
	c.actor = c.opts->actor ? c.opts->actor : "import";
	c.res = res;
	c.err = err;
	sq_stamp_now(c.now);
	res->n_tasks = n->n_tasks;

	if (!c.opts->replace_id && (imp = import_conn(s)))
		rc = import_on(imp, n, &c, 1);
	if (rc == NOT_NEW)
		rc = import_on(s, n, &c, 0);
	owners_release(&c.owners);
	if (rc)
		store_import_result_release(res);
	return rc;
}

void store_import_result_release(struct store_import_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n_changes; i++)
		free(r->changes[i].ref);
	free(r->changes);
	strlist_release(&r->unknown_units);
	memset(r, 0, sizeof(*r));
}

const char *store_task_field_name(unsigned f)
{
	static const char *const names[] = {"ref", "text", "due", "recurrence", "owners"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & (1u << i))
			return names[i];
	return NULL;
}

const char *store_meta_field_name(unsigned f)
{
	static const char *const names[] = {
		"number", "type", "issuer", "place", "date", "title", "signer",
		"meeting_date", "presider",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & (1u << i))
			return names[i];
	return NULL;
}

/* ---- Reading: tasks ------------------------------------------------------ */

static const char SQL_TASKS[] =
	"SELECT t.id, t.notice_id, n.number, t.position, t.ref, t.text, t.line,"
	" t.span_start, t.span_end, t.due, t.due_kind, t.due_text, t.freq, t.rrule,"
	" t.created_at, t.updated_at, t.removed_at"
	" FROM tasks t JOIN notices n ON n.id = t.notice_id"
	" WHERE (?1 IS NULL OR t.notice_id = ?1)"
	" AND (?2 IS NULL OR t.due >= ?2) AND (?3 IS NULL OR t.due <= ?3)"
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id"
	"      AND a.removed_at IS NULL AND (a.unit_id = ?4 OR a.via_group_id = ?4)))"
	" AND (?5 OR t.removed_at IS NULL)"
	" AND (?6 IS NULL OR t.id = ?6)"
	" ORDER BY t.notice_id, t.removed_at IS NOT NULL, t.position, t.id";
static const char SQL_TASK_ASSIGNMENTS[] =
	"SELECT a.id, u.name, u.email, a.role = 'lead', g.name, a.state,"
	" a.removed_at IS NOT NULL FROM assignments a JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN units g ON g.id = a.via_group_id WHERE a.task_id = ?1"
	" ORDER BY a.removed_at IS NOT NULL, a.role <> 'lead', a.id";
static const char SQL_TASK_EVENTS[] =
	"SELECT id, task_id, assignment_id, kind, actor, at, note, data"
	" FROM task_events WHERE task_id = ?1 ORDER BY id";
static const char SQL_NOTICE_EVENTS[] =
	"SELECT id, 0, NULL, kind, actor, at, note, data"
	" FROM notice_events WHERE notice_id = ?1 ORDER BY id";

static void event_release(struct store_event *e)
{
	free(e->kind);
	free(e->actor);
	free(e->at);
	free(e->note);
	free(e->data);
}

static void events_free(struct store_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		event_release(&v[i]);
	free(v);
}

static int load_events(struct store *s, const char *sql, long long id,
		       struct store_event **out, size_t *n,
		       struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_event *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_event *e;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		e = &v[(*n)++];
		e->id = sqlite3_column_int64(st, 0);
		e->task_id = sqlite3_column_int64(st, 1);
		e->assignment_id = sqlite3_column_int64(st, 2);
		e->kind = sq_col_str(st, 3);
		e->actor = sq_col_str(st, 4);
		e->at = sq_col_str(st, 5);
		e->note = sq_col_str(st, 6);
		e->data = sq_col_str(st, 7);
	}
	sq_done(st);
	if (rc < 0) {
		events_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int load_assignments(struct store *s, struct store_task *t,
			    struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_TASK_ASSIGNMENTS, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, t->id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_assignment *a;
		t->assignments = xrealloc(t->assignments,
					  (t->n_assignments + 1) * sizeof(*a));
		a = &t->assignments[t->n_assignments++];
		a->id = sqlite3_column_int64(st, 0);
		a->unit = sq_col_str(st, 1);
		a->email = sq_col_str(st, 2);
		a->lead = sqlite3_column_int(st, 3);
		a->via_group = sq_col_str(st, 4);
		a->state = sq_col_str(st, 5);
		a->removed = sqlite3_column_int(st, 6);
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static void task_from_row(sqlite3_stmt *st, struct store_task *t, struct ymd today)
{
	char *kind, *freq;

	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->notice_id = sqlite3_column_int64(st, 1);
	t->notice_number = sq_col_str(st, 2);
	t->position = sqlite3_column_int(st, 3);
	t->ref = sq_col_str(st, 4);
	t->text = sq_col_str(st, 5);
	t->line = sqlite3_column_int(st, 6);
	t->span_start = sqlite3_column_int64(st, 7);
	t->span_end = sqlite3_column_int64(st, 8);
	t->due = sq_col_date(st, 9);
	kind = sq_col_str(st, 10);
	t->due_kind = sq_kind_parse(kind);
	free(kind);
	t->due_text = sq_col_str(st, 11);
	freq = sq_col_str(st, 12);
	t->freq = sq_freq_parse(freq);
	free(freq);
	t->rrule = sq_col_str(st, 13);
	t->created_at = sq_col_str(st, 14);
	t->updated_at = sq_col_str(st, 15);
	t->removed_at = sq_col_str(st, 16);
	t->state = status_compute(t->due, t->due_kind, today, STATUS_SOON_DAYS);
}

/* The task query behind list, show and get; task_id 0 means any. */
static int query_tasks(struct store *s, const struct store_task_filter *f,
		       long long unit_id, long long task_id,
		       struct store_task_list *out, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i, alloc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sq_prep(s, SQL_TASKS, &st, err)))
		return rc;
	sq_bind_id(s, st, 1, f->notice_id);
	sq_bind_date(s, st, 2, f->due_from);
	sq_bind_date(s, st, 3, f->due_to);
	sq_bind_id(s, st, 4, unit_id);
	sq_bind_int(s, st, 5, f->include_removed ? 1 : 0);
	sq_bind_id(s, st, 6, task_id);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_task t;
		task_from_row(st, &t, f->today);
		if ((f->status >= 0 && (int)t.state.status != f->status) ||
		    (f->due_soon && !t.state.due_soon)) {
			store_task_release(&t);
			continue;
		}
		if (out->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			out->v = xrealloc(out->v, alloc * sizeof(*out->v));
		}
		out->v[out->n++] = t;
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < out->n; i++)
		if ((rc = load_assignments(s, &out->v[i], err)))
			goto out;
out:
	if (rc)
		store_task_list_release(out);
	return rc;
}

int store_list_tasks(struct store *s, const struct store_task_filter *f,
		     struct store_task_list *out, struct store_err *err)
{
	long long unit_id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (f->unit) {
		if ((rc = unit_id_by_name(s, f->unit, &unit_id, NULL, NULL, err)))
			return rc;
		if (!unit_id)
			return sq_fail(err, STORE_ENOTFOUND, "no unit named '%s'", f->unit);
	}
	return query_tasks(s, f, unit_id, 0, out, err);
}

int store_get_task(struct store *s, long long id, struct ymd today,
		   struct store_task **out, struct store_err *err)
{
	struct store_task_filter f;
	struct store_task_list l = {0};
	struct store_task *t = NULL;
	int rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.today = today;
	f.include_removed = 1;
	if (id <= 0)
		return sq_fail(err, STORE_ENOTFOUND, "no task %lld", id);
	if ((rc = query_tasks(s, &f, 0, id, &l, err)))
		goto out;
	if (!l.n) {
		rc = sq_fail(err, STORE_ENOTFOUND, "no task %lld", id);
		goto out;
	}
	t = xmalloc(sizeof(*t));
	*t = l.v[0];
	l.n = 0; /* moved into t */
	if ((rc = load_events(s, SQL_TASK_EVENTS, id, &t->events, &t->n_events, err)))
		goto out;
	*out = t;
	t = NULL;
out:
	store_task_free(&t);
	store_task_list_release(&l);
	return rc;
}

void store_task_release(struct store_task *t)
{
	size_t i;

	if (!t)
		return;
	free(t->notice_number);
	free(t->ref);
	free(t->text);
	free(t->due_text);
	free(t->rrule);
	free(t->created_at);
	free(t->updated_at);
	free(t->removed_at);
	for (i = 0; i < t->n_assignments; i++) {
		free(t->assignments[i].unit);
		free(t->assignments[i].email);
		free(t->assignments[i].via_group);
		free(t->assignments[i].state);
	}
	free(t->assignments);
	events_free(t->events, t->n_events);
	memset(t, 0, sizeof(*t));
}

void store_task_free(struct store_task **t)
{
	if (!t || !*t)
		return;
	store_task_release(*t);
	free(*t);
	*t = NULL;
}

void store_task_list_release(struct store_task_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		store_task_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- Reading: notices ---------------------------------------------------- */

static const char SQL_NOTICE_GET[] =
	"SELECT n.id, n.number, n.type, n.issuer, n.place, n.date, n.date_year,"
	" n.date_month, n.title, n.signer, n.meeting_date, n.presider, v.source_name,"
	" v.source_text, v.version, n.imported_at, n.updated_at"
	" FROM notices n JOIN notice_versions v ON v.notice_id = n.id"
	" WHERE n.id = ?1 ORDER BY v.version DESC LIMIT 1";
static const char SQL_NOTICE_LIST[] =
	"SELECT n.id, n.number, n.type, n.title, n.date, n.date_year, n.date_month,"
	" (SELECT max(version) FROM notice_versions v WHERE v.notice_id = n.id),"
	" (SELECT count(*) FROM tasks t WHERE t.notice_id = n.id AND t.removed_at IS NULL)"
	" FROM notices n ORDER BY n.id";

static struct ymd col_partial_date(sqlite3_stmt *st, int iso, int year, int month)
{
	struct ymd d = sq_col_date(st, iso);

	if (!d.y) {
		d.y = sqlite3_column_int(st, year);
		d.m = sqlite3_column_int(st, month);
	}
	return d;
}

int store_get_notice(struct store *s, long long id, struct ymd today,
		     struct store_notice **out, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_notice *n = NULL;
	struct store_task_filter f;
	int rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_NOTICE_GET, &st, err)))
		goto out;
	sq_bind_int(s, st, 1, id);
	if ((rc = sq_step(s, st, err)) < 0)
		goto out;
	if (rc == 0) {
		sq_done(st);
		rc = sq_fail(err, STORE_ENOTFOUND, "no notice %lld", id);
		goto out;
	}
	n = xcalloc(1, sizeof(*n));
	n->id = sqlite3_column_int64(st, 0);
	n->number = sq_col_str(st, 1);
	n->type = sq_col_str(st, 2);
	n->issuer = sq_col_str(st, 3);
	n->place = sq_col_str(st, 4);
	n->date = col_partial_date(st, 5, 6, 7);
	n->title = sq_col_str(st, 8);
	n->signer = sq_col_str(st, 9);
	n->meeting_date = sq_col_date(st, 10);
	n->presider = sq_col_str(st, 11);
	n->source_name = sq_col_str(st, 12);
	n->source_text = sq_col_str(st, 13);
	n->version = sqlite3_column_int(st, 14);
	n->imported_at = sq_col_str(st, 15);
	n->updated_at = sq_col_str(st, 16);
	sq_done(st);
	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.notice_id = id;
	f.today = today;
	f.include_removed = 1;
	if ((rc = query_tasks(s, &f, 0, 0, &n->tasks, err)))
		goto out;
	if ((rc = load_events(s, SQL_NOTICE_EVENTS, id, &n->events, &n->n_events, err)))
		goto out;
	*out = n;
	n = NULL;
out:
	store_notice_free(&n);
	return rc;
}

void store_notice_free(struct store_notice **np)
{
	struct store_notice *n = np ? *np : NULL;

	if (!n)
		return;
	free(n->number);
	free(n->type);
	free(n->issuer);
	free(n->place);
	free(n->title);
	free(n->signer);
	free(n->presider);
	free(n->source_name);
	free(n->source_text);
	free(n->imported_at);
	free(n->updated_at);
	store_task_list_release(&n->tasks);
	events_free(n->events, n->n_events);
	free(n);
	*np = NULL;
}

int store_list_notices(struct store *s, struct store_notice_list *out,
		       struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_NOTICE_LIST, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_notice_brief *b;
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		b = &out->v[out->n++];
		b->id = sqlite3_column_int64(st, 0);
		b->number = sq_col_str(st, 1);
		b->type = sq_col_str(st, 2);
		b->title = sq_col_str(st, 3);
		b->date = col_partial_date(st, 4, 5, 6);
		b->version = sqlite3_column_int(st, 7);
		b->n_tasks = (size_t)sqlite3_column_int64(st, 8);
	}
	sq_done(st);
	if (rc < 0) {
		store_notice_list_release(out);
		return rc;
	}
	return 0;
}

void store_notice_list_release(struct store_notice_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].number);
		free(l->v[i].type);
		free(l->v[i].title);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- Reading: units ------------------------------------------------------ */

static const char SQL_UNITS_LIST[] =
	"SELECT u.id, u.name, u.email, u.is_group, u.in_directory,"
	" coalesce(k.count, 0), k.first_seen_notice,"
	" (SELECT count(*) FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"  WHERE a.unit_id = u.id AND a.removed_at IS NULL AND t.removed_at IS NULL)"
	" FROM units u LEFT JOIN unknown_units k ON k.unit_id = u.id"
	" WHERE u.in_directory = 1 OR k.unit_id IS NOT NULL"
	" ORDER BY u.in_directory DESC, u.dir_position, k.count DESC, u.name";
static const char SQL_UNIT_ALIASES[] =
	"SELECT alias FROM unit_aliases WHERE unit_id = ?1 ORDER BY position";
static const char SQL_UNIT_MEMBERS[] =
	"SELECT u.name FROM group_members m JOIN units u ON u.id = m.member_id"
	" WHERE m.group_id = ?1 ORDER BY m.position";

static int load_names(struct store *s, const char *sql, long long id,
		      struct strlist *out, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, id);
	while ((rc = sq_step(s, st, err)) == 1)
		strlist_add(out, (const char *)sqlite3_column_text(st, 0));
	sq_done(st);
	return rc < 0 ? rc : 0;
}

int store_list_units(struct store *s, struct store_unit_list *out,
		     struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_UNITS_LIST, &st, err)))
		return rc;
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_unit *u;
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		u = &out->v[out->n++];
		memset(u, 0, sizeof(*u));
		u->id = sqlite3_column_int64(st, 0);
		u->name = sq_col_str(st, 1);
		u->email = sq_col_str(st, 2);
		u->is_group = sqlite3_column_int(st, 3);
		u->in_directory = sqlite3_column_int(st, 4);
		u->unknown_count = (long)sqlite3_column_int64(st, 5);
		u->first_seen_notice = sqlite3_column_int64(st, 6);
		u->open_assignments = (long)sqlite3_column_int64(st, 7);
	}
	sq_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < out->n; i++) {
		struct store_unit *u = &out->v[i];
		if ((rc = load_names(s, SQL_UNIT_ALIASES, u->id, &u->aliases, err)))
			goto out;
		if (u->is_group &&
		    (rc = load_names(s, SQL_UNIT_MEMBERS, u->id, &u->members, err)))
			goto out;
	}
out:
	if (rc)
		store_unit_list_release(out);
	return rc;
}

void store_unit_list_release(struct store_unit_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].email);
		strlist_release(&l->v[i].aliases);
		strlist_release(&l->v[i].members);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static const char SQL_COUNTS[] =
	"SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM notice_versions),"
	" (SELECT count(*) FROM tasks WHERE removed_at IS NULL),"
	" (SELECT count(*) FROM assignments a JOIN tasks t ON t.id = a.task_id"
	"  WHERE a.removed_at IS NULL AND t.removed_at IS NULL),"
	" (SELECT count(*) FROM task_events)";

int store_counts(struct store *s, struct store_counts *out, struct store_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if ((rc = sq_prep(s, SQL_COUNTS, &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) < 0)
		return rc;
	out->notices = (long)sqlite3_column_int64(st, 0);
	out->versions = (long)sqlite3_column_int64(st, 1);
	out->tasks = (long)sqlite3_column_int64(st, 2);
	out->assignments = (long)sqlite3_column_int64(st, 3);
	out->events = (long)sqlite3_column_int64(st, 4);
	sq_done(st);
	return 0;
}
