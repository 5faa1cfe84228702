/*
 * bare_mhd.c - the web benchmark's ceiling: libmicrohttpd configured as
 * `tracker serve` is (epoll, a pool of 2 threads), answering every request
 * with the same bytes from memory, or with 304 when asked (the feed
 * benchmark's conditional GET).  Usage: bare-mhd PORT FILE [CONTENT-TYPE]
 * Runs until SIGTERM.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <microhttpd.h>

#include "tests/readfile.h"

static char *body;
static size_t body_len;
static const char *ctype = "application/json; charset=utf-8";

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *up,
			      size_t *up_size, void **con_cls)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	const char *inm;
	int not_modified;

	(void)cls; (void)url; (void)method; (void)version; (void)up; (void)up_size;
	if (!*con_cls) {
		*con_cls = c;
		return MHD_YES;
	}
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	not_modified = inm && !strcmp(inm, "\"bench\"");
	r = MHD_create_response_from_buffer(not_modified ? 0 : body_len, body,
					    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "ETag", "\"bench\"");
	ret = MHD_queue_response(c, not_modified ? 304 : 200, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;

	if (argc < 3)
		return 64;
	if (argc > 3)
		ctype = argv[3];
	if (!(body = read_whole_file(argv[2], &body_len)))
		return 66;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC, (unsigned short)strtol(argv[1], NULL, 10),
			     NULL, NULL, answer, NULL, MHD_OPTION_THREAD_POOL_SIZE, 2,
			     MHD_OPTION_CONNECTION_LIMIT, 256, MHD_OPTION_CONNECTION_TIMEOUT, 30,
			     MHD_OPTION_END);
	if (!d)
		return 1;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
