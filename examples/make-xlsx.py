#!/usr/bin/python3
"""Build a school's .xlsx roster, as a school keeps it, from a CSV roster.

    /usr/bin/python3 examples/make-xlsx.py [--ids-as-numbers] IN.csv OUT.xlsx [CAREFUL.csv]

The workbook has a merged title row, the rows sorted by grade and class with
each run of one grade (and of one class) typed once in a merged cell, identity
numbers and phone numbers stored as text, and date columns as date cells. With
CAREFUL.csv it also writes the careful CSV export of the same sheet (UTF-8,
every merged cell's value in every row, ids exact), so a test can check that
lb-import reads the workbook to the same roster. --ids-as-numbers stores the
identity numbers as numbers instead, as a careless spreadsheet does (their
last digits are lost). Needs python3-openpyxl. The file is byte-stable: the
workbook's times are fixed.
"""
import csv
import datetime
import io
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

args = sys.argv[1:]
numbers = "--ids-as-numbers" in args
args = [a for a in args if a != "--ids-as-numbers"]
if len(args) not in (2, 3):
    sys.exit(__doc__)
src, dst = args[0], args[1]
careful = args[2] if len(args) == 3 else None

text = open(src, encoding="utf-8-sig").read()
delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
rows = list(csv.reader(io.StringIO(text), delimiter=delim))
head, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
col = {h: i for i, h in enumerate(head)}
gi, ci = col.get("年级"), col.get("班级")
body.sort(key=lambda r: (r[gi], r[ci]))   # stable: the school's own order within a class
idcols = [i for i, h in enumerate(head) if "身份证" in h or "身份号码" in h]
datecols = [i for i, h in enumerate(head) if h.endswith("日期") or h == "出生年月"]
def valid(v):
    try:
        datetime.date.fromisoformat(v)
        return True
    except ValueError:   # a wrong date stays text, as the school typed it
        return False


title = "留守儿童信息登记表"

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "花名册"
ws.append([title] + [None] * (len(head) - 1))
ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
ws.append(head)
for r in body:
    out = []
    for i, v in enumerate(r):
        if v == "":
            out.append(None)
        elif i in idcols and numbers and re.fullmatch(r"\d{15,18}", v):
            out.append(float(v))
        elif i in datecols and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) and valid(v):
            out.append(datetime.date.fromisoformat(v))
        else:
            out.append(v)
    ws.append(out)
for n in range(3, 3 + len(body)):
    for i in datecols:
        ws.cell(n, i + 1).number_format = "yyyy-mm-dd"
    for i in idcols:
        ws.cell(n, i + 1).number_format = "0" if numbers else "@"
# merged runs: a grade typed once per run, a class once per run within a grade
for key in ((gi,), (gi, ci)):
    start = 0
    for k in range(1, len(body) + 1):
        if k == len(body) or [body[k][i] for i in key] != [body[start][i] for i in key]:
            if k - start > 1:
                c = key[-1] + 1
                ws.merge_cells(start_row=3 + start, start_column=c, end_row=2 + k, end_column=c)
            start = k
for i in range(len(head)):
    ws.column_dimensions[get_column_letter(i + 1)].width = 14
fixed = datetime.datetime(2025, 9, 1)
wb.properties.created = wb.properties.modified = fixed
buf = io.BytesIO()
wb.save(buf)
# byte-stable: the same times on every member
zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        data = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                      rb"<dcterms:\1\2>2025-09-01T00:00:00Z<", data)
        zi = zipfile.ZipInfo(info.filename, date_time=(2025, 9, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(zi, data)
if careful:
    with open(careful, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([title] + [""] * (len(head) - 1))
        w.writerow(head)
        for r in body:
            w.writerow(r)
