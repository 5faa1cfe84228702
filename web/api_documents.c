/*
 * api_documents.c - the office's documents as downloads:
 *   GET /api/documents/urge/{id}       the urging letter to unit {id} (.docx)
 *   GET /api/documents/report.docx     the report to the leadership (.docx)
 *   GET /api/documents/report.xlsx     the same as a workbook
 * (?from=YYYY-MM-DD&to=YYYY-MM-DD: notices dated in the range).  Drafts for
 * the clerk: built on each request for today, never cached, attachments.
 * The .xlsx is streamed from its unlinked temporary file (MHD closes it).
 * The task list's export (GET /api/tasks?format=csv|xlsx, routed by
 * api_tasks.c) is sent the same way: every row, from a temporary file.
 */
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracker/core/status.h"
#include "tracker/documents.h"
#include "tracker/task_export.h"

#define DOCX_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Sends resp (taken) as an attachment named `name` (ASCII). */
static enum MHD_Result send_file(struct web_req *r, struct MHD_Response *resp,
				 const char *ctype, const char *name, size_t len)
{
	enum MHD_Result ret;
	char *disp = xasprintf("attachment; filename=\"%s\"", name);

	web_common_headers(resp, ctype);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "Content-Disposition", disp);
	free(disp);
	ret = web_reply_resp(r, 200, resp, len);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result send_docx(struct web_req *r, char *data, size_t len, const char *name)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);

	if (!resp) {
		free(data);
		return MHD_NO;
	}
	return send_file(r, resp, DOCX_TYPE, name, len);
}

/* An error from the documents: a bad template is the server's fault. */
static enum MHD_Result docs_error(struct web_req *r, const struct err *err)
{
	if (err->code == ERR_INVAL || err->code == ERR_UNSUPPORTED || err->code == ERR_PARSE)
	{
		/* The English detail is the administrator's, in the journal. */
		fprintf(stderr, "tracker serve: %s %s: %s\n", r->method, r->path, err->msg);
		return web_fail(r, 500, "docs_template", NULL);
	}
	return web_store_error(r, err);
}

enum MHD_Result web_get_urge_letter(struct web_req *r)
{
	struct docs_settings st;
	struct err err;
	char *docx = NULL, *unit = NULL, *name;
	size_t len = 0;
	enum MHD_Result ret;

	if (documents_settings(r->store, &st, &err) ||
	    documents_urge(r->store, &st, r->id, r->today, &docx, &len, &unit, &err)) {
		docs_settings_release(&st);
		return docs_error(r, &err);
	}
	docs_settings_release(&st);
	name = documents_letter_name(unit);
	free(unit);
	ret = send_docx(r, docx, len, name);
	free(name);
	return ret;
}

/* ?from= and ?to= into from/to; 0, or -1 after answering 400. */
static int range(struct web_req *r, struct ymd *from, struct ymd *to, enum MHD_Result *ret)
{
	const char *f = web_arg(r, "from"), *t = web_arg(r, "to");

	memset(from, 0, sizeof(*from));
	memset(to, 0, sizeof(*to));
	if ((f && *f && status_parse_date(f, from)) || (t && *t && status_parse_date(t, to))) {
		*ret = web_fail(r, 400, "docs_dates", NULL);
		return -1;
	}
	return 0;
}

enum MHD_Result web_get_report_docx(struct web_req *r)
{
	struct docs_settings st;
	struct ymd from, to;
	struct err err;
	char *docx = NULL;
	size_t len = 0;
	enum MHD_Result ret;

	if (range(r, &from, &to, &ret))
		return ret;
	if (documents_settings(r->store, &st, &err) ||
	    documents_report_docx(r->store, &st, r->today, from, to, &docx, &len, &err)) {
		docs_settings_release(&st);
		return docs_error(r, &err);
	}
	docs_settings_release(&st);
	return send_docx(r, docx, len, "bao-cao-nhiem-vu.docx");
}

enum MHD_Result web_get_report_xlsx(struct web_req *r)
{
	struct MHD_Response *resp;
	struct ymd from, to;
	struct stat sb;
	struct err err;
	enum MHD_Result ret;
	int fd;

	if (range(r, &from, &to, &ret))
		return ret;
	if (documents_report_xlsx(r->store, r->today, from, to, &fd, &err))
		return docs_error(r, &err);
	if (fstat(fd, &sb) < 0 || !(resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd))) {
		close(fd);
		return web_fail(r, 500, "server_error", NULL);
	}
	return send_file(r, resp, XLSX_TYPE, "bao-cao-nhiem-vu.xlsx", (size_t)sb.st_size);
}

enum MHD_Result web_tasks_export(struct web_req *r, const struct store_item_query *q, int xlsx)
{
	struct MHD_Response *resp;
	struct stat sb;
	struct err err;
	int fd;

	if (xlsx ? task_export_xlsx(r->store, q, &fd, &err)
		 : task_export_csv_fd(r->store, q, &fd, &err))
		return web_store_error(r, &err);
	if (fstat(fd, &sb) < 0 || !(resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd))) {
		close(fd);
		return web_fail(r, 500, "server_error", NULL);
	}
	return send_file(r, resp, xlsx ? XLSX_TYPE : "text/csv; charset=utf-8",
			 xlsx ? "nhiem-vu.xlsx" : "nhiem-vu.csv", (size_t)sb.st_size);
}
