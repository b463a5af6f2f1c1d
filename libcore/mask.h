/*
 * mask.h — masking personal data in reports and diagnostics (lb(7),
 * Personal data, is the user's account).
 */
#ifndef LB_MASK_H
#define LB_MASK_H

#include "util.h"
#include "schema.h"

/* 18 characters: first 6 and last 4 kept (110105********002X); any other
 * length: first 3 and last 2 kept; shorter than 6 characters: all masked. */
void lb_mask_id(const char *s, struct lb_buf *out);
/* mobile: first 3 and last 4 (138****5678); landline AREA-NUMBER: area code
 * and last 2; anything else: as lb_mask_id's short form. */
void lb_mask_phone(const char *s, struct lb_buf *out);
/* Names in iCalendar: first character kept, the others '*' (王**). */
void lb_mask_name(const char *s, struct lb_buf *out);
/* Mask a value according to its field type (idcard and phone masked, other
 * types copied). reveal = 1 copies everything. */
void lb_mask_value(const struct lb_field *f, const char *s, int reveal, struct lb_buf *out);
/* Mask any identity or phone number found inside free text (messages). */
void lb_mask_text(const char *s, int reveal, struct lb_buf *out);
/* Free text as it may be shown: s itself when reveal or when it holds no
 * digit (ASCII or full-width), else lb_mask_text's result in b (cleared
 * first; the result lives as long as b is not changed). */
const char *lb_mask_shown(struct lb_buf *b, const char *s, int reveal);

#endif
