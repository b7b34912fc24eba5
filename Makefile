# cjm -- the only Makefile.  GNU make, no recursion.
#
#	make			build every tool into bin/
#	make check		unit + golden CLI tests (installs deps first)
#	make check SANITIZE=1	the same under ASan+UBSan (objects in obj-san/)
#	make demo		the nightly pipeline on the bundled data set
#	make check-slow		the statistical tests at full size, and the
#				coverage of cjm-drivers' intervals (minutes)
#	make bench		benchmarks (ratios against baselines, same run)
#	make install PREFIX=/usr/local DESTDIR=
#	make deps		install missing Debian packages (apt-get)
#	make fuzz		the libFuzzer harnesses (clang) into obj-fuzz/;
#				tests/fuzz/run.sh builds and runs them
#
# OBJ and BIN name the build directories, so that several builds (plain,
# sanitized, a developer's scratch build) can live side by side.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man

ifeq ($(SANITIZE),1)
OBJ	?= obj-san
BIN	?= bin-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
else
OBJ	?= obj
BIN	?= bin
SANFLAGS =
endif

CC	?= cc
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror $(SANFLAGS)
CPPFLAGS += -D_DEFAULT_SOURCE -D_GNU_SOURCE -Ilib
LDFLAGS	+= $(SANFLAGS)
GSL_LIBS := $(shell pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas -lm)
LDLIBS	+= -lcsv $(GSL_LIBS) -lm	# libcsv ships no .pc file

TOOLS	:= $(notdir $(wildcard cmd/*))
BINS	:= $(TOOLS:%=$(BIN)/%)
MANS	:= $(foreach t,$(TOOLS),cmd/$t/$t.1)
LIBSRC	:= $(wildcard lib/*.c)
LIBOBJ	:= $(LIBSRC:%.c=$(OBJ)/%.o)
TOOLSRC	:= $(wildcard cmd/*/*.c)
TOOLOBJ	:= $(TOOLSRC:%.c=$(OBJ)/%.o)
UNITSRC	:= $(wildcard tests/unit/t_*.c)
UNITS	:= $(UNITSRC:%.c=$(OBJ)/%)
LIBA	:= $(OBJ)/libcjm.a

all: $(BINS)

$(LIBA): $(LIBOBJ)
	$(AR) rcs $@ $^

# One tool = one directory; every .c in it belongs to the tool.
.SECONDEXPANSION:
# (No '%' inside the expansion: a static pattern rule would put the stem
# in place of the first one.)
$(BINS): $(BIN)/%: $$(addprefix $(OBJ)/,$$(addsuffix .o,$$(basename $$(wildcard cmd/$$*/*.c)))) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBA) $(LDLIBS)

$(OBJ)/tests/unit/t_%: tests/unit/t_%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

$(OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

deps:
	@sh .ci/deps

# The unit tests, then the golden CLI tests; the last line of output is
# "N passed, N failed" over both.
check: deps
	@$(MAKE) --no-print-directory all units
	@BIN=$(BIN) OBJ=$(OBJ) sh tests/run.sh $(UNITS)

# The slow variants of the statistical tests (HACKING.md): the metamorphic
# properties on 20000 tables per data set, the independent reference on
# 2000 tables at three seeds; then tests/slow/*.sh (each exits 0, 77 to
# skip, or 1): the coverage of cjm-drivers' bootstrap intervals.
check-slow: deps
	@$(MAKE) --no-print-directory all
	@STAT_SLOW=1 STAT_TABLES=20000 STAT_REF_TABLES=2000 \
	    STAT_REF_SEEDS="1 2 3" BIN=$(BIN) OBJ=$(OBJ) T=tests/sh/stat- \
	    sh tests/run.sh
	@s=0; for t in tests/slow/*.sh; do echo "== $$t"; \
	    BIN=$(BIN) sh $$t; r=$$?; [ $$r -eq 0 ] || [ $$r -eq 77 ] || s=1; \
	    done; exit $$s

units: $(UNITS)

demo: deps
	@$(MAKE) --no-print-directory all
	@BIN=$(BIN) sh pipelines/demo

bench: deps
	@$(MAKE) --no-print-directory all
	@BIN=$(BIN) OBJ=$(OBJ) sh bench/run

# mandoc and cppcheck are required (.ci/deps installs them); man -l (groff,
# what a user runs) is checked too where man-db is installed.
lint:
	mandoc -Tlint -Wwarning $(MANS) pipelines/cjm-nightly.1
	@if command -v man >/dev/null 2>&1; then \
		for m in $(MANS) pipelines/cjm-nightly.1; do \
			e=$$(MANWIDTH=80 man -l $$m 2>&1 >/dev/null); \
			[ -z "$$e" ] || { echo "$$m: man -l: $$e"; exit 1; }; \
		done; \
	else echo "lint: man (man-db) not installed: man -l not checked"; fi
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    -Ilib lib cmd

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	cp -f pipelines/nightly $(DESTDIR)$(BINDIR)/cjm-nightly
	cp -f $(MANS) pipelines/cjm-nightly.1 $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(BINDIR)/cjm-nightly \
	    $(TOOLS:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
	    $(DESTDIR)$(MANDIR)/man1/cjm-nightly.1

# ---- libFuzzer harnesses (tests/fuzz/; see HACKING.md) ----
# Nothing is listed by hand: every lib/*.c is in, and a harness
# tests/fuzz/fz_cjm-<tool>.c is linked with every cmd/cjm-<tool>/*.c (its
# main() renamed fz_main_fn); fz_<name>.c for anything else gets lib/
# only.  lib/ and cmd/ are compiled with tests/fuzz/fz_hook.h in front
# (exit, atexit, stdio openers and statics, for tests/fuzz/fz.c).
FUZZCC	?= clang
FZ	?= obj-fuzz
FZFLAGS	?= -g -O1 -fno-omit-frame-pointer -gline-tables-only
FZFLAGS	+= -std=c11 -Wall -Wextra -fsanitize=fuzzer-no-link,address,undefined \
	   -fno-sanitize-recover=undefined
FZSRC	:= $(wildcard tests/fuzz/fz_*.c)
FZBINS	:= $(FZSRC:tests/fuzz/%.c=$(FZ)/%)
FZLIBOBJ := $(LIBSRC:%.c=$(FZ)/%.o)
FZLIBA	:= $(FZ)/libcjm.a
fz_tool = $(patsubst %.c,$(FZ)/%.o,$(wildcard cmd/$(patsubst fz_%,%,$(1))/*.c))

fuzz: $(FZBINS)

$(FZLIBA): $(FZLIBOBJ)
	$(AR) rcs $@ $^

$(FZBINS): $(FZ)/%: $(FZ)/tests/fuzz/%.o $(FZ)/tests/fuzz/fz.o $$(call fz_tool,$$*) $(FZLIBA)
	$(FUZZCC) $(FZFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(FZLIBA) $(LDLIBS)

$(FZ)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZCC) $(CPPFLAGS) $(FZFLAGS) -include tests/fuzz/fz_hook.h -MMD -MP -c -o $@ $<

$(FZ)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(FUZZCC) $(CPPFLAGS) $(FZFLAGS) -include tests/fuzz/fz_hook.h -Dmain=fz_main_fn -MMD -MP -c -o $@ $<

$(FZ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZCC) $(CPPFLAGS) $(FZFLAGS) -Werror -MMD -MP -c -o $@ $<

clean:
	rm -rf bin bin-san obj obj-san obj-fuzz tests/out

.PHONY: all check check-slow units demo bench lint install uninstall clean deps fuzz
-include $(LIBOBJ:.o=.d) $(TOOLOBJ:.o=.d) $(wildcard $(FZ)/*/*.d $(FZ)/*/*/*.d $(FZ)/*/*/*/*.d)
