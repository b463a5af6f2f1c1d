# Generate a valid roster of n children (distinct, valid identity numbers,
# mobiles 138NNNNNNNN) with a notes cell of `notes` bytes each, for the tests
# of output, limits and masking. Usage: awk -v n=N -v notes=BYTES -f roster.awk
BEGIN {
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	ck = "10X98765432"
	big = ""
	if (notes > 0) { big = "x"; while (length(big) < notes) big = big big; big = substr(big, 1, notes) }
	print "child_id,name,gender,birth_date,address,left_behind_type,father_work_place,mother_work_place,guardian_name,guardian_relation,guardian_phone,archived_on,status,notes"
	for (i = 0; i < n; i++) {
		seq = sprintf("%03d", (i % 500) * 2 + 1)          # odd: male
		day = 1 + int(i / 500) % 28
		id17 = sprintf("62290120100%d%02d%s", 3, day, seq)
		s = 0
		for (k = 1; k <= 17; k++) s += substr(id17, k, 1) * w[k]
		id = id17 substr(ck, s % 11 + 1, 1)
		printf "%s,张%d,男,2010-03-%02d,红园村%d号,父母均外出务工,广州,深圳,张大爷,祖父母,138%08d,2024-09-01,在册,%s\n", \
			id, i, day, i, 10000000 + i, big
	}
}
