/*
 * proxy.c - behind a reverse proxy (`serve --behind-proxy`, nginx on the
 * same machine terminating TLS): the client is the one the proxy names,
 * not the proxy.  The access log, the per-address login throttle and the
 * Secure flag of the session cookie then see the real client and scheme.
 *
 * Only a request that arrives from a loopback address is believed: the
 * headers are the proxy's word, and anyone else could write them.  From
 * X-Forwarded-For the last address is taken (the one the proxy itself
 * appended; earlier ones came from the client), and only when it parses as
 * an IPv4 or IPv6 address, so nothing else reaches the log.
 */
#include "web/web_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_loopback(const char *ip)
{
	return !strncmp(ip, "127.", 4) || !strcmp(ip, "::1") || !strncmp(ip, "::ffff:127.", 11);
}

void web_forwarded(struct web_req *r)
{
	const char *xff, *proto, *last;
	char buf[64];
	unsigned char addr[16];
	size_t n;

	if (!r->srv->conf.behind_proxy || !is_loopback(r->ip))
		return;
	proto = web_header(r, "X-Forwarded-Proto");
	r->via_https = proto && !strcasecmp(proto, "https");
	if (!(xff = web_header(r, "X-Forwarded-For")))
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ' || *last == '\t')
		last++;
	n = strcspn(last, " \t");
	if (!n || n >= sizeof(buf) || last[n + strspn(last + n, " \t")])
		return;
	memcpy(buf, last, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1 || inet_pton(AF_INET6, buf, addr) == 1)
		snprintf(r->ip, sizeof(r->ip), "%s", buf);
}
