/*
 * textin/util.c - what the converters share with the dispatcher: the names of
 * formats and encodings, and the UTF-8 check that names the first bad
 * byte's line and column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tracker/textin/textin_int.h"

int textin_utf8_valid(const char *buf, size_t len, size_t *bad, int *line, int *col)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, line_start = 0;
	int ln = 1;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		unsigned cp;

		if (c < 0x80) {
			if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
			i++;
			if (c == '\n' || c == '\r' || c == '\f' || c == '\v') {
				ln++;
				line_start = i;
			}
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (i + n > len)
			goto bad;
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* Overlong forms, surrogates, past U+10FFFF. */
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n;
	}
	return 1;
bad:
	if (bad)
		*bad = i;
	if (line)
		*line = ln;
	if (col)
		*col = (int)(i - line_start + 1);
	return 0;
}

const char *textin_format_name(enum textin_format f)
{
	switch (f) {
	case TEXTIN_DOCX:
		return "docx";
	case TEXTIN_PDF:
		return "pdf";
	default:
		return "text";
	}
}

const char *textin_encoding_name(enum textin_encoding e)
{
	switch (e) {
	case TEXTIN_ENC_UTF8:
		return "utf-8";
	case TEXTIN_ENC_TCVN3:
		return "tcvn3";
	case TEXTIN_ENC_CP1258:
		return "cp1258";
	default:
		return NULL;
	}
}

int textin_encoding_parse(const char *name)
{
	static const struct {
		const char *name;
		enum textin_encoding enc;
	} names[] = {
		{"utf-8", TEXTIN_ENC_UTF8}, {"utf8", TEXTIN_ENC_UTF8},
		{"tcvn3", TEXTIN_ENC_TCVN3}, {"tcvn", TEXTIN_ENC_TCVN3},
		{"abc", TEXTIN_ENC_TCVN3}, {"tcvn5712-1", TEXTIN_ENC_TCVN3},
		{"cp1258", TEXTIN_ENC_CP1258}, {"windows-1258", TEXTIN_ENC_CP1258},
		{"auto", TEXTIN_ENC_AUTO},
	};
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name))
			return (int)names[i].enc;
	return -1;
}
