#!/bin/sh
# docs/scale-out.md's Hadoop Streaming recipe, simulated: the mapper and
# reducer scripts exactly as documented, fed the way Hadoop feeds them
# (line splits without the header, the mappers' output lines sorted
# together), must give the bytes of one cjm-kpi pass over all the data.
set -u
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
# Hadoop splits at newlines, so no quoted newlines: a journey without the
# comment column (the demo journey has no quoted fields).
cut -d, -f1-7 testdata/demo/journey.csv >"$t/j.csv"
cjm-ingest -q -j "$t/j.csv" --segment Persona testdata/demo/exports/*.csv \
    >"$t/r.csv" 2>"$t/ingest.err" || { cat "$t/ingest.err"; exit 1; }
if grep -q '"' "$t/r.csv"; then echo "quoted fields in the input"; exit 1; fi
# The scripts from docs/scale-out.md, word for word.
sed -n '/^    # mapper.sh$/,/^$/p' docs/scale-out.md | sed 's/^    //' >"$t/mapper.sh"
sed -n '/^    # reducer.sh/,/^$/p' docs/scale-out.md | sed 's/^    //' >"$t/reducer.sh"
grep -q cjm-kpi "$t/mapper.sh" && grep -q cjm-merge "$t/reducer.sh" ||
    { echo "mapper/reducer not found in docs/scale-out.md"; exit 1; }
tail -n +2 "$t/r.csv" | (cd "$t" && split -l 5000 - part.)
n=0
for p in "$t"/part.*; do
	sh "$t/mapper.sh" <"$p" >"$p.out" || { echo "mapper failed on $p"; exit 1; }
	n=$((n + 1))
done
[ "$n" -ge 4 ] || { echo "only $n splits"; exit 1; }
cat "$t"/part.*.out | LC_ALL=C sort | sh "$t/reducer.sh" >"$t/merged.csv" ||
    { echo "reducer failed"; exit 1; }
cjm-kpi --period month --journey "$t/r.csv" >"$t/one.csv" || exit 1
if ! cmp "$t/one.csv" "$t/merged.csv"; then
	diff "$t/one.csv" "$t/merged.csv" | head -n 20
	exit 1
fi
echo "streaming recipe: $n splits merged into the bytes of one pass ($(wc -l <"$t/one.csv") lines)"
