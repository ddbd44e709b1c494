/*
 * test_hash.c - SHA-256, RFC 6962 hashing, strict base64 and hex
 *
 * Known answers are FIPS 180-2 examples, the RFC 6962 reference tree in
 * $TXNG_VECTORS/tlog/merkle (skipped when absent) and values computed
 * independently with Python's hashlib and base64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/hash.h"
#include "tests/tap.h"

static const char *
hex(const unsigned char *b, size_t len)
{
    static char s[2 * 256 + 1];

    txng_hex_encode(s, b, len);
    return s;
}

/* Decode hex from a test vector, failing the test run on a malformed file. */
static size_t
unhex(unsigned char *out, size_t cap, const char *s)
{
    size_t len = strlen(s) / 2;

    if (len > cap || txng_hex_decode(out, len, s, strlen(s)) != TXNG_OK) {
        ok(0, "vector hex decodes: %s", s);
        return 0;
    }
    return len;
}

static void
test_sha256(void)
{
    unsigned char  h[TXNG_HASH_BYTES];
    unsigned char *big = malloc(1000000);

    txng_sha256(h, "abc", 3);
    ok(strcmp(hex(h, 32), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
       "sha256(abc)");
    txng_sha256(h, "", 0);
    ok(strcmp(hex(h, 32), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
       "sha256 of nothing");
    txng_sha256(h, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
    ok(strcmp(hex(h, 32), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0,
       "sha256 of the two-block FIPS example");
    if (big != NULL) {
        memset(big, 'a', 1000000);
        txng_sha256(h, big, 1000000);
        ok(strcmp(hex(h, 32), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") ==
               0,
           "sha256 of a million 'a'");
        free(big);
    }
}

static void
test_rfc6962_own(void)
{
    unsigned char a[32], b[32], n[32];
    const char   *text = "S\xc3\xa2m Ng\xe1\xbb\x8d"
                         "c Linh";

    txng_hash_leaf(n, text, strlen(text));
    ok(strcmp(hex(n, 32), "68b41db70483274832e05cb6ea02fbeff0aa68434dbf9c50e24c2608631574a4") == 0,
       "leaf hash prefixes 0x00");
    txng_sha256(a, "a", 1);
    txng_sha256(b, "b", 1);
    txng_hash_node(n, a, b);
    ok(strcmp(hex(n, 32), "1fdf7b651907a893865fdf1866cf251d60d527dfafa10a663514f4f9ee34ab22") == 0,
       "node hash prefixes 0x01");
    txng_hash_node(a, a, b);
    ok(memcmp(a, n, 32) == 0, "node hash with out aliasing left");
    txng_sha256(a, "a", 1);
    txng_hash_node(b, a, b);
    ok(memcmp(b, n, 32) == 0, "node hash with out aliasing right");
}

static void
test_rfc6962_vectors(void)
{
    const char  *dir = getenv("TXNG_VECTORS");
    char         path[4096];
    json_t      *root = NULL, *hv, *levels, *v;
    json_error_t je;
    size_t       i;

    if (dir == NULL) {
        tap_skip(5, "TXNG_VECTORS not set");
        return;
    }
    snprintf(path, sizeof path, "%s/tlog/merkle/rfc6962_reference_tree.json", dir);
    root = json_load_file(path, 0, &je);
    if (root == NULL) {
        tap_skip(5, "rfc6962_reference_tree.json absent");
        return;
    }
    hv = json_object_get(root, "hasher_vectors");
    ok(json_array_size(hv) >= 3, "hasher vectors present");
    json_array_foreach(hv, i, v)
    {
        const char   *op   = json_string_value(json_object_get(v, "op"));
        const char   *want = json_string_value(json_object_get(v, "want"));
        unsigned char in[256], got[32];
        size_t        len;

        if (op == NULL || want == NULL)
            continue;
        if (strcmp(op, "empty_root") == 0) {
            txng_sha256(got, "", 0);
            ok(strcmp(hex(got, 32), want) == 0, "hasher vector %zu: empty root", i);
        } else if (strcmp(op, "leaf") == 0) {
            len = unhex(in, sizeof in, json_string_value(json_object_get(v, "input_hex")));
            txng_hash_leaf(got, in, len);
            ok(strcmp(hex(got, 32), want) == 0, "hasher vector %zu: leaf", i);
        } else {
            /* Node vectors with children that are not 32 bytes do not fit our API. */
            tap_skip(1, "node vector with short children");
        }
    }

    /* Every leaf and every complete subtree of the 8-leaf reference tree. */
    levels = json_object_get(json_object_get(root, "node_hashes_by_level"), "levels");
    {
        json_t       *inputs = json_object_get(root, "leaf_inputs");
        unsigned char prev[8][32], cur[8][32], in[64];
        size_t        width = json_array_size(inputs), bad = 0, lvl, count = 0;

        for (i = 0; i < width && i < 8; i++) {
            size_t len = unhex(in, sizeof in, json_string_value(json_array_get(inputs, i)));
            txng_hash_leaf(prev[i], in, len);
            if (strcmp(hex(prev[i], 32),
                       json_string_value(json_array_get(json_array_get(levels, 0), i))) != 0)
                bad++;
            count++;
        }
        for (lvl = 1; lvl < json_array_size(levels); lvl++) {
            width /= 2;
            for (i = 0; i < width; i++) {
                txng_hash_node(cur[i], prev[2 * i], prev[2 * i + 1]);
                if (strcmp(hex(cur[i], 32),
                           json_string_value(json_array_get(json_array_get(levels, lvl), i))) != 0)
                    bad++;
                count++;
            }
            memcpy(prev, cur, sizeof cur);
        }
        ok(bad == 0 && count == 15, "reference tree: %zu of %zu hashes match", count - bad, count);
    }
    json_decref(root);
}

static char
b64char(unsigned v)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    return alphabet[v & 63];
}

static void
test_b64_encode(void)
{
    static const char *const want[] = { "",         "Zg==",     "Zm8=",    "Zm9v",
                                        "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
    char                     out[TXNG_B64_SIZE(6)];

    for (size_t i = 0; i < 7; i++) {
        size_t n = txng_b64_encode(out, "foobar", i);
        ok(n == strlen(want[i]) && strcmp(out, want[i]) == 0, "base64 of %zu bytes: %s", i, out);
    }
    ok(TXNG_B64_SIZE(TXNG_HASH_BYTES) == TXNG_HASH_B64_LEN + 1, "hash base64 length");
}

typedef txng_err (*b64_decoder)(void *, size_t, size_t *, const char *, size_t);

/* The same cases for txng_b64_decode() and txng_b64_decode_secret() (@p who). */
static void
test_b64_decode(b64_decoder decode, const char *who)
{
    static const struct {
        const char *in;
        const char *why;
    } bad[] = {
        { "Zg", "missing padding" },
        { "Zg=", "short padding" },
        { "Zm9v====", "padding after a full group" },
        { "Zh==", "non-zero trailing bits (1 byte)" },
        { "Zm9=", "non-zero trailing bits (2 bytes)" },
        { "Zm9v\n", "trailing newline" },
        { " Zm9v", "leading space" },
        { "Zm 9v", "inner space" },
        { "Zg==Zg==", "padding in the middle" },
        { "Zm9-", "URL-safe '-'" },
        { "Zm9_", "URL-safe '_'" },
        { "Zm9*", "bad character" },
        { "=", "padding only" },
        { "====", "a group of padding" },
        { "Z", "one character" },
        { "Zm9vY", "dangling character" },
    };
    unsigned char out[300], ref[200];
    char          enc[TXNG_B64_SIZE(200)];
    size_t        len = 99;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(out, 0xAA, sizeof out);
        len = 99;
        ok(decode(out, 16, &len, bad[i].in, strlen(bad[i].in)) == TXNG_EFORMAT &&
               len == 0 && out[0] == 0 && out[15] == 0 && out[16] == 0xAA,
           "%s: base64 refuses %s, wipes the output", who, bad[i].why);
    }
    ok(decode(out, sizeof out, &len, "Zm9vYmFy", 8) == TXNG_OK && len == 6 &&
           memcmp(out, "foobar", 6) == 0,
       "%s: base64 decodes foobar", who);
    ok(decode(out, sizeof out, &len, "Zm9vYg==", 8) == TXNG_OK && len == 4 &&
           memcmp(out, "foob", 4) == 0,
       "%s: base64 decodes with padding", who);
    ok(decode(out, 6, &len, "Zm9vYmFy", 8) == TXNG_OK && len == 6,
       "%s: base64 fits exactly into cap", who);
    ok(decode(out, 5, &len, "Zm9vYmFy", 8) == TXNG_EFORMAT && len == 0,
       "%s: base64 longer than cap refused", who);
    ok(decode(out, sizeof out, &len, "Zm9vYmFy", 0) == TXNG_OK && len == 0,
       "%s: empty base64 is zero bytes", who);
    ok(decode(out, sizeof out, NULL, "Zm9v", 4) == TXNG_OK, "%s: out_len may be NULL", who);
    ok(decode(NULL, 0, &len, "Zm9v", 4) == TXNG_EFORMAT, "%s: no room at all", who);
    ok(decode(out, sizeof out, &len, "Zm9vYmFy", 4) == TXNG_OK && len == 3,
       "%s: in_len bounds the input", who);

    /* Longer than one re-check chunk: defects in a later chunk are still found. */
    for (size_t i = 0; i < sizeof ref; i++)
        ref[i] = (unsigned char) (i * 7 + 3);
    txng_b64_encode(enc, ref, 199);
    ok(decode(out, sizeof out, &len, enc, strlen(enc)) == TXNG_OK && len == 199 &&
           memcmp(out, ref, 199) == 0,
       "%s: 199 bytes round-trip", who);
    enc[10] = (char) (enc[10] == 'A' ? 'B' : 'A');
    ok(decode(out, sizeof out, &len, enc, strlen(enc)) == TXNG_OK && len == 199 &&
           memcmp(out, ref, 199) != 0,
       "%s: a changed data character decodes differently", who);
    txng_b64_encode(enc, ref, 199); /* 199 = 3*66 + 1: ends "xy==" */
    enc[strlen(enc) - 3] = b64char(((ref[198] & 3) << 4) | 1);
    ok(decode(out, sizeof out, &len, enc, strlen(enc)) == TXNG_EFORMAT,
       "%s: trailing bits set after the first chunk refused", who);
}

/*
 * txng_b64_decode() and txng_b64_decode_secret() agree on every input: the same
 * answer, length and bytes, the output wiped on refusal. Inputs: random strings over
 * the alphabet, '=', and a few bytes outside it, and encodings of random bytes with
 * one character changed, each against several capacities.
 */
static void
test_b64_agree(void)
{
    static const char chars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==== \n-_*\x80\xff";
    unsigned char     a[64], b[64], raw[40];
    char              in[64];
    size_t            disagree = 0, accepted = 0, cases = 0;

    for (unsigned round = 0; round < 50000; round++) {
        size_t   in_len, cap, la = 7, lb = 7;
        txng_err ea, eb;

        if (round % 2 == 0) {
            in_len = randombytes_uniform(25);
            for (size_t i = 0; i < in_len; i++)
                in[i] = chars[randombytes_uniform(sizeof chars - 1)];
        } else {
            size_t n = randombytes_uniform(sizeof raw);

            randombytes_buf(raw, n);
            in_len = txng_b64_encode(in, raw, n);
            if (in_len > 0 && round % 4 == 1)
                in[randombytes_uniform((uint32_t) in_len)] =
                    chars[randombytes_uniform(sizeof chars - 1)];
        }
        cap = randombytes_uniform(3) == 0 ? randombytes_uniform(sizeof a) : sizeof a;
        memset(a, 0xAA, sizeof a);
        memset(b, 0xAA, sizeof b);
        ea = txng_b64_decode(a, cap, &la, in, in_len);
        eb = txng_b64_decode_secret(b, cap, &lb, in, in_len);
        cases++;
        accepted += ea == TXNG_OK && in_len > 0;
        if (ea != eb || la != lb || memcmp(a, b, sizeof a) != 0)
            disagree++;
    }
    ok(disagree == 0 && accepted > 10000, "the two base64 decoders agree on %zu inputs "
       "(%zu decoded, %zu disagree)", cases, accepted, disagree);
}

static void
test_hex(void)
{
    unsigned char b[4];
    char          s[9];

    txng_hex_encode(s, "\x00\x9f\xa0\xff", 4);
    ok(strcmp(s, "009fa0ff") == 0, "hex is lower case");
    ok(txng_hex_decode(b, 4, "009FA0ff", 8) == TXNG_OK && memcmp(b, "\x00\x9f\xa0\xff", 4) == 0,
       "hex decodes either case");
    ok(txng_hex_decode(b, 4, "009fa0f", 7) == TXNG_EFORMAT, "hex odd length refused");
    ok(txng_hex_decode(b, 3, "009fa0ff", 8) == TXNG_EFORMAT, "hex too long refused");
    ok(txng_hex_decode(b, 4, "009fa0", 6) == TXNG_EFORMAT, "hex too short refused");
    memset(b, 0xAA, sizeof b);
    ok(txng_hex_decode(b, 4, "009fa0fg", 8) == TXNG_EFORMAT && b[0] == 0 && b[3] == 0,
       "hex bad digit refused, output wiped");
    ok(txng_hex_decode(b, 4, "009f a0f", 8) == TXNG_EFORMAT, "hex with a space refused");
    ok(txng_hex_decode(b, 4, "0x9fa0ff", 8) == TXNG_EFORMAT, "hex with 0x refused");
    ok(txng_hex_decode(b, 0, "", 0) == TXNG_OK, "empty hex");
    ok(txng_hex_decode(b, (size_t) -1, "00", 2) == TXNG_EFORMAT, "huge length refused");
}

static void
test_dec(void)
{
    static const struct {
        const char *s;
        bool        ok;
        uint64_t    v;
    } cases[] = {
        { "0", true, 0 },
        { "7", true, 7 },
        { "20852163", true, 20852163 },
        { "18446744073709551615", true, UINT64_MAX },
        { "18446744073709551616", false, 0 },
        { "99999999999999999999", false, 0 },
        { "123456789012345678901", false, 0 },
        { "00", false, 0 },
        { "01", false, 0 },
        { "", false, 0 },
        { "-1", false, 0 },
        { "+1", false, 0 },
        { " 1", false, 0 },
        { "1 ", false, 0 },
        { "1a", false, 0 },
    };
    uint64_t v;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        v = 42;
        if (cases[i].ok)
            ok(txng_dec_parse(cases[i].s, strlen(cases[i].s), &v) && v == cases[i].v,
               "decimal \"%s\" parses", cases[i].s);
        else
            ok(!txng_dec_parse(cases[i].s, strlen(cases[i].s), &v) && v == 42,
               "decimal \"%s\" is refused and leaves the output alone", cases[i].s);
    }
    ok(txng_dec_parse("123", 2, &v) && v == 12, "only len bytes are read");
}

int
main(void)
{
    if (sodium_init() < 0) {
        printf("1..0 # SKIP sodium_init failed\n");
        return 0;
    }
    if (tap_vectors_only()) {
        if (tap_vectors_absent())
            return 0;
        test_rfc6962_vectors();
        return tap_done();
    }
    test_sha256();
    test_rfc6962_own();
    test_b64_encode();
    test_b64_decode(txng_b64_decode, "fast");
    test_b64_decode(txng_b64_decode_secret, "secret");
    test_b64_agree();
    test_hex();
    test_dec();
    return tap_done();
}
