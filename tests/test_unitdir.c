/*
 * test_unitdir.c - the name matcher of the units directory (notices/unitdir.h).
 *
 * Runs the cases of tests/unitdir/match.test through unitdir_match() and
 * unitdir_resolve() with the directory tests/unitdir/units.json, then checks
 * the contract around them: ranking, `max`, the exact name as the only
 * candidate, and unitdir_spell() for names the directory does not know.
 * Runs from the top of the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tests/readfile.h"

#define CASES_FILE "tests/unitdir/match.test"
#define UNITS_FILE "tests/unitdir/units.json"

static char *field(char **p)
{
	char *s = *p, *bar = strstr(s, " | "), *e;
	if (bar) {
		*bar = '\0';
		*p = bar + 3;
	} else {
		*p = s + strlen(s);
	}
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

static void run_case(int lineno, char *line, const struct unitdir *d)
{
	char *p = line, *name = field(&p), *want = field(&p), *score = field(&p), *descr;
	struct unit_candidate c[4];
	size_t n = unitdir_match(d, name, strlen(name), c, 4);
	const struct unit_entry *e = unitdir_resolve(d, name, strlen(name));
	int want_score = (int)strtol(score, NULL, 10), got_score = n ? c[0].score : 0;
	int ok = !strcmp(want, "-") ? e == NULL : e && !strcmp(e->name, want);

	descr = xasprintf("%s:%d: '%s' is %s, score %d", CASES_FILE, lineno, name,
			  strcmp(want, "-") ? want : "no unit", want_score);
	test_cond(descr, ok && got_score == want_score);
	if (!ok || got_score != want_score) {
		size_t k;
		printf("#   resolved '%s'; %zu candidates:", e ? e->name : "-", n);
		for (k = 0; k < n; k++)
			printf(" '%s' %d (%d)", c[k].entry->name, c[k].score, (int)c[k].how);
		printf("\n");
	}
	free(descr);
}

static void case_line(int lineno, char *line, void *arg)
{
	run_case(lineno, line, arg);
}

static int run_cases(const struct unitdir *d)
{
	int cases = read_cases(CASES_FILE, case_line, (void *)d);

	if (cases < 0)
		test_cond("read " CASES_FILE, 0);
	return cases < 0 ? 0 : cases;
}

static void check_contract(const struct unitdir *d)
{
	struct unit_candidate c[8];
	size_t n, k;
	char *s;
	int sorted = 1;

	n = unitdir_match(d, "Sở Nội vụ", strlen("Sở Nội vụ"), c, 8);
	test_cond("an exact name is the only candidate, scored 100, exact",
		  n == 1 && !strcmp(c[0].entry->name, "Sở Nội vụ") && c[0].score == 100 &&
		  c[0].how == UNIT_MATCH_EXACT);
	n = unitdir_match(d, "UBND xã Tân Phu", strlen("UBND xã Tân Phu"), c, 8);
	test_cond("an ambiguous name gives both units as candidates, for suggestions",
		  n == 2 && c[0].score == c[1].score && c[0].how == UNIT_MATCH_DIACRITICS);
	n = unitdir_match(d, "UBND xã Tân Phu", strlen("UBND xã Tân Phu"), c, 1);
	test_cond("no more candidates than max", n == 1);
	n = unitdir_match(d, "Sở KH&ĐT", strlen("Sở KH&ĐT"), c, 8);
	test_cond("initials are told as an abbreviation", n >= 1 && c[0].how == UNIT_MATCH_ABBREV);
	n = unitdir_match(d, "Sở Tài chíh", strlen("Sở Tài chíh"), c, 8);
	test_cond("a misspelt word is told as a typo", n >= 1 && c[0].how == UNIT_MATCH_TYPO);
	n = unitdir_match(d, "Phòng Tài chính Kế hoạch", strlen("Phòng Tài chính Kế hoạch"), c, 8);
	for (k = 1; k < n; k++)
		sorted &= c[k - 1].score >= c[k].score;
	test_cond("candidates come best first", sorted);
	test_cond("len bounds the name (no NUL needed)",
		  unitdir_resolve(d, "Sở Y tế dự phòng", strlen("Sở Y tế")) != NULL);
	test_cond("a NULL directory matches nothing",
		  unitdir_match(NULL, "Sở Y tế", 7, c, 8) == 0 && !unitdir_resolve(NULL, "Sở Y tế", 7));

	s = unitdir_spell(d, "Sở KH&ĐT");
	test_cond("unitdir_spell gives the canonical name of a matched unit",
		  !strcmp(s, "Sở Kế hoạch và Đầu tư"));
	free(s);
	s = unitdir_spell(d, "Ban cán sự đảng Uỷ ban nhân dân tỉnh");
	test_cond("unitdir_spell moves an unknown name's old tone placement to the new",
		  !strcmp(s, "Ban cán sự đảng Ủy ban nhân dân tỉnh"));
	free(s);
	s = unitdir_spell(NULL, "HỢP TÁC XÃ HOÀ THUẬN, Quỹ khoẻ, thuỷ lợi, quý, Thuý");
	test_cond("... in capitals too, and without a directory; 'quý' stays",
		  !strcmp(s, "HỢP TÁC XÃ HÒA THUẬN, Quỹ khỏe, thủy lợi, quý, Thúy"));
	free(s);
	s = unitdir_spell(d, "Các cơ quan, đơn vị liên quan");
	test_cond("unitdir_spell keeps any other name as written",
		  !strcmp(s, "Các cơ quan, đơn vị liên quan"));
	free(s);

	/* Suggestions for a clerk: the matcher's candidates, else shared words. */
	n = unitdir_suggest(d, "Sở KH&ĐT", strlen("Sở KH&ĐT"), c, 8);
	test_cond("unitdir_suggest gives the matcher's candidates when it has some",
		  n >= 1 && !strcmp(c[0].entry->name, "Sở Kế hoạch và Đầu tư") && c[0].how == UNIT_MATCH_ABBREV);
	n = unitdir_suggest(d, "Sở Giao thông", strlen("Sở Giao thông"), c, 8);
	test_cond("a name with words missing is offered the unit with them, by shared words",
		  n >= 1 && !strcmp(c[0].entry->name, "Sở Giao thông vận tải") &&
		  c[0].how == UNIT_MATCH_WORDS && c[0].score < UNITDIR_MATCH_MIN &&
		  !strcmp(unitdir_how_name(c[0].how), "words"));
	test_cond("... which the parser never takes",
		  !unitdir_resolve(d, "Sở Giao thông", strlen("Sở Giao thông")));
	n = unitdir_suggest(d, "Sở Y tế tỉnh Bình Sơn", strlen("Sở Y tế tỉnh Bình Sơn"), c, 8);
	test_cond("a name with words added is offered the unit too",
		  n >= 1 && !strcmp(c[0].entry->name, "Sở Y tế"));
	n = unitdir_suggest(d, "Sở Văn hóa", strlen("Sở Văn hóa"), c, 8);
	test_cond("generic words and one word in a longer name offer nothing", n == 0);
	n = unitdir_suggest(d, "Sở Tài nguyên", strlen("Sở Tài nguyên"), c, 1);
	test_cond("max bounds the suggestions", n == 1);
}

int main(void)
{
	struct unitdir *d = NULL;
	struct err err;
	size_t len = 0;
	char *json = read_whole_file(UNITS_FILE, &len);
	int cases;

	memset(&err, 0, sizeof err);
	if (!json || unitdir_load(json, len, &d, &err) != 0)
		test_cond("load " UNITS_FILE, 0);
	free(json);
	cases = run_cases(d);
	printf("# %d match cases\n", cases);
	check_contract(d);
	unitdir_free(&d);
	return test_report();
}
