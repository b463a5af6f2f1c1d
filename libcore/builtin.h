/*
 * builtin.h — the files of schemas/, compiled into the library by
 * scripts/embed.awk so that an installed binary needs no data files.
 */
#ifndef LB_BUILTIN_H
#define LB_BUILTIN_H

#include <stddef.h>

struct lb_builtin_file {
	const char *name;   /* path below schemas/: "roster.yaml", "rules/linxia.yaml" */
	const char *text;
	size_t len;
};
extern const struct lb_builtin_file lb_builtin_files[];
extern const size_t lb_builtin_nfiles;

/* The built-in file called name, or NULL. */
const struct lb_builtin_file *lb_builtin_find(const char *name);

#endif
