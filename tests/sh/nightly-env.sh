#!/bin/sh
# pipelines/nightly and its environment (issue 9, items 4 and 5):
#   - names from INCOMING reach cjm-ingest as file names, never as
#     options: exports named --help, -2026-11.csv and - are received;
#   - every failure of the environment is one log line naming the path,
#     and status 1 (2 is for usage only): --bin /nonexistent, a read-only
#     state or reports directory, an unlistable incoming directory;
#   - one unreadable export (new, or already archived) is reported and
#     left out; the rest is published, and the run ends with status 1;
#   - two pipelines sharing one reports directory: the second refuses,
#     naming the first one's state, and changes nothing;
#   - the ISO week of an --as-of date before 1970.
# Permission cases run with the file-permission capabilities dropped
# (setpriv) when the test runs as root.
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for t in cjm-ingest cjm-kpi cjm-compare cjm-map; do
	[ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built yet"; exit 77; }
done
t=$(mktemp -d) || exit 1
trap 'chmod -R u+rwx "$t" 2>/dev/null; rm -rf "$t"' EXIT
N=$top/pipelines/nightly
J=$top/testdata/demo/journey.csv
ex=$top/testdata/demo/exports
fail=0
ko() { echo "FAIL: $*"; fail=1; }

# As a user whom file permissions bind (root without CAP_DAC_*).
asuser() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --bounding-set=-dac_override,-dac_read_search "$@"
	else
		"$@"
	fi
}
perms=1
mkdir "$t/probe" && chmod 500 "$t/probe"
if asuser sh -c ": >'$t/probe/x'" 2>/dev/null; then
	perms=0
	echo "note: file permissions do not bind here (root without setpriv?): permission cases skipped"
fi
chmod 700 "$t/probe"

slice() {	# records FROM..TO of a demo export
	awk -v a="$2" -v b="$3" '{ if (!q) n++; if (n <= 3 || (n > a + 3 && n <= b + 3)) print
	    x = $0; if (gsub(/"/, "", x) % 2) q = !q }' "$ex/$1"
}
nightly() {	# nightly DIR NIGHT [options]: status in $s, stderr in $t/err
	d=$1 night=$2; shift 2
	s=0
	asuser sh "$N" -j "$J" -i "$d/in" -s "$d/state" -o "$d/rep" --period month \
	    --as-of "$night" --segment Persona --bin "$BIN" --no-charts "$@" \
	    >/dev/null 2>"$t/err" || s=$?
}
expect() {	# expect STATUS WHAT
	[ "$s" = "$1" ] || { ko "$2: status $s, want $1"; sed 's/^/    /' "$t/err"; }
}
oneline() {	# oneline WHAT PATTERN: stderr is that one log line
	[ "$(wc -l <"$t/err")" = 1 ] || ko "$1: $(wc -l <"$t/err") lines, want 1: $(cat "$t/err")"
	grep -q "^[0-9T:-]* nightly: $2" "$t/err" || ko "$1: message: $(cat "$t/err")"
}

# ---- names that look like options ------------------------------------------
d=$t/names
mkdir -p "$d/in"
slice "CJ Online Survey 2026-10.csv" 0 30 >"$d/in/--help"
slice "CJ Online Survey 2026-11.csv" 0 30 >"$d/in/-2026-11.csv"
slice "CJ Online Survey 2026-11.csv" 30 60 >"$d/in/-"
slice "CJ Online Survey 2026-11.csv" 60 90 >"$d/in/-j"
nightly "$d" 2026-11-24; expect 3 "names like options"
for n in --help -2026-11.csv - -j; do
	grep -q "received $n as exports/" "$t/err" || ko "$n was not received: $(cat "$t/err")"
done
grep -q 'ingested 4 files (4 new, 0 already seen)' "$t/err" || ko "names: ingest line: $(cat "$t/err")"
nightly "$d" 2026-11-24; expect 3 "names like options, the next night"
grep -q '(0 new, 4 already seen)' "$t/err" || ko "names: second night: $(cat "$t/err")"

# ---- the environment -----------------------------------------------------------
d=$t/env
mkdir -p "$d/in"
slice "CJ Online Survey 2026-10.csv" 0 40 >"$d/in/a.csv"
slice "CJ Online Survey 2026-11.csv" 0 40 >"$d/in/b.csv"
nightly "$d" 2026-11-24 --bin /nonexistent; expect 1 "--bin /nonexistent"
oneline "--bin /nonexistent" "/nonexistent: no such directory (--bin)$"
mkdir "$d/emptybin"
nightly "$d" 2026-11-24 --bin "$d/emptybin"; expect 1 "--bin without tools"
oneline "--bin without tools" "$d/emptybin/cjm-ingest: missing or not executable$"
nightly "$d" 2026-11-24 -j "$d/nonexistent.csv"; expect 1 "missing journey"
oneline "missing journey" "$d/nonexistent.csv: cannot read the journey file$"
s=0
sh "$N" -j "$J" -i "$d/nonexistent" -s "$d/state" -o "$d/rep" 2>"$t/err" || s=$?
expect 1 "missing incoming"; oneline "missing incoming" "$d/nonexistent: no such directory"
[ ! -e "$d/state" ] || ko "missing incoming: the state directory was created"
nightly "$d" 2026-11-24; expect 3 "first run"
before=$(ls -lR "$d/rep")
if [ $perms = 1 ]; then
	chmod 555 "$d/state"
	nightly "$d" 2026-11-25; expect 1 "read-only state"
	oneline "read-only state" "$d/state: cannot write$"
	chmod 755 "$d/state"
	chmod 555 "$d/state/exports"
	nightly "$d" 2026-11-25; expect 1 "read-only archive"
	oneline "read-only archive" "$d/state/exports: cannot write$"
	chmod 755 "$d/state/exports"
	chmod 555 "$d/rep/.nightly"
	nightly "$d" 2026-11-25; expect 1 "read-only reports"
	oneline "read-only reports" "$d/rep/.nightly: cannot write$"
	chmod 755 "$d/rep/.nightly"
	chmod 555 "$d/rep"
	nightly "$d" 2026-11-25 -o "$d/rep/sub"; expect 1 "reports cannot be created"
	oneline "reports cannot be created" "$d/rep/sub: cannot create$"
	chmod 755 "$d/rep"
	chmod 000 "$d/in"
	nightly "$d" 2026-11-25; expect 1 "unlistable incoming"
	oneline "unlistable incoming" "$d/in: cannot list (incoming exports)$"
	chmod 755 "$d/in"
	[ "$(ls -lR "$d/rep")" = "$before" ] || ko "environment failures changed the reports"

	# one unreadable new export: reported, left in INCOMING, the rest published
	slice "CJ Online Survey 2026-11.csv" 40 80 >"$d/in/c.csv"
	slice "CJ Online Survey 2026-11.csv" 80 120 >"$d/in/d.csv"
	chmod 000 "$d/in/c.csv"
	nightly "$d" 2026-11-25; expect 1 "an unreadable new export"
	grep -q "nightly: c.csv: not received: cannot read $d/in/c.csv; it stays in $d/in$" "$t/err" ||
	    ko "unreadable new export: message: $(cat "$t/err")"
	grep -q 'received d.csv as exports/' "$t/err" || ko "unreadable new export: d.csv not received"
	tail -n 1 "$t/err" | grep -q 'nightly: 1 export(s) left out: c.csv$' ||
	    ko "unreadable new export: last line: $(tail -n 1 "$t/err")"
	[ -f "$d/rep/2026-11-25/map.html" ] || ko "unreadable new export: no report"
	[ "$(readlink "$d/rep/latest")" = 2026-11-25 ] || ko "unreadable new export: latest"
	chmod 644 "$d/in/c.csv"
	nightly "$d" 2026-11-25; expect 3 "the export readable again"
	grep -q 'received c.csv as exports/' "$t/err" || ko "c.csv not received once readable"

	# an archived export that became unreadable: left out of the night
	e=$(ls "$d"/state/exports/000001-*)
	content=$(cksum <"$d/rep/2026-11-25/kpi-periods.csv")
	chmod 000 "$e"
	nightly "$d" 2026-11-25; expect 1 "an unreadable archived export"
	grep -q "nightly: exports/${e##*/}: left out of this night: cannot read $e$" "$t/err" ||
	    ko "unreadable archived export: message: $(cat "$t/err")"
	grep -q 'ingested 3 files' "$t/err" || ko "unreadable archived export: ingest line: $(cat "$t/err")"
	[ "$(cksum <"$d/rep/2026-11-25/kpi-periods.csv")" != "$content" ] ||
	    ko "unreadable archived export: the report still holds its answers"
	chmod 644 "$e"
	nightly "$d" 2026-11-25; expect 3 "the archived export readable again"
	[ "$(cksum <"$d/rep/2026-11-25/kpi-periods.csv")" = "$content" ] || ko "the archived export is not back"
fi

# ---- two pipelines, one reports directory -----------------------------------------
before=$(ls -lR "$d/rep")
s=0
sh "$N" -j "$J" -i "$d/in" -s "$t/other-state" -o "$d/rep" --as-of 2026-11-24 \
    --bin "$BIN" --no-charts 2>"$t/err" || s=$?
expect 1 "a second pipeline"
grep -q "nightly: $d/rep: these are the reports of another pipeline (state $d/state, $d/rep/.nightly/owner); give each pipeline its own reports directory$" "$t/err" ||
    ko "a second pipeline: message: $(cat "$t/err")"
[ "$(ls -lR "$d/rep")" = "$before" ] || ko "a second pipeline changed the reports"
nightly "$d" 2026-11-25; expect 3 "the first pipeline after the second's attempt"
# the reports lock: a second pipeline while the first runs is refused too
if command -v flock >/dev/null 2>&1; then
	(exec 8>>"$d/rep/.nightly/lock"; flock -n 8 && echo 4242 >"$d/rep/.nightly/lock" &&
	    exec sleep 30) &
	sl=$!
	i=0
	while [ "$(cat "$d/rep/.nightly/lock")" != 4242 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	nightly "$d" 2026-11-25; expect 4 "reports locked"
	grep -q "another run holds the lock $d/rep/.nightly/lock (pid 4242); nothing done" "$t/err" ||
	    ko "reports locked: message: $(cat "$t/err")"
	kill $sl; wait $sl 2>/dev/null
fi

# ---- ISO weeks before 1970 ---------------------------------------------------------
mkdir -p "$t/week/in"
for c in "1969-12-31 1970-W01 1969-12-29 1969-W52 1969-12-22 1969-12-28" \
    "1969-12-28 1969-W52 1969-12-22 1969-W51 1969-12-15 1969-12-21" \
    "1960-01-03 1959-W53 1959-12-28 1959-W52 1959-12-21 1959-12-27" \
    "1970-01-04 1970-W01 1969-12-29 1969-W52 1969-12-22 1969-12-28"; do
	set -- $c
	nightly "$t/week" "$1" --period week
	grep -q "night $1: week $2 ($3..$1) against $4 ($5..$6)$" "$t/err" ||
	    ko "--as-of $1: $(head -n 1 "$t/err")"
done

[ $fail -eq 0 ] && echo "nightly-env: ok"
exit $fail
