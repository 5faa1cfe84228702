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
 * group with its e-mail, replaces the aliases the directory lists and group
 * members, and marks units that left the directory as no longer in it (their
 * rows and assignments stay).  What the office taught (aliases of source
 * 'office') is kept.  One transaction.  Records no source file, so the next
 * store_sync_units_from() syncs whatever its hash.
 */
int store_sync_units(struct store *s, const struct unitdir *units,
		     struct err *err);

/* Where a units directory was read from, for store_sync_units_from(). */
struct store_unit_source {
	const char *path;   /* the file, absolute when it resolves */
	const char *sha256; /* lowercase hex SHA-256 of the file's bytes */
	int fallback;       /* found in a usual place, not named by the user */
};

/*
 * store_sync_units(), only when the file's content differs from the one
 * the database was last synced from, and records src; otherwise it writes
 * nothing (one read).  *synced (may be NULL) says whether it synced.  A
 * fallback source replaces only the directory synced from that same file,
 * or fills a database with none: else ERR_CONFLICT and nothing written
 * (store_units_source() names the file the directory came from).
 */
int store_sync_units_from(struct store *s, const struct unitdir *units,
			  const struct store_unit_source *src, int *synced,
			  struct err *err);

/*
 * The file the directory was last synced from into *path (caller frees;
 * NULL when none is recorded), or an ERR_* code.
 */
int store_units_source(struct store *s, char **path, struct err *err);

/*
 * The id of the office (the unit the units file names as "office", as of
 * the last sync) into *id, 0 when none is known; 0 or an ERR_* code.
 */
int store_office_id(struct store *s, long long *id, struct err *err);

/* The unit id for a name or alias; ERR_NOTFOUND when unknown. */
int store_unit_id(struct store *s, const char *name, long long *id,
		  struct err *err);

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
	char *added_by, *added_at; /* a unit the office added (store_unit_add()), or NULL */
	int is_office;          /* the directory's office: it urges, it is not urged */
};

struct store_unit_list {
	struct store_unit *v;
	size_t n, alloc;  /* units; capacity of v (ALLOC_GROW) */
};

/*
 * The directory's units (units first, then groups, in directory order),
 * followed by the names met in notices that the directory does not know
 * (most frequent first).  Caller frees with store_unit_list_release().
 */
int store_list_units(struct store *s, struct store_unit_list *out,
		     struct err *err);
void store_unit_list_release(struct store_unit_list *l);

#endif
