#!/bin/sh
# cjm-ingest throughput against a baseline measured in the same run: a
# tiny C program that parses the same bytes with libcsv (the library
# cjm-ingest uses) and does no work but count fields.  The export is
# Qualtrics-shaped (3 header rows, Status, ResponseId, EndDate), with
# 1M respondents x 10 touchpoints at BENCH_SCALE=1; answers are numbers,
# choice-text labels and some blanks, a few free-text comments.
# Prints cjm-ingest's throughput as a multiple of bare libcsv's (its
# default options, the fastest; 1 = as fast as bare libcsv) and MB/s for
# context.
# Environment: BIN (tools), BENCH_SCALE (0.1 = 100k respondents).
set -u
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
scale=${BENCH_SCALE:-1}
out=$top/bench/out/ingest
mkdir -p "$out"
n=$(awk -v s="$scale" 'BEGIN { printf "%d", 1000000 * s }')
[ "$n" -ge 1000 ] || n=1000
csv=$out/export-$n.csv
cc=${CC:-cc}

. "$top/bench/lib/export.sh"
bench_export "$n" "$csv" || exit 1
bench_journey "$out/journey.csv"

# the baseline: bench/rawcsv.c (libcsv at its default options, counting
# fields and records, nothing else)
$cc -O2 -o "$out/baseline" "$top/bench/rawcsv.c" -lcsv || exit 1

# best of 3 runs: "wall cpu" (CPU = user + system: what a busy machine
# bends least)
# once CMD...: "wall cpu" of one run
once() {
	/usr/bin/time -f '%e %U %S' -o "$out/time" "$@" >/dev/null \
	    2>"$out/err" || { cat "$out/err"; return 1; }
	read -r e u y <"$out/time"
	echo "$e $(awk -v u="$u" -v y="$y" 'BEGIN { print u + y }')"
}
# best PREV NEW: the smaller of each of the two numbers
best() {
	awk -v p="$1" -v n="$2" 'BEGIN { split(p, a, " "); split(n, b, " ")
		if (p == "") { print n; exit }
		printf "%s %s\n", b[1] < a[1] ? b[1] : a[1], b[2] < a[2] ? b[2] : a[2] }'
}
bytes=$(wc -c <"$csv")
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
# the baseline and cjm-ingest by turns, best of 5 each: the machine's
# speed drifts by a third between minutes, and three runs of one then
# three of the other measured the drift too (0.82x one run, 0.55x the
# next)
tb= ti= k=0
while [ $k -lt 5 ]; do
	t=$(once sh -c "'$out/baseline' <'$csv'") || exit 1
	tb=$(best "$tb" "$t")
	t=$(once "$BIN/cjm-ingest" -q -j "$out/journey.csv" "$csv") || exit 1
	ti=$(best "$ti" "$t")
	k=$((k + 1))
done
rows=$("$BIN/cjm-ingest" -j "$out/journey.csv" "$csv" 2>&1 >/dev/null | tail -n 1)
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
awk -v b="$bytes" -v tb="$tb" -v ti="$ti" -v n="$n" \
    -v load="${load0:-?} -> ${load1:-?}" 'BEGIN {
	split(tb, B, " "); split(ti, I, " ")
	for (k = 1; k <= 2; k++) {	# (10 ms resolution: a floor)
		if (B[k] < 0.01) B[k] = 0.01
		if (I[k] < 0.01) I[k] = 0.01
	}
	mb = b / 1e6
	printf "ingest: %d respondents x 10 touchpoints, %.1f MB (load average %s)\n", n, mb, load
	printf "ingest: baseline libcsv %.1f MB/s (CPU %.2f s), cjm-ingest %.1f MB/s (CPU %.2f s)\n",
	    mb / B[1], B[2], mb / I[1], I[2]
	printf "ingest: cjm-ingest throughput = %.2f x raw libcsv by CPU time, %.2f x by wall time (goal >= 0.50)\n",
	    B[2] / I[2], B[1] / I[1]
}'
echo "$rows"
