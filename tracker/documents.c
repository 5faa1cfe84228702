/*
 * documents.c - what the office's documents say, from the store: the
 * overdue work, the summary table, the settings.  See documents.h.
 */
#include "tracker/documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "notices/dates.h"
#include "tracker/report.h"
#include "tracker/store/life.h"
#include "tracker/store/mailq.h"
#include "tracker/store/units.h"
#include "tracker/wording.h"

/* A letter or report is a few hundred KiB even for a thousand items. */
#define MAX_XLSX ((size_t)64 << 20)
/* The letter asks for an answer within a working week. */
#define REPLY_WORKING_DAYS 5

int documents_settings(struct store *s, struct docs_settings *st, struct err *err)
{
	char *units = NULL, *path = NULL, *slash;
	int rc;

	docs_settings_defaults(st);
	if ((rc = store_units_source(s, &units, err)))
		return rc;
	if (!units)
		return 0;
	slash = strrchr(units, '/');
	path = slash ? xasprintf("%.*s/%s", (int)(slash - units), units, DOCS_SETTINGS_NAME)
		     : xstrdup(DOCS_SETTINGS_NAME);
	docs_settings_release(st);
	rc = docs_settings_load(path, st, err);
	free(path);
	free(units);
	return rc;
}

/* ---- Overdue work ------------------------------------------------------------ */

static int overdue_item(const struct store_item *it, void *arg)
{
	struct documents_overdue *o = arg;
	struct docs_item *d;
	struct sbuf sb;

	if (it->state.status != TASK_OVERDUE || it->state.awaiting)
		return 0;
	ALLOC_GROW(o->v, o->n + 1, o->alloc);
	o->unit_ids = xrealloc(o->unit_ids, o->alloc * sizeof(*o->unit_ids));
	o->unit_ids[o->n] = it->unit_id;
	d = &o->v[o->n++];
	memset(d, 0, sizeof(*d));
	d->unit = xstrdup(it->unit ? it->unit : "?");
	sbuf_init(&sb, 0);
	wording_notice_ref(it, &sb);
	d->notice = sbuf_detach(&sb);
	wording_deadline(it, &sb);
	d->deadline = sbuf_detach(&sb);
	d->ref = xstrdup(it->task_ref ? it->task_ref : "");
	d->text = xstrdup(it->task_text ? it->task_text : "");
	d->last_day = it->state.last_day;
	d->days_late = -it->state.days_left;
	d->long_overdue = it->state.long_overdue;
	return 0;
}

int documents_overdue(struct store *s, struct ymd today, long long unit_id, struct ymd from,
		      struct ymd to, struct documents_overdue *o, struct err *err)
{
	struct store_item_filter f;
	int rc;

	memset(o, 0, sizeof(*o));
	memset(&f, 0, sizeof(f));
	f.today = today;
	f.unit_id = unit_id;
	f.open_only = 1;
	f.current_only = 1;
	f.notice_from = from;
	f.notice_to = to;
	if ((rc = store_scan_items(s, &f, overdue_item, o, err)))
		documents_overdue_release(o);
	return rc;
}

void documents_overdue_release(struct documents_overdue *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->n; i++) {
		free((char *)o->v[i].unit);
		free((char *)o->v[i].notice);
		free((char *)o->v[i].deadline);
		free((char *)o->v[i].ref);
		free((char *)o->v[i].text);
	}
	free(o->v);
	free(o->unit_ids);
	memset(o, 0, sizeof(*o));
}

/* ---- Letters --------------------------------------------------------------------- */

static int letter(const struct docs_settings *st, const char *unit, struct ymd today,
		  const struct docs_item *v, size_t n, char **out, size_t *len, struct err *err)
{
	struct docs_letter l;

	memset(&l, 0, sizeof(l));
	l.unit = unit;
	l.today = today;
	l.reply_by = ymd_add_working_days(today, REPLY_WORKING_DAYS);
	l.items = v;
	l.n = n;
	return docs_letter_docx(st, &l, out, len, err);
}

int documents_urge(struct store *s, const struct docs_settings *st, long long unit_id,
		   struct ymd today, char **out, size_t *len, char **unit, struct err *err)
{
	struct documents_overdue o;
	char *email = NULL, *name = NULL;
	struct ymd zero = {0, 0, 0};
	long long office = 0;
	int rc;

	*out = NULL;
	*len = 0;
	*unit = NULL;
	memset(&o, 0, sizeof(o));
	if ((rc = store_unit_email(s, unit_id, &email, &name, err)) ||
	    (rc = store_office_id(s, &office, err)))
		goto out;
	if (!name) {
		rc = err_set(err, ERR_NOTFOUND, "no unit %lld", unit_id);
		goto out;
	}
	if (unit_id == office) {
		rc = err_set(err, ERR_NOTFOUND,
			     "'%.200s' is the office: it sends the urging letters, it gets none", name);
		goto out;
	}
	if ((rc = documents_overdue(s, today, unit_id, zero, zero, &o, err)))
		goto out;
	if (!o.n) {
		rc = err_set(err, ERR_NOTFOUND, "'%.200s' has no overdue work", name);
		goto out;
	}
	if (!(rc = letter(st, name, today, o.v, o.n, out, len, err))) {
		*unit = name;
		name = NULL;
	}
out:
	documents_overdue_release(&o);
	free(email);
	free(name);
	return rc;
}

int documents_urge_each(struct store *s, const struct docs_settings *st, struct ymd today,
			const char *skip,
			int (*fn)(const char *unit, long long unit_id, const char *docx,
				  size_t len, void *arg),
			void *arg, long *n_units, struct err *err)
{
	struct documents_overdue o;
	struct ymd zero = {0, 0, 0};
	long long office = 0;
	size_t i, j;
	int rc;

	*n_units = 0;
	/* The office drafts the letters; it never receives one, whether or
	 * not this run read the units file that names it. */
	if ((rc = store_office_id(s, &office, err)) ||
	    (rc = documents_overdue(s, today, 0, zero, zero, &o, err)))
		return rc;
	/* The scan is in unit order: each unit's work is one run. */
	for (i = 0; i < o.n && !rc; i = j) {
		char *docx = NULL;
		size_t len = 0;
		for (j = i; j < o.n && o.unit_ids[j] == o.unit_ids[i]; j++)
			;
		if (o.unit_ids[i] == office || (skip && !strcmp(o.v[i].unit, skip)))
			continue;
		if (!(rc = letter(st, o.v[i].unit, today, o.v + i, j - i, &docx, &len, err))) {
			(*n_units)++;
			rc = fn(o.v[i].unit, o.unit_ids[i], docx, len, arg);
		}
		free(docx);
	}
	documents_overdue_release(&o);
	return rc;
}

/* ---- The report ------------------------------------------------------------------ */

static void count_row(struct docs_count_row *d, const struct report_row *r, const char *name)
{
	d->unit = name;
	d->v[DOCS_TOTAL] = r->total;
	d->v[DOCS_DONE_ON_TIME] = r->done_on_time;
	d->v[DOCS_DONE_LATE] = r->done_late;
	d->v[DOCS_IN_PROGRESS] = r->in_progress;
	d->v[DOCS_OVERDUE] = r->overdue;
	d->v[DOCS_NO_DEADLINE] = r->no_deadline;
	d->v[DOCS_LONG_OVERDUE] = r->long_overdue;
	d->v[DOCS_AWAITING] = r->awaiting;
	d->overdue_rate = report_overdue_rate(r);
}

struct report_data {
	struct report_table t;
	struct documents_overdue o;
	struct docs_count_row *rows;
	struct docs_report r;
};

static int report_data(struct store *s, struct ymd today, struct ymd from, struct ymd to,
		       struct report_data *d, struct err *err)
{
	size_t i;
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = report_table_build(s, today, from, to, &d->t, err)) ||
	    (rc = documents_overdue(s, today, 0, from, to, &d->o, err)))
		return rc;
	d->rows = xcalloc(d->t.n + 1, sizeof(*d->rows));
	for (i = 0; i < d->t.n; i++)
		count_row(&d->rows[i], &d->t.v[i], d->t.v[i].unit);
	count_row(&d->rows[d->t.n], &d->t.sum, "Tổng cộng");
	d->r.today = today;
	d->r.from = from;
	d->r.to = to;
	d->r.rows = d->rows;
	d->r.n_rows = d->t.n + 1;
	d->r.items = d->o.v;
	d->r.n_items = d->o.n;
	return 0;
}

static void report_data_release(struct report_data *d)
{
	report_table_release(&d->t);
	documents_overdue_release(&d->o);
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

int documents_report_docx(struct store *s, const struct docs_settings *st, struct ymd today,
			  struct ymd from, struct ymd to, char **out, size_t *len,
			  struct err *err)
{
	struct report_data d;
	int rc;

	*out = NULL;
	*len = 0;
	if (!(rc = report_data(s, today, from, to, &d, err)))
		rc = docs_report_docx(st, &d.r, out, len, err);
	report_data_release(&d);
	return rc;
}

int documents_report_xlsx(struct store *s, struct ymd today, struct ymd from, struct ymd to,
			  int *fd, struct err *err)
{
	struct report_data d;
	int rc;

	*fd = -1;
	if (!(rc = report_data(s, today, from, to, &d, err)))
		rc = docs_report_xlsx(&d.r, fd, err);
	report_data_release(&d);
	return rc;
}

char *documents_letter_name(const char *unit)
{
	utf8proc_uint8_t *folded = NULL;
	struct sbuf sb;
	const char *p;
	int dash = 0;

	sbuf_init(&sb, 0);
	sbuf_adds(&sb, "don-doc-");
	if (utf8proc_map((const utf8proc_uint8_t *)(unit ? unit : ""), 0, &folded,
			 UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
			 UTF8PROC_CASEFOLD) < 0)
		folded = NULL;
	for (p = folded ? (const char *)folded : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* "đ" has no decomposition: it folds to d by hand. */
		if (c == 0xC4 && ((unsigned char)p[1] == 0x91 || (unsigned char)p[1] == 0x90)) {
			c = 'd';
			p++;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && sb.len > 8)
				sbuf_addc(&sb, '-');
			sbuf_addc(&sb, (char)c);
			dash = 0;
		} else {
			dash = 1;
		}
		if (sb.len > 100)
			break;
	}
	free(folded);
	if (sb.len == 8)
		sbuf_adds(&sb, "don-vi");
	sbuf_adds(&sb, ".docx");
	return sbuf_detach(&sb);
}
