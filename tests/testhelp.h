/*
 * testhelp.h - the smallest test helper (after redis's testhelp.h).
 *
 * test_cond("sentence", expr) prints "ok - sentence" or "not ok - sentence";
 * tests/run.sh counts those lines.  test_report() returns the exit status.
 * The tests read their data files with read_whole_file() (tests/readfile.h).
 */
#ifndef TESTHELP_H
#define TESTHELP_H
#include <stdio.h>
#include "tests/readfile.h"

static int test_failed_, test_passed_;

#define test_cond(descr, _c) do { \
	if (_c) { test_passed_++; printf("ok - %s\n", descr); } \
	else { test_failed_++; printf("not ok - %s (%s:%d)\n", descr, __FILE__, __LINE__); } \
} while (0)

#define test_report() (fflush(stdout), test_failed_ ? 1 : 0)

#endif
