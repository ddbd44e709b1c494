/*
 * par.h - work over [0, n) on the machine's cores (private to core/)
 *
 * txng_par_for() splits the range into contiguous blocks, one per thread; the
 * calling thread runs the first block and joins the others. A thread that
 * cannot be started leaves its block to the caller, so the work is always
 * done. A pool (txng_pool_new()) keeps its threads for many jobs and lets the
 * caller overlap them with work of its own.
 */
#ifndef TXNG_CORE_PAR_H
#define TXNG_CORE_PAR_H

#include <stddef.h>

/** Most threads txng_par_for() starts. */
#define TXNG_PAR_MAX_THREADS 64

/**
 * Items a pool thread takes at a time, for work of tens of microseconds an
 * item (a record decoded, a signature checked): small enough that the
 * threads end a job together, large enough that the lock is not felt.
 */
#define TXNG_POOL_BLOCK 16

/** Work on [begin, end) of the range. */
typedef void (*txng_par_fn)(void *ctx, size_t begin, size_t end);

/** Online cores, 1 to TXNG_PAR_MAX_THREADS. */
unsigned txng_par_cores(void);

/**
 * Call @p fn over [0, @p n) on at most @p threads threads (0 = one per core),
 * giving each at least @p min_each items.
 */
void txng_par_for(unsigned threads, size_t n, size_t min_each, txng_par_fn fn, void *ctx);

/**
 * A job for a pool: the range [0, n) of @p fn, handed out in blocks. Owned by
 * the caller, who must wait for it (txng_pool_wait()) before it goes away.
 */
typedef struct txng_job {
    txng_par_fn      fn;
    void            *ctx;
    size_t           n, block;
    size_t           next; /* first item not yet handed out */
    size_t           done; /* items finished */
    struct txng_job *link; /* the queue: jobs with blocks left, oldest first */
} txng_job;

/**
 * Worker threads that run submitted jobs block by block, oldest job first,
 * while the thread that submitted them goes on with other work. A block is
 * taken by whichever thread is free, so a core slowed by other work on the
 * machine delays only the blocks it took.
 */
typedef struct txng_pool txng_pool;

/**
 * A pool of @p threads - 1 workers (0 = one per core), the caller being the
 * last thread. NULL when none can be started: a NULL pool runs each job in
 * txng_pool_wait(), on the caller.
 */
txng_pool *txng_pool_new(unsigned threads);

/** Queue @p job: @p fn over [0, @p n) in blocks of @p block items. */
void txng_pool_submit(txng_pool *pool, txng_job *job, size_t n, size_t block, txng_par_fn fn,
                      void *ctx);

/** Return when @p job is done; the caller runs its blocks that are left meanwhile. */
void txng_pool_wait(txng_pool *pool, txng_job *job);

/** Stop the workers. Every job submitted must have been waited for. */
void txng_pool_free(txng_pool *pool);

#endif /* TXNG_CORE_PAR_H */
