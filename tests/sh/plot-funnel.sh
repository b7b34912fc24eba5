#!/bin/sh
# cjm-plot --chart funnel through gnuplot: hostile names (backquotes, $(),
# quotes, %, markup, a newline) come out as text in the SVG and nothing
# runs; a compare table's funnel drop paints its step in the alert
# colour, only with -c; every terminal renders.  Skips without gnuplot.
command -v gnuplot >/dev/null 2>&1 || { echo "no gnuplot"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
cd "$t" || exit 1
top=$OLDPWD
f=$top/testdata/funnel
cjm-plot --chart funnel -o h.svg "$f/hostile.funnel" || ko "hostile svg: status $?"
[ -e /tmp/pwned ] && ko "a name was run: /tmp/pwned exists"
for s in 'alert(1)' 'quoted' 'system(' 'bold'; do
	grep -q -F "$s" h.svg || ko "h.svg: no text '$s'"
done
grep -q '<script' h.svg && ko "h.svg: raw <script> element"
cjm-plot --chart funnel -c "$f/trend.cmp" -o drop.svg "$f/trend.funnel" ||
    ko "drop svg: status $?"
cjm-plot --chart funnel -o nodrop.svg "$f/trend.funnel" || ko "nodrop: $?"
grep -q 'rgb(213,  94,   0)' drop.svg || ko "drop.svg: the dropped step is not red"
grep -q 'rgb(213,  94,   0)' nodrop.svg && ko "nodrop.svg: a red step without -c"
grep -q 'dropped significantly' drop.svg || ko "drop.svg: no key entry"
grep -q 'dropped significantly' nodrop.svg && ko "nodrop.svg: a drop without -c"
grep -q '39.5%' drop.svg || ko "drop.svg: no conversion 39.5%"
for o in f.png f.pdf f.txt; do
	cjm-plot --chart funnel -o $o "$f/trend.funnel" && [ -s $o ] ||
	    ko "$o not written"
done
grep -q 'Checkout' f.txt || ko "f.txt: no step name"
exit $fail
