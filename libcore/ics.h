/*
 * ics.h — owed windows as iCalendar (RFC 5545), for lb-schedule -f ics
 * (ics.c). By default one all-day VEVENT per window on its last day
 * (DTSTART;VALUE=DATE, DTEND the next day) with a VALARM the day before,
 * which every phone calendar shows; with --ics-todo one VTODO due on that
 * day instead. UIDs are stable across runs: a hash of what the window is
 * about (child_id, school, grade, class), its rule and its start; a VEVENT's
 * UID is the VTODO's with "-ev" before the "@". The SUMMARY starts with
 * whom the window is about — a child's name masked (王**) followed by grade
 * and class, so two children of one surname stay apart; a class or school
 * by name — then the rule's short title (up to its first "：", "（" or "，").
 * The DESCRIPTION, in the message language (_()), gives the whole title,
 * the window's dates, done/required, the status, the performers and the
 * rule's source. Lines end in CRLF and are folded at 75 octets, never
 * inside a UTF-8 sequence.
 *
 *     lb_ics_begin(fp, "-//lb//lb-schedule 1.0//ZH");
 *     for each window w not done:
 *             lb_ics_window(fp, s, w, lb_sched_performers(s, w), asof, todo);
 *     lb_ics_end(fp);
 *     ferror(fp) tells whether the stream failed.
 */
#ifndef LB_ICS_H
#define LB_ICS_H

#include <stdio.h>
#include "sched.h"

/* BEGIN:VCALENDAR, VERSION, PRODID (prodid), CALSCALE. */
void lb_ics_begin(FILE *fp, const char *prodid);
/* One VEVENT (todo 0) or VTODO (todo 1) for window w of s; performers is
 * the window's performer text (lb_sched_performers; "" for none); DTSTAMP
 * is the day dtstamp (--as-of). */
void lb_ics_window(FILE *fp, const struct lb_sched *s, const struct lb_window *w,
                   const char *performers, int dtstamp, int todo);
/* END:VCALENDAR. */
void lb_ics_end(FILE *fp);

/* Whom w is about, as the SUMMARY starts: a child's masked name with grade
 * and class ("王**（3年级2班）" under zh), a class ("红旗小学 3年级2班"),
 * a school. Appended to out. */
void lb_ics_who(const struct lb_sched *s, const struct lb_window *w, struct lb_buf *out);
/* A rule title's short form: the part before its first "：", "（" or "，"
 * (the whole title when that part would be empty). Appended to out. */
void lb_ics_short_title(const char *title, struct lb_buf *out);

/* One content line, folded, with CRLF. */
void lb_ics_line(FILE *fp, const char *s);
/* Text value escaped (\ ; , and newlines) and appended to b. */
void lb_ics_text(struct lb_buf *b, const char *s);

#endif
