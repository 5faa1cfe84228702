/*
 * store/attach.h - documents attached to work (a unit's report of
 * completion), kept in the database so that a backup stays one file, and
 * each account's saved views of the task list.  Conventions as in store.h.
 */
#ifndef TRACKER_STORE_ATTACH_H
#define TRACKER_STORE_ATTACH_H

#include <stddef.h>

#include "tracker/store/store.h"

/* The most bytes one attached document may have (10 MiB). */
#define STORE_ATTACH_MAX ((size_t)10 << 20)

/*
 * A document to attach, as store_act() takes it: the name it was uploaded
 * under (already sanitized by the caller; NULL or empty: "tep-dinh-kem"),
 * its type as found from its bytes (a MIME type) and its bytes.  Borrowed.
 */
struct store_file_in {
	const char *name;
	const char *ctype;
	const void *data;
	size_t size;
};

/*
 * The name a document is kept and offered under: the last part of `sent`
 * (may be NULL), without control bytes, quotes or slashes, cut at a
 * character boundary, and ending in `ext`, the extension of the type its
 * bytes have (a PDF sent as "x.html" is kept as "x.html.pdf").  sent must
 * be valid UTF-8.  Caller frees.
 */
char *store_attach_name(const char *sent, const char *ext);

/* An attachment's description, without its bytes. */
struct store_attachment {
	long long id, task_id, item_id;
	char *name, *ctype;
	long long size;
	char sha256[65];   /* lowercase hex of the bytes */
	char *added_by, *added_at;
};

/* Frees what a description holds (not the struct).  NULL-safe. */
void store_attachment_release(struct store_attachment *a);

/*
 * Calls fn for each attachment of task `task_id`, oldest first, with a
 * description borrowed for the call; fn's non-zero return stops the scan
 * and is returned.  0 or an ERR_* code.
 */
int store_list_attachments(struct store *s, long long task_id,
			   int (*fn)(const struct store_attachment *a, void *arg), void *arg,
			   struct err *err);

/*
 * Attachment `id`: its description into *out (caller releases with
 * store_attachment_release()), the unit its work item belongs to into
 * *unit_id, and, when data is non-NULL, its bytes appended to data.
 * ERR_NOTFOUND when there is none.
 */
int store_get_attachment(struct store *s, long long id, struct store_attachment *out,
			 long long *unit_id, struct sbuf *data, struct err *err);

/*
 * Whether unit unit_id leads task task_id (a live lead assignment): the
 * work a unit may report done and attach documents to.  0 and *yes set,
 * or ERR_NOTFOUND when there is no such task.
 */
int store_task_led_by(struct store *s, long long task_id, long long unit_id, int *yes,
		      struct err *err);

/* ---- Saved views ---- */

/* How many views one account may keep, and the longest name and query. */
#define STORE_VIEWS_MAX 50
#define STORE_VIEW_NAME_MAX 100
#define STORE_VIEW_QUERY_MAX 1000

struct store_view {
	long long id;
	char *name, *query, *created_at;
};

void store_view_release(struct store_view *v);

/*
 * Calls fn for each view of account user_id, by name; the view is borrowed
 * for the call.  fn's non-zero return stops and is returned.
 */
int store_list_views(struct store *s, long long user_id,
		     int (*fn)(const struct store_view *v, void *arg), void *arg,
		     struct err *err);

/*
 * Keeps the task list's query `query` (a URL query without '?') under
 * `name` for account user_id; a view of the same name is replaced.
 * ERR_INVAL (key "view_name", "view_query") for an empty or too long name
 * or query; ERR_CONFLICT (key "views_full") when the account already keeps
 * STORE_VIEWS_MAX other views.  *id gets the view's id.
 */
int store_save_view(struct store *s, long long user_id, const char *name, const char *query,
		    long long *id, struct err *err);

/* Deletes view id of account user_id; ERR_NOTFOUND when it has none such. */
int store_delete_view(struct store *s, long long user_id, long long id, struct err *err);

#endif
