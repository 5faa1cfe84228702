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

struct notice_err;
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
 * (caller frees with unitdir_free()), or -1 with *err filled (bad JSON, a
 * unit without a name, a member that is not a unit, a duplicate name).
 */
int unitdir_load(const char *json, size_t len, struct unitdir **out,
		 struct notice_err *err);

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

#endif
