/*
 * bench_log.c - speed of the log, each figure beside the raw primitive it
 * is bounded by, measured in the same run
 *
 * Figures (DESIGN.md §10, docs/performance.md):
 *   1. batched signed append: build, sign (txng_event_sign) and append
 *      (txng_log_append, BATCH events per transaction, durable open)
 *      vs raw single-core crypto_sign_detached;
 *   2. one durable event per transaction (txng_log_append, n = 1)
 *      vs raw LMDB, one 300-byte put per fsync'd commit;
 *   3. txng_log_verify of the whole log on all cores, in a fresh child
 *      process, vs raw single-core crypto_sign_verify_detached; and the
 *      child's peak RSS;
 *   4. txng_log_prove for random indexes, median and p99, in a first pass
 *      (pages not yet mapped by this process) and a second (as a server)
 *      vs one raw LMDB read transaction with one get;
 *   5. used pages of the log's LMDB environment vs the canonical record bytes.
 *
 * Environment: TXNG_BENCH_N (records, default 1000000), TXNG_BENCH_TMP
 * (folder for scratch logs, default TMPDIR or /tmp; it must be on a real
 * disk for fsync to mean anything). Timings are reported, never asserted:
 * the program fails only when an operation fails or a proof does not verify.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>

#include "core/hash.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/merkle.h"
#include "core/record.h"

#define ORIGIN        "bench.example/log"
#define ACTOR         "bench.example/grower"
#define BATCH         1000
#define SINGLE_N      2000  /* durable single appends and raw commits */
#define PROOF_SAMPLES 10000 /* random inclusion proofs */
#define PRIM_SECONDS  2.0   /* how long each raw primitive runs */
#define VALUE_BYTES   300   /* raw LMDB value size, about one event */
#define T0            INT64_C(1772000000)

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "bench_log: " __VA_ARGS__);                                            \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

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

/* Print the load average with a label: other work on the machine skews every figure. */
static void
print_load(const char *when)
{
    char  buf[128] = "";
    FILE *f        = fopen("/proc/loadavg", "r");

    if (f) {
        if (!fgets(buf, sizeof(buf), f)) {
            buf[0] = '\0';
        }
        fclose(f);
    }
    buf[strcspn(buf, "\n")] = '\0';
    printf("# load average %s: %s\n", when, buf);
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
rm_tree(const char *path)
{
    if (path && *path) {
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
}

/* A realistic EPCIS 2.0 ObjectEvent (harvest of one serialised unit), about
 * 300 bytes in canonical form; serial and time differ per event. */
static json_t *
make_event(uint64_t i)
{
    char epc[80], when[40];

    snprintf(epc, sizeof(epc), "https://id.gs1.org/01/08931234567893/21/%06" PRIu64, i % 1000000);
    snprintf(when, sizeof(when), "2026-03-%02uT%02u:%02u:%02u+07:00", (unsigned) (1 + i % 28),
             (unsigned) (i / 3600 % 24), (unsigned) (i / 60 % 60), (unsigned) (i % 60));
    return json_pack("{s:s, s:s, s:s, s:[s], s:s, s:s, s:{s:s}, s:s}", "type", "ObjectEvent",
                     "action", "OBSERVE", "bizStep", "harvesting", "epcList", epc, "eventTime",
                     when, "eventTimeZoneOffset", "+07:00", "readPoint", "id",
                     "urn:txng:htx:place:lo-3", "txng:note",
                     "Thu hoạch sâm Ngọc Linh, lô 3, đạt VietGAP");
}

static txng_err
keyfile_text(const txng_signer *key, char **out, size_t *len)
{
    return txng_keyfile_write(key, NULL, TXNG_KDF_INTERACTIVE, out, len);
}

/* A new log in @p dir with the actor key enrolled. */
static txng_err
new_log(txng_log **out, const char *dir, const txng_signer *logkey, const txng_signer *actor)
{
    char     *kf     = NULL;
    size_t    kf_len = 0;
    char      vkey[TXNG_VKEY_MAX];
    json_t   *enrol = NULL, *signed_enrol = NULL;
    txng_log *log  = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err;

    *out = NULL;
    err  = keyfile_text(logkey, &kf, &kf_len);
    if (err == TXNG_OK) {
        err = txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T0);
    }
    if (err != TXNG_OK) {
        goto out;
    }
    txng_pubkey_format(txng_signer_pubkey(actor), vkey);
    enrol =
        json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "grower");
    err = enrol ? txng_event_sign(&signed_enrol, enrol, logkey, &diag) : TXNG_ENOMEM;
    if (err == TXNG_OK) {
        err = txng_log_append(log, logkey, &signed_enrol, 1, T0, NULL, &diag);
    }
    if (err != TXNG_OK) {
        fprintf(stderr, "bench_log: enrol: %s (%s)\n", txng_strerror(err),
                diag.reason ? diag.reason : "");
    }
out:
    json_decref(signed_enrol);
    json_decref(enrol);
    if (kf) {
        sodium_memzero(kf, kf_len);
        free(kf);
    }
    if (err != TXNG_OK) {
        txng_log_close(log);
        log = NULL;
    }
    *out = log;
    return err;
}

/* ---- raw primitives ---- */

static double
raw_sign_rate(const unsigned char *msg, size_t len)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char sig[crypto_sign_BYTES];
    uint64_t      n  = 0;
    double        t0 = now_s(), t;

    crypto_sign_keypair(pk, sk);
    do {
        for (int i = 0; i < 256; i++, n++) {
            crypto_sign_detached(sig, NULL, msg, len, sk);
        }
        t = now_s() - t0;
    } while (t < PRIM_SECONDS);
    sodium_memzero(sk, sizeof(sk));
    return (double) n / t;
}

static double
raw_verify_rate(const unsigned char *msg, size_t len, bool *good)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char sig[crypto_sign_BYTES];
    uint64_t      n = 0;
    double        t0, t;

    crypto_sign_keypair(pk, sk);
    crypto_sign_detached(sig, NULL, msg, len, sk);
    sodium_memzero(sk, sizeof(sk));
    *good = true;
    t0    = now_s();
    do {
        for (int i = 0; i < 256; i++, n++) {
            if (crypto_sign_verify_detached(sig, msg, len, pk) != 0) {
                *good = false;
            }
        }
        t = now_s() - t0;
    } while (t < PRIM_SECONDS);
    return (double) n / t;
}

/* One put per durable commit in a fresh LMDB environment (fsync on), then
 * the median of random single gets, each in its own read transaction. */
static bool
raw_lmdb(const char *dir, double *commits_per_s, double *get_us)
{
    MDB_env      *env = NULL;
    MDB_txn      *txn = NULL;
    MDB_dbi       dbi;
    unsigned char value[VALUE_BYTES], keybuf[8];
    static double samples[PROOF_SAMPLES];
    double        t0;
    bool          good = false;
    int           rc;

    memset(value, 'v', sizeof(value));
    if (mkdir(dir, 0700) != 0 || mdb_env_create(&env) != 0 ||
        mdb_env_set_mapsize(env, (size_t) 1 << 30) != 0 || mdb_env_open(env, dir, 0, 0600) != 0) {
        goto out;
    }
    if (mdb_txn_begin(env, NULL, 0, &txn) != 0 || mdb_dbi_open(txn, NULL, 0, &dbi) != 0 ||
        mdb_txn_commit(txn) != 0) {
        txn = NULL;
        goto out;
    }
    txn = NULL;
    t0  = now_s();
    for (uint64_t i = 0; i < SINGLE_N; i++) {
        MDB_val k = { sizeof(keybuf), keybuf }, v = { sizeof(value), value };

        for (int b = 0; b < 8; b++) {
            keybuf[b] = (unsigned char) (i >> (56 - 8 * b));
        }
        value[0] = (unsigned char) i;
        rc       = mdb_txn_begin(env, NULL, 0, &txn);
        if (rc == 0) {
            rc = mdb_put(txn, dbi, &k, &v, MDB_APPEND);
        }
        if (rc == 0) {
            rc  = mdb_txn_commit(txn);
            txn = NULL; /* freed by commit even on failure */
        }
        if (rc != 0) {
            fprintf(stderr, "bench_log: raw lmdb: %s\n", mdb_strerror(rc));
            goto out;
        }
    }
    *commits_per_s = SINGLE_N / (now_s() - t0);

    for (size_t s = 0; s < PROOF_SAMPLES; s++) {
        uint64_t i = rng_next() % SINGLE_N;
        MDB_val  k = { sizeof(keybuf), keybuf }, v;
        double   t;

        for (int b = 0; b < 8; b++) {
            keybuf[b] = (unsigned char) (i >> (56 - 8 * b));
        }
        t  = now_s();
        rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
        if (rc == 0) {
            rc = mdb_get(txn, dbi, &k, &v);
        }
        mdb_txn_abort(txn);
        txn        = NULL;
        samples[s] = (now_s() - t) * 1e6;
        if (rc != 0) {
            goto out;
        }
    }
    qsort(samples, PROOF_SAMPLES, sizeof(double), cmp_double);
    *get_us = samples[PROOF_SAMPLES / 2];
    good    = true;
out:
    mdb_txn_abort(txn);
    mdb_env_close(env);
    return good;
}

/* ---- the verify child: a fresh process, so its peak RSS is its own ---- */

static int
verify_child(const char *dir)
{
    txng_log          *log = NULL;
    txng_verify_result res;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    double             t0, t;
    char               root[2 * TXNG_HASH_BYTES + 1];
    char               line[256];
    long               anon = -1, file = -1;
    FILE              *f;

    memset(&res, 0, sizeof(res));
    err = txng_log_open(&log, dir, TXNG_LOG_RDONLY);
    if (err != TXNG_OK) {
        printf("error open %s\n", txng_strerror(err));
        return 1;
    }
    t0  = now_s();
    err = txng_log_verify(log, NULL, 0, NULL, NULL, &res, &diag);
    t   = now_s() - t0;
    /* Current (not peak) resident memory split: heap vs mapped file pages. */
    f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof(line), f)) {
        sscanf(line, "RssAnon: %ld", &anon);
        sscanf(line, "RssFile: %ld", &file);
    }
    if (f) {
        fclose(f);
    }
    txng_log_close(log);
    if (err != TXNG_OK) {
        printf("error verify %s at %" PRIu64 " (%s)\n", txng_strerror(err), diag.index,
               diag.reason ? diag.reason : "");
        return 1;
    }
    txng_hex_encode(root, res.root, TXNG_HASH_BYTES);
    printf("ok %" PRIu64 " %.6f %s %ld %ld\n", res.size, t, root, anon, file);
    return 0;
}

/* Run verify_child in a new process image; its rusage gives the peak RSS. */
static bool
run_verify_child(const char *dir, uint64_t *size, double *secs, unsigned char root[TXNG_HASH_BYTES],
                 long *maxrss_kib, long *anon_kib, long *file_kib)
{
    int           fds[2];
    pid_t         pid;
    char          buf[512] = "";
    ssize_t       got, used = 0;
    int           status = 0;
    struct rusage ru;
    char          roothex[2 * TXNG_HASH_BYTES + 1];

    if (pipe(fds) != 0) {
        return false;
    }
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl("/proc/self/exe", "bench_log", "--verify-child", dir, (char *) NULL);
        _exit(127);
    }
    close(fds[1]);
    while (used < (ssize_t) sizeof(buf) - 1 &&
           (got = read(fds[0], buf + used, sizeof(buf) - 1 - (size_t) used)) > 0) {
        used += got;
    }
    buf[used] = '\0';
    close(fds[0]);
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_log: verify child: %s", buf);
        return false;
    }
    if (sscanf(buf, "ok %" SCNu64 " %lf %64s %ld %ld", size, secs, roothex, anon_kib, file_kib) !=
            5 ||
        txng_hex_decode(root, TXNG_HASH_BYTES, roothex, strlen(roothex)) != TXNG_OK) {
        fprintf(stderr, "bench_log: verify child said: %s", buf);
        return false;
    }
    *maxrss_kib = ru.ru_maxrss;
    return true;
}

/* ---- disk use, read with LMDB's own statistics ---- */

static bool
disk_use(const char *dir, uint64_t *file_bytes, uint64_t *used_bytes, uint64_t *alloc_bytes)
{
    MDB_env    *env = NULL;
    MDB_txn    *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_envinfo info;
    MDB_stat    st;
    MDB_dbi     main_dbi;
    MDB_val     k, v;
    char        path[2400], name[256];
    struct stat sb;
    uint64_t    pages = 0;
    bool        good  = false;

    snprintf(path, sizeof(path), "%s/data.mdb", dir);
    if (stat(path, &sb) != 0) {
        return false;
    }
    *file_bytes = (uint64_t) sb.st_size;
    if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 16) != 0 ||
        mdb_env_open(env, dir, MDB_RDONLY, 0600) != 0 ||
        mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) != 0 || mdb_env_info(env, &info) != 0 ||
        mdb_stat(txn, 0, &st) != 0) { /* 0 is the free list */
        goto out;
    }
    *alloc_bytes = (uint64_t) (info.me_last_pgno + 1) * st.ms_psize;
    if (mdb_dbi_open(txn, NULL, 0, &main_dbi) != 0 || mdb_stat(txn, main_dbi, &st) != 0) {
        goto out;
    }
    pages += st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages;
    if (mdb_cursor_open(txn, main_dbi, &cur) != 0) {
        goto out;
    }
    /* Named databases are the keys of the main one. */
    while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0) {
        MDB_dbi dbi;

        if (k.mv_size >= sizeof(name)) {
            continue;
        }
        memcpy(name, k.mv_data, k.mv_size);
        name[k.mv_size] = '\0';
        if (mdb_dbi_open(txn, name, 0, &dbi) != 0 || mdb_stat(txn, dbi, &st) != 0) {
            continue; /* a plain key, not a database */
        }
        pages += st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages;
        printf("#   db %-12s entries %10zu  pages %9zu (leaf %zu, overflow %zu)\n", name,
               st.ms_entries, st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages,
               st.ms_leaf_pages, st.ms_overflow_pages);
    }
    *used_bytes = pages * st.ms_psize;
    good        = true;
out:
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    mdb_env_close(env);
    return good;
}

/* ---- the report ---- */

static void
row(const char *figure, double value, const char *unit, const char *prim, double pvalue,
    const char *punit, double ratio, const char *target, bool met)
{
    char fv[48], pv[48], rv[24];

    snprintf(fv, sizeof(fv), "%.4g %s", value, unit);
    if (prim[0] != '\0') {
        snprintf(pv, sizeof(pv), "%.4g %s", pvalue, punit);
    } else {
        pv[0] = '\0';
    }
    if (ratio >= 0) {
        snprintf(rv, sizeof(rv), "%.3f", ratio);
    } else {
        snprintf(rv, sizeof(rv), "-");
    }
    printf("| %-34s | %-18s | %-34s | %-16s | %-7s | %-12s | %-6s |\n", figure, fv, prim, pv, rv,
           target, met ? "met" : "MISSED");
}

int
main(int argc, char **argv)
{
    const char    *n_env         = getenv("TXNG_BENCH_N");
    const char    *tmp           = getenv("TXNG_BENCH_TMP");
    uint64_t       n_records     = 1000000;
    char           scratch[2048] = "", path[2200];
    unsigned char  seed[TXNG_SEED_BYTES];
    txng_signer   *logkey = NULL, *actor = NULL;
    txng_log      *log = NULL, *single = NULL;
    json_t        *sample = NULL, *batch[BATCH];
    json_t        *presigned[SINGLE_N];
    char          *canon = NULL, *rec = NULL;
    size_t         canon_len = 0, rec_len = 0;
    unsigned char *pae     = NULL;
    size_t         pae_len = 0;
    txng_diag      diag    = TXNG_DIAG_INIT;
    txng_err       err;
    double         sign_rate, verify_rate, t0, t_build = 0, t_sign = 0, t_append = 0, total;
    double         bulk_total  = 0;
    txng_log      *bulk        = NULL;
    char          *rec2        = NULL;
    size_t         rec2_len    = 0;
    double         raw_commits = 0, raw_get_us = 0, single_rate, vsecs = 0;
    double         median = 0, p99 = 0, median_at[2] = { 0 }, p99_at[2] = { 0 };
    static double  samples[PROOF_SAMPLES];
    uint64_t       size = 0, vsize = 0, rec_bytes = 0;
    uint64_t       file_bytes = 0, used_bytes = 0, alloc_bytes = 0;
    unsigned char  root[TXNG_HASH_BYTES];
    long           maxrss = 0, anon = 0, file = 0;
    bool           good;

    memset(batch, 0, sizeof(batch));
    memset(presigned, 0, sizeof(presigned));
    if (sodium_init() < 0) {
        fprintf(stderr, "bench_log: sodium_init failed\n");
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--verify-child") == 0) {
        return verify_child(argv[2]);
    }
    if (n_env && *n_env) {
        n_records = strtoull(n_env, NULL, 10);
    }
    if (n_records < BATCH) {
        n_records = BATCH;
    }
    n_records -= n_records % BATCH;
    if (!tmp || !*tmp) {
        tmp = getenv("TMPDIR");
    }
    snprintf(scratch, sizeof(scratch), "%s/txng-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    CHECK(mkdtemp(scratch) != NULL, "mkdtemp %s: %s", scratch, strerror(errno));

    memset(seed, 1, sizeof(seed));
    err = txng_signer_from_seed(&logkey, ORIGIN, seed);
    CHECK(err == TXNG_OK, "log key: %s", txng_strerror(err));
    memset(seed, 2, sizeof(seed));
    err = txng_signer_from_seed(&actor, ACTOR, seed);
    CHECK(err == TXNG_OK, "actor key: %s", txng_strerror(err));

    /* The message the raw primitives sign: the PAE of a typical event. */
    sample = make_event(123);
    CHECK(sample != NULL, "json_pack failed");
    err = txng_event_encode(&canon, &canon_len, sample, &diag);
    CHECK(err == TXNG_OK, "event encode: %s (%s)", txng_strerror(err),
          diag.reason ? diag.reason : "");
    err = txng_pae(&pae, &pae_len, TXNG_EVENT_PAYLOAD_TYPE, canon, canon_len);
    CHECK(err == TXNG_OK, "pae: %s", txng_strerror(err));

    printf("# txng log benchmark: %" PRIu64 " records, batches of %d, scratch %s\n", n_records,
           BATCH, scratch);
    printf("# event: %zu bytes canonical, %zu bytes signed (PAE): %s\n", canon_len, pae_len, canon);
    print_load("at start");
    fflush(stdout);

    /* 1. raw sign vs batched signed append */
    sign_rate = raw_sign_rate(pae, pae_len);
    printf("# raw crypto_sign_detached, 1 core: %.0f signs/s\n", sign_rate);
    fflush(stdout);
    snprintf(path, sizeof(path), "%s/log", scratch);
    err = new_log(&log, path, logkey, actor);
    CHECK(err == TXNG_OK, "create log: %s", txng_strerror(err));
    t0 = now_s();
    for (uint64_t done = 0; done < n_records; done += BATCH) {
        double t1 = now_s(), t2, t3;

        for (size_t i = 0; i < BATCH; i++) {
            batch[i] = make_event(done + i);
            CHECK(batch[i] != NULL, "json_pack failed");
        }
        t2 = now_s();
        for (size_t i = 0; i < BATCH; i++) {
            json_t *s = NULL;

            err = txng_event_sign(&s, batch[i], actor, &diag);
            CHECK(err == TXNG_OK, "sign: %s", txng_strerror(err));
            json_decref(batch[i]);
            batch[i] = s;
        }
        t3 = now_s();
        err =
            txng_log_append(log, logkey, batch, BATCH, T0 + (int64_t) (done / BATCH), NULL, &diag);
        CHECK(err == TXNG_OK, "append at %" PRIu64 ": %s (%s, item %zu)", done, txng_strerror(err),
              diag.reason ? diag.reason : "", diag.line);
        t_append += now_s() - t3;
        t_sign += t3 - t2;
        t_build += t2 - t1;
        for (size_t i = 0; i < BATCH; i++) {
            json_decref(batch[i]);
            batch[i] = NULL;
        }
        if ((done / BATCH) % 100 == 99) {
            printf("# appended %" PRIu64 " in %.1f s\n", done + BATCH, now_s() - t0);
            fflush(stdout);
        }
    }
    total = now_s() - t0;
    printf("# batched append: %.1f s total: build %.1f s, txng_event_sign %.1f s, "
           "txng_log_append %.1f s\n",
           total, t_build, t_sign, t_append);
    err = txng_log_size(log, &size);
    CHECK(err == TXNG_OK && size == n_records + 2, "log size %" PRIu64 ", want %" PRIu64, size,
          n_records + 2);

    /* 1b. the same events through txng_log_append_as(), which signs inside
     * (on all cores) and does not verify its own signatures again */
    snprintf(path, sizeof(path), "%s/bulk", scratch);
    err = new_log(&bulk, path, logkey, actor);
    CHECK(err == TXNG_OK, "create log: %s", txng_strerror(err));
    t0 = now_s();
    for (uint64_t done = 0; done < n_records; done += BATCH) {
        for (size_t i = 0; i < BATCH; i++) {
            batch[i] = make_event(done + i);
            CHECK(batch[i] != NULL, "json_pack failed");
        }
        err = txng_log_append_as(bulk, logkey, actor, batch, BATCH, T0 + (int64_t) (done / BATCH),
                                 NULL, &diag);
        CHECK(err == TXNG_OK, "append_as at %" PRIu64 ": %s (%s, item %zu)", done,
              txng_strerror(err), diag.reason ? diag.reason : "", diag.line);
        for (size_t i = 0; i < BATCH; i++) {
            json_decref(batch[i]);
            batch[i] = NULL;
        }
    }
    bulk_total = now_s() - t0;
    printf("# txng_log_append_as: %.1f s total\n", bulk_total);
    /* Both paths must store the same bytes for the same events. */
    for (uint64_t i = 0; i < size; i += size / 7 + 1) {
        err = txng_log_get(log, i, &rec, &rec_len);
        CHECK(err == TXNG_OK, "get %" PRIu64 ": %s", i, txng_strerror(err));
        err = txng_log_get(bulk, i, &rec2, &rec2_len);
        CHECK(err == TXNG_OK, "get %" PRIu64 ": %s", i, txng_strerror(err));
        CHECK(rec_len == rec2_len && memcmp(rec, rec2, rec_len) == 0,
              "record %" PRIu64 " differs between append and append_as", i);
        free(rec);
        free(rec2);
        rec  = NULL;
        rec2 = NULL;
    }
    txng_log_close(bulk);
    bulk = NULL;
    rm_tree(path);

    /* 2. raw LMDB commits vs durable single appends, both in fresh folders */
    snprintf(path, sizeof(path), "%s/raw-lmdb", scratch);
    CHECK(raw_lmdb(path, &raw_commits, &raw_get_us), "raw LMDB run failed");
    printf("# raw LMDB put+commit (fsync): %.0f commits/s; read txn + get: %.2f us\n", raw_commits,
           raw_get_us);
    snprintf(path, sizeof(path), "%s/single", scratch);
    err = new_log(&single, path, logkey, actor);
    CHECK(err == TXNG_OK, "create log: %s", txng_strerror(err));
    for (size_t i = 0; i < SINGLE_N; i++) {
        json_t *e = make_event(i);

        err = e ? txng_event_sign(&presigned[i], e, actor, &diag) : TXNG_ENOMEM;
        json_decref(e);
        CHECK(err == TXNG_OK, "sign: %s", txng_strerror(err));
    }
    t0 = now_s();
    for (size_t i = 0; i < SINGLE_N; i++) {
        err = txng_log_append(single, logkey, &presigned[i], 1, T0 + (int64_t) i, NULL, &diag);
        CHECK(err == TXNG_OK, "single append %zu: %s", i, txng_strerror(err));
    }
    single_rate = SINGLE_N / (now_s() - t0);
    printf("# durable single appends: %.0f appends/s\n", single_rate);
    txng_log_close(single);
    single = NULL;

    /* 4. inclusion proofs (on the big log, before verify so that the page
     * cache is in the state an appender leaves it): a first pass of random
     * indexes, most of whose `nodes` pages this process has not mapped yet
     * (each first touch is a page fault), then a second pass of other random
     * indexes, as a long-running reader (the resolver) serves them */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t s = 0; s < PROOF_SAMPLES; s++) {
            unsigned char proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
            size_t        np  = 0;
            uint64_t      idx = rng_next() % size;
            double        t;

            t          = now_s();
            err        = txng_log_prove(log, idx, 0, proof, &np);
            samples[s] = (now_s() - t) * 1e6;
            CHECK(err == TXNG_OK, "prove %" PRIu64 ": %s", idx, txng_strerror(err));
        }
        qsort(samples, PROOF_SAMPLES, sizeof(double), cmp_double);
        median_at[pass] = samples[PROOF_SAMPLES / 2];
        p99_at[pass]    = samples[PROOF_SAMPLES * 99 / 100];
    }
    median = median_at[0];
    p99    = p99_at[0];

    /* Canonical bytes of all records. */
    t0 = now_s();
    for (uint64_t i = 0; i < size; i++) {
        err = txng_log_get(log, i, &rec, &rec_len);
        CHECK(err == TXNG_OK, "get %" PRIu64 ": %s", i, txng_strerror(err));
        rec_bytes += rec_len;
        free(rec);
        rec = NULL;
    }
    printf("# records: %" PRIu64 ", %.1f bytes each on average (read back in %.1f s)\n", size,
           (double) rec_bytes / (double) size, now_s() - t0);
    txng_log_close(log);
    log = NULL;

    /* 3. verify, in a fresh process */
    verify_rate = raw_verify_rate(pae, pae_len, &good);
    CHECK(good, "raw verify failed");
    printf("# raw crypto_sign_verify_detached, 1 core: %.0f verifies/s\n", verify_rate);
    fflush(stdout);
    snprintf(path, sizeof(path), "%s/log", scratch);
    CHECK(run_verify_child(path, &vsize, &vsecs, root, &maxrss, &anon, &file),
          "txng_log_verify failed");
    CHECK(vsize == size, "verify checked %" PRIu64 " records of %" PRIu64, vsize, size);
    printf("# txng_log_verify: %.1f s; peak RSS %ld KiB; at the end RssAnon %ld KiB, RssFile %ld "
           "KiB\n",
           vsecs, maxrss, anon, file);

    /* Spot-check proofs against the root that verify recomputed. */
    err = txng_log_open(&log, path, TXNG_LOG_RDONLY);
    CHECK(err == TXNG_OK, "reopen: %s", txng_strerror(err));
    for (int s = 0; s < 100; s++) {
        unsigned char proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES], leaf[TXNG_HASH_BYTES];
        size_t        np  = 0;
        uint64_t      idx = rng_next() % size;

        err = txng_log_prove(log, idx, 0, proof, &np);
        CHECK(err == TXNG_OK, "prove %" PRIu64 ": %s", idx, txng_strerror(err));
        err = txng_log_get(log, idx, &rec, &rec_len);
        CHECK(err == TXNG_OK, "get %" PRIu64 ": %s", idx, txng_strerror(err));
        txng_hash_leaf(leaf, rec, rec_len);
        free(rec);
        rec = NULL;
        err = txng_merkle_verify_inclusion(
            leaf, idx, size, (const unsigned char(*)[TXNG_HASH_BYTES]) proof, np, root);
        CHECK(err == TXNG_OK, "proof of %" PRIu64 " does not verify", idx);
    }
    txng_log_close(log);
    log = NULL;

    /* 5. disk */
    CHECK(disk_use(path, &file_bytes, &used_bytes, &alloc_bytes), "LMDB statistics failed");

    print_load("at end");
    printf("#\n# results (N = %" PRIu64 ", %ld cores)\n", n_records, sysconf(_SC_NPROCESSORS_ONLN));
    printf("| %-34s | %-18s | %-34s | %-16s | %-7s | %-12s | %-6s |\n", "figure", "value",
           "primitive", "value", "ratio", "target", "");
    printf("|%s|%s|%s|%s|%s|%s|%s|\n", "------------------------------------",
           "--------------------", "------------------------------------", "------------------",
           "---------", "--------------", "--------");
    {
        double batched = (double) n_records / total;
        double vrate   = (double) vsize / vsecs;
        double mib     = (double) maxrss / 1024.0;
        double dratio  = (double) used_bytes / (double) rec_bytes;
        double fratio  = (double) file_bytes / (double) rec_bytes;

        row("batched signed append", batched, "ev/s", "crypto_sign_detached, 1 core", sign_rate,
            "sig/s", batched / sign_rate, ">= 0.8", batched / sign_rate >= 0.8);
        row("batched txng_log_append_as", (double) n_records / bulk_total, "ev/s",
            "crypto_sign_detached, 1 core", sign_rate, "sig/s",
            (double) n_records / bulk_total / sign_rate, ">= 0.8",
            (double) n_records / bulk_total / sign_rate >= 0.8);
        row("durable append, 1 event per txn", single_rate, "ev/s", "LMDB put+commit, fsync",
            raw_commits, "commit/s", single_rate / raw_commits, ">= 0.9",
            single_rate / raw_commits >= 0.9);
        row("txng_log_verify, all cores", vrate, "rec/s", "crypto_sign_verify_detached, 1 core",
            verify_rate, "ver/s", vrate / verify_rate, ">= 1.7", vrate / verify_rate >= 1.7);
        row("txng_log_verify peak RSS", mib, "MiB", "", 0, "", -1, "<= 64 MiB", mib <= 64);
        row("inclusion proof, median", median, "us", "LMDB read txn + get, median", raw_get_us,
            "us", median / raw_get_us, "<= 50 us", median <= 50);
        row("inclusion proof, p99", p99, "us", "LMDB read txn + get, median", raw_get_us, "us",
            p99 / raw_get_us, "<= 50 us", p99 <= 50);
        row("inclusion proof, median, 2nd pass", median_at[1], "us", "LMDB read txn + get, median",
            raw_get_us, "us", median_at[1] / raw_get_us, "<= 50 us", median_at[1] <= 50);
        row("inclusion proof, p99, 2nd pass", p99_at[1], "us", "LMDB read txn + get, median",
            raw_get_us, "us", p99_at[1] / raw_get_us, "<= 50 us", p99_at[1] <= 50);
        row("disk: used pages", (double) used_bytes / 1048576.0, "MiB", "canonical record bytes",
            (double) rec_bytes / 1048576.0, "MiB", dratio, "<= 2x", dratio <= 2);
        row("disk: data.mdb file size", (double) file_bytes / 1048576.0, "MiB",
            "canonical record bytes", (double) rec_bytes / 1048576.0, "MiB", fratio, "<= 2x",
            fratio <= 2);
        printf("# pages allocated (last_pgno + 1): %.1f MiB\n", (double) alloc_bytes / 1048576.0);
    }
out:
    for (size_t i = 0; i < BATCH; i++) {
        json_decref(batch[i]);
    }
    for (size_t i = 0; i < SINGLE_N; i++) {
        json_decref(presigned[i]);
    }
    txng_log_close(single);
    txng_log_close(bulk);
    txng_log_close(log);
    json_decref(sample);
    free(rec2);
    free(canon);
    free(pae);
    free(rec);
    txng_signer_free(actor);
    txng_signer_free(logkey);
    rm_tree(scratch);
    printf("# %s\n", failures ? "FAILED" : "done");
    return failures ? 1 : 0;
}
