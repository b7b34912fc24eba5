/*
 * funnel.h -- the funnel rule over events in any order, in one pass
 * (docs/methods.md, "Funnels").
 *
 * Steps 1..S are numbered 0..S-1 here.  A customer reaches step 1 at
 * their earliest step-1 event; step k > 1 at their earliest step-k event
 * at or after their step k-1 time and at most `window` after their
 * step-1 time.  A later step's event without the earlier steps does not
 * count.
 *
 * Memory.  Events may come in any order, so the engine cannot finish a
 * customer before the input ends: it keeps one entry per customer (id,
 * earliest step-1 time, segment: about 50 bytes plus the id) and, for
 * steps k > 1, the distinct event times that can still become the
 * customer's step-k time:
 *   - none more than `window` after the earliest step-1 time seen so
 *     far (that time only moves earlier, so the window's end too);
 *   - none after the step-k time of the path through the events seen so
 *     far (more events can only move that path earlier, never later).
 * Time-ordered input therefore holds about one time per step reached;
 * what it may hold more of is later-step events that came before the
 * step they follow (all kept: an earlier event may still open the way
 * to them).  Rows of other events, repeats of step 1, repeats after the
 * path and events outside the window take nothing.  Held times are
 * pruned in batches (when a customer's block is full), so a customer
 * holds at most about twice what it needs between two prunings.
 *
 * Nothing here prints or exits (except xmalloc on out-of-memory).
 */
#ifndef FUNNEL_H
#define FUNNEL_H

#include <stddef.h>

#define FUNNEL_NONE	((long long)0x7fffffffffffffffLL)
#define FUNNEL_MAXSTEP	1000

struct funnel;

/* One customer's result (funnel_each). */
struct funnel_path {
	const char	*id;		/* NUL-terminated */
	unsigned	 seg;		/* segment of the step-1 event */
	unsigned	 reached;	/* steps reached; 0: no step-1 event */
	const long long	*t;		/* t[0 .. reached-1]: the step times */
};

/* nstep 1..FUNNEL_MAXSTEP; window > 0, in the unit of the times. */
struct funnel	*funnel_new(unsigned nstep, long long window);
void		 funnel_free(struct funnel *);	/* NULL is a no-op */

/*
 * Interns a segment value: its number, 0 for the first value seen.  When
 * two step-1 events of a customer tie for the earliest, the customer
 * takes the byte-smallest segment (so the order of the input does not
 * matter).
 */
unsigned	 funnel_segment(struct funnel *, const char *s, size_t len);
const char	*funnel_segment_name(const struct funnel *, unsigned seg);
unsigned	 funnel_nsegment(const struct funnel *);

/*
 * Adds an event of customer id (len bytes, no NUL inside) at step
 * (0-based, < nstep) and time t (|t| < 2^62), with segment seg (from
 * funnel_segment; only step-0 events use it).  Returns 0, or -1 when a
 * limit is reached (2^32 - 1 customers, 4 GiB of ids, 2^32 held times,
 * 50 million held times for one customer).
 */
int		 funnel_add(struct funnel *, const char *id, size_t len,
		    unsigned step, long long t, unsigned seg);

/*
 * Calls fn for every customer, in the order they were first seen, with
 * their path (valid during the call).  Prunes as it goes; the engine can
 * take more events afterwards.
 */
void		 funnel_each(struct funnel *,
		    void (*fn)(void *, const struct funnel_path *), void *arg);

struct funnel_stats {
	size_t		 customers;	/* distinct ids */
	size_t		 held;		/* step times held now (k > 1) */
	size_t		 bytes;		/* memory allocated by the engine */
};
void		 funnel_stats(const struct funnel *, struct funnel_stats *);

#endif
