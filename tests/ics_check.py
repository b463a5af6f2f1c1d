# tests/ics_check.py DIR: the calendars lb-schedule -f ics wrote (every *.ics
# below DIR), read
# back with python3-icalendar (an independent parser): every VEVENT is an
# all-day event (DTSTART a DATE, DTEND the next day) with a display alarm the
# day before; every VTODO is due on a DATE; UIDs are unique within a calendar
# and a VEVENT's ends in "-ev@lb"; no child's whole name is in any text (the
# names are read from the roster*.csv files below DIR), and a masked
# name is followed by grade and class. Prints one line per problem; exit 1
# when there is one.
import csv
import datetime
import os
import re
import sys

import icalendar

files, rosters = [], []
for root, dirs, fnames in os.walk(sys.argv[1]):
    for fn in fnames:
        if fn.endswith(".ics"):
            files.append(os.path.join(root, fn))
        elif fn.startswith("roster") and fn.endswith(".csv"):
            rosters.append(os.path.join(root, fn))
files.sort()
if not files:
    print("ics-check: no calendar written by the end-to-end cases")
    sys.exit(1)

names = set()
for r in rosters:
    with open(r, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            n = (row.get("name") or "").strip()
            if len(n) >= 2:
                names.add(n)

bad = []
nevents = ntodos = nmasked = 0
masked = re.compile(r"^\S\*+")
for path in files:
    with open(path, "rb") as f:
        data = f.read()
    try:
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as e:  # the parser says why
        bad.append("%s: does not parse: %s" % (path, e))
        continue
    if not cals:
        bad.append("%s: no calendar" % path)
    for cal in cals:
        if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
            bad.append("%s: VERSION 2.0 and PRODID missing" % path)
        uids = set()
        for comp in cal.subcomponents:
            if comp.name not in ("VEVENT", "VTODO"):
                bad.append("%s: unexpected %s" % (path, comp.name))
                continue
            uid = str(comp.get("UID"))
            summary = str(comp.get("SUMMARY", ""))
            where = "%s: %s" % (path, uid)
            if uid in uids:
                bad.append("%s: UID twice" % where)
            uids.add(uid)
            texts = [summary, str(comp.get("DESCRIPTION", ""))]
            if comp.name == "VEVENT":
                nevents += 1
                start = comp.decoded("DTSTART")
                end = comp.decoded("DTEND")
                if isinstance(start, datetime.datetime) or isinstance(end, datetime.datetime):
                    bad.append("%s: not an all-day event" % where)
                elif end - start != datetime.timedelta(days=1):
                    bad.append("%s: DTEND is not the day after DTSTART" % where)
                if not uid.endswith("-ev@lb"):
                    bad.append("%s: an event's UID must end in -ev@lb" % where)
                alarms = [c for c in comp.subcomponents if c.name == "VALARM"]
                if len(alarms) != 1:
                    bad.append("%s: %d alarms, expected 1" % (where, len(alarms)))
                for al in alarms:
                    if str(al.get("ACTION")) != "DISPLAY":
                        bad.append("%s: alarm ACTION is not DISPLAY" % where)
                    if al.decoded("TRIGGER") != datetime.timedelta(days=-1):
                        bad.append("%s: alarm not the day before" % where)
                    if not al.get("DESCRIPTION"):
                        bad.append("%s: alarm without DESCRIPTION" % where)
                    texts.append(str(al.get("DESCRIPTION", "")))
            else:
                ntodos += 1
                due = comp.decoded("DUE")
                if isinstance(due, datetime.datetime):
                    bad.append("%s: DUE is not a date" % where)
                if uid.endswith("-ev@lb"):
                    bad.append("%s: a to-do's UID ends in -ev@lb" % where)
            for t in texts:
                for n in names:
                    if n in t:
                        bad.append("%s: the whole name %s is shown" % (where, n))
            if masked.match(summary):
                nmasked += 1
                rest = masked.sub("", summary)
                if not (rest.startswith("（") or rest.startswith(" (")):
                    bad.append("%s: a masked name without grade and class: %s" % (where, summary))

for b in bad:
    print(b)
print("ics-check: %d files, %d events, %d to-dos, %d masked names, %d problems"
      % (len(files), nevents, ntodos, nmasked, len(bad)))
if not nevents or not ntodos or not nmasked:
    print("ics-check: expected events, to-dos and masked names")
    sys.exit(1)
sys.exit(1 if bad else 0)
