#!/bin/sh
# cjm-map stays about linear in its inputs: KPI tables of N and 4N
# touchpoints (stages coming back along the journey) with a compare
# table, segments, responses with comments and rejects of as many
# reasons, in every format.  The CPU time of the 4N run must stay below
# 8 times that of the N run (linear gives about 4, a quadratic lookup 16).
# A growth ratio, not a time limit: it holds on a slow or loaded machine
# and under the sanitizers alike.
N=${N:-5000}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
gen() {	# n dir
	mkdir -p "$2"
	awk -v n="$1" -v dir="$2" 'BEGIN {
	k = dir "/kpi.csv"; c = dir "/cmp.csv"; s = dir "/seg.csv"
	r = dir "/resp.csv"; j = dir "/rej.csv"
	h = "level,step,stage,touchpoint,channel,segment,period,metric,scale,target,n,low_base,kpi,value,ci_low,ci_high,method,conf,pct_top,pct_bottom,net,net_low,net_high"
	print h > k; print h > s
	print "level,stage,touchpoint,segment,metric,scale,kpi,period_prev,period_cur,n_prev,value_prev,n_cur,value_cur,diff,diff_low,diff_high,test,p,p_adj,adjust,flag" > c
	print "respondent,time,stage,touchpoint,segment,metric,scale,score,comment" > r
	print "file,line,column,value,reason" > j
	for (i = 1; i <= n; i++) {
		st = "S" (i % 50); tp = "T" i; v = (i * 37) % 200 - 100
		tg = i % 3 == 0 ? 10 : ""
		printf "group,%d,%s,%s,online,,2026-11,nps,0-10,%s,40,0,nps,%d,%d,%d,adjusted-wald,0.95,50,20,%d,%d,%d\n", i, st, tp, tg, v, v - 15, v + 15, v, v - 15, v + 15 > k
		for (g = 1; g <= 2; g++)
			printf "group,%d,%s,%s,online,G%d,2026-11,nps,0-10,,20,1,nps,%d,%d,%d,wilson,0.95,50,20,%d,%d,%d\n", i, st, tp, g, v + g, v - 30, v + 30, v, v - 30, v + 30 > s
		printf "group,%s,%s,,nps,0-10,nps,2026-10,2026-11,40,%d,40,%d,-5,-20,10,adjusted-wald-z,0.01,0.02,bh,%s\n", st, tp, v + 5, v, i % 7 == 0 ? "drop" : "" > c
		printf "R%d,2026-11-0%dT10:00:00,%s,%s,G1,nps,0-10,%d,comment %d about %s\n", i, i % 9 + 1, st, tp, i % 11, i % 1000, tp > r
		printf "x.csv,%d,Q1,%d,reason %d\n", i, i, i % 20000 > j
	}
	print "journey,,,,,,2026-11,nps,0-10,,2000000,0,nps,0,-1,1,adjusted-wald,0.95,50,20,0,-1,1" > k
	}'
}
# cpu f dir: the CPU seconds (user + system) of one cjm-map run, in ms
cpu() {
	sh -c 'cjm-map --no-charts -f "$1" -c "$2/cmp.csv" -s "$2/seg.csv" \
	    -r "$2/resp.csv" -R "$2/rej.csv" "$2/kpi.csv" >"$2/out.$1" 2>"$2/err.$1" ||
	    { echo "exit $?" >"$2/fail.$1"; }
	    times' sh "$1" "$2" | sed -n 2p |
	    awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] }
		printf "%d\n", s * 1000 + 1 }'
}
gen "$N" "$t/a" && gen $((4 * N)) "$t/b" || exit 1
fail=0
for f in html md text; do
	a=$(cpu "$f" "$t/a") b=$(cpu "$f" "$t/b")
	if [ -f "$t/a/fail.$f" ] || [ -f "$t/b/fail.$f" ]; then
		echo "FAIL -f $f: $(cat "$t"/*/fail."$f")"; head -n 3 "$t"/*/err."$f"
		fail=1
	elif ! grep -q "T$((4 * N))\\b" "$t/b/out.$f"; then
		echo "FAIL -f $f: touchpoint T$((4 * N)) not in the report"; fail=1
	elif [ "$b" -gt $((8 * a)) ]; then
		echo "FAIL -f $f: $N rows ${a} ms, $((4 * N)) rows ${b} ms (more than 8x)"
		fail=1
	else
		echo "ok -f $f: $N rows ${a} ms, $((4 * N)) rows ${b} ms"
	fi
done
exit $fail
