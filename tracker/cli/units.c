/*
 * cli/units.c - the units directory and the calendar feeds: units, units
 * token, feed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "tracker/cli/cli.h"
#include "tracker/unitlearn.h"
#include "tracker/core/id.h"
#include "tracker/core/msg.h"
#include "tracker/store/merge.h"
#include "tracker/feed/feed.h"
#include "tracker/json/store_json.h"
#include "tracker/wording.h"

/* ---- units -------------------------------------------------------------- */

static int cmd_units_token(struct cli_global *g, int argc, char **argv);
static int cmd_units_merge(struct cli_global *g, int argc, char **argv);

static const char units_usage[] =
	"usage: tracker units [--json | --export]\n"
	"       tracker units token (UNIT | --notice N) [--rotate | --revoke] [--base-url URL]\n"
	"       tracker units merge FROM INTO [--actor NAME]\n"
	"\n"
	"Shows the units directory (names, aliases, e-mail, groups and their\n"
	"members) and the unit names met in imported notices that it does not\n"
	"know, with how often they were met.  --export writes a units file (the\n"
	"format of --units) holding the file's units and the aliases the office\n"
	"taught in the dashboard.\n"
	"\n"
	"'units token' gives UNIT its private calendar feed and prints the feed's\n"
	"URL (--base-url, else $TRACKER_BASE_URL): the token in it is shown this\n"
	"once and stored hashed.  The office's unit gets the feed of everything;\n"
	"--notice N a feed of one notice's work.  --rotate replaces the token (the\n"
	"old URL then answers 410 Gone); --revoke ends it without a new one.\n"
	"\n"
	"'units merge' gives the work of FROM (a name met in notices, not in the\n"
	"units file) to INTO, with its history and queued mail, in one\n"
	"transaction; FROM's name becomes an alias of INTO and its feed address\n"
	"answers 410.  FROM and INTO are ids or names.\n";

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

int cmd_units(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, export = 0, rc;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store_unit_list l = {0};
	struct store *s = NULL;
	struct err err;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--export", 0, NULL, &export},
		{NULL, 0, NULL, NULL},
	};

	if (argc && !strcmp(argv[0], "merge")) {
		rc = cmd_units_merge(g, argc - 1, argv + 1);
		goto out;
	}
	if (argc && !strcmp(argv[0], "token")) {
		rc = cmd_units_token(g, argc - 1, argv + 1);
		goto out;
	}
	if ((rc = cli_parse_opts(g, "units", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(units_usage, stdout);
		goto out;
	}
	if (npos) {
		cli_errorf("units: tham số thừa '%s'", pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (export) {
		cJSON *root = NULL;
		if (unitlearn_json(s, g->units, &root, NULL, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		cli_print_json(&root);
		goto out;
	}
	if (store_list_units(s, &l, &err)) {
		rc = cli_store_fail(&err);
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
		cli_print_json(&root);
	} else {
		print_units(&l);
	}
out:
	store_unit_list_release(&l);
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
	TRACKER_BASE_URL_DEFAULT ").  --meta prints the feed's ETag and Last-Modified\n"
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
static int unit_scope(struct cli_global *g, struct store *s, const char *unit,
		      struct store_feed_scope *sc)
{
	const char *office = g->units ? unitdir_office(g->units) : NULL;
	struct err err;

	if (g->units && unitdir_canonical(g->units, unit))
		unit = unitdir_canonical(g->units, unit);
	if (store_unit_id(s, unit, &sc->id, &err))
		return cli_store_fail(&err);
	sc->kind = office && !strcmp(office, unit) ? STORE_FEED_OFFICE : STORE_FEED_UNIT;
	return 0;
}

static int office_scope(struct cli_global *g, struct store *s, const char *cmd,
			struct store_feed_scope *sc)
{
	const char *office = g->units ? unitdir_office(g->units) : NULL;

	if (!office) {
		cli_errorf("%s: danh bạ đơn vị không ghi văn phòng (khóa \"office\")", cmd);
		return EXIT_DATAERR;
	}
	return unit_scope(g, s, office, sc);
}

int cmd_feed(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, todo = 0, office = 0, meta = 0, libical = 0, rc;
	const char *unit = NULL, *notice = NULL, *token = NULL, *today = NULL, *base = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store_feed_scope sc;
	struct feed_opts o;
	struct store *s = NULL;
	struct err err;
	char *bytes = NULL;
	size_t len = 0;
	const struct cli_opt defs[] = {
		{"--unit", 1, &unit, NULL},
		{"--office", 0, NULL, &office},
		{"--notice", 1, &notice, NULL},
		{"--token", 1, &token, NULL},
		{"--todo", 0, NULL, &todo},
		{"--today", 1, &today, NULL},
		{"--base-url", 1, &base, NULL},
		{"--meta", 0, NULL, &meta},
		{"--libical", 0, NULL, &libical},
		{NULL, 0, NULL, NULL},
	};

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	if ((rc = cli_parse_opts(g, "feed", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(feed_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos || (unit != NULL) + office + (notice != NULL) + (token != NULL) != 1) {
		cli_errorf("feed: cần một trong --unit, --office, --notice hoặc --token\n%s", feed_usage);
		goto out;
	}
	if (notice && cli_id("feed", "--notice", notice, &sc.id))
		goto out;
	o.todo = todo;
	o.libical = libical;
	o.base_url = base_url_opt(base);
	if ((rc = cli_today_opt("feed", today, &o.today)) || (rc = cli_prepare(g, &s)))
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
			rc = cli_store_fail(&err);
			goto out;
		}
		if (ts != STORE_TOKEN_VALID) {
			cli_errorf("feed: %s", ts == STORE_TOKEN_GONE
			       ? "mã lịch này đã được đổi hoặc thu hồi"
			       : "không có lịch nào mang mã này");
			rc = EXIT_DATAERR;
			goto out;
		}
	}
	if (meta) {
		struct feed_meta m;
		if (feed_meta(s, &sc, &o, &m, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		printf("ETag: %s\nLast-Modified: %s\n", m.etag, m.last_modified);
		goto out;
	}
	if (feed_build(s, &sc, &o, &bytes, &len, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	fwrite(bytes, 1, len, stdout);
out:
	free(bytes);
	free(pos);
	return rc;
}

static int cmd_units_token(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rotate = 0, revoke = 0, rc;
	const char *notice = NULL, *base = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char token[STORE_TOKEN_CHARS + 1];
	struct store_feed_scope sc;
	struct store *s = NULL;
	struct err err;
	struct sbuf url;
	const struct cli_opt defs[] = {
		{"--notice", 1, &notice, NULL},
		{"--rotate", 0, NULL, &rotate},
		{"--revoke", 0, NULL, &revoke},
		{"--base-url", 1, &base, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&sc, 0, sizeof(sc));
	sbuf_init(&url, 0);
	if ((rc = cli_parse_opts(g, "units token", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(units_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if ((npos == 1) == (notice != NULL) || npos > 1 || (rotate && revoke)) {
		cli_errorf("units token: cần một đơn vị UNIT hoặc --notice N, và nhiều nhất một trong"
		       " --rotate và --revoke\n%s", units_usage);
		goto out;
	}
	if (notice && cli_id("units token", "--notice", notice, &sc.id))
		goto out;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (notice)
		sc.kind = STORE_FEED_NOTICE;
	else if ((rc = unit_scope(g, s, pos[0], &sc)))
		goto out;
	if (revoke) {
		if (store_feed_token_revoke(s, &sc, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		printf("revoked: the old feed URL now answers 410 Gone\n");
		goto out;
	}
	if (store_feed_token_issue(s, &sc, rotate, token, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	feed_url(base_url_opt(base), token, &url);
	printf("%s\n", url.buf);
out:
	sbuf_release(&url);
	free(pos);
	return rc;
}


/* ---- units merge ------------------------------------------------------------- */

/* A unit named by id or by name (the directory's spelling first). */
static int unit_arg(struct cli_global *g, struct store *s, const char *v, long long *id,
		    struct err *err)
{
	if (!id_parse(v, id))
		return 0;
	if (g->units && unitdir_canonical(g->units, v))
		v = unitdir_canonical(g->units, v);
	return store_unit_id(s, v, id, err);
}

static int cmd_units_merge(struct cli_global *g, int argc, char **argv)
{
	int help = 0, npos = 0, rc;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	const char *actor = NULL;
	struct store *s = NULL;
	struct store_merge_result res;
	struct err err;
	long long from, into;
	const struct cli_opt defs[] = {
		{"--actor", 1, &actor, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&err, 0, sizeof(err));
	if ((rc = cli_parse_opts(g, "units merge", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(units_usage, stdout);
		goto out;
	}
	if (npos != 2) {
		cli_errorf("units merge: cần FROM và INTO\n%s", units_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (unit_arg(g, s, pos[0], &from, &err) || unit_arg(g, s, pos[1], &into, &err) ||
	    store_units_merge(s, from, into, actor ? actor : "office", &res, &err)) {
		struct sbuf sb;
		sbuf_init(&sb, 0);
		msg_of_err(&sb, &err);
		cli_errorf("units merge: %s", sb.buf);
		sbuf_release(&sb);
		rc = err.code == ERR_NOTFOUND || err.code == ERR_INVAL || err.code == ERR_BADSTATE
		     ? EXIT_DATAERR : EXIT_SOFTWARE;
		goto out;
	}
	printf("Đã gộp đơn vị '%s' vào '%s': %ld công việc chuyển sang, %ld nhiệm vụ đã có sẵn, "
	       "%ld thư trong hàng đợi\n", pos[0], pos[1], res.moved, res.joined, res.mails);
	rc = EXIT_OK;
out:
	free(pos);
	return rc;
}
