#!/bin/sh
# testdata/demo/gen-events: the same bytes under every awk installed (our
# own PRNG), GA4-shaped rows cjm-funnel reads without a reject, and the
# story the demo tells: with testdata/demo/journey.csv's events, the
# Online checkout step's conversion falls significantly in November
# against October (cjm-compare flags it a drop, exit 3) and nothing
# else is flagged, in November or in any earlier month.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
j=testdata/demo/journey.csv
n=0
for awk in mawk gawk original-awk busybox; do
	command -v $awk >/dev/null 2>&1 || continue
	mkdir -p "$t/$awk/bin"
	if [ $awk = busybox ]; then
		busybox awk 'BEGIN { exit 0 }' 2>/dev/null || continue
		printf '#!/bin/sh\nexec busybox awk "$@"\n' >"$t/$awk/bin/awk"
		chmod +x "$t/$awk/bin/awk"
	else
		ln -s "$(command -v $awk)" "$t/$awk/bin/awk"
	fi
	PATH=$t/$awk/bin:$PATH sh testdata/demo/gen-events "$t/$awk/ev" ||
	    ko "$awk: gen-events failed"
	if [ $n -gt 0 ]; then
		diff -r "$t/ev" "$t/$awk/ev" >/dev/null ||
		    ko "$awk: other bytes than $first"
	else
		cp -r "$t/$awk/ev" "$t/ev"
		first=$awk
	fi
	n=$((n + 1))
done
[ $n -gt 0 ] || { echo "no awk"; exit 77; }
set -- "$t"/ev/events-2026-*.csv
[ $# -eq 6 ] || ko "want 6 monthly files, got $#"
cjm-funnel -j $j -p month "$@" >"$t/f.csv" 2>"$t/err" || ko "cjm-funnel: $?"
grep -q 'total: .* 0 rejected' "$t/err" || ko "rejects: $(grep total "$t/err")"
grep -q 'ga4 (detected)' "$t/err" || ko "not detected as GA4"
cjm-compare -q "$t/f.csv" >"$t/c.csv"
s=$?
[ $s = 3 ] || ko "cjm-compare: status $s, want 3 (a drop)"
flags=$(awk -F, 'NR > 1 && $NF != "" { print $3 ":" $9 ":" $10 ":" $NF }' "$t/c.csv")
[ "$flags" = "Online checkout:2026-10:2026-11:drop" ] ||
    ko "flags: '$flags', want only Online checkout's November drop"
# no month before November moves significantly against the one before
for m in 07 08 09 10; do
	p=$(printf '%02d' $((${m#0} - 1)))
	awk -F, -v a=2026-$p -v b=2026-$m 'NR == 1 || $7 == a || $7 == b' \
	    "$t/f.csv" >"$t/two.csv"
	cjm-compare -q "$t/two.csv" >/dev/null
	[ $? = 0 ] || ko "2026-$m against 2026-$p: a flag"
done
exit $fail
