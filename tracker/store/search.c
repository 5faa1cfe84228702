/*
 * search.c - the work-item query behind the dashboard's task list and
 * GET /api/tasks: filters, full-text search over task text, paging; and
 * store_data_version() (store.h), which the server's caches compare.
 *
 * Statuses depend on today, so they are computed here, not stored; the SQL
 * narrows by what is stored (unit, notice, deadline range, words) and the
 * status and flags are checked row by row.  One SQL text per combination
 * of "by unit" and "by words", so each can use its index.
 */
#include "tracker/store/life.h"
#include "tracker/store/search.h"
#include "tracker/store/store_int.h"
#include "tracker/store/words.h"
#include "notices/dates.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every item's filters, on the item's own row (its copies of what it
 * belongs to, migration 22): live is "neither the assignment nor the task
 * was dropped".
 */
#define Q_WHERE \
	" WHERE o.live = 1"                                                          \
	" AND (?1 IS NULL OR o.unit_id = ?1)"                                        \
	" AND (?2 IS NULL OR o.notice_id = ?2) AND (?3 IS NULL OR o.task_id = ?3)"   \
	" AND (?4 IS NULL OR o.eff_last >= ?4) AND (?5 IS NULL OR o.eff_last <= ?5)" \
	" AND (?6 = 0 OR o.state <> 'done')"                                         \
	" AND (?7 IS NULL OR o.shown_from <= ?7)"
/*
 * What each query is driven by: the filters above are all checked, and one
 * of these, chosen by query_driver(), is written out so that the planner
 * reaches the rows through its index instead of reading every item.  A
 * unit's and a notice's items come in the list's order from their index
 * (occurrences_unit, occurrences_notice), with no sorting.
 */
#define D_UNIT " AND o.unit_id = ?1"
#define D_NOTICE " AND o.notice_id = ?2"
#define D_TASK " AND o.assignment_id IN (SELECT id FROM assignments WHERE task_id = ?3)"
/* Deadlines in [?11, ?12], open work only: the open items' partial index. */
#define D_OPEN_RANGE " AND o.state <> 'done' AND o.eff_last >= ?11 AND o.eff_last <= ?12"
#define D_OPEN_NONE " AND o.state <> 'done' AND o.eff_last IS NULL"
#define D_RANGE " AND o.eff_last >= ?11 AND o.eff_last <= ?12"
/* The items the words find (item_fts, migration 25). */
#define Q_WORDS \
	" AND o.id IN (SELECT " ITEM_FTS_ID("rowid") " FROM item_fts WHERE item_fts MATCH ?8)"
#define Q_FROM " FROM occurrences o"
#define Q_ORDER " ORDER BY o.eff_last IS NULL, o.eff_last, o.id"
#define Q_BAND \
	"CASE WHEN o.state <> 'done' AND o.eff_last >= ?9 AND o.eff_last <= ?10 THEN 0" \
	" WHEN o.state <> 'done' AND o.eff_last < ?9 THEN 1 ELSE 2 END"
#define Q_ORDER_ATTN \
	" ORDER BY " Q_BAND ", CASE WHEN " Q_BAND " = 1 THEN o.eff_last END DESC," \
	" o.eff_last IS NULL, o.eff_last, o.id"

enum driver { DRV_ALL, DRV_OPEN, DRV_UNIT, DRV_NOTICE, DRV_TASK, DRV_OPEN_RANGE,
	      DRV_OPEN_NONE, DRV_RANGE, N_DRV };

/* [driver][by words][attention order] */
#define Q_VARIANTS(d)                                                                     \
	{{ITEM_SELECT Q_FROM Q_WHERE d Q_ORDER, ITEM_SELECT Q_FROM Q_WHERE d Q_ORDER_ATTN},  \
	 {ITEM_SELECT Q_FROM Q_WHERE d Q_WORDS Q_ORDER,                                   \
	  ITEM_SELECT Q_FROM Q_WHERE d Q_WORDS Q_ORDER_ATTN}}
static const char *const SQL_QUERY[N_DRV][2][2] = {
	/* Bounded scan: with no filter but status or flags that hold for
	 * done work, every live item may be in the answer. */
	[DRV_ALL] = Q_VARIANTS(""),
	/* Bounded scan: every open item is in the answer (the partial index). */
	[DRV_OPEN] = Q_VARIANTS(" AND o.state <> 'done'"),
	/* A unit's items read the index alone (migration 27). */
	[DRV_UNIT] = Q_VARIANTS(D_UNIT),
	[DRV_NOTICE] = Q_VARIANTS(D_NOTICE),
	[DRV_TASK] = Q_VARIANTS(D_TASK),
	[DRV_OPEN_RANGE] = Q_VARIANTS(D_OPEN_RANGE),
	[DRV_OPEN_NONE] = Q_VARIANTS(D_OPEN_NONE),
	[DRV_RANGE] = Q_VARIANTS(D_RANGE),
};
/*
 * A unit's or a notice's list when SQL alone decides which items match
 * (run_paged()), [by unit, by notice]: [0] counts them from the list's
 * index, which holds every column the filters test; [1] reads only the
 * page.
 */
/* A unit's: both read the index alone (migration 27). */
static const char *const SQL_PAGED_UNIT[2] = {
	"SELECT count(*)" Q_FROM Q_WHERE D_UNIT,
	ITEM_SELECT Q_FROM Q_WHERE D_UNIT Q_ORDER " LIMIT ?13 OFFSET ?14",
};
static const char *const SQL_PAGED_NOTICE[2] = {
	"SELECT count(*)" Q_FROM Q_WHERE D_NOTICE,
	ITEM_SELECT Q_FROM Q_WHERE D_NOTICE Q_ORDER " LIMIT ?13 OFFSET ?14",
};
static const char *const *const SQL_PAGED[2] = {SQL_PAGED_UNIT, SQL_PAGED_NOTICE};

/*
 * The last allowed days q's deadline bounds, status and flags allow (*l,
 * *h: inclusive, LONG_MIN / LONG_MAX when unbounded) and whether only work
 * not done can match (*open).  Returns 1 when only work without a
 * deadline can (status "no deadline").  Necessary conditions only: the
 * status and flags are still checked row by row.
 */
static int query_bounds(const struct store_item_query *q, long *l, long *h, int *open)
{
	long today = ymd_to_days(q->today);

	*l = LONG_MIN;
	*h = LONG_MAX;
	*open = (q->flags & (STORE_QF_OPEN | STORE_QF_DUE_SOON | STORE_QF_LONG_OVERDUE |
			     STORE_QF_AWAITING)) != 0;
	if (q->due_from.y)
		*l = ymd_to_days(q->due_from);
	if (q->due_to.y)
		*h = ymd_to_days(q->due_to);
	switch (q->status) {
	case TASK_NO_DEADLINE:
		*open = 1;
		return 1;
	case TASK_OVERDUE:
		*open = 1;
		*h = *h < today - 1 ? *h : today - 1;
		break;
	case TASK_IN_PROGRESS:
		*open = 1;
		*l = *l > today ? *l : today;
		break;
	default:
		break;
	}
	if (q->flags & STORE_QF_DUE_SOON) {
		*l = *l > today ? *l : today;
		*h = *h < today + STATUS_SOON_DAYS ? *h : today + STATUS_SOON_DAYS;
	}
	if (q->flags & STORE_QF_LONG_OVERDUE)
		*h = *h < today - STATUS_LONG_OVERDUE_DAYS - 1 ? *h
							       : today - STATUS_LONG_OVERDUE_DAYS - 1;
	return 0;
}

/*
 * The narrowest way in for q: a task, a notice, a unit (each a handful of
 * items), else the range of last allowed days its status, flags and
 * deadline bounds allow (lo, hi: inclusive; zero: unbounded), for open work
 * through the open items' index when only open work can match.  Words are
 * not a driver: the planner starts from the full-text index by itself.
 */
static enum driver query_driver(const struct store_item_query *q, struct ymd *lo,
				struct ymd *hi)
{
	long l, h;
	int open, none;

	if (q->task_id)
		return DRV_TASK;
	if (q->notice_id)
		return DRV_NOTICE;
	if (q->unit_id)
		return DRV_UNIT;
	none = query_bounds(q, &l, &h, &open);
	if (none)
		return DRV_OPEN_NONE;
	if (l == LONG_MIN && h == LONG_MAX)
		return open ? DRV_OPEN : DRV_ALL;
	/* An empty range still answers, with nothing. */
	*lo = ymd_from_days(l == LONG_MIN ? ymd_to_days((struct ymd){1, 1, 1}) : l);
	*hi = ymd_from_days(h == LONG_MAX ? ymd_to_days((struct ymd){9999, 12, 31}) : h);
	return open ? DRV_OPEN_RANGE : DRV_RANGE;
}

unsigned store_qflag_parse(const char *s)
{
	static const struct {
		const char *name;
		unsigned flag;
	} names[] = {
		{"due_soon", STORE_QF_DUE_SOON}, {"long_overdue", STORE_QF_LONG_OVERDUE},
		{"awaiting", STORE_QF_AWAITING}, {"extended", STORE_QF_EXTENDED},
		{"open", STORE_QF_OPEN}, {"recurring", STORE_QF_RECURRING},
	};
	size_t i;

	for (i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return names[i].flag;
	return 0;
}

static int item_matches(const struct store_item *it, const struct store_item_query *q)
{
	const struct task_state *st = &it->state;

	if (q->status >= 0 && (int)st->status != q->status)
		return 0;
	if ((q->flags & STORE_QF_DUE_SOON) && !st->due_soon)
		return 0;
	if ((q->flags & STORE_QF_LONG_OVERDUE) && !st->long_overdue)
		return 0;
	if ((q->flags & STORE_QF_AWAITING) && !st->awaiting)
		return 0;
	if ((q->flags & STORE_QF_EXTENDED) && !st->extended)
		return 0;
	if ((q->flags & STORE_QF_RECURRING) && it->freq == REC_NONE)
		return 0;
	return 1;
}

/* Binds q's filters to a statement of SQL_QUERY or SQL_PAGED for driver d. */
static void query_bind(struct store *s, sqlite3_stmt *st, const struct store_item_query *q,
		       enum driver d, const char *words, int attn, struct ymd lo, struct ymd hi)
{
	struct ymd none = {0, 0, 0};

	sq_bind_id(s, st, 1, q->unit_id);
	sq_bind_id(s, st, 2, q->notice_id);
	sq_bind_id(s, st, 3, q->task_id);
	if (d == DRV_UNIT || d == DRV_NOTICE || d == DRV_TASK) {
		/* A unit's, notice's or task's work is read whole; the days and
		 * state the status and flags allow leave out, in SQL, the rows
		 * that cannot match before they are joined, sorted and built. */
		long l, h;
		int open;
		query_bounds(q, &l, &h, &open);
		sq_bind_date(s, st, 4, l == LONG_MIN ? none : ymd_from_days(l));
		sq_bind_date(s, st, 5, h == LONG_MAX ? none : ymd_from_days(h));
		sq_bind_int(s, st, 6, open);
	} else {
		sq_bind_date(s, st, 4, q->due_from);
		sq_bind_date(s, st, 5, q->due_to);
		sq_bind_int(s, st, 6, (q->flags & STORE_QF_OPEN) ? 1 : 0);
	}
	sq_bind_date(s, st, 7, q->all_periods ? none : q->today);
	if (words)
		sq_bind_text(s, st, 8, words);
	if (attn) {
		sq_bind_date(s, st, 9, q->today);
		sq_bind_date(s, st, 10, ymd_from_days(ymd_to_days(q->today) + STORE_SOON_WEEK));
	}
	if (d == DRV_OPEN_RANGE || d == DRV_RANGE) {
		sq_bind_date(s, st, 11, lo);
		sq_bind_date(s, st, 12, hi);
	}
}

/*
 * run_query() for a unit's or a notice's list that SQL alone filters: the
 * page's rows and one more, then, only when there is more, the count from
 * the index, so that the items off the page (a unit's year of periods)
 * are not read.
 */
static int run_paged(struct store *s, const struct store_item_query *q, enum driver d,
		     int (*fn)(const struct store_item *it, void *arg), void *arg,
		     long *total, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct ymd none = {0, 0, 0};
	long got = 0;
	int rc, stop = 0, k = d == DRV_NOTICE;

	if ((rc = sq_prep(s, SQL_PAGED[k][1], &st, err)))
		return rc;
	query_bind(s, st, q, d, NULL, 0, none, none);
	sq_bind_int(s, st, 13, q->limit + 1);
	sq_bind_int(s, st, 14, q->offset);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		if (++got > q->limit)
			break;
		sq_item_from_row(st, &it, q->today);
		if ((stop = fn(&it, arg)))
			break;
	}
	sq_done(st);
	if (rc < 0 || stop)
		return rc < 0 ? rc : stop;
	/* A page that is not full is the end, unless the offset is past it. */
	if (got <= q->limit && (got || !q->offset)) {
		*total = q->offset + got;
		return 0;
	}
	if ((rc = sq_prep(s, SQL_PAGED[k][0], &st, err)))
		return rc;
	query_bind(s, st, q, d, NULL, 0, none, none);
	if ((rc = sq_step(s, st, err)) == 1)
		*total = (long)sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

static int run_query(struct store *s, const struct store_item_query *q, const char *words,
		     int (*fn)(const struct store_item *it, void *arg), void *arg,
		     long *total, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct ymd none = {0, 0, 0}, lo = none, hi = none;
	enum driver d = query_driver(q, &lo, &hi);
	long seen = 0;
	int rc, stop = 0, attn = q->order == STORE_ORDER_ATTENTION;
	/* Whether items are checked one by one (item_matches()) beyond SQL. */
	int by_row = q->status >= 0 || (q->flags & ~(unsigned)STORE_QF_OPEN);

	if (!by_row && !words && !attn && q->limit && (d == DRV_UNIT || d == DRV_NOTICE))
		return run_paged(s, q, d, fn, arg, total, err);
	if ((rc = sq_prep(s, SQL_QUERY[d][words ? 1 : 0][attn], &st, err)))
		return rc;
	query_bind(s, st, q, d, words, attn, lo, hi);
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		/* Off the page, an item that SQL alone filtered is only counted. */
		if (!by_row && (seen < q->offset || (q->limit && seen >= q->offset + q->limit))) {
			seen++;
			continue;
		}
		sq_item_from_row(st, &it, q->today);
		if (!item_matches(&it, q))
			continue;
		if (seen++ < q->offset)
			continue;
		if (q->limit && seen > q->offset + q->limit)
			continue; /* past the page: only counted */
		if ((stop = fn(&it, arg)))
			break;
	}
	sq_done(st);
	if (rc < 0)
		return rc;
	*total = seen;
	return stop;
}

/* ---- Office-wide lists ---------------------------------------------------- */

/*
 * A list of every unit's work (no unit, notice or task; in deadline order,
 * recurring or not) is counted from kept counts, and its page read from
 * occurrences_live in the list's order (deadline, then id), stopping after
 * the page; the index holds every column the page shows (migration 26), so
 * the page is a few of its pages, not one table page an item: both cost
 * what the answer holds, not what the database holds.  Every filter is
 * exact in SQL here (the total is not a count of rows seen): the items
 * with a deadline first, then those without (?1..?2 a range, else
 * eff_last IS NULL).  With words, the items come from the full-text index
 * (item_fts) instead, which holds them in the same order.
 *   ?1, ?2  deadlines in force from, to     ?3  state ('reported', 'done')
 *   ?4      done late only                  ?5  done on time only
 *   ?6      extended only                   ?7  today: the next period only
 *   ?8, ?9  limit, offset                   ?10 the FTS5 query
 */
#define OFFICE_FILTER \
	" AND (?3 IS NULL OR o.state = ?3)"                                          \
	" AND (?4 = 0 OR o.done_on > o.eff_last)"                                    \
	" AND (?5 = 0 OR o.eff_last IS NULL OR o.done_on <= o.eff_last)"             \
	" AND (?6 = 0 OR (o.extended_to IS NOT NULL AND o.last_day IS NOT NULL"      \
	"  AND o.extended_to <> o.last_day))"                                        \
	" AND (?7 IS NULL OR o.shown_from <= ?7)"
#define OFFICE_RANGE " AND o.eff_last >= ?1 AND o.eff_last <= ?2"
#define OFFICE_NONE " AND o.eff_last IS NULL"
#define OFFICE_OPEN " AND o.state <> 'done'"
#define OFFICE_FROM " FROM occurrences o INDEXED BY occurrences_live WHERE o.live = 1"
/* With words: the matching items in the list's order, then each one's row. */
#define WORDS_JOIN " FROM item_fts f CROSS JOIN occurrences o ON o.id = " ITEM_FTS_ID("f.rowid")
#define WORDS_FROM WORDS_JOIN " WHERE item_fts MATCH ?10 AND o.live = 1"
/*
 * The index gives the list's order, every column the filters test and
 * every column the page shows: the page reads the index alone.
 */
#define OFFICE_PAGE(from, where) \
	ITEM_SELECT from where " ORDER BY o.eff_last, o.id LIMIT ?8 OFFSET ?9"
/*
 * The count is a sum of kept counts (migrations 19, 23, 24: the live items
 * by last allowed day, state, the filters' facts and the day they are
 * current work from), where ?7 leaves out the periods of series not yet
 * current.  A range reads the days of its first month, the months between
 * (occurrence_months) and the days of its last month: a few hundred rows
 * at most, whatever the range; the third column tells a month's row (1)
 * from a day's (0), and they come in the order of the days ([open]).
 */
#define COUNTS_FILTER \
	" AND (?3 IS NULL OR state = ?3) AND (?4 = 0 OR late = 1)"                  \
	" AND (?5 = 0 OR on_time = 1) AND (?6 = 0 OR extended = 1)"                 \
	" AND (?7 IS NULL OR shown <= ?7)"
#define COUNTS_OPEN " AND state <> 'done'"
/* ?13: the last of the first month's days in range, ?14 and ?15: the
 * first and last months, ?16: the first of the last month's days in
 * range (past every day when both months are one); range_bind(). */
#define RANGE_PARTS(open)                                                                    \
	"SELECT day AS k, n, 0 AS m FROM occurrence_counts WHERE day >= ?1 AND day <= ?13"      \
	open COUNTS_FILTER                                                                      \
	" UNION ALL SELECT month, n, 1 FROM occurrence_months WHERE month > ?14"                \
	" AND month < ?15" open COUNTS_FILTER                                                   \
	" UNION ALL SELECT day, n, 0 FROM occurrence_counts WHERE day >= ?16 AND day <= ?2"     \
	open COUNTS_FILTER
#define OFFICE_COUNT_NONE(open) \
	"SELECT coalesce(sum(n), 0) FROM occurrence_counts WHERE day = ''" open COUNTS_FILTER
#define OFFICE_COUNT_RANGE(open) "SELECT coalesce(sum(n), 0) FROM (" RANGE_PARTS(open) ")"
/* [open] */
static const char *const SQL_OFFICE_PARTS[2] = {
	RANGE_PARTS("") " ORDER BY k", RANGE_PARTS(COUNTS_OPEN) " ORDER BY k",
};
/* A month's days within the range ([open]), in order. */
#define OFFICE_DAYS(open) \
	"SELECT day, n FROM occurrence_counts WHERE day >= ?1 AND day <= ?2" open COUNTS_FILTER \
	" ORDER BY day"
static const char *const SQL_OFFICE_DAYS[2] = {OFFICE_DAYS(""), OFFICE_DAYS(COUNTS_OPEN)};
/* [open][with a deadline] */
static const char *const SQL_OFFICE_COUNT[2][2] = {
	{OFFICE_COUNT_NONE(""), OFFICE_COUNT_RANGE("")},
	{OFFICE_COUNT_NONE(COUNTS_OPEN), OFFICE_COUNT_RANGE(COUNTS_OPEN)},
};
/* [open][with a deadline]: the page, which reads the index alone. */
static const char *const SQL_OFFICE_PAGE[2][2] = {
	{OFFICE_PAGE(OFFICE_FROM, OFFICE_NONE OFFICE_FILTER),
	 OFFICE_PAGE(OFFICE_FROM, OFFICE_RANGE OFFICE_FILTER)},
	{OFFICE_PAGE(OFFICE_FROM, OFFICE_OPEN OFFICE_NONE OFFICE_FILTER),
	 OFFICE_PAGE(OFFICE_FROM, OFFICE_OPEN OFFICE_RANGE OFFICE_FILTER)},
};
/*
 * With words both parts are read at once (?11: with a deadline in ?1..?2,
 * ?12: without one), in the index's order, which is the list's
 * (ITEM_FTS_KEY: no deadline after every deadline).  The page stops after
 * its last row; the count reads every match's row, unless words_count()
 * can count from the index alone.
 */
#define WORDS_COND \
	" AND ((?11 AND o.eff_last >= ?1 AND o.eff_last <= ?2) OR (?12 AND o.eff_last IS NULL))" \
	OFFICE_FILTER
#define WORDS_PAGE(where) ITEM_SELECT WORDS_FROM where " ORDER BY f.rowid LIMIT ?8 OFFSET ?9"
/* [count, page][open] */
static const char *const SQL_WORDS[2][2] = {
	{"SELECT count(*)" WORDS_FROM WORDS_COND, "SELECT count(*)" WORDS_FROM OFFICE_OPEN WORDS_COND},
	{WORDS_PAGE(WORDS_COND), WORDS_PAGE(OFFICE_OPEN WORDS_COND)},
};
/*
 * A plain search's count (no state, flag or deadline filter: every live
 * item that matches, but for the periods not yet current) reads the index,
 * which holds the live items only: the length of the match's list, less
 * the later periods (column `later`) among them not yet current on ?2.  A
 * period is current once its own day is past (its shown_from is never
 * after it), so only those due after ?2 (the rowids from ?2's next day on)
 * have their rows read.
 */
static const char SQL_WORDS_ALL[] = "SELECT count(*) FROM item_fts WHERE item_fts MATCH ?1";
/* Whether any live item at all is not current on ?2: the kept counts by
 * month (migration 24) say so for a few rows, and most days none is. */
static const char SQL_ANY_NOT_YET[] =
	"SELECT EXISTS (SELECT 1 FROM occurrence_months WHERE month >= substr(?2, 1, 7)"
	" AND shown > ?2 AND n > 0)";
/*
 * A plain search's page when every row of the index it matches is an item
 * of the answer (no period not yet current): the page starts at the rowid
 * the index holds at the offset, so the items the offset passes over are
 * not read from the table.
 */
static const char SQL_WORDS_EXACT[] =
	ITEM_SELECT WORDS_JOIN " WHERE item_fts MATCH ?1 AND f.rowid >= (SELECT rowid FROM item_fts"
	" WHERE item_fts MATCH ?1 ORDER BY rowid LIMIT 1 OFFSET ?2) ORDER BY f.rowid LIMIT ?3";
static const char SQL_WORDS_NOT_YET[] =
	"SELECT count(*)" WORDS_JOIN " WHERE item_fts MATCH ?1"
	" AND f.rowid >= (CAST(julianday(?2, '+1 day') AS INTEGER) << 32) AND o.shown_from > ?2";

/* q's filters as the office statements bind them. */
struct office {
	const char *words;  /* the FTS5 query, or NULL */
	int open, with_none, with_range, empty;
	int bounded; /* a deadline range narrower than every day */
	int exact;   /* the words' rows of item_fts are the answer (words_count()) */
	const char *state;
	int done_late, done_on_time, extended;
	struct ymd lo, hi, today;
};

static void office_filters(const struct store_item_query *q, struct office *o)
{
	long today = ymd_to_days(q->today), l = LONG_MIN, h = LONG_MAX;
	struct ymd none = {0, 0, 0};

	memset(o, 0, sizeof(*o));
	o->today = q->all_periods ? none : q->today;
	o->open = (q->flags & (STORE_QF_OPEN | STORE_QF_DUE_SOON | STORE_QF_LONG_OVERDUE)) != 0;
	o->extended = (q->flags & STORE_QF_EXTENDED) != 0;
	if (q->flags & STORE_QF_AWAITING) {
		o->state = "reported";
		o->open = 1;
	}
	if (q->due_from.y)
		l = ymd_to_days(q->due_from);
	if (q->due_to.y)
		h = ymd_to_days(q->due_to);
	/* Work without a deadline has none to be in a range or a flag's. */
	o->with_none = l == LONG_MIN && h == LONG_MAX &&
		       !(q->flags & (STORE_QF_DUE_SOON | STORE_QF_LONG_OVERDUE | STORE_QF_EXTENDED));
	o->with_range = 1;
	switch (q->status) {
	case TASK_NO_DEADLINE:
		o->open = 1;
		o->with_range = 0;
		break;
	case TASK_IN_PROGRESS:
		o->open = 1;
		o->with_none = 0;
		l = l > today ? l : today;
		break;
	case TASK_OVERDUE:
		o->open = 1;
		o->with_none = 0;
		h = h < today - 1 ? h : today - 1;
		break;
	case TASK_DONE_ON_TIME:
	case TASK_DONE_LATE:
		o->empty = o->open || o->state; /* open or reported work is not done */
		o->state = "done";
		o->done_on_time = q->status == TASK_DONE_ON_TIME;
		o->done_late = q->status == TASK_DONE_LATE;
		o->with_none = o->with_none && o->done_on_time;
		break;
	default:
		break;
	}
	if (q->flags & STORE_QF_DUE_SOON) {
		l = l > today ? l : today;
		h = h < today + STATUS_SOON_DAYS ? h : today + STATUS_SOON_DAYS;
	}
	if (q->flags & STORE_QF_LONG_OVERDUE)
		h = h < today - STATUS_LONG_OVERDUE_DAYS - 1 ? h : today - STATUS_LONG_OVERDUE_DAYS - 1;
	o->bounded = l != LONG_MIN || h != LONG_MAX;
	o->lo = ymd_from_days(l == LONG_MIN ? ymd_to_days((struct ymd){1, 1, 1}) : l);
	o->hi = ymd_from_days(h == LONG_MAX ? ymd_to_days((struct ymd){9999, 12, 31}) : h);
	if (l > h)
		o->with_range = 0;
}

static void office_bind(struct store *s, sqlite3_stmt *st, const struct office *o, int range)
{
	if (range) {
		sq_bind_date(s, st, 1, o->lo);
		sq_bind_date(s, st, 2, o->hi);
	}
	sq_bind_text(s, st, 3, o->state);
	sq_bind_int(s, st, 4, o->done_late);
	sq_bind_int(s, st, 5, o->done_on_time);
	sq_bind_int(s, st, 6, o->extended);
	sq_bind_date(s, st, 7, o->today);
	if (o->words) {
		sq_bind_date(s, st, 1, o->lo);
		sq_bind_date(s, st, 2, o->hi);
		sq_bind_text(s, st, 10, o->words);
		sq_bind_int(s, st, 11, o->with_range);
		sq_bind_int(s, st, 12, o->with_none);
	}
}

/* RANGE_PARTS' bounds of its three parts, from o's range. */
static void range_bind(struct store *s, sqlite3_stmt *st, const struct office *o)
{
	char lo[16], hi[16], b[16];

	ymd_format(o->lo, lo);
	ymd_format(o->hi, hi);
	/* Texts, not dates: "YYYY-MM-99" is after every day of its month. */
	snprintf(b, sizeof(b), "%.7s-99", lo);
	sq_bind_text(s, st, 13, strcmp(b, hi) < 0 ? b : hi);
	snprintf(b, sizeof(b), "%.7s", lo);
	sq_bind_text(s, st, 14, b);
	snprintf(b, sizeof(b), "%.7s", hi);
	sq_bind_text(s, st, 15, b);
	snprintf(b, sizeof(b), "%.7s-00", hi);
	sq_bind_text(s, st, 16, strncmp(lo, hi, 7) ? b : "~");
}

/* *n: the items of the part (with a deadline in range, or without one). */
static int office_count(struct store *s, const struct office *o, int range, long *n,
			struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, o->words ? SQL_WORDS[0][o->open] : SQL_OFFICE_COUNT[o->open][range],
			  &st, err)))
		return rc;
	office_bind(s, st, o, range);
	if (range && !o->words)
		range_bind(s, st, o);
	if ((rc = sq_step(s, st, err)) == 1)
		*n = (long)sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/*
 * A walk over kept counts in their order, where the rows of one day (or
 * month) come together, one per combination of facts: the day or month
 * item number `offset` (from 0) falls in, and how many items come before
 * that day's or month's first row.
 */
struct count_walk {
	long offset;
	long acc;      /* items before the current row */
	long key_acc;  /* items before the current key's first row */
	char key[16];  /* the current day ("YYYY-MM-DD") or month ("YYYY-MM") */
	int found, found_month;
	long found_acc;
	char found_key[16];
};

static void walk_row(struct count_walk *w, const char *key, long n, int month)
{
	if (strcmp(key, w->key)) {
		snprintf(w->key, sizeof(w->key), "%s", key);
		w->key_acc = w->acc;
	}
	if (!w->found && w->acc + n > w->offset) {
		w->found = 1;
		w->found_month = month;
		w->found_acc = w->key_acc;
		memcpy(w->found_key, w->key, sizeof(w->key));
	}
	w->acc += n;
}

/* w->found_key's days within o's range, walked on from the month's start. */
static int month_days(struct store *s, const struct office *o, struct count_walk *w,
		      struct err *err)
{
	sqlite3_stmt *st = NULL;
	char lo[16], hi[16], b[16];
	int rc;

	ymd_format(o->lo, lo);
	ymd_format(o->hi, hi);
	w->acc = w->found_acc;
	w->found = 0;
	w->key[0] = '\0';
	if ((rc = sq_prep(s, SQL_OFFICE_DAYS[o->open], &st, err)))
		return rc;
	office_bind(s, st, o, 0);
	/* Texts, not dates: "YYYY-MM-00" and "-99" bound every day of the month. */
	snprintf(b, sizeof(b), "%.7s-00", w->found_key);
	sq_bind_text(s, st, 1, strcmp(b, lo) > 0 ? b : lo);
	snprintf(b, sizeof(b), "%.7s-99", w->found_key);
	sq_bind_text(s, st, 2, strcmp(b, hi) < 0 ? b : hi);
	while (!w->found && (rc = sq_step(s, st, err)) == 1)
		walk_row(w, (const char *)sqlite3_column_text(st, 0), (long)sqlite3_column_int64(st, 1), 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/*
 * The range's items and where its item number `offset` (from 0) lies:
 * *n, how many items the range holds; *day, the last allowed day of item
 * `offset`, and *before, how many items come before that day (both left
 * alone when the offset is past the end).  When the offset falls in a
 * month counted whole, that month's days are read.
 */
static int office_skip(struct store *s, const struct office *o, long offset, long *n,
		       struct ymd *day, long *before, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct count_walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.offset = offset;
	if ((rc = sq_prep(s, SQL_OFFICE_PARTS[o->open], &st, err)))
		return rc;
	office_bind(s, st, o, 1);
	range_bind(s, st, o);
	while ((rc = sq_step(s, st, err)) == 1)
		walk_row(&w, (const char *)sqlite3_column_text(st, 0),
			 (long)sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2));
	sq_done(st);
	if (rc < 0)
		return rc;
	*n = w.acc;
	if (w.found && w.found_month && (rc = month_days(s, o, &w, err)))
		return rc;
	if (w.found && !status_parse_date(w.found_key, day))
		*before = w.found_acc;
	return 0;
}

/* Hands fn the part's items from offset, at most limit; *got counts them. */
static int office_page(struct store *s, const struct store_item_query *q, const struct office *o,
		       int range, long offset, long limit,
		       int (*fn)(const struct store_item *it, void *arg), void *arg, long *got,
		       struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc, stop = 0;

	if (o->exact) {
		if ((rc = sq_prep(s, SQL_WORDS_EXACT, &st, err)))
			return rc;
		sq_bind_text(s, st, 1, o->words);
		sq_bind_int(s, st, 2, offset);
		sq_bind_int(s, st, 3, limit);
	} else {
		if ((rc = sq_prep(s, o->words ? SQL_WORDS[1][o->open] : SQL_OFFICE_PAGE[o->open][range],
				  &st, err)))
			return rc;
		office_bind(s, st, o, range);
		sq_bind_int(s, st, 8, limit);
		sq_bind_int(s, st, 9, offset);
	}
	while ((rc = sq_step(s, st, err)) == 1) {
		struct store_item it;
		sq_item_from_row(st, &it, q->today);
		(*got)++;
		if ((stop = fn(&it, arg)))
			break;
	}
	sq_done(st);
	return rc < 0 ? rc : stop;
}

/* The one number statement sql answers (?1 the words, ?2 a day or none). */
static int count_of(struct store *s, const char *sql, const char *words, struct ymd day,
		    long *n, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	if ((rc = sq_prep(s, sql, &st, err)))
		return rc;
	sq_bind_text(s, st, 1, words);
	if (day.y)
		sq_bind_date(s, st, 2, day);
	if ((rc = sq_step(s, st, err)) == 1)
		*n = (long)sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc < 0 ? rc : 0;
}

/*
 * *n: the items o's words find (office_count(), from the index when it
 * can); o->exact set when they are exactly the index's rows for the words.
 */
static int words_count(struct store *s, struct office *o, long *n, struct err *err)
{
	char *later;
	long not_yet = 0, any = 0;
	int rc;

	if (o->open || o->state || o->done_late || o->done_on_time || o->extended ||
	    o->bounded || !o->with_range || !o->with_none)
		return office_count(s, o, 1, n, err);
	if ((rc = count_of(s, SQL_WORDS_ALL, o->words, (struct ymd){0, 0, 0}, n, err)))
		return rc;
	if (o->today.y && (rc = count_of(s, SQL_ANY_NOT_YET, NULL, o->today, &any, err)))
		return rc;
	if (!any) {
		o->exact = 1;
		return 0;
	}
	later = xasprintf("{later} : (%s)", o->words);
	rc = count_of(s, SQL_WORDS_NOT_YET, later, o->today, &not_yet, err);
	free(later);
	*n -= not_yet;
	return rc;
}

static int office_query(struct store *s, const struct store_item_query *q, const char *words,
			int (*fn)(const struct store_item *it, void *arg), void *arg,
			long *total, struct err *err)
{
	struct office o, from;
	long n_range = 0, n_none = 0, got = 0, before = 0;
	long limit = q->limit ? q->limit : LONG_MAX;
	int rc = 0;

	*total = 0;
	office_filters(q, &o);
	o.words = words;
	if (o.empty || (!o.with_range && !o.with_none))
		return 0;
	if (words) {
		if ((rc = words_count(s, &o, total, err)) || *total <= q->offset)
			return rc;
		return office_page(s, q, &o, 1, q->offset, limit, fn, arg, &got, err);
	}
	/* A deep page reads the index from its first item's day on, not
	 * every item before it. */
	from = o;
	if (o.with_range &&
	    (rc = q->offset > 0 ? office_skip(s, &o, q->offset, &n_range, &from.lo, &before, err)
				: office_count(s, &o, 1, &n_range, err)))
		return rc;
	if (o.with_none && (rc = office_count(s, &o, 0, &n_none, err)))
		return rc;
	*total = n_range + n_none;
	if (q->offset < n_range &&
	    (rc = office_page(s, q, &from, 1, q->offset - before, limit, fn, arg, &got, err)))
		return rc;
	if (got < limit && o.with_none && q->offset + got < *total)
		rc = office_page(s, q, &o, 0, q->offset + got - n_range, limit - got, fn, arg, &got, err);
	return rc;
}

/*
 * The known syllables (task_syllables) that begin with the last one typed,
 * as words_query() takes them: at most WORDS_EXPAND, else none (FTS5's
 * own prefix, which is no dearer than that many lists).
 */
#define WORDS_EXPAND 16
static const char SQL_SYLLABLES[] =
	"SELECT syl FROM task_syllables WHERE syl >= ?1 ORDER BY syl LIMIT ?2";

struct expansion {
	char *v[WORDS_EXPAND];
	size_t n;
};

static int expand_last(struct store *s, const char *q, struct expansion *x, struct err *err)
{
	sqlite3_stmt *st = NULL;
	char *last = words_last(q);
	size_t len = last ? strlen(last) : 0, seen = 0;
	int rc = 0;

	memset(x, 0, sizeof(*x));
	if (!last)
		return 0;
	if ((rc = sq_prep(s, SQL_SYLLABLES, &st, err)))
		goto out;
	sq_bind_text(s, st, 1, last);
	sq_bind_int(s, st, 2, WORDS_EXPAND + 1);
	while ((rc = sq_step(s, st, err)) == 1) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		/* In order: the ones it begins come first, together. */
		if (!v || strncmp(v, last, len))
			break;
		if (++seen > WORDS_EXPAND)
			break;
		x->v[x->n++] = xstrdup(v);
	}
	sq_done(st);
	if (seen > WORDS_EXPAND) {
		while (x->n)
			free(x->v[--x->n]);
	}
out:
	free(last);
	return rc < 0 ? rc : 0;
}

int store_query_items(struct store *s, const struct store_item_query *q,
		      int (*fn)(const struct store_item *it, void *arg), void *arg,
		      long *total, struct err *err)
{
	struct expansion x;
	char *words = NULL;
	int rc, n = 0, office, began = 0;

	*total = 0;
	memset(err, 0, sizeof(*err));
	memset(&x, 0, sizeof(x));
	/* A list counts and pages (a search reads the known syllables first,
	 * and may try twice): one snapshot for all of it, so that the total
	 * and the page agree, and one read lock instead of one per statement. */
	if ((began = sq_read_begin(s, err)) < 0)
		return began;
	if (q->q && (rc = expand_last(s, q->q, &x, err)))
		goto out;
	/* Input with no word (blank, only punctuation) does not filter. */
	words = q->q ? words_query(q->q, 1, (const char *const *)x.v, x.n, &n) : NULL;
	office = !q->unit_id && !q->notice_id && !q->task_id &&
		 q->order == STORE_ORDER_DEADLINE && !(q->flags & STORE_QF_RECURRING);
	rc = office ? office_query(s, q, words, fn, arg, total, err)
		    : run_query(s, q, words, fn, arg, total, err);
	free(words);
	/* No phrase match: every word anywhere.  (Nothing was handed to fn
	 * yet, since nothing matched.) */
	if (rc == 0 && *total == 0 && n > 1) {
		words = words_query(q->q, 0, (const char *const *)x.v, x.n, &n);
		rc = office ? office_query(s, q, words, fn, arg, total, err)
			    : run_query(s, q, words, fn, arg, total, err);
		free(words);
	}
out:
	sq_read_end(s, began);
	while (x.n)
		free(x.v[--x.n]);
	return rc;
}

/*
 * Each write transaction leaves item_fts a segment, and FTS5 merges them
 * only when 8 pile up at a level (migration 25), so a search reads the
 * lists of a dozen segments or more: twice the time of one.  A step merges
 * about TIDY_PAGES pages across levels (FTS5's 'merge' with a negative
 * budget), in its own transaction, so a writer waits for one step at most.
 */
#define TIDY_PAGES 256
static const char SQL_TIDY[] = "INSERT INTO item_fts (item_fts, rank) VALUES ('merge', ?1)";

int store_search_tidy(struct store *s, int max_steps, int *steps, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(err, 0, sizeof(*err));
	*steps = 0;
	while (*steps < max_steps) {
		sqlite3_int64 before;

		if ((rc = sq_begin(s, err)))
			break;
		before = sqlite3_total_changes64(s->db);
		if ((rc = sq_prep(s, SQL_TIDY, &st, err)))
			break;
		sq_bind_int(s, st, 1, -TIDY_PAGES);
		if ((rc = sq_run(s, st, err)) || (rc = sq_commit(s, err)))
			break;
		(*steps)++;
		/* FTS5's documented sign that a merge did no work: fewer than
		 * two changes. */
		if (sqlite3_total_changes64(s->db) - before < 2)
			break;
	}
	if (rc)
		sq_rollback(s);
	return rc;
}

int store_data_version(struct store *s, unsigned *out, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int v = 0, rc;

	memset(err, 0, sizeof(*err));
	/*
	 * The file control reads the pager's counter, which moves on commits
	 * by this connection and, once a read transaction has looked at the
	 * WAL, by others; PRAGMA data_version opens that read.
	 */
	if ((rc = sq_prep(s, "PRAGMA data_version", &st, err)))
		return rc;
	rc = sq_step(s, st, err);
	sq_done(st);
	if (rc < 0)
		return rc;
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
		return sq_dbfail(s, err, "cannot read the data version");
	*out = (unsigned)v;
	return 0;
}
