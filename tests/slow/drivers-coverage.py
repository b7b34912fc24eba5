#!/usr/bin/env python3
"""Coverage of cjm-drivers' bootstrap intervals on simulated populations.

A finite population of respondents is drawn once from a latent normal
model (each predictor a touchpoint score on its scale, the outcome an NPS
answer driven mostly by two of them), with touchpoints skipped at random.
Its true LMG shares are computed here, with numpy, from the population's
pairwise correlation matrix over all 2^k subsets.  Then RUNS samples of n
respondents each go through cjm-drivers, and we count how often each
95% interval holds the truth.

usage: drivers-coverage.py BIN RUNS N [N ...]   (prints one line per N)

Exits 1 when, for some N, the intervals of all predictors together hold
the truth in fewer than 93% of the cases.
"""
import csv, io, itertools, math, os, subprocess, sys
import numpy as np

BIN, RUNS, SIZES = sys.argv[1], int(sys.argv[2]), [int(a) for a in sys.argv[3:]]
rng = np.random.default_rng(20261207)

# predictors: (stage, touchpoint, metric, scale lo, hi), then the outcome
Q = [("Purchase", "Checkout", "ces", 1, 7), ("Delivery", "Home delivery", "csat", 1, 5),
     ("Support", "Hotline", "csat", 1, 5), ("Awareness", "Website", "ces", 1, 7),
     ("Loyalty", "App", "csat", 1, 5)]
k = len(Q)
NPOP = 400000
beta = np.array([0.55, 0.45, 0.15, 0.10, 0.0])      # two strong drivers
C = np.full((k, k), 0.35) + np.eye(k) * 0.65         # correlated touchpoints
Z = rng.multivariate_normal(np.zeros(k), C, NPOP)
ylat = Z @ beta + rng.normal(0, 0.8, NPOP)

def cut(z, lo, hi):
    npt = hi - lo + 1
    q = np.quantile(z, np.linspace(0, 1, npt + 1)[1:-1] * 0.9 + 0.08)
    return lo + np.searchsorted(q, z)

X = np.column_stack([cut(Z[:, j], Q[j][3], Q[j][4]) for j in range(k)]).astype(float)
Y = cut(ylat, 0, 10).astype(float)
miss = rng.random((NPOP, k)) < np.array([0.2, 0.3, 0.5, 0.1, 0.4])
X[miss] = np.nan
D = np.column_stack([X, Y])                           # outcome last

def pairwise(D):
    m = D.shape[1]; R = np.eye(m)
    for a in range(m):
        for b in range(a + 1, m):
            ok = ~np.isnan(D[:, a]) & ~np.isnan(D[:, b])
            R[a, b] = R[b, a] = np.corrcoef(D[ok, a], D[ok, b])[0, 1]
    return R

def lmg(R):
    k = R.shape[0] - 1
    def r2(S):
        if not S: return 0.0
        S = list(S); b = R[S, k]
        return float(b @ np.linalg.solve(R[np.ix_(S, S)], b))
    v = {S: r2(S) for s in range(k + 1) for S in itertools.combinations(range(k), s)}
    out = np.zeros(k)
    for j in range(k):
        rest = [i for i in range(k) if i != j]
        for s in range(k):
            w = math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
            for S in itertools.combinations(rest, s):
                out[j] += w * (v[tuple(sorted(S + (j,)))] - v[S])
    return 100 * out / out.sum(), out.sum()

truth, r2true = lmg(pairwise(D))

ok = True
for n in SIZES:
    hit = np.zeros(k); width = np.zeros(k); runs = 0; r2hit = 0
    for run in range(RUNS):
        idx = rng.integers(0, NPOP, n)
        # a population member drawn twice is two respondents (ids are
        # the draw numbers)
        rows = ["respondent,step,stage,touchpoint,channel,metric,scale,score\n"]
        for d, i in enumerate(idx):
            for j in range(k + 1):
                v = D[i, j]
                if np.isnan(v): continue
                st, tp, me, lo, hi = Q[j] if j < k else ("Loyalty", "Overall", "nps", 0, 10)
                rows.append("d%d,%d,%s,%s,online,%s,%d-%d,%d\n" % (d, j + 1, st, tp, me, lo, hi, int(v)))
        inp = "".join(rows)
        out = subprocess.run([os.path.join(BIN, "cjm-drivers"), "-q", "--seed", str(run + 1)],
                             input=inp.encode(), capture_output=True, check=True).stdout.decode()
        res = list(csv.DictReader(io.StringIO(out)))
        names = [q[1] for q in Q]
        for r in res:
            j = names.index(r["touchpoint"])
            lo, hi = float(r["imp_low"]), float(r["imp_high"])
            hit[j] += lo <= truth[j] <= hi
            width[j] += hi - lo
        r2hit += float(res[0]["r2_low"]) <= r2true <= float(res[0]["r2_high"])
        runs += 1
    cov = hit / runs
    print("n %6d: %d runs; 95%% intervals hold the truth in %.1f%% of %d (all predictors); "
          "by predictor %s (lowest %.1f%%); R2 %.1f%%; truth %s (R2 %.3f); mean widths %s" % (
          n, runs, 100 * cov.mean(), runs * k, " ".join("%.1f%%" % (100 * c) for c in cov), 100 * cov.min(),
          100 * r2hit / runs, " ".join("%.1f" % t for t in truth), r2true,
          " ".join("%.1f" % (w / runs) for w in width)))
    sys.stdout.flush()
    ok = ok and cov.mean() >= 0.93
sys.exit(0 if ok else 1)
