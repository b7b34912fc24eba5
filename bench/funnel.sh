#!/bin/sh
# cjm-funnel: 10M events of 1M customers (BENCH_SCALE=1), GA4-shaped
# (event_timestamp in microseconds, 5 funnel steps, other events), against
# a baseline measured in the same run on the same bytes: bench/rawcsv.c,
# which parses them with libcsv at its default (fastest) options and
# counts fields.  Prints the time ratio (1 = as fast as bare libcsv) and the peak
# RSS for the events in time order (as exports come), in random order (the
# worst case: later steps held until their step 1 comes) and grouped by
# customer; then the same number of events from a tenth of the customers
# and from twice as many, to show that memory follows customers, not
# events.  The three orders must give the same table.
# Environment: BIN (tools), BENCH_SCALE (0.1 = 1M events).
set -u
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
scale=${BENCH_SCALE:-1}
out=$top/bench/out/funnel
mkdir -p "$out"
n=$(awk -v s="$scale" 'BEGIN { printf "%d", 1000000 * s }')
[ "$n" -ge 1000 ] || n=1000
cc=${CC:-cc}
export LC_ALL=C

# gen CUSTOMERS EVENTS_PER_CUSTOMER FILE: events grouped by customer, in
# time order within a customer (mawk and gawk: numbers printed with %.0f)
gen() {
	awk -v n="$1" -v per="$2" 'BEGIN {
		srand(7)
		print "event_date,event_timestamp,event_name,user_pseudo_id,device_category"
		split("view_item add_to_cart begin_checkout add_payment_info purchase", st, " ")
		split("0.55 0.6 0.75 0.85", go, " ")
		t0 = 1788220800 * 1000000	# 2026-09-01
		for (c = 0; c < n; c++) {
			id = sprintf("%d.%d", int(rand() * 1e9), 1700000000 + c)
			dev = rand() < 0.6 ? "mobile" : "desktop"
			t = t0 + int(rand() * 90 * 86400) * 1000000
			# the funnel: step k after step k-1 with probability go[k-1]
			k = 1
			m = 0
			while (1) {
				printf "20261101,%.0f,%s,%s,%s\n", t, st[k], id, dev
				m++
				if (k == 1 && rand() < 0.5) {	# viewed again
					printf "20261101,%.0f,%s,%s,%s\n", t + 30000000, st[1], id, dev
					m++
				}
				if (k == 5 || rand() >= go[k]) break
				t += int(rand() * 900) * 1000000 + 1
				k++
			}
			# other events up to per on average
			for (; m < per - 1 || (m < per + 1 && rand() < 0.5); m++)
				printf "20261101,%.0f,page_view,%s,%s\n", t + m * 1000000, id, dev
		}
	}'
}

big=$out/events-$n.csv
sorted=$out/events-$n-time.csv
shuffled=$out/events-$n-random.csv
few=$out/events-$n-few.csv
many=$out/events-$n-many.csv
if [ ! -s "$sorted" ] || [ ! -s "$shuffled" ] || [ ! -s "$few" ] ||
    [ ! -s "$many" ]; then
	echo "funnel: generating the events (once; kept in $out)"
	gen "$n" 10 >"$big" || exit 1
	# time order: by event_timestamp, as GA4's daily tables come
	{ head -n 1 "$big"; tail -n +2 "$big" |
	    sort -t, -k2,2n -S 25% -T "$out"; } >"$sorted" || exit 1
	# random order, the same every run
	{ head -n 1 "$big"; tail -n +2 "$big" |
	    shuf --random-source="$big"; } >"$shuffled" || exit 1
	gen "$((n / 10))" 100 >"$few" || exit 1
	gen "$((n * 2))" 5 >"$many" || exit 1
fi

cat >"$out/journey.csv" <<'EOF'
stage,touchpoint,channel,metric,scale,column,event
Consideration,Product page,online,ces,1-7,Q1,view_item
Purchase,Cart,online,csat,1-5,Q2,add_to_cart
Purchase,Checkout,online,ces,1-7,Q3,begin_checkout
Purchase,Payment details,online,csat,1-5,Q4,add_payment_info
Purchase,Order placed,online,nps,0-10,Q5,purchase
EOF

# the baseline: bench/rawcsv.c (libcsv at its default options)
$cc -O2 -o "$out/baseline" "$top/bench/rawcsv.c" -lcsv || exit 1

# best WHAT CMD...: the best of 3 wall times; the peak RSS (KiB) of the
# best run in $out/rss.$WHAT
best() {
	what=$1
	shift
	b=
	for k in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$out/time" "$@" >"$out/$what.out" \
		    2>"$out/err" || { cat "$out/err"; return 1; }
		read -r e m <"$out/time"
		if [ -z "$b" ] || awk -v e="$e" -v b="$b" 'BEGIN { exit !(e < b) }'; then
			b=$e
			echo "$m" >"$out/rss.$what"
		fi
	done
	echo "$b"
}
[ -x /usr/bin/time ] || { echo "funnel: /usr/bin/time (GNU time) needed"; exit 1; }
f="$BIN/cjm-funnel -q -j $out/journey.csv"
bytes=$(wc -c <"$sorted")
rows=$(($(wc -l <"$sorted") - 1))
tb=$(best base sh -c "'$out/baseline' <'$sorted'") || exit 1
tt=$(best time $f "$sorted") || exit 1
tr=$(best random $f "$shuffled") || exit 1
tc=$(best grouped $f "$big") || exit 1
tf=$(best few $f "$few") || exit 1
tm=$(best many $f "$many") || exit 1
for v in random grouped; do
	cmp -s "$out/time.out" "$out/$v.out" ||
	    { echo "funnel: the $v order gives another table"; exit 1; }
done
frows=$(($(wc -l <"$few") - 1))
mrows=$(($(wc -l <"$many") - 1))
awk -v b="$bytes" -v rows="$rows" -v n="$n" -v frows="$frows" \
    -v tb="$tb" -v tt="$tt" -v tr="$tr" -v tc="$tc" -v tf="$tf" \
    -v mrows="$mrows" -v mm="$(cat "$out/rss.many")" \
    -v mt="$(cat "$out/rss.time")" -v mr="$(cat "$out/rss.random")" \
    -v mc="$(cat "$out/rss.grouped")" -v mf="$(cat "$out/rss.few")" 'BEGIN {
	mb = b / 1e6
	printf "funnel: %d events of %d customers, 5 steps, %.1f MB\n", rows, n, mb
	printf "funnel: baseline libcsv %.1f MB/s, cjm-funnel %.1f MB/s (time order)\n", mb / tb, mb / tt
	printf "funnel: ratio %.2f (cjm-funnel time / bare libcsv parse time); random order %.2f, grouped by customer %.2f\n", tt / tb, tr / tb, tc / tb
	printf "funnel: peak RSS %.1f MiB in time order (%.0f bytes per customer), %.1f MiB in random order, %.1f MiB grouped by customer\n", mt / 1024, mt * 1024 / n, mr / 1024, mc / 1024
	printf "funnel: %d events of %d customers: peak RSS %.1f MiB (x%.2f for a tenth of the customers)\n", frows, n / 10, mf / 1024, mf / mt
	printf "funnel: %d events of %d customers: peak RSS %.1f MiB (x%.2f for twice the customers)\n", mrows, n * 2, mm / 1024, mm / mt
}'
