/*
 * mail.h - composes one e-mail (RFC 5322 headers, RFC 2045/2046 MIME body,
 * RFC 2047 encoded Vietnamese subject and names, RFC 2231 attachment names)
 * into bytes; send.h delivers those bytes by SMTP or into an outbox folder.
 *
 * A message is rendered once, stored as bytes and delivered later, perhaps
 * retried: mail_build() is deterministic (same input, same bytes, boundaries
 * derived from the Message-ID), and the senders take the bytes as they are.
 *
 * Functions return ERR_OK (0) or a negative ERR_* code and fill the
 * caller's `struct err`; they never print.  Inputs are borrowed for the
 * duration of the call; strings handed out belong to the caller, who frees
 * them with free().
 */
#ifndef TRACKER_MAIL_H
#define TRACKER_MAIL_H

#include <stddef.h>
#include <time.h>

#include "notices/err.h"

/* Rendered messages larger than this are refused (ERR_INVAL): most
 * servers refuse them anyway, and the buffer must have a cap. */
#define MAIL_MAX_SIZE ((size_t)25 << 20)

/* One attachment, sent as base64 with Content-Disposition: attachment. */
struct mail_part {
	const char *name; /* UTF-8 file name, e.g. "báo-cáo.csv"; no control characters */
	const char *type; /* "text/csv; charset=utf-8"; NULL: application/octet-stream */
	const void *data; /* the bytes as they are (no line-end conversion) */
	size_t len;
};

struct mail_msg {
	const char *from_name, *from_addr; /* name: UTF-8, may be NULL or "";
					    * control characters become spaces */
	const char *to_name, *to_addr;
	const char *subject;  /* UTF-8; NULL: empty */
	const char *text;     /* text/plain body, UTF-8; required */
	const char *html;     /* text/html body, UTF-8, already escaped by the
			       * caller (mail_html_escape); NULL: text only */
	const struct mail_part *attach;
	size_t n_attach;
	const char *message_id; /* "<local@domain>", chosen by the caller and kept
				 * across retries; also seeds the MIME boundaries */
	time_t date;            /* written as Vietnam time, +0700 */
};

/*
 * Renders `m` with CRLF line ends: Date, From, To, Subject, Message-ID,
 * MIME-Version, then the body.  Without attachments the body is
 * multipart/alternative (text/plain, then text/html), or a single text/plain
 * part when html is NULL; with attachments that body is the first part of a
 * multipart/mixed followed by the attachments.  Text parts are UTF-8,
 * base64, with their line ends made CRLF (the canonical form of text,
 * RFC 2046 4.1.1); non-ASCII subjects and names become encoded words of at
 * most 75 characters, cut only between whole characters.
 *
 * Returns 0 and a new NUL-terminated buffer in *out of *len bytes (caller
 * frees with free()).  Display names are never refused for their
 * characters: each control character (CR and LF too) becomes a space and
 * such a name is written as encoded words.  On failure *out is NULL and the
 * code is ERR_INVAL: a CR or LF in the subject or a file name (header
 * injection), another control character there, an address that is not
 * one "local@domain" without spaces or angle brackets, a Message-ID not of
 * the form "<x@y>", invalid UTF-8, or a message over MAIL_MAX_SIZE.
 */
int mail_build(const struct mail_msg *m, char **out, size_t *len,
	       struct err *err);

/*
 * Whether mail_build() takes `addr` as a recipient: one "local@domain",
 * ASCII, no spaces, controls, line breaks, angle brackets or separators
 * (so "a@x, b@y" is refused).  Returns 0, or ERR_INVAL with err->msg saying
 * why (the address is quoted only when it holds no control character).
 */
int mail_check_address(const char *addr, struct err *err);

/*
 * A copy of s with every control character (CR and LF too) a space, for a
 * subject made of names from the units file, which mail_build() would
 * refuse with one.  NULL gives NULL; caller frees with free().
 */
char *mail_clean_text(const char *s);

/* sbuf_add_html() of s into a new string (caller frees with free()); NULL
 * gives NULL. */
char *mail_html_escape(const char *s);

#endif
