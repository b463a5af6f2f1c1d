#!/usr/bin/python3
"""Write the hostile and broken workbooks of tests/bad/files/ (committed, so
the tests need no Python):  /usr/bin/python3 tests/bad/make-xlsx.py DIR

  xlsx-zip-bomb.xlsx       a sheet of 64 MB of blanks in 64 KB (ratio > 1000)
  xlsx-doctype.xlsx        a sheet with a DOCTYPE and entities (billion laughs)
  xlsx-sst-entity.xlsx     shared strings with an entity declaration
  xlsx-path-outside.xlsx   a sheet whose relationship points outside the archive
  xlsx-no-workbook.xlsx    a zip archive without xl/workbook.xml
  xlsx-bad-xml.xlsx        a sheet whose XML is cut in the middle of a row
  xlsx-truncated.xlsx      the first 600 bytes of a good workbook
  xlsx-good.xlsx           a good one-sheet roster (for --sheet errors)
  xls-garbage.xls          an OLE2 signature followed by noise
"""
import os
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else "."
T = (2025, 9, 1, 0, 0, 0)

CT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"""
WB = b"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""


def rels(target):
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""" % target).encode()


def sheet(rows):
    x = ['<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for i, r in enumerate(rows, 1):
        x.append('<row r="%d">' % i)
        for j, v in enumerate(r):
            x.append('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + j), i, v))
        x.append('</row>')
    x.append('</sheetData></worksheet>')
    return "".join(x).encode()


GOOD = sheet([["身份证号", "姓名", "性别", "出生日期"],
              ["622901201503040017", "张一", "男", "2015-03-04"]])


def write(name, parts):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts:
            zi = zipfile.ZipInfo(n, date_time=T)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data, compresslevel=9)


def book(name, sheetxml, target="worksheets/sheet1.xml", sst=None, extra=()):
    parts = [("[Content_Types].xml", CT), ("xl/workbook.xml", WB),
             ("xl/_rels/workbook.xml.rels", rels(target)),
             ("xl/worksheets/sheet1.xml", sheetxml)]
    if sst is not None:
        parts.append(("xl/sharedStrings.xml", sst))
    write(name, parts + list(extra))


bomb = GOOD.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 << 20))
book("xlsx-zip-bomb.xlsx", bomb)
laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
          b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          b'<row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>')
book("xlsx-doctype.xlsx", laughs)
book("xlsx-sst-entity.xlsx", GOOD, sst=b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY x "y">]>'
     b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>')
book("xlsx-path-outside.xlsx", GOOD, target="../../../../etc/passwd")
write("xlsx-no-workbook.xlsx", [("[Content_Types].xml", CT), ("word/document.xml", b"<w/>")])
book("xlsx-bad-xml.xlsx", GOOD[:len(GOOD) - 60])
book("xlsx-good.xlsx", GOOD)
with open(os.path.join(out, "xlsx-good.xlsx"), "rb") as f:
    good = f.read()
with open(os.path.join(out, "xlsx-truncated.xlsx"), "wb") as f:
    f.write(good[:600])
with open(os.path.join(out, "xls-garbage.xls"), "wb") as f:
    f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes((i * 37 + 11) % 256 for i in range(1016)))
