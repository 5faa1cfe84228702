/*
 * fuzz_textin.c - libFuzzer target for the input converters: every input
 * goes through textin_convert() (a .docx when it starts like a zip, text in
 * UTF-8 or a legacy encoding otherwise) with small size limits, and text
 * that comes out goes on through notice_parse().  PDFs are left out: they
 * go to a pdftotext child process, which is poppler's to fuzz.  `make
 * fuzz-textin` builds it and runs it over seeds made by tests/mkdocx.py
 * and iconv.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "notices/notice.h"
#include "tracker/textin/textin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct textin_opts o = {0};
	struct err err;
	struct err perr;
	struct notice *n = NULL;
	char *text = NULL;
	size_t len = 0;

	if (textin_sniff(data, size) == TEXTIN_PDF)
		return 0;
	o.max_text = 1 << 20;
	o.max_entry = 4 << 20;
	o.max_unpacked = 8 << 20;
	if (textin_convert(data, size, &o, &text, &len, NULL, &err) == 0) {
		if (notice_parse(text, len, NULL, &n, &perr) == 0)
			notice_free(&n);
		free(text);
	}
	return 0;
}
