/*
 * feed.c - the iCalendar feeds of work items, written with libical.  See
 * feed.h for the contract; this file is the wording and the RFC 5545
 * details.
 *
 * What clients do with a feed decides its shape.  Google, Outlook and
 * Apple ignore VTODO, so the default is one all-day VEVENT on the last
 * allowed day ("trước ngày X" allows X-1; the description keeps the phrase
 * as written).  Date values need no VTIMEZONE; the only timed values
 * (DTSTAMP, LAST-MODIFIED, COMPLETED) are UTC.
 *
 * SEQUENCE and LAST-MODIFIED come from the store: rev counts the writes
 * that moved the deadline or the workflow state, changed_at is the last
 * write of anything the event shows.  One status changes with no write:
 * work not done becomes overdue when its last allowed day has passed.
 * That change is made visible too, without the clock: SEQUENCE is
 * 2*rev + (1 when overdue), which only ever grows (a write that makes the
 * work on time again raises rev), and LAST-MODIFIED is then at least the
 * first overdue midnight in Vietnam.  Flags that move every day ("sắp đến
 * hạn", days left, "quá hạn dài ngày") stay out of the text, so the same
 * state on the same day is the same bytes and the next day only what the
 * overdue rule says differs (and the alarms of work now overdue go).
 *
 * libical spends some 20 us writing one event, so a long-running process
 * (the server) keeps each event's bytes keyed by a fingerprint of
 * everything the event is made from, and writes again only the events
 * whose inputs changed.  The cache is bounded (one event per slot, and a
 * byte cap) and shared between threads under a mutex.
 */
#include "tracker/feed.h"

#include <libical/ical.h>
#include <pthread.h>
#include <utf8proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/deadline.h"
#include "tracker/report.h"
#include "tracker/status.h"

#define DEFAULT_BASE "http://127.0.0.1:8080"
#define PRODID "-//tracker//Han nhiem vu//VI"
/* Summaries stay readable in a month view. */
#define SHORT_TASK_CHARS 60
/* Alarms at 08:00 in Vietnam, as Apple writes all-day alerts: three days
 * before the last allowed day, and on it. */
#define ALARM_BEFORE "-P2DT16H"
#define ALARM_ON_DAY "PT8H"
/* Clients show the event's title with an alarm; its own text stays short. */
#define ALARM_BEFORE_TEXT "Còn 3 ngày đến hạn"
#define ALARM_ON_DAY_TEXT "Hôm nay là hạn cuối"

/* ---- Times ----------------------------------------------------------------- */

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ", or -1. */
static long long stamp_seconds(const char *s)
{
	static const signed char at[14] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
	int v[14], i;
	struct ymd d;

	if (!s)
		return -1;
	for (i = 0; i < 14; i++) {
		if (!s[at[i]] || s[at[i]] < '0' || s[at[i]] > '9')
			return -1;
		v[i] = s[at[i]] - '0';
	}
	d.y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	d.m = v[4] * 10 + v[5];
	d.d = v[6] * 10 + v[7];
	if (d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31)
		return -1;
	return (long long)ymd_to_days(d) * 86400 + (v[8] * 10 + v[9]) * 3600 +
	       (v[10] * 10 + v[11]) * 60 + v[12] * 10 + v[13];
}

/* Midnight starting day d in Vietnam (UTC+7 all year), in UTC seconds. */
static long long vn_midnight(struct ymd d)
{
	return (long long)ymd_to_days(d) * 86400 - 7 * 3600;
}

static void split_seconds(long long secs, struct ymd *d, int *h, int *mi, int *se)
{
	long long days = secs / 86400, rem = secs % 86400;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	*d = ymd_from_days((long)days);
	*h = (int)(rem / 3600);
	*mi = (int)(rem / 60 % 60);
	*se = (int)(rem % 60);
}

static struct icaltimetype utc_value(long long secs)
{
	struct icaltimetype t = icaltime_null_time();
	struct ymd d;

	split_seconds(secs, &d, &t.hour, &t.minute, &t.second);
	t.year = d.y;
	t.month = d.m;
	t.day = d.d;
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

static struct icaltimetype date_value(struct ymd d)
{
	struct icaltimetype t = icaltime_null_date();

	t.year = d.y;
	t.month = d.m;
	t.day = d.d;
	return t;
}

/* RFC 9110's IMF-fixdate, spelled out: strftime's names follow the locale. */
static void http_date(long long secs, char buf[32])
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct ymd d;
	int h, mi, se;

	split_seconds(secs, &d, &h, &mi, &se);
	snprintf(buf, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", wd[ymd_weekday(d) % 7],
		 d.d % 100, mo[(d.m + 11) % 12], d.y % 10000, h % 100, mi % 100, se % 100);
}

/* ---- ETag and Last-Modified ------------------------------------------------------ */

static size_t base_len(const char *base)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	return n;
}

static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int feed_meta(struct store *s, const struct store_feed_scope *sc,
	      const struct feed_opts *o, struct feed_meta *m, struct store_err *err)
{
	struct store_feed_stamp st;
	const char *base = o->base_url ? o->base_url : DEFAULT_BASE;
	unsigned long long h = 14695981039346656037ULL;
	long long changed, day;
	char key[160];
	int rc;

	memset(m, 0, sizeof(*m));
	if (!o->today.y) {
		memset(err, 0, sizeof(*err));
		err->code = STORE_EINVAL;
		snprintf(err->msg, sizeof(err->msg), "no date for today");
		return STORE_EINVAL;
	}
	if ((rc = store_feed_stamp(s, sc, &st, err)))
		return rc;
	snprintf(key, sizeof(key), "%d|%d|%lld|%lld|%s|%04d-%02d-%02d|%d|", FEED_FORMAT,
		 (int)sc->kind, sc->id, st.gen, st.db_uid, o->today.y, o->today.m,
		 o->today.d, o->todo ? 1 : 0);
	h = fnv(h, key, strlen(key));
	h = fnv(h, base, base_len(base));
	snprintf(m->etag, sizeof(m->etag), "\"%016llx\"", h);
	changed = stamp_seconds(st.changed_at);
	day = vn_midnight(o->today);
	m->mtime = (time_t)(changed > day ? changed : day);
	http_date((long long)m->mtime, m->last_modified);
	store_feed_stamp_release(&st);
	return 0;
}

void feed_url(const char *base_url, const char *token, struct sbuf *sb)
{
	const char *base = base_url ? base_url : DEFAULT_BASE;

	sbuf_add(sb, base, base_len(base));
	sbuf_addf(sb, "/feeds/%s.ics", token);
}

/* ---- Folding --------------------------------------------------------------------- */

/* Bytes of the UTF-8 sequence a lead byte starts (1 for anything else). */
static size_t u8_seq(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

int feed_folded_ok(const char *in, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		start = i;
		while (i < len && in[i] != '\r' && in[i] != '\n')
			i++;
		if (i - start > 75 || i + 1 >= len || in[i] != '\r' || in[i + 1] != '\n')
			return 0;
		/* Each physical line holds whole characters (after a fold's space). */
		for (size_t k = start + (in[start] == ' ' && start > 0); k < i;) {
			size_t n = u8_seq((unsigned char)in[k]);
			if (((unsigned char)in[k] & 0xc0) == 0x80 || k + n > i)
				return 0;
			k += n;
		}
		i += 2;
	}
	return 1;
}

/* One logical line (no line end) folded into sb. */
static void fold_line(const char *p, size_t n, struct sbuf *sb)
{
	size_t room = 75;

	for (;;) {
		size_t cut = n;
		if (cut > room) {
			cut = room;
			while (cut > 0 && ((unsigned char)p[cut] & 0xc0) == 0x80)
				cut--;
		}
		sbuf_add(sb, p, cut);
		sbuf_add(sb, "\r\n", 2);
		p += cut;
		n -= cut;
		if (!n)
			break;
		sbuf_addc(sb, ' ');
		room = 74;
	}
}

void feed_refold(const char *in, size_t len, struct sbuf *sb)
{
	struct sbuf line;
	size_t i = 0;

	sbuf_init(&line, 0);
	while (i < len) {
		char c = in[i];
		if (c == '\r' || c == '\n') {
			size_t e = i + (c == '\r' && i + 1 < len && in[i + 1] == '\n' ? 2 : 1);
			if (e < len && (in[e] == ' ' || in[e] == '\t')) {
				i = e + 1; /* a fold: the line goes on */
				continue;
			}
			fold_line(line.buf ? line.buf : "", line.len, sb);
			sbuf_reset(&line);
			i = e;
			continue;
		}
		sbuf_addc(&line, c);
		i++;
	}
	if (line.len)
		fold_line(line.buf, line.len, sb);
	sbuf_release(&line);
}

/* ---- Wording --------------------------------------------------------------------- */

static int starts(const char *p, const char *w)
{
	return !strncmp(p, w, strlen(w));
}

static const char *skip_seps(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == ',')
			p++;
		else if (starts(p, "và "))
			p += strlen("và ");
		else
			return p;
	}
}

/*
 * The task's text without the assignment formula the month view has no
 * room for: "Giao <lead> chủ trì, phối hợp với <supports> rà soát ..."
 * becomes "Rà soát ...".  Gives up (keeps more) at the first surprise.
 */
static const char *task_core(const char *text, const char *unit, const char *supports)
{
	const char *p = text, *q;
	size_t ul = unit ? strlen(unit) : 0;

	if (starts(p, "Giao "))
		p += strlen("Giao ");
	if (!ul || strncmp(p, unit, ul))
		return text;
	p = skip_seps(p + ul);
	if (!starts(p, "chủ trì"))
		return p;
	p = skip_seps(p + strlen("chủ trì"));
	if (!starts(p, "phối hợp với ") || !supports)
		return p;
	q = skip_seps(p + strlen("phối hợp với "));
	while (*supports) {
		size_t n = strcspn(supports, ";");
		if (strncmp(q, supports, n))
			return p;
		q = skip_seps(q + n);
		supports += n;
		while (*supports == ';' || *supports == ' ')
			supports++;
	}
	return q;
}

/* Appends the first code point of p upper-cased; returns its length. */
static size_t add_upper_first(const char *p, struct sbuf *sb)
{
	utf8proc_int32_t cp;
	utf8proc_uint8_t buf[4];
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);

	if (n <= 0)
		return 0;
	sbuf_add(sb, (const char *)buf, (size_t)utf8proc_encode_char(utf8proc_toupper(cp), buf));
	return (size_t)n;
}

/* The short task of a summary: its core, one line, cut at a word. */
static void short_task(const struct store_feed_item *fi, struct sbuf *sb)
{
	const char *p = task_core(fi->it.task_text ? fi->it.task_text : "", fi->it.unit,
				  fi->supports);
	size_t start = sb->len, chars = 0, last_space = 0, i;

	p += add_upper_first(p, sb);
	for (i = 0; p[i] && chars < SHORT_TASK_CHARS; i++) {
		char c = p[i] == '\n' || p[i] == '\t' || p[i] == '\r' ? ' ' : p[i];
		if (c == ' ' && sb->len > start && sb->buf[sb->len - 1] == ' ')
			continue;
		if (((unsigned char)c & 0xc0) != 0x80)
			chars++;
		if (c == ' ')
			last_space = sb->len;
		sbuf_addc(sb, c);
	}
	/* Cut at the last whole word, then end on a letter, not a comma. */
	if (p[i] && p[i] != ' ' && last_space > start)
		sb->len = last_space;
	while (sb->len > start && strchr(" .,;:", sb->buf[sb->len - 1]))
		sb->len--;
	sb->buf[sb->len] = '\0';
	if (p[i])
		sbuf_adds(sb, "…");
}

static void summary(const struct store_feed_item *fi, struct sbuf *sb)
{
	int done = fi->it.state.status == TASK_DONE_ON_TIME ||
		   fi->it.state.status == TASK_DONE_LATE;

	sbuf_adds(sb, done ? "✓ Hạn: " : "Hạn: ");
	short_task(fi, sb);
	sbuf_addf(sb, " — %s", fi->it.unit ? fi->it.unit : "?");
}

static void status_words(const struct store_item *it, struct sbuf *sb)
{
	char d[11];

	sbuf_adds(sb, status_label(it->state.status));
	if (it->state.status == TASK_DONE_ON_TIME || it->state.status == TASK_DONE_LATE) {
		report_date(it->done_on, d);
		sbuf_addf(sb, " (ngày %s)", d);
	}
	if (it->state.awaiting) {
		report_date(it->reported_on, d);
		sbuf_addf(sb, ", chờ xác nhận (đơn vị báo hoàn thành ngày %s)", d);
	}
}

static void description(const struct store_feed_item *fi, const char *link, struct sbuf *sb)
{
	const struct store_item *it = &fi->it;
	char a[11], b[11];

	sbuf_adds(sb, "Hạn: ");
	report_deadline(it, sb);
	sbuf_adds(sb, "\n");
	if (it->state.extended) {
		report_date(it->state.original_last_day, a);
		report_date(it->state.last_day, b);
		sbuf_addf(sb, "Đã gia hạn: hạn cũ %s, hạn mới %s.\n", a, b);
	}
	sbuf_adds(sb, "Trạng thái: ");
	status_words(it, sb);
	sbuf_adds(sb, "\n");
	report_notice_ref(it, sb);
	if (it->task_ref && *it->task_ref)
		sbuf_addf(sb, ", mục %s", it->task_ref);
	if (it->seq)
		sbuf_addf(sb, ", kỳ %d", it->seq);
	sbuf_addf(sb, "\nNhiệm vụ: %s\n", it->task_text ? it->task_text : "");
	sbuf_addf(sb, "Chủ trì: %s\n", fi->leads ? fi->leads : it->unit ? it->unit : "-");
	if (fi->supports)
		sbuf_addf(sb, "Phối hợp: %s\n", fi->supports);
	sbuf_addf(sb, "Chi tiết: %s", link);
}

/* A CATEGORIES value: libical writes it as given, and a comma would split it. */
static void category(const struct store_item *it, struct sbuf *sb)
{
	const char *p;

	for (p = status_label(it->state.status); *p; p++)
		if (!strchr(",;\\", *p))
			sbuf_addc(sb, *p);
}

/* ---- Components ---------------------------------------------------------------------- */

struct build {
	const struct feed_opts *o;
	const char *base;
	size_t base_n;
	const char *db_uid;
	struct sbuf out;
	struct sbuf text; /* scratch */
	struct sbuf link;
	long events;
};

/* ---- The event cache ------------------------------------------------------------------ */

#define CACHE_SLOTS 65536                /* a power of two */
#define CACHE_MAX_BYTES ((size_t)96 << 20)

struct cached {
	long long id;             /* the item; 0: empty */
	int todo;
	unsigned long long fp;    /* fingerprint of the inputs */
	char *bytes;
	size_t len;
};

static struct cached *cache;
static size_t cache_bytes;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static struct cached *cache_slot(long long id, int todo)
{
	unsigned long long h = (unsigned long long)id * 2 + (todo ? 1 : 0);

	if (!cache)
		cache = xcalloc(CACHE_SLOTS, sizeof(*cache));
	return &cache[(h * 11400714819323198485ULL >> 48) & (CACHE_SLOTS - 1)];
}

/* Appends the cached bytes of the event to sb when its inputs are the same. */
static int cache_get(long long id, int todo, unsigned long long fp, struct sbuf *sb)
{
	struct cached *c;
	int hit;

	pthread_mutex_lock(&cache_lock);
	c = cache_slot(id, todo);
	hit = c->id == id && c->todo == todo && c->fp == fp && c->bytes;
	if (hit)
		sbuf_add(sb, c->bytes, c->len);
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void cache_put(long long id, int todo, unsigned long long fp, const char *bytes,
		      size_t len)
{
	struct cached *c;

	pthread_mutex_lock(&cache_lock);
	c = cache_slot(id, todo);
	cache_bytes -= c->len;
	free(c->bytes);
	memset(c, 0, sizeof(*c));
	if (cache_bytes + len <= CACHE_MAX_BYTES) {
		c->id = id;
		c->todo = todo;
		c->fp = fp;
		c->bytes = xmalloc(len);
		memcpy(c->bytes, bytes, len);
		c->len = len;
		cache_bytes += len;
	}
	pthread_mutex_unlock(&cache_lock);
}

void feed_cache_clear(void)
{
	size_t i;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; cache && i < CACHE_SLOTS; i++)
		free(cache[i].bytes);
	free(cache);
	cache = NULL;
	cache_bytes = 0;
	pthread_mutex_unlock(&cache_lock);
}

/* Eight bytes a step: the fingerprint reads every text of every event. */
static unsigned long long mix(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned long long w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, b, n);
	h = (h ^ w ^ (unsigned long long)n << 56) * 0x9e3779b97f4a7c15ULL;
	return h ^ h >> 31;
}

static unsigned long long fp_str(unsigned long long h, const char *s)
{
	/* The length keeps ("ab", "c") apart from ("a", "bc"). */
	size_t n = s ? strlen(s) : 0;

	h = mix(h, &n, sizeof(n));
	return s ? mix(h, s, n) : mix(h, "\xff", 1);
}

static unsigned long long fp_date(unsigned long long h, struct ymd d)
{
	int v[3] = {d.y, d.m, d.d};

	return mix(h, v, sizeof(v));
}

/* Everything add_item() reads, hashed; with the options and today's flags. */
static unsigned long long fingerprint(const struct store_feed_item *fi, const struct build *b,
				      int flags)
{
	const struct store_item *it = &fi->it;
	long long nums[8] = {it->id, it->task_id, it->seq, it->due_kind, it->work,
			     it->freq, fi->rev, FEED_FORMAT};
	int st[4] = {(int)it->state.status, it->state.awaiting, it->state.extended, flags};
	unsigned long long h = 14695981039346656037ULL;

	h = mix(h, nums, sizeof(nums));
	h = mix(h, st, sizeof(st));
	h = mix(h, b->base, b->base_n);
	h = fp_str(h, b->db_uid);
	h = fp_date(h, it->due);
	h = fp_date(h, it->last_day);
	h = fp_date(h, it->extended_to);
	h = fp_date(h, it->reported_on);
	h = fp_date(h, it->done_on);
	h = fp_date(h, it->notice_date);
	h = fp_date(h, it->state.last_day);
	h = fp_date(h, it->state.original_last_day);
	h = fp_str(h, it->unit);
	h = fp_str(h, it->due_text);
	h = fp_str(h, it->task_ref);
	h = fp_str(h, it->task_text);
	h = fp_str(h, it->notice_number);
	h = fp_str(h, fi->changed_at);
	h = fp_str(h, fi->leads);
	return fp_str(h, fi->supports);
}

static icalproperty *x_text(const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	return p;
}

static void add_alarm(icalcomponent *c, const char *when, int todo, const char *text)
{
	icalcomponent *a = icalcomponent_new(ICAL_VALARM_COMPONENT);
	icalproperty *t = icalproperty_new_trigger(icaltriggertype_from_string(when));

	/* A VTODO's alarm counts from its DUE; a VEVENT's from its DTSTART. */
	if (todo)
		icalproperty_add_parameter(t, icalparameter_new_related(ICAL_RELATED_END));
	icalcomponent_add_property(a, icalproperty_new_action(ICAL_ACTION_DISPLAY));
	icalcomponent_add_property(a, t);
	icalcomponent_add_property(a, icalproperty_new_description(text));
	icalcomponent_add_component(c, a);
}

/*
 * Appends libical's text to out, refolded when libical's folding breaks
 * the rules; `copy` gets the same bytes (what the cache keeps).
 */
static void append_folded(const char *str, struct sbuf *out, struct sbuf *copy)
{
	size_t n = strlen(str);

	sbuf_reset(copy);
	if (feed_folded_ok(str, n))
		sbuf_add(copy, str, n);
	else
		feed_refold(str, n, copy);
	sbuf_add(out, copy->buf ? copy->buf : "", copy->len);
}

static int add_item(const struct store_feed_item *fi, void *arg)
{
	struct build *b = arg;
	const struct store_item *it = &fi->it;
	const struct feed_opts *o = b->o;
	int overdue = it->state.status == TASK_OVERDUE;
	int done = it->state.status == TASK_DONE_ON_TIME || it->state.status == TASK_DONE_LATE;
	long long changed, since;
	unsigned long long fp;
	icalcomponent *c;
	char *str, uid[96];

	if (!it->state.last_day.y)
		return 0;
	fp = fingerprint(fi, b, (overdue ? 1 : 0) | (done ? 2 : 0) | (o->todo ? 4 : 0) |
			 (ymd_to_days(it->state.last_day) >= ymd_to_days(o->today) ? 8 : 0));
	if (cache_get(it->id, o->todo, fp, &b->out)) {
		b->events++;
		return 0;
	}
	changed = stamp_seconds(fi->changed_at);
	c = icalcomponent_new(o->todo ? ICAL_VTODO_COMPONENT : ICAL_VEVENT_COMPONENT);
	snprintf(uid, sizeof(uid), "item-%lld-%s@tracker", it->id, b->db_uid);
	if (overdue) {
		since = vn_midnight(ymd_from_days(ymd_to_days(it->state.last_day) + 1));
		if (since > changed)
			changed = since;
	}
	if (changed < 0)
		changed = 0;
	sbuf_reset(&b->link);
	sbuf_add(&b->link, b->base, b->base_n);
	sbuf_addf(&b->link, "/tasks/%lld#item-%lld", it->task_id, it->id);

	icalcomponent_add_property(c, icalproperty_new_uid(uid));
	icalcomponent_add_property(c, icalproperty_new_dtstamp(utc_value(changed)));
	if (o->todo) {
		icalcomponent_add_property(c, icalproperty_new_due(date_value(it->state.last_day)));
	} else {
		icalcomponent_add_property(c, icalproperty_new_dtstart(date_value(it->state.last_day)));
		icalcomponent_add_property(c, icalproperty_new_dtend(date_value(
			ymd_from_days(ymd_to_days(it->state.last_day) + 1))));
	}
	sbuf_reset(&b->text);
	summary(fi, &b->text);
	icalcomponent_add_property(c, icalproperty_new_summary(b->text.buf));
	if (!done && !overdue && ymd_to_days(it->state.last_day) >= ymd_to_days(o->today)) {
		add_alarm(c, ALARM_BEFORE, o->todo, ALARM_BEFORE_TEXT);
		add_alarm(c, ALARM_ON_DAY, o->todo, ALARM_ON_DAY_TEXT);
	}
	sbuf_reset(&b->text);
	description(fi, b->link.buf, &b->text);
	icalcomponent_add_property(c, icalproperty_new_description(b->text.buf));
	sbuf_reset(&b->text);
	category(it, &b->text);
	icalcomponent_add_property(c, icalproperty_new_categories(b->text.buf));
	icalcomponent_add_property(c, icalproperty_new_url(b->link.buf));
	icalcomponent_add_property(c, icalproperty_new_sequence(2 * fi->rev + overdue));
	icalcomponent_add_property(c, icalproperty_new_lastmodified(utc_value(changed)));
	if (o->todo) {
		icalcomponent_add_property(c, icalproperty_new_status(
			done ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION));
		if (done) {
			/* Noon in Vietnam: the same calendar day from UTC-5 to UTC+12. */
			icalcomponent_add_property(c, icalproperty_new_completed(
				utc_value(vn_midnight(it->done_on) + 12 * 3600)));
			icalcomponent_add_property(c, icalproperty_new_percentcomplete(100));
		}
	} else {
		/* A deadline does not make anyone busy. */
		icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	}
	str = icalcomponent_as_ical_string_r(c);
	icalcomponent_free(c);
	append_folded(str, &b->out, &b->text);
	cache_put(it->id, o->todo, fp, b->text.buf, b->text.len);
	icalmemory_free_buffer(str);
	b->events++;
	return 0;
}

/* The calendar's own lines, up to (not including) END:VCALENDAR. */
static void calendar_head(const struct store_feed_scope *sc, const struct store_feed_stamp *st,
			  struct build *b)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	struct icaldurationtype hour = icaldurationtype_from_string("PT1H");
	icalproperty *p;
	const char *end = "END:VCALENDAR";
	char *str, *cut;

	sbuf_reset(&b->text);
	sbuf_adds(&b->text, "Hạn nhiệm vụ — ");
	if (sc->kind == STORE_FEED_NOTICE)
		sbuf_addf(&b->text, "Văn bản %s%s", st->name ? "số " : "",
			  st->name ? st->name : "không số");
	else
		sbuf_adds(&b->text, st->name ? st->name : "?");
	if (sc->kind == STORE_FEED_OFFICE)
		sbuf_adds(&b->text, " (tất cả đơn vị)");
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(PRODID));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_name(b->text.buf));
	/*
	 * libical writes an X- value's commas and semicolons as they are; a
	 * name with one goes out as TEXT (escaped, with VALUE=TEXT), every
	 * other in the plain form calendar apps write.
	 */
	p = x_text("X-WR-CALNAME", b->text.buf);
	if (strpbrk(b->text.buf, ",;"))
		icalproperty_set_value(p, icalvalue_new_text(b->text.buf));
	icalcomponent_add_property(cal, p);
	icalcomponent_add_property(cal, x_text("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh"));
	p = icalproperty_new_refreshinterval(hour);
	icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_DURATION));
	icalcomponent_add_property(cal, p);
	icalcomponent_add_property(cal, x_text("X-PUBLISHED-TTL", "PT1H"));
	str = icalcomponent_as_ical_string_r(cal);
	cut = strstr(str, end);
	if (cut)
		*cut = '\0';
	append_folded(str, &b->out, &b->text);
	icalmemory_free_buffer(str);
	icalcomponent_free(cal);
}

int feed_build(struct store *s, const struct store_feed_scope *sc,
	       const struct feed_opts *o, char **out, size_t *len,
	       struct store_err *err)
{
	struct store_feed_stamp st;
	struct build b;
	int rc;

	*out = NULL;
	*len = 0;
	memset(&b, 0, sizeof(b));
	if ((rc = store_feed_stamp(s, sc, &st, err)))
		return rc;
	b.o = o;
	b.base = o->base_url ? o->base_url : DEFAULT_BASE;
	b.base_n = base_len(b.base);
	b.db_uid = st.db_uid;
	sbuf_init(&b.out, 0);
	sbuf_init(&b.text, 0);
	sbuf_init(&b.link, 0);
	calendar_head(sc, &st, &b);
	if ((rc = store_feed_scan(s, sc, o->today, add_item, &b, err)))
		goto out;
	sbuf_adds(&b.out, "END:VCALENDAR\r\n");
	if (b.out.toobig) {
		rc = STORE_EINVAL;
		err->code = rc;
		snprintf(err->msg, sizeof(err->msg), "the feed is larger than 256 MiB");
		goto out;
	}
	*len = b.out.len;
	*out = sbuf_detach(&b.out);
out:
	sbuf_release(&b.out);
	sbuf_release(&b.text);
	sbuf_release(&b.link);
	store_feed_stamp_release(&st);
	return rc;
}
