/*
 * cli.h - what the files of the `tracker` command share: exit codes, the
 * global options, option parsing, input reading, and the commands
 * themselves (one file of cli/ per group: notices.c, units.c, work.c,
 * serve.c; main.c dispatches).
 *
 * Commands return an exit code and print their own errors with errorf();
 * helpers here that return an int return 0 or such a code, having printed
 * what is wrong.
 */
#ifndef TRACKER_CLI_H
#define TRACKER_CLI_H

#include <stddef.h>
#include <cJSON.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "notices/util.h"
#include "tracker/mail/deliver.h"
#include "tracker/report.h"
#include "tracker/core/status.h"
#include "tracker/store/store.h"
#include "tracker/store/life.h"

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

/* ---- Errors and output ---------------------------------------------------- */

/* Prints "tracker: <message>" and a newline on stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Maps a store error to the command's exit code and reports it. */
int store_fail(const struct store_err *err);

/* Of two exit codes, the worse: an internal error over usage over I/O over
 * bad input over success. */
int worse(int a, int b);

/*
 * Prints s in a column of `width` code points: cut with "…" when longer,
 * padded with spaces when shorter (printf pads bytes, not letters, which
 * misaligns Vietnamese text).
 */
void put_col(const char *s, size_t width);

/* Prints the last column of a row: cut like put_col(), not padded. */
void put_last(const char *s, size_t width);

/* Prints *root as JSON on stdout and frees it (*root becomes NULL). */
void print_json(cJSON **root);

/* One line of `list --items` and of the lifecycle commands. */
void print_item_line(const struct store_item *it);

/* A positive decimal id into *out; 0 or -1 when s is not one. */
int parse_id(const char *s, long long *out);

/* ---- Options -------------------------------------------------------------- */

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
int parse_opts(const char *cmd, int argc, char **argv, const struct optdef *defs,
	       char **pos, int *npos, int *help);

/* --today s into *today (NULL: today in Vietnam); 0 or EXIT_USAGE. */
int today_opt(const char *cmd, const char *s, struct ymd *today);

/* Whether --encoding names one the converter knows; 0 or EXIT_USAGE. */
int encoding_opt(const char *cmd, const char *name);

/* ---- Input and the store -------------------------------------------------- */

/* What went wrong with one input file, for the caller to print. */
struct input_err {
	char msg[600];
};

/* Fills e->msg from fmt and returns rc. */
int input_fail(struct input_err *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Loads the units directory once (--units, $TRACKER_UNITS, the usual
 * places); a missing default is no error (g->units stays NULL). */
int load_units(struct global *g);

/* The database's path: --db, else $TRACKER_DB, else ./tracker.db. */
const char *db_path_of(const struct global *g);

/* Opens the store of db_path_of(). */
int open_store(struct global *g, struct store **s);

/* Copies the loaded directory into the store when it changed. */
int store_sync_units_if_needed(struct global *g, struct store *s);

/*
 * Reads, converts (textin) and parses one notice file ("-": stdin) into
 * *n (caller frees with notice_free()); on failure e says what and where.
 */
int parse_file(struct global *g, const char *path, struct notice **n,
	       struct input_err *e);

/* ---- Mail options shared by remind, report and serve ------------------------ */

struct mail_opts {
	const char *smtp, *outbox, *base_url, *from;
	int starttls;
};

/* The options of struct mail_opts, for a command's optdef table. */
#define MAIL_OPTDEFS(mo) \
	{"--smtp", 1, &(mo).smtp, NULL}, {"--starttls", 0, NULL, &(mo).starttls}, \
	{"--outbox", 1, &(mo).outbox, NULL}, {"--base-url", 1, &(mo).base_url, NULL}, \
	{"--from", 1, &(mo).from, NULL}

/*
 * Fills the sender, links and delivery from options, the environment
 * (TRACKER_SMTP_URL, TRACKER_BASE_URL, TRACKER_MAIL_FROM) and the
 * directory's office.  *office_email and *office_name are new strings (or
 * NULL) the caller frees.
 */
int mail_setup(struct global *g, struct store *s, const struct mail_opts *mo,
	       struct ymd today, struct outmail_conf *mc, struct deliver_conf *dc,
	       char **office_email, char **office_name);

/* Prints what a delivery did (sent, written, failed) on stderr. */
void print_delivery(const char *cmd, const struct deliver_stats *d,
		    const struct deliver_conf *dc);

/* ---- The commands (argv[0] is the command's name) --------------------------- */

int cmd_parse(struct global *g, int argc, char **argv);
int cmd_import(struct global *g, int argc, char **argv);
int cmd_list(struct global *g, int argc, char **argv);
int cmd_show(struct global *g, int argc, char **argv);
int cmd_units(struct global *g, int argc, char **argv);
int cmd_feed(struct global *g, int argc, char **argv);
int cmd_progress(struct global *g, int argc, char **argv);
int cmd_done(struct global *g, int argc, char **argv);
int cmd_confirm(struct global *g, int argc, char **argv);
int cmd_reopen(struct global *g, int argc, char **argv);
int cmd_extend(struct global *g, int argc, char **argv);
int cmd_approve(struct global *g, int argc, char **argv);
int cmd_refuse(struct global *g, int argc, char **argv);
int cmd_remind(struct global *g, int argc, char **argv);
int cmd_report(struct global *g, int argc, char **argv);
int cmd_users(struct global *g, int argc, char **argv);
int cmd_serve(struct global *g, int argc, char **argv);

#endif
