/*
 * test_textin.c - unit tests of tracker/textin*.c on memory buffers, as the
 * web server's upload page calls it: format sniffing, UTF-8 positions,
 * legacy Vietnamese recognition (and refusal), the ".VnTimeH" capitals,
 * size limits and error codes.  The file-based cases (real .docx, PDFs,
 * zip bombs) are in tests/t_formats.sh.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/textin/textin.h"
#include "tracker/textin/textin_int.h"
#include "tests/testhelp.h"

/* iconv from UTF-8 into `charset`; a new buffer (caller frees). */
static char *encode(const char *s, const char *charset, size_t *len)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	size_t inl = strlen(s), outl = 4 * inl + 4, cap = outl;
	char *out = malloc(cap), *o = out, *in = (char *)s;

	if (iconv(cd, &in, &inl, &o, &outl) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	*len = cap - outl;
	return out;
}

static const char NOTICE[] =
	"ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN\n"
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	"Độc lập - Tự do - Hạnh phúc\n"
	"THÔNG BÁO\n"
	"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về cải cách hành chính\n"
	"1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát bộ tiêu chí, "
	"báo cáo UBND tỉnh chậm nhất ngày 30/11/2024.\n";

static void test_sniff(void)
{
	test_cond("sniff: a zip local header is a .docx candidate",
		  textin_sniff("PK\003\004rest", 8) == TEXTIN_DOCX);
	test_cond("sniff: an empty zip too", textin_sniff("PK\005\006", 4) == TEXTIN_DOCX);
	test_cond("sniff: %PDF- is a PDF", textin_sniff("%PDF-1.7\n", 9) == TEXTIN_PDF);
	test_cond("sniff: %PDF- after junk within the first KiB is a PDF",
		  textin_sniff("\r\n\r\n%PDF-1.4", 13) == TEXTIN_PDF);
	test_cond("sniff: anything else is text", textin_sniff("PK", 2) == TEXTIN_TEXT);
	test_cond("sniff: a file named .pdf is not looked at, only bytes",
		  textin_sniff("Số: 1/TB", 9) == TEXTIN_TEXT);
}

static void test_names(void)
{
	test_cond("encoding names: tcvn3, abc, TCVN5712-1",
		  textin_encoding_parse("tcvn3") == TEXTIN_ENC_TCVN3 &&
		  textin_encoding_parse("ABC") == TEXTIN_ENC_TCVN3 &&
		  textin_encoding_parse("TCVN5712-1") == TEXTIN_ENC_TCVN3);
	test_cond("encoding names: cp1258, windows-1258, utf-8",
		  textin_encoding_parse("cp1258") == TEXTIN_ENC_CP1258 &&
		  textin_encoding_parse("Windows-1258") == TEXTIN_ENC_CP1258 &&
		  textin_encoding_parse("UTF-8") == TEXTIN_ENC_UTF8);
	test_cond("encoding names: unknown is -1", textin_encoding_parse("koi8-r") == -1);
}

static void test_utf8(void)
{
	size_t bad = 0;
	int line = 0, col = 0;

	test_cond("utf8: Vietnamese text is valid", textin_utf8_valid(NOTICE, strlen(NOTICE), NULL, NULL, NULL));
	test_cond("utf8: a bad byte on line 3 (CRLF and CR count as one line end each)",
		  !textin_utf8_valid("a\r\nb\rcd\xff", 8, &bad, &line, &col) && bad == 7 &&
		  line == 3 && col == 3);
	test_cond("utf8: overlong and surrogate forms are invalid",
		  !textin_utf8_valid("\xc0\xaf", 2, NULL, NULL, NULL) &&
		  !textin_utf8_valid("\xed\xa0\x80", 3, NULL, NULL, NULL));
	test_cond("utf8: a sequence cut at the end is invalid",
		  !textin_utf8_valid("ab\xe1\xbb", 4, &bad, NULL, NULL) && bad == 2);
}

/* Converts and checks that the result is `want` with encoding `enc`. */
static int converts_to(const char *buf, size_t len, const struct textin_opts *o,
		       const char *want, enum textin_encoding enc)
{
	char *text = NULL;
	size_t tl = 0;
	struct textin_info info;
	struct err err;
	int ok = !textin_convert(buf, len, o, &text, &tl, &info, &err) &&
		 info.format == TEXTIN_TEXT && info.encoding == enc && tl == strlen(want) &&
		 !memcmp(text, want, tl);

	if (!ok && text)
		printf("# got: %.200s\n", text);
	free(text);
	return ok;
}

static void test_legacy(void)
{
	size_t len, words, valid;
	char *tcvn = encode(NOTICE, "TCVN5712-1", &len), *cp;
	struct textin_opts o = {0};
	int phrases;

	test_cond("legacy: TCVN3 is recognised and decoded to the original",
		  tcvn && converts_to(tcvn, len, NULL, NOTICE, TEXTIN_ENC_TCVN3));
	free(tcvn);
	cp = encode(NOTICE, "CP1258", &len);
	test_cond("legacy: Windows-1258 (base + combining tone) is recognised, NFC",
		  cp && converts_to(cp, len, NULL, NOTICE, TEXTIN_ENC_CP1258));
	o.encoding = TEXTIN_ENC_CP1258;
	test_cond("legacy: --encoding cp1258 forces it", converts_to(cp, len, &o, NOTICE, TEXTIN_ENC_CP1258));
	free(cp);

	/* ".VnTimeH" headings: capitals stored as TCVN3's lower-case codes. */
	tcvn = encode("CộNG HòA Xã HộI CHủ NGHĩA VIệT NAM\nủY BAN NHâN DâN TỉNH BìNH SƠN\n"
		      "Số: 12/TB-UBND\nThông báo kết luận của Chủ tịch, Hà Nội, tỉnh Bình Sơn.\n",
		      "TCVN5712-1", &len);
	test_cond("legacy: words typed in the capitals-only .VnTimeH face come out in capitals, "
		  "other words (\"Số: 12/TB\", \"Hà Nội\") stay",
		  tcvn && converts_to(tcvn, len, NULL,
				      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nỦY BAN NHÂN DÂN TỈNH BÌNH SƠN\n"
				      "Số: 12/TB-UBND\n"
				      "Thông báo kết luận của Chủ tịch, Hà Nội, tỉnh Bình Sơn.\n",
				      TEXTIN_ENC_TCVN3));
	free(tcvn);

	phrases = textin_vietnamese_score(NOTICE, strlen(NOTICE), &words, &valid);
	test_cond("score: every Vietnamese word of the notice is a syllable, phrases found",
		  words > 20 && valid == words && phrases >= 4);
	phrases = textin_vietnamese_score("Céng hßa x· héi chñ nghÜa ViÖt Nam", 38, &words, &valid);
	test_cond("score: TCVN3 read as Windows-1258 is mostly not syllables",
		  valid * 2 < words);
	(void)phrases;
}

static void test_refused(void)
{
	static const char latin1[] = "Der B\xfcrgermeister hat f\xfcr die Stra\xdf" "e entschieden.\n";
	char *text = (char *)1;
	size_t tl;
	struct err err;
	struct textin_opts o = {0};
	unsigned char rnd[4096];
	unsigned seed = 6;
	size_t i;
	int rc;

	rc = textin_convert(latin1, sizeof(latin1) - 1, NULL, &text, &tl, NULL, &err);
	test_cond("refused: Latin-1 German is not guessed as Vietnamese (line 1, byte 6)",
		  rc == ERR_ENCODING && !text && err.line == 1 && err.col == 6 &&
		  strstr(err.msg, "invalid UTF-8 at line 1, byte 6 (0xFC)"));
	for (i = 0; i < sizeof(rnd); i++) {
		seed = seed * 1103515245u + 12345u;
		rnd[i] = (unsigned char)(seed >> 16);
	}
	rc = textin_convert(rnd, sizeof(rnd), NULL, &text, &tl, NULL, &err);
	test_cond("refused: random bytes", rc == ERR_ENCODING && err.line >= 1);
	o.encoding = TEXTIN_ENC_UTF8;
	{
		size_t len;
		char *tcvn = encode(NOTICE, "TCVN5712-1", &len);
		rc = textin_convert(tcvn, len, &o, &text, &tl, NULL, &err);
		test_cond("refused: --encoding utf-8 turns recognition off",
			  rc == ERR_ENCODING && !strstr(err.msg, "TCVN3"));
		free(tcvn);
	}
	o.encoding = TEXTIN_ENC_AUTO;
	o.max_text = 16;
	rc = textin_convert(NOTICE, strlen(NOTICE), &o, &text, &tl, NULL, &err);
	test_cond("limit: text past max_text is ERR_TOOBIG", rc == ERR_TOOBIG && !text);
	rc = textin_convert("PK\005\006\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22, NULL, &text, &tl,
			    NULL, &err);
	test_cond("docx: an empty zip is not a .docx", rc == ERR_UNSUPPORTED &&
		  strstr(err.msg, "without word/document.xml"));
	rc = textin_convert("PK\003\004\024\0\0\0", 8, NULL, &text, &tl, NULL, &err);
	test_cond("docx: a cut zip is ERR_CORRUPT", rc == ERR_CORRUPT);
	rc = textin_convert("", 0, NULL, &text, &tl, NULL, &err);
	test_cond("empty input converts to empty text (the parser says it is empty)",
		  rc == 0 && text && tl == 0);
	free(text);
}

int main(void)
{
	test_sniff();
	test_names();
	test_utf8();
	test_legacy();
	test_refused();
	return test_report();
}
