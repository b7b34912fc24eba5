#!/usr/bin/env python3
"""Independent reference for the statistics of cjm-kpi, cjm-merge and
cjm-compare (docs/methods.md), computed from the definitions with numpy,
scipy and statsmodels on random tables -- not a port of lib/stat.c:

 * unweighted intervals of proportions: statsmodels proportion_confint
   (wilson, agresti_coull, beta = Clopper-Pearson, jeffreys);
 * NPS: adjusted-Wald and Wald from Rocks (2016) / MeasuringU, Tango's
   score interval by root-finding on its statistic T(d) = +-z;
 * means: numpy mean/std, scipy's t quantiles; medians: numpy.median,
   and the weighted median in exact rational arithmetic (fractions) on
   the weights as written;
 * weighted: the Taylor-linearised SE of survey::svymean computed per
   respondent (not from per-point sums), Kish n_eff, xlogit and
   Korn-Graubard (svyciprop) with scipy's t and beta quantiles;
 * tests: the adjusted-Wald / Wald two-sample z (Rocks nps_test), the
   N-1 two-proportion test (Campbell) with Newcombe's hybrid score
   interval from statsmodels' Wilson limits, Welch's t (cross-checked with
   scipy.stats.ttest_ind_from_stats), the z test on linearised SEs, and
   statsmodels multipletests for every --adjust.

Every printed number is compared with the reference at the printed
precision: 6 decimals (5e-7, plus 1e-9 relative for numbers above 500,
whose 6 decimals are more digits than double sums carry), p-values to 6
significant digits.  Prints how many cases ran and the largest difference
per statistic; exits 1 on any difference beyond that.

usage: stat_reference.py BINDIR TABLES SEED
"""
import csv
import decimal
import functools
import io
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy import optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

BIN, TABLES, SEED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
NAN = float("nan")

SCALES = [("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7), ("ces", 5, 1),
          ("csat", 1, 3), ("csat", 5, 1), ("ces", 7, 1), ("csat", 1, 2),
          ("csat", 0, 10), ("ces", 10, 0)]


def gen(rng, ntab):
    """Tables as segments: {(seg, step): (metric, worst, best, {per: [(score, wstr)]})}."""
    data = {}
    for k in range(1, ntab + 1):
        u = rng.random()
        wmode = ("unit" if u < 0.3 else "const" if u < 0.4 else
                 "tiny" if u < 0.45 else "var")
        cw = "%.6g" % 10 ** rng.uniform(-3, 3)
        for step in range(1, rng.randint(1, 3) + 1):
            metric, worst, best = rng.choice(SCALES)
            lo, hi = min(worst, best), max(worst, best)
            per = {}
            for month in (10, 11):
                u = rng.random()
                n = (0 if u < 0.05 else 1 if u < 0.14 else 2 if u < 0.22
                     else rng.randint(3, 12) if u < 0.6 else
                     rng.randint(13, 80) if u < 0.93 else
                     rng.randint(81, 3000))
                pts = list(range(lo, hi + 1))
                if rng.random() < 0.12:
                    pr = [1.0 if p == rng.choice(pts) else 0.0 for p in pts]
                    if sum(pr) == 0:
                        pr[0] = 1.0
                else:
                    pr = [rng.random() ** 3 for p in pts]
                rows = []
                for s in rng.choices(pts, weights=pr, k=n):
                    if wmode == "unit":
                        w = "1"
                    elif wmode == "const":
                        w = cw
                    elif wmode == "tiny":   # the same spread, at 1e-130
                        w = "%.6g" % 10 ** rng.uniform(-133, -127)
                    else:
                        w = "%.6g" % 10 ** rng.uniform(-3, 3)
                    rows.append((s, w))
                if rows:
                    per["2026-%d" % month] = rows
            data[("t%d" % k, step)] = (metric, worst, best, per)
    return data


def write_responses(data, path):
    with open(path, "w", newline="") as f:
        f.write("respondent,time,step,stage,touchpoint,channel,segment,"
                "metric,scale,score,weight,comment\n")
        for (seg, step), (metric, worst, best, per) in data.items():
            for p, rows in per.items():
                for i, (s, w) in enumerate(rows):
                    f.write("R%s_%d_%d,%s-15T10:00:00,%d,S,T%d,online,%s,"
                            "%s,%d-%d,%d,%s,\n" % (seg, step, i, p, step,
                                                   step, seg, metric, worst,
                                                   best, s, w))


def classes(metric, worst, best, s):
    """+1 top, 0 mid, -1 bottom (formats.md: NPS 9-10 / 7-8 / 0-6; other
    scales the two best, the middle, the two worst points, one each on
    2- and 3-point scales)."""
    s = np.asarray(s)
    if metric == "nps":
        return np.where(s >= 9, 1, np.where(s >= 7, 0, -1))
    k = abs(best - worst) + 1
    r = s - worst if best > worst else worst - s
    nb = 2 if k >= 4 else 1
    return np.where(r >= k - nb, 1, np.where(r < nb, -1, 0))


def zq(level):
    return stats.norm.ppf(1 - (1 - level) / 2)


@functools.lru_cache(maxsize=None)
def tq(level, df):
    """t quantile: scipy's t.ppf is off by up to ~5e-9 relative (df 30,
    0.9), enough to move a printed 6th decimal; two Newton steps on its
    upper tail t.sf (accurate) fix that."""
    a = (1 - level) / 2
    t = stats.t.ppf(1 - a, df)
    for _ in range(2):
        t += (stats.t.sf(t, df) - a) / stats.t.pdf(t, df)
    return t


def fsum(a):
    return math.fsum(np.asarray(a, dtype=float).tolist())


def lin_se(y, w):
    """svymean's SE of the ratio mean sum(w y)/sum(w), per respondent:
    sqrt(n/(n-1) sum w^2 (y - ybar)^2) / sum w; a constant y has none."""
    n = len(y)
    W = fsum(w)
    ybar = fsum(w * y) / W
    if n < 2:
        return ybar, NAN
    if np.all(y == y[0]):
        return float(y[0]), 0.0
    return ybar, math.sqrt(n / (n - 1) * fsum(w * w * (y - ybar) ** 2)) / W


def beta_cp(x, n, level):
    """Clopper-Pearson on (x, n), x and n real (scipy beta quantiles)."""
    a = 1 - level
    lo = 0.0 if x == 0 else stats.beta.ppf(a / 2, x, n - x + 1)
    hi = 1.0 if x == n else stats.beta.ppf(1 - a / 2, x + 1, n - x)
    return lo, hi


def tango(P, N, D, z):
    """Tango's score interval for NPS (Rocks 2016): {d : |T(d)| <= z},
    the piece around the estimate; lower -1 if D = n, upper 1 if P = n."""
    n = P + N + D
    est = (P - D) / n

    def T(d):
        B = -D - P + (2 * n - P + D) * d
        C = -D * d * (1 - d)
        q = (math.sqrt(max(B * B - 8 * n * C, 0)) - B) / (4 * n)
        v = n * (2 * q + d * (1 - d))
        num = P - D - n * d
        if v <= 0:
            return math.copysign(math.inf, num) if num != 0 else 0.0
        return num / math.sqrt(v)

    def limit(end, target):
        grid = np.linspace(est, end, 4001)
        grid[0] = est + (grid[1] - est) * 1e-9
        sgn = 1 if target > 0 else -1
        d = grid[1:]
        B = -D - P + (2 * n - P + D) * d
        C = -D * d * (1 - d)
        q = (np.sqrt(np.maximum(B * B - 8 * n * C, 0)) - B) / (4 * n)
        v = n * (2 * q + d * (1 - d))
        num = P - D - n * d
        with np.errstate(divide="ignore", invalid="ignore"):
            Tv = np.where(v > 0, num / np.sqrt(np.where(v > 0, v, 1)),
                          np.copysign(np.inf, num))
        past = (Tv - target) * sgn > 0
        if not past.any():
            return end
        i = int(np.argmax(past)) + 1
        return optimize.brentq(lambda x: T(x) - target, grid[i - 1],
                               grid[i], xtol=1e-15, rtol=1e-15)

    lo = -1.0 if D == n else limit(-1.0, z)
    hi = 1.0 if P == n else limit(1.0, -z)
    return lo, hi


def wmedian(vals, wstrs):
    """Weighted median in exact arithmetic on the weights as written
    (decimal sums with enough digits to be exact): the first point where
    the cumulative weight reaches half, the midpoint with the next point
    at an exact tie."""
    ctx = decimal.Context(prec=1000, traps=[decimal.Inexact])
    tot = {}
    for v, w in zip(vals, wstrs):
        tot[v] = ctx.add(tot.get(v, decimal.Decimal(0)), decimal.Decimal(w))
    pts = sorted(tot)
    W = decimal.Decimal(0)
    for v in pts:
        W = ctx.add(W, tot[v])
    W = ctx.multiply(W, 1)
    cum = decimal.Decimal(0)
    for i, v in enumerate(pts):
        cum = ctx.add(cum, tot[v])
        if ctx.multiply(cum, 2) >= W:
            if ctx.multiply(cum, 2) == W and i + 1 < len(pts):
                return (v + pts[i + 1]) / 2
            return float(v)


class Group:
    """The reference statistics of one group (or journey row)."""

    def __init__(self, metric, worst, best, rows, o):
        s = np.array([r[0] for r in rows], dtype=float)
        wstr = [r[1] for r in rows]
        w = np.array([float(x) for x in wstr])
        cls = classes(metric, worst, best, s)
        lv = o["level"]
        self.metric, self.worst, self.best = metric, worst, best
        self.n = n = len(s)
        self.weighted = bool(np.any(w != 1))
        self.W = fsum(w)
        self.neff = self.W ** 2 / fsum(w * w) if self.weighted else n
        self.P = int(np.sum(cls == 1))
        self.N = int(np.sum(cls == 0))
        self.D = int(np.sum(cls == -1))
        f = {}
        f["n"] = n
        f["weight_sum"] = self.W
        f["n_eff"] = self.neff
        f["low_base"] = 1 if n < o["min_n"] else 0
        ytop = (cls == 1).astype(float)
        ynet = cls.astype(float)
        if not self.weighted:
            f["pct_top"] = 100 * self.P / n
            f["pct_mid"] = 100 * self.N / n
            f["pct_bottom"] = 100 * self.D / n
            m = {"wilson": "wilson", "agresti-coull": "agresti_coull",
                 "clopper-pearson": "beta", "jeffreys": "jeffreys"}
            lo, hi = proportion_confint(self.P, n, alpha=1 - lv,
                                        method=m[o["prop"]])
            f["top_low"], f["top_high"] = 100 * lo, 100 * hi
            self.top_method = o["prop"]
            f["net"] = 100 * (self.P - self.D) / n
            z = zq(lv)
            if o["nps"] == "score":
                lo, hi = tango(self.P, self.N, self.D, z)
            else:
                a = 0.75 if o["nps"] == "adjusted-wald" else 0
                nn = n + 4 * a
                pp, pd = (self.P + a) / nn, (self.D + a) / nn
                c = pp - pd
                se = math.sqrt(max(pp + pd - c * c, 0) / nn)
                lo, hi = max(c - z * se, -1), min(c + z * se, 1)
            f["net_low"], f["net_high"] = 100 * lo, 100 * hi
            f["mean"] = float(np.mean(s))
            if n >= 2:
                sd = float(np.std(s, ddof=1))
                f["sd"] = sd
                h = tq(lv, n - 1) * sd / math.sqrt(n)
                f["mean_low"], f["mean_high"] = f["mean"] - h, f["mean"] + h
            else:
                f["sd"] = f["mean_low"] = f["mean_high"] = NAN
            f["median"] = float(np.median(s))
            self.se_net = self.se_top = self.se_mean = NAN  # not used
        else:
            W = self.W
            p = fsum(w[cls == 1]) / W
            f["pct_top"] = 100 * p
            f["pct_mid"] = 100 * fsum(w[cls == 0]) / W
            f["pct_bottom"] = 100 * fsum(w[cls == -1]) / W
            _, se_top = lin_se(ytop, w)
            net, se_net = lin_se(ynet, w)
            mean, se_mean = lin_se(s, w)
            self.se_top, self.se_net, self.se_mean = (100 * se_top,
                                                      100 * se_net, se_mean)
            # top-box: xlogit (t, n-1 df) or Korn-Graubard; where they do
            # not exist Clopper-Pearson on Kish's n_eff.
            lo = hi = None
            if 0 < p < 1 and se_top > 0 and n >= 2:
                if o["prop"] == "clopper-pearson":
                    ne = p * (1 - p) / se_top ** 2
                    lo, hi = beta_cp(p * ne, ne, lv)
                    self.top_method = "korn-graubard"
                else:
                    eta = math.log(p / (1 - p))
                    h = tq(lv, n - 1) * se_top / (p * (1 - p))
                    lo = 1 / (1 + math.exp(-(eta - h)))
                    hi = 1 / (1 + math.exp(-(eta + h)))
                    self.top_method = "xlogit"
            if lo is None:
                lo, hi = beta_cp(p * self.neff, self.neff, lv)
                self.top_method = "clopper-pearson-kish"
            f["top_low"], f["top_high"] = 100 * lo, 100 * hi
            f["net"] = 100 * net
            if n >= 2:
                z = zq(lv)
                f["net_low"] = max(100 * (net - z * se_net), -100)
                f["net_high"] = min(100 * (net + z * se_net), 100)
            else:
                f["net_low"] = f["net_high"] = NAN
            f["mean"] = mean
            if n >= 2:
                h = tq(lv, n - 1) * se_mean
                f["mean_low"], f["mean_high"] = mean - h, mean + h
                f["sd"] = math.sqrt(fsum(w * (s - mean) ** 2) / W * n /
                                    (n - 1)) if not np.all(s == s[0]) else 0.0
            else:
                f["mean_low"] = f["mean_high"] = f["sd"] = NAN
            f["median"] = wmedian(s, wstr)
        self.kind = {"nps": "nps", "csat": "top2", "ces": "mean"}[metric]
        if self.kind == "nps":
            f["value"], f["ci_low"], f["ci_high"] = (f["net"], f["net_low"],
                                                     f["net_high"])
            f["method"] = "linearised-z" if self.weighted else o["nps"]
        elif self.kind == "top2":
            f["value"], f["ci_low"], f["ci_high"] = (f["pct_top"],
                                                     f["top_low"],
                                                     f["top_high"])
            f["method"] = self.top_method
        else:
            f["value"], f["ci_low"], f["ci_high"] = (f["mean"],
                                                     f["mean_low"],
                                                     f["mean_high"])
            f["method"] = "linearised-t" if self.weighted else "t"
        f["kpi"] = self.kind
        self.sd = f["sd"]
        self.f = f


def test(prev, cur, kind, o):
    """The compare row of cur - prev (formats.md section 4)."""
    lv = o["level"]
    r = {}
    if prev.weighted or cur.weighted:
        r["test"] = "linearised-z"
        key = {"nps": ("net", "se_net"), "net": ("net", "se_net"),
               "top2": ("pct_top", "se_top"), "mean": ("mean", "se_mean")}
        fld, sef = key[kind]
        e1, e2 = cur.f[fld], prev.f[fld]

        def se_of(g):
            if g.n < 2:
                return NAN
            if not g.weighted:  # unit weights: s / sqrt(n)
                return {"net": 100, "pct_top": 100, "mean": 1}[fld] * \
                    unit_se(g, fld)
            return getattr(g, sef)
        s1, s2 = se_of(cur), se_of(prev)
        d = e1 - e2
        r["diff"] = d
        if math.isnan(s1) or math.isnan(s2):
            return r
        se = math.hypot(s1, s2)
        if se == 0:
            r["diff_low"] = r["diff_high"] = d
            return r
        z = zq(lv)
        r["stat"] = d / se
        r["p"] = 2 * stats.norm.sf(abs(d / se))
        r["diff_low"], r["diff_high"] = d - z * se, d + z * se
        return r
    if kind in ("nps", "net"):
        r["test"] = "wald-z" if o["nps_test"] == "wald" else "adjusted-wald-z"
        a = 0 if o["nps_test"] == "wald" else 0.75

        def side(g):
            nn = g.n + 4 * a
            pp, pd = (g.P + a) / nn, (g.D + a) / nn
            return (g.P - g.D) / nn, max(pp + pd - (pp - pd) ** 2, 0) / nn
        e1, v1 = side(cur)
        e2, v2 = side(prev)
        d, se = e1 - e2, math.sqrt(v1 + v2)
        r["diff"] = 100 * d
        if se == 0:
            r["diff_low"] = r["diff_high"] = 100 * d
            return r
        z = zq(lv)
        r["stat"] = d / se
        r["p"] = 2 * stats.norm.sf(abs(d / se))
        r["diff_low"] = 100 * max(d - z * se, -2)
        r["diff_high"] = 100 * min(d + z * se, 2)
        return r
    if kind == "top2":
        r["test"] = "n-1-two-proportion"
        x1, n1, x2, n2 = cur.P, cur.n, prev.P, prev.n
        p1, p2 = x1 / n1, x2 / n2
        d = p1 - p2
        N = n1 + n2
        pb = (x1 + x2) / N
        l1, u1 = proportion_confint(x1, n1, alpha=1 - lv, method="wilson")
        l2, u2 = proportion_confint(x2, n2, alpha=1 - lv, method="wilson")
        r["diff"] = 100 * d
        r["diff_low"] = 100 * (d - math.hypot(p1 - l1, u2 - p2))
        r["diff_high"] = 100 * (d + math.hypot(u1 - p1, p2 - l2))
        se = math.sqrt(pb * (1 - pb) * (1 / n1 + 1 / n2) * N / (N - 1)) \
            if N > 1 else 0
        if se > 0:
            r["stat"] = d / se
            r["p"] = 2 * stats.norm.sf(abs(d / se))
        return r
    r["test"] = "welch-t"
    m1, m2 = cur.f["mean"], prev.f["mean"]
    r["diff"] = m1 - m2
    if cur.n < 2 or prev.n < 2:
        return r
    a, b = cur.sd ** 2 / cur.n, prev.sd ** 2 / prev.n
    se = math.sqrt(a + b)
    if se == 0:
        r["diff_low"] = r["diff_high"] = m1 - m2
        return r
    df = (a + b) ** 2 / (a * a / (cur.n - 1) + b * b / (prev.n - 1))
    t = (m1 - m2) / se
    st = stats.ttest_ind_from_stats(m1, cur.sd, cur.n, m2, prev.sd, prev.n,
                                    equal_var=False)
    assert abs(st.statistic - t) <= 1e-9 * max(1, abs(t)), (st, t)
    r["stat"], r["df"] = t, df
    r["p"] = 2 * stats.t.sf(abs(t), df)
    h = tq(lv, df) * se
    r["diff_low"], r["diff_high"] = m1 - m2 - h, m1 - m2 + h
    return r


def unit_se(g, fld):
    """s/sqrt(n) of an unweighted group (its linearised SE)."""
    y = {"net": [1] * g.P + [0] * g.N + [-1] * g.D,
         "pct_top": [1] * g.P + [0] * (g.N + g.D)}.get(fld)
    if y is None:
        return g.sd / math.sqrt(g.n)
    y = np.array(y, dtype=float)
    return float(np.std(y, ddof=1)) / math.sqrt(g.n) if not \
        np.all(y == y[0]) else 0.0


ADJ = {"bh": "fdr_bh", "holm": "holm", "hochberg": "simes-hochberg",
       "bonferroni": "bonferroni", "by": "fdr_by"}


# --- comparison of printed values with the reference -----------------

WORST = {}      # statistic -> (count, max |diff| in printed units)
bad = []


def num(s):
    return NAN if s == "" else float(s)


def check(stat, printed, ref, where, pval=False):
    if isinstance(ref, str) or ref is None:
        ok = printed == (ref or "")
        d = 0.0 if ok else math.inf
    elif math.isnan(ref):
        ok = printed == ""
        d = 0.0 if ok else math.inf
    elif printed == "":
        ok, d = False, math.inf
    elif (got := num(printed)) is None:
        pass
    elif pval:
        if ref < 1e-280:
            ok, d = got < 1e-270, 0.0
        else:
            d = abs(got - ref) / ref
            ok = d <= 5.1e-6
            d /= 1e-5        # in units of the 6th significant digit
    else:
        d = abs(got - ref)
        ok = d <= 5.01e-7 or (abs(ref) > 500 and d <= 1e-9 * abs(ref))
        d /= 1e-6           # in units of the 6th decimal
    c, m = WORST.get(stat, (0, 0.0))
    WORST[stat] = (c + 1, max(m, d))
    if not ok:
        bad.append("%s: %s printed %r, reference %r" % (where, stat,
                                                          printed, ref))


KPI_FIELDS = ["n", "weight_sum", "n_eff", "low_base", "kpi", "value",
              "ci_low", "ci_high", "method", "pct_top", "pct_mid",
              "pct_bottom", "top_low", "top_high", "net", "net_low",
              "net_high", "mean", "mean_low", "mean_high", "sd", "median"]


def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if p.returncode not in (0, 3):
        sys.exit("%s: exit %d: %s" % (" ".join(args), p.returncode,
                                      p.stderr))
    return list(csv.DictReader(io.StringIO(p.stdout))), p.returncode


KSETS = [
    ({"nps": "adjusted-wald", "prop": "wilson", "level": 0.95, "min_n": 30},
     "", [("", {"adjust": "bh", "nps_test": "adjusted-wald", "net": False,
                "alpha": 0.05, "level": 0.95}),
          ("--adjust bonferroni --kpi net",
           {"adjust": "bonferroni", "nps_test": "adjusted-wald", "net": True,
            "alpha": 0.05, "level": 0.95})]),
    ({"nps": "wald", "prop": "agresti-coull", "level": 0.9, "min_n": 30},
     "--nps-ci wald --prop-ci agresti-coull -l 0.9",
     [("--nps-test wald --adjust holm -l 0.9",
       {"adjust": "holm", "nps_test": "wald", "net": False, "alpha": 0.05,
        "level": 0.9}),
      ("--adjust none --nps-test wald -a 0.2",
       {"adjust": "none", "nps_test": "wald", "net": False, "alpha": 0.2,
        "level": 0.95})]),
    ({"nps": "score", "prop": "clopper-pearson", "level": 0.99, "min_n": 30},
     "--nps-ci score --prop-ci clopper-pearson -l 0.99",
     [("--kpi net --adjust by -a 0.1 -l 0.99",
       {"adjust": "by", "nps_test": "adjusted-wald", "net": True,
        "alpha": 0.1, "level": 0.99})]),
    ({"nps": "adjusted-wald", "prop": "jeffreys", "level": 0.8, "min_n": 10},
     "--prop-ci jeffreys -l 0.8 --min-n 10",
     [("--adjust hochberg -l 0.8",
       {"adjust": "hochberg", "nps_test": "adjusted-wald", "net": False,
        "alpha": 0.05, "level": 0.8})]),
]


def main():
    rng = random.Random(SEED)
    data = gen(rng, TABLES)
    tmp = tempfile.mkdtemp()
    resp = os.path.join(tmp, "responses.csv")
    write_responses(data, resp)
    nkpi = ncmp = 0
    for o, kargs, csets in KSETS:
        kpath = os.path.join(tmp, "kpi.csv")
        with open(kpath, "w") as f:
            subprocess.run([os.path.join(BIN, "cjm-kpi"), "-q", "--by",
                            "touchpoint,segment", "--period", "month",
                            "--journey"] + kargs.split() + [resp], stdout=f,
                           check=True)
        with open(kpath) as f:
            rows = list(csv.DictReader(f))
        # The reference groups: group rows and journey rows (all
        # touchpoints of a metric and scale in a segment and period).
        ref = {}
        jr = {}
        for (seg, step), (metric, worst, best, per) in data.items():
            for p, rws in per.items():
                ref[("group", seg, "T%d" % step, p)] = Group(metric, worst,
                                                             best, rws, o)
                jr.setdefault((seg, p, metric, worst, best), []).extend(rws)
        for (seg, p, metric, worst, best), rws in jr.items():
            ref[("journey", seg, "%s %d-%d" % (metric, worst, best), p)] = \
                Group(metric, worst, best, rws, o)
        seen = 0
        for r in rows:
            tp = r["touchpoint"] if r["level"] == "group" else \
                "%s %s" % (r["metric"], r["scale"])
            k = (r["level"], r["segment"], tp, r["period"])
            g = ref[k]
            where = "cjm-kpi %s: %s" % (kargs or "(defaults)", k)
            for fld in KPI_FIELDS:
                check(fld, r[fld], g.f[fld], where)
            seen += 1
        if seen != len(ref):
            bad.append("cjm-kpi %s: %d rows, reference %d" % (kargs, seen,
                                                             len(ref)))
        nkpi += seen
        for cargs, co in csets:
            crows, st = run([os.path.join(BIN, "cjm-compare"), "-q"] +
                            cargs.split() + [kpath])
            res = []
            for r in crows:
                tp = r["touchpoint"] if r["level"] == "group" else \
                    "%s %s" % (r["metric"], r["scale"])
                gp = ref[(r["level"], r["segment"], tp, "2026-10")]
                gc = ref[(r["level"], r["segment"], tp, "2026-11")]
                kind = "net" if co["net"] else gc.kind
                res.append((r, gp, gc, kind, test(gp, gc, kind, co)))
            ps = [x[4].get("p", NAN) for x in res]
            idx = [i for i, p in enumerate(ps) if not math.isnan(p)]
            adj = list(ps)
            if idx and co["adjust"] != "none":
                a = multipletests([ps[i] for i in idx],
                                  method=ADJ[co["adjust"]])[1]
                for i, v in zip(idx, a):
                    adj[i] = v
            drop = False
            for (r, gp, gc, kind, t), pa in zip(res, adj):
                where = "cjm-compare %s: %s %s" % (cargs or "(defaults)",
                                                   r["segment"],
                                                   r["touchpoint"])
                check("kpi", r["kpi"], kind, where)
                check("test", r["test"], t["test"], where)
                vf = "net" if kind == "net" else "value"
                check("value_prev", r["value_prev"], gp.f[vf], where)
                check("value_cur", r["value_cur"], gc.f[vf], where)
                for fld in ("diff", "diff_low", "diff_high", "stat", "df"):
                    check(fld, r[fld], t.get(fld, NAN), where)
                check("p", r["p"], t.get("p", NAN), where, pval=True)
                check("p_adj", r["p_adj"], pa, where, pval=True)
                d = -1 if kind == "mean" and gc.best < gc.worst else 1
                fl = ""
                if not math.isnan(pa) and pa < co["alpha"]:
                    fl = ("drop" if t["diff"] * d < 0 else
                          "rise" if t["diff"] * d > 0 else "")
                drop = drop or fl == "drop"
                check("flag", r["flag"], fl, where)
                ncmp += 1
            if (st == 3) != drop:
                bad.append("cjm-compare %s: exit %d" % (cargs, st))
    big = large_n(tmp)
    print("random tables: %d (seed %d); %d KPI rows in %d option sets, %d "
          "compare rows in %d option sets; %d large-n intervals"
          % (TABLES, SEED, nkpi, len(KSETS), ncmp,
             sum(len(c) for _, _, c in KSETS), big))
    print("largest difference per statistic (in units of the printed "
          "precision: 1e-6, or the 6th significant digit for p):")
    for k in sorted(WORST):
        c, m = WORST[k]
        print("  %-12s %7d values, max %.3g" % (k, c, m))
    if bad:
        print("%d differences beyond the printed precision:" % len(bad))
        bad.sort(key=lambda b: ": p_adj " in b)     # the causes first
        for b in bad[:40]:
            print("  " + b)
        sys.exit(1)


def large_n(tmp):
    """Clopper-Pearson, Jeffreys, Korn-Graubard and xlogit at n up to
    1e9 (where GSL's incomplete beta gives up): partial KPI rows of two
    points (1 and 5 of 1-5) with constant weights per point, merged."""
    rng = random.Random(SEED + 1)
    hdr = ("level,step,stage,touchpoint,channel,segment,period,metric,"
           "scale,n," + ",".join("%s%d" % (c, i) for c in "cwq"
                                 for i in range(11)))
    lines, cases = [hdr], []
    for i in range(40):
        n = int(10 ** rng.uniform(6, 9))
        x = rng.choice([rng.randint(0, n), rng.randint(1, 50),
                        n - rng.randint(0, 50), rng.randint(0, n)])
        wa, wb = (1.0, 1.0) if i % 2 == 0 else (rng.choice([0.5, 1.25, 2.0]),
                                                rng.choice([0.75, 1.0, 1.5]))
        c = {1: n - x, 5: x}
        w = {1: (n - x) * wb, 5: x * wa}
        q = {1: (n - x) * wb * wb, 5: x * wa * wa}
        f = ["group", str(i + 1), "S", "B%d" % i, "online", "", "", "csat",
             "1-5", str(n)]
        for d in (c, w, q):
            f += ["" if (j == 0 or j > 5) else repr(float(d.get(j, 0)))
                  if d is not c else str(d.get(j, 0)) for j in range(11)]
        lines.append(",".join(f))
        cases.append((n, x, wa, wb))
    path = os.path.join(tmp, "big.kpi")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    cnt = 0
    for prop in ("clopper-pearson", "jeffreys"):
        rows, _ = run([os.path.join(BIN, "cjm-merge"), "--prop-ci", prop,
                       path])
        for r, (n, x, wa, wb) in zip(rows, cases):
            where = "cjm-merge --prop-ci %s: n %d x %d" % (prop, n, x)
            if wa == wb == 1.0:
                if prop == "clopper-pearson":
                    lo, hi = beta_cp(x, n, 0.95)
                else:
                    lo, hi = proportion_confint(x, n, alpha=0.05,
                                                method="jeffreys")
                meth = prop
            else:
                W = x * wa + (n - x) * wb
                p = x * wa / W
                # linearised SE on grouped data: sum over the two points
                se = math.sqrt(n / (n - 1) * (x * wa * wa * (1 - p) ** 2 +
                                              (n - x) * wb * wb * p * p)) / W
                neff = W * W / (x * wa * wa + (n - x) * wb * wb)
                if 0 < p < 1:
                    if prop == "clopper-pearson":
                        ne = p * (1 - p) / se ** 2
                        lo, hi = beta_cp(p * ne, ne, 0.95)
                        meth = "korn-graubard"
                    else:
                        eta = math.log(p / (1 - p))
                        h = tq(0.95, n - 1) * se / (p * (1 - p))
                        lo = 1 / (1 + math.exp(-(eta - h)))
                        hi = 1 / (1 + math.exp(-(eta + h)))
                        meth = "xlogit"
                else:
                    lo, hi = beta_cp(p * neff, neff, 0.95)
                    meth = "clopper-pearson-kish"
            check("large-n lo", r["top_low"], 100 * lo, where)
            check("large-n hi", r["top_high"], 100 * hi, where)
            check("method", r["method"], meth, where)
            cnt += 2
    return cnt


main()
