/*
 * test_docs.c - the pieces of tracker/docs/ below the documents: text a
 * .docx can hold, NĐ 30's way of writing a date, and a template refused for
 * what it lacks.  The documents themselves are read back by t_docs.sh.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testhelp.h"
#include "tracker/docs/docs_int.h"

static void clean_case(const char *in, size_t cap, const char *want, const char *why)
{
	char *got = docs_clean(in, cap);

	test_cond(why, !strcmp(got, want));
	if (strcmp(got, want))
		printf("#   got '%s', want '%s'\n", got, want);
	free(got);
}

static void date_case(int y, int m, int d, const char *want)
{
	struct ymd day = {y, m, d};
	struct sbuf sb;
	char why[128];

	sbuf_init(&sb, 0);
	docs_date_words(day, &sb);
	snprintf(why, sizeof(why), "NĐ 30 writes %04d-%02d-%02d as '%s'", y, m, d, want);
	test_cond(why, !strcmp(sb.buf, want));
	sbuf_release(&sb);
}

/* Fills the built-in letter template with one field; the error's code. */
static int fill_one(const char *tag, struct err *err, char **out, size_t *len)
{
	const void *tpl;
	size_t n;
	int owned, rc;
	struct docs_field f = {tag, "x"};

	if ((rc = docs_template_get(NULL, "urge", &tpl, &n, &owned, err)))
		return rc;
	return docs_template_fill(tpl, n, &f, 1, NULL, 0, out, len, err);
}

/* 1 when the n bytes at p hold the string s. */
static int has_bytes(const char *p, size_t n, const char *s)
{
	return memmem(p, n, s, strlen(s)) != NULL;
}

/*
 * A table longer than a sheet goes on in new sheets, the header again in
 * each (Excel's limit is 1048575 rows; two stand for it here), and the
 * workbook's temporary files are gone after it is written or abandoned.
 */
static void table_case(void)
{
	static const struct docs_col cols[] = {
		{"Mã", DOCS_COL_NUMBER, 8}, {"Nội dung", DOCS_COL_TEXT, 40}, {"Hạn", DOCS_COL_DATE, 12},
	};
	char dir[] = "/tmp/test_docs.XXXXXX", *out = NULL;
	struct docs_table *t = NULL;
	struct docs_cell c[3];
	struct err err;
	size_t len = 0;
	int fd = -1, i, rc;

	if (!mkdtemp(dir)) {
		test_cond("a temporary folder for the workbook", 0);
		return;
	}
	setenv("TMPDIR", dir, 1);
	rc = docs_table_begin("Nhiệm vụ", cols, 3, 2, &t, &err);
	for (i = 0; !rc && i < 5; i++) {
		memset(c, 0, sizeof(c));
		c[0].num = i + 1;
		c[0].has_num = 1;
		c[1].text = "việc\x07 số";
		c[2].date = (struct ymd){2026, 12, i + 1};
		docs_table_row(t, c);
	}
	if (!rc)
		rc = docs_table_finish(&t, &fd, &err);
	test_cond("five rows at two a sheet make a workbook", !rc && fd >= 0 && !t);
	test_cond("the workbook's temporary files are gone once it is written", rmdir(dir) == 0);
	if (!rc && !docs_read_fd(fd, (size_t)16 << 20, &out, &len, &err)) {
		test_cond("five rows at two a sheet take three sheets",
			  has_bytes(out, len, "xl/worksheets/sheet3.xml") &&
				  !has_bytes(out, len, "xl/worksheets/sheet4.xml"));
	}
	if (fd >= 0)
		close(fd);
	free(out);
	mkdir(dir, 0700);
	rc = docs_table_begin("Nhiệm vụ", cols, 3, 0, &t, &err);
	if (!rc)
		docs_table_row(t, c);
	docs_table_free(&t);
	test_cond("an abandoned workbook leaves no file behind", !rc && !t && rmdir(dir) == 0);
	unsetenv("TMPDIR");
}

int main(void)
{
	struct err err;
	char *out = NULL;
	size_t len = 0;
	int rc, fd;

	clean_case("Sở <b>Nội</b> vụ", 0, "Sở <b>Nội</b> vụ", "markup is kept as text (escaping is the writer's)");
	clean_case("a\x01" "b\tc\nd\x1f", 0, "a b c d ", "every C0 control, tab and line feed too, becomes a space");
	clean_case("x\xff" "y", 0, "x\xef\xbf\xbdy", "a byte that is no UTF-8 becomes U+FFFD");
	clean_case("a\xef\xbf\xbe" "b", 0, "a b", "U+FFFE, which XML cannot hold, becomes a space");
	clean_case("Sở", 3, "S", "a cap never cuts a character in two");
	clean_case(NULL, 0, "", "NULL is the empty text");

	date_case(2026, 12, 5, "ngày 05 tháng 12 năm 2026");
	date_case(2026, 2, 14, "ngày 14 tháng 02 năm 2026");
	date_case(2026, 3, 1, "ngày 01 tháng 3 năm 2026");
	table_case();

	rc = fill_one("kinh_gui", &err, &out, &len);
	test_cond("the built-in letter template fills a field into a zip", !rc && len > 4 && !memcmp(out, "PK", 2));
	free(out);
	out = NULL;
	rc = fill_one("khong_co_truong_nay", &err, &out, &len);
	test_cond("a field the template lacks is refused, named",
		  rc == ERR_INVAL && strstr(err.msg, "'khong_co_truong_nay'") && !out);
	rc = docs_template_fill("not a zip", 9, NULL, 0, NULL, 0, &out, &len, &err);
	test_cond("a file that is not a zip is refused as not a .docx",
		  rc == ERR_UNSUPPORTED && strstr(err.msg, "not a .docx") && !out);
	rc = docs_template_get("/nonexistent/mau.docx", "urge", (const void **)&out, &len, &fd, &err);
	test_cond("a template file that is not there is an I/O error naming it",
		  rc == ERR_IO && strstr(err.msg, "/nonexistent/mau.docx"));
	return test_report();
}
