/*
 * wording.c - the Vietnamese wording of one piece of work.  See wording.h.
 */
#include "tracker/wording.h"

#include <string.h>

/* Digits by hand rather than snprintf: every item of a feed or a mail
 * writes a few dates. */
void wording_date(struct ymd d, char buf[11])
{
	if (d.y > 0 && d.m > 0 && d.d > 0) {
		int y = d.y % 10000;
		buf[0] = (char)('0' + d.d % 100 / 10);
		buf[1] = (char)('0' + d.d % 10);
		buf[2] = '/';
		buf[3] = (char)('0' + d.m % 100 / 10);
		buf[4] = (char)('0' + d.m % 10);
		buf[5] = '/';
		buf[6] = (char)('0' + y / 1000);
		buf[7] = (char)('0' + y / 100 % 10);
		buf[8] = (char)('0' + y / 10 % 10);
		buf[9] = (char)('0' + y % 10);
		buf[10] = '\0';
	} else {
		buf[0] = '?';
		buf[1] = '\0';
	}
}

void wording_deadline(const struct store_item *it, struct sbuf *sb)
{
	char a[11], b[11];

	if (!it->state.last_day.y) {
		sbuf_adds(sb, "không có thời hạn");
		return;
	}
	wording_date(it->state.last_day, a);
	sbuf_adds(sb, a);
	if (it->state.extended) {
		wording_date(it->state.original_last_day, b);
		sbuf_adds(sb, ", đã gia hạn từ ");
		sbuf_adds(sb, b);
	}
	/* How the notice bound it: "trước ngày X" allows X-1 at the latest. */
	if (it->due.y) {
		wording_date(it->due, b);
		sbuf_adds(sb, it->due_kind == DUE_BEFORE ? " (trước ngày "
			  : it->due_kind == DUE_WITHIN ? " (trong thời hạn đến ngày "
			  : " (chậm nhất ngày ");
		sbuf_adds(sb, b);
		/* A recurring task's phrase says how it repeats. */
		if (it->freq != REC_NONE && it->due_text && *it->due_text) {
			sbuf_adds(sb, "; ");
			sbuf_adds(sb, it->due_text);
		}
		sbuf_addc(sb, ')');
	}
}

void wording_notice_ref(const struct store_item *it, struct sbuf *sb)
{
	char d[11];

	sbuf_adds(sb, "Văn bản");
	if (it->notice_number) {
		sbuf_adds(sb, " số ");
		sbuf_adds(sb, it->notice_number);
	}
	if (it->notice_date.y) {
		wording_date(it->notice_date, d);
		sbuf_adds(sb, " ngày ");
		sbuf_adds(sb, d);
	}
}

void wording_link(const struct outmail_conf *c, const struct store_item *it,
		 struct sbuf *sb)
{
	const char *base = c->base_url ? c->base_url : TRACKER_BASE_URL_DEFAULT;
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	sbuf_addf(sb, "%.*s/tasks/%lld", (int)n, base, it->task_id);
}
