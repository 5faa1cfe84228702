/*
 * test_textscan.c - the text passes that look at sixteen bytes at a time
 * (notices/text.h): whatever offset a character or a mark falls at, on a
 * block's edge or across it, each gives what a byte-by-byte reading gives.
 * Lines are built from plain words with one thing put at every offset
 * from 0 to 47.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/err.h"
#include "notices/text.h"
#include "tests/testhelp.h"

#define SPAN 48

/* "ab cd ef ..." of n bytes: words of two letters and single spaces. */
static void plain_line(char *buf, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		buf[i] = i % 3 == 2 ? ' ' : (char)('a' + i % 7);
	if (n && buf[n - 1] == ' ')
		buf[n - 1] = 'z';
	buf[n] = '\0';
}

/* plain_line() of n bytes with `ins` written over it at offset k. */
static size_t line_with(char *buf, size_t n, size_t k, const char *ins)
{
	size_t l = strlen(ins);
	plain_line(buf, n);
	memcpy(buf + k, ins, l);
	return n;
}

static void clean_cases(void)
{
	static const char *const marks[] = {"*", "&", "<", "[", "\\", "_", "\xC2\xA0", "\t", "\xE2\x80\x83"};
	char buf[128];
	size_t k, m;
	int all_marks = 1, doubles = 1, plain = 1;
	for (k = 0; k + 3 < SPAN; k++) {
		for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++)
			if (text_is_clean(buf, line_with(buf, SPAN, k, marks[m])))
				all_marks = 0;
		if (k > 0 && text_is_clean(buf, line_with(buf, SPAN, k, "  ")))
			doubles = 0;
		plain_line(buf, k + 3);
		if (!text_is_clean(buf, k + 3))
			plain = 0;
	}
	test_cond("a markup byte or odd space at any offset makes a line unclean", all_marks);
	test_cond("two spaces together at any offset make a line unclean", doubles);
	test_cond("words and single spaces are clean at every length", plain);
	plain_line(buf, SPAN);
	buf[0] = ' ';
	test_cond("a leading space is not clean", !text_is_clean(buf, SPAN));
	plain_line(buf, SPAN);
	buf[SPAN - 1] = ' ';
	test_cond("a trailing space is not clean", !text_is_clean(buf, SPAN));
}

/* n bytes of 'a' with one ' ' at k (none when k >= n). */
static void word_line(char *buf, size_t n, size_t k)
{
	memset(buf, 'a', n);
	if (k < n)
		buf[k] = ' ';
	buf[n] = '\0';
}

/* want with `ins` put in at k, in place of `drop` bytes of it. */
static size_t splice(char *buf, const char *want, size_t n, size_t k, const char *ins, size_t drop)
{
	size_t l = strlen(ins);
	memcpy(buf, want, k);
	memcpy(buf + k, ins, l);
	memcpy(buf + k + l, want + k + drop, n - k - drop + 1);
	return n - drop + l;
}

static void squeeze_strip_cases(void)
{
	char buf[128], want[128];
	size_t k, l;
	int squeezed = 1, nbsp = 1, stripped = 1;
	for (k = 1; k + 2 < SPAN; k++) {
		word_line(want, SPAN, k);
		/* "a  a" at k squeezes to "a a". */
		l = text_squeeze(buf, splice(buf, want, SPAN, k, " ", 0));
		if (l != SPAN || strcmp(buf, want))
			squeezed = 0;
		/* A no-break space becomes a space. */
		l = text_squeeze(buf, splice(buf, want, SPAN, k, "\xC2\xA0", 1));
		if (l != SPAN || strcmp(buf, want))
			nbsp = 0;
		/* "**" at k goes. */
		l = text_strip_markup(buf, splice(buf, want, SPAN, k, "**", 0));
		if (l != SPAN || strcmp(buf, want))
			stripped = 0;
	}
	test_cond("a double space at any offset is squeezed to one", squeezed);
	test_cond("a no-break space at any offset becomes a space", nbsp);
	test_cond("emphasis marks at any offset are removed", stripped);
}

static void normalize_cases(void)
{
	char buf[128], *out;
	size_t k, l;
	struct err e;
	int letters = 1, columns = 1, separators = 1, cut = 1;
	for (k = 0; k + 4 < SPAN; k++) {
		/* Two- and three-byte letters pass as they are. */
		plain_line(buf, SPAN);
		memcpy(buf + k, k % 2 ? "\xC4\x91" : "\xE1\xBA\xA1", k % 2 ? 2 : 3);
		memset(&e, 0, sizeof(e));
		out = text_normalize(buf, SPAN, &l, &e);
		if (!out || l != SPAN || memcmp(out, buf, SPAN))
			letters = 0;
		free(out);
		/* A lead byte without its continuation is named at its column. */
		plain_line(buf, SPAN);
		buf[k] = (char)0xC4;
		memset(&e, 0, sizeof(e));
		out = text_normalize(buf, SPAN, &l, &e);
		if (out || e.code != ERR_ENCODING || e.col != (int)k + 1)
			columns = 0;
		free(out);
		/* U+2028 ends a line. */
		plain_line(buf, SPAN);
		memcpy(buf + k, "\xE2\x80\xA8", 3);
		memset(&e, 0, sizeof(e));
		out = text_normalize(buf, SPAN, &l, &e);
		if (!out || l != SPAN - 2 || out[k] != '\n')
			separators = 0;
		free(out);
	}
	/* A three-byte letter cut by the end of the text. */
	for (k = 1; k < 3; k++) {
		plain_line(buf, SPAN);
		memcpy(buf + SPAN - k, "\xE1\xBA\xA1", k);
		memset(&e, 0, sizeof(e));
		out = text_normalize(buf, SPAN, &l, &e);
		if (out || e.col != SPAN - (int)k + 1)
			cut = 0;
		free(out);
	}
	test_cond("Vietnamese letters at any offset are kept", letters);
	test_cond("a bad byte at any offset is reported at its column", columns);
	test_cond("a line separator at any offset ends the line", separators);
	test_cond("a letter cut by the end of the text is bad UTF-8", cut);
}

static void fold_case_cases(void)
{
	static const struct { const char *up, *low; } pairs[] = {
		{"À", "à"}, {"Ý", "ý"}, {"Đ", "đ"}, {"Ă", "ă"}, {"Ĩ", "ĩ"}, {"Ũ", "ũ"},
		{"Ơ", "ơ"}, {"Ư", "ư"}, {"Ạ", "ạ"}, {"Ỹ", "ỹ"}, {"Ộ", "ộ"},
	};
	char buf[128], f[128], want[128];
	size_t k, m;
	int folded = 1, cases = 1, tones = 1;
	for (m = 0; m < sizeof(pairs) / sizeof(pairs[0]); m++) {
		if (!text_is_upper(pairs[m].up) || text_is_lower(pairs[m].up) ||
		    !text_is_lower(pairs[m].low) || text_is_upper(pairs[m].low))
			cases = 0;
		for (k = 0; k + 4 < SPAN; k++) {
			size_t l = strlen(pairs[m].up);
			line_with(buf, SPAN, k, pairs[m].up);
			line_with(want, SPAN, k, pairs[m].low);
			text_fold_into(buf, SPAN, f);
			if (memcmp(f, want, SPAN) || strlen(pairs[m].low) != l)
				folded = 0;
		}
	}
	test_cond("× and ÷ are neither upper nor lower case",
		  !text_is_upper("×") && !text_is_lower("×") && !text_is_upper("÷") && !text_is_lower("÷"));
	/* The old tone placement at every offset: "hoà " folds to "hòa ". */
	for (k = 0; k + 6 < SPAN; k++) {
		line_with(buf, SPAN, k, "HOÀ ");
		line_with(want, SPAN, k, "hòa ");
		text_fold_into(buf, SPAN, f);
		if (memcmp(f, want, SPAN))
			tones = 0;
	}
	test_cond("capitals at any offset fold to their small letters", folded);
	test_cond("Vietnamese capitals are upper case, small letters lower case", cases);
	test_cond("the old tone placement at any offset folds to the new", tones);
}

int main(void)
{
	clean_cases();
	squeeze_strip_cases();
	normalize_cases();
	fold_case_cases();
	return test_report();
}
