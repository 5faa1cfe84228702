/*
 * inbox_mail.h - the mails of the office's inbox, queued by the reminder
 * run: the office's decisions with a note, to the unit they concern; and
 * once a day, when the inbox is not empty, its counts to the office.
 */
#ifndef TRACKER_INBOX_MAIL_H
#define TRACKER_INBOX_MAIL_H

#include "tracker/dirmail.h"
#include "tracker/mail/outmail.h"
#include "tracker/store/store.h"

/* How many items of each list the office's daily mail names. */
#define INBOX_MAIL_LIST 10

/*
 * Queues one mail per unit with the office's decisions (confirm, return,
 * approve, refuse, grant) that carry a note and were not mailed yet, and
 * forgets them.  A unit without an address: forgotten unmailed; a unit
 * whose address is in `bad`: kept for a later run (*held counts them).
 * Inside the caller's transaction.  *mails counts the mails queued.
 * Returns 0 or an ERR_* code.
 */
int inbox_mail_decisions(struct store *s, const struct outmail_conf *c,
			 const struct dirmail_problems *bad, long *mails, long *held,
			 struct err *err);

/*
 * Queues, at most once per day (c->today), the inbox's counts and the
 * first INBOX_MAIL_LIST items of each list to the office (c->office),
 * when the inbox is not empty and the office has a usable address.
 * Inside the caller's transaction; *mails counts it when queued now.
 */
int inbox_mail_office(struct store *s, const struct outmail_conf *c,
		      const struct dirmail_problems *bad, long *mails, struct err *err);

#endif
