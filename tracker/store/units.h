/*
 * store/units.h - the units directory in the database: synced from the
 * units file (names, aliases, groups, e-mail addresses), and read back.
 * Conventions as in store.h.
 */
#ifndef TRACKER_STORE_UNITS_H
#define TRACKER_STORE_UNITS_H

#include "tracker/store/store.h"

/*
 * Makes the database's units match the directory: upserts every unit and
 * group with its e-mail, replaces aliases and group members, and marks units
 * that left the directory as no longer in it (their rows and assignments
 * stay).  One transaction.
 */
int store_sync_units(struct store *s, const struct unitdir *units,
		     struct store_err *err);

/* The unit id for a name or alias; STORE_ENOTFOUND when unknown. */
int store_unit_id(struct store *s, const char *name, long long *id,
		  struct store_err *err);

struct store_unit {
	long long id;
	char *name;
	char *email;            /* or NULL */
	int is_group;
	int in_directory;       /* 0 for names met only in notices */
	struct strlist aliases;
	struct strlist members; /* groups: member names in directory order */
	long unknown_count;     /* times met while unknown to the directory */
	long long first_seen_notice; /* where an unknown name was first met, or 0 */
	long open_assignments;  /* live assignments of live tasks */
};

struct store_unit_list {
	struct store_unit *v;
	size_t n;
};

/*
 * The directory's units (units first, then groups, in directory order),
 * followed by the names met in notices that the directory does not know
 * (most frequent first).  Caller frees with store_unit_list_release().
 */
int store_list_units(struct store *s, struct store_unit_list *out,
		     struct store_err *err);
void store_unit_list_release(struct store_unit_list *l);

#endif
