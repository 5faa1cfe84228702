/*
 * outline.h - a notice's text as paragraphs with their list markers.
 *
 * Internal to notices/.  The pipeline is: text.c (bytes to clean text) ->
 * outline.c (paragraphs, markers, table rows) -> meta.c (number, date,
 * signer...) and notice.c (sections, directives, owners, deadlines).
 */
#ifndef NOTICES_OUTLINE_H
#define NOTICES_OUTLINE_H

#include <stddef.h>
#include "notices/util.h"

enum marker {
	MK_NONE = 0,  /* a plain paragraph */
	MK_PART,      /* "Phần thứ hai", "PHẦN I" */
	MK_ROMAN,     /* "II.", "II-", "IV)" */
	MK_NUM,       /* "1.", "6.1.", "2.3" */
	MK_LETTER,    /* "a)", "đ)" */
	MK_PAREN,     /* "(1)", "(2)." */
	MK_DASH,      /* "-", "–", "•", "*" */
	MK_PLUS,      /* "+", "- +" */
	MK_ROW,       /* a table row: "a | b | c" or "| a | b |" */
};

struct para {
	char *text;         /* markup removed, marker removed, spaces squeezed */
	size_t off;         /* byte offset of its first line in the normalised text */
	size_t end;         /* byte offset just past its last line */
	int line;           /* 1-based line of its first line */
	enum marker mk;
	int depth;          /* components of a MK_NUM ("6.1" is 2) */
	char label[24];     /* "II", "6.1", "a", "" */
	struct strlist cells; /* MK_ROW: the cells, trimmed */
	int upper;          /* written in capitals (a heading) */
	int blank_before;   /* a blank line came before it */
};

struct outline {
	struct para *p;
	size_t n;
	char *texts; /* the block all p[].text point into */
};

/* Splits normalised text (NFC, LF) into paragraphs.  Footnotes and rules
 * are dropped; a sentence broken by a page break is joined again. */
void outline_build(const char *text, size_t len, struct outline *out);
void outline_release(struct outline *o);

#endif
