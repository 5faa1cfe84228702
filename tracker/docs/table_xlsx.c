/*
 * table_xlsx.c - one table as an Excel workbook, written row by row: a
 * header row, text, numbers and dates as their own types, a filter over
 * the columns and the header frozen.  See docs.h.
 *
 * libxlsxwriter's constant_memory mode writes each row out as the next
 * begins, so a table of any length takes flat memory; its rows go to
 * temporary files in the same folder, which it removes itself.  A sheet
 * holds at most LXW_ROW_MAX rows: the table goes on in a new sheet, with
 * the header again, so no row is dropped.  As in report_xlsx.c the
 * workbook is written to a mkstemp() file that is unlinked on every path.
 */
#include "tracker/docs/docs_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Excel holds at most 32767 characters in a cell. */
#define CELL_BYTES 32000

struct docs_table {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date, *wrap;
	const struct docs_col *cols;
	size_t n_cols;
	char *sheet;         /* the first sheet's name; later ones get " (2)", ... */
	size_t per_sheet;    /* data rows a sheet holds */
	size_t in_sheet;     /* data rows in the current sheet */
	int n_sheets;
	char *path;
	int fd;
};

static void finish_sheet(struct docs_table *t)
{
	if (!t->ws)
		return;
	worksheet_autofilter(t->ws, 0, 0, (lxw_row_t)t->in_sheet, (lxw_col_t)(t->n_cols - 1));
}

static void new_sheet(struct docs_table *t)
{
	char *name;
	size_t j;

	finish_sheet(t);
	t->n_sheets++;
	name = t->n_sheets == 1 ? xstrdup(t->sheet) : xasprintf("%s (%d)", t->sheet, t->n_sheets);
	t->ws = workbook_add_worksheet(t->wb, name);
	free(name);
	t->in_sheet = 0;
	/* Column widths and the frozen header before any row (constant_memory). */
	for (j = 0; j < t->n_cols; j++)
		worksheet_set_column(t->ws, (lxw_col_t)j, (lxw_col_t)j, t->cols[j].width,
				     t->cols[j].kind == DOCS_COL_TEXT && t->cols[j].width >= 30 ? t->wrap
												 : NULL);
	worksheet_freeze_panes(t->ws, 1, 0);
	worksheet_set_row(t->ws, 0, 30, NULL);
	for (j = 0; j < t->n_cols; j++)
		worksheet_write_string(t->ws, 0, (lxw_col_t)j, t->cols[j].head, t->head);
}

int docs_table_begin(const char *sheet, const struct docs_col *cols, size_t n_cols,
		     size_t rows_per_sheet, struct docs_table **out, struct err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	lxw_workbook_options opt;
	struct docs_table *t;
	int rc;

	*out = NULL;
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	t = xcalloc(1, sizeof(*t));
	t->cols = cols;
	t->n_cols = n_cols;
	t->sheet = xstrdup(sheet);
	t->per_sheet = rows_per_sheet && rows_per_sheet < LXW_ROW_MAX - 1 ? rows_per_sheet
									   : LXW_ROW_MAX - 1;
	t->path = xasprintf("%s/tracker-table-XXXXXX", tmpdir);
	if ((t->fd = mkstemp(t->path)) < 0) {
		rc = err_set(err, ERR_IO, "cannot create a temporary file in '%s': %s", tmpdir,
			     strerror(errno));
		free(t->path);
		t->path = NULL;
		docs_table_free(&t);
		return rc;
	}
	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)tmpdir;
	if (!(t->wb = workbook_new_opt(t->path, &opt))) {
		docs_table_free(&t);
		return err_set(err, ERR_IO, "cannot start the workbook");
	}
	t->head = workbook_add_format(t->wb);
	format_set_bold(t->head);
	format_set_text_wrap(t->head);
	format_set_align(t->head, LXW_ALIGN_CENTER);
	format_set_align(t->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(t->head, 0xDDEBF7);
	format_set_border(t->head, LXW_BORDER_THIN);
	t->date = workbook_add_format(t->wb);
	format_set_num_format(t->date, "dd/mm/yyyy");
	format_set_align(t->date, LXW_ALIGN_VERTICAL_TOP);
	t->wrap = workbook_add_format(t->wb);
	format_set_text_wrap(t->wrap);
	format_set_align(t->wrap, LXW_ALIGN_VERTICAL_TOP);
	new_sheet(t);
	*out = t;
	return 0;
}

void docs_table_row(struct docs_table *t, const struct docs_cell *cells)
{
	lxw_row_t row;
	size_t j;

	if (t->in_sheet == t->per_sheet)
		new_sheet(t);
	row = (lxw_row_t)++t->in_sheet;
	for (j = 0; j < t->n_cols; j++) {
		const struct docs_cell *c = &cells[j];
		lxw_col_t col = (lxw_col_t)j;
		switch (t->cols[j].kind) {
		case DOCS_COL_TEXT:
			if (c->text && *c->text) {
				char *s = docs_clean(c->text, CELL_BYTES);
				worksheet_write_string(t->ws, row, col, s,
						       t->cols[j].width >= 30 ? t->wrap : NULL);
				free(s);
			}
			break;
		case DOCS_COL_NUMBER:
			if (c->has_num)
				worksheet_write_number(t->ws, row, col, c->num, NULL);
			break;
		case DOCS_COL_DATE:
			if (c->date.y) {
				lxw_datetime dt;
				memset(&dt, 0, sizeof(dt));
				dt.year = c->date.y;
				dt.month = c->date.m;
				dt.day = c->date.d;
				worksheet_write_datetime(t->ws, row, col, &dt, t->date);
			}
			break;
		}
	}
}

int docs_table_finish(struct docs_table **tp, int *fdp, struct err *err)
{
	struct docs_table *t = *tp;
	lxw_error le;
	int rc = 0;

	*fdp = -1;
	finish_sheet(t);
	le = workbook_close(t->wb);
	t->wb = NULL;
	if (le != LXW_NO_ERROR)
		rc = err_set(err, ERR_IO, "cannot write the workbook: %s", lxw_strerror(le));
	/* libxlsxwriter rewrote the file mkstemp() made; fd still names it. */
	else if (lseek(t->fd, 0, SEEK_SET) < 0)
		rc = err_set(err, ERR_IO, "cannot read the workbook back: %s", strerror(errno));
	if (!rc) {
		*fdp = t->fd;
		t->fd = -1;
	}
	docs_table_free(tp);
	return rc;
}

void docs_table_free(struct docs_table **tp)
{
	struct docs_table *t = *tp;

	if (!t)
		return;
	if (t->wb) {
		/* Abandoned: close it so its own temporary files go, then drop it. */
		workbook_close(t->wb);
	}
	if (t->path) {
		unlink(t->path);
		free(t->path);
	}
	if (t->fd >= 0)
		close(t->fd);
	free(t->sheet);
	free(t);
	*tp = NULL;
}
