/*
 * cli/main.c - the `tracker` command: global options, the list of commands
 * and the dispatch to them (one file of cli/ per group of commands).
 *
 * The files of cli/ are the only part of the program that prints, and the
 * only one that knows all of notices/, tracker/ and web/.  Exit codes
 * follow sysexits(3): 64 usage, 65 bad input, 70 internal error, 74 I/O
 * error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "tracker/cli/cli.h"
#include "tracker/core/utf8.h"

/* ---- Dispatch ----------------------------------------------------------- */

/*
 * Every command, with what it needs before its work (cli_prepare() does
 * that once): a command that stores or reads work opens the database, and
 * one that reads the units directory loads it and syncs it into the
 * database, so every command sees the directory the file has now.
 */
#define U CLI_UNITS
#define UA CLI_UNITS_ASKED
#define S CLI_STORE
static const struct cli_command commands[] = {
	{"parse", cmd_parse, U, "print the metadata and tasks found in a notice"},
	{"import", cmd_import, U | S, "store notices (a corrected version updates its notice)"},
	{"list", cmd_list, UA | S, "list tasks by unit, status, deadline or notice"},
	{"show", cmd_show, S, "show a notice, or a task with its history"},
	{"units", cmd_units, U | S, "show the units directory and unknown names met"},
	{"progress", cmd_progress, UA | S, "a unit reports progress on a work item"},
	{"done", cmd_done, UA | S, "a unit reports a work item done (awaits confirmation)"},
	{"confirm", cmd_confirm, UA | S, "the office confirms reported work as done"},
	{"reopen", cmd_reopen, UA | S, "the office returns reported or done work"},
	{"extend", cmd_extend, UA | S, "a unit asks for a new deadline (gia hạn)"},
	{"approve", cmd_approve, UA | S, "the office grants the extension waiting"},
	{"refuse", cmd_refuse, UA | S, "the office refuses the extension waiting"},
	{"remind", cmd_remind, U | S, "send the reminders due today (for cron)"},
	{"report", cmd_report, U | S, "the weekly overdue mail, or the upward table"},
	{"feed", cmd_feed, U | S, "write a unit's iCalendar feed (.ics) to stdout"},
	{"users", cmd_users, UA | S, "dashboard accounts: add, passwd, list"},
	{"serve", cmd_serve, U | S, "serve the dashboard and the JSON API"},
	{"letter", cmd_letter, U | S, "draft the urging letters (.docx) to units with overdue work"},
	{"backup", cmd_backup, S, "copy the database while it is in use (consistent snapshot)"},
	{"check", cmd_check, S, "check the database's integrity and the program's own rules"},
	{"edit", cmd_edit, U | S, "correct a saved task or notice (kept in the history)"},
	{"grant", cmd_grant, UA | S, "the office sets a new deadline itself (gia hạn)"},
	{"close", cmd_close, UA | S, "the office closes open work itself (done on a day)"},
	{"inbox", cmd_inbox, UA | S, "what waits for the office: reported, requests, returned"},
	{"bulk", cmd_bulk, S, "one office action on many work items (all or nothing)"},
	{NULL, NULL, 0, NULL},
};
#undef U
#undef UA
#undef S

static void usage(FILE *f)
{
	const struct cli_command *c;

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
	struct cli_global g;
	cJSON_Hooks hooks = {xmalloc, free};
	const struct cli_command *c;
	int i, rc = EXIT_USAGE;

	memset(&g, 0, sizeof(g));
	/* cJSON's allocations then follow util.h's abort-on-OOM policy too. */
	cJSON_InitHooks(&hooks);
	/* A note, a name or a date typed in another encoding would be stored
	 * as it is; the store holds only UTF-8 (tracker/core/utf8.h). */
	for (i = 1; i < argc; i++)
		if (!utf8_check_str(argv[i])) {
			cli_errorf("tham số thứ %d không phải UTF-8 hợp lệ (hãy đặt bảng mã của cửa sổ lệnh là UTF-8)", i);
			return EXIT_DATAERR;
		}
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
			cli_errorf("không có tùy chọn '%s'", a);
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
		cli_errorf("không có lệnh '%s' (xem 'tracker --help')", argv[i]);
		goto out;
	}
	g.cmd = c;
	rc = c->run(&g, argc - i - 1, argv + i + 1);
	if (fflush(stdout) || ferror(stdout)) {
		cli_errorf("không ghi được kết quả: %s", strerror(errno));
		rc = cli_worse(rc, EXIT_IOERR);
	}
out:
	store_close(&g.store);
	unitdir_free(&g.units);
	return rc;
}

