#!/bin/sh
# cjm-plot with the real gnuplot: every chart as PNG, SVG, PDF and text.
# PNGs must have the PNG signature, the requested size and much more ink
# than a blank chart of the same size; SVGs must be the same bytes from
# run to run, hold the UTF-8 labels and no dates; PDFs must be PDFs.
command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1 || {
	echo "gnuplot not installed"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
kpi=testdata/plot/kpi.csv trend=testdata/plot/trend.csv
cmp=testdata/plot/compare.csv

# width and height from a PNG's IHDR chunk
pngsize() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n",
	$1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
	$5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'; }
# the bytes of an all-white chart of that size, from gnuplot itself
blank() { printf "set terminal pngcairo size %s background '#ffffff'\n%s\n" \
	"$1" "unset border; unset tics; unset key; plot [0:1][0:1] -1" |
	"${GNUPLOT:-gnuplot}" >"$t/blank.png" && wc -c <"$t/blank.png"; }

for chart in journey net trend dist; do
	case $chart in
	net) set -- --curve net "$kpi" ;;
	trend) set -- --chart trend --metric nps -c "$cmp" "$trend" ;;
	*) set -- --chart "$chart" "$kpi" ;;
	esac
	for ext in png svg pdf txt; do
		f=$t/$chart.$ext
		cjm-plot -o "$f" "$@" 2>"$t/err" || { ko "$chart.$ext: status $?"; cat "$t/err"; continue; }
		[ -s "$t/err" ] && { ko "$chart.$ext: stderr:"; cat "$t/err"; }
		[ -s "$f" ] || { ko "$chart.$ext: empty"; continue; }
	done
	f=$t/$chart.png
	[ "$(head -c 8 "$f" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] ||
	    ko "$chart.png: no PNG signature"
	[ "$(pngsize "$f")" = 1280x720 ] || ko "$chart.png: size $(pngsize "$f")"
	b=$(blank 1280,720); n=$(wc -c <"$f")
	[ "$n" -gt $((b * 3)) ] || ko "$chart.png: $n bytes, a blank chart has $b"
	echo "$chart.png: $n bytes (blank: $b)"
	head -c 5 "$t/$chart.pdf" | grep -q '^%PDF-' || ko "$chart.pdf: not a PDF"
	f=$t/$chart.svg
	head -n 1 "$f" | grep -q '^<?xml' || ko "$chart.svg: no XML declaration"
	grep -q '<svg' "$f" || ko "$chart.svg: no <svg>"
	grep -Eq '20[0-9][0-9]-[01][0-9]-[0-3][0-9][T ][0-9]' "$f" &&
	    ko "$chart.svg: holds a date"
	cjm-plot -o "$t/again.svg" "$@" && cmp -s "$f" "$t/again.svg" ||
	    ko "$chart.svg: not the same bytes twice"
	cjm-plot -o "$t/again.png" "$@" && cmp -s "$t/$chart.png" "$t/again.png" ||
	    ko "$chart.png: not the same bytes twice"
	LC_ALL=C tr -d "\f\200-\277" <"$t/$chart.txt" | awk "length > 120 { exit 1 }" || ko "$chart.txt: lines over 120 columns"
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f" ||
		    ko "$chart.svg: not well-formed XML"
	fi
done
# UTF-8 labels (French accents) come through as text
grep -q '>Réseaux sociaux<' "$t/journey.svg" || ko "journey.svg: no 'Réseaux sociaux'"
grep -q 'Fidélité' "$t/journey.svg" || ko "journey.svg: no stage 'Fidélité'"
grep -q 'Recommandation' "$t/journey.txt" || ko "journey.txt: no 'Recommandation'"
grep -q 'Livraison à' "$t/dist.txt" || ko "dist.txt: no 'Livraison à'"
grep -q 'significant drop' "$t/trend.svg" || ko "trend.svg: no drop marked"
# -t dumb to standard output, --size, -t overriding the extension
cjm-plot -t dumb --size 80x25 "$kpi" >"$t/d.txt" || ko "-t dumb: status $?"
[ "$(wc -l <"$t/d.txt")" -ge 24 ] || ko "-t dumb: $(wc -l <"$t/d.txt") lines"
LC_ALL=C tr -d "\f\200-\277" <"$t/d.txt" | awk "length > 80 { exit 1 }" || ko "-t dumb --size 80x25: lines over 80"
cjm-plot --size 640x360 -o "$t/small.png" "$kpi" &&
[ "$(pngsize "$t/small.png")" = 640x360 ] || ko "--size 640x360: $(pngsize "$t/small.png")"
cjm-plot -t svg -o "$t/chart.out" "$kpi" && grep -q '<svg' "$t/chart.out" ||
    ko "-t svg -o chart.out: not SVG"
# an existing file is replaced, no temporary file left behind
echo old >"$t/over.svg"
cjm-plot -o "$t/over.svg" "$kpi" && grep -q '<svg' "$t/over.svg" || ko "over.svg not replaced"
ls -A "$t" | grep -q '^\.' && ko "temporary files left: $(ls -A "$t" | grep '^\.')"
# a symbolic link stays a link; the file it points to gets the chart
echo old >"$t/real.svg"; ln -s real.svg "$t/link.svg"
cjm-plot -o "$t/link.svg" "$kpi" && [ -L "$t/link.svg" ] &&
grep -q '<svg' "$t/real.svg" || ko "link.svg: the link was replaced or real.svg not written"
# the file gets the usual permissions (umask), not mkstemp's 0600
(umask 022; cjm-plot -o "$t/perm.png" "$kpi") &&
[ "$(ls -l "$t/perm.png" | cut -c1-10)" = "-rw-r--r--" ] || ko "perm.png: $(ls -l "$t/perm.png")"
# a script printed with -n draws the same chart when piped to gnuplot
cjm-plot -n -t svg "$kpi" | "${GNUPLOT:-gnuplot}" >"$t/piped.svg" &&
cjm-plot -t svg "$kpi" | cmp -s - "$t/piped.svg" || ko "-n | gnuplot differs"
[ $fail -eq 0 ] && echo "plot-render: ok"
exit $fail
