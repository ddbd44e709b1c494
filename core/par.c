/*
 * par.c - work over [0, n) on the machine's cores
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
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

struct txng_pool {
    pthread_mutex_t mu;
    pthread_cond_t  work; /* a job was queued, or stop */
    pthread_cond_t  done; /* a job finished */
    txng_job       *head, *tail;
    bool            stop;
    unsigned        n;
    pthread_t       tid[TXNG_PAR_MAX_THREADS];
};

/*
 * Take the next block of @p want, or of the oldest job if NULL, under the
 * lock; false if it has none left.
 */
static bool
take(txng_pool *p, txng_job *want, size_t *begin, size_t *end)
{
    txng_job **at = &p->head, *prev = NULL;

    while (*at != NULL && want != NULL && *at != want) {
        prev = *at;
        at   = &(*at)->link;
    }
    if (*at == NULL)
        return false;
    want   = *at;
    *begin = want->next;
    *end   = want->n - want->next > want->block ? want->next + want->block : want->n;
    want->next = *end;
    if (want->next == want->n) { /* all handed out: off the queue */
        *at = want->link;
        if (p->tail == want)
            p->tail = prev;
    }
    return true;
}

/* Run [begin, end) of @p job without the lock; count it done under it. */
static void
run(txng_pool *p, txng_job *job, size_t begin, size_t end)
{
    pthread_mutex_unlock(&p->mu);
    job->fn(job->ctx, begin, end);
    pthread_mutex_lock(&p->mu);
    job->done += end - begin;
    if (job->done == job->n)
        pthread_cond_broadcast(&p->done);
}

static void *
pool_main(void *arg)
{
    txng_pool *p = arg;
    size_t     begin, end;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        txng_job *job = p->head;

        if (take(p, NULL, &begin, &end))
            run(p, job, begin, end);
        else if (p->stop)
            break;
        else
            pthread_cond_wait(&p->work, &p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

txng_pool *
txng_pool_new(unsigned threads)
{
    txng_pool *p;

    if (threads == 0)
        threads = txng_par_cores();
    if (threads > TXNG_PAR_MAX_THREADS)
        threads = TXNG_PAR_MAX_THREADS;
    if (threads <= 1 || (p = calloc(1, sizeof *p)) == NULL)
        return NULL;
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->work, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->done, NULL) != 0) {
        pthread_cond_destroy(&p->work);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    while (p->n < threads - 1 && pthread_create(&p->tid[p->n], NULL, pool_main, p) == 0)
        p->n++;
    if (p->n == 0) {
        txng_pool_free(p);
        return NULL;
    }
    return p;
}

void
txng_pool_submit(txng_pool *pool, txng_job *job, size_t n, size_t block, txng_par_fn fn, void *ctx)
{
    *job = (txng_job){ .fn = fn, .ctx = ctx, .n = n, .block = block > 0 ? block : 1 };
    if (pool == NULL || n == 0)
        return;
    pthread_mutex_lock(&pool->mu);
    if (pool->tail != NULL)
        pool->tail->link = job;
    else
        pool->head = job;
    pool->tail = job;
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->mu);
}

void
txng_pool_wait(txng_pool *pool, txng_job *job)
{
    if (pool == NULL) {
        if (job->next < job->n)
            job->fn(job->ctx, job->next, job->n);
        job->next = job->done = job->n;
        return;
    }
    pthread_mutex_lock(&pool->mu);
    /* Run this job's blocks that are left: older jobs are the workers', which
     * lets the caller's serial work between jobs overlap them. */
    for (size_t begin, end; take(pool, job, &begin, &end);)
        run(pool, job, begin, end);
    while (job->done < job->n)
        pthread_cond_wait(&pool->done, &pool->mu);
    pthread_mutex_unlock(&pool->mu);
}

void
txng_pool_free(txng_pool *pool)
{
    if (pool == NULL)
        return;
    pthread_mutex_lock(&pool->mu);
    pool->stop = true;
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->mu);
    for (unsigned t = 0; t < pool->n; t++)
        pthread_join(pool->tid[t], NULL);
    pthread_cond_destroy(&pool->done);
    pthread_cond_destroy(&pool->work);
    pthread_mutex_destroy(&pool->mu);
    free(pool);
}
