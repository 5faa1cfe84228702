/*
 * documents.h - the office's documents from the store: the urging letters
 * to units with overdue work and the report to the leadership (docs.h
 * writes them; this says what goes in), and the office's settings read
 * from office.json beside the units file the store was synced from.
 *
 * Overdue work here is what the weekly mail calls overdue: not done, past
 * its last allowed day in force, and not reported done (work awaiting the
 * office's confirmation is the office's move, not the unit's).
 */
#ifndef TRACKER_DOCUMENTS_H
#define TRACKER_DOCUMENTS_H

#include <stddef.h>
#include "notices/util.h"
#include "tracker/docs/docs.h"
#include "tracker/store/store.h"

/*
 * The settings in office.json beside the units file the store was last
 * synced from (store_units_source()); the defaults when there is none.
 * Caller releases with docs_settings_release(), also after a failure.
 */
int documents_settings(struct store *s, struct docs_settings *st, struct err *err);

/* Overdue work; each item's strings are owned by the list. */
struct documents_overdue {
	struct docs_item *v;
	long long *unit_ids;  /* beside v */
	size_t n, alloc;
};

/*
 * The overdue work on `today` of unit_id (0: every unit), over notices
 * dated from..to (zero: open), in unit then deadline order (the oldest
 * first).  Caller releases with documents_overdue_release().
 */
int documents_overdue(struct store *s, struct ymd today, long long unit_id, struct ymd from,
		      struct ymd to, struct documents_overdue *o, struct err *err);
void documents_overdue_release(struct documents_overdue *o);

/*
 * The urging letter to unit_id about its overdue work on `today`, as a
 * .docx in *out (caller frees); *unit the unit's name (caller frees).
 * ERR_NOTFOUND when the unit is unknown, is the office (store_office_id())
 * or has nothing overdue.
 */
int documents_urge(struct store *s, const struct docs_settings *st, long long unit_id,
		   struct ymd today, char **out, size_t *len, char **unit, struct err *err);

/*
 * One urging letter per unit with overdue work on `today`, but the office
 * itself: the unit the store flags as the office (store_office_id()) and
 * `skip`, a name the caller knows it by (NULL: none).  fn gets each unit's
 * name and id and the .docx
 * (borrowed for the call); fn returns 0 to go on, else that value is
 * returned.  *n_units counts the letters.
 */
int documents_urge_each(struct store *s, const struct docs_settings *st, struct ymd today,
			const char *skip,
			int (*fn)(const char *unit, long long unit_id, const char *docx,
				  size_t len, void *arg),
			void *arg, long *n_units, struct err *err);

/*
 * The report to the leadership on `today` over notices dated from..to
 * (zero: open): the summary of report_table_build() and the overdue work.
 * As a .docx in *out (caller frees), or as an .xlsx in the unlinked file
 * behind *fd (caller closes; docs_report_xlsx()).
 */
int documents_report_docx(struct store *s, const struct docs_settings *st, struct ymd today,
			  struct ymd from, struct ymd to, char **out, size_t *len,
			  struct err *err);
int documents_report_xlsx(struct store *s, struct ymd today, struct ymd from, struct ymd to,
			  int *fd, struct err *err);

/*
 * A file name for a unit's letter: "don-doc-" and the unit's name with
 * its Vietnamese letters folded to ASCII, lower case, words joined by
 * "-": "don-doc-so-noi-vu.docx".  Caller frees.
 */
char *documents_letter_name(const char *unit);

#endif
