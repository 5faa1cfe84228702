/*
 * settings.c - the office's settings for its documents (office.json
 * beside the units file): who issues, who signs, where.  See docs.h and
 * README, "Documents".
 *
 * cJSON: the parsed tree is ours and freed with cJSON_Delete(); strings
 * read from it are copied.
 */
#include "tracker/docs/docs_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>

#define MAX_SETTINGS_BYTES ((size_t)1 << 20)

/* One string member: the JSON key and where it goes. */
struct key {
	const char *name;
	size_t off;
	const char *def;
};

#define K(name, field, def) {name, offsetof(struct docs_settings, field), def}
static const struct key keys[] = {
	K("parent_body", parent_body, "UBND TỈNH ……"),
	K("issuing_body", issuing_body, "VĂN PHÒNG"),
	K("body_in_text", body_in_text, "Văn phòng UBND tỉnh"),
	K("letter_code", letter_code, "VP-TH"),
	K("report_code", report_code, "BC-VP"),
	K("place", place, "……"),
	K("authority", authority, "KT."),
	K("authority_title", authority_title, "CHÁNH VĂN PHÒNG"),
	K("signer_title", signer_title, "PHÓ CHÁNH VĂN PHÒNG"),
	K("signer_name", signer_name, "……"),
	K("report_to", report_to, "Chủ tịch, các Phó Chủ tịch UBND tỉnh"),
	K("leadership", leadership, "UBND tỉnh, Chủ tịch UBND tỉnh"),
};
#undef K
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static char **slot(struct docs_settings *s, const struct key *k)
{
	return (char **)(void *)((char *)s + k->off);
}

static void add_cc(struct docs_settings *s, const char *line)
{
	s->cc = xrealloc(s->cc, (s->n_cc + 1) * sizeof(*s->cc));
	s->cc[s->n_cc++] = xstrdup(line);
}

void docs_settings_defaults(struct docs_settings *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < N_KEYS; i++)
		*slot(s, &keys[i]) = xstrdup(keys[i].def);
	add_cc(s, "- Lãnh đạo Văn phòng;");
	add_cc(s, "- Lưu: VT, TH.");
}

void docs_settings_release(struct docs_settings *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < N_KEYS; i++)
		free(*slot(s, &keys[i]));
	for (i = 0; i < s->n_cc; i++)
		free(s->cc[i]);
	free(s->cc);
	free(s->urge_template);
	free(s->report_template);
	memset(s, 0, sizeof(*s));
}

/* A template path as written, relative to the settings file's folder. */
static char *beside(const char *settings_path, const char *p)
{
	const char *slash = strrchr(settings_path, '/');

	if (p[0] == '/' || !slash)
		return xstrdup(p);
	return xasprintf("%.*s/%s", (int)(slash - settings_path), settings_path, p);
}

static int read_file(const char *path, char **out, struct err *err)
{
	FILE *f = fopen(path, "rb");
	struct sbuf sb;
	char buf[8192];
	size_t got;

	*out = NULL;
	if (!f)
		return errno == ENOENT ? 1
		       : err_set(err, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	sbuf_init(&sb, 0);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		sbuf_add(&sb, buf, got);
		if (sb.len > MAX_SETTINGS_BYTES) {
			fclose(f);
			sbuf_release(&sb);
			return err_set(err, ERR_TOOBIG, "'%s' is over 1 MiB", path);
		}
	}
	if (ferror(f)) {
		fclose(f);
		sbuf_release(&sb);
		return err_set(err, ERR_IO, "cannot read '%s': %s", path, strerror(errno));
	}
	fclose(f);
	*out = sbuf_detach(&sb);
	return 0;
}

int docs_settings_load(const char *path, struct docs_settings *s, struct err *err)
{
	cJSON *root = NULL, *it;
	char *text = NULL;
	size_t i;
	int rc;

	docs_settings_defaults(s);
	if ((rc = read_file(path, &text, err)))
		return rc == 1 ? 0 : rc;
	if (!(root = cJSON_Parse(text)) || !cJSON_IsObject(root)) {
		rc = err_set(err, ERR_PARSE, "'%s' is not a JSON object", path);
		goto out;
	}
	for (i = 0; i < N_KEYS; i++) {
		if (!(it = cJSON_GetObjectItemCaseSensitive(root, keys[i].name)))
			continue;
		if (!cJSON_IsString(it)) {
			rc = err_set(err, ERR_PARSE, "'%s': \"%s\" must be a string", path,
				     keys[i].name);
			goto out;
		}
		free(*slot(s, &keys[i]));
		*slot(s, &keys[i]) = xstrdup(it->valuestring);
	}
	if ((it = cJSON_GetObjectItemCaseSensitive(root, "cc"))) {
		cJSON *line;
		if (!cJSON_IsArray(it)) {
			rc = err_set(err, ERR_PARSE, "'%s': \"cc\" must be a list of lines", path);
			goto out;
		}
		for (i = 0; i < s->n_cc; i++)
			free(s->cc[i]);
		s->n_cc = 0;
		cJSON_ArrayForEach(line, it) {
			if (!cJSON_IsString(line)) {
				rc = err_set(err, ERR_PARSE, "'%s': \"cc\" must be a list of lines", path);
				goto out;
			}
			add_cc(s, line->valuestring);
		}
	}
	{
		static const char *const tpl[] = {"urge_template", "report_template"};
		char **dst[] = {&s->urge_template, &s->report_template};
		for (i = 0; i < 2; i++) {
			if (!(it = cJSON_GetObjectItemCaseSensitive(root, tpl[i])) || cJSON_IsNull(it))
				continue;
			if (!cJSON_IsString(it) || !*it->valuestring) {
				rc = err_set(err, ERR_PARSE, "'%s': \"%s\" must be a file name", path,
					     tpl[i]);
				goto out;
			}
			*dst[i] = beside(path, it->valuestring);
		}
	}
out:
	cJSON_Delete(root);
	free(text);
	return rc;
}

/* ---- What both documents write from the settings ------------------------- */

void docs_cc_lines(const struct docs_settings *st, struct sbuf *sb)
{
	size_t i;

	sbuf_adds(sb, "- Như trên;");
	for (i = 0; i < st->n_cc; i++) {
		sbuf_addc(sb, '\n');
		sbuf_adds(sb, st->cc[i]);
	}
}

void docs_authority_line(const struct docs_settings *st, struct sbuf *sb)
{
	if (st->authority && *st->authority)
		sbuf_addf(sb, "%s %s", st->authority, st->authority_title);
}
