/*
 * ics.h — owed windows as iCalendar (RFC 5545) to-dos (ics.c), for
 * lb-schedule -f ics: one VTODO per window, due on its last day, with a UID
 * stable across runs (a hash of what the window is about, its rule and its
 * start), the child's name masked. Lines end in CRLF and are folded at 75
 * octets, never inside a UTF-8 sequence.
 *
 *     lb_ics_begin(fp, "-//lb//lb-schedule 1.0//ZH");
 *     for each window w not done: lb_ics_todo(fp, s, w, asof);
 *     lb_ics_end(fp);
 *     ferror(fp) tells whether the stream failed.
 */
#ifndef LB_ICS_H
#define LB_ICS_H

#include <stdio.h>
#include "sched.h"

/* BEGIN:VCALENDAR, VERSION, PRODID (prodid), CALSCALE. */
void lb_ics_begin(FILE *fp, const char *prodid);
/* One VTODO for window w of s; DTSTAMP is the day dtstamp (--as-of). */
void lb_ics_todo(FILE *fp, const struct lb_sched *s, const struct lb_window *w, int dtstamp);
/* END:VCALENDAR. */
void lb_ics_end(FILE *fp);

/* One content line, folded, with CRLF. */
void lb_ics_line(FILE *fp, const char *s);
/* Text value escaped (\ ; , and newlines) and appended to b. */
void lb_ics_text(struct lb_buf *b, const char *s);

#endif
