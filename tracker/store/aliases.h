/*
 * store/aliases.h - names the office teaches the directory: an unknown
 * name mapped to a unit is kept as an alias with source 'office', who
 * added it and when, and outlives every sync of the units file (which
 * owns only the rows whose source is 'directory').  Conventions as in
 * store.h.
 */
#ifndef TRACKER_STORE_ALIASES_H
#define TRACKER_STORE_ALIASES_H

#include "tracker/store/store.h"

struct store_alias {
	char *alias;
	long long unit_id;
	char *unit;            /* the unit's name */
	char *added_by, *added_at; /* may be NULL */
};

struct store_alias_list {
	struct store_alias *v;
	size_t n, alloc;
};

/* Every alias the office taught, by alias.  Caller releases the list. */
int store_learned_aliases(struct store *s, struct store_alias_list *out, struct err *err);
void store_alias_list_release(struct store_alias_list *l);

/*
 * Remembers `alias` as a name of unit `unit_id` (source 'office', `actor`
 * and now), replacing what the office taught for that alias before.
 * ERR_NOTFOUND for no such unit; ERR_INVAL for an empty or overlong alias.
 */
int store_alias_learn(struct store *s, const char *alias, long long unit_id,
		      const char *actor, struct err *err);

/*
 * Adds `name` to the office's directory (the preview's "add as a new
 * unit"): a new unit, or the name met before outside the directory, with
 * `actor` and now; *id (may be NULL) is its id.  A sync of the units file
 * keeps it until the file lists it.  ERR_INVAL keyed "unit_bad" for an
 * empty or overlong name; ERR_CONFLICT keyed "unit_exists" when the
 * directory already has a unit by that name or alias.
 */
int store_unit_add(struct store *s, const char *name, const char *actor,
		   long long *id, struct err *err);

/* The names of the units the office added, by name, into *out. */
int store_office_units(struct store *s, struct strlist *out, struct err *err);

#endif
