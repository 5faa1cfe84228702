/*
 * csv.c - the one CSV writer (contract in csv.h).
 */
#include "tracker/core/csv.h"

#include <string.h>

void csv_begin(struct csv *c, struct sbuf *sb)
{
	c->sb = sb;
	c->in_row = 0;
	sbuf_adds(sb, "\xEF\xBB\xBF");
}

static void field_start(struct csv *c)
{
	if (c->in_row)
		sbuf_addc(c->sb, ',');
	c->in_row = 1;
}

int csv_is_formula(const char *s)
{
	return s && *s && strchr("=+-@\t\r", *s) != NULL;
}

void csv_text(struct csv *c, const char *s)
{
	int quote;

	field_start(c);
	if (!s)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sbuf_addc(c->sb, '"');
	if (csv_is_formula(s))
		sbuf_addc(c->sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addc(c->sb, '"');
		sbuf_addc(c->sb, *s);
	}
	if (quote)
		sbuf_addc(c->sb, '"');
}

void csv_int(struct csv *c, long long v)
{
	field_start(c);
	sbuf_addi(c->sb, v);
}

void csv_end_row(struct csv *c)
{
	sbuf_adds(c->sb, "\r\n");
	c->in_row = 0;
}
