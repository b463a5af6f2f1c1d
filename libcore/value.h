/*
 * value.h — normalising and checking single values.
 *
 * lb-import normalises (lb_value_normalize), lb-validate checks without
 * changing anything (the same function tells it whether a value is already
 * canonical, fixable, or bad), lb-merge compares after normalising.
 */
#ifndef LB_VALUE_H
#define LB_VALUE_H

#include <stdint.h>

#include "schema.h"
#include "util.h"

enum lb_vres {
	LB_V_SAME = 0,   /* the value is canonical as given (empty included) */
	LB_V_FIXED,      /* out holds the canonical form, different from the input */
	LB_V_BAD         /* not valid even after normalising; out = input, trimmed */
};

/* Why a value is bad or what was fixed: a stable code and an English message
 * (translated with _() by the caller's printer). */
struct lb_vnote {
	const char *code;   /* "idcard-check", "date", "enum", … see lb-validate(1) */
	char msg[256];      /* "check character is 3, expected X" */
	char suggest[128];  /* nearest valid value for enums, or "" */
};

/* Normalise in for field f into out (cleared first; in must not point into
 * out). out always holds the result: the canonical value (SAME, FIXED) or
 * the trimmed input (BAD). note may be NULL; its code is "" for SAME. No
 * clock is read: an identity number's birth date in the future is for
 * lb_idcard_check with an as-of date. The rules are listed in value.c. */
enum lb_vres lb_value_normalize(const struct lb_field *f, const char *in,
                                struct lb_buf *out, struct lb_vnote *note);
/* The same verdict for hot loops that keep the input when it is canonical:
 * on SAME out is not written, and a FIXED value's note has its code but an
 * empty message (the caller writes its own change note, or none). This
 * "quiet" mode is chosen by the function called and passed down value.c as a
 * parameter: no mode outlives a call, and both functions are reentrant. */
enum lb_vres lb_value_normalize_fast(const struct lb_field *f, const char *in,
                                     struct lb_buf *out, struct lb_vnote *note);

/* lb_value_normalize_fast through a memo of the values of one field found
 * SAME or FIXED lately (a field's few enum values, grades, classes come
 * again and again). The caller keeps one zeroed memo per field while the
 * schema lives. */
#define LB_VMEMO_N   4
#define LB_VMEMO_LEN 32
struct lb_vmemo {
	unsigned char len[LB_VMEMO_N];        /* 1 + the value's length; 0 empty */
	unsigned char olen[LB_VMEMO_N];       /* FIXED: 1 + the output's length */
	char v[LB_VMEMO_N][LB_VMEMO_LEN];
	char o[LB_VMEMO_N][LB_VMEMO_LEN];
	unsigned next;
};
enum lb_vres lb_value_normalize_memo(const struct lb_field *f, struct lb_vmemo *m,
                                     const char *in, struct lb_buf *out,
                                     struct lb_vnote *note);

/* ---- text ---- */
/* Full-width ASCII (U+FF01–U+FF5E) → ASCII, U+3000 → space. Appends to out. */
void lb_fullwidth_fold(const char *in, size_t len, struct lb_buf *out);
/* Trim ASCII white space, U+3000 and U+00A0 from both ends: adjusts *s, *len. */
void lb_trim(const char **s, size_t *len);
/* 1 if s (len bytes) is valid UTF-8. */
int lb_utf8_valid(const char *s, size_t len);

/* ---- identity numbers (GB 11643-1999) ---- */
enum lb_id_status {
	LB_ID_OK = 0,
	LB_ID_EMPTY,
	LB_ID_SCIENTIFIC,  /* 5.22426E+17: a spreadsheet made it a number */
	LB_ID_ZEROS,       /* 18 digits ending in 000 that fail the check: digits lost */
	LB_ID_15,          /* a valid legacy 15-digit number */
	LB_ID_LENGTH,
	LB_ID_CHARS,
	LB_ID_PROVINCE,
	LB_ID_DATE,        /* the birth date inside is not a date */
	LB_ID_FUTURE,      /* the birth date inside is after asof */
	LB_ID_CHECK        /* wrong check character */
};
struct lb_idinfo {
	int birth;         /* days, or LB_NODATE */
	int male;          /* 1 male, 0 female, -1 unknown */
	char check;        /* the correct check character */
};
/* Check a canonical candidate (no trimming done here). asof may be LB_NODATE. */
enum lb_id_status lb_idcard_check(const char *s, int asof, struct lb_idinfo *info);
char lb_idcard_checkchar(const char *first17);
/* An identity number of the canonical form (17 digits and a digit or X,
 * nothing after) packed exactly into one integer: the 17 digits × 11 + the
 * check character (X = 10) + 1, so below 2^60 and never 0; 0 for any other
 * text (a 15-digit number, lower-case x, spaces), which a caller keeps as a
 * string. Equal ids pack equal and different ones differently: the key of
 * the per-child tables of lb-validate's checks and of the schedule. */
static inline uint64_t
lb_idcard_pack(const char *s)
{
	uint64_t k = 0;
	for (int i = 0; i < 17; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9)
			return 0;
		k = k * 10 + d;
	}
	unsigned c = (unsigned char)s[17];
	if (c == 'X')
		c = 10;
	else if ((c -= '0') > 9)
		return 0;
	return s[18] ? 0 : k * 11 + c + 1;
}
/* The Levenshtein distance of two texts as code points, each at most 64
 * (LB_EDIT_MAXCP) long: the nearness behind every "did you mean" (enum
 * values, field names). */
#define LB_EDIT_MAXCP 64
unsigned lb_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
/* Upgrade a 15-digit number to 18 (insert "19", add the check). 0 or -1. */
int lb_idcard_upgrade15(const char *s15, char out[19]);
const char *lb_id_status_code(enum lb_id_status st);   /* "idcard-check" … */
/* Fill note with the code and message of status st for the number s (as
 * checked) and the info lb_idcard_check gave; for lb-validate, whose checks
 * (idcard-future) need an as-of date that normalising does not have. */
void lb_id_status_note(enum lb_id_status st, const char *s,
                       const struct lb_idinfo *info, struct lb_vnote *note);

/* ---- dates ---- */
/* Parse any accepted spelling: YYYY-MM-DD, 2015/3/4, 2015-3-4, 2015.3.4,
 * 2015年3月4日, 20150304, and (allow_serial) an Excel serial number
 * 1–2958465. Full-width digits allowed. Returns days or LB_NODATE. */
int lb_date_parse_loose(const char *s, int allow_serial);

/* ---- phone numbers ---- */
enum lb_phone_kind { LB_PHONE_BAD = 0, LB_PHONE_MOBILE, LB_PHONE_LANDLINE };
/* Normalise: drop spaces, dashes, brackets and +86/0086; a mobile becomes
 * 11 digits, a landline "AREA-NUMBER" (area 010, 02x or 0xxx). */
enum lb_phone_kind lb_phone_normalize(const char *in, struct lb_buf *out);

/* ---- enums ---- */
/* The nearest valid value of an enum or set field (edit distance on code
 * points), or NULL when nothing is close. */
const char *lb_enum_suggest(const struct lb_field *f, const char *value);

#endif
