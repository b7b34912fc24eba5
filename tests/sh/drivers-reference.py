#!/usr/bin/env python3
"""An independent computation of cjm-drivers' estimates with numpy.

usage: drivers-reference.py RESPONSES.csv MIN_N METHOD [BY_SEGMENT [UNIT]]

Reads a response table (Python's csv module, not libcsv), and for every
cell (segment, month when asked) prints, per predictor in journey order,
the values cjm-drivers writes: n, n_eff, r, r_low, r_high, importance,
performance, r2.  Nothing is shared with the C code: the correlations are
weighted Pearson correlations over the respondents who answered both
questions (numpy), the LMG shares come from the definition (the Shapley
value: every subset, R^2 by the pseudo-inverse), the relative weights
from numpy's eigh.  The rules that are choices, not mathematics, follow
docs/methods.md: pairs of predictors answered together by fewer than
MIN_N respondents count as uncorrelated; the matrix is made positive
definite by raising the eigenvalues below 0.05 to 0.05 (when one is
negative) and rescaling; predictors
with n < MIN_N or without an r are left out of the model.
"""
import csv, itertools, math, sys
from statistics import NormalDist

import numpy as np
try:                    # scipy, where present, vouches for r and its interval
    from scipy import stats as sps
except ImportError:
    sps = None

path, min_n, method = sys.argv[1], float(sys.argv[2]), sys.argv[3]
by_seg = len(sys.argv) > 4 and sys.argv[4] == "1"
unit = sys.argv[5] if len(sys.argv) > 5 else ""
z = NormalDist().inv_cdf(0.975)

rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
qs = {}                                   # key -> (step, scale lo, hi)
resp = {}                                 # (cell, id) -> {key: x}, weight
for r in rows:
    key = (r["stage"], r["touchpoint"], r["channel"], r["metric"])
    worst, best = (int(v) for v in r["scale"].split("-"))
    step = int(r["step"])
    if key not in qs or step < qs[key][0]:
        qs[key] = (step, min(worst, best), max(worst, best))
    x = int(r["score"])
    if worst > best:
        x = worst + best - x
    cell = (r["segment"] if by_seg else "", r["time"][:7] if unit == "month" else "")
    d = resp.setdefault((cell, r["respondent"]), [{}, float(r.get("weight") or 1)])
    d[0][key] = x

mord = {"nps": 0, "csat": 1, "ces": 2}
keys = sorted(qs, key=lambda k: (qs[k][0], k[0], k[1], k[2], mord[k[3]]))
ykey = [k for k in keys if k[3] == "nps"][0]
preds = [k for k in keys if k != ykey]


def pair(data, a, b):
    """Weighted Pearson r of a and b over those who answered both, n,
    n_eff (or None for r)."""
    xs, ys, ws = [], [], []
    for ans, w in data:
        if a in ans and b in ans:
            xs.append(ans[a]); ys.append(ans[b]); ws.append(w)
    n = len(xs)
    if n == 0:
        return None, 0, 0.0
    x, y, w = np.array(xs, float), np.array(ys, float), np.array(ws, float)
    neff = w.sum() ** 2 / (w * w).sum()
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    sxx = np.sum(w * (x - mx) ** 2); syy = np.sum(w * (y - my) ** 2)
    if sxx <= 1e-12 * np.sum(w * x * x) or syy <= 1e-12 * np.sum(w * y * y):
        return None, n, neff
    r = np.sum(w * (x - mx) * (y - my)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r)), n, neff


def psd(R):
    val, vec = np.linalg.eigh(R)
    if val[0] >= -1e-12:
        return R
    R = vec @ np.diag(np.clip(val, 0.05, None)) @ vec.T
    d = 1 / np.sqrt(np.diag(R))
    R = R * np.outer(d, d)
    np.fill_diagonal(R, 1)
    return R


def lmg(R):
    k = R.shape[0] - 1
    def r2(S):
        if not S:
            return 0.0
        S = list(S)
        b = R[S, k]
        return float(b @ np.linalg.pinv(R[np.ix_(S, S)], rcond=1e-10, hermitian=True) @ b)
    v = {S: r2(S) for s in range(k + 1) for S in itertools.combinations(range(k), s)}
    out = np.zeros(k)
    for j in range(k):
        rest = [i for i in range(k) if i != j]
        for s in range(k):
            wt = math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
            for S in itertools.combinations(rest, s):
                out[j] += wt * (v[tuple(sorted(S + (j,)))] - v[S])
    return out / out.sum(), v[tuple(range(k))]


def relweights(R):
    k = R.shape[0] - 1
    val, vec = np.linalg.eigh(R[:k, :k])
    keep = val > 1e-10
    V, L = vec[:, keep], val[keep]
    lam = V @ np.diag(np.sqrt(L)) @ V.T
    beta = V @ np.diag(1 / np.sqrt(L)) @ V.T @ R[:k, k]
    eps = (lam ** 2) @ (beta ** 2)
    return eps / eps.sum(), eps.sum()


def fmt(v):
    return "" if v is None else repr(float(v))


SCIPY = [0]             # pairs checked against scipy
cells = sorted({c for c, _ in resp})
print("segment,period,touchpoint,metric,n,n_eff,r,r_low,r_high,importance,performance,r2")
for cell in cells:
    data = [v for (c, _), v in resp.items() if c == cell]
    res = []
    for p in preds:
        r, n, neff = pair(data, p, ykey)
        lo = hi = None
        if r is not None and neff > 3:
            lo = math.tanh(math.atanh(r) - z / math.sqrt(neff - 3)) if abs(r) < 1 else r
            hi = math.tanh(math.atanh(r) + z / math.sqrt(neff - 3)) if abs(r) < 1 else r
        if sps is not None and r is not None and abs(r) < 1 and 3 < n and all(
                w == 1 for ans, w in data if p in ans and ykey in ans):
            # unweighted: scipy's Pearson r and Fisher-z interval
            xy = [(ans[p], ans[ykey]) for ans, w in data if p in ans and ykey in ans]
            t = sps.pearsonr([a for a, _ in xy], [b for _, b in xy])
            ci = t.confidence_interval(0.95)
            d = max(abs(t.statistic - r), abs(ci.low - lo), abs(ci.high - hi))
            if not d <= 1e-12:
                sys.exit("reference and scipy differ by %g on %s" % (d, p[1]))
            SCIPY[0] += 1
        sw = sum(w for ans, w in data if p in ans)
        perf = None
        if sw > 0:
            mean = sum(w * ans[p] for ans, w in data if p in ans) / sw
            perf = (mean - qs[p][1]) / (qs[p][2] - qs[p][1]) * 100
        res.append([p, n, neff, r, lo, hi, None, perf])
    ry, _, _ = pair(data, ykey, ykey)
    model = [i for i, x in enumerate(res) if x[1] >= min_n and x[3] is not None and ry is not None]
    r2 = None
    if model:
        V = [res[i][0] for i in model] + [ykey]
        m = len(V)
        R = np.eye(m)
        for a in range(m):
            for b in range(a + 1, m):
                r, n, _ = pair(data, V[a], V[b])
                use = b == m - 1 or (n >= min_n and n > 0)
                R[a, b] = R[b, a] = r if (use and r is not None) else 0.0
        sh, r2 = (lmg if method == "lmg" else relweights)(psd(R))
        for i, s in zip(model, sh):
            res[i][6] = 100 * s
    for p, n, neff, r, lo, hi, imp, perf in res:
        print(",".join([cell[0], cell[1], p[1], p[3], str(n), fmt(neff), fmt(r), fmt(lo), fmt(hi),
                        fmt(imp), fmt(perf), fmt(r2 if model else None)]))
if sps is not None:
    print("scipy.stats.pearsonr agrees to 1e-12 on %d unweighted pairs" % SCIPY[0],
          file=sys.stderr)
