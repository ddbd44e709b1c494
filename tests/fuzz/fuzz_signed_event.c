/*
 * fuzz_signed_event.c - signed events and records from untrusted bytes
 *
 * Parses the input under the canon rules, checks it as a signed event and
 * decodes it as a record. Invariants, each with abort():
 * - a refused signed event or record is TXNG_EFORMAT with a reason (or
 *   TXNG_ENOMEM);
 * - a signed event that passes the check encodes into a record that decodes
 *   back to the same index, prev, event and signatures;
 * - its signatures fail cleanly against a fixed key nobody holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/canon.h"
#include "core/keys.h"
#include "core/record.h"
#include "tests/fuzz/fuzz.h"

static txng_pubkey *
fixed_key(void)
{
    static txng_pubkey key;
    static int         done;

    if (!done) {
        memset(&key, 0, sizeof key);
        memcpy(key.name, "fuzz.test", sizeof "fuzz.test");
        for (size_t i = 0; i < TXNG_PK_BYTES; i++)
            key.pk[i] = (unsigned char) (i * 7 + 1);
        key.id = txng_key_id(key.name, key.pk);
        done   = 1;
    }
    return &key;
}

static void
roundtrip(const json_t *se)
{
    const json_t *event = json_object_get(se, "event");
    const json_t *sigs  = json_object_get(se, "signatures");
    unsigned char prev[32];
    char         *bytes = NULL;
    size_t        len, i;
    txng_record  *rec  = NULL;
    txng_diag     diag = TXNG_DIAG_INIT;
    json_t       *sig;

    memset(prev, 0xa5, sizeof prev);
    if (txng_record_encode(&bytes, &len, event, sigs, 7, prev, 1780000000) != TXNG_OK)
        abort(); /* a checked signed event always makes a record */
    if (txng_record_decode(&rec, bytes, len, &diag) != TXNG_OK || rec->index != 7 ||
        memcmp(rec->prev, prev, sizeof prev) != 0 || !json_equal(rec->event, event) ||
        !json_equal(rec->signatures, sigs))
        abort();
    json_array_foreach(sigs, i, sig)
    {
        const char *b64 = json_string_value(json_object_get(sig, "sig"));
        txng_err    err = txng_event_verify(event, fixed_key(), b64);

        if (err != TXNG_EBADSIG && err != TXNG_EFORMAT && err != TXNG_ENOMEM)
            abort(); /* nobody holds the fixed key's secret */
    }
    txng_record_free(rec);
    free(bytes);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    return sodium_init() < 0 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t      *v    = NULL;
    txng_record *rec  = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;

    txng_err err;

    if (txng_canon_parse(&v, data, size, 0, &diag) == TXNG_OK) {
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_signed_event_check(v, &diag);
        if (err == TXNG_OK)
            roundtrip(v);
        else if (err != TXNG_ENOMEM && (err != TXNG_EFORMAT || diag.reason == NULL))
            abort();
        json_decref(v);
    }
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_record_decode(&rec, data, size, &diag);
    if (err == TXNG_OK
            ? rec == NULL || rec->event == NULL || rec->signatures == NULL
            : rec != NULL || (err != TXNG_ENOMEM && (err != TXNG_EFORMAT || diag.reason == NULL)))
        abort();
    txng_record_free(rec);
    return 0;
}
