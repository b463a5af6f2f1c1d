/* err.c — filling the caller-owned error record. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

void
lb_err_clear(struct lb_err *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}

int
lb_err_set(struct lb_err *e, int code, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	e->sys = 0;
	e->line = line;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->field[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
lb_err_sys(struct lb_err *e, const char *file, const char *what)
{
	int sys = errno;

	lb_err_set(e, LB_EIO, file, 0, "%s: %s", what, strerror(sys));
	if (e)
		e->sys = sys;
	return LB_EIO;
}
