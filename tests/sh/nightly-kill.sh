#!/bin/sh
# pipelines/nightly is crash-safe at every instant: runs killed at every
# checkpoint of the script (pipelines/nightly's ck, via the test hook
# CJM_NIGHTLY_KILL_AT) and after a range of delays (inside the tools too),
# by SIGTERM, SIGINT and SIGKILL, sent to the process or to its whole
# process group, one after the other on the same state and reports, with
# no clean run in between.  After every kill:
#   - every night published before it is still a readable report with the
#     same bytes, except the night being run, which may instead be the
#     complete new report (the bytes of an uninterrupted run);
#   - latest resolves, to the night it showed or to the night being run;
#   - nothing else appears in REPORTS but hidden entries;
#   - every STATE/cache entry a later night would trust is whole (the
#     bytes an uninterrupted run stores under the same KEY).
# Then clean runs give the reference bytes and leave no temporaries.
# The runs: a re-run of the published latest night while a new export
# arrives (the export is archived, the night's report replaced), a first
# night (latest moves), re-runs with STATE/cache deleted (every export
# read again into new cache entries) and with every entry a week old
# (tidy removes them), and a night published by nightly 0.1 (a plain
# directory, moved into .nightly/ on its first re-run).
# Every run has analytics events too (-e: the demo's, a few days of
# October and November, another part of November arriving with the new
# export): their archive (STATE/events) and the report's funnel files are
# held to the same invariant, and the kills fall in receive_events and
# step_funnel as elsewhere.
# Small data (80 records, 1800 events), no charts: seconds.  Under the
# sanitizers (BIN=...bin-san) every fourth checkpoint only.
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
for t in cjm-ingest cjm-kpi cjm-compare cjm-map cjm-funnel; do
	[ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built yet"; exit 77; }
done
env --default-signal=INT true 2>/dev/null ||
    { echo "skip: env --default-signal (coreutils 8.31) is needed to send SIGINT to a background job"; exit 77; }
command -v setsid >/dev/null 2>&1 || { echo "skip: setsid (util-linux) is missing"; exit 77; }
step=1
case $BIN in *san*) step=4 ;; esac

t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
N=$top/pipelines/nightly
J=$top/testdata/demo/journey.csv
ex=$top/testdata/demo/exports
fail=0 kills=0
ko() { echo "FAIL: $*"; fail=1; }

# records FROM..TO of a demo export (3 header rows; comments span lines)
slice() {
	awk -v a="$2" -v b="$3" '{ if (!q) n++; if (n <= 3 || (n > a + 3 && n <= b + 3)) print
	    x = $0; if (gsub(/"/, "", x) % 2) q = !q }' "$ex/$1"
}
mkdir "$t/in"
slice "CJ Online Survey 2026-10.csv" 0 40 >"$t/in/a.csv"
slice "CJ Online Survey 2026-11.csv" 0 40 >"$t/in/b.csv"
slice "CJ Online Survey 2026-11.csv" 40 80 >"$t/c.csv"
# events: the first 600 rows of October and of November, and the next
# 600 of November (arriving later, with c.csv)
sh "$top/testdata/demo/gen-events" "$t/gen" || exit 1
mkdir "$t/in/ev"	# (moved beside in/ below)
head -n 601 "$t/gen/events-2026-10.csv" >"$t/in/ev/events-a.csv"
head -n 601 "$t/gen/events-2026-11.csv" >"$t/in/ev/events-b.csv"
{ head -n 1 "$t/gen/events-2026-11.csv"; sed -n 602,1201p "$t/gen/events-2026-11.csv"; } >"$t/events-c.csv"
rm -rf "$t/gen"

# nightly DIR NIGHT [env...]: runs in its own process group, with SIGINT
# not ignored (a background job of a script ignores it); status in $s
nightly() {
	d=$1 night=$2; shift 2
	# A run killed alone (not its group) leaves its tools to finish what
	# they were reading; they hold its flock (an inherited descriptor), so
	# a run started at once says "another run holds the lock" (status 4),
	# as it should.  A night is a day later: wait for them, as it would.
	for l in "$d/state/lock" "$d/rep/.nightly/lock"; do
		[ -f "$l" ] && flock -w 120 "$l" true 2>/dev/null
	done
	# (in a subshell, which prints "Killed" to /dev/null, not the test)
	s=$( (env "$@" setsid -w env --default-signal=INT,TERM sh "$N" \
	    -j "$J" -i "$d/in" -e "$d/ev" -s "$d/state" -o "$d/rep" \
	    --period month --as-of "$night" --segment Persona --bin "$BIN" \
	    --no-charts >/dev/null 2>"$d/err"; echo $?) 2>/dev/null)
}
# the files of one report, with checksums (nightly.log differs run to run)
content() {
	[ -d "$1" ] || { echo "(none)"; return; }
	(cd "$1" && find . -type f ! -name nightly.log -print | LC_ALL=C sort |
	    xargs cksum)	# (the names are the report's own: no blanks)
}
nights() {	# the published nights of a reports directory
	for e in "$1"/*; do
		[ -L "$e" ] || [ -d "$e" ] || continue
		case ${e##*/} in latest) continue ;; esac
		echo "${e##*/}"
	done
}
# remember DIR: what readers see now, in $t/seen/
remember() {
	rm -rf "$t/seen"; mkdir "$t/seen"
	for n in $(nights "$1/rep"); do content "$1/rep/$n" >"$t/seen/$n"; done
	readlink "$1/rep/latest" >"$t/seen/latest" 2>/dev/null || : >"$t/seen/latest"
}
# check DIR NIGHT WHAT: the invariant after a run of NIGHT (killed or not)
check() {
	d=$1 night=$2 what=$3
	for f in "$t"/seen/*; do
		n=${f##*/}
		[ "$n" = latest ] && continue
		if [ ! -d "$d/rep/$n" ]; then
			ko "$what: published night $n is gone"
			continue
		fi
		[ -f "$d/rep/$n/status" ] && [ -f "$d/rep/$n/map.html" ] ||
		    ko "$what: published night $n is incomplete"
		c=$(content "$d/rep/$n")
		[ "$c" = "$(cat "$f")" ] && continue
		[ "$n" = "$night" ] && [ "$c" = "$(cat "$t/ref-$night")" ] && continue
		ko "$what: published night $n changed"
	done
	if [ -e "$d/rep/$night" ] && [ ! -f "$t/seen/$night" ]; then
		[ "$(content "$d/rep/$night")" = "$(cat "$t/ref-$night")" ] ||
		    ko "$what: a new night $night that is not the complete report"
	fi
	l=$(readlink "$d/rep/latest" 2>/dev/null)
	if [ -n "$(cat "$t/seen/latest")" ]; then
		[ -d "$d/rep/latest" ] || ko "$what: latest does not resolve"
		[ "$l" = "$(cat "$t/seen/latest")" ] || [ "$l" = "$night" ] ||
		    ko "$what: latest moved to $l"
	fi
	for e in "$d"/rep/*; do
		case ${e##*/} in latest|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
		*) ko "$what: ${e##*/} appeared in the reports" ;; esac
	done
	cachecheck "$d" "$what"
}
# cachecheck DIR WHAT: every cache entry a later night would trust (it
# has ok) is whole: the files of the entry of the same KEY made by the
# uninterrupted reference runs, byte for byte (KEY chains what shapes an
# entry, so the same KEY must hold the same tables)
cachecheck() {
	for e in "$1"/state/cache/*; do
		[ -f "$e/ok" ] || continue
		ckey=${e##*/}
		if [ ! -f "$t/ref/state/cache/$ckey/ok" ]; then
			ko "$2: cache entry $ckey that no uninterrupted run made"
			continue
		fi
		for cf in kpi.csv drivers.csv comments.csv respondents.csv ids.csv \
		    rejects.csv notes; do
			cmp -s "$e/$cf" "$t/ref/state/cache/$ckey/$cf" ||
			    ko "$2: cache entry $ckey trusted with a wrong or missing $cf"
		done
	done
}
# killrun NIGHT N SIGNAL TARGET: a run killed at its N-th checkpoint
killrun() {
	remember "$t/live"
	nightly "$t/live" "$1" CJM_NIGHTLY_KILL_AT="$2 $3 $4"
	if [ $s = 4 ]; then	# an orphan of the last kill still holds the lock
		sleep 0.2
		nightly "$t/live" "$1" CJM_NIGHTLY_KILL_AT="$2 $3 $4"
	fi
	case $s in
	0|3)	;;	# the run ended before its N-th checkpoint
	137)	kills=$((kills + 1)) ;;
	1)	grep -q 'killed by a signal' "$t/live/err" ||
		    { ko "$1 at $2 ($3 $4): status 1: $(tail -n 1 "$t/live/err")"; return; }
		kills=$((kills + 1)) ;;
	*)	ko "$1 at $2 ($3 $4): status $s: $(tail -n 2 "$t/live/err")" ;;
	esac
	check "$t/live" "$1" "$1 killed at checkpoint $2 ($3 to the $4)"
}
# checkpoints DIR NIGHT: lists a run's checkpoints (that run is not killed)
checkpoints() {
	rm -f "$t/cks"
	nightly "$1" "$2" CJM_NIGHTLY_KILL_AT="0 TERM" CJM_NIGHTLY_CHECKPOINTS="$t/cks"
	case $s in 0|3) ;; *) ko "listing run of $2: status $s: $(tail -n 2 "$1/err")" ;; esac
	cat "$t/cks"
}

# ---- the published start: two nights -------------------------------------
mkdir "$t/live"
mv "$t/in/ev" "$t/live/ev"
mv "$t/in" "$t/live/in"
nightly "$t/live" 2026-10-31; [ $s = 0 ] || ko "night 2026-10-31: status $s: $(cat "$t/live/err")"
nightly "$t/live" 2026-11-24; [ $s = 3 ] || ko "night 2026-11-24: status $s: $(cat "$t/live/err")"
cp "$t/c.csv" "$t/live/in/c.csv"	# a new export: the re-run replaces the night
cp "$t/events-c.csv" "$t/live/ev/"	# and new events
cp -R "$t/live" "$t/pristine"

# ---- references: what uninterrupted runs publish ----------------------------
cp -R "$t/pristine" "$t/ref"
checkpoints "$t/ref" 2026-11-24 >"$t/cks-new"	# c.csv arrives
content "$t/ref/rep/2026-11-24" >"$t/ref-2026-11-24"
[ "$(cat "$t/ref-2026-11-24")" != "$(content "$t/pristine/rep/2026-11-24")" ] ||
    ko "the re-run with the new export publishes the same bytes (the test would prove nothing)"
# the funnel is in the report, and the new events changed it
grep -q '^1,Awareness,Website,online,view_item,,2026-11,' "$t/ref/rep/2026-11-24/funnel.csv" ||
    ko "no funnel of November in the reference report: $(cat "$t/ref/err")"
cmp -s "$t/ref/rep/2026-11-24/funnel.csv" "$t/pristine/rep/2026-11-24/funnel.csv" &&
    ko "the new events do not change the funnel (the test would prove less)"
checkpoints "$t/ref" 2026-11-24 >"$t/cks-rerun"
checkpoints "$t/ref" 2026-11-25 >"$t/cks-first"
content "$t/ref/rep/2026-11-25" >"$t/ref-2026-11-25"
nr=$(wc -l <"$t/cks-rerun")
[ "$nr" -ge 20 ] || ko "only $nr checkpoints in a re-run"
grep -q ' publish: linked$' "$t/cks-rerun" || ko "no checkpoint after the link moves"

kind() {	# the k-th of six ways to kill
	case $(($1 % 6)) in
	0) echo "TERM process" ;; 1) echo "KILL group" ;; 2) echo "INT process" ;;
	3) echo "TERM group" ;; 4) echo "KILL process" ;; 5) echo "INT group" ;;
	esac
}

# ---- 1. a re-run while a new export arrives: until the export is stored ----
# (the survey export, then the events: the last one stored is the events')
last=$(grep -n ' archive [^:]*: stored$' "$t/cks-new" | tail -n 1 | cut -d: -f1)
grep -q ' check events events-c.csv$' "$t/cks-new" || ko "no checkpoint where the new events are checked"
[ -n "$last" ] || ko "no archive checkpoint in the run that receives c.csv"
k=1
while [ $k -le "${last:-0}" ]; do
	# shellcheck disable=SC2046
	killrun 2026-11-24 $k $(kind $k)
	k=$((k + step))
done
[ -n "$(ls "$t"/live/state/exports/000003-* 2>/dev/null)" ] &&
    [ -n "$(ls "$t"/live/state/events/000003-* 2>/dev/null)" ] || {
	killrun 2026-11-24 "$last" KILL group	# (sanitizer pass: skipped it)
}
# ---- 2. re-runs of the published night: every checkpoint ---------------------
k=1
while [ $k -le "$nr" ]; do
	# shellcheck disable=SC2046
	killrun 2026-11-24 $k $(kind $((k + 3)))
	k=$((k + step))
done
# the publishing instants again, by the kills to the group
for k in $(grep -n ' publish' "$t/cks-rerun" | cut -d: -f1); do
	w="TERM group"; [ $((k % 2)) = 1 ] && w="KILL group"
	# shellcheck disable=SC2086
	killrun 2026-11-24 "$k" $w
done
# ---- 3. a first night (latest moves) -------------------------------------------
for k in $(grep -n ' publish' "$t/cks-first" | cut -d: -f1); do
	[ -e "$t/live/rep/2026-11-25" ] && rm "$t/live/rep/2026-11-25"	# unpublish
	ln -sfn 2026-11-24 "$t/live/rep/latest"
	# shellcheck disable=SC2046
	killrun 2026-11-25 "$k" $(kind "$k")
done
# delaykill MS I WHAT: a re-run of 2026-11-24 killed after MS ms (TERM
# or KILL by I, to the group), then check
delaykill() {
	sig=TERM; [ $(($2 % 2)) = 1 ] && sig=KILL
	remember "$t/live"
	(	# (a subshell: its "Killed" goes to /dev/null)
		setsid -w env --default-signal=INT,TERM sh "$N" -j "$J" \
		    -i "$t/live/in" -e "$t/live/ev" -s "$t/live/state" -o "$t/live/rep" \
		    --period month --as-of 2026-11-24 --segment Persona \
		    --bin "$BIN" --no-charts >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
		kill -s $sig -- -$pid 2>/dev/null
		wait $pid
	) 2>/dev/null
	kills=$((kills + 1))
	check "$t/live" 2026-11-24 "$3killed after $1 ms ($sig to the group)"
}
# ---- 4. kills after delays (inside tools too), to the process group ------------
t0=$(date +%s%N)
nightly "$t/live" 2026-11-24
dt=$((($(date +%s%N) - t0) / 1000000))	# ms
[ "$dt" -gt 0 ] || dt=300
i=0
while [ $i -lt $((8 / step)) ]; do
	ms=$((dt * i / (8 / step) + 7))
	delaykill "$ms" "$i" ""
	i=$((i + 1))
done

# ---- 5. the cache being written and removed ---------------------------------------
# STATE/cache deleted (every export is read again): kills at each
# checkpoint of the reading and storing of the entries, and after delays
# (inside cjm-ingest and cjm-kpi as they write an entry); then every
# entry made old (a week unused: removed by tidy) and kills at each
# checkpoint of their removal.  After each kill, besides the reports,
# every entry left with ok must be whole (cachecheck).
rm -rf "$t/cc" && cp -R "$t/live" "$t/cc"
rm -rf "$t/cc/state/cache"
checkpoints "$t/cc" 2026-11-24 >"$t/cks-fill"
grep -q ' fill [^:]*: stored$' "$t/cks-fill" || ko "no fill checkpoint with the cache deleted"
for k in $(grep -n ' fill \| uncache ' "$t/cks-fill" | cut -d: -f1); do
	rm -rf "$t/live/state/cache"
	# shellcheck disable=SC2046
	killrun 2026-11-24 "$k" $(kind "$k")
	[ $step = 1 ] || break
done
t0=$(date +%s%N)
rm -rf "$t/live/state/cache"
nightly "$t/live" 2026-11-24
dt=$((($(date +%s%N) - t0) / 1000000))	# ms
i=0
while [ $i -lt $((6 / step)) ]; do
	rm -rf "$t/live/state/cache"
	ms=$((dt * (i + 1) / (6 / step + 1)))
	delaykill "$ms" "$i" "cache deleted, "
	i=$((i + 1))
done
nightly "$t/live" 2026-11-24; [ $s = 3 ] || ko "cache rebuilt: status $s: $(cat "$t/live/err")"
cachecheck "$t/live" "cache rebuilt"
# a week unused: tidy removes them (an entry half removed must not stay)
old() { find "$t/live/state/cache" -name used -exec touch -d '10 days ago' {} +; }
old
rm -rf "$t/cc" && cp -Rp "$t/live" "$t/cc"	# (-p: the times too)
checkpoints "$t/cc" 2026-11-24 >"$t/cks-expire"
grep -q ' uncache [^:]*: renamed$' "$t/cks-expire" || ko "no checkpoint in the removal of old cache entries"
for k in $(grep -n ' uncache ' "$t/cks-expire" | cut -d: -f1); do
	old
	# shellcheck disable=SC2046
	killrun 2026-11-24 "$k" $(kind $((k + 1)))
done
old
nightly "$t/live" 2026-11-24; [ $s = 3 ] || ko "old cache entries: status $s: $(cat "$t/live/err")"
[ "$(content "$t/live/rep/2026-11-24")" = "$(cat "$t/ref-2026-11-24")" ] || ko "old cache entries: not the reference"
cachecheck "$t/live" "old cache entries replaced"

# ---- 6. a night of nightly 0.1 (a directory) moved on its re-run ----------------
# nightly 0.1 published REPORTS/NIGHT as a directory; a re-run moves it
# into .nightly/ and links it.  A SIGKILL between the two renames leaves
# it away for an instant: the next run (or the killed run's own exit
# trap, for TERM/INT) puts it back before anything else.
v=$(readlink "$t/live/rep/2026-10-31")
rm "$t/live/rep/2026-10-31" && mv "$t/live/rep/$v" "$t/live/rep/2026-10-31"
rm -rf "$t/mig" && cp -R "$t/live" "$t/mig"
mig=$(checkpoints "$t/mig" 2026-10-31 | grep -n ' publish: migrating$' | cut -d: -f1)
[ -n "$mig" ] || ko "legacy: no migration checkpoint"
old=$(content "$t/live/rep/2026-10-31")
remember "$t/live"
nightly "$t/live" 2026-10-31 CJM_NIGHTLY_KILL_AT="$((mig + 1)) KILL process"
[ $s = 137 ] || ko "legacy: the run was not killed (status $s)"
[ ! -e "$t/live/rep/2026-10-31" ] || ko "legacy: not killed in the window (test out of step)"
[ -f "$t/live/rep/.nightly/migrating" ] || ko "legacy: no record of the move"
k=$(grep -n ' tidied$' "$t/cks-rerun" | cut -d: -f1)
nightly "$t/live" 2026-11-24 CJM_NIGHTLY_KILL_AT="$((k + 1)) KILL group"
[ "$(content "$t/live/rep/2026-10-31")" = "$old" ] || ko "legacy: the next run did not restore the night"
grep -q 'restored 2026-10-31' "$t/live/err" || ko "legacy: no message: $(cat "$t/live/err")"
for sig in TERM INT; do
	rm "$t/live/rep/2026-10-31" && mv "$t/live/rep/.nightly/2026-10-31.legacy" "$t/live/rep/2026-10-31"
	nightly "$t/live" 2026-10-31 CJM_NIGHTLY_KILL_AT="$((mig + 1)) $sig process"
	[ "$(content "$t/live/rep/2026-10-31")" = "$old" ] ||
	    ko "legacy: $sig in the window: the night is not back"
done
nightly "$t/live" 2026-10-31
[ $s = 0 ] || ko "legacy: re-run: status $s: $(cat "$t/live/err")"
[ -L "$t/live/rep/2026-10-31" ] || ko "legacy: not a link after its re-run"

# ---- clean runs: the reference bytes, nothing left over --------------------------
nightly "$t/live" 2026-11-24; [ $s = 3 ] || ko "clean re-run: status $s: $(cat "$t/live/err")"
[ "$(content "$t/live/rep/2026-11-24")" = "$(cat "$t/ref-2026-11-24")" ] || ko "clean re-run: not the reference"
rm -f "$t/live/rep/2026-11-25"
nightly "$t/live" 2026-11-25; [ $s = 3 ] || ko "clean first night: status $s: $(cat "$t/live/err")"
[ "$(content "$t/live/rep/2026-11-25")" = "$(cat "$t/ref-2026-11-25")" ] || ko "clean first night: not the reference"
[ "$(readlink "$t/live/rep/latest")" = 2026-11-25 ] || ko "latest is not on the newest night"
n=0
for v in "$t"/live/rep/.nightly/20*; do n=$((n + 1)); done
[ $n = 3 ] || ko "$n report versions in .nightly/, want 3 (one per night): $(ls "$t/live/rep/.nightly")"
ls -a "$t/live/rep" "$t/live/state" "$t/live/state/exports" "$t/live/state/cache" | grep -q '\.tmp\.\|\.link\.\|\.responses\.' &&
    ko "temporaries left: $(ls -a "$t/live/rep" "$t/live/state" "$t/live/state/exports")"
[ "$(wc -l <"$t/live/state/exports/INDEX")" = 3 ] || ko "INDEX: $(cat "$t/live/state/exports/INDEX")"
[ "$(wc -l <"$t/live/state/events/INDEX")" = 3 ] || ko "events/INDEX: $(cat "$t/live/state/events/INDEX")"
ls -a "$t/live/state/events" | grep -q '\.tmp\.' && ko "temporaries left in events: $(ls -a "$t/live/state/events")"

[ $kills -ge 20 ] || ko "only $kills runs were killed"
[ $fail -eq 0 ] && echo "nightly-kill: ok ($kills runs killed)"
exit $fail
