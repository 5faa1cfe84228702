/*
 * template.c - fills a .docx template: its content controls (w:sdt) tagged
 * by name get their text, a row control is written once per item, and the
 * filled controls are unwrapped.  libzip reads and writes the package in
 * memory; libxml2 edits word/document.xml (text added as text nodes, so
 * the serializer escapes markup).  See docs.h.
 *
 * libzip: a source handed to zip_open_from_source() or zip_file_add()
 * belongs to the archive once the call succeeds.  libxml2: a node linked
 * into the tree belongs to the document; xmlDocDumpMemoryEnc() output is
 * freed with xmlFree().
 */
#include "tracker/docs/docs_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MIB ((size_t)1 << 20)
/* A letterhead template is a few KiB; these bound what a bad file costs. */
#define MAX_TEMPLATE (16 * MIB)
#define MAX_ENTRY (64 * MIB)
#define MAX_UNPACKED (128 * MIB)
#define MAX_ENTRIES 1000
#define MAX_FIELD_CHARS 32000

/* ---- Text ------------------------------------------------------------------ */

char *docs_clean(const char *s, size_t cap)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0;
	struct sbuf sb;

	sbuf_init(&sb, 0);
	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m;

		if (k <= 0) {
			c = 0xFFFD;
			k = 1;
		} else if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
			c = ' ';
		}
		m = utf8proc_encode_char(c, enc);
		if (cap && sb.len + (size_t)m > cap)
			break;
		sbuf_add(&sb, (const char *)enc, (size_t)m);
		i += (size_t)k;
	}
	return sbuf_detach(&sb);
}

void docs_date_dmy(struct ymd d, char buf[11])
{
	snprintf(buf, 11, "%02u/%02u/%04u", (unsigned)d.d % 100u, (unsigned)d.m % 100u,
		 (unsigned)d.y % 10000u);
}

void docs_date_words(struct ymd d, struct sbuf *sb)
{
	/* Nghị định 30: a leading zero for days below 10 and months below 3. */
	sbuf_addf(sb, d.d < 10 ? "ngày 0%d" : "ngày %d", d.d);
	sbuf_addf(sb, d.m < 3 ? " tháng 0%d" : " tháng %d", d.m);
	sbuf_addf(sb, " năm %d", d.y);
}

/* ---- The template's bytes ------------------------------------------------ */

int docs_template_get(const char *path, const char *name, const void **data, size_t *len,
		      int *owned, struct err *err)
{
	const struct docs_builtin *b;
	FILE *f;
	char *buf = NULL;
	size_t n = 0, alloc = 65536, got;

	*data = NULL;
	*len = 0;
	*owned = 0;
	if (!path) {
		for (b = docs_builtin_templates; b->name; b++)
			if (!strcmp(b->name, name)) {
				*data = b->data;
				*len = b->len;
				return 0;
			}
		return err_set(err, ERR_INVAL, "no built-in template '%s'", name);
	}
	if (!(f = fopen(path, "rb")))
		return err_set(err, ERR_IO, "cannot open template '%s': %s", path, strerror(errno));
	buf = xmalloc(alloc);
	while ((got = fread(buf + n, 1, alloc - n, f)) > 0) {
		n += got;
		if (n > MAX_TEMPLATE) {
			fclose(f);
			free(buf);
			return err_set(err, ERR_TOOBIG, "template '%s' is over %zu MiB", path,
				       MAX_TEMPLATE / MIB);
		}
		if (n == alloc) {
			alloc *= 2;
			buf = xrealloc(buf, alloc);
		}
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return err_set(err, ERR_IO, "cannot read template '%s': %s", path, strerror(errno));
	}
	fclose(f);
	*data = buf;
	*len = n;
	*owned = 1;
	return 0;
}

/* ---- The document's tree --------------------------------------------------- */

static int is_w(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, W_NS) && !strcmp((const char *)n->name, name);
}

static xmlNode *child_w(xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* The first descendant element w:name of n, depth first. */
static xmlNode *find_w(xmlNode *n, const char *name)
{
	xmlNode *c, *hit;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, name))
			return c;
		if ((hit = find_w(c, name)))
			return hit;
	}
	return NULL;
}

/* Whether the control's w:sdtPr/w:tag w:val is `tag`. */
static int sdt_is(xmlNode *sdt, const char *tag)
{
	xmlNode *t = child_w(child_w(sdt, "sdtPr"), "tag");
	xmlChar *v;
	int same;

	if (!t || !(v = xmlGetNsProp(t, (const xmlChar *)"val", (const xmlChar *)W_NS)))
		return 0;
	same = !strcmp((const char *)v, tag);
	xmlFree(v);
	return same;
}

struct nodes {
	xmlNode **v;
	size_t n, alloc;
};

/*
 * Every control tagged `tag` under n (n excluded), in document order; not
 * those inside one found: filling the outer one replaces what it holds.
 */
static void find_sdts(xmlNode *n, const char *tag, struct nodes *out)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "sdt") && sdt_is(c, tag)) {
			ALLOC_GROW(out->v, out->n + 1, out->alloc);
			out->v[out->n++] = c;
			continue;
		}
		find_sdts(c, tag, out);
	}
}

static xmlNode *new_run(xmlNs *ns, const xmlNode *rpr, const char *text, int line_break)
{
	xmlNode *r = xmlNewNode(ns, (const xmlChar *)"r"), *t;

	if (rpr)
		xmlAddChild(r, xmlCopyNode((xmlNode *)rpr, 1));
	if (line_break) {
		xmlNewChild(r, ns, (const xmlChar *)"br", NULL);
		return r;
	}
	/* xmlNewTextChild() escapes: a name with "<" stays a name. */
	t = xmlNewTextChild(r, ns, (const xmlChar *)"t", (const xmlChar *)text);
	xmlNodeSetSpacePreserve(t, 1);
	return r;
}

static void drop_children(xmlNode *n)
{
	xmlNode *c, *next;

	for (c = n->children; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
}

/*
 * Gives a control the text `value`, in the look (run and paragraph
 * properties) of its placeholder.  A control holding paragraphs gets one
 * paragraph per line of value; one inside a paragraph gets line breaks.
 */
static void fill_sdt(xmlNode *sdt, const char *value)
{
	xmlNode *content = child_w(sdt, "sdtContent"), *r, *rpr = NULL, *ppr = NULL, *p0;
	xmlNs *ns = sdt->ns;
	const char *line = value ? value : "", *nl;
	int block;

	if (!content)
		content = xmlNewChild(sdt, ns, (const xmlChar *)"sdtContent", NULL);
	if ((r = find_w(content, "r")) && (rpr = child_w(r, "rPr")))
		rpr = xmlCopyNode(rpr, 1);
	p0 = child_w(content, "p");
	block = p0 != NULL;
	if (p0 && (ppr = child_w(p0, "pPr")))
		ppr = xmlCopyNode(ppr, 1);
	drop_children(content);
	for (;;) {
		char *seg, *clean;
		nl = strchr(line, '\n');
		seg = nl ? xstrndup(line, (size_t)(nl - line)) : xstrdup(line);
		clean = docs_clean(seg, MAX_FIELD_CHARS * 4);
		if (block) {
			xmlNode *p = xmlNewChild(content, ns, (const xmlChar *)"p", NULL);
			if (ppr)
				xmlAddChild(p, xmlCopyNode(ppr, 1));
			xmlAddChild(p, new_run(ns, rpr, clean, 0));
		} else {
			if (line != value && value)
				xmlAddChild(content, new_run(ns, rpr, NULL, 1));
			xmlAddChild(content, new_run(ns, rpr, clean, 0));
		}
		free(clean);
		free(seg);
		if (!nl)
			break;
		line = nl + 1;
	}
	xmlFreeNode(rpr);
	xmlFreeNode(ppr);
}

/* Replaces a control by what it holds. */
static void unwrap_sdt(xmlNode *sdt)
{
	xmlNode *content = child_w(sdt, "sdtContent"), *c, *next;

	for (c = content ? content->children : NULL; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlAddPrevSibling(sdt, c);
	}
	xmlUnlinkNode(sdt);
	xmlFreeNode(sdt);
}

/* Writes the repeated row `rw` once per row of cells. */
static int fill_rows(xmlDoc *doc, const struct docs_rows *rw, struct err *err)
{
	struct nodes found = {NULL, 0, 0}, cells = {NULL, 0, 0};
	xmlNode *row_sdt, *tr;
	size_t i, j, k;
	int rc = 0;

	find_sdts(xmlDocGetRootElement(doc), rw->tag, &found);
	if (!found.n) {
		rc = err_set(err, ERR_INVAL, "the template has no row '%s'", rw->tag);
		goto out;
	}
	row_sdt = found.v[0];
	if (!(tr = child_w(child_w(row_sdt, "sdtContent"), "tr"))) {
		rc = err_set(err, ERR_INVAL, "the template's '%s' is not a table row", rw->tag);
		goto out;
	}
	for (j = 0; j < rw->n_cols; j++) {
		cells.n = 0;
		find_sdts(tr, rw->cols[j], &cells);
		if (!cells.n) {
			rc = err_set(err, ERR_INVAL, "the template's row '%s' has no field '%s'",
				     rw->tag, rw->cols[j]);
			goto out;
		}
	}
	for (i = 0; i < rw->n_rows; i++) {
		xmlNode *copy = xmlDocCopyNode(tr, doc, 1);
		for (j = 0; j < rw->n_cols; j++) {
			cells.n = 0;
			find_sdts(copy, rw->cols[j], &cells);
			for (k = 0; k < cells.n; k++) {
				fill_sdt(cells.v[k], rw->cells[i * rw->n_cols + j]);
				unwrap_sdt(cells.v[k]);
			}
		}
		xmlAddPrevSibling(row_sdt, copy);
	}
	xmlUnlinkNode(row_sdt);
	xmlFreeNode(row_sdt);
out:
	free(found.v);
	free(cells.v);
	return rc;
}

static int fill_fields(xmlDoc *doc, const struct docs_field *fields, size_t n, struct err *err)
{
	struct nodes found = {NULL, 0, 0};
	size_t i, k;
	int rc = 0;

	/* Refuse before changing anything, naming the first field missing. */
	for (i = 0; i < n; i++) {
		found.n = 0;
		find_sdts(xmlDocGetRootElement(doc), fields[i].tag, &found);
		if (!found.n) {
			rc = err_set(err, ERR_INVAL, "the template has no field '%s'", fields[i].tag);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		found.n = 0;
		find_sdts(xmlDocGetRootElement(doc), fields[i].tag, &found);
		for (k = 0; k < found.n; k++) {
			fill_sdt(found.v[k], fields[i].value);
			unwrap_sdt(found.v[k]);
		}
	}
out:
	free(found.v);
	return rc;
}

/* ---- The package ------------------------------------------------------------- */

/* Inflates entry i into a new buffer (caller frees). */
static int read_index(zip_t *za, zip_uint64_t i, char **data, size_t *len, struct err *err)
{
	zip_file_t *zf;
	size_t n = 0, alloc = 65536;
	zip_int64_t got;
	char *buf;

	*data = NULL;
	*len = 0;
	if (!(zf = zip_fopen_index(za, i, 0)))
		return err_set(err, ERR_CORRUPT, "damaged template: %s", zip_strerror(za));
	buf = xmalloc(alloc + 1);
	while ((got = zip_fread(zf, buf + n, alloc - n)) > 0) {
		n += (size_t)got;
		if (n > MAX_ENTRY) {
			zip_fclose(zf);
			free(buf);
			return err_set(err, ERR_TOOBIG, "a part of the template unpacks to over %zu MiB",
				       MAX_ENTRY / MIB);
		}
		if (n == alloc) {
			alloc *= 2;
			buf = xrealloc(buf, alloc + 1);
		}
	}
	zip_fclose(zf);
	if (got < 0) {
		free(buf);
		return err_set(err, ERR_CORRUPT, "damaged template: cannot inflate a part");
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

/* Reads the whole of an archive written to memory. */
static int read_source(zip_source_t *src, char **out, size_t *len, struct err *err)
{
	zip_stat_t st;
	char *buf;
	zip_int64_t got;

	zip_stat_init(&st);
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(src) < 0)
		return err_set(err, ERR_IO, "cannot write the .docx in memory");
	buf = xmalloc((size_t)st.size + 1);
	got = zip_source_read(src, buf, st.size);
	zip_source_close(src);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return err_set(err, ERR_IO, "cannot write the .docx in memory");
	}
	*out = buf;
	*len = (size_t)st.size;
	return 0;
}

int docs_template_fill(const void *tpl, size_t tpl_len, const struct docs_field *fields,
		       size_t n_fields, const struct docs_rows *rows, size_t n_rows,
		       char **out, size_t *len, struct err *err)
{
	zip_error_t ze;
	zip_source_t *src = NULL, *osrc = NULL;
	zip_t *za = NULL, *oz = NULL;
	xmlDoc *doc = NULL;
	xmlChar *xml = NULL;
	char *part = NULL;
	size_t plen = 0, i, total = 0;
	zip_int64_t idx, n;
	int rc = 0, xlen = 0;

	*out = NULL;
	*len = 0;
	zip_error_init(&ze);
	if (tpl_len > MAX_TEMPLATE) {
		rc = err_set(err, ERR_TOOBIG, "the template is over %zu MiB", MAX_TEMPLATE / MIB);
		goto out;
	}
	if (!(src = zip_source_buffer_create(tpl, tpl_len, 0, &ze)) ||
	    !(za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze))) {
		rc = err_set(err, ERR_UNSUPPORTED, "the template is not a .docx (not a zip archive)");
		goto out;
	}
	src = NULL;
	if ((idx = zip_name_locate(za, "word/document.xml", 0)) < 0) {
		rc = err_set(err, ERR_UNSUPPORTED, "the template is not a .docx (no word/document.xml)");
		goto out;
	}
	if ((n = zip_get_num_entries(za, 0)) > MAX_ENTRIES) {
		rc = err_set(err, ERR_TOOBIG, "the template has over %d parts", MAX_ENTRIES);
		goto out;
	}
	if ((rc = read_index(za, (zip_uint64_t)idx, &part, &plen, err)))
		goto out;
	xmlInitParser();
	if (plen > INT32_MAX || !(doc = xmlReadMemory(part, (int)plen, "document.xml", NULL,
						      XML_PARSE_NONET)) ||
	    !xmlDocGetRootElement(doc)) {
		rc = err_set(err, ERR_UNSUPPORTED, "the template's word/document.xml is not XML");
		goto out;
	}
	free(part);
	part = NULL;
	for (i = 0; i < n_rows; i++)
		if ((rc = fill_rows(doc, &rows[i], err)))
			goto out;
	if ((rc = fill_fields(doc, fields, n_fields, err)))
		goto out;
	xmlDocDumpMemoryEnc(doc, &xml, &xlen, "UTF-8");
	if (!xml) {
		rc = err_set(err, ERR_IO, "cannot write word/document.xml");
		goto out;
	}

	if (!(osrc = zip_source_buffer_create(NULL, 0, 0, &ze)) ||
	    !(oz = zip_open_from_source(osrc, ZIP_TRUNCATE, &ze))) {
		rc = err_set(err, ERR_IO, "cannot write the .docx in memory");
		goto out;
	}
	zip_source_keep(osrc);
	for (i = 0; i < (size_t)n; i++) {
		const char *name = zip_get_name(za, i, ZIP_FL_ENC_RAW);
		zip_source_t *zs;
		if (!name) {
			rc = err_set(err, ERR_CORRUPT, "damaged template: %s", zip_strerror(za));
			goto out;
		}
		if ((zip_int64_t)i == idx) {
			plen = (size_t)xlen;
			part = xmalloc(plen + 1);
			memcpy(part, xml, plen);
		} else if ((rc = read_index(za, i, &part, &plen, err))) {
			goto out;
		}
		if ((total += plen) > MAX_UNPACKED) {
			rc = err_set(err, ERR_TOOBIG, "the template unpacks to over %zu MiB (a zip bomb?)",
				     MAX_UNPACKED / MIB);
			goto out;
		}
		if (!(zs = zip_source_buffer(oz, part, plen, 1))) {
			rc = err_set(err, ERR_IO, "cannot write the .docx in memory");
			goto out;
		}
		part = NULL; /* the source frees it */
		if (zip_file_add(oz, name, zs, ZIP_FL_ENC_GUESS) < 0) {
			zip_source_free(zs);
			rc = err_set(err, ERR_IO, "cannot add '%s' to the .docx: %s", name,
				     zip_strerror(oz));
			goto out;
		}
	}
	if (zip_close(oz) < 0) {
		rc = err_set(err, ERR_IO, "cannot write the .docx: %s", zip_strerror(oz));
		goto out;
	}
	oz = NULL;
	rc = read_source(osrc, out, len, err);
out:
	if (oz)
		zip_discard(oz);
	if (osrc)
		zip_source_free(osrc);
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	xmlFree(xml);
	xmlFreeDoc(doc);
	free(part);
	return rc;
}
