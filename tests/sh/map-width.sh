#!/bin/sh
# cjm-map -f text: no line wider than 100 display columns (wide CJK
# characters count two), over every input set in testdata/map, with
# names and comments far longer than a line.
D=testdata/map
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
loc=
for l in C.UTF-8 C.utf8 en_US.UTF-8 fr_FR.UTF-8; do
	locale -a 2>/dev/null | grep -qix "$(echo $l | sed 's/-//')" && loc=$l
	locale -a 2>/dev/null | grep -qix "$l" && loc=$l
	[ -n "$loc" ] && break
done
if [ -z "$loc" ]; then
	echo "skip: no UTF-8 locale to measure display width with"
	exit 77
fi
fail=0
check() {	# check(name): $t/out must fit in 100 columns, and not be trivial
	w=$(LC_ALL=$loc wc -L <"$t/out")
	n=$(wc -l <"$t/out")
	if [ "$w" -gt 100 ]; then
		echo "FAIL $1: a line is $w columns wide:"
		LC_ALL=$loc awk 'length > 100' "$t/out" | head -n 3
		fail=1
	elif [ "$n" -lt 20 ]; then
		echo "FAIL $1: only $n lines"; fail=1
	else
		echo "ok $1: $n lines, widest $w"
	fi
}
cjm-map -f text -c $D/evil-compare.csv -r $D/evil-responses.csv \
    -s $D/evil-segments.csv $D/evil-kpi.csv >"$t/out" && check evil
cjm-map -f text -c $D/compare.csv -r $D/responses.csv -s $D/segments.csv \
    -R $D/rejects.csv $D/kpi.csv >"$t/out" && check full
cjm-map -f text -s $D/segments-many.csv $D/kpi.csv >"$t/out" &&
    check many-segments
cjm-map -f text --verbatims 50 -r $D/responses.csv $D/kpi-months.csv \
    >"$t/out" && check verbatims-50
# The measure itself: a wide line is caught (so this test can fail).
printf '%0101d\n' 0 >"$t/out"
[ "$(LC_ALL=$loc wc -L <"$t/out")" -eq 101 ] ||
    { echo "FAIL: wc -L does not measure"; fail=1; }
printf '\344\270\200%.0s' $(seq 51) >"$t/out"; echo >>"$t/out"
[ "$(LC_ALL=$loc wc -L <"$t/out")" -eq 102 ] ||
    { echo "FAIL: wc -L does not count wide characters as two"; fail=1; }
[ $fail -eq 0 ] && echo "map-width: ok"
exit $fail
