#!/bin/sh
# A county of 10 schools for the report layout tests: writes roster.csv
# (6 children a school, with head teachers, mentors and parents) and
# activity.csv (October 2025, a different share of the rules kept at each
# school) into DIR. Deterministic: the same files every run.
# Usage: tests/report/make-county.sh DIR
set -eu
cd "$1"
awk 'BEGIN {
	n = split("临夏市第一实验小学,临夏市枹罕镇王坪村九年制学校,城郊镇中心小学,折桥镇初级中学,南龙镇罗家湾小学,红园路小学,八坊学校,东乡族自治县锁南镇中心学校,和政县新营乡寺坪小学,永靖县三塬镇初级中学", school, ",")
	split("王,李,张,刘,陈,杨,马,赵,黄,周,吴,徐", sur, ",")
	split("小军,小花,子涵,浩宇,雅琴,文博,晓燕,兰花,志强,欣怡", given, ",")
	print "child_id,name,gender,birth_date,school,grade,class,priority,head_teacher,mentor,father_name,mother_name,status,archived_on" > "roster.csv"
	print "date,child_id,kind,performer,role" > "activity.csv"
	split("7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2", wt, ",")
	split("1,0,X,9,8,7,6,5,4,3,2", cc, ",")
	k = 0
	for (s = 1; s <= n; s++) {
		for (c = 1; c <= 6; c++) {
			k++
			grade = 1 + (k % 6); klass = 1 + (c % 2)
			y = 2019 - grade; m = 1 + (k % 12); d = 1 + (k % 28)
			body = sprintf("622901%04d%02d%02d%03d", y, m, d, k)
			sum = 0
			for (i = 1; i <= 17; i++) sum += substr(body, i, 1) * wt[i]
			id = body cc[sum % 11 + 1]
			name = sur[1 + (k % 12)] given[1 + (int(k / 12) % 10)]
			ht = sur[1 + (s % 12)] "老师" s "-" klass
			mentor = (c % 3 == 0) ? sur[1 + ((s + 3) % 12)] "帮扶" s : ""
			prio = (c % 3 == 0) ? "是" : "否"
			father = sur[1 + (k % 12)] "父" k; mother = "母" k
			printf "%s,%s,%s,%04d-%02d-%02d,%s,%d,%d,%s,%s,%s,%s,%s,在册,2025-09-01\n", id, name, (k % 2 ? "男" : "女"), y, m, d, school[s], grade, klass, prio, ht, mentor, father, mother > "roster.csv"
			# school s keeps more of the rules the higher s is
			if (s > 2) printf "2025-10-%02d,%s,谈心,%s,班主任\n", 5 + c, id, ht > "activity.csv"
			if (s > 4) printf "2025-10-%02d,%s,亲情电话,%s,班主任\n", 10 + c, id, ht > "activity.csv"
			for (w = 0; w < 5; w++)
				if ((k + w) % 10 < s)
					printf "2025-10-%02d,%s,亲情电话,%s,父亲\n", 2 + 7 * w, id, father > "activity.csv"
			if (s > 6) printf "2025-10-20,%s,书信,%s,母亲\n", id, mother > "activity.csv"
			if (s > 8) printf "2025-10-21,%s,家校联系,%s,母亲\n", id, mother > "activity.csv"
			if (mentor != "" && s > 5)
				for (w = 0; w < 5; w++)
					printf "2025-10-%02d,%s,学业辅导,%s,帮扶教师\n%s,%s,谈心,%s,帮扶教师\n", 1 + 7 * w, id, mentor, sprintf("2025-10-%02d", 3 + 7 * w), id, mentor > "activity.csv"
		}
	}
}'
