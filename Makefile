# Makefile for tracker: the directive tracker of a Văn phòng UBND.
#
#   make            build build/tracker (optimised)
#   make run        build, load sample-data/ into a fresh database, serve
#   make test       build with ASan+UBSan and run every test
#   make bench      print parser and import throughput
#   make fuzz       build and run the libFuzzer target for the parser
#   make install    PREFIX=/usr/local DESTDIR=
#
# The first target of every build runs scripts/bootstrap.sh, which installs
# missing Debian packages, so pkg-config flags are computed after it.

CC       ?= cc
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/tracker
PKGS      = sqlite3 libical libmicrohttpd libcjson libcurl libutf8proc libcrypto
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))

WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
DEFS     = -D_DEFAULT_SOURCE -D_GNU_SOURCE -DTRACKER_DATADIR='"$(DATADIR)"'
CFLAGS   ?= -O2 -g
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

NOTICES_SRC = $(sort $(wildcard notices/*.c))
TRACKER_SRC = $(filter-out tracker/main.c,$(sort $(wildcard tracker/*.c)))
WEB_SRC     = $(sort $(wildcard web/*.c))
LIB_SRC     = $(NOTICES_SRC) $(TRACKER_SRC) $(WEB_SRC)
TEST_SRC    = $(sort $(wildcard tests/test_*.c))
HEADERS     = $(wildcard notices/*.h tracker/*.h web/*.h tests/*.h)

REL_OBJ  = $(LIB_SRC:%.c=build/rel/obj/%.o)
SAN_OBJ  = $(LIB_SRC:%.c=build/san/obj/%.o)
TEST_BIN = $(TEST_SRC:tests/%.c=build/san/tests/%)

BOOT     = build/.bootstrap

.PHONY: all run test bench fuzz clean install check-src
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

build/tracker: $(REL_OBJ) build/rel/obj/tracker/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/san/tracker: $(SAN_OBJ) build/san/obj/tracker/main.o
	$(CC) -g $(SAN) -o $@ $^ $(PKG_LIBS) -lm

build/san/tests/%: tests/%.c $(SAN_OBJ) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -I. -o $@ $< $(SAN_OBJ) $(PKG_LIBS) -lm

# Sources must not use the functions curl's checksrc bans either.
check-src:
	@! grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets|localtime|gmtime)\s*\(' \
		$(LIB_SRC) tracker/main.c $(TEST_SRC) || { echo "banned function above"; exit 1; }

# The feed tests read feeds with ical.js, pinned by package-lock.json and
# installed with the machine's npm; npm ci rewrites this file.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: build/san/tracker $(TEST_BIN) check-src node_modules/.package-lock.json
	@TRACKER=build/san/tracker TEST_BINS="$(TEST_BIN)" sh tests/run.sh

run: build/tracker
	rm -f build/run.db build/run.db-wal build/run.db-shm
	build/tracker --db build/run.db import sample-data/
	build/tracker --db build/run.db list --today $$(date -u +%F)
	build/tracker --db build/run.db serve --listen 127.0.0.1:8080

bench: $(REL_OBJ) bench/bench.c | $(BOOT)
	$(CC) $(WARN) $(DEFS) -O2 -g $(PKG_CFLAGS) -I. -o build/bench bench/bench.c $(REL_OBJ) $(PKG_LIBS) -lm
	./build/bench

FUZZ_SECONDS ?= 60
fuzz: | $(BOOT)
	@mkdir -p build/fuzz-corpus
	clang $(DEFS) -g -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -I. \
		-o build/fuzz-parse fuzz/fuzz_parse.c $(NOTICES_SRC) $(PKG_LIBS) -lm
	./build/fuzz-parse -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -artifact_prefix=build/fuzz- \
		build/fuzz-corpus tests/fuzz-corpus

install: build/tracker
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 build/tracker $(DESTDIR)$(BINDIR)/tracker
	install -m 644 sample-data/units.json $(DESTDIR)$(DATADIR)/units.json

clean:
	rm -rf build/rel build/san build/bench build/fuzz-parse build/tracker
