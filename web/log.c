/*
 * web/log.c - the access log: one line per request on stderr, buffered per
 * worker thread and written at most every half second (or when a buffer
 * fills), like nginx's "access_log ... buffer= flush=": a write(2) per
 * request would weigh on small answers (the feed's 304s), and half a
 * second of delay costs nobody reading a log.
 *
 * Each thread appends to its own buffer under that buffer's lock (never
 * contended but by the flusher); writes go out whole lines at a time under
 * one lock, so lines from threads never interleave.
 */
#include "web/web_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_BUF 16384
#define LOG_FLUSH_MS 500

struct log_buf {
	pthread_mutex_t lock;
	size_t len;
	char buf[LOG_BUF];
	struct log_buf *next;
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_buf *all;
static __thread struct log_buf *mine;

static pthread_t flusher;
static pthread_mutex_t flusher_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flusher_wake = PTHREAD_COND_INITIALIZER;
static int running, stopping;

static void write_all(const char *p, size_t n)
{
	pthread_mutex_lock(&write_lock);
	while (n) {
		ssize_t w = write(STDERR_FILENO, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break; /* stderr gone: the log is lost, the server goes on */
		}
		p += w;
		n -= (size_t)w;
	}
	pthread_mutex_unlock(&write_lock);
}

/* Writes out b's lines; the caller holds b->lock. */
static void flush_locked(struct log_buf *b)
{
	if (b->len) {
		write_all(b->buf, b->len);
		b->len = 0;
	}
}

static void flush_all(void)
{
	struct log_buf *b;

	pthread_mutex_lock(&list_lock);
	for (b = all; b; b = b->next) {
		pthread_mutex_lock(&b->lock);
		flush_locked(b);
		pthread_mutex_unlock(&b->lock);
	}
	pthread_mutex_unlock(&list_lock);
}

void web_log_line(const char *line, size_t n)
{
	struct log_buf *b = mine;

	if (!running) {
		write_all(line, n);
		return;
	}
	if (!b) {
		b = xcalloc(1, sizeof(*b));
		pthread_mutex_init(&b->lock, NULL);
		pthread_mutex_lock(&list_lock);
		b->next = all;
		all = b;
		pthread_mutex_unlock(&list_lock);
		mine = b;
	}
	pthread_mutex_lock(&b->lock);
	if (b->len + n > LOG_BUF)
		flush_locked(b);
	if (n > LOG_BUF) {
		write_all(line, n);
	} else {
		memcpy(b->buf + b->len, line, n);
		b->len += n;
	}
	pthread_mutex_unlock(&b->lock);
}

static void *flush_loop(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&flusher_lock);
	while (!stopping) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += LOG_FLUSH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&flusher_wake, &flusher_lock, &until);
		pthread_mutex_unlock(&flusher_lock);
		flush_all();
		pthread_mutex_lock(&flusher_lock);
	}
	pthread_mutex_unlock(&flusher_lock);
	return NULL;
}

int web_log_start(void)
{
	stopping = 0;
	if (pthread_create(&flusher, NULL, flush_loop, NULL))
		return -1;
	running = 1;
	return 0;
}

void web_log_stop(void)
{
	struct log_buf *b, *next;

	if (!running)
		return;
	pthread_mutex_lock(&flusher_lock);
	stopping = 1;
	pthread_cond_signal(&flusher_wake);
	pthread_mutex_unlock(&flusher_lock);
	pthread_join(flusher, NULL);
	running = 0;
	/* The worker threads are gone (the daemon stopped): write what they
	 * left and free their buffers. */
	flush_all();
	pthread_mutex_lock(&list_lock);
	for (b = all; b; b = next) {
		next = b->next;
		pthread_mutex_destroy(&b->lock);
		free(b);
	}
	all = NULL;
	pthread_mutex_unlock(&list_lock);
}
