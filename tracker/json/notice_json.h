/*
 * notice_json.h - the parser's output as the JSON of DESIGN.md's contract,
 * what `tracker parse --json` prints and the scorer reads.
 *
 * cJSON ownership: an item added to an object or array belongs to the
 * parent; a returned root is the caller's, freed with cJSON_Delete(); text
 * from cJSON_Print() is freed with cJSON_free().
 */
#ifndef TRACKER_NOTICE_JSON_H
#define TRACKER_NOTICE_JSON_H

#include <cJSON.h>
#include "notices/notice.h"

/*
 * {"notice": {number, type, issuer, place, date, title, signer, and
 * meeting_date and presider when present}, "tasks": [{ref, text, owners,
 * co_owners, due, due_kind, recurrence, line}]}.  Missing values and a date
 * with a blank day are null.  Returns a new root (caller frees with
 * cJSON_Delete()); never NULL (allocation failure aborts).
 */
cJSON *notice_json(const struct notice *n);

/*
 * One task in the contract's shape (the elements of "tasks" above).
 * Caller frees with cJSON_Delete() unless it adds it to a parent.
 */
cJSON *notice_task_json(const struct notice_task *t);

/*
 * Adds `key` to `obj`: the date as "YYYY-MM-DD", or null when it is not a
 * complete date (blank day or month, or no date).
 */
void json_add_ymd(cJSON *obj, const char *key, struct ymd d);

/* Adds `key` as a string, or null when s is NULL. */
void json_add_str(cJSON *obj, const char *key, const char *s);

/*
 * The contract's recurrence: null without one, else {"freq", "rrule"} with
 * rrule null when the period is not stated.  Caller owns the result.
 */
cJSON *json_recurrence(enum rec_freq freq, const char *rrule);

/*
 * Renders `root` as text, indented when `pretty`, and frees it; *root is set
 * to NULL.  Returns a string the caller frees with cJSON_free().
 */
char *json_render_free(cJSON **root, int pretty);

#endif
