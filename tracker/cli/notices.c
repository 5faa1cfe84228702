/*
 * cli/notices.c - the commands about notices and their tasks: parse, import,
 * list and show.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cJSON.h>

#include "tracker/cli/cli.h"
#include "tracker/core/history.h"
#include "tracker/unitlearn.h"
#include "tracker/json/notice_json.h"
#include "tracker/json/store_json.h"
#include "tracker/store/search.h"
#include "tracker/textin/textin.h"

/* ---- parse -------------------------------------------------------------- */

static const char parse_usage[] =
	"usage: tracker parse [--json [--explain] | --text] [--units FILE] [--encoding ENC] FILE\n"
	"\n"
	"Prints the metadata and the tasks found in a notice (FILE '-' reads\n"
	"stdin): a table, or with --json the JSON of the parser's contract.\n"
	"FILE may be a Word .docx, a PDF with a text layer, or text in UTF-8,\n"
	"TCVN3 (.VnTime) or Windows-1258, told apart by content; --encoding\n"
	"tcvn3|cp1258|utf-8 says which a text file is instead of recognising it.\n"
	"--text prints the text read from FILE, as the parser gets it: words\n"
	"run together (\"Kínhgửi\", \"tháng8\") split, each split named on stderr.\n"
	"--explain adds to each task of --json why it was read so (in English).\n"
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
	cli_put_col("REF", 10);
	cli_put_col("LINE", 5);
	cli_put_col("DUE", 10);
	cli_put_col("KIND", 6);
	cli_put_col("LEAD", 30);
	fputs("SUPPORT\n", stdout);
	for (i = 0; i < n->n_tasks; i++) {
		const struct notice_task *t = &n->tasks[i];
		struct sbuf sb;
		char line[16];

		sbuf_init(&sb, 0);
		snprintf(line, sizeof(line), "%d", t->line);
		ymd_format(t->due, date);
		cli_put_col(t->ref, 10);
		cli_put_col(line, 5);
		cli_put_col(date[0] ? date : "-", 10);
		cli_put_col(t->due.y ? due_kind_name(t->due_kind) : "-", 6);
		for (j = 0; j < t->n_owners; j++)
			sbuf_addf(&sb, "%s%s", j ? "; " : "", t->owners[j]);
		cli_put_col(sb.len ? sb.buf : "-", 30);
		sbuf_reset(&sb);
		for (j = 0; j < t->n_co_owners; j++)
			sbuf_addf(&sb, "%s%s", j ? "; " : "", t->co_owners[j]);
		printf("%s\n", sb.len ? sb.buf : "-");
		if (t->freq != REC_NONE)
			printf("           recurs %s%s%s\n", rec_freq_name(t->freq),
			       t->rrule ? " " : "", t->rrule ? t->rrule : "");
		fputs("           ", stdout);
		cli_put_last(t->text, 100);
		sbuf_release(&sb);
	}
}

int cmd_parse(struct cli_global *g, int argc, char **argv)
{
	int json = 0, explain = 0, help = 0, npos = 0, rc;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct notice *n = NULL;
	struct err e;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--explain", 0, NULL, &explain},
		{"--encoding", 1, &g->encoding, NULL},
		{"--text", 0, NULL, &g->text_only},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = cli_parse_opts(g, "parse", argc, argv, defs, pos, &npos, &help)) ||
	    (rc = cli_encoding_opt("parse", g->encoding)))
		goto out;
	if (help) {
		fputs(parse_usage, stdout);
		goto out;
	}
	if (npos != 1) {
		cli_errorf("parse: cần đúng một tệp FILE\n%s", parse_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_prepare(g, NULL)))
		goto out;
	if ((rc = cli_parse_file(g, pos[0], &n, &e))) {
		cli_errorf("%s", e.msg);
		goto out;
	}
	if (g->text_only) {
		/* cli_parse_file() printed the text. */
	} else if (json) {
		cJSON *root = notice_json(n);
		if (explain) {
			/* The parser's reasons, beside each task: for the import
			 * preview and for whoever corrects a reading. */
			cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "tasks")->child;
			size_t i;
			for (i = 0; t && i < n->n_tasks; i++, t = t->next) {
				cJSON *x = cJSON_AddObjectToObject(t, "explain");
				json_add_str(x, "task", n->tasks[i].why_task);
				json_add_str(x, "owners", n->tasks[i].why_owners);
				json_add_str(x, "due", n->tasks[i].why_due);
			}
		}
		cli_print_json(&root);
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
		cli_errorf("không mở được thư mục '%s': %s", dir, strerror(errno));
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

/*
 * Imports one file: prints its summary line, or with `out` adds its JSON
 * there.  A failure is reported as "FAILED  FILE...: reason" on stderr.
 * Returns the file's exit code.  counts[]: new, unchanged, corrected, failed.
 */
static int import_one(struct cli_global *g, struct store *s, const char *path,
		      long long replace_id, cJSON *out, int *counts)
{
	struct store_import_opts opts = {0};
	struct store_import_result res = {0};
	struct err err;
	struct err e;
	struct notice *n = NULL;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	int rc;

	g->documents_only = 1;
	if ((rc = cli_parse_file(g, path, &n, &e)))
		goto out;
	/* Stored all the same: a letter or report may assign nothing. */
	if (!n->n_tasks)
		fprintf(stderr, "tracker: cảnh báo: %s: không tìm thấy nhiệm vụ nào trong văn bản\n", name);
	opts.source_name = name;
	opts.units = g->units;
	opts.replace_id = replace_id;
	opts.today = g->today;
	if (store_import(s, n, &opts, &res, &err)) {
		rc = err.code == ERR_NOTFOUND || err.code == ERR_INVAL ? EXIT_DATAERR
		     : err.code == ERR_IO ? EXIT_IOERR : EXIT_SOFTWARE;
		err_set(&e, err.code, "%s: %s", name, err.msg);
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

int cmd_import(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc, i;
	int counts[4] = {0, 0, 0, 0}; /* new, unchanged, corrected, failed */
	const char *replace = NULL, *today = NULL;
	long long replace_id = 0;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct strlist files = {0};
	struct store *s = NULL;
	cJSON *out = NULL;
	size_t k;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--replace", 1, &replace, NULL},
		{"--today", 1, &today, NULL},
		{"--encoding", 1, &g->encoding, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = cli_parse_opts(g, "import", argc, argv, defs, pos, &npos, &help)) ||
	    (rc = cli_encoding_opt("import", g->encoding)))
		goto out;
	if (help) {
		fputs(import_usage, stdout);
		goto out;
	}
	if (!npos) {
		cli_errorf("import: cần tệp FILE... hoặc thư mục DIR\n%s", import_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if (today && (rc = cli_today_opt("import", today, &g->today)))
		goto out;
	if (replace && (rc = cli_id("import", "--replace", replace, &replace_id)))
		goto out;
	if (replace && npos != 1) {
		cli_errorf("import: --replace cần số hiệu văn bản và đúng một tệp FILE");
		rc = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < npos; i++) {
		struct stat sb;
		if (strcmp(pos[i], "-") && !stat(pos[i], &sb) && S_ISDIR(sb.st_mode)) {
			if (replace) {
				cli_errorf("import: --replace nhận một tệp FILE, không nhận thư mục");
				rc = EXIT_USAGE;
				goto out;
			}
			rc = cli_worse(rc, expand_dir(pos[i], &files));
		} else {
			strlist_add(&files, pos[i]);
		}
	}
	if (rc)
		goto out;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	/* The parser reads the directory with the names the office taught. */
	{
		struct unitdir *learned = NULL;
		struct err lerr;
		if (!unitlearn_dir(s, g->units, &learned, &lerr) && learned) {
			unitdir_free(&g->units);
			g->units = learned;
		}
	}
	out = json ? cJSON_CreateArray() : NULL;
	for (k = 0; k < files.n; k++)
		rc = cli_worse(rc, import_one(g, s, files.v[k], replace_id, out, counts));
	if (out)
		cli_print_json(&out);
	else
		printf("%zu file%s: %d new, %d unchanged, %d corrected, %d failed\n",
		       files.n, files.n == 1 ? "" : "s", counts[0], counts[1], counts[2],
		       counts[3]);
out:
	cJSON_Delete(out);
	strlist_release(&files);
	free(pos);
	return rc;
}

/* ---- list --------------------------------------------------------------- */

static const char list_usage[] =
	"usage: tracker list [--unit U] [--status S] [--due-from D] [--due-to D]\n"
	"                    [--notice ID] [--today D] [--removed] [--json]\n"
	"       tracker list --items [--unit U] [--task T] [--status S] [--open] [--today D] [--json]\n"
	"       tracker list (--csv | --xlsx FILE) [--unit U] [--task T] [--notice ID] [--status S]\n"
	"                    [--open] [--due-from D] [--due-to D] [--today D]\n"
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
	"done_late; --status also takes awaiting and long_overdue.\n"
	"--csv (to stdout) and --xlsx FILE export every work item the dashboard's\n"
	"list shows for the same filters, with the same Vietnamese columns (dates\n"
	"dd/mm/yyyy; the workbook with dates and numbers as such).\n";

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
		cli_print_item(it);
	return 0;
}

/* list --items: work items through the store's scan (flat memory). */
static int list_items(struct store *s, const char *unit, const char *task,
		      const char *status, int open, struct ymd today, int json)
{
	struct store_item_filter f;
	struct item_list l;
	struct err err;
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
			cli_errorf("list: không có tình trạng '%s'", status);
			return EXIT_USAGE;
		} else
			l.status = (int)ts;
	}
	if (task && cli_id("list", "--task", task, &f.task_id))
		return EXIT_USAGE;
	if (unit && store_unit_id(s, unit, &f.unit_id, &err))
		return cli_store_fail(&err);
	if (json)
		l.arr = cJSON_CreateArray();
	else
		printf("%-6s %-6s %-28s %-10s %s\n", "ITEM", "TASK", "UNIT", "DEADLINE", "STATUS");
	if (store_scan_items(s, &f, list_item, &l, &err))
		rc = cli_store_fail(&err);
	else if (json)
		cli_print_json(&l.arr);
	cJSON_Delete(l.arr);
	return rc;
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

	cli_put_col("ID", 5);
	cli_put_col("NOTICE", 14);
	cli_put_col("REF", 9);
	cli_put_col("DUE", 10);
	cli_put_col("STATUS", 26);
	cli_put_col("LEAD", 28);
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
		cli_put_col(id, 5);
		cli_put_col(t->notice_number ? t->notice_number : "-", 14);
		cli_put_col(t->ref, 9);
		cli_put_col(due[0] ? due : "-", 10);
		cli_put_col(st, 26);
		cli_put_col(sb.len ? sb.buf : "-", 28);
		cli_put_last(t->text, 70);
		sbuf_release(&sb);
	}
}

/* list --csv / --xlsx: the filters as the dashboard's list reads them. */
static int list_export(struct cli_global *g, const char *unit, const char *task,
		       const char *notice, const char *status, int open, const char *from,
		       const char *to, const char *today, const char *xlsx)
{
	struct store_item_query q;
	struct store *s = NULL;
	struct err err;
	enum task_status ts;
	int rc;

	memset(&q, 0, sizeof(q));
	q.status = -1;
	if (status) {
		unsigned fl = store_qflag_parse(status);
		if (!strcmp(status, "sắp đến hạn"))
			fl = STORE_QF_DUE_SOON;
		else if (!strcmp(status, "chờ xác nhận"))
			fl = STORE_QF_AWAITING;
		else if (!strcmp(status, "quá hạn dài ngày"))
			fl = STORE_QF_LONG_OVERDUE;
		if (fl) {
			q.flags |= fl;
		} else if (status_parse(status, &ts)) {
			cli_errorf("list: không có tình trạng '%s'", status);
			return EXIT_USAGE;
		} else {
			q.status = (int)ts;
		}
	}
	if (open)
		q.flags |= STORE_QF_OPEN;
	if ((from && status_parse_date(from, &q.due_from)) ||
	    (to && status_parse_date(to, &q.due_to))) {
		cli_errorf("list: --due-from và --due-to nhận ngày dạng YYYY-MM-DD");
		return EXIT_USAGE;
	}
	if ((task && cli_id("list", "--task", task, &q.task_id)) ||
	    (notice && cli_id("list", "--notice", notice, &q.notice_id)))
		return EXIT_USAGE;
	if ((rc = cli_today_opt("list", today, &q.today)) || (rc = cli_prepare(g, &s)))
		return rc;
	if (unit && g->units && unitdir_canonical(g->units, unit))
		unit = unitdir_canonical(g->units, unit);
	if (unit && store_unit_id(s, unit, &q.unit_id, &err))
		return cli_store_fail(&err);
	return cli_list_export(s, &q, xlsx);
}

int cmd_list(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, removed = 0, items = 0, open = 0, npos = 0, csv = 0, rc;
	const char *unit = NULL, *status = NULL, *from = NULL, *to = NULL, *task = NULL;
	const char *notice = NULL, *today = NULL, *xlsx = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store_task_filter f;
	struct store_task_list l = {0};
	struct store *s = NULL;
	struct err err;
	const struct cli_opt defs[] = {
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
		{"--csv", 0, NULL, &csv},
		{"--xlsx", 1, &xlsx, NULL},
		{NULL, 0, NULL, NULL},
	};

	memset(&f, 0, sizeof(f));
	f.status = -1;
	if ((rc = cli_parse_opts(g, "list", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(list_usage, stdout);
		goto out;
	}
	rc = EXIT_USAGE;
	if (npos) {
		cli_errorf("list: tham số thừa '%s'\n%s", pos[0], list_usage);
		goto out;
	}
	/* The directory only serves to read --unit's spelling. */
	g->units_asked = unit != NULL;
	if (csv || xlsx) {
		if ((csv && xlsx) || json || items || removed) {
			cli_errorf("list: --csv hoặc --xlsx FILE không đi cùng --json, --items hay --removed");
			goto out;
		}
		rc = list_export(g, unit, task, notice, status, open, from, to, today, xlsx);
		goto out;
	}
	if (items) {
		if ((rc = cli_today_opt("list", today, &f.today)) ||
		    (rc = cli_prepare(g, &s)))
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
			cli_errorf("list: không có tình trạng '%s' (no_deadline, in_progress, "
			       "overdue, due_soon)", status);
			goto out;
		} else {
			f.status = (int)ts;
		}
	}
	if ((from && status_parse_date(from, &f.due_from)) ||
	    (to && status_parse_date(to, &f.due_to))) {
		cli_errorf("list: --due-from và --due-to nhận ngày dạng YYYY-MM-DD");
		goto out;
	}
	if (notice && cli_id("list", "--notice", notice, &f.notice_id))
		goto out;
	if ((rc = cli_today_opt("list", today, &f.today)))
		goto out;
	f.include_removed = removed;
	if ((rc = cli_prepare(g, &s)))
		goto out;
	/* Accept any spelling the directory knows; the store matches exactly. */
	f.unit = unit && g->units && unitdir_canonical(g->units, unit)
			 ? unitdir_canonical(g->units, unit) : unit;
	if (store_list_tasks(s, &f, &l, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = cJSON_CreateArray();
		size_t i;
		for (i = 0; i < l.n; i++)
			cJSON_AddItemToArray(root, store_task_json(&l.v[i], 0));
		cli_print_json(&root);
	} else {
		print_task_rows(&l);
	}
out:
	store_task_list_release(&l);
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

/* Each event as the office reads it: local time, who, what (history.h). */
static void print_events(const struct store_event *v, size_t n, const char *indent)
{
	struct sbuf sb;
	size_t i;

	sbuf_init(&sb, 0);
	for (i = 0; i < n; i++) {
		const struct store_event *e = &v[i];
		sbuf_reset(&sb);
		history_text(&sb, e->kind, e->actor, e->at, e->note, e->data, e->task_id == 0);
		printf("%s%s\n", indent, sb.buf);
	}
	sbuf_release(&sb);
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

int cmd_show(struct cli_global *g, int argc, char **argv)
{
	int json = 0, help = 0, npos = 0, rc;
	const char *task = NULL, *today = NULL;
	char **pos = xcalloc((size_t)argc + 1, sizeof(*pos));
	struct store *s = NULL;
	struct store_notice *n = NULL;
	struct store_task *t = NULL;
	struct err err;
	struct ymd td;
	long long id = 0;
	const struct cli_opt defs[] = {
		{"--json", 0, NULL, &json},
		{"--task", 1, &task, NULL},
		{"--today", 1, &today, NULL},
		{NULL, 0, NULL, NULL},
	};

	if ((rc = cli_parse_opts(g, "show", argc, argv, defs, pos, &npos, &help)))
		goto out;
	if (help) {
		fputs(show_usage, stdout);
		goto out;
	}
	if (task ? npos != 0 : npos != 1) {
		cli_errorf("show: cần NOTICE_ID hoặc --task TASK_ID\n%s", show_usage);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_id("show", task ? "--task" : "mã văn bản", task ? task : pos[0], &id)))
		goto out;
	if ((rc = cli_today_opt("show", today, &td)) || (rc = cli_prepare(g, &s)))
		goto out;
	if (task) {
		if (store_get_task(s, id, td, &t, &err)) {
			rc = cli_store_fail(&err);
			goto out;
		}
		if (json) {
			cJSON *root = store_task_json(t, 1);
			cli_print_json(&root);
		} else {
			print_task_detail(t, td, 1);
		}
		goto out;
	}
	if (store_get_notice(s, id, td, &n, &err)) {
		rc = cli_store_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = store_notice_json(n);
		cli_print_json(&root);
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
	free(pos);
	return rc;
}

