#!/bin/sh
# Nothing on stdout when a run fails before its first row, in every tool
# (issue 11 item 6): a pipeline like `cjm-ingest ... | cjm-kpi` must fail,
# not compute an empty table with status 0 from a header alone.  Each
# case breaks the input before anything could be written (a bad header,
# a bad record in a later file, a NUL byte) and checks the status is not
# 0 and stdout is empty.  Then every tool in $BIN (new ones too) is fed
# an empty and a binary standard input.
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
fail=0
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT

# check NAME CMD...: CMD fails and writes nothing on stdout
check() {
	name=$1; shift
	s=0
	"$@" >"$t/out" 2>"$t/err" || s=$?
	if [ "$s" -eq 0 ] || [ -s "$t/out" ]; then
		echo "FAIL $name: status $s, $(wc -c <"$t/out") bytes on stdout"
		head -c 300 "$t/err"
		fail=1
	else
		echo "ok $name: status $s, $(head -n 1 "$t/err")"
	fi
}

K=testdata/kpi
# A response table whose third record has a bad score.
sed '3s/,2,1,$/,12,1,/' $K/responses.csv >"$t/bad-resp.csv"
# A KPI table whose third record has a bad count.
sed '3s/^group,2,/group,x,/' $K/w46.kpi >"$t/bad.kpi"
printf 'a,\000b\n1,2\n' >"$t/nul.csv"
# An export whose first record has an answer off the scale.
printf 'respondent,time,nps,csat,ces,comment\nr1,2026-11-05,11,5,7,\n' \
    >"$t/first-bad.csv"

check ingest-bad-header "$BIN/cjm-ingest" -j testdata/ingest/j-generic.csv \
    testdata/ingest/bad-header.csv
check ingest-strict-first-row "$BIN/cjm-ingest" --strict \
    -j testdata/ingest/j-generic.csv "$t/first-bad.csv"
check ingest-none-found "$BIN/cjm-ingest" -j testdata/ingest/j-generic.csv \
    testdata/ingest/typeform.csv
check kpi-bad-row "$BIN/cjm-kpi" "$t/bad-resp.csv"
check kpi-second-file "$BIN/cjm-kpi" $K/responses.csv "$t/bad-resp.csv"
check compare-second-file "$BIN/cjm-compare" $K/w45.kpi "$t/bad.kpi"
check merge-second-file "$BIN/cjm-merge" $K/part1.csv "$t/bad.kpi"
check plot-bad-row "$BIN/cjm-plot" -n -t svg "$t/bad.kpi"
check map-bad-kpi "$BIN/cjm-map" --no-charts "$t/bad.kpi"
check map-bad-responses "$BIN/cjm-map" --no-charts -r "$t/bad-resp.csv" \
    testdata/map/kpi.csv
for tool in "$BIN"/cjm-*; do
	[ -x "$tool" ] || continue
	n=${tool##*/}
	check "$n-empty-input" sh -c '"$1" </dev/null' sh "$tool"
	check "$n-nul-input" sh -c '"$1" <"$2"' sh "$tool" "$t/nul.csv"
done
exit $fail
