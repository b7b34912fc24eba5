#!/usr/bin/env python3
"""Regenerates the small response tables of testdata/drivers (fixed seed,
plain Python: no numpy).  The files are committed; this says how they
were made.

  small.csv     80 respondents, 2 segments, Oct-Nov 2026, 4 predictors
                (one on a reversed 5-1 scale) and an NPS outcome driven
                mostly by Checkout and Home delivery; touchpoints skipped
                at random; a comment with a comma and a newline
  weighted.csv  the same respondents with weights 0.5 .. 2.5
  wide.csv      40 respondents answering 25 predictors and an NPS
  degenerate.csv  60 respondents: a predictor without variance, the
                same question mapped twice, two alternatives never
                answered together, a rare touchpoint
  flat.csv      an outcome without variance
"""
import random

rnd = random.Random(12)
Q = [(1, "Purchase", "Checkout", "online", "ces", "1-7"),
     (2, "Delivery", "Home delivery", "offline", "csat", "1-5"),
     (3, "Support", "Hotline", "offline", "ces", "5-1"),
     (4, "Loyalty", "App", "online", "csat", "1-5"),
     (5, "Loyalty", "Overall", "online", "nps", "0-10")]
H = "respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight,comment\n"

def clamp(v, lo, hi):
    return max(lo, min(hi, int(round(v))))

def small(weighted):
    out = [H]
    r2 = random.Random(34)
    for i in range(80):
        seg = "Family" if i % 2 else "Business"
        t = "2026-%s-%02dT%02d:%02d:00" % ("10" if i < 40 else "11", 1 + i % 28, 8 + i % 10, i % 60)
        w = "1" if not weighted else ("0.5", "1", "1.5", "2", "2.5")[i % 5]
        q = r2.gauss(0, 1)
        a = [clamp(4 + 1.6 * (q + r2.gauss(0, 0.7)), 1, 7),
             clamp(3 + 1.1 * (q + r2.gauss(0, 0.8)), 1, 5),
             clamp(3 - 1.0 * (0.5 * q + r2.gauss(0, 1)), 1, 5),
             clamp(3 + 1.0 * r2.gauss(0, 1), 1, 5)]
        y = clamp(6 + 1.2 * a[0] - 4.8 + 1.3 * a[1] - 3.9 + 0.3 * (6 - a[2] - 3) + r2.gauss(0, 1.2), 0, 10)
        skip = [r2.random() < p for p in (0.1, 0.2, 0.45, 0.3)]
        for j, qq in enumerate(Q):
            if j < 4 and skip[j]:
                continue
            v = a[j] if j < 4 else y
            c = '"Slow, then\nfine"' if (i == 7 and j == 1) else ""
            out.append("s%02d,%s,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s\n" % (
                i + 1, t, qq[0], qq[1], qq[2], qq[3], seg, qq[4], qq[5], v, w, c))
    return "".join(out)

def wide():
    out = [H]
    r3 = random.Random(56)
    for i in range(40):
        q = r3.gauss(0, 1)
        for j in range(26):
            nps = j == 25
            v = clamp(6 + 2 * q + r3.gauss(0, 1.5), 0, 10) if nps else clamp(3 + q + r3.gauss(0, 1), 1, 5)
            out.append("w%02d,2026-11-01T10:00:00,%d,Stage,%s,online,,%s,%s,%d,1,\n" % (
                i + 1, j + 1, "Overall" if nps else "T%02d" % (j + 1), "nps" if nps else "csat",
                "0-10" if nps else "1-5", v))
    return "".join(out)

def degenerate(flat):
    out = [H]
    r4 = random.Random(78)
    for i in range(60):
        q = r4.gauss(0, 1)
        good = clamp(3 + q + r4.gauss(0, 0.8), 1, 5)
        dup = clamp(4 + q + r4.gauss(0, 1), 1, 7)
        alt = clamp(3 + q + r4.gauss(0, 1), 1, 5)
        y = 8 if flat else clamp(6 + 1.5 * q + r4.gauss(0, 1), 0, 10)
        rows = [(1, "Awareness", "Website", "online", "csat", "1-5", good),
                (2, "Purchase", "Online checkout" if i % 2 else "Store checkout",
                 "online" if i % 2 else "offline", "csat", "1-5", alt),
                (4, "Delivery", "Same", "offline", "csat", "1-5", 3),
                (5, "Support", "Dup A", "offline", "ces", "1-7", dup),
                (6, "Support", "Dup B", "offline", "ces", "1-7", dup),
                (7, "Support", "Rare", "offline", "csat", "1-5", alt),
                (8, "Loyalty", "Overall", "online", "nps", "0-10", y)]
        for st, sg, tp, ch, me, sc, v in rows:
            if tp == "Rare" and i % 12:
                continue
            step = 3 if tp == "Store checkout" else st
            out.append("d%02d,2026-11-01T10:00:00,%d,%s,%s,%s,,%s,%s,%d,1,\n" % (
                i + 1, step, sg, tp, ch, me, sc, v))
    return "".join(out)

open("degenerate.csv", "w").write(degenerate(False))
open("flat.csv", "w").write(degenerate(True))
open("small.csv", "w").write(small(False))
open("weighted.csv", "w").write(small(True))
open("wide.csv", "w").write(wide())
