/*
 * budget.c - the wrong claim codes each client may still send
 *
 * A unit that took TXNG_CLAIM_MAX_REFUSED wrong codes takes one attempt per
 * back-off window (core/claim.h), so whoever sends wrong codes for a unit
 * keeps its buyer waiting. The resolver therefore gives each client address
 * a token bucket of wrong codes: @c per_hour tokens, refilled at
 * @c per_hour an hour. A claim takes a token before it reaches the writer
 * and gives it back unless its outcome was a wrong code, so concurrent
 * claims cannot overdraw it.
 *
 * Memory is bounded: at most @c cap clients are kept, in a hash table keyed
 * with a random SipHash key (a client choosing addresses cannot make the
 * chains long) and on a list from the least recently used; a new client
 * takes the place of the least recently used one once the table is full.
 * A client forgotten that way starts again with a full bucket, which is the
 * same as a new address: the limit is per address, and many addresses get
 * many budgets.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "web/internal.h"

#define KEY_MAX 64
#define NONE    UINT32_MAX

struct client {
    char     key[KEY_MAX];
    double   tokens, at; /* tokens left at time at (monotonic seconds) */
    uint32_t hnext;      /* next in the hash chain */
    uint32_t older, newer;
};

struct web_budget {
    pthread_mutex_t mu;
    double          per_hour;
    uint32_t        cap, used, nbuckets;
    uint32_t       *buckets;
    uint32_t        oldest, newest;
    struct client  *c;
    unsigned char   hkey[crypto_shorthash_KEYBYTES];
};

static uint32_t
bucket_of(const web_budget *b, const char *key)
{
    unsigned char h[crypto_shorthash_BYTES];
    uint64_t      v = 0;

    crypto_shorthash(h, (const unsigned char *) key, strlen(key), b->hkey);
    for (size_t i = 0; i < 8; i++) {
        v = v << 8 | h[i];
    }
    return (uint32_t) (v % b->nbuckets);
}

static void
lru_unlink(web_budget *b, uint32_t i)
{
    struct client *e = &b->c[i];

    if (e->older != NONE) {
        b->c[e->older].newer = e->newer;
    } else {
        b->oldest = e->newer;
    }
    if (e->newer != NONE) {
        b->c[e->newer].older = e->older;
    } else {
        b->newest = e->older;
    }
}

static void
lru_push(web_budget *b, uint32_t i)
{
    b->c[i].older = b->newest;
    b->c[i].newer = NONE;
    if (b->newest != NONE) {
        b->c[b->newest].newer = i;
    }
    b->newest = i;
    if (b->oldest == NONE) {
        b->oldest = i;
    }
}

static void
hash_unlink(web_budget *b, uint32_t i)
{
    uint32_t *p = &b->buckets[bucket_of(b, b->c[i].key)];

    while (*p != i) {
        p = &b->c[*p].hnext;
    }
    *p = b->c[i].hnext;
}

/* The entry of @p key, made (evicting the least recently used) if there is none; the most
 * recently used from now on. */
static struct client *
find(web_budget *b, const char *key, double now)
{
    uint32_t h = bucket_of(b, key), i;

    for (i = b->buckets[h]; i != NONE; i = b->c[i].hnext) {
        if (strcmp(b->c[i].key, key) == 0) {
            lru_unlink(b, i);
            lru_push(b, i);
            return &b->c[i];
        }
    }
    if (b->used < b->cap) {
        i = b->used++;
    } else {
        i = b->oldest;
        lru_unlink(b, i);
        hash_unlink(b, i);
    }
    snprintf(b->c[i].key, sizeof b->c[i].key, "%s", key);
    b->c[i].tokens = b->per_hour;
    b->c[i].at     = now;
    b->c[i].hnext  = b->buckets[h];
    b->buckets[h]  = i;
    lru_push(b, i);
    return &b->c[i];
}

static void
refill(const web_budget *b, struct client *e, double now)
{
    if (now > e->at) {
        e->tokens += (now - e->at) * b->per_hour / 3600.0;
        if (e->tokens > b->per_hour) {
            e->tokens = b->per_hour;
        }
    }
    e->at = now;
}

txng_err
web_budget_new(web_budget **out, unsigned per_hour, size_t cap)
{
    web_budget *b;

    *out = NULL;
    if (per_hour == 0 || cap == 0 || cap >= NONE / 2) {
        return TXNG_EINVAL;
    }
    if (sodium_init() < 0 || (b = calloc(1, sizeof *b)) == NULL) {
        return TXNG_ENOMEM;
    }
    pthread_mutex_init(&b->mu, NULL);
    b->per_hour = per_hour;
    b->cap      = (uint32_t) cap;
    b->nbuckets = (uint32_t) cap;
    b->oldest = b->newest = NONE;
    b->c       = calloc(cap, sizeof *b->c);
    b->buckets = malloc(cap * sizeof *b->buckets);
    if (b->c == NULL || b->buckets == NULL) {
        web_budget_free(b);
        return TXNG_ENOMEM;
    }
    memset(b->buckets, 0xff, cap * sizeof *b->buckets); /* NONE */
    randombytes_buf(b->hkey, sizeof b->hkey);
    *out = b;
    return TXNG_OK;
}

bool
web_budget_take(web_budget *b, const char *client, double now, double *wait)
{
    struct client *e;
    bool           ok;

    pthread_mutex_lock(&b->mu);
    e = find(b, client, now);
    refill(b, e, now);
    ok = e->tokens >= 1.0;
    if (ok) {
        e->tokens -= 1.0;
    } else if (wait != NULL) {
        *wait = (1.0 - e->tokens) * 3600.0 / b->per_hour;
    }
    pthread_mutex_unlock(&b->mu);
    return ok;
}

void
web_budget_give_back(web_budget *b, const char *client, double now)
{
    uint32_t i;

    pthread_mutex_lock(&b->mu);
    for (i = b->buckets[bucket_of(b, client)]; i != NONE; i = b->c[i].hnext) {
        if (strcmp(b->c[i].key, client) == 0) {
            refill(b, &b->c[i], now);
            b->c[i].tokens += 1.0;
            if (b->c[i].tokens > b->per_hour) {
                b->c[i].tokens = b->per_hour;
            }
            break;
        }
    }
    pthread_mutex_unlock(&b->mu);
}

size_t
web_budget_clients(web_budget *b)
{
    size_t n;

    pthread_mutex_lock(&b->mu);
    n = b->used;
    pthread_mutex_unlock(&b->mu);
    return n;
}

void
web_budget_free(web_budget *b)
{
    if (b == NULL) {
        return;
    }
    pthread_mutex_destroy(&b->mu);
    free(b->c);
    free(b->buckets);
    free(b);
}
