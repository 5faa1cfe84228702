/*
 * remind.h - the reminder engine: decides which reminders are due today,
 * records them with the mails that carry them, and delivers the mails.
 *
 * Default rules: a reminder 7 days and 1 day before the last allowed day,
 * one on that day, then one a week while overdue; and an escalation to the
 * office, once, when work is overdue by more than 14 days.  Work reported
 * done (awaiting confirmation) is not reminded.  A run that missed days
 * catches up with the latest reminder due, not every one it missed.
 */
#ifndef TRACKER_REMIND_H
#define TRACKER_REMIND_H

#include <stddef.h>
#include "tracker/dirmail.h"
#include "tracker/mail/deliver.h"
#include "tracker/report.h"
#include "tracker/store/store.h"
#include "tracker/store/life.h"

#define REMIND_MAX_BEFORE 8

struct remind_rules {
	int before[REMIND_MAX_BEFORE]; /* days before the last allowed day, descending */
	size_t n_before;
	int on_day;                    /* remind on the last allowed day itself */
	int overdue_every;             /* days between overdue reminders; 0: none */
	int escalate_after;            /* escalate when overdue by more; < 0: never */
};

/* 7 and 1 days before, on the day, weekly while overdue, escalation after 14. */
void remind_rules_default(struct remind_rules *r);

/*
 * Reads "7,1" into r->before (days, each 1..366, sorted descending,
 * duplicates dropped).  Returns 0, or -1 for anything else.
 */
int remind_rules_parse_before(struct remind_rules *r, const char *list);

/* One reminder: its kind ("before", "due", "overdue", "escalate") and slot
 * (days from the last allowed day: -7, -1, 0, 7, 14, ...). */
struct remind_pick {
	const char *kind;
	int slot;
};

/*
 * The reminders due for open work whose last allowed day is `days_left`
 * days away (negative: overdue) under rules r: at most two (the unit's,
 * and an escalation).  Pure: recording them makes each happen once.
 */
size_t remind_pick(const struct remind_rules *r, long days_left,
		   struct remind_pick out[2]);

struct remind_opts {
	struct remind_rules rules;
	const struct outmail_conf *mail;  /* today, sender, links, office */
	const struct deliver_conf *deliver;
	int dry_run;                      /* decide and print, record nothing */
	/* Called for each reminder decided (dry run included); may be NULL. */
	void (*on_pick)(const struct store_item *it, const struct remind_pick *p, void *arg);
	void *arg;
};

struct remind_stats {
	long scanned;        /* open work due by the horizon */
	long decided;        /* reminders recorded now (dry run: that would be) */
	long known;          /* picks the last run recorded already, not looked up again */
	long escalations;    /* of which escalations */
	long materialized;   /* occurrences of recurring work added */
	long mails;          /* mails queued now */
	long no_address;     /* reminders for units without an e-mail address */
	long held;           /* reminders waiting because the unit's address in
			      * the directory is unusable; mailed once it is fixed */
	struct dirmail_problems bad; /* the directory's unusable addresses */
	struct deliver_stats delivery;
};

/*
 * One run for o->mail->today: extends recurring work, decides and records
 * reminders and queues their mails (one transaction), then delivers every
 * pending mail (this run's and any earlier run's that failed).  Returns 0
 * or an ERR_* code; delivery failures are not errors of the run (they
 * are in st->delivery, retried next run).  A unit whose address in the
 * directory is unusable (st->bad) does not stop the run: its reminders wait
 * (st->held), every other unit is mailed, and the office gets, once a day,
 * the list of addresses to correct.  Release st with
 * remind_stats_release().
 */
int remind_run(struct store *s, const struct remind_opts *o, struct remind_stats *st,
	       struct err *err);
void remind_stats_release(struct remind_stats *st);

#endif
