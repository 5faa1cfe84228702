/*
 * unitdir.h - the units directory: canonical unit names, their aliases,
 * e-mail addresses, and groups ("các sở, ban, ngành") with their members.
 *
 * Loaded from JSON text (sample-data/units.json shows the format):
 *   {"units":  [{"name": "Sở Nội vụ", "aliases": ["SNV"], "email": "..."}],
 *    "groups": [{"name": "Các sở, ban, ngành", "aliases": [...],
 *                "members": ["Sở Nội vụ", ...], "email": "..."}]}
 * Names are matched after folding (NFC, case, old/new tone placement, dash
 * and space variants, "&" = "và", "UBND" = "Ủy ban nhân dân"), so aliases list
 * only real variants such as "KH&ĐT" or "Sở Kế hoạch- Đầu tư".
 */
#ifndef NOTICES_UNITDIR_H
#define NOTICES_UNITDIR_H

#include <stddef.h>

struct err;
struct unitdir;

struct unit_entry {
	const char *name;
	const char *email;          /* may be NULL */
	const char *const *aliases;
	size_t n_aliases;
	int is_group;
	const char *const *members; /* canonical names of member units (groups) */
	size_t n_members;
};

/*
 * Parses a directory from JSON text.  Returns 0 and a new directory in *out
 * (caller frees with unitdir_free()), or -1 with *err filled: ERR_PARSE
 * for bad JSON, ERR_INVAL for a unit without a name, a member that is not
 * a unit, a duplicate name.
 */
int unitdir_load(const char *json, size_t len, struct unitdir **out,
		 struct err *err);

/* Frees and sets *d to NULL.  NULL-safe. */
void unitdir_free(struct unitdir **d);

/*
 * The canonical name of a unit or group written as `name`, or NULL when the
 * directory does not know it.  Borrowed; valid until unitdir_free().
 */
const char *unitdir_canonical(const struct unitdir *d, const char *name);

/*
 * The canonical name of the office named by the directory's top-level
 * "office" key (the Văn phòng that receives the weekly report and
 * escalations), or NULL.  Borrowed; valid until unitdir_free().
 */
const char *unitdir_office(const struct unitdir *d);

/* Number of entries (units then groups) and the i-th one (borrowed). */
size_t unitdir_count(const struct unitdir *d);
const struct unit_entry *unitdir_entry(const struct unitdir *d, size_t i);

/* The entry with this canonical or alias name, or NULL (borrowed). */
const struct unit_entry *unitdir_find(const struct unitdir *d, const char *name);

/*
 * For growing a name word by word: UNITDIR_EXACT when the `len` bytes at
 * `name` are a unit or alias (more words may still make a longer one),
 * UNITDIR_PREFIX when they are only the start of one, UNITDIR_NONE when no
 * name starts so.  `name` need not be NUL-terminated.
 */
enum { UNITDIR_NONE = 0, UNITDIR_PREFIX, UNITDIR_EXACT };
int unitdir_lookup_prefix(const struct unitdir *d, const char *name, size_t len);

/* unitdir_lookup_prefix() of a name already folded (text_fold()), which
 * the owner grammar has: the same answer without folding it again. */
int unitdir_lookup_prefix_folded(const struct unitdir *d, const char *folded, size_t len);

/*
 * Whether some name in the directory starts with this folded word (lower
 * case, new tone placement): a cheap test before unitdir_lookup_prefix().
 */
int unitdir_first_word(const struct unitdir *d, const char *word, size_t len);

/*
 * Whether some name or alias in the directory has this folded word (lower
 * case, new tone placement) anywhere in it: the syllable splitter never
 * splits a word a unit is named with.
 */
int unitdir_has_word(const struct unitdir *d, const char *word, size_t len);

/*
 * Matching a unit name the way a notice writes it against the directory.
 *
 * unitdir_match() ranks the directory's units and groups by how well the
 * `len` bytes at `name` read as one of their names or aliases, and fills
 * out[0, max) with the best, highest score first (ties in directory
 * order).  Returns how many it filled (0: none is close).  The entries are
 * borrowed; valid until unitdir_free().  Scores:
 *   100  the name or an alias, up to case, tone placement ("Uỷ"/"Ủy",
 *        "hoà"/"hòa"), NFC, dashes and spaces, "&" for "và", UBND/HĐND
 *   90   besides, one word with other or missing diacritics ("Phòng Tai
 *        chính"); 10 less for each further such word
 *   85   initials for words, "và" left out or not ("KH&ĐT", "TN&MT",
 *        "GTVT" for Kế hoạch và Đầu tư, Tài nguyên và Môi trường, Giao
 *        thông vận tải); 15 less for each
 *   60   one letter wrong, missing, extra or two swapped in a word that is
 *        no Vietnamese syllable ("Sở Tài chíh")
 *   and 5 less for "và" written on one side only.
 * Words are never added or dropped (but "và"), so "Phòng Tài chính" does
 * not match "Phòng Tài chính - Kế hoạch".  An exact name gives that one
 * candidate alone.
 */
/* The largest kind of difference a candidate was matched across. */
enum unit_match_how {
	UNIT_MATCH_EXACT = 0,
	UNIT_MATCH_VARIANT,     /* "và" on one side only */
	UNIT_MATCH_DIACRITICS,
	UNIT_MATCH_ABBREV,
	UNIT_MATCH_TYPO,
	UNIT_MATCH_WORDS,       /* unitdir_suggest() only: words shared */
};
struct unit_candidate {
	const struct unit_entry *entry;
	int score;            /* 1..100 */
	enum unit_match_how how;
};
size_t unitdir_match(const struct unitdir *d, const char *name, size_t len,
		     struct unit_candidate *out, size_t max);

/* The stable English name of a `how`: "exact", "variant", "diacritics",
 * "abbreviation", "typo" or "words" (the API's suggestions). */
const char *unitdir_how_name(enum unit_match_how how);

/*
 * The units a clerk is offered for a name the directory does not know:
 * unitdir_match()'s candidates, or, when it finds none, the units whose
 * names share words with `name` beyond the generic ones ("Sở Văn hóa và Du
 * lịch" offers "Sở Văn hóa, Thể thao và Du lịch"), scored 10..49 by how
 * many words both have (UNIT_MATCH_WORDS), so that unitdir_resolve() and
 * the parser never take one.  Same contract as unitdir_match().
 */
size_t unitdir_suggest(const struct unitdir *d, const char *name, size_t len,
		       struct unit_candidate *out, size_t max);

/* Lowest score unitdir_resolve() takes a candidate at. */
#define UNITDIR_MATCH_MIN 50

/*
 * The unit `name` names: the best candidate of unitdir_match() when its
 * score is UNITDIR_MATCH_MIN or more and no other has the same score
 * (ambiguous: no unit), else NULL.  Borrowed; valid until unitdir_free().
 */
const struct unit_entry *unitdir_resolve(const struct unitdir *d, const char *name, size_t len);

/*
 * The name the parser reports for a unit written `name`: the canonical
 * name of unitdir_resolve()'s unit, else `name` as written with the old
 * tone placement moved to the new ("Ban cán sự đảng Uỷ ban" -> "Ban cán sự
 * đảng Ủy ban"), so that a unit written both ways is one unit.  `d` may be
 * NULL.  Caller frees.
 */
char *unitdir_spell(const struct unitdir *d, const char *name);

#endif
