/*
 * bench_db.h - for benchmarks that fill a database with plain SQL: the
 * schema's triggers call vn_fold(), which the store registers on its own
 * connections; a raw connection must register it too (đ -> d, as
 * tracker/store/sql.c does).
 */
#ifndef BENCH_BENCH_DB_H
#define BENCH_BENCH_DB_H

#include <stdlib.h>
#include <sqlite3.h>

static void bench_vn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]), i, o = 0;
	char *out;

	(void)argc;
	if (!in || !(out = malloc((size_t)n + 1))) {
		sqlite3_result_null(ctx);
		return;
	}
	for (i = 0; i < n; i++) {
		if (in[i] == 0xc4 && i + 1 < n && (in[i + 1] == 0x91 || in[i + 1] == 0x90)) {
			out[o++] = in[i + 1] == 0x91 ? 'd' : 'D';
			i++;
		} else {
			out[o++] = (char)in[i];
		}
	}
	out[o] = 0;
	sqlite3_result_text(ctx, out, o, free);
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
