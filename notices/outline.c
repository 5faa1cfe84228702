/*
 * outline.c - from clean text to paragraphs with list markers.
 *
 * Notices arrive as text converted from Word or PDF: one paragraph per line
 * (from .docx), or wrapped lines with blank lines between paragraphs (from
 * markdown), with page breaks that cut a sentence in two and footnotes that
 * land in the middle of it.  A line that starts in lower case, after a line
 * that did not end a sentence, continues that paragraph.
 */
#include "notices/outline.h"
#include "notices/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_rule(const char *s, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if (!strchr("-*_=", s[i]))
			return 0;
		k++;
	}
	return k >= 3;
}

static int is_footnote(const char *s, size_t n)
{
	unsigned char a = n > 0 ? (unsigned char)s[0] : 0, b = n > 1 ? (unsigned char)s[1] : 0;
	if (n >= 5 && !memcmp(s, "<sup>", 5))
		return 1;
	if (n >= 2 && s[0] == '[' && s[1] == '^')
		return 1;
	if (a == 0xC2 && (b == 0xB9 || b == 0xB2 || b == 0xB3))
		return 1;
	if (a == 0xE2 && b == 0x81 && n > 2 && (unsigned char)s[2] >= 0xB0 && (unsigned char)s[2] <= 0xB9)
		return 1;
	return 0;
}

/* A markdown table's separator row: "|---|:--:|". */
static int is_table_rule(const char *s, size_t n)
{
	size_t i;
	int dash = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (!strchr("|: ", s[i]))
			return 0;
	}
	return dash && memchr(s, '|', n);
}

static int roman_value(const char *s, size_t n)
{
	static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
					"XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
					"XIX", "XX"};
	int k;
	for (k = 0; k < 20; k++)
		if (strlen(r[k]) == n && !memcmp(s, r[k], n))
			return k + 1;
	return 0;
}

/* The marker's n bytes at t as p's label, cut to fit as snprintf() would:
 * every paragraph with a marker sets one. */
static void set_label(struct para *p, const char *t, size_t n)
{
	if (n > sizeof(p->label) - 1)
		n = sizeof(p->label) - 1;
	memcpy(p->label, t, n);
	p->label[n] = '\0';
}

/* Recognises the marker at the start of t; sets p's marker fields and
 * returns the offset where the content starts. */
static size_t detect_marker(const char *t, size_t n, struct para *p)
{
	size_t i = 0, j;
	char f[33];
	if (!n)
		return 0;
	/* "Phần thứ hai", "PHẦN I"; a line that starts "phần I của Phụ lục"
	 * in lower case is a wrapped sentence. */
	if (t[0] == 'P') {
		text_fold_into(t, n < 32 ? n : 32, f);
		if (text_starts_word(f, n < 32 ? n : 32, "phần thứ") ||
		    (text_starts_word(f, n < 32 ? n : 32, "phần") && n > 8)) {
			size_t k = strlen("phần");
			const char *q = f + k;
			while (*q == ' ')
				q++;
			if (!strncmp(q, "thứ", strlen("thứ")) ||
			    roman_value(t + (q - f), strspn(t + (q - f), "IVX"))) {
				p->mk = MK_PART;
				snprintf(p->label, sizeof(p->label), "P");
				return 0; /* the whole line is the part's title */
			}
		}
	}
	/* Roman numerals, in capitals, then '.', '-', '–', ')' or ':'. */
	j = t[0] == 'I' || t[0] == 'V' || t[0] == 'X' ? strspn(t, "IVX") : 0;
	if (j > 0 && j <= 5 && j < n && roman_value(t, j)) {
		size_t k = j;
		if (t[k] == '.' || t[k] == '-' || t[k] == ')' || t[k] == ':' || !strncmp(t + k, "–", 3)) {
			k += t[k] == (char)0xE2 ? 3 : 1;
			while (k < n && t[k] == ' ')
				k++;
			if (k < n && t[k] != '/') {
				p->mk = MK_ROMAN;
				set_label(p, t, j);
				return k;
			}
		}
	}
	/* Numbers: "1.", "6.1.", "2.3", "4)". */
	if (t[0] >= '0' && t[0] <= '9') {
		int comps = 0, ok = 1, v;
		size_t k = 0;
		while (k < n && t[k] >= '0' && t[k] <= '9') {
			size_t s = k;
			v = 0;
			while (k < n && t[k] >= '0' && t[k] <= '9' && k - s < 4)
				v = v * 10 + (t[k++] - '0');
			if (k < n && t[k] >= '0' && t[k] <= '9')
				ok = 0;
			if (v > (comps ? 60 : 200))
				ok = 0;
			comps++;
			if (k < n && t[k] == '.' && k + 1 < n && t[k + 1] >= '0' && t[k + 1] <= '9')
				k++;
			else
				break;
		}
		if (ok && comps <= 6 && k < n) {
			size_t e = k;
			int punct = 0;
			if (t[k] == '.' || t[k] == ')') {
				e = k + 1;
				punct = 1;
			}
			if ((punct || comps >= 2) && e < n && t[e] == ' ') {
				while (e < n && t[e] == ' ')
					e++;
				if (e < n) {
					p->mk = MK_NUM;
					p->depth = comps;
					set_label(p, t, k);
					return e;
				}
			}
		}
	}
	/* "(1)", "(2)." opening a line: a list of their own. */
	if (t[0] == '(' && n > 3 && t[1] >= '0' && t[1] <= '9') {
		size_t k = 1;
		while (k < n && k < 4 && t[k] >= '0' && t[k] <= '9')
			k++;
		if (k < n && t[k] == ')') {
			size_t e = k + 1;
			if (e < n && t[e] == '.')
				e++;
			if (e < n && t[e] == ' ') {
				while (e < n && t[e] == ' ')
					e++;
				if (e < n) {
					p->mk = MK_PAREN;
					set_label(p, t + 1, k - 1);
					return e;
				}
			}
		}
	}
	/* Letters: "a)", "đ)", "b." in lower case. */
	{
		size_t l = utf8_len(t);
		if (l < n && text_is_lower(t) && (l == 1 || !strncmp(t, "đ", l)) &&
		    (t[l] == ')' || (t[l] == '.' && l == 1)) && l + 1 < n && t[l + 1] == ' ') {
			p->mk = MK_LETTER;
			set_label(p, t, l);
			i = l + 1;
			while (i < n && t[i] == ' ')
				i++;
			return i;
		}
	}
	/* Bullets. */
	{
		static const char *const dashes[] = {"-", "–", "—", "•", "·", "▪", "●", "○", "", "*"};
		size_t k;
		for (k = 0; k < sizeof(dashes) / sizeof(dashes[0]); k++) {
			size_t l;
			if (t[0] != dashes[k][0])
				continue;
			l = strlen(dashes[k]);
			if (l < n && !memcmp(t, dashes[k], l) && (t[l] == ' ' || (k == 0 && t[l] == '+'))) {
				i = l;
				while (i < n && t[i] == ' ')
					i++;
				p->mk = MK_DASH;
				if (i + 1 < n && t[i] == '+' && t[i + 1] == ' ') {
					p->mk = MK_PLUS;
					i++;
					while (i < n && t[i] == ' ')
						i++;
				}
				return i;
			}
		}
		if (n > 2 && t[0] == '+' && t[1] == ' ') {
			p->mk = MK_PLUS;
			return 2;
		}
	}
	return 0;
}

/* Splits a table row into trimmed cells: "a | b" and "| a | b |". */
static void split_cells(const char *t, size_t n, struct strlist *cells)
{
	size_t s = 0, i;
	size_t start = 0, end = n;
	if (n && t[0] == '|')
		start = 1;
	if (end > start && t[end - 1] == '|')
		end--;
	s = start;
	for (i = start; i <= end; i++) {
		if (i == end || t[i] == '|') {
			size_t l = i - s;
			const char *c = text_trim(t + s, &l);
			strlist_addn(cells, c, l);
			s = i + 1;
		}
	}
}

static int ends_sentence(const char *t)
{
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == ')' || t[n - 1] == '"'))
		n--;
	if (!n)
		return 1;
	return strchr(".;:!?", t[n - 1]) != NULL;
}

/*
 * Whether a paragraph ends in a word that cannot end one: a request verb, a
 * preposition, a unit's head noun or a date's "ngày"/"tháng" ("... giao Sở"
 * / "Y tế chủ trì ...", "... trước ngày 20 tháng" / "6 năm 2025.", "Văn bản
 * số" / "45/SNV-TCBC ...").  The next line goes on with it whatever its
 * first letter, when the line was hard-wrapped or the page broke there.
 */
static int dangling(const char *t)
{
#define W(w) {w, sizeof(w) - 1}
	static const struct { const char *w; size_t l; } words[] = {
		W("giao"), W("đề nghị"), W("yêu cầu"), W("của"), W("với"), W("và"), W("cho"), W("tại"),
		W("về"), W("theo"), W("đến"), W("từ"), W("số"), W("ngày"), W("tháng"), W("trước"),
		W("chậm nhất"), W("sở"), W("bộ"), W("phòng"), W("ban"), W("ubnd"), W("ủy ban nhân dân"),
		W("các"), W("gồm"),
	};
#undef W
	char f[40];
	size_t n = strlen(t), s = n > 32 ? n - 32 : 0, fl, k;
	size_t last = n;
	while (last && ((unsigned char)t[last - 1] & 0xC0) == 0x80)
		last--;
	if (!last || !text_is_alnum(t + last - 1))
		return 0;
	while (s && ((unsigned char)t[s] & 0xC0) == 0x80)
		s++;
	fl = n - s;
	text_fold_into(t + s, fl, f);
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		size_t wl = words[k].l;
		if (wl <= fl && f[fl - 1] == words[k].w[wl - 1] && !memcmp(f + fl - wl, words[k].w, wl) &&
		    (wl == fl || f[fl - wl - 1] == ' '))
			return 1;
	}
	return 0;
}

static int all_upper(const char *t)
{
	size_t i = 0, up = 0, low = 0;
	while (t[i]) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			/* ASCII as text_is_upper() and text_is_lower() tell it,
			 * without the calls: most letters of a heading are. */
			if (c >= 'A' && c <= 'Z')
				up++;
			else if (c >= 'a' && c <= 'z' && ++low > 4 && low * 10 > up)
				return 0;
			i++;
			continue;
		}
		if (text_is_upper(t + i))
			up++;
		else if (text_is_lower(t + i) && ++low > 4 && low * 10 > up)
			return 0; /* most paragraphs: decided after a few letters */
		i += utf8_len(t + i);
	}
	return up >= 3 && low * 10 <= up;
}

/* Leading spaces and tabs of a raw line (a tab counts as eight). */
static size_t indent_of(const char *s, size_t n)
{
	size_t i, w = 0;
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		w += s[i] == '\t' ? 8 : 1;
	return w;
}

/* Characters in n bytes of UTF-8 text; 0 for a line laid out in columns
 * (a run of three spaces inside it), whose width says nothing of wrapping. */
static size_t width_of(const char *s, size_t n)
{
	size_t i, w = 0;
	for (i = 0; i < n; i++) {
		if (i + 2 < n && s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] == ' ')
			return 0;
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	}
	return w;
}

void outline_build(const char *text, size_t len, struct outline *out)
{
	size_t pos = 0, alloc = 0;
	int line = 1, blank = 1, rule = 0;
	/* Of the paragraph last added: its first line's indent, and the
	 * width of its last line (text wrapped by pdftotext, see below). */
	size_t first_indent = 0;
	const char *last_line = NULL; /* the last line of that paragraph, trimmed */
	size_t last_len = 0;
	/* All paragraph texts live in one block, in reading order.  A kept
	 * line is written trimmed and only ever shrinks, so its text and NUL
	 * fit in the bytes the line and its LF take in the input: len + 1
	 * bytes hold them all, and a joined wrap is the previous text
	 * followed by this one, already next to it. */
	char *buf;
	size_t w = 0;

	out->p = NULL;
	out->n = 0;
	out->texts = xmalloc(len + 1);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t l = end - pos, cl;
		const char *t = text_trim(text + pos, &l);
		struct para p;
		int md_bullet = 0;

		if (!l) {
			blank = 1;
			goto next;
		}
		if (is_footnote(t, l))
			goto next;
		if (is_rule(t, l)) {
			rule = 1;
			blank = 1;
			goto next;
		}
		if (is_table_rule(t, l))
			goto next;
		buf = out->texts + w;
		/* A markdown bullet "* " would lose its star to markup removal. */
		if (l > 2 && (t[0] == '*' || t[0] == '+') && t[1] == ' ') {
			md_bullet = t[0] == '*' ? MK_DASH : MK_PLUS;
			t += 2;
			l -= 2;
		}
		memcpy(buf, t, l);
		buf[l] = '\0';
		cl = l;
		if (!text_is_clean(buf, l)) {
			size_t tl;
			const char *tt;
			cl = text_strip_markup(buf, l);
			cl = text_squeeze(buf, cl);
			tl = cl;
			tt = text_trim(buf, &tl);
			memmove(buf, tt, tl);
			buf[tl] = '\0';
			cl = tl;
		}
		if (!cl)
			goto next;
		memset(&p, 0, sizeof(p));
		p.off = pos;
		p.end = end;
		p.line = line;
		p.blank_before = blank;
		if (memchr(buf, '|', cl) &&
		    (strstr(buf, " | ") || buf[0] == '|' || (cl > 1 && buf[cl - 1] == '|'))) {
			p.mk = MK_ROW;
			split_cells(buf, cl, &p.cells);
			p.text = buf;
		} else {
			size_t c = md_bullet ? 0 : detect_marker(buf, cl, &p);
			if (md_bullet)
				p.mk = (enum marker)md_bullet;
			p.text = buf + c;
			/* A page break or a hard wrap cut the sentence: join.  A
			 * wrapped line may start in capitals ("... theo quy định
			 * tại khoản 2" / "Điều 64 của Luật ..."): in text laid out
			 * by pdftotext, paragraphs open indented and their wrapped
			 * lines are not, after a full-width line. */
			if (p.mk == MK_NONE && out->n && !rule &&
			    (text_is_lower(buf) ||
			     (out->p[out->n - 1].mk != MK_ROW && !out->p[out->n - 1].upper &&
			      dangling(out->p[out->n - 1].text)) ||
			     (indent_of(text + pos, l) < first_indent && !blank && last_line &&
			      width_of(last_line, last_len) >= 60))) {
				struct para *prev = &out->p[out->n - 1];
				if (prev->mk != MK_ROW && !ends_sentence(prev->text)) {
					size_t al = strlen(prev->text), bl = cl - c;
					prev->text[al] = ' ';
					memmove(prev->text + al + 1, p.text, bl + 1);
					w = (size_t)(prev->text - out->texts) + al + 1 + bl + 1;
					prev->end = end;
					last_line = t;
					last_len = l;
					goto next_keep;
				}
			}
			p.upper = all_upper(p.text);
		}
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			out->p = xrealloc(out->p, alloc * sizeof(*out->p));
		}
		out->p[out->n++] = p;
		w += cl + 1;
		first_indent = indent_of(text + pos, end - pos);
		last_line = t;
		last_len = l;
next_keep:
		blank = 0;
		rule = 0;
next:
		pos = end + 1;
		line++;
	}
}

void outline_release(struct outline *o)
{
	size_t i;
	for (i = 0; i < o->n; i++)
		strlist_release(&o->p[i].cells);
	free(o->texts);
	o->texts = NULL;
	free(o->p);
	o->p = NULL;
	o->n = 0;
}
