/*
 * walnotices.h - the notices the WAL tests import: N_UNITS units and a
 * group of all of them, and notices of N_TASKS tasks given to the group
 * (each task N_UNITS rows), padded to any size, so that commits are large
 * and touch the indexes all over.  Shared by test_store_wal.c and
 * test_store_walload.c; header-only, included once per test program.
 */
#ifndef TESTS_WALNOTICES_H
#define TESTS_WALNOTICES_H

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/store/import.h"

#define N_UNITS 40
#define N_TASKS 8

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

/* Imports notice k (test_notice()) as file `name`; 0, or -1 with a "#" line. */
static int import_k_as(struct store *s, const struct unitdir *units, const char *name,
		       int k, size_t pad)
{
	struct store_import_opts opts = {name, "test", units, 0, {2025, 1, 1}};
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

#endif
