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
 * Stores draft `draft_id` with the clerk's corrections `fixes` (may be
 * NULL): an array of {"index": n, "owners": [names], "co_owners": [names],
 * "due": "YYYY-MM-DD" or null, "due_kind": "before"|"by"|"within",
 * "drop": true}; fields left out keep what the parser found.  `actor` is
 * recorded in the history.  Returns 0 and the import's outcome in *out
 * (as `import --json`); ERR_INVAL for a bad correction, ERR_BADSTATE
 * when the draft was stored already, ERR_NOTFOUND for no such draft.
 */
int intake_commit(struct store *s, const struct unitdir *units, long long draft_id,
		  const cJSON *fixes, const char *actor, struct ymd today, cJSON **out,
		  struct err *err);

#endif
