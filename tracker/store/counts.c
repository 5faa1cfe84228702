/*
 * counts.c - the overview's counts kept for a day (migration 21).
 *
 * A summary of the day the snapshot was taken is the snapshot, minus each
 * assignment marked since as it stood then (count_dirty, count_shadow),
 * plus the same assignment as it stands now.  Whether work is overdue, and
 * how long, depends on the day, so the snapshot is of one day and the first
 * summary of another day counts afresh.  The marked assignments' items are
 * chosen by the rule of store_scan_all_brief() (periods already due and
 * the next one), so both ways give the same numbers.
 */
#include "tracker/store/counts.h"
#include "tracker/store/store_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"

static const char SQL_COUNTS_SNAPSHOT[] =
	"SELECT day, fields, office, units FROM count_snapshot WHERE id = 1";
static const char SQL_COUNTS_NDIRTY[] =
	"SELECT count(*) FROM (SELECT 1 FROM count_dirty LIMIT ?1)";
static const char SQL_COUNTS_UNITS[] = "SELECT id, name FROM units";
/* Bounded scan: the assignments marked since the snapshot, at most the
 * caller's max_dirty (a new snapshot forgets them). */
static const char SQL_COUNTS_DIRTY[] =
	"SELECT d.assignment_id, d.task_id, d.freq, a.task_id, t.freq FROM count_dirty d"
	" LEFT JOIN assignments a ON a.id = d.assignment_id"
	" LEFT JOIN tasks t ON t.id = a.task_id ORDER BY d.assignment_id";
/* Bounded scan: as above; their items as they stood. */
static const char SQL_COUNTS_BEFORE[] =
	"SELECT d.assignment_id, d.task_id, d.unit_id, d.freq, s.seq, s.state, s.last_day,"
	" s.extended_to, s.done_on FROM count_dirty d"
	" CROSS JOIN count_shadow s ON s.assignment_id = d.assignment_id"
	" WHERE d.unit_id IS NOT NULL AND s.live = 1 ORDER BY d.assignment_id, s.seq";
/* Bounded scan: as above; their items as they are. */
static const char SQL_COUNTS_NOW[] =
	"SELECT a.id, a.task_id, a.unit_id, t.freq, o.seq, o.state, o.last_day,"
	" o.extended_to, o.done_on FROM count_dirty d CROSS JOIN assignments a"
	" CROSS JOIN occurrences o CROSS JOIN tasks t WHERE a.id = d.assignment_id"
	" AND o.assignment_id = a.id AND t.id = a.task_id AND o.live = 1"
	" ORDER BY d.assignment_id, o.seq";
/* Whether a task has counted work in an assignment not marked (one that
 * is as it was when the snapshot was taken). */
static const char SQL_COUNTS_OTHERS[] =
	"SELECT EXISTS (SELECT 1 FROM assignments a JOIN occurrences o ON o.assignment_id = a.id"
	" WHERE a.task_id = ?1 AND o.live = 1 AND (o.seq = 0 OR o.last_day IS NOT NULL)"
	" AND NOT EXISTS (SELECT 1 FROM count_dirty d WHERE d.assignment_id = a.id))";
static const char SQL_COUNTS_FORGET_DIRTY[] = "DELETE FROM count_dirty";
static const char SQL_COUNTS_FORGET_SHADOW[] = "DELETE FROM count_shadow";
static const char SQL_COUNTS_SAVE[] =
	"INSERT OR REPLACE INTO count_snapshot (id, day, fields, office, units)"
	" VALUES (1, ?1, ?2, ?3, ?4)";

void store_counts_release(struct store_counts *c)
{
	if (!c)
		return;
	free(c->office);
	free(c->units);
	free(c->name);
	free(c->names);
	memset(c, 0, sizeof(*c));
}

/* The numbers as kept: 64-bit little-endian, so a copied database reads
 * the same on any machine. */
static void put_le(unsigned char *p, long long v)
{
	unsigned long long u = (unsigned long long)v;
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

static long long get_le(const unsigned char *p)
{
	unsigned long long u = 0;
	int i;

	for (i = 0; i < 8; i++)
		u |= (unsigned long long)p[i] << (8 * i);
	return (long long)u;
}

static int host_le(void)
{
	const unsigned long long one = 1;
	unsigned char b;

	memcpy(&b, &one, 1);
	return b == 1 && sizeof(long long) == 8;
}

static long long *blob_numbers(sqlite3_stmt *st, int col, size_t n)
{
	const unsigned char *p = sqlite3_column_blob(st, col);
	long long *v;
	size_t i;

	if ((size_t)sqlite3_column_bytes(st, col) != n * 8 || (n && !p))
		return NULL;
	v = xcalloc(n ? n : 1, sizeof(*v));
	if (host_le())
		memcpy(v, p, n * 8);
	else
		for (i = 0; i < n; i++)
			v[i] = get_le(p + 8 * i);
	return v;
}

/* One marked assignment: as it stood (b) and as it is (n). */
struct dinfo {
	long long a, btask, ntask;
	enum rec_freq bfreq, nfreq;
	int bcounted, ncounted;
};

struct delta {
	struct store *s;
	struct ymd today;
	struct store_counts *c;
	int (*fn)(const struct store_item *it, int sign, void *arg);
	void *arg;
	struct dinfo *d;
	size_t nd, ad;
};

static struct dinfo *dinfo_find(struct delta *x, long long a)
{
	size_t lo = 0, hi = x->nd;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->d[mid].a == a)
			return &x->d[mid];
		if (x->d[mid].a < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int load_dirty(struct delta *x, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(x->s, SQL_COUNTS_DIRTY, &st, err)))
		return rc;
	while ((rc = sq_step(x->s, st, err)) == 1) {
		struct dinfo *d;
		ALLOC_GROW(x->d, x->nd + 1, x->ad);
		d = &x->d[x->nd++];
		memset(d, 0, sizeof(*d));
		d->a = sqlite3_column_int64(st, 0);
		d->btask = sqlite3_column_int64(st, 1);
		d->bfreq = sq_freq_parse((const char *)sqlite3_column_text(st, 2));
		d->ntask = sqlite3_column_int64(st, 3);
		d->nfreq = sq_freq_parse((const char *)sqlite3_column_text(st, 4));
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/* One period (or the one-off item) of the assignment being read. */
struct period {
	int seq;
	enum work_state work;
	struct ymd last_day, extended_to, done_on;
};

struct group {
	long long a, task, unit;
	enum rec_freq freq;
	struct period *v;
	size_t n, alloc;
};

static int emit(struct delta *x, const struct group *g, const struct period *p, int sign)
{
	struct ymd none = {0, 0, 0};
	struct store_item it;

	memset(&it, 0, sizeof(it));
	it.assignment_id = g->a;
	it.task_id = g->task;
	it.unit_id = g->unit;
	it.unit = g->unit > 0 && g->unit < x->c->nname ? x->c->name[g->unit] : NULL;
	it.seq = p->seq;
	it.work = p->work;
	it.last_day = p->last_day;
	it.extended_to = p->extended_to;
	it.done_on = p->done_on;
	it.freq = g->freq;
	it.state = status_of_work(it.last_day, it.extended_to, it.work,
				  it.work == WORK_DONE ? it.done_on : none, x->today,
				  STATUS_SOON_DAYS);
	return x->fn(&it, sign, x->arg);
}

/* The assignment's items as store_scan_all_brief() chooses them: every
 * one-off item, the periods already due and the first one after today. */
static int group_emit(struct delta *x, struct group *g, int sign)
{
	long today_n = ymd_to_days(x->today);
	const struct period *next = NULL;
	struct dinfo *d = dinfo_find(x, g->a);
	int rc, any = 0;
	size_t i;

	for (i = 0; i < g->n; i++) {
		const struct period *p = &g->v[i];
		if (p->seq != 0 && (!p->last_day.y || ymd_to_days(p->last_day) > today_n)) {
			if (p->last_day.y && !next)
				next = p;
			continue;
		}
		any = 1;
		if ((rc = emit(x, g, p, sign)))
			return rc;
	}
	if (next) {
		any = 1;
		if ((rc = emit(x, g, next, sign)))
			return rc;
	}
	if (d && sign < 0)
		d->bcounted = any;
	else if (d)
		d->ncounted = any;
	g->n = 0;
	return 0;
}

/* Columns: assignment, task, unit, freq, seq, state, last_day, extended_to, done_on. */
static int read_items(struct delta *x, const char *sql, int sign, struct err *err)
{
	struct group g;
	sqlite3_stmt *st = NULL;
	int rc, rc2;

	memset(&g, 0, sizeof(g));
	if ((rc = sq_prep(x->s, sql, &st, err)))
		return rc;
	while ((rc = sq_step(x->s, st, err)) == 1) {
		long long a = sqlite3_column_int64(st, 0);
		struct period *p;
		if (g.n && a != g.a && (rc = group_emit(x, &g, sign)))
			break;
		if (!g.n) {
			g.a = a;
			g.task = sqlite3_column_int64(st, 1);
			g.unit = sqlite3_column_int64(st, 2);
			g.freq = sq_freq_parse((const char *)sqlite3_column_text(st, 3));
		}
		ALLOC_GROW(g.v, g.n + 1, g.alloc);
		p = &g.v[g.n++];
		p->seq = sqlite3_column_int(st, 4);
		if (status_work_parse((const char *)sqlite3_column_text(st, 5), &p->work))
			p->work = WORK_OPEN;
		p->last_day = sq_col_date(st, 6);
		p->extended_to = sq_col_date(st, 7);
		p->done_on = sq_col_date(st, 8);
	}
	sq_done(st);
	rc2 = rc == 0 && g.n ? group_emit(x, &g, sign) : 0;
	free(g.v);
	return rc < 0 ? rc : rc ? rc : rc2;
}

struct tside {
	long long task;
	int before;         /* 1: as it stood, 0: as it is */
	int counted;
	enum rec_freq freq;
};

static int tside_cmp(const void *a, const void *b)
{
	const struct tside *x = a, *y = b;

	return (x->task > y->task) - (x->task < y->task);
}

static int others_counted(struct store *s, long long task, int *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_COUNTS_OTHERS, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, task);
	if ((rc = sq_step(s, st, err)) == 1)
		*out = sqlite3_column_int(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/*
 * A task counts once however many units lead it: for each task of a
 * marked assignment, whether it had counted work at the snapshot and has
 * now, the assignments not marked being the same both times.
 */
static int task_deltas(struct delta *x, struct err *err)
{
	struct tside *v = xcalloc(2 * x->nd + 1, sizeof(*v));
	size_t n = 0, i, j;
	int rc = 0;

	for (i = 0; i < x->nd; i++) {
		const struct dinfo *d = &x->d[i];
		if (d->btask)
			v[n++] = (struct tside){d->btask, 1, d->bcounted, d->bfreq};
		if (d->ntask)
			v[n++] = (struct tside){d->ntask, 0, d->ncounted, d->nfreq};
	}
	qsort(v, n, sizeof(*v), tside_cmp);
	for (i = 0; i < n && !rc; i = j) {
		int bc = 0, nc = 0, hb = 0, hn = 0, others = 0, rb, rn;
		enum rec_freq fb = REC_NONE, fn = REC_NONE;
		for (j = i; j < n && v[j].task == v[i].task; j++) {
			if (v[j].before) {
				bc |= v[j].counted;
				fb = v[j].freq;
				hb = 1;
			} else {
				nc |= v[j].counted;
				fn = v[j].freq;
				hn = 1;
			}
		}
		/* A task's recurrence changes only with all its assignments
		 * marked; with one side unknown it did not change. */
		if (!hb)
			fb = fn;
		if (!hn)
			fn = fb;
		rb = fb != REC_NONE;
		rn = fn != REC_NONE;
		if (bc == nc && rb == rn)
			continue;
		if ((rc = others_counted(x->s, v[i].task, &others, err)))
			break;
		bc |= others;
		nc |= others;
		x->c->tasks_delta += nc - bc;
		x->c->recurring_delta += (nc && rn) - (bc && rb);
	}
	free(v);
	return rc;
}

/* The names of every unit, in one block: thousands of units, so not
 * thousands of allocations. */
static int load_names(struct store *s, struct store_counts *c, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct sbuf sb;
	size_t *at;
	long long max = 0, i;
	int rc;

	if ((rc = sq_prep(s, "SELECT max(id) FROM units", &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) == 1)
		max = sqlite3_column_int64(st, 0);
	sq_done(st);
	if (rc < 0)
		return rc;
	c->nname = max + 1;
	c->name = xcalloc((size_t)c->nname, sizeof(*c->name));
	at = xcalloc((size_t)c->nname, sizeof(*at));  /* offset plus one; 0: none */
	sbuf_init(&sb, 0);
	if ((rc = sq_prep(s, SQL_COUNTS_UNITS, &st, err)))
		goto out;
	while ((rc = sq_step(s, st, err)) == 1) {
		long long id = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (id > 0 && id < c->nname && !at[id] && name) {
			at[id] = sb.len + 1;
			sbuf_add(&sb, name, (size_t)sqlite3_column_bytes(st, 1));
			sbuf_addc(&sb, '\0');
		}
	}
	sq_done(st);
	c->names = sbuf_detach(&sb);
	for (i = 0; i < c->nname; i++)
		if (at[i])
			c->name[i] = c->names + at[i] - 1;
out:
	sbuf_release(&sb);
	free(at);
	return rc < 0 ? rc : 0;
}

/* The snapshot, when it is of `today` in this layout; c->valid says. */
static int load_snapshot(struct store *s, struct ymd today, size_t max_dirty,
			 struct store_counts *c, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char day[11];
	size_t rowlen = c->nfields + 1, bytes;
	int rc;

	if ((rc = sq_prep(s, SQL_COUNTS_NDIRTY, &st, err)))
		return rc;
	sq_bind_int(s, st, 1, max_dirty < (size_t)LLONG_MAX ? (long long)max_dirty + 1 : -1);
	if ((rc = sq_step(s, st, err)) == 1 && (size_t)sqlite3_column_int64(st, 0) > max_dirty)
		rc = 0;
	sq_done(st);
	if (rc != 1)
		return rc < 0 ? rc : 0;
	if ((rc = sq_prep(s, SQL_COUNTS_SNAPSHOT, &st, err)))
		return rc;
	ymd_format(today, day);
	if ((rc = sq_step(s, st, err)) == 1 && sqlite3_column_text(st, 0) &&
	    !strcmp((const char *)sqlite3_column_text(st, 0), day) &&
	    (size_t)sqlite3_column_int64(st, 1) == c->nfields) {
		bytes = (size_t)sqlite3_column_bytes(st, 3);
		if (bytes % (rowlen * 8) == 0) {
			c->nunits = bytes / (rowlen * 8);
			c->office = blob_numbers(st, 2, c->noffice);
			c->units = blob_numbers(st, 3, c->nunits * rowlen);
			c->valid = c->office && c->units;
		}
	}
	sq_done(st);
	return rc < 0 ? rc : 0;
}

int store_counts_read(struct store *s, struct ymd today, size_t nfields, size_t noffice,
		      size_t max_dirty,
		      int (*fn)(const struct store_item *it, int sign, void *arg), void *arg,
		      struct store_counts *c, struct err *err)
{
	struct delta x;
	int rc, began = 0;

	memset(err, 0, sizeof(*err));
	memset(c, 0, sizeof(*c));
	memset(&x, 0, sizeof(x));
	c->nfields = nfields;
	c->noffice = noffice;
	x.s = s;
	x.today = today;
	x.c = c;
	x.fn = fn;
	x.arg = arg;
	/* One snapshot of the database for the kept counts and the changes. */
	if ((began = sq_read_begin(s, err)) < 0)
		return began;
	if ((rc = load_snapshot(s, today, max_dirty, c, err)) || !c->valid)
		goto out;
	if ((rc = load_names(s, c, err)) || (rc = load_dirty(&x, err)))
		goto out;
	if ((rc = read_items(&x, SQL_COUNTS_BEFORE, -1, err)) ||
	    (rc = read_items(&x, SQL_COUNTS_NOW, 1, err)))
		goto out;
	rc = task_deltas(&x, err);
out:
	sq_read_end(s, began);
	free(x.d);
	if (rc || !c->valid) {
		store_counts_release(c);
		c->nfields = nfields;
		c->noffice = noffice;
	}
	return rc;
}

/*
 * A read transaction, so that the count holds no lock writers wait on;
 * store_counts_save() writes in it only if no other connection has
 * written since it began (SQLite refuses the upgrade of a stale snapshot).
 */
int store_counts_begin(struct store *s, int *began, struct err *err)
{
	memset(err, 0, sizeof(*err));
	*began = sq_read_begin(s, err) > 0;
	memset(err, 0, sizeof(*err)); /* no snapshot: counted, not kept */
	return 0;
}

int store_counts_day(struct store *s, struct ymd *day, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(err, 0, sizeof(*err));
	memset(day, 0, sizeof(*day));
	if ((rc = sq_prep(s, "SELECT day FROM count_snapshot WHERE id = 1", &st, err)))
		return rc;
	if ((rc = sq_step(s, st, err)) == 1)
		*day = sq_col_date(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

void store_counts_abort(struct store *s)
{
	sq_rollback(s);
}

int store_counts_save(struct store *s, struct ymd today, const struct store_counts *c,
		      struct err *err)
{
	size_t nu = c->nunits * (c->nfields + 1), i;
	unsigned char *office = xmalloc(c->noffice * 8 + 1), *units = xmalloc(nu * 8 + 1);
	sqlite3_stmt *st = NULL;
	char day[11];
	int rc;

	memset(err, 0, sizeof(*err));
	for (i = 0; i < c->noffice; i++)
		put_le(office + 8 * i, c->office[i]);
	for (i = 0; i < nu; i++)
		put_le(units + 8 * i, c->units[i]);
	/* A summary does not wait for a writer: it keeps nothing this time. */
	sqlite3_busy_timeout(s->db, 0);
	if ((rc = sq_prep(s, SQL_COUNTS_FORGET_DIRTY, &st, err)) || (rc = sq_run(s, st, err)) ||
	    (rc = sq_prep(s, SQL_COUNTS_FORGET_SHADOW, &st, err)) || (rc = sq_run(s, st, err)) ||
	    (rc = sq_prep(s, SQL_COUNTS_SAVE, &st, err)))
		goto out;
	ymd_format(today, day);
	sq_bind_text(s, st, 1, day);
	sq_bind_int(s, st, 2, (long long)c->nfields);
	sq_note_bind(s, sqlite3_bind_blob(st, 3, office, (int)(c->noffice * 8), SQLITE_STATIC));
	sq_note_bind(s, sqlite3_bind_blob(st, 4, units, (int)(nu * 8), SQLITE_STATIC));
	if ((rc = sq_run(s, st, err)))
		goto out;
	rc = sq_commit(s, err);
out:
	if (rc)
		sq_rollback(s);
	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);
	free(office);
	free(units);
	return rc;
}
