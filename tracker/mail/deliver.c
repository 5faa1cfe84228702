/*
 * deliver.c - the mail queue's delivery loop.  See deliver.h.
 *
 * At least once, and a copy only where a protocol without idempotency
 * leaves no choice: the mail is committed to the queue before this runs,
 * and marked sent right after the server's 250.  A process killed between
 * that reply and the commit sends the mail again on the next run, with the
 * same Message-ID and bytes, so receivers drop the copy.  The outbox has no
 * such window: its file name is fixed per mail and an existing file counts
 * as delivered.
 */
#include "tracker/mail/deliver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/mail/mail.h"
#include "tracker/mail/send.h"
#include "tracker/store/mailq.h"

struct run {
	struct store *s;
	const struct deliver_conf *c;
	struct deliver_stats *st;
	struct err *err;
};

static int deliver_one(const struct store_mail *m, void *arg)
{
	struct run *r = arg;
	struct err merr;
	int rc, existed = 0;

	memset(&merr, 0, sizeof(merr));
	if (r->c->smtp_url) {
		struct mail_smtp smtp;
		memset(&smtp, 0, sizeof(smtp));
		smtp.url = r->c->smtp_url;
		smtp.require_tls = r->c->require_tls;
		smtp.timeout_s = r->c->timeout_s;
		mail_smtp_from_env(&smtp);
		rc = mail_send_smtp(&smtp, m->sender, m->rcpt, m->message, m->len, &merr);
	} else {
		char name[64];
		snprintf(name, sizeof(name), "mail-%06lld-%s", m->id, m->kind);
		rc = mail_write_outbox(r->c->outbox ? r->c->outbox : "outbox", name, m->message,
				       m->len, &existed, &merr);
	}
	if (rc) {
		char *line = xasprintf("mail %lld to %s: %s", m->id, m->rcpt, merr.msg);
		strlist_add(&r->st->errors, line);
		free(line);
		r->st->failed++;
		return store_mail_result(r->s, m->id, merr.msg, r->err);
	}
	r->st->sent++;
	return store_mail_result(r->s, m->id, NULL, r->err);
}

int deliver_pending(struct store *s, const struct deliver_conf *c,
		    struct deliver_stats *st, struct err *err)
{
	struct run r = {s, c, st, err};

	memset(st, 0, sizeof(*st));
	return store_mail_pending(s, deliver_one, &r, err);
}

void deliver_stats_release(struct deliver_stats *st)
{
	if (st)
		strlist_release(&st->errors);
}
