/*
 * report_xlsx.c - the report to the leadership as an Excel workbook, with
 * libxlsxwriter: the summary by unit (counts as numbers) and the overdue
 * work (deadlines as dates), each sheet with a header row, a filter and
 * the header frozen.  See docs.h.
 *
 * libxlsxwriter 1.1.4 (bookworm) writes to a path, not to memory: the
 * workbook goes to a mkstemp() file (0600) that is unlinked as soon as it
 * is written, on every path, so only the descriptor handed back holds it.
 * workbook_close() frees the workbook whatever it returns.
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

static const char *const sum_head[] = {
	"Đơn vị", "Tổng số", "Đã hoàn thành đúng hạn", "Đã hoàn thành quá hạn",
	"Chưa hoàn thành trong hạn", "Chưa hoàn thành quá hạn", "Không có thời hạn",
	"Quá hạn dài ngày", "Chờ xác nhận", "Tỷ lệ quá hạn (%)",
};
#define N_SUM (sizeof(sum_head) / sizeof(sum_head[0]))
/* The counts in the order of the columns after "Đơn vị". */
static const int sum_count[] = {
	DOCS_TOTAL, DOCS_DONE_ON_TIME, DOCS_DONE_LATE, DOCS_IN_PROGRESS, DOCS_OVERDUE,
	DOCS_NO_DEADLINE, DOCS_LONG_OVERDUE, DOCS_AWAITING,
};

static const char *const item_head[] = {
	"STT", "Đơn vị", "Văn bản giao nhiệm vụ", "Mục", "Nội dung nhiệm vụ", "Thời hạn",
	"Hạn cuối", "Số ngày quá hạn", "Quá hạn dài ngày",
};
#define N_ITEM (sizeof(item_head) / sizeof(item_head[0]))

static void put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		     lxw_format *f)
{
	char *t = docs_clean(s, CELL_BYTES);

	worksheet_write_string(ws, r, c, t, f);
	free(t);
}

static void put_date(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, struct ymd d,
		     lxw_format *f)
{
	lxw_datetime dt;

	if (!d.y)
		return;
	memset(&dt, 0, sizeof(dt));
	dt.year = d.y;
	dt.month = d.m;
	dt.day = d.d;
	worksheet_write_datetime(ws, r, c, &dt, f);
}

static void summary_sheet(lxw_workbook *wb, const struct docs_report *r, lxw_format *head,
			  lxw_format *bold, lxw_format *pct)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp");
	size_t i, j;

	for (j = 0; j < N_SUM; j++)
		worksheet_write_string(ws, 0, (lxw_col_t)j, sum_head[j], head);
	for (i = 0; i < r->n_rows; i++) {
		const struct docs_count_row *w = &r->rows[i];
		int total = i + 1 == r->n_rows;
		lxw_row_t row = (lxw_row_t)(i + 1);
		put_text(ws, row, 0, w->unit, total ? bold : NULL);
		for (j = 0; j < sizeof(sum_count) / sizeof(sum_count[0]); j++)
			worksheet_write_number(ws, row, (lxw_col_t)(j + 1),
					       (double)w->v[sum_count[j]], total ? bold : NULL);
		worksheet_write_number(ws, row, (lxw_col_t)(N_SUM - 1), w->overdue_rate, pct);
	}
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(N_SUM - 1), 14, NULL);
	worksheet_set_row(ws, 0, 45, NULL);
	/* The total row stays out of the filter: sorting must not move it. */
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)(r->n_rows > 1 ? r->n_rows - 1 : 0),
			     (lxw_col_t)(N_SUM - 1));
	worksheet_freeze_panes(ws, 1, 0);
}

static void items_sheet(lxw_workbook *wb, const struct docs_report *r, lxw_format *head,
			lxw_format *wrap, lxw_format *date)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Quá hạn");
	size_t i, j;

	for (j = 0; j < N_ITEM; j++)
		worksheet_write_string(ws, 0, (lxw_col_t)j, item_head[j], head);
	for (i = 0; i < r->n_items; i++) {
		const struct docs_item *it = &r->items[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_number(ws, row, 0, (double)(i + 1), NULL);
		put_text(ws, row, 1, it->unit, wrap);
		put_text(ws, row, 2, it->notice, wrap);
		put_text(ws, row, 3, it->ref, NULL);
		put_text(ws, row, 4, it->text, wrap);
		put_text(ws, row, 5, it->deadline, wrap);
		put_date(ws, row, 6, it->last_day, date);
		worksheet_write_number(ws, row, 7, (double)it->days_late, NULL);
		put_text(ws, row, 8, it->long_overdue ? "Có" : "", NULL);
	}
	worksheet_set_column(ws, 0, 0, 6, NULL);
	worksheet_set_column(ws, 1, 2, 28, NULL);
	worksheet_set_column(ws, 3, 3, 8, NULL);
	worksheet_set_column(ws, 4, 4, 60, NULL);
	worksheet_set_column(ws, 5, 5, 28, NULL);
	worksheet_set_column(ws, 6, 8, 14, NULL);
	worksheet_set_row(ws, 0, 30, NULL);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)r->n_items, (lxw_col_t)(N_ITEM - 1));
	worksheet_freeze_panes(ws, 1, 0);
}

int docs_report_xlsx(const struct docs_report *r, int *fdp, struct err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	lxw_workbook_options opt;
	lxw_workbook *wb = NULL;
	lxw_format *head, *bold, *pct, *wrap, *date;
	lxw_error le;
	char *path;
	int fd, rc = 0;

	*fdp = -1;
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	path = xasprintf("%s/tracker-report-XXXXXX", tmpdir);
	if ((fd = mkstemp(path)) < 0) {
		rc = err_set(err, ERR_IO, "cannot create a temporary file in '%s': %s", tmpdir,
			     strerror(errno));
		free(path);
		return rc;
	}
	memset(&opt, 0, sizeof(opt));
	opt.tmpdir = (char *)tmpdir;
	if (!(wb = workbook_new_opt(path, &opt))) {
		rc = err_set(err, ERR_IO, "cannot start the workbook");
		goto out;
	}
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.0");
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	date = workbook_add_format(wb);
	format_set_num_format(date, "dd/mm/yyyy");
	format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
	{
		/* The period and day live in the file's properties: row 1 of each
		 * sheet is its header, for the filter and the frozen pane. */
		lxw_doc_properties props;
		char from[11] = "…", to[11] = "…", today[11];
		char *title, *subject;
		if (r->from.y)
			docs_date_dmy(r->from, from);
		if (r->to.y)
			docs_date_dmy(r->to, to);
		docs_date_dmy(r->today, today);
		title = xasprintf("Báo cáo tình hình thực hiện nhiệm vụ, văn bản từ %s đến %s", from, to);
		subject = xasprintf("Số liệu tính đến ngày %s", today);
		memset(&props, 0, sizeof(props));
		props.title = title;
		props.subject = subject;
		workbook_set_properties(wb, &props);
		free(title);
		free(subject);
	}
	summary_sheet(wb, r, head, bold, pct);
	items_sheet(wb, r, head, wrap, date);
	le = workbook_close(wb);
	if (le != LXW_NO_ERROR) {
		rc = err_set(err, ERR_IO, "cannot write the workbook: %s", lxw_strerror(le));
		goto out;
	}
	/* libxlsxwriter rewrote the file mkstemp() made; fd still names it. */
	if (lseek(fd, 0, SEEK_SET) < 0)
		rc = err_set(err, ERR_IO, "cannot read the workbook back: %s", strerror(errno));
out:
	unlink(path);
	free(path);
	if (rc)
		close(fd);
	else
		*fdp = fd;
	return rc;
}

int docs_read_fd(int fd, size_t cap, char **out, size_t *len, struct err *err)
{
	struct sbuf sb;
	char buf[65536];
	ssize_t got;

	*out = NULL;
	*len = 0;
	sbuf_init(&sb, 0);
	while ((got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			sbuf_release(&sb);
			return err_set(err, ERR_IO, "cannot read the document: %s", strerror(errno));
		}
		if (sb.len + (size_t)got > cap) {
			sbuf_release(&sb);
			return err_set(err, ERR_TOOBIG, "the document is over %zu bytes", cap);
		}
		sbuf_add(&sb, buf, (size_t)got);
	}
	*len = sb.len;
	*out = sbuf_detach(&sb);
	return 0;
}
