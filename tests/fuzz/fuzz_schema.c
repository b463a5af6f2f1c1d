/* Fuzz target: the schema parser (libcore/schema.c, --schema FILE), then the
 * header matcher on the schema it built. The text is handed over in a
 * buffer of exactly its size (no NUL after it). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lb_schema *s = NULL;
	struct lb_err err;
	char *text = malloc(size ? size : 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	if (lb_schema_parse(&s, "fuzz.yaml", text, size, &err) == 0) {
		lb_schema_match_header(s, "姓名");
		lb_schema_match_header(s, "child_id");
		lb_schema_free(s);
	}
	free(text);
	return 0;
}
