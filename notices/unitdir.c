/*
 * unitdir.c - loading the units directory from JSON and looking names up.
 *
 * cJSON ownership: the parsed tree is ours and freed before returning; every
 * string kept is copied.  Lookups go through a sorted array of (key, entry)
 * pairs, where the key is text_unit_key() of a name or alias, so a lookup is
 * one key computation and a binary search.
 */
#include "notices/unitdir.h"
#include "notices/notice.h"
#include "notices/syllable.h"
#include "notices/text.h"
#include "notices/util.h"

#include <cJSON.h>
#include <utf8proc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct unit_entry pub;
	char **aliases;
	char **members;
};

struct keyref {
	char *key;
	char *strip;       /* loose_into() of the key (matching) */
	size_t entry;
};

struct unitdir {
	struct entry *e;
	size_t n;
	struct keyref *keys;
	size_t nkeys, akeys;
	char **first;      /* sorted first words of the keys, for quick rejects */
	size_t nfirst;
	/* The same words hashed (fnv1a32()): slot k holds an index into
	 * first[] plus one, 0 when empty; first_mask + 1 slots, a power of
	 * two at least twice nfirst, so probes stay short. */
	unsigned *first_slot;
	size_t first_mask;
	size_t *first_len;
	char **words;      /* sorted words of every name and alias, folded */
	size_t nwords;
	struct keyref *skeys; /* the keys again, sorted by `strip` (borrowed strings) */
	/* The letter each Vietnamese letter is written on, for stripping
	 * diacritics: U+00C0..U+01B0 and U+1EA0..U+1EF9 (0: none). */
	unsigned char base_lat[0x1B1 - 0xC0];
	unsigned char base_ext[0x1EFA - 0x1EA0];
	char *office;      /* canonical name of the office ("office" key), or NULL */
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct keyref *)a)->key, ((const struct keyref *)b)->key);
}

static void add_key(struct unitdir *d, const char *name, size_t entry)
{
	if (d->nkeys == d->akeys) {
		d->akeys = d->akeys ? d->akeys * 2 : 64;
		d->keys = xrealloc(d->keys, d->akeys * sizeof(*d->keys));
	}
	d->keys[d->nkeys].key = text_unit_key(name);
	d->keys[d->nkeys].entry = entry;
	d->nkeys++;
}

static char **copy_strings(const cJSON *arr, size_t *n)
{
	char **v;
	size_t i = 0;
	const cJSON *it;
	*n = 0;
	if (!cJSON_IsArray(arr))
		return NULL;
	v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*v));
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && it->valuestring[0])
			v[i++] = xstrdup(it->valuestring);
	*n = i;
	return v;
}

/* Reads one array ("units" or "groups") into d. */
static int load_array(struct unitdir *d, const cJSON *arr, int is_group,
		      struct err *err)
{
	const cJSON *it;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr)) {
		err_set(err, ERR_INVAL, "units directory: \"%s\" is not an array",
			is_group ? "groups" : "units");
		return -1;
	}
	cJSON_ArrayForEach(it, arr) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
		const cJSON *email = cJSON_GetObjectItemCaseSensitive(it, "email");
		struct entry *e;
		size_t k;
		if (!cJSON_IsString(name) || !name->valuestring[0]) {
			err_set(err, ERR_INVAL, "units directory: a %s without a name",
				is_group ? "group" : "unit");
			return -1;
		}
		d->e = xrealloc(d->e, (d->n + 1) * sizeof(*d->e));
		e = &d->e[d->n];
		memset(e, 0, sizeof(*e));
		e->pub.name = xstrdup(name->valuestring);
		e->pub.email = cJSON_IsString(email) ? xstrdup(email->valuestring) : NULL;
		e->aliases = copy_strings(cJSON_GetObjectItemCaseSensitive(it, "aliases"),
					  &e->pub.n_aliases);
		e->members = copy_strings(cJSON_GetObjectItemCaseSensitive(it, "members"),
					  &e->pub.n_members);
		e->pub.is_group = is_group;
		d->n++;
		add_key(d, e->pub.name, d->n - 1);
		for (k = 0; k < e->pub.n_aliases; k++)
			add_key(d, e->aliases[k], d->n - 1);
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first word of every key, and the first words of the phrases keys
 * abbreviate ("ủy ban nhân dân" is keyed "ubnd"), in a hash table:
 * first words are looked up at almost every word of a phrase, and a probe
 * is cheaper than a binary search of string compares. */
static void build_first_words(struct unitdir *d)
{
	static const char *const extra[] = {"ủy", "hội", "mặt"};
	size_t i, w = 0;
	d->first = xcalloc(d->nkeys + 3, sizeof(*d->first));
	for (i = 0; i < d->nkeys; i++)
		d->first[d->nfirst++] = xstrndup(d->keys[i].key, strcspn(d->keys[i].key, " "));
	for (i = 0; i < 3; i++)
		d->first[d->nfirst++] = xstrdup(extra[i]);
	qsort(d->first, d->nfirst, sizeof(*d->first), cmp_str);
	for (i = 0; i < d->nfirst; i++) {
		if (w && !strcmp(d->first[w - 1], d->first[i]))
			free(d->first[i]);
		else
			d->first[w++] = d->first[i];
	}
	d->nfirst = w;
	d->first_len = xcalloc(d->nfirst ? d->nfirst : 1, sizeof(*d->first_len));
	for (d->first_mask = 1; d->first_mask < 2 * d->nfirst; d->first_mask <<= 1)
		;
	d->first_slot = xcalloc(d->first_mask, sizeof(*d->first_slot));
	d->first_mask--;
	for (i = 0; i < d->nfirst; i++) {
		size_t h;
		d->first_len[i] = strlen(d->first[i]);
		h = fnv1a32(d->first[i], d->first_len[i]) & d->first_mask;
		while (d->first_slot[h])
			h = (h + 1) & d->first_mask;
		d->first_slot[h] = (unsigned)(i + 1);
	}
}

/* Adds the words of folded `f` to d->words (grown by the caller's count). */
static void add_words(struct unitdir *d, const char *f, size_t *alloc)
{
	const char *p = f;
	while (*p) {
		size_t l = strcspn(p, " ,;.-&()/:");
		if (l) {
			if (d->nwords == *alloc) {
				*alloc = *alloc ? 2 * *alloc : 256;
				d->words = xrealloc(d->words, *alloc * sizeof(*d->words));
			}
			d->words[d->nwords++] = xstrndup(p, l);
		}
		p += l;
		if (*p)
			p++;
	}
}

/* Every word a name or alias is written with, folded, sorted, unique. */
static void build_words(struct unitdir *d)
{
	size_t i, k, w = 0, alloc = 0;
	for (i = 0; i < d->n; i++) {
		char *f = text_fold(d->e[i].pub.name, strlen(d->e[i].pub.name));
		add_words(d, f, &alloc);
		free(f);
		for (k = 0; k < d->e[i].pub.n_aliases; k++) {
			f = text_fold(d->e[i].aliases[k], strlen(d->e[i].aliases[k]));
			add_words(d, f, &alloc);
			free(f);
		}
	}
	if (!d->nwords)
		return;
	qsort(d->words, d->nwords, sizeof(*d->words), cmp_str);
	for (i = 0; i < d->nwords; i++) {
		if (w && !strcmp(d->words[w - 1], d->words[i]))
			free(d->words[i]);
		else
			d->words[w++] = d->words[i];
	}
	d->nwords = w;
}

static void build_strip(struct unitdir *d);

static const struct keyref *lookup(const struct unitdir *d, const char *key)
{
	struct keyref probe;
	probe.key = (char *)key;
	return bsearch(&probe, d->keys, d->nkeys, sizeof(*d->keys), cmp_key);
}

int unitdir_load(const char *json, size_t len, struct unitdir **out,
		 struct err *err)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	struct unitdir *d = NULL;
	size_t i, k;
	int rc = -1;

	*out = NULL;
	if (!root) {
		const char *near = cJSON_GetErrorPtr();

		err_set(err, ERR_PARSE, "units directory: invalid JSON near '%.40s'",
			near ? near : "");
		goto out;
	}
	d = xcalloc(1, sizeof(*d));
	if (load_array(d, cJSON_GetObjectItemCaseSensitive(root, "units"), 0, err) ||
	    load_array(d, cJSON_GetObjectItemCaseSensitive(root, "groups"), 1, err))
		goto out;
	qsort(d->keys, d->nkeys, sizeof(*d->keys), cmp_key);
	build_first_words(d);
	build_words(d);
	build_strip(d);
	{
		/* The office that receives the weekly report (and escalations). */
		const cJSON *office = cJSON_GetObjectItemCaseSensitive(root, "office");
		const char *canon;
		if (office && !cJSON_IsString(office)) {
			err_set(err, ERR_INVAL, "units directory: \"%s\" is not a string", "office");
			goto out;
		}
		if (office) {
			canon = unitdir_canonical(d, office->valuestring);
			if (!canon) {
				err_set(err, ERR_INVAL,
					"units directory: the office '%s' is not a unit of it",
					office->valuestring);
				goto out;
			}
			d->office = xstrdup(canon);
		}
	}
	for (i = 1; i < d->nkeys; i++)
		if (!strcmp(d->keys[i].key, d->keys[i - 1].key) &&
		    d->keys[i].entry != d->keys[i - 1].entry) {
			err_set(err, ERR_INVAL, "units directory: the name '%s' is given to two units",
				d->keys[i].key);
			goto out;
		}
	for (i = 0; i < d->n; i++) {
		d->e[i].pub.aliases = (const char *const *)d->e[i].aliases;
		d->e[i].pub.members = (const char *const *)d->e[i].members;
		for (k = 0; k < d->e[i].pub.n_members; k++) {
			char *key = text_unit_key(d->e[i].members[k]);
			const struct keyref *r = lookup(d, key);
			free(key);
			if (!r || d->e[r->entry].pub.is_group) {
				err_set(err, ERR_INVAL, "units directory: member '%s' is not a unit",
					d->e[i].members[k]);
				goto out;
			}
			/* Members are stored under their canonical names. */
			if (strcmp(d->e[i].members[k], d->e[r->entry].pub.name)) {
				free(d->e[i].members[k]);
				d->e[i].members[k] = xstrdup(d->e[r->entry].pub.name);
			}
		}
	}
	*out = d;
	d = NULL;
	rc = 0;
out:
	unitdir_free(&d);
	cJSON_Delete(root);
	return rc;
}

void unitdir_free(struct unitdir **pd)
{
	struct unitdir *d;
	size_t i, k;
	if (!pd || !*pd)
		return;
	d = *pd;
	free(d->office);
	for (i = 0; i < d->n; i++) {
		free((char *)d->e[i].pub.name);
		free((char *)d->e[i].pub.email);
		for (k = 0; k < d->e[i].pub.n_aliases; k++)
			free(d->e[i].aliases[k]);
		free(d->e[i].aliases);
		for (k = 0; k < d->e[i].pub.n_members; k++)
			free(d->e[i].members[k]);
		free(d->e[i].members);
	}
	for (i = 0; i < d->nkeys; i++) {
		free(d->keys[i].key);
		free(d->keys[i].strip);
	}
	free(d->keys);
	free(d->skeys);
	for (i = 0; i < d->nfirst; i++)
		free(d->first[i]);
	free(d->first);
	free(d->first_slot);
	free(d->first_len);
	for (i = 0; i < d->nwords; i++)
		free(d->words[i]);
	free(d->words);
	free(d->e);
	free(d);
	*pd = NULL;
}

/* Lookups run for every word the owner grammar tries: keys are built on
 * the stack when they fit. */
#define KEY_STACK 1024

const struct unit_entry *unitdir_find(const struct unitdir *d, const char *name)
{
	char buf[KEY_STACK], *heap;
	const char *key;
	const struct keyref *r;
	size_t kl;
	if (!d || !name)
		return NULL;
	key = text_unit_key_buf(name, strlen(name), buf, sizeof(buf), &heap, &kl);
	r = lookup(d, key);
	free(heap);
	return r ? &d->e[r->entry].pub : NULL;
}

const char *unitdir_canonical(const struct unitdir *d, const char *name)
{
	const struct unit_entry *e = unitdir_find(d, name);
	return e ? e->name : NULL;
}

size_t unitdir_count(const struct unitdir *d)
{
	return d ? d->n : 0;
}

const struct unit_entry *unitdir_entry(const struct unitdir *d, size_t i)
{
	return d && i < d->n ? &d->e[i].pub : NULL;
}

/* Whether the key ends with the first words of a phrase that keys
 * abbreviate ("... thuộc ủy ban" may go on to "ủy ban nhân dân" = "ubnd"). */
static int ends_in_abbreviated(const char *key, size_t kl)
{
	static const char *const parts[] = {
		"ủy", "ủy ban", "ủy ban nhân", "hội", "hội đồng", "hội đồng nhân", "mặt", "mặt trận",
		"mặt trận tổ",
	};
	size_t k;
	if (!kl)
		return 0;
	for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		size_t pl = strlen(parts[k]);
		/* The last byte first: most keys end otherwise. */
		if (kl >= pl && key[kl - 1] == parts[k][pl - 1] && !strcmp(key + kl - pl, parts[k]) &&
		    (kl == pl || key[kl - pl - 1] == ' '))
			return 1;
	}
	return 0;
}

/* unitdir_lookup_prefix() of a key. */
static int lookup_prefix_key(const struct unitdir *d, const char *key, size_t kl)
{
	size_t lo = 0, hi = d->nkeys;
	/* The first key not below `key`: equal, or the first that starts
	 * with it if any does.  The first bytes decide most steps; strcmp()
	 * orders by unsigned bytes as they do. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = (unsigned char)d->keys[mid].key[0] - (unsigned char)key[0];
		if (!c)
			c = strcmp(d->keys[mid].key, key);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nkeys && !strcmp(d->keys[lo].key, key))
		return UNITDIR_EXACT;
	if ((lo < d->nkeys && !strncmp(d->keys[lo].key, key, kl)) || ends_in_abbreviated(key, kl))
		return UNITDIR_PREFIX;
	return UNITDIR_NONE;
}

int unitdir_lookup_prefix(const struct unitdir *d, const char *name, size_t len)
{
	char buf[KEY_STACK], *heap;
	const char *key;
	size_t kl;
	int r;
	if (!d || !d->nkeys)
		return UNITDIR_NONE;
	key = text_unit_key_buf(name, len, buf, sizeof(buf), &heap, &kl);
	r = lookup_prefix_key(d, key, kl);
	free(heap);
	return r;
}

int unitdir_lookup_prefix_folded(const struct unitdir *d, const char *folded, size_t len)
{
	char buf[KEY_STACK], *key = buf, *heap = NULL;
	int r;
	if (!d || !d->nkeys)
		return UNITDIR_NONE;
	if (5 * len + 1 > sizeof(buf))
		key = heap = xmalloc(5 * len + 1);
	r = lookup_prefix_key(d, key, text_unit_key_folded(folded, len, key));
	free(heap);
	return r;
}

int unitdir_first_word(const struct unitdir *d, const char *word, size_t len)
{
	size_t h;
	unsigned k;
	if (!d || !d->nfirst)
		return 0;
	for (h = fnv1a32(word, len) & d->first_mask; (k = d->first_slot[h]) != 0;
	     h = (h + 1) & d->first_mask)
		if (d->first_len[k - 1] == len && !memcmp(d->first[k - 1], word, len))
			return 1;
	return 0;
}

const char *unitdir_office(const struct unitdir *d)
{
	return d ? d->office : NULL;
}

int unitdir_has_word(const struct unitdir *d, const char *word, size_t len)
{
	size_t lo = 0, hi;
	if (!d || !d->nwords)
		return 0;
	hi = d->nwords;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(d->words[mid], word, len);
		if (!c && d->words[mid][len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* ---- Matching names that are not written as the directory writes them ---- */

/*
 * The base letters, from utf8proc's canonical decompositions: "ộ" is "o"
 * with two marks, "Đ" and "đ" have no decomposition and are "d".
 */
static unsigned char base_letter(int32_t cp)
{
	utf8proc_int32_t buf[4];
	int last = 0;
	utf8proc_ssize_t n;
	if (cp == 0x110 || cp == 0x111)
		return 'd';
	n = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &last);
	if (n < 1 || buf[0] >= 0x80)
		return 0;
	return (unsigned char)buf[0];
}

/*
 * Folded `f` (lower case) without diacritics into `out` (room for len + 1
 * bytes): Vietnamese letters become their base letter, other characters
 * are kept.  Returns the length.
 */
static size_t strip_into(const struct unitdir *d, const char *f, size_t len, char *out)
{
	size_t i = 0, o = 0;
	while (i < len) {
		unsigned char c = (unsigned char)f[i];
		size_t n = utf8_len(f + i);
		int32_t cp = -1;
		unsigned char b = 0;
		if (c < 0x80) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (n == 2 && i + 1 < len)
			cp = ((c & 0x1F) << 6) | (f[i + 1] & 0x3F);
		else if (n == 3 && i + 2 < len)
			cp = ((c & 0x0F) << 12) | ((f[i + 1] & 0x3F) << 6) | (f[i + 2] & 0x3F);
		if (cp >= 0xC0 && cp <= 0x1B0)
			b = d->base_lat[cp - 0xC0];
		else if (cp >= 0x1EA0 && cp <= 0x1EF9)
			b = d->base_ext[cp - 0x1EA0];
		if (b) {
			out[o++] = (char)b;
		} else {
			memcpy(out + o, f + i, n <= len - i ? n : len - i);
			o += n <= len - i ? n : len - i;
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

/*
 * The loose form of a key that candidates are looked up by: without
 * diacritics, and without "và" and "-" ("Kế hoạch - Đầu tư" and "Ke hoach va
 * Dau tu" are both "ke hoach dau tu").  `out` has room for len + 1 bytes.
 */
static size_t loose_into(const struct unitdir *d, const char *key, size_t len, char *out)
{
	size_t n = strip_into(d, key, len, out), i = 0, o = 0;
	while (i < n) {
		size_t l = strcspn(out + i, " ");
		if (!(l == 1 && out[i] == '-') && !(l == 2 && !memcmp(out + i, "va", 2))) {
			if (o)
				out[o++] = ' ';
			memmove(out + o, out + i, l);
			o += l;
		}
		i += l;
		while (i < n && out[i] == ' ')
			i++;
	}
	out[o] = '\0';
	return o;
}

static int cmp_strip(const void *a, const void *b)
{
	return strcmp(((const struct keyref *)a)->strip, ((const struct keyref *)b)->strip);
}

static void build_strip(struct unitdir *d)
{
	int32_t cp;
	size_t i;
	for (cp = 0xC0; cp <= 0x1B0; cp++)
		d->base_lat[cp - 0xC0] = base_letter(cp);
	for (cp = 0x1EA0; cp <= 0x1EF9; cp++)
		d->base_ext[cp - 0x1EA0] = base_letter(cp);
	if (!d->nkeys)
		return;
	d->skeys = xcalloc(d->nkeys, sizeof(*d->skeys));
	for (i = 0; i < d->nkeys; i++) {
		size_t kl = strlen(d->keys[i].key);
		d->keys[i].strip = xmalloc(kl + 1);
		loose_into(d, d->keys[i].key, kl, d->keys[i].strip);
		d->skeys[i] = d->keys[i];
	}
	qsort(d->skeys, d->nkeys, sizeof(*d->skeys), cmp_strip);
}

/* What a difference costs; a candidate's score is 100 less the costs. */
enum {
	COST_DIACRITICS = 10, /* a word with other or missing diacritics */
	COST_AND = 5,         /* "và" on one side only ("Kế hoạch - Đầu tư") */
	COST_ABBREV = 15,     /* initials for words ("KH&ĐT", "GTVT") */
	COST_TYPO = 40,       /* one letter wrong, missing, extra or swapped */
	WORDS_MAX = 24,
};

/* The words of a key: split at spaces, "-" dropped, trailing punctuation
 * cut.  Each word is given folded (w) and without diacritics (sw, in
 * `buf`). */
struct words {
	const char *w[WORDS_MAX], *sw[WORDS_MAX];
	size_t wl[WORDS_MAX], swl[WORDS_MAX];
	unsigned char odd[WORDS_MAX]; /* odd_word(), for a query's words */
	size_t n;
	char buf[KEY_STACK];
};

static size_t word_trim(const char *p, size_t l)
{
	while (l && strchr(",.;:", p[l - 1]))
		l--;
	return l;
}

/* Splits key into w; -1 when it has too many words or letters. */
static int split_words(const struct unitdir *d, const char *key, struct words *w)
{
	const char *p = key;
	size_t used = 0;
	w->n = 0;
	while (*p) {
		size_t l = strcspn(p, " "), tl = word_trim(p, l);
		if (tl && !(tl == 1 && *p == '-')) {
			if (w->n == WORDS_MAX || used + tl + 1 > sizeof(w->buf))
				return -1;
			w->w[w->n] = p;
			w->wl[w->n] = tl;
			w->sw[w->n] = w->buf + used;
			w->swl[w->n] = strip_into(d, p, tl, w->buf + used);
			used += w->swl[w->n] + 1;
			w->n++;
		}
		p += l;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static int word_is(const struct words *w, size_t i, const char *lit)
{
	return w->wl[i] == strlen(lit) && !memcmp(w->w[i], lit, w->wl[i]);
}

/* Whether a and b are one edit apart: a letter changed, added, dropped,
 * or two neighbours swapped. */
static int one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;
	if (na > nb + 1 || nb > na + 1)
		return 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (na == nb) {
		if (i == na)
			return 0;
		if (!memcmp(a + i + 1, b + i + 1, na - i - 1))
			return 1;
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !memcmp(a + i + 2, b + i + 2, na - i - 2);
	}
	if (na > nb)
		return !memcmp(a + i + 1, b + i, nb - i);
	return !memcmp(a + i, b + i + 1, na - i);
}

/*
 * Whether a query word is no Vietnamese word, so may be an abbreviation or
 * a typo.  The abbreviations unit keys are made with ("ubnd", "hđnd",
 * "mttq": text_unit_key()) are words of the keys as they are.
 */
static int odd_word(const struct words *q, size_t i)
{
	size_t k;
	for (k = 0; k < q->wl[i]; k++)
		if ((unsigned char)q->w[i][k] < 0x80 && !(q->w[i][k] >= 'a' && q->w[i][k] <= 'z'))
			return 0;
	if ((q->swl[i] == 4 && (!memcmp(q->sw[i], "ubnd", 4) || !memcmp(q->sw[i], "hdnd", 4) ||
				!memcmp(q->sw[i], "mttq", 4))))
		return 0;
	return !syllable_valid(q->w[i], q->wl[i]);
}

/*
 * The number of candidate words from c->w[j] whose initials, "và" left
 * out, are the letters of the query word ("kh" -> "kế hoạch", "khđt" ->
 * "kế hoạch và đầu tư"), or 0.
 */
static size_t abbrev_span(const struct words *q, size_t i, const struct words *c, size_t j)
{
	size_t k, at = j;
	if (q->swl[i] < 2 || q->swl[i] > 8)
		return 0;
	for (k = 0; k < q->swl[i]; k++) {
		while (at < c->n && k && word_is(c, at, "và"))
			at++;
		if (at >= c->n || c->sw[at][0] != q->sw[i][k])
			return 0;
		at++;
	}
	return at - j;
}

/*
 * The cost of reading query words q as candidate words c, or -1 when they
 * cannot be: each query word is the candidate's word, the same letters
 * with other diacritics, a typo of it (`typos`: only where the query word
 * is no syllable), or the initials of several.
 */
static int align_cost(const struct words *q, const struct words *c, int typos,
		      enum unit_match_how *how)
{
	int dp[WORDS_MAX + 1][WORDS_MAX + 1];
	unsigned char hw[WORDS_MAX + 1][WORDS_MAX + 1];
	size_t i, j, k;
	for (i = 0; i <= q->n; i++)
		for (j = 0; j <= c->n; j++)
			dp[i][j] = -1;
	dp[0][0] = 0;
	hw[0][0] = UNIT_MATCH_EXACT;
	/* The cheapest way to each cell, and the worst kind of difference
	 * on it. */
#define RELAX(a, b, cost, h) do { int v_ = dp[i][j] + (cost); \
	if (dp[a][b] < 0 || v_ < dp[a][b]) { dp[a][b] = v_; \
		hw[a][b] = (unsigned char)((h) > hw[i][j] ? (h) : hw[i][j]); } } while (0)
	for (i = 0; i <= q->n; i++)
		for (j = 0; j <= c->n; j++) {
			if (dp[i][j] < 0)
				continue;
			if (j < c->n && word_is(c, j, "và"))
				RELAX(i, j + 1, COST_AND, UNIT_MATCH_VARIANT);
			if (i < q->n && word_is(q, i, "và"))
				RELAX(i + 1, j, COST_AND, UNIT_MATCH_VARIANT);
			if (i == q->n || j == c->n)
				continue;
			if (q->wl[i] == c->wl[j] && !memcmp(q->w[i], c->w[j], q->wl[i]))
				RELAX(i + 1, j + 1, 0, UNIT_MATCH_EXACT);
			else if (q->swl[i] == c->swl[j] && !memcmp(q->sw[i], c->sw[j], q->swl[i]))
				RELAX(i + 1, j + 1, COST_DIACRITICS, UNIT_MATCH_DIACRITICS);
			else if (typos && q->swl[i] >= 3 && q->odd[i] &&
				 one_edit(q->sw[i], q->swl[i], c->sw[j], c->swl[j]))
				RELAX(i + 1, j + 1, COST_TYPO, UNIT_MATCH_TYPO);
			if (q->odd[i] && (k = abbrev_span(q, i, c, j)) > 1)
				RELAX(i + 1, j + k, COST_ABBREV, UNIT_MATCH_ABBREV);
		}
#undef RELAX
	*how = (enum unit_match_how)hw[q->n][c->n];
	return dp[q->n][c->n];
}

/* Adds or improves entry e's candidate in out[0, *n). */
static void keep_best(const struct unitdir *d, const struct keyref *k, int score,
		      enum unit_match_how how, struct unit_candidate *out, size_t *n)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (out[i].entry == &d->e[k->entry].pub) {
			if (score > out[i].score) {
				out[i].score = score;
				out[i].how = how;
			}
			return;
		}
	out[*n].entry = &d->e[k->entry].pub;
	out[*n].score = score;
	out[*n].how = how;
	(*n)++;
}

static int cmp_candidate(const void *a, const void *b)
{
	const struct unit_candidate *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Whether the loose key's last word is `w` (`wl` bytes). */
static int last_word_is(const char *loose, const char *w, size_t wl)
{
	size_t l = strlen(loose);
	return l >= wl && !memcmp(loose + l - wl, w, wl) && (l == wl || loose[l - wl - 1] == ' ');
}

/* Scores key k against the query; adds it to the candidates when close. */
static void try_key(const struct unitdir *d, const struct keyref *k, const struct words *q,
		    struct words *c, int typos, struct unit_candidate **all, size_t *n)
{
	enum unit_match_how how;
	int cost;
	if (split_words(d, k->key, c) < 0)
		return;
	cost = align_cost(q, c, typos, &how);
	if (cost < 0 || cost >= 100)
		return;
	if (!*all)
		*all = xcalloc(d->n, sizeof(**all));
	keep_best(d, k, 100 - cost, how, *all, n);
}

size_t unitdir_match(const struct unitdir *d, const char *name, size_t len,
		     struct unit_candidate *out, size_t max)
{
	char buf[KEY_STACK], *heap = NULL, *strip = NULL;
	const char *key;
	const struct keyref *r;
	struct unit_candidate *all = NULL;
	struct words q, c;
	size_t kl, n = 0, i, lo, hi;
	int odd = 0;

	if (!d || !name || !max || !d->nkeys)
		return 0;
	key = text_unit_key_buf(name, len, buf, sizeof(buf), &heap, &kl);
	if (!kl)
		goto out;
	if ((r = lookup(d, key)) != NULL) {
		out[0].entry = &d->e[r->entry].pub;
		out[0].score = 100;
		out[0].how = UNIT_MATCH_EXACT;
		n = 1;
		goto out;
	}
	if (split_words(d, key, &q) < 0 || !q.n)
		goto out;
	for (i = 0; i < q.n; i++)
		odd |= q.odd[i] = (unsigned char)odd_word(&q, i);
	strip = xmalloc(kl + 1);
	loose_into(d, key, kl, strip);
	if (!odd) {
		/* Every word is Vietnamese: only diacritics and "và" can
		 * differ, and the loose forms are the same. */
		struct keyref probe;
		probe.strip = strip;
		lo = 0;
		hi = d->nkeys;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(d->skeys[mid].strip, strip) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < d->nkeys && !cmp_strip(&d->skeys[i], &probe); i++)
			try_key(d, &d->skeys[i], &q, &c, 0, &all, &n);
	} else {
		/* An abbreviation or a typo: the keys that start, and end,
		 * with the query's first and last words where those are
		 * Vietnamese words. */
		size_t last = q.n - 1;
		for (i = 0; i < d->nkeys; i++) {
			const struct keyref *k = &d->keys[i];
			size_t fl = strcspn(k->strip, " ");
			if (!q.odd[0] && (fl != q.swl[0] || memcmp(k->strip, q.sw[0], fl)))
				continue;
			if (!q.odd[last] && !last_word_is(k->strip, q.sw[last], q.swl[last]))
				continue;
			try_key(d, k, &q, &c, 1, &all, &n);
		}
	}
	if (!n)
		goto out;
	qsort(all, n, sizeof(*all), cmp_candidate);
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof(*out));
out:
	free(all);
	free(strip);
	free(heap);
	return n;
}

const struct unit_entry *unitdir_resolve(const struct unitdir *d, const char *name, size_t len)
{
	struct unit_candidate c[2];
	size_t n = unitdir_match(d, name, len, c, 2);
	if (!n || c[0].score < UNITDIR_MATCH_MIN)
		return NULL;
	if (n > 1 && c[1].score == c[0].score)
		return NULL;
	return c[0].entry;
}

/*
 * Old tone placement puts the mark on the second vowel of a final "oa",
 * "oe", "uy" ("Hoà", "Uỷ"), the new on the first ("Hòa", "Ủy"); "quý" is
 * the same in both.  The two spellings have the same byte length.
 */
static void respell_tones(char *s)
{
	size_t i = 0, n1, n2;
	while (s[i]) {
		utf8proc_int32_t a, b, ds[4], dc[4], comp;
		utf8proc_ssize_t k;
		utf8proc_uint8_t enc[8];
		int last;
		n1 = utf8_len(s + i);
		if (n1 != 1 || !strchr("oOuU", s[i]) || !s[i + 1] ||
		    (i > 0 && (s[i] == 'u' || s[i] == 'U') && (s[i - 1] == 'q' || s[i - 1] == 'Q'))) {
			i += n1;
			continue;
		}
		a = (unsigned char)s[i];
		n2 = utf8_len(s + i + 1);
		if (n2 < 2 || utf8proc_iterate((const utf8proc_uint8_t *)s + i + 1, (utf8proc_ssize_t)n2, &b) < 1 ||
		    (s[i + 1 + n2] && text_is_alnum(s + i + 1 + n2))) {
			i += n1;
			continue;
		}
		k = utf8proc_decompose_char(b, ds, 4, UTF8PROC_DECOMPOSE, &last);
		/* A base a/e/y with one tone mark, after o/o/u as the pairs go. */
		if (k != 2 || ds[1] < 0x300 || ds[1] > 0x323 ||
		    !(((a == 'o' || a == 'O') && strchr("aeAE", (int)ds[0])) ||
		      ((a == 'u' || a == 'U') && (ds[0] == 'y' || ds[0] == 'Y')))) {
			i += n1;
			continue;
		}
		dc[0] = a;
		dc[1] = ds[1];
		k = utf8proc_normalize_utf32(dc, 2, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (k != 1) {
			i += n1;
			continue;
		}
		comp = dc[0];
		k = utf8proc_encode_char(comp, enc);
		if ((size_t)k + 1 != 1 + n2) {
			i += n1;
			continue;
		}
		memcpy(s + i, enc, (size_t)k);
		s[i + (size_t)k] = (char)ds[0];
		i += 1 + n2;
	}
}

char *unitdir_spell(const struct unitdir *d, const char *name)
{
	const struct unit_entry *e = unitdir_resolve(d, name, strlen(name));
	char *s;
	if (e)
		return xstrdup(e->name);
	s = xstrdup(name);
	respell_tones(s);
	return s;
}

const char *unitdir_how_name(enum unit_match_how how)
{
	static const char *const names[] = {"exact", "variant", "diacritics", "abbreviation",
					    "typo", "words"};

	return (size_t)how < sizeof(names) / sizeof(names[0]) ? names[how] : "typo";
}

/*
 * Words every kind of unit name has ("sở", "phòng", "tỉnh", "ủy ban nhân
 * dân"): sharing only these says nothing about which unit was meant.
 */
static int generic_word(const char *w, size_t l)
{
	static const char *const generic[] = {
		"so", "phong", "ban", "tinh", "huyen", "thanh", "pho", "thi", "xa", "uy",
		"ubnd", "nhan", "dan", "cuc", "chi", "trung", "tam", "van", "hoi", "cong", "ty",
	};
	size_t i;

	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (strlen(generic[i]) == l && !memcmp(generic[i], w, l))
			return 1;
	return 0;
}

/* The words of a loose form (space-separated), at most `max`. */
static size_t loose_words(const char *s, const char **w, size_t *wl, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		size_t l = strcspn(s, " ");
		w[n] = s;
		wl[n++] = l;
		s += l;
		while (*s == ' ')
			s++;
	}
	return n;
}

size_t unitdir_suggest(const struct unitdir *d, const char *name, size_t len,
		       struct unit_candidate *out, size_t max)
{
	enum { MAXW = 24 };
	char buf[KEY_STACK], *heap = NULL, *strip = NULL;
	const char *key, *qw[MAXW], *kw[MAXW];
	size_t qwl[MAXW], kwl[MAXW], nq, nk, kl, i, j, k, n = 0;
	struct unit_candidate *best = NULL;

	if ((n = unitdir_match(d, name, len, out, max)) || !d || !name || !max || !d->nkeys)
		return n;
	key = text_unit_key_buf(name, len, buf, sizeof(buf), &heap, &kl);
	if (!kl)
		goto out;
	strip = xmalloc(kl + 1);
	loose_into(d, key, kl, strip);
	if (!(nq = loose_words(strip, qw, qwl, MAXW)))
		goto out;
	/* Each entry's best key (its name or an alias). */
	best = xcalloc(d->n, sizeof(*best));
	for (i = 0; i < d->nkeys; i++) {
		size_t common = 0, telling = 0, e = d->keys[i].entry;
		int score;
		nk = loose_words(d->keys[i].strip, kw, kwl, MAXW);
		for (j = 0; j < nq; j++)
			for (k = 0; k < nk; k++)
				if (qwl[j] == kwl[k] && !memcmp(qw[j], kw[k], qwl[j])) {
					common++;
					telling += !generic_word(qw[j], qwl[j]);
					break;
				}
		/* At least half the words of both names shared (Dice >= 0.5),
		 * one of them telling: "Sở Văn hóa" and "UBND xã Hòa Bình"
		 * share a word, not a unit. */
		if (!telling || 4 * common < nq + nk)
			continue;
		/* 10..49 by the share of words both names have. */
		score = 10 + (int)(39 * 2 * common / (nq + nk));
		if (score > best[e].score) {
			best[e].entry = &d->e[e].pub;
			best[e].score = score;
			best[e].how = UNIT_MATCH_WORDS;
		}
	}
	for (i = 0; i < d->n; i++)
		if (best[i].entry)
			best[n++] = best[i];
	qsort(best, n, sizeof(*best), cmp_candidate);
	if (n > max)
		n = max;
	memcpy(out, best, n * sizeof(*best));
out:
	free(best);
	free(strip);
	free(heap);
	return n;
}
