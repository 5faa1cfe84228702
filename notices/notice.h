/*
 * notice.h - the parser's public interface: notice text in, metadata and
 * tasks out.
 *
 * Pure computation: no I/O, no SQLite, no printing.  The result depends only
 * on the text and the units directory (aliases are canonicalised, groups are
 * never expanded).  Everything a caller gets is owned by the `struct notice`
 * and freed with notice_free().
 */
#ifndef NOTICES_NOTICE_H
#define NOTICES_NOTICE_H

#include <stddef.h>

#include "notices/err.h"

struct unitdir;

/* A calendar date; 0 in a field means the notice left it blank. */
struct ymd {
	int y, m, d;
};

/*
 * How a deadline binds (DESIGN.md).  BEFORE: "trước ngày X", the last allowed
 * day is X-1.  BY: "chậm nhất ngày X", "vào ngày X", or a time of day on X:
 * X itself is allowed.  WITHIN: a month, quarter, half-year or year; `due`
 * holds its last day.
 */
/*
 * How a deadline binds.  DUE_RELATIVE has no date: a period counted from
 * this document's receipt ("trong 07 ngày làm việc kể từ ngày nhận được
 * văn bản này"), which each recipient counts from its own day; the store
 * keeps it as no deadline with its phrase, for a clerk to date.
 */
enum due_kind { DUE_NONE = 0, DUE_BEFORE, DUE_BY, DUE_WITHIN, DUE_RELATIVE };

/* Names of the kinds as in the JSON contract ("before", ...); NULL for none. */
const char *due_kind_name(enum due_kind k);

enum rec_freq {
	REC_NONE = 0, REC_DAILY, REC_WEEKLY, REC_MONTHLY, REC_QUARTERLY,
	REC_HALF_YEARLY, REC_YEARLY, REC_PERIODIC
};
/* "daily", ..., "periodic"; NULL for REC_NONE. */
const char *rec_freq_name(enum rec_freq f);

struct notice_task {
	char *ref;        /* outline position, e.g. "II.6.1.2"; never NULL */
	char *text;       /* the directive's text, markup removed */
	char **owners;    /* lead units, as unitdir_spell() gives them: canonical
	                   * where the directory knows them */
	size_t n_owners;
	char **co_owners; /* supporting units */
	size_t n_co_owners;
	struct ymd due;   /* all zero when there is no deadline */
	enum due_kind due_kind;
	char *due_text;   /* the deadline as written, or NULL */
	enum rec_freq freq;
	char *rrule;      /* RFC 5545 RRULE value, or NULL (always NULL for periodic) */
	int line;         /* 1-based line of the task's first byte in the input */
	size_t start, end;/* byte span of the task in the normalised text */
	/* Why the parser read it so, each a short English phrase naming the
	 * rule and the words it used ("heading 6 'Sở Nội vụ'"); never NULL
	 * after notice_parse(). */
	char *why_task, *why_owners, *why_due;
};

/* A token the parser read as several words run together ("Kínhgửi" read
 * as "Kính gửi"; notices/syllable.h says when). */
struct notice_split {
	int line;         /* 1-based */
	char *from;       /* the token as written */
	char *to;         /* as the parser reads it */
};

struct notice {
	char *number;     /* "2849/TB-VP"; NULL when blank ("Số: /TB-UBND") */
	char *type;       /* "THÔNG BÁO", "CHỈ THỊ", ...; NULL if not found */
	char *issuer;     /* issuing body, e.g. "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG" */
	char *place;
	struct ymd date;  /* day may be 0 when blank, month kept */
	char *title;
	char *signer;
	struct ymd meeting_date;
	char *presider;   /* presiding leader of the meeting, when stated */
	char *text;       /* the normalised text (NFC, LF line ends, no BOM) */
	struct notice_task *tasks;
	size_t n_tasks;
	struct notice_split *splits; /* in text order; `text` holds them split */
	size_t n_splits;
};

/*
 * Parses `len` bytes of notice text.  `units` may be NULL (names are kept as
 * written).  On success returns 0 and stores a new notice in *out (caller
 * frees with notice_free()).  On failure returns -1, leaves *out NULL and
 * fills *err: ERR_ENCODING for invalid UTF-8 or binary data (with line and
 * byte column), ERR_NOTEXT for an empty or blank input.  A document with no
 * directive is not an error: it gives its metadata and zero tasks.
 */
int notice_parse(const char *buf, size_t len, const struct unitdir *units,
		 struct notice **out, struct err *err);

/* Frees what a task holds (not the struct) and zeroes it.  NULL-safe. */
void notice_task_release(struct notice_task *t);

/* Frees the notice and everything in it, and sets *n to NULL.  NULL-safe. */
void notice_free(struct notice **n);

/* Formats a date as "YYYY-MM-DD" into buf (11 bytes); "" when y is 0. */
void ymd_format(struct ymd d, char buf[11]);

#endif
