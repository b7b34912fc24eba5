#!/bin/sh
# cjm-map's HTML report in a real browser: headless Chromium renders it
# to a PNG, which must exist, have the window's size, and hold a page
# (far more ink than a blank page of the same size).  Chromium's DOM of
# the hostile report must hold no element made from the data.
# Skips only when Chromium is not installed (make deps installs it).
D=testdata/map
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null 2>&1 && { browser=$c; break; }
done
if [ -z "${browser:-}" ]; then
	echo "skip: chromium is not installed (make deps installs it)"
	exit 77
fi
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
run() {	# run(url, args...): Chromium, no network, no profile
	u=$1; shift
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$t/profile" "$@" "$u" 2>>"$t/log"
}
size() { wc -c <"$1" | tr -d ' '; }
# width and height from the PNG header (IHDR at offset 16)
dims() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }'; }
fail=0

charts=--no-charts
command -v gnuplot >/dev/null 2>&1 && charts=
cjm-map $charts -c $D/compare.csv -r $D/responses.csv -s $D/segments.csv \
    -R $D/rejects.csv -o "$t/map.html" $D/kpi.csv || { echo "FAIL cjm-map"; exit 1; }
printf '<!DOCTYPE html><html><body></body></html>\n' >"$t/blank.html"
run "file://$t/map.html" --screenshot="$t/map.png" --window-size=1280,2000
run "file://$t/blank.html" --screenshot="$t/blank.png" --window-size=1280,2000
if [ ! -s "$t/map.png" ]; then
	echo "FAIL: no screenshot"; tail -n 5 "$t/log"; exit 1
fi
echo "map.png: $(dims "$t/map.png"), $(size "$t/map.png") bytes;" \
    "blank: $(size "$t/blank.png") bytes"
[ "$(dims "$t/map.png")" = 1280x2000 ] || { echo "FAIL: size"; fail=1; }
[ "$(size "$t/map.png")" -gt 40000 ] || { echo "FAIL: too small"; fail=1; }
[ "$(size "$t/map.png")" -gt $(($(size "$t/blank.png") * 8)) ] ||
    { echo "FAIL: looks blank"; fail=1; }

# The DOM Chromium built from the hostile report: no <script>, no <img>.
cjm-map -c $D/evil-compare.csv -r $D/evil-responses.csv \
    -s $D/evil-segments.csv -o "$t/evil.html" $D/evil-kpi.csv || fail=1
run "file://$t/evil.html" --dump-dom >"$t/dom"
grep -q 'class="flow"' "$t/dom" || { echo "FAIL: no DOM dumped"; fail=1; }
if grep -Eq '<(script|img|iframe)' "$t/dom"; then
	echo "FAIL: the data became elements:"; grep -Eo '<(script|img|iframe)[^>]*>' "$t/dom" | head -n 3
	fail=1
fi
grep -Fq '&lt;script&gt;alert(1)&lt;/script&gt;' "$t/dom" ||
    { echo "FAIL: the comment is not shown as text"; fail=1; }
[ $fail -eq 0 ] && echo "map-chromium: ok"
exit $fail
