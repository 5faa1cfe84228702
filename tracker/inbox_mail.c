/*
 * inbox_mail.c - the mails of the office's inbox.  See inbox_mail.h.
 *
 * Decisions are queued in the store as they are taken (decision_mails)
 * and turned into mail here, so that the server, which knows no sender
 * or links, never renders mail: the next reminder run does, in its own
 * transaction, and a run killed half-way mails the same decisions again.
 */
#include "tracker/inbox_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/mail/mail.h"
#include "tracker/report.h"
#include "tracker/store/life.h"
#include "tracker/store/mailq.h"
#include "tracker/store/units.h"
#include "tracker/wording.h"

/* ---- Decisions, to the unit ---------------------------------------------------- */

struct decision {
	long long event_id, unit_id;
	char *line_text, *line_html; /* one entry of the list, both parts */
};

struct decisions {
	const struct outmail_conf *c;
	struct decision *v;
	size_t n, alloc;
};

/* What the office did, in the unit's words, with the new day when one moved. */
static void decision_words(const struct store_decision *d, const struct store_item *it,
			   struct sbuf *sb)
{
	char day[11];

	if (!strcmp(d->kind, "confirmed")) {
		sbuf_adds(sb, "Văn phòng xác nhận hoàn thành");
	} else if (!strcmp(d->kind, "reopened")) {
		sbuf_adds(sb, "Văn phòng trả lại, đề nghị thực hiện tiếp");
	} else if (!strcmp(d->kind, "extension_approved") ||
		   !strcmp(d->kind, "extension_granted")) {
		sbuf_adds(sb, !strcmp(d->kind, "extension_approved") ? "Văn phòng duyệt gia hạn"
								     : "Văn phòng gia hạn");
		if (it->extended_to.y) {
			wording_date(it->extended_to, day);
			sbuf_addf(sb, " đến ngày %s", day);
		}
	} else if (!strcmp(d->kind, "extension_refused")) {
		sbuf_adds(sb, "Văn phòng không đồng ý gia hạn");
	} else {
		sbuf_adds(sb, "Văn phòng có ý kiến");
	}
	sbuf_addf(sb, " — ý kiến: %s", d->note ? d->note : "");
}

static int collect_decision(const struct store_decision *d, const struct store_item *it,
			    void *arg)
{
	struct decisions *ds = arg;
	struct report_list l;
	struct sbuf label;
	struct decision *x;

	sbuf_init(&label, 0);
	decision_words(d, it, &label);
	report_list_init(&l);
	report_list_add(&l, ds->c, it, label.buf, 0);
	ALLOC_GROW(ds->v, ds->n + 1, ds->alloc);
	x = &ds->v[ds->n++];
	x->event_id = d->event_id;
	x->unit_id = it->unit_id;
	x->line_text = sbuf_detach(&l.text);
	x->line_html = sbuf_detach(&l.html);
	report_list_release(&l);
	sbuf_release(&label);
	return 0;
}

/* Queues the mail of decisions v[0..n) (all of one unit) and forgets them. */
static int mail_decisions(struct store *s, const struct outmail_conf *c,
			  const struct dirmail_problems *bad, const struct decision *v, size_t n,
			  long *mails, long *held, struct err *err)
{
	struct sbuf text, html, subj;
	char *email = NULL, *name = NULL, *e, key[48], tag[64], day[11];
	long long *ids = xcalloc(n, sizeof(*ids)), mail_id;
	size_t i;
	int existed, rc;

	sbuf_init(&text, 0);
	sbuf_init(&html, 0);
	sbuf_init(&subj, 0);
	for (i = 0; i < n; i++)
		ids[i] = v[i].event_id;
	if (dirmail_find(bad, v[0].unit_id)) {
		/* Kept: mailed once the address in the directory is corrected. */
		*held += (long)n;
		rc = 0;
		goto out;
	}
	if ((rc = store_unit_email(s, v[0].unit_id, &email, &name, err)))
		goto out;
	if (!email || !*email) {
		/* Nobody to tell; the unit reads the notes on its page. */
		rc = store_decision_done(s, ids, n, err);
		goto out;
	}
	wording_date(c->today, day);
	sbuf_addf(&subj, "Ý kiến của Văn phòng về %zu việc — %s", n, name);
	sbuf_addf(&text, "Kính gửi: %s\n\nVăn phòng đã có ý kiến về các việc sau của đơn vị"
		  " (thư ngày %s):\n\n", name, day);
	e = mail_html_escape(name);
	sbuf_addf(&html, "<html><body><p>Kính gửi: %s</p>\n<p>Văn phòng đã có ý kiến về các"
		  " việc sau của đơn vị (thư ngày %s):</p>\n<ul>\n", e, day);
	free(e);
	for (i = 0; i < n; i++) {
		sbuf_adds(&text, v[i].line_text);
		sbuf_adds(&html, v[i].line_html);
	}
	sbuf_adds(&html, "</ul>\n");
	sbuf_adds(&text, "\n-- \nThư tự động của hệ thống theo dõi nhiệm vụ.\n");
	sbuf_adds(&html, "<p>Thư tự động của hệ thống theo dõi nhiệm vụ.</p></body></html>\n");
	/* The first decision names the mail: queued once, whatever retries. */
	snprintf(key, sizeof(key), "decision:%lld", v[0].event_id);
	snprintf(tag, sizeof(tag), "decision.u%lld.e%lld", v[0].unit_id, v[0].event_id);
	if ((rc = report_queue_mail(s, c, key, "decision", v[0].unit_id, name, email, subj.buf,
				    text.buf, html.buf, NULL, 0, tag, &mail_id, &existed, err)))
		goto out;
	if (!existed)
		(*mails)++;
	rc = store_decision_done(s, ids, n, err);
out:
	sbuf_release(&text);
	sbuf_release(&html);
	sbuf_release(&subj);
	free(email);
	free(name);
	free(ids);
	return rc;
}

int inbox_mail_decisions(struct store *s, const struct outmail_conf *c,
			 const struct dirmail_problems *bad, long *mails, long *held,
			 struct err *err)
{
	struct decisions ds;
	size_t i, j;
	int rc;

	memset(&ds, 0, sizeof(ds));
	ds.c = c;
	/* Read first, then written: the scan's statement is done before any mail. */
	rc = store_decision_scan(s, c->today, collect_decision, &ds, err);
	for (i = 0; !rc && i < ds.n; i = j) {
		for (j = i + 1; j < ds.n && ds.v[j].unit_id == ds.v[i].unit_id; j++)
			;
		rc = mail_decisions(s, c, bad, ds.v + i, j - i, mails, held, err);
	}
	for (i = 0; i < ds.n; i++) {
		free(ds.v[i].line_text);
		free(ds.v[i].line_html);
	}
	free(ds.v);
	return rc;
}

/* ---- The daily counts, to the office ---------------------------------------------- */

struct office_lists {
	const struct outmail_conf *c;
	struct report_list l[STORE_INBOX_KINDS];
};

static int list_inbox_item(enum store_inbox_kind k, const struct store_item *it, void *arg)
{
	struct office_lists *o = arg;
	char label[64], day[11];

	if (o->l[k].n >= INBOX_MAIL_LIST)
		return 0;
	if (k == STORE_INBOX_EXTENSION && it->requested_to.y) {
		wording_date(it->requested_to, day);
		snprintf(label, sizeof(label), "Xin gia hạn đến %s", day);
	} else if (k == STORE_INBOX_CONFIRM && it->reported_on.y) {
		wording_date(it->reported_on, day);
		snprintf(label, sizeof(label), "Báo cáo xong ngày %s", day);
	} else {
		snprintf(label, sizeof(label), "Đã trả lại");
	}
	report_list_add(&o->l[k], o->c, it, label, 1);
	return 0;
}

static const char *const office_titles[STORE_INBOX_KINDS] = {
	[STORE_INBOX_CONFIRM] = "Chờ xác nhận hoàn thành",
	[STORE_INBOX_EXTENSION] = "Đề nghị gia hạn",
	[STORE_INBOX_RETURNED] = "Việc đã trả lại, đơn vị chưa báo cáo lại",
};

int inbox_mail_office(struct store *s, const struct outmail_conf *c,
		      const struct dirmail_problems *bad, long *mails, struct err *err)
{
	struct office_lists o;
	struct sbuf text, html, subj;
	char *email = NULL, *name = NULL, *e, key[48], tag[64], day[11];
	long long office_id = 0, mail_id;
	long n[STORE_INBOX_KINDS], total;
	int exists = 0, existed, rc, k;

	if (!c->office)
		return 0;
	snprintf(key, sizeof(key), "inbox:%04d-%02d-%02d", c->today.y % 10000, c->today.m % 100,
		 c->today.d % 100);
	if ((rc = store_mail_exists(s, key, &exists, err)) || exists)
		return rc;
	if ((rc = store_unit_id(s, c->office, &office_id, err)))
		return rc == ERR_NOTFOUND ? 0 : rc;
	if (!office_id || dirmail_find(bad, office_id))
		return 0;
	memset(&o, 0, sizeof(o));
	o.c = c;
	for (k = 0; k < STORE_INBOX_KINDS; k++)
		report_list_init(&o.l[k]);
	sbuf_init(&text, 0);
	sbuf_init(&html, 0);
	sbuf_init(&subj, 0);
	if ((rc = store_inbox(s, 0, c->today, list_inbox_item, &o, n, err)))
		goto out;
	total = n[0] + n[1] + n[2];
	if (!total)
		goto out;
	if ((rc = store_unit_email(s, office_id, &email, &name, err)) || !email || !*email)
		goto out;
	wording_date(c->today, day);
	sbuf_addf(&subj, "Hộp việc ngày %s: %ld chờ xác nhận, %ld đề nghị gia hạn, %ld đã trả lại",
		  day, n[STORE_INBOX_CONFIRM], n[STORE_INBOX_EXTENSION], n[STORE_INBOX_RETURNED]);
	sbuf_addf(&text, "Kính gửi: %s\n\nHộp việc của Văn phòng ngày %s có %ld việc chờ xử lý.\n",
		  name, day, total);
	e = mail_html_escape(name);
	sbuf_addf(&html, "<html><body><p>Kính gửi: %s</p>\n<p>Hộp việc của Văn phòng ngày %s có"
		  " %ld việc chờ xử lý.</p>\n", e, day, total);
	free(e);
	for (k = 0; k < STORE_INBOX_KINDS; k++) {
		if (!n[k])
			continue;
		sbuf_addf(&text, "\n%s: %ld\n%s", office_titles[k], n[k], o.l[k].text.buf);
		sbuf_addf(&html, "<h3>%s: %ld</h3>\n<ul>\n%s</ul>\n", office_titles[k], n[k],
			  o.l[k].html.buf);
		if (n[k] > INBOX_MAIL_LIST) {
			sbuf_addf(&text, "... và %ld việc khác: xem Hộp việc trên trang theo dõi"
				  " nhiệm vụ.\n", n[k] - INBOX_MAIL_LIST);
			sbuf_addf(&html, "<p>... và %ld việc khác: xem Hộp việc trên trang theo dõi"
				  " nhiệm vụ.</p>\n", n[k] - INBOX_MAIL_LIST);
		}
	}
	sbuf_adds(&text, "\n-- \nThư tự động của hệ thống theo dõi nhiệm vụ.\n");
	sbuf_adds(&html, "<p>Thư tự động của hệ thống theo dõi nhiệm vụ.</p></body></html>\n");
	snprintf(tag, sizeof(tag), "inbox.%04d%02d%02d.u%lld", c->today.y % 10000,
		 c->today.m % 100, c->today.d % 100, office_id);
	rc = report_queue_mail(s, c, key, "inbox", office_id, name, email, subj.buf, text.buf,
			       html.buf, NULL, 0, tag, &mail_id, &existed, err);
	if (!rc && !existed)
		(*mails)++;
out:
	for (k = 0; k < STORE_INBOX_KINDS; k++)
		report_list_release(&o.l[k]);
	sbuf_release(&text);
	sbuf_release(&html);
	sbuf_release(&subj);
	free(email);
	free(name);
	return rc;
}
