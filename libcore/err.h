/*
 * err.h — return codes, exit statuses and the caller-owned error record.
 *
 * Every libcore function that can fail returns 0 (or a count) on success and a
 * negative LB_E… code on failure, and fills a struct lb_err that the caller
 * owns, the way libyaml fills problem_mark. libcore never prints.
 */
#ifndef LB_ERR_H
#define LB_ERR_H

/* Exit statuses of every tool (lb(7), EXIT STATUS). */
enum lb_exit {
	LB_EXIT_OK = 0,        /* done and nothing wrong */
	LB_EXIT_FINDINGS = 1,  /* done; the data has errors, conflicts or overdue windows */
	LB_EXIT_FAIL = 2       /* usage error, unreadable input, unwritable output */
};

enum lb_errcode {
	LB_OK = 0,
	LB_EIO = -1,        /* open, read, write, rename failed (errno in err->sys) */
	LB_EPARSE = -2,     /* malformed CSV or YAML */
	LB_EENCODING = -3,  /* bytes invalid in the file's encoding, UTF-16 */
	LB_ENOTABLE = -4,   /* no header row found, binary data */
	LB_EHEADER = -5,    /* two columns map to one field, unknown --map field */
	LB_ELIMIT = -6,     /* a field or record larger than the limits */
	LB_EUSAGE = -7,     /* a bad argument from the caller (bad option value) */
	LB_ERULES = -8,     /* rules or schema file is wrong */
	LB_EOUTPUT = -9     /* output could not be written */
};

/*
 * The error record. file and field may be empty; line is 0 when unknown.
 * msg says what is wrong, lower-case, without the file or line (the printer
 * adds them): "invalid byte sequence for GB18030".
 */
struct lb_err {
	int code;
	int sys;            /* errno, when the cause is a system call */
	long line;
	char file[512];
	char field[128];
	char msg[1024];
};

void lb_err_clear(struct lb_err *e);
/* Fill e and return code (negative), so callers can write
 *   return lb_err_set(e, LB_EPARSE, file, line, "unterminated quote");   */
int lb_err_set(struct lb_err *e, int code, const char *file, long line,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int lb_err_sys(struct lb_err *e, const char *file, const char *what);  /* uses errno; LB_EIO */

#endif
