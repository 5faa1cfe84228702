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
#include "tracker/core/msg.h"
#include "tracker/json/notice_json.h"
#include "tracker/textin/textin.h"
#include "tracker/store/units.h"
#include "tracker/wording.h"
#include "tracker/dirmail.h"
#include "tracker/mail/mail.h"
#include "tracker/core/secret.h"
#include "tracker/core/id.h"
#include "tracker/core/utf8.h"

/* ---- Small helpers ---------------------------------------------------- */

void cli_errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("tracker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Maps a store error to the command's exit code and reports it. */
int cli_store_fail(const struct err *err)
{
	struct sbuf sb;

	/* The clerk reads the message table's words; the detail follows for
	 * whoever looks after the installation. */
	sbuf_init(&sb, 0);
	msg_of_err(&sb, err);
	cli_errorf("%s (%s)", sb.buf, err->msg);
	sbuf_release(&sb);
	switch (err->code) {
	case ERR_IO:
		return EXIT_IOERR;
	case ERR_NOTFOUND:
	case ERR_INVAL:
	case ERR_BADSTATE:
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
void cli_put_col(const char *s, size_t width)
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

int cli_id(const char *cmd, const char *what, const char *s, long long *out)
{
	enum id_err e = id_parse(s, out);

	if (e == ID_OK)
		return 0;
	cli_errorf("%s: %s '%s' không hợp lệ: %s", cmd, what, s, id_err_text(e));
	return EXIT_USAGE;
}

void cli_print_json(cJSON **root)
{
	char *s = json_render_free(root, 1);

	puts(s);
	cJSON_free(s);
}

/* Prints the last column of a row: cut like cli_put_col(), not padded. */
void cli_put_last(const char *s, size_t width)
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
int cli_parse_opts(struct cli_global *g, const char *cmd, int argc, char **argv,
		   const struct cli_opt *defs, char **pos, int *npos, int *help)
{
	const char *db = NULL, *units = NULL;
	const struct cli_opt global[] = {
		{"--db", 1, &db, NULL},
		{"--units", 1, &units, NULL},
		{NULL, 0, NULL, NULL},
	};
	const struct cli_opt *d;
	int i, only_pos = 0;

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
		for (d = defs; d->name; d++)
			if (strlen(d->name) == nl && !strncmp(d->name, a, nl))
				break;
		if (!d->name)
			for (d = global; d->name; d++)
				if (strlen(d->name) == nl && !strncmp(d->name, a, nl))
					break;
		if (!d->name) {
			cli_errorf("%s: không có tùy chọn '%s' (xem 'tracker %s --help')", cmd, a, cmd);
			return EXIT_USAGE;
		}
		if (!d->has_arg) {
			if (eq) {
				cli_errorf("%s: tùy chọn '%s' không nhận giá trị", cmd, d->name);
				return EXIT_USAGE;
			}
			*d->flag = 1;
		} else if (eq) {
			*d->value = eq + 1;
		} else if (i + 1 < argc) {
			*d->value = argv[++i];
		} else {
			cli_errorf("%s: tùy chọn '%s' cần một giá trị", cmd, d->name);
			return EXIT_USAGE;
		}
	}
	if (db)
		g->db_path = db;
	if (units)
		g->units_path = units;
	return 0;
}

/* ---- Input -------------------------------------------------------------- */


/*
 * Reads a whole file ("-": stdin) of at most `cap` bytes into a new
 * NUL-terminated buffer (caller frees).  Returns 0, EXIT_IOERR when it
 * cannot be read, or EXIT_DATAERR when it is too big, with *e filled.
 */
static int read_file(const char *path, size_t cap, char **out, size_t *outlen,
		     struct err *e)
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
		err_set(e, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
		rc = EXIT_IOERR;
		goto out;
	}
	if (!fstat(fileno(f), &sb) && S_ISDIR(sb.st_mode)) {
		err_set(e, ERR_IO, "cannot read '%s': %s", path, strerror(EISDIR));
		rc = EXIT_IOERR;
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
			err_set(e, ERR_TOOBIG, "'%s' is larger than %zu MiB: not a notice",
				path, cap >> 20);
			rc = EXIT_DATAERR;
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		err_set(e, ERR_IO, "cannot read '%s': %s", path, strerror(errno));
		rc = EXIT_IOERR;
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

/* Records where the directory came from and the hash of its bytes. */
static void units_source_of(struct cli_global *g, const char *path, const char *buf,
			    size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[SECRET_SHA256_LEN];
	char *real = realpath(path, NULL);
	size_t i;

	snprintf(g->units_file, sizeof(g->units_file), "%s", real ? real : path);
	free(real);
	secret_sha256(buf, len, d);
	for (i = 0; i < SECRET_SHA256_LEN; i++) {
		g->units_sha256[2 * i] = hex[d[i] >> 4];
		g->units_sha256[2 * i + 1] = hex[d[i] & 15];
	}
	g->units_sha256[2 * i] = '\0';
}

/*
 * Finds and loads the units directory: --units, $TRACKER_UNITS,
 * ./sample-data/units.json, then TRACKER_DATADIR/units.json; none found is
 * not an error (names are then kept as written).  Returns 0 or an exit code.
 */
int cli_load_units(struct cli_global *g)
{
	const char *path = g->units_path, *env = getenv("TRACKER_UNITS");
	struct err perr;
	struct err e;
	char *buf = NULL;
	size_t len;
	int rc = 0;

	if (g->units_loaded)
		return 0;
	g->units_loaded = 1;
	if (!path && env && *env)
		path = env;
	/* The usual places serve `make run` and a fresh install; see cli_open_store(). */
	g->units_fallback = !path;
	if (!path && !access("sample-data/units.json", R_OK))
		path = "sample-data/units.json";
	if (!path && !access(TRACKER_DATADIR "/units.json", R_OK))
		path = TRACKER_DATADIR "/units.json";
	if (!path)
		return 0;
	if ((rc = read_file(path, MAX_UNITS_BYTES, &buf, &len, &e))) {
		cli_errorf("%s", e.msg);
		goto out;
	}
	{
		size_t bad;
		if (!utf8_check(buf, len, &bad)) {
			cli_errorf("%s: mã UTF-8 không hợp lệ ở byte %zu; danh bạ đơn vị phải ghi bằng UTF-8",
				   path, bad + 1);
			rc = EXIT_DATAERR;
			goto out;
		}
	}
	units_source_of(g, path, buf, len);
	memset(&perr, 0, sizeof(perr));
	if (unitdir_load(buf, len, &g->units, &perr) < 0) {
		if (perr.line > 0)
			cli_errorf("%s:%d:%d: %s", path, perr.line, perr.col, perr.msg);
		else
			cli_errorf("%s: %s", path, perr.msg);
		rc = EXIT_DATAERR;
	}
out:
	free(buf);
	return rc;
}

/* --db, else $TRACKER_DB, else ./tracker.db. */
const char *cli_db_path(const struct cli_global *g)
{
	const char *env = getenv("TRACKER_DB");

	if (g->db_path)
		return g->db_path;
	return env && *env ? env : "tracker.db";
}

/* Says why a fallback directory was not synced, naming both files. */
static int fallback_refused(struct cli_global *g, struct store *s)
{
	struct err err;
	char *last = NULL;

	store_units_source(s, &last, &err);
	cli_errorf("không ghi đè danh bạ đơn vị của cơ sở dữ liệu '%s' (lấy từ %s%s%s) bằng"
	       " tệp mặc định '%s', tệp chỉ dành cho `make run` trong cây mã nguồn:"
	       " hãy chỉ rõ tệp danh bạ bằng --units TỆP hoặc biến TRACKER_UNITS",
	       cli_db_path(g), last ? "tệp '" : "một tệp không được ghi nhận",
	       last ? last : "", last ? "'" : "", g->units_file);
	free(last);
	return EXIT_DATAERR;
}

int cli_open_store(struct cli_global *g, struct store **s)
{
	struct store_unit_source src;
	struct err err;

	if (store_open(cli_db_path(g), s, &err))
		return cli_store_fail(&err);
	if (!g->units)
		return 0;
	src.path = g->units_file;
	src.sha256 = g->units_sha256;
	src.fallback = g->units_fallback;
	if (!store_sync_units_from(*s, g->units, &src, NULL, &err))
		return 0;
	if (err.code == ERR_CONFLICT)
		return fallback_refused(g, *s);
	return cli_store_fail(&err);
}

int cli_prepare(struct cli_global *g, struct store **s)
{
	unsigned needs = g->cmd ? g->cmd->needs : 0;
	int rc;

	if (!g->prepared) {
		g->prepared = 1;
		if (((needs & CLI_UNITS) || ((needs & CLI_UNITS_ASKED) && g->units_asked)) &&
		    (rc = cli_load_units(g)))
			return rc;
		if ((needs & CLI_STORE) && (rc = cli_open_store(g, &g->store)))
			return rc;
	}
	if (s)
		*s = g->store;
	return 0;
}

/* The --encoding value, checked; 0 or EXIT_USAGE after saying why. */
int cli_encoding_opt(const char *cmd, const char *name)
{
	if (name && textin_encoding_parse(name) < 0) {
		cli_errorf("%s: không rõ bảng mã '%s' (dùng tcvn3, cp1258 hoặc utf-8)", cmd, name);
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * What --text prints: the text as converted, or when the parser split
 * words run together, the text as the parser reads it (normalised, the
 * words apart), with each split named on stderr, so a clerk sees what was
 * read differently from what was written.
 */
static void print_parser_text(struct cli_global *g, const char *name, const char *text,
			      size_t text_len)
{
	struct notice *n = NULL;
	struct err perr;
	size_t i;

	if (notice_parse(text, text_len, g->units, &n, &perr) < 0 || !n->n_splits) {
		fwrite(text, 1, text_len, stdout);
		notice_free(&n);
		return;
	}
	fputs(n->text, stdout);
	fflush(stdout);
	for (i = 0; i < n->n_splits; i++)
		fprintf(stderr, "%s:%d: '%s' read as '%s' (words run together)\n", name,
			n->splits[i].line, n->splits[i].from, n->splits[i].to);
	notice_free(&n);
}

/*
 * Reads one notice file in any format textin reads (.docx, PDF, UTF-8 or
 * legacy Vietnamese text, told apart by content) and parses it.  Returns
 * 0, or an exit code with *e saying "FILE:LINE:COL: message" (the position
 * of bad bytes or the parser's) or "FILE: message".
 */
int cli_parse_file(struct cli_global *g, const char *path, struct notice **n,
		   struct err *e)
{
	struct textin_opts topts = {0};
	struct err terr;
	struct err perr;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *buf = NULL, *text = NULL;
	size_t len, text_len;
	int rc;

	*n = NULL;
	if ((rc = read_file(path, MAX_NOTICE_BYTES, &buf, &len, e)))
		goto out;
	if (g->encoding)
		topts.encoding = (enum textin_encoding)textin_encoding_parse(g->encoding);
	if (g->documents_only && textin_not_document(buf, len)) {
		struct sbuf sb;
		const char *kind = textin_not_document(buf, len);
		sbuf_init(&sb, 0);
		msg_format(&sb, !strcmp(kind, "image") ? "not_image" : "not_markup", NULL);
		err_key(e, ERR_UNSUPPORTED, !strcmp(kind, "image") ? "not_image" : "not_markup", NULL,
			"%s: %s", name, sb.buf);
		sbuf_release(&sb);
		rc = EXIT_DATAERR;
		goto out;
	}
	if ((rc = textin_convert(buf, len, &topts, &text, &text_len, NULL, &terr))) {
		rc = terr.code == ERR_TOOL || terr.code == ERR_INVAL ? EXIT_SOFTWARE
		     : EXIT_DATAERR;
		if (terr.line > 0)
			err_at(e, terr.code, terr.line, terr.col, "%s:%d:%d: %s", name,
			       terr.line, terr.col, terr.msg);
		else
			err_set(e, terr.code, "%s: %s", name, terr.msg);
		goto out;
	}
	if (g->text_only) {
		print_parser_text(g, name, text, text_len);
		goto out;
	}
	memset(&perr, 0, sizeof(perr));
	if (notice_parse(text, text_len, g->units, n, &perr) < 0) {
		if (perr.line > 0)
			err_at(e, perr.code, perr.line, perr.col, "%s:%d:%d: %s", path,
			       perr.line, perr.col, perr.msg);
		else
			err_set(e, perr.code, "%s: %s", path, perr.msg);
		rc = EXIT_DATAERR;
	}
out:
	free(buf);
	free(text);
	return rc;
}

/* --today, or today in Vietnam. */
int cli_today_opt(const char *cmd, const char *s, struct ymd *today)
{
	if (!s) {
		*today = status_today(time(NULL));
		return 0;
	}
	if (status_parse_date(s, today)) {
		cli_errorf("%s: --today '%s' không phải ngày dạng YYYY-MM-DD", cmd, s);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_print_item(const struct store_item *it)
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
		cli_put_col(id, 6);
		cli_put_col(task, 6);
		cli_put_col(it->unit ? it->unit : "-", 28);
		cli_put_col(dl[0] ? dl : "-", 10);
		printf("%s\n", flags);
	}
}

/* ---- Mail options shared by remind and report ------------------------------ */

/*
 * Fills the sender, links and delivery from options, the environment
 * (TRACKER_SMTP_URL, TRACKER_BASE_URL, TRACKER_MAIL_FROM) and the
 * directory's office.  Returns 0 or an exit code.
 */

int cli_mail_setup(struct cli_global *g, struct store *s, const struct cli_mail_opts *mo,
		      struct ymd today, struct outmail_conf *mc, struct deliver_conf *dc,
		      char **office_email, char **office_name)
{
	const char *env;
	struct err err;
	long long office_id = 0;

	memset(mc, 0, sizeof(*mc));
	memset(dc, 0, sizeof(*dc));
	*office_email = *office_name = NULL;
	mc->today = today;
	mc->now = time(NULL);
	mc->base_url = mo->base_url ? mo->base_url
		: (env = getenv("TRACKER_BASE_URL")) && *env ? env : TRACKER_BASE_URL_DEFAULT;
	mc->office = g->units ? unitdir_office(g->units) : NULL;
	if (mc->office && !store_unit_id(s, mc->office, &office_id, &err) &&
	    store_unit_email(s, office_id, office_email, office_name, &err)) {
		cli_errorf("%s", err.msg);
		return EXIT_SOFTWARE;
	}
	/* An office address no mail can carry is not the sender either: the
	 * mails to every other unit still go (dirmail.h reports it). */
	mc->from_addr = mo->from ? mo->from
		: (env = getenv("TRACKER_MAIL_FROM")) && *env ? env
		: *office_email && !mail_check_address(*office_email, &err) ? *office_email
		: "tracker@localhost";
	mc->from_name = *office_name ? *office_name : "Hệ thống theo dõi nhiệm vụ";
	dc->smtp_url = mo->smtp ? mo->smtp
		: (env = getenv("TRACKER_SMTP_URL")) && *env ? env : NULL;
	dc->require_tls = mo->starttls;
	dc->outbox = mo->outbox;
	if (mo->smtp && mo->outbox) {
		cli_errorf("chỉ dùng một trong --smtp và --outbox");
		return EXIT_USAGE;
	}
	return 0;
}

void cli_print_dirmail(const char *cmd, const struct dirmail_problems *p, long held)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		cli_errorf("%s: không gửi thư cho '%s': địa chỉ \"%s\" trong danh bạ đơn vị"
			   " không dùng được (%s)", cmd, p->v[i].unit, p->v[i].email, p->v[i].why);
	if (p->n && held > 0)
		cli_errorf("%s: %ld nhắc việc chờ gửi đến khi địa chỉ được sửa", cmd, held);
}

void cli_print_delivery(const char *cmd, const struct deliver_stats *d,
			   const struct deliver_conf *dc)
{
	size_t i;

	printf("%s: %ld mail(s) delivered %s%s, %ld failed (retried next run)\n", cmd,
	       d->sent, dc->smtp_url ? "to " : "into ",
	       dc->smtp_url ? dc->smtp_url : dc->outbox ? dc->outbox : "outbox", d->failed);
	for (i = 0; i < d->errors.n; i++)
		cli_errorf("%s: %s", cmd, d->errors.v[i]);
}

/* Worse outcomes win: an internal error over an I/O error over bad input. */
int cli_worse(int a, int b)
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
