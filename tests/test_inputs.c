/*
 * test_inputs.c - bad and pathological inputs to notice_parse(): invalid
 * UTF-8 (with the exact line and byte), empty and blank text, binary data,
 * BOM/CRLF/CR/NFD copies that must parse like the plain LF/NFC text, a 50 MB
 * and a 100,000-line input, "1.1.1.…" nesting 10,000 deep, 1 MB single lines,
 * and a letter with no directive.  Also runs the %%FAIL cases of
 * tests/parse/errors.test (format at the top of that file).
 *
 * Nothing here measures speed (that is bench/); an alarm only guards against
 * hangs.  Runs from the top of the tree.
 */
#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "notices/notice.h"
#include "notices/util.h"
#include "tests/checknotice.h"
#include "tests/testhelp.h"

#define ERRORS_FILE "tests/parse/errors.test"
#define HANG_GUARD_SECONDS 900

/* A notice written for this test: metadata, an assessment, four directives. */
static const char SAMPLE[] =
	"ỦY BAN NHÂN DÂN\n"
	"HUYỆN MINH SƠN\n"
	"Số: 57/TB-UBND\n"
	"\n"
	"Minh Sơn, ngày 04 tháng 3 năm 2024\n"
	"\n"
	"THÔNG BÁO\n"
	"Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng 02/2024\n"
	"\n"
	"Ngày 01/3/2024, Chủ tịch UBND huyện chủ trì cuộc họp giao ban. Sau khi "
	"nghe các phòng báo cáo, Chủ tịch UBND huyện kết luận như sau:\n"
	"\n"
	"I. ĐÁNH GIÁ CHUNG\n"
	"Trong tháng 02/2024, các cơ quan, đơn vị đã hoàn thành cơ bản các nhiệm "
	"vụ được giao; việc giải quyết hồ sơ đúng hạn đạt tỷ lệ cao.\n"
	"\n"
	"II. NHIỆM VỤ TRỌNG TÂM\n"
	"1. Giao Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND huyện "
	"rà soát quy chế làm việc, trình UBND huyện trước ngày 20/3/2024.\n"
	"2. Phòng Tài chính – Kế hoạch tham mưu phân bổ kinh phí cải cách hành "
	"chính, hoàn thành trong tháng 4/2024.\n"
	"3. Ủy ban nhân dân các xã, thị trấn cập nhật hồ sơ lên hệ thống một cửa "
	"điện tử hằng tuần vào thứ Sáu.\n"
	"4. Giao Phòng Văn hóa và Thông tin tăng cường tuyên truyền; báo cáo kết "
	"quả chậm nhất ngày 29/3/2024.\n"
	"\n"
	"Nơi nhận:\n"
	"- Như trên;\n"
	"- Lưu: VT.\n"
	"\n"
	"CHỦ TỊCH\n"
	"\n"
	"Trần Văn Bình\n";

/* A short letter: metadata and thanks, no directive. */
static const char LETTER[] =
	"ỦY BAN NHÂN DÂN\n"
	"HUYỆN MINH SƠN\n"
	"Số: 102/UBND-VP\n"
	"V/v cảm ơn đoàn công tác\n"
	"\n"
	"Minh Sơn, ngày 12 tháng 4 năm 2024\n"
	"\n"
	"Kính gửi: Sở Nội vụ tỉnh\n"
	"\n"
	"Ủy ban nhân dân huyện Minh Sơn trân trọng cảm ơn Sở Nội vụ đã cử đoàn "
	"công tác về làm việc tại huyện ngày 10/4/2024. Những ý kiến trao đổi "
	"của đoàn là cơ sở quý báu để huyện hoàn thiện công tác cải cách hành "
	"chính.\n"
	"\n"
	"Trân trọng./.\n"
	"\n"
	"Nơi nhận:\n"
	"- Như trên;\n"
	"- Lưu: VT.\n"
	"\n"
	"TM. ỦY BAN NHÂN DÂN\n"
	"CHỦ TỊCH\n"
	"\n"
	"Trần Văn Bình\n";

/* The head of SAMPLE up to and including the directive section's heading. */
static size_t sample_head_len(void)
{
	const char *h = strstr(SAMPLE, "II. NHIỆM VỤ TRỌNG TÂM\n");
	return (size_t)(h - SAMPLE) + strlen("II. NHIỆM VỤ TRỌNG TÂM\n");
}

static void on_alarm(int sig)
{
	static const char msg[] = "not ok - test_inputs hang guard: still running "
				  "after the alarm (a quadratic path or a loop?)\n";
	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0)
		_exit(2);
	_exit(1);
}

/* test_cond with a formatted sentence. */
static void check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(int ok, const char *fmt, ...)
{
	char descr[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(descr, sizeof descr, fmt, ap);
	va_end(ap);
	test_cond(descr, ok);
}

/* Parses and returns the rc; *out is the notice (or NULL). */
static int parse(const char *buf, size_t len, struct notice **out,
		 struct err *err)
{
	memset(err, 0, sizeof *err);
	*out = NULL;
	return notice_parse(buf, len, NULL, out, err);
}

/*
 * The contract for input that may be rejected: either -1 with no notice and
 * a message, or 0 with a well-formed notice.  NULL when it holds, else why.
 */
static const char *result_or_error(int rc, const struct notice *n,
				   const struct err *err)
{
	if (rc == -1)
		return n ? "returned -1 but set *out" :
		       err->msg[0] ? NULL : "returned -1 with an empty message";
	if (rc != 0)
		return "returned neither 0 nor -1";
	if (!n)
		return "returned 0 but left *out NULL";
	return notice_problem(n);
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int list_eq(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return 0;
	return 1;
}

static int ymd_eq(struct ymd a, struct ymd b)
{
	return a.y == b.y && a.m == b.m && a.d == b.d;
}

/* NULL when both notices hold the same metadata and tasks, else the first difference. */
static const char *notice_diff(const struct notice *a, const struct notice *b)
{
	static char why[160];

	if (!str_eq(a->number, b->number) || !str_eq(a->type, b->type) ||
	    !str_eq(a->issuer, b->issuer) || !str_eq(a->place, b->place) ||
	    !str_eq(a->title, b->title) || !str_eq(a->signer, b->signer) ||
	    !str_eq(a->presider, b->presider) || !ymd_eq(a->date, b->date) ||
	    !ymd_eq(a->meeting_date, b->meeting_date))
		return "metadata differs";
	if (!str_eq(a->text, b->text))
		return "normalised text differs";
	if (a->n_tasks != b->n_tasks) {
		snprintf(why, sizeof why, "%zu tasks against %zu", a->n_tasks, b->n_tasks);
		return why;
	}
	for (size_t i = 0; i < a->n_tasks; i++) {
		const struct notice_task *x = &a->tasks[i], *y = &b->tasks[i];
		const char *what = NULL;

		if (!str_eq(x->ref, y->ref) || !str_eq(x->text, y->text))
			what = "ref or text";
		else if (!list_eq(x->owners, x->n_owners, y->owners, y->n_owners) ||
			 !list_eq(x->co_owners, x->n_co_owners, y->co_owners, y->n_co_owners))
			what = "owners";
		else if (!ymd_eq(x->due, y->due) || x->due_kind != y->due_kind ||
			 !str_eq(x->due_text, y->due_text))
			what = "deadline";
		else if (x->freq != y->freq || !str_eq(x->rrule, y->rrule))
			what = "recurrence";
		else if (x->line != y->line)
			what = "line";
		else if (x->start != y->start || x->end != y->end)
			what = "span";
		if (what) {
			snprintf(why, sizeof why, "task %zu differs in %s", i + 1, what);
			return why;
		}
	}
	return NULL;
}

/* ---- transformed copies of a text -------------------------------------- */

/* BOM, then every LF as CRLF.  Caller frees. */
static char *to_bom_crlf(const char *s, size_t *len)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	sbuf_adds(&sb, "\xEF\xBB\xBF");
	for (; *s; s++) {
		if (*s == '\n')
			sbuf_addc(&sb, '\r');
		sbuf_addc(&sb, *s);
	}
	*len = sb.len;
	return sbuf_detach(&sb);
}

/* Every LF as a lone CR.  Caller frees. */
static char *to_cr(const char *s, size_t *len)
{
	char *out = xstrdup(s);

	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = '\r';
	*len = strlen(out);
	return out;
}

/* Canonical decomposition (NFD), as Word on macOS writes.  Caller frees. */
static char *to_nfd(const char *s, size_t *len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE |
					  UTF8PROC_DECOMPOSE);
	if (n < 0) {
		*len = 0;
		return xstrdup("");
	}
	*len = (size_t)n;
	return (char *)out;
}

/* ---- the tests ---------------------------------------------------------- */

static void test_sample_variants(void)
{
	struct notice *base = NULL, *n = NULL;
	struct err err;
	const char *why;
	int rc;

	rc = parse(SAMPLE, strlen(SAMPLE), &base, &err);
	check(rc == 0 && base && base->n_tasks > 0,
	      "sample notice (LF, NFC) parses with tasks (rc %d, %zu tasks: %s)",
	      rc, base ? base->n_tasks : 0, rc ? err.msg : "");
	if (rc != 0 || !base)
		return;
	why = notice_problem(base);
	check(!why, "sample notice is well formed%s%s", why ? ": " : "", why ? why : "");

	{
		static const struct {
			const char *name;
			char *(*make)(const char *, size_t *);
		} variants[] = {
			{ "BOM + CRLF", to_bom_crlf },
			{ "CR-only line ends", to_cr },
			{ "NFD (decomposed)", to_nfd },
		};
		for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
			size_t len = 0;
			char *buf = variants[i].make(SAMPLE, &len);

			rc = parse(buf, len, &n, &err);
			why = rc ? err.msg : notice_diff(base, n);
			check(rc == 0 && !why, "%s copy parses the same as the LF/NFC one%s%s",
			      variants[i].name, why ? ": " : "", why ? why : "");
			notice_free(&n);
			free(buf);
		}
	}
	notice_free(&base);
	check(base == NULL, "notice_free sets the pointer to NULL");
	notice_free(&base);
	check(1, "notice_free accepts a NULL notice");
}

static void test_exact_error_position(void)
{
	static const char bad[] = "Số: 12/TB-UBND\nTHÔNG BÁO\nabcd\xFF tiếp\n";
	struct notice *n = (struct notice *)(uintptr_t)1; /* must be cleared */
	struct err err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = notice_parse(bad, sizeof bad - 1, NULL, &n, &err);
	check(rc == -1 && n == NULL && err.line == 3 && err.col == 5 && err.msg[0],
	      "bad byte on line 3, column 5: -1, *out NULL, err at %d:%d ('%s')",
	      err.line, err.col, err.msg);
	if (rc == 0)
		notice_free(&n);
}

static void test_invalid_sequences(void)
{
	static const struct {
		const char *name, *bytes;
	} cases[] = {
		{ "overlong 2-byte", "ab\xC0\xAF" },
		{ "overlong 2-byte (C1)", "ab\xC1\xBF" },
		{ "overlong 3-byte", "ab\xE0\x9F\xBF" },
		{ "overlong 4-byte", "ab\xF0\x8F\xBF\xBF" },
		{ "surrogate U+D800", "ab\xED\xA0\x80" },
		{ "surrogate U+DBFF U+DC00 (CESU-8 pair)", "ab\xED\xAF\xBF\xED\xB0\x80" },
		{ "surrogate U+DFFF", "ab\xED\xBF\xBF" },
		{ "past U+10FFFF", "ab\xF4\x90\x80\x80" },
		{ "5-byte form", "ab\xF8\x88\x80\x80\x80" },
		{ "lone continuation", "ab\xBF" },
		{ "truncated 3-byte at end", "ab\xE1\xBB" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct notice *n = NULL;
		struct err err;
		int rc = parse(cases[i].bytes, strlen(cases[i].bytes), &n, &err);

		check(rc == -1 && !n && err.line == 1 && err.col == 3,
		      "%s rejected at 1:3 (rc %d, at %d:%d: %s)", cases[i].name, rc,
		      err.line, err.col, err.msg);
		notice_free(&n);
	}
}

static void test_empty_and_blank(void)
{
	static const char *const cases[] = {
		"", " ", "\n", "\t\t", "\r\n\r\n", "   \n\t\n   ", "\xEF\xBB\xBF",
		"\xEF\xBB\xBF \r\n",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct notice *n = NULL;
		struct err err;
		int rc = parse(cases[i], strlen(cases[i]), &n, &err);

		check(rc == -1 && !n && err.msg[0],
		      "blank input #%zu (%zu bytes) is an error (rc %d: %s)", i + 1,
		      strlen(cases[i]), rc, err.msg);
		notice_free(&n);
	}
}

/* xorshift64*: a fixed-seed generator, so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

static void test_binary(void)
{
	struct notice *n = NULL;
	struct err err;
	const char *why = NULL;
	size_t len = strlen(SAMPLE), bad = 0;
	char *buf;
	int rc;

	/* A NUL byte inside a real notice. */
	buf = xstrdup(SAMPLE);
	buf[len / 2] = '\0';
	rc = parse(buf, len, &n, &err);
	why = result_or_error(rc, n, &err);
	check(!why, "notice with a NUL byte: an error or a well-formed result%s%s",
	      why ? ": " : "", why ? why : "");
	notice_free(&n);

	/* Control characters other than NUL. */
	for (size_t i = 0; i < len; i += 37)
		buf[i] = (char)(1 + rng() % 31);
	rc = parse(buf, len, &n, &err);
	why = result_or_error(rc, n, &err);
	check(!why, "notice sprinkled with control bytes: an error or a well-formed result%s%s",
	      why ? ": " : "", why ? why : "");
	notice_free(&n);
	free(buf);

	/* Random bytes from a fixed seed, 1 byte to 64 KiB. */
	why = NULL;
	for (int k = 0; k < 40; k++) {
		size_t sz = 1 + (size_t)(rng() % 65536);
		buf = xmalloc(sz);
		for (size_t i = 0; i < sz; i++)
			buf[i] = (char)(rng() & 0xFF);
		rc = parse(buf, sz, &n, &err);
		if (!why && (why = result_or_error(rc, n, &err)))
			bad = sz;
		notice_free(&n);
		free(buf);
	}
	check(!why, "40 random binary buffers: errors or well-formed results%s%s (size %zu)",
	      why ? ": " : "", why ? why : "", bad);

	/* The sample with random bytes overwritten: mostly text, some garbage. */
	why = NULL;
	for (int k = 0; k < 200; k++) {
		buf = xstrdup(SAMPLE);
		for (int j = 0; j < 1 + k % 8; j++)
			buf[rng() % len] = (char)(rng() & 0xFF);
		rc = parse(buf, len, &n, &err);
		if (!why)
			why = result_or_error(rc, n, &err);
		notice_free(&n);
		free(buf);
	}
	check(!why, "200 damaged copies of the sample: errors or well-formed results%s%s",
	      why ? ": " : "", why ? why : "");
}

/* Words of the genre, to build random but valid notices. */
static const char *const WORDS[] = {
	"Giao", "Sở Nội vụ", "chủ trì", ",", "phối hợp với", "Phòng Tư pháp",
	"Đề nghị", "Yêu cầu", "UBND các huyện, thành phố", "Các sở, ban, ngành",
	"do", "các sở:", "Nội vụ", "Tư pháp", "và", "Thủ trưởng", "Chủ tịch",
	"trước ngày", "chậm nhất", "ngày", "20/3/2024", "30/6", "15-7-2023",
	"05.8.2023", "tháng", "quý", "I/2023", "năm", "2024", "hằng tuần",
	"hằng tháng", "thứ Sáu", "định kỳ", "17 giờ 00", "giai đoạn", "2021-2025",
	"Kế hoạch số 12/KH-UBND", "trong thời hạn", "05 ngày làm việc",
	"kể từ ngày ký", "Thường xuyên", "\n", "\n\n", "\n1. ", "\n1.1. ",
	"\na) ", "\n- ", "\n+ ", "\nII. ", "\n| ", " | ", "**", "<sup>1</sup>",
	"(", ")", ";", ":", ".", "Nơi nhận:", "THÔNG BÁO", "Số:", "/TB-UBND",
	"Uỷ ban nhân dân", "hoà", "Kế hoạch- Đầu tư", "KH&ĐT", "–", "\xC2\xA0",
};

static void test_random_text(void)
{
	const char *why = NULL;
	size_t nwords = sizeof WORDS / sizeof WORDS[0];
	int first_bad = -1;

	for (int k = 0; k < 300; k++) {
		struct sbuf sb;
		struct notice *n = NULL;
		struct err err;
		size_t count = 20 + (size_t)(rng() % 400);
		int rc;

		sbuf_init(&sb, 0);
		sbuf_adds(&sb, "Số: 1/TB-UBND\n");
		for (size_t i = 0; i < count; i++) {
			sbuf_adds(&sb, WORDS[rng() % nwords]);
			sbuf_addc(&sb, ' ');
		}
		rc = parse(sb.buf, sb.len, &n, &err);
		if (!why) {
			why = rc ? err.msg : notice_problem(n);
			if (why)
				first_bad = k;
		}
		notice_free(&n);
		sbuf_release(&sb);
	}
	check(!why, "300 random notices of the genre's words parse to well-formed results%s%s (#%d)",
	      why ? ": " : "", why ? why : "", first_bad);
}

/*
 * Checks a large input's outcome: an error, or a well-formed result whose
 * last task is on `last_line`, the input's last line (so nothing was dropped
 * and line numbers did not drift).
 */
static void check_large(const char *what, const char *buf, size_t len,
			int last_line)
{
	struct notice *n = NULL;
	struct err err;
	int rc = parse(buf, len, &n, &err);
	const char *why = result_or_error(rc, n, &err);
	int max_line = 0;

	if (!why && rc == 0) {
		for (size_t i = 0; i < n->n_tasks; i++)
			if (n->tasks[i].line > max_line)
				max_line = n->tasks[i].line;
		if (n->n_tasks == 0)
			why = "no tasks found";
		else if (max_line < last_line)
			why = "the last tasks are missing";
		else if (max_line > last_line)
			why = "a task's line is past the end of the input";
	}
	check(!why, "%s: %s (%zu tasks, last task on line %d, want %d)%s%s", what,
	      rc == 0 ? "a result" : err.msg, n ? n->n_tasks : 0, max_line,
	      last_line, why ? ": " : "", why ? why : "");
	notice_free(&n);
}

static void test_50mb(void)
{
	static const char prose[] =
		"Trong kỳ, các cơ quan, đơn vị đã tổ chức thực hiện nghiêm túc các "
		"nhiệm vụ được giao, bảo đảm tiến độ và chất lượng; tuy nhiên vẫn "
		"còn một số hồ sơ giải quyết chậm so với quy định.\n";
	struct sbuf sb;
	size_t target = 50u * 1024 * 1024;
	int item = 0, lines;

	sbuf_init(&sb, 0);
	sbuf_add(&sb, SAMPLE, sample_head_len());
	while (sb.len < target) {
		for (int i = 0; i < 8; i++)
			sbuf_adds(&sb, prose);
		/* Bullets, not numbers: "250." is no item number (it reads as a
		 * count or a year), and a real notice never has 30,000 items. */
		item++;
		sbuf_addf(&sb, "- Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tư "
			  "pháp rà soát nhóm hồ sơ số %d, báo cáo UBND huyện trước "
			  "ngày 20/3/2024.\n", item);
	}
	lines = 0;
	for (size_t i = 0; i < sb.len; i++)
		lines += sb.buf[i] == '\n';
	check(!sb.toobig && sb.len >= target, "built a %zu-byte input", sb.len);
	check_large("50 MB notice", sb.buf, sb.len, lines);
	sbuf_release(&sb);
}

static void test_100k_lines(void)
{
	struct sbuf sb;
	int line = 0;

	sbuf_init(&sb, 0);
	for (const char *p = SAMPLE, *end = SAMPLE + sample_head_len(); p < end; p++)
		line += *p == '\n';
	sbuf_add(&sb, SAMPLE, sample_head_len());
	while (line < 100000) {
		sbuf_addf(&sb, "- Giao Phòng Nội vụ kiểm tra hồ sơ số %d.\n", line);
		line++;
	}
	check_large("100,000-line notice", sb.buf, sb.len, 100000);
	sbuf_release(&sb);
}

/* Parses a text that is valid and not blank: it must give a well-formed result. */
static void check_valid(const char *what, const char *buf, size_t len)
{
	struct notice *n = NULL;
	struct err err;
	int rc = parse(buf, len, &n, &err);
	const char *why = rc ? err.msg : notice_problem(n);

	check(rc == 0 && !why, "%s: a well-formed result (rc %d%s%s)", what, rc,
	      why ? ": " : "", why ? why : "");
	notice_free(&n);
}

static void test_nesting(void)
{
	struct sbuf sb;

	/* One item numbered "1.1.1.…1." 10,000 levels deep. */
	sbuf_init(&sb, 0);
	sbuf_add(&sb, SAMPLE, sample_head_len());
	for (int i = 0; i < 10000; i++)
		sbuf_adds(&sb, "1.");
	sbuf_adds(&sb, " Giao Phòng Nội vụ rà soát hồ sơ, xong trước ngày 20/3/2024.\n");
	check_valid("item numbered 1.1.1.… 10,000 levels deep", sb.buf, sb.len);
	sbuf_release(&sb);

	/* A staircase: 2,000 items, each one level deeper than the last. */
	sbuf_init(&sb, 0);
	sbuf_add(&sb, SAMPLE, sample_head_len());
	for (int d = 1; d <= 2000; d++) {
		for (int i = 0; i < d; i++)
			sbuf_adds(&sb, i ? ".1" : "1");
		sbuf_adds(&sb, ". Giao Phòng Nội vụ rà soát hồ sơ.\n");
	}
	check_valid("2,000 items nested one level deeper each", sb.buf, sb.len);
	sbuf_release(&sb);

	/* Letters and bullets stacked: "a) - + a) - + …". */
	sbuf_init(&sb, 0);
	sbuf_add(&sb, SAMPLE, sample_head_len());
	for (int i = 0; i < 10000; i++)
		sbuf_adds(&sb, i % 3 == 0 ? "a) " : i % 3 == 1 ? "- " : "+ ");
	sbuf_adds(&sb, "Giao Phòng Nội vụ rà soát hồ sơ.\n");
	check_valid("10,000 stacked list markers on one line", sb.buf, sb.len);
	sbuf_release(&sb);

	/* 100,000 open parentheses. */
	sbuf_init(&sb, 0);
	sbuf_add(&sb, SAMPLE, sample_head_len());
	for (int i = 0; i < 100000; i++)
		sbuf_addc(&sb, '(');
	sbuf_adds(&sb, "1. Giao Phòng Nội vụ (trước ngày 20/3/2024.\n");
	check_valid("100,000 unclosed parentheses", sb.buf, sb.len);
	sbuf_release(&sb);
}

/* A single line of about 1 MB made of `unit` repeated, after the sample's head. */
static void check_long_line(const char *what, const char *unit, int with_head)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	if (with_head)
		sbuf_add(&sb, SAMPLE, sample_head_len());
	while (sb.len < 1024 * 1024)
		sbuf_adds(&sb, unit);
	check_valid(what, sb.buf, sb.len);
	sbuf_release(&sb);
}

static void test_long_lines(void)
{
	check_long_line("1 MB line of directives, no line end",
			"Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp, Sở Tài "
			"chính rà soát hồ sơ trước ngày 20/3/2024; ", 0);
	check_long_line("1 MB line after a notice head",
			"Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp, "
			"Văn phòng HĐND và UBND huyện; ", 1);
	check_long_line("1 MB of one letter", "a", 1);
	check_long_line("1 MB of dates", "trước ngày 20/3/2024, chậm nhất ngày 15/4 ", 1);
	check_long_line("1 MB of unit heads", "Sở ", 1);
	check_long_line("1 MB enumeration with a shared head",
			"các sở: Nội vụ, Tư pháp, Tài chính, Kế hoạch- Đầu tư, ", 1);
	check_long_line("1 MB of combining marks",
			"a\xCC\x81\xCC\x80\xCC\x83\xCC\x89\xCC\xA3", 1);
}

static void test_letter(void)
{
	struct notice *n = NULL;
	struct err err;
	int rc = parse(LETTER, strlen(LETTER), &n, &err);
	const char *why = rc ? err.msg : notice_problem(n);

	check(rc == 0 && !why && n->n_tasks == 0,
	      "a letter with no directive: 0 tasks, not an error (rc %d, %zu tasks%s%s)",
	      rc, n ? n->n_tasks : 0, why ? ": " : "", why ? why : "");
	notice_free(&n);
}

/* ---- tests/parse/errors.test -------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends one input line with its escapes decoded; -1 on a bad escape. */
static int add_unescaped(struct sbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			sbuf_addc(sb, s[i]);
			continue;
		}
		switch (s[++i]) {
		case 'x':
			if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
				return -1;
			sbuf_addc(sb, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
			break;
		case 'r': sbuf_addc(sb, '\r'); break;
		case 'n': sbuf_addc(sb, '\n'); break;
		case 't': sbuf_addc(sb, '\t'); break;
		case '\\': sbuf_addc(sb, '\\'); break;
		default:
			return -1;
		}
	}
	return 0;
}

/* Runs one case: `spec` is what follows "%%FAIL". */
static void run_fail_case(const char *name, int lineno, const char *input,
			  size_t len, const char *spec)
{
	struct notice *n = NULL;
	struct err err;
	int want_line = 0, want_col = 0, rc, ok;
	const char *sub = spec;
	char *end;

	while (*sub == ' ')
		sub++;
	if (*sub == '@') {
		want_line = (int)strtol(sub + 1, &end, 10);
		if (*end == ':')
			want_col = (int)strtol(end + 1, &end, 10);
		sub = end;
		while (*sub == ' ')
			sub++;
	}
	rc = parse(input, len, &n, &err);
	ok = rc == -1 && !n && strcasestr(err.msg, sub) != NULL &&
	     (!want_line || err.line == want_line) &&
	     (!want_col || err.col == want_col);
	if (ok)
		check(1, "%s:%d: %s", ERRORS_FILE, lineno, name);
	else
		check(0, "%s:%d: %s: want -1 and%s got %d at %d:%d '%s'", ERRORS_FILE,
		      lineno, name, spec, rc, err.line, err.col, err.msg);
	notice_free(&n);
}

static void test_errors_file(void)
{
	size_t len = 0;
	char *buf = read_whole_file(ERRORS_FILE, &len);
	const char *p, *end;
	struct sbuf input;
	char *name = NULL;
	int lineno = 0, case_line = 0, in_case = 0, ninput = 0, cases = 0, bad = 0;

	if (!buf) {
		check(0, "read %s", ERRORS_FILE);
		return;
	}
	sbuf_init(&input, 0);
	for (p = buf, end = buf + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		const char *line = p;

		lineno++;
		p = nl ? nl + 1 : end;
		if (n >= 6 && !memcmp(line, "%%CASE", 6)) {
			if (in_case)
				check(0, "%s:%d: case '%s' has no %%%%FAIL line", ERRORS_FILE,
				      case_line, name);
			free(name);
			name = xstrndup(line + 6 + (n > 6), n > 6 ? n - 7 : 0);
			sbuf_reset(&input);
			in_case = 1;
			ninput = 0;
			bad = 0;
			case_line = lineno;
		} else if (in_case && n >= 6 && !memcmp(line, "%%FAIL", 6)) {
			char *spec = xstrndup(line + 6, n - 6);
			if (bad)
				check(0, "%s:%d: %s: bad escape in the input", ERRORS_FILE,
				      case_line, name);
			else
				run_fail_case(name, case_line, input.buf ? input.buf : "",
					      input.len, spec);
			free(spec);
			in_case = 0;
			cases++;
		} else if (in_case) {
			if (ninput++)
				sbuf_addc(&input, '\n');
			if (add_unescaped(&input, line, n) < 0)
				bad = 1;
		} else if (n && line[0] != '#') {
			int blank = 1;
			for (size_t i = 0; i < n; i++)
				blank &= isspace((unsigned char)line[i]) != 0;
			if (!blank)
				check(0, "%s:%d: text outside a case", ERRORS_FILE, lineno);
		}
	}
	if (in_case)
		check(0, "%s:%d: case '%s' has no %%%%FAIL line", ERRORS_FILE, case_line, name);
	printf("# %d cases in %s\n", cases, ERRORS_FILE);
	free(name);
	sbuf_release(&input);
	free(buf);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(HANG_GUARD_SECONDS);

	test_sample_variants();
	test_exact_error_position();
	test_invalid_sequences();
	test_empty_and_blank();
	test_errors_file();
	test_binary();
	test_random_text();
	test_letter();
	test_long_lines();
	test_nesting();
	test_100k_lines();
	test_50mb();
	return test_report();
}
