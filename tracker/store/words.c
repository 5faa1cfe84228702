/*
 * words.c - the words a work item is found by: the document the full-text
 * index (item_fts, migration 25) holds for an item, and the FTS5 query for
 * what a person typed.
 *
 * Vietnamese writes a word as two or three syllables ("rà soát", "xã Tân
 * Lập", "thị trấn Yên Thế"), and what people look for is a phrase of them.
 * FTS5 answers a phrase by reading the list of every syllable in it, and
 * the common ones ("xã", "báo", "cáo") are in a fifth of the texts, so the
 * index also holds each run of two to WORDS_RUN syllables as one token
 * ("xa_tan", "xa_tan_lap"): a phrase of up to WORDS_RUN syllables (a place
 * with its kind, "thi_tran_yen_the") is one token, whose list is as long
 * as its answer, and a longer one is a phrase of such tokens.
 * Both sides are folded here, the same way, to what people type: no tone
 * or vowel marks, lower case, "đ" as "d".
 */
#include "tracker/store/words.h"

#include "notices/util.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * FTS5's unicode61 tokenizer keeps letters, digits and private-use
 * characters together and splits on everything else; syllables are split
 * the same way so that the tokenizer, which item_fts runs on what is
 * written here (with "_" as a token character), finds no other boundary.
 */
static int token_char(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_CO:
		return 1;
	default:
		return 0;
	}
}

/*
 * The folded syllables of s[0..n): their text, NUL-separated, in *buf
 * (caller frees), and their count.  Text that is not valid UTF-8 (the
 * store holds none) has no syllables.
 */
static size_t syllables(const char *s, size_t n, char **buf)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t len, i = 0;
	struct sbuf sb;
	size_t count = 0;
	int in = 0;

	sbuf_init(&sb, 0);
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
			   UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	while (len > 0 && i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(folded + i, len - i, &c);

		if (k <= 0)
			break;
		if (token_char(c)) {
			if (!in)
				count++;
			/* "đ" has no decomposition to strip: it folds to d by hand. */
			if (c == 0x111)
				sbuf_addc(&sb, 'd');
			else
				sbuf_add(&sb, (const char *)folded + i, (size_t)k);
			in = 1;
		} else if (in) {
			sbuf_addc(&sb, '\0');
			in = 0;
		}
		i += k;
	}
	if (in)
		sbuf_addc(&sb, '\0');
	free(folded);
	*buf = sbuf_detach(&sb);
	return count;
}

/* The n-syllable run starting at syllable i of the NUL-separated list
 * `syl` (starts[] holds where each syllable begins), joined by "_". */
static void add_run(struct sbuf *sb, char *const *starts, size_t i, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		if (j)
			sbuf_addc(sb, '_');
		sbuf_adds(sb, starts[i + j]);
	}
}

static char **syllable_starts(char *syl, size_t count)
{
	char **starts = xmalloc((count ? count : 1) * sizeof(*starts));
	size_t i;

	for (i = 0; i < count; i++) {
		starts[i] = syl;
		syl += strlen(syl) + 1;
	}
	return starts;
}

char *words_doc(const char *text, size_t n)
{
	char *syl = NULL, **starts;
	size_t count = syllables(text ? text : "", text ? n : 0, &syl), i, run;
	struct sbuf sb;

	sbuf_init(&sb, 0);
	starts = syllable_starts(syl, count);
	/* Each length's runs are written in order, so that the longest runs,
	 * which a longer phrase becomes, stand at consecutive positions. */
	for (run = 1; run <= WORDS_RUN; run++)
		for (i = 0; i + run <= count; i++) {
			if (sb.len)
				sbuf_addc(&sb, ' ');
			add_run(&sb, starts, i, run);
		}
	free(starts);
	free(syl);
	return sbuf_detach(&sb);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *words_syllables(const char *text, size_t n)
{
	char *syl = NULL, **starts;
	size_t count = syllables(text ? text : "", text ? n : 0, &syl), i;
	struct sbuf sb;

	sbuf_init(&sb, 0);
	sbuf_addc(&sb, '[');
	starts = syllable_starts(syl, count);
	/* Sorted, so that each is written once however long the text. */
	qsort(starts, count, sizeof(*starts), cmp_str);
	for (i = 0; i < count; i++) {
		if (i && !strcmp(starts[i - 1], starts[i]))
			continue;
		/* Syllables hold letters and digits only: nothing to escape. */
		sbuf_adds(&sb, sb.len > 1 ? ",\"" : "\"");
		sbuf_adds(&sb, starts[i]);
		sbuf_addc(&sb, '"');
	}
	sbuf_addc(&sb, ']');
	free(starts);
	free(syl);
	return sbuf_detach(&sb);
}

/*
 * The syllables of what a person typed, at most WORDS_QUERY_MAX: each
 * syllable of a phrase is a token of the query, and each known syllable
 * the last one begins repeats the phrase, so a request of 64 KiB of
 * syllables would cost the server a tenth of a second.
 */
static size_t query_syllables(const char *q, char **syl)
{
	size_t count = syllables(q, strlen(q), syl);

	return count < WORDS_QUERY_MAX ? count : WORDS_QUERY_MAX;
}

char *words_last(const char *q)
{
	char *syl = NULL, **starts, *last = NULL;
	size_t count = query_syllables(q, &syl);

	if (count) {
		starts = syllable_starts(syl, count);
		last = xstrdup(starts[count - 1]);
		free(starts);
	}
	free(syl);
	return last;
}

/*
 * The query's text for the syllables in a row, from the first to the one
 * before the last, then `last`: one token for up to WORDS_RUN syllables,
 * else a phrase of runs of WORDS_RUN (exactly the texts that hold the syllables in
 * a row).  Quoted; a prefix when `prefix`.
 */
static void add_phrase(struct sbuf *sb, char **starts, size_t count, const char *last, int prefix)
{
	size_t i, first = count > WORDS_RUN ? count - WORDS_RUN : 0;

	sbuf_addc(sb, '"');
	for (i = 0; count > WORDS_RUN && i + WORDS_RUN < count; i++) {
		add_run(sb, starts, i, WORDS_RUN);
		sbuf_addc(sb, ' ');
	}
	for (i = first; i + 1 < count; i++) {
		sbuf_adds(sb, starts[i]);
		sbuf_addc(sb, '_');
	}
	sbuf_adds(sb, last);
	sbuf_adds(sb, prefix ? "\" *" : "\"");
}

char *words_query(const char *q, int phrase, const char *const *last, size_t n_last,
		  int *n_words)
{
	char *syl = NULL, **starts;
	size_t count = query_syllables(q, &syl), i;
	struct sbuf sb;

	*n_words = (int)count;
	if (!count) {
		free(syl);
		return NULL;
	}
	sbuf_init(&sb, 0);
	starts = syllable_starts(syl, count);
	if (!phrase) {
		/* Each syllable anywhere: one quoted token each.  (FTS5 joins
		 * phrases side by side with AND, but not a phrase and a
		 * parenthesis.) */
		for (i = 0; i + 1 < count; i++) {
			sbuf_addc(&sb, '"');
			sbuf_adds(&sb, starts[i]);
			sbuf_adds(&sb, "\" AND ");
		}
	}
	/*
	 * The last syllable is a prefix, so that results follow the typing:
	 * the known syllables it begins, each exactly (FTS5 reads a prefix by
	 * merging the lists of every token it begins), or, with none given,
	 * FTS5's prefix.  Syllables hold only token characters (no quote, no
	 * operator), so nothing typed is read as FTS5 syntax.
	 */
	if (!n_last) {
		if (phrase)
			add_phrase(&sb, starts, count, starts[count - 1], 1);
		else
			add_phrase(&sb, starts + count - 1, 1, starts[count - 1], 1);
	} else {
		sbuf_addc(&sb, '(');
		for (i = 0; i < n_last; i++) {
			if (i)
				sbuf_adds(&sb, " OR ");
			if (phrase)
				add_phrase(&sb, starts, count, last[i], 0);
			else
				add_phrase(&sb, starts + count - 1, 1, last[i], 0);
		}
		sbuf_addc(&sb, ')');
	}
	free(starts);
	free(syl);
	return sbuf_detach(&sb);
}
