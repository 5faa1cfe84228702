/*
 * report.c - the upward table, the weekly mails, and the lists of work
 * items and the queueing that reminders share.  See report.h.
 */
#include "tracker/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracker/dirmail.h"
#include "notices/deadline.h"
#include "tracker/mail/mail.h"
#include "tracker/store/units.h"
#include "tracker/core/csv.h"
#include "tracker/documents.h"

/* Work due within this many days is listed in a unit's weekly mail. */
#define WEEKLY_AHEAD_DAYS 14

/* ---- Queueing a mail ------------------------------------------------------ */

char *report_message_id(const struct outmail_conf *c, const char *tag)
{
	const char *at = c->from_addr ? strchr(c->from_addr, '@') : NULL;

	return xasprintf("<%s@%s>", tag, at && at[1] ? at + 1 : "tracker.invalid");
}

int report_queue_mail(struct store *s, const struct outmail_conf *c, const char *key,
		      const char *kind, long long unit_id, const char *to_name,
		      const char *to_addr, const char *subject, const char *text,
		      const char *html, const struct mail_part *attach, size_t n_attach,
		      const char *tag, long long *mail_id, int *existed,
		      struct err *err)
{
	struct mail_msg m;
	struct err merr;
	char *msg = NULL, *mid = report_message_id(c, tag);
	/* Subjects name units: a stray control character in the units file
	 * becomes a space rather than stopping the week's mail. */
	char *subj = mail_clean_text(subject);
	size_t len = 0;
	int rc;

	memset(&m, 0, sizeof(m));
	m.from_name = c->from_name;
	m.from_addr = c->from_addr;
	m.to_name = to_name;
	m.to_addr = to_addr;
	m.subject = subj;
	m.text = text;
	m.html = html;
	m.attach = attach;
	m.n_attach = n_attach;
	m.message_id = mid;
	m.date = c->now;
	if (mail_build(&m, &msg, &len, &merr)) {
		rc = err_set(err, ERR_INVAL, "cannot build the mail to '%.200s': %.280s",
			     to_addr ? to_addr : "?", merr.msg);
		goto out;
	}
	rc = store_mail_add(s, key, kind, unit_id, to_addr, c->from_addr, mid, msg, len,
			    mail_id, existed, err);
out:
	free(msg);
	free(mid);
	free(subj);
	return rc;
}

/* ---- The upward table ---------------------------------------------------- */

void report_row_add(struct report_row *r, const struct store_item *it)
{
	r->total++;
	switch (it->state.status) {
	case TASK_DONE_ON_TIME:
		r->done_on_time++;
		if (it->state.extended)
			r->extended++;
		break;
	case TASK_DONE_LATE:
		r->done_late++;
		break;
	case TASK_IN_PROGRESS:
		r->in_progress++;
		break;
	case TASK_OVERDUE:
		r->overdue++;
		break;
	case TASK_NO_DEADLINE:
		r->no_deadline++;
		break;
	}
	if (it->state.long_overdue)
		r->long_overdue++;
	if (it->state.awaiting)
		r->awaiting++;
}

static struct report_row *row_for(struct report_table *t, const struct store_item *it)
{
	struct report_row *r;

	if (t->n && t->v[t->n - 1].unit_id == it->unit_id)
		return &t->v[t->n - 1];
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	r = &t->v[t->n++];
	memset(r, 0, sizeof(*r));
	r->unit_id = it->unit_id;
	r->unit = xstrdup(it->unit ? it->unit : "?");
	return r;
}

static int table_item(const struct store_item *it, void *arg)
{
	struct report_table *t = arg;

	report_row_add(row_for(t, it), it);
	report_row_add(&t->sum, it);
	return 0;
}

int report_table_build(struct store *s, struct ymd today, struct ymd from,
		       struct ymd to, struct report_table *t, struct err *err)
{
	struct store_item_filter f;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&f, 0, sizeof(f));
	f.today = today;
	f.notice_from = from;
	f.notice_to = to;
	f.current_only = 1;
	if ((rc = store_scan_items(s, &f, table_item, t, err)))
		report_table_release(t);
	return rc;
}

void report_table_release(struct report_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->v[i].unit);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

double report_overdue_rate(const struct report_row *r)
{
	long dated = r->total - r->no_deadline;

	return dated > 0 ? 100.0 * (double)(r->done_late + r->overdue) / (double)dated : 0.0;
}

void report_row_json_into(cJSON *o, const struct report_row *r)
{
	cJSON_AddNumberToObject(o, "total", (double)r->total);
	cJSON_AddNumberToObject(o, "done_on_time", (double)r->done_on_time);
	cJSON_AddNumberToObject(o, "done_late", (double)r->done_late);
	cJSON_AddNumberToObject(o, "in_progress", (double)r->in_progress);
	cJSON_AddNumberToObject(o, "overdue", (double)r->overdue);
	cJSON_AddNumberToObject(o, "no_deadline", (double)r->no_deadline);
	cJSON_AddNumberToObject(o, "long_overdue", (double)r->long_overdue);
	cJSON_AddNumberToObject(o, "awaiting", (double)r->awaiting);
	cJSON_AddNumberToObject(o, "extended", (double)r->extended);
	cJSON_AddNumberToObject(o, "overdue_rate", report_overdue_rate(r));
}

/* "12,5%": Vietnamese writes a decimal comma. */
static void rate_text(const struct report_row *r, char buf[16])
{
	char *dot;

	snprintf(buf, 16, "%.1f%%", report_overdue_rate(r));
	if ((dot = strchr(buf, '.')))
		*dot = ',';
}

static const char *const csv_head[] = {
	"Đơn vị", "Tổng số", "Đã hoàn thành đúng hạn", "Đã hoàn thành quá hạn",
	"Chưa hoàn thành trong hạn", "Chưa hoàn thành quá hạn", "Không có thời hạn",
	"Quá hạn dài ngày", "Chờ xác nhận", "Tỷ lệ quá hạn",
};
#define N_COLS (sizeof(csv_head) / sizeof(csv_head[0]))

static void csv_row(struct csv *c, const char *name, const struct report_row *r)
{
	char rate[16];

	rate_text(r, rate);
	csv_text(c, name);
	csv_int(c, r->total);
	csv_int(c, r->done_on_time);
	csv_int(c, r->done_late);
	csv_int(c, r->in_progress);
	csv_int(c, r->overdue);
	csv_int(c, r->no_deadline);
	csv_int(c, r->long_overdue);
	csv_int(c, r->awaiting);
	csv_text(c, rate);
	csv_end_row(c);
}

void report_table_csv(const struct report_table *t, struct sbuf *sb)
{
	struct csv c;
	size_t i;

	csv_begin(&c, sb);
	for (i = 0; i < N_COLS; i++)
		csv_text(&c, csv_head[i]);
	csv_end_row(&c);
	for (i = 0; i < t->n; i++)
		csv_row(&c, t->v[i].unit, &t->v[i]);
	csv_row(&c, "Tổng cộng", &t->sum);
}

static void text_row(struct sbuf *sb, const char *name, const struct report_row *r)
{
	char rate[16];

	rate_text(r, rate);
	sbuf_addf(sb, "%s\n    tổng %ld | xong đúng hạn %ld | xong quá hạn %ld | trong hạn %ld"
		  " | quá hạn %ld | không thời hạn %ld | quá hạn dài ngày %ld | chờ xác nhận %ld"
		  " | tỷ lệ quá hạn %s\n",
		  name, r->total, r->done_on_time, r->done_late, r->in_progress, r->overdue,
		  r->no_deadline, r->long_overdue, r->awaiting, rate);
}

void report_table_text(const struct report_table *t, struct sbuf *sb)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		text_row(sb, t->v[i].unit, &t->v[i]);
	text_row(sb, "Tổng cộng", &t->sum);
}

static void html_cell(struct sbuf *sb, const char *tag, const char *v)
{
	char *e = mail_html_escape(v);

	sbuf_addf(sb, "<%s style=\"border:1px solid #999;padding:2px 6px\">%s</%s>", tag, e, tag);
	free(e);
}

static void html_row(struct sbuf *sb, const char *name, const struct report_row *r)
{
	long v[8] = {r->total, r->done_on_time, r->done_late, r->in_progress, r->overdue,
		     r->no_deadline, r->long_overdue, r->awaiting};
	char num[24], rate[16];
	size_t i;

	sbuf_adds(sb, "<tr>");
	html_cell(sb, "td", name);
	for (i = 0; i < 8; i++) {
		snprintf(num, sizeof(num), "%ld", v[i]);
		html_cell(sb, "td", num);
	}
	rate_text(r, rate);
	html_cell(sb, "td", rate);
	sbuf_adds(sb, "</tr>\n");
}

static void report_table_html(const struct report_table *t, struct sbuf *sb)
{
	size_t i;

	sbuf_adds(sb, "<table style=\"border-collapse:collapse\">\n<tr>");
	for (i = 0; i < N_COLS; i++)
		html_cell(sb, "th", csv_head[i]);
	sbuf_adds(sb, "</tr>\n");
	for (i = 0; i < t->n; i++)
		html_row(sb, t->v[i].unit, &t->v[i]);
	html_row(sb, "Tổng cộng", &t->sum);
	sbuf_adds(sb, "</table>\n");
}

/* ---- Weekly mails -------------------------------------------------------- */

void report_list_init(struct report_list *p)
{
	sbuf_init(&p->text, 0);
	sbuf_init(&p->html, 0);
	p->n = 0;
}

void report_list_release(struct report_list *p)
{
	sbuf_release(&p->text);
	sbuf_release(&p->html);
	p->n = 0;
}

/*
 * Adds one work item: "[label] notice: task — Hạn: ... — link" in text, a
 * list entry in HTML.  `with_unit` names the unit (the office's lists).
 */
void report_list_add(struct report_list *p, const struct outmail_conf *c,
		     const struct store_item *it, const char *label, int with_unit)
{
	struct sbuf sb;
	char *e;

	p->n++;
	/* A mail stays readable (and under the size limit): the rest is counted. */
	if (p->n > REPORT_LIST_MAX)
		return;
	sbuf_init(&sb, 0);
	sbuf_addf(&p->text, "- [%s] ", label);
	if (with_unit)
		sbuf_addf(&p->text, "%s — ", it->unit);
	wording_notice_ref(it, &p->text);
	sbuf_addf(&p->text, ", mục %s: %s\n  Hạn: ", it->task_ref ? it->task_ref : "?",
		  it->task_text ? it->task_text : "");
	wording_deadline(it, &p->text);
	sbuf_adds(&p->text, "\n  ");
	wording_link(c, it, &p->text);
	sbuf_adds(&p->text, "\n");

	sbuf_adds(&p->html, "<li><b>");
	e = mail_html_escape(label);
	sbuf_adds(&p->html, e);
	free(e);
	sbuf_adds(&p->html, "</b> ");
	if (with_unit) {
		e = mail_html_escape(it->unit);
		sbuf_addf(&p->html, "%s — ", e);
		free(e);
	}
	wording_notice_ref(it, &sb);
	sbuf_addf(&sb, ", mục %s: %s", it->task_ref ? it->task_ref : "?",
		  it->task_text ? it->task_text : "");
	e = mail_html_escape(sb.buf);
	sbuf_adds(&p->html, e);
	free(e);
	sbuf_reset(&sb);
	sbuf_adds(&p->html, "<br>Hạn: ");
	wording_deadline(it, &sb);
	e = mail_html_escape(sb.buf);
	sbuf_adds(&p->html, e);
	free(e);
	sbuf_reset(&sb);
	wording_link(c, it, &sb);
	e = mail_html_escape(sb.buf);
	sbuf_addf(&p->html, "<br><a href=\"%s\">%s</a></li>\n", e, e);
	free(e);
	sbuf_release(&sb);
}

/* Appends a titled list to a mail's bodies (nothing when empty). */
void report_list_section(struct sbuf *text, struct sbuf *html, const char *title,
			 const struct report_list *p)
{
	if (!p->n)
		return;
	sbuf_addf(text, "\n%s (%ld):\n%s", title, p->n, p->text.buf);
	sbuf_addf(html, "<h3>%s (%ld)</h3>\n<ul>\n%s</ul>\n", title, p->n, p->html.buf);
	if (p->n > REPORT_LIST_MAX) {
		sbuf_addf(text, "... và %ld nhiệm vụ khác: xem trên trang theo dõi nhiệm vụ.\n",
			  p->n - REPORT_LIST_MAX);
		sbuf_addf(html, "<p>... và %ld nhiệm vụ khác: xem trên trang theo dõi nhiệm vụ.</p>\n",
			  p->n - REPORT_LIST_MAX);
	}
}

struct weekly {
	struct store *s;
	const struct outmail_conf *c;
	struct report_weekly_stats *st;
	char week[16];                /* "2026-W48" */
	long long unit_id;
	char *unit, *email;
	struct report_list overdue, soon, awaiting, long_overdue;
	struct report_table table;
	struct dirmail_problems bad;
	struct err *err;
	int rc;
};

/* ISO 8601 week of d: "2026-W48". */
static void iso_week(struct ymd d, char buf[16])
{
	int year, week;

	ymd_iso_week(d, &year, &week);
	snprintf(buf, 16, "%04d-W%02d", year % 10000, week % 100);
}

/* Queues the finished unit's mail, if it has anything and an address. */
static int weekly_flush_unit(struct weekly *w)
{
	struct sbuf text, html, subj;
	char key[64], tag[96], day[11];
	long long mail_id;
	int existed, rc = 0;

	if (!w->unit_id)
		return 0;
	if (!w->overdue.n && !w->soon.n && !w->awaiting.n)
		goto out;
	if (!w->email || !*w->email) {
		w->st->no_address++;
		goto out;
	}
	if (dirmail_find(&w->bad, w->unit_id)) {
		w->st->bad_address++;
		goto out;
	}
	sbuf_init(&text, 0);
	sbuf_init(&html, 0);
	sbuf_init(&subj, 0);
	wording_date(w->c->today, day);
	sbuf_addf(&subj, "Báo cáo nhiệm vụ tuần %s — %s: %ld quá hạn, %ld sắp đến hạn, %ld chờ xác nhận",
		  w->week + 6, w->unit, w->overdue.n, w->soon.n, w->awaiting.n);
	sbuf_addf(&text, "Kính gửi: %s\n\nTình hình thực hiện nhiệm vụ được giao tính đến ngày %s.\n",
		  w->unit, day);
	{
		char *e = mail_html_escape(w->unit);
		sbuf_addf(&html, "<html><body><p>Kính gửi: %s</p>\n<p>Tình hình thực hiện nhiệm vụ"
			  " được giao tính đến ngày %s.</p>\n", e, day);
		free(e);
	}
	report_list_section(&text, &html, "Nhiệm vụ quá hạn", &w->overdue);
	report_list_section(&text, &html, "Nhiệm vụ đến hạn trong 14 ngày tới", &w->soon);
	report_list_section(&text, &html, "Nhiệm vụ đã báo cáo hoàn thành, chờ xác nhận", &w->awaiting);
	sbuf_adds(&text, "\n-- \nThư tự động của hệ thống theo dõi nhiệm vụ.\n");
	sbuf_adds(&html, "<p>Thư tự động của hệ thống theo dõi nhiệm vụ.</p></body></html>\n");
	snprintf(key, sizeof(key), "weekly:%s:%lld", w->week, w->unit_id);
	snprintf(tag, sizeof(tag), "weekly.%s.u%lld", w->week, w->unit_id);
	rc = report_queue_mail(w->s, w->c, key, "weekly", w->unit_id, w->unit, w->email,
			       subj.buf, text.buf, html.buf, NULL, 0, tag, &mail_id, &existed,
			       w->err);
	if (!rc) {
		if (existed)
			w->st->already++;
		else
			w->st->unit_mails++;
	}
	sbuf_release(&text);
	sbuf_release(&html);
	sbuf_release(&subj);
out:
	report_list_release(&w->overdue);
	report_list_release(&w->soon);
	report_list_release(&w->awaiting);
	report_list_init(&w->overdue);
	report_list_init(&w->soon);
	report_list_init(&w->awaiting);
	free(w->unit);
	free(w->email);
	w->unit = w->email = NULL;
	w->unit_id = 0;
	return rc;
}

static int weekly_item(const struct store_item *it, void *arg)
{
	struct weekly *w = arg;
	char label[64];

	table_item(it, &w->table);
	if (it->unit_id != w->unit_id) {
		if ((w->rc = weekly_flush_unit(w)))
			return 1;
		w->unit_id = it->unit_id;
		w->unit = xstrdup(it->unit ? it->unit : "?");
		w->email = it->unit_email ? xstrdup(it->unit_email) : NULL;
	}
	if (it->state.awaiting) {
		report_list_add(&w->awaiting, w->c, it, "Chờ xác nhận", 0);
	} else if (it->state.status == TASK_OVERDUE) {
		/* The scan is in deadline order: the oldest comes first. */
		snprintf(label, sizeof(label), "Quá hạn %ld ngày", -it->state.days_left);
		report_list_add(&w->overdue, w->c, it, label, 0);
		if (it->state.long_overdue)
			report_list_add(&w->long_overdue, w->c, it, label, 1);
	} else if (it->state.status == TASK_IN_PROGRESS &&
		   it->state.days_left <= WEEKLY_AHEAD_DAYS) {
		if (it->state.days_left == 0)
			snprintf(label, sizeof(label), "Đến hạn hôm nay");
		else
			snprintf(label, sizeof(label), "Còn %ld ngày", it->state.days_left);
		report_list_add(&w->soon, w->c, it, label, 0);
	}
	return 0;
}

/* ---- The drafts the office's weekly mail carries --------------------------- */

/* At most this many letters ride on one mail; the rest are on the dashboard. */
#define WEEKLY_MAX_LETTERS 100
#define WEEKLY_MAX_XLSX ((size_t)16 << 20)

/*
 * Drafts for signing: the urging letters and the report as .xlsx.  They
 * have no number and no signature yet, so they go to the office alone,
 * never to a unit: only weekly_office() attaches them.
 */
struct drafts {
	struct mail_part *v;
	char **names, **data;
	size_t n, alloc;
	long letters;         /* units with overdue work */
	char *failed;         /* why the drafts are missing, or NULL */
};

static void drafts_add(struct drafts *d, char *name, char *data, size_t len, const char *type)
{
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->v = xrealloc(d->v, d->alloc * sizeof(*d->v));
		d->names = xrealloc(d->names, d->alloc * sizeof(*d->names));
		d->data = xrealloc(d->data, d->alloc * sizeof(*d->data));
	}
	d->names[d->n] = name;
	d->data[d->n] = data;
	d->v[d->n].name = name;
	d->v[d->n].type = type;
	d->v[d->n].data = data;
	d->v[d->n].len = len;
	d->n++;
}

static int drafts_letter(const char *unit, long long unit_id, const char *docx, size_t len,
			 void *arg)
{
	struct drafts *d = arg;
	char *copy;

	if (d->n >= WEEKLY_MAX_LETTERS)
		return 0;
	copy = xmalloc(len + 1);
	memcpy(copy, docx, len);
	drafts_add(d, documents_letter_name(unit), copy, len,
		   "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	return 0;
}

static void drafts_build(struct weekly *w, struct drafts *d)
{
	struct docs_settings st;
	struct ymd zero = {0, 0, 0};
	struct err err;
	char *xlsx = NULL;
	size_t len = 0;
	int fd = -1;

	memset(d, 0, sizeof(*d));
	if (documents_settings(w->s, &st, &err) ||
	    documents_urge_each(w->s, &st, w->c->today, w->c->office, drafts_letter, d, &d->letters, &err) ||
	    documents_report_xlsx(w->s, w->c->today, zero, zero, &fd, &err) ||
	    docs_read_fd(fd, WEEKLY_MAX_XLSX, &xlsx, &len, &err))
		d->failed = xstrdup(err.msg);
	else
		drafts_add(d, xasprintf("bao-cao-nhiem-vu-%s.xlsx", w->week), xlsx, len,
			   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	if (fd >= 0)
		close(fd);
	docs_settings_release(&st);
}

static void drafts_release(struct drafts *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->names[i]);
		free(d->data[i]);
	}
	free(d->v);
	free(d->names);
	free(d->data);
	free(d->failed);
}

static int weekly_office(struct weekly *w)
{
	struct sbuf text, html, subj, csv;
	struct mail_part *att;
	struct drafts drafts;
	char key[64], tag[96], day[11], *email = NULL, *name = NULL;
	long long office_id = 0, mail_id;
	int existed, rc;

	if (!w->c->office)
		return 0;
	if ((rc = store_unit_id(w->s, w->c->office, &office_id, w->err)) ||
	    (rc = store_unit_email(w->s, office_id, &email, &name, w->err)))
		return rc;
	if (!email || !*email) {
		w->st->no_address++;
		goto out;
	}
	if (dirmail_find(&w->bad, office_id)) {
		w->st->bad_address++;
		goto out;
	}
	sbuf_init(&text, 0);
	sbuf_init(&html, 0);
	sbuf_init(&subj, 0);
	sbuf_init(&csv, 0);
	wording_date(w->c->today, day);
	sbuf_addf(&subj, "Tổng hợp tình hình thực hiện nhiệm vụ tuần %s: %ld quá hạn, %ld quá hạn dài ngày",
		  w->week + 6, w->table.sum.overdue, w->table.sum.long_overdue);
	sbuf_addf(&text, "Kính gửi: %s\n\nTổng hợp tình hình thực hiện nhiệm vụ tính đến ngày %s"
		  " (bảng đính kèm dạng CSV).\n\n", name ? name : w->c->office, day);
	report_table_text(&w->table, &text);
	{
		char *e = mail_html_escape(name ? name : w->c->office);
		sbuf_addf(&html, "<html><body><p>Kính gửi: %s</p>\n<p>Tổng hợp tình hình thực hiện"
			  " nhiệm vụ tính đến ngày %s (bảng đính kèm dạng CSV).</p>\n", e, day);
		free(e);
	}
	report_table_html(&w->table, &html);
	report_list_section(&text, &html, "Nhiệm vụ quá hạn dài ngày (trên 30 ngày)", &w->long_overdue);
	drafts_build(w, &drafts);
	{
		struct sbuf note;
		char *e;
		sbuf_init(&note, 0);
		if (drafts.failed)
			sbuf_addf(&note, "Không lập được dự thảo văn bản: %s.", drafts.failed);
		else
			sbuf_addf(&note, "Kèm theo, để trình ký: dự thảo công văn đôn đốc %ld đơn vị có "
				  "nhiệm vụ quá hạn%s và báo cáo tổng hợp dạng Excel (chưa có số, chưa "
				  "ký; không gửi trực tiếp cho các đơn vị).", drafts.letters,
				  drafts.letters > WEEKLY_MAX_LETTERS ? " (100 văn bản đầu; các văn bản "
				  "còn lại tải trên trang theo dõi)" : "");
		sbuf_addf(&text, "\n%s\n", note.buf);
		e = mail_html_escape(note.buf);
		sbuf_addf(&html, "<p>%s</p>\n", e);
		free(e);
		sbuf_release(&note);
	}
	dirmail_section(&w->bad, &text, &html);
	sbuf_adds(&text, "\n-- \nThư tự động của hệ thống theo dõi nhiệm vụ.\n");
	sbuf_adds(&html, "<p>Thư tự động của hệ thống theo dõi nhiệm vụ.</p></body></html>\n");
	report_table_csv(&w->table, &csv);
	att = xcalloc(drafts.n + 1, sizeof(*att));
	att[0].name = "tong-hop-nhiem-vu.csv";
	att[0].type = "text/csv; charset=utf-8";
	att[0].data = csv.buf;
	att[0].len = csv.len;
	if (drafts.n)
		memcpy(att + 1, drafts.v, drafts.n * sizeof(*att));
	snprintf(key, sizeof(key), "weekly_office:%s", w->week);
	snprintf(tag, sizeof(tag), "weekly.%s.office", w->week);
	rc = report_queue_mail(w->s, w->c, key, "weekly_office", office_id,
			       name ? name : w->c->office, email, subj.buf, text.buf, html.buf,
			       att, drafts.n + 1, tag, &mail_id, &existed, w->err);
	if (!rc) {
		if (existed)
			w->st->already++;
		else
			w->st->office_mails++;
	}
	sbuf_release(&text);
	sbuf_release(&html);
	sbuf_release(&subj);
	sbuf_release(&csv);
	drafts_release(&drafts);
	free(att);
out:
	free(email);
	free(name);
	return rc;
}

int report_weekly(struct store *s, const struct outmail_conf *c,
		  struct report_weekly_stats *st, struct err *err)
{
	struct store_item_filter f;
	struct weekly w;
	int rc, exists = 0;

	memset(st, 0, sizeof(*st));
	memset(&w, 0, sizeof(w));
	w.s = s;
	w.c = c;
	w.st = st;
	w.err = err;
	report_list_init(&w.overdue);
	report_list_init(&w.soon);
	report_list_init(&w.awaiting);
	report_list_init(&w.long_overdue);
	iso_week(c->today, w.week);
	memset(&f, 0, sizeof(f));
	f.today = c->today;
	f.current_only = 1;
	if ((rc = store_tx_begin(s, err)))
		goto out;
	{
		/* Done this week already: nothing to render. */
		char key[64];
		snprintf(key, sizeof(key), "weekly_office:%s", w.week);
		if ((rc = store_mail_exists(s, key, &exists, err)))
			goto out;
		if (exists && c->office) {
			st->already++;
			goto out;
		}
	}
	if ((rc = dirmail_problems(s, &w.bad, err)))
		goto out;
	rc = store_scan_items(s, &f, weekly_item, &w, err);
	if (rc == 1)
		rc = w.rc;
	if (rc || (rc = weekly_flush_unit(&w)) || (rc = weekly_office(&w)))
		goto out;
	rc = store_tx_commit(s, err);
out:
	if (rc)
		store_tx_rollback(s);
	else if (exists)
		store_tx_rollback(s); /* read only */
	free(w.unit); /* what a failed scan left */
	free(w.email);
	report_list_release(&w.overdue);
	report_list_release(&w.soon);
	report_list_release(&w.awaiting);
	report_list_release(&w.long_overdue);
	report_table_release(&w.table);
	dirmail_problems_release(&w.bad);
	return rc;
}
