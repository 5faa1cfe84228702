/*
 * store/words.h - the words a work item is found by (words.c): the
 * full-text index's document for an item and the query for what a person
 * typed, folded alike (no marks, lower case, "đ" as "d").
 */
#ifndef TRACKER_STORE_WORDS_H
#define TRACKER_STORE_WORDS_H

#include <stddef.h>

/* The longest run of syllables the index holds as one token: four covers
 * a place with its kind ("thị trấn Yên Thế", "khu phố Lê Lợi"). */
#define WORDS_RUN 4

/*
 * The document item_fts holds for an item whose task text is text[0..n)
 * (NULL: none): its syllables, then every run of two, and so on up to
 * every run of WORDS_RUN ("a_b_c_d"), separated by spaces.
 * The index can only forget a document given again exactly, so what this
 * writes for a text may change only with a migration that rebuilds
 * item_fts.  Caller frees.
 */
char *words_doc(const char *text, size_t n);

/*
 * The distinct folded syllables of text[0..n) (NULL: none) as a JSON array
 * of strings: what task_syllables (migration 25) learns from a task's text.
 * Caller frees.
 */
char *words_syllables(const char *text, size_t n);

/* A search looks for the first this many syllables typed. */
#define WORDS_QUERY_MAX 32

/* The folded last syllable of what a person typed (of its first
 * WORDS_QUERY_MAX), or NULL when it has none: what task_syllables is
 * searched for.  Caller frees. */
char *words_last(const char *q);

/*
 * The FTS5 query (on item_fts) for what a person typed (its first
 * WORDS_QUERY_MAX syllables): with `phrase`, the syllables in a row (one token for up to WORDS_RUN, else a phrase of runs
 * of WORDS_RUN), otherwise each syllable anywhere.  The last syllable is a
 * prefix: one of last[0..n_last), the known syllables that begin with it,
 * each exactly; with n_last 0, any token that begins with it.  NULL when
 * q has no syllable; *n_words gets how many.  Caller frees.
 */
char *words_query(const char *q, int phrase, const char *const *last, size_t n_last,
		  int *n_words);

#endif
