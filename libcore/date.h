/*
 * date.h — civil dates as day numbers.
 *
 * A date is an int: days since 1970-01-01 (proleptic Gregorian), so that
 * date arithmetic is integer arithmetic. LB_NODATE means unknown/empty.
 */
#ifndef LB_DATE_H
#define LB_DATE_H

#define LB_NODATE (-2147483647 - 1)

int lb_date_from_ymd(int y, int m, int d);            /* no validation */
void lb_date_to_ymd(int days, int *y, int *m, int *d);
int lb_date_valid_ymd(int y, int m, int d);           /* 1 if a real date */
int lb_date_days_in_month(int y, int m);
int lb_is_leap(int y);
int lb_date_weekday(int days);                        /* 1 = Monday … 7 = Sunday */
/* ISO 8601 week: the Monday on or before days; and the ISO week number/year. */
int lb_date_monday(int days);
void lb_date_isoweek(int days, int *iso_year, int *week);
/* Strict canonical parse: exactly YYYY-MM-DD; returns LB_NODATE when not. */
int lb_date_parse_iso(const char *s);
/* Strict month parse: exactly YYYY-MM, years 0001–9999 as for
 * lb_date_parse_iso; the month's first day, or LB_NODATE when not. */
int lb_date_parse_month(const char *s);
/* Write YYYY-MM-DD into out (at least 11 bytes); returns out. */
char *lb_date_format(int days, char *out);
/* Whole years of age on date at, for someone born on birth (birthday rule:
 * a 29 Feb birthday counts on 1 Mar in non-leap years). */
int lb_age_on(int birth, int at);
/* The date a person born on birth turns n years old. */
int lb_date_add_years(int birth, int n);
/* Today's local date (used only when --as-of is not given). */
int lb_date_today(void);

#endif
