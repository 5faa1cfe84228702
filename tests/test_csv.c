/*
 * test_csv.c - the one CSV writer (tracker/csv.h): quoting as RFC 4180 says,
 * doubled quotes, line breaks inside a field, the formula guard on text
 * fields and its absence on numbers, separators and rows.
 */
#include <stdio.h>
#include <string.h>

#include "testhelp.h"
#include "tracker/core/csv.h"

/* One text field as written, without the BOM and row end. */
static const struct {
	const char *in, *out, *why;
} fields[] = {
	{"Sở Nội vụ", "Sở Nội vụ", "plain UTF-8 text is written as is"},
	{"", "", "an empty string is an empty field"},
	{NULL, "", "NULL is an empty field"},
	{"30/11/2026, 17 giờ", "\"30/11/2026, 17 giờ\"", "a comma makes the field quoted"},
	{"Giao \"Sở\" chủ trì", "\"Giao \"\"Sở\"\" chủ trì\"", "a quote is doubled inside quotes"},
	{"dòng 1\ndòng 2", "\"dòng 1\ndòng 2\"", "a line break stays inside quotes"},
	{"a\r\nb", "\"a\r\nb\"", "a CRLF stays inside quotes"},
	{"=1+2", "'=1+2", "= is guarded with an apostrophe"},
	{"+84 912 345 678", "'+84 912 345 678", "+ is guarded"},
	{"-5", "'-5", "- is guarded in a text field"},
	{"- Sở Y tế báo cáo", "'- Sở Y tế báo cáo", "a bullet from a notice is guarded too"},
	{"@SUM(A1:A9)", "'@SUM(A1:A9)", "@ is guarded"},
	{"\t=1+2", "'\t=1+2", "a leading tab is guarded"},
	{"\r=1+2", "\"'\r=1+2\"", "a leading CR is guarded and quoted"},
	{"=HYPERLINK(\"http://x.example\",\"Sở\")",
	 "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Sở\"\")\"",
	 "a formula with quotes and commas: guarded inside the quotes"},
	{"a=1+2", "a=1+2", "= after the first character is plain text"},
	{"'=1", "'=1", "an apostrophe already first needs nothing"},
};

static void test_fields(void)
{
	size_t i;
	char name[160];

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct sbuf sb;
		struct csv c;
		int ok;

		sbuf_init(&sb, 0);
		csv_begin(&c, &sb);
		csv_text(&c, fields[i].in);
		ok = sb.len == 3 + strlen(fields[i].out) && !memcmp(sb.buf, "\xEF\xBB\xBF", 3) &&
		     !strcmp(sb.buf + 3, fields[i].out);
		snprintf(name, sizeof(name), "csv_text: %s", fields[i].why);
		test_cond(name, ok);
		if (!ok)
			printf("#   got [%s], want [%s]\n", sb.buf + 3, fields[i].out);
		sbuf_release(&sb);
	}
}

static void test_rows(void)
{
	struct sbuf sb;
	struct csv c;

	sbuf_init(&sb, 0);
	csv_begin(&c, &sb);
	csv_text(&c, "Đơn vị");
	csv_text(&c, "Tổng số");
	csv_end_row(&c);
	csv_text(&c, "=Sở");
	csv_int(&c, -3);
	csv_int(&c, 0);
	csv_int(&c, 9223372036854775807LL);
	csv_text(&c, "12,5%");
	csv_text(&c, NULL);
	csv_end_row(&c);
	test_cond("rows: BOM, comma separators, CRLF ends; numbers unquoted and a negative "
		  "number unguarded, text guarded",
		  !strcmp(sb.buf, "\xEF\xBB\xBF" "Đơn vị,Tổng số\r\n"
			  "'=Sở,-3,0,9223372036854775807,\"12,5%\",\r\n"));
	sbuf_release(&sb);

	sbuf_init(&sb, 0);
	csv_begin(&c, &sb);
	csv_end_row(&c);
	csv_int(&c, 1);
	csv_end_row(&c);
	test_cond("an empty row is a bare CRLF and the next row starts without a comma",
		  !strcmp(sb.buf, "\xEF\xBB\xBF\r\n1\r\n"));
	sbuf_release(&sb);
}

static void test_rule(void)
{
	test_cond("csv_is_formula: the OWASP set = + - @ tab CR",
		  csv_is_formula("=") && csv_is_formula("+") && csv_is_formula("-") &&
		  csv_is_formula("@") && csv_is_formula("\t") && csv_is_formula("\r"));
	test_cond("csv_is_formula: not text, an empty string or NULL",
		  !csv_is_formula("Sở") && !csv_is_formula("") && !csv_is_formula(NULL) &&
		  !csv_is_formula("1-2"));
}

int main(void)
{
	test_fields();
	test_rows();
	test_rule();
	return test_report();
}
