/*
 * test_search.c - the store's work-item search, driven by
 * tests/search/search.test (see its header), and the data version the
 * web cache relies on: it must move on a commit by this connection and by
 * another one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "notices/dates.h"
#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/life.h"
#include "tracker/store/search.h"
#include "tracker/store/users.h"
#include "tests/testhelp.h"

struct found {
	struct sbuf refs;
	long n;
};

static int add_ref(const struct store_item *it, void *arg)
{
	struct found *f = arg;

	if (f->n++)
		sbuf_adds(&f->refs, ", ");
	sbuf_adds(&f->refs, it->task_ref);
	return 0;
}

/*
 * A fresh database in dir holding only the notice in file (tests/search/),
 * for the cases after an "@notice FILE" line.  NULL when it fails.
 */
static struct store *notice_store(const char *dir, const char *file, const struct unitdir *units,
				  struct ymd today)
{
	char db[128], src[128], *buf;
	struct store *s = NULL;
	struct store_import_opts opts;
	struct store_import_result res = {0};
	struct notice *n = NULL;
	struct err err;
	size_t len;
	int ok;

	snprintf(db, sizeof(db), "%s/%s.db", dir, file);
	snprintf(src, sizeof(src), "tests/search/%s", file);
	buf = read_whole_file(src, &len);
	memset(&opts, 0, sizeof(opts));
	opts.units = units;
	opts.today = today;
	ok = buf && notice_parse(buf, len, units, &n, &err) == 0 && store_open(db, &s, &err) == 0 &&
	     store_import(s, n, &opts, &res, &err) == 0;
	test_cond(src, ok);
	store_import_result_release(&res);
	notice_free(&n);
	free(buf);
	if (!ok)
		store_close(&s);
	return s;
}

/* The cases of tests/search/search.test, on s until an "@notice" line. */
static void run_cases(struct store *s, const struct unitdir *units, const char *dir,
		      struct ymd today)
{
	size_t len;
	char *text = read_whole_file("tests/search/search.test", &len), *line, *save = NULL;
	struct store *own = NULL;

	test_cond("tests/search/search.test is readable", text != NULL);
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *arrow = strstr(line, " => "), name[1200];
		struct store_item_query q;
		struct err err;
		struct found got;
		long total = 0;
		int rc;

		if (!strncmp(line, "@notice ", 8)) {
			store_close(&own);
			if (!(s = own = notice_store(dir, line + 8, units, today)))
				break;
			continue;
		}
		if (line[0] == '#' || !arrow)
			continue;
		*arrow = 0;
		memset(&q, 0, sizeof(q));
		q.status = -1;
		q.today = today;
		q.q = line;
		memset(&got, 0, sizeof(got));
		sbuf_init(&got.refs, 0);
		rc = store_query_items(s, &q, add_ref, &got, &total, &err);
		snprintf(name, sizeof(name), "search [%s] finds %s (got %s%s)", line, arrow + 4,
			 rc ? "error: " : "", rc ? err.msg : got.n ? got.refs.buf : "-");
		test_cond(name, rc == 0 && !strcmp(got.n ? got.refs.buf : "-", arrow + 4) &&
				total == got.n);
		sbuf_release(&got.refs);
	}
	store_close(&own);
	free(text);
}

/*
 * Every unit's work with a status (-1: any) and flags, items [offset,
 * offset + limit) (limit 0: all): its refs in *f, its total returned.
 */
static long office_list(struct store *s, struct ymd today, int status, unsigned flags,
			long offset, long limit, struct found *f)
{
	struct store_item_query q;
	struct err err;
	long total = -1;

	memset(&q, 0, sizeof(q));
	memset(f, 0, sizeof(*f));
	sbuf_init(&f->refs, 0);
	q.status = status;
	q.flags = flags;
	q.today = today;
	q.offset = offset;
	q.limit = limit;
	if (store_query_items(s, &q, add_ref, f, &total, &err))
		return -1;
	return total;
}

static long office_page(struct store *s, struct ymd today, long offset, long limit,
			struct found *f)
{
	return office_list(s, today, -1, 0, offset, limit, f);
}

static long office_total(struct store *s, struct ymd today, int status, unsigned flags,
			 struct found *f)
{
	return office_list(s, today, status, flags, 0, 0, f);
}

/*
 * Lists of every unit's work count from an index of the live items: a task
 * a corrected version drops leaves every count and page, and comes back
 * when a later version restores it.
 */
static void office_lists(struct store *s, const struct unitdir *units, struct ymd today)
{
	size_t len;
	char *text = read_whole_file("tests/search/notice.txt", &len), *cut;
	struct store_import_opts opts;
	struct store_import_result res = {0};
	struct notice *n = NULL;
	struct err err, perr;
	struct found f;
	long total;

	total = office_total(s, today, -1, 0, &f);
	test_cond("every unit's work: 4 items, in deadline order",
		  total == 4 && f.n == 4 && !strcmp(f.refs.buf, "1, 3, 4, 2"));
	sbuf_release(&f.refs);
	total = office_total(s, today, TASK_IN_PROGRESS, STORE_QF_OPEN, &f);
	test_cond("in progress and open: the same 4", total == 4 && f.n == 4);
	sbuf_release(&f.refs);
	/* Pages past the first start from their first item's day. */
	total = office_page(s, today, 2, 1, &f);
	test_cond("a page of one from the third item: item 4, of 4",
		  total == 4 && f.n == 1 && !strcmp(f.refs.buf, "4"));
	sbuf_release(&f.refs);
	total = office_page(s, today, 1, 2, &f);
	test_cond("a page of two from the second: items 3, 4",
		  total == 4 && f.n == 2 && !strcmp(f.refs.buf, "3, 4"));
	sbuf_release(&f.refs);
	total = office_page(s, today, 3, 5, &f);
	test_cond("the last page: item 2", total == 4 && f.n == 1 && !strcmp(f.refs.buf, "2"));
	sbuf_release(&f.refs);
	total = office_total(s, today, TASK_OVERDUE, 0, &f);
	test_cond("overdue: none", total == 0 && f.n == 0);
	sbuf_release(&f.refs);
	/* The corrected version: item 4 dropped. */
	cut = text ? strstr(text, "4. Giao") : NULL;
	if (cut)
		memmove(cut, strstr(cut, "\n\n"), strlen(strstr(cut, "\n\n")) + 1);
	memset(&opts, 0, sizeof(opts));
	opts.units = units;
	opts.today = today;
	test_cond("a corrected version without item 4 imports",
		  cut && notice_parse(text, strlen(text), units, &n, &perr) == 0 &&
		  store_import(s, n, &opts, &res, &err) == 0);
	total = office_total(s, today, -1, 0, &f);
	test_cond("the dropped task's work leaves the office-wide list and its count",
		  total == 3 && f.n == 3 && !strcmp(f.refs.buf, "1, 3, 2"));
	sbuf_release(&f.refs);
	total = office_total(s, today, TASK_IN_PROGRESS, STORE_QF_DUE_SOON, &f);
	test_cond("and the narrower ones (in progress, due soon: none yet)", total == 0);
	sbuf_release(&f.refs);
	store_import_result_release(&res);
	notice_free(&n);
	free(text);
	/* A third version with item 4 again (another signer, so not the
	 * first text, which would be "unchanged"): item 4 is back. */
	text = read_whole_file("tests/search/notice.txt", &len);
	cut = text ? strstr(text, "Nguyễn Văn C") : NULL;
	if (cut)
		cut[strlen("Nguyễn Văn ")] = 'D';
	test_cond("a third version with item 4 again restores it",
		  cut && notice_parse(text, len, units, &n, &perr) == 0 &&
		  store_import(s, n, &opts, &res, &err) == 0);
	total = office_total(s, today, -1, 0, &f);
	test_cond("its work is back in the office-wide list",
		  total == 4 && f.n == 4 && !strcmp(f.refs.buf, "1, 3, 4, 2"));
	sbuf_release(&f.refs);
	store_import_result_release(&res);
	notice_free(&n);
	free(text);
}

/*
 * occurrence_counts (migrations 19 and 23), which the office-wide totals
 * sum, must equal a recount of the live items after every kind of write:
 * imports, corrected versions that drop and restore work, completions
 * (late ones too), extensions granted, work reopened.
 */
static int counts_match(const char *path)
{
	static const char kept[] =
		"SELECT group_concat(k, ';') FROM (SELECT day || ',' || state || ',' || late || ','"
		" || on_time || ',' || extended || ',' || shown || '=' || n AS k"
		" FROM occurrence_counts WHERE n <> 0 ORDER BY 1)";
	static const char recount[] =
		"SELECT group_concat(k, ';') FROM (SELECT coalesce(eff_last, '') || ',' || state"
		" || ',' || coalesce(done_on > eff_last, 0) || ','"
		" || coalesce(eff_last IS NULL OR done_on <= eff_last, 0) || ','"
		" || coalesce(extended_to IS NOT NULL AND last_day IS NOT NULL"
		" AND extended_to <> last_day, 0) || ',' || shown_from || '=' || count(*) AS k"
		" FROM occurrences WHERE live = 1 GROUP BY eff_last, state,"
		" coalesce(done_on > eff_last, 0), coalesce(eff_last IS NULL OR done_on <= eff_last, 0),"
		" coalesce(extended_to IS NOT NULL AND last_day IS NOT NULL AND extended_to <> last_day, 0),"
		" shown_from ORDER BY 1)";
	const char *sql[2] = {kept, recount};
	char *got[2] = {NULL, NULL};
	sqlite3 *db = NULL;
	int i, same;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		for (i = 0; i < 2; i++) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) == SQLITE_OK &&
			    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
				got[i] = strdup((const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
	sqlite3_close(db);
	same = got[0] && got[1] && !strcmp(got[0], got[1]);
	if (!same)
		fprintf(stderr, "counts:  %s\nrecount: %s\n", got[0] ? got[0] : "-",
			got[1] ? got[1] : "-");
	free(got[0]);
	free(got[1]);
	return same;
}

static int first_item(const struct store_item *it, void *arg)
{
	long long *ids = arg;
	int i;

	for (i = 0; i < 4 && ids[i]; i++)
		;
	if (i < 4)
		ids[i] = it->id;
	return 0;
}

struct scoped {
	struct sbuf refs;
	long n;
	int status;
	unsigned flags;
};

/* The oracle: every item of the scope, kept when its state says it matches. */
static int add_matching(const struct store_item *it, void *arg)
{
	struct scoped *f = arg;
	const struct task_state *st = &it->state;

	if ((f->status >= 0 && (int)st->status != f->status) ||
	    ((f->flags & STORE_QF_DUE_SOON) && !st->due_soon) ||
	    ((f->flags & STORE_QF_LONG_OVERDUE) && !st->long_overdue) ||
	    ((f->flags & STORE_QF_AWAITING) && !st->awaiting) ||
	    ((f->flags & STORE_QF_EXTENDED) && !st->extended) ||
	    ((f->flags & STORE_QF_OPEN) && it->work == WORK_DONE))
		return 0;
	if (f->n++)
		sbuf_adds(&f->refs, ", ");
	sbuf_adds(&f->refs, it->task_ref);
	return 0;
}

/*
 * A notice's or a unit's list filtered by status and flags (which narrow
 * its SQL to the days and work they allow) keeps exactly the items of the
 * whole list whose state matches, on days that put the items in every
 * status.
 */
struct days {
	struct ymd v[64];
	size_t n;
};

/* The days around each item's last allowed day, where its status and
 * flags change: the day before, the day, the next, and past the flags'
 * margins. */
static int add_days(const struct store_item *it, void *arg)
{
	static const long around[] = {-STATUS_SOON_DAYS - 1, -STATUS_SOON_DAYS, -1, 0, 1,
				      STATUS_LONG_OVERDUE_DAYS, STATUS_LONG_OVERDUE_DAYS + 1,
				      STATUS_LONG_OVERDUE_DAYS + 2};
	struct days *d = arg;
	size_t i;

	for (i = 0; it->state.last_day.y && i < sizeof(around) / sizeof(around[0]) &&
		    d->n < sizeof(d->v) / sizeof(d->v[0]); i++)
		d->v[d->n++] = ymd_from_days(ymd_to_days(it->state.last_day) + around[i]);
	return 0;
}

static int scoped_lists_match(struct store *s, long long notice_id, long long unit_id)
{
	static const unsigned flags[] = {0, STORE_QF_DUE_SOON, STORE_QF_LONG_OVERDUE,
					 STORE_QF_AWAITING, STORE_QF_EXTENDED, STORE_QF_OPEN};
	struct store_item_filter all;
	struct days days;
	struct err err;
	size_t d, f;
	int status, ok = 1;

	memset(&all, 0, sizeof(all));
	all.today = (struct ymd){2026, 11, 23};
	memset(&days, 0, sizeof(days));
	if (store_scan_items(s, &all, add_days, &days, &err) || !days.n)
		return 0;
	for (d = 0; d < days.n; d++)
		for (status = -1; status < TASK_N_STATUS; status++)
			for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
				struct store_item_query q;
				struct scoped want;
				struct found got;
				long total = -1;

				memset(&q, 0, sizeof(q));
				q.status = -1;
				q.today = days.v[d];
				q.notice_id = notice_id;
				q.unit_id = unit_id;
				memset(&want, 0, sizeof(want));
				sbuf_init(&want.refs, 0);
				want.status = status;
				want.flags = flags[f];
				memset(&got, 0, sizeof(got));
				sbuf_init(&got.refs, 0);
				if (store_query_items(s, &q, add_matching, &want, &total, &err))
					ok = 0;
				q.status = status;
				q.flags = flags[f];
				if (store_query_items(s, &q, add_ref, &got, &total, &err) ||
				    total != want.n || got.n != want.n ||
				    strcmp(got.n ? got.refs.buf : "", want.n ? want.refs.buf : "")) {
					fprintf(stderr, "status %d flags %u on %d-%d-%d: %s / %s\n",
						status, flags[f], days.v[d].y, days.v[d].m, days.v[d].d,
						got.n ? got.refs.buf : "-", want.n ? want.refs.buf : "-");
					ok = 0;
				}
				sbuf_release(&want.refs);
				sbuf_release(&got.refs);
			}
	return ok;
}

/* Completions, extensions and a reopening, each followed by the recount. */
static void counts_after_actions(struct store *s, const char *path, struct ymd today)
{
	struct store_item_filter f;
	struct store_act a;
	struct err err;
	long long ids[4] = {0, 0, 0, 0};

	test_cond("the office-wide counts equal a recount after the imports", counts_match(path));
	memset(&f, 0, sizeof(f));
	f.today = today;
	test_cond("the items can be listed", store_scan_items(s, &f, first_item, ids, &err) == 0 &&
						 ids[3]);
	memset(&a, 0, sizeof(a));
	a.today = today;
	a.percent = -1;
	/* Reported and confirmed next June, past every deadline: late. */
	a.action = STORE_ACT_DONE;
	a.item_id = ids[0];
	a.today = (struct ymd){2027, 6, 1};
	test_cond("an item reported done (late)", store_act(s, &a, NULL, &err) == 0);
	a.action = STORE_ACT_CONFIRM;
	test_cond("and confirmed", store_act(s, &a, NULL, &err) == 0);
	test_cond("the counts follow a late completion", counts_match(path));
	a.today = today;
	a.action = STORE_ACT_EXTEND;
	a.item_id = ids[1];
	a.note = "cần thêm thời gian";
	a.date = (struct ymd){2027, 12, 31};
	test_cond("an extension asked", store_act(s, &a, NULL, &err) == 0);
	a.action = STORE_ACT_APPROVE;
	test_cond("and granted", store_act(s, &a, NULL, &err) == 0);
	test_cond("the counts follow the new last allowed day", counts_match(path));
	a.action = STORE_ACT_DONE;
	a.item_id = ids[2];
	a.date = (struct ymd){0, 0, 0};
	test_cond("an item reported done", store_act(s, &a, NULL, &err) == 0);
	test_cond("the counts follow work awaiting confirmation", counts_match(path));
	a.action = STORE_ACT_REOPEN;
	a.item_id = ids[0];
	a.note = "chưa đạt yêu cầu";
	test_cond("the late one reopened", store_act(s, &a, NULL, &err) == 0);
	test_cond("the counts follow a reopening", counts_match(path));
	test_cond("a notice's list by status and flag: the matching items of the whole list",
		  scoped_lists_match(s, 1, 0));
	{
		struct store_item it;
		memset(&it, 0, sizeof(it));
		test_cond("a unit's list by status and flag: the same",
			  store_get_item(s, ids[1], today, &it, &err) == 0 &&
			  scoped_lists_match(s, 0, it.unit_id));
		store_item_release(&it);
	}
}

int main(void)
{
	char path[] = "/tmp/test_search.XXXXXX", db[64];
	struct store *s = NULL, *other = NULL;
	struct err err;
	struct store_import_opts opts;
	struct store_import_result res = {0};
	struct notice *n = NULL;
	struct err perr;
	struct unitdir *units = NULL;
	struct ymd today = {2026, 11, 23};
	unsigned v0 = 0, v1 = 0, v2 = 0;
	size_t len;
	char *buf;
	long long uid;

	if (!mkdtemp(path))
		return 2;
	buf = store_fold_d("Đôn đốc, Ủy ban \xc4", strlen("Đôn đốc, Ủy ban \xc4"));
	test_cond("the index's fold turns đ/Đ into d/D and leaves the rest (ố, Ủ, a cut byte)",
		  !strcmp(buf, "Dôn dốc, Ủy ban \xc4"));
	free(buf);
	snprintf(db, sizeof(db), "%s/s.db", path);
	buf = read_whole_file("sample-data/units.json", &len);
	test_cond("the units directory loads", buf && unitdir_load(buf, len, &units, &perr) == 0);
	free(buf);
	buf = read_whole_file("tests/search/notice.txt", &len);
	test_cond("the search notice parses", buf && notice_parse(buf, len, units, &n, &perr) == 0 &&
						  n->n_tasks == 4);
	free(buf);
	test_cond("the store opens", store_open(db, &s, &err) == 0);
	memset(&opts, 0, sizeof(opts));
	opts.units = units;
	opts.today = today;
	test_cond("the notice imports", store_import(s, n, &opts, &res, &err) == 0);
	run_cases(s, units, path, today);
	{
		/* A page of a search: its items and the count of every match;
		 * past the end, no item and still the count. */
		struct store_item_query q;
		struct found got;
		long total = -1;

		memset(&q, 0, sizeof(q));
		q.status = -1;
		q.today = today;
		q.q = "ra soat";
		q.offset = 1;
		q.limit = 1;
		memset(&got, 0, sizeof(got));
		sbuf_init(&got.refs, 0);
		test_cond("a search's second page of one: item 3, of 2",
			  store_query_items(s, &q, add_ref, &got, &total, &err) == 0 &&
			  total == 2 && got.n == 1 && !strcmp(got.refs.buf, "3"));
		sbuf_release(&got.refs);
		q.offset = 5;
		memset(&got, 0, sizeof(got));
		sbuf_init(&got.refs, 0);
		total = -1;
		test_cond("past its end: nothing, of 2",
			  store_query_items(s, &q, add_ref, &got, &total, &err) == 0 &&
			  total == 2 && got.n == 0);
		sbuf_release(&got.refs);
	}
	office_lists(s, units, today);
	counts_after_actions(s, db, today);

	/* The data version the response cache compares. */
	test_cond("a data version can be read", store_data_version(s, &v0, &err) == 0);
	test_cond("a second connection opens", store_open(db, &other, &err) == 0);
	test_cond("a write by another connection",
		  store_user_add(other, "a", STORE_ROLE_VIEWER, NULL, "password-1", NULL, &err) == 0);
	test_cond("moves the data version", store_data_version(s, &v1, &err) == 0 && v1 != v0);
	test_cond("a write by this connection",
		  store_user_add(s, "b", STORE_ROLE_VIEWER, NULL, "password-2", &uid, &err) == 0);
	test_cond("moves it too", store_data_version(s, &v2, &err) == 0 && v2 != v1);
	test_cond("no write: the same version", store_data_version(s, &v0, &err) == 0 && v0 == v2);

	store_import_result_release(&res);
	notice_free(&n);
	unitdir_free(&units);
	store_close(&other);
	store_close(&s);
	unlink(db);
	snprintf(db + strlen(db), sizeof(db) - strlen(db), "-wal");
	unlink(db);
	db[strlen(db) - 4] = 0;
	snprintf(db + strlen(db), sizeof(db) - strlen(db), "-shm");
	unlink(db);
	rmdir(path);
	return test_report();
}
