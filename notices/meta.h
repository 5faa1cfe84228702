/*
 * meta.h - a notice's metadata: number, type, issuer, place and date,
 * title, signer, meeting date and presiding leader.  Internal to notices/.
 */
#ifndef NOTICES_META_H
#define NOTICES_META_H

#include "notices/notice.h"
#include "notices/outline.h"

/*
 * Fills n's metadata fields from the outline.  *body_start is set to the
 * first paragraph after the header (number, date, type, title).
 */
void meta_extract(const struct outline *o, struct notice *n, size_t *body_start);

#endif
