#!/bin/sh
# pipelines/nightly passes --id, --time, --labels, --encoding and
# --date-order on to cjm-ingest for every export (issue 11), checks them
# before touching anything (a bad value is a usage error, status 2; a
# labels file that cannot be read, status 1), and a night that has
# trouble with an export names the export and the options that may help.
# The export: a generic CSV in Mac Roman whose id (Ticket) and time (When,
# day/month dates) columns cjm-ingest does not find by itself, with an
# answer label of the team's own ("Superb").
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
run=0
nightly() {	# nightly [options]: a fresh state and reports each time
	run=$((run + 1))
	s=0
	sh "$N" -j "$t/journey.csv" -i "$t/in" -s "$t/s$run" -o "$t/r$run" \
	    --period month --as-of 2026-04-30 --bin "$BIN" --no-charts "$@" \
	    >/dev/null 2>"$t/err" || s=$?
	r=$t/r$run/2026-04-30
}
expect() {
	[ "$s" = "$1" ] || { ko "$2: status $s, want $1"; sed 's/^/    /' "$t/err"; }
}
has() {
	grep -q -- "$2" "$t/err" || { ko "$1: no log line like '$2'"; sed 's/^/    /' "$t/err"; }
}

# Qualité (Mac Roman: 0x8E) is the CSAT question
printf 'stage,touchpoint,channel,metric,scale,column,target,comment\nBuy,Checkout,online,nps,0-10,Recommend,,\nBuy,Delivery,offline,csat,1-5,Qualit\303\251,,\n' \
    >"$t/journey.csv"
printf 'set,label,score\nstars,Awful,1\nstars,Poor,2\nstars,Fine,3\nstars,Good,4\nstars,Superb,5\n' >"$t/labels.csv"
mkdir "$t/in"
{
	printf 'Ticket,When,Recommend,Qualit\216\r\n'
	i=1
	while [ $i -le 30 ]; do	# 13/04/2026 ... : only dmy reads them all
		printf 'T%03d,%02d/04/2026 10:%02d,%d,%s\r\n' $i $((i % 28 + 1)) $i $((i % 11)) \
		    "$(case $((i % 3)) in 0) echo Superb ;; 1) echo Poor ;; 2) echo Good ;; esac)"
		i=$((i + 1))
	done
} >"$t/in/export.csv"

# ---- usage and environment, before anything is touched ----------------------
nightly --encoding klingon; expect 2 "--encoding klingon"
has "--encoding klingon" "nightly: unknown encoding 'klingon'"
grep -q '^usage: nightly' "$t/err" || ko "--encoding klingon: no usage line"
[ ! -e "$t/s$run" ] || ko "--encoding klingon: the state directory was created"
nightly --date-order ymd; expect 2 "--date-order ymd"
has "--date-order ymd" "bad --date-order 'ymd' (mdy or dmy)"
nightly --labels "$t/no-such-labels.csv"; expect 1 "--labels missing"
[ "$(wc -l <"$t/err")" = 1 ] || ko "--labels missing: more than one line: $(cat "$t/err")"
has "--labels missing" "nightly: $t/no-such-labels.csv: cannot read the labels file (--labels)$"
printf 'set,label\nx,y\n' >"$t/bad-labels.csv"
nightly --labels "$t/bad-labels.csv"; expect 1 "--labels without a score column"
has "--labels without a score column" "nightly: cjm-ingest: .*bad-labels.csv"
[ ! -e "$t/r$run" ] || ko "bad labels: the reports directory was created"

# ---- without the options: received, with what would help -----------------------
nightly --encoding macroman; expect 1 "no id, time or labels options"
has "no options" "cjm-ingest: export.csv: .*id none (content hash), time none"
has "no options" "received export.csv as exports/000001-[0-9a-f]*.csv; nightly options that may help: --time, --labels"
has "no options" "no answers in month 2026-04 up to 2026-04-30"

# ---- --encoding reaches cjm-ingest: the wrong one finds no column -----------------
printf 'stage,touchpoint,channel,metric,scale,column,target,comment\nBuy,Delivery,offline,csat,1-5,Qualit\303\251,,\n' \
    >"$t/quality.csv"
nightly -j "$t/quality.csv" --encoding cp1252; expect 1 "--encoding cp1252"
has "--encoding cp1252" "cjm-ingest: .*column 'Qualité' not found in export.csv (generic export, read as Windows-1252: if that is wrong, use --encoding)"
has "--encoding cp1252" "export.csv: not received: cjm-ingest cannot read it (the reason above); nightly options that may help: --encoding"

# ---- all five --------------------------------------------------------------------
nightly --encoding macroman --id Ticket --time When --date-order dmy --labels "$t/labels.csv"
expect 0 "all options"
has "all options" "id Ticket, time When"
grep -q 'nightly options that may help' "$t/err" && ko "all options: still a hint: $(grep 'may help' "$t/err")"
[ "$(wc -l <"$r/rejects.csv")" = 1 ] || ko "all options: rejects: $(cat "$r/rejects.csv")"
# the 30 tickets, every answer scored, all in April (dmy): 30 + 30 answers
awk -F, '$4 == "Delivery" && $11 == 30 { d = 1 } $4 == "Checkout" && $11 == 30 { c = 1 }
    END { exit !(d && c) }' "$r/kpi.csv" || ko "all options: kpi.csv: $(cut -d, -f4,7,11 "$r/kpi.csv")"

# ---- an option that fits no export: every one refused, naming it --------------------
nightly --encoding macroman --id NoSuchColumn; expect 1 "--id NoSuchColumn"
has "--id NoSuchColumn" "export.csv: not received: .*nightly options that may help: --id"

[ $fail -eq 0 ] && echo "nightly-options: ok"
exit $fail
