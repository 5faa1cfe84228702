/*
 * cli/cli.h - what the files of the `tracker` command share: exit codes,
 * the global options, what a command needs prepared (cli_prepare()),
 * option parsing, input reading, and the commands themselves (one file of
 * cli/ per group: notices.c, units.c, work.c, serve.c; main.c holds the
 * command table and dispatches).
 *
 * Commands return an exit code and print their own errors with cli_errorf();
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

struct cli_global;

/*
 * What a command needs before its work; cli_prepare() does it once, in
 * this order, as the command's row of the table in main.c says.
 */
enum {
	CLI_UNITS = 1,       /* the units directory (--units, $TRACKER_UNITS, the usual places) */
	CLI_UNITS_ASKED = 2, /* the directory only when the command names a unit
	                        (it sets g->units_asked): work by id needs none */
	CLI_STORE = 4        /* the database, with the directory synced into it when loaded */
};

/* One command: a row of the table in main.c. */
struct cli_command {
	const char *name;
	int (*run)(struct cli_global *g, int argc, char **argv);
	unsigned needs;      /* CLI_* */
	const char *summary;
};

/* State shared by all commands: global options and what they load. */
struct cli_global {
	const struct cli_command *cmd; /* the command being run */
	struct store *store;    /* opened by cli_prepare(); closed by main() */
	int prepared;
	int units_asked;        /* CLI_UNITS_ASKED: the command names a unit */
	const char *db_path;    /* --db, or NULL for $TRACKER_DB / ./tracker.db */
	const char *units_path; /* --units, or NULL to look in the usual places */
	struct unitdir *units;  /* loaded by cli_load_units(); may stay NULL */
	int units_loaded;
	char units_file[4096];  /* the file units came from, absolute when it resolves */
	char units_sha256[65];  /* hex SHA-256 of its bytes: cli_open_store() syncs on change */
	int units_fallback;     /* found in a usual place, not named by the user */
	struct ymd today;       /* import --today: the horizon of recurring work */
	const char *encoding;   /* --encoding for plain-text notices, or NULL */
	int text_only;          /* parse --text: print the converted text instead */
	int documents_only;     /* import: refuse images and markup (textin_not_document) */
};

/* ---- Errors and output ---------------------------------------------------- */

/* Prints "tracker: <message>" and a newline on stderr. */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Maps a store error to the command's exit code and reports it. */
int cli_store_fail(const struct err *err);

/* Of two exit codes, the worse: an internal error over usage over I/O over
 * bad input over success. */
int cli_worse(int a, int b);

/*
 * Prints s in a column of `width` code points: cut with "…" when longer,
 * padded with spaces when shorter (printf pads bytes, not letters, which
 * misaligns Vietnamese text).
 */
void cli_put_col(const char *s, size_t width);

/* Prints the last column of a row: cut like cli_put_col(), not padded. */
void cli_put_last(const char *s, size_t width);

/* Prints *root as JSON on stdout and frees it (*root becomes NULL). */
void cli_print_json(cJSON **root);

/* One line of `list --items` and of the lifecycle commands. */
void cli_print_item(const struct store_item *it);

/* An id (tracker/id.h) into *out; 0, or EXIT_USAGE after printing which
 * value of `what` (an option such as "--task", or "mã số") is wrong and why. */
int cli_id(const char *cmd, const char *what, const char *s, long long *out);

/* ---- Options -------------------------------------------------------------- */

struct cli_opt {
	const char *name;    /* "--json" */
	int has_arg;
	const char **value;  /* where the argument goes (has_arg) */
	int *flag;           /* set to 1 when present (!has_arg) */
};

/*
 * Splits argv (after the command name) into options from `defs` and
 * positional arguments, which are stored in pos[] (sized argc).  "--"
 * ends options; "-" alone is positional (stdin).  "--help"/"-h" sets *help.
 * The global options --db and --units are taken after the command too,
 * into g.  Returns 0, or EXIT_USAGE after printing what is wrong.
 */
int cli_parse_opts(struct cli_global *g, const char *cmd, int argc, char **argv,
		   const struct cli_opt *defs, char **pos, int *npos, int *help);

/* --today s into *today (NULL: today in Vietnam); 0 or EXIT_USAGE. */
int cli_today_opt(const char *cmd, const char *s, struct ymd *today);

/* Whether --encoding names one the converter knows; 0 or EXIT_USAGE. */
int cli_encoding_opt(const char *cmd, const char *name);

/* ---- Input and the store -------------------------------------------------- */

/*
 * Prepares what the command needs (g->cmd->needs, see CLI_*): loads the
 * units directory, then opens the store and syncs the directory into it.
 * Once per run: a second call gives the same store.  *s (may be NULL) gets
 * the store, borrowed until main() closes it.  Returns 0, or an exit code
 * after printing what is wrong.
 */
int cli_prepare(struct cli_global *g, struct store **s);

/* Loads the units directory once (--units, $TRACKER_UNITS, the usual
 * places); a missing default is no error (g->units stays NULL). */
int cli_load_units(struct cli_global *g);

/* The database's path: --db, else $TRACKER_DB, else ./tracker.db. */
const char *cli_db_path(const struct cli_global *g);

/*
 * Opens the store of cli_db_path() and, when cli_load_units() loaded a
 * directory, syncs it into the store if the file changed since the last
 * sync: every command that reads the directory sees the same one.  A
 * fallback file never replaces a directory synced from another file: that
 * is reported (naming both files) and refused with EXIT_DATAERR.
 */
int cli_open_store(struct cli_global *g, struct store **s);

/*
 * Reads, converts (textin) and parses one notice file ("-": stdin) into
 * *n (caller frees with notice_free()); on failure e says what and where.
 */
int cli_parse_file(struct cli_global *g, const char *path, struct notice **n,
	       struct err *e);

/* ---- Mail options shared by remind, report and serve ------------------------ */

struct cli_mail_opts {
	const char *smtp, *outbox, *base_url, *from;
	int starttls;
};

/* The options of struct cli_mail_opts, for a command's optdef table. */
#define CLI_MAIL_OPTS(mo) \
	{"--smtp", 1, &(mo).smtp, NULL}, {"--starttls", 0, NULL, &(mo).starttls}, \
	{"--outbox", 1, &(mo).outbox, NULL}, {"--base-url", 1, &(mo).base_url, NULL}, \
	{"--from", 1, &(mo).from, NULL}

/*
 * Fills the sender, links and delivery from options, the environment
 * (TRACKER_SMTP_URL, TRACKER_BASE_URL, TRACKER_MAIL_FROM) and the
 * directory's office.  *office_email and *office_name are new strings (or
 * NULL) the caller frees.
 */
int cli_mail_setup(struct cli_global *g, struct store *s, const struct cli_mail_opts *mo,
	       struct ymd today, struct outmail_conf *mc, struct deliver_conf *dc,
	       char **office_email, char **office_name);

/* Prints what a delivery did (sent, written, failed) on stderr. */
void cli_print_delivery(const char *cmd, const struct deliver_stats *d,
		    const struct deliver_conf *dc);

/* ---- The commands (argv[0] is the command's name) --------------------------- */

int cmd_parse(struct cli_global *g, int argc, char **argv);
int cmd_import(struct cli_global *g, int argc, char **argv);
int cmd_list(struct cli_global *g, int argc, char **argv);
int cmd_show(struct cli_global *g, int argc, char **argv);
int cmd_units(struct cli_global *g, int argc, char **argv);
int cmd_feed(struct cli_global *g, int argc, char **argv);
int cmd_progress(struct cli_global *g, int argc, char **argv);
int cmd_done(struct cli_global *g, int argc, char **argv);
int cmd_confirm(struct cli_global *g, int argc, char **argv);
int cmd_reopen(struct cli_global *g, int argc, char **argv);
int cmd_extend(struct cli_global *g, int argc, char **argv);
int cmd_approve(struct cli_global *g, int argc, char **argv);
int cmd_refuse(struct cli_global *g, int argc, char **argv);
int cmd_grant(struct cli_global *g, int argc, char **argv);
int cmd_close(struct cli_global *g, int argc, char **argv);
/* inbox.c: the office's inbox and its decisions on many items */
int cmd_inbox(struct cli_global *g, int argc, char **argv);
int cmd_bulk(struct cli_global *g, int argc, char **argv);
int cmd_remind(struct cli_global *g, int argc, char **argv);
int cmd_report(struct cli_global *g, int argc, char **argv);
int cmd_users(struct cli_global *g, int argc, char **argv);
int cmd_serve(struct cli_global *g, int argc, char **argv);
/* docs.c: the office's documents */
int cmd_letter(struct cli_global *g, int argc, char **argv);
/* report --table --docx FILE / --xlsx FILE: the report to the leadership
 * written to the files given (either may be NULL); 0 or an exit code. */
int cli_report_document(struct cli_global *g, struct store *s, struct ymd day,
			struct ymd from, struct ymd to, const char *docx_path,
			const char *xlsx_path);
int cmd_backup(struct cli_global *g, int argc, char **argv);
int cmd_check(struct cli_global *g, int argc, char **argv);

/*
 * Names on stderr each unit whose address in the directory is unusable
 * (dirmail.h), for command `cmd`; `held` adds how many reminders wait for
 * it (< 0: not said).
 */
struct dirmail_problems;
void cli_print_dirmail(const char *cmd, const struct dirmail_problems *p, long held);

/* list --csv / --xlsx FILE: the task list's export of every item matching
 * q, CSV to stdout or the workbook to xlsx_path; 0 or an exit code. */
struct store_item_query;
int cli_list_export(struct store *s, const struct store_item_query *q, const char *xlsx_path);

int cmd_edit(struct cli_global *g, int argc, char **argv);

#endif
