#!/bin/sh
# testdata/demo/gen writes exactly the committed exports (cmp), under mawk
# and under gawk when installed (our own PRNG: no awk's rand), and the data
# keeps the properties the demo and the pipeline tests rely on.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
ko() { echo "FAIL: $*"; fail=1; }
ex=testdata/demo/exports

check() {	# check DIR AWK
	for f in "$ex"/*.csv; do
		b=${f##*/}
		cmp "$f" "$1/$b" || ko "$2: $b differs from the committed file"
	done
	for f in "$1"/*.csv; do
		[ -f "$ex/${f##*/}" ] || ko "$2: ${f##*/} is not committed"
	done
}
n=0
for awk in mawk gawk original-awk busybox; do
	command -v $awk >/dev/null 2>&1 || continue
	mkdir "$t/$awk" "$t/$awk/bin"
	if [ $awk = busybox ]; then
		busybox awk 'BEGIN { exit 0 }' 2>/dev/null || continue
		printf '#!/bin/sh\nexec busybox awk "$@"\n' >"$t/$awk/bin/awk"
	else
		ln -s "$(command -v $awk)" "$t/$awk/bin/awk"
	fi
	chmod +x "$t/$awk/bin/awk"
	PATH=$t/$awk/bin:$PATH sh testdata/demo/gen "$t/$awk/out" ||
	    ko "gen with $awk failed"
	check "$t/$awk/out" "$awk"
	n=$((n + 1))
done
[ $n -gt 0 ] || { echo "skip: no awk found"; exit 77; }

# Properties: size, shapes, the planted quirks.
size=$(cat "$ex"/*.csv | wc -c)
[ "$size" -lt 3000000 ] || ko "exports are $size bytes (keep them under 3 MB)"
q="$ex/CJ Online Survey 2026-11.csv"
sed -n 3p "$q" | grep -q '^"{""ImportId"":""startDate"",""timeZone"":""Europe/Berlin""}",' ||
    ko "Qualtrics row 3 is not the ImportId JSON row"
head -n 1 "$q" | od -c | grep -q '\\r  \\n' || ko "Qualtrics records do not end in CRLF"
grep -c ',Survey Preview,' "$q" | grep -qv '^0$' || ko "no Survey Preview rows"
g="$ex/Store Survey.csv"
sed -n 2p "$g" | grep -Eq '^"2026/06/01 [0-9]{1,2}:[0-9]{2}:[0-9]{2} [AP]M CEST","' ||
    ko "Google Forms timestamp shape"
[ "$(tail -c 1 "$g" | od -An -c | tr -d ' ')" != '\n' ] || ko "Google Forms file ends in a newline"
grep -q '"4/5"\|"good"\|"slow queue"' "$g" || ko "no invalid store-checkout cells"
grep -q "Don't know / not applicable" "$q" || ko "no Don't-know cells"
# genuinely invalid cells in both exports (cjm-ingest's rejects): a typo'd
# label, not a whole number, out of range
cat "$ex"/CJ*.csv | grep -q ',Very satisfed,' || ko "no typo'd label in Qualtrics"
cat "$ex"/CJ*.csv | grep -q ',4\.5,' || ko "no 4.5 in Qualtrics"
grep -q '"Very satisfed"' "$g" || ko "no typo'd label in Google Forms"
grep -q '"11"' "$g" || ko "no NPS 11 in Google Forms"
# the re-export overlaps the monthly exports: same ResponseIds
r="$ex/CJ Online Survey 2026-10-19 to 2026-11-08.csv"
id=$(sed -n 4p "$r" | cut -d, -f9)
grep -q ",$id," "$ex/CJ Online Survey 2026-10.csv" || ko "the re-export does not overlap October"
for p in Commuter Family Business Student; do
	grep -q ",$p"'\r$' "$q" 2>/dev/null || grep -q ",$p$(printf '\r')\$" "$q" ||
	    ko "persona $p missing"
done
[ $fail -eq 0 ] && echo "demo-gen: ok"
exit $fail
