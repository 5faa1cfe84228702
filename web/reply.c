/*
 * reply.c - what every handler uses to read its request and answer it:
 * query arguments and headers, JSON and error replies (an error is JSON
 * under /api/, a page elsewhere), the status for a failed store call, and
 * the security headers every response carries.
 */
#include "web/web_int.h"
#include "tracker/core/msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The request ----------------------------------------------------------- */

const char *web_arg(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *web_header(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

cJSON *web_body_json(struct web_req *r)
{
	return cJSON_ParseWithLength(r->body.buf ? r->body.buf : "", r->body.len);
}

const char *web_json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- Replies ------------------------------------------------------------------ */

void web_common_headers(struct MHD_Response *resp, const char *ctype)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* Nothing inline and nothing from elsewhere: text from a notice that
	 * slipped into the page unescaped still could not run. */
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self';"
				" script-src 'self'; object-src 'none'; base-uri 'none';"
				" frame-ancestors 'none'; form-action 'self'");
}

enum MHD_Result web_reply_resp(struct web_req *r, unsigned status,
			       struct MHD_Response *resp, size_t len)
{
	r->status = status;
	r->sent = len;
	return MHD_queue_response(r->conn, status, resp);
}

enum MHD_Result web_reply(struct web_req *r, unsigned status, const char *ctype,
			  const void *data, size_t len, int must_free)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, (void *)data,
					       must_free ? MHD_RESPMEM_MUST_FREE
							 : MHD_RESPMEM_MUST_COPY);
	if (!resp) {
		if (must_free)
			free((void *)data);
		return MHD_NO;
	}
	web_common_headers(resp, ctype);
	if (r->is_api)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	ret = web_reply_resp(r, status, resp, len);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result web_json(struct web_req *r, unsigned status, cJSON *root)
{
	char *s = cJSON_PrintUnformatted(root);

	cJSON_Delete(root);
	if (!s)
		return MHD_NO;
	return web_reply(r, status, "application/json; charset=utf-8", s, strlen(s), 1);
}

static const char *status_title(unsigned status)
{
	switch (status) {
	case 400: return "Yêu cầu không hợp lệ";
	case 401: return "Cần đăng nhập";
	case 403: return "Không có quyền";
	case 404: return "Không tìm thấy trang";
	case 405: return "Phương thức không được hỗ trợ";
	case 409: return "Xung đột trạng thái";
	case 413: return "Nội dung quá lớn";
	case 429: return "Quá nhiều yêu cầu";
	default: return status >= 500 ? "Lỗi máy chủ" : "Lỗi";
	}
}

/*
 * The one error reply: the message table's text for `code` (with `arg`
 * quoted where it says so), as JSON under /api/ ({"error", "code",
 * "status", and "field"/"task_ref" when err names them), else as a page.
 */
static enum MHD_Result reply_error(struct web_req *r, unsigned status, const char *code,
				   const char *text, const struct err *err)
{
	struct sbuf sb;

	if (r->is_api) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "error", text);
		cJSON_AddStringToObject(o, "code", code);
		cJSON_AddNumberToObject(o, "status", status);
		if (err && err->field[0])
			cJSON_AddStringToObject(o, "field", err->field);
		if (err && err->ref[0])
			cJSON_AddStringToObject(o, "task_ref", err->ref);
		return web_json(r, status, o);
	}
	sbuf_init(&sb, 0);
	sbuf_adds(&sb, "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<link rel=\"stylesheet\" href=\"/static/app.css\"><title>");
	sbuf_addf(&sb, "%u ", status);
	sbuf_add_html(&sb, status_title(status));
	sbuf_adds(&sb, "</title></head><body><main class=\"error-page\"><h1>");
	sbuf_addf(&sb, "%u — ", status);
	sbuf_add_html(&sb, status_title(status));
	sbuf_adds(&sb, "</h1><p>");
	sbuf_add_html(&sb, text);
	sbuf_adds(&sb, "</p><p><a href=\"/\">Về trang tổng quan</a></p></main></body></html>\n");
	{
		size_t len = sb.len;
		return web_reply(r, status, "text/html; charset=utf-8", sbuf_detach(&sb), len, 1);
	}
}

enum MHD_Result web_fail(struct web_req *r, unsigned status, const char *code, const char *arg)
{
	struct sbuf sb;
	enum MHD_Result ret;

	sbuf_init(&sb, 0);
	msg_format(&sb, code, arg);
	ret = reply_error(r, status, msg_text(code) ? code : "unknown", sb.buf, NULL);
	sbuf_release(&sb);
	return ret;
}

/* The table's code for a status, for web_error()'s callers. */
static const char *status_code_name(unsigned status)
{
	switch (status) {
	case 401: return "login_required";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method";
	case 409: return "state";
	case 413: return "too_big";
	case 429: return "login_throttled";
	case 503: return "db_unavailable";
	default: return status >= 500 ? "server_error" : "invalid";
	}
}

enum MHD_Result web_error(struct web_req *r, unsigned status, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	/* The English detail is for the log; the user reads the table's text. */
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (status >= 500)
		fprintf(stderr, "tracker serve: %s %s: %s\n", r->method, r->path, detail);
	return web_fail(r, status, status_code_name(status), NULL);
}

enum MHD_Result web_error_err(struct web_req *r, unsigned status, const struct err *err)
{
	struct sbuf sb;
	enum MHD_Result ret;

	sbuf_init(&sb, 0);
	msg_of_err(&sb, err);
	ret = reply_error(r, status, msg_code_of(err), sb.buf, err);
	sbuf_release(&sb);
	return ret;
}

enum MHD_Result web_store_error(struct web_req *r, const struct err *err)
{
	switch (err->code) {
	case ERR_NOTFOUND: return web_error_err(r, 404, err);
	/* A value the user typed is wrong: 422 names the field. */
	case ERR_INVAL: return web_error_err(r, err->field[0] ? 422 : 400, err);
	case ERR_BADSTATE: return web_error_err(r, 409, err);
	case ERR_CONFLICT: return web_error_err(r, 409, err);
	case ERR_ENCODING: case ERR_CORRUPT: case ERR_TOOBIG: case ERR_NOTEXT:
	case ERR_UNSUPPORTED: case ERR_PARSE:
		return web_error_err(r, 400, err);
	default:
		fprintf(stderr, "tracker serve: %s %s: %s\n", r->method, r->path, err->msg);
		return web_fail(r, 500, "server_error", NULL);
	}
}

/* ---- The thread's store ---------------------------------------------------- */

/* Each worker thread opens its store on first use; server.c's key closes
 * it when the thread ends. */
struct store *web_store(struct web_req *r)
{
	struct store *s = pthread_getspecific(r->srv->store_key);
	struct err err;

	if (s)
		return s;
	if (store_open(r->srv->db_path, &s, &err)) {
		fprintf(stderr, "tracker serve: %s\n", err.msg);
		return NULL;
	}
	pthread_setspecific(r->srv->store_key, s);
	return s;
}

int web_version(struct web_req *r, unsigned *v)
{
	struct store *s;
	struct err err;

	if (!r->have_version) {
		if (!(s = web_store(r)) || store_data_version(s, &r->version, &err))
			return -1;
		r->have_version = 1;
	}
	*v = r->version;
	return 0;
}
