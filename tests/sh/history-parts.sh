#!/bin/sh
# The pieces cjm-nightly builds a night from give what one pass over all
# the answers gives (issue 14 item 4), on the demo exports (an overlapping
# re-export and a Google Forms survey with content-hash ids included):
#   - cjm-ingest over each export in turn, with --seen the --ids of those
#     before it: the same rows, rejects and counts as one run over all;
#   - cjm-kpi --partial by touchpoint, segment and day, then cjm-merge
#     --by/--period/--since/--until: the bytes of cjm-kpi's own tables;
#   - cjm-kpi --comments and --respondents: the answers with a comment and
#     the respondents and answers per day, and cjm-map given those (not
#     every answer) writes the same report, but for the line saying what
#     the files hold.
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for t in cjm-ingest cjm-kpi cjm-merge cjm-map; do
	[ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built yet"; exit 77; }
done
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
J=$top/testdata/demo/journey.csv
cd "$top/testdata/demo/exports" || exit 1

# ---- cjm-ingest: one run, or one export at a time --------------------------
set -- *.csv
"$BIN/cjm-ingest" -j "$J" --segment Persona -r "$t/rej-all.csv" --ids "$t/ids-all.csv" \
    -- "$@" >"$t/all.csv" 2>"$t/all.err" || ko "one run: status $?"
i=0 seen=
: >"$t/parts.csv" ; : >"$t/rej-parts.csv"; : >"$t/ids-parts.csv"; : >"$t/parts.err"
for e in "$@"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	"$BIN/cjm-ingest" -j "$J" --segment Persona -r "$t/rej-$i.csv" \
	    --ids "$t/ids-$i.csv" $seen -- "$e" >"$t/part-$i.csv" 2>>"$t/parts.err" ||
	    ko "$e alone: status $?"
	if [ $i = 1 ]; then
		cp "$t/part-1.csv" "$t/parts.csv"; cp "$t/rej-1.csv" "$t/rej-parts.csv"
		cp "$t/ids-1.csv" "$t/ids-parts.csv"
	else	# (each file's header is its first line)
		tail -n +2 "$t/part-$i.csv" >>"$t/parts.csv"
		tail -n +2 "$t/rej-$i.csv" >>"$t/rej-parts.csv"
		tail -n +2 "$t/ids-$i.csv" >>"$t/ids-parts.csv"
	fi
	seen="$seen --seen $t/ids-$i.csv"
done
cmp -s "$t/all.csv" "$t/parts.csv" || ko "the rows of the runs one at a time differ from one run's"
cmp -s "$t/rej-all.csv" "$t/rej-parts.csv" || ko "the rejects differ"
cmp -s "$t/ids-all.csv" "$t/ids-parts.csv" || ko "the ids differ"
grep -v ': total: \|exports left out' "$t/all.err" >"$t/all.notes"
cmp -s "$t/all.notes" "$t/parts.err" || { ko "the notes differ"; diff "$t/all.notes" "$t/parts.err"; }
grep -q ' 415 duplicates' "$t/all.err" || ko "the demo's re-export has no duplicates (test out of step)"
[ "$(wc -l <"$t/ids-all.csv")" = 4982 ] || ko "ids: $(wc -l <"$t/ids-all.csv") lines, want 4982 (4981 responses)"
# a --seen table without a respondent column, or that cannot be read
"$BIN/cjm-ingest" -j "$J" --seen "$J" -- "$1" >/dev/null 2>"$t/err" && ko "--seen journey: status 0"
grep -q "missing column 'respondent' (--seen)" "$t/err" || ko "--seen journey: $(cat "$t/err")"

# ---- cjm-merge reshapes the finest partial table into cjm-kpi's tables ----------
cd "$t" || exit 1
"$BIN/cjm-kpi" -q --partial --by touchpoint,segment --period day all.csv >day.kpi
same() {	# same WHAT 'cjm-kpi options' 'cjm-merge options'
	# shellcheck disable=SC2086
	"$BIN/cjm-kpi" -q -j "$J" $2 all.csv >direct.kpi
	# shellcheck disable=SC2086
	"$BIN/cjm-merge" -j "$J" $3 day.kpi >merged.kpi
	cmp -s direct.kpi merged.kpi || { ko "$1: cjm-merge differs from cjm-kpi"; diff direct.kpi merged.kpi | head -5; }
}
same "weeks" "--period week --since 2026-08-03 --until 2026-11-24" \
    "--by touchpoint --period week --since 2026-08-03 --until 2026-11-24"
same "a month with journey rows" "--period month --journey --since 2026-11-01 --until 2026-11-24" \
    "--by touchpoint --period month --journey --since 2026-11-01 --until 2026-11-24"
same "segments" "--period month --by touchpoint,segment --since 2026-10-01 --until 2026-10-31" \
    "--by touchpoint,segment --period month --since 2026-10-01 --until 2026-10-31"
same "quarters by stage" "--period quarter --by stage" "--by stage --period quarter"
same "days" "--period day --by touchpoint,segment" "--by touchpoint,segment,period"
"$BIN/cjm-merge" --period month "$top/testdata/kpi/trend.kpi" >/dev/null 2>err &&
    ko "--period on week rows: status 0"
grep -q "trend.kpi:2: period '2026-W45' is not a day" err || ko "--period on week rows: $(cat err)"

# ---- the report from the verbatims and the respondent counts --------------------
"$BIN/cjm-kpi" -q --partial --by touchpoint,segment --period day \
    --comments comments.csv --respondents respondents.csv all.csv >/dev/null
"$BIN/cjm-kpi" -q -j "$J" --journey --period month --since 2026-11-01 --until 2026-11-24 \
    all.csv >kpi.csv
"$BIN/cjm-kpi" -q --since 2026-10-01 --until 2026-11-24 --comments verbatims.csv \
    comments.csv >/dev/null
[ "$(grep -c '' verbatims.csv)" -lt "$(grep -c '' all.csv)" ] || ko "verbatims.csv holds every answer"
for f in text md html; do
	"$BIN/cjm-map" -f $f --no-charts -r all.csv kpi.csv >full.$f
	"$BIN/cjm-map" -f $f --no-charts -r verbatims.csv --respondents respondents.csv \
	    kpi.csv >parts.$f
	grep -v 'holds\|hold [0-9]' full.$f >a; grep -v 'holds\|hold [0-9]' parts.$f >b
	cmp -s a b || { ko "cjm-map -f $f: the report from the parts differs"; diff a b | head -6; }
done
grep -q 'The respondent tables hold 23,214 answers of 4,968 respondents' parts.text ||
    ko "what the respondent tables hold: $(grep -A1 'respondent tables' parts.text)"

[ $fail -eq 0 ] && echo "history-parts: ok"
exit $fail
