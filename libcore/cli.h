/*
 * cli.h — the front-end half shared by the tools in cmd/: messages, usage
 * errors, --as-of, checked closes. This is the one libcore module that prints
 * and exits; only cmd/ calls it.
 */
#ifndef LB_CLI_H
#define LB_CLI_H

#include <stdio.h>
#include <stdnoreturn.h>
#include "err.h"
#include "diag.h"

extern const char *lb_progname;

/* Set the program name (argv[0] becomes its last component, so getopt's
 * messages read "lb-X: …" however the tool was started), follow --lang
 * (see lb_cli_lang), and set the locale and the message catalogue. */
void lb_cli_init(int argc, char **argv);
/* --lang zh|en (or --lang=…) among the arguments: make messages follow it.
 * lb_cli_init calls it; getopt still parses and checks the option. */
void lb_cli_lang(int argc, char **argv);
/* Check the value of --lang (zh or en) or exit 2; lb_cli_init already acted on it. */
void lb_cli_lang_arg(const char *arg);
/* "lb-X: message" on standard error. */
void lb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "lb-X: FILE:LINE: message" (or without LINE) from an lb_err. */
void lb_warn_err(const struct lb_err *e);
/* Print a usage error, "Try 'lb-X --help' for more information.", exit 2. */
noreturn void lb_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* After getopt has printed what is wrong with an option: "Try 'lb-X --help'
 * for more information.", exit 2. */
noreturn void lb_try_help(void);
/* "lb-X VERSION" on standard output. */
void lb_print_version(void);
/* Parse --as-of (YYYY-MM-DD) or exit 2; NULL gives today. */
int lb_cli_asof(const char *arg);
/* A finding in the line form: FILE:LINE: FIELD: level: message [code]
 * (value in message masked unless reveal). */
void lb_diag_print(FILE *fp, const struct lb_diag *d, int reveal);
/* Of the notes a whole-table read left (lb_table_read), print the warnings
 * about rows the reader skipped that a user must hear of (title rows, footers,
 * a repeated header row); value reports are lb-import's and lb-validate's business. */
void lb_print_skipped(const struct lb_diags *notes, int reveal);
/* Flush and check a stream; close it unless it is stdin/stdout/stderr.
 * Returns 0, or 2 after printing "lb-X: NAME: write error: …". */
int lb_fshut(FILE *fp, const char *name);

/*
 * Progress on standard error, for big inputs: shown only when standard error
 * is a terminal, quiet is 0 and total (the input's size, 0 if unknown) is
 * more than a few MB; redrawn at most four times a second; erased by
 * lb_progress_end. Never under cron or in a pipe.
 */
struct lb_progress {
	int on;
	double start, last;
	unsigned long long total;
};
void lb_progress_begin(struct lb_progress *p, const char *path, int quiet);
void lb_progress_update(struct lb_progress *p, unsigned long long bytes, unsigned long long records);
void lb_progress_end(struct lb_progress *p);

/* 1 when fp is a terminal and NO_COLOR is not set: diagnostics may be coloured. */
int lb_use_colour(FILE *fp);

#endif
