/*
 * unitlearn.c - the units file with what the office taught.  See unitlearn.h.
 */
#include "tracker/unitlearn.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/store/aliases.h"

static cJSON *entry_json(const struct unit_entry *e)
{
	cJSON *o = cJSON_CreateObject(), *a;
	size_t i;

	cJSON_AddStringToObject(o, "name", e->name);
	if (e->email)
		cJSON_AddStringToObject(o, "email", e->email);
	a = cJSON_AddArrayToObject(o, "aliases");
	for (i = 0; i < e->n_aliases; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(e->aliases[i]));
	if (e->is_group) {
		a = cJSON_AddArrayToObject(o, "members");
		for (i = 0; i < e->n_members; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(e->members[i]));
	}
	return o;
}

/* The entry of `units`/`groups` named `name`, or NULL. */
static cJSON *find_named(cJSON *arr, const char *name)
{
	cJSON *e;

	cJSON_ArrayForEach(e, arr) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "name");
		if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
			return e;
	}
	return NULL;
}

int unitlearn_json(struct store *s, const struct unitdir *base, cJSON **out,
		   cJSON **conflicts, struct err *err)
{
	struct store_alias_list l;
	struct strlist added;
	cJSON *root = cJSON_CreateObject(), *units, *groups, *conf = cJSON_CreateArray();
	size_t i, n = base ? unitdir_count(base) : 0;
	int rc;

	*out = NULL;
	if (conflicts)
		*conflicts = NULL;
	if ((rc = store_learned_aliases(s, &l, err))) {
		cJSON_Delete(root);
		cJSON_Delete(conf);
		return rc;
	}
	if ((rc = store_office_units(s, &added, err))) {
		store_alias_list_release(&l);
		cJSON_Delete(root);
		cJSON_Delete(conf);
		return rc;
	}
	if (base && unitdir_office(base))
		cJSON_AddStringToObject(root, "office", unitdir_office(base));
	units = cJSON_AddArrayToObject(root, "units");
	groups = cJSON_AddArrayToObject(root, "groups");
	for (i = 0; i < n; i++) {
		const struct unit_entry *e = unitdir_entry(base, i);
		cJSON_AddItemToArray(e->is_group ? groups : units, entry_json(e));
	}
	/* Units the office added, after the file's: the file owns those it lists. */
	for (i = 0; i < added.n; i++) {
		cJSON *e;
		if (find_named(units, added.v[i]) || find_named(groups, added.v[i]) ||
		    (base && unitdir_canonical(base, added.v[i])))
			continue;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", added.v[i]);
		cJSON_AddArrayToObject(e, "aliases");
		cJSON_AddItemToArray(units, e);
	}
	strlist_release(&added);
	for (i = 0; i < l.n; i++) {
		const struct store_alias *a = &l.v[i];
		const char *c = base ? unitdir_canonical(base, a->alias) : NULL;
		cJSON *e, *al;
		if (c && strcmp(c, a->unit)) {
			/* The file names this alias as another unit: the file wins. */
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "alias", a->alias);
			cJSON_AddStringToObject(x, "unit", a->unit);
			cJSON_AddStringToObject(x, "file_unit", c);
			cJSON_AddItemToArray(conf, x);
			continue;
		}
		if (c)
			continue; /* the file knows it already */
		if (!(e = find_named(units, a->unit)) && !(e = find_named(groups, a->unit))) {
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "name", a->unit);
			cJSON_AddArrayToObject(e, "aliases");
			cJSON_AddItemToArray(units, e);
		}
		al = cJSON_GetObjectItemCaseSensitive(e, "aliases");
		if (!al)
			al = cJSON_AddArrayToObject(e, "aliases");
		cJSON_AddItemToArray(al, cJSON_CreateString(a->alias));
	}
	store_alias_list_release(&l);
	*out = root;
	if (conflicts)
		*conflicts = conf;
	else
		cJSON_Delete(conf);
	return 0;
}

int unitlearn_dir(struct store *s, const struct unitdir *base, struct unitdir **out,
		  struct err *err)
{
	struct store_alias_list l;
	cJSON *root = NULL;
	char *json = NULL;
	size_t n;
	int rc;

	*out = NULL;
	if ((rc = store_learned_aliases(s, &l, err)))
		return rc;
	n = l.n;
	store_alias_list_release(&l);
	if (!n) {
		struct strlist added;
		if ((rc = store_office_units(s, &added, err)))
			return rc;
		n = added.n;
		strlist_release(&added);
	}
	if (!n)
		return 0;
	if ((rc = unitlearn_json(s, base, &root, NULL, err)))
		return rc;
	json = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!json)
		abort(); /* out of memory: util.h's policy */
	rc = unitdir_load(json, strlen(json), out, err) ? err->code ? err->code : ERR_PARSE : 0;
	cJSON_free(json);
	return rc;
}
