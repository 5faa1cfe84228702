/*
 * intake.h - notices that arrive through the dashboard: parsed into a
 * preview the clerk checks, corrected, then stored.
 *
 * The clerk stays in control of what is stored: the preview is kept as a
 * draft (the normalised text), and committing it parses the same text
 * again, applies the clerk's corrections to owners and deadlines, and
 * imports the result like `tracker import` does.
 */
#ifndef TRACKER_INTAKE_H
#define TRACKER_INTAKE_H

#include <stddef.h>
#include <cJSON.h>
#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/store/feed.h"

struct unitdir;

/*
 * Converts `len` bytes of a notice (text in UTF-8 or a legacy encoding,
 * .docx, PDF: see textin.h), parses it and keeps the text as a draft of
 * user_id.
 * Returns 0 and *out = {"id": draft id, "name", "notice": {...},
 * "format", "tasks": [... as `tracker parse --json`, plus "index"]}
 * (caller frees); ERR_INVAL with the converter's or the parser's
 * message (and line) for bytes that are not a notice.
 */
int intake_preview(struct store *s, const struct unitdir *units, long long user_id,
		   const char *name, const char *buf, size_t len, cJSON **out,
		   struct err *err);

/*
 * Stores draft `draft_id` as the clerk reviewed it.  `body` (may be NULL)
 * is the commit's JSON: "tasks", the corrections, an array of {"index":
 * n, "owners": [names], "co_owners": [names], "due": "YYYY-MM-DD" or null,
 * "due_kind": "before"|"by"|"within", "drop": true} (fields left out keep
 * what the parser found); "notice": {"number", "date"} filling what the
 * text left blank; "confirm_empty": true to store a text with no task.
 * `actor` is recorded in the history.  When the text is stored already,
 * the corrections are applied to the stored tasks as edits ("status":
 * "edited", "edited_tasks": [ids]) or, if they change nothing, the outcome
 * is "unchanged".  Of commits racing for one draft exactly one stores it.
 * Returns 0 and the import's outcome in *out (as `import --json`);
 * ERR_INVAL keyed for a bad correction (err->field "tasks[3].due" counts
 * tasks from 1; "confirm_empty" for a text with no task); ERR_BADSTATE
 * when the draft was stored or is being stored; ERR_NOTFOUND for no such
 * draft.
 */
int intake_commit(struct store *s, const struct unitdir *units, long long draft_id,
		  const cJSON *body, const char *actor, struct ymd today, cJSON **out,
		  struct err *err);

#endif
