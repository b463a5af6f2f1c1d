/*
 * rules.h — the rules model: contact-frequency rules and the school calendar,
 * from a built-in profile (compiled in from schemas/rules/NAME.yaml) and,
 * optionally, a user's rules file laid over it (its calendar: replaces the
 * profile's calendar; its rules:, when present, replace the profile's rules;
 * its mentor_limit:, when present, replaces the profile's). The format is
 * lb-rules(5). The windows of a rule are window.h's; the schedule of owed
 * windows is sched.h's.
 *
 *     struct lb_rules *rs;
 *     lb_rules_open(&rs, "linxia", "county.yaml", &err);
 *     ... rs->rules[i], rs->terms[i], rs->mentor_limit ...
 *     lb_rules_free(rs);
 */
#ifndef LB_RULES_H
#define LB_RULES_H

#include <stddef.h>
#include "err.h"
#include "util.h"

enum lb_scope { LB_SCOPE_CHILD = 0, LB_SCOPE_CLASS, LB_SCOPE_SCHOOL };
enum lb_every {
	LB_EVERY_WEEK = 0, LB_EVERY_2WEEKS, LB_EVERY_MONTH, LB_EVERY_2MONTHS,
	LB_EVERY_SEMESTER, LB_EVERY_YEAR
};
enum lb_during { LB_DURING_TERM = 0, LB_DURING_ALWAYS };

struct lb_term {
	char *name;             /* "2025秋" */
	int start, end;         /* days (date.h), inclusive */
};

struct lb_apply {
	char *field;            /* roster field id: "priority" */
	char *value;            /* canonical value: "是" */
};

struct lb_rule {
	char *id;               /* "monthly-talk" */
	char *title;
	char *source;           /* "篇1 三(二)4"; "" when not given */
	enum lb_scope scope;
	char **kinds;           /* activity kinds (canonical enum values) */
	size_t nkinds;
	char **roles;           /* performer roles; nroles 0: any role */
	size_t nroles;
	int times;              /* >= 1 */
	enum lb_every every;
	enum lb_during during;
	struct lb_apply *applies;
	size_t napplies;
	int collective;         /* collective: true — a collective event (no child_id)
	                         * counts for each child of its school (grade, class)
	                         * on the roster that day */
	const char *file;       /* the file the rule came from (owned by lb_rules) */
	long line;              /* its line there (1-based) */
};

struct lb_rules {
	char *profile;          /* "linxia" */
	char *title;
	struct lb_term *terms;  /* sorted by start, not overlapping */
	size_t nterms;
	struct lb_rule *rules;
	size_t nrules;
	int mentor_limit;       /* mentor load above this (roster.h); default 7 */
	struct lb_strv files;   /* names of the files loaded (rule->file points here) */
};

/*
 * Load the built-in profile (NULL: "linxia") and then, when path is not NULL,
 * the user's rules file on top of it. Errors (LB_ERULES; LB_EIO when the file
 * cannot be read) name the file, the 1-based line and the key in err->field:
 * an unknown profile, malformed YAML, anchors or aliases, duplicate keys,
 * unknown keys, wrong types, an unknown kind or role, an invalid
 * every/during combination, a bad date, overlapping terms; a built-in rule
 * without roles (every built-in rule must state them).
 */
int lb_rules_open(struct lb_rules **rp, const char *profile, const char *path,
                  struct lb_err *err);
/* Parse rules text named name (a standalone file: nothing is inherited). */
int lb_rules_parse(struct lb_rules **rp, const char *name, const char *text,
                   size_t len, struct lb_err *err);
/* Read path and lay it over rs (calendar: replaces, rules: replaces). */
int lb_rules_overlay(struct lb_rules *rs, const char *path, struct lb_err *err);
void lb_rules_free(struct lb_rules *rs);

/* The names of the built-in profiles, NULL-terminated, in byte order. */
const char *const *lb_rules_profiles(void);
/* The rule with this id, or NULL. */
const struct lb_rule *lb_rules_find(const struct lb_rules *rs, const char *id);
/* The term containing day, or NULL; the first term starting after day, or NULL. */
const struct lb_term *lb_rules_term_at(const struct lb_rules *rs, int day);
const struct lb_term *lb_rules_term_next(const struct lb_rules *rs, int day);

const char *lb_scope_name(enum lb_scope s);     /* "child", "class", "school" */

#endif
