/*
 * dirmail.h - the units directory's e-mail addresses as mail can use them:
 * which units have an address no mail can be sent to ("a@x, b@y", a line
 * break, a space), so that the reminders and the weekly mail skip those
 * units, mail every other one, and tell the office which to correct.
 *
 * A unit without an address is not a problem here (it is counted as
 * "no address", as before); only an address that is there and unusable is.
 */
#ifndef TRACKER_DIRMAIL_H
#define TRACKER_DIRMAIL_H

#include <stddef.h>
#include "notices/util.h"
#include "tracker/store/store.h"

struct dirmail_problem {
	long long unit_id;
	char *unit;     /* the unit's name */
	char *email;    /* the address as stored, with controls and bytes >= 0x80
			 * written as \r, \n, \xNN: safe for a log line */
	const char *why;/* Vietnamese, static: what is wrong with it */
};

struct dirmail_problems {
	struct dirmail_problem *v;
	size_t n, alloc;
};

/*
 * The units of the directory whose address mail_build() would refuse, in
 * directory order.  Returns 0 or an ERR_* code.  Caller releases with
 * dirmail_problems_release() (also after a failure).
 */
int dirmail_problems(struct store *s, struct dirmail_problems *out, struct err *err);
void dirmail_problems_release(struct dirmail_problems *p);

/* The problem of unit `unit_id`, or NULL when its address is usable (or absent). */
const struct dirmail_problem *dirmail_find(const struct dirmail_problems *p,
					   long long unit_id);

/*
 * Appends the list to a mail's text and HTML bodies: a title, then one
 * line per unit "Unit: address (why)".  Nothing when the list is empty.
 */
void dirmail_section(const struct dirmail_problems *p, struct sbuf *text,
		     struct sbuf *html);

#endif
