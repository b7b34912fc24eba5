/*
 * cjm-ingest -- survey exports -> the response table.
 *
 * Reads the CSV exports of survey platforms (Qualtrics, SurveyMonkey,
 * Google Forms, Microsoft Forms, Typeform, QuestionPro, or any CSV with
 * one header row) and a journey file naming, for each touchpoint, the
 * export column holding its NPS, CSAT or CES answer; writes one row per
 * valid answer (docs/formats.md section 2).  Bytes are decoded first
 * (lib/decode: BOM, UTF-16, Windows-1252, bare CR, delimiter), the
 * header rows are recognised (header.c), answers are scored by
 * lib/label and dates by lib/when.
 *
 * Streaming: one record at a time.  Two things are kept in memory: the
 * set of respondent ids seen (to count a respondent once across files;
 * it grows with respondents, a few dozen bytes each) and, while the
 * day/month order of a file's dates is still open, the output of the
 * records read since (at most SPOOL_MAX records, then the convention
 * month/day is taken).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "csvr.h"
#include "csvw.h"
#include "decode.h"
#include "err.h"
#include "hdr.h"
#include "ingest.h"
#include "journey.h"
#include "label.h"
#include "mem.h"
#include "num.h"
#include "pipe.h"
#include "tbl.h"
#include "when.h"
#include "xmalloc.h"

#define SYNOPSIS "cjm-ingest -j journey.csv [-q] [--strict] [-p platform] " \
	"[-e encoding] [-d delim] [--header-row n] [--id col] [--time col] " \
	"[-s col]... " \
	"[-w col] [--labels file]... [-r rejects.csv] [--date-order mdy|dmy] " \
	"[--include-previews] [--seen ids.csv]... [--ids ids.csv] " \
	"[export.csv ...]"

static const char HELP[] =
"usage: " SYNOPSIS "\n"
"       cjm-ingest --draft-journey [-p platform] [-e encoding] [-d delim]\n"
"           [--header-row n] [--labels file]... [export.csv]\n"
"\n"
"Reads survey exports (none or - = stdin) and writes the response table:\n"
"one CSV row per valid answer to a touchpoint question of the journey.\n"
"\n"
"  -j, --journey FILE      the journey file (stage,touchpoint,channel,\n"
"                          metric,scale,column[,target][,comment])\n"
"      --draft-journey     write a draft journey file for one export instead\n"
"  -p, --platform NAME     qualtrics, surveymonkey, google, msforms, typeform,\n"
"                          questionpro, generic (default: detected)\n"
"  -e, --encoding NAME     auto, utf-8, utf-16, utf-16le, utf-16be, cp1252,\n"
"                          latin1, macroman (default auto)\n"
"  -d, --delimiter C       , ; or tab (default: sniffed)\n"
"      --header-row N      the header is record N (default: the first, or\n"
"                          where the journey's columns are, in the first 10)\n"
"      --id COL            respondent id column (default per platform)\n"
"      --time COL          completion time column (default per platform)\n"
"  -s, --segment COL       segment column; repeat for several\n"
"  -w, --weight COL        weight column (positive numbers)\n"
"      --labels FILE       more answer labels (set,label,score); repeatable\n"
"  -r, --rejects FILE      write rejected cells and records there (CSV)\n"
"      --strict            any rejected cell or record is an error\n"
"      --date-order ORDER  mdy or dmy for a/b/yyyy dates (default: the data)\n"
"      --include-previews  keep Qualtrics Survey Preview and Survey Test rows\n"
"      --seen FILE         respondents seen before (a table with a respondent\n"
"                          column, e.g. an earlier run's --ids): duplicates\n"
"      --ids FILE          write the respondent ids this run saw first (CSV)\n"
"  -q, --quiet             no summary on stderr\n"
"      --help, --version\n"
"\n"
"Exit status: 0 ok, 1 data or I/O error (or every export left out), 2 usage,\n"
"3 some exports left out (the output holds the others).  See cjm-ingest(1).\n";

#define OVER		64	/* bytes ob_short() copies at least */
#define OUTBUF		(1 << 16)	/* stdout's buffer, bytes */
#define SPOOL_MAX	50000	/* records held while dates are ambiguous */
#define TIMEMAX		128	/* a longer time cell is no date: rejected */
#define MAXSEG		16
#define HUGEPAGE	((size_t)2 << 20)	/* x86-64, arm64 with 4 KiB pages */

struct opts {
	const char	*journey;
	enum platform	 platform;
	enum dec_enc	 enc;
	char		 delim;
	const char	*id, *time, *weight;
	const char	*seg[MAXSEG];
	int		 nseg;
	const char	*labels[MAXSEG];
	int		 nlabels;
	const char	*rejects;
	int		 strict, quiet, previews;
	int		 header_row;	/* --header-row; 0 = found */
	int		 draft;		/* --draft-journey */
	enum when_order	 order;
	const char	**seen;		/* --seen files */
	int		 nseen;
	const char	*ids;		/* --ids */
};

/* Why a response was left out. */
enum { X_PREVIEW, X_TEST, X_SPAM, NEXCL };
static const char *const exclname[NEXCL] = {
	"survey preview", "survey test", "spam"
};

/* Why a cell or record was rejected (summary buckets). */
static const char *const reasons[] = {
	"out of range", "not a whole number", "unknown label",
	"ambiguous label", "label of another scale", "ragged record",
	"malformed quoting", "unterminated quoted field", "invalid weight",
	"invalid date", "without a time", "invalid UTF-8", "NUL character",
	"invalid answer"
};
#define NREASON (sizeof(reasons) / sizeof(reasons[0]))

struct counts {
	unsigned long	 rows;		/* data records read */
	unsigned long	 responses;	/* records that count */
	unsigned long	 noanswer;	/* ... of which without an answer */
	unsigned long	 answers;	/* rows written */
	unsigned long	 na;		/* cells saying "no answer" */
	unsigned long	 dup;		/* respondents seen before */
	unsigned long	 notime;	/* responses with answers, without a
					 * usable time */
	unsigned long	 excl[NEXCL];
	unsigned long	 rej[NREASON];
};

/* The set of respondent ids: open addressing over an arena of strings. */
struct idslot {
	uint32_t	 off;		/* offset + 1 into arena; 0 empty */
	uint32_t	 hash;
};

struct idset {
	struct idslot	*slot;		/* offset and hash side by side: one
					 * cache miss per probe, not two */
	size_t		 cap, n;
	char		*arena;
	size_t		 alen, acap;
};

/* Output held while a file's day/month order is open. */
struct spool {
	FILE		*fp;
	char		*buf;
	size_t		 len;
	size_t		*off;		/* where each row's time goes */
	size_t		*tix;		/* its time: offset into times */
	size_t		 n, cap;
	char		*times;		/* "=iso" or "?raw", NUL-separated */
	size_t		 tlen, tcap;
	unsigned long	 nrec;
};

/* A growing byte buffer. */
struct obuf {
	char		*p;
	size_t		 len, cap;
};

/*
 * Answers repeat (a column holds a handful of labels), so each column
 * remembers its last scorings: labels_score() folds labels, which is
 * most of the work on a choice-text export.
 */
#define CACHE	64
#define CACHELEN 48

struct memo {
	char		 cell[CACHELEN];	/* "" = empty slot */
	long		 score;
	int		 rc;
	const char	*why;
};

/* Per journey row, per file: where its cells are. */
struct bind {
	struct memo	 memo[CACHE];
	int		 col;		/* -1: not asked in this export */
	int		 comment;	/* -1: none */
	int		 nocomment;	/* the journey's comment column is
					 * not in this export */
	char		*pre;		/* ",step,stage,touchpoint,channel,"
					 * then ",metric,scale," (at pre +
					 * prelen), then OVER NULs */
	size_t		 prelen, midlen;
};

struct ingest {
	struct opts	*o;
	struct journey	*j;
	struct labels	*lab;
	FILE		*out;
	FILE		*rej;
	struct csvw	 rw;
	struct csvr	*r;		/* the reader, for raw records */
	FILE		*fp;		/* the decoded export */
	struct csvr	*rd;		/* the reader, for die() at any time */
	struct decode_info info;	/* the file's decoding, updated as it
					 * is read */
	char		**jfold;	/* journey column specs, folded */
	struct jstat {
		int	 found;		/* in some export */
		char	*sug;		/* "closest: ..." in the first export
					 * without it */
		char	*where;		/* that export */
	}		*js;		/* per journey row, over the run */
	const char	**specs;	/* the journey's column specs */
	int		 nok, nleft;	/* exports ingested, left out */
	int		 nread;		/* exports whose header was read */
	int		 headed;	/* the output's header is written */
	const char	*sugat;		/* "closest: ..." in find_col's msg */
	unsigned long	 notime_warned;
	struct idset	 ids;
	const char	*pk_this, *pk_next;	/* ids peeked at: this
					 * record's, the next one's */
	size_t		 pk_thislen, pk_nextlen;
	uint32_t	 pk_thishash, pk_nexthash;
	struct counts	 tot, c;
	int		 nfiles;
	/* the file being read */
	const char	*path;
	const char	*fname;		/* for messages and ids */
	struct head	 h;
	struct bind	*b;
	int		 idcol, timecol, statcol, weightcol;
	int		 segcol[MAXSEG];
	int		 comma_dec;
	enum when_order	 order;		/* settled, forced or UNKNOWN */
	int		 amb_seen;
	char		 amb_example[TIMEMAX + 1];
	struct spool	 sp;
	struct obuf	 ob;		/* response rows not yet written:
					 * out_flush() */
	size_t		 outmin;	/* ... from this many bytes on */
	int		 outerr;	/* write(2) failed: all via stdio */
	struct obuf	 idb, wb, segb;	/* its id, weight and segment, whole
					 * (grown once, reused) */
	struct obuf	 qid, qseg;	/* id and segment as written (quoted
					 * once per record, not per row) */
	struct obuf	 ub;		/* a rejected value without marks */
	long		*score;		/* per journey row; LONG_MIN none */
	char		*cbad;		/* per journey row: its comment has a
					 * decoder mark (rejected) */
	int		 marks;		/* the record may hold marks */
	int		 tempty;	/* its time cell is empty */
	/* progress */
	int		 tty;
	struct timespec	 t0, tlast;
	int		 progress_shown;
};

static void
usage(void)
{
	die_usage(SYNOPSIS);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_ID = 256, O_TIME, O_LABELS, O_STRICT, O_ORDER, O_PREVIEWS,
		O_HEADER_ROW, O_DRAFT, O_SEEN, O_IDS };
	static const struct option lo[] = {
		{ "journey", required_argument, NULL, 'j' },
		{ "platform", required_argument, NULL, 'p' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "id", required_argument, NULL, O_ID },
		{ "time", required_argument, NULL, O_TIME },
		{ "segment", required_argument, NULL, 's' },
		{ "weight", required_argument, NULL, 'w' },
		{ "labels", required_argument, NULL, O_LABELS },
		{ "rejects", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "date-order", required_argument, NULL, O_ORDER },
		{ "include-previews", no_argument, NULL, O_PREVIEWS },
		{ "header-row", required_argument, NULL, O_HEADER_ROW },
		{ "draft-journey", no_argument, NULL, O_DRAFT },
		{ "seen", required_argument, NULL, O_SEEN },
		{ "ids", required_argument, NULL, O_IDS },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, v;
	long lv;

	memset(o, 0, sizeof(*o));
	o->platform = P_AUTO;
	o->enc = DEC_AUTO;
	o->order = WHEN_UNKNOWN;
	while ((ch = getopt_long(argc, argv, "d:e:j:p:qr:s:w:", lo, NULL)) !=
	    -1) {
		switch (ch) {
		case 'd':
			if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\\t") == 0 ||
			    strcmp(optarg, "\t") == 0)
				o->delim = '\t';
			else if (strcmp(optarg, ",") == 0 ||
			    strcmp(optarg, ";") == 0 ||
			    strcmp(optarg, "|") == 0)
				o->delim = optarg[0];
			else {
				warnx_("bad delimiter '%s' (',' ';' '|' or "
				    "tab)", optarg);
				usage();
			}
			break;
		case 'e':
			if ((v = decode_enc_parse(optarg)) < 0) {
				warnx_("unknown encoding '%s'", optarg);
				usage();
			}
			o->enc = (enum dec_enc)v;
			break;
		case 'j':
			o->journey = optarg;
			break;
		case 'p':
			if ((v = platform_parse(optarg)) < 0) {
				warnx_("unknown platform '%s'", optarg);
				usage();
			}
			o->platform = (enum platform)v;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'r':
			o->rejects = optarg;
			break;
		case 's':
			if (o->nseg == MAXSEG) {
				warnx_("more than %d --segment columns", MAXSEG);
				usage();
			}
			o->seg[o->nseg++] = optarg;
			break;
		case 'w':
			o->weight = optarg;
			break;
		case O_ID:
			o->id = optarg;
			break;
		case O_TIME:
			o->time = optarg;
			break;
		case O_LABELS:
			if (o->nlabels == MAXSEG) {
				warnx_("more than %d --labels files", MAXSEG);
				usage();
			}
			o->labels[o->nlabels++] = optarg;
			break;
		case O_STRICT:
			o->strict = 1;
			break;
		case O_ORDER:
			if (strcmp(optarg, "mdy") == 0)
				o->order = WHEN_MDY;
			else if (strcmp(optarg, "dmy") == 0)
				o->order = WHEN_DMY;
			else {
				warnx_("bad --date-order '%s' (mdy or dmy)",
				    optarg);
				usage();
			}
			break;
		case O_PREVIEWS:
			o->previews = 1;
			break;
		case O_DRAFT:
			o->draft = 1;
			break;
		case O_HEADER_ROW:
			if (num_parse_long(optarg, 1, 1000, &lv) != 0) {
				warnx_("bad --header-row '%s' (a record number, "
				    "1 to 1000)", optarg);
				usage();
			}
			o->header_row = (int)lv;
			break;
		case O_SEEN:
			o->seen = xreallocarray(o->seen, (size_t)o->nseen + 1,
			    sizeof(*o->seen));
			o->seen[o->nseen++] = optarg;
			break;
		case O_IDS:
			o->ids = optarg;
			break;
		default:
			usage();
		}
	}
	if (o->draft) {
		if (o->journey != NULL || argc - optind > 1) {
			warnx_("--draft-journey reads one export and takes no "
			    "journey file");
			usage();
		}
		if (o->nseen > 0 || o->ids != NULL) {
			warnx_("--draft-journey writes no response table: no "
			    "--seen or --ids");
			usage();
		}
		return;
	}
	if (o->journey == NULL) {
		warnx_("no journey file (-j; or --draft-journey export.csv to "
		    "write a first one)");
		usage();
	}
}

/* ---- respondent ids ---- */

/* The hash of an id of n bytes: eight bytes at a time (FNV-1a, a byte at
 * a time, was most of idset_add()'s instructions). */
static uint32_t
id_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

/*
 * A zeroed slot array of n slots.  From 2 MiB on, aligned to 2 MiB and
 * advised into huge pages where the kernel has them: a probe is a random
 * access into the whole array (16 MiB for a million ids), and with 4 KiB
 * pages each missed the TLB as well as the cache.
 */
static struct idslot *
slots_new(size_t n)
{
#ifdef MADV_HUGEPAGE
	size_t sz = n * sizeof(struct idslot);
	void *p;

	/* n is a power of two: sz is a multiple of HUGEPAGE */
	if (sz >= HUGEPAGE && (p = aligned_alloc(HUGEPAGE, sz)) != NULL) {
		(void)madvise(p, sz, MADV_HUGEPAGE);	/* only advice */
		memset(p, 0, sz);
		return p;
	}
#endif
	return xcalloc(n, sizeof(struct idslot));
}

/*
 * Fetches the slot of an id of hash h into the cache ahead of
 * idset_add(): called with the next record's id while the current one
 * is written, the probe's cache miss overlaps that work.
 */
static void
idset_prefetch(const struct idset *set, uint32_t h)
{
	if (set->cap > 0)
		__builtin_prefetch(&set->slot[h & (set->cap - 1)]);
}

/* Adds s (len bytes, hash h); returns 1 when it was there already, -1
 * when the set is full (2 GB of ids). */
static int
idset_add_h(struct idset *set, const char *s, size_t len, uint32_t h)
{
	size_t i, k, ncap;
	struct idslot *ns;

	if (set->n * 2 >= set->cap) {
		ncap = set->cap ? set->cap * 2 : 1024;
		ns = slots_new(ncap);
		for (k = 0; k < set->cap; k++) {
			if (set->slot[k].off == 0)
				continue;
			for (i = set->slot[k].hash & (ncap - 1);
			    ns[i].off != 0; i = (i + 1) & (ncap - 1))
				;
			ns[i] = set->slot[k];
		}
		free(set->slot);
		set->slot = ns;
		set->cap = ncap;
	}
	for (i = h & (set->cap - 1); set->slot[i].off != 0;
	    i = (i + 1) & (set->cap - 1))
		if (set->slot[i].hash == h &&
		    strcmp(set->arena + set->slot[i].off - 1, s) == 0)
			return 1;
	len++;		/* its NUL */
	if (set->alen + len > set->acap) {
		for (ncap = set->acap; set->alen + len > ncap; )
			ncap = ncap ? ncap * 2 : 1 << 16;
		if (ncap > UINT32_MAX)
			return -1;
		set->arena = xreallocarray(set->arena, ncap, 1);
		set->acap = ncap;
	}
	memcpy(set->arena + set->alen, s, len);
	set->slot[i].off = (uint32_t)set->alen + 1;
	set->slot[i].hash = h;
	set->alen += len;
	set->n++;
	return 0;
}

static int
idset_add(struct idset *set, const char *s)
{
	size_t len = strlen(s);

	return idset_add_h(set, s, len, id_hash(s, len));
}

/*
 * --seen: the respondent column of a table (an earlier run's --ids, or a
 * response table) joins the set before any export is read, so that its
 * respondents are duplicates here too.  This is what lets a caller ingest
 * exports one run at a time and get what one run over all of them gives.
 */
static void
seen_load(struct idset *set, const char *path)
{
	struct tbl t;
	int rc, col;
	const char *id;

	if ((rc = tbl_open(&t, path)) < 0)
		die_sys("%s", path);
	if (rc > 0)
		die_at(csvr_loc(t.r), "%s", tbl_error(&t));
	if ((col = hdr_find(t.h, "respondent")) < 0)
		die_at(csvr_loc(t.r), "missing column 'respondent' (--seen)");
	while ((rc = tbl_next(&t)) != 0) {
		if (rc < 0)
			die_at(csvr_loc(t.r), "%s", tbl_error(&t));
		id = csvr_field(t.r, (size_t)col, NULL);
		if (*id == '\0')
			die_at(csvr_loc(t.r), "empty respondent id (--seen)");
		if (idset_add(set, id) < 0)
			die_at(csvr_loc(t.r), "too many respondent ids");
	}
	tbl_close(&t);
}

/* --ids: the ids added after the first `from` bytes of the arena (those
 * of --seen), in the order first seen; 0, or -1 on a write error. */
static int
ids_write(const struct idset *set, size_t from, const char *path)
{
	struct csvw w;
	FILE *fp;
	size_t k;

	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	csvw_init(&w, fp);
	csvw_field(&w, "respondent");
	csvw_end(&w);
	for (k = from; k < set->alen; k += strlen(set->arena + k) + 1) {
		csvw_field(&w, set->arena + k);
		csvw_end(&w);
	}
	if (fflush(fp) != 0 || ferror(fp)) {
		fclose(fp);
		return -1;
	}
	return fclose(fp) != 0 ? -1 : 0;
}

/*
 * The id of a response whose export has none (Google Forms, most generic
 * CSVs): 64-bit FNV-1a over its non-empty cells as decoded, each
 * preceded by its column number (4 bytes, little-endian) and followed
 * by a NUL (cells hold none), CR LF inside a cell read as LF.  So the
 * same response has the same id in every download holding it, whatever
 * the file's encoding, line ends or position in it; a column added at
 * the end later (empty in old responses) does not change it; and the
 * same value in another column is another response (a box ticked
 * under [Phone] or under [Email]).  Two responses with the same cells
 * in the same columns (the time to the second included) are one.
 */
static uint64_t
content_id(size_t n, const char *const *f)
{
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *p;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (f[i][0] == '\0')
			continue;
		for (k = 0; k < 4; k++)
			h = (h ^ ((i >> (8 * k)) & 0xff)) * 1099511628211ULL;
		for (p = (const unsigned char *)f[i]; *p != '\0'; p++) {
			if (p[0] == '\r' && p[1] == '\n')
				continue;
			h = (h ^ *p) * 1099511628211ULL;
		}
		h *= 1099511628211ULL;	/* the NUL: h ^ 0 = h */
	}
	return h;
}

/* ---- output ---- */

static void
put_field(FILE *fp, const char *s)
{
	size_t len = strlen(s), i;

	if (len == 0)
		return;
	if (!csvw_needs_quotes(s, len)) {
		fwrite(s, 1, len, fp);
		return;
	}
	putc('"', fp);
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	putc('"', fp);
}

static void
ob_grow(struct obuf *b, size_t n)
{
	while (b->len + n > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->p = xreallocarray(b->p, b->cap, 1);
}

/* Inline: most calls put a byte or a few.  Nothing to put returns
 * first: an empty cell into a buffer not yet grown would be NULL + 0. */
static inline void
ob_put(struct obuf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap)
		ob_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static inline void
ob_putc(struct obuf *b, char c)
{
	if (b->len + 1 > b->cap)
		ob_grow(b, 1);
	b->p[b->len++] = c;
}

/*
 * Copies s (n bytes) to the end of b.  Up to OVER bytes, as OVER bytes:
 * a few inlined moves instead of a call to memcpy, for the pieces each
 * response row repeats.  The caller has made room for OVER bytes, and s
 * is readable OVER bytes (ob_pad(), OVER bytes of padding after the
 * journey's pieces, a tail array).
 */
static inline void
ob_short(struct obuf *b, const char *s, size_t n)
{
	if (n <= OVER)
		memcpy(b->p + b->len, s, OVER);
	else
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* Makes b's bytes readable OVER bytes past its end (ob_short()). */
static void
ob_pad(struct obuf *b)
{
	if (b->len + OVER > b->cap)
		ob_grow(b, OVER);
	memset(b->p + b->len, 0, OVER);
}

/* A field, quoted as csvw quotes (docs/formats.md rule 2). */
static void
ob_field(struct obuf *b, const char *s)
{
	size_t len = strlen(s), i;

	if (len == 0)
		return;
	if (!csvw_needs_quotes(s, len)) {
		ob_put(b, s, len);
		return;
	}
	ob_putc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			ob_putc(b, '"');
		ob_putc(b, s[i]);
	}
	ob_putc(b, '"');
}

static char *
encode(const char *fmt_step, const char *a, const char *b, const char *c,
    int lead)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		die_sys("open_memstream");
	if (lead)
		putc(',', fp);
	if (fmt_step != NULL) {
		fputs(fmt_step, fp);
		putc(',', fp);
	}
	put_field(fp, a);
	putc(',', fp);
	put_field(fp, b);
	if (c != NULL) {
		putc(',', fp);
		put_field(fp, c);
	}
	putc(',', fp);
	if (fclose(fp) != 0)
		die_sys("open_memstream");
	return buf;
}

/* The decoder's mark in s (DECODE_BAD, DECODE_NUL), or 0. */
static int
mark_of(const char *s)
{
	const char *p = strpbrk(s, "\xFE\xFF");

	return p == NULL ? 0 : *p;
}

static const char *
mark_why(int m)
{
	return m == DECODE_NUL ? "NUL character" : "invalid UTF-8";
}

/* s with marks as U+FFFD, in b (for the rejects file and messages). */
static const char *
unmarked(struct obuf *b, const char *s)
{
	b->len = 0;
	for (; *s != '\0'; s++) {
		if (*s == DECODE_BAD || *s == DECODE_NUL)
			ob_put(b, "\xEF\xBF\xBD", 3);
		else
			ob_putc(b, *s);
	}
	ob_putc(b, '\0');
	return b->p;
}

static void
reject(struct ingest *g, unsigned long line, const char *column,
    const char *value, const char *why)
{
	size_t k;
	char lb[32];

	if (mark_of(value) != 0)
		value = unmarked(&g->ub, value);

	for (k = 0; k < NREASON - 1; k++)
		if (strncmp(why, reasons[k], strlen(reasons[k])) == 0)
			break;
	g->c.rej[k]++;
	if (g->o->strict && column[0] != '\0')
		die_at(&(struct loc){ g->path, line }, "column '%s': %s: '%s' "
		    "(--strict)", column, why, value);
	if (g->o->strict)
		die_at(&(struct loc){ g->path, line }, "%s (--strict)", why);
	if (g->rej == NULL)
		return;
	snprintf(lb, sizeof(lb), "%lu", line);
	csvw_field(&g->rw, g->fname);
	csvw_field(&g->rw, lb);
	csvw_field(&g->rw, column);
	csvw_field(&g->rw, value);
	csvw_field(&g->rw, why);
	csvw_end(&g->rw);
}

/*
 * Writes the response rows held in g->ob to standard output.  They are
 * held across records and written by write(2) in blocks of OUTBUF bytes
 * or more: through stdio, every byte of the table (four times the
 * export's) was copied once more into its buffer.  Anything stdio holds
 * (the header) goes first.  What write(2) could not write goes through
 * stdio, which then holds the error for close_stdout().
 */
static void
out_flush(struct ingest *g)
{
	struct obuf *b = &g->ob;
	size_t done = 0;
	ssize_t k;

	if (b->len == 0)
		return;
	if (!g->outerr && fflush(g->out) == 0) {
		while (done < b->len) {
			k = write(fileno(g->out), b->p + done, b->len - done);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			done += (size_t)k;
		}
	}
	if (done < b->len) {
		g->outerr = 1;
		fwrite(b->p + done, 1, b->len - done, g->out);
	}
	b->len = 0;
}

/* The response table's header, once, before its first row (nothing on
 * stdout when a run fails before it). */
static void
out_header(struct ingest *g)
{
	static const char *const cols[] = { "respondent", "time", "step",
		"stage", "touchpoint", "channel", "segment", "metric",
		"scale", "score", "weight", "comment", NULL };
	struct csvw w;

	g->headed = 1;
	csvw_init(&w, g->out);
	csvw_row(&w, cols);
}

/* An encoding's name in a sentence. */
static const char *
enc_long(enum dec_enc e)
{
	switch (e) {
	case DEC_CP1252:
		return "Windows-1252";
	case DEC_MACROMAN:
		return "Mac OS Roman";
	case DEC_LATIN1:
		return "Latin-1";
	default:
		return decode_enc_name(e);
	}
}

/* ---- dates ---- */

static void
spool_time(struct spool *sp, char tag, const char *s)
{
	size_t len = strlen(s) + 2;

	if (sp->tlen + len > sp->tcap) {
		while (sp->tlen + len > sp->tcap)
			sp->tcap = sp->tcap ? sp->tcap * 2 : 4096;
		sp->times = xreallocarray(sp->times, sp->tcap, 1);
	}
	sp->times[sp->tlen] = tag;
	memcpy(sp->times + sp->tlen + 1, s, len - 1);
	sp->tlen += len;
}

/* Writes the held rows with their times read in the now settled order. */
static void
spool_flush(struct ingest *g)
{
	struct spool *sp = &g->sp;
	size_t i, prev = 0;
	const char *t;
	char iso[20];

	if (sp->fp == NULL)
		return;
	out_flush(g);		/* the rows before the spool's */
	if (fclose(sp->fp) != 0)
		die_sys("spool");
	if (!g->headed && sp->len > 0)
		out_header(g);
	for (i = 0; i < sp->n; i++) {
		fwrite(sp->buf + prev, 1, sp->off[i] - prev, g->out);
		t = sp->times + sp->tix[i];
		if (t[0] == '=')
			fputs(t + 1, g->out);
		else if (when_parse(t + 1, g->order, iso, NULL) == 0)
			fputs(iso, g->out);
		prev = sp->off[i];
	}
	fwrite(sp->buf + prev, 1, sp->len - prev, g->out);
	free(sp->buf);
	sp->fp = NULL;
	sp->buf = NULL;
	sp->len = sp->n = sp->tlen = 0;
	sp->nrec = 0;
}

static void
settle(struct ingest *g, enum when_order order, const char *why)
{
	g->order = order;
	if (why != NULL && g->amb_seen)
		warn_at(&(struct loc){ g->path, 0 }, "day/month order of "
		    "dates not settled by the data%s (e.g. '%s'): read as "
		    "month/day; use --date-order dmy if wrong", why,
		    g->amb_example);
	spool_flush(g);
}

/*
 * The time of the current record: sets *tag to '=' with iso resolved,
 * or '?' when it must wait for the file's day/month order (iso = raw).
 */
static char
read_time(struct ingest *g, const char *s, unsigned long line, char *buf,
    size_t bufsz)
{
	enum when_order st;
	int amb = 0, m;
	size_t len;
	char why[96];

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		g->tempty = 1;
		buf[0] = '\0';
		return '=';
	}
	if (g->marks && (m = mark_of(s)) != 0) {
		reject(g, line, head_disp(&g->h, (size_t)g->timecol), s,
		    m == DECODE_NUL ? "NUL character: without a time" :
		    "invalid UTF-8: without a time");
		buf[0] = '\0';
		return '=';
	}
	/* No date is that long; held whole it could not be (buf). */
	if ((len = strlen(s)) > TIMEMAX) {
		snprintf(why, sizeof(why), "invalid date: too long (%zu bytes, "
		    "at most %d): without a time", len, TIMEMAX);
		reject(g, line, head_disp(&g->h, (size_t)g->timecol), s, why);
		buf[0] = '\0';
		return '=';
	}
	if (g->order == WHEN_UNKNOWN && (st = when_settles(s)) != WHEN_UNKNOWN)
		settle(g, st, NULL);
	if (when_parse(s, g->order, buf, &amb) != 0) {
		reject(g, line, head_disp(&g->h, (size_t)g->timecol), s,
		    "invalid date: without a time");
		buf[0] = '\0';
		return '=';
	}
	if (g->order == WHEN_UNKNOWN && amb) {
		if (!g->amb_seen++)
			memcpy(g->amb_example, s, len + 1);
		if (len >= bufsz)	/* cannot happen: TIMEMAX */
			die("time buffer too small");
		memcpy(buf, s, len + 1);
		return '?';
	}
	return '=';
}

/* ---- one record ---- */

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s without surrounding white space: its start, and *len. */
static const char *
trim_span(const char *s, size_t *len)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	*len = n;
	return s;
}

/* s without surrounding white space, whole, in b (NUL-terminated). */
static const char *
trimmed(struct obuf *b, const char *s)
{
	size_t len;

	s = trim_span(s, &len);
	b->len = 0;
	ob_put(b, s, len);
	ob_put(b, "", 1);
	return b->p;
}

/*
 * Opt-out answers, folded (labels_fold): a cell that is one of them, or
 * several joined by separators ("Don't know / not applicable") or by
 * or/ou/oder, is no answer.  Not "Not sure" / "Unsure" (the midpoint of
 * some agreement scales: a reject, so that the user decides with
 * --labels) nor "None of the above" (a real answer of a multiple
 * choice).
 */
static const char *const optout[] = {
	/* English */
	"don t know", "dont know", "do not know", "i don t know",
	"i do not know", "not applicable", "does not apply",
	"doesn t apply", "n a", "na", "prefer not to say",
	"prefer not to answer", "i prefer not to say",
	"i prefer not to answer", "rather not say", "i d rather not say",
	"i would rather not say", "no answer", "no opinion", "can t say",
	"cannot say", "decline to answer",
	/* French */
	"ne sait pas", "je ne sais pas", "ne sais pas", "nsp",
	"non applicable", "sans objet", "sans opinion", "sans avis",
	"pas d avis", "ne se prononce pas", "nspp", "prefere ne pas repondre",
	"je prefere ne pas repondre", "ne souhaite pas repondre",
	"sans reponse", "non concerne", "non concernee", "non concerne e",
	/* German */
	"weiss nicht", "ich weiss nicht", "keine angabe", "k a",
	"trifft nicht zu", "nicht zutreffend", "kann ich nicht beurteilen",
	"keine meinung",
};

/* Is the folded s (words separated by one space) only opt-out phrases? */
static int
optouts(const char *s, int first)
{
	static const char *const joins[] = { "or ", "ou ", "oder " };
	const char *rest;
	size_t k, n;

	if (*s == '\0')
		return !first;
	for (k = 0; !first && k < sizeof(joins) / sizeof(joins[0]); k++) {
		n = strlen(joins[k]);
		if (strncmp(s, joins[k], n) == 0 && optouts(s + n, 1))
			return 1;
	}
	for (k = 0; k < sizeof(optout) / sizeof(optout[0]); k++) {
		n = strlen(optout[k]);
		if (strncmp(s, optout[k], n) != 0 ||
		    (s[n] != '\0' && s[n] != ' '))
			continue;
		rest = s[n] == ' ' ? s + n + 1 : s + n;
		if (optouts(rest, 0))
			return 1;
	}
	return 0;
}

/*
 * An answer that says "no answer": an opt-out (above), a label with an
 * N/A in it ("Unfamiliar (N/A)", "N/A - never used") and Qualtrics'
 * seen-but-unanswered -99.  Only asked about cells labels_score()
 * rejected, so it costs nothing on good data.
 */
int
not_applicable(const char *cell)
{
	char f[256], *p;
	size_t n;

	n = labels_fold(f, sizeof(f), cell);
	if (n >= sizeof(f))
		return 0;
	if (strcmp(f, "-99") == 0 || strcmp(f, "99") == 0)
		return strstr(cell, "-99") != NULL;
	if (optouts(f, 1) || strncmp(f, "n a ", 4) == 0)
		return 1;
	for (p = f; (p = strstr(p, " n a")) != NULL; p++)
		if (p[4] == '\0' || p[4] == ' ')
			return 1;
	return 0;
}

/* Does a memo's cell (NUL-padded) hold s, len (< CACHELEN) bytes?
 * Inline, in words (the last one overlapping the one before): a call to
 * memcmp cost more than the compare, a byte loop mispredicted. */
static inline int
memo_is(const char *cell, const char *s, size_t len)
{
	uint32_t a, b;

	if (len >= 8) {
		if (!mem_same8(cell, s, len))
			return 0;
	} else if (len >= 4) {
		memcpy(&a, cell, 4);
		memcpy(&b, s, 4);
		if (a != b)
			return 0;
		memcpy(&a, cell + len - 4, 4);
		memcpy(&b, s + len - 4, 4);
		if (a != b)
			return 0;
	} else if (cell[0] != s[0] || cell[len / 2] != s[len / 2] ||
	    cell[len - 1] != s[len - 1])	/* len 1 to 3 */
		return 0;
	return cell[len] == '\0';
}

/*
 * labels_score() through the column's memo: 0 and *score, 1 for a blank
 * cell, 2 for a non-answer (not_applicable), -1 and *why for a reject.
 * cell is len bytes (its strlen()).
 */
static int
score_cell(struct ingest *g, struct bind *b, const struct journey_row *row,
    const char *cell, size_t len, long *score, const char **why)
{
	struct memo *m;
	const unsigned char *u = (const unsigned char *)cell;
	uint32_t h;
	int rc;

	m = NULL;
	if (len > 0 && len < CACHELEN) {
		/* Length and three bytes tell a column's labels apart (a
		 * collision costs a scoring, memcmp keeps it right); hashing
		 * every byte was a fifth of record(). */
		h = ((uint32_t)len << 24 | (uint32_t)u[0] << 16 |
		    (uint32_t)u[len / 2] << 8 | u[len - 1]) * 2654435761u;
		h ^= h >> 15;
		/* Two slots per cell: a column's few labels rarely both
		 * collide (one slot of 16 made half of 5 labels thrash). */
		m = &b->memo[h % CACHE];
		if (memo_is(m->cell, cell, len))
			goto hit;
		m = &b->memo[(h >> 16) % CACHE];
		if (memo_is(m->cell, cell, len))
			goto hit;
		if (b->memo[h % CACHE].cell[0] == '\0')
			m = &b->memo[h % CACHE];
	}
	rc = labels_score(g->lab, cell, row->worst, row->best, g->comma_dec, score,
	    why);
	if (rc < 0 && not_applicable(cell))
		rc = 2;
	if (m != NULL) {
		memcpy(m->cell, cell, len + 1);
		m->score = rc == 0 ? *score : 0;
		m->rc = rc;
		m->why = rc < 0 ? *why : NULL;
	}
	return rc;
hit:
	*score = m->score;
	*why = m->why;
	return m->rc;
}

/* Qualtrics Status: a reason to leave the row out, or -1. */
static int
excluded(const char *s)
{
	long v;

	/* The usual status, first: six strcasecmp() calls otherwise. */
	if (strcmp(s, "IP Address") == 0)
		return -1;
	if (strcasecmp(s, "Survey Preview") == 0 ||
	    strcasecmp(s, "Offline Preview") == 0)
		return X_PREVIEW;
	if (strcasecmp(s, "Survey Test") == 0)
		return X_TEST;
	if (strcasecmp(s, "Spam") == 0 || strcasecmp(s, "Survey Preview Spam")
	    == 0 || strcasecmp(s, "Imported Spam") == 0)
		return X_SPAM;
	if (num_parse_long(s, 0, 99, &v) == 0) {
		switch (v) {
		case 1:
		case 17:
			return X_PREVIEW;
		case 2:
			return X_TEST;
		case 8:
		case 9:
		case 12:
			return X_SPAM;
		}
	}
	return -1;
}

/* One data record: n fields f starting at line; raw is its text (for
 * --rejects), NULL to ask the reader. */
static void
record(struct ingest *g, size_t n, const char *const *f, const size_t *fl,
    unsigned long line, const char *raw)
{
	const struct journey *j = g->j;
	char msg[96], hid[24], wbuf[64], tbuf[TIMEMAX + 1];
	const char *resp, *why, *cellv, *seg, *p;
	char tail[OVER + 64];	/* ",weight," */
	size_t rlen;
	uint32_t h;
	const struct bind *bi;
	size_t tlen;
	char *rawc;
	size_t i, len;
	long score;
	double w = 1;
	int x, k, nans = 0, rc;
	char tag = '=';
	struct obuf *ob = &g->ob;
	size_t base = 0, wlen;
	int spool, marks, m;

	/* A record of empty fields (",,,,": a spreadsheet's leftover row,
	 * LimeSurvey's empty survey) is a blank line. */
	for (i = 0; i < n && f[i][0] == '\0'; i++)
		;
	if (i == n)
		return;
	g->c.rows++;
	if (n != g->h.n && !(g->h.trailing && n + 1 == g->h.n) &&
	    !(n == g->h.n + 1 && f[n - 1][0] == '\0')) {
		snprintf(msg, sizeof(msg), "ragged record: %zu fields, header "
		    "has %zu", n, g->h.n);
		if (raw == NULL)
			raw = g->r != NULL && g->rej != NULL ?
			    csvr_raw(g->r, NULL) : "";
		len = strlen(raw);
		while (len > 0 && (raw[len - 1] == '\n' || raw[len - 1] == '\r'))
			len--;
		rawc = xstrndup(raw, len);
		reject(g, line, "", rawc, msg);
		free(rawc);
		return;
	}
#define F(i) ((size_t)(i) < n ? f[(i)] : "")
#define FL(i) ((size_t)(i) < n ? fl[(i)] : 0)
	/* The decoder marked an invalid byte or a NUL somewhere (rare:
	 * only then are cells looked at for marks). */
	marks = g->info.invalid_utf8 != 0 || g->info.nul != 0;
	g->marks = marks;
	if (marks && g->o->strict)
		for (i = 0; i < n; i++)
			if ((m = mark_of(f[i])) != 0)
				die_at(&(struct loc){ g->path, line }, "column "
				    "'%s': %s (--strict%s)", head_disp(&g->h, i),
				    mark_why(m), m == DECODE_BAD ? "; is it "
				    "another --encoding?" : "");
	if (g->statcol >= 0 && (x = excluded(F(g->statcol))) >= 0 &&
	    !(g->o->previews && x != X_SPAM)) {
		g->c.excl[x]++;
		return;
	}
	/* A cell that names or weighs the response with a bad byte: the
	 * response is rejected (an answer or comment is, alone, below). */
	if (marks) {
		for (k = -2; k < g->o->nseg; k++) {
			x = k == -2 ? g->idcol : k == -1 ? g->weightcol :
			    g->segcol[k];
			if (x >= 0 && (m = mark_of(F(x))) != 0) {
				reject(g, line, head_disp(&g->h, (size_t)x),
				    F(x), mark_why(m));
				return;
			}
		}
	}
	if (g->weightcol >= 0) {
		if (num_parse_comma(trimmed(&g->wb, F(g->weightcol)),
		    g->comma_dec, &w) != 0 || !(w > 0) ||
		    !isfinite(w)) {
			reject(g, line, head_disp(&g->h, (size_t)g->weightcol),
			    F(g->weightcol), "invalid weight");
			return;
		}
		/* What cjm-kpi reads back to the same double (12 decimals
		 * made 1e-13 a 0) */
		num_fmt_short(wbuf, sizeof(wbuf), w);
	} else
		strcpy(wbuf, "1");
	wlen = strlen(wbuf);
	resp = "";
	rlen = 0;
	if (g->idcol >= 0) {
		resp = F(g->idcol);
		rlen = FL(g->idcol);
		if (rlen > 0 && (is_ws(resp[0]) || is_ws(resp[rlen - 1]))) {
			resp = trimmed(&g->idb, resp);
			rlen = strlen(resp);
		}
	}
	if (resp[0] == '\0') {
		snprintf(hid, sizeof(hid), "h:%016" PRIx64, content_id(n, f));
		resp = hid;
		rlen = strlen(hid);
	}
	/* hashed already when it was the next record (idset_prefetch) */
	h = resp == g->pk_this && rlen == g->pk_thislen ? g->pk_thishash :
	    id_hash(resp, rlen);
	if ((rc = idset_add_h(&g->ids, resp, rlen, h)) < 0)
		die_at(&(struct loc){ g->path, line }, "too many respondent "
		    "ids");
	if (rc > 0) {
		g->c.dup++;
		return;
	}
	g->c.responses++;
	g->tempty = 0;
	if (g->timecol >= 0)
		tag = read_time(g, F(g->timecol), line, tbuf, sizeof(tbuf));
	else
		tbuf[0] = '\0';
	for (i = 0; i < j->n; i++) {
		cellv = F(g->b[i].col);
		if (marks && (m = mark_of(cellv)) != 0) {
			g->score[i] = -1;
			reject(g, line, head_disp(&g->h, (size_t)g->b[i].col),
			    cellv, mark_why(m));
			continue;
		}
		rc = score_cell(g, &g->b[i], &j->row[i], cellv,
		    FL(g->b[i].col), &score, &why);
		if (rc == 0) {
			g->score[i] = score;
			nans++;
		} else {
			g->score[i] = -1;
			if (rc == 2)
				g->c.na++;
			if (rc < 0)
				reject(g, line, head_disp(&g->h,
				    (size_t)g->b[i].col), cellv,
				    why != NULL ? why : "invalid answer");
		}
	}
	if (nans == 0) {
		g->c.noanswer++;
		return;
	}
	/* Answers without a usable time: written (they count in tables
	 * without periods), counted, and kept out of periods downstream
	 * (an empty time field).  An empty cell is a reject here; a bad
	 * one was (invalid date). */
	if (tag == '=' && tbuf[0] == '\0') {
		g->c.notime++;
		if (g->timecol >= 0 && g->tempty)
			reject(g, line, head_disp(&g->h, (size_t)g->timecol),
			    "", "without a time");
	}
	/* A comment with a bad byte: rejected once per column, the answer
	 * written without it. */
	for (i = 0; marks && i < j->n; i++) {
		g->cbad[i] = 0;
		if (g->score[i] < 0 || g->b[i].comment < 0 ||
		    (m = mark_of(F(g->b[i].comment))) == 0)
			continue;
		g->cbad[i] = 1;
		for (k = 0; (size_t)k < i; k++)
			if (g->cbad[k] && g->b[k].comment == g->b[i].comment)
				break;
		if ((size_t)k == i)
			reject(g, line, head_disp(&g->h,
			    (size_t)g->b[i].comment), F(g->b[i].comment),
			    mark_why(m));
	}
	g->segb.len = 0;
	for (k = 0; k < g->o->nseg; k++) {
		if (k)
			ob_put(&g->segb, " / ", 3);
		p = trim_span(F(g->segcol[k]), &len);
		ob_put(&g->segb, p, len);
	}
	ob_put(&g->segb, "", 1);
	seg = g->segb.p;
	if (strspn(seg, " /") == strlen(seg))
		seg = "";
	/* Rows wait in the spool while the day/month order is open. */
	spool = tag == '?' || g->sp.fp != NULL;
	if (spool) {
		if (g->sp.fp == NULL &&
		    (g->sp.fp = open_memstream(&g->sp.buf, &g->sp.len)) == NULL)
			die_sys("open_memstream");
		fflush(g->sp.fp);
		base = g->sp.len;
		g->sp.nrec++;
		out_flush(g);	/* ob from 0: offsets into the spool */
	}
	/* The record's rows are built in one buffer, written at once.  The
	 * pieces every row repeats are made once (qid, qseg, the tail after
	 * the score) and copied with ob_short(), each padded for it. */
	g->qid.len = 0;
	ob_field(&g->qid, resp);
	ob_putc(&g->qid, ',');
	if (!spool)	/* the time too, when it is known */
		ob_put(&g->qid, tbuf, strlen(tbuf));
	ob_pad(&g->qid);
	g->qseg.len = 0;
	ob_field(&g->qseg, seg);
	ob_pad(&g->qseg);
	tail[0] = ',';
	memcpy(tail + 1, wbuf, wlen);
	tail[wlen + 1] = ',';
	tlen = wlen + 2;
	for (i = 0; i < j->n; i++) {
		if (g->score[i] < 0)
			continue;
		bi = &g->b[i];
		/* room for every piece but the comment, OVER bytes each */
		if (ob->len + 5 * OVER + g->qid.len + bi->prelen + bi->midlen +
		    g->qseg.len > ob->cap)
			ob_grow(ob, 5 * OVER + g->qid.len + bi->prelen +
			    bi->midlen + g->qseg.len);
		ob_short(ob, g->qid.p, g->qid.len);
		if (spool) {
			if (g->sp.n == g->sp.cap) {
				g->sp.cap = g->sp.cap ? g->sp.cap * 2 : 1024;
				g->sp.off = xreallocarray(g->sp.off, g->sp.cap,
				    sizeof(*g->sp.off));
				g->sp.tix = xreallocarray(g->sp.tix, g->sp.cap,
				    sizeof(*g->sp.tix));
			}
			g->sp.off[g->sp.n] = base + ob->len;
			g->sp.tix[g->sp.n++] = g->sp.tlen;
			spool_time(&g->sp, tag, tbuf);
		}
		if (g->qseg.len > 0) {
			ob_short(ob, bi->pre, bi->prelen);
			ob_short(ob, g->qseg.p, g->qseg.len);
			ob_short(ob, bi->pre + bi->prelen, bi->midlen);
		} else	/* pre and mid follow one another */
			ob_short(ob, bi->pre, bi->prelen + bi->midlen);
		if (g->score[i] >= 10)
			ob->p[ob->len++] = (char)('0' + g->score[i] / 10);
		ob->p[ob->len++] = (char)('0' + g->score[i] % 10);
		ob_short(ob, tail, tlen);
		if (bi->comment >= 0 && !(marks && g->cbad[i]))
			ob_field(ob, F(bi->comment));
		ob_putc(ob, '\n');
		g->c.answers++;
	}
	if (!spool && !g->headed)
		out_header(g);
	if (spool) {
		fwrite(ob->p, 1, ob->len, g->sp.fp);
		ob->len = 0;
	} else if (ob->len >= g->outmin)
		out_flush(g);
#undef F
#undef FL
	if (g->sp.fp != NULL && (g->sp.nrec >= SPOOL_MAX ||
	    g->sp.len > ((size_t)32 << 20))) {
		/* Held since the first ambiguous date: say how many (the
		 * 32 MB bound can come first). */
		snprintf(msg, sizeof(msg), " within %lu responses",
		    g->sp.nrec);
		settle(g, WHEN_MDY, msg);
	}
}

/* ---- columns ---- */

/* ", read as Windows-1252 ...": the encoding, when not UTF-8, for
 * a message about columns not found. */
static const char *
enc_note(struct ingest *g, char *buf, size_t sz)
{
	if (g->info.enc == DEC_UTF8 && g->info.switch_line == 0)
		return "";
	if (g->info.enc == DEC_UTF16LE || g->info.enc == DEC_UTF16BE)
		return "";
	snprintf(buf, sz, ", read as %s: if that is wrong, use --encoding",
	    enc_long(g->info.enc));
	return buf;
}

/*
 * The column spec names in the export: its index; -2 when it matches
 * several (msg says which), -1 when none (msg: what it is closest to).
 */
static int
find_col(struct ingest *g, const char *spec, const char *what, char *msg,
    size_t msz)
{
	size_t a = 0, b = 0;
	char sug[1024], eb[128], *la, *lb;
	int i;

	i = head_find(&g->h, spec, &a, &b);
	if (i == -2) {
		la = head_label(&g->h, a);
		lb = head_label(&g->h, b);
		snprintf(msg, msz, "%s '%s' matches more than one column of "
		    "%s: '%s' and '%s' (columns %zu and %zu); name one of them",
		    what, spec, g->fname, la, lb, a + 1, b + 1);
		free(la);
		free(lb);
	} else if (i < 0) {
		head_suggest(&g->h, spec, sug, sizeof(sug));
		snprintf(msg, msz, "%s '%s' not found in %s (%s export%s); "
		    "closest: %s", what, spec, g->fname,
		    platform_name(g->h.plat), enc_note(g, eb, sizeof(eb)), sug);
		g->sugat = strstr(msg, "closest: ");
	}
	return i;
}

/*
 * Completion-time column names, folded (labels_fold), in the languages
 * we label, best first: when it ended or was submitted, then a time
 * stamp, a bare date or time, and last when it started.
 */
static const char *const timenames[] = {
	/* English */
	"enddate", "end date", "recordeddate", "recorded date",
	"submit date utc", "submit date", "submitdate", "submitted at",
	"submitted", "date submitted", "submission date", "submission time",
	"completion time", "completion date", "completed at", "completed",
	"date completed", "end time", "finish time", "finished at",
	"response date", "datestamp", "date modified",
	/* French */
	"date de fin", "heure de fin", "date de soumission", "date d envoi",
	"date de reponse", "heure de soumission",
	/* Spanish */
	"fecha de finalizacion", "hora de finalizacion", "fecha de envio",
	"fecha de respuesta", "fecha de fin",
	/* German */
	"enddatum", "endzeit", "abschlusszeit", "eingereicht am",
	"ubermittlungsdatum", "abgeschickt am",
	/* a time stamp (Google Forms in each language) */
	"timestamp", "time stamp", "horodateur", "horodatage",
	"marca temporal", "marca de tiempo", "zeitstempel",
	/* a date or time alone */
	"date", "time", "datetime", "date time", "fecha", "datum", "heure",
	"hora", "zeit",
	/* when it started, if nothing else */
	"startdate", "start date", "start time", "date de debut",
	"heure de debut", "fecha de inicio", "hora de inicio", "startdatum",
	"startzeit",
	NULL
};

/*
 * Do the data records read ahead look like times in column i?  Yes
 * when one of their non-empty cells is a date, or all are empty.
 */
static int
holds_times(const struct ingest *g, size_t i)
{
	const struct rec *a;
	char iso[20];
	int k, seen = 0;

	for (k = 0; k < g->h.nahead; k++) {
		a = g->h.ahead[k];
		if (a->err != NULL || i >= a->n || a->f[i][0] == '\0')
			continue;
		if (when_parse(a->f[i], WHEN_UNKNOWN, iso, NULL) == 0)
			return 1;
		seen = 1;
	}
	return !seen;
}

/*
 * The completion time column of an export whose platform's own name is
 * not there: found by name (folded: case, accents, punctuation) in the
 * first header row (or Qualtrics' legacy row 2, or question text), in
 * the order of timenames, and checked by content.  -1 when none.
 */
static int
find_time(struct ingest *g)
{
	char *f;
	size_t i, k, need;
	const char *alt;

	for (k = 0; timenames[k] != NULL; k++)
		for (i = 0; i < g->h.n; i++) {
			if (strcmp(g->h.foldname[i], timenames[k]) != 0 &&
			    strcmp(g->h.fold[i], timenames[k]) != 0) {
				if (g->h.alt == NULL)
					continue;
				alt = g->h.alt[i];
				need = labels_fold(NULL, 0, alt);
				f = xmalloc(need + 1);
				labels_fold(f, need + 1, alt);
				need = strcmp(f, timenames[k]) == 0;
				free(f);
				if (!need)
					continue;
			}
			if (holds_times(g, i))
				return (int)i;
		}
	return -1;
}

/*
 * Finds the columns of the export for the journey and the options.  The
 * journey is the union of the surveys: a journey column the export does
 * not have is not asked in it (col -1; reported).  Returns 0, or -1 with
 * the reason the export is left out in msg (at *at): none of the
 * journey's columns, a column matching several, an option's column
 * missing.
 */
static int
bind_columns(struct ingest *g, struct loc *at, char *msg, size_t msz)
{
	static const char *const defid[P_NPLAT][6] = {
		{ "ResponseId", "ResponseID", NULL },
		{ "Respondent ID", "RespondentID", NULL },
		{ NULL },
		{ "Id", "ID", NULL },
		{ "#", NULL },
		{ "Response ID", NULL },
		{ "respondent", "respondent_id", "id", "ID", "Response ID",
		    NULL },
	};
	static const char *const deftime[P_NPLAT][6] = {
		{ "EndDate", "RecordedDate", NULL },
		{ "End Date", NULL },
		{ "Timestamp", NULL },
		{ "Completion time", NULL },
		{ "Submit Date (UTC)", NULL },
		{ "Timestamp (mm/dd/yyyy)", "Timestamp (dd/mm/yyyy)", "Timestamp",
		    NULL },
		{ "time", "timestamp", "date", "submitdate", "Date Submitted",
		    NULL },
	};
	static const char *const stat[] = { "Status", NULL };
	const struct journey_row *row;
	char step[32], eb[128], sug[1024], *pre, *mid;
	size_t i, nfound = 0;
	int k, c;

	g->b = xcalloc(g->j->n, sizeof(*g->b));
	for (i = 0; i < g->j->n; i++) {
		row = &g->j->row[i];
		at->file = g->j->path;
		at->line = row->line;
		c = find_col(g, row->column, "column", msg, msz);
		if (c == -2)
			return -1;
		if (c == -1 && g->js[i].sug == NULL)
			g->js[i].sug = xstrdup(g->sugat);
		if (c == -1 && g->js[i].where == NULL)
			g->js[i].where = xstrdup(g->fname);
		g->b[i].col = c;
		g->js[i].found |= c >= 0;
		nfound += c >= 0;
		g->b[i].comment = -1;
		if (row->comment != NULL && c >= 0) {
			c = find_col(g, row->comment, "comment column", msg,
			    msz);
			if (c == -2)
				return -1;
			g->b[i].comment = c;
			g->b[i].nocomment = c == -1;
		}
		snprintf(step, sizeof(step), ",%d", row->step);
		pre = encode(step, row->stage, row->touchpoint,
		    row->channel, 0);
		mid = encode(NULL, journey_metric_name(row->metric),
		    row->scale, NULL, 1);
		/* one after the other, padded for ob_short() */
		g->b[i].prelen = strlen(pre);
		g->b[i].midlen = strlen(mid);
		g->b[i].pre = xcalloc(g->b[i].prelen + g->b[i].midlen + OVER,
		    1);
		memcpy(g->b[i].pre, pre, g->b[i].prelen);
		memcpy(g->b[i].pre + g->b[i].prelen, mid, g->b[i].midlen);
		free(pre);
		free(mid);
	}
	if (nfound == 0) {
		/* One column: msg is find_col's "not found ... closest",
		 * at its journey line. */
		if (g->j->n > 1) {
			at->file = g->path;
			at->line = 0;
			head_suggest(&g->h, g->j->row[0].column, sug,
			    sizeof(sug));
			snprintf(msg, msz, "none of the journey's %zu columns "
			    "is in this export (%s export%s); closest to '%s': "
			    "%s", g->j->n, platform_name(g->h.plat),
			    enc_note(g, eb, sizeof(eb)), g->j->row[0].column,
			    sug);
		}
		return -1;
	}
	/* An option's column: the message names the export. */
	at->file = NULL;
	at->line = 0;
	/* The options name columns: each must be there. */
	if (g->o->id != NULL) {
		if ((g->idcol = find_col(g, g->o->id, "--id", msg, msz)) < 0)
			return -1;
	} else
		g->idcol = head_find_exact(&g->h, defid[g->h.plat]);
	if (g->o->time != NULL) {
		if ((g->timecol = find_col(g, g->o->time, "--time", msg,
		    msz)) < 0)
			return -1;
	} else if ((g->timecol = head_find_exact(&g->h,
	    deftime[g->h.plat])) < 0)
		g->timecol = find_time(g);
	/* A header that says its date order (QuestionPro's "Timestamp
	 * (mm/dd/yyyy)") settles it, unless --date-order did. */
	if (g->timecol >= 0 && g->order == WHEN_UNKNOWN) {
		if (strcasestr(head_disp(&g->h, (size_t)g->timecol), "mm/dd/yy"))
			g->order = WHEN_MDY;
		else if (strcasestr(head_disp(&g->h, (size_t)g->timecol),
		    "dd/mm/yy"))
			g->order = WHEN_DMY;
	}
	g->weightcol = -1;
	if (g->o->weight != NULL && (g->weightcol = find_col(g, g->o->weight,
	    "--weight", msg, msz)) < 0)
		return -1;
	for (k = 0; k < g->o->nseg; k++)
		if ((g->segcol[k] = find_col(g, g->o->seg[k], "--segment", msg,
		    msz)) < 0)
			return -1;
	g->statcol = g->h.plat == P_QUALTRICS ? head_find_exact(&g->h, stat) :
	    -1;
	return 0;
}

/*
 * A note on the file written in pieces, names from the data among them:
 * note_open() starts it, note_end() prints "prog: file: text" through
 * warn_at(), which makes control characters visible (a column named
 * with an escape sequence cannot drive the terminal).
 */
struct note {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static FILE *
note_open(struct note *n)
{
	if ((n->fp = open_memstream(&n->buf, &n->len)) == NULL)
		die_sys("open_memstream");
	return n->fp;
}

static void
note_end(struct note *n, const char *path)
{
	if (fclose(n->fp) != 0)
		die_sys("open_memstream");
	warn_at(&(struct loc){ path, 0 }, "%s", n->buf);
	free(n->buf);
}

/* "7 of 12 journey columns (not in this export: 'Q5', 'Q6', ...)". */
static void
note_missing(struct ingest *g)
{
	size_t i, n = 0, shown = 0, nc = 0;
	struct note note;
	FILE *fp;

	for (i = 0; i < g->j->n; i++) {
		n += g->b[i].col >= 0;
		nc += g->b[i].nocomment;
	}
	if ((n == g->j->n && nc == 0) || g->o->quiet)
		return;
	fp = note_open(&note);
	fprintf(fp, "%zu of %zu journey column%s", n, g->j->n,
	    g->j->n == 1 ? "" : "s");
	for (i = 0; i < g->j->n && n < g->j->n; i++) {
		if (g->b[i].col >= 0)
			continue;
		if (shown < 5)
			fprintf(fp, "%s'%s'", shown == 0 ?
			    " (not asked in this export: " : ", ",
			    g->j->row[i].column);
		shown++;
	}
	if (shown > 5)
		fprintf(fp, " and %zu more", shown - 5);
	if (shown > 0)
		fputc(')', fp);
	for (i = 0, shown = 0; i < g->j->n; i++)
		if (g->b[i].nocomment)
			fprintf(fp, "%s'%s'", shown++ == 0 ? "; comment "
			    "columns not in it: " : ", ", g->j->row[i].comment);
	note_end(&note, g->path);
}

static void
unbind(struct ingest *g)
{
	size_t i;

	for (i = 0; g->b != NULL && i < g->j->n; i++) {
		free(g->b[i].pre);
	}
	free(g->b);
	g->b = NULL;
}

/* ---- summary ---- */

static void
add_counts(struct counts *t, const struct counts *c)
{
	size_t k;

	t->rows += c->rows;
	t->responses += c->responses;
	t->noanswer += c->noanswer;
	t->answers += c->answers;
	t->na += c->na;
	t->dup += c->dup;
	t->notime += c->notime;
	for (k = 0; k < NEXCL; k++)
		t->excl[k] += c->excl[k];
	for (k = 0; k < NREASON; k++)
		t->rej[k] += c->rej[k];
}

#define PL(n) ((n) == 1 ? "" : "s")

static void
summary(const char *who, const struct counts *c)
{
	unsigned long x = 0, r = 0;
	size_t k;
	int first;

	for (k = 0; k < NEXCL; k++)
		x += c->excl[k];
	for (k = 0; k < NREASON; k++)
		r += c->rej[k];
	fprintf(stderr, "%s: %s: %lu row%s, %lu response%s (%lu without an "
	    "answer), %lu answer%s, %lu excluded", progname, who, c->rows,
	    PL(c->rows), c->responses, PL(c->responses), c->noanswer,
	    c->answers, PL(c->answers), x);
	for (k = 0, first = 1; k < NEXCL; k++)
		if (c->excl[k] > 0) {
			fprintf(stderr, "%s%s %lu", first ? " (" : ", ",
			    exclname[k], c->excl[k]);
			first = 0;
		}
	fprintf(stderr, "%s, %lu not applicable, %lu duplicate%s, %lu rejected",
	    first ? "" : ")", c->na, c->dup, PL(c->dup), r);
	for (k = 0, first = 1; k < NREASON; k++)
		if (c->rej[k] > 0) {
			fprintf(stderr, "%s%s %lu", first ? " (" : ", ",
			    reasons[k], c->rej[k]);
			first = 0;
		}
	fprintf(stderr, "%s", first ? "" : ")");
	if (c->notime > 0)
		fprintf(stderr, ", %lu without a time", c->notime);
	fputc('\n', stderr);
}

static void
progress(struct ingest *g, int done)
{
	struct timespec now;
	double el, since;

	if (!g->tty)
		return;
	if (done) {
		if (g->progress_shown)
			fprintf(stderr, "\r%*s\r", 70, "");
		g->progress_shown = 0;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	el = (double)(now.tv_sec - g->t0.tv_sec) +
	    (double)(now.tv_nsec - g->t0.tv_nsec) / 1e9;
	since = (double)(now.tv_sec - g->tlast.tv_sec) +
	    (double)(now.tv_nsec - g->tlast.tv_nsec) / 1e9;
	if (el < 1 || (g->progress_shown && since < 0.5))
		return;
	g->tlast = now;
	g->progress_shown = 1;
	fprintf(stderr, "\r%s: %.30s: %lu rows, %lu answers", progname,
	    g->fname, g->c.rows, g->c.answers);
}

/* ---- one file ---- */

/*
 * The decoder's judge when a file is not UTF-8: how many of the
 * journey's columns a candidate decoding's text holds (folded, as
 * head_find compares them).  The header is at the top: 16 KiB of it.
 */
static long
judge_columns(void *arg, const char *text, size_t len)
{
	struct ingest *g = arg;
	char *t, *f;
	size_t need, i;
	long n = 0;

	t = xstrndup(text, len < 16384 ? len : 16384);
	need = labels_fold(NULL, 0, t);
	f = xmalloc(need + 1);
	labels_fold(f, need + 1, t);
	for (i = 0; i < g->j->n; i++)
		n += g->jfold[i][0] != '\0' && strstr(f, g->jfold[i]) != NULL;
	free(f);
	free(t);
	return n;
}

/*
 * An export is read whole into the output or left out: says why (with
 * --strict, dies: the old fatal error).
 */
static void
left_out(struct ingest *g, const struct loc *at, const char *msg)
{
	if (g->o->strict)
		die_at(at, "%s", msg);
	warn_at(at, "%s: export left out", msg);
	g->nleft++;
}

/* Closes the file being read (after a header or column error). */
static void
close_file(struct ingest *g, struct csvr *r, FILE *fp)
{
	csvr_free(r);
	g->rd = NULL;
	g->fp = NULL;
	fclose(fp);
	unbind(g);
	head_free(&g->h);
}

/* Reads one export: 0 ingested, 1 left out (reported). */
static int
ingest_file(struct ingest *g, const char *path)
{
	struct decode_info *ip = &g->info;
	struct decode_opts dopt = { g->o->enc, g->o->delim, 1, judge_columns,
	    g };
	struct csvr *r;
	FILE *fp;
	const char **fv = NULL;
	size_t nfv = 0, i, n, *fl = NULL;
	int rc;
	const char *raw, *nextid;
	char *rawline, msg[2048];
	const struct rec *a;
	struct loc at;
	struct note note;
	FILE *nf;
	int k;

	g->path = path;
	g->fname = err_fname(path);
	memset(&g->c, 0, sizeof(g->c));
	if ((fp = decode_open_ex(path, &dopt, ip)) == NULL) {
		at.file = path;
		at.line = 0;
		left_out(g, &at, strerror(errno));
		return 1;
	}
	r = csvr_new(fp, path);
	g->fp = fp;	/* reachable from a static: die() leaks nothing */
	g->rd = r;
	csvr_set_delim(r, (unsigned char)ip->delim);
	csvr_set_quote_text(r, 1);	/* Sí, "bootcamps" is text */
	if (g->rej != NULL)
		csvr_set_keep_raw(r, 1);
	g->r = NULL;
	g->comma_dec = ip->delim == ';';
	g->order = g->o->order;
	g->amb_seen = 0;
	if (head_read(&g->h, r, g->o->platform, g->specs, g->j->n,
	    g->o->header_row) != 0) {
		at.file = path;
		at.line = g->h.errline;
		snprintf(msg, sizeof(msg), "%s", g->h.err);
		close_file(g, r, fp);
		left_out(g, &at, msg);
		return 1;
	}
	g->nread++;
	if (bind_columns(g, &at, msg, sizeof(msg)) != 0) {
		close_file(g, r, fp);
		left_out(g, &at, msg);
		return 1;
	}
	if (!g->o->quiet) {
		nf = note_open(&note);
		fprintf(nf, "%s%s%s, %d header row%s, %s%s%s, "
		    "delimiter %s", platform_name(g->h.plat),
		    g->h.variant == V_LEGACY ? " legacy" :
		    g->h.variant == V_2016 ? " 2016" : "",
		    g->o->platform == P_AUTO ? " (detected)" : "",
		    g->h.nrows, g->h.nrows == 1 ? "" : "s",
		    decode_enc_name(ip->enc), ip->bom ? " with BOM" : "",
		    ip->bare_cr ? ", bare CR line ends" : "",
		    ip->delim == '\t' ? "tab" :
		    (char[]){ '\'', ip->delim, '\'', 0 });
		if (g->h.preamble > 0)
			fprintf(nf, ", %d preamble line%s skipped",
			    g->h.preamble, g->h.preamble == 1 ? "" : "s");
		if (g->h.found || g->h.chosen)
			fprintf(nf, ", header on line %lu (%s; %d record%s "
			    "above skipped)", g->h.line, g->h.found ?
			    "where the journey's columns are" : "--header-row",
			    g->h.start, g->h.start == 1 ? "" : "s");
		fprintf(nf, ", id %s, time %s",
		    g->idcol >= 0 ? head_disp(&g->h, (size_t)g->idcol) :
		    "none (content hash)",
		    g->timecol >= 0 ? head_disp(&g->h, (size_t)g->timecol) :
		    "none");
		note_end(&note, path);
	}
	note_missing(g);
	if (g->h.marked && g->o->strict)
		die_at(&(struct loc){ path, g->h.line }, "header: invalid "
		    "UTF-8 or NUL character (--strict; is it another "
		    "--encoding?)");
	if (ip->fallback)
		warn_at(&(struct loc){ path, 0 }, "not valid UTF-8: read as "
		    "%s%s (use --encoding to choose)", enc_long(ip->enc),
		    ip->single_by == DEC_BY_COLUMNS ? ", which finds more of "
		    "the journey's columns than Windows-1252" :
		    ip->single_by == DEC_BY_TEXT ? ", whose text is more "
		    "plausible than Windows-1252's" : "");
	if (g->timecol < 0)
		warn_at(&(struct loc){ path, 0 }, "no time column: its "
		    "responses are without a time, kept out of periods (name "
		    "it with --time)");
	for (i = 0; i < g->j->n; i++)
		if (g->j->row[i].channel_odd && g->nok == 0)
			warn_at(&(struct loc){ g->j->path, g->j->row[i].line },
			    "channel '%s' is neither online nor offline",
			    g->j->row[i].channel);
	for (k = 0; k < g->h.nahead; k++) {
		a = g->h.ahead[k];
		if (a->err != NULL) {
			g->c.rows++;
			reject(g, a->line, "", a->raw, a->err);
		} else
		{
			if ((size_t)a->n > nfv) {
				nfv = (size_t)a->n * 2;
				fv = xreallocarray(fv, nfv, sizeof(*fv));
				fl = xreallocarray(fl, nfv, sizeof(*fl));
			}
			for (i = 0; i < (size_t)a->n; i++)
				fl[i] = strlen(a->f[i]);
			record(g, (size_t)a->n, (const char *const *)a->f, fl,
			    a->line, a->raw);
		}
	}
	g->r = r;
	g->pk_this = g->pk_next = NULL;
	for (;;) {
		if ((rc = csvr_next(r)) == 0)
			break;
		if (rc < 0) {
			if (csvr_ioerror(r))
				die_at(&(struct loc){ path, 0 }, "read error: %s",
				    csvr_strerror(r));
			g->c.rows++;
			raw = g->rej != NULL ? csvr_raw(r, NULL) : "";
			rawline = xstrndup(raw, strcspn(raw, "\r\n"));
			reject(g, csvr_loc(r)->line, "", rawline, csvr_strerror(r));
			free(rawline);
			continue;
		}
		n = csvr_nfields(r);
		if (n > nfv) {
			nfv = n * 2;
			fv = xreallocarray(fv, nfv, sizeof(*fv));
			fl = xreallocarray(fl, nfv, sizeof(*fl));
		}
		csvr_record(r, fv, fl);
		/* this record's id was hashed if it was peeked at; peek at
		 * the next one's (queued: no read before it, so the pointer
		 * stays its) */
		g->pk_this = g->pk_next;
		g->pk_thislen = g->pk_nextlen;
		g->pk_thishash = g->pk_nexthash;
		g->pk_next = NULL;
		if (g->idcol >= 0 && (nextid = csvr_peek(r, (size_t)g->idcol,
		    &g->pk_nextlen)) != NULL) {
			g->pk_next = nextid;
			g->pk_nexthash = id_hash(nextid, g->pk_nextlen);
			idset_prefetch(&g->ids, g->pk_nexthash);
		}
		record(g, n, fv, fl, csvr_loc(r)->line, NULL);
		if ((g->c.rows & 0x3fff) == 0)
			progress(g, 0);
	}
	progress(g, 1);
	g->r = NULL;
	g->pk_this = g->pk_next = NULL;	/* pointers into the reader */
	if (g->sp.fp != NULL)
		settle(g, WHEN_MDY, "");
	if (ip->switch_line > 0)
		warn_at(&(struct loc){ path, ip->switch_line }, "not valid "
		    "UTF-8 from here: read as %s (all before was ASCII; use "
		    "--encoding to choose)", enc_long(ip->enc));
	if (ip->invalid_utf8 > 0)
		warn_at(&(struct loc){ path, ip->invalid_line },
		    "invalid UTF-8: %lu sequence%s (a cell holding one is "
		    "rejected; is it another --encoding?)", ip->invalid_utf8,
		    ip->invalid_utf8 == 1 ? "" : "s");
	if (ip->nul > 0)
		warn_at(&(struct loc){ path, 0 }, "%lu NUL character%s (a cell "
		    "holding one is rejected)", ip->nul, ip->nul == 1 ? "" :
		    "s");
	free(fv);
	free(fl);
	csvr_free(r);
	g->rd = NULL;
	g->fp = NULL;
	if (fclose(fp) != 0)
		die_sys("%s", g->fname);
	if (!g->o->quiet)
		summary(g->fname, &g->c);
	add_counts(&g->tot, &g->c);
	unbind(g);
	head_free(&g->h);
	g->nfiles++;
	g->nok++;
	return 0;
}

/* The journey's column specs, as given and folded, and their state over
 * the run. */
static void
journey_index(struct ingest *gg)
{
	size_t i, need;

	gg->jfold = xcalloc(gg->j->n, sizeof(*gg->jfold));
	gg->specs = xcalloc(gg->j->n, sizeof(*gg->specs));
	gg->js = xcalloc(gg->j->n, sizeof(*gg->js));
	for (i = 0; i < gg->j->n; i++) {
		need = labels_fold(NULL, 0, gg->j->row[i].column);
		gg->jfold[i] = xmalloc(need + 1);
		labels_fold(gg->jfold[i], need + 1, gg->j->row[i].column);
		gg->specs[i] = gg->j->row[i].column;
	}
}

/* Static: what die() leaves behind stays reachable, and the decoder
 * (whose buffers sit behind a stdio cookie) is closed at exit. */
static struct ingest g;

static void
cleanup(void)
{
	if (g.fp != NULL)
		fclose(g.fp);
	g.fp = NULL;
	if (g.out != NULL)	/* the rows before a fatal error */
		out_flush(&g);
}

int
main(int argc, char *argv[])
{
	static struct opts o;
	char errbuf[512];
	unsigned long line;
	static char outbuf[OUTBUF];
	size_t seenlen;
	int i, status = EXIT_SUCCESS;

	err_init(argv[0]);
	err_std_options(argc, argv, HELP);
	parse_args(argc, argv, &o);
	atexit(cleanup);
	if (o.draft) {
		g.lab = labels_new();
		for (i = 0; i < o.nlabels; i++)
			if (labels_load(g.lab, o.labels[i], errbuf,
			    sizeof(errbuf)) != 0)
				die("%s", errbuf);
		i = draft_journey(optind < argc ? argv[optind] : "-",
		    o.platform, o.enc, o.delim, o.header_row, g.lab);
		labels_free(g.lab);
		return i;
	}
	g.o = &o;
	g.out = stdout;
	/* Rows are written by out_flush() OUTBUF bytes at a time (each
	 * record's at once to a terminal); what goes through stdio (the
	 * header, rows held while dates are ambiguous) gets a buffer of
	 * that size too: its default for a pipe or /dev/null (st_blksize,
	 * 4 KiB) made a write(2) every 50 rows. */
	if (!isatty(STDOUT_FILENO)) {	/* (glibc ignores a size without
					 * a buffer) */
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
		g.outmin = OUTBUF;
	}
	pipe_widen(STDOUT_FILENO);	/* to cjm-kpi: see lib/pipe.h */
	if ((g.j = journey_load(o.journey, &line, errbuf, sizeof(errbuf))) ==
	    NULL)
		die_at(&(struct loc){ o.journey, line }, "%s", errbuf);
	journey_index(&g);
	g.lab = labels_new();
	for (i = 0; i < o.nlabels; i++)
		if (labels_load(g.lab, o.labels[i], errbuf, sizeof(errbuf)) != 0)
			die("%s", errbuf);
	if (o.rejects != NULL) {
		if ((g.rej = fopen(o.rejects, "w")) == NULL)
			die_sys("%s", o.rejects);
		csvw_init(&g.rw, g.rej);
		csvw_field(&g.rw, "file");
		csvw_field(&g.rw, "line");
		csvw_field(&g.rw, "column");
		csvw_field(&g.rw, "value");
		csvw_field(&g.rw, "reason");
		csvw_end(&g.rw);
	}
	g.score = xcalloc(g.j->n, sizeof(*g.score));
	g.cbad = xcalloc(g.j->n, 1);
	for (i = 0; i < o.nseen; i++)
		seen_load(&g.ids, o.seen[i]);
	seenlen = g.ids.alen;
	g.tty = !o.quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &g.t0);
	if (optind == argc)
		ingest_file(&g, "-");
	for (i = optind; i < argc; i++)
		ingest_file(&g, argv[i]);
	out_flush(&g);
	if (g.nok > 0 && !g.headed)
		out_header(&g);		/* no rows: an empty table */
	if (!o.quiet && g.nfiles > 1)
		summary("total", &g.tot);
	/* The journey is the union of the surveys: a column no export has
	 * is probably misspelt. */
	for (i = 0; g.nok > 0 && (size_t)i < g.j->n; i++)
		if (!g.js[i].found)
			warn_at(&(struct loc){ o.journey, g.j->row[i].line },
			    "column '%s' is in none of the %d export%s read "
			    "(in %s, %s)", g.j->row[i].column, g.nread,
			    g.nread == 1 ? "" : "s", g.js[i].where,
			    g.js[i].sug);
	if (g.nleft > 0) {
		if (g.nok + g.nleft > 1)
			warnx_("%d of %d exports left out (see above)%s",
			    g.nleft, g.nok + g.nleft, g.nok > 0 ? "; the "
			    "output holds the others" : ": nothing written");
		status = g.nok > 0 ? EXIT_ALERT : EXIT_DATA;
	}
	if (o.ids != NULL && ids_write(&g.ids, seenlen, o.ids) != 0) {
		warn_at(&(struct loc){ o.ids, 0 }, "write error: %s",
		    strerror(errno));
		status = EXIT_DATA;
	}
	if (g.rej != NULL && (fflush(g.rej) != 0 || ferror(g.rej) ||
	    fclose(g.rej) != 0)) {
		warn_at(&(struct loc){ o.rejects, 0 }, "write error: %s",
		    strerror(errno));
		status = EXIT_DATA;
	}
	free(g.score);
	free(g.cbad);
	free(g.ub.p);
	free(g.ids.slot);
	free(g.ids.arena);
	free(g.sp.off);
	free(g.sp.tix);
	free(g.sp.times);
	free(g.ob.p);
	free(g.idb.p);
	free(g.wb.p);
	free(g.segb.p);
	free(g.qid.p);
	free(g.qseg.p);
	for (i = 0; (size_t)i < g.j->n; i++) {
		free(g.jfold[i]);
		free(g.js[i].sug);
		free(g.js[i].where);
	}
	free(g.jfold);
	free(g.js);
	free(g.specs);
	labels_free(g.lab);
	journey_free(g.j);
	free(o.seen);
	return close_stdout(status);
}
