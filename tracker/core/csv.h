/*
 * csv.h - the one CSV writer: every CSV the program writes goes through it
 * (the weekly mail's attachment and `report --table --csv` in report.c,
 * the task list's export in task_export.c), so they quote and guard alike.
 *
 * The format is RFC 4180 as Excel and LibreOffice read it: UTF-8 after a
 * byte order mark (without it Excel shows Vietnamese as mojibake), rows end
 * in CRLF, a field is quoted only when it holds a comma, a double quote, CR
 * or LF, and a double quote inside is doubled.
 *
 * Formula guard (OWASP, "CSV Injection"): a spreadsheet reads a cell that
 * starts with = + - @, a tab or a CR as a formula, and a formula can run
 * commands or send the sheet's data away.  Text fields come from notices,
 * the units directory and the dashboard, so csv_text() writes such a field
 * with a leading apostrophe, which every spreadsheet shows as text.  The
 * guard is for text only: csv_int() writes numbers the program computed,
 * which carry no user text, and a negative count must stay a number that a
 * sheet can sum, not become the text "'-3".
 *
 * The writer appends to a caller-owned struct sbuf (notices/util.h); the
 * buffer's cap bounds the output (its `toobig` flag says it was reached).
 */
#ifndef TRACKER_CSV_H
#define TRACKER_CSV_H

#include "notices/util.h"

/* A CSV being written: the buffer (borrowed) and whether the current row
 * has a field yet, so callers never place separators by hand. */
struct csv {
	struct sbuf *sb;
	int in_row;
};

/* Starts a CSV in sb: appends the UTF-8 byte order mark. */
void csv_begin(struct csv *c, struct sbuf *sb);

/* Appends a text field: guarded against formulas, quoted when needed.
 * NULL writes an empty field. */
void csv_text(struct csv *c, const char *s);

/* Appends a number field in decimal, unquoted and never guarded. */
void csv_int(struct csv *c, long long v);

/* Ends the current row with CRLF. */
void csv_end_row(struct csv *c);

/* 1 when a spreadsheet would read a cell starting with s as a formula: the
 * rule csv_text() guards with. */
int csv_is_formula(const char *s);

#endif
