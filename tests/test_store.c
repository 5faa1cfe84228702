/*
 * test_store.c - unit tests of the store and of task statuses, on notices
 * built by hand so they do not depend on the parser's judgement: identity
 * by content, corrected versions (renumbered, changed, removed and restored
 * tasks), group expansion, unknown units, list filters, and the deadline
 * arithmetic of "trước ngày X" / "chậm nhất ngày X".
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tracker/core/status.h"
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/read.h"
#include "tracker/store/units.h"
#include "tracker/store/store_int.h"

static const char units_json[] =
	"{\"units\": ["
	" {\"name\": \"Sở Nội vụ\", \"aliases\": [\"SNV\"], \"email\": \"snv@binhson.example\"},"
	" {\"name\": \"Sở Tư pháp\"}, {\"name\": \"Sở Tài chính\"}],"
	" \"groups\": [{\"name\": \"Các sở, ban, ngành\","
	" \"members\": [\"Sở Nội vụ\", \"Sở Tư pháp\", \"Sở Tài chính\"]}]}";

static struct ymd D(int y, int m, int d)
{
	struct ymd r = {y, m, d};
	return r;
}

/* A notice as the parser would return it; text is filled by finish(). */
static struct notice *mk_notice(const char *number, struct ymd date)
{
	struct notice *n = xcalloc(1, sizeof(*n));

	n->number = xstrdup(number);
	n->type = xstrdup("THÔNG BÁO");
	n->issuer = xstrdup("ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN");
	n->place = xstrdup("Bình Sơn");
	n->date = date;
	n->title = xstrdup("Kết luận cuộc họp giao ban");
	n->signer = xstrdup("Trần Văn Bình");
	return n;
}

static void add_task(struct notice *n, const char *ref, const char *text,
		     const char *lead, const char *support, struct ymd due,
		     enum due_kind kind)
{
	struct notice_task *t;

	n->tasks = xrealloc(n->tasks, (n->n_tasks + 1) * sizeof(*n->tasks));
	t = &n->tasks[n->n_tasks++];
	memset(t, 0, sizeof(*t));
	t->ref = xstrdup(ref);
	t->text = xstrdup(text);
	t->owners = xcalloc(1, sizeof(char *));
	t->co_owners = xcalloc(1, sizeof(char *));
	if (lead)
		t->owners[t->n_owners++] = xstrdup(lead);
	if (support)
		t->co_owners[t->n_co_owners++] = xstrdup(support);
	t->due = due;
	t->due_kind = kind;
	t->line = (int)n->n_tasks + 10;
}

/* The notice's text, so that any change to it changes its content hash. */
static void finish(struct notice *n)
{
	struct sbuf sb;
	size_t i;

	sbuf_init(&sb, 0);
	sbuf_addf(&sb, "Số: %s\nngày %d tháng %d năm %d\n%s\n", n->number ? n->number : "",
		  n->date.d, n->date.m, n->date.y, n->title);
	for (i = 0; i < n->n_tasks; i++)
		sbuf_addf(&sb, "%s. %s (%d-%d-%d)\n", n->tasks[i].ref, n->tasks[i].text,
			  n->tasks[i].due.y, n->tasks[i].due.m, n->tasks[i].due.d);
	free(n->text);
	n->text = sbuf_detach(&sb);
}

static const char T1[] = "Giao Sở Nội vụ chủ trì rà soát Quy chế làm việc của Ủy ban nhân dân tỉnh, báo cáo Ủy ban nhân dân tỉnh";
static const char T2[] = "Giao Sở Tài chính chủ trì tham mưu bố trí kinh phí cải cách hành chính năm 2025";
static const char T3[] = "Các sở, ban, ngành khẩn trương rà soát danh mục thủ tục hành chính trên Cổng Dịch vụ công";
static const char T4[] = "Giao Sở Tư pháp chủ trì thẩm định dự thảo quyết định về phân cấp quản lý";

/* Version 1 of notice 12/TB-UBND. */
static struct notice *notice_v1(void)
{
	struct notice *n = mk_notice("12/TB-UBND", D(2024, 11, 5));

	add_task(n, "1", T1, "Sở Nội vụ", "Sở Tư pháp", D(2024, 11, 30), DUE_BEFORE);
	add_task(n, "2", T2, "Sở Tài chính", NULL, D(2024, 12, 15), DUE_BY);
	add_task(n, "3", T3, "Các sở, ban, ngành", NULL, D(0, 0, 0), DUE_NONE);
	finish(n);
	return n;
}

static const struct store_task *find_task(const struct store_task_list *l,
					  long long id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

static const struct store_task_change *find_change(const struct store_import_result *r,
						   long long id)
{
	size_t i;

	for (i = 0; i < r->n_changes; i++)
		if (r->changes[i].task_id == id)
			return &r->changes[i];
	return NULL;
}

static void test_status(void)
{
	struct task_state st;
	struct ymd d;

	st = status_compute(D(2024, 11, 30), DUE_BEFORE, D(2024, 11, 29), 3);
	test_cond("'trước ngày 30/11': 29/11 is still in time",
		  st.status == TASK_IN_PROGRESS && st.days_left == 0 && st.due_soon);
	st = status_compute(D(2024, 11, 30), DUE_BEFORE, D(2024, 11, 30), 3);
	test_cond("'trước ngày 30/11': on 30/11 it is overdue",
		  st.status == TASK_OVERDUE && st.days_left == -1);
	st = status_compute(D(2024, 11, 30), DUE_BY, D(2024, 11, 30), 3);
	test_cond("'chậm nhất ngày 30/11': 30/11 itself is allowed",
		  st.status == TASK_IN_PROGRESS && st.days_left == 0);
	st = status_compute(D(2025, 3, 1), DUE_BEFORE, D(2025, 2, 1), 3);
	test_cond("'trước ngày 01/3/2025': the last allowed day is 28/2",
		  st.last_day.y == 2025 && st.last_day.m == 2 && st.last_day.d == 28);
	st = status_compute(D(2024, 12, 31), DUE_WITHIN, D(2024, 12, 27), 3);
	test_cond("a period ('trong tháng 12/2024') ends on its last day, due soon 4 days before",
		  st.status == TASK_IN_PROGRESS && st.days_left == 4 && !st.due_soon);
	st = status_compute(D(0, 0, 0), DUE_NONE, D(2024, 12, 27), 3);
	test_cond("no date: no deadline", st.status == TASK_NO_DEADLINE && !st.due_soon);
	/* 2024-11-30 17:00 UTC is 2024-12-01 00:00 in Hà Nội. */
	d = status_today((time_t)1732986000);
	test_cond("today rolls over at midnight UTC+7",
		  d.y == 2024 && d.m == 12 && d.d == 1);
	d = status_today((time_t)1732985999);
	test_cond("and not a second before", d.y == 2024 && d.m == 11 && d.d == 30);
	test_cond("status_parse reads codes, dashes and labels",
		  !status_parse("in-progress", &st.status) && st.status == TASK_IN_PROGRESS &&
		  !status_parse("quá hạn", &st.status) && st.status == TASK_OVERDUE &&
		  status_parse("late", &st.status) < 0);
	test_cond("status_parse_date rejects 2023-02-29 and accepts 2024-02-29",
		  status_parse_date("2023-02-29", &d) < 0 && !status_parse_date("2024-02-29", &d));
}

/* The first integer of `sql` run on its own connection; -1 on error. */
static long long db_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/*
 * A new notice's FTS rows and feed stamps are written once per import
 * (migration 7), not by the per-row triggers: the result must be what the
 * triggers give, one feed_gen step per occurrence for its unit and its
 * notice, every task searchable, and no import_batch row left behind.
 */
static void test_import_stamps(const char *path)
{
	test_cond("a new notice's feed_gen counts its occurrences",
		  db_int(path, "SELECT count(*) FROM notices n WHERE n.feed_gen <> (SELECT count(*)"
			 " FROM tasks t JOIN assignments a ON a.task_id = t.id JOIN occurrences o"
			 " ON o.assignment_id = a.id WHERE t.notice_id = n.id)") == 0 &&
		  db_int(path, "SELECT sum(feed_gen) FROM notices") > 0);
	test_cond("each unit's feed_gen counts its occurrences",
		  db_int(path, "SELECT count(*) FROM units u WHERE u.feed_gen <> (SELECT count(*)"
			 " FROM assignments a JOIN occurrences o ON o.assignment_id = a.id"
			 " WHERE a.unit_id = u.id)") == 0 &&
		  db_int(path, "SELECT count(*) FROM units WHERE feed_gen > 0") == 3);
	test_cond("the stamps' time is the import's",
		  db_int(path, "SELECT count(*) FROM units u WHERE u.feed_gen > 0 AND"
			 " u.feed_changed IS NOT (SELECT max(o.created_at) FROM assignments a"
			 " JOIN occurrences o ON o.assignment_id = a.id WHERE a.unit_id = u.id)") == 0);
	test_cond("the search index merges its segments 8 at a time",
		  db_int(path, "SELECT v FROM item_fts_config WHERE k = 'automerge'") == 8);
	test_cond("every live item of the import is in the search index, under its key",
		  db_int(path, "SELECT count(*) FROM occurrences o WHERE o.live = 1 AND NOT EXISTS"
			 " (SELECT 1 FROM item_fts_docsize d WHERE d.id = " ITEM_FTS_KEY(o) ")") == 0 &&
		  db_int(path, "SELECT count(*) FROM item_fts_docsize") ==
			  db_int(path, "SELECT count(*) FROM occurrences WHERE live = 1") &&
		  db_int(path, "SELECT count(*) FROM occurrences WHERE live = 1") >= 3 &&
		  db_int(path, "SELECT count(DISTINCT o.task_id) FROM item_fts f JOIN occurrences o"
			 " ON o.id = " ITEM_FTS_ID("f.rowid") " WHERE item_fts MATCH 'kinh_phi'") == 1);
	test_cond("no import_batch row outlives the import",
		  db_int(path, "SELECT count(*) FROM import_batch") == 0);
	/* The set-based INSERT keeps the ids of a group's members in its order. */
	test_cond("a group's assignments are numbered in the group's order",
		  db_int(path, "SELECT count(*) FROM assignments a JOIN assignments b"
			 " ON b.task_id = a.task_id AND b.via_group_id = a.via_group_id"
			 " AND b.id > a.id JOIN group_members ma ON ma.group_id = a.via_group_id"
			 " AND ma.member_id = a.unit_id JOIN group_members mb"
			 " ON mb.group_id = b.via_group_id AND mb.member_id = b.unit_id"
			 " WHERE ma.position > mb.position") == 0 &&
		  db_int(path, "SELECT count(*) FROM assignments a JOIN assignments b"
			 " ON b.task_id = a.task_id AND b.via_group_id = a.via_group_id"
			 " AND b.id > a.id") == 3);
}

/*
 * store_import() writes a new notice through a connection with triggers
 * off and does the work of the three INSERT triggers below itself
 * (fast_import.c and import_stamp() in import.c); the others fire on
 * updates and deletes, which a new notice's import does not do to rows
 * they watch.  With any other trigger in the schema it imports through the
 * main connection (correct, and slower): a migration that adds a trigger
 * updates this list and KNOWN_TRIGGERS in fast_import.c, after deciding
 * whether a new notice's import has to do its work too.
 */
static void test_trigger_list(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct sbuf sb;

	sbuf_init(&sb, 0);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger'"
			       " ORDER BY name", -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			sbuf_addf(&sb, "%s ", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	test_cond("the schema's triggers are the ones a new notice's import was checked against",
		  sb.buf && !strcmp(sb.buf, "assignments_rev_insert assignments_rev_update"
				    " count_assignment_insert count_assignment_update"
				    " count_occ_delete count_occ_insert count_occ_update"
				    " count_task_freq"
				    " feed_assignment_insert feed_assignment_update"
				    " feed_notice_update feed_occ_delete feed_occ_insert"
				    " feed_occ_update feed_task_update"
				    " item_copy_assignment item_copy_notice item_copy_task"
				    " item_copy_unit item_fts_delete item_fts_insert"
				    " item_fts_update live_assignment live_task"
				    " notice_versions_rev notices_rev occurrence_counts_delete"
				    " occurrence_counts_insert occurrence_counts_update"
				    " occurrence_months_delete occurrence_months_insert"
				    " occurrence_months_update"
				    " remind_changed_assignment"
				    " remind_changed_gone remind_changed_occ remind_changed_task"
				    " task_syllables_insert task_syllables_update tasks_rev"
				    " work_occ_request "));
	sbuf_release(&sb);
}

static void test_store(const char *path, const struct unitdir *units)
{
	struct store *s = NULL;
	struct err err;
	struct store_import_result r = {0};
	struct store_import_opts opts = {"v1.txt", "test", units, 0, {0, 0, 0}};
	struct store_task_filter f;
	struct store_task_list l = {0};
	struct store_counts c1, c2;
	struct store_task *t = NULL;
	struct notice *n = NULL;
	long long t1 = 0, t2 = 0, t3 = 0, t4 = 0;
	size_t i, n_group = 0;
	int ok;

	test_cond("store_open creates the database", !store_open(path, &s, &err));
	if (!s) {
		printf("# %s\n", err.msg);
		return;
	}
	test_cond("store_sync_units loads the directory", !store_sync_units(s, units, &err));

	n = notice_v1();
	test_cond("a new notice imports", !store_import(s, n, &opts, &r, &err) &&
		  r.status == STORE_IMPORT_NEW && r.version == 1 && r.n_tasks == 3);
	/* 1 lead + 1 support, 1 lead, 3 members of the group. */
	test_cond("it makes 6 assignments", r.n_assignments == 6);
	store_import_result_release(&r);
	test_import_stamps(path);
	test_trigger_list(path);

	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.today = D(2024, 11, 20);
	test_cond("list gives its 3 tasks", !store_list_tasks(s, &f, &l, &err) && l.n == 3);
	for (i = 0; i < l.n; i++) {
		if (!strcmp(l.v[i].ref, "1"))
			t1 = l.v[i].id;
		if (!strcmp(l.v[i].ref, "2"))
			t2 = l.v[i].id;
		if (!strcmp(l.v[i].ref, "3")) {
			size_t k;
			t3 = l.v[i].id;
			for (k = 0; k < l.v[i].n_assignments; k++)
				n_group += l.v[i].assignments[k].lead &&
					   l.v[i].assignments[k].via_group &&
					   !strcmp(l.v[i].assignments[k].via_group, "Các sở, ban, ngành");
		}
	}
	test_cond("the group task has one lead assignment per member", n_group == 3);
	store_task_list_release(&l);

	store_counts(s, &c1, &err);
	test_cond("the same text again is unchanged",
		  !store_import(s, n, &opts, &r, &err) && r.status == STORE_IMPORT_UNCHANGED &&
		  r.version == 1);
	store_import_result_release(&r);
	store_counts(s, &c2, &err);
	test_cond("and writes nothing", !memcmp(&c1, &c2, sizeof(c1)));
	notice_free(&n);

	/*
	 * Version 2: a new item 1 is inserted, so the old items are renumbered
	 * 2, 3, 4; old item 1's deadline moves; old item 2 disappears.  Refs
	 * alone would pair the wrong tasks.
	 */
	n = mk_notice("12/TB-UBND", D(2024, 11, 5));
	free(n->title);
	n->title = xstrdup("Kết luận cuộc họp giao ban (đính chính)");
	add_task(n, "1", T4, "Sở Tư pháp", NULL, D(2024, 12, 10), DUE_BEFORE);
	add_task(n, "2", T1, "Sở Nội vụ", "Sở Tư pháp", D(2024, 12, 15), DUE_BEFORE);
	add_task(n, "3", T3, "Các sở, ban, ngành", "Sở Nội vụ", D(0, 0, 0), DUE_NONE);
	finish(n);
	opts.source_name = "v2.txt";
	ok = !store_import(s, n, &opts, &r, &err);
	test_cond("a corrected version imports as corrected",
		  ok && r.status == STORE_IMPORT_CORRECTED && r.version == 2);
	test_cond("the title change is reported", r.meta_fields == STORE_M_TITLE);
	test_cond("the renumbered task keeps its id; ref and deadline changed",
		  find_change(&r, t1) && find_change(&r, t1)->kind == STORE_TASK_CHANGED &&
		  find_change(&r, t1)->fields == (STORE_F_REF | STORE_F_DUE));
	test_cond("the vanished task is removed", find_change(&r, t2) &&
		  find_change(&r, t2)->kind == STORE_TASK_REMOVED);
	test_cond("naming a member directly does not change the group's task",
		  !find_change(&r, t3));
	for (i = 0; i < r.n_changes; i++)
		if (r.changes[i].kind == STORE_TASK_ADDED)
			t4 = r.changes[i].task_id;
	test_cond("the inserted item is a new task", t4 > t3 && r.n_changes == 3);
	store_import_result_release(&r);
	notice_free(&n);

	test_cond("show --task gives the history of the changed task",
		  !store_get_task(s, t1, D(2024, 11, 20), &t, &err) && t->n_events >= 2 &&
		  !strcmp(t->events[0].kind, "imported") &&
		  strstr(t->events[0].data, "\"assignments\":[{\"unit\"") &&
		  !strcmp(t->events[t->n_events - 1].kind, "updated") &&
		  strstr(t->events[t->n_events - 1].data, "\"2024-12-15\"") &&
		  !strcmp(t->ref, "2"));
	store_task_free(&t);
	test_cond("a removed task is kept, flagged",
		  !store_get_task(s, t2, D(2024, 11, 20), &t, &err) && t->removed_at);
	store_task_free(&t);

	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.today = D(2024, 11, 20);
	test_cond("list hides removed tasks", !store_list_tasks(s, &f, &l, &err) &&
		  l.n == 3 && !find_task(&l, t2));
	store_task_list_release(&l);
	f.unit = "SNV";
	test_cond("list --unit by alias finds direct and group tasks",
		  !store_list_tasks(s, &f, &l, &err) && l.n == 2 && find_task(&l, t1) &&
		  find_task(&l, t3));
	store_task_list_release(&l);
	f.unit = NULL;
	f.today = D(2024, 12, 12);
	f.status = TASK_OVERDUE;
	test_cond("list --status overdue on 12/12 gives the 'trước ngày 10/12' task",
		  !store_list_tasks(s, &f, &l, &err) && l.n == 1 && l.v[0].id == t4);
	store_task_list_release(&l);
	f.status = -1;
	f.unit = "Sở Không Có";
	test_cond("list --unit of an unknown name is an error",
		  store_list_tasks(s, &f, &l, &err) == ERR_NOTFOUND);

	/* Version 3 brings item "Sở Tài chính" back. */
	n = mk_notice("12/TB-UBND", D(2024, 11, 5));
	add_task(n, "1", T4, "Sở Tư pháp", NULL, D(2024, 12, 10), DUE_BEFORE);
	add_task(n, "2", T1, "Sở Nội vụ", "Sở Tư pháp", D(2024, 12, 15), DUE_BEFORE);
	add_task(n, "3", T3, "Các sở, ban, ngành", NULL, D(0, 0, 0), DUE_NONE);
	add_task(n, "4", T2, "Phòng Không Rõ", NULL, D(2024, 12, 15), DUE_BY);
	finish(n);
	opts.source_name = "v3.txt";
	ok = !store_import(s, n, &opts, &r, &err);
	test_cond("a task back in a later version is restored with its id",
		  ok && find_change(&r, t2) && find_change(&r, t2)->kind == STORE_TASK_RESTORED &&
		  (find_change(&r, t2)->fields & STORE_F_OWNERS));
	test_cond("the unknown owner is reported", r.unknown_units.n == 1 &&
		  !strcmp(r.unknown_units.v[0], "Phòng Không Rõ"));
	store_import_result_release(&r);
	notice_free(&n);

	{
		struct store_unit_list ul = {0};
		int seen = 0;
		test_cond("units lists the directory and the unknown name",
			  !store_list_units(s, &ul, &err) && ul.n == 5);
		for (i = 0; i < ul.n; i++)
			seen |= !ul.v[i].in_directory && ul.v[i].unknown_count == 1 &&
				!strcmp(ul.v[i].name, "Phòng Không Rõ");
		test_cond("with its count", seen);
		store_unit_list_release(&ul);
	}

	/* The first text once more: a known old version, not a regression. */
	n = notice_v1();
	test_cond("re-importing an old version is unchanged, not a correction",
		  !store_import(s, n, &opts, &r, &err) && r.status == STORE_IMPORT_UNCHANGED &&
		  r.version == 1);
	store_import_result_release(&r);
	/* Same number and issuer, another date: another notice. */
	n->date = D(2025, 1, 6);
	finish(n);
	test_cond("the same number on another date is a new notice",
		  !store_import(s, n, &opts, &r, &err) && r.status == STORE_IMPORT_NEW);
	store_import_result_release(&r);
	notice_free(&n);

	/* Without a number: content alone, unless replace_id says otherwise. */
	n = mk_notice(NULL, D(2024, 11, 0));
	add_task(n, "1", T4, "Sở Tư pháp", NULL, D(2024, 12, 10), DUE_BEFORE);
	finish(n);
	test_cond("a notice without number or day imports",
		  !store_import(s, n, &opts, &r, &err) && r.status == STORE_IMPORT_NEW);
	{
		long long id = r.notice_id;
		struct store_notice *sn = NULL;
		store_import_result_release(&r);
		n->tasks[0].due = D(2024, 12, 20);
		finish(n);
		test_cond("changed, it is another notice",
			  !store_import(s, n, &opts, &r, &err) && r.status == STORE_IMPORT_NEW);
		store_import_result_release(&r);
		n->tasks[0].due = D(2024, 12, 24);
		finish(n);
		opts.replace_id = id;
		test_cond("with replace_id it is a corrected version",
			  !store_import(s, n, &opts, &r, &err) &&
			  r.status == STORE_IMPORT_CORRECTED && r.notice_id == id);
		store_import_result_release(&r);
		test_cond("a blank day keeps the month",
			  !store_get_notice(s, id, D(2024, 11, 20), &sn, &err) &&
			  sn->date.y == 2024 && sn->date.m == 11 && sn->date.d == 0 &&
			  sn->version == 2);
		store_notice_free(&sn);
		opts.replace_id = 999;
		test_cond("replace_id of a missing notice is an error",
			  store_import(s, n, &opts, &r, &err) == ERR_NOTFOUND);
		opts.replace_id = 0;
	}
	notice_free(&n);

	store_close(&s);
	test_cond("store_close clears the handle", s == NULL);
	test_cond("the database reopens at the same schema",
		  !store_open(path, &s, &err) && !store_counts(s, &c1, &err) && c1.notices == 4);
	store_close(&s);
	store_close(&s); /* NULL-safe */
}

/* Runs `sql` on its own connection; 0 when it succeeded. */
static int db_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) ||
		 sqlite3_exec(db, sql, NULL, NULL, NULL);

	sqlite3_close(db);
	return rc;
}

/*
 * The directory follows its file: a sync when the content's hash changed
 * and none otherwise, a fallback file that never replaces a directory
 * synced from another one, and aliases the office taught that no sync
 * wipes.  Runs on the database test_store() left, synced from no file.
 */
static void test_directory_sync(const char *path, const struct unitdir *units)
{
	static const char sha_a[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	static const char sha_b[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	static const char sha_c[] = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
	struct store_unit_source a = {"/etc/tracker/units.json", sha_a, 0};
	struct store_unit_source fb = {"/src/sample-data/units.json", sha_b, 1};
	struct store_unit_source b = {"/src/sample-data/units.json", sha_b, 0};
	struct store_unit_source fc = {"/src/sample-data/units.json", sha_c, 1};
	struct store *s = NULL;
	struct err err;
	char *from = NULL;
	int synced = -1;

	if (store_open(path, &s, &err)) {
		test_cond("the database reopens", 0);
		return;
	}
	test_cond("a directory written by store_sync_units() records no file",
		  !store_units_source(s, &from, &err) && !from);
	test_cond("a fallback file does not replace a directory of unknown origin",
		  store_sync_units_from(s, units, &fb, &synced, &err) == ERR_CONFLICT &&
		  !synced && db_int(path, "SELECT count(*) FROM directory_sync") == 0);
	test_cond("a named file syncs and is recorded with its hash",
		  !store_sync_units_from(s, units, &a, &synced, &err) && synced &&
		  !store_units_source(s, &from, &err) && from &&
		  !strcmp(from, "/etc/tracker/units.json"));
	free(from);
	from = NULL;
	test_cond("the same content again writes nothing",
		  !db_exec(path, "UPDATE directory_sync SET synced_at = 'mark'") &&
		  !store_sync_units_from(s, units, &a, &synced, &err) && !synced &&
		  db_int(path, "SELECT synced_at = 'mark' FROM directory_sync") == 1);
	test_cond("an alias the office taught is stored apart from the file's",
		  !db_exec(path, "INSERT INTO unit_aliases (alias, unit_id, position, source)"
			   " SELECT 'Sở NV', id, 9, 'office' FROM units WHERE name = 'Sở Nội vụ'"));
	test_cond("a fallback file does not replace the directory synced from another file",
		  store_sync_units_from(s, units, &fb, &synced, &err) == ERR_CONFLICT &&
		  !synced && strstr(err.msg, "/etc/tracker/units.json") &&
		  db_int(path, "SELECT synced_at = 'mark' FROM directory_sync") == 1);
	test_cond("a named file with other content syncs",
		  !store_sync_units_from(s, units, &b, &synced, &err) && synced &&
		  db_int(path, "SELECT sha256 = '" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
			 "' FROM directory_sync") == 1);
	test_cond("and the sync kept the office's alias and the file's",
		  db_int(path, "SELECT count(*) FROM unit_aliases a JOIN units u ON u.id = a.unit_id"
			 " WHERE u.name = 'Sở Nội vụ' AND ((a.alias = 'Sở NV' AND a.source = 'office')"
			 " OR (a.alias = 'SNV' AND a.source = 'directory'))") == 2);
	test_cond("a fallback file replaces the directory it gave itself when its content changed",
		  !store_sync_units_from(s, units, &fc, &synced, &err) && synced);
	test_cond("store_sync_units() forgets the file, so the next sync happens",
		  !store_sync_units(s, units, &err) && !store_units_source(s, &from, &err) &&
		  !from && !store_sync_units_from(s, units, &a, &synced, &err) && synced);
	store_close(&s);
}

int main(void)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	struct unitdir *units = NULL;
	struct err perr;
	char *path, *cmd;

	test_status();
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	path = xasprintf("%s/t.db", dir);
	memset(&perr, 0, sizeof(perr));
	test_cond("the test directory loads",
		  !unitdir_load(units_json, strlen(units_json), &units, &perr));
	if (units) {
		test_store(path, units);
		test_directory_sync(path, units);
	}
	unitdir_free(&units);
	/* The database and its WAL files; the directory holds nothing else. */
	cmd = xasprintf("%s-wal", path);
	unlink(cmd);
	free(cmd);
	cmd = xasprintf("%s-shm", path);
	unlink(cmd);
	free(cmd);
	unlink(path);
	rmdir(dir);
	free(path);
	return test_report();
}
