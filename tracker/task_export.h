/*
 * task_export.h - the task list's export: every work item the dashboard's
 * list shows for a filter, as CSV or as an Excel workbook, with the same
 * columns in Vietnamese (one table of columns serves both): the item and
 * task ids, the notice's number and date, the item number, the task's
 * text, the lead unit, the supporting units, the deadline as written, the
 * last allowed day in force, the status, the days late, awaiting
 * confirmation, and the latest note.
 *
 * Dates are written dd/mm/yyyy, the office's way (the workbook's are date
 * cells shown so).  Every row is exported: rows are written out as they
 * are read, so memory stays flat whatever the count.  Functions return 0
 * or an ERR_* code with err filled; they never print.
 */
#ifndef TRACKER_TASK_EXPORT_H
#define TRACKER_TASK_EXPORT_H

#include <stdio.h>
#include "tracker/store/search.h"

/*
 * Every item matching q (its offset and limit are ignored) as CSV (csv.h:
 * UTF-8 with a BOM, CRLF, the formula guard) written to f.  ERR_IO when a
 * write fails.
 */
int task_export_csv(struct store *s, const struct store_item_query *q, FILE *f,
		    struct err *err);

/*
 * The same CSV in a private temporary file (in $TMPDIR or /tmp, unlinked
 * before this returns, on every path): 0 and in *fd a descriptor at its
 * start (caller closes), or an ERR_* code.
 */
int task_export_csv_fd(struct store *s, const struct store_item_query *q, int *fd,
		       struct err *err);

/*
 * The same rows as an .xlsx workbook (docs_table_begin()): a sheet
 * "Nhiệm vụ" with the header row frozen and filtered, numbers and dates as
 * such.  0 and in *fd the unlinked file at its start (caller closes).
 */
int task_export_xlsx(struct store *s, const struct store_item_query *q, int *fd,
		     struct err *err);

#endif
