/*
 * task_export.c - the task list's export as CSV and .xlsx from one table
 * of columns.  See task_export.h.
 */
#include "tracker/task_export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracker/core/csv.h"
#include "tracker/core/status.h"
#include "tracker/docs/docs.h"
#include "tracker/store/extras.h"

/* The CSV goes out in pieces of about this size. */
#define CSV_FLUSH ((size_t)64 << 10)

enum {
	C_ID, C_TASK, C_NUMBER, C_DATE, C_REF, C_TEXT, C_UNIT, C_CO, C_DUE_TEXT, C_LAST,
	C_STATUS, C_LATE, C_AWAITING, C_NOTE, N_COLS
};

/* The columns, once: the CSV's header and the workbook's. */
static const struct docs_col cols[N_COLS] = {
	[C_ID] = {"Mã công việc", DOCS_COL_NUMBER, 10},
	[C_TASK] = {"Mã nhiệm vụ", DOCS_COL_NUMBER, 10},
	[C_NUMBER] = {"Số văn bản", DOCS_COL_TEXT, 16},
	[C_DATE] = {"Ngày văn bản", DOCS_COL_DATE, 12},
	[C_REF] = {"Mục", DOCS_COL_TEXT, 8},
	[C_TEXT] = {"Nội dung nhiệm vụ", DOCS_COL_TEXT, 60},
	[C_UNIT] = {"Đơn vị chủ trì", DOCS_COL_TEXT, 28},
	[C_CO] = {"Đơn vị phối hợp", DOCS_COL_TEXT, 30},
	[C_DUE_TEXT] = {"Thời hạn", DOCS_COL_TEXT, 30},
	[C_LAST] = {"Hạn cuối", DOCS_COL_DATE, 12},
	[C_STATUS] = {"Tình trạng", DOCS_COL_TEXT, 22},
	[C_LATE] = {"Số ngày quá hạn", DOCS_COL_NUMBER, 10},
	[C_AWAITING] = {"Chờ xác nhận", DOCS_COL_TEXT, 10},
	[C_NOTE] = {"Ghi chú", DOCS_COL_TEXT, 40},
};

/* An item's row: what each column holds (borrowed from it, co and note). */
static void row_cells(const struct store_item *it, const char *co, const char *note,
		      struct docs_cell c[N_COLS])
{
	memset(c, 0, N_COLS * sizeof(*c));
	c[C_ID].num = (double)it->id;
	c[C_ID].has_num = 1;
	c[C_TASK].num = (double)it->task_id;
	c[C_TASK].has_num = 1;
	c[C_NUMBER].text = it->notice_number;
	c[C_DATE].date = it->notice_date;
	c[C_REF].text = it->task_ref;
	c[C_TEXT].text = it->task_text;
	c[C_UNIT].text = it->unit;
	c[C_CO].text = co;
	c[C_DUE_TEXT].text = it->due_text;
	c[C_LAST].date = it->state.last_day;
	c[C_STATUS].text = status_label(it->state.status);
	/* Overdue work counts to today, work done late to the day it was done. */
	if (it->state.last_day.y && it->state.days_left < 0) {
		c[C_LATE].num = (double)-it->state.days_left;
		c[C_LATE].has_num = 1;
	}
	c[C_AWAITING].text = it->state.awaiting ? "Có" : NULL;
	c[C_NOTE].text = note;
}

/* Where the rows go: a CSV to a FILE, or a workbook. */
struct export {
	struct store *s;
	struct sbuf co, note;
	struct err err;
	FILE *f;
	struct sbuf out;
	struct csv csv;
	struct docs_table *table;
};

static int csv_flush(struct export *e)
{
	if (e->out.len && fwrite(e->out.buf, 1, e->out.len, e->f) != e->out.len)
		return err_set(&e->err, ERR_IO, "cannot write the export: %s", strerror(errno));
	sbuf_reset(&e->out);
	return 0;
}

/* A cell as CSV text: what the workbook holds, so both read alike. */
static void csv_cell(struct csv *w, const struct docs_col *col, const struct docs_cell *c)
{
	char *t;

	switch (col->kind) {
	case DOCS_COL_TEXT:
		t = docs_clean(c->text, 0);
		csv_text(w, t);
		free(t);
		break;
	case DOCS_COL_NUMBER:
		if (c->has_num)
			csv_int(w, (long long)c->num);
		else
			csv_text(w, NULL);
		break;
	case DOCS_COL_DATE:
		if (c->date.y) {
			char d[16];
			snprintf(d, sizeof(d), "%02d/%02d/%04d", c->date.d % 100, c->date.m % 100,
				 c->date.y % 10000);
			csv_text(w, d);
		} else {
			csv_text(w, NULL);
		}
		break;
	}
}

static int export_item(const struct store_item *it, void *arg)
{
	struct export *e = arg;
	struct docs_cell c[N_COLS];
	size_t j;
	int rc;

	if ((rc = store_item_extras(e->s, it->task_id, it->id, &e->co, &e->note, &e->err)))
		return rc;
	row_cells(it, e->co.buf, e->note.buf, c);
	if (e->table) {
		docs_table_row(e->table, c);
		return 0;
	}
	for (j = 0; j < N_COLS; j++)
		csv_cell(&e->csv, &cols[j], &c[j]);
	csv_end_row(&e->csv);
	return e->out.len >= CSV_FLUSH ? csv_flush(e) : 0;
}

/* Runs the scan of every matching item into e; 0 or an ERR_* code in err. */
static int run(struct export *e, const struct store_item_query *q, struct err *err)
{
	struct store_item_query all = *q;
	long total = 0;
	int rc;

	all.offset = 0;
	all.limit = 0;
	rc = store_query_items(e->s, &all, export_item, e, &total, err);
	if (rc && e->err.code)
		*err = e->err;
	return rc;
}

static void export_init(struct export *e, struct store *s)
{
	memset(e, 0, sizeof(*e));
	e->s = s;
	sbuf_init(&e->co, 0);
	sbuf_init(&e->note, 0);
	sbuf_init(&e->out, 0);
}

static void export_release(struct export *e)
{
	sbuf_release(&e->co);
	sbuf_release(&e->note);
	sbuf_release(&e->out);
	docs_table_free(&e->table);
}

int task_export_csv(struct store *s, const struct store_item_query *q, FILE *f,
		    struct err *err)
{
	struct export e;
	size_t j;
	int rc;

	memset(err, 0, sizeof(*err));
	export_init(&e, s);
	e.f = f;
	csv_begin(&e.csv, &e.out);
	for (j = 0; j < N_COLS; j++)
		csv_text(&e.csv, cols[j].head);
	csv_end_row(&e.csv);
	if (!(rc = run(&e, q, err)) && (rc = csv_flush(&e)))
		*err = e.err;
	if (!rc && fflush(f))
		rc = err_set(err, ERR_IO, "cannot write the export: %s", strerror(errno));
	export_release(&e);
	return rc;
}

int task_export_csv_fd(struct store *s, const struct store_item_query *q, int *fdp,
		       struct err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path;
	FILE *f = NULL;
	int fd, rc;

	*fdp = -1;
	memset(err, 0, sizeof(*err));
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	path = xasprintf("%s/tracker-export-XXXXXX", tmpdir);
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path); /* only the descriptors hold it from here on */
	free(path);
	if (fd < 0)
		return err_set(err, ERR_IO, "cannot create a temporary file in '%s': %s", tmpdir,
			       strerror(errno));
	{
		int dupfd = dup(fd);
		if (dupfd < 0 || !(f = fdopen(dupfd, "w"))) {
			rc = err_set(err, ERR_IO, "cannot write a temporary file: %s",
				     strerror(errno));
			if (dupfd >= 0)
				close(dupfd);
			close(fd);
			return rc;
		}
	}
	rc = task_export_csv(s, q, f, err);
	if (fclose(f) && !rc)
		rc = err_set(err, ERR_IO, "cannot write a temporary file: %s", strerror(errno));
	if (!rc && lseek(fd, 0, SEEK_SET) < 0)
		rc = err_set(err, ERR_IO, "cannot read the export back: %s", strerror(errno));
	if (rc)
		close(fd);
	else
		*fdp = fd;
	return rc;
}

int task_export_xlsx(struct store *s, const struct store_item_query *q, int *fd,
		     struct err *err)
{
	struct export e;
	int rc;

	*fd = -1;
	memset(err, 0, sizeof(*err));
	export_init(&e, s);
	if (!(rc = docs_table_begin("Nhiệm vụ", cols, N_COLS, 0, &e.table, err)) &&
	    !(rc = run(&e, q, err)))
		rc = docs_table_finish(&e.table, fd, err);
	export_release(&e);
	return rc;
}
