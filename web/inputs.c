/*
 * inputs.c - what comes in over HTTP is valid UTF-8 before any handler
 * sees it: query arguments (names and values, as libmicrohttpd unescaped
 * them) and every body that is read as JSON.  A note or an owner
 * correction with bytes that are not UTF-8 used to be stored and then broke
 * /api/tasks, /api/summary, the CSV and the .ics feeds for strict readers;
 * now it is refused with a 400 that names the field, never echoing the bytes.
 *
 * Raw uploads (a .docx, a PDF, a text in TCVN3 or Windows-1258) are not
 * checked here: the converter (tracker/textin/) reads their encoding and
 * hands the store UTF-8 or refuses them itself.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tracker/core/utf8.h"

struct arg_check {
	const char *bad; /* the first argument that is not UTF-8 (borrowed from MHD) */
	int bad_name;    /* it is the name that is not */
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct arg_check *c = cls;

	(void)kind;
	if (!utf8_check_str(key)) {
		c->bad_name = 1;
		c->bad = key;
		return MHD_NO;
	}
	if (!utf8_check_str(value)) {
		c->bad = key;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Bodies the handlers read as JSON: typed so, or untyped and looking so.
 * Uploads (a PDF, a .docx, text in TCVN3) are the converters' to judge. */
static int body_is_json(struct web_req *r)
{
	const char *ct = web_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), *p;

	if (ct)
		return !strncasecmp(ct, "application/json", 16);
	for (p = r->body.buf; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		;
	return *p == '{' || *p == '[';
}

enum MHD_Result web_check_inputs(struct web_req *r, int *refused)
{
	struct arg_check c = {NULL, 0};
	const char *name;
	size_t bad;

	*refused = 1;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
	if (c.bad && c.bad_name)
		return web_fail(r, 400, "encoding_arg_name", NULL);
	if (c.bad)
		return web_fail(r, 400, "encoding_arg", c.bad);
	name = web_header(r, "X-File-Name");
	if (name && strlen(name) < sizeof(r->file_name)) {
		char dec[sizeof(r->file_name)];
		memcpy(dec, name, strlen(name) + 1);
		MHD_http_unescape(dec);
		if (!utf8_check_str(dec))
			return web_fail(r, 400, "encoding_file_name", NULL);
	}
	if (r->body.len && body_is_json(r) && !utf8_check(r->body.buf, r->body.len, &bad)) {
		char at[32];
		snprintf(at, sizeof(at), "%zu", bad + 1);
		return web_fail(r, 400, "encoding_body", at);
	}
	*refused = 0;
	return MHD_YES;
}
