/*
 * match.c - a corrected version of a notice: its tasks matched to the
 * stored ones by reference and wording, then updated, added or removed.
 */
#include "tracker/store/import_int.h"

#include "tracker/store/store.h"
#include "tracker/store/import.h"
#include <sqlite3.h>
#include <cJSON.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "notices/unitdir.h"

static const char SQL_TASK_UPDATE[] =
	"UPDATE tasks SET position = ?2, ref = ?3, text = ?4, line = ?5, span_start = ?6,"
	" span_end = ?7, due = ?8, due_kind = ?9, due_text = ?10, freq = ?11, rrule = ?12,"
	" updated_at = CASE WHEN ?14 THEN ?13 ELSE updated_at END, removed_at = NULL"
	" WHERE id = ?1";
static const char SQL_TASK_REMOVE[] =
	"UPDATE tasks SET removed_at = ?2, updated_at = ?2 WHERE id = ?1";

/* A text as a sorted multiset of words, for the similarity below. */
struct words {
	const char **w;
	size_t *len;
	size_t n;
};

static int word_byte(unsigned char ch)
{
	/* Non-ASCII bytes are letters of Vietnamese words; ASCII punctuation
	 * and spaces separate words. */
	return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

static int word_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int r = memcmp(a, b, la < lb ? la : lb);

	return r ? r : (la > lb) - (la < lb);
}

static void words_sort(struct words *ws)
{
	size_t i, j;

	/* Insertion sort: tasks hold tens of words, and it keeps (w, len)
	 * pairs together without a struct for qsort. */
	for (i = 1; i < ws->n; i++) {
		const char *w = ws->w[i];
		size_t l = ws->len[i];
		for (j = i; j > 0 && word_cmp(ws->w[j - 1], ws->len[j - 1], w, l) > 0; j--) {
			ws->w[j] = ws->w[j - 1];
			ws->len[j] = ws->len[j - 1];
		}
		ws->w[j] = w;
		ws->len[j] = l;
	}
}

/* At most this many words of a task count for matching. */
#define MATCH_WORDS 400

static void words_init(struct words *ws, const char *text)
{
	const char *p = text ? text : "";
	size_t alloc_w = 0, alloc_len = 0;

	memset(ws, 0, sizeof(*ws));
	while (*p && ws->n < MATCH_WORDS) {
		const char *q;
		while (*p && !word_byte((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (q = p; *q && word_byte((unsigned char)*q); q++)
			;
		ALLOC_GROW(ws->w, ws->n + 1, alloc_w);
		ALLOC_GROW(ws->len, ws->n + 1, alloc_len);
		ws->w[ws->n] = p;
		ws->len[ws->n++] = (size_t)(q - p);
		p = q;
	}
	words_sort(ws);
}

static void words_release(struct words *ws)
{
	free(ws->w);
	free(ws->len);
	memset(ws, 0, sizeof(*ws));
}

/* Dice coefficient of two word multisets: 1 for the same words, 0 for none
 * in common.  Word order is ignored, so a reworded clause still matches. */
static double similarity(const struct words *a, const struct words *b)
{
	size_t i = 0, j = 0, common = 0;

	if (!a->n && !b->n)
		return 1.0;
	while (i < a->n && j < b->n) {
		int r = word_cmp(a->w[i], a->len[i], b->w[j], b->len[j]);
		if (r == 0) {
			common++;
			i++;
			j++;
		} else if (r < 0) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

struct pair {
	size_t i, j;  /* new task, old task */
	double score;
};

static int pair_cmp(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return (a->j > b->j) - (a->j < b->j);
}

/*
 * Thresholds for matching by similarity.  A corrected notice usually moves a
 * date or an owner and keeps most words: 60% of the words in common is the
 * same task, 40% under the same ref.  Lower bars let the words every
 * directive shares ("Giao", "chủ trì", "báo cáo UBND tỉnh") pair two short,
 * different tasks.  A renumbered item
 * (a new item 2 pushes the old 2 to 3) has the same ref as a different task,
 * which is why the ref alone never decides.
 */
#define MATCH_MIN 0.6
#define MATCH_MIN_SAME_REF 0.4
#define MATCH_REF_BONUS 0.25
/* Above this many candidate pairs only tasks with the same ref are compared,
 * so a pathological notice cannot make matching quadratic in time. */
#define MATCH_MAX_PAIRS 1000000

/*
 * Pairs each task of the new text with at most one stored task: identical
 * text first (same ref preferred), then the most similar pairs greedily.
 * Fills match[i] with the index into old[], or -1 for a new task.
 */
static void match_tasks(const struct notice *n, struct old_task *old,
			size_t n_old, long *match)
{
	struct words *wn = NULL, *wo = NULL;
	struct pair *pairs = NULL;
	size_t i, j, np = 0, alloc_pairs = 0;
	int pass, all_pairs;

	for (i = 0; i < n->n_tasks; i++)
		match[i] = -1;
	/* Identical text, with the same ref first, then any. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n->n_tasks; i++) {
			const struct notice_task *t = &n->tasks[i];
			for (j = 0; j < n_old && match[i] < 0; j++) {
				if (old[j].matched || !imp_str_eq(old[j].text, t->text))
					continue;
				if (pass == 0 && !imp_str_eq(old[j].ref, t->ref))
					continue;
				old[j].matched = 1;
				match[i] = (long)j;
			}
		}
	}
	all_pairs = n->n_tasks * n_old <= MATCH_MAX_PAIRS;
	wn = xcalloc(n->n_tasks ? n->n_tasks : 1, sizeof(*wn));
	wo = xcalloc(n_old ? n_old : 1, sizeof(*wo));
	for (i = 0; i < n->n_tasks; i++)
		if (match[i] < 0)
			words_init(&wn[i], n->tasks[i].text);
	for (j = 0; j < n_old; j++)
		if (!old[j].matched)
			words_init(&wo[j], old[j].text);
	for (i = 0; i < n->n_tasks; i++) {
		if (match[i] >= 0)
			continue;
		for (j = 0; j < n_old; j++) {
			int same_ref = imp_str_eq(old[j].ref, n->tasks[i].ref);
			double sim;
			if (old[j].matched || (!all_pairs && !same_ref))
				continue;
			sim = similarity(&wn[i], &wo[j]);
			if (sim < (same_ref ? MATCH_MIN_SAME_REF : MATCH_MIN))
				continue;
			ALLOC_GROW(pairs, np + 1, alloc_pairs);
			pairs[np].i = i;
			pairs[np].j = j;
			/* Prefer the same ref, then a task still live. */
			pairs[np].score = sim + (same_ref ? MATCH_REF_BONUS : 0) +
					  (old[j].removed ? 0 : 0.01);
			np++;
		}
	}
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_cmp);
	for (i = 0; i < np; i++) {
		if (match[pairs[i].i] >= 0 || old[pairs[i].j].matched)
			continue;
		match[pairs[i].i] = (long)pairs[i].j;
		old[pairs[i].j].matched = 1;
	}
	for (i = 0; i < n->n_tasks; i++)
		words_release(&wn[i]);
	for (j = 0; j < n_old; j++)
		words_release(&wo[j]);
	free(wn);
	free(wo);
	free(pairs);
}

/* Updates a stored task to the new text's version of it. */
static int task_update(struct import_ctx *c, size_t pos,
		       const struct notice_task *parsed, struct old_task *o)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	struct wants w = {0};
	struct task_cols tc;
	struct notice_task kept;
	const struct notice_task *t = &kept;
	struct imp_kept k;
	cJSON *data = NULL, *changes;
	unsigned fields = 0;
	int owners_changed = 0, rc;

	/* Fields the office edited by hand win over the parser while the
	 * task's text stays the same. */
	if ((rc = imp_keep_edits(c, o->id, o->text, parsed, &kept, &k))) {
		imp_kept_release(&k);
		return rc;
	}
	imp_task_cols(t, &tc);
	if (!imp_str_eq(o->ref, t->ref))
		fields |= STORE_F_REF;
	if (!imp_str_eq(o->text, t->text))
		fields |= STORE_F_TEXT;
	if (!imp_str_eq(o->due, tc.due[0] ? tc.due : NULL) || !imp_str_eq(o->due_kind, tc.due_kind))
		fields |= STORE_F_DUE;
	if (!imp_str_eq(o->freq, tc.freq) || !imp_str_eq(o->rrule, tc.rrule))
		fields |= STORE_F_RECURRENCE;

	/* Assignments first: their events come before the task's own. */
	if ((rc = imp_plan_assignments(s, t, c->opts->units, c->now, &w,
				   &c->res->unknown_units, &c->owners, c->err)))
		goto out;
	if ((rc = imp_assignments_apply(c, o->id, &w, &owners_changed)))
		goto out;
	if (owners_changed)
		fields |= STORE_F_OWNERS;

	if ((rc = sq_prep(s, SQL_TASK_UPDATE, &st, c->err)))
		goto out;
	sq_bind_int(s, st, 1, o->id);
	imp_bind_task(s, st, pos, t);
	sq_bind_text(s, st, 13, c->now);
	sq_bind_int(s, st, 14, fields || o->removed);
	if ((rc = sq_run(s, st, c->err)))
		goto out;

	if (o->removed) {
		if ((rc = imp_task_event(c, o->id, 0, "restored", imp_version_data(c))))
			goto out;
	}
	if (fields & ~(unsigned)STORE_F_OWNERS) {
		data = imp_version_data(c);
		changes = cJSON_AddObjectToObject(data, "changes");
		if (fields & STORE_F_REF)
			imp_add_from_to(changes, "ref", o->ref, t->ref);
		if (fields & STORE_F_TEXT)
			imp_add_from_to(changes, "text", o->text, t->text);
		if (fields & STORE_F_DUE) {
			if (!imp_str_eq(o->due, tc.due[0] ? tc.due : NULL))
				imp_add_from_to(changes, "due", o->due, tc.due[0] ? tc.due : NULL);
			if (!imp_str_eq(o->due_kind, tc.due_kind))
				imp_add_from_to(changes, "due_kind", o->due_kind, tc.due_kind);
		}
		if (fields & STORE_F_RECURRENCE) {
			if (!imp_str_eq(o->freq, tc.freq))
				imp_add_from_to(changes, "freq", o->freq, tc.freq);
			if (!imp_str_eq(o->rrule, tc.rrule))
				imp_add_from_to(changes, "rrule", o->rrule, tc.rrule);
		}
		rc = imp_task_event(c, o->id, 0, "updated", data);
		data = NULL;
		if (rc)
			goto out;
	}
	if (o->removed)
		imp_add_change(c->res, o->id, t->ref, STORE_TASK_RESTORED, fields);
	else if (fields)
		imp_add_change(c->res, o->id, t->ref, STORE_TASK_CHANGED, fields);
out:
	cJSON_Delete(data);
	imp_wants_release(&w);
	imp_kept_release(&k);
	return rc;
}

static int task_remove(struct import_ctx *c, const struct old_task *o)
{
	struct store *s = c->s;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sq_prep(s, SQL_TASK_REMOVE, &st, c->err)))
		return rc;
	sq_bind_int(s, st, 1, o->id);
	sq_bind_text(s, st, 2, c->now);
	if ((rc = sq_run(s, st, c->err)))
		return rc;
	if ((rc = imp_task_event(c, o->id, 0, "removed", imp_version_data(c))))
		return rc;
	imp_add_change(c->res, o->id, o->ref, STORE_TASK_REMOVED, 0);
	return 0;
}

int imp_tasks_correct(struct import_ctx *c, const struct notice *n)
{
	struct old_task *old = NULL;
	long *match = NULL;
	size_t n_old = 0, i;
	long long id;
	int rc;

	if ((rc = imp_load_old_tasks(c, &old, &n_old)))
		goto out;
	match = xcalloc(n->n_tasks ? n->n_tasks : 1, sizeof(*match));
	match_tasks(n, old, n_old, match);
	for (i = 0; i < n->n_tasks; i++) {
		if (match[i] >= 0) {
			rc = task_update(c, i, &n->tasks[i], &old[match[i]]);
		} else {
			rc = imp_task_insert(c, i, &n->tasks[i], &id);
			if (!rc)
				imp_add_change(c->res, id, n->tasks[i].ref, STORE_TASK_ADDED, 0);
		}
		if (rc)
			goto out;
	}
	for (i = 0; i < n_old; i++)
		if (!old[i].matched && !old[i].removed && (rc = task_remove(c, &old[i])))
			goto out;
out:
	free(match);
	imp_old_tasks_free(old, n_old);
	return rc;
}
