/*
 * report_docx.c - the report to the leadership (báo cáo) as a .docx: the
 * summary by unit and status, then an appendix (phụ lục) listing the
 * overdue work.  What each field of the "report" template says.  See docs.h.
 */
#include "tracker/docs/docs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const unit_cols[] = {
	"dv_stt", "dv_ten", "dv_tong", "dv_dung_han", "dv_xong_qua_han", "dv_trong_han",
	"dv_qua_han", "dv_dai_ngay", "dv_khong_han", "dv_ty_le",
};
#define N_UNIT_COLS (sizeof(unit_cols) / sizeof(unit_cols[0]))

static const char *const item_cols[] = {
	"ph_stt", "ph_don_vi", "ph_van_ban", "ph_muc", "ph_noi_dung", "ph_han", "ph_qua_han",
};
#define N_ITEM_COLS (sizeof(item_cols) / sizeof(item_cols[0]))

/* "12,5%": Vietnamese writes a decimal comma. */
static char *rate_text(double rate)
{
	char *s = xasprintf("%.1f%%", rate), *dot = strchr(s, '.');

	if (dot)
		*dot = ',';
	return s;
}

static char **unit_cells(const struct docs_report *r)
{
	char **c = xcalloc(r->n_rows * N_UNIT_COLS + 1, sizeof(*c));
	size_t i;

	for (i = 0; i < r->n_rows; i++) {
		const struct docs_count_row *w = &r->rows[i];
		char **p = c + i * N_UNIT_COLS;
		/* The last row is the total: no number of its own. */
		p[0] = i + 1 < r->n_rows ? xasprintf("%zu", i + 1) : xstrdup("");
		p[1] = xstrdup(w->unit ? w->unit : "");
		p[2] = xasprintf("%ld", w->v[DOCS_TOTAL]);
		p[3] = xasprintf("%ld", w->v[DOCS_DONE_ON_TIME]);
		p[4] = xasprintf("%ld", w->v[DOCS_DONE_LATE]);
		p[5] = xasprintf("%ld", w->v[DOCS_IN_PROGRESS]);
		p[6] = xasprintf("%ld", w->v[DOCS_OVERDUE]);
		p[7] = xasprintf("%ld", w->v[DOCS_LONG_OVERDUE]);
		p[8] = xasprintf("%ld", w->v[DOCS_NO_DEADLINE]);
		p[9] = rate_text(w->overdue_rate);
	}
	return c;
}

static char **item_cells(const struct docs_report *r, size_t *n_rows)
{
	size_t i, n = r->n_items ? r->n_items : 1;
	char **c = xcalloc(n * N_ITEM_COLS + 1, sizeof(*c));

	*n_rows = n;
	if (!r->n_items) {
		for (i = 0; i < N_ITEM_COLS; i++)
			c[i] = xstrdup(i == 4 ? "Không có nhiệm vụ quá hạn." : "");
		return c;
	}
	for (i = 0; i < r->n_items; i++) {
		const struct docs_item *it = &r->items[i];
		char **p = c + i * N_ITEM_COLS;
		p[0] = xasprintf("%zu", i + 1);
		p[1] = xstrdup(it->unit ? it->unit : "");
		p[2] = xstrdup(it->notice ? it->notice : "");
		p[3] = xstrdup(it->ref ? it->ref : "");
		p[4] = xstrdup(it->text ? it->text : "");
		p[5] = xstrdup(it->deadline ? it->deadline : "");
		p[6] = xasprintf(it->long_overdue ? "%ld ngày\n(dài ngày)" : "%ld ngày",
				 it->days_late);
	}
	return c;
}

static void free_cells(char **c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++)
		free(c[i]);
	free(c);
}

/* "văn bản ban hành từ ngày 01/01/2026 đến ngày 30/06/2026" */
static void period(const struct docs_report *r, struct sbuf *sb)
{
	char d[11];

	if (!r->from.y && !r->to.y) {
		sbuf_adds(sb, "các văn bản chỉ đạo");
		return;
	}
	sbuf_adds(sb, "các văn bản ban hành");
	if (r->from.y) {
		docs_date_dmy(r->from, d);
		sbuf_addf(sb, " từ ngày %s", d);
	}
	if (r->to.y) {
		docs_date_dmy(r->to, d);
		sbuf_addf(sb, " đến ngày %s", d);
	}
}

int docs_report_docx(const struct docs_settings *st, const struct docs_report *r,
		     char **out, size_t *len, struct err *err)
{
	struct sbuf number, date, title, intro, closing, cc, authority, annex;
	const struct docs_count_row *sum = r->n_rows ? &r->rows[r->n_rows - 1] : NULL;
	char today[11], **ucells = NULL, **icells = NULL, *rate = NULL;
	const void *tpl = NULL;
	size_t tpl_len = 0, n_item_rows = 0;
	int owned = 0, rc;

	*out = NULL;
	*len = 0;
	if (!sum)
		return err_set(err, ERR_INVAL, "a report needs at least its total row");
	if ((rc = docs_template_get(st->report_template, "report", &tpl, &tpl_len, &owned, err)))
		return rc;
	sbuf_init(&number, 0);
	sbuf_init(&date, 0);
	sbuf_init(&title, 0);
	sbuf_init(&intro, 0);
	sbuf_init(&closing, 0);
	sbuf_init(&cc, 0);
	sbuf_init(&authority, 0);
	sbuf_init(&annex, 0);
	docs_date_dmy(r->today, today);
	sbuf_addf(&number, "        /%s", st->report_code);
	sbuf_addf(&date, "%s, ", st->place);
	docs_date_words(r->today, &date);
	sbuf_addf(&title, "Tình hình thực hiện nhiệm vụ do %s giao", st->leadership);
	sbuf_addf(&intro, "%s báo cáo tình hình thực hiện các nhiệm vụ do %s giao tại ",
		  st->body_in_text, st->leadership);
	period(r, &intro);
	sbuf_addf(&intro, ", tính đến ngày %s, như sau:", today);
	rate = rate_text(sum->overdue_rate);
	sbuf_addf(&closing,
		  "Tổng số nhiệm vụ theo dõi: %ld; đã hoàn thành đúng hạn: %ld; hoàn thành quá "
		  "hạn: %ld; đang thực hiện trong hạn: %ld; quá hạn chưa hoàn thành: %ld (trong đó "
		  "quá hạn trên 30 ngày: %ld); không có thời hạn: %ld; đơn vị đã báo cáo hoàn thành, "
		  "chờ xác nhận: %ld. Tỷ lệ nhiệm vụ quá hạn: %s.\n",
		  sum->v[DOCS_TOTAL], sum->v[DOCS_DONE_ON_TIME], sum->v[DOCS_DONE_LATE],
		  sum->v[DOCS_IN_PROGRESS], sum->v[DOCS_OVERDUE], sum->v[DOCS_LONG_OVERDUE],
		  sum->v[DOCS_NO_DEADLINE], sum->v[DOCS_AWAITING], rate);
	sbuf_addf(&closing,
		  "Danh mục %zu nhiệm vụ quá hạn chưa hoàn thành tại Phụ lục kèm theo. %s kính "
		  "báo cáo %s xem xét, chỉ đạo các đơn vị có nhiệm vụ quá hạn khẩn trương hoàn "
		  "thành./.", r->n_items, st->body_in_text, st->report_to);
	docs_cc_lines(st, &cc);
	docs_authority_line(st, &authority);
	sbuf_addf(&annex, "(Kèm theo Báo cáo số        /%s ngày %s của %s)", st->report_code,
		  today, st->body_in_text);
	ucells = unit_cells(r);
	icells = item_cells(r, &n_item_rows);
	{
		const struct docs_field fields[] = {
			{"co_quan_chu_quan", st->parent_body},
			{"co_quan", st->issuing_body},
			{"so_ky_hieu", number.buf},
			{"ngay", date.buf},
			{"trich_yeu", title.buf},
			{"kinh_gui", st->report_to},
			{"mo_dau", intro.buf},
			{"ket_luan", closing.buf},
			{"noi_nhan", cc.buf},
			{"quyen_han", authority.buf},
			{"chuc_vu", st->signer_title},
			{"nguoi_ky", st->signer_name},
			{"phu_luc", "DANH MỤC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH"},
			{"phu_luc_kem_theo", annex.buf},
		};
		struct docs_rows rows[2];
		rows[0].tag = "don_vi";
		rows[0].cols = unit_cols;
		rows[0].n_cols = N_UNIT_COLS;
		rows[0].cells = (const char *const *)ucells;
		rows[0].n_rows = r->n_rows;
		rows[1].tag = "qua_han";
		rows[1].cols = item_cols;
		rows[1].n_cols = N_ITEM_COLS;
		rows[1].cells = (const char *const *)icells;
		rows[1].n_rows = n_item_rows;
		rc = docs_template_fill(tpl, tpl_len, fields, sizeof(fields) / sizeof(fields[0]),
					rows, 2, out, len, err);
	}
	free_cells(ucells, r->n_rows * N_UNIT_COLS);
	free_cells(icells, n_item_rows * N_ITEM_COLS);
	free(rate);
	sbuf_release(&number);
	sbuf_release(&date);
	sbuf_release(&title);
	sbuf_release(&intro);
	sbuf_release(&closing);
	sbuf_release(&cc);
	sbuf_release(&authority);
	sbuf_release(&annex);
	if (owned)
		free((void *)tpl);
	return rc;
}
