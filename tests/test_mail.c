/*
 * test_mail.c - tests of tracker/mail/: the rendered message's structure
 * (headers, CRLF, line lengths, encoded words cut between whole
 * characters, RFC 2231 file names, byte-identical output), refused header
 * injection and bad addresses, HTML escaping, the outbox (written once,
 * bad names refused), and SMTP against a real server.
 *
 * Decoding is checked by an implementation that is not ours: Python's
 * e-mail package, driven by tests/smtp_check.py, decodes the subject, the
 * names, the bodies and the attachments and compares them with the input.
 * The SMTP test starts aiosmtpd (Debian's python3-aiosmtpd) on a free
 * loopback port with its Maildir handler, sends one message, checks what
 * arrived, has the server refuse an oversized one, then stops the server
 * and checks that sending to the dead port fails with ERR_SEND.
 *
 * Debian's /usr/bin/python3 is used by path: the python3 first on PATH may
 * be another build without aiosmtpd.  An alarm bounds the whole run, and
 * the server dies with this process (PR_SET_PDEATHSIG), so a crash or a
 * hang never leaves it behind.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "notices/util.h"
#include "tests/testhelp.h"
#include "tracker/mail/mail.h"
#include "tracker/mail/send.h"

#define PYTHON "/usr/bin/python3"
#define CHECKER "tests/smtp_check.py"
#define TEST_TIMEOUT_S 120

static char tmpdir[256];

/* ---- Fixtures ------------------------------------------------------------ */

/* A weekly report as Excel opens it: UTF-8 with a BOM, CRLF rows. */
static const char csv[] =
	"\xEF\xBB\xBF"
	"STT,Nhiệm vụ,Đơn vị chủ trì,Thời hạn,Tình trạng\r\n"
	"1,\"Rà soát, đơn giản hóa thủ tục hành chính\",Sở Nội vụ,20/11/2024,Quá hạn 8 ngày\r\n"
	"2,\"Báo cáo kết quả cải cách hành chính quý IV\",Sở Nội vụ,25/11/2024,Quá hạn 3 ngày\r\n";

static const char long_note[] = "Ghi chú: danh sách được lập tự động.\n";

static const char text_body[] =
	"Kính gửi: Sở Nội vụ\n"
	"\n"
	"Văn phòng UBND tỉnh thông báo có 2 nhiệm vụ quá hạn tính đến ngày 28/11/2024:\n"
	"1. Rà soát, đơn giản hóa thủ tục hành chính (hạn 20/11/2024).\n"
	"2. Báo cáo kết quả cải cách hành chính quý IV (hạn 25/11/2024).\n"
	"\n"
	"Đề nghị Quý cơ quan khẩn trương thực hiện và báo cáo kết quả.\n";

static const char html_body[] =
	"<p>Kính gửi: <b>Sở Nội vụ</b></p>\n"
	"<p>Văn phòng UBND tỉnh thông báo có 2 nhiệm vụ quá hạn &amp; cần xử lý:</p>\n"
	"<ol><li>Rà soát, đơn giản hóa thủ tục hành chính</li>"
	"<li>Báo cáo kết quả cải cách hành chính quý IV</li></ol>\n";

static unsigned char all_bytes[256];
static struct mail_part parts[3];

static struct mail_msg vn_msg(void)
{
	struct mail_msg m;
	size_t i;

	for (i = 0; i < sizeof(all_bytes); i++)
		all_bytes[i] = (unsigned char)i;
	parts[0].name = "báo-cáo-quá-hạn-tuần-48.csv";
	parts[0].type = "text/csv; charset=utf-8";
	parts[0].data = csv;
	parts[0].len = sizeof(csv) - 1;
	parts[1].name = "bytes.bin";
	parts[1].type = NULL;
	parts[1].data = all_bytes;
	parts[1].len = sizeof(all_bytes);
	/* long enough for RFC 2231 sections */
	parts[2].name = "Danh sách nhiệm vụ quá hạn của các sở, ban, ngành và "
			"UBND cấp huyện — tuần 48 năm 2024.txt";
	parts[2].type = "text/plain; charset=utf-8";
	parts[2].data = long_note;
	parts[2].len = sizeof(long_note) - 1;

	memset(&m, 0, sizeof(m));
	m.from_name = "Văn phòng UBND tỉnh Bình Sơn";
	m.from_addr = "vanphong@binhson.example";
	m.to_name = "Nguyễn Thị Hồng Nhung (Sở Nội vụ)";
	m.to_addr = "nhung.nth@snv.binhson.example";
	m.subject = "Báo cáo nhiệm vụ quá hạn tuần 48 — Sở Nội vụ";
	m.text = text_body;
	m.html = html_body;
	m.attach = parts;
	m.n_attach = 3;
	m.message_id = "<task-42.reminder-2024-11-28@tracker.binhson.example>";
	m.date = 1732759200; /* 2024-11-28 02:00 UTC, 09:00 in Hà Nội */
	return m;
}

/* ---- Helpers ------------------------------------------------------------- */

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Runs argv with stdout and stderr into *out; returns the exit status, or
 * -1 when it did not exit normally. */
static int run_capture(char *const argv[], struct sbuf *out)
{
	int fds[2], status;
	char buf[4096];
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		sbuf_add(out, buf, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The expected values, one file each, for tests/smtp_check.py. */
static char *write_expect(const char *name, const struct mail_msg *m)
{
	char *dir = path_in(name), *p;
	size_t i;

	mkdir(dir, 0700);
#define PUT(file, s) do { \
		p = xasprintf("%s/%s", dir, file); \
		write_file(p, s, strlen(s)); \
		free(p); \
	} while (0)
	PUT("subject", m->subject);
	PUT("from_name", m->from_name ? m->from_name : "");
	PUT("from_addr", m->from_addr);
	PUT("to_name", m->to_name ? m->to_name : "");
	PUT("to_addr", m->to_addr);
	PUT("message_id", m->message_id);
	PUT("text", m->text);
	PUT("rcpt", m->to_addr);
	PUT("mail_from", m->from_addr);
	if (m->html)
		PUT("html", m->html);
	for (i = 0; i < m->n_attach; i++) {
		char *f = xasprintf("attach.%zu.name", i);
		PUT(f, m->attach[i].name);
		free(f);
		f = xasprintf("attach.%zu.type", i);
		PUT(f, m->attach[i].type ? m->attach[i].type : "application/octet-stream");
		free(f);
		p = xasprintf("%s/attach.%zu.data", dir, i);
		write_file(p, m->attach[i].data, m->attach[i].len);
		free(p);
	}
#undef PUT
	return dir;
}

/* Runs tests/smtp_check.py and turns each of its PASS/FAIL lines into a
 * test line, prefixed with `label`. */
static void python_checks(const char *label, const char *mode, const char *path,
			  const char *expect)
{
	char *argv[] = {PYTHON, "-I", CHECKER, (char *)mode, (char *)path,
			(char *)expect, NULL};
	struct sbuf out;
	char *line, *next;
	int rc, passes = 0;

	sbuf_init(&out, 0);
	rc = run_capture(argv, &out);
	for (line = out.buf; line && *line; line = next) {
		char *d;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "PASS ", 5)) {
			d = xasprintf("%s: %s", label, line + 5);
			test_cond(d, 1);
			passes++;
		} else if (!strncmp(line, "FAIL ", 5)) {
			d = xasprintf("%s: %s", label, line + 5);
			test_cond(d, 0);
		} else {
			printf("# %s\n", line);
			continue;
		}
		free(d);
	}
	{
		char *d = xasprintf("%s: python's email package decoded it, all checks pass",
				    label);
		test_cond(d, rc == 0 && passes > 10);
		free(d);
	}
	sbuf_release(&out);
}

/* ---- Structure ----------------------------------------------------------- */

static int crlf_everywhere(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			return 0;
		if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
			return 0;
	}
	return n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n';
}

static size_t longest_line(const char *s, size_t n)
{
	size_t i, start = 0, max = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			size_t l = i - start - (i > start && s[i - 1] == '\r');
			if (l > max)
				max = l;
			start = i + 1;
		}
	}
	return max;
}

/* Longest line that holds an encoded word (RFC 2047: 76). */
static size_t longest_ew_line(const char *s, size_t n)
{
	size_t max = 0;
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *eol = memchr(p, '\r', (size_t)(end - p));
		size_t l;

		if (!eol)
			eol = end;
		l = (size_t)(eol - p);
		if (memmem(p, l, "=?", 2) && l > max)
			max = l;
		p = eol + 2;
	}
	return max;
}

static int b64val(char c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;
	return p ? (int)(p - a) : -1;
}

/* Decodes base64 (no line breaks); returns the byte count or -1. */
static long b64dec(const char *s, size_t n, unsigned char *out)
{
	size_t i;
	long o = 0;

	if (n % 4)
		return -1;
	for (i = 0; i < n; i += 4) {
		int a = b64val(s[i]), b = b64val(s[i + 1]);
		int c = s[i + 2] == '=' ? 0 : b64val(s[i + 2]);
		int d = s[i + 3] == '=' ? 0 : b64val(s[i + 3]);

		if (a < 0 || b < 0 || c < 0 || d < 0)
			return -1;
		out[o++] = (unsigned char)(a << 2 | b >> 4);
		if (s[i + 2] != '=')
			out[o++] = (unsigned char)(b << 4 | c >> 2);
		if (s[i + 3] != '=')
			out[o++] = (unsigned char)(c << 6 | d);
	}
	return o;
}

/* Whether the bytes are whole UTF-8 characters: no continuation byte
 * first, no sequence cut at the end. */
static int whole_chars(const unsigned char *b, long n)
{
	long i = 0;

	while (i < n) {
		long l = b[i] < 0x80 ? 1 : b[i] >= 0xF0 ? 4 : b[i] >= 0xE0 ? 3 : b[i] >= 0xC0 ? 2 : 0;
		if (!l || i + l > n)
			return 0;
		i += l;
	}
	return 1;
}

struct ew_stats {
	int count, too_long, bad_b64, cut_char;
};

/* Finds every encoded word in s and checks its length and content. */
static struct ew_stats scan_encoded_words(const char *s, size_t n)
{
	struct ew_stats st = {0, 0, 0, 0};
	const char *p = s, *end = s + n;
	unsigned char dec[128];

	while ((p = memmem(p, (size_t)(end - p), "=?UTF-8?B?", 10))) {
		const char *q = memmem(p + 10, (size_t)(end - p - 10), "?=", 2);
		long k;

		if (!q) {
			st.bad_b64++;
			break;
		}
		st.count++;
		if (q + 2 - p > 75)
			st.too_long++;
		else if ((k = b64dec(p + 10, (size_t)(q - p - 10), dec)) < 0)
			st.bad_b64++;
		else if (!whole_chars(dec, k))
			st.cut_char++;
		p = q + 2;
	}
	return st;
}

/* The header field `name` (with its continuation lines) from the header
 * section, as a new string; NULL when absent. */
static char *header(const char *msg, const char *name)
{
	const char *hend = strstr(msg, "\r\n\r\n"), *p = msg, *e;
	size_t nl = strlen(name);

	while (p && p < hend) {
		if (!strncasecmp(p, name, nl) && p[nl] == ':') {
			e = p;
			do {
				e = strstr(e, "\r\n") + 2;
			} while (*e == ' ' || *e == '\t');
			return xstrndup(p, (size_t)(e - p - 2));
		}
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
	return NULL;
}

static void test_structure(void)
{
	struct mail_msg m = vn_msg();
	struct err err = {0};
	char *a = NULL, *b = NULL, *h;
	size_t alen = 0, blen = 0;
	struct ew_stats st;
	int rc;

	rc = mail_build(&m, &a, &alen, &err);
	test_cond("mail_build renders the Vietnamese message", rc == ERR_OK && a);
	if (rc) {
		printf("# %s\n", err.msg);
		return;
	}
	test_cond("length matches the NUL-terminated bytes", strlen(a) == alen);
	test_cond("Date is the first header, in +0700",
		  !strncmp(a, "Date: Thu, 28 Nov 2024 09:00:00 +0700\r\n", 39));
	h = strstr(a, "\r\n\r\n");
	test_cond("header section ends with an empty line", h != NULL);
	test_cond("From, To, Subject, Message-ID, MIME-Version present",
		  (h = header(a, "From")) && (free(h), h = header(a, "To")) &&
		  (free(h), h = header(a, "Subject")) && (free(h), 1) &&
		  strstr(a, "\r\nMessage-ID: <task-42.reminder-2024-11-28@tracker.binhson.example>\r\n") &&
		  strstr(a, "\r\nMIME-Version: 1.0\r\n"));
	test_cond("top level is multipart/mixed",
		  strstr(a, "\r\nContent-Type: multipart/mixed; boundary=\"=_mix_"));
	test_cond("first part is multipart/alternative",
		  strstr(a, "\r\nContent-Type: multipart/alternative; boundary=\"=_alt_"));
	test_cond("text before html, both utf-8 base64",
		  strstr(a, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n") &&
		  strstr(a, "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n") &&
		  strstr(a, "text/plain; charset=utf-8\r\nContent-Transfer-Encoding") <
			  strstr(a, "text/html; charset=utf-8"));
	test_cond("CRLF everywhere, no bare CR or LF", crlf_everywhere(a, alen));
	test_cond("no line longer than 998 (nor 78) characters", longest_line(a, alen) <= 78);
	test_cond("lines with encoded words are at most 76 characters",
		  longest_ew_line(a, alen) <= 76);
	st = scan_encoded_words(a, alen);
	test_cond("encoded words are at most 75 characters", st.count > 0 && st.too_long == 0);
	test_cond("encoded words are valid base64", st.bad_b64 == 0);
	test_cond("encoded words hold whole UTF-8 characters", st.cut_char == 0);
	h = header(a, "Subject");
	st = scan_encoded_words(h, strlen(h));
	test_cond("the subject needs several encoded words", st.count >= 2);
	test_cond("subject words sit on continuation lines", strstr(h, "?=\r\n =?UTF-8?B?") != NULL);
	free(h);
	h = header(a, "To");
	test_cond("To has the encoded name then the address",
		  !strncmp(h, "To: =?UTF-8?B?", 14) && strstr(h, "<nhung.nth@snv.binhson.example>"));
	free(h);
	test_cond("Vietnamese file name in RFC 2231 form",
		  strstr(a, "\r\n filename*=UTF-8''b%C3%A1o-c%C3%A1o-qu%C3%A1-h%E1%BA%A1n-tu%E1%BA%A7n-48.csv\r\n"));
	test_cond("ASCII file name quoted", strstr(a, "Content-Disposition: attachment; filename=\"bytes.bin\"\r\n"));
	test_cond("long file name cut into RFC 2231 sections",
		  strstr(a, " filename*0*=UTF-8''Danh%20s") && strstr(a, " filename*1*="));
	test_cond("attachment without type is application/octet-stream",
		  strstr(a, "Content-Type: application/octet-stream\r\n"));
	test_cond("base64 of the CSV starts with the BOM (77u/)",
		  strstr(a, "filename*=UTF-8''b%C3%A1o") &&
		  !strncmp(strstr(strstr(a, "filename*=UTF-8''b%C3%A1o"), "\r\n\r\n") + 4, "77u/", 4));

	rc = mail_build(&m, &b, &blen, &err);
	test_cond("the same input renders byte-identical output",
		  rc == 0 && blen == alen && !memcmp(a, b, alen));
	free(b);
	m.message_id = "<task-43.reminder-2024-11-28@tracker.binhson.example>";
	rc = mail_build(&m, &b, &blen, &err);
	test_cond("another message id gives other boundaries",
		  rc == 0 && !strstr(b, strstr(a, "boundary=\"=_mix_") + 10));
	free(b);
	free(a);

	/* text only, and an ASCII message */
	m = vn_msg();
	m.html = NULL;
	m.n_attach = 0;
	m.attach = NULL;
	m.date = 1735677005; /* 2024-12-31 20:30:05 UTC */
	rc = mail_build(&m, &a, &alen, &err);
	test_cond("text only: a single text/plain part",
		  rc == 0 && strstr(a, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n") &&
		  !strstr(a, "multipart"));
	test_cond("Date crosses into the new year in +0700",
		  rc == 0 && !strncmp(a, "Date: Wed, 1 Jan 2025 03:30:05 +0700\r\n", 38));
	free(a);

	m.subject = "Weekly report";
	m.from_name = "Tran \"Admin\", IT";
	m.to_name = "Nguyen Van A";
	rc = mail_build(&m, &a, &alen, &err);
	test_cond("plain ASCII subject stays as it is", rc == 0 && strstr(a, "\r\nSubject: Weekly report\r\n"));
	test_cond("display name with specials is a quoted-string",
		  rc == 0 && strstr(a, "\r\nFrom: \"Tran \\\"Admin\\\", IT\" <vanphong@binhson.example>\r\n"));
	test_cond("plain display name stays as it is",
		  rc == 0 && strstr(a, "\r\nTo: Nguyen Van A <nhung.nth@snv.binhson.example>\r\n"));
	free(a);

	m.text = "";
	m.subject = "";
	m.from_name = NULL;
	rc = mail_build(&m, &a, &alen, &err);
	test_cond("empty body and subject, no sender name",
		  rc == 0 && strstr(a, "\r\nFrom: <vanphong@binhson.example>\r\n") &&
		  crlf_everywhere(a, alen));
	free(a);
}

/* ---- Refusals ------------------------------------------------------------ */

static void refused(const char *what, struct mail_msg m, const char *needle)
{
	struct err err = {0};
	char *out = (char *)"x", *d;
	size_t len = 1;
	int rc = mail_build(&m, &out, &len, &err);

	d = xasprintf("refused: %s", what);
	test_cond(d, rc == ERR_INVAL && err.code == ERR_INVAL && out == NULL &&
		  len == 0 && strstr(err.msg, needle) && !strpbrk(err.msg, "\r\n"));
	if (rc != ERR_INVAL || !strstr(err.msg, needle))
		printf("#   rc %d, msg '%s'\n", rc, err.msg);
	free(d);
	free(out);
}

/* The text of the encoded words in the header field `name` of msg, joined
 * (RFC 2047 6.2: the white space between them is not text); NULL when the
 * field is absent or holds no encoded word. */
static char *decoded_name(const char *msg, const char *name)
{
	char *h = header(msg, name);
	const char *p = h;
	unsigned char dec[128];
	struct sbuf sb;
	long k;

	sbuf_init(&sb, 0);
	while (p && (p = strstr(p, "=?UTF-8?B?"))) {
		const char *q = strstr(p + 10, "?=");
		if (!q || (k = b64dec(p + 10, (size_t)(q - p - 10), dec)) < 0)
			break;
		sbuf_add(&sb, (const char *)dec, (size_t)k);
		p = q + 2;
	}
	free(h);
	if (!sb.len) {
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb);
}

/*
 * A display name with control characters is written, each of them a
 * space, as encoded words: a unit whose name in the units file holds one
 * must not stop the week's mail, and a line break in it must not start a
 * header of its own.
 */
static void cleaned_name(const char *what, struct mail_msg m, const char *field,
			 const char *want)
{
	struct err err = {0};
	char *out = NULL, *got = NULL, *d, *hend;
	size_t len = 0;
	int rc = mail_build(&m, &out, &len, &err);

	if (!rc) {
		got = decoded_name(out, field);
		hend = strstr(out, "\r\n\r\n");
		hend[2] = 0; /* the header section, its last CRLF kept */
	}
	d = xasprintf("%s: built, one %s header of encoded words, no header injected", what, field);
	test_cond(d, rc == 0 && got && !strcmp(got, want) && !strstr(out, "\r\nBcc:") &&
		  !strstr(out, "\nBcc:") && crlf_everywhere(out, strlen(out)));
	if (rc || !got || strcmp(got, want))
		printf("#   rc %d (%s), name '%s'\n", rc, err.msg, got ? got : "(none)");
	free(d);
	free(got);
	free(out);
}

static void test_cleaned_names(void)
{
	struct mail_msg m;

	m = vn_msg(); m.from_name = "Văn phòng\rBcc: x@y";
	cleaned_name("CR in the sender name", m, "From", "Văn phòng Bcc: x@y");
	m = vn_msg(); m.to_name = "Nhung\r\nBcc: x@y";
	cleaned_name("CRLF in the recipient name", m, "To", "Nhung  Bcc: x@y");
	m = vn_msg(); m.to_name = "Ban <Dự án> & \"Thử\"\x07 tỉnh";
	cleaned_name("BEL in a Vietnamese recipient name", m, "To", "Ban <Dự án> & \"Thử\"  tỉnh");
	m = vn_msg(); m.to_name = "Nguyen\tVan\x1b A";
	cleaned_name("tab and ESC in an ASCII recipient name", m, "To", "Nguyen Van  A");
}

static void test_refusals(void)
{
	struct mail_msg m;
	struct mail_part bad;

	m = vn_msg(); m.subject = "Báo cáo\r\nBcc: all@binhson.example";
	refused("CRLF in the subject", m, "subject contains a line break");
	m = vn_msg(); m.subject = "Báo cáo\nBcc: all@binhson.example";
	refused("LF in the subject", m, "subject contains a line break");
	m = vn_msg(); m.from_name = "Văn phòng\xC3";
	refused("invalid UTF-8 in the sender name", m, "sender name is not valid UTF-8");
	m = vn_msg(); m.to_addr = "a@b.example\r\nBcc: c@d.example";
	refused("CRLF in the recipient address", m, "recipient address contains a line break");
	m = vn_msg(); m.from_addr = "a@b.example\n";
	refused("LF in the sender address", m, "sender address contains a line break");
	m = vn_msg(); m.message_id = "<a@b.example>\r\nBcc: c@d.example";
	refused("CRLF in the message id", m, "message id contains a line break");
	m = vn_msg(); bad = parts[0]; bad.name = "bao-cao.csv\r\nBcc: x@y"; m.attach = &bad; m.n_attach = 1;
	refused("CRLF in an attachment name", m, "attachment name contains a line break");
	m = vn_msg(); bad = parts[0]; bad.type = "text/csv\r\nBcc: x@y"; m.attach = &bad; m.n_attach = 1;
	refused("CRLF in an attachment type", m, "attachment type contains a line break");
	m = vn_msg(); m.subject = "tab\x01control";
	refused("control character in the subject", m, "subject contains a control character");
	m = vn_msg(); m.subject = "B\xC3\x28o c\xC3";
	refused("invalid UTF-8 in the subject", m, "subject is not valid UTF-8");
	m = vn_msg(); m.text = "\xE1\xBA";
	refused("invalid UTF-8 in the text", m, "text body is not valid UTF-8");
	m = vn_msg(); m.to_addr = "a@@b.example";
	refused("two '@' in an address", m, "is not of the form local@domain");
	m = vn_msg(); m.to_addr = "nhung@snv@binhson.example";
	refused("two '@' apart in an address", m, "is not of the form local@domain");
	m = vn_msg(); m.to_addr = "nhung";
	refused("no '@' in an address", m, "is not of the form local@domain");
	m = vn_msg(); m.to_addr = "@binhson.example";
	refused("empty local part", m, "is not of the form local@domain");
	m = vn_msg(); m.to_addr = "nhung nth@binhson.example";
	refused("space in an address", m, "contains a space");
	m = vn_msg(); m.to_addr = "<nhung@binhson.example>";
	refused("angle brackets in an address", m, "must not contain '<' or '>'");
	m = vn_msg(); m.to_addr = "a,nhung@binhson.example";
	refused("comma in an address", m, "not allowed");
	m = vn_msg(); m.to_addr = "";
	refused("empty address", m, "recipient address is missing");
	m = vn_msg(); m.message_id = "task-42@tracker";
	refused("message id without brackets", m, "message id must look like <local@domain>");
	m = vn_msg(); m.text = NULL;
	refused("no text body", m, "text body is missing");
}

static void test_html_escape(void)
{
	char *s = mail_html_escape("<a href=\"x\">Tom & Jerry's</a>");

	test_cond("html escape of & < > \" '",
		  s && !strcmp(s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"));
	free(s);
	s = mail_html_escape("Sở Nội vụ — quá hạn");
	test_cond("html escape keeps Vietnamese as it is", s && !strcmp(s, "Sở Nội vụ — quá hạn"));
	free(s);
	s = mail_html_escape("");
	test_cond("html escape of an empty string", s && !*s);
	free(s);
	test_cond("html escape of NULL is NULL", mail_html_escape(NULL) == NULL);
	{
		/* The appender under it (the server's error pages use it too)
		 * adds to what the buffer holds, runs of references included. */
		struct sbuf sb;
		sbuf_init(&sb, 0);
		sbuf_adds(&sb, "<p>");
		sbuf_add_html(&sb, "&&'x\"");
		test_cond("sbuf_add_html appends, runs of references included",
			  !strcmp(sb.buf, "<p>&amp;&amp;&#39;x&quot;"));
		sbuf_release(&sb);
	}
}

/* ---- Outbox -------------------------------------------------------------- */

static void test_outbox(void)
{
	struct err err = {0};
	char *dir = path_in("outbox/a/b"), *file = path_in("outbox/a/b/task-42.eml");
	char *notdir = path_in("plainfile"), *got;
	static const char *const bad[] = {"../escape", "a/b", ".hidden", "", "x\ny"};
	const char msg1[] = "Subject: one\r\n\r\nbody\r\n", msg2[] = "Subject: two\r\n\r\nbody\r\n";
	size_t i, len;
	int existed = -1, rc;

	rc = mail_write_outbox(dir, "task-42", msg1, strlen(msg1), &existed, &err);
	test_cond("outbox: first write creates the directories and the file",
		  rc == 0 && existed == 0);
	if (rc)
		printf("# %s\n", err.msg);
	got = read_whole_file(file, &len);
	test_cond("outbox: the file holds the message", got && len == strlen(msg1) && !memcmp(got, msg1, len));
	free(got);
	rc = mail_write_outbox(dir, "task-42", msg2, strlen(msg2), &existed, &err);
	test_cond("outbox: second write of the same name sets existed", rc == 0 && existed == 1);
	got = read_whole_file(file, &len);
	test_cond("outbox: the existing file is left alone",
		  got && len == strlen(msg1) && !memcmp(got, msg1, len));
	free(got);
	test_cond("outbox: one file, no temporary left", count_entries(dir) == 1);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *d = xasprintf("outbox: name '%s' refused", bad[i][0] == 'x' ? "x\\ny" : bad[i]);

		rc = mail_write_outbox(dir, bad[i], msg1, strlen(msg1), &existed, &err);
		test_cond(d, rc == ERR_INVAL && err.code == ERR_INVAL);
		free(d);
	}
	test_cond("outbox: nothing written for refused names", count_entries(dir) == 1);

	write_file(notdir, "x", 1);
	rc = mail_write_outbox(notdir, "task-42", msg1, strlen(msg1), &existed, &err);
	test_cond("outbox: a file where the directory should be is ERR_IO",
		  rc == ERR_IO && strstr(err.msg, "is not a directory"));
	free(notdir);
	free(dir);
	free(file);
}

/* ---- Decoding by Python -------------------------------------------------- */

static void test_python_decodes(void)
{
	struct err err = {0};
	struct mail_msg m;
	char *out = NULL, *eml, *exp;
	size_t len;

	test_cond("Debian python3 is installed", access(PYTHON, X_OK) == 0);

	m = vn_msg();
	if (mail_build(&m, &out, &len, &err))
		printf("# %s\n", err.msg);
	eml = path_in("vn.eml");
	write_file(eml, out, len);
	exp = write_expect("expect-vn", &m);
	python_checks("vn message", "message", eml, exp);
	free(out);
	free(eml);
	free(exp);

	m = vn_msg();
	m.html = NULL;
	m.n_attach = 0;
	m.subject = "Weekly report";
	m.from_name = "Tran \"Admin\", IT";
	m.to_name = "Nguyen Van A";
	if (mail_build(&m, &out, &len, &err))
		printf("# %s\n", err.msg);
	eml = path_in("ascii.eml");
	write_file(eml, out, len);
	exp = write_expect("expect-ascii", &m);
	python_checks("ascii text-only message", "message", eml, exp);
	free(out);
	free(eml);
	free(exp);
}

/* ---- SMTP ---------------------------------------------------------------- */

static int free_port(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &sl))
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int can_connect(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Starts aiosmtpd on 127.0.0.1:port, storing into the Maildir `box` and
 * refusing messages over `max_size` bytes; waits until it accepts
 * connections.  Returns the pid, or -1 (server killed) after 20 s.
 */
static pid_t start_server(int port, const char *box, long max_size, const char *log)
{
	char listen[64], size[32];
	char *argv[] = {PYTHON, "-I", "-m", "aiosmtpd", "-n", "-l", listen, "-s", size,
			"-c", "aiosmtpd.handlers.Mailbox", (char *)box, NULL};
	pid_t parent = getpid(), pid;
	int i, status;

	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	snprintf(size, sizeof(size), "%ld", max_size);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		/* die with the test, whatever kills it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		if (can_connect(port))
			return pid;
		if (waitpid(pid, &status, WNOHANG) == pid)
			return -1;
		usleep(100 * 1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* SIGTERM, then SIGKILL when it has not exited within 5 s. */
static void stop_server(pid_t pid)
{
	int i, status;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < 50; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return;
		usleep(100 * 1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void show_log(const char *log)
{
	size_t len;
	char *s = read_whole_file(log, &len), *line, *next;

	for (line = s; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		printf("#   server: %s\n", line);
	}
	free(s);
}

static void test_smtp_config(void)
{
	struct mail_smtp c;
	struct err err = {0};
	int rc;

	memset(&c, 0, sizeof(c));
	setenv("TRACKER_SMTP_USER", "vanphong", 1);
	setenv("TRACKER_SMTP_PASSWORD", "s3cret", 1);
	mail_smtp_from_env(&c);
	test_cond("credentials come from the environment",
		  c.user && !strcmp(c.user, "vanphong") && c.password && !strcmp(c.password, "s3cret"));
	c.url = "smtp://127.0.0.1:1";
	rc = mail_send_smtp(&c, "a@b.example", "c@d.example", "x\r\n", 3, &err);
	test_cond("credentials over plain smtp:// without STARTTLS refused",
		  rc == ERR_INVAL && strstr(err.msg, "without TLS"));
	unsetenv("TRACKER_SMTP_USER");
	unsetenv("TRACKER_SMTP_PASSWORD");
	mail_smtp_from_env(&c);
	test_cond("unset environment gives no credentials", !c.user && !c.password);

	c.url = "smtp://vanphong:s3cret@mail.binhson.example:587";
	rc = mail_send_smtp(&c, "a@b.example", "c@d.example", "x\r\n", 3, &err);
	test_cond("credentials in the url refused, password not echoed",
		  rc == ERR_INVAL && strstr(err.msg, "TRACKER_SMTP_USER") && !strstr(err.msg, "s3cret"));
	c.url = "http://mail.binhson.example/";
	rc = mail_send_smtp(&c, "a@b.example", "c@d.example", "x\r\n", 3, &err);
	test_cond("a url that is not smtp:// or smtps:// refused",
		  rc == ERR_INVAL && strstr(err.msg, "must start with smtp://"));
	c.url = "smtp://127.0.0.1:1";
	rc = mail_send_smtp(&c, "a@b.example", "c@d.example\r\nRCPT TO:<x@y>", "x\r\n", 3, &err);
	test_cond("CRLF in the envelope recipient refused",
		  rc == ERR_INVAL && strstr(err.msg, "line break"));
}

static void test_smtp(void)
{
	struct err err = {0};
	struct mail_smtp c;
	struct mail_msg m = vn_msg();
	char *box = path_in("maildir"), *log = path_in("server.log"), *exp, *sub;
	char *msg = NULL, *big = NULL, *bigdata = NULL, url[64];
	const char *subs[] = {"tmp", "new", "cur"};
	struct mail_part bigpart;
	size_t len = 0, biglen = 0, i;
	int port = free_port(), rc;
	pid_t pid;

	mkdir(box, 0700);
	for (i = 0; i < 3; i++) {
		sub = xasprintf("%s/%s", box, subs[i]);
		mkdir(sub, 0700);
		free(sub);
	}
	test_cond("smtp: found a free loopback port", port > 0);
	pid = start_server(port, box, 200000, log);
	test_cond("smtp: aiosmtpd started and accepts connections", pid > 0);
	if (pid <= 0) {
		show_log(log);
		goto out;
	}

	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	memset(&c, 0, sizeof(c));
	c.url = url;
	c.timeout_s = 20;
	rc = mail_build(&m, &msg, &len, &err);
	if (!rc)
		rc = mail_send_smtp(&c, m.from_addr, m.to_addr, msg, len, &err);
	test_cond("smtp: the server accepted the message", rc == ERR_OK);
	if (rc) {
		printf("# %s\n", err.msg);
		show_log(log);
	}

	/* a message over the server's SIZE limit must come back refused */
	bigdata = xmalloc(300000);
	memset(bigdata, 'x', 300000);
	bigpart.name = "lon.bin";
	bigpart.type = NULL;
	bigpart.data = bigdata;
	bigpart.len = 300000;
	m.attach = &bigpart;
	m.n_attach = 1;
	m.message_id = "<big@tracker.binhson.example>";
	rc = mail_build(&m, &big, &biglen, &err);
	if (!rc)
		rc = mail_send_smtp(&c, m.from_addr, m.to_addr, big, biglen, &err);
	test_cond("smtp: a message the server refuses is ERR_SEND naming the url",
		  rc == ERR_SEND && err.code == ERR_SEND && strstr(err.msg, url));
	printf("#   %s\n", err.msg);

	m = vn_msg();
	exp = write_expect("expect-smtp", &m);
	python_checks("smtp mailbox", "maildir", box, exp);
	free(exp);

	stop_server(pid);
	test_cond("smtp: server stopped", !can_connect(port));
	rc = mail_send_smtp(&c, m.from_addr, m.to_addr, msg, len, &err);
	test_cond("smtp: a dead port is ERR_SEND naming the url",
		  rc == ERR_SEND && strstr(err.msg, url));
	printf("#   %s\n", err.msg);
out:
	free(msg);
	free(big);
	free(bigdata);
	free(box);
	free(log);
}

int main(void)
{
	char tmpl[] = "/tmp/test_mail.XXXXXX";
	const char *keep = getenv("TEST_MAIL_KEEP");

	/* a hang anywhere (server, network) ends the run as a failure */
	alarm(TEST_TIMEOUT_S);
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s", tmpl);
	if (mail_global_init()) {
		printf("not ok - libcurl initialises\n");
		return 1;
	}

	test_structure();
	test_refusals();
	test_cleaned_names();
	test_html_escape();
	test_outbox();
	test_python_decodes();
	test_smtp_config();
	test_smtp();

	mail_global_cleanup();
	if (keep)
		printf("# kept %s\n", tmpdir);
	else
		rm_rf(tmpdir);
	return test_report();
}
