#!/bin/sh
# The journey file's optional event column (cjm-funnel's steps) changes
# nothing for the survey tools: every test journey with an event column
# added (first, last, or with a value on some rows only) gives cjm-ingest
# and cjm-kpi -j the same bytes as without it.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
for pair in qualtrics:qualtrics surveymonkey:surveymonkey google:google \
    generic:generic; do
	j=testdata/ingest/j-${pair%%:*}.csv x=testdata/ingest/${pair#*:}.csv
	[ -f "$j" ] && [ -f "$x" ] || { echo "missing $j or $x"; exit 1; }
	# last column, a value on every other row; first column, empty
	awk 'NR == 1 { print $0 ",event"; next }
	    { print $0 "," (NR % 2 ? "ev" NR : "") }' "$j" >"$t/last.csv"
	awk 'NR == 1 { print "event," $0; next } { print "," $0 }' "$j" \
	    >"$t/first.csv"
	cjm-ingest -q -j "$j" -r "$t/r0" "$x" >"$t/o0" 2>"$t/e0"; s0=$?
	for v in last first; do
		cjm-ingest -q -j "$t/$v.csv" -r "$t/r1" "$x" >"$t/o1" 2>"$t/e1"
		s1=$?
		if [ $s0 != $s1 ] || ! cmp -s "$t/o0" "$t/o1" ||
		    ! cmp -s "$t/r0" "$t/r1" || ! cmp -s "$t/e0" "$t/e1"; then
			echo "cjm-ingest $x: $v event column changes the output"
			diff "$t/o0" "$t/o1" | head -5
			fail=1
		fi
		cjm-kpi -j "$t/$v.csv" "$t/o1" >"$t/k1" 2>&1
		cjm-kpi -j "$j" "$t/o0" >"$t/k0" 2>&1
		cmp -s "$t/k0" "$t/k1" || {
			echo "cjm-kpi -j $j: $v event column changes the output"
			fail=1
		}
	done
done
[ $fail -eq 0 ] && echo "journey-event: ok"
exit $fail
