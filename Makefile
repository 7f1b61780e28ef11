# listdigest — build, test, install.
#
#   make            build build/listdigest
#   make check      install missing packages, build, run all tests; then again
#                   under AddressSanitizer + UndefinedBehaviorSanitizer
#   make demo       install missing packages, build, digest a sample archive
#   make fuzz       build the libFuzzer harnesses with clang and run each for
#                   FUZZ_SECONDS (default 60) seconds; FUZZ_SEED=N (from 1)
#                   replays libFuzzer's seed N (default: a new one each run)
#   make install    PREFIX=/usr/local DESTDIR=

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
CC        ?= cc
PKGS      := libgit2 gmime-3.0 zlib sqlite3 libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASEFLAGS := -std=c11 -D_GNU_SOURCE -DLISTDIGEST_VERSION='"$(VERSION)"' $(WARN) $(PKG_CFLAGS)
CFLAGS    ?= -O2 -g
SANFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDLIBS    := $(PKG_LIBS) -lpthread

# The modules, along the data's path.
LIB_SRC := \
	src/common/strbuf.c src/common/arena.c src/common/utf8.c src/common/strmap.c src/common/output.c src/common/file.c \
	src/common/index_set.c \
	src/source/source.c src/source/epoch.c src/source/arrival.c src/source/mbox.c src/source/maildir.c src/source/reader.c \
	src/common/date.c src/source/select.c src/source/commit_graph.c src/source/pack_check.c \
	src/message/header.c src/message/address.c src/message/rfc2047.c src/message/mail.c src/message/charset.c src/message/decode.c src/message/fastpath.c src/message/mime.c \
	src/patch/subject.c src/patch/inbody.c src/patch/author.c src/patch/body.c src/patch/review.c src/patch/links.c src/patch/patchid.c src/patch/facts.c \
	src/identity/mailmap.c src/identity/orgmap.c src/identity/identity.c \
	src/digest/digest.c \
	src/index/cache.c src/index/index.c src/index/record.c src/index/rows.c src/index/values.c src/index/keys.c src/index/update.c \
	src/series/similarity.c src/series/applied.c \
	src/series/ids.c src/series/revision.c src/series/reply.c src/series/thread.c src/series/series.c \
	src/report/report.c src/report/text.c src/report/series_text.c src/report/markdown.c src/report/json.c \
	src/report/html_escape.c src/report/timeline.c src/report/svg.c src/report/html_series.c src/report/html.c \
	src/report/mail_address.c src/report/mail_encode.c src/report/mail.c \
	src/run/run.c src/run/row_list.c
MAIN_SRC := src/cli/main.c src/cli/options.c
UNIT_SRC := $(wildcard tests/unit/test_*.c)

# Two variants of everything: build/ (optimised) and build/asan/ (sanitizers).
define variant
$(1)/obj/%.o: %.c $$(wildcard src/*/*.h) $$(wildcard tests/unit/*.h) | deps-checked
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASEFLAGS) $(2) -c $$< -o $$@

$(1)/listdigest: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) $$(MAIN_SRC))
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)

$(1)/fastpath-check: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) tests/tools/fastpath_check.c)
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)

$(1)/index-fill: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) tests/tools/index_fill.c)
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)

$(1)/applied-check: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) tests/tools/applied_check.c)
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)

$(1)/patchid-check: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) tests/tools/patchid_check.c)
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)

$(1)/parse-time: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) tests/tools/parse_time.c)
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)

$(1)/unit-tests: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC) $$(UNIT_SRC) tests/unit/main.c tests/unit/harness.c)
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)
endef

$(eval $(call variant,build,$(CFLAGS)))
$(eval $(call variant,build/asan,$(SANFLAGS)))

# The fuzzers: clang's libFuzzer, apart in build/fuzz/ so that the gcc builds
# above stay as they are. The library is instrumented for coverage and the
# sanitizers; each harness (tests/fuzz/fuzz_NAME.c) links it with libFuzzer.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SEED    ?=
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
# (the code's pragmas for gcc's analyzer name warnings clang does not know)
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -Wno-unknown-warning-option
FUZZ_NAMES   := message differential subject inbody date mbox maps pipeline
FUZZ_BINS    := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_NAMES))

build/fuzz/obj/src/%.o: src/%.c $(wildcard src/*/*.h) | deps-checked
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASEFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/obj/tests/fuzz/%.o: tests/fuzz/%.c $(wildcard src/*/*.h) | deps-checked
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASEFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -c $< -o $@

FUZZ_LIB_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
.SECONDARY: $(FUZZ_LIB_OBJ) $(patsubst %,build/fuzz/obj/tests/fuzz/fuzz_%.o,$(FUZZ_NAMES))

build/fuzz/fuzz_%: build/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

.PHONY: all check check-fast analyze fuzz fuzz-build demo deps deps-checked install clean
all: build/listdigest

# Installs what is missing (apt-get, as root or through sudo); quiet when all is there.
deps:
	@tools/install-deps .ci/packages

deps-checked:
	@pkg-config --exists $(PKGS) || { echo "listdigest: build dependencies missing: run 'make deps' (or make demo / make check)" >&2; exit 1; }

VARIANT_BINS = $(1)/listdigest $(1)/fastpath-check $(1)/index-fill $(1)/applied-check \
	$(1)/patchid-check $(1)/parse-time $(1)/unit-tests

check: deps
	@$(MAKE) --no-print-directory $(call VARIANT_BINS,build) $(call VARIANT_BINS,build/asan)
	@tests/run build build/asan

# The tests against the optimised build only: quicker while working.
check-fast: deps
	@$(MAKE) --no-print-directory $(call VARIANT_BINS,build)
	@tests/run build

# Static analysis of src/: gcc's -fanalyzer on every file, then cppcheck;
# any finding fails. A suppression in the code says why beside it.
ANALYZE_SRC = $(LIB_SRC) $(MAIN_SRC)
analyze: deps
	@set -e; for f in $(ANALYZE_SRC); do \
		$(CC) $(BASEFLAGS) -O1 -fanalyzer -c $$f -o /dev/null; \
	done; echo "gcc -fanalyzer: $(words $(ANALYZE_SRC)) files, no findings"
	@cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 --inline-suppr -D_GNU_SOURCE -I src src
	@echo "cppcheck: no findings"

fuzz-build: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

# Builds the harnesses and the seed corpus, then runs each harness in turn;
# fails on any crash, leak, timeout (1 s) or memory blow-up (256 MB), and
# says where the input that caused it is.
fuzz: fuzz-build
	@tests/fuzz/mkcorpus build/fuzz/corpus
	@FUZZ_SEED=$(FUZZ_SEED) tests/fuzz/run build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

demo: deps
	@$(MAKE) --no-print-directory build/listdigest
	@rm -rf build/demo && tests/golden/mkrepo build/demo/sample.git >/dev/null
	@echo "# build/listdigest --top 5 build/demo/sample.git" >&2
	@build/listdigest --top 5 build/demo/sample.git

install: build/listdigest
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 build/listdigest $(DESTDIR)$(BINDIR)/listdigest
	install -m 644 listdigest.1 $(DESTDIR)$(MANDIR)/man1/listdigest.1

clean:
	rm -rf build
