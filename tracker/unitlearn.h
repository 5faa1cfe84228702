/*
 * unitlearn.h - the directory every parse and import reads: the units
 * file's units with the aliases the office taught (store/aliases.h).  The
 * parser still reads only the text and the directory it is handed; this
 * is where the store hands it the learned names and the units the office
 * added to its directory (store_unit_add()).  Where a learned alias
 * and the file disagree, the file wins and the alias is listed as a
 * conflict.
 */
#ifndef TRACKER_UNITLEARN_H
#define TRACKER_UNITLEARN_H

#include <cJSON.h>
#include "notices/unitdir.h"
#include "tracker/store/store.h"

/*
 * The units file of `base` (may be NULL: no file) with the learned
 * aliases, as JSON in the file's format ({"office", "units", "groups"}):
 * what `tracker units --export` writes.  When `conflicts` is non-NULL it
 * gets an array of {"alias", "unit", "file_unit"} for learned aliases the
 * file gives to another unit (left out).  Caller frees both.
 */
int unitlearn_json(struct store *s, const struct unitdir *base, cJSON **out,
		   cJSON **conflicts, struct err *err);

/*
 * The same, loaded as a directory: 0 and *out (caller frees with
 * unitdir_free()).  With no learned alias, *out is NULL and the caller
 * keeps using `base`.  (An office-added unit counts as learned too.)
 */
int unitlearn_dir(struct store *s, const struct unitdir *base, struct unitdir **out,
		  struct err *err);

#endif
