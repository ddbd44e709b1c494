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
 *   exported back from the converted one has the same hash ID.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t       *doc;
    const json_t *events = (const json_t *) 1;
    txng_diag     d      = TXNG_DIAG_INIT;
    txng_err      err;
    char         *nfc = NULL;
    bool          is_nfc;

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
