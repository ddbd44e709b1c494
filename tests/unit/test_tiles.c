/*
 * test_tiles.c - tlog-tiles: paths (spec vectors), tile counts of the spec's
 * 70,000-entry example on a real log, file contents checked against hashes
 * computed here, incremental writes, verification of a folder, and every
 * refusal of the writer and of the verifier (the key-state ones on trees
 * built by hand in memory, records that txng would never append)
 */
#define _GNU_SOURCE /* nftw, memmem */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "core/hash.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/record.h"
#include "core/tiles.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN "example.org/tiles-test"
#define T0     1700000000
#define BIG    70000

static char tmp_root[4096];

/* ---- helpers ------------------------------------------------------------------------------ */

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st, (void) flag, (void) ftw;
    return remove(path);
}

static void
rm_rf(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static txng_log *
new_log(const char *dir, const char *origin, const txng_signer *logkey)
{
    txng_log *log = NULL;
    char     *kf  = NULL;
    size_t    kf_len;

    if (txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, origin, logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    return log;
}

static void
enrol(txng_log *log, const txng_signer *logkey, const txng_signer *k, const char *role)
{
    char    vkey[TXNG_VKEY_MAX];
    json_t *ev, *se = NULL;

    txng_pubkey_format(txng_signer_pubkey(k), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", role);
    if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(ev);
    json_decref(se);
}

/* Append @p n events {"type":"example:Tick","n":first+i} signed by @p actor. */
static void
ticks(txng_log *log, const txng_signer *logkey, const txng_signer *actor, uint64_t first,
      size_t n)
{
    enum { BATCH = 5000 };
    json_t **evs = calloc(BATCH, sizeof *evs);

    if (evs == NULL)
        abort();
    for (size_t done = 0; done < n;) {
        size_t k = n - done < BATCH ? n - done : BATCH;

        for (size_t i = 0; i < k; i++)
            evs[i] = json_pack("{s:s, s:I}", "type", "example:Tick", "n",
                               (json_int_t) (first + done + i));
        if (txng_log_append_as(log, logkey, actor, evs, k, T0 + 60, NULL, NULL) != TXNG_OK)
            abort();
        for (size_t i = 0; i < k; i++)
            json_decref(evs[i]);
        done += k;
    }
    free(evs);
}

static bool
read_all(const char *path, unsigned char **out, size_t *len)
{
    FILE  *f = fopen(path, "rb");
    long   n;
    size_t got;

    *out = NULL;
    *len = 0;
    if (f == NULL)
        return false;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return false;
    }
    *out = malloc((size_t) n + 1);
    got  = fread(*out, 1, (size_t) n, f);
    fclose(f);
    *len = got;
    return got == (size_t) n;
}

static bool
write_all(const char *path, const void *p, size_t len)
{
    FILE *f  = fopen(path, "wb");
    bool  ok = f != NULL && fwrite(p, 1, len, f) == len;

    if (f != NULL && fclose(f) != 0)
        ok = false;
    return ok;
}

static bool
exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* Fetch from a folder: the callback txng verify --tiles uses, rewritten here. */
struct folder {
    const char *dir;
    txng_err    force; /* when not OK, every fetch of force_path returns it */
    const char *force_path;
};

static txng_err
fetch_folder(void *ctx, const char *path, size_t max, unsigned char **out, size_t *len)
{
    struct folder *f = ctx;
    char           p[4300];

    if (f->force != TXNG_OK && strcmp(path, f->force_path) == 0)
        return f->force;
    snprintf(p, sizeof p, "%s/%s", f->dir, path);
    if (!exists(p))
        return TXNG_ENOTFOUND;
    if (!read_all(p, out, len)) {
        free(*out);
        *out = NULL;
        return TXNG_ESYS;
    }
    if (*len > max) {
        free(*out);
        *out = NULL;
        return TXNG_EFULL;
    }
    return TXNG_OK;
}

/* ---- paths -------------------------------------------------------------------------------- */

static void
check_path(int level, uint64_t n, unsigned w, const char *want)
{
    txng_tile t = { level, n, w }, back;
    char      got[TXNG_TILE_PATH_MAX];

    txng_tile_path(got, &t);
    ok(strcmp(got, want) == 0, "path of (%d, %llu, %u) is %s (got %s)", level,
       (unsigned long long) n, w, want, got);
    ok(txng_tile_parse(&back, want, strlen(want)) == TXNG_OK && back.level == level &&
           back.index == n && back.width == w,
       "parse %s", want);
}

static void
test_paths(void)
{
    static const char *const bad[] = {
        "",
        "tile",
        "tile/",
        "tile/0",
        "tile/0/",
        "tile/00/000",
        "tile/64/000",
        "tile/-1/000",
        "tile/0/00",
        "tile/0/0000",
        "tile/0/1234",
        "tile/0/x001",
        "tile/0/x001/",
        "tile/0/001/002",
        "tile/0/x01/002",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/017",
        "tile/0/000.p/",
        "tile/0/000.p/1x",
        "tile/0/000.x/1",
        "tile/0/000/",
        "/tile/0/000",
        "tile/entries/",
        "tile/entries/0",
        "tile/data/000",
        "tile/0/x001/x002/x003/x004/x005/x006/x007/000",
        "tile/0/x999/x999/x999/x999/x999/x999/999",
        "tile/0/x000/272",
        "tile/0/x000/x001/000",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
    };
    txng_tile t;
    char      buf[TXNG_TILE_PATH_MAX];

    check_path(0, 1234067, 256, "tile/0/x001/x234/067");
    check_path(0, 1234067, 112, "tile/0/x001/x234/067.p/112");
    check_path(2, 0, 256, "tile/2/000");
    check_path(TXNG_TILE_ENTRIES, 273, 112, "tile/entries/273.p/112");
    check_path(63, 1000, 1, "tile/63/x001/000.p/1");
    check_path(7, UINT64_MAX / 256, 255, "tile/7/x072/x057/x594/x037/x927/935.p/255");
    check_path(0, UINT64_MAX, 256, "tile/0/x018/x446/x744/x073/x709/x551/615");
    check_path(0, UINT64_MAX - 615, 256, "tile/0/x018/x446/x744/x073/x709/x551/000");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ok(txng_tile_parse(&t, bad[i], strlen(bad[i])) == TXNG_EFORMAT, "refuse path \"%s\"",
           bad[i]);
    ok(txng_tile_parse(&t, NULL, 0) == TXNG_EFORMAT, "refuse a NULL path");
    /* The longest path fits. */
    t = (txng_tile){ TXNG_TILE_ENTRIES, UINT64_MAX / 256, 255 };
    txng_tile_path(buf, &t);
    ok(strlen(buf) < TXNG_TILE_PATH_MAX, "longest path %s fits", buf);
}

static void
test_levels(void)
{
    uint64_t full;
    unsigned part;

    txng_tiles_at_level(BIG, 0, &full, &part);
    ok(full == 273 && part == 112, "70000: level 0 has 273 full and width 112");
    txng_tiles_at_level(BIG, 1, &full, &part);
    ok(full == 1 && part == 17, "70000: level 1 has 1 full and width 17");
    txng_tiles_at_level(BIG, 2, &full, &part);
    ok(full == 0 && part == 1, "70000: level 2 has width 1");
    ok(txng_tiles_levels(BIG) == 3, "70000: 3 levels");
    txng_tiles_at_level(256, 0, &full, &part);
    ok(full == 1 && part == 0, "256: one full level 0 tile");
    txng_tiles_at_level(256, 1, &full, &part);
    ok(full == 0 && part == 1, "256: level 1 partial of width 1");
    ok(txng_tiles_levels(256) == 2 && txng_tiles_levels(255) == 1 && txng_tiles_levels(0) == 0 &&
           txng_tiles_levels(UINT64_MAX) == 8,
       "level counts of 256, 255, 0, 2^64-1");
    txng_tiles_at_level(UINT64_MAX, 7, &full, &part);
    ok(full == 0 && part == 255, "2^64-1: level 7 is a partial of width 255");
    txng_tiles_at_level(BIG, 8, &full, &part);
    ok(full == 0 && part == 0, "no level 8");
}

static void
test_vectors(void)
{
    const char  *dir = getenv("TXNG_VECTORS");
    char         path[4096];
    json_t      *root, *a;
    json_error_t e;
    size_t       i;
    json_t      *v;

    snprintf(path, sizeof path, "%s/tlog/tiles/tile_paths.json", dir ? dir : "");
    root = dir != NULL ? json_load_file(path, 0, &e) : NULL;
    if (root == NULL) {
        tap_skip(1, "tile_paths.json not found (TXNG_VECTORS)");
        return;
    }
    a = json_object_get(root, "index_encoding");
    json_array_foreach(a, i, v)
    {
        char      want[TXNG_TILE_PATH_MAX], got[TXNG_TILE_PATH_MAX];
        txng_tile t = { 0, (uint64_t) json_integer_value(json_object_get(v, "n")), 256 };

        snprintf(want, sizeof want, "tile/0/%s", json_string_value(json_object_get(v, "path")));
        txng_tile_path(got, &t);
        ok(strcmp(got, want) == 0, "vector: N %llu is %s", (unsigned long long) t.index, want);
    }
    a = json_object_get(root, "example_paths");
    json_array_foreach(a, i, v)
    {
        const json_t *w = json_object_get(v, "width");
        txng_tile     t = { json_is_true(json_object_get(v, "entries"))
                                ? TXNG_TILE_ENTRIES
                                : (int) json_integer_value(json_object_get(v, "level")),
                            (uint64_t) json_integer_value(json_object_get(v, "n")),
                            json_is_integer(w) ? (unsigned) json_integer_value(w) : 256 };
        const char   *want = json_string_value(json_object_get(v, "path"));
        char          got[TXNG_TILE_PATH_MAX];
        txng_tile     back;

        txng_tile_path(got, &t);
        ok(strcmp(got, want) == 0 && txng_tile_parse(&back, want, strlen(want)) == TXNG_OK &&
               back.level == t.level && back.index == t.index && back.width == t.width,
           "vector: path %s", want);
    }
    a = json_object_get(root, "tree_composition");
    json_array_foreach(a, i, v)
    {
        uint64_t size = (uint64_t) json_integer_value(json_object_get(v, "tree_size"));
        size_t   j;
        json_t  *lv, *levels = json_object_get(v, "tiles");

        ok(txng_tiles_levels(size) == json_array_size(levels), "vector: %llu has %zu levels",
           (unsigned long long) size, json_array_size(levels));
        json_array_foreach(levels, j, lv)
        {
            uint64_t full;
            unsigned part;
            unsigned l = (unsigned) json_integer_value(json_object_get(lv, "level"));

            txng_tiles_at_level(size, l, &full, &part);
            ok(full == (uint64_t) json_integer_value(json_object_get(lv, "full_tiles")) &&
                   part == (unsigned) json_integer_value(json_object_get(lv, "partial_width")),
               "vector: size %llu level %u: %llu full, width %u", (unsigned long long) size, l,
               (unsigned long long) full, part);
        }
    }
    json_decref(root);
}

/* ---- a real log of 70,000 records --------------------------------------------------------- */

static int    walk_count;
static char **walk_paths;
static size_t walk_prefix;

static int
walk_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st, (void) ftw;
    if (flag == FTW_F) {
        walk_paths             = realloc(walk_paths, (size_t) (walk_count + 1) * sizeof *walk_paths);
        walk_paths[walk_count] = strdup(path + walk_prefix);
        walk_count++;
    }
    return 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The files under @p dir, sorted, as one string joined by ' ' (level tiles only, no entries). */
static void
list_files(const char *dir)
{
    for (int i = 0; i < walk_count; i++)
        free(walk_paths[i]);
    free(walk_paths);
    walk_paths  = NULL;
    walk_count  = 0;
    walk_prefix = strlen(dir) + 1;
    nftw(dir, walk_file, 16, FTW_PHYS);
    qsort(walk_paths, (size_t) walk_count, sizeof *walk_paths, cmp_str);
}

static int
count_prefix(const char *prefix, bool partial)
{
    int n = 0;

    for (int i = 0; i < walk_count; i++)
        if (strncmp(walk_paths[i], prefix, strlen(prefix)) == 0 &&
            (strstr(walk_paths[i], ".p/") != NULL) == partial)
            n++;
    return n;
}

static bool
has_file(const char *rel)
{
    for (int i = 0; i < walk_count; i++)
        if (strcmp(walk_paths[i], rel) == 0)
            return true;
    return false;
}

/* RFC 6962 root of @p n (a power of two) hashes, folded pairwise here. */
static void
fold(unsigned char out[TXNG_HASH_BYTES], const unsigned char *hashes, size_t n)
{
    unsigned char *h = malloc(n * TXNG_HASH_BYTES);

    memcpy(h, hashes, n * TXNG_HASH_BYTES);
    for (; n > 1; n /= 2)
        for (size_t i = 0; i < n / 2; i++)
            txng_hash_node(h + i * TXNG_HASH_BYTES, h + 2 * i * TXNG_HASH_BYTES,
                           h + (2 * i + 1) * TXNG_HASH_BYTES);
    memcpy(out, h, TXNG_HASH_BYTES);
    free(h);
}

static bool
same_file_as_read(txng_log *log, const char *dir, const char *rel, uint64_t size)
{
    unsigned char *a = NULL, *b = NULL;
    size_t         alen, blen;
    char           p[4300];
    bool           same;

    snprintf(p, sizeof p, "%s/%s", dir, rel);
    same = read_all(p, &a, &alen) &&
           txng_tiles_read(log, size, rel, strlen(rel), &b, &blen) == TXNG_OK && alen == blen &&
           memcmp(a, b, alen) == 0;
    free(a);
    free(b);
    return same;
}

/* Flip one byte of @p rel at @p off; return the old byte. */
static unsigned char
flip(const char *dir, const char *rel, size_t off)
{
    char           p[4300];
    unsigned char *d;
    size_t         len;
    unsigned char  old;

    snprintf(p, sizeof p, "%s/%s", dir, rel);
    if (!read_all(p, &d, &len) || off >= len)
        abort();
    old = d[off];
    d[off] ^= 0x01;
    if (!write_all(p, d, len))
        abort();
    free(d);
    return old;
}

static txng_err
verify_dir(const char *dir, const txng_pubkey *key, txng_tiles_result *res, txng_diag *diag)
{
    struct folder f = { dir, TXNG_OK, NULL };

    *diag = (txng_diag) TXNG_DIAG_INIT;
    return txng_tiles_verify(key, fetch_folder, &f, NULL, NULL, res, diag);
}

static void
test_big(void)
{
    char              logdir[4200], out[4200], p[4300];
    txng_signer      *logkey = signer(ORIGIN, 1), *actor = signer("grower", 2);
    txng_log         *log;
    txng_tiles_stats  st;
    txng_tiles_result res;
    txng_diag         diag = TXNG_DIAG_INIT;
    txng_err          err;
    unsigned char    *tile = NULL, *data = NULL, *b = NULL;
    size_t            len, dlen, blen;
    bool              good;
    unsigned char     root[TXNG_HASH_BYTES];

    /* Memcheck makes the 70,000 signed appends alone take minutes (over 6 in
     * CI); the sanitizer build runs this test, and the smaller folders of the
     * other tests cover the same writer and verifier under valgrind. */
    if (RUNNING_ON_VALGRIND) {
        tap_skip(1, "the 70,000-record folder under valgrind");
        txng_signer_free(logkey);
        txng_signer_free(actor);
        return;
    }
    snprintf(logdir, sizeof logdir, "%s/big", tmp_root);
    snprintf(out, sizeof out, "%s/big-tiles", tmp_root);
    log = new_log(logdir, ORIGIN, logkey);
    enrol(log, logkey, actor, "grower");
    ticks(log, logkey, actor, 0, BIG - 2);

    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.old_size == 0 && st.size == BIG && st.files == 551 &&
           st.removed == 0,
       "write 70000: %s, %llu files", txng_strerror(err), (unsigned long long) st.files);
    list_files(out);
    ok(count_prefix("tile/0/", false) == 273 && count_prefix("tile/0/", true) == 1 &&
           has_file("tile/0/273.p/112"),
       "level 0: 273 full tiles and tile/0/273.p/112");
    ok(count_prefix("tile/1/", false) == 1 && count_prefix("tile/1/", true) == 1 &&
           has_file("tile/1/000") && has_file("tile/1/001.p/17"),
       "level 1: tile/1/000 and tile/1/001.p/17");
    ok(count_prefix("tile/2/", false) == 0 && count_prefix("tile/2/", true) == 1 &&
           has_file("tile/2/000.p/1"),
       "level 2: tile/2/000.p/1 only");
    ok(count_prefix("tile/entries/", false) == 273 && count_prefix("tile/entries/", true) == 1 &&
           has_file("tile/entries/273.p/112"),
       "entries: 273 full bundles and tile/entries/273.p/112");
    ok(walk_count == 552 && has_file("checkpoint") && count_prefix("tile/3/", false) == 0,
       "552 files in all, the checkpoint among them (%d)", walk_count);

    /* Contents, against values computed here from the records. */
    snprintf(p, sizeof p, "%s/tile/0/000", out);
    good = read_all(p, &tile, &len) && len == TXNG_TILE_BYTES;
    for (uint64_t i = 0; good && i < 256; i++) {
        char         *rec  = NULL;
        size_t        rlen = 0;
        unsigned char leaf[TXNG_HASH_BYTES];

        good = txng_log_get(log, i, &rec, &rlen) == TXNG_OK;
        if (good) {
            txng_hash_leaf(leaf, rec, rlen);
            good = memcmp(leaf, tile + i * TXNG_HASH_BYTES, TXNG_HASH_BYTES) == 0;
        }
        free(rec);
    }
    ok(good, "tile/0/000 holds the leaf hashes of records 0..255");
    fold(root, tile, 256);
    free(tile);
    tile = NULL;
    snprintf(p, sizeof p, "%s/tile/1/000", out);
    ok(read_all(p, &tile, &len) && len == TXNG_TILE_BYTES &&
           memcmp(tile, root, TXNG_HASH_BYTES) == 0,
       "tile/1/000 starts with the root of tile/0/000");
    free(tile);
    tile = NULL;
    snprintf(p, sizeof p, "%s/tile/entries/000", out);
    good = read_all(p, &data, &dlen);
    {
        char  *rec = NULL;
        size_t rlen = 0;

        good = good && txng_log_get(log, 0, &rec, &rlen) == TXNG_OK && dlen > 2 + rlen &&
               data[0] == (unsigned char) (rlen >> 8) && data[1] == (unsigned char) rlen &&
               memcmp(data + 2, rec, rlen) == 0;
        free(rec);
    }
    ok(good, "tile/entries/000 starts with a 2-byte length and record 0");
    free(data);

    /* txng_tiles_read serves the same bytes. */
    ok(same_file_as_read(log, out, "tile/0/000", 0) &&
           same_file_as_read(log, out, "tile/0/272", 0) &&
           same_file_as_read(log, out, "tile/0/273.p/112", BIG) &&
           same_file_as_read(log, out, "tile/1/001.p/17", 0) &&
           same_file_as_read(log, out, "tile/2/000.p/1", 0) &&
           same_file_as_read(log, out, "tile/entries/005", 0) &&
           same_file_as_read(log, out, "tile/entries/273.p/112", 0) &&
           same_file_as_read(log, out, "checkpoint", 0),
       "txng_tiles_read gives the bytes of the files");
    ok(txng_tiles_read(log, 0, "tile/0/273.p/5", 14, &b, &blen) == TXNG_OK && blen == 5 * 32 &&
           same_file_as_read(log, out, "tile/0/273.p/112", 0),
       "an older partial tile is served");
    if (b != NULL) {
        snprintf(p, sizeof p, "%s/tile/0/273.p/112", out);
        ok(read_all(p, &data, &dlen) && memcmp(data, b, blen) == 0,
           "and is a prefix of the newer one");
        free(data);
    } else {
        ok(0, "and is a prefix of the newer one");
    }
    free(b);
    b   = NULL;
    err = txng_tiles_read(log, 0, "tile/0/274", 10, &b, &blen);
    ok(err == TXNG_ENOTFOUND && b == NULL, "tile/0/274 is beyond the tree: %s",
       txng_strerror(err));
    err = txng_tiles_read(log, 0, "tile/0/273.p/113", 16, &b, &blen);
    ok(err == TXNG_ENOTFOUND, "tile/0/273.p/113 is beyond the tree");
    err = txng_tiles_read(log, 65536, "tile/1/000", 10, &b, &blen);
    ok(err == TXNG_OK && blen == TXNG_TILE_BYTES, "at size 65536, tile/1/000 is full");
    free(b);
    b   = NULL;
    err = txng_tiles_read(log, 65535, "tile/1/000", 10, &b, &blen);
    ok(err == TXNG_ENOTFOUND, "at size 65535, tile/1/000 is not yet full");
    err = txng_tiles_read(log, BIG + 1, "tile/0/000", 10, &b, &blen);
    ok(err == TXNG_ENOTFOUND, "a size past the log is not found");
    err = txng_tiles_read(log, 0, "tile/0/0", 8, &b, &blen);
    ok(err == TXNG_EFORMAT, "a bad path is refused");
    err = txng_tiles_read(log, 5, "checkpoint", 10, &b, &blen);
    ok(err == TXNG_ENOTFOUND, "no checkpoint is stored for size 5");
    ok(txng_tiles_read(NULL, 0, "checkpoint", 10, &b, &blen) == TXNG_EINVAL, "NULL log");

    /* Verify the folder; each check that reads the whole folder costs 70,000
     * Ed25519 verifications, so the first also builds a consistency proof. */
    {
        static const uint64_t olds[] = { 69999, 1, 256, 65536 };
        unsigned char         proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
        unsigned char         want[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
        size_t                n = 99, wn = 0;
        struct folder         f = { out, TXNG_OK, NULL };

        for (size_t i = 0; i < sizeof olds / sizeof olds[0]; i++) {
            bool same;

            diag = (txng_diag) TXNG_DIAG_INIT;
            err  = txng_tiles_verify_from(txng_signer_pubkey(logkey), fetch_folder, &f, NULL, NULL,
                                          olds[i], proof, &n, &res, &diag);
            same = err == TXNG_OK &&
                   txng_log_prove_consistency(log, olds[i], BIG, want, &wn) == TXNG_OK &&
                   n == wn && n > 0 && memcmp(proof, want, n * TXNG_HASH_BYTES) == 0;
            if (i == 0)
                ok(same && res.cp.size == BIG && res.keys == 2 && res.tiles == 551 &&
                       res.note != NULL && strcmp(res.cp.origin, ORIGIN) == 0,
                   "the folder verifies (%s %s %s), and the consistency proof from 69999 built "
                   "from the tiles equals the log's (%zu hashes)",
                   txng_strerror(err), diag.field, diag.reason ? diag.reason : "", n);
            else
                ok(same,
                   "consistency proof from %llu built from the tiles equals the log's (%zu "
                   "hashes)",
                   (unsigned long long) olds[i], n);
            free(res.note);
        }
    }

    /* Incremental: 200 more records fill tile 273 and start 274. */
    ticks(log, logkey, actor, BIG, 200);
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.old_size == BIG && st.size == BIG + 200 && st.files == 5 &&
           st.removed == 2,
       "second run: 5 files written, 2 partial tiles removed (%llu, %llu)",
       (unsigned long long) st.files, (unsigned long long) st.removed);
    list_files(out);
    ok(has_file("tile/0/273") && has_file("tile/0/274.p/56") && has_file("tile/entries/273") &&
           has_file("tile/entries/274.p/56") && has_file("tile/1/001.p/18") &&
           has_file("tile/1/001.p/17") && has_file("tile/2/000.p/1") &&
           !has_file("tile/0/273.p/112") && !has_file("tile/entries/273.p/112") &&
           walk_count == 552 + 5 - 2,
       "the new tiles are there, the superseded partials gone (%d files)", walk_count);
    snprintf(p, sizeof p, "%s/tile/0/273.p", out);
    ok(!exists(p), "the folder tile/0/273.p is gone");
    err = txng_tiles_write(log, out, 0, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.files == 0 && st.old_size == st.size, "third run writes nothing");
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_OK && res.cp.size == BIG + 200, "the grown folder verifies");
    free(res.note);

    /* Damage, one at a time, each undone. */
    snprintf(p, sizeof p, "%s/tile/0/001", out);
    {
        char moved[4400];

        snprintf(moved, sizeof moved, "%s.away", p);
        rename(p, moved);
        err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
        ok(err == TXNG_ENOTFOUND && strcmp(diag.field, "tile/0/001") == 0 &&
               strcmp(diag.reason, "missing") == 0,
           "missing tile: %s: %s", diag.field, diag.reason ? diag.reason : "");
        rename(moved, p);
    }
    {
        char src[4300], moved[4400];

        snprintf(src, sizeof src, "%s/tile/entries/002", out);
        snprintf(moved, sizeof moved, "%s.away", src);
        rename(src, moved);
        err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
        ok(err == TXNG_ENOTFOUND && strcmp(diag.field, "tile/entries/002") == 0,
           "missing bundle: %s: %s", diag.field, diag.reason ? diag.reason : "");
        rename(moved, src);
    }
    flip(out, "tile/1/000", 40);
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_ECHAIN && strcmp(diag.field, "tile/1/000") == 0 &&
           strcmp(diag.reason, "does not match the entries") == 0,
       "tampered level 1 tile: %s: %s", diag.field, diag.reason ? diag.reason : "");
    flip(out, "tile/1/000", 40);
    flip(out, "tile/0/274.p/56", 0);
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_ECHAIN && strcmp(diag.field, "tile/0/274.p/56") == 0,
       "tampered partial tile: %s", diag.field);
    flip(out, "tile/0/274.p/56", 0);
    {
        /* A byte inside record 5 * 256's signature. */
        snprintf(p, sizeof p, "%s/tile/entries/005", out);
        good = read_all(p, &data, &dlen);
        char *sig = good ? memmem(data, dlen, "\"sig\":\"", 7) : NULL;

        ok(sig != NULL, "found a signature in bundle 5");
        if (sig != NULL) {
            size_t        off = (size_t) ((unsigned char *) sig - data) + 10;
            unsigned char was = data[off];

            data[off] = was == 'A' ? 'B' : 'A';
            write_all(p, data, dlen);
            err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
            ok(err == TXNG_EBADSIG && diag.has_index && diag.index == 5 * 256 &&
                   strcmp(diag.field, "signatures/0/sig") == 0,
               "tampered signature in record 1280: %s, record %llu %s", txng_strerror(err),
               (unsigned long long) diag.index, diag.field);
            data[off] = was;
            write_all(p, data, dlen);
        }
        /* Cut the bundle short; then add a byte. */
        write_all(p, data, dlen - 1);
        err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
        ok(err == TXNG_EFORMAT && strcmp(diag.field, "tile/entries/005") == 0,
           "truncated bundle: %s: %s", diag.field, diag.reason ? diag.reason : "");
        data = realloc(data, dlen + 1);
        data[dlen] = 0;
        write_all(p, data, dlen + 1);
        err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
        ok(err == TXNG_EFORMAT && strcmp(diag.field, "tile/entries/005") == 0,
           "bundle with a trailing byte: %s: %s", diag.field, diag.reason ? diag.reason : "");
        write_all(p, data, dlen);
        free(data);
    }
    snprintf(p, sizeof p, "%s/tile/0/003", out);
    read_all(p, &data, &dlen);
    write_all(p, data, dlen - 32);
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_EFORMAT && strcmp(diag.field, "tile/0/003") == 0,
       "short level tile: %s: %s", diag.field, diag.reason ? diag.reason : "");
    write_all(p, data, dlen);
    free(data);
    {
        struct folder f = { out, TXNG_ESYS, "tile/entries/007" };

        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_verify(txng_signer_pubkey(logkey), fetch_folder, &f, NULL, NULL, &res,
                                 &diag);
        ok(err == TXNG_ESYS && strcmp(diag.field, "tile/entries/007") == 0 && res.note == NULL,
           "a fetch failure is passed on, naming the file");
        f    = (struct folder){ out, TXNG_EFULL, "tile/0/007" };
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_verify(txng_signer_pubkey(logkey), fetch_folder, &f, NULL, NULL, &res,
                                 &diag);
        ok(err == TXNG_EFULL && strcmp(diag.field, "tile/0/007") == 0, "an oversized tile");
        f    = (struct folder){ out, TXNG_EFULL, "checkpoint" };
        err  = txng_tiles_verify(txng_signer_pubkey(logkey), fetch_folder, &f, NULL, NULL, &res,
                                 &diag);
        ok(err == TXNG_EFULL, "an oversized checkpoint");
        f    = (struct folder){ out, TXNG_ESYS, "checkpoint" };
        err  = txng_tiles_verify(txng_signer_pubkey(logkey), fetch_folder, &f, NULL, NULL, &res,
                                 &diag);
        ok(err == TXNG_ESYS && strcmp(diag.field, "checkpoint") == 0,
           "an unreachable checkpoint");
    }
    {
        txng_signer *other = signer(ORIGIN, 9);

        err = verify_dir(out, txng_signer_pubkey(other), &res, &diag);
        ok(err == TXNG_EBADSIG && strncmp(diag.field, ORIGIN "+", strlen(ORIGIN) + 1) == 0,
           "another key of the same name: %s: %s", diag.field, diag.reason ? diag.reason : "");
        txng_signer_free(other);
    }
    snprintf(p, sizeof p, "%s/checkpoint", out);
    {
        char moved[4400];

        snprintf(moved, sizeof moved, "%s.away", p);
        rename(p, moved);
        err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
        ok(err == TXNG_ENOTFOUND && strcmp(diag.field, "checkpoint") == 0, "no checkpoint");
        rename(moved, p);
    }
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_OK, "the folder verifies again once every damage is undone");
    free(res.note);
    ok(txng_tiles_verify(NULL, fetch_folder, NULL, NULL, NULL, &res, &diag) == TXNG_EINVAL,
       "NULL key");

    txng_log_close(log);
    rm_rf(logdir);
    rm_rf(out);
    txng_signer_free(logkey);
    txng_signer_free(actor);
}

/* ---- refusals of the writer --------------------------------------------------------------- */

static txng_log *
small_log(const char *name, const char *origin, const txng_signer *logkey,
          const txng_signer *actor, size_t n, uint64_t first)
{
    char      dir[4200];
    txng_log *log;

    snprintf(dir, sizeof dir, "%s/%s", tmp_root, name);
    log = new_log(dir, origin, logkey);
    enrol(log, logkey, actor, "grower");
    ticks(log, logkey, actor, first, n);
    return log;
}

static void
test_writer_refusals(void)
{
    txng_signer     *key = signer(ORIGIN, 1), *key2 = signer(ORIGIN, 3);
    txng_signer     *okey = signer("example.org/other", 4), *actor = signer("grower", 2);
    txng_log        *a   = small_log("wa", ORIGIN, key, actor, 10, 0);
    txng_log        *a2  = small_log("wa2", ORIGIN, key, actor, 10, 1000); /* a fork of a */
    txng_log        *big = small_log("wbig", ORIGIN, key, actor, 20, 0);
    txng_log        *k2  = small_log("wk2", ORIGIN, key2, actor, 10, 0);
    txng_log        *o   = small_log("wo", "example.org/other", okey, actor, 10, 0);
    txng_tiles_stats st;
    txng_diag        diag = TXNG_DIAG_INIT;
    txng_err         err;
    char             out[4200], p[4300];

    snprintf(out, sizeof out, "%s/w-tiles", tmp_root);
    ok(txng_tiles_write(a, out, 0, NULL, NULL, &st, &diag) == TXNG_OK && st.size == 12,
       "write a small log (synced)");
    err = txng_tiles_write(o, out, 0, NULL, NULL, &st, &diag);
    ok(err == TXNG_EBADSIG && strcmp(diag.field, "checkpoint") == 0,
       "a log with another key: %s: %s", txng_strerror(err), diag.reason ? diag.reason : "");
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_tiles_write(k2, out, 0, NULL, NULL, &st, &diag);
    ok(err == TXNG_EBADSIG, "same origin, another key: %s", txng_strerror(err));
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_tiles_write(a2, out, 0, NULL, NULL, &st, &diag);
    ok(err == TXNG_EFORK && strcmp(diag.field, "checkpoint") == 0,
       "same key, other records: %s: %s", txng_strerror(err), diag.reason ? diag.reason : "");
    diag = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_tiles_write(big, out, 0, NULL, NULL, &st, &diag) == TXNG_OK && st.old_size == 12 &&
           st.size == 22,
       "a log that extends the folder's tree brings it forward");
    /* A bigger folder and a smaller log. */
    {
        char out2[4300];

        snprintf(out2, sizeof out2, "%s/w-tiles-big", tmp_root);
        ok(txng_tiles_write(big, out2, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag) == TXNG_OK,
           "write the bigger log");
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_write(a, out2, 0, NULL, NULL, &st, &diag);
        ok(err == TXNG_EFORK && strcmp(diag.field, "checkpoint") == 0,
           "the folder is ahead of the log: %s", diag.reason ? diag.reason : "");
        rm_rf(out2);
    }
    /* Another origin's folder. */
    {
        char out3[4300];

        snprintf(out3, sizeof out3, "%s/w-tiles-o", tmp_root);
        ok(txng_tiles_write(o, out3, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag) == TXNG_OK,
           "write another origin's log");
        /* Its checkpoint is signed by its own key, so the origin check is reached only
         * for a note our key signs: sign the other origin with the log key. */
        txng_checkpoint cp = { "example.org/other", 1, { 0 } };
        char           *text = NULL, *note = NULL;
        size_t          tlen = 0, nlen = 0;

        ok(txng_checkpoint_format(&cp, &text, &tlen) == TXNG_OK &&
               txng_note_sign(&note, &nlen, text, tlen, key) == TXNG_OK,
           "sign a checkpoint of another origin with the log key");
        snprintf(p, sizeof p, "%.4000s/checkpoint", out3);
        write_all(p, note, nlen);
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_write(a, out3, 0, NULL, NULL, &st, &diag);
        ok(err == TXNG_EEXIST && strcmp(diag.field, "checkpoint") == 0,
           "a folder of another origin: %s", diag.reason ? diag.reason : "");
        free(text);
        free(note);
        write_all(p, "not a note\n", 11);
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_write(a, out3, 0, NULL, NULL, &st, &diag);
        ok(err == TXNG_EFORMAT && strcmp(diag.field, "checkpoint") == 0,
           "a folder whose checkpoint is not a note");
        write_all(p, "", 0);
        ok(txng_tiles_write(a, out3, 0, NULL, NULL, &st, &diag) == TXNG_EFORMAT,
           "an empty checkpoint file");
        rm_rf(out3);
    }
    /* The folder cannot be made: a file is in the way. */
    snprintf(p, sizeof p, "%s/a-file", tmp_root);
    write_all(p, "x", 1);
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_tiles_write(a, p, 0, NULL, NULL, &st, &diag);
    ok(err == TXNG_ESYS, "a file where the folder should be: %s", txng_strerror(err));
    {
        char under[4400];

        snprintf(under, sizeof under, "%s/a-file/x", tmp_root);
        ok(txng_tiles_write(a, under, 0, NULL, NULL, &st, &diag) == TXNG_ESYS,
           "a folder under a file");
    }
    /* A tile path blocked by a file named like a folder. */
    {
        char out4[4300], blocker[4400];

        snprintf(out4, sizeof out4, "%s/w-tiles-blocked", tmp_root);
        mkdir(out4, 0755);
        snprintf(blocker, sizeof blocker, "%s/tile", out4);
        write_all(blocker, "x", 1);
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_write(a, out4, 0, NULL, NULL, &st, &diag);
        ok(err == TXNG_ESYS && strncmp(diag.field, "tile/", 5) == 0,
           "a blocked tile path names the file (%s) and writes no checkpoint", diag.field);
        snprintf(blocker, sizeof blocker, "%s/checkpoint", out4);
        ok(!exists(blocker), "no checkpoint was written");
        rm_rf(out4);
    }
    /* A record too long for an entry (2-byte length). */
    {
        char          *text = malloc(70001), out5[4300];
        json_t        *ev;
        unsigned char *b = NULL;
        size_t         blen;

        memset(text, 'a', 70000);
        text[70000] = '\0';
        ev = json_pack("{s:s, s:s}", "type", "example:Long", "text", text);
        ok(txng_log_append_as(a, key, actor, &ev, 1, T0 + 90, NULL, NULL) == TXNG_OK,
           "append a record of 70,000 bytes");
        snprintf(out5, sizeof out5, "%s/w-tiles-long", tmp_root);
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_tiles_write(a, out5, 0, NULL, NULL, &st, &diag);
        snprintf(p, sizeof p, "%.4000s/checkpoint", out5);
        ok(err == TXNG_EFULL && diag.has_index && diag.index == 12 && !exists(p),
           "a record longer than 65535 bytes: %s at record %llu, no checkpoint written",
           txng_strerror(err), (unsigned long long) diag.index);
        ok(txng_tiles_read(a, 0, "tile/entries/000.p/13", 21, &b, &blen) == TXNG_EFULL &&
               b == NULL,
           "and its bundle cannot be read");
        ok(txng_tiles_read(a, 0, "tile/0/000.p/13", 15, &b, &blen) == TXNG_OK &&
               blen == 13 * 32,
           "its level tile can");
        free(b);
        json_decref(ev);
        free(text);
        rm_rf(out5);
    }
    ok(txng_tiles_write(NULL, out, 0, NULL, NULL, &st, &diag) == TXNG_EINVAL &&
           txng_tiles_write(a, "", 0, NULL, NULL, &st, &diag) == TXNG_EINVAL,
       "NULL log, empty folder name");
    rm_rf(out);
    txng_log_close(a);
    txng_log_close(a2);
    txng_log_close(big);
    txng_log_close(k2);
    txng_log_close(o);
    txng_signer_free(key);
    txng_signer_free(key2);
    txng_signer_free(okey);
    txng_signer_free(actor);
}

/* ---- trees built by hand: the verifier's key-state rules ---------------------------------- */

#define MAXREC 16

struct craft {
    char          *rec[MAXREC];
    size_t         len[MAXREC];
    size_t         n;
    unsigned char  prev[TXNG_HASH_BYTES];
    unsigned char *bundle, *tile;
    size_t         bundle_len, tile_len;
    char          *note;
    size_t         note_len;
    char           bpath[TXNG_TILE_PATH_MAX], tpath[TXNG_TILE_PATH_MAX];
};

/* Sign @p ev (JSON text) with @p signers and add it as the next record. */
static void
craft_add(struct craft *c, const char *ev_text, txng_signer *const *signers, size_t ns)
{
    json_t *ev = json_loads(ev_text, 0, NULL), *se = NULL, *cur = ev;

    if (ev == NULL)
        abort();
    for (size_t i = 0; i < ns; i++) {
        if (txng_event_sign(&se, cur, signers[i], NULL) != TXNG_OK)
            abort();
        if (cur != ev)
            json_decref(cur);
        cur = se;
    }
    if (txng_record_encode(&c->rec[c->n], &c->len[c->n], json_object_get(cur, "event"),
                           json_object_get(cur, "signatures"), c->n, c->n ? c->prev : NULL,
                           T0) != TXNG_OK)
        abort();
    txng_hash_leaf(c->prev, c->rec[c->n], c->len[c->n]);
    c->n++;
    json_decref(cur);
    json_decref(ev);
}

/* Genesis of ORIGIN naming @p named, signed by @p by. */
static void
craft_genesis(struct craft *c, const txng_signer *named, txng_signer *by)
{
    char vkey[TXNG_VKEY_MAX], text[512];

    txng_pubkey_format(txng_signer_pubkey(named), vkey);
    snprintf(text, sizeof text, "{\"type\":\"txng:Genesis\",\"origin\":\"%s\",\"key\":\"%s\"}",
             ORIGIN, vkey);
    craft_add(c, text, &by, 1);
}

static void
craft_enrol(struct craft *c, const txng_signer *k, const char *role, txng_signer *by)
{
    char vkey[TXNG_VKEY_MAX], text[512];

    txng_pubkey_format(txng_signer_pubkey(k), vkey);
    snprintf(text, sizeof text, "{\"type\":\"txng:KeyEnrol\",\"key\":\"%s\",\"role\":\"%s\"}",
             vkey, role);
    craft_add(c, text, &by, 1);
}

static void
craft_revoke(struct craft *c, const txng_signer *k, txng_signer *by)
{
    char ref[TXNG_KEYREF_MAX], text[512];

    txng_pubkey_ref(txng_signer_pubkey(k), ref);
    snprintf(text, sizeof text, "{\"type\":\"txng:KeyRevoke\",\"key\":\"%s\"}", ref);
    craft_add(c, text, &by, 1);
}

/* Build the bundle, the level-0 tile and the checkpoint (origin @p origin) signed by @p key. */
static void
craft_finish(struct craft *c, const char *origin, const txng_signer *key)
{
    txng_merkle_range r;
    txng_checkpoint   cp;
    char             *text = NULL;
    size_t            tlen;
    txng_tile         t = { TXNG_TILE_ENTRIES, 0, (unsigned) c->n };

    txng_merkle_range_init(&r);
    c->bundle = malloc(16 + MAXREC * 70000);
    c->tile   = malloc(MAXREC * TXNG_HASH_BYTES);
    c->bundle_len = c->tile_len = 0;
    for (size_t i = 0; i < c->n; i++) {
        c->bundle[c->bundle_len++] = (unsigned char) (c->len[i] >> 8);
        c->bundle[c->bundle_len++] = (unsigned char) c->len[i];
        memcpy(c->bundle + c->bundle_len, c->rec[i], c->len[i]);
        c->bundle_len += c->len[i];
        txng_hash_leaf(c->tile + c->tile_len, c->rec[i], c->len[i]);
        txng_merkle_range_push(&r, c->tile + c->tile_len, NULL, NULL);
        c->tile_len += TXNG_HASH_BYTES;
    }
    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "%s", origin);
    cp.size = c->n;
    txng_merkle_range_root(&r, cp.root);
    if (txng_checkpoint_format(&cp, &text, &tlen) != TXNG_OK ||
        txng_note_sign(&c->note, &c->note_len, text, tlen, key) != TXNG_OK)
        abort();
    free(text);
    txng_tile_path(c->bpath, &t);
    t.level = 0;
    txng_tile_path(c->tpath, &t);
}

static void
craft_free(struct craft *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->rec[i]);
    free(c->bundle);
    free(c->tile);
    free(c->note);
    memset(c, 0, sizeof *c);
}

static txng_err
fetch_craft(void *ctx, const char *path, size_t max, unsigned char **out, size_t *len)
{
    struct craft        *c = ctx;
    const unsigned char *src;
    size_t               n;

    if (strcmp(path, "checkpoint") == 0) {
        src = (const unsigned char *) c->note;
        n   = c->note_len;
    } else if (strcmp(path, c->bpath) == 0) {
        src = c->bundle;
        n   = c->bundle_len;
    } else if (strcmp(path, c->tpath) == 0) {
        src = c->tile;
        n   = c->tile_len;
    } else {
        return TXNG_ENOTFOUND;
    }
    if (n > max)
        return TXNG_EFULL;
    *out = malloc(n + 1);
    memcpy(*out, src, n);
    *len = n;
    return TXNG_OK;
}

static txng_err
craft_verify(struct craft *c, const txng_signer *trust, txng_diag *diag, uint64_t *keys)
{
    txng_tiles_result res;
    txng_err          err;

    *diag = (txng_diag) TXNG_DIAG_INIT;
    err   = txng_tiles_verify(txng_signer_pubkey(trust), fetch_craft, c, NULL, NULL, &res, diag);
    if (keys != NULL)
        *keys = res.keys;
    free(res.note);
    return err;
}

/* Expect @p want at record @p index with reason @p reason. */
static void
expect(struct craft *c, const txng_signer *trust, txng_err want, uint64_t index,
       const char *reason, const char *what)
{
    txng_diag diag;
    txng_err  err = craft_verify(c, trust, &diag, NULL);

    ok(err == want && diag.has_index && diag.index == index && diag.reason != NULL &&
           strcmp(diag.reason, reason) == 0,
       "%s: %s at record %llu: %s", what, txng_strerror(err), (unsigned long long) diag.index,
       diag.reason ? diag.reason : "(none)");
}

static void
test_crafted(void)
{
    txng_signer *logkey = signer(ORIGIN, 1), *admin = signer("admin", 5);
    txng_signer *alice = signer("alice", 6), *bob = signer("bob", 7), *eve = signer(ORIGIN, 8);
    struct craft c = { 0 };
    txng_diag    diag;
    txng_err     err;
    uint64_t     keys = 0;
    const char  *tick = "{\"type\":\"example:Tick\"}";

    /* A good tree: genesis, admin, alice by admin, alice signs, revoke alice, bob by log. */
    craft_genesis(&c, logkey, logkey);
    craft_enrol(&c, admin, "admin", logkey);
    craft_enrol(&c, alice, "grower", admin);
    craft_add(&c, tick, (txng_signer *[]){ alice }, 1);
    craft_add(&c, "{\"type\":\"example:Two\"}", (txng_signer *[]){ alice, admin }, 2);
    craft_revoke(&c, alice, admin);
    craft_enrol(&c, bob, "grower", logkey);
    craft_finish(&c, ORIGIN, logkey);
    err = craft_verify(&c, logkey, &diag, &keys);
    ok(err == TXNG_OK && keys == 4, "a hand-built tree of 7 records verifies (%s, %s)",
       txng_strerror(err), diag.reason ? diag.reason : "");
    /* The same tree, damaged in the tile or the checkpoint. */
    c.tile[3] ^= 1;
    err = craft_verify(&c, logkey, &diag, NULL);
    ok(err == TXNG_ECHAIN && strcmp(diag.field, "tile/0/000.p/7") == 0,
       "damaged partial tile: %s", diag.field);
    c.tile[3] ^= 1;
    c.bundle_len--;
    err = craft_verify(&c, logkey, &diag, NULL);
    ok(err == TXNG_EFORMAT && strcmp(diag.field, "tile/entries/000.p/7") == 0,
       "bundle cut in its last entry");
    c.bundle_len++;
    err = craft_verify(&c, eve, &diag, NULL);
    ok(err == TXNG_EBADSIG && strncmp(diag.field, ORIGIN "+", strlen(ORIGIN) + 1) == 0 &&
           diag.value_name != NULL && strlen(diag.value) == 8,
       "a key of the same name that did not sign: %s: %s (%s)", diag.field,
       diag.reason ? diag.reason : "", diag.value);
    craft_free(&c);

    /* Root of the checkpoint differs from the entries: sign a checkpoint with a wrong root. */
    craft_genesis(&c, logkey, logkey);
    craft_finish(&c, ORIGIN, logkey);
    {
        txng_checkpoint cp = { ORIGIN, 1, { 1, 2, 3 } };
        char           *text = NULL;
        size_t          tlen;

        free(c.note);
        c.note = NULL;
        if (txng_checkpoint_format(&cp, &text, &tlen) != TXNG_OK ||
            txng_note_sign(&c.note, &c.note_len, text, tlen, logkey) != TXNG_OK)
            abort();
        free(text);
    }
    err = craft_verify(&c, logkey, &diag, NULL);
    ok(err == TXNG_ECHAIN, "a checkpoint whose root is not the entries': %s / %s", diag.field,
       diag.reason ? diag.reason : "");
    craft_free(&c);

    /* An origin that is not the key's name. */
    craft_genesis(&c, logkey, logkey);
    craft_finish(&c, "example.org/elsewhere", logkey);
    err = craft_verify(&c, logkey, &diag, NULL);
    ok(err == TXNG_EBADSIG &&
           strcmp(diag.reason, "the checkpoint is of this log, the key given is of another log: "
                               "give the verifier key of this log") == 0 &&
           strcmp(diag.field, "example.org/elsewhere") == 0 &&
           strncmp(diag.value, ORIGIN "+", strlen(ORIGIN) + 1) == 0,
       "a checkpoint of another origin signed by the key: %s: %s (key given: %s)", diag.field,
       diag.reason ? diag.reason : "", diag.value);
    craft_free(&c);

    /* The empty tree. */
    craft_finish(&c, ORIGIN, logkey);
    err = craft_verify(&c, logkey, &diag, &keys);
    ok(err == TXNG_OK && keys == 0, "the empty tree verifies with no fetch but the checkpoint");
    craft_free(&c);

    /* Genesis refusals. */
    craft_add(&c, tick, &logkey, 1);
    craft_finish(&c, ORIGIN, logkey);
    expect(&c, logkey, TXNG_ECHAIN, 0, "record 0 is not the genesis of this log", "no genesis");
    craft_free(&c);
    craft_genesis(&c, eve, eve);
    craft_finish(&c, ORIGIN, logkey);
    expect(&c, logkey, TXNG_EBADSIG, 0, "the genesis key is not the trusted key",
           "genesis of another key");
    craft_free(&c);
    craft_genesis(&c, logkey, admin);
    craft_finish(&c, ORIGIN, logkey);
    expect(&c, logkey, TXNG_EBADSIG, 0, "the genesis is not signed by the log key",
           "genesis signed by another key");
    craft_free(&c);
    {
        /* A genesis whose signature names the log key but is another's. */
        char vkey[TXNG_VKEY_MAX], text[512];

        txng_pubkey_format(txng_signer_pubkey(logkey), vkey);
        snprintf(text, sizeof text,
                 "{\"type\":\"txng:Genesis\",\"origin\":\"%s\",\"key\":\"%s\"}", ORIGIN, vkey);
        craft_add(&c, text, &eve, 1); /* eve has the log key's name, not its key */
        craft_finish(&c, ORIGIN, logkey);
        expect(&c, logkey, TXNG_EBADSIG, 0, "the genesis is not signed by the log key",
               "genesis signed by a key of the same name");
        craft_free(&c);
    }
    craft_genesis(&c, logkey, logkey);
    craft_genesis(&c, logkey, logkey);
    craft_finish(&c, ORIGIN, logkey);
    expect(&c, logkey, TXNG_EFORMAT, 1, "only record 0 may be a genesis", "a second genesis");
    craft_free(&c);

    /* Signatures and the key state. */
    struct {
        const char *what;
        int         kind; /* 0 tick by alice, 1 enrol bob by alice, 2 revoke bob by admin,
                             3 revoke log key, 4 revoke alice twice, 5 re-enrol alice,
                             6 tick by revoked alice, 7 revoke by alice */
        txng_err    err;
        const char *reason;
    } cases[] = {
        { "unknown signer", 0, TXNG_EBADSIG, "signed by an unknown key" },
        { "enrolment by a grower", 1, TXNG_EPERM, "only the log key or an admin key may enrol keys" },
        { "revocation of an unknown key", 2, TXNG_ENOTFOUND, "no such key to revoke" },
        { "revocation of the log key", 3, TXNG_EPERM, "the log key cannot be revoked" },
        { "second revocation", 4, TXNG_EEXIST, "key is already revoked" },
        { "name taken", 5, TXNG_EEXIST, "key name is already taken" },
        { "signature by a revoked key", 6, TXNG_EPERM, "signed by a revoked key" },
        { "revocation by a grower", 7, TXNG_EPERM, "only the log key or an admin key may revoke keys" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t at;

        craft_genesis(&c, logkey, logkey);
        craft_enrol(&c, admin, "admin", logkey);
        switch (cases[i].kind) {
        case 0:
            craft_add(&c, tick, &alice, 1);
            break;
        case 1:
            craft_enrol(&c, alice, "grower", admin);
            craft_enrol(&c, bob, "grower", alice);
            break;
        case 2:
            craft_revoke(&c, bob, admin);
            break;
        case 3:
            craft_revoke(&c, logkey, admin);
            break;
        case 4:
            craft_enrol(&c, alice, "grower", admin);
            craft_revoke(&c, alice, admin);
            craft_revoke(&c, alice, admin);
            break;
        case 5:
            craft_enrol(&c, alice, "grower", admin);
            craft_enrol(&c, alice, "grower", admin);
            break;
        case 6:
            craft_enrol(&c, alice, "grower", admin);
            craft_revoke(&c, alice, admin);
            craft_add(&c, tick, &alice, 1);
            break;
        default:
            craft_enrol(&c, alice, "grower", admin);
            craft_enrol(&c, bob, "grower", admin);
            craft_revoke(&c, bob, alice);
            break;
        }
        at = c.n - 1;
        craft_finish(&c, ORIGIN, logkey);
        expect(&c, logkey, cases[i].err, at, cases[i].reason, cases[i].what);
        craft_free(&c);
    }

    /* Malformed key events (txng_record_encode takes them: the log's rules refuse them). */
    struct {
        const char *what, *event, *reason;
    } bad[] = {
        { "enrolment with an extra member",
          "{\"type\":\"txng:KeyEnrol\",\"key\":\"x\",\"role\":\"grower\",\"extra\":1}",
          "a key enrolment has exactly type, key and role" },
        { "enrolment of a bad key", "{\"type\":\"txng:KeyEnrol\",\"key\":\"x+1+2\",\"role\":\"grower\"}",
          "key ID is not 8 lower-case hex digits" },
        { "revocation with a number", "{\"type\":\"txng:KeyRevoke\",\"key\":5}",
          "a key revocation has exactly type, key and an optional reason" },
        { "revocation of a bad reference", "{\"type\":\"txng:KeyRevoke\",\"key\":\"nobody\"}",
          "key is not NAME+KEYID" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        craft_genesis(&c, logkey, logkey);
        craft_add(&c, bad[i].event, &logkey, 1);
        craft_finish(&c, ORIGIN, logkey);
        expect(&c, logkey, TXNG_EFORMAT, 1, bad[i].reason, bad[i].what);
        craft_free(&c);
    }
    {
        char vkey[TXNG_VKEY_MAX], text[512];

        txng_pubkey_format(txng_signer_pubkey(alice), vkey);
        snprintf(text, sizeof text, "{\"type\":\"txng:KeyEnrol\",\"key\":\"%s\",\"role\":\"Log\"}",
                 vkey);
        craft_genesis(&c, logkey, logkey);
        craft_add(&c, text, &logkey, 1);
        craft_finish(&c, ORIGIN, logkey);
        expect(&c, logkey, TXNG_EFORMAT, 1, "role must be a lower-case word", "a bad role");
        craft_free(&c);
    }

    /* Records out of place, or not canonical, or with a forged signature. */
    craft_genesis(&c, logkey, logkey);
    craft_add(&c, tick, &logkey, 1);
    craft_finish(&c, ORIGIN, logkey);
    {
        /* Swap in a record encoded at index 5. */
        json_t *ev = json_loads(tick, 0, NULL), *se = NULL;
        char   *bytes;
        size_t  blen;

        if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
            txng_record_encode(&bytes, &blen, json_object_get(se, "event"),
                               json_object_get(se, "signatures"), 5, c.prev, T0) != TXNG_OK)
            abort();
        free(c.rec[1]);
        c.rec[1] = bytes;
        c.len[1] = blen;
        free(c.bundle);
        free(c.tile);
        free(c.note);
        craft_finish(&c, ORIGIN, logkey);
        expect(&c, logkey, TXNG_ECHAIN, 1, "record index does not match its position",
               "a record at the wrong index");
        /* The right index, a wrong prev. */
        free(c.rec[1]);
        if (txng_record_encode(&bytes, &blen, json_object_get(se, "event"),
                               json_object_get(se, "signatures"), 1,
                               (const unsigned char *) "01234567890123456789012345678901",
                               T0) != TXNG_OK)
            abort();
        c.rec[1] = bytes;
        c.len[1] = blen;
        free(c.bundle);
        free(c.tile);
        free(c.note);
        craft_finish(&c, ORIGIN, logkey);
        expect(&c, logkey, TXNG_ECHAIN, 1, "prev is not the hash of the previous record",
               "a broken prev link");
        json_decref(se);
        json_decref(ev);
    }
    craft_free(&c);
    craft_genesis(&c, logkey, logkey);
    craft_add(&c, tick, &logkey, 1);
    {
        /* Not canonical: a space after the first brace. */
        char *spaced = malloc(c.len[1] + 2);

        spaced[0] = '{';
        spaced[1] = ' ';
        memcpy(spaced + 2, c.rec[1] + 1, c.len[1] - 1);
        free(c.rec[1]);
        c.rec[1] = spaced;
        c.len[1]++;
    }
    craft_finish(&c, ORIGIN, logkey);
    err = craft_verify(&c, logkey, &diag, NULL);
    ok(err == TXNG_EFORMAT && diag.has_index && diag.index == 1, "a record not canonical: %s",
       diag.reason ? diag.reason : "");
    craft_free(&c);
    craft_genesis(&c, logkey, logkey);
    craft_add(&c, tick, &logkey, 1);
    {
        /* Same record with the signature of another event. */
        char *sig = strstr(c.rec[1], "\"sig\":\"");
        json_t *ev = json_loads("{\"type\":\"example:Other\"}", 0, NULL), *se = NULL;

        if (sig == NULL || txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK)
            abort();
        memcpy(sig + 7, json_string_value(json_object_get(json_array_get(json_object_get(se, "signatures"), 0), "sig")), 88);
        json_decref(se);
        json_decref(ev);
    }
    craft_finish(&c, ORIGIN, logkey);
    expect(&c, logkey, TXNG_EBADSIG, 1, "signature does not verify", "a forged signature");
    craft_free(&c);

    txng_signer_free(logkey);
    txng_signer_free(admin);
    txng_signer_free(alice);
    txng_signer_free(bob);
    txng_signer_free(eve);
}


/* Flip one byte of @p path in place, keeping its length. */
static void
flip_byte(const char *path, long off)
{
    FILE *f = fopen(path, "r+b");
    int   c;

    if (f == NULL)
        return;
    fseek(f, off, SEEK_SET);
    c = fgetc(f);
    fseek(f, off, SEEK_SET);
    fputc(c ^ 0x55, f);
    fclose(f);
}

/* Tiles of an earlier run that went missing or bad are written again. */
static void
test_repair(void)
{
    char              logdir[4200], out[4200], p[4300];
    txng_signer      *logkey = signer(ORIGIN, 1), *actor = signer("grower", 2);
    txng_log         *log;
    txng_tiles_stats  st;
    txng_tiles_result res;
    txng_diag         diag = TXNG_DIAG_INIT;
    txng_err          err;
    FILE             *f;

    snprintf(logdir, sizeof logdir, "%s/repair", tmp_root);
    snprintf(out, sizeof out, "%s/repair-tiles", tmp_root);
    log = new_log(logdir, ORIGIN, logkey);
    enrol(log, logkey, actor, "grower");
    ticks(log, logkey, actor, 0, 600 - 2);
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.size == 600 && st.files == 7 && st.repaired == 0,
       "repair: first run writes 7 files, repairs none (%llu)", (unsigned long long) st.files);

    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.files == 0 && st.repaired == 0, "repair: an intact folder: nothing");

    snprintf(p, sizeof p, "%s/tile/0/001", out);
    unlink(p);
    snprintf(p, sizeof p, "%s/tile/entries/000", out);
    unlink(p);
    snprintf(p, sizeof p, "%s/tile/1/000.p/2", out);
    unlink(p);
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.repaired == 3 && st.files == 3 && st.bytes > 0,
       "repair: 3 deleted tiles written again (%llu)", (unsigned long long) st.repaired);
    snprintf(p, sizeof p, "%s/tile/entries/000", out);
    ok(exists(p), "repair: tile/entries/000 is back");
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_OK && res.cp.size == 600, "repair: the folder verifies again");
    free(res.note);
    {
        unsigned char proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
        size_t        n = 99;
        struct folder fo = { out, TXNG_OK, NULL };

        err = txng_tiles_verify_from(txng_signer_pubkey(logkey), fetch_folder, &fo, NULL, NULL,
                                     600, proof, &n, &res, &diag);
        free(res.note);
        ok(err == TXNG_OK && n == 0, "no consistency proof from the same size");
        n   = 99;
        err = txng_tiles_verify_from(txng_signer_pubkey(logkey), fetch_folder, &fo, NULL, NULL,
                                     601, proof, &n, &res, &diag);
        free(res.note);
        ok(err == TXNG_OK && n == 0, "no consistency proof from a larger size");
        ok(txng_tiles_verify_from(txng_signer_pubkey(logkey), fetch_folder, &fo, NULL, NULL, 5,
                                  NULL, &n, &res, &diag) == TXNG_EINVAL,
           "no room for the proof");
    }

    /* A hash tile of the wrong length: found by its size. */
    snprintf(p, sizeof p, "%s/tile/0/000", out);
    if ((f = fopen(p, "ab")) != NULL) {
        fputc('x', f);
        fclose(f);
    }
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.repaired == 1, "repair: a hash tile one byte too long");

    /* Same length, other bytes: only a check of the bytes finds it. */
    snprintf(p, sizeof p, "%s/tile/entries/001", out);
    flip_byte(p, 10);
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.repaired == 0, "repair: a changed byte passes the size check");
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC | TXNG_TILES_CHECK, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.repaired == 1 && st.files == 1, "repair: --check finds it");
    err = txng_tiles_write(log, out, TXNG_TILES_NOSYNC | TXNG_TILES_CHECK, NULL, NULL, &st, &diag);
    ok(err == TXNG_OK && st.repaired == 0, "repair: --check of a good folder writes nothing");
    err = verify_dir(out, txng_signer_pubkey(logkey), &res, &diag);
    ok(err == TXNG_OK, "repair: the folder verifies after --check");
    free(res.note);

    /* A tile that cannot be written again: the error names it. */
    snprintf(p, sizeof p, "%s/tile/0/000", out);
    unlink(p);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/tile/0/000/x", out);
    if ((f = fopen(p, "wb")) != NULL)
        fclose(f);
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_tiles_write(log, out, TXNG_TILES_NOSYNC, NULL, NULL, &st, &diag);
    ok(err == TXNG_ESYS && strcmp(diag.field, "tile/0/000") == 0,
       "repair: a folder in the way of a tile: ESYS naming it (%s, %s)", txng_strerror(err),
       diag.field);

    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(actor);
}

int
main(void)
{
    const char *tmp = getenv("TMPDIR");

    if (sodium_init() < 0) {
        printf("1..0 # SKIP sodium_init failed\n");
        return EXIT_FAILURE;
    }
    if (tap_vectors_only()) {
        if (tap_vectors_absent())
            return 0;
        test_vectors();
        return tap_done();
    }
    snprintf(tmp_root, sizeof tmp_root, "%s/txng-tiles-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(tmp_root) == NULL) {
        printf("1..0 # SKIP no temporary folder\n");
        return EXIT_FAILURE;
    }
    test_paths();
    test_levels();
    test_vectors();
    test_crafted();
    test_writer_refusals();
    test_big();
    test_repair();
    for (int i = 0; i < walk_count; i++)
        free(walk_paths[i]);
    free(walk_paths);
    rm_rf(tmp_root);
    return tap_done();
}
