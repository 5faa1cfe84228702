/*
 * test_fuzz_replay.c - replays every file in tests/fuzz-corpus/ (seed inputs
 * of the libFuzzer target) and tests/fuzz-crashes/ (inputs that once crashed
 * the parser, committed with their fix) through notice_parse(), without and
 * with the units directory tests/parse/units.json.  Each file must give an
 * error or a well-formed notice (tests/checknotice.h) under ASan+UBSan: one
 * "ok - replay <file>" line per file.  Runs from the top of the tree.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/checknotice.h"
#include "tests/testhelp.h"

static const char *const DIRS[] = { "tests/fuzz-corpus", "tests/fuzz-crashes" };
#define UNITS_FILE "tests/parse/units.json"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An error with a message, or a well-formed notice: NULL, else what is wrong. */
static const char *replay_one(const char *buf, size_t len, const struct unitdir *units)
{
	struct notice *n = NULL;
	struct err err;
	const char *why = NULL;
	int rc;

	memset(&err, 0, sizeof err);
	rc = notice_parse(buf, len, units, &n, &err);
	if (rc == 0)
		why = n ? notice_problem(n) : "returned 0 with *out NULL";
	else if (rc != -1 || n || !err.msg[0])
		why = "failed without -1, or set *out, or gave no message";
	notice_free(&n);
	return why;
}

static void replay_dir(const char *dir, const struct unitdir *units)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	if (!d) {
		printf("# %s: no such directory\n", dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "README", 6))
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			names = xrealloc(names, alloc * sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_name);

	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *descr;
		size_t len = 0;
		char *buf = read_whole_file(path, &len);
		const char *why = NULL;

		if (!buf)
			why = "cannot read the file";
		else if (!(why = replay_one(buf, len, NULL)))
			why = replay_one(buf, len, units);
		if (why)
			descr = xasprintf("replay %s: %s", path, why);
		else
			descr = xasprintf("replay %s", path);
		test_cond(descr, why == NULL);
		free(descr);
		free(buf);
		free(path);
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	struct unitdir *units = NULL;
	struct err err;
	size_t len = 0;
	char *json = read_whole_file(UNITS_FILE, &len);

	memset(&err, 0, sizeof err);
	if (json && unitdir_load(json, len, &units, &err) != 0)
		printf("# %s: %s (replaying without a directory)\n", UNITS_FILE, err.msg);
	free(json);

	for (size_t i = 0; i < sizeof DIRS / sizeof DIRS[0]; i++)
		replay_dir(DIRS[i], units);
	unitdir_free(&units);
	return test_report();
}
