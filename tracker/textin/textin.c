/*
 * textin.c - finds an input's format from its bytes and hands it to the
 * converter for it (docx.c, pdf.c, legacy.c).  See textin.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tracker/textin/textin_int.h"

#define MIB ((size_t)1 << 20)

enum textin_format textin_sniff(const void *buf, size_t len)
{
	const unsigned char *b = buf;

	/* A local file header, or the end record of an empty archive. */
	if (len >= 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
		return TEXTIN_DOCX;
	/* PDF readers accept the header within the first KiB (after junk
	 * some mailers prepend); so do we. */
	if (len >= 5 && memmem(b, len < 1024 ? len : 1024, "%PDF-", 5))
		return TEXTIN_PDF;
	return TEXTIN_TEXT;
}


/* Plain text: UTF-8 as it is, else a legacy encoding, else the error. */
static int convert_text(const char *buf, size_t len, const struct textin_opts *o,
			struct sbuf *out, struct textin_info *info, struct err *e)
{
	int line = 0, col = 0, rc;
	size_t bad = 0;

	if (o->encoding == TEXTIN_ENC_TCVN3 || o->encoding == TEXTIN_ENC_CP1258)
		return textin_legacy(buf, len, o->encoding, out, info, e);
	if (textin_utf8_valid(buf, len, &bad, &line, &col)) {
		info->encoding = TEXTIN_ENC_UTF8;
		sbuf_add(out, buf, len);
		return 0;
	}
	if (o->encoding == TEXTIN_ENC_AUTO &&
	    (rc = textin_legacy(buf, len, TEXTIN_ENC_AUTO, out, info, e)) != ERR_ENCODING)
		return rc;
	err_set(e, ERR_ENCODING, "invalid UTF-8 at line %d, byte %d (0x%02X)%s",
		    line, col, (unsigned char)buf[bad],
		    o->encoding == TEXTIN_ENC_AUTO
		    ? ", and not TCVN3 or Windows-1258 Vietnamese either (see --encoding)" : "");
	e->line = line;
	e->col = col;
	return ERR_ENCODING;
}

int textin_convert(const void *buf, size_t len, const struct textin_opts *opts,
		   char **text, size_t *text_len, struct textin_info *info,
		   struct err *err)
{
	struct textin_opts o = {0};
	struct textin_info dummy;
	struct sbuf out;
	int rc;

	*text = NULL;
	*text_len = 0;
	memset(err, 0, sizeof(*err));
	info = info ? info : &dummy;
	memset(info, 0, sizeof(*info));
	if (opts)
		o = *opts;
	if (!o.max_text)
		o.max_text = 64 * MIB;
	if (!o.max_unpacked)
		o.max_unpacked = 256 * MIB;
	if (!o.max_entry)
		o.max_entry = 64 * MIB;
	if (!o.pdftotext)
		o.pdftotext = "pdftotext";
	if (o.pdf_timeout <= 0)
		o.pdf_timeout = 60;
	if (o.encoding < TEXTIN_ENC_AUTO || o.encoding > TEXTIN_ENC_CP1258)
		return err_set(err, ERR_INVAL, "unknown encoding %d", (int)o.encoding);

	sbuf_init(&out, o.max_text);
	info->format = textin_sniff(buf, len);
	switch (info->format) {
	case TEXTIN_DOCX:
		info->encoding = TEXTIN_ENC_UTF8;
		rc = textin_docx(buf, len, &o, &out, info, err);
		break;
	case TEXTIN_PDF:
		info->encoding = TEXTIN_ENC_UTF8;
		rc = textin_pdf(buf, len, &o, &out, info, err);
		break;
	default:
		rc = convert_text(buf, len, &o, &out, info, err);
		break;
	}
	if (!rc && out.toobig)
		rc = err_set(err, ERR_TOOBIG, "the text is longer than %zu MiB: not a notice",
				 o.max_text / MIB);
	if (!rc) {
		*text_len = out.len;
		*text = out.buf ? sbuf_detach(&out) : xstrdup("");
	}
	sbuf_release(&out);
	return rc;
}

const char *textin_not_document(const void *buf, size_t len)
{
	static const struct { const char *magic; size_t n; } images[] = {
		{"\x89PNG\r\n\x1a\n", 8}, {"\xff\xd8\xff", 3}, {"GIF87a", 6}, {"GIF89a", 6},
		{"II*\0", 4}, {"MM\0*", 4}, {"\0\0\1\0", 4},
	};
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < sizeof(images) / sizeof(images[0]); i++)
		if (len >= images[i].n && !memcmp(p, images[i].magic, images[i].n))
			return "image";
	if (len >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return "image";
	/* BMP: "BM", the file size, then four zero bytes (no text has those). */
	if (len >= 14 && p[0] == 'B' && p[1] == 'M' && !p[6] && !p[7] && !p[8] && !p[9])
		return "image";
	/* Markup: skip a BOM and blank space, then look at the first tag. */
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		p += 3;
		len -= 3;
	}
	while (len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		len--;
	}
	if ((len >= 4 && !strncasecmp((const char *)p, "<svg", 4)) ||
	    (len >= 5 && !strncasecmp((const char *)p, "<?xml", 5)) ||
	    (len >= 14 && !strncasecmp((const char *)p, "<!DOCTYPE svg", 13)))
		return "markup";
	return NULL;
}
