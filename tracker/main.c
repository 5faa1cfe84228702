/*
 * main.c - the `tracker` command: parse notices, import them into the
 * store, list and show tasks, and show the units directory.
 *
 * The only file that prints and the only one that knows all of notices/,
 * tracker/ and (later) web/.  Exit codes follow sysexits(3): 64 usage, 65
 * bad input, 70 internal error, 74 I/O error.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cJSON.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tracker/deliver.h"
#include "tracker/feed.h"
#include "tracker/mail.h"
#include "tracker/notice_json.h"
#include "tracker/remind.h"
#include "tracker/report.h"
#include "tracker/status.h"
#include "tracker/store.h"
#include "tracker/store_json.h"
#include "tracker/schedule.h"
#include "tracker/secret.h"
#include "web/web.h"
#include "tracker/textin.h"

#define TRACKER_VERSION "0.1.0"
#ifndef TRACKER_DATADIR
#define TRACKER_DATADIR "/usr/local/share/tracker"
#endif

enum {
	EXIT_OK = 0,
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_SOFTWARE = 70,
	EXIT_IOERR = 74
};

/* Notices are a few pages; anything bigger is not one. */
#define MAX_NOTICE_BYTES ((size_t)64 << 20)
#define MAX_UNITS_BYTES ((size_t)16 << 20)

/* State shared by all commands: global options and what they load. */
struct global {
	const char *db_path;    /* --db, or NULL for $TRACKER_DB / ./tracker.db */
	const char *units_path; /* --units, or NULL to look in the usual places */
	struct unitdir *units;  /* loaded by load_units(); may stay NULL */
	int units_loaded;
	struct ymd today;       /* import --today: the horizon of recurring work */
	const char *encoding;   /* --encoding for plain-text notices, or NULL */
	int text_only;          /* parse --text: print the converted text instead */
};

/* ---- Small helpers ---------------------------------------------------- */

static void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("tracker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Maps a store error to the command's exit code and reports it. */
static int store_fail(const struct store_err *err)
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
static void put_col(const char *s, size_t width)
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

static int parse_id(const char *s, long long *out)
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

static void print_json(cJSON **root)
{
	char *s = json_render_free(root, 1);

	puts(s);
	cJSON_free(s);
}

/* Prints the last column of a row: cut like put_col(), not padded. */
static void put_last(const char *s, size_t width)
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

static int today_opt(const char *cmd, const char *s, struct ymd *today);
static void print_item_line(const struct store_item *it);

/* ---- Options ------------------------------------------------------------ */

struct optdef {
	const char *name;    /* "--json" */
	int has_arg;
	const char **value;  /* where the argument goes (has_arg) */
	int *flag;           /* set to 1 when present (!has_arg) */
};

/*
 * Splits argv (after the command name) into options from `defs` and
 * positional arguments, which are stored in pos[] (sized argc).  "--"
 * ends options; "-" alone is positional (stdin).  "--help"/"-h" sets *help.
 * Returns 0, or EXIT_USAGE after printing what is wrong.
 */
static int parse_opts(const char *cmd, int argc, char **argv,
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

/* What went wrong with one input file, for the caller to print. */
struct input_err {
	char msg[600];
};

static int input_fail(struct input_err *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int input_fail(struct input_err *e, int rc, const char *fmt, ...)
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
static int load_units(struct global *g)
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
static const char *db_path_of(const struct global *g)
{
	const char *env = getenv("TRACKER_DB");

	if (g->db_path)
		return g->db_path;
	return env && *env ? env : "tracker.db";
}

static int open_store(struct global *g, struct store **s)
{
	struct store_err err;

	if (store_open(db_path_of(g), s, &err))
		return store_fail(&err);
	return 0;
}

/* Brings the store's units in line with the directory, when one was
 * loaded.  Returns 0 or an exit code (after printing). */
static int store_sync_units_if_needed(struct global *g, struct store *s)
{
	struct store_err err;

	if (g->units && store_sync_units(s, g->units, &err))
		return store_fail(&err);
	return 0;
}

/* The --encoding value, checked; 0 or EXIT_USAGE after saying why. */
static int encoding_opt(const char *cmd, const char *name)
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
static int parse_file(struct global *g, const char *path, struct notice **n,
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

/* ---- parse -------------------------------------------------------------- */

static const char parse_usage[] =
	"usage: tracker parse [--json | --text] [--units FILE] [--encoding ENC] FILE\n"
	"\n"
	"Prints the metadata and the tasks found in a notice (FILE '-' reads\n"
	"stdin): a table, or with --json the JSON of the parser's contract.\n"
	"FILE may be a Word .docx, a PDF with a text layer, or text in UTF-8,\n"
	"TCVN3 (.VnTime) or Windows-1258, told apart by content; --encoding\n"
	"tcvn3|cp1258|utf-8 says which a text file is instead of recognising it.\n"
	"--text prints the text read from FILE, as the parser gets it.\n"
	"Never reads or writes the database.\n";

static void print_notice_table(const struct notice *n)
{
	char date[11];
	size_t i, j;

	ymd_format(n->date, date);
	printf("Number:  %s\n", n->number ? n->number : "-");
	printf("Type:    %s\n", n->type ? n->type : "-");
	printf("Issuer:  %s\n", n->issuer ? n->issuer : "-");
	if (n->date.d > 0)
		printf("Date:    %s%s%s\n", n->place ? n->place : "", n->place ? ", " : "", date);
	else if (n->date.y > 0)
		printf("Date:    %s%s%04d-%02d (day left blank)\n", n->place ? n->place : "",
		       n->place ? ", " : "", n->date.y, n->date.m);
	else
		printf("Date:    %s\n", n->place ? n->place : "-");
	printf("Title:   %s\n", n->title ? n->title : "-");
	printf("Signer:  %s\n", n->signer ? n->signer : "-");
	if (n->meeting_date.y > 0 || n->presider) {
		ymd_format(n->meeting_date, date);
		printf("Meeting: %s%s%s\n", date, n->presider ? ", presided by " : "",
		       n->presider ? n->presider : "");
	}
	printf("\n%zu task%s\n", n->n_tasks, n->n_tasks == 1 ? "" : "s");
	if (!n->n_tasks)
		return;
	put_col("REF", 10);
	put_col("LINE", 5);
	put_col("DUE", 10);
	put_col("KIND", 6);
	put_col("LEAD", 30);
	fputs("SUPPORT\n", stdout);
	for (i = 0; i < n->n_tasks; i++) {
		const struct notice_task *t = &n->tasks[i];
		struct sbuf sb;
		char line[16];

		sbuf_init(&sb, 0);
		snprintf(line, sizeof(line), "%d", t->line);
		ymd_format(t->due, date);
		put_col(t->ref, 10);
		put_col(line, 5);
		put_col(date[0] ? date : "-", 10);
		put_col(t->due.y ? due_kind_name(t->due_kind) : "-", 6);
		for (j = 0; j < t->n_owners; j++)
			sbuf_addf(&sb, "%s%s", j ? "; " : "", t->owners[j]);
		put_col(sb.len ? sb.buf : "-", 30);
		sbuf_reset(&sb);
		for (j = 0; j < t->n_co_owners; j++)
			sbuf_addf(&sb, "%s%s", j ? "; " : "", t->co_owners[j]);
		printf("%s\n", sb.len ? sb.buf : "-");
		if (t->freq != REC_NONE)
			printf("           recurs %s%s%s\n", rec_freq_name(t->freq),
			       t->rrule ? " " : "", t->rrule ? t->rrule : "");
		fputs("           ", stdout);
		put_last(t->text, 100);
		sbuf_release(&sb);
	}
}

static int cmd_parse(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct notice *n = NULL;
	struct input_err e;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{"--encoding", 1, &g->encoding, NULL},
		{"--text", 0, NULL, &g->text_only},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = parse_opts("parse", argc, argv, defs, pos, &npos, &help)) ||
	    (rc = encoding_opt("parse", g->encoding)))
		goto out;
	if (help) {
		fputs(parse_usage, stdout);
		goto out;
	}
	if (npos != 1) {
		errorf("parse: expected one FILE\n%s", parse_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = load_units(g)))
		goto out;
	if ((rc = parse_file(g, pos[0], &n, &e))) {
		errorf("%s", e.msg);
		goto out;
	}
	if (g->text_only) {
		/* parse_file() printed the text. */
	} else if (json) {
		cJSON *root = notice_json(n);
		print_json(&root);
	} else {
		print_notice_table(n);
	}
out:
	notice_free(&n);
	free(pos);
	return rc;
}

/* ---- import ------------------------------------------------------------- */

static const char import_usage[] =
	"usage: tracker import [--replace ID] [--encoding ENC] [--json] FILE...|DIR\n"
	"\n"
	"Stores notices in the database, one transaction per notice.  A FILE may\n"
	"be a .docx, a PDF or text (UTF-8, TCVN3, Windows-1258), told apart by\n"
	"content (see 'tracker parse --help' for --encoding).  A DIR imports, in\n"
	"name order, its *.txt files and the files whose content is a .docx or a\n"
	"PDF, whatever their names.  Importing the same text again\n"
	"changes nothing.  A notice with the number, date and issuer of a stored\n"
	"one is a corrected version: it updates that notice, keeps the history of\n"
	"its tasks, and says what changed.  --replace ID makes the (single) FILE\n"
	"a corrected version of notice ID, for notices without a number.\n"
	"A file that fails is reported and stores nothing; the others go on.\n";

/* Files named on the command line, with directories expanded to notices. */
static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Whether a file in a directory is a notice to import: a *.txt (text has no
 * signature to tell it by), or a regular file whose first bytes say .docx
 * or PDF, whatever its name.  Hidden files are not.
 */
static int is_notice_file(const char *dir, const char *name)
{
	size_t n = strlen(name), got;
	unsigned char head[1024];
	char *path;
	struct stat sb;
	FILE *f;
	enum textin_format fmt;

	if (name[0] == '.')
		return 0;
	if (n > 4 && !strcmp(name + n - 4, ".txt"))
		return 1;
	path = xasprintf("%s/%s", dir, name);
	f = !stat(path, &sb) && S_ISREG(sb.st_mode) ? fopen(path, "rb") : NULL;
	free(path);
	if (!f)
		return 0;
	got = fread(head, 1, sizeof(head), f);
	fclose(f);
	fmt = textin_sniff(head, got);
	return fmt == TEXTIN_DOCX || fmt == TEXTIN_PDF;
}

static int expand_dir(const char *dir, struct strlist *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strlist names = {0};
	size_t i, dl = strlen(dir);

	if (!d) {
		errorf("cannot open directory '%s': %s", dir, strerror(errno));
		return EXIT_IOERR;
	}
	while ((e = readdir(d)))
		if (is_notice_file(dir, e->d_name))
			strlist_add(&names, e->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), str_cmp);
	for (i = 0; i < names.n; i++) {
		char *p = xasprintf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
				    names.v[i]);
		strlist_add(files, p);
		free(p);
	}
	strlist_release(&names);
	return 0;
}

static void print_import_summary(const char *file, const struct notice *n,
				 const struct store_import_result *r)
{
	unsigned bit;
	size_t i;

	switch (r->status) {
	case STORE_IMPORT_NEW:
		printf("new        %s: notice %lld (%s), %zu task%s, %zu assignment%s",
		       file, r->notice_id, n->number ? n->number : "no number", r->n_tasks,
		       r->n_tasks == 1 ? "" : "s", r->n_assignments,
		       r->n_assignments == 1 ? "" : "s");
		break;
	case STORE_IMPORT_UNCHANGED:
		printf("unchanged  %s: notice %lld version %d already has this text", file,
		       r->notice_id, r->version);
		break;
	case STORE_IMPORT_CORRECTED:
		printf("corrected  %s: notice %lld (%s) is now version %d:", file,
		       r->notice_id, n->number ? n->number : "no number", r->version);
		if (!r->n_changes && !r->meta_fields)
			fputs(" no task changed", stdout);
		for (i = 0; i < r->n_changes; i++) {
			const struct store_task_change *c = &r->changes[i];
			printf("%s task %lld (ref %s) %s", i ? ";" : "", c->task_id, c->ref,
			       store_change_kind_name(c->kind));
			if (c->fields) {
				const char *sep = " ";
				fputs(":", stdout);
				for (bit = 1; bit && bit <= c->fields; bit <<= 1) {
					if (c->fields & bit) {
						printf("%s%s", sep, store_task_field_name(bit));
						sep = ", ";
					}
				}
			}
		}
		if (r->meta_fields) {
			const char *sep = " ";
			printf("%s metadata changed:", r->n_changes ? ";" : "");
			for (bit = 1; bit && bit <= r->meta_fields; bit <<= 1) {
				if (r->meta_fields & bit) {
					printf("%s%s", sep, store_meta_field_name(bit));
					sep = ", ";
				}
			}
		}
		break;
	}
	if (r->unknown_units.n) {
		printf("; not in the directory:");
		for (i = 0; i < r->unknown_units.n; i++)
			printf("%s '%s'", i ? "," : "", r->unknown_units.v[i]);
	}
	putchar('\n');
}

/* Worse outcomes win: an internal error over an I/O error over bad input. */
static int worse(int a, int b)
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

/*
 * Imports one file: prints its summary line, or with `out` adds its JSON
 * there.  A failure is reported as "FAILED  FILE...: reason" on stderr.
 * Returns the file's exit code.  counts[]: new, unchanged, corrected, failed.
 */
static int import_one(struct global *g, struct store *s, const char *path,
		      long long replace_id, cJSON *out, int *counts)
{
	struct store_import_opts opts = {0};
	struct store_import_result res = {0};
	struct store_err err;
	struct input_err e;
	struct notice *n = NULL;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	int rc;

	if ((rc = parse_file(g, path, &n, &e)))
		goto out;
	opts.source_name = name;
	opts.units = g->units;
	opts.replace_id = replace_id;
	opts.today = g->today;
	if (store_import(s, n, &opts, &res, &err)) {
		rc = input_fail(&e, err.code == STORE_ENOTFOUND || err.code == STORE_EINVAL
				? EXIT_DATAERR : err.code == STORE_EIO ? EXIT_IOERR
				: EXIT_SOFTWARE, "%s: %s", name, err.msg);
		goto out;
	}
	counts[res.status]++;
	if (out)
		cJSON_AddItemToArray(out, store_import_result_json(&res, name));
	else
		print_import_summary(name, n, &res);
out:
	if (rc) {
		counts[3]++;
		fprintf(stderr, "FAILED     %s\n", e.msg);
		if (out) {
			cJSON *o = cJSON_CreateObject();
			json_add_str(o, "file", name);
			json_add_str(o, "status", "failed");
			json_add_str(o, "error", e.msg);
			cJSON_AddNumberToObject(o, "exit", rc);
			cJSON_AddItemToArray(out, o);
		}
	}
	store_import_result_release(&res);
	notice_free(&n);
	return rc;
}

static int cmd_import(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc, i;
	int counts[4] = {0, 0, 0, 0}; /* new, unchanged, corrected, failed */
	const char *replace = NULL, *today = NULL;
	long long replace_id = 0;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct strlist files = {0};
	struct store *s = NULL;
	struct store_err err;
	cJSON *out = NULL;
	size_t k;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--replace", 1, &replace, NULL},
		{"--today", 1, &today, NULL},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{"--encoding", 1, &g->encoding, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = parse_opts("import", argc, argv, defs, pos, &npos, &help)) ||
	    (rc = encoding_opt("import", g->encoding)))
		goto out;
	if (help) {
		fputs(import_usage, stdout);
		goto out;
	}
	if (!npos) {
		errorf("import: expected FILE... or DIR\n%s", import_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if (today && (rc = today_opt("import", today, &g->today)))
		goto out;
	if (replace && (parse_id(replace, &replace_id) || npos != 1)) {
		errorf("import: --replace takes a notice id and exactly one FILE");
		rc = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < npos; i++) {
		struct stat sb;
		if (strcmp(pos[i], "-") && !stat(pos[i], &sb) && S_ISDIR(sb.st_mode)) {
			if (replace) {
				errorf("import: --replace takes one FILE, not a directory");
				rc = EXIT_USAGE;
				goto out;
			}
			rc = worse(rc, expand_dir(pos[i], &files));
		} else {
			strlist_add(&files, pos[i]);
		}
	}
	if (rc)
		goto out;
	if ((rc = load_units(g)) || (rc = open_store(g, &s)))
		goto out;
	if (g->units && store_sync_units(s, g->units, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	out = json ? cJSON_CreateArray() : NULL;
	for (k = 0; k < files.n; k++)
		rc = worse(rc, import_one(g, s, files.v[k], replace_id, out, counts));
	if (out)
		print_json(&out);
	else
		printf("%zu file%s: %d new, %d unchanged, %d corrected, %d failed\n",
		       files.n, files.n == 1 ? "" : "s", counts[0], counts[1], counts[2],
		       counts[3]);
out:
	cJSON_Delete(out);
	store_close(&s);
	strlist_release(&files);
	free(pos);
	return rc;
}

/* ---- list --------------------------------------------------------------- */

static const char list_usage[] =
	"usage: tracker list [--unit U] [--status S] [--due-from D] [--due-to D]\n"
	"                    [--notice ID] [--today D] [--removed] [--json]\n"
	"       tracker list --items [--unit U] [--task T] [--status S] [--open] [--today D] [--json]\n"
	"\n"
	"Lists tasks.  --unit takes a unit or group name or alias (a group also\n"
	"lists the tasks assigned to its members through it).  --status is\n"
	"no_deadline, in_progress, overdue (or the Vietnamese labels) or due_soon.\n"
	"Dates are YYYY-MM-DD; --due-from/--due-to bound the written deadline;\n"
	"--today (default: today in Asia/Ho_Chi_Minh) is the date statuses are\n"
	"computed for.  --removed also lists tasks dropped by corrected versions.\n"
	"--items lists work items instead: one per lead unit of a task (and per\n"
	"period of a recurring one), each with its own status; their ids are what\n"
	"done, confirm, extend... take.  Item statuses add done_on_time and\n"
	"done_late; --status also takes awaiting and long_overdue.\n";

struct item_list {
	int json, status, soon, awaiting, long_overdue;
	cJSON *arr;
	long n;
};

static int list_item(const struct store_item *it, void *arg)
{
	struct item_list *l = arg;

	if ((l->status >= 0 && (int)it->state.status != l->status) ||
	    (l->soon && !it->state.due_soon) || (l->awaiting && !it->state.awaiting) ||
	    (l->long_overdue && !it->state.long_overdue))
		return 0;
	l->n++;
	if (l->json)
		cJSON_AddItemToArray(l->arr, store_item_json(it));
	else
		print_item_line(it);
	return 0;
}

/* list --items: work items through the store's scan (flat memory). */
static int list_items(struct store *s, const char *unit, const char *task,
		      const char *status, int open, struct ymd today, int json)
{
	struct store_item_filter f;
	struct item_list l;
	struct store_err err;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	l.json = json;
	l.status = -1;
	f.today = today;
	f.open_only = open;
	if (status) {
		enum task_status ts;
		if (!strcmp(status, "due_soon") || !strcmp(status, "sắp đến hạn"))
			l.soon = 1;
		else if (!strcmp(status, "awaiting") || !strcmp(status, "chờ xác nhận"))
			l.awaiting = 1;
		else if (!strcmp(status, "long_overdue") || !strcmp(status, "quá hạn dài ngày"))
			l.long_overdue = 1;
		else if (status_parse(status, &ts)) {
			errorf("list: unknown status '%s'", status);
			return EXIT_USAGE;
		} else
			l.status = (int)ts;
	}
	if (task && parse_id(task, &f.task_id)) {
		errorf("list: --task takes a task id");
		return EXIT_USAGE;
	}
	if (unit && store_unit_id(s, unit, &f.unit_id, &err))
		return store_fail(&err);
	if (json)
		l.arr = cJSON_CreateArray();
	else
		printf("%-6s %-6s %-28s %-10s %s\n", "ITEM", "TASK", "UNIT", "DEADLINE", "STATUS");
	if (store_scan_items(s, &f, list_item, &l, &err))
		rc = store_fail(&err);
	else if (json)
		print_json(&l.arr);
	cJSON_Delete(l.arr);
	return rc;
}

/* --today, or today in Vietnam. */
static int today_opt(const char *cmd, const char *s, struct ymd *today)
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

/*
 * The live lead units of a task, "; "-joined, into sb; units reached through
 * a group are shown once as the group, as the notice named them.
 */
static void lead_names(const struct store_task *t, struct sbuf *sb)
{
	size_t i, j;

	for (i = 0; i < t->n_assignments; i++) {
		const struct store_assignment *a = &t->assignments[i];
		int seen = 0;
		if (a->removed || !a->lead)
			continue;
		if (a->via_group) {
			for (j = 0; j < i && !seen; j++)
				seen = !t->assignments[j].removed && t->assignments[j].lead &&
				       t->assignments[j].via_group &&
				       !strcmp(t->assignments[j].via_group, a->via_group);
			if (!seen)
				sbuf_addf(sb, "%s%s", sb->len ? "; " : "", a->via_group);
			continue;
		}
		sbuf_addf(sb, "%s%s", sb->len ? "; " : "", a->unit);
	}
}

static void state_text(const struct store_task *t, char *buf, size_t size)
{
	if (t->removed_at)
		snprintf(buf, size, "removed");
	else if (t->state.status == TASK_OVERDUE)
		snprintf(buf, size, "%s %ld ngày", status_label(t->state.status),
			 -t->state.days_left);
	else if (t->state.due_soon)
		snprintf(buf, size, "sắp đến hạn, còn %ld ngày", t->state.days_left);
	else
		snprintf(buf, size, "%s", status_label(t->state.status));
}

static void print_task_rows(const struct store_task_list *l)
{
	size_t i;

	put_col("ID", 5);
	put_col("NOTICE", 14);
	put_col("REF", 9);
	put_col("DUE", 10);
	put_col("STATUS", 26);
	put_col("LEAD", 28);
	fputs("TEXT\n", stdout);
	for (i = 0; i < l->n; i++) {
		const struct store_task *t = &l->v[i];
		char id[24], due[11], st[96];
		struct sbuf sb;

		sbuf_init(&sb, 0);
		snprintf(id, sizeof(id), "%lld", t->id);
		ymd_format(t->due, due);
		state_text(t, st, sizeof(st));
		lead_names(t, &sb);
		put_col(id, 5);
		put_col(t->notice_number ? t->notice_number : "-", 14);
		put_col(t->ref, 9);
		put_col(due[0] ? due : "-", 10);
		put_col(st, 26);
		put_col(sb.len ? sb.buf : "-", 28);
		put_last(t->text, 70);
		sbuf_release(&sb);
	}
}

static int cmd_list(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, removed = 0, items = 0, open = 0, npos = 0, rc;
	const char *unit = NULL, *status = NULL, *from = NULL, *to = NULL, *task = NULL;
	const char *notice = NULL, *today = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store_task_filter f;
	struct store_task_list l = {0};
	struct store *s = NULL;
	struct store_err err;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--unit", 1, &unit, NULL},
		{"--status", 1, &status, NULL},
		{"--due-from", 1, &from, NULL},
		{"--due-to", 1, &to, NULL},
		{"--notice", 1, &notice, NULL},
		{"--today", 1, &today, NULL},
		{"--removed", 0, NULL, &removed},
		{"--items", 0, NULL, &items},
		{"--open", 0, NULL, &open},
		{"--task", 1, &task, NULL},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&f, 0, sizeof(f));
	f.status = -1;
	if ((rc = parse_opts("list", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(list_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos) {
		errorf("list: unexpected argument '%s'\n%s", pos[0], list_usage);
		goto out;
	}
	if (items) {
		if ((rc = today_opt("list", today, &f.today)) ||
		    (unit && (rc = load_units(g))) || (rc = open_store(g, &s)))
			goto out;
		if (unit && g->units && unitdir_canonical(g->units, unit))
			unit = unitdir_canonical(g->units, unit);
		rc = list_items(s, unit, task, status, open, f.today, json);
		goto out;
	}
	if (status) {
		enum task_status ts;
		if (!strcmp(status, "due_soon") || !strcmp(status, "due-soon") ||
		    !strcmp(status, "sắp đến hạn")) {
			f.due_soon = 1;
		} else if (status_parse(status, &ts)) {
			errorf("list: unknown status '%s' (no_deadline, in_progress, "
			       "overdue, due_soon)", status);
			goto out;
		} else {
			f.status = (int)ts;
		}
	}
	if ((from && status_parse_date(from, &f.due_from)) ||
	    (to && status_parse_date(to, &f.due_to))) {
		errorf("list: --due-from and --due-to take a date YYYY-MM-DD");
		goto out;
	}
	if (notice && parse_id(notice, &f.notice_id)) {
		errorf("list: --notice takes a notice id");
		goto out;
	}
	if ((rc = today_opt("list", today, &f.today)))
		goto out;
	f.include_removed = removed;
	/* The directory only serves to read --unit's spelling. */
	if ((unit && (rc = load_units(g))) || (rc = open_store(g, &s)))
		goto out;
	/* Accept any spelling the directory knows; the store matches exactly. */
	f.unit = unit && g->units && unitdir_canonical(g->units, unit)
			 ? unitdir_canonical(g->units, unit) : unit;
	if (store_list_tasks(s, &f, &l, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = cJSON_CreateArray();
		size_t i;
		for (i = 0; i < l.n; i++)
			cJSON_AddItemToArray(root, store_task_json(&l.v[i], 0));
		print_json(&root);
	} else {
		print_task_rows(&l);
	}
out:
	store_task_list_release(&l);
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- show --------------------------------------------------------------- */

static const char show_usage[] =
	"usage: tracker show [--json] [--today D] NOTICE_ID\n"
	"       tracker show [--json] [--today D] --task TASK_ID\n"
	"\n"
	"Shows a notice (metadata, tasks with their owners, deadlines and\n"
	"statuses, and its history of imports and corrections), or one task with\n"
	"its assignments and full history.\n";

static void print_events(const struct store_event *v, size_t n, const char *indent)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct store_event *e = &v[i];
		printf("%s%s  %-12s", indent, e->at ? e->at : "", e->kind ? e->kind : "");
		if (e->assignment_id)
			printf(" assignment %lld", e->assignment_id);
		if (e->actor)
			printf(" by %s", e->actor);
		if (e->note)
			printf(": %s", e->note);
		if (e->data)
			printf("  %s", e->data);
		putchar('\n');
	}
}

static void print_task_detail(const struct store_task *t, struct ymd today,
			      int history)
{
	char due[11], last[11], td[11], st[96];
	size_t i;

	ymd_format(t->due, due);
	ymd_format(t->state.last_day, last);
	ymd_format(today, td);
	state_text(t, st, sizeof(st));
	printf("Task %lld  (notice %lld %s, ref %s, line %d)%s\n", t->id, t->notice_id,
	       t->notice_number ? t->notice_number : "", t->ref, t->line,
	       t->removed_at ? "  REMOVED by a corrected version" : "");
	printf("  %s\n", t->text);
	if (due[0])
		printf("  Deadline: %s (%s; last allowed day %s)%s%s%s\n", due,
		       due_kind_name(t->due_kind) ? due_kind_name(t->due_kind) : "by",
		       last, t->due_text ? ", written \"" : "",
		       t->due_text ? t->due_text : "", t->due_text ? "\"" : "");
	else
		printf("  Deadline: none\n");
	if (t->freq != REC_NONE)
		printf("  Recurs:   %s%s%s\n", rec_freq_name(t->freq), t->rrule ? " " : "",
		       t->rrule ? t->rrule : "");
	printf("  Status:   %s (on %s)\n", st, td);
	for (i = 0; i < t->n_assignments; i++) {
		const struct store_assignment *a = &t->assignments[i];
		printf("  %-8s %s%s%s%s%s%s  [%s%s]\n", a->lead ? "lead" : "support",
		       a->unit, a->email ? " <" : "", a->email ? a->email : "",
		       a->email ? ">" : "", a->via_group ? "  via " : "",
		       a->via_group ? a->via_group : "", a->state ? a->state : "open",
		       a->removed ? ", removed" : "");
	}
	if (history) {
		printf("  History:\n");
		print_events(t->events, t->n_events, "    ");
	}
}

static int cmd_show(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc;
	const char *task = NULL, *today = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store *s = NULL;
	struct store_notice *n = NULL;
	struct store_task *t = NULL;
	struct store_err err;
	struct ymd td;
	long long id = 0;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--task", 1, &task, NULL},
		{"--today", 1, &today, NULL},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = parse_opts("show", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(show_usage, stdout);
		goto out;
	}
	if ((task && (npos || parse_id(task, &id))) ||
	    (!task && (npos != 1 || parse_id(pos[0], &id)))) {
		errorf("show: expected a NOTICE_ID or --task TASK_ID\n%s", show_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = today_opt("show", today, &td)) || (rc = open_store(g, &s)))
		goto out;
	if (task) {
		if (store_get_task(s, id, td, &t, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		if (json) {
			cJSON *root = store_task_json(t, 1);
			print_json(&root);
		} else {
			print_task_detail(t, td, 1);
		}
		goto out;
	}
	if (store_get_notice(s, id, td, &n, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = store_notice_json(n);
		print_json(&root);
	} else {
		char date[11];
		size_t i;
		ymd_format(n->date, date);
		printf("Notice %lld (version %d, from %s)\n", n->id, n->version,
		       n->source_name ? n->source_name : "-");
		printf("  Number:  %s\n", n->number ? n->number : "-");
		printf("  Type:    %s\n", n->type ? n->type : "-");
		printf("  Issuer:  %s\n", n->issuer ? n->issuer : "-");
		printf("  Date:    %s%s%s\n", n->place ? n->place : "", n->place ? ", " : "",
		       n->date.d > 0 ? date : "(day blank)");
		printf("  Title:   %s\n", n->title ? n->title : "-");
		printf("  Signer:  %s\n", n->signer ? n->signer : "-");
		printf("  Imported %s, updated %s\n\n", n->imported_at, n->updated_at);
		for (i = 0; i < n->tasks.n; i++) {
			print_task_detail(&n->tasks.v[i], td, 0);
			putchar('\n');
		}
		printf("History:\n");
		print_events(n->events, n->n_events, "  ");
	}
out:
	store_notice_free(&n);
	store_task_free(&t);
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- units -------------------------------------------------------------- */

static int cmd_units_token(struct global *g, int argc, char **argv);

static const char units_usage[] =
	"usage: tracker units [--json]\n"
	"       tracker units token (UNIT | --notice N) [--rotate | --revoke] [--base-url URL]\n"
	"\n"
	"Shows the units directory (names, aliases, e-mail, groups and their\n"
	"members) and the unit names met in imported notices that it does not\n"
	"know, with how often they were met.\n"
	"\n"
	"'units token' gives UNIT its private calendar feed and prints the feed's\n"
	"URL (--base-url, else $TRACKER_BASE_URL): the token in it is shown this\n"
	"once and stored hashed.  The office's unit gets the feed of everything;\n"
	"--notice N a feed of one notice's work.  --rotate replaces the token (the\n"
	"old URL then answers 410 Gone); --revoke ends it without a new one.\n";

static void print_units(const struct store_unit_list *l)
{
	size_t i, j;
	int header = 0;

	for (i = 0; i < l->n; i++) {
		const struct store_unit *u = &l->v[i];
		if (!u->in_directory) {
			if (!header++)
				printf("\nNot in the directory (met in notices):\n");
			printf("  %s  met %ld time%s, first in notice %lld\n", u->name,
			       u->unknown_count, u->unknown_count == 1 ? "" : "s",
			       u->first_seen_notice);
			continue;
		}
		printf("%s %s", u->is_group ? "group" : "unit ", u->name);
		if (u->email)
			printf(" <%s>", u->email);
		printf("  (%ld open assignment%s)\n", u->open_assignments,
		       u->open_assignments == 1 ? "" : "s");
		if (u->aliases.n) {
			printf("      aliases:");
			for (j = 0; j < u->aliases.n; j++)
				printf("%s %s", j ? ";" : "", u->aliases.v[j]);
			putchar('\n');
		}
		if (u->is_group) {
			printf("      members:");
			for (j = 0; j < u->members.n; j++)
				printf("%s %s", j ? ";" : "", u->members.v[j]);
			putchar('\n');
		}
	}
	if (!l->n)
		printf("no units: give a directory with --units FILE\n");
}

static int cmd_units(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store_unit_list l = {0};
	struct store *s = NULL;
	struct store_err err;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	if (argc && !strcmp(argv[0], "token")) {
		rc = cmd_units_token(g, argc - 1, argv + 1);
		goto out;
	}
	if ((rc = parse_opts("units", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(units_usage, stdout);
		goto out;
	}
	if (npos) {
		errorf("units: unexpected argument '%s'", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = load_units(g)) || (rc = open_store(g, &s)))
		goto out;
	/* Show the directory as it is now, not as the last import saw it. */
	if ((g->units && store_sync_units(s, g->units, &err)) ||
	    store_list_units(s, &l, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = cJSON_CreateObject();
		cJSON *units = cJSON_AddArrayToObject(root, "units");
		cJSON *groups = cJSON_AddArrayToObject(root, "groups");
		cJSON *unknown = cJSON_AddArrayToObject(root, "unknown");
		size_t i;
		for (i = 0; i < l.n; i++)
			cJSON_AddItemToArray(!l.v[i].in_directory ? unknown
					     : l.v[i].is_group ? groups : units,
					     store_unit_json(&l.v[i]));
		print_json(&root);
	} else {
		print_units(&l);
	}
out:
	store_unit_list_release(&l);
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- serve -------------------------------------------------------------- */

/* ---- Lifecycle actions ------------------------------------------------------ */

static const char act_usage[] =
	"usage: tracker ACTION (ITEM | --task T --unit U) [options]\n"
	"\n"
	"ACTION is one of:\n"
	"  progress  a unit reports progress (--note, optional --percent)\n"
	"  done      a unit reports completion (--on D, default today); the work\n"
	"            then awaits confirmation (chờ xác nhận)\n"
	"  confirm   the office confirms: done on the day the unit reported\n"
	"  reopen    the office returns reported or done work (--note why)\n"
	"  extend    a unit asks for a new deadline (--to D --note REASON)\n"
	"  approve   the office grants the extension waiting\n"
	"  refuse    the office refuses it (--note why)\n"
	"\n"
	"ITEM is a work item id ('tracker list --items'); or name the task and the\n"
	"lead unit.  --actor NAME goes into the history (default: the unit for\n"
	"progress/done/extend, 'office' otherwise).  --today D (YYYY-MM-DD)\n"
	"replaces today's date.  --json prints the item after the action.\n";

static void print_item_line(const struct store_item *it)
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

static int cmd_act(struct global *g, enum store_action action, int argc, char **argv)
{
	const char *name = store_action_name(action);
	int json = 0, help = 0, npos = 0, rc;
	const char *task = NULL, *unit = NULL, *note = NULL, *on = NULL, *to = NULL;
	const char *percent = NULL, *actor = NULL, *today = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store *s = NULL;
	struct store_err err;
	struct store_act a;
	struct store_item after;
	long long task_id = 0;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--task", 1, &task, NULL},
		{"--unit", 1, &unit, NULL},
		{"--note", 1, &note, NULL},
		{"--reason", 1, &note, NULL},
		{"--on", 1, &on, NULL},
		{"--to", 1, &to, NULL},
		{"--percent", 1, &percent, NULL},
		{"--actor", 1, &actor, NULL},
		{"--today", 1, &today, NULL},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	memset(&after, 0, sizeof(after));
	a.action = action;
	a.percent = -1;
	if ((rc = parse_opts(name, argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(act_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if ((npos == 1) == (task != NULL) || (task && !unit) || npos > 1) {
		errorf("%s: give a work item id, or --task and --unit\n%s", name, act_usage);
		goto out;
	}
	if ((npos && parse_id(pos[0], &a.item_id)) || (task && parse_id(task, &task_id))) {
		errorf("%s: '%s' is not an id", name, npos ? pos[0] : task);
		goto out;
	}
	if ((on && status_parse_date(on, &a.date)) || (to && status_parse_date(to, &a.date))) {
		errorf("%s: --on and --to take a date YYYY-MM-DD", name);
		goto out;
	}
	if (percent) {
		char *end;
		long p = strtol(percent, &end, 10);
		if (end == percent || *end || p < 0 || p > 100) {
			errorf("%s: --percent takes 0 to 100", name);
			goto out;
		}
		a.percent = (int)p;
	}
	if ((rc = today_opt(name, today, &a.today)))
		goto out;
	if ((unit && (rc = load_units(g))) || (rc = open_store(g, &s)))
		goto out;
	if (unit && g->units && unitdir_canonical(g->units, unit))
		unit = unitdir_canonical(g->units, unit);
	if (task && store_find_item(s, task_id, unit, action, &a.item_id, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	a.note = note;
	a.actor = actor;
	if (store_act(s, &a, &after, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *o = store_item_json(&after);
		print_json(&o);
	} else {
		print_item_line(&after);
	}
out:
	store_item_release(&after);
	store_close(&s);
	free(pos);
	return rc;
}

#define ACT_CMD(fn, act) \
	static int fn(struct global *g, int argc, char **argv) { return cmd_act(g, act, argc, argv); }
ACT_CMD(cmd_progress, STORE_ACT_PROGRESS)
ACT_CMD(cmd_done, STORE_ACT_DONE)
ACT_CMD(cmd_confirm, STORE_ACT_CONFIRM)
ACT_CMD(cmd_reopen, STORE_ACT_REOPEN)
ACT_CMD(cmd_extend, STORE_ACT_EXTEND)
ACT_CMD(cmd_approve, STORE_ACT_APPROVE)
ACT_CMD(cmd_refuse, STORE_ACT_REFUSE)

/* ---- Mail options shared by remind and report ------------------------------ */

struct mail_opts {
	const char *smtp, *outbox, *base_url, *from;
	int starttls;
};

/*
 * Fills the sender, links and delivery from options, the environment
 * (TRACKER_SMTP_URL, TRACKER_BASE_URL, TRACKER_MAIL_FROM) and the
 * directory's office.  Returns 0 or an exit code.
 */
/* The options of struct mail_opts, for a command's optdef table. */
#define MAIL_OPTDEFS(mo) \
	{"--smtp", 1, &(mo).smtp, NULL}, {"--starttls", 0, NULL, &(mo).starttls}, \
	{"--outbox", 1, &(mo).outbox, NULL}, {"--base-url", 1, &(mo).base_url, NULL}, \
	{"--from", 1, &(mo).from, NULL}

static int mail_setup(struct global *g, struct store *s, const struct mail_opts *mo,
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

static void print_delivery(const char *cmd, const struct deliver_stats *d,
			   const struct deliver_conf *dc)
{
	size_t i;

	printf("%s: %ld mail(s) delivered %s%s, %ld failed (retried next run)\n", cmd,
	       d->sent, dc->smtp_url ? "to " : "into ",
	       dc->smtp_url ? dc->smtp_url : dc->outbox ? dc->outbox : "outbox", d->failed);
	for (i = 0; i < d->errors.n; i++)
		errorf("%s: %s", cmd, d->errors.v[i]);
}

/* ---- remind ----------------------------------------------------------------- */

static const char remind_usage[] =
	"usage: tracker remind [--today D] [--dry-run] [--before 7,1] [--every 7]\n"
	"                      [--escalate-after 14] [--smtp URL [--starttls] | --outbox DIR]\n"
	"                      [--base-url URL] [--from ADDR] [--json]\n"
	"\n"
	"Decides the reminders due today and mails them: by default 7 days and 1 day\n"
	"before the last allowed day, on that day, then every 7 days while overdue,\n"
	"and an escalation to the office when overdue more than 14 days.  Each\n"
	"reminder is sent once, however often this runs (cron, a systemd timer).\n"
	"Mail goes to --smtp (or $TRACKER_SMTP_URL; credentials only from\n"
	"$TRACKER_SMTP_USER and $TRACKER_SMTP_PASSWORD), else into --outbox\n"
	"(default ./outbox) as .eml files.  Mails that failed are retried.\n";

static void print_pick(const struct store_item *it, const struct remind_pick *p, void *arg)
{
	char dl[11];

	(void)arg;
	ymd_format(it->state.last_day, dl);
	printf("%-9s %+4d  item %-6lld task %-6lld ", p->kind, p->slot, it->id, it->task_id);
	put_col(it->unit ? it->unit : "-", 28);
	printf("%s\n", dl);
}

static int parse_days(const char *cmd, const char *opt, const char *v, int min, int *out)
{
	char *end;
	long d;

	if (!v)
		return 0;
	d = strtol(v, &end, 10);
	if (end == v || *end || d < min || d > 3660) {
		errorf("%s: %s takes a number of days", cmd, opt);
		return EXIT_USAGE;
	}
	*out = (int)d;
	return 0;
}

static int cmd_remind(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, dry = 0, npos = 0, rc;
	const char *today = NULL, *before = NULL, *every = NULL, *esc = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char *office_email = NULL, *office_name = NULL;
	struct mail_opts mo;
	struct outmail_conf mc;
	struct deliver_conf dc;
	struct remind_opts o;
	struct remind_stats st;
	struct store *s = NULL;
	struct store_err err;
	struct ymd day;
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--today", 1, &today, NULL},
		{"--dry-run", 0, NULL, &dry},
		{"--before", 1, &before, NULL},
		{"--every", 1, &every, NULL},
		{"--escalate-after", 1, &esc, NULL},
		MAIL_OPTDEFS(mo),
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&mo, 0, sizeof(mo));
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	remind_rules_default(&o.rules);
	if ((rc = parse_opts("remind", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(remind_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos) {
		errorf("remind: unexpected argument '%s'\n%s", pos[0], remind_usage);
		goto out;
	}
	if (before && remind_rules_parse_before(&o.rules, before)) {
		errorf("remind: --before takes days like 7,1");
		goto out;
	}
	if ((rc = parse_days("remind", "--every", every, 0, &o.rules.overdue_every)) ||
	    (rc = parse_days("remind", "--escalate-after", esc, 0, &o.rules.escalate_after)) ||
	    (rc = today_opt("remind", today, &day)) || (rc = load_units(g)) ||
	    (rc = open_store(g, &s)) ||
	    (rc = mail_setup(g, s, &mo, day, &mc, &dc, &office_email, &office_name)))
		goto out;
	o.mail = &mc;
	o.deliver = &dc;
	o.dry_run = dry;
	if (!json) {
		o.on_pick = print_pick;
		o.arg = NULL;
	}
	if (mail_global_init()) {
		errorf("remind: cannot initialise libcurl");
		rc = EXIT_SOFTWARE;
		goto out;
	}
	rc = remind_run(s, &o, &st, &err);
	mail_global_cleanup();
	if (rc) {
		rc = store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddBoolToObject(r, "dry_run", dry);
		cJSON_AddNumberToObject(r, "scanned", (double)st.scanned);
		cJSON_AddNumberToObject(r, "decided", (double)st.decided);
		cJSON_AddNumberToObject(r, "escalations", (double)st.escalations);
		cJSON_AddNumberToObject(r, "materialized", (double)st.materialized);
		cJSON_AddNumberToObject(r, "mails", (double)st.mails);
		cJSON_AddNumberToObject(r, "no_address", (double)st.no_address);
		cJSON_AddNumberToObject(r, "sent", (double)st.delivery.sent);
		cJSON_AddNumberToObject(r, "failed", (double)st.delivery.failed);
		print_json(&r);
	} else {
		printf("remind: %s %ld reminder(s) (%ld escalation(s)) from %ld open item(s)"
		       " due by the horizon; %ld mail(s) queued; %ld for units without an address\n",
		       dry ? "would send" : "decided", st.decided, st.escalations, st.scanned,
		       st.mails, st.no_address);
	}
	if (!dry)
		print_delivery("remind", &st.delivery, &dc);
	if (st.delivery.failed)
		rc = EXIT_IOERR; /* cron mails the operator; the next run retries */
out:
	remind_stats_release(&st);
	free(office_email);
	free(office_name);
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- report ------------------------------------------------------------------ */

static const char report_usage[] =
	"usage: tracker report --weekly [--today D] [--smtp URL [--starttls] | --outbox DIR]\n"
	"                      [--base-url URL] [--from ADDR]\n"
	"       tracker report --table [--from-date D] [--to-date D] [--today D] [--csv | --json]\n"
	"\n"
	"--weekly mails each unit its overdue work, work due in the next 14 days and\n"
	"work awaiting confirmation, and the office the summary table (with a CSV\n"
	"attachment) and the long-overdue list; once per ISO week.\n"
	"--table prints the upward summary per unit over notices dated in the range,\n"
	"as text, CSV (UTF-8 with BOM, for Excel) or JSON.\n";

static cJSON *row_json(const struct report_row *r)
{
	cJSON *o = cJSON_CreateObject();

	if (r->unit)
		cJSON_AddStringToObject(o, "unit", r->unit);
	else
		cJSON_AddNullToObject(o, "unit");
	report_row_json_into(o, r);
	return o;
}

static int cmd_report(struct global *g, int argc, char **argv)
{
	int json = 0, help = 0, weekly = 0, table = 0, csv = 0, npos = 0, rc;
	const char *today = NULL, *from = NULL, *to = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char *office_email = NULL, *office_name = NULL;
	struct mail_opts mo;
	struct outmail_conf mc;
	struct deliver_conf dc;
	struct report_table t;
	struct deliver_stats ds;
	struct store *s = NULL;
	struct store_err err;
	struct ymd day, fd = {0, 0, 0}, td = {0, 0, 0};
	const struct optdef defs[] = {
		{"--json", 0, NULL, &json},
		{"--weekly", 0, NULL, &weekly},
		{"--table", 0, NULL, &table},
		{"--csv", 0, NULL, &csv},
		{"--today", 1, &today, NULL},
		{"--from-date", 1, &from, NULL},
		{"--to-date", 1, &to, NULL},
		MAIL_OPTDEFS(mo),
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&mo, 0, sizeof(mo));
	memset(&t, 0, sizeof(t));
	memset(&ds, 0, sizeof(ds));
	if ((rc = parse_opts("report", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(report_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos || weekly == table) {
		errorf("report: give --weekly or --table\n%s", report_usage);
		goto out;
	}
	/* --from on --table is the date range's start, as the issue spells it. */
	if (table && mo.from && !from) {
		from = mo.from;
		mo.from = NULL;
	}
	if ((from && status_parse_date(from, &fd)) || (to && status_parse_date(to, &td))) {
		errorf("report: --from-date and --to-date take a date YYYY-MM-DD");
		goto out;
	}
	if ((rc = today_opt("report", today, &day)) || (rc = load_units(g)) ||
	    (rc = open_store(g, &s)))
		goto out;
	if (table) {
		struct sbuf sb;
		if (report_table_build(s, day, fd, td, &t, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		sbuf_init(&sb, 0);
		if (json) {
			cJSON *r = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(r, "units");
			size_t i;
			for (i = 0; i < t.n; i++)
				cJSON_AddItemToArray(rows, row_json(&t.v[i]));
			cJSON_AddItemToObject(r, "total", row_json(&t.sum));
			print_json(&r);
		} else {
			if (csv)
				report_table_csv(&t, &sb);
			else
				report_table_text(&t, &sb);
			fwrite(sb.buf, 1, sb.len, stdout);
		}
		sbuf_release(&sb);
		goto out;
	}
	if ((rc = mail_setup(g, s, &mo, day, &mc, &dc, &office_email, &office_name)))
		goto out;
	{
		struct report_weekly_stats ws;
		long mat = 0;
		if (store_materialize(s, day, &mat, &err) || report_weekly(s, &mc, &ws, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		printf("report: %ld unit mail(s) and %ld office mail(s) queued for the week;"
		       " %ld already queued before; %ld recipient(s) without an address\n",
		       ws.unit_mails, ws.office_mails, ws.already, ws.no_address);
	}
	if (mail_global_init()) {
		errorf("report: cannot initialise libcurl");
		rc = EXIT_SOFTWARE;
		goto out;
	}
	rc = deliver_pending(s, &dc, &ds, &err);
	mail_global_cleanup();
	if (rc) {
		rc = store_fail(&err);
		goto out;
	}
	print_delivery("report", &ds, &dc);
	if (ds.failed)
		rc = EXIT_IOERR;
out:
	deliver_stats_release(&ds);
	report_table_release(&t);
	free(office_email);
	free(office_name);
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- serve --------------------------------------------------------------- */

/* ---- Users ------------------------------------------------------------- */

static const char users_usage[] =
	"usage: tracker users add LOGIN --role office|unit|viewer [--unit UNIT] [--password-stdin]\n"
	"       tracker users passwd LOGIN [--password-stdin]\n"
	"       tracker users list [--json]\n"
	"\n"
	"Dashboard accounts.  office: everything; unit: reads all and acts on its\n"
	"own unit's work; viewer: reads only.  Without --password-stdin a random\n"
	"password is made and printed once; passwords are stored hashed (yescrypt).\n";

/* One line from stdin, without its newline; NULL when there is none. */
static char *read_password_line(void)
{
	char buf[1024];
	size_t n;

	if (!fgets(buf, sizeof(buf), stdin))
		return NULL;
	n = strcspn(buf, "\r\n");
	buf[n] = 0;
	return xstrdup(buf);
}

/* A random password people can type: 16 base64url characters, 96 bits. */
static char *random_password(void)
{
	char buf[STORE_TOKEN_LEN];

	if (secret_token(12, buf, sizeof(buf)))
		return NULL;
	return xstrdup(buf);
}

static int cmd_users(struct global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc, from_stdin = 0, json = 0;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	const char *role_s = NULL, *unit = NULL;
	char *password = NULL;
	struct store *s = NULL;
	struct store_err err;
	struct store_user *v = NULL;
	size_t n = 0, i;
	enum store_role role;
	const struct optdef defs[] = {
		{"--role", 1, &role_s, NULL},
		{"--unit", 1, &unit, NULL},
		{"--password-stdin", 0, NULL, &from_stdin},
		{"--json", 0, NULL, &json},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = parse_opts("users", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help || !npos) {
		fputs(users_usage, help ? stdout : stderr);
		rc = help ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (!strcmp(pos[0], "list")) {
		if (npos != 1) {
			errorf("users list: unexpected argument '%s'", pos[1]);
			rc = EXIT_USAGE;
			goto out;
		}
		if ((rc = open_store(g, &s)))
			goto out;
		if (store_user_list(s, &v, &n, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		if (json) {
			cJSON *arr = cJSON_CreateArray();
			for (i = 0; i < n; i++) {
				cJSON *o = cJSON_CreateObject();
				cJSON_AddStringToObject(o, "login", v[i].login);
				cJSON_AddStringToObject(o, "role", store_role_name(v[i].role));
				if (v[i].unit) cJSON_AddStringToObject(o, "unit", v[i].unit);
				else cJSON_AddNullToObject(o, "unit");
				cJSON_AddStringToObject(o, "created_at", v[i].created_at);
				cJSON_AddItemToArray(arr, o);
			}
			print_json(&arr);
		} else {
			for (i = 0; i < n; i++)
				printf("%-20s %-7s %s\n", v[i].login, store_role_name(v[i].role),
				       v[i].unit ? v[i].unit : "");
		}
		goto out;
	}
	if (strcmp(pos[0], "add") && strcmp(pos[0], "passwd")) {
		errorf("users: unknown subcommand '%s' (add, passwd, list)", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (npos != 2) {
		errorf("users %s: give one LOGIN", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(pos[0], "add")) {
		if (!role_s || store_role_parse(role_s, &role)) {
			errorf("users add: --role must be office, unit or viewer");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	password = from_stdin ? read_password_line() : random_password();
	if (!password) {
		errorf("users %s: no password %s", pos[0], from_stdin ? "on stdin" : "(no randomness)");
		rc = EXIT_DATAERR;
		goto out;
	}
	if ((rc = load_units(g)) || (rc = open_store(g, &s)))
		goto out;
	if ((rc = store_sync_units_if_needed(g, s)))
		goto out;
	if (!strcmp(pos[0], "add") ? store_user_add(s, pos[1], role, unit, password, NULL, &err)
				    : store_user_passwd(s, pos[1], password, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	if (from_stdin)
		printf("%s: %s\n", pos[1], !strcmp(pos[0], "add") ? "added" : "password changed");
	else
		printf("%s: password %s (shown once)\n", pos[1], password);
out:
	for (i = 0; i < n; i++)
		store_user_release(&v[i]);
	free(v);
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- Serve ------------------------------------------------------------- */

static const char serve_usage[] =
	"usage: tracker serve [--listen ADDR:PORT] [--threads N] [--base-url URL]\n"
	"                     [--tls-cert PEM --tls-key PEM] [--body-limit BYTES]\n"
	"                     [--remind-at HH:MM | --no-schedule]\n"
	"                     [--smtp URL [--starttls] | --outbox DIR] [--from ADDR]\n"
	"                     [--today YYYY-MM-DD] [--quiet]\n"
	"\n"
	"Serves the dashboard and the JSON API (default 127.0.0.1:8080) until\n"
	"SIGTERM or SIGINT, then finishes the requests in flight and stops.  The\n"
	"first start with no users creates the office account 'vanphong' and\n"
	"prints its password once.  An access log line per request goes to\n"
	"stderr.  At start and then every day at --remind-at (default 07:00,\n"
	"Vietnam time) it runs the reminders (as `tracker remind`) and the weekly\n"
	"overdue mail (once per week), with the mail options of `remind`.\n"
	"--today fixes the date (tests).\n";

/* The schedule's report of each run, one line on stderr. */
static void log_schedule_run(const struct schedule_run *r, void *arg)
{
	char day[11];

	(void)arg;
	ymd_format(r->today, day);
	if (r->failed) {
		fprintf(stderr, "tracker: schedule %s: failed: %s\n", day, r->msg);
		return;
	}
	fprintf(stderr, "tracker: schedule %s: %ld reminder(s) decided, %ld weekly mail(s)"
		" queued, %ld mail(s) delivered, %ld failed (retried next run)\n", day,
		r->remind.decided, r->weekly.unit_mails + r->weekly.office_mails,
		r->remind.delivery.sent, r->remind.delivery.failed);
}

static int parse_listen(const char *s, char *host, size_t cap, unsigned *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	if (!colon || (size_t)(colon - s) >= cap || colon == s)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

/* The first start: an office account, so someone can log in at all. */
static int first_user(struct store *s)
{
	struct store_err err;
	char *password;
	long n;
	int rc = 0;

	if (store_user_count(s, &n, &err))
		return store_fail(&err);
	if (n)
		return 0;
	if (!(password = random_password())) {
		errorf("serve: no randomness for the first password");
		return EXIT_SOFTWARE;
	}
	if (store_user_add(s, "vanphong", STORE_ROLE_OFFICE, NULL, password, NULL, &err)) {
		rc = store_fail(&err);
	} else {
		printf("tracker: created the office account: login 'vanphong', password '%s'\n"
		       "tracker: (shown once; change it with 'tracker users passwd vanphong')\n",
		       password);
		fflush(stdout);
	}
	memset(password, 0, strlen(password));
	free(password);
	return rc;
}

static int cmd_serve(struct global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc, quiet = 0, sig, no_schedule = 0, hh = 7, mm = 0, curl = 0;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	const char *listen = "127.0.0.1:8080", *threads = NULL, *today = NULL,
		   *body_limit = NULL, *remind_at = NULL;
	char *office_email = NULL, *office_name = NULL;
	struct web_conf conf;
	struct web_server *srv = NULL;
	struct web_err werr;
	struct schedule_conf sconf;
	struct schedule *sched = NULL;
	struct mail_opts mo;
	struct store *s = NULL;
	char host[64];
	sigset_t set;
	const struct optdef defs[] = {
		{"--listen", 1, &listen, NULL},
		{"--threads", 1, &threads, NULL},
		MAIL_OPTDEFS(mo),
		{"--remind-at", 1, &remind_at, NULL},
		{"--no-schedule", 0, NULL, &no_schedule},
		{"--tls-cert", 1, &conf.tls_cert, NULL},
		{"--tls-key", 1, &conf.tls_key, NULL},
		{"--body-limit", 1, &body_limit, NULL},
		{"--today", 1, &today, NULL},
		{"--quiet", 0, NULL, &quiet},
		{"--db", 1, &g->db_path, NULL},
		{"--units", 1, &g->units_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&conf, 0, sizeof(conf));
	memset(&mo, 0, sizeof(mo));
	memset(&sconf, 0, sizeof(sconf));
	if ((rc = parse_opts("serve", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(serve_usage, stdout);
		goto out;
	}
	if (npos) {
		errorf("serve: unexpected argument '%s'", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (parse_listen(listen, host, sizeof(host), &conf.port)) {
		errorf("serve: --listen '%s' is not ADDR:PORT", listen);
		rc = EXIT_USAGE;
		goto out;
	}
	if (threads) {
		long t = strtol(threads, NULL, 10);
		if (t < 1 || t > 64) {
			errorf("serve: --threads must be 1 to 64");
			rc = EXIT_USAGE;
			goto out;
		}
		conf.threads = (unsigned)t;
	}
	if (body_limit) {
		long long b = strtoll(body_limit, NULL, 10);
		if (b < 1024) {
			errorf("serve: --body-limit must be at least 1024 bytes");
			rc = EXIT_USAGE;
			goto out;
		}
		conf.body_limit = (size_t)b;
	}
	if (remind_at && (sscanf(remind_at, "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 ||
			  mm < 0 || mm > 59)) {
		errorf("serve: --remind-at '%s' is not HH:MM", remind_at);
		rc = EXIT_USAGE;
		goto out;
	}
	if (today && (rc = today_opt("serve", today, &conf.today)))
		goto out;
	if ((rc = load_units(g)) || (rc = open_store(g, &s)))
		goto out;
	if ((rc = store_sync_units_if_needed(g, s)) || (rc = first_user(s)) ||
	    (rc = mail_setup(g, s, &mo, conf.today, &sconf.mail, &sconf.deliver, &office_email,
			     &office_name)))
		goto out;
	store_close(&s); /* each server thread opens its own */
	if (mo.base_url || getenv("TRACKER_BASE_URL"))
		conf.base_url = sconf.mail.base_url;
	conf.db_path = db_path_of(g);
	conf.units = g->units;
	conf.host = host;
	conf.quiet = quiet;
	/* Block the stop signals before the threads start, so they inherit
	 * the mask and only sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (web_start(&conf, &srv, &werr)) {
		errorf("serve: %s", werr.msg);
		rc = EXIT_IOERR;
		goto out;
	}
	fprintf(stderr, "tracker: serving on %s://%s:%u/ (database %s)\n",
		conf.tls_cert ? "https" : "http", host, web_port(srv), conf.db_path);
	if (!no_schedule) {
		if (mail_global_init()) {
			errorf("serve: cannot initialise libcurl");
			rc = EXIT_SOFTWARE;
			goto stop;
		}
		curl = 1;
		sconf.db_path = conf.db_path;
		sconf.mail.base_url = web_base_url(srv); /* links in mail: this server */
		remind_rules_default(&sconf.rules);
		sconf.hour = hh;
		sconf.minute = mm;
		sconf.fixed_today = conf.today;
		sconf.on_run = log_schedule_run;
		if (schedule_start(&sconf, &sched)) {
			errorf("serve: cannot start the reminder schedule");
			rc = EXIT_SOFTWARE;
			goto stop;
		}
		fprintf(stderr, "tracker: reminders and the weekly mail run now and daily at %02d:%02d"
			" (UTC+7), mail %s %s\n", hh, mm, sconf.deliver.smtp_url ? "to" : "into",
			sconf.deliver.smtp_url ? sconf.deliver.smtp_url
					       : sconf.deliver.outbox ? sconf.deliver.outbox : "outbox");
	}
	sigwait(&set, &sig);
	fprintf(stderr, "tracker: %s: finishing requests in flight, then stopping\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
stop:
	web_stop(&srv, 5);
	schedule_stop(&sched);
	if (curl)
		mail_global_cleanup();
	fprintf(stderr, "tracker: stopped\n");
out:
	store_close(&s);
	free(office_email);
	free(office_name);
	free(pos);
	return rc;
}

/* ---- feed and units token ----------------------------------------------------- */

static const char feed_usage[] =
	"usage: tracker feed (--unit U | --office | --notice N | --token T) [--todo]\n"
	"                    [--today D] [--base-url URL] [--meta] [--libical]\n"
	"\n"
	"Writes an iCalendar feed to stdout, the same bytes the server serves at\n"
	"/feeds/TOKEN.ics: an all-day event on the last allowed day of each work\n"
	"item of the unit (the office's unit, or --office: every unit's), of notice\n"
	"N, or of the feed that token T opens.  --todo writes VTODO items instead.\n"
	"Links point to --base-url (else $TRACKER_BASE_URL, else\n"
	"http://127.0.0.1:8080).  --meta prints the feed's ETag and Last-Modified\n"
	"instead, computed without building it.  --libical writes every event\n"
	"through libical's own writer, ten times slower: the same content lines,\n"
	"folded at other places (the tests compare the two).\n";

static const char *base_url_opt(const char *opt)
{
	const char *env = getenv("TRACKER_BASE_URL");

	return opt ? opt : env && *env ? env : NULL;
}

/*
 * The feed scope of a unit named on the command line (any spelling the
 * directory knows); the office's unit sees everything.
 */
static int unit_scope(struct global *g, struct store *s, const char *unit,
		      struct store_feed_scope *sc)
{
	const char *office = g->units ? unitdir_office(g->units) : NULL;
	struct store_err err;

	if (g->units && unitdir_canonical(g->units, unit))
		unit = unitdir_canonical(g->units, unit);
	if (store_unit_id(s, unit, &sc->id, &err))
		return store_fail(&err);
	sc->kind = office && !strcmp(office, unit) ? STORE_FEED_OFFICE : STORE_FEED_UNIT;
	return 0;
}

static int office_scope(struct global *g, struct store *s, const char *cmd,
			struct store_feed_scope *sc)
{
	const char *office = g->units ? unitdir_office(g->units) : NULL;

	if (!office) {
		errorf("%s: the units directory names no office (its \"office\" key)", cmd);
		return EXIT_DATAERR;
	}
	return unit_scope(g, s, office, sc);
}

static int cmd_feed(struct global *g, int argc, char **argv)
{
	int help = 0, npos = 0, todo = 0, office = 0, meta = 0, libical = 0, rc;
	const char *unit = NULL, *notice = NULL, *token = NULL, *today = NULL, *base = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store_feed_scope sc;
	struct feed_opts o;
	struct store *s = NULL;
	struct store_err err;
	char *bytes = NULL;
	size_t len = 0;
	const struct optdef defs[] = {
		{"--unit", 1, &unit, NULL},
		{"--office", 0, NULL, &office},
		{"--notice", 1, &notice, NULL},
		{"--token", 1, &token, NULL},
		{"--todo", 0, NULL, &todo},
		{"--today", 1, &today, NULL},
		{"--base-url", 1, &base, NULL},
		{"--meta", 0, NULL, &meta},
		{"--libical", 0, NULL, &libical},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	if ((rc = parse_opts("feed", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(feed_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos || (unit != NULL) + office + (notice != NULL) + (token != NULL) != 1) {
		errorf("feed: give one of --unit, --office, --notice or --token\n%s", feed_usage);
		goto out;
	}
	if (notice && parse_id(notice, &sc.id)) {
		errorf("feed: --notice takes a notice id");
		goto out;
	}
	o.todo = todo;
	o.libical = libical;
	o.base_url = base_url_opt(base);
	if ((rc = today_opt("feed", today, &o.today)) || (rc = load_units(g)) ||
	    (rc = open_store(g, &s)))
		goto out;
	if (unit)
		rc = unit_scope(g, s, unit, &sc);
	else if (office)
		rc = office_scope(g, s, "feed", &sc);
	else if (notice)
		sc.kind = STORE_FEED_NOTICE;
	if (rc)
		goto out;
	if (token) {
		enum store_token_state ts;
		if (store_feed_token_lookup(s, token, &ts, &sc, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		if (ts != STORE_TOKEN_VALID) {
			errorf("feed: %s", ts == STORE_TOKEN_GONE
			       ? "this feed token was rotated or revoked (gone)"
			       : "no feed has this token (not found)");
			rc = EXIT_DATAERR;
			goto out;
		}
	}
	if (meta) {
		struct feed_meta m;
		if (feed_meta(s, &sc, &o, &m, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		printf("ETag: %s\nLast-Modified: %s\n", m.etag, m.last_modified);
		goto out;
	}
	if (feed_build(s, &sc, &o, &bytes, &len, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	fwrite(bytes, 1, len, stdout);
out:
	free(bytes);
	store_close(&s);
	free(pos);
	return rc;
}

static int cmd_units_token(struct global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rotate = 0, revoke = 0, rc;
	const char *notice = NULL, *base = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char token[STORE_TOKEN_CHARS + 1];
	struct store_feed_scope sc;
	struct store *s = NULL;
	struct store_err err;
	struct sbuf url;
	const struct optdef defs[] = {
		{"--notice", 1, &notice, NULL},
		{"--rotate", 0, NULL, &rotate},
		{"--revoke", 0, NULL, &revoke},
		{"--base-url", 1, &base, NULL},
		{"--units", 1, &g->units_path, NULL},
		{"--db", 1, &g->db_path, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&sc, 0, sizeof(sc));
	sbuf_init(&url, 0);
	if ((rc = parse_opts("units token", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(units_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if ((npos == 1) == (notice != NULL) || npos > 1 || (rotate && revoke)) {
		errorf("units token: give one UNIT or --notice N, and at most one of"
		       " --rotate and --revoke\n%s", units_usage);
		goto out;
	}
	if (notice && parse_id(notice, &sc.id)) {
		errorf("units token: --notice takes a notice id");
		goto out;
	}
	if ((rc = load_units(g)) || (rc = open_store(g, &s)))
		goto out;
	/* The directory as it is now: a unit added since the last import has a row. */
	if (g->units && store_sync_units(s, g->units, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	if (notice)
		sc.kind = STORE_FEED_NOTICE;
	else if ((rc = unit_scope(g, s, pos[0], &sc)))
		goto out;
	if (revoke) {
		if (store_feed_token_revoke(s, &sc, &err)) {
			rc = store_fail(&err);
			goto out;
		}
		printf("revoked: the old feed URL now answers 410 Gone\n");
		goto out;
	}
	if (store_feed_token_issue(s, &sc, rotate, token, &err)) {
		rc = store_fail(&err);
		goto out;
	}
	feed_url(base_url_opt(base), token, &url);
	printf("%s\n", url.buf);
out:
	sbuf_release(&url);
	store_close(&s);
	free(pos);
	return rc;
}

/* ---- Dispatch ----------------------------------------------------------- */

static const struct command {
	const char *name;
	int (*run)(struct global *g, int argc, char **argv);
	const char *summary;
} commands[] = {
	{"parse", cmd_parse, "print the metadata and tasks found in a notice"},
	{"import", cmd_import, "store notices (a corrected version updates its notice)"},
	{"list", cmd_list, "list tasks by unit, status, deadline or notice"},
	{"show", cmd_show, "show a notice, or a task with its history"},
	{"units", cmd_units, "show the units directory and unknown names met"},
	{"progress", cmd_progress, "a unit reports progress on a work item"},
	{"done", cmd_done, "a unit reports a work item done (awaits confirmation)"},
	{"confirm", cmd_confirm, "the office confirms reported work as done"},
	{"reopen", cmd_reopen, "the office returns reported or done work"},
	{"extend", cmd_extend, "a unit asks for a new deadline (gia hạn)"},
	{"approve", cmd_approve, "the office grants the extension waiting"},
	{"refuse", cmd_refuse, "the office refuses the extension waiting"},
	{"remind", cmd_remind, "send the reminders due today (for cron)"},
	{"report", cmd_report, "the weekly overdue mail, or the upward table"},
	{"feed", cmd_feed, "write a unit's iCalendar feed (.ics) to stdout"},
	{"users", cmd_users, "dashboard accounts: add, passwd, list"},
	{"serve", cmd_serve, "serve the dashboard and the JSON API"},
	{NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	const struct command *c;

	fputs("usage: tracker [--db PATH] [--units FILE] COMMAND [ARGS]\n"
	      "\n"
	      "Tracks the tasks that leaders' notices assign to units.\n"
	      "\n"
	      "commands:\n", f);
	for (c = commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fputs("\n"
	      "options:\n"
	      "  --db PATH      database (default: $TRACKER_DB, else ./tracker.db)\n"
	      "  --units FILE   units directory (default: $TRACKER_UNITS, else\n"
	      "                 ./sample-data/units.json, else " TRACKER_DATADIR "/units.json)\n"
	      "  -h, --help     this help; 'tracker COMMAND --help' for a command\n"
	      "  -V, --version  print the version\n"
	      "\n"
	      "exit status: 0 ok, 64 usage error, 65 bad input, 70 internal error,\n"
	      "74 I/O error\n", f);
}

int main(int argc, char **argv)
{
	struct global g;
	cJSON_Hooks hooks = {xmalloc, free};
	const struct command *c;
	int i, rc = EXIT_USAGE;

	memset(&g, 0, sizeof(g));
	/* cJSON's allocations then follow util.h's abort-on-OOM policy too. */
	cJSON_InitHooks(&hooks);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("tracker %s (database schema %d)\n", TRACKER_VERSION,
			       store_schema_version());
			return EXIT_OK;
		} else if ((!strcmp(a, "--db") || !strcmp(a, "--units")) && i + 1 < argc) {
			*(a[2] == 'd' ? &g.db_path : &g.units_path) = argv[++i];
		} else if (!strncmp(a, "--db=", 5)) {
			g.db_path = a + 5;
		} else if (!strncmp(a, "--units=", 8)) {
			g.units_path = a + 8;
		} else {
			errorf("unknown option '%s'", a);
			usage(stderr);
			goto out;
		}
	}
	if (i == argc) {
		usage(stderr);
		goto out;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(c->name, argv[i]))
			break;
	if (!c->name) {
		errorf("unknown command '%s' (see 'tracker --help')", argv[i]);
		goto out;
	}
	rc = c->run(&g, argc - i - 1, argv + i + 1);
	if (fflush(stdout) || ferror(stdout)) {
		errorf("cannot write output: %s", strerror(errno));
		rc = worse(rc, EXIT_IOERR);
	}
out:
	unitdir_free(&g.units);
	return rc;
}
