/*
 * test_par.c - work over [0, n) on many threads: txng_par_for() and the pool
 *
 * Every item of every job must run exactly once, whatever the block size,
 * the number of threads and the order jobs are waited for in; a job must be
 * finished when txng_pool_wait() returns; and a pool's workers must really
 * run blocks beside the caller. Counts are atomics, so a block run twice or
 * never shows as a count other than one.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/par.h"
#include "tests/tap.h"

#define ITEMS 5000

struct counts {
    atomic_int  hits[ITEMS];
    atomic_bool finished; /* set by the last item, checked after wait */
    size_t      n;
    atomic_size_t total;
};

static void
count(void *ctx, size_t begin, size_t end)
{
    struct counts *c = ctx;

    for (size_t i = begin; i < end; i++)
        atomic_fetch_add(&c->hits[i], 1);
    if (atomic_fetch_add(&c->total, end - begin) + (end - begin) == c->n)
        atomic_store(&c->finished, true);
}

/* Whether each of the first @p n items ran once and none after them did. */
static bool
each_once(struct counts *c, size_t n)
{
    for (size_t i = 0; i < ITEMS; i++)
        if (atomic_load(&c->hits[i]) != (i < n ? 1 : 0))
            return false;
    return true;
}

static struct counts *
counts_new(size_t n)
{
    struct counts *c = calloc(1, sizeof *c);

    if (c != NULL)
        c->n = n;
    return c;
}

static void
test_par_for(void)
{
    static const size_t sizes[] = { 0, 1, 31, 32, 64, 1000, ITEMS };

    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (unsigned threads = 0; threads <= 3; threads++) {
            struct counts *c = counts_new(sizes[s]);

            if (c == NULL)
                return;
            txng_par_for(threads, sizes[s], 32, count, c);
            ok(each_once(c, sizes[s]), "par_for: %zu items on %u threads, each once", sizes[s],
               threads);
            free(c);
        }
    }
}

static void
test_pool_jobs(unsigned threads)
{
    static const size_t sizes[] = { 0, 1, 7, 16, 17, 1024, ITEMS };
    static const size_t blocks[] = { 0, 1, 16, 5000 };
    txng_pool          *pool     = txng_pool_new(threads);

    ok(threads <= 1 ? pool == NULL : pool != NULL, "pool of %u threads: %s", threads,
       threads <= 1 ? "none, the caller runs each job" : "workers started");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
            struct counts *a = counts_new(sizes[s]), *b = counts_new(ITEMS - sizes[s]);
            txng_job       ja, jb;

            if (a == NULL || b == NULL) {
                free(a);
                free(b);
                break;
            }
            /* two jobs outstanding, the newer waited for first */
            txng_pool_submit(pool, &ja, a->n, blocks[k], count, a);
            txng_pool_submit(pool, &jb, b->n, blocks[k], count, b);
            txng_pool_wait(pool, &jb);
            ok(b->n == 0 || atomic_load(&b->finished), "%u threads: the job waited for is done",
               threads);
            txng_pool_wait(pool, &ja);
            ok(each_once(a, a->n) && each_once(b, b->n) && (a->n == 0 || atomic_load(&a->finished)),
               "%u threads, %zu + %zu items in blocks of %zu: each once", threads, a->n, b->n,
               blocks[k]);
            free(a);
            free(b);
        }
    }
    txng_pool_free(pool);
}

struct meet {
    atomic_int entered;
    atomic_int met; /* blocks that saw the other one running */
};

/* Each block waits (up to a minute) for the other to be running at the same time. */
static void
meet(void *ctx, size_t begin, size_t end)
{
    struct meet    *m = ctx;
    struct timespec t0, t;

    (void) begin;
    (void) end;
    atomic_fetch_add(&m->entered, 1);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        if (atomic_load(&m->entered) == 2) {
            atomic_fetch_add(&m->met, 1);
            return;
        }
        sched_yield();
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while (t.tv_sec - t0.tv_sec < 60);
}

/*
 * A job of two blocks, each of which ends only when the other has started:
 * done only if a worker took one while the caller ran the other. The minute
 * is a way out for a broken pool, not a measure: a working one needs none.
 */
static void
test_pool_workers(void)
{
    txng_pool  *pool = txng_pool_new(2);
    struct meet m    = { 0 };
    txng_job    job;

    txng_pool_submit(pool, &job, 2, 1, meet, &m);
    txng_pool_wait(pool, &job);
    ok(atomic_load(&m.met) == 2, "a worker runs one block while the caller runs the other");
    txng_pool_free(pool);
    txng_pool_free(NULL);
    ok(1, "freeing no pool does nothing");
}

int
main(void)
{
    test_par_for();
    for (unsigned threads = 1; threads <= 4; threads++)
        test_pool_jobs(threads);
    test_pool_workers();
    return tap_done();
}
