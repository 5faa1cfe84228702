/*
 * feed.c - the iCalendar feeds of work items, written with ics.c and
 * libical.  See feed.h for the contract; this file is the wording and the
 * RFC 5545 details.
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
 * The events' lines are written by ics.c, not by libical, which is too
 * slow for a 10,000-event feed built in under 50 ms.  libical still writes
 * the calendar's own lines, and with feed_opts.libical every event too:
 * that is the reference the tests hold the fast writer to, content line
 * for content line.
 */
#include "tracker/feed/feed.h"

#include <libical/ical.h>
#include <utf8proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/deadline.h"
#include "tracker/feed/ics.h"
#include "tracker/wording.h"
#include "tracker/core/status.h"

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
	      const struct feed_opts *o, struct feed_meta *m, struct err *err)
{
	struct store_feed_stamp st;
	const char *base = o->base_url ? o->base_url : TRACKER_BASE_URL_DEFAULT;
	unsigned long long h = 14695981039346656037ULL;
	long long changed, day;
	char key[160];
	int rc;

	memset(m, 0, sizeof(*m));
	if (!o->today.y) {
		return err_set(err, ERR_INVAL, "no date for today");
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
	const char *base = base_url ? base_url : TRACKER_BASE_URL_DEFAULT;

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

/* One logical line (no line end) folded into sb, by ics.c's rule. */
static void fold_line(const char *p, size_t n, struct sbuf *sb)
{
	struct ics_line l = {sb, 0};

	ics_raw(&l, p, n);
	ics_end(&l);
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
	char buf[SHORT_TASK_CHARS * 4 + 4];
	size_t start = sb->len, n, chars = 0, last_space = 0, i;

	p += add_upper_first(p, sb);
	/* The first character is in sb; the rest gathers in buf (at most
	 * SHORT_TASK_CHARS whole characters) and goes in with one copy. */
	n = sb->len - start;
	if (n)
		memcpy(buf, sb->buf + start, n);
	sb->len = start;
	for (i = 0; p[i]; i++) {
		char c = p[i] == '\n' || p[i] == '\t' || p[i] == '\r' ? ' ' : p[i];
		int lead = ((unsigned char)c & 0xc0) != 0x80;
		if (lead && chars == SHORT_TASK_CHARS)
			break;
		if (c == ' ' && n && buf[n - 1] == ' ')
			continue;
		chars += lead;
		if (c == ' ')
			last_space = n;
		buf[n++] = c;
	}
	/* Cut at the last whole word, then end on a letter, not a comma. */
	if (p[i] && p[i] != ' ' && last_space > 0)
		n = last_space;
	while (n > 0 && strchr(" .,;:", buf[n - 1]))
		n--;
	sbuf_add(sb, buf, n);
	if (p[i])
		sbuf_adds(sb, "…");
}

static void summary(const struct store_feed_item *fi, struct sbuf *sb)
{
	int done = fi->it.state.status == TASK_DONE_ON_TIME ||
		   fi->it.state.status == TASK_DONE_LATE;

	sbuf_adds(sb, done ? "✓ Hạn: " : "Hạn: ");
	short_task(fi, sb);
	sbuf_adds(sb, " — ");
	sbuf_adds(sb, fi->it.unit ? fi->it.unit : "?");
}

static void status_words(const struct store_item *it, struct sbuf *sb)
{
	char d[11];

	sbuf_adds(sb, status_label(it->state.status));
	if (it->state.status == TASK_DONE_ON_TIME || it->state.status == TASK_DONE_LATE) {
		wording_date(it->done_on, d);
		sbuf_adds(sb, " (ngày ");
		sbuf_adds(sb, d);
		sbuf_addc(sb, ')');
	}
	if (it->state.awaiting) {
		wording_date(it->reported_on, d);
		sbuf_adds(sb, ", chờ xác nhận (đơn vị báo hoàn thành ngày ");
		sbuf_adds(sb, d);
		sbuf_addc(sb, ')');
	}
}

static void description(const struct store_feed_item *fi, const char *link, struct sbuf *sb)
{
	const struct store_item *it = &fi->it;
	char a[11], b[11];

	sbuf_adds(sb, "Hạn: ");
	wording_deadline(it, sb);
	sbuf_adds(sb, "\n");
	if (it->state.extended) {
		wording_date(it->state.original_last_day, a);
		wording_date(it->state.last_day, b);
		sbuf_addf(sb, "Đã gia hạn: hạn cũ %s, hạn mới %s.\n", a, b);
	}
	sbuf_adds(sb, "Trạng thái: ");
	status_words(it, sb);
	sbuf_adds(sb, "\n");
	wording_notice_ref(it, sb);
	if (it->task_ref && *it->task_ref) {
		sbuf_adds(sb, ", mục ");
		sbuf_adds(sb, it->task_ref);
	}
	if (it->seq) {
		sbuf_adds(sb, ", kỳ ");
		sbuf_addi(sb, it->seq);
	}
	sbuf_adds(sb, "\nNhiệm vụ: ");
	sbuf_adds(sb, it->task_text ? it->task_text : "");
	sbuf_adds(sb, "\nChủ trì: ");
	sbuf_adds(sb, fi->leads ? fi->leads : it->unit ? it->unit : "-");
	sbuf_addc(sb, '\n');
	if (fi->supports) {
		sbuf_adds(sb, "Phối hợp: ");
		sbuf_adds(sb, fi->supports);
		sbuf_addc(sb, '\n');
	}
	sbuf_adds(sb, "Chi tiết: ");
	sbuf_adds(sb, link);
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
 * the rules; `copy` is scratch space.
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

/* What an event shows besides its text, the same for both writers. */
struct shape {
	int overdue, done, alarms;
	long long changed; /* DTSTAMP and LAST-MODIFIED, UTC seconds */
};

/* The event's UID, stable across builds: "item-<id>-<database>@tracker". */
static void uid_of(const struct store_feed_item *fi, const struct build *b, struct sbuf *sb)
{
	sbuf_adds(sb, "item-");
	sbuf_addi(sb, fi->it.id);
	sbuf_addc(sb, '-');
	sbuf_adds(sb, b->db_uid);
	sbuf_adds(sb, "@tracker");
}

static void shape_of(const struct store_feed_item *fi, struct build *b, struct shape *sh)
{
	const struct store_item *it = &fi->it;

	sh->overdue = it->state.status == TASK_OVERDUE;
	sh->done = it->state.status == TASK_DONE_ON_TIME || it->state.status == TASK_DONE_LATE;
	sh->alarms = !sh->done && !sh->overdue &&
		     ymd_to_days(it->state.last_day) >= ymd_to_days(b->o->today);
	sh->changed = stamp_seconds(fi->changed_at);
	if (sh->overdue) {
		long long since = vn_midnight(ymd_from_days(ymd_to_days(it->state.last_day) + 1));
		if (since > sh->changed)
			sh->changed = since;
	}
	if (sh->changed < 0)
		sh->changed = 0;
	sbuf_reset(&b->link);
	sbuf_add(&b->link, b->base, b->base_n);
	sbuf_adds(&b->link, "/tasks/");
	sbuf_addi(&b->link, it->task_id);
	sbuf_adds(&b->link, "#item-");
	sbuf_addi(&b->link, it->id);
}

/* The reference writer: one libical component per item, as libical writes it. */
static void add_item_libical(const struct store_feed_item *fi, struct build *b,
			     const struct shape *sh)
{
	const struct store_item *it = &fi->it;
	const struct feed_opts *o = b->o;
	icalcomponent *c;
	char *str;

	c = icalcomponent_new(o->todo ? ICAL_VTODO_COMPONENT : ICAL_VEVENT_COMPONENT);
	sbuf_reset(&b->text);
	uid_of(fi, b, &b->text);
	icalcomponent_add_property(c, icalproperty_new_uid(b->text.buf));
	icalcomponent_add_property(c, icalproperty_new_dtstamp(utc_value(sh->changed)));
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
	if (sh->alarms) {
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
	icalcomponent_add_property(c, icalproperty_new_sequence(2 * fi->rev + sh->overdue));
	icalcomponent_add_property(c, icalproperty_new_lastmodified(utc_value(sh->changed)));
	if (o->todo) {
		icalcomponent_add_property(c, icalproperty_new_status(
			sh->done ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION));
		if (sh->done) {
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
	icalmemory_free_buffer(str);
}

static void alarm_lines(struct sbuf *sb, const char *when, int todo, const char *text)
{
	sbuf_adds(sb, "BEGIN:VALARM\r\n");
	ics_prop(sb, "ACTION", "DISPLAY");
	ics_prop(sb, todo ? "TRIGGER;RELATED=END" : "TRIGGER", when);
	ics_prop_text(sb, "DESCRIPTION", text);
	sbuf_adds(sb, "END:VALARM\r\n");
}

/*
 * The writer feeds use: the same content lines as add_item_libical(), in
 * the same order (libical writes a component's properties, then its
 * subcomponents), straight into the feed.
 */
static void add_item_lines(const struct store_feed_item *fi, struct build *b,
			   const struct shape *sh)
{
	const struct store_item *it = &fi->it;
	int todo = b->o->todo;
	struct sbuf *out = &b->out;

	sbuf_adds(out, todo ? "BEGIN:VTODO\r\n" : "BEGIN:VEVENT\r\n");
	sbuf_reset(&b->text);
	uid_of(fi, b, &b->text);
	ics_prop_text(out, "UID", b->text.buf);
	ics_prop_utc(out, "DTSTAMP", sh->changed);
	if (todo) {
		ics_prop_date(out, "DUE;VALUE=DATE", it->state.last_day);
	} else {
		ics_prop_date(out, "DTSTART;VALUE=DATE", it->state.last_day);
		ics_prop_date(out, "DTEND;VALUE=DATE",
			      ymd_from_days(ymd_to_days(it->state.last_day) + 1));
	}
	sbuf_reset(&b->text);
	summary(fi, &b->text);
	ics_prop_text(out, "SUMMARY", b->text.buf);
	sbuf_reset(&b->text);
	description(fi, b->link.buf, &b->text);
	ics_prop_text(out, "DESCRIPTION", b->text.buf);
	sbuf_reset(&b->text);
	category(it, &b->text);
	ics_prop_text(out, "CATEGORIES", b->text.buf ? b->text.buf : "");
	ics_prop(out, "URL", b->link.buf);
	ics_prop_int(out, "SEQUENCE", 2 * fi->rev + sh->overdue);
	ics_prop_utc(out, "LAST-MODIFIED", sh->changed);
	if (todo) {
		ics_prop(out, "STATUS", sh->done ? "COMPLETED" : "NEEDS-ACTION");
		if (sh->done) {
			ics_prop_utc(out, "COMPLETED", vn_midnight(it->done_on) + 12 * 3600);
			ics_prop_int(out, "PERCENT-COMPLETE", 100);
		}
	} else {
		ics_prop(out, "TRANSP", "TRANSPARENT");
	}
	if (sh->alarms) {
		alarm_lines(out, ALARM_BEFORE, todo, ALARM_BEFORE_TEXT);
		alarm_lines(out, ALARM_ON_DAY, todo, ALARM_ON_DAY_TEXT);
	}
	sbuf_adds(out, todo ? "END:VTODO\r\n" : "END:VEVENT\r\n");
}

static int add_item(const struct store_feed_item *fi, void *arg)
{
	struct build *b = arg;
	struct shape sh;

	if (!fi->it.state.last_day.y)
		return 0;
	shape_of(fi, b, &sh);
	if (b->o->libical)
		add_item_libical(fi, b, &sh);
	else
		add_item_lines(fi, b, &sh);
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
	       struct err *err)
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
	b.base = o->base_url ? o->base_url : TRACKER_BASE_URL_DEFAULT;
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
		rc = err_set(err, ERR_INVAL, "the feed is larger than 256 MiB");
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
