/*
 * outmail.h - what every mail the office sends shares: who sends it, where
 * its links point, and the day it speaks of.
 */
#ifndef TRACKER_MAIL_OUTMAIL_H
#define TRACKER_MAIL_OUTMAIL_H

#include <time.h>
#include "notices/notice.h"

/* Who sends, where links point, and the day it is: shared by every mail. */
struct outmail_conf {
	const char *base_url;     /* links are base_url/tasks/ID; NULL: TRACKER_BASE_URL_DEFAULT */
	const char *office;       /* the office unit's name (directory "office"), or NULL */
	const char *from_addr;    /* envelope and From address */
	const char *from_name;    /* display name, e.g. "Văn phòng UBND tỉnh" */
	struct ymd today;
	time_t now;               /* the Date header */
};

#endif
