/*
 * bench_import.c - speed of `txng import --csv` beside the batched signed
 * append of the same events and the raw Ed25519 sign rate
 *
 * Figures (issue 3, "Speed"; docs/performance.md):
 *   1. `txng import --csv` of N harvest and treat rows, the built binary
 *      run end to end (process start, key files, CSV, building and
 *      checking every row, the rules, one signed append) on a durable log
 *      that holds a place and the planting of the cohort;
 *   2. the same events (from `txng import --dry-run`, which also gives the
 *      time of everything but the append) through txng_log_append_as in
 *      batches of BATCH on a fresh durable log, in this process;
 *   3. raw single-core crypto_sign_detached of a message of the events' size.
 * Ratios: import / batched append (target ≥ 0.8), and each / raw sign.
 *
 * Environment: TXNG (path of the txng binary, set by meson), TXNG_BENCH_N
 * (rows, default 20000), TXNG_BENCH_TMP (scratch folder: a real disk, for
 * fsync). Timings are reported, never asserted: the program fails only when
 * a command or an append fails.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"

#define ORIGIN       "bench.example/import"
#define BATCH        1000
#define PRIM_SECONDS 2.0
#define RECORDED     "2025-12-01T00:00:00Z"
#define T_RECORDED   INT64_C(1764547200)

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

/*
 * Run txng with @p args (NULL-terminated, without argv[0]) in @p cwd;
 * stdout to @p out (NULL: /dev/null). Returns the exit status, -1 on failure.
 */
static int
run_txng(const char *txng, const char *cwd, const char *out, const char *const *args)
{
    const char *argv[32];
    size_t      n = 0;
    pid_t       pid;
    int         st;

    argv[n++] = txng;
    while (*args != NULL && n < 31)
        argv[n++] = *args++;
    argv[n] = NULL;
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(out != NULL ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);

        if (fd < 0 || dup2(fd, 1) < 0 || chdir(cwd) != 0)
            _exit(127);
        execv(txng, (char *const *) (uintptr_t) argv);
        _exit(127);
    }
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* N rows: every tenth a harvest of a new lot from cohort V3-2019, the others treatments. */
static int
write_csv(const char *path, uint64_t n)
{
    FILE *f = fopen(path, "w");

    if (f == NULL)
        return -1;
    fprintf(f, "step,cohort,lot,weight,root count,age,input,dose,time\n");
    for (uint64_t i = 1; i <= n; i++) {
        unsigned day = (unsigned) (1 + i % 28), min = (unsigned) (i % 60);

        if (i % 10 == 0)
            fprintf(f, "harvest,V3-2019,H-%06" PRIu64 ",%u.%ukg,%u,6,,,2025-09-%02uT07:%02u+07:00\n",
                    i, (unsigned) (i % 9 + 1), (unsigned) (i % 10), (unsigned) (i % 20 + 5), day,
                    min);
        else
            fprintf(f,
                    "treat,V3-2019,,,,,\"phân hữu cơ vi sinh, lô %" PRIu64
                    "\",2 kg/100 m2,2025-08-%02uT08:%02u+07:00\n",
                    i, day, min);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* Read the JSON Lines of @p path into @p evs (up to @p cap). */
static size_t
read_events(const char *path, json_t **evs, size_t cap)
{
    FILE  *f = fopen(path, "r");
    char  *line = NULL;
    size_t len = 0, n = 0;

    if (f == NULL)
        return 0;
    while (n < cap && getline(&line, &len, f) > 0) {
        json_error_t e;

        if ((evs[n] = json_loads(line, 0, &e)) == NULL)
            break;
        n++;
    }
    free(line);
    fclose(f);
    return n;
}

static double
sign_rate(size_t msg_len)
{
    unsigned char  pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char  sig[crypto_sign_BYTES], *msg = calloc(1, msg_len);
    uint64_t       n  = 0;
    double         t0 = now_s(), t;

    if (msg == NULL)
        return 0;
    crypto_sign_keypair(pk, sk);
    do {
        for (int i = 0; i < 256; i++) {
            msg[0] = (unsigned char) n;
            crypto_sign_detached(sig, NULL, msg, msg_len, sk);
            n++;
        }
        t = now_s() - t0;
    } while (t < PRIM_SECONDS);
    sodium_memzero(sk, sizeof sk);
    free(msg);
    return (double) n / t;
}

static txng_signer *
signer(const char *name, unsigned char fill)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *s = NULL;

    memset(seed, fill, sizeof seed);
    if (txng_signer_from_seed(&s, name, seed) != TXNG_OK)
        return NULL;
    return s;
}

/* Append @p n events with txng_log_append_as, BATCH per call, on a fresh log; seconds or -1. */
static double
append_as(const char *dir, json_t **evs, size_t n)
{
    txng_signer *logkey = signer(ORIGIN, 1), *actor = signer("ho-a", 2);
    txng_log    *log    = NULL;
    char        *kf     = NULL, vkey[TXNG_VKEY_MAX];
    size_t       kf_len;
    json_t      *ev = NULL, *se = NULL;
    double       t  = -1, t0;
    txng_err     err;

    if (logkey == NULL || actor == NULL ||
        txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T_RECORDED) != TXNG_OK)
        goto out;
    txng_pubkey_format(txng_signer_pubkey(actor), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "grower");
    if (ev == NULL || txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T_RECORDED, NULL, NULL) != TXNG_OK)
        goto out;
    t0 = now_s();
    for (size_t i = 0; i < n; i += BATCH) {
        size_t m = n - i < BATCH ? n - i : BATCH;

        err = txng_log_append_as(log, logkey, actor, evs + i, m, T_RECORDED, NULL, NULL);
        if (err != TXNG_OK) {
            fprintf(stderr, "bench_import: append_as: %s\n", txng_strerror(err));
            goto out;
        }
    }
    t = now_s() - t0;
out:
    free(kf);
    json_decref(ev);
    json_decref(se);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(actor);
    return t;
}

static void
row(const char *figure, double value, const char *unit, double ratio_append, double ratio_sign)
{
    char r1[24] = "-";

    if (ratio_append >= 0)
        snprintf(r1, sizeof r1, "%.3f", ratio_append);
    printf("| %-40s | %10.0f %-6s | %-9s | %.3f |\n", figure, value, unit, r1, ratio_sign);
}

int
main(void)
{
    const char *txng = getenv("TXNG"), *tmp = getenv("TXNG_BENCH_TMP"),
               *n_env = getenv("TXNG_BENCH_N");
    char        scratch[4096], csv[4200], jsonl[4200], logdir[4200];
    uint64_t    n = n_env != NULL && *n_env ? strtoull(n_env, NULL, 10) : 20000;
    json_t    **evs = NULL;
    size_t      got = 0, avg = 0;
    double      t0, t_import, t_dry, t_append, sign;
    int         status = 1;

    if (sodium_init() < 0 || txng == NULL || n == 0) {
        fprintf(stderr, "bench_import: needs libsodium, TXNG (the txng binary) and N > 0\n");
        return 1;
    }
    snprintf(scratch, sizeof scratch, "%s/txng-bench-import-XXXXXX",
             tmp != NULL && *tmp ? tmp : "/tmp");
    if (mkdtemp(scratch) == NULL) {
        perror("bench_import: mkdtemp");
        return 1;
    }
    snprintf(csv, sizeof csv, "%s/rows.csv", scratch);
    snprintf(jsonl, sizeof jsonl, "%s/events.jsonl", scratch);
    snprintf(logdir, sizeof logdir, "%s/direct", scratch);
    if (write_csv(csv, n) != 0) {
        perror("bench_import: write the CSV");
        goto out;
    }
    {
        const char *init[] = { "init", "-d", "L", "--origin", ORIGIN, "--no-passphrase", NULL };
        const char *key[]  = { "key", "new", "-d", "L", "ho-a", "--role", "grower",
                               "--no-passphrase", NULL };
        const char *place[] = { "place", "add", "-d", "L", "--as", "ho-a", "-r", RECORDED,
                                "--name", "Vườn 3, tiểu khu 12", "--code", "vuon-3", NULL };
        const char *plant[] = { "record", "plant", "-d", "L", "--as", "ho-a", "-r", RECORDED,
                                "--cohort", "V3-2019", "--place", "vuon-3", "--count", "4000000",
                                "--time", "2019-10-20T08:00+07:00", NULL };

        if (run_txng(txng, scratch, NULL, init) != 0 || run_txng(txng, scratch, NULL, key) != 0 ||
            run_txng(txng, scratch, NULL, place) != 0 ||
            run_txng(txng, scratch, NULL, plant) != 0) {
            fprintf(stderr, "bench_import: setting up the log with %s failed\n", txng);
            goto out;
        }
    }
    {
        const char *dry[] = { "import", "-d", "L", "-r", RECORDED, "--csv", "rows.csv",
                              "--dry-run", NULL };
        const char *imp[] = { "import", "-d", "L", "--as", "ho-a", "-r", RECORDED, "--csv",
                              "rows.csv", NULL };

        t0 = now_s();
        if (run_txng(txng, scratch, jsonl, dry) != 0) {
            fprintf(stderr, "bench_import: txng import --dry-run failed\n");
            goto out;
        }
        t_dry = now_s() - t0;
        t0    = now_s();
        if (run_txng(txng, scratch, NULL, imp) != 0) {
            fprintf(stderr, "bench_import: txng import failed\n");
            goto out;
        }
        t_import = now_s() - t0;
    }
    if ((evs = calloc(n, sizeof *evs)) == NULL || (got = read_events(jsonl, evs, n)) != n) {
        fprintf(stderr, "bench_import: %zu of %" PRIu64 " events from --dry-run\n", got, n);
        goto out;
    }
    for (size_t i = 0; i < got; i++) {
        char *s = json_dumps(evs[i], JSON_COMPACT);

        avg += s != NULL ? strlen(s) : 0;
        free(s);
    }
    avg /= got;
    if ((t_append = append_as(logdir, evs, got)) < 0)
        goto out;
    sign = sign_rate(avg + 100); /* the PAE adds a header and the actor's key reference */

    printf("# txng import benchmark: %" PRIu64 " rows (harvest every tenth, else treat), "
           "events %zu bytes on average, scratch %s\n",
           n, avg, scratch);
    printf("# txng import --dry-run (everything but signing and appending): %.2f s\n", t_dry);
    printf("# txng import: %.2f s; txng_log_append_as, batches of %d: %.2f s\n", t_import, BATCH,
           t_append);
    printf("#\n| %-40s | %-17s | %-9s | %-5s |\n", "figure", "value", "/ append", "/ sign");
    printf("|%s|%s|%s|%s|\n", "------------------------------------------", "-------------------",
           "-----------", "-------");
    row("txng import --csv (process, end to end)", (double) n / t_import, "ev/s",
        t_append / t_import, (double) n / t_import / sign);
    row("txng import --dry-run (no append)", (double) n / t_dry, "ev/s", t_append / t_dry,
        (double) n / t_dry / sign);
    row("batched txng_log_append_as", (double) n / t_append, "ev/s", 1.0,
        (double) n / t_append / sign);
    row("crypto_sign_detached, 1 core", sign, "sig/s", -1, 1.0);
    printf("# import / batched append: %.3f (target >= 0.8: %s)\n", t_append / t_import,
           t_append / t_import >= 0.8 ? "met" : "MISSED");
    status = 0;
out:
    for (size_t i = 0; evs != NULL && i < n; i++)
        json_decref(evs[i]);
    free(evs);
    nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return status;
}
