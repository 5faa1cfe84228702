/*
 * static_files.h - the dashboard's files (web/static), compiled into the
 * binary by scripts/embed.sh.
 */
#ifndef WEB_STATIC_FILES_H
#define WEB_STATIC_FILES_H

#include <stddef.h>

struct web_static_file {
	const char *name;   /* "app.js" */
	const char *type;   /* Content-Type */
	const unsigned char *data;
	size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct web_static_file web_static_files[];

#endif
