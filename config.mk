# lb build configuration: edit here, or override on the make command line.
VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
LOCALEDIR = $(PREFIX)/share/locale
SYSCONFDIR = $(PREFIX)/etc
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions

CC      = cc
OPT     ?= -O2 -g
WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
# (LB_LOCALEDIR, the compiled-in catalogue folder, is given to i18n.c alone;
# see LB-PATHS in the Makefile)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLB_VERSION=\"$(VERSION)\" \
            -Ilibcore -I$(B)/gen
CFLAGS  ?=
CFLAGS  += -std=c11 $(OPT) $(WARN) $(SAN) $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
LDFLAGS += $(SAN)
LDLIBS  += -lcsv $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) -lzip -lexpat -lfreexl -lxlsxwriter -lm -lpthread
