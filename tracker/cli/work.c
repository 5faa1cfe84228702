/*
 * cli/work.c - the work items' lifecycle (progress, done, confirm, reopen,
 * extend, approve, refuse) and the mail: remind and report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#include "tracker/cli/cli.h"
#include "tracker/mail/deliver.h"
#include "tracker/mail/mail.h"
#include "tracker/mail/send.h"
#include "tracker/remind.h"
#include "tracker/report.h"
#include "tracker/json/store_json.h"
#include "tracker/core/utf8.h"
#include "tracker/store/attach.h"
#include "tracker/store/search.h"
#include "tracker/textin/textin.h"

/* ---- Lifecycle actions ------------------------------------------------------ */

static const char act_usage[] =
	"usage: tracker ACTION (ITEM | --task T --unit U) [options]\n"
	"\n"
	"ACTION is one of:\n"
	"  progress  a unit reports progress (--note, optional --percent)\n"
	"  done      a unit reports completion (--on D, default today; --file F\n"
	"            attaches a PDF, .docx, .xlsx or image of at most 10 MiB); the\n"
	"            work then awaits confirmation (chờ xác nhận)\n"
	"  confirm   the office confirms: done on the day the unit reported\n"
	"  reopen    the office returns reported or done work (--note why)\n"
	"  extend    a unit asks for a new deadline (--to D --note REASON)\n"
	"  approve   the office grants the extension waiting (--note optional)\n"
	"  refuse    the office refuses it (--note why)\n"
	"  grant     the office sets a new deadline itself (--to D --note)\n"
	"  close     the office closes open work: done on --on D (default today)\n"
	"\n"
	"ITEM is a work item id ('tracker list --items'); or name the task and the\n"
	"lead unit.  --actor NAME goes into the history (default: the unit for\n"
	"progress/done/extend, 'office' otherwise).  --today D (YYYY-MM-DD)\n"
	"replaces today's date.  --json prints the item after the action.\n";

/*
 * The document of `tracker done --file F`, judged as the server judges an
 * upload: at most STORE_ATTACH_MAX bytes, its type found from its bytes.
 */
static int read_doc(const char *path, struct sbuf *data, struct store_file_in *doc,
		    char **name, struct err *err)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	const char *ext = NULL, *base;
	size_t got;

	memset(err, 0, sizeof(*err));
	if (!f)
		return err_set(err, ERR_IO, "cannot open '%s'", path);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0 && !data->toobig)
		sbuf_add(data, buf, got);
	fclose(f);
	if (data->toobig || data->len > STORE_ATTACH_MAX)
		return err_key(err, ERR_TOOBIG, "attach_too_big", "10 MiB", "'%s' is over 10 MiB", path);
	if (!(doc->ctype = textin_attachment_type(data->buf, data->len, &ext)))
		return err_key(err, ERR_UNSUPPORTED, "attach_type", NULL,
			       "'%s' is not a PDF, .docx, .xlsx or image", path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	*name = store_attach_name(utf8_check_str(base) ? base : NULL, ext);
	doc->name = *name;
	doc->data = data->buf;
	doc->size = data->len;
	return 0;
}

static int cmd_act(struct cli_global *g, enum store_action action, int argc, char **argv)
{
	const char *name = store_action_name(action);
	int json = 0, help = 0, npos = 0, rc;
	const char *task = NULL, *unit = NULL, *note = NULL, *on = NULL, *to = NULL;
	const char *percent = NULL, *actor = NULL, *today = NULL, *file = NULL;
	struct store_file_in doc;
	char *doc_name = NULL;
	struct sbuf doc_data;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store *s = NULL;
	struct err err;
	struct store_act a;
	struct store_item after;
	long long task_id = 0;
	const struct cli_opt defs[] = {
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
		{"--file", 1, &file, NULL},
		{NULL, 0, NULL, NULL},
	};

	sbuf_init(&doc_data, STORE_ATTACH_MAX + 1);
	memset(&a, 0, sizeof(a));
	memset(&after, 0, sizeof(after));
	a.action = action;
	a.percent = -1;
	if ((rc = cli_parse_opts(g, name, argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(act_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if ((npos == 1) == (task != NULL) || (task && !unit) || npos > 1) {
		cli_errorf("%s: cần số hiệu lượt việc, hoặc --task và --unit\n%s", name, act_usage);
		goto out;
	}
	if ((npos && cli_id(name, "mã công việc", pos[0], &a.item_id)) ||
	    (task && cli_id(name, "--task", task, &task_id)))
		goto out;
	if ((on && status_parse_date(on, &a.date)) || (to && status_parse_date(to, &a.date))) {
		cli_errorf("%s: --on và --to nhận ngày dạng YYYY-MM-DD", name);
		goto out;
	}
	if (percent) {
		char *end;
		long p = strtol(percent, &end, 10);
		if (end == percent || *end || p < 0 || p > 100) {
			cli_errorf("%s: --percent nhận số từ 0 đến 100", name);
			goto out;
		}
		a.percent = (int)p;
	}
	if ((rc = cli_today_opt(name, today, &a.today)))
		goto out;
	/* The directory only serves to read --unit's spelling. */
	g->units_asked = unit != NULL;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	if (unit && g->units && unitdir_canonical(g->units, unit))
		unit = unitdir_canonical(g->units, unit);
	if (task && store_find_item(s, task_id, unit, action, &a.item_id, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	a.note = note;
	a.actor = actor;
	if (file) {
		if (action != STORE_ACT_DONE) {
			cli_errorf("%s: --file chỉ đi cùng done", name);
			rc = EXIT_USAGE;
			goto out;
		}
		if ((rc = read_doc(file, &doc_data, &doc, &doc_name, &err))) {
			rc = cli_store_fail(&err);
			goto out;
		}
		a.file = &doc;
	}
	if (store_act(s, &a, &after, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *o = store_item_json(&after);
		cli_print_json(&o);
	} else {
		cli_print_item(&after);
	}
out:
	store_item_release(&after);
	sbuf_release(&doc_data);
	free(doc_name);
	free(pos);
	return rc;
}

#define ACT_CMD(fn, act) \
	int fn(struct cli_global *g, int argc, char **argv) { return cmd_act(g, act, argc, argv); }
ACT_CMD(cmd_progress, STORE_ACT_PROGRESS)
ACT_CMD(cmd_done, STORE_ACT_DONE)
ACT_CMD(cmd_confirm, STORE_ACT_CONFIRM)
ACT_CMD(cmd_reopen, STORE_ACT_REOPEN)
ACT_CMD(cmd_extend, STORE_ACT_EXTEND)
ACT_CMD(cmd_approve, STORE_ACT_APPROVE)
ACT_CMD(cmd_refuse, STORE_ACT_REFUSE)
ACT_CMD(cmd_grant, STORE_ACT_GRANT)
ACT_CMD(cmd_close, STORE_ACT_CLOSE)

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
	cli_put_col(it->unit ? it->unit : "-", 28);
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
		cli_errorf("%s: %s nhận số ngày", cmd, opt);
		return EXIT_USAGE;
	}
	*out = (int)d;
	return 0;
}

int cmd_remind(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, dry = 0, npos = 0, rc;
	const char *today = NULL, *before = NULL, *every = NULL, *esc = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char *office_email = NULL, *office_name = NULL;
	struct cli_mail_opts mo;
	struct outmail_conf mc;
	struct deliver_conf dc;
	struct remind_opts o;
	struct remind_stats st;
	struct store *s = NULL;
	struct err err;
	struct ymd day;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--today", 1, &today, NULL},
		{"--dry-run", 0, NULL, &dry},
		{"--before", 1, &before, NULL},
		{"--every", 1, &every, NULL},
		{"--escalate-after", 1, &esc, NULL},
		CLI_MAIL_OPTS(mo),
		{NULL, 0, NULL, NULL},
	};

	memset(&mo, 0, sizeof(mo));
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	remind_rules_default(&o.rules);
	if ((rc = cli_parse_opts(g, "remind", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(remind_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos) {
		cli_errorf("remind: tham số thừa '%s'\n%s", pos[0], remind_usage);
		goto out;
	}
	if (before && remind_rules_parse_before(&o.rules, before)) {
		cli_errorf("remind: --before nhận số ngày, ví dụ 7,1");
		goto out;
	}
	if ((rc = parse_days("remind", "--every", every, 0, &o.rules.overdue_every)) ||
	    (rc = parse_days("remind", "--escalate-after", esc, 0, &o.rules.escalate_after)) ||
	    (rc = cli_today_opt("remind", today, &day)) || (rc = cli_prepare(g, &s)) ||
	    (rc = cli_mail_setup(g, s, &mo, day, &mc, &dc, &office_email, &office_name)))
		goto out;
	o.mail = &mc;
	o.deliver = &dc;
	o.dry_run = dry;
	if (!json) {
		o.on_pick = print_pick;
		o.arg = NULL;
	}
	if (mail_global_init()) {
		cli_errorf("remind: không khởi động được libcurl");
		rc = EXIT_SOFTWARE;
		goto out;
	}
	rc = remind_run(s, &o, &st, &err);
	mail_global_cleanup();
	if (rc) {
		rc = cli_store_fail(&err);
		goto out;
	}
	/* The day's maintenance, as the server's daily run does it (schedule.c);
	 * best effort: what a busy database leaves, tomorrow's run merges. */
	if (!dry) {
		struct err terr;
		int steps;
		store_search_tidy(s, STORE_TIDY_DAILY, &steps, &terr);
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
		cJSON_AddNumberToObject(r, "held_bad_address", (double)st.held);
		cJSON_AddNumberToObject(r, "sent", (double)st.delivery.sent);
		cJSON_AddNumberToObject(r, "failed", (double)st.delivery.failed);
		cli_print_json(&r);
	} else {
		printf("remind: %s %ld reminder(s) (%ld escalation(s)) from %ld open item(s)"
		       " due by the horizon; %ld mail(s) queued; %ld for units without an address\n",
		       dry ? "would send" : "decided", st.decided, st.escalations, st.scanned,
		       st.mails, st.no_address);
	}
	if (!dry)
		cli_print_delivery("remind", &st.delivery, &dc);
	cli_print_dirmail("remind", &st.bad, st.held);
	if (st.bad.n)
		rc = EXIT_DATAERR; /* every other unit was mailed; the directory needs a fix */
	if (st.delivery.failed)
		rc = EXIT_IOERR; /* cron mails the operator; the next run retries */
out:
	remind_stats_release(&st);
	free(office_email);
	free(office_name);
	free(pos);
	return rc;
}

/* ---- report ------------------------------------------------------------------ */

static const char report_usage[] =
	"usage: tracker report --weekly [--today D] [--smtp URL [--starttls] | --outbox DIR]\n"
	"                      [--base-url URL] [--from ADDR]\n"
	"       tracker report --table [--from-date D] [--to-date D] [--today D] [--csv | --json]\n"
	"       tracker report --table [--from-date D] [--to-date D] [--today D]\n"
	"                      --docx FILE | --xlsx FILE\n"
	"\n"
	"--weekly mails each unit its overdue work, work due in the next 14 days and\n"
	"work awaiting confirmation, and the office the summary table (with a CSV\n"
	"attachment) and the long-overdue list; once per ISO week.\n"
	"--table prints the upward summary per unit over notices dated in the range,\n"
	"as text, CSV (UTF-8 with BOM, for Excel) or JSON; with --docx, the report to\n"
	"the leadership as a Word document (Nghị định 30/2020/NĐ-CP, with an appendix\n"
	"of the overdue work); with --xlsx, the same as an Excel workbook.\n";

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

int cmd_report(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, weekly = 0, table = 0, csv = 0, npos = 0, rc, bad_dir = 0;
	const char *today = NULL, *from = NULL, *to = NULL, *docx = NULL, *xlsx = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	char *office_email = NULL, *office_name = NULL;
	struct cli_mail_opts mo;
	struct outmail_conf mc;
	struct deliver_conf dc;
	struct report_table t;
	struct deliver_stats ds;
	struct store *s = NULL;
	struct err err;
	struct ymd day, fd = {0, 0, 0}, td = {0, 0, 0};
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--weekly", 0, NULL, &weekly},
		{"--table", 0, NULL, &table},
		{"--csv", 0, NULL, &csv},
		{"--today", 1, &today, NULL},
		{"--from-date", 1, &from, NULL},
		{"--to-date", 1, &to, NULL},
		{"--docx", 1, &docx, NULL},
		{"--xlsx", 1, &xlsx, NULL},
		CLI_MAIL_OPTS(mo),
		{NULL, 0, NULL, NULL},
	};

	memset(&mo, 0, sizeof(mo));
	memset(&t, 0, sizeof(t));
	memset(&ds, 0, sizeof(ds));
	if ((rc = cli_parse_opts(g, "report", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(report_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos || weekly == table) {
		cli_errorf("report: cần --weekly hoặc --table\n%s", report_usage);
		goto out;
	}
	/* --from on --table is the date range's start, as the issue spells it. */
	if (table && mo.from && !from) {
		from = mo.from;
		mo.from = NULL;
	}
	if ((from && status_parse_date(from, &fd)) || (to && status_parse_date(to, &td))) {
		cli_errorf("report: --from-date và --to-date nhận ngày dạng YYYY-MM-DD");
		goto out;
	}
	if ((docx || xlsx) && (!table || json || csv)) {
		cli_errorf("report: --docx và --xlsx chỉ đi cùng --table");
		goto out;
	}
	if ((rc = cli_today_opt("report", today, &day)) || (rc = cli_prepare(g, &s)))
		goto out;
	if (docx || xlsx) {
		rc = cli_report_document(g, s, day, fd, td, docx, xlsx);
		goto out;
	}
	if (table) {
		struct sbuf sb;
		if (report_table_build(s, day, fd, td, &t, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		sbuf_init(&sb, 0);
		if (json) {
			cJSON *r = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(r, "units");
			size_t i;
			for (i = 0; i < t.n; i++)
				cJSON_AddItemToArray(rows, row_json(&t.v[i]));
			cJSON_AddItemToObject(r, "total", row_json(&t.sum));
			cli_print_json(&r);
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
	if ((rc = cli_mail_setup(g, s, &mo, day, &mc, &dc, &office_email, &office_name)))
		goto out;
	{
		struct report_weekly_stats ws;
		long mat = 0;
		if (store_materialize(s, day, &mat, &err) || report_weekly(s, &mc, &ws, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		printf("report: %ld unit mail(s) and %ld office mail(s) queued for the week;"
		       " %ld already queued before; %ld recipient(s) without an address\n",
		       ws.unit_mails, ws.office_mails, ws.already, ws.no_address);
		if (ws.bad_address) {
			struct dirmail_problems bad;
			if (!dirmail_problems(s, &bad, &err))
				cli_print_dirmail("report", &bad, -1);
			dirmail_problems_release(&bad);
			bad_dir = 1;
		}
	}
	if (mail_global_init()) {
		cli_errorf("report: không khởi động được libcurl");
		rc = EXIT_SOFTWARE;
		goto out;
	}
	rc = deliver_pending(s, &dc, &ds, &err);
	mail_global_cleanup();
	if (rc) {
		rc = cli_store_fail(&err);
		goto out;
	}
	cli_print_delivery("report", &ds, &dc);
	if (bad_dir)
		rc = EXIT_DATAERR;
	if (ds.failed)
		rc = EXIT_IOERR;
out:
	deliver_stats_release(&ds);
	report_table_release(&t);
	free(office_email);
	free(office_name);
	free(pos);
	return rc;
}

