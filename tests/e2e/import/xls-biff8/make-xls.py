#!/usr/bin/python3
"""Write a small legacy Excel 97-2003 workbook (BIFF8 in an OLE2 compound
file) by hand, as WPS and old Excel save it: shared strings in UTF-16, an id
stored as text, one stored as a number (its last digits lost), a date cell,
and a second sheet.  /usr/bin/python3 make-xls.py OUT.xls
(No xlwt in Debian: the format is small enough to write directly.)"""
import struct
import sys


def rec(t, data):
    return struct.pack("<HH", t, len(data)) + data


def bof(dt):
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 6))


def xstr(s, lenfmt="<H"):
    u = s.encode("utf-16-le")
    return struct.pack(lenfmt, len(s)) + b"\x01" + u


def xf(fmt):
    # font 0, format fmt, cell XF (not a style), parent 0; the rest zero
    return rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))


SHEETS = [
    ("花名册", [
        ["身份证号", "姓名", "性别", "出生日期", "学校", "年级", "班级"],
        ["622901201503040017", "张一", "男", 42067.0, "石桥小学", 4.0, "1班"],
        [622901201002140028.0, "李二", "女", 40223.0, "石桥小学", "四年级", "2班"],
    ]),
    ("说明", [["填表说明"], ["身份证号请以文本格式填写"]]),
]

strings = []
for _, rows in SHEETS:
    for r in rows:
        for v in r:
            if isinstance(v, str) and v not in strings:
                strings.append(v)


def globals_part(offsets):
    g = bof(0x0005) + rec(0x0042, struct.pack("<H", 1200)) + rec(0x0022, struct.pack("<H", 0))
    g += rec(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + xstr("Arial", "<B"))
    for _ in range(4):  # font 4 does not exist in BIFF; Excel writes 4+ fonts
        g += rec(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + xstr("Arial", "<B"))
    g += b"".join(xf(0) for _ in range(15))  # XFs 0-14 (Excel writes 15 style XFs)
    g += xf(0) + xf(14)                       # 15: General, 16: a date (m/d/yy)
    for (name, _), off in zip(SHEETS, offsets):
        g += rec(0x0085, struct.pack("<IBB", off, 0, 0) + xstr(name, "<B"))
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(xstr(s) for s in strings)
    g += rec(0x00FC, sst) + rec(0x000A, b"")
    return g


def sheet_part(rows):
    s = bof(0x0010)
    s += rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, max(len(r) for r in rows), 0))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if isinstance(v, str):
                s += rec(0x00FD, struct.pack("<HHHI", i, j, 15, strings.index(v)))
            else:
                s += rec(0x0203, struct.pack("<HHHd", i, j, 16 if j == 3 else 15, v))
    return s + rec(0x000A, b"")


# the globals' length does not depend on the offsets' values
glen = len(globals_part([0] * len(SHEETS)))
parts, offs = [], []
pos = glen
for _, rows in SHEETS:
    offs.append(pos)
    p = sheet_part(rows)
    parts.append(p)
    pos += len(p)
stream = globals_part(offs) + b"".join(parts)
size = len(stream)
stream += b"\0" * (max(4096, (size + 511) // 512 * 512) - size)  # regular sectors, not the mini stream
nsec = len(stream) // 512

END, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
fat = [FATSECT, END] + [3 + i if i < nsec - 1 else END for i in range(nsec)]
fat += [FREE] * (128 - len(fat))
assert len(fat) == 128
header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108


def dirent(name, typ, child, start, size):
    n = (name + "\0").encode("utf-16-le") if name else b""
    return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1)
            + struct.pack("<III", FREE, FREE, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<III", start, size, 0))


dirs = dirent("Root Entry", 5, 1, END, 0) + dirent("Workbook", 2, FREE, 2, size)
dirs += dirent("", 0, FREE, 0, 0) * 2
with open(sys.argv[1], "wb") as f:
    f.write(header + struct.pack("<128I", *fat) + dirs + stream)
