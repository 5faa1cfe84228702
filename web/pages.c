/*
 * pages.c - the dashboard: its pages are one HTML shell and a script that
 * draws each view from the JSON API, so every string from a notice reaches
 * the page through textContent, never as markup.  Serves the embedded
 * static files and answers unknown paths with a 404 page.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <string.h>

#include "tracker/core/id.h"
#include "web/static_files.h"

static const struct web_static_file *find_static(const char *name)
{
	const struct web_static_file *f;
	size_t i;

	/* Only plain names: no '/', no "..", nothing to escape the set. */
	for (i = 0; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '-' || name[i] == '_' || (name[i] == '.' && i > 0 && name[i - 1] != '.')))
			return NULL;
	for (f = web_static_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static enum MHD_Result send_file(struct web_req *r, const struct web_static_file *f,
				 const char *cache)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(f->len, (void *)f->data, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	web_common_headers(resp, f->type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	ret = web_reply_resp(r, 200, resp, f->len);
	MHD_destroy_response(resp);
	return ret;
}

/* Paths the script draws: /, /tasks, /tasks/7, /notices/3, /import, ... */
static int is_view(const char *path)
{
	static const char *const views[] = {"tasks", "notices", "units", "import", "login", "inbox",
					    NULL};
	const char *p = path + 1, *slash;
	size_t i, n;
	long long id;

	if (!*p)
		return 1;
	slash = strchr(p, '/');
	n = slash ? (size_t)(slash - p) : strlen(p);
	for (i = 0; views[i]; i++) {
		if (strlen(views[i]) != n || strncmp(p, views[i], n))
			continue;
		if (!slash)
			return 1;
		/* One id after the view's name: /tasks/12. */
		if (id_parse(slash + 1, &id))
			return 0;
		return strcmp(views[i], "import") && strcmp(views[i], "login") &&
		       strcmp(views[i], "inbox");
	}
	return 0;
}

enum MHD_Result web_pages(struct web_req *r)
{
	const struct web_static_file *f;

	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return web_fail(r, 405, "method_get", NULL);
	if (!strncmp(r->path, "/static/", 8)) {
		if (!(f = find_static(r->path + 8)))
			return web_fail(r, 404, "no_file", r->path);
		return send_file(r, f, "public, max-age=300");
	}
	if (!strcmp(r->path, "/favicon.ico") && (f = find_static("favicon.svg")))
		return send_file(r, f, "public, max-age=86400");
	if (is_view(r->path) && (f = find_static("index.html")))
		return send_file(r, f, "no-cache");
	return web_fail(r, 404, "no_page", r->path);
}
