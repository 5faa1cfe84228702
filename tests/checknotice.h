/*
 * checknotice.h - invariants every parsed notice must hold, whatever the
 * input: shared by tests/test_inputs.c and tests/test_fuzz_replay.c.
 *
 * notice_problem() returns NULL when the notice is well formed, else a
 * static sentence naming the first broken invariant: the normalised text and
 * every string are valid UTF-8; each task has a ref and a text, a line >= 1
 * and a span inside the normalised text; owners are non-empty; a due date
 * is a real calendar date and comes with a kind (and a kind with a date);
 * a rule comes with a frequency, and "periodic" has none.
 */
#ifndef TESTS_CHECKNOTICE_H
#define TESTS_CHECKNOTICE_H

#include <string.h>

#include <utf8proc.h>

#include "notices/deadline.h"
#include "notices/notice.h"

static int check_utf8(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);

	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
		if (k < 1)
			return 0;
		p += k;
		left -= k;
	}
	return 1;
}

static int check_date(struct ymd d)
{
	return d.y >= 1 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= ymd_days_in_month(d.y, d.m);
}

static const char *check_strings(char **v, size_t n)
{
	if (n && !v)
		return "owner list is NULL";
	for (size_t i = 0; i < n; i++) {
		if (!v[i] || !v[i][0])
			return "an owner name is NULL or empty";
		if (!check_utf8(v[i]))
			return "an owner name is not valid UTF-8";
	}
	return NULL;
}

static const char *notice_problem(const struct notice *n)
{
	const char *meta[] = { n->number, n->type, n->issuer, n->place,
			       n->title, n->signer, n->presider };
	size_t textlen;

	if (!n->text)
		return "normalised text is NULL";
	if (!check_utf8(n->text))
		return "normalised text is not valid UTF-8";
	textlen = strlen(n->text);
	for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
		if (meta[i] && !check_utf8(meta[i]))
			return "a metadata field is not valid UTF-8";
	if (n->date.m < 0 || n->date.m > 12 || n->date.d < 0 || n->date.d > 31)
		return "notice date out of range";
	if (n->n_tasks && !n->tasks)
		return "task array is NULL";
	for (size_t i = 0; i < n->n_tasks; i++) {
		const struct notice_task *t = &n->tasks[i];
		const char *why;

		if (!t->ref || !t->text)
			return "a task has no ref or no text";
		if (!check_utf8(t->ref) || !check_utf8(t->text))
			return "a task's ref or text is not valid UTF-8";
		if (t->due_text && !check_utf8(t->due_text))
			return "a task's due_text is not valid UTF-8";
		if (t->line < 1)
			return "a task's line is < 1";
		if (t->start > t->end || t->end > textlen)
			return "a task's span lies outside the normalised text";
		if ((why = check_strings(t->owners, t->n_owners)) ||
		    (why = check_strings(t->co_owners, t->n_co_owners)))
			return why;
		if (t->due.y || t->due.m || t->due.d) {
			if (!check_date(t->due))
				return "a task's due date is not a calendar date";
			if (t->due_kind == DUE_NONE)
				return "a task has a due date but kind none";
		} else if (t->due_kind != DUE_NONE) {
			return "a task has a due kind but no date";
		}
		if (t->freq == REC_PERIODIC && t->rrule)
			return "a periodic task has an RRULE";
		if (t->freq == REC_NONE && t->rrule)
			return "a task has an RRULE but no frequency";
		if (t->rrule && !strstr(t->rrule, "FREQ="))
			return "a task's RRULE has no FREQ part";
	}
	return NULL;
}

#endif
