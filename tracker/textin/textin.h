/*
 * textin.h - notices as they arrive, turned into the UTF-8 text the parser
 * reads: Word .docx, PDF, UTF-8 text, and the legacy Vietnamese encodings
 * TCVN3 (ABC, the ".VnTime" fonts) and Windows-1258.
 *
 * The format is found from the bytes, never from a file name (uploads and
 * mail attachments are misnamed): a zip archive holding word/document.xml
 * is a .docx, "%PDF-" is a PDF, valid UTF-8 is text, and text that is not
 * UTF-8 is accepted only when it decodes to plausible Vietnamese.  The
 * command line and the web server's upload page call the same function on a
 * memory buffer.  Nothing here prints; failures fill a `struct err`.
 *
 * Ownership: the text handed out is the caller's, freed with free().
 */
#ifndef TRACKER_TEXTIN_H
#define TRACKER_TEXTIN_H

#include <stddef.h>

#include "notices/err.h"

enum textin_format {
	TEXTIN_TEXT = 1, /* plain text (UTF-8 or a legacy encoding) */
	TEXTIN_DOCX,
	TEXTIN_PDF
};

enum textin_encoding {
	TEXTIN_ENC_AUTO = 0, /* opts: detect */
	TEXTIN_ENC_UTF8,
	TEXTIN_ENC_TCVN3,    /* TCVN 5712 (glibc iconv "TCVN5712-1") */
	TEXTIN_ENC_CP1258    /* Windows-1258 */
};

/* Options; all-zero is the default for each field. */
struct textin_opts {
	enum textin_encoding encoding; /* plain text only: force one (no guessing) */
	size_t max_text;      /* cap on the text produced; 0: 64 MiB */
	size_t max_unpacked;  /* .docx: bytes inflated over all entries read; 0: 256 MiB */
	size_t max_entry;     /* .docx: bytes of one entry; 0: 64 MiB */
	int keep_footnotes;   /* .docx: append footnotes after the body (default: drop) */
	const char *pdftotext;/* the program; NULL: "pdftotext" from $PATH */
	int pdf_timeout;      /* seconds pdftotext may run; 0: 60 */
};

/* What was found, for messages and the import log. */
struct textin_info {
	enum textin_format format;
	enum textin_encoding encoding; /* of plain text; UTF8 for docx and PDF */
	int pages;            /* PDF pages */
	int furniture_lines;  /* PDF: header, footer and page-number lines removed */
	int footnotes;        /* .docx: footnotes found (dropped or appended) */
};

/*
 * Converts `len` bytes at `buf` to UTF-8 text.  On success returns 0 and
 * sets *text to a new NUL-terminated string of *text_len bytes (caller frees
 * with free()); it is not yet NFC-normalised or checked for NUL bytes: the
 * parser does that for every input alike.  `opts` may be NULL; `info` may be
 * NULL.  On failure returns an ERR_* code (ERR_ENCODING, ERR_CORRUPT,
 * ERR_TOOBIG, ERR_NOTEXT, ERR_UNSUPPORTED, ERR_TOOL, ERR_INVAL for bad
 * options), leaves *text NULL and fills *err: `line` and `col` (1-based
 * bytes, as the parser counts them) for invalid UTF-8, 0 otherwise; `msg`
 * does not name the file (the caller knows it).  Valid UTF-8 (the common
 * case) is copied unchanged.
 */
int textin_convert(const void *buf, size_t len, const struct textin_opts *opts,
		   char **text, size_t *text_len, struct textin_info *info,
		   struct err *err);

/*
 * Which format the first bytes announce, without converting: TEXTIN_DOCX
 * for any zip archive, TEXTIN_PDF for "%PDF-", else TEXTIN_TEXT.  For
 * choosing candidate files in a directory; textin_convert() decides.
 */
enum textin_format textin_sniff(const void *buf, size_t len);

/* "docx", "pdf", "text". */
const char *textin_format_name(enum textin_format f);
/* "utf-8", "tcvn3", "cp1258"; NULL for AUTO. */
const char *textin_encoding_name(enum textin_encoding e);
/* Parses a name as given to --encoding ("tcvn3", "TCVN5712-1", "abc",
 * "cp1258", "windows-1258", "utf-8", "utf8"); -1 when unknown. */
int textin_encoding_parse(const char *name);

/*
 * What a file that is no document is, by its first bytes: "image" (PNG,
 * JPEG, GIF, BMP, WebP, TIFF, icons) or "markup" (SVG, or any XML that is
 * not a .docx: a drawing or data, not a notice; HTML pasted from a web page
 * is a document).  NULL for anything else.  Static storage.
 */
const char *textin_not_document(const void *buf, size_t len);

/*
 * The type of a document attached to work, found from its bytes alone
 * (never its name nor the type the client declared): a PDF ("%PDF-"), a
 * Word .docx or an Excel .xlsx (a zip whose [Content_Types].xml declares
 * the main part of one, and which holds that part), a PNG, JPEG, GIF or
 * WebP image.  Returns the MIME type and sets *ext to the usual extension
 * ("pdf", "docx", ...), or returns NULL for anything else (HTML, SVG,
 * programs, a zip of something else, a macro-enabled document).  Static
 * storage.
 */
const char *textin_attachment_type(const void *buf, size_t len, const char **ext);

#endif
