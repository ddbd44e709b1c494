/*
 * par.h - a parallel for over [0, n) on the machine's cores (private to core/)
 *
 * The range is split into contiguous blocks, one per thread; the calling
 * thread runs the first block and joins the others. A thread that cannot be
 * started leaves its block to the caller, so the work is always done.
 */
#ifndef TXNG_CORE_PAR_H
#define TXNG_CORE_PAR_H

#include <stddef.h>

/** Most threads txng_par_for() starts. */
#define TXNG_PAR_MAX_THREADS 64

/** Work on [begin, end) of the range. */
typedef void (*txng_par_fn)(void *ctx, size_t begin, size_t end);

/** Online cores, 1 to TXNG_PAR_MAX_THREADS. */
unsigned txng_par_cores(void);

/**
 * Call @p fn over [0, @p n) on at most @p threads threads (0 = one per core),
 * giving each at least @p min_each items.
 */
void txng_par_for(unsigned threads, size_t n, size_t min_each, txng_par_fn fn, void *ctx);

#endif /* TXNG_CORE_PAR_H */
