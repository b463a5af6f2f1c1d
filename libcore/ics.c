/*
 * ics.c — owed windows as iCalendar events or to-dos (ics.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
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

/* Grade and class as people say them: "3年级2班" (grade 0: 学前) under zh,
 * "grade 3, class 2" in English; either part left out when empty. */
static void
grade_class(const char *grade, const char *klass, struct lb_buf *out)
{
	int zh = lb_lang_is_zh();
	if (*grade) {
		if (!strcmp(grade, "0"))
			lb_buf_adds(out, zh ? "学前" : "preschool");
		else
			lb_buf_printf(out, zh ? "%s年级" : "grade %s", grade);
	}
	if (*klass) {
		if (zh) {
			size_t n = strlen(klass);
			lb_buf_adds(out, klass);
			if (n < 3 || strcmp(klass + n - 3, "班"))
				lb_buf_adds(out, "班");
		} else
			lb_buf_printf(out, "%sclass %s", *grade ? ", " : "", klass);
	}
}

void
lb_ics_who(const struct lb_sched *s, const struct lb_window *w, struct lb_buf *out)
{
	struct lb_wkey k;
	struct lb_buf gc = LB_BUF_INIT;
	int zh = lb_lang_is_zh();
	lb_sched_key(s, w, &k);
	if (w->rule->scope == LB_SCOPE_SCHOOL) {
		lb_buf_adds(out, k.school);
		return;
	}
	grade_class(k.grade, k.klass, &gc);
	if (w->rule->scope == LB_SCOPE_CLASS) {
		lb_buf_adds(out, k.school);
		if (gc.len)
			lb_buf_printf(out, " %s", lb_buf_str(&gc));
	} else {
		lb_mask_name(k.name, out);
		if (gc.len)
			lb_buf_printf(out, zh ? "（%s）" : " (%s)", lb_buf_str(&gc));
	}
	lb_buf_fini(&gc);
}

void
lb_ics_short_title(const char *title, struct lb_buf *out)
{
	static const char *const stop[] = {"：", "（", "，"};
	size_t n = strlen(title);
	for (size_t i = 0; i < sizeof stop / sizeof *stop; i++) {
		const char *e = strstr(title, stop[i]);
		if (e && e != title && (size_t)(e - title) < n)
			n = (size_t)(e - title);
	}
	lb_buf_add(out, title, n);
}

/* A property of text value v (escaped) as one content line. */
static void
text_line(FILE *fp, struct lb_buf *b, const char *name, const char *v)
{
	lb_buf_set(b, name);
	lb_buf_addc(b, ':');
	lb_ics_text(b, v);
	lb_ics_line(fp, lb_buf_str(b));
}

/* A property with a DATE value: "NAME;VALUE=DATE:YYYYMMDD". */
static void
date_line(FILE *fp, struct lb_buf *b, const char *name, int d)
{
	lb_buf_set(b, name);
	lb_buf_adds(b, ";VALUE=DATE:");
	ics_date(b, d);
	lb_ics_line(fp, lb_buf_str(b));
}

void
lb_ics_window(FILE *fp, const struct lb_sched *s, const struct lb_window *w,
              const char *performers, int dtstamp, int todo)
{
	struct lb_wkey k;
	struct lb_buf b = LB_BUF_INIT, sum = LB_BUF_INIT, desc = LB_BUF_INIT;
	char d1[11], d2[11];
	const struct lb_rule *r = w->rule;
	lb_sched_key(s, w, &k);
	/* not LB_FNV_INIT (one digit short of it), but what every UID so far was
	 * made from: calendars that imported them must see the same to-dos */
	uint64_t h = 1469598103934665603ULL;
	h = field_hash(h, k.child_id);
	h = field_hash(h, k.school);
	h = field_hash(h, k.grade);
	h = field_hash(h, k.klass);
	h = field_hash(h, r->id);
	h = field_hash(h, lb_date_format(w->start, d1));

	lb_ics_who(s, w, &sum);
	lb_buf_addc(&sum, ' ');
	lb_ics_short_title(*r->title ? r->title : r->id, &sum);

	lb_buf_adds(&desc, *r->title ? r->title : r->id);
	lb_buf_addc(&desc, '\n');
	lb_buf_printf(&desc, _("window: %s to %s"), lb_date_format(w->start, d1),
	              lb_date_format(w->end, d2));
	lb_buf_addc(&desc, '\n');
	lb_buf_printf(&desc, _("done: %d/%d (%s)"), w->done, r->times, lb_wstatus_word(w->status));
	lb_buf_addc(&desc, '\n');
	struct lb_buf who = LB_BUF_INIT;
	for (const char *p = performers; *p; p++)
		if (*p == ';')
			lb_buf_adds(&who, lb_lang_is_zh() ? "、" : ", ");
		else
			lb_buf_addc(&who, *p);
	/* nobody named (the schedule's LB_NO_PERFORMER, or none): in the
	 * calendar's language */
	/* a phone number typed into a name is masked: the calendar syncs to
	 * outside servers (lb(7), Personal data) */
	struct lb_buf mwho = LB_BUF_INIT;
	lb_mask_text(lb_buf_str(&who), 0, &mwho);
	lb_buf_printf(&desc, _("performer: %s"),
	              who.len && strcmp(performers, LB_NO_PERFORMER) ? lb_buf_str(&mwho) :
	              _("(unassigned)"));
	lb_buf_fini(&mwho);
	lb_buf_fini(&who);
	if (*r->source) {
		lb_buf_addc(&desc, '\n');
		lb_buf_printf(&desc, _("source: %s"), r->source);
	}

	lb_ics_line(fp, todo ? "BEGIN:VTODO" : "BEGIN:VEVENT");
	lb_buf_printf(&b, "UID:%016llx%s@lb", (unsigned long long)h, todo ? "" : "-ev");
	lb_ics_line(fp, lb_buf_str(&b));
	lb_buf_set(&b, "DTSTAMP:");
	ics_date(&b, dtstamp);
	lb_buf_adds(&b, "T000000Z");
	lb_ics_line(fp, lb_buf_str(&b));
	if (todo)
		date_line(fp, &b, "DUE", w->end);
	else {
		date_line(fp, &b, "DTSTART", w->end);
		date_line(fp, &b, "DTEND", w->end + 1);
	}
	text_line(fp, &b, "SUMMARY", lb_buf_str(&sum));
	text_line(fp, &b, "DESCRIPTION", lb_buf_str(&desc));
	if (todo)
		lb_ics_line(fp, "STATUS:NEEDS-ACTION");
	else {
		/* an all-day reminder, not a busy day */
		lb_ics_line(fp, "TRANSP:TRANSPARENT");
		lb_ics_line(fp, "BEGIN:VALARM");
		lb_ics_line(fp, "ACTION:DISPLAY");
		lb_ics_line(fp, "TRIGGER:-P1D");
		text_line(fp, &b, "DESCRIPTION", lb_buf_str(&sum));
		lb_ics_line(fp, "END:VALARM");
	}
	lb_ics_line(fp, todo ? "END:VTODO" : "END:VEVENT");
	lb_buf_fini(&b);
	lb_buf_fini(&sum);
	lb_buf_fini(&desc);
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
