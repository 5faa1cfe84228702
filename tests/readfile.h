/*
 * readfile.h - read a whole file into memory, for the tests and the
 * benchmarks (the program's own readers live in tracker/textin/, with the
 * input limits and messages a user sees).
 *
 * Header-only, with nothing but libc, so that bench/bare_mhd.c, which links
 * none of the project, can use it as well as the tests.
 */
#ifndef TESTS_READFILE_H
#define TESTS_READFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Reads the file at `path` whole and sets *len to its size.  The buffer has
 * a NUL after the last byte, so a text file can be used as a string.
 * Returns NULL when the file cannot be opened or read, or is over 256 MiB.
 * Aborts when memory runs out (the program's policy: notices/util.h).
 * Caller frees with free().
 */
static inline char *read_whole_file(const char *path, size_t *len)
{
	const size_t cap = (size_t)256 << 20;
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, alloc = 0, got;
	int bad;

	if (!f)
		return NULL;
	do {
		if (alloc - n < 65536) {
			alloc = alloc ? alloc * 2 : 65536;
			if (!(buf = realloc(buf, alloc + 1))) {
				fputs("read_whole_file: out of memory\n", stderr);
				abort();
			}
		}
		got = fread(buf + n, 1, alloc - n, f);
		n += got;
	} while (got > 0 && n <= cap);
	bad = ferror(f) || n > cap;
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Calls fn(lineno, line, arg) for each line of the file at `path` that is
 * neither empty nor a comment ('#' first): the cases of a .test file, one a
 * line.  The line is NUL-terminated in a buffer freed after the call
 * returns; fn may cut it up.  Returns the number of cases, or -1 when the
 * file cannot be read.
 */
static inline int read_cases(const char *path, void (*fn)(int lineno, char *line, void *arg),
			     void *arg)
{
	size_t len = 0;
	char *buf = read_whole_file(path, &len), *p, *nl;
	int lineno = 0, cases = 0;

	if (!buf)
		return -1;
	for (p = buf; p < buf + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(buf + len - p));
		if (!nl)
			nl = buf + len;
		*nl = '\0';
		lineno++;
		if (!*p || *p == '#')
			continue;
		cases++;
		fn(lineno, p, arg);
	}
	free(buf);
	return cases;
}

#endif
