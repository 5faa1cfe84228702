/*
 * bench_db.h - for benchmarks that fill a database with plain SQL: the
 * schema's triggers call vn_fold(), which the store registers on its own
 * connections; a raw connection must register it too, with the store's
 * own fold (store_fold_d()).
 */
#ifndef BENCH_BENCH_DB_H
#define BENCH_BENCH_DB_H

#include <stdlib.h>
#include <sqlite3.h>
#include "tracker/store/search.h"

static void bench_vn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);

	(void)argc;
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, store_fold_d(in, (size_t)n), -1, free);
}

/* Opens path with vn_fold() registered.  SQLite's result code. */
static inline int bench_db_open(const char *path, sqlite3 **db)
{
	int rc = sqlite3_open(path, db);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(*db, "vn_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
					     NULL, bench_vn_fold, NULL, NULL);
	return rc;
}

#endif
