/* value_impl.h — private to the value files: value.c (the shared helpers
 * and the dispatch by type), value_id.c, value_date.c, value_phone.c and
 * value_enum.c. Not installed, not part of the library's contract:
 * value.h is. */
#ifndef LB_VALUE_IMPL_H
#define LB_VALUE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"
#include "util.h"
#include "value.h"

#define SBUF 256   /* stack buffers for folded copies; longer values are not
                    * identity numbers, dates, phones, numbers or codes */

#define IS_DIGIT(c) ((unsigned)(unsigned char)(c) - '0' < 10u)

void lb_val_note_set(struct lb_vnote *n, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* shared helpers (value.c) */
const char *lb_val_cstr(const char *s, size_t len, char *buf, size_t cap);
const char *lb_val_synonym(const struct lb_field *f, const char *s, size_t len);
void lb_val_note_clear(struct lb_vnote *n);
long lb_val_fold_to(const char *in, size_t len, char *buf, size_t cap);
size_t lb_val_codepoints(const char *str, size_t len, uint32_t *cp, size_t max);
int lb_val_num(const char *s, int n);
int lb_val_digits(const char *s, size_t len, size_t *i, int max, int *v);
int lb_val_match(const char *s, size_t len, size_t *i, const char *lit);
void lb_val_ascii_lower(char *s, size_t len);
/* the result: out = s, SAME when it is the whole input, else FIXED with a
 * note (quiet: a code and no message); BAD with out the trimmed input */
enum lb_vres lb_val_fixed(const char *in, size_t inlen, const char *s, size_t len,
                          struct lb_buf *out, struct lb_vnote *note, const char *code, int quiet);
enum lb_vres lb_val_bad(const char *t, size_t tlen, struct lb_buf *out);
/* by type: value_id.c, value_date.c, value_phone.c, value_enum.c */
enum lb_vres lb_val_norm_idcard(const char *in, size_t inlen, const char *t, size_t tlen,
                                struct lb_buf *out, struct lb_vnote *note, int quiet);
enum lb_vres lb_val_norm_date(const char *in, size_t inlen, const char *t, size_t tlen,
                              struct lb_buf *out, struct lb_vnote *note, int quiet);
enum lb_vres lb_val_norm_phone(const char *in, size_t inlen, const char *t, size_t tlen,
                               struct lb_buf *out, struct lb_vnote *note, int quiet);
enum lb_vres lb_val_norm_enum(const struct lb_field *f, const char *in, size_t inlen,
                              const char *t, size_t tlen, struct lb_buf *out,
                              struct lb_vnote *note, int quiet);
enum lb_vres lb_val_norm_names(const char *in, size_t inlen, const char *t, size_t tlen,
                               struct lb_buf *out, struct lb_vnote *note, int quiet);
enum lb_vres lb_val_norm_set(const struct lb_field *f, const char *in, size_t inlen,
                             const char *t, size_t tlen, struct lb_buf *out,
                             struct lb_vnote *note, int quiet);

#endif
