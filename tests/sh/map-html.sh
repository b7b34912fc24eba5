#!/bin/sh
# cjm-map -f html with charts: one self-contained file (two inline SVG
# charts, no script, nothing fetched from anywhere), the same bytes on
# every run.  Skips only when gnuplot is missing (make deps installs it).
D=testdata/map
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "skip: gnuplot is not installed (make deps installs it)"
	exit 77
fi
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
for i in 1 2; do
	cjm-map -c $D/compare.csv -r $D/responses.csv -s $D/segments.csv \
	    -R $D/rejects.csv $D/kpi.csv >"$t/map$i.html" ||
	    { echo "FAIL: status $?"; exit 1; }
done
cmp -s "$t/map1.html" "$t/map2.html" || { echo "FAIL: runs differ"; fail=1; }
cjm-map -c $D/evil-compare.csv -r $D/evil-responses.csv \
    -s $D/evil-segments.csv $D/evil-kpi.csv >"$t/evil.html" ||
    { echo "FAIL: evil: status $?"; fail=1; }
f=$t/map1.html
[ "$(grep -c '<svg' "$f")" -eq 2 ] || { echo "FAIL: want 2 <svg>"; fail=1; }
[ "$(grep -c '</svg>' "$f")" -eq 2 ] || { echo "FAIL: want 2 </svg>"; fail=1; }
grep -q 'Charts not drawn' "$f" && { echo "FAIL: charts note"; fail=1; }
# nothing an HTML page could fetch or run
for bad in '<script' '<?xml' '<!DOCTYPE svg' 'src=' '@import' 'url(' \
    'href="http' "href='http" 'href="//' '<link' '<iframe' '<object' \
    '<embed' 'javascript:'; do
	if grep -Fiq -- "$bad" "$f"; then
		echo "FAIL: found '$bad'"; grep -Fi -- "$bad" "$f" | head -n 2
		fail=1
	fi
done
if grep -Eiq '<[^>]* on[a-z]+=' "$f"; then
	echo "FAIL: an event handler attribute"; fail=1
fi
# the doctype and the charset come first: the file renders alone
head -n 2 "$f" | tr '\n' ' ' | grep -q '^<!DOCTYPE html> <html lang="en">' ||
    { echo "FAIL: document start"; fail=1; }
grep -q '<meta charset="utf-8">' "$f" || { echo "FAIL: charset"; fail=1; }
# mail transports break lines longer than 998 bytes (RFC 5322); the
# comments include one of 1,700 bytes (folded at spaces)
for f in "$t/map1.html" "$t/evil.html"; do
	[ -f "$f" ] || continue
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$f")
	[ "$w" -le 998 ] || { echo "FAIL: $f has a $w-byte line"; fail=1; }
done
[ $fail -eq 0 ] && echo "map-html: ok"
exit $fail
