/*
 * tiles.c - the log as C2SP tlog-tiles: paths, reading, writing a folder, verifying
 *
 * A level-L tile is a scan of `nodes` at binary level 8L from index N * 256;
 * an entry bundle is a scan of `records` from N * 256 (docs/format.md,
 * "Storage"). Both happen inside one read transaction, so the writer sees one
 * snapshot however long it runs; the tiles of a size never change, so a
 * checkpoint read just before is enough to name the size.
 *
 * The verifier streams: for each bundle it checks the records in order
 * against a key table replayed from the records themselves (the genesis, then
 * enrolments and revocations, with the rules of log.c), pushes the leaf
 * hashes into a compact range, and collects the complete subtrees of levels
 * 0, 8, 16, ... as the rows of the tiles being built; a row that fills up is
 * compared with the fetched tile at once, and the partial rows at the end.
 */
#define _GNU_SOURCE /* syncfs */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>

#include "core/hash.h"
#include "core/merkle.h"
#include "core/keystate.h"
#include "core/note.h"
#include "core/par.h"
#include "core/record.h"
#include "core/store.h"
#include "core/tiles.h"
#include "core/verify.h"

#define CHECKPOINT "checkpoint"

/* A growing byte buffer. */
struct buf {
    unsigned char *p;
    size_t         len, cap;
};

static txng_err
buf_reserve(struct buf *b, size_t extra)
{
    size_t         cap = b->cap ? b->cap : 4096;
    unsigned char *p;

    if (extra > SIZE_MAX / 2 - b->len)
        return TXNG_ENOMEM;
    while (cap < b->len + extra)
        cap *= 2;
    if (cap == b->cap)
        return TXNG_OK;
    p = realloc(b->p, cap);
    if (p == NULL)
        return TXNG_ENOMEM;
    b->p   = p;
    b->cap = cap;
    return TXNG_OK;
}

/* ---- paths ------------------------------------------------------------------------------ */

/* Append N in 3-digit groups, all but the last prefixed with 'x'. */
static size_t
put_index(char *out, uint64_t n)
{
    unsigned groups[8];
    size_t   k = 0, len = 0;

    do {
        groups[k++] = (unsigned) (n % 1000);
        n /= 1000;
    } while (n > 0);
    while (k-- > 0)
        len += (size_t) sprintf(out + len, k > 0 ? "x%03u/" : "%03u", groups[k]);
    return len;
}

void
txng_tile_path(char out[TXNG_TILE_PATH_MAX], const txng_tile *t)
{
    size_t len;

    if (t->level == TXNG_TILE_ENTRIES)
        len = (size_t) sprintf(out, "tile/entries/");
    else
        len = (size_t) sprintf(out, "tile/%d/", t->level);
    len += put_index(out + len, t->index);
    if (t->width < TXNG_TILE_WIDTH)
        sprintf(out + len, ".p/%u", t->width);
}

/* Parse a decimal without leading zeros, at most @p max, ending at @p end or @p stop. */
static bool
parse_small(const char **s, const char *end, unsigned max, unsigned *out)
{
    const char *p = *s;
    unsigned    v = 0;

    if (p == end || *p < '0' || *p > '9' || (*p == '0' && p + 1 < end && p[1] >= '0' &&
                                             p[1] <= '9'))
        return false;
    while (p < end && *p >= '0' && *p <= '9') {
        v = v * 10 + (unsigned) (*p - '0');
        if (v > max)
            return false;
        p++;
    }
    *s   = p;
    *out = v;
    return true;
}

txng_err
txng_tile_parse(txng_tile *out, const char *path, size_t len)
{
    const char *p = path, *end;
    uint64_t    n = 0;
    unsigned    level, w;

    if (path == NULL || len < 5 || memcmp(p, "tile/", 5) != 0)
        return TXNG_EFORMAT;
    end = path + len;
    p += 5;
    if ((size_t) (end - p) > 8 && memcmp(p, "entries/", 8) == 0) {
        out->level = TXNG_TILE_ENTRIES;
        p += 8;
    } else {
        if (!parse_small(&p, end, 63, &level) || p == end || *p != '/')
            return TXNG_EFORMAT;
        out->level = (int) level;
        p++;
    }
    for (int group = 0;; group++) {
        bool     x = p < end && *p == 'x';
        uint64_t d;

        if (group > 6)
            return TXNG_EFORMAT;
        p += x;
        if (end - p < 3)
            return TXNG_EFORMAT;
        for (int i = 0; i < 3; i++)
            if (p[i] < '0' || p[i] > '9')
                return TXNG_EFORMAT;
        d = (uint64_t) ((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
        if (n > (UINT64_MAX - d) / 1000 || (group == 0 && x && memcmp(p, "000", 3) == 0))
            return TXNG_EFORMAT;
        n = n * 1000 + d;
        p += 3;
        if (!x)
            break;
        if (p == end || *p != '/')
            return TXNG_EFORMAT;
        p++;
    }
    out->index = n;
    out->width = TXNG_TILE_WIDTH;
    if (p == end)
        return TXNG_OK;
    if (end - p < 4 || memcmp(p, ".p/", 3) != 0)
        return TXNG_EFORMAT;
    p += 3;
    if (!parse_small(&p, end, TXNG_TILE_WIDTH - 1, &w) || w == 0 || p != end)
        return TXNG_EFORMAT;
    out->width = w;
    return TXNG_OK;
}

void
txng_tiles_at_level(uint64_t size, unsigned level, uint64_t *full, unsigned *partial)
{
    unsigned shift = 8 * level;

    if (level >= TXNG_TILE_LEVELS) {
        *full    = 0;
        *partial = 0;
        return;
    }
    *full    = shift + 8 >= 64 ? 0 : size >> (shift + 8);
    *partial = (unsigned) ((size >> shift) & 0xff);
}

unsigned
txng_tiles_levels(uint64_t size)
{
    unsigned n = 0;

    while (n < TXNG_TILE_LEVELS && (size >> (8 * n)) > 0)
        n++;
    return n;
}

/* ---- building tiles from the store ------------------------------------------------------ */

/* Whether tile @p t is determined by the tree of @p size leaves. */
static bool
tile_within(const txng_tile *t, uint64_t size)
{
    unsigned level = t->level == TXNG_TILE_ENTRIES ? 0 : (unsigned) t->level;
    uint64_t units;

    if (level >= TXNG_TILE_LEVELS)
        return false;
    units = size >> (8 * level);
    return units >= t->width && t->index <= (units - t->width) / TXNG_TILE_WIDTH;
}

/*
 * Append the bytes of tile @p t to @p b, read in @p txn. A record longer than an
 * entry may be gives TXNG_EFULL with its index in @p diag.
 */
static txng_err
tile_build(const txng_store *st, MDB_txn *txn, const txng_tile *t, struct buf *b,
           txng_diag *diag)
{
    MDB_cursor   *cur = NULL;
    unsigned char key[TXNG_STORE_NODE_KEY];
    MDB_val       k, v;
    bool          entries = t->level == TXNG_TILE_ENTRIES;
    uint64_t      first   = t->index * TXNG_TILE_WIDTH;
    txng_err      err     = TXNG_OK;
    int           rc;

    if (entries) {
        txng_be64_store(key, first);
        k = (MDB_val){ 8, key };
    } else {
        txng_node_key(key, 8 * (unsigned) t->level, first);
        k = (MDB_val){ TXNG_STORE_NODE_KEY, key };
    }
    rc = mdb_cursor_open(txn, entries ? st->records : st->nodes, &cur);
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
    for (unsigned i = 0; i < t->width; i++) {
        if (i > 0)
            rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
        if (rc == MDB_NOTFOUND) {
            err = TXNG_ECORRUPT;
            goto out;
        }
        if (rc != MDB_SUCCESS) {
            err = txng_store_from_mdb(rc);
            goto out;
        }
        if (entries) {
            if (k.mv_size != 8 || txng_be64_load(k.mv_data) != first + i) {
                err = TXNG_ECORRUPT;
                goto out;
            }
            if (v.mv_size > TXNG_TILE_ENTRY_MAX) {
                if (diag != NULL) {
                    diag->has_index = true;
                    diag->index     = first + i;
                }
                txng_diag_set(diag, TXNG_N_("record is longer than a tile entry allows (65535 bytes)"),
                              NULL);
                err = TXNG_EFULL;
                goto out;
            }
            err = buf_reserve(b, 2 + v.mv_size);
            if (err != TXNG_OK)
                goto out;
            b->p[b->len++] = (unsigned char) (v.mv_size >> 8);
            b->p[b->len++] = (unsigned char) v.mv_size;
            memcpy(b->p + b->len, v.mv_data, v.mv_size);
            b->len += v.mv_size;
        } else {
            const unsigned char *kp = k.mv_data;

            if (k.mv_size != TXNG_STORE_NODE_KEY || kp[0] != 8 * t->level ||
                txng_be64_load(kp + 1) != first + i || v.mv_size != TXNG_HASH_BYTES) {
                err = TXNG_ECORRUPT;
                goto out;
            }
            err = buf_reserve(b, TXNG_HASH_BYTES);
            if (err != TXNG_OK)
                goto out;
            memcpy(b->p + b->len, v.mv_data, TXNG_HASH_BYTES);
            b->len += TXNG_HASH_BYTES;
        }
    }
out:
    mdb_cursor_close(cur);
    return err;
}

txng_err
txng_tiles_read(txng_log *log, uint64_t size, const char *path, size_t len, unsigned char **out,
                size_t *out_len)
{
    const txng_store *st;
    MDB_txn          *txn;
    struct buf        b = { 0 };
    txng_tile         t;
    uint64_t          have;
    txng_err          err;

    *out     = NULL;
    *out_len = 0;
    if (log == NULL || path == NULL)
        return TXNG_EINVAL;
    if (len == sizeof CHECKPOINT - 1 && memcmp(path, CHECKPOINT, len) == 0)
        return txng_log_checkpoint(log, size, (char **) out, out_len);
    if (txng_tile_parse(&t, path, len) != TXNG_OK)
        return TXNG_EFORMAT;
    err = txng_log_size(log, &have);
    if (err != TXNG_OK)
        return err;
    if (size == 0)
        size = have;
    if (size > have || !tile_within(&t, size))
        return TXNG_ENOTFOUND;
    err = txng_log_read_begin(log, &st, &txn);
    if (err != TXNG_OK)
        return err;
    err = tile_build(st, txn, &t, &b, NULL);
    txng_log_read_end(log);
    if (err != TXNG_OK) {
        free(b.p);
        return err;
    }
    if (b.p == NULL && (b.p = malloc(1)) == NULL)
        return TXNG_ENOMEM;
    *out     = b.p;
    *out_len = b.len;
    return TXNG_OK;
}

/* ---- writing a folder ------------------------------------------------------------------- */

struct writer {
    char             *dir;    /* the folder, then "/" */
    size_t            dirlen;
    char             *path;   /* scratch: dir + tile path */
    char             *tmp;    /* scratch: temporary name */
    char              made[TXNG_TILE_PATH_MAX]; /* the last parent folder known to exist */
    txng_tiles_stats *stats;
    txng_diag        *diag;
};

static void
fail_file(struct writer *w, const char *rel)
{
    int saved = errno;

    txng_diag_set(w->diag, TXNG_N_("cannot write the file"), rel);
    errno = saved;
}

/* mkdir -p of the folders in @p rel before its last '/', below w->dir. */
static txng_err
make_parents(struct writer *w, const char *rel)
{
    const char *slash = strrchr(rel, '/');
    size_t      plen  = slash ? (size_t) (slash - rel) : 0;

    if (plen == 0 || (strlen(w->made) == plen && memcmp(w->made, rel, plen) == 0))
        return TXNG_OK;
    for (size_t i = 1; i <= plen; i++) {
        if (i < plen && rel[i] != '/')
            continue;
        memcpy(w->path + w->dirlen, rel, i);
        w->path[w->dirlen + i] = '\0';
        if (mkdir(w->path, 0755) != 0 && errno != EEXIST) {
            fail_file(w, rel);
            return TXNG_ESYS;
        }
    }
    memcpy(w->made, rel, plen);
    w->made[plen] = '\0';
    return TXNG_OK;
}

/* Write @p len bytes to w->dir/@p rel through a temporary name and a rename. */
static txng_err
write_file(struct writer *w, const char *rel, const void *data, size_t len, bool sync)
{
    const char *base = strrchr(rel, '/');
    size_t      off  = 0;
    int         fd   = -1, saved;

    base = base ? base + 1 : rel;
    if (make_parents(w, rel) != TXNG_OK)
        return TXNG_ESYS;
    sprintf(w->path, "%s%s", w->dir, rel);
    sprintf(w->tmp, "%s%.*s.%s.tmp", w->dir, (int) (base - rel), rel, base);
    fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        goto fail;
    while (off < len) {
        ssize_t n = write(fd, (const char *) data + off, len - off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            goto fail;
        }
        off += (size_t) n;
    }
    if (sync && fsync(fd) != 0)
        goto fail;
    saved = close(fd);
    fd    = -1;
    if (saved != 0 || rename(w->tmp, w->path) != 0)
        goto fail;
    return TXNG_OK;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(w->tmp);
    errno = saved;
    fail_file(w, rel);
    return TXNG_ESYS;
}

/* Remove the folder w->dir/@p rel.p/ of partial tiles and what it holds. */
static txng_err
remove_partials(struct writer *w, const char *rel)
{
    DIR           *d;
    struct dirent *e;
    size_t         base;

    base = (size_t) sprintf(w->path, "%s%s.p", w->dir, rel);
    d    = opendir(w->path);
    if (d == NULL)
        return errno == ENOENT ? TXNG_OK : TXNG_ESYS;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(w->path + base, w->dirlen + TXNG_TILE_PATH_MAX + 300 - base, "/%s", e->d_name);
        if (unlink(w->path) == 0 && w->stats != NULL)
            w->stats->removed++;
        w->path[base] = '\0';
    }
    closedir(d);
    if (rmdir(w->path) != 0 && errno != ENOENT && errno != ENOTEMPTY)
        return TXNG_ESYS;
    return TXNG_OK;
}

/* Read dir/checkpoint: size 0 when there is none; checked against the log. */
static txng_err
old_checkpoint(txng_log *log, struct writer *w, txng_checkpoint *cp, bool *have)
{
    int         fd;
    struct stat sb;
    char       *note = NULL;
    size_t      text_len, got = 0;
    txng_err    err;

    *have = false;
    sprintf(w->path, "%s" CHECKPOINT, w->dir);
    fd = open(w->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return TXNG_OK;
        fail_file(w, CHECKPOINT);
        return TXNG_ESYS;
    }
    if (fstat(fd, &sb) != 0) {
        err = TXNG_ESYS;
        goto out;
    }
    if (sb.st_size <= 0 || (uint64_t) sb.st_size > TXNG_NOTE_MAX) {
        txng_diag_set(w->diag, TXNG_N_("not a signed checkpoint"), CHECKPOINT);
        err = TXNG_EFORMAT;
        goto out;
    }
    note = malloc((size_t) sb.st_size);
    if (note == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    while (got < (size_t) sb.st_size) {
        ssize_t n = read(fd, note + got, (size_t) sb.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t) n;
    }
    err = txng_note_verify(note, got, txng_log_pubkey(log), 1, &text_len, NULL);
    if (err == TXNG_EBADSIG) {
        txng_diag_set(w->diag, TXNG_N_("not signed by this log's key"), CHECKPOINT);
        goto out;
    }
    if (err != TXNG_OK || txng_checkpoint_parse(cp, note, text_len, NULL) != TXNG_OK) {
        txng_diag_set(w->diag, TXNG_N_("not a signed checkpoint"), CHECKPOINT);
        err = TXNG_EFORMAT;
        goto out;
    }
    if (strcmp(cp->origin, txng_log_origin(log)) != 0) {
        txng_diag_set(w->diag, TXNG_N_("the folder holds tiles of another log"), CHECKPOINT);
        err = TXNG_EEXIST;
        goto out;
    }
    *have = true;
out:
    close(fd);
    free(note);
    return err;
}

/* Write the tiles of @p level (TXNG_TILE_ENTRIES or 0..7) between old and new sizes. */
static txng_err
write_level(struct writer *w, const txng_store_nodes *ns, int level, uint64_t old, uint64_t size,
            struct buf *b, txng_progress_fn progress, void *pctx)
{
    unsigned  lv = level == TXNG_TILE_ENTRIES ? 0 : (unsigned) level;
    uint64_t  full0, full;
    unsigned  part0, part;
    txng_tile t;
    char      rel[TXNG_TILE_PATH_MAX];
    txng_err  err;

    txng_tiles_at_level(old, lv, &full0, &part0);
    txng_tiles_at_level(size, lv, &full, &part);
    for (uint64_t n = full0; n <= full; n++) {
        t = (txng_tile){ level, n, TXNG_TILE_WIDTH };
        if (n == full) {
            if (part == 0 || (full == full0 && part == part0))
                break;
            t.width = part;
        }
        b->len = 0;
        err    = tile_build(ns->st, ns->txn, &t, b, w->diag);
        if (err != TXNG_OK)
            return err;
        txng_tile_path(rel, &t);
        err = write_file(w, rel, b->p, b->len, false);
        if (err != TXNG_OK)
            return err;
        if (w->stats != NULL) {
            w->stats->files++;
            w->stats->bytes += b->len;
        }
        if (progress != NULL && level == TXNG_TILE_ENTRIES)
            progress(pctx, n * TXNG_TILE_WIDTH + t.width, size);
    }
    return TXNG_OK;
}

/* Whether w->dir/@p rel holds exactly the @p len bytes of @p data. */
static bool
same_bytes(struct writer *w, const char *rel, const unsigned char *data, size_t len)
{
    unsigned char chunk[4096];
    size_t        off = 0;
    bool          same = true;
    int           fd;

    sprintf(w->path, "%s%s", w->dir, rel);
    if ((fd = open(w->path, O_RDONLY | O_CLOEXEC)) < 0)
        return false;
    while (same) {
        ssize_t n = read(fd, chunk, sizeof chunk);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            same = n == 0 && off == len;
            break;
        }
        same = (size_t) n <= len - off && memcmp(chunk, data + off, (size_t) n) == 0;
        off += (size_t) n;
    }
    close(fd);
    return same;
}

/*
 * Rewrite the tiles of @p level that the folder holds for tree size @p old
 * (all of them when they are still the tiles of @p size) when they are
 * missing or of the wrong length, or with @p check of the wrong bytes.
 */
static txng_err
repair_level(struct writer *w, const txng_store_nodes *ns, int level, uint64_t old,
             uint64_t size, struct buf *b, bool check)
{
    unsigned    lv = level == TXNG_TILE_ENTRIES ? 0 : (unsigned) level;
    uint64_t    full0, full;
    unsigned    part0, part;
    txng_tile   t;
    char        rel[TXNG_TILE_PATH_MAX];
    struct stat sb;
    txng_err    err;

    txng_tiles_at_level(old, lv, &full0, &part0);
    txng_tiles_at_level(size, lv, &full, &part);
    for (uint64_t n = 0; n <= full0; n++) {
        bool bad;

        t = (txng_tile){ level, n, TXNG_TILE_WIDTH };
        if (n == full0) {
            /* the old edge: kept only when the new size has the same partial tile */
            if (part0 == 0 || n != full || part != part0)
                break;
            t.width = part0;
        }
        txng_tile_path(rel, &t);
        sprintf(w->path, "%s%s", w->dir, rel);
        if (stat(w->path, &sb) != 0) {
            if (errno != ENOENT) {
                fail_file(w, rel);
                return TXNG_ESYS;
            }
            bad = true;
        } else if (level == TXNG_TILE_ENTRIES) {
            bad = !S_ISREG(sb.st_mode) || (uint64_t) sb.st_size < 2u * t.width;
        } else {
            bad = !S_ISREG(sb.st_mode) || (uint64_t) sb.st_size != (uint64_t) t.width * TXNG_HASH_BYTES;
        }
        if (!bad && !check)
            continue;
        b->len = 0;
        if ((err = tile_build(ns->st, ns->txn, &t, b, w->diag)) != TXNG_OK)
            return err;
        if (!bad && same_bytes(w, rel, b->p, b->len))
            continue;
        if ((err = write_file(w, rel, b->p, b->len, false)) != TXNG_OK)
            return err;
        w->stats->repaired++;
        w->stats->files++;
        w->stats->bytes += b->len;
    }
    return TXNG_OK;
}

txng_err
txng_tiles_write(txng_log *log, const char *dir, unsigned flags, txng_progress_fn progress,
                 void *progress_ctx, txng_tiles_stats *stats, txng_diag *diag)
{
    struct writer     w   = { 0 };
    struct buf        b   = { 0 };
    char             *cp_note = NULL;
    size_t            cp_len, text_len;
    txng_checkpoint   cp, old;
    bool              have_old, reading = false;
    const txng_store *st;
    MDB_txn          *txn;
    txng_store_nodes   ns;
    unsigned          levels;
    txng_tiles_stats  dummy;
    txng_err          err;
    int               dfd;

    if (log == NULL || dir == NULL || *dir == '\0')
        return TXNG_EINVAL;
    if (stats == NULL)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);
    w.stats  = stats;
    w.diag   = diag;
    w.dirlen = strlen(dir) + 1;
    w.dir    = malloc(w.dirlen + 1);
    w.path   = malloc(w.dirlen + TXNG_TILE_PATH_MAX + 300);
    w.tmp    = malloc(w.dirlen + TXNG_TILE_PATH_MAX + 300);
    if (w.dir == NULL || w.path == NULL || w.tmp == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    sprintf(w.dir, "%s/", dir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        txng_diag_set(diag, TXNG_N_("cannot create the folder"), NULL);
        err = TXNG_ESYS;
        goto out;
    }
    err = txng_log_checkpoint(log, 0, &cp_note, &cp_len);
    if (err != TXNG_OK)
        goto out;
    err = txng_note_verify(cp_note, cp_len, txng_log_pubkey(log), 1, &text_len, NULL);
    if (err == TXNG_OK)
        err = txng_checkpoint_parse(&cp, cp_note, text_len, NULL);
    if (err != TXNG_OK) {
        err = TXNG_ECORRUPT;
        goto out;
    }
    err = old_checkpoint(log, &w, &old, &have_old);
    if (err != TXNG_OK)
        goto out;
    stats->old_size = have_old ? old.size : 0;
    stats->size     = cp.size;
    err             = txng_log_read_begin(log, &st, &txn);
    if (err != TXNG_OK)
        goto out;
    reading = true;
    ns      = (txng_store_nodes){ st, txn };
    if (have_old && old.size > 0) {
        unsigned char root[TXNG_HASH_BYTES];

        if (old.size > cp.size) {
            txng_diag_set(diag, TXNG_N_("the folder's checkpoint is larger than the log"),
                          CHECKPOINT);
            err = TXNG_EFORK;
            goto out;
        }
        err = txng_merkle_root(root, old.size, txng_store_node_get, &ns);
        if (err != TXNG_OK)
            goto out;
        if (memcmp(root, old.root, TXNG_HASH_BYTES) != 0) {
            txng_diag_set(diag, TXNG_N_("the folder's checkpoint does not match the log"),
                          CHECKPOINT);
            err = TXNG_EFORK;
            goto out;
        }
    }
    levels = txng_tiles_levels(cp.size);
    err    = write_level(&w, &ns, TXNG_TILE_ENTRIES, stats->old_size, cp.size, &b, progress,
                         progress_ctx);
    for (unsigned l = 0; err == TXNG_OK && l < levels; l++)
        err = write_level(&w, &ns, (int) l, stats->old_size, cp.size, &b, NULL, NULL);
    /* the tiles written by earlier runs: still there, and (with CHECK) still right */
    if (err == TXNG_OK)
        err = repair_level(&w, &ns, TXNG_TILE_ENTRIES, stats->old_size, cp.size, &b,
                           (flags & TXNG_TILES_CHECK) != 0);
    for (unsigned l = 0; err == TXNG_OK && l < txng_tiles_levels(stats->old_size); l++)
        err = repair_level(&w, &ns, (int) l, stats->old_size, cp.size, &b,
                           (flags & TXNG_TILES_CHECK) != 0);
    txng_log_read_end(log);
    reading = false;
    if (err != TXNG_OK)
        goto out;
    if ((flags & TXNG_TILES_NOSYNC) == 0) {
        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || syncfs(dfd) != 0) {
            txng_diag_set(diag, TXNG_N_("cannot sync the folder"), NULL);
            if (dfd >= 0)
                close(dfd);
            err = TXNG_ESYS;
            goto out;
        }
        close(dfd);
    }
    err = write_file(&w, CHECKPOINT, cp_note, cp_len, (flags & TXNG_TILES_NOSYNC) == 0);
    if (err != TXNG_OK)
        goto out;
    if ((flags & TXNG_TILES_NOSYNC) == 0 && (dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
        (void) fsync(dfd);
        close(dfd);
    }
    /* Partial tiles at the old edge whose full tile now exists. */
    for (unsigned l = 0; l < levels + 1; l++) {
        int       level = l == 0 ? TXNG_TILE_ENTRIES : (int) l - 1;
        uint64_t  full0, full;
        unsigned  part0, part;
        txng_tile t;
        char      rel[TXNG_TILE_PATH_MAX];

        txng_tiles_at_level(stats->old_size, l == 0 ? 0 : l - 1, &full0, &part0);
        txng_tiles_at_level(cp.size, l == 0 ? 0 : l - 1, &full, &part);
        if (part0 == 0 || full <= full0)
            continue;
        t = (txng_tile){ level, full0, TXNG_TILE_WIDTH };
        txng_tile_path(rel, &t);
        (void) remove_partials(&w, rel);
    }
out:
    if (reading)
        txng_log_read_end(log);
    free(b.p);
    free(cp_note);
    free(w.dir);
    free(w.path);
    free(w.tmp);
    return err;
}

/* ---- verifying a copy ------------------------------------------------------------------- */

/* One key of the replayed key state. */
struct vkey {
    txng_pubkey key;
    char        role[32];
    bool        revoked;
};

/* Open-addressing table of keys by name. */
struct ktable {
    struct vkey *v;
    size_t       n, cap;
};

static size_t
name_hash(const char *s)
{
    size_t h = 14695981039346656037u;

    while (*s)
        h = (h ^ (unsigned char) *s++) * 1099511628211u;
    return h;
}

static struct vkey *
ktable_find(const struct ktable *t, const char *name)
{
    if (t->cap == 0)
        return NULL;
    for (size_t i = name_hash(name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        if (t->v[i].key.name[0] == '\0')
            return NULL;
        if (strcmp(t->v[i].key.name, name) == 0)
            return &t->v[i];
    }
}

static txng_err
ktable_put(struct ktable *t, const struct vkey *k)
{
    if (2 * (t->n + 1) > t->cap) {
        struct ktable bigger = { NULL, 0, t->cap ? 2 * t->cap : 64 };

        bigger.v = calloc(bigger.cap, sizeof *bigger.v);
        if (bigger.v == NULL)
            return TXNG_ENOMEM;
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i].key.name[0] != '\0')
                (void) ktable_put(&bigger, &t->v[i]);
        free(t->v);
        *t = bigger;
    }
    for (size_t i = name_hash(k->key.name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        if (t->v[i].key.name[0] == '\0') {
            t->v[i] = *k;
            t->n++;
            return TXNG_OK;
        }
    }
}

/* Subtrees a consistency proof reads: recorded in a dry run, filled while verifying. */
#define WANT_MAX (4 * TXNG_MERKLE_MAX_PROOF)

struct want {
    unsigned      level[WANT_MAX];
    uint64_t      index[WANT_MAX];
    unsigned char hash[WANT_MAX][TXNG_HASH_BYTES];
    size_t        n;
    bool          overflow;
};

static txng_err
want_record(void *ctx, unsigned level, uint64_t index, unsigned char out[TXNG_HASH_BYTES])
{
    struct want *w = ctx;

    memset(out, 0, TXNG_HASH_BYTES);
    for (size_t i = 0; i < w->n; i++)
        if (w->level[i] == level && w->index[i] == index)
            return TXNG_OK;
    if (w->n == WANT_MAX) {
        w->overflow = true;
        return TXNG_OK;
    }
    w->level[w->n]   = level;
    w->index[w->n++] = index;
    return TXNG_OK;
}

static txng_err
want_serve(void *ctx, unsigned level, uint64_t index, unsigned char out[TXNG_HASH_BYTES])
{
    const struct want *w = ctx;

    for (size_t i = 0; i < w->n; i++)
        if (w->level[i] == level && w->index[i] == index) {
            memcpy(out, w->hash[i], TXNG_HASH_BYTES);
            return TXNG_OK;
        }
    return TXNG_ECORRUPT;
}

struct verifier {
    struct want        *want; /* NULL unless a consistency proof is asked for */
    const txng_pubkey  *trust;
    txng_tiles_fetch_fn fetch;
    void               *fetch_ctx;
    txng_diag          *diag;
    txng_checkpoint     cp;
    struct ktable       keys;
    txng_merkle_range   range;
    unsigned char       prev[TXNG_HASH_BYTES];
    /* rows[l]: the hashes of the level-l tile being built (binary level 8l) */
    unsigned char (*rows)[TXNG_TILE_WIDTH][TXNG_HASH_BYTES];
    txng_err            err; /* first failure met inside the range callback */
    uint64_t            tiles;
};

static void
fail_path(struct verifier *v, const txng_tile *t, const char *reason)
{
    char path[TXNG_TILE_PATH_MAX];

    txng_tile_path(path, t);
    txng_diag_set(v->diag, reason, path);
}

/* Fetch tile @p t: exactly @p want bytes for a level tile, at most @p want for a bundle. */
static txng_err
fetch_tile(struct verifier *v, const txng_tile *t, size_t want, unsigned char **out,
           size_t *len)
{
    char     path[TXNG_TILE_PATH_MAX];
    txng_err err;

    txng_tile_path(path, t);
    *out = NULL;
    err  = v->fetch(v->fetch_ctx, path, want, out, len);
    if (err == TXNG_OK && *len > want) {
        free(*out);
        *out = NULL;
        err  = TXNG_EFULL;
    }
    if (err == TXNG_ENOTFOUND)
        txng_diag_set(v->diag, TXNG_N_("missing"), path);
    else if (err == TXNG_EFULL)
        txng_diag_set(v->diag, TXNG_N_("larger than a tile may be"), path);
    else if (err != TXNG_OK)
        txng_diag_set(v->diag, TXNG_N_("cannot fetch"), path);
    else if (t->level != TXNG_TILE_ENTRIES && *len != want) {
        txng_diag_set(v->diag, TXNG_N_("wrong length for its width"), path);
        err = TXNG_EFORMAT;
    }
    if (err != TXNG_OK) {
        free(*out);
        *out = NULL;
        return err;
    }
    v->tiles++;
    return TXNG_OK;
}

/* Compare the level tile @p t with the row computed for it. */
static txng_err
check_tile(struct verifier *v, const txng_tile *t)
{
    unsigned char *got = NULL;
    size_t         len;
    txng_err       err;

    err = fetch_tile(v, t, (size_t) t->width * TXNG_HASH_BYTES, &got, &len);
    if (err != TXNG_OK)
        return err;
    if (memcmp(got, v->rows[t->level], len) != 0) {
        fail_path(v, t, TXNG_N_("does not match the entries"));
        err = TXNG_ECHAIN;
    }
    free(got);
    return err;
}

/* Range callback: keep level-8l subtrees, and check a level-l tile once its row is full. */
static void
on_node(void *ctx, unsigned level, uint64_t index, const unsigned char hash[TXNG_HASH_BYTES])
{
    struct verifier *v = ctx;
    unsigned         l = level / 8;
    txng_tile        t;

    if (v->want != NULL)
        for (size_t i = 0; i < v->want->n; i++)
            if (v->want->level[i] == level && v->want->index[i] == index)
                memcpy(v->want->hash[i], hash, TXNG_HASH_BYTES);
    if (v->err != TXNG_OK || level % 8 != 0 || l >= TXNG_TILE_LEVELS)
        return;
    memcpy(v->rows[l][index % TXNG_TILE_WIDTH], hash, TXNG_HASH_BYTES);
    if (index % TXNG_TILE_WIDTH != TXNG_TILE_WIDTH - 1)
        return;
    t      = (txng_tile){ (int) l, index / TXNG_TILE_WIDTH, TXNG_TILE_WIDTH };
    v->err = check_tile(v, &t);
}

static void
record_fail(struct verifier *v, uint64_t index, const char *reason, const char *field)
{
    if (v->diag != NULL) {
        v->diag->has_index = true;
        v->diag->index     = index;
    }
    txng_diag_set(v->diag, reason, field);
}

/* record_fail() naming the key of signature @p j, formatted only on failure. */
static void
sig_key_fail(struct verifier *v, uint64_t index, const char *reason, size_t j)
{
    char field[48];

    snprintf(field, sizeof field, "signatures/%zu/key", j);
    record_fail(v, index, reason, field);
}

/* One record of a bundle between the two phases of check_bundle(). */
struct job {
    txng_record *rec;
    txng_pubkey  keys[TXNG_EVENT_MAX_SIGS]; /* the keys of signatures 0 .. nsig-1 */
    size_t       nsig;
    txng_err     err; /* phase 2: the first signature that fails, at bad */
    size_t       bad;
};

/* The genesis: names the origin and the trusted key, signed by it once. */
static txng_err
check_genesis(struct verifier *v, const txng_record *rec, struct job *job)
{
    txng_key_info info;
    struct vkey   k;
    txng_diag     d = TXNG_DIAG_INIT;
    txng_err      err;

    err = txng_verify_genesis(rec->event, rec->signatures, json_array_size(rec->signatures),
                              v->cp.origin, NULL, v->trust, &info, &d);
    if (err != TXNG_OK) {
        record_fail(v, 0, d.reason, d.field);
        return err == TXNG_EFORMAT ? TXNG_ECHAIN : err;
    }
    job->keys[0] = info.key;
    job->nsig    = 1;
    memset(&k, 0, sizeof k);
    k.key = info.key;
    memcpy(k.role, "log", 4);
    return ktable_put(&v->keys, &k);
}

/* The key state of a tiles verifier as core/keystate.h reads and writes it. */
static txng_err
vkey_get(void *ctx, const char *name, txng_key_info *out)
{
    const struct vkey *k = ktable_find(ctx, name);

    if (k == NULL)
        return TXNG_ENOTFOUND;
    memset(out, 0, sizeof *out);
    out->key        = k->key;
    out->is_revoked = k->revoked;
    memcpy(out->role, k->role, sizeof out->role);
    return TXNG_OK;
}

static txng_err
vkey_put(void *ctx, const txng_key_info *info)
{
    struct vkey *k = ktable_find(ctx, info->key.name), n;

    if (k != NULL) {
        k->revoked = info->is_revoked;
        return TXNG_OK;
    }
    memset(&n, 0, sizeof n);
    n.key     = info->key;
    n.revoked = info->is_revoked;
    memcpy(n.role, info->role, sizeof n.role);
    return ktable_put(ctx, &n);
}

/* Enrolments and revocations (core/keystate.h); other events pass. */
static txng_err
apply_keys(struct verifier *v, const txng_record *rec, const txng_key_info *signers,
           size_t nsigners)
{
    txng_diag d = TXNG_DIAG_INIT;
    txng_err  err;

    err = txng_keystate_apply(rec->event, signers, nsigners, rec->index, vkey_get, vkey_put,
                              &v->keys, &d);
    if (err != TXNG_OK && d.reason != NULL)
        record_fail(v, rec->index, d.reason, d.field);
    return err;
}

/*
 * Phase 1 for record @p pos: canonical bytes, links, the signers as the key
 * state stands, the key state, then its leaf into the tree. The signatures
 * themselves are left in @p job for phase 2; @p job->rec is kept.
 */
static txng_err
check_record(struct verifier *v, uint64_t pos, const unsigned char *bytes, size_t len,
             struct job *job)
{
    txng_record  *rec = NULL;
    txng_diag     d   = TXNG_DIAG_INIT;
    unsigned char leaf[TXNG_HASH_BYTES];
    txng_key_info signers[TXNG_EVENT_MAX_SIGS];
    txng_err      err;

    err = txng_record_decode(&rec, bytes, len, &d);
    if (err != TXNG_OK) {
        if (err == TXNG_EFORMAT)
            record_fail(v, pos, d.reason ? d.reason : TXNG_N_("record is not canonical"),
                        d.field);
        return err;
    }
    job->rec = rec;
    if (rec->index != pos) {
        record_fail(v, pos, TXNG_N_("record index does not match its position"), "index");
        return TXNG_ECHAIN;
    }
    if (pos > 0 && memcmp(rec->prev, v->prev, TXNG_HASH_BYTES) != 0) {
        record_fail(v, pos, TXNG_N_("prev is not the hash of the previous record"), "prev");
        return TXNG_ECHAIN;
    }
    if (pos == 0) {
        err = check_genesis(v, rec, job);
        if (err != TXNG_OK)
            return err;
    } else {
        for (size_t j = 0; j < json_array_size(rec->signatures); j++) {
            const json_t *s = json_array_get(rec->signatures, j);
            char          name[TXNG_KEY_NAME_MAX + 1];
            uint32_t      id;
            struct vkey  *k;

            if (txng_keyref_parse(json_string_value(json_object_get(s, "key")), name, &id) !=
                TXNG_OK) {
                sig_key_fail(v, pos, TXNG_N_("signature key is not NAME+KEYID"), j);
                return TXNG_EFORMAT;
            }
            k = ktable_find(&v->keys, name);
            if (k == NULL || k->key.id != id) {
                sig_key_fail(v, pos, TXNG_N_("signed by an unknown key"), j);
                return TXNG_EBADSIG;
            }
            if (k->revoked) {
                sig_key_fail(v, pos, TXNG_N_("signed by a revoked key"), j);
                return TXNG_EPERM;
            }
            memset(&signers[job->nsig], 0, sizeof signers[job->nsig]);
            signers[job->nsig].key = k->key;
            memcpy(signers[job->nsig].role, k->role, sizeof signers[job->nsig].role);
            job->keys[job->nsig++] = k->key;
        }
        err = apply_keys(v, rec, signers, job->nsig);
        if (err != TXNG_OK)
            return err;
    }
    txng_hash_leaf(leaf, bytes, len);
    memcpy(v->prev, leaf, TXNG_HASH_BYTES);
    txng_merkle_range_push(&v->range, leaf, on_node, v);
    return v->err;
}

/* Phase 2: verify the signatures of jobs [lo, hi). */
static void
verify_sigs(void *arg, size_t lo, size_t hi)
{
    struct job *jobs = arg;

    for (size_t i = lo; i < hi; i++) {
        struct job *job = &jobs[i];

        for (size_t j = 0; j < job->nsig; j++) {
            const json_t *s   = json_array_get(job->rec->signatures, j);
            txng_err      err = txng_event_verify(job->rec->event, &job->keys[j],
                                                  json_string_value(json_object_get(s, "sig")));

            if (err != TXNG_OK) {
                job->err = err == TXNG_EFORMAT ? TXNG_EBADSIG : err;
                job->bad = j;
                break;
            }
        }
    }
}

/* Verify the signatures of @p n jobs on all cores. */
static void
verify_all_sigs(struct job *jobs, size_t n)
{
    txng_par_for(0, n, 32, verify_sigs, jobs);
}

/*
 * Fetch bundle @p t and check its @p t->width records: phase 1 in order on
 * this thread up to the first failure, phase 2 (the Ed25519 signatures, the
 * costly part) on all cores for the records phase 1 reached. The failure
 * reported is the first in record order, as a check one record at a time
 * would find it.
 */
static txng_err
check_bundle(struct verifier *v, const txng_tile *t)
{
    unsigned char *data = NULL;
    size_t         len, off = 0, reached = 0;
    struct job    *jobs = NULL;
    txng_diag      d1   = TXNG_DIAG_INIT, *caller = v->diag;
    txng_err       err;

    err = fetch_tile(v, t, (size_t) t->width * (2 + TXNG_TILE_ENTRY_MAX), &data, &len);
    if (err != TXNG_OK)
        return err;
    jobs = calloc(t->width, sizeof *jobs);
    if (jobs == NULL) {
        free(data);
        return TXNG_ENOMEM;
    }
    v->diag = &d1;
    for (unsigned i = 0; i < t->width; i++) {
        size_t n;

        if (len - off < 2 || len - off - 2 < (n = (size_t) data[off] << 8 | data[off + 1])) {
            fail_path(v, t, TXNG_N_("entry bundle ends inside an entry"));
            err = TXNG_EFORMAT;
            break;
        }
        reached = i + 1;
        err     = check_record(v, t->index * TXNG_TILE_WIDTH + i, data + off + 2, n, &jobs[i]);
        if (err != TXNG_OK)
            break;
        off += 2 + n;
    }
    if (err == TXNG_OK && off != len) {
        fail_path(v, t, TXNG_N_("entry bundle has bytes after its last entry"));
        err = TXNG_EFORMAT;
    }
    v->diag = caller;
    verify_all_sigs(jobs, reached);
    for (size_t i = 0; i < reached; i++) {
        if (jobs[i].err != TXNG_OK) {
            char field[48];

            snprintf(field, sizeof field, "signatures/%zu/sig", jobs[i].bad);
            if (jobs[i].err == TXNG_EBADSIG)
                record_fail(v, t->index * TXNG_TILE_WIDTH + i,
                            TXNG_N_("signature does not verify"), field);
            err = jobs[i].err;
            goto out;
        }
    }
    if (err != TXNG_OK && caller != NULL)
        *caller = d1;
out:
    for (size_t i = 0; i < reached; i++)
        txng_record_free(jobs[i].rec);
    free(jobs);
    free(data);
    return err;
}

/* Both public verifiers: @p want (may be NULL) names the subtrees to keep. */
static txng_err
verify(const txng_pubkey *key, txng_tiles_fetch_fn fetch, void *fetch_ctx,
       txng_progress_fn progress, void *progress_ctx, uint64_t old, struct want *want,
       unsigned char (*proof)[TXNG_HASH_BYTES], size_t *nproof, txng_tiles_result *res,
       txng_diag *diag)
{
    struct verifier v;
    unsigned char  *note = NULL;
    txng_note      *parsed = NULL;
    size_t          note_len, text_len;
    uint64_t        full;
    unsigned        part, levels;
    unsigned char   root[TXNG_HASH_BYTES];
    txng_err        err;

    if (res != NULL)
        memset(res, 0, sizeof *res);
    if (key == NULL || fetch == NULL)
        return TXNG_EINVAL;
    memset(&v, 0, sizeof v);
    v.trust     = key;
    v.fetch     = fetch;
    v.fetch_ctx = fetch_ctx;
    v.diag      = diag;
    txng_merkle_range_init(&v.range);
    v.rows = calloc(TXNG_TILE_LEVELS, sizeof *v.rows);
    if (v.rows == NULL)
        return TXNG_ENOMEM;

    err = fetch(fetch_ctx, CHECKPOINT, TXNG_NOTE_MAX, &note, &note_len);
    if (err == TXNG_OK && note_len > TXNG_NOTE_MAX)
        err = TXNG_EFULL;
    if (err != TXNG_OK) {
        txng_diag_set(diag,
                      err == TXNG_ENOTFOUND ? TXNG_N_("missing")
                      : err == TXNG_EFULL   ? TXNG_N_("larger than a signed note may be")
                                            : TXNG_N_("cannot fetch"),
                      CHECKPOINT);
        goto out;
    }
    /* The origin first: a key of another log is named as such, not as a bad signature. */
    parsed = malloc(sizeof *parsed);
    if (parsed == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    err = txng_note_parse(parsed, note, note_len, diag);
    if (err == TXNG_OK)
        err = txng_checkpoint_parse(&v.cp, note, parsed->text_len, diag);
    if (err != TXNG_OK) {
        if (diag != NULL)
            snprintf(diag->field, sizeof diag->field, CHECKPOINT);
        goto out;
    }
    if (!txng_checkpoint_key_check(&v.cp, parsed, key, diag)) {
        err = TXNG_EBADSIG;
        goto out;
    }
    err = txng_note_verify(note, note_len, key, 1, &text_len, diag);
    if (err != TXNG_OK) {
        /* the given key's line is there, so its signature failing means a changed note */
        if (err == TXNG_EBADSIG)
            txng_diag_set(diag,
                          TXNG_N_("checkpoint signature does not verify: the checkpoint was "
                                  "changed"),
                          CHECKPOINT);
        goto out;
    }
    if (want != NULL && old > 0 && old < v.cp.size) {
        /* A dry run names the subtrees the proof reads; the walk below keeps them. */
        err = txng_merkle_consistency(proof, nproof, old, v.cp.size, want_record, want);
        if (err != TXNG_OK || want->overflow) {
            err = err != TXNG_OK ? err : TXNG_EINVAL;
            goto out;
        }
        v.want = want;
    }

    txng_tiles_at_level(v.cp.size, 0, &full, &part);
    for (uint64_t n = 0; n <= full; n++) {
        txng_tile t = { TXNG_TILE_ENTRIES, n, n < full ? TXNG_TILE_WIDTH : part };

        if (t.width == 0)
            break;
        err = check_bundle(&v, &t);
        if (err != TXNG_OK)
            goto out;
        if (progress != NULL)
            progress(progress_ctx, n * TXNG_TILE_WIDTH + t.width, v.cp.size);
    }
    /* The partial tiles at the right edge, from the rows left over. */
    levels = txng_tiles_levels(v.cp.size);
    for (unsigned l = 0; l < levels; l++) {
        txng_tiles_at_level(v.cp.size, l, &full, &part);
        if (part == 0)
            continue;
        txng_tile t = { (int) l, full, part };

        err = check_tile(&v, &t);
        if (err != TXNG_OK)
            goto out;
    }
    txng_merkle_range_root(&v.range, root);
    if (memcmp(root, v.cp.root, TXNG_HASH_BYTES) != 0) {
        txng_diag_set(diag, TXNG_N_("the root of the entries is not the checkpoint's"),
                      CHECKPOINT);
        err = TXNG_ECHAIN;
        goto out;
    }
    if (v.want != NULL) {
        err = txng_merkle_consistency(proof, nproof, old, v.cp.size, want_serve, want);
        if (err != TXNG_OK)
            goto out;
    }
    if (res != NULL) {
        res->cp       = v.cp;
        res->note     = (char *) note;
        res->note_len = note_len;
        res->tiles    = v.tiles;
        res->keys     = v.keys.n;
        note          = NULL;
    }
out:
    free(parsed);
    free(note);
    free(v.rows);
    free(v.keys.v);
    return err;
}

txng_err
txng_tiles_verify(const txng_pubkey *key, txng_tiles_fetch_fn fetch, void *fetch_ctx,
                  txng_progress_fn progress, void *progress_ctx, txng_tiles_result *res,
                  txng_diag *diag)
{
    return verify(key, fetch, fetch_ctx, progress, progress_ctx, 0, NULL, NULL, NULL, res, diag);
}

txng_err
txng_tiles_verify_from(const txng_pubkey *key, txng_tiles_fetch_fn fetch, void *fetch_ctx,
                       txng_progress_fn progress, void *progress_ctx, uint64_t old,
                       unsigned char (*proof)[TXNG_HASH_BYTES], size_t *nproof,
                       txng_tiles_result *res, txng_diag *diag)
{
    struct want *want;
    txng_err     err;

    if (proof == NULL || nproof == NULL)
        return TXNG_EINVAL;
    *nproof = 0;
    want    = calloc(1, sizeof *want);
    if (want == NULL)
        return TXNG_ENOMEM;
    err = verify(key, fetch, fetch_ctx, progress, progress_ctx, old, want, proof, nproof, res,
                 diag);
    if (err != TXNG_OK)
        *nproof = 0;
    free(want);
    return err;
}
