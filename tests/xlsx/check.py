#!/usr/bin/python3
"""Compare a workbook lb wrote (every sheet, in order) (-f xlsx) with the CSV of the same command:
every cell read back by openpyxl, as LibreOffice or Excel would show it,
must be the CSV's text; identity and phone numbers must be text cells;
dates date cells; the header frozen and filtered.
Usage: check.py BOOK.xlsx SAME.csv   (exit 0 same, 1 different)"""
import csv
import datetime
import re
import sys

import openpyxl

book, text = sys.argv[1], sys.argv[2]
sheets = openpyxl.load_workbook(book).worksheets
ws = sheets[0]
rows = list(csv.reader(open(text, encoding="utf-8-sig", newline="")))
bad = 0
if ws.freeze_panes != "A2" or not ws.auto_filter.ref:
    print("%s: header not frozen or not filtered" % book)
    bad += 1
# a report has a sheet per part, each with the header: one table again
got = [[c for c in r] for r in ws.iter_rows()]
for more in sheets[1:]:
    got += [[c for c in r] for r in more.iter_rows()][1:]
if len(got) != len(rows):
    print("%s: %d rows, the CSV %d" % (book, len(got), len(rows)))
    sys.exit(1)
for i, (r, want) in enumerate(zip(got, rows), 1):
    for j, w in enumerate(want):
        c = r[j] if j < len(r) else None
        v = None if c is None else c.value
        if isinstance(v, datetime.datetime):
            s = v.date().isoformat()
        elif isinstance(v, float) and v.is_integer():
            s = str(int(v))
        elif v is None:
            s = ""
        else:
            s = str(v)
        if s != w:
            print("%s: row %d column %d: %r, the CSV has %r" % (book, i, j + 1, s, w))
            bad += 1
        # an identity or phone number (or one masked) must be a text cell
        if i > 1 and re.fullmatch(r"[0-9*]{11,18}X?|0[0-9]{2,3}-[0-9*]{7,8}", w) and c.data_type != "s":
            print("%s: row %d column %d: %r is not a text cell" % (book, i, j + 1, w))
            bad += 1
sys.exit(1 if bad else 0)
