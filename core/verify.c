/*
 * verify.c - what every verifier checks of a record (core/verify.h)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/hash.h"
#include "core/verify.h"

txng_err
txng_verify_sig_bytes(const json_t *sigs, unsigned char (*sig)[TXNG_SIG_BYTES], size_t *nsig)
{
    size_t n = json_array_size(sigs);

    *nsig = 0;
    if (n > TXNG_EVENT_MAX_SIGS)
        return TXNG_EFORMAT;
    *nsig = n;
    for (size_t j = 0; j < n; j++) {
        const json_t *s = json_object_get(json_array_get(sigs, j), "sig");
        size_t        len;

        if (txng_b64_decode(sig[j], TXNG_SIG_BYTES, &len, json_string_value(s),
                            json_string_length(s)) != TXNG_OK ||
            len != TXNG_SIG_BYTES)
            return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

txng_err
txng_verify_sigs(char **pae, size_t *cap, const char *ev, size_t ev_len,
                 const unsigned char (*sig)[TXNG_SIG_BYTES],
                 const unsigned char (*pk)[TXNG_PK_BYTES], size_t nsig, txng_diag *diag)
{
    char   head[96];
    int    n = snprintf(head, sizeof head, "DSSEv1 %zu %s %zu ",
                        sizeof TXNG_EVENT_PAYLOAD_TYPE - 1, TXNG_EVENT_PAYLOAD_TYPE, ev_len);
    size_t len = (size_t) n + ev_len;

    if (len > *cap) {
        char *p = realloc(*pae, len);

        if (p == NULL)
            return TXNG_ENOMEM;
        *pae = p;
        *cap = len;
    }
    memcpy(*pae, head, (size_t) n);
    memcpy(*pae + n, ev, ev_len);
    for (size_t j = 0; j < nsig; j++) {
        if (crypto_sign_verify_detached(sig[j], (const unsigned char *) *pae, len, pk[j]) != 0) {
            char field[48];

            snprintf(field, sizeof field, "signatures/%zu/sig", j);
            txng_diag_set_once(diag, TXNG_N_("signature does not verify"), field);
            return TXNG_EBADSIG;
        }
    }
    return TXNG_OK;
}

txng_err
txng_verify_genesis(const json_t *event, const json_t *sigs, size_t nsig, const char *origin,
                    const txng_pubkey *expect, const txng_pubkey *trust, txng_key_info *info,
                    txng_diag *diag)
{
    const json_t *key = json_object_get(event, "key"), *org = json_object_get(event, "origin");
    const char   *type = json_string_value(json_object_get(event, "type"));
    const char   *ref;
    txng_pubkey   pub;
    char          want[TXNG_KEYREF_MAX];

    if (type == NULL || strcmp(type, TXNG_TYPE_GENESIS) != 0 || json_object_size(event) != 3 ||
        !json_is_string(key) || !json_is_string(org) ||
        strcmp(json_string_value(org), origin) != 0 ||
        txng_pubkey_parse(&pub, json_string_value(key), json_string_length(key), NULL) != TXNG_OK ||
        (expect != NULL && !txng_pubkey_equal(&pub, expect))) {
        txng_diag_set_once(diag, TXNG_N_("record 0 is not the genesis of this log"), "event");
        return TXNG_EFORMAT;
    }
    if (!txng_pubkey_equal(&pub, trust)) {
        txng_diag_set_once(diag, TXNG_N_("the genesis key is not the trusted key"), "event/key");
        return TXNG_EBADSIG;
    }
    txng_pubkey_ref(&pub, want);
    ref = json_string_value(json_object_get(json_array_get(sigs, 0), "key"));
    if (nsig != 1 || ref == NULL || strcmp(ref, want) != 0) {
        txng_diag_set_once(diag, TXNG_N_("the genesis is not signed by the log key"), "signatures");
        return TXNG_EBADSIG;
    }
    memset(info, 0, sizeof *info);
    info->key = pub;
    memcpy(info->role, "log", 4);
    return TXNG_OK;
}
