/*
 * test_feed.c - the feed module's parts that the end-to-end test
 * (t_feed.sh) cannot reach directly: folding of text libical might fold
 * wrongly, feed tokens at the store's API (valid, unknown, gone), and the
 * ETag's dependence on writes, the day and the options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"
#include "tracker/feed/feed.h"
#include "tracker/feed/ics.h"
#include "tracker/store/store.h"
#include "tracker/store/feed.h"
#include "tracker/store/import.h"
#include "tracker/store/life.h"
#include "tracker/store/units.h"

static struct ymd D(int y, int m, int d)
{
	struct ymd r = {y, m, d};
	return r;
}

/* ---- Folding ------------------------------------------------------------------ */

static void test_fold(void)
{
	struct sbuf in, out;
	int i, ok = 1;
	size_t k, start;

	sbuf_init(&in, 0);
	sbuf_init(&out, 0);
	/* 3-byte letters after a 12-byte name: a 75-octet cut falls inside one. */
	sbuf_adds(&in, "SUMMARY:Hạn: ");
	for (i = 0; i < 60; i++)
		sbuf_adds(&in, "ữ");
	sbuf_adds(&in, "\r\nUID:x\r\n");
	test_cond("a 190-octet line is not folded right", !feed_folded_ok(in.buf, in.len));
	feed_refold(in.buf, in.len, &out);
	test_cond("refolded text keeps the rules", feed_folded_ok(out.buf, out.len));
	for (k = 0, start = 0; k + 1 < out.len; k++) {
		if (out.buf[k] == '\r' && out.buf[k + 1] == '\n') {
			if (k - start > 75)
				ok = 0;
			if (k + 2 < out.len && out.buf[k + 2] == ' ' &&
			    ((unsigned char)out.buf[k + 3] & 0xc0) == 0x80)
				ok = 0;
			start = k + 2;
		}
	}
	test_cond("refolded lines hold <= 75 octets and start on a character", ok);
	{
		/* Unfolding what was refolded gives the original logical lines. */
		struct sbuf un;
		sbuf_init(&un, 0);
		for (k = 0; k < out.len; k++) {
			if (out.buf[k] == '\r' && k + 2 < out.len && out.buf[k + 2] == ' ') {
				k += 2;
				continue;
			}
			sbuf_addc(&un, out.buf[k]);
		}
		test_cond("unfolding gives the text back", un.len == in.len &&
			  !memcmp(un.buf, in.buf, in.len));
		sbuf_release(&un);
	}
	/* A fold that splits "ữ" (e1 bbaf) between lines, as old libicals did. */
	sbuf_reset(&in);
	sbuf_adds(&in, "SUMMARY:a\xe1\xbb\r\n \xaf" "b\r\n");
	test_cond("a fold inside a character is caught", !feed_folded_ok(in.buf, in.len));
	sbuf_reset(&out);
	feed_refold(in.buf, in.len, &out);
	test_cond("and mended", out.len == strlen("SUMMARY:aữb\r\n") &&
		  !memcmp(out.buf, "SUMMARY:aữb\r\n", out.len));
	sbuf_reset(&in);
	sbuf_adds(&in, "A:b\nC:d\r\n");
	test_cond("a bare LF is caught", !feed_folded_ok(in.buf, in.len));
	sbuf_reset(&in);
	sbuf_reset(&out);
	sbuf_adds(&in, "X:");
	for (i = 0; i < 200; i++)
		sbuf_addc(&in, (char)0x80);
	sbuf_adds(&in, "\r\n");
	feed_refold(in.buf, in.len, &out);
	test_cond("refolding bytes that are not UTF-8 ends", out.len > in.len);
	sbuf_release(&in);
	sbuf_release(&out);
}

/*
 * ics.c on runs of 0..200 characters of 1 to 4 bytes, and of characters
 * TEXT escapes, after names of three lengths: every remainder a fold can
 * leave.  Unfolded, the line must be the escaped text; folded, it must
 * keep the rules and fold as late as they allow (a physical line is cut
 * only where the next character would not fit in 75 octets).
 */
static char *unfold(const char *s, size_t n, size_t *out_n);

static int folded_late(const char *s, size_t n)
{
	size_t i = 0, start, len;

	while (i < n) {
		start = i;
		while (i + 1 < n && !(s[i] == '\r' && s[i + 1] == '\n'))
			i++;
		len = i - start;
		i += 2;
		if (i < n && s[i] == ' ') {
			unsigned char c = (unsigned char)s[i + 1];
			size_t next = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			if (len + next <= 75)
				return 0;
		}
	}
	return 1;
}

static void test_ics(void)
{
	static const char *const chars[] = {"a", "đ", "ố", "😀", ",", "\\", "\n", "a;"};
	static const char *const escaped[] = {"a", "đ", "ố", "😀", "\\,", "\\\\", "\\n", "a\\;"};
	static const char *const names[] = {"X", "DESCRIPTION", "SUMMARY;LANGUAGE=vi"};
	struct sbuf text, want, got;
	size_t c, k, i, nm;
	int ok = 1, bad = 0;

	sbuf_init(&text, 0);
	sbuf_init(&want, 0);
	sbuf_init(&got, 0);
	for (c = 0; c < sizeof(chars) / sizeof(*chars); c++)
		for (nm = 0; nm < 3; nm++)
			for (k = 0; k <= 200; k++) {
				sbuf_reset(&text);
				sbuf_reset(&want);
				sbuf_reset(&got);
				sbuf_adds(&want, names[nm]);
				sbuf_addc(&want, ':');
				for (i = 0; i < k; i++) {
					sbuf_adds(&text, chars[c]);
					sbuf_adds(&want, escaped[c]);
				}
				sbuf_adds(&want, "\r\n");
				ics_prop_text(&got, names[nm], text.buf ? text.buf : "");
				char *un = NULL;
				size_t unl = 0;
				if (got.buf)
					un = unfold(got.buf, got.len, &unl);
				if (!un || !feed_folded_ok(got.buf, got.len) ||
				    !folded_late(got.buf, got.len) || unl != want.len ||
				    memcmp(un, want.buf, unl)) {
					ok = 0;
					if (!bad++)
						printf("#   %s x %zu after %s:\n#   %s\n", chars[c], k,
						       names[nm], got.buf);
				}
				free(un);
			}
	test_cond("ics.c escapes runs of every length and folds them as late as the rules allow", ok);
	sbuf_reset(&got);
	ics_prop_date(&got, "DTSTART;VALUE=DATE", D(2023, 1, 4));
	ics_prop_utc(&got, "DTSTAMP", 0);
	ics_prop_utc(&got, "COMPLETED", 1672790400LL + 86399);
	ics_prop_utc(&got, "LAST-MODIFIED", -1);
	ics_prop_int(&got, "SEQUENCE", -12);
	test_cond("dates, UTC times and integers are written as RFC 5545 spells them",
		  !strcmp(got.buf, "DTSTART;VALUE=DATE:20230104\r\nDTSTAMP:19700101T000000Z\r\n"
			  "COMPLETED:20230104T235959Z\r\nLAST-MODIFIED:19691231T235959Z\r\n"
			  "SEQUENCE:-12\r\n"));
	sbuf_release(&text);
	sbuf_release(&want);
	sbuf_release(&got);
}

/* ---- A store with two units and one notice ----------------------------------- */

static const char units_json[] =
	"{\"office\": \"Văn phòng UBND tỉnh\", \"units\": ["
	" {\"name\": \"Văn phòng UBND tỉnh\"},"
	" {\"name\": \"Sở Nội vụ\"}, {\"name\": \"Sở Tư pháp\"}],"
	" \"groups\": [{\"name\": \"Các sở\", \"members\": [\"Sở Nội vụ\", \"Sở Tư pháp\"]}]}";

static void add_task(struct notice *n, const char *ref, const char *text, const char *lead,
		     struct ymd due, enum due_kind kind)
{
	struct notice_task *t;

	n->tasks = xrealloc(n->tasks, (n->n_tasks + 1) * sizeof(*n->tasks));
	t = &n->tasks[n->n_tasks++];
	memset(t, 0, sizeof(*t));
	t->ref = xstrdup(ref);
	t->text = xstrdup(text);
	t->owners = xcalloc(1, sizeof(char *));
	t->co_owners = xcalloc(1, sizeof(char *));
	t->owners[t->n_owners++] = xstrdup(lead);
	t->due = due;
	t->due_kind = kind;
	t->line = (int)n->n_tasks;
}

static struct store *setup(const char *path, struct unitdir **ud)
{
	struct notice *n = xcalloc(1, sizeof(*n));
	struct store_import_opts opts;
	struct store_import_result res;
	struct err perr;
	struct err err;
	struct store *s = NULL;

	unlink(path);
	memset(&perr, 0, sizeof(perr));
	if (unitdir_load(units_json, strlen(units_json), ud, &perr) ||
	    store_open(path, &s, &err) || store_sync_units(s, *ud, &err)) {
		printf("not ok - setup: %s %s\n", perr.msg, s ? err.msg : "");
		exit(1);
	}
	n->number = xstrdup("9/TB-VP");
	n->date = D(2022, 12, 2);
	n->title = xstrdup("Kết luận");
	n->text = xstrdup("Số: 9/TB-VP\n1. Sở Nội vụ ...\n2. Sở Tư pháp ...\n");
	add_task(n, "1", "Sở Nội vụ rà soát quy chế.", "Sở Nội vụ", D(2023, 1, 5), DUE_BEFORE);
	add_task(n, "2", "Sở Tư pháp thẩm định dự thảo.", "Sở Tư pháp", D(2023, 1, 5), DUE_BY);
	memset(&opts, 0, sizeof(opts));
	memset(&res, 0, sizeof(res));
	opts.units = *ud;
	opts.today = D(2022, 12, 20);
	if (store_import(s, n, &opts, &res, &err)) {
		printf("not ok - import: %s\n", err.msg);
		exit(1);
	}
	store_import_result_release(&res);
	notice_free(&n);
	return s;
}

static void test_tokens(struct store *s)
{
	struct store_feed_scope nv = {STORE_FEED_UNIT, 0}, got, grp = {STORE_FEED_UNIT, 0};
	struct store_feed_scope office = {STORE_FEED_OFFICE, 0}, none = {STORE_FEED_NOTICE, 999};
	enum store_token_state st;
	struct err err;
	char t1[STORE_TOKEN_CHARS + 1], t2[STORE_TOKEN_CHARS + 1], t3[STORE_TOKEN_CHARS + 1];
	int rc;

	store_unit_id(s, "Sở Nội vụ", &nv.id, &err);
	store_unit_id(s, "Các sở", &grp.id, &err);
	store_unit_id(s, "Văn phòng UBND tỉnh", &office.id, &err);
	rc = store_feed_token_issue(s, &nv, 0, t1, &err);
	test_cond("a unit gets a token of 22 base64url characters",
		  rc == 0 && strlen(t1) == STORE_TOKEN_CHARS &&
		  strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
		  STORE_TOKEN_CHARS);
	rc = store_feed_token_lookup(s, t1, &st, &got, &err);
	test_cond("its token looks up as valid, scoped to the unit",
		  rc == 0 && st == STORE_TOKEN_VALID && got.kind == STORE_FEED_UNIT && got.id == nv.id);
	test_cond("a second token needs rotate", store_feed_token_issue(s, &nv, 0, t2, &err) ==
		  ERR_BADSTATE && t2[0] == '\0');
	rc = store_feed_token_issue(s, &nv, 1, t2, &err);
	test_cond("rotate gives another token", rc == 0 && strcmp(t1, t2));
	store_feed_token_lookup(s, t1, &st, &got, &err);
	test_cond("the rotated-away token is gone", st == STORE_TOKEN_GONE);
	store_feed_token_lookup(s, t2, &st, &got, &err);
	test_cond("the new one is valid", st == STORE_TOKEN_VALID && got.id == nv.id);
	test_cond("revoke ends it", store_feed_token_revoke(s, &nv, &err) == 0);
	store_feed_token_lookup(s, t2, &st, &got, &err);
	test_cond("the revoked token is gone", st == STORE_TOKEN_GONE);
	test_cond("nothing left to revoke", store_feed_token_revoke(s, &nv, &err) == ERR_NOTFOUND);
	/* One character changed: well-shaped, never issued. */
	memcpy(t3, t1, sizeof(t3));
	t3[0] = t3[0] == 'A' ? 'B' : 'A';
	store_feed_token_lookup(s, t3, &st, &got, &err);
	test_cond("a token never issued is unknown", st == STORE_TOKEN_UNKNOWN);
	store_feed_token_lookup(s, "short", &st, &got, &err);
	test_cond("a string of the wrong length is unknown", st == STORE_TOKEN_UNKNOWN);
	store_feed_token_lookup(s, "AAAAAAAAAAAAAAAAAAAA/.", &st, &got, &err);
	test_cond("a string with other characters is unknown", st == STORE_TOKEN_UNKNOWN);
	test_cond("a group gets no token", store_feed_token_issue(s, &grp, 0, t3, &err) == ERR_INVAL);
	test_cond("a missing notice gets no token",
		  store_feed_token_issue(s, &none, 0, t3, &err) == ERR_NOTFOUND);
	rc = store_feed_token_issue(s, &office, 0, t3, &err);
	store_feed_token_lookup(s, t3, &st, &got, &err);
	test_cond("the office's token keeps the office scope",
		  rc == 0 && st == STORE_TOKEN_VALID && got.kind == STORE_FEED_OFFICE && got.id == office.id);
}

static void test_meta(struct store *s)
{
	struct store_feed_scope nv = {STORE_FEED_UNIT, 0}, tp = {STORE_FEED_UNIT, 0};
	struct store_feed_scope office = {STORE_FEED_OFFICE, 0};
	struct feed_opts o = {0, "https://x.example", {2022, 12, 20}, 0};
	struct feed_meta a, b, c, d, e, f, g, h;
	struct store_act act;
	struct err err;
	long long item = 0;
	char *x = NULL, *y = NULL;
	size_t xl = 0, yl = 0;

	store_unit_id(s, "Sở Nội vụ", &nv.id, &err);
	store_unit_id(s, "Sở Tư pháp", &tp.id, &err);
	store_unit_id(s, "Văn phòng UBND tỉnh", &office.id, &err);
	feed_meta(s, &nv, &o, &a, &err);
	feed_meta(s, &nv, &o, &b, &err);
	test_cond("the same state has the same ETag", !strcmp(a.etag, b.etag) &&
		  !strcmp(a.last_modified, b.last_modified));
	o.today = D(2022, 12, 21);
	feed_meta(s, &nv, &o, &c, &err);
	test_cond("another day, another ETag; Last-Modified no earlier than its midnight",
		  strcmp(a.etag, c.etag) && c.mtime >= (time_t)(19347 * 86400LL - 7 * 3600));
	o.today = D(2022, 12, 20);
	o.base_url = "https://y.example";
	feed_meta(s, &nv, &o, &d, &err);
	test_cond("another base URL, another ETag", strcmp(a.etag, d.etag));
	o.base_url = "https://x.example";
	feed_meta(s, &tp, &o, &e, &err);
	feed_meta(s, &office, &o, &g, &err);
	feed_build(s, &nv, &o, &x, &xl, &err);
	store_find_item(s, 2, "Sở Tư pháp", STORE_ACT_DONE, &item, &err);
	memset(&act, 0, sizeof(act));
	act.action = STORE_ACT_DONE;
	act.item_id = item;
	act.today = o.today;
	test_cond("Sở Tư pháp reports its work done", store_act(s, &act, NULL, &err) == 0);
	feed_meta(s, &nv, &o, &b, &err);
	feed_meta(s, &tp, &o, &f, &err);
	feed_meta(s, &office, &o, &h, &err);
	feed_build(s, &nv, &o, &y, &yl, &err);
	test_cond("the writing unit's ETag changes", strcmp(e.etag, f.etag));
	test_cond("the office's ETag changes", strcmp(g.etag, h.etag));
	test_cond("another unit's ETag and bytes do not", !strcmp(a.etag, b.etag) && xl == yl &&
		  x && y && !memcmp(x, y, xl));
	test_cond("the feed's bytes pass the folding check", x && feed_folded_ok(x, xl));
	free(x);
	free(y);
	{
		struct store_feed_scope missing = {STORE_FEED_UNIT, 12345};
		test_cond("a missing unit has no meta",
			  feed_meta(s, &missing, &o, &a, &err) == ERR_NOTFOUND);
	}
}

/* ---- The fast writer against libical ------------------------------------------ */

/* The content lines of iCalendar text: folds (CRLF + space) removed. */
static char *unfold(const char *s, size_t n, size_t *out_n)
{
	char *o = xmalloc(n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (i + 2 < n && s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ') {
			i += 2;
			continue;
		}
		o[k++] = s[i];
	}
	o[k] = 0;
	*out_n = k;
	return o;
}

/* Removes the C0 controls (but CR LF) and DEL that libical lets through. */
static size_t drop_controls(char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f)
			continue;
		s[k++] = s[i];
	}
	s[k] = 0;
	return k;
}

/*
 * Texts that make escaping and folding work: every ASCII punctuation
 * character, tabs, newlines and CRLF, words longer than a line in 2-, 3-
 * and 4-byte characters starting at every offset a fold can meet, and
 * controls RFC 5545 forbids.
 */
static void test_writer(struct store *s, struct unitdir *ud)
{
	struct notice *n = xcalloc(1, sizeof(*n));
	struct store_feed_scope nv = {STORE_FEED_UNIT, 0};
	struct store_import_opts opts;
	struct store_import_result res;
	struct feed_opts o = {0, "https://x.example/a,b;c", {2022, 12, 20}, 0};
	struct err err;
	struct sbuf t;
	int k, todo, same = 1, folded = 1, clean = 1, ctl_same = 1, events = 0;

	n->number = xstrdup("10/TB-VP");
	n->date = D(2022, 12, 3);
	n->text = xstrdup("Số: 10/TB-VP\n(văn bản thử bộ ghi lịch)\n");
	add_task(n, "1", "Sở Nội vụ: a,b;c\\d \"q\" <x> & 'y' :colon\ttab\nnewline\r\nCRLF "
		 "!#$%()*+-./=?@[]^_`{|}~ end,;\\", "Sở Nội vụ", D(2023, 1, 5), DUE_BEFORE);
	sbuf_init(&t, 0);
	for (k = 0; k < 8; k++) {
		char ref[16];
		int i;
		sbuf_reset(&t);
		for (i = 0; i < k; i++)
			sbuf_addc(&t, 'x');
		for (i = 0; i < 60; i++)
			sbuf_adds(&t, k % 4 == 0 ? "ố" : k % 4 == 1 ? "đ" : k % 4 == 2 ? "😀" : "\\,");
		sbuf_adds(&t, " Sở Nội vụ báo cáo.");
		snprintf(ref, sizeof(ref), "%d", k + 2);
		add_task(n, ref, t.buf, "Sở Nội vụ", D(2023, 2, 1 + k), k % 2 ? DUE_BY : DUE_BEFORE);
	}
	add_task(n, "10", "Sở Nội vụ kiểm tra \x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f ký tự điều khiển.",
		 "Sở Nội vụ", D(2023, 3, 1), DUE_BY);
	memset(&opts, 0, sizeof(opts));
	memset(&res, 0, sizeof(res));
	opts.units = ud;
	opts.today = D(2022, 12, 20);
	test_cond("the writer's test notice imports", store_import(s, n, &opts, &res, &err) == 0);
	store_import_result_release(&res);
	notice_free(&n);
	store_unit_id(s, "Sở Nội vụ", &nv.id, &err);

	for (todo = 0; todo < 2; todo++) {
		char *fast = NULL, *ref = NULL, *uf, *ur;
		size_t fl = 0, rl = 0, ufl, url, i;
		o.todo = todo;
		o.libical = 0;
		feed_build(s, &nv, &o, &fast, &fl, &err);
		o.libical = 1;
		feed_build(s, &nv, &o, &ref, &rl, &err);
		if (!fast || !ref) {
			same = 0;
			free(fast);
			free(ref);
			continue;
		}
		folded &= feed_folded_ok(fast, fl);
		for (i = 0; i < fl; i++)
			if (((unsigned char)fast[i] < 0x20 && !strchr("\r\n\t", fast[i])) ||
			    fast[i] == 0x7f)
				clean = 0;
		uf = unfold(fast, fl, &ufl);
		ur = unfold(ref, rl, &url);
		for (char *p = uf; (p = strstr(p, "BEGIN:V")); p++)
			events += !strncmp(p, "BEGIN:VEVENT", 12) || !strncmp(p, "BEGIN:VTODO", 11);
		/* Equal but for the controls libical writes as they are. */
		if (ufl != url || memcmp(uf, ur, ufl))
			same = 0;
		url = drop_controls(ur, url);
		ctl_same &= ufl == url && !memcmp(uf, ur, ufl);
		free(uf);
		free(ur);
		free(fast);
		free(ref);
	}
	test_cond("the writer wrote every item, events and todos", events == 2 * 11);
	test_cond("its lines keep the folding rules", folded);
	test_cond("it writes no control character RFC 5545 forbids in TEXT", clean);
	test_cond("its content lines are libical's, byte for byte, but for those controls",
		  ctl_same);
	test_cond("(libical writes them as they are)", !same);
	sbuf_release(&t);
}

int main(void)
{
	char dir[] = "/tmp/test_feed.XXXXXX";
	struct unitdir *ud = NULL;
	struct store *s;
	char *path, *wal, *shm;

	test_fold();
	test_ics();
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	path = xasprintf("%s/t.db", dir);
	wal = xasprintf("%s-wal", path);
	shm = xasprintf("%s-shm", path);
	s = setup(path, &ud);
	test_tokens(s);
	test_meta(s);
	test_writer(s, ud);
	store_close(&s);
	unitdir_free(&ud);
	unlink(wal);
	unlink(shm);
	unlink(path);
	rmdir(dir);
	free(path);
	free(wal);
	free(shm);
	return test_report();
}
