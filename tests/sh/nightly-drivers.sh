#!/bin/sh
# What drives the NPS in the nightly report (issue 12):
#   - a report has drivers.csv, charts/drivers.svg, a "What drives NPS"
#     section, and where to act first puts the planted driver (the demo's
#     home delivery, 'fix' in November) first with its share;
#   - the drivers are the current period's, widened month by month when
#     fewer than --drivers-min respondents answered the NPS (the log says
#     so, time_first shows where the window starts);
#   - --no-drivers: none of it; a journey without an NPS question, or
#     with several: no section, the log says why, the night still
#     succeeds, and the exports are read without the drivers' sums (the
#     cache holds drivers.csv exactly when there is a section).
# The demo's November export and store survey (a few seconds).
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for x in cjm-ingest cjm-kpi cjm-compare cjm-map cjm-drivers cjm-plot; do
	[ -x "$BIN/$x" ] || { echo "skip: $BIN/$x not built yet"; exit 77; }
done
command -v gnuplot >/dev/null 2>&1 || { echo "skip: no gnuplot (Debian gnuplot-nox)"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
N=$top/pipelines/nightly
fail=0
ko() { echo "FAIL: $*"; fail=1; }
nightly() {	# nightly NAME JOURNEY [options]: status in $s, stderr in $t/err
	name=$1 j=$2
	shift 2
	rm -rf "$t/in" "$t/state" "$t/rep"
	mkdir "$t/in"
	cp "$top/testdata/demo/exports/CJ Online Survey 2026-11.csv" \
	    "$top/testdata/demo/exports/Store Survey.csv" "$t/in/"
	s=0
	sh "$N" -j "$j" -i "$t/in" -s "$t/state" -o "$t/rep" --period month \
	    --as-of 2026-11-24 --segment Persona --bin "$BIN" "$@" \
	    >/dev/null 2>"$t/err" || s=$?
	r=$t/rep/2026-11-24
	ndrv=$(ls "$t"/state/cache/*/drivers.csv 2>/dev/null | wc -l)
	[ "$s" = 3 ] || { ko "$name: status $s, want 3"; sed 's/^/    /' "$t/err"; }
}

nightly default "$top/testdata/demo/journey.csv"
[ -f "$r/drivers.csv" ] && [ "$(wc -l <"$r/drivers.csv")" -gt 5 ] ||
    ko "default: no drivers.csv"
[ -s "$r/charts/drivers.svg" ] || ko "default: no charts/drivers.svg"
grep -q '^What drives NPS' "$r/map.txt" || ko "default: no What drives NPS section"
grep -q 'id="drivers"' "$r/map.html" || ko "default: no drivers section in map.html"
sed -n '/^Where to act first/,/^ 2\./p' "$r/map.txt" | tr '\n' ' ' |
    grep -q ' 1\. .*Home delivery .*drives [0-9]*% \[[0-9]*, [0-9]*\] of the explained NPS variance and performs below average (fix)' ||
    ko "default: Home delivery is not first in where to act first, as fix"
grep -q ',Home delivery,.*,fix,' "$r/drivers.csv" || ko "default: Home delivery not 'fix'"
[ "$ndrv" -eq 2 ] || ko "default: $ndrv cache entries with drivers.csv, not 2"
# November alone holds more than 200 NPS answers: no widening
grep -q 'the window starts' "$t/err" && ko "default: widened without need"
grep -q ',2026-11-0[0-9]T' "$r/drivers.csv" || ko "default: the window does not start in November"

nightly widened "$top/testdata/demo/journey.csv" --no-charts --drivers-min 100000
grep -q 'nightly: drivers: .*fewer than --widen 100000: the window starts 2026-' "$t/err" ||
    { ko "widened: no log line saying so"; sed 's/^/    /' "$t/err"; }
grep -q ',2026-0[6-9]-[0-9][0-9]T[0-9:]*,2026-11-' "$r/drivers.csv" ||
    ko "widened: time_first is not before November"

nightly off "$top/testdata/demo/journey.csv" --no-charts --no-drivers
[ ! -e "$r/drivers.csv" ] && [ ! -e "$r/charts/drivers.svg" ] ||
    ko "--no-drivers: drivers files in the report"
grep -q '^What drives' "$r/map.txt" && ko "--no-drivers: a drivers section"
[ "$ndrv" -eq 0 ] || ko "--no-drivers: the drivers' sums were made"

grep -v ',nps,' "$top/testdata/demo/journey.csv" >"$t/no-nps.csv"
nightly no-nps "$t/no-nps.csv" --no-charts
grep -q 'nightly: no drivers section: no NPS question to use as the outcome' "$t/err" ||
    { ko "no NPS: the log does not say why there are no drivers"; sed 's/^/    /' "$t/err"; }
[ ! -e "$r/drivers.csv" ] || ko "no NPS: drivers.csv in the report"
[ -s "$r/map.html" ] || ko "no NPS: no report"
[ "$ndrv" -eq 0 ] || ko "no NPS: the drivers' sums were made"

awk -F, 'NR > 1 && $4 == "nps" { print; $2 = $2 " again"; $6 = "Q99" } 1' OFS=, \
    "$top/testdata/demo/journey.csv" >"$t/two-nps.csv"
nightly two-nps "$t/two-nps.csv" --no-charts
grep -q 'nightly: no drivers section: several NPS questions' "$t/err" ||
    { ko "two NPS: the log does not say why there are no drivers"; sed 's/^/    /' "$t/err"; }
[ ! -e "$r/drivers.csv" ] || ko "two NPS: drivers.csv in the report"
[ "$ndrv" -eq 0 ] || ko "two NPS: the drivers' sums were made"

[ $fail -eq 0 ] || exit 1
echo "nightly-drivers: ok"
