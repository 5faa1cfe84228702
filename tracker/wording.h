/*
 * wording.h - the Vietnamese wording of one piece of work, shared by the
 * mails (reminders, the weekly mail) and the calendar feeds: dates as
 * dd/mm/yyyy, the deadline in force and how the notice bound it, the
 * notice it comes from, its dashboard link.
 */
#ifndef TRACKER_WORDING_H
#define TRACKER_WORDING_H

#include "notices/util.h"
#include "tracker/mail/outmail.h"
#include "tracker/store/life.h"

/* "dd/mm/yyyy" */
void wording_date(struct ymd d, char buf[11]);
/*
 * The deadline in force and how the notice wrote it: "20/11/2026 (chậm
 * nhất ngày 20/11/2026)", "30/11/2026, đã gia hạn từ 20/11/2026 (...)".
 */
void wording_deadline(const struct store_item *it, struct sbuf *sb);
/* "Thông báo số 15/TB-UBND ngày 05/11/2026" (parts left out when unknown). */
void wording_notice_ref(const struct store_item *it, struct sbuf *sb);
/*
 * Where `tracker serve` listens unless told otherwise, and so where links
 * point (mails, feeds, feed addresses) when no base URL is configured
 * (--base-url, $TRACKER_BASE_URL): what `make run` serves.
 */
#define TRACKER_LISTEN_DEFAULT "127.0.0.1:8080"
#define TRACKER_BASE_URL_DEFAULT "http://" TRACKER_LISTEN_DEFAULT

/* The dashboard link of the item's task, under c->base_url (NULL:
 * TRACKER_BASE_URL_DEFAULT). */
void wording_link(const struct outmail_conf *c, const struct store_item *it,
		 struct sbuf *sb);

#endif
