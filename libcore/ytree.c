/* ytree.c — the YAML tree loader for schemas and rules files (ytree.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "i18n.h"
#include "util.h"
#include "ytree.h"

void
lb_ynode_free(struct lb_ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->k)
			lb_ynode_free(n->k[i]);
		lb_ynode_free(n->v[i]);
	}
	free(n->k);
	free(n->v);
	free(n->s);
	free(n);
}

struct yp {
	yaml_parser_t p;
	const char *file;
	struct lb_err *err;
	int depth;
};

static int
yerr(struct yp *y, long line, const char *key, const char *fmt, const char *arg)
{
	lb_err_set(y->err, LB_ERULES, y->file, line, fmt, arg);
	if (key)
		snprintf(y->err->field, sizeof y->err->field, "%s", key);
	return LB_ERULES;
}

static int
next_event(struct yp *y, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&y->p, ev)) {
		long line = (long)(y->p.problem_mark.line + 1);
		return yerr(y, line, NULL, _("malformed YAML: %s"),
		            y->p.problem ? y->p.problem : _("parse error"));
	}
	return 0;
}

/* Build the node that starts with event ev (already read). */
static int
build(struct yp *y, yaml_event_t *ev, struct lb_ynode **out)
{
	long line = (long)ev->start_mark.line + 1;
	*out = NULL;
	if (ev->type == YAML_ALIAS_EVENT)
		return yerr(y, line, NULL, "%s", _("aliases are not allowed"));
	const yaml_char_t *anchor =
		ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.anchor :
		ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor :
		ev->type == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.anchor : NULL;
	if (anchor)
		return yerr(y, line, NULL, "%s", _("anchors are not allowed"));
	if (++y->depth > LB_YAML_DEPTH) {
		y->depth--;
		return yerr(y, line, NULL, "%s", _("nesting too deep"));
	}
	struct lb_ynode *n = lb_xcalloc(1, sizeof *n);
	n->line = line;
	int rc = 0;
	if (ev->type == YAML_SCALAR_EVENT) {
		n->type = LB_Y_SCALAR;
		n->s = lb_xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		int map = ev->type == YAML_MAPPING_START_EVENT;
		n->type = map ? LB_Y_MAP : LB_Y_SEQ;
		for (;;) {
			yaml_event_t e;
			if ((rc = next_event(y, &e)) < 0)
				break;
			if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&e);
				break;
			}
			struct lb_ynode *k = NULL, *v = NULL;
			rc = build(y, &e, map ? &k : &v);
			yaml_event_delete(&e);
			if (rc < 0)
				break;
			if (map) {
				if (k->type != LB_Y_SCALAR) {
					rc = yerr(y, k->line, NULL, "%s", _("a key must be a plain value"));
					lb_ynode_free(k);
					break;
				}
				for (size_t i = 0; i < n->n; i++)
					if (!strcmp(n->k[i]->s, k->s)) {
						rc = lb_err_set(y->err, LB_ERULES, y->file, k->line,
						                _("duplicate key (first on line %ld)"),
						                n->k[i]->line);
						snprintf(y->err->field, sizeof y->err->field, "%s", k->s);
						break;
					}
				if (rc < 0) {
					lb_ynode_free(k);
					break;
				}
				if ((rc = next_event(y, &e)) < 0) {
					lb_ynode_free(k);
					break;
				}
				rc = build(y, &e, &v);
				yaml_event_delete(&e);
				if (rc < 0) {
					lb_ynode_free(k);
					break;
				}
			}
			size_t cap = n->cap;
			n->v = lb_xgrow(n->v, &cap, n->n + 1, sizeof *n->v);
			if (map) {
				size_t kc = n->cap;
				n->k = lb_xgrow(n->k, &kc, n->n + 1, sizeof *n->k);
				n->k[n->n] = k;
			}
			n->cap = cap;
			n->v[n->n++] = v;
		}
	} else {
		rc = yerr(y, line, NULL, "%s", _("malformed YAML: unexpected event"));
	}
	y->depth--;
	if (rc < 0) {
		lb_ynode_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

int
lb_yaml_load(const char *file, const char *text, size_t len, struct lb_ynode **root,
             struct lb_err *err)
{
	struct yp y;
	memset(&y, 0, sizeof y);
	y.file = file;
	y.err = err;
	*root = NULL;
	if (!yaml_parser_initialize(&y.p))
		return lb_err_set(err, LB_ERULES, file, 0, "%s", _("cannot initialise the YAML parser"));
	yaml_parser_set_input_string(&y.p, (const unsigned char *)text, len);
	yaml_event_t ev;
	int rc = 0, docs = 0;
	for (;;) {
		if ((rc = next_event(&y, &ev)) < 0)
			break;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			rc = yerr(&y, (long)ev.start_mark.line + 1, NULL, "%s",
			          _("more than one YAML document"));
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
			rc = build(&y, &ev, root);
			yaml_event_delete(&ev);
			if (rc < 0)
				break;
			continue;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&y.p);
	if (rc < 0) {
		lb_ynode_free(*root);
		*root = NULL;
	}
	return rc;
}

