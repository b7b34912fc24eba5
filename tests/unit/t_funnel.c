/*
 * t_funnel.c -- the funnel rule engine: every rule on hand-made events,
 * then random event sets in many orders against a direct reading of the
 * rule (all events kept, each step's time searched afresh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "funnel.h"
#include "t.h"

#define MAXS	8
#define END	(-FUNNEL_NONE - 1)	/* ends a PATH() */

struct got {
	char		 id[32];
	unsigned	 seg, reached;
	long long	 t[MAXS];
};

struct res {
	struct got	*g;
	size_t		 n, cap;
};

static void
collect(void *arg, const struct funnel_path *p)
{
	struct res *r = arg;
	struct got *g;
	unsigned k;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->g = realloc(r->g, r->cap * sizeof(*r->g));
	}
	g = &r->g[r->n++];
	snprintf(g->id, sizeof(g->id), "%s", p->id);
	g->seg = p->seg;
	g->reached = p->reached;
	for (k = 0; k < p->reached && k < MAXS; k++)
		g->t[k] = p->t[k];
}

static const struct got *
find(const struct res *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->g[i].id, id) == 0)
			return &r->g[i];
	return NULL;
}

/* Events "id:step:time" (step 1-based as written), one customer's path. */
static const struct got *
run(struct res *r, unsigned nstep, long long window, const char *const *ev)
{
	struct funnel *f = funnel_new(nstep, window);
	char id[32];
	unsigned step;
	long long t;
	size_t i;

	r->n = 0;
	for (i = 0; ev[i] != NULL; i++) {
		if (sscanf(ev[i], "%31[^:]:%u:%lld", id, &step, &t) != 3)
			abort();
		if (funnel_add(f, id, strlen(id), step - 1, t, 0) != 0)
			T_CHECK(!"funnel_add");
	}
	funnel_each(f, collect, r);
	funnel_free(f);
	return r->n > 0 ? &r->g[0] : NULL;
}

/* Checks the first customer reached exactly want (times; END ends). */
static void
path_is(const char *what, const struct got *g, const long long *want)
{
	unsigned k, n = 0;
	int ok;

	while (want[n] != END)
		n++;
	ok = g != NULL && g->reached == n;
	for (k = 0; ok && k < n; k++)
		ok = g->t[k] == want[k];
	if (!ok) {
		fprintf(stderr, "%s: reached %u:", what, g ? g->reached : 0);
		for (k = 0; g != NULL && k < g->reached; k++)
			fprintf(stderr, " %lld", g->t[k]);
		fprintf(stderr, "\n");
	}
	T_CHECK(ok);
}

#define EV(...)		((const char *const []){ __VA_ARGS__, NULL })
#define PATH(...)	((const long long []){ __VA_ARGS__, END })

static void
rules(void)
{
	struct res r = { NULL, 0, 0 };

	/* the straight path */
	path_is("straight", run(&r, 3, 100, EV("a:1:10", "a:2:20", "a:3:30")),
	    PATH(10, 20, 30));
	/* ties: a step may be at the same time as the one before */
	path_is("ties", run(&r, 3, 100, EV("a:1:10", "a:2:10", "a:3:10")),
	    PATH(10, 10, 10));
	/* out of order: a later step's event before the earlier step does
	 * not count, a later one does */
	path_is("before", run(&r, 3, 100, EV("a:2:5", "a:1:10", "a:3:12",
	    "a:2:15")), PATH(10, 15));
	path_is("before2", run(&r, 3, 100, EV("a:2:5", "a:1:10", "a:3:12",
	    "a:2:15", "a:3:16")), PATH(10, 15, 16));
	/* a later step without the earlier: nothing after step 1 */
	path_is("skip", run(&r, 3, 100, EV("a:1:10", "a:3:20")), PATH(10));
	/* no step 1: not in the funnel */
	path_is("no step 1", run(&r, 3, 100, EV("a:2:10", "a:3:20")),
	    (const long long []){ END });
	/* repeats: the earliest step-1, the earliest qualifying step k */
	path_is("repeats", run(&r, 3, 100, EV("a:1:30", "a:1:10", "a:1:20",
	    "a:2:40", "a:2:25", "a:2:12", "a:3:26", "a:3:50")),
	    PATH(10, 12, 26));
	/* a step-1 event repeated later does not restart the funnel */
	path_is("restart", run(&r, 2, 100, EV("a:1:10", "a:1:500",
	    "a:2:520")), PATH(10));
	/* the window: at most `window` after step 1, inclusive */
	path_is("edge in", run(&r, 2, 100, EV("a:1:10", "a:2:110")),
	    PATH(10, 110));
	path_is("edge out", run(&r, 2, 100, EV("a:1:10", "a:2:111")),
	    PATH(10));
	path_is("edge 3", run(&r, 3, 100, EV("a:3:110", "a:2:60", "a:1:10",
	    "a:3:111")), PATH(10, 60, 110));
	/* the window counts from step 1, not from the previous step */
	path_is("from step 1", run(&r, 3, 100, EV("a:1:10", "a:2:100",
	    "a:3:150")), PATH(10, 100));
	/* an earlier step 1 arriving last shrinks the window: what was
	 * reached through the later one may no longer count */
	path_is("shrink", run(&r, 3, 100, EV("a:1:50", "a:2:120", "a:3:140",
	    "a:1:30", "a:2:35")), PATH(30, 35));
	path_is("shrink1", run(&r, 3, 100, EV("a:1:50", "a:2:120", "a:3:125",
	    "a:3:140", "a:1:30", "a:2:35")), PATH(30, 35, 125));
	path_is("shrink2", run(&r, 3, 100, EV("a:1:50", "a:2:120", "a:3:140",
	    "a:1:30")), PATH(30, 120));
	path_is("shrink3", run(&r, 2, 100, EV("a:1:50", "a:2:140",
	    "a:1:30")), PATH(30));
	/* an earlier event makes times before the old path count */
	path_is("earlier", run(&r, 3, 100, EV("a:2:5", "a:3:6", "a:2:60",
	    "a:3:70", "a:1:50", "a:1:1")), PATH(1, 5, 6));
	/* a single step funnel */
	path_is("one step", run(&r, 1, 100, EV("a:1:7", "a:1:3")), PATH(3));
	/* negative times (before 1970) */
	path_is("negative", run(&r, 2, 100, EV("a:2:-50", "a:1:-100")),
	    PATH(-100, -50));
	free(r.g);
}

static void
segments(void)
{
	struct funnel *f = funnel_new(2, 100);
	struct res r = { NULL, 0, 0 };
	unsigned x, y, z;

	x = funnel_segment(f, "zeta", 4);
	y = funnel_segment(f, "alpha", 5);
	z = funnel_segment(f, "mid", 3);
	T_CHECK(x == 0 && y == 1 && z == 2);
	T_CHECK(funnel_segment(f, "alpha", 5) == 1);
	T_CHECK(funnel_segment(f, "alph", 4) == 3);
	T_CHECK(funnel_segment(f, "", 0) == 4);
	T_CHECK(funnel_nsegment(f) == 5);
	T_STREQ(funnel_segment_name(f, 1), "alpha");
	T_STREQ(funnel_segment_name(f, 4), "");
	/* the earliest step-1 event's segment; ties: the smallest */
	funnel_add(f, "a", 1, 0, 10, x);
	funnel_add(f, "a", 1, 0, 10, y);
	funnel_add(f, "a", 1, 0, 10, z);
	funnel_add(f, "b", 1, 0, 10, y);
	funnel_add(f, "b", 1, 0, 10, x);
	funnel_add(f, "c", 1, 0, 20, y);
	funnel_add(f, "c", 1, 0, 10, x);
	funnel_add(f, "c", 1, 1, 15, y);
	funnel_each(f, collect, &r);
	T_CHECK(r.n == 3);
	T_CHECK(find(&r, "a") && find(&r, "a")->seg == y);
	T_CHECK(find(&r, "b") && find(&r, "b")->seg == y);
	T_CHECK(find(&r, "c") && find(&r, "c")->seg == x);
	T_CHECK(find(&r, "c") && find(&r, "c")->reached == 2);
	/* many segments: the table grows */
	{
		char b[16];
		unsigned i, ok = 1;

		for (i = 0; i < 1000; i++) {
			snprintf(b, sizeof(b), "s%u", i);
			if (funnel_segment(f, b, strlen(b)) != 5 + i)
				ok = 0;
		}
		for (i = 0; i < 1000; i++) {
			snprintf(b, sizeof(b), "s%u", i);
			if (funnel_segment(f, b, strlen(b)) != 5 + i)
				ok = 0;
		}
		T_CHECK(ok);
	}
	funnel_free(f);
	funnel_free(NULL);
	T_CHECK(funnel_new(0, 10) == NULL);
	T_CHECK(funnel_new(2, 0) == NULL);
	T_CHECK(funnel_new(FUNNEL_MAXSTEP + 1, 10) == NULL);
	free(r.g);
}

/* ---- random events against the rule read directly ---- */

struct ev {
	unsigned	 cust, step, seg;
	long long	 t;
};

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* The rule, directly: all of a customer's events searched. */
static unsigned
direct(const struct ev *e, size_t n, unsigned cust, unsigned nstep,
    long long window, long long *t, unsigned *seg)
{
	size_t i;
	unsigned k;
	long long best;
	const char *names = "cadb";	/* as interned below */

	t[0] = FUNNEL_NONE;
	for (i = 0; i < n; i++)
		if (e[i].cust == cust && e[i].step == 0 && (e[i].t < t[0] ||
		    (e[i].t == t[0] && names[e[i].seg] < names[*seg]))) {
			t[0] = e[i].t;
			*seg = e[i].seg;
		}
	if (t[0] == FUNNEL_NONE)
		return 0;
	for (k = 1; k < nstep; k++) {
		best = FUNNEL_NONE;
		for (i = 0; i < n; i++)
			if (e[i].cust == cust && e[i].step == k &&
			    e[i].t >= t[k - 1] && e[i].t <= t[0] + window &&
			    e[i].t < best)
				best = e[i].t;
		if (best == FUNNEL_NONE)
			return k;
		t[k] = best;
	}
	return nstep;
}

static int
by_time(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

static void
random_sets(void)
{
	enum { NC = 40, NE = 600, ROUNDS = 300 };
	struct ev e[NE];
	struct res r = { NULL, 0, 0 };
	struct funnel *f;
	struct funnel_stats st;
	long long want[MAXS];
	unsigned round, nstep, segs[4], c, k, n, wseg;
	long long window;
	size_t i, j, ne, bad = 0, cmp = 0;
	char id[16];
	struct ev tmp;

	for (round = 0; round < ROUNDS; round++) {
		nstep = 1 + rnd(5);
		window = 1 + rnd(60);
		ne = 1 + rnd(NE);
		for (i = 0; i < ne; i++) {
			e[i].cust = rnd(NC);
			e[i].step = rnd(nstep);
			e[i].t = (long long)rnd(100) - 20;
			e[i].seg = rnd(4);
		}
		/* orders: random, by time, reverse time */
		if (round % 3 == 1)
			qsort(e, ne, sizeof(e[0]), by_time);
		if (round % 3 == 2) {
			qsort(e, ne, sizeof(e[0]), by_time);
			for (i = 0; i < ne / 2; i++) {
				tmp = e[i];
				e[i] = e[ne - 1 - i];
				e[ne - 1 - i] = tmp;
			}
		}
		f = funnel_new(nstep, window);
		segs[0] = funnel_segment(f, "c", 1);
		segs[1] = funnel_segment(f, "a", 1);
		segs[2] = funnel_segment(f, "d", 1);
		segs[3] = funnel_segment(f, "b", 1);
		for (i = 0; i < ne; i++) {
			snprintf(id, sizeof(id), "cust%u", e[i].cust);
			funnel_add(f, id, strlen(id), e[i].step, e[i].t,
			    segs[e[i].seg]);
			/* look at the state half way: funnel_each must not
			 * change the result */
			if (i == ne / 2 && round % 2 == 0) {
				r.n = 0;
				funnel_each(f, collect, &r);
			}
		}
		r.n = 0;
		funnel_each(f, collect, &r);
		funnel_stats(f, &st);
		for (c = 0; c < NC; c++) {
			snprintf(id, sizeof(id), "cust%u", c);
			wseg = 0;
			n = direct(e, ne, c, nstep, window, want, &wseg);
			const struct got *g = find(&r, id);

			for (j = 0; j < ne && e[j].cust != c; j++)
				;
			cmp++;
			if (j == ne) {		/* never seen */
				if (g != NULL)
					bad++;
				continue;
			}
			if (g == NULL || g->reached != n) {
				bad++;
				continue;
			}
			for (k = 0; k < n; k++)
				if (g->t[k] != want[k])
					break;
			if (k < n || (n > 0 && g->seg != segs[wseg]))
				bad++;
		}
		T_CHECK(st.customers <= NC);
		funnel_free(f);
	}
	if (bad > 0)
		fprintf(stderr, "random: %zu of %zu customers differ\n", bad,
		    cmp);
	T_CHECK(bad == 0);
	free(r.g);
}

/*
 * Memory: time-ordered events of a customer who repeats every step many
 * times hold about one time per step; repeats do not accumulate.
 */
static void
memory(void)
{
	struct funnel *f = funnel_new(4, 1000000);
	struct funnel_stats st;
	char id[16];
	unsigned i, c;

	for (i = 0; i < 2000; i++)
		for (c = 0; c < 100; c++) {
			snprintf(id, sizeof(id), "u%u", c);
			if (funnel_add(f, id, strlen(id), i % 4,
			    (long long)i * 10, 0) != 0)
				T_CHECK(!"funnel_add");
		}
	funnel_stats(f, &st);
	T_CHECK(st.customers == 100);
	/* 3 path times per customer, up to half as many again between
	 * prunings, rounded up to a class */
	if (st.held > 100 * 6)
		fprintf(stderr, "held %zu\n", st.held);
	T_CHECK(st.held <= 100 * 6);
	funnel_free(f);
}

int
main(void)
{
	rules();
	segments();
	random_sets();
	memory();
	return t_done("t_funnel");
}
