/*
 * utf8.c - UTF-8 validation with utf8proc.  See utf8.h.
 */
#include "tracker/core/utf8.h"

#include <string.h>
#include <sys/types.h>
#include <utf8proc.h>

int utf8_check(const char *s, size_t n, size_t *bad)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		/* ASCII runs are most of any text: no call for them. */
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0 || !utf8proc_codepoint_valid(cp)) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)k;
	}
	return 1;
}

int utf8_check_str(const char *s)
{
	return !s || utf8_check(s, strlen(s), NULL);
}

void utf8_scrub(char *s)
{
	size_t n = strlen(s), i = 0, bad;

	while (i < n && !utf8_check(s + i, n - i, &bad)) {
		s[i + bad] = '?';
		i += bad + 1;
	}
}
