/*
 * scans.c - how often each serial was looked up, kept apart from the signed log
 *
 * Scans are not evidence: they are counted in memory and written once a
 * second (and at shutdown) to an LMDB environment of their own, the folder
 * "scans" inside the log folder, so the signed log never changes because
 * someone looked. Value layout (little fuss, fixed size, big-endian):
 * count (8) ‖ first (8) ‖ last (8) ‖ nregions (1) ‖ 4 regions of 8 bytes
 * (NUL-padded). Keys are the identifier bytes (identifiers longer than 400
 * bytes are never counted: no label carries one). When the environment
 * cannot be opened (a read-only folder), counting stays in memory.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>

#include "core/store.h"
#include "web/internal.h"

#define BUCKETS     4096
#define MAX_ENTRIES 65536
#define KEY_MAX     400
#define VAL_BYTES   (8 + 8 + 8 + 1 + WEB_SCAN_REGIONS * 8)

struct entry {
    struct entry *next;
    web_scan_info info;
    bool          dirty;
    size_t        len;
    char          id[];
};

struct web_scans {
    pthread_mutex_t mu;
    MDB_env        *env;
    MDB_dbi         dbi;
    struct entry   *b[BUCKETS];
    size_t          n;
};

static uint64_t
hash(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char) s[i]) * 0x100000001b3u;
    }
    return h;
}

static void
load(web_scans *s, struct entry *e)
{
    MDB_txn *txn = NULL;
    MDB_val  k   = {e->len, e->id}, v;

    if (s->env == NULL || mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != MDB_SUCCESS) {
        return;
    }
    if (mdb_get(txn, s->dbi, &k, &v) == MDB_SUCCESS && v.mv_size == VAL_BYTES) {
        const unsigned char *p = v.mv_data;

        e->info.count    = txng_be64_load(p);
        e->info.first    = (int64_t) txng_be64_load(p + 8);
        e->info.last     = (int64_t) txng_be64_load(p + 16);
        e->info.nregions = p[24] > WEB_SCAN_REGIONS ? WEB_SCAN_REGIONS : p[24];
        for (unsigned i = 0; i < WEB_SCAN_REGIONS; i++) {
            memcpy(e->info.regions[i], p + 25 + 8 * i, 7);
            e->info.regions[i][7] = '\0';
        }
    }
    mdb_txn_abort(txn);
}

static void
flush_locked(web_scans *s)
{
    MDB_txn *txn = NULL;

    if (s->env == NULL || txng_store_wtxn_begin(s->env, &txn) != TXNG_OK) {
        return;
    }
    for (size_t i = 0; i < BUCKETS; i++) {
        for (struct entry *e = s->b[i]; e != NULL; e = e->next) {
            unsigned char val[VAL_BYTES] = {0};
            MDB_val       k = {e->len, e->id}, v = {VAL_BYTES, val};

            if (!e->dirty) {
                continue;
            }
            txng_be64_store(val, e->info.count);
            txng_be64_store(val + 8, (uint64_t) e->info.first);
            txng_be64_store(val + 16, (uint64_t) e->info.last);
            val[24] = (unsigned char) e->info.nregions;
            for (unsigned r = 0; r < WEB_SCAN_REGIONS; r++) {
                memcpy(val + 25 + 8 * r, e->info.regions[r], 7);
            }
            if (mdb_put(txn, s->dbi, &k, &v, 0) != MDB_SUCCESS) {
                mdb_txn_abort(txn);
                return;
            }
        }
    }
    /* Entries stay dirty until their counts are on disk, for the next flush. */
    if (mdb_txn_commit(txn) != MDB_SUCCESS) {
        return;
    }
    for (size_t i = 0; i < BUCKETS; i++) {
        for (struct entry *e = s->b[i]; e != NULL; e = e->next) {
            e->dirty = false;
        }
    }
}

static void
drop_clean(web_scans *s)
{
    for (size_t i = 0; i < BUCKETS; i++) {
        struct entry **pp = &s->b[i];

        while (*pp != NULL) {
            struct entry *e = *pp;

            if (!e->dirty) {
                *pp = e->next;
                free(e);
                s->n--;
            } else {
                pp = &e->next;
            }
        }
    }
}

static struct entry *
find(web_scans *s, const char *id, bool create)
{
    size_t        len = strlen(id);
    uint64_t      h   = hash(id, len) % BUCKETS;
    struct entry *e;

    if (len == 0 || len > KEY_MAX) {
        return NULL;
    }
    for (e = s->b[h]; e != NULL; e = e->next) {
        if (e->len == len && memcmp(e->id, id, len) == 0) {
            return e;
        }
    }
    if (!create) {
        return NULL;
    }
    if (s->n >= MAX_ENTRIES) {
        flush_locked(s);
        drop_clean(s);
    }
    e = calloc(1, sizeof *e + len + 1);
    if (e == NULL) {
        return NULL;
    }
    memcpy(e->id, id, len);
    e->len = len;
    load(s, e);
    e->next = s->b[h];
    s->b[h] = e;
    s->n++;
    return e;
}

txng_err
web_scans_open(web_scans **out, const char *dir)
{
    web_scans *s = calloc(1, sizeof *s);
    char      *path;
    MDB_txn   *txn = NULL;
    size_t     n   = strlen(dir) + sizeof "/scans";

    *out = NULL;
    if (s == NULL) {
        return TXNG_ENOMEM;
    }
    pthread_mutex_init(&s->mu, NULL);
    path = malloc(n);
    if (path == NULL) {
        free(s);
        return TXNG_ENOMEM;
    }
    snprintf(path, n, "%s/scans", dir);
    if ((mkdir(path, 0700) == 0 || errno == EEXIST) && mdb_env_create(&s->env) == MDB_SUCCESS) {
        mdb_env_set_mapsize(s->env, (size_t) 1 << 30);
        if (mdb_env_open(s->env, path, MDB_NOTLS, 0600) != MDB_SUCCESS ||
            mdb_txn_begin(s->env, NULL, 0, &txn) != MDB_SUCCESS ||
            mdb_dbi_open(txn, NULL, 0, &s->dbi) != MDB_SUCCESS ||
            mdb_txn_commit(txn) != MDB_SUCCESS) {
            mdb_env_close(s->env);
            s->env = NULL;
        }
    } else {
        s->env = NULL;
    }
    free(path);
    *out = s;
    return TXNG_OK;
}

void
web_scans_hit(web_scans *s, const char *id, const char *region, int64_t now, web_scan_info *info)
{
    struct entry *e;

    memset(info, 0, sizeof *info);
    pthread_mutex_lock(&s->mu);
    e = find(s, id, true);
    if (e != NULL) {
        if (e->info.count == 0) {
            e->info.first = now;
        }
        e->info.count++;
        e->info.last = now;
        if (region != NULL && region[0] != '\0') {
            bool seen = false;

            for (unsigned i = 0; i < e->info.nregions; i++) {
                seen = seen || strcmp(e->info.regions[i], region) == 0;
            }
            if (!seen && e->info.nregions < WEB_SCAN_REGIONS) {
                snprintf(e->info.regions[e->info.nregions++], 8, "%s", region);
            }
        }
        e->dirty = true;
        *info    = e->info;
    }
    pthread_mutex_unlock(&s->mu);
}

void
web_scans_get(web_scans *s, const char *id, web_scan_info *info)
{
    struct entry *e;

    memset(info, 0, sizeof *info);
    pthread_mutex_lock(&s->mu);
    e = find(s, id, true);
    if (e != NULL) {
        *info = e->info;
    }
    pthread_mutex_unlock(&s->mu);
}

void
web_scans_flush(web_scans *s)
{
    pthread_mutex_lock(&s->mu);
    flush_locked(s);
    pthread_mutex_unlock(&s->mu);
}

void
web_scans_close(web_scans *s)
{
    if (s == NULL) {
        return;
    }
    web_scans_flush(s);
    for (size_t i = 0; i < BUCKETS; i++) {
        struct entry *e = s->b[i];

        while (e != NULL) {
            struct entry *next = e->next;

            free(e);
            e = next;
        }
    }
    if (s->env != NULL) {
        mdb_env_close(s->env);
    }
    pthread_mutex_destroy(&s->mu);
    free(s);
}
