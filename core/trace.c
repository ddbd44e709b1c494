/*
 * trace.c - lineage of an identifier over the `ids` database
 *
 * The walk is breadth first: the node array is the queue, so nodes come out
 * by depth and each identifier's depth is its shortest distance from the
 * start. Records are decoded once, when first met, into an event holding
 * copies of the few strings the result shows and of its index entries (with
 * their sides); the JSON is dropped at once so a trace over a large lineage
 * holds only what it reports. Strings live in an arena freed with the
 * result. Identifier and record lookups go through two open-addressing
 * tables. Events are sorted by record index at the end and the links renumbered.
 *
 * A txng:Imported record whose `import` names a txng:Import record is shown
 * as the upstream event it carries (unwrapped like core/index.c does), with
 * the origin of that Import; the last Import read is remembered, since the
 * records of one import batch name the same one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lmdb.h>

#include "core/index.h"
#include "core/record.h"
#include "core/store.h"
#include "core/trace.h"

#define ARENA_BLOCK 65536
#define NUM_BYTES   24
#define NONE        SIZE_MAX
#define UNWRAP_MAX  8 /* levels of imports of imports, as core/index.c unwraps */

struct block {
    struct block *next;
    size_t        used, cap;
    char          data[];
};

struct ent {
    const char   *id;
    size_t        len;
    unsigned char role, side;
};

struct ev {
    uint64_t     index;
    size_t       made;   /* position when added; links use it until finish() sorts */
    bool         linked; /* on some node's list; the others were read only to be skipped */
    unsigned     depth;
    const char  *type, *action, *biz_step, *disposition, *event_time, *recorded;
    const char  *read_point, *biz_location;
    const char  *imported_from; /* origin of the txng:Import, or NULL */
    const char  *inspection;    /* txng:inspectionResult of an inspection, or NULL */
    uint64_t     upstream_index;
    const char **signers, **dests;
    size_t       nsigners, ndests;
    uint64_t    *corr;
    size_t       ncorr;
    uint64_t    *repl; /* for each of corr: the record it names in place of this one */
    struct ent  *ents;
    size_t       nents;
    size_t      *next;
    size_t       nnext, cap_next;
};

struct nd {
    const char      *id;
    size_t           len;
    unsigned         depth;
    bool             expanded;
    txng_trace_link *links;
    size_t           nlinks, cap_links;
};

/* The result as the caller sees it comes first, so the pointer is the handle. */
struct trace {
    txng_trace_result pub;
    struct block     *arena;
    struct nd        *nodes;
    size_t            nn, cap_n;
    struct ev        *evs;
    size_t            ne, cap_e;
    size_t           *idmap, *evmap; /* node / event position + 1, 0 = empty */
    size_t            idcap, evcap;
    txng_trace_node  *pnodes;
    txng_trace_event *pevents;
    const char      **recips;
};

/* Read state of one walk. */
struct walk {
    struct trace       *t;
    const txng_store   *st;
    MDB_txn            *txn;
    MDB_cursor         *cur;
    txng_index_list     list;
    enum txng_trace_dir dir;
    uint64_t            import_at;     /* index of the last txng:Import read ... */
    const char         *import_origin; /* ... and its origin (in the arena), or NULL */
};

/* ---- memory ------------------------------------------------------------------------------ */

static void *
arena_alloc(struct trace *t, size_t n)
{
    struct block *b = t->arena;

    n = (n + 7) & ~(size_t) 7;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

        b = malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->next  = t->arena;
        b->used  = 0;
        b->cap   = cap;
        t->arena = b;
    }
    b->used += n;
    return b->data + b->used - n;
}

static const char *
arena_str(struct trace *t, const char *s, size_t len)
{
    char *p = arena_alloc(t, len + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Copy a JSON string member, or NULL when absent or not a string; *ok = false on ENOMEM. */
static const char *
arena_member(struct trace *t, const json_t *v, bool *ok)
{
    const char *p;

    if (!json_is_string(v))
        return NULL;
    p = arena_str(t, json_string_value(v), json_string_length(v));
    if (p == NULL)
        *ok = false;
    return p;
}

/* Grow @p *v (of @p size bytes per item) to hold one more than @p n. */
static bool
grow(void *v, size_t *cap, size_t n, size_t size)
{
    void  *p;
    size_t c;

    if (n < *cap)
        return true;
    c = *cap ? *cap * 2 : 8;
    p = realloc(*(void **) v, c * size);
    if (p == NULL)
        return false;
    *(void **) v = p;
    *cap         = c;
    return true;
}

/* ---- tables ------------------------------------------------------------------------------ */

static uint64_t
hash_bytes(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t             h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static uint64_t
hash_index(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

/* Slot of @p id in the node table: its node, or the empty slot where it goes. */
static size_t
id_slot(const struct trace *t, const char *id, size_t len)
{
    size_t i = (size_t) hash_bytes(id, len) & (t->idcap - 1);

    for (;;) {
        size_t v = t->idmap[i];

        if (v == 0)
            return i;
        if (t->nodes[v - 1].len == len && memcmp(t->nodes[v - 1].id, id, len) == 0)
            return i;
        i = (i + 1) & (t->idcap - 1);
    }
}

static size_t
ev_slot(const struct trace *t, uint64_t index)
{
    size_t i = (size_t) hash_index(index) & (t->evcap - 1);

    while (t->evmap[i] != 0 && t->evs[t->evmap[i] - 1].index != index)
        i = (i + 1) & (t->evcap - 1);
    return i;
}

/* Keep the tables at most half full. */
static txng_err
tables_grow(struct trace *t)
{
    if (2 * (t->nn + 1) > t->idcap) {
        size_t cap = t->idcap ? t->idcap * 2 : 64;

        free(t->idmap);
        t->idmap = calloc(cap, sizeof *t->idmap);
        if (t->idmap == NULL)
            return TXNG_ENOMEM;
        t->idcap = cap;
        for (size_t n = 0; n < t->nn; n++)
            t->idmap[id_slot(t, t->nodes[n].id, t->nodes[n].len)] = n + 1;
    }
    if (2 * (t->ne + 1) > t->evcap) {
        size_t cap = t->evcap ? t->evcap * 2 : 64;

        free(t->evmap);
        t->evmap = calloc(cap, sizeof *t->evmap);
        if (t->evmap == NULL)
            return TXNG_ENOMEM;
        t->evcap = cap;
        for (size_t e = 0; e < t->ne; e++)
            t->evmap[ev_slot(t, t->evs[e].index)] = e + 1;
    }
    return TXNG_OK;
}

/* The node of @p id, added at @p depth when new. */
static txng_err
node_get(struct trace *t, const char *id, size_t len, unsigned depth, size_t *pos)
{
    size_t slot;

    if (tables_grow(t) != TXNG_OK)
        return TXNG_ENOMEM;
    slot = id_slot(t, id, len);
    if (t->idmap[slot] != 0) {
        *pos = t->idmap[slot] - 1;
        return TXNG_OK;
    }
    if (!grow(&t->nodes, &t->cap_n, t->nn, sizeof *t->nodes))
        return TXNG_ENOMEM;
    memset(&t->nodes[t->nn], 0, sizeof *t->nodes);
    t->nodes[t->nn].id    = arena_str(t, id, len);
    t->nodes[t->nn].len   = len;
    t->nodes[t->nn].depth = depth;
    if (t->nodes[t->nn].id == NULL)
        return TXNG_ENOMEM;
    *pos           = t->nn++;
    t->idmap[slot] = t->nn;
    return TXNG_OK;
}

/* ---- reading records ---------------------------------------------------------------------- */

static int
u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

    return (x > y) - (x < y);
}

/* Add to @p e the records that `ids` says correct it under key @p id. */
static txng_err
corrections(struct walk *w, struct ev *e, const char *id, size_t len)
{
    unsigned char key[TXNG_INDEX_KEY_MAX];
    MDB_val       k   = { txng_index_key(key, id, len), key }, v;
    size_t        cap = e->ncorr;
    int           rc;

    for (rc = mdb_cursor_get(w->cur, &k, &v, MDB_SET); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(w->cur, &k, &v, MDB_NEXT_DUP)) {
        uint64_t index;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES)
            return TXNG_ECORRUPT;
        index = txng_be64_load(v.mv_data);
        if (((const unsigned char *) v.mv_data)[8] != TXNG_ROLE_CORRECTS || index == e->index)
            continue;
        if (!grow(&e->corr, &cap, e->ncorr, sizeof *e->corr))
            return TXNG_ENOMEM;
        e->corr[e->ncorr++] = index;
    }
    if (rc != MDB_NOTFOUND)
        return txng_store_from_mdb(rc);
    return TXNG_OK;
}

/* Copy an array of strings (or of objects' @p member) into the arena. */
static txng_err
copy_strings(struct trace *t, const json_t *a, const char *member, const char ***out, size_t *n)
{
    size_t  i;
    json_t *x;

    *n   = 0;
    *out = NULL;
    if (!json_is_array(a) || json_array_size(a) == 0)
        return TXNG_OK;
    *out = arena_alloc(t, json_array_size(a) * sizeof **out);
    if (*out == NULL)
        return TXNG_ENOMEM;
    json_array_foreach(a, i, x)
    {
        bool        ok = true;
        const char *s  = arena_member(t, member ? json_object_get(x, member) : x, &ok);

        if (!ok)
            return TXNG_ENOMEM;
        if (s != NULL)
            (*out)[(*n)++] = s;
    }
    return TXNG_OK;
}

/* Whether @p ev is a txng:Imported event carrying an upstream record with an event. */
static bool
is_imported(const json_t *ev)
{
    const json_t *type = json_object_get(ev, "type");

    return json_is_string(type) && strcmp(json_string_value(type), "txng:Imported") == 0 &&
           json_is_object(json_object_get(json_object_get(ev, "record"), "event"));
}

/*
 * The origin of the txng:Import record that the txng:Imported record @p rec
 * names (`import` records back), copied to the arena; NULL when it names no
 * such record, and the record is then shown as it is.
 */
static txng_err
import_origin(struct walk *w, const txng_record *rec, const char **origin)
{
    const json_t *back = json_object_get(rec->event, "import");
    unsigned char key[8];
    MDB_val       k   = { sizeof key, key }, v;
    txng_record  *imp = NULL;
    const json_t *type, *o;
    uint64_t      at;
    txng_err      err;
    int           rc;

    *origin = NULL;
    if (!json_is_integer(back) || json_integer_value(back) < 1 ||
        (uint64_t) json_integer_value(back) > rec->index)
        return TXNG_OK;
    at = rec->index - (uint64_t) json_integer_value(back);
    if (w->import_origin != NULL && w->import_at == at) {
        *origin = w->import_origin;
        return TXNG_OK;
    }
    txng_be64_store(key, at);
    rc = mdb_get(w->txn, w->st->records, &k, &v);
    if (rc == MDB_NOTFOUND)
        return TXNG_OK;
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    err = txng_record_decode(&imp, v.mv_data, v.mv_size, NULL);
    if (err != TXNG_OK)
        return err == TXNG_EFORMAT ? TXNG_ECORRUPT : err;
    type = json_object_get(imp->event, "type");
    o    = json_object_get(imp->event, "origin");
    if (json_is_string(type) && strcmp(json_string_value(type), "txng:Import") == 0 &&
        json_is_string(o)) {
        *origin = arena_str(w->t, json_string_value(o), json_string_length(o));
        if (*origin == NULL)
            err = TXNG_ENOMEM;
        w->import_at     = at;
        w->import_origin = *origin;
    }
    txng_record_free(imp);
    return err;
}

/* Record @p index, which `ids` names, decoded: a record that is missing or does not
 * decode is damage (TXNG_ECORRUPT). */
static txng_err
record_at(struct walk *w, uint64_t index, txng_record **rec)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key }, v;
    txng_err      err;
    int           rc;

    *rec = NULL;
    txng_be64_store(key, index);
    rc = mdb_get(w->txn, w->st->records, &k, &v);
    if (rc == MDB_NOTFOUND)
        return TXNG_ECORRUPT;
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    err = txng_record_decode(rec, v.mv_data, v.mv_size, NULL);
    return err == TXNG_EFORMAT ? TXNG_ECORRUPT : err;
}

/*
 * Whether record @p index, which names record number @p e's key "#n" in its
 * txng:corrects, corrects @p e. Numbers name records of the log the
 * correction was made in: a correction imported from another log (a
 * txng:Imported record) speaks of that log's records, so of an event imported
 * from the same origin, whose upstream index is n; a correction of this log
 * speaks of this log's own records.
 */
static txng_err
corrects_this(struct walk *w, const struct ev *e, uint64_t index, bool *yes)
{
    txng_record *rec = NULL;
    const char  *origin;
    txng_err     err;

    *yes = false;
    if ((err = record_at(w, index, &rec)) != TXNG_OK)
        return err;
    if (!is_imported(rec->event)) {
        *yes = e->imported_from == NULL;
    } else if (e->imported_from != NULL && (err = import_origin(w, rec, &origin)) == TXNG_OK &&
               origin != NULL) {
        *yes = strcmp(origin, e->imported_from) == 0;
    }
    txng_record_free(rec);
    return err;
}

/* The first record filed under @p id in @p role that passes @p ok (NULL: any), or none
 * (TXNG_TRACE_NONE). */
static txng_err
first_filed(struct walk *w, const char *id, size_t len, unsigned char role,
            txng_err (*ok)(struct walk *, uint64_t, const char *, bool *), const char *origin,
            uint64_t *out)
{
    unsigned char key[TXNG_INDEX_KEY_MAX];
    MDB_val       k   = { txng_index_key(key, id, len), key }, v;
    txng_err      err = TXNG_OK;
    int           rc;

    *out = TXNG_TRACE_NONE;
    for (rc = mdb_cursor_get(w->cur, &k, &v, MDB_SET); rc == MDB_SUCCESS && err == TXNG_OK;
         rc = mdb_cursor_get(w->cur, &k, &v, MDB_NEXT_DUP)) {
        uint64_t index;
        bool     yes = true;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES)
            return TXNG_ECORRUPT;
        index = txng_be64_load(v.mv_data);
        if (((const unsigned char *) v.mv_data)[8] != role)
            continue;
        if (ok != NULL && (err = ok(w, index, origin, &yes)) != TXNG_OK)
            return err;
        if (yes) {
            *out = index;
            return TXNG_OK;
        }
    }
    if (rc != MDB_NOTFOUND && rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    return err;
}

/* Whether record @p index was imported from @p origin. */
static txng_err
imported_from(struct walk *w, uint64_t index, const char *origin, bool *yes)
{
    txng_record *rec = NULL;
    const char  *o   = NULL;
    txng_err     err = record_at(w, index, &rec);

    *yes = false;
    if (err == TXNG_OK && is_imported(rec->event) && (err = import_origin(w, rec, &o)) == TXNG_OK)
        *yes = o != NULL && strcmp(o, origin) == 0;
    txng_record_free(rec);
    return err;
}

/*
 * The record that correction @p index names as recorded in place of what it
 * corrects, or TXNG_TRACE_NONE: txng:replacedBy, a number of the log the correction was
 * made in (this log's record, or the record imported from the same origin
 * with that upstream index, as txng_index_replacement()); or the first
 * correctiveEventIDs of an EPCIS error declaration, by its eventID.
 */
static txng_err
replacement(struct walk *w, uint64_t index, uint64_t *out)
{
    txng_record  *rec = NULL;
    const json_t *up  = NULL, *ev, *m, *ids;
    const char   *origin;
    char          text[TXNG_INDEX_IMPORTED_TEXT];
    txng_err      err;

    *out = TXNG_TRACE_NONE;
    if ((err = record_at(w, index, &rec)) != TXNG_OK)
        return err;
    ev  = txng_index_unwrap(rec->event, &up);
    m   = json_object_get(ev, "txng:replacedBy");
    ids = json_object_get(json_object_get(ev, "errorDeclaration"), "correctiveEventIDs");
    if (json_is_integer(m) && json_integer_value(m) >= 1) {
        uint64_t n = (uint64_t) json_integer_value(m);

        if (up == NULL)
            *out = n < index ? n : TXNG_TRACE_NONE;
        else if ((err = import_origin(w, rec, &origin)) == TXNG_OK && origin != NULL)
            err = first_filed(w, text, txng_index_imported_text(text, n), TXNG_ROLE_IMPORTED,
                              imported_from, origin, out);
    } else if (json_is_string(json_array_get(ids, 0))) {
        const json_t *id = json_array_get(ids, 0);

        err = first_filed(w, json_string_value(id), json_string_length(id), TXNG_ROLE_EVENTID, NULL,
                          NULL, out);
    }
    txng_record_free(rec);
    return err;
}

static txng_err
event_fill(struct walk *w, struct ev *e, const txng_record *rec)
{
    struct trace *t    = w->t;
    const json_t *ev   = rec->event;
    const json_t *sigs = rec->signatures;
    const json_t *id, *up;
    char          num[NUM_BYTES];
    bool          ok = true;
    uint64_t      number = rec->index; /* the record number corrections name it by */
    size_t        w_corr;
    txng_err      err;

    /* An imported record: the upstream event and the signatures of its record. */
    if (is_imported(ev)) {
        up = json_object_get(json_object_get(ev, "record"), "index");
        if (json_is_integer(up) && json_integer_value(up) >= 0) {
            if ((err = import_origin(w, rec, &e->imported_from)) != TXNG_OK)
                return err;
            e->upstream_index = (uint64_t) json_integer_value(up);
        }
        for (int level = 0; e->imported_from != NULL && level < UNWRAP_MAX && is_imported(ev);
             level++) {
            up   = json_object_get(ev, "record");
            ev   = json_object_get(up, "event");
            sigs = json_object_get(up, "signatures");
            if (json_is_integer(json_object_get(up, "index")))
                number = (uint64_t) json_integer_value(json_object_get(up, "index"));
        }
    }
    id             = json_object_get(ev, "eventID");
    e->type        = arena_member(t, json_object_get(ev, "type"), &ok);
    e->action      = arena_member(t, json_object_get(ev, "action"), &ok);
    e->biz_step    = arena_member(t, json_object_get(ev, "bizStep"), &ok);
    e->disposition = arena_member(t, json_object_get(ev, "disposition"), &ok);
    e->inspection  = arena_member(t, json_object_get(ev, "txng:inspectionResult"), &ok);
    e->event_time  = arena_member(t, json_object_get(ev, "eventTime"), &ok);
    e->read_point  = arena_member(t, json_object_get(json_object_get(ev, "readPoint"), "id"), &ok);
    e->biz_location =
        arena_member(t, json_object_get(json_object_get(ev, "bizLocation"), "id"), &ok);
    e->recorded = arena_str(t, rec->recorded, strlen(rec->recorded));
    if (!ok || e->recorded == NULL)
        return TXNG_ENOMEM;
    err = copy_strings(t, sigs, "key", &e->signers, &e->nsigners);
    if (err == TXNG_OK)
        err = copy_strings(t, json_object_get(ev, "destinationList"), "destination", &e->dests,
                           &e->ndests);
    if (err == TXNG_OK)
        err = txng_index_extract(&w->list, ev);
    if (err != TXNG_OK)
        return err;
    e->ents = arena_alloc(t, (w->list.n ? w->list.n : 1) * sizeof *e->ents);
    if (e->ents == NULL)
        return TXNG_ENOMEM;
    for (size_t i = 0; i < w->list.n; i++) {
        const txng_index_entry *x = &w->list.v[i];

        e->ents[i] = (struct ent){ arena_str(t, x->id, x->id_len), x->id_len, x->role, x->side };
        if (e->ents[i].id == NULL)
            return TXNG_ENOMEM;
    }
    e->nents = w->list.n;
    /* Who says this record is wrong: by record index, and by eventID unless it is itself
     * an errorDeclaration (whose eventID names the event it declares wrong). */
    err = corrections(w, e, num, (size_t) snprintf(num, sizeof num, "#%" PRIu64, number));
    /* an imported event is named by its number in the log it came from */
    w_corr = 0;
    for (size_t i = 0; err == TXNG_OK && i < e->ncorr; i++) {
        bool yes = false;

        if ((err = corrects_this(w, e, e->corr[i], &yes)) == TXNG_OK && yes)
            e->corr[w_corr++] = e->corr[i];
    }
    if (err == TXNG_OK)
        e->ncorr = w_corr;
    if (err == TXNG_OK && json_is_string(id) && json_string_length(id) > 0 &&
        !json_is_object(json_object_get(ev, "errorDeclaration")))
        err = corrections(w, e, json_string_value(id), json_string_length(id));
    if (err == TXNG_OK && e->ncorr > 1) {
        size_t u = 1;

        qsort(e->corr, e->ncorr, sizeof *e->corr, u64_cmp);
        for (size_t i = 1; i < e->ncorr; i++)
            if (e->corr[i] != e->corr[u - 1])
                e->corr[u++] = e->corr[i];
        e->ncorr = u;
    }
    if (err == TXNG_OK && e->ncorr > 0 &&
        (e->repl = arena_alloc(t, e->ncorr * sizeof *e->repl)) == NULL)
        err = TXNG_ENOMEM;
    for (size_t i = 0; err == TXNG_OK && i < e->ncorr; i++)
        err = replacement(w, e->corr[i], &e->repl[i]);
    return err;
}

/* The event of record @p index, read and added at @p depth when new. */
static txng_err
event_get(struct walk *w, uint64_t index, unsigned depth, size_t *pos)
{
    struct trace *t   = w->t;
    txng_record  *rec = NULL;
    struct ev    *e;
    size_t        slot;
    txng_err      err;

    if (tables_grow(t) != TXNG_OK)
        return TXNG_ENOMEM;
    slot = ev_slot(t, index);
    if (t->evmap[slot] != 0) {
        *pos = t->evmap[slot] - 1;
        return TXNG_OK;
    }
    if (!grow(&t->evs, &t->cap_e, t->ne, sizeof *t->evs))
        return TXNG_ENOMEM;
    e = &t->evs[t->ne];
    memset(e, 0, sizeof *e);
    e->index = index;
    e->made  = t->ne;
    e->depth = depth;
    t->ne++; /* counted now so that txng_trace_free() releases what event_fill() allocates */
    err = record_at(w, index, &rec);
    if (err == TXNG_OK)
        err = event_fill(w, e, rec);
    txng_record_free(rec);
    if (err != TXNG_OK)
        return err;
    t->evmap[slot] = t->ne;
    *pos           = t->ne - 1;
    return TXNG_OK;
}

/* ---- the walk ----------------------------------------------------------------------------- */

struct hit {
    uint64_t      index;
    unsigned char role;
};

/* All (record, role) pairs of @p id's key, leaving out places, parties and corrections. */
static txng_err
lookup(struct walk *w, const char *id, size_t len, struct hit **hits, size_t *n, size_t *cap,
       bool *any)
{
    unsigned char key[TXNG_INDEX_KEY_MAX];
    MDB_val       k = { txng_index_key(key, id, len), key }, v;
    int           rc;

    *n = 0;
    for (rc = mdb_cursor_get(w->cur, &k, &v, MDB_SET); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(w->cur, &k, &v, MDB_NEXT_DUP)) {
        unsigned char role;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES)
            return TXNG_ECORRUPT;
        role = ((const unsigned char *) v.mv_data)[8];
        if (role == TXNG_ROLE_LOCATION || role == TXNG_ROLE_PARTY || role == TXNG_ROLE_CORRECTS ||
            role == TXNG_ROLE_EVENTID)
            continue;
        if (!grow(hits, cap, *n, sizeof **hits))
            return TXNG_ENOMEM;
        (*hits)[(*n)++] = (struct hit){ txng_be64_load(v.mv_data), role };
        *any            = true;
    }
    if (rc != MDB_NOTFOUND)
        return txng_store_from_mdb(rc);
    return TXNG_OK;
}

static txng_err
add_next(struct ev *e, size_t node)
{
    for (size_t i = 0; i < e->nnext; i++)
        if (e->next[i] == node)
            return TXNG_OK;
    if (!grow(&e->next, &e->cap_next, e->nnext, sizeof *e->next))
        return TXNG_ENOMEM;
    e->next[e->nnext++] = node;
    return TXNG_OK;
}

/* List node @p n's events and queue the identifiers its steps lead to. */
static txng_err
expand(struct walk *w, size_t n, struct hit **hits, size_t *cap, bool *any)
{
    struct trace *t    = w->t;
    unsigned char step = w->dir == TXNG_TRACE_BACK ? TXNG_SIDE_OUT : TXNG_SIDE_IN;
    unsigned char skip = w->dir == TXNG_TRACE_BACK ? TXNG_SIDE_IN : TXNG_SIDE_OUT;
    size_t        nhits;
    txng_err      err;

    t->nodes[n].expanded = true;
    err                  = lookup(w, t->nodes[n].id, t->nodes[n].len, hits, &nhits, cap, any);
    for (size_t h = 0; h < nhits && err == TXNG_OK; h++) {
        size_t        pos = 0, i;
        struct ev    *e;
        struct nd    *nd;
        unsigned char side  = TXNG_SIDE_NONE;
        bool          named = false;

        err = event_get(w, (*hits)[h].index, t->nodes[n].depth, &pos);
        if (err != TXNG_OK)
            break;
        e  = &t->evs[pos];
        nd = &t->nodes[n];
        for (i = 0; i < e->nents; i++) {
            if (e->ents[i].role == (*hits)[h].role && e->ents[i].len == nd->len &&
                memcmp(e->ents[i].id, nd->id, nd->len) == 0) {
                side  = e->ents[i].side;
                named = true;
                break;
            }
        }
        if (!named) {
            err = TXNG_ECORRUPT; /* the index says so, the record does not */
            break;
        }
        if (side == skip)
            continue;
        if (!grow(&nd->links, &nd->cap_links, nd->nlinks, sizeof *nd->links)) {
            err = TXNG_ENOMEM;
            break;
        }
        nd->links[nd->nlinks++] = (txng_trace_link){ pos, (*hits)[h].role, side == step };
        e->linked               = true;
        if (side != step)
            continue;
        for (i = 0; i < e->nents && err == TXNG_OK; i++) {
            size_t next;

            if (e->ents[i].side != skip)
                continue;
            /* node_get may move t->nodes and t->evs does not move here; refetch after. */
            err = node_get(t, e->ents[i].id, e->ents[i].len, t->nodes[n].depth + 1, &next);
            if (err == TXNG_OK)
                err = add_next(&t->evs[pos], next);
        }
    }
    return err;
}

/* ---- the result --------------------------------------------------------------------------- */

static int
str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static int
link_cmp(const void *a, const void *b)
{
    const txng_trace_link *x = a, *y = b;

    if (x->event != y->event)
        return x->event < y->event ? -1 : 1;
    return (x->role > y->role) - (x->role < y->role);
}

static int
ev_cmp(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;

    return (x->index > y->index) - (x->index < y->index);
}

/* Whether event @p x is a receipt (bizStep receiving): the goods reached its bizLocation. */
static bool
is_receipt(const struct ev *x)
{
    size_t n = x->biz_step != NULL ? strlen(x->biz_step) : 0;

    return n >= 9 && strcmp(x->biz_step + n - 9, "receiving") == 0;
}

/*
 * Whether destination @p id is a place (a urn:txng place, a GLN of a
 * location, AI 414): the goods went there, but a recall notifies parties.
 */
static bool
is_place(const char *id)
{
    char          canon[TXNG_GS1_URI_MAX];
    txng_gs1_id   g;
    txng_gs1_code c;

    if (id == NULL || txng_gs1_canonicalize(canon, id, strlen(id), NULL) != TXNG_OK)
        return false;
    if (txng_gs1_code_parse(&c, canon, strlen(canon), NULL) == TXNG_OK)
        return c.kind == TXNG_GS1_KIND_PLACE;
    return txng_gs1_dl_parse(&g, canon, strlen(canon), 0, NULL) == TXNG_OK &&
           g.key == TXNG_GS1_KEY_GLN;
}

/* Drop the events no node lists, sort the rest by index, renumber the links, and fill
 * the public arrays. */
static txng_err
finish(struct trace *t)
{
    size_t *where = NULL;
    size_t  nr = 0, kept = 0;

    for (size_t e = 0; e < t->ne; e++) {
        if (t->evs[e].linked) {
            t->evs[kept++] = t->evs[e];
        } else {
            free(t->evs[e].next);
            free(t->evs[e].corr);
        }
    }
    t->ne = kept; /* the event map is stale from here */
    if (t->ne > 0) {
        where = malloc(t->cap_e * sizeof *where);
        if (where == NULL)
            return TXNG_ENOMEM;
        qsort(t->evs, t->ne, sizeof *t->evs, ev_cmp);
        for (size_t e = 0; e < t->ne; e++)
            where[t->evs[e].made] = e;
        for (size_t n = 0; n < t->nn; n++) {
            for (size_t l = 0; l < t->nodes[n].nlinks; l++)
                t->nodes[n].links[l].event = where[t->nodes[n].links[l].event];
            if (t->nodes[n].nlinks > 1)
                qsort(t->nodes[n].links, t->nodes[n].nlinks, sizeof *t->nodes[n].links,
                      link_cmp);
        }
        free(where);
    }
    t->pnodes  = calloc(t->nn ? t->nn : 1, sizeof *t->pnodes);
    t->pevents = calloc(t->ne ? t->ne : 1, sizeof *t->pevents);
    for (size_t e = 0; e < t->ne; e++)
        nr += t->evs[e].ndests + 1;
    t->recips = calloc(nr ? nr : 1, sizeof *t->recips);
    if (t->pnodes == NULL || t->pevents == NULL || t->recips == NULL)
        return TXNG_ENOMEM;
    for (size_t n = 0; n < t->nn; n++) {
        const struct nd *d = &t->nodes[n];

        t->pnodes[n] = (txng_trace_node){ d->id, d->depth, d->expanded, d->links, d->nlinks };
    }
    nr = 0;
    for (size_t e = 0; e < t->ne; e++) {
        const struct ev  *x = &t->evs[e];
        txng_trace_event *p = &t->pevents[e];

        *p = (txng_trace_event){ .index          = x->index,
                                 .type           = x->type,
                                 .action         = x->action,
                                 .biz_step       = x->biz_step,
                                 .disposition    = x->disposition,
                                 .event_time     = x->event_time,
                                 .recorded       = x->recorded,
                                 .read_point     = x->read_point,
                                 .biz_location   = x->biz_location,
                                 .imported_from  = x->imported_from,
                                 .inspection     = x->inspection,
                                 .upstream_index = x->upstream_index,
                                 .signers        = x->signers,
                                 .nsigners       = x->nsigners,
                                 .destinations   = x->dests,
                                 .ndestinations  = x->ndests,
                                 .corrected_by   = x->corr,
                                 .ncorrected_by  = x->ncorr,
                                 .replaced_by    = x->repl,
                                 .next           = x->next,
                                 .nnext          = x->nnext,
                                 .depth          = x->depth };
        for (size_t d = 0; d < x->ndests; d++)
            if (!is_place(x->dests[d]))
                t->recips[nr++] = x->dests[d];
        if (is_receipt(x) && x->biz_location != NULL)
            t->recips[nr++] = x->biz_location; /* a receipt names its place, not a party */
    }
    if (nr > 1) {
        size_t u = 1;

        qsort(t->recips, nr, sizeof *t->recips, str_cmp);
        for (size_t i = 1; i < nr; i++)
            if (strcmp(t->recips[i], t->recips[u - 1]) != 0)
                t->recips[u++] = t->recips[i];
        nr = u;
    }
    t->pub.nodes       = t->pnodes;
    t->pub.nnodes      = t->nn;
    t->pub.events      = t->pevents;
    t->pub.nevents     = t->ne;
    t->pub.recipients  = t->recips;
    t->pub.nrecipients = nr;
    return TXNG_OK;
}

/* ---- public ------------------------------------------------------------------------------- */

void
txng_trace_free(txng_trace_result *r)
{
    struct trace *t = (struct trace *) r;

    if (t == NULL)
        return;
    for (size_t n = 0; n < t->nn; n++)
        free(t->nodes[n].links);
    for (size_t e = 0; e < t->ne; e++) {
        free(t->evs[e].next);
        free(t->evs[e].corr);
    }
    while (t->arena != NULL) {
        struct block *b = t->arena;

        t->arena = b->next;
        free(b);
    }
    free(t->nodes);
    free(t->evs);
    free(t->idmap);
    free(t->evmap);
    free(t->pnodes);
    free(t->pevents);
    free(t->recips);
    free(t);
}

txng_err
txng_trace(txng_log *log, const char *id, enum txng_trace_dir dir, unsigned depth,
           txng_trace_result **out)
{
    struct walk w    = { 0 };
    struct hit *hits = NULL;
    size_t      cap  = 0, start;
    bool        any = false, other = false, reading = false;
    txng_err    err;
    int         rc;

    *out = NULL;
    if (log == NULL || id == NULL || id[0] == '\0' ||
        (dir != TXNG_TRACE_BACK && dir != TXNG_TRACE_FORWARD))
        return TXNG_EINVAL;
    w.dir = dir;
    w.t   = calloc(1, sizeof *w.t);
    if (w.t == NULL)
        return TXNG_ENOMEM;
    w.t->pub.dir       = dir;
    w.t->pub.max_depth = depth;
    err                = txng_log_read_begin(log, &w.st, &w.txn);
    if (err != TXNG_OK)
        goto out;
    reading = true;
    rc      = mdb_cursor_open(w.txn, w.st->ids, &w.cur);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    err = node_get(w.t, id, strlen(id), 0, &start);
    for (size_t n = 0; err == TXNG_OK && n < w.t->nn; n++) {
        if (depth != 0 && w.t->nodes[n].depth >= depth)
            continue;
        err = expand(&w, n, &hits, &cap, n == 0 ? &any : &other);
        if (err == TXNG_OK && n == 0 && !any)
            err = TXNG_ENOTFOUND;
    }
    if (err == TXNG_OK)
        err = finish(w.t);
out:
    mdb_cursor_close(w.cur);
    if (reading)
        txng_log_read_end(log);
    txng_index_list_free(&w.list);
    free(hits);
    if (err != TXNG_OK) {
        txng_trace_free(&w.t->pub);
        return err;
    }
    *out = &w.t->pub;
    return TXNG_OK;
}

static json_t *
str_or_null(const char *s)
{
    return s != NULL ? json_string(s) : NULL;
}

/* Set @p key to @p v (consumed) when @p v is not NULL; false on ENOMEM. */
static bool
set_opt(json_t *o, const char *key, const char *s)
{
    json_t *v;

    if (s == NULL)
        return true;
    v = str_or_null(s);
    return v != NULL && json_object_set_new(o, key, v) == 0;
}

static json_t *
strings(const char *const *v, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < n; i++) {
        if (json_array_append_new(a, json_string(v[i])) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static json_t *
event_json(const txng_trace_result *r, const txng_trace_event *e)
{
    json_t *o = json_object(), *corr = json_array(), *next = json_array(), *repl = NULL;
    bool    ok = o != NULL && corr != NULL && next != NULL;

    for (size_t i = 0; ok && i < e->ncorrected_by; i++)
        ok = json_array_append_new(corr, json_integer((json_int_t) e->corrected_by[i])) == 0;
    for (size_t i = 0; ok && i < e->ncorrected_by; i++)
        ok = e->replaced_by[i] == TXNG_TRACE_NONE ||
             ((repl != NULL || (repl = json_array()) != NULL) &&
              json_array_append_new(repl, json_integer((json_int_t) e->replaced_by[i])) == 0);
    for (size_t i = 0; ok && i < e->nnext; i++)
        ok = json_array_append_new(next, json_string(r->nodes[e->next[i]].id)) == 0;
    ok = ok && json_object_set_new(o, "index", json_integer((json_int_t) e->index)) == 0 &&
         set_opt(o, "type", e->type) && set_opt(o, "action", e->action) &&
         set_opt(o, "bizStep", e->biz_step) && set_opt(o, "disposition", e->disposition) &&
         set_opt(o, "inspectionResult", e->inspection) && set_opt(o, "eventTime", e->event_time) &&
         set_opt(o, "recorded", e->recorded) && set_opt(o, "readPoint", e->read_point) &&
         set_opt(o, "bizLocation", e->biz_location) &&
         json_object_set_new(o, "signers", strings(e->signers, e->nsigners)) == 0 &&
         json_object_set_new(o, "destinations", strings(e->destinations, e->ndestinations)) == 0 &&
         json_object_set(o, "correctedBy", corr) == 0 &&
         (repl == NULL || json_object_set(o, "replacedBy", repl) == 0) &&
         json_object_set(o, "next", next) == 0 &&
         json_object_set_new(o, "depth", json_integer(e->depth)) == 0;
    if (ok && e->imported_from != NULL)
        ok = set_opt(o, "importedFrom", e->imported_from) &&
             json_object_set_new(o, "upstreamIndex",
                                 json_integer((json_int_t) e->upstream_index)) == 0;
    json_decref(corr);
    json_decref(repl);
    json_decref(next);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *
node_json(const txng_trace_result *r, const txng_trace_node *n)
{
    json_t *o = json_object(), *evs = json_array();
    bool    ok = o != NULL && evs != NULL;

    for (size_t i = 0; ok && i < n->nevents; i++) {
        const txng_trace_link *l = &n->events[i];

        ok = json_array_append_new(
                 evs, json_pack("{s:I, s:s, s:b}", "index", (json_int_t) r->events[l->event].index,
                                "role", txng_index_role_name(l->role), "step", l->step)) == 0;
    }
    ok = ok && json_object_set_new(o, "id", json_string(n->id)) == 0 &&
         json_object_set_new(o, "depth", json_integer(n->depth)) == 0 &&
         json_object_set_new(o, "expanded", json_boolean(n->expanded)) == 0 &&
         json_object_set(o, "events", evs) == 0;
    json_decref(evs);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

txng_err
txng_trace_to_json(const txng_trace_result *r, json_t **out)
{
    json_t *o = json_object(), *nodes = json_array(), *evs = json_array();
    bool    ok = o != NULL && nodes != NULL && evs != NULL;

    *out = NULL;
    for (size_t i = 0; ok && i < r->nnodes; i++)
        ok = json_array_append_new(nodes, node_json(r, &r->nodes[i])) == 0;
    for (size_t i = 0; ok && i < r->nevents; i++)
        ok = json_array_append_new(evs, event_json(r, &r->events[i])) == 0;
    ok = ok &&
         json_object_set_new(o, "direction",
                             json_string(r->dir == TXNG_TRACE_BACK ? "back" : "forward")) == 0 &&
         json_object_set_new(o, "depth", json_integer(r->max_depth)) == 0 &&
         json_object_set_new(o, "start", json_string(r->nnodes ? r->nodes[0].id : "")) == 0 &&
         json_object_set(o, "nodes", nodes) == 0 && json_object_set(o, "events", evs) == 0 &&
         json_object_set_new(o, "recipients", strings(r->recipients, r->nrecipients)) == 0;
    json_decref(nodes);
    json_decref(evs);
    if (!ok) {
        json_decref(o);
        return TXNG_ENOMEM;
    }
    *out = o;
    return TXNG_OK;
}
