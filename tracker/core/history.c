/*
 * history.c - the Vietnamese sentence of a history event.  See history.h.
 */
#include "tracker/core/history.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/dates.h"

/* "2026-12-05T01:14:00Z" as "05/12/2026 08:14" in UTC+7; as given when unreadable. */
static void local_time(struct sbuf *sb, const char *at)
{
	int y, mo, d, h, mi;
	struct ymd day;

	if (!at || sscanf(at, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) {
		sbuf_adds(sb, at ? at : "?");
		return;
	}
	day.y = y;
	day.m = mo;
	day.d = d;
	h += 7;
	if (h >= 24) {
		h -= 24;
		day = ymd_from_days(ymd_to_days(day) + 1);
	}
	sbuf_addf(sb, "%02d/%02d/%04d %02d:%02d", day.d, day.m, day.y, h, mi);
}

/* An ISO date "2026-11-24" as "24/11/2026"; other strings as they are. */
static void add_date(struct sbuf *sb, const char *iso)
{
	if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-')
		sbuf_addf(sb, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		sbuf_adds(sb, iso ? iso : "không có");
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void add_names(struct sbuf *sb, const cJSON *a)
{
	const cJSON *e;
	int first = 1;

	if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a)) {
		sbuf_adds(sb, "không có");
		return;
	}
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsString(e))
			continue;
		if (!first)
			sbuf_adds(sb, ", ");
		sbuf_adds(sb, e->valuestring);
		first = 0;
	}
}

static const char *kind_vi(const char *k)
{
	if (!k) return "không có";
	if (!strcmp(k, "before")) return "trước ngày";
	if (!strcmp(k, "by")) return "chậm nhất ngày";
	if (!strcmp(k, "within")) return "trong thời hạn";
	return k;
}

/* One "field X → Y" of an edit, with the field's Vietnamese name. */
static void add_edit_field(struct sbuf *sb, const cJSON *f)
{
	static const struct { const char *key, *name; int date; } names[] = {
		{"due", "thời hạn", 1}, {"due_kind", "cách tính hạn", 0},
		{"recurrence", "lặp lại", 0}, {"text", "nội dung", 0},
		{"owners", "đơn vị chủ trì", 0}, {"co_owners", "đơn vị phối hợp", 0},
		{"number", "số hiệu", 0}, {"date", "ngày văn bản", 1},
		{"type", "loại văn bản", 0}, {"title", "trích yếu", 0}, {"signer", "người ký", 0},
	};
	const cJSON *from = cJSON_GetObjectItemCaseSensitive(f, "from");
	const cJSON *to = cJSON_GetObjectItemCaseSensitive(f, "to");
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].key, f->string))
			break;
	sbuf_adds(sb, i < sizeof(names) / sizeof(names[0]) ? names[i].name : f->string);
	sbuf_addc(sb, ' ');
	if (cJSON_IsArray(from) || cJSON_IsArray(to)) {
		add_names(sb, from);
		sbuf_adds(sb, " → ");
		add_names(sb, to);
	} else if (!strcmp(f->string, "due_kind")) {
		sbuf_adds(sb, kind_vi(cJSON_IsString(from) ? from->valuestring : NULL));
		sbuf_adds(sb, " → ");
		sbuf_adds(sb, kind_vi(cJSON_IsString(to) ? to->valuestring : NULL));
	} else if (!strcmp(f->string, "text")) {
		sbuf_adds(sb, "đã thay");
	} else if (i < sizeof(names) / sizeof(names[0]) && names[i].date) {
		add_date(sb, cJSON_IsString(from) ? from->valuestring : NULL);
		sbuf_adds(sb, " → ");
		add_date(sb, cJSON_IsString(to) ? to->valuestring : NULL);
	} else {
		sbuf_adds(sb, cJSON_IsString(from) ? from->valuestring : "không có");
		sbuf_adds(sb, " → ");
		sbuf_adds(sb, cJSON_IsString(to) ? to->valuestring : "không có");
	}
}

static const char *role_vi(const char *role)
{
	return role && !strcmp(role, "support") ? "phối hợp" : "chủ trì";
}

void history_text(struct sbuf *sb, const char *kind, const char *actor, const char *at,
		  const char *note, const char *data, int on_notice)
{
	cJSON *d = data ? cJSON_Parse(data) : NULL;
	const char *k = kind ? kind : "";
	const char *who = !actor || !strcmp(actor, "office") ? "Văn phòng" : actor;
	const char *unit = str(d, "unit");
	const cJSON *f;
	int first = 1, note_done = 0;

	local_time(sb, at);
	sbuf_adds(sb, " — ");
	sbuf_adds(sb, who);
	sbuf_addc(sb, ' ');
	if (!strcmp(k, "imported")) {
		sbuf_adds(sb, on_notice ? "nhập văn bản" : "nhập nhiệm vụ từ văn bản");
	} else if (!strcmp(k, "updated") || !strcmp(k, "corrected")) {
		sbuf_adds(sb, on_notice ? "nhập văn bản sửa đổi" : "cập nhật nhiệm vụ theo văn bản sửa đổi");
	} else if (!strcmp(k, "unchanged")) {
		sbuf_adds(sb, "nhập lại văn bản, không có gì thay đổi");
	} else if (!strcmp(k, "removed")) {
		sbuf_adds(sb, "bỏ nhiệm vụ theo văn bản sửa đổi");
	} else if (!strcmp(k, "restored")) {
		sbuf_adds(sb, "khôi phục nhiệm vụ theo văn bản sửa đổi");
	} else if (!strcmp(k, "assigned")) {
		sbuf_addf(sb, "giao %s %s", unit ? unit : "đơn vị", role_vi(str(d, "role")));
	} else if (!strcmp(k, "unassigned")) {
		sbuf_addf(sb, "thôi giao %s theo văn bản sửa đổi", unit ? unit : "đơn vị");
	} else if (!strcmp(k, "reassigned")) {
		sbuf_addf(sb, "chuyển công việc của %s cho đơn vị khác", unit ? unit : "đơn vị");
	} else if (!strcmp(k, "role_changed")) {
		sbuf_addf(sb, "đổi vai trò của %s thành %s", unit ? unit : "đơn vị",
			  role_vi(str(d, "role")));
	} else if (!strcmp(k, "merged")) {
		sbuf_addf(sb, "gộp đơn vị %s vào %s", str(d, "from") ? str(d, "from") : "",
			  str(d, "into") ? str(d, "into") : "");
	} else if (!strcmp(k, "edited")) {
		sbuf_adds(sb, on_notice ? "sửa văn bản" : "sửa nhiệm vụ");
		cJSON_ArrayForEach(f, d) {
			sbuf_adds(sb, first ? ": " : "; ");
			add_edit_field(sb, f);
			first = 0;
		}
	} else if (!strcmp(k, "progress")) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(d, "percent");
		sbuf_adds(sb, "báo cáo tiến độ");
		if (cJSON_IsNumber(p))
			sbuf_addf(sb, " %d%%", (int)p->valuedouble);
		if (note) {
			sbuf_adds(sb, ": ");
			sbuf_adds(sb, note);
			note_done = 1;
		}
	} else if (!strcmp(k, "reported_done")) {
		sbuf_adds(sb, "báo cáo hoàn thành");
		if (str(d, "reported_on")) {
			sbuf_adds(sb, " ngày ");
			add_date(sb, str(d, "reported_on"));
		}
		{
			const cJSON *doc = cJSON_GetObjectItemCaseSensitive(d, "attachment");
			if (str(doc, "name")) {
				sbuf_adds(sb, ", kèm tài liệu ");
				sbuf_adds(sb, str(doc, "name"));
			}
		}
	} else if (!strcmp(k, "confirmed")) {
		sbuf_adds(sb, "xác nhận hoàn thành");
		if (str(d, "done_on")) {
			sbuf_adds(sb, " ngày ");
			add_date(sb, str(d, "done_on"));
		}
	} else if (!strcmp(k, "reopened")) {
		sbuf_adds(sb, "mở lại công việc");
	} else if (!strcmp(k, "extension_requested")) {
		sbuf_adds(sb, "đề nghị gia hạn đến ");
		add_date(sb, str(d, "to"));
	} else if (!strcmp(k, "extension_approved")) {
		sbuf_adds(sb, "đồng ý gia hạn đến ");
		add_date(sb, str(d, "to"));
		if (str(d, "original")) {
			sbuf_adds(sb, " (hạn ban đầu ");
			add_date(sb, str(d, "original"));
			sbuf_addc(sb, ')');
		}
	} else if (!strcmp(k, "extension_refused")) {
		sbuf_adds(sb, "không đồng ý gia hạn");
	} else if (!strcmp(k, "extension_granted")) {
		sbuf_adds(sb, "gia hạn đến ");
		add_date(sb, str(d, "to"));
		if (str(d, "original")) {
			sbuf_adds(sb, " (hạn ban đầu ");
			add_date(sb, str(d, "original"));
			sbuf_addc(sb, ')');
		}
	} else if (!strcmp(k, "closed")) {
		sbuf_adds(sb, "đóng công việc, coi là hoàn thành ngày ");
		add_date(sb, str(d, "done_on"));
	} else {
		sbuf_adds(sb, "cập nhật");
	}
	if (note && !note_done) {
		sbuf_adds(sb, " (ghi chú: ");
		sbuf_adds(sb, note);
		sbuf_addc(sb, ')');
	}
	cJSON_Delete(d);
}
