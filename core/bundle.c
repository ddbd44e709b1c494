/*
 * bundle.c - signed bundles: select, write, verify
 *
 * Layout (docs/format.md, "Bundles"): header lines, the checkpoint note, an
 * empty line, consistency blocks, then record and hashes blocks in leaf
 * order, "end" and an optional "exporter" line. A hashes block covering the
 * gap [a, b) lists the maximal aligned subtrees that tile it; b is only
 * known at the next block, so the verifier holds the block (at most 128
 * hashes) until then and checks the count against the tiling of [a, b).
 *
 * The verifier works like txng_log_verify(): records are read in chunks of
 * VCHUNK; (1) decoding, leaf hashes and signature bytes on all cores, (2)
 * order, prev links, key state, the Merkle fold and the lineage sets on the
 * calling thread, (3) Ed25519 on the workers, overlapping the reading, (1)
 * and (2) of the next chunk (a pool, core/par.h). The first failure by
 * position wins. The key state is replayed from the bundle's key records,
 * which the writer always includes, with the rules of core/log.c (enrolment and
 * revocation by the log key or an admin, names taken once, no signature by
 * a key after its revocation).
 *
 * The writer reads everything in one read transaction of the log: the
 * newest checkpoint, the key records, the records and the `nodes` hashes of
 * the gaps. Map pages it touches are dropped from the resident set as it
 * goes (see drop_pages() in log.c), so a million-record bundle is written in
 * bounded memory.
 *
 * Importing a bundle into another log is core/bundle_import.c; it borrows
 * from here (core/bundle_int.h) the key state by position, the walk over a
 * log's records and the walk over an accepted bundle.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>

#include "core/bundle.h"
#include "core/bundle_int.h"
#include "core/canon.h"
#include "core/event.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/keystate.h"
#include "core/par.h"
#include "core/record.h"
#include "core/store.h"
#include "core/trace.h"
#include "core/verify.h"

#define VCHUNK      1024
/* Largest record block accepted: an event of TXNG_EVENT_MAX and its signatures. */
#define RECORD_MAX  (TXNG_EVENT_MAX + 64u * 1024u)
#define READ_BUF    (64u * 1024u)
/* Records written between two drop_pages(), and map reads: each read may fault in up
 * to 16 neighbouring pages (fault-around), so a sparse selection maps up to 64 KiB a
 * record; 256 reads keep that under 16 MiB. */
#define WDROP       4096
#define WDROP_READS 256
#define BTYPE_LEN   (sizeof TXNG_BUNDLE_PAYLOAD_TYPE - 1)
/* Most pieces of the tiling of one gap: two per level. */
#define GAP_MAX     128
/* The refusal of a bundle cut at a line boundary. */
#define ENDS_EARLY                                                                                 \
    TXNG_N_("the bundle ends too early: the file is cut short: copy it again from its source")
/* Suffix of the "end" line of a bundle followed by an exporter line. */
#define END_SIGNED  " signed"

static const char *const kind_names[] = { "all", "unit", "lot", "range", "index" };

/* ---- small helpers ---------------------------------------------------------------------- */

struct buf {
    char  *p;
    size_t len, cap;
};

/*
 * Room for element @p n of the array @p v of *@p cap elements of @p size
 * bytes: @p v itself when it has room, else the array grown (doubled, or
 * @p first elements when empty; *@p cap updated), or NULL when out of memory
 * (@p v is then unchanged).
 */
static void *
grow(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
    size_t c = *cap ? *cap * 2 : first;
    void  *p;

    if (n < *cap)
        return v;
    p = realloc(v, c * size);
    if (p != NULL)
        *cap = c;
    return p;
}

static txng_err
buf_add(struct buf *b, const void *p, size_t len)
{
    if (b->cap - b->len <= len) {
        size_t cap = b->cap ? b->cap : 256;
        char  *q;

        while (cap - b->len <= len)
            cap *= 2;
        q = realloc(b->p, cap);
        if (q == NULL)
            return TXNG_ENOMEM;
        b->p   = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, len);
    b->len += len;
    b->p[b->len] = '\0';
    return TXNG_OK;
}

static int
u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

    return x < y ? -1 : x > y;
}

size_t
txng_bundle_u64_unique(uint64_t *v, size_t n)
{
    size_t w = 0;

    if (n > 1)
        qsort(v, n, sizeof *v, u64_cmp);
    for (size_t i = 0; i < n; i++)
        if (w == 0 || v[w - 1] != v[i])
            v[w++] = v[i];
    return w;
}

txng_err
txng_bundle_u64s_add(txng_bundle_u64s *s, uint64_t x)
{
    uint64_t *v = grow(s->v, &s->cap, s->n, sizeof *v, 64);

    if (v == NULL)
        return TXNG_ENOMEM;
    s->v         = v;
    s->v[s->n++] = x;
    return TXNG_OK;
}

/* The largest aligned piece starting at @p a inside [a, b): its level. */
static unsigned
piece_level(uint64_t a, uint64_t b)
{
    unsigned l = 0;

    while (l < 63 && (a & ((UINT64_C(1) << (l + 1)) - 1)) == 0 &&
           (UINT64_C(1) << (l + 1)) <= b - a)
        l++;
    return l;
}

/* Number of pieces tiling [a, b). */
static size_t
piece_count(uint64_t a, uint64_t b)
{
    size_t n = 0;

    while (a < b) {
        a += UINT64_C(1) << piece_level(a, b);
        n++;
    }
    return n;
}

/* ---- a small string set (lineage, origins) ------------------------------------------------ */

struct sset {
    char  **v;
    size_t  n, nslot;
};

static uint64_t
str_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char) s[i]) * 1099511628211ULL;
    return h;
}

static size_t
sset_slot(const struct sset *s, const char *k, size_t len)
{
    size_t i = (size_t) str_hash(k, len) & (s->nslot - 1);

    while (s->v[i] != NULL && (strlen(s->v[i]) != len || memcmp(s->v[i], k, len) != 0))
        i = (i + 1) & (s->nslot - 1);
    return i;
}

static bool
sset_has(const struct sset *s, const char *k, size_t len)
{
    return s->nslot > 0 && s->v[sset_slot(s, k, len)] != NULL;
}

/* Add @p k; *added says whether it was new. */
static txng_err
sset_add(struct sset *s, const char *k, size_t len, bool *added)
{
    size_t i;

    if (added != NULL)
        *added = false;
    if (s->n + 1 > s->nslot / 2) {
        size_t nslot = s->nslot ? s->nslot * 2 : 64;
        char **v     = calloc(nslot, sizeof *v);

        if (v == NULL)
            return TXNG_ENOMEM;
        for (size_t j = 0; j < s->nslot; j++) {
            if (s->v[j] != NULL) {
                size_t h = (size_t) str_hash(s->v[j], strlen(s->v[j])) & (nslot - 1);

                while (v[h] != NULL)
                    h = (h + 1) & (nslot - 1);
                v[h] = s->v[j];
            }
        }
        free(s->v);
        s->v     = v;
        s->nslot = nslot;
    }
    i = sset_slot(s, k, len);
    if (s->v[i] != NULL)
        return TXNG_OK;
    s->v[i] = malloc(len + 1);
    if (s->v[i] == NULL)
        return TXNG_ENOMEM;
    memcpy(s->v[i], k, len);
    s->v[i][len] = '\0';
    s->n++;
    if (added != NULL)
        *added = true;
    return TXNG_OK;
}

static void
sset_free(struct sset *s)
{
    for (size_t i = 0; i < s->nslot; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- key state by position ----------------------------------------------------------------- */

static txng_key_info *
ks_find(const txng_bundle_keys *ks, const char *name)
{
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->v[i].key.name, name) == 0)
            return &ks->v[i];
    return NULL;
}

txng_err
txng_bundle_keys_add(txng_bundle_keys *ks, const txng_key_info *info)
{
    txng_key_info *v = grow(ks->v, &ks->cap, ks->n, sizeof *v, 16);

    if (v == NULL)
        return TXNG_ENOMEM;
    ks->v          = v;
    ks->v[ks->n++] = *info;
    return TXNG_OK;
}

/* The key a signature of record @p index names, valid at that position. */
txng_err
txng_bundle_keys_resolve(const txng_bundle_keys *ks, const char *ref, uint64_t index,
                         txng_key_info *out, txng_diag *diag, const char *prefix, size_t j,
                         const char *suffix)
{
    char                 name[TXNG_KEY_NAME_MAX + 1], field[64];
    uint32_t             id;
    const txng_key_info *k;
    const char          *reason;
    txng_err             err;

    if (ref == NULL || txng_keyref_parse(ref, name, &id) != TXNG_OK) {
        reason = TXNG_N_("signature key is not NAME+KEYID");
        err    = TXNG_EFORMAT;
    } else if ((k = ks_find(ks, name)) == NULL || k->key.id != id ||
               (k->enrolled >= index && index > 0)) {
        reason = TXNG_N_("signed by an unknown key");
        err    = TXNG_EBADSIG;
    } else if (k->is_revoked && k->revoked < index) {
        reason = TXNG_N_("signed by a revoked key");
        err    = TXNG_EPERM;
    } else {
        *out = *k;
        return TXNG_OK;
    }
    snprintf(field, sizeof field, "%s%zu%s", prefix, j, suffix);
    txng_diag_set_once(diag, reason, field);
    return err;
}

/* The key state of a bundle as core/keystate.h reads and writes it. */
txng_err
txng_bundle_keys_get(void *ctx, const char *name, txng_key_info *out)
{
    const txng_key_info *k = ks_find(ctx, name);

    if (k == NULL)
        return TXNG_ENOTFOUND;
    *out = *k;
    return TXNG_OK;
}

txng_err
txng_bundle_keys_put(void *ctx, const txng_key_info *info)
{
    txng_key_info *k = ks_find(ctx, info->key.name);

    if (k == NULL)
        return txng_bundle_keys_add(ctx, info);
    *k = *info;
    return TXNG_OK;
}

/* ---- select ------------------------------------------------------------------------------ */

/* Append the indexes of key enrolment and revocation records below @p size. */
static txng_err
key_records(const txng_store *st, MDB_txn *txn, uint64_t size, txng_bundle_u64s *out)
{
    MDB_cursor *cur = NULL;
    MDB_val     k, v;
    txng_err    err = TXNG_OK;
    int         rc;

    rc = mdb_cursor_open(txn, st->keys, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == MDB_SUCCESS && !err;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data;
        uint64_t             e, r;

        if (v.mv_size < TXNG_STORE_KEYVAL_FIXED) {
            err = TXNG_ECORRUPT;
            break;
        }
        e = txng_be64_load(p + 36);
        r = txng_be64_load(p + 44);
        if (e < size)
            err = txng_bundle_u64s_add(out, e);
        if (err == TXNG_OK && r != TXNG_STORE_NOT_REVOKED && r < size)
            err = txng_bundle_u64s_add(out, r);
    }
    mdb_cursor_close(cur);
    if (err == TXNG_OK && rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
    return err;
}

static bool
time_epoch(const char *s, int64_t *out)
{
    return txng_event_time_parse(s, NULL, NULL, out, NULL) == TXNG_OK;
}

/*
 * A bound of a range. A date-time with an offset is an instant. A date alone
 * is a calendar day as the events themselves read it: an event matches when
 * the date part of its eventTime, in the event's own offset, is on or after
 * (from) or on or before (to) that day, so "--from 2024-11-22 --to
 * 2024-11-22" holds the shipment at 2024-11-22T06:00+07:00, which is still
 * 2024-11-21 in UTC. For a date, t is the widest instant the day reaches in
 * any offset (RFC 3339 offsets stay within 14 hours of UTC).
 */
struct bound {
    bool    date;
    char    day[11]; /* date: YYYY-MM-DD */
    int64_t t;
};

#define DAY_REACH (14 * 3600)

/* Parse a range bound: a date or a date-time with an offset. */
static bool
range_bound(const char *s, bool end, struct bound *b)
{
    char t[40];

    if (s == NULL)
        return false;
    memset(b, 0, sizeof *b);
    if (strlen(s) == 10) {
        snprintf(t, sizeof t, "%sT00:00:00Z", s);
        if (!time_epoch(t, &b->t))
            return false;
        b->date = true;
        memcpy(b->day, s, 10);
        b->t += end ? 86399 + DAY_REACH : -DAY_REACH;
        return true;
    }
    return time_epoch(s, &b->t);
}

/* Whether a range [lo, hi] can hold any time at all. */
static bool
bounds_ordered(const struct bound *lo, const struct bound *hi)
{
    if (lo->date && hi->date)
        return strcmp(lo->day, hi->day) <= 0;
    return lo->t <= hi->t;
}

/* Whether the eventTime @p when lies in [lo, hi] (see struct bound). */
static bool
in_bounds(const struct bound *lo, const struct bound *hi, const char *when)
{
    char    norm[TXNG_EVENT_TIME_MAX];
    int64_t t;

    if (when == NULL || txng_event_time_parse(when, norm, NULL, &t, NULL) != TXNG_OK)
        return false;
    /* norm starts with the local date YYYY-MM-DD in the event's own offset */
    if (lo->date ? memcmp(norm, lo->day, 10) < 0 : t < lo->t)
        return false;
    if (hi->date ? memcmp(norm, hi->day, 10) > 0 : t > hi->t)
        return false;
    return true;
}

txng_err
txng_bundle_each_record(txng_log *log, const char *needle,
                        txng_err (*fn)(void *ctx, const txng_record *rec), void *ctx)
{
    const txng_store *st;
    MDB_txn          *txn;
    MDB_cursor       *cur = NULL;
    MDB_val           k, v;
    txng_err          err;
    int               rc;

    err = txng_log_read_begin(log, &st, &txn);
    if (err != TXNG_OK)
        return err;
    rc = mdb_cursor_open(txn, st->records, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == MDB_SUCCESS && !err;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        txng_record *rec = NULL;

        if (needle != NULL && txng_record_find(v.mv_data, v.mv_size, needle) == NULL)
            continue;
        err = txng_record_decode(&rec, v.mv_data, v.mv_size, NULL);
        if (err != TXNG_OK) {
            err = err == TXNG_ENOMEM ? err : TXNG_ECORRUPT;
            break;
        }
        err = fn(ctx, rec);
        txng_record_free(rec);
    }
    mdb_cursor_close(cur);
    if (err == TXNG_OK && rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
    txng_log_read_end(log);
    return err;
}

struct range {
    struct bound      lo, hi;
    txng_bundle_u64s *out;
};

static txng_err
in_range(void *ctx, const txng_record *rec)
{
    const struct range *r = ctx;

    if (in_bounds(&r->lo, &r->hi, json_string_value(json_object_get(rec->event, "eventTime"))))
        return txng_bundle_u64s_add(r->out, rec->index);
    return TXNG_OK;
}

/*
 * Events of the log whose eventTime lies in [lo, hi]. Every record is read
 * (there is no time index to narrow the scan); in_bounds() decides.
 */
static txng_err
select_range(txng_log *log, const struct bound *lo, const struct bound *hi,
             txng_bundle_u64s *out)
{
    struct range r = { *lo, *hi, out };

    return txng_bundle_each_record(log, NULL, in_range, &r);
}

/* Add every event of @p r to @p out and @p seen. */
static txng_err
add_trace(const txng_trace_result *r, txng_bundle_u64s *out)
{
    txng_err err = TXNG_OK;

    for (size_t i = 0; i < r->nevents && err == TXNG_OK; i++)
        err = txng_bundle_u64s_add(out, r->events[i].index);
    return err;
}

/*
 * The lineage closure of @p id: back and forward, then back from every
 * input of each selected event until nothing new comes in.
 */
static txng_err
select_lineage(txng_log *log, const char *id, txng_bundle_u64s *out, txng_diag *diag)
{
    txng_trace_result *r    = NULL;
    struct sset        done = { 0 };
    txng_index_list    list = { 0 };
    size_t             scanned = 0;
    txng_err           err;

    err = txng_trace(log, id, TXNG_TRACE_BACK, 0, &r);
    if (err == TXNG_ENOTFOUND)
        txng_diag_set_once(diag, TXNG_N_("no record names this identifier"), "id");
    if (err != TXNG_OK)
        goto out;
    err = add_trace(r, out);
    txng_trace_free(r);
    r = NULL;
    if (err == TXNG_OK)
        err = sset_add(&done, id, strlen(id), NULL);
    if (err == TXNG_OK)
        err = txng_trace(log, id, TXNG_TRACE_FORWARD, 0, &r);
    if (err == TXNG_OK)
        err = add_trace(r, out);
    txng_trace_free(r);
    r = NULL;
    while (err == TXNG_OK && scanned < out->n) {
        uint64_t     index = out->v[scanned++];
        char        *bytes = NULL;
        size_t       len;
        txng_record *rec = NULL;

        err = txng_log_get(log, index, &bytes, &len);
        if (err == TXNG_OK)
            err = txng_record_decode(&rec, bytes, len, NULL);
        free(bytes);
        if (err == TXNG_OK)
            err = txng_index_extract(&list, rec->event);
        for (size_t i = 0; err == TXNG_OK && i < list.n; i++) {
            const txng_index_entry *e = &list.v[i];
            bool                    added;

            if (e->side != TXNG_SIDE_IN)
                continue;
            err = sset_add(&done, e->id, e->id_len, &added);
            if (err != TXNG_OK || !added)
                continue;
            err = txng_trace(log, done.v[sset_slot(&done, e->id, e->id_len)], TXNG_TRACE_BACK,
                             0, &r);
            if (err == TXNG_ENOTFOUND) {
                err = TXNG_OK;
                continue;
            }
            if (err == TXNG_OK)
                err = add_trace(r, out);
            txng_trace_free(r);
            r = NULL;
        }
        txng_record_free(rec);
    }
out:
    txng_index_list_free(&list);
    sset_free(&done);
    return err;
}

/* Add the master record of (@p kind, @p id) to @p out once; a product brings its producer. */
static txng_err
add_master(txng_log *log, struct sset *seen, txng_gs1_kind kind, const char *id,
           txng_bundle_u64s *out)
{
    char      key[TXNG_GS1_URI_MAX + 2];
    uint64_t  index;
    json_t   *ev = NULL;
    bool      added, found;
    txng_err  err;
    int       len = snprintf(key, sizeof key, "%c%s", '0' + (int) kind, id);

    if (len < 0 || (size_t) len >= sizeof key)
        return TXNG_OK; /* longer than any identifier master data has */
    if ((err = sset_add(seen, key, (size_t) len, &added)) != TXNG_OK || !added)
        return err;
    err = txng_index_master(log, kind, id, &index, &ev, &found);
    if (err == TXNG_OK && found)
        err = txng_bundle_u64s_add(out, index);
    if (err == TXNG_OK && found && kind == TXNG_GS1_KIND_PRODUCT &&
        json_is_string(json_object_get(ev, "producer")))
        err = add_master(log, seen, TXNG_GS1_KIND_PARTY,
                         json_string_value(json_object_get(ev, "producer")), out);
    json_decref(ev);
    return err;
}

/*
 * The master data a lineage names, so that a bundle of a unit or a lot also
 * proves the names a reader sees: the product of every GTIN its identifiers
 * carry (and that product's producer), every place (readPoint, bizLocation)
 * and every party (source, destination). Each is the newest record of its id.
 */
static txng_err
select_master(txng_log *log, txng_bundle_u64s *out)
{
    struct sset     seen = { 0 };
    txng_index_list list = { 0 };
    size_t          lineage = out->n;
    txng_err        err = TXNG_OK;

    for (size_t r = 0; r < lineage && err == TXNG_OK; r++) {
        char        *bytes = NULL;
        size_t       len;
        txng_record *rec = NULL;

        err = txng_log_get(log, out->v[r], &bytes, &len);
        if (err == TXNG_OK)
            err = txng_record_decode(&rec, bytes, len, NULL);
        free(bytes);
        if (err == TXNG_OK)
            err = txng_index_extract(&list, rec->event);
        for (size_t i = 0; err == TXNG_OK && i < list.n; i++) {
            const txng_index_entry *e = &list.v[i];
            char                    id[TXNG_GS1_URI_MAX];
            txng_gs1_id             g;

            if (e->id_len >= sizeof id)
                continue;
            memcpy(id, e->id, e->id_len);
            id[e->id_len] = '\0';
            switch (e->role) {
            case TXNG_ROLE_LOCATION:
                err = add_master(log, &seen, TXNG_GS1_KIND_PLACE, id, out);
                break;
            case TXNG_ROLE_PARTY:
                err = add_master(log, &seen, TXNG_GS1_KIND_PARTY, id, out);
                break;
            case TXNG_ROLE_EPC:
            case TXNG_ROLE_PARENT:
            case TXNG_ROLE_CHILD:
            case TXNG_ROLE_INPUT:
            case TXNG_ROLE_OUTPUT:
                if (txng_gs1_dl_parse(&g, id, e->id_len, 0, NULL) == TXNG_OK &&
                    g.key == TXNG_GS1_KEY_GTIN) {
                    snprintf(id, sizeof id, "%s/01/%s", TXNG_GS1_CANONICAL_STEM, g.key_digits);
                    err = add_master(log, &seen, TXNG_GS1_KIND_PRODUCT, id, out);
                }
                break;
            default:
                break;
            }
        }
        txng_record_free(rec);
    }
    txng_index_list_free(&list);
    sset_free(&seen);
    return err;
}

/*
 * Add to @p out the records that declare one of its records from position @p from on
 * wrong (txng_index_declared_wrong()), and those that declare these wrong: a bundle
 * carries the corrections of its events, so that whoever reads it offline, or imports
 * it, knows which did not occur.
 */
static txng_err
select_corrections(txng_log *log, txng_bundle_u64s *out, size_t from)
{
    txng_err err = TXNG_OK;

    for (size_t i = from; err == TXNG_OK && i < out->n; i++) {
        size_t    nby = 0;
        uint64_t *by  = NULL;

        err = txng_index_declared_wrong(log, out->v[i], NULL, &by, &nby);
        for (size_t j = 0; err == TXNG_OK && j < nby; j++) {
            bool have = false;

            for (size_t k = 0; k < out->n && !have; k++)
                have = out->v[k] == by[j];
            if (!have)
                err = txng_bundle_u64s_add(out, by[j]);
        }
        free(by);
    }
    return err;
}

txng_err
txng_bundle_select(txng_log *log, const txng_bundle_sel *sel, uint64_t **idx, size_t *n,
                   txng_diag *diag)
{
    txng_bundle_u64s  out = { 0 };
    const txng_store *st;
    MDB_txn          *txn;
    MDB_val           note;
    uint64_t          size = 0;
    struct bound      lo, hi;
    size_t            base;
    txng_err          err;

    *idx = NULL;
    *n   = 0;
    if (log == NULL || sel == NULL)
        return TXNG_EINVAL;
    err = txng_log_read_begin(log, &st, &txn);
    if (err != TXNG_OK)
        return err;
    err = txng_store_newest_checkpoint(st, txn, &size, &note);
    if (err == TXNG_OK)
        err = txng_bundle_u64s_add(&out, 0);
    if (err == TXNG_OK)
        err = key_records(st, txn, size, &out);
    txng_log_read_end(log);
    if (err != TXNG_OK)
        goto fail;
    base = out.n;
    switch (sel->kind) {
    case TXNG_BUNDLE_ALL:
        for (uint64_t i = 1; i < size && err == TXNG_OK; i++)
            err = txng_bundle_u64s_add(&out, i);
        break;
    case TXNG_BUNDLE_UNIT:
    case TXNG_BUNDLE_LOT:
        if (sel->id == NULL || sel->id[0] == '\0' || strchr(sel->id, ' ') != NULL ||
            strchr(sel->id, '\n') != NULL) {
            txng_diag_set_once(diag, TXNG_N_("no identifier to select"), "id");
            err = TXNG_EINVAL;
            break;
        }
        err = select_lineage(log, sel->id, &out, diag);
        if (err == TXNG_OK)
            err = select_corrections(log, &out, base);
        if (err == TXNG_OK)
            err = select_master(log, &out);
        break;
    case TXNG_BUNDLE_RANGE:
        if (!range_bound(sel->from, false, &lo) || !range_bound(sel->to, true, &hi) ||
            strchr(sel->from, ' ') != NULL || strchr(sel->to, ' ') != NULL) {
            txng_diag_set_once(diag, TXNG_N_("not a range of RFC 3339 dates"), "range");
            err = TXNG_EINVAL;
            break;
        }
        if (!bounds_ordered(&lo, &hi)) {
            txng_diag_set_once(
                diag, TXNG_N_("the range ends before it starts: give --from no later than --to"),
                "range");
            err = TXNG_EINVAL;
            break;
        }
        err = select_range(log, &lo, &hi, &out);
        if (err == TXNG_OK && out.n == base) {
            txng_diag_set_once(diag, TXNG_N_("no event in this range"), "range");
            err = TXNG_ENOTFOUND;
        }
        if (err == TXNG_OK)
            err = select_corrections(log, &out, base);
        break;
    case TXNG_BUNDLE_INDEX:
        for (size_t i = 0; i < sel->nidx && err == TXNG_OK; i++) {
            if (sel->idx[i] >= size) {
                txng_diag_set_once(diag, TXNG_N_("record index past the newest checkpoint"),
                                   "index");
                if (diag != NULL) {
                    diag->has_index = true;
                    diag->index     = sel->idx[i];
                }
                err = TXNG_EINVAL;
                break;
            }
            err = txng_bundle_u64s_add(&out, sel->idx[i]);
        }
        break;
    default:
        err = TXNG_EINVAL;
    }
    if (err != TXNG_OK)
        goto fail;
    out.n = txng_bundle_u64_unique(out.v, out.n);
    while (out.n > 0 && out.v[out.n - 1] >= size)
        out.n--;
    *idx = out.v;
    *n   = out.n;
    return TXNG_OK;
fail:
    free(out.v);
    return err;
}

/* ---- write ------------------------------------------------------------------------------- */

struct wr {
    txng_bundle_write_fn       fn;
    void                      *ctx;
    crypto_hash_sha256_state   h;
    txng_err                   err;
    const txng_store          *st;
    MDB_txn                   *txn;
    uintptr_t                  lo, hi; /* span of the map read, see drop_pages() in log.c */
    unsigned                   reads;  /* map reads since the last drop_pages() */
};

static void
wr_put(struct wr *w, const void *p, size_t len)
{
    if (w->err != TXNG_OK || len == 0)
        return;
    crypto_hash_sha256_update(&w->h, p, len);
    w->err = w->fn(w->ctx, p, len);
}

__attribute__((format(printf, 2, 3))) static void
wr_printf(struct wr *w, const char *fmt, ...)
{
    char    line[256];
    va_list ap;
    int     n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t) n >= sizeof line) {
        if (w->err == TXNG_OK)
            w->err = TXNG_EINVAL;
        return;
    }
    wr_put(w, line, (size_t) n);
}

static void
touched(struct wr *w, const void *p, size_t len)
{
    uintptr_t a = (uintptr_t) p;

    if (w->lo == 0 || a < w->lo)
        w->lo = a;
    if (a + len > w->hi)
        w->hi = a + len;
    w->reads++;
}

static void
drop_pages(struct wr *w)
{
    txng_store_drop_pages(w->st, w->lo, w->hi);
    w->reads = 0;
}

static txng_err
node_get(void *ctx, unsigned level, uint64_t index, unsigned char out[TXNG_HASH_BYTES])
{
    struct wr    *w = ctx;
    unsigned char key[TXNG_STORE_NODE_KEY];
    MDB_val       k = { sizeof key, key }, v;
    int           rc;

    txng_node_key(key, level, index);
    rc = mdb_get(w->txn, w->st->nodes, &k, &v);
    if (rc == MDB_NOTFOUND || (rc == MDB_SUCCESS && v.mv_size != TXNG_HASH_BYTES))
        return TXNG_ECORRUPT;
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    touched(w, v.mv_data, v.mv_size);
    memcpy(out, v.mv_data, TXNG_HASH_BYTES);
    return TXNG_OK;
}

static void
wr_hash_line(struct wr *w, const unsigned char h[TXNG_HASH_BYTES])
{
    char b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    size_t n = txng_b64_encode(b64, h, TXNG_HASH_BYTES);

    b64[n++] = '\n';
    wr_put(w, b64, n);
}

/* The hashes block tiling [a, b). */
static void
wr_gap(struct wr *w, uint64_t a, uint64_t b)
{
    unsigned char h[TXNG_HASH_BYTES];

    wr_printf(w, "hashes %" PRIu64 " %zu\n", a, piece_count(a, b));
    while (a < b && w->err == TXNG_OK) {
        unsigned l = piece_level(a, b);

        w->err = node_get(w, l, a >> l, h);
        wr_hash_line(w, h);
        a += UINT64_C(1) << l;
    }
}

static void
wr_record(struct wr *w, uint64_t i)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key }, v;
    int           rc;

    if (w->err != TXNG_OK)
        return;
    txng_be64_store(key, i);
    rc = mdb_get(w->txn, w->st->records, &k, &v);
    if (rc != MDB_SUCCESS) {
        w->err = rc == MDB_NOTFOUND ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
        return;
    }
    touched(w, v.mv_data, v.mv_size);
    wr_printf(w, "record %" PRIu64 " %zu\n", i, v.mv_size);
    wr_put(w, v.mv_data, v.mv_size);
    wr_put(w, "\n", 1);
}

static int
str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * The lineage sources of a unit or lot bundle of records @p idx[0..n): the
 * identifiers its events consume, and the selected one, that none of them
 * makes. The header lists them, so that a producing event cut from the
 * bundle is told from an input the log never made (docs/format.md §9.1).
 * @p out: malloc'd array of the set's strings in byte order (free() the
 * array only; the strings belong to @p made_used[1]).
 */
static txng_err
lineage_sources(struct wr *w, const char *id, const uint64_t *idx, size_t n,
                struct sset made_used[2], const char ***out, size_t *nout)
{
    txng_index_list ids = { 0 };
    txng_record    *rec = NULL;
    txng_err        err = TXNG_OK;
    const char    **v   = NULL;
    size_t          k   = 0;

    *out  = NULL;
    *nout = 0;
    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        unsigned char key[8];
        MDB_val       kv = { sizeof key, key }, val;
        int           rc;

        txng_be64_store(key, idx[i]);
        rc = mdb_get(w->txn, w->st->records, &kv, &val);
        if (rc != MDB_SUCCESS) {
            err = rc == MDB_NOTFOUND ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
            break;
        }
        touched(w, val.mv_data, val.mv_size);
        err = txng_record_decode(&rec, val.mv_data, val.mv_size, NULL);
        if (err == TXNG_EFORMAT)
            err = TXNG_ECORRUPT;
        if (err == TXNG_OK)
            err = txng_index_extract(&ids, rec->event);
        for (size_t j = 0; j < ids.n && err == TXNG_OK; j++) {
            const txng_index_entry *e = &ids.v[j];

            if (e->side == TXNG_SIDE_OUT)
                err = sset_add(&made_used[0], e->id, e->id_len, NULL);
            else if (e->side == TXNG_SIDE_IN)
                err = sset_add(&made_used[1], e->id, e->id_len, NULL);
        }
        txng_record_free(rec);
        rec = NULL;
    }
    if (err == TXNG_OK)
        err = sset_add(&made_used[1], id, strlen(id), NULL);
    if (err == TXNG_OK && (v = malloc((made_used[1].n + 1) * sizeof *v)) == NULL)
        err = TXNG_ENOMEM;
    for (size_t i = 0; err == TXNG_OK && i < made_used[1].nslot; i++) {
        const char *u = made_used[1].v[i];

        if (u != NULL && !sset_has(&made_used[0], u, strlen(u)))
            v[k++] = u;
    }
    txng_index_list_free(&ids);
    if (err != TXNG_OK) {
        free(v);
        return err;
    }
    qsort(v, k, sizeof *v, str_cmp);
    *out  = v;
    *nout = k;
    return TXNG_OK;
}

/* The "select" line's argument. */
static txng_err
select_arg(struct buf *b, const txng_bundle_sel *sel)
{
    char     num[24];
    txng_err err = TXNG_OK;

    switch (sel->kind) {
    case TXNG_BUNDLE_ALL:
        return buf_add(b, "-", 1);
    case TXNG_BUNDLE_UNIT:
    case TXNG_BUNDLE_LOT:
        if (sel->id == NULL || sel->id[0] == '\0' || strpbrk(sel->id, " \n") != NULL)
            return TXNG_EINVAL;
        return buf_add(b, sel->id, strlen(sel->id));
    case TXNG_BUNDLE_RANGE:
        if (sel->from == NULL || sel->to == NULL || strpbrk(sel->from, " \n") != NULL ||
            strpbrk(sel->to, " \n") != NULL)
            return TXNG_EINVAL;
        err = buf_add(b, sel->from, strlen(sel->from));
        if (err == TXNG_OK)
            err = buf_add(b, "..", 2);
        if (err == TXNG_OK)
            err = buf_add(b, sel->to, strlen(sel->to));
        return err;
    case TXNG_BUNDLE_INDEX: {
        /* The indexes asked for, sorted, without the ones the writer adds. */
        uint64_t *v;
        size_t    k;

        if (sel->nidx == 0 || sel->idx == NULL)
            return TXNG_EINVAL;
        v = malloc(sel->nidx * sizeof *v);
        if (v == NULL)
            return TXNG_ENOMEM;
        memcpy(v, sel->idx, sel->nidx * sizeof *v);
        k = txng_bundle_u64_unique(v, sel->nidx);
        for (size_t i = 0; i < k && err == TXNG_OK; i++)
            err = buf_add(b, num,
                          (size_t) snprintf(num, sizeof num, i ? ",%" PRIu64 : "%" PRIu64, v[i]));
        free(v);
        return err;
    }
    default:
        return TXNG_EINVAL;
    }
}

txng_err
txng_bundle_write(txng_log *log, const txng_bundle_sel *sel, const uint64_t *idx, size_t n,
                  txng_bundle_wopts *opts, txng_bundle_write_fn write, void *ctx)
{
    struct wr     w;
    txng_bundle_u64s keys         = { 0 };
    struct buf    arg  = { 0 };
    struct sset   made_used[2] = { { 0 }, { 0 } };
    MDB_val       note;
    uint64_t      size = 0, pos = 0, count = 0;
    size_t        ki = 0, si = 0, written = 0;
    unsigned char digest[TXNG_HASH_BYTES], proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    char          b64[TXNG_B64_SIZE(TXNG_SIG_BYTES)];
    txng_err      err;

    if (log == NULL || sel == NULL || write == NULL || (idx == NULL && sel->kind != TXNG_BUNDLE_ALL))
        return TXNG_EINVAL;
    for (size_t i = 1; idx != NULL && i < n; i++)
        if (idx[i] <= idx[i - 1])
            return TXNG_EINVAL;
    /* Any key may sign as exporter: an auditor's key on a copy of the log is not
     * enrolled in it, and its verifiers give that key with --exporter-key (§9.3). */
    memset(&w, 0, sizeof w);
    w.fn  = write;
    w.ctx = ctx;
    crypto_hash_sha256_init(&w.h);
    err = txng_log_read_begin(log, &w.st, &w.txn);
    if (err != TXNG_OK)
        return err;
    err = txng_store_newest_checkpoint(w.st, w.txn, &size, &note);
    if (err == TXNG_OK)
        err = txng_bundle_u64s_add(&keys, 0);
    if (err == TXNG_OK)
        err = key_records(w.st, w.txn, size, &keys);
    if (err != TXNG_OK)
        goto out;
    keys.n = txng_bundle_u64_unique(keys.v, keys.n);
    for (size_t i = 0; opts != NULL && i < opts->nconsistency; i++) {
        if (opts->consistency_from[i] == 0 || opts->consistency_from[i] > size ||
            (i > 0 && opts->consistency_from[i] <= opts->consistency_from[i - 1])) {
            err = TXNG_EINVAL;
            goto out;
        }
    }
    if (idx != NULL)
        while (n > 0 && idx[n - 1] >= size)
            n--;
    /* Count the merged list first: the header precedes the records. */
    if (idx == NULL) {
        count = size;
    } else {
        for (size_t a = 0, b = 0; a < n || b < keys.n;) {
            if (b == keys.n || (a < n && idx[a] < keys.v[b]))
                a++;
            else if (a == n || keys.v[b] < idx[a])
                b++;
            else {
                a++;
                b++;
            }
            count++;
        }
    }
    err = select_arg(&arg, sel);
    if (err != TXNG_OK)
        goto out;
    wr_printf(&w, TXNG_BUNDLE_MAGIC "\norigin %s\n", txng_log_origin(log));
    wr_printf(&w, "select %s ", kind_names[sel->kind]);
    wr_put(&w, arg.p, arg.len);
    wr_printf(&w, "\nsize %" PRIu64 "\ncount %" PRIu64 "\n", size, count);
    if (sel->kind == TXNG_BUNDLE_UNIT || sel->kind == TXNG_BUNDLE_LOT) {
        const char **src = NULL;
        size_t       nsrc = 0;

        err = lineage_sources(&w, sel->id, idx, n, made_used, &src, &nsrc);
        for (size_t i = 0; err == TXNG_OK && i < nsrc; i++)
            wr_printf(&w, "source %s\n", src[i]);
        free(src);
        if (err != TXNG_OK)
            goto out;
    }
    wr_put(&w, "\n", 1);
    wr_put(&w, note.mv_data, note.mv_size);
    wr_put(&w, "\n", 1);
    for (size_t i = 0; opts != NULL && i < opts->nconsistency && w.err == TXNG_OK; i++) {
        size_t np = 0;

        w.err = txng_merkle_consistency(proof, &np, opts->consistency_from[i], size, node_get, &w);
        wr_printf(&w, "consistency %" PRIu64 " %zu\n", opts->consistency_from[i], np);
        for (size_t j = 0; j < np; j++)
            wr_hash_line(&w, proof[j]);
    }
    while (w.err == TXNG_OK) {
        uint64_t next;

        if (idx == NULL) {
            if (pos >= size)
                break;
            next = pos;
        } else {
            while (ki < keys.n && keys.v[ki] < pos)
                ki++;
            while (si < n && idx[si] < pos)
                si++;
            if (ki == keys.n && si == n)
                break;
            next = ki == keys.n ? idx[si] : si == n ? keys.v[ki] : idx[si] < keys.v[ki] ? idx[si] : keys.v[ki];
        }
        if (next > pos)
            wr_gap(&w, pos, next);
        wr_record(&w, next);
        pos = next + 1;
        if (++written % WDROP == 0 || w.reads >= WDROP_READS)
            drop_pages(&w);
    }
    if (pos < size)
        wr_gap(&w, pos, size);
    err = w.err;
    if (err != TXNG_OK)
        goto out;
    if (opts != NULL) {
        opts->records = count;
        opts->size    = size;
    }
    crypto_hash_sha256_final(&w.h, digest);
    txng_b64_encode(b64, digest, sizeof digest);
    {
        char line[80];
        /* "signed" commits the end line to the exporter line that follows it. */
        int  len = snprintf(line, sizeof line, "end %s%s\n", b64,
                            opts != NULL && opts->exporter != NULL ? END_SIGNED : "");

        err = write(ctx, line, (size_t) len);
    }
    if (err == TXNG_OK && opts != NULL && opts->exporter != NULL) {
        unsigned char *pae = NULL, sig[TXNG_SIG_BYTES];
        size_t         pae_len;
        char           ref[TXNG_KEYREF_MAX];
        struct buf     line = { 0 };

        err = txng_pae(&pae, &pae_len, TXNG_BUNDLE_PAYLOAD_TYPE, digest, sizeof digest);
        if (err == TXNG_OK) {
            txng_signer_sign(opts->exporter, sig, pae, pae_len);
            txng_pubkey_ref(txng_signer_pubkey(opts->exporter), ref);
            txng_b64_encode(b64, sig, sizeof sig);
            if (buf_add(&line, "exporter ", 9) != TXNG_OK || buf_add(&line, ref, strlen(ref)) ||
                buf_add(&line, " ", 1) || buf_add(&line, b64, strlen(b64)) ||
                buf_add(&line, "\n", 1))
                err = TXNG_ENOMEM;
            else
                err = write(ctx, line.p, line.len);
        }
        free(pae);
        free(line.p);
    }
out:
    drop_pages(&w);
    txng_log_read_end(log);
    sset_free(&made_used[0]);
    sset_free(&made_used[1]);
    free(keys.v);
    free(arg.p);
    return err;
}

/* ---- verify ------------------------------------------------------------------------------ */

/* A buffered reader that hashes what the caller says belongs to the "end" hash. */
struct rd {
    txng_bundle_read_fn      fn;
    void                    *ctx;
    unsigned char           *buf;
    size_t                   pos, len;
    bool                     eof;
    struct buf               line; /* the current line, without its LF */
    size_t                   lineno;
    crypto_hash_sha256_state h;
};

static txng_err
rd_fill(struct rd *r)
{
    size_t   got = 0;
    txng_err err;

    r->pos = r->len = 0;
    if (r->eof)
        return TXNG_OK;
    err = r->fn(r->ctx, r->buf, READ_BUF, &got);
    if (err != TXNG_OK)
        return err;
    if (got == 0)
        r->eof = true;
    r->len = got > READ_BUF ? READ_BUF : got;
    return TXNG_OK;
}

/* Read the next line; *end is set when the input ended before it (nothing read). */
static txng_err
rd_line(struct rd *r, bool *end, txng_diag *diag)
{
    txng_err err;

    r->line.len = 0;
    *end        = false;
    r->lineno++;
    for (;;) {
        unsigned char *nl;
        size_t         take;

        if (r->pos == r->len) {
            err = rd_fill(r);
            if (err != TXNG_OK)
                return err;
            if (r->eof) {
                if (r->line.len == 0) {
                    *end = true;
                    return TXNG_OK;
                }
                txng_diag_set_once(
                    diag,
                    TXNG_N_("the bundle ends in the middle of a line: the file is cut "
                            "short: copy it again from its source"),
                    NULL);
                if (diag != NULL)
                    diag->line = r->lineno;
                return TXNG_EFORMAT;
            }
        }
        nl   = memchr(r->buf + r->pos, '\n', r->len - r->pos);
        take = nl != NULL ? (size_t) (nl - (r->buf + r->pos)) : r->len - r->pos;
        if (r->line.len + take >= TXNG_BUNDLE_LINE_MAX) {
            txng_diag_set_once(diag, TXNG_N_("line is too long"), NULL);
            if (diag != NULL)
                diag->line = r->lineno;
            return TXNG_EFORMAT;
        }
        if (buf_add(&r->line, r->buf + r->pos, take) != TXNG_OK)
            return TXNG_ENOMEM;
        r->pos += take;
        if (nl != NULL) {
            r->pos++;
            return TXNG_OK;
        }
    }
}

/* Count the current line into the "end" hash. */
static void
rd_hash_line(struct rd *r)
{
    crypto_hash_sha256_update(&r->h, (const unsigned char *) r->line.p, r->line.len);
    crypto_hash_sha256_update(&r->h, (const unsigned char *) "\n", 1);
}

/* Read exactly @p len bytes then a LF (record bytes), hashing them. */
static txng_err
rd_bytes(struct rd *r, char *out, size_t len, txng_diag *diag)
{
    size_t   done = 0;
    txng_err err;

    while (done < len + 1) {
        size_t take;

        if (r->pos == r->len) {
            err = rd_fill(r);
            if (err != TXNG_OK)
                return err;
            if (r->eof) {
                txng_diag_set_once(
                    diag,
                    TXNG_N_("the bundle ends inside a record: the file is cut short: "
                            "copy it again from its source"),
                    NULL);
                return TXNG_EFORMAT;
            }
        }
        take = r->len - r->pos;
        if (take > len - done)
            take = len - done;
        if (done == len) {
            if (r->buf[r->pos] != '\n') {
                txng_diag_set_once(diag, TXNG_N_("a record is not followed by a line end"), NULL);
                return TXNG_EFORMAT;
            }
            r->pos++;
            done++;
            break;
        }
        memcpy(out + done, r->buf + r->pos, take);
        r->pos += take;
        done += take;
    }
    crypto_hash_sha256_update(&r->h, (const unsigned char *) out, len);
    crypto_hash_sha256_update(&r->h, (const unsigned char *) "\n", 1);
    r->lineno++; /* the record bytes are one line */
    return TXNG_OK;
}

/* "<kw> <rest>": the rest, or NULL. */
static const char *
after_kw(const struct rd *r, const char *kw)
{
    size_t n = strlen(kw);

    if (r->line.len > n && memcmp(r->line.p, kw, n) == 0 && r->line.p[n] == ' ')
        return r->line.p + n + 1;
    return NULL;
}

/* Parse "A B" of canonical decimals (B may be absent when @p b is NULL). */
static bool
two_numbers(const char *s, size_t len, uint64_t *a, uint64_t *b)
{
    const char *sp = memchr(s, ' ', len);

    if (b == NULL)
        return sp == NULL && txng_dec_parse(s, len, a);
    return sp != NULL && txng_dec_parse(s, (size_t) (sp - s), a) &&
           txng_dec_parse(sp + 1, len - (size_t) (sp - s) - 1, b);
}

static bool
hash_line(const struct rd *r, unsigned char out[TXNG_HASH_BYTES])
{
    return hash_b64(r->line.p, r->line.len, out);
}

struct gpiece {
    unsigned      level;
    unsigned char h[TXNG_HASH_BYTES];
};

struct vitem {
    uint64_t      index;
    size_t        line;
    char         *bytes;
    size_t        len;
    txng_record  *rec;
    const char   *ev;
    size_t        ev_len;
    unsigned char leaf[TXNG_HASH_BYTES];
    size_t        nsig;
    unsigned char sig[TXNG_EVENT_MAX_SIGS][TXNG_SIG_BYTES];
    unsigned char pk[TXNG_EVENT_MAX_SIGS][TXNG_PK_BYTES];
    size_t        gap_first, gap_n; /* pieces folded before this record */
    txng_err      err;
    txng_diag     diag;
};

/* A round of records: read, then decoded and walked, then their signatures checked. */
struct vbatch {
    struct vitem *items;
    size_t        n, stop; /* phase 3 checks items before stop */
};

struct vctx {
    const txng_pubkey  *trust;
    char                origin[TXNG_ORIGIN_MAX + 1];
    enum txng_bundle_kind kind;
    struct buf          arg;
    struct bound        lo, hi; /* RANGE bounds */
    txng_bundle_u64s      list;   /* INDEX list */
    size_t              list_pos;
    txng_bundle_keys    keys;
    txng_merkle_range   range;
    unsigned char       prev[TXNG_HASH_BYTES];
    uint64_t            prev_index; /* index of the last record folded, valid when have_prev */
    bool                have_prev;
    struct sset         made, used; /* lineage: identifiers produced, consumed */
    struct sset         declared;   /* lineage: the "source" lines */
    struct buf          last_src;   /* the previous "source" line's identifier */
    bool                named;
    txng_index_list     ids;
    struct vbatch       batch[2];
    struct vbatch      *cur;  /* the records being read */
    struct vbatch      *pend; /* the round whose signatures the workers check, or NULL */
    txng_pool          *pool;
    txng_job            p3;
    struct gpiece      *gaps;
    size_t              ngaps, capgaps, gap_mark;
};

static void
vbatch_clear(struct vbatch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->items[i].bytes);
        txng_record_free(b->items[i].rec);
    }
    if (b->items != NULL)
        memset(b->items, 0, b->n * sizeof *b->items);
    b->n = 0;
}

/* Phase 1: decode, leaf hash, event bytes, signature bytes. */
static void
vphase1(void *ctx, size_t begin, size_t end)
{
    struct vbatch *b = ctx;

    for (size_t i = begin; i < end; i++) {
        struct vitem *it = &b->items[i];

        it->err = txng_record_decode(&it->rec, it->bytes, it->len, &it->diag);
        if (it->err != TXNG_OK)
            continue;
        if (it->rec->index != it->index) {
            txng_diag_set_once(&it->diag, TXNG_N_("record index does not match its block"),
                               "index");
            it->err = TXNG_ECHAIN;
            continue;
        }
        txng_hash_leaf(it->leaf, it->bytes, it->len);
        txng_verify_event_span(it->bytes, it->len, &it->ev, &it->ev_len);
        it->err = txng_verify_sig_bytes(it->rec->signatures, it->sig, &it->nsig);
    }
}

/* Phase 3: Ed25519. */
static void
vphase3(void *ctx, size_t begin, size_t end)
{
    struct vbatch *b   = ctx;
    char          *pae = NULL;
    size_t         cap = 0;

    if (end > b->stop)
        end = b->stop;
    for (size_t i = begin; i < end; i++) {
        struct vitem *it = &b->items[i];

        if (it->err != TXNG_OK)
            continue;
        it->err = txng_verify_sigs(
            &pae, &cap, it->ev, it->ev_len, (const unsigned char(*)[TXNG_SIG_BYTES]) it->sig,
            (const unsigned char(*)[TXNG_PK_BYTES]) it->pk, it->nsig, &it->diag);
    }
    free(pae);
}

static txng_err
check_genesis(struct vctx *v, struct vitem *it)
{
    txng_key_info info;
    txng_err      err;

    err = txng_verify_genesis(it->rec->event, it->rec->signatures, it->nsig, v->origin, NULL,
                              v->trust, &info, &it->diag);
    if (err != TXNG_OK)
        return err;
    memcpy(it->pk[0], info.key.pk, TXNG_PK_BYTES);
    return txng_bundle_keys_add(&v->keys, &info);
}

/* Lineage sets and the selection's own rules for one record. */
static txng_err
check_selection(struct vctx *v, struct vitem *it)
{
    const json_t *ev   = it->rec->event;
    const char   *type = json_string_value(json_object_get(ev, "type"));
    bool          keyrec;
    txng_err      err;

    keyrec = it->index == 0 || strcmp(type, TXNG_TYPE_KEY_ENROL) == 0 ||
             strcmp(type, TXNG_TYPE_KEY_REVOKE) == 0;
    if (v->kind == TXNG_BUNDLE_RANGE && !keyrec &&
        !in_bounds(&v->lo, &v->hi, json_string_value(json_object_get(ev, "eventTime")))) {
        txng_diag_set_once(&it->diag, TXNG_N_("record is outside the selected range"),
                           "event/eventTime");
        return TXNG_ECHAIN;
    }
    if (v->kind != TXNG_BUNDLE_UNIT && v->kind != TXNG_BUNDLE_LOT)
        return TXNG_OK;
    err = txng_index_extract(&v->ids, ev);
    for (size_t i = 0; i < v->ids.n && err == TXNG_OK; i++) {
        const txng_index_entry *e = &v->ids.v[i];

        if (e->id_len == v->arg.len && memcmp(e->id, v->arg.p, e->id_len) == 0)
            v->named = true;
        if (e->side == TXNG_SIDE_OUT)
            err = sset_add(&v->made, e->id, e->id_len, NULL);
        else if (e->side == TXNG_SIDE_IN)
            err = sset_add(&v->used, e->id, e->id_len, NULL);
    }
    return err;
}

/* Phase 2 for one record. */
static txng_err
vphase2(struct vctx *v, struct vitem *it)
{
    txng_key_info signers[TXNG_EVENT_MAX_SIGS];
    txng_err      err = TXNG_OK;

    for (size_t g = 0; g < it->gap_n; g++) {
        const struct gpiece *gp = &v->gaps[it->gap_first + g];

        if (txng_merkle_range_push_subtree(&v->range, gp->level, gp->h) != TXNG_OK) {
            txng_diag_set_once(&it->diag, TXNG_N_("gap hashes are not aligned"), NULL);
            return TXNG_ECHAIN;
        }
    }
    if (v->range.size != it->index) {
        txng_diag_set_once(&it->diag, TXNG_N_("records are out of order"), "index");
        return TXNG_ECHAIN;
    }
    if (it->index > 0 && v->have_prev && v->prev_index == it->index - 1 &&
        memcmp(it->rec->prev, v->prev, TXNG_HASH_BYTES) != 0) {
        txng_diag_set_once(&it->diag, TXNG_N_("prev is not the hash of the previous record"),
                           "prev");
        return TXNG_ECHAIN;
    }
    if (it->index == 0) {
        err = check_genesis(v, it);
    } else {
        for (size_t j = 0; j < it->nsig && err == TXNG_OK; j++) {
            err = txng_bundle_keys_resolve(
                &v->keys,
                json_string_value(json_object_get(json_array_get(it->rec->signatures, j), "key")),
                it->index, &signers[j], &it->diag, "signatures/", j, "/key");
            if (err == TXNG_OK)
                memcpy(it->pk[j], signers[j].key.pk, TXNG_PK_BYTES);
        }
        if (err == TXNG_OK)
            err = txng_keystate_apply(it->rec->event, signers, it->nsig, it->index,
                                      txng_bundle_keys_get, txng_bundle_keys_put,
                                      &v->keys, &it->diag);
    }
    if (err == TXNG_OK)
        err = check_selection(v, it);
    if (err != TXNG_OK)
        return err;
    txng_merkle_range_push(&v->range, it->leaf, NULL, NULL);
    memcpy(v->prev, it->leaf, TXNG_HASH_BYTES);
    v->prev_index = it->index;
    v->have_prev  = true;
    return TXNG_OK;
}

/*
 * Wait for the round whose signatures the workers are checking and judge
 * it: its first failure goes to @p diag.
 */
static txng_err
vsettle(struct vctx *v, txng_diag *diag)
{
    struct vbatch *b   = v->pend;
    txng_err       err = TXNG_OK;

    if (b == NULL)
        return TXNG_OK;
    txng_pool_wait(v->pool, &v->p3);
    v->pend = NULL;
    for (size_t i = 0; i < b->n; i++) {
        struct vitem *it = &b->items[i];

        if (it->err != TXNG_OK) {
            err = it->err;
            if (diag != NULL) {
                *diag           = it->diag;
                diag->line      = it->line;
                diag->has_index = true;
                diag->index     = it->index;
                if (diag->reason == NULL)
                    diag->reason = TXNG_N_("record is not valid");
            }
            break;
        }
    }
    vbatch_clear(b);
    return err;
}

/*
 * Decode and walk the records read so far, judge the round before them,
 * and leave their signatures to the workers while the next round is read
 * (see txng_log_verify()). The first failure goes to @p diag.
 */
static txng_err
vflush(struct vctx *v, txng_diag *diag)
{
    struct vbatch *b = v->cur;
    txng_job       p1;
    txng_err       err;

    if (b->n > 0) {
        txng_pool_submit(v->pool, &p1, b->n, TXNG_POOL_BLOCK, vphase1, b);
        txng_pool_wait(v->pool, &p1);
        b->stop = b->n;
        for (size_t i = 0; i < b->n; i++) {
            struct vitem *it = &b->items[i];

            if (it->err == TXNG_OK)
                it->err = vphase2(v, it);
            if (it->err != TXNG_OK) {
                b->stop = i;
                break;
            }
        }
        v->ngaps    = 0; /* folded: a round ends at a record, so none is left */
        v->gap_mark = 0;
    }
    if ((err = vsettle(v, diag)) != TXNG_OK) {
        vbatch_clear(b); /* an earlier record failed first */
        return err;
    }
    if (b->n == 0)
        return TXNG_OK;
    txng_pool_submit(v->pool, &v->p3, b->n, TXNG_POOL_BLOCK, vphase3, b);
    v->pend = b;
    v->cur  = b == &v->batch[0] ? &v->batch[1] : &v->batch[0];
    /* A failure in the walk ends the bundle's check: judge this round now. */
    return b->stop < b->n ? vsettle(v, diag) : TXNG_OK;
}

/* vflush(), then wait for the signatures: every record read is judged. */
static txng_err
vfinish(struct vctx *v, txng_diag *diag)
{
    txng_err err = vflush(v, diag);

    return err == TXNG_OK ? vsettle(v, diag) : err;
}

static txng_err
gap_add(struct vctx *v, unsigned level, const unsigned char h[TXNG_HASH_BYTES])
{
    struct gpiece *g = grow(v->gaps, &v->capgaps, v->ngaps, sizeof *g, 256);

    if (g == NULL)
        return TXNG_ENOMEM;
    v->gaps                 = g;
    v->gaps[v->ngaps].level = level;
    memcpy(v->gaps[v->ngaps].h, h, TXNG_HASH_BYTES);
    v->ngaps++;
    return TXNG_OK;
}

/* Parse the "select" argument into @p v. */
static bool
select_parse(struct vctx *v, const char *s, size_t len)
{
    size_t      k;
    const char *sp = memchr(s, ' ', len), *dots;

    if (sp == NULL)
        return false;
    for (k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
        if ((size_t) (sp - s) == strlen(kind_names[k]) && memcmp(s, kind_names[k], sp - s) == 0)
            break;
    if (k == sizeof kind_names / sizeof kind_names[0])
        return false;
    v->kind = (enum txng_bundle_kind) k;
    len -= (size_t) (sp - s) + 1;
    s = sp + 1;
    if (len == 0 || memchr(s, ' ', len) != NULL || buf_add(&v->arg, s, len) != TXNG_OK)
        return false;
    switch (v->kind) {
    case TXNG_BUNDLE_ALL:
        return len == 1 && s[0] == '-';
    case TXNG_BUNDLE_RANGE: {
        char from[40], to[40];

        dots = strstr(v->arg.p, "..");
        if (dots == NULL || dots == v->arg.p || (size_t) (dots - v->arg.p) >= sizeof from ||
            strlen(dots + 2) >= sizeof to)
            return false;
        memcpy(from, v->arg.p, (size_t) (dots - v->arg.p));
        from[dots - v->arg.p] = '\0';
        strcpy(to, dots + 2);
        return range_bound(from, false, &v->lo) && range_bound(to, true, &v->hi) &&
               bounds_ordered(&v->lo, &v->hi);
    }
    case TXNG_BUNDLE_INDEX:
        for (const char *p = v->arg.p, *e; *p != '\0'; p = *e ? e + 1 : e) {
            uint64_t x;

            e = strchr(p, ',');
            if (e == NULL)
                e = p + strlen(p);
            if (!txng_dec_parse(p, (size_t) (e - p), &x) ||
                (v->list.n > 0 && x <= v->list.v[v->list.n - 1]) ||
                txng_bundle_u64s_add(&v->list, x) != TXNG_OK || (*e == ',' && e[1] == '\0'))
                return false;
        }
        return v->list.n > 0;
    default:
        return true;
    }
}

/* Fail at the current line with @p reason. */
static txng_err
at_line(const struct rd *r, txng_diag *diag, txng_err err, const char *reason, const char *field)
{
    txng_diag_set_once(diag, reason, field);
    if (diag != NULL && diag->line == 0)
        diag->line = r->lineno;
    return err;
}

void
txng_bundle_result_free(txng_bundle_result *res)
{
    if (res == NULL)
        return;
    free(res->note);
    free(res->cons);
    res->note = NULL;
    res->cons = NULL;
    for (size_t i = 0; i < res->nsource_ids; i++) {
        free(res->source_ids[i]);
        res->source_ids[i] = NULL;
    }
    res->nsource_ids = 0;
}

/* Keep in @p first (sorted, *n of at most TXNG_BUNDLE_SOURCE_IDS) the smallest strings seen. */
txng_err
txng_bundle_verify(txng_bundle_read_fn read, void *ctx, const txng_pubkey *trusted,
                   const txng_bundle_vopts *opts, txng_bundle_result *res, txng_diag *diag)
{
    struct rd       r;
    struct vctx     v;
    struct buf      note = { 0 };
    txng_note      *parsed = NULL;
    txng_checkpoint cp;
    unsigned char   pend[GAP_MAX][TXNG_HASH_BYTES], digest[TXNG_HASH_BYTES], h[TXNG_HASH_BYTES];
    uint64_t        size = 0, count = 0, records = 0, pos = 0, pend_a = 0, x, y;
    size_t          pend_n = 0, text_len, n, note_line;
    bool            pending = false, end, signed_end = false;
    unsigned        threads;
    const char     *rest;
    txng_err        err;

    if (res == NULL || read == NULL || trusted == NULL)
        return TXNG_EINVAL;
    memset(res, 0, sizeof *res);
    memset(&r, 0, sizeof r);
    memset(&v, 0, sizeof v);
    r.fn    = read;
    r.ctx   = ctx;
    v.trust = trusted;
    threads = opts != NULL && opts->threads > 0 ? opts->threads : 0;
    crypto_hash_sha256_init(&r.h);
    txng_merkle_range_init(&v.range);
    err     = TXNG_ENOMEM;
    r.buf   = malloc(READ_BUF);
    for (size_t i = 0; i < 2; i++)
        v.batch[i].items = calloc(VCHUNK, sizeof *v.batch[i].items);
    v.cur  = &v.batch[0];
    parsed = malloc(sizeof *parsed);
    if (r.buf == NULL || v.batch[0].items == NULL || v.batch[1].items == NULL || parsed == NULL)
        goto out;
    v.pool = txng_pool_new(threads); /* NULL: all on this thread */

#define LINE()                                                                                     \
    do {                                                                                           \
        err = rd_line(&r, &end, diag);                                                             \
        if (err == TXNG_OK && end)                                                                 \
            err = at_line(&r, diag, TXNG_EFORMAT, ENDS_EARLY, NULL);                                \
        if (err != TXNG_OK)                                                                        \
            goto fail;                                                                             \
    } while (0)
#define REFUSE(e, reason, field)                                                                   \
    do {                                                                                           \
        err = at_line(&r, diag, (e), (reason), (field));                                           \
        goto fail;                                                                                 \
    } while (0)

    LINE();
    /* a copy whose lines were turned into CR LF on the way (mail, a Windows editor) */
    if (r.line.len == sizeof TXNG_BUNDLE_MAGIC &&
        memcmp(r.line.p, TXNG_BUNDLE_MAGIC "\r", r.line.len) == 0)
        REFUSE(TXNG_EFORMAT,
               TXNG_N_("lines end in CR LF, not LF: the file was changed on the way: copy it "
                       "again from its source, unchanged (as binary)"),
               NULL);
    if (r.line.len != sizeof TXNG_BUNDLE_MAGIC - 1 ||
        memcmp(r.line.p, TXNG_BUNDLE_MAGIC, r.line.len) != 0)
        REFUSE(TXNG_EFORMAT, TXNG_N_("not a txng bundle (first line is not txng-bundle@v1)"),
               NULL);
    rd_hash_line(&r);
    LINE();
    rest = after_kw(&r, "origin");
    if (rest == NULL || (n = r.line.len - 7) > TXNG_ORIGIN_MAX)
        REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"origin ORIGIN\""), "origin");
    memcpy(v.origin, rest, n);
    v.origin[n] = '\0';
    if (!txng_origin_valid(v.origin) || strlen(v.origin) != n)
        REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"origin ORIGIN\""), "origin");
    memcpy(res->origin, v.origin, n + 1);
    rd_hash_line(&r);
    LINE();
    rest = after_kw(&r, "select");
    if (rest == NULL || !select_parse(&v, rest, r.line.len - 7))
        REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"select KIND ARGUMENT\""), "select");
    res->kind = v.kind;
    n = v.arg.len <= TXNG_ORIGIN_MAX ? v.arg.len : TXNG_ORIGIN_MAX - 3;
    memcpy(res->select, v.arg.p, n);
    if (v.arg.len <= TXNG_ORIGIN_MAX)
        res->select[n] = '\0';
    else
        memcpy(res->select + n, "...", 4);
    rd_hash_line(&r);
    LINE();
    rest = after_kw(&r, "size");
    if (rest == NULL || !two_numbers(rest, r.line.len - 5, &size, NULL) || size == 0)
        REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"size N\""), "size");
    rd_hash_line(&r);
    LINE();
    rest = after_kw(&r, "count");
    if (rest == NULL || !two_numbers(rest, r.line.len - 6, &count, NULL) || count == 0 ||
        count > size)
        REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"count N\""), "count");
    rd_hash_line(&r);
    /* The lineage sources a unit or lot bundle declares, in byte order. */
    for (;;) {
        LINE();
        if ((rest = after_kw(&r, "source")) == NULL)
            break;
        n = r.line.len - 7;
        if ((v.kind != TXNG_BUNDLE_UNIT && v.kind != TXNG_BUNDLE_LOT) ||
            memchr(rest, ' ', n) != NULL || memchr(rest, '\0', n) != NULL ||
            (v.last_src.len > 0 &&
             (memcmp(v.last_src.p, rest, n < v.last_src.len ? n : v.last_src.len) > 0 ||
              (memcmp(v.last_src.p, rest, n < v.last_src.len ? n : v.last_src.len) == 0 &&
               v.last_src.len >= n))))
            REFUSE(TXNG_EFORMAT,
                   TXNG_N_("expected \"source ID\" lines in byte order, in a unit or lot bundle"),
                   "source");
        v.last_src.len = 0;
        if (buf_add(&v.last_src, rest, n) != TXNG_OK ||
            sset_add(&v.declared, rest, n, NULL) != TXNG_OK)
            goto nomem;
        if (res->nsource_ids < TXNG_BUNDLE_SOURCE_IDS) {
            if ((res->source_ids[res->nsource_ids] = malloc(n + 1)) == NULL)
                goto nomem;
            memcpy(res->source_ids[res->nsource_ids], rest, n);
            res->source_ids[res->nsource_ids++][n] = '\0';
        }
        res->sources++;
        rd_hash_line(&r);
    }
    if (r.line.len != 0)
        REFUSE(TXNG_EFORMAT, TXNG_N_("expected an empty line before the checkpoint"), NULL);
    rd_hash_line(&r);

    /* The note: text lines, an empty line, signature lines, then the empty line after it. */
    note_line = r.lineno + 1;
    for (int part = 0; part < 2; part++) {
        for (;;) {
            LINE();
            rd_hash_line(&r);
            if (r.line.len == 0)
                break;
            if (note.len + r.line.len + 1 > TXNG_NOTE_MAX)
                REFUSE(TXNG_EFORMAT, TXNG_N_("note is too long"), "checkpoint");
            if (buf_add(&note, r.line.p, r.line.len) != TXNG_OK || buf_add(&note, "\n", 1))
                goto nomem;
        }
        if (part == 0 && buf_add(&note, "\n", 1) != TXNG_OK)
            goto nomem;
    }
    err = txng_note_parse(parsed, note.p, note.len, diag);
    if (err == TXNG_OK)
        err = txng_checkpoint_parse(&cp, note.p, parsed->text_len, diag);
    if (err != TXNG_OK) {
        if (diag != NULL)
            diag->line = note_line + (diag->line > 0 ? diag->line - 1 : 0);
        REFUSE(TXNG_EFORMAT, TXNG_N_("the checkpoint note is malformed"), "checkpoint");
    }
    /* A checkpoint from an unknown key: say whose checkpoint it is and whose key was given. */
    if (!txng_checkpoint_key_check(&cp, parsed, trusted, diag)) {
        if (diag != NULL)
            diag->line = note_line;
        err = TXNG_EBADSIG;
        goto fail;
    }
    err = txng_note_verify(note.p, note.len, trusted, 1, &text_len, NULL);
    if (err != TXNG_OK) {
        if (diag != NULL)
            diag->line = note_line;
        REFUSE(err, TXNG_N_("checkpoint signature does not verify"), "checkpoint");
    }
    if (strcmp(cp.origin, v.origin) != 0 || strcmp(trusted->name, v.origin) != 0) {
        if (diag != NULL)
            diag->line = note_line;
        REFUSE(TXNG_EBADSIG, TXNG_N_("the checkpoint is for another origin"), "origin");
    }
    if (cp.size != size) {
        if (diag != NULL)
            diag->line = note_line + 1;
        REFUSE(TXNG_EFORMAT, TXNG_N_("the checkpoint is for another size"), "size");
    }
    res->size = size;
    memcpy(res->root, cp.root, TXNG_HASH_BYTES);
    res->note     = note.p;
    res->note_len = note.len;
    note.p        = NULL;
    if (opts != NULL && opts->witness != NULL) {
        err = opts->witness(opts->witness_ctx, res->note, res->note_len, diag);
        if (err != TXNG_OK) {
            if (diag != NULL)
                diag->line = note_line;
            REFUSE(err, TXNG_N_("the checkpoint does not meet the witness policy"), "checkpoint");
        }
    }

    /* Consistency blocks, then records and gaps, then "end". */
    for (;;) {
        LINE();
        if ((rest = after_kw(&r, "consistency")) != NULL) {
            txng_bundle_consistency *c;

            if (records > 0 || pending || !two_numbers(rest, r.line.len - 12, &x, &y) || x == 0 ||
                x > size || y > TXNG_MERKLE_MAX_PROOF ||
                (res->ncons > 0 && x <= res->cons[res->ncons - 1].old))
                REFUSE(TXNG_EFORMAT, TXNG_N_("bad consistency block"), "consistency");
            c = realloc(res->cons, (res->ncons + 1) * sizeof *c);
            if (c == NULL)
                goto nomem;
            res->cons = c;
            c         = &res->cons[res->ncons++];
            c->old    = x;
            c->n      = (size_t) y;
            rd_hash_line(&r);
            for (size_t i = 0; i < c->n; i++) {
                LINE();
                if (!hash_line(&r, c->proof[i]))
                    REFUSE(TXNG_EFORMAT, TXNG_N_("not a base64 hash"), "consistency");
                rd_hash_line(&r);
            }
            continue;
        }
        if ((rest = after_kw(&r, "hashes")) != NULL) {
            if (!two_numbers(rest, r.line.len - 7, &x, &y))
                REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"hashes INDEX COUNT\""), "hashes");
            if (v.kind == TXNG_BUNDLE_ALL)
                REFUSE(TXNG_ECHAIN, TXNG_N_("a bundle of the whole log has no gaps"), "hashes");
            if (pending || x != pos || y == 0 || y > GAP_MAX || x >= size)
                REFUSE(TXNG_ECHAIN, TXNG_N_("gap hashes out of place"), "hashes");
            rd_hash_line(&r);
            pending = true;
            pend_a  = x;
            pend_n  = (size_t) y;
            for (size_t i = 0; i < pend_n; i++) {
                LINE();
                if (!hash_line(&r, pend[i]))
                    REFUSE(TXNG_EFORMAT, TXNG_N_("not a base64 hash"), "hashes");
                rd_hash_line(&r);
            }
            continue;
        }
        if ((rest = after_kw(&r, "record")) != NULL || (rest = after_kw(&r, "end")) != NULL) {
            bool     is_end = r.line.p[0] == 'e';
            uint64_t next;

            if (!is_end && !two_numbers(rest, r.line.len - 7, &x, &y))
                REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"record INDEX LENGTH\""), "record");
            next = is_end ? size : x;
            if (pending) {
                if (next <= pend_a || piece_count(pend_a, next) != pend_n)
                    REFUSE(TXNG_ECHAIN, TXNG_N_("the gap hashes do not cover the gap"),
                           "hashes");
                for (size_t i = 0; i < pend_n && !is_end; i++) {
                    err = gap_add(&v, piece_level(pend_a, next), pend[i]);
                    if (err != TXNG_OK)
                        goto fail;
                    pend_a += UINT64_C(1) << piece_level(pend_a, next);
                }
                pending = is_end; /* a trailing gap is folded after the last record */
                pos     = next;
            }
            if (next != pos)
                REFUSE(TXNG_ECHAIN, is_end ? TXNG_N_("the records and gaps do not cover the tree")
                                           : TXNG_N_("records are out of order"),
                       is_end ? "end" : "record");
            if (is_end)
                break;
            if (y == 0 || y > RECORD_MAX)
                REFUSE(TXNG_EFORMAT, TXNG_N_("bad record length"), "record");
            if (++records > count)
                REFUSE(TXNG_EFORMAT, TXNG_N_("more records than the count says"), "record");
            if (v.kind == TXNG_BUNDLE_INDEX) {
                if (v.list_pos < v.list.n && v.list.v[v.list_pos] < x)
                    REFUSE(TXNG_ECHAIN, TXNG_N_("a selected record is missing"), "select");
                if (v.list_pos < v.list.n && v.list.v[v.list_pos] == x)
                    v.list_pos++;
            }
            rd_hash_line(&r);
            {
                struct vitem *it = &v.cur->items[v.cur->n];

                memset(it, 0, sizeof *it);
                it->index     = x;
                it->line      = r.lineno;
                it->len       = (size_t) y;
                it->gap_first = v.gap_mark; /* the pieces since the previous record */
                it->gap_n     = v.ngaps - v.gap_mark;
                it->bytes     = malloc((size_t) y + 1);
                if (it->bytes == NULL)
                    goto nomem;
                err = rd_bytes(&r, it->bytes, (size_t) y, diag);
                if (err != TXNG_OK) {
                    free(it->bytes);
                    it->bytes = NULL;
                    if (diag != NULL && diag->line == 0)
                        diag->line = r.lineno + 1;
                    goto fail;
                }
                v.gap_mark = v.ngaps;
                v.cur->n++;
            }
            pos = x + 1;
            if (v.cur->n == VCHUNK && (err = vflush(&v, diag)) != TXNG_OK)
                goto fail;
            continue;
        }
        REFUSE(TXNG_EFORMAT, TXNG_N_("unknown line"), NULL);
    }
    /* The "end" line: first the records before it, then the root, then its hash. */
    {
        size_t end_line = r.lineno;

        err = vfinish(&v, diag);
        if (err != TXNG_OK)
            goto fail;
        r.lineno = end_line;
        if (records != count)
            REFUSE(TXNG_EFORMAT, TXNG_N_("fewer records than the count says"), "count");
        if (v.kind == TXNG_BUNDLE_INDEX && v.list_pos != v.list.n)
            REFUSE(TXNG_ECHAIN, TXNG_N_("a selected record is missing"), "select");
        for (size_t i = 0; pending && i < pend_n; i++) {
            unsigned l = piece_level(pend_a, size);

            if (txng_merkle_range_push_subtree(&v.range, l, pend[i]) != TXNG_OK)
                REFUSE(TXNG_ECHAIN, TXNG_N_("gap hashes are not aligned"), "hashes");
            pend_a += UINT64_C(1) << l;
        }
        txng_merkle_range_root(&v.range, h);
        if (v.range.size != size || memcmp(h, cp.root, TXNG_HASH_BYTES) != 0)
            REFUSE(TXNG_ECHAIN,
                   TXNG_N_("the records and gap hashes do not give the checkpoint root"), "end");
        crypto_hash_sha256_final(&r.h, digest);
        n = r.line.len - 4;
        if (n == TXNG_HASH_B64_LEN + sizeof END_SIGNED - 1 &&
            memcmp(r.line.p + 4 + TXNG_HASH_B64_LEN, END_SIGNED, sizeof END_SIGNED - 1) == 0) {
            signed_end = true;
            n          = TXNG_HASH_B64_LEN;
        }
        if (!hash_b64(r.line.p + 4, n, h))
            REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"end HASH\" or \"end HASH signed\""), "end");
        if (sodium_memcmp(h, digest, TXNG_HASH_BYTES) != 0)
            REFUSE(TXNG_ECHAIN, TXNG_N_("the end hash does not match the bundle"), "end");
    }
    if ((v.kind == TXNG_BUNDLE_UNIT || v.kind == TXNG_BUNDLE_LOT) && !v.named)
        REFUSE(TXNG_ENOTFOUND, TXNG_N_("no record of the bundle names the selected identifier"),
               "select");
    /*
     * Lineage completeness: every input and the selected identifier are made
     * by a bundled event or declared a source; every declared source is
     * consumed or selected, and made by none.
     */
    if (v.kind == TXNG_BUNDLE_UNIT || v.kind == TXNG_BUNDLE_LOT) {
        if (!sset_has(&v.made, v.arg.p, v.arg.len) && !sset_has(&v.declared, v.arg.p, v.arg.len))
            REFUSE(TXNG_ECHAIN,
                   TXNG_N_("the event that makes the selected identifier is not in the bundle: "
                           "export the lineage again"),
                   "select");
        for (size_t i = 0; i < v.used.nslot; i++) {
            const char *u = v.used.v[i];

            if (u != NULL && !sset_has(&v.made, u, strlen(u)) &&
                !sset_has(&v.declared, u, strlen(u)))
                REFUSE(TXNG_ECHAIN,
                       TXNG_N_("an input is neither made by an event of the bundle nor declared "
                               "a source: the event that makes it was left out"),
                       u);
        }
        for (size_t i = 0; i < v.declared.nslot; i++) {
            const char *d = v.declared.v[i];
            size_t      dl;

            if (d == NULL)
                continue;
            dl = strlen(d);
            if (sset_has(&v.made, d, dl) ||
                (!sset_has(&v.used, d, dl) && (dl != v.arg.len || memcmp(d, v.arg.p, dl) != 0)))
                REFUSE(TXNG_ECHAIN,
                       TXNG_N_("a declared source is made by an event of the bundle, or used by "
                               "none"),
                       d);
        }
    }
    /* The optional exporter line, then nothing. */
    err = rd_line(&r, &end, diag);
    if (err != TXNG_OK)
        goto fail;
    if (end && signed_end)
        REFUSE(TXNG_EFORMAT,
               TXNG_N_("the end line announces an exporter line but the file ends: the file is "
                       "cut short: copy it again from its source"),
               "exporter");
    if (!end && !signed_end)
        REFUSE(TXNG_EFORMAT,
               TXNG_N_("nothing may follow an end line without \"signed\": the file is damaged: "
                       "copy it again from its source"),
               "exporter");
    if (!end) {
        const char   *sp;
        char          ref[TXNG_KEYREF_MAX], name[TXNG_KEY_NAME_MAX + 1];
        uint32_t      id;
        unsigned char sig[TXNG_SIG_BYTES], *pae = NULL;
        size_t        pae_len, slen;
        const txng_pubkey   *key = NULL;
        const txng_key_info *k;

        rest = after_kw(&r, "exporter");
        sp   = rest != NULL ? memchr(rest, ' ', r.line.len - 9) : NULL;
        if (sp == NULL || (size_t) (sp - rest) >= sizeof ref)
            REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"exporter KEY SIGNATURE\" or nothing"),
                   "exporter");
        memcpy(ref, rest, (size_t) (sp - rest));
        ref[sp - rest] = '\0';
        if (txng_keyref_parse(ref, name, &id) != TXNG_OK ||
            txng_b64_decode(sig, sizeof sig, &slen, sp + 1,
                            r.line.len - 9 - (size_t) (sp - rest) - 1) != TXNG_OK ||
            slen != TXNG_SIG_BYTES)
            REFUSE(TXNG_EFORMAT, TXNG_N_("expected \"exporter KEY SIGNATURE\" or nothing"),
                   "exporter");
        res->exported = true;
        memcpy(res->exporter, ref, sizeof ref);
        k = ks_find(&v.keys, name);
        if (k != NULL && k->key.id != id)
            k = NULL;
        if (opts != NULL && opts->exporter != NULL) {
            /* The key the verifier names is trusted on its word, enrolled or not,
             * revoked by the log or not: the log's key state speaks for its records. */
            if (opts->exporter->id != id || strcmp(opts->exporter->name, name) != 0)
                REFUSE(TXNG_EBADSIG, TXNG_N_("the bundle is exported by another key"),
                       "exporter");
            key = opts->exporter;
        } else if (k == NULL) {
            REFUSE(TXNG_EBADSIG,
                   TXNG_N_("the exporter key is not enrolled in the bundle's log: give its key "
                           "with --exporter-key, or ask for a bundle signed by an enrolled key"),
                   "exporter");
        } else if (k->is_revoked) {
            REFUSE(TXNG_EPERM,
                   TXNG_N_("the exporter key is revoked in the bundle's log: give its key with "
                           "--exporter-key if you trust it, or ask for a bundle signed by a key "
                           "that is not revoked"),
                   "exporter");
        } else {
            key = &k->key;
        }
        {
            err = txng_pae(&pae, &pae_len, TXNG_BUNDLE_PAYLOAD_TYPE, digest, sizeof digest);
            if (err != TXNG_OK)
                goto fail;
            err = txng_pubkey_verify(key, sig, pae, pae_len);
            free(pae);
            if (err != TXNG_OK)
                REFUSE(TXNG_EBADSIG, TXNG_N_("the exporter signature does not verify"),
                       "exporter");
            res->exporter_verified = true;
        }
        err = rd_line(&r, &end, diag);
        if (err != TXNG_OK)
            goto fail;
        if (!end)
            REFUSE(TXNG_EFORMAT, TXNG_N_("nothing may follow the last line"), NULL);
    } else if (opts != NULL && opts->exporter != NULL) {
        REFUSE(TXNG_EBADSIG, TXNG_N_("the bundle has no exporter signature"), "exporter");
    }
    res->records = records;
    res->keys    = v.keys.n;
    err = TXNG_OK;
    goto out;
nomem:
    err = TXNG_ENOMEM;
fail:
    if (err != TXNG_ENOMEM) {
        /* A record read before the failing line may fail first. */
        txng_diag d2 = TXNG_DIAG_INIT;
        txng_err  e2 = vfinish(&v, &d2);

        if (e2 != TXNG_OK && e2 != TXNG_ENOMEM) {
            err = e2;
            if (diag != NULL)
                *diag = d2;
        }
    }
out:
#undef LINE
#undef REFUSE
    if (v.pend != NULL)
        txng_pool_wait(v.pool, &v.p3); /* ENOMEM: nothing is judged, but the workers stop */
    txng_pool_free(v.pool);
    for (size_t i = 0; i < 2; i++) {
        vbatch_clear(&v.batch[i]);
        free(v.batch[i].items);
    }
    free(v.gaps);
    free(v.arg.p);
    free(v.list.v);
    free(v.keys.v);
    sset_free(&v.made);
    sset_free(&v.used);
    sset_free(&v.declared);
    free(v.last_src.p);
    txng_index_list_free(&v.ids);
    free(r.buf);
    free(r.line.p);
    free(note.p);
    free(parsed);
    return err;
}

/* ---- the records and subtree hashes of an accepted bundle (bundle_int.h) ------------------ */

struct txng_bundle_node {
    uint64_t      index;
    unsigned      level;
    unsigned char h[TXNG_HASH_BYTES];
};

static txng_err
nodes_add(txng_bundle_tree *ns, unsigned level, uint64_t index,
          const unsigned char h[TXNG_HASH_BYTES])
{
    struct txng_bundle_node *v = grow(ns->v, &ns->cap, ns->n, sizeof *v, 256);

    if (v == NULL)
        return TXNG_ENOMEM;
    ns->v              = v;
    ns->v[ns->n].index = index;
    ns->v[ns->n].level = level;
    memcpy(ns->v[ns->n].h, h, TXNG_HASH_BYTES);
    ns->n++;
    return TXNG_OK;
}

static int
node_cmp(const void *a, const void *b)
{
    const struct txng_bundle_node *x = a, *y = b;

    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Add every parent of two known siblings, level by level, then sort for lookups. */
static txng_err
nodes_complete(txng_bundle_tree *ns)
{
    unsigned char h[TXNG_HASH_BYTES];

    qsort(ns->v, ns->n, sizeof *ns->v, node_cmp);
    for (unsigned l = 0; l < 63; l++) {
        size_t a = 0, b;

        while (a < ns->n && ns->v[a].level < l)
            a++;
        b = a;
        while (b < ns->n && ns->v[b].level == l)
            b++;
        if (b - a < 2)
            continue;
        for (size_t i = a; i + 1 < b; i++) {
            if ((ns->v[i].index & 1) == 0 && ns->v[i + 1].index == ns->v[i].index + 1) {
                txng_hash_node(h, ns->v[i].h, ns->v[i + 1].h);
                if (nodes_add(ns, l + 1, ns->v[i].index >> 1, h) != TXNG_OK)
                    return TXNG_ENOMEM;
            }
        }
        qsort(ns->v, ns->n, sizeof *ns->v, node_cmp);
    }
    return TXNG_OK;
}

txng_err
txng_bundle_tree_get(void *ctx, unsigned level, uint64_t index, unsigned char out[TXNG_HASH_BYTES])
{
    const txng_bundle_tree *ns  = ctx;
    struct txng_bundle_node         key = { index, level, { 0 } };
    const struct txng_bundle_node  *f   = bsearch(&key, ns->v, ns->n, sizeof *ns->v, node_cmp);

    if (f == NULL)
        return TXNG_ECORRUPT;
    memcpy(out, f->h, TXNG_HASH_BYTES);
    return TXNG_OK;
}

/* The next line of @p p from *pos (without LF); false at the end. */
static bool
next_line(const char *p, size_t len, size_t *pos, const char **line, size_t *line_len)
{
    const char *nl;

    if (*pos >= len)
        return false;
    nl = memchr(p + *pos, '\n', len - *pos);
    if (nl == NULL)
        return false;
    *line     = p + *pos;
    *line_len = (size_t) (nl - *line);
    *pos      = (size_t) (nl - p) + 1;
    return true;
}

txng_err
txng_bundle_walk(const char *p, size_t len, uint64_t size, txng_bundle_tree *ns,
                 txng_bundle_rec **out, size_t *nout)
{
    const char   *line;
    size_t        ll, pos = 0, n = 0, cap = 0, pend_n = 0, empties = 0;
    uint64_t      pend_a = 0, x, y;
    unsigned char pend[GAP_MAX][TXNG_HASH_BYTES], leaf[TXNG_HASH_BYTES];
    txng_bundle_rec *v   = NULL, *w;
    txng_err      err = TXNG_ECORRUPT;

    /* Header (5 lines and an empty one), the note's two parts, the empty line after it. */
    while (empties < 3 && next_line(p, len, &pos, &line, &ll))
        empties += ll == 0;
    while (next_line(p, len, &pos, &line, &ll)) {
        bool is_end = ll > 4 && memcmp(line, "end ", 4) == 0;

        if (ll > 12 && memcmp(line, "consistency ", 12) == 0) {
            if (!two_numbers(line + 12, ll - 12, &x, &y))
                goto out;
            for (uint64_t i = 0; i < y; i++)
                if (!next_line(p, len, &pos, &line, &ll))
                    goto out;
        } else if (ll > 7 && memcmp(line, "hashes ", 7) == 0) {
            if (!two_numbers(line + 7, ll - 7, &pend_a, &y) || y > GAP_MAX)
                goto out;
            pend_n = (size_t) y;
            for (size_t i = 0; i < pend_n; i++)
                if (!next_line(p, len, &pos, &line, &ll) || !hash_b64(line, ll, pend[i]))
                    goto out;
        } else if (is_end || (ll > 7 && memcmp(line, "record ", 7) == 0)) {
            if (!is_end && !two_numbers(line + 7, ll - 7, &x, &y))
                goto out;
            for (size_t i = 0; i < pend_n; i++) {
                unsigned l = piece_level(pend_a, is_end ? size : x);

                if (nodes_add(ns, l, pend_a >> l, pend[i]) != TXNG_OK)
                    goto nomem;
                pend_a += UINT64_C(1) << l;
            }
            pend_n = 0;
            if (is_end)
                break;
            if (pos + y + 1 > len)
                goto out;
            w = grow(v, &cap, n, sizeof *v, 64);
            if (w == NULL)
                goto nomem;
            v      = w;
            v[n++] = (txng_bundle_rec){ x, p + pos, (size_t) y };
            txng_hash_leaf(leaf, p + pos, (size_t) y);
            if (nodes_add(ns, 0, x, leaf) != TXNG_OK)
                goto nomem;
            pos += (size_t) y + 1;
        } else {
            goto out;
        }
    }
    err = nodes_complete(ns);
    if (err == TXNG_OK) {
        *out  = v;
        *nout = n;
        v     = NULL;
    }
    goto out;
nomem:
    err = TXNG_ENOMEM;
out:
    free(v);
    return err;
}
