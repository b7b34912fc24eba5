#!/usr/bin/env python3
# Writes evil-*.csv: kpi.csv, compare.csv, segments.csv and a few
# responses with hostile names and comments, for the escaping and width
# tests: markup, quotes, Markdown punctuation, terminal escapes, wide
# characters, very long words.
import csv, io

REN = {
    "Live chat": "<img src=x onerror=alert(1)>",
    "Website": "\u30a6\u30a7\u30d6\u30b5\u30a4\u30c8\uff5c\u691c\u7d22",   # wide
    "Support": '# Support | "help" & *more*',
    "Delivery tracking": "Delivery tracking_[beta](http://x)",
}

def ren(s):
    return REN.get(s, s)

def rewrite(src, dst, extra=None):
    rows = list(csv.reader(open(src, newline="")))
    h = rows[0]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(h)
    for r in rows[1:]:
        for c in ("stage", "touchpoint", "segment"):
            if c in h:
                r[h.index(c)] = ren(r[h.index(c)])
        w.writerow(r)
    if extra:
        for r in extra:
            w.writerow(r)
    open(dst, "w").write(out.getvalue())

rewrite("kpi.csv", "evil-kpi.csv")
rewrite("compare.csv", "evil-compare.csv")
REN["Family"] = "<b>Family</b>"
REN["Student"] = "Student\u200b\u202eevil\u202c"
rewrite("segments.csv", "evil-segments.csv")
c = ["respondent", "time", "step", "stage", "touchpoint", "channel",
     "segment", "metric", "scale", "score", "weight", "comment"]
sup = REN["Support"]
rows = [
    ["E1", "2026-11-03T10:00:00", 8, sup, REN["Live chat"], "online",
     "<b>Family</b>", "nps", "0-10", 0, 1, "<script>alert(1)</script>"],
    ["E2", "2026-11-04T10:00:00", 8, sup, REN["Live chat"], "online",
     "Business", "nps", "0-10", 3, 1,
     "\x1b[31mred alert\x1b[0m then \x07bell, tab\there | pipe | `code` ```fence```"],
    ["E3", "2026-11-05T10:00:00", 1, "Discover", REN["Website"], "online",
     "Business", "csat", "1-5", 1, 1,
     "\u691c\u7d22\u304c\u5168\u7136\u4f7f\u3048\u306a\u3044" * 12],
    ["E4", "2026-11-06T10:00:00", 5, "Delivery", REN["Delivery tracking"],
     "online", "Business", "nps", "0-10", 2, 1,
     "https://example.com/" + "very-long-path-segment/" * 8 + "\n# not a heading\n1. not a list\n> not a quote"],
    ["E5", "2026-11-07T10:00:00", 5, "Delivery", REN["Delivery tracking"],
     "online", "Business", "nps", "0-10", 1, 1,
     "it's \"quoted\" & <i>italic</i> &amp; *bold* _under_ [link](javascript:alert(1))"],
    ["E6", "2026-11-08T10:00:00", 5, "Delivery", REN["Delivery tracking"],
     "online", "Business", "nps", "0-10", 0, 1,
     "A very long complaint that goes on and on. " * 40],
]
w = csv.writer(open("evil-responses.csv", "w", newline=""), lineterminator="\n")
w.writerow(c)
for r in rows:
    w.writerow(r)

# the drivers table (drivers.csv: cjm-drivers on responses.csv), its
# outcome named in markup too
REN["Live chat"] = "<i>Live</i> chat `rm -rf ~` | *x*"
rows = list(csv.reader(open("drivers.csv", newline="")))
h = rows[0]
w = csv.writer(open("evil-drivers.csv", "w", newline=""), lineterminator="\n")
w.writerow(h)
for r in rows[1:]:
    for col in ("outcome", "stage", "touchpoint", "segment"):
        r[h.index(col)] = ren(r[h.index(col)])
    w.writerow(r)
