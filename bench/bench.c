/*
 * bench.c - prints the parser's throughput and the import rate; asserts
 * nothing.  `make bench` builds it with -O2 against the release objects and
 * runs it from the top of the tree.
 *
 * Parse: the seed notices (the .txt files of ../shared/seeds, else of sample-data)
 * are repeated until at least 50 MB have gone through notice_parse() on one
 * core, with the units directory of sample-data/units.json when present.
 * Two trivial passes over the same bytes (a memchr line count and utf8proc
 * validation) are timed in the same process as a baseline, so the figure can
 * be compared across machines.  Import: see bench_import().
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"

#define TARGET_BYTES (50.0 * 1024 * 1024)
#define MB (1024.0 * 1024.0)

struct input {
	char *path;
	char *buf;
	size_t len;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads a whole file; NULL when it cannot.  Caller frees. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct sbuf sb;
	char chunk[65536];
	size_t got;

	if (!f)
		return NULL;
	sbuf_init(&sb, 0);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		sbuf_add(&sb, chunk, got);
	fclose(f);
	*len = sb.len;
	return sbuf_detach(&sb);
}

/* Loads the files matching the first pattern that matches any. */
static size_t load_inputs(struct input **out, const char **pattern_used)
{
	static const char *const patterns[] = { "../shared/seeds/*.txt", "sample-data/*.txt" };
	struct input *in = NULL;
	size_t n = 0;

	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0] && !n; p++) {
		glob_t g;

		if (glob(patterns[p], 0, NULL, &g) != 0)
			continue;
		in = xcalloc(g.gl_pathc, sizeof *in);
		for (size_t i = 0; i < g.gl_pathc; i++) {
			size_t len = 0;
			char *buf = slurp(g.gl_pathv[i], &len);
			if (!buf)
				continue;
			in[n].path = xstrdup(g.gl_pathv[i]);
			in[n].buf = buf;
			in[n].len = len;
			n++;
		}
		globfree(&g);
		*pattern_used = patterns[p];
		if (!n) {
			free(in);
			in = NULL;
		}
	}
	*out = in;
	return n;
}

/* Counts line ends with memchr: the cheapest honest pass over the bytes. */
static size_t count_lines(const char *buf, size_t len)
{
	size_t lines = 0;
	const char *p = buf, *end = buf + len;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

/* Decodes every code point with utf8proc; returns how many were valid. */
static size_t validate_utf8(const char *buf, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)buf;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	size_t count = 0;

	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
		if (k < 1)
			k = 1;
		else
			count++;
		p += k;
		left -= k;
	}
	return count;
}

static void bench_parse(void)
{
	struct input *in = NULL;
	const char *pattern = NULL;
	size_t n = load_inputs(&in, &pattern);
	struct unitdir *units = NULL;
	struct notice_err err;
	size_t set_bytes = 0, notices = 0, tasks = 0, errors = 0, sink = 0;
	double bytes = 0, t0, t_parse, t_lines, t_utf8;
	long reps;

	if (!n) {
		printf("parse: no input (looked for ../shared/seeds/*.txt and sample-data/*.txt)\n");
		return;
	}
	{
		size_t len = 0;
		char *json = slurp("sample-data/units.json", &len);
		memset(&err, 0, sizeof err);
		if (json && unitdir_load(json, len, &units, &err) != 0)
			printf("parse: sample-data/units.json not loaded: %s\n", err.msg);
		free(json);
	}
	for (size_t i = 0; i < n; i++)
		set_bytes += in[i].len;
	reps = (long)(TARGET_BYTES / (double)set_bytes) + 1;

	/* Warm-up: one pass, not timed. */
	for (size_t i = 0; i < n; i++) {
		struct notice *nt = NULL;
		if (notice_parse(in[i].buf, in[i].len, units, &nt, &err) == 0)
			notice_free(&nt);
	}

	t0 = now();
	for (long r = 0; r < reps; r++) {
		for (size_t i = 0; i < n; i++) {
			struct notice *nt = NULL;
			if (notice_parse(in[i].buf, in[i].len, units, &nt, &err) == 0) {
				tasks += nt->n_tasks;
				notice_free(&nt);
			} else {
				errors++;
			}
			notices++;
			bytes += (double)in[i].len;
		}
	}
	t_parse = now() - t0;

	t0 = now();
	for (long r = 0; r < reps; r++)
		for (size_t i = 0; i < n; i++)
			sink += count_lines(in[i].buf, in[i].len);
	t_lines = now() - t0;

	t0 = now();
	for (long r = 0; r < reps; r++)
		for (size_t i = 0; i < n; i++)
			sink += validate_utf8(in[i].buf, in[i].len);
	t_utf8 = now() - t0;

	printf("parse: %zu files from %s (%.1f KB), repeated %ld times = %.1f MB, %s directory\n",
	       n, pattern, (double)set_bytes / 1024.0, reps, bytes / MB,
	       units ? "with the sample-data" : "no");
	printf("parse: %.1f MB/s, %.0f notices/s, %.0f tasks/s (%zu notices, %zu tasks, "
	       "%zu errors, %.2f s, one core)\n",
	       bytes / MB / t_parse, (double)notices / t_parse, (double)tasks / t_parse,
	       notices, tasks, errors, t_parse);
	printf("baseline: memchr line count %.0f MB/s, utf8proc validation %.0f MB/s "
	       "(parse is %.1fx slower than validation) [%zu]\n",
	       bytes / MB / (t_lines > 0 ? t_lines : 1e-9),
	       bytes / MB / (t_utf8 > 0 ? t_utf8 : 1e-9),
	       t_parse / (t_utf8 > 0 ? t_utf8 : 1e-9), sink % 10);

	for (size_t i = 0; i < n; i++) {
		free(in[i].path);
		free(in[i].buf);
	}
	free(in);
	unitdir_free(&units);
}

/*
 * STUB - import rate into a fresh database, in notices/s.  To be wired to
 * the store API (open a temporary database, import the same inputs as
 * bench_parse() under distinct content, time it, remove the file).
 */
static void bench_import(void)
{
	printf("import: not yet wired (store API pending)\n");
}

int main(void)
{
	bench_parse();
	bench_import();
	return 0;
}
