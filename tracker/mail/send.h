/*
 * send.h - delivers the bytes mail_build() rendered: by SMTP (libcurl) or
 * into an outbox folder.  Only send.c includes <curl/curl.h>.  Codes and
 * errors as in mail.h.
 */
#ifndef TRACKER_MAIL_SEND_H
#define TRACKER_MAIL_SEND_H

#include "tracker/mail/mail.h"

/*
 * libcurl's process-wide setup and teardown; call each once, at program
 * start and end, before any thread exists.  mail_global_init() returns 0 or
 * ERR_SEND.
 */
int mail_global_init(void);
void mail_global_cleanup(void);

struct mail_smtp {
	const char *url;      /* "smtp://host:port" or "smtps://host:port";
			       * credentials in the URL are refused */
	int require_tls;      /* 1: STARTTLS is required (fail without it);
			       * 0: plain SMTP (smtps:// is TLS either way) */
	const char *user;     /* NULL or "": no AUTH */
	const char *password;
	long timeout_s;       /* whole transfer; <= 0 means 60 */
};

/*
 * Sets c->user and c->password from TRACKER_SMTP_USER and
 * TRACKER_SMTP_PASSWORD (NULL when unset), leaving the other fields alone.
 * Credentials come from the environment, never from argv, where any user
 * could read them in ps.  The strings are borrowed from the environment;
 * valid until it changes.
 */
void mail_smtp_from_env(struct mail_smtp *c);

/*
 * Sends one message rendered by mail_build() to one recipient, bytes as
 * they are.  Returns 0 only when the server accepted it (250 after DATA);
 * ERR_INVAL for a bad URL or address; ERR_SEND when the server was
 * unreachable, refused a command or the message, or the transfer timed
 * out, with err->msg naming the URL (never the password).
 */
int mail_send_smtp(const struct mail_smtp *c, const char *from_addr,
		   const char *rcpt_addr, const char *msg, size_t len,
		   struct err *err);

/*
 * Writes msg into dir/<name>.eml atomically: a temporary file in dir
 * (".<name>.XXXXXX", hidden from readers of the outbox) written and fsynced,
 * then renamed; dir (and its parents) are created, mode 0700, when
 * missing.  When dir/<name>.eml already exists it is left alone and
 * *existed is set to 1 (otherwise 0; existed may be NULL), so delivering
 * the same message twice writes it once.
 *
 * `name` is a file stem chosen by the caller: non-empty, at most 200 bytes,
 * no '/', no control characters, not starting with '.'; anything else is
 * ERR_INVAL.  Write failures are ERR_IO, and leave no temporary file.
 */
int mail_write_outbox(const char *dir, const char *name, const char *msg,
		      size_t len, int *existed, struct err *err);

#endif
