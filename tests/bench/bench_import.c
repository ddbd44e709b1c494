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
 * Each of 1 and 2 runs TXNG_BENCH_REPEAT times (default 3), each time on a
 * log of its own, and the fastest run counts: the machine may be shared,
 * and a run slowed by other work says nothing about txng. Beside the wall
 * clock each figure gives the CPU seconds it used (user + system, all
 * threads; for the binary its process), which other load changes little:
 * where the wall ratio and the CPU ratio differ, the difference is the
 * second core (signing runs on all cores, the row check on one).
 *
 * Environment: TXNG (path of the txng binary, set by meson), TXNG_BENCH_N
 * (rows, default 20000), TXNG_BENCH_REPEAT (runs of each figure, default
 * 3), TXNG_BENCH_TMP (scratch folder: a real disk, for fsync). Timings are
 * reported, never asserted: the program fails only when a command or an
 * append fails.
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
#include <sys/resource.h>
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

static double
tv_s(struct timeval tv)
{
    return (double) tv.tv_sec + (double) tv.tv_usec / 1e6;
}

/* CPU seconds (user + system) this process has used, all its threads. */
static double
cpu_self(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
}

/* One timed run: wall and CPU seconds. */
struct timing {
    double wall, cpu;
};

/* Keep the faster of @p best and @p t (a negative wall: none yet). */
static void
keep_best(struct timing *best, struct timing t)
{
    if (best->wall < 0 || t.wall < best->wall)
        *best = t;
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
 * stdout to @p out (NULL: /dev/null). Returns the exit status, -1 on failure;
 * @p t (may be NULL) gets the wall and CPU seconds of the process.
 */
static int
run_txng(const char *txng, const char *cwd, const char *out, const char *const *args,
         struct timing *t)
{
    const char   *argv[32];
    size_t        n = 0;
    pid_t         pid;
    int           st;
    struct rusage ru;
    double        t0;

    argv[n++] = txng;
    while (*args != NULL && n < 31)
        argv[n++] = *args++;
    argv[n] = NULL;
    fflush(stdout);
    t0  = now_s();
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
    if (wait4(pid, &st, 0, &ru) != pid)
        return -1;
    if (t != NULL) {
        t->wall = now_s() - t0;
        t->cpu  = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
    }
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

/* Append @p n events with txng_log_append_as, BATCH per call, on a fresh log; wall -1: failed. */
static struct timing
append_as(const char *dir, json_t **evs, size_t n)
{
    txng_signer *logkey = signer(ORIGIN, 1), *actor = signer("ho-a", 2);
    txng_log    *log    = NULL;
    char        *kf     = NULL, vkey[TXNG_VKEY_MAX];
    size_t       kf_len;
    json_t      *ev = NULL, *se = NULL;
    struct timing t = { -1, 0 };
    double        t0, c0;
    txng_err      err;

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
    c0 = cpu_self();
    for (size_t i = 0; i < n; i += BATCH) {
        size_t m = n - i < BATCH ? n - i : BATCH;

        err = txng_log_append_as(log, logkey, actor, evs + i, m, T_RECORDED, NULL, NULL);
        if (err != TXNG_OK) {
            fprintf(stderr, "bench_import: append_as: %s\n", txng_strerror(err));
            goto out;
        }
    }
    t.wall = now_s() - t0;
    t.cpu  = cpu_self() - c0;
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
row(const char *figure, double n, struct timing t, struct timing append)
{
    printf("| %-40s | %10.0f ev/s | %8.3f | %5.2f s | %5.2f s | %12.3f |\n", figure, n / t.wall,
           append.wall / t.wall, t.wall, t.cpu, append.cpu / t.cpu);
}

/* Set up log @p dir in @p scratch as the import expects it; 0 or -1. */
static int
setup_log(const char *txng, const char *scratch, const char *dir)
{
    /* records are kept in time order: the log and the key come before RECORDED */
    const char *init[]  = { "init", "-d", dir, "--origin", ORIGIN, "--no-passphrase",
                            "-t", "1700000000", NULL };
    const char *key[]   = { "key", "new", "-d", dir, "ho-a", "--role", "grower",
                            "--no-passphrase", "-t", "1700000100", NULL };
    const char *place[] = { "place", "add", "-d", dir, "--as", "ho-a", "-r", RECORDED,
                            "--name", "Vườn 3, tiểu khu 12", "--code", "vuon-3", NULL };
    const char *plant[] = { "record", "plant", "-d", dir, "--as", "ho-a", "-r", RECORDED,
                            "--cohort", "V3-2019", "--place", "vuon-3", "--count", "4000000",
                            "--time", "2019-10-20T08:00+07:00", NULL };

    if (run_txng(txng, scratch, NULL, init, NULL) != 0 ||
        run_txng(txng, scratch, NULL, key, NULL) != 0 ||
        run_txng(txng, scratch, NULL, place, NULL) != 0 ||
        run_txng(txng, scratch, NULL, plant, NULL) != 0) {
        fprintf(stderr, "bench_import: setting up the log %s with %s failed\n", dir, txng);
        return -1;
    }
    return 0;
}

int
main(void)
{
    const char   *txng = getenv("TXNG"), *tmp = getenv("TXNG_BENCH_TMP"),
                 *n_env = getenv("TXNG_BENCH_N"), *r_env = getenv("TXNG_BENCH_REPEAT");
    char          scratch[4096], csv[4200], jsonl[4200], logdir[4200], dir[32];
    uint64_t      n = n_env != NULL && *n_env ? strtoull(n_env, NULL, 10) : 20000;
    unsigned long repeat = r_env != NULL && *r_env ? strtoul(r_env, NULL, 10) : 3;
    json_t      **evs = NULL;
    size_t        got = 0, avg = 0;
    struct timing t_import = { -1, 0 }, t_dry = { -1, 0 }, t_append = { -1, 0 }, t;
    double        sign, load[3] = { 0, 0, 0 };
    int           status = 1;

    if (sodium_init() < 0 || txng == NULL || n == 0 || repeat == 0 || repeat > 100) {
        fprintf(stderr, "bench_import: needs libsodium, TXNG (the txng binary), N > 0 and "
                        "0 < TXNG_BENCH_REPEAT <= 100\n");
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
    if (write_csv(csv, n) != 0) {
        perror("bench_import: write the CSV");
        goto out;
    }
    if (getloadavg(load, 3) < 0)
        load[0] = load[1] = load[2] = -1;
    for (unsigned long r = 0; r < repeat; r++) {
        const char *dry[] = { "import", "-d", dir, "-r", RECORDED, "--csv", "rows.csv",
                              "--dry-run", NULL };
        const char *imp[] = { "import", "-d", dir, "--as", "ho-a", "-r", RECORDED, "--csv",
                              "rows.csv", NULL };

        snprintf(dir, sizeof dir, "L%lu", r);
        if (setup_log(txng, scratch, dir) != 0)
            goto out;
        if (run_txng(txng, scratch, jsonl, dry, &t) != 0) {
            fprintf(stderr, "bench_import: txng import --dry-run failed\n");
            goto out;
        }
        keep_best(&t_dry, t);
        if (run_txng(txng, scratch, NULL, imp, &t) != 0) {
            fprintf(stderr, "bench_import: txng import failed\n");
            goto out;
        }
        keep_best(&t_import, t);
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
    for (unsigned long r = 0; r < repeat; r++) {
        snprintf(logdir, sizeof logdir, "%s/direct%lu", scratch, r);
        t = append_as(logdir, evs, got);
        if (t.wall < 0)
            goto out;
        keep_best(&t_append, t);
    }
    sign = sign_rate(avg + 100); /* the PAE adds a header and the actor's key reference */

    printf("# txng import benchmark: %" PRIu64 " rows (harvest every tenth, else treat), "
           "events %zu bytes on average, scratch %s\n",
           n, avg, scratch);
    printf("# fastest of %lu runs each; load average before the runs %.2f %.2f %.2f\n", repeat,
           load[0], load[1], load[2]);
    printf("# txng import --dry-run (everything but signing and appending): %.2f s, %.2f s CPU\n",
           t_dry.wall, t_dry.cpu);
    printf("# txng import: %.2f s, %.2f s CPU; txng_log_append_as, batches of %d: %.2f s, "
           "%.2f s CPU\n",
           t_import.wall, t_import.cpu, BATCH, t_append.wall, t_append.cpu);
    printf("#\n| %-40s | %-15s | %-8s | %-7s | %-7s | %-12s |\n", "figure", "rate", "/ append",
           "wall", "CPU", "CPU / append");
    printf("|%s|%s|%s|%s|%s|%s|\n", "------------------------------------------",
           "-----------------", "----------", "---------", "---------", "--------------");
    row("txng import --csv (process, end to end)", (double) n, t_import, t_append);
    row("txng import --dry-run (no append)", (double) n, t_dry, t_append);
    row("batched txng_log_append_as", (double) n, t_append, t_append);
    printf("| %-40s | %10.0f sig/s | %-8s | %-7s | %-7s | %-12s |\n",
           "crypto_sign_detached, 1 core", sign, "-", "-", "-", "-");
    printf("# import / raw sign: %.3f; batched append / raw sign: %.3f\n",
           (double) n / t_import.wall / sign, (double) n / t_append.wall / sign);
    printf("# import / batched append: %.3f (target >= 0.8: %s); by CPU seconds: %.3f\n",
           t_append.wall / t_import.wall, t_append.wall / t_import.wall >= 0.8 ? "met" : "MISSED",
           t_append.cpu / t_import.cpu);
    status = 0;
out:
    for (size_t i = 0; evs != NULL && i < n; i++)
        json_decref(evs[i]);
    free(evs);
    nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return status;
}
