/*
 * letter.c - the urging letter (công văn đôn đốc) to a unit with overdue
 * work: what each field of the "urge" template says.  See docs.h.
 */
#include "tracker/docs/docs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const item_cols[] = {
	"nv_stt", "nv_van_ban", "nv_muc", "nv_noi_dung", "nv_han", "nv_qua_han",
};
#define N_ITEM_COLS (sizeof(item_cols) / sizeof(item_cols[0]))

/* The table's cells, row by row; the strings are freed with the array. */
static char **item_cells(const struct docs_item *v, size_t n)
{
	char **c = xcalloc(n * N_ITEM_COLS + 1, sizeof(*c));
	size_t i;

	for (i = 0; i < n; i++) {
		char **r = c + i * N_ITEM_COLS;
		r[0] = xasprintf("%zu", i + 1);
		r[1] = xstrdup(v[i].notice ? v[i].notice : "");
		r[2] = xstrdup(v[i].ref ? v[i].ref : "");
		r[3] = xstrdup(v[i].text ? v[i].text : "");
		r[4] = xstrdup(v[i].deadline ? v[i].deadline : "");
		r[5] = xasprintf("%ld ngày", v[i].days_late);
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

int docs_letter_docx(const struct docs_settings *st, const struct docs_letter *l,
		     char **out, size_t *len, struct err *err)
{
	struct sbuf number, date, intro, closing, cc, authority;
	char today[11], reply[11], **cells = NULL;
	const void *tpl = NULL;
	size_t tpl_len = 0;
	int owned = 0, rc;

	*out = NULL;
	*len = 0;
	if ((rc = docs_template_get(st->urge_template, "urge", &tpl, &tpl_len, &owned, err)))
		return rc;
	sbuf_init(&number, 0);
	sbuf_init(&date, 0);
	sbuf_init(&intro, 0);
	sbuf_init(&closing, 0);
	sbuf_init(&cc, 0);
	sbuf_init(&authority, 0);
	docs_date_dmy(l->today, today);
	docs_date_dmy(l->reply_by, reply);
	/* The number is given at registration (văn thư): left blank. */
	sbuf_addf(&number, "        /%s", st->letter_code);
	sbuf_addf(&date, "%s, ", st->place);
	docs_date_words(l->today, &date);
	sbuf_addf(&intro,
		  "Qua theo dõi tình hình thực hiện các nhiệm vụ do %s giao, tính đến ngày %s, "
		  "%s còn %zu nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành hoặc chưa báo cáo "
		  "kết quả thực hiện, cụ thể như sau:",
		  st->leadership, today, l->unit, l->n);
	sbuf_addf(&closing,
		  "Để bảo đảm tiến độ, chất lượng thực hiện các nhiệm vụ nêu trên, %s đề nghị "
		  "%s khẩn trương chỉ đạo tổ chức thực hiện, báo cáo kết quả (qua %s) trước ngày "
		  "%s. Trường hợp chưa thể hoàn thành, đề nghị báo cáo rõ nguyên nhân, khó khăn, "
		  "vướng mắc và đề xuất thời hạn hoàn thành để tổng hợp, báo cáo lãnh đạo xem xét, "
		  "chỉ đạo.\n%s thông báo để %s biết, thực hiện./.",
		  st->body_in_text, l->unit, st->body_in_text, reply, st->body_in_text, l->unit);
	docs_cc_lines(st, &cc);
	docs_authority_line(st, &authority);
	{
		const struct docs_field fields[] = {
			{"co_quan_chu_quan", st->parent_body},
			{"co_quan", st->issuing_body},
			{"so_ky_hieu", number.buf},
			{"ngay", date.buf},
			{"trich_yeu", "V/v đôn đốc thực hiện nhiệm vụ được giao đã quá hạn"},
			{"kinh_gui", l->unit},
			{"mo_dau", intro.buf},
			{"ket_luan", closing.buf},
			{"noi_nhan", cc.buf},
			{"quyen_han", authority.buf},
			{"chuc_vu", st->signer_title},
			{"nguoi_ky", st->signer_name},
		};
		struct docs_rows rows;
		cells = item_cells(l->items, l->n);
		rows.tag = "nhiem_vu";
		rows.cols = item_cols;
		rows.n_cols = N_ITEM_COLS;
		rows.cells = (const char *const *)cells;
		rows.n_rows = l->n;
		rc = docs_template_fill(tpl, tpl_len, fields, sizeof(fields) / sizeof(fields[0]),
					&rows, 1, out, len, err);
	}
	free_cells(cells, l->n * N_ITEM_COLS);
	sbuf_release(&number);
	sbuf_release(&date);
	sbuf_release(&intro);
	sbuf_release(&closing);
	sbuf_release(&cc);
	sbuf_release(&authority);
	if (owned)
		free((void *)tpl);
	return rc;
}
