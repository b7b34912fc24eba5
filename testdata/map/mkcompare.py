#!/usr/bin/env python3
# Writes compare.csv (docs/formats.md section 4) from kpi-months.csv: the
# hand-made stand-in for cjm-compare's output (normal approximation from
# the two intervals, Benjamini-Hochberg over the rows).
import csv, math, sys

rows = list(csv.DictReader(open(sys.argv[1])))
prev = {}
for r in rows:
    if r["period"] == "2026-10":
        prev[(r["stage"], r["touchpoint"], r["metric"], r["scale"])] = r
out = []
for r in rows:
    if r["period"] != "2026-11":
        continue
    p = prev[(r["stage"], r["touchpoint"], r["metric"], r["scale"])]
    v1, v0 = float(r["value"]), float(p["value"])
    se = math.hypot((float(r["ci_high"]) - float(r["ci_low"])) / 3.92,
                    (float(p["ci_high"]) - float(p["ci_low"])) / 3.92)
    z = (v1 - v0) / se
    pv = math.erfc(abs(z) / math.sqrt(2))
    d = v1 - v0
    out.append(dict(stage=r["stage"], touchpoint=r["touchpoint"],
        channel=r["channel"], segment=r["segment"], metric=r["metric"],
        scale=r["scale"], kpi=r["kpi"], period_prev="2026-10",
        period_cur="2026-11", n_prev=p["n"], value_prev=p["value"],
        n_cur=r["n"], value_cur=r["value"], diff=d,
        diff_low=d - 1.96 * se, diff_high=d + 1.96 * se,
        test={"nps": "adjusted-wald-z", "top2": "n-1-two-proportion",
              "mean": "welch-t"}[r["kpi"]],
        stat=z, df=(int(r["n"]) + int(p["n"]) - 2) if r["kpi"] == "mean" else "",
        p=pv, adjust="bh"))
m = len(out)
order = sorted(range(m), key=lambda i: out[i]["p"])
adj = [0.0] * m
run = 1.0
for k in range(m - 1, -1, -1):
    i = order[k]
    run = min(run, out[i]["p"] * m / (k + 1))
    adj[i] = run
for i, o in enumerate(out):
    o["p_adj"] = adj[i]
    bad = o["diff"] < 0
    if o["kpi"] == "mean" and o["scale"] == "5-1":
        bad = not bad
    o["flag"] = ("drop" if bad else "rise") if adj[i] < 0.05 else ""
cols = ["stage", "touchpoint", "channel", "segment", "metric", "scale", "kpi",
        "period_prev", "period_cur", "n_prev", "value_prev", "n_cur",
        "value_cur", "diff", "diff_low", "diff_high", "test", "stat", "df",
        "p", "p_adj", "adjust", "flag"]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(cols)
def f(x):
    if isinstance(x, float):
        s = "%.6f" % x
        s = s.rstrip("0").rstrip(".")
        return "0" if s == "-0" else s
    return x
for o in out:
    w.writerow([f(o[c]) for c in cols])
