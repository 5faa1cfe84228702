/*
 * docs.h - the office's own documents: the urging letter (công văn đôn
 * đốc) to a unit with overdue work and the report to the leadership, as
 * Word documents in the form of Nghị định 30/2020/NĐ-CP, and the report
 * as an Excel workbook.
 *
 * The .docx files are filled from templates the office can replace: a
 * .docx whose fields are Word content controls (w:sdt) tagged by name
 * ("so_ky_hieu", "ngay", "kinh_gui", ...) and one table row, itself a
 * content control, repeated per item.  The default templates are kept in
 * tracker/docs/template/ as their XML parts, zipped at build time and
 * compiled in.  The settings (issuing body, signer, place, ...) come from a
 * small JSON file beside the units file (README, "Documents").
 *
 * Inputs are plain strings: this folder knows no store and no wording; the
 * caller (tracker/documents.h) says what to write.  Every text is written
 * as text: markup is escaped, C0 control characters become a space.
 * Functions return 0 or an ERR_* code with the reason in err; they never
 * print.  Buffers handed out are malloc'd, caller frees with free().
 */
#ifndef TRACKER_DOCS_H
#define TRACKER_DOCS_H

#include <stddef.h>
#include "notices/err.h"
#include "notices/notice.h"
#include "notices/util.h"

/* ---- Settings ------------------------------------------------------------ */

/* Every string is set (a default when the file leaves it out). */
struct docs_settings {
	char *parent_body;     /* "UBND TỈNH BÌNH SƠN": above the issuing body */
	char *issuing_body;    /* "VĂN PHÒNG" */
	char *body_in_text;    /* "Văn phòng UBND tỉnh": how sentences name it */
	char *letter_code;     /* "VP-TH": "Số:      /VP-TH", the number left blank */
	char *report_code;     /* "BC-VP" */
	char *place;           /* "Bình Sơn": "Bình Sơn, ngày 05 tháng 12 năm 2026" */
	char *authority;       /* "KT." (on behalf of), "TL." (by order of) or "" */
	char *authority_title; /* "CHÁNH VĂN PHÒNG": whose authority KT./TL. names */
	char *signer_title;    /* "PHÓ CHÁNH VĂN PHÒNG" */
	char *signer_name;
	char *report_to;       /* "Chủ tịch, các Phó Chủ tịch UBND tỉnh" */
	char *leadership;      /* "UBND tỉnh, Chủ tịch UBND tỉnh": who gave the work */
	char **cc;             /* "Nơi nhận" lines after "- Như trên;" */
	size_t n_cc;
	char *urge_template;   /* a .docx path, or NULL for the built-in one */
	char *report_template;
};

/*
 * The name of the settings file beside the units file: "office.json".
 */
#define DOCS_SETTINGS_NAME "office.json"

/*
 * Reads the settings from the JSON file at path; a missing file gives the
 * defaults (dotted placeholders the clerk fills by hand), a file that is
 * not a JSON object or has a member of the wrong type is ERR_PARSE.
 * Template paths are read relative to the file's folder.  Caller releases
 * with docs_settings_release(), also after a failure.
 */
int docs_settings_load(const char *path, struct docs_settings *s, struct err *err);
/* The defaults alone (no file). */
void docs_settings_defaults(struct docs_settings *s);
void docs_settings_release(struct docs_settings *s);

/* ---- What the documents list ------------------------------------------- */

/* One piece of overdue work, as the documents write it. */
struct docs_item {
	const char *unit;      /* the lead unit */
	const char *notice;    /* "Thông báo số 15/TB-UBND ngày 05/11/2026" */
	const char *ref;       /* the item's number in the notice: "II.3" */
	const char *text;      /* what the notice asks */
	const char *deadline;  /* the deadline as written, with any extension */
	struct ymd last_day;   /* the last allowed day in force */
	long days_late;        /* > 0 */
	int long_overdue;
};

/* One row of the summary by unit; the counts of report --table. */
enum {
	DOCS_TOTAL, DOCS_DONE_ON_TIME, DOCS_DONE_LATE, DOCS_IN_PROGRESS, DOCS_OVERDUE,
	DOCS_NO_DEADLINE, DOCS_LONG_OVERDUE, DOCS_AWAITING, DOCS_NCOUNTS
};
struct docs_count_row {
	const char *unit;      /* "Tổng cộng" for the total row */
	long v[DOCS_NCOUNTS];
	double overdue_rate;   /* percent */
};

/* The letter to one unit about its overdue work. */
struct docs_letter {
	const char *unit;
	struct ymd today;
	struct ymd reply_by;   /* the day the unit is asked to report by */
	const struct docs_item *items;
	size_t n;
};

/* The report for notices dated from..to (zero: open), on today. */
struct docs_report {
	struct ymd today, from, to;
	const struct docs_count_row *rows;  /* units, then the total row last */
	size_t n_rows;
	const struct docs_item *items;      /* overdue work, by unit */
	size_t n_items;
};

/* ---- Documents ------------------------------------------------------------ */

/*
 * The urging letter as a .docx in *out (*len bytes; caller frees), from
 * the settings' template or the built-in one.  ERR_UNSUPPORTED for a
 * template that is not a .docx, ERR_INVAL for one that misses a field
 * (the message names it), ERR_IO when the template cannot be read.
 */
int docs_letter_docx(const struct docs_settings *st, const struct docs_letter *l,
		     char **out, size_t *len, struct err *err);

/* The report to the leadership as a .docx; as docs_letter_docx(). */
int docs_report_docx(const struct docs_settings *st, const struct docs_report *r,
		     char **out, size_t *len, struct err *err);

/*
 * The report as an .xlsx workbook: a sheet "Tổng hợp" (the summary, counts
 * as numbers) and a sheet "Quá hạn" (the overdue work, deadlines as dates,
 * days late as numbers), each with a header row, a filter and the header
 * frozen.  libxlsxwriter writes files only: the workbook is written to a
 * private temporary file (mode 0600, in $TMPDIR or /tmp) that is unlinked
 * before this returns, on every path.  Returns 0 and in *fd a descriptor
 * open for reading at its start (caller closes), or ERR_IO.
 */
int docs_report_xlsx(const struct docs_report *r, int *fd, struct err *err);

/* ---- A table as a workbook, row by row -------------------------------- */

enum docs_col_kind { DOCS_COL_TEXT, DOCS_COL_NUMBER, DOCS_COL_DATE };

/* A column: its header, the type of its cells, its width in characters
 * (text columns 30 wide or more wrap). */
struct docs_col {
	const char *head;
	enum docs_col_kind kind;
	double width;
};

/* One cell, read as its column's kind says: text (NULL or "": empty), a
 * number when has_num, a date when date.y is set (else empty). */
struct docs_cell {
	const char *text;
	double num;
	int has_num;
	struct ymd date;
};

struct docs_table;

/*
 * Starts a workbook of one table: a sheet named `sheet` with the columns'
 * header row, frozen, and a filter over every column.  Rows are written
 * out as they come (flat memory); after `rows_per_sheet` rows (0: Excel's
 * limit of 1048575) the table goes on in a new sheet "SHEET (2)" with the
 * header again.  The workbook lives in a private temporary file as in
 * docs_report_xlsx().  Returns 0 and *t, or ERR_IO; `cols` is borrowed
 * until the table is finished or freed.
 */
int docs_table_begin(const char *sheet, const struct docs_col *cols, size_t n_cols,
		     size_t rows_per_sheet, struct docs_table **t, struct err *err);
/* Appends a row of n_cols cells (borrowed for the call); text is cleaned
 * as docs_clean() does and cut at 32000 bytes, Excel's cell limit. */
void docs_table_row(struct docs_table *t, const struct docs_cell *cells);
/* Writes the workbook and frees *t (cleared): 0 and in *fd a descriptor of
 * the unlinked file at its start (caller closes), or ERR_IO. */
int docs_table_finish(struct docs_table **t, int *fd, struct err *err);
/* Abandons a table: its files are removed, *t freed and cleared.  NULL-safe. */
void docs_table_free(struct docs_table **t);

/*
 * s as text a .docx or .xlsx can hold: valid UTF-8 (a bad byte becomes
 * U+FFFD), every C0 control character (tab and line feed too) and
 * U+FFFE/U+FFFF a space, cut at `cap` bytes on a character boundary
 * (0: no cap).  NULL gives "".  Caller frees.
 */
char *docs_clean(const char *s, size_t cap);

/* Reads what is left of fd into *out (*len bytes; caller frees), at most
 * `cap` bytes (ERR_TOOBIG past it).  Does not close fd. */
int docs_read_fd(int fd, size_t cap, char **out, size_t *len, struct err *err);

/* ---- Templates ------------------------------------------------------------ */

/* One field to fill: every content control tagged `tag` gets `value`
 * ("\n" starts a new line: a new paragraph in a block control). */
struct docs_field {
	const char *tag;
	const char *value;
};

/* A repeated row: the row control tagged `tag` is written once per row of
 * `cells` (n_rows x n_cols values, row by row), its cell controls tagged
 * by `cols`. */
struct docs_rows {
	const char *tag;
	const char *const *cols;
	size_t n_cols;
	const char *const *cells;
	size_t n_rows;
};

/*
 * Fills the template (a .docx's bytes) into a new .docx in *out (caller
 * frees).  Every field and row the caller names must be in the template:
 * ERR_INVAL "the template has no field 'kinh_gui'" otherwise; a file that
 * is not a zip with word/document.xml is ERR_UNSUPPORTED.  The filled
 * controls are unwrapped: the draft holds plain text the clerk edits.
 */
int docs_template_fill(const void *tpl, size_t tpl_len, const struct docs_field *fields,
		       size_t n_fields, const struct docs_rows *rows, size_t n_rows,
		       char **out, size_t *len, struct err *err);

/*
 * The template to use: the file at `path` (read whole, at most 16 MiB), or
 * the built-in one named `name` ("urge", "report") when path is NULL.
 * *data is malloc'd when *owned, else static; ERR_IO when unreadable.
 */
int docs_template_get(const char *path, const char *name, const void **data, size_t *len,
		      int *owned, struct err *err);

/* "ngày 05 tháng 12 năm 2026": NĐ 30 writes days below 10 and months
 * below 3 with a leading zero. */
void docs_date_words(struct ymd d, struct sbuf *sb);

#endif
