/*
 * t_journey.c -- the journey file: parsing, validation, error lines.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journey.h"
#include "t.h"

static char path[64];

/* Writes n bytes (which may hold a NUL) to a temporary file and loads
 * them. */
static struct journey *
loadn(const char *text, size_t n, unsigned long *line, char *err,
    size_t errsz)
{
	int fd;
	FILE *fp;

	strcpy(path, "/tmp/t_journey.XXXXXX");
	if ((fd = mkstemp(path)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		perror("mkstemp");
		exit(1);
	}
	fwrite(text, 1, n, fp);
	fclose(fp);
	err[0] = '\0';
	return journey_load(path, line, err, errsz);
}

/* Writes text to a temporary file and loads it. */
static struct journey *
load(const char *text, unsigned long *line, char *err, size_t errsz)
{
	return loadn(text, strlen(text), line, err, errsz);
}

/* Expects an error on line want whose message contains msg. */
static void
bad(const char *text, unsigned long want, const char *msg)
{
	struct journey *j;
	unsigned long line = 99;
	char err[256];

	j = load(text, &line, err, sizeof(err));
	T_CHECK(j == NULL);
	if (line != want || strstr(err, msg) == NULL)
		fprintf(stderr, "got line %lu '%s', want line %lu '%s'\n",
		    line, err, want, msg);
	T_CHECK(line == want);
	T_CHECK(strstr(err, msg) != NULL);
	journey_free(j);
	unlink(path);
}

int
main(void)
{
	struct journey *j;
	unsigned long line;
	char err[256];
	int w, b;

	j = load("stage,touchpoint,channel,metric,scale,column,target,comment\n"
	    "Consideration,Website,online,ces,1-7,Q2_1,5.5,Q2_TEXT\n"
	    "Purchase,Checkout,online,csat,1-5,\"How satisfied, really?\",,\n"
	    "Loyalty,Overall,store,nps,0-10,QID4,-20,\n"
	    "Support,Call,offline,ces,5-1,Q9,,\n", &line, err, sizeof(err));
	T_CHECK(j != NULL);
	if (j == NULL) {
		fprintf(stderr, "%lu: %s\n", line, err);
		return t_done("t_journey");
	}
	unlink(path);
	T_CHECK(j->n == 4);
	T_STREQ(j->row[0].stage, "Consideration");
	T_CHECK(j->row[0].metric == JOURNEY_CES);
	T_CHECK(j->row[0].lo == 1 && j->row[0].hi == 7);
	T_NEAR(j->row[0].target, 5.5, 0);
	T_STREQ(j->row[0].comment, "Q2_TEXT");
	T_CHECK(j->row[0].step == 1 && j->row[0].line == 2);
	T_STREQ(j->row[1].column, "How satisfied, really?");
	T_CHECK(isnan(j->row[1].target));
	T_CHECK(j->row[1].comment == NULL);
	T_CHECK(j->row[1].channel_odd == 0);
	T_CHECK(j->row[2].channel_odd == 1);
	T_CHECK(j->row[2].metric == JOURNEY_NPS);
	T_NEAR(j->row[2].target, -20, 0);
	T_CHECK(j->row[3].worst == 5 && j->row[3].best == 1);
	T_CHECK(j->row[3].lo == 1 && j->row[3].hi == 5);
	T_STREQ(j->row[3].scale, "5-1");
	T_CHECK(j->row[3].step == 4 && j->row[3].line == 5);
	journey_free(j);
	journey_free(NULL);

	/* Columns in another order, unknown ones ignored, ';' and a BOM. */
	j = load("\xEF\xBB\xBF" "column;metric;scale;note;stage;touchpoint;"
	    "channel\r\nQ1;nps;0-10;x;A;B;online\r\n", &line, err,
	    sizeof(err));
	T_CHECK(j != NULL && j->n == 1);
	if (j != NULL) {
		T_STREQ(j->row[0].column, "Q1");
		T_STREQ(j->row[0].channel, "online");
	}
	journey_free(j);
	unlink(path);

	/* Empty and unknown columns, empty rows and stray spaces a
	 * spreadsheet leaves are ignored. */
	j = load("stage,touchpoint,channel,metric,scale,column,,notes,\n"
	    ",,,,,,,,\n"
	    " A ,B,online,nps ,0-10, Q1,,x,\n"
	    ",,,,,,,\n", &line, err, sizeof(err));
	T_CHECK(j != NULL && j->n == 1);
	if (j != NULL) {
		T_STREQ(j->row[0].stage, "A");
		T_STREQ(j->row[0].column, "Q1");
		T_CHECK(j->row[0].step == 1 && j->row[0].line == 3);
	}
	journey_free(j);
	unlink(path);

	/* Excel, French, Windows: cp1252, ';', bare CR. */
	j = load("stage;touchpoint;channel;metric;scale;column\r"
	    "Fid\xe9lit\xe9;Caisse;offline;csat;1-5;Satisfaction\r", &line,
	    err, sizeof(err));
	T_CHECK(j != NULL && j->n == 1);
	if (j != NULL) {
		T_STREQ(j->row[0].stage, "Fid\xc3\xa9lit\xc3\xa9");
		T_STREQ(j->row[0].column, "Satisfaction");
	}
	journey_free(j);
	unlink(path);

	/* Multi-line quoted fields: step counts rows, line counts lines. */
	j = load("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10,\"two\nlines\"\nA,C,online,nps,0-10,Q2\n",
	    &line, err, sizeof(err));
	T_CHECK(j != NULL && j->n == 2);
	if (j != NULL) {
		T_CHECK(j->row[1].step == 2 && j->row[1].line == 4);
		T_STREQ(j->row[0].column, "two\nlines");
	}
	journey_free(j);
	unlink(path);

	T_CHECK(journey_scale_parse("0-10", &w, &b) == 0 && w == 0 && b == 10);
	T_CHECK(journey_scale_parse("7-1", &w, &b) == 0 && w == 7 && b == 1);
	T_CHECK(journey_scale_parse("1-1", &w, &b) == -1);
	T_CHECK(journey_scale_parse("1-11", &w, &b) == -1);
	T_CHECK(journey_scale_parse("-1-5", &w, &b) == -1);
	T_CHECK(journey_scale_parse("1--5", &w, &b) == -1);
	T_CHECK(journey_scale_parse("1-5x", &w, &b) == -1);
	T_CHECK(journey_scale_parse("15", &w, &b) == -1);
	T_CHECK(journey_metric_parse("csat") == JOURNEY_CSAT);
	T_CHECK(journey_metric_parse("CSAT") == -1);
	T_STREQ(journey_metric_name(JOURNEY_CES), "ces");

	bad("", 0, "empty journey file");
	bad("stage,touchpoint,channel,metric,scale,column\n", 0,
	    "no touchpoints");
	bad("stage,touchpoint,channel,metric,column\nA,B,online,nps,Q1\n", 1,
	    "missing column 'scale'");
	bad("stage,touchpoint,channel,metric,scale,column,stage\n", 1,
	    "duplicate column 'stage'");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10,Q1\nA,C,online,nsp,0-10,Q2\n", 3,
	    "unknown metric 'nsp'");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,csat,1-50,Q1\n", 2, "bad scale '1-50'");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,1-10,Q1\n", 2, "nps needs scale 0-10");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10,\n", 2, "empty 'column'");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10,Q1\n\nA,B,offline,nps,0-10,Q3\n", 4,
	    "duplicate touchpoint A/B/nps: already on line 2");
	bad("stage,touchpoint,channel,metric,scale,column,target\n"
	    "A,B,online,csat,1-5,Q1,120\n", 2, "target '120' out of range");
	bad("stage,touchpoint,channel,metric,scale,column,target\n"
	    "A,B,online,ces,1-7,Q1,8\n", 2, "target '8' out of range");
	bad("stage,touchpoint,channel,metric,scale,column,target\n"
	    "A,B,online,ces,1-7,Q1,high\n", 2, "bad target 'high'");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10\n", 2, "record has 5 fields, header has 6");
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10,\"Q1\n", 2, "unterminated");
	/* duplicates: the same triple only; the first repeat in file order
	 * wins over a later error; "A,B" + "C" is not "A" + "B,C" */
	bad("stage,touchpoint,channel,metric,scale,column\n"
	    "A,B,online,nps,0-10,Q1\nA,B,online,csat,1-5,Q2\n"
	    "A,C,online,nps,0-10,Q3\nA,B,online,csat,1-5,Q4\n"
	    "A,B,online,nps,0-10,Q5\nA,B,online,xyz,1-5,Q6\n", 5,
	    "duplicate touchpoint A/B/csat: already on line 3");
	j = load("stage,touchpoint,channel,metric,scale,column\n"
	    "\"A,B\",C,online,nps,0-10,Q1\nA,\"B,C\",online,nps,0-10,Q2\n"
	    "AB,C,online,nps,0-10,Q3\nA,BC,online,nps,0-10,Q4\n",
	    &line, err, sizeof(err));
	T_CHECK(j != NULL && j->n == 4);
	journey_free(j);
	unlink(path);
	/* a long journey: every row checked against every earlier one,
	 * in linear time (pairwise, 100000 rows took 20 s) */
	{
		size_t cap = 64 * 100002, len, i;
		char *big = malloc(cap);

		len = (size_t)snprintf(big, cap, "stage,touchpoint,channel,"
		    "metric,scale,column\n");
		for (i = 0; i < 100000; i++)
			len += (size_t)snprintf(big + len, cap - len,
			    "S%zu,T%zu,online,nps,0-10,Q\n", i % 7, i);
		j = load(big, &line, err, sizeof(err));
		T_CHECK(j != NULL && j->n == 100000);
		T_CHECK(j != NULL && j->row[99999].step == 100000);
		journey_free(j);
		unlink(path);
		snprintf(big + len, cap - len, "S4,T12345,offline,nps,0-10,R\n");
		bad(big, 100002, "duplicate touchpoint S4/T12345/nps: already "
		    "on line 12347");
		free(big);
	}
	/* The event column: the funnel's steps are the touchpoints with an
	 * event, in journey order, one per touchpoint. */
	j = load("stage,touchpoint,channel,metric,scale,column,event\n"
	    "A,Site,online,ces,1-7,Q1, view_item \n"
	    "A,Ad,online,csat,1-5,Q2,\n"
	    "B,Cart,online,csat,1-5,Q3,add_to_cart\n"
	    "B,Cart,online,nps,0-10,Q4,add_to_cart\n"
	    "B,Store,offline,nps,0-10,Q5,\n"
	    "C,Pay,online,ces,1-7,Q6,purchase\n", &line, err, sizeof(err));
	T_CHECK(j != NULL);
	if (j != NULL) {
		T_CHECK(j->nstep == 3);
		T_CHECK(j->nstep == 3 && j->step[0].row == 0 &&
		    j->step[1].row == 2 && j->step[2].row == 5);
		T_STREQ(j->step[0].event, "view_item");
		T_STREQ(j->step[1].event, "add_to_cart");
		T_STREQ(j->row[3].event, "add_to_cart");
		T_STREQ(j->step[2].event, "purchase");
		T_CHECK(j->row[1].event == NULL && j->row[4].event == NULL);
	}
	journey_free(j);
	unlink(path);
	/* steps in journey order whatever the event names' order */
	j = load("stage,touchpoint,channel,metric,scale,column,event\n"
	    "A,T1,online,ces,1-7,Q1,zz\nA,T2,online,ces,1-7,Q2,aa\n"
	    "A,T3,online,ces,1-7,Q3,mm\nA,T1,online,nps,0-10,Q4,zz\n",
	    &line, err, sizeof(err));
	T_CHECK(j != NULL && j->nstep == 3);
	if (j != NULL && j->nstep == 3) {
		T_STREQ(j->step[0].event, "zz");
		T_STREQ(j->step[1].event, "aa");
		T_STREQ(j->step[2].event, "mm");
	}
	journey_free(j);
	unlink(path);
	/* no event column, or an empty one: no funnel */
	j = load("stage,touchpoint,channel,metric,scale,column,event\n"
	    "A,T1,online,ces,1-7,Q1,\n", &line, err, sizeof(err));
	T_CHECK(j != NULL && j->nstep == 0 && j->step != NULL);
	journey_free(j);
	unlink(path);
	bad("stage,touchpoint,channel,metric,scale,column,event\n"
	    "A,T1,online,ces,1-7,Q1,a\nA,T2,online,ces,1-7,Q2,b\n"
	    "A,T1,online,nps,0-10,Q3,c\n", 4, "touchpoint A/T1 has two "
	    "events: 'c' here, 'a' on line 2");
	bad("stage,touchpoint,channel,metric,scale,column,event\n"
	    "A,T1,online,ces,1-7,Q1,a\nA,T2,online,ces,1-7,Q2,b\n"
	    "B,T1,online,nps,0-10,Q3,b\n", 4, "event 'b' marks two "
	    "touchpoints: B/T1 here, A/T2 on line 3");
	/* the earliest conflict in the file is the one reported */
	bad("stage,touchpoint,channel,metric,scale,column,event\n"
	    "A,T1,online,ces,1-7,Q1,a\nA,T2,online,ces,1-7,Q2,a\n"
	    "A,T1,online,nps,0-10,Q3,z\n", 3, "event 'a' marks two "
	    "touchpoints: A/T2 here, A/T1 on line 2");
	bad("stage,touchpoint,channel,metric,scale,column,event,event\n",
	    1, "duplicate column 'event'");
	T_CHECK(journey_load("/nonexistent/j.csv", &line, err,
	    sizeof(err)) == NULL);
	T_CHECK(strstr(err, "No such file") != NULL);
	/* A NUL, or a byte that is not UTF-8 in a UTF-8 file: an error with
	 * its line, never a name cut short or guessed (issue 9 items 7, 9). */
	{
		static const char nul[] = "stage,touchpoint,channel,metric,"
		    "scale,column\nA,Purch\0ase,online,csat,1-5,q1\n";
		static const char bad8[] = "stage,touchpoint,channel,metric,"
		    "scale,column\nD\xC3\xA9part,Site,online,csat,1-5,q1\n"
		    "A,Caf\xE9,online,csat,1-5,q2\nB,R\xC3\xA9seau,online,"
		    "csat,1-5,q3\n";

		line = 0;
		j = loadn(nul, sizeof(nul) - 1, &line, err, sizeof(err));
		T_CHECK(j == NULL && line == 2 && strcmp(err, "NUL character")
		    == 0);
		unlink(path);
		j = loadn(bad8, sizeof(bad8) - 1, &line, err, sizeof(err));
		T_CHECK(j == NULL && line == 3 &&
		    strncmp(err, "invalid UTF-8", 13) == 0);
		unlink(path);
	}
	return t_done("t_journey");
}
