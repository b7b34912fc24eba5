#!/bin/sh
# Builds the libFuzzer harnesses with clang and runs each for a while:
#	sh tests/fuzz/run.sh [seconds per harness (default 60)] [outdir]
# Not part of make check (it needs clang with libFuzzer).  Seed corpora
# come from testdata/; crashes are written to outdir (default a mktemp
# directory), with the command that reproduces them.
secs=${1:-60}
out=${2:-$(mktemp -d /tmp/cjm-libfuzzer.XXXXXX)} || exit 1
command -v clang >/dev/null 2>&1 || { echo "no clang"; exit 77; }
mkdir -p "$out/obj" || exit 1
fl="-g -O1 -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Ilib \
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
lib=
for m in csvr decode err hdr journey label num stat when xmalloc; do
	# shellcheck disable=SC2086
	clang $fl -c -o "$out/obj/$m.o" "lib/$m.c" || exit 1
	lib="$lib $out/obj/$m.o"
done
status=0
for h in decode text files stat; do
	# shellcheck disable=SC2086
	clang $fl -fsanitize=fuzzer -o "$out/fz_$h" "tests/fuzz/fz_$h.c" $lib \
	    -lcsv -lgsl -lgslcblas -lm || exit 1
	corpus=$out/corpus-$h
	mkdir -p "$corpus"
	case $h in
	decode) for f in testdata/ingest/*; do
		{ printf '\000'; cat "$f"; } >"$corpus/$(basename "$f")"; done ;;
	text) i=0
		for s in 2026-11-05T10:00:00 "11/05/2026 10:00 PM" \
		    "5 Nov 2026" "Very satisfied" "10 - Extremely likely" \
		    "4,0" 1-5 0-10 5-1 nps; do
			i=$((i + 1)); printf '\001%s' "$s" >"$corpus/$i"
		done ;;
	stat) printf '\000\001\002\003\004\005\006' >"$corpus/1" ;;
	files) for f in testdata/ingest/j-*.csv; do
		{ printf '\001'; cat "$f"; } >"$corpus/$(basename "$f")"; done
		{ printf '\000'; cat testdata/ingest/labels.csv; } \
		    >"$corpus/labels" ;;
	esac
	(cd "$out" && "./fz_$h" -max_total_time="$secs" -max_len=65536 \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    "corpus-$h" >"fz_$h.log" 2>&1) ||
	    { status=1; echo "fz_$h: failure, see $out/fz_$h.log"; }
	tail -n 3 "$out/fz_$h.log"
done
echo "libfuzzer: output in $out"
exit $status
