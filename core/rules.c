/*
 * rules.c - the stateful key data element rules: checks of new events against the log
 *
 * Every question is "which records name this identifier, and how": the
 * `ids` database answers it for the log, and an overlay answers it for the
 * events of the batch already checked, which are numbered as the records
 * they will become (log size + position). Both yield (record, role) hits;
 * whether a hit is on the input or the output side depends on the event's
 * type and action, so a log hit whose role leaves it open is decided by
 * reading the record and listing it with txng_index_extract(), the same
 * function that wrote the index.
 *
 * The walk upstream of a packed lot is done here rather than with
 * txng_trace(): a trace runs in the log handle's read transaction of its
 * own, which this check already holds, and it cannot see the batch.
 *
 * Cohorts (planting, stand counts, harvests, recalls) are read once per call
 * and then kept up to date as the batch goes on, so an import of many
 * harvests of one cohort reads that cohort's records once.
 *
 * The records naming each identifier of the event checked are read once for
 * that event, into a summary (struct usum) that the custody, sale and recall
 * rules and the time-order rule all ask, rather than each rule reading them.
 *
 * Master records (the GI code of a place, a GI certificate) are read from
 * the newest record of that id, found through the name key of its code
 * (role 'K'), which the overlay keeps for the batch too; each once per call,
 * until the batch adds a record of its own. The roots harvested under a GI
 * certificate are summed once per call and kept up to date like cohorts. A
 * batch record that voids an earlier one (did not occur) makes the cohorts
 * and sums be read again, so the voided record stops counting at once.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lmdb.h>

#include "core/bundle.h"
#include "core/claim.h"
#include "core/event.h"
#include "core/index.h"
#include "core/record.h"
#include "core/rules.h"
#include "core/store.h"

#define SIDE_UNKNOWN 0xff
/* Most identifiers the walk upstream of a packed lot visits before giving up the check. */
#define WALK_MAX 100000
/* Room for a GI code read from a master record (longer ones are cut and so differ). */
#define GI_MAX 64

struct hit {
    uint64_t      rec;
    unsigned char role, side;
};

/* An identifier named by an event of the batch; chained by hash. */
struct oent {
    const char   *id;   /* borrowed from the batch's event, or copy */
    char         *copy; /* malloc'd copy of a key the index list made, or NULL */
    size_t        len;
    uint64_t      rec;
    unsigned char role, side;
    size_t        next; /* index + 1 of the next entry in the chain, 0 at the end */
};

struct amount {
    int64_t  t;
    uint64_t n;
};

/* A sale or a receive of a unit, by record @p rec; @p imported: a txng:Imported record. */
struct sale {
    int64_t  t;
    uint64_t rec;
    bool     imported;
};

/* An input of record @p rec, which made an identifier: the recall walk goes on there. */
struct upin {
    uint64_t rec;
    char    *id;
};

/*
 * What the records naming one identifier of the event checked say, read once
 * per event (usum_get()) for the custody rule (check_held()), the sale rule
 * (check_sell()) and the recall walk (check_recalled()): a sale of a unit reads
 * the unit's records once, not once per rule.
 */
struct usum {
    bool         here;      /* a record of this log made it (not voided) */
    bool         imported;  /* an imported record made it */
    uint64_t     got, sent; /* the latest receive, ship of this log not after the event */
    int64_t      got_t, sent_t;
    struct sale *sold, *back; /* sales and receives (returns), imported ones too, not voided */
    size_t       nsold, capsold, nback, capback;
    uint64_t    *recs; /* records naming it as an output or an object, voided ones too */
    size_t       nrecs, caprecs;
    struct upin *up; /* inputs of the records (not voided) that made it */
    size_t       nup, capup;
    const char  *recall_why; /* the first recall that stops the event, or NULL */
    uint64_t     recall;
    bool         since_found; /* since_t: the earliest creation or receipt (since()) */
    int64_t      since_t;
};

/* A recall naming a cohort, with --handling other than fix. */
struct crecall {
    int64_t  t;
    uint64_t rec;
    char    *how, *party; /* party: NULL when the recall names none */
};

struct cohort {
    char          *id;
    bool           planted;
    int64_t        plant_t;
    char           plant_date[11];
    uint64_t       plants;
    char          *place;
    struct amount *counts, *harvests;
    size_t         ncounts, capcounts, nharvests, capharvests;
    int64_t        phi_until; /* no harvest before: the latest end of a pre-harvest interval */
    uint64_t       phi_rec;   /* the treatment that sets it */
    bool            made;      /* made_by is the first record (not voided) that made it */
    uint64_t        made_by;   /* its planting, perhaps imported: the recall walk goes on there */
    struct crecall *recalls;   /* recalls of the cohort (their handling not fix), in record order */
    size_t          nrecalls, caprecalls;
    bool            full; /* read with its harvests (cohort_read()) */
    /* A place is kept here too, read by the same functions from the records naming it as a
     * location: the cohorts planted at it (here), the harvests that name it and no cohort
     * (harvests), the treatments done at it (phi_until). A record may name one place twice
     * (readPoint and bizLocation); last_rec keeps it from counting twice. */
    char          **here;
    size_t          nhere, caphere;
    bool            any_rec;
    uint64_t        last_rec;
};

/* A master record master() found (or that there is none): type and id are borrowed keys. */
struct known_master {
    char   *type, *id;
    json_t *event; /* NULL: no such record */
};

/* The roots of the harvests, voided ones left out, that name GI certificate @p id. */
struct certsum {
    char   *id;
    int64_t roots;
};

/*
 * Identifiers already found to exist. A batch only adds records, so a "yes"
 * stays true for the rest of the check; remembering it keeps a batch whose
 * rows all name the same cohort linear instead of quadratic.
 */
struct kset {
    char   **v;
    int64_t *t; /* kept with each entry: a time (`since`), a record (`made`, `had`); ncap */
    size_t   n, cap, ncap;
    size_t  *heads; /* index + 1 of the entry in a bucket; open addressing */
    size_t   nheads;
};

struct ctx {
    const txng_store    *st;
    MDB_txn             *txn;
    MDB_cursor          *cur;
    uint64_t             size;
    const json_t       **ev; /* bare events of the batch */
    size_t               n, pos;
    char (*signer)[TXNG_KEYREF_MAX]; /* key ref signing event i ("" unknown) */
    bool                *privileged; /* that key is the log key or an admin key */
    struct oent         *ov;
    size_t               nov, capov;
    size_t              *heads; /* index + 1 of a chain's first entry */
    size_t               nheads;
    struct cohort       *cohorts;
    size_t               ncohorts, capcohorts;
    struct known_master *masters; /* master records found, until the batch adds one */
    size_t               nmasters, capmasters;
    struct certsum      *certs; /* roots harvested under a GI certificate */
    size_t               ncerts, capcerts;
    uint64_t            *corrected; /* records the batch corrects */
    size_t               ncorrected, capcorrected;
    txng_index_list      list; /* scratch for records read */
    txng_index_list      evl;  /* the identifiers of event pos, listed once for its check */
    struct kset          made, had; /* known to be created; created or received */
    struct kset          since;     /* earliest time each identifier was created or received */
    struct usum         *sums;      /* of identifiers of event pos (usum_get()) */
    size_t               nsums, capsums;
    struct kset          sumk; /* their identifiers; t: the index in sums */
};

static bool
grow(void *v, size_t *cap, size_t n, size_t size)
{
    void  *p;
    size_t c;

    if (n < *cap)
        return true;
    c = *cap == 0 ? 16 : *cap * 2;
    p = realloc(*(void **) v, c * size);
    if (p == NULL)
        return false;
    *(void **) v = p;
    *cap         = c;
    return true;
}

static size_t
hash_bytes(const char *p, size_t len)
{
    uint64_t h = 1469598103934665603u;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char) p[i]) * 1099511628211u;
    return (size_t) (h ^ (h >> 29));
}

static const char *
str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool
same(const char *a, size_t alen, const char *b)
{
    return b != NULL && strlen(b) == alen && memcmp(a, b, alen) == 0;
}

/* Event time in seconds; false when the event has none or it does not parse. */
static bool
event_time(const json_t *ev, int64_t *t)
{
    const char *s = str(ev, "eventTime");

    return s != NULL && txng_event_time_parse(s, NULL, NULL, t, NULL) == TXNG_OK;
}

static uint64_t
uint_of(const json_t *ev, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(ev, key));

    return v > 0 ? (uint64_t) v : 0;
}

static bool
step_is(const txng_step *s, const char *name)
{
    return s != NULL && strcmp(s->name, name) == 0;
}

static bool
is_cohort(const char *id, size_t len)
{
    static const char mark[] = ":cohort:";

    if (len < 9 || strncmp(id, "urn:txng:", 9) != 0)
        return false;
    for (size_t i = 9; i + sizeof mark - 1 <= len; i++)
        if (memcmp(id + i, mark, sizeof mark - 1) == 0)
            return true;
    return false;
}

/* Whether @p id is a urn:txng unit code: a serial given without a GTIN. */
static bool
is_unit_code(const char *id, size_t len)
{
    char code[TXNG_GS1_URI_MAX];
    int  kind;

    return len > 9 && strncmp(id, "urn:txng:", 9) == 0 &&
           txng_index_id_code(id, len, &kind, code, sizeof code) && kind == TXNG_GS1_KIND_UNIT;
}

static txng_err
refuse(txng_diag *diag, size_t pos, const char *reason, const char *field)
{
    txng_diag_set(diag, reason, field);
    if (diag != NULL)
        diag->line = pos + 1;
    return TXNG_EFORMAT;
}

/* refuse(), with the count @p n that shows why, named @p name (txng_diag_value()). */
static txng_err
refuse_count(txng_diag *diag, size_t pos, const char *reason, const char *field,
             const char *name, int64_t n)
{
    txng_err err = refuse(diag, pos, reason, field);

    txng_diag_value(diag, name, "%" PRId64, n);
    return err;
}

/* ---- records and hits ------------------------------------------------------------------ */

/* The stored bytes of record @p rec of the log (not a batch event), in the map. */
static txng_err
raw(struct ctx *c, uint64_t rec, MDB_val *v)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key };
    int           rc;

    txng_be64_store(key, rec);
    rc = mdb_get(c->txn, c->st->records, &k, v);
    if (rc == MDB_NOTFOUND)
        return TXNG_ECORRUPT; /* `ids` names a record that is not there */
    return rc == MDB_SUCCESS ? TXNG_OK : txng_store_from_mdb(rc);
}

/* The event of record @p rec: a batch event (borrowed) or a record read into @p *own. */
static txng_err
load(struct ctx *c, uint64_t rec, const json_t **ev, txng_record **own)
{
    MDB_val  v;
    txng_err err;

    *own = NULL;
    if (rec >= c->size) {
        *ev = c->ev[rec - c->size];
        return TXNG_OK;
    }
    if ((err = raw(c, rec, &v)) != TXNG_OK)
        return err;
    err = txng_record_decode(own, v.mv_data, v.mv_size, NULL);
    if (err == TXNG_EFORMAT)
        err = TXNG_ECORRUPT;
    if (err != TXNG_OK)
        return err;
    *ev = (*own)->event;
    return TXNG_OK;
}

/* Every (record, role) naming @p id, the log's first; @p *out is malloc'd (free()). */
static txng_err
hits(struct ctx *c, const char *id, size_t len, struct hit **out, size_t *n)
{
    unsigned char key[TXNG_INDEX_KEY_MAX];
    MDB_val       k = { txng_index_key(key, id, len), key }, v;
    size_t        cap = 0;
    int           rc;

    *out = NULL;
    *n   = 0;
    for (rc = mdb_cursor_get(c->cur, &k, &v, MDB_SET); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(c->cur, &k, &v, MDB_NEXT_DUP)) {
        if (v.mv_size != TXNG_INDEX_VAL_BYTES)
            return TXNG_ECORRUPT;
        if (!grow(out, &cap, *n, sizeof **out))
            return TXNG_ENOMEM;
        (*out)[(*n)++] = (struct hit){ txng_be64_load(v.mv_data),
                                       ((const unsigned char *) v.mv_data)[8], SIDE_UNKNOWN };
    }
    if (rc != MDB_NOTFOUND)
        return txng_store_from_mdb(rc);
    if (c->nheads == 0)
        return TXNG_OK;
    for (size_t e = c->heads[hash_bytes(id, len) & (c->nheads - 1)]; e != 0; e = c->ov[e - 1].next) {
        const struct oent *o = &c->ov[e - 1];

        if (o->len != len || memcmp(o->id, id, len) != 0)
            continue;
        if (!grow(out, &cap, *n, sizeof **out))
            return TXNG_ENOMEM;
        (*out)[(*n)++] = (struct hit){ o->rec, o->role, o->side };
    }
    return TXNG_OK;
}

/* Whether the side of a hit in role @p role depends on its event (hit_side()). */
static bool
sided(unsigned char role)
{
    return role == TXNG_ROLE_OUTPUT || role == TXNG_ROLE_EPC || role == TXNG_ROLE_PARENT ||
           role == TXNG_ROLE_CHILD || role == TXNG_ROLE_INPUT || role == TXNG_ROLE_FROM;
}

/* The side of @p h, from its event @p ev (its record, read), when not known yet. */
static txng_err
hit_side_of(struct ctx *c, struct hit *h, const char *id, size_t len, const json_t *ev)
{
    txng_err err;

    if (h->side != SIDE_UNKNOWN)
        return TXNG_OK;
    h->side = TXNG_SIDE_NONE;
    if (!sided(h->role))
        return TXNG_OK;
    err = txng_index_extract(&c->list, ev);
    for (size_t i = 0; err == TXNG_OK && i < c->list.n; i++)
        if (c->list.v[i].role == h->role && c->list.v[i].id_len == len &&
            memcmp(c->list.v[i].id, id, len) == 0)
            h->side = c->list.v[i].side;
    return err;
}

/* The side of @p h, reading its record when the role alone does not say. */
static txng_err
hit_side(struct ctx *c, struct hit *h, const char *id, size_t len)
{
    const json_t *ev;
    txng_record  *own = NULL;
    txng_err      err;

    if (h->side != SIDE_UNKNOWN)
        return TXNG_OK;
    if (!sided(h->role)) {
        h->side = TXNG_SIDE_NONE;
        return TXNG_OK;
    }
    err = load(c, h->rec, &ev, &own);
    if (err == TXNG_OK)
        err = hit_side_of(c, h, id, len, ev);
    txng_record_free(own);
    return err;
}

/* Index + 1 of @p id in @p s, or 0. */
static size_t
kset_find(const struct kset *s, const char *id, size_t len)
{
    if (s->nheads == 0)
        return 0;
    for (size_t b = hash_bytes(id, len) & (s->nheads - 1);; b = (b + 1) & (s->nheads - 1)) {
        size_t e = s->heads[b];

        if (e == 0)
            return 0;
        if (strlen(s->v[e - 1]) == len && memcmp(s->v[e - 1], id, len) == 0)
            return e;
    }
}

static txng_err
kset_add(struct kset *s, const char *id, size_t len)
{
    if ((s->n + 1) * 2 > s->nheads) {
        size_t  nh = s->nheads == 0 ? 64 : s->nheads * 2;
        size_t *h  = calloc(nh, sizeof *h);

        if (h == NULL)
            return TXNG_ENOMEM;
        for (size_t i = 0; i < s->n; i++) {
            size_t b = hash_bytes(s->v[i], strlen(s->v[i])) & (nh - 1);

            while (h[b] != 0)
                b = (b + 1) & (nh - 1);
            h[b] = i + 1;
        }
        free(s->heads);
        s->heads  = h;
        s->nheads = nh;
    }
    if (!grow(&s->v, &s->cap, s->n, sizeof *s->v) || (s->v[s->n] = strndup(id, len)) == NULL)
        return TXNG_ENOMEM;
    if (s->ncap < s->cap) {
        int64_t *t = realloc(s->t, s->cap * sizeof *t);

        if (t == NULL) {
            free(s->v[s->n]);
            return TXNG_ENOMEM;
        }
        s->t    = t;
        s->ncap = s->cap;
    }
    s->t[s->n] = 0;
    for (size_t b = hash_bytes(id, len) & (s->nheads - 1);; b = (b + 1) & (s->nheads - 1)) {
        if (s->heads[b] == 0) {
            s->heads[b] = ++s->n;
            return TXNG_OK;
        }
    }
}

static void
kset_free(struct kset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->t);
    free(s->heads);
    memset(s, 0, sizeof *s);
}

static bool
batch_corrects(const struct ctx *c, uint64_t rec)
{
    for (size_t i = 0; i < c->ncorrected; i++)
        if (c->corrected[i] == rec)
            return true;
    return false;
}

static bool
is_void_reason(const json_t *ev)
{
    const char *r = str(json_object_get(ev, "errorDeclaration"), "reason");

    return r != NULL && strcmp(r, "did_not_occur") == 0;
}

/*
 * Whether record @p rec of the log is a txng:Imported record: a correction
 * it carries names records of the log it came from by their numbers, never
 * this log's (docs/format.md §9.6).
 */
static txng_err
imported_record(struct ctx *c, uint64_t rec, bool *yes)
{
    const json_t *ev  = NULL;
    txng_record  *own = NULL;
    txng_err      err = load(c, rec, &ev, &own);

    *yes =
        err == TXNG_OK && str(ev, "type") != NULL && strcmp(str(ev, "type"), "txng:Imported") == 0;
    txng_record_free(own);
    return err;
}

/*
 * The origin of the log whose records the txng:Import record @p at brought
 * (malloc'd in *@p origin; "" when @p at is no such record).
 */
static txng_err
import_origin(struct ctx *c, uint64_t at, char **origin)
{
    const json_t *ev  = NULL;
    txng_record  *own = NULL;
    const char   *o   = NULL;
    txng_err      err = at == UINT64_MAX ? TXNG_OK : load(c, at, &ev, &own);

    if (err == TXNG_OK && ev != NULL && str(ev, "type") != NULL &&
        strcmp(str(ev, "type"), "txng:Import") == 0)
        o = str(ev, "origin");
    *origin = err == TXNG_OK ? strdup(o != NULL ? o : "") : NULL;
    if (err == TXNG_OK && *origin == NULL)
        err = TXNG_ENOMEM;
    txng_record_free(own);
    return err;
}

/*
 * Whether an EPCIS error declaration before the one checked (imported from
 * another system: an event with an errorDeclaration and the eventID of the
 * event it declares wrong, docs/format.md §10.5) declares record @p rec,
 * whose eventID is @p id, wrong, with reason "did not occur" when @p dno.
 * EPCIS has no way to withdraw a declaration, so none is undone.
 */
static txng_err
declared_by_id(struct ctx *c, uint64_t rec, const char *id, bool dno, bool *yes)
{
    struct hit *h   = NULL;
    size_t      n   = 0;
    txng_err    err = hits(c, id, strlen(id), &h, &n);

    for (size_t i = 0; err == TXNG_OK && i < n && !*yes; i++) {
        const json_t *dev;
        const char   *did;
        txng_record  *down = NULL;

        if (h[i].role != TXNG_ROLE_CORRECTS || h[i].rec == rec || h[i].rec >= c->size + c->pos)
            continue;
        if ((err = load(c, h[i].rec, &dev, &down)) != TXNG_OK)
            break;
        dev  = txng_index_unwrap(dev, NULL);
        did  = str(dev, "eventID");
        *yes = did != NULL && strcmp(did, id) == 0 &&
               json_is_object(json_object_get(dev, "errorDeclaration")) &&
               (!dno || is_void_reason(dev));
        txng_record_free(down);
    }
    free(h);
    return err;
}

/* Whether the @p n bytes at @p p hold the @p wn bytes of @p w, which start with '"'. */
static bool
holds_word(const char *p, size_t n, const char *w, size_t wn)
{
    const char *end = p + n;

    for (const char *q = p; (q = memchr(q, '"', (size_t) (end - q))) != NULL; q++)
        if ((size_t) (end - q) >= wn && memcmp(q, w, wn) == 0)
            return true;
    return false;
}

/*
 * Whether record @p rec of the log (not a batch event) may be named otherwise
 * than by its index: imported (txng:Imported) or with an eventID. Its stored
 * bytes are canonical JSON, which writes member names and ASCII strings as
 * they are, so a record whose bytes hold neither word is neither, and need not
 * be decoded: corrected() asks this of every record that made something a
 * step uses.
 */
static txng_err
maybe_named_otherwise(struct ctx *c, uint64_t rec, bool *yes)
{
    static const char imported[] = "\"txng:Imported\"", eventid[] = "\"eventID\"";
    MDB_val           v;
    txng_err          err = raw(c, rec, &v);

    if (err != TXNG_OK)
        return err;
    *yes = holds_word(v.mv_data, v.mv_size, imported, sizeof imported - 1) ||
           holds_word(v.mv_data, v.mv_size, eventid, sizeof eventid - 1);
    return TXNG_OK;
}

/*
 * Whether a record or batch event before the one checked corrects record
 * @p rec, with reason "did not occur" when @p dno; such a correction counts
 * only when no record corrects it in turn. Corrections name records of the
 * log they were made in by number (docs/format.md §9.6): a record of this
 * log is corrected by this log's corrections of its index; a record imported
 * from another log by the corrections imported from that log (the same
 * origin) that name its upstream number and come after it there; and any
 * record by the EPCIS error declarations of its eventID (declared_by_id()).
 */
static txng_err
corrected(struct ctx *c, uint64_t rec, bool dno, bool *yes)
{
    struct hit   *h = NULL;
    size_t        n = 0;
    char          key[24], *origin = NULL; /* NULL: rec is a record of this log */
    char         *eid      = NULL;
    bool          in_batch = batch_corrects(c, rec); /* c->corrected: what the batch corrects */
    bool          other    = true; /* named otherwise than by its index: decode it */
    const json_t *ev;
    txng_record  *own = NULL;
    uint64_t      number = rec, at;
    txng_err      err;

    *yes = false;
    for (size_t i = 0; in_batch && i < c->pos && !*yes; i++) {
        const json_t *v = json_object_get(c->ev[i], "txng:corrects");

        if (json_is_integer(v) && json_integer_value(v) >= 0 &&
            (uint64_t) json_integer_value(v) == rec && (!dno || is_void_reason(c->ev[i]))) {
            if (!dno)
                *yes = true;
            else if ((err = corrected(c, c->size + i, false, yes)) != TXNG_OK)
                return err;
            else
                *yes = !*yes;
        }
    }
    if (*yes)
        return TXNG_OK;
    err = rec < c->size ? maybe_named_otherwise(c, rec, &other) : TXNG_OK;
    if (err == TXNG_OK && other && (err = load(c, rec, &ev, &own)) == TXNG_OK) {
        const json_t *inner = txng_index_unwrap(ev, NULL);

        /* the eventID by which EPCIS error declarations name it, unless it is one */
        if (str(inner, "eventID") != NULL && json_object_get(inner, "errorDeclaration") == NULL &&
            (eid = strdup(str(inner, "eventID"))) == NULL)
            err = TXNG_ENOMEM;
        if (err == TXNG_OK && txng_index_correction_number(ev, rec, &number, &at))
            err = import_origin(c, at, &origin);
    }
    txng_record_free(own);
    own = NULL;
    snprintf(key, sizeof key, "#%llu", (unsigned long long) number);
    if (err == TXNG_OK && (origin == NULL || *origin != '\0'))
        err = hits(c, key, strlen(key), &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n && !*yes; i++) {
        uint64_t hnum, hat;
        char    *horigin = NULL;
        bool     imported, same = true;

        if (h[i].role != TXNG_ROLE_CORRECTS || h[i].rec >= c->size)
            continue; /* the batch's were seen above */
        if ((err = load(c, h[i].rec, &ev, &own)) != TXNG_OK)
            break;
        imported = txng_index_correction_number(ev, h[i].rec, &hnum, &hat);
        if (imported && origin != NULL && hnum > number &&
            (err = import_origin(c, hat, &horigin)) == TXNG_OK)
            same = strcmp(horigin, origin) == 0;
        free(horigin);
        if (err == TXNG_OK && imported == (origin != NULL) && same &&
            (origin == NULL || hnum > number)) {
            if (!dno) {
                *yes = true;
            } else if (is_void_reason(txng_index_unwrap(ev, NULL))) {
                err  = corrected(c, h[i].rec, false, yes);
                *yes = !*yes;
            }
        }
        txng_record_free(own);
        own = NULL;
    }
    free(h);
    free(origin);
    if (err == TXNG_OK && !*yes && eid != NULL)
        err = declared_by_id(c, rec, eid, dno, yes);
    free(eid);
    return err;
}

/* Whether record @p rec is declared not to have occurred (R20: its codes may be reused). */
static txng_err
voided(struct ctx *c, uint64_t rec, bool *yes)
{
    return corrected(c, rec, true, yes);
}

/* Add @p id to @p s, keeping record @p rec with it (in the entry's time slot). */
static txng_err
kset_add_rec(struct kset *s, const char *id, size_t len, uint64_t rec)
{
    txng_err err = kset_add(s, id, len);

    if (err == TXNG_OK)
        s->t[s->n - 1] = (int64_t) rec;
    return err;
}

/*
 * Whether an earlier record or batch event created @p id, or (with @p received) received
 * it; @p *by is that record (a batch event: the index it will have).
 */
static txng_err
known(struct ctx *c, const char *id, size_t len, bool received, bool *yes, uint64_t *by)
{
    const struct kset *s = &c->made;
    struct hit        *h = NULL;
    size_t             n = 0, at = kset_find(s, id, len);
    txng_err           err;

    if (at == 0 && received)
        at = kset_find(s = &c->had, id, len);
    *yes = at != 0;
    if (*yes) {
        *by = (uint64_t) s->t[at - 1];
        return TXNG_OK;
    }
    err = hits(c, id, len, &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n && !*yes; i++) {
        bool gone = false;

        err = hit_side(c, &h[i], id, len);
        if (err == TXNG_OK && (h[i].side == TXNG_SIDE_OUT || h[i].role == TXNG_ROLE_EPC))
            err = voided(c, h[i].rec, &gone);
        if (err != TXNG_OK || gone)
            continue;
        if (h[i].side == TXNG_SIDE_OUT) {
            *yes = true;
            *by  = h[i].rec;
            err  = kset_add_rec(&c->made, id, len, h[i].rec);
        } else if (received && h[i].role == TXNG_ROLE_EPC) {
            const json_t *ev;
            txng_record  *own = NULL;

            err = load(c, h[i].rec, &ev, &own);
            if (err == TXNG_OK && step_is(txng_event_step(ev), "receive")) {
                *yes = true;
                *by  = h[i].rec;
                err  = kset_add_rec(&c->had, id, len, h[i].rec);
            }
            txng_record_free(own);
        }
    }
    free(h);
    return err;
}

/*
 * Name identifier @p id (@p len bytes) beside a refusal in @p diag: its code
 * when it is a urn:txng identifier, else the identifier.
 */
static void
name_id_only(txng_diag *diag, const char *id, size_t len)
{
    char code[TXNG_GS1_URI_MAX];
    int  kind;

    if (diag == NULL)
        return;
    if (len > 9 && strncmp(id, "urn:txng:", 9) == 0 &&
        txng_index_id_code(id, len, &kind, code, sizeof code))
        txng_diag_value(diag, TXNG_N_("identifier"), "%s", code);
    else
        txng_diag_value(diag, TXNG_N_("identifier"), "%.*s", (int) len, id);
}

/*
 * Give identifier @p id as the figure of a refusal (txng_diag_value()), as a user writes it
 * (the code of a urn:txng identifier), and record @p rec as the other record it names.
 */
static void
name_id(txng_diag *diag, const char *id, size_t len, uint64_t rec)
{
    if (diag == NULL)
        return;
    name_id_only(diag, id, len);
    diag->has_index = true;
    diag->index     = rec;
}

/* ---- the overlay -------------------------------------------------------------------------- */

/* The identifiers of the event checked last (c->evl) join the overlay as record @p rec. */
static txng_err
overlay_add(struct ctx *c, uint64_t rec)
{
    if ((c->nov + c->evl.n) * 2 > c->nheads) {
        size_t  nh = c->nheads == 0 ? 64 : c->nheads;
        size_t *h;

        while ((c->nov + c->evl.n) * 2 > nh)
            nh *= 2;
        h = calloc(nh, sizeof *h);
        if (h == NULL)
            return TXNG_ENOMEM;
        free(c->heads);
        c->heads  = h;
        c->nheads = nh;
        for (size_t i = 0; i < c->nov; i++) {
            size_t b = hash_bytes(c->ov[i].id, c->ov[i].len) & (nh - 1);

            c->ov[i].next = h[b];
            h[b]          = i + 1;
        }
    }
    for (size_t i = 0; i < c->evl.n; i++) {
        const txng_index_entry *e    = &c->evl.v[i];
        char                   *copy = NULL;
        size_t                  b;

        /* The overlay keeps identifiers borrowed from the batch's events. Keys the list
         * made belong to it, and the next event reuses it: the code keys of master data
         * (master()) and stamp keys are copied; no rule looks up "#<index>" keys, names or
         * import keys. Corrections are kept apart. */
        if (e->role == TXNG_ROLE_CORRECTS || e->role == TXNG_ROLE_NAME ||
            e->role == TXNG_ROLE_IMPORT || e->role == TXNG_ROLE_IMPORTED)
            continue;
        if (!grow(&c->ov, &c->capov, c->nov, sizeof *c->ov))
            return TXNG_ENOMEM;
        if (e->role == TXNG_ROLE_CODE || e->role == TXNG_ROLE_STAMP) {
            if ((copy = malloc(e->id_len)) == NULL)
                return TXNG_ENOMEM;
            memcpy(copy, e->id, e->id_len);
        }
        b             = hash_bytes(e->id, e->id_len) & (c->nheads - 1);
        c->ov[c->nov] = (struct oent){
            copy != NULL ? copy : e->id, copy, e->id_len, rec, e->role, e->side, c->heads[b]
        };
        c->heads[b] = ++c->nov;
    }
    return TXNG_OK;
}

/* ---- cohorts and places ------------------------------------------------------------------ */

static txng_err
add_amount(struct amount **v, size_t *n, size_t *cap, int64_t t, uint64_t amount)
{
    if (!grow(v, cap, *n, sizeof **v))
        return TXNG_ENOMEM;
    (*v)[(*n)++] = (struct amount){ t, amount };
    return TXNG_OK;
}

/* Learn from recall @p ev, record @p rec, of cohort @p k: one for destruction, change of use
 * or re-export stops what is made from the cohort (check_recalled()). */
static txng_err
cohort_recall(struct cohort *k, const json_t *ev, uint64_t rec)
{
    const char     *how = str(ev, "txng:handling"), *by = str(ev, "txng:party");
    struct crecall *r;
    int64_t         t;

    if (how == NULL || strcmp(how, "fix") == 0 || !event_time(ev, &t))
        return TXNG_OK;
    if (!grow(&k->recalls, &k->caprecalls, k->nrecalls, sizeof *k->recalls))
        return TXNG_ENOMEM;
    r  = &k->recalls[k->nrecalls];
    *r = (struct crecall){ t, rec, strdup(how), by != NULL ? strdup(by) : NULL };
    if (r->how == NULL || (by != NULL && r->party == NULL)) {
        free(r->how);
        free(r->party);
        return TXNG_ENOMEM;
    }
    k->nrecalls++;
    return TXNG_OK;
}

/* Learn from @p ev (step @p s, time @p t), record @p rec, which names place @p k as a
 * location: a planting there adds its cohorts, a harvest naming no cohort is of the plot. */
static txng_err
plot_apply(struct cohort *k, const json_t *ev, const txng_step *s, int64_t t, uint64_t rec)
{
    const json_t *outs = json_object_get(ev, "outputEPCList");

    if (k->any_rec && k->last_rec == rec)
        return TXNG_OK;
    k->any_rec  = true;
    k->last_rec = rec;
    if (step_is(s, "harvest") && json_array_size(json_object_get(ev, "inputEPCList")) == 0)
        return add_amount(&k->harvests, &k->nharvests, &k->capharvests, t,
                          uint_of(ev, "txng:roots"));
    if (!step_is(s, "plant"))
        return TXNG_OK;
    for (size_t i = 0; i < json_array_size(outs); i++) {
        const char *id  = json_string_value(json_array_get(outs, i));
        bool        dup = false;

        if (id == NULL || !is_cohort(id, strlen(id)))
            continue;
        for (size_t j = 0; j < k->nhere && !dup; j++)
            dup = strcmp(k->here[j], id) == 0;
        if (dup)
            continue;
        if (!grow(&k->here, &k->caphere, k->nhere, sizeof *k->here))
            return TXNG_ENOMEM;
        if ((k->here[k->nhere] = strdup(id)) == NULL)
            return TXNG_ENOMEM;
        k->nhere++;
    }
    return TXNG_OK;
}

/* Learn from @p ev, record @p rec, which names cohort @p k in role @p role. */
static txng_err
cohort_apply(struct cohort *k, const json_t *ev, unsigned char role, uint64_t rec)
{
    const txng_step *s = txng_event_step(ev);
    const json_t    *in = txng_index_unwrap(ev, NULL); /* a supplier's recall, imported, counts */
    int64_t          t = 0;

    if (role == TXNG_ROLE_EPC && step_is(txng_event_step(in), "recall"))
        return cohort_recall(k, in, rec);
    if (!event_time(ev, &t))
        return TXNG_OK;
    if (step_is(s, "treat")) {
        uint64_t days = uint_of(ev, "txng:preHarvestDays");

        /* VietGAP: no harvest within a treatment's pre-harvest interval */
        if (days > 0 && days <= 3650 && t + (int64_t) days * 86400 > k->phi_until) {
            k->phi_until = t + (int64_t) days * 86400;
            k->phi_rec   = rec;
        }
        return TXNG_OK;
    }
    if (role == TXNG_ROLE_LOCATION)
        return plot_apply(k, ev, s, t, rec);
    if (step_is(s, "plant") && role == TXNG_ROLE_OUTPUT && !k->planted) {
        const char *when  = str(ev, "eventTime");
        const char *place = str(json_object_get(ev, "bizLocation"), "id");

        k->planted = true;
        k->plant_t = t;
        k->plants  = uint_of(ev, "txng:plants");
        snprintf(k->plant_date, sizeof k->plant_date, "%.10s", when);
        if (place != NULL && (k->place = strdup(place)) == NULL)
            return TXNG_ENOMEM;
        return TXNG_OK;
    }
    if (step_is(s, "stand-count") && role == TXNG_ROLE_EPC)
        return add_amount(&k->counts, &k->ncounts, &k->capcounts, t, uint_of(ev, "txng:plants"));
    if (step_is(s, "harvest") && role == TXNG_ROLE_INPUT)
        return add_amount(&k->harvests, &k->nharvests, &k->capharvests, t,
                          uint_of(ev, "txng:roots"));
    return TXNG_OK;
}

static struct cohort *
cohort_find(struct ctx *c, const char *id, size_t len)
{
    for (size_t i = 0; i < c->ncohorts; i++)
        if (same(id, len, c->cohorts[i].id))
            return &c->cohorts[i];
    return NULL;
}

/* Release what cohort @p k learnt, its id aside, and zero it. */
static void
cohort_clear(struct cohort *k)
{
    char *id = k->id;

    free(k->place);
    free(k->counts);
    free(k->harvests);
    for (size_t j = 0; j < k->nrecalls; j++) {
        free(k->recalls[j].how);
        free(k->recalls[j].party);
    }
    free(k->recalls);
    for (size_t j = 0; j < k->nhere; j++)
        free(k->here[j]);
    free(k->here);
    memset(k, 0, sizeof *k);
    k->id = id;
}


/*
 * Whether record @p rec, which names a place as its location, may count for it:
 * only a treatment (its pre-harvest interval, cohort_apply()), a planting or a
 * harvest (plot_apply()) does. Told from the stored bytes, by the step the event
 * names ("txng:step", else a txng bizStep), so a busy plot's other events
 * (inspections, shipments, thousands over the years) are passed over without
 * decoding them, which every harvest of one of its cohorts would otherwise pay.
 * A record that passes may still not count (an imported record holding such an
 * event); one that fails never does. A record of the batch passes.
 */
static txng_err
may_count_at_place(struct ctx *c, uint64_t rec, bool *yes)
{
    static const char *const heads[] = { "\"txng:step\":\"", "\"bizStep\":\"" TXNG_BIZSTEP_PREFIX };
    static const char *const steps[] = { "treat\"", "plant\"", "harvest\"" };
    MDB_val                  v;
    txng_err                 err;

    *yes = true;
    if (rec >= c->size)
        return TXNG_OK;
    if ((err = raw(c, rec, &v)) != TXNG_OK)
        return err;
    *yes = false;
    for (size_t h = 0; h < sizeof heads / sizeof heads[0] && !*yes; h++) {
        const char *end = (const char *) v.mv_data + v.mv_size, *p = v.mv_data;
        size_t      n   = strlen(heads[h]);

        while (!*yes && (p = txng_record_find(p, (size_t) (end - p), heads[h])) != NULL) {
            p += n;
            for (size_t k = 0; k < sizeof steps / sizeof steps[0] && !*yes; k++)
                *yes = (size_t) (end - p) >= strlen(steps[k]) &&
                       memcmp(p, steps[k], strlen(steps[k])) == 0;
        }
    }
    return TXNG_OK;
}
/*
 * Cohort @p id as the log and the batch so far have it. Not @p full: only its
 * planting, treatments, stand counts and recalls (what names it as an output
 * or an object), not its harvests, which a big cohort has many of: enough for
 * the recall walk (check_recalled()), not for the harvest rules.
 */
static txng_err
cohort_read(struct ctx *c, const char *id, size_t len, bool full, struct cohort **out)
{
    struct cohort *k;
    struct hit    *h = NULL;
    size_t         n = 0;
    txng_err       err;

    if ((k = cohort_find(c, id, len)) != NULL && (k->full || !full)) {
        *out = k;
        return TXNG_OK;
    }
    if (k != NULL) {
        cohort_clear(k); /* read without its harvests: read it all */
    } else {
        if (!grow(&c->cohorts, &c->capcohorts, c->ncohorts, sizeof *c->cohorts))
            return TXNG_ENOMEM;
        k = &c->cohorts[c->ncohorts];
        memset(k, 0, sizeof *k);
        if ((k->id = strndup(id, len)) == NULL)
            return TXNG_ENOMEM;
        c->ncohorts++;
    }
    k->full = full;
    err     = hits(c, id, len, &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        const json_t *ev;
        txng_record  *own = NULL;
        bool          gone;

        if (!full && h[i].role != TXNG_ROLE_EPC && h[i].role != TXNG_ROLE_OUTPUT)
            continue;
        if (h[i].role == TXNG_ROLE_LOCATION) {
            bool may;

            if ((err = may_count_at_place(c, h[i].rec, &may)) != TXNG_OK || !may)
                continue;
        }
        err = voided(c, h[i].rec, &gone);
        if (err == TXNG_OK && !gone)
            err = load(c, h[i].rec, &ev, &own);
        if (err == TXNG_OK && !gone && !k->made && sided(h[i].role) &&
            (err = hit_side_of(c, &h[i], id, len, ev)) == TXNG_OK && h[i].side == TXNG_SIDE_OUT) {
            k->made    = true;
            k->made_by = h[i].rec;
        }
        if (err == TXNG_OK && !gone)
            err = cohort_apply(k, ev, h[i].role, h[i].rec);
        txng_record_free(own);
    }
    free(h);
    *out = k;
    return err;
}

/* Cohort @p id as the log and the batch so far have it, all of it. */
static txng_err
cohort_get(struct ctx *c, const char *id, size_t len, struct cohort **out)
{
    return cohort_read(c, id, len, true, out);
}

static const char *
gi_of(const json_t *place)
{
    const char *gi = str(place, "giCode");

    return gi != NULL ? gi : str(place, "txng:giCode");
}

/* Newer records first. */
static int
hit_newer(const void *a, const void *b)
{
    uint64_t x = ((const struct hit *) a)->rec, y = ((const struct hit *) b)->rec;

    return (x < y) - (x > y);
}

/* Forget the cohorts read: a batch record voided one of their records (commit()). */
static void
cohorts_forget(struct ctx *c)
{
    for (size_t i = 0; i < c->ncohorts; i++) {
        cohort_clear(&c->cohorts[i]);
        free(c->cohorts[i].id);
    }
    c->ncohorts = 0;
}

/* Forget the master records found: the batch adds one (commit()). */
static void
masters_forget(struct ctx *c)
{
    for (size_t i = 0; i < c->nmasters; i++) {
        free(c->masters[i].type);
        free(c->masters[i].id);
        json_decref(c->masters[i].event);
    }
    c->nmasters = 0;
}

/* The newest master record of @p type with id @p id, read from the log and the batch (@p *ev). */
static txng_err
master_read(struct ctx *c, txng_gs1_kind kind, const char *type, const char *id, json_t **ev)
{
    char        code[TXNG_GS1_URI_MAX], *key = NULL;
    const char *text = id;
    size_t      klen = 0, n = 0;
    struct hit *h = NULL;
    int         k;
    txng_err    err;

    *ev = NULL;
    if (txng_index_id_code(id, strlen(id), &k, code, sizeof code))
        text = code;
    err = txng_index_name_key(&key, &klen, kind, text, strlen(text));
    if (err == TXNG_EFORMAT)
        return TXNG_OK; /* not UTF-8: no record has it */
    if (err == TXNG_OK)
        err = hits(c, key, klen, &h, &n);
    free(key);
    if (err == TXNG_OK && n > 1)
        qsort(h, n, sizeof *h, hit_newer);
    for (size_t i = 0; err == TXNG_OK && i < n && *ev == NULL; i++) {
        const json_t *e;
        txng_record  *own = NULL;
        const char   *t, *eid;

        if (h[i].role != TXNG_ROLE_CODE || (err = load(c, h[i].rec, &e, &own)) != TXNG_OK)
            continue;
        t   = str(e, "type");
        eid = str(e, "id");
        if (t != NULL && strcmp(t, type) == 0 && eid != NULL && strcmp(eid, id) == 0)
            *ev = json_incref((json_t *) (uintptr_t) e);
        txng_record_free(own);
    }
    free(h);
    return err;
}

/*
 * The newest master record of @p type (of identifier kind @p kind) whose id
 * is @p id, in the log or the batch so far, found through the name key of
 * the id's code (core/index.h, role 'K') and read newest first; @p *ev is
 * NULL when there is none. Each is read once per check: @p *ev stays valid
 * until the batch adds a master record (commit()).
 */
static txng_err
master(struct ctx *c, txng_gs1_kind kind, const char *type, const char *id, const json_t **ev)
{
    struct known_master *m;
    json_t              *found = NULL;
    txng_err             err;

    *ev = NULL;
    for (size_t i = 0; i < c->nmasters; i++)
        if (strcmp(c->masters[i].type, type) == 0 && strcmp(c->masters[i].id, id) == 0) {
            *ev = c->masters[i].event;
            return TXNG_OK;
        }
    if ((err = master_read(c, kind, type, id, &found)) != TXNG_OK)
        return err;
    if (!grow(&c->masters, &c->capmasters, c->nmasters, sizeof *c->masters)) {
        json_decref(found);
        return TXNG_ENOMEM;
    }
    m        = &c->masters[c->nmasters];
    m->type  = strdup(type);
    m->id    = strdup(id);
    m->event = found;
    if (m->type == NULL || m->id == NULL) {
        free(m->type);
        free(m->id);
        json_decref(found);
        return TXNG_ENOMEM;
    }
    c->nmasters++;
    *ev = found;
    return TXNG_OK;
}

/* The GI code of place @p id from its newest master record, into @p gi (empty: none). */
static txng_err
place_gi(struct ctx *c, const char *id, char gi[GI_MAX])
{
    const json_t *ev;
    txng_err      err = master(c, TXNG_GS1_KIND_PLACE, "txng:Place", id, &ev);

    gi[0] = '\0';
    if (err == TXNG_OK && ev != NULL && gi_of(ev) != NULL)
        snprintf(gi, GI_MAX, "%s", gi_of(ev));
    return err;
}

/* ---- the rules ----------------------------------------------------------------------------- */

/* The option of @p s whose element put @p id (of role @p role) in @p ev. */
static const char *
field_of(const txng_step *s, const json_t *ev, const char *id, size_t len, unsigned char role)
{
    static const struct {
        unsigned char role;
        const char   *list, *member;
    } lists[] = {
        { TXNG_ROLE_EPC, "epcList", NULL },
        { TXNG_ROLE_EPC, "quantityList", "epcClass" },
        { TXNG_ROLE_INPUT, "inputEPCList", NULL },
        { TXNG_ROLE_INPUT, "inputQuantityList", "epcClass" },
        { TXNG_ROLE_OUTPUT, "outputEPCList", NULL },
        { TXNG_ROLE_OUTPUT, "outputQuantityList", "epcClass" },
    };
    bool          unit = is_unit_code(id, len);
    txng_gs1_code code;
    int           code_kind =
        txng_gs1_code_parse(&code, id, len, NULL) == TXNG_OK ? (int) code.kind : -1;

    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(id + i, "/21/", 4) == 0)
            unit = true;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const json_t *a = json_object_get(ev, lists[l].list), *x;
        const char   *first = NULL;
        size_t        j;
        bool          in = false;

        if (lists[l].role != role)
            continue;
        json_array_foreach(a, j, x)
        {
            if (same(id, len, lists[l].member != NULL ? str(x, lists[l].member)
                                                      : json_string_value(x)))
                in = true;
        }
        if (!in)
            continue;
        /* the option for a urn:txng code's own kind (--cohort) before the first (--id) */
        for (size_t k = 0; k < s->n_kdes; k++) {
            const txng_kde *d = &s->kdes[k];

            if (d->key == NULL || strcmp(d->key, lists[l].list) != 0)
                continue;
            if (strcmp(lists[l].list, "epcList") == 0 &&
                (d->type == TXNG_KDE_SERIALS) != unit)
                continue;
            if (first == NULL)
                first = d->option;
            if (code_kind >= 0 && d->kind == code_kind)
                return d->option;
        }
        if (first != NULL)
            return first;
    }
    return NULL;
}

/*
 * A receipt at time @p t of @p e, which a record of this log made (a unit packed
 * here coming back, a lot the grower harvested reaching the cooperative), is not
 * before that record: a date typed wrong would show goods arriving before they
 * existed. What no record here made (bought in) is not held.
 */
static txng_err
check_received_after(struct ctx *c, const txng_index_entry *e, int64_t t, txng_diag *diag)
{
    const json_t *mev;
    txng_record  *own = NULL;
    uint64_t      by  = 0;
    int64_t       made;
    bool          yes;
    txng_err      err = known(c, e->id, e->id_len, false, &yes, &by);

    if (err != TXNG_OK || !yes || (err = load(c, by, &mev, &own)) != TXNG_OK)
        return err;
    if (event_time(mev, &made) && t < made) {
        char when[32];

        err = refuse(diag, c->pos, TXNG_N_("received before the record that made it: check --time"),
                     "time");
        txng_time_format(when, made);
        txng_diag_value(diag, TXNG_N_("made at"), "%s", when);
        if (diag != NULL) {
            diag->has_index = true;
            diag->index     = by;
        }
    }
    txng_record_free(own);
    return err;
}

/* The destination of type @p type ("owning_party", "location") of event @p ev, or NULL. */
static const char *
destination(const json_t *ev, const char *type)
{
    const json_t *x;
    size_t        i;

    json_array_foreach(json_object_get(ev, "destinationList"), i, x)
    {
        const char *t = str(x, "type");

        if (t != NULL &&
            (strcmp(t, type) == 0 ||
             (strlen(t) > strlen(type) && strcmp(t + strlen(t) - strlen(type), type) == 0 &&
              t[strlen(t) - strlen(type) - 1] == '-')))
            return str(x, "destination");
    }
    return NULL;
}

/*
 * Whether a recall by party @p by (NULL: none named) with handling @p how (change-use,
 * re-export or destroy) stops step @p s of event @p ev; @p *why is then the refusal.
 *
 * - sell and pack: always: no retail sale, no new retail units, of what is recalled.
 * - transform and wash-grade: for destroy and re-export; a change of use may need the goods
 *   processed (what it makes stays unsold, as it is made from the recalled goods).
 * - ship: unless the shipment carries the recall out: to the party the recall names
 *   (--party, the recalling party: back to the maker), or with --purpose return, or with
 *   --purpose the recall's handling (to a destruction site, abroad, to its new use).
 */
static bool
recall_stops(const char *by, const char *how, const json_t *ev, const txng_step *s,
             const char **why)
{
    if (step_is(s, "sell")) {
        *why = TXNG_N_("recalled for destruction, change of use or re-export: it may not be "
                       "sold; if the recall was recorded in error, declare it void first (correct "
                       "--reason did-not-occur)");
        return true;
    }
    if (step_is(s, "pack")) {
        *why = TXNG_N_("recalled for destruction, change of use or re-export: it may not be "
                       "packed; if the recall was recorded in error, declare it void first "
                       "(correct --reason did-not-occur)");
        return true;
    }
    if (step_is(s, "transform") || step_is(s, "wash-grade")) {
        *why = TXNG_N_("recalled for destruction or re-export: it may not be processed; if the "
                       "recall was recorded in error, declare it void first (correct --reason "
                       "did-not-occur)");
        return strcmp(how, "change-use") != 0;
    }
    if (step_is(s, "ship")) {
        const char *purpose = str(ev, "txng:shipPurpose"), *to = destination(ev, "owning_party");

        *why = TXNG_N_("recalled for destruction, change of use or re-export: ship it only to "
                       "the recalling party (recall --party) or with --purpose return or the "
                       "recall's handling; if the recall was recorded in error, declare it void "
                       "first (correct --reason did-not-occur)");
        if (purpose != NULL && (strcmp(purpose, "return") == 0 || strcmp(purpose, how) == 0))
            return false;
        return !(to != NULL && by != NULL && strcmp(to, by) == 0);
    }
    return false;
}

/* Whether step @p s moves or makes something from what it uses: it must be held here. */
static bool
takes_custody(const txng_step *s)
{
    return step_is(s, "sell") || step_is(s, "ship") || step_is(s, "pack") ||
           step_is(s, "transform") || step_is(s, "wash-grade");
}

/* Whether record @p rec is later than record @p other (by event time, then by index). */
static bool
later(int64_t t, uint64_t rec, int64_t other_t, uint64_t other)
{
    return t > other_t || (t == other_t && rec > other);
}

/* Forget the summaries of the identifiers of the event checked last (the next one begins). */
static void
usums_forget(struct ctx *c)
{
    for (size_t i = 0; i < c->nsums; i++) {
        struct usum *u = &c->sums[i];

        for (size_t j = 0; j < u->nup; j++)
            free(u->up[j].id);
        free(u->up);
        free(u->recs);
        free(u->sold);
        free(u->back);
    }
    c->nsums = 0;
    kset_free(&c->sumk);
}

static txng_err
sale_add(struct sale **v, size_t *n, size_t *cap, int64_t t, uint64_t rec, bool imported)
{
    if (!grow(v, cap, *n, sizeof **v))
        return TXNG_ENOMEM;
    (*v)[(*n)++] = (struct sale){ t, rec, imported };
    return TXNG_OK;
}

/* Learn from record @p rec (its event @p hev, side @p side, role @p role) what @p u says. */
static txng_err
usum_apply(struct ctx *c, struct usum *u, const json_t *ev, const txng_step *s, int64_t t,
           uint64_t rec, const json_t *hev, unsigned char role, unsigned char side)
{
    const char      *type    = str(hev, "type");
    bool             foreign = type != NULL && strcmp(type, "txng:Imported") == 0;
    const json_t    *in      = txng_index_unwrap(hev, NULL); /* a supplier's record counts */
    const txng_step *hs      = txng_event_step(in);
    const char      *how = str(in, "txng:handling"), *why = NULL;
    int64_t          when;
    bool             timed = event_time(in, &when);
    txng_err         err   = TXNG_OK;

    /* custody (check_held()): made here, or imported and then received and not sent on */
    if (foreign)
        u->imported = u->imported || side == TXNG_SIDE_OUT;
    else if (side == TXNG_SIDE_OUT)
        u->here = true;
    else if (timed && when <= t) {
        if (step_is(hs, "receive") &&
            (u->got == UINT64_MAX || later(when, rec, u->got_t, u->got))) {
            u->got_t = when;
            u->got   = rec;
        } else if (step_is(hs, "ship") &&
                   (u->sent == UINT64_MAX || later(when, rec, u->sent_t, u->sent))) {
            u->sent_t = when;
            u->sent   = rec;
        }
    }
    /* sales and returns (check_sell()), here or in a log imported */
    if (role == TXNG_ROLE_EPC && timed && step_is(hs, "sell"))
        err = sale_add(&u->sold, &u->nsold, &u->capsold, when, rec, foreign);
    else if (role == TXNG_ROLE_EPC && timed && step_is(hs, "receive"))
        err = sale_add(&u->back, &u->nback, &u->capback, when, rec, foreign);
    if (err != TXNG_OK)
        return err;
    /* recalls, and where the recall walk goes on (check_recalled()) */
    if (role == TXNG_ROLE_EPC && step_is(hs, "recall") && how != NULL && strcmp(how, "fix") != 0 &&
        timed && when <= t && recall_stops(str(in, "txng:party"), how, ev, s, &why)) {
        if (u->recall_why == NULL) {
            u->recall_why = why;
            u->recall     = rec;
        }
    } else if (side == TXNG_SIDE_OUT) {
        err = txng_index_extract(&c->list, in);
        for (size_t j = 0; err == TXNG_OK && j < c->list.n; j++) {
            if (c->list.v[j].side != TXNG_SIDE_IN)
                continue;
            if (!grow(&u->up, &u->capup, u->nup, sizeof *u->up))
                return TXNG_ENOMEM;
            u->up[u->nup].rec = rec;
            if ((u->up[u->nup].id = strndup(c->list.v[j].id, c->list.v[j].id_len)) == NULL)
                return TXNG_ENOMEM;
            u->nup++;
        }
    }
    return err;
}

/* The time of record event @p hev, side @p side, when it created or received what it names. */
static bool
usum_since(const json_t *hev, unsigned char side, int64_t *when)
{
    return (side == TXNG_SIDE_OUT || step_is(txng_event_step(hev), "receive")) &&
           event_time(hev, when);
}

/*
 * The summary of identifier @p id of event @p ev (step @p s, time @p t): its
 * records, in the log and the batch so far, each read once for the rules that
 * ask. Valid until the next usum_get().
 */
static txng_err
usum_get(struct ctx *c, const char *id, size_t len, const json_t *ev, const txng_step *s, int64_t t,
         struct usum **out)
{
    struct usum *u;
    struct hit  *h = NULL;
    size_t       n = 0, at = kset_find(&c->sumk, id, len);
    txng_err     err;

    if (at != 0) {
        *out = &c->sums[c->sumk.t[at - 1]];
        return TXNG_OK;
    }
    if (!grow(&c->sums, &c->capsums, c->nsums, sizeof *c->sums) ||
        kset_add(&c->sumk, id, len) != TXNG_OK)
        return TXNG_ENOMEM;
    c->sumk.t[c->sumk.n - 1] = (int64_t) c->nsums;
    u                        = &c->sums[c->nsums++];
    memset(u, 0, sizeof *u);
    u->got = u->sent = UINT64_MAX;
    *out             = u;
    err              = hits(c, id, len, &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        const json_t *hev;
        txng_record  *own = NULL;
        int64_t       when;
        bool          gone = false;

        if (!sided(h[i].role) ||
            (h[i].side != SIDE_UNKNOWN && h[i].side != TXNG_SIDE_OUT && h[i].role != TXNG_ROLE_EPC))
            continue;
        if ((err = load(c, h[i].rec, &hev, &own)) == TXNG_OK &&
            (err = hit_side_of(c, &h[i], id, len, hev)) == TXNG_OK &&
            (h[i].side == TXNG_SIDE_OUT || h[i].role == TXNG_ROLE_EPC)) {
            if (!grow(&u->recs, &u->caprecs, u->nrecs, sizeof *u->recs))
                err = TXNG_ENOMEM;
            else
                u->recs[u->nrecs++] = h[i].rec;
            if (err == TXNG_OK && (err = voided(c, h[i].rec, &gone)) == TXNG_OK && !gone)
                err = usum_apply(c, u, ev, s, t, h[i].rec, hev, h[i].role, h[i].side);
            if (err == TXNG_OK && !gone && usum_since(hev, h[i].side, &when) &&
                (!u->since_found || when < u->since_t)) {
                u->since_found = true;
                u->since_t     = when;
            }
        }
        txng_record_free(own);
    }
    free(h);
    return err;
}

/*
 * The earliest time @p id was created or received (by a record not voided),
 * in @p *t; @p *found false when none says (usum_get(), of the event checked,
 * time @p now). Kept in c->since for the rest of the call: a batch of
 * treatments of one cohort reads its planting once.
 */
static txng_err
since(struct ctx *c, const char *id, size_t len, int64_t now, int64_t *t, bool *found)
{
    struct usum *u;
    size_t       at = kset_find(&c->since, id, len);
    txng_err     err;

    *t     = 0;
    *found = at != 0;
    if (*found) {
        *t = c->since.t[at - 1];
        return TXNG_OK;
    }
    err = usum_get(c, id, len, c->ev[c->pos], txng_event_step(c->ev[c->pos]), now, &u);
    if (err != TXNG_OK || !u->since_found)
        return err;
    *t     = u->since_t;
    *found = true;
    if ((err = kset_add(&c->since, id, len)) == TXNG_OK)
        c->since.t[c->since.n - 1] = *t;
    return err;
}

/* An event at time @p t that uses @p e is not before @p e was created or received. */
static txng_err
check_since(struct ctx *c, const txng_index_entry *e, int64_t t, txng_diag *diag)
{
    int64_t  t0;
    bool     found;
    txng_err err = since(c, e->id, e->id_len, t, &t0, &found);

    if (err != TXNG_OK || !found || t >= t0)
        return err;
    err = refuse(diag, c->pos,
                 is_cohort(e->id, e->id_len)
                     ? TXNG_N_("event is before the planting of its cohort: check --time")
                 : txng_index_is_class(e->id, e->id_len)
                     ? TXNG_N_("event is before the record that created or received its input "
                               "lot: check --time")
                     : TXNG_N_("event is before the record that created or received its input: "
                               "check --time"),
                 "time");
    if (diag != NULL) {
        char when[32];

        txng_time_format(when, t0);
        txng_diag_value(diag, TXNG_N_("there since"), "%s", when);
    }
    return err;
}

/*
 * One step back, one step forward: a log holds what a record of its own made,
 * or what it received. What only an imported record (txng:Imported, a
 * supplier's history) made is held once a receive of this log, at or before
 * the event, brought it in, and (a unit; lots move in parts) no ship of this
 * log after that receive sent it on. @p *why is the refusal, or NULL when
 * @p id (of event @p ev, step @p s, time @p t) is held.
 */
static txng_err
check_held(struct ctx *c, const json_t *ev, const txng_step *s, const char *id, size_t len,
           int64_t t, const char **why)
{
    struct usum *u;
    txng_err     err = usum_get(c, id, len, ev, s, t, &u);

    *why = NULL;
    if (err != TXNG_OK || u->here || !u->imported)
        return err;
    if (u->got == UINT64_MAX)
        *why = TXNG_N_("only a record imported from another log made it, and this log has not "
                       "received it: receive it first");
    else if (u->sent != UINT64_MAX && later(u->sent_t, u->sent, u->got_t, u->got) &&
             !txng_index_is_class(id, len)) /* a lot is shipped in parts */
        *why = TXNG_N_("this log shipped it on after it received it: receive it first");
    return TXNG_OK;
}

/*
 * Inputs must exist, and be there at the event's time; outputs must be new. What an
 * inspection names need not exist; when it does, it must be there at the inspection's time.
 */
static txng_err
check_ids(struct ctx *c, const json_t *ev, const txng_step *s, txng_diag *diag)
{
    const txng_index_list *l      = &c->evl; /* listed from ev by the caller */
    const char            *action = str(ev, "action");
    bool observe = action != NULL && (strcmp(action, "OBSERVE") == 0 || strcmp(action, "DELETE") == 0);
    txng_err               err    = TXNG_OK;
    int64_t                t      = 0;
    bool                   has_t  = event_time(ev, &t);
    bool                   seen   = step_is(s, "inspect"); /* may name what nothing made */

    for (size_t i = 0; err == TXNG_OK && i < l->n; i++) {
        const txng_index_entry *e = &l->v[i];
        const char             *field;
        bool                    used, yes;
        uint64_t                by;

        used = e->side == TXNG_SIDE_IN || (e->role == TXNG_ROLE_EPC && observe);
        if (step_is(s, "receive") || step_is(s, "plant") ||
            (step_is(s, "harvest") && e->role == TXNG_ROLE_INPUT))
            used = false; /* brought in; a nursery's lot; the cohort has its own rule */
        if (used) {
            err = known(c, e->id, e->id_len, true, &yes, &by);
            if (err == TXNG_OK && yes && has_t)
                err = check_since(c, e, t, diag);
            field = field_of(s, ev, e->id, e->id_len, e->role);
            if (err == TXNG_OK && yes && has_t && takes_custody(s)) {
                const char *why;

                err = check_held(c, ev, s, e->id, e->id_len, t, &why);
                if (err == TXNG_OK && why != NULL) {
                    err = refuse(diag, c->pos, why, field);
                    name_id_only(diag, e->id, e->id_len);
                }
            }
            if (err == TXNG_OK && !yes && is_unit_code(e->id, e->id_len) && field != NULL &&
                strcmp(field, "serials") == 0) {
                err = refuse(diag, c->pos,
                             TXNG_N_("no unit of this log has this serial without a GTIN: give "
                                     "--gtin with --serials"),
                             field);
                name_id_only(diag, e->id, e->id_len);
            }
            if (err == TXNG_OK && !yes && !seen) {
                err = refuse(diag, c->pos,
                             is_cohort(e->id, e->id_len)
                                 ? TXNG_N_("nothing in this log planted this cohort: record "
                                           "plant for it first")
                             : txng_index_is_class(e->id, e->id_len)
                                 ? TXNG_N_("nothing in this log created or received this lot: "
                                           "record the harvest or receive it first")
                                 : TXNG_N_("nothing in this log created or received this "
                                           "identifier: record the step that made it, or "
                                           "receive it first"),
                             field);
                name_id_only(diag, e->id, e->id_len);
            }
        } else if (step_is(s, "receive") && has_t) {
            err = check_received_after(c, e, t, diag);
        } else if (e->side == TXNG_SIDE_OUT) {
            err = known(c, e->id, e->id_len, false, &yes, &by);
            if (err == TXNG_OK && yes) {
                err = refuse(diag, c->pos,
                             TXNG_N_("already created: a code is created once, give a new one"),
                             field_of(s, ev, e->id, e->id_len, e->role));
                name_id(diag, e->id, e->id_len, by);
            }
        }
    }
    return err;
}

/*
 * A unit is sold once: a sale of a unit that a sale not voided sold before is refused,
 * unless a receive of the unit (its return) lies between the two by event time. Sales and
 * receives imported from another log (a supplier's or a distributor's bundle) count as
 * this log's do. Lots are sold in parts, and are not checked.
 */
static txng_err
check_sell(struct ctx *c, const json_t *ev, const txng_step *s, txng_diag *diag)
{
    const json_t *x;
    size_t        i;
    int64_t       t;
    txng_err      err = TXNG_OK;

    if (!event_time(ev, &t))
        return TXNG_OK;
    json_array_foreach(json_object_get(ev, "epcList"), i, x)
    {
        const char  *id  = json_string_value(x);
        size_t       len = id != NULL ? strlen(id) : 0;
        struct usum *u;

        if (id == NULL || txng_index_is_class(id, len) || is_cohort(id, len))
            continue;
        if ((err = usum_get(c, id, len, ev, s, t, &u)) != TXNG_OK)
            return err;
        for (size_t j = 0; j < u->nsold; j++) {
            const struct sale *sold = &u->sold[j];
            int64_t            lo = sold->t < t ? sold->t : t, hi = sold->t < t ? t : sold->t;
            bool               returned = false;

            for (size_t k = 0; k < u->nback && !returned; k++)
                returned = u->back[k].t > lo && u->back[k].t <= hi;
            if (returned)
                continue;
            err = refuse(diag, c->pos,
                         sold->imported
                             ? TXNG_N_("this unit is already sold, by a record imported from "
                                       "another log: record its return (receive) before it is "
                                       "sold again")
                             : TXNG_N_("this unit is already sold: record its return (receive) "
                                       "before it is sold again"),
                         field_of(s, ev, id, len, TXNG_ROLE_EPC));
            name_id(diag, id, len, sold->rec);
            return err;
        }
    }
    return err;
}

/* Whole years from date @p from to date @p to (YYYY-MM-DD, as written). */
static int
whole_years(const char *from, const char *to)
{
    int y1, m1, d1, y2, m2, d2;

    if (sscanf(from, "%4d-%2d-%2d", &y1, &m1, &d1) != 3 ||
        sscanf(to, "%4d-%2d-%2d", &y2, &m2, &d2) != 3)
        return 0;
    return y2 - y1 - (m2 < m1 || (m2 == m1 && d2 < d1));
}

/*
 * A stand count counts live plants: at most those planted less the roots
 * harvested from the cohort until it was counted (each root is a plant).
 */
static txng_err
check_stand_count(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const char    *cohort = json_string_value(json_array_get(json_object_get(ev, "epcList"), 0));
    uint64_t       plants = uint_of(ev, "txng:plants");
    struct cohort *k      = NULL;
    int64_t        t      = 0, left;
    txng_err       err;

    if (cohort == NULL || !event_time(ev, &t))
        return TXNG_OK;
    if ((err = cohort_get(c, cohort, strlen(cohort), &k)) != TXNG_OK || !k->planted)
        return err; /* an unplanted cohort was refused by check_ids() */
    left = (int64_t) k->plants;
    for (size_t i = 0; i < k->nharvests; i++)
        if (k->harvests[i].t <= t)
            left -= (int64_t) k->harvests[i].n;
    if ((int64_t) plants > left)
        return refuse_count(diag, c->pos,
                            TXNG_N_("more live plants than the cohort's planted count less the "
                                    "roots harvested from it: check --plants"),
                            "plants", TXNG_N_("plants left"), left);
    return TXNG_OK;
}

/* ---- GI certificates and stamps (R38, R39) ------------------------------------------------ */

/* @p text, a decimal "49.5", in units of 1/10,000: false unless 0-100 with at most 4 decimals. */
static bool
percent_e4(const char *text, uint64_t *out)
{
    uint64_t v        = 0;
    int      decimals = -1;

    if (text == NULL || *text == '\0')
        return false;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '.' && decimals < 0 && p != text && p[1] != '\0') {
            decimals = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || decimals >= 4 || v > 100 * 10000)
            return false;
        v = v * 10 + (uint64_t) (*p - '0');
        if (decimals >= 0)
            decimals++;
    }
    for (int d = decimals < 0 ? 0 : decimals; d < 4; d++)
        v *= 10;
    *out = v;
    return v <= 100 * 10000;
}

/* The records of the log and the batch so far that name GI stamp @p serial, voided ones left
 * out; @p *out is malloc'd (free()). */
static txng_err
stamp_hits(struct ctx *c, const char *serial, struct hit **out, size_t *n)
{
    char     key[TXNG_GS1_VALUE_MAX + 2];
    size_t   len = strlen(serial), kept = 0;
    txng_err err;

    key[0] = TXNG_INDEX_STAMP_TAG;
    memcpy(key + 1, serial, len);
    err = hits(c, key, len + 1, out, n);
    for (size_t i = 0; err == TXNG_OK && i < *n; i++) {
        bool gone;

        if ((*out)[i].role != TXNG_ROLE_STAMP)
            continue;
        if ((err = voided(c, (*out)[i].rec, &gone)) == TXNG_OK && !gone)
            (*out)[kept++] = (*out)[i];
    }
    *n = kept;
    return err;
}

/* The GI stamps of @p ev ("txng:giStamps"): *@p count of them from @p first, 0 when none. */
static void
stamps_of(const json_t *ev, char first[TXNG_GS1_VALUE_MAX + 1], size_t *count)
{
    char last[TXNG_GS1_VALUE_MAX + 1];

    *count = 0;
    if (str(ev, "txng:giStamps") == NULL ||
        txng_serials_parse(str(ev, "txng:giStamps"), first, last, count, NULL) != TXNG_OK ||
        *count > TXNG_EVENT_SERIALS_MAX)
        *count = 0; /* txng_event_rules_check() refuses it */
}

/*
 * A harvest allocates its GI stamps: no more than its roots, and none that
 * an earlier record allocated or used.
 */
static txng_err
check_stamps_allocated(struct ctx *c, const json_t *ev, uint64_t roots, txng_diag *diag)
{
    char        serial[TXNG_GS1_VALUE_MAX + 1];
    size_t      count, n = 0;
    struct hit *h   = NULL;
    txng_err    err = TXNG_OK;

    stamps_of(ev, serial, &count);
    if (count > roots)
        return refuse_count(diag, c->pos,
                            TXNG_N_("more GI stamps than roots harvested: check --stamps"),
                            "stamps", TXNG_N_("roots harvested"), (int64_t) roots);
    for (size_t i = 0; i < count && err == TXNG_OK; i++, txng_serials_next(serial)) {
        free(h);
        h = NULL;
        if ((err = stamp_hits(c, serial, &h, &n)) == TXNG_OK && n > 0) {
            err = refuse(diag, c->pos,
                         TXNG_N_("GI stamp already allocated by an earlier record: a stamp is "
                                 "allocated once, check --stamps"),
                         "stamps");
            txng_diag_value(diag, TXNG_N_("stamp"), "%s", serial);
            if (diag != NULL) {
                diag->has_index = true;
                diag->index     = h[0].rec;
            }
        }
    }
    free(h);
    return err;
}

/*
 * The roots of the harvests of the log and the batch so far that name GI
 * certificate @p id, voided ones left out: counted once per check, then kept
 * up to date by commit() (and counted again after a batch voids a record).
 */
static txng_err
cert_roots(struct ctx *c, const char *id, int64_t *roots)
{
    struct certsum *k;
    struct hit     *h = NULL;
    size_t          n = 0;
    txng_err        err;

    for (size_t i = 0; i < c->ncerts; i++)
        if (strcmp(c->certs[i].id, id) == 0) {
            *roots = c->certs[i].roots;
            return TXNG_OK;
        }
    *roots = 0;
    err    = hits(c, id, strlen(id), &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        const json_t *ev;
        txng_record  *own = NULL;
        bool          gone;

        if (h[i].role != TXNG_ROLE_CERT)
            continue;
        err = voided(c, h[i].rec, &gone);
        if (err == TXNG_OK && !gone)
            err = load(c, h[i].rec, &ev, &own);
        if (err == TXNG_OK && !gone) {
            ev = txng_index_unwrap(ev, NULL); /* a harvest imported from another log counts */
            if (step_is(txng_event_step(ev), "harvest"))
                *roots += (int64_t) uint_of(ev, "txng:roots");
        }
        txng_record_free(own);
    }
    free(h);
    if (err != TXNG_OK)
        return err;
    if (!grow(&c->certs, &c->capcerts, c->ncerts, sizeof *c->certs))
        return TXNG_ENOMEM;
    k = &c->certs[c->ncerts];
    if ((k->id = strdup(id)) == NULL)
        return TXNG_ENOMEM;
    k->roots = *roots;
    c->ncerts++;
    return TXNG_OK;
}

/* Forget the certificates' sums (a batch record voided an earlier one). */
static void
certs_forget(struct ctx *c)
{
    for (size_t i = 0; i < c->ncerts; i++)
        free(c->certs[i].id);
    c->ncerts = 0;
}

/* The refusals of a key data element the event lacks that the log's state requires
 * (txng_rules_missing()). */
static const char *const missing_plot_gi =
    TXNG_N_("the plot has a GI code: give --gi-code with the plot's code");
static const char *const missing_cert_gi =
    TXNG_N_("the GI certificate names a GI code: give --gi-code with the certificate's code");

bool
txng_rules_missing(const txng_diag *diag)
{
    return diag != NULL && (diag->reason == missing_plot_gi || diag->reason == missing_cert_gi);
}

/*
 * A harvest under a GI certificate (certificationInfo): the certificate is in
 * the log, of kind gi, valid on the harvest's date; the harvest gives its GI
 * code, roots of its minimum age, no more roots than the certified number
 * leaves after the earlier harvests under it, and, from a cohort with @p left
 * plants, no more than the permitted harvest intensity of them.
 */
static txng_err
check_certificate(struct ctx *c, const json_t *ev, int64_t left, txng_diag *diag)
{
    /* the validity window: refused when strcmp(date, bound) has the sign given */
    static const struct {
        const char *member, *reason, *name;
        int         sign;
    } bounds[] = {
        { "validFrom",
          TXNG_N_("harvest is before its GI certificate is valid: check --time or "
                  "--gi-certificate"),
          TXNG_N_("valid from"), -1 },
        { "validUntil",
          TXNG_N_("harvest is after its GI certificate expired: check --time or "
                  "--gi-certificate"),
          TXNG_N_("valid until"), 1 },
    };
    const char   *id = str(ev, "certificationInfo"), *gi = str(ev, "txng:giCode");
    const char   *when = str(ev, "eventTime"), *code, *kind;
    const json_t *cert;
    uint64_t      roots = uint_of(ev, "txng:roots"), age = uint_of(ev, "txng:age");
    uint64_t      pct;
    char          date[11];
    txng_err      err;

    if (id == NULL || when == NULL)
        return TXNG_OK;
    if ((err = master(c, TXNG_GS1_KIND_CERTIFICATE, "txng:Certificate", id, &cert)) != TXNG_OK)
        return err;
    if (cert == NULL)
        return refuse(diag, c->pos,
                      TXNG_N_("no such certificate in this log: add it with txng certificate add "
                              "first"),
                      "gi-certificate");
    kind = str(cert, "kind");
    if (kind == NULL || strcmp(kind, "gi") != 0)
        return refuse(diag, c->pos, TXNG_N_("not a GI certificate: give a certificate of kind gi"),
                      "gi-certificate");
    snprintf(date, sizeof date, "%.10s", when); /* the date where the harvest was */
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        const char *bound = str(cert, bounds[i].member);
        int         cmp   = bound != NULL ? strcmp(date, bound) : 0;

        if ((cmp > 0) - (cmp < 0) == bounds[i].sign) {
            err = refuse(diag, c->pos, bounds[i].reason, "time");
            txng_diag_value(diag, bounds[i].name, "%s", bound);
            return err;
        }
    }
    code = gi_of(cert);
    if (code != NULL && (gi == NULL || strcmp(gi, code) != 0)) {
        err = refuse(diag, c->pos,
                     gi == NULL ? missing_cert_gi
                                : TXNG_N_("differs from the GI code of the GI certificate: give "
                                          "the certificate's GI code"),
                     "gi-code");
        txng_diag_value(diag, TXNG_N_("certificate's GI code"), "%s", code);
        return err;
    }
    if (json_is_integer(json_object_get(cert, "minAge")) && age < uint_of(cert, "minAge"))
        return refuse_count(diag, c->pos,
                            TXNG_N_("root age is below the GI certificate's minimum age: check "
                                    "--age"),
                            "age", TXNG_N_("minimum age"), (int64_t) uint_of(cert, "minAge"));
    if (json_is_integer(json_object_get(cert, "certifiedRoots"))) {
        int64_t taken = 0, rest;

        if ((err = cert_roots(c, id, &taken)) != TXNG_OK)
            return err;
        rest = (int64_t) uint_of(cert, "certifiedRoots") - taken;
        if ((int64_t) roots > rest)
            return refuse_count(diag, c->pos,
                                TXNG_N_("more roots than the GI certificate's certified number "
                                        "leaves: check --roots"),
                                "roots", TXNG_N_("certified roots left"), rest);
    }
    if (left >= 0 && percent_e4(str(cert, "harvestIntensity"), &pct)) {
        int64_t most = (int64_t) ((uint64_t) left * pct / (100 * 10000));

        if ((int64_t) roots > most)
            return refuse_count(diag, c->pos,
                                TXNG_N_("more roots than the GI certificate's harvest intensity "
                                        "allows of the cohort's plants: check --roots"),
                                "roots", TXNG_N_("most roots at this intensity"), most);
    }
    return TXNG_OK;
}

/*
 * Roots cohort @p k has left at time @p t: its last stand count not after @p t
 * (@p *base, or NULL when none), else its planted count, less its harvests
 * since then.
 */
static int64_t
cohort_left(const struct cohort *k, int64_t t, const struct amount **base)
{
    int64_t left;

    *base = NULL;
    for (size_t i = 0; i < k->ncounts; i++)
        if (k->counts[i].t <= t && (*base == NULL || k->counts[i].t >= (*base)->t))
            *base = &k->counts[i];
    left = *base != NULL ? (int64_t) (*base)->n : (int64_t) k->plants;
    for (size_t i = 0; i < k->nharvests; i++)
        if (*base == NULL || k->harvests[i].t >= (*base)->t)
            left -= (int64_t) k->harvests[i].n;
    return left;
}

/* What a plot holds at a time: the cohorts planted there, taken together (plot_sum()). */
struct plot {
    size_t   cohorts;   /* cohorts planted at it */
    int64_t  plant_t;   /* the earliest planting */
    int64_t  left;      /* roots left: of its cohorts, less the harvests of the plot */
    int64_t  oldest;    /* the oldest possible root age, of the earliest planting */
    int64_t  phi_until; /* no harvest before: of a treatment at it or of one of its cohorts */
    uint64_t phi_rec;
    size_t   plot_harvests; /* harvests that name the plot and no cohort */
};

/*
 * The cohorts planted at place @p place (a planting names it as its location,
 * and it is where the cohort was first planted), at the time @p t of harvest
 * @p ev; those planted after @p t count only for the earliest planting. A
 * harvest of the plot names no cohort, so it may have drawn on any of them:
 * it counts against the plot unless every cohort has a stand count at or
 * after it, which would have seen it.
 */
static txng_err
plot_sum(struct ctx *c, const char *place, const json_t *ev, int64_t t, struct plot *p)
{
    struct cohort *k;
    size_t         at;
    int64_t        since = INT64_MAX; /* the earliest base of a cohort's roots left */
    txng_err       err;

    *p = (struct plot){ .plant_t = INT64_MAX, .oldest = -1 };
    if ((err = cohort_get(c, place, strlen(place), &k)) != TXNG_OK)
        return err;
    at           = (size_t) (k - c->cohorts); /* cohort_get() below may move the array */
    p->phi_until = k->phi_until;
    p->phi_rec   = k->phi_rec;
    for (size_t j = 0; j < c->cohorts[at].nhere; j++) {
        const char          *id = c->cohorts[at].here[j]; /* owned by the place: stays put */
        const struct amount *base;
        int64_t              most;

        if ((err = cohort_get(c, id, strlen(id), &k)) != TXNG_OK)
            return err;
        if (!k->planted || k->place == NULL || strcmp(k->place, place) != 0)
            continue; /* its planting voided, or first planted elsewhere */
        p->cohorts++;
        if (k->plant_t < p->plant_t)
            p->plant_t = k->plant_t;
        if (k->plant_t > t)
            continue; /* planted after the harvest: nothing of it was harvested */
        if (k->phi_until > p->phi_until) {
            p->phi_until = k->phi_until;
            p->phi_rec   = k->phi_rec;
        }
        p->left += cohort_left(k, t, &base);
        if (base == NULL)
            since = INT64_MIN;
        else if (base->t < since)
            since = base->t;
        most =
            (int64_t) whole_years(k->plant_date, str(ev, "eventTime")) + TXNG_RULES_NURSERY_YEARS;
        if (most > p->oldest)
            p->oldest = most;
    }
    k                = &c->cohorts[at];
    p->plot_harvests = k->nharvests;
    for (size_t i = 0; i < k->nharvests; i++)
        if (k->harvests[i].t >= since)
            p->left -= (int64_t) k->harvests[i].n;
    return TXNG_OK;
}

/* Refuse a harvest within the pre-harvest interval ending at @p until, set by record @p rec. */
static txng_err
refuse_phi(txng_diag *diag, size_t pos, const char *reason, int64_t until, uint64_t rec)
{
    char     when[32];
    txng_err err = refuse(diag, pos, reason, "time");

    txng_time_format(when, until);
    txng_diag_value(diag, TXNG_N_("interval ends"), "%s", when);
    if (diag != NULL) { /* the treatment, named beside the figure as other rules do */
        diag->has_index = true;
        diag->index     = rec;
    }
    return err;
}

/* Refuse a harvest of more roots than the cohorts planted at its plot have @p left. */
static txng_err
refuse_plot_roots(const struct ctx *c, int64_t left, txng_diag *diag)
{
    return refuse_count(diag, c->pos,
                        TXNG_N_("more roots than the cohorts planted at the plot leave: check "
                                "--roots, or record a stand count"),
                        "roots", TXNG_N_("roots left"), left);
}

/* The cohort's roots left, and the plot's when harvests of the plot drew on it too. */
static txng_err
check_cohort_harvest(struct ctx *c, const json_t *ev, struct cohort *k, int64_t t, int64_t *left,
                     txng_diag *diag)
{
    const struct amount *base;
    uint64_t             roots = uint_of(ev, "txng:roots"), age = uint_of(ev, "txng:age");
    int64_t              most;
    struct plot          p;
    txng_err             err;

    if (!k->planted)
        return refuse(diag, c->pos,
                      TXNG_N_("nothing in this log planted this cohort: record plant for it "
                              "first"),
                      "cohort");
    if (t < k->plant_t)
        return refuse(diag, c->pos,
                      TXNG_N_("harvest is before the planting of its cohort: check --time"),
                      "time");
    if (t < k->phi_until)
        return refuse_phi(diag, c->pos,
                          TXNG_N_("harvest within the pre-harvest interval of a treatment of its "
                                  "cohort: harvest after the interval ends"),
                          k->phi_until, k->phi_rec);
    *left = cohort_left(k, t, &base);
    if ((int64_t) roots > *left)
        return refuse_count(diag, c->pos,
                            base != NULL
                                ? TXNG_N_("more roots than the cohort's last stand count "
                                          "leaves: check --roots")
                                : TXNG_N_("more roots than the cohort's planted count leaves: "
                                          "check --roots, or record a stand count"),
                            "roots", TXNG_N_("roots left"), *left);
    most = (int64_t) whole_years(k->plant_date, str(ev, "eventTime")) + TXNG_RULES_NURSERY_YEARS;
    if (most < 0 || age > (uint64_t) most)
        return refuse_count(diag, c->pos,
                            TXNG_N_("root age is more than the years since planting plus 3 "
                                    "nursery years: check --age"),
                            "age", TXNG_N_("oldest possible age"), most);
    if (k->place == NULL)
        return TXNG_OK;
    {
        char *place = strdup(k->place); /* plot_sum() may move k */

        if (place == NULL)
            return TXNG_ENOMEM;
        err = plot_sum(c, place, ev, t, &p);
        free(place);
    }
    if (err != TXNG_OK || p.plot_harvests == 0)
        return err;
    if ((int64_t) roots > p.left)
        return refuse_plot_roots(c, p.left, diag);
    return TXNG_OK;
}

/* A harvest of plot @p place, which names no cohort: it draws on the cohorts planted there. */
static txng_err
check_plot_harvest(struct ctx *c, const json_t *ev, const char *place, int64_t t, int64_t *left,
                   txng_diag *diag)
{
    uint64_t    roots = uint_of(ev, "txng:roots"), age = uint_of(ev, "txng:age");
    struct plot p;
    txng_err    err;

    if ((err = plot_sum(c, place, ev, t, &p)) != TXNG_OK)
        return err;
    if (p.cohorts == 0)
        return refuse(diag, c->pos,
                      TXNG_N_("nothing in this log was planted at this plot: record plant there "
                              "first, or give --cohort CODE"),
                      "plot");
    if (t < p.plant_t)
        return refuse(diag, c->pos,
                      TXNG_N_("harvest is before the first planting at its plot: check --time"),
                      "time");
    if (t < p.phi_until)
        return refuse_phi(diag, c->pos,
                          TXNG_N_("harvest within the pre-harvest interval of a treatment at its "
                                  "plot: harvest after the interval ends"),
                          p.phi_until, p.phi_rec);
    *left = p.left;
    if ((int64_t) roots > p.left)
        return refuse_plot_roots(c, p.left, diag);
    if (p.oldest < 0 || age > (uint64_t) p.oldest)
        return refuse_count(diag, c->pos,
                            TXNG_N_("root age is more than the years since the first planting at "
                                    "the plot plus 3 nursery years: check --age"),
                            "age", TXNG_N_("oldest possible age"), p.oldest);
    return TXNG_OK;
}

static txng_err
check_harvest(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const json_t  *in     = json_array_get(json_object_get(ev, "inputEPCList"), 0);
    const char    *cohort = json_string_value(in);
    const char    *place  = str(json_object_get(ev, "bizLocation"), "id");
    const char    *gi                 = str(ev, "txng:giCode");
    char           place_code[GI_MAX] = "", *own_place = NULL;
    uint64_t       roots  = uint_of(ev, "txng:roots"), age = uint_of(ev, "txng:age");
    struct cohort *k      = NULL;
    int64_t        t = 0, left = -1;
    txng_err       err;

    if (!event_time(ev, &t))
        return TXNG_OK; /* txng_event_rules_check() refuses it */
    if (cohort != NULL) {
        if ((err = cohort_get(c, cohort, strlen(cohort), &k)) != TXNG_OK)
            return err;
        if (place == NULL && k->place != NULL && (place = own_place = strdup(k->place)) == NULL)
            return TXNG_ENOMEM;
        err = check_cohort_harvest(c, ev, k, t, &left, diag);
    } else if (place != NULL) {
        err = check_plot_harvest(c, ev, place, t, &left, diag);
    } else {
        err = TXNG_OK; /* txng_event_rules_check() refuses it */
    }
    if (err == TXNG_OK && place != NULL)
        err = place_gi(c, place, place_code);
    free(own_place);
    if (err != TXNG_OK)
        return err;
    if (place_code[0] != '\0' && (gi == NULL || strcmp(gi, place_code) != 0)) {
        err = refuse(diag, c->pos,
                     gi == NULL
                         ? missing_plot_gi
                         : TXNG_N_("differs from the GI code of the plot: give the plot's GI code"),
                     "gi-code");
        txng_diag_value(diag, TXNG_N_("GI code of the plot"), "%s", place_code);
        return err;
    }
    if (gi != NULL && age < TXNG_RULES_GI_MIN_AGE)
        return refuse(diag, c->pos,
                      TXNG_N_("a GI harvest needs roots at least 6 years old: check --age"),
                      "age");
    if ((err = check_certificate(c, ev, left, diag)) != TXNG_OK)
        return err;
    return check_stamps_allocated(c, ev, roots, diag);
}

struct walk {
    char  **ids;
    size_t  n, cap;
    uint64_t *recs;
    size_t    nrecs, caprecs;
};

static txng_err
walk_push(struct walk *w, const char *id, size_t len)
{
    for (size_t i = 0; i < w->n; i++)
        if (same(id, len, w->ids[i]))
            return TXNG_OK;
    if (!grow(&w->ids, &w->cap, w->n, sizeof *w->ids))
        return TXNG_ENOMEM;
    if ((w->ids[w->n] = strndup(id, len)) == NULL)
        return TXNG_ENOMEM;
    w->n++;
    return TXNG_OK;
}

static bool
walk_seen(struct walk *w, uint64_t rec)
{
    for (size_t i = 0; i < w->nrecs; i++)
        if (w->recs[i] == rec)
            return true;
    return false;
}

/* Go on upstream of event @p ev: queue what it takes in (its input side). */
static txng_err
walk_inputs(struct ctx *c, struct walk *w, const json_t *ev)
{
    txng_err err = txng_index_extract(&c->list, ev);

    for (size_t j = 0; err == TXNG_OK && j < c->list.n; j++)
        if (c->list.v[j].side == TXNG_SIDE_IN)
            err = walk_push(w, c->list.v[j].id, c->list.v[j].id_len);
    return err;
}

static void
walk_free(struct walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->ids[i]);
    free(w->ids);
    free(w->recs);
}

/*
 * Roots of the harvests upstream of @p lot (@p *found: any harvest met); the
 * harvest records themselves in @p *harv (malloc'd, free()), @p *nharv of them.
 */
static txng_err
upstream_roots(struct ctx *c, const char *lot, uint64_t *roots, bool *found, uint64_t **harv,
               size_t *nharv)
{
    size_t caph = 0;

    struct walk w = { 0 };
    struct hit *h = NULL;
    size_t      n = 0;
    txng_err    err;

    *roots = 0;
    *found = false;
    *harv  = NULL;
    *nharv = 0;
    err    = walk_push(&w, lot, strlen(lot));
    for (size_t q = 0; err == TXNG_OK && q < w.n; q++) {
        const char *id = w.ids[q];

        if (q >= WALK_MAX) {
            *found = false; /* too far to tell: the check is not made */
            break;
        }
        free(h);
        h   = NULL;
        err = hits(c, id, strlen(id), &h, &n);
        for (size_t i = 0; err == TXNG_OK && i < n; i++) {
            const json_t *ev;
            txng_record  *own = NULL;

            if ((err = hit_side(c, &h[i], id, strlen(id))) != TXNG_OK)
                break;
            if (h[i].side != TXNG_SIDE_OUT || walk_seen(&w, h[i].rec))
                continue;
            if (!grow(&w.recs, &w.caprecs, w.nrecs, sizeof *w.recs)) {
                err = TXNG_ENOMEM;
                break;
            }
            w.recs[w.nrecs++] = h[i].rec;
            if ((err = load(c, h[i].rec, &ev, &own)) != TXNG_OK)
                break;
            ev = txng_index_unwrap(ev,
                                   NULL); /* a harvest imported from the grower's own log counts */
            if (step_is(txng_event_step(ev), "harvest")) {
                *roots += uint_of(ev, "txng:roots");
                *found = true;
                if (grow(harv, &caph, *nharv, sizeof **harv))
                    (*harv)[(*nharv)++] = h[i].rec;
                else
                    err = TXNG_ENOMEM;
            } else {
                err = walk_inputs(c, &w, ev);
            }
            txng_record_free(own);
        }
    }
    free(h);
    walk_free(&w);
    return err;
}

/*
 * Whether a recall of identifier @p id (not a cohort) stops event @p ev (step @p s, time
 * @p t): @p *why the refusal and @p *by the recall. Else the walk goes on upstream of
 * @p id: to the inputs of the records that made it, those it has not met yet.
 */
static txng_err
recalled_id(struct ctx *c, struct walk *w, const char *id, const json_t *ev, const txng_step *s,
            int64_t t, const char **why, uint64_t *by)
{
    struct usum *u;
    uint64_t    *fresh  = NULL;
    size_t       nfresh = 0, capfresh = 0;
    txng_err     err = usum_get(c, id, strlen(id), ev, s, t, &u);

    if (err != TXNG_OK)
        return err;
    if (u->recall_why != NULL) {
        *why = u->recall_why;
        *by  = u->recall;
        return TXNG_OK;
    }
    for (size_t j = 0; j < u->nrecs; j++) {
        if (walk_seen(w, u->recs[j]))
            continue;
        if (!grow(&w->recs, &w->caprecs, w->nrecs, sizeof *w->recs) ||
            !grow(&fresh, &capfresh, nfresh, sizeof *fresh)) {
            free(fresh);
            return TXNG_ENOMEM;
        }
        w->recs[w->nrecs++] = u->recs[j];
        fresh[nfresh++]     = u->recs[j];
    }
    for (size_t j = 0; err == TXNG_OK && j < u->nup; j++)
        for (size_t k = 0; k < nfresh; k++)
            if (fresh[k] == u->up[j].rec) {
                err = walk_push(w, u->up[j].id, strlen(u->up[j].id));
                break;
            }
    free(fresh);
    return err;
}

/*
 * As recalled_id(), of cohort @p id: its recalls are kept with the cohort
 * (cohort_read(), once per call, without its harvests), and the walk goes on
 * from its planting only, not from the treatments and stand counts that name
 * it too.
 */
static txng_err
recalled_cohort(struct ctx *c, struct walk *w, const char *id, const json_t *ev, const txng_step *s,
                int64_t t, const char **why, uint64_t *by)
{
    struct cohort *k;
    const json_t  *pev;
    txng_record   *own = NULL;
    txng_err       err = cohort_read(c, id, strlen(id), false, &k);

    for (size_t i = 0; err == TXNG_OK && i < k->nrecalls; i++)
        if (k->recalls[i].t <= t &&
            recall_stops(k->recalls[i].party, k->recalls[i].how, ev, s, why)) {
            *by = k->recalls[i].rec;
            return TXNG_OK;
        }
    *why = NULL;
    if (err != TXNG_OK || !k->made || walk_seen(w, k->made_by))
        return err;
    if (!grow(&w->recs, &w->caprecs, w->nrecs, sizeof *w->recs))
        return TXNG_ENOMEM;
    w->recs[w->nrecs++] = k->made_by;
    if ((err = load(c, k->made_by, &pev, &own)) == TXNG_OK)
        err = walk_inputs(c, w, txng_index_unwrap(pev, NULL));
    txng_record_free(own);
    return err;
}

/*
 * A product recalled for destruction, change of use or re-export is not sold,
 * packed, processed or shipped but as the recall says (recall_stops()): an event
 * (@p ev, step @p s) using an identifier that a recall not declared void, dated
 * not after the event, names with one of those --handling values, or anything
 * made from such an identifier (its lot, the lot that lot was graded or dried
 * from, the cohort the harvest lot came from, its seedling lot, ...), is
 * refused. A hold (no --handling) and a recall to fix the product stop
 * nothing: txng records no end of a hold or a fix.
 *
 * The walk goes upstream through the inputs of the records that made each
 * identifier, and reads the records naming a lot or unit to find recalls
 * (usum_get(): the identifiers of the event itself were read for the other
 * rules already). A cohort's recalls are kept with the cohort; of its records
 * the walk follows only its planting, which leads on to the seedling lots.
 */
static txng_err
check_recalled(struct ctx *c, const json_t *ev, const txng_step *s, txng_diag *diag)
{
    static const char *const lists[][2] = { { "epcList", "quantityList" },
                                            { "inputEPCList", "inputQuantityList" } };
    const json_t            *x;
    const char              *first = NULL;
    struct walk              w     = { 0 };
    size_t                   i;
    int                      in = step_is(s, "sell") || step_is(s, "ship") ? 0 : 1;
    int64_t                  t;
    txng_err                 err = TXNG_OK;

    if (!event_time(ev, &t))
        return TXNG_OK;
    json_array_foreach(json_object_get(ev, lists[in][0]), i, x)
    {
        if (json_is_string(x) &&
            (err = walk_push(&w, json_string_value(x), strlen(json_string_value(x)))) != TXNG_OK)
            break;
        first = first != NULL ? first : json_string_value(x);
    }
    json_array_foreach(json_object_get(ev, lists[in][1]), i, x)
    {
        const char *lot = str(x, "epcClass");

        if (err == TXNG_OK && lot != NULL && (err = walk_push(&w, lot, strlen(lot))) == TXNG_OK)
            first = first != NULL ? first : lot;
    }
    for (size_t q = 0; err == TXNG_OK && q < w.n && q < WALK_MAX; q++) {
        const char *id = w.ids[q], *why = NULL;
        uint64_t    by = 0;

        err = is_cohort(id, strlen(id)) ? recalled_cohort(c, &w, id, ev, s, t, &why, &by)
                                        : recalled_id(c, &w, id, ev, s, t, &why, &by);
        if (err == TXNG_OK && why != NULL) {
            err = refuse(diag, c->pos, why,
                         first != NULL ? field_of(s, ev, first, strlen(first),
                                                  in ? TXNG_ROLE_INPUT : TXNG_ROLE_EPC)
                                       : "serials");
            name_id(diag, id, strlen(id), by);
        }
    }
    walk_free(&w);
    return err;
}

/*
 * A pack uses GI stamps once each; when harvests are found upstream of its
 * lot (@p harv), each stamp was allocated by one of them.
 */
static txng_err
check_stamps_used(struct ctx *c, const json_t *ev, const uint64_t *harv, size_t nharv, bool found,
                  txng_diag *diag)
{
    char        serial[TXNG_GS1_VALUE_MAX + 1];
    size_t      count, n = 0;
    struct hit *h   = NULL;
    txng_err    err = TXNG_OK;

    stamps_of(ev, serial, &count);
    for (size_t i = 0; i < count && err == TXNG_OK; i++, txng_serials_next(serial)) {
        const char *why       = NULL;
        bool        allocated = false;
        uint64_t    by        = UINT64_MAX;

        free(h);
        h = NULL;
        if ((err = stamp_hits(c, serial, &h, &n)) != TXNG_OK)
            break;
        for (size_t j = 0; j < n && err == TXNG_OK && why == NULL; j++) {
            const json_t *hev;
            txng_record  *own = NULL;
            bool          upstream = false;

            for (size_t k = 0; k < nharv && !upstream; k++)
                upstream = harv[k] == h[j].rec;
            allocated = allocated || upstream;
            if (upstream)
                continue; /* a harvest: the walk read it */
            if ((err = load(c, h[j].rec, &hev, &own)) != TXNG_OK)
                break;
            if (!step_is(txng_event_step(txng_index_unwrap(hev, NULL)), "harvest")) {
                why = TXNG_N_("GI stamp already used by an earlier record: a stamp is used "
                              "once, check --stamps");
                by  = h[j].rec;
            }
            txng_record_free(own);
        }
        if (err == TXNG_OK && why == NULL && found && !allocated)
            why = n > 0 ? TXNG_N_("GI stamp allocated by a harvest that is not upstream of this "
                                  "lot: check --stamps")
                        : TXNG_N_("GI stamp not allocated by any harvest in this log: record it "
                                  "with harvest --stamps, or check --stamps");
        if (err == TXNG_OK && why != NULL) {
            err = refuse(diag, c->pos, why, "stamps");
            txng_diag_value(diag, TXNG_N_("stamp"), "%s", serial);
            if (diag != NULL && by != UINT64_MAX) {
                diag->has_index = true;
                diag->index     = by;
            }
        }
    }
    free(h);
    return err;
}

static txng_err
check_pack(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const json_t *in  = json_array_get(json_object_get(ev, "inputQuantityList"), 0);
    const char   *lot = str(in, "epcClass");
    uint64_t      units = json_array_size(json_object_get(ev, "outputEPCList")), roots = 0;
    uint64_t     *harv  = NULL;
    size_t        nharv = 0;
    struct hit   *h     = NULL;
    size_t        n     = 0;
    bool          found = false;
    txng_err      err;

    if (lot == NULL)
        lot = json_string_value(json_array_get(json_object_get(ev, "inputEPCList"), 0));
    if (lot == NULL)
        return TXNG_OK;
    err = upstream_roots(c, lot, &roots, &found, &harv, &nharv);
    if (err == TXNG_OK)
        err = check_stamps_used(c, ev, harv, nharv, found, diag);
    free(harv);
    if (err != TXNG_OK || !found)
        return err;
    err = hits(c, lot, strlen(lot), &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        const json_t *pev;
        txng_record  *own = NULL;
        bool          gone;

        if (h[i].role != TXNG_ROLE_INPUT)
            continue;
        if ((err = voided(c, h[i].rec, &gone)) != TXNG_OK || gone)
            continue; /* a pack that did not occur made no units */
        err = load(c, h[i].rec, &pev, &own);
        if (err == TXNG_OK && step_is(txng_event_step(pev), "pack"))
            units += json_array_size(json_object_get(pev, "outputEPCList"));
        txng_record_free(own);
    }
    free(h);
    if (err == TXNG_OK && units > roots)
        err = refuse_count(diag, c->pos,
                           TXNG_N_("more units than roots harvested upstream of the lot (GI "
                                   "stamp reconciliation): check --serials"),
                           "serials", TXNG_N_("roots harvested"), (int64_t) roots);
    return err;
}

/* Add to @p *ug the masses of the elements of quantity list @p list (in @p ev) of lot @p lot. */
static bool
lot_mass(const json_t *ev, const char *list, const char *lot, int64_t *ug)
{
    const json_t *a = json_object_get(ev, list), *x;
    size_t        i;
    bool          any = false;

    json_array_foreach(a, i, x)
    {
        int64_t m;

        if (str(x, "epcClass") != NULL && strcmp(str(x, "epcClass"), lot) == 0 &&
            txng_quantity_micrograms(x, &m) && !__builtin_add_overflow(*ug, m, ug))
            any = true;
    }
    return any;
}

/* Whether step @p st takes a lot in by mass: washing and grading, processing, packing. */
static bool
takes_lot(const txng_step *st)
{
    return step_is(st, "wash-grade") || step_is(st, "transform") || step_is(st, "pack");
}

/*
 * A step that takes a lot in (takes_lot()) takes no more of it than the
 * records made of it, by mass (its harvest's weight, a transformation's
 * output), less what earlier such steps took: each event is balanced on its
 * own (txng_event_rules_check()), and this holds the lot across events. A lot
 * that no record of this log made counts what its receipts give instead; a
 * receipt of a lot made here (the cooperative receiving its grower's harvest,
 * a return) moves it and adds nothing. A lot whose mass no record gives is
 * not held. @p field is the option refused: "in", or "weight" for a pack.
 */
static txng_err
check_lot_balance(struct ctx *c, const json_t *ev, const char *field, txng_diag *diag)
{
    const json_t *in = json_object_get(ev, "inputQuantityList"), *x;
    size_t        i;
    txng_err      err = TXNG_OK;

    json_array_foreach(in, i, x)
    {
        const char *lot  = str(x, "epcClass");
        int64_t     need = 0, made = 0, got = 0, used = 0;
        bool        known = false, came = false;
        struct hit *h     = NULL;
        size_t      n     = 0;

        if (lot == NULL || !txng_quantity_micrograms(x, &need))
            continue;
        /* the same lot twice in this event: counted once, with all it takes */
        for (size_t j = 0; j < i && lot != NULL; j++) {
            const char *o = str(json_array_get(in, j), "epcClass");

            if (o != NULL && strcmp(o, lot) == 0)
                lot = NULL;
        }
        if (lot == NULL)
            continue;
        need = 0;
        (void) lot_mass(ev, "inputQuantityList", lot, &need);
        err = hits(c, lot, strlen(lot), &h, &n);
        for (size_t k = 0; err == TXNG_OK && k < n; k++) {
            const json_t    *pev;
            const txng_step *st;
            txng_record     *own = NULL;
            bool             gone;

            if ((err = voided(c, h[k].rec, &gone)) != TXNG_OK || gone)
                continue;
            if ((err = load(c, h[k].rec, &pev, &own)) != TXNG_OK)
                break;
            st = txng_event_step(pev);
            if (h[k].role == TXNG_ROLE_OUTPUT)
                known |= lot_mass(pev, "outputQuantityList", lot, &made);
            else if (h[k].role == TXNG_ROLE_EPC && step_is(st, "receive"))
                came |= lot_mass(pev, "quantityList", lot, &got);
            else if (h[k].role == TXNG_ROLE_INPUT && takes_lot(st))
                (void) lot_mass(pev, "inputQuantityList", lot, &used);
            txng_record_free(own);
        }
        free(h);
        if (err != TXNG_OK)
            return err;
        if (!known) {
            known = came;
            made  = got;
        }
        if (known && used + need > made) {
            char    left[48];
            int64_t rest = made - used > 0 ? made - used : 0;

            err = refuse(diag, c->pos,
                         strcmp(field, "weight") == 0
                             ? TXNG_N_("more of the lot than was made or received of it, less "
                                       "what earlier steps took: check --weight")
                             : TXNG_N_("more of the lot than was made or received of it, less "
                                       "what earlier transformations took: check --in"),
                         field);
            snprintf(left, sizeof left, "%" PRId64 ".%03" PRId64 " kg", rest / 1000000000,
                     rest / 1000000 % 1000);
            txng_diag_value(diag, TXNG_N_("left of the lot"), "%s", left);
            return err;
        }
    }
    return TXNG_OK;
}

/*
 * Why record @p ev cannot be corrected, or NULL: the records the log interprets
 * (keys, imports; the genesis is record 0), master data (a newer record with the same code
 * replaces it) and claims. A correction may itself be corrected (that undoes it).
 */
static const char *
not_correctable(const json_t *ev)
{
    const char      *type = str(ev, "type");
    const txng_step *s    = txng_event_step(ev);

    if (type != NULL &&
        (strcmp(type, TXNG_TYPE_KEY_ENROL) == 0 || strcmp(type, TXNG_TYPE_KEY_REVOKE) == 0))
        return TXNG_N_("a key enrolment or revocation cannot be corrected: revoke a key with "
                       "txng key revoke");
    if (type != NULL &&
        (strcmp(type, TXNG_TYPE_IMPORT) == 0 || strcmp(type, TXNG_TYPE_IMPORTED) == 0))
        return TXNG_N_("an imported record cannot be corrected here: correct it in the log it "
                       "comes from, then import again");
    if (s != NULL && s->master && !step_is(s, "correct"))
        return TXNG_N_("master data is not corrected: add it again with the same code; the "
                       "newest record counts");
    if (step_is(s, "claim-codes") || step_is(s, "claim"))
        return TXNG_N_("claim codes and claims cannot be corrected: register new claim codes "
                       "for an unclaimed unit instead");
    return NULL;
}

/* Whether key @p ref signed record @p rec (@p own: the record read, NULL for a batch event). */
static bool
signed_by(const struct ctx *c, uint64_t rec, const txng_record *own, const char *ref)
{
    const json_t *x;
    size_t        i;

    if (own == NULL)
        return rec >= c->size && strcmp(c->signer[rec - c->size], ref) == 0;
    json_array_foreach(own->signatures, i, x)
    {
        const char *k = json_string_value(json_object_get(x, "key"));

        if (k != NULL && strcmp(k, ref) == 0)
            return true;
    }
    return false;
}

/*
 * A record declared not to have occurred frees what it made or brought in (R20):
 * refused while a later record, not void itself and not master data, names any of
 * it (its outputs, a receipt's objects, its GI stamps), so that codes already
 * shipped, sold or processed are not created again. The earliest such record is
 * named.
 */
static txng_err
check_void(struct ctx *c, uint64_t rec, const json_t *target, txng_diag *diag)
{
    txng_index_list l       = { 0 };
    bool            receive = step_is(txng_event_step(target), "receive");
    uint64_t        first   = UINT64_MAX;
    size_t          which   = 0;
    txng_err        err     = txng_index_extract(&l, target);

    for (size_t i = 0; err == TXNG_OK && i < l.n; i++) {
        const txng_index_entry *e = &l.v[i];
        struct hit             *h = NULL;
        size_t                  n = 0;

        if (e->side != TXNG_SIDE_OUT && e->role != TXNG_ROLE_STAMP &&
            !(receive && e->role == TXNG_ROLE_EPC))
            continue;
        err = hits(c, e->id, e->id_len, &h, &n);
        for (size_t j = 0; err == TXNG_OK && j < n; j++) {
            const json_t    *ev;
            txng_record     *own = NULL;
            const txng_step *s;
            bool             gone;

            if (h[j].rec <= rec || h[j].rec >= first || h[j].role == TXNG_ROLE_CORRECTS ||
                (e->role == TXNG_ROLE_STAMP) != (h[j].role == TXNG_ROLE_STAMP))
                continue;
            if ((err = voided(c, h[j].rec, &gone)) != TXNG_OK || gone)
                continue;
            if ((err = load(c, h[j].rec, &ev, &own)) != TXNG_OK)
                break;
            s = txng_event_step(ev);
            if (s == NULL || !s->master) {
                first = h[j].rec;
                which = i;
            }
            txng_record_free(own);
        }
        free(h);
    }
    if (err == TXNG_OK && first != UINT64_MAX) {
        const txng_index_entry *e = &l.v[which];

        err = refuse(diag, c->pos,
                     TXNG_N_("a later record uses what this record made: correct that record "
                             "first"),
                     "corrects");
        if (e->role == TXNG_ROLE_STAMP) {
            txng_diag_value(diag, TXNG_N_("stamp"), "%.*s", (int) e->id_len - 1, e->id + 1);
            if (diag != NULL) {
                diag->has_index = true;
                diag->index     = first;
            }
        } else {
            name_id(diag, e->id, e->id_len, first);
        }
    }
    txng_index_list_free(&l);
    return err;
}

/*
 * The record a correction of record @p rec names as its replacement (txng:replacedBy, the
 * event recorded in place of the corrected one; docs/format.md §8.4): an event of the chain
 * recorded after @p rec and before the correction, neither a correction nor declared not to
 * have occurred. A correction that undoes a correction (@p target) names none.
 */
static txng_err
check_replacement(struct ctx *c, const json_t *ev, uint64_t rec, const json_t *target,
                  txng_diag *diag)
{
    const json_t    *v   = json_object_get(ev, "txng:replacedBy");
    const json_t    *by  = NULL;
    txng_record     *own = NULL;
    const txng_step *s;
    json_int_t       m;
    bool             gone = false;
    txng_err         err;

    if (v == NULL)
        return TXNG_OK;
    if (step_is(txng_event_step(target), "correct"))
        return refuse(diag, c->pos,
                      TXNG_N_("a correction that undoes a correction replaces nothing: leave out "
                              "--by"),
                      "by");
    m = json_integer_value(v);
    if (!json_is_integer(v) || m < 1 || (uint64_t) m >= c->size + c->pos)
        return refuse(diag, c->pos,
                      TXNG_N_("no such record to name as the replacement: record the event that "
                              "replaces it first, then give its index"),
                      "by");
    if ((uint64_t) m <= rec)
        return refuse(diag, c->pos,
                      TXNG_N_("the replacement is recorded after the record it replaces: give "
                              "the index of a record later than --corrects"),
                      "by");
    if ((err = load(c, (uint64_t) m, &by, &own)) != TXNG_OK)
        return err;
    s = txng_event_step(by);
    if (step_is(s, "correct"))
        err = refuse(diag, c->pos,
                     TXNG_N_("the replacement is itself a correction: give the index of the "
                             "event recorded in place of the corrected one"),
                     "by");
    else if (not_correctable(by) != NULL)
        err = refuse(diag, c->pos,
                     TXNG_N_("the replacement is no event of the chain (a key, an import, master "
                             "data or a claim record): give the index of the event recorded in "
                             "place of the corrected one"),
                     "by");
    else if ((err = voided(c, (uint64_t) m, &gone)) == TXNG_OK && gone)
        err = refuse(diag, c->pos,
                     TXNG_N_("the replacement is declared not to have occurred: give the index "
                             "of an event that did"),
                     "by");
    if (err == TXNG_EFORMAT && diag != NULL) {
        diag->has_index = true;
        diag->index     = (uint64_t) m;
    }
    txng_record_free(own);
    return err;
}

static txng_err
check_correct(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const json_t *v = json_object_get(ev, "txng:corrects");
    const json_t *target = NULL;
    const char   *why;
    txng_record  *own = NULL;
    struct hit   *h   = NULL;
    size_t        n   = 0;
    char          key[24];
    json_int_t    rec;
    bool          done = false;
    txng_err      err;

    if (!json_is_integer(v))
        return TXNG_OK; /* an eventID: not checked */
    rec = json_integer_value(v);
    if (rec == 0)
        return refuse(diag, c->pos,
                      TXNG_N_("the genesis (record 0) cannot be corrected: give the index of a "
                              "later record"),
                      "corrects");
    if (rec < 1 || (uint64_t) rec >= c->size + c->pos)
        return refuse(diag, c->pos,
                      TXNG_N_("no such record to correct: give the index of an earlier record"),
                      "corrects");
    done = batch_corrects(c, (uint64_t) rec);
    snprintf(key, sizeof key, "#%lld", (long long) rec);
    err = done ? TXNG_OK : hits(c, key, strlen(key), &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n && !done; i++) {
        bool imported = false;

        if (h[i].role == TXNG_ROLE_CORRECTS &&
            (err = imported_record(c, h[i].rec, &imported)) == TXNG_OK && !imported)
            done = true;
    }
    free(h);
    h = NULL;
    if (err == TXNG_OK)
        err = load(c, (uint64_t) rec, &target, &own);
    if (err == TXNG_OK && !done && str(target, "eventID") != NULL) {
        const char *id = str(target, "eventID");

        err = hits(c, id, strlen(id), &h, &n);
        for (size_t i = 0; err == TXNG_OK && i < n; i++)
            if (h[i].role == TXNG_ROLE_CORRECTS && h[i].rec != (uint64_t) rec)
                done = true;
    }
    free(h);
    if (err == TXNG_OK && done)
        err = refuse(diag, c->pos,
                     TXNG_N_("the record is already corrected: correct the correcting record "
                             "instead"),
                     "corrects");
    if (err == TXNG_OK && (why = not_correctable(target)) != NULL)
        err = refuse(diag, c->pos, why, "corrects");
    if (err == TXNG_OK)
        err = check_replacement(c, ev, (uint64_t) rec, target, diag);
    /* Who may declare a record wrong: a key that signed it, the log key, an admin key. */
    if (err == TXNG_OK && c->signer[c->pos][0] != '\0' && !c->privileged[c->pos] &&
        !signed_by(c, (uint64_t) rec, own, c->signer[c->pos]))
        err = refuse(diag, c->pos,
                     TXNG_N_("a record is corrected by a key that signed it, the log key or an "
                             "admin key"),
                     "as");
    if (err == TXNG_OK && is_void_reason(ev))
        err = check_void(c, (uint64_t) rec, target, diag);
    txng_record_free(own);
    return err;
}

/* ---- claim codes (core/claim.h) ---------------------------------------------------------- */

/* What the log and the batch say about unit @p id: claimed, and its newest stored hash. */
static txng_err
claim_state(struct ctx *c, const char *id, bool *claimed, char *stored)
{
    struct hit *h = NULL;
    size_t      n = 0;
    txng_err    err;

    *claimed  = false;
    stored[0] = '\0';
    err       = hits(c, id, strlen(id), &h, &n);
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        const json_t    *ev;
        const txng_step *s;
        txng_record     *own = NULL;

        if (h[i].role != TXNG_ROLE_EPC)
            continue;
        if ((err = load(c, h[i].rec, &ev, &own)) != TXNG_OK)
            break;
        s = txng_event_step(ev);
        if (step_is(s, "claim")) {
            const char *r = str(ev, "txng:claimResult");

            *claimed |= r != NULL && strcmp(r, "claimed") == 0;
        } else if (step_is(s, "claim-codes")) {
            const json_t *x;
            size_t        j;

            json_array_foreach(json_object_get(ev, "epcList"), j, x)
            {
                const char *v = json_string_value(
                    json_array_get(json_object_get(ev, "txng:claimHashes"), j));

                if (same(id, strlen(id), json_string_value(x)) && v != NULL &&
                    strlen(v) == TXNG_CLAIM_STORED_LEN)
                    memcpy(stored, v, TXNG_CLAIM_STORED_LEN + 1);
            }
        }
        txng_record_free(own);
    }
    free(h);
    return err;
}

/*
 * Whether a pack record of the log or the batch made unit @p id. The pack
 * records met are remembered in @p packs (@p *n of them, at most @p cap), so
 * the codes of a thousand units of one pack read that pack once.
 */
static txng_err
packed_here(struct ctx *c, const char *id, uint64_t *packs, size_t *n, size_t cap, bool *yes)
{
    struct hit *h = NULL;
    size_t      nh = 0;
    txng_err    err;

    *yes = false;
    err  = hits(c, id, strlen(id), &h, &nh);
    for (size_t i = 0; err == TXNG_OK && i < nh && !*yes; i++) {
        const json_t *ev;
        txng_record  *own = NULL;

        if (h[i].role != TXNG_ROLE_OUTPUT)
            continue;
        for (size_t j = 0; j < *n && !*yes; j++)
            *yes = packs[j] == h[i].rec;
        if (*yes)
            break;
        if ((err = load(c, h[i].rec, &ev, &own)) != TXNG_OK)
            break;
        if (step_is(txng_event_step(ev), "pack")) {
            *yes = true;
            if (*n < cap)
                packs[(*n)++] = h[i].rec;
        }
        txng_record_free(own);
    }
    free(h);
    return err;
}

static bool
b64url(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
            return false;
    return true;
}

/* The key ref of the first signature in @p sigs (a "signatures" array) into @p out, or "". */
static void
first_signer(const json_t *sigs, char out[TXNG_KEYREF_MAX])
{
    const char *k = json_string_value(json_object_get(json_array_get(sigs, 0), "key"));

    snprintf(out, TXNG_KEYREF_MAX, "%s", k != NULL ? k : "");
}

/*
 * Whether every pack record that made unit @p id was signed by @p ref. A
 * record of the batch is signed by the key c->signer names for it.
 */
static txng_err
packed_by(struct ctx *c, const char *id, const char *ref, bool *yes)
{
    struct hit *h  = NULL;
    size_t      nh = 0;
    txng_err    err;

    *yes = true;
    err  = hits(c, id, strlen(id), &h, &nh);
    for (size_t i = 0; err == TXNG_OK && i < nh && *yes; i++) {
        const json_t *ev;
        txng_record  *own = NULL;
        char          by[TXNG_KEYREF_MAX];

        if (h[i].role != TXNG_ROLE_OUTPUT)
            continue;
        if ((err = load(c, h[i].rec, &ev, &own)) != TXNG_OK)
            break;
        if (step_is(txng_event_step(ev), "pack")) {
            if (own != NULL)
                first_signer(own->signatures, by);
            else
                memcpy(by, c->signer[h[i].rec - c->size], sizeof by);
            *yes = strcmp(by, ref) == 0;
        }
        txng_record_free(own);
    }
    free(h);
    return err;
}

static txng_err
check_claim_codes(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const json_t *ids = json_object_get(ev, "epcList"), *hs = json_object_get(ev, "txng:claimHashes");
    const json_t *x;
    size_t        i;
    char          stored[TXNG_CLAIM_STORED_LEN + 1];
    uint64_t      packs[16];
    size_t        npacks = 0;
    bool          claimed;
    txng_err      err;

    if (json_array_size(ids) != json_array_size(hs) || json_array_size(ids) > TXNG_CLAIM_MAX_UNITS)
        return refuse(diag, c->pos, TXNG_N_("give one hash per unit, in the order of the units"),
                      "hash");
    json_array_foreach(hs, i, x)
    {
        const char *v = json_string_value(x);

        if (v == NULL || strlen(v) != TXNG_CLAIM_STORED_LEN || !b64url(v, strlen(v)))
            return refuse(diag, c->pos,
                          TXNG_N_("not a claim-code hash: 64 base64url characters expected"),
                          "hash");
    }
    json_array_foreach(ids, i, x)
    {
        const char *id = json_string_value(x);
        bool        packed;

        if (id == NULL)
            continue;
        if ((err = packed_here(c, id, packs, &npacks, sizeof packs / sizeof packs[0], &packed)) !=
            TXNG_OK)
            return err;
        if (!packed)
            return refuse(diag, c->pos,
                          TXNG_N_("nothing in this log packed this unit: claim codes are "
                                  "registered for units packed here"),
                          "id");
        if (c->signer[c->pos][0] != '\0' && !c->privileged[c->pos]) {
            bool same_key;

            if ((err = packed_by(c, id, c->signer[c->pos], &same_key)) != TXNG_OK)
                return err;
            if (!same_key)
                return refuse(diag, c->pos,
                              TXNG_N_("claim codes of a unit are registered by the key that "
                                      "packed it, the log key or an admin key"),
                              "as");
        }
        if ((err = claim_state(c, id, &claimed, stored)) != TXNG_OK)
            return err;
        if (claimed)
            return refuse(diag, c->pos,
                          TXNG_N_("already claimed: its claim code cannot be replaced"), "id");
    }
    return TXNG_OK;
}

static txng_err
check_claim(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const char *id     = json_string_value(json_array_get(json_object_get(ev, "epcList"), 0));
    const char *result = str(ev, "txng:claimResult");
    const char *code   = str(ev, "txng:claimCode");
    char        stored[TXNG_CLAIM_STORED_LEN + 1], norm[TXNG_CLAIM_CODE_LEN + 1];
    bool        claimed, packed, won = result != NULL && strcmp(result, "claimed") == 0;
    uint64_t    packs[1];
    size_t      npacks = 0;
    txng_err    err;

    if (id == NULL || result == NULL)
        return TXNG_OK; /* txng_event_rules_check() refuses it */
    if (json_array_size(json_object_get(ev, "epcList")) != 1)
        return refuse(diag, c->pos, TXNG_N_("a claim names exactly one unit"), "id");
    if ((err = packed_here(c, id, packs, &npacks, 1, &packed)) != TXNG_OK)
        return err;
    if (!packed)
        return refuse(diag, c->pos,
                      TXNG_N_("nothing in this log packed this unit: claim codes are "
                              "registered for units packed here"),
                      "id");
    if ((err = claim_state(c, id, &claimed, stored)) != TXNG_OK)
        return err;
    if (stored[0] == '\0')
        return refuse(diag, c->pos, TXNG_N_("no claim code was registered for this unit"), "id");
    if (!won) {
        if (code != NULL)
            return refuse(diag, c->pos, TXNG_N_("a refused claim does not keep the code"),
                          "code");
        if (strcmp(result, "already-claimed") == 0 && !claimed)
            return refuse(diag, c->pos, TXNG_N_("the unit is not claimed yet"), "result");
        return TXNG_OK;
    }
    if (claimed)
        return refuse(diag, c->pos, TXNG_N_("already claimed"), "id");
    if (code == NULL)
        return refuse(diag, c->pos, TXNG_N_("a claim keeps the code it was made with: give --code"),
                      "code");
    if (txng_claim_code_parse(norm, code, strlen(code), NULL) != TXNG_OK ||
        strcmp(norm, code) != 0)
        return refuse(diag, c->pos,
                      TXNG_N_("not a claim code: 8 characters of the claim-code alphabet"),
                      "code");
    err = txng_claim_hash_check(stored, norm);
    if (err == TXNG_EBADSIG || err == TXNG_EFORMAT)
        return refuse(diag, c->pos, TXNG_N_("the claim code does not match the unit's"), "code");
    return err;
}

/* After event @p pos passed: it joins the overlay and the cohorts and corrections known. */
static txng_err
commit(struct ctx *c, const json_t *ev)
{
    const json_t *v   = json_object_get(ev, "txng:corrects");
    uint64_t      rec = c->size + c->pos;
    txng_err      err;

    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        if (!grow(&c->corrected, &c->capcorrected, c->ncorrected, sizeof *c->corrected))
            return TXNG_ENOMEM;
        c->corrected[c->ncorrected++] = (uint64_t) json_integer_value(v);
        if (is_void_reason(ev)) {
            /* Codes the voided record created are no longer known to exist. */
            kset_free(&c->made);
            kset_free(&c->had);
            kset_free(&c->since);
            certs_forget(c); /* nor do its roots count for its certificate or cohort */
            cohorts_forget(c);
        }
    }
    if (str(ev, "type") != NULL && strncmp(str(ev, "type"), "txng:", 5) == 0)
        masters_forget(c); /* master data among them: the newest record of an id may change */
    if (step_is(txng_event_step(ev), "harvest") && str(ev, "certificationInfo") != NULL)
        for (size_t i = 0; i < c->ncerts; i++)
            if (strcmp(c->certs[i].id, str(ev, "certificationInfo")) == 0)
                c->certs[i].roots += (int64_t) uint_of(ev, "txng:roots");
    if ((err = overlay_add(c, rec)) != TXNG_OK)
        return err;
    for (size_t i = 0; i < c->evl.n; i++) {
        struct cohort *k = cohort_find(c, c->evl.v[i].id, c->evl.v[i].id_len);

        if (k != NULL && !k->made && c->evl.v[i].side == TXNG_SIDE_OUT) {
            k->made    = true;
            k->made_by = rec;
        }
        if (k != NULL && (err = cohort_apply(k, ev, c->evl.v[i].role, rec)) != TXNG_OK)
            return err;
    }
    return TXNG_OK;
}

static txng_err
check_one(struct ctx *c, const json_t *ev, txng_diag *diag)
{
    const txng_step *s = txng_event_step(ev);
    txng_err         err;

    if (s == NULL)
        return TXNG_OK;
    if (step_is(s, "correct"))
        return check_correct(c, ev, diag);
    /* Claim codes and claims name units packed here: their own check, not check_ids(). */
    if (step_is(s, "claim-codes"))
        return check_claim_codes(c, ev, diag);
    if (step_is(s, "claim"))
        return check_claim(c, ev, diag);
    if (s->master)
        return TXNG_OK;
    if ((err = check_ids(c, ev, s, diag)) != TXNG_OK)
        return err;
    if (step_is(s, "harvest"))
        return check_harvest(c, ev, diag);
    if (step_is(s, "stand-count"))
        return check_stand_count(c, ev, diag);
    if ((step_is(s, "sell") || step_is(s, "ship") || takes_lot(s)) &&
        (err = check_recalled(c, ev, s, diag)) != TXNG_OK)
        return err;
    if (step_is(s, "pack") && (err = check_pack(c, ev, diag)) != TXNG_OK)
        return err;
    if (takes_lot(s))
        return check_lot_balance(c, ev, step_is(s, "pack") ? "weight" : "in", diag);
    if (step_is(s, "sell"))
        return check_sell(c, ev, s, diag);
    return TXNG_OK;
}

txng_err
txng_rules_check_state(txng_log *log, const json_t *const *events, size_t n, txng_diag *diag)
{
    return txng_rules_check_state_as(log, events, n, NULL, diag);
}

/*
 * Whether key @p ref may register claim codes for units others packed: the
 * log key, or an admin key not revoked. Asked before the read transaction.
 */
static txng_err
key_privileged(txng_log *log, const char *ref, bool *yes)
{
    txng_key_info info;
    char          name[TXNG_KEYREF_MAX], own[TXNG_KEYREF_MAX];
    const char   *plus = strrchr(ref, '+');
    txng_err      err;

    *yes = false;
    txng_pubkey_ref(txng_log_pubkey(log), own);
    if (strcmp(own, ref) == 0) {
        *yes = true;
        return TXNG_OK;
    }
    if (plus == NULL)
        return TXNG_OK;
    snprintf(name, sizeof name, "%.*s", (int) (plus - ref), ref);
    err = txng_log_key(log, name, &info);
    if (err == TXNG_ENOTFOUND)
        return TXNG_OK;
    if (err != TXNG_OK)
        return err;
    txng_pubkey_ref(&info.key, own);
    *yes = strcmp(own, ref) == 0 && strcmp(info.role, "admin") == 0 && !info.is_revoked;
    return TXNG_OK;
}

txng_err
txng_rules_check_state_as(txng_log *log, const json_t *const *events, size_t n,
                          const txng_pubkey *signer, txng_diag *diag)
{
    struct ctx c       = { 0 };
    bool       reading = false;
    txng_err   err;
    int        rc;

    if (log == NULL || (events == NULL && n > 0))
        return TXNG_EINVAL;
    if (n == 0)
        return TXNG_OK;
    c.ev = calloc(n, sizeof *c.ev);
    if (c.ev == NULL)
        return TXNG_ENOMEM;
    c.n          = n;
    c.signer     = calloc(n, sizeof *c.signer);
    c.privileged = calloc(n, sizeof *c.privileged);
    if (c.signer == NULL || c.privileged == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    err = TXNG_OK;
    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        const json_t *inner = json_object_get(events[i], "event");
        const json_t *sigs  = json_object_get(events[i], "signatures");

        if (!json_is_object(events[i]))
            err = TXNG_EINVAL;
        c.ev[i] = json_is_object(inner) && sigs != NULL ? inner : events[i];
        if (c.ev[i] != inner)
            sigs = NULL;
        if (sigs != NULL)
            first_signer(sigs, c.signer[i]);
        else if (signer != NULL)
            txng_pubkey_ref(signer, c.signer[i]);
        /* the key table is read now: txng_log_key() must not run inside the read below */
        if (err == TXNG_OK && c.signer[i][0] != '\0' &&
            (step_is(txng_event_step(c.ev[i]), "claim-codes") ||
             step_is(txng_event_step(c.ev[i]), "correct")))
            err = key_privileged(log, c.signer[i], &c.privileged[i]);
    }
    if (err == TXNG_OK)
        err = txng_log_read_begin(log, &c.st, &c.txn);
    if (err != TXNG_OK)
        goto out;
    reading = true;
    rc      = mdb_cursor_open(c.txn, c.st->ids, &c.cur);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    if ((err = txng_store_size(c.st, c.txn, &c.size)) != TXNG_OK)
        goto out;
    for (c.pos = 0; c.pos < n && err == TXNG_OK; c.pos++) {
        usums_forget(&c); /* what the records say is told about the event checked */
        err = txng_index_extract(&c.evl, c.ev[c.pos]);
        if (err == TXNG_OK)
            err = check_one(&c, c.ev[c.pos], diag);
        if (err == TXNG_OK)
            err = commit(&c, c.ev[c.pos]);
    }
out:
    mdb_cursor_close(c.cur);
    if (reading)
        txng_log_read_end(log);
    cohorts_forget(&c);
    free(c.cohorts);
    masters_forget(&c);
    free(c.masters);
    certs_forget(&c);
    free(c.certs);
    free(c.corrected);
    for (size_t i = 0; i < c.nov; i++)
        free(c.ov[i].copy);
    free(c.ov);
    free(c.heads);
    kset_free(&c.made);
    kset_free(&c.had);
    kset_free(&c.since);
    usums_forget(&c);
    free(c.sums);
    free(c.ev);
    free(c.signer);
    free(c.privileged);
    txng_index_list_free(&c.list);
    txng_index_list_free(&c.evl);
    return err;
}
