/* Fuzz target: every value normaliser of libcore/value*.c, on every field type
 * of the built-in roster and activity schemas. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "schema.h"
#include "value.h"
#include "mask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lb_buf out;
	struct lb_vnote note;
	struct lb_idinfo info;
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	for (int k = LB_KIND_ROSTER; k <= LB_KIND_ACTIVITY; k++) {
		const struct lb_schema *sc = lb_schema_builtin(k);
		for (size_t i = 0; i < sc->n; i++) {
			lb_buf_clear(&out);
			lb_value_normalize(&sc->f[i], s, &out, &note);
			lb_buf_clear(&out);
			lb_mask_value(&sc->f[i], s, 0, &out);
			lb_enum_suggest(&sc->f[i], s);
		}
	}
	lb_idcard_check(s, lb_date_from_ymd(2025, 11, 15), &info);
	if (strlen(s) == 15) {
		char id18[19];
		lb_idcard_upgrade15(s, id18);
	}
	lb_date_parse_loose(s, 1);
	lb_date_parse_loose(s, 0);
	lb_buf_clear(&out);
	lb_mask_id(s, &out);
	lb_buf_clear(&out);
	lb_mask_phone(s, &out);
	lb_buf_clear(&out);
	lb_mask_name(s, &out);
	lb_buf_clear(&out);
	lb_phone_normalize(s, &out);
	lb_buf_clear(&out);
	lb_mask_text(s, 0, &out);
	lb_buf_clear(&out);
	lb_fullwidth_fold(s, size, &out);
	lb_utf8_valid(s, size);
	free(s);
	return 0;
}
