#!/bin/sh
# Builds the libFuzzer harnesses (make fuzz: every tests/fuzz/fz_*.c, see
# the Makefile) and runs each for a while, from seeds made of testdata/
# and the inputs that once found a bug (tests/fuzz/regress/<harness>/):
#
#	sh tests/fuzz/run.sh [seconds per harness [work dir [harness ...]]]
#
# Defaults: 60 seconds, a new directory in /tmp, every harness.  The work
# dir keeps each harness's corpus (corpus-<harness>/, grown across runs:
# give the same dir again to go on), its log and any crash-* / leak-* /
# timeout-* input, which reproduces with obj-fuzz/<harness> <file> (set
# FZ_VERBOSE=1 to see the tool's stderr, FZ_LEAKS=1 to check leaks on
# every exit).  A harness fails when libFuzzer reports a finding or
# cannot run; the last line is "N passed, N failed" (one per harness).
# Exit 0, 1 on a failure, 77 (with a message) when clang or libFuzzer
# is missing (its last line then "0 passed, 0 failed").
#
# Environment: FUZZCC (clang), FZ (build directory, obj-fuzz), FUZZ_JOBS
# (make -j, 2), FUZZ_NICE (nice level of the runs, 0), FUZZ_TIMEOUT
# (seconds one input may take before it counts as a hang, 60: generous
# for a loaded machine and the sanitizers; it catches endless loops, not
# slowness), FUZZ_CPU (run each harness for that many seconds of CPU
# time instead, whatever the machine's load), FUZZ_RUNS (instead of a
# time: run every seed and regression input, then exactly that many
# mutated inputs, from libFuzzer's -seed FUZZ_SEED (1); "N harness=N ..."
# gives some harnesses another number; with a new work dir the same
# commit gives the same runs and the same verdict whatever the machine's
# speed or load: what .ci/run does).
secs=${1:-60}
out=${2:-}
[ $# -gt 2 ] && shift 2 || set --
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
cc=${FUZZCC:-clang}
command -v "$cc" >/dev/null 2>&1 || {
	echo "fuzz: skipped: no $cc (Debian: clang)"
	echo "0 passed, 0 failed"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$t/probe.c"
"$cc" -fsanitize=fuzzer,address,undefined -o "$t/probe" "$t/probe.c" \
    >"$t/probe.log" 2>&1 || {
	echo "fuzz: skipped: $cc cannot link libFuzzer (Debian: libclang-rt-dev)"
	sed -n 1,3p "$t/probe.log"
	echo "0 passed, 0 failed"; exit 77; }
make --no-print-directory -j"${FUZZ_JOBS:-2}" FUZZCC="$cc" ${FZ:+FZ="$FZ"} fuzz \
    >"$t/build.log" 2>&1 || {
	cat "$t/build.log"; echo "fuzz: make fuzz failed"; echo "0 passed, 1 failed"; exit 1; }
fz=${FZ:-obj-fuzz}
case $fz in /*) ;; *) fz=$top/$fz ;; esac
if [ -z "$out" ]; then
	out=$(mktemp -d /tmp/cjm-libfuzzer.XXXXXX) || exit 1
fi
mkdir -p "$out" || exit 1
case $out in /*) ;; *) out=$top/$out ;; esac
if [ $# -eq 0 ]; then
	for f in tests/fuzz/fz_*.c; do
		h=${f#tests/fuzz/}; set -- "$@" "${h%.c}"
	done
fi

SEP='@@@@'
# seed NAME OPTBYTES(printf format) FILE...: OPTBYTES, then the files
# joined by "@@@@\n" (a missing or empty name gives an empty part)
seed() {
	name=$1 opts=$2
	shift 2
	{
		# shellcheck disable=SC2059
		printf "$opts"
		first=1
		for f; do
			[ $first = 1 ] || printf '%s\n' "$SEP"
			first=0
			[ -n "$f" ] && [ -f "$f" ] && cat "$f"
		done
	} >"$seeds/$name"
}

# cjm-ingest: the journey, labels and exports of every golden CLI case
ingest_seeds() {
	i=0
	for c in tests/cli/cjm-ingest/*/cmd; do
		d=$(dirname "$c")
		set -f
		# shellcheck disable=SC2046
		set -- $(sed 's/[;|&<>]/ /g' "$c")
		set +f
		j= l= e1= e2= o0=0 o1=4 o2=0 prev=
		for w; do
			case $prev in
			-j|--journey) j=$w ;;
			--labels) l=$w; o2=$((o2 | 16)) ;;
			-p|--platform) case $w in
				qualtrics) o0=$((o0 | 1)) ;; surveymonkey) o0=$((o0 | 2)) ;;
				google) o0=$((o0 | 3)) ;; msforms) o0=$((o0 | 4)) ;;
				typeform) o0=$((o0 | 5)) ;; questionpro) o0=$((o0 | 6)) ;;
				generic) o0=$((o0 | 7)) ;; esac ;;
			-e|--encoding) case $w in
				utf-8) o0=$((o0 | 8)) ;; utf-16) o0=$((o0 | 16)) ;;
				cp1252) o0=$((o0 | 40)) ;; latin1) o0=$((o0 | 48)) ;;
				macroman) o0=$((o0 | 56)) ;; esac ;;
			-d|--delimiter) case $w in
				,) o0=$((o0 | 64)) ;; ";") o0=$((o0 | 128)) ;;
				*) o0=$((o0 | 192)) ;; esac ;;
			--date-order) case $w in
				mdy) o1=$((o1 | 8)) ;; dmy) o1=$((o1 | 16)) ;; esac ;;
			-w|--weight) o2=$((o2 | 1)) ;;
			-s|--segment) o2=$((o2 | 2)) ;;
			*)	case $w in
				--strict) o1=$((o1 | 1)) ;;
				--include-previews) o1=$((o1 | 32)) ;;
				testdata/*) [ -f "$w" ] || continue
					if [ -z "$e1" ]; then e1=$w
					elif [ -z "$e2" ]; then e2=$w; fi ;;
				esac ;;
			esac
			prev=$w
		done
		[ -n "$j" ] && [ -f "$j" ] || continue
		[ -z "$e1" ] && [ -f "$d/stdin" ] && e1=$d/stdin
		[ -n "$e2" ] && o1=$((o1 | 128))
		i=$((i + 1))
		seed "cli-$i" "$(printf '\\%03o\\%03o\\%03o' "$o0" "$o1" "$o2")" \
		    "$j" "$l" "$e1" "$e2"
	done
	# --draft-journey on every export
	for f in testdata/ingest/*; do
		case ${f##*/} in j-*|labels.csv) continue ;; esac
		seed "draft-${f##*/}" '\000\004\100' "" "" "$f"
	done
}

make_seeds() {
	h=$1
	case $h in
	fz_decode) for f in testdata/ingest/*; do
		seed "$(basename "$f")" '\000' "$f"; done ;;
	fz_text) i=0
		for s in 2026-11-05T10:00:00 "11/05/2026 10:00 PM" \
		    "5 Nov 2026" "Very satisfied" "10 - Extremely likely" \
		    "4,0" 1-5 0-10 5-1 nps; do
			i=$((i + 1)); printf '\001%s' "$s" >"$seeds/$i"
		done ;;
	fz_stat) printf '\000\001\002\003\004\005\006' >"$seeds/1" ;;
	fz_files) for f in testdata/ingest/j-*.csv testdata/kpi/journey*.csv; do
		seed "$(basename "$f")" '\001' "$f"; done
		seed labels '\000' testdata/ingest/labels.csv ;;
	fz_cjm-ingest) ingest_seeds ;;
	fz_cjm-kpi)
		for f in testdata/kpi/*.csv testdata/map/responses.csv; do
			seed "$(basename "$f")" '\000\000\000' "$f"
		done
		k=testdata/kpi
		seed by-stage-week '\031\000\000' $k/responses.csv
		seed journey-partial '\300\000\000' $k/weighted.csv
		seed targets '\000\200\000' $k/responses.csv "" $k/journey.csv
		seed two-files '\016\045\027' $k/trend.csv $k/weighted2.csv
		seed month-seg '\043\012\040' $k/trend.csv
		seed shard-1of2 '\200\000\104' $k/multiline.csv $k/trend.csv
		seed shard-2of2 '\030\000\204' $k/trend.csv $k/crlf.csv
		seed shard-2of3 '\200\000\304' $k/weighted.csv $k/responses.csv ;;
	fz_cjm-compare)
		k=testdata/kpi
		for f in $k/*.kpi testdata/map/kpi*.csv; do
			seed "$(basename "$f")" '\000\000' "$f"
		done
		seed w45-w46 '\000\004' $k/w45.kpi $k/w46.kpi
		seed weighted '\041\005' $k/weighted.kpi $k/weighted2.kpi
		seed trend-net '\152\030' $k/trend.kpi
		seed day '\003\100' $k/trend-day.kpi
		# funnel tables: alone, two, and with -F beside KPI tables
		f=testdata/funnel
		for e in $f/*.funnel; do
			seed "${e##*/}" '\000\000' "$e"
		done
		seed funnel-w45-w46 '\000\004' $f/w45.funnel $f/w46.funnel
		seed funnel-F '\000\200' $k/trend.kpi "" $f/trend.funnel
		seed funnel-F-cur '\000\240' $k/trend.kpi "" $f/trend.funnel
		seed funnel-F-two '\002\204' $k/w45.kpi $k/w46.kpi \
		    $f/w45.funnel $f/w46.funnel ;;
	fz_cjm-merge)
		k=testdata/kpi
		seed parts '\000\100' $k/part1.csv $k/part2.csv
		seed parts-rev '\001\300' $k/part1.csv $k/part2.csv
		seed wparts '\026\140' $k/wpart1.csv $k/wpart2.csv $k/part1.csv
		seed targets '\202\100' $k/part1.csv $k/part2.csv "" \
		    $k/journey-new.csv
		for f in $k/*.kpi; do
			seed "$(basename "$f")" '\000\000' "$f"
		done ;;
	fz_cjm-plot)
		p=testdata/plot
		seed journey '\000\000' $p/kpi.csv
		printf '%s' "\`x\` 'q' \"d\" %s" >"$t/str"
		seed hostile '\010\004' $p/hostile.csv "" "$t/str"
		seed dist '\032\000' $p/kpi.csv
		seed trend '\201\001' $p/trend.csv $p/compare.csv
		seed trend-net '\205\041' $p/trend.csv $p/compare.csv
		printf 'Livraison' >"$t/str"
		seed trend-stage '\201\240' $p/trend.csv $p/compare.csv "$t/str"
		seed map-kpi '\000\000' testdata/map/kpi.csv
		seed map-trend '\201\001' testdata/map/kpi-months.csv \
		    testdata/map/compare.csv ;;
	fz_cjm-map)
		m=testdata/map
		seed all-html '\074\001' $m/kpi.csv $m/compare.csv \
		    $m/responses.csv $m/segments.csv $m/rejects.csv
		seed all-md '\075\002' $m/kpi.csv $m/compare.csv \
		    $m/responses.csv $m/segments.csv $m/rejects.csv
		seed all-text '\076\003' $m/kpi.csv $m/compare.csv \
		    $m/responses.csv $m/segments.csv $m/rejects.csv
		printf '<b>&amp; `x` | *y*' >"$t/str"
		seed evil-html '\334\004' $m/evil-kpi.csv $m/evil-compare.csv \
		    $m/evil-responses.csv $m/evil-segments.csv "" "$t/str"
		seed evil-md '\235\014' $m/evil-kpi.csv $m/evil-compare.csv \
		    $m/evil-responses.csv $m/evil-segments.csv "" "$t/str"
		seed evil-text '\036\000' $m/evil-kpi.csv $m/evil-compare.csv \
		    $m/evil-responses.csv $m/evil-segments.csv
		seed status '\002\000' $m/status-kpi.csv
		seed rank '\006\000' $m/rank-kpi.csv $m/rank-compare.csv
		seed weeks '\012\002' $m/kpi-weeks.csv "" $m/responses.csv
		seed months '\022\000' $m/kpi-months.csv "" "" \
		    $m/segments-months.csv
		seed many '\020\000' $m/kpi.csv "" "" $m/segments-many.csv
		for f in testdata/kpi/*.kpi; do
			seed "$(basename "$f")" '\001\000' "$f"
		done ;;
	fz_cjm-drivers)
		d=testdata/drivers
		for f in $d/*.csv; do
			case ${f##*/} in journey.csv) continue ;; esac
			seed "${f##*/}" '\000\000\000' "$f"
		done
		seed seg-month '\007\000\020' $d/small.csv
		seed relweights-boot '\120\000\020' $d/small.csv
		seed partial '\200\000\000' $d/weighted.csv
		seed window-widen '\000\003\004' $d/small.csv
		seed journey-level '\040\014\031' $d/small.csv "" $d/journey.csv
		seed two-files '\001\200\002' $d/small.csv $d/weighted.csv
		seed minn-digits '\003\160\020' $d/degenerate.csv
		for c in tests/cli/cjm-drivers/*partial*/cmd; do
			case $(cat "$c") in *--partial*) ;; *) continue ;; esac
			c=${c%/cmd}
			seed "partial-${c##*/}" '\000\200\000' $d/small.csv \
			    "$c/expout"
		done ;;
	fz_cjm-funnel)
		f=testdata/funnel
		for e in $f/*.csv $f/*.tsv; do
			case ${e##*/} in j*.csv|journey.csv|rules*) continue ;; esac
			seed "${e##*/}" '\000\000\000\000' $f/journey.csv "$e"
		done
		seed mixpanel '\000\000\000\000' $f/j-mixpanel.csv $f/mixpanel.csv
		for e in $f/rules*.csv; do
			seed "${e##*/}" '\000\000\000\007' $f/j3.csv "$e"
		done
		seed months-two '\003\000\200\000' $f/journey.csv $f/generic.csv \
		    $f/months.csv
		seed week '\002\000\000\000' $f/journey.csv $f/months.csv
		seed since-until '\000\003\000\000' $f/journey.csv $f/months.csv
		seed segments '\060\000\000\000' $f/journey.csv $f/segments.csv
		seed rejects '\000\100\000\000' $f/journey.csv $f/bad.csv
		seed strict '\000\300\000\000' $f/journey.csv $f/bad.csv
		seed cp-window '\210\004\100\000' $f/journey.csv $f/ga4.csv
		seed jeffreys-quarter '\304\010\000\000' $f/journey.csv \
		    $f/months.csv
		seed time-unit '\000\020\000\000' $f/journey.csv $f/small-epoch.csv
		seed cp1252 '\000\000\013\000' $f/journey.csv \
		    $f/cp1252-semicolon.csv
		seed utf16 '\000\000\016\000' $f/journey.csv $f/utf16.tsv
		seed dmy '\000\000\040\000' $f/journey.csv $f/ambiguous.csv
		seed mdy-rejects '\000\100\020\000' $f/journey.csv \
		    $f/ambiguous-never.csv ;;
	esac
}

pass=0 fail=0
for h; do
	bin=$fz/$h
	[ -x "$bin" ] || { echo "$h: not built"; fail=$((fail + 1)); continue; }
	corpus=$out/corpus-$h
	seeds=$t/seeds-$h
	mkdir -p "$corpus" "$seeds" || exit 1
	make_seeds "$h"
	# inputs that found something once (tests/fuzz/regress/<harness>/)
	regress=
	[ -d "tests/fuzz/regress/$h" ] && regress=$top/tests/fuzz/regress/$h
	# an empty corpus directory is fine: the seeds start it
	if [ -n "${FUZZ_RUNS:-}" ]; then
		# -runs counts the seeds and regression inputs too; no
		# corpus reloads (timed)
		n=$(find "$corpus" "$seeds" $regress -type f | wc -l)
		nr= def=0
		for w in $FUZZ_RUNS; do
			case $w in
			"$h="*) nr=${w#*=} ;;
			*=*) ;;
			*) def=$w ;;
			esac
		done
		nr=${nr:-$def}
		limit="-runs=$((nr + n)) -seed=${FUZZ_SEED:-1} -reload=0"
	elif [ -n "${FUZZ_CPU:-}" ]; then
		limit=-max_total_time=864000
	else
		limit=-max_total_time=$secs
	fi
	# shellcheck disable=SC2086
	(cd "$out" && exec nice -n "${FUZZ_NICE:-0}" "$bin" $limit \
	    -max_len=32768 -timeout="${FUZZ_TIMEOUT:-60}" \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/$h-" "$corpus" "$seeds" $regress \
	    >"$out/$h.log" 2>&1) &
	pid=$!
	cpu=
	t0=$(date +%s)
	if [ -n "${FUZZ_CPU:-}" ]; then
		# interrupted (SIGINT: final stats, exit 72) after FUZZ_CPU
		# seconds of CPU time
		tck=$(getconf CLK_TCK)
		while kill -0 "$pid" 2>/dev/null; do
			sleep 5
			# its own time and its children's (LeakSanitizer's
			# checks run in a tracer process)
			c=$(awk -v t="$tck" \
			    '{ print int(($14 + $15 + $16 + $17) / t) }' \
			    "/proc/$pid/stat" 2>/dev/null) || continue
			[ -n "$c" ] && cpu=$c
			[ "${cpu:-0}" -ge "$FUZZ_CPU" ] && kill -INT "$pid"
		done
	fi
	wait "$pid"
	s=$?
	t1=$(date +%s)
	[ -n "$cpu" ] && [ "$s" = 72 ] && [ "$cpu" -ge "$FUZZ_CPU" ] && s=0
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log")
	cov=$(grep -E '^#[0-9]+.*cov: ' "$out/$h.log" | tail -n 1 |
	    sed 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\)\/\([^ ]*\).*/cov \1, ft \2, corpus \3 (\4)/')
	n=$(ls "$corpus" | wc -l)
	if [ "$s" = 0 ]; then
		pass=$((pass + 1))
		if [ -n "${FUZZ_RUNS:-}" ]; then
			how="${runs:-?} runs (seed ${FUZZ_SEED:-1}; $((t1 - t0)) s)"
		else
			how="${runs:-?} runs in ${cpu:-$secs} s${cpu:+ of CPU}"
		fi
		echo "$h: ok: $how, ${cov:-?}; $n inputs in $corpus"
	else
		fail=$((fail + 1))
		echo "$h: FAIL (status $s; log $out/$h.log)"
		grep -E '^(fz: |==[0-9]+==ERROR|SUMMARY|.*runtime error)' \
		    "$out/$h.log" | sed -n 1,6p
		ls "$out/$h"-* 2>/dev/null | sed 's/^/    input: /'
	fi
done
echo "libFuzzer: output in $out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
