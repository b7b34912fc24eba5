#!/bin/sh
# Hidden truth for cjm-funnel: customers generated with planted conversion
# rates per segment (and the mess of real exports: repeated events, GA4's
# one row per event parameter, later steps before step 1, a second step 1
# later, purchases after the window, ties to the microsecond, other
# events), written in random order; the funnel table is recomputed by an
# independent Python implementation of the rule (all of a customer's
# events kept and searched, Wilson by its formula) and compared count for
# count, interval for interval (1e-6).  Also: the same events sorted, and
# as ISO times instead of epoch microseconds, give the same bytes; the
# observed conversions sit near the planted ones; cjm-compare's tests of
# November's conversions against October's (N-1 two-proportion, BH) equal
# Python's from the true counts, and flag the planted drop, only it.
# Needs python3 (standard library only); skips without it.
command -v python3 >/dev/null 2>&1 || { echo "no python3"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT

cat >"$t/gen.py" <<'EOF'
# Generates GA4-style events: gen.py seed customers out-prefix
import random, sys, datetime
seed, ncust, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(seed)
steps = ["view_item", "add_to_cart", "begin_checkout", "add_payment_info",
         "purchase"]
planted = {"mobile": [0.55, 0.45, 0.70, 0.85],
           "desktop": [0.70, 0.60, 0.80, 0.90],
           "tablet": [0.40, 0.50, 0.60, 0.95]}
US = 1000000
DAY = 86400 * US
t0 = int(datetime.datetime(2026, 9, 1,
         tzinfo=datetime.timezone.utc).timestamp()) * US
ev = []
for c in range(ncust):
    uid = "%d.%d" % (rnd.randrange(10**9), 1700000000 + c)
    dev = rnd.choice(list(planted))
    t = t0 + rnd.randrange(90 * DAY)
    start = t
    ev.append((uid, t, steps[0], dev))
    if rnd.random() < 0.1:      # the same view again, later
        ev.append((uid, t + rnd.randrange(40 * DAY), steps[0], dev))
    if rnd.random() < 0.05:     # a later step before step 1
        ev.append((uid, t - rnd.randrange(1, DAY), steps[2], dev))
    nov = datetime.datetime.fromtimestamp(t // US,
        datetime.timezone.utc).month == 11
    for k in range(1, 5):
        rate = planted[dev][k - 1]
        if nov and dev == "tablet" and k == 2:
            rate = 0.2          # the planted drop: checkout in November
        if rnd.random() >= rate:
            break
        gap = int(rnd.expovariate(1 / (600 * US))) if rnd.random() < .9 \
            else rnd.randrange(20 * DAY)
        if rnd.random() < 0.03:
            gap = 0             # a tie
        t += gap
        ev.append((uid, t, steps[k], dev))
        if rnd.random() < 0.2:  # repeated
            ev.append((uid, t + rnd.randrange(3600 * US), steps[k], dev))
    if rnd.random() < 0.05:     # a purchase long after
        ev.append((uid, start + 31 * DAY + rnd.randrange(DAY), steps[4],
                   dev))
    for i in range(rnd.randrange(4)):
        ev.append((uid, start + rnd.randrange(DAY), "page_view", dev))
rows = []
for uid, t, name, dev in ev:
    n = 2 if name in ("page_view", "view_item") else 1
    for key in ["ga_session_id", "page_location"][:n]:
        rows.append((t, name, key, uid, dev))
hdr = "event_date,event_timestamp,event_name,event_params_key,user_pseudo_id," \
      "device_category\n"
def iso(t):
    d = datetime.datetime.fromtimestamp(t // US, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%06d" % (t % US)
def write(path, rs, fmt):
    with open(path, "w") as f:
        f.write(hdr)
        for t, name, key, uid, dev in rs:
            f.write("%s,%s,%s,%s,%s,%s\n" % (iso(t)[:10].replace("-", ""),
                    fmt(t), name, key, uid, dev))
rnd.shuffle(rows)
write(out + "-shuffled.csv", rows, str)
write(out + "-iso.csv", rows, iso)
write(out + "-sorted.csv", sorted(rows), str)
EOF

cat >"$t/truth.py" <<'EOF'
# The rule, directly: truth.py events.csv window_us period since until
import csv, sys, datetime, math
path, W, unit, since, until = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
    sys.argv[4], sys.argv[5]
steps = ["view_item", "add_to_cart", "begin_checkout", "add_payment_info",
         "purchase"]
US = 1000000
def us(s):
    return int(datetime.datetime.fromisoformat(s).replace(
        tzinfo=datetime.timezone.utc).timestamp()) * US
lo = us(since) if since else -2**62
hi = us(until) + 86400 * US - 1 if until else 2**62
cust = {}
for r in csv.DictReader(open(path)):
    if r["event_name"] not in steps:
        continue
    k = steps.index(r["event_name"])
    cust.setdefault(r["user_pseudo_id"], []).append(
        (k, int(r["event_timestamp"]), r["device_category"]))
def label(t):
    d = datetime.datetime.fromtimestamp(t // US, datetime.timezone.utc)
    if unit == "week":
        y, w, _ = d.isocalendar()
        return "%04d-W%02d" % (y, w)
    if unit == "month":
        return d.strftime("%Y-%m")
    return ""
groups = {}
for uid, evs in cust.items():
    first = [(t, seg) for k, t, seg in evs if k == 0 and lo <= t <= hi]
    if not first:
        continue
    t1, seg = min(first)
    path = [t1]
    for k in range(1, len(steps)):
        c = [t for kk, t, _ in evs if kk == k and path[-1] <= t <= t1 + W]
        if not c:
            break
        path.append(min(c))
    g = groups.setdefault((seg, label(t1)),
                          [[0] * len(steps), [[] for _ in steps]])
    for k in range(len(path)):
        g[0][k] += 1
        if k:
            g[1][k].append(path[k] - path[k - 1])
z = 1.959963984540054
def wilson(x, n):
    p = x / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * p, 100 * max(0, c - h), 100 * min(1, c + h)
def median(v):
    v = sorted(v)
    n = len(v)
    if not n:
        return ""
    m = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return repr(m / US)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["step", "segment", "period", "reached", "dropped", "conversion",
            "conv_low", "conv_high", "overall", "overall_low",
            "overall_high", "median_time"])
for seg, per in sorted(groups):
    r, d = groups[(seg, per)]
    for k in range(len(steps)):
        conv = wilson(r[k], r[k - 1]) if k and r[k - 1] else ("", "", "")
        ov = wilson(r[k], r[0]) if k else (100, "", "")
        w.writerow([k + 1, seg, per, r[k], r[k - 1] - r[k] if k else ""] +
                   list(conv) + list(ov) + [median(d[k]) if k else ""])
EOF

cat >"$t/ctruth.py" <<'EOF'
# ctruth.py truth.csv compare.csv: p, p_adj (BH) and flags of every step's
# conversion, latest period against the one before, from the true counts
import csv, sys, math
rows = list(csv.DictReader(open(sys.argv[1])))
got = list(csv.DictReader(open(sys.argv[2])))
touch = {"2": "Cart", "3": "Checkout", "4": "Payment details",
         "5": "Order placed"}      # truth step -> the journey's touchpoint
pers = sorted({r["period"] for r in rows})
prev, cur = pers[-2], pers[-1]
def counts(per):
    d = {}
    for r in rows:
        if r["period"] == per and r["dropped"] != "":
            d[(touch[r["step"]], r["segment"])] = (int(r["reached"]),
                int(r["reached"]) + int(r["dropped"]))
    return d
a, b = counts(prev), counts(cur)
keys = [k for k in b if k in a]
want = {}
ps = []
for k in keys:
    x1, n1 = b[k]
    x2, n2 = a[k]
    p = None
    if n1 > 0 and n2 > 0:
        P, N = (x1 + x2) / (n1 + n2), n1 + n2
        if 0 < P < 1:
            z = (x1 / n1 - x2 / n2) / math.sqrt(P * (1 - P) *
                (1 / n1 + 1 / n2)) * math.sqrt((N - 1) / N)
            p = math.erfc(abs(z) / math.sqrt(2))
            ps.append((p, k))
    want[k] = [p, None, (x1 / n1 if n1 else 0) - (x2 / n2 if n2 else 0)]
ps.sort()
m, run = len(ps), 1.0
for j in range(m - 1, -1, -1):
    run = min(run, ps[j][0] * m / (j + 1))
    want[ps[j][1]][1] = min(1.0, run)
def close(x, y):
    return (x is None and y == "") or (x is not None and y != "" and
        abs(float(y) - x) <= 1e-5 * x + 1e-12)
bad = n = 0
flags = []
for g in got:
    if g["level"] != "funnel":
        continue
    n += 1
    k = (g["touchpoint"], g["segment"])
    p, padj, d = want[k]
    flag = "drop" if padj is not None and padj < 0.05 and d < 0 else \
        "rise" if padj is not None and padj < 0.05 and d > 0 else ""
    if not close(p, g["p"]) or not close(padj, g["p_adj"]) or \
            flag != g["flag"]:
        print("%s %s: want p %s p_adj %s flag '%s', got %s %s '%s'" %
              (k[1], k[0], p, padj, flag, g["p"], g["p_adj"], g["flag"]))
        bad += 1
    if g["flag"]:
        flags.append("%s %s %s" % (g["flag"], g["segment"], g["touchpoint"]))
print("%d conversions compared (%s against %s), %d differences; flags: %s" %
      (n, cur, prev, bad, ", ".join(flags) or "none"))
sys.exit(1 if bad or n != len(keys) else 0)
EOF

cat >"$t/cmp.py" <<'EOF'
# cmp.py truth.csv funnel.csv: the same rows, numbers within 1e-6
import csv, sys
a = list(csv.DictReader(open(sys.argv[1])))
b = list(csv.DictReader(open(sys.argv[2])))
steps = ["view_item", "add_to_cart", "begin_checkout", "add_payment_info",
         "purchase"]
bad = 0
if len(a) != len(b):
    print("rows: truth %d, cjm-funnel %d" % (len(a), len(b)))
    sys.exit(1)
for x, y in zip(a, b):
    if steps[int(x["step"]) - 1] != y["event"]:
        print("step order differs:", x, y); sys.exit(1)
    for k in ["segment", "period", "reached", "dropped"]:
        if x[k] != y[k]:
            print("%s/%s step %s: %s truth %s, cjm-funnel %s" % (
                x["segment"], x["period"], x["step"], k, x[k], y[k]))
            bad += 1
    for k in ["conversion", "conv_low", "conv_high", "overall",
              "overall_low", "overall_high", "median_time"]:
        if (x[k] == "") != (y[k] == "") or (x[k] != "" and
                abs(float(x[k]) - float(y[k])) > 1e-6):
            print("%s/%s step %s: %s truth %s, cjm-funnel %s" % (
                x["segment"], x["period"], x["step"], k, x[k], y[k]))
            bad += 1
print("%d rows compared, %d differences" % (len(a), bad))
sys.exit(1 if bad else 0)
EOF

fail=0
python3 "$t/gen.py" 13 3000 "$t/ev" || { echo "generator failed"; exit 1; }
j=$t/journey.csv
cat >"$j" <<'EOF'
stage,touchpoint,channel,metric,scale,column,event
Consideration,Product page,online,ces,1-7,Q1,view_item
Purchase,Cart,online,csat,1-5,Q2,add_to_cart
Purchase,Checkout,online,ces,1-7,Q3,begin_checkout
Purchase,Store checkout,offline,csat,1-5,Q4,
Purchase,Payment details,online,csat,1-5,Q5,add_payment_info
Purchase,Order placed,online,nps,0-10,Q6,purchase
EOF
# run NAME WINDOW_US PERIOD SINCE UNTIL -- cjm-funnel options
run() {
	name=$1 w=$2 per=$3 since=$4 until=$5
	shift 6
	python3 "$t/truth.py" "$t/ev-shuffled.csv" "$w" "$per" "$since" \
	    "$until" >"$t/$name.truth" || { echo "$name: truth failed"; fail=1; return; }
	cjm-funnel -q -j "$j" -s device_category "$@" "$t/ev-shuffled.csv" \
	    >"$t/$name.out" || { echo "$name: cjm-funnel failed"; fail=1; return; }
	python3 "$t/cmp.py" "$t/$name.truth" "$t/$name.out" >"$t/$name.cmp"
	s=$?
	echo "$name: $(tail -n 1 "$t/$name.cmp")"
	[ $s -eq 0 ] || { head -n 20 "$t/$name.cmp"; fail=1; }
}
run plain 2592000000000 "" "" "" --
run week-2d 172800000000 week "" "" -- -p week --window 2d
run month-range 2592000000000 month 2026-10-01 2026-10-31 -- -p month \
    --since 2026-10-01 --until 2026-10-31

# cjm-compare on the monthly funnel: November against October
python3 "$t/truth.py" "$t/ev-shuffled.csv" 2592000000000 month "" "" \
    >"$t/month.truth" || fail=1
cjm-funnel -q -j "$j" -s device_category -p month "$t/ev-shuffled.csv" \
    >"$t/month.out" || fail=1
python3 "$t/cmp.py" "$t/month.truth" "$t/month.out" >"$t/month.cmp" ||
    { head -n 20 "$t/month.cmp"; fail=1; }
echo "month: $(tail -n 1 "$t/month.cmp")"
cjm-compare -q "$t/month.out" >"$t/month.compare"
s=$?
[ $s -eq 3 ] || { echo "cjm-compare: status $s, want 3 (a drop)"; fail=1; }
python3 "$t/ctruth.py" "$t/month.truth" "$t/month.compare" >"$t/c.out"
s=$?
cat "$t/c.out"
[ $s -eq 0 ] || fail=1
grep -q 'flags: drop tablet Checkout$' "$t/c.out" ||
    { echo "the planted drop (tablet, Checkout, November) is not the only flag"; fail=1; }

# the order of the rows and the form of the times do not matter
for v in sorted iso; do
	cjm-funnel -q -j "$j" -s device_category "$t/ev-$v.csv" >"$t/$v.out"
	if cmp -s "$t/plain.out" "$t/$v.out"; then
		echo "$v events: the same table"
	else
		echo "$v events: another table"; fail=1
	fi
done

# the planted conversions: each observed one within 4 standard errors
# (the window and the repeats move them a little; tablets' checkout, with
# its drop in November, is checked by cjm-compare above)
awk -F, 'NR > 1 && $9 != "" && $8 + $9 > 200 &&
    !($6 == "tablet" && $1 == 3) {
	split("0.55 0.45 0.70 0.85", m, " "); split("0.70 0.60 0.80 0.90", d, " ")
	split("0.40 0.50 0.60 0.95", tb, " ")
	k = ($1 == 2) ? 1 : ($1 == 3) ? 2 : ($1 == 5) ? 3 : 4
	p = $6 == "mobile" ? m[k] : $6 == "desktop" ? d[k] : tb[k]
	n = $8 + $9; obs = $8 / n
	se = sqrt(p * (1 - p) / n)
	if ((obs - p) / se > 4 || (p - obs) / se > 4) {
		printf "%s step %s: observed %.3f, planted %.2f (n %d)\n",
		    $6, $1, obs, p, n; bad = 1
	}
	checked++
}
END { printf "planted rates: %d conversions checked\n", checked
	exit bad }' "$t/plain.out" || fail=1
[ $fail -eq 0 ] && echo "funnel-truth: ok"
exit $fail
