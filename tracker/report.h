/*
 * report.h - what the office reports upward and mails weekly: the summary
 * table per unit, the weekly mail to each unit and to the office, and
 * what the reminders' mails share with it (lists of work items, queueing a
 * mail).
 *
 * Builds on the store's item scans; renders text, HTML (everything from a
 * notice escaped) and CSV (UTF-8 with BOM, which Excel needs to show
 * Vietnamese).  Mails are queued in the store; deliver.h sends them.
 */
#ifndef TRACKER_REPORT_H
#define TRACKER_REPORT_H

#include <stddef.h>
#include <time.h>
#include <cJSON.h>
#include "notices/util.h"
#include "tracker/store/store.h"
#include "tracker/mail/outmail.h"
#include "tracker/wording.h"
#include "tracker/store/life.h"
#include "tracker/store/mailq.h"

/* One row of the upward table: a unit's lead work, counted by status. */
struct report_row {
	long long unit_id;
	char *unit;
	long total;
	long done_on_time, done_late;   /* đã hoàn thành: đúng hạn / quá hạn */
	long in_progress, overdue;      /* chưa hoàn thành: trong hạn / quá hạn */
	long no_deadline;               /* không có thời hạn (not done) */
	long long_overdue;              /* quá hạn dài ngày (> 30 days) */
	long awaiting;                  /* chờ xác nhận (counted as not done) */
	long extended;                  /* done on time thanks to an extension */
};

struct report_table {
	struct report_row *v;   /* units in directory order */
	size_t n, alloc;        /* rows; capacity of v (ALLOC_GROW) */
	struct report_row sum;  /* "Tổng cộng" (unit NULL) */
};

/*
 * The upward table on `today`, over work from notices dated from..to
 * (inclusive; zero: open); a recurring task counts its periods already due
 * and the one under way.  Caller releases with report_table_release().
 */
int report_table_build(struct store *s, struct ymd today, struct ymd from,
		       struct ymd to, struct report_table *t, struct err *err);
void report_table_release(struct report_table *t);

/* Counts one item into a row (its status and flags). */
void report_row_add(struct report_row *r, const struct store_item *it);

/*
 * "tỷ lệ quá hạn": (done late + overdue) / work with a deadline, in percent;
 * 0 when none has one.  Work without a deadline can be neither late nor on
 * time, so counting it below the line would make a unit that was given
 * vague work look punctual.
 */
double report_overdue_rate(const struct report_row *r);

/* Adds the row's counts (total, done_on_time, done_late, in_progress,
 * overdue, no_deadline, long_overdue, awaiting, extended, overdue_rate) to o. */
void report_row_json_into(cJSON *o, const struct report_row *r);

/*
 * The table as CSV (written by csv.h: BOM, CRLF, quoting, the formula guard
 * on unit names), Vietnamese headers, counts as numbers.  Appended to sb.
 */
void report_table_csv(const struct report_table *t, struct sbuf *sb);
/* The table as aligned plain text (for the terminal and text mail). */
void report_table_text(const struct report_table *t, struct sbuf *sb);

/* A Message-ID "<tag@domain>" with the domain of c->from_addr. */
char *report_message_id(const struct outmail_conf *c, const char *tag);

/*
 * Renders and queues one mail to `to_addr` (both parts from the same text
 * and HTML bodies, attachments optional).  key as in store_mail_add().
 * Returns 0 or an ERR_* code (ERR_INVAL when the mail cannot be built,
 * e.g. a bad address in the directory).
 */
struct mail_part;
int report_queue_mail(struct store *s, const struct outmail_conf *c, const char *key,
		      const char *kind, long long unit_id, const char *to_name,
		      const char *to_addr, const char *subject, const char *text,
		      const char *html, const struct mail_part *attach, size_t n_attach,
		      const char *tag, long long *mail_id, int *existed,
		      struct err *err);

/*
 * A list of work items in a mail, in its text and HTML parts.  Past
 * REPORT_LIST_MAX items are counted, not written ("... và 812 nhiệm vụ
 * khác"): a unit with thousands of overdue items gets a mail it can read,
 * and the dashboard has the rest.
 */
#define REPORT_LIST_MAX 200
struct report_list {
	struct sbuf text, html;
	long n;
};
void report_list_init(struct report_list *l);
void report_list_release(struct report_list *l);
/*
 * Adds one item: "[label] notice, mục ref: task / Hạn: ... / link" (with
 * the unit first when with_unit); HTML-escaped in the HTML part.
 */
void report_list_add(struct report_list *l, const struct outmail_conf *c,
		     const struct store_item *it, const char *label, int with_unit);
/* Appends "title (n):" and the list to both bodies; nothing when empty. */
void report_list_section(struct sbuf *text, struct sbuf *html, const char *title,
			 const struct report_list *l);

/* ---- The weekly mail ------------------------------------------------------ */

struct report_weekly_stats {
	long unit_mails;      /* queued now */
	long office_mails;
	long already;         /* this week's mail was queued before */
	long no_address;      /* units with something to report but no e-mail */
	long bad_address;     /* units not mailed: their address in the directory
			       * is unusable (listed in the office's mail) */
};

/*
 * Queues this week's mails (ISO week of c->today): to each unit with an
 * address and something to report, its overdue work (oldest first, days
 * overdue), work due in the next 14 days and work awaiting confirmation;
 * to the office, the upward table (also as a CSV attachment) and the list
 * of long-overdue work, and the units whose address in the directory is
 * unusable (those are skipped; the rest are mailed).  Idempotent per week: a second run queues nothing.
 * One transaction.
 */
int report_weekly(struct store *s, const struct outmail_conf *c,
		  struct report_weekly_stats *st, struct err *err);

#endif
