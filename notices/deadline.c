/*
 * deadline.c - the grammar of Vietnamese deadlines and recurrences.
 *
 * A task's text holds many dates; few are deadlines.  Dates are first
 * collected as candidates (a full date, a day and month, a month, a quarter,
 * a half-year, a year), then each is bound by the words before it: only a
 * binding word makes a deadline ("trước", "chậm nhất", "xong", "trong",
 * "Thời gian hoàn thành:").  A date with no binder, such as the date of a
 * meeting or of a referenced plan ("Kế hoạch số 1929/KH-UBND ngày
 * 27/7/2022"), is never a deadline: a false deadline sends reminders for
 * nothing, which is worse than a missed one.
 *
 * Everything runs on the folded text (text_fold), whose byte offsets equal
 * the original's.
 */
#include "notices/deadline.h"
#include "notices/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum cand_type { C_FULL, C_DAYMONTH, C_MONTH, C_QUARTER, C_HALF, C_YEAR };

struct cand {
	enum cand_type type;
	int y, m, d;          /* C_QUARTER keeps the quarter in m, C_HALF the end month */
	size_t start, end;
	enum due_kind kind;   /* after binding */
	int has_time;
	int completion;       /* bound by "xong"/"hoàn thành": wins over interim dates */
	int used;             /* consumed by a recurrence */
};

#define MAX_CANDS 64

struct scan {
	const char *orig;     /* the text as written, for capitals */
	const char *f;        /* folded text */
	size_t n;
	int cell;             /* a table's time cell: a date opening it binds */
	struct cand c[MAX_CANDS];
	int nc;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_sp(const char *f, size_t n, size_t i)
{
	while (i < n && f[i] == ' ')
		i++;
	return i;
}

/* Reads up to `max` digits at *i; returns the digit count. */
static int read_num(const char *f, size_t n, size_t *i, int *val, int max)
{
	int k = 0, v = 0;
	while (*i < n && is_digit(f[*i]) && k < max) {
		v = v * 10 + (f[*i] - '0');
		(*i)++;
		k++;
	}
	if (k && *i < n && is_digit(f[*i]))
		return 0; /* too many digits: not a day, month or year */
	*val = v;
	return k;
}

static inline int word_at(const char *f, size_t n, size_t i, const char *w)
{
	return i <= n && text_starts_word(f + i, n - i, w);
}

/* Whether the character before offset i is a letter or digit. */
static int alnum_before(const char *f, size_t i)
{
	size_t b;
	if (i == 0)
		return 0;
	b = i - 1;
	while (b > 0 && ((unsigned char)f[b] & 0xC0) == 0x80)
		b--;
	return text_is_alnum(f + b);
}

/*
 * Whether the folded text before offset i ends with the word w (after
 * spaces); on success *at is where w starts.
 */
static int ends_with_word(const char *f, size_t i, const char *w, size_t *at)
{
	size_t wl = strlen(w);
	while (i > 0 && f[i - 1] == ' ')
		i--;
	/* The last byte first: it tells most binders apart without a call. */
	if (i < wl || f[i - 1] != w[wl - 1] || memcmp(f + i - wl, w, wl))
		return 0;
	if (alnum_before(f, i - wl))
		return 0;
	*at = i - wl;
	return 1;
}

static int year_ok(int y)
{
	return y >= 1945 && y <= 2100;
}

static int fix_year(int y, int digits)
{
	if (digits == 2)
		return 2000 + y;
	return digits == 4 ? y : 0;
}

static void add_cand(struct scan *s, enum cand_type t, int y, int m, int d,
		     size_t start, size_t end)
{
	struct cand *c;
	if (s->nc >= MAX_CANDS)
		return;
	c = &s->c[s->nc++];
	memset(c, 0, sizeof(*c));
	c->type = t;
	c->y = y;
	c->m = m;
	c->d = d;
	c->start = start;
	c->end = end;
}

static int roman_quarter(const char *f, size_t n, size_t *i)
{
	static const char *const r[] = {"iv", "iii", "ii", "i"};
	static const int v[] = {4, 3, 2, 1};
	size_t k;
	for (k = 0; k < 4; k++) {
		size_t l = strlen(r[k]);
		if (*i + l <= n && !memcmp(f + *i, r[k], l) &&
		    (*i + l == n || !text_is_alnum(f + *i + l))) {
			*i += l;
			return v[k];
		}
	}
	if (*i < n && f[*i] >= '1' && f[*i] <= '4' && (*i + 1 == n || !is_digit(f[*i + 1])))
		return f[(*i)++] - '0';
	return 0;
}

/* "/2023", "-2023", " năm 2023": an optional year after a month or quarter. */
static int read_tail_year(const char *f, size_t n, size_t *i)
{
	size_t j = *i;
	int y = 0, k;
	if (j < n && (f[j] == '/' || f[j] == '-')) {
		j++;
		k = read_num(f, n, &j, &y, 4);
		if (k == 4 && year_ok(y)) {
			*i = j;
			return y;
		}
		return 0;
	}
	j = skip_sp(f, n, j);
	if (word_at(f, n, j, "năm")) {
		j = skip_sp(f, n, j + strlen("năm"));
		k = read_num(f, n, &j, &y, 4);
		if (k == 4 && year_ok(y)) {
			*i = j;
			return y;
		}
	}
	return 0;
}

/* A date that starts with digits at i: "05/01/2023", "30/6", "15-7-2023",
 * "05.8.2023", "30 tháng 9 năm 2024", "6 tháng đầu năm 2025".  Returns the
 * end offset, or i when nothing matched. */
static size_t scan_number(struct scan *s, size_t i)
{
	const char *f = s->f;
	size_t n = s->n, j = i;
	int d, m, y, k;

	if (!read_num(f, n, &j, &d, 2))
		return i;
	if (j < n && (f[j] == '/' || f[j] == '-' || f[j] == '.') && j + 1 < n && is_digit(f[j + 1])) {
		char sep = f[j];
		size_t j2 = j + 1;
		if (!read_num(f, n, &j2, &m, 2) || m < 1 || m > 12 || d < 1 || d > 31)
			return i;
		if (j2 < n && f[j2] == sep && j2 + 1 < n && is_digit(f[j2 + 1])) {
			size_t j3 = j2 + 1;
			k = read_num(f, n, &j3, &y, 4);
			y = fix_year(y, k);
			if (!y || !year_ok(y) || d > ymd_days_in_month(y, m))
				return i;
			/* "61/2018/NĐ-CP" and the like: a number, not a date. */
			if (j3 < n && (f[j3] == '/' || (f[j3] == '-' && j3 + 1 < n && text_is_alnum(f + j3 + 1))))
				return i;
			add_cand(s, C_FULL, y, m, d, i, j3);
			return j3;
		}
		/* A day and month only with the slash ("trước 30/6"); "6.1"
		 * is an outline number and "15-7" too rare to risk. */
		if (sep != '/')
			return i;
		if (j2 < n && (f[j2] == '/' || text_is_alnum(f + j2)))
			return i;
		add_cand(s, C_DAYMONTH, 0, m, d, i, j2);
		return j2;
	}
	j = skip_sp(f, n, j);
	if (word_at(f, n, j, "tháng")) {
		size_t j2 = skip_sp(f, n, j + strlen("tháng"));
		/* "6 tháng đầu năm 2025", "6 tháng cuối năm": a half-year
		 * (or the first nine months) of the notice's year if unstated. */
		if (word_at(f, n, j2, "đầu năm") || word_at(f, n, j2, "cuối năm")) {
			int first = word_at(f, n, j2, "đầu năm");
			size_t j3 = j2 + strlen(first ? "đầu năm" : "cuối năm");
			size_t j4 = skip_sp(f, n, j3);
			int yy = 0;
			if (read_num(f, n, &j4, &yy, 4) == 4 && year_ok(yy))
				j3 = j4;
			else
				yy = 0;
			if (d >= 1 && d <= 12) {
				add_cand(s, C_HALF, yy, first ? d : 12, 0, i, j3);
				return j3;
			}
			return i;
		}
		if (read_num(f, n, &j2, &m, 2) && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
			size_t j3 = j2;
			y = read_tail_year(f, n, &j3);
			if (y && d <= ymd_days_in_month(y, m)) {
				add_cand(s, C_FULL, y, m, d, i, j3);
				return j3;
			}
			if (!y) {
				add_cand(s, C_DAYMONTH, 0, m, d, i, j2);
				return j2;
			}
		}
	}
	return i;
}

/*
 * Where scan_all() looks next, from offset i on: a byte a date or a period
 * can start with (a digit, or the "th\xC3", "qu\xC3", "n\xC4\x83" that
 * open "tháng", "quý" and "năm": 't' and 'n' alone open a word in four)
 * that does not follow an ASCII letter or digit.  One inside a word
 * ("2021a", "nhanh", "Trung") starts nothing, and a run of digits after a
 * letter ("A12.5") is skipped as a whole whether it is seen or not; after
 * a multi-byte character alnum_before() decides, as everywhere.  These are
 * ASCII bytes, which in UTF-8 are whole characters, so the bytes between
 * need no decoding; they are most of a task's text, so SSE2 tells sixteen
 * at a time.
 */
static int scan_start(unsigned char c)
{
	return (c >= '0' && c <= '9') || c == 't' || c == 'q' || c == 'n';
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t next_start(const char *f, size_t n, size_t i)
{
	if (i == 0 && n && scan_start((unsigned char)f[0]))
		return 0;
	if (i == 0)
		i = 1;
#ifdef __SSE2__
	while (i + 18 <= n) {
		__m128i x = _mm_loadu_si128((const __m128i *)(f + i));
		__m128i x1 = _mm_loadu_si128((const __m128i *)(f + i + 1));
		__m128i x2 = _mm_loadu_si128((const __m128i *)(f + i + 2));
		__m128i p = _mm_loadu_si128((const __m128i *)(f + i - 1));
		__m128i pl = _mm_or_si128(p, _mm_set1_epi8(0x20));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		__m128i c3 = _mm_cmpeq_epi8(x2, _mm_set1_epi8((char)0xC3));
		__m128i th = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('t')),
							 _mm_cmpeq_epi8(x1, _mm_set1_epi8('h'))), c3);
		__m128i qu = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('q')),
							 _mm_cmpeq_epi8(x1, _mm_set1_epi8('u'))), c3);
		__m128i na = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('n')),
							 _mm_cmpeq_epi8(x1, _mm_set1_epi8((char)0xC4))),
					   _mm_cmpeq_epi8(x2, _mm_set1_epi8((char)0x83)));
		__m128i start = _mm_or_si128(_mm_or_si128(digit, th), _mm_or_si128(qu, na));
		__m128i after = _mm_or_si128(
			_mm_and_si128(_mm_cmpgt_epi8(p, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(p, _mm_set1_epi8('9' + 1))),
			_mm_and_si128(_mm_cmpgt_epi8(pl, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(pl, _mm_set1_epi8('z' + 1))));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(after, start));
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	for (; i < n; i++)
		if (scan_start((unsigned char)f[i]) && !ascii_alnum((unsigned char)f[i - 1]))
			return i;
	return n;
}

/* Collects every date-like expression in the folded text. */
static void scan_all(struct scan *s)
{
	const char *f = s->f;
	size_t n = s->n, i = 0;
	while ((i = next_start(f, n, i)) < n) {
		char c;
		size_t e;
		c = f[i];
		e = i;
		if (is_digit(c)) {
			if (!alnum_before(f, i) && (i == 0 || (f[i - 1] != '/' && f[i - 1] != '.' &&
							       f[i - 1] != ',' && f[i - 1] != '-')))
				e = scan_number(s, i);
			if (e == i)
				while (e < n && (is_digit(f[e]) || f[e] == '.' || f[e] == ','))
					e++;
			i = e;
			continue;
		}
		/* Only "tháng", "quý" and "năm" start a period; the word is
		 * matched before the boundary is looked at, as most 't's and
		 * 'n's start other words. */
		if ((c == 't' || c == 'q' || c == 'n') &&
		    ((c == 't' && text_starts_word(f + i, n - i, "tháng")) ||
		     (c == 'q' && text_starts_word(f + i, n - i, "quý")) ||
		     (c == 'n' && text_starts_word(f + i, n - i, "năm"))) &&
		    !alnum_before(f, i)) {
			if (c == 't') {
				size_t j = skip_sp(f, n, i + strlen("tháng"));
				int m;
				if (read_num(f, n, &j, &m, 2) && m >= 1 && m <= 12 &&
				    (j >= n || f[j] != '.' || j + 1 >= n || !is_digit(f[j + 1]))) {
					size_t j2 = j;
					int y = read_tail_year(f, n, &j2);
					add_cand(s, C_MONTH, y, m, 0, i, y ? j2 : j);
					i = y ? j2 : j;
					continue;
				}
			} else if (c == 'q') {
				size_t j = skip_sp(f, n, i + strlen("quý"));
				int q = roman_quarter(f, n, &j);
				if (q) {
					size_t j2 = j;
					int y = read_tail_year(f, n, &j2);
					add_cand(s, C_QUARTER, y, q, 0, i, y ? j2 : j);
					i = y ? j2 : j;
					continue;
				}
			} else {
				size_t j = skip_sp(f, n, i + strlen("năm"));
				int y;
				if (read_num(f, n, &j, &y, 4) == 4 && year_ok(y)) {
					add_cand(s, C_YEAR, y, 0, 0, i, j);
					i = j;
					continue;
				}
			}
		}
		i++;
	}
}

/* Whether the text before `i` ends with a time of day ("17 giờ 00",
 * "17 giờ", "17h00", "16h"); moves *i before it. */
static int strip_time(const char *f, size_t *i)
{
	size_t j = *i, at;
	while (j > 0 && f[j - 1] == ' ')
		j--;
	/* "00 phút" / trailing minutes */
	if (ends_with_word(f, j, "phút", &at))
		j = at;
	while (j > 0 && f[j - 1] == ' ')
		j--;
	{
		size_t k = j;
		while (k > 0 && is_digit(f[k - 1]))
			k--;
		if (k < j) {
			size_t k2 = k;
			while (k2 > 0 && f[k2 - 1] == ' ')
				k2--;
			if (ends_with_word(f, k2, "giờ", &at) || (k2 > 0 && f[k2 - 1] == 'h')) {
				j = k2;
			}
		}
	}
	if (ends_with_word(f, j, "giờ", &at) || (j > 0 && f[j - 1] == 'h' && j > 1 && is_digit(f[j - 2]))) {
		size_t k = (j > 0 && f[j - 1] == 'h') ? j - 1 : at;
		size_t k0;
		while (k > 0 && f[k - 1] == ' ')
			k--;
		k0 = k;
		while (k > 0 && is_digit(f[k - 1]))
			k--;
		if (k < k0 && !alnum_before(f, k)) {
			*i = k;
			return 1;
		}
	}
	return 0;
}

/* Label words that, before a colon, make what follows the time of
 * completion: "Thời gian hoàn thành: Quý III/2025". */
static int label_before_colon(const char *f, size_t i)
{
	static const char *const labels[] = {
		"thời gian hoàn thành", "thời hạn hoàn thành", "hạn hoàn thành",
		"thời gian thực hiện", "thời hạn thực hiện", "thời hạn", "thời gian",
		"tiến độ", "tiến độ hoàn thành", "hạn",
	};
	size_t k, at;
	for (k = 0; k < sizeof(labels) / sizeof(labels[0]); k++)
		if (ends_with_word(f, i, labels[k], &at))
			return 1;
	return 0;
}

/* Whether the clause that ends at offset i (from the last '.' or ';',
 * 160 bytes back at most) holds one of the n words w. */
static int clause_has(const char *f, size_t i, const char *const *w, size_t n)
{
	size_t b = i > 160 ? i - 160 : 0, k;

	while (b < i && ((unsigned char)f[b] & 0xC0) == 0x80)
		b++;
	for (k = i; k > b; k--)
		if (f[k - 1] == '.' || f[k - 1] == ';') {
			b = k;
			break;
		}
	for (k = 0; k < n; k++)
		if (text_find_word(f, i, b, w[k]) >= 0)
			return 1;
	return 0;
}

/* Whether the clause before offset i speaks of moving a time: "lùi thời
 * gian trình Đề án sang", "gia hạn ... sang". */
static int moved_before(const char *f, size_t i)
{
	static const char *const w[] = {"lùi", "gia hạn", "thời gian", "thời hạn", "điều chỉnh tiến độ"};

	return clause_has(f, i, w, sizeof(w) / sizeof(w[0]));
}

/* Whether the clause before offset i moves or extends a deadline ("gia
 * hạn", "lùi", "kéo dài thời gian", "điều chỉnh thời hạn", "dời thời
 * gian"): then "đến X" is the new deadline, while a period's "từ ... đến
 * X" or "điều chỉnh quy hoạch ... đến năm 2050" is not one. */
static int extended_before(const char *f, size_t i)
{
	static const char *const w[] = {
		"lùi", "gia hạn", "kéo dài thời gian", "kéo dài thời hạn", "điều chỉnh thời gian",
		"điều chỉnh thời hạn", "điều chỉnh tiến độ", "dời thời gian", "dời thời hạn",
	};

	return clause_has(f, i, w, sizeof(w) / sizeof(w[0]));
}

/*
 * Binds candidate c by the words before it.  Fillers ("ngày", "vào", "là",
 * a time of day, "(") are skipped; then the binder decides the kind.
 */
static void bind(struct scan *s, struct cand *c)
{
	const char *f = s->f;
	size_t i = c->start, at;
	int vao = 0, colon = 0, ngay = 0, progress = 1;

	while (progress) {
		progress = 0;
		while (i > 0 && (f[i - 1] == ' ' || f[i - 1] == '(' || f[i - 1] == ','))
			i--;
		if (ends_with_word(f, i, "ngày", &at)) {
			i = at;
			ngay = 1;
			progress = 1;
		} else if (strip_time(f, &i)) {
			c->has_time = 1;
			progress = 1;
		} else if (ends_with_word(f, i, "vào", &at)) {
			i = at;
			vao = 1;
			progress = 1;
		} else if (ends_with_word(f, i, "là", &at) || ends_with_word(f, i, "hết", &at) ||
			   ends_with_word(f, i, "đến hết", &at)) {
			i = at;
			progress = 1;
		} else if (i > 0 && f[i - 1] == ':' && !colon) {
			i--;
			colon = 1;
			progress = 1;
		}
	}
	(void)ngay;
	c->kind = DUE_NONE;
	/* "dự kiến ... trong tháng 7/2026": an expectation reported, not a
	 * time set.  Looked for in the clause before the date. */
	{
		size_t b = c->start, lim = c->start > 120 ? c->start - 120 : 0;
		while (b > lim && f[b - 1] != '.' && f[b - 1] != ';' && f[b - 1] != '\n')
			b--;
		if (c->start > b) {
			long p = text_find_word(f, c->start, b, "dự kiến");
			if (p >= 0)
				return;
		}
	}
	if (ends_with_word(f, i, "trước", &at)) {
		size_t at2;
		/* "xong trước", "hoàn thành trước": completion. */
		if (ends_with_word(f, at, "xong", &at2) || ends_with_word(f, at, "hoàn thành", &at2))
			c->completion = 1;
		if (c->type == C_FULL || c->type == C_DAYMONTH)
			c->kind = c->has_time ? DUE_BY : DUE_BEFORE;
		return;
	}
	if (ends_with_word(f, i, "chậm nhất", &at) || ends_with_word(f, i, "muộn nhất", &at) ||
	    ends_with_word(f, i, "không muộn hơn", &at) || ends_with_word(f, i, "không chậm hơn", &at) ||
	    ends_with_word(f, i, "không quá", &at) ||
	    ends_with_word(f, i, "hạn chót", &at) || ends_with_word(f, i, "hạn cuối", &at)) {
		if (c->type == C_FULL || c->type == C_DAYMONTH)
			c->kind = DUE_BY;
		else
			c->kind = DUE_WITHIN;
		return;
	}
	if (ends_with_word(f, i, "xong", &at) || ends_with_word(f, i, "hoàn thành", &at) ||
	    ends_with_word(f, i, "kết thúc", &at)) {
		c->completion = 1;
		c->kind = (c->type == C_FULL || c->type == C_DAYMONTH) ? DUE_BY : DUE_WITHIN;
		return;
	}
	if (ends_with_word(f, i, "trong", &at)) {
		size_t at2, b = at, e = skip_sp(f, s->n, c->end);
		/* "Trong năm 2025, UBND tỉnh đã ban hành ..." opens a sentence
		 * of a report: a time of the past, not one to finish within. */
		while (b > 0 && f[b - 1] == ' ')
			b--;
		if ((b == 0 || f[b - 1] == '.' || f[b - 1] == ':' || f[b - 1] == '\n' || f[b - 1] == ';' ||
		     (s->orig && s->orig[at] == 'T')) &&
		    e < s->n && f[e] == ',')
			return;
		if (ends_with_word(f, at, "xong", &at2) || ends_with_word(f, at, "hoàn thành", &at2))
			c->completion = 1;
		/* "trong năm 2023" binds only when nothing follows that widens
		 * it ("trong năm 2023 và các năm tới", "trong năm 2024-2025"). */
		c->kind = (c->type == C_FULL || c->type == C_DAYMONTH) ? DUE_BY : DUE_WITHIN;
		return;
	}
	/* "đồng ý lùi thời gian trình ... sang tháng 12 năm 2020", "gia hạn
	 * thời gian hoàn thành đến hết ngày 30/6/2021": the date a letter
	 * moves the deadline to is the deadline. */
	if (i >= 4 && (f[i - 1] == 'g' || f[i - 1] == 'n') &&
	    ((ends_with_word(f, i, "sang", &at) && moved_before(f, at)) || ends_with_word(f, i, "lùi đến", &at) ||
	     ends_with_word(f, i, "gia hạn đến", &at) ||
	     (ends_with_word(f, i, "đến", &at) && extended_before(f, at)))) {
		c->completion = 1;
		c->kind = (c->type == C_FULL || c->type == C_DAYMONTH) ? DUE_BY : DUE_WITHIN;
		return;
	}
	/* "tại phiên họp Chính phủ thường kỳ tháng 9": the meeting of that
	 * month, so within it. */
	if (c->type == C_MONTH && ends_with_word(f, i, "thường kỳ", &at)) {
		c->kind = DUE_WITHIN;
		return;
	}
	if (colon && label_before_colon(f, i)) {
		c->kind = (c->type == C_FULL || c->type == C_DAYMONTH) ? DUE_BY : DUE_WITHIN;
		c->completion = 1;
		return;
	}
	if (vao && (c->type == C_FULL || c->type == C_DAYMONTH)) {
		c->kind = DUE_BY;
		return;
	}
	/* A date that opens the text is a table cell's value ("Quý
	 * III/2025", "Trước ngày 30/6/2025" is bound above). */
	while (i > 0 && (f[i - 1] == ' ' || f[i - 1] == '-'))
		i--;
	if (s->cell && i == 0 && c->start < 4)
		c->kind = (c->type == C_FULL || c->type == C_DAYMONTH) ? DUE_BY : DUE_WITHIN;
}

/* Whether what follows a period widens it so that it no longer sets a
 * time of completion: "và các năm tới", "- 2025", "đến năm 2025". */
static int widened_after(const struct scan *s, const struct cand *c)
{
	size_t j = skip_sp(s->f, s->n, c->end);
	if (word_at(s->f, s->n, j, "và các năm") || word_at(s->f, s->n, j, "và những năm") ||
	    word_at(s->f, s->n, j, "và các tháng") || word_at(s->f, s->n, j, "đến năm") ||
	    word_at(s->f, s->n, j, "và các quý") || word_at(s->f, s->n, j, "trở đi"))
		return 1;
	if (j < s->n && s->f[j] == '-') {
		size_t k = skip_sp(s->f, s->n, j + 1);
		if (k < s->n && is_digit(s->f[k]))
			return 1;
	}
	return 0;
}

/* The year of a day and month written without one: the notice's year, or
 * the next when that day has already passed at the notice date. */
static int infer_year(struct ymd ref, int m, int d)
{
	if (!ref.y)
		return 0;
	if (ref.m && (m < ref.m || (m == ref.m && ref.d && d < ref.d)))
		return ref.y + 1;
	return ref.y;
}

/* Resolves a bound candidate to its due date (the written date; the last
 * day of a period). */
static struct ymd resolve(const struct cand *c, struct ymd ref)
{
	struct ymd r = {0, 0, 0};
	int y = c->y;
	switch (c->type) {
	case C_FULL:
		r.y = c->y;
		r.m = c->m;
		r.d = c->d;
		break;
	case C_DAYMONTH:
		r.y = infer_year(ref, c->m, c->d);
		r.m = c->m;
		r.d = c->d;
		if (r.y && r.d > ymd_days_in_month(r.y, r.m))
			r.y = 0;
		break;
	case C_MONTH:
		if (!y)
			y = infer_year(ref, c->m, 1);
		if (ref.y && !c->y && ref.m && c->m < ref.m)
			y = ref.y + 1;
		r.y = y;
		r.m = c->m;
		r.d = y ? ymd_days_in_month(y, c->m) : 0;
		break;
	case C_QUARTER:
		if (!y && ref.y)
			y = (ref.m && c->m * 3 < ref.m) ? ref.y + 1 : ref.y;
		r.y = y;
		r.m = c->m * 3;
		r.d = y ? ymd_days_in_month(y, r.m) : 0;
		break;
	case C_HALF:
		if (!y)
			y = ref.y;
		r.y = y;
		r.m = c->m;
		r.d = y ? ymd_days_in_month(y, c->m) : 0;
		break;
	case C_YEAR:
		r.y = c->y;
		r.m = 12;
		r.d = 31;
		break;
	}
	if (!r.y) {
		r.m = 0;
		r.d = 0;
	}
	return r;
}

/* Weekday names as written after "thứ": "thứ Sáu", "thứ 6". */
static int weekday_at(const char *f, size_t n, size_t i, size_t *end)
{
	static const struct { const char *w; int d; } wd[] = {
		{"thứ hai", 1}, {"thứ ba", 2}, {"thứ tư", 3}, {"thứ năm", 4}, {"thứ sáu", 5},
		{"thứ bảy", 6}, {"chủ nhật", 0}, {"thứ 2", 1}, {"thứ 3", 2}, {"thứ 4", 3},
		{"thứ 5", 4}, {"thứ 6", 5}, {"thứ 7", 6},
	};
	size_t k;
	for (k = 0; k < sizeof(wd) / sizeof(wd[0]); k++)
		if (word_at(f, n, i, wd[k].w)) {
			*end = i + strlen(wd[k].w);
			return wd[k].d;
		}
	return -1;
}

static const char *const byday[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

/* The first date on or after `ref` for which the rule holds. */
static struct ymd first_weekday(struct ymd ref, int wd)
{
	long z = ymd_to_days(ref);
	while (ymd_weekday(ymd_from_days(z)) != wd)
		z++;
	return ymd_from_days(z);
}

static struct ymd first_monthday(struct ymd ref, int d)
{
	struct ymd r = ref;
	int guard;
	if (ref.d > d) {
		r.m++;
		if (r.m > 12) {
			r.m = 1;
			r.y++;
		}
	}
	/* Months too short for day d are skipped, as RFC 5545 does. */
	for (guard = 0; guard < 12 && d > ymd_days_in_month(r.y, r.m); guard++) {
		r.m++;
		if (r.m > 12) {
			r.m = 1;
			r.y++;
		}
	}
	r.d = d;
	return r;
}

static struct ymd first_yearday(struct ymd ref, const int *ms, const int *ds, int k)
{
	struct ymd best = {0, 0, 0};
	long bz = 0;
	int i, yy;
	for (yy = ref.y; yy <= ref.y + 1; yy++)
		for (i = 0; i < k; i++) {
			struct ymd c = {yy, ms[i], ds[i]};
			long z;
			if (c.d > ymd_days_in_month(c.y, c.m))
				continue;
			z = ymd_to_days(c);
			if (z >= ymd_to_days(ref) && (!best.y || z < bz)) {
				best = c;
				bz = z;
			}
		}
	return best;
}

static int full_ref(struct ymd ref)
{
	return ref.y && ref.m && ref.d;
}

/* The binding of the word before offset i for a recurring date:
 * "trước ngày 25 hằng tháng" is before; "vào ngày 25" and a time are by. */
static enum due_kind recur_kind(const char *f, size_t i)
{
	struct cand c;
	struct scan *s = xcalloc(1, sizeof(*s));
	memset(&c, 0, sizeof(c));
	c.type = C_FULL;
	c.start = i;
	s->f = f;
	s->n = i;
	bind(s, &c);
	free(s);
	return c.kind == DUE_NONE ? DUE_BY : c.kind;
}

/* text_find_word() of a recurrence cue, skipped when a part of it that was
 * looked for once is absent. */
static long find_cue(int present, const char *f, size_t n, const char *cue)
{
	return present ? text_find_word(f, n, 0, cue) : -1;
}

/* "6 tháng một lần", "định kỳ 6 tháng" (or 06). */
static int half_yearly_cue(int six, int dinh, const char *f, size_t n)
{
	return find_cue(six, f, n, "6 tháng một lần") >= 0 ||
	       find_cue(dinh, f, n, "định kỳ 6 tháng") >= 0 ||
	       find_cue(dinh, f, n, "định kỳ 06 tháng") >= 0;
}

/*
 * Recurrence: "hằng tuần vào thứ Sáu", "trước ngày 25 hằng tháng", "hằng
 * quý", "05/6 và 05/12 hàng năm", "định kỳ", "hằng ngày".  Fills out's freq,
 * rrule, and due (the first occurrence on or after the notice date) when a
 * day is stated.
 */
static void find_recurrence(struct scan *s, struct ymd ref, struct deadline *out)
{
	const char *f = s->f;
	size_t n = s->n;
	long p;
	int k;

	/* Every cue below holds "hằng", "hàng", "định kỳ" or "6 tháng"; a
	 * cue is looked for only when its part is there ("hàng" alone is
	 * common: "ngân hàng", "hàng hóa"). */
	int hang1 = text_has(f, n, "hằng"), hang2 = text_has(f, n, "hàng");
	int dinh = text_has(f, n, "định kỳ"), six = text_has(f, n, "6 tháng");

	if (!hang1 && !hang2 && !dinh && !six)
		return;
	if ((p = find_cue(hang1, f, n, "hằng ngày")) >= 0 ||
	    (p = find_cue(hang2, f, n, "hàng ngày")) >= 0) {
		out->freq = REC_DAILY;
		snprintf(out->rrule, sizeof(out->rrule), "FREQ=DAILY");
		return;
	}
	if ((p = find_cue(hang1, f, n, "hằng tuần")) >= 0 ||
	    (p = find_cue(hang2, f, n, "hàng tuần")) >= 0) {
		size_t i, end = 0;
		int wd = -1;
		out->freq = REC_WEEKLY;
		snprintf(out->rrule, sizeof(out->rrule), "FREQ=WEEKLY");
		for (i = 0; i < n; i++)
			if ((f[i] == 't' || f[i] == 'c') && !alnum_before(f, i) &&
			    (wd = weekday_at(f, n, i, &end)) >= 0)
				break;
		if (wd >= 0) {
			size_t b = i, at;
			if (ends_with_word(f, b, "ngày", &at))
				b = at;
			snprintf(out->rrule, sizeof(out->rrule), "FREQ=WEEKLY;BYDAY=%s", byday[wd]);
			out->kind = recur_kind(f, b);
			if (full_ref(ref))
				out->due = first_weekday(ref, wd);
			out->start = i;
			out->end = end;
		}
		return;
	}
	if ((p = find_cue(hang1, f, n, "hằng tháng")) >= 0 ||
	    (p = find_cue(hang2, f, n, "hàng tháng")) >= 0) {
		/* "ngày 25 hằng tháng": the day is the number before. */
		size_t j = (size_t)p, at;
		int d = 0;
		out->freq = REC_MONTHLY;
		snprintf(out->rrule, sizeof(out->rrule), "FREQ=MONTHLY");
		while (j > 0 && f[j - 1] == ' ')
			j--;
		{
			size_t e = j;
			while (j > 0 && is_digit(f[j - 1]))
				j--;
			if (j < e && e - j <= 2 && ends_with_word(f, j, "ngày", &at)) {
				d = (int)strtol(f + j, NULL, 10);
				if (d >= 1 && d <= 31) {
					snprintf(out->rrule, sizeof(out->rrule),
						 "FREQ=MONTHLY;BYMONTHDAY=%d", d);
					out->kind = recur_kind(f, at);
					if (full_ref(ref))
						out->due = first_monthday(ref, d);
					out->start = at;
					out->end = (size_t)p;
				}
			}
		}
		for (k = 0; k < s->nc; k++)
			if (s->c[k].end <= (size_t)p && s->c[k].start >= (size_t)p - 16)
				s->c[k].used = 1;
		return;
	}
	if ((p = find_cue(hang1, f, n, "hằng quý")) >= 0 ||
	    (p = find_cue(hang2, f, n, "hàng quý")) >= 0 ||
	    find_cue(dinh, f, n, "định kỳ quý") >= 0) {
		out->freq = REC_QUARTERLY;
		snprintf(out->rrule, sizeof(out->rrule), "FREQ=MONTHLY;INTERVAL=3");
		return;
	}
	if ((p = find_cue(hang1, f, n, "hằng năm")) >= 0 ||
	    (p = find_cue(hang2, f, n, "hàng năm")) >= 0) {
		/* Day-and-month dates right before: "05/6 và 05/12 hàng năm". */
		int ms[4], ds[4], cnt = 0, first = -1;
		for (k = s->nc - 1; k >= 0 && cnt < 4; k--) {
			struct cand *c = &s->c[k];
			/* "hằng năm (trước ngày 10/12)": right after it. */
			if (c->type == C_DAYMONTH && c->start > (size_t)p && c->start - (size_t)p < 48 &&
			    cnt == 0 && (k == 0 || s->c[k - 1].end <= (size_t)p || s->c[k - 1].type != C_DAYMONTH)) {
				ms[0] = c->m;
				ds[0] = c->d;
				c->used = 1;
				first = k;
				cnt = 1;
				break;
			}
			if (c->end > (size_t)p || c->type != C_DAYMONTH)
				continue;
			if ((size_t)p - c->end > 24 && cnt == 0)
				break;
			if (cnt > 0 && s->c[first].start - c->end > 8)
				break;
			ms[cnt] = c->m;
			ds[cnt] = c->d;
			c->used = 1;
			first = k;
			cnt++;
		}
		out->freq = REC_YEARLY;
		snprintf(out->rrule, sizeof(out->rrule), "FREQ=YEARLY");
		if (cnt == 0 && half_yearly_cue(six, dinh, f, n)) {
			/* "Định kỳ 6 tháng, hàng năm": every six months, the
			 * yearly report being one of them; the more frequent
			 * wins, as the order of the cues above has it. */
			out->freq = REC_HALF_YEARLY;
			snprintf(out->rrule, sizeof(out->rrule), "FREQ=MONTHLY;INTERVAL=6");
			return;
		}
		if (cnt == 1) {
			snprintf(out->rrule, sizeof(out->rrule), "FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=%d",
				 ms[0], ds[0]);
		} else if (cnt >= 2) {
			/* Listed backwards; RRULE wants months ascending. */
			int a = ms[cnt - 1], b = ms[cnt - 2];
			out->freq = REC_HALF_YEARLY;
			if (ds[cnt - 1] == ds[cnt - 2])
				snprintf(out->rrule, sizeof(out->rrule),
					 "FREQ=YEARLY;BYMONTH=%d,%d;BYMONTHDAY=%d",
					 a < b ? a : b, a < b ? b : a, ds[0]);
			else
				snprintf(out->rrule, sizeof(out->rrule),
					 "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=%d", ds[cnt - 1]);
		}
		if (cnt >= 1) {
			int mm[4], dd[4], q;
			for (q = 0; q < cnt; q++) {
				mm[q] = ms[q];
				dd[q] = ds[q];
			}
			out->kind = recur_kind(f, s->c[first].start);
			{
				/* "..., kể từ năm 2028": the first occurrence is
				 * in that year, not the notice's. */
				long yq = text_find_word(f, n, 0, "kể từ năm");
				size_t j;
				int yy;
				if (yq < 0)
					yq = text_find_word(f, n, 0, "bắt đầu từ năm");
				if (yq >= 0) {
					j = skip_sp(f, n, (size_t)yq + (f[yq] == 'k' ? strlen("kể từ năm")
										  : strlen("bắt đầu từ năm")));
					if (read_num(f, n, &j, &yy, 4) == 4 && year_ok(yy) && yy > ref.y) {
						ref.y = yy;
						ref.m = 1;
						ref.d = 1;
					}
				}
			}
			if (full_ref(ref)) {
				out->due = first_yearday(ref, mm, dd, cnt);
			} else if (ref.y) {
				/* A plan dated "năm 2026" or "tháng 4 năm 2026":
				 * a yearly date is fixed by the year, counted from
				 * the start of the period the date gives. */
				struct ymd from = {ref.y, ref.m ? ref.m : 1, 1};
				out->due = first_yearday(from, mm, dd, cnt);
			}
			out->start = s->c[first].start < (size_t)p ? s->c[first].start : (size_t)p;
			out->end = s->c[first].start < (size_t)p ? (size_t)p : s->c[first].end;
		}
		return;
	}
	if (half_yearly_cue(six, dinh, f, n)) {
		out->freq = REC_HALF_YEARLY;
		snprintf(out->rrule, sizeof(out->rrule), "FREQ=MONTHLY;INTERVAL=6");
		return;
	}
	if (find_cue(dinh, f, n, "định kỳ") >= 0) {
		out->freq = REC_PERIODIC;
		out->rrule[0] = '\0';
	}
}

/*
 * Whether the event of a relative period, folded text [ev, e), is the
 * receipt of this document: "nhận được" alone, or of "văn bản này",
 * "công văn này", "dự thảo" ...  A period counted from receiving a file or
 * a request ("nhận đủ hồ sơ", "nhận được đơn") is a rule for each case, not
 * this letter's deadline.
 */
static int from_receipt(const char *f, size_t n, size_t ev)
{
	size_t k = ev + strlen("nhận được"), c = ev;

	if (n < k || memcmp(f + ev, "nhận được", strlen("nhận được")))
		return 0;
	/* The clause: up to its punctuation. */
	while (c < n && !strchr(",.;:(\n", f[c]))
		c++;
	while (c > k && f[c - 1] == ' ')
		c--;
	while (k < c && f[k] == ' ')
		k++;
	if (k >= c || (c - k >= strlen("dự thảo") && !memcmp(f + k, "dự thảo", strlen("dự thảo"))))
		return 1;
	return c - k >= strlen(" này") && !memcmp(f + c - strlen(" này"), " này", strlen(" này"));
}

/*
 * "trong thời hạn 05 ngày làm việc kể từ ngày ký": counted from the notice
 * date.  Counted from an event ("kể từ ngày nhận được văn bản này", "kể từ
 * ngày nhận đủ hồ sơ") there is no date to give: out->relative is set with
 * the phrase's span and 0 returned.
 */
static int find_relative(struct scan *s, struct ymd ref, struct deadline *out)
{
	const char *f = s->f;
	size_t n = s->n;
	long p = text_find_word(f, n, 0, "kể từ ngày");
	size_t j, e, ev;
	int num = 0, working = 0, signing;
	if (p < 0)
		return 0;
	e = (size_t)p + strlen("kể từ ngày");
	e = skip_sp(f, n, e);
	ev = e;
	signing = word_at(f, n, e, "ký") || word_at(f, n, e, "ban hành");
	/* Walk back over "N ngày (làm việc)". */
	j = (size_t)p;
	while (j > 0 && f[j - 1] == ' ')
		j--;
	if (j >= strlen("làm việc") && !memcmp(f + j - strlen("làm việc"), "làm việc", strlen("làm việc"))) {
		working = 1;
		j -= strlen("làm việc");
		while (j > 0 && f[j - 1] == ' ')
			j--;
	}
	if (j < strlen("ngày") || memcmp(f + j - strlen("ngày"), "ngày", strlen("ngày")))
		return 0;
	j -= strlen("ngày");
	while (j > 0 && f[j - 1] == ' ')
		j--;
	{
		size_t k = j;
		while (k > 0 && is_digit(f[k - 1]))
			k--;
		if (k == j || j - k > 3)
			return 0;
		num = (int)strtol(f + k, NULL, 10);
		j = k;
	}
	if (!signing) {
		/* The event: up to the end of the clause, a few words. */
		size_t w = 0;
		while (e < n && !strchr(",.;:(\n", f[e]) && w < 4) {
			while (e < n && f[e] != ' ' && !strchr(",.;:(\n", f[e]))
				e++;
			w++;
			if (e < n && f[e] == ' ' && w < 4)
				e++;
		}
		while (e > j && f[e - 1] == ' ')
			e--;
		{
			static const char *const lead[] = {"trong thời hạn", "trong vòng", "trong", "thời hạn"};
			size_t k, at, b = j;
			while (b > 0 && f[b - 1] == ' ')
				b--;
			for (k = 0; k < sizeof(lead) / sizeof(lead[0]); k++)
				if (ends_with_word(f, b, lead[k], &at)) {
					j = at;
					break;
				}
		}
		if (num > 0) {
			out->relative = from_receipt(f, n, ev) ? 2 : 1;
			out->start = j;
			out->end = e;
		}
		return 0;
	}
	if (num <= 0 || !full_ref(ref))
		return 0;
	out->due = working ? ymd_add_working_days(ref, num)
			   : ymd_from_days(ymd_to_days(ref) + num);
	out->kind = DUE_BY;
	out->start = j;
	out->end = e;
	return 1;
}

/*
 * `f` is text_fold(text, len).  The scan lives on the stack and only its
 * header is set: candidates are written by add_cand() before they are
 * read, and zeroing all of them cost more than the scan on short tasks.
 */
static int find(const char *text, const char *f, size_t len, struct ymd ref, int cell,
		struct deadline *out)
{
	struct scan s;
	int k, best = -1, found = 0;

	memset(out, 0, sizeof(*out));
	s.orig = text;
	s.f = f;
	s.n = len;
	s.cell = cell;
	s.nc = 0;
	scan_all(&s);
	find_recurrence(&s, ref, out);
	if (out->freq != REC_NONE && out->due.y) {
		found = 1;
		goto out;
	}
	for (k = 0; k < s.nc; k++) {
		struct cand *c = &s.c[k];
		struct ymd r;
		if (c->used)
			continue;
		bind(&s, c);
		if (c->kind == DUE_NONE)
			continue;
		if (c->type != C_FULL && c->type != C_DAYMONTH && widened_after(&s, c))
			continue;
		r = resolve(c, ref);
		if (!r.y)
			continue;
		/* The completion deadline wins over interim report dates;
		 * among equals, the latest date is the one that completes. */
		if (best < 0 || (c->completion && !s.c[best].completion) ||
		    (c->completion == s.c[best].completion &&
		     ymd_to_days(r) > ymd_to_days(resolve(&s.c[best], ref))))
			best = k;
	}
	if (best >= 0) {
		out->due = resolve(&s.c[best], ref);
		out->kind = s.c[best].kind;
		out->has_time = s.c[best].has_time;
		out->start = s.c[best].start;
		out->end = s.c[best].end;
		found = 1;
	} else if (find_relative(&s, ref, out)) {
		found = 1;
	}
	if (out->freq != REC_NONE)
		found = 1;
out:
	if (!out->due.y && out->freq == REC_NONE)
		out->kind = DUE_NONE;
	if (!out->due.y && out->kind != DUE_NONE)
		out->kind = DUE_NONE;
	return found;
}

int deadline_find(const char *text, size_t len, struct ymd ref, struct deadline *out)
{
	char fb[TEXT_FOLD_STACK], *fh;
	char *f = text_fold_buf(text, len, fb, sizeof(fb), &fh);
	int r = find(text, f, len, ref, 0, out);
	free(fh);
	return r;
}

int deadline_find_folded(const char *text, const char *folded, size_t len, struct ymd ref,
			 struct deadline *out)
{
	return find(text, folded, len, ref, 0, out);
}

int deadline_find_cell(const char *text, size_t len, struct ymd ref, struct deadline *out)
{
	/* "2025 - 2026", "Năm 2026-2030", "Giai đoạn 2026 - 2030" as a whole
	 * cell: work that runs to the end of the last year. */
	{
		char f[64];
		size_t i = 0, l = len < 63 ? len : 63, e;
		int y1, y2;
		text_fold_into(text, l, f);
		if (len < 60) {
			if (word_at(f, l, i, "năm"))
				i += strlen("năm");
			else if (word_at(f, l, i, "giai đoạn"))
				i += strlen("giai đoạn");
			i = skip_sp(f, l, i);
			e = i;
			if (read_num(f, l, &e, &y1, 4) == 4 && year_ok(y1)) {
				e = skip_sp(f, l, e);
				if (e < l && (f[e] == '-' || !strncmp(f + e, "–", strlen("–")))) {
					e += f[e] == '-' ? 1 : strlen("–");
					e = skip_sp(f, l, e);
					if (read_num(f, l, &e, &y2, 4) == 4 && year_ok(y2) && y2 >= y1 &&
					    skip_sp(f, l, e) == l) {
						memset(out, 0, sizeof(*out));
						out->due.y = y2;
						out->due.m = 12;
						out->due.d = 31;
						out->kind = DUE_WITHIN;
						out->start = i;
						out->end = e;
						return 1;
					}
				}
			}
		}
	}
	char *f = text_fold(text, len);
	int r = find(text, f, len, ref, 1, out);
	free(f);
	return r;
}
