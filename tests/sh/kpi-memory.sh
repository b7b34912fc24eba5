#!/bin/sh
# cjm-kpi streams: its peak memory depends on the number of groups, not
# of rows.  Peak RSS on 50 000 and on 1 000 000 rows (same groups) must
# differ by less than 1 MiB.  Needs GNU time (/usr/bin/time -f %M).
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 ||
    { echo "no GNU time (/usr/bin/time -f %M)"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
gen() {
	awk -v n="$1" 'BEGIN {
		print "respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight,comment"
		for (i = 0; i < n; i++) {
			s = i % 9
			m = s % 3
			printf "R%d,2026-11-%02dT10:00:00,%d,St%d,Tp%d,online,Seg%d,%s,%s,%d,%s,\n",
			    i, i % 28 + 1, s + 1, int(s / 3), s, i % 4,
			    m == 0 ? "nps" : m == 1 ? "csat" : "ces",
			    m == 0 ? "0-10" : m == 1 ? "1-5" : "1-7",
			    m == 0 ? i % 11 : m == 1 ? i % 5 + 1 : i % 7 + 1,
			    i % 10 ? "1" : "1.5"
		}
	}' >"$t/r$1.csv"
}
gen 50000
gen 1000000
for n in 50000 1000000; do
	/usr/bin/time -f %M -o "$t/rss$n" cjm-kpi --by touchpoint,segment \
	    --period week --journey "$t/r$n.csv" >"$t/k$n.csv" || exit 1
done
a=$(cat "$t/rss50000") b=$(cat "$t/rss1000000")
rows=$(($(wc -l <"$t/k1000000.csv") - 1))
echo "peak RSS: $a KiB at 50k rows, $b KiB at 1M rows ($rows KPI rows)"
[ "$rows" -eq "$(($(wc -l <"$t/k50000.csv") - 1))" ] ||
    { echo "different groups"; exit 1; }
[ $((b - a)) -lt 1024 ] || { echo "memory grows with rows"; exit 1; }
