/*
 * fuzz_parse.c - libFuzzer target for the notice parser.  Every input goes
 * through notice_parse() with a tiny units directory embedded below (so the
 * target needs no files); a successful result is checked against the
 * invariants of tests/checknotice.h, and everything is freed.  `make fuzz`
 * builds it with clang -fsanitize=fuzzer,address,undefined and runs it over
 * tests/fuzz-corpus/.  Inputs that crash go to tests/fuzz-crashes/ with the
 * fix (tests/test_fuzz_replay.c replays them in `make test`).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "notices/notice.h"
#include "notices/unitdir.h"
#include "tests/checknotice.h"

static const char UNITS_JSON[] =
	"{\"units\": ["
	"{\"name\": \"Sở Nội vụ\", \"aliases\": [\"SNV\"]},"
	"{\"name\": \"Sở Tư pháp\", \"aliases\": []},"
	"{\"name\": \"Sở Kế hoạch và Đầu tư\","
	" \"aliases\": [\"Sở KH&ĐT\", \"Sở Kế hoạch- Đầu tư\"]},"
	"{\"name\": \"Sở Tài nguyên và Môi trường\", \"aliases\": [\"Sở TN&MT\", \"TN&MT\"]},"
	"{\"name\": \"Văn phòng UBND tỉnh\", \"aliases\": []},"
	"{\"name\": \"Phòng Nội vụ\", \"aliases\": []}"
	"], \"groups\": ["
	"{\"name\": \"Các sở, ban, ngành\","
	" \"members\": [\"Sở Nội vụ\", \"Sở Tư pháp\", \"Sở Kế hoạch và Đầu tư\"]},"
	"{\"name\": \"UBND các huyện, thành phố\", \"aliases\": [], \"members\": []}"
	"]}";

/* Loaded once; libFuzzer keeps the process between inputs. */
static struct unitdir *units;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err err = {0};

	(void)argc;
	(void)argv;
	if (unitdir_load(UNITS_JSON, sizeof UNITS_JSON - 1, &units, &err) != 0) {
		fprintf(stderr, "fuzz_parse: embedded units directory: %s\n", err.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct notice *n = NULL;
	struct err err = {0};
	int rc = notice_parse((const char *)data, size, units, &n, &err);

	if (rc == 0) {
		const char *why = n ? notice_problem(n) : "returned 0 with *out NULL";
		if (why) {
			fprintf(stderr, "fuzz_parse: malformed result: %s\n", why);
			abort();
		}
	} else if (rc != -1 || n || !err.msg[0]) {
		fprintf(stderr, "fuzz_parse: bad failure (rc %d, msg '%s')\n", rc, err.msg);
		abort();
	}
	notice_free(&n);
	return 0;
}
