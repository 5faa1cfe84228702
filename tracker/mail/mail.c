/*
 * mail.c - renders an e-mail to bytes: RFC 5322 header, RFC 2045/2046 MIME
 * body, RFC 2047 encoded words.  Pure: no I/O, no libcurl (fuzzable).
 *
 * Why the message is composed here rather than with libcurl's curl_mime:
 * every reminder is rendered once, stored in SQLite as bytes and delivered
 * later, retried on failure, and each retry must send the same bytes with
 * the same Message-ID so that a recipient's server and mail client can
 * recognise a duplicate.  curl_mime builds the message only while it
 * uploads it (it cannot serialise a message to a buffer), and it picks
 * fresh random boundaries each time; the outbox needs the bytes too.  So
 * this file writes the header and body itself, deterministically, and
 * send.c hands the finished bytes to libcurl's plain SMTP upload.
 */
#include "tracker/mail/mail.h"
#include "tracker/mail/mail_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notices/util.h"

/* Vietnam has used UTC+7 all year since 1975: no DST to look up, so the
 * Date header is plain arithmetic and does not depend on the TZ of the
 * machine that renders it. */
#define VN_OFFSET_S (7 * 3600)

/* RFC 2047 section 2: an encoded word is at most 75 characters, and a line
 * holding encoded words at most 76. */
#define EW_MAX 75
#define EW_LINE 76
#define EW_OVERHEAD 12 /* "=?UTF-8?B?" and "?=" */

/* RFC 5322 2.1.1: lines SHOULD stay within 78 characters. */
#define HDR_LINE 78

/* ---- Checks on input --------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s, of which n bytes remain,
 * or 0 when it is malformed (overlong, surrogate, past U+10FFFF, cut). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if (!(l = utf8_seq(p + i, n - i)))
			return 0;
		i += l;
	}
	return 1;
}

int mail_is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

/*
 * A text that goes into a header (subject, display name, file name): UTF-8
 * without control characters.  CR and LF get their own message because a
 * line break is how a header is injected ("...\r\nBcc: x@y"), and whoever
 * reads the error should know that is what was refused.
 */
static int check_header_text(const char *what, const char *s, struct err *err)
{
	const unsigned char *p;

	if (strpbrk(s, "\r\n"))
		return err_set(err, ERR_INVAL,
			    "%s contains a line break (header injection refused)", what);
	for (p = (const unsigned char *)s; *p; p++)
		if (mail_is_ctl(*p) && *p != '\t')
			return err_set(err, ERR_INVAL, "%s contains a control character", what);
	if (!utf8_valid(s, strlen(s)))
		return err_set(err, ERR_INVAL, "%s is not valid UTF-8", what);
	return 0;
}

/*
 * A minimal address check: ASCII, exactly one '@' with something on both
 * sides, no spaces, no angle brackets, and none of the characters that
 * would split or end an address in a header (",;:\"()[]\\"), so that one
 * address can never become two recipients.  Not RFC 5321 validation: the
 * server has the last word.
 */
int mail_check_addr(const char *what, const char *a, struct err *err)
{
	const unsigned char *p;
	const char *at;

	if (!a || !*a)
		return err_set(err, ERR_INVAL, "%s is missing", what);
	if (strpbrk(a, "\r\n"))
		return err_set(err, ERR_INVAL,
			    "%s contains a line break (header injection refused)", what);
	for (p = (const unsigned char *)a; *p; p++)
		if (mail_is_ctl(*p) || *p == ' ' || *p >= 0x80)
			return err_set(err, ERR_INVAL,
				    "%s contains a space, control or non-ASCII character", what);
	if (strpbrk(a, "<>"))
		return err_set(err, ERR_INVAL, "%s '%s' must not contain '<' or '>'", what, a);
	if (strpbrk(a, ",;:\"()[]\\"))
		return err_set(err, ERR_INVAL, "%s '%s' contains a character not allowed here",
			    what, a);
	at = strchr(a, '@');
	if (!at || at == a || !at[1] || strchr(at + 1, '@') || strlen(a) > 254)
		return err_set(err, ERR_INVAL, "%s '%s' is not of the form local@domain", what, a);
	return 0;
}

int mail_check_address(const char *addr, struct err *err)
{
	return mail_check_addr("address", addr, err);
}

/* "<local@domain>", ASCII, no spaces: it goes on a header line verbatim. */
static int check_message_id(const char *id, struct err *err)
{
	size_t n;
	char *inner;
	int rc;

	if (!id || !*id)
		return err_set(err, ERR_INVAL, "message id is missing");
	if (strpbrk(id, "\r\n"))
		return err_set(err, ERR_INVAL,
			    "message id contains a line break (header injection refused)");
	n = strlen(id);
	if (n < 5 || n > 250 || id[0] != '<' || id[n - 1] != '>')
		return err_set(err, ERR_INVAL, "message id must look like <local@domain>");
	inner = xstrndup(id + 1, n - 2);
	rc = mail_check_addr("message id", inner, err);
	free(inner);
	return rc;
}

/* A MIME type as the caller gave it ("text/csv; charset=utf-8"): printable
 * ASCII with a '/', short enough for one header line.  The Office Open XML
 * types run to 71 characters, past the 78-column line RFC 5322 recommends
 * but far under the 998 it requires: such a line is allowed. */
#define MIME_TYPE_MAX 100
static int check_mime_type(const char *t, struct err *err)
{
	const unsigned char *p;

	if (strpbrk(t, "\r\n"))
		return err_set(err, ERR_INVAL,
			    "attachment type contains a line break (header injection refused)");
	for (p = (const unsigned char *)t; *p; p++)
		if (mail_is_ctl(*p) || *p >= 0x80)
			return err_set(err, ERR_INVAL,
				    "attachment type contains a control or non-ASCII character");
	if (!strchr(t, '/') || strlen(t) > MIME_TYPE_MAX)
		return err_set(err, ERR_INVAL, "attachment type '%s' is not a MIME type", t);
	return 0;
}

static int check_msg(const struct mail_msg *m, struct err *err)
{
	size_t i;
	int rc;

	if ((rc = mail_check_addr("sender address", m->from_addr, err)) ||
	    (rc = mail_check_addr("recipient address", m->to_addr, err)) ||
	    (rc = check_message_id(m->message_id, err)))
		return rc;
	/* Display names are cleaned, not refused (add_addr_header()). */
	if (m->from_name && !utf8_valid(m->from_name, strlen(m->from_name)))
		return err_set(err, ERR_INVAL, "sender name is not valid UTF-8");
	if (m->to_name && !utf8_valid(m->to_name, strlen(m->to_name)))
		return err_set(err, ERR_INVAL, "recipient name is not valid UTF-8");
	if (m->subject && (rc = check_header_text("subject", m->subject, err)))
		return rc;
	if (!m->text)
		return err_set(err, ERR_INVAL, "text body is missing");
	if (!utf8_valid(m->text, strlen(m->text)))
		return err_set(err, ERR_INVAL, "text body is not valid UTF-8");
	if (m->html && !utf8_valid(m->html, strlen(m->html)))
		return err_set(err, ERR_INVAL, "html body is not valid UTF-8");
	if (m->n_attach && !m->attach)
		return err_set(err, ERR_INVAL, "attachments are missing");
	for (i = 0; i < m->n_attach; i++) {
		const struct mail_part *a = &m->attach[i];

		if (!a->name || !*a->name || strlen(a->name) > 255)
			return err_set(err, ERR_INVAL,
				    "attachment %zu needs a name of 1 to 255 bytes", i + 1);
		if ((rc = check_header_text("attachment name", a->name, err)))
			return rc;
		if (a->type && (rc = check_mime_type(a->type, err)))
			return rc;
		if (a->len && !a->data)
			return err_set(err, ERR_INVAL, "attachment '%s' has no data", a->name);
	}
	/* The Date header has a four-digit year; earlier than 1970 means a
	 * caller's bug, and the bound keeps date + offset from overflowing. */
	if (m->date < 0 || m->date > (time_t)253402300799LL - VN_OFFSET_S)
		return err_set(err, ERR_INVAL, "date %lld is out of range", (long long)m->date);
	return 0;
}

/* ---- Encodings ---------------------------------------------------------- */

static const char b64chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * Appends the base64 of n bytes.  With `lines`, as a body (RFC 2045 6.8):
 * lines of 76 characters, each ending in CRLF, and one empty line for no
 * data, so that the CRLF before the next boundary is never the one that
 * ends the part's header.
 */
static void add_base64(struct sbuf *sb, const void *data, size_t n, int lines)
{
	const unsigned char *d = data;
	size_t i, col = 0;
	char q[4];

	for (i = 0; i < n; i += 3) {
		size_t k = n - i;
		uint32_t v = (uint32_t)d[i] << 16;

		if (k > 1)
			v |= (uint32_t)d[i + 1] << 8;
		if (k > 2)
			v |= d[i + 2];
		q[0] = b64chars[(v >> 18) & 63];
		q[1] = b64chars[(v >> 12) & 63];
		q[2] = k > 1 ? b64chars[(v >> 6) & 63] : '=';
		q[3] = k > 2 ? b64chars[v & 63] : '=';
		sbuf_add(sb, q, 4);
		col += 4;
		if (lines && col == 76) {
			sbuf_add(sb, "\r\n", 2);
			col = 0;
		}
	}
	if (lines && (col || !n))
		sbuf_add(sb, "\r\n", 2);
}

/*
 * Appends s as RFC 2047 "B" encoded words from column *col, and updates
 * *col.  Each word holds whole UTF-8 characters only (a mail client decodes
 * words one by one, and half a character in each shows as two replacement
 * marks), and words after the first go on continuation lines ("CRLF SP").
 * The white space between two encoded words is not part of the text
 * (RFC 2047 6.2), so the split adds nothing to what the reader sees.
 */
static void add_encoded_words(struct sbuf *sb, const char *s, size_t *col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	int fold = 0;

	while (i < n) {
		size_t room, max, take = 0;

		if (fold) {
			sbuf_add(sb, "\r\n ", 3);
			*col = 1;
		}
		room = *col < EW_LINE ? EW_LINE - *col : 0;
		if (room > EW_MAX)
			room = EW_MAX;
		/* 4 characters of base64 carry 3 bytes */
		max = room > EW_OVERHEAD ? (room - EW_OVERHEAD) / 4 * 3 : 0;
		while (i + take < n) {
			size_t l = utf8_seq(p + i + take, n - i - take);

			if (!l || take + l > max)
				break;
			take += l;
		}
		if (!take) {
			/* Not even one character fits after the field name:
			 * start on the next line, where 45 bytes fit. */
			if (*col == 1)
				break; /* cannot happen: input is valid UTF-8 */
			fold = 1;
			continue;
		}
		sbuf_adds(sb, "=?UTF-8?B?");
		add_base64(sb, p + i, take, 0);
		sbuf_adds(sb, "?=");
		*col += EW_OVERHEAD + (take + 2) / 3 * 4;
		i += take;
		fold = 1;
	}
}

static int is_printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
			return 0;
	return 1;
}

/* RFC 5322 atext: what a display name may hold without quotes. */
static int is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$%&'*+-/=?^_`{|}~", c);
}

/*
 * The display name as it will stand in the header, when printable ASCII
 * will do: as it is when it is words of atext separated by single spaces,
 * else a quoted-string ('"' and '\' escaped).  Returns a new string (caller
 * frees), or NULL when the name needs encoded words: non-ASCII, or text
 * that a reader would take for an encoded word ("=?").
 */
static char *plain_display_name(const char *name)
{
	struct sbuf q;
	const char *p;
	int atoms = 1;

	if (!is_printable_ascii(name) || strstr(name, "=?"))
		return NULL;
	for (p = name; *p; p++)
		if (!is_atext((unsigned char)*p) &&
		    !(*p == ' ' && p > name && p[1] && p[1] != ' '))
			atoms = 0;
	if (atoms)
		return xstrdup(name);
	sbuf_init(&q, 0);
	sbuf_addc(&q, '"');
	for (p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_addc(&q, '\\');
		sbuf_addc(&q, *p);
	}
	sbuf_addc(&q, '"');
	return sbuf_detach(&q);
}

/*
 * A display name with every control character (CR and LF too) made a
 * space, or NULL when it has none.  Names come from the units file and the
 * office's settings: one unit whose name holds a stray control character
 * must neither stop the week's mails nor break the header, so the name is
 * cleaned instead of refused.  Caller frees.
 */
static char *clean_display_name(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p && !mail_is_ctl(*p); p++)
		;
	return *p ? mail_clean_text(name) : NULL;
}

char *mail_clean_text(const char *s)
{
	char *c, *p;

	if (!s)
		return NULL;
	c = xstrdup(s);
	for (p = c; *p; p++)
		if (mail_is_ctl((unsigned char)*p))
			*p = ' ';
	return c;
}

/*
 * "Field: Display Name <addr>" (or "Field: <addr>" without a name).  A
 * cleaned name is always written as encoded words, so the spaces that
 * stand for its control characters survive a reader's unfolding.
 */
static void add_addr_header(struct sbuf *sb, const char *field, const char *name,
			    const char *addr)
{
	size_t col = strlen(field) + 2;
	char *plain = NULL, *clean = name ? clean_display_name(name) : NULL;

	sbuf_addf(sb, "%s: ", field);
	if (clean)
		name = clean;
	if (name && *name) {
		plain = clean ? NULL : plain_display_name(name);
		if (plain && col + strlen(plain) + strlen(addr) + 3 <= EW_LINE) {
			sbuf_adds(sb, plain);
			col += strlen(plain);
		} else {
			add_encoded_words(sb, name, &col);
		}
		/* the address goes on its own line when it would make a line
		 * of encoded words longer than RFC 2047 allows */
		if (col + strlen(addr) + 3 > EW_LINE) {
			sbuf_add(sb, "\r\n", 2);
			col = 0;
		}
		sbuf_addc(sb, ' ');
	}
	sbuf_addf(sb, "<%s>\r\n", addr);
	free(plain);
	free(clean);
}

/*
 * "Subject: ...".  A printable ASCII subject that fits on one line stays as
 * it is, so that plain subjects stay readable in raw form; anything else
 * (Vietnamese, long, or with leading or trailing spaces the parser would
 * drop) becomes encoded words.
 */
static void add_subject(struct sbuf *sb, const char *s)
{
	size_t col = strlen("Subject: "), n = strlen(s);

	sbuf_adds(sb, "Subject: ");
	if (is_printable_ascii(s) && !strstr(s, "=?") && col + n <= HDR_LINE &&
	    (!n || (s[0] != ' ' && s[n - 1] != ' ')))
		sbuf_adds(sb, s);
	else
		add_encoded_words(sb, s, &col);
	sbuf_add(sb, "\r\n", 2);
}

static void add_date(struct sbuf *sb, time_t date)
{
	static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = date + VN_OFFSET_S;
	struct tm tm;

	/* Names spelled here, not by strftime(), which follows the locale. */
	gmtime_r(&t, &tm);
	sbuf_addf(sb, "Date: %s, %d %s %04d %02d:%02d:%02d +0700\r\n", wday[tm.tm_wday],
		  tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		  tm.tm_sec);
}

/* RFC 2231 attribute-char: what a parameter value may hold unencoded. */
static int is_attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c);
}

/* Appends n bytes of s percent-encoded as an RFC 2231 value; returns the
 * number of characters it takes (also when sb is NULL: only counts). */
static size_t add_pct(struct sbuf *sb, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, w = 0;

	for (i = 0; i < n; i++) {
		if (is_attr_char(s[i])) {
			if (sb)
				sbuf_addc(sb, (char)s[i]);
			w += 1;
		} else {
			if (sb) {
				sbuf_addc(sb, '%');
				sbuf_addc(sb, hex[s[i] >> 4]);
				sbuf_addc(sb, hex[s[i] & 15]);
			}
			w += 3;
		}
	}
	return w;
}

/*
 * Content-Disposition with the file name: filename="..." when it is
 * printable ASCII without quotes or backslashes and fits on the line, else
 * RFC 2231 filename*=UTF-8''percent-encoded, cut into numbered sections
 * (filename*0*=, filename*1*=, ...) when one line cannot hold it.  Sections
 * are cut between whole characters: Python's parser, for one, decodes each
 * section on its own and flags a character split across two as a defect.
 */
static void add_disposition(struct sbuf *sb, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), at, sec;

	if (is_printable_ascii(name) && !strpbrk(name, "\"\\") &&
	    strlen("Content-Disposition: attachment; filename=\"\"") + n <= HDR_LINE) {
		sbuf_addf(sb, "Content-Disposition: attachment; filename=\"%s\"\r\n", name);
		return;
	}
	sbuf_adds(sb, "Content-Disposition: attachment;\r\n");
	if (strlen(" filename*=UTF-8''") + add_pct(NULL, p, n) <= HDR_LINE) {
		sbuf_adds(sb, " filename*=UTF-8''");
		add_pct(sb, p, n);
		sbuf_add(sb, "\r\n", 2);
		return;
	}
	/* " filename*NN*=UTF-8''" and ";" leave 54 characters of a line */
	for (at = 0, sec = 0; at < n; sec++) {
		size_t take = 0, w = 0;

		while (at + take < n) {
			size_t l = utf8_seq(p + at + take, n - at - take);
			size_t cw = add_pct(NULL, p + at + take, l);

			if (!l || (take && w + cw > 54))
				break;
			take += l;
			w += cw;
		}
		if (!take)
			break; /* cannot happen: the name is valid UTF-8 */
		sbuf_addf(sb, " filename*%zu*=%s", sec, sec ? "" : "UTF-8''");
		add_pct(sb, p + at, take);
		at += take;
		sbuf_adds(sb, at < n ? ";\r\n" : "\r\n");
	}
}

/* A 64-bit FNV-1a hash: boundaries only need to be stable, not secret. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* s with every line end made CRLF (text's canonical form for base64);
 * returns a new buffer of *n bytes (caller frees). */
static char *crlf_text(const char *s, size_t *n)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	for (; *s; s++) {
		if (*s == '\r' && s[1] == '\n')
			continue; /* the LF writes the pair */
		if (*s == '\r' || *s == '\n')
			sbuf_add(&sb, "\r\n", 2);
		else
			sbuf_addc(&sb, *s);
	}
	*n = sb.len;
	return sbuf_detach(&sb);
}

static void add_text_part(struct sbuf *sb, const char *subtype, const char *s)
{
	size_t n;
	char *c = crlf_text(s, &n);

	sbuf_addf(sb, "Content-Type: text/%s; charset=utf-8\r\n"
		  "Content-Transfer-Encoding: base64\r\n\r\n", subtype);
	add_base64(sb, c, n, 1);
	free(c);
}

/* The readable body: text/plain alone, or text and html as alternatives. */
static void add_body(struct sbuf *sb, const struct mail_msg *m, const char *alt)
{
	if (!m->html) {
		add_text_part(sb, "plain", m->text);
		return;
	}
	sbuf_addf(sb, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", alt);
	sbuf_addf(sb, "--%s\r\n", alt);
	add_text_part(sb, "plain", m->text);
	sbuf_addf(sb, "--%s\r\n", alt);
	add_text_part(sb, "html", m->html);
	sbuf_addf(sb, "--%s--\r\n", alt);
}

int mail_build(const struct mail_msg *m, char **out, size_t *len, struct err *err)
{
	struct sbuf sb;
	char alt[40], mix[40];
	uint64_t h;
	size_t i;
	int rc;

	*out = NULL;
	*len = 0;
	sbuf_init(&sb, MAIL_MAX_SIZE);
	if ((rc = check_msg(m, err)))
		goto out;

	/*
	 * Boundaries come from the Message-ID, so a message rendered again is
	 * the same bytes.  They cannot occur in the content: every part is
	 * base64, whose alphabet has neither '-' nor '_', and the part headers
	 * are ours and never start a line with "--".
	 */
	h = fnv1a(m->message_id);
	snprintf(alt, sizeof(alt), "=_alt_%016llx", (unsigned long long)h);
	snprintf(mix, sizeof(mix), "=_mix_%016llx", (unsigned long long)h);

	add_date(&sb, m->date);
	add_addr_header(&sb, "From", m->from_name, m->from_addr);
	add_addr_header(&sb, "To", m->to_name, m->to_addr);
	add_subject(&sb, m->subject ? m->subject : "");
	sbuf_addf(&sb, "Message-ID: %s\r\n", m->message_id);
	sbuf_adds(&sb, "MIME-Version: 1.0\r\n");
	if (!m->n_attach) {
		add_body(&sb, m, alt);
	} else {
		sbuf_addf(&sb, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", mix);
		sbuf_addf(&sb, "--%s\r\n", mix);
		add_body(&sb, m, alt);
		for (i = 0; i < m->n_attach; i++) {
			const struct mail_part *a = &m->attach[i];

			sbuf_addf(&sb, "--%s\r\n", mix);
			sbuf_addf(&sb, "Content-Type: %s\r\n",
				  a->type ? a->type : "application/octet-stream");
			sbuf_adds(&sb, "Content-Transfer-Encoding: base64\r\n");
			add_disposition(&sb, a->name);
			sbuf_add(&sb, "\r\n", 2);
			add_base64(&sb, a->data, a->len, 1);
		}
		sbuf_addf(&sb, "--%s--\r\n", mix);
	}
	if (sb.toobig) {
		rc = err_set(err, ERR_INVAL, "message is larger than %zu MiB",
			  MAIL_MAX_SIZE >> 20);
		goto out;
	}
	*len = sb.len;
	*out = sbuf_detach(&sb);
out:
	sbuf_release(&sb);
	return rc;
}

char *mail_html_escape(const char *s)
{
	struct sbuf sb;

	if (!s)
		return NULL;
	sbuf_init(&sb, 0);
	sbuf_add_html(&sb, s);
	return sbuf_detach(&sb);
}
