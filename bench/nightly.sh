#!/bin/sh
# The nightly pipeline at scale (issue 14 item 4): a Qualtrics export of
# 1M respondents x 10 touchpoints (bench/lib/export.sh, 160 MB at
# BENCH_SCALE=1), weekly period, charts included:
#   first night (2026-11-28): the export arrives, is read once;
#   next night (2026-11-29): nothing new arrives.
# Prints the wall time of each night, against a baseline measured in the
# same run (one cjm-ingest pass over the export into /dev/null: what any
# first night must at least do), the report directory's size, and where
# the time goes (each tool's runs, timed by a wrapper; cjm-ingest and
# cjm-kpi run side by side on the first night, so their times overlap).
# Then the next night again from scratch (STATE/cache deleted), whose
# report must be the same bytes.  Last, both nights again with a
# journey that has a drivers section (one NPS question: the bench's has
# four, so its nights compute no drivers).
# Goals: each night within 15 s, the report within 50 MB.
# Environment: BIN (the tools), BENCH_SCALE (0.1: 100k respondents).
set -u
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
scale=${BENCH_SCALE:-1}
out=$top/bench/out/nightly
mkdir -p "$out"
n=$(awk -v s="$scale" 'BEGIN { printf "%d", 1000000 * s }')
[ "$n" -ge 1000 ] || n=1000
. "$top/bench/lib/export.sh"
csv=$top/bench/out/ingest/export-$n.csv	# shared with bench/ingest.sh
mkdir -p "${csv%/*}"
bench_export "$n" "$csv" || exit 1
bench_journey "$out/journey.csv"
command -v gnuplot >/dev/null 2>&1 || { echo "nightly: gnuplot is not installed: no bench"; exit 0; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v z="$2" 'BEGIN { printf "%.2f", z - a }'; }

# the tools, each run timed into $out/times (tool seconds)
rm -rf "$out/bin"
mkdir "$out/bin"
for x in "$BIN"/cjm-*; do
	cat >"$out/bin/${x##*/}" <<EOF
#!/bin/sh
a=\$(date +%s.%N)
"$x" "\$@"
s=\$?
z=\$(date +%s.%N)
awk -v a="\$a" -v z="\$z" 'BEGIN { printf "%s %.3f\\n", "${x##*/}", z - a }' >>"$out/times"
exit \$s
EOF
	chmod +x "$out/bin/${x##*/}"
done

# baseline: cjm-ingest alone, best of 2
base=
for k in 1 2; do
	t0=$(now)
	"$BIN/cjm-ingest" -q -j "$out/journey.csv" "$csv" >/dev/null || exit 1
	t=$(secs "$t0" "$(now)")
	base=$(awk -v b="$base" -v t="$t" 'BEGIN { print (b == "" || t < b) ? t : b }')
done

# CPU seconds (user + system, the night's processes) where GNU time is
# installed: less sensitive than wall time to other work on the machine
cpu() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "$out/cpu" "$@"
	else
		"$@"
	fi
}
night() {	# night AS-OF: wall seconds in $wall, CPU in $cpu, status in $s
	: >"$out/times"
	rm -f "$out/cpu"
	t0=$(now)
	s=0
	cpu sh "$top/pipelines/nightly" -j "${jf:-$out/journey.csv}" -i "$out/in" \
	    -s "$out/state" -o "$out/rep" --period week --as-of "$1" \
	    --bin "$out/bin" 2>"$out/night-$1.log" || s=$?
	wall=$(secs "$t0" "$(now)")
	cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/cpu" 2>/dev/null)
	case $s in 0|3) ;; *) echo "nightly: the night of $1 failed (status $s):"; tail -n 5 "$out/night-$1.log"; exit 1 ;; esac
	awk '{ t[$1] += $2; c[$1]++ } END { for (k in t) printf "    %-12s %6.2f s  (%d run%s)\n", k, t[k], c[k], c[k] == 1 ? "" : "s" }' \
	    "$out/times" | sort -k2 -rn >"$out/tools-$1${jf:+-drivers}"
}
rm -rf "$out/in" "$out/state" "$out/rep"
mkdir "$out/in"
ln -s "$csv" "$out/in/export.csv"
night 2026-11-28; w1=$wall c1=${cpu:-?}
night 2026-11-29; w2=$wall c2=${cpu:-?}
size=$(du -sLk "$out/rep/2026-11-29" | cut -f1)
# the next night made again from scratch (STATE/cache deleted: every
# export read again) into other reports: the same bytes but nightly.log
rm -rf "$out/state/cache" "$out/rep2"
: >"$out/times"
sh "$top/pipelines/nightly" -j "$out/journey.csv" -i "$out/in" \
    -s "$out/state" -o "$out/rep2" --period week --as-of 2026-11-29 \
    --bin "$out/bin" 2>"$out/rebuild.log"
case $? in 0|3) ;; *) echo "nightly: the rebuild failed:"; tail -n 5 "$out/rebuild.log"; exit 1 ;; esac
if diff -r -x nightly.log "$out/rep/2026-11-29/" "$out/rep2/2026-11-29/" >/dev/null; then
	same="byte for byte the same (but nightly.log)"
else
	same="DIFFERENT"
fi
bytes=$(wc -c <"$csv")

awk -v n="$n" -v b="$bytes" -v base="$base" -v w1="$w1" -v w2="$w2" -v kb="$size" \
    -v c1="$c1" -v c2="$c2" -v same="$same" -v load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)" 'BEGIN {
	printf "nightly: %d respondents x 10 touchpoints, %.1f MB export, weekly, charts\n", n, b / 1e6
	printf "nightly: baseline cjm-ingest alone %.2f s\n", base
	printf "nightly: first night %.2f s = %.2f x baseline (goal <= 15 s: %s)\n", w1, w1 / base, w1 <= 15 ? "met" : "NOT met"
	printf "nightly: next night  %.2f s = %.2f x baseline, %.1f%% of the first (goal <= 15 s: %s)\n", w2, w2 / base, 100 * w2 / w1, w2 <= 15 ? "met" : "NOT met"
	printf "nightly: report directory %.1f MB (goal <= 50 MB: %s)\n", kb / 1024, kb <= 50 * 1024 ? "met" : "NOT met"
	printf "nightly: next night against a full rebuild (STATE/cache deleted): %s\n", same
	printf "nightly: CPU (user + system) first night %s s, next night %s s; load average %s\n", c1, c2, load
	# On an idle machine a night takes no longer than its CPU time (its
	# processes never wait for one another longer than they compute,
	# but for disk writes), and about CPU / cores where its tools
	# overlap: the figure that does not depend on the other users.
	if (c1 != "" && c2 != "")
		printf "nightly: idle 2-core estimate: first night %.1f..%.1f s, next night %.1f..%.1f s (CPU / 2 .. CPU; goal <= 15 s: %s)\n", \
		    c1 / 2, c1, c2 / 2, c2, (c1 <= 15 && c2 <= 15) ? "met" : (c1 / 2 <= 15 && c2 / 2 <= 15 ? "met with both cores" : "NOT met")
}'
echo "nightly: first night, time in each tool:"
cat "$out/tools-2026-11-28"
echo "nightly: next night, time in each tool:"
cat "$out/tools-2026-11-29"
du -sLk "$out"/rep/2026-11-29/* | sort -rn | head -n 4 | awk '{ printf "    %-40s %7.1f MB\n", $2, $1 / 1024 }' |
    sed "s|$out/rep/2026-11-29/||"

# The same with a drivers section: the journey has four NPS questions, so
# the nights above have none (cjm-drivers --print-outcome says so and the
# exports are read without the drivers' sums); here Ad is the only NPS
# question (Store, Website and Call centre as csat on 0-10), so the first
# night also computes cjm-drivers --partial over every answer.
jf=$out/journey-drivers.csv
sed -e 's/^\(Awareness,Store,offline,\)nps/\1csat/' \
    -e 's/^\(Consideration,[^,]*,[^,]*,\)nps/\1csat/' "$out/journey.csv" >"$jf"
rm -rf "$out/state" "$out/rep"
night 2026-11-28; w1=$wall c1=${cpu:-?}
night 2026-11-29; w2=$wall c2=${cpu:-?}
[ -s "$out/rep/2026-11-29/drivers.csv" ] || { echo "nightly: no drivers.csv with $jf"; exit 1; }
awk -v w1="$w1" -v w2="$w2" -v c1="$c1" -v c2="$c2" \
    -v load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)" 'BEGIN {
	printf "nightly: with a drivers section (one NPS question): first night %.2f s (CPU %s s), next night %.2f s (CPU %s s); load average %s; goal <= 15 s: %s\n", \
	    w1, c1, w2, c2, load, (w1 <= 15 && w2 <= 15) ? "met" : "NOT met"
}'
echo "nightly: with a drivers section, first night, time in each tool:"
cat "$out/tools-2026-11-28-drivers"
