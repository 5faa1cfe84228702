/*
 * cli/docs.c - the office's documents: `tracker letter --urge` (the urging
 * letters, .docx), the files of `report --table --docx/--xlsx` and the task
 * list's export (`list --csv`, `list --xlsx FILE`).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracker/cli/cli.h"
#include "tracker/documents.h"
#include "tracker/task_export.h"
#include "tracker/store/units.h"

static const char letter_usage[] =
	"usage: tracker letter --urge --unit U [--today D] -o FILE.docx\n"
	"       tracker letter --urge [--today D] -o DIR\n"
	"\n"
	"Writes the draft of the urging letter (công văn đôn đốc) to unit U about its\n"
	"overdue work, as a Word document in the form of Nghị định 30/2020/NĐ-CP, the\n"
	"number and the signature left for registration and signing.  Without --unit,\n"
	"one letter per unit with overdue work, in DIR (don-doc-<unit>.docx).  The\n"
	"letterhead and the signer come from office.json beside the units file.\n";

/* Writes len bytes to path (created 0644, replaced); 0 or EXIT_IOERR. */
static int cli_write_file(const char *cmd, const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f)) {
		cli_errorf("%s: không ghi được '%s': %s", cmd, path, strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}

/* Copies what fd holds to path; 0 or EXIT_IOERR. */
static int cli_write_fd(const char *cmd, const char *path, int fd)
{
	char buf[65536];
	ssize_t got;
	FILE *f = fopen(path, "wb");
	int bad = !f;

	while (!bad && (got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || fwrite(buf, 1, (size_t)got, f) != (size_t)got)
			bad = 1;
	}
	if ((f && fclose(f)) || bad) {
		cli_errorf("%s: không ghi được '%s': %s", cmd, path, strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}

/* Maps a documents failure to an exit code: a bad template is bad input. */
static int docs_fail(const char *cmd, const struct err *err)
{
	if (err->code == ERR_INVAL || err->code == ERR_UNSUPPORTED || err->code == ERR_PARSE ||
	    err->code == ERR_CORRUPT || err->code == ERR_TOOBIG) {
		cli_errorf("%s: %s", cmd, err->msg);
		return EXIT_DATAERR;
	}
	return cli_store_fail(err);
}

struct each {
	const char *dir;
	struct strlist names;  /* written in this run */
	int rc;
};

static int write_one(const char *unit, long long unit_id, const char *docx, size_t len,
		     void *arg)
{
	struct each *e = arg;
	char *name = documents_letter_name(unit), *path;

	/* Two names that fold alike ("Sở Y tế", "Sở Ý tế") keep a file each. */
	if (!strlist_add_unique(&e->names, name, NULL)) {
		char *alt = xasprintf("%.*s-%lld.docx", (int)(strlen(name) - 5), name, unit_id);
		free(name);
		name = alt;
	}
	path = xasprintf("%s/%s", e->dir, name);
	e->rc = cli_write_file("letter", path, docx, len);
	if (!e->rc)
		printf("%s\t%s\n", path, unit);
	free(path);
	free(name);
	return e->rc;
}

int cmd_letter(struct cli_global *g, int argc, char **argv)
{
	int help = 0, urge = 0, npos = 0, rc;
	const char *unit = NULL, *today = NULL, *out = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char *docx = NULL, *name = NULL;
	size_t len = 0;
	struct docs_settings st;
	struct store *s = NULL;
	struct err err;
	struct ymd day;
	long long unit_id = 0;
	const struct cli_opt defs[] = {
		{"--urge", 0, NULL, &urge},
		{"--unit", 1, &unit, NULL},
		{"--today", 1, &today, NULL},
		{"-o", 1, &out, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&st, 0, sizeof(st));
	if ((rc = cli_parse_opts(g, "letter", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(letter_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos || !urge || !out) {
		cli_errorf("letter: cần --urge và -o\n%s", letter_usage);
		goto out;
	}
	if ((rc = cli_today_opt("letter", today, &day)) || (rc = cli_prepare(g, &s)))
		goto out;
	if (documents_settings(s, &st, &err)) {
		rc = docs_fail("letter", &err);
		goto out;
	}
	if (unit) {
		if (g->units && unitdir_canonical(g->units, unit))
			unit = unitdir_canonical(g->units, unit);
		if (store_unit_id(s, unit, &unit_id, &err)) {
			cli_errorf("letter: danh bạ không có đơn vị '%s'", unit);
			rc = EXIT_DATAERR;
			goto out;
		}
		if (documents_urge(s, &st, unit_id, day, &docx, &len, &name, &err)) {
			rc = docs_fail("letter", &err);
			goto out;
		}
		if (!(rc = cli_write_file("letter", out, docx, len)))
			printf("%s\t%s\n", out, name);
	} else {
		struct each e;
		memset(&e, 0, sizeof(e));
		e.dir = out;
		long n = 0;
		if (mkdir(out, 0755) < 0 && errno != EEXIST) {
			cli_errorf("letter: không tạo được '%s': %s", out, strerror(errno));
			rc = EXIT_IOERR;
			goto out;
		}
		rc = documents_urge_each(s, &st, day, g->units ? unitdir_office(g->units) : NULL,
					 write_one, &e, &n, &err);
		strlist_release(&e.names);
		if (rc) {
			rc = e.rc ? e.rc : docs_fail("letter", &err);
			goto out;
		}
		rc = 0;
		if (!n)
			fprintf(stderr, "letter: no unit has overdue work\n");
	}
out:
	docs_settings_release(&st);
	free(docx);
	free(name);
	free(pos);
	return rc;
}

int cli_report_document(struct cli_global *g, struct store *s, struct ymd day,
			struct ymd from, struct ymd to, const char *docx_path,
			const char *xlsx_path)
{
	struct docs_settings st;
	struct err err;
	char *docx = NULL;
	size_t len = 0;
	int fd = -1, rc = 0;

	memset(&st, 0, sizeof(st));
	if (docx_path) {
		if (documents_settings(s, &st, &err) ||
		    documents_report_docx(s, &st, day, from, to, &docx, &len, &err)) {
			rc = docs_fail("report", &err);
			goto out;
		}
		if ((rc = cli_write_file("report", docx_path, docx, len)))
			goto out;
	}
	if (xlsx_path) {
		if (documents_report_xlsx(s, day, from, to, &fd, &err)) {
			rc = docs_fail("report", &err);
			goto out;
		}
		rc = cli_write_fd("report", xlsx_path, fd);
	}
out:
	if (fd >= 0)
		close(fd);
	docs_settings_release(&st);
	free(docx);
	return rc;
}

int cli_list_export(struct store *s, const struct store_item_query *q, const char *xlsx_path)
{
	struct err err;
	int fd = -1, rc;

	if (!xlsx_path) {
		if (task_export_csv(s, q, stdout, &err))
			return docs_fail("list", &err);
		return 0;
	}
	if (task_export_xlsx(s, q, &fd, &err))
		return docs_fail("list", &err);
	rc = cli_write_fd("list", xlsx_path, fd);
	close(fd);
	return rc;
}
