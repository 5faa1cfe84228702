/*
 * id.h - the one spelling of a record id (a notice, a task, a work item, a
 * unit), read the same by the command line (`tracker done --task 5`) and by
 * the API (/api/tasks/5, ?notice=5).
 *
 * An id is what SQLite hands out as a rowid: a positive 64-bit integer,
 * written in decimal digits 0-9 only, without sign, spaces or leading zeros.
 * One spelling per id keeps " 5", "+5" and "05" from naming task 5 in one
 * place and nothing in another, and keeps one URL (and one response-cache
 * key) per resource.
 */
#ifndef TRACKER_ID_H
#define TRACKER_ID_H

/* Why a string is not an id. */
enum id_err {
	ID_OK = 0,
	ID_EMPTY,        /* "" or NULL */
	ID_NOT_DIGITS,   /* a sign, a space, a letter: anything but 0-9 */
	ID_LEADING_ZERO, /* "05", and "0", which no record has */
	ID_TOO_BIG,      /* more than 9223372036854775807 */
};

/* Reads s as an id into *out.  ID_OK, or the reason it is not one (then
 * *out is left as it was). */
enum id_err id_parse(const char *s, long long *out);

/* The reason, in Vietnamese for the person who typed the id: a static
 * string ("" for ID_OK). */
const char *id_err_text(enum id_err e);

#endif
