/*
 * multipart.c - a notice uploaded as multipart/form-data (`curl -F
 * file=@notice.docx`, an HTML form), for POST /api/notices: the first part
 * that carries a file name (or, without one, the part named "file" or
 * "text"), its bytes and its name.  libmicrohttpd's post processor parses
 * the body the server has already read, whole and bounded (413 above the
 * body limit), after the session check.
 */
#include "web/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/core/utf8.h"

struct pick {
	struct sbuf *data;
	char *name;          /* the chosen part's file name, or NULL */
	char *key;           /* the chosen part's field name */
	int chosen, done;
};

static int wanted(const char *key, const char *filename)
{
	return filename || (key && (!strcmp(key, "file") || !strcmp(key, "text")));
}

static enum MHD_Result part(void *cls, enum MHD_ValueKind kind, const char *key,
			    const char *filename, const char *ctype, const char *te,
			    const char *data, uint64_t off, size_t size)
{
	struct pick *p = cls;

	(void)kind;
	(void)ctype;
	(void)te;
	if (p->done)
		return MHD_YES;
	if (p->chosen && (strcmp(p->key, key ? key : "") ||
			  (filename && (!p->name || strcmp(p->name, filename))))) {
		/* The next part began: the chosen one is whole. */
		p->done = 1;
		return MHD_YES;
	}
	if (!p->chosen) {
		if (!wanted(key, filename))
			return MHD_YES;
		p->chosen = 1;
		p->key = xstrdup(key ? key : "");
		p->name = filename ? xstrdup(filename) : NULL;
	}
	(void)off;
	sbuf_add(p->data, data, size);
	return MHD_YES;
}

int web_multipart_file(struct web_req *r, struct sbuf *data, char *name, size_t name_cap)
{
	struct pick p;
	struct MHD_PostProcessor *pp;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.data = data;
	name[0] = '\0';
	if (!(pp = MHD_create_post_processor(r->conn, 16384, part, &p)))
		return -1;
	if (MHD_post_process(pp, r->body.buf ? r->body.buf : "", r->body.len) != MHD_YES)
		rc = -1;
	if (MHD_destroy_post_processor(pp) != MHD_YES)
		rc = -1;
	if (!p.chosen)
		rc = -1;
	if (!rc && p.name) {
		if (!utf8_check_str(p.name))
			rc = -2;
		else if (strlen(p.name) < name_cap)
			memcpy(name, p.name, strlen(p.name) + 1);
	}
	free(p.key);
	free(p.name);
	return rc;
}
