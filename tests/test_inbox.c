/*
 * test_inbox.c - the store's side of the office's inbox (issue 16), on a
 * notice built by hand: decisions that need a note, the decision an item
 * carries, grant and close, store_act_many() all or nothing, the inbox's
 * three lists, and the queue of decisions to mail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/life.h"
#include "tracker/store/units.h"
#include "tracker/json/inbox_json.h"

static const char units_json[] =
	"{\"units\": [{\"name\": \"Sở Nội vụ\"}, {\"name\": \"Sở Tư pháp\"},"
	" {\"name\": \"Sở Tài chính\"}]}";

static const struct ymd TODAY = {2026, 11, 23};

static struct ymd D(int y, int m, int d)
{
	struct ymd r = {y, m, d};
	return r;
}

static void add_task(struct notice *n, const char *ref, const char *text, const char *lead)
{
	struct notice_task *t;

	n->tasks = xrealloc(n->tasks, (n->n_tasks + 1) * sizeof(*n->tasks));
	t = &n->tasks[n->n_tasks++];
	memset(t, 0, sizeof(*t));
	t->ref = xstrdup(ref);
	t->text = xstrdup(text);
	t->owners = xcalloc(1, sizeof(char *));
	t->co_owners = xcalloc(1, sizeof(char *));
	t->owners[t->n_owners++] = xstrdup(lead);
	t->due = D(2026, 12, 15);
	t->due_kind = DUE_BY;
	t->line = (int)n->n_tasks + 10;
}

static struct notice *mk_notice(void)
{
	struct notice *n = xcalloc(1, sizeof(*n));

	n->number = xstrdup("77/TB-UBND");
	n->type = xstrdup("THÔNG BÁO");
	n->issuer = xstrdup("ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN");
	n->date = D(2026, 11, 2);
	n->title = xstrdup("Kết luận giao ban tháng 11");
	add_task(n, "1", "Giao Sở Nội vụ rà soát biên chế các đơn vị sự nghiệp", "Sở Nội vụ");
	add_task(n, "2", "Giao Sở Tư pháp thẩm định dự thảo quy định phân cấp", "Sở Tư pháp");
	add_task(n, "3", "Giao Sở Tài chính tổng hợp dự toán ngân sách năm sau", "Sở Tài chính");
	n->text = xstrdup("Số: 77/TB-UBND\n1. rà soát\n2. thẩm định\n3. dự toán\n");
	return n;
}

struct ids {
	long long v[8];
	size_t n;
};

static int collect(const struct store_item *it, void *arg)
{
	struct ids *ids = arg;

	if (ids->n < 8)
		ids->v[ids->n++] = it->id;
	return 0;
}

static int count_decision(const struct store_decision *d, const struct store_item *it, void *arg)
{
	long long *ev = arg;

	(void)it;
	/* ev[0] counts, ev[1..7] the event ids */
	if (d->note && *d->note && ev[0] < 7)
		ev[++ev[0]] = d->event_id;
	return 0;
}

static int act(struct store *s, enum store_action a, long long id, const char *note,
	       struct ymd date, struct err *err)
{
	struct store_act x;

	memset(&x, 0, sizeof(x));
	x.action = a;
	x.item_id = id;
	x.actor = "vanphong";
	x.note = note;
	x.date = date;
	x.percent = -1;
	x.today = TODAY;
	return store_act(s, &x, NULL, err);
}

static enum work_state work_of(struct store *s, long long id)
{
	struct store_item it;
	struct err err;
	enum work_state w;

	if (store_get_item(s, id, TODAY, &it, &err))
		return (enum work_state)-1;
	w = it.work;
	store_item_release(&it);
	return w;
}

static void test_inbox(struct store *s, const struct unitdir *units)
{
	struct store_import_opts opts = {"t.txt", "test", units, 0, {2026, 11, 23}};
	struct store_import_result r = {0};
	struct store_item_filter f;
	struct store_item it;
	struct store_act many;
	struct notice *n = mk_notice();
	struct ids ids = {{0}, 0};
	struct err err;
	long counts[STORE_INBOX_KINDS];
	long long bad, list[4], ev[8] = {0};
	struct ymd none = {0, 0, 0};
	long long nv, tp, tc;
	int rc;

	test_cond("the notice imports", !store_import(s, n, &opts, &r, &err));
	store_import_result_release(&r);
	notice_free(&n);
	memset(&f, 0, sizeof(f));
	f.today = TODAY;
	store_scan_items(s, &f, collect, &ids, &err);
	test_cond("three work items, one per unit", ids.n == 3);
	if (ids.n != 3)
		return;
	nv = ids.v[0];
	tp = ids.v[1];
	tc = ids.v[2];

	/* Units report and ask; the inbox counts them. */
	test_cond("a unit reports done", !act(s, STORE_ACT_DONE, nv, NULL, D(2026, 11, 20), &err));
	test_cond("another asks for time",
		  !act(s, STORE_ACT_EXTEND, tp, "chờ ý kiến Bộ", D(2027, 1, 31), &err));
	test_cond("the inbox: one to confirm, one request, nothing returned",
		  !store_inbox(s, 0, TODAY, NULL, NULL, counts, &err) && counts[0] == 1 &&
		  counts[1] == 1 && counts[2] == 0);
	store_get_item(s, nv, TODAY, &it, &err);
	test_cond("a unit's inbox holds its own items only",
		  !store_inbox(s, it.unit_id, TODAY, NULL, NULL, counts, &err) &&
		  counts[0] == 1 && counts[1] == 0);
	store_item_release(&it);

	/* Decisions that must say why. */
	rc = act(s, STORE_ACT_REOPEN, nv, NULL, none, &err);
	test_cond("returning work without a note: ERR_INVAL, the note named",
		  rc == ERR_INVAL && err.key && !strcmp(err.key, "decision_note_needed") &&
		  !strcmp(err.field, "note"));
	rc = act(s, STORE_ACT_REFUSE, tp, "", none, &err);
	test_cond("refusing with an empty note: the same", rc == ERR_INVAL);
	test_cond("returning with a note",
		  !act(s, STORE_ACT_REOPEN, nv, "thiếu phụ lục", none, &err));
	store_get_item(s, nv, TODAY, &it, &err);
	test_cond("the item carries the decision: kind, who, when, the note",
		  it.decided_kind && !strcmp(it.decided_kind, "reopened") && it.decided_by &&
		  !strcmp(it.decided_by, "vanphong") && it.decided_at && it.decided_note &&
		  !strcmp(it.decided_note, "thiếu phụ lục") && it.work == WORK_OPEN);
	store_item_release(&it);
	test_cond("returned work is in the inbox",
		  !store_inbox(s, 0, TODAY, NULL, NULL, counts, &err) && counts[0] == 0 &&
		  counts[2] == 1);

	/* Grant answers the request waiting. */
	rc = act(s, STORE_ACT_GRANT, tp, "đồng ý một phần", D(2026, 12, 15), &err);
	test_cond("a grant not later than the deadline in force is refused", rc == ERR_INVAL);
	test_cond("the office grants a new day itself",
		  !act(s, STORE_ACT_GRANT, tp, "đồng ý một phần", D(2027, 1, 10), &err));
	store_get_item(s, tp, TODAY, &it, &err);
	test_cond("the new day is in force, the original kept, the request answered",
		  it.extended_to.y == 2027 && it.extended_to.d == 10 && it.last_day.d == 15 &&
		  !it.requested_to.y && !strcmp(it.decided_kind, "extension_granted"));
	store_item_release(&it);

	/* Bulk: all or nothing. */
	memset(&many, 0, sizeof(many));
	many.action = STORE_ACT_CLOSE;
	many.actor = "vanphong";
	many.note = "đã xong";
	many.date = D(2026, 11, 21);
	many.today = TODAY;
	many.percent = -1;
	list[0] = nv;
	list[1] = tc;
	list[2] = 999999;
	rc = store_act_many(s, &many, list, 3, &bad, NULL, NULL, &err);
	test_cond("an unknown item among three: nothing closed, the item named",
		  rc == ERR_NOTFOUND && bad == 999999 && !strcmp(err.field, "items[999999]") &&
		  strstr(err.msg, "999999") && work_of(s, nv) == WORK_OPEN &&
		  work_of(s, tc) == WORK_OPEN);
	list[2] = nv;
	test_cond("an item given twice is refused",
		  store_act_many(s, &many, list, 3, &bad, NULL, NULL, &err) == ERR_INVAL &&
		  !strcmp(err.key, "bulk_twice") && bad == nv);
	test_cond("no item, or more than the cap, is refused",
		  store_act_many(s, &many, list, 0, &bad, NULL, NULL, &err) == ERR_INVAL &&
		  store_act_many(s, &many, list, STORE_BULK_MAX + 1, &bad, NULL, NULL, &err) ==
			  ERR_INVAL && !strcmp(err.key, "bulk_too_many"));
	test_cond("two open items close in one call",
		  !store_act_many(s, &many, list, 2, &bad, NULL, NULL, &err) &&
		  work_of(s, nv) == WORK_DONE && work_of(s, tc) == WORK_DONE);
	store_get_item(s, tc, TODAY, &it, &err);
	test_cond("closed: done on the day given, the office's decision on it",
		  it.done_on.d == 21 && !strcmp(it.decided_kind, "closed"));
	store_item_release(&it);
	rc = store_act_many(s, &many, list, 2, &bad, NULL, NULL, &err);
	test_cond("closing them again: the first refused, named", rc == ERR_BADSTATE && bad == nv);

	/* The queue of decisions to mail: those with a note, closing aside. */
	test_cond("the decisions with a note wait for their mail (return, grant)",
		  !store_decision_scan(s, TODAY, count_decision, ev, &err) && ev[0] == 2);
	test_cond("once mailed, they are forgotten",
		  !store_decision_done(s, ev + 1, (size_t)ev[0], &err) &&
		  !store_decision_scan(s, TODAY, count_decision, (ev[0] = 0, ev), &err) &&
		  ev[0] == 0);
	test_cond("the inbox is empty",
		  !store_inbox(s, 0, TODAY, NULL, NULL, counts, &err) &&
		  counts[0] + counts[1] + counts[2] == 0);
}

static int all_ids(const struct store_item *it, void *arg)
{
	struct { long long *v; size_t n, cap; } *l = arg;

	if (l->n < l->cap && it->work == WORK_OPEN && it->state.status == TASK_OVERDUE)
		l->v[l->n++] = it->id;
	return 0;
}

/*
 * A daily report nobody confirms for months: the inbox's lists hold their
 * oldest STORE_INBOX_SHOWN items, the counts all of them.
 */
static void test_inbox_bounded(struct store *s, const struct unitdir *units)
{
	struct store_import_opts opts = {"daily.txt", "test", units, 0, {2026, 11, 23}};
	struct store_import_result r = {0};
	struct store_item_filter f;
	struct notice *n = xcalloc(1, sizeof(*n));
	struct { long long *v; size_t n, cap; } l = {0};
	struct err err;
	cJSON *root = NULL, *list, *cnt;
	size_t i;
	int ok = 1;

	n->number = xstrdup("78/TB-UBND");
	n->type = xstrdup("THÔNG BÁO");
	n->date = D(2026, 4, 1);
	n->title = xstrdup("Chế độ báo cáo hằng ngày");
	add_task(n, "1", "Giao Sở Nội vụ báo cáo số liệu hằng ngày", "Sở Nội vụ");
	n->tasks[0].due = D(2026, 4, 1);
	n->tasks[0].freq = REC_DAILY;
	n->tasks[0].rrule = xstrdup("FREQ=DAILY");
	n->text = xstrdup("Số: 78/TB-UBND\n1. báo cáo hằng ngày\n");
	memset(&err, 0, sizeof(err));
	test_cond("a daily report since April imports", !store_import(s, n, &opts, &r, &err));
	store_import_result_release(&r);
	notice_free(&n);
	l.cap = STORE_INBOX_SHOWN + 5;
	l.v = xcalloc(l.cap, sizeof(*l.v));
	memset(&f, 0, sizeof(f));
	f.open_only = 1;
	f.today = TODAY;
	test_cond("it has more past days than the inbox shows",
		  !store_scan_items(s, &f, all_ids, &l, &err) && l.n == l.cap);
	for (i = 0; i < l.n && ok; i++) {
		struct store_item it;
		ok = !store_get_item(s, l.v[i], TODAY, &it, &err) &&
		     !act(s, STORE_ACT_DONE, l.v[i], NULL, it.state.last_day, &err);
		store_item_release(&it);
	}
	test_cond("the unit reports each of them done", ok);
	test_cond("the inbox answers", !store_inbox_json(s, 0, TODAY, &root, &err) && root);
	list = cJSON_GetObjectItemCaseSensitive(root, "confirm");
	cnt = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "counts"), "confirm");
	test_cond("its count says all of them",
		  cJSON_IsNumber(cnt) && cnt->valuedouble >= (double)l.cap);
	test_cond("its list holds the oldest STORE_INBOX_SHOWN",
		  cJSON_GetArraySize(list) == STORE_INBOX_SHOWN &&
		  (long long)cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, 0), "id")->valuedouble == l.v[0]);
	cJSON_Delete(root);
	free(l.v);
}

int main(void)
{
	char dir[] = "/tmp/test_inbox.XXXXXX";
	struct unitdir *units = NULL;
	struct store *s = NULL;
	struct err err;
	char *path, *p;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	path = xasprintf("%s/t.db", dir);
	memset(&err, 0, sizeof(err));
	test_cond("the directory loads", !unitdir_load(units_json, strlen(units_json), &units, &err));
	test_cond("the store opens", !store_open(path, &s, &err) && !store_sync_units(s, units, &err));
	if (s && units) {
		test_inbox(s, units);
		test_inbox_bounded(s, units);
	}
	store_close(&s);
	unitdir_free(&units);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
	unlink(path);
	rmdir(dir);
	free(path);
	return test_report();
}
