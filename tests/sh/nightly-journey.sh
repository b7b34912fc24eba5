#!/bin/sh
# The nightly no longer wedges on an export (issue 9, items 1 and 2, as
# the night sees them):
#   - responses without a usable time (an empty cell, 2026/02/30) are
#     archived, kept out of the period tables, counted in the log, and
#     every later night still works;
#   - the journey file is the union of the surveys: an export without
#     some journey columns is received ("2 of 3 journey columns (not
#     asked in this export: ...)" in the log); a journey column no export
#     holds is a warning in the log and in the report's nightly.log;
#   - an export with none of the journey's columns is not received, the
#     night is published without it (status 1, naming it), and the next
#     night, once it is gone, is back to status 0.
# With the tools before these fixes every night failed: cjm-ingest refused
# the export ("column 'Q3' not found"), cjm-kpi died on "missing time".
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for t in cjm-ingest cjm-kpi cjm-compare cjm-map; do
	[ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built yet"; exit 77; }
done
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
N=$top/pipelines/nightly
fail=0
ko() { echo "FAIL: $*"; fail=1; }
nightly() {	# nightly NIGHT: status in $s, stderr in $t/err
	s=0
	sh "$N" -j "$t/journey.csv" -i "$t/in" -s "$t/state" -o "$t/rep" \
	    --period week --as-of "$1" --bin "$BIN" --no-charts \
	    >/dev/null 2>"$t/err" || s=$?
}
expect() {
	[ "$s" = "$1" ] || { ko "$2: status $s, want $1"; sed 's/^/    /' "$t/err"; }
}
has() {	# has WHAT PATTERN: a log line matches
	grep -q -- "$2" "$t/err" || { ko "$1: no log line like '$2'"; sed 's/^/    /' "$t/err"; }
}

cat >"$t/journey.csv" <<'EOF'
stage,touchpoint,channel,metric,scale,column,target,comment
Buy,Checkout,online,nps,0-10,Q1,,Comment
Buy,Delivery,offline,csat,1-5,Q2,,
Help,Hotline,offline,csat,1-5,Q3,,
EOF
mkdir "$t/in"
# the first survey: no Q3; one time that does not exist, one empty
{
	echo 'Response ID,Timestamp,Q1,Q2,Comment'
	i=1
	while [ $i -le 40 ]; do
		printf 'a%d,2026-11-%02d 10:%02d:00,%d,%d,\n' $i $((2 + i % 6)) $i $((i % 11)) $((1 + i % 5))
		i=$((i + 1))
	done
	echo 'a41,2026/02/30,8,4,bad date'
	echo 'a42,,7,3,no date'
} >"$t/in/first.csv"

# ---- responses without a time alone (every journey column present) ----------
head -n 3 "$t/journey.csv" >"$t/j2.csv"
s=0
sh "$N" -j "$t/j2.csv" -i "$t/in" -s "$t/s2" -o "$t/r2" --period week \
    --as-of 2026-11-07 --bin "$BIN" --no-charts >/dev/null 2>"$t/err" || s=$?
expect 0 "without a time"
has "without a time" "cjm-kpi: note: 4 rows without a time skipped"
has "without a time" "cjm-ingest: first.csv: .*2 without a time"
s=0
sh "$N" -j "$t/j2.csv" -i "$t/in" -s "$t/s2" -o "$t/r2" --period week \
    --as-of 2026-11-08 --bin "$BIN" --no-charts >/dev/null 2>"$t/err" || s=$?
expect 0 "without a time, the next night"

# ---- night 1: one export, a journey column no export holds ----------------
nightly 2026-11-08; expect 0 "night 1"
has "night 1" "cjm-ingest: first.csv: 2 of 3 journey columns (not asked in this export: 'Q3')"
has "night 1" "cjm-ingest: .*journey.csv:4: column 'Q3' is in none of the 1 export"
has "night 1" "without a time"
grep -q "column 'Q3' is in none" "$t/rep/2026-11-08/nightly.log" ||
    ko "night 1: the warning is not in the report's nightly.log"
[ -f "$t/rep/2026-11-08/map.html" ] || ko "night 1: no report"

# ---- night 2: the new survey asks Q3 too -------------------------------------
{
	echo 'Response ID,Timestamp,Q1,Q2,Q3,Comment'
	i=1
	while [ $i -le 40 ]; do
		printf 'b%d,2026-11-%02d 11:%02d:00,%d,%d,%d,\n' $i $((9 + i % 6)) $i $((i % 11)) $((1 + i % 5)) $((1 + i % 4))
		i=$((i + 1))
	done
} >"$t/in/second.csv"
nightly 2026-11-13; expect 0 "night 2"
has "night 2" "received second.csv as exports/"
grep -q "is in none of" "$t/err" && ko "night 2: Q3 is still said to be in no export"
awk -F, '$4 == "Hotline" && $7 == "2026-W46" { f = 1 } END { exit !f }' \
    "$t/rep/2026-11-13/kpi.csv" || ko "night 2: no Hotline row in kpi.csv"

# ---- night 3: an export with none of the journey's columns ---------------------
printf 'Name,Colour\nAda,blue\n' >"$t/in/wrong.csv"
nightly 2026-11-14; expect 1 "night 3 (an export left out)"
has "night 3" "cjm-ingest: wrong.csv: none of the journey's 3 columns is in this export"
has "night 3" "wrong.csv: not received: cjm-ingest cannot read it"
tail -n 1 "$t/err" | grep -q '1 export(s) left out: wrong.csv$' || ko "night 3: last line: $(tail -n 1 "$t/err")"
[ -f "$t/rep/2026-11-14/map.html" ] || ko "night 3: no report"
[ "$(readlink "$t/rep/latest")" = 2026-11-14 ] || ko "night 3: latest"
rm "$t/in/wrong.csv"
nightly 2026-11-15; expect 0 "night 4 (the bad export gone)"
nightly 2026-11-15; expect 0 "night 4 again"

[ $fail -eq 0 ] && echo "nightly-journey: ok"
exit $fail
