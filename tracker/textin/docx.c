/*
 * docx.c - the text of a Word .docx (Office Open XML): libzip opens
 * the archive from memory, libxml2 parses word/document.xml.  See
 * textin_int.h.
 *
 * What the parser needs from a notice is what the printed page shows:
 * - paragraphs in order, one per line; a line break inside a paragraph is a
 *   line end, a tab a space;
 * - the numbers Word generates for lists ("1.", "a)", "II.", "1.2."): they
 *   are not in the text but computed from word/numbering.xml, and the
 *   parser's outline is built on them, so they are computed here the way
 *   Word does (levels, formats, start values, restarts), for numbering set
 *   on the paragraph or through its style;
 * - tables as rows, cells joined with " | " (the parser reads such rows);
 *   a cell's paragraphs joined with spaces, its line breaks kept;
 * - footnotes apart from the text: a footnote's citation inline would cut
 *   a directive's sentence, and appended after the body it would stand
 *   after the signature, where the parser looks for the signer.  So they
 *   are dropped unless the caller asks for them (opts.keep_footnotes),
 *   then they follow the body under a "----" line.
 * Deleted revisions, field codes, drawings and text boxes are skipped;
 * page headers and footers are not read (page furniture, as in PDFs).
 *
 * Archives are hostile until proven otherwise: every entry is inflated
 * through a counter with a per-entry and a total cap (a zip bomb stops at
 * the cap whatever the headers claim), and libxml2 parses without network
 * access or entity substitution, and a part with a DTD
 * (entity declarations) is refused before it is parsed.
 *
 * libxml2 ownership: strings from xmlGetProp()/xmlNodeGetContent() are
 * freed with xmlFree(); a document with xmlFreeDoc().  libzip: the archive
 * owns its source once zip_open_from_source() succeeded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tracker/textin/textin_int.h"

#define MIB ((size_t)1 << 20)
#define LEVELS 9

enum numfmt { FMT_DECIMAL, FMT_DECIMAL_ZERO, FMT_LOWER_LETTER, FMT_UPPER_LETTER,
	      FMT_LOWER_ROMAN, FMT_UPPER_ROMAN, FMT_BULLET, FMT_NONE };

struct numlvl {
	int start;
	enum numfmt fmt;
	char *text;     /* lvlText, e.g. "%1.%2." */
	int restart;    /* lvlRestart: -1 after any higher level, 0 never, N after level N */
	int legal;      /* isLgl: every %N in decimal */
	int suffix;     /* 0 tab, 1 space, 2 nothing */
};

/* An abstract list definition, and its counters: Word numbers all the
 * lists of one definition as one sequence. */
struct abstractnum {
	int id;
	struct numlvl lvl[LEVELS];
	int count[LEVELS];
	int set[LEVELS];
};

/* A list instance (w:num): its definition and the start values it
 * overrides, applied (restarting the sequence) when first used. */
struct numinst {
	int id;
	size_t abs;
	int start_override[LEVELS]; /* -1: none */
	int used;
};

struct style {
	char *id, *based_on;
	int num_id, ilvl; /* -1 when the style says nothing */
};

struct docx {
	const struct textin_opts *o;
	struct abstractnum *abs;
	size_t n_abs, alloc_abs;
	struct numinst *inst;
	size_t n_inst, alloc_inst;
	struct style *styles;
	size_t n_styles, alloc_styles;
	struct strlist footnote_ids; /* referenced, in order */
	int footnotes;
};

/* ---- XML helpers ------------------------------------------------------- */

/* Whether n is the element `name` of WordprocessingML (transitional or
 * strict; the namespace prefix is not looked at). */
static int is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The attribute (any namespace) as a new string, or NULL.  Caller frees. */
static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = n ? xmlGetProp((xmlNode *)n, (const xmlChar *)name) : NULL;
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* An integer attribute, or `def` when absent or not a number. */
static int attr_int(const xmlNode *n, const char *name, int def)
{
	char *s = attr(n, name), *end;
	long v;

	if (!s)
		return def;
	v = strtol(s, &end, 10);
	if (end == s || v < -1000000 || v > 1000000)
		v = def;
	free(s);
	return (int)v;
}

/* The w:val of child `name`, as an integer. */
static int child_val(const xmlNode *n, const char *name, int def)
{
	return attr_int(child(n, name), "val", def);
}

/* ---- Reading the archive ------------------------------------------------- */

/*
 * Inflates entry `name` into a new NUL-terminated buffer (caller frees).
 * Returns 0; 1 when there is no such entry; or an ERR_* code with *e
 * filled.  *total counts bytes inflated so far across entries.
 */
static int read_entry(zip_t *za, const char *name, const struct textin_opts *o,
		      size_t *total, char **data, size_t *len, struct err *e)
{
	zip_int64_t idx = zip_name_locate(za, name, 0), got;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	size_t cap, n = 0, alloc;
	char *buf = NULL;
	int rc = 0;

	*data = NULL;
	*len = 0;
	if (idx < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0) {
		rc = err_set(e, ERR_CORRUPT, "damaged .docx: cannot read '%s': %s", name,
				 zip_strerror(za));
		goto out;
	}
	cap = o->max_entry;
	if (o->max_unpacked - *total < cap)
		cap = o->max_unpacked - *total;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
		rc = err_set(e, ERR_TOOBIG,
				 "'%s' in the .docx unpacks to %llu MiB, over the limit of %zu MiB "
				 "(a zip bomb?)", name, (unsigned long long)(st.size / MIB),
				 cap / MIB);
		goto out;
	}
	if (!(zf = zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
		rc = err_set(e, ERR_UNSUPPORTED, "cannot read '%s' in the .docx: %s", name,
				 zip_strerror(za));
		goto out;
	}
	/* The header's size may lie: count what actually comes out. */
	alloc = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size + 1 : 65536;
	buf = xmalloc(alloc + 1);
	for (;;) {
		if (n == alloc) {
			alloc *= 2;
			buf = xrealloc(buf, alloc + 1);
		}
		got = zip_fread(zf, buf + n, alloc - n);
		if (got < 0) {
			rc = err_set(e, ERR_CORRUPT, "damaged .docx: cannot inflate '%s': %s",
					 name, zip_file_strerror(zf));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > cap) {
			rc = err_set(e, ERR_TOOBIG,
					 "'%s' in the .docx unpacks to more than %zu MiB (a zip bomb?)",
					 name, cap / MIB);
			goto out;
		}
	}
	buf[n] = '\0';
	*total += n;
	*data = buf;
	*len = n;
	buf = NULL;
out:
	if (zf)
		zip_fclose(zf);
	free(buf);
	return rc;
}

/* Parses XML text; NULL with *e filled when it is not well-formed. */
static xmlDoc *parse_xml(const char *data, size_t len, const char *name, struct err *e)
{
	xmlDoc *doc;
	const xmlError *xe;

	if (len > INT32_MAX) {
		err_set(e, ERR_TOOBIG, "'%s' in the .docx is too large", name);
		return NULL;
	}
	/* Word never writes a DTD; one in a .docx can only declare entities,
	 * and a few bytes of them expand to gigabytes (libxml2 expands them
	 * when the text is read, substitution off or not). */
	if (memmem(data, len, "<!DOCTYPE", 9) || memmem(data, len, "<!ENTITY", 8)) {
		err_set(e, ERR_CORRUPT, "damaged .docx: '%s' declares a DTD, which Word never writes",
			name);
		return NULL;
	}
	xmlResetLastError();
	doc = xmlReadMemory(data, (int)len, name, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			    XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
	if (!doc || !xmlDocGetRootElement(doc)) {
		xe = xmlGetLastError();
		err_set(e, ERR_CORRUPT, "damaged .docx: '%s' is not well-formed XML%s%.200s",
			    name, xe && xe->message ? ": " : "", xe && xe->message ? xe->message : "");
		/* libxml2's messages end with a newline. */
		if (e->msg[0] && e->msg[strlen(e->msg) - 1] == '\n')
			e->msg[strlen(e->msg) - 1] = '\0';
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* ---- Numbering ------------------------------------------------------------ */

static enum numfmt parse_fmt(const xmlNode *lvl)
{
	static const struct {
		const char *name;
		enum numfmt fmt;
	} fmts[] = {
		{"decimal", FMT_DECIMAL}, {"decimalZero", FMT_DECIMAL_ZERO},
		{"lowerLetter", FMT_LOWER_LETTER}, {"upperLetter", FMT_UPPER_LETTER},
		{"lowerRoman", FMT_LOWER_ROMAN}, {"upperRoman", FMT_UPPER_ROMAN},
		{"bullet", FMT_BULLET}, {"none", FMT_NONE},
	};
	char *v = attr(child(lvl, "numFmt"), "val");
	enum numfmt f = FMT_DECIMAL;
	size_t i;

	for (i = 0; v && i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (!strcmp(v, fmts[i].name))
			f = fmts[i].fmt;
	free(v);
	return f;
}

static void read_level(const xmlNode *lvl, struct numlvl *l)
{
	const xmlNode *s = child(lvl, "suff");
	char *suff = attr(s, "val");

	l->start = child_val(lvl, "start", 1);
	l->fmt = parse_fmt(lvl);
	free(l->text);
	l->text = attr(child(lvl, "lvlText"), "val");
	l->restart = child_val(lvl, "lvlRestart", -1);
	l->legal = child(lvl, "isLgl") && attr_int(child(lvl, "isLgl"), "val", 1) != 0;
	l->suffix = !suff ? 0 : !strcmp(suff, "space") ? 1 : !strcmp(suff, "nothing") ? 2 : 0;
	free(suff);
}

static void load_numbering(struct docx *d, const xmlNode *root)
{
	const xmlNode *n, *c;
	size_t i;

	for (n = root->children; n; n = n->next) {
		if (!is(n, "abstractNum"))
			continue;
		ALLOC_GROW(d->abs, d->n_abs + 1, d->alloc_abs);
		struct abstractnum *a = &d->abs[d->n_abs++];
		memset(a, 0, sizeof(*a));
		a->id = attr_int(n, "abstractNumId", -1);
		for (i = 0; i < LEVELS; i++) {
			a->lvl[i].start = 1;
			a->lvl[i].restart = -1;
		}
		for (c = n->children; c; c = c->next) {
			int il = attr_int(c, "ilvl", -1);
			if (is(c, "lvl") && il >= 0 && il < LEVELS)
				read_level(c, &a->lvl[il]);
		}
	}
	for (n = root->children; n; n = n->next) {
		int abs_id;
		if (!is(n, "num"))
			continue;
		abs_id = child_val(n, "abstractNumId", -1);
		for (i = 0; i < d->n_abs && d->abs[i].id != abs_id; i++)
			;
		if (i == d->n_abs)
			continue;
		ALLOC_GROW(d->inst, d->n_inst + 1, d->alloc_inst);
		struct numinst *in = &d->inst[d->n_inst++];
		memset(in, 0, sizeof(*in));
		in->id = attr_int(n, "numId", -1);
		in->abs = i;
		for (i = 0; i < LEVELS; i++)
			in->start_override[i] = -1;
		for (c = n->children; c; c = c->next) {
			int il = attr_int(c, "ilvl", -1);
			if (is(c, "lvlOverride") && il >= 0 && il < LEVELS)
				in->start_override[il] = child_val(c, "startOverride", -1);
		}
	}
}

static void load_styles(struct docx *d, const xmlNode *root)
{
	const xmlNode *n, *numpr;

	for (n = root->children; n; n = n->next) {
		struct style *s;
		if (!is(n, "style"))
			continue;
		ALLOC_GROW(d->styles, d->n_styles + 1, d->alloc_styles);
		s = &d->styles[d->n_styles++];
		s->id = attr(n, "styleId");
		s->based_on = attr(child(n, "basedOn"), "val");
		numpr = child(child(n, "pPr"), "numPr");
		s->num_id = numpr ? child_val(numpr, "numId", -1) : -1;
		s->ilvl = numpr ? child_val(numpr, "ilvl", -1) : -1;
	}
}

/* The numbering a paragraph style gives (through basedOn), if any. */
static void style_numbering(const struct docx *d, const char *id, int *num_id, int *ilvl)
{
	int depth;
	size_t i;

	for (depth = 0; id && depth < 16; depth++) {
		for (i = 0; i < d->n_styles && (!d->styles[i].id || strcmp(d->styles[i].id, id)); i++)
			;
		if (i == d->n_styles)
			return;
		if (*ilvl < 0 && d->styles[i].ilvl >= 0)
			*ilvl = d->styles[i].ilvl;
		if (d->styles[i].num_id >= 0) {
			*num_id = d->styles[i].num_id;
			return;
		}
		id = d->styles[i].based_on;
	}
}

static void add_roman(struct sbuf *sb, int v, int upper)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const sym[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix",
					  "v", "iv", "i"};
	size_t i;
	const char *p;

	if (v <= 0 || v >= 4000) {
		sbuf_addf(sb, "%d", v);
		return;
	}
	for (i = 0; i < 13; i++)
		for (; v >= val[i]; v -= val[i])
			for (p = sym[i]; *p; p++)
				sbuf_addc(sb, upper ? (char)(*p - 'a' + 'A') : *p);
}

static void add_number(struct sbuf *sb, int v, enum numfmt f)
{
	switch (f) {
	case FMT_DECIMAL_ZERO:
		sbuf_addf(sb, "%02d", v);
		break;
	case FMT_LOWER_LETTER:
	case FMT_UPPER_LETTER: {
		/* Word repeats the letter past z: aa, bb, ... */
		int i, reps = v > 0 ? (v - 1) / 26 + 1 : 1;
		char c = (char)((f == FMT_LOWER_LETTER ? 'a' : 'A') + (v > 0 ? (v - 1) % 26 : 0));
		for (i = 0; i < reps && i < 8; i++)
			sbuf_addc(sb, c);
		break;
	}
	case FMT_LOWER_ROMAN:
	case FMT_UPPER_ROMAN:
		add_roman(sb, v, f == FMT_UPPER_ROMAN);
		break;
	case FMT_NONE:
	case FMT_BULLET:
		break;
	default:
		sbuf_addf(sb, "%d", v);
		break;
	}
}

/* A bullet as the parser knows bullets: "-", "+" and "•" stay, symbol-font
 * glyphs (private-use code points) and the rest become "-". */
static void add_bullet(struct sbuf *sb, const char *text)
{
	if (text && (!strcmp(text, "+") || !strcmp(text, "•")))
		sbuf_adds(sb, text);
	else
		sbuf_addc(sb, '-');
}

/*
 * Advances the counters for a paragraph of list `num_id` at level `ilvl`
 * and appends its number as printed ("1.", "a)", "1.2.") and the space
 * after it.  Unknown lists and numId 0 ("no numbering") add nothing.
 */
static void add_list_number(struct docx *d, int num_id, int ilvl, struct sbuf *sb)
{
	struct numinst *in = NULL;
	struct abstractnum *a;
	const struct numlvl *l;
	const char *p;
	size_t i;
	int k;

	for (i = 0; i < d->n_inst; i++)
		if (d->inst[i].id == num_id)
			in = &d->inst[i];
	if (!in || num_id <= 0)
		return;
	if (ilvl < 0 || ilvl >= LEVELS)
		ilvl = 0;
	a = &d->abs[in->abs];
	if (!in->used) {
		/* A list instance that overrides a start value restarts the
		 * sequence there ("restart numbering" in Word). */
		in->used = 1;
		for (k = 0; k < LEVELS; k++)
			if (in->start_override[k] >= 0) {
				a->count[k] = in->start_override[k] - 1;
				a->set[k] = 1;
			}
	}
	l = &a->lvl[ilvl];
	a->count[ilvl] = a->set[ilvl] ? a->count[ilvl] + 1 : l->start;
	a->set[ilvl] = 1;
	for (k = ilvl + 1; k < LEVELS; k++)
		if (a->lvl[k].restart < 0 || (a->lvl[k].restart > 0 && ilvl < a->lvl[k].restart))
			a->set[k] = 0;
	if (l->fmt == FMT_BULLET) {
		add_bullet(sb, l->text);
		sbuf_addc(sb, ' ');
		return;
	}
	for (p = l->text ? l->text : ""; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int ref = p[1] - '1';
			const struct numlvl *rl = &a->lvl[ref];
			int v = a->set[ref] ? a->count[ref] : rl->start;
			add_number(sb, v, l->legal && rl->fmt != FMT_NONE ? FMT_DECIMAL : rl->fmt);
			p++;
		} else {
			sbuf_addc(sb, *p);
		}
	}
	if (l->text && *l->text && l->suffix != 2)
		sbuf_addc(sb, ' ');
}

/* ---- The body ------------------------------------------------------------- */

static void add_blocks(struct docx *d, const xmlNode *parent, struct sbuf *out,
		       const char *para_sep);

/* The text of a paragraph's runs, in document order. */
static void add_runs(struct docx *d, const xmlNode *parent, struct sbuf *out)
{
	const xmlNode *n;

	for (n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "t")) {
			xmlChar *t = xmlNodeGetContent((xmlNode *)n);
			sbuf_adds(out, (const char *)t);
			xmlFree(t);
		} else if (is(n, "tab") || is(n, "ptab")) {
			sbuf_addc(out, '\t');
		} else if (is(n, "br") || is(n, "cr")) {
			sbuf_addc(out, '\n');
		} else if (is(n, "noBreakHyphen")) {
			sbuf_addc(out, '-');
		} else if (is(n, "footnoteReference")) {
			char *id = attr(n, "id");
			if (id)
				strlist_add(&d->footnote_ids, id);
			free(id);
			d->footnotes++;
		} else if (is(n, "pPr") || is(n, "rPr") || is(n, "del") || is(n, "moveFrom") ||
			   is(n, "instrText") || is(n, "delText") || is(n, "drawing") ||
			   is(n, "pict") || is(n, "object") || is(n, "AlternateContent") ||
			   is(n, "endnoteReference") || is(n, "sym") || is(n, "softHyphen")) {
			continue;
		} else {
			/* r, hyperlink, smartTag, ins, moveTo, sdt, sdtContent,
			 * fldSimple, customXml: containers of runs. */
			add_runs(d, n, out);
		}
	}
}

static void add_paragraph(struct docx *d, const xmlNode *p, struct sbuf *out)
{
	const xmlNode *ppr = child(p, "pPr"), *numpr = child(ppr, "numPr");
	int num_id = -1, ilvl = -1;
	char *style = attr(child(ppr, "pStyle"), "val");

	if (numpr) {
		num_id = child_val(numpr, "numId", -1);
		ilvl = child_val(numpr, "ilvl", -1);
	}
	if (num_id < 0 && style)
		style_numbering(d, style, &num_id, &ilvl);
	else if (ilvl < 0 && style) {
		int ignored = -1;
		style_numbering(d, style, &ignored, &ilvl);
	}
	free(style);
	if (num_id > 0)
		add_list_number(d, num_id, ilvl, out);
	add_runs(d, p, out);
}

/*
 * A cell's blocks: paragraph ends become spaces (nested tables too), so a
 * row stays one line unless the cell has line breaks, which stay line
 * ends.  That is how the corpus's .txt files were made from their .docx
 * (a Word user who breaks lines in a cell with Shift+Enter mostly writes
 * a list there, and the parser then sees its items).
 */
static void add_cell(struct docx *d, const xmlNode *tc, struct sbuf *out)
{
	struct sbuf cell;

	sbuf_init(&cell, d->o->max_text);
	add_blocks(d, tc, &cell, " ");
	while (cell.len && (cell.buf[cell.len - 1] == ' '))
		cell.len--;
	sbuf_add(out, cell.buf ? cell.buf : "", cell.len);
	if (cell.toobig)
		out->toobig = 1;
	sbuf_release(&cell);
}

static void add_table(struct docx *d, const xmlNode *tbl, struct sbuf *out,
		      const char *para_sep)
{
	const xmlNode *tr, *tc;

	for (tr = tbl->children; tr; tr = tr->next) {
		int first = 1;
		if (!is(tr, "tr"))
			continue;
		for (tc = tr->children; tc; tc = tc->next) {
			if (!is(tc, "tc"))
				continue;
			if (!first)
				sbuf_adds(out, " | ");
			first = 0;
			add_cell(d, tc, out);
		}
		sbuf_adds(out, para_sep);
	}
}

/* Paragraphs and tables under `parent`, each followed by `para_sep`. */
static void add_blocks(struct docx *d, const xmlNode *parent, struct sbuf *out,
		       const char *para_sep)
{
	const xmlNode *n;

	for (n = parent->children; n && !out->toobig; n = n->next) {
		if (is(n, "p")) {
			add_paragraph(d, n, out);
			sbuf_adds(out, para_sep);
		} else if (is(n, "tbl")) {
			add_table(d, n, out, para_sep);
		} else if (is(n, "sdt")) {
			const xmlNode *c = child(n, "sdtContent");
			if (c)
				add_blocks(d, c, out, para_sep);
		} else if (is(n, "customXml") || is(n, "ins") || is(n, "moveTo")) {
			add_blocks(d, n, out, para_sep);
		}
	}
}

/* Appends the referenced footnotes, in the order of their references. */
static void add_footnotes(struct docx *d, const xmlNode *root, struct sbuf *out)
{
	const xmlNode *n;
	size_t i;

	sbuf_adds(out, "\n----\n");
	for (i = 0; i < d->footnote_ids.n; i++) {
		for (n = root->children; n; n = n->next) {
			char *id = is(n, "footnote") ? attr(n, "id") : NULL;
			int match = id && !strcmp(id, d->footnote_ids.v[i]);
			free(id);
			if (!match)
				continue;
			sbuf_addf(out, "[%zu] ", i + 1);
			add_cell(d, n, out);
			sbuf_addc(out, '\n');
			break;
		}
	}
}

static void docx_release(struct docx *d)
{
	size_t i, k;

	for (i = 0; i < d->n_abs; i++)
		for (k = 0; k < LEVELS; k++)
			free(d->abs[i].lvl[k].text);
	free(d->abs);
	free(d->inst);
	for (i = 0; i < d->n_styles; i++) {
		free(d->styles[i].id);
		free(d->styles[i].based_on);
	}
	free(d->styles);
	strlist_release(&d->footnote_ids);
}

/* Reads and parses an optional part; *doc stays NULL when it is absent. */
static int read_part(zip_t *za, const char *name, const struct textin_opts *o,
		     size_t *total, xmlDoc **doc, struct err *e)
{
	char *data = NULL;
	size_t len;
	int rc = read_entry(za, name, o, total, &data, &len, e);

	*doc = NULL;
	if (rc == 0 && !(*doc = parse_xml(data, len, name, e)))
		rc = e->code;
	free(data);
	return rc == 1 ? 0 : rc;
}

int textin_docx(const char *buf, size_t len, const struct textin_opts *o,
		struct sbuf *out, struct textin_info *info, struct err *e)
{
	struct docx d;
	zip_error_t zerr;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	xmlDoc *doc = NULL, *numbering = NULL, *styles = NULL, *notes = NULL;
	const xmlNode *body;
	size_t total = 0;
	int rc;

	memset(&d, 0, sizeof(d));
	d.o = o;
	xmlInitParser();
	zip_error_init(&zerr);
	if (!(src = zip_source_buffer_create(buf, len, 0, &zerr))) {
		rc = err_set(e, ERR_CORRUPT, "cannot read the zip archive: %s",
				 zip_error_strerror(&zerr));
		goto out;
	}
	if (!(za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
		rc = err_set(e, ERR_CORRUPT,
				 "truncated or damaged zip archive (a .docx cut short?): %s",
				 zip_error_strerror(&zerr));
		zip_source_free(src);
		goto out;
	}
	if (zip_name_locate(za, "word/document.xml", 0) < 0) {
		rc = err_set(e, ERR_UNSUPPORTED,
				 "a zip archive without word/document.xml: not a Word .docx "
				 "(an .odt, .xlsx or plain zip is not read)");
		goto out;
	}
	if ((rc = read_part(za, "word/numbering.xml", o, &total, &numbering, e)) ||
	    (rc = read_part(za, "word/styles.xml", o, &total, &styles, e)) ||
	    (rc = read_part(za, "word/document.xml", o, &total, &doc, e)))
		goto out;
	if (numbering)
		load_numbering(&d, xmlDocGetRootElement(numbering));
	if (styles)
		load_styles(&d, xmlDocGetRootElement(styles));
	body = child(xmlDocGetRootElement(doc), "body");
	if (!body) {
		rc = err_set(e, ERR_CORRUPT, "damaged .docx: word/document.xml has no body");
		goto out;
	}
	add_blocks(&d, body, out, "\n");
	info->footnotes = d.footnotes;
	if (o->keep_footnotes && d.footnote_ids.n) {
		if ((rc = read_part(za, "word/footnotes.xml", o, &total, &notes, e)))
			goto out;
		if (notes)
			add_footnotes(&d, xmlDocGetRootElement(notes), out);
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	xmlFreeDoc(numbering);
	xmlFreeDoc(styles);
	xmlFreeDoc(notes);
	if (za)
		zip_discard(za);
	zip_error_fini(&zerr);
	docx_release(&d);
	return rc;
}

/* ---- The type of an attached document ------------------------------------- */

/*
 * Which Office document a zip is: its [Content_Types].xml names the main
 * part's type and the part is there.  Only the package's manifest is
 * inflated, bounded, so a zip bomb costs nothing.
 */
static const char *office_type(const void *buf, size_t len, const char **ext)
{
	static const struct {
		const char *main_type, *part, *mime, *ext;
	} kinds[] = {
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
		 "word/document.xml",
		 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
		 "xl/workbook.xml",
		 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
	};
	struct textin_opts o;
	struct err e;
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	char *ct = NULL;
	size_t total = 0, n, i;
	const char *found = NULL;

	memset(&o, 0, sizeof(o));
	o.max_entry = o.max_unpacked = (size_t)1 << 20;
	zip_error_init(&zerr);
	if (!(src = zip_source_buffer_create(buf, len, 0, &zerr))) {
		zip_error_fini(&zerr);
		return NULL;
	}
	if (!(za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
		zip_source_free(src);
		zip_error_fini(&zerr);
		return NULL;
	}
	if (!read_entry(za, "[Content_Types].xml", &o, &total, &ct, &n, &e) && ct) {
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !found; i++)
			if (strstr(ct, kinds[i].main_type) && zip_name_locate(za, kinds[i].part, 0) >= 0) {
				found = kinds[i].mime;
				*ext = kinds[i].ext;
			}
	}
	free(ct);
	zip_discard(za);
	zip_error_fini(&zerr);
	return found;
}

const char *textin_attachment_type(const void *buf, size_t len, const char **ext)
{
	const unsigned char *b = buf;
	const char *dummy;

	if (!ext)
		ext = &dummy;
	*ext = NULL;
	if (len >= 5 && !memcmp(b, "%PDF-", 5)) {
		*ext = "pdf";
		return "application/pdf";
	}
	if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) {
		*ext = "png";
		return "image/png";
	}
	if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
		*ext = "jpg";
		return "image/jpeg";
	}
	if (len >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6))) {
		*ext = "gif";
		return "image/gif";
	}
	if (len >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4)) {
		*ext = "webp";
		return "image/webp";
	}
	if (len >= 4 && !memcmp(b, "PK\x03\x04", 4))
		return office_type(buf, len, ext);
	return NULL;
}
