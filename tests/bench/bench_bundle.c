/*
 * bench_bundle.c - export and verify of a bundle of the whole log, each in a
 * fresh child process (its peak RSS is its own), beside raw single-core
 * Ed25519 verification measured in the same run
 *
 * Figures (issue 4, "Speed"):
 *   1. txng_bundle_write of every record to a file: seconds, MB, peak RSS;
 *   2. txng_bundle_verify of that file on all cores: records per second,
 *      the ratio to raw single-core crypto_sign_verify_detached (target
 *      >= 1.7 on two cores), peak RSS (target <= 64 MiB);
 *   3. the same for a bundle of every 16th record (gap hashes between).
 *
 * Environment: TXNG_BENCH_N (records, default 1000000), TXNG_BENCH_TMP
 * (scratch folder, default TMPDIR or /tmp), TXNG_BENCH_KEEP (set: keep the log and the
 * bundles, e.g. for `perf record bench_bundle --verify-child FILE VKEY`). Timings are reported, never
 * asserted: the program fails only when an operation fails.
 */
#define _XOPEN_SOURCE 700 /* nftw */

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
#include <sodium.h>

#include "core/bundle.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"

#define ORIGIN       "bench.example/log"
#define ACTOR        "bench.example/grower"
#define BATCH        10000
#define PRIM_SECONDS 2.0
#define T0           INT64_C(1772000000)

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    return remove(path);
}

static txng_signer *
seeded(const char *name, unsigned char fill)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *s = NULL;

    memset(seed, fill, sizeof seed);
    if (txng_signer_from_seed(&s, name, seed) != TXNG_OK)
        return NULL;
    return s;
}

/* The event of bench_log.c: a harvest of one serialised unit, about 300 bytes. */
static json_t *
make_event(uint64_t i)
{
    char epc[80], when[40];

    snprintf(epc, sizeof epc, "https://id.gs1.org/01/08931234567893/21/%06" PRIu64, i % 1000000);
    snprintf(when, sizeof when, "2026-03-%02uT%02u:%02u:%02u+07:00", (unsigned) (1 + i % 28),
             (unsigned) (i / 3600 % 24), (unsigned) (i / 60 % 60), (unsigned) (i % 60));
    return json_pack("{s:s, s:s, s:s, s:[s], s:s, s:s, s:{s:s}, s:s}", "type", "ObjectEvent",
                     "action", "OBSERVE", "bizStep", "harvesting", "epcList", epc, "eventTime",
                     when, "eventTimeZoneOffset", "+07:00", "readPoint", "id",
                     "urn:txng:htx:place:lo-3", "txng:note",
                     "Thu hoạch sâm Ngọc Linh, lô 3, đạt VietGAP");
}

static bool
build_log(const char *dir, uint64_t n)
{
    txng_signer *logkey = seeded(ORIGIN, 1), *actor = seeded(ACTOR, 2);
    txng_log    *log    = NULL;
    char        *kf     = NULL, vkey[TXNG_VKEY_MAX];
    size_t       kf_len = 0;
    json_t      *ev = NULL, *se = NULL, **batch = NULL;
    bool         good = false;

    if (logkey == NULL || actor == NULL ||
        txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T0) != TXNG_OK)
        goto out;
    txng_log_close(log);
    log = NULL;
    if (txng_log_open(&log, dir, TXNG_LOG_NOSYNC) != TXNG_OK)
        goto out;
    txng_pubkey_format(txng_signer_pubkey(actor), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "grower");
    if (ev == NULL || txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        goto out;
    batch = calloc(BATCH, sizeof *batch);
    if (batch == NULL)
        goto out;
    for (uint64_t done = 2; done < n;) {
        size_t k = n - done < BATCH ? (size_t) (n - done) : BATCH;

        for (size_t i = 0; i < k; i++)
            batch[i] = make_event(done + i);
        if (txng_log_append_as(log, logkey, actor, batch, k, T0 + 1, NULL, NULL) != TXNG_OK)
            goto out;
        for (size_t i = 0; i < k; i++)
            json_decref(batch[i]);
        done += k;
    }
    good = true;
out:
    free(batch);
    json_decref(ev);
    json_decref(se);
    txng_log_close(log);
    free(kf);
    txng_signer_free(logkey);
    txng_signer_free(actor);
    return good;
}

/* CPU seconds (user + system, all threads) this process used. */
static double
cpu_s(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6 +
           (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

/* Peak resident memory of this process since it was exec'd (VmHWM), in KiB. */
static long
peak_kib(void)
{
    char  line[256];
    long  kib = -1;
    FILE *f   = fopen("/proc/self/status", "r");

    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        sscanf(line, "VmHWM: %ld", &kib);
    if (f != NULL)
        fclose(f);
    return kib;
}

static txng_err
file_write(void *ctx, const void *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len ? TXNG_OK : TXNG_ESYS;
}

static txng_err
file_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    *got = fread(buf, 1, cap, ctx);
    return *got == 0 && ferror((FILE *) ctx) ? TXNG_ESYS : TXNG_OK;
}

/* Child: write the bundle (every record, or every 16th). Prints "ok SECONDS RECORDS". */
static int
export_child(const char *dir, const char *path, bool sparse)
{
    txng_log         *log = NULL;
    txng_bundle_sel   sel = { 0 };
    txng_bundle_wopts wo  = { 0 };
    uint64_t         *idx = NULL, size = 0;
    size_t            n   = 0;
    FILE             *f   = fopen(path, "wb");
    double            t0;
    txng_err          err;

    if (f == NULL || txng_log_open(&log, dir, TXNG_LOG_RDONLY) != TXNG_OK ||
        txng_log_size(log, &size) != TXNG_OK)
        return 1;
    t0 = now_s();
    if (sparse) {
        idx = malloc((size / 16 + 1) * sizeof *idx);
        for (uint64_t i = 0; idx != NULL && i < size; i += 16)
            idx[n++] = i;
        sel.kind = TXNG_BUNDLE_INDEX;
        sel.idx  = idx;
        sel.nidx = n;
    } else {
        sel.kind = TXNG_BUNDLE_ALL;
    }
    err = txng_bundle_write(log, &sel, idx, n, &wo, file_write, f);
    if (err != TXNG_OK || fclose(f) != 0) {
        printf("error %s\n", txng_strerror(err));
        return 1;
    }
    free(idx);
    txng_log_close(log);
    printf("ok %.6f %" PRIu64 " %ld %.6f\n", now_s() - t0, wo.records, peak_kib(), cpu_s());
    return 0;
}

/* Child: verify the bundle. Prints "ok SECONDS RECORDS". */
static int
verify_child(const char *path, const char *vkey)
{
    txng_pubkey        key;
    txng_bundle_result res  = { 0 };
    txng_diag          diag = TXNG_DIAG_INIT;
    FILE              *f    = fopen(path, "rb");
    double             t0;
    txng_err           err;

    if (f == NULL || txng_pubkey_parse(&key, vkey, strlen(vkey), NULL) != TXNG_OK)
        return 1;
    t0  = now_s();
    err = txng_bundle_verify(file_read, f, &key, NULL, &res, &diag);
    fclose(f);
    if (err != TXNG_OK) {
        printf("error %s line %zu (%s)\n", txng_strerror(err), diag.line,
               diag.reason ? diag.reason : "");
        return 1;
    }
    txng_bundle_result_free(&res);
    printf("ok %.6f %" PRIu64 " %ld %.6f\n", now_s() - t0, res.records, peak_kib(), cpu_s());
    return 0;
}

/* Run this program with @p args; parse "ok SECONDS RECORDS PEAK_KIB". The child reads its
 * own VmHWM: rusage would count the pages it shared with this process before exec. */
static double child_cpu; /* CPU seconds of the last child */

static bool
run_child(char *const args[], double *secs, uint64_t *records, long *maxrss_kib)
{
    int           fds[2], status = 0;
    pid_t         pid;
    char          buf[512] = "";
    ssize_t       got, used = 0;

    if (pipe(fds) != 0)
        return false;
    pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv("/proc/self/exe", args);
        _exit(127);
    }
    close(fds[1]);
    while (used < (ssize_t) sizeof buf - 1 &&
           (got = read(fds[0], buf + used, sizeof buf - 1 - (size_t) used)) > 0)
        used += got;
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        sscanf(buf, "ok %lf %" SCNu64 " %ld %lf", secs, records, maxrss_kib, &child_cpu) != 4) {
        fprintf(stderr, "bench_bundle: child said: %s\n", buf);
        return false;
    }
    return true;
}

static double raw_cpu_rate; /* verifications per CPU second, last measurement */

static double
raw_verify_rate(void)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char sig[crypto_sign_BYTES], msg[400];
    uint64_t      n = 0;
    double        t0, t, c0;

    memset(msg, 'e', sizeof msg);
    crypto_sign_keypair(pk, sk);
    crypto_sign_detached(sig, NULL, msg, sizeof msg, sk);
    sodium_memzero(sk, sizeof sk);
    t0 = now_s();
    c0 = cpu_s();
    do {
        for (int i = 0; i < 256; i++, n++)
            if (crypto_sign_verify_detached(sig, msg, sizeof msg, pk) != 0)
                return 0;
        t = now_s() - t0;
    } while (t < PRIM_SECONDS);
    raw_cpu_rate = (double) n / (cpu_s() - c0);
    return (double) n / t;
}

int
main(int argc, char **argv)
{
    const char  *tmp = getenv("TXNG_BENCH_TMP"), *ns = getenv("TXNG_BENCH_N");
    char         root[4096], dir[4200], file[4200], sfile[4200], vkey[TXNG_VKEY_MAX];
    uint64_t     n = 1000000, recs = 0;
    double       t, secs, raw;
    long         rss;
    struct stat  sb;
    txng_signer *logkey;
    int          status = 1;

    if (sodium_init() < 0)
        return 1;
    if (argc == 4 && strcmp(argv[1], "--export-child") == 0)
        return export_child(argv[2], argv[3], false);
    if (argc == 4 && strcmp(argv[1], "--export-sparse-child") == 0)
        return export_child(argv[2], argv[3], true);
    if (argc == 4 && strcmp(argv[1], "--verify-child") == 0)
        return verify_child(argv[2], argv[3]);
    if (ns != NULL && (n = strtoull(ns, NULL, 10)) < 3)
        n = 3;
    if (tmp == NULL)
        tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
    snprintf(root, sizeof root, "%s/bench-bundle-XXXXXX", tmp);
    if (mkdtemp(root) == NULL)
        return 1;
    snprintf(dir, sizeof dir, "%s/log", root);
    snprintf(file, sizeof file, "%s/all.txng", root);
    snprintf(sfile, sizeof sfile, "%s/sparse.txng", root);
    logkey = seeded(ORIGIN, 1);
    txng_pubkey_format(txng_signer_pubkey(logkey), vkey);
    txng_signer_free(logkey);

    printf("# bench_bundle: %" PRIu64 " records, %ld cores\n", n, sysconf(_SC_NPROCESSORS_ONLN));
    {
        char  la[128] = "";
        FILE *f       = fopen("/proc/loadavg", "r");

        if (f != NULL && fgets(la, sizeof la, f) != NULL)
            printf("# load average: %s", la);
        if (f != NULL)
            fclose(f);
    }
    t = now_s();
    if (!build_log(dir, n)) {
        fprintf(stderr, "bench_bundle: building the log failed\n");
        goto out;
    }
    printf("# log built in %.1f s\n", now_s() - t);
    raw = raw_verify_rate();
    printf("raw single-core Ed25519 verify: %.0f/s\n", raw);
    {
        char  ex[] = "--export-child", ve[] = "--verify-child";
        char *a[]  = { argv[0], ex, dir, file, NULL };
        char *v[]  = { argv[0], ve, file, vkey, NULL };

        if (!run_child(a, &secs, &recs, &rss))
            goto out;
        stat(file, &sb);
        printf("export all: %" PRIu64 " records, %.1f MB in %.2f s (%.0f records/s), peak RSS "
               "%.1f MiB\n",
               recs, (double) sb.st_size / 1e6, secs, (double) recs / secs, (double) rss / 1024);
        if (!run_child(v, &secs, &recs, &rss))
            goto out;
        raw = (raw + raw_verify_rate()) / 2; /* before and after: the machine may be shared */
        printf("raw single-core Ed25519 verify, mean of before and after: %.0f/s\n", raw);
        printf("verify all: %" PRIu64 " records in %.2f s, %.0f records/s = %.2f x raw "
               "single-core verify, peak RSS %.1f MiB\n",
               recs, secs, (double) recs / secs, (double) recs / secs / raw, (double) rss / 1024);
        printf("verify all: %.2f CPU s, %.0f records per CPU second = %.2f x raw per CPU second "
               "(%.0f/s); CPU/wall %.2f\n",
               child_cpu, (double) recs / child_cpu, (double) recs / child_cpu / raw_cpu_rate,
               raw_cpu_rate, child_cpu / secs);
    }
    {
        char  ex[] = "--export-sparse-child", ve[] = "--verify-child";
        char *a[]  = { argv[0], ex, dir, sfile, NULL };
        char *v[]  = { argv[0], ve, sfile, vkey, NULL };

        if (!run_child(a, &secs, &recs, &rss))
            goto out;
        stat(sfile, &sb);
        printf("export every 16th: %" PRIu64 " records, %.1f MB in %.2f s, peak RSS %.1f MiB\n",
               recs, (double) sb.st_size / 1e6, secs, (double) rss / 1024);
        if (!run_child(v, &secs, &recs, &rss))
            goto out;
        printf("verify every 16th: %" PRIu64 " records in %.2f s, %.0f records/s = %.2f x raw, "
               "peak RSS %.1f MiB\n",
               recs, secs, (double) recs / secs, (double) recs / secs / raw, (double) rss / 1024);
    }
    status = 0;
out:
    if (getenv("TXNG_BENCH_KEEP") == NULL)
        nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        printf("# kept %s\n", root);
    return status;
}
