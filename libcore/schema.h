/*
 * schema.h — the archive fields: ids, Chinese labels, header aliases, types,
 * enumerations and value synonyms.
 *
 * The knowledge lives in schemas/roster.yaml and schemas/activity.yaml; they
 * are compiled into the library (builtin.h) and parsed once on first use.
 * `--schema FILE` loads a replacement, which must keep every built-in field id
 * (code refers to them through the generated enum in fields.h) and may add
 * fields, aliases, synonyms and enum values.
 */
#ifndef LB_SCHEMA_H
#define LB_SCHEMA_H

#include <stddef.h>
#include "err.h"
#include "fields.h"   /* generated: LB_R_CHILD_ID …, LB_A_DATE … */

enum lb_kind { LB_KIND_AUTO = 0, LB_KIND_ROSTER, LB_KIND_ACTIVITY };

enum lb_type {
	LB_T_TEXT,     /* free text: trimmed, otherwise kept exactly */
	LB_T_IDCARD,   /* GB 11643 identity number */
	LB_T_DATE,     /* YYYY-MM-DD */
	LB_T_ENUM,     /* one of values[] */
	LB_T_SET,      /* some of values[], joined with ';' in values[] order */
	LB_T_BOOL,     /* 是 / 否 */
	LB_T_INT,      /* integer in [min, max] */
	LB_T_PHONE,    /* mobile 1[3-9]xxxxxxxxx, or landline 0AA(A)-NNNNNNN(N) */
	LB_T_DIGITS,   /* a string of digits of one of the lengths in lens[] */
	LB_T_CLASS,    /* class within a grade: "(3)班", "3班" → "3" */
	LB_T_NAMES     /* a set of names ("set of names"): split at ; ； , ， 、 /,
	                * each trimmed, repeats dropped, joined with ';' in order */
};

enum lb_req {
	LB_REQ_NO = 0,
	LB_REQ_YES,    /* must not be empty */
	LB_REQ_KEY,    /* the record's key: required and unique */
	LB_REQ_WHEN    /* required under a condition that a cross-field rule checks */
};

struct lb_field {
	char *id;            /* "birth_date" */
	char *zh;            /* "出生日期" */
	enum lb_type type;
	enum lb_req required;
	int strict;          /* a value outside an enum is an error, not a warning */
	char **values;       /* enum and set values, canonical order */
	size_t nvalues;
	char **syn_from;     /* value synonyms: syn_from[i] → syn_to[i] */
	char **syn_to;
	size_t nsyn;
	char **aliases;      /* header texts besides id and zh */
	size_t naliases;
	long min, max;       /* LB_T_INT range */
	int lens[4];         /* LB_T_DIGITS allowed lengths, 0-terminated */
	char *when;          /* LB_REQ_WHEN: the condition, as documented */
	int join;            /* merge: join — lb-merge keeps every differing value,
	                        each with its source (free text; never strict) */
	int free_text;       /* LB_T_ENUM: any other text is kept as it is, with no
	                      * finding (a category plus free text: 患有高血压) */
	char **cls_from;     /* classes: text found in a free value → the value it */
	char **cls_to;       /* is classed as (lb_schema_class) */
	size_t ncls;
	char **need_summary; /* activity kind: the kinds whose record needs a summary */
	size_t nneed_summary;
};

struct lb_schema {
	enum lb_kind kind;
	char *name;          /* "roster", "activity" */
	struct lb_field *f;
	size_t n;
	int *map;            /* map[LB_R_X] (or LB_A_X) = index in f[] */
	void *priv;          /* lookup tables */
};

/* The built-in schema of a kind, parsed on first use (never NULL for
 * ROSTER or ACTIVITY; the built-in files are tested). Not to be freed. */
const struct lb_schema *lb_schema_builtin(enum lb_kind kind);
/* Load a schema file (a replacement for --schema). */
int lb_schema_load(struct lb_schema **s, const char *path, struct lb_err *err);
/* Parse schema text (used for the built-ins and by tests). */
int lb_schema_parse(struct lb_schema **s, const char *name, const char *text,
                    size_t len, struct lb_err *err);
void lb_schema_free(struct lb_schema *s);

/* The index in s->f of a header cell's text (field id, Chinese label or
 * alias; compared after trimming white space, full-width → ASCII, dropping
 * a trailing '*' or "（必填）", ASCII case folded), or -1. */
int lb_schema_match_header(const struct lb_schema *s, const char *text);
/* Append to out the key a header text is compared by (the normalisation
 * lb_schema_match_header uses: trimmed incl. U+3000/U+00A0, full-width →
 * ASCII, all white space dropped, trailing '*' / "(必填)" dropped, ASCII
 * lower-cased). Lets the reader compare --map names and repeated headers. */
struct lb_buf;
void lb_header_norm(const char *text, struct lb_buf *out);
/* The index of a field id, or -1. */
int lb_schema_field(const struct lb_schema *s, const char *id);
/* The canonical value a synonym stands for, or NULL (exact match after trim). */
const char *lb_schema_synonym(const struct lb_field *f, const char *value);
/*
 * The class of a value of a category field: the value itself when it is one
 * of f->values, else the class of the longest classes: text found in it
 * (患有高血压 → 患病), else NULL (free text that says nothing we know, or an
 * empty value).
 */
const char *lb_schema_class(const struct lb_field *f, const char *value);
/* 1 when a record of activity kind needs a summary (the kind field's
 * needs_summary: list). */
int lb_schema_needs_summary(const struct lb_field *kind, const char *value);
/* The schema's name as a message says it: "roster" and "activity" in the
 * message language (花名册, 关爱活动记录 under zh); any other name as it is. */
const char *lb_schema_word(const struct lb_schema *s);
/* The index of value in f->values, or -1. */
int lb_schema_value_index(const struct lb_field *f, const char *value);

#define LB_FI(s, k) ((s)->map[k])

#endif
