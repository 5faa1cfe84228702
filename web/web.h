/*
 * web.h - the HTTP server behind `tracker serve`: the dashboard, the JSON
 * API and the calendar feeds, over libmicrohttpd.
 *
 * web/ only adapts HTTP to tracker/ functions: it parses requests, checks
 * the session, calls the store, and writes JSON or the dashboard's files.
 * The server runs its own thread pool; each worker thread opens its own
 * SQLite connection on first use (SQLite connections are not shared
 * between threads here), and every write is one BEGIN IMMEDIATE
 * transaction in the store.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <stddef.h>
#include "notices/err.h"
#include "notices/util.h"

struct unitdir;
struct web_server; /* opaque */

struct web_conf {
	const char *db_path;        /* the SQLite file (each thread opens it) */
	const struct unitdir *units;/* for imports; may be NULL; borrowed for the
	                               server's lifetime */
	const char *host;           /* "127.0.0.1" */
	unsigned port;              /* 8080; 0 picks a free port (see web_port()) */
	unsigned threads;           /* worker threads; 0: 2 */
	unsigned conn_limit;        /* open connections; 0: 256 */
	unsigned per_ip_limit;      /* per client address; 0: 64 */
	unsigned timeout;           /* idle seconds before a connection is closed; 0: 30 */
	size_t body_limit;          /* request bodies; larger ones get 413; 0: 8 MiB */
	const char *tls_cert, *tls_key; /* PEM files; both NULL: plain HTTP */
	const char *base_url;       /* public URL for links; NULL: http://host:port */
	struct ymd today;           /* fixed date for tests; zero: the real day (UTC+7) */
	long session_ttl;           /* seconds; 0: 12 hours */
	int quiet;                  /* no access log */
	int no_cache;               /* build every GET answer afresh (cache.c off) */
	int behind_proxy;           /* believe X-Forwarded-For/-Proto from loopback (proxy.c) */
};

/*
 * Starts serving in background threads.  Returns 0 and a handle in *out,
 * or a negative ERR_* code with the reason in err: ERR_IO (address in use,
 * unreadable or bad TLS files), ERR_INVAL (bad address, half the TLS pair),
 * ERR_UNSUPPORTED (TLS asked of a libmicrohttpd without it).
 */
int web_start(const struct web_conf *conf, struct web_server **out, struct err *err);

/* The port actually bound (useful with port 0). */
unsigned web_port(const struct web_server *srv);

/* The public base URL links use (conf->base_url, else http(s)://host:port). */
const char *web_base_url(const struct web_server *srv);

/*
 * Stops gracefully: stops accepting, lets requests in flight finish for up
 * to `drain_seconds`, then closes everything and frees the handle.
 * NULL-safe; sets *srv to NULL.
 */
void web_stop(struct web_server **srv, unsigned drain_seconds);

#endif
