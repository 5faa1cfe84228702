/*
 * remind.c - the reminder engine.  See remind.h.
 *
 * A run has three steps, and the first two are one transaction:
 *  1. decide: scan open work due by the horizon, pick the reminders due
 *     today and record them (unique per work item, kind and slot, so a
 *     reminder is decided once whatever happens to the process);
 *  2. render: one mail per unit for its new reminders, one to the office
 *     for new escalations, queued with the exact bytes to send;
 *  3. deliver: every queued mail, marked sent only when accepted.
 * Killed during 1-2, nothing is committed and the next run decides the
 * same reminders; killed during 3, the next run delivers what is queued.
 *
 * The steady state: most open work due by the horizon is due every day
 * (overdue work stays in its weekly slot for a week), so re-recording each
 * pick with ON CONFLICT DO NOTHING would make every daily run cost as much
 * as the first.  Instead a run records, in its transaction, the day it ran
 * for (store_remind_mark_run), and the next run skips a pick that the last
 * run also picked for the same item, i.e. picked for days_left + (today -
 * that day): that run recorded it.  This holds only for items the last run
 * saw in the state they have now, so it is not applied to newer items (id
 * above the mark), to items changed since (reopened, deadline moved,
 * restored: kept by triggers in the store), or when the rules differ.
 */
#include "tracker/remind.h"
#include "tracker/inbox_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/deadline.h"
#include "tracker/mail/mail.h"
#include "tracker/store/remind.h"
#include "tracker/store/units.h"

void remind_rules_default(struct remind_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->before[0] = 7;
	r->before[1] = 1;
	r->n_before = 2;
	r->on_day = 1;
	r->overdue_every = 7;
	r->escalate_after = 14;
}

static int cmp_desc(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

int remind_rules_parse_before(struct remind_rules *r, const char *list)
{
	int v[REMIND_MAX_BEFORE];
	size_t n = 0, i, k;
	const char *p = list;

	if (!p)
		return -1;
	while (*p) {
		char *end;
		long d = strtol(p, &end, 10);
		if (end == p || d < 1 || d > 366 || n == REMIND_MAX_BEFORE)
			return -1;
		v[n++] = (int)d;
		p = end;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	qsort(v, n, sizeof(v[0]), cmp_desc);
	for (i = k = 0; i < n; i++)
		if (!k || v[i] != r->before[k - 1])
			r->before[k++] = v[i];
	r->n_before = k;
	return 0;
}

size_t remind_pick(const struct remind_rules *r, long days_left,
		   struct remind_pick out[2])
{
	size_t n = 0, i;
	long late = -days_left;

	if (days_left > 0) {
		/*
		 * The nearest "before" slot not yet passed: 7 days out it is
		 * the 7-day one, 3 days out still the 7-day one (a catch-up
		 * when the run on day 7 did not happen), 1 day out the 1-day one.
		 */
		for (i = r->n_before; i-- > 0;)
			if (r->before[i] >= days_left) {
				out[n].kind = "before";
				out[n].slot = -r->before[i];
				n++;
				break;
			}
		return n;
	}
	if (days_left == 0 || (r->overdue_every <= 0 || late < r->overdue_every)) {
		/* On the day, or overdue before the first weekly one: the
		 * "due" reminder (once), so that a missed day still tells. */
		if (r->on_day) {
			out[n].kind = "due";
			out[n].slot = 0;
			n++;
		}
	} else {
		out[n].kind = "overdue";
		out[n].slot = (int)(late / r->overdue_every * r->overdue_every);
		n++;
	}
	if (r->escalate_after >= 0 && late > r->escalate_after) {
		out[n].kind = "escalate";
		out[n].slot = 0;
		n++;
	}
	return n;
}

/* ---- Deciding -------------------------------------------------------------- */

struct decide {
	struct store *s;
	const struct remind_opts *o;
	struct remind_stats *st;
	struct err *err;
	int rc;
	struct store_remind_since since; /* day all zero: skip nothing */
	long back;                       /* days from the last run to today */
};

static int cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Did the last run record pick p for this item?  See the top of the file. */
static int known_pick(const struct decide *d, const struct store_item *it,
		      const struct remind_pick *p)
{
	struct remind_pick then[2];
	size_t n, i;

	if (!d->since.day.y || it->id > d->since.mark)
		return 0;
	if (d->since.n_changed && bsearch(&it->id, d->since.changed, d->since.n_changed,
					  sizeof(long long), cmp_id))
		return 0;
	n = remind_pick(&d->o->rules, it->state.days_left + d->back, then);
	for (i = 0; i < n; i++)
		if (then[i].slot == p->slot && !strcmp(then[i].kind, p->kind))
			return 1;
	return 0;
}

/* The rules in words, stored with a run: a run under other rules skips nothing. */
static void rules_words(const struct remind_rules *r, char *buf, size_t size)
{
	size_t i, len;

	snprintf(buf, size, "before=");
	for (i = 0; i < r->n_before; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%d", i ? "," : "", r->before[i]);
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, " day=%d every=%d escalate=%d", r->on_day,
		 r->overdue_every, r->escalate_after);
}

static int decide_item(const struct store_item *it, void *arg)
{
	struct decide *d = arg;
	struct remind_pick p[2];
	size_t n, i;
	int added;

	d->st->scanned++;
	/* Reported done: the office owes the next step, not the unit. */
	if (it->work != WORK_OPEN || !it->state.last_day.y)
		return 0;
	n = remind_pick(&d->o->rules, it->state.days_left, p);
	for (i = 0; i < n; i++) {
		if (d->o->dry_run) {
			added = 1;
		} else if (known_pick(d, it, &p[i])) {
			d->st->known++;
			continue;
		} else if ((d->rc = store_remind_add(d->s, it->id, p[i].kind, p[i].slot,
						      d->o->mail->today, &added, d->err))) {
			return 1;
		}
		if (!added)
			continue;
		d->st->decided++;
		if (!strcmp(p[i].kind, "escalate"))
			d->st->escalations++;
		if (d->o->on_pick)
			d->o->on_pick(it, &p[i], d->o->arg);
	}
	return 0;
}

/* ---- Rendering ------------------------------------------------------------- */

struct render {
	const struct outmail_conf *c;
	struct report_list overdue, today, soon;
	long long *ids;
	size_t n_ids, alloc;
	long long first_id;
};

static int render_item(const struct store_reminder *r, const struct store_item *it,
		       void *arg)
{
	struct render *m = arg;
	char label[64];
	int esc = !strcmp(r->kind, "escalate");

	ALLOC_GROW(m->ids, m->n_ids + 1, m->alloc);
	m->ids[m->n_ids++] = r->id;
	if (!m->first_id || r->id < m->first_id)
		m->first_id = r->id;
	if (it->state.days_left < 0) {
		snprintf(label, sizeof(label), "Quá hạn %ld ngày", -it->state.days_left);
		report_list_add(&m->overdue, m->c, it, label, esc);
	} else if (it->state.days_left == 0) {
		report_list_add(&m->today, m->c, it, "Đến hạn hôm nay", esc);
	} else {
		snprintf(label, sizeof(label), "Còn %ld ngày", it->state.days_left);
		report_list_add(&m->soon, m->c, it, label, esc);
	}
	return 0;
}

static void render_init(struct render *m, const struct outmail_conf *c)
{
	memset(m, 0, sizeof(*m));
	m->c = c;
	report_list_init(&m->overdue);
	report_list_init(&m->today);
	report_list_init(&m->soon);
}

static void render_release(struct render *m)
{
	report_list_release(&m->overdue);
	report_list_release(&m->today);
	report_list_release(&m->soon);
	free(m->ids);
}

/*
 * Renders and queues the mail for the reminders waiting for unit_id (0:
 * the escalations, to the office), and ties them to it.
 */
static int mail_unit(struct store *s, const struct remind_opts *o, long long unit_id,
		     struct remind_stats *st, struct err *err)
{
	const struct outmail_conf *c = o->mail;
	struct render m;
	struct sbuf text, html, subj;
	char *email = NULL, *name = NULL, tag[96], day[11];
	long long to_id = unit_id, mail_id;
	int existed, rc;

	render_init(&m, c);
	sbuf_init(&text, 0);
	sbuf_init(&html, 0);
	sbuf_init(&subj, 0);
	if ((rc = store_remind_scan(s, unit_id, c->today, render_item, &m, err)))
		goto out;
	if (!m.n_ids)
		goto out;
	if (!unit_id && c->office)
		rc = store_unit_id(s, c->office, &to_id, err);
	if (rc || (to_id && (rc = store_unit_email(s, to_id, &email, &name, err))))
		goto out;
	if (to_id && dirmail_find(&st->bad, to_id)) {
		/* Left unmailed, not skipped: they go out once the address is fixed. */
		st->held += (long)m.n_ids;
		goto out;
	}
	if (!email || !*email) {
		/* Nobody to tell: recorded as skipped, so it is not retried daily. */
		st->no_address += (long)m.n_ids;
		rc = store_remind_set_mail(s, m.ids, m.n_ids, 0, err);
		goto out;
	}
	wording_date(c->today, day);
	if (unit_id)
		sbuf_addf(&subj, "Nhắc việc — %s:", name);
	else
		sbuf_addf(&subj, "Nhiệm vụ quá hạn trên %d ngày:", o->rules.escalate_after);
	if (m.overdue.n)
		sbuf_addf(&subj, " %ld quá hạn", m.overdue.n);
	if (m.today.n)
		sbuf_addf(&subj, "%s %ld đến hạn hôm nay", m.overdue.n ? "," : "", m.today.n);
	if (m.soon.n)
		sbuf_addf(&subj, "%s %ld sắp đến hạn", m.overdue.n || m.today.n ? "," : "",
			  m.soon.n);
	sbuf_addf(&text, "Kính gửi: %s\n\n%s (ngày %s).\n", name,
		  unit_id ? "Hệ thống theo dõi nhiệm vụ nhắc các nhiệm vụ sau"
			  : "Các nhiệm vụ sau đã quá hạn trên hai tuần, đề nghị Văn phòng đôn đốc",
		  day);
	{
		char *e = mail_html_escape(name);
		sbuf_addf(&html, "<html><body><p>Kính gửi: %s</p>\n<p>%s (ngày %s).</p>\n", e,
			  unit_id ? "Hệ thống theo dõi nhiệm vụ nhắc các nhiệm vụ sau"
				  : "Các nhiệm vụ sau đã quá hạn trên hai tuần, đề nghị Văn phòng đôn đốc",
			  day);
		free(e);
	}
	report_list_section(&text, &html, "Quá hạn", &m.overdue);
	report_list_section(&text, &html, "Đến hạn hôm nay", &m.today);
	report_list_section(&text, &html, "Sắp đến hạn", &m.soon);
	sbuf_adds(&text, "\n-- \nThư tự động của hệ thống theo dõi nhiệm vụ.\n");
	sbuf_adds(&html, "<p>Thư tự động của hệ thống theo dõi nhiệm vụ.</p></body></html>\n");
	/* The first reminder's id makes the Message-ID unique and stable. */
	snprintf(tag, sizeof(tag), "%s.%04d%02d%02d.u%lld.r%lld", unit_id ? "remind" : "escalate",
		 c->today.y % 10000, c->today.m % 100, c->today.d % 100, to_id, m.first_id);
	if ((rc = report_queue_mail(s, c, NULL, unit_id ? "remind" : "escalate", to_id, name,
				    email, subj.buf, text.buf, html.buf, NULL, 0, tag, &mail_id,
				    &existed, err)))
		goto out;
	st->mails++;
	rc = store_remind_set_mail(s, m.ids, m.n_ids, mail_id, err);
out:
	render_release(&m);
	sbuf_release(&text);
	sbuf_release(&html);
	sbuf_release(&subj);
	free(email);
	free(name);
	return rc;
}

/*
 * Tells the office, once a day, which units of the directory have an
 * address no mail can go to: their reminders wait until it is corrected.
 */
static int mail_office_problems(struct store *s, const struct remind_opts *o,
				struct remind_stats *st, struct err *err)
{
	const struct outmail_conf *c = o->mail;
	struct sbuf text, html, subj;
	char *email = NULL, *name = NULL, key[48], tag[64], day[11];
	long long office_id = 0, mail_id;
	int existed, rc;

	if (!st->bad.n || !c->office)
		return 0;
	if ((rc = store_unit_id(s, c->office, &office_id, err)))
		return rc;
	if (!office_id || dirmail_find(&st->bad, office_id))
		return 0;
	if ((rc = store_unit_email(s, office_id, &email, &name, err)) || !email || !*email)
		goto done;
	sbuf_init(&text, 0);
	sbuf_init(&html, 0);
	sbuf_init(&subj, 0);
	wording_date(c->today, day);
	sbuf_addf(&subj, "Danh bạ đơn vị: %zu địa chỉ thư không dùng được", st->bad.n);
	sbuf_addf(&text, "Kính gửi: %s\n\nNgày %s, hệ thống không gửi được thư nhắc việc đến"
		  " các đơn vị dưới đây vì địa chỉ thư của đơn vị trong danh bạ không dùng"
		  " được. Các đơn vị khác vẫn nhận thư bình thường.\n", name, day);
	{
		char *e = mail_html_escape(name);
		sbuf_addf(&html, "<html><body><p>Kính gửi: %s</p>\n<p>Ngày %s, hệ thống không gửi"
			  " được thư nhắc việc đến các đơn vị dưới đây vì địa chỉ thư của đơn vị"
			  " trong danh bạ không dùng được. Các đơn vị khác vẫn nhận thư bình"
			  " thường.</p>\n", e, day);
		free(e);
	}
	dirmail_section(&st->bad, &text, &html);
	sbuf_adds(&text, "\n-- \nThư tự động của hệ thống theo dõi nhiệm vụ.\n");
	sbuf_adds(&html, "<p>Thư tự động của hệ thống theo dõi nhiệm vụ.</p></body></html>\n");
	snprintf(key, sizeof(key), "directory:%04d-%02d-%02d", c->today.y % 10000,
		 c->today.m % 100, c->today.d % 100);
	snprintf(tag, sizeof(tag), "directory.%04d%02d%02d.u%lld", c->today.y % 10000,
		 c->today.m % 100, c->today.d % 100, office_id);
	rc = report_queue_mail(s, c, key, "directory", office_id, name, email, subj.buf,
			       text.buf, html.buf, NULL, 0, tag, &mail_id, &existed, err);
	if (!rc && !existed)
		st->mails++;
	sbuf_release(&text);
	sbuf_release(&html);
	sbuf_release(&subj);
done:
	free(email);
	free(name);
	return rc;
}

int remind_run(struct store *s, const struct remind_opts *o, struct remind_stats *st,
	       struct err *err)
{
	struct store_item_filter f;
	struct decide d;
	long long *units = NULL;
	size_t n_units = 0, i;
	int esc = 0, rc, horizon = 0;
	char rules[160];
	long held = 0;

	memset(st, 0, sizeof(*st));
	memset(err, 0, sizeof(*err));
	if (!o->dry_run && (rc = store_materialize(s, o->mail->today, &st->materialized, err)))
		return rc;
	for (i = 0; i < o->rules.n_before; i++)
		if (o->rules.before[i] > horizon)
			horizon = o->rules.before[i];
	memset(&f, 0, sizeof(f));
	f.today = o->mail->today;
	f.open_only = 1;
	f.last_until = ymd_from_days(ymd_to_days(o->mail->today) + horizon);
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.o = o;
	d.st = st;
	d.err = err;
	rules_words(&o->rules, rules, sizeof(rules));
	if ((rc = store_tx_begin(s, err)))
		return rc;
	if ((rc = dirmail_problems(s, &st->bad, err)))
		goto out;
	if (!o->dry_run && (rc = store_remind_since(s, rules, &d.since, err)))
		goto out;
	d.back = d.since.day.y ? ymd_to_days(o->mail->today) - ymd_to_days(d.since.day) : 0;
	rc = store_scan_items(s, &f, decide_item, &d, err);
	if (rc == 1)
		rc = d.rc;
	if (rc || o->dry_run)
		goto out;
	if ((rc = store_remind_recipients(s, &units, &n_units, &esc, err)))
		goto out;
	for (i = 0; i < n_units; i++)
		if ((rc = mail_unit(s, o, units[i], st, err)))
			goto out;
	if (esc && (rc = mail_unit(s, o, 0, st, err)))
		goto out;
	if ((rc = mail_office_problems(s, o, st, err)))
		goto out;
	/* The office's decisions to the units, and its inbox to the office. */
	if ((rc = inbox_mail_decisions(s, o->mail, &st->bad, &st->mails, &held, err)) ||
	    (rc = inbox_mail_office(s, o->mail, &st->bad, &st->mails, err)))
		goto out;
	if ((rc = store_remind_mark_run(s, o->mail->today, rules, err)))
		goto out;
	rc = store_tx_commit(s, err);
out:
	free(units);
	store_remind_since_release(&d.since);
	if (rc || o->dry_run) {
		store_tx_rollback(s);
		return rc;
	}
	return deliver_pending(s, o->deliver, &st->delivery, err);
}

void remind_stats_release(struct remind_stats *st)
{
	if (!st)
		return;
	deliver_stats_release(&st->delivery);
	dirmail_problems_release(&st->bad);
}
