/*
 * bench_db.h - for benchmarks that fill a database with plain SQL: the
 * schema's triggers call SQL functions (vn_fold, vn_words) that the store
 * registers on its own connections; a raw connection must register them
 * too, the store's own (sq_functions_register()).
 */
#ifndef BENCH_BENCH_DB_H
#define BENCH_BENCH_DB_H

#include <sqlite3.h>
#include "tracker/store/store_int.h"

/* Opens path with the store's SQL functions registered.  SQLite's result code. */
static inline int bench_db_open(const char *path, sqlite3 **db)
{
	int rc = sqlite3_open(path, db);

	if (rc == SQLITE_OK)
		rc = sq_functions_register(*db);
	return rc;
}

#endif
