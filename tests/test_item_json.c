/*
 * test_item_json.c - store_item_json_write() writes what cJSON writes for
 * store_item_json(), byte for byte: the task list is written directly, and
 * every other view of an item goes through cJSON.
 */
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "notices/util.h"
#include "tracker/core/status.h"
#include "tracker/json/store_json.h"
#include "tests/testhelp.h"

static int same(const struct store_item *it)
{
	cJSON *o = store_item_json(it);
	char *want = cJSON_PrintUnformatted(o);
	struct sbuf sb;
	int ok;

	sbuf_init(&sb, 0);
	store_item_json_write(&sb, it);
	ok = want && sb.len == strlen(want) && !memcmp(sb.buf, want, sb.len);
	if (!ok)
		printf("# want %s\n#  got %.*s\n", want ? want : "(null)", (int)sb.len, sb.buf);
	cJSON_free(want);
	cJSON_Delete(o);
	sbuf_release(&sb);
	return ok;
}

int main(void)
{
	struct ymd today = {2026, 11, 23}, none = {0, 0, 0};
	struct store_item it;
	char ctl[40], *big;
	int i;

	memset(&it, 0, sizeof(it));
	it.id = 57;
	it.task_id = 12;
	it.notice_id = 3;
	it.unit_id = 2000000;
	it.unit = "Sở Nội vụ";
	it.task_ref = "II.3";
	it.task_text = "Rà soát \"quy chế\" \\ phối hợp;\n\ttrình UBND tỉnh";
	it.notice_number = "2849/TB-VP";
	it.notice_date = (struct ymd){2026, 11, 8};
	it.due = (struct ymd){2026, 12, 15};
	it.due_kind = DUE_BEFORE;
	it.due_text = "trước ngày 15/12/2026";
	it.last_day = (struct ymd){2026, 12, 14};
	it.work = WORK_OPEN;
	it.state = status_of_work(it.last_day, none, it.work, none, today, STATUS_SOON_DAYS);
	it.percent = -1;
	test_cond("an open item with quotes, a backslash, a newline and a tab", same(&it));
	it.percent = 40;
	test_cond("a progress report's percentage", same(&it));

	it.extended_to = (struct ymd){2027, 1, 31};
	it.requested_to = (struct ymd){2027, 2, 28};
	it.request_reason = "chờ ý kiến\r\bcủa Bộ\f";
	it.work = WORK_REPORTED;
	it.reported_on = (struct ymd){2026, 11, 20};
	it.state = status_of_work(it.last_day, it.extended_to, it.work, none, today, STATUS_SOON_DAYS);
	test_cond("extended, an extension asked, reported: \\r \\b \\f", same(&it));

	it.work = WORK_DONE;
	it.freq = REC_MONTHLY;
	it.seq = 3;
	it.done_on = (struct ymd){2027, 2, 3};
	it.state = status_of_work(it.last_day, it.extended_to, it.work, it.done_on, today,
				  STATUS_SOON_DAYS);
	test_cond("done late, a period of a monthly task", same(&it));

	memset(&it, 0, sizeof(it));
	it.id = 1;
	it.seq = 4;
	it.unit = "";
	it.task_ref = "1";
	for (i = 1; i < 32; i++)
		ctl[i - 1] = (char)i;
	ctl[31] = 0;
	it.task_text = ctl;
	it.state = status_of_work(none, none, WORK_OPEN, none, today, STATUS_SOON_DAYS);
	test_cond("no deadline, no notice number, every control byte", same(&it));

	it.last_day = (struct ymd){2026, 8, 1};
	it.due = it.last_day;
	it.due_kind = DUE_BY;
	it.state = status_of_work(it.last_day, none, WORK_OPEN, none, today, STATUS_SOON_DAYS);
	test_cond("long overdue: negative days left", same(&it));

	it.decided_kind = "reopened";
	it.decided_by = "vanphong";
	it.decided_at = "2026-11-23T02:00:00Z";
	it.decided_note = "Thiếu \"phụ lục\"\nbổ sung";
	test_cond("an office decision with a note", same(&it));
	it.decided_note = NULL;
	test_cond("an office decision without a note", same(&it));
	it.percent = 100;
	test_cond("a percentage of 100", same(&it));
	/* A text longer than the writer's buffer on the stack, every byte
	 * escaped: written through one on the heap. */
	big = malloc(4001);
	for (i = 0; big && i < 4000; i++)
		big[i] = (char)(1 + i % 31);
	if (big)
		big[4000] = 0;
	it.task_text = big;
	test_cond("a text of 4000 control bytes (24000 written)", big && same(&it));
	free(big);
	return test_report();
}
