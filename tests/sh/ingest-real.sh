#!/bin/sh
# cjm-ingest on every real export in ../shared/exports-real/ (never copied
# into the tree), with the journey files of testdata/journeys/.  The
# expected counts were derived independently of cjm-ingest: by reading
# each raw file with Python's csv module (after decoding it by hand:
# UTF-8-sig, cp1252 for the two non-UTF-8 files, CR -> LF) and counting,
# for the journey's columns, the non-excluded rows (Qualtrics Status
# Survey Preview / Survey Test / Spam, or codes 1 2 8 9 12 17), the
# cells holding a valid answer (a whole number on the scale, or one of
# the labels listed in the journey's .labels file or the platform's
# satisfaction labels), blank cells (no answer), N/A and other opt-out
# cells ("Unfamiliar (N/A)", "Don't know", ...: no answer, counted as
# not applicable), and the rest (rejected).  See the numbers checked by
# hand in each comment.
shared=$(pwd)/../shared/exports-real
if [ ! -d "$shared" ]; then
	echo "skip: $shared is absent (the real exports live beside the tree)"
	exit 77
fi
J=testdata/journeys
fail=0
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT

# check NAME JOURNEY EXPORT "rows responses answers excluded duplicates
# rejected not-applicable" [options...]
check() {
	name=$1 j=$2 f=$3 want=$4
	shift 4
	l=
	[ -f "$J/$j.labels" ] && l="--labels $J/$j.labels"
	cjm-ingest -j "$J/$j.csv" $l -r "$t/$name.rej" "$@" "$shared/$f" \
	    >"$t/$name.out" 2>"$t/$name.err"
	s=$?
	got=$(sed -n 's/.*: \([0-9]*\) rows*, \([0-9]*\) responses* ([0-9]* without an answer), \([0-9]*\) answers*, \([0-9]*\) excluded.*, \([0-9]*\) not applicable, \([0-9]*\) duplicates*, \([0-9]*\) rejected.*/\1 \2 \3 \4 \6 \7 \5/p' "$t/$name.err" | tail -n 1)
	if [ "$s" -ne 0 ] || [ "$got" != "$want" ]; then
		echo "FAIL $name: status $s, got '$got', want '$want'"
		cat "$t/$name.err"
		fail=1
		return
	fi
	# The table has a row per answer: count the records with awk
	# (quoted fields may hold newlines: count quotes).
	n=$(awk '{ q += gsub(/"/, "\"") } q % 2 == 0 { n++ } END { print n - 1 }' "$t/$name.out")
	a=$(echo "$want" | cut -d' ' -f3)
	if [ "$n" != "$a" ]; then
		echo "FAIL $name: $n output records, want $a"
		fail=1
	fi
	# Every rejected cell is in the rejects file.
	r=$(awk '{ q += gsub(/"/, "\"") } q % 2 == 0 { n++ } END { print n - 1 }' "$t/$name.rej")
	if [ "$r" != "$(echo "$want" | cut -d' ' -f6)" ]; then
		echo "FAIL $name: $r rejects written"
		fail=1
	fi
	echo "ok $name: $got"
}

# 45 data rows; Status: 1 Survey Preview, 2 Spam; 42 responses, of
# which 15 (unfinished) answer nothing; 108 answers over Q3.2, Q3.13,
# Q3.7, Q37.
check cats qualtrics_cats_salami qualtrics_cats_salami_nps_group.csv \
    "45 42 108 3 0 0 0"
# 44 rows: 2 Survey Preview, 15 Survey Test; 27 responses, 26 CSAT
# labels (one unfinished row blank).
check beskar qualtrics_beskar_armor qualtrics_beskar_armor_csat_choice_text.csv \
    "44 27 26 17 0 0 0"
check german qualtrics_v3_german qualtrics_v3_sample_german_labels.csv \
    "1 1 1 0 0 0 0"
check legacy qualtrics_legacy_2017 qualtrics_legacy_2017_sample_bom.csv \
    "1 1 1 0 0 0 0"
# Every row is Status 2 (Survey Test, generated data): all excluded...
check insights qualtrics_2016_insights qualtrics_2016_insights_matrix_pydict_importid.csv \
    "5 0 0 5 0 0 0"
# ... unless asked for: 5 x 5 cells, the recoded Q4_1 (10-13) out of
# range on a 1-5 scale: 20 answers, 5 rejected.
check insights-previews qualtrics_2016_insights qualtrics_2016_insights_matrix_pydict_importid.csv \
    "5 5 20 0 0 5 0" --include-previews
# 550 respondents: 546 chose a lottery, 432 a steak doneness (the rest
# blank): 978 answers.
check steak surveymonkey_steak surveymonkey_fte_steak_risk_2header.csv \
    "550 550 978 0 0 0 0"
# Bare CR, cp1252 fallback; "Unfamiliar (N/A)" is no answer: 5 such
# cells in the three character columns (27 blank, 148 labels).
check starwars surveymonkey_starwars surveymonkey_fte_starwars_orig_cr_macroman_head.csv \
    "60 60 148 0 0 0 5"
check google google_forms_options google_forms_direct_download_all_quoted.csv \
    "3 3 9 0 0 0 0"
check msforms ms_forms_hotdog ms_forms_excel_saved_cp1252.csv \
    "187 187 187 0 0 0 0"
# 0-10 questions on the current employer: answered by the 50 who are not
# self-employed; on a previous one: by the 50 who had one; the other two
# by all 60: 4 x 50 + 2 x 60 = 320 answers.
check typeform typeform_osmi_2018 typeform_osmi_2018_head.csv \
    "60 60 320 0 0 0 0"

# The same export twice (overlapping nightly exports): the second copy
# adds nothing, its 42 respondents are duplicates.
cjm-ingest -j "$J/qualtrics_cats_salami.csv" \
    --labels "$J/qualtrics_cats_salami.labels" \
    "$shared/qualtrics_cats_salami_nps_group.csv" \
    "$shared/qualtrics_cats_salami_nps_group.csv" >"$t/twice.out" 2>"$t/twice.err"
if ! grep -q 'total: 90 rows, 42 responses (15 without an answer), 108 answers, 6 excluded (survey preview 2, spam 4), 0 not applicable, 42 duplicates, 0 rejected' "$t/twice.err"; then
	echo "FAIL twice:"; cat "$t/twice.err"; fail=1
else
	echo "ok twice"
fi

# The MS Forms dates (9/1/2024 11:27) never settle the day/month order:
# read as month/day with a warning.
if ! grep -q "day/month order" "$t/msforms.err" ||
    ! grep -q '^1,2024-09-01T11:27:00,1,' "$t/msforms.out"; then
	echo "FAIL msforms dates"; cat "$t/msforms.err"; head -3 "$t/msforms.out"; fail=1
fi
exit $fail
