/*
 * mail_int.h - what mail.c (composition) and send.c (delivery) share: the
 * checks on addresses.  Not for use outside mail/.
 */
#ifndef TRACKER_MAIL_INT_H
#define TRACKER_MAIL_INT_H

#include "tracker/mail/mail.h"

/* C0 controls and DEL. */
int mail_is_ctl(unsigned char c);
/* One "local@domain" without spaces, controls or angle brackets; `what`
 * names it in the error ("recipient address"). */
int mail_check_addr(const char *what, const char *a, struct err *err);

#endif
