/*
 * deadline.h - Vietnamese deadline and recurrence phrases.
 *
 * "xong trước ngày 05/01/2023", "chậm nhất ngày 30/11", "trong quý I/2023",
 * "trước ngày 25 hằng tháng", "trong thời hạn 05 ngày làm việc kể từ ngày ký".
 * Dates of meetings, plans, decisions ("Kế hoạch số 1929/KH-UBND ngày
 * 27/7/2022"), programme periods ("giai đoạn 2021-2025") and noun modifiers
 * ("kế hoạch CCHC năm 2022") are never deadlines.
 */
#ifndef NOTICES_DEADLINE_H
#define NOTICES_DEADLINE_H

#include <stddef.h>
#include "notice.h"
#include "dates.h"

struct deadline {
	struct ymd due;       /* zero when no date is stated */
	enum due_kind kind;   /* DUE_NONE when there is no deadline */
	int has_time;         /* "trước 17 giờ 00 ngày X" */
	enum rec_freq freq;   /* REC_NONE when not recurring */
	char rrule[128];      /* "" when none */
	size_t start, end;    /* byte span of the binding phrase in the text */
	int relative;         /* no date: a period counted from an event ("trong 07
			       * ngày làm việc kể từ ngày nhận được"), spanned by
			       * start, end; 2 when the event is receiving this
			       * document (not each file or request it speaks of) */
};

/*
 * Finds the completion deadline and recurrence of one task's text.  `ref` is
 * the notice date, used to infer a missing year (rolling into the next year
 * when the day and month fall before it) and as the origin of relative
 * periods ("05 ngày làm việc kể từ ngày ký"); its day may be 0 (blank) and
 * its year 0 (unknown).  When several dates appear, the completion deadline
 * wins over interim report dates.  Returns 1 when a deadline or a recurrence
 * was found, 0 when the text sets none (out->kind is DUE_NONE).
 */
int deadline_find(const char *text, size_t len, struct ymd ref,
		  struct deadline *out);

/* deadline_find() for a caller that has folded the text already: `folded`
 * is text_fold(text, len) (the parser folds a task's text once for its
 * owners and its deadline). */
int deadline_find_folded(const char *text, const char *folded, size_t len, struct ymd ref,
			 struct deadline *out);

/*
 * Like deadline_find() for the value of a table's time column ("Quý
 * III/2025", "Năm 2025", "Tháng 11/2025"), where a date that opens the text
 * is the time of completion; in running text it would not be ("Năm 2025:
 * thu tiền ..." heads a report's paragraph).
 */
int deadline_find_cell(const char *text, size_t len, struct ymd ref, struct deadline *out);

#endif
