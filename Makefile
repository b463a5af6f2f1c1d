# lb — build, test and install. See README.md; settings in config.mk.
.SUFFIXES:
include config.mk

B = build

SCHEMAS  = schemas/roster.yaml schemas/activity.yaml
RULEBASE = schemas/calendar.yaml schemas/statutory.yaml
RULES    = $(sort $(wildcard schemas/rules/*.yaml))
LIBSRC   = $(sort $(wildcard libcore/*.c))
LIBOBJ   = $(LIBSRC:%.c=$(B)/%.o) $(B)/gen/builtin.o
LIBHDR   = $(wildcard libcore/*.h) $(B)/gen/fields.h
TOOLSRC  = $(sort $(wildcard cmd/*.c))
TOOLS    = $(TOOLSRC:cmd/%.c=$(B)/bin/%)
UNITSRC  = $(sort $(wildcard tests/unit/test_*.c))
UNITS    = $(UNITSRC:tests/unit/%.c=$(B)/tests/%)
MAN1     = $(sort $(wildcard man/*.1))
MAN5     = $(sort $(wildcard man/*.5))
MAN7     = $(sort $(wildcard man/*.7))
MAN      = $(MAN1) $(MAN5) $(MAN7)
ASAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

PO       = $(sort $(wildcard po/*.po))
MO       = $(PO:po/%.po=$(B)/locale/%/LC_MESSAGES/lb.mo)

DEPS_BUILD = libcsv-dev libyaml-dev libsqlite3-dev libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev pkg-config gettext
DEPS_CHECK = $(DEPS_BUILD) libcmocka-dev mandoc locales time valgrind python3-openpyxl python3-icalendar
# only for the tests that need root (tests/cron.sh: lb-monthly run by cron);
# installed when make check runs as root, never required otherwise
DEPS_ROOT  = cron

all: $(TOOLS) $(MO) $(B)/lb.bash $(B)/bin/lb-monthly

# The folders compiled in or written into installed scripts, as git's
# GIT-PREFIX: $(B)/LB-PATHS is rewritten only when they change, and what uses
# them depends on it, so `make` then `make install PREFIX=DIR` rebuilds the
# tools to look in DIR. Checked on every run (FORCE); its time changes only
# with its contents.
LB_PATHS = BINDIR=$(BINDIR) LOCALEDIR=$(LOCALEDIR) SYSCONFDIR=$(SYSCONFDIR)
$(B)/LB-PATHS: FORCE
	@mkdir -p $(@D)
	@if [ "$$(cat $@ 2>/dev/null)" != '$(LB_PATHS)' ]; then \
		echo '$(LB_PATHS)' > $@; echo "paths: $(LB_PATHS)"; fi
FORCE:

$(B)/libcore/i18n.o: $(B)/LB-PATHS
$(B)/libcore/i18n.o: CPPFLAGS += -DLB_LOCALEDIR=\"$(LOCALEDIR)\"

# lb-monthly, the cron job: the install folders written in.
$(B)/bin/lb-monthly: scripts/lb-monthly.sh.in $(B)/LB-PATHS
	@mkdir -p $(@D)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		-e 's|@VERSION@|$(VERSION)|g' scripts/lb-monthly.sh.in > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

# Bash completion: profiles and field ids filled in from schemas/.
$(B)/lb.bash: scripts/lb.bash.in $(SCHEMAS) $(RULES)
	@mkdir -p $(@D)
	profiles=$$(for r in $(RULES); do basename $$r .yaml; done | tr '\n' ' '); \
	fields=$$(sed -n 's/^  - id: *//p' $(SCHEMAS) | sort -u | tr '\n' ' '); \
	sed -e "s/@PROFILES@/$$profiles/" -e "s/@FIELDS@/$$fields/" scripts/lb.bash.in > $@.tmp && mv $@.tmp $@

# Message catalogues: $(B)/locale/LANG/LC_MESSAGES/lb.mo (the tests point
# LB_LOCALEDIR there, beside $(B)/bin; `make install` puts them under $(LOCALEDIR)).
$(B)/locale/%/LC_MESSAGES/lb.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

pot:
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --add-comments=TRANSLATORS \
		--package-name=lb --package-version=$(VERSION) -o po/lb.pot cmd/*.c libcore/*.c

$(B)/gen/builtin.c: $(SCHEMAS) $(RULEBASE) $(RULES) scripts/embed.awk
	@mkdir -p $(@D)
	awk -f scripts/embed.awk $(SCHEMAS) $(RULEBASE) $(RULES) > $@.tmp && mv $@.tmp $@

$(B)/gen/fields.h: $(SCHEMAS) scripts/fields.awk
	@mkdir -p $(@D)
	awk -f scripts/fields.awk $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(B)/gen/builtin.o: $(B)/gen/builtin.c libcore/builtin.h
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $(B)/gen/builtin.c

$(B)/libcore/%.o: libcore/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libcore.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# only lb-query uses SQLite (libcore/query*.c): only it links the library
$(B)/bin/lb-query: LDLIBS += -lsqlite3
$(B)/tests/test_query: LDLIBS += -lsqlite3

$(B)/bin/%: cmd/%.c $(B)/libcore.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libcore.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libcore.a $(LIBHDR) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libcore.a $(LDLIBS) -lcmocka

# ---- tests -----------------------------------------------------------------
# (defined before the rules that list them: make expands prerequisites as it
# reads them, so a variable defined further down would be empty there)
# make fuzz: seconds per target (the issue's bar is 600)
FUZZ_SECONDS = 60
FUZZSRC  = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ     = $(FUZZSRC:tests/fuzz/%.c=$(B)/fuzz/%)
REPLAY   = $(FUZZSRC:tests/fuzz/%.c=$(B)/tests/replay_%)

# valgrind exits 99 on an error (a tool's own statuses are 0, 1, 2), so the
# runners can tell the two apart and say so.
VALGRIND = valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite -q

# `make check` is the one command that runs every test: it installs what is
# missing (as root), builds, runs the unit and end-to-end tests (the latter
# once more under valgrind, with the broken files of tests/bad), then builds
# again with AddressSanitizer and UndefinedBehaviorSanitizer and runs them all
# once more.
check: deps-check
	$(MAKE) test
	@B=$(B) sh tests/install.sh    # and tests/cron.sh: up to 75 s, root only
	@sh tests/report-print.sh $(B)/bin    # headless chromium, when installed
	@echo "valgrind: the end-to-end tests and tests/bad/cases once under valgrind"
	@LB_WRAP="$(VALGRIND)" sh tests/e2e/run.sh $(B)/bin
	@LB_WRAP="$(VALGRIND)" sh tests/bad/run.sh $(B)/bin
	$(MAKE) B=$(B)/asan SAN="$(ASAN)" OPT="-O1 -g" test
	@echo "make check: all tests passed"

test: $(TOOLS) $(B)/bin/lb-monthly $(UNITS) $(MO) $(REPLAY) $(B)/lb.bash $(B)/bin-bench/lbgen
	@sh tests/run-unit.sh $(UNITS)
	@sh tests/fuzz/replay.sh $(B)/tests
	@sh tests/e2e/run.sh $(B)/bin
	@sh tests/ics-check.sh $(B)/bin
	@sh tests/report-layout.sh $(B)/bin
	@sh tests/threads.sh $(B)/bin $(B)/bin-bench/lbgen
	@sh tests/zh-english.sh $(B)/bin
	@LB_SAN="$(SAN)" sh tests/bad/run.sh $(B)/bin
	@sh tests/xlsx/check.sh $(B)/bin
	@sh tests/man-lint.sh $(MAN)
	@sh tests/man-examples.sh $(B)/bin $(MAN)
	@sh tests/duties.sh $(B)/lb.bash

# The table of the plans' duties in lb-rules(5), from schemas/duties.yaml
# (make test fails when the page is not current).
duties:
	sh scripts/duties.sh

deps-check:
	@sh scripts/deps.sh $(DEPS_CHECK)
	@[ "$$(id -u)" != 0 ] || sh scripts/deps.sh $(DEPS_ROOT)
	@sh scripts/locale.sh

deps-build:
	@sh scripts/deps.sh $(DEPS_BUILD)

# ---- benchmarks: never part of check; see tests/bench/README.md -----------
# The generator and the baselines go to $(B)/bin-bench, not $(B)/bin (installed).
BENCHBIN = $(B)/bin-bench/lbgen $(B)/bin-bench/csvcount $(B)/bin-bench/runstat

$(B)/bin-bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

bench:
	@sh scripts/deps.sh $(DEPS_BUILD) miller
	$(MAKE) all $(BENCHBIN)
	@sh tests/bench/run.sh $(B)

# ---- fuzzing (issue: hostile input) --------------------------------------
# `make fuzz` builds each tests/fuzz/fuzz_*.c with libFuzzer, ASan and UBSan
# (clang) and runs it for FUZZ_SECONDS on a corpus seeded from examples/ and
# tests/; any crash, leak, timeout or sanitizer report fails. A crashing input
# is copied to tests/fuzz/regress/TARGET/, which `make check` replays.

# The fuzzing build is its own tree, $(B)/fuzz (libcore built with clang and
# the sanitizers); its targets are $(B)/fuzz/fuzz/fuzz_*.
fuzz:
	@sh scripts/deps.sh clang libclang-rt-14-dev $(DEPS_CHECK)
	$(MAKE) B=$(B)/fuzz CC=clang OPT="-O1 -g" \
		SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" fuzz-targets
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZSRC:tests/fuzz/%.c=$(B)/fuzz/fuzz/%)

fuzz-targets: $(FUZZ)

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/libcore.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libcore.a $(LDLIBS)

$(B)/tests/replay_%: tests/fuzz/%.c tests/fuzz/standalone.c $(B)/libcore.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/standalone.c $(B)/libcore.a $(LDLIBS)

# ---- demo: the whole pipeline on examples/ -------------------------------
demo: deps-build
	$(MAKE) all
	@sh examples/demo.sh $(B)/bin

# ---- install -------------------------------------------------------------
install: all
	mkdir -p $(DESTDIR)$(BINDIR)
	for t in $(TOOLS); do cp -f $$t $(DESTDIR)$(BINDIR)/ && chmod 755 $(DESTDIR)$(BINDIR)/$${t##*/}; done
	for m in $(MAN); do d=$(DESTDIR)$(MANPREFIX)/man$${m##*.}; mkdir -p $$d && \
		cp -f $$m $$d/ && chmod 644 $$d/$${m##*/}; done
	mkdir -p $(DESTDIR)$(BASHCOMPDIR)
	cp -f $(B)/lb.bash $(DESTDIR)$(BASHCOMPDIR)/lb
	for t in $(filter-out $(B)/bin/lb,$(TOOLS)); do ln -sf lb $(DESTDIR)$(BASHCOMPDIR)/$${t##*/}; done
	for l in $(PO:po/%.po=%); do mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		cp -f $(B)/locale/$$l/LC_MESSAGES/lb.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/lb.mo; done
	cp -f $(B)/bin/lb-monthly $(DESTDIR)$(BINDIR)/lb-monthly && chmod 755 $(DESTDIR)$(BINDIR)/lb-monthly
	mkdir -p $(DESTDIR)$(SYSCONFDIR)/lb
	[ -f $(DESTDIR)$(SYSCONFDIR)/lb/monthly.conf ] || \
		{ cp scripts/monthly.conf $(DESTDIR)$(SYSCONFDIR)/lb/monthly.conf && chmod 644 $(DESTDIR)$(SYSCONFDIR)/lb/monthly.conf; }

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$${t##*/}; done
	for m in $(MAN); do rm -f $(DESTDIR)$(MANPREFIX)/man$${m##*.}/$${m##*/}; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/lb
	for t in $(filter-out $(B)/bin/lb,$(TOOLS)); do rm -f $(DESTDIR)$(BASHCOMPDIR)/$${t##*/}; done
	for l in $(PO:po/%.po=%); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/lb.mo; done
	rm -f $(DESTDIR)$(BINDIR)/lb-monthly
	cmp -s scripts/monthly.conf $(DESTDIR)$(SYSCONFDIR)/lb/monthly.conf && rm -f $(DESTDIR)$(SYSCONFDIR)/lb/monthly.conf || true

clean:
	rm -rf $(B)

.PHONY: FORCE fuzz fuzz-targets pot all bench check test deps-check deps-build demo install uninstall clean duties
