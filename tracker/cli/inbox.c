/*
 * cli/inbox.c - the office's inbox (tracker inbox) and its decisions on
 * many work items at once (tracker bulk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "tracker/cli/cli.h"
#include "tracker/json/inbox_json.h"
#include "tracker/json/store_json.h"
#include "tracker/store/units.h"

/* ---- inbox --------------------------------------------------------------------- */

static const char inbox_usage[] =
	"usage: tracker inbox [--unit U] [--today D] [--json]\n"
	"\n"
	"Lists what waits for the office: work reported done (to confirm),\n"
	"extension requests (to approve or refuse) and work the office returned\n"
	"that the unit has not reported again, with a count per list.  --unit\n"
	"keeps one unit's items.  --json prints what GET /api/inbox serves.\n";

static const char *const inbox_titles[STORE_INBOX_KINDS] = {
	[STORE_INBOX_CONFIRM] = "Chờ xác nhận hoàn thành",
	[STORE_INBOX_EXTENSION] = "Đề nghị gia hạn",
	[STORE_INBOX_RETURNED] = "Việc đã trả lại",
};

struct inbox_print {
	int kind; /* the list being printed, -1 before the first */
};

static int print_inbox_item(enum store_inbox_kind k, const struct store_item *it, void *arg)
{
	struct inbox_print *p = arg;
	char day[11];

	if (p->kind != (int)k) {
		printf("\n%s:\n", inbox_titles[k]);
		p->kind = (int)k;
	}
	printf("  ");
	cli_print_item(it);
	if (k == STORE_INBOX_EXTENSION && it->requested_to.y) {
		ymd_format(it->requested_to, day);
		printf("        xin gia hạn đến %s: %s\n", day,
		       it->request_reason ? it->request_reason : "");
	} else if (k == STORE_INBOX_CONFIRM && it->reported_on.y) {
		ymd_format(it->reported_on, day);
		printf("        báo cáo hoàn thành ngày %s\n", day);
	} else if (k == STORE_INBOX_RETURNED && it->decided_note) {
		printf("        trả lại: %s\n", it->decided_note);
	}
	return 0;
}

int cmd_inbox(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc;
	const char *unit = NULL, *today = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store *s = NULL;
	struct err err;
	struct ymd day;
	long long unit_id = 0;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--unit", 1, &unit, NULL},
		{"--today", 1, &today, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = cli_parse_opts(g, "inbox", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(inbox_usage, stdout);
		goto out;
	}
	if (npos) {
		cli_errorf("inbox: lệnh này không nhận tham số\n%s", inbox_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_today_opt("inbox", today, &day)))
		goto out;
	g->units_asked = unit != NULL;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (unit && g->units && unitdir_canonical(g->units, unit))
		unit = unitdir_canonical(g->units, unit);
	if (unit && store_unit_id(s, unit, &unit_id, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = NULL;
		if (store_inbox_json(s, unit_id, day, &root, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		cli_print_json(&root);
	} else {
		struct inbox_print p = {-1};
		long n[STORE_INBOX_KINDS];
		if (store_inbox(s, unit_id, day, print_inbox_item, &p, n, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		printf("%sHộp việc: %ld chờ xác nhận, %ld đề nghị gia hạn, %ld việc đã trả lại\n",
		       p.kind < 0 ? "" : "\n", n[STORE_INBOX_CONFIRM], n[STORE_INBOX_EXTENSION],
		       n[STORE_INBOX_RETURNED]);
	}
out:
	free(pos);
	return rc;
}

/* ---- bulk --------------------------------------------------------------------- */

static const char bulk_usage[] =
	"usage: tracker bulk ACTION ITEM... [--note TEXT] [--on D | --to D]\n"
	"                    [--actor NAME] [--today D] [--json]\n"
	"\n"
	"Applies one office action to many work items in one transaction: all\n"
	"of them, or none when one does not fit (the error names it).  ACTION is\n"
	"confirm, reopen (--note why), approve, refuse (--note why), grant\n"
	"(--to D --note), or close (done on --on D, default today; for periods\n"
	"nobody reported).  ITEMs are work item ids, separately or comma\n"
	"separated; at most 1000.  One history event per item.\n";

static int print_after(const struct store_item *it, void *arg)
{
	cJSON *list = arg;

	if (list)
		cJSON_AddItemToArray(list, store_item_json(it));
	else
		cli_print_item(it);
	return 0;
}

int cmd_bulk(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc, i;
	const char *note = NULL, *on = NULL, *to = NULL, *actor = NULL, *today = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store *s = NULL;
	struct store_act a;
	struct err err;
	long long *ids = NULL, bad = 0;
	size_t n = 0, alloc = 0;
	cJSON *root = NULL, *list = NULL;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--note", 1, &note, NULL},
		{"--on", 1, &on, NULL},
		{"--to", 1, &to, NULL},
		{"--actor", 1, &actor, NULL},
		{"--today", 1, &today, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	a.percent = -1;
	if ((rc = cli_parse_opts(g, "bulk", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(bulk_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos < 2 || store_action_parse(pos[0], &a.action) ||
	    !store_action_is_office(a.action)) {
		cli_errorf("bulk: cần một việc của văn phòng và các số hiệu lượt việc\n%s", bulk_usage);
		goto out;
	}
	for (i = 1; i < npos; i++) {
		char *copy = xstrdup(pos[i]), *p, *save = NULL;
		for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			ALLOC_GROW(ids, n + 1, alloc);
			if (cli_id("bulk", "mã công việc", p, &ids[n])) {
				free(copy);
				goto out;
			}
			n++;
		}
		free(copy);
	}
	if ((on && status_parse_date(on, &a.date)) || (to && status_parse_date(to, &a.date))) {
		cli_errorf("bulk: --on và --to nhận ngày dạng YYYY-MM-DD");
		goto out;
	}
	if ((rc = cli_today_opt("bulk", today, &a.today)))
		goto out;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	a.note = note;
	a.actor = actor;
	if (json) {
		root = cJSON_CreateObject();
		cJSON_AddStringToObject(root, "action", store_action_name(a.action));
		list = cJSON_AddArrayToObject(root, "items");
	}
	if (store_act_many(s, &a, ids, n, &bad, print_after, list, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	if (root) {
		cJSON_AddNumberToObject(root, "count", (double)n);
		cli_print_json(&root);
	}
out:
	cJSON_Delete(root);
	free(ids);
	free(pos);
	return rc;
}
