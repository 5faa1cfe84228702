/*
 * err.c - the shared error struct's setters and the codes' names.  See err.h.
 */
#include "notices/err.h"

#include <stdarg.h>
#include <stdio.h>

/* Indexed by -code.  Stable: see err.h before touching a name. */
static const char *const names[] = {
	"ok", "io", "db", "not_found", "invalid", "schema", "state", "conflict",
	"send", "encoding", "corrupt", "too_big", "no_text", "unsupported", "tool",
	"parse",
};

_Static_assert(sizeof(names) / sizeof(names[0]) == 1 - ERR_LAST,
	       "one name per error code");

static void vset(struct err *e, int code, int line, int col, const char *fmt, va_list ap)
{
	e->code = code;
	e->line = line;
	e->col = col;
	e->key = NULL;
	e->arg[0] = e->field[0] = e->ref[0] = '\0';
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	vset(e, code, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int err_key(struct err *e, int code, const char *key, const char *arg, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	vset(e, code, 0, 0, fmt, ap);
	va_end(ap);
	e->key = key;
	if (arg)
		snprintf(e->arg, sizeof(e->arg), "%s", arg);
	return code;
}

int err_at(struct err *e, int code, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	vset(e, code, line, col, fmt, ap);
	va_end(ap);
	return code;
}

const char *err_code_name(int code)
{
	if (code > 0 || code < ERR_LAST)
		return "unknown";
	return names[-code];
}
