/*
 * funnel.c -- see funnel.h.
 *
 * Customers live in one array (24 bytes each), found by id through an
 * open-addressing table of (hash, index) pairs; ids in one arena.  A
 * customer's held step times (k > 1) are a block of a shared pool, in
 * size classes 2, 3, 4, 6, 8, 12, ... with a free list per class.  New
 * times are appended; when the block is full it is sorted by (step,
 * time), deduplicated and pruned (prune()), then moved to the class that
 * leaves room for half as many again, so each event costs O(log n)
 * amortised however the input is ordered.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "funnel.h"
#include "xmalloc.h"

#define NCLASS	50		/* class 49 holds 3 * 2^24 times: fits nev */

struct hev {
	long long	 t;
	uint32_t	 step;		/* 1 .. nstep-1 */
	uint32_t	 pad;
};

struct cust {
	long long	 t1;		/* FUNNEL_NONE: no step-1 event yet */
	uint32_t	 idoff;		/* into the id arena */
	uint32_t	 seg;
	uint32_t	 ev;		/* pool offset of the block */
	unsigned	 nev : 26;	/* times in the block */
	unsigned	 cls : 6;	/* its class + 1; 0: no block */
};

struct funnel {
	unsigned	 nstep;
	long long	 window;
	struct cust	*c;
	size_t		 nc, ccap;
	uint64_t	*slot;		/* hash << 32 | index + 1; 0 empty */
	size_t		 scap;
	char		*ids;
	size_t		 ilen, icap;
	struct hev	*pool;
	size_t		 plen, pcap;
	uint32_t	 freel[NCLASS];	/* offset + 1 of a free block */
	size_t		 held;
	/* segments: names in an arena, a small open-addressing table */
	char		*segs;
	size_t		 slen, scapa;
	size_t		*segoff;
	unsigned	 nseg, segcap;
	uint32_t	*segslot;	/* seg + 1; 0 empty */
	size_t		 segscap;
	long long	*path;		/* funnel_each's buffer */
};

static size_t
class_size(unsigned k)
{
	size_t base = (size_t)2 << (k / 2);

	return k % 2 ? base + base / 2 : base;
}

/* The smallest class holding n. */
static unsigned
class_for(size_t n)
{
	unsigned k = 0;

	while (class_size(k) < n)
		k++;
	return k;
}

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

struct funnel *
funnel_new(unsigned nstep, long long window)
{
	struct funnel *f;

	if (nstep < 1 || nstep > FUNNEL_MAXSTEP || window <= 0)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->nstep = nstep;
	f->window = window;
	f->scap = 1024;
	f->slot = xcalloc(f->scap, sizeof(*f->slot));
	f->segscap = 64;
	f->segslot = xcalloc(f->segscap, sizeof(*f->segslot));
	f->path = xcalloc(nstep, sizeof(*f->path));
	return f;
}

void
funnel_free(struct funnel *f)
{
	if (f == NULL)
		return;
	free(f->c);
	free(f->slot);
	free(f->ids);
	free(f->pool);
	free(f->segs);
	free(f->segoff);
	free(f->segslot);
	free(f->path);
	free(f);
}

/* ---- segments ---- */

static void
seg_rehash(struct funnel *f)
{
	size_t k;
	unsigned s;

	free(f->segslot);
	f->segscap *= 2;
	f->segslot = xcalloc(f->segscap, sizeof(*f->segslot));
	for (s = 0; s < f->nseg; s++) {
		const char *name = f->segs + f->segoff[s];

		k = hash(name, strlen(name)) & (f->segscap - 1);
		while (f->segslot[k] != 0)
			k = (k + 1) & (f->segscap - 1);
		f->segslot[k] = s + 1;
	}
}

unsigned
funnel_segment(struct funnel *f, const char *s, size_t len)
{
	size_t k;
	const char *name;

	for (k = hash(s, len) & (f->segscap - 1); f->segslot[k] != 0;
	    k = (k + 1) & (f->segscap - 1)) {
		name = f->segs + f->segoff[f->segslot[k] - 1];
		if (memcmp(name, s, len) == 0 && name[len] == '\0')
			return f->segslot[k] - 1;
	}
	if (f->nseg == f->segcap) {
		f->segcap = f->segcap ? f->segcap * 2 : 16;
		f->segoff = xreallocarray(f->segoff, f->segcap,
		    sizeof(*f->segoff));
	}
	while (f->slen + len + 1 > f->scapa) {
		f->scapa = f->scapa ? f->scapa * 2 : 1024;
		f->segs = xreallocarray(f->segs, f->scapa, 1);
	}
	memcpy(f->segs + f->slen, s, len);
	f->segs[f->slen + len] = '\0';
	f->segoff[f->nseg] = f->slen;
	f->slen += len + 1;
	f->segslot[k] = f->nseg + 1;
	f->nseg++;
	if (2 * f->nseg > f->segscap)
		seg_rehash(f);
	return f->nseg - 1;
}

const char *
funnel_segment_name(const struct funnel *f, unsigned seg)
{
	return seg < f->nseg ? f->segs + f->segoff[seg] : "";
}

unsigned
funnel_nsegment(const struct funnel *f)
{
	return f->nseg;
}

/* ---- the pool of held times ---- */

/* A free block of class cls: its offset, or -1 past 2^32 times. */
static long long
block_get(struct funnel *f, unsigned cls)
{
	size_t n = class_size(cls);
	uint32_t off;

	if (f->freel[cls] != 0) {
		off = f->freel[cls] - 1;
		f->freel[cls] = (uint32_t)f->pool[off].t;
		return off;
	}
	if (f->plen + n > UINT32_MAX)
		return -1;
	if (f->plen + n > f->pcap) {
		while (f->plen + n > f->pcap)
			f->pcap = f->pcap ? f->pcap + f->pcap / 2 : 4096;
		f->pool = xreallocarray(f->pool, f->pcap, sizeof(*f->pool));
	}
	off = (uint32_t)f->plen;
	f->plen += n;
	return off;
}

static void
block_put(struct funnel *f, uint32_t off, unsigned cls)
{
	f->pool[off].t = f->freel[cls];
	f->freel[cls] = off + 1;
}

static int
cmp_hev(const void *a, const void *b)
{
	const struct hev *x = a, *y = b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

static void
sort_hev(struct hev *h, size_t n)
{
	size_t i, j;
	struct hev x;

	if (n > 16) {
		qsort(h, n, sizeof(*h), cmp_hev);
		return;
	}
	for (i = 1; i < n; i++) {
		x = h[i];
		for (j = i; j > 0 && cmp_hev(&h[j - 1], &x) > 0; j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
}

/*
 * Sorts, deduplicates and prunes the held times of c (docs in
 * funnel.h); fills f->path with the path through them and returns the
 * number of steps it reaches (0 without a step-1 event).
 */
static unsigned
prune(struct funnel *f, struct cust *c)
{
	struct hev *h = c->cls ? f->pool + c->ev : NULL;
	size_t n = c->nev, i, o = 0;
	long long end, prev;
	unsigned reached, s;
	int found;

	sort_hev(h, n);
	if (c->t1 == FUNNEL_NONE) {
		for (i = 0; i < n; i++)
			if (o == 0 || cmp_hev(&h[o - 1], &h[i]) != 0)
				h[o++] = h[i];
		reached = 0;
		goto done;
	}
	end = c->t1 + f->window;
	f->path[0] = prev = c->t1;
	reached = 1;
	for (i = 0; i < n; ) {
		s = h[i].step;
		found = 0;
		for (; i < n && h[i].step == s; i++) {
			if (h[i].t > end || found)
				continue;	/* dropped */
			if (o > 0 && cmp_hev(&h[o - 1], &h[i]) == 0)
				continue;	/* a repeat */
			h[o++] = h[i];
			if (reached == s && h[i].t >= prev) {
				/* the path's step s: later times of s go */
				found = 1;
				f->path[reached++] = prev = h[i].t;
			}
		}
	}
done:
	f->held -= n - o;
	c->nev = (unsigned)o;
	return reached;
}

/*
 * Prunes c and moves its times to a block with room for half again:
 * 0, or -1 at a limit (the block or the pool too large).
 */
static int
compact(struct funnel *f, struct cust *c)
{
	unsigned cls;
	long long off;
	size_t want;

	prune(f, c);
	want = c->nev + (c->nev / 2 > 1 ? c->nev / 2 : 1);
	if (want > class_size(NCLASS - 1))
		return -1;
	cls = class_for(want);
	if (c->cls == cls + 1)
		return 0;
	if ((off = block_get(f, cls)) < 0)
		return -1;
	if (c->nev > 0)
		memcpy(f->pool + off, f->pool + c->ev, c->nev *
		    sizeof(*f->pool));
	if (c->cls != 0)
		block_put(f, c->ev, c->cls - 1);
	c->ev = (uint32_t)off;
	c->cls = cls + 1;
	return 0;
}

/* ---- customers ---- */

static void
grow_slots(struct funnel *f)
{
	uint64_t *old = f->slot;
	size_t oldcap = f->scap, i, k;

	f->scap *= 2;
	f->slot = xcalloc(f->scap, sizeof(*f->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		/* the stored hash is the top 32 bits: enough for the
		 * table's size up to 2^32 slots */
		k = (size_t)(old[i] >> 32) & (f->scap - 1);
		while (f->slot[k] != 0)
			k = (k + 1) & (f->scap - 1);
		f->slot[k] = old[i];
	}
	free(old);
}

/* The customer with this id, created when new; NULL at a limit. */
static struct cust *
customer(struct funnel *f, const char *id, size_t len)
{
	uint64_t h = hash(id, len), hv = h >> 32;
	size_t k;
	struct cust *c;
	const char *s;

	for (k = (size_t)hv & (f->scap - 1); f->slot[k] != 0;
	    k = (k + 1) & (f->scap - 1)) {
		if (f->slot[k] >> 32 != hv)
			continue;
		c = &f->c[(f->slot[k] & 0xffffffffu) - 1];
		s = f->ids + c->idoff;
		if (memcmp(s, id, len) == 0 && s[len] == '\0')
			return c;
	}
	if (f->nc >= UINT32_MAX - 1 || f->ilen + len + 1 > UINT32_MAX)
		return NULL;
	if (f->nc == f->ccap) {
		f->ccap = f->ccap ? f->ccap * 2 : 1024;
		f->c = xreallocarray(f->c, f->ccap, sizeof(*f->c));
	}
	while (f->ilen + len + 1 > f->icap) {
		f->icap = f->icap ? f->icap * 2 : 16384;
		if (f->icap > (size_t)UINT32_MAX + 1)
			f->icap = (size_t)UINT32_MAX + 1;
		f->ids = xreallocarray(f->ids, f->icap, 1);
	}
	c = &f->c[f->nc];
	memset(c, 0, sizeof(*c));
	c->t1 = FUNNEL_NONE;
	c->idoff = (uint32_t)f->ilen;
	memcpy(f->ids + f->ilen, id, len);
	f->ids[f->ilen + len] = '\0';
	f->ilen += len + 1;
	f->slot[k] = hv << 32 | (uint64_t)(f->nc + 1);
	f->nc++;
	if (f->nc * 10 > f->scap * 7)
		grow_slots(f);
	return c;
}

int
funnel_add(struct funnel *f, const char *id, size_t len, unsigned step,
    long long t, unsigned seg)
{
	struct cust *c;
	struct hev *h;

	if (step >= f->nstep)
		return 0;
	if ((c = customer(f, id, len)) == NULL)
		return -1;
	if (step == 0) {
		if (t < c->t1 || (t == c->t1 && seg != c->seg &&
		    strcmp(funnel_segment_name(f, seg),
		    funnel_segment_name(f, c->seg)) < 0)) {
			c->t1 = t;
			c->seg = seg;
		}
		return 0;
	}
	/* After the window of the earliest step 1 so far: never counts. */
	if (c->t1 != FUNNEL_NONE && t > c->t1 + f->window)
		return 0;
	if ((c->cls == 0 || c->nev == class_size(c->cls - 1)) &&
	    compact(f, c) != 0)
		return -1;
	h = &f->pool[c->ev + c->nev++];
	h->t = t;
	h->step = step;
	h->pad = 0;
	f->held++;
	return 0;
}

void
funnel_each(struct funnel *f, void (*fn)(void *, const struct funnel_path *),
    void *arg)
{
	struct funnel_path p;
	size_t i;

	for (i = 0; i < f->nc; i++) {
		p.id = f->ids + f->c[i].idoff;
		p.seg = f->c[i].seg;
		p.reached = prune(f, &f->c[i]);
		p.t = f->path;
		fn(arg, &p);
	}
}

void
funnel_stats(const struct funnel *f, struct funnel_stats *st)
{
	st->customers = f->nc;
	st->held = f->held;
	st->bytes = f->ccap * sizeof(*f->c) + f->scap * sizeof(*f->slot) +
	    f->icap + f->pcap * sizeof(*f->pool) + f->scapa +
	    f->segcap * sizeof(*f->segoff) + f->segscap *
	    sizeof(*f->segslot);
}
