/*
 * pdf.c - the text of a PDF: poppler's `pdftotext -layout` run as a
 * child process, then the page furniture taken out and the paragraphs put
 * back together.  See textin_int.h.
 *
 * Why a child process rather than libpoppler-glib: a PDF is the most
 * hostile format we take (uploads from anyone), and a crash or a runaway
 * loop in the renderer then kills or stalls only the child, which we time
 * out; it also keeps GLib and cairo out of the server.  The cost is a
 * temporary file (pdftotext does not read a pipe) and a fork per PDF.
 *
 * What -layout gives is the printed page: lines broken where the page
 * broke them, the header and footer and page number of every page, words
 * hyphenated at line ends, columns side by side.  The parser wants
 * paragraphs, so:
 * - a line among the first or last two of a page that recurs there (digits
 *   aside) on at least half of the pages is a running header or footer;
 *   such a line that is only a page number ("2", "- 2 -", "Trang 2",
 *   "Trang 2/5", "2/5") goes even when it does not recur;
 * - a line ending in "letter-" continues on the next: the hyphen goes when
 *   the next starts with a lower-case letter (a split word), else it stays
 *   ("NĐ-" + "CP");
 * - a line that reaches the right margin continues on the next unless the
 *   next starts a list item ("1.", "a)", "-") or is indented further (the
 *   first line of a paragraph); a short line ends its paragraph;
 * - a wide gap inside a line separates columns (the two-column heading of
 *   a notice, a table) and becomes " | ", as the parser reads table rows;
 *   such rows are never joined.
 * A PDF whose pages give no text at all is a scan: the error says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracker/textin/textin_int.h"

extern char **environ;

#define MIB ((size_t)1 << 20)
#define EDGE_LINES 2        /* lines at the top and bottom of a page looked at */
#define COLUMN_GAP 5        /* spaces that separate columns, not words */
#define FULL_PERCENT 85     /* a line this wide (of the widest) reaches the margin */

/* ---- Running pdftotext ------------------------------------------------------ */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The first line of pdftotext's messages, for an error. */
static const char *first_line(struct sbuf *sb)
{
	char *nl;

	if (!sb->buf)
		return "";
	if ((nl = strchr(sb->buf, '\n')))
		*nl = '\0';
	return sb->buf;
}

/*
 * Runs pdftotext on the PDF (through a temporary file) and collects its
 * output in `raw` (capped at o->max_text) and messages in `msgs`.  Returns
 * 0 or an ERR_* code.
 */
static int run_pdftotext(const char *buf, size_t len, const struct textin_opts *o,
			 struct sbuf *raw, struct err *e)
{
	char path[4096];
	const char *tmpdir = getenv("TMPDIR");
	int fd = -1, outp[2] = {-1, -1}, errp[2] = {-1, -1}, rc = 0, status = 0, spawned = 0;
	posix_spawn_file_actions_t fa;
	int fa_ok = 0;
	pid_t pid = -1;
	struct sbuf msgs;
	long long deadline;
	char *argv[9];

	sbuf_init(&msgs, 64 * 1024);
	snprintf(path, sizeof(path), "%s/tracker-pdf-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		path[0] = '\0';
		rc = err_set(e, ERR_TOOL, "cannot create a temporary file for pdftotext: %s",
				 strerror(errno));
		goto out;
	}
	if (write_all(fd, buf, len) < 0 || close(fd) < 0) {
		fd = -1;
		rc = err_set(e, ERR_TOOL, "cannot write a temporary file for pdftotext: %s",
				 strerror(errno));
		goto out;
	}
	fd = -1;
	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		rc = err_set(e, ERR_TOOL, "cannot make a pipe: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	fa_ok = 1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	argv[0] = (char *)o->pdftotext;
	argv[1] = "-layout";
	argv[2] = "-enc";
	argv[3] = "UTF-8";
	argv[4] = "-eol";
	argv[5] = "unix";
	argv[6] = path;
	argv[7] = "-";
	argv[8] = NULL;
	if ((errno = posix_spawnp(&pid, o->pdftotext, &fa, NULL, argv, environ))) {
		rc = err_set(e, ERR_TOOL, "cannot run '%s' to read the PDF (install "
				 "poppler-utils): %s", o->pdftotext, strerror(errno));
		goto out;
	}
	spawned = 1;
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;

	deadline = now_ms() + (long long)o->pdf_timeout * 1000;
	while (outp[0] >= 0 || errp[0] >= 0) {
		struct pollfd pf[2] = {{outp[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
		long long left = deadline - now_ms();
		char chunk[65536];
		int i, r;

		if (left <= 0) {
			rc = err_set(e, ERR_TOOL, "pdftotext ran for more than %d s on this PDF",
					 o->pdf_timeout);
			goto out;
		}
		r = poll(pf, 2, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno != EINTR) {
			rc = err_set(e, ERR_TOOL, "poll: %s", strerror(errno));
			goto out;
		}
		for (i = 0; r > 0 && i < 2; i++) {
			int *fdp = i ? &errp[0] : &outp[0];
			ssize_t n;
			if (*fdp < 0 || !pf[i].revents)
				continue;
			n = read(*fdp, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(*fdp);
				*fdp = -1;
				continue;
			}
			sbuf_add(i ? &msgs : raw, chunk, (size_t)n);
		}
		if (raw->toobig) {
			rc = err_set(e, ERR_TOOBIG, "the PDF's text is longer than %zu MiB: "
					 "not a notice", o->max_text / MIB);
			goto out;
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	spawned = 0;
	if (WIFSIGNALED(status)) {
		rc = err_set(e, ERR_TOOL, "pdftotext crashed (signal %d) on this PDF",
				 WTERMSIG(status));
	} else if (WEXITSTATUS(status) == 127) {
		rc = err_set(e, ERR_TOOL, "cannot run '%s' to read the PDF (install "
				 "poppler-utils)", o->pdftotext);
	} else if (WEXITSTATUS(status) == 3 || (msgs.buf && strstr(msgs.buf, "assword"))) {
		rc = err_set(e, ERR_UNSUPPORTED, "the PDF is encrypted or forbids copying "
				 "its text: %s", first_line(&msgs));
	} else if (WEXITSTATUS(status) != 0) {
		rc = err_set(e, ERR_CORRUPT, "damaged or truncated PDF: %s",
				 msgs.len ? first_line(&msgs) : "pdftotext failed");
	}
out:
	if (spawned) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	if (fd >= 0)
		close(fd);
	if (path[0])
		unlink(path);
	for (fd = 0; fd < 2; fd++) {
		if (outp[fd] >= 0)
			close(outp[fd]);
		if (errp[fd] >= 0)
			close(errp[fd]);
	}
	sbuf_release(&msgs);
	return rc;
}

/* ---- Lines -------------------------------------------------------------------- */

struct line {
	char *s;      /* the text, trimmed, columns joined with " | " */
	int indent;   /* leading spaces */
	int width;    /* indent plus code points */
	int page;
	int cells;    /* had a column gap */
};

static int cp_count(const char *s, size_t n)
{
	int w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

static int ends_with(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);

	return n >= wl && !memcmp(s + n - wl, word, wl);
}

/*
 * Whether a gap between `before` and `after` is a blank left to fill in
 * (a notice not yet numbered or dated: "Số:      /TB-UBND", "ngày     tháng
 * 11 năm 2024") rather than a gap between columns.  Blanks keep their
 * spaces, as the parser reads them from text files.
 */
static int blank_field(const char *before, size_t bn, const char *after, size_t an)
{
	return ends_with(before, bn, "Số:") || ends_with(before, bn, "ngày") ||
	       ends_with(before, bn, "tháng") || (an >= 1 && after[0] == '/') ||
	       (an >= 6 && !memcmp(after, "tháng", 6)) || (an >= 4 && !memcmp(after, "năm", 4));
}

/* Makes a line from `n` bytes of a page. */
static void make_line(const char *s, size_t n, int page, struct line *l)
{
	struct sbuf sb;
	size_t i = 0, spaces;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	memset(l, 0, sizeof(*l));
	l->page = page;
	l->width = cp_count(s, n);
	while (i < n && s[i] == ' ')
		i++;
	l->indent = (int)i;
	sbuf_init(&sb, 0);
	while (i < n) {
		for (spaces = 0; i + spaces < n && s[i + spaces] == ' '; spaces++)
			;
		if (spaces >= COLUMN_GAP && i && i + spaces < n &&
		    !blank_field(sb.buf ? sb.buf : "", sb.len, s + i + spaces, n - i - spaces)) {
			sbuf_adds(&sb, " | ");
			l->cells = 1;
			i += spaces;
		} else if (spaces >= COLUMN_GAP && i && i + spaces < n) {
			sbuf_add(&sb, s + i, spaces); /* a blank field */
			i += spaces;
		} else if (spaces) {
			sbuf_addc(&sb, ' ');
			i += spaces;
		} else {
			sbuf_addc(&sb, s[i++]);
		}
	}
	l->s = sb.buf ? sbuf_detach(&sb) : xstrdup("");
	sbuf_release(&sb);
	/* A row of a table typed as text ("1 | ... | ...") is one too. */
	n = strlen(l->s);
	if (strstr(l->s, " | ") || l->s[0] == '|' || (n >= 2 && !strcmp(l->s + n - 2, " |")))
		l->cells = 1;
}

/* The line with digits as '#' and cells unmarked: running headers differ
 * only in the page number. */
static char *furniture_key(const char *s)
{
	char *k = xstrdup(s), *p;

	for (p = k; *p; p++)
		if (*p >= '0' && *p <= '9')
			*p = '#';
	return k;
}

/* "2", "- 2 -", "– 2 –", "Trang 2", "Trang 2/5", "2/5", "Page 2 of 5". */
static int is_page_number(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (!strncmp(p, "Trang ", 6) || !strncmp(p, "trang ", 6))
		p += 6;
	else if (!strncmp(p, "Page ", 5))
		p += 5;
	while (*p == '-' || *p == ' ' || !strncmp(p, "–", 3))
		p += *p == '-' || *p == ' ' ? 1 : 3;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (!digits || digits > 4)
		return 0;
	if (*p == '/' || !strncmp(p, " / ", 3) || !strncmp(p, " of ", 4) || !strncmp(p, " trên ", 8)) {
		p += *p == '/' ? 1 : !strncmp(p, " / ", 3) ? 3 : !strncmp(p, " of ", 4) ? 4 : 8;
		for (digits = 0; *p >= '0' && *p <= '9'; p++)
			digits++;
		if (!digits)
			return 0;
	}
	while (*p == '-' || *p == ' ' || !strncmp(p, "–", 3))
		p += *p == '-' || *p == ' ' ? 1 : 3;
	return !*p;
}

/* Indexes of the non-blank lines at the top (top != 0) or bottom of page
 * `pg` among lines[first..end): up to EDGE_LINES into idx[]; the count. */
static int edge_lines(struct line *lines, size_t first, size_t end, int top, size_t *idx)
{
	int n = 0;
	size_t i;

	if (top) {
		for (i = first; i < end && n < EDGE_LINES; i++)
			if (lines[i].s[0])
				idx[n++] = i;
	} else {
		for (i = end; i > first && n < EDGE_LINES; i--)
			if (lines[i - 1].s[0])
				idx[n++] = i - 1;
	}
	return n;
}

/* An edge line of a page, by its furniture key. */
struct edge {
	char *key;
	size_t line;            /* its index in lines[] */
	int page, k;
	int drop;
};

static int edge_cmp(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->page != y->page ? (x->page < y->page ? -1 : 1) : x->k - y->k;
}

/*
 * Marks running headers, footers and page numbers as removed (s[0] = 0).
 * pstart[p] is the first line of page p, pstart[pages] the end.  Returns
 * how many lines went.  A line goes when its key stands at the same edge
 * on at least half of the pages: the edge lines are sorted by key, so each
 * key's pages are counted in one pass (comparing every page with every
 * other took minutes for a PDF of a few thousand pages).
 */
static int remove_furniture(struct line *lines, const size_t *pstart, int pages)
{
	int removed = 0, p, top, k, need = pages / 2 > 2 ? (pages + 1) / 2 : 2;
	size_t idx[EDGE_LINES], i, j, n_e;

	for (top = 0; top < 2; top++) {
		struct edge *e = xcalloc((size_t)pages * EDGE_LINES + 1, sizeof(*e));
		n_e = 0;
		for (p = 0; p < pages; p++) {
			int n = edge_lines(lines, pstart[p], pstart[p + 1], top, idx);
			for (k = 0; k < n; k++) {
				e[n_e].key = furniture_key(lines[idx[k]].s);
				e[n_e].line = idx[k];
				e[n_e].page = p;
				e[n_e].k = k;
				e[n_e].drop = is_page_number(lines[idx[k]].s);
				n_e++;
			}
		}
		qsort(e, n_e, sizeof(*e), edge_cmp);
		for (i = 0; i < n_e; i = j) {
			int seen = 0;
			for (j = i; j < n_e && !strcmp(e[j].key, e[i].key); j++)
				if (j == i || e[j].page != e[j - 1].page)
					seen++;
			if (pages >= 2 && seen >= need)
				for (size_t m = i; m < j; m++)
					e[m].drop = 1;
		}
		/* Remove after deciding, so each page is judged on what it had. */
		for (i = 0; i < n_e; i++)
			if (e[i].drop) {
				lines[e[i].line].s[0] = '\0';
				removed++;
			}
		for (i = 0; i < n_e; i++)
			free(e[i].key);
		free(e);
	}
	return removed;
}

/* Whether the line starts a list item or a section: "1.", "1.2.", "a)",
 * "II.", "-", "+", "•", "Điều 3", "Chương II", "Phần", "Mục". */
static int starts_item(const char *s)
{
	const char *p = s;

	if ((*p == '-' || *p == '+' || *p == '*') && p[1] == ' ')
		return 1;
	if (*p == '|' || *p == '#') /* a text table's row, a markdown heading */
		return 1;
	if (!strncmp(p, "•", 3) || !strncmp(p, "–", 3))
		return 1;
	if (!strncmp(p, "Điều ", 7) || !strncmp(p, "Chương ", 9) || !strncmp(p, "Phần ", 7) ||
	    !strncmp(p, "Mục ", 5))
		return 1;
	if (*p >= '0' && *p <= '9') {
		while ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9'))
			p++;
		return (*p == '.' || *p == ')') && (p[1] == ' ' || !p[1]);
	}
	if (*p >= 'a' && *p <= 'z' && p[1] == ')')
		return 1;
	if (!strncmp(p, "đ)", 3))
		return 1;
	while (*p == 'I' || *p == 'V' || *p == 'X' || *p == 'L')
		p++;
	return p > s && (*p == '.' || *p == ')') && (p[1] == ' ' || !p[1]);
}

static int starts_lower(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c >= 'a' && c <= 'z')
		return 1;
	/* Vietnamese lower-case letters outside ASCII: most are in
	 * U+00E0-U+00FF, U+0101-U+01B0 (odd), U+1EA1-U+1EF9 (odd). */
	if (c >= 0x80) {
		unsigned cp = 0;
		if ((c & 0xE0) == 0xC0)
			cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[1] & 0x3Fu);
		else if ((c & 0xF0) == 0xE0)
			cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[1] & 0x3Fu) << 6) |
			     ((unsigned char)s[2] & 0x3Fu);
		return (cp >= 0xDF && cp <= 0xFF) || (cp >= 0x100 && cp <= 0x1B0 && (cp & 1)) ||
		       (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1));
	}
	return 0;
}

static int ends_sentence(const char *s)
{
	size_t n = strlen(s);
	char c = n ? s[n - 1] : 0;

	/* Not ';': "...ngày 26/9/2024;" goes on with "Quyết định số ...". */
	return c == '.' || c == ':' || c == '!' || c == '?' || c == '|';
}

/* Whether line b continues the paragraph whose last line is a. */
static int continues(const struct line *a, const struct line *b, int full)
{
	if (a->cells || b->cells || starts_item(b->s))
		return 0;
	if (b->indent > a->indent + 1 && a->indent <= 1)
		return 0;
	if (a->width < full)
		return 0;
	return !ends_sentence(a->s) || starts_lower(b->s);
}

/* Whether a ends in a hyphen right after a letter ("phối hợp vớ-"). */
static int ends_hyphen(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && s[n - 1] == '-' && s[n - 2] != ' ' && s[n - 2] != '-';
}

/*
 * The blank lines that are only line spacing: with generous leading
 * pdftotext puts a blank line between every two lines of a paragraph.  The
 * most common count of blank lines between two lines of text on a page is
 * that spacing; more than it separates paragraphs.
 */
static int spacing_gap(const struct line *lines, size_t n)
{
	size_t hist[4] = {0, 0, 0, 0}, i;
	int gap = 0, seen = 0, best = 0, g;

	for (i = 0; i < n; i++) {
		if (!lines[i].s[0]) {
			if (lines[i].width == 0)
				gap++;
			continue;
		}
		if (seen && lines[i].page == lines[i - 1].page && gap < 4)
			hist[gap]++;
		seen = 1;
		gap = 0;
	}
	for (g = 1; g < 4; g++)
		if (hist[g] > hist[best])
			best = g;
	return best;
}

static void join_paragraphs(struct line *lines, size_t n, struct sbuf *out)
{
	size_t i;
	int maxw = 0, full, gap = 0, have = 0, spacing = spacing_gap(lines, n), brk;
	struct line *prev = NULL;

	for (i = 0; i < n; i++)
		if (lines[i].s[0] && !lines[i].cells && lines[i].width > maxw)
			maxw = lines[i].width;
	full = maxw * FULL_PERCENT / 100;
	for (i = 0; i < n; i++) {
		struct line *l = &lines[i];
		if (!l->s[0]) {
			/* Only blank lines of the page count; a removed
			 * header or footer is no paragraph break. */
			if (l->width == 0)
				gap++;
			continue;
		}
		/* Nor the margins at a page end: a paragraph goes on across. */
		brk = prev && prev->page == l->page && gap > spacing;
		if (prev && !brk && ends_hyphen(prev->s) && !prev->cells && !l->cells) {
			if (starts_lower(l->s))
				out->len--; /* drop the hyphen */
			sbuf_adds(out, l->s);
		} else if (prev && !brk && continues(prev, l, full)) {
			sbuf_addc(out, ' ');
			sbuf_adds(out, l->s);
		} else {
			if (have)
				sbuf_adds(out, brk ? "\n\n" : "\n");
			sbuf_adds(out, l->s);
			have = 1;
		}
		gap = 0;
		prev = l;
	}
	if (have)
		sbuf_addc(out, '\n');
}

int textin_pdf(const char *buf, size_t len, const struct textin_opts *o,
	       struct sbuf *out, struct textin_info *info, struct err *e)
{
	struct sbuf raw;
	struct line *lines = NULL;
	size_t n = 0, alloc = 0, *pstart = NULL, palloc = 2, i, start;
	int rc, page = 0, text = 0;

	sbuf_init(&raw, o->max_text);
	if ((rc = run_pdftotext(buf, len, o, &raw, e)))
		goto out;
	/* Pages end with a form feed; lines with LF. */
	pstart = xcalloc(2, sizeof(*pstart));
	for (i = start = 0; raw.buf && i <= raw.len; i++) {
		if (i < raw.len && raw.buf[i] != '\n' && raw.buf[i] != '\f')
			continue;
		if (i > start || (i < raw.len && raw.buf[i] == '\n')) {
			ALLOC_GROW(lines, n + 1, alloc);
			make_line(raw.buf + start, i - start, page, &lines[n]);
			if (lines[n].s[0])
				text = 1;
			n++;
		}
		if (i < raw.len && raw.buf[i] == '\f') {
			page++;
			ALLOC_GROW(pstart, (size_t)page + 2, palloc);
			pstart[page] = n;
		}
		start = i + 1;
	}
	/* After the last form feed comes nothing: that is no page. */
	if (page == 0 || pstart[page] < n) {
		page++;
		ALLOC_GROW(pstart, (size_t)page + 2, palloc);
	}
	pstart[page] = n;
	info->pages = page;
	if (!text) {
		rc = err_set(e, ERR_NOTEXT, "the PDF has no text layer (%d page%s of images): "
				 "it is a scan without text; run OCR on it or ask for the .docx",
				 page, page == 1 ? "" : "s");
		goto out;
	}
	info->furniture_lines = remove_furniture(lines, pstart, page);
	join_paragraphs(lines, n, out);
out:
	for (i = 0; i < n; i++)
		free(lines[i].s);
	free(lines);
	free(pstart);
	sbuf_release(&raw);
	return rc;
}
