/*
 * test_record.c - DSSE PAE, signed events and canonical records
 *
 * Known answers: the DSSE spec's PAE example read from $TXNG_VECTORS
 * (skipped when absent) and short ones worked out by hand; signatures are
 * checked with libsodium directly, not through the code under test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/canon.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/record.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

static json_t *
parse(const char *text)
{
    json_error_t e;
    json_t      *v = json_loads(text, 0, &e);

    if (v == NULL) {
        fprintf(stderr, "bad test JSON: %s\n", text);
        abort();
    }
    return v;
}

/* The test texts below are printf formats taking two strings (a %.0s drops one). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
fill(char *out, size_t cap, const char *fmt, const char *a, const char *b)
{
    snprintf(out, cap, fmt, a, b);
}
#pragma GCC diagnostic pop

static void
test_pae(void)
{
    unsigned char *out = NULL;
    size_t         len = 0;
    const char    *dir = getenv("TXNG_VECTORS");
    char           path[4096];
    json_t        *vec = NULL;

    ok(txng_pae(&out, &len, "t", "ab", 2) == TXNG_OK && len == 15 &&
           memcmp(out, "DSSEv1 1 t 2 ab", 15) == 0,
       "pae of a short body");
    free(out);
    ok(txng_pae(&out, &len, TXNG_EVENT_PAYLOAD_TYPE, "", 0) == TXNG_OK &&
           strcmp((char *) out, "DSSEv1 31 application/vnd.txng.event+json 0 ") == 0,
       "pae of an empty body under the event type");
    free(out);
    if (dir != NULL) {
        snprintf(path, sizeof path, "%s/tlog/dsse/dsse_pae.json", dir);
        vec = json_load_file(path, 0, NULL);
    }
    if (vec == NULL) {
        tap_skip(1, "dsse_pae.json not found (TXNG_VECTORS)");
        return;
    }
    {
        const char *type = json_string_value(json_object_get(vec, "payload_type"));
        const char *body = json_string_value(json_object_get(vec, "body_utf8"));
        const char *want = json_string_value(json_object_get(vec, "pae_utf8"));

        ok(type != NULL && body != NULL && want != NULL &&
               txng_pae(&out, &len, type, body, strlen(body)) == TXNG_OK &&
               len == strlen(want) && memcmp(out, want, len) == 0,
           "pae matches the DSSE spec vector");
        free(out);
    }
    json_decref(vec);
}

static void
test_event_check(void)
{
    static const char *const bad[] = {
        "[1]", "{}", "{\"type\":\"\"}", "{\"type\":3}", "{\"type\":\"x\",\"q\":1.5}",
        "{\"type\":\"x\",\"n\":9007199254740992}",
    };
    txng_diag d = TXNG_DIAG_INIT;
    json_t   *ev;
    char     *bytes = NULL, *big;
    size_t    len   = 0;

    ev = parse("{\"type\":\"ObjectEvent\",\"b\":\"Sâm Ngọc Linh\",\"a\":1}");
    ok(txng_event_check(ev, &d) == TXNG_OK, "a plain event passes");
    ok(txng_event_encode(&bytes, &len, ev, NULL) == TXNG_OK &&
           strcmp(bytes, "{\"a\":1,\"b\":\"Sâm Ngọc Linh\",\"type\":\"ObjectEvent\"}") == 0 &&
           len == strlen(bytes),
       "event_encode gives the canonical bytes");
    free(bytes);
    json_decref(ev);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        txng_diag d2 = TXNG_DIAG_INIT;

        ev = parse(bad[i]);
        ok(txng_event_check(ev, &d2) == TXNG_EFORMAT && d2.reason != NULL,
           "event refused: %s (%s)", bad[i], d2.reason ? d2.reason : "no reason");
        ok(txng_event_encode(&bytes, &len, ev, NULL) == TXNG_EFORMAT && bytes == NULL,
           "event_encode refuses it too");
        json_decref(ev);
    }
    big = malloc(TXNG_EVENT_MAX + 1);
    memset(big, 'a', TXNG_EVENT_MAX);
    big[TXNG_EVENT_MAX] = '\0';
    ev                  = json_pack("{s:s, s:s}", "type", "x", "blob", big);
    memset(&d, 0, sizeof d);
    ok(txng_event_check(ev, &d) == TXNG_EFORMAT && d.reason != NULL &&
           strstr(d.reason, "large") != NULL,
       "an event over TXNG_EVENT_MAX is refused");
    json_decref(ev);
    free(big);
}

static void
test_sign_verify(void)
{
    txng_signer       *a = signer("alice.example", 0x11), *b = signer("bob.example", 0x22);
    const txng_pubkey *pa = txng_signer_pubkey(a), *pb = txng_signer_pubkey(b);
    json_t            *ev = parse("{\"type\":\"ObjectEvent\",\"z\":[1,2],\"a\":\"x\"}");
    json_t            *s1 = NULL, *s2 = NULL, *s3 = NULL;
    txng_diag          d  = TXNG_DIAG_INIT;
    const char        *sig;
    unsigned char      raw[64], *pae = NULL;
    size_t             raw_len = 0, pae_len = 0;
    char               ref[TXNG_KEYREF_MAX];

    ok(txng_event_sign(&s1, ev, a, &d) == TXNG_OK && s1 != NULL, "sign an event");
    ok(txng_signed_event_check(s1, &d) == TXNG_OK, "the signed event has the right shape");
    sig = json_string_value(json_object_get(json_array_get(json_object_get(s1, "signatures"), 0),
                                            "sig"));
    txng_pubkey_ref(pa, ref);
    ok(strcmp(json_string_value(json_object_get(
                  json_array_get(json_object_get(s1, "signatures"), 0), "key")),
              ref) == 0,
       "the signature names the key by name+hex8");
    /* Independent check: libsodium over the PAE of the canonical text written by hand. */
    {
        const char *canon = "{\"a\":\"x\",\"type\":\"ObjectEvent\",\"z\":[1,2]}";

        ok(txng_b64_decode(raw, sizeof raw, &raw_len, sig, strlen(sig)) == TXNG_OK &&
               raw_len == 64 &&
               txng_pae(&pae, &pae_len, TXNG_EVENT_PAYLOAD_TYPE, canon, strlen(canon)) ==
                   TXNG_OK &&
               crypto_sign_verify_detached(raw, pae, pae_len, pa->pk) == 0,
           "the signature is Ed25519 over PAE(type, JCS(event))");
        free(pae);
    }
    ok(txng_event_verify(ev, pa, sig) == TXNG_OK, "event_verify accepts it");
    ok(txng_event_verify(ev, pb, sig) == TXNG_EBADSIG, "event_verify: another key fails");
    ok(txng_event_verify(ev, pa, "AAAA") == TXNG_EFORMAT, "event_verify: short base64");
    ok(txng_event_verify(ev, pa, "not base64!") == TXNG_EFORMAT, "event_verify: not base64");
    {
        json_t *other = parse("{\"type\":\"ObjectEvent\",\"z\":[1,3],\"a\":\"x\"}");

        ok(txng_event_verify(other, pa, sig) == TXNG_EBADSIG, "event_verify: other event fails");
        json_decref(other);
    }
    ok(txng_event_sign(&s2, s1, b, &d) == TXNG_OK &&
           json_array_size(json_object_get(s2, "signatures")) == 2,
       "a second key adds its signature");
    ok(json_array_size(json_object_get(s1, "signatures")) == 1, "the input is not modified");
    memset(&d, 0, sizeof d);
    ok(txng_event_sign(&s3, s2, a, &d) == TXNG_EEXIST && s3 == NULL && d.reason != NULL,
       "a key signs once");
    {
        json_t *bad = parse("{\"event\":{\"type\":\"x\"},\"signatures\":[]}");

        ok(txng_event_sign(&s3, bad, a, NULL) == TXNG_EFORMAT && s3 == NULL,
           "sign refuses a malformed signed event");
        json_decref(bad);
        bad = parse("{\"type\":\"\"}");
        ok(txng_event_sign(&s3, bad, a, NULL) == TXNG_EFORMAT && s3 == NULL,
           "sign refuses a bad event");
        json_decref(bad);
    }
    /* 16 signatures is the most. */
    {
        json_t *cur = json_incref(s1);

        for (int i = 1; i < TXNG_EVENT_MAX_SIGS; i++) {
            char         name[32];
            txng_signer *k;
            json_t      *next = NULL;

            snprintf(name, sizeof name, "k%d.example", i);
            k = signer(name, (unsigned char) (0x40 + i));
            if (txng_event_sign(&next, cur, k, NULL) != TXNG_OK)
                abort();
            json_decref(cur);
            cur = next;
            txng_signer_free(k);
        }
        ok(txng_signed_event_check(cur, NULL) == TXNG_OK, "16 signatures pass");
        ok(txng_event_sign(&s3, cur, b, NULL) == TXNG_EFORMAT && s3 == NULL,
           "a 17th signature is refused");
        json_decref(cur);
    }
    json_decref(s1);
    json_decref(s2);
    json_decref(ev);
    txng_signer_free(a);
    txng_signer_free(b);
}

static void
test_signed_shape(void)
{
    static const char *const bad[] = {
        "[]",
        "{\"event\":{\"type\":\"x\"}}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[],\"more\":1}",
        "{\"event\":{\"type\":\"\"},\"signatures\":[{\"key\":\"a+01234567\",\"sig\":\"%s\"}]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":{}}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[1]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+01234567\"}]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+01234567\",\"sig\":\"%s\",\"x\":1}]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a\",\"sig\":\"%s\"}]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+0123456\",\"sig\":\"%s\"}]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+01234567\",\"sig\":\"AAAA\"}]}",
        "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+01234567\",\"sig\":5}]}",
        ("{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+01234567\",\"sig\":\"%s\"},"
         "{\"key\":\"a+01234567\",\"sig\":\"%s\"}]}"),
    };
    char   sig[TXNG_B64_SIZE(64)], text[1024];
    json_t *v;
    unsigned char zero[64] = { 0 };

    txng_b64_encode(sig, zero, sizeof zero);
    snprintf(text, sizeof text,
             "{\"event\":{\"type\":\"x\"},\"signatures\":[{\"key\":\"a+01234567\",\"sig\":\"%s\"}]}",
             sig);
    v = parse(text);
    ok(txng_signed_event_check(v, NULL) == TXNG_OK, "a well-formed signed event passes");
    ok(txng_signatures_check(json_object_get(v, "signatures"), NULL) == TXNG_OK,
       "signatures_check alone");
    json_decref(v);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        txng_diag d = TXNG_DIAG_INIT;

        fill(text, sizeof text, bad[i], sig, sig);
        v = parse(text);
        ok(txng_signed_event_check(v, &d) == TXNG_EFORMAT && d.reason != NULL,
           "signed event refused (%zu): %s", i, d.reason ? d.reason : "no reason");
        json_decref(v);
    }
}

static void
test_time(void)
{
    char out[32];

    txng_time_format(out, 0);
    ok(strcmp(out, "1970-01-01T00:00:00Z") == 0, "time 0");
    txng_time_format(out, 1700000000);
    ok(strcmp(out, "2023-11-14T22:13:20Z") == 0, "time 1700000000");
    txng_time_format(out, 951782400);
    ok(strcmp(out, "2000-02-29T00:00:00Z") == 0, "a leap day");
    txng_time_format(out, 253402300799LL);
    ok(strcmp(out, "9999-12-31T23:59:59Z") == 0, "the last four-digit second");
}

/* A record text with one field replaced; %s is the signatures array. */
static void
test_record(void)
{
    txng_signer  *a   = signer("alice.example", 0x11);
    json_t       *ev  = parse("{\"type\":\"ObjectEvent\",\"lot\":\"L24-017\"}");
    json_t       *se  = NULL, *obj;
    char         *rec = NULL, *rec1 = NULL, *canon = NULL;
    size_t        len = 0, len1 = 0, clen = 0;
    unsigned char prev[32];
    txng_record  *r = NULL;
    txng_diag     d = TXNG_DIAG_INIT;
    char          sigs[512], text[2048], prev_b64[64];
    char         *sigs_text;

    for (int i = 0; i < 32; i++)
        prev[i] = (unsigned char) i;
    txng_b64_encode(prev_b64, prev, 32);
    if (txng_event_sign(&se, ev, a, NULL) != TXNG_OK)
        abort();
    sigs_text = json_dumps(json_object_get(se, "signatures"), JSON_COMPACT);
    snprintf(sigs, sizeof sigs, "%s", sigs_text);
    free(sigs_text);

    ok(txng_record_encode(&rec, &len, ev, json_object_get(se, "signatures"), 0, NULL,
                          1700000000) == TXNG_OK,
       "encode record 0");
    snprintf(text, sizeof text,
             "{\"event\":{\"lot\":\"L24-017\",\"type\":\"ObjectEvent\"},\"index\":0,\"prev\":\"\","
             "\"recorded\":\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
             sigs);
    ok(rec != NULL && strcmp(rec, text) == 0 && len == strlen(text),
       "record 0 bytes are the canonical record");
    ok(txng_record_encode(&rec1, &len1, ev, json_object_get(se, "signatures"), 7, prev,
                          1700000000) == TXNG_OK,
       "encode record 7");
    obj = json_pack("{s:O, s:i, s:s, s:s, s:O, s:i}", "event", ev, "index", 7, "prev", prev_b64,
                    "recorded", "2023-11-14T22:13:20Z", "signatures",
                    json_object_get(se, "signatures"), "v", 1);
    ok(txng_canon_encode(obj, &canon, &clen) == TXNG_OK && clen == len1 &&
           memcmp(canon, rec1, len1) == 0,
       "record_encode equals txng_canon_encode of the record object");
    json_decref(obj);
    free(canon);

    ok(txng_record_decode(&r, rec1, len1, &d) == TXNG_OK && r != NULL && r->index == 7 &&
           memcmp(r->prev, prev, 32) == 0 && strcmp(r->recorded, "2023-11-14T22:13:20Z") == 0 &&
           json_equal(r->event, ev) &&
           json_equal(r->signatures, json_object_get(se, "signatures")),
       "decode gives back the fields");
    txng_record_free(r);
    r = NULL;
    ok(txng_record_decode(&r, rec, len, NULL) == TXNG_OK && r != NULL && r->index == 0 &&
           sodium_is_zero(r->prev, 32),
       "decode record 0: prev is zeros");
    txng_record_free(r);
    txng_record_free(NULL);

    /* The recorded time read from the end of the record. */
    {
        json_t *nested =
            json_pack("{s:s, s:{s:s, s:s}, s:s}", "note", "\",\"recorded\":\"1999", "sub", "a", "x",
                      "recorded", "2001-01-01T00:00:00Z", "type", "X");
        char   *rn  = NULL;
        size_t  rnl = 0;
        int64_t t   = 0;

        ok(txng_record_time(rec1, len1, &t) == TXNG_OK && t == 1700000000,
           "record_time reads the recorded time");
        ok(txng_record_encode(&rn, &rnl, nested, json_object_get(se, "signatures"), 3, prev,
                              86399) == TXNG_OK &&
               txng_record_time(rn, rnl, &t) == TXNG_OK && t == 86399,
           "record_time: an event with its own recorded member and quoted text is passed over");
        ok(txng_record_time(rec1, 60, &t) == TXNG_EFORMAT,
           "record_time: a record cut before its time: EFORMAT");
        ok(txng_record_time("", 0, &t) == TXNG_EFORMAT, "record_time: no bytes: EFORMAT");
        free(rn);
        json_decref(nested);
    }

    /* Encoding refusals. */
    ok(txng_record_encode(&canon, &clen, ev, json_object_get(se, "signatures"), 1, NULL, 0) ==
           TXNG_EFORMAT,
       "encode: no prev after record 0");
    ok(txng_record_encode(&canon, &clen, ev, json_object_get(se, "signatures"), 0, prev, 0) ==
           TXNG_EFORMAT,
       "encode: a prev at record 0");
    ok(txng_record_encode(&canon, &clen, ev, json_object_get(se, "signatures"), 1, prev, -1) ==
           TXNG_EFORMAT,
       "encode: time before the epoch");
    ok(txng_record_encode(&canon, &clen, ev, json_object_get(se, "signatures"),
                          (uint64_t) 1 << 53, prev, 0) == TXNG_EFORMAT,
       "encode: index past 2^53-1");
    ok(txng_record_encode(&canon, &clen, json_object_get(se, "signatures"),
                          json_object_get(se, "signatures"), 1, prev, 0) == TXNG_EFORMAT,
       "encode: event not an object");
    ok(txng_record_encode(&canon, &clen, ev, ev, 1, prev, 0) == TXNG_EFORMAT,
       "encode: signatures not an array");

    /* Decoding refusals: each text differs from a good record in one way. */
    {
        struct {
            const char *fmt;
            const char *what;
        } bad[] = {
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1} ",
              "trailing white space" },
            { "{\"index\":1,\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "keys out of order" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":2}",
              "version 2" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":\"1\"}",
              "version as a string" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s}",
              "missing v" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"extra\":0,\"index\":1,\"prev\":\"%s\","
              "\"recorded\":\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "an extra key" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":-1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "negative index" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":\"1\",\"prev\":\"%s\","
              "\"recorded\":\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "index as a string" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":0,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "a prev at index 0" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%.43s\","
              "\"recorded\":\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "prev of 43 characters" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"\"%.0s,"
              "\"recorded\":\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "empty prev after index 0" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-13-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "month 13" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-02-29T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "29 February of a common year" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20.5Z\",\"signatures\":%s,\"v\":1}",
              "fractional seconds" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20+00:00\",\"signatures\":%s,\"v\":1}",
              "an offset instead of Z" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14 22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "a space instead of T" },
            { "{\"event\":{\"lot\":\"L\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "event without a type" },
            { "{\"event\":[],\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "event not an object" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":[]%.0s,\"v\":1}",
              "no signatures" },
            { "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":[{\"key\":\"x\",\"sig\":\"\"}]%.0s,\"v\":1}",
              "a malformed signature" },
            { "{\"event\":{\"lot\":1.5,\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
              "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
              "a float" },
            { "not json %s %s", "not JSON" },
        };
        char good[2048];

        snprintf(good, sizeof good,
                 "{\"event\":{\"lot\":\"L\",\"type\":\"T\"},\"index\":1,\"prev\":\"%s\",\"recorded\":"
                 "\"2023-11-14T22:13:20Z\",\"signatures\":%s,\"v\":1}",
                 prev_b64, sigs);
        ok(txng_record_decode(&r, good, strlen(good), NULL) == TXNG_OK, "the base text decodes");
        txng_record_free(r);
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            txng_diag d2 = TXNG_DIAG_INIT;

            fill(text, sizeof text, bad[i].fmt, prev_b64, sigs);
            r = (txng_record *) 1;
            ok(txng_record_decode(&r, text, strlen(text), &d2) == TXNG_EFORMAT && r == NULL &&
                   d2.reason != NULL,
               "decode refuses %s (%s)", bad[i].what, d2.reason ? d2.reason : "no reason");
        }
    }
    free(rec);
    free(rec1);
    json_decref(se);
    json_decref(ev);
    txng_signer_free(a);
}

int
main(void)
{
    if (sodium_init() < 0)
        return 1;
    test_pae();
    test_event_check();
    test_sign_verify();
    test_signed_shape();
    test_time();
    test_record();
    return tap_done();
}
