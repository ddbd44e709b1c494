/*
 * fuzz_epcis.c - the EPCIS import path: document checks, hash IDs, and the
 * conversion of a partner's event into a txng event and back
 *
 * Invariants checked on every input, each with abort():
 * - a refusal is TXNG_EFORMAT with a reason and a JSON Pointer field, and no
 *   event list;
 * - every event of an accepted document has a hash ID of the fixed shape;
 * - its conversion either is refused with a reason or is an event txng can
 *   carry (canonical JSON, a type, an eventID);
 * - when the document is in NFC and has no eventID of its own, the event
 *   exported back from the converted one has the same hash ID;
 * - the streaming reader (txng_epcis_scan_*) gives the same answer whatever
 *   the chunks it is fed; it accepts what jansson parses to an object (within
 *   its limits, and but for NUL bytes, which jansson skips) and nothing
 *   jansson refuses; its head with the events put
 *   back is the document jansson reads; and its head and event checks refuse
 *   what txng_epcis_document_check() refuses, with the same reason and field.
 */
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/epcis.h"
#include "core/record.h"
#include "tests/fuzz/fuzz.h"

static void
check_event(const json_t *ev, const json_t *context, bool nfc)
{
    char          id[TXNG_EPCIS_HASH_ID_MAX], again[TXNG_EPCIS_HASH_ID_MAX];
    char         *pre     = NULL;
    size_t        pre_len = 0;
    json_t       *tx = NULL, *out = NULL, *ctx = NULL, *full = NULL;
    txng_diag     d = TXNG_DIAG_INIT;
    txng_record   rec;
    unsigned char leaf[TXNG_HASH_BYTES] = { 0 };
    txng_err      err;

    err = txng_epcis_hash_id(ev, context, id, &pre, &pre_len, NULL);
    if (err == TXNG_ENOMEM)
        return;
    if (err != TXNG_OK || pre == NULL || strlen(pre) != pre_len ||
        strncmp(id, "ni:///sha-256;", 14) != 0 || strlen(id) != 14 + 64 + 11)
        abort();
    free(pre);
    err = txng_epcis_to_event(&tx, ev, context, &d);
    if (err == TXNG_ENOMEM)
        return;
    if (err != TXNG_OK) {
        if (tx != NULL || err != TXNG_EFORMAT || d.reason == NULL)
            abort();
        return;
    }
    if (txng_canon_check(tx, NULL) != TXNG_OK || !json_is_string(json_object_get(tx, "eventID")) ||
        !json_is_string(json_object_get(tx, "type")))
        abort();
    memset(&rec, 0, sizeof rec);
    rec.event = tx;
    err       = txng_epcis_from_record(&out, &ctx, &rec, leaf, NULL);
    if (err == TXNG_OK && nfc && !json_is_string(json_object_get(ev, "eventID"))) {
        full =
            json_pack("[s,o]", TXNG_EPCIS_CONTEXT, ctx != NULL ? json_incref(ctx) : json_object());
        if (full != NULL && txng_epcis_hash_id(out, full, again, NULL, NULL, NULL) == TXNG_OK &&
            (strcmp(again, id) != 0 ||
             strcmp(json_string_value(json_object_get(out, "eventID")), id) != 0))
            abort();
    } else if (err != TXNG_OK && err != TXNG_ENOTFOUND && err != TXNG_ENOMEM &&
               err != TXNG_EFORMAT) {
        abort();
    }
    json_decref(full);
    json_decref(ctx);
    json_decref(out);
    json_decref(tx);
}

/* One reading by the streaming reader: its events (parsed) and head. */
struct reading {
    json_t   *events[2];
    json_t   *head;
    txng_err  err;
    txng_diag diag;
};

static txng_err
collect(void *ctx, const txng_epcis_elem *el)
{
    struct reading *r = ctx;
    json_t         *v;
    txng_err        err;

    if (el->index != json_array_size(r->events[el->query]) || el->text[el->len] != '\0')
        abort();
    if ((err = txng_epcis_elem_parse(&v, el, &r->diag)) == TXNG_OK &&
        json_array_append_new(r->events[el->query], v) != 0)
        err = TXNG_ENOMEM;
    return err;
}

static void
read_chunks(struct reading *r, const uint8_t *data, size_t size, size_t chunk)
{
    txng_epcis_scan *s = NULL;

    memset(r, 0, sizeof *r);
    r->events[0] = json_array();
    r->events[1] = json_array();
    if (r->events[0] == NULL || r->events[1] == NULL ||
        (r->err = txng_epcis_scan_new(&s, collect, r)) != TXNG_OK) {
        r->err = TXNG_ENOMEM;
        return;
    }
    for (size_t at = 0; r->err == TXNG_OK && at < size; at += chunk)
        r->err =
            txng_epcis_scan_feed(s, data + at, size - at < chunk ? size - at : chunk, &r->diag);
    if (r->err == TXNG_OK)
        r->err = txng_epcis_scan_end(s, &r->head, &r->diag);
    txng_epcis_scan_free(s);
}

static void
reading_free(struct reading *r)
{
    json_decref(r->events[0]);
    json_decref(r->events[1]);
    json_decref(r->head);
}

/* Put the events back into the head's lists. */
static void
put_back(json_t *head, json_t *const events[2])
{
    json_t *body = json_object_get(head, "epcisBody"), *rb;
    json_t *l0   = json_object_get(body, "eventList");
    json_t *l1;

    rb = json_object_get(json_object_get(body, "queryResults"), "resultsBody");
    l1 = json_object_get(rb, "eventList");
    if (json_is_array(l0))
        json_array_extend(l0, events[0]);
    else if (json_array_size(events[0]) > 0)
        abort();
    if (json_is_array(l1))
        json_array_extend(l1, events[1]);
    else if (json_array_size(events[1]) > 0)
        abort();
}

static void
check_reader(const uint8_t *data, size_t size)
{
    struct reading whole, bytes, sevens;
    json_t        *doc;
    bool           limit, query;
    txng_diag      d1 = TXNG_DIAG_INIT, d2 = TXNG_DIAG_INIT;
    txng_err       e1, e2                  = TXNG_OK;

    read_chunks(&whole, data, size, size > 0 ? size : 1);
    read_chunks(&bytes, data, size, 1);
    read_chunks(&sevens, data, size, 7);
    if (whole.err == TXNG_ENOMEM || bytes.err == TXNG_ENOMEM || sevens.err == TXNG_ENOMEM)
        goto out;
    if (whole.err != bytes.err || whole.err != sevens.err ||
        whole.diag.reason != bytes.diag.reason || whole.diag.reason != sevens.diag.reason ||
        whole.diag.line != bytes.diag.line || whole.diag.offset != bytes.diag.offset ||
        whole.diag.line != sevens.diag.line || whole.diag.offset != sevens.diag.offset ||
        strcmp(whole.diag.field, bytes.diag.field) != 0 ||
        !json_equal(whole.events[0], bytes.events[0]) ||
        !json_equal(whole.events[1], sevens.events[1]) ||
        (whole.head != NULL &&
         (!json_equal(whole.head, bytes.head) || !json_equal(whole.head, sevens.head))))
        abort();
    if (whole.err != TXNG_OK && (whole.err != TXNG_EFORMAT || whole.diag.reason == NULL ||
                                 whole.diag.line == 0 || whole.diag.offset == 0))
        abort();
    doc   = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES, NULL);
    limit = whole.diag.reason != NULL &&
            (strcmp(whole.diag.reason, "nested more than 512 deep") == 0 ||
             strcmp(whole.diag.reason, "member name longer than 4096 bytes") == 0);
    /* jansson reads a NUL byte between tokens as nothing; the reader refuses it */
    if (whole.err == TXNG_OK ? !json_is_object(doc)
                             : json_is_object(doc) && !limit && memchr(data, '\0', size) == NULL)
        abort();
    if (whole.err == TXNG_OK) {
        put_back(whole.head, whole.events);
        if (!json_equal(whole.head, doc))
            abort();
        /* the head check and the event checks refuse what the document check refuses */
        e1 = txng_epcis_document_check(doc, NULL, &d1);
        e2 = txng_epcis_head_check(whole.head, &query, &d2);
        for (size_t i = 0; e2 == TXNG_OK && i < json_array_size(whole.events[query]); i++)
            e2 = txng_epcis_event_check(json_array_get(whole.events[query], i), query, i, &d2);
        if (e1 != TXNG_ENOMEM && e2 != TXNG_ENOMEM &&
            (e1 != e2 || d1.reason != d2.reason || strcmp(d1.field, d2.field) != 0))
            abort();
    }
    json_decref(doc);
out:
    reading_free(&whole);
    reading_free(&bytes);
    reading_free(&sevens);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t       *doc;
    const json_t *events = (const json_t *) 1;
    txng_diag     d      = TXNG_DIAG_INIT;
    txng_err      err;
    char         *nfc = NULL;
    bool          is_nfc;

    check_reader(data, size);
    doc = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES, NULL);
    if (doc == NULL)
        return 0;
    err = txng_epcis_document_check(doc, &events, &d);
    if (err != TXNG_OK) {
        if (err != TXNG_EFORMAT || d.reason == NULL || events != NULL ||
            (d.field[0] != '\0' && d.field[0] != '/' && d.field[0] != '.'))
            abort();
        json_decref(doc);
        return 0;
    }
    /* the round trip holds for text in NFC and prefixes other than ours */
    is_nfc = memchr(data, '\0', size) == NULL &&
             txng_nfc(&nfc, (const char *) data, size) == TXNG_OK && strlen(nfc) == size &&
             memcmp(nfc, data, size) == 0 && strstr(nfc, "txng") == NULL;
    free(nfc);
    for (size_t i = 0; i < json_array_size(events); i++)
        check_event(json_array_get(events, i), json_object_get(doc, "@context"), is_nfc);
    json_decref(doc);
    return 0;
}
