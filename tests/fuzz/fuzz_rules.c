/* Fuzz target: the rules parser (libcore/rules.c, YAML through libyaml):
 * terms, rules, every/during, kinds and roles, anchors refused. The text is
 * handed over in a buffer of exactly its size (no NUL after it), so a read
 * past the end is caught by ASan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lb_rules *rs = NULL;
	struct lb_err err;
	char *text = malloc(size ? size : 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	if (lb_rules_parse(&rs, "fuzz.yaml", text, size, &err) == 0)
		lb_rules_free(rs);
	free(text);
	return 0;
}
