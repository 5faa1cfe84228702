/*
 * dirmail.c - unusable addresses in the units directory.  See dirmail.h.
 */
#include "tracker/dirmail.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/mail/mail.h"
#include "tracker/store/mailq.h"

/* Why an address is refused, in the words the office will act on. */
static const char *why_bad(const char *a)
{
	const unsigned char *p;

	if (strpbrk(a, "\r\n"))
		return "địa chỉ có ký tự xuống dòng";
	if (strpbrk(a, ",;"))
		return "nhiều địa chỉ trong một ô, mỗi đơn vị chỉ được một địa chỉ";
	for (p = (const unsigned char *)a; *p; p++)
		if (*p <= ' ' || *p >= 0x7F)
			return "địa chỉ có khoảng trắng, ký tự điều khiển hoặc chữ có dấu";
	return "địa chỉ không có dạng ten@ten-mien";
}

/* a with controls, DEL and non-ASCII bytes as escapes. */
static char *printable(const char *a)
{
	struct sbuf sb;
	const unsigned char *p;

	sbuf_init(&sb, 1024);
	for (p = (const unsigned char *)a; *p; p++) {
		if (*p == '\r')
			sbuf_adds(&sb, "\\r");
		else if (*p == '\n')
			sbuf_adds(&sb, "\\n");
		else if (*p < 0x20 || *p >= 0x7F || *p == '\\')
			sbuf_addf(&sb, "\\x%02X", *p);
		else
			sbuf_addc(&sb, (char)*p);
	}
	return sbuf_detach(&sb);
}

static int add_if_bad(long long id, const char *name, const char *email, void *arg)
{
	struct dirmail_problems *out = arg;
	struct dirmail_problem *p;
	struct err e;

	if (!mail_check_address(email, &e))
		return 0;
	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	p = &out->v[out->n++];
	p->unit_id = id;
	p->unit = xstrdup(name ? name : "?");
	p->email = printable(email);
	p->why = why_bad(email);
	return 0;
}

int dirmail_problems(struct store *s, struct dirmail_problems *out, struct err *err)
{
	memset(out, 0, sizeof(*out));
	return store_directory_emails(s, add_if_bad, out, err);
}

void dirmail_problems_release(struct dirmail_problems *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].unit);
		free(p->v[i].email);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const struct dirmail_problem *dirmail_find(const struct dirmail_problems *p,
					   long long unit_id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].unit_id == unit_id)
			return &p->v[i];
	return NULL;
}

void dirmail_section(const struct dirmail_problems *p, struct sbuf *text,
		     struct sbuf *html)
{
	size_t i;
	char *e;

	if (!p->n)
		return;
	sbuf_addf(text, "\nĐịa chỉ thư không dùng được trong danh bạ đơn vị (%zu): các đơn vị này"
		  " không nhận được thư nhắc việc cho đến khi địa chỉ được sửa trong tệp danh bạ.\n",
		  p->n);
	sbuf_addf(html, "<h3>Địa chỉ thư không dùng được trong danh bạ đơn vị (%zu)</h3>\n"
		  "<p>Các đơn vị này không nhận được thư nhắc việc cho đến khi địa chỉ được sửa"
		  " trong tệp danh bạ.</p>\n<ul>\n", p->n);
	for (i = 0; i < p->n; i++) {
		sbuf_addf(text, "- %s: \"%s\" (%s)\n", p->v[i].unit, p->v[i].email, p->v[i].why);
		e = mail_html_escape(p->v[i].unit);
		sbuf_addf(html, "<li>%s: ", e);
		free(e);
		e = mail_html_escape(p->v[i].email);
		sbuf_addf(html, "\"%s\" (%s)</li>\n", e, p->v[i].why);
		free(e);
	}
	sbuf_adds(html, "</ul>\n");
}
