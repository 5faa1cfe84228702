/*
 * cli/edit.c - `tracker edit`: correct a saved task or notice.
 *
 *   tracker edit --task T [--due YYYY-MM-DD|none] [--kind before|by|within]
 *       [--recurrence RRULE|periodic|none] [--owner U]... [--co-owner U]... [--text TEXT]
 *       [--note WHY] [--actor NAME]
 *   tracker edit --notice N [--number S] [--date YYYY-MM-DD] [--type S]
 *       [--title S] [--signer S] [--note WHY]
 *
 * A repeated --owner or --co-owner replaces the whole set; "none" clears
 * (a task keeps at least one lead).  A bad value exits 65 with the message
 * table's words and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"
#include "tracker/cli/cli.h"
#include "tracker/core/msg.h"
#include "tracker/store/edit.h"

static const char edit_usage[] =
	"usage: tracker edit --task T [--due YYYY-MM-DD|none] [--kind before|by|within]\n"
	"                    [--recurrence RRULE|periodic|none] [--owner U]... [--co-owner U]...\n"
	"                    [--text TEXT] [--note WHY] [--actor NAME]\n"
	"       tracker edit --notice N [--number S] [--date YYYY-MM-DD] [--type S]\n"
	"                    [--title S] [--signer S] [--note WHY]\n"
	"\n"
	"Corrects a saved task or notice; every edit goes into the history with the\n"
	"old and new values.  A repeated --owner or --co-owner replaces the whole\n"
	"set of lead or supporting units; '--co-owner none' clears it.\n";

/* A bad value: the table's words on stderr, exit 65, nothing changed. */
static int bad_value(const struct err *err)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	msg_of_err(&sb, err);
	cli_errorf("edit: %s", sb.buf);
	sbuf_release(&sb);
	return EXIT_DATAERR;
}

static int date_opt(const char *v, const char *field, struct ymd *out, struct err *err)
{
	int rc;

	if (!strcmp(v, "none")) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if ((rc = date_user_parse(v, 0, out))) {
		err_key(err, ERR_INVAL, date_rule_key(rc), v, "bad date '%s'", v);
		snprintf(err->field, sizeof(err->field), "%s", field);
		return EXIT_DATAERR;
	}
	return 0;
}

/* Takes the repeatable options out of argv (into *owners, *co); the rest
 * go to rest[] for cli_parse_opts(). */
static int split_units(int argc, char **argv, struct strlist *owners, struct strlist *co,
		       int *set_owners, int *set_co, char **rest, int *nrest)
{
	int i;

	*nrest = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		struct strlist *l = NULL;
		const char *v = NULL;
		if (!strcmp(a, "--owner") || !strcmp(a, "--co-owner")) {
			if (i + 1 >= argc) {
				cli_errorf("edit: tùy chọn '%s' cần một giá trị", a);
				return EXIT_USAGE;
			}
			l = a[2] == 'o' ? owners : co;
			v = argv[++i];
		} else if (!strncmp(a, "--owner=", 8)) {
			l = owners;
			v = a + 8;
		} else if (!strncmp(a, "--co-owner=", 11)) {
			l = co;
			v = a + 11;
		} else if (!strcmp(a, "--")) {
			for (; i < argc; i++)
				rest[(*nrest)++] = argv[i];
			break;
		} else {
			rest[(*nrest)++] = argv[i];
			continue;
		}
		*(l == owners ? set_owners : set_co) = 1;
		if (strcmp(v, "none"))
			strlist_add(l, v);
	}
	return 0;
}

static int parse_kind(const char *v, enum due_kind *k)
{
	if (!strcmp(v, "before"))
		*k = DUE_BEFORE;
	else if (!strcmp(v, "by"))
		*k = DUE_BY;
	else if (!strcmp(v, "within"))
		*k = DUE_WITHIN;
	else
		return -1;
	return 0;
}

int cmd_edit(struct cli_global *g, int argc, char **argv)
{
	const char *task = NULL, *notice = NULL, *due = NULL, *kind = NULL, *recur = NULL;
	const char *text = NULL, *note = NULL, *actor = NULL, *number = NULL, *date = NULL;
	const char *type = NULL, *title = NULL, *signer = NULL;
	struct strlist owners = {0}, co = {0};
	char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	int nrest = 0, npos = 0, help = 0, set_owners = 0, set_co = 0, rc;
	struct store *s = NULL;
	struct err err;
	long long id = 0, version = 0;
	const struct cli_opt defs[] = {
		{"--task", 1, &task, NULL},
		{"--notice", 1, &notice, NULL},
		{"--due", 1, &due, NULL},
		{"--kind", 1, &kind, NULL},
		{"--recurrence", 1, &recur, NULL},
		{"--text", 1, &text, NULL},
		{"--note", 1, &note, NULL},
		{"--actor", 1, &actor, NULL},
		{"--number", 1, &number, NULL},
		{"--date", 1, &date, NULL},
		{"--type", 1, &type, NULL},
		{"--title", 1, &title, NULL},
		{"--signer", 1, &signer, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&err, 0, sizeof(err));
	if ((rc = split_units(argc, argv, &owners, &co, &set_owners, &set_co, rest, &nrest)) ||
	    (rc = cli_parse_opts(g, "edit", nrest, rest, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(edit_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos || !task == !notice ||
	    (task && (number || date || type || title || signer)) ||
	    (notice && (due || kind || recur || text || actor || set_owners || set_co))) {
		cli_errorf("edit: cần --task với các trường của nhiệm vụ, hoặc --notice với các trường của văn bản\n%s",
			   edit_usage);
		goto out;
	}
	if (cli_id("edit", task ? "--task" : "--notice", task ? task : notice, &id))
		goto out;
	if (task) {
		struct store_task_edit e;
		memset(&e, 0, sizeof(e));
		e.task_id = id;
		if (due) {
			e.set |= STORE_EDIT_DUE;
			if ((rc = date_opt(due, "due", &e.due, &err)))
				goto bad;
		}
		if (kind) {
			e.set |= STORE_EDIT_KIND;
			if (parse_kind(kind, &e.kind)) {
				err_key(&err, ERR_INVAL, "due_kind", NULL, "bad kind '%s'", kind);
				snprintf(err.field, sizeof(err.field), "due_kind");
				goto bad;
			}
		}
		if (recur) {
			e.set |= STORE_EDIT_RECUR;
			e.rrule = recur;
		}
		if (text) {
			e.set |= STORE_EDIT_TEXT;
			e.text = text;
		}
		if (set_owners) {
			e.set |= STORE_EDIT_OWNERS;
			e.owners = owners.v;
			e.n_owners = owners.n;
		}
		if (set_co) {
			e.set |= STORE_EDIT_CO_OWNERS;
			e.co_owners = co.v;
			e.n_co_owners = co.n;
		}
		e.note = note;
		e.actor = actor;
		if ((rc = cli_prepare(g, &s)))
			goto out;
		if (store_edit_task(s, g->units, &e, &version, &err))
			goto bad;
		printf("Đã sửa nhiệm vụ %lld (phiên bản %lld)\n", id, version);
	} else {
		struct store_notice_edit e;
		memset(&e, 0, sizeof(e));
		e.notice_id = id;
		if (number) {
			e.set |= STORE_EDIT_NUMBER;
			e.number = number;
		}
		if (date) {
			e.set |= STORE_EDIT_DATE;
			if ((rc = date_opt(date, "date", &e.date, &err)))
				goto bad;
		}
		if (type) {
			e.set |= STORE_EDIT_TYPE;
			e.type = type;
		}
		if (title) {
			e.set |= STORE_EDIT_TITLE;
			e.title = title;
		}
		if (signer) {
			e.set |= STORE_EDIT_SIGNER;
			e.signer = signer;
		}
		e.note = note;
		if ((rc = cli_prepare(g, &s)))
			goto out;
		if (store_edit_notice(s, &e, &version, &err))
			goto bad;
		printf("Đã sửa văn bản %lld (phiên bản %lld)\n", id, version);
	}
	rc = EXIT_OK;
	goto out;
bad:
	rc = err.code == ERR_INVAL || err.code == ERR_NOTFOUND || err.code == ERR_CONFLICT
	     ? bad_value(&err) : cli_store_fail(&err);
out:
	strlist_release(&owners);
	strlist_release(&co);
	free(rest);
	free(pos);
	return rc;
}
