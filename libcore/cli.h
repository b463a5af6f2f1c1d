/*
 * cli.h — the front-end half shared by the tools in cmd/: messages, usage
 * errors, the options every tool shares (--lang, --sheet, --as-of, --month, choices,
 * the output-is-input guard), checked closes. This is the one libcore module that prints
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
/*
 * The options every tool shares. LB_CLI_OPTIONS ends a tool's getopt_long
 * table: --lang, --quiet (as 'q'), --help (as 'h'), --version (as 'V') and
 * the terminating row; a tool that wants -q, -h, -V as short options puts
 * them in its optstring. In the loop, lb_cli_option(c, optarg, usage)
 * handles --lang (checked; lb_cli_init already acted on it), --help (usage,
 * then exit 0 or 2 as lb_fshut says) and --version, and returns 1; any
 * other c returns 0 (--quiet is the tool's: it sets its own flag).
 */
#define LB_OPT_LANG 0x4c42
#define LB_CLI_OPTIONS \
	{"lang",    required_argument, NULL, LB_OPT_LANG}, \
	{"quiet",   no_argument,       NULL, 'q'}, \
	{"help",    no_argument,       NULL, 'h'}, \
	{"version", no_argument,       NULL, 'V'}, \
	{NULL, 0, NULL, 0}
int lb_cli_option(int c, const char *arg, void (*usage)(void));
/*
 * --sheet NAME|N, shared by the tools that read rosters and logs (a sheet of
 * an .xlsx or .xls workbook, lb-files(5)): LB_CLI_SHEET_OPTION is a row of
 * the getopt_long table, put before LB_CLI_OPTIONS; in the loop,
 * lb_cli_sheet(c, optarg, &reader_opts) stores the value in the reader's
 * options (lb_reader_opts.sheet) and returns 1 for --sheet, else 0.
 */
#define LB_OPT_SHEET 0x4c43
#define LB_CLI_SHEET_OPTION \
	{"sheet",   required_argument, NULL, LB_OPT_SHEET}
struct lb_reader_opts;
int lb_cli_sheet(int c, const char *arg, struct lb_reader_opts *ro);
/*
 * --mode MODE, shared by the tools that write data files (lb-import,
 * lb-merge, lb-validate: lb-files(5), Output files): LB_CLI_MODE_OPTION is
 * a row of the getopt_long table; in the loop, lb_cli_mode(c, optarg) takes
 * an octal mode from 0 to 0777 (else a usage error, exit 2), makes it the
 * mode of new data files (lb_out_set_data_mode) and returns 1 for --mode,
 * else 0. lb_cli_mode_help prints its paragraph of --help.
 */
#define LB_OPT_MODE 0x4c44
#define LB_CLI_MODE_OPTION \
	{"mode",    required_argument, NULL, LB_OPT_MODE}
int lb_cli_mode(int c, const char *arg);
void lb_cli_mode_help(void);
/*
 * A choice among fixed words (-f, --header, --kind, --prefer …): the index
 * of arg in names (NULL-terminated), or a usage error
 * "OPT: 'ARG' is not A, B or C" and exit 2.
 */
int lb_cli_choice(const char *opt, const char *arg, const char *const *names);
/*
 * --threads N (arg) or, when arg is NULL, the default: LB_THREADS, else the
 * processors online less spare (at least 1). A value that is not a number
 * from 1 to 256 is a usage error "--threads: 'ARG' is not a number from 1
 * to 256" (or "LB_THREADS: …") and exit 2.
 */
int lb_cli_threads(const char *arg, int spare);
/* --month YYYY-MM: its first and last day (last may be NULL), or a usage
 * error "--month: 'ARG' is not a month (YYYY-MM)" and exit 2. Years as for
 * --as-of (lb_date_parse_month). */
void lb_cli_month(const char *arg, int *first, int *last);
/* The period of lb-schedule and lb-query into *from, *to: --month's days
 * (month_from, month_to) when given, else --from/--to as *from, *to already
 * hold, else the term containing asof (else the next). When the calendar has
 * no such term, says so and returns -1; else 0. */
struct lb_rules;
int lb_cli_period(const struct lb_rules *rs, int asof, int month_from, int month_to,
                  int *from, int *to);
/*
 * The output-is-input guard, one wording for every tool: when path (the
 * value of option opt: "-o", "--changes", "--conflicts") is neither NULL
 * nor "-" and names the same file as one of the n inputs (lb_same_file:
 * same device and inode), a usage error
 * "PATH: the output file (OPT) is one of the inputs" and exit 2.
 * Call it once per list of inputs (files, logs, --schema, --rules).
 */
void lb_cli_guard_output(const char *opt, const char *path, char *const *inputs, size_t n);
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
 * a repeated header row, lb-files(5)); value reports are lb-import's and lb-validate's business. */
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
