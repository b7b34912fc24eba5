#!/bin/sh
# cjm-plot on what the real tools write: cjm-kpi tables (by touchpoint,
# by touchpoint and segment, by week with journey rows) and cjm-compare
# output, every chart, as scripts and (with gnuplot) as SVG.
for t in cjm-kpi cjm-compare cjm-plot; do
	command -v $t >/dev/null 2>&1 || { echo "$t not built"; exit 77; }
done
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
gp=1
command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1 || gp=0

cjm-kpi -q -j testdata/kpi/journey.csv testdata/kpi/responses.csv >"$t/kpi.csv" ||
    ko "cjm-kpi: status $?"
cjm-kpi -q --by touchpoint,segment testdata/kpi/responses.csv >"$t/seg.csv" ||
    ko "cjm-kpi --by touchpoint,segment: status $?"
cjm-kpi -q -p week --journey testdata/kpi/trend.csv >"$t/week.csv" ||
    ko "cjm-kpi -p week: status $?"
cjm-compare -q "$t/week.csv" >"$t/cmp.csv"
s=$?; [ $s -eq 0 ] || [ $s -eq 3 ] || ko "cjm-compare: status $s"

# plot NAME ARGS...: the script, then the chart through gnuplot
plot() {
	name=$1; shift
	cjm-plot -n -t svg "$@" >"$t/$name.gp" 2>"$t/err" ||
	    { ko "$name: -n status $?"; cat "$t/err"; return; }
	grep -q '^plot ' "$t/$name.gp" || ko "$name: no plot command"
	[ $gp -eq 1 ] || return
	cjm-plot -o "$t/$name.svg" "$@" 2>"$t/err" ||
	    { ko "$name: status $?"; cat "$t/err"; return; }
	grep -q '<svg' "$t/$name.svg" || ko "$name: no SVG"
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' \
		    "$t/$name.svg" || ko "$name: not well-formed XML"
	fi
	echo "$name: ok"
}
plot journey "$t/kpi.csv"
plot net --curve net "$t/kpi.csv"
plot dist --chart dist "$t/kpi.csv"
plot seg-journey --segment Business "$t/seg.csv"
plot seg-dist --chart dist --segment Consumer "$t/seg.csv"
plot week-journey "$t/week.csv"
for m in nps csat ces; do
	grep -q ",$m," "$t/week.csv" || continue
	plot "trend-$m" --chart trend --metric "$m" -c "$t/cmp.csv" "$t/week.csv"
done
# targets from the journey file reach the chart
grep -q 'with vectors' "$t/journey.gp" && grep -q "title 'target" "$t/journey.gp" ||
    ko "journey: no target markers from cjm-kpi -j"
# a table by segment needs --segment, and says which there are
cjm-plot -n "$t/seg.csv" >/dev/null 2>"$t/err" && ko "seg.csv without --segment: status 0"
grep -q "several segments ('Business', 'Consumer')" "$t/err" ||
    { ko "seg.csv: message"; cat "$t/err"; }
[ $fail -eq 0 ] && echo "plot-pipeline: ok"
exit $fail
