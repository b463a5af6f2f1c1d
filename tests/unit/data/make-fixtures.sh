#!/bin/sh
# Regenerate the reader's fixture files (run from this folder). The UTF-8
# sources are written here, then converted the way spreadsheets save them.
set -eu
crlf() { sed 's/$/\r/'; }

# GB18030 with a title row above the header, CRLF (Excel/WPS "CSV").
printf '%s\n' \
  'XX县XX小学留守儿童花名册,,,,,' \
  '序号,姓名,身份证号,性别,出生日期,监护人电话' \
  '1,张三,110105201503040012,男,2015/3/4,13800138000' \
  '2,王東淺,110105201604050023,女,2016-04-05,0931-1234567' \
  | crlf | iconv -f UTF-8 -t GB18030 > gb_title.csv

# GB18030, '|' separated; 東 and 淺 have 0x7C and 0x5C as second bytes.
printf '%s\n' \
  '姓名|身份证号|性别|监护人姓名' \
  '王東|110105201503040012|男|王淺' \
  | iconv -f UTF-8 -t GB18030 > gb_pipe.csv

# UTF-8 with BOM, other header names, CRLF (Excel "CSV UTF-8").
{ printf '\357\273\277'; printf '%s\n' \
  '学生姓名,公民身份号码,性别（必填）,家庭住址,委托监护人,结对教师' \
  '赵六,110105201503040012,男,"某某村1组,3号",赵大,钱老师' | crlf; } > bom.csv

# UTF-16 LE with BOM (Excel "Unicode text").
printf '%s\n' '姓名	身份证号	性别' | iconv -f UTF-8 -t UTF-16 > utf16.txt
