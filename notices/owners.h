/*
 * owners.h - who leads and who supports a directive.
 *
 * "Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp", "Giao X phối hợp Y"
 * (X still leads), "Đề nghị X ...", "Yêu cầu X ...", "... do X chủ trì",
 * sentence subjects ("Các sở, ban, ngành, UBND các huyện, thành phố khẩn
 * trương ..."), enumerations with a shared head ("các sở: Nội vụ, Tư pháp"
 * gives "Sở Nội vụ", "Sở Tư pháp").  Role words ("Thủ trưởng", "Chủ tịch",
 * "Lãnh đạo", "Giám đốc") are not part of a unit.
 */
#ifndef NOTICES_OWNERS_H
#define NOTICES_OWNERS_H

#include <stddef.h>
#include "util.h"

struct unitdir;

struct owners {
	struct strlist lead;
	struct strlist support;
	int sentence;   /* 0-based sentence of the text where the leads were found */
	int subject;    /* the leads open their sentence as its subject ("Sở X chủ trì ...") */
};

/*
 * Finds the owners named in one sentence or paragraph.  Names are
 * canonicalised with `units` (may be NULL) and get an upper-case first
 * letter.  Returns the number of lead owners found (0 when the text names
 * none; supporting units may still be filled).  Release with
 * owners_release().
 */
int owners_find(const char *text, size_t len, const struct unitdir *units,
		struct owners *out);

/* owners_find() for a caller that has folded the text already: `folded` is
 * text_fold(text, len). */
int owners_find_folded(const char *text, const char *folded, size_t len,
		       const struct unitdir *units, struct owners *out);

/*
 * Like owners_find() for the sentences around a list rather than a task: a
 * lead-in ("..., yêu cầu các sở, ban, ngành tập trung thực hiện các nhiệm
 * vụ sau:"; "..., các sở, ban, ngành tỉnh và UBND các huyện tập trung ...
 * như sau:") or a closing ("Văn phòng UBND tỉnh thông báo đến các sở ...
 * biết, thực hiện./.", "... để các cơ quan, đơn vị biết và triển khai").
 * The speaker ("Chủ tịch UBND tỉnh yêu cầu:") is never an owner.
 */
int owners_find_addressees(const char *text, size_t len, const struct unitdir *units,
			   struct owners *out);

/*
 * Splits a cell or heading that only names units ("Sở Công Thương; Sở Xây
 * dựng", "Các Sở, ban, ngành và UBND các xã, phường") into names.
 */
int owners_split_names(const char *text, size_t len, const struct unitdir *units,
		       struct strlist *out);

/*
 * Where the unit phrase that opens the text ends ("Bộ Y tế khẩn trương ..."
 * gives the offset of " khẩn trương"), or 0 when the text does not open
 * with a unit.  Role words before the unit are part of the phrase.
 */
size_t owners_subject_end(const char *text, size_t len, const struct unitdir *units);

/*
 * Where the clauses of time that open a text end, when a unit follows
 * them: "Định kỳ 6 tháng, hàng năm, Sở Công Thương tổ chức ..." gives the
 * offset of "Sở Công Thương"; 0 when the text does not open so.
 */
size_t owners_when_end(const char *text, size_t len, const struct unitdir *units);

/*
 * Brackets the parse of one notice: in between, the directory lookups and
 * spellings of every owners_*() call are remembered from one call to the
 * next (the directory must not change in between).  Calls outside a scope
 * remember nothing past their return.  Per thread; notice_parse() does it.
 */
void owners_scope_begin(void);
void owners_scope_end(void);

void owners_release(struct owners *o);

#endif
