/*
 * server.c - the libmicrohttpd daemon: start and graceful stop, the life of
 * a request (bounded body, dispatch, access log) and each thread's SQLite
 * connection.
 */
#include "web/web_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracker/core/secret.h"
#include "tracker/core/status.h"
#include "tracker/core/utf8.h"

/* Bodies larger than this many times the limit are not even drained: the
 * connection is dropped. */
#define DRAIN_FACTOR 16
#define TLS_PRIORITIES \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:" \
	"+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA:" \
	"%SERVER_PRECEDENCE"
/* A body buffer at least this large is returned to the system at once. */
#define BIG_BODY ((size_t)1 << 20)

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

/* 413, quoting the route's body cap. */
static enum MHD_Result too_big(struct web_req *r)
{
	char lim[32];

	if (r->upload)
		return web_fail(r, 413, "attach_too_big", "10 MiB");
	snprintf(lim, sizeof(lim), "%zu", r->body_cap);
	return web_fail(r, 413, "body_too_big", lim);
}

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

/* ---- Connections that send too slowly ----------------------------------------- */

/*
 * A connection must send each request's header within HEADER_SECONDS of
 * opening (or of its previous answer), and a body at MIN_BODY_RATE bytes a
 * second at least; an idle timeout alone would keep a client that trickles
 * one header line every few seconds forever.  A reaper thread shuts down
 * the sockets past their deadline, and libmicrohttpd then closes them.
 */
#define HEADER_SECONDS 10
#define MIN_BODY_RATE (16 * 1024)

struct web_conn {
	int fd;
	time_t deadline;          /* 0: none (the request is being answered) */
	struct web_conn *prev, *next;
};

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static struct web_conn *conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void conn_deadline(struct web_server *srv, struct MHD_Connection *conn, time_t at)
{
	struct web_conn *c = conn_of(conn);

	if (!c)
		return;
	pthread_mutex_lock(&srv->conns_lock);
	c->deadline = at;
	pthread_mutex_unlock(&srv->conns_lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct web_server *srv = cls;
	struct web_conn *c = *socket_context;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		c = xcalloc(1, sizeof(*c));
		c->fd = ci ? ci->connect_fd : -1;
		c->deadline = mono_now() + HEADER_SECONDS;
		pthread_mutex_lock(&srv->conns_lock);
		c->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = c;
		srv->conns = c;
		pthread_mutex_unlock(&srv->conns_lock);
		*socket_context = c;
		return;
	}
	if (!c)
		return;
	/* Unlinked under the lock before libmicrohttpd closes the socket, so
	 * the reaper never shuts down a descriptor reused by another. */
	pthread_mutex_lock(&srv->conns_lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&srv->conns_lock);
	free(c);
	*socket_context = NULL;
}

static void *reap_loop(void *arg)
{
	struct web_server *srv = arg;
	struct timespec until;
	struct web_conn *c;
	time_t now;

	pthread_mutex_lock(&srv->conns_lock);
	while (!srv->reaper_stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&srv->reaper_wake, &srv->conns_lock, &until);
		now = mono_now();
		for (c = srv->conns; c; c = c->next)
			if (c->deadline && now >= c->deadline && c->fd >= 0) {
				shutdown(c->fd, SHUT_RDWR);
				c->deadline = 0;
			}
	}
	pthread_mutex_unlock(&srv->conns_lock);
	return NULL;
}

/* ---- Heavy conversions ---------------------------------------------------------- */

/* PDF and .docx (a zip) by their first bytes; the rest is text. */
int web_is_heavy(const void *data, size_t len)
{
	return len >= 4 && (!memcmp(data, "%PDF", 4) || !memcmp(data, "PK\x03\x04", 4));
}

int web_heavy_enter(struct web_req *r, const void *data, size_t len)
{
	struct web_server *srv = r->srv;
	int ok;

	if (r->heavy || !web_is_heavy(data, len))
		return 1;
	pthread_mutex_lock(&srv->conns_lock);
	ok = srv->heavy_busy < srv->heavy_max;
	if (ok)
		srv->heavy_busy++;
	pthread_mutex_unlock(&srv->conns_lock);
	r->heavy = ok;
	return ok;
}

enum MHD_Result web_busy(struct web_req *r)
{
	r->retry_after = 10;
	return web_fail(r, 503, "server_busy", NULL);
}

void web_heavy_leave(struct web_req *r)
{
	if (!r->heavy)
		return;
	pthread_mutex_lock(&r->srv->conns_lock);
	r->srv->heavy_busy--;
	pthread_mutex_unlock(&r->srv->conns_lock);
	r->heavy = 0;
}

/* ---- Conversions off the worker threads ------------------------------------------ */

struct web_job {
	struct web_server *srv;
	struct MHD_Connection *conn;
	void (*run)(struct store *s, void *arg);
	enum MHD_Result (*answer)(struct web_req *r, void *arg, int ran);
	void *arg;
	int done, ran;
};

static void *job_main(void *p)
{
	struct web_job *j = p;
	struct web_server *srv = j->srv;
	struct MHD_Connection *conn = j->conn;
	struct store *s = NULL;
	struct err err;

	if (store_open(srv->db_path, &s, &err)) {
		fprintf(stderr, "tracker serve: %s\n", err.msg);
	} else {
		j->run(s, j->arg);
		j->ran = 1;
		store_close(&s);
	}
	pthread_mutex_lock(&srv->conns_lock);
	j->done = 1;
	pthread_mutex_unlock(&srv->conns_lock);
	/* From here the worker may answer and free the request and j. */
	MHD_resume_connection(conn);
	pthread_mutex_lock(&srv->conns_lock);
	srv->jobs--;
	pthread_cond_broadcast(&srv->jobs_done);
	pthread_mutex_unlock(&srv->conns_lock);
	return NULL;
}

enum MHD_Result web_job_start(struct web_req *r, void (*run)(struct store *s, void *arg),
			      enum MHD_Result (*answer)(struct web_req *r, void *arg, int ran),
			      void *arg)
{
	struct web_server *srv = r->srv;
	struct web_job *j = xcalloc(1, sizeof(*j));
	pthread_attr_t attr;
	pthread_t t;
	int failed;

	j->srv = srv;
	j->conn = r->conn;
	j->run = run;
	j->answer = answer;
	j->arg = arg;
	r->job = j;
	pthread_mutex_lock(&srv->conns_lock);
	srv->jobs++;
	pthread_mutex_unlock(&srv->conns_lock);
	MHD_suspend_connection(r->conn);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	failed = pthread_create(&t, &attr, job_main, j);
	pthread_attr_destroy(&attr);
	if (failed) /* no thread: convert here, as before */
		job_main(j);
	return MHD_YES;
}

/* The worker's part once the job is done: its answer, once. */
static enum MHD_Result job_answer(struct web_req *r)
{
	struct web_job *j = r->job;
	enum MHD_Result (*answer)(struct web_req *r, void *arg, int ran);
	int done;

	pthread_mutex_lock(&r->srv->conns_lock);
	done = j->done;
	pthread_mutex_unlock(&r->srv->conns_lock);
	if (!done || !(answer = j->answer))
		return MHD_YES;
	j->answer = NULL;
	/* The conversion is over: free its slot before the answer goes out,
	 * or a client that uploads again as soon as it reads the answer can
	 * find the slot still held and get a 503 it did nothing to earn. */
	web_heavy_leave(r);
	return answer(r, j->arg, j->ran);
}

/* The request ends (answered, or its client gone): the job's arg is
 * freed by answer(NULL, ...) when it was never answered. */
static void job_free(struct web_req *r)
{
	struct web_job *j = r->job;

	if (!j)
		return;
	if (j->answer)
		j->answer(NULL, j->arg, j->ran);
	free(j);
	r->job = NULL;
}

/* ---- HTTP framing ------------------------------------------------------------------ */

struct framing {
	unsigned n_length, n_coding;
	int lengths_differ, unknown_coding;
	const char *length;
};

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	struct framing *f = cls;

	(void)kind;
	if (!value)
		value = "";
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		if (f->n_length++ && strcmp(f->length, value))
			f->lengths_differ = 1;
		f->length = value;
	} else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
		f->n_coding++;
		if (strcasecmp(value, "chunked"))
			f->unknown_coding = 1;
	}
	return MHD_YES;
}

/*
 * Refuses what a proxy in front could read otherwise than we do (request
 * smuggling): a length and a transfer coding together, two different
 * lengths; a coding we cannot decode is 501.  libmicrohttpd 0.9.75 accepts
 * all three.  The error is queued before the body: the connection closes.
 */
static int framing_bad(struct web_req *r, enum MHD_Result *ret, int *has_body)
{
	struct framing f = {0};

	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, framing_header, &f);
	*has_body = f.n_coding || (f.length && strtoull(f.length, NULL, 10) > 0);
	if (f.n_length && f.n_coding) {
		*ret = web_fail(r, 400, "framing_both", NULL);
		return 1;
	}
	if (f.lengths_differ) {
		*ret = web_fail(r, 400, "framing_lengths", NULL);
		return 1;
	}
	if (f.unknown_coding) {
		*ret = web_fail(r, 501, "framing_coding", NULL);
		return 1;
	}
	return 0;
}

/* ---- A request's headers: framing, session, CSRF ------------------------------- */

/*
 * The first call for a request (its headers are in): the framing, then
 * the session and CSRF token when it has a body, so a body is read only
 * for a client that may send one, and then only up to its route's cap.
 */
static enum MHD_Result on_headers(struct web_server *srv, struct web_req *r)
{
	const char *cl;
	enum MHD_Result ret = MHD_YES;
	unsigned long long want;
	int has_body;

	if (framing_bad(r, &ret, &has_body))
		return ret;
	if (!has_body) {
		r->body_cap = 0;
		conn_deadline(srv, r->conn, 0);
		return MHD_YES;
	}
	if (!(r->body_cap = web_route_gate(r, &ret)))
		return ret;
	cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
					 MHD_HTTP_HEADER_CONTENT_LENGTH);
	want = cl ? strtoull(cl, NULL, 10) : r->body_cap;
	if (cl && want > r->body_cap) {
		r->too_big = 1;
		/* Answered before the body is read; MHD then closes. */
		return too_big(r);
	}
	conn_deadline(srv, r->conn, mono_now() + HEADER_SECONDS + (time_t)(want / MIN_BODY_RATE));
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;

	(void)version;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		*con_cls = r;
		r->srv = srv;
		r->conn = conn;
		r->method = method;
		r->path = xstrdup(url ? url : "/");
		r->is_api = web_route_is_api(r->path);
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		client_ip(conn, r->ip, sizeof(r->ip));
		web_forwarded(r);
		r->today = srv->conf.today.y ? srv->conf.today : status_today(time(NULL));
		sbuf_init(&r->body, 0);
		return on_headers(srv, r);
	}
	if (r->status) { /* answered before the body: none of it is kept */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		r->received += n;
		*upload_size = 0;
		if (r->received > r->body_cap) {
			/* Chunked bodies say nothing up front: drain and answer 413
			 * once the client stops, or drop a client that will not. */
			r->too_big = 1;
			sbuf_release(&r->body);
			sbuf_init(&r->body, 0);
			return r->received > DRAIN_FACTOR * (r->body_cap + WEB_SMALL_BODY) ? MHD_NO
											 : MHD_YES;
		}
		sbuf_add(&r->body, upload_data, n);
		return MHD_YES;
	}
	conn_deadline(srv, conn, 0);
	if (r->job)
		return job_answer(r);
	if (r->too_big)
		return too_big(r);
	return web_route(r);
}

/* MHD unescapes the path: a "%0A" in it (or a control byte in the
 * method) must not start a forged line, nor a '"' end the quoted request
 * early. */
static void log_clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '"' || *s == ' ')
			*s = '?';
}

/*
 * The path as the access log shows it: a feed's token is its credential
 * (it opens a unit's work, the office's opens all), so the log names it by
 * the first 8 hex digits of its SHA-256, enough to tell feeds apart.
 */
static void log_path(const char *p, char *out, size_t cap)
{
	const char *rest = web_route_feed_rest(p);
	unsigned char d[SECRET_SHA256_LEN];
	size_t n;

	if (rest && *rest) {
		n = strcspn(rest, "/");
		secret_sha256(rest, n >= 4 && !strncmp(rest + n - 4, ".ics", 4) ? n - 4 : n, d);
		snprintf(out, cap, "/feeds/#%02x%02x%02x%02x%s", d[0], d[1], d[2], d[3],
			 n >= 4 && !strncmp(rest + n - 4, ".ics", 4) ? ".ics" : "");
		return;
	}
	snprintf(out, cap, "%s", p);
	for (; *out; out++)
		if ((unsigned char)*out < 0x20 || *out == 0x7f || *out == '"')
			*out = '?';
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;
	struct timespec t1;
	double ms;
	int big;

	if (!r)
		return;
	if (!srv->conf.quiet) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (double)(t1.tv_sec - r->t0.tv_sec) * 1e3 +
		     (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e6;
		char line[1024], path[601], method[33];
		log_path(r->path, path, sizeof(path));
		utf8_scrub(path); /* the journal stores text */
		snprintf(method, sizeof(method), "%s", r->method ? r->method : "-");
		log_clean(method);
		int n = snprintf(line, sizeof(line), "%s %s \"%s %s\" %u %zu %.2fms%s\n", r->ip,
				 r->authed ? r->user.login : "-", method, path,
				 r->status ? r->status : 0, r->sent, ms,
				 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
		if (n >= (int)sizeof(line)) { /* cut, but still one line */
			n = (int)sizeof(line) - 1;
			line[n - 1] = '\n';
		}
		if (n > 0)
			web_log_line(line, (size_t)n);
	}
	web_heavy_leave(r);
	job_free(r);
	/* The connection may carry another request: its header is due anew. */
	conn_deadline(srv, conn, mono_now() + HEADER_SECONDS);
	big = r->body.alloc > BIG_BODY;
	sbuf_release(&r->body);
	store_user_release(&r->user);
	free(r->word);
	free(r->cache_key);
	free(r->path);
	free(r);
	*con_cls = NULL;
	/* Give a large body's memory back to the system now, not at the next
	 * allocation that happens to shrink the heap. */
	if (big)
		malloc_trim(0);
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
	if (srv->reaper_running) {
		pthread_mutex_lock(&srv->conns_lock);
		srv->reaper_stop = 1;
		pthread_cond_signal(&srv->reaper_wake);
		pthread_mutex_unlock(&srv->conns_lock);
		pthread_join(srv->reaper, NULL);
	}
	pthread_cond_destroy(&srv->reaper_wake);
	pthread_cond_destroy(&srv->jobs_done);
	pthread_mutex_destroy(&srv->conns_lock);
	pthread_mutex_destroy(&srv->lock);
	pthread_key_delete(srv->store_key);
	free(srv);
}

/*
 * libmicrohttpd says a line for every connection it drops, so an attack of
 * slow clients would write a line per connection: at most MHD_LOG_BURST
 * lines a minute reach the log, and the next line that does says how many
 * were left out, so the log stays readable and bounded under attack.
 */
#define MHD_LOG_BURST 20
static pthread_mutex_t mhd_log_lock = PTHREAD_MUTEX_INITIALIZER;
static time_t mhd_log_minute;
static unsigned mhd_log_lines, mhd_log_dropped;

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	time_t now = time(NULL);

	(void)cls;
	pthread_mutex_lock(&mhd_log_lock);
	if (now - mhd_log_minute >= 60) {
		if (mhd_log_dropped)
			fprintf(stderr, "tracker serve: libmicrohttpd: %u more messages"
				" left out of the last minute\n", mhd_log_dropped);
		mhd_log_minute = now;
		mhd_log_lines = mhd_log_dropped = 0;
	}
	if (mhd_log_lines < MHD_LOG_BURST) {
		mhd_log_lines++;
		fputs("tracker serve: libmicrohttpd: ", stderr);
		vfprintf(stderr, fmt, ap);
	} else {
		mhd_log_dropped++;
	}
	pthread_mutex_unlock(&mhd_log_lock);
}

int web_start(const struct web_conf *conf, struct web_server **out, struct err *err)
{
	struct web_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_in addr;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	const union MHD_DaemonInfo *di;
	char url[300];

	*out = NULL;
	memset(err, 0, sizeof(*err));
	srv->conf = *conf;
	srv->db_path = xstrdup(conf->db_path);
	srv->host = xstrdup(conf->host ? conf->host : "127.0.0.1");
	if (!srv->conf.threads) srv->conf.threads = 2;
	if (!srv->conf.conn_limit) srv->conf.conn_limit = 512;
	/* Behind a proxy every connection comes from it. */
	if (!srv->conf.per_ip_limit)
		srv->conf.per_ip_limit = srv->conf.behind_proxy ? srv->conf.conn_limit : 32;
	if (!srv->conf.timeout) srv->conf.timeout = 30;
	if (!srv->conf.body_limit) srv->conf.body_limit = (size_t)8 << 20;
	if (!srv->conf.session_ttl) srv->conf.session_ttl = 12 * 3600;
	pthread_key_create(&srv->store_key, store_key_free);
	pthread_mutex_init(&srv->lock, NULL);
	pthread_mutex_init(&srv->conns_lock, NULL);
	pthread_cond_init(&srv->reaper_wake, NULL);
	pthread_cond_init(&srv->jobs_done, NULL);
	/* Conversions run on threads of their own, but share the cores with
	 * the workers: one fewer at a time than there are workers, at least
	 * one. */
	srv->heavy_max = srv->conf.threads > 1 ? srv->conf.threads - 1 : 1;
	/* Request bodies of a megabyte and more are mapped and unmapped
	 * whole, so memory that a burst of uploads took comes back after. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
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
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		srv->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, srv->tls_cert_pem,
		MHD_OPTION_HTTPS_MEM_KEY, srv->tls_key_pem,
		/* TLS 1.2 and 1.3 only, with forward-secret AEAD ciphers. */
		MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES,
		MHD_OPTION_END);
	if (!srv->d) {
		err_set(err, ERR_IO, "cannot listen on %s:%u (in use, or bad TLS files)",
			srv->host, conf->port);
		goto fail;
	}
	if (pthread_create(&srv->reaper, NULL, reap_loop, srv)) {
		MHD_stop_daemon(srv->d);
		err_set(err, ERR_IO, "cannot start a thread");
		goto fail;
	}
	srv->reaper_running = 1;
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
	/* Conversions under way end by themselves (the PDF converter has its
	 * own time limit); their connections are suspended until then. */
	pthread_mutex_lock(&srv->conns_lock);
	while (srv->jobs)
		pthread_cond_wait(&srv->jobs_done, &srv->conns_lock);
	pthread_mutex_unlock(&srv->conns_lock);
	MHD_stop_daemon(srv->d);
	srv->d = NULL;
	web_log_stop();
	server_free(srv);
	*sp = NULL;
}
