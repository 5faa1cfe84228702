/*
 * meta.c - a notice's header and signature: number ("Số: 2849/TB-VP"),
 * type ("THÔNG BÁO"), issuer, place and date ("Cao Bằng, ngày 08 tháng 11
 * năm 2022"), title, signer, and for conclusion notices the meeting date and
 * the leader who presided.
 *
 * Converted .docx headers are two-column tables ("ỦY BAN NHÂN DÂN | CỘNG HÒA
 * XÃ HỘI ..."), so every field is looked for in each cell of a row too.
 */
#include "notices/meta.h"
#include "notices/deadline.h"
#include "notices/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far into the document the header may reach. */
#define HEADER_PARAS 40

struct seg {
	const char *s;
	size_t para;
};

/*
 * Whether a run of spaces at q (in a line that starts at r) separates two
 * columns, not the blanks of a date left to fill ("ngày     tháng 11").
 */
static int column_gap(const char *r, const char *q, const char *e)
{
	static const char *const blanks[] = {"ngày", "tháng", "năm", "Số:", "/"};
	const char *a = q;
	size_t k;
	if (!(q + 2 < e && q[0] == ' ' && q[1] == ' ' && q[2] == ' '))
		return 0;
	while (a < e && *a == ' ')
		a++;
	if (a < e && (*a == '/' || !strncmp(a, "tháng", strlen("tháng")) || !strncmp(a, "năm", strlen("năm"))))
		return 0;
	for (k = 0; k < sizeof(blanks) / sizeof(blanks[0]); k++) {
		size_t l = strlen(blanks[k]);
		if ((size_t)(q - r) >= l && !memcmp(q - l, blanks[k], l))
			return 0;
	}
	return 1;
}

/*
 * The fields of paragraphs [from, to): each cell of a table row, and each
 * column of a line that pdftotext laid out in two ("Số: 12/UBND-VX <spaces>
 * Hà Giang, ngày 03 tháng 3 năm 2026"), told by a run of three spaces in
 * the raw text (`raw`, may be NULL).  Columns are copied into `pool`.
 */
static size_t segments(const struct outline *o, const char *raw, size_t from, size_t to,
		       struct strlist *pool, struct seg **out)
{
	size_t i, k, n = 0, alloc = 16;
	struct seg *v = xmalloc(alloc * sizeof(*v));
	for (i = from; i < to && i < o->n; i++) {
		const struct para *p = &o->p[i];
		size_t cnt = p->mk == MK_ROW ? p->cells.n : 1;
		size_t first = pool->n;
		/* Only a line longer raw than squeezed can hold a gap. */
		if (raw && p->mk == MK_NONE && p->end > p->off + strlen(p->text) + 2 &&
		    memmem(raw + p->off, p->end - p->off, "   ", 3)) {
			const char *r = raw + p->off, *e = raw + p->end;
			while (r < e) {
				const char *q = r;
				size_t l;
				while (q < e && *q != '\n' && !column_gap(r, q, e))
					q++;
				l = (size_t)(q - r);
				{
					const char *c = text_trim(r, &l);
					if (l) {
						char *tmp = xstrndup(c, l);
						l = text_squeeze(tmp, l);
						strlist_addn(pool, tmp, l);
						free(tmp);
					}
				}
				while (q < e && (*q == ' ' || *q == '\n'))
					q++;
				r = q;
			}
			cnt = pool->n - first;
		}
		for (k = 0; k < cnt; k++) {
			if (n == alloc) {
				alloc *= 2;
				v = xrealloc(v, alloc * sizeof(*v));
			}
			v[n].s = pool->n > first ? pool->v[first + k] : p->mk == MK_ROW ? p->cells.v[k] : p->text;
			v[n].para = i;
			n++;
		}
	}
	*out = v;
	return n;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == ':' || *s == '.')
		s++;
	return s;
}

/*
 * The length of the number at v: up to a blank, '|', ',' or ';', but across
 * blanks that stand before '/' or '-' or after '/' ("57     /UBND-VX").
 */
static size_t number_len(const char *v)
{
	size_t l = 0;
	for (;;) {
		size_t b;
		l += strcspn(v + l, " |,;");
		if (v[l] != ' ')
			return l;
		b = l;
		while (v[b] == ' ')
			b++;
		if ((v[b] == '/' || v[b] == '-') || (l && v[l - 1] == '/' && v[b] && v[b] != '|'))
			l = b;
		else
			return l;
	}
}

/*
 * "Số: 2849/TB-VP", "Số 10-CT/TU".  Returns 1 when the segment holds the
 * number line (even blank, "Số: /TB-UBND", so that a received stamp's
 * "Số:....." further down is not taken for it).
 */
static int parse_number(const char *seg, char **number)
{
	size_t len = strlen(seg);
	char *f = text_fold(seg, len);
	long p = text_find_word(f, len, 0, "số");
	int found = 0;
	while (p >= 0) {
		const char *q = seg + p + strlen("số");
		/* The field is written "Số:" or, at the start of its line or
		 * cell, "Số 118-CV/TU"; "Nghị định số 10/2025/NĐ-CP" in the
		 * text is a reference. */
		int field = seg[p] == 'S' && (*q == ':' || p == 0);
		if (field && (*q == ':' || (*q == ' ' && ((q[1] >= '0' && q[1] <= '9') || q[1] == '/')))) {
			const char *v = skip_ws(q);
			size_t l = number_len(v);
			char *num;
			while (l && (v[l - 1] == '.' || v[l - 1] == ','))
				l--;
			found = 1;
			*number = NULL;
			if (l && v[0] >= '0' && v[0] <= '9' && memchr(v, '/', l) == NULL &&
			    memchr(v, '-', l) == NULL)
				break; /* "Số 5" alone: not a document number */
			if (l && v[0] >= '0' && v[0] <= '9') {
				/* "125 /BYT-KHTC", "118 -CV/TU": the blanks typed
				 * around the serial are not part of the number. */
				size_t a, b = 0;
				num = xstrndup(v, l);
				for (a = 0; a < l; a++)
					if (num[a] != ' ')
						num[b++] = num[a];
				num[b] = '\0';
				*number = num;
			}
			break;
		}
		p = text_find_word(f, len, (size_t)p + 1, "số");
	}
	free(f);
	return found;
}

static int read_int(const char **s, int max_digits)
{
	int v = 0, k = 0;
	while (**s >= '0' && **s <= '9' && k < max_digits) {
		v = v * 10 + (**s - '0');
		(*s)++;
		k++;
	}
	return k ? v : -1;
}

/* "Cao Bằng, ngày 08 tháng 11 năm 2022"; a blank day or month is 0. */
static int parse_place_date(const char *seg, char **place, struct ymd *date)
{
	size_t len = strlen(seg);
	char *f = text_fold(seg, len);
	long p = text_find_word(f, len, 0, "ngày");
	int ok = 0;
	while (p >= 0) {
		const char *q = f + p + strlen("ngày");
		int d, m = 0, y;
		long b = p;
		/* The document's date opens its field or follows the place and
		 * a comma; "Nghị định số 12/2024/NĐ-CP ngày 30 tháng 12 năm
		 * 2024" in the text is a reference. */
		while (b > 0 && seg[b - 1] == ' ')
			b--;
		if (b > 0 && seg[b - 1] != ',' && seg[b - 1] != '|')
			goto again;
		while (*q == ' ')
			q++;
		d = read_int(&q, 2);
		while (*q == ' ')
			q++;
		if (strncmp(q, "tháng", strlen("tháng")))
			goto again;
		q += strlen("tháng");
		while (*q == ' ')
			q++;
		m = read_int(&q, 2);
		while (*q == ' ')
			q++;
		if (strncmp(q, "năm", strlen("năm")))
			goto again;
		q += strlen("năm");
		while (*q == ' ')
			q++;
		y = read_int(&q, 4);
		if (y < 1945 || y > 2100)
			goto again;
		date->y = y;
		date->m = m >= 1 && m <= 12 ? m : 0;
		date->d = date->m && d >= 1 && d <= ymd_days_in_month(y, date->m) ? d : 0;
		{
			/* The place is what stands before ", ngày". */
			size_t e = (size_t)p;
			size_t s;
			while (e > 0 && (seg[e - 1] == ' ' || seg[e - 1] == ','))
				e--;
			s = e;
			while (s > 0 && seg[s - 1] != '|' && seg[s - 1] != '\n')
				s--;
			while (s < e && seg[s] == ' ')
				s++;
			/* The national motto or the number may share the cell
			 * ("Độc lập - Tự do - Hạnh phúc Lào Cai, ngày",
			 * "Số: /KH-SCT Lào Cai, ngày"): the place follows them. */
			{
				size_t k2, from = s;
				for (k2 = from; k2 < e; k2++) {
					if (!strncmp(f + k2, "hạnh phúc", strlen("hạnh phúc")))
						s = k2 + strlen("hạnh phúc");
					else if (seg[k2] == '/' || seg[k2] == ':') {
						/* past the rest of "/KH-SCT" */
						s = k2 + 1;
						while (s < e && seg[s] != ' ')
							s++;
					}
				}
				while (s < e && seg[s] == ' ')
					s++;
			}
			/* A long run before is another field on the same line;
			 * keep its tail. */
			if (e > s && e - s <= 60)
				*place = xstrndup(seg + s, e - s);
			else if (e > s) {
				size_t t = e, words = 0;
				while (t > s && words < 3) {
					t--;
					if (seg[t] == ' ')
						words++;
				}
				while (t < e && seg[t] == ' ')
					t++;
				*place = xstrndup(seg + t, e - t);
			}
		}
		ok = 1;
		break;
again:
		p = text_find_word(f, len, (size_t)p + 1, "ngày");
	}
	free(f);
	return ok;
}

static const char *const types[] = {
	"THÔNG BÁO", "CHỈ THỊ", "BÁO CÁO", "KẾ HOẠCH", "CÔNG VĂN", "QUYẾT ĐỊNH", "NGHỊ QUYẾT",
	"TỜ TRÌNH", "CÔNG ĐIỆN", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "GIẤY MỜI", "BIÊN BẢN",
	"KẾT LUẬN", "ĐỀ ÁN", "THÔNG TƯ",
};

/* The type written as its own line, in capitals ("## THÔNG BÁO"). */
static const char *parse_type(const char *seg)
{
	size_t k, l = strlen(seg);
	while (l && (seg[l - 1] == '.' || seg[l - 1] == ' '))
		l--;
	for (k = 0; k < sizeof(types) / sizeof(types[0]); k++) {
		size_t tl = strlen(types[k]);
		if (l >= tl && !memcmp(seg, types[k], tl) && (l == tl || (seg[tl] == ' ' && l < 40)))
			return types[k];
	}
	return NULL;
}

/* The type from the number's code: "511/TB-UBND" is a THÔNG BÁO. */
static const char *type_from_number(const char *number)
{
	static const struct { const char *code, *type; } codes[] = {
		{"TB", "THÔNG BÁO"}, {"CT", "CHỈ THỊ"}, {"BC", "BÁO CÁO"}, {"KH", "KẾ HOẠCH"},
		{"QĐ", "QUYẾT ĐỊNH"}, {"NQ", "NGHỊ QUYẾT"}, {"TTr", "TỜ TRÌNH"},
		{"CĐ", "CÔNG ĐIỆN"}, {"HD", "HƯỚNG DẪN"}, {"KL", "KẾT LUẬN"},
	};
	const char *s;
	size_t k;
	if (!number)
		return NULL;
	s = strchr(number, '/');
	if (s)
		s++;
	else
		s = number;
	for (k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
		size_t l = strlen(codes[k].code);
		const char *q = strstr(number, codes[k].code);
		if (q && (q == s || q[-1] == '-' || q[-1] == '/') && (q[l] == '-' || q[l] == '/' || !q[l]))
			return codes[k].type;
	}
	return NULL;
}

static int is_motto(const char *seg)
{
	size_t len = strlen(seg);
	char *f = text_fold(seg, len);
	int r = strstr(f, "cộng hòa xã hội") || strstr(f, "cộng hoà xã hội") ||
		strstr(f, "độc lập - tự do") || strstr(f, "độc lập – tự do") ||
		strstr(f, "đảng cộng sản việt nam") || !strcmp(f, "*");
	free(f);
	return r;
}

/* Where the national or party motto starts in a segment, or 0. */
static size_t motto_at(const char *seg)
{
	static const char *const mottos[] = {"CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐẢNG CỘNG SẢN VIỆT NAM"};
	size_t k, at = 0;
	for (k = 0; k < sizeof(mottos) / sizeof(mottos[0]); k++) {
		const char *q = strstr(seg, mottos[k]);
		if (q && (!at || (size_t)(q - seg) < at))
			at = (size_t)(q - seg);
	}
	return at;
}

static int is_upper_seg(const char *s)
{
	size_t i = 0, up = 0, low = 0;
	while (s[i]) {
		if (text_is_upper(s + i))
			up++;
		else if (text_is_lower(s + i))
			low++;
		i += utf8_len(s + i);
	}
	return up >= 2 && low * 8 <= up;
}

/* A word of a person's name: capitalised, not all capitals ("Tuấn", "Đô"). */
static int name_word(const char *w, size_t l)
{
	size_t i, lower = 0;
	if (!l || !text_is_upper(w))
		return 0;
	for (i = utf8_len(w); i < l; i += utf8_len(w + i)) {
		if (text_is_lower(w + i))
			lower++;
		else
			return 0;
	}
	return lower > 0;
}

/* The trailing run of 2-5 name words of a segment ("... PHÓ CHỦ TỊCH Nguyễn
 * Minh Hùng"), or NULL. */
static char *trailing_name(const char *seg)
{
	size_t l = strlen(seg), e = l, s, words = 0, start = l;
	while (e > 0) {
		while (e > 0 && seg[e - 1] == ' ')
			e--;
		s = e;
		while (s > 0 && seg[s - 1] != ' ')
			s--;
		if (s == e || !name_word(seg + s, e - s))
			break;
		words++;
		start = s;
		e = s;
		if (words == 5)
			break;
	}
	if (words < 2)
		return NULL;
	{
		size_t nl = l;
		while (nl > start && seg[nl - 1] == ' ')
			nl--;
		return xstrndup(seg + start, nl - start);
	}
}

static int whole_name(const char *seg, char **out)
{
	char *n = trailing_name(seg);
	if (n && strlen(n) + 0 == strlen(seg)) {
		*out = n;
		return 1;
	}
	free(n);
	return 0;
}

static int has_signature_role(const char *seg)
{
	static const char *const r[] = {"KT.", "TM.", "TL.", "T/M", "Q.", "CHỦ TỊCH", "GIÁM ĐỐC",
					"BÍ THƯ", "CHÁNH VĂN PHÒNG", "TRƯỞNG BAN", "TRƯỞNG PHÒNG"};
	size_t k;
	for (k = 0; k < sizeof(r) / sizeof(r[0]); k++)
		if (strstr(seg, r[k]))
			return 1;
	return 0;
}

static void find_signer(const struct outline *o, struct notice *n)
{
	struct seg *v = NULL;
	struct strlist pool = {0};
	size_t from = o->n > 60 ? o->n - 60 : 0, to = o->n, cnt, i, k;
	/* The signature stands beside or after "Nơi nhận"; appendices after
	 * it may run for pages. */
	for (i = 0; i < o->n; i++) {
		const struct para *p = &o->p[i];
		const char *t = p->mk == MK_ROW && p->cells.n ? p->cells.v[0] : p->text;
		if ((t[0] == 'N' || t[0] == 'n') && (!strncmp(t + 1, "ơi nhận", strlen("ơi nhận")) ||
						     !strncmp(t + 1, "Ơi NHẬN", strlen("Ơi NHẬN")))) {
			size_t j;
			/* Up to the first appendix after it. */
			for (j = i + 1; j < o->n && j < i + 60; j++) {
				const char *q = o->p[j].text;
				if (!strncmp(q, "Phụ lục", strlen("Phụ lục")) || !strncmp(q, "PHỤ LỤC", strlen("PHỤ LỤC")))
					break;
			}
			if (j < o->n) {
				from = i > 8 ? i - 8 : 0;
				to = j;
			}
			break;
		}
	}
	cnt = segments(o, n->text, from, to, &pool, &v);
	/* After the last signature role, the first name. */
	for (i = cnt; i-- > 0;) {
		if (!is_upper_seg(v[i].s) && !strstr(v[i].s, "KT.") && !strstr(v[i].s, "TM."))
			if (!has_signature_role(v[i].s))
				continue;
		if (!has_signature_role(v[i].s))
			continue;
		for (k = i; k < cnt && k < i + 6; k++) {
			char *name = trailing_name(v[k].s);
			if (name) {
				n->signer = name;
				goto out;
			}
		}
		break;
	}
	/* Else the last segment that is only a name. */
	for (i = cnt; i-- > 0 && i + 12 > cnt;) {
		if (o->p[v[i].para].mk != MK_NONE)
			continue;
		if (whole_name(v[i].s, &n->signer))
			goto out;
	}
out:
	free(v);
	strlist_release(&pool);
}

/* "Ngày 01/11/2022, đồng chí Lê Hải Hòa, Phó Chủ tịch UBND tỉnh đã chủ trì
 * cuộc họp ..." */
static void find_meeting(const struct outline *o, size_t from, struct notice *n)
{
	size_t i;
	for (i = from; i < o->n && i < from + 6; i++) {
		const char *t = o->p[i].text;
		size_t len = strlen(t);
		char *f;
		const char *q;
		if (o->p[i].mk != MK_NONE)
			continue;
		f = text_fold(t, len);
		if (!strstr(f, "họp") && !strstr(f, "hội nghị") && !strstr(f, "chủ trì")) {
			free(f);
			continue;
		}
		q = f;
		if (!strncmp(q, "ngày ", strlen("ngày "))) {
			int d, m, y;
			q += strlen("ngày ");
			d = read_int(&q, 2);
			if (*q == '/' || *q == '-' || *q == '.') {
				q++;
				m = read_int(&q, 2);
				if (*q == '/' || *q == '-' || *q == '.') {
					q++;
					y = read_int(&q, 4);
					if (y > 0 && y < 100)
						y += 2000;
				} else {
					y = -1;
				}
			} else {
				while (*q == ' ')
					q++;
				m = y = -1;
				if (!strncmp(q, "tháng", strlen("tháng"))) {
					q += strlen("tháng");
					while (*q == ' ')
						q++;
					m = read_int(&q, 2);
					while (*q == ' ')
						q++;
					if (!strncmp(q, "năm", strlen("năm"))) {
						q += strlen("năm");
						while (*q == ' ')
							q++;
						y = read_int(&q, 4);
					}
				}
			}
			if (y >= 1945 && m >= 1 && m <= 12 && d >= 1 && d <= ymd_days_in_month(y, m)) {
				n->meeting_date.y = y;
				n->meeting_date.m = m;
				n->meeting_date.d = d;
			}
		}
		{
			const char *dc = strstr(f, "đồng chí ");
			if (dc) {
				const char *s = t + (dc - f) + strlen("đồng chí ");
				size_t l = 0, words = 0;
				while (s[l] && words < 5) {
					size_t e = l;
					while (s[e] && s[e] != ' ' && s[e] != ',')
						e++;
					if (!name_word(s + l, e - l))
						break;
					words++;
					l = e;
					if (s[l] != ' ')
						break;
					l++;
				}
				while (l && (s[l - 1] == ' ' || s[l - 1] == ','))
					l--;
				if (words >= 2)
					n->presider = xstrndup(s, l);
			}
		}
		free(f);
		if (n->meeting_date.y || n->presider)
			return;
	}
}

void meta_extract(const struct outline *o, struct notice *n, size_t *body_start)
{
	struct seg *v = NULL;
	struct strlist pool = {0};
	size_t cnt = segments(o, n->text, 0, HEADER_PARAS, &pool, &v), i;
	size_t last_header = 0, type_para = (size_t)-1;
	int have_number = 0, have_date = 0;
	struct sbuf issuer;
	int vv = 0;

	sbuf_init(&issuer, 4096);
	for (i = 0; i < cnt; i++) {
		const char *s = v[i].s;
		const struct para *p = &o->p[v[i].para];
		const char *t;
		/* "... Số: /UBND-KT V/v triển khai ..." in one header cell. */
		if (v[i].para < 8 && (t = strstr(s, " V/v ")) != NULL) {
			size_t l = strcspn(t + 5, "|");
			while (l && t[5 + l - 1] == ' ')
				l--;
			if (!n->title && l)
				n->title = xstrndup(t + 5, l);
			vv = 1;
		}
		if (!have_number && parse_number(s, &n->number)) {
			have_number = 1;
			if (v[i].para > last_header)
				last_header = v[i].para;
			/* "UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG  Số: /KH-SCT": the
			 * issuer stands before the number. */
			if (!issuer.len) {
				const char *so = strstr(s, "Số");
				if (so && so > s && is_upper_seg(s))
					sbuf_add(&issuer, s, (size_t)(so - s));
			}
			/* "Số: 2207/VPCP-NN Hà Nội, ngày 28 tháng 3 năm 2022": a
			 * portal puts the place and date on the number's line. */
			if (!have_date && parse_place_date(s, &n->place, &n->date))
				have_date = 1;
			continue;
		}
		if (!have_date && parse_place_date(s, &n->place, &n->date)) {
			have_date = 1;
			if (v[i].para > last_header)
				last_header = v[i].para;
			continue;
		}
		if (!n->type && p->mk != MK_ROW && (t = parse_type(s))) {
			n->type = xstrdup(t);
			type_para = v[i].para;
			if (v[i].para > last_header)
				last_header = v[i].para;
			continue;
		}
		if (!strncmp(s, "V/v", 3) || !strncmp(s, "V/V", 3) || !strncmp(s, "v/v", 3)) {
			size_t l;
			const char *q = s + 3;
			while (*q == ' ' || *q == ':')
				q++;
			l = strcspn(q, "|");
			while (l && q[l - 1] == ' ')
				l--;
			if (!n->title && l)
				n->title = xstrndup(q, l);
			vv = 1;
			if (v[i].para > last_header)
				last_header = v[i].para;
			continue;
		}
		if (!have_number && !have_date && !n->type && is_upper_seg(s) && !is_motto(s) &&
		    strlen(s) < 120) {
			if (issuer.len)
				sbuf_addc(&issuer, ' ');
			sbuf_adds(&issuer, s);
		} else if (!have_number && !have_date && !n->type && !issuer.len) {
			/* "VĂN PHÒNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc
			 * lập - ...": a portal puts the issuer and the motto on one
			 * line; the issuer is what stands before the motto. */
			size_t at = motto_at(s);
			if (at > 0 && at < 120) {
				char *head = xstrndup(s, at);
				if (is_upper_seg(head) && !is_motto(head))
					sbuf_adds(&issuer, head);
				free(head);
			}
		}
	}
	if (issuer.len) {
		size_t l = issuer.len;
		const char *q = text_trim(issuer.buf, &l);
		n->issuer = xstrndup(q, l);
	}
	sbuf_release(&issuer);
	if (!n->type) {
		const char *t = type_from_number(n->number);
		if (!t && vv)
			t = "CÔNG VĂN";
		if (t)
			n->type = xstrdup(t);
	}
	/* The title: the short lines after the type. */
	*body_start = last_header + 1;
	if (type_para != (size_t)-1) {
		struct sbuf tb;
		size_t k;
		sbuf_init(&tb, 4096);
		for (k = type_para + 1; k < o->n && k < type_para + 4; k++) {
			const struct para *p = &o->p[k];
			size_t l = strlen(p->text);
			char *f;
			int stop;
			if (p->mk != MK_NONE || l > 400 || (k > type_para + 1 && p->blank_before == 0 && 0))
				break;
			f = text_fold(p->text, l);
			stop = !strncmp(f, "ngày ", strlen("ngày ")) || !strncmp(f, "căn cứ", strlen("căn cứ")) ||
			       !strncmp(f, "thực hiện", strlen("thực hiện")) ||
			       !strncmp(f, "kính gửi", strlen("kính gửi")) ||
			       (l && p->text[l - 1] == '.') || (l && p->text[l - 1] == ':');
			free(f);
			if (stop)
				break;
			if (tb.len)
				sbuf_addc(&tb, ' ');
			sbuf_adds(&tb, p->text);
			*body_start = k + 1;
		}
		if (tb.len && !n->title)
			n->title = sbuf_detach(&tb);
		sbuf_release(&tb);
		if (type_para + 1 > *body_start)
			*body_start = type_para + 1;
	}
	if (*body_start > o->n)
		*body_start = o->n;
	find_meeting(o, *body_start, n);
	find_signer(o, n);
	free(v);
	strlist_release(&pool);
}
