/*
 * store_json.h - JSON views of the store's rows, shared by
 * `tracker ... --json` and the web API, so both speak the same shapes.
 *
 * cJSON ownership: every function returns a new item that belongs to the
 * caller until it is added to a parent; free a root with cJSON_Delete() and
 * text from cJSON_Print() with cJSON_free().  Inputs are only read.
 */
#ifndef TRACKER_STORE_JSON_H
#define TRACKER_STORE_JSON_H

#include <cJSON.h>
#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include "tracker/store/life.h"
#include "tracker/store/read.h"
#include "tracker/store/units.h"

/*
 * A task: id, notice_id, notice_number, ref, text, line, due, due_kind,
 * due_text, recurrence (as in the parser's contract), status (code),
 * status_label (Vietnamese), due_soon, days_left, last_day, owners and
 * co_owners (names of live lead and support assignments), assignments (all,
 * with role, via_group, state, removed), created_at, updated_at,
 * removed_at; and "history" (its events) when `with_history`.
 */
cJSON *store_task_json(const struct store_task *t, int with_history);

/*
 * One work item (a lead assignment or one period of it) with its workflow
 * state, status and flags; "deadline" is the last allowed day in force,
 * "last_day" the notice's.  Caller owns the result.
 */
cJSON *store_item_json(const struct store_item *it);

/*
 * Appends the item as store_item_json() then cJSON_PrintUnformatted() would
 * write it, byte for byte, without building the tree: a list of hundreds
 * of items is otherwise thousands of allocations per answer.
 */
void store_item_json_write(struct sbuf *sb, const struct store_item *it);

/* An event: id, kind, at, actor, note, assignment_id, data (parsed JSON). */
cJSON *store_event_json(const struct store_event *e);

/* {"notice": {id, version, metadata, source_name, imported_at, updated_at},
 *  "tasks": [tasks with history omitted], "history": [notice events]}. */
cJSON *store_notice_json(const struct store_notice *n);

/* A unit: id, name, email, is_group, in_directory, aliases, members (groups),
 * open_assignments, and for unknown names unknown_count, first_seen_notice. */
cJSON *store_unit_json(const struct store_unit *u);

/* One import's outcome for `import --json`: file, status ("new",
 * "unchanged", "corrected"), notice_id, version, tasks, assignments,
 * metadata_changed, changes [{task_id, ref, change, fields}], unknown_units. */
cJSON *store_import_result_json(const struct store_import_result *r,
				const char *file);

/* "new", "unchanged", "corrected". */
const char *store_import_status_name(enum store_import_status st);
/* "added", "changed", "removed", "restored". */
const char *store_change_kind_name(enum store_change_kind k);

/*
 * A recurrence as the office sends it: an RRULE, "periodic", null, or the
 * {"freq", "rrule"} object a task's JSON shows ({"freq": "periodic",
 * "rrule": null} is "định kỳ" with no period, not "not recurring").  Sets
 * *text as recur_of_text() reads it (borrowed from v).  0, or -1 for any
 * other shape; the rule itself is checked by recur_of_text().
 */
int store_json_recurrence(const cJSON *v, const char **text);

#endif
