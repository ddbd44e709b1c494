/*
 * log.c - the append-only, hash-chained, Merkle-checkpointed event log
 *
 * Layout (docs/format.md, "Storage"): `records` maps the 8-byte big-endian
 * index to the canonical record bytes; `nodes` maps (level byte, 8-byte
 * big-endian index) to the hash of each complete subtree, level 0 being the
 * leaf hashes; `keys` maps a key name to id ‖ pk ‖ enrolled ‖ revoked ‖ role;
 * `checkpoints` maps the 8-byte tree size to the signed note; `ids` (dupsort)
 * maps each identifier an event names to index ‖ role (core/index.h); `meta`
 * holds "version" and "origin". Keys are big-endian so that cursor order is
 * index order and MDB_APPEND may be used for records and checkpoints.
 *
 * Verify checks `ids` in bounded memory: a keyed, order-independent sum
 * (SipHash-128 of value ‖ key, added lane-wise mod 2^64) of the entries the
 * records make, kept per round of VCHUNK records, against the same sum over the
 * stored entries bucketed by the index in their value. The key is random per
 * run, so a forger cannot aim at a collision. On a mismatch the first bad
 * round is summed again record by record to name the record.
 *
 * An append is one write transaction. The compact range of the current size
 * is rebuilt from `nodes` (one read per set bit of the size), the records
 * are appended, and the checkpoint for the new size is signed and stored
 * after checking that the previous one has the root the tree has at its size.
 *
 * Work on a batch (verification) runs in chunks of CHUNK (VCHUNK) records, in
 * three phases: (1) per-record work that needs no log state (parse, check,
 * canonical bytes, hashing, signing) on all cores; (2) the sequential part
 * (indexes, prev links, key state, Merkle tree, LMDB) on the calling
 * thread; (3) signature verification on all cores. The first failure by
 * position wins, whichever phase found it. Verify overlaps phase 3 of one
 * chunk with phases 1 and 2 of the next (txng_log_verify()).
 *
 * The writer lock (txng_log_lock()) is a flock(2) on data.mdb through a
 * descriptor of its own, opened when the lock is taken and closed when it is
 * let go. flock belongs to the open file description, not to the process
 * (fcntl(2) record locks do, and closing any descriptor of a file drops
 * them), so a descriptor per taking makes handles in one process exclude each
 * other, and a process forked while the lock is free inherits no descriptor
 * that could hold it. LMDB's own locks are fcntl locks and mutexes in
 * lock.mdb: it never locks data.mdb, so closing this descriptor leaves them
 * alone. A recursive mutex per handle makes the lock re-entrant for the
 * thread holding it and lets one thread in at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>

#include "core/canon.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/keystate.h"
#include "core/par.h"
#include "core/record.h"
#include "core/store.h"
#include "core/verify.h"

/* Records handled per phase round; bounds the memory of big batches. */
#define CHUNK 4096
/* Chunks of an append in flight: phase 3 of one, phase 2 of the next, phase 1 of a third. */
#define NBATCH 3
/* Records verified per phase round: each holds a parsed record (about 2 KiB of
 * jansson tree) and a struct item (1.9 KiB) until its round ends, and two rounds are
 * in flight (txng_log_verify()), so this is most of verify's heap (one round of 4096
 * gave 18 MB, massif); it costs no measurable speed.
 * The map pages a round read are dropped when it ends: in a log written by many
 * transactions, records, nodes and ids pages interleave across the file, and with
 * fault-around one round maps about 16 MiB. On 300,000 records appended 1,000 at
 * a time, dropping every fourth round peaked at 51.9 MiB, every round at 25.4 MiB,
 * at the same speed (docs/performance.md). */
#define VCHUNK 1024
/* `ids` entries read between two drop_pages() in verify. Their pages lie all over
 * the file and each fault maps up to 16 neighbouring pages (fault-around):
 * 65,536 entries between drops held 64 MiB of the map at 300,000 records. */
#define IDS_DROP 4096
/* Fewest events an append starts worker threads for. */
#define POOL_MIN 64
/* Latest "recorded" time: 9999-12-31T23:59:59Z. */
#define TIME_MAX 253402300799LL
#define TYPE_LEN (sizeof TXNG_EVENT_PAYLOAD_TYPE - 1)
#define ROLE_MAX 31
#define PROOF_HEAD "c2sp.org/tlog-proof@v1\n"

struct txng_log {
    txng_store  st;
    char       *dir;
    unsigned    flags;
    char        origin[TXNG_ORIGIN_MAX + 1];
    txng_pubkey pub;
    MDB_txn    *rtxn; /* reset between calls and renewed, to save a reader slot lookup */
    /* The writer lock: wmu (recursive) guards wdepth and wfd; wfd holds the flock while
     * wdepth > 0. wmu_ok says wmu was initialised, for the failure paths of open. */
    pthread_mutex_t wmu;
    bool            wmu_ok;
    unsigned        wdepth;
    int             wfd;
    char           *wpath; /* DIR/data.mdb */
};

/* A growing byte buffer. */
struct buf {
    char  *p;
    size_t len, cap;
};

/* One event of a batch, or one record under verification. */
struct item {
    json_t             *event; /* borrowed: from the caller or from rec */
    json_t             *sigs;  /* borrowed; NULL for append_as */
    txng_record        *rec;   /* verify: owned */
    const char         *bytes; /* verify: record bytes in the map */
    size_t              len;
    char               *ev_owned; /* append: canonical event bytes */
    const char         *ev;
    size_t              ev_len;
    crypto_hash_sha256_state lh; /* append: the leaf hash over its record's head (leaf_head()) */
    unsigned char       leaf[TXNG_HASH_BYTES];
    size_t              nsig;
    unsigned char       sig[TXNG_EVENT_MAX_SIGS][TXNG_SIG_BYTES];
    unsigned char       pk[TXNG_EVENT_MAX_SIGS][TXNG_PK_BYTES];
    const char         *cp_note; /* verify: checkpoint stored at this record's size */
    size_t              cp_len;
    txng_err            err;
    txng_err            cp_err;
    txng_diag           diag;
    txng_index_list     ids;        /* append: the identifiers to index */
    uint64_t            sig_when;   /* append: txng_index_sig_time() of the event */
    uint64_t            ids_sum[2]; /* verify: keyed sum of the entries it makes */
    uint64_t            ids_n;
    bool                held;    /* append once: already in the log, left out */
    uint64_t            held_at; /* the record that holds it */
};


/* ---- small helpers ---------------------------------------------------------------------- */

static txng_err
buf_reserve(struct buf *b, size_t extra)
{
    size_t cap;
    char  *p;

    if (b->cap - b->len > extra)
        return TXNG_OK;
    cap = b->cap ? b->cap : 512;
    while (cap - b->len <= extra)
        cap *= 2;
    p = realloc(b->p, cap);
    if (p == NULL)
        return TXNG_ENOMEM;
    b->p   = p;
    b->cap = cap;
    return TXNG_OK;
}

/* Append after buf_reserve() made room. */
static void
buf_put(struct buf *b, const void *p, size_t len)
{
    memcpy(b->p + b->len, p, len);
    b->len += len;
}

#define BUF_LIT(b, s) buf_put((b), (s), sizeof(s) - 1)

static txng_err
buf_add(struct buf *b, const void *p, size_t len)
{
    if (buf_reserve(b, len) != TXNG_OK)
        return TXNG_ENOMEM;
    buf_put(b, p, len);
    return TXNG_OK;
}

/* A JSON string as RFC 8785 writes it: only '"', '\\' and controls are escaped. */
static txng_err
buf_jcs_string(struct buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";

    if (buf_reserve(b, 6 * len + 2) != TXNG_OK)
        return TXNG_ENOMEM;
    b->p[b->len++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) s[i];

        if (c == '"' || c == '\\') {
            b->p[b->len++] = '\\';
            b->p[b->len++] = (char) c;
        } else if (c < 0x20) {
            const char *esc = NULL;

            switch (c) {
            case '\b': esc = "\\b"; break;
            case '\t': esc = "\\t"; break;
            case '\n': esc = "\\n"; break;
            case '\f': esc = "\\f"; break;
            case '\r': esc = "\\r"; break;
            default: break;
            }
            if (esc != NULL) {
                buf_put(b, esc, 2);
            } else {
                char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

                buf_put(b, u, 6);
            }
        } else {
            b->p[b->len++] = (char) c;
        }
    }
    b->p[b->len++] = '"';
    return TXNG_OK;
}

/* PAE(event type, ev) into @p b. */
static txng_err
pae_build(struct buf *b, const char *ev, size_t ev_len)
{
    char head[96];
    int  n = snprintf(head, sizeof head, "DSSEv1 %zu %s %zu ", TYPE_LEN, TXNG_EVENT_PAYLOAD_TYPE,
                      ev_len);

    b->len = 0;
    if (buf_reserve(b, (size_t) n + ev_len) != TXNG_OK)
        return TXNG_ENOMEM;
    buf_put(b, head, (size_t) n);
    buf_put(b, ev, ev_len);
    return TXNG_OK;
}

bool
txng_log_role_valid(const char *role, size_t len)
{
    if (len == 0 || len > ROLE_MAX || strcmp(role, "log") == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (role[i] < 'a' || role[i] > 'z')
            return false;
    return true;
}

static char *
path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char  *p = malloc(a + b + 2);

    if (p == NULL)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

/* The parts of a new handle every constructor needs: dir, writer lock. */
static txng_err
handle_new(txng_log **out, const char *dir)
{
    pthread_mutexattr_t attr;
    txng_log           *log;
    int                 rc;

    *out = NULL;
    log  = calloc(1, sizeof *log);
    if (log == NULL)
        return TXNG_ENOMEM;
    log->wfd = -1;
    if ((log->dir = strdup(dir)) == NULL ||
        (log->wpath = path_join(dir, TXNG_LOG_LOCK_FILE)) == NULL) {
        free(log->dir);
        free(log);
        return TXNG_ENOMEM;
    }
    rc = pthread_mutexattr_init(&attr);
    if (rc == 0) {
        rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
        if (rc == 0)
            rc = pthread_mutex_init(&log->wmu, &attr);
        pthread_mutexattr_destroy(&attr);
    }
    log->wmu_ok = rc == 0;
    *out        = log;
    if (rc != 0) {
        errno = rc;
        return TXNG_ESYS;
    }
    return TXNG_OK;
}

/* Free a handle whose store is closed or was never opened. */
static void
handle_free(txng_log *log)
{
    if (log == NULL)
        return;
    if (log->wfd >= 0)
        close(log->wfd); /* closed while locked: a caller bug, but the lock goes too */
    if (log->wmu_ok) {
        /* Destroying a locked mutex is undefined: let go of the levels this thread holds
         * (a recursive trylock succeeds only for the owner, adding one more level). */
        if (log->wdepth > 0 && pthread_mutex_trylock(&log->wmu) == 0)
            for (unsigned d = 0; d <= log->wdepth; d++)
                pthread_mutex_unlock(&log->wmu);
        pthread_mutex_destroy(&log->wmu);
    }
    free(log->wpath);
    free(log->dir);
    free(log);
}

/* ---- keys -------------------------------------------------------------------------------- */

static size_t
keyval_encode(unsigned char *out, const txng_key_info *k)
{
    size_t rlen = strlen(k->role);

    txng_be32_store(out, k->key.id);
    memcpy(out + 4, k->key.pk, TXNG_PK_BYTES);
    txng_be64_store(out + 36, k->enrolled);
    txng_be64_store(out + 44, k->is_revoked ? k->revoked : TXNG_STORE_NOT_REVOKED);
    memcpy(out + TXNG_STORE_KEYVAL_FIXED, k->role, rlen);
    return TXNG_STORE_KEYVAL_FIXED + rlen;
}

static txng_err
keyval_decode(txng_key_info *k, const void *name, size_t name_len, const void *val, size_t len)
{
    const unsigned char *v = val;
    uint64_t             revoked;

    memset(k, 0, sizeof *k);
    if (name_len == 0 || name_len > TXNG_KEY_NAME_MAX || len <= TXNG_STORE_KEYVAL_FIXED ||
        len > TXNG_STORE_KEYVAL_FIXED + ROLE_MAX || memchr(name, 0, name_len) != NULL)
        return TXNG_ECORRUPT;
    memcpy(k->key.name, name, name_len);
    k->key.id = txng_be32_load(v);
    memcpy(k->key.pk, v + 4, TXNG_PK_BYTES);
    k->enrolled   = txng_be64_load(v + 36);
    revoked       = txng_be64_load(v + 44);
    k->is_revoked = revoked != TXNG_STORE_NOT_REVOKED;
    k->revoked    = k->is_revoked ? revoked : 0;
    memcpy(k->role, v + TXNG_STORE_KEYVAL_FIXED, len - TXNG_STORE_KEYVAL_FIXED);
    if (memchr(k->role, 0, len - TXNG_STORE_KEYVAL_FIXED) != NULL)
        return TXNG_ECORRUPT;
    return TXNG_OK;
}

struct lmdb_keys {
    const txng_store *st;
    MDB_txn          *txn;
};

static txng_err
lmdb_key_get(void *ctx, const char *name, txng_key_info *out)
{
    struct lmdb_keys *lk = ctx;
    MDB_val           k  = { strlen(name), (void *) (uintptr_t) name }, v;
    int               rc;

    if (k.mv_size == 0 || k.mv_size > TXNG_KEY_NAME_MAX)
        return TXNG_ENOTFOUND;
    rc = mdb_get(lk->txn, lk->st->keys, &k, &v);
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    return keyval_decode(out, name, k.mv_size, v.mv_data, v.mv_size);
}

static txng_err
lmdb_key_put(void *ctx, const txng_key_info *info)
{
    struct lmdb_keys *lk = ctx;
    unsigned char     buf[TXNG_STORE_KEYVAL_FIXED + ROLE_MAX + 1];
    MDB_val           k = { strlen(info->key.name), (void *) (uintptr_t) info->key.name };
    MDB_val           v = { keyval_encode(buf, info), buf };

    return txng_store_from_mdb(mdb_put(lk->txn, lk->st->keys, &k, &v, 0));
}

/* The key state replayed by verify: an open-addressing table over the names. */
struct ktable {
    txng_key_info *v;
    size_t         n, cap;
    uint32_t      *slot; /* entry + 1, 0 = empty */
    size_t         nslot;
};

static uint64_t
name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char) *s++) * 1099511628211ULL;
    return h;
}

static size_t
ktable_find(const struct ktable *t, const char *name)
{
    size_t i = (size_t) name_hash(name) & (t->nslot - 1);

    while (t->slot[i] != 0 && strcmp(t->v[t->slot[i] - 1].key.name, name) != 0)
        i = (i + 1) & (t->nslot - 1);
    return i;
}

static txng_err
ktable_get(void *ctx, const char *name, txng_key_info *out)
{
    struct ktable *t = ctx;
    size_t         i;

    if (t->nslot == 0)
        return TXNG_ENOTFOUND;
    i = ktable_find(t, name);
    if (t->slot[i] == 0)
        return TXNG_ENOTFOUND;
    *out = t->v[t->slot[i] - 1];
    return TXNG_OK;
}

static txng_err
ktable_put(void *ctx, const txng_key_info *info)
{
    struct ktable *t = ctx;
    size_t         i;

    if (t->n + 1 > t->nslot / 2) {
        size_t    nslot = t->nslot ? t->nslot * 2 : 64;
        uint32_t *slot  = calloc(nslot, sizeof *slot);

        if (slot == NULL || t->n >= UINT32_MAX - 1) {
            free(slot);
            return TXNG_ENOMEM;
        }
        free(t->slot);
        t->slot  = slot;
        t->nslot = nslot;
        for (size_t e = 0; e < t->n; e++)
            t->slot[ktable_find(t, t->v[e].key.name)] = (uint32_t) (e + 1);
    }
    i = ktable_find(t, info->key.name);
    if (t->slot[i] != 0) {
        t->v[t->slot[i] - 1] = *info;
        return TXNG_OK;
    }
    if (t->n == t->cap) {
        size_t         cap = t->cap ? t->cap * 2 : 16;
        txng_key_info *v   = realloc(t->v, cap * sizeof *v);

        if (v == NULL)
            return TXNG_ENOMEM;
        t->v   = v;
        t->cap = cap;
    }
    t->v[t->n++] = *info;
    t->slot[i]   = (uint32_t) t->n;
    return TXNG_OK;
}

static void
ktable_free(struct ktable *t)
{
    free(t->v);
    free(t->slot);
}

/* Set @p reason on @p diag for the key of signature @p j (none if SIZE_MAX). */
static void
sig_key_fail(txng_diag *diag, const char *reason, size_t j)
{
    char field[48];

    if (j != SIZE_MAX)
        snprintf(field, sizeof field, "signatures/%zu/key", j);
    txng_diag_set_once(diag, reason, j != SIZE_MAX ? field : NULL);
}

/* Find the key signature @p j (SIZE_MAX: the actor's) names, as the key state stands. */
static txng_err
resolve_sig(const char *ref, txng_keystate_get_fn get, void *ctx, txng_key_info *info, txng_diag *diag,
            size_t j)
{
    char     name[TXNG_KEY_NAME_MAX + 1];
    uint32_t id;
    txng_err err;

    if (txng_keyref_parse(ref, name, &id) != TXNG_OK) {
        sig_key_fail(diag, TXNG_N_("signature key is not NAME+KEYID"), j);
        return TXNG_EFORMAT;
    }
    err = get(ctx, name, info);
    if (err == TXNG_ENOTFOUND || (err == TXNG_OK && info->key.id != id)) {
        sig_key_fail(diag, TXNG_N_("signed by an unknown key"), j);
        return TXNG_EBADSIG;
    }
    if (err != TXNG_OK)
        return err;
    if (info->is_revoked) {
        sig_key_fail(diag, TXNG_N_("signed by a revoked key"), j);
        return TXNG_EPERM;
    }
    return TXNG_OK;
}

/* ---- records, nodes, checkpoints ------------------------------------------------------- */

/* A record begins with this, then its event: "event" is the first key in JCS order. */
#define RECORD_HEAD "{\"event\":"
#define RECORD_HEAD_LEN (sizeof RECORD_HEAD - 1)

/*
 * Start the leaf hash of the record that will carry the event @p ev: SHA-256 over
 * 0x00 ‖ RECORD_HEAD ‖ @p ev, the part of the record that does not depend on its place
 * in the log, so that worker threads hash most of each record and the thread that
 * chains the records (each names its predecessor's leaf hash) hashes only its tail
 * (put_record()).
 */
static void
leaf_head(crypto_hash_sha256_state *st, const char *ev, size_t ev_len)
{
    static const unsigned char head[] = "\0" RECORD_HEAD;

    crypto_hash_sha256_init(st);
    crypto_hash_sha256_update(st, head, sizeof head - 1);
    crypto_hash_sha256_update(st, (const unsigned char *) ev, ev_len);
}

/*
 * The record bytes, built in key order from canonical pieces: "event" <
 * "index" < "prev" < "recorded" < "signatures" < "v". Equal to
 * txng_record_encode() of the same values (tested).
 */
static txng_err
record_build(struct buf *b, const char *ev, size_t ev_len, uint64_t index,
             const unsigned char *prev, const char *when, const char *sigs, size_t sigs_len)
{
    char num[24];
    int  nlen = snprintf(num, sizeof num, "%llu", (unsigned long long) index);

    b->len = 0;
    if (buf_reserve(b, ev_len + sigs_len + 160) != TXNG_OK)
        return TXNG_ENOMEM;
    BUF_LIT(b, RECORD_HEAD);
    buf_put(b, ev, ev_len);
    BUF_LIT(b, ",\"index\":");
    buf_put(b, num, (size_t) nlen);
    BUF_LIT(b, ",\"prev\":\"");
    if (prev != NULL)
        b->len += txng_b64_encode(b->p + b->len, prev, TXNG_HASH_BYTES);
    BUF_LIT(b, "\",\"recorded\":\"");
    buf_put(b, when, 20);
    BUF_LIT(b, "\",\"signatures\":");
    buf_put(b, sigs, sigs_len);
    BUF_LIT(b, ",\"v\":1}");
    return TXNG_OK;
}

/* Canonical bytes of a signatures array that passed txng_signatures_check(). */
static txng_err
sigs_build(struct buf *b, const json_t *sigs)
{
    b->len = 0;
    if (buf_add(b, "[", 1) != TXNG_OK)
        return TXNG_ENOMEM;
    for (size_t i = 0; i < json_array_size(sigs); i++) {
        const json_t *s   = json_array_get(sigs, i);
        const json_t *key = json_object_get(s, "key");
        const json_t *sig = json_object_get(s, "sig");

        if (buf_add(b, i ? ",{\"key\":" : "{\"key\":", i ? 8 : 7) != TXNG_OK ||
            buf_jcs_string(b, json_string_value(key), json_string_length(key)) != TXNG_OK ||
            buf_add(b, ",\"sig\":\"", 8) != TXNG_OK ||
            buf_add(b, json_string_value(sig), json_string_length(sig)) != TXNG_OK ||
            buf_add(b, "\"}", 2) != TXNG_OK)
            return TXNG_ENOMEM;
    }
    return buf_add(b, "]", 1);
}

/* Canonical bytes of [{"key": ref, "sig": b64(sig)}]. */
static txng_err
sigs_build_one(struct buf *b, const char *ref, const unsigned char sig[TXNG_SIG_BYTES])
{
    char b64[TXNG_B64_SIZE(TXNG_SIG_BYTES)];
    size_t n = txng_b64_encode(b64, sig, TXNG_SIG_BYTES);

    b->len = 0;
    if (buf_add(b, "[{\"key\":", 8) != TXNG_OK || buf_jcs_string(b, ref, strlen(ref)) != TXNG_OK ||
        buf_add(b, ",\"sig\":\"", 8) != TXNG_OK || buf_add(b, b64, n) != TXNG_OK ||
        buf_add(b, "\"}]", 3) != TXNG_OK)
        return TXNG_ENOMEM;
    return TXNG_OK;
}

/* State of one write transaction. */
struct wctx {
    txng_log         *log;
    MDB_txn          *txn;
    uint64_t          size;
    txng_merkle_range range;
    unsigned char     prev[TXNG_HASH_BYTES];
    txng_err          node_err;
    bool              have_root0; /* root0 is the root at size0, from the range */
    uint64_t          size0;
    unsigned char     root0[TXNG_HASH_BYTES];
};

static void
node_put(void *ctx, unsigned level, uint64_t index, const unsigned char hash[TXNG_HASH_BYTES])
{
    struct wctx  *w = ctx;
    unsigned char key[TXNG_STORE_NODE_KEY];
    MDB_val       k = { sizeof key, key }, v = { TXNG_HASH_BYTES, (void *) (uintptr_t) hash };
    int           rc;

    if (w->node_err != TXNG_OK)
        return;
    txng_node_key(key, level, index);
    rc = mdb_put(w->txn, w->log->st.nodes, &k, &v, 0);
    if (rc != MDB_SUCCESS)
        w->node_err = txng_store_from_mdb(rc);
}

/* Begin a write transaction from the newest commit (txng_store_wtxn_begin()). */
static txng_err
wtxn_begin(txng_log *log, MDB_txn **txn, txng_diag *diag)
{
    txng_err err = txng_store_wtxn_begin(log->st.env, txn);

    if (err == TXNG_ESYS && errno == EIO)
        txng_diag_set_once(diag,
                           TXNG_N_("the log's lock file is out of step with its data; close "
                                   "every program using the log, then try again"),
                           "lock.mdb");
    return err;
}

static txng_err
wctx_begin(struct wctx *w, txng_log *log, txng_diag *diag)
{
    txng_store_nodes ns;
    txng_err         err;

    memset(w, 0, sizeof *w);
    w->log = log;
    err    = wtxn_begin(log, &w->txn, diag);
    if (err != TXNG_OK)
        return err;
    err = txng_store_size(&log->st, w->txn, &w->size);
    if (err != TXNG_OK)
        return err;
    ns = (txng_store_nodes){ &log->st, w->txn };
    txng_merkle_range_init(&w->range);
    w->range.size = w->size;
    for (unsigned l = 0; l < 64; l++) {
        if (((w->size >> l) & 1) == 0)
            continue;
        err = txng_store_node_get(&ns, l, (w->size >> l) - 1, w->range.hashes[l]);
        if (err != TXNG_OK)
            return err;
    }
    /* The root at the starting size, which put_checkpoint() compares with the
     * last checkpoint: the same nodes txng_merkle_root() would read again. */
    txng_merkle_range_root(&w->range, w->root0);
    w->size0      = w->size;
    w->have_root0 = true;
    if (w->size > 0)
        return txng_store_node_get(&ns, 0, w->size - 1, w->prev);
    return TXNG_OK;
}

/*
 * Store record @p bytes at the end of the log and push its leaf hash. @p head, if not
 * NULL, is leaf_head() of its first @p head_len bytes (RECORD_HEAD and the event), and
 * the hash goes on from there.
 */
static txng_err
put_record(struct wctx *w, const char *bytes, size_t len, const crypto_hash_sha256_state *head,
           size_t head_len)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key }, v = { len, (void *) (uintptr_t) bytes };
    unsigned char leaf[TXNG_HASH_BYTES];
    int           rc;

    txng_be64_store(key, w->size);
    rc = mdb_put(w->txn, w->log->st.records, &k, &v, MDB_APPEND);
    if (rc != MDB_SUCCESS)
        return rc == MDB_KEYEXIST ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
    if (head != NULL) {
        crypto_hash_sha256_state st = *head;

        crypto_hash_sha256_update(&st, (const unsigned char *) bytes + head_len, len - head_len);
        crypto_hash_sha256_final(&st, leaf);
    } else {
        txng_hash_leaf(leaf, bytes, len);
    }
    txng_merkle_range_push(&w->range, leaf, node_put, w);
    if (w->node_err != TXNG_OK)
        return w->node_err;
    memcpy(w->prev, leaf, sizeof leaf);
    w->size++;
    return TXNG_OK;
}

/*
 * Keep the records in time order: @p now may not be earlier than the newest
 * record's time; within TXNG_LOG_CLOCK_SLACK it is raised to it.
 */
static txng_err
recorded_floor(struct wctx *w, int64_t *now, txng_diag *diag)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key }, v;
    int64_t       newest;
    char          when[32];
    txng_err      err;

    txng_be64_store(key, w->size - 1);
    err = txng_store_from_mdb(mdb_get(w->txn, w->log->st.records, &k, &v));
    if (err == TXNG_OK && txng_record_time(v.mv_data, v.mv_size, &newest) != TXNG_OK)
        err = TXNG_ECORRUPT;
    if (err != TXNG_OK)
        return err == TXNG_ENOTFOUND ? TXNG_ECORRUPT : err;
    if (*now >= newest)
        return TXNG_OK;
    if (newest - *now <= TXNG_LOG_CLOCK_SLACK) {
        *now = newest;
        return TXNG_OK;
    }
    txng_time_format(when, newest);
    txng_diag_set_once(diag,
                       TXNG_N_("the time is before the newest record's: records are kept in time "
                               "order; set this computer's clock, or give a later time"),
                       "recorded");
    txng_diag_value(diag, TXNG_N_("newest record"), "%s", when);
    return TXNG_EINVAL;
}

/* Index the identifiers of record @p index (already extracted). */
static txng_err
put_ids(struct wctx *w, const txng_index_list *ids, uint64_t index)
{
    unsigned char key[TXNG_INDEX_KEY_MAX], val[TXNG_INDEX_VAL_BYTES];
    MDB_val       k = { 0, key }, v = { sizeof val, val };

    for (size_t i = 0; i < ids->n; i++) {
        int rc;

        k.mv_size = txng_index_key(key, ids->v[i].id, ids->v[i].id_len);
        txng_index_value(val, index, ids->v[i].role);
        rc = mdb_put(w->txn, w->log->st.ids, &k, &v, 0);
        if (rc != MDB_SUCCESS)
            return txng_store_from_mdb(rc);
    }
    return TXNG_OK;
}

/*
 * File each of the @p nsig signatures of record @p index, whose event has the
 * signature time @p when (see txng_index_sig_key()).
 */
static txng_err
put_sigs(struct wctx *w, const unsigned char (*sig)[TXNG_SIG_BYTES], size_t nsig, uint64_t when,
         uint64_t index)
{
    unsigned char key[TXNG_INDEX_SIG_KEY], val[TXNG_INDEX_VAL_BYTES];
    MDB_val       k = { sizeof key, key }, v = { sizeof val, val };

    txng_index_value(val, index, TXNG_ROLE_SIG);
    for (size_t j = 0; j < nsig; j++) {
        int rc;

        txng_index_sig_key(key, when, sig[j]);
        rc = mdb_put(w->txn, w->log->st.ids, &k, &v, 0);
        if (rc != MDB_SUCCESS)
            return txng_store_from_mdb(rc);
    }
    return TXNG_OK;
}

/* The raw signatures of decoded record @p rec: *@p nsig of them into @p sig. */
static txng_err
record_sigs(const txng_record *rec, unsigned char (*sig)[TXNG_SIG_BYTES], size_t *nsig)
{
    /* Neither failure can happen after txng_record_decode(). */
    if (txng_verify_sig_bytes(rec->signatures, sig, nsig) != TXNG_OK)
        return TXNG_ECORRUPT;
    return TXNG_OK;
}

/* Whether record @p index carries signature @p sig, all 64 bytes of it. */
static txng_err
record_has_sig(const txng_store *st, MDB_txn *txn, uint64_t index, const unsigned char *sig,
               bool *has)
{
    unsigned char key[8], sigs[TXNG_EVENT_MAX_SIGS][TXNG_SIG_BYTES];
    MDB_val       k = { sizeof key, key }, v;
    txng_record  *rec = NULL;
    size_t        nsig = 0;
    txng_err      err;

    *has = false;
    txng_be64_store(key, index);
    err = txng_store_from_mdb(mdb_get(txn, st->records, &k, &v));
    if (err == TXNG_OK)
        err = txng_record_decode(&rec, v.mv_data, v.mv_size, NULL);
    if (err == TXNG_OK)
        err = record_sigs(rec, sigs, &nsig);
    for (size_t j = 0; err == TXNG_OK && j < nsig && !*has; j++)
        *has = sodium_memcmp(sigs[j], sig, TXNG_SIG_BYTES) == 0;
    txng_record_free(rec);
    return err == TXNG_ENOTFOUND ? TXNG_ECORRUPT : err; /* ids names a record that is not */
}

/*
 * Whether signature @p sig of an event with signature time @p when is already
 * filed (a write transaction's own records included): then *@p index is the
 * record that carries it. Ed25519 signs deterministically, so the same event
 * signed by the same key again is the same signature: a replay, or the same
 * event sent twice. The key holds 8 bytes of the signature, so each record it
 * names is read to compare the whole signature.
 */
static txng_err
sig_filed(const txng_store *st, MDB_txn *txn, uint64_t when, const unsigned char *sig,
          bool *filed, uint64_t *index)
{
    unsigned char key[TXNG_INDEX_SIG_KEY];
    MDB_val       k = { sizeof key, key }, v;
    MDB_cursor   *cur = NULL;
    txng_err      err = TXNG_OK;
    int           rc;

    *filed = false;
    txng_index_sig_key(key, when, sig);
    rc = mdb_cursor_open(txn, st->ids, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
        if (v.mv_size == TXNG_INDEX_VAL_BYTES &&
            ((const unsigned char *) v.mv_data)[8] == TXNG_ROLE_SIG) {
            *index = txng_be64_load(v.mv_data);
            err    = record_has_sig(st, txn, *index, sig, filed);
            if (err != TXNG_OK || *filed)
                break;
        }
    }
    mdb_cursor_close(cur);
    if (err == TXNG_OK && rc != MDB_SUCCESS && rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
    return err;
}

/*
 * Whether record @p index holds exactly the event @p ev (canonical bytes) and,
 * when @p sigs is not NULL, exactly the signatures @p sigs (the canonical
 * "signatures" value, sigs_build()).
 */
static bool
same_record(const txng_store *st, MDB_txn *txn, uint64_t index, const char *ev, size_t ev_len,
            const char *sigs, size_t sigs_len)
{
    static const char head[] = "{\"event\":", tail[] = ",\"index\":";
    static const char sig_head[] = ",\"signatures\":", sig_tail[] = ",\"v\":1}";
    unsigned char     key[8];
    MDB_val           k = { sizeof key, key }, v;
    const char       *p;
    size_t            end;

    txng_be64_store(key, index);
    if (mdb_get(txn, st->records, &k, &v) != MDB_SUCCESS)
        return false;
    p = v.mv_data;
    /* A record is canonical: the event is its first member, "index" the next; "signatures"
     * and "v" are its last two. */
    if (v.mv_size <= sizeof head - 1 + ev_len + sizeof tail - 1 ||
        memcmp(p, head, sizeof head - 1) != 0 || memcmp(p + sizeof head - 1, ev, ev_len) != 0 ||
        memcmp(p + sizeof head - 1 + ev_len, tail, sizeof tail - 1) != 0)
        return false;
    if (sigs == NULL)
        return true;
    end = sizeof head - 1 + ev_len + sizeof sig_head - 1 + sigs_len + sizeof sig_tail - 1;
    return v.mv_size > end && memcmp(p + v.mv_size - (sizeof sig_tail - 1), sig_tail,
                                     sizeof sig_tail - 1) == 0 &&
           memcmp(p + v.mv_size - (sizeof sig_tail - 1) - sigs_len, sigs, sigs_len) == 0 &&
           memcmp(p + v.mv_size - (sizeof sig_tail - 1) - sigs_len - (sizeof sig_head - 1),
                  sig_head, sizeof sig_head - 1) == 0;
}

/*
 * Whether record @p index holds exactly the event @p ev with one signature, whose
 * "signatures" value starts with @p pre: [{"key":<the key's reference>,"sig":"
 */
static bool
signed_once_by(const txng_store *st, MDB_txn *txn, uint64_t index, const char *ev,
               size_t ev_len, const char *pre, size_t pre_len)
{
    static const char sig_head[] = ",\"signatures\":", post[] = "\"}],\"v\":1}";
    const size_t      b64 = TXNG_B64_SIZE(TXNG_SIG_BYTES) - 1, tail = pre_len + b64 + sizeof post - 1;
    unsigned char     key[8];
    MDB_val           k = { sizeof key, key }, v;
    const char       *end;

    if (!same_record(st, txn, index, ev, ev_len, NULL, 0))
        return false;
    txng_be64_store(key, index);
    if (mdb_get(txn, st->records, &k, &v) != MDB_SUCCESS ||
        v.mv_size < ev_len + sizeof sig_head - 1 + tail)
        return false;
    end = (const char *) v.mv_data + v.mv_size;
    return memcmp(end - (sizeof post - 1), post, sizeof post - 1) == 0 &&
           memcmp(end - tail, pre, pre_len) == 0 &&
           memcmp(end - tail - (sizeof sig_head - 1), sig_head, sizeof sig_head - 1) == 0;
}

/*
 * Whether a record filed under signature time @p when holds the event @p ev with one
 * signature, whose "signatures" value starts with @p pre (signed_once_by()): *@p index
 * is the first such record. At most @p limit signatures of that time are looked at;
 * *@p over (if not NULL) says that there were more, and then *@p held says nothing.
 */
static txng_err
held_by_key(const txng_store *st, MDB_txn *txn, uint64_t when, const char *ev, size_t ev_len,
            const char *pre, size_t pre_len, size_t limit, bool *over, bool *held,
            uint64_t *index)
{
    static const unsigned char zero[TXNG_SIG_BYTES];
    unsigned char              key[TXNG_INDEX_SIG_KEY];
    MDB_val                    k = { sizeof key, key }, v;
    MDB_cursor                *cur = NULL;
    size_t                     seen = 0;
    int                        rc;

    *held = false;
    if (over != NULL)
        *over = false;
    txng_index_sig_key(key, when, zero); /* the first key of that time */
    rc = mdb_cursor_open(txn, st->ids, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size != TXNG_INDEX_SIG_KEY || memcmp(k.mv_data, key, 9) != 0)
            break;
        if (seen++ == limit) {
            if (over != NULL)
                *over = true;
            break;
        }
        if (v.mv_size == TXNG_INDEX_VAL_BYTES &&
            ((const unsigned char *) v.mv_data)[8] == TXNG_ROLE_SIG &&
            signed_once_by(st, txn, txng_be64_load(v.mv_data), ev, ev_len, pre, pre_len)) {
            *held  = true;
            *index = txng_be64_load(v.mv_data);
            break;
        }
    }
    mdb_cursor_close(cur);
    return rc == MDB_SUCCESS || rc == MDB_NOTFOUND ? TXNG_OK : txng_store_from_mdb(rc);
}

/*
 * As held_by_key(), among the records filed under the identifiers @p ids of the event
 * (a record that holds it was filed under each): those of the identifier with the
 * fewest, or those of its signature time @p when if there are fewer of them, so that
 * a retry of many events of one second, or of one cohort, stays cheap.
 */
static txng_err
held_by_ids(const txng_store *st, MDB_txn *txn, const txng_index_list *ids, uint64_t when,
            const char *ev, size_t ev_len, const char *pre, size_t pre_len, bool *held,
            uint64_t *index)
{
    unsigned char key[TXNG_INDEX_KEY_MAX], best[TXNG_INDEX_KEY_MAX];
    MDB_val       k, v;
    MDB_cursor   *cur = NULL;
    size_t        count, fewest = SIZE_MAX, best_len = 0;
    int           rc;

    *held = false;
    rc    = mdb_cursor_open(txn, st->ids, &cur);
    for (size_t i = 0; rc == MDB_SUCCESS && i < ids->n && fewest > 0; i++) {
        k  = (MDB_val){ txng_index_key(key, ids->v[i].id, ids->v[i].id_len), key };
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
        if (rc == MDB_NOTFOUND) {
            fewest = 0; /* filed under none: not held */
            rc     = MDB_SUCCESS;
        } else if (rc == MDB_SUCCESS && (rc = mdb_cursor_count(cur, &count)) == MDB_SUCCESS &&
                   count < fewest) {
            fewest   = count;
            best_len = k.mv_size;
            memcpy(best, key, best_len);
        }
    }
    /* Many records under the identifier (a cohort's treatments): try the records of
     * the event's second first, reading no more of them than the identifier has, and
     * fall back to the identifier's when that second holds more. A few are read at once. */
    if (rc == MDB_SUCCESS && fewest > 8) {
        bool     over;
        txng_err err = held_by_key(st, txn, when, ev, ev_len, pre, pre_len, fewest, &over, held,
                                   index);

        if (err != TXNG_OK || !over) {
            mdb_cursor_close(cur);
            return err;
        }
    }
    if (rc == MDB_SUCCESS && fewest > 0) {
        k = (MDB_val){ best_len, best };
        for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == MDB_SUCCESS;
             rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
            if (v.mv_size == TXNG_INDEX_VAL_BYTES &&
                signed_once_by(st, txn, txng_be64_load(v.mv_data), ev, ev_len, pre, pre_len)) {
                *held  = true;
                *index = txng_be64_load(v.mv_data);
                break;
            }
        }
    }
    mdb_cursor_close(cur);
    return rc == MDB_SUCCESS || rc == MDB_NOTFOUND ? TXNG_OK : txng_store_from_mdb(rc);
}

/*
 * Whether the log already holds event @p ev with exactly the signatures @p sigs, of which
 * @p sig is the first, raw: *@p index is then its record, one before @p size0 (a record
 * of the same batch is an event given twice, refuse_replay()'s to refuse).
 */
static txng_err
held_exactly(const txng_store *st, MDB_txn *txn, uint64_t size0, uint64_t when,
             const unsigned char *sig, const char *ev, size_t ev_len, const char *sigs,
             size_t sigs_len, bool *held, uint64_t *index)
{
    bool     filed;
    txng_err err = sig_filed(st, txn, when, sig, &filed, index);

    *held = err == TXNG_OK && filed && *index < size0 &&
            same_record(st, txn, *index, ev, ev_len, sigs, sigs_len);
    return err;
}

/* Refuse item @p it when one of its signatures is already in the log. */
static txng_err
refuse_replay(struct wctx *w, struct item *it)
{
    for (size_t j = 0; j < it->nsig; j++) {
        uint64_t index;
        bool     filed;
        txng_err err = sig_filed(&w->log->st, w->txn, it->sig_when, it->sig[j], &filed, &index);

        if (err != TXNG_OK)
            return err;
        if (filed && !same_record(&w->log->st, w->txn, index, it->ev, it->ev_len, NULL, 0)) {
            char field[48];

            /* A signature copied onto another event: it cannot verify over it. */
            snprintf(field, sizeof field, "signatures/%zu/sig", j);
            txng_diag_set_once(&it->diag, TXNG_N_("signature does not verify"), field);
            return TXNG_EBADSIG;
        }
        if (filed && index >= w->size0 && it->sigs == NULL) {
            /* A bare event the log signs: no signature of the input to name. */
            txng_diag_set_once(&it->diag,
                               TXNG_N_("this event was given twice; an event is appended once: "
                                       "remove the repeated one"),
                               NULL);
            return TXNG_EEXIST;
        }
        if (filed && index >= w->size0) {
            char field[48];

            /* Earlier in this batch: the record named would never exist. */
            snprintf(field, sizeof field, "signatures/%zu/sig", j);
            txng_diag_set_once(&it->diag,
                               TXNG_N_("this signed event was given twice; an event is appended "
                                       "once: remove the repeated one"),
                               field);
            return TXNG_EEXIST;
        }
        if (filed) {
            char field[48];

            snprintf(field, sizeof field, "signatures/%zu/sig", j);
            txng_diag_set_once(&it->diag,
                               TXNG_N_("this signed event is already in the log, in the record "
                                       "named; an event is appended once"),
                               field);
            it->diag.has_index = true;
            it->diag.index     = index;
            return TXNG_EEXIST;
        }
    }
    return TXNG_OK;
}

/*
 * Appending once: whether item @p it is in the log already (it->held, in record
 * it->held_at). @p sigs gets its canonical signatures: by @p actor_ref, the one made
 * here, or (NULL) those it came with.
 */
static txng_err
item_held(struct wctx *w, struct item *it, const char *actor_ref, struct buf *sigs)
{
    txng_err err = actor_ref != NULL ? sigs_build_one(sigs, actor_ref, it->sig[0])
                                     : sigs_build(sigs, it->sigs);

    if (err == TXNG_OK)
        err = held_exactly(&w->log->st, w->txn, w->size0, it->sig_when, it->sig[0], it->ev,
                           it->ev_len, sigs->p, sigs->len, &it->held, &it->held_at);
    return err;
}

/* Parse a stored checkpoint note into @p cp. */
static txng_err
checkpoint_read(txng_checkpoint *cp, txng_note *note, const void *bytes, size_t len)
{
    if (txng_note_parse(note, bytes, len, NULL) != TXNG_OK ||
        txng_checkpoint_parse(cp, bytes, note->text_len, NULL) != TXNG_OK)
        return TXNG_ECORRUPT;
    return TXNG_OK;
}

/* Sign and store the checkpoint of the current size, after checking the last one. */
static txng_err
put_checkpoint(struct wctx *w, const txng_signer *logkey, txng_diag *diag)
{
    txng_checkpoint cp, last;
    txng_note      *note = NULL;
    char           *text = NULL, *signed_note = NULL;
    size_t          text_len = 0, note_len = 0;
    MDB_cursor     *cur = NULL;
    MDB_val         k, v;
    unsigned char   key[8], root[TXNG_HASH_BYTES];
    txng_store_nodes ns = { &w->log->st, w->txn };
    txng_err        err;
    int             rc;

    rc = mdb_cursor_open(w->txn, w->log->st.checkpoints, &cur);
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
    if (rc == MDB_SUCCESS) {
        err  = TXNG_ENOMEM;
        note = malloc(sizeof *note);
        if (note == NULL)
            goto out;
        err = TXNG_ECORRUPT;
        if (k.mv_size != 8 || checkpoint_read(&last, note, v.mv_data, v.mv_size) != TXNG_OK ||
            last.size != txng_be64_load(k.mv_data) || strcmp(last.origin, w->log->origin) != 0 ||
            last.size > w->size || last.size == 0) {
            txng_diag_set_once(diag, TXNG_N_("the last checkpoint is damaged"), "checkpoints");
            goto out;
        }
        if (w->have_root0 && last.size == w->size0)
            memcpy(root, w->root0, sizeof root);
        else if ((err = txng_merkle_root(root, last.size, txng_store_node_get, &ns)) != TXNG_OK)
            goto out;
        if (sodium_memcmp(root, last.root, TXNG_HASH_BYTES) != 0) {
            txng_diag_set_once(diag,
                               TXNG_N_("the last checkpoint is not consistent with the records"),
                               "checkpoints");
            err = TXNG_EFORK;
            goto out;
        }
    } else if (rc != MDB_NOTFOUND) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    memset(&cp, 0, sizeof cp);
    memcpy(cp.origin, w->log->origin, sizeof cp.origin);
    cp.size = w->size;
    txng_merkle_range_root(&w->range, cp.root);
    err = txng_checkpoint_format(&cp, &text, &text_len);
    if (err == TXNG_OK)
        err = txng_note_sign(&signed_note, &note_len, text, text_len, logkey);
    if (err != TXNG_OK)
        goto out;
    txng_be64_store(key, cp.size);
    k  = (MDB_val){ sizeof key, key };
    v  = (MDB_val){ note_len, signed_note };
    rc = mdb_put(w->txn, w->log->st.checkpoints, &k, &v, MDB_APPEND);
    err = rc == MDB_KEYEXIST ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
out:
    mdb_cursor_close(cur);
    free(note);
    free(text);
    free(signed_note);
    return err;
}

/* ---- read transactions ------------------------------------------------------------------- */

static txng_err
rtxn_begin(txng_log *log, MDB_txn **txn)
{
    int rc;

    if (log->rtxn != NULL)
        rc = mdb_txn_renew(log->rtxn);
    else
        rc = mdb_txn_begin(log->st.env, NULL, MDB_RDONLY, &log->rtxn);
    *txn = rc == MDB_SUCCESS ? log->rtxn : NULL;
    return txng_store_from_mdb(rc);
}

static void
rtxn_end(txng_log *log)
{
    if (log->rtxn != NULL)
        mdb_txn_reset(log->rtxn);
}

txng_err
txng_log_read_begin(txng_log *log, const txng_store **st, MDB_txn **txn)
{
    *st = &log->st;
    return rtxn_begin(log, txn);
}

void
txng_log_read_end(txng_log *log)
{
    rtxn_end(log);
}

/* ---- genesis ---------------------------------------------------------------------------- */

static txng_err
write_genesis(txng_log *log, MDB_txn *txn, const txng_signer *logkey, int64_t now)
{
    const txng_pubkey *pub = txng_signer_pubkey(logkey);
    struct wctx        w;
    struct buf         rec = { 0 }, sigs = { 0 }, pae = { 0 };
    json_t            *ev  = NULL;
    char              *evb = NULL;
    size_t             ev_len = 0;
    char               vkey[TXNG_VKEY_MAX], ref[TXNG_KEYREF_MAX], when[32];
    unsigned char      sig[TXNG_SIG_BYTES], ver[4];
    txng_key_info      info;
    struct lmdb_keys   lk  = { &log->st, txn };
    MDB_val            k, v;
    txng_err           err = TXNG_ENOMEM;
    int                rc;

    memset(&w, 0, sizeof w);
    w.log = log;
    w.txn = txn;
    txng_merkle_range_init(&w.range);
    txng_be32_store(ver, TXNG_STORE_VERSION);
    k  = (MDB_val){ 7, (void *) (uintptr_t) "version" };
    v  = (MDB_val){ 4, ver };
    rc = mdb_put(txn, log->st.meta, &k, &v, 0);
    if (rc == MDB_SUCCESS) {
        k  = (MDB_val){ 6, (void *) (uintptr_t) "origin" };
        v  = (MDB_val){ strlen(log->origin), log->origin };
        rc = mdb_put(txn, log->st.meta, &k, &v, 0);
    }
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    txng_pubkey_format(pub, vkey);
    txng_pubkey_ref(pub, ref);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_GENESIS, "origin", log->origin, "key",
                   vkey);
    if (ev == NULL)
        goto out;
    err = txng_event_encode(&evb, &ev_len, ev, NULL);
    if (err != TXNG_OK)
        goto out;
    err = pae_build(&pae, evb, ev_len);
    if (err != TXNG_OK)
        goto out;
    txng_signer_sign(logkey, sig, pae.p, pae.len);
    txng_time_format(when, now);
    err = sigs_build_one(&sigs, ref, sig);
    if (err == TXNG_OK)
        err = record_build(&rec, evb, ev_len, 0, NULL, when, sigs.p, sigs.len);
    if (err == TXNG_OK)
        err = put_record(&w, rec.p, rec.len, NULL, 0);
    if (err == TXNG_OK)
        err = put_sigs(&w, (const unsigned char(*)[TXNG_SIG_BYTES]) sig, 1, txng_index_sig_time(ev),
                       0);
    if (err != TXNG_OK)
        goto out;
    memset(&info, 0, sizeof info);
    info.key = *pub;
    memcpy(info.role, "log", 4);
    err = lmdb_key_put(&lk, &info);
    if (err == TXNG_OK)
        err = put_checkpoint(&w, logkey, NULL);
out:
    json_decref(ev);
    free(evb);
    free(rec.p);
    free(sigs.p);
    free(pae.p);
    return err;
}

/* Read and check record 0 and meta: fills origin and pub. */
static txng_err
read_genesis(txng_log *log, MDB_txn *txn, uint32_t *version)
{
    unsigned char  key0[8] = { 0 };
    MDB_val        k, v;
    txng_record   *rec = NULL;
    const json_t  *ev, *sig;
    char           ref[TXNG_KEYREF_MAX];
    txng_err       err;
    int            rc;

    k  = (MDB_val){ 7, (void *) (uintptr_t) "version" };
    rc = mdb_get(txn, log->st.meta, &k, &v);
    if (rc != MDB_SUCCESS)
        return rc == MDB_NOTFOUND ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
    if (v.mv_size != 4)
        return TXNG_ECORRUPT;
    *version = txng_be32_load(v.mv_data);
    if (*version < 1 || *version > TXNG_STORE_VERSION)
        return TXNG_EVERSION;
    k  = (MDB_val){ 6, (void *) (uintptr_t) "origin" };
    rc = mdb_get(txn, log->st.meta, &k, &v);
    if (rc != MDB_SUCCESS)
        return rc == MDB_NOTFOUND ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
    if (v.mv_size == 0 || v.mv_size > TXNG_ORIGIN_MAX)
        return TXNG_ECORRUPT;
    memcpy(log->origin, v.mv_data, v.mv_size);
    log->origin[v.mv_size] = '\0';
    k  = (MDB_val){ sizeof key0, key0 };
    rc = mdb_get(txn, log->st.records, &k, &v);
    if (rc != MDB_SUCCESS)
        return rc == MDB_NOTFOUND ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
    err = txng_record_decode(&rec, v.mv_data, v.mv_size, NULL);
    if (err != TXNG_OK)
        return err == TXNG_ENOMEM ? err : TXNG_ECORRUPT;
    err = TXNG_ECORRUPT;
    ev  = rec->event;
    if (rec->index != 0 || json_object_size(ev) != 3 ||
        strcmp(json_string_value(json_object_get(ev, "type")), TXNG_TYPE_GENESIS) != 0 ||
        !json_is_string(json_object_get(ev, "origin")) ||
        strcmp(json_string_value(json_object_get(ev, "origin")), log->origin) != 0 ||
        !json_is_string(json_object_get(ev, "key")) ||
        txng_pubkey_parse(&log->pub, json_string_value(json_object_get(ev, "key")),
                          json_string_length(json_object_get(ev, "key")), NULL) != TXNG_OK ||
        strcmp(log->pub.name, log->origin) != 0 || json_array_size(rec->signatures) != 1)
        goto out;
    sig = json_array_get(rec->signatures, 0);
    txng_pubkey_ref(&log->pub, ref);
    if (strcmp(json_string_value(json_object_get(sig, "key")), ref) != 0)
        goto out;
    err = txng_event_verify(ev, &log->pub, json_string_value(json_object_get(sig, "sig")));
    if (err == TXNG_EBADSIG || err == TXNG_EFORMAT)
        err = TXNG_ECORRUPT;
out:
    txng_record_free(rec);
    return err;
}

/*
 * Bring a log of version 1 or 2 to the current version: `ids` is derived from
 * the records, so it is dropped and filed again from them (version 1 filed
 * imports under other roles and no signatures, version 2 filed signatures
 * under keys without their time), then meta "version" is updated,
 * all in one transaction under the writer lock. The records, nodes, keys and
 * checkpoints are not touched. Another process may have done it meanwhile.
 */
static txng_err
upgrade_ids(txng_log *log)
{
    struct wctx     w    = { .log = log };
    txng_index_list ids  = { 0 };
    txng_record    *rec  = NULL;
    MDB_cursor     *cur  = NULL;
    MDB_val         k, v;
    unsigned char   ver[4];
    unsigned char   sig[TXNG_EVENT_MAX_SIGS][TXNG_SIG_BYTES];
    txng_err        err;
    int             rc;

    if ((err = txng_log_lock(log, NULL)) != TXNG_OK)
        return err;
    if ((err = wtxn_begin(log, &w.txn, NULL)) != TXNG_OK)
        goto out;
    k  = (MDB_val){ 7, (void *) (uintptr_t) "version" };
    rc = mdb_get(w.txn, log->st.meta, &k, &v);
    if (rc == MDB_SUCCESS && v.mv_size == 4 && txng_be32_load(v.mv_data) == TXNG_STORE_VERSION)
        goto out; /* upgraded by another process */
    rc = mdb_drop(w.txn, log->st.ids, 0);
    if (rc == MDB_SUCCESS)
        rc = mdb_cursor_open(w.txn, log->st.records, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        size_t nsig;

        err = txng_record_decode(&rec, v.mv_data, v.mv_size, NULL);
        if (err == TXNG_OK)
            err = txng_index_extract(&ids, rec->event);
        if (err == TXNG_OK)
            err = record_sigs(rec, sig, &nsig);
        if (err == TXNG_OK)
            err = put_ids(&w, &ids, rec->index);
        if (err == TXNG_OK)
            err = put_sigs(&w, (const unsigned char(*)[TXNG_SIG_BYTES]) sig, nsig,
                           txng_index_sig_time(rec->event), rec->index);
        if (err != TXNG_OK)
            goto out;
        txng_record_free(rec);
        rec = NULL;
    }
    if (rc != MDB_NOTFOUND) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    mdb_cursor_close(cur);
    cur = NULL;
    txng_be32_store(ver, TXNG_STORE_VERSION);
    k  = (MDB_val){ 7, (void *) (uintptr_t) "version" };
    v  = (MDB_val){ sizeof ver, ver };
    rc = mdb_put(w.txn, log->st.meta, &k, &v, 0);
    if (rc == MDB_SUCCESS)
        rc = mdb_txn_commit(w.txn);
    w.txn = NULL; /* mdb_txn_commit frees it even on failure */
    err   = txng_store_from_mdb(rc);
out:
    mdb_cursor_close(cur);
    mdb_txn_abort(w.txn);
    txng_log_unlock(log);
    txng_record_free(rec);
    txng_index_list_free(&ids);
    return err;
}

/* ---- public: lifetime ------------------------------------------------------------------- */

txng_err
txng_log_create(txng_log **out, const char *dir, const char *origin, const txng_signer *logkey,
                const char *keyfile, size_t keyfile_len, int64_t now)
{
    txng_log   *log      = NULL;
    char       *dbpath   = NULL, *keypath = NULL, *lockpath = NULL;
    MDB_txn    *txn      = NULL;
    struct stat sb;
    int         fd       = -1, dfd = -1, saved;
    bool        made_key = false, made_db = false;
    txng_err    err      = TXNG_EINVAL;
    int         rc;

    *out = NULL;
    if (dir == NULL || origin == NULL || logkey == NULL || keyfile == NULL ||
        !txng_origin_valid(origin) || strlen(origin) > TXNG_ORIGIN_MAX ||
        strcmp(txng_signer_pubkey(logkey)->name, origin) != 0 || now < 0 || now > TIME_MAX)
        return TXNG_EINVAL;
    err      = TXNG_ENOMEM;
    dbpath   = path_join(dir, "data.mdb");
    lockpath = path_join(dir, "lock.mdb");
    keypath  = path_join(dir, TXNG_LOG_KEY_FILE);
    if (dbpath == NULL || lockpath == NULL || keypath == NULL ||
        (err = handle_new(&log, dir)) != TXNG_OK)
        goto fail;
    err = TXNG_ESYS;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        goto fail;
    if (stat(dir, &sb) != 0)
        goto fail;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    if (stat(dbpath, &sb) == 0) {
        err = TXNG_EEXIST;
        goto fail;
    }
    if (errno != ENOENT)
        goto fail;
    fd = open(keypath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            err = TXNG_EEXIST;
        goto fail;
    }
    made_key = true;
    for (size_t done = 0; done < keyfile_len;) {
        ssize_t n = write(fd, keyfile + done, keyfile_len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        done += (size_t) n;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    memcpy(log->origin, origin, strlen(origin) + 1);
    made_db = true;
    err     = txng_store_open(&log->st, dir, false, false);
    if (err != TXNG_OK)
        goto fail;
    rc = mdb_txn_begin(log->st.env, NULL, 0, &txn);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    err = txng_store_dbis(&log->st, txn, true);
    if (err == TXNG_OK)
        err = write_genesis(log, txn, logkey, now);
    if (err != TXNG_OK)
        goto fail;
    rc  = mdb_txn_commit(txn);
    txn = NULL; /* mdb_txn_commit frees it even on failure */
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    log->pub = *txng_signer_pubkey(logkey);
    /* Make the new directory entries durable too. */
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0) {
        err = TXNG_ESYS;
        goto fail;
    }
    close(dfd);
    free(dbpath);
    free(lockpath);
    free(keypath);
    *out = log;
    return TXNG_OK;
fail:
    saved = errno;
    mdb_txn_abort(txn);
    if (fd >= 0)
        close(fd);
    if (dfd >= 0)
        close(dfd);
    if (log != NULL)
        txng_store_close(&log->st);
    handle_free(log);
    if (made_db) {
        unlink(dbpath);
        unlink(lockpath);
    }
    if (made_key)
        unlink(keypath);
    free(dbpath);
    free(lockpath);
    free(keypath);
    errno = saved;
    return err;
}

txng_err
txng_log_open(txng_log **out, const char *dir, unsigned flags)
{
    txng_log   *log    = NULL;
    char       *dbpath = NULL;
    MDB_txn    *txn    = NULL;
    struct stat sb;
    uint32_t    version = 0;
    txng_err    err     = TXNG_ENOMEM;
    int         rc, saved;

    *out = NULL;
    if (dir == NULL || (flags & ~(unsigned) (TXNG_LOG_RDONLY | TXNG_LOG_NOSYNC)) != 0)
        return TXNG_EINVAL;
    dbpath = path_join(dir, "data.mdb");
    if (dbpath == NULL || (err = handle_new(&log, dir)) != TXNG_OK)
        goto fail;
    log->flags = flags;
    if (stat(dir, &sb) != 0 || stat(dbpath, &sb) != 0) {
        err = (errno == ENOENT || errno == ENOTDIR) ? TXNG_ENOTFOUND : TXNG_ESYS;
        goto fail;
    }
    err = txng_store_open(&log->st, dir, (flags & TXNG_LOG_RDONLY) != 0,
                          (flags & TXNG_LOG_NOSYNC) != 0);
    if (err != TXNG_OK)
        goto fail;
    rc = mdb_txn_begin(log->st.env, NULL, MDB_RDONLY, &txn);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    err = txng_store_dbis(&log->st, txn, false);
    if (err == TXNG_OK)
        err = read_genesis(log, txn, &version);
    if (err != TXNG_OK)
        goto fail;
    rc  = mdb_txn_commit(txn); /* keeps the database handles */
    txn = NULL;
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    if (version != TXNG_STORE_VERSION) {
        err = (flags & TXNG_LOG_RDONLY) ? TXNG_EVERSION : upgrade_ids(log);
        if (err != TXNG_OK)
            goto fail;
    }
    free(dbpath);
    *out = log;
    return TXNG_OK;
fail:
    saved = errno;
    mdb_txn_abort(txn);
    if (log != NULL)
        txng_store_close(&log->st);
    handle_free(log);
    free(dbpath);
    errno = saved;
    return err;
}

void
txng_log_close(txng_log *log)
{
    if (log == NULL)
        return;
    mdb_txn_abort(log->rtxn);
    txng_store_close(&log->st);
    handle_free(log);
}

const char *
txng_log_origin(const txng_log *log)
{
    return log->origin;
}

const txng_pubkey *
txng_log_pubkey(const txng_log *log)
{
    return &log->pub;
}

txng_err
txng_log_keyfile(const txng_log *log, char **out, size_t *out_len)
{
    char       *path = NULL, *data = NULL;
    struct stat sb;
    size_t      done = 0;
    int         fd   = -1, saved;
    txng_err    err  = TXNG_ENOMEM;

    *out     = NULL;
    *out_len = 0;
    path     = path_join(log->dir, TXNG_LOG_KEY_FILE);
    if (path == NULL)
        return TXNG_ENOMEM;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err = errno == ENOENT ? TXNG_ENOTFOUND : TXNG_ESYS;
        goto out;
    }
    err = TXNG_ESYS;
    if (fstat(fd, &sb) != 0)
        goto out;
    err  = TXNG_ENOMEM;
    data = malloc((size_t) sb.st_size + 1);
    if (data == NULL)
        goto out;
    err = TXNG_ESYS;
    while (done < (size_t) sb.st_size) {
        ssize_t n = read(fd, data + done, (size_t) sb.st_size - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto out;
        if (n == 0)
            break;
        done += (size_t) n;
    }
    data[done] = '\0';
    *out       = data;
    *out_len   = done;
    data       = NULL;
    err        = TXNG_OK;
out:
    saved = errno;
    if (fd >= 0)
        close(fd);
    if (data != NULL)
        sodium_memzero(data, (size_t) sb.st_size + 1);
    free(data);
    free(path);
    errno = saved;
    return err;
}

txng_err
txng_log_size(txng_log *log, uint64_t *size)
{
    MDB_txn *txn;
    txng_err err;

    *size = 0;
    err   = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    err = txng_store_size(&log->st, txn, size);
    rtxn_end(log);
    return err;
}

/* ---- the writer lock ---------------------------------------------------------------------- */

txng_err
txng_log_lock(txng_log *log, txng_diag *diag)
{
    int fd, rc, saved;

    if (log == NULL)
        return TXNG_EINVAL;
    if (log->flags & TXNG_LOG_RDONLY)
        return TXNG_OK;
    rc = pthread_mutex_lock(&log->wmu);
    if (rc != 0) {
        txng_diag_set_once(diag, TXNG_N_("the log's writer lock cannot be taken"),
                           TXNG_LOG_LOCK_FILE);
        errno = rc;
        return TXNG_ESYS;
    }
    if (log->wdepth > 0) {
        log->wdepth++; /* the mutex counts this level too: one unlock each */
        return TXNG_OK;
    }
    fd = open(log->wpath, O_RDONLY | O_CLOEXEC);
    rc = fd >= 0 ? 0 : -1;
    while (fd >= 0 && (rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
        continue;
    if (rc != 0) {
        saved = errno;
        if (fd >= 0)
            close(fd);
        pthread_mutex_unlock(&log->wmu);
        txng_diag_set_once(diag, TXNG_N_("the log's writer lock cannot be taken"),
                           TXNG_LOG_LOCK_FILE);
        errno = saved;
        return TXNG_ESYS;
    }
    log->wfd    = fd;
    log->wdepth = 1;
    return TXNG_OK;
}

void
txng_log_unlock(txng_log *log)
{
    int saved = errno; /* callers release on their error paths: keep the cause of TXNG_ESYS */

    if (log == NULL || (log->flags & TXNG_LOG_RDONLY))
        return;
    /* Another thread's lock is not ours to release, and an unbalanced call releases nothing. */
    if (pthread_mutex_trylock(&log->wmu) != 0) {
        errno = saved;
        return;
    }
    if (log->wdepth == 0) {
        pthread_mutex_unlock(&log->wmu);
        errno = saved;
        return;
    }
    if (--log->wdepth == 0) {
        close(log->wfd); /* drops the flock: this description was opened for it alone */
        log->wfd = -1;
    }
    pthread_mutex_unlock(&log->wmu); /* the level trylock took */
    pthread_mutex_unlock(&log->wmu); /* the level txng_log_lock() took */
    errno = saved;
}

/* ---- append ----------------------------------------------------------------------------- */

struct batch {
    struct item       *items;
    size_t             n;
    size_t             stop; /* phase 3 checks items before this one */
    uint64_t           base; /* verify: index of items[0] */
    const txng_signer *actor;
    void              *verify; /* struct vctx of txng_log_verify() */
};

/* Phase 1 of txng_log_append(): shape, canonical bytes, raw signatures. */
static void
phase1_signed(void *ctx, size_t begin, size_t end)
{
    struct batch *b = ctx;

    for (size_t i = begin; i < end; i++) {
        struct item *it = &b->items[i];
        json_t      *se = it->event;

        if (!json_is_object(se) || json_object_size(se) != 2 ||
            (it->event = json_object_get(se, "event")) == NULL ||
            (it->sigs = json_object_get(se, "signatures")) == NULL) {
            txng_diag_set_once(
                &it->diag, TXNG_N_("a signed event must have exactly \"event\" and \"signatures\""),
                NULL);
            it->err = TXNG_EFORMAT;
            continue;
        }
        it->err = txng_event_encode(&it->ev_owned, &it->ev_len, it->event, &it->diag);
        if (it->err == TXNG_OK)
            it->err = txng_signatures_check(it->sigs, &it->diag);
        if (it->err == TXNG_OK)
            it->err = txng_index_extract(&it->ids, it->event);
        if (it->err != TXNG_OK)
            continue;
        it->ev       = it->ev_owned;
        it->sig_when = txng_index_sig_time(it->event);
        leaf_head(&it->lh, it->ev, it->ev_len);
        /* Cannot fail after txng_signatures_check(). */
        it->err = txng_verify_sig_bytes(it->sigs, it->sig, &it->nsig);
    }
}

/* Phase 1 of txng_log_append_as(): canonical bytes and our own signature. */
static void
phase1_sign(void *ctx, size_t begin, size_t end)
{
    struct batch *b   = ctx;
    struct buf    pae = { 0 };

    for (size_t i = begin; i < end; i++) {
        struct item *it = &b->items[i];

        it->err = txng_event_encode(&it->ev_owned, &it->ev_len, it->event, &it->diag);
        if (it->err == TXNG_OK)
            it->err = txng_index_extract(&it->ids, it->event);
        if (it->err == TXNG_OK)
            it->err = pae_build(&pae, it->ev_owned, it->ev_len);
        if (it->err != TXNG_OK)
            continue;
        it->ev       = it->ev_owned;
        it->sig_when = txng_index_sig_time(it->event);
        leaf_head(&it->lh, it->ev, it->ev_len);
        txng_signer_sign(b->actor, it->sig[0], pae.p, pae.len);
        it->nsig = 1;
    }
    free(pae.p);
}

/* Phase 3: verify each item's signatures (and, in verify, its checkpoint). */
static void
phase3_verify(void *ctx, size_t begin, size_t end)
{
    struct batch *b   = ctx;
    char         *pae = NULL;
    size_t        cap = 0;

    if (end > b->stop)
        end = b->stop;
    for (size_t i = begin; i < end; i++) {
        struct item *it = &b->items[i];

        if (it->err != TXNG_OK || it->held)
            continue;
        it->err = txng_verify_sigs(
            &pae, &cap, it->ev, it->ev_len, (const unsigned char(*)[TXNG_SIG_BYTES]) it->sig,
            (const unsigned char(*)[TXNG_PK_BYTES]) it->pk, it->nsig, &it->diag);
    }
    free(pae);
}

static void
items_clear(struct item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].ev_owned);
        txng_record_free(items[i].rec);
        txng_index_list_free(&items[i].ids);
    }
    memset(items, 0, n * sizeof *items);
}

/* An event of a batch appended once that the log holds: its record and its position. */
struct held {
    uint64_t index;
    size_t   pos;
};

static int
held_cmp(const void *a, const void *b)
{
    const struct held *x = a, *y = b;

    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/*
 * Whether two of the @p nh held events @p h (sorted here) are held by one record: the
 * same event given twice. *@p pos is then the first position that repeats an earlier one.
 */
static bool
held_twice(struct held *h, size_t nh, size_t *pos)
{
    bool twice = false;

    qsort(h, nh, sizeof *h, held_cmp);
    for (size_t i = 1; i < nh; i++)
        if (h[i].index == h[i - 1].index && (!twice || h[i].pos < *pos)) {
            *pos  = h[i].pos;
            twice = true;
        }
    return twice;
}

/*
 * Wait for phase 3 of chunk @p b (@p job, if @p out) and judge the chunk: its first
 * failure goes to @p diag with its line in the batch. Its items are let go.
 */
static txng_err
append_judge(txng_pool *pool, struct batch *b, txng_job *job, bool *out, txng_diag *diag)
{
    txng_err err = TXNG_OK;

    if (*out)
        txng_pool_wait(pool, job);
    *out = false;
    for (size_t i = 0; i < b->n; i++) {
        if (b->items[i].err != TXNG_OK) {
            err = b->items[i].err;
            if (diag != NULL) {
                *diag      = b->items[i].diag;
                diag->line = b->base + i + 1;
            }
            break;
        }
    }
    items_clear(b->items, b->n);
    b->n = 0;
    return err;
}

/*
 * Append @p events signed (@p actor NULL) or bare, signed by @p actor; @p once: leave out
 * each event the log holds exactly (held_exactly()) and refuse one given twice, with the
 * record of each event into @p at when not NULL.
 */
static txng_err
append_batch(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
             json_t *const *events, size_t n, int64_t now, bool once, uint64_t *first,
             uint64_t *at, txng_diag *diag)
{
    struct wctx      w;
    struct batch     bs[NBATCH] = { { 0 } }, *b = &bs[0], *nb, *prev = NULL;
    struct buf       rec   = { 0 }, sigs = { 0 };
    struct lmdb_keys lk;
    txng_key_info    actor_info, signers[TXNG_EVENT_MAX_SIGS];
    char             when[32], actor_ref[TXNG_KEYREF_MAX];
    txng_pool       *pool = NULL;
    txng_job         p1[NBATCH], p3[NBATCH]; /* the phases of bs[i] */
    bool             p1_out[NBATCH] = { false }, p3_out[NBATCH] = { false }; /* not waited for */
    txng_par_fn      phase1 = actor != NULL ? phase1_sign : phase1_signed;
    uint64_t         size0;
    struct held     *held = NULL;
    size_t           nheld = 0, twice = 0;
    bool             timed = false;
    txng_err         err;
    int              rc;

    if (first != NULL)
        *first = 0;
    if (log == NULL || logkey == NULL || (events == NULL && n > 0) || now < 0 || now > TIME_MAX)
        return TXNG_EINVAL;
    if (log->flags & TXNG_LOG_RDONLY) {
        txng_diag_set_once(diag, TXNG_N_("the log is open read-only"), NULL);
        return TXNG_EPERM;
    }
    if (!txng_pubkey_equal(txng_signer_pubkey(logkey), &log->pub)) {
        txng_diag_set_once(diag, TXNG_N_("this is not the log key"), NULL);
        return TXNG_EPERM;
    }
    if ((err = txng_log_lock(log, diag)) != TXNG_OK)
        return err;
    err = wctx_begin(&w, log, diag);
    if (err != TXNG_OK)
        goto out;
    size0 = w.size;
    if (size0 == 0) {
        err = TXNG_ECORRUPT;
        goto out;
    }
    /* Appending once, the time is checked at the first event appended: a retry that appends
     * nothing is no record, however old its time. */
    if (n > 0 && !once) {
        if ((err = recorded_floor(&w, &now, diag)) != TXNG_OK)
            goto out;
        timed = true;
    }
    lk = (struct lmdb_keys){ &log->st, w.txn };
    if (actor != NULL) {
        txng_pubkey_ref(txng_signer_pubkey(actor), actor_ref);
        err = resolve_sig(actor_ref, lmdb_key_get, &lk, &actor_info, diag, SIZE_MAX);
        if (err == TXNG_OK && !txng_pubkey_equal(&actor_info.key, txng_signer_pubkey(actor))) {
            txng_diag_set_once(diag, TXNG_N_("signed by an unknown key"), NULL);
            err = TXNG_EBADSIG;
        }
        if (err != TXNG_OK)
            goto out;
    }
    txng_time_format(when, now);
    for (size_t i = 0; i < NBATCH; i++) {
        bs[i].actor = actor;
        if (i == 0 || n > i * CHUNK) { /* as many as there are chunks */
            bs[i].items = calloc(n < CHUNK ? (n ? n : 1) : CHUNK, sizeof *bs[i].items);
            if (bs[i].items == NULL)
                err = TXNG_ENOMEM;
        }
    }
    if (once && (held = calloc(n ? n : 1, sizeof *held)) == NULL)
        err = TXNG_ENOMEM;
    if (err != TXNG_OK)
        goto out;
    /* A single durable append starts no thread. */
    if (n >= POOL_MIN)
        pool = txng_pool_new(0);
    /* Chunk by chunk, as verify (txng_log_verify()): while this thread runs phase 2 of a
     * chunk, the workers run phase 1 of the next and phase 3 of the one before, which is
     * judged first. */
    b->n = n < CHUNK ? n : CHUNK;
    for (size_t i = 0; i < b->n; i++)
        b->items[i].event = events[i];
    txng_pool_submit(pool, &p1[0], b->n, TXNG_POOL_BLOCK, phase1, b);
    p1_out[0] = true;
    for (size_t base = 0; base < n; base += CHUNK, b = nb) {
        size_t cn = b->n, at_b = (size_t) (b - bs), at_nb = (at_b + 1) % NBATCH;

        b->base = base;
        txng_pool_wait(pool, &p1[at_b]);
        p1_out[at_b] = false;
        nb           = &bs[at_nb]; /* free: its chunk was judged in the round before */
        if (base + cn < n) {
            nb->n = n - base - cn < CHUNK ? n - base - cn : CHUNK;
            for (size_t i = 0; i < nb->n; i++)
                nb->items[i].event = events[base + cn + i];
            txng_pool_submit(pool, &p1[at_nb], nb->n, TXNG_POOL_BLOCK, phase1, nb);
            p1_out[at_nb] = true;
        }
        b->stop = cn;
        for (size_t i = 0; i < cn; i++) {
            struct item *it = &b->items[i];

            if (it->err != TXNG_OK) {
                b->stop = i;
                break;
            }
            /* An event held already is left out before its keys are looked up: one of them
             * may have been revoked since it was appended. */
            if (once && (it->err = item_held(&w, it, actor != NULL ? actor_ref : NULL, &sigs)) ==
                            TXNG_OK &&
                it->held) {
                if (at != NULL)
                    at[base + i] = it->held_at;
                held[nheld++] = (struct held){ it->held_at, base + i };
                continue;
            }
            if (it->err == TXNG_OK && actor != NULL) {
                if (actor_info.is_revoked) {
                    txng_diag_set_once(&it->diag, TXNG_N_("signed by a revoked key"), NULL);
                    it->err = TXNG_EPERM;
                } else {
                    signers[0] = actor_info;
                    memcpy(it->pk[0], actor_info.key.pk, TXNG_PK_BYTES);
                    it->err = sigs_build_one(&sigs, actor_ref, it->sig[0]);
                }
            } else if (it->err == TXNG_OK) {
                for (size_t j = 0; j < it->nsig && it->err == TXNG_OK; j++) {
                    it->err = resolve_sig(
                        json_string_value(json_object_get(json_array_get(it->sigs, j), "key")),
                        lmdb_key_get, &lk, &signers[j], &it->diag, j);
                    if (it->err == TXNG_OK)
                        memcpy(it->pk[j], signers[j].key.pk, TXNG_PK_BYTES);
                }
                if (it->err == TXNG_OK)
                    it->err = sigs_build(&sigs, it->sigs);
            }
            /* Events signed elsewhere are appended once; events the log signs now for a
             * caller holding the key may repeat (two claim attempts in one second), unless
             * the caller appends once. */
            if (it->err == TXNG_OK && (actor == NULL || once))
                it->err = refuse_replay(&w, it);
            if (it->err == TXNG_OK)
                it->err = txng_keystate_apply(it->event, signers, it->nsig, w.size, lmdb_key_get,
                                      lmdb_key_put, &lk, &it->diag);
            if (it->err == TXNG_OK && actor != NULL &&
                strcmp(json_string_value(json_object_get(it->event, "type")),
                       TXNG_TYPE_KEY_REVOKE) == 0)
                it->err = lmdb_key_get(&lk, txng_signer_pubkey(actor)->name, &actor_info);
            if (it->err == TXNG_OK && !timed) {
                if ((err = recorded_floor(&w, &now, diag)) != TXNG_OK)
                    goto out;
                txng_time_format(when, now);
                timed = true;
            }
            if (it->err == TXNG_OK)
                it->err = record_build(&rec, it->ev, it->ev_len, w.size, w.prev, when, sigs.p,
                                       sigs.len);
            if (it->err == TXNG_OK)
                it->err = put_record(&w, rec.p, rec.len, &it->lh, RECORD_HEAD_LEN + it->ev_len);
            if (it->err == TXNG_OK)
                it->err = put_ids(&w, &it->ids, w.size - 1);
            if (it->err == TXNG_OK)
                it->err = put_sigs(&w, (const unsigned char(*)[TXNG_SIG_BYTES]) it->sig, it->nsig,
                                   it->sig_when, w.size - 1);
            if (it->err == TXNG_OK && at != NULL)
                at[base + i] = w.size - 1;
            if (it->err != TXNG_OK) {
                b->stop = i;
                break;
            }
        }
        if (actor == NULL) {
            txng_pool_submit(pool, &p3[at_b], cn, TXNG_POOL_BLOCK, phase3_verify, b);
            p3_out[at_b] = true;
        }
        if (prev != NULL && (err = append_judge(pool, prev, &p3[prev - bs], &p3_out[prev - bs],
                                                diag)) != TXNG_OK)
            goto out;
        prev = b;
        if (b->stop < cn)
            break; /* no later event can fail first */
    }
    if (prev != NULL &&
        (err = append_judge(pool, prev, &p3[prev - bs], &p3_out[prev - bs], diag)) != TXNG_OK)
        goto out;
    /* An event held and given again: refused as the same event given twice is. */
    if (once && held_twice(held, nheld, &twice)) {
        bool bare = actor != NULL; /* else every event came signed */

        txng_diag_set_once(diag,
                           bare ? TXNG_N_("this event was given twice; an event is appended "
                                          "once: remove the repeated one")
                                : TXNG_N_("this signed event was given twice; an event is "
                                          "appended once: remove the repeated one"),
                           bare ? NULL : "signatures/0/sig");
        if (diag != NULL)
            diag->line = twice + 1;
        err = TXNG_EEXIST;
        goto out;
    }
    if (w.size == size0) {
        /* Nothing new (no events, or all held): no commit, no checkpoint. */
        if (first != NULL)
            *first = size0;
        goto out;
    }
    err = put_checkpoint(&w, logkey, diag);
    if (err != TXNG_OK)
        goto out;
    rc    = mdb_txn_commit(w.txn);
    w.txn = NULL; /* mdb_txn_commit frees it even on failure */
    err   = txng_store_from_mdb(rc);
    if (err == TXNG_OK && first != NULL)
        *first = size0;
out:
    for (size_t i = 0; i < NBATCH; i++) {
        /* a failure leaves the next chunk's phase 1, or the last one's phase 3, running */
        if (p1_out[i])
            txng_pool_wait(pool, &p1[i]);
        if (p3_out[i])
            txng_pool_wait(pool, &p3[i]);
    }
    mdb_txn_abort(w.txn);
    txng_log_unlock(log);
    for (size_t i = 0; i < NBATCH; i++) {
        if (bs[i].items != NULL)
            items_clear(bs[i].items, bs[i].n);
        free(bs[i].items);
    }
    txng_pool_free(pool);
    free(held);
    free(rec.p);
    free(sigs.p);
    return err;
}

txng_err
txng_log_append(txng_log *log, const txng_signer *logkey, json_t *const *events, size_t n,
                int64_t now, uint64_t *first, txng_diag *diag)
{
    return append_batch(log, logkey, NULL, events, n, now, false, first, NULL, diag);
}

txng_err
txng_log_append_as(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
                   json_t *const *events, size_t n, int64_t now, uint64_t *first, txng_diag *diag)
{
    if (actor == NULL)
        return TXNG_EINVAL;
    return append_batch(log, logkey, actor, events, n, now, false, first, NULL, diag);
}

txng_err
txng_log_holds(txng_log *log, const txng_pubkey *signer, const json_t *const *events, size_t n,
               uint64_t *at)
{
    unsigned char raw[TXNG_EVENT_MAX_SIGS][TXNG_SIG_BYTES];
    struct buf      sigs = { 0 }, pre = { 0 };
    txng_index_list ids  = { 0 };
    char            ref[TXNG_KEYREF_MAX];
    MDB_txn      *txn = NULL;
    uint64_t      size = 0;
    txng_err      err  = TXNG_OK;

    if (log == NULL || (n > 0 && (events == NULL || at == NULL)))
        return TXNG_EINVAL;
    for (size_t i = 0; i < n; i++)
        at[i] = TXNG_LOG_NONE;
    if (signer != NULL) {
        txng_pubkey_ref(signer, ref);
        if (buf_add(&pre, "[{\"key\":", 8) != TXNG_OK ||
            buf_jcs_string(&pre, ref, strlen(ref)) != TXNG_OK ||
            buf_add(&pre, ",\"sig\":\"", 8) != TXNG_OK) {
            free(pre.p);
            return TXNG_ENOMEM;
        }
    }
    if (n > 0 && (err = rtxn_begin(log, &txn)) == TXNG_OK)
        err = txng_store_size(&log->st, txn, &size);
    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        const json_t *inner = json_object_get(events[i], "event");
        const json_t *ss    = json_object_get(events[i], "signatures");
        bool          is_signed = json_is_object(inner) && ss != NULL, held = false;
        const json_t *ev = is_signed ? inner : events[i];
        char         *bytes = NULL;
        size_t        len = 0, nsig = 0;
        uint64_t      index = 0;

        if (!is_signed && signer == NULL)
            continue;
        err = txng_event_encode(&bytes, &len, ev, NULL);
        if (err == TXNG_OK && is_signed) {
            /* the shape is the append's to refuse: such an event is not held */
            if (txng_signatures_check(ss, NULL) == TXNG_OK &&
                txng_verify_sig_bytes(ss, raw, &nsig) == TXNG_OK &&
                (err = sigs_build(&sigs, ss)) == TXNG_OK)
                err = held_exactly(&log->st, txn, size, txng_index_sig_time(ev), raw[0], bytes,
                                   len, sigs.p, sigs.len, &held, &index);
        } else if (err == TXNG_OK && (err = txng_index_extract(&ids, ev)) == TXNG_OK) {
            if (ids.n > 0)
                err = held_by_ids(&log->st, txn, &ids, txng_index_sig_time(ev), bytes, len,
                                  pre.p, pre.len, &held, &index);
            else
                err = held_by_key(&log->st, txn, txng_index_sig_time(ev), bytes, len, pre.p,
                                  pre.len, SIZE_MAX, NULL, &held, &index);
        }
        if (err == TXNG_EFORMAT)
            err = TXNG_OK;
        if (err == TXNG_OK && held)
            at[i] = index;
        free(bytes);
    }
    if (txn != NULL)
        rtxn_end(log);
    txng_index_list_free(&ids);
    free(sigs.p);
    free(pre.p);
    return err;
}

txng_err
txng_log_append_once(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
                     json_t *const *events, size_t n, int64_t now, uint64_t *first, uint64_t *at,
                     txng_diag *diag)
{
    return append_batch(log, logkey, actor, events, n, now, true, first, at, diag);
}

void
txng_log_set_damage_hook(void (*hook)(const char *dir, const char *what))
{
    txng_store_set_damage_hook(hook);
}

bool
txng_log_fault_is_damage(const void *addr, const void *pc, const char **dir)
{
    return txng_store_map_holds(addr, pc, dir);
}

/* ---- reading ---------------------------------------------------------------------------- */

static txng_err
copy_out(char **out, size_t *out_len, const MDB_val *v)
{
    char *p = malloc(v->mv_size + 1);

    if (p == NULL)
        return TXNG_ENOMEM;
    memcpy(p, v->mv_data, v->mv_size);
    p[v->mv_size] = '\0';
    *out          = p;
    *out_len      = v->mv_size;
    return TXNG_OK;
}

/* A copy of the value at big-endian key @p key of @p dbi; key 0 of `checkpoints` is the newest. */
static txng_err
read_copy(txng_log *log, MDB_dbi dbi, uint64_t key, char **out, size_t *out_len)
{
    unsigned char kb[8];
    MDB_val       k = { sizeof kb, kb }, v;
    MDB_txn      *txn;
    uint64_t      newest;
    txng_err      err;

    *out     = NULL;
    *out_len = 0;
    err      = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    if (dbi == log->st.checkpoints && key == 0) {
        err = txng_store_newest_checkpoint(&log->st, txn, &newest, &v);
    } else {
        txng_be64_store(kb, key);
        err = txng_store_from_mdb(mdb_get(txn, dbi, &k, &v));
    }
    if (err == TXNG_OK)
        err = copy_out(out, out_len, &v);
    rtxn_end(log);
    return err;
}

txng_err
txng_log_get(txng_log *log, uint64_t index, char **out, size_t *out_len)
{
    return read_copy(log, log->st.records, index, out, out_len);
}

txng_err
txng_log_checkpoint(txng_log *log, uint64_t size, char **out, size_t *out_len)
{
    return read_copy(log, log->st.checkpoints, size, out, out_len);
}

/* Size 0 means the newest checkpoint's size; sizes past the log are ENOTFOUND. */
static txng_err
resolve_size(txng_log *log, MDB_txn *txn, uint64_t *size)
{
    uint64_t records;
    MDB_val  note;
    txng_err err;

    if (*size == 0)
        return txng_store_newest_checkpoint(&log->st, txn, size, &note);
    err = txng_store_size(&log->st, txn, &records);
    if (err == TXNG_OK && *size > records)
        err = TXNG_ENOTFOUND;
    return err;
}

txng_err
txng_log_prove(txng_log *log, uint64_t index, uint64_t size,
               unsigned char (*proof)[TXNG_HASH_BYTES], size_t *n)
{
    txng_store_nodes ns;
    MDB_txn        *txn;
    txng_err        err;

    *n  = 0;
    err = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    err = resolve_size(log, txn, &size);
    if (err == TXNG_OK && index >= size)
        err = TXNG_ENOTFOUND;
    if (err == TXNG_OK) {
        ns  = (txng_store_nodes){ &log->st, txn };
        err = txng_merkle_inclusion(proof, n, index, size, txng_store_node_get, &ns);
    }
    rtxn_end(log);
    return err;
}

txng_err
txng_log_prove_consistency(txng_log *log, uint64_t old, uint64_t size,
                           unsigned char (*proof)[TXNG_HASH_BYTES], size_t *n)
{
    txng_store_nodes ns;
    MDB_txn        *txn;
    uint64_t        records;
    txng_err        err;

    *n = 0;
    if (old > size)
        return TXNG_EINVAL;
    err = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    err = txng_store_size(&log->st, txn, &records);
    if (err == TXNG_OK && size > records)
        err = TXNG_ENOTFOUND;
    if (err == TXNG_OK) {
        ns  = (txng_store_nodes){ &log->st, txn };
        err = txng_merkle_consistency(proof, n, old, size, txng_store_node_get, &ns);
    }
    rtxn_end(log);
    return err;
}

txng_err
txng_log_tlog_proof(txng_log *log, uint64_t index, char **out, size_t *out_len)
{
    unsigned char   proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    size_t          n   = 0;
    txng_store_nodes ns;
    struct buf      b   = { 0 };
    MDB_txn        *txn;
    MDB_val         note;
    uint64_t        size;
    char            line[64];
    txng_err        err;

    *out     = NULL;
    *out_len = 0;
    err      = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    err = txng_store_newest_checkpoint(&log->st, txn, &size, &note);
    if (err == TXNG_OK && index >= size)
        err = TXNG_ENOTFOUND;
    if (err == TXNG_OK) {
        ns  = (txng_store_nodes){ &log->st, txn };
        err = txng_merkle_inclusion(proof, &n, index, size, txng_store_node_get, &ns);
    }
    if (err != TXNG_OK)
        goto out;
    err = TXNG_ENOMEM;
    if (buf_add(&b, PROOF_HEAD, sizeof PROOF_HEAD - 1) != TXNG_OK)
        goto out;
    if (buf_add(&b, line,
                (size_t) snprintf(line, sizeof line, "index %llu\n", (unsigned long long) index)) !=
        TXNG_OK)
        goto out;
    for (size_t i = 0; i < n; i++) {
        size_t len = txng_b64_encode(line, proof[i], TXNG_HASH_BYTES);

        line[len++] = '\n';
        if (buf_add(&b, line, len) != TXNG_OK)
            goto out;
    }
    if (buf_add(&b, "\n", 1) != TXNG_OK || buf_add(&b, note.mv_data, note.mv_size) != TXNG_OK ||
        buf_add(&b, "", 1) != TXNG_OK)
        goto out;
    *out     = b.p;
    *out_len = b.len - 1;
    b.p      = NULL;
    err      = TXNG_OK;
out:
    rtxn_end(log);
    free(b.p);
    return err;
}

/* Size of an Ed25519 cosignature/v1 after the key ID: timestamp and signature. */
#define COSIG_BYTES (8 + TXNG_SIG_BYTES)

txng_err
txng_log_add_cosignature(txng_log *log, uint64_t size, const char *line, size_t len)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key }, v;
    MDB_txn      *txn = NULL;
    txng_note    *old = NULL, *both = NULL;
    char         *note = NULL;
    size_t        note_len;
    txng_err      err;
    int           rc;

    if (log == NULL || line == NULL || size == 0)
        return TXNG_EINVAL;
    if (log->flags & TXNG_LOG_RDONLY)
        return TXNG_EPERM;
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len == 0 || memchr(line, '\n', len) != NULL)
        return TXNG_EFORMAT;
    if ((err = txng_log_lock(log, NULL)) != TXNG_OK)
        return err;
    err  = TXNG_ENOMEM;
    old  = malloc(sizeof *old);
    both = malloc(sizeof *both);
    if (old == NULL || both == NULL)
        goto out;
    if ((err = wtxn_begin(log, &txn, NULL)) != TXNG_OK)
        goto out;
    txng_be64_store(key, size);
    rc = mdb_get(txn, log->st.checkpoints, &k, &v);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    err      = TXNG_ENOMEM;
    note_len = v.mv_size + len + 1;
    note     = malloc(note_len);
    if (note == NULL)
        goto out;
    memcpy(note, v.mv_data, v.mv_size);
    memcpy(note + v.mv_size, line, len);
    note[note_len - 1] = '\n';
    err = TXNG_ECORRUPT;
    if (txng_note_parse(old, v.mv_data, v.mv_size, NULL) != TXNG_OK)
        goto out;
    err = TXNG_EFORMAT;
    if (txng_note_parse(both, note, note_len, NULL) != TXNG_OK ||
        both->nsigs != old->nsigs + 1 || both->text_len != old->text_len ||
        both->sigs[old->nsigs].sig_len != COSIG_BYTES)
        goto out;
    err = TXNG_EEXIST;
    for (size_t i = 0; i < old->nsigs; i++)
        if (old->sigs[i].id == both->sigs[old->nsigs].id)
            goto out;
    v  = (MDB_val){ note_len, note };
    rc = mdb_put(txn, log->st.checkpoints, &k, &v, 0);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    rc  = mdb_txn_commit(txn);
    txn = NULL; /* mdb_txn_commit frees it even on failure */
    err = txng_store_from_mdb(rc);
out:
    mdb_txn_abort(txn);
    txng_log_unlock(log);
    free(note);
    free(old);
    free(both);
    return err;
}

txng_err
txng_log_key(txng_log *log, const char *name, txng_key_info *out)
{
    struct lmdb_keys lk;
    MDB_txn         *txn;
    txng_err         err;

    memset(out, 0, sizeof *out);
    err = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    lk  = (struct lmdb_keys){ &log->st, txn };
    err = lmdb_key_get(&lk, name, out);
    rtxn_end(log);
    return err;
}

static int
by_enrolment(const void *a, const void *b)
{
    const txng_key_info *x = a, *y = b;

    return x->enrolled < y->enrolled ? -1 : x->enrolled > y->enrolled;
}

txng_err
txng_log_keys(txng_log *log, txng_err (*fn)(void *ctx, const txng_key_info *key), void *ctx)
{
    struct ktable t   = { 0 };
    MDB_cursor   *cur = NULL;
    MDB_txn      *txn;
    MDB_val       k, v;
    txng_err      err;
    int           rc;

    err = rtxn_begin(log, &txn);
    if (err != TXNG_OK)
        return err;
    rc = mdb_cursor_open(txn, log->st.keys, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        txng_key_info info;

        err = keyval_decode(&info, k.mv_data, k.mv_size, v.mv_data, v.mv_size);
        if (err == TXNG_OK)
            err = ktable_put(&t, &info);
        if (err != TXNG_OK)
            break;
    }
    if (err == TXNG_OK && rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
    mdb_cursor_close(cur);
    rtxn_end(log);
    if (err == TXNG_OK && t.n > 0) {
        qsort(t.v, t.n, sizeof *t.v, by_enrolment);
        for (size_t i = 0; i < t.n && err == TXNG_OK; i++)
            err = fn(ctx, &t.v[i]);
    }
    ktable_free(&t);
    return err;
}

/* ---- verify ----------------------------------------------------------------------------- */

/* A keyed, order-independent sum over `ids` entries, and their number. */
struct ids_sum {
    uint64_t s[2];
    uint64_t n;
};

struct vctx {
    txng_log          *log;
    MDB_txn           *txn;
    const txng_pubkey *trust;
    struct ktable      keys;
    txng_merkle_range  range;
    unsigned char      prev[TXNG_HASH_BYTES];
    txng_note         *note;
    MDB_cursor        *cps;
    bool               have_cp;
    uint64_t           cp_size, ncp, last_cp;
    MDB_val            cp_note;
    struct item       *cur; /* the item being pushed, for node errors */
    uintptr_t          lo, hi; /* span of the map seen so far, see drop_pages() */
    unsigned char      ids_key[crypto_shorthash_siphashx24_KEYBYTES];
    struct ids_sum    *exp; /* expected `ids` sum per chunk of VCHUNK records */
    size_t             nexp, cap_exp;
};

/*
 * Whether a lookup of key @p k in @p dbi finds the entry @p val a cursor walk
 * found: readers look records up by index, through branch pages a walk from
 * leaf to leaf does not read, so a damaged branch key would otherwise pass.
 */
static bool
found_by_key(MDB_txn *txn, MDB_dbi dbi, const MDB_val *k, const MDB_val *val)
{
    MDB_val key = *k, got;

    return mdb_get(txn, dbi, &key, &got) == MDB_SUCCESS && got.mv_data == val->mv_data &&
           got.mv_size == val->mv_size;
}

/* Note that [p, p + len) of the map was read. */
static void
touched(struct vctx *v, const void *p, size_t len)
{
    uintptr_t a = (uintptr_t) p;

    if (v->lo == 0 || a < v->lo)
        v->lo = a;
    if (a + len > v->hi)
        v->hi = a + len;
}

/* Widen the span to the first and last entries of @p dbi (see drop_pages()). */
static void
touched_ends(struct vctx *v, MDB_dbi dbi)
{
    static const MDB_cursor_op ops[] = { MDB_FIRST, MDB_LAST };
    MDB_cursor                *cur   = NULL;
    MDB_val                    k, val;

    if (mdb_cursor_open(v->txn, dbi, &cur) != MDB_SUCCESS)
        return; /* only a missed hint: the loops below report storage errors */
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (mdb_cursor_get(cur, &k, &val, ops[i]) == MDB_SUCCESS) {
            touched(v, k.mv_data, k.mv_size);
            touched(v, val.mv_data, val.mv_size);
        }
    }
    mdb_cursor_close(cur);
}

/* Add the entry (@p k, @p val) to @p sum. */
static void
ids_add(struct ids_sum *sum, const unsigned char *hkey, const void *k, size_t klen,
        const unsigned char val[TXNG_INDEX_VAL_BYTES])
{
    unsigned char buf[TXNG_INDEX_VAL_BYTES + TXNG_INDEX_KEY_MAX];
    unsigned char h[crypto_shorthash_siphashx24_BYTES];
    uint64_t      a, b;

    /* The value has a fixed length, so value ‖ key is unambiguous. */
    memcpy(buf, val, TXNG_INDEX_VAL_BYTES);
    memcpy(buf + TXNG_INDEX_VAL_BYTES, k, klen);
    crypto_shorthash_siphashx24(h, buf, TXNG_INDEX_VAL_BYTES + klen, hkey);
    memcpy(&a, h, 8);
    memcpy(&b, h + 8, 8);
    sum->s[0] += a;
    sum->s[1] += b;
    sum->n++;
}

/* Sum the entries record @p index with @p event should have in `ids`. */
static txng_err
ids_expect(struct ids_sum *sum, const unsigned char *hkey, const json_t *event, uint64_t index,
           txng_index_list *l)
{
    unsigned char key[TXNG_INDEX_KEY_MAX], val[TXNG_INDEX_VAL_BYTES];
    txng_err      err = txng_index_extract(l, event);

    memset(sum, 0, sizeof *sum);
    if (err != TXNG_OK)
        return err;
    for (size_t i = 0; i < l->n; i++) {
        size_t klen = txng_index_key(key, l->v[i].id, l->v[i].id_len);

        txng_index_value(val, index, l->v[i].role);
        ids_add(sum, hkey, key, klen, val);
    }
    return TXNG_OK;
}

/* Add the entries the @p nsig signatures of record @p index make in `ids` (put_sigs()). */
static void
ids_expect_sigs(struct ids_sum *sum, const unsigned char *hkey,
                const unsigned char (*sig)[TXNG_SIG_BYTES], size_t nsig, uint64_t when,
                uint64_t index)
{
    unsigned char key[TXNG_INDEX_SIG_KEY], val[TXNG_INDEX_VAL_BYTES];

    txng_index_value(val, index, TXNG_ROLE_SIG);
    for (size_t j = 0; j < nsig; j++) {
        txng_index_sig_key(key, when, sig[j]);
        ids_add(sum, hkey, key, sizeof key, val);
    }
}

/* Phase 1 of verify: canonical record, leaf hash, event bytes, raw signatures. */
static void
phase1_records(void *ctx, size_t begin, size_t end)
{
    struct batch   *b   = ctx;
    struct vctx    *v   = b->verify;
    txng_index_list ids = { 0 };

    for (size_t i = begin; i < end; i++) {
        struct item   *it = &b->items[i];
        struct ids_sum sum;

        if (it->err != TXNG_OK)
            continue;
        it->err = txng_record_decode(&it->rec, it->bytes, it->len, &it->diag);
        if (it->err == TXNG_OK)
            it->err = ids_expect(&sum, v->ids_key, it->rec->event, it->rec->index, &ids);
        if (it->err != TXNG_OK)
            continue;
        txng_hash_leaf(it->leaf, it->bytes, it->len);
        it->event = it->rec->event;
        it->sigs  = it->rec->signatures;
        txng_verify_event_span(it->bytes, it->len, &it->ev, &it->ev_len);
        it->err = txng_verify_sig_bytes(it->sigs, it->sig, &it->nsig);
        ids_expect_sigs(&sum, v->ids_key, (const unsigned char(*)[TXNG_SIG_BYTES]) it->sig,
                        it->nsig, txng_index_sig_time(it->rec->event), it->rec->index);
        it->ids_sum[0] = sum.s[0];
        it->ids_sum[1] = sum.s[1];
        it->ids_n      = sum.n;
    }
    txng_index_list_free(&ids);
}

/* Phase 3 of verify: signatures of the records and of their checkpoints. */
static void
phase3_records(void *ctx, size_t begin, size_t end)
{
    struct batch *b = ctx;
    struct vctx  *v = b->verify;

    phase3_verify(ctx, begin, end);
    if (end > b->stop)
        end = b->stop;
    for (size_t i = begin; i < end; i++) {
        struct item *it = &b->items[i];
        size_t       text_len;

        if (it->cp_note != NULL &&
            txng_note_verify(it->cp_note, it->cp_len, v->trust, 1, &text_len, NULL) != TXNG_OK)
            it->cp_err = TXNG_EBADSIG;
    }
}

static void
node_check(void *ctx, unsigned level, uint64_t index, const unsigned char hash[TXNG_HASH_BYTES])
{
    struct vctx  *v = ctx;
    unsigned char key[TXNG_STORE_NODE_KEY];
    MDB_val       k = { sizeof key, key }, val;

    if (v->cur->err != TXNG_OK)
        return;
    txng_node_key(key, level, index);
    if (mdb_get(v->txn, v->log->st.nodes, &k, &val) == MDB_SUCCESS)
        touched(v, val.mv_data, val.mv_size);
    else
        val.mv_size = 0;
    if (val.mv_size != TXNG_HASH_BYTES || memcmp(val.mv_data, hash, TXNG_HASH_BYTES) != 0) {
        txng_diag_set_once(&v->cur->diag, TXNG_N_("the nodes database does not match the records"),
                           "nodes");
        v->cur->err = TXNG_ECORRUPT;
    }
}

static txng_err
next_checkpoint(struct vctx *v, MDB_cursor_op op)
{
    MDB_val k;
    int     rc = mdb_cursor_get(v->cps, &k, &v->cp_note, op);

    v->have_cp = false;
    if (rc == MDB_NOTFOUND)
        return TXNG_OK;
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    if (k.mv_size != 8 || txng_be64_load(k.mv_data) == 0)
        return TXNG_ECORRUPT;
    touched(v, v->cp_note.mv_data, v->cp_note.mv_size);
    v->have_cp = true;
    v->cp_size = txng_be64_load(k.mv_data);
    return TXNG_OK;
}

/* Record 0: the genesis naming the origin and the log key, signed by it. */
static txng_err
check_genesis(struct vctx *v, struct item *it)
{
    txng_key_info info;
    txng_err      err;

    err = txng_verify_genesis(it->event, it->sigs, it->nsig, v->log->origin, &v->log->pub, v->trust,
                              &info, &it->diag);
    if (err == TXNG_EFORMAT)
        return TXNG_ECORRUPT; /* the log's own genesis: its store is damaged */
    if (err != TXNG_OK)
        return err;
    memcpy(it->pk[0], info.key.pk, TXNG_PK_BYTES);
    return ktable_put(&v->keys, &info);
}

/*
 * A record whose bytes disagree with the stored tree or a checkpoint was
 * changed after it was appended. If its signature no longer verifies, that
 * is the reason worth reporting; otherwise @p err stands.
 */
static txng_err
prefer_bad_signature(struct item *it, txng_err err)
{
    txng_diag was = it->diag;
    char     *pae = NULL;
    size_t    cap = 0;

    it->diag.reason   = NULL;
    it->diag.field[0] = '\0';
    if (txng_verify_sigs(
            &pae, &cap, it->ev, it->ev_len, (const unsigned char(*)[TXNG_SIG_BYTES]) it->sig,
            (const unsigned char(*)[TXNG_PK_BYTES]) it->pk, it->nsig, &it->diag) == TXNG_EBADSIG)
        err = TXNG_EBADSIG;
    else
        it->diag = was;
    free(pae);
    return err;
}

/* Phase 2 for one record at position @p pos. */
static txng_err
verify_one(struct vctx *v, struct item *it, uint64_t pos)
{
    txng_key_info   signers[TXNG_EVENT_MAX_SIGS];
    txng_checkpoint cp;
    unsigned char   root[TXNG_HASH_BYTES];
    txng_err        err;

    if (it->rec->index != pos) {
        txng_diag_set_once(&it->diag, TXNG_N_("record index does not match its position"), "index");
        return TXNG_ECHAIN;
    }
    if (pos > 0 && memcmp(it->rec->prev, v->prev, TXNG_HASH_BYTES) != 0) {
        txng_diag_set_once(&it->diag, TXNG_N_("prev is not the hash of the previous record"),
                           "prev");
        return TXNG_ECHAIN;
    }
    if (pos == 0) {
        err = check_genesis(v, it);
    } else {
        err = TXNG_OK;
        for (size_t j = 0; j < it->nsig && err == TXNG_OK; j++) {
            err = resolve_sig(json_string_value(json_object_get(json_array_get(it->sigs, j), "key")),
                              ktable_get, &v->keys, &signers[j], &it->diag, j);
            if (err == TXNG_OK)
                memcpy(it->pk[j], signers[j].key.pk, TXNG_PK_BYTES);
        }
        if (err == TXNG_OK)
            err = txng_keystate_apply(it->event, signers, it->nsig, pos, ktable_get, ktable_put, &v->keys,
                              &it->diag);
    }
    if (err != TXNG_OK)
        return err;
    v->cur = it;
    txng_merkle_range_push(&v->range, it->leaf, node_check, v);
    if (it->err != TXNG_OK)
        return prefer_bad_signature(it, it->err);
    memcpy(v->prev, it->leaf, TXNG_HASH_BYTES);
    if (v->have_cp && v->cp_size < v->range.size) {
        txng_diag_set_once(&it->diag, TXNG_N_("checkpoints are out of order"), "checkpoints");
        return TXNG_ECORRUPT;
    }
    if (v->have_cp && v->cp_size == v->range.size) {
        if (checkpoint_read(&cp, v->note, v->cp_note.mv_data, v->cp_note.mv_size) != TXNG_OK ||
            cp.size != v->cp_size) {
            txng_diag_set_once(&it->diag, TXNG_N_("a stored checkpoint is malformed"),
                               "checkpoints");
            return TXNG_ECORRUPT;
        }
        txng_merkle_range_root(&v->range, root);
        if (strcmp(cp.origin, v->log->origin) != 0 ||
            memcmp(root, cp.root, TXNG_HASH_BYTES) != 0) {
            txng_diag_set_once(&it->diag, TXNG_N_("a checkpoint does not match the records"),
                               "checkpoints");
            return prefer_bad_signature(it, TXNG_EFORK);
        }
        it->cp_note = v->cp_note.mv_data;
        it->cp_len  = v->cp_note.mv_size;
        v->ncp++;
        v->last_cp = v->cp_size;
        return next_checkpoint(v, MDB_NEXT);
    }
    return TXNG_OK;
}

/* The keys database must be exactly the replayed key state. */
static txng_err
verify_keys(struct vctx *v, txng_diag *diag)
{
    MDB_cursor *cur = NULL;
    MDB_val     k, val;
    size_t      n   = 0;
    txng_err    err = TXNG_OK;
    int         rc;

    rc = mdb_cursor_open(v->txn, v->log->st.keys, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &val, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &val, MDB_NEXT)) {
        txng_key_info stored, replayed;

        n++;
        if (keyval_decode(&stored, k.mv_data, k.mv_size, val.mv_data, val.mv_size) != TXNG_OK ||
            ktable_get(&v->keys, stored.key.name, &replayed) != TXNG_OK ||
            !txng_pubkey_equal(&stored.key, &replayed.key) ||
            strcmp(stored.role, replayed.role) != 0 || stored.enrolled != replayed.enrolled ||
            stored.is_revoked != replayed.is_revoked || stored.revoked != replayed.revoked) {
            err = TXNG_ECORRUPT;
            /* Name the record that enrolled the key, when the records know it. */
            if (diag != NULL && ktable_get(&v->keys, stored.key.name, &replayed) == TXNG_OK) {
                diag->has_index = true;
                diag->index     = replayed.enrolled;
            }
            break;
        }
    }
    mdb_cursor_close(cur);
    if (err == TXNG_OK && rc != MDB_NOTFOUND)
        return txng_store_from_mdb(rc);
    if (err != TXNG_OK || n != v->keys.n) {
        txng_diag_set_once(diag, TXNG_N_("the keys database does not match the records"), "keys");
        return TXNG_ECORRUPT;
    }
    return TXNG_OK;
}

static void
verify_fail(txng_diag *diag, uint64_t index, const char *reason)
{
    if (diag == NULL)
        return;
    txng_diag_set_once(diag, reason, NULL);
    diag->has_index = true;
    diag->index     = index;
}

/*
 * Drop the map pages this process has mapped from its resident set. They
 * stay in the page cache (the map is a read-only shared file mapping, so
 * nothing is lost), and verify's memory stays bounded however large the log.
 *
 * LMDB does not tell where its map is, so the span dropped is everything
 * between the lowest and the highest map address verify has been handed
 * since it began (values and keys of every database, the first and last
 * entries of each seeded at the start), never narrowed. Pages verify never
 * sees a pointer into are dropped too when they lie inside: B-tree branch
 * pages that LMDB walks for each lookup, and the neighbours the kernel maps
 * on each fault ("fault-around", 16 pages). Tracking only the span read per
 * chunk left those resident, and they grew with the log.
 */
static void
drop_pages(struct vctx *v)
{
    txng_store_drop_pages(&v->log->st, v->lo, v->hi);
}

/*
 * Sum the stored `ids` entries of records [@p lo, @p hi) into @p out, one
 * bucket per @p per records. An entry that no record could make (bad value
 * length, key too long, index past the end) is ECORRUPT, with its index in
 * @p bad when it has one.
 */
static txng_err
ids_scan(struct vctx *v, uint64_t total, struct ids_sum *out, uint64_t lo, uint64_t hi,
         uint64_t per, bool *has_bad, uint64_t *bad)
{
    MDB_cursor *cur = NULL;
    MDB_val     k, val;
    uint64_t    seen = 0;
    txng_err    err  = TXNG_OK;
    int         rc;

    *has_bad = false;
    rc       = mdb_cursor_open(v->txn, v->log->st.ids, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &val, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &val, MDB_NEXT)) {
        uint64_t index;

        touched(v, k.mv_data, k.mv_size);
        touched(v, val.mv_data, val.mv_size);
        if (++seen % IDS_DROP == 0)
            drop_pages(v);
        if (val.mv_size != TXNG_INDEX_VAL_BYTES) {
            err = TXNG_ECORRUPT;
            break;
        }
        index = txng_be64_load(val.mv_data);
        if (index >= total || k.mv_size == 0 || k.mv_size > TXNG_INDEX_KEY_MAX) {
            *has_bad = index < total;
            *bad     = index;
            err      = TXNG_ECORRUPT;
            break;
        }
        if (index >= lo && index < hi)
            ids_add(&out[(index - lo) / per], v->ids_key, k.mv_data, k.mv_size, val.mv_data);
    }
    mdb_cursor_close(cur);
    drop_pages(v);
    if (err == TXNG_OK && rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
    return err;
}

/* The first record of chunk @p c whose `ids` entries differ from what it makes. */
static txng_err
ids_locate(struct vctx *v, uint64_t total, uint64_t c, bool *found, uint64_t *index)
{
    uint64_t        lo = c * VCHUNK, hi = lo + VCHUNK < total ? lo + VCHUNK : total;
    struct ids_sum *want = NULL, *have = NULL;
    txng_index_list l    = { 0 };
    txng_record    *rec  = NULL;
    bool            has_bad;
    uint64_t        bad;
    txng_err        err = TXNG_ENOMEM;

    *found = false;
    want   = calloc(VCHUNK, sizeof *want);
    have   = calloc(VCHUNK, sizeof *have);
    if (want == NULL || have == NULL)
        goto out;
    for (uint64_t i = lo; i < hi; i++) {
        unsigned char key[8], sig[TXNG_EVENT_MAX_SIGS][TXNG_SIG_BYTES];
        size_t        nsig;
        MDB_val       k = { sizeof key, key }, val;

        txng_be64_store(key, i);
        err = txng_store_from_mdb(mdb_get(v->txn, v->log->st.records, &k, &val));
        if (err == TXNG_OK) {
            touched(v, val.mv_data, val.mv_size);
            err = txng_record_decode(&rec, val.mv_data, val.mv_size, NULL);
        }
        if (err == TXNG_OK)
            err = ids_expect(&want[i - lo], v->ids_key, rec->event, i, &l);
        if (err == TXNG_OK)
            err = record_sigs(rec, sig, &nsig);
        if (err == TXNG_OK)
            ids_expect_sigs(&want[i - lo], v->ids_key, (const unsigned char(*)[TXNG_SIG_BYTES]) sig,
                            nsig, txng_index_sig_time(rec->event), i);
        txng_record_free(rec);
        rec = NULL;
        if (err != TXNG_OK)
            goto out;
    }
    err = ids_scan(v, total, have, lo, hi, 1, &has_bad, &bad);
    if (err != TXNG_OK)
        goto out;
    for (uint64_t i = lo; i < hi && !*found; i++) {
        if (memcmp(&want[i - lo], &have[i - lo], sizeof *want) != 0) {
            *found = true;
            *index = i;
        }
    }
out:
    txng_index_list_free(&l);
    free(want);
    free(have);
    return err;
}

/* The ids database must hold exactly the entries the records make. */
static txng_err
verify_ids(struct vctx *v, uint64_t total, txng_diag *diag)
{
    struct ids_sum *have = NULL;
    bool            has_bad = false, found = false;
    uint64_t        bad = 0, nchunks = (total + VCHUNK - 1) / VCHUNK;
    txng_err        err;

    if (nchunks != v->nexp)
        return TXNG_ECORRUPT; /* cannot happen: every chunk was summed */
    have = calloc(nchunks, sizeof *have);
    if (have == NULL)
        return TXNG_ENOMEM;
    err = ids_scan(v, total, have, 0, total, VCHUNK, &has_bad, &bad);
    if (err == TXNG_ECORRUPT) {
        found = has_bad;
    } else if (err == TXNG_OK) {
        for (uint64_t c = 0; c < nchunks; c++) {
            if (memcmp(&have[c], &v->exp[c], sizeof *have) != 0) {
                err = ids_locate(v, total, c, &found, &bad);
                if (err == TXNG_OK)
                    err = TXNG_ECORRUPT;
                break;
            }
        }
    }
    free(have);
    if (err == TXNG_ECORRUPT && diag != NULL) {
        txng_diag_set_once(diag, TXNG_N_("the ids database does not match the records"), "ids");
        if (found) {
            diag->has_index = true;
            diag->index     = bad;
        }
    }
    return err;
}

/*
 * The end of a round of verify: the first failure among its records (phase
 * 2's or phase 3's) is the result; otherwise the `ids` sum of the round is
 * kept and its records let go.
 */
static txng_err
verify_round_end(struct vctx *v, struct batch *b, uint64_t pos, txng_diag *diag)
{
    for (size_t i = 0; i < b->n; i++) {
        struct item *it = &b->items[i];

        if (it->err != TXNG_OK || it->cp_err != TXNG_OK) {
            if (diag != NULL)
                *diag = it->diag;
            verify_fail(diag, pos + i,
                        it->err != TXNG_OK ? TXNG_N_("record is not valid")
                                           : TXNG_N_("checkpoint signature does not verify"));
            return it->err != TXNG_OK ? it->err : it->cp_err;
        }
    }
    if (v->nexp == v->cap_exp) {
        size_t          cap = v->cap_exp ? v->cap_exp * 2 : 64;
        struct ids_sum *e   = realloc(v->exp, cap * sizeof *e);

        if (e == NULL)
            return TXNG_ENOMEM;
        v->exp     = e;
        v->cap_exp = cap;
    }
    memset(&v->exp[v->nexp], 0, sizeof *v->exp);
    for (size_t i = 0; i < b->n; i++) {
        v->exp[v->nexp].s[0] += b->items[i].ids_sum[0];
        v->exp[v->nexp].s[1] += b->items[i].ids_sum[1];
        v->exp[v->nexp].n += b->items[i].ids_n;
    }
    v->nexp++;
    items_clear(b->items, b->n);
    b->n = 0;
    return TXNG_OK;
}

/*
 * Verify runs in rounds of VCHUNK records, pipelined over two batches: while
 * the calling thread reads round r, decodes it with the workers (phase 1) and
 * walks it in order (phase 2: chain, keys, tree, checkpoints), the workers
 * check the signatures of round r - 1 (phase 3), so that the serial part
 * overlaps the signatures instead of leaving cores idle. Round r - 1 is
 * judged before round r: the first failure by position still wins.
 */
txng_err
txng_log_verify(txng_log *log, const txng_pubkey *trusted, unsigned threads,
                txng_progress_fn progress, void *progress_ctx, txng_verify_result *res,
                txng_diag *diag)
{
    struct vctx   v;
    struct batch  bs[2] = { { 0 }, { 0 } }, *b, *prev = NULL;
    txng_job      p1, p3;
    txng_pool    *pool = NULL;
    MDB_cursor   *rcur = NULL;
    MDB_val       k, val;
    MDB_stat      st;
    uint64_t      total = 0, pos = 0, next = 0, want_nodes; /* verified; read */
    bool          more, stopping = false, pending = false;
    txng_err      err;
    int           rc;

    if (res != NULL)
        memset(res, 0, sizeof *res);
    memset(&v, 0, sizeof v);
    v.log   = log;
    v.trust = trusted != NULL ? trusted : &log->pub;
    txng_merkle_range_init(&v.range);
    randombytes_buf(v.ids_key, sizeof v.ids_key);
    err = rtxn_begin(log, &v.txn);
    if (err != TXNG_OK)
        return err;
    err       = TXNG_ENOMEM;
    v.note    = malloc(sizeof *v.note);
    for (size_t i = 0; i < 2; i++) {
        bs[i].items  = calloc(VCHUNK, sizeof *bs[i].items);
        bs[i].verify = &v;
    }
    if (v.note == NULL || bs[0].items == NULL || bs[1].items == NULL)
        goto out;
    pool = txng_pool_new(threads); /* NULL (all on this thread) for one thread, or on failure */
    err  = txng_store_size(&log->st, v.txn, &total);
    if (err != TXNG_OK)
        goto out;
    if (total == 0) {
        err = TXNG_ECORRUPT;
        verify_fail(diag, 0, TXNG_N_("the log has no genesis record"));
        goto out;
    }
    rc = mdb_cursor_open(v.txn, log->st.checkpoints, &v.cps);
    if (rc == MDB_SUCCESS)
        rc = mdb_cursor_open(v.txn, log->st.records, &rcur);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    touched_ends(&v, log->st.records);
    touched_ends(&v, log->st.nodes);
    touched_ends(&v, log->st.ids);
    touched_ends(&v, log->st.checkpoints);
    err = next_checkpoint(&v, MDB_FIRST);
    if (err != TXNG_OK) {
        verify_fail(diag, 0, TXNG_N_("a stored checkpoint is malformed"));
        goto out;
    }
    rc   = mdb_cursor_get(rcur, &k, &val, MDB_FIRST);
    more = rc == MDB_SUCCESS;
    for (b = &bs[0];; b = b == &bs[0] ? &bs[1] : &bs[0]) {
        size_t cn = 0;

        while (more && !stopping && cn < VCHUNK) {
            struct item *it = &b->items[cn];

            it->bytes = val.mv_data;
            it->len   = val.mv_size;
            touched(&v, val.mv_data, val.mv_size);
            if (k.mv_size != 8 || txng_be64_load(k.mv_data) != next + cn) {
                txng_diag_set_once(&it->diag, TXNG_N_("records are not numbered consecutively"),
                                   NULL);
                it->err = TXNG_ECHAIN;
            } else if (!found_by_key(v.txn, log->st.records, &k, &val)) {
                /* reported at once: LMDB refuses every later read of the transaction */
                txng_diag_set_once(diag,
                                   TXNG_N_("the record is not found by its index: the records "
                                           "database is damaged"),
                                   "records");
                verify_fail(diag, next + cn, NULL);
                err = TXNG_ECORRUPT;
                goto out;
            }
            cn++;
            rc   = mdb_cursor_get(rcur, &k, &val, MDB_NEXT);
            more = rc == MDB_SUCCESS;
        }
        if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) {
            err = txng_store_from_mdb(rc);
            goto out;
        }
        b->n    = cn;
        b->base = next;
        next += cn;
        if (cn > 0) {
            txng_pool_submit(pool, &p1, cn, TXNG_POOL_BLOCK, phase1_records, b);
            txng_pool_wait(pool, &p1);
            b->stop = cn;
            for (size_t i = 0; i < cn; i++) {
                struct item *it = &b->items[i];

                if (it->err == TXNG_OK)
                    it->err = verify_one(&v, it, b->base + i);
                if (it->err != TXNG_OK) {
                    b->stop  = i;
                    stopping = true; /* no later record can be the first failure */
                    break;
                }
            }
        }
        if (prev != NULL) {
            txng_pool_wait(pool, &p3);
            pending = false;
            pos     = prev->base + prev->n;
            err     = verify_round_end(&v, prev, prev->base, diag);
            if (err != TXNG_OK)
                goto out;
            if (progress != NULL)
                progress(progress_ctx, pos, total);
            drop_pages(&v); /* every round: see VCHUNK */
        }
        if (cn == 0)
            break;
        txng_pool_submit(pool, &p3, cn, TXNG_POOL_BLOCK, phase3_records, b);
        pending = true;
        prev    = b;
    }
    if (rc != MDB_NOTFOUND) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    err = TXNG_ECHAIN;
    if (pos != total) {
        verify_fail(diag, pos, TXNG_N_("records are not numbered consecutively"));
        goto out;
    }
    if (v.have_cp) {
        verify_fail(diag, total, TXNG_N_("a checkpoint is larger than the log"));
        goto out;
    }
    if (v.last_cp != total) {
        verify_fail(diag, v.last_cp, TXNG_N_("newest checkpoint does not cover the log"));
        goto out;
    }
    err = TXNG_ECORRUPT;
    rc  = mdb_stat(v.txn, log->st.nodes, &st);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    want_nodes = 2 * total - (uint64_t) __builtin_popcountll(total);
    if (st.ms_entries != want_nodes) {
        if (diag != NULL)
            txng_diag_set_once(
                diag, TXNG_N_("the nodes database has entries the records do not make"), "nodes");
        goto out;
    }
    err = verify_keys(&v, diag);
    if (err == TXNG_OK)
        err = verify_ids(&v, total, diag);
    if (err != TXNG_OK)
        goto out;
    if (res != NULL) {
        res->size        = total;
        res->checkpoints = v.ncp;
        res->keys        = v.keys.n;
        txng_merkle_range_root(&v.range, res->root);
    }
out:
    if (pending)
        txng_pool_wait(pool, &p3); /* its records point into the map */
    txng_pool_free(pool);
    mdb_cursor_close(rcur);
    mdb_cursor_close(v.cps);
    rtxn_end(log);
    for (size_t i = 0; i < 2; i++) {
        if (bs[i].items != NULL)
            items_clear(bs[i].items, bs[i].n);
        free(bs[i].items);
    }
    free(v.note);
    free(v.exp);
    ktable_free(&v.keys);
    return err;
}
