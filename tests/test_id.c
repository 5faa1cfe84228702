/*
 * test_id.c - the id parser (tracker/id.h) over the cases of tests/ids.test,
 * the list the command line and API tests run too, and the Vietnamese
 * reason for each refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "tracker/core/id.h"

static const char *const reasons[] = {
	[ID_OK] = "", [ID_EMPTY] = "empty", [ID_NOT_DIGITS] = "not_digits",
	[ID_LEADING_ZERO] = "leading_zero", [ID_TOO_BIG] = "too_big",
};

/* The INPUT of a case line ('...' with \t for a tab) into buf. */
static int case_input(const char *line, char *buf, size_t cap)
{
	const char *a = strchr(line, '\''), *b = strstr(line, "' => ");
	size_t n = 0;

	if (!a || !b || b < a)
		return -1;
	for (a++; a < b && n + 1 < cap; a++) {
		if (a[0] == '\\' && a[1] == 't') {
			buf[n++] = '\t';
			a++;
		} else {
			buf[n++] = *a;
		}
	}
	buf[n] = '\0';
	return 0;
}

static void test_cases(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256], in[128], name[320];
	int n = 0;

	test_cond("tests/ids.test opens", f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		const char *want;
		long long id = -7;
		enum id_err e;
		int ok;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '\'')
			continue;
		if (case_input(line, in, sizeof(in))) {
			test_cond(line, 0);
			continue;
		}
		want = strstr(line, "' => ") + 5;
		e = id_parse(in, &id);
		if (*want >= '1' && *want <= '9')
			ok = e == ID_OK && id == strtoll(want, NULL, 10);
		else
			ok = e != ID_OK && !strcmp(reasons[e], want) && id == -7 &&
			     *id_err_text(e);
		snprintf(name, sizeof(name), "id_parse %s", line);
		test_cond(name, ok);
		if (!ok)
			printf("#   got %s (%lld)\n", reasons[e], id);
		n++;
	}
	fclose(f);
	test_cond("tests/ids.test has its cases", n >= 20);
}

int main(void)
{
	test_cases("tests/ids.test");
	test_cond("id_parse(NULL) is empty", id_parse(NULL, &(long long){0}) == ID_EMPTY);
	return test_report();
}
