/*
 * par.c - a parallel for over [0, n) on the machine's cores
 */
#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

#include "core/par.h"

struct par_job {
    txng_par_fn fn;
    void       *ctx;
    size_t      begin, end;
};

static void *
par_main(void *arg)
{
    struct par_job *job = arg;

    job->fn(job->ctx, job->begin, job->end);
    return NULL;
}

unsigned
txng_par_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    return n > TXNG_PAR_MAX_THREADS ? TXNG_PAR_MAX_THREADS : (unsigned) n;
}

void
txng_par_for(unsigned threads, size_t n, size_t min_each, txng_par_fn fn, void *ctx)
{
    struct par_job jobs[TXNG_PAR_MAX_THREADS];
    pthread_t      tid[TXNG_PAR_MAX_THREADS];
    bool           started[TXNG_PAR_MAX_THREADS] = { false };

    if (threads == 0)
        threads = txng_par_cores();
    if (threads > TXNG_PAR_MAX_THREADS)
        threads = TXNG_PAR_MAX_THREADS;
    if (min_each > 0 && threads > n / min_each)
        threads = (unsigned) (n / min_each);
    if (threads <= 1) {
        fn(ctx, 0, n);
        return;
    }
    for (size_t t = 0; t < threads; t++) {
        jobs[t] = (struct par_job){ fn, ctx, n * t / threads, n * (t + 1) / threads };
        if (t > 0)
            started[t] = pthread_create(&tid[t], NULL, par_main, &jobs[t]) == 0;
    }
    fn(ctx, jobs[0].begin, jobs[0].end);
    for (size_t t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(ctx, jobs[t].begin, jobs[t].end); /* no thread: do it here */
    }
}
