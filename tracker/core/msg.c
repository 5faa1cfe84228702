/*
 * msg.c - the message table.  See msg.h.
 *
 * Codes are stable (programs and the dashboard key on them); the texts are
 * what the office reads, and may be reworded.  Kept in code order within
 * each group so a reader finds one.
 */
#include "tracker/core/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct msg_entry table[] = {
	/* The codes of notices/err.h, for errors no finer key describes. */
	{"io", "Không đọc hoặc ghi được tệp"},
	{"db", "Lỗi cơ sở dữ liệu; thử lại sau"},
	{"not_found", "Không tìm thấy {}"},
	{"invalid", "Giá trị không hợp lệ: {}"},
	{"schema", "Cơ sở dữ liệu do phiên bản mới hơn của chương trình tạo ra"},
	{"state", "Thao tác không phù hợp với tình trạng công việc"},
	{"conflict", "Xung đột với dữ liệu đã có"},
	{"send", "Không gửi được thư"},
	{"encoding", "Tệp không phải văn bản tiếng Việt (UTF-8, TCVN3 hay Windows-1258): có thể là dữ liệu nhị phân"},
	{"corrupt", "Tệp bị hỏng hoặc không đầy đủ (.docx, PDF)"},
	{"too_big", "Tệp quá lớn"},
	{"no_text", "Tệp không có chữ để đọc (PDF chỉ có ảnh, hoặc văn bản rỗng)"},
	{"unsupported", "Định dạng tệp không được hỗ trợ: cần văn bản .txt, .docx hoặc PDF"},
	{"tool", "Công cụ chuyển đổi tệp không chạy được"},
	{"parse", "Không đọc được dữ liệu có cấu trúc (JSON)"},
	{"unknown", "Lỗi không xác định"},

	/* Sessions and requests. */
	{"login_required", "Cần đăng nhập trước"},
	{"login_failed", "Sai tên đăng nhập hoặc mật khẩu"},
	{"login_throttled", "Đăng nhập sai quá nhiều lần; thử lại sau {} giây"},
	{"login_body", "Gửi tên đăng nhập và mật khẩu dạng JSON: {\"login\": ..., \"password\": ...}"},
	{"login_json", "Đăng nhập phải gửi dạng application/json"},
	{"csrf", "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang"},
	{"db_unavailable", "Cơ sở dữ liệu tạm thời không dùng được"},
	{"server_error", "Lỗi máy chủ; thử lại sau"},
	{"forbidden", "Tài khoản này không được làm việc này"},
	{"method", "Địa chỉ này không nhận phương thức này"},
	{"method_get", "Địa chỉ này chỉ nhận phương thức GET"},
	{"method_post", "Địa chỉ này chỉ nhận phương thức POST"},
	{"method_get_post", "Địa chỉ này chỉ nhận phương thức GET hoặc POST"},
	{"method_patch", "Địa chỉ này chỉ nhận phương thức GET hoặc PATCH"},
	{"no_endpoint", "Không có địa chỉ API này"},
	{"bad_id", "'{}' không phải là mã số"},
	{"no_page", "Không có trang {}"},
	{"no_file", "Không có tệp {}"},
	{"body_too_big", "Nội dung gửi lên vượt quá {} byte"},
	{"body_json", "Nội dung gửi lên phải là một đối tượng JSON"},
	{"encoding_arg_name", "Tên một tham số trong địa chỉ không phải UTF-8 hợp lệ"},
	{"encoding_arg", "Tham số '{}' trong địa chỉ không phải UTF-8 hợp lệ"},
	{"encoding_file_name", "Tên tệp gửi lên không phải UTF-8 hợp lệ"},
	{"encoding_body", "Nội dung gửi lên không phải UTF-8 hợp lệ (byte thứ {})"},
	{"summary_paging", "page, other_page và per_page là số nguyên dương (per_page không quá {})"},
	{"docs_template", "Mẫu văn bản hoặc tệp cấu hình của Văn phòng có lỗi; hãy báo quản trị viên"},
	{"docs_dates", "Từ ngày và đến ngày phải viết dạng năm-tháng-ngày (YYYY-MM-DD)"},
	{"server_busy", "Máy chủ đang chuyển đổi các tệp khác; hãy thử lại sau ít giây"},
	{"framing_both", "Yêu cầu có cả Content-Length và Transfer-Encoding"},
	{"framing_lengths", "Yêu cầu có hai Content-Length khác nhau"},
	{"framing_coding", "Chỉ nhận cách truyền chunked"},
	{"bad_filter", "Giá trị lọc không hợp lệ: '{}'"},
	{"unknown_unit", "Không có đơn vị '{}' trong danh mục"},

	/* Roles. */
	{"viewer_readonly", "Tài khoản chỉ xem không được thay đổi dữ liệu"},
	{"office_only", "Chỉ Văn phòng được làm việc này"},
	{"not_your_work", "Công việc này thuộc {}"},
	{"feed_forbidden", "Chỉ Văn phòng hoặc chính đơn vị được quản lý lịch của đơn vị"},

	/* Work and its actions. */
	{"no_action", "Không có thao tác '{}'"},
	{"which_unit", "Cho biết công việc của đơn vị nào (\"unit\") hoặc mã công việc (\"item\")"},
	{"item_not_of_task", "Công việc {} không thuộc nhiệm vụ này"},
	{"percent_range", "Tỷ lệ hoàn thành là một số từ 0 đến 100"},
	{"note_needed", "Cần ghi nội dung báo cáo tiến độ"},
	{"reason_needed", "Đề nghị gia hạn cần nêu lý do"},
	{"already_done", "Công việc đã hoàn thành"},
	{"already_reported", "Công việc đã được báo cáo hoàn thành, đang chờ xác nhận"},
	{"already_open", "Công việc đang mở, không có gì để mở lại"},
	{"nothing_to_confirm", "Chưa có báo cáo hoàn thành để xác nhận"},
	{"no_deadline_to_extend", "Công việc không có thời hạn để gia hạn"},
	{"extension_waiting", "Đã có một đề nghị gia hạn đang chờ Văn phòng"},
	{"no_extension_waiting", "Không có đề nghị gia hạn nào đang chờ"},
	{"extend_not_later", "Hạn mới phải sau hạn đang áp dụng"},
	{"done_in_future", "Ngày hoàn thành không được ở tương lai"},
	{"reassigned", "Công việc này đã chuyển cho đơn vị khác"},
	{"decision_note_needed", "Cần ghi ý kiến của Văn phòng để đơn vị biết lý do"},
	{"bulk_empty", "Chưa chọn việc nào"},
	{"bulk_too_many", "Mỗi lần chỉ xử lý được tối đa {} việc; hãy chọn ít hơn"},
	{"bulk_twice", "Việc số {} được chọn hai lần"},
	{"bulk_items", "\"items\" phải là danh sách mã số việc"},
	{"bulk_action", "Không xử lý hàng loạt được thao tác '{}'"},
	{"no_item", "Không có việc này"},
	{"item_prefix", "Việc số {}: "},

	/* Dates a user enters: one rule (notices/dates.h, date_user_check). */
	{"date_format", "Ngày '{}' phải viết dạng năm-tháng-ngày (YYYY-MM-DD, năm bốn chữ số)"},
	{"date_not_real", "Ngày '{}' không có trong lịch"},
	{"date_too_early", "Ngày '{}' sớm hơn năm trước năm của văn bản"},
	{"date_too_late", "Ngày '{}' muộn hơn 20 năm sau năm của văn bản"},

	/* Importing and editing. */
	{"notice_body", "Gửi {\"text\": ..., \"name\": ...} hoặc chính tệp văn bản"},
	{"not_image", "Tệp này là ảnh, không phải văn bản; cần văn bản .txt, .docx hoặc PDF có lớp chữ (ảnh chụp cần nhận dạng chữ trước)"},
	{"not_markup", "Tệp này là hình vẽ hoặc dữ liệu đánh dấu (SVG, XML), không phải văn bản; cần văn bản .txt, .docx hoặc PDF"},
	{"not_a_notice", "Tệp này không phải văn bản (thông báo, công văn): {}; cần tệp .txt, .docx hoặc PDF có chữ"},
	{"draft_committed", "Bản nháp này đã được lưu thành văn bản {}"},
	{"draft_busy", "Bản nháp này đang được lưu ở một yêu cầu khác"},
	{"corrections_list", "Các sửa đổi phải là một danh sách"},
	{"task_index", "Sửa đổi phải chỉ rõ nhiệm vụ (\"index\" từ 0 đến {})"},
	{"owners_list", "Danh sách đơn vị không hợp lệ (tối đa {} tên, mỗi tên không rỗng)"},
	{"owner_needed", "Nhiệm vụ cần ít nhất một đơn vị chủ trì"},
	{"due_kind", "Cách tính hạn là \"before\" (trước ngày), \"by\" (chậm nhất ngày) hoặc \"within\" (trong thời hạn)"},
	{"recurrence", "Lặp lại phải là một RRULE (ví dụ FREQ=MONTHLY;BYMONTHDAY=25), periodic (định kỳ, không nêu chu kỳ) hoặc none"},
	{"text_needed", "Nội dung nhiệm vụ không được để trống"},
	{"field_unknown", "Không sửa được trường '{}'"},
	{"field_type", "Giá trị của trường '{}' không đúng kiểu"},
	{"version_needed", "Cần gửi \"version\" của bản đã đọc"},
	{"stale", "Dữ liệu đã được người khác sửa sau khi bạn mở; hãy tải lại rồi sửa lại"},
	{"nothing_to_change", "Không có gì để sửa"},
	{"confirm_empty", "Văn bản không có nhiệm vụ nào; gửi \"confirm_empty\": true nếu vẫn muốn lưu"},
	{"feed_action", "Gửi {\"action\": \"issue\" | \"rotate\" | \"revoke\"}"},
	{"feed_unknown", "Không có lịch với địa chỉ này"},
	{"feed_gone", "Địa chỉ lịch này đã được thay hoặc thu hồi; hãy xin địa chỉ mới"},
	{"feed_type", "Tham số type chỉ nhận event hoặc todo"},
	{"feed_exists", "Đơn vị đã có địa chỉ lịch; hãy đổi địa chỉ để lấy địa chỉ mới"},

	/* The units directory and what the office teaches it. */
	{"alias_bad", "Tên gọi khác của đơn vị phải có từ 1 đến 300 ký tự"},
	{"alias_body", "Gửi {\"alias\": \"tên gọi khác\", \"unit\": mã đơn vị}"},
	{"name_needed", "Cần cho biết tên đơn vị cần tìm (?name=...)"},
	{"merge_body", "Gửi {\"from\": mã đơn vị bị gộp, \"into\": mã đơn vị giữ lại}"},
	{"unit_body", "Gửi {\"name\": \"tên đơn vị mới\"}"},
	{"unit_bad", "Tên đơn vị phải có từ 1 đến 300 ký tự"},
	{"unit_exists", "Danh mục đã có đơn vị '{}'"},
	{"merge_same", "Không thể gộp một đơn vị vào chính nó"},
	{"merge_group", "Không gộp được nhóm đơn vị; hãy gộp từng đơn vị"},
	{"merge_in_directory", "Đơn vị '{}' có trong tệp danh mục đơn vị; hãy sửa tệp danh mục thay vì gộp"},
	{"merge_both_acted", "Hai đơn vị cùng có công việc đã được cập nhật ở cùng một nhiệm vụ; hãy xử lý các công việc đó trước khi gộp"},

	/* Reports of completion with a document, and saved views (issue 16). */
	{"done_before_notice", "Ngày hoàn thành không được trước ngày của văn bản ({})"},
	{"attach_too_big", "Tệp đính kèm vượt quá giới hạn {}"},
	{"attach_type", "Chỉ nhận tệp đính kèm PDF, Word (.docx), Excel (.xlsx) hoặc ảnh PNG, JPEG, GIF, WebP; loại tệp được xác định theo nội dung, không theo tên"},
	{"attach_form", "Biểu mẫu gửi lên không đọc được: gửi các trường item hoặc unit, date, note và file"},
	{"attach_not_yours", "Chỉ đơn vị chủ trì được báo cáo hoàn thành và đính kèm tài liệu cho nhiệm vụ này"},
	{"attach_forbidden", "Chỉ Văn phòng và đơn vị chủ trì được tải tài liệu này"},
	{"no_attachment", "Không có tài liệu đính kèm này"},
	{"view_name", "Tên bộ lọc phải có từ 1 đến {} byte"},
	{"view_query", "Bộ lọc chỉ gồm các điều kiện của danh sách nhiệm vụ (q, unit, status, flag, group, due_from, due_to, notice, sort)"},
	{"views_full", "Mỗi tài khoản lưu được tối đa {} bộ lọc; hãy xóa bớt"},
	{"no_view", "Không có bộ lọc đã lưu này"},
	{"method_delete", "Địa chỉ này chỉ nhận phương thức DELETE"},

	/* How a message names a task, before its text (msg_of_err). */
	{"task_prefix", "Nhiệm vụ {}: "},
};

#define N_TABLE (sizeof(table) / sizeof(table[0]))

const struct msg_entry *msg_table(size_t *n)
{
	*n = N_TABLE;
	return table;
}

const char *msg_text(const char *code)
{
	size_t i;

	for (i = 0; code && i < N_TABLE; i++)
		if (!strcmp(table[i].code, code))
			return table[i].text;
	return NULL;
}

void msg_format(struct sbuf *sb, const char *code, const char *arg)
{
	const char *t = msg_text(code), *p;

	if (!t)
		t = msg_text("unknown");
	if (!(p = strstr(t, "{}"))) {
		sbuf_adds(sb, t);
		return;
	}
	if (arg && *arg) {
		sbuf_add(sb, t, (size_t)(p - t));
		sbuf_adds(sb, arg);
		sbuf_adds(sb, p + 2);
		return;
	}
	/* No value to quote: drop "{}" with the quotes or space before it,
	 * and a ": " that would then end the text. */
	{
		size_t n = (size_t)(p - t);
		const char *rest = p + 2;
		if (n && t[n - 1] == '\'' && *rest == '\'') {
			n--;
			rest++;
		}
		while (n && t[n - 1] == ' ')
			n--;
		if (n && t[n - 1] == ':' && !*rest)
			n--;
		sbuf_add(sb, t, n);
		sbuf_adds(sb, rest);
	}
}

const char *msg_code_of(const struct err *err)
{
	if (err->key && msg_text(err->key))
		return err->key;
	return err_code_name(err->code);
}

void msg_of_err(struct sbuf *sb, const struct err *err)
{
	if (!strncmp(err->field, "tasks[", 6)) {
		char who[64];
		long n = strtol(err->field + 6, NULL, 10);
		if (err->ref[0])
			snprintf(who, sizeof(who), "%ld (mục %s)", n, err->ref);
		else
			snprintf(who, sizeof(who), "%ld", n);
		msg_format(sb, "task_prefix", who);
	} else if (!strncmp(err->field, "items[", 6)) {
		char who[24];
		snprintf(who, sizeof(who), "%lld", strtoll(err->field + 6, NULL, 10));
		msg_format(sb, "item_prefix", who);
	}
	msg_format(sb, msg_code_of(err), err->arg);
}
