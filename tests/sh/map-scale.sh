#!/bin/sh
# cjm-map stays about linear in its inputs: a KPI table of 50000
# touchpoints (stages coming back along the journey) with a compare
# table, segments, responses with comments and rejects of as many
# reasons, in every format, each within 20 s (quadratic lookups took
# minutes at this size; linear ones take well under a second).
N=${N:-50000}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
awk -v n="$N" -v dir="$t" 'BEGIN {
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
}' || exit 1
fail=0
for f in html md text; do
	timeout 20 cjm-map --no-charts -f "$f" -c "$t/cmp.csv" -s "$t/seg.csv" \
	    -r "$t/resp.csv" -R "$t/rej.csv" "$t/kpi.csv" >"$t/out" 2>"$t/err"
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAIL -f $f: exit $rc (124: over 20 s)"; head -n 3 "$t/err"
		fail=1
	elif ! grep -q "T$N" "$t/out"; then
		echo "FAIL -f $f: touchpoint T$N not in the report"; fail=1
	else
		echo "ok -f $f: $(wc -c <"$t/out") bytes"
	fi
done
exit $fail
