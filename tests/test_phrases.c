/*
 * test_phrases.c - runs the parser's phrase cases kept as data (after cmark's
 * spec.txt and jq's jq.test): tests/parse/deadlines.test through
 * deadline_find(), and tests/parse/owners.test through owners_find() with the
 * fixture directory tests/parse/units.json.  Prints one "ok" or "not ok" line
 * per case, naming the file and line; the formats are described at the top
 * of each .test file.  Runs from the top of the tree.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "notices/deadline.h"
#include "notices/notice.h"
#include "notices/owners.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tests/testhelp.h"

#define DEADLINES_FILE "tests/parse/deadlines.test"
#define OWNERS_FILE    "tests/parse/owners.test"
#define UNITS_FILE     "tests/parse/units.json"

/* A borrowed slice of a line. */
struct span {
	const char *p;
	size_t n;
};

static struct span trim(struct span s)
{
	while (s.n && isspace((unsigned char)s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && isspace((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Copies a span and collapses each run of white space into one space. */
static char *squeeze(struct span s)
{
	char *out = xmalloc(s.n + 1), *o = out;
	int space = 0;

	s = trim(s);
	for (size_t i = 0; i < s.n; i++) {
		if (isspace((unsigned char)s.p[i])) {
			space = 1;
			continue;
		}
		if (space && o != out)
			*o++ = ' ';
		space = 0;
		*o++ = s.p[i];
	}
	*o = '\0';
	return out;
}

/* Splits `line` at each '|' into at most `max` trimmed fields; returns the count. */
static size_t split_fields(struct span line, struct span *f, size_t max)
{
	size_t k = 0;
	const char *p = line.p, *end = line.p + line.n;

	while (k < max) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *stop = bar ? bar : end;
		f[k++] = trim((struct span){ p, (size_t)(stop - p) });
		if (!bar)
			return k;
		p = bar + 1;
	}
	return k + 1; /* too many fields */
}

/* "YYYY-MM-DD", day 00 allowed (blank).  Returns 0 on success. */
static int parse_ymd(struct span s, struct ymd *d)
{
	static const int digit_at[] = { 0, 1, 2, 3, 5, 6, 8, 9 };

	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
		return -1;
	for (size_t i = 0; i < sizeof digit_at / sizeof digit_at[0]; i++)
		if (!isdigit((unsigned char)s.p[digit_at[i]]))
			return -1;
	d->y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 +
	       (s.p[2] - '0') * 10 + (s.p[3] - '0');
	d->m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
	d->d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
	if (d->m < 1 || d->m > 12 || d->d > 31)
		return -1;
	return 0;
}

/* Splits a string into at most `max` space-separated tokens (in place). */
static size_t tokens(char *s, char **tok, size_t max)
{
	size_t k = 0;
	char *p = s;

	while (*p) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		if (k == max)
			return max + 1;
		tok[k++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return k;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * RRULE values are equal when they hold the same NAME=VALUE parts, in any
 * order ("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=5" and "...;BYMONTHDAY=5;BYMONTH=6,12").
 */
static int rrule_equal(const char *a, const char *b)
{
	char *ca = xstrdup(a), *cb = xstrdup(b);
	char *pa[32], *pb[32];
	size_t na = 0, nb = 0;
	int eq = 1;

	for (char *p = ca; p && na < 32; ) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		pa[na++] = p;
		p = semi ? semi + 1 : NULL;
	}
	for (char *p = cb; p && nb < 32; ) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		pb[nb++] = p;
		p = semi ? semi + 1 : NULL;
	}
	if (na != nb) {
		eq = 0;
	} else {
		qsort(pa, na, sizeof pa[0], cmp_str);
		qsort(pb, nb, sizeof pb[0], cmp_str);
		for (size_t i = 0; i < na && eq; i++)
			eq = strcmp(pa[i], pb[i]) == 0;
	}
	free(ca);
	free(cb);
	return eq;
}

/* Compares an EXPECTED field with what the parser gave; both squeezed. */
static int expected_equal(const char *want, const char *got)
{
	char *w = xstrdup(want), *g = xstrdup(got);
	char *tw[5], *tg[5];
	size_t nw = tokens(w, tw, 4), ng = tokens(g, tg, 4);
	int eq = nw == ng && (nw == 2 || nw == 4);

	for (size_t i = 0; eq && i < nw && i < 3; i++)
		eq = strcmp(tw[i], tg[i]) == 0;
	if (eq && nw == 4)
		eq = rrule_equal(tw[3], tg[3]);
	free(w);
	free(g);
	return eq;
}

/* What the parser found, in the EXPECTED notation.  Caller frees. */
static char *describe_deadline(const struct deadline *dl)
{
	char due[11] = "null";
	/* A period counted from this document's receipt has no date; the
	 * task's kind says "relative" (notice.c). */
	const char *kind = dl->relative == 2 ? "relative" : due_kind_name(dl->kind);

	if (dl->due.y)
		ymd_format(dl->due, due);
	if (dl->freq == REC_NONE && !dl->rrule[0])
		return xasprintf("%s %s", due, kind ? kind : "none");
	return xasprintf("%s %s %s %s", due, kind ? kind : "none",
			 rec_freq_name(dl->freq) ? rec_freq_name(dl->freq) : "none",
			 dl->rrule[0] ? dl->rrule : "-");
}

static void run_deadline_case(const char *file, int lineno, struct span line)
{
	struct span f[3];
	struct ymd ref;
	struct deadline dl;
	char *phrase, *want, *got = NULL, *descr;
	int rc, ok;

	if (split_fields(line, f, 3) != 3 || parse_ymd(f[0], &ref) || !f[1].n) {
		char *raw = squeeze(line);
		descr = xasprintf("%s:%d: malformed case '%s'", file, lineno, raw);
		test_cond(descr, 0);
		free(descr);
		free(raw);
		return;
	}
	phrase = squeeze(f[1]);
	want = squeeze(f[2]);

	memset(&dl, 0, sizeof dl);
	rc = deadline_find(f[1].p, f[1].n, ref, &dl);
	got = describe_deadline(&dl);
	ok = expected_equal(want, got);
	if (ok && rc != (dl.kind != DUE_NONE || dl.freq != REC_NONE)) {
		char *more = xasprintf("%s (returned %d)", got, rc);
		free(got);
		got = more;
		ok = 0;
	}
	if (ok && rc && (dl.start > dl.end || dl.end > f[1].n)) {
		char *more = xasprintf("%s (span %zu-%zu outside %zu bytes)", got,
				       dl.start, dl.end, f[1].n);
		free(got);
		got = more;
		ok = 0;
	}
	if (ok)
		descr = xasprintf("%s:%d: %s", file, lineno, phrase);
	else
		descr = xasprintf("%s:%d: %s: want %s got %s", file, lineno,
				  phrase, want, got);
	test_cond(descr, ok);
	free(descr);
	free(got);
	free(want);
	free(phrase);
}

/*
 * Folds a name for comparison: NFC, Unicode case folding, white space
 * squeezed.  Caller frees.
 */
static char *fold(const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	char *out;

	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
			 UTF8PROC_CASEFOLD);
	if (n < 0)
		return squeeze((struct span){ s, strlen(s) });
	out = squeeze((struct span){ (const char *)mapped, (size_t)n });
	free(mapped);
	return out;
}

/* A list of names, "A; B; C"; empty entries are dropped. */
static void parse_names(struct span s, struct strlist *out)
{
	const char *p = s.p, *end = s.p + s.n;

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end;
		struct span name = trim((struct span){ p, (size_t)(stop - p) });
		if (name.n) {
			char *sq = squeeze(name);
			strlist_add(out, sq);
			free(sq);
		}
		p = semi ? semi + 1 : end;
	}
}

/* Equal as multisets of folded names. */
static int names_equal(char **a, size_t na, char **b, size_t nb)
{
	char **fa, **fb;
	int eq = na == nb;

	if (!eq)
		return 0;
	fa = xcalloc(na + 1, sizeof *fa);
	fb = xcalloc(nb + 1, sizeof *fb);
	for (size_t i = 0; i < na; i++) {
		fa[i] = fold(a[i]);
		fb[i] = fold(b[i]);
	}
	qsort(fa, na, sizeof *fa, cmp_str);
	qsort(fb, nb, sizeof *fb, cmp_str);
	for (size_t i = 0; i < na && eq; i++)
		eq = strcmp(fa[i], fb[i]) == 0;
	for (size_t i = 0; i < na; i++) {
		free(fa[i]);
		free(fb[i]);
	}
	free(fa);
	free(fb);
	return eq;
}

/* "A; B | C" for messages.  Caller frees. */
static char *describe_owners(char **lead, size_t nlead, char **co, size_t nco)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	for (size_t i = 0; i < nlead; i++)
		sbuf_addf(&sb, "%s%s", i ? "; " : "", lead[i]);
	sbuf_adds(&sb, " | ");
	for (size_t i = 0; i < nco; i++)
		sbuf_addf(&sb, "%s%s", i ? "; " : "", co[i]);
	return sbuf_detach(&sb);
}

static void run_owner_case(const char *file, int lineno, struct span line,
			   const struct unitdir *units)
{
	struct span f[3];
	struct strlist lead = { 0 }, co = { 0 };
	struct owners o;
	char *sentence, *descr;
	int rc, ok;

	if (split_fields(line, f, 3) != 3 || !f[0].n) {
		char *raw = squeeze(line);
		descr = xasprintf("%s:%d: malformed case '%s'", file, lineno, raw);
		test_cond(descr, 0);
		free(descr);
		free(raw);
		return;
	}
	sentence = squeeze(f[0]);
	parse_names(f[1], &lead);
	parse_names(f[2], &co);

	memset(&o, 0, sizeof o);
	rc = owners_find(f[0].p, f[0].n, units, &o);
	ok = names_equal(lead.v, lead.n, o.lead.v, o.lead.n) &&
	     names_equal(co.v, co.n, o.support.v, o.support.n) &&
	     rc == (int)o.lead.n;
	if (ok) {
		descr = xasprintf("%s:%d: %s", file, lineno, sentence);
	} else {
		char *want = describe_owners(lead.v, lead.n, co.v, co.n);
		char *got = describe_owners(o.lead.v, o.lead.n, o.support.v,
					    o.support.n);
		descr = xasprintf("%s:%d: %s: want %s got %s (returned %d)", file,
				  lineno, sentence, want, got, rc);
		free(want);
		free(got);
	}
	test_cond(descr, ok);
	free(descr);
	free(sentence);
	owners_release(&o);
	strlist_release(&lead);
	strlist_release(&co);
}

/*
 * Runs each case line of a .test file: '#' comments and blank lines are
 * skipped.  Returns the number of cases, or -1 when the file is missing.
 */
static int run_file(const char *path, int owners, const struct unitdir *units)
{
	size_t len = 0;
	char *buf = read_whole_file(path, &len);
	const char *p, *end;
	int lineno = 0, cases = 0;

	if (!buf) {
		char *descr = xasprintf("read %s", path);
		test_cond(descr, 0);
		free(descr);
		return -1;
	}
	for (p = buf, end = buf + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct span line = { p, (size_t)((nl ? nl : end) - p) };

		lineno++;
		p = nl ? nl + 1 : end;
		if (line.n && line.p[line.n - 1] == '\r')
			line.n--;
		if (!trim(line).n || line.p[0] == '#')
			continue;
		cases++;
		if (owners)
			run_owner_case(path, lineno, line, units);
		else
			run_deadline_case(path, lineno, line);
	}
	free(buf);
	return cases;
}

int main(void)
{
	struct unitdir *units = NULL;
	struct err err;
	size_t len = 0;
	char *json = read_whole_file(UNITS_FILE, &len);
	int nd, no;

	memset(&err, 0, sizeof err);
	if (!json || unitdir_load(json, len, &units, &err) != 0) {
		char *descr = xasprintf("load %s: %s (line %d)", UNITS_FILE,
					json ? err.msg : "cannot read", err.line);
		test_cond(descr, 0);
		free(descr);
	}
	free(json);

	nd = run_file(DEADLINES_FILE, 0, NULL);
	no = run_file(OWNERS_FILE, 1, units);
	printf("# %d deadline cases, %d owner cases\n", nd, no);

	unitdir_free(&units);
	return test_report();
}
