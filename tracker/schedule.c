/*
 * schedule.c - the daily reminder run and the weekly mail inside the server.
 */
#include "tracker/schedule.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracker/mail/mail.h"
#include "tracker/core/status.h"
#include "tracker/store/store.h"
#include "tracker/store/life.h"
#include "tracker/store/search.h"
#include "tracker/summary.h"

/* Vietnam has kept UTC+7 without daylight saving since 1975. */
#define VN_OFFSET (7 * 3600)

struct schedule {
	struct schedule_conf conf;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stopping;
};

long schedule_next_delay(time_t now, int hour, int minute)
{
	long local = (long)((now + VN_OFFSET) % 86400);
	long at = (long)hour * 3600 + (long)minute * 60;
	long d = at - local;

	return d > 0 ? d : d + 86400;
}

/* The overview's counts of the day kept after the day's writes (new
 * periods, reminders), so that the office's first look at the dashboard
 * does not wait for a count of every work item.  A failure keeps nothing
 * and costs that first look the count. */
static void keep_counts(struct store *s, struct ymd today)
{
	cJSON *j = NULL;
	struct err err;

	if (!summary_json(s, today, NULL, &j, &err))
		cJSON_Delete(j);
}

/* The search index merged into one b-tree for the day's searches.  Best
 * effort: a step that fails (a writer kept the lock past the busy
 * timeout) leaves the rest to tomorrow's run, and searches stay right. */
static void tidy_search(struct store *s)
{
	struct err err;
	int steps;

	store_search_tidy(s, STORE_TIDY_DAILY, &steps, &err);
}

static void run_once(struct schedule *sc)
{
	struct schedule_run r;
	struct store *s = NULL;
	struct err err;
	struct outmail_conf mc = sc->conf.mail;
	struct remind_opts o;
	struct deliver_stats ds;
	long mat = 0;

	memset(&r, 0, sizeof(r));
	memset(&ds, 0, sizeof(ds));
	mc.now = time(NULL);
	mc.today = sc->conf.fixed_today.y ? sc->conf.fixed_today : status_today(mc.now);
	r.today = mc.today;
	if (store_open(sc->conf.db_path, &s, &err))
		goto fail;
	memset(&o, 0, sizeof(o));
	o.rules = sc->conf.rules;
	o.mail = &mc;
	o.deliver = &sc->conf.deliver;
	if (remind_run(s, &o, &r.remind, &err))
		goto fail;
	/* Once per ISO week: report_weekly() knows whether this week's went. */
	if (store_materialize(s, mc.today, &mat, &err) ||
	    report_weekly(s, &mc, &r.weekly, &err))
		goto fail;
	if (deliver_pending(s, &sc->conf.deliver, &ds, &err))
		goto fail;
	tidy_search(s);
	keep_counts(s, mc.today);
	r.remind.delivery.sent += ds.sent;
	r.remind.delivery.failed = ds.failed;
	goto done;
fail:
	r.failed = 1;
	snprintf(r.msg, sizeof(r.msg), "%s", err.msg);
done:
	store_close(&s);
	if (sc->conf.on_run)
		sc->conf.on_run(&r, sc->conf.arg);
	remind_stats_release(&r.remind);
	deliver_stats_release(&ds);
}

static void *loop(void *arg)
{
	struct schedule *sc = arg;
	struct timespec until;

	for (;;) {
		run_once(sc);
		pthread_mutex_lock(&sc->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += schedule_next_delay(until.tv_sec, sc->conf.hour, sc->conf.minute);
		while (!sc->stopping &&
		       pthread_cond_timedwait(&sc->wake, &sc->lock, &until) != ETIMEDOUT)
			;
		if (sc->stopping) {
			pthread_mutex_unlock(&sc->lock);
			return NULL;
		}
		pthread_mutex_unlock(&sc->lock);
	}
}

int schedule_start(const struct schedule_conf *conf, struct schedule **out)
{
	struct schedule *sc = xcalloc(1, sizeof(*sc));

	*out = NULL;
	sc->conf = *conf;
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->wake, NULL);
	if (pthread_create(&sc->thread, NULL, loop, sc)) {
		pthread_cond_destroy(&sc->wake);
		pthread_mutex_destroy(&sc->lock);
		free(sc);
		return -1;
	}
	*out = sc;
	return 0;
}

void schedule_stop(struct schedule **sp)
{
	struct schedule *sc = sp ? *sp : NULL;

	if (!sc)
		return;
	pthread_mutex_lock(&sc->lock);
	sc->stopping = 1;
	pthread_cond_signal(&sc->wake);
	pthread_mutex_unlock(&sc->lock);
	pthread_join(sc->thread, NULL);
	pthread_cond_destroy(&sc->wake);
	pthread_mutex_destroy(&sc->lock);
	free(sc);
	*sp = NULL;
}
