/*
 * store/drafts.h - import drafts kept until the clerk commits them.
 * Conventions as in store.h.
 */
#ifndef TRACKER_STORE_DRAFTS_H
#define TRACKER_STORE_DRAFTS_H

#include "tracker/store/store.h"

/*
 * A notice pasted or uploaded in the dashboard, kept until the clerk
 * commits it (drafts left uncommitted for a week are deleted here).
 * Returns 0 and the draft id.
 */
int store_draft_add(struct store *s, long long user_id, const char *name,
		    const char *text, long long *id, struct err *err);

/* The draft's name and text (caller frees both) and the notice it became
 * (0 while uncommitted).  ERR_NOTFOUND when unknown. */
int store_draft_get(struct store *s, long long id, char **name, char **text,
		    long long *notice_id, struct err *err);

/*
 * Claims draft `id` for the commit about to store it, so that of commits
 * racing for one draft exactly one stores it: 0 when this caller holds
 * it; ERR_BADSTATE when it is stored or another commit holds it (a claim
 * older than 10 minutes is void: its commit died); ERR_NOTFOUND when
 * unknown.  store_draft_done() or store_draft_release() ends the claim.
 */
int store_draft_claim(struct store *s, long long id, struct err *err);

/* Gives up the claim of a commit that failed, so the clerk can retry. */
void store_draft_release(struct store *s, long long id);

/* Records that draft `id` was stored as notice `notice_id`. */
int store_draft_done(struct store *s, long long id, long long notice_id,
		     struct err *err);

#endif
