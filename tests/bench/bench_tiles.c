/*
 * bench_tiles.c - speed of txng_tiles_write() beside reading the log once,
 * both measured in the same run on the same log
 *
 * Figures (issue 4, "Speed"): tiles for N records written in at most twice the
 * time it takes to read the log once (every record through txng_log_get()).
 *   1. read every record once (txng_log_get, public API);
 *   2. txng_tiles_write to an empty folder, no sync (TXNG_TILES_NOSYNC);
 *   3. txng_tiles_write to an empty folder, synced (the default: syncfs, then
 *      the checkpoint fsync'd);
 *   4. an incremental run after 1,000 more records;
 *   5. txng_tiles_verify of the folder, for information;
 *   6. the floor the file system sets: as many files of the same total size
 *      written with open/write/close (no LMDB, no tiles), no sync.
 * The log was just written, so its pages are in the page cache for every
 * figure alike.
 *
 * Environment: TXNG_BENCH_N (records, default 1000000), TXNG_BENCH_TMP
 * (scratch folder, default TMPDIR or /tmp). Timings are reported, never
 * asserted: the program fails only when an operation fails.
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
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "core/tiles.h"

#define ORIGIN "bench.example/log"
#define BATCH  10000
#define T0     INT64_C(1772000000)

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
    (void) st, (void) flag, (void) ftw;
    return remove(path);
}

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
append(txng_log *log, const txng_signer *logkey, const txng_signer *actor, uint64_t first,
       uint64_t n)
{
    json_t **evs = calloc(BATCH, sizeof *evs);
    bool     good = evs != NULL;

    for (uint64_t done = 0; good && done < n;) {
        size_t k = n - done < BATCH ? (size_t) (n - done) : BATCH;

        for (size_t i = 0; i < k; i++)
            evs[i] = make_event(first + done + i);
        good = txng_log_append_as(log, logkey, actor, evs, k, T0 + 60, NULL, NULL) == TXNG_OK;
        for (size_t i = 0; i < k; i++)
            json_decref(evs[i]);
        done += k;
    }
    free(evs);
    return good;
}

/* Read @p path under the folder @p ctx. */
static txng_err
fetch_file(void *ctx, const char *path, size_t max, unsigned char **out, size_t *len)
{
    char  p[4400];
    FILE *f;
    long  n;

    snprintf(p, sizeof p, "%s/%s", (const char *) ctx, path);
    f = fopen(p, "rb");
    if (f == NULL)
        return TXNG_ENOTFOUND;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        (size_t) n > max || (*out = malloc((size_t) n + 1)) == NULL) {
        fclose(f);
        return TXNG_EFULL;
    }
    *len = fread(*out, 1, (size_t) n, f);
    fclose(f);
    return TXNG_OK;
}

static void
row(const char *figure, double secs, double base)
{
    printf("| %-44s | %9.2f s | %6.2f |\n", figure, secs, base > 0 ? secs / base : 0.0);
}

int
main(void)
{
    const char       *env = getenv("TXNG_BENCH_N"), *tmp = getenv("TXNG_BENCH_TMP");
    uint64_t          n   = env != NULL ? strtoull(env, NULL, 10) : 1000000;
    char              scratch[4096], dir[4200], out1[4200], out2[4200];
    unsigned char     seed[TXNG_SEED_BYTES];
    txng_signer      *logkey = NULL, *actor = NULL;
    txng_log         *log    = NULL;
    char             *kf     = NULL, vkey[TXNG_VKEY_MAX];
    size_t            kf_len;
    json_t           *ev = NULL, *se = NULL;
    txng_tiles_stats  st;
    txng_tiles_result res;
    txng_diag         diag = TXNG_DIAG_INIT;
    uint64_t          size, bytes = 0;
    double            t, t_read, t_nosync, t_sync, t_inc, t_verify, t_raw;
    uint64_t          raw_files, raw_bytes;
    int               rc = EXIT_FAILURE;

    if (sodium_init() < 0)
        return EXIT_FAILURE;
    snprintf(scratch, sizeof scratch, "%s/txng-bench-tiles-XXXXXX",
             tmp && *tmp ? tmp : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(scratch) == NULL)
        return EXIT_FAILURE;
    snprintf(dir, sizeof dir, "%s/log", scratch);
    snprintf(out1, sizeof out1, "%s/tiles-nosync", scratch);
    snprintf(out2, sizeof out2, "%s/tiles-sync", scratch);

    memset(seed, 1, sizeof seed);
    if (txng_signer_from_seed(&logkey, ORIGIN, seed) != TXNG_OK)
        goto out;
    memset(seed, 2, sizeof seed);
    if (txng_signer_from_seed(&actor, "grower", seed) != TXNG_OK ||
        txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T0) != TXNG_OK)
        goto out;
    txng_log_close(log);
    log = NULL;
    if (txng_log_open(&log, dir, TXNG_LOG_NOSYNC) != TXNG_OK)
        goto out;
    txng_pubkey_format(txng_signer_pubkey(actor), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "grower");
    if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        goto out;
    printf("# txng tiles benchmark: %" PRIu64 " records, scratch %s\n", n, scratch);
    t = now_s();
    if (!append(log, logkey, actor, 0, n - 2))
        goto out;
    printf("# log built in %.1f s\n", now_s() - t);
    if (txng_log_size(log, &size) != TXNG_OK)
        goto out;

    /* 1. Read the log once. */
    t = now_s();
    for (uint64_t i = 0; i < size; i++) {
        char  *rec;
        size_t len;

        if (txng_log_get(log, i, &rec, &len) != TXNG_OK)
            goto out;
        bytes += len;
        free(rec);
    }
    t_read = now_s() - t;
    printf("# read %" PRIu64 " records, %.1f MiB, in %.2f s\n", size,
           (double) bytes / 1048576.0, t_read);

    /* 2., 3. Write every tile, without and with sync. */
    t = now_s();
    if (txng_tiles_write(log, out1, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag) != TXNG_OK)
        goto out;
    t_nosync = now_s() - t;
    printf("# tiles (no sync): %" PRIu64 " files, %.1f MiB\n", st.files,
           (double) st.bytes / 1048576.0);
    raw_files = st.files;
    raw_bytes = st.bytes;
    {
        char   raw[4300], f[4400];
        size_t each = (size_t) (raw_bytes / raw_files);
        char  *buf  = calloc(1, each + 1);

        snprintf(raw, sizeof raw, "%s/raw", scratch);
        if (buf == NULL || mkdir(raw, 0755) != 0)
            goto out;
        t = now_s();
        for (uint64_t i = 0; i < raw_files; i++) {
            int fd;

            snprintf(f, sizeof f, "%s/%" PRIu64, raw, i);
            fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || write(fd, buf, each) != (ssize_t) each) {
                free(buf);
                goto out;
            }
            close(fd);
        }
        t_raw = now_s() - t;
        free(buf);
    }
    t = now_s();
    if (txng_tiles_write(log, out2, 0, NULL, NULL, &st, &diag) != TXNG_OK)
        goto out;
    t_sync = now_s() - t;

    /* 4. Incremental. */
    if (!append(log, logkey, actor, n, 1000))
        goto out;
    t = now_s();
    if (txng_tiles_write(log, out2, 0, NULL, NULL, &st, &diag) != TXNG_OK)
        goto out;
    t_inc = now_s() - t;
    printf("# incremental run after 1000 records: %" PRIu64 " files, %" PRIu64 " removed\n",
           st.files, st.removed);

    /* 5. Verify the synced folder through the core verifier (files read by a callback here). */
    t = now_s();
    if (txng_tiles_verify(txng_signer_pubkey(logkey), fetch_file, out2, NULL, NULL, &res,
                          &diag) != TXNG_OK)
        goto out;
    t_verify = now_s() - t;
    free(res.note);

    printf("#\n| %-44s | %11s | %6s |\n", "figure", "time", "ratio");
    printf("|----------------------------------------------|-------------|--------|\n");
    row("read every record once (txng_log_get)", t_read, t_read);
    row("txng_tiles_write, empty folder, no sync", t_nosync, t_read);
    row("txng_tiles_write, empty folder, synced", t_sync, t_read);
    row("txng_tiles_write, +1000 records, synced", t_inc, t_read);
    row("txng_tiles_verify of the folder", t_verify, t_read);
    row("floor: same files and bytes, plain write()", t_raw, t_read);
    printf("# target: tiles written in <= 2 x the read time (ratio column)\n");
    rc = EXIT_SUCCESS;
out:
    if (rc != EXIT_SUCCESS)
        fprintf(stderr, "bench_tiles: failed (%s)\n", diag.reason ? diag.reason : "");
    json_decref(ev);
    json_decref(se);
    free(kf);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(actor);
    nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
