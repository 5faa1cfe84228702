/*
 * owners.c - the grammar of who leads a directive and who supports it.
 *
 * A unit phrase starts with a head noun ("Sở", "UBND", "Phòng", "các sở,
 * ban, ngành", a role word such as "Thủ trưởng" that is then dropped) and
 * ends where the predicate starts: a verb or adverb in lower case
 * ("khẩn trương", "chủ trì", "tham mưu"), a full stop, a colon, or a comma
 * after which no unit follows.  Capitalisation matters: in Vietnamese unit
 * names the first word is capitalised ("Sở Xây dựng"), so "Xây dựng" there
 * is a name while "xây dựng" after a unit is the predicate.
 *
 * Everything is matched on the folded text (text_fold) and cut from the
 * original at the same offsets.
 */
#include "notices/owners.h"
#include "notices/text.h"
#include "notices/unitdir.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The words a unit phrase starts with. */
static const char *const heads[] = {
	"ủy ban nhân dân", "ubnd", "ủy ban mặt trận", "ủy ban", "hđnd", "hội đồng nhân dân",
	"thường trực", "văn phòng", "thanh tra", "công an", "trung tâm", "đảng đoàn",
	"đảng ủy", "huyện ủy", "thành ủy", "tỉnh ủy", "thị ủy", "cấp ủy", "ban cán sự",
	"bộ chỉ huy", "chi cục", "cục", "kho bạc", "bảo hiểm xã hội", "liên đoàn",
	"tỉnh đoàn", "huyện đoàn", "mặt trận", "ngân hàng", "công ty", "bệnh viện",
	"sở", "phòng", "ban", "hội", "đài", "báo", "bộ", "viện", "trường", "đoàn", "tổ",
	"cơ quan", "các", "từng cơ quan", "mỗi cơ quan", "cấp huyện", "cấp xã", "cấp tỉnh",
	"chính quyền", "bưu điện", "ủy ban kiểm tra", "hiệp hội", "tập đoàn", "tổng công ty",
	"điện lực", "hợp tác xã", "thuế tỉnh", "thuế cơ sở", "cục thuế", "chi cục thuế",
	"vụ", "tổng cục", "chủ đầu tư", "nhà đầu tư", "ông", "bà",
};

/* Role words: the person, not the unit ("Thủ trưởng các sở" is "các sở"). */
static const char *const roles[] = {
	"thủ trưởng", "phó chủ tịch", "chủ tịch", "lãnh đạo", "phó giám đốc", "giám đốc",
	"người đứng đầu", "trưởng ban", "chánh văn phòng", "chánh thanh tra", "bí thư",
	"trưởng", "chánh", "đồng chí", "đại diện",
};

/* Words after "các" that make it a unit phrase ("các sở", not "các nội dung"). */
static const char *const plural_units[] = {
	"sở", "ban", "ngành", "cơ quan", "đơn vị", "địa phương", "huyện", "xã", "phường",
	"thị trấn", "thị xã", "thành phố", "tỉnh", "phòng", "cấp", "tổ chức", "đoàn thể",
	"hội", "doanh nghiệp", "trường", "bệnh viện", "thành viên", "chủ đầu tư", "ủy ban",
	"ubnd", "huyện ủy", "đảng ủy", "chi bộ", "bộ", "trung tâm", "đồng chí", "chi cục",
	"cục", "ban quản lý", "chủ tịch", "thủ trưởng", "lãnh đạo", "công ty", "nhà đầu tư",
	"cơ sở", "lực lượng", "chủ cơ sở", "thương nhân", "hộ kinh doanh", "hiệp hội",
	"tập đoàn", "tổng công ty", "hợp tác xã", "chủ hộ", "chủ rừng", "nhà trường",
};

/* Nouns that continue a list of units after a comma in lower case
 * ("các sở, ban, ngành", "các cơ quan, đơn vị, địa phương"). */
static const char *const continuations[] = {
	"ban", "ngành", "đơn vị", "địa phương", "thành phố", "thị xã", "thị trấn", "phường",
	"xã", "huyện", "tổ chức", "đoàn thể", "cá nhân", "doanh nghiệp", "cơ quan", "cấp",
	"đảng đoàn", "đảng ủy", "ban cán sự", "thành ủy", "huyện ủy", "thị ủy",
	"người đứng đầu", "chính quyền", "hội", "trường", "cơ sở", "hợp tác xã", "quận",
	"tỉnh", "ngành liên quan", "đoàn thể tỉnh", "mặt trận",
};

/* Verbs and nouns that share a first word with a head noun ("ban hành",
 * "tổ chức", "phòng chống"): no unit phrase starts with them. */
static const char *const not_heads[] = {
	"ban hành", "báo cáo", "tổ chức", "hội nghị", "trường hợp", "phòng ngừa",
	"phòng chống", "bộ phận", "đoàn kết", "cơ quan hóa", "cấp giấy", "cấp phép",
	"chính quyền điện tử", "chính quyền số",
};

/* Words that start the predicate when written in lower case. */
static const char *const predicates[] = {
	"khẩn trương", "tích cực", "chủ động", "chủ trì", "phối hợp", "tổ chức", "thực hiện",
	"triển khai", "hoàn thành", "cần", "phải", "có trách nhiệm", "chịu trách nhiệm",
	"tham mưu", "rà soát", "báo cáo", "xây dựng", "tăng cường", "đẩy mạnh", "chỉ đạo",
	"nghiên cứu", "tiếp tục", "nêu cao", "căn cứ", "được", "theo dõi", "kiểm tra",
	"quan tâm", "lãnh đạo", "đôn đốc", "nghiêm túc", "sớm", "bố trí", "thường xuyên",
	"hướng dẫn", "tập trung", "ban hành", "xem xét", "giải quyết", "cung cấp", "gửi",
	"trình", "đề xuất", "cập nhật", "xử lý", "đánh giá", "quán triệt", "phát huy",
	"lựa chọn", "chuẩn bị", "bảo đảm", "đảm bảo", "tiến hành", "thống nhất", "kịp thời",
	"nâng cao", "tuyên truyền", "giám sát", "cử", "tiếp thu", "hoàn thiện", "khắc phục",
	"sửa đổi", "bổ sung", "thẩm định", "chấn chỉnh", "cụ thể hóa", "có ý kiến", "làm",
	"tạo điều kiện", "quyết liệt", "thông báo", "biết", "để", "trong", "theo", "về",
	"đối với", "nhằm", "với", "tại", "thì", "sẽ", "đã", "đang", "vẫn", "còn", "liên hệ",
	"vận động", "tham gia", "bàn giao", "tiếp nhận", "giao", "yêu cầu", "đề nghị",
	"kết luận", "cho", "chuyển", "phổ biến", "rút kinh nghiệm", "duy trì", "ưu tiên",
	"huy động", "bám sát", "dừng", "đình chỉ", "thu hồi", "ký", "kiểm điểm", "trả lời",
	"tiếp tục", "nắm", "tự", "thành lập", "phân công", "lập", "tổng hợp", "đăng ký",
	"hỗ trợ", "nhanh chóng", "trước", "chậm nhất", "cùng", "và các nội dung",
	"là", "có", "không", "chưa", "nghiêm", "phân bổ", "cân đối", "bảo vệ", "quản lý",
	"lắp đặt", "vận hành", "đầu tư", "xác định", "đưa", "tổng kết", "sơ kết",
	"trực tiếp", "căn", "phản ánh", "nâng cấp", "khảo sát", "điều tra", "thu thập",
	"soạn thảo", "dự thảo", "lấy ý kiến", "mua sắm", "sắp xếp", "kiện toàn", "cải thiện",
	"ứng dụng", "số hóa", "kết nối", "chuyển đổi", "thanh tra", "công khai", "niêm yết",
	"bồi dưỡng", "đào tạo", "tập huấn", "nghiệm thu", "thẩm tra", "phê duyệt", "di dời",
	"giải ngân", "thanh toán", "quyết toán", "phát hành", "thực thi", "xác minh",
	"điều chỉnh", "sửa chữa", "nạo vét", "kiểm soát", "kiểm kê", "thống kê", "ngăn chặn",
	"phát hiện", "thông qua", "đăng tải", "công bố", "phát động", "biểu dương", "khen thưởng",
	"tạm", "mở", "không muộn", "năm", "giai đoạn", "tháng", "quý", "ngày", "từ",
	"định kỳ", "hằng năm", "hàng năm", "hằng tháng", "hàng tháng", "hằng quý", "hàng quý",
	"hằng tuần", "hàng tuần", "hằng ngày", "hàng ngày", "đột xuất",
	"đẩy nhanh", "hoàn tất", "phấn đấu", "nộp", "nhận được", "bồi thường",
};

/* The ministries and central agencies whose names hold verbs, function
 * words or commas ("Bộ Ngoại giao", "Bộ Giao thông vận tải", "Bộ Văn hóa,
 * Thể thao và Du lịch"): a letter from the Government Office names them
 * whatever the directory holds, and they are read whole before any verb is
 * looked for inside them.  The others are listed so that "các Bộ: Công an,
 * ..." gives "Bộ Công an".  Folded; dash variants are spelt out. */
static const char *const national[] = {
	"bộ ngoại giao", "bộ giao thông vận tải", "bộ kế hoạch và đầu tư",
	"bộ tài nguyên và môi trường", "bộ nông nghiệp và phát triển nông thôn",
	"bộ nông nghiệp và môi trường", "bộ khoa học và công nghệ", "bộ thông tin và truyền thông",
	"bộ giáo dục và đào tạo", "bộ văn hóa, thể thao và du lịch", "bộ văn hóa - thể thao và du lịch",
	"bộ lao động - thương binh và xã hội", "bộ lao động, thương binh và xã hội",
	"bộ lao động – thương binh và xã hội", "bộ dân tộc và tôn giáo", "bộ công thương",
	"bộ xây dựng", "bộ công an", "bộ quốc phòng", "bộ nội vụ", "bộ tư pháp", "bộ tài chính",
	"bộ y tế", "ủy ban dân tộc", "thanh tra chính phủ", "ngân hàng nhà nước việt nam",
	"kiểm toán nhà nước", "bảo hiểm xã hội việt nam", "đài truyền hình việt nam",
	"thông tấn xã việt nam", "ủy ban quản lý vốn nhà nước tại doanh nghiệp",
	"ban quản lý lăng chủ tịch hồ chí minh",
};

/* Head nouns after which a predicate word is still part of the name
 * ("Ban Chỉ đạo", "Tổ công tác", "Hội đồng thẩm định"), with their
 * lengths: they are looked for before every predicate word. */
#define W(w) {w, sizeof(w) - 1}
static const struct { const char *w; size_t l; } name_heads[] = {
	W("sở"), W("ban"), W("phòng"), W("tổ"), W("đoàn"), W("hội đồng"), W("trung tâm"), W("cục"),
	W("chi cục"), W("viện"), W("văn phòng"), W("các"), W("ban quản lý"), W("chủ"), W("nhà"),
};
#undef W

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The lists are searched at every word of a phrase, so each gets an index,
 * built once per process (under pthread_once(), as parsers may run in
 * several threads, by every public function before it looks at a word:
 * memo_start() does it): its positions grouped by their first three bytes,
 * in list order within a group.  starts_any() then looks only at the words
 * that can match and still finds the first one in list order.  Three bytes,
 * not one: a single letter starts too many of the words ("t", "đ" lead forty
 * predicates), the first three nearly tell them apart, and every word is at
 * least that long (one letter and a vowel with its mark).
 */
#define INDEX_MAX 256
#define INDEX_GROUPS 1024

struct word_index {
	const char *const *list;
	size_t n;
	unsigned short at[INDEX_GROUPS + 1]; /* group g: pos[at[g] .. at[g + 1]) */
	unsigned short pos[INDEX_MAX];
	/* For pos[p]: the word's first four bytes (fewer for a shorter word,
	 * zero after) as read by load4(), and the mask of those bytes, so
	 * that most words are told apart with one compare ("đã", "đang",
	 * "đề nghị" share their first two bytes). */
	uint32_t pre[INDEX_MAX], mask[INDEX_MAX];
};

_Static_assert(N(heads) <= INDEX_MAX && N(roles) <= INDEX_MAX && N(plural_units) <= INDEX_MAX &&
	       N(continuations) <= INDEX_MAX && N(predicates) <= INDEX_MAX && N(national) <= INDEX_MAX &&
	       N(not_heads) <= INDEX_MAX,
	       "a word list outgrew its index");

static struct word_index ix_heads = {heads, N(heads), {0}, {0}, {0}, {0}};
static struct word_index ix_roles = {roles, N(roles), {0}, {0}, {0}, {0}};
static struct word_index ix_plural_units = {plural_units, N(plural_units), {0}, {0}, {0}, {0}};
static struct word_index ix_continuations = {continuations, N(continuations), {0}, {0}, {0}, {0}};
static struct word_index ix_predicates = {predicates, N(predicates), {0}, {0}, {0}, {0}};
static struct word_index ix_national = {national, N(national), {0}, {0}, {0}, {0}};
static struct word_index ix_not_heads = {not_heads, N(not_heads), {0}, {0}, {0}, {0}};
static pthread_once_t ix_once = PTHREAD_ONCE_INIT;

/* The group of a word, or of the text, starting with the three bytes at w. */
static unsigned group3(const char *w)
{
	uint32_t v = (uint32_t)(unsigned char)w[0] | (uint32_t)(unsigned char)w[1] << 8 |
		     (uint32_t)(unsigned char)w[2] << 16;
	return (v * 2654435761u) >> 22; /* 0 .. INDEX_GROUPS - 1 */
}

/* A counting sort by group, which keeps list order within a group. */
static void index_build(struct word_index *x)
{
	size_t k, b, fill[INDEX_GROUPS];
	for (k = 0; k < x->n; k++) {
		if (strnlen(x->list[k], 3) < 3)
			abort(); /* a word too short to have a group */
		x->at[group3(x->list[k]) + 1]++;
	}
	for (b = 1; b <= INDEX_GROUPS; b++)
		x->at[b] = (unsigned short)(x->at[b] + x->at[b - 1]);
	for (b = 0; b < INDEX_GROUPS; b++)
		fill[b] = x->at[b];
	for (k = 0; k < x->n; k++)
		x->pos[fill[group3(x->list[k])]++] = (unsigned short)k;
	for (k = 0; k < x->n; k++) {
		const char *w = x->list[x->pos[k]];
		size_t l = strnlen(w, 4);
		unsigned char pre[4] = {0, 0, 0, 0}, m[4] = {0, 0, 0, 0};
		memcpy(pre, w, l);
		memset(m, 0xFF, l);
		memcpy(&x->pre[k], pre, 4);
		memcpy(&x->mask[k], m, 4);
	}
}

/* The four bytes at f[i] as a word_index's pre[] holds them, zeros past n. */
static uint32_t load4(const char *f, size_t n, size_t i)
{
	unsigned char b[4] = {0, 0, 0, 0};
	uint32_t v;
	memcpy(b, f + i, n - i < 4 ? n - i : 4);
	memcpy(&v, b, 4);
	return v;
}

static void indexes_build(void)
{
	index_build(&ix_heads);
	index_build(&ix_roles);
	index_build(&ix_plural_units);
	index_build(&ix_continuations);
	index_build(&ix_predicates);
	index_build(&ix_national);
	index_build(&ix_not_heads);
}

/*
 * Whether a word of the indexed list starts at f[i], followed by a word
 * boundary (text_starts_word()); *len gets the length of the first such
 * word in list order.
 */
static int starts_any(const char *f, size_t n, size_t i, const struct word_index *x,
		      size_t *len)
{
	size_t p, e, j;
	unsigned g;
	uint32_t t;
	if (i + 3 > n)
		return 0;
	g = group3(f + i);
	p = x->at[g];
	e = x->at[g + 1];
	if (p == e)
		return 0;
	t = load4(f, n, i);
	for (; p < e; p++) {
		const char *w;
		if ((t & x->mask[p]) != x->pre[p])
			continue;
		w = x->list[x->pos[p]];
		for (j = 1; w[j] && i + j < n && w[j] == f[i + j]; j++)
			;
		if (w[j] || (i + j < n && text_is_alnum(f + i + j)))
			continue;
		if (len)
			*len = j;
		return 1;
	}
	return 0;
}

static size_t skip_sp(const char *f, size_t n, size_t i)
{
	while (i < n && f[i] == ' ')
		i++;
	return i;
}

/*
 * The same spans are looked up in the directory again and again: the test
 * for a predicate in phrase_end() retries every segment of the phrase at
 * each lower-case word, and a notice names the same units in task after
 * task.  Lookups are remembered twice, per thread:
 *
 * - for the length of one public call, keyed by the span's address and
 *   length in the caller's text, which does not change during the call;
 *   each call starts a new generation, so nothing carries over to another
 *   text;
 * - for the length of one notice (owners_scope_begin() to
 *   owners_scope_end(), around notice_parse()), keyed by the directory and
 *   the span's folded bytes: the directory does not change while a notice
 *   is parsed, and a lookup depends on nothing else (a unit's key is made
 *   from the folded name, so "Các sở" and "các sở" are one lookup).  Outside a scope this
 *   memo lasts one call too.  The spellings add_name() asks for and the
 *   keys names are compared by are kept the same way.
 */
#define MEMO_SLOTS 1024

struct memo_slot {
	const char *p;
	size_t len;
	unsigned long long gen;
	int st;
};

static _Thread_local struct memo_slot memo[MEMO_SLOTS];
static _Thread_local unsigned long long memo_gen;

#define SPAN_SLOTS 512
#define SPAN_MAX 56

struct span_slot {
	const struct unitdir *units;
	unsigned long long gen;
	size_t len;
	int st;
	char span[SPAN_MAX];
};

#define SPELL_SLOTS 64
#define SPELL_MAX 160

struct spell_slot {
	const struct unitdir *units;
	unsigned long long gen;
	char name[SPELL_MAX];
	char spelt[SPELL_MAX];
};

static _Thread_local struct span_slot span_memo[SPAN_SLOTS];
static _Thread_local struct spell_slot spell_memo[SPELL_SLOTS];
static _Thread_local unsigned long long scope_gen;
static _Thread_local int in_scope;

static void memo_start(void)
{
	pthread_once(&ix_once, indexes_build);
	memo_gen++;
	if (!in_scope)
		scope_gen++;
}

void owners_scope_begin(void)
{
	scope_gen++;
	in_scope = 1;
}

void owners_scope_end(void)
{
	in_scope = 0;
	scope_gen++;
}

static int lookup_span(const struct unitdir *units, const char *p, size_t len)
{
	struct span_slot *m;
	if (len >= SPAN_MAX)
		return unitdir_lookup_prefix_folded(units, p, len);
	m = &span_memo[fnv1a32(p, len) % SPAN_SLOTS];
	if (m->gen == scope_gen && m->units == units && m->len == len && !memcmp(m->span, p, len))
		return m->st;
	m->units = units;
	m->gen = scope_gen;
	m->len = len;
	memcpy(m->span, p, len);
	m->st = unitdir_lookup_prefix_folded(units, p, len);
	return m->st;
}

static int lookup_prefix(const struct unitdir *units, const char *p, size_t len)
{
	struct memo_slot *m = &memo[((uintptr_t)p * 7 + len) % MEMO_SLOTS];
	if (m->gen == memo_gen && m->p == p && m->len == len)
		return m->st;
	m->p = p;
	m->len = len;
	m->gen = memo_gen;
	m->st = lookup_span(units, p, len);
	return m->st;
}

/* unitdir_spell() of name, remembered as lookup_span() remembers.  Caller
 * frees. */
static char *spell(const struct unitdir *units, const char *name)
{
	size_t nl = strlen(name), sl;
	struct spell_slot *m;
	char *spelt;
	if (nl >= SPELL_MAX)
		return unitdir_spell(units, name);
	m = &spell_memo[fnv1a32(name, nl) % SPELL_SLOTS];
	if (m->gen == scope_gen && m->units == units && !strcmp(m->name, name))
		return xstrdup(m->spelt);
	spelt = unitdir_spell(units, name);
	sl = strlen(spelt);
	if (sl < SPELL_MAX) {
		m->units = units;
		m->gen = scope_gen;
		memcpy(m->name, name, nl + 1);
		memcpy(m->spelt, spelt, sl + 1);
	}
	return spelt;
}

/* Bytes that end a name's first word as dir_match() reads it (1), and
 * those that also end any word of it (2): tables, as it runs at every word
 * the grammar tries. */
static const unsigned char name_stop[256] = {
	[' '] = 3, [','] = 3, [';'] = 3, ['.'] = 3, [':'] = 3, ['('] = 3, ['&'] = 1, ['-'] = 1,
};

/*
 * The length of the longest run of words at offset i that the directory
 * knows as a unit or alias ("SNV", "Sở KH&ĐT"), or 0.  Names are at most a
 * dozen words long.
 */
static size_t dir_match(const struct unitdir *units, const char *orig, const char *f, size_t n,
			size_t i)
{
	size_t e = i, best = 0;
	int words = 0;
	if (!units)
		return 0;
	/* The folded first word rules out most positions at once. */
	while (e < n && !(name_stop[(unsigned char)f[e]] & 1))
		e++;
	if (!unitdir_first_word(units, f + i, e - i))
		return 0;
	e = i;
	while (e < n && words < 12) {
		int st;
		while (e < n && !(name_stop[(unsigned char)orig[e]] & 2))
			e++;
		words++;
		st = lookup_prefix(units, f + i, e - i);
		if (st == UNITDIR_EXACT)
			best = e - i;
		/* No name goes on from here: stop growing. */
		if (st == UNITDIR_NONE || e >= n)
			break;
		/* "Sở Văn hóa, Thể thao và Du lịch": a comma inside a name. */
		if (orig[e] == ',' && e + 1 < n && orig[e + 1] == ' ' && st == UNITDIR_PREFIX) {
			e += 2;
			continue;
		}
		if (orig[e] != ' ')
			break;
		e++;
	}
	return best;
}

/*
 * Whether a unit phrase starts at offset i.  `orig` gives capitalisation:
 * for splitting a list, ambiguous heads ("ban", "sở", "tổ") must be
 * capitalised to start a new unit, since "các sở, ban, ngành" is one.
 */
static int head_at(const struct unitdir *units, const char *orig, const char *f, size_t n, size_t i, int strict)
{
	size_t l = 0;
	if (i >= n)
		return 0;
	if (dir_match(units, orig, f, n, i))
		return 1;
	if (starts_any(f, n, i, &ix_not_heads, NULL) || !strncmp(f + i, "phòng,", 7))
		return 0;
	if (starts_any(f, n, i, &ix_roles, &l)) {
		size_t j = skip_sp(f, n, i + l);
		/* "Chủ tịch UBND ..." is a unit once the role is dropped; a
		 * bare "Chủ tịch" (the speaker) is not. */
		return j < n && head_at(units, orig, f, n, j, 0);
	}
	if (!starts_any(f, n, i, &ix_heads, &l))
		return 0;
	/* "Vụ Pháp chế" but "vụ việc"; "Ông Nguyễn Văn A", a person the
	 * text assigns work to, but "ông" before a lower-case word. */
	if ((f[i] == 'v' && text_starts_word(f + i, n - i, "vụ")) ||
	    ((f[i] == 'b' || (unsigned char)f[i] == 0xC3) &&
	     (text_starts_word(f + i, n - i, "ông") || text_starts_word(f + i, n - i, "bà")))) {
		size_t j = skip_sp(f, n, i + l);
		return text_is_upper(orig + i) && j < n && text_is_upper(orig + j);
	}
	/* "Chủ đầu tư dự án Khu đô thị ...", "Nhà đầu tư Công ty ...": a
	 * project's owner named; a bare "chủ đầu tư" points back to one. */
	if ((f[i] == 'c' || f[i] == 'n') &&
	    (text_starts_word(f + i, n - i, "chủ đầu tư") || text_starts_word(f + i, n - i, "nhà đầu tư"))) {
		size_t j = skip_sp(f, n, i + l);
		return j < n && (text_starts_word(f + j, n - j, "dự án") || text_is_upper(orig + j));
	}
	if (text_starts_word(f + i, n - i, "các")) {
		size_t j = skip_sp(f, n, i + l);
		return starts_any(f, n, j, &ix_plural_units, NULL) ||
		       head_at(units, orig, f, n, j, 0);
	}
	if (strict && !text_starts_word(f + i, n - i, "ubnd") &&
	    !text_starts_word(f + i, n - i, "ủy ban nhân dân") &&
	    !text_starts_word(f + i, n - i, "hđnd") && !text_is_upper(orig + i))
		return 0;
	/* "Sở", "Phòng", "Ban" alone at the end is no unit; "Thuế tỉnh",
	 * "Công an" whole are. */
	return i + l < n || memchr(f + i, ' ', l) != NULL;
}

/* Whether a predicate starts at offset i (a lower-case verb not right after
 * a head noun, which would make it part of a name). */
static int predicate_at(const char *orig, const char *f, size_t n, size_t i, size_t phrase_start)
{
	size_t l;
	if (!starts_any(f, n, i, &ix_predicates, &l))
		return 0;
	if (text_is_upper(orig + i))
		return 0;
	/* "Ban Quản lý dự án giao thông", "Bộ Giao thông vận tải", "Bộ Ngoại
	 * giao": nouns. */
	if (text_starts_word(f + i, n - i, "giao thông") || text_starts_word(f + i, n - i, "giao dịch") ||
	    (text_starts_word(f + i, n - i, "giao") && i >= phrase_start + strlen("ngoại ") &&
	     !memcmp(f + i - strlen("ngoại "), "ngoại ", strlen("ngoại "))))
		return 0;
	/* "các cơ quan quản lý theo lĩnh vực": a noun. */
	if (f[i] == 'q' && text_starts_word(f + i, n - i, "quản lý") && i >= phrase_start + strlen("cơ quan ") &&
	    !memcmp(f + i - strlen("cơ quan "), "cơ quan ", strlen("cơ quan ")))
		return 0;
	/* "đơn vị sự nghiệp công lập": a noun. */
	if (f[i] == 'l' && text_starts_word(f + i, n - i, "lập") && i >= phrase_start + strlen("công ") &&
	    !memcmp(f + i - strlen("công "), "công ", strlen("công ")))
		return 0;
	/* "tổ chức đảng", "tổ chức chính trị - xã hội", "các tổ chức": nouns. */
	if (text_starts_word(f + i, n - i, "tổ chức")) {
		size_t j = skip_sp(f, n, i + strlen("tổ chức"));
		if (text_starts_word(f + j, n - j, "đảng") || text_starts_word(f + j, n - j, "chính trị") ||
		    (text_starts_word(f + j, n - j, "hội") && !text_starts_word(f + j, n - j, "hội nghị")) || text_starts_word(f + j, n - j, "xã hội") ||
		    (j < n && f[j] == ','))
			return 0;
	}
	/* "được giao" inside "các đơn vị được giao nhiệm vụ" keeps going
	 * only up to the enumeration; callers handle that case. */
	if (i > phrase_start) {
		size_t b = i;
		size_t k;
		while (b > phrase_start && f[b - 1] == ' ')
			b--;
		for (k = 0; k < N(name_heads); k++) {
			size_t hl = name_heads[k].l;
			if (b >= phrase_start + hl && f[b - 1] == name_heads[k].w[hl - 1] &&
			    !memcmp(f + b - hl, name_heads[k].w, hl) &&
			    (b - hl == phrase_start || f[b - hl - 1] == ' '))
				return 0;
		}
	}
	return 1;
}

static const struct { const char *w, *prefix; } shared_heads[] = {
	{"các sở", "Sở "}, {"các phòng", "Phòng "}, {"các ban", "Ban "},
	{"các bộ, ngành", "Bộ "}, {"các bộ", "Bộ "},
	{"ubnd các huyện", "UBND huyện "}, {"ubnd các xã", "UBND xã "}, {"ubnd các phường", "UBND phường "},
	{"ủy ban nhân dân các huyện", "UBND huyện "}, {"ủy ban nhân dân các xã", "UBND xã "},
	{"ủy ban nhân dân các phường", "UBND phường "},
	{"các huyện", "huyện "}, {"gồm", NULL}, {"các đơn vị", NULL}, {"các cơ quan", NULL},
};

/* Whether [start, colon) ends with a shared head that a colon enumerates,
 * the head opening the phrase or a unit of it: "các sở: Nội vụ, Tư pháp",
 * "các sở, ngành liên quan và UBND các phường: Yên Bái, Văn Phú". */
static int enumeration_head(const char *f, size_t start, size_t colon)
{
	size_t k, e = colon, wl, b;
	while (e > start && f[e - 1] == ' ')
		e--;
	for (k = 0; k < N(shared_heads); k++) {
		wl = strlen(shared_heads[k].w);
		if (wl > e - start || memcmp(f + e - wl, shared_heads[k].w, wl))
			continue;
		if ((b = e - wl) == start)
			return 1;
		while (b > start && f[b - 1] == ' ')
			b--;
		if (b > start && (f[b - 1] == ',' || f[b - 1] == ';'))
			return 1;
		if (b >= start + strlen("và") && !memcmp(f + b - strlen("và"), "và", strlen("và")) &&
		    (b - strlen("và") == start || f[b - strlen("và") - 1] == ' '))
			return 1;
	}
	return 0;
}

/* Whether a shared head that a colon enumerates opens f + i. */
static int enumeration_at(const char *f, size_t n, size_t i)
{
	size_t k, j;
	for (k = 0; k < N(shared_heads); k++)
		if (shared_heads[k].prefix && text_starts_word(f + i, n - i, shared_heads[k].w)) {
			j = skip_sp(f, n, i + strlen(shared_heads[k].w));
			return j < n && f[j] == ':';
		}
	return 0;
}

static int head_at(const struct unitdir *units, const char *orig, const char *f, size_t n, size_t i, int strict);
static size_t strip_roles(const char *f, size_t n, size_t i);

/* "UBND các huyện Ngọc Lĩnh, Kim Xuyên": a plural head then proper names. */
static int shared_proper_names(const struct unitdir *units, const char *orig, const char *f, size_t n, size_t start)
{
	size_t k, j;
	for (k = 0; k < N(shared_heads); k++)
		if (shared_heads[k].prefix && text_starts_word(f + start, n - start, shared_heads[k].w)) {
			j = skip_sp(f, n, start + strlen(shared_heads[k].w));
			return j < n && text_is_upper(orig + j) && !head_at(units, orig, f, n, j, 0);
		}
	return 0;
}

/* Whether the words at i narrow the units named before them to some of
 * them ("các sở, ngành liên quan", "các đơn vị thuộc tỉnh"): still the name. */
static int narrows(const char *f, size_t n, size_t i)
{
	return text_starts_word(f + i, n - i, "liên quan") || text_starts_word(f + i, n - i, "có liên quan") ||
	       text_starts_word(f + i, n - i, "thuộc") || text_starts_word(f + i, n - i, "trực thuộc");
}

/* The start of the word that ends just before offset e (spaces skipped). */
static size_t word_before(const char *f, size_t start, size_t e)
{
	while (e > start && f[e - 1] == ' ')
		e--;
	while (e > start && f[e - 1] != ' ')
		e--;
	return e;
}

/*
 * Whether the words before offset i close a unit name with its locality:
 * "Ủy ban nhân dân huyện", "Ban Tuyên giáo Tỉnh ủy", "Trung tâm Y tế huyện
 * Tân Lập" (a place name, capitalised, may follow).  A unit name ends there,
 * so a lower-case word after it starts the predicate ("... huyện nhận được",
 * "... Tỉnh ủy định hướng").  "các huyện", "cấp huyện" are plural or a level,
 * not a locality, and lists go on after them.
 */
static int after_locality(const char *orig, const char *f, size_t start, size_t i)
{
	size_t w, k;
	/* Only the list segment the word is in. */
	for (w = i; w > start && f[w - 1] != ',' && f[w - 1] != ';'; w--)
		;
	start = w;
	w = word_before(f, start, i);
	for (k = 0; k < 4 && w > start && text_is_upper(orig + w); k++)
		w = word_before(f, start, w);
	if (w > start && text_starts_word(f + w, i - w, "ủy"))
		w = word_before(f, start, w);
	if (!(text_starts_word(f + w, i - w, "tỉnh") || text_starts_word(f + w, i - w, "huyện")) ||
	    w == start)
		return 0;
	k = word_before(f, start, w);
	return !(text_starts_word(f + k, w - k, "các") || text_starts_word(f + k, w - k, "cấp") ||
		 text_starts_word(f + k, w - k, "toàn"));
}

/* Boards ("ban") whose names carry a topic that may hold verbs: "Ban Quản lý
 * dự án đầu tư xây dựng công trình giao thông tỉnh", "Ban Chỉ đạo phòng,
 * chống thiên tai và tìm kiếm cứu nạn tỉnh". */
static const char *const boards[] = {"ban chỉ đạo", "ban quản lý", "ban chỉ huy"};

/* Words that end a board's topic before any locality: the predicate has begun. */
static const char *const topic_stops[] = {
	"chủ trì", "phối hợp", "khẩn trương", "có trách nhiệm", "chịu trách nhiệm", "tham mưu",
	"giao", "đề nghị", "yêu cầu", "của", "cho", "với", "trên", "tại", "theo", "để", "đã",
	"được", "đang", "sẽ", "cần", "phải", "thường xuyên", "định kỳ", "tiếp tục", "chỉ đạo",
	"hướng dẫn", "báo cáo", "đôn đốc", "theo dõi", "kiểm tra", "rà soát", "tăng cường",
	"đẩy nhanh", "hoàn thành", "hoàn thiện", "tập trung", "chủ động", "lập", "trình", "gửi",
	"tổng hợp", "là", "có", "không", "trong",
};

/*
 * "Ban Chỉ đạo quốc gia về phòng, chống dịch": a topic after "về" is part
 * of the name up to the predicate.  Returns where the name ends, e when no
 * "về" follows it.
 */
static size_t topic_after(const char *f, size_t n, size_t e)
{
	size_t j = skip_sp(f, n, e), end = e, k;
	if (!text_starts_word(f + j, n - j, "về"))
		return e;
	j = skip_sp(f, n, j + strlen("về"));
	while (j < n && !strchr(".:;(\n\"", f[j])) {
		if (f[j] == ',') {
			size_t w = word_before(f, e, j), nx = skip_sp(f, n, j + 1);
			if (!text_starts_word(f + w, j - w, "phòng") || !text_starts_word(f + nx, n - nx, "chống"))
				break;
			j = nx;
			continue;
		}
		if (starts_any(f, n, j, &ix_predicates, NULL))
			break;
		for (k = 0; k < N(topic_stops); k++)
			if (text_starts_word(f + j, n - j, topic_stops[k]))
				return end;
		while (j < n && f[j] != ' ' && f[j] != ',')
			j++;
		end = j;
		j = skip_sp(f, n, j);
	}
	return end;
}

/*
 * Where a board's name ends when it runs to a locality ("... tỉnh",
 * "... huyện Tân Lập", "... quốc gia") within a dozen words that hold no
 * predicate: the words up to there are its topic, verbs included.  Returns
 * the offset past the name, or 0 when the text at i is no such board.
 */
static size_t board_end(const char *orig, const char *f, size_t n, size_t i)
{
	size_t k, j, words = 0;
	for (k = 0; k < N(boards); k++)
		if (text_starts_word(f + i, n - i, boards[k]))
			break;
	if (k == N(boards))
		return 0;
	j = skip_sp(f, n, i + strlen(boards[k]));
	while (j < n && words < 14) {
		size_t e;
		if (strchr(".:;(\n\"", f[j]))
			return 0;
		if (f[j] == ',') {
			/* "phòng, chống": one topic. */
			size_t w = word_before(f, i, j), nx = skip_sp(f, n, j + 1);
			if (!text_starts_word(f + w, j - w, "phòng") || !text_starts_word(f + nx, n - nx, "chống"))
				return 0;
			j = nx;
			continue;
		}
		/* Nouns whose second word is also a verb. */
		if (text_starts_word(f + j, n - j, "giao thông") || text_starts_word(f + j, n - j, "công trình")) {
			j = skip_sp(f, n, j + strcspn(f + j, " ") + 1);
			j = skip_sp(f, n, j + strcspn(f + j, " ,.;:("));
			words += 2;
			continue;
		}
		for (k = 0; k < N(topic_stops); k++)
			if (text_starts_word(f + j, n - j, topic_stops[k]))
				return 0;
		if (text_starts_word(f + j, n - j, "tỉnh") || text_starts_word(f + j, n - j, "huyện") ||
		    text_starts_word(f + j, n - j, "quốc gia") || text_starts_word(f + j, n - j, "trung ương") ||
		    text_starts_word(f + j, n - j, "thành phố")) {
			size_t w = word_before(f, i, j);
			if (text_starts_word(f + w, j - w, "các") || text_starts_word(f + w, j - w, "cấp"))
				return 0;
			e = j;
			while (e < n && f[e] != ' ' && f[e] != ',' && f[e] != '.')
				e++;
			if (text_starts_word(f + j, n - j, "quốc gia") || text_starts_word(f + j, n - j, "trung ương") ||
			    text_starts_word(f + j, n - j, "thành phố"))
				e = skip_sp(f, n, e), e += strcspn(f + e, " ,.");
			/* The place name after the locality, capitalised. */
			for (;;) {
				size_t nx = skip_sp(f, n, e), ne = nx;
				if (nx >= n || !text_is_upper(orig + nx))
					break;
				while (ne < n && f[ne] != ' ' && f[ne] != ',' && f[ne] != '.')
					ne++;
				e = ne;
			}
			return topic_after(f, n, e);
		}
		while (j < n && f[j] != ' ' && f[j] != ',')
			j++;
		j = skip_sp(f, n, j);
		words++;
	}
	return 0;
}

/*
 * A name read whole at the start of a unit phrase or of a list segment:
 * one the directory knows, a ministry's, or a board's with its topic.
 * Returns its length, or 0.
 */
static size_t whole_name(const struct unitdir *units, const char *orig, const char *f, size_t n, size_t i)
{
	size_t l = 0, m;
	i = strip_roles(f, n, i);
	if (starts_any(f, n, i, &ix_national, &l))
		return l ? (i + l) : 0;
	m = dir_match(units, orig, f, n, i);
	if (f[i] == 'b' && (l = board_end(orig, f, n, i)) > i + m)
		return l;
	return m ? i + m : 0;
}

/*
 * The end of the unit phrase that starts at `start`: the first predicate,
 * full stop, colon, bracket, or a comma not followed by another unit.
 */
static size_t phrase_end(const struct unitdir *units, const char *orig, const char *f, size_t n, size_t start)
{
	size_t i = start, r0 = strip_roles(f, n, start);
	int at_word = 1, seg = 1, in_enum = shared_proper_names(units, orig, f, n, r0);
	/* "Ông Nguyễn Văn A": a person's name ends at the first lower-case word. */
	int person = text_starts_word(f + r0, n - r0, "ông") || text_starts_word(f + r0, n - r0, "bà");
	while (i < n) {
		char c = f[i];
		if (person && at_word && i > r0 && text_is_lower(orig + i))
			break;
		if (seg) {
			/* Names read whole before any verb is looked for in them. */
			size_t w = whole_name(units, orig, f, n, i);
			seg = 0;
			if (w > i) {
				i = w;
				at_word = 0;
				continue;
			}
		}
		if (c == ':' && enumeration_head(f, start, i)) {
			i++;
			at_word = 1;
			in_enum = 1;
			continue;
		}
		if (c == '.' || c == ':' || c == '(' || c == '!' || c == '?' || c == '"' || c == '\n')
			break;
		if (c == ',' || c == ';') {
			size_t j = skip_sp(f, n, i + 1);
			if (c == ',' && !in_enum && !head_at(units, orig, f, n, j, 0) &&
			    !starts_any(f, n, j, &ix_continuations, NULL))
				break;
			i = j;
			at_word = 1;
			seg = 1;
			continue;
		}
		if (c == ' ') {
			i++;
			at_word = 1;
			continue;
		}
		if (at_word && i > start && predicate_at(orig, f, n, i, start))
			break;
		if (at_word && i > start && text_is_lower(orig + i) && !text_starts_word(f + i, n - i, "và") &&
		    !text_starts_word(f + i, n - i, "ủy") && !narrows(f, n, i) && after_locality(orig, f, start, i))
			break;
		/* After a name the directory knows, a lower-case word that does
		 * not continue a list starts the predicate ("Văn phòng UBND tỉnh
		 * nâng cấp ..."). */
		if (at_word && i > start && units && text_is_lower(orig + i) &&
		    !text_starts_word(f + i, n - i, "và") && !narrows(f, n, i) &&
		    !starts_any(f, n, i, &ix_continuations, NULL)) {
			size_t s0 = start, m;
			while (s0 < i) {
				m = dir_match(units, orig, f, i, s0);
				/* ... unless a longer known name goes on past it. */
				if (m && s0 + m + 1 >= i && s0 + m <= i &&
				    dir_match(units, orig, f, n, s0) <= m)
					goto done;
				while (s0 < i && f[s0] != ',' && f[s0] != ';')
					s0++;
				while (s0 < i && (f[s0] == ',' || f[s0] == ';' || f[s0] == ' '))
					s0++;
				if (text_starts_word(f + s0, i - s0, "và"))
					s0 = skip_sp(f, i, s0 + strlen("và"));
			}
		}
		at_word = 0;
		i += utf8_len(f + i);
	}
done:
	while (i > start && (f[i - 1] == ' ' || f[i - 1] == ',' || f[i - 1] == ';'))
		i--;
	return i;
}

/* Drops role words at the start of a name ("Thủ trưởng", "Chủ tịch"). */
static size_t strip_roles(const char *f, size_t n, size_t i)
{
	size_t l;
	int again = 1;
	while (again) {
		again = 0;
		if (starts_any(f, n, i, &ix_roles, &l)) {
			size_t j = skip_sp(f, n, i + l);
			if (j < n) {
				i = j;
				again = 1;
			}
		}
	}
	return i;
}

/* text_unit_key() of the names owners compares, remembered as
 * lookup_span() remembers (a key depends on nothing but the name). */
#define KEY_SLOTS 128
#define KEY_NAME_MAX 120
#define KEY_MAX 256

struct key_slot {
	unsigned long long gen;
	char name[KEY_NAME_MAX];
	char key[KEY_MAX];
};

static _Thread_local struct key_slot key_memo[KEY_SLOTS];

/* The key of name, in buf (cap bytes) or in *heap (caller frees). */
static const char *unit_key(const char *name, char *buf, size_t cap, char **heap)
{
	size_t nl = strlen(name), kl;
	struct key_slot *m = NULL;
	const char *k;
	*heap = NULL;
	if (nl < KEY_NAME_MAX) {
		m = &key_memo[fnv1a32(name, nl) % KEY_SLOTS];
		if (m->gen == scope_gen && !strcmp(m->name, name) && (kl = strlen(m->key)) < cap) {
			memcpy(buf, m->key, kl + 1);
			return buf;
		}
	}
	k = text_unit_key_buf(name, nl, buf, cap, heap, &kl);
	if (m && kl < KEY_MAX) {
		m->gen = scope_gen;
		memcpy(m->name, name, nl + 1);
		memcpy(m->key, k, kl + 1);
	}
	return k;
}

/* Whether a names the unit whose text_unit_key() is kb. */
static int is_unit_key(const char *a, const char *kb)
{
	char ba[512], *ha;
	const char *ka = unit_key(a, ba, sizeof(ba), &ha);
	int r = !strcmp(ka, kb);
	free(ha);
	return r;
}

/* Appends name to out unless a name of the same unit is there: the key of
 * the new name is made once, not once per name it is compared with. */
static void add_unique_unit(struct strlist *out, const char *name)
{
	char bn[512], *hn = NULL;
	const char *kn;
	size_t i = 0;
	if (out->n) {
		kn = unit_key(name, bn, sizeof(bn), &hn);
		while (i < out->n && !is_unit_key(out->v[i], kn))
			i++;
	}
	if (i == out->n)
		strlist_add(out, name);
	free(hn);
}

/* Adds one cleaned, capitalised, canonical name. */
static void add_name(const char *orig, size_t s, size_t e, const char *prefix,
		     const struct unitdir *units, struct strlist *out)
{
	struct sbuf sb;
	char *name, *spelt;
	size_t len = e - s;
	const char *p = text_trim(orig + s, &len);

	/* Trailing punctuation, byte by byte for ASCII and whole for the
	 * dash: a multi-byte letter must never lose its last byte. */
	for (;;) {
		if (len && strchr(" ,;.:-", p[len - 1]) && p[len - 1])
			len--;
		else if (len >= 3 && !memcmp(p + len - 3, "–", 3))
			len -= 3;
		else
			break;
	}
	if (!len)
		return;
	sbuf_init(&sb, 4096);
	if (prefix)
		sbuf_adds(&sb, prefix);
	sbuf_add(&sb, p, len);
	name = sbuf_detach(&sb);
	if (strlen(name) > 200) {
		free(name);
		return;
	}
	spelt = spell(units, name);
	free(name);
	name = spelt;
	text_capitalize(name);
	add_unique_unit(out, name);
	free(name);
}

/* Whether the directory knows prefix + orig[a, e). */
static int known_with_prefix(const struct unitdir *units, const char *prefix, const char *orig,
			     size_t a, size_t e)
{
	char *name = xasprintf("%s%.*s", prefix ? prefix : "", (int)(e - a), orig + a);
	int r = unitdir_find(units, name) != NULL;
	free(name);
	return r;
}

/*
 * One item of an enumeration.  "Thông tin và Truyền thông" is one
 * department and "Tư pháp và Tài chính" two: only the directory can tell,
 * so an item is split at its last "và" when both halves are known units and
 * the whole is not.
 */
static void add_enum_item(const char *orig, const char *f, size_t a, size_t e, const char *pre,
			  const struct unitdir *units, struct strlist *out)
{
	size_t k, cut = 0;
	for (k = a; k + 5 < e; k++)
		if (f[k] == ' ' && text_starts_word(f + k + 1, e - k - 1, "và"))
			cut = k;
	if (cut && units && !known_with_prefix(units, pre, orig, a, e)) {
		size_t r = cut + 1 + strlen("và");
		while (r < e && f[r] == ' ')
			r++;
		if (known_with_prefix(units, pre, orig, a, cut) && known_with_prefix(units, pre, orig, r, e)) {
			add_name(orig, a, cut, pre, units, out);
			add_name(orig, r, e, pre, units, out);
			return;
		}
	}
	add_name(orig, a, e, pre, units, out);
}

/* Whether prefix + orig[a, e) names a ministry of the built-in list or a
 * unit of the directory: "các Bộ, ngành: Công an, Quốc phòng" means "Bộ
 * Công an", although "Công an" alone also heads a name. */
static int prefixed_known(const struct unitdir *units, const char *prefix, const char *orig,
			  const char *f, size_t a, size_t e)
{
	char buf[160];
	size_t pl = strlen(prefix), l;
	if (pl + (e - a) + 1 > sizeof(buf))
		return 0;
	text_fold_into(prefix, pl, buf);
	memcpy(buf + pl, f + a, e - a);
	buf[pl + e - a] = '\0';
	if (starts_any(buf, pl + e - a, 0, &ix_national, &l) && l == pl + e - a)
		return 1;
	return units && known_with_prefix(units, prefix, orig, a, e);
}

/*
 * An enumeration with a shared head: "các sở: Nội vụ, Tư pháp, Kế hoạch-
 * Đầu tư" names "Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch- Đầu tư".  `i` is at
 * "các"; returns 1 and fills out when the colon form is there.
 */
static int split_enumeration(const char *orig, const char *f, size_t n, size_t i, size_t end,
			     const struct unitdir *units, struct strlist *out)
{
	size_t k, j, s;
	int colon;
	for (k = 0; k < N(shared_heads); k++)
		if (text_starts_word(f + i, n - i, shared_heads[k].w))
			break;
	if (k == N(shared_heads))
		return 0;
	j = skip_sp(f, n, i + strlen(shared_heads[k].w));
	colon = j < end && f[j] == ':';
	/* "UBND các huyện Ngọc Lĩnh, Kim Xuyên": proper names after a plural
	 * head share it too. */
	if (!colon && !(shared_heads[k].prefix && j < end && text_is_upper(orig + j) &&
			!head_at(units, orig, f, n, j, 0)))
		return 0;
	s = colon ? skip_sp(f, n, j + 1) : j;
	for (j = s; j <= end; j++) {
		int and_cut = !colon && j < end && f[j] == ' ' && text_starts_word(f + j + 1, end - j - 1, "và");
		if (j == end || f[j] == ',' || f[j] == ';' || and_cut) {
			size_t a = skip_sp(f, n, s);
			const char *pre = shared_heads[k].prefix;
			if (a < j && pre && head_at(units, orig, f, n, a, 0) &&
			    !prefixed_known(units, pre, orig, f, a, j))
				pre = NULL;
			if (a < j)
				add_enum_item(orig, f, a, j, pre, units, out);
			s = and_cut ? j + 1 + strlen("và") : j + 1;
			if (and_cut)
				j = s - 1;
		}
	}
	return out->n > 0;
}

/*
 * Splits a unit phrase into units: always at ';', at ',' and ' và ' when a
 * new unit starts there ("Các sở, ban, ngành, UBND các huyện" is two; "Văn
 * phòng HĐND và UBND huyện" is one).
 */
static void split_phrase(const char *orig, const char *f, size_t n, size_t start, size_t end,
			 const struct unitdir *units, struct strlist *out)
{
	size_t s = strip_roles(f, end, start), i;
	/* "Phó Chủ tịch UBND huyện - Trần Văn Bình": a person heading, the
	 * role and the name together. */
	if (s > start) {
		const char *d = memmem(f + s, end - s, " - ", 3);
		size_t j = d ? (size_t)(d - f) + 3 : end, words = 0;
		int person = d && !head_at(units, orig, f, end, j, 0);
		/* A person's name: two to five words, each capitalised. */
		while (person && j < end) {
			person = text_is_upper(orig + j);
			words++;
			while (j < end && f[j] != ' ')
				j++;
			j = skip_sp(f, end, j);
		}
		if (person && words >= 2 && words <= 5) {
			add_name(orig, start, end, NULL, units, out);
			return;
		}
	}
	if (split_enumeration(orig, f, n, s, end, units, out))
		return;
	for (i = s; i < end; i++) {
		size_t cut = 0, next = 0;
		if (f[i] == ';') {
			cut = i;
			next = i + 1;
		} else if (f[i] == ',' || (f[i] == ' ' && text_starts_word(f + i + 1, end - i - 1, "và"))) {
			size_t j = f[i] == ',' ? skip_sp(f, end, i + 1) : skip_sp(f, end, i + 1 + strlen("và"));
			if (f[i] == ',' && text_starts_word(f + j, end - j, "và"))
				j = skip_sp(f, end, j + strlen("và"));
			if (head_at(units, orig, f, end, j, 1)) {
				/* "HĐND và UBND" names one office. */
				size_t b = i;
				while (b > s && f[b - 1] == ' ')
					b--;
				if (!(f[i] == ' ' && b >= s + 4 && !memcmp(f + b - strlen("hđnd"), "hđnd", strlen("hđnd")))) {
					cut = i;
					next = j;
				}
			}
		}
		if (next) {
			size_t a = strip_roles(f, cut, skip_sp(f, cut, s));
			if (a < cut)
				add_name(orig, a, cut, NULL, units, out);
			s = next;
			i = next - 1;
			/* "... và UBND các phường: Yên Bái, Văn Phú": the rest
			 * enumerates under its head. */
			if (enumeration_at(f, end, s) && split_enumeration(orig, f, n, s, end, units, out))
				return;
		}
	}
	if (s < end) {
		size_t a = strip_roles(f, end, skip_sp(f, end, s));
		if (a < end)
			add_name(orig, a, end, NULL, units, out);
	}
}

/* "(các sở: Nội vụ, Tư pháp, ...)" or "(gồm: ...)" within the sentence. */
static int paren_enumeration(const char *orig, const char *f, size_t n, size_t from, size_t to,
			     const struct unitdir *units, struct strlist *out)
{
	size_t i;
	for (i = from; i < to; i++) {
		if (f[i] == '(') {
			const char *close = memchr(f + i, ')', to - i);
			size_t a = skip_sp(f, n, i + 1), e;
			if (!close)
				return 0;
			e = (size_t)(close - f);
			if (split_enumeration(orig, f, e, a, e, units, out))
				return 1;
			i = e;
		}
	}
	return 0;
}

/* Supporting units: "phối hợp (chặt chẽ) (với) Y", "với sự phối hợp của Y". */
static void find_support(const char *orig, const char *f, size_t n, size_t from,
			 const struct unitdir *units, struct strlist *out)
{
	static const char *const cues[] = {
		"phối hợp chặt chẽ với", "phối hợp với", "phối hợp cùng", "sự phối hợp của",
		"phối hợp chặt chẽ", "phối hợp",
	};
	size_t i = from;
	/* Every cue holds "phối hợp": most tasks have none. */
	if (from >= n || !text_has(f + from, n - from, "phối hợp"))
		return;
	while (i < n) {
		long best = -1;
		size_t bl = 0, k;
		for (k = 0; k < N(cues); k++) {
			long p = text_find_word(f, n, i, cues[k]);
			if (p >= 0 && (best < 0 || p < best || (p == best && strlen(cues[k]) > bl))) {
				best = p;
				bl = strlen(cues[k]);
			}
		}
		if (best < 0)
			return;
		{
			size_t j = skip_sp(f, n, (size_t)best + bl);
			if (head_at(units, orig, f, n, j, 0)) {
				size_t e = phrase_end(units, orig, f, n, j);
				if (e > j)
					split_phrase(orig, f, n, j, e, units, out);
				i = e > j ? e : j + 1;
			} else {
				i = (size_t)best + bl;
			}
		}
	}
}

/* The unit phrase after a request verb ("giao", "đề nghị", "yêu cầu") at
 * offset i, with its "chủ trì, phối hợp với Y" tail.  Returns 1 when a lead
 * was found. */
static int after_verb(const char *orig, const char *f, size_t n, size_t i,
		      const struct unitdir *units, struct owners *out)
{
	size_t e;
	i = skip_sp(f, n, i);
	if (text_starts_word(f + i, n - i, "nhiệm vụ cho"))
		i = skip_sp(f, n, i + strlen("nhiệm vụ cho"));
	else if (text_starts_word(f + i, n - i, "cho"))
		i = skip_sp(f, n, i + strlen("cho"));
	if (!head_at(units, orig, f, n, i, 0))
		return 0;
	e = phrase_end(units, orig, f, n, i);
	if (e <= i)
		return 0;
	if (!paren_enumeration(orig, f, n, e, n, units, &out->lead))
		split_phrase(orig, f, n, i, e, units, &out->lead);
	/* "Giao X phối hợp Y ...": X still leads and Y supports, although
	 * the verb is "phối hợp". */
	{
		size_t j = skip_sp(f, n, e);
		if (text_starts_word(f + j, n - j, "phối hợp")) {
			size_t k = skip_sp(f, n, j + strlen("phối hợp"));
			if (text_starts_word(f + k, n - k, "với"))
				k = skip_sp(f, n, k + strlen("với"));
			if (head_at(units, orig, f, n, k, 0)) {
				size_t e2 = phrase_end(units, orig, f, n, k);
				split_phrase(orig, f, n, k, e2, units, &out->support);
			}
		}
	}
	return out->lead.n > 0;
}

/* Sentence boundaries inside a task: ". " followed by an upper-case letter
 * or a digit, or a line end.  Tasks are long and have few full stops, so
 * both are looked for with memchr(). */
static size_t sentence_end(const char *orig, const char *f, size_t n, size_t i)
{
	const char *nl = i < n ? memchr(f + i, '\n', n - i) : NULL, *dot;
	size_t lim = nl ? (size_t)(nl - f) : n;
	while (i < lim && (dot = memchr(f + i, '.', lim - i)) != NULL) {
		i = (size_t)(dot - f);
		if (i + 1 < n && f[i + 1] == ' ' && i + 2 < n &&
		    (text_is_upper(orig + i + 2) || (orig[i + 2] >= '0' && orig[i + 2] <= '9')))
			return i + 1;
		i++;
	}
	return nl ? lim + 1 : n;
}

static const char *const request_verbs[] = {"giao", "đề nghị", "yêu cầu"};

/* Owners of one sentence [s, e). */
/* Words that open a clause of time before a subject: "Định kỳ 6 tháng,
 * hàng năm, Sở X tổ chức sơ kết", "Hằng quý, các sở báo cáo". */
static const char *const when_words[] = {
	"định kỳ", "hằng năm", "hàng năm", "hằng quý", "hàng quý", "hằng tháng", "hàng tháng",
	"hằng tuần", "hàng tuần", "giữa nhiệm kỳ", "cuối nhiệm kỳ", "cuối năm", "đầu năm",
	"giữa năm", "6 tháng", "sáu tháng", "trước ngày", "chậm nhất",
};

/*
 * In folded text f[i..e): past the clauses of time that open it, each up
 * to a comma, when what follows the last of them opens with a unit; else i.
 */
static size_t skip_when(const struct unitdir *units, const char *orig, const char *f,
			size_t e, size_t i)
{
	size_t c = i, k;

	for (;;) {
		const char *comma;
		for (k = 0; k < N(when_words) && !text_starts_word(f + c, e - c, when_words[k]); k++)
			;
		if (k == N(when_words) || c - i > 160 || !(comma = memchr(f + c, ',', e - c)))
			return i;
		c = skip_sp(f, e, (size_t)(comma - f) + 1);
		if (head_at(units, orig, f, e, c, 0))
			return c;
	}
}

static int sentence_owners(const char *orig, const char *f, size_t s, size_t e,
			   const struct unitdir *units, struct owners *out)
{
	size_t k, i = skip_sp(f, e, s);
	long p;
	/* Markers left at the start ("- ", "+ ") are skipped. */
	while (i < e && (f[i] == '-' || f[i] == '+' || f[i] == ' '))
		i++;
	if (text_starts_word(f + i, e - i, "đồng thời"))
		i = skip_sp(f, e, i + strlen("đồng thời"));
	/* Headings that name whose duties follow: "Trách nhiệm (chung) của
	 * các cơ quan, đơn vị", "Nhiệm vụ của Sở X", "Yêu cầu đối với các tổ
	 * chức, cá nhân ...". */
	{
		static const char *const duty[] = {"trách nhiệm chung của", "trách nhiệm của",
						   "nhiệm vụ của", "yêu cầu đối với", "nhiệm vụ cụ thể của"};
		for (k = 0; k < N(duty); k++)
			if (text_starts_word(f + i, e - i, duty[k]) &&
			    after_verb(orig, f, e, i + strlen(duty[k]), units, out))
				return 1;
	}
	/* "1. Đối với UBND các huyện, thành phố" names the owner of the items
	 * under it. */
	if (text_starts_word(f + i, e - i, "đối với") &&
	    after_verb(orig, f, e, i + strlen("đối với"), units, out))
		return 1;
	for (k = 0; k < N(request_verbs); k++)
		if (text_starts_word(f + i, e - i, request_verbs[k]) &&
		    after_verb(orig, f, e, i + strlen(request_verbs[k]), units, out))
			return 1;
	/* "... do X chủ trì". */
	p = text_find_word(f, e, i, "do");
	while (p >= 0) {
		size_t j = skip_sp(f, e, (size_t)p + 2);
		if (head_at(units, orig, f, e, j, 0)) {
			size_t x = phrase_end(units, orig, f, e, j);
			size_t t = skip_sp(f, e, x);
			if (text_starts_word(f + t, e - t, "chủ trì")) {
				split_phrase(orig, f, e, j, x, units, &out->lead);
				return out->lead.n > 0;
			}
		}
		p = text_find_word(f, e, (size_t)p + 2, "do");
	}
	/* A subject that opens the sentence, maybe after when it acts. */
	i = skip_when(units, orig, f, e, i);
	if (head_at(units, orig, f, e, i, 0)) {
		size_t x = phrase_end(units, orig, f, e, i);
		size_t v = skip_sp(f, e, x);
		/* "UBND huyện nhận được đơn của ...", "Sở X đã có văn bản
		 * ...": a subject telling what happened is background, and a
		 * request later in the sentence or the paragraph names the
		 * owner. */
		if (x > i && (text_starts_word(f + v, e - v, "nhận được") ||
			      text_starts_word(f + v, e - v, "đã nhận được") ||
			      text_starts_word(f + v, e - v, "vừa nhận được")))
			x = i;
		if (x > i) {
			/* "Sở Y tế đề nghị các đơn vị ...": the requester is not
			 * the owner; the units it asks are. */
			for (k = 0; k < N(request_verbs); k++)
				if (text_starts_word(f + v, e - v, request_verbs[k]) &&
				    after_verb(orig, f, e, v + strlen(request_verbs[k]), units, out))
					return 1;
			if (!paren_enumeration(orig, f, e, x, e, units, &out->lead))
				split_phrase(orig, f, e, i, x, units, &out->lead);
			out->subject = out->lead.n > 0;
			return out->lead.n > 0;
		}
	}
	/* "X chủ trì, phối hợp với Y" after an opening clause is rare;
	 * mid-sentence request verbs are not ("..., UBND tỉnh giao Sở X"). */
	for (k = 0; k < N(request_verbs); k++) {
		p = text_find_word(f, e, i, request_verbs[k]);
		while (p >= 0) {
			if (after_verb(orig, f, e, (size_t)p + strlen(request_verbs[k]), units, out))
				return 1;
			p = text_find_word(f, e, (size_t)p + 1, request_verbs[k]);
		}
	}
	return 0;
}

static void drop_leads_from_support(struct owners *o)
{
	size_t i, j, w = 0;
	for (i = 0; i < o->support.n; i++) {
		char bs[512], *hs = NULL;
		const char *ks = o->lead.n ? unit_key(o->support.v[i], bs, sizeof(bs), &hs) : NULL;
		int dup = 0;
		for (j = 0; j < o->lead.n; j++)
			if (is_unit_key(o->lead.v[j], ks))
				dup = 1;
		free(hs);
		if (dup)
			free(o->support.v[i]);
		else
			o->support.v[w++] = o->support.v[i];
	}
	o->support.n = w;
}

int owners_find(const char *text, size_t len, const struct unitdir *units, struct owners *out)
{
	char fb[TEXT_FOLD_STACK], *fh;
	char *f = text_fold_buf(text, len, fb, sizeof(fb), &fh);
	int r = owners_find_folded(text, f, len, units, out);
	free(fh);
	return r;
}

int owners_find_folded(const char *text, const char *f, size_t len, const struct unitdir *units,
		       struct owners *out)
{
	size_t s = 0;
	int idx = 0;

	memo_start();
	memset(out, 0, sizeof(*out));
	while (s < len) {
		size_t e = sentence_end(text, f, len, s);
		if (sentence_owners(text, f, s, e, units, out)) {
			out->sentence = idx;
			break;
		}
		s = e;
		idx++;
	}
	find_support(text, f, len, 0, units, &out->support);
	drop_leads_from_support(out);
	return (int)out->lead.n;
}

size_t owners_when_end(const char *text, size_t len, const struct unitdir *units)
{
	char fb[TEXT_FOLD_STACK], *fh, head[40];
	char *f;
	size_t x, k, hl = len < 32 ? len : 32;

	/* Most texts open otherwise: tell from their first words alone. */
	while (hl && hl < len && ((unsigned char)text[hl] & 0xC0) == 0x80)
		hl--;
	text_fold_into(text, hl, head);
	for (k = 0; k < N(when_words) && !text_starts_word(head, strlen(head), when_words[k]); k++)
		;
	if (k == N(when_words))
		return 0;
	if (len > 400)
		len = 400;
	while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
		len--;
	f = text_fold_buf(text, len, fb, sizeof(fb), &fh);
	memo_start();
	x = skip_when(units, text, f, len, 0);
	free(fh);
	return x;
}

#define SUBJECT_MAX 240

size_t owners_subject_end(const char *text, size_t len, const struct unitdir *units)
{
	/* A subject is a few words long: fold no more than a prefix. */
	char f[SUBJECT_MAX + 1];
	size_t i = 0, x = 0;

	/* The word lists are looked at before memo_start() below. */
	pthread_once(&ix_once, indexes_build);
	if (len > SUBJECT_MAX) {
		len = SUBJECT_MAX;
		while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	/* Most paragraphs do not open with a unit: tell from the first
	 * word, folded alone, before folding the rest. */
	{
		size_t w = 0, k2, sp = 0;
		/* Heads run to three words ("Ủy ban nhân dân"). */
		while (w < len && w < 48 && !(text[w] == ' ' && ++sp == 4))
			w++;
		while (w && ((unsigned char)text[w] & 0xC0) == 0x80)
			w--;
		text_fold_into(text, w, f);
		k2 = 0;
		while (k2 < w && (f[k2] == '-' || f[k2] == '+'))
			k2++;
		if (k2 < w && !starts_any(f, w, k2, &ix_heads, NULL) && !starts_any(f, w, k2, &ix_roles, NULL) &&
		    !(units && dir_match(units, text, f, w, k2)))
			return 0;
	}
	text_fold_into(text, len, f);

	memo_start();
	while (i < len && (f[i] == '-' || f[i] == '+' || f[i] == ' '))
		i++;
	if (head_at(units, text, f, len, i, 0))
		x = phrase_end(units, text, f, len, i);
	if (x <= i || x >= SUBJECT_MAX - 8)
		x = 0;
	return x;
}

int owners_find_addressees(const char *text, size_t len, const struct unitdir *units,
			   struct owners *out)
{
	static const char *const cues[] = {
		"yêu cầu", "đề nghị", "giao", "thông báo đến", "thông báo tới", "thông báo cho",
		"gửi đến", "để",
	};
	char fb[TEXT_FOLD_STACK], *fh;
	char *f = text_fold_buf(text, len, fb, sizeof(fb), &fh);
	size_t k, i;

	memo_start();
	memset(out, 0, sizeof(*out));
	for (k = 0; k < N(cues); k++) {
		long p = text_find_word(f, len, 0, cues[k]);
		while (p >= 0) {
			if (after_verb(text, f, len, (size_t)p + strlen(cues[k]), units, out))
				goto out;
			p = text_find_word(f, len, (size_t)p + 1, cues[k]);
		}
	}
	/* A subject after an opening clause: "Để khắc phục ..., các sở, ban,
	 * ngành tỉnh và UBND các huyện tập trung ...".  A subject followed by
	 * a verb of speaking is the speaker, not an addressee. */
	for (i = 0; i < len; i++) {
		if (i == 0 || ((f[i - 1] == ' ') && i >= 2 && (f[i - 2] == ',' || f[i - 2] == ';'))) {
			if (head_at(units, text, f, len, i, 0)) {
				size_t x = phrase_end(units, text, f, len, i), t;
				t = skip_sp(f, len, x);
				/* "Chủ tịch UBND tỉnh yêu cầu:" names the speaker. */
				if (x > i && t < len && !text_starts_word(f + t, len - t, "kết luận") &&
				    !text_starts_word(f + t, len - t, "yêu cầu") &&
				    !text_starts_word(f + t, len - t, "đề nghị") &&
				    !text_starts_word(f + t, len - t, "giao") &&
				    !text_starts_word(f + t, len - t, "có ý kiến") &&
				    !text_starts_word(f + t, len - t, "chỉ đạo") &&
				    !text_starts_word(f + t, len - t, "thông báo") &&
				    !text_starts_word(f + t, len - t, "chủ trì") &&
				    !text_starts_word(f + t, len - t, "đã") &&
				    f[t] != ',' && f[t] != ':') {
					split_phrase(text, f, len, i, x, units, &out->lead);
					if (out->lead.n)
						goto out;
				}
			}
		}
	}
out:
	free(fh);
	return (int)out->lead.n;
}

int owners_split_names(const char *text, size_t len, const struct unitdir *units,
		       struct strlist *out)
{
	char fb[TEXT_FOLD_STACK], *fh;
	char *f = text_fold_buf(text, len, fb, sizeof(fb), &fh);
	size_t s = skip_sp(f, len, 0);

	memo_start();
	while (s < len && (f[s] == '-' || f[s] == '+' || f[s] == ' '))
		s++;
	if (s < len)
		split_phrase(text, f, len, s, len, units, out);
	free(fh);
	return (int)out->n;
}

void owners_release(struct owners *o)
{
	strlist_release(&o->lead);
	strlist_release(&o->support);
}
