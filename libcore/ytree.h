/*
 * ytree.h — the YAML tree loader for the configuration files lb reads whole:
 * --schema files and the compiled-in schemas (schema.c), rules files and
 * profiles (rules.c). Data files (rosters and logs in YAML) are streamed by
 * reader.c instead, record by record.
 *
 * One document is read with libyaml's event API into a tree with 1-based
 * line numbers. Refused, each with an LB_ERULES error naming the file and
 * line (and the key, in err->field, for a duplicate key):
 *   malformed YAML (libyaml's own words follow "malformed YAML: "), anchors
 *   and aliases (no billion laughs), a key that is not a plain scalar, a
 *   duplicate key, more than one document, and nesting deeper than
 *   LB_YAML_DEPTH levels (no stack exhaustion on hostile input).
 * An empty stream gives *root NULL and 0: the caller says what it expected.
 */
#ifndef LB_YTREE_H
#define LB_YTREE_H

#include <stddef.h>
#include "err.h"

#define LB_YAML_DEPTH 32

enum lb_ytype { LB_Y_SCALAR, LB_Y_SEQ, LB_Y_MAP };

struct lb_ynode {
	enum lb_ytype type;
	long line;                     /* 1-based */
	char *s;                       /* scalar: the value */
	int plain;                     /* scalar: written without quotes */
	struct lb_ynode **k, **v;      /* map: keys (scalars) and values; seq: v only */
	size_t n, cap;                 /* map: pairs; seq: items */
};

/* Parse text[0..len) (named file in messages) into *root, which the caller
 * frees with lb_ynode_free. 0, or LB_ERULES with err filled and *root NULL. */
int lb_yaml_load(const char *file, const char *text, size_t len, struct lb_ynode **root,
                 struct lb_err *err);
void lb_ynode_free(struct lb_ynode *n);   /* NULL is fine */

#endif
