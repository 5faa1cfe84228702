/*
 * backup.h - an online copy of the database and a check of it, for the
 * operator: `tracker backup DEST` while the server and imports write, and
 * `tracker check` before a copy is trusted or after a restore.
 */
#ifndef TRACKER_STORE_BACKUP_H
#define TRACKER_STORE_BACKUP_H

#include "notices/util.h"
#include "tracker/store/store.h"

/*
 * Copies the database into `dest` as one consistent snapshot: a read
 * transaction is held on s for the whole copy (in WAL mode it blocks no
 * writer), and the pages go over with SQLite's backup API in chunks, so a
 * large database never holds a long lock on the copy.  The copy is written
 * to "dest.tmp-XXXXXX", synced, and renamed over dest, so dest is either
 * the old file or the whole new copy.  *pages (may be NULL) gets the number
 * of pages copied.  Returns 0, ERR_IO for the destination, or ERR_DB.
 */
int store_backup(struct store *s, const char *dest, long *pages, struct err *err);

/*
 * Checks the database: PRAGMA integrity_check, PRAGMA foreign_key_check,
 * and the program's own invariants (every work item has an assignment, a
 * unit and a task; every assignment a task and a unit; every task a notice;
 * the deadline in force is the extension's or the notice's; a reminder's
 * mail exists; the schema is not newer than this program; every text is
 * UTF-8).  Each problem
 * is one line appended to *problems (English, for the operator).  Returns
 * 0 whether or not problems were found, or an ERR_* code when the checks
 * could not run.
 */
int store_check(struct store *s, struct strlist *problems, struct err *err);

#endif
