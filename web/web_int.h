/*
 * web_int.h - what the files of web/ share: the server, the request being
 * handled, and each file's functions, by file.  Not for use outside web/.
 */
#ifndef WEB_WEB_INT_H
#define WEB_WEB_INT_H

#include <pthread.h>
#include <time.h>
#include <cJSON.h>
#include <microhttpd.h>

#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/store/users.h"
#include "web/web.h"

struct web_cache;

struct web_server {
	struct MHD_Daemon *d;
	struct web_conf conf;     /* strings below are the server's copies */
	char *db_path, *host, *base_url;
	char *tls_cert_pem, *tls_key_pem;
	unsigned port;
	pthread_key_t store_key;  /* each worker thread's struct store */
	pthread_mutex_t lock;     /* guards the login throttle */
	struct throttle *throttle;
	size_t n_throttle, alloc_throttle;
	int tls;
	/* Open connections and when each must have sent its request (the
	 * reaper drops those past it); the heavy conversions running. */
	pthread_mutex_t conns_lock;
	pthread_cond_t reaper_wake;
	struct web_conn *conns;
	pthread_t reaper;
	int reaper_running, reaper_stop;
	unsigned heavy_busy, heavy_max;
	unsigned jobs;            /* conversion threads running (web_job_start) */
	pthread_cond_t jobs_done;
};

/* One request, from its first callback to its completion. */
struct web_req {
	struct web_server *srv;
	struct MHD_Connection *conn;
	const char *method;       /* borrowed from MHD for the request's life */
	char *path;               /* the unescaped path, without the query */
	int is_api;               /* under /api/: errors are JSON, not pages */
	char file_name[256];      /* an upload's X-File-Name, decoded */
	struct sbuf body;
	size_t received;
	size_t body_cap;          /* the most body this request's route reads */
	int too_big;
	unsigned retry_after;     /* a 503's Retry-After seconds, or 0 */
	int heavy;                /* holds a heavy-conversion slot (web_heavy_enter) */
	struct web_job *job;      /* the conversion r waits for (web_job_start) */
	struct timespec t0;
	unsigned status;          /* what was sent, for the access log */
	size_t sent;
	char ip[64];
	int via_https;            /* the proxy says the client used HTTPS (proxy.c) */
	struct ymd today;
	/* The database's data version, read once per request (web_version()). */
	int have_version;
	unsigned version;
	/* The session, once web_auth() found one. */
	int authed;
	struct store_user user;
	char token[STORE_TOKEN_LEN];
	/* Set by web_route() before the handler runs. */
	long long id;             /* the route's {id} segment */
	char *word;               /* its free segment ({action}); freed with r */
	const char *rest;         /* what a prefix route (/feeds/...) leaves of path */
	struct store *store;      /* routes that need a session: the thread's store */
	char *cache_key;          /* cacheable routes: the key (cache.c); freed with r */
	unsigned cache_version;   /* ... and the version its answer is kept for */
	const char *allow;        /* the Allow header of a 405 (static text) */
	int upload;               /* its body is a document (web_upload_gate()) */
};

/* ---- server.c: the daemon, a request's life, each thread's store ---- */
/* The calling thread's store, opened on first use; NULL after logging. */
struct store *web_store(struct web_req *r);

/*
 * The data version of the thread's connection (store_data_version()), read
 * once per request: what the per-thread caches of responses, sessions and
 * feed validators compare.  0 and *v set, or -1 when the store fails.
 */
int web_version(struct web_req *r, unsigned *v);

/*
 * Heavy conversions (PDF, .docx) run a bounded number at a time, on
 * threads of their own (web_job_start), so they never hold a worker thread
 * nor take every core, and /healthz and the rest keep answering.
 * data is the upload about to be converted: 1 when it is light (plain
 * text) or r got a slot (released with web_heavy_leave() or at the
 * request's end), 0 when every slot is taken: answer with web_busy().
 */
int web_heavy_enter(struct web_req *r, const void *data, size_t len);
/* 503 with Retry-After: the server is busy converting. */
enum MHD_Result web_busy(struct web_req *r);
/* 1 when data is a PDF or a .docx (a zip): a heavy conversion. */
int web_is_heavy(const void *data, size_t len);
/*
 * Runs run(store, arg) on a thread of its own, with a store of its own,
 * while r's connection is suspended, so a long conversion holds no worker
 * thread; then answer(r, arg) queues the response on the worker.  answer
 * is called exactly once (store NULL to run when no store could be
 * opened: run is then not called) and frees arg.  Returns what the
 * handler returns.
 */
enum MHD_Result web_job_start(struct web_req *r, void (*run)(struct store *s, void *arg),
			      enum MHD_Result (*answer)(struct web_req *r, void *arg, int ran),
			      void *arg);
void web_heavy_leave(struct web_req *r);

/* ---- reply.c: reading the request, answering it ---- */
/* Reply helpers; each queues exactly one response and returns MHD's
 * answer.  `data` is copied unless must_free (then it is the response's). */
enum MHD_Result web_reply(struct web_req *r, unsigned status, const char *ctype,
			  const void *data, size_t len, int must_free);
/* Queues an already built response (the cache's); it is not destroyed. */
enum MHD_Result web_reply_resp(struct web_req *r, unsigned status,
			       struct MHD_Response *resp, size_t len);
/* JSON body; takes ownership of root. */
enum MHD_Result web_json(struct web_req *r, unsigned status, cJSON *root);
/*
 * {"error": text, "code": code, "status": n} for the API, an error page for
 * the dashboard; the text is the message table's (tracker/core/msg.h) for
 * `code`, quoting `arg` (may be NULL).  No other text reaches a user.
 */
enum MHD_Result web_fail(struct web_req *r, unsigned status, const char *code,
			  const char *arg);
/*
 * The reply of callers written before the message table: the table's
 * generic text for the status ("not_found", "invalid", ...), never the
 * English `fmt`, which goes to the log for 5xx.  tests/t_messages.sh lists
 * every such call: give it a code of its own with web_fail().
 */
enum MHD_Result web_error(struct web_req *r, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* web_fail() for a failed call's err: its key, value, "field" and "task_ref". */
enum MHD_Result web_error_err(struct web_req *r, unsigned status, const struct err *err);
/* The error for a failed store call (404 for ENOTFOUND, 409 for ESTATE,
 * 422 for a bad value with its field, ...). */
enum MHD_Result web_store_error(struct web_req *r, const struct err *err);
/* Adds the headers every response carries (security policy). */
void web_common_headers(struct MHD_Response *resp, const char *ctype);

/* A query argument, or NULL. */
const char *web_arg(struct web_req *r, const char *name);
/* A request header, or NULL. */
const char *web_header(struct web_req *r, const char *name);
/*
 * inputs.c: refuses (400, *refused = 1) a request whose query arguments or
 * text body are not valid UTF-8; *refused = 0 lets the handler run.
 */
enum MHD_Result web_check_inputs(struct web_req *r, int *refused);
/* proxy.c: with conf.behind_proxy, r->ip and r->via_https as the proxy
 * on loopback tells them. */
void web_forwarded(struct web_req *r);
/*
 * multipart.c: the uploaded file of a multipart/form-data body (the first
 * part with a file name, else the part "file" or "text"), appended to
 * `data`, and its file name into name (empty when none or too long).
 * Returns 0, -1 when the body holds no such part or does not parse, -2
 * when the file name is not valid UTF-8.
 */
int web_multipart_file(struct web_req *r, struct sbuf *data, char *name, size_t name_cap);
/* The body parsed as JSON, or NULL (also when it is not valid UTF-8);
 * caller frees with cJSON_Delete(). */
cJSON *web_body_json(struct web_req *r);
/* The string member `key` of o, or NULL (o may be NULL).  Borrowed from o. */
const char *web_json_str(const cJSON *o, const char *key);

/* ---- routes.c: the route table ---- */
/*
 * Finds the route for r's method and path in the table and answers through
 * its handler, after what the route needs: a session (401), the store
 * (503), the method (405), the CSRF token (403), and for cacheable GETs the
 * thread's cached response (cache.c).  A path no route takes is a 404.
 */
enum MHD_Result web_route(struct web_req *r);
/*
 * What r's route needs that its headers alone can tell, checked before any
 * of its body is read: the session (401) and the CSRF token (403).  Returns
 * the most body the route may read (the server's limit behind a session,
 * WEB_SMALL_BODY elsewhere: the login's JSON), or 0 when it answered (*ret).
 */
#define WEB_SMALL_BODY 4096
size_t web_route_gate(struct web_req *r, enum MHD_Result *ret);
/* The token part of a feed path ("/feeds/<token>.ics"), or NULL. */
const char *web_route_feed_rest(const char *path);
/* 1 when path is under /api/ (its errors are JSON), as routes read paths. */
int web_route_is_api(const char *path);

/* ---- log.c: the buffered access log ---- */
/* Starts the flusher (web_start); until then lines are written at once. */
int web_log_start(void);
/* Appends one complete line (with its newline) to the access log. */
void web_log_line(const char *line, size_t n);
/* Writes what is buffered and stops the flusher (web_stop, after the
 * worker threads have ended). */
void web_log_stop(void);

/* ---- auth.c ---- */
/* Finds the session from the cookie; 1 when logged in (r->user set). */
int web_auth(struct web_req *r);
/* 1 when the request carries the session's CSRF token. */
int web_csrf_ok(struct web_req *r);
/* The CSRF token of a session token (43 characters and a NUL). */
void web_csrf_of(const char *token, char out[STORE_TOKEN_LEN]);
enum MHD_Result web_login(struct web_req *r);
enum MHD_Result web_logout(struct web_req *r);
enum MHD_Result web_session(struct web_req *r);
void web_throttle_free(struct web_server *srv);
/* Frees the calling thread's session cache (thread exit). */
void web_auth_free_thread(void);

/*
 * ---- The API's handlers, one file per route family (routes.c lists their
 * paths).  Each runs with r->store set and the session checked; a
 * cacheable one answers with web_reply_cached() or web_json_cached().
 */
/* api_summary.c */
enum MHD_Result web_get_summary(struct web_req *r);
/* api_tasks.c */
enum MHD_Result web_get_tasks(struct web_req *r);
enum MHD_Result web_get_task(struct web_req *r);
enum MHD_Result web_post_action(struct web_req *r);
/* api_notices.c */
enum MHD_Result web_get_notices(struct web_req *r);
enum MHD_Result web_get_notice(struct web_req *r);
enum MHD_Result web_post_notice(struct web_req *r);
enum MHD_Result web_post_commit(struct web_req *r);
/* api_edit.c */
enum MHD_Result web_patch_task(struct web_req *r);
enum MHD_Result web_patch_notice(struct web_req *r);
/* api_units.c */
enum MHD_Result web_get_units(struct web_req *r);
enum MHD_Result web_post_unit_feed(struct web_req *r);
/* api_documents.c */
enum MHD_Result web_get_urge_letter(struct web_req *r);
enum MHD_Result web_get_report_docx(struct web_req *r);
enum MHD_Result web_get_report_xlsx(struct web_req *r);
/* GET /api/tasks?format=csv|xlsx: every item matching q, as a download
 * (api_documents.c). */
struct store_item_query;
enum MHD_Result web_tasks_export(struct web_req *r, const struct store_item_query *q, int xlsx);
enum MHD_Result web_get_unit_suggest(struct web_req *r);
enum MHD_Result web_get_unit_aliases(struct web_req *r);
enum MHD_Result web_post_unit_alias(struct web_req *r);
enum MHD_Result web_post_unit_add(struct web_req *r);
enum MHD_Result web_post_unit_merge(struct web_req *r);
/* api_inbox.c */
enum MHD_Result web_get_inbox(struct web_req *r);
enum MHD_Result web_post_bulk(struct web_req *r);
/* api_files.c: a report of completion with a document, the documents,
 * the saved views. */
enum MHD_Result web_post_done(struct web_req *r);
enum MHD_Result web_get_file(struct web_req *r);
enum MHD_Result web_views(struct web_req *r);
enum MHD_Result web_delete_view(struct web_req *r);
/*
 * web_route_gate() for a route whose body may be a document: a viewer is
 * refused (403), a unit unless it leads task_id (403, 404 for no task).
 * Returns the most body the route reads (the document's limit and the form
 * around it), or 0 when it answered (*ret).
 */
size_t web_upload_gate(struct web_req *r, long long task_id, enum MHD_Result *ret);
/* Adds "attachments" (each task's documents) to a task's JSON; 0 or ERR_*. */
int web_task_attachments(struct web_req *r, long long task_id, cJSON *task, struct err *err);

/* ---- feeds.c: GET /feeds/<token>.ics (the token is the credential) ---- */
/* The feed named by r->rest ("<token>.ics"). */
enum MHD_Result web_feed(struct web_req *r);
/* Frees the calling thread's cache of feed validators (thread exit). */
void web_feed_free_thread(void);

/* ---- pages.c ---- */
enum MHD_Result web_pages(struct web_req *r);

/* ---- cache.c: a per-thread cache of GET API responses ---- */
/*
 * The cached response for key if the data and the day have not changed
 * since it was built, else NULL.  Borrowed: queue it, do not destroy it.
 */
struct MHD_Response *web_cache_get(const char *key, unsigned version, struct ymd today,
				   size_t *len);
/* Keeps resp for key, taking over the caller's reference (the caller
 * must not destroy it). */
void web_cache_put(const char *key, unsigned version, struct ymd today,
		   struct MHD_Response *resp, size_t len);
/* Frees the calling thread's cache (thread exit). */
void web_cache_free_thread(void);
/* The key r's response is cached under: its path and query.  Caller frees. */
char *web_cache_key(struct web_req *r);
/*
 * The version r's cached answer must have: for a task list of one unit or
 * one notice, that work's generation (store_work_gen()), so that a write
 * elsewhere leaves it; for anything else the database's data version.  0,
 * or -1 when the store fails.
 */
int web_cache_version(struct web_req *r, unsigned *v);
/*
 * Sends body (taken, freed with free()) as a 200 to a cacheable GET and
 * keeps the response under r->cache_key for this data version and day.
 * disposition: a Content-Disposition header, or NULL.
 */
enum MHD_Result web_reply_cached(struct web_req *r, const char *ctype, char *body, size_t len,
				 const char *disposition);
/* The same for a JSON body; takes ownership of root. */
enum MHD_Result web_json_cached(struct web_req *r, cJSON *root);

#endif
