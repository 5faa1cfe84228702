/*
 * core/history.h - a history event as the office reads it: one Vietnamese
 * sentence with the local time, "05/12/2026 08:14 — Sở Nội vụ báo cáo
 * hoàn thành", from the event's machine fields (kind, actor, time in UTC,
 * note, data as JSON).  The API gives it beside those fields as "text";
 * `tracker show` prints it.
 */
#ifndef TRACKER_CORE_HISTORY_H
#define TRACKER_CORE_HISTORY_H

#include "notices/util.h"

/*
 * Appends the sentence to sb.  `at` is ISO 8601 UTC ("2026-12-05T01:14:00Z"),
 * shown in Asia/Ho_Chi_Minh (UTC+7, no summer time); `data` may be NULL;
 * `on_notice`: the event is the notice's own (its edits name metadata).
 * Unknown kinds still read as a sentence ("... cập nhật").
 */
void history_text(struct sbuf *sb, const char *kind, const char *actor, const char *at,
		  const char *note, const char *data, int on_notice);

#endif
