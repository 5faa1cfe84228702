/*
 * err.h - the one error struct and the one list of error codes of the whole
 * program: the parser, the converters, the store, mail, the CLI and the web
 * adapter all fill a caller-supplied `struct err` and return its code.
 * Library code never prints; the caller words the message for the user.
 */
#ifndef NOTICES_ERR_H
#define NOTICES_ERR_H

/*
 * Error codes.  0 is success, every failure is negative, so `rc < 0` and
 * `if (rc)` both mean "failed".  The values and the names err_code_name()
 * gives them are STABLE: programs reading `tracker` output and the
 * dashboard's Vietnamese message table key on the names, so a code is never
 * renumbered or renamed and a retired code's number is never reused; new
 * codes take the next free number.
 */
enum {
	ERR_OK = 0,
	ERR_IO = -1,           /* "io": cannot open, read or write a file (the
	                          database file, an input file, the outbox) */
	ERR_DB = -2,           /* "db": SQLite failed (corrupt file, constraint, busy) */
	ERR_NOTFOUND = -3,     /* "not_found": no notice, task, unit or user with
	                          that id or name */
	ERR_INVAL = -4,        /* "invalid": the caller passed something unusable
	                          (bad option, header injection, bad address) */
	ERR_SCHEMA = -5,       /* "schema": the database was made by a newer tracker */
	ERR_BADSTATE = -6,     /* "state": the action does not fit the work's state
	                          ("nothing to confirm") */
	ERR_CONFLICT = -7,     /* "conflict": a fallback units file would replace
	                          the directory synced from another file */
	ERR_SEND = -8,         /* "send": the SMTP server refused the message or
	                          was unreachable */
	ERR_ENCODING = -9,     /* "encoding": text neither UTF-8 nor recognised
	                          legacy Vietnamese; binary data */
	ERR_CORRUPT = -10,     /* "corrupt": a zip/docx/PDF truncated or damaged */
	ERR_TOOBIG = -11,      /* "too_big": past a size limit (a zip bomb, a huge
	                          output) */
	ERR_NOTEXT = -12,      /* "no_text": nothing to read (a PDF without a
	                          text layer, an empty notice) */
	ERR_UNSUPPORTED = -13, /* "unsupported": a zip that is not a .docx, an
	                          encrypted PDF */
	ERR_TOOL = -14,        /* "tool": an outside program (pdftotext) missing,
	                          killed or timed out */
	ERR_PARSE = -15        /* "parse": malformed structured input (the units
	                          directory's JSON) */
};

/* The lowest code; codes run from ERR_OK down to it without gaps. */
#define ERR_LAST ERR_PARSE

/*
 * What went wrong and where.  `code` is the ERR_* value the function
 * returned.  `line` and `col` are 1-based positions in the input the
 * function read (0 when not applicable); `col` counts bytes, as editors and
 * `cut -b` do.  `msg` is lower case, no full stop, quotes its subject:
 * "cannot open 'x.db': ...".  Messages longer than the buffer are cut.
 */
struct err {
	int code;
	int line, col;
	char msg[512];
	/*
	 * For the user's message: `key` names a finer entry of the message
	 * table (tracker/core/msg.h, static storage; NULL: the code's name),
	 * `arg` is the value the message quotes, `field` the input that is
	 * wrong as the user numbers it ("tasks[3].due"), `ref` the task's
	 * item number ("II.1.2").  err_set() and err_at() clear them.
	 */
	const char *key;
	char arg[160];
	char field[64];
	char ref[40];
};

/*
 * Sets e->code and e->msg (from the printf-style fmt) and clears line and
 * col; returns `code`, so a failure reads `return err_set(e, ERR_IO, ...)`.
 * `e` may be NULL (then only the code is returned).
 */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * As err_set(), with the message table's `key` and the quoted value `arg`
 * (may be NULL); field and ref stay empty for the caller to fill.
 */
int err_key(struct err *e, int code, const char *key, const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* As err_set(), with the position (line, col) in the input. */
int err_at(struct err *e, int code, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * The stable lowercase English identifier of a code ("io", "not_found",
 * ...; see the enum), for logs, JSON and message tables; "ok" for ERR_OK
 * and "unknown" for a value that is no code.  Static storage.
 */
const char *err_code_name(int code);

#endif
