#!/bin/sh
# pipelines/nightly end to end, on part of the demo data:
#   night 0 (2026-09-15): September only, no previous month -> status 0;
#   night 1 (2026-10-31): September and October online exports -> status 0;
#   night 2 (2026-11-24): + November, an overlapping re-export and the
#     store survey -> status 3 (home delivery collapses in November);
#   idempotence: re-running night 2, the same export under another name,
#     and a new overlapping re-export of November give the same bytes;
#   the lock (flock, and the mkdir fallback with a live and a stale pid);
#   atomicity: nightly killed with -9 while cjm-map runs leaves the
#     previous report, latest and no half directory;
#   a broken journey file -> status 1 with the reason, reports untouched;
#   cron's environment (env -i, PATH=/usr/bin:/bin, tools via CJM_BIN);
#   usage errors -> 2; ISO weeks.
# Run from the top of the tree with BIN set (tests/run.sh does).
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for t in cjm-ingest cjm-kpi cjm-compare cjm-plot cjm-map; do
	if [ ! -x "$BIN/$t" ]; then
		echo "skip: $BIN/$t not built yet"
		exit 77
	fi
done
command -v gnuplot >/dev/null 2>&1 || { echo "skip: gnuplot is not installed (make deps)"; exit 77; }

t=$(mktemp -d) || exit 1
sleeper=
trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; rm -rf "$t"' EXIT
ex=$top/testdata/demo/exports
J=$top/testdata/demo/journey.csv
N=$top/pipelines/nightly
fail=0
ko() { echo "FAIL: $*"; fail=1; }

nightly() {	# nightly AS-OF [more options]: status in $s, stderr in $t/err
	asof=$1; shift
	s=0
	sh "$N" -j "$J" -i "$t/in" -s "$t/state" -o "$t/rep" --period month \
	    --as-of "$asof" --segment Persona --bin "$BIN" "$@" \
	    >"$t/out" 2>"$t/err" || s=$?
}
expect() {	# expect STATUS WHAT
	if [ "$s" != "$1" ]; then
		ko "$2: status $s, want $1"
		sed 's/^/    /' "$t/err"
	fi
}
snap() {	# what readers see in the reports: links, and the files they reach
	(cd "$t/rep" && for e in * .[!.]*; do
		[ -e "$e" ] || [ -L "$e" ] || continue
		[ "$e" = .nightly ] && continue
		if [ "$e" = latest ]; then printf 'latest -> %s\n' "$(readlink latest)"; continue; fi
		find -L "$e" -print | LC_ALL=C sort | while IFS= read -r f; do
			if [ -f "$f" ]; then printf '%s %s\n' "$f" "$(cksum <"$f")"
			else printf '%s/\n' "$f"; fi
		done
	done)
}
unpublished() {	# report versions no link points at
	n=0
	for v in "$t"/rep/.nightly/20*; do
		[ -d "$v" ] || continue
		r=0
		for l in "$t"/rep/*; do
			[ -L "$l" ] && [ "$(readlink "$l")" = ".nightly/${v##*/}" ] && r=1
		done
		[ $r = 1 ] || n=$((n + 1))
	done
	echo $n
}
same() {	# same DIR1 DIR2 WHAT: the deterministic files are identical
	for f in kpi.csv kpi-periods.csv kpi-segment.csv kpi-trend.csv \
	    compare.csv rejects.csv verbatims.csv map.html map.md map.txt \
	    charts/journey.svg charts/net.svg charts/dist.svg charts/trend-nps.svg charts/trend-csat.svg \
	    charts/trend-ces.svg; do
		cmp -s "$1/$f" "$2/$f" || ko "$3: $f differs"
	done
}

# ---- usage -------------------------------------------------------------
mkdir -p "$t/in"
s=0; sh "$N" >/dev/null 2>"$t/err" || s=$?
expect 2 "no options"
grep -q '^usage: nightly' "$t/err" || ko "no options: no usage line"
nightly 2026-02-30; expect 2 "--as-of 2026-02-30"
grep -q "bad --as-of '2026-02-30'" "$t/err" || ko "bad --as-of: message"
nightly 2026-11-24 --period year; expect 2 "--period year"
nightly 2026-11-24 --no-such; expect 2 "unknown option"
[ ! -e "$t/rep" ] || ko "usage errors created the reports directory"

# ---- night 0: the first month, nothing to compare with --------------------
cp "$ex/CJ Online Survey 2026-09.csv" "$t/in/"
nightly 2026-09-15; expect 0 "night 0"
grep -q 'no answers in month 2026-08: no comparison' "$t/err" || ko "night 0: message"
[ -s "$t/rep/2026-09-15/map.html" ] || ko "night 0: no map.html"
[ ! -e "$t/rep/2026-09-15/compare.csv" ] || ko "night 0: a compare.csv without a previous period"

# ---- night 1 -------------------------------------------------------------
cp "$ex/CJ Online Survey 2026-10.csv" "$t/in/"
nightly 2026-10-31; expect 0 "night 1"
r1=$t/rep/2026-10-31
for f in map.html map.md map.txt kpi.csv compare.csv rejects.csv \
    verbatims.csv charts/journey.png charts/journey.svg; do
	[ -s "$r1/$f" ] || ko "night 1: no $f"
done
[ "$(readlink "$t/rep/latest")" = 2026-10-31 ] || ko "night 1: latest"
grep -q 'month 2026-10 (2026-10-01..2026-10-31) against 2026-09' "$t/err" ||
    ko "night 1: no period line"
grep -q 'ingested 2 files (1 new, 1 already seen)' "$t/err" || ko "night 1: ingest line"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2} nightly: ' "$t/err" ||
    ko "night 1: log lines are not timestamped"
[ "$(wc -l <"$r1/rejects.csv")" -gt 1 ] ||
    ko "night 1: rejects.csv is empty (the data has Don't-know answers)"

# ---- night 2: more data, an overlapping re-export, the store survey -----
cp "$ex/CJ Online Survey 2026-11.csv" "$ex/CJ Online Survey 2026-10-19 to 2026-11-08.csv" \
    "$ex/Store Survey.csv" "$t/in/"
nightly 2026-11-24; expect 3 "night 2 (planted drop)"
r2=$t/rep/2026-11-24
grep -q 'significant drop: Delivery / Home delivery CSAT top-2-box .*% -> .*%' "$t/err" || ko "night 2: the log does not say where the drop is"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["touchpoint"] == "Home delivery" && $c["flag"] == "drop" { f = 1 }
    END { exit !f }' "$r2/compare.csv" || ko "night 2: compare.csv has no drop for Home delivery"
grep -q 'Home delivery' "$r2/map.html" || ko "night 2: map.html does not mention Home delivery"
[ "$(cat "$r2/status")" = 3 ] || ko "night 2: status file"
[ "$(readlink "$t/rep/latest")" = 2026-11-24 ] || ko "night 2: latest"
[ -d "$r1" ] || ko "night 2 removed night 1's report"
# the re-export overlaps: its ResponseIds count once
grep -q 'ingested 5 files (3 new, 2 already seen)' "$t/err" || ko "night 2: ingest line"
cp -RL "$r2" "$t/night2"

# ---- idempotence -----------------------------------------------------------
nightly 2026-11-24; expect 3 "night 2 again"
same "$t/night2" "$r2" "night 2 re-run"
grep -q '(0 new, 5 already seen)' "$t/err" || ko "night 2 again: files counted as new"
# the same bytes under another name: already seen
cp "$ex/CJ Online Survey 2026-11.csv" "$t/in/CJ Online Survey 2026-11 (1).csv"
# a different re-export that overlaps November: its respondents count once
# (records 101-300: whole records, comments may span lines)
awk '{ if (!q) n++; if (n <= 3 || (n > 100 && n <= 300)) print
    x = $0; if (gsub(/"/, "", x) % 2) q = !q }' "$ex/CJ Online Survey 2026-11.csv" \
    >"$t/in/CJ Online Survey 2026-11-05 to 2026-11-12.csv"
nightly 2026-11-24; expect 3 "night 2 with re-exports"
grep -q 'ingested 6 files (1 new, 5 already seen)' "$t/err" || ko "re-exports: counts: $(grep ingested "$t/err")"
same "$t/night2" "$r2" "overlapping re-export"
n=0
for f in "$t"/state/exports/[0-9]*; do [ -f "$f" ] && n=$((n + 1)); done
[ $n = 6 ] || ko "state holds $n exports, want 6"

# ---- an empty current period: an empty report, status 1, latest stays --------
nightly 2026-12-15; expect 1 "empty period"
grep -q 'no answers in month 2026-12 up to 2026-12-15: are the exports arriving?' "$t/err" ||
    ko "empty period: message"
grep -q 'nothing to map' "$t/rep/2026-12-15/map.txt" || ko "empty period: the report does not say so"
[ "$(readlink "$t/rep/latest")" = 2026-11-24 ] || ko "empty period: latest moved"
rm -rf "$t/rep/2026-12-15"

# ---- the lock --------------------------------------------------------------
before=$(snap)
if command -v flock >/dev/null 2>&1; then
	# one process holds the lock: killing it releases the lock
	(exec 9>>"$t/state/lock"; flock -n 9 && echo 4242 >"$t/state/lock" &&
	    exec sleep 30) &
	sleeper=$!
	i=0
	while [ "$(cat "$t/state/lock" 2>/dev/null)" != 4242 ] && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	nightly 2026-11-25; expect 4 "flock held"
	grep -q 'another run holds the lock .*(pid 4242); nothing done' "$t/err" ||
	    ko "flock held: message: $(cat "$t/err")"
	kill "$sleeper" 2>/dev/null; wait "$sleeper" 2>/dev/null; sleeper=
	[ "$(snap)" = "$before" ] || ko "flock held: the reports changed"
fi
mkdir "$t/state/lock.d" && echo $$ >"$t/state/lock.d/pid"
export CJM_NIGHTLY_LOCK=mkdir
nightly 2026-11-25; expect 4 "mkdir lock held"
grep -q "another run holds the lock .*lock.d (pid $$)" "$t/err" || ko "mkdir lock: message"
[ "$(snap)" = "$before" ] || ko "mkdir lock held: the reports changed"
sh -c 'exit 0' & dead=$!; wait $dead
echo $dead >"$t/state/lock.d/pid"
nightly 2026-11-24; expect 3 "stale mkdir lock"
unset CJM_NIGHTLY_LOCK
grep -q "removing the stale lock of pid $dead" "$t/err" || ko "stale lock: message"
[ ! -e "$t/state/lock.d" ] || ko "mkdir lock left behind"

# ---- atomicity: kill -9 while cjm-map runs ---------------------------------
mkdir "$t/slow"
for x in "$BIN"/cjm-*; do ln -s "$x" "$t/slow/"; done
rm "$t/slow/cjm-map"
cat >"$t/slow/cjm-map" <<EOF
#!/bin/sh
echo \$\$ >"$t/map.pid"
exec sleep 30
EOF
chmod +x "$t/slow/cjm-map"
before=$(snap)
for night in 2026-11-24 2026-11-25; do
	[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
	rm -f "$t/map.pid"
	sh "$N" -j "$J" -i "$t/in" -s "$t/state" -o "$t/rep" --period month \
	    --as-of $night --segment Persona --bin "$t/slow" >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ ! -s "$t/map.pid" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$t/map.pid" ] || ko "kill $night: cjm-map never ran"
	[ "$(unpublished)" -gt 0 ] || ko "kill $night: no report being built while running"
	# a second run meanwhile: refused, naming the running one
	nightly $night; expect 4 "second run while $night runs"
	grep -q "another run holds the lock .*(pid $pid); nothing done" "$t/err" ||
	    ko "second run: message: $(cat "$t/err")"
	kill -9 $pid; wait $pid 2>/dev/null
	sleeper=$(cat "$t/map.pid")	# the orphan keeps sleeping
	[ "$(snap)" = "$before" ] ||
	    ko "kill $night: the published reports changed"
	[ ! -e "$t/rep/2026-11-25" ] || ko "kill $night: a 2026-11-25 directory appeared"
done
# the next run is not blocked by the orphan, cleans up and publishes
nightly 2026-11-24; expect 3 "after the kills"
[ "$(unpublished)" = 0 ] || ko "leftovers not cleaned"
grep -q 'removing .nightly/2026-11-2[45]\.[^ ]* (not published' "$t/err" || ko "after the kills: no cleanup message"
same "$t/night2" "$r2" "after the kills"
kill "$sleeper" 2>/dev/null; sleeper=

# ---- SIGTERM: status 1, the temporary directory removed ----------------------
rm -f "$t/map.pid"
sh "$N" -j "$J" -i "$t/in" -s "$t/state" -o "$t/rep" --period month \
    --as-of 2026-11-24 --segment Persona --bin "$t/slow" >/dev/null 2>"$t/err" &
pid=$!
i=0
while [ ! -s "$t/map.pid" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
before=$(snap)
kill -TERM $pid
kill "$(cat "$t/map.pid")"	# sh runs its trap once the tool has ended
s=0; wait $pid || s=$?
expect 1 "SIGTERM"
grep -q 'nightly: killed by a signal' "$t/err" || ko "SIGTERM: message"
[ "$(unpublished)" = 0 ] || ko "SIGTERM: temporary directory left"
[ "$(snap)" = "$before" ] || ko "SIGTERM: the reports changed"

# ---- a broken journey file ------------------------------------------------
before=$(snap)
# (A column no export has is no longer broken: the journey is the union
# of the surveys, and cjm-ingest only warns.  An unknown metric is.)
awk -F, -v OFS=, '$2 == "Home delivery" { $4 = "No such metric" } 1' \
    "$J" >"$t/broken.csv"
s=0
sh "$N" -j "$t/broken.csv" -i "$t/in" -s "$t/state" -o "$t/rep" --period month \
    --as-of 2026-11-24 --bin "$BIN" 2>"$t/err" || s=$?
expect 1 "broken journey"
grep -q 'No such metric' "$t/err" || ko "broken journey: the reason is not given: $(cat "$t/err")"
# (found before anything is touched: one line, cjm-ingest's own)
[ "$(wc -l <"$t/err")" = 1 ] || ko "broken journey: not one line: $(cat "$t/err")"
grep -q "nightly: cjm-ingest: .*broken.csv:[0-9]*: .*No such metric" "$t/err" ||
    ko "broken journey: the file and line are not given: $(cat "$t/err")"
[ "$(snap)" = "$before" ] || ko "broken journey: the reports changed"
s=0
sh "$N" -j "$t/nonexistent.csv" -i "$t/in" -s "$t/state" -o "$t/rep" 2>"$t/err" || s=$?
expect 1 "missing journey"
grep -q 'cannot read the journey file' "$t/err" || ko "missing journey: message"

# ---- a new export cjm-ingest cannot read: not archived, status 1 ----------
printf 'Name,Colour\nAda,blue\n' >"$t/in/wrong survey.csv"
rm -rf "$r2"
nightly 2026-11-24; expect 1 "unreadable export"
grep -q 'wrong survey.csv: not received: cjm-ingest cannot read it' "$t/err" || ko "unreadable export: message"
tail -n 1 "$t/err" | grep -q 'nightly: 1 export(s) left out: wrong survey.csv$' || ko "unreadable export: last line"
same "$t/night2" "$r2" "unreadable export (the report is still made)"
grep -q 'wrong survey' "$t/state/exports/INDEX" && ko "unreadable export was archived"
rm "$t/in/wrong survey.csv"

# ---- options reach cjm-ingest; directories must differ ----------------------
before=$(snap)
nightly 2026-11-24 --weight NoSuchWeight; expect 1 "--weight NoSuchWeight"
grep -q "weight 'NoSuchWeight' not found" "$t/err" || ko "--weight: not passed to cjm-ingest"
s=0
sh "$N" -j "$J" -i "$t/in" -s "$t/in" -o "$t/rep" --bin "$BIN" 2>"$t/err" || s=$?
expect 1 "incoming = state"
grep -q 'must be three different directories' "$t/err" || ko "incoming = state: message"
[ ! -e "$t/in/exports" ] || ko "incoming = state: wrote into incoming"
[ "$(snap)" = "$before" ] || ko "option errors: the reports changed"

# ---- cron's environment ---------------------------------------------------
s=0
(cd / && env -i PATH=/usr/bin:/bin CJM_BIN="$BIN" sh "$N" -j "$J" -i "$t/in" \
    -s "$t/state" -o "$t/rep" --period month --as-of 2026-11-24 \
    --segment Persona) >"$t/out" 2>"$t/err" || s=$?
expect 3 "env -i"
same "$t/night2" "$r2" "env -i"
# a source tree: the tools found in ../bin from the script, no CJM_BIN
mkdir -p "$t/tree/pipelines" && cp "$N" "$t/tree/pipelines/" && ln -s "$BIN" "$t/tree/bin"
s=0
(cd / && env -i PATH=/usr/bin:/bin sh "$t/tree/pipelines/nightly" -j "$J" \
    -i "$t/in" -s "$t/state" -o "$t/rep" --period month --as-of 2026-11-24 \
    --segment Persona) >"$t/out" 2>"$t/err" || s=$?
expect 3 "env -i, ../bin"
same "$t/night2" "$r2" "env -i, ../bin"
# --as-of yesterday
y=$(date -d yesterday '+%Y-%m-%d' 2>/dev/null) && {
	nightly yesterday --period day
	grep -q "night $y: day $y ($y..$y)" "$t/err" || ko "--as-of yesterday: $(head -n 1 "$t/err")"
}

# ---- weeks ------------------------------------------------------------------
nightly 2026-11-08 --period week; expect 3 "week"
grep -q 'week 2026-W45 (2026-11-02..2026-11-08) against 2026-W44 (2026-10-26..2026-11-01)' \
    "$t/err" || ko "week: period line"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { p[$c["period_prev"] " " $c["period_cur"]] }
    END { for (k in p) n++; exit !(n == 1 && ("2026-W44 2026-W45" in p)) }' \
    "$t/rep/2026-11-08/compare.csv" || ko "week: compare.csv does not compare 2026-W44 with 2026-W45"
nightly 2027-01-01 --period week
grep -q 'week 2026-W53 (2026-12-28..2027-01-01) against 2026-W52' "$t/err" ||
    ko "week 53: period line"

[ $fail -eq 0 ] && echo "nightly-pipeline: ok"
exit $fail
