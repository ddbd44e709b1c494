/*
 * record.c - signed events, DSSE PAE and canonical log records
 *
 * Record bytes are txng_canon_encode() of the record object. log.c builds
 * the same bytes by concatenating canonical pieces on its hot path; the unit
 * tests hold the two together. Decoding accepts exactly the bytes that
 * encoding gives: it reads them in one pass that takes canonical JSON only
 * (txng_canon_parse_exact()), then checks the key set and each member's type
 * and form.
 */
#define _GNU_SOURCE /* memmem */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/canon.h"
#include "core/civil.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/record.h"

/* Length of base64 of a 64-byte signature. */
#define SIG_B64_LEN 88
/* Seconds from 0000-01-01 to 9999-12-31T23:59:59Z are outside RFC 3339's four digits. */
#define TIME_MAX 253402300799LL

static bool
digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned) (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Whether @p s is exactly "YYYY-MM-DDTHH:MM:SSZ" naming a real instant. */
/* Parse the RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SSZ" into seconds since the epoch. */
static bool
time_parse(const char *s, size_t len, int64_t *t)
{
    unsigned y, mo, d, h, mi, se;
    unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (len != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
        !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
        return false;
    if ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
        mdays[1] = 29;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h >= 24 || mi >= 60 || se >= 60)
        return false;
    *t = txng_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

/* Sign PAE(event bytes) with @p signer; @p sig_b64 gets SIG_B64_LEN + 1 bytes. */
static txng_err
sign_bytes(char sig_b64[TXNG_B64_SIZE(TXNG_SIG_BYTES)], const txng_signer *signer,
           const char *ev, size_t ev_len)
{
    unsigned char *pae     = NULL;
    size_t         pae_len = 0;
    unsigned char  sig[TXNG_SIG_BYTES];
    txng_err       err;

    err = txng_pae(&pae, &pae_len, TXNG_EVENT_PAYLOAD_TYPE, ev, ev_len);
    if (err != TXNG_OK)
        return err;
    txng_signer_sign(signer, sig, pae, pae_len);
    txng_b64_encode(sig_b64, sig, sizeof sig);
    free(pae);
    return TXNG_OK;
}

txng_err
txng_pae(unsigned char **out, size_t *out_len, const char *type, const void *body,
         size_t body_len)
{
    size_t tlen = strlen(type);
    int    head;
    char  *p;

    *out     = NULL;
    *out_len = 0;
    head     = snprintf(NULL, 0, "DSSEv1 %zu %s %zu ", tlen, type, body_len);
    if (head < 0)
        return TXNG_ENOMEM;
    p = malloc((size_t) head + body_len + 1);
    if (p == NULL)
        return TXNG_ENOMEM;
    snprintf(p, (size_t) head + 1, "DSSEv1 %zu %s %zu ", tlen, type, body_len);
    if (body_len > 0)
        memcpy(p + head, body, body_len);
    p[(size_t) head + body_len] = '\0';
    *out                        = (unsigned char *) p;
    *out_len                    = (size_t) head + body_len;
    return TXNG_OK;
}

txng_err
txng_event_encode(char **out, size_t *out_len, const json_t *event, txng_diag *diag)
{
    const json_t *type;
    char         *bytes = NULL;
    size_t        len   = 0;
    txng_err      err;

    *out     = NULL;
    *out_len = 0;
    if (!json_is_object(event)) {
        txng_diag_set_once(diag, TXNG_N_("event is not a JSON object"), "event");
        return TXNG_EFORMAT;
    }
    type = json_object_get(event, "type");
    if (!json_is_string(type) || json_string_length(type) == 0) {
        txng_diag_set_once(diag, TXNG_N_("event has no type"), "type");
        return TXNG_EFORMAT;
    }
    err = txng_canon_encode(event, &bytes, &len);
    if (err == TXNG_EFORMAT) {
        /* The check only fills @p diag; the encoder already said EFORMAT. */
        if (txng_canon_check(event, diag) != TXNG_EFORMAT)
            txng_diag_set_once(diag, TXNG_N_("event breaks the canonical JSON rules"), NULL);
        return TXNG_EFORMAT;
    }
    if (err != TXNG_OK)
        return err;
    if (len > TXNG_EVENT_MAX) {
        free(bytes);
        txng_diag_set_once(diag, TXNG_N_("event is too large"), "event");
        return TXNG_EFORMAT;
    }
    *out     = bytes;
    *out_len = len;
    return TXNG_OK;
}

txng_err
txng_event_check(const json_t *event, txng_diag *diag)
{
    char    *bytes = NULL;
    size_t   len   = 0;
    txng_err err   = txng_event_encode(&bytes, &len, event, diag);

    free(bytes);
    return err;
}

/* Set @p reason on @p diag for part @p part ("", "/key" or "/sig") of signature @p i. */
static void
sig_fail(txng_diag *diag, const char *reason, size_t i, const char *part)
{
    char field[64];

    snprintf(field, sizeof field, "signatures/%zu%s", i, part);
    txng_diag_set_once(diag, reason, field);
}

txng_err
txng_signatures_check(const json_t *signatures, txng_diag *diag)
{
    size_t n;

    if (!json_is_array(signatures)) {
        txng_diag_set_once(diag, TXNG_N_("signatures is not an array"), "signatures");
        return TXNG_EFORMAT;
    }
    n = json_array_size(signatures);
    if (n == 0 || n > TXNG_EVENT_MAX_SIGS) {
        txng_diag_set_once(diag,
                           n == 0 ? TXNG_N_("event has no signature")
                                  : TXNG_N_("event has too many signatures"),
                           "signatures");
        return TXNG_EFORMAT;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(signatures, i);
        const json_t *key, *sig;
        char          name[TXNG_KEY_NAME_MAX + 1];
        uint32_t      id;
        unsigned char raw[TXNG_SIG_BYTES];
        size_t        raw_len = 0;

        if (!json_is_object(s) || json_object_size(s) != 2) {
            sig_fail(diag, TXNG_N_("a signature must have exactly \"key\" and \"sig\""), i, "");
            return TXNG_EFORMAT;
        }
        key = json_object_get(s, "key");
        sig = json_object_get(s, "sig");
        if (!json_is_string(key) || json_string_length(key) >= TXNG_KEYREF_MAX ||
            strlen(json_string_value(key)) != json_string_length(key) ||
            txng_keyref_parse(json_string_value(key), name, &id) != TXNG_OK) {
            sig_fail(diag, TXNG_N_("signature key is not NAME+KEYID"), i, "/key");
            return TXNG_EFORMAT;
        }
        if (!json_is_string(sig) || json_string_length(sig) != SIG_B64_LEN ||
            txng_b64_decode(raw, sizeof raw, &raw_len, json_string_value(sig), SIG_B64_LEN) !=
                TXNG_OK ||
            raw_len != TXNG_SIG_BYTES) {
            sig_fail(diag, TXNG_N_("signature is not base64 of 64 bytes"), i, "/sig");
            return TXNG_EFORMAT;
        }
        for (size_t j = 0; j < i; j++) {
            const json_t *other = json_object_get(json_array_get(signatures, j), "key");

            if (strcmp(json_string_value(other), json_string_value(key)) == 0) {
                sig_fail(diag, TXNG_N_("a key signed twice"), i, "/key");
                return TXNG_EFORMAT;
            }
        }
    }
    if (txng_canon_check(signatures, diag) != TXNG_OK) {
        txng_diag_set_once(diag, TXNG_N_("signatures break the canonical JSON rules"),
                           "signatures");
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

txng_err
txng_signed_event_check(const json_t *signed_event, txng_diag *diag)
{
    const json_t *event, *sigs;
    txng_err      err;

    if (!json_is_object(signed_event) || json_object_size(signed_event) != 2 ||
        (event = json_object_get(signed_event, "event")) == NULL ||
        (sigs = json_object_get(signed_event, "signatures")) == NULL) {
        txng_diag_set_once(
            diag, TXNG_N_("a signed event must have exactly \"event\" and \"signatures\""), NULL);
        return TXNG_EFORMAT;
    }
    err = txng_event_check(event, diag);
    if (err != TXNG_OK)
        return err;
    return txng_signatures_check(sigs, diag);
}

txng_err
txng_event_sign(json_t **out, const json_t *event, const txng_signer *signer, txng_diag *diag)
{
    const json_t *bare  = event, *sigs = NULL;
    json_t       *res   = NULL, *list = NULL, *one = NULL;
    char         *bytes = NULL;
    size_t        len   = 0;
    char          ref[TXNG_KEYREF_MAX];
    char          sig[TXNG_B64_SIZE(TXNG_SIG_BYTES)];
    txng_err      err;

    *out = NULL;
    if (json_is_object(event) && json_object_size(event) == 2 &&
        json_object_get(event, "event") != NULL && json_object_get(event, "signatures") != NULL) {
        err = txng_signed_event_check(event, diag);
        if (err != TXNG_OK)
            return err;
        bare = json_object_get(event, "event");
        sigs = json_object_get(event, "signatures");
    }
    err = txng_event_encode(&bytes, &len, bare, diag);
    if (err != TXNG_OK)
        return err;
    txng_pubkey_ref(txng_signer_pubkey(signer), ref);
    if (sigs != NULL) {
        for (size_t i = 0; i < json_array_size(sigs); i++) {
            if (strcmp(json_string_value(json_object_get(json_array_get(sigs, i), "key")),
                       ref) == 0) {
                txng_diag_set_once(diag, TXNG_N_("this key already signed the event"),
                                   "signatures");
                err = TXNG_EEXIST;
                goto out;
            }
        }
        if (json_array_size(sigs) >= TXNG_EVENT_MAX_SIGS) {
            txng_diag_set_once(diag, TXNG_N_("event has too many signatures"), "signatures");
            err = TXNG_EFORMAT;
            goto out;
        }
    }
    err = sign_bytes(sig, signer, bytes, len);
    if (err != TXNG_OK)
        goto out;
    err  = TXNG_ENOMEM;
    one  = json_pack("{s:s, s:s}", "key", ref, "sig", sig);
    list = sigs != NULL ? json_deep_copy(sigs) : json_array();
    res  = json_object();
    if (one == NULL || list == NULL || res == NULL || json_array_append(list, one) != 0 ||
        json_object_set_new(res, "event", json_deep_copy(bare)) != 0 ||
        json_object_get(res, "event") == NULL || json_object_set(res, "signatures", list) != 0)
        goto out;
    *out = res;
    res  = NULL;
    err  = TXNG_OK;
out:
    json_decref(res);
    json_decref(list);
    json_decref(one);
    free(bytes);
    return err;
}

txng_err
txng_event_verify(const json_t *event, const txng_pubkey *key, const char *sig_b64)
{
    unsigned char  sig[TXNG_SIG_BYTES];
    size_t         sig_len = 0;
    char          *bytes   = NULL;
    size_t         len     = 0;
    unsigned char *pae     = NULL;
    size_t         pae_len = 0;
    txng_err       err;

    if (txng_b64_decode(sig, sizeof sig, &sig_len, sig_b64, strlen(sig_b64)) != TXNG_OK ||
        sig_len != sizeof sig)
        return TXNG_EFORMAT;
    err = txng_canon_encode(event, &bytes, &len);
    if (err != TXNG_OK)
        return err;
    err = txng_pae(&pae, &pae_len, TXNG_EVENT_PAYLOAD_TYPE, bytes, len);
    if (err == TXNG_OK)
        err = txng_pubkey_verify(key, sig, pae, pae_len);
    free(pae);
    free(bytes);
    return err;
}

txng_err
txng_record_encode(char **out, size_t *out_len, const json_t *event, const json_t *signatures,
                   uint64_t index, const unsigned char *prev, int64_t recorded)
{
    json_t  *rec = NULL;
    char     prev_b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)] = "";
    char     when[32];
    txng_err err;

    *out     = NULL;
    *out_len = 0;
    err      = txng_event_check(event, NULL);
    if (err == TXNG_OK)
        err = txng_signatures_check(signatures, NULL);
    if (err != TXNG_OK)
        return err;
    if (index > (uint64_t) TXNG_CANON_INT_MAX || (index == 0) != (prev == NULL) ||
        recorded < 0 || recorded > TIME_MAX)
        return TXNG_EFORMAT;
    if (prev != NULL)
        txng_b64_encode(prev_b64, prev, TXNG_HASH_BYTES);
    txng_time_format(when, recorded);
    rec = json_pack("{s:O, s:I, s:s, s:s, s:O, s:i}", "event", event, "index", (json_int_t) index,
                    "prev", prev_b64, "recorded", when, "signatures", signatures, "v",
                    TXNG_RECORD_VERSION);
    if (rec == NULL)
        return TXNG_ENOMEM;
    err = txng_canon_encode(rec, out, out_len);
    json_decref(rec);
    return err;
}

const char *
txng_record_find(const void *bytes, size_t len, const char *text)
{
    return memmem(bytes, len, text, strlen(text));
}

txng_err
txng_record_decode(txng_record **out, const void *bytes, size_t len, txng_diag *diag)
{
    json_t       *v   = NULL;
    txng_record  *rec = NULL;
    json_t       *event, *index, *prev, *recorded, *sigs, *ver;
    size_t        prev_len = 0;
    int64_t       when;
    txng_err      err;

    *out = NULL;
    /* Stored records are canonical: read them in one pass, and only what that pass declines
     * (a damaged record) through the full parser, which says what is wrong. */
    err = txng_canon_parse_exact(&v, bytes, len);
    if (err == TXNG_ENOMEM)
        return err;
    if (err != TXNG_OK) {
        /* the fault and its offset; then the value of a canonical record nested too deep
         * for the one pass */
        err = txng_canon_is_canonical(bytes, len, diag);
        if (err == TXNG_OK)
            err = txng_canon_parse(&v, bytes, len, 0, diag);
        if (err != TXNG_OK)
            return err;
    }
    err = TXNG_EFORMAT;
    if (!json_is_object(v) || json_object_size(v) != 6 ||
        (event = json_object_get(v, "event")) == NULL ||
        (index = json_object_get(v, "index")) == NULL ||
        (prev = json_object_get(v, "prev")) == NULL ||
        (recorded = json_object_get(v, "recorded")) == NULL ||
        (sigs = json_object_get(v, "signatures")) == NULL || (ver = json_object_get(v, "v")) == NULL) {
        txng_diag_set_once(
            diag, TXNG_N_("a record has exactly event, index, prev, recorded, signatures and v"),
            NULL);
        goto out;
    }
    if (!json_is_integer(ver) || json_integer_value(ver) != TXNG_RECORD_VERSION) {
        txng_diag_set_once(diag, TXNG_N_("unsupported record version"), "v");
        goto out;
    }
    if (!json_is_integer(index) || json_integer_value(index) < 0) {
        txng_diag_set_once(diag, TXNG_N_("record index is not a non-negative integer"), "index");
        goto out;
    }
    rec = calloc(1, sizeof *rec);
    if (rec == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    rec->index = (uint64_t) json_integer_value(index);
    if (!json_is_string(prev) ||
        (rec->index == 0 ? json_string_length(prev) != 0
                         : (json_string_length(prev) != TXNG_HASH_B64_LEN ||
                            txng_b64_decode(rec->prev, sizeof rec->prev, &prev_len,
                                            json_string_value(prev), TXNG_HASH_B64_LEN) !=
                                TXNG_OK ||
                            prev_len != TXNG_HASH_BYTES))) {
        txng_diag_set_once(diag, TXNG_N_("prev is not the base64 of a hash"), "prev");
        goto out;
    }
    if (!json_is_string(recorded) ||
        !time_parse(json_string_value(recorded), json_string_length(recorded), &when)) {
        txng_diag_set_once(diag, TXNG_N_("recorded is not a UTC time YYYY-MM-DDTHH:MM:SSZ"),
                           "recorded");
        goto out;
    }
    memcpy(rec->recorded, json_string_value(recorded), 21);
    /* The record is canonical, so the event's canonical form is shorter than it. */
    if (len > TXNG_EVENT_MAX)
        err = txng_event_check(event, diag);
    else if (!json_is_object(event) || !json_is_string(json_object_get(event, "type")) ||
             json_string_length(json_object_get(event, "type")) == 0) {
        txng_diag_set_once(diag, TXNG_N_("event has no type"), "event/type");
        err = TXNG_EFORMAT;
    } else
        err = TXNG_OK;
    if (err == TXNG_OK)
        err = txng_signatures_check(sigs, diag);
    if (err != TXNG_OK)
        goto out;
    rec->event      = json_incref(event);
    rec->signatures = json_incref(sigs);
    *out            = rec;
    rec             = NULL;
    err             = TXNG_OK;
out:
    txng_record_free(rec);
    json_decref(v);
    return err;
}

txng_err
txng_record_time(const void *bytes, size_t len, int64_t *t)
{
    static const char member[] = ",\"recorded\":\"";
    const size_t      mlen     = sizeof member - 1;
    const char       *s        = bytes;

    /*
     * Inside a canonical string every '"' is escaped, so the bytes ,"recorded":" only
     * occur as a member; after the event come index, prev, recorded, signatures (whose
     * objects have only key and sig) and v, so the last occurrence is the record's own.
     */
    for (size_t i = len >= mlen + 21 ? len - mlen - 21 + 1 : 0; i-- > 0;) {
        if (memcmp(s + i, member, mlen) != 0)
            continue;
        return s[i + mlen + 20] == '"' && time_parse(s + i + mlen, 20, t) ? TXNG_OK : TXNG_EFORMAT;
    }
    return TXNG_EFORMAT;
}

void
txng_record_free(txng_record *rec)
{
    if (rec == NULL)
        return;
    json_decref(rec->event);
    json_decref(rec->signatures);
    free(rec);
}

void
txng_time_format(char out[32], int64_t t)
{
    int64_t  days, secs, y;
    unsigned m, d;

    /* Clamp to the four-digit years RFC 3339 can write. */
    if (t < 0)
        t = 0;
    if (t > TIME_MAX)
        t = TIME_MAX;
    days = t / 86400;
    secs = t % 86400;
    txng_civil_from_days(days, &y, &m, &d);
    snprintf(out, 32, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int) y, m, d, (int) (secs / 3600),
             (int) (secs / 60 % 60), (int) (secs % 60));
}
