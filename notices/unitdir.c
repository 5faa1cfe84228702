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
#include "notices/text.h"
#include "notices/util.h"

#include <cJSON.h>
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
	size_t entry;
};

struct unitdir {
	struct entry *e;
	size_t n;
	struct keyref *keys;
	size_t nkeys, akeys;
	char **first;      /* sorted first words of the keys, for quick rejects */
	size_t nfirst;
	char **words;      /* sorted words of every name and alias, folded */
	size_t nwords;
	char *office;      /* canonical name of the office ("office" key), or NULL */
};

static void err_set(struct notice_err *err, const char *fmt, const char *arg)
{
	if (!err)
		return;
	err->line = err->col = 0;
	snprintf(err->msg, sizeof(err->msg), fmt, arg ? arg : "");
}

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
		      struct notice_err *err)
{
	const cJSON *it;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr)) {
		err_set(err, "units directory: \"%s\" is not an array", is_group ? "groups" : "units");
		return -1;
	}
	cJSON_ArrayForEach(it, arr) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
		const cJSON *email = cJSON_GetObjectItemCaseSensitive(it, "email");
		struct entry *e;
		size_t k;
		if (!cJSON_IsString(name) || !name->valuestring[0]) {
			err_set(err, "units directory: a %s without a name", is_group ? "group" : "unit");
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
 * abbreviate ("ủy ban nhân dân" is keyed "ubnd"). */
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

static const struct keyref *lookup(const struct unitdir *d, const char *key)
{
	struct keyref probe;
	probe.key = (char *)key;
	return bsearch(&probe, d->keys, d->nkeys, sizeof(*d->keys), cmp_key);
}

int unitdir_load(const char *json, size_t len, struct unitdir **out,
		 struct notice_err *err)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	struct unitdir *d = NULL;
	size_t i, k;
	int rc = -1;

	*out = NULL;
	if (!root) {
		err_set(err, "units directory: invalid JSON near '%.40s'", cJSON_GetErrorPtr());
		goto out;
	}
	d = xcalloc(1, sizeof(*d));
	if (load_array(d, cJSON_GetObjectItemCaseSensitive(root, "units"), 0, err) ||
	    load_array(d, cJSON_GetObjectItemCaseSensitive(root, "groups"), 1, err))
		goto out;
	qsort(d->keys, d->nkeys, sizeof(*d->keys), cmp_key);
	build_first_words(d);
	build_words(d);
	{
		/* The office that receives the weekly report (and escalations). */
		const cJSON *office = cJSON_GetObjectItemCaseSensitive(root, "office");
		const char *canon;
		if (office && !cJSON_IsString(office)) {
			err_set(err, "units directory: \"%s\" is not a string", "office");
			goto out;
		}
		if (office) {
			canon = unitdir_canonical(d, office->valuestring);
			if (!canon) {
				err_set(err, "units directory: the office '%s' is not a unit of it",
					office->valuestring);
				goto out;
			}
			d->office = xstrdup(canon);
		}
	}
	for (i = 1; i < d->nkeys; i++)
		if (!strcmp(d->keys[i].key, d->keys[i - 1].key) &&
		    d->keys[i].entry != d->keys[i - 1].entry) {
			err_set(err, "units directory: the name '%s' is given to two units",
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
				err_set(err, "units directory: member '%s' is not a unit",
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
	for (i = 0; i < d->nkeys; i++)
		free(d->keys[i].key);
	free(d->keys);
	for (i = 0; i < d->nfirst; i++)
		free(d->first[i]);
	free(d->first);
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
	for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		size_t pl = strlen(parts[k]);
		if (kl >= pl && !strcmp(key + kl - pl, parts[k]) && (kl == pl || key[kl - pl - 1] == ' '))
			return 1;
	}
	return 0;
}

int unitdir_lookup_prefix(const struct unitdir *d, const char *name, size_t len)
{
	char buf[KEY_STACK], *heap;
	const char *key;
	size_t lo = 0, hi, kl;
	int r = UNITDIR_NONE;
	if (!d || !d->nkeys)
		return UNITDIR_NONE;
	key = text_unit_key_buf(name, len, buf, sizeof(buf), &heap, &kl);
	hi = d->nkeys;
	/* The first key not below `key`: equal, or the first that starts
	 * with it if any does. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(d->keys[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nkeys && !strcmp(d->keys[lo].key, key))
		r = UNITDIR_EXACT;
	else if ((lo < d->nkeys && !strncmp(d->keys[lo].key, key, kl)) || ends_in_abbreviated(key, kl))
		r = UNITDIR_PREFIX;
	free(heap);
	return r;
}

int unitdir_first_word(const struct unitdir *d, const char *word, size_t len)
{
	size_t lo = 0, hi;
	if (!d || !d->nfirst)
		return 0;
	hi = d->nfirst;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(d->first[mid], word, len);
		if (!c && d->first[mid][len])
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
