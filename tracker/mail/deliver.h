/*
 * deliver.h - hands queued mails (store/mailq.h) to an SMTP server, or
 * writes them into an outbox folder when no server is configured.
 *
 * A mail is marked sent only after the server accepted it (or its .eml
 * file is in place); a failure is recorded on the mail, reported, and the
 * mail is tried again on the next run.
 */
#ifndef TRACKER_DELIVER_H
#define TRACKER_DELIVER_H

#include "notices/util.h"
#include "tracker/store/store.h"

struct deliver_conf {
	const char *smtp_url;   /* smtp:// or smtps://; NULL: write to outbox */
	int require_tls;        /* STARTTLS required */
	const char *outbox;     /* folder for .eml files; NULL: "outbox" */
	long timeout_s;         /* per message; <= 0: 60 */
};

struct deliver_stats {
	long sent;              /* accepted by the server / written now */
	long failed;            /* still pending */
	struct strlist errors;  /* one line per failure, "mail 12 to a@b: ..." */
};

/*
 * Tries every pending mail once, oldest first.  Returns 0 when the queue
 * could be read and results recorded (individual failures are in *st, to
 * be released with deliver_stats_release()), or an ERR_* code.
 */
int deliver_pending(struct store *s, const struct deliver_conf *c,
		    struct deliver_stats *st, struct err *err);
void deliver_stats_release(struct deliver_stats *st);

#endif
