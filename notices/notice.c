/*
 * notice.c - from paragraphs to tasks: sections, directives, owners that
 * flow down from headings, cross-references, task tables, deadlines.
 *
 * The outline is read as a tree.  Sections ("I.", "Phần thứ hai") are
 * classified by their headings: assessment sections ("Đánh giá", "Kết quả",
 * "Tồn tại, hạn chế", "Nguyên nhân") hold no tasks; directive sections
 * ("Nhiệm vụ", "Giải pháp", "Yêu cầu") do.  Within them a leaf item is a
 * task; an item with items under it is a heading whose owner flows down to
 * them unless they name their own.  Items that name no owner take, in
 * order: a cross-reference ("chủ trì ... các nội dung tại mục 3, 4, 5/II"),
 * the nearest heading's owner, the lead-in before the list ("yêu cầu các
 * sở, ban, ngành ... như sau:"), the closing sentence's addressees, and the
 * "Kính gửi" of a letter.
 */
#include "notices/notice.h"
#include "notices/deadline.h"
#include "notices/meta.h"
#include "notices/outline.h"
#include "notices/owners.h"
#include "notices/syllable.h"
#include "notices/text.h"
#include "notices/unitdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum ctx { CTX_NEUTRAL = 0, CTX_DIRECTIVE, CTX_NONTASK };

enum node_kind { N_SECTION, N_ITEM, N_PARA, N_ROW };

struct node {
	enum node_kind kind;
	size_t para;
	int rank;
	int parent;            /* node index, -1 for the root */
	int n_items;           /* item children */
	int n_paras;           /* paragraph children (bodies of a heading) */
	int n_bullets;         /* children numbered by position */
	enum ctx ctx;
	char ref[64];
	struct sbuf text;      /* the item's text, continuations appended */
	int ends_colon;
	/* owners named by this node's own text (for headings: flow down) */
	struct owners own;
	int own_done;
	struct strlist dflt;   /* lead-in owners for the items after it (containers) */
	struct strlist foot_lead, foot_support; /* "Đơn vị chủ trì: ...; Đơn vị phối hợp: ..." after its items */
	/* Made when emit_tasks() first needs them, once `text` is complete:
	 * its folded form, shared by the owner and deadline grammars, and its
	 * deadline, which every item under a heading may ask for. */
	char *fold;
	struct deadline dl;
	int dl_done, dl_found;
	int lead;              /* a lead-in that asks units: its list follows */
	int quote;             /* under a lead-in that cites a regulation */
	int split_next;        /* the node made of this one's next clause, or 0 */
	int split_of;          /* made by split_clauses() */
	const char *why;       /* the rule that made it a task, for explain */
	struct deadline list_dl; /* a deadline set after this node's items for all of them */
	int has_list_dl;
	struct deadline carry_dl; /* an approval's date, for the clause split off it */
	int has_carry_dl;
	/* table rows */
	const char *cell_lead, *cell_support, *cell_due;
	int task;
	int defines;           /* its items only name the units it asks (defines_units()) */
	int in_def;            /* one of those items */
	int describes;         /* a leaf that only describes (only_describes()) */
	int recipients;        /* lists_recipients(): 0 not yet known, 1 no, 2 yes */
};

struct builder {
	const struct outline *o;
	const struct unitdir *units;
	struct notice *n;
	struct node *v;
	size_t nv, av;
	enum ctx root_ctx;
	struct strlist root_dflt;
	struct strlist closing;
	struct strlist kinh_gui;
	int stack[64];
	int sp;
	/* the current task table's column positions, -1 when absent */
	int t_content, t_lead, t_support, t_due, t_ref, t_active;
	int rows;
	int in_appendix;       /* after the signature, in a "Phụ lục" */
	int in_quote;          /* between a paragraph opening with '“' and its '”' */
	struct deadline root_list_dl; /* list_deadline() for the top-level items */
	int has_root_list_dl;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Whether folding may give text a first byte that one of the words starts
 * with: an ASCII byte folds to its lower case, so most paragraphs are told
 * apart before anything is folded.  Other bytes are left to the fold.
 */
static int may_start(const char *text, const char *const *words, size_t cnt)
{
	unsigned char c = (unsigned char)text[0];
	size_t k;
	if (c >= 0x80)
		return 1;
	if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c + 32);
	for (k = 0; k < cnt; k++)
		if ((unsigned char)words[k][0] == c)
			return 1;
	return 0;
}

static int fold_starts(const char *text, const char *const *words, size_t cnt)
{
	size_t l, k, fl;
	char f[49];
	if (!may_start(text, words, cnt))
		return 0;
	l = strnlen(text, 48);
	text_fold_into(text, l, f);
	fl = strlen(f);
	for (k = 0; k < cnt; k++)
		if (text_starts_word(f, fl, words[k]))
			return 1;
	return 0;
}

static const char *const directive_words[] = {
	"nhiệm vụ", "giải pháp", "yêu cầu", "giao", "chỉ đạo", "phương hướng", "kiến nghị",
	"đề xuất", "tổ chức thực hiện", "triển khai", "phân công", "đề nghị", "định hướng",
	"kết luận", "nội dung chỉ đạo", "một số nhiệm vụ", "các nhiệm vụ", "một số giải pháp",
	"danh mục nhiệm vụ", "trách nhiệm", "ý kiến chỉ đạo", "giao nhiệm vụ",
};
static const char *const assessment_words[] = {
	"đánh giá", "kết quả", "ưu điểm", "tồn tại", "hạn chế", "nguyên nhân", "tình hình",
	"nhận xét", "bài học", "khó khăn", "thuận lợi", "đặc điểm", "thực trạng", "đối tượng",
	"phương pháp", "quy trình", "mục đích", "căn cứ", "bối cảnh", "công tác triển khai",
	"một số kết quả", "những kết quả", "hiệu quả", "tổng quan", "số liệu", "mục tiêu",
	"thông tin", "hồ sơ", "phạm vi", "cơ sở pháp lý", "phí", "dự toán", "kinh phí",
	"đã",
};

/* Whether folded f has the word w just before offset p. */
static int preceded_by(const char *f, long p, const char *w)
{
	size_t wl = strlen(w);
	return p >= (long)wl && !memcmp(f + p - wl, w, wl);
}

/* Finds the first keyword of either list in the heading. */
static enum ctx classify_any(const char *text)
{
	size_t l = strlen(text), k;
	char fb[TEXT_FOLD_STACK], *fh;
	char *f = text_fold_buf(text, l, fb, sizeof(fb), &fh);
	long best = -1;
	enum ctx r = CTX_NEUTRAL;
	/* "1. Công tác chỉ đạo, điều hành" heads what was done: a report's
	 * topic, whatever words follow. */
	if (text_starts_word(f, l, "công tác")) {
		free(fh);
		return CTX_NONTASK;
	}
	for (k = 0; k < N(directive_words); k++) {
		long p = text_find_word(f, l, 0, directive_words[k]);
		/* "Các nội dung theo yêu cầu tại Văn bản ..." answers a request. */
		while (p >= 0 && preceded_by(f, p, "theo "))
			p = text_find_word(f, l, (size_t)p + 1, directive_words[k]);
		if (p >= 0 && (best < 0 || p < best)) {
			best = p;
			r = CTX_DIRECTIVE;
		}
	}
	for (k = 0; k < N(assessment_words); k++) {
		long p = text_find_word(f, l, 0, assessment_words[k]);
		if (p >= 0 && (best < 0 || p < best)) {
			best = p;
			r = CTX_NONTASK;
		}
	}
	free(fh);
	return r;
}

/*
 * Whether a heading of a report names the state of things it reports:
 * "II. TIẾN ĐỘ TRIỂN KHAI CÁC CỤM CÔNG NGHIỆP", "Hiện trạng ...", "Danh
 * mục ...".  In a plan such a heading may list the schedule's tasks.
 */
static int report_topic(const struct builder *b, const char *t)
{
	static const char *const topics[] = {"tiến độ", "hiện trạng", "danh mục"};
	static const char *const firsts[] = {"t", "h", "d"};
	return b->n->type && !strcmp(b->n->type, "BÁO CÁO") && fold_starts(t, topics, N(topics)) &&
	       may_start(t, firsts, N(firsts));
}

/*
 * A heading changes the context it inherits only when it says so at its
 * start: "I. CÔNG TÁC TRIỂN KHAI ĐÁNH GIÁ" under an assessment part stays
 * an assessment; "2. Việc khắc phục các tồn tại, hạn chế:" under a directive
 * section stays a directive.
 */
static enum ctx classify(const char *text, enum ctx inherited)
{
	if (inherited == CTX_NEUTRAL) {
		enum ctx c = classify_any(text);
		return c == CTX_NEUTRAL ? inherited : c;
	}
	if (inherited == CTX_NONTASK) {
		/* "I. MỤC ĐÍCH, YÊU CẦU" then "2. Yêu cầu": requirements of a
		 * plan, not directives. */
		static const char *const not_here[] = {"yêu cầu"};
		if (fold_starts(text, not_here, N(not_here)))
			return inherited;
		return fold_starts(text, directive_words, N(directive_words)) ? CTX_DIRECTIVE : inherited;
	}
	return fold_starts(text, assessment_words, N(assessment_words)) ? CTX_NONTASK : inherited;
}

static int heading_like(const char *t)
{
	size_t l = strlen(t);
	if (!l)
		return 0;
	if (t[l - 1] == ':')
		return 1;
	return l < 160 && t[l - 1] != '.' && t[l - 1] != ';';
}

static int marker_rank(const struct para *p)
{
	switch (p->mk) {
	/* Even ranks: a lead-in's list takes the odd rank just below the
	 * heading it stands under (lead_node()). */
	case MK_PART: return 0;
	case MK_ROMAN: return 2;
	case MK_NUM: return 2 + 2 * (p->depth < 8 ? p->depth : 8);
	case MK_LETTER: return 20;
	case MK_PAREN: return 19;
	case MK_DASH: return 22;
	case MK_PLUS: return 24;
	case MK_ROW: return 26;
	default: return 40;
	}
}

static int new_node(struct builder *b, enum node_kind kind, size_t para, int rank, int parent)
{
	struct node *nd;
	if (b->nv == b->av) {
		b->av = b->av ? b->av * 2 : 64;
		b->v = xrealloc(b->v, b->av * sizeof(*b->v));
	}
	nd = &b->v[b->nv];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->para = para;
	nd->rank = rank;
	nd->parent = parent;
	sbuf_init(&nd->text, (size_t)1 << 20);
	return (int)b->nv++;
}

static int top(const struct builder *b)
{
	return b->sp ? b->stack[b->sp - 1] : -1;
}

static enum ctx ctx_of(const struct builder *b, int idx)
{
	return idx < 0 ? b->root_ctx : b->v[idx].ctx;
}

/* The nearest section or root above a node: where lead-ins live. */
static int container_of(const struct builder *b, int idx)
{
	while (idx >= 0 && b->v[idx].kind != N_SECTION)
		idx = b->v[idx].parent;
	return idx;
}

/* Appends strings to a fixed-size ref, cutting what does not fit: refs
 * are labels for people, and a 60-byte path is already unreadable. */
static void ref_set(char *dst, size_t cap, const char *a, const char *sep, const char *c)
{
	const char *parts[3];
	size_t o = 0, k;
	parts[0] = a;
	parts[1] = sep;
	parts[2] = c;
	for (k = 0; k < 3; k++) {
		size_t l = parts[k] ? strlen(parts[k]) : 0;
		if (o + l >= cap)
			l = cap - 1 - o;
		memcpy(dst + o, parts[k], l);
		o += l;
	}
	dst[o] = '\0';
}

static void make_ref(struct builder *b, int idx)
{
	struct node *nd = &b->v[idx];
	const struct para *p = &b->o->p[nd->para];
	const char *pref = "";
	int up = nd->parent;
	if (up >= 0)
		pref = b->v[up].ref;
	if (nd->kind == N_SECTION) {
		if (p->mk == MK_ROMAN && up >= 0 && b->o->p[b->v[up].para].mk == MK_PART)
			ref_set(nd->ref, sizeof(nd->ref), pref, ".", p->label);
		else
			ref_set(nd->ref, sizeof(nd->ref), p->label[0] ? p->label : "S", "", "");
		return;
	}
	if (p->mk == MK_NUM) {
		/* "6.1" carries its own path: prefix only the section. */
		int s = container_of(b, up);
		ref_set(nd->ref, sizeof(nd->ref), s >= 0 ? b->v[s].ref : "", s >= 0 ? "." : "",
			p->label);
		return;
	}
	if (p->mk == MK_LETTER || p->mk == MK_PAREN) {
		ref_set(nd->ref, sizeof(nd->ref), pref, *pref ? "." : "", p->label);
		return;
	}
	{
		int k = up >= 0 ? ++b->v[up].n_bullets : ++b->rows;
		char num[24], *d = num + sizeof(num);
		/* "p3", "r12", "4": one per node, so the digits are written
		 * here rather than by snprintf(). */
		*--d = '\0';
		do
			*--d = (char)('0' + k % 10);
		while ((k /= 10) > 0);
		if (nd->kind == N_PARA || nd->kind == N_ROW)
			*--d = nd->kind == N_PARA ? 'p' : 'r';
		ref_set(nd->ref, sizeof(nd->ref), pref, *pref ? "." : "", d);
	}
}

static const char *const request_starts[] = {"giao", "đề nghị", "yêu cầu", "chỉ đạo"};

/* Whether the l bytes at t are a closing formula. */
static int is_closing(const char *t, size_t l)
{
	char fb[TEXT_FOLD_STACK], *fh, *f;
	int r;
	/* Most paragraphs hold none of the closing formulas' words: say so
	 * before folding the whole paragraph. */
	if (!text_has(t, l, "./.") && !text_has(t, l, "nêu trên") && !text_has(t, l, "hông báo") &&
	    !text_has(t, l, "rên đây") && !text_has(t, l, "ăn cứ nội dung") && !text_has(t, l, "rong quá trình"))
		return 0;
	f = text_fold_buf(t, l, fb, sizeof(fb), &fh);
	r = text_has(f, l, "./.") || text_starts_word(f, l, "trên đây là") ||
		text_starts_word(f, l, "căn cứ nội dung") ||
		(text_starts_word(f, l, "trong quá trình") && text_has(f, l, "vướng mắc")) ||
		(text_has(f, l, "nêu trên") && (text_has(f, l, "thực hiện") || text_has(f, l, "biết"))) ||
		(text_has(f, l, "thông báo") && text_has(f, l, " biết"));
	free(fh);
	return r;
}

/*
 * Where a closing formula starts when it ends a paragraph that says more
 * before it (text pasted from a web page joins "... trả lời UBND tỉnh
 * trong tháng 8 năm 2018. Văn phòng Chính phủ xin thông báo để ... biết,
 * thực hiện./."): the offset of its last sentence, or 0 when the whole
 * paragraph is the closing.
 */
static size_t closing_tail(const char *t, size_t l)
{
	const char *q, *at = NULL;
	for (q = strstr(t, ". "); q; q = strstr(q + 2, ". "))
		if (text_is_upper(q + 2))
			at = q + 2;
	if (!at || at - t < 40 || !is_closing(at, l - (size_t)(at - t)))
		return 0;
	return is_closing(t, (size_t)(at - t)) ? 0 : (size_t)(at - t);
}

/*
 * Whether a paragraph that ends the letter ("./.") still gives a unit its
 * duty: "Bộ Kế hoạch và Đầu tư chịu trách nhiệm hướng dẫn, theo dõi, đôn
 * đốc thực hiện ... Chỉ thị này./." is the last task, not a formula.
 */
static int closing_assigns(struct builder *b, const char *t, size_t l)
{
	static const char *const duty[] = {"chịu trách nhiệm", "có trách nhiệm", "chủ trì"};
	size_t x, k;
	char f[64];

	if (!text_has(t, l, "./.") || !(x = owners_subject_end(t, l, b->units)))
		return 0;
	while (x < l && t[x] == ' ')
		x++;
	text_fold_into(t + x, l - x < 40 ? l - x : 40, f);
	for (k = 0; k < N(duty); k++)
		if (text_starts_word(f, strlen(f), duty[k]))
			return 1;
	return 0;
}

static int is_recipients(const char *t)
{
	static const char *const firsts[] = {"n", "đ", "k", "t"};
	char f[41];
	unsigned char c = (unsigned char)t[0];
	if (!may_start(t, firsts, N(firsts)))
		return 0;
	/* "KT. ", "TM. ", "TL. ", "T/M " or "Nơi nhận": the second byte
	 * tells most other paragraphs apart without folding them. */
	if ((c == 'K' || c == 'k' || c == 'T' || c == 't') && t[1] && t[2] != '.' && t[1] != '/')
		return 0;
	if ((c == 'N' || c == 'n') && t[1] != 'o' && t[1] != 'O' && (unsigned char)t[1] != 0xC6)
		return 0;
	text_fold_into(t, strnlen(t, 40), f);
	return !strncmp(f, "nơi nhận", strlen("nơi nhận")) || !strncmp(f, "noi nhận", strlen("noi nhận")) ||
	       !strncmp(f, "nơi nhân", strlen("nơi nhân")) || !strncmp(f, "noi nhân", strlen("noi nhân")) ||
	       !strcmp(f, "đối tượng:") || !strncmp(f, "kt. ", 4) || !strncmp(f, "tm. ", 4) ||
	       !strncmp(f, "tl. ", 4) || !strncmp(f, "t/m ", 4);
}

static int is_appendix(const char *t)
{
	return !strncmp(t, "PHỤ LỤC", strlen("PHỤ LỤC")) || !strncmp(t, "Phụ lục", strlen("Phụ lục")) ||
	       !strncmp(t, "DANH MỤC", strlen("DANH MỤC"));
}

/* Recognises a task table's header row and remembers its columns. */
static int table_header(struct builder *b, const struct para *p)
{
	size_t k;
	int content = -1, lead = -1, support = -1, due = -1, ref = -1;
	for (k = 0; k < p->cells.n; k++) {
		size_t l = strlen(p->cells.v[k]);
		char *f = text_fold(p->cells.v[k], l);
		int sup = strstr(f, "phối hợp") != NULL, chu = strstr(f, "chủ trì") != NULL;
		if ((!strcmp(f, "tt") || !strcmp(f, "stt") || !strcmp(f, "số tt")) && ref < 0)
			ref = (int)k;
		else if (chu && !sup && lead < 0)
			lead = (int)k;
		else if (sup && !chu && support < 0)
			support = (int)k;
		else if ((strstr(f, "thời gian") || strstr(f, "thời hạn") || strstr(f, "tiến độ hoàn thành") ||
			  strstr(f, "hoàn thành")) && due < 0)
			due = (int)k;
		else if ((strstr(f, "nội dung") || strstr(f, "nhiệm vụ") || strstr(f, "công việc") ||
			  strstr(f, "tên ")) && content < 0)
			content = (int)k;
		else if ((strstr(f, "đơn vị thực hiện") || strstr(f, "cơ quan thực hiện") ||
			  strstr(f, "đơn vị chủ trì") || !strcmp(f, "đơn vị")) && lead < 0 && !chu)
			lead = (int)k;
		free(f);
	}
	if (content < 0 || (lead < 0 && due < 0))
		return 0;
	b->t_content = content;
	b->t_lead = lead;
	b->t_support = support;
	b->t_due = due;
	b->t_ref = ref;
	b->t_active = 1;
	return 1;
}

static const char *cell(const struct para *p, int k)
{
	return k >= 0 && (size_t)k < p->cells.n ? p->cells.v[k] : "";
}

/* One row of a task table: a task when it has content and something that
 * makes it one (an owner or a time). */
static void table_row(struct builder *b, size_t pi)
{
	const struct para *p = &b->o->p[pi];
	const char *content = cell(p, b->t_content);
	int idx, parent = top(b);
	if (!*content || (content[0] == '(' && strlen(content) < 6))
		return;
	if (!*cell(p, b->t_lead) && !*cell(p, b->t_due))
		return;
	idx = new_node(b, N_ROW, pi, 26, parent);
	/* An appendix's only tasks are the rows of its task table. */
	b->v[idx].ctx = ctx_of(b, parent) == CTX_NONTASK && !b->in_appendix ? CTX_NONTASK : CTX_DIRECTIVE;
	sbuf_adds(&b->v[idx].text, content);
	b->v[idx].cell_lead = cell(p, b->t_lead);
	b->v[idx].cell_support = cell(p, b->t_support);
	b->v[idx].cell_due = cell(p, b->t_due);
	make_ref(b, idx);
	if (b->t_ref >= 0 && *cell(p, b->t_ref) && strlen(cell(p, b->t_ref)) < 16) {
		ref_set(b->v[idx].ref, sizeof(b->v[idx].ref), parent >= 0 ? b->v[parent].ref : "",
			parent >= 0 ? "." : "", cell(p, b->t_ref));
	}
	b->v[idx].task = 1;
	b->v[idx].why = "row of a task table";
	if (parent >= 0)
		b->v[parent].n_items++;
}

static void pop_to_rank(struct builder *b, int rank)
{
	while (b->sp && b->v[top(b)].rank >= rank)
		b->sp--;
}

static void push(struct builder *b, int idx)
{
	if (b->sp < (int)N(b->stack))
		b->stack[b->sp++] = idx;
}

/*
 * Whether a lead-in only introduces what its writer reports: "Sau khi rà
 * soát, UBND tỉnh Lào Cai báo cáo kết quả ... như sau:".  In its last
 * sentence the clause that holds the last "báo cáo" (or "thông báo") opens
 * with a name, and asks no one from there on: no "yêu cầu", "đề nghị",
 * "giao" (but "nhiệm vụ được giao"), "kiến nghị" or "chỉ đạo".
 */
static int report_lead_in(const char *t, const char *f)
{
	static const char *const says[] = {"báo cáo", "thông báo"};
	static const char *const asks[] = {"yêu cầu", "đề nghị", "giao", "kiến nghị", "chỉ đạo"};
	size_t l = strlen(f), k, s, c;
	long at = -1, p;
	if (!text_has(f, l, "báo cáo") && !text_has(f, l, "thông báo"))
		return 0;
	for (s = l; s > 1 && !(f[s - 2] == '.' && f[s - 1] == ' '); s--)
		;
	for (k = 0; k < N(says); k++)
		for (p = text_find_word(f, l, s, says[k]); p >= 0; p = text_find_word(f, l, (size_t)p + 1, says[k]))
			/* "Sau khi nghe báo cáo, Bộ trưởng kết luận": the leader
			 * heard a report; the writer reports nothing. */
			if (!preceded_by(f, p, "việc ") && !preceded_by(f, p, "chế độ ") &&
			    !preceded_by(f, p, "nghe ") && p > at)
				at = p;
	if (at < 0)
		return 0;
	for (c = (size_t)at; c > s && f[c - 1] != ','; c--)
		;
	while (c < (size_t)at && f[c] == ' ')
		c++;
	for (k = 0; k < N(asks); k++)
		for (p = text_find_word(f, l, c, asks[k]); p >= 0; p = text_find_word(f, l, (size_t)p + 1, asks[k]))
			if (!preceded_by(f, p, "được "))
				return 0;
	return (size_t)at > c && text_is_upper(t + c);
}

/* Lead-ins end with a colon and announce a list: "... như sau:",
 * "... yêu cầu:", "... một số nhiệm vụ sau:". */
static void lead_in(struct builder *b, const char *t)
{
	int c = container_of(b, top(b));
	struct owners o;
	size_t l = strlen(t);
	char fb[TEXT_FOLD_STACK], *fh;
	char *f = text_fold_buf(t, l, fb, sizeof(fb), &fh);
	int directive = text_has(f, l, "sau:") || text_has(f, l, "yêu cầu") || text_has(f, l, "nhiệm vụ") ||
			text_has(f, l, "giải pháp") || text_has(f, l, "chỉ đạo") || text_has(f, l, "kết luận");
	int meeting_intro = text_has(f, l, "kết luận") || text_has(f, l, "sau khi nghe");
	struct strlist *dst = c >= 0 ? &b->v[c].dflt : &b->root_dflt;
	size_t k;
	if (report_lead_in(t, f)) {
		free(fh);
		return;
	}
	free(fh);
	/* A report directs only where it asks someone (lead_node()) or
	 * under a heading that says so ("Kiến nghị"). */
	if (c < 0 && directive && b->root_ctx == CTX_NEUTRAL &&
	    !(b->n->type && !strcmp(b->n->type, "BÁO CÁO")))
		b->root_ctx = CTX_DIRECTIVE;
	if (ctx_of(b, c) == CTX_NONTASK && c >= 0)
		return;
	/* The meeting's introduction ("... có ý kiến chỉ đạo và kết luận như
	 * sau:") opens the directives but addresses no one: the units it
	 * names only attended or reported. */
	memset(&o, 0, sizeof(o));
	if (!meeting_intro)
		owners_find_addressees(t, l, b->units, &o);
	if (o.lead.n) {
		strlist_release(dst);
		for (k = 0; k < o.lead.n; k++)
			strlist_add(dst, o.lead.v[k]);
	}
	owners_release(&o);
}

static size_t instruction_at(struct builder *b, const char *t, size_t l);
static int owner_heading(struct builder *b, int t);
static int approves(const char *t);

static int directive_start(const char *t)
{
	return fold_starts(t, request_starts, N(request_starts));
}

/*
 * Whether the prose from the request verb at folded offset p on asks named
 * units: "giao Sở Y tế chủ trì ...", "yêu cầu các đơn vị ...".  A request
 * told as past or as another's ("đã giao", "được giao", "trong đó giao",
 * "theo đề nghị", "xét đề nghị") is narrative.
 */
static int asks_at(struct builder *b, const char *t, const char *f, size_t l, long p)
{
	static const char *const told[] = {"đã ", "được ", "có ", "theo ", "xét ", "như ", "trong đó "};
	struct owners o;
	size_t j;
	int r;
	size_t q = (size_t)p;
	/* Units follow the verb with a capital ("giao Sở Y tế") or a plural
	 * or role word ("yêu cầu các đơn vị", "đề nghị đồng chí Chủ tịch",
	 * "giao nhiệm vụ cho"): look no further for anything else. */
	while (q < l && f[q] != ' ')
		q++;
	if (q < l && f[q] == ' ' && (size_t)(q - p) < 12)
		while (q < l && f[q] != ' ')
			q++;
	while (q < l && f[q] == ' ')
		q++;
	if (q >= l || !(text_is_upper(t + q) || strchr("cnmtlđ", f[q]) || (unsigned char)f[q] == 0xC4))
		return 0;
	for (j = 0; j < N(told); j++)
		if (preceded_by(f, p, told[j]))
			return 0;
	owners_find_folded(t + p, f + p, l - (size_t)p, b->units, &o);
	r = o.lead.n > 0 && o.sentence == 0;
	owners_release(&o);
	return r;
}

/* Whether text t (folded f, from offset `from` on) asks named units. */
static int asks_somewhere(struct builder *b, const char *t, const char *f, size_t l, size_t from)
{
	static const char *const asks[] = {"giao", "đề nghị", "yêu cầu"};
	size_t k;
	long p;
	for (k = 0; k < N(asks); k++)
		for (p = text_find_word(f, l, from, asks[k]); p >= 0; p = text_find_word(f, l, (size_t)p + 1, asks[k]))
			if (asks_at(b, t, f, l, p))
				return 1;
	return 0;
}

/*
 * Whether a paragraph that is neither numbered nor opened by "Giao" holds
 * an instruction: a request to named units inside the prose of a letter
 * ("Xét đề nghị của ..., Thủ tướng Chính phủ giao Bộ Y tế chủ trì ...";
 * "..., Sở Công Thương yêu cầu các đơn vị ... khẩn trương ..."), or, where
 * the section directs, a sentence whose subject is a unit ("Bộ Y tế khẩn
 * trương hoàn thiện ...", after "... kết luận như sau:").  Narrative is
 * neither: "đã giao", "được giao", "UBND tỉnh đã ban hành ...".  Returns 1
 * for a request, 2 for a unit subject, 0 for neither.
 */
static int prose_task(struct builder *b, const char *t, size_t l, enum ctx ctx)
{
	static const char *const narrative[] = {"đã", "đang", "vừa", "được", "là", "có", "không",
						"chưa", "cũng", "còn", "thì", "và", "trong", "tại"};
	size_t k;
	char *f = NULL;
	int r = 0;
	{
		/* Fold from a little before the first request word on: the
		 * words before it matter only for "đã giao" and the like. */
		static const char *const raw[] = {"iao", "ề nghị", "êu cầu"};
		const char *first = NULL;
		for (k = 0; k < N(raw); k++) {
			long q = text_find(t, l, 0, raw[k], strlen(raw[k]));
			if (q >= 0 && (!first || t + q < first))
				first = t + q;
		}
		if (first) {
			size_t from = (size_t)(first - t) > 24 ? (size_t)(first - t) - 24 : 0;
			while (from && ((unsigned char)t[from] & 0xC0) == 0x80)
				from--;
			f = xmalloc(l + 1);
			memset(f, ' ', from);
			text_fold_into(t + from, l - from, f + from);
			r = asks_somewhere(b, t, f, l, from);
		}
	}
	if (!r && ctx == CTX_DIRECTIVE) {
		size_t x = owners_subject_end(t, l, b->units);
		if (!x) {
			/* "Định kỳ 6 tháng, Sở X tổ chức sơ kết ...": when, then who. */
			size_t w = owners_when_end(t, l, b->units);
			if (w && (x = owners_subject_end(t + w, l - w, b->units)))
				x += w;
		}
		if (x) {
			free(f);
			f = text_fold(t, l);
			while (x < l && f[x] == ' ')
				x++;
			r = x < l;
			for (k = 0; k < N(narrative) && r; k++)
				r = !text_starts_word(f + x, l - x, narrative[k]);
			r *= 2;
		}
	}
	free(f);
	return r;
}

/*
 * Whether a lead-in asks named units to do what its list says: "Để tiếp
 * tục ..., đề nghị các sở, ngành và địa phương:".  A meeting's introduction
 * ("... kết luận như sau:") and a report's ("UBND tỉnh báo cáo ... như
 * sau:") ask no one.
 */
static int asks_units(struct builder *b, const char *t, size_t l)
{
	char fb[TEXT_FOLD_STACK], *fh, *f;
	int r;
	if (!text_has(t, l, "iao") && !text_has(t, l, "ề nghị") && !text_has(t, l, "êu cầu"))
		return 0;
	f = text_fold_buf(t, l, fb, sizeof(fb), &fh);
	r = !text_has(f, l, "kết luận") && !text_has(f, l, "sau khi nghe") && !report_lead_in(t, f) &&
	    asks_somewhere(b, t, f, l, 0);
	free(fh);
	return r;
}

/*
 * Whether a lead-in cites a regulation whose text follows: "Khoản 1 Điều 59
 * Nghị định số 193/2025/NĐ-CP quy định: ... các yêu cầu sau:", "Tại khoản 1
 * Điều 10 Thông tư ... quy định: ..., cụ thể:", "Theo quy định tại điểm h
 * khoản 2 Điều 59 Luật ..., tổ chức ... có nghĩa vụ ..., cụ thể:" (callers
 * check the colon).  The obligations it quotes bind by law; the letter
 * assigns nothing by repeating them.
 */
static int cites_rule(const char *t)
{
	static const char *const opens[] = {"khoản", "điều", "điểm", "tại khoản", "tại điều", "tại điểm",
					    "theo khoản", "theo điều", "theo điểm", "theo quy định tại"};
	size_t l = strnlen(t, 48), k;
	char f[49];
	int r = 0;
	/* The opening words, by their first letter, before any scan. */
	if (!strchr("KkĐđTt", t[0]) && (unsigned char)t[0] != 0xC4)
		return 0;
	if (!strstr(t, "quy định"))
		return 0;
	text_fold_into(t, l, f);
	for (k = 0; k < N(opens) && !r; k++)
		r = text_starts_word(f, l, opens[k]);
	return r;
}

/*
 * Whether item t is a heading that only names its owner ("8. Các Ban Quản
 * lý dự án", "2. Thuế tỉnh"): the paragraphs after it are its items.
 */
static int owner_heading(struct builder *b, int t)
{
	const struct sbuf *tx = &b->v[t].text;
	size_t x;
	if (!tx->len || tx->len > 120 || !heading_like(tx->buf) || tx->buf[tx->len - 1] == ':')
		return 0;
	x = owners_subject_end(tx->buf, tx->len, b->units);
	return x && x + 2 >= tx->len;
}

/*
 * A plan's group of items often ends with who does them: "Lãnh đạo phụ
 * trách: Phó giám đốc ..." (a person, never an owner) and "Đơn vị chủ trì:
 * Phòng A; Đơn vị phối hợp: Phòng B, Phòng C." (the lead and supporting
 * units of every item of the group that names none).  Returns 1 when the
 * line was one of them.
 */
static int footer_line(struct builder *b, const char *t)
{
	static const char *const leads[] = {"đơn vị chủ trì", "cơ quan chủ trì", "chủ trì thực hiện",
					    "đơn vị thực hiện", "cơ quan thực hiện"};
	static const char *const sups[] = {"đơn vị phối hợp", "cơ quan phối hợp", "phối hợp thực hiện"};
	static const char *const firsts[] = {"đ", "c", "l"};
	size_t l, k, a = 0, e, sa = 0;
	char f[4096];
	int up;
	/* The label is in the first words and ends with a colon: fold
	 * those before the rest. */
	l = strnlen(t, 40);
	if (!may_start(t, firsts, N(firsts)) || !memchr(t, ':', l))
		return 0;
	text_fold_into(t, l, f);
	if (text_starts_word(f, l, "lãnh đạo phụ trách") || text_starts_word(f, l, "lãnh đạo sở phụ trách"))
		return strchr(t, ':') != NULL;
	for (k = 0; k < N(leads) && !a; k++)
		if (text_starts_word(f, l, leads[k]) && f[strlen(leads[k])] == ':')
			a = strlen(leads[k]) + 1;
	if (!a)
		return 0;
	l = strnlen(t, sizeof(f) - 1);
	text_fold_into(t, l, f);
	/* The group: the nearest node above that has items. */
	for (up = top(b); up >= 0 && !b->v[up].n_items; up = b->v[up].parent)
		;
	if (up < 0 || b->v[up].kind == N_SECTION)
		return 0;
	e = l;
	for (k = 0; k < N(sups); k++) {
		long p = text_find_word(f, l, a, sups[k]);
		if (p >= 0 && (size_t)p < e && f[(size_t)p + strlen(sups[k])] == ':') {
			e = (size_t)p;
			sa = (size_t)p + strlen(sups[k]) + 1;
		}
	}
	strlist_release(&b->v[up].foot_lead);
	strlist_release(&b->v[up].foot_support);
	owners_split_names(t + a, e - a, b->units, &b->v[up].foot_lead);
	if (sa)
		owners_split_names(t + sa, l - sa, b->units, &b->v[up].foot_support);
	return 1;
}

/*
 * Whether an item is, or heads, text of a regulation rather than the
 * letter's own words: it cites one and ends with a colon, or states what
 * one says ("Khoản 1 Điều 12 Thông tư ... quy định: Tổ chức ... phải ..."),
 * or refers to itself as law does ("quy định tại khoản 2 Điều này", "theo
 * Thông tư này"), or lists what something consists of ("..., bao gồm:").
 */
static int quotes_rule(const char *t, int ends_colon)
{
	/* The words before "này", with their lengths. */
#define W(w) {w, sizeof(w) - 1}
	static const struct { const char *w; size_t l; } self[] = {
		W("Điều "), W("khoản "), W("điểm "), W("của Thông tư "), W("của Nghị định "), W("của Luật "),
		W("tại Thông tư "), W("tại Nghị định "), W("tại Luật "), W("theo Thông tư "),
	};
#undef W
	size_t k, l = strlen(t);
	long p;
	if (cites_rule(t) && (ends_colon || text_has(t, l, "quy định:")))
		return 1;
	/* Each phrase ends with "này": the words before each "này" are
	 * compared, in one scan of the paragraph. */
	for (p = text_find(t, l, 0, "này", strlen("này")); p >= 0;
	     p = text_find(t, l, (size_t)p + 1, "này", strlen("này")))
		for (k = 0; k < N(self); k++)
			if ((size_t)p >= self[k].l && !memcmp(t + p - self[k].l, self[k].w, self[k].l))
				return 1;
	return ends_colon && ((l >= strlen("bao gồm:") && !strcmp(t + l - strlen("bao gồm:"), "bao gồm:")) ||
			      (l >= strlen(" gồm:") && !strcmp(t + l - strlen(" gồm:"), " gồm:")));
}

/*
 * A lead-in that cites a regulation heads what follows it as a quotation:
 * nothing under it is a task, whatever its words.  It ranks just below the
 * heading it stands under, like lead_node().
 */
static void quote_node(struct builder *b, size_t i, const char *t)
{
	int parent = top(b), idx;
	idx = new_node(b, N_PARA, i, parent >= 0 ? b->v[parent].rank + 1 : 3, parent);
	b->v[idx].ctx = CTX_NONTASK;
	b->v[idx].quote = 1;
	b->v[idx].ends_colon = 1;
	sbuf_adds(&b->v[idx].text, t);
	make_ref(b, idx);
	if (parent >= 0)
		b->v[parent].n_paras++;
	push(b, idx);
}

/*
 * A paragraph after a list that sets one deadline for all its items:
 * "Báo cáo của các cơ quan, đơn vị gửi về UBND tỉnh trước ngày 12/6/2026".
 * It opens a sentence of its own after the last item, names the reports or
 * the units in general, and holds a date.  The deadline is kept on the
 * list's parent (item t's) for the items that set none; returns 1 then.
 */
static int list_deadline(struct builder *b, int t, const char *text)
{
	static const char *const opens[] = {"báo cáo", "văn bản", "thời gian", "thời hạn", "các cơ quan",
					    "các đơn vị", "các sở", "kết quả"};
	static const char *const firsts[] = {"b", "v", "t", "c", "k"};
	const struct sbuf *last = &b->v[t].text;
	struct deadline dl;
	size_t l = strlen(text), k;
	char f[64];
	int up = b->v[t].parent;
	if (!may_start(text, firsts, N(firsts)) || !text_is_upper(text) || !last->len ||
	    !strchr(".;", last->buf[last->len - 1]))
		return 0;
	text_fold_into(text, l < 60 ? l : 60, f);
	for (k = 0; k < N(opens); k++)
		if (text_starts_word(f, strlen(f), opens[k]))
			break;
	if (k == N(opens) || !deadline_find(text, l, b->n->date, &dl) || !dl.due.y || dl.freq)
		return 0;
	if (up >= 0) {
		b->v[up].list_dl = dl;
		b->v[up].has_list_dl = 1;
	} else {
		b->root_list_dl = dl;
		b->has_root_list_dl = 1;
	}
	return 1;
}

/*
 * A lead-in that asks units ("Giao Sở Tài chính:", "..., yêu cầu các sở,
 * ngành:") heads the list that follows it: its items are directives, whatever
 * the section around, and its units are their owners unless they name their
 * own.  It ranks just below the section or item it stands under, so that
 * the next item of that level ends its list.
 */
static void lead_node(struct builder *b, size_t i, const char *t)
{
	int parent = top(b), idx;
	/* At the top level, below parts and sections ("I."): the next
	 * section ends the list. */
	idx = new_node(b, N_PARA, i, parent >= 0 ? b->v[parent].rank + 1 : 3, parent);
	b->v[idx].ctx = b->in_appendix ? CTX_NONTASK : CTX_DIRECTIVE;
	b->v[idx].lead = 1;
	b->v[idx].why = "lead-in that asks units, with no list after it";
	b->v[idx].ends_colon = 1;
	sbuf_adds(&b->v[idx].text, t);
	if (!directive_start(t)) {
		/* The speaker ("Chủ tịch UBND tỉnh yêu cầu:") is never an owner. */
		owners_find_addressees(t, strlen(t), b->units, &b->v[idx].own);
		b->v[idx].own_done = 1;
	}
	make_ref(b, idx);
	if (parent >= 0)
		b->v[parent].n_paras++;
	push(b, idx);
}

static void build_tree(struct builder *b, size_t from)
{
	const struct outline *o = b->o;
	size_t i, cut = 0;
	int stop = 0, prose;
	for (i = from; i < o->n; i++) {
		const struct para *p = &o->p[i];
		int idx, parent;
		if (p->mk == MK_ROW) {
			if (p->cells.n && is_recipients(p->cells.v[0])) {
				stop = 1;
				b->t_active = 0;
				continue;
			}
			if (table_header(b, p))
				continue;
			if (b->t_active)
				table_row(b, i);
			continue;
		}
		b->t_active = 0;
		/* A quotation of law ("“(4) Tổ chức ... phải ...”") over
		 * several paragraphs assigns nothing, whatever its markers. */
		if (!b->in_quote && !strncmp(p->text, "“", strlen("“")) && !strstr(p->text, "”"))
			b->in_quote = 1;
		else if (b->in_quote && (strstr(p->text, "”") || b->in_quote > 40)) {
			/* An unclosed mark is a typo: a quotation of law is
			 * not longer than a page. */
			b->in_quote = 0;
			continue;
		}
		if (b->in_quote) {
			b->in_quote++;
			continue;
		}
		if (is_recipients(p->text)) {
			stop = 1;
			continue;
		}
		if (stop) {
			/* Appendices after the signature may hold task tables. */
			if (is_appendix(p->text)) {
				stop = 0;
				b->sp = 0;
				b->root_ctx = CTX_NONTASK;
				b->in_appendix = 1;
			}
			continue;
		}
		if (p->mk == MK_NONE) {
			int t = top(b);
			size_t pl = strlen(p->text);
			/* "Để khắc phục những hạn chế nêu trên, ... như sau:" is a
			 * lead-in, whatever closing words it holds. */
			int assigns = 0;
			if (p->text[pl - 1] != ':' && is_closing(p->text, pl) &&
			    !(assigns = closing_assigns(b, p->text, pl))) {
				struct owners ow;
				size_t tail = closing_tail(p->text, pl);
				owners_find_addressees(p->text + tail, pl - tail, b->units, &ow);
				if (ow.lead.n) {
					size_t k;
					strlist_release(&b->closing);
					for (k = 0; k < ow.lead.n; k++)
						strlist_add(&b->closing, ow.lead.v[k]);
				}
				owners_release(&ow);
				if (!tail)
					continue;
				/* The rest of the paragraph is read as any other. */
				while (tail && p->text[tail - 1] == ' ')
					tail--;
				p->text[tail] = '\0';
				pl = tail;
			}
			/* The title of a part ("Phần thứ hai" then "MỘT SỐ NHIỆM
			 * VỤ ...") completes its heading. */
			if (t >= 0 && b->v[t].kind == N_SECTION && !b->v[t].n_items && !b->v[t].n_paras &&
			    p->upper && b->v[t].text.len < 40) {
				sbuf_addc(&b->v[t].text, ' ');
				sbuf_add(&b->v[t].text, p->text, pl);
				b->v[t].ctx = classify(b->v[t].text.buf, ctx_of(b, b->v[t].parent));
				continue;
			}
			if (p->text[pl - 1] == ':' && cites_rule(p->text)) {
				quote_node(b, i, p->text);
				continue;
			}
			if (footer_line(b, p->text))
				continue;
			/* Inside a quotation, prose is more of it. */
			if (t >= 0 && b->v[t].quote) {
				sbuf_addc(&b->v[t].text, ' ');
				sbuf_add(&b->v[t].text, p->text, pl);
				continue;
			}
			if (t >= 0 && b->v[t].kind == N_ITEM && !b->v[t].n_items &&
			    (b->v[t].ends_colon || owner_heading(b, t))) {
				idx = new_node(b, N_PARA, i, 40, t);
				b->v[idx].why = "paragraph under a heading that ends with ':'";
				b->v[idx].ctx = b->v[t].ctx;
				sbuf_add(&b->v[idx].text, p->text, pl);
				make_ref(b, idx);
				b->v[t].n_paras++;
				continue;
			}
			if (t >= 0 && b->v[t].lead) {
				/* A paragraph right after a lead-in is its first item;
				 * after its list, prose ends the list. */
				if (!b->v[t].n_items && !b->v[t].n_paras) {
					idx = new_node(b, N_PARA, i, 40, t);
					b->v[idx].why = "first paragraph after a lead-in that asks units";
					b->v[idx].ctx = b->v[t].ctx;
					sbuf_add(&b->v[idx].text, p->text, pl);
					make_ref(b, idx);
					b->v[t].n_paras++;
					continue;
				}
				b->sp--;
				t = top(b);
			}
			if (p->text[pl - 1] == ':' &&
			    (directive_start(p->text) || asks_units(b, p->text, pl))) {
				lead_node(b, i, p->text);
				continue;
			}
			if (p->text[pl - 1] == ':' && !directive_start(p->text)) {
				while (b->sp && b->v[top(b)].kind != N_SECTION)
					b->sp--;
				lead_in(b, p->text);
				continue;
			}
			if (directive_start(p->text)) {
				while (b->sp && b->v[top(b)].kind != N_SECTION)
					b->sp--;
				parent = top(b);
				idx = new_node(b, N_PARA, i, 20, parent);
				b->v[idx].why = "paragraph opening with a request (giao, đề nghị, yêu cầu, chỉ đạo)";
				b->v[idx].ctx = ctx_of(b, parent) == CTX_NEUTRAL ? CTX_DIRECTIVE : ctx_of(b, parent);
				sbuf_add(&b->v[idx].text, p->text, pl);
				b->v[idx].ends_colon = p->text[pl - 1] == ':';
				make_ref(b, idx);
				if (parent >= 0)
					b->v[parent].n_paras++;
				continue;
			}
			if ((t < 0 || b->v[t].kind == N_SECTION) && !b->in_appendix &&
			    ((prose = prose_task(b, p->text, pl, ctx_of(b, t))) != 0 ||
			     (cut = instruction_at(b, p->text, pl)) != 0)) {
				idx = new_node(b, N_PARA, i, 40, t);
				b->v[idx].why = prose == 1 ? "paragraph that asks named units (giao, đề nghị, yêu cầu)"
						: prose == 2 ? "paragraph whose subject is a unit, in a directive section"
						: "instruction after an approval or an opinion ('Đồng ý ...; X ...', '... như sau: X ...')";
				b->v[idx].ctx = CTX_DIRECTIVE;
				sbuf_add(&b->v[idx].text, p->text + (prose ? 0 : cut), pl - (prose ? 0 : cut));
				if (!prose && approves(p->text)) {
					/* "Đồng ý ... sang tháng 9 năm 2025; Sở X ...". */
					struct deadline dl;
					if (deadline_find(p->text, cut, b->n->date, &dl) && dl.due.y) {
						b->v[idx].carry_dl = dl;
						b->v[idx].has_carry_dl = 1;
					}
				}
				make_ref(b, idx);
				if (t >= 0)
					b->v[t].n_paras++;
				continue;
			}
			if (t >= 0 && b->v[t].kind == N_ITEM && list_deadline(b, t, p->text))
				continue;
			if (assigns) {
				/* The letter's last word gives a unit a duty of its
				 * own, after the list rather than within its last item. */
				while (b->sp && b->v[top(b)].kind != N_SECTION)
					b->sp--;
				parent = top(b);
				idx = new_node(b, N_PARA, i, 20, parent);
				b->v[idx].why = "closing paragraph that gives a unit its duty ('X chịu trách nhiệm ... ./.')";
				b->v[idx].ctx = CTX_DIRECTIVE;
				sbuf_add(&b->v[idx].text, p->text, pl);
				make_ref(b, idx);
				if (parent >= 0)
					b->v[parent].n_paras++;
				continue;
			}
			/* Prose after an item continues it. */
			if (t >= 0 && (b->v[t].kind == N_ITEM || b->v[t].kind == N_PARA)) {
				sbuf_addc(&b->v[t].text, ' ');
				sbuf_add(&b->v[t].text, p->text, pl);
			}
			continue;
		}
		pop_to_rank(b, marker_rank(p));
		parent = top(b);
		idx = new_node(b, (p->mk == MK_PART || p->mk == MK_ROMAN) ? N_SECTION : N_ITEM, i,
			       marker_rank(p), parent);
		{
			size_t pl = strlen(p->text);
			sbuf_add(&b->v[idx].text, p->text, pl);
			b->v[idx].ends_colon = pl && p->text[pl - 1] == ':';
		}
		/* "(1). Theo quy định tại điểm h khoản 2 Điều 59 ..., cụ thể:"
		 * quotes, as a lead-in that cites a regulation does. */
		b->v[idx].quote = (parent >= 0 && b->v[parent].quote) || quotes_rule(p->text, b->v[idx].ends_colon);
		if (b->in_appendix || b->v[idx].quote)
			b->v[idx].ctx = CTX_NONTASK;
		else if (b->v[idx].kind == N_SECTION || ((p->mk == MK_NUM || p->mk == MK_LETTER) &&
						     heading_like(p->text)))
			b->v[idx].ctx = report_topic(b, p->text) ? CTX_NONTASK : classify(p->text, ctx_of(b, parent));
		else
			b->v[idx].ctx = ctx_of(b, parent);
		make_ref(b, idx);
		if (parent >= 0)
			b->v[parent].n_items++;
		push(b, idx);
	}
}

/* text_fold() of a node's text (computed once, after build_tree()). */
static const char *node_fold(struct builder *b, int idx)
{
	struct node *nd = &b->v[idx];
	if (!nd->fold)
		nd->fold = text_fold(nd->text.buf ? nd->text.buf : "", nd->text.len);
	return nd->fold;
}

/* deadline_find() of a node's text (computed once, after build_tree()). */
static int node_deadline(struct builder *b, int idx, struct deadline *dl)
{
	struct node *nd = &b->v[idx];
	if (!nd->dl_done) {
		nd->dl_found = deadline_find_folded(nd->text.buf ? nd->text.buf : "", node_fold(b, idx),
						    nd->text.len, b->n->date, &nd->dl);
		nd->dl_done = 1;
	}
	*dl = nd->dl;
	return nd->dl_found;
}

/* Owners a node's own text names (computed once). */
static struct owners *own_owners(struct builder *b, int idx)
{
	struct node *nd = &b->v[idx];
	if (!nd->own_done) {
		if (nd->kind == N_ROW) {
			memset(&nd->own, 0, sizeof(nd->own));
			if (nd->cell_lead && *nd->cell_lead)
				owners_split_names(nd->cell_lead, strlen(nd->cell_lead), b->units,
						   &nd->own.lead);
			if (nd->cell_support && *nd->cell_support)
				owners_split_names(nd->cell_support, strlen(nd->cell_support), b->units,
						   &nd->own.support);
		} else {
			owners_find_folded(nd->text.buf ? nd->text.buf : "", node_fold(b, idx),
					   nd->text.len, b->units, &nd->own);
		}
		nd->own_done = 1;
	}
	return &nd->own;
}

static int name_within(const char *a, const char *b)
{
	char ba[512], bb[512], *ha, *hb;
	const char *ka = text_unit_key_buf(a, strlen(a), ba, sizeof(ba), &ha, NULL);
	const char *kb = text_unit_key_buf(b, strlen(b), bb, sizeof(bb), &hb, NULL);
	int r = strstr(kb, ka) != NULL || strstr(ka, kb) != NULL;
	free(ha);
	free(hb);
	return r;
}

/* Whether every name of s matches one of d. */
static int subset(const struct strlist *s, const struct strlist *d)
{
	size_t i, j;
	for (i = 0; i < s->n; i++) {
		int hit = 0;
		for (j = 0; j < d->n && !hit; j++)
			hit = name_within(s->v[i], d->v[j]);
		if (!hit)
			return 0;
	}
	return 1;
}

static void copy_list(struct strlist *dst, const struct strlist *src)
{
	size_t k;
	for (k = 0; k < src->n; k++)
		strlist_add(dst, src->v[k]);
}

/* The owners a task inherits: heading, lead-in, closing, "Kính gửi". */
/* Appends n bytes of s at dst[o] within cap (NUL-terminated, cut when
 * full); returns the new length. */
static size_t put(char *dst, size_t cap, size_t o, const char *s, size_t n)
{
	if (o + n >= cap)
		n = o + 1 < cap ? cap - 1 - o : 0;
	memcpy(dst + o, s, n);
	dst[o + n] = '\0';
	return o + n;
}

/* Whether a heading names whose duties follow: "Trách nhiệm (chung) của
 * ...", "Nhiệm vụ của ...", "Yêu cầu đối với ...", "Đối với ...". */
static int duty_heading(const char *t)
{
	static const char *const duty[] = {"trách nhiệm của", "trách nhiệm chung của", "nhiệm vụ của",
					   "yêu cầu đối với", "đối với", "nhiệm vụ cụ thể của"};
	return t && fold_starts(t, duty, N(duty));
}

/*
 * "<what> <ref> '<the first words of text>'" into dst, cut on a character
 * boundary: the words a rule used, for explain.
 */
static void cite(char *dst, size_t cap, const char *what, const char *ref, const char *text)
{
	size_t l = text ? strlen(text) : 0, cut = l, o = 0;
	if (cut > 60) {
		cut = 60;
		while (cut && ((unsigned char)text[cut] & 0xC0) == 0x80)
			cut--;
	}
	/* Built by hand: a parse makes three of these per task. */
	o = put(dst, cap, o, what, strlen(what));
	if (ref && *ref) {
		o = put(dst, cap, o, " ", 1);
		o = put(dst, cap, o, ref, strlen(ref));
	}
	o = put(dst, cap, o, " '", 2);
	o = put(dst, cap, o, text ? text : "", cut);
	if (cut < l)
		o = put(dst, cap, o, "...", 3);
	put(dst, cap, o, "'", 1);
}

/* The owners a task inherits: heading, footer, lead-in, closing, "Kính
 * gửi"; `why` (cap bytes) says which.  Returns INH_LEAD_IN when they come
 * from a lead-in before the list, INH_HEADING from a heading above the
 * task (or its group's footer), INH_OTHER otherwise.  inherited_from()
 * also gathers in `near` the supporting units of the lead-ins it passes on
 * the way up; inherited() adds them. */
enum { INH_OTHER = 0, INH_LEAD_IN, INH_HEADING };

static int inherited_from(struct builder *b, int idx, struct strlist *lead, struct strlist *support,
			  struct strlist *near, char *why, size_t cap)
{
	int up = b->v[idx].parent;
	for (; up >= 0; up = b->v[up].parent) {
		struct owners *o;
		if (b->v[up].kind == N_SECTION) {
			if (b->v[up].dflt.n) {
				copy_list(lead, &b->v[up].dflt);
				cite(why, cap, "lead-in of section", b->v[up].ref, b->v[up].dflt.v[0]);
				return INH_LEAD_IN;
			}
			/* "IV. TRÁCH NHIỆM CỦA CÔNG AN TỈNH", "III. SỞ TÀI CHÍNH". */
			if (duty_heading(b->v[up].text.buf) || owner_heading(b, up)) {
				o = own_owners(b, up);
				if (o->lead.n && o->sentence == 0) {
					copy_list(lead, &o->lead);
					copy_list(support, &o->support);
					cite(why, cap, "section heading", b->v[up].ref, b->v[up].text.buf);
					return INH_HEADING;
				}
			}
			continue;
		}
		if (b->v[up].foot_lead.n) {
			copy_list(lead, &b->v[up].foot_lead);
			copy_list(support, &b->v[up].foot_support);
			cite(why, cap, "group footer 'Đơn vị chủ trì' of", b->v[up].ref, b->v[up].foot_lead.v[0]);
			return INH_HEADING;
		}
		o = own_owners(b, up);
		if (o->lead.n && o->sentence == 0) {
			copy_list(lead, &o->lead);
			copy_list(support, &o->support);
			cite(why, cap, b->v[up].lead ? "lead-in" : "heading", b->v[up].ref, b->v[up].text.buf);
			return b->v[up].lead ? INH_LEAD_IN : INH_HEADING;
		}
		/* "1. Bộ Kế hoạch và Đầu tư:" then "đ) Phối hợp với các Bộ,
		 * ngành liên quan chỉ đạo, hướng dẫn triển khai:": the units the
		 * lead-in names as supporting support its items too. */
		if (!o->lead.n) {
			size_t k;
			for (k = 0; k < o->support.n; k++)
				strlist_add_unique(near, o->support.v[k], NULL);
		}
	}
	if (b->root_dflt.n) {
		copy_list(lead, &b->root_dflt);
		cite(why, cap, "lead-in before the list:", NULL, b->root_dflt.v[0]);
		return INH_LEAD_IN;
	} else if (b->closing.n) {
		copy_list(lead, &b->closing);
		cite(why, cap, "closing sentence's addressees:", NULL, b->closing.v[0]);
	} else if (b->kinh_gui.n) {
		copy_list(lead, &b->kinh_gui);
		cite(why, cap, "'Kính gửi' line:", NULL, b->kinh_gui.v[0]);
	} else {
		snprintf(why, cap, "none named in the task, its headings or lead-ins");
	}
	return INH_OTHER;
}

static int inherited(struct builder *b, int idx, struct strlist *lead, struct strlist *support,
		     char *why, size_t cap)
{
	struct strlist near = {0};
	size_t k;
	int from = inherited_from(b, idx, lead, support, &near, why, cap);

	for (k = 0; k < near.n; k++) {
		size_t j;
		for (j = 0; j < lead->n && strcmp(lead->v[j], near.v[k]); j++)
			;
		if (j == lead->n)
			strlist_add_unique(support, near.v[k], NULL);
	}
	strlist_release(&near);
	return from;
}

/*
 * Whether the units an item names are only the object of its request
 * under a heading that names the owner: under "IV.2. Sở Nông nghiệp và Môi
 * trường", "- Yêu cầu các đơn vị khai thác lắp đặt thiết bị ..." is the
 * Sở's task; an item that opens with a unit ("- Sở Tài chính chủ trì ...")
 * names its own owner.  When so, fills lead, support and why with the
 * heading's.
 */
static int object_under_heading(struct builder *b, int i, struct strlist *lead, struct strlist *support,
				char *why, size_t cap)
{
	const struct node *nd = &b->v[i];
	if (nd->kind == N_ROW || !nd->own_done || nd->own.subject)
		return 0;
	if (inherited(b, i, lead, support, why, cap) == INH_HEADING && lead->n)
		return 1;
	strlist_release(lead);
	strlist_release(support);
	return 0;
}

/*
 * "Chỉ đạo Sở X khẩn trương ...", "Đôn đốc các chủ đầu tư ...": an item of
 * a list that asks a leader to direct names who is to act.  Fills `lead`
 * with them; returns their number.
 */
static size_t directed(struct builder *b, const char *t, struct strlist *lead)
{
	static const char *const verbs[] = {"chỉ đạo", "đôn đốc"};
	static const char *const firsts[] = {"c", "đ"};
	char f[24];
	size_t fl, k;
	struct owners o;
	if (!may_start(t, firsts, N(firsts)))
		return 0;
	fl = strnlen(t, 20);
	text_fold_into(t, fl, f);
	for (k = 0; k < N(verbs); k++)
		if (text_starts_word(f, fl, verbs[k]))
			break;
	if (k == N(verbs))
		return 0;
	t += strlen(verbs[k]);
	while (*t == ' ')
		t++;
	owners_find(t, strlen(t), b->units, &o);
	if (o.lead.n && o.sentence == 0)
		copy_list(lead, &o.lead);
	owners_release(&o);
	return lead->n;
}

/* "các nội dung tại mục 3, 4, 5/II": refs "II.3", "II.4", "II.5". */
static void cross_refs(const char *text, size_t l, const char *own_ref, struct strlist *refs)
{
	char fb[TEXT_FOLD_STACK], *fh, *f;
	long p;
	if (!text_has(text, l, "mục") && !text_has(text, l, "Mục"))
		return;
	f = text_fold_buf(text, l, fb, sizeof(fb), &fh);
	p = text_find_word(f, l, 0, "mục");
	while (p >= 0) {
		size_t i = (size_t)p + strlen("mục");
		int nums[16], cnt = 0;
		char sect[16] = "";
		while (i < l && cnt < 16) {
			int v = 0, d = 0;
			while (i < l && f[i] == ' ')
				i++;
			while (i < l && f[i] >= '0' && f[i] <= '9' && d < 3) {
				v = v * 10 + (f[i++] - '0');
				d++;
			}
			if (!d)
				break;
			nums[cnt++] = v;
			while (i < l && f[i] == ' ')
				i++;
			if (i < l && f[i] == ',')
				i++;
			else if (text_starts_word(f + i, l - i, "và"))
				i += strlen("và");
			else
				break;
		}
		if (cnt && i < l && (f[i] == '/' || text_starts_word(f + i, l - i, "phần"))) {
			size_t j = f[i] == '/' ? i + 1 : i + strlen("phần");
			size_t k = 0;
			while (j < l && f[j] == ' ')
				j++;
			while (j < l && strchr("ivx", f[j]) && k + 1 < sizeof(sect)) {
				sect[k++] = (char)(f[j] - 32);
				j++;
			}
			sect[k] = '\0';
		}
		if (cnt && !sect[0] && own_ref) {
			/* No section named: the task's own. */
			size_t k = strcspn(own_ref, ".");
			if (k < sizeof(sect) && strspn(own_ref, "IVX") == k && k) {
				memcpy(sect, own_ref, k);
				sect[k] = '\0';
			}
		}
		{
			int k;
			for (k = 0; k < cnt; k++) {
				char r[40];
				snprintf(r, sizeof(r), "%s%s%d", sect, sect[0] ? "." : "", nums[k]);
				strlist_add(refs, r);
			}
		}
		p = text_find_word(f, l, (size_t)p + 1, "mục");
	}
	free(fh);
}

static char **list_to_array(struct strlist *l, size_t *n)
{
	char **v = l->v;
	*n = l->n;
	l->v = NULL;
	l->n = l->alloc = 0;
	return v;
}

/* Words in n bytes of text. */
static size_t words_in(const char *s, size_t n)
{
	size_t i, w = 0;
	for (i = 0; i < n; i++)
		w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	return w;
}

/*
 * Where in a task's text a clause for another unit starts: "Ban Quản lý dự
 * án số 1 đẩy nhanh ...; Ban Quản lý dự án giao thông đẩy nhanh ..." gives
 * each board its own task.  The clause follows "; " outside brackets and
 * opens with a unit that does something (not "đã", "được", "chịu trách
 * nhiệm" ...), after the subject of the first clause.  Returns the offset
 * of the clause or 0.
 */
/*
 * Whether the cl bytes at c open with a unit that does something: a unit
 * subject, then a predicate of a few words that is not narrative ("đã",
 * "được", "chịu trách nhiệm", "năm 2021" ...).
 */
static int unit_clause(struct builder *b, const char *c, size_t cl)
{
	static const char *const narrative[] = {"đã", "đang", "được", "là", "có", "không", "chưa", "cũng",
						"chịu trách nhiệm", "năm", "tháng", "quý", "giai đoạn",
						"và", "thuộc", "của", "tại", "trong", "trên"};
	size_t x = owners_subject_end(c, cl, b->units), y, k;
	char f[64];
	if (!x)
		return 0;
	y = x;
	while (y < cl && (c[y] == ' ' || c[y] == ':'))
		y++;
	if (y >= cl)
		return 0;
	text_fold_into(c + y, cl - y < 60 ? cl - y : 60, f);
	for (k = 0; k < N(narrative); k++)
		if (text_starts_word(f, strlen(f), narrative[k]))
			return 0;
	/* A predicate of a few words at least: "..., Sở A; UBND các xã năm
	 * 2021." ends a list of names. */
	return words_in(c + y, cl - y) >= 4;
}

static size_t next_clause(struct builder *b, const char *t, size_t l)
{
	/* "Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND các xã cần ...":
	 * one subject naming two units, not two clauses. */
	size_t i, depth = 0, subj = (size_t)-1;
	if (!memchr(t, ';', l))
		return 0;
	for (i = 0; i + 2 < l; i++) {
		/* Only brackets and semicolons matter: skip to the next. */
		i += strcspn(t + i, "();");
		if (i + 2 >= l)
			break;
		if (t[i] == '(')
			depth++;
		else if (t[i] == ')' && depth)
			depth--;
		if (t[i] == ';' && t[i + 1] == ' ' && !depth && i >= 20 && text_is_upper(t + i + 2)) {
			if (subj == (size_t)-1)
				subj = owners_subject_end(t, l, b->units);
			if (i >= subj && unit_clause(b, t + i + 2, l - i - 2))
				return i + 2;
		}
	}
	return 0;
}

/* Whether text opens with an approval: "Đồng ý ...", "Thống nhất ...". */
static int approves(const char *t)
{
	static const char *const opens[] = {"đồng ý", "thống nhất", "chấp thuận", "nhất trí"};
	static const char *const firsts[] = {"đ", "t", "c", "n"};
	char f[24];
	size_t fl, k;
	if (!may_start(t, firsts, N(firsts)))
		return 0;
	fl = strnlen(t, 20);
	text_fold_into(t, fl, f);
	for (k = 0; k < N(opens); k++)
		if (text_starts_word(f, fl, opens[k]))
			return 1;
	return 0;
}

/*
 * Where the instruction starts in a letter's paragraph that first approves
 * or reports an opinion: "Đồng ý đề nghị của Sở Xây dựng ...; Sở Xây dựng
 * hoàn thiện hồ sơ, trình ... trước ngày ..." and "Phó Chủ tịch UBND tỉnh
 * ... có ý kiến như sau: Sở Y tế kiểm tra, xử lý ...".  The instruction is
 * the first clause after '; ', '. ' or ': ' that opens with a unit doing
 * something.  Returns its offset, or 0.
 */
static size_t instruction_at(struct builder *b, const char *t, size_t l)
{
	size_t i;
	int opener = approves(t);
	if (!opener && !text_has(t, l, "như sau: "))
		return 0;
	for (i = 0; i + 2 < l; i++) {
		i += strcspn(t + i, ";.:");
		if (i + 2 >= l)
			break;
		if (t[i + 1] != ' ' || !text_is_upper(t + i + 2))
			continue;
		if (t[i] == ':' && !(i >= 8 && !memcmp(t + i - 3, "sau", 3)))
			continue;
		if ((t[i] == ':' || opener) && unit_clause(b, t + i + 2, l - i - 2))
			return i + 2;
	}
	return 0;
}

/* Splits every leaf that holds clauses for several units (next_clause()). */
static void split_clauses(struct builder *b)
{
	size_t i, nv = b->nv;
	for (i = 0; i < nv; i++) {
		int cur = (int)i;
		while (b->v[cur].kind != N_SECTION && b->v[cur].kind != N_ROW && b->v[cur].ctx != CTX_NONTASK &&
		       !b->v[cur].n_items && !b->v[cur].n_paras && b->v[cur].text.len) {
			size_t at = next_clause(b, b->v[cur].text.buf, b->v[cur].text.len), cut;
			int idx;
			char *rest;
			if (!at)
				break;
			rest = xstrdup(b->v[cur].text.buf + at);
			cut = at - 2;
			idx = new_node(b, b->v[cur].kind, b->v[cur].para, b->v[cur].rank, b->v[cur].parent);
			/* new_node() may move b->v. */
			b->v[cur].text.len = cut;
			b->v[cur].text.buf[cut] = '\0';
			if (approves(b->v[cur].text.buf)) {
				/* "Đồng ý lùi thời gian trình Đề án sang tháng 10
				 * năm 2025; Sở Xây dựng hoàn thiện ...": the approval
				 * assigns nothing; its date is the clause's. */
				struct deadline dl;
				b->v[idx].ctx = b->v[cur].ctx;
				b->v[cur].ctx = CTX_NONTASK;
				if (deadline_find(b->v[cur].text.buf, cut, b->n->date, &dl) && dl.due.y) {
					b->v[idx].carry_dl = dl;
					b->v[idx].has_carry_dl = 1;
				}
			}
			if (b->v[cur].ctx != CTX_NONTASK)
				b->v[idx].ctx = b->v[cur].ctx;
			b->v[idx].why = "clause for another unit after ';'";
			b->v[idx].ends_colon = b->v[cur].ends_colon;
			sbuf_adds(&b->v[idx].text, rest);
			free(rest);
			{
				char r[sizeof(b->v[idx].ref)];
				snprintf(r, sizeof(r), "%.56s-2", b->v[cur].ref);
				memcpy(b->v[idx].ref, r, sizeof(r));
			}
			b->v[idx].split_next = b->v[cur].split_next;
			b->v[idx].split_of = 1;
			b->v[cur].split_next = idx;
			cur = idx;
		}
	}
}

/* Why a task has its deadline, for explain (a new string). */
static char *due_why(const struct deadline *dl, int found, const char *src, const char *how)
{
	char why[200], span[104] = "";
	const char *kind = due_kind_name(dl->kind) ? due_kind_name(dl->kind) : "none";
	size_t o = 0, sl = 0;
	if (!found)
		return xstrdup("none stated");
	if (src && dl->end > dl->start && dl->end <= strlen(src)) {
		sl = dl->end - dl->start;
		if (sl > 100) {
			sl = 100;
			while (sl && ((unsigned char)src[dl->start + sl] & 0xC0) == 0x80)
				sl--;
		}
		memcpy(span, src + dl->start, sl);
		span[sl] = '\0';
	}
	if (!src) {
		const char *w = *how ? how : "deadline set after the list for all its items";
		o = put(why, sizeof(why), o, w, strlen(w));
		o = put(why, sizeof(why), o, " (", 2);
	} else if (dl->freq && !dl->due.y) {
		o = put(why, sizeof(why), o, "recurring (", strlen("recurring ("));
		o = put(why, sizeof(why), o, rec_freq_name(dl->freq), strlen(rec_freq_name(dl->freq)));
		o = put(why, sizeof(why), o, ") '", strlen(") '"));
		o = put(why, sizeof(why), o, span, sl);
		put(why, sizeof(why), o, "', no first day fixed", strlen("', no first day fixed"));
		return xstrdup(why);
	} else {
		if (*how) {
			o = put(why, sizeof(why), o, how, strlen(how));
			o = put(why, sizeof(why), o, " ", strlen(" "));
		}
		o = put(why, sizeof(why), o, "'", strlen("'"));
		o = put(why, sizeof(why), o, span, sl);
		o = put(why, sizeof(why), o, "' (", strlen("' ("));
	}
	o = put(why, sizeof(why), o, kind, strlen(kind));
	o = put(why, sizeof(why), o, ")", strlen(")"));
	if (!dl->due.y)
		put(why, sizeof(why), o, ", no date", strlen(", no date"));
	else if (dl->freq)
		put(why, sizeof(why), o, ", first occurrence", strlen(", first occurrence"));
	return xstrdup(why);
}

/* Appends the task of node i, with its owners from leads[i], supports[i]
 * and the reason for them in why_own[i] (taken). */
static void emit_one(struct builder *b, size_t i, struct strlist *leads, struct strlist *supports,
		     char **why_own)
{
	struct notice *n = b->n;
	struct node *nd = &b->v[i];
	struct notice_task *t;
	struct deadline dl;
	const struct para *p = &b->o->p[nd->para];
	const char *src = NULL, *how = "";
	int found = 0;
	if (!nd->task)
		return;
	t = &n->tasks[n->n_tasks++];
	t->ref = xstrdup(nd->ref);
	t->text = xstrdup(nd->text.buf ? nd->text.buf : "");
	t->line = p->line;
	t->start = p->off;
	t->end = p->end;
	t->owners = list_to_array(&leads[i], &t->n_owners);
	t->co_owners = list_to_array(&supports[i], &t->n_co_owners);
	t->why_owners = why_own[i] ? why_own[i] : xstrdup("none found");
	why_own[i] = NULL;
	{
		char why[200], w[120];
		int up = nd->parent;
		while (up >= 0 && b->v[up].kind != N_SECTION && b->v[up].kind != N_ITEM)
			up = b->v[up].parent;
		size_t o = put(w, sizeof(w), 0, nd->why ? nd->why : "task", strlen(nd->why ? nd->why : "task"));
		if (up >= 0) {
			put(w, sizeof(w), o, ", under", strlen(", under"));
			cite(why, sizeof(why), w, b->v[up].ref, b->v[up].text.buf);
		} else {
			put(why, sizeof(why), 0, w, o);
		}
		t->why_task = xstrdup(why);
	}
	/* The deadline comes from the row's time cell, the task's text,
	 * or a heading above it, which covers the items under it;
	 * `src` is the text its span points into. */
	if (nd->kind == N_ROW && nd->cell_due && *nd->cell_due) {
		src = nd->cell_due;
		found = deadline_find_cell(src, strlen(src), n->date, &dl);
		how = "time column";
	}
	if (!found) {
		src = t->text;
		found = node_deadline(b, (int)i, &dl);
		how = "";
	}
	if (!found) {
		int up;
		/* Only a heading that announces its items ("... trước
		 * ngày 30/11/2024:") gives them its deadline; a heading
		 * such as "2. Kết quả năm 2025" sets none. */
		for (up = nd->parent; up >= 0 && !found; up = b->v[up].parent)
			if (b->v[up].kind == N_ITEM && b->v[up].text.buf && b->v[up].ends_colon) {
				src = b->v[up].text.buf;
				found = node_deadline(b, up, &dl) && dl.due.y;
				how = "heading's";
			}
	}
	if (!found && nd->has_carry_dl) {
		dl = nd->carry_dl;
		found = 1;
		src = NULL;
		how = "the approval's date before it";
	}
	if (!found) {
		/* A deadline set after the list for all its items. */
		int up;
		for (up = nd->parent; up >= 0 && !found; up = b->v[up].parent)
			if (b->v[up].has_list_dl) {
				dl = b->v[up].list_dl;
				found = 1;
				src = NULL;
			}
		if (!found && b->has_root_list_dl && nd->kind != N_ROW) {
			dl = b->root_list_dl;
			found = 1;
			src = NULL;
		}
	}
	if (!found && !node_deadline(b, (int)i, &dl) && dl.relative && dl.end <= strlen(t->text)) {
		/* "trong 07 ngày làm việc kể từ ngày nhận được": no date; counted
		 * from this document's receipt the kind says so (relative). */
		char *span = xstrndup(t->text + dl.start, dl.end - dl.start);
		t->why_due = xasprintf("relative '%.100s': counted from %s, no date", span,
				       dl.relative == 2 ? "this document's receipt" : "an event");
		if (dl.relative == 2) {
			/* Kept as the deadline's phrase: the clerk dates it. */
			t->due_kind = DUE_RELATIVE;
			if (!t->due_text)
				t->due_text = xstrdup(span);
		}
		free(span);
	} else {
		t->why_due = due_why(&dl, found, src, how);
	}
	if (found) {
		t->due = dl.due;
		t->due_kind = dl.kind;
		t->freq = dl.freq;
		if (dl.rrule[0])
			t->rrule = xstrdup(dl.rrule);
		if (src && dl.due.y && dl.end > dl.start && dl.end <= strlen(src))
			t->due_text = xstrndup(src + dl.start, dl.end - dl.start);
	}
}

/* Whether the owners are only a phrase that points back ("Các đơn vị nêu
 * trên", "các cơ quan trên đây"). */
static int refers_back(const struct strlist *l)
{
	char f[256];
	size_t n;
	if (l->n != 1 || (n = strlen(l->v[0])) >= sizeof(f) || !strstr(l->v[0], "trên"))
		return 0;
	text_fold_into(l->v[0], n, f);
	return strstr(f, "nêu trên") != NULL || strstr(f, "trên đây") != NULL;
}

/*
 * Whether an item's text only names a unit, with what it answers for: "-
 * Sở Y tế (đối với cơ sở dịch vụ ăn uống);", "- Công an tỉnh: đối với cơ
 * sở giết mổ.".
 */
static int names_only(struct builder *b, const char *t)
{
	size_t l = strlen(t), x = owners_subject_end(t, l, b->units);
	if (!x)
		return 0;
	while (x < l && t[x] == ' ')
		x++;
	if (t[x] == '(') {
		const char *close = strchr(t + x, ')');
		if (!close)
			return 0;
		x = (size_t)(close - t) + 1;
	} else if (t[x] == ':') {
		char f[16];
		size_t y = x + 1;
		while (y < l && t[y] == ' ')
			y++;
		text_fold_into(t + y, l - y < 12 ? l - y : 12, f);
		if (!text_starts_word(f, strlen(f), "đối với"))
			return 0;
		return 1;
	}
	while (x < l && strchr(" ;.,", t[x]))
		x++;
	return x == l;
}

/*
 * Whether a request that ends with ':' lists, as its items, only the units
 * it asks ("Giao các cơ quan quản lý theo lĩnh vực tổ chức kiểm tra ..., cụ
 * thể:" then "- Sở Y tế (đối với ...);" ...): then the request is the task,
 * its items name its owners, and its phrase for them ("các cơ quan quản lý")
 * names the same units later in the letter.
 */
static int defines_units(struct builder *b, size_t i)
{
	size_t j;
	int n = 0;
	if (!b->v[i].ends_colon || !b->v[i].n_items || b->v[i].n_paras || !directive_start(b->v[i].text.buf))
		return 0;
	for (j = i + 1; j < b->nv; j++) {
		if (b->v[j].parent != (int)i)
			continue;
		if (b->v[j].n_items || !names_only(b, b->v[j].text.buf))
			return 0;
		n++;
	}
	return n >= 2;
}

/* Whether a heading introduces where something is sent ("Báo cáo được nộp
 * cho các cơ quan sau đây:"): its items name recipients, case by case. */
static int lists_recipients(struct builder *b, size_t i)
{
	static const char *const to_whom[] = {
		"cho các cơ quan sau", "đến các cơ quan sau", "về các cơ quan sau", "tới các cơ quan sau",
		"gửi các cơ quan sau", "nộp các cơ quan sau",
	};
	size_t k;
	int r = 0;

	/* Asked once per heading, by each leaf under it. */
	if (b->v[i].recipients)
		return b->v[i].recipients == 2;
	for (k = 0; k < N(to_whom) && !r; k++)
		r = text_has(node_fold(b, (int)i), b->v[i].text.len, to_whom[k]);
	b->v[i].recipients = r ? 2 : 1;
	return r;
}

/*
 * Whether a leaf only describes instead of asking: it names units and
 * nothing they do ("Sở Nông nghiệp và Môi trường, Sở Xây dựng;", the
 * rest of a list of recipients cut by a page break), gives the units a
 * case goes to ("Đối với giấy phép do Bộ cấp: Cục Địa chất, Bộ Xây dựng;
 * các Sở: ..."), or says what a rule or a form prescribes ("Báo cáo định
 * kỳ ... được lập theo Mẫu số 05 ...", "Hình thức của bản đồ ... quy định
 * tại Điều 13 Thông tư ...").  A letter that explains the law lists these
 * under its requests; none is work anyone can report done.
 */
static int only_describes(struct builder *b, size_t i)
{
	static const char *const prescribed[] = {
		"được lập theo mẫu", "được lập theo quy định tại", "được lưu giữ theo quy định tại",
		"được thực hiện theo mẫu", "thực hiện theo mẫu số",
	};
	static const char *const spec_starts[] = {"hình thức", "nội dung", "thể thức", "mẫu"};
	static const char *const asks[] = {"phải", "có trách nhiệm", "đề nghị", "yêu cầu", "giao ", "chịu trách nhiệm"};
	const char *t = b->v[i].text.buf ? b->v[i].text.buf : "", *f;
	size_t l = b->v[i].text.len, k;
	int r = 0, up;

	/* A list of names is short; a task's sentence rarely is, and telling
	 * a unit phrase costs more than this test. */
	if (l <= 200 && names_only(b, t))
		return 1;
	/* "Lưu ý: Đây là nội dung quan trọng ...": a note on the request
	 * above, whatever it asks. */
	if (fold_starts(t, (const char *const[]){"lưu ý", "chú ý"}, 2) && strchr(t, ':') &&
	    strchr(t, ':') - t < 12)
		return 1;
	/* Under "... được nộp cho các cơ quan sau đây:" each item says where
	 * a case goes ("Đối với giấy phép do Bộ cấp: Cục ..., Bộ ..."). */
	for (up = b->v[i].parent; up >= 0; up = b->v[up].parent)
		if (lists_recipients(b, (size_t)up))
			return 1;
	/* What a rule or a form prescribes, unless the item also asks.  Such
	 * a line says one thing: a long item is a task's own prose. */
	if (l > 400)
		return 0;
	f = node_fold(b, (int)i);
	if (text_has(f, l, "theo mẫu") || text_has(f, l, "theo quy định tại"))
		for (k = 0; k < N(prescribed) && !r; k++)
			r = text_has(f, l, prescribed[k]);
	for (k = 0; k < N(spec_starts) && !r; k++)
		r = text_starts_word(f, l, spec_starts[k]) && text_has(f, l, "điều ") &&
		    (text_has(f, l, "thông tư") || text_has(f, l, "nghị định") || text_has(f, l, "luật"));
	for (k = 0; k < N(asks) && r; k++)
		if (text_has(f, l, asks[k]))
			r = 0;
	return r;
}

/* The tasks, in document order. */
static void emit_tasks(struct builder *b)
{
	size_t i, nt = 0, k;
	struct strlist *leads = xcalloc(b->nv ? b->nv : 1, sizeof(*leads));
	struct strlist *supports = xcalloc(b->nv ? b->nv : 1, sizeof(*supports));
	int *explicit_own = xcalloc(b->nv ? b->nv : 1, sizeof(int));
	char **why_own = xcalloc(b->nv ? b->nv : 1, sizeof(*why_own));
	struct notice *n = b->n;

	/* Which nodes are tasks. */
	for (i = 0; i < b->nv; i++) {
		struct node *nd = &b->v[i];
		if (nd->kind == N_SECTION || nd->ctx == CTX_NONTASK)
			continue;
		if (nd->kind == N_ROW) {
			nd->task = 1;
			continue;
		}
		if (nd->in_def)
			continue;
		if (nd->n_items && defines_units(b, i)) {
			size_t j;
			nd->task = nd->defines = 1;
			nd->why = "request whose items only name the units it asks";
			for (j = i + 1; j < b->nv; j++)
				if (b->v[j].parent == (int)i)
					b->v[j].in_def = 1;
			continue;
		}
		if (nd->n_items || nd->n_paras)
			continue; /* a heading */
		if (nd->kind == N_PARA) {
			nd->task = !(nd->describes = only_describes(b, i));
			continue;
		}
		if (nd->ctx == CTX_DIRECTIVE) {
			if ((nd->describes = only_describes(b, i)))
				continue;
			nd->task = 1;
			if (!nd->why)
				nd->why = "leaf item in a directive section or list";
		} else {
			/* Outside a directive section an item is a task only when
			 * it assigns: a request verb ("Giao", "Đề nghị", "Yêu
			 * cầu"), or a named unit and a deadline.  A report's
			 * "Thanh tra tỉnh tổ chức 03 cuộc thanh tra." is neither. */
			struct deadline dl;
			struct owners *o = own_owners(b, (int)i);
			/* In a report, a unit and a date is what was done
			 * ("Sở Nội vụ đề xuất 02 mô hình trong tháng 9"). */
			int report = n->type && !strcmp(n->type, "BÁO CÁO");
			nd->task = (o->lead.n > 0 && directive_start(nd->text.buf)) ||
				   (!report && o->lead.n > 0 && node_deadline(b, (int)i, &dl) && dl.due.y);
			if (nd->task && !nd->why)
				nd->why = "item that names a unit and a request or a date, outside a directive section";
		}
	}
	/* A request whose items only describe ("1.1. Lập sổ theo dõi ... ." then
	 * "- Sổ được lập theo Mẫu số 02 ...") is the task, its items its
	 * details ("2. Sở Xây dựng tổng hợp, gửi các cơ quan:" then "Sở Tài
	 * chính, Sở Nội vụ;" too); a topic ("Về mẫu báo cáo:") or a list of
	 * recipients ("... nộp cho các cơ quan sau đây:") only introduces them. */
	for (i = 0; i < b->nv; i++) {
		struct node *nd = &b->v[i];
		size_t j;
		int all = 0;
		if (nd->task || nd->kind == N_SECTION || nd->ctx != CTX_DIRECTIVE || nd->in_def ||
		    !(nd->n_items || nd->n_paras) ||
		    fold_starts(nd->text.buf, (const char *const[]){"về"}, 1))
			continue;
		for (j = i + 1; j < b->nv; j++) {
			if (b->v[j].parent != (int)i)
				continue;
			if (!b->v[j].describes) {
				all = 0;
				break;
			}
			all = 1;
		}
		if (all && !lists_recipients(b, i) && !only_describes(b, i)) {
			nd->task = 1;
			nd->why = "request whose items only describe it (forms, articles, recipients)";
		}
	}
	/* Owners, before cross-references. */
	for (i = 0; i < b->nv; i++) {
		struct owners *o;
		struct strlist dl = {0}, ds = {0}, dir = {0};
		char why[200];
		if (!b->v[i].task)
			continue;
		o = own_owners(b, (int)i);
		if (b->v[i].defines) {
			size_t j;
			for (j = i + 1; j < b->nv; j++)
				if (b->v[j].parent == (int)i)
					for (k = 0; k < own_owners(b, (int)j)->lead.n; k++)
						strlist_add_unique(&leads[i], b->v[j].own.lead.v[k], NULL);
			explicit_own[i] = 1;
			why_own[i] = xasprintf("the units its items name: '%s' ...", leads[i].n ? leads[i].v[0] : "");
			for (k = 0; k < o->support.n; k++)
				strlist_add_unique(&supports[i], o->support.v[k], NULL);
			continue;
		}
		if (b->v[i].kind != N_ROW && directed(b, b->v[i].text.buf, &dir)) {
			/* A leader asked, by a lead-in, to direct: the units
			 * directed act ("Chỉ đạo Sở X khẩn trương ..."). */
			struct strlist hl = {0}, hs = {0};
			int from = inherited(b, (int)i, &hl, &hs, why, sizeof(why));
			strlist_release(&hl);
			strlist_release(&hs);
			if (from != INH_LEAD_IN)
				strlist_release(&dir);
		}
		if (dir.n) {
			copy_list(&leads[i], &dir);
			explicit_own[i] = 1;
			cite(why, sizeof(why), "directed by the item ('Chỉ đạo ...'):", NULL, dir.v[0]);
		} else if (o->lead.n && o->sentence == 0 && !object_under_heading(b, (int)i, &dl, &ds, why, sizeof(why))) {
			strlist_release(&dl);
			strlist_release(&ds);
			copy_list(&leads[i], &o->lead);
			explicit_own[i] = 1;
			cite(why, sizeof(why), b->v[i].kind == N_ROW ? "the row's lead column:" : "named in the task:",
			     NULL, o->lead.v[0]);
		} else if (dl.n) {
			/* object_under_heading(): the heading's owners stand. */
			copy_list(&leads[i], &dl);
			copy_list(&supports[i], &ds);
		} else {
			inherited(b, (int)i, &dl, &ds, why, sizeof(why));
			/* A later sentence's subject: the inherited owners when
			 * it only repeats some of them, else its own. */
			if (o->lead.n && !(dl.n && subset(&o->lead, &dl))) {
				copy_list(&leads[i], &o->lead);
				explicit_own[i] = 1;
				cite(why, sizeof(why), "subject of a later sentence of the task:", NULL, o->lead.v[0]);
			} else {
				copy_list(&leads[i], &dl);
				copy_list(&supports[i], &ds);
			}
		}
		why_own[i] = xstrdup(why);
		for (k = 0; k < o->support.n; k++)
			strlist_add_unique(&supports[i], o->support.v[k], NULL);
		strlist_release(&dl);
		strlist_release(&ds);
		strlist_release(&dir);
	}
	/* "các đơn vị nêu trên", "các cơ quan nêu trên": the units named
	 * before, leading or supporting, by the last task that named its own,
	 * else the "Kính gửi" line. */
	{
		const struct strlist *named = NULL, *defined = NULL;
		struct strlist both = {0};
		const char *group = NULL;
		for (i = 0; i < b->nv; i++) {
			const struct strlist *src;
			if (!b->v[i].task || !leads[i].n)
				continue;
			if (b->v[i].defines) {
				/* Its own phrase for the units it lists. */
				struct owners *o = own_owners(b, (int)i);
				group = o->lead.n == 1 ? o->lead.v[0] : NULL;
				defined = &leads[i];
			} else if (group && leads[i].n == 1 && !strcasecmp(leads[i].v[0], group)) {
				char *why = xasprintf("%s, the units listed under '%s'", why_own[i] ? why_own[i] : "",
						      group);
				strlist_release(&leads[i]);
				copy_list(&leads[i], defined);
				free(why_own[i]);
				why_own[i] = why;
			}
			if (!refers_back(&leads[i])) {
				if (explicit_own[i]) {
					strlist_release(&both);
					copy_list(&both, &leads[i]);
					for (k = 0; k < supports[i].n; k++)
						strlist_add_unique(&both, supports[i].v[k], NULL);
					named = &both;
				}
				continue;
			}
			src = named ? named : b->kinh_gui.n ? &b->kinh_gui : NULL;
			if (src) {
				char *why = xasprintf("%s, which refers back to '%s'", why_own[i] ? why_own[i] : "",
						      src->v[0]);
				strlist_release(&leads[i]);
				copy_list(&leads[i], src);
				free(why_own[i]);
				why_own[i] = why;
			}
		}
		strlist_release(&both);
	}
	/* Cross-references make the referring unit the owner of the items
	 * it names, unless they name their own. */
	for (i = 0; i < b->nv; i++) {
		struct strlist refs = {0};
		size_t j;
		if (!leads[i].n || (!b->v[i].task && !b->v[i].n_items))
			continue;
		cross_refs(b->v[i].text.buf ? b->v[i].text.buf : "", b->v[i].text.len, b->v[i].ref, &refs);
		for (k = 0; k < refs.n; k++)
			for (j = 0; j < b->nv; j++)
				if (j != i && b->v[j].task && !explicit_own[j] &&
				    !strcmp(b->v[j].ref, refs.v[k])) {
					char why[200];
					strlist_release(&leads[j]);
					copy_list(&leads[j], &leads[i]);
					cite(why, sizeof(why), "cross-reference in", b->v[i].ref, b->v[i].text.buf);
					free(why_own[j]);
					why_own[j] = xstrdup(why);
				}
		strlist_release(&refs);
	}
	for (i = 0; i < b->nv; i++)
		nt += b->v[i].task != 0;
	n->tasks = xcalloc(nt ? nt : 1, sizeof(*n->tasks));
	/* Document order: a clause split off a node follows it. */
	for (k = 0; k < b->nv; k++) {
		if (b->v[k].split_of)
			continue;
		for (i = k;; i = (size_t)b->v[i].split_next) {
			emit_one(b, i, leads, supports, why_own);
			if (!b->v[i].split_next)
				break;
		}
	}
	for (i = 0; i < b->nv; i++) {
		strlist_release(&leads[i]);
		strlist_release(&supports[i]);
		free(why_own[i]);
	}
	free(why_own);
	free(leads);
	free(supports);
	free(explicit_own);
}

/* "Kính gửi: Sở Công Thương; Sở Tư pháp." or over the rows that follow.
 * Returns the paragraph after the block (0 when there is none). */
static size_t find_kinh_gui(struct builder *b)
{
	size_t i;
	for (i = 0; i < b->o->n && i < 40; i++) {
		const struct para *p = &b->o->p[i];
		static const char *const firsts[] = {"k"};
		const char *t = p->mk == MK_ROW && p->cells.n ? p->cells.v[0] : p->text;
		char f[31];
		if (!may_start(t, firsts, N(firsts)))
			continue;
		text_fold_into(t, strnlen(t, 30), f);
		if (strncmp(f, "kính gửi", strlen("kính gửi")))
			continue;
		{
			struct sbuf sb;
			size_t k, j;
			const char *rest = t + strlen("Kính gửi");
			sbuf_init(&sb, 1 << 16);
			while (*rest == ':' || *rest == ' ')
				rest++;
			sbuf_adds(&sb, rest);
			if (p->mk == MK_ROW)
				for (k = 1; k < p->cells.n; k++) {
					sbuf_adds(&sb, "; ");
					sbuf_adds(&sb, p->cells.v[k]);
				}
			for (j = i + 1; j < b->o->n && j < i + 20; j++) {
				const struct para *q = &b->o->p[j];
				if (q->mk == MK_ROW && q->cells.n >= 2 && !*q->cells.v[0]) {
					sbuf_adds(&sb, "; ");
					sbuf_adds(&sb, q->cells.v[1]);
				} else if (q->mk == MK_DASH && strlen(q->text) < 160) {
					sbuf_adds(&sb, "; ");
					sbuf_adds(&sb, q->text);
				} else {
					break;
				}
			}
			/* "- Sở Công Thương; - Sở Tư pháp." */
			for (k = 0; k < sb.len; k++)
				if (sb.buf[k] == '-' && (k == 0 || sb.buf[k - 1] == ' ' || sb.buf[k - 1] == ';') &&
				    k + 1 < sb.len && sb.buf[k + 1] == ' ')
					sb.buf[k] = ';';
			if (sb.len)
				owners_split_names(sb.buf, sb.len, b->units, &b->kinh_gui);
			sbuf_release(&sb);
			return j;
		}
	}
	return 0;
}

int notice_parse(const char *buf, size_t len, const struct unitdir *units,
		 struct notice **out, struct err *err)
{
	struct notice *n = NULL;
	struct outline o = {0};
	struct builder b;
	size_t textlen = 0, body = 0, i, n_splits = 0;
	struct notice_split *splits = NULL;
	char *text;
	int rc = -1;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	if (err)
		memset(err, 0, sizeof(*err));
	owners_scope_begin();
	text = text_normalize(buf, len, &textlen, err);
	if (!text)
		goto out;
	{
		/* Words run together by copying from a web page are read apart
		 * before anything looks at the words. */
		size_t splen;
		char *split = syllable_split(text, textlen, units, &splen, &splits, &n_splits);
		if (split) {
			free(text);
			text = split;
			textlen = splen;
		}
	}
	outline_build(text, textlen, &o);
	if (!o.n) {
		err_at(err, ERR_NOTEXT, 1, 0, "empty notice: no text");
		free(text);
		goto out;
	}
	n = xcalloc(1, sizeof(*n));
	n->text = text;
	n->splits = splits;
	n->n_splits = n_splits;
	splits = NULL;
	meta_extract(&o, n, &body);
	b.o = &o;
	b.units = units;
	b.n = n;
	/* A directive (Chỉ thị, Công điện) directs throughout: its numbered
	 * items are tasks even without a lead-in announcing them. */
	if (n->type && (!strcmp(n->type, "CHỈ THỊ") || !strcmp(n->type, "CÔNG ĐIỆN")))
		b.root_ctx = CTX_DIRECTIVE;
	{
		size_t kg = find_kinh_gui(&b);
		if (kg > body)
			body = kg;
	}
	build_tree(&b, body);
	split_clauses(&b);
	emit_tasks(&b);
	*out = n;
	n = NULL;
	rc = 0;
out:
	for (i = 0; i < b.nv; i++) {
		sbuf_release(&b.v[i].text);
		free(b.v[i].fold);
		if (b.v[i].own_done)
			owners_release(&b.v[i].own);
		strlist_release(&b.v[i].dflt);
		strlist_release(&b.v[i].foot_lead);
		strlist_release(&b.v[i].foot_support);
	}
	free(b.v);
	strlist_release(&b.root_dflt);
	strlist_release(&b.closing);
	strlist_release(&b.kinh_gui);
	outline_release(&o);
	syllable_splits_free(&splits, n_splits);
	notice_free(&n);
	owners_scope_end();
	return rc;
}

void notice_task_release(struct notice_task *t)
{
	size_t k;

	if (!t)
		return;
	free(t->ref);
	free(t->text);
	for (k = 0; k < t->n_owners; k++)
		free(t->owners[k]);
	free(t->owners);
	for (k = 0; k < t->n_co_owners; k++)
		free(t->co_owners[k]);
	free(t->co_owners);
	free(t->due_text);
	free(t->rrule);
	free(t->why_task);
	free(t->why_owners);
	free(t->why_due);
	memset(t, 0, sizeof(*t));
}

void notice_free(struct notice **pn)
{
	struct notice *n;
	size_t i;
	if (!pn || !*pn)
		return;
	n = *pn;
	for (i = 0; i < n->n_tasks; i++)
		notice_task_release(&n->tasks[i]);
	free(n->tasks);
	free(n->number);
	free(n->type);
	free(n->issuer);
	free(n->place);
	free(n->title);
	free(n->signer);
	free(n->presider);
	free(n->text);
	syllable_splits_free(&n->splits, n->n_splits);
	free(n);
	*pn = NULL;
}
