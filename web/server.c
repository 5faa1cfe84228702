/*
 * server.c - the libmicrohttpd daemon: start and graceful stop, the life of
 * a request (bounded body, dispatch, access log) and each thread's SQLite
 * connection.
 */
#include "web/web_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracker/core/status.h"

/* Bodies larger than this many times the limit are not even drained: the
 * connection is dropped. */
#define DRAIN_FACTOR 16

/* ---- The thread's store ---------------------------------------------------- */

static void store_key_free(void *p)
{
	struct store *s = p;

	web_cache_free_thread();
	web_auth_free_thread();
	web_feed_free_thread();
	store_close(&s);
}

/* ---- A request ---------------------------------------------------------------- */

static void client_ip(struct MHD_Connection *conn, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, cap, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  out, (socklen_t)cap);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)cap);
}

/* 413, quoting the limit (serve --body-limit). */
static enum MHD_Result too_big(struct web_req *r)
{
	char lim[32];

	snprintf(lim, sizeof(lim), "%zu", r->srv->conf.body_limit);
	return web_fail(r, 413, "body_too_big", lim);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;

	(void)version;
	if (!r) {
		const char *cl;
		r = xcalloc(1, sizeof(*r));
		*con_cls = r;
		r->srv = srv;
		r->conn = conn;
		r->method = method;
		r->path = xstrdup(url ? url : "/");
		r->is_api = web_route_is_api(r->path);
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		client_ip(conn, r->ip, sizeof(r->ip));
		r->today = srv->conf.today.y ? srv->conf.today : status_today(time(NULL));
		sbuf_init(&r->body, 0);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > srv->conf.body_limit) {
			r->too_big = 1;
			/* Answered before the body is read; MHD then closes. */
			return too_big(r);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		r->received += n;
		*upload_size = 0;
		if (r->received > srv->conf.body_limit) {
			/* Chunked bodies say nothing up front: drain and answer 413
			 * once the client stops, or drop a client that will not. */
			r->too_big = 1;
			sbuf_release(&r->body);
			sbuf_init(&r->body, 0);
			return r->received > DRAIN_FACTOR * srv->conf.body_limit ? MHD_NO : MHD_YES;
		}
		sbuf_add(&r->body, upload_data, n);
		return MHD_YES;
	}
	if (r->status)
		return MHD_YES; /* already answered (413 up front) */
	if (r->too_big)
		return too_big(r);
	return web_route(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;
	struct timespec t1;
	double ms;

	(void)conn;
	if (!r)
		return;
	if (!srv->conf.quiet) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (double)(t1.tv_sec - r->t0.tv_sec) * 1e3 +
		     (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e6;
		char line[1024], path[601];
		size_t i;
		/* MHD unescapes the path: a "%0A" in it must not start a forged
		 * line, nor a '"' end the quoted request early. */
		snprintf(path, sizeof(path), "%s", r->path);
		for (i = 0; path[i]; i++)
			if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f || path[i] == '"')
				path[i] = '?';
		int n = snprintf(line, sizeof(line), "%s %s \"%s %s\" %u %zu %.2fms%s\n", r->ip,
				 r->authed ? r->user.login : "-", r->method, path,
				 r->status ? r->status : 0, r->sent, ms,
				 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
		if (n >= (int)sizeof(line)) { /* cut, but still one line */
			n = (int)sizeof(line) - 1;
			line[n - 1] = '\n';
		}
		if (n > 0)
			web_log_line(line, (size_t)n);
	}
	sbuf_release(&r->body);
	store_user_release(&r->user);
	free(r->word);
	free(r->cache_key);
	free(r->path);
	free(r);
	*con_cls = NULL;
}

/* ---- Start and stop ------------------------------------------------------------- */

static char *read_pem(const char *path, struct err *err)
{
	FILE *f = fopen(path, "rb");
	struct sbuf sb;
	char buf[4096];
	size_t n;

	if (!f) {
		err_set(err, ERR_IO, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	sbuf_init(&sb, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < (1u << 20))
		sbuf_add(&sb, buf, n);
	fclose(f);
	return sbuf_detach(&sb);
}

static void server_free(struct web_server *srv)
{
	if (!srv)
		return;
	free(srv->db_path);
	free(srv->host);
	free(srv->base_url);
	free(srv->tls_cert_pem);
	free(srv->tls_key_pem);
	web_throttle_free(srv);
	pthread_mutex_destroy(&srv->lock);
	pthread_key_delete(srv->store_key);
	free(srv);
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("tracker serve: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

int web_start(const struct web_conf *conf, struct web_server **out, struct err *err)
{
	struct web_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_in addr;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *di;
	char url[300];

	*out = NULL;
	memset(err, 0, sizeof(*err));
	srv->conf = *conf;
	srv->db_path = xstrdup(conf->db_path);
	srv->host = xstrdup(conf->host ? conf->host : "127.0.0.1");
	if (!srv->conf.threads) srv->conf.threads = 2;
	if (!srv->conf.conn_limit) srv->conf.conn_limit = 256;
	if (!srv->conf.per_ip_limit) srv->conf.per_ip_limit = 64;
	if (!srv->conf.timeout) srv->conf.timeout = 30;
	if (!srv->conf.body_limit) srv->conf.body_limit = (size_t)8 << 20;
	if (!srv->conf.session_ttl) srv->conf.session_ttl = 12 * 3600;
	pthread_key_create(&srv->store_key, store_key_free);
	pthread_mutex_init(&srv->lock, NULL);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)conf->port);
	if (inet_pton(AF_INET, srv->host, &addr.sin_addr) != 1) {
		err_set(err, ERR_INVAL, "'%s' is not an IPv4 address", srv->host);
		goto fail;
	}
	if (conf->tls_cert || conf->tls_key) {
		if (!conf->tls_cert || !conf->tls_key) {
			err_set(err, ERR_INVAL, "TLS needs both --tls-cert and --tls-key");
			goto fail;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			err_set(err, ERR_UNSUPPORTED, "this libmicrohttpd has no TLS");
			goto fail;
		}
		if (!(srv->tls_cert_pem = read_pem(conf->tls_cert, err)) ||
		    !(srv->tls_key_pem = read_pem(conf->tls_key, err)))
			goto fail;
		flags |= MHD_USE_TLS;
		srv->tls = 1;
	}
	srv->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, srv->conf.threads,
		MHD_OPTION_CONNECTION_LIMIT, srv->conf.conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->conf.per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, srv->conf.timeout,
		/* Headers and MHD's own buffers; bodies are held by us. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		srv->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, srv->tls_cert_pem,
		MHD_OPTION_HTTPS_MEM_KEY, srv->tls_key_pem,
		MHD_OPTION_END);
	if (!srv->d) {
		err_set(err, ERR_IO, "cannot listen on %s:%u (in use, or bad TLS files)",
			srv->host, conf->port);
		goto fail;
	}
	di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : conf->port;
	if (conf->base_url) {
		srv->base_url = xstrdup(conf->base_url);
	} else {
		snprintf(url, sizeof(url), "%s://%s:%u", srv->tls ? "https" : "http", srv->host,
			 srv->port);
		srv->base_url = xstrdup(url);
	}
	srv->conf.base_url = srv->base_url;
	srv->conf.db_path = srv->db_path;
	srv->conf.host = srv->host;
	if (!srv->conf.quiet)
		web_log_start();
	*out = srv;
	return 0;
fail:
	server_free(srv);
	return err->code;
}

unsigned web_port(const struct web_server *srv)
{
	return srv->port;
}

const char *web_base_url(const struct web_server *srv)
{
	return srv->base_url;
}

void web_stop(struct web_server **sp, unsigned drain_seconds)
{
	struct web_server *srv = sp ? *sp : NULL;
	unsigned waited = 0;

	if (!srv)
		return;
	/* Stop accepting; requests in flight go on. */
	MHD_quiesce_daemon(srv->d);
	while (waited < drain_seconds * 10) {
		const union MHD_DaemonInfo *di =
			MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!di || di->num_connections == 0)
			break;
		usleep(100 * 1000);
		waited++;
	}
	MHD_stop_daemon(srv->d);
	web_log_stop();
	server_free(srv);
	*sp = NULL;
}
