/*
 * store/import.h - importing a parsed notice: its identity (same text, a
 * corrected version, or new), its tasks and their assignments, in one
 * transaction.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_IMPORT_H
#define TRACKER_STORE_IMPORT_H

#include "tracker/store/store.h"
#include "notices/notice.h"

enum store_import_status {
	STORE_IMPORT_NEW,       /* a notice not seen before */
	STORE_IMPORT_UNCHANGED, /* this exact text is already stored */
	STORE_IMPORT_CORRECTED  /* a new version of a stored notice */
};

/* Bits naming what changed in a task or a notice's metadata. */
enum {
	STORE_F_REF = 1 << 0,
	STORE_F_TEXT = 1 << 1,
	STORE_F_DUE = 1 << 2,        /* date or kind of the deadline */
	STORE_F_RECURRENCE = 1 << 3,
	STORE_F_OWNERS = 1 << 4,     /* assignments added, removed or re-roled */

	STORE_M_NUMBER = 1 << 0,
	STORE_M_TYPE = 1 << 1,
	STORE_M_ISSUER = 1 << 2,
	STORE_M_PLACE = 1 << 3,
	STORE_M_DATE = 1 << 4,
	STORE_M_TITLE = 1 << 5,
	STORE_M_SIGNER = 1 << 6,
	STORE_M_MEETING_DATE = 1 << 7,
	STORE_M_PRESIDER = 1 << 8
};

/*
 * The name of the lowest bit set in `f`, as used in JSON and summaries
 * ("ref", "text", "due", "recurrence", "owners"; for metadata "number",
 * "date", ...), or NULL when f is 0.  Static strings.
 */
const char *store_task_field_name(unsigned f);
const char *store_meta_field_name(unsigned f);

enum store_change_kind {
	STORE_TASK_ADDED,
	STORE_TASK_CHANGED,
	STORE_TASK_REMOVED,  /* gone from the new version; kept, with its history */
	STORE_TASK_RESTORED  /* removed by an earlier version, back in this one */
};

struct store_task_change {
	long long task_id;
	char *ref;       /* the task's ref in the new version (old one if removed) */
	enum store_change_kind kind;
	unsigned fields; /* STORE_F_* bits, for CHANGED and RESTORED */
};

struct store_import_result {
	enum store_import_status status;
	long long notice_id;
	int version;            /* 1 for a new notice; the stored version when unchanged */
	size_t n_tasks;         /* tasks in the imported text */
	size_t n_assignments;   /* assignments created by this import */
	unsigned meta_fields;   /* STORE_M_* bits changed by a correction */
	struct store_task_change *changes; /* corrections only */
	size_t n_changes, alloc_changes; /* alloc_changes: capacity of changes (ALLOC_GROW) */
	struct strlist unknown_units; /* owner names the directory did not know */
};

/* Frees the contents and leaves an empty result.  NULL-safe. */
void store_import_result_release(struct store_import_result *r);

struct store_import_opts {
	const char *source_name;      /* file name kept with the version; may be NULL */
	const char *actor;            /* who imports, for the history; NULL: "import" */
	const struct unitdir *units;  /* canonicalises owners; may be NULL */
	long long replace_id;         /* 0, or the notice this text replaces */
	struct ymd today;             /* recurring tasks get occurrences up to a
	                                 year after this day; zero: today in UTC+7 */
};

/*
 * Stores one parsed notice in one transaction; on any failure nothing of it
 * is stored.  Identity, in order:
 *  1. the same normalised text as any version ever stored (the 64-bit hash
 *     finds candidates, the full text is compared) -> UNCHANGED;
 *  2. opts->replace_id, or else the same number (non-NULL), date and issuer
 *     as a stored notice -> CORRECTED: the notice row is updated and a new
 *     version kept; tasks are matched to the stored ones (identical text,
 *     then similar text, where the same ref lowers the bar), matched tasks
 *     are updated in place and keep their id and history, new ones are
 *     added, vanished ones are marked removed; every change is an event;
 *  3. otherwise NEW.
 * Each owner becomes an assignment (lead) and each co-owner one (support); a
 * group of the directory ("Các sở, ban, ngành") becomes one assignment per
 * member unit, each remembering the group.  Names the directory does not
 * know become units on the fly and are counted in the unknown units.
 * Returns 0 and fills *res (caller releases it with
 * store_import_result_release()), or an ERR_* code: ERR_NOTFOUND when
 * replace_id names no notice.
 */
int store_import(struct store *s, const struct notice *n,
		 const struct store_import_opts *opts,
		 struct store_import_result *res, struct err *err);

#endif
