#!/bin/sh
# cjm-kpi --shard K/N (docs/scale-out.md): for many inputs and many
# (K, N), either every shard succeeds and cjm-merge of their partial
# tables is byte for byte one pass of cjm-kpi (and their --comments files,
# concatenated in K order without the repeated headers, are the one-pass
# comments file), or a shard fails with the documented message about a
# quoted field at its end: never a silent difference.  Inputs: the
# testdata response tables (CRLF with a byte-order mark, multi-line
# comments, weights), a generated table whose quoted comments hold line
# breaks (some of them followed by text that reads as a valid record),
# the same with CRLF line ends, with a byte-order mark, without the final
# line feed, with blank lines; a header-only file.  Also: a table without
# a step column is refused, messages give the file's own line numbers.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
command -v cjm-kpi >/dev/null && command -v cjm-merge >/dev/null ||
    { echo "cjm-kpi or cjm-merge not built"; exit 1; }

# The numbers of shards: more for the generated table (NB) than for the
# small ones (NS); fewer under the sanitizers (every run is slower there).
case $BIN in
*san*) NB="1 2 3 11" NS="1 2 5" ;;
*) NB="1 2 3 4 7 16 40" NS="1 2 3 7" ;;
esac

# 1500 rows, dyadic weights; every 7th comment holds a line break (CRLF
# inside quotes for every 21st), every 13th is a line break followed by
# a whole valid record, so that a shard starting there would read it.
awk 'BEGIN {
	x = 4242
	print "respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight,comment"
	split("Awareness,Consideration,Purchase,Support", st, ",")
	split("Ad,Website,Checkout,Call", tp, ",")
	split("nps,csat,ces,nps", me, ",")
	split("0-10,1-5,1-7,0-10", sc, ",")
	split("0.5,1,1.5,2", wt, ",")
	for (r = 1; r <= 1500; r++) {
		x = (x * 1103515245 + 12345) % 2147483648
		i = x % 4 + 1
		split(sc[i], ab, "-")
		s = ab[1] + int(x / 7) % (ab[2] - ab[1] + 1)
		c = ""
		if (r % 13 == 0)
			c = "\"see below\nR9,2026-11-01T00:00:00,1,Awareness,Ad,online,Business,nps,0-10,0,1,\""
		else if (r % 21 == 0)
			c = "\"two\r\nlines, \"\"quoted\"\"\""
		else if (r % 7 == 0)
			c = "\"line one\nline two\n\nline four\""
		else if (r % 5 == 0)
			c = "plain text"
		printf "R%d,2026-11-%02dT%02d:00:00,%d,%s,%s,online,Business,%s,%s,%d,%s,%s\n",
		    int(r / 3), int(x / 13) % 28 + 1, int(x / 17) % 24, i,
		    st[i], tp[i], me[i], sc[i], s, wt[int(x / 19) % 4 + 1], c
		if (r % 97 == 0)
			printf "\n"
	}
}' >"$t/gen.csv"
sed 's/$/\r/' "$t/gen.csv" >"$t/gen-crlf.csv"
{ printf '\357\273\277'; cat "$t/gen.csv"; } >"$t/gen-bom.csv"
head -c -1 "$t/gen.csv" >"$t/gen-nolf.csv"
# No multi-line field: every split must succeed.
grep -v '"' "$t/gen.csv" | grep -v '^line\|^R9\|^$' >"$t/plain.csv"
printf 'respondent,time,step,stage,touchpoint,channel,segment,metric,scale,score,weight,comment\n' \
    >"$t/header.csv"
cp testdata/kpi/responses.csv testdata/kpi/crlf.csv testdata/kpi/multiline.csv \
    testdata/kpi/weighted.csv testdata/kpi/trend.csv testdata/kpi/journey.csv "$t/"

fail=0
ko() { echo "FAIL: $*"; fail=1; }
fails=0 splits=0

# check FILE OPTS MAYFAIL [NS]: every N of NS, every K.
check() {
	f=$t/$1 o=$2 mayfail=$3 ns=${4:-$NS}
	cjm-kpi -q $o $o_merge "$f" >"$t/one.kpi" 2>"$t/one.err" ||
	    { ko "$1: one pass failed: $(cat "$t/one.err")"; return; }
	cjm-kpi -q $o --comments "$t/one.cmt" "$f" >/dev/null 2>&1 ||
	    { ko "$1: one pass with --comments failed"; return; }
	for n in $ns; do
		rm -f "$t"/p-*
		k=1 bad=0 anycut=0
		while [ $k -le $n ]; do
			cjm-kpi -q --partial $o --shard $k/$n \
			    --comments "$t/p-$k.cmt" "$f" >"$t/p-$k.kpi" \
			    2>"$t/p-$k.err"
			s=$?
			cut=0
			if [ $s -ne 0 ]; then
				bad=1
				[ $s -eq 1 ] || ko "$1 $k/$n: status $s"
				[ -s "$t/p-$k.kpi" ] && ko "$1 $k/$n: stdout on failure"
				# the documented message, at the file's own line
				grep -Eq "^cjm-kpi: [^:]*$1:[0-9]+: shard $k/$n ends inside this record: a quoted field holds the line break where shard $((k + 1))/$n starts \(byte offset [0-9]+, line [0-9]+\); use fewer shards, or shard by files$" \
				    "$t/p-$k.err" && cut=1
				# Any other failure: a shard that starts inside
				# a quoted field (a shard before says so).
				[ $cut -eq 1 ] || [ $anycut -eq 1 ] ||
				    ko "$1 $k/$n: $(cat "$t/p-$k.err")"
			fi
			[ $cut -eq 0 ] || anycut=1
			k=$((k + 1))
		done
		splits=$((splits + 1))
		if [ $bad -eq 1 ]; then
			fails=$((fails + 1))
			[ "$mayfail" = yes ] && [ $n -gt 1 ] ||
			    ko "$1: a shard of $n failed: $(cat "$t"/p-*.err)"
			continue
		fi
		k=1 parts=
		while [ $k -le $n ]; do
			parts="$parts $t/p-$k.kpi"
			k=$((k + 1))
		done
		cjm-merge $o_merge $parts >"$t/merged.kpi" ||
		    { ko "$f N=$n: merge failed"; continue; }
		cmp -s "$t/one.kpi" "$t/merged.kpi" ||
		    ko "$f $o N=$n: merged shards differ from one pass: $(diff "$t/one.kpi" "$t/merged.kpi" | head -n 5)"
		{
			cat "$t/p-1.cmt"
			k=2
			while [ $k -le $n ]; do
				tail -n +2 "$t/p-$k.cmt"
				k=$((k + 1))
			done
		} >"$t/cat.cmt"
		cmp -s "$t/one.cmt" "$t/cat.cmt" ||
		    ko "$f $o N=$n: comments of the shards differ from one pass"
	done
}

o_merge=
check gen.csv "" yes "$NB"
check gen-crlf.csv "" yes "$NB"
check gen-bom.csv "--period week" yes "$NB"
check gen-nolf.csv "--by segment" yes "$NB"
check plain.csv "--period day" no
check header.csv "" no
check responses.csv "--period week" no
check crlf.csv "" no
check multiline.csv "" yes
check weighted.csv "" no
o_merge=--journey
check trend.csv "--period week" no
o_merge=

# The detection was exercised: some splits of gen*.csv failed, most did not.
[ $fails -gt 0 ] || ko "no split ever failed (the check was not exercised)"
[ $fails -lt $((splits / 2)) ] || ko "$fails of $splits splits failed"

# A failure names the record that holds the split: here, the split of
# 2 shards of a file whose second half is one record's multi-line field.
{
	head -n 1 "$t/gen.csv"
	printf 'R1,2026-11-01T00:00:00,1,Awareness,Ad,online,Business,nps,0-10,9,1,\n'
	printf 'R2,2026-11-01T00:00:00,1,Awareness,Ad,online,Business,nps,0-10,9,1,"a'
	i=0
	while [ $i -lt 40 ]; do printf '\nR3,2026-11-01T00:00:00,1,Awareness,Ad,online,Business,nps,0-10,9,1,'; i=$((i + 1)); done
	printf '"\n'
} >"$t/cut.csv"
cjm-kpi --partial --shard 1/2 "$t/cut.csv" >/dev/null 2>"$t/err"
[ $? -eq 1 ] && grep -q "cut.csv:3: shard 1/2 ends inside this record" "$t/err" ||
    ko "cut.csv 1/2: $(cat "$t/err")"

# A bad row in shard 3 of 4 is reported at its line in the file.
awk 'NR == 900 { sub(/,[0-9]+,[0-9.]+,[^,]*$/, ",99,1,") } { print }' \
    "$t/plain.csv" >"$t/bad.csv"
line=$(awk -F, '$10 == 99 { print NR }' "$t/bad.csv")
k=1 msg=
while [ $k -le 4 ]; do
	cjm-kpi --shard $k/4 "$t/bad.csv" >/dev/null 2>"$t/err" ||
	    msg="$msg$k:$(cat "$t/err")"
	k=$((k + 1))
done
case $msg in
*"bad.csv:$line: score 99 is off the scale"*) ;;
*) ko "the bad row (line $line): $msg" ;;
esac

# A table without a step column: the journey order is the order of first
# appearance in the whole file, which a shard cannot know: refused.
cut -d, -f1,2,4- "$t/plain.csv" >"$t/nostep.csv"
cjm-kpi --shard 1/2 "$t/nostep.csv" >/dev/null 2>"$t/err"
[ $? -eq 1 ] && grep -q 'nostep.csv: --shard needs a step column' "$t/err" ||
    ko "no step column: $(cat "$t/err")"

# Several files: the K-th slice of each.
cjm-kpi -q --period week "$t/plain.csv" "$t/responses.csv" >"$t/one.kpi"
for k in 1 2 3; do
	cjm-kpi -q --partial --period week --shard $k/3 "$t/plain.csv" \
	    "$t/responses.csv" >"$t/two-$k.kpi" || ko "two files, $k/3"
done
cjm-merge "$t"/two-*.kpi | cmp -s - "$t/one.kpi" || ko "two files: merge differs"

# --jobs N: for N = 1..8, the bytes of one pass (table, comments file,
# notes on stderr other than --jobs's own note, status), whether the
# shards ran (no note) or the run fell back to one pass (the note).
case $BIN in
*san*) NJ="1 2 3 8" ;;
*) NJ="1 2 3 4 5 6 7 8" ;;
esac
jobs_ran=0 jobs_one=0
# jobs FILES OPTS: one pass and --jobs N of cjm-kpi OPTS FILES.
jobs() {
	files=$1 o=$2
	cjm-kpi $o $files >"$t/one.kpi" 2>"$t/one.err"
	s1=$?
	for n in $NJ; do
		rm -f "$t/j.cmt"
		cjm-kpi --jobs $n $o $files >"$t/j.kpi" 2>"$t/j.err"
		s=$?
		[ $s -eq $s1 ] || ko "$files $o --jobs $n: status $s, one pass $s1"
		cmp -s "$t/one.kpi" "$t/j.kpi" ||
		    ko "$files $o --jobs $n: table differs from one pass: $(diff "$t/one.kpi" "$t/j.kpi" | head -n 5)"
		case $o in
		*--comments*) cmp -s "$t/one.cmt" "$t/j.cmt" ||
		    ko "$files $o --jobs $n: comments differ from one pass" ;;
		esac
		if grep -q "^cjm-kpi: note: --jobs $n ran as one process" "$t/j.err"
		then
			jobs_one=$((jobs_one + 1))
			[ $n -gt 1 ] || ko "--jobs 1 noted one process"
		else
			jobs_ran=$((jobs_ran + 1))
		fi
		grep -v "^cjm-kpi: note: --jobs $n ran as one process" "$t/j.err" |
		    cmp -s "$t/one.err" - ||
		    ko "$files $o --jobs $n: stderr: $(cat "$t/j.err") / one pass: $(cat "$t/one.err")"
	done
}
cd "$t" || exit 1
# The one-pass comments file is one.cmt, --jobs writes j.cmt: the
# options name them through a link made per run.
for f in gen.csv gen-crlf.csv gen-bom.csv gen-nolf.csv plain.csv \
    header.csv responses.csv crlf.csv multiline.csv weighted.csv trend.csv; do
	jobs "$f" "--period week --by touchpoint,segment"
	jobs "$f" "--journey --partial"
done
jobs plain.csv "--since 2026-11-10 --until 2026-11-20T12:00:00 --journey"
jobs trend.csv "--period month --nps-ci score --prop-ci jeffreys --level 0.9 --min-n 5 --journey"
jobs "plain.csv responses.csv trend.csv" "--period day"
jobs responses.csv "-j journey.csv --journey"
jobs nostep.csv ""
jobs bad.csv ""
# --comments: one pass and --jobs write different files, compared.
for f in gen.csv gen-crlf.csv gen-bom.csv gen-nolf.csv multiline.csv crlf.csv; do
	cjm-kpi --comments one.cmt "$f" >/dev/null 2>&1
	jobs "$f" "--comments j.cmt --period week"
done
# Weights that are no multiples of one power of two: their sums could
# round otherwise in shards, so one pass.
awk -F, -v OFS=, 'NR > 1 { $11 = "0." NR % 9 + 1 } { print }' plain.csv >w.csv
jobs w.csv "--journey"
cd - >/dev/null || exit 1
echo "--jobs: $jobs_ran runs in shards, $jobs_one as one process"
[ $jobs_ran -gt $jobs_one ] || ko "--jobs ran as one process too often"
[ $jobs_one -gt 0 ] || ko "--jobs never fell back to one pass"

echo "$splits splits, $fails refused at a quoted field"
exit $fail
