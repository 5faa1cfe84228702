/*
 * docs_int.h - what the files of tracker/docs/ share: clean text, dates,
 * the built-in templates.  Not for use outside tracker/docs/.
 */
#ifndef TRACKER_DOCS_INT_H
#define TRACKER_DOCS_INT_H

#include <stddef.h>
#include "tracker/docs/docs.h"

/* "dd/mm/yyyy" */
void docs_date_dmy(struct ymd d, char buf[11]);

/* The templates compiled in (build/gen/docs_templates.c, made by
 * scripts/embed-templates.sh from tracker/docs/template/NAME/). */
struct docs_builtin {
	const char *name;           /* "urge", "report"; NULL ends the table */
	const unsigned char *data;  /* the zipped .docx */
	size_t len;
};
extern const struct docs_builtin docs_builtin_templates[];

/* "- Như trên;" then the settings' cc lines, one a line. */
void docs_cc_lines(const struct docs_settings *st, struct sbuf *sb);
/* The line above the signer's title: "KT. CHÁNH VĂN PHÒNG", or "" when
 * the signer signs on their own authority. */
void docs_authority_line(const struct docs_settings *st, struct sbuf *sb);

#endif
