#!/bin/sh
# pipelines/demo (make demo): runs nightly over the bundled data into a
# fresh directory, treats the planted drop (status 3) as success, says
# where the report is and prints the head of map.txt; a second run
# replaces the first and leaves other files alone (the README's worked
# example in demo/example); it refuses to remove entries it did not make.
# The night tells the demo's November stories: the home delivery drop,
# and the online checkout's effort score and conversion dropping together
# (both flagged in the log), named alone where a low experience and a
# large drop-off meet in map.txt, map.md and map.html.
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for t in cjm-ingest cjm-kpi cjm-compare cjm-plot cjm-map; do
	[ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built yet"; exit 77; }
done
command -v gnuplot >/dev/null 2>&1 || { echo "skip: gnuplot is not installed (make deps)"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }

mkdir -p "$t/demo/example" && echo keep >"$t/demo/example/journey.csv"
for i in 1 2; do
	s=0
	BIN=$BIN sh pipelines/demo "$t/demo" >"$t/out" 2>"$t/err" || s=$?
	[ $s -eq 0 ] || { ko "run $i: status $s"; cat "$t/out" "$t/err"; }
done
[ "$(cat "$t/demo/example/journey.csv" 2>/dev/null)" = keep ] ||
    ko "the worked example's directory did not survive two runs"
grep -q 'a significant drop was found (status 3, as expected)' "$t/out" || ko "no drop message"
grep -q "^report:  $t/demo/reports/latest/map.html\$" "$t/out" || ko "no report path"
grep -q 'Where to act first' "$t/out" || ko "no text summary"
grep -q 'Home delivery' "$t/out" || ko "the summary does not show Home delivery"
[ "$(readlink "$t/demo/reports/latest")" = 2026-11-24 ] || ko "latest"
r=$t/demo/reports/2026-11-24
for f in map.html map.md map.txt kpi.csv compare.csv rejects.csv charts/journey.png; do
	[ -s "$r/$f" ] || ko "no $f"
done
grep -q 'significant drop: Delivery / Home delivery' "$t/err" || ko "the log does not name the drop"
grep -q 'ingested 8 files (8 new, 0 already seen)' "$t/err" || ko "the second run did not start afresh"
# the demo's November story (issue 13): a new payment page: the checkout's
# effort score drops and its conversion drops, both flagged, and "where to
# act first" names the checkout where the two meet, in every format
grep -q 'significant drop: Purchase / Online checkout CES mean' "$t/err" ||
    ko "the log does not flag the checkout's CES drop"
grep -q 'significant drop: Purchase / Online checkout funnel conversion' "$t/err" ||
    ko "the log does not flag the checkout's conversion drop"
# the meet entries of the section "Where to act first" (up to the next one)
awk '/^Where to act first$/ { s = 1; next } s && /^Journey$/ { exit }
    s && /^Where a low experience and a large drop-off meet:$/ { m = 1; next }
    s && m && /^  \* / { if (e != "") print e; e = substr($0, 5); next }
    s && m && /^    [^ ]/ { e = e " " substr($0, 5); next }	# wrapped
    s && m && /^$/ { m = 0 } END { if (e != "") print e }' \
    "$r/map.txt" >"$t/meet.txt"
awk '/^## Where to act first$/ { s = 1; next } s && /^## / { exit }
    s && /^Where a low experience and a large drop-off meet:$/ { m = 1; next }
    s && m && /^- / { print substr($0, 3) } s && m && /^\| / { m = 0 }' \
    "$r/map.md" >"$t/meet.md"
awk '/^<section id="act">$/ { s = 1; next } s && /^<\/section>$/ { exit }
    s && /^<ol class="meet">$/ { m = 1; next } s && m && /^<\/ol>$/ { m = 0 }
    s && m && /^<li>/ { sub(/^<li>/, ""); sub(/<\/li>$/, ""); print }' \
    "$r/map.html" >"$t/meet.html"
for f in txt md html; do
	[ "$(cut -d: -f1 "$t/meet.$f")" = "Online checkout" ] ||
	    ko "map.$f: where experience and drop-off meet: '$(cat "$t/meet.$f")', want Online checkout alone"
	grep -q '^Online checkout: CES [0-9.]* (act, drop), .*its conversion fell [0-9.]* points since 2026-10, significantly' "$t/meet.$f" ||
	    ko "map.$f: the checkout's entry does not give its low, dropped score and its conversion drop: $(cat "$t/meet.$f")"
done
# entries with the demo's names that it did not make are left alone
mkdir -p "$t/other/reports" && echo keep >"$t/other/reports/mine.txt"
s=0
BIN=$BIN sh pipelines/demo "$t/other" >/dev/null 2>"$t/err" || s=$?
[ $s -eq 1 ] || ko "foreign directory: status $s, want 1"
[ -f "$t/other/reports/mine.txt" ] || ko "foreign directory: a file was removed"
[ ! -e "$t/other/incoming" ] || ko "foreign directory: written into"
grep -q 'holds other files' "$t/err" || ko "foreign directory: message"
[ $fail -eq 0 ] && echo "demo-run: ok"
exit $fail
