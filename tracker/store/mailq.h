/*
 * store/mailq.h - the queue of rendered mails, and the addresses they go to.
 * Conventions as in store.h.
 */
#ifndef TRACKER_STORE_MAILQ_H
#define TRACKER_STORE_MAILQ_H

#include "tracker/store/store.h"

struct store_mail {
	long long id;
	const char *key, *kind, *rcpt, *sender, *message_id; /* borrowed */
	const char *message;
	size_t len;
	int attempts;
};

/*
 * Queues a rendered mail.  key, when non-NULL, makes it unique: queuing the
 * same key again changes nothing and sets *existed.  Sets *id.
 */
int store_mail_add(struct store *s, const char *key, const char *kind,
		   long long unit_id, const char *rcpt, const char *sender,
		   const char *message_id, const char *msg, size_t len, long long *id,
		   int *existed, struct err *err);

/* Whether a mail with this key exists (queued or sent). */
int store_mail_exists(struct store *s, const char *key, int *exists,
		      struct err *err);

/* Calls fn for each mail not yet sent, oldest first (borrowed mail). */
int store_mail_pending(struct store *s,
		       int (*fn)(const struct store_mail *m, void *arg), void *arg,
		       struct err *err);

/*
 * Records the outcome of one delivery attempt: sent (error NULL), or still
 * pending with the error kept and the attempt counted.  Own transaction.
 */
int store_mail_result(struct store *s, long long id, const char *error,
		      struct err *err);

/* Counts of the mail queue, for tests and `remind` output. */
int store_mail_counts(struct store *s, long *pending, long *sent,
		      struct err *err);

/* The e-mail address of a unit (NULL when it has none; caller frees). */
int store_unit_email(struct store *s, long long unit_id, char **email, char **name,
		     struct err *err);

/*
 * Calls fn for each unit of the directory with an e-mail address, in
 * directory order: a read of the units table alone, however much work is
 * stored.
 * Arguments are borrowed for the call; fn returns 0 to go on.  Returns 0
 * or an ERR_* code.
 */
int store_directory_emails(struct store *s,
			   int (*fn)(long long id, const char *name, const char *email, void *arg),
			   void *arg, struct err *err);

#endif
