/*
 * bundle_import.c - importing a bundle into another log, and checking the imports a log holds
 *
 * An import (docs/format.md, "Import") appends one txng:Import record and
 * one txng:Imported record per upstream record not imported before, in one
 * transaction, so the Imported records follow their Import and name it by
 * distance. What was imported before is found through the `ids` database,
 * not by reading the log: core/index files each txng:Import record under
 * 0x02 ‖ origin (role 'M') and each txng:Imported record under 0x02 ‖ "#" ‖
 * upstream index (role 'U'). A bundle record was imported before when an
 * Imported record filed under its index names, by distance, one of the
 * origin's Import records; only those Imported records are read. An origin
 * never imported costs one lookup. The lookup and the append happen under
 * the log's writer lock (txng_log_lock()), so two importers of the same
 * bundle cannot both append its records.
 *
 * txng_bundle_check_imports() reads every import record in log order (the
 * upstream key state is replayed by position), found through the import keys
 * of `ids` rather than by reading every record, so that txng verify reads the
 * log once and its memory stays bounded.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/bundle.h"
#include "core/bundle_int.h"
#include "core/canon.h"
#include "core/event.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/keystate.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/record.h"
#include "core/store.h"

/* ---- a bundle in memory (bundle.h) ------------------------------------------------------- */

txng_err
txng_bundle_mem_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    txng_bundle_mem *m = ctx;
    size_t           n = m->len - m->pos < cap ? m->len - m->pos : cap;

    memcpy(buf, m->p + m->pos, n);
    m->pos += n;
    *got = n;
    return TXNG_OK;
}

void
txng_bundle_records_free(txng_record **recs, size_t n)
{
    if (recs == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        txng_record_free(recs[i]);
    free(recs);
}

txng_err
txng_bundle_records(txng_record ***out, size_t *n, const void *data, size_t len, uint64_t size)
{
    txng_bundle_tree tree   = { 0 }; /* txng_bundle_walk() fills it; only the records are kept */
    txng_bundle_rec *blocks = NULL;
    txng_record    **v      = NULL;
    size_t           nb = 0, nv = 0;
    txng_err         err;

    if (out != NULL)
        *out = NULL;
    if (n != NULL)
        *n = 0;
    if (out == NULL || n == NULL || data == NULL)
        return TXNG_EINVAL;
    err = txng_bundle_walk(data, len, size, &tree, &blocks, &nb);
    if (err == TXNG_OK && nb > 0 && (v = calloc(nb, sizeof *v)) == NULL)
        err = TXNG_ENOMEM;
    for (; err == TXNG_OK && nv < nb; nv++) {
        err = txng_record_decode(&v[nv], blocks[nv].bytes, blocks[nv].len, NULL);
        if (err == TXNG_EFORMAT)
            err = TXNG_ECORRUPT; /* txng_bundle_verify() accepted these bytes */
    }
    if (err == TXNG_OK) {
        *out = v;
        *n   = nv;
        v    = NULL;
    }
    txng_bundle_records_free(v, nv);
    free(blocks);
    free(tree.v);
    return err;
}

static const char *
event_type(const txng_record *rec)
{
    const char *t = json_string_value(json_object_get(rec->event, "type"));

    return t != NULL ? t : "";
}

/* ---- import ------------------------------------------------------------------------------ */

static int
hit_cmp(const void *a, const void *b)
{
    uint64_t x = ((const txng_index_hit *) a)->index, y = ((const txng_index_hit *) b)->index;

    return x < y ? -1 : x > y;
}

/* Whether record @p at is a txng:Imported record of upstream record @p index naming one of
 * the Import records @p imps (ascending). */
static txng_err
names_import(txng_log *log, uint64_t at, uint64_t index, const txng_index_hit *imps,
             size_t nimps, bool *yes)
{
    char          *bytes = NULL;
    size_t         len;
    txng_record   *rec = NULL;
    const json_t  *up;
    json_int_t     back;
    txng_index_hit key;
    txng_err       err;

    *yes = false;
    err  = txng_log_get(log, at, &bytes, &len);
    if (err == TXNG_OK)
        err = txng_record_decode(&rec, bytes, len, NULL);
    if (err != TXNG_OK) {
        err = err == TXNG_ENOMEM ? err : TXNG_ECORRUPT;
        goto out;
    }
    up   = json_object_get(rec->event, "record");
    back = json_integer_value(json_object_get(rec->event, "import"));
    if (strcmp(event_type(rec), TXNG_TYPE_IMPORTED) != 0 || back < 1 || (uint64_t) back > at ||
        !json_is_integer(json_object_get(up, "index")) ||
        (uint64_t) json_integer_value(json_object_get(up, "index")) != index)
        goto out;
    key.index = at - (uint64_t) back;
    *yes      = bsearch(&key, imps, nimps, sizeof *imps, hit_cmp) != NULL;
out:
    txng_record_free(rec);
    free(bytes);
    return err;
}

/*
 * Whether upstream record @p index was imported before into @p log, from
 * the origin whose txng:Import records are @p imps (ascending, not empty):
 * an Imported record filed under the index names one of them.
 */
static txng_err
imported_before(txng_log *log, const txng_index_hit *imps, size_t nimps, uint64_t index,
                bool *done)
{
    char            text[TXNG_INDEX_IMPORTED_TEXT];
    size_t          len = txng_index_imported_text(text, index), n = 0;
    txng_index_hit *hits = NULL;
    txng_err        err;

    *done = false;
    err   = txng_index_find(log, text, len, TXNG_ROLE_IMPORTED, &hits, &n);
    for (size_t i = 0; i < n && err == TXNG_OK && !*done; i++)
        err = names_import(log, hits[i].index, index, imps, nimps, done);
    free(hits);
    return err;
}

/* The txng:Import records of @p origin in @p log, ascending. */
static txng_err
imports_of(txng_log *log, const char origin[TXNG_ORIGIN_MAX + 1], txng_index_hit **imps,
           size_t *n)
{
    char   text[1 + TXNG_ORIGIN_MAX];
    size_t len = strnlen(origin, TXNG_ORIGIN_MAX);

    text[0] = TXNG_INDEX_IMPORT_TAG;
    memcpy(text + 1, origin, len);
    return txng_index_find(log, text, 1 + len, TXNG_ROLE_IMPORT, imps, n);
}

/* Keep both signed notes of a refused import in @p res as evidence. */
static txng_err
keep_evidence(txng_bundle_import_result *res, const char *prior, size_t prior_len,
              uint64_t prior_size, const txng_bundle_result *br)
{
    if (res == NULL)
        return TXNG_OK;
    res->prior      = malloc(prior_len + 1);
    res->note       = malloc(br->note_len + 1);
    if (res->prior == NULL || res->note == NULL)
        return TXNG_ENOMEM;
    memcpy(res->prior, prior, prior_len);
    res->prior[prior_len] = '\0';
    res->prior_len        = prior_len;
    res->prior_size       = prior_size;
    memcpy(res->note, br->note, br->note_len);
    res->note[br->note_len] = '\0';
    res->note_len           = br->note_len;
    return TXNG_OK;
}

/*
 * The bundle's checkpoint against those of the origin's earlier Imports
 * @p imps: the same size must have the same root; a smaller one cannot be
 * shown consistent (a bundle proves consistency from older sizes only); the
 * largest smaller size needs the bundle's consistency block from it. On a
 * refusal @p res keeps the stored note and the bundle's.
 */
static txng_err
check_prior(txng_log *log, const txng_index_hit *imps, size_t nimps,
            const txng_bundle_result *br, txng_bundle_import_result *res, txng_diag *diag)
{
    char           *bytes = NULL, *best = NULL;
    size_t          len, best_len = 0;
    txng_record    *rec    = NULL;
    txng_note      *parsed = malloc(sizeof *parsed);
    txng_checkpoint cp, bcp = { { 0 }, 0, { 0 } };
    txng_err        err = parsed == NULL ? TXNG_ENOMEM : TXNG_OK;

    for (size_t i = 0; i < nimps && err == TXNG_OK; i++) {
        const json_t *note;

        err = txng_log_get(log, imps[i].index, &bytes, &len);
        if (err == TXNG_OK)
            err = txng_record_decode(&rec, bytes, len, NULL);
        note = rec != NULL ? json_object_get(rec->event, "checkpoint") : NULL;
        if (err == TXNG_OK &&
            (strcmp(event_type(rec), TXNG_TYPE_IMPORT) != 0 || !json_is_string(note) ||
             txng_note_parse(parsed, json_string_value(note), json_string_length(note), NULL) !=
                 TXNG_OK ||
             txng_checkpoint_parse(&cp, json_string_value(note), parsed->text_len, NULL) !=
                 TXNG_OK))
            err = TXNG_ECORRUPT;
        if (err != TXNG_OK) {
            err = err == TXNG_ENOMEM ? err : TXNG_ECORRUPT;
        } else if (cp.size > br->size ||
                   (cp.size == br->size && memcmp(cp.root, br->root, TXNG_HASH_BYTES) != 0)) {
            txng_diag_set_once(
                diag,
                cp.size > br->size
                    ? TXNG_N_("rollback: the bundle's checkpoint is older than one imported "
                              "before from this origin: import a newer bundle")
                    : TXNG_N_("fork: another tree of a size imported before from this "
                              "origin"),
                "checkpoint");
            err = keep_evidence(res, json_string_value(note), json_string_length(note), cp.size,
                                br);
            if (err == TXNG_OK)
                err = TXNG_EFORK;
        } else if (cp.size < br->size && cp.size > bcp.size) {
            free(best);
            best_len = json_string_length(note);
            if ((best = malloc(best_len)) == NULL)
                err = TXNG_ENOMEM;
            else
                memcpy(best, json_string_value(note), best_len);
            bcp = cp;
        }
        txng_record_free(rec);
        rec = NULL;
        free(bytes);
        bytes = NULL;
    }
    if (err == TXNG_OK && bcp.size > 0) {
        const txng_bundle_consistency *c = NULL;

        for (size_t i = 0; i < br->ncons; i++)
            if (br->cons[i].old == bcp.size)
                c = &br->cons[i];
        if (c == NULL) {
            txng_diag_set_once(
                diag,
                TXNG_N_("no consistency proof from the size imported before: export with "
                        "'txng export --consistency-from SIZE'"),
                "consistency");
            err = TXNG_EPROOF;
        } else if (txng_merkle_verify_consistency(
                       bcp.size, br->size, bcp.root, br->root,
                       (const unsigned char(*)[TXNG_HASH_BYTES]) c->proof, c->n) != TXNG_OK) {
            txng_diag_set_once(
                diag,
                TXNG_N_("fork: the consistency proof from the size imported before does "
                        "not verify"),
                "consistency");
            err = TXNG_EFORK;
        }
        if (err != TXNG_OK) {
            txng_err e2 = keep_evidence(res, best, best_len, bcp.size, br);

            err = e2 != TXNG_OK ? e2 : err;
        }
    }
    free(best);
    free(parsed);
    return err;
}

/* The txng:Imported event of bundle record @p r, which txng:Import comes @p back records before. */
static txng_err
imported_event(json_t **out, const txng_bundle_rec *r, uint64_t size, txng_bundle_tree *tree,
               json_int_t back)
{
    unsigned char proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    char          b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    json_t       *rec = NULL, *pr = NULL;
    size_t        np  = 0;
    txng_err      err;

    *out = NULL;
    err  = txng_canon_parse(&rec, r->bytes, r->len, 0, NULL);
    if (err == TXNG_OK)
        err = txng_merkle_inclusion(proof, &np, r->index, size, txng_bundle_tree_get, tree);
    if (err == TXNG_OK && (pr = json_array()) == NULL)
        err = TXNG_ENOMEM;
    for (size_t j = 0; j < np && err == TXNG_OK; j++) {
        txng_b64_encode(b64, proof[j], TXNG_HASH_BYTES);
        if (json_array_append_new(pr, json_string(b64)) != 0)
            err = TXNG_ENOMEM;
    }
    if (err == TXNG_OK &&
        (*out = json_pack("{s:s, s:I, s:O, s:O}", "type", TXNG_TYPE_IMPORTED, "import", back,
                          "record", rec, "proof", pr)) == NULL)
        err = TXNG_ENOMEM;
    json_decref(rec);
    json_decref(pr);
    return err;
}

void
txng_bundle_import_result_free(txng_bundle_import_result *res)
{
    if (res == NULL)
        return;
    free(res->prior);
    free(res->note);
    res->prior = res->note = NULL;
    res->prior_len = res->note_len = 0;
}

txng_err
txng_bundle_import(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
                   const void *data, size_t len, const txng_pubkey *upstream, int64_t now,
                   txng_bundle_import_result *res, txng_diag *diag)
{
    txng_bundle_mem    m    = { data, len, 0 };
    txng_bundle_result br   = { 0 };
    txng_bundle_tree   tree = { 0 };
    txng_bundle_rec   *recs = NULL;
    txng_index_hit    *imps = NULL;
    size_t             nrec = 0, nimps = 0, nev = 0;
    json_t           **events = NULL;
    char               vkey[TXNG_VKEY_MAX];
    uint64_t           first  = 0;
    bool               locked = false;
    txng_err           err;

    if (res != NULL)
        memset(res, 0, sizeof *res);
    if (log == NULL || logkey == NULL || actor == NULL || data == NULL || upstream == NULL)
        return TXNG_EINVAL;
    err = txng_bundle_verify(txng_bundle_mem_read, &m, upstream, NULL, &br, diag);
    if (err != TXNG_OK)
        goto out;
    if (strcmp(br.origin, txng_log_origin(log)) == 0) {
        txng_diag_set_once(diag, TXNG_N_("the bundle comes from this log"), "origin");
        err = TXNG_EEXIST;
        goto out;
    }
    err = txng_bundle_walk(data, len, br.size, &tree, &recs, &nrec);
    if (err != TXNG_OK)
        goto out;
    err    = TXNG_ENOMEM;
    events = calloc(nrec + 1, sizeof *events);
    if (events == NULL)
        goto out;
    /* Check, then append, under the writer lock: no other importer of the same origin
     * appends between the lookup of what was imported before and the append. */
    err = txng_log_lock(log, diag);
    if (err != TXNG_OK)
        goto out;
    locked = true;
    err    = imports_of(log, br.origin, &imps, &nimps);
    if (err == TXNG_OK && nimps > 0)
        err = check_prior(log, imps, nimps, &br, res, diag);
    for (size_t i = 0; i < nrec && err == TXNG_OK; i++) {
        bool done = false;

        if (recs[i].index == 0)
            continue;
        if (nimps > 0)
            err = imported_before(log, imps, nimps, recs[i].index, &done);
        if (err != TXNG_OK)
            break;
        if (done) {
            if (res != NULL)
                res->skipped++;
            continue;
        }
        err = imported_event(&events[1 + nev], &recs[i], br.size, &tree, (json_int_t) (1 + nev));
        if (err == TXNG_OK)
            nev++;
    }
    if (err != TXNG_OK)
        goto out;
    if (res != NULL)
        res->size = br.size;
    if (nev == 0)
        goto out;
    txng_pubkey_format(upstream, vkey);
    events[0] = json_pack("{s:s, s:s, s:s, s:s#, s:I}", "type", TXNG_TYPE_IMPORT, "origin",
                          br.origin, "key", vkey, "checkpoint", br.note, br.note_len, "count",
                          (json_int_t) nev);
    if (events[0] == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    /* One transaction: the Import and its records are contiguous whatever other
     * writers do, so each Imported names its Import by distance, not by index. */
    err = txng_log_append_as(log, logkey, actor, events, nev + 1, now, &first, diag);
    if (err == TXNG_OK && res != NULL) {
        res->added = nev;
        res->first = first;
    }
out:
    if (locked)
        txng_log_unlock(log);
    for (size_t i = 0; events != NULL && i <= nrec; i++)
        json_decref(events[i]);
    free(events);
    free(imps);
    free(recs);
    free(tree.v);
    txng_bundle_result_free(&br);
    return err;
}

/* ---- checking imports in a log ------------------------------------------------------------- */

struct imp {
    uint64_t      at; /* index of the txng:Import record */
    size_t        org;
    uint64_t      size;
    unsigned char root[TXNG_HASH_BYTES];
};

struct org {
    txng_bundle_origin pub;
    txng_pubkey        key;
    txng_bundle_keys   ks;
};

struct icheck {
    struct imp *imps;
    size_t      nimps;
    struct org *orgs;
    size_t      norgs;
    txng_note  *note;
};

static txng_err
check_import(struct icheck *c, const txng_record *rec, txng_diag *diag)
{
    const json_t   *ev     = rec->event;
    const char     *origin = json_string_value(json_object_get(ev, "origin"));
    const json_t   *key    = json_object_get(ev, "key");
    const json_t   *cpn    = json_object_get(ev, "checkpoint");
    txng_pubkey     pub;
    txng_checkpoint cp;
    size_t          text_len, o;
    txng_err        err;

    if (origin == NULL || !json_is_string(key) || !json_is_string(cpn) ||
        !json_is_integer(json_object_get(ev, "count")) ||
        txng_pubkey_parse(&pub, json_string_value(key), json_string_length(key), NULL) !=
            TXNG_OK) {
        txng_diag_set_once(diag, TXNG_N_("an import has type, origin, key, checkpoint and count"),
                           "event");
        return TXNG_EFORMAT;
    }
    err = txng_note_verify(json_string_value(cpn), json_string_length(cpn), &pub, 1, &text_len,
                           NULL);
    if (err != TXNG_OK) {
        txng_diag_set_once(diag, TXNG_N_("the imported checkpoint is not signed by its key"),
                           "event/checkpoint");
        return err == TXNG_EFORMAT ? TXNG_EFORMAT : TXNG_EBADSIG;
    }
    if (txng_checkpoint_parse(&cp, json_string_value(cpn), text_len, NULL) != TXNG_OK ||
        strcmp(cp.origin, origin) != 0 || strcmp(pub.name, origin) != 0) {
        txng_diag_set_once(diag, TXNG_N_("the imported checkpoint is for another origin"),
                           "event/checkpoint");
        return TXNG_EFORMAT;
    }
    for (o = 0; o < c->norgs; o++)
        if (strcmp(c->orgs[o].pub.origin, origin) == 0)
            break;
    if (o < c->norgs && !txng_pubkey_equal(&c->orgs[o].key, &pub)) {
        txng_diag_set_once(diag, TXNG_N_("another key for an origin imported before"), "event/key");
        return TXNG_EBADSIG;
    }
    if (o == c->norgs) {
        struct org   *v = realloc(c->orgs, (c->norgs + 1) * sizeof *v);
        txng_key_info info;

        if (v == NULL)
            return TXNG_ENOMEM;
        c->orgs = v;
        memset(&v[o], 0, sizeof v[o]);
        snprintf(v[o].pub.origin, sizeof v[o].pub.origin, "%s", origin);
        v[o].key = pub;
        memset(&info, 0, sizeof info);
        info.key = pub;
        memcpy(info.role, "log", 4);
        if (txng_bundle_keys_add(&v[o].ks, &info) != TXNG_OK)
            return TXNG_ENOMEM;
        c->norgs++;
    }
    if (cp.size > c->orgs[o].pub.size)
        c->orgs[o].pub.size = cp.size;
    {
        struct imp *v = realloc(c->imps, (c->nimps + 1) * sizeof *v);

        if (v == NULL)
            return TXNG_ENOMEM;
        c->imps                 = v;
        c->imps[c->nimps].at    = rec->index;
        c->imps[c->nimps].org   = o;
        c->imps[c->nimps].size  = cp.size;
        memcpy(c->imps[c->nimps].root, cp.root, TXNG_HASH_BYTES);
        c->nimps++;
    }
    return TXNG_OK;
}

static txng_err
check_imported(struct icheck *c, const txng_record *rec, txng_diag *diag)
{
    const json_t  *ev  = rec->event;
    const json_t  *up  = json_object_get(ev, "record"), *pr = json_object_get(ev, "proof");
    const json_t  *imp = json_object_get(ev, "import");
    struct imp    *im  = NULL;
    struct org    *o;
    txng_record   *urec = NULL;
    char          *bytes = NULL;
    size_t         blen, np;
    unsigned char  leaf[TXNG_HASH_BYTES], proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    txng_key_info  signers[TXNG_EVENT_MAX_SIGS];
    txng_err       err;

    for (size_t i = 0; json_is_integer(imp) && json_integer_value(imp) >= 1 &&
                       (uint64_t) json_integer_value(imp) <= rec->index && i < c->nimps;
         i++)
        if (c->imps[i].at == rec->index - (uint64_t) json_integer_value(imp))
            im = &c->imps[i];
    if (im == NULL) {
        txng_diag_set_once(diag, TXNG_N_("an imported record names no earlier import"),
                           "event/import");
        return TXNG_EFORMAT;
    }
    o  = &c->orgs[im->org];
    np = json_array_size(pr);
    if (!json_is_object(up) || !json_is_array(pr) || np > TXNG_MERKLE_MAX_PROOF) {
        txng_diag_set_once(diag, TXNG_N_("an imported record has type, import, record and proof"),
                           "event");
        return TXNG_EFORMAT;
    }
    for (size_t i = 0; i < np; i++) {
        const json_t *h = json_array_get(pr, i);

        if (!json_is_string(h) ||
            !hash_b64(json_string_value(h), json_string_length(h), proof[i])) {
            txng_diag_set_once(diag, TXNG_N_("not a base64 hash"), "event/proof");
            return TXNG_EFORMAT;
        }
    }
    err = txng_canon_encode(up, &bytes, &blen);
    if (err == TXNG_OK)
        err = txng_record_decode(&urec, bytes, blen, diag);
    if (err != TXNG_OK) {
        txng_diag_set_once(diag, TXNG_N_("the imported record is not a record"), "event/record");
        goto out;
    }
    txng_hash_leaf(leaf, bytes, blen);
    if (urec->index == 0 || urec->index >= im->size ||
        txng_merkle_verify_inclusion(leaf, urec->index, im->size,
                                     (const unsigned char(*)[TXNG_HASH_BYTES]) proof, np,
                                     im->root) != TXNG_OK) {
        txng_diag_set_once(diag, TXNG_N_("the imported record is not in the imported checkpoint"),
                           "event/proof");
        err = TXNG_EPROOF;
        goto out;
    }
    for (size_t j = 0; j < json_array_size(urec->signatures) && err == TXNG_OK; j++) {
        const json_t *s = json_array_get(urec->signatures, j);

        err = txng_bundle_keys_resolve(&o->ks, json_string_value(json_object_get(s, "key")),
                                       urec->index, &signers[j], diag, "event/record/signatures/",
                                       j, "");
        if (err == TXNG_OK &&
            txng_event_verify(urec->event, &signers[j].key,
                              json_string_value(json_object_get(s, "sig"))) != TXNG_OK) {
            char field[64];

            snprintf(field, sizeof field, "event/record/signatures/%zu", j);
            txng_diag_set_once(diag, TXNG_N_("an upstream signature does not verify"), field);
            err = TXNG_EBADSIG;
        }
    }
    if (err == TXNG_OK)
        err = txng_keystate_apply(urec->event, signers, json_array_size(urec->signatures),
                                  urec->index, txng_bundle_keys_get,
                                  txng_bundle_keys_put, &o->ks, diag);
    if (err == TXNG_OK)
        o->pub.records++;
out:
    txng_record_free(urec);
    free(bytes);
    return err;
}

struct checking {
    struct icheck *c;
    txng_diag     *diag;
};

/* Check one Import or Imported record of the log. */
static txng_err
check_one(void *ctx, const txng_record *rec)
{
    struct checking *k    = ctx;
    const char      *type = event_type(rec);
    txng_err         err  = TXNG_OK;

    if (strcmp(type, TXNG_TYPE_IMPORT) == 0)
        err = check_import(k->c, rec, k->diag);
    else if (strcmp(type, TXNG_TYPE_IMPORTED) == 0)
        err = check_imported(k->c, rec, k->diag);
    if (err != TXNG_OK && k->diag != NULL) {
        k->diag->has_index = true;
        k->diag->index     = rec->index;
    }
    return err;
}

/*
 * Call @p fn for each Import and Imported record of @p log, in log order. They
 * are found through their import keys in `ids` (0x02 ‖ …, roles M and U),
 * which txng_log_verify() has checked against the records, so verify reads
 * the log once and keeps only the import records' pages, not every record's.
 */
static txng_err
each_import(txng_log *log, txng_err (*fn)(void *ctx, const txng_record *rec), void *ctx)
{
    const txng_store *st;
    MDB_txn          *txn;
    MDB_cursor       *cur = NULL;
    MDB_val           k, v;
    unsigned char     tag = TXNG_INDEX_IMPORT_TAG;
    txng_bundle_u64s  idx = { 0 };
    txng_err          err;
    int               rc;

    if ((err = txng_log_read_begin(log, &st, &txn)) != TXNG_OK)
        return err;
    k  = (MDB_val){ 1, &tag };
    rc = mdb_cursor_open(txn, st->ids, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
         rc == MDB_SUCCESS && k.mv_size > 0 && *(const unsigned char *) k.mv_data == tag;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES ||
            (p[8] != TXNG_ROLE_IMPORT && p[8] != TXNG_ROLE_IMPORTED))
            continue;
        if ((err = txng_bundle_u64s_add(&idx, txng_be64_load(p))) != TXNG_OK)
            goto out;
    }
    if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    idx.n = txng_bundle_u64_unique(idx.v, idx.n);
    for (size_t i = 0; i < idx.n && err == TXNG_OK; i++) {
        unsigned char key[8];
        txng_record  *rec = NULL;

        txng_be64_store(key, idx.v[i]);
        k  = (MDB_val){ sizeof key, key };
        rc = mdb_get(txn, st->records, &k, &v);
        if (rc != MDB_SUCCESS) {
            err = rc == MDB_NOTFOUND ? TXNG_ECORRUPT : txng_store_from_mdb(rc);
            break;
        }
        err = txng_record_decode(&rec, v.mv_data, v.mv_size, NULL);
        if (err != TXNG_OK) {
            err = err == TXNG_ENOMEM ? err : TXNG_ECORRUPT;
            break;
        }
        err = fn(ctx, rec);
        txng_record_free(rec);
    }
out:
    mdb_cursor_close(cur);
    txng_log_read_end(log);
    free(idx.v);
    return err;
}

txng_err
txng_bundle_check_imports(txng_log *log, txng_bundle_origin **out, size_t *n, txng_diag *diag)
{
    struct icheck   c = { 0 };
    struct checking k = { &c, diag };
    txng_err        err;

    *out = NULL;
    *n   = 0;
    err  = each_import(log, check_one, &k);
    if (err == TXNG_OK && c.norgs > 0) {
        *out = calloc(c.norgs, sizeof **out);
        if (*out == NULL)
            err = TXNG_ENOMEM;
        for (size_t i = 0; err == TXNG_OK && i < c.norgs; i++)
            (*out)[i] = c.orgs[i].pub;
        if (err == TXNG_OK)
            *n = c.norgs;
    }
    for (size_t i = 0; i < c.norgs; i++)
        free(c.orgs[i].ks.v);
    free(c.orgs);
    free(c.imps);
    return err;
}
