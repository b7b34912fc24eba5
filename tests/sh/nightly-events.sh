#!/bin/sh
# pipelines/nightly -e: analytics event exports beside the survey exports.
# The demo's October and November online exports and the events of
# testdata/demo/gen-events (checkout abandonment rises in November):
#   the events are kept in STATE/events (INDEX), the report holds
#   funnel.csv (both months), compare.csv's funnel rows with Online
#   checkout's November drop (status 3, and the log names it), the funnel
#   chart and the map's Funnel section in every format;
#   re-running the night receives nothing new and gives the same
#   funnel.csv and compare.csv;
#   an event file cjm-funnel cannot read stays in EVENTS, the night is
#   still published and the run fails (status 1) naming it;
#   -e naming the incoming directory, or a missing one, is refused.
# Run from the top of the tree with BIN set (tests/run.sh does).
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for x in cjm-ingest cjm-kpi cjm-compare cjm-plot cjm-map cjm-funnel; do
	[ -x "$BIN/$x" ] || { echo "skip: $BIN/$x not built yet"; exit 77; }
done
command -v gnuplot >/dev/null 2>&1 || { echo "skip: gnuplot is not installed (make deps)"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
N=$top/pipelines/nightly
J=$top/testdata/demo/journey.csv
fail=0
ko() { echo "FAIL: $*"; fail=1; }
mkdir "$t/in" "$t/ev"
cp "$top/testdata/demo/exports/CJ Online Survey 2026-10.csv" \
    "$top/testdata/demo/exports/CJ Online Survey 2026-11.csv" "$t/in/"
sh "$top/testdata/demo/gen-events" "$t/gen" || exit 1
cp "$t/gen/events-2026-10.csv" "$t/gen/events-2026-11.csv" "$t/ev/"

nightly() {	# status in $s, stderr in $t/err
	s=0
	sh "$N" -j "$J" -i "$t/in" -s "$t/state" -o "$t/rep" --period month \
	    --as-of 2026-11-24 --bin "$BIN" "$@" >"$t/out" 2>"$t/err" || s=$?
}
nightly -e "$t/ev"
[ $s = 3 ] || { ko "night: status $s, want 3"; sed 's/^/    /' "$t/err"; }
r=$t/rep/latest
[ -f "$t/state/events/INDEX" ] || ko "no STATE/events/INDEX"
[ "$(ls "$t/state/events" | grep -c '^0000[0-9][0-9]-')" = 2 ] ||
    ko "want 2 stored event exports: $(ls "$t/state/events")"
grep -q 'received events-2026-11.csv as events/000002-' "$t/err" ||
    ko "no 'received' line for the events"
[ "$(cut -d, -f7 "$r/funnel.csv" | sort -u | tr '\n' ' ')" = "2026-10 2026-11 period " ] ||
    ko "funnel.csv periods: $(cut -d, -f7 "$r/funnel.csv" | sort -u | tr '\n' ' ')"
grep -q '^funnel,Purchase,Online checkout,.*,drop$' "$r/compare.csv" ||
    ko "compare.csv: no Online checkout funnel drop"
grep -q 'significant drop: Purchase / Online checkout funnel conversion' "$t/err" ||
    ko "the log does not name the funnel drop"
[ -s "$r/charts/funnel.svg" ] && [ -s "$r/charts/funnel.png" ] ||
    ko "no funnel chart"
grep -q '^## Funnel' "$r/map.md" || ko "map.md: no Funnel section"
grep -q '^Funnel$' "$r/map.txt" || ko "map.txt: no Funnel section"
grep -q 'id="funnel"' "$r/map.html" || ko "map.html: no Funnel section"
grep -q 'Funnel step' "$r/map.html" || ko "map.html: no funnel step on a card"
cp "$r/funnel.csv" "$t/f1"
cp "$r/compare.csv" "$t/c1"

# the same night again: nothing new, the same tables
nightly -e "$t/ev"
[ $s = 3 ] || ko "re-run: status $s, want 3"
grep -q 'funnel: 2 event file(s) (0 new, 2 already seen)' "$t/err" ||
    ko "re-run: $(grep 'funnel:' "$t/err")"
cmp -s "$t/f1" "$r/funnel.csv" || ko "re-run: funnel.csv differs"
cmp -s "$t/c1" "$r/compare.csv" || ko "re-run: compare.csv differs"

# an event file cjm-funnel cannot read: refused, kept, the run fails
printf 'a,b\n1,2\n' >"$t/ev/broken.csv"
nightly -e "$t/ev"
[ $s = 1 ] || ko "broken events: status $s, want 1"
grep -q 'broken.csv: not received: cjm-funnel cannot read it' "$t/err" ||
    ko "broken events: no reason given"
[ -f "$t/ev/broken.csv" ] || ko "broken events: the file was removed"
[ -f "$r/funnel.csv" ] || ko "broken events: no report published"
rm -f "$t/ev/broken.csv"

nightly -e "$t/in"
[ $s = 1 ] || ko "-e = incoming: status $s, want 1"
grep -q 'events directory (-e) must be another directory' "$t/err" ||
    ko "-e = incoming: $(cat "$t/err")"
nightly -e "$t/nowhere"
[ $s = 1 ] || ko "-e missing: status $s, want 1"
grep -q 'nowhere: no such directory (-e, event exports)' "$t/err" ||
    ko "-e missing: $(cat "$t/err")"
exit $fail
