/*
 * syllable_tab.h - the table of Vietnamese syllables that
 * scripts/gen_syllables.py writes into notices/syllable_tab.c from the
 * hunspell-vi dictionary.  Internal to notices/syllable.c.
 *
 * An open-addressing hash: the slot of a syllable (lower case, NFC, either
 * tone placement) is FNV-1a of its bytes masked with syl_tab_mask, then the
 * next slots in turn; syl_tab_slot[] holds 1 + the offset of the syllable's
 * NUL-terminated bytes in syl_tab_blob, or 0 for an empty slot.
 */
#ifndef NOTICES_SYLLABLE_TAB_H
#define NOTICES_SYLLABLE_TAB_H

extern const unsigned syl_tab_mask;
extern const unsigned syl_tab_count;
extern const unsigned syl_tab_maxlen;   /* longest syllable, in bytes */
extern const unsigned syl_tab_slot[];
extern const char syl_tab_blob[];

#endif
