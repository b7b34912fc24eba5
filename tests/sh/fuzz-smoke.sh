#!/bin/sh
# Robustness smoke test: every tool on inputs mutated from testdata/
# (tests/fuzz/mut.c, compiled on the fly: byte flips, truncations,
# quotes, NUL, CR, invalid UTF-8, huge fields, long lines, many columns,
# awkward values, header only, empty, binary garbage).  Deterministic:
# case k of a tool uses seed FUZZ_SEED + k.  Each run must
#	- exit 0 or 1 (cjm-compare also 3), never a signal, never hang;
#	- write no sanitizer report (AddressSanitizer, UBSan, LeakSanitizer);
#	- say something on stderr when it fails;
#	- cjm-ingest: account for every record (rows = responses + excluded +
#	  duplicates + rejected records), and write as many rows as answers;
#	- cjm-funnel: account for every record (rows = step events + other
#	  events + outside the range + rejected);
#	- run nothing named in the data (create-a-file canaries).
# A failure prints the command and keeps its input under $FUZZ_KEEP (default
# a directory in /tmp) to reproduce it.
# Environment: BIN (tools, from tests/run.sh), FUZZ_SEED (default 1),
# FUZZ_N (cases per input, default 6), FUZZ_KEEP.
top=$(pwd)
BIN=${BIN:-bin}
case $BIN in /*) ;; *) BIN=$top/$BIN ;; esac
PATH=$BIN:$PATH
LC_ALL=C; export LC_ALL PATH
seed0=${FUZZ_SEED:-1}
N=${FUZZ_N:-12}
for tool in cjm-ingest cjm-funnel cjm-kpi cjm-plot cjm-compare cjm-merge \
    cjm-map cjm-drivers; do
	[ -x "$BIN/$tool" ] || { echo "no $BIN/$tool (build first)"; exit 77; }
done
command -v "${CC:-cc}" >/dev/null 2>&1 || { echo "no C compiler"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
keep=${FUZZ_KEEP:-$(mktemp -d /tmp/cjm-fuzz-fail.XXXXXX)} || exit 1
to=; command -v timeout >/dev/null 2>&1 && to="timeout 60"
"${CC:-cc}" -std=c11 -O2 -o "$t/mut" tests/fuzz/mut.c || {
	echo "cannot compile tests/fuzz/mut.c"; exit 77; }
# Tools run in their own directory: a canary file that appears there
# means a command named in the data was executed.
mkdir "$t/run" "$t/in" || exit 1
# gnuplot is run by cjm-plot and cjm-map: fail it fast when absent
command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1 || GNUPLOT=false
export GNUPLOT

fail=0 runs=0
ko() {
	fail=$((fail + 1))
	echo "FAIL: $*"
	[ $fail -le 50 ] || { echo "too many failures"; exit 1; }
}

# run SEED SRC TOOL ARGS...: mutate SRC into a file (seed SEED) put where
# an argument is @IN (a second @IN2 gets SRC itself), run TOOL ARGS from
# $t/run, check.
run() {
	seed=$1 src=$2
	shift 2
	ext=${src##*.}
	in=$t/in/$seed.$ext
	"$t/mut" "$seed" "$src" "$in" || { ko "mut $seed $src"; return; }
	n=$#
	for a; do
		case $a in @IN) a=$in ;; esac
		set -- "$@" "$a"
	done
	shift "$n"
	runs=$((runs + 1))
	(cd "$t/run" && $to "$@" </dev/null >"$t/out" 2>"$t/err")
	s=$?
	why=
	case $1:$s in
	*:0|*:1|cjm-compare:3) ;;
	*:124) why="timed out" ;;
	*) why="exit status $s" ;;
	esac
	if grep -q -e AddressSanitizer -e 'runtime error:' -e LeakSanitizer \
	    "$t/err"; then
		why="${why:+$why, }sanitizer report"
	fi
	if [ "$s" != 0 ] && [ "$s" != 3 ] && [ ! -s "$t/err" ]; then
		why="${why:+$why, }status $s with nothing on stderr"
	fi
	if [ -z "$why" ] && [ "$1" = cjm-ingest ] && [ "$s" = 0 ]; then
		why=$(ingest_sums)
	fi
	if [ -z "$why" ] && [ "$1" = cjm-funnel ] && [ "$s" = 0 ]; then
		why=$(funnel_sums)
	fi
	# docs/formats.md: numbers are plain decimals, never nan or inf
	case $1:$s in
	cjm-ingest:0|cjm-funnel:0|cjm-kpi:0|cjm-merge:0|cjm-compare:[03]|\
	cjm-drivers:0)
		why="$why$(not_numbers)" ;;
	esac
	if ls "$t/run" | grep -q .; then
		why="${why:+$why, }a command in the data ran: $(ls "$t/run")"
		rm -rf "$t/run"/*
	fi
	if [ -n "$why" ]; then
		kept=$keep/$seed-$(basename "$src")
		cp "$in" "$kept"
		ko "$why (seed $seed, mutated from $src; input kept as $kept)"
		echo "    $*" | sed "s|$in|$kept|g"
		sed -n '1,12p' "$t/err"
	fi
	rm -f "$in"
}

# cjm-ingest's summary: "F: N rows, N responses (N without an answer),
# N answers, N excluded (...), N duplicates, N rejected (reason N, ...)".
# Records rejected whole are the ragged, badly quoted and bad-weight ones;
# the other reasons are cells.  Output rows (RFC 4180 records, fields may
# hold newlines) must equal the answers.
ingest_sums() {
	awk -v out="$t/out" '
	/: [0-9]+ rows?, [0-9]+ responses? / {
		s = $0
		sub(/.*: /, "", s)	# the counts follow the last ": "
		gsub(/[(),]/, " ", s)
		n = split(s, w, " ")
		rows = w[1]; resp = w[3]; ans = w[9]; exc = w[11]
		dup = rej = rec = 0
		for (i = 1; i < n; i++) {
			if (w[i + 1] ~ /^duplicates?$/) dup = w[i]
			if (w[i + 1] == "rejected") { rej = w[i]; j = i + 2 }
		}
		# reasons after "rejected": words then a number
		name = ""
		for (i = j; i <= n; i++) {
			if (w[i] ~ /^[0-9]+$/) {
				if (name == "ragged record" ||
				    name == "malformed quoting" ||
				    name == "unterminated quoted field" ||
				    name == "invalid weight")
					rec += w[i]
				name = ""
			} else
				name = name == "" ? w[i] : name " " w[i]
		}
		if (rows != resp + exc + dup + rec)
			printf "rows %d != responses %d + excluded %d + " \
			    "duplicates %d + rejected records %d; ",
			    rows, resp, exc, dup, rec
		tot += ans; seen++
	}
	END {
		if (!seen) { print "no summary line"; exit }
		# count the CSV records of the output, less the header
		nrec = 0; q = 0
		while ((getline l < out) > 0) {
			q += gsub(/"/, "\"", l)
			if (q % 2 == 0) nrec++
		}
		if (seen == 1 && nrec - 1 != tot)
			printf "%d answers in the summary, %d rows written", tot,
			    nrec - 1
	}' "$t/err"
}

# cjm-funnel's summary: "F: N rows, N step events, N other events,
# [N outside --since/--until, ]N rejected (...)": every row in one bucket.
funnel_sums() {
	awk '
	/: [0-9]+ rows?, [0-9]+ step events?, / {
		s = $0
		sub(/.*: /, "", s)
		gsub(/[(),]/, " ", s)
		n = split(s, w, " ")
		rows = w[1]; used = w[3]; other = w[6]; out = 0; rej = -1
		for (i = 1; i < n; i++) {
			if (w[i + 1] == "outside") out = w[i]
			if (w[i + 1] == "rejected" && rej < 0) rej = w[i]
		}
		if (rows != used + other + out + rej)
			printf "rows %d != step events %d + other %d + " \
			    "outside %d + rejected %d; ", rows, used, other,
			    out, rej
		seen++
	}
	END { if (!seen) print "no summary line" }' "$t/err"
}

# Columns of the output tables that are not numbers; every other field
# must be empty or a decimal (the exponent form only where a plain one
# would not fit: sums of absurd weights), never nan or inf.
not_numbers() {
	awk '
	function split_csv(line, f,    n, i, c, q, cur) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") {
						cur = cur c; i++
					} else q = 0
				} else cur = cur c
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return q ? -1 : n
	}
	NR == 1 {
		nh = split_csv($0, h)
		t = "respondent time stage touchpoint channel segment " \
		    "metric scale comment level period kpi method test " \
		    "adjust flag period_prev period_cur event outcome " \
		    "outcome_metric quadrant note record by unit " \
		    "time_first time_last"
		for (i = 1; i <= nh; i++)
			text[i] = index(" " t " ", " " h[i] " ") > 0
		next
	}
	{
		n = split_csv($0, f)
		if (n != nh) next	# a field with a line break: skip
		for (i = 1; i <= n; i++)
			if (!text[i] && f[i] != "" &&
			    f[i] !~ /^-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?$/) {
				printf "%s%s = \"%s\" on line %d", sep, h[i],
				    f[i], NR
				sep = "; "
				bad++
				if (bad > 3) exit
			}
	}' "$t/out"
}

td=$top/testdata
k=0
nx() { k=$((k + 1)); seed=$((seed0 * 100000 + k)); }

# cjm-ingest: exports with their journey files; also the journey and a
# labels file mutated.
for pair in qualtrics:j-qualtrics qualtrics-legacy:j-qualtrics-legacy \
    qualtrics-2016:j-qualtrics-2016 qualtrics-numeric:j-qualtrics \
    surveymonkey:j-surveymonkey google:j-google msforms:j-msforms \
    msforms-fr:j-msforms-fr typeform:j-typeform questionpro:j-questionpro \
    alchemer:j-questionpro generic:j-generic generic-crlf:j-generic \
    generic-cr:j-generic generic-bom:j-generic generic-sep:j-generic \
    cp1252:j-generic multiline:j-generic ragged:j-multi bad:j-multi \
    empty-rows:j-multi stars:j-generic header-only:j-generic; do
	e=$td/ingest/${pair%%:*}.csv j=$td/ingest/${pair#*:}.csv
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$e" cjm-ingest -j "$j" @IN ;;
		1) run $seed "$e" cjm-ingest -j "$j" -r "$t/rej.csv" @IN ;;
		2) run $seed "$e" cjm-ingest -j "$j" -s region -w weight \
		    --labels "$td/ingest/labels.csv" -r /dev/null @IN ;;
		esac
		i=$((i + 1))
	done
done
i=0
while [ $i -lt "$N" ]; do
	nx; run $seed "$td/ingest/generic-utf16le.tsv" cjm-ingest \
	    -j "$td/ingest/j-generic.csv" @IN
	nx; run $seed "$td/ingest/cp1252.csv" cjm-ingest -e cp1252 \
	    -j "$td/ingest/j-generic.csv" @IN
	nx; run $seed "$td/ingest/j-generic.csv" cjm-ingest -j @IN \
	    "$td/ingest/generic.csv"
	nx; run $seed "$td/ingest/j-qualtrics.csv" cjm-ingest -j @IN \
	    "$td/ingest/qualtrics.csv"
	nx; run $seed "$td/ingest/labels.csv" cjm-ingest \
	    -j "$td/ingest/j-generic.csv" --labels @IN "$td/ingest/stars.csv"
	nx; run $seed "$td/demo/journey.csv" cjm-ingest -j @IN \
	    "$td/demo/exports/Store Survey.csv"
	i=$((i + 1))
done
nx; run $seed "$td/demo/exports/Store Survey.csv" cjm-ingest \
    -j "$td/demo/journey.csv" @IN

# cjm-funnel: event exports (GA4, Mixpanel, generic, odd encodings) with
# their journeys; the journey mutated.
for pair in ga4:journey mixpanel:j-mixpanel generic:journey bad:journey \
    multiline:journey crlf:journey months:journey segments:journey \
    ambiguous:journey rules:j3; do
	e=$td/funnel/${pair%%:*}.csv j=$td/funnel/${pair#*:}.csv
	ids=; [ "${pair#*:}" = j3 ] && ids="--id user --time ts"
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$e" cjm-funnel -j "$j" $ids @IN ;;
		1) run $seed "$e" cjm-funnel -j "$j" $ids -r "$t/rej.csv" \
		    -p week --since 2026-11-01 --window 2h @IN ;;
		2) run $seed "$e" cjm-funnel -j "$j" $ids -r /dev/null \
		    -p month --prop-ci jeffreys @IN ;;
		esac
		i=$((i + 1))
	done
done
i=0
while [ $i -lt "$N" ]; do
	nx; run $seed "$td/funnel/utf16.tsv" cjm-funnel \
	    -j "$td/funnel/journey.csv" @IN
	nx; run $seed "$td/funnel/cp1252-semicolon.csv" cjm-funnel \
	    -j "$td/funnel/journey.csv" -s segment @IN
	nx; run $seed "$td/funnel/journey.csv" cjm-funnel -j @IN \
	    "$td/funnel/ga4.csv"
	i=$((i + 1))
done

# cjm-kpi: response tables, with grouping and periods; the targets file.
for f in responses crlf multiline weighted weighted2 trend degenerate; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$td/kpi/$f.csv" cjm-kpi @IN ;;
		1) run $seed "$td/kpi/$f.csv" cjm-kpi --journey --period week \
		    --by touchpoint,segment,period @IN ;;
		2) run $seed "$td/kpi/$f.csv" cjm-kpi --partial --period month \
		    --prop-ci clopper-pearson --nps-ci score \
		    -j "$td/kpi/journey.csv" @IN ;;
		esac
		i=$((i + 1))
	done
done
i=0
while [ $i -lt "$N" ]; do
	nx; run $seed "$td/kpi/journey.csv" cjm-kpi -j @IN \
	    "$td/kpi/responses.csv"
	i=$((i + 1))
done

# cjm-compare: one table (latest period against the one before), two.
for f in trend trend-day w45 w46 degenerate weighted responses-targets; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$td/kpi/$f.kpi" cjm-compare @IN ;;
		1) run $seed "$td/kpi/$f.kpi" cjm-compare --kpi net \
		    --adjust holm @IN "$td/kpi/w46.kpi" ;;
		2) run $seed "$td/kpi/$f.kpi" cjm-compare -q --nps-test wald \
		    "$td/kpi/w45.kpi" @IN ;;
		esac
		i=$((i + 1))
	done
done

# cjm-compare on funnel tables: alone, two, added to KPI tables (-F).
for f in trend w45 w46; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$td/funnel/$f.funnel" cjm-compare @IN ;;
		1) run $seed "$td/funnel/$f.funnel" cjm-compare \
		    -F @IN "$td/kpi/trend.kpi" ;;
		2) run $seed "$td/funnel/$f.funnel" cjm-compare -F @IN \
		    -F "$td/funnel/w46.funnel" "$td/kpi/w45.kpi" \
		    "$td/kpi/w46.kpi" ;;
		esac
		i=$((i + 1))
	done
done

# cjm-merge: shards, full and partial.
for f in part1.csv part2.csv wpart1.csv wpart2.csv trend.kpi; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 2)) in
		0) run $seed "$td/kpi/$f" cjm-merge @IN "$td/kpi/part2.csv" ;;
		1) run $seed "$td/kpi/$f" cjm-merge --journey --partial @IN ;;
		esac
		i=$((i + 1))
	done
done

# cjm-drivers: response tables (also by segment and month), partial
# tables of shards.
cjm-drivers --partial -b segment "$td/drivers/small.csv" >"$t/small.drv"
for f in "$td/drivers/small.csv" "$td/drivers/degenerate.csv" \
    "$td/drivers/weighted.csv" "$td/drivers/vector.csv" "$t/small.drv"; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$f" cjm-drivers --boot 20 --min-n 5 @IN ;;
		1) run $seed "$f" cjm-drivers --boot 20 -b segment -p month \
		    --min-n 3 --method relweights @IN ;;
		2) run $seed "$f" cjm-drivers --partial -b segment @IN ;;
		esac
		i=$((i + 1))
	done
done

# cjm-plot: every chart's script; now and then gnuplot itself.
for f in plot/kpi.csv plot/trend.csv plot/hostile.csv kpi/trend.kpi \
    kpi/weighted.kpi kpi/degenerate.kpi; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 6)) in
		0) run $seed "$td/$f" cjm-plot -n @IN ;;
		1) run $seed "$td/$f" cjm-plot -n --curve net @IN ;;
		2) run $seed "$td/$f" cjm-plot -n --chart dist @IN ;;
		3) run $seed "$td/$f" cjm-plot -n --chart trend --metric nps \
		    -c "$td/plot/compare.csv" @IN ;;
		4) run $seed "$td/$f" cjm-plot -t dumb @IN ;;
		5) run $seed "$td/$f" cjm-plot -o "$t/c.svg" --chart trend \
		    --stage Livraison @IN ;;
		esac
		i=$((i + 1))
	done
done
i=0
while [ $i -lt "$N" ]; do
	nx; run $seed "$td/plot/compare.csv" cjm-plot -n --chart trend \
	    --metric nps -c @IN "$td/plot/trend.csv"
	i=$((i + 1))
done

# cjm-map: the KPI table and each side input, every format.
m=$td/map
for f in kpi.csv kpi-weeks.csv status-kpi.csv rank-kpi.csv evil-kpi.csv; do
	i=0
	while [ $i -lt "$N" ]; do
		nx
		case $((i % 3)) in
		0) run $seed "$m/$f" cjm-map --no-charts @IN ;;
		1) run $seed "$m/$f" cjm-map -f md -c "$m/compare.csv" \
		    -s "$m/segments.csv" @IN ;;
		2) run $seed "$m/$f" cjm-map -f text -R "$m/rejects.csv" @IN ;;
		esac
		i=$((i + 1))
	done
done
i=0
while [ $i -lt "$N" ]; do
	nx; run $seed "$m/compare.csv" cjm-map -f text -c @IN "$m/kpi.csv"
	nx; run $seed "$m/segments.csv" cjm-map -f md -s @IN "$m/kpi.csv"
	nx; run $seed "$m/rejects.csv" cjm-map --no-charts -R @IN "$m/kpi.csv"
	nx; run $seed "$m/evil-responses.csv" cjm-map -f text \
	    -r @IN "$m/evil-kpi.csv"
	i=$((i + 1))
done
nx; run $seed "$m/kpi.csv" cjm-map -o "$t/map.html" @IN
nx; run $seed "$m/responses.csv" cjm-map --no-charts -r @IN "$m/kpi.csv"

# The whole chain on hostile names: stages and touchpoints from the
# journey file, segments and comments from the export, holding shell,
# gnuplot and HTML syntax.  Every tool must succeed, nothing may run
# (canaries), the reports must show the names as text.
h=$t/chain
mkdir "$h" "$h/canary" || exit 1
sed "s|@C@|$h/canary|g" >"$h/journey.csv" <<'JOURNEY'
stage,touchpoint,channel,metric,scale,column,target,comment
"`touch @C@/c1`","$(touch @C@/c2)",online,nps,0-10,q1,30,cm
"St'; system('touch @C@/c3'); '","""; system(""touch @C@/c4""); """,online,csat,1-5,q2,80,cm
"<script>document.title=1</script>","<img src=x onerror=alert(1)> @x @@ %s%n\",offline,ces,1-7,q3,5,cm
"two
EOD
system('touch @C@/c5')
!touch @C@/c6","line
EOD
set output '@C@/c7'
plot 1",offline,nps,0-10,q4,,cm
"]]><!--","&amp; &lt;b&gt; | # *x* [l](javascript:alert(1)) ${HOME} \`touch @C@/c12\`",online,csat,1-5,q5,,cm
JOURNEY
awk -v C="$h/canary" 'BEGIN {
	print "respondent,time,seg,q1,q2,q3,q4,q5,cm"
	for (i = 1; i <= 80; i++)
		printf "r%d,2026-%02d-%02dT10:00:00,\"`touch %s/c8` " \
		    "$(touch %s/c9) <script>x</script>\",%d,%d,%d,%d,%d," \
		    "\"<script>alert(1)</script> `touch %s/c10` \047; " \
		    "system(\047touch %s/c11\047); \047\"\n", i,
		    (i > 40 ? 11 : 10), i % 28 + 1, C, C, i % 11, i % 5 + 1,
		    i % 7 + 1, (i * 3) % 11, i % 5 + 1, C, C
}' >"$h/export.csv"
chain() {	# chain OUT TOOL ARGS...: run from $t/run, must exit 0
	o=$1
	shift
	runs=$((runs + 1))
	(cd "$t/run" && $to "$@" </dev/null >"$h/$o" 2>"$t/err")
	s=$?
	if [ $s -ne 0 ] || grep -q -e AddressSanitizer -e 'runtime error:' \
	    -e LeakSanitizer "$t/err"; then
		ko "hostile chain: status $s: $*"
		sed -n '1,12p' "$t/err"
	fi
}
chain resp.csv cjm-ingest -j "$h/journey.csv" -s seg -r "$h/rej.csv" \
    "$h/export.csv"
chain kpi.csv cjm-kpi --period month --journey -j "$h/journey.csv" \
    "$h/resp.csv"
chain seg.csv cjm-kpi --by touchpoint,segment "$h/resp.csv"
chain cmp.csv cjm-compare "$h/kpi.csv"
chain merged.csv cjm-merge "$h/kpi.csv"
for c in journey net dist trend; do
	case $c in
	net) set -- --curve net ;;
	trend) set -- --chart trend --metric nps -c "$h/cmp.csv" ;;
	*) set -- --chart "$c" ;;
	esac
	chain "$c.svg" cjm-plot -t svg "$@" "$h/kpi.csv"
	chain "$c.txt" cjm-plot -t dumb "$@" "$h/kpi.csv"
done
chain stage.svg cjm-plot -t svg --chart trend \
    --stage "St'; system('touch $h/canary/c3'); '" "$h/kpi.csv"
for f in html md text; do
	chain "map.$f" cjm-map -f $f -c "$h/cmp.csv" -r "$h/resp.csv" \
	    -s "$h/seg.csv" -R "$h/rej.csv" "$h/kpi.csv"
done
if ls "$h/canary" "$t/run" | grep -q '^c'; then
	ko "hostile chain: a command in the data ran: $(ls "$h/canary" "$t/run")"
fi
grep -qF '&lt;img src=x onerror=alert(1)&gt;' "$h/map.html" ||
    ko "hostile chain: map.html does not show the <img> name as text"
if grep -o '<[a-zA-Z]*' "$h/map.html" | grep -qix -e '<script' -e '<img'
then
	ko "hostile chain: map.html has a <script> or <img> tag"
fi
grep -qF '`touch ' "$h/journey.txt" ||
    ko "hostile chain: the journey chart does not show the stage name"
grep -qF "St'; system('touch $h/canary/c3'); '" "$h/stage.svg" ||
    ko "hostile chain: the trend chart does not show the stage name"

echo "fuzz-smoke: $runs runs, $fail failed (seed $seed0, $N per input)"
[ $fail -eq 0 ] && rmdir "$keep" 2>/dev/null
[ $fail -eq 0 ]
