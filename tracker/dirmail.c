/*
 * dirmail.c - unusable addresses in the units directory.  See dirmail.h.
 */
#include "tracker/dirmail.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/mail/mail.h"
#include "tracker/store/units.h"

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

int dirmail_problems(struct store *s, struct dirmail_problems *out, struct err *err)
{
	struct store_unit_list l;
	struct err e;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&l, 0, sizeof(l));
	if ((rc = store_list_units(s, &l, err)))
		return rc;
	for (i = 0; i < l.n; i++) {
		const struct store_unit *u = &l.v[i];
		struct dirmail_problem *p;

		if (!u->in_directory || !u->email || !*u->email ||
		    !mail_check_address(u->email, &e))
			continue;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		p = &out->v[out->n++];
		p->unit_id = u->id;
		p->unit = xstrdup(u->name);
		p->email = printable(u->email);
		p->why = why_bad(u->email);
	}
	store_unit_list_release(&l);
	return 0;
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
