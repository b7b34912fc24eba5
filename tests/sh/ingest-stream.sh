#!/bin/sh
# cjm-ingest streams: memory does not grow with rows.  Two exports
# without respondent ids (Google Forms shaped), one 10 times longer:
# the only thing that may grow is the set of respondent ids (content
# hashes here, 19 bytes each plus the table: at most ID_BYTES per
# respondent), never the rows written (about 300 bytes per respondent
# here).  Also: rows held while the day/month order is open are bounded
# (an export whose dates never settle, 100 MB of output).
command -v /usr/bin/time >/dev/null 2>&1 || {
	echo "skip: /usr/bin/time is not installed"; exit 77; }
ID_BYTES=96
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
gen() {	# gen N DATE PAD: N responses, comments PAD bytes longer
	awk -v n="$1" -v d="$2" -v pad="$3" 'BEGIN {
		print "Timestamp,How likely are you to recommend us?,How satisfied are you?,Comments"
		p = sprintf("%" pad "s", ""); gsub(/ /, "x", p)
		for (i = 1; i <= n; i++)
			printf "%s %02d:%02d:%02d,%d,%d,\"comment %d, with a comma %s\"\n",
			    d, i % 24, i % 60, i % 60, i % 11, 1 + i % 5, i, p
	}'
}
printf 'stage,touchpoint,channel,metric,scale,column,comment\nBuy,Overall,online,nps,0-10,How likely are you to recommend us?,Comments\nBuy,Satisfaction,online,csat,1-5,How satisfied are you?,\n' >"$t/j.csv"
gen 20000 2026-11-05 200 >"$t/small.csv"
gen 200000 2026-11-05 200 >"$t/big.csv"
gen 150000 11/05/2026 600 >"$t/ambiguous.csv"
rss() {
	/usr/bin/time -f %M -o "$t/rss" cjm-ingest -q -j "$t/j.csv" "$@" \
	    >"$t/out" 2>"$t/err" || { cat "$t/err"; exit 1; }
	cat "$t/rss"
}
small=$(rss "$t/small.csv")
big=$(rss "$t/big.csv")
echo "small: ${small} KB, big (10x rows): ${big} KB"
[ "$(wc -l <"$t/out")" -eq 400001 ] || { echo "FAIL: $(wc -l <"$t/out") lines"; exit 1; }
ids=$(((200000 - 20000) * ID_BYTES / 1024))
echo "allowed for 180000 more respondent ids: ${ids} KB"
if [ "$big" -gt $((small + 4096 + ids)) ]; then
	echo "FAIL: memory grows with rows"
	exit 1
fi
amb=$(rss "$t/ambiguous.csv")
echo "never-settling dates (150k rows, 100 MB of output): ${amb} KB"
grep -q "day/month order of dates not settled by the data within [0-9]* responses" "$t/err" ||
    { echo "FAIL: no warning"; cat "$t/err"; exit 1; }
# (ASan's quarantine keeps the spool's freed buffers: no bound there.)
if grep -q __asan_init "$(command -v cjm-ingest)"; then
	echo "sanitizer build: bound not checked"
elif [ "$amb" -gt $((small + 48 * 1024 + 150000 * ID_BYTES / 1024)) ]; then
	echo "FAIL: held rows are not bounded"
	exit 1
fi
echo "ingest-stream: ok"
