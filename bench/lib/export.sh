# bench/lib/export.sh -- the bench export, sourced by bench/ingest.sh and
# bench/nightly.sh: a Qualtrics-shaped export (3 header rows, Status,
# ResponseId, EndDate) of N respondents x 10 touchpoints, completed over
# 2026-11-01..28; answers are numbers, choice-text labels and some blanks,
# a comment for every tenth respondent.  Fixed seed: the same bytes every
# time.
#
#	bench_export N FILE	writes FILE unless it is there
#	bench_journey FILE	its journey file

bench_export() {
	n=$1 csv=$2
	[ -s "$csv" ] && return 0
	awk -v n="$n" 'BEGIN {
		srand(42)
		printf "StartDate,EndDate,Status,Progress,Finished,ResponseId"
		for (q = 1; q <= 10; q++) printf ",Q%d", q
		printf ",Q11_TEXT\r\n"
		printf "Start Date,End Date,Response Type,Progress,Finished,Response ID"
		for (q = 1; q <= 10; q++) printf ",Touchpoint %d question", q
		printf ",Comment\r\n"
		printf "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\""
		for (q = 1; q <= 10; q++) printf ",\"{\"\"ImportId\"\":\"\"QID%d\"\"}\"", q
		printf ",\"{\"\"ImportId\"\":\"\"QID11_TEXT\"\"}\"\r\n"
		split("Extremely dissatisfied,Somewhat dissatisfied,Neither satisfied nor dissatisfied,Somewhat satisfied,Extremely satisfied", lab, ",")
		for (i = 1; i <= n; i++) {
			d = 1 + i % 28; h = i % 24; m = i % 60
			printf "2026-11-%02d %02d:%02d:00,2026-11-%02d %02d:%02d:30,%s,100,True,R_%011d", d, h, m, d, h, m, (i % 200 == 0) ? "Survey Preview" : "IP Address", i
			for (q = 1; q <= 10; q++) {
				r = int(rand() * 100)
				if (r < 5) printf ","
				else if (q <= 4) printf ",%d", r % 11
				else if (q <= 7) printf ",%s", lab[1 + r % 5]
				else printf ",%d", 1 + r % 7
			}
			if (i % 10 == 0) printf ",\"Fast, friendly\nand helpful\"\r\n"
			else printf ",\r\n"
		}
	}' >"$csv.tmp" && mv "$csv.tmp" "$csv"
}

bench_journey() {
cat >"$1" <<'EOF'
stage,touchpoint,channel,metric,scale,column,target,comment
Awareness,Ad,online,nps,0-10,Q1,,
Awareness,Store,offline,nps,0-10,Q2,,
Consideration,Website,online,nps,0-10,Q3,,
Consideration,Call centre,offline,nps,0-10,Q4,,
Purchase,Checkout,online,csat,1-5,QID5,,Q11_TEXT
Purchase,Payment,online,csat,1-5,Q6,,
Delivery,Delivery,offline,csat,1-5,Touchpoint 7 question,,
Support,Chat,online,ces,1-7,Q8,,
Support,Phone,offline,ces,1-7,Q9,,
Loyalty,Renewal,online,ces,1-7,Q10,,
EOF
}
