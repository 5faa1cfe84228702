# Makefile for tracker: the directive tracker of a Văn phòng UBND.
#
#   make            build build/tracker (optimised)
#   make run        build, load sample-data/ into a fresh database, serve
#   make test       build with ASan+UBSan and run every test
#   make bench      print parser and import throughput, memory under attack,
#                   then bench-web
#   make bench-web  the API under wrk: cached, uncached, bare libmicrohttpd
#   make bench-scale  bench-web on a 10x database (kept in build/bench-scale.db)
#   make fuzz       build and run the libFuzzer target for the parser
#   make fuzz-textin  the same for the .docx and legacy-text converters
#   make install    PREFIX=/usr/local DESTDIR=
#   make docs       render the urging letter's first page to docs/urge-letter.png
#
# The first target of every build runs scripts/bootstrap.sh, which installs
# missing Debian packages, so pkg-config flags are computed after it.

CC       ?= cc
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/tracker
PKGS      = sqlite3 libical libmicrohttpd libcjson libcurl libutf8proc libcrypto libcrypt libzip libxml-2.0 xlsxwriter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))

WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
DEFS     = -D_DEFAULT_SOURCE -D_GNU_SOURCE -DTRACKER_DATADIR='"$(DATADIR)"'
CFLAGS   ?= -O2 -g
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

NOTICES_SRC = $(sort $(wildcard notices/*.c))
# tracker/ is one folder per concern (README, Layout); cli/ is the command,
# kept out of the library that tests and benchmarks link.
TRACKER_SRC = $(filter-out tracker/cli/%,$(sort $(wildcard tracker/*.c tracker/*/*.c)))
WEB_SRC     = $(sort $(wildcard web/*.c))
LIB_SRC     = $(NOTICES_SRC) $(TRACKER_SRC) $(WEB_SRC)
CLI_SRC     = $(sort $(wildcard tracker/cli/*.c))
TEST_SRC    = $(sort $(wildcard tests/test_*.c))
HEADERS     = $(wildcard notices/*.h tracker/*.h tracker/*/*.h web/*.h tests/*.h)

# The dashboard's files are compiled into the binary (scripts/embed.sh).
STATIC_FILES = $(sort $(wildcard web/static/*))
GEN_STATIC   = build/gen/web_static.c

# The documents' default templates: XML parts in tracker/docs/template/NAME/,
# zipped into build/templates/NAME.docx (scripts/zipdir.c, libzip), compiled in.
DOC_TEMPLATES = build/templates/urge.docx build/templates/report.docx
GEN_TEMPLATES = build/gen/docs_templates.c

REL_OBJ  = $(LIB_SRC:%.c=build/rel/obj/%.o) build/rel/obj/gen/web_static.o build/rel/obj/gen/docs_templates.o
SAN_OBJ  = $(LIB_SRC:%.c=build/san/obj/%.o) build/san/obj/gen/web_static.o build/san/obj/gen/docs_templates.o
TEST_BIN = $(TEST_SRC:tests/%.c=build/san/tests/%)

BOOT     = build/.bootstrap

.PHONY: all run test bench bench-web bench-bins bench-scale fuzz fuzz-textin clean install check-src docs
all: build/tracker

$(BOOT): scripts/bootstrap.sh
	@mkdir -p build
	sh scripts/bootstrap.sh
	@touch $@

build/rel/obj/%.o: %.c $(HEADERS) | $(BOOT)
	@mkdir -p $(dir $@)
	@echo "CC      $<"
	@$(CC) $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS) -I. -c $< -o $@

build/san/obj/%.o: %.c $(HEADERS) | $(BOOT)
	@mkdir -p $(dir $@)
	@echo "CC san  $<"
	@$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -I. -c $< -o $@

$(GEN_STATIC): $(STATIC_FILES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed.sh $@ $(STATIC_FILES)

build/rel/obj/gen/web_static.o: $(GEN_STATIC) web/static_files.h
	@mkdir -p $(dir $@)
	@$(CC) $(WARN) $(DEFS) $(CFLAGS) -I. -c $< -o $@

build/san/obj/gen/web_static.o: $(GEN_STATIC) web/static_files.h
	@mkdir -p $(dir $@)
	@$(CC) $(WARN) $(DEFS) -O1 -g -I. -c $< -o $@

build/zipdir: scripts/zipdir.c | $(BOOT)
	$(CC) $(WARN) $(DEFS) -O1 $(shell pkg-config --cflags libzip) -o $@ $< $(shell pkg-config --libs libzip)

build/templates/%.docx: build/zipdir $(wildcard tracker/docs/template/*/* tracker/docs/template/*/*/* tracker/docs/template/*/*/.rels tracker/docs/template/*/*/*/*)
	@mkdir -p $(dir $@)
	build/zipdir $@ tracker/docs/template/$*

$(GEN_TEMPLATES): $(DOC_TEMPLATES) scripts/embed-templates.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed-templates.sh $@ $(DOC_TEMPLATES)

build/rel/obj/gen/docs_templates.o: $(GEN_TEMPLATES) tracker/docs/docs_int.h tracker/docs/docs.h
	@mkdir -p $(dir $@)
	@$(CC) $(WARN) $(DEFS) $(CFLAGS) -I. -c $< -o $@

build/san/obj/gen/docs_templates.o: $(GEN_TEMPLATES) tracker/docs/docs_int.h tracker/docs/docs.h
	@mkdir -p $(dir $@)
	@$(CC) $(WARN) $(DEFS) -O1 -g -I. -c $< -o $@

build/tracker: $(REL_OBJ) $(CLI_SRC:%.c=build/rel/obj/%.o)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/san/tracker: $(SAN_OBJ) $(CLI_SRC:%.c=build/san/obj/%.o)
	$(CC) -g $(SAN) -o $@ $^ $(PKG_LIBS) -lm

build/san/tests/%: tests/%.c $(SAN_OBJ) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -I. -o $@ $< $(SAN_OBJ) $(PKG_LIBS) -lm

# Sources must not use the functions curl's checksrc bans either.
check-src:
	@! grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets|localtime|gmtime)\s*\(' \
		$(LIB_SRC) $(CLI_SRC) $(TEST_SRC) || { echo "banned function above"; exit 1; }

# The feed tests read feeds with ical.js, pinned by package-lock.json and
# installed with the machine's npm; npm ci rewrites this file.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: build/san/tracker $(TEST_BIN) check-src node_modules/.package-lock.json
	@TRACKER=build/san/tracker TEST_BINS="$(TEST_BIN)" sh tests/run.sh

run: build/tracker
	rm -rf build/run.db build/run.db-wal build/run.db-shm build/outbox
	build/tracker --db build/run.db import sample-data/
	build/tracker --db build/run.db list --today $$(date -u +%F) | tail -5
	@echo
	@echo "Dashboard: http://127.0.0.1:8080/  (log in as 'vanphong' with the password printed"
	@echo "below; more accounts: build/tracker --db build/run.db users add LOGIN --role office|unit|viewer)"
	@echo "Reminder and weekly mails go to build/outbox/ as .eml files (no SMTP server here)."
	build/tracker --db build/run.db serve --listen 127.0.0.1:8080 --outbox build/outbox

bench-bins: $(REL_OBJ) bench/bench.c bench/bench_db.h bench/web_seed.c bench/bare_mhd.c build/tracker | $(BOOT)
	@sh scripts/bootstrap.sh --bench
	$(CC) $(WARN) $(DEFS) -O2 -g $(PKG_CFLAGS) -I. -o build/bench bench/bench.c $(REL_OBJ) $(PKG_LIBS) -lm
	$(CC) $(WARN) $(DEFS) -O2 -g $(PKG_CFLAGS) -I. -o build/web-seed bench/web_seed.c $(REL_OBJ) $(PKG_LIBS) -lm
	$(CC) $(WARN) $(DEFS) -O2 -g $(PKG_CFLAGS) -I. -o build/bare-mhd bench/bare_mhd.c $(PKG_LIBS)

bench: bench-bins
	./build/bench
	sh bench/web_bench.sh
	python3 bench/hostile_bench.py build/tracker

bench-web: bench-bins
	sh bench/web_bench.sh

# 1,000,000 tasks, 20,000 units, several work items per task, recurring
# periods: made once (minutes), then served by the same benchmark.
build/bench-scale.db: bench/web_seed.c
	$(MAKE) bench-bins
	rm -f $@ $@-wal $@-shm
	build/web-seed --scale 10 $@

bench-scale: bench-bins build/bench-scale.db
	WEB_BENCH_DB=build/bench-scale.db sh bench/web_bench.sh

FUZZ_SECONDS ?= 60
fuzz: | $(BOOT)
	@mkdir -p build/fuzz-corpus
	clang $(DEFS) -g -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -I. \
		-o build/fuzz-parse fuzz/fuzz_parse.c $(NOTICES_SRC) $(PKG_LIBS) -lm
	./build/fuzz-parse -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -artifact_prefix=build/fuzz- \
		build/fuzz-corpus tests/fuzz-corpus

# The converters (.docx, legacy text) and the parser behind them; seeds are
# made fresh: a numbered .docx and a notice in TCVN3 and Windows-1258.
TEXTIN_SRC = $(sort $(wildcard tracker/textin/*.c))
fuzz-textin: | $(BOOT)
	@mkdir -p build/fuzz-textin-corpus
	python3 tests/mkdocx.py numbered build/fuzz-textin-corpus/numbered.docx build/fuzz-textin-corpus/numbered.txt
	iconv -f UTF-8 -t TCVN5712-1 docs/example-notice.txt >build/fuzz-textin-corpus/tcvn3.txt
	iconv -f UTF-8 -t CP1258 docs/example-notice.txt >build/fuzz-textin-corpus/cp1258.txt
	clang $(DEFS) -g -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -I. \
		-o build/fuzz-textin fuzz/fuzz_textin.c $(TEXTIN_SRC) $(NOTICES_SRC) $(PKG_LIBS) -lm
	./build/fuzz-textin -max_total_time=$(FUZZ_SECONDS) -max_len=262144 -timeout=10 \
		-artifact_prefix=build/fuzz-textin- build/fuzz-textin-corpus

# The systemd units (deploy/systemd/) get the installed paths; INSTALL_BIN
# lets a test install the binary it already built.
SYSTEMDDIR  ?= $(PREFIX)/lib/systemd/system
INSTALL_BIN ?= build/tracker
install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(SYSTEMDDIR)
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/tracker
	install -m 644 sample-data/units.json $(DESTDIR)$(DATADIR)/units.json
	install -m 644 sample-data/office.json $(DESTDIR)$(DATADIR)/office.json
	install -d $(DESTDIR)$(DATADIR)/templates
	install -m 644 $(DOC_TEMPLATES) $(DESTDIR)$(DATADIR)/templates/
	for u in tracker.service tracker-backup.service; do \
		sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' deploy/systemd/$$u.in \
			>$(DESTDIR)$(SYSTEMDDIR)/$$u && chmod 644 $(DESTDIR)$(SYSTEMDDIR)/$$u || exit 1; \
	done
	install -m 644 deploy/systemd/tracker-backup.timer $(DESTDIR)$(SYSTEMDDIR)/tracker-backup.timer

# docs/urge-letter.png: the first page of an urging letter from the sample
# data, through LibreOffice (PDF) and pdftoppm, as README shows it.
docs: build/tracker
	sh scripts/docs-image.sh build/tracker docs/urge-letter.png

clean:
	rm -rf build/rel build/san build/gen build/templates build/zipdir build/bench build/fuzz-parse build/fuzz-textin build/tracker
