/*
 * core/msg.h - the one table of messages a user reads from the server and
 * from the commands a clerk runs: each stable English code (the names of
 * notices/err.h's codes, and finer keys) with its Vietnamese text.
 *
 * A text may quote one value where it says "{}".  The table is data: a
 * test (tests/t_messages.sh) checks that the web adapter answers with no
 * text but these, and that every code it uses is here.
 */
#ifndef TRACKER_CORE_MSG_H
#define TRACKER_CORE_MSG_H

#include "notices/err.h"
#include "notices/util.h"

/*
 * The Vietnamese text of `code` ("not_found", "date_not_real", ...), or
 * NULL when the table has no such code.  Static storage.
 */
const char *msg_text(const char *code);

/*
 * Appends the message of `code` to sb, with `arg` (may be NULL: then
 * "{}" and the space or quotes around it are dropped) where the text says
 * "{}".  An unknown code gives the text of "unknown" (a bug, never English).
 */
void msg_format(struct sbuf *sb, const char *code, const char *arg);

/*
 * The code a failed call's error is shown under: err->key when set, else
 * the name of err->code.
 */
const char *msg_code_of(const struct err *err);

/*
 * The user's message for a failed call: "Nhiệm vụ 3 (mục II.1.2): " when
 * err->field names a task ("tasks[3]..."), then msg_format() of its code
 * and err->arg.
 */
void msg_of_err(struct sbuf *sb, const struct err *err);

/* The table, for tests that list it: n entries of code and text. */
struct msg_entry {
	const char *code;
	const char *text;
};
const struct msg_entry *msg_table(size_t *n);

#endif
