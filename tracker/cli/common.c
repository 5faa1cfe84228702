/*
 * cli/common.c - what every command of the `tracker` program shares: errors
 * and exit codes, table columns, option parsing, reading notices and the
 * units directory, opening the store, --today, and the mail options of
 * remind, report and serve.  See cli.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/cli/cli.h"
#include "tracker/json/notice_json.h"
#include "tracker/textin/textin.h"
#include "tracker/store/units.h"

/* ---- Small helpers ---------------------------------------------------- */

void errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("tracker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Maps a store error to the command's exit code and reports it. */
int store_fail(const struct store_err *err)
{
	errorf("%s", err->msg);
	switch (err->code) {
	case STORE_EIO:
		return EXIT_IOERR;
	case STORE_ENOTFOUND:
	case STORE_EINVAL:
	case STORE_ESTATE:
		return EXIT_DATAERR;
	default:
		return EXIT_SOFTWARE;
	}
}

/* Code points in a UTF-8 string (continuation bytes do not count). */
static size_t u8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Bytes of the first `max` code points of s. */
static size_t u8_prefix(const char *s, size_t max)
{
	size_t i = 0, n = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			break;
		i++;
	}
	return i;
}

/*
 * Prints s in a column of `width` code points: cut with "…" when longer,
 * padded with spaces when shorter (printf pads bytes, not letters, which
 * misaligns Vietnamese text).
 */
void put_col(const char *s, size_t width)
{
	size_t w;

	s = s ? s : "";
	w = u8_width(s);
	if (w > width) {
		fwrite(s, 1, u8_prefix(s, width - 1), stdout);
		fputs("…", stdout);
		w = width;
	} else {
		fputs(s, stdout);
	}
	for (; w < width; w++)
		putchar(' ');
	putchar(' ');
}

int parse_id(const char *s, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

void print_json(cJSON **root)
{
	char *s = json_render_free(root, 1);

	puts(s);
	cJSON_free(s);
}

/* Prints the last column of a row: cut like put_col(), not padded. */
void put_last(const char *s, size_t width)
{
	s = s ? s : "";
	if (u8_width(s) > width) {
		fwrite(s, 1, u8_prefix(s, width - 1), stdout);
		fputs("…", stdout);
	} else {
		fputs(s, stdout);
	}
	putchar('\n');
}

/* ---- Options ------------------------------------------------------------ */


/*
 * Splits argv (after the command name) into options from `defs` and
 * positional arguments, which are stored in pos[] (sized argc).  "--"
 * ends options; "-" alone is positional (stdin).  "--help"/"-h" sets *help.
 * Returns 0, or EXIT_USAGE after printing what is wrong.
 */
int parse_opts(const char *cmd, int argc, char **argv,
		      const struct optdef *defs, char **pos, int *npos,
		      int *help)
{
	int i, j, only_pos = 0;

	*npos = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		size_t nl;

		if (only_pos || a[0] != '-' || !a[1]) {
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			*help = 1;
			continue;
		}
		eq = strchr(a, '=');
		nl = eq ? (size_t)(eq - a) : strlen(a);
		for (j = 0; defs[j].name; j++)
			if (strlen(defs[j].name) == nl && !strncmp(defs[j].name, a, nl))
				break;
		if (!defs[j].name) {
			errorf("%s: unknown option '%s' (see 'tracker %s --help')", cmd, a, cmd);
			return EXIT_USAGE;
		}
		if (!defs[j].has_arg) {
			if (eq) {
				errorf("%s: option '%s' takes no value", cmd, defs[j].name);
				return EXIT_USAGE;
			}
			*defs[j].flag = 1;
		} else if (eq) {
			*defs[j].value = eq + 1;
		} else if (i + 1 < argc) {
			*defs[j].value = argv[++i];
		} else {
			errorf("%s: option '%s' needs a value", cmd, defs[j].name);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* ---- Input -------------------------------------------------------------- */



int input_fail(struct input_err *e, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * Reads a whole file ("-": stdin) of at most `cap` bytes into a new
 * NUL-terminated buffer (caller frees).  Returns 0, EXIT_IOERR when it
 * cannot be read, or EXIT_DATAERR when it is too big, with *e filled.
 */
static int read_file(const char *path, size_t cap, char **out, size_t *outlen,
		     struct input_err *e)
{
	FILE *f = NULL;
	struct stat sb;
	char *buf = NULL;
	size_t len = 0, alloc = 0, got;
	int rc = 0, is_stdin = !strcmp(path, "-");

	*out = NULL;
	*outlen = 0;
	if (is_stdin) {
		f = stdin;
	} else if (!(f = fopen(path, "rb"))) {
		rc = input_fail(e, EXIT_IOERR, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!fstat(fileno(f), &sb) && S_ISDIR(sb.st_mode)) {
		rc = input_fail(e, EXIT_IOERR, "cannot read '%s': %s", path, strerror(EISDIR));
		goto out;
	}
	for (;;) {
		if (len == alloc) {
			alloc = alloc ? 2 * alloc : 65536;
			if (alloc > cap + 1)
				alloc = cap + 1;
			buf = xrealloc(buf, alloc + 1);
		}
		got = fread(buf + len, 1, alloc - len, f);
		len += got;
		if (len > cap) {
			rc = input_fail(e, EXIT_DATAERR, "'%s' is larger than %zu MiB: not a notice",
					path, cap >> 20);
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = input_fail(e, EXIT_IOERR, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	buf = buf ? buf : xmalloc(1);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
out:
	if (f && !is_stdin)
		fclose(f);
	free(buf);
	return rc;
}

/*
 * Finds and loads the units directory: --units, $TRACKER_UNITS,
 * ./sample-data/units.json, then TRACKER_DATADIR/units.json; none found is
 * not an error (names are then kept as written).  Returns 0 or an exit code.
 */
int load_units(struct global *g)
{
	const char *path = g->units_path, *env = getenv("TRACKER_UNITS");
	struct notice_err perr;
	struct input_err e;
	char *buf = NULL;
	size_t len;
	int rc = 0;

	if (g->units_loaded)
		return 0;
	g->units_loaded = 1;
	if (!path && env && *env)
		path = env;
	if (!path && !access("sample-data/units.json", R_OK))
		path = "sample-data/units.json";
	if (!path && !access(TRACKER_DATADIR "/units.json", R_OK))
		path = TRACKER_DATADIR "/units.json";
	if (!path)
		return 0;
	if ((rc = read_file(path, MAX_UNITS_BYTES, &buf, &len, &e))) {
		errorf("%s", e.msg);
		goto out;
	}
	memset(&perr, 0, sizeof(perr));
	if (unitdir_load(buf, len, &g->units, &perr) < 0) {
		if (perr.line > 0)
			errorf("%s:%d:%d: %s", path, perr.line, perr.col, perr.msg);
		else
			errorf("%s: %s", path, perr.msg);
		rc = EXIT_DATAERR;
	}
out:
	free(buf);
	return rc;
}

/* --db, else $TRACKER_DB, else ./tracker.db. */
const char *db_path_of(const struct global *g)
{
	const char *env = getenv("TRACKER_DB");

	if (g->db_path)
		return g->db_path;
	return env && *env ? env : "tracker.db";
}

int open_store(struct global *g, struct store **s)
{
	struct store_err err;

	if (store_open(db_path_of(g), s, &err))
		return store_fail(&err);
	return 0;
}

/* Brings the store's units in line with the directory, when one was
 * loaded.  Returns 0 or an exit code (after printing). */
int store_sync_units_if_needed(struct global *g, struct store *s)
{
	struct store_err err;

	if (g->units && store_sync_units(s, g->units, &err))
		return store_fail(&err);
	return 0;
}

/* The --encoding value, checked; 0 or EXIT_USAGE after saying why. */
int encoding_opt(const char *cmd, const char *name)
{
	if (name && textin_encoding_parse(name) < 0) {
		errorf("%s: unknown encoding '%s' (use tcvn3, cp1258 or utf-8)", cmd, name);
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * Reads one notice file in any format textin reads (.docx, PDF, UTF-8 or
 * legacy Vietnamese text, told apart by content) and parses it.  Returns
 * 0, or an exit code with *e saying "FILE:LINE:COL: message" (the position
 * of bad bytes or the parser's) or "FILE: message".
 */
int parse_file(struct global *g, const char *path, struct notice **n,
		      struct input_err *e)
{
	struct textin_opts topts = {0};
	struct textin_err terr;
	struct notice_err perr;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *buf = NULL, *text = NULL;
	size_t len, text_len;
	int rc;

	*n = NULL;
	if ((rc = read_file(path, MAX_NOTICE_BYTES, &buf, &len, e)))
		goto out;
	if (g->encoding)
		topts.encoding = (enum textin_encoding)textin_encoding_parse(g->encoding);
	if ((rc = textin_convert(buf, len, &topts, &text, &text_len, NULL, &terr))) {
		rc = terr.code == TEXTIN_ETOOL || terr.code == TEXTIN_EINVAL ? EXIT_SOFTWARE
		     : EXIT_DATAERR;
		if (terr.line > 0)
			input_fail(e, rc, "%s:%d:%d: %s", name, terr.line, terr.col, terr.msg);
		else
			input_fail(e, rc, "%s: %s", name, terr.msg);
		goto out;
	}
	if (g->text_only) {
		fwrite(text, 1, text_len, stdout);
		goto out;
	}
	memset(&perr, 0, sizeof(perr));
	if (notice_parse(text, text_len, g->units, n, &perr) < 0) {
		if (perr.line > 0)
			rc = input_fail(e, EXIT_DATAERR, "%s:%d:%d: %s", path, perr.line,
					perr.col, perr.msg);
		else
			rc = input_fail(e, EXIT_DATAERR, "%s: %s", path, perr.msg);
	}
out:
	free(buf);
	free(text);
	return rc;
}

/* --today, or today in Vietnam. */
int today_opt(const char *cmd, const char *s, struct ymd *today)
{
	if (!s) {
		*today = status_today(time(NULL));
		return 0;
	}
	if (status_parse_date(s, today)) {
		errorf("%s: --today '%s' is not a date YYYY-MM-DD", cmd, s);
		return EXIT_USAGE;
	}
	return 0;
}

void print_item_line(const struct store_item *it)
{
	char dl[11], flags[160];

	ymd_format(it->state.last_day, dl);
	snprintf(flags, sizeof(flags), "%s%s%s%s%s", status_label(it->state.status),
		 it->state.awaiting ? ", chờ xác nhận" : "",
		 it->state.due_soon ? ", sắp đến hạn" : "",
		 it->state.long_overdue ? ", quá hạn dài ngày" : "",
		 it->state.extended ? ", đã gia hạn" : "");
	{
		char id[24], task[24];
		snprintf(id, sizeof(id), "%lld", it->id);
		snprintf(task, sizeof(task), "%lld", it->task_id);
		put_col(id, 6);
		put_col(task, 6);
		put_col(it->unit ? it->unit : "-", 28);
		put_col(dl[0] ? dl : "-", 10);
		printf("%s\n", flags);
	}
}

/* ---- Mail options shared by remind and report ------------------------------ */

/*
 * Fills the sender, links and delivery from options, the environment
 * (TRACKER_SMTP_URL, TRACKER_BASE_URL, TRACKER_MAIL_FROM) and the
 * directory's office.  Returns 0 or an exit code.
 */

int mail_setup(struct global *g, struct store *s, const struct mail_opts *mo,
		      struct ymd today, struct outmail_conf *mc, struct deliver_conf *dc,
		      char **office_email, char **office_name)
{
	const char *env;
	struct store_err err;
	long long office_id = 0;

	memset(mc, 0, sizeof(*mc));
	memset(dc, 0, sizeof(*dc));
	*office_email = *office_name = NULL;
	mc->today = today;
	mc->now = time(NULL);
	mc->base_url = mo->base_url ? mo->base_url
		: (env = getenv("TRACKER_BASE_URL")) && *env ? env : "http://127.0.0.1:8080";
	mc->office = g->units ? unitdir_office(g->units) : NULL;
	if (mc->office && !store_unit_id(s, mc->office, &office_id, &err) &&
	    store_unit_email(s, office_id, office_email, office_name, &err)) {
		errorf("%s", err.msg);
		return EXIT_SOFTWARE;
	}
	mc->from_addr = mo->from ? mo->from
		: (env = getenv("TRACKER_MAIL_FROM")) && *env ? env
		: *office_email ? *office_email : "tracker@localhost";
	mc->from_name = *office_name ? *office_name : "Hệ thống theo dõi nhiệm vụ";
	dc->smtp_url = mo->smtp ? mo->smtp
		: (env = getenv("TRACKER_SMTP_URL")) && *env ? env : NULL;
	dc->require_tls = mo->starttls;
	dc->outbox = mo->outbox;
	if (mo->smtp && mo->outbox) {
		errorf("--smtp and --outbox exclude each other");
		return EXIT_USAGE;
	}
	return 0;
}

void print_delivery(const char *cmd, const struct deliver_stats *d,
			   const struct deliver_conf *dc)
{
	size_t i;

	printf("%s: %ld mail(s) delivered %s%s, %ld failed (retried next run)\n", cmd,
	       d->sent, dc->smtp_url ? "to " : "into ",
	       dc->smtp_url ? dc->smtp_url : dc->outbox ? dc->outbox : "outbox", d->failed);
	for (i = 0; i < d->errors.n; i++)
		errorf("%s: %s", cmd, d->errors.v[i]);
}

/* Worse outcomes win: an internal error over an I/O error over bad input. */
int worse(int a, int b)
{
	static const int rank[] = {EXIT_OK, EXIT_DATAERR, EXIT_IOERR, EXIT_USAGE, EXIT_SOFTWARE};
	int ra = 0, rb = 0, i;

	for (i = 0; i < 5; i++) {
		if (rank[i] == a)
			ra = i;
		if (rank[i] == b)
			rb = i;
	}
	return ra >= rb ? a : b;
}
