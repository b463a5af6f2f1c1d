/*
 * ics.c — owed windows as iCalendar to-dos (ics.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "ics.h"
#include "mask.h"
#include "util.h"

/* iCalendar text: escape \ ; , and newlines. */
void
lb_ics_text(struct lb_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			lb_buf_addc(b, '\\');
		if (*s == '\n') {
			lb_buf_adds(b, "\\n");
			continue;
		}
		if (*s == '\r')
			continue;
		lb_buf_addc(b, *s);
	}
}

/* Write one content line folded at 75 octets, never inside a UTF-8
 * sequence, with CRLF line ends (RFC 5545 3.1). */
void
lb_ics_line(FILE *fp, const char *s)
{
	size_t len = strlen(s), col = 0, i = 0;
	while (i < len) {
		size_t clen = 1;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0xF0)
			clen = 4;
		else if (c >= 0xE0)
			clen = 3;
		else if (c >= 0xC0)
			clen = 2;
		if (i + clen > len)
			clen = len - i;
		if (col + clen > 75) {
			fputs("\r\n ", fp);
			col = 1;
		}
		fwrite(s + i, 1, clen, fp);
		col += clen;
		i += clen;
	}
	fputs("\r\n", fp);
}

static void
ics_date(struct lb_buf *b, int d)
{
	int y, m, dd;
	lb_date_to_ymd(d, &y, &m, &dd);
	lb_buf_printf(b, "%04d%02d%02d", y, m, dd);
}

/* The UID's hash goes on over a field and a unit separator (0x1f): fields
 * cannot run into each other. Changing this changes every UID. */
static uint64_t
field_hash(uint64_t h, const char *s)
{
	return lb_fnv(lb_fnv(h, s, strlen(s)), "\x1f", 1);
}

void
lb_ics_todo(FILE *fp, const struct lb_sched *s, const struct lb_window *w, int dtstamp)
{
	struct lb_wkey k;
	struct lb_buf b = LB_BUF_INIT, who = LB_BUF_INIT;
	char d1[11], d2[11];
	lb_sched_key(s, w, &k);
	/* not LB_FNV_INIT (one digit short of it), but what every UID so far was
	 * made from: calendars that imported them must see the same to-dos */
	uint64_t h = 1469598103934665603ULL;
	h = field_hash(h, k.child_id);
	h = field_hash(h, k.school);
	h = field_hash(h, k.grade);
	h = field_hash(h, k.klass);
	h = field_hash(h, w->rule->id);
	h = field_hash(h, lb_date_format(w->start, d1));
	lb_ics_line(fp, "BEGIN:VTODO");
	lb_buf_printf(&b, "UID:%016llx@lb", (unsigned long long)h);
	lb_ics_line(fp, lb_buf_str(&b));
	lb_buf_clear(&b);
	lb_buf_adds(&b, "DTSTAMP:");
	ics_date(&b, dtstamp);
	lb_buf_adds(&b, "T000000Z");
	lb_ics_line(fp, lb_buf_str(&b));
	lb_buf_set(&b, "DUE;VALUE=DATE:");
	ics_date(&b, w->end);
	lb_ics_line(fp, lb_buf_str(&b));
	if (w->rule->scope == LB_SCOPE_CHILD)
		lb_mask_name(k.name, &who);
	else if (w->rule->scope == LB_SCOPE_CLASS)
		lb_buf_printf(&who, "%s %s-%s", k.school, k.grade, k.klass);
	else
		lb_buf_adds(&who, k.school);
	lb_buf_set(&b, "SUMMARY:");
	struct lb_buf t = LB_BUF_INIT;
	lb_buf_printf(&t, "%s %s", w->rule->title, lb_buf_str(&who));
	lb_ics_text(&b, lb_buf_str(&t));
	lb_ics_line(fp, lb_buf_str(&b));
	lb_buf_clear(&t);
	lb_buf_printf(&t, "%s %s..%s %d/%d %s %s", w->rule->id, lb_date_format(w->start, d1),
	              lb_date_format(w->end, d2), w->done, w->rule->times,
	              lb_wstatus_name(w->status), w->rule->source);
	lb_buf_set(&b, "DESCRIPTION:");
	lb_ics_text(&b, lb_buf_str(&t));
	lb_ics_line(fp, lb_buf_str(&b));
	lb_ics_line(fp, "STATUS:NEEDS-ACTION");
	lb_ics_line(fp, "END:VTODO");
	lb_buf_fini(&t);
	lb_buf_fini(&b);
	lb_buf_fini(&who);
}

void
lb_ics_begin(FILE *fp, const char *prodid)
{
	struct lb_buf b = LB_BUF_INIT;
	lb_ics_line(fp, "BEGIN:VCALENDAR");
	lb_ics_line(fp, "VERSION:2.0");
	lb_buf_printf(&b, "PRODID:%s", prodid);
	lb_ics_line(fp, lb_buf_str(&b));
	lb_ics_line(fp, "CALSCALE:GREGORIAN");
	lb_buf_fini(&b);
}

void
lb_ics_end(FILE *fp)
{
	lb_ics_line(fp, "END:VCALENDAR");
}
