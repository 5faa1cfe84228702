/*
 * zipdir.c - zips a template folder into a .docx at build time:
 *   zipdir OUT.docx DIR
 * "[Content_Types].xml" first (what readers that sniff the package expect),
 * then every other file in name order, all with one fixed time, so the
 * same parts always give the same bytes.  Built and run by the Makefile.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

static char *names[1024];
static size_t n_names;

static void walk(const char *root, const char *rel)
{
	char path[4096];
	struct dirent **ents;
	int i, n;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0) {
		perror(path);
		exit(1);
	}
	for (i = 0; i < n; i++) {
		char sub[4096], full[8192];
		struct stat st;
		if (ents[i]->d_name[0] == '.' && strcmp(ents[i]->d_name, ".rels")) {
			free(ents[i]);
			continue;
		}
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", ents[i]->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		free(ents[i]);
		if (stat(full, &st) < 0) {
			perror(full);
			exit(1);
		}
		if (S_ISDIR(st.st_mode))
			walk(root, sub);
		else if (n_names < sizeof(names) / sizeof(names[0]))
			names[n_names++] = strdup(sub);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	zip_t *z;
	int err = 0;
	size_t i, pass;
	char tmp[4096];

	if (argc != 3) {
		fprintf(stderr, "usage: zipdir OUT.docx DIR\n");
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	remove(tmp);
	walk(argv[2], "");
	if (!(z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &err))) {
		fprintf(stderr, "zipdir: cannot create '%s' (%d)\n", tmp, err);
		return 1;
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n_names; i++) {
			char full[8192];
			zip_source_t *s;
			zip_int64_t idx;
			if ((pass == 0) != !strcmp(names[i], "[Content_Types].xml"))
				continue;
			snprintf(full, sizeof(full), "%s/%s", argv[2], names[i]);
			if (!(s = zip_source_file(z, full, 0, -1)) ||
			    (idx = zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8)) < 0 ||
			    zip_file_set_mtime(z, (zip_uint64_t)idx, 1577836800, 0) < 0) {
				fprintf(stderr, "zipdir: %s: %s\n", full, zip_strerror(z));
				return 1;
			}
		}
	if (zip_close(z) < 0) {
		fprintf(stderr, "zipdir: cannot write '%s': %s\n", tmp, zip_strerror(z));
		return 1;
	}
	if (rename(tmp, argv[1]) < 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < n_names; i++)
		free(names[i]);
	return 0;
}
