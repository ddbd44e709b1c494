/*
 * bench_trace.c - speed of trace back and forward in a large log, and what
 * the ids index costs at append, beside the raw primitive that bounds it
 *
 * The log holds N events (TXNG_BENCH_N, default 1000000) in lineages of five
 * events each: create lot A, transform A -> B, transform B -> C, pack C into
 * four serialised units, ship the units to one of 100 recipients. Every event
 * names the same read point, so one `ids` key has N entries.
 *
 * Figures:
 *   1. batched txng_log_append_as (1000 events per transaction, durable
 *      open), events that name identifiers vs the same events with the
 *      identifiers under an unindexed member (same byte sizes), beside raw
 *      single-core crypto_sign_detached;
 *   2. txng_trace back from a random unit (4 identifiers, 5 records) and
 *      forward from a random lot A (7 identifiers, 4 records): median and p99.
 * Timings are reported, never asserted; the program fails only when an
 * operation fails or a trace does not find what it must.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <ftw.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "core/trace.h"

#define ORIGIN  "bench.example/trace"
#define BATCH   1000
#define SAMPLES 2000
#define T0      INT64_C(1772000000)

static int failures;

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t
rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    return remove(path);
}

static void
id_of(char *out, size_t cap, char kind, uint64_t k, int unit)
{
    if (unit > 0)
        snprintf(out, cap, "https://id.gs1.org/01/08930000000033/21/%c%" PRIu64 "-%d", kind, k,
                 unit);
    else
        snprintf(out, cap, "https://id.gs1.org/01/08930000000026/10/%c%" PRIu64, kind, k);
}

/* Event @p step (0..4) of lineage @p k; with @p plain the identifiers sit under "x:ids". */
static json_t *
make_event(uint64_t k, int step, bool plain)
{
    char    a[96], b[96], u[4][96];
    json_t *ev = NULL;

    id_of(a, sizeof a, step == 1 ? 'A' : step == 2 ? 'B' : 'C', k, 0);
    id_of(b, sizeof b, step == 1 ? 'B' : 'C', k, 0);
    for (int i = 0; i < 4; i++)
        id_of(u[i], sizeof u[i], 'U', k, i + 1);
    switch (step) {
    case 0:
        id_of(a, sizeof a, 'A', k, 0);
        ev = json_pack("{s:s, s:s, s:s, s:[{s:s, s:i, s:s}]}", "type", "ObjectEvent", "action",
                       "ADD", "bizStep", "commissioning", "quantityList", "epcClass", a, "quantity",
                       10, "uom", "KGM");
        break;
    case 1:
    case 2:
        ev = json_pack("{s:s, s:s, s:[{s:s}], s:[{s:s}]}", "type", "TransformationEvent", "bizStep",
                       "commissioning", "inputQuantityList", "epcClass", a, "outputQuantityList",
                       "epcClass", b);
        break;
    case 3:
        id_of(a, sizeof a, 'C', k, 0);
        ev = json_pack("{s:s, s:s, s:s, s:s, s:[s,s,s,s]}", "type", "AggregationEvent", "action",
                       "ADD", "bizStep", "packing", "parentID", a, "childEPCs", u[0], u[1], u[2],
                       u[3]);
        break;
    default: {
        char dest[64];

        snprintf(dest, sizeof dest, "urn:txng:bench.example:party:shop%" PRIu64, k % 100);
        ev = json_pack("{s:s, s:s, s:s, s:[s,s,s,s], s:[{s:s, s:s}]}", "type", "ObjectEvent",
                       "action", "OBSERVE", "bizStep", "shipping", "epcList", u[0], u[1], u[2],
                       u[3], "destinationList", "type", "owning_party", "destination", dest);
        break;
    }
    }
    json_object_set_new(ev, "readPoint",
                        json_pack("{s:s}", "id", "https://id.gs1.org/414/8930000000019"));
    json_object_set_new(ev, "eventTime", json_string("2026-03-01T08:00:00+07:00"));
    if (plain) {
        /* Same bytes, but under a member the index does not read: rename the members. */
        static const char *const lists[] = { "quantityList",       "inputQuantityList",
                                             "outputQuantityList", "parentID",
                                             "childEPCs",          "epcList",
                                             "destinationList",    "readPoint" };

        for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
            json_t *v = json_object_get(ev, lists[i]);
            char    name[64];

            if (v == NULL)
                continue;
            snprintf(name, sizeof name, "x:%s", lists[i] + 2); /* same length */
            json_object_set(ev, name, v);
            json_object_del(ev, lists[i]);
        }
    }
    return ev;
}

static double
sign_rate(void)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char sig[crypto_sign_BYTES], msg[400];
    uint64_t      n  = 0;
    double        t0 = now_s(), t;

    memset(msg, 'x', sizeof msg);
    crypto_sign_keypair(pk, sk);
    do {
        for (int i = 0; i < 200; i++)
            crypto_sign_detached(sig, NULL, msg, sizeof msg, sk);
        n += 200;
        t = now_s() - t0;
    } while (t < 2.0);
    sodium_memzero(sk, sizeof sk);
    return (double) n / t;
}

/* Build a log of @p n events in @p dir; returns events per second, or 0 on failure. */
static double
build(const char *dir, uint64_t n, bool plain, txng_log **out)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *logkey = NULL, *actor = NULL;
    txng_log     *log = NULL;
    json_t       *batch[BATCH], *ev, *se = NULL;
    char         *kf = NULL, vkey[TXNG_VKEY_MAX];
    size_t        kf_len;
    double        t0, total = 0;
    txng_diag     diag = TXNG_DIAG_INIT;
    txng_err      err;

    *out = NULL;
    memset(seed, 1, sizeof seed);
    if (txng_signer_from_seed(&logkey, ORIGIN, seed) != TXNG_OK)
        return 0;
    memset(seed, 2, sizeof seed);
    if (txng_signer_from_seed(&actor, "grower.example", seed) != TXNG_OK ||
        txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T0) != TXNG_OK)
        goto fail;
    txng_pubkey_format(txng_signer_pubkey(actor), vkey);
    ev  = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "member");
    err = txng_event_sign(&se, ev, logkey, NULL);
    json_decref(ev);
    if (err != TXNG_OK || txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        goto fail;
    for (uint64_t done = 0; done < n;) {
        size_t m = n - done < BATCH ? (size_t) (n - done) : BATCH;

        for (size_t i = 0; i < m; i++)
            batch[i] = make_event((done + i) / 5, (int) ((done + i) % 5), plain);
        t0  = now_s();
        err = txng_log_append_as(log, logkey, actor, batch, m, T0 + 1, NULL, &diag);
        total += now_s() - t0;
        for (size_t i = 0; i < m; i++)
            json_decref(batch[i]);
        if (err != TXNG_OK) {
            fprintf(stderr, "bench_trace: append at %" PRIu64 ": %s (%s)\n", done,
                    txng_strerror(err), diag.reason ? diag.reason : "");
            goto fail;
        }
        done += m;
    }
    json_decref(se);
    free(kf);
    txng_signer_free(logkey);
    txng_signer_free(actor);
    *out = log;
    return (double) n / total;
fail:
    json_decref(se);
    free(kf);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(actor);
    return 0;
}

static void
report(const char *what, double *s, size_t n)
{
    qsort(s, n, sizeof *s, cmp_double);
    printf("%-34s median %8.1f us   p99 %8.1f us   max %8.1f us   (%zu samples)\n", what,
           s[n / 2] * 1e6, s[(n * 99) / 100] * 1e6, s[n - 1] * 1e6, n);
}

int
main(void)
{
    const char   *n_env = getenv("TXNG_BENCH_N");
    const char   *tmp   = getenv("TXNG_BENCH_TMP");
    char          root[4096], dir_with[4200], dir_without[4200], id[96];
    uint64_t      n = 1000000, lineages;
    static double back[SAMPLES], fwd[SAMPLES];
    txng_log     *log = NULL, *plain = NULL;
    double        rate_with, rate_without, rate_sign;

    if (sodium_init() < 0)
        return 1;
    if (n_env != NULL && *n_env)
        n = strtoull(n_env, NULL, 10);
    n -= n % 5;
    if (n < 5)
        n = 5;
    lineages = n / 5;
    if (tmp == NULL || !*tmp)
        tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/bench_trace.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
    if (mkdtemp(root) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(dir_with, sizeof dir_with, "%s/with", root);
    snprintf(dir_without, sizeof dir_without, "%s/without", root);
    printf("# %" PRIu64 " events in %" PRIu64 " lineages of 5\n", n, lineages);
    rate_sign = sign_rate();
    printf("# raw crypto_sign_detached, 1 core: %.0f signs/s\n", rate_sign);
    fflush(stdout);
    rate_without = build(dir_without, n, true, &plain);
    txng_log_close(plain);
    nftw(dir_without, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    rate_with = build(dir_with, n, false, &log);
    if (rate_with == 0 || rate_without == 0) {
        failures++;
        goto out;
    }
    printf("batched append_as, no identifiers   %10.0f ev/s  (%.2f x raw sign)\n", rate_without,
           rate_without / rate_sign);
    printf("batched append_as, indexed          %10.0f ev/s  (%.2f x raw sign, %.2f x without "
           "index)\n",
           rate_with, rate_with / rate_sign, rate_with / rate_without);
    for (size_t i = 0; i < SAMPLES; i++) {
        uint64_t           k = rng_next() % lineages;
        txng_trace_result *r = NULL;
        double             t0;
        txng_err           err;

        id_of(id, sizeof id, 'U', k, 1 + (int) (rng_next() % 4));
        t0      = now_s();
        err     = txng_trace(log, id, TXNG_TRACE_BACK, 0, &r);
        back[i] = now_s() - t0;
        if (err != TXNG_OK || r->nnodes != 4 || r->nevents != 5) {
            fprintf(stderr, "bench_trace: back from %s: %s\n", id, txng_strerror(err));
            failures++;
        }
        txng_trace_free(r);
        r = NULL;
        id_of(id, sizeof id, 'A', k, 0);
        t0     = now_s();
        err    = txng_trace(log, id, TXNG_TRACE_FORWARD, 0, &r);
        fwd[i] = now_s() - t0;
        if (err != TXNG_OK || r->nnodes != 7 || r->nevents != 4 || r->nrecipients != 1) {
            fprintf(stderr, "bench_trace: forward from %s: %s\n", id, txng_strerror(err));
            failures++;
        }
        txng_trace_free(r);
    }
    report("trace back, unit to lot (5 levels)", back, SAMPLES);
    report("trace forward, lot to shops", fwd, SAMPLES);
out:
    txng_log_close(log);
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return failures ? 1 : 0;
}
