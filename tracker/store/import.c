/*
 * import.c - store_import(): a notice's identity (same text, a corrected
 * version, or new), its metadata and versions, in one transaction.
 */
#include "tracker/store/import_int.h"

#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/life.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

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
			rc = err_set(c->err, ERR_NOTFOUND, "no notice %lld", c->notice_id);
		}
		return rc;
	}
	for (i = 0; i < sizeof(text_cols) / sizeof(text_cols[0]); i++) {
		const char *was = (const char *)sqlite3_column_text(st, text_cols[i].col);
		const char *is = new_vals[text_cols[i].col];
		if (!imp_str_eq(was, is)) {
			c->res->meta_fields |= text_cols[i].bit;
			imp_add_from_to(changes, store_meta_field_name(text_cols[i].bit), was, is);
		}
	}
	od = sq_col_date(st, 4);
	if (!od.y) {
		od.y = sqlite3_column_int(st, 5);
		od.m = sqlite3_column_int(st, 6);
	}
	old_date = date_label(od);
	new_date = date_label(n->date);
	if (!imp_str_eq(old_date, new_date)) {
		c->res->meta_fields |= STORE_M_DATE;
		imp_add_from_to(changes, "date", old_date, new_date);
	}
	old_meet = date_label(sq_col_date(st, 9));
	new_meet = date_label(n->meeting_date.d > 0 ? n->meeting_date : (struct ymd){0, 0, 0});
	if (!imp_str_eq(old_meet, new_meet)) {
		c->res->meta_fields |= STORE_M_MEETING_DATE;
		imp_add_from_to(changes, "meeting_date", old_meet, new_meet);
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
 * the import connection (sq_import_conn()) no trigger runs at all; the row
 * is kept so that the main connection, when it has to serve instead,
 * gives the same result.
 */
static const char SQL_BATCH_BEGIN[] =
	"INSERT INTO import_batch (id, notice_id) VALUES (1, ?1)";
static const char SQL_BATCH_SYLLABLES[] =
	"INSERT INTO task_syllables SELECT DISTINCT j.value FROM tasks t,"
	" json_each(vn_syllables(t.text)) j WHERE t.notice_id = ?1"
	" AND NOT EXISTS (SELECT 1 FROM task_syllables WHERE syl = j.value)";
/*
 * item_fts_insert's work: a task's items share its text (their copy of
 * it), and a recurring task has dozens of periods, so each task's
 * document is written once (ITEM_FTS_DOC's columns, from it).
 */
static const char SQL_BATCH_FTS[] =
	"WITH d AS MATERIALIZED (SELECT id, vn_words(text) AS doc FROM tasks WHERE notice_id = ?1)"
	" INSERT INTO item_fts (rowid, text, later) SELECT " ITEM_FTS_KEY(o) ", "
	ITEM_FTS_COLS(o, "d.doc") " FROM occurrences o JOIN d ON d.id = o.task_id WHERE o.notice_id = ?1 AND o.live = 1";
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
/*
 * occurrence_counts_insert's and occurrence_months_insert's work
 * (migrations 19, 23, 24), once for the notice: the keys of its live items.
 */
#define BATCH_KEYS                                                                     \
	"WITH k(" OCC_KEY_COLS ") AS (SELECT " OCC_KEY_SHOWN(o)                          \
	" FROM tasks t JOIN assignments a ON a.task_id = t.id"                            \
	" JOIN occurrences o ON o.assignment_id = a.id WHERE t.notice_id = ?1 AND o.live = 1)"
static const char SQL_BATCH_COUNTS[] =
	BATCH_KEYS " INSERT INTO occurrence_counts (" OCC_KEY_COLS ", n)"
	" SELECT " OCC_KEY_COLS ", count(*) FROM k WHERE 1 GROUP BY " OCC_KEY_COLS
	" ON CONFLICT (" OCC_KEY_COLS ") DO UPDATE SET n = n + excluded.n";
static const char SQL_BATCH_MONTHS[] =
	BATCH_KEYS " INSERT INTO occurrence_months (month, state, late, on_time, extended, shown, n)"
	" SELECT substr(day, 1, 7), state, late, on_time, extended, shown, count(*) FROM k"
	" WHERE 1 GROUP BY 1, 2, 3, 4, 5, 6"
	" ON CONFLICT (month, state, late, on_time, extended, shown) DO UPDATE SET n = n + excluded.n";
#undef BATCH_KEYS
static const char SQL_BATCH_END[] = "DELETE FROM import_batch";
/* count_assignment_insert's work (the overview's kept counts, counts.c):
 * the notice's assignments did not exist when the counts were kept. */
static const char SQL_BATCH_DIRTY[] =
	"INSERT INTO count_dirty (assignment_id) SELECT a.id FROM tasks t"
	" JOIN assignments a ON a.task_id = t.id WHERE t.notice_id = ?1"
	" AND EXISTS (SELECT 1 FROM count_snapshot)"
	" AND NOT EXISTS (SELECT 1 FROM count_dirty d WHERE d.assignment_id = a.id)";
static const char SQL_BATCH_COUNTED[] =
	"UPDATE count_snapshot SET marked = marked + ?1 + (SELECT count(*) FROM tasks t"
	" JOIN assignments a ON a.task_id = t.id JOIN occurrences o ON o.assignment_id = a.id"
	" WHERE t.notice_id = ?2)";
static const char SQL_BATCH_ENOUGH[] = "DELETE FROM count_snapshot WHERE marked > 5000";

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
 * The FTS insert comes last: once item_fts has pending terms, every
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
			ALLOC_GROW(v, n + 1, alloc);
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
	if ((rc = sq_prep(s, SQL_BATCH_COUNTS, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	if ((rc = sq_prep(s, SQL_BATCH_MONTHS, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	if ((rc = sq_prep(s, SQL_BATCH_DIRTY, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	if ((rc = sq_run(s, st, c->err)))
		goto out;
	/* Right after the marks: sqlite3_changes64() is how many it made. */
	if ((rc = sq_prep(s, SQL_BATCH_COUNTED, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, sqlite3_changes64(s->db));
	sq_bind_int(s, st, 2, c->notice_id);
	if ((rc = sq_run(s, st, c->err)) ||
	    (rc = sq_prep(s, SQL_BATCH_ENOUGH, &st, c->err)) || (rc = sq_run(s, st, c->err)))
		goto out;
	if ((rc = sq_prep(s, SQL_BATCH_SYLLABLES, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, c->notice_id);
	if ((rc = sq_run(s, st, c->err)))
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
	if ((rc = imp_notice_event(c, "imported", imp_version_data(c))))
		return rc;
	for (i = 0; i < n->n_tasks; i++)
		if ((rc = imp_task_insert(c, i, &n->tasks[i], &id)))
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
	if ((rc = imp_tasks_correct(c, n)))
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
	rc = imp_notice_event(c, "corrected", data);
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
		return err_set(c->err, ERR_NOTFOUND, "no notice %lld to replace",
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
	imp_owners_release(&c->owners); /* another transaction: look again */
	if ((rc = sq_begin(s, c->err)))
		return rc;
	if (new_only) {
		int known = 0;
		if ((rc = sq_triggers_known(s, &known, c->err)))
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
		 struct store_import_result *res, struct err *err)
{
	struct store_import_opts none = {NULL, NULL, NULL, 0, {0, 0, 0}};
	struct store *imp;
	struct import_ctx c;
	int rc = NOT_NEW;

	memset(res, 0, sizeof(*res));
	memset(err, 0, sizeof(*err));
	if (!n || !n->text)
		return err_set(err, ERR_INVAL, "notice has no text");
	memset(&c, 0, sizeof(c));
	c.opts = opts ? opts : &none;
	c.actor = c.opts->actor ? c.opts->actor : "import";
	c.res = res;
	c.err = err;
	sq_stamp_now(c.now);
	res->n_tasks = n->n_tasks;

	if (!c.opts->replace_id && (imp = sq_import_conn(s)))
		rc = import_on(imp, n, &c, 1);
	if (rc == NOT_NEW)
		rc = import_on(s, n, &c, 0);
	imp_owners_release(&c.owners);
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
