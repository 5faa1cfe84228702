/*
 * test_syllable.c - the syllable splitter (notices/syllable.h).
 *
 * Runs the cases of tests/syllable/split.test through syllable_split() with
 * the directory tests/syllable/units.json, then checks over the whole
 * table that no syllable is ever split (lower case, capitalised, upper
 * case), that every word of the directory's names stays as written, and
 * that notice_parse() records its splits with their lines.  Runs from the
 * top of the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/notice.h"
#include "notices/syllable.h"
#include "notices/syllable_tab.h"
#include "notices/text.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tests/readfile.h"

#define CASES_FILE "tests/syllable/split.test"
#define UNITS_FILE "tests/syllable/units.json"

/* The text as split, or a copy of it when nothing was. */
static char *split(const char *s, const struct unitdir *units, size_t *nsplits)
{
	struct notice_split *v = NULL;
	size_t n = 0, outlen;
	char *out = syllable_split(s, strlen(s), units, &outlen, &v, &n);
	if (out && (outlen != strlen(out) || !n))
		test_cond("the split text's length and splits agree", 0);
	syllable_splits_free(&v, n);
	if (nsplits)
		*nsplits = n;
	return out ? out : xstrdup(s);
}

static void run_case(int lineno, char *line, const struct unitdir *units)
{
	char *bar = strstr(line, " | ");
	char *want = bar ? bar + 3 : line, *got, *descr;
	if (bar)
		*bar = '\0';
	got = split(line, units, NULL);
	descr = xasprintf("%s:%d: '%s' reads '%s'", CASES_FILE, lineno, line, want);
	test_cond(descr, !strcmp(got, want));
	if (strcmp(got, want))
		printf("#   got '%s'\n", got);
	free(descr);
	free(got);
}

static void case_line(int lineno, char *line, void *arg)
{
	run_case(lineno, line, arg);
}

static int run_cases(const struct unitdir *units)
{
	int cases = read_cases(CASES_FILE, case_line, (void *)units);

	if (cases < 0)
		test_cond("read " CASES_FILE, 0);
	return cases < 0 ? 0 : cases;
}

/* Every syllable of the table, as is, capitalised and in capitals, is
 * valid and left alone, alone and after a word. */
static void check_table(void)
{
	unsigned slot, seen = 0, bad = 0;
	for (slot = 0; slot <= syl_tab_mask; slot++) {
		const char *w;
		char *forms[3], *line;
		size_t k;
		if (!syl_tab_slot[slot])
			continue;
		seen++;
		w = syl_tab_blob + syl_tab_slot[slot] - 1;
		forms[0] = xstrdup(w);
		forms[1] = xstrdup(w);
		text_capitalize(forms[1]);
		forms[2] = xstrdup(w);
		for (k = 0; forms[2][k]; k += utf8_len(forms[2] + k)) {
			char save = forms[2][k + utf8_len(forms[2] + k)];
			forms[2][k + utf8_len(forms[2] + k)] = '\0';
			text_capitalize(forms[2] + k);
			forms[2][k + utf8_len(forms[2] + k)] = save;
		}
		for (k = 0; k < 3; k++) {
			char *got;
			size_t n;
			line = xasprintf("Giao %s %s.", forms[k], forms[k]);
			got = split(line, NULL, &n);
			if (!syllable_valid(forms[k], strlen(forms[k])) || n) {
				if (bad++ < 5)
					printf("# syllable '%s' is not kept as it is\n", forms[k]);
			}
			free(got);
			free(line);
			free(forms[k]);
		}
	}
	test_cond("the table holds every syllable it counts", seen == syl_tab_count);
	test_cond("the table has thousands of syllables (hunspell-vi)", seen > 6000);
	test_cond("no syllable of the table, in any case, is split", bad == 0);
	test_cond("a token of two syllables is not one", !syllable_valid("chủtrì", strlen("chủtrì")));
	test_cond("both tone placements are syllables",
		  syllable_valid("hoà", strlen("hoà")) && syllable_valid("hòa", strlen("hòa")) &&
		  syllable_valid("Uỷ", strlen("Uỷ")) && syllable_valid("ỦY", strlen("ỦY")));
}

/* No word of a directory name or alias is split. */
static void check_names(const struct unitdir *units)
{
	size_t i, k, bad = 0;
	for (i = 0; i < unitdir_count(units); i++) {
		const struct unit_entry *e = unitdir_entry(units, i);
		for (k = 0; k <= e->n_aliases; k++) {
			const char *name = k ? e->aliases[k - 1] : e->name;
			size_t n;
			char *got = split(name, units, &n);
			if (n) {
				bad++;
				printf("# name '%s' read as '%s'\n", name, got);
			}
			free(got);
		}
	}
	test_cond("no name or alias of the directory is split", bad == 0);
}

/* notice_parse() reads the split text and keeps each split with its line. */
static void check_notice(const struct unitdir *units)
{
	static const char text[] =
		"ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN\n"
		"THÔNG BÁO\n"
		"Kínhgửi: Sở Nội vụ\n"
		"1. Giao Sở Nội vụ chủtrì, phối hợp với Sở Kế hoạch và Đầutư rà soát, báo cáo "
		"UBND tỉnh trước ngày 15/12/2025.\n";
	struct notice *n = NULL;
	struct err err;
	int ok = notice_parse(text, strlen(text), units, &n, &err) == 0;
	test_cond("a notice with words run together parses", ok);
	if (!ok)
		return;
	test_cond("it records three splits",
		  n->n_splits == 3 && !strcmp(n->splits[0].from, "Kínhgửi") &&
		  !strcmp(n->splits[0].to, "Kính gửi") && n->splits[0].line == 3 &&
		  n->splits[1].line == 4 && !strcmp(n->splits[2].to, "Đầu tư"));
	test_cond("the notice's text is the split text",
		  strstr(n->text, "Giao Sở Nội vụ chủ trì, phối hợp với Sở Kế hoạch và Đầu tư") != NULL);
	test_cond("the task's owners are read from the split words",
		  n->n_tasks == 1 && n->tasks[0].n_owners == 1 &&
		  !strcmp(n->tasks[0].owners[0], "Sở Nội vụ") && n->tasks[0].n_co_owners == 1 &&
		  !strcmp(n->tasks[0].co_owners[0], "Sở Kế hoạch và Đầu tư") && n->tasks[0].line == 4);
	notice_free(&n);
}

int main(void)
{
	struct unitdir *units = NULL;
	struct err err;
	size_t len = 0;
	char *json = read_whole_file(UNITS_FILE, &len);
	int cases;

	memset(&err, 0, sizeof err);
	if (!json || unitdir_load(json, len, &units, &err) != 0)
		test_cond("load " UNITS_FILE, 0);
	free(json);
	cases = run_cases(units);
	printf("# %d split cases\n", cases);
	check_table();
	check_names(units);
	check_notice(units);
	unitdir_free(&units);
	return test_report();
}
