#!/bin/sh
# Scale-out: split a response table into shards (by lines, each with the
# header), run cjm-kpi --partial on every shard in parallel, cjm-merge the
# parts and compare the bytes with one pass of cjm-kpi over all the data.
# Weights are dyadic (0.5, 1, 1.5, 2), so the float sums are exact and the
# bytes must be the same (docs/scale-out.md).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
command -v cjm-kpi >/dev/null && command -v cjm-merge >/dev/null ||
    { echo "cjm-kpi or cjm-merge not built"; exit 1; }

# 20000 rows: 6 touchpoints of 3 metrics, 3 segments, 5 months; a fixed
# linear congruential generator so the data are the same on every run.
awk 'BEGIN {
	srand(1); x = 12345
	print "respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight,comment"
	split("Awareness,Consideration,Purchase,Purchase,Support,Support", st, ",")
	split("Ad,Website,Checkout,Store,Call,Chat", tp, ",")
	split("online,online,online,offline,offline,online", ch, ",")
	split("nps,csat,csat,ces,ces,nps", me, ",")
	split("0-10,1-5,1-5,1-7,5-1,0-10", sc, ",")
	split("Business|Consumer|\"Public, sector\"", sg, "|")
	split("0.5,1,1.5,2", wt, ",")
	for (r = 1; r <= 20000; r++) {
		x = (x * 1103515245 + 12345) % 2147483648
		i = x % 6 + 1
		split(sc[i], ab, "-"); lo = ab[1] < ab[2] ? ab[1] : ab[2]
		k = (ab[1] > ab[2] ? ab[1] - ab[2] : ab[2] - ab[1]) + 1
		s = lo + int(x / 7) % k
		d = int(x / 13) % 150
		m = 7 + int(d / 30); dd = d % 28 + 1
		printf "R%d,2026-%02d-%02dT%02d:00:00,%d,%s,%s,%s,%s,%s,%s,%d,%s,\n",
		    int(r / 3), (m > 12 ? 12 : m), dd, int(x / 17) % 24, i, st[i],
		    tp[i], ch[i], sg[int(x / 11) % 3 + 1], me[i], sc[i], s,
		    wt[int(x / 19) % 4 + 1]
	}
}' >"$t/all.csv"
lines=$(wc -l <"$t/all.csv")
[ "$lines" -eq 20001 ] || { echo "generator wrote $lines lines"; exit 1; }

# Shards of 3001 data lines, each with the header.
tail -n +2 "$t/all.csv" | split -l 3001 - "$t/shard-"
for s in "$t"/shard-*; do
	{ head -n 1 "$t/all.csv"; cat "$s"; } >"$s.csv" && rm "$s"
done
n=$(ls "$t"/shard-*.csv | wc -l)
[ "$n" -eq 7 ] || { echo "expected 7 shards, got $n"; exit 1; }

fail=0
check() {	# options of cjm-kpi; merge gets the statistical ones
	rm -f "$t"/shard-*.csv.part
	if command -v parallel >/dev/null 2>&1; then
		parallel --will-cite "cjm-kpi --partial $1 {} > {}.part" ::: \
		    "$t"/shard-*.csv || { echo "parallel failed"; fail=1; return; }
	else
		for s in "$t"/shard-*.csv; do
			cjm-kpi --partial $1 "$s" >"$s.part" &
		done
		wait
	fi
	cjm-kpi $1 "$t/all.csv" >"$t/one.csv" || { fail=1; return; }
	cjm-merge $2 "$t"/shard-*.csv.part >"$t/merged.csv" || { fail=1; return; }
	if cmp "$t/one.csv" "$t/merged.csv"; then
		echo "ok: $1 ($(($(wc -l <"$t/one.csv") - 1)) rows)"
	else
		echo "FAIL: cjm-kpi $1: merge differs from one pass"
		diff "$t/one.csv" "$t/merged.csv" | head -n 10
		fail=1
	fi
}
check "" ""
check "--journey --by touchpoint,segment --period month" ""
check "--by stage,channel --period week --nps-ci score --prop-ci jeffreys -l 0.9" \
    "--nps-ci score --prop-ci jeffreys -l 0.9"
check "--by segment --period quarter --journey --min-n 500" "--min-n 500"
check "--by period --period day" ""

# The merged table is not trivially the input: weighted rows, several
# segments, all metrics.
grep -q linearised-z "$t/one.csv" || { echo "no weighted row"; fail=1; }
exit $fail
