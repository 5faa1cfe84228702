/*
 * ops.c - `tracker backup` and `tracker check`: what the operator runs
 * (by hand or from the daily timer) to keep copies of the database and to
 * know whether one can be trusted.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/cli/cli.h"
#include "tracker/store/backup.h"
#include "tracker/summary.h"

static const char backup_usage[] =
	"usage: tracker backup DEST [--keep N]\n"
	"\n"
	"Copies the database, as one consistent snapshot, while the server and\n"
	"imports keep writing.  DEST is a file, or a folder: then the copy is\n"
	"DEST/tracker-YYYYMMDD-HHMMSS.db and, with --keep N, only the N newest\n"
	"such copies are kept.  Check a copy with: tracker --db COPY check\n";

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest tracker-*.db of dir beyond the newest `keep`. */
static int prune(const char *dir, long keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, alloc = 0, i;
	int rc = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (!strncmp(e->d_name, "tracker-", 8) && l > 11 && !strcmp(e->d_name + l - 3, ".db")) {
			ALLOC_GROW(v, n + 1, alloc);
			v[n++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	/* The names sort as their dates do. */
	qsort(v, n, sizeof(*v), cmp_name);
	for (i = 0; i + (size_t)keep < n; i++) {
		char *p = xasprintf("%s/%s", dir, v[i]);
		if (unlink(p) && errno != ENOENT)
			rc = -1;
		free(p);
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

int cmd_backup(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc;
	const char *keep_s = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char *dest = NULL, *end;
	long keep = 0, pages = 0;
	struct store *s = NULL;
	struct stat sb;
	struct err err;
	const struct cli_opt defs[] = {
		{"--keep", 1, &keep_s, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = cli_parse_opts(g, "backup", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(backup_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos != 1) {
		cli_errorf("backup: cần đúng một nơi lưu DEST\n%s", backup_usage);
		goto out;
	}
	if (keep_s && ((keep = strtol(keep_s, &end, 10)) < 1 || *end || keep > 100000)) {
		cli_errorf("backup: --keep nhận số bản lưu, từ 1 trở lên");
		goto out;
	}
	if (!stat(pos[0], &sb) && S_ISDIR(sb.st_mode)) {
		time_t now = time(NULL);
		struct tm tm;
		char stamp[32];
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		dest = xasprintf("%s/tracker-%s.db", pos[0], stamp);
	} else if (keep_s) {
		cli_errorf("backup: --keep cần DEST là một thư mục");
		goto out;
	} else {
		dest = xstrdup(pos[0]);
	}
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (store_backup(s, dest, &pages, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	printf("backup: %s (%ld pages)\n", dest, pages);
	if (keep && prune(pos[0], keep)) {
		cli_errorf("backup: không xóa được các bản cũ trong '%s'", pos[0]);
		rc = EXIT_IOERR;
		goto out;
	}
	rc = EXIT_OK;
out:
	free(dest);
	free(pos);
	return rc;
}

static const char check_usage[] =
	"usage: tracker check\n"
	"\n"
	"Checks the database: SQLite's integrity and foreign keys, and the\n"
	"program's own rules (every work item has a unit and a task, ...),\n"
	"and the overview's kept counts against a count of every work item.\n"
	"Prints what is wrong and exits 65, or prints \"ok\" and exits 0.\n";

int cmd_check(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct strlist problems = {NULL, 0, 0};
	struct store *s = NULL;
	struct err err;
	size_t i;
	const struct cli_opt defs[] = {{NULL, 0, NULL, NULL}};

	if ((rc = cli_parse_opts(g, "check", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(check_usage, stdout);
		goto out;
	}
	if (npos) {
		cli_errorf("check: tham số thừa '%s'\n%s", pos[0], check_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (store_check(s, &problems, &err) || summary_check_kept(s, &problems, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	for (i = 0; i < problems.n; i++)
		printf("%s\n", problems.v[i]);
	if (problems.n) {
		cli_errorf("check: phát hiện %zu lỗi", problems.n);
		rc = EXIT_DATAERR;
	} else {
		printf("ok\n");
	}
out:
	strlist_release(&problems);
	free(pos);
	return rc;
}
