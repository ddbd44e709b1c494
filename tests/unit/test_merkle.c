/*
 * test_merkle.c - RFC 6962 roots and proofs against the reference vectors,
 * the transparency-dev probe suites, and a naive recursive MTH
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/merkle.h"
#include "tests/tap.h"

#define HB        TXNG_HASH_BYTES
#define MAX_N     300 /* largest tree of the property test */
#define MAX_LEVEL 9   /* 2^9 > MAX_N */
#define CONS_N    64  /* consistency pairs checked up to this size */

/* TAP lines each vector file gives, used for the skip counts. */
#define N_TREE_LINES  19
#define N_PROOF_LINES 11
#define N_PROBES_INCL 98
#define N_PROBES_CONS 98

typedef unsigned char hash_t[HB];

/* An in-memory subtree-hash source. Lookups of a subtree that is not
 * complete inside [0, limit) fail, so the code under test is checked to ask
 * only for nodes that a store of a tree of that size holds. */
typedef struct table {
    hash_t   nodes[MAX_LEVEL + 1][MAX_N];
    bool     have[MAX_LEVEL + 1][MAX_N];
    uint64_t limit;
    unsigned calls;
    unsigned fail_at; /* 1-based call that fails with TXNG_ECORRUPT; 0 = never */
    bool     bad_request;
} table;

static txng_err
table_source(void *ctx, unsigned level, uint64_t index, unsigned char out[HB])
{
    table *t = ctx;

    t->calls++;
    if (t->fail_at != 0 && t->calls == t->fail_at) {
        return TXNG_ECORRUPT;
    }
    if (level > MAX_LEVEL || index >= MAX_N || !t->have[level][index] ||
        index >= (t->limit >> level)) {
        t->bad_request = true;
        return TXNG_ENOTFOUND;
    }
    memcpy(out, t->nodes[level][index], HB);
    return TXNG_OK;
}

static void
table_on_node(void *ctx, unsigned level, uint64_t index, const unsigned char hash[HB])
{
    table *t = ctx;

    if (level <= MAX_LEVEL && index < MAX_N) {
        memcpy(t->nodes[level][index], hash, HB);
        t->have[level][index] = true;
    } else {
        t->bad_request = true;
    }
}

static void
table_reset_counters(table *t, uint64_t limit)
{
    t->limit       = limit;
    t->calls       = 0;
    t->fail_at     = 0;
    t->bad_request = false;
}

/* Independent hashing with libsodium, so the expected values do not come
 * from the hash module under test. */
static void
ref_leaf(unsigned char out[HB], const void *data, size_t len)
{
    crypto_hash_sha256_state st;
    unsigned char            prefix = 0x00;

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &prefix, 1);
    crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, out);
}

static void
ref_node(unsigned char out[HB], const unsigned char l[HB], const unsigned char r[HB])
{
    unsigned char buf[1 + 2 * HB];

    buf[0] = 0x01;
    memcpy(buf + 1, l, HB);
    memcpy(buf + 1 + HB, r, HB);
    crypto_hash_sha256(out, buf, sizeof(buf));
}

/* MTH(D[lo:hi]) by the RFC 6962 §2.1 recursion. */
static void
naive_mth(unsigned char out[HB], hash_t *leaves, size_t lo, size_t hi)
{
    unsigned char l[HB], r[HB];
    size_t        k = 1;

    if (hi == lo) {
        crypto_hash_sha256(out, (const unsigned char *) "", 0);
        return;
    }
    if (hi - lo == 1) {
        memcpy(out, leaves[lo], HB);
        return;
    }
    while (k * 2 < hi - lo) {
        k *= 2;
    }
    naive_mth(l, leaves, lo, lo + k);
    naive_mth(r, leaves, lo + k, hi);
    ref_node(out, l, r);
}

static unsigned
ceil_log2(uint64_t n)
{
    unsigned d = 0;

    while (d < 64 && (UINT64_C(1) << d) < n) {
        d++;
    }
    return d;
}

static bool
hex32(unsigned char out[HB], const char *hex)
{
    size_t len = 0;

    return hex && strlen(hex) == 2 * HB &&
           sodium_hex2bin(out, HB, hex, 2 * HB, NULL, &len, NULL) == 0 && len == HB;
}

/* Decode base64 that is expected to hold a hash. Values of another length
 * (the probes' "wrong root", "garbage" and 12-byte roots) are replaced by
 * SHA-256 of a tag and their bytes: a 32-byte stand-in that keeps equal
 * values equal and unequal ones unequal, so the verifier makes the call.
 * @p exact, if not NULL, says whether the value had 32 bytes. */
static bool
b64_hash(unsigned char out[HB], const char *b64, bool *exact)
{
    unsigned char            buf[256];
    size_t                   len = 0;
    crypto_hash_sha256_state st;

    if (!b64 || sodium_base642bin(buf, sizeof(buf), b64, strlen(b64), NULL, &len, NULL,
                                  sodium_base64_VARIANT_ORIGINAL) != 0) {
        return false;
    }
    if (exact) {
        *exact = len == HB;
    }
    if (len == HB) {
        memcpy(out, buf, HB);
    } else {
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, (const unsigned char *) "not a hash", 10);
        crypto_hash_sha256_update(&st, buf, len);
        crypto_hash_sha256_final(&st, out);
    }
    return true;
}

static json_t *
load_vector_flags(const char *name, size_t flags)
{
    const char  *dir = getenv("TXNG_VECTORS");
    char         path[4096];
    json_error_t jerr;

    if (!dir || !*dir) {
        return NULL;
    }
    snprintf(path, sizeof(path), "%s/tlog/merkle/%s", dir, name);
    return json_load_file(path, flags, &jerr);
}

static json_t *
load_vector(const char *name)
{
    return load_vector_flags(name, 0);
}

/* The probes hold 2^64 - 1, which jansson's int64 cannot: they are read with
 * every number as a double, exact for the small sizes they use. */
static uint64_t
json_u64(json_t *v)
{
    double d = json_number_value(v);

    if (d >= 18446744073709551615.0) {
        return UINT64_MAX;
    }
    return (uint64_t) d;
}

/* Proof array from JSON (hex or base64 strings); null counts as empty. */
static bool
json_proof(hash_t *proof, size_t *n, size_t cap, json_t *arr, bool hex)
{
    size_t  i;
    json_t *v;

    *n = 0;
    if (json_is_null(arr) || !arr) {
        return true;
    }
    if (!json_is_array(arr) || json_array_size(arr) > cap) {
        return false;
    }
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(v);

        if (!(hex ? hex32(proof[i], s) : b64_hash(proof[i], s, NULL))) {
            return false;
        }
    }
    *n = json_array_size(arr);
    return true;
}

static bool
proof_eq(hash_t *a, size_t na, hash_t *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * HB) == 0);
}

/* ---- reference tree: roots for sizes 0..8, node hashes ---- */

static void
test_reference_tree(void)
{
    static table      t, built;
    json_t           *root = load_vector("rfc6962_reference_tree.json");
    json_t           *levels, *inputs, *roots;
    hash_t            leaves[8];
    txng_merkle_range range;
    size_t            lv, i;
    json_t           *level, *v;
    bool              nodes_ok = true;

    if (!root) {
        tap_skip(N_TREE_LINES, "rfc6962_reference_tree.json not found (TXNG_VECTORS)");
        return;
    }
    memset(&t, 0, sizeof(t));
    memset(&built, 0, sizeof(built));
    levels = json_object_get(json_object_get(root, "node_hashes_by_level"), "levels");
    inputs = json_object_get(root, "leaf_inputs");
    roots  = json_object_get(root, "root_by_tree_size");
    json_array_foreach(levels, lv, level)
    {
        json_array_foreach(level, i, v)
        {
            if (lv <= MAX_LEVEL && i < MAX_N && hex32(t.nodes[lv][i], json_string_value(v))) {
                t.have[lv][i] = true;
            }
        }
    }
    /* The compact range, fed the leaf inputs, must produce exactly the
     * reference node table through on_node. */
    txng_merkle_range_init(&range);
    json_array_foreach(inputs, i, v)
    {
        unsigned char buf[64];
        size_t        len = 0;
        const char   *s   = json_string_value(v);

        if (i >= 8 || !s || sodium_hex2bin(buf, sizeof(buf), s, strlen(s), NULL, &len, NULL) != 0) {
            nodes_ok = false;
            break;
        }
        ref_leaf(leaves[i], buf, len);
        txng_merkle_range_push(&range, leaves[i], table_on_node, &built);
    }
    for (lv = 0; lv <= 3 && nodes_ok; lv++) {
        for (i = 0; i < (8u >> lv); i++) {
            if (!t.have[lv][i] || !built.have[lv][i] ||
                memcmp(t.nodes[lv][i], built.nodes[lv][i], HB) != 0) {
                nodes_ok = false;
            }
        }
    }
    ok(nodes_ok && range.size == 8, "compact range on_node gives the reference node table");

    for (uint64_t size = 0; size <= 8; size++) {
        char          key[4];
        unsigned char want[HB], got[HB];
        bool          have_want;

        snprintf(key, sizeof(key), "%u", (unsigned) size);
        have_want = hex32(want, json_string_value(json_object_get(roots, key)));
        table_reset_counters(&t, size);
        ok(have_want && txng_merkle_root(got, size, table_source, &t) == TXNG_OK &&
               memcmp(got, want, HB) == 0 && !t.bad_request,
           "reference root of size %u from the node table", (unsigned) size);

        txng_merkle_range_init(&range);
        for (i = 0; i < size; i++) {
            txng_merkle_range_push(&range, leaves[i], NULL, NULL);
        }
        txng_merkle_range_root(&range, got);
        ok(have_want && memcmp(got, want, HB) == 0, "reference root of size %u from the range",
           (unsigned) size);
    }
    json_decref(root);
}

/* ---- reference proofs: generate, compare, verify ---- */

static void
test_reference_proofs(void)
{
    static table t;
    json_t      *root = load_vector("rfc6962_reference_proofs.json");
    json_t      *tree = load_vector("rfc6962_reference_tree.json");
    json_t      *levels, *level, *v, *c;
    size_t       lv, i;
    unsigned     lines = 0;

    if (!root || !tree) {
        tap_skip(N_PROOF_LINES, "rfc6962_reference_proofs.json not found (TXNG_VECTORS)");
        json_decref(root);
        json_decref(tree);
        return;
    }
    memset(&t, 0, sizeof(t));
    levels = json_object_get(json_object_get(tree, "node_hashes_by_level"), "levels");
    json_array_foreach(levels, lv, level)
    {
        json_array_foreach(level, i, v)
        {
            if (lv <= MAX_LEVEL && i < MAX_N && hex32(t.nodes[lv][i], json_string_value(v))) {
                t.have[lv][i] = true;
            }
        }
    }
    json_array_foreach(json_object_get(root, "inclusion"), i, c)
    {
        hash_t        want[TXNG_MERKLE_MAX_PROOF], got[TXNG_MERKLE_MAX_PROOF];
        unsigned char leaf[HB], rh[HB];
        size_t        nwant = 0, ngot = 99;
        uint64_t      idx  = json_integer_value(json_object_get(c, "leaf_index"));
        uint64_t      size = json_integer_value(json_object_get(c, "tree_size"));
        bool          parsed;

        parsed = hex32(leaf, json_string_value(json_object_get(c, "leaf_hash"))) &&
                 hex32(rh, json_string_value(json_object_get(c, "root"))) &&
                 json_proof(want, &nwant, TXNG_MERKLE_MAX_PROOF, json_object_get(c, "path"), true);
        table_reset_counters(&t, size);
        ok(parsed && txng_merkle_inclusion(got, &ngot, idx, size, table_source, &t) == TXNG_OK &&
               !t.bad_request && proof_eq(got, ngot, want, nwant) &&
               txng_merkle_verify_inclusion(leaf, idx, size, (const hash_t *) want, nwant, rh) ==
                   TXNG_OK,
           "reference inclusion proof %u in %u", (unsigned) idx, (unsigned) size);
        lines++;
    }
    json_array_foreach(json_object_get(root, "consistency"), i, c)
    {
        hash_t        want[TXNG_MERKLE_MAX_PROOF], got[TXNG_MERKLE_MAX_PROOF];
        unsigned char r1[HB], r2[HB];
        size_t        nwant = 0, ngot = 99;
        uint64_t      first  = json_integer_value(json_object_get(c, "first"));
        uint64_t      second = json_integer_value(json_object_get(c, "second"));
        bool          parsed;

        parsed = hex32(r1, json_string_value(json_object_get(c, "first_root"))) &&
                 hex32(r2, json_string_value(json_object_get(c, "second_root"))) &&
                 json_proof(want, &nwant, TXNG_MERKLE_MAX_PROOF, json_object_get(c, "path"), true);
        table_reset_counters(&t, second);
        ok(parsed &&
               txng_merkle_consistency(got, &ngot, first, second, table_source, &t) == TXNG_OK &&
               !t.bad_request && proof_eq(got, ngot, want, nwant) &&
               txng_merkle_verify_consistency(first, second, r1, r2, (const hash_t *) want,
                                              nwant) == TXNG_OK,
           "reference consistency proof %u -> %u", (unsigned) first, (unsigned) second);
        lines++;
    }
    ok(lines == N_PROOF_LINES - 1, "all %d reference proofs were read", N_PROOF_LINES - 1);
    json_decref(root);
    json_decref(tree);
}

/* ---- transparency-dev probes ---- */

static void
test_probes(const char *file, bool inclusion, int expected)
{
    json_t *root = load_vector_flags(file, JSON_DECODE_INT_AS_REAL);
    json_t *probes, *p;
    size_t  i;

    if (!root) {
        char why[128];

        snprintf(why, sizeof(why), "%s not found (TXNG_VECTORS)", file);
        tap_skip(expected, why);
        return;
    }
    probes = json_object_get(root, "probes");
    ok((int) json_array_size(probes) == expected - 1, "%s holds %d probes", file, expected - 1);
    json_array_foreach(probes, i, p)
    {
        hash_t   proof[2 * TXNG_MERKLE_MAX_PROOF];
        size_t   n        = 0;
        bool     want_err = json_is_true(json_object_get(p, "wantErr"));
        bool     parsed;
        txng_err err = TXNG_EPROOF;

        parsed =
            json_proof(proof, &n, 2 * TXNG_MERKLE_MAX_PROOF, json_object_get(p, "proof"), false);
        if (inclusion) {
            unsigned char leaf[HB], rh[HB];
            uint64_t      idx    = json_u64(json_object_get(p, "leafIdx"));
            uint64_t      size   = json_u64(json_object_get(p, "treeSize"));
            bool          leaf32 = false;

            parsed = parsed &&
                     b64_hash(leaf, json_string_value(json_object_get(p, "leafHash")), &leaf32) &&
                     b64_hash(rh, json_string_value(json_object_get(p, "root")), NULL);
            /* The caller's rule (notes §1.4): a leaf hash must have 32 bytes. */
            if (parsed && leaf32) {
                err = txng_merkle_verify_inclusion(leaf, idx, size, (const hash_t *) proof, n, rh);
            }
        } else {
            unsigned char r1[HB], r2[HB];
            uint64_t      s1 = json_u64(json_object_get(p, "size1"));
            uint64_t      s2 = json_u64(json_object_get(p, "size2"));

            parsed = parsed && b64_hash(r1, json_string_value(json_object_get(p, "root1")), NULL) &&
                     b64_hash(r2, json_string_value(json_object_get(p, "root2")), NULL);
            if (parsed) {
                err = txng_merkle_verify_consistency(s1, s2, r1, r2, (const hash_t *) proof, n);
            }
        }
        ok(parsed && (err == TXNG_OK || err == TXNG_EPROOF) && (err != TXNG_OK) == want_err,
           "probe %s: %s (wantErr %s)", json_string_value(json_object_get(p, "source_file")),
           json_string_value(json_object_get(p, "desc")), want_err ? "true" : "false");
    }
    json_decref(root);
}

/* ---- property test: sizes 1..MAX_N against a naive MTH ---- */

static void
flip(unsigned char *h, size_t at)
{
    h[at % HB] ^= 0x01;
}

/* Every proof for leaf i verifies; each mutation of it fails. */
static bool
check_inclusion(table *t, hash_t *leaves, uint64_t size, const unsigned char root[HB],
                unsigned *max_calls)
{
    for (uint64_t i = 0; i < size; i++) {
        hash_t        proof[TXNG_MERKLE_MAX_PROOF + 1];
        unsigned char leaf[HB], rh[HB];
        size_t        n = 99;

        table_reset_counters(t, size);
        if (txng_merkle_inclusion(proof, &n, i, size, table_source, t) != TXNG_OK ||
            t->bad_request) {
            return false;
        }
        if (t->calls > *max_calls) {
            *max_calls = t->calls;
        }
        if (n > ceil_log2(size) ||
            txng_merkle_verify_inclusion(leaves[i], i, size, (const hash_t *) proof, n, root) !=
                TXNG_OK) {
            return false;
        }
        for (size_t j = 0; j < n; j++) {
            flip(proof[j], j + i);
            if (txng_merkle_verify_inclusion(leaves[i], i, size, (const hash_t *) proof, n, root) !=
                TXNG_EPROOF) {
                return false;
            }
            flip(proof[j], j + i);
        }
        memcpy(leaf, leaves[i], HB);
        flip(leaf, i);
        memcpy(rh, root, HB);
        flip(rh, i + 5);
        if (txng_merkle_verify_inclusion(leaf, i, size, (const hash_t *) proof, n, root) !=
                TXNG_EPROOF ||
            txng_merkle_verify_inclusion(leaves[i], i, size, (const hash_t *) proof, n, rh) !=
                TXNG_EPROOF) {
            return false;
        }
        /* One hash too few, one too many. */
        if (n > 0 && txng_merkle_verify_inclusion(leaves[i], i, size, (const hash_t *) proof, n - 1,
                                                  root) != TXNG_EPROOF) {
            return false;
        }
        memcpy(proof[n], root, HB);
        if (txng_merkle_verify_inclusion(leaves[i], i, size, (const hash_t *) proof, n + 1, root) !=
            TXNG_EPROOF) {
            return false;
        }
    }
    return true;
}

static void
test_property(void)
{
    static table      t;
    static hash_t     leaves[MAX_N];
    static hash_t     roots[MAX_N + 1];
    txng_merkle_range range;
    bool              roots_ok = true, incl_ok = true, calls_ok = true, nodes_ok = true;
    unsigned          max_calls = 0;

    memset(&t, 0, sizeof(t));
    for (size_t i = 0; i < MAX_N; i++) {
        unsigned char data[16];

        memset(data, 0, sizeof(data));
        data[0] = (unsigned char) i;
        data[1] = (unsigned char) (i >> 8);
        data[2] = 0x5a;
        ref_leaf(leaves[i], data, 3);
    }
    /* One range grows to MAX_N; after each push its table holds every
     * complete subtree of the tree so far. */
    txng_merkle_range_init(&range);
    naive_mth(roots[0], leaves, 0, 0);
    for (uint64_t size = 1; size <= MAX_N; size++) {
        unsigned char got[HB], got_range[HB];
        unsigned      calls;

        txng_merkle_range_push(&range, leaves[size - 1], table_on_node, &t);
        naive_mth(roots[size], leaves, 0, size);
        txng_merkle_range_root(&range, got_range);
        table_reset_counters(&t, size);
        if (txng_merkle_root(got, size, table_source, &t) != TXNG_OK || t.bad_request ||
            memcmp(got, roots[size], HB) != 0 || memcmp(got_range, roots[size], HB) != 0 ||
            range.size != size) {
            roots_ok = false;
            printf("# root mismatch at size %u\n", (unsigned) size);
        }
        calls = t.calls;
        if (calls != (unsigned) __builtin_popcountll(size)) {
            calls_ok = false;
        }
        max_calls = 0;
        if (!check_inclusion(&t, leaves, size, roots[size], &max_calls)) {
            incl_ok = false;
            printf("# inclusion failure at size %u\n", (unsigned) size);
        }
        if (max_calls > 2 * ceil_log2(size)) {
            calls_ok = false;
            printf("# %u lookups for an inclusion proof in %u\n", max_calls, (unsigned) size);
        }
    }
    /* The table must hold exactly the complete subtrees, each equal to the naive MTH. */
    for (unsigned lv = 0; lv <= MAX_LEVEL; lv++) {
        for (uint64_t i = 0; i < MAX_N; i++) {
            bool complete = (i + 1) << lv <= MAX_N;

            if (t.have[lv][i] != complete) {
                nodes_ok = false;
            } else if (complete) {
                unsigned char want[HB];

                naive_mth(want, leaves, i << lv, (i + 1) << lv);
                if (memcmp(want, t.nodes[lv][i], HB) != 0) {
                    nodes_ok = false;
                }
            }
        }
    }
    ok(nodes_ok && !t.bad_request, "on_node reports every complete subtree, with its MTH");
    ok(roots_ok, "root from source and from range equal the naive MTH, sizes 1..%d", MAX_N);
    ok(incl_ok, "every inclusion proof, sizes 1..%d, verifies; mutated ones fail", MAX_N);
    ok(calls_ok, "root costs popcount(n) lookups, a proof at most 2 ceil(log2 n)");

    /* Consistency for every pair up to CONS_N. */
    {
        bool gen_ok = true, verify_ok = true, mutate_ok = true, len_ok = true;

        for (uint64_t size = 0; size <= CONS_N; size++) {
            for (uint64_t old = 0; old <= size; old++) {
                hash_t        proof[TXNG_MERKLE_MAX_PROOF + 1];
                unsigned char r1[HB], r2[HB];
                size_t        n    = 99;
                txng_err      want = (old == 0) ? TXNG_EPROOF : TXNG_OK;

                table_reset_counters(&t, size);
                if (txng_merkle_consistency(proof, &n, old, size, table_source, &t) != TXNG_OK ||
                    t.bad_request) {
                    gen_ok = false;
                    continue;
                }
                if (((old == 0 || old == size) && n != 0) || n > ceil_log2(size) + 1 ||
                    t.calls > 2 * ceil_log2(size) + 1) {
                    len_ok = false;
                }
                if (txng_merkle_verify_consistency(old, size, roots[old], roots[size],
                                                   (const hash_t *) proof, n) != want) {
                    verify_ok = false;
                    printf("# consistency %u -> %u\n", (unsigned) old, (unsigned) size);
                }
                if (old == 0) {
                    continue;
                }
                for (size_t j = 0; j < n; j++) {
                    flip(proof[j], j + old);
                    if (txng_merkle_verify_consistency(old, size, roots[old], roots[size],
                                                       (const hash_t *) proof, n) != TXNG_EPROOF) {
                        mutate_ok = false;
                    }
                    flip(proof[j], j + old);
                }
                memcpy(r1, roots[old], HB);
                flip(r1, old);
                memcpy(r2, roots[size], HB);
                flip(r2, size);
                if (txng_merkle_verify_consistency(old, size, r1, roots[size],
                                                   (const hash_t *) proof, n) != TXNG_EPROOF ||
                    txng_merkle_verify_consistency(old, size, roots[old], r2,
                                                   (const hash_t *) proof, n) != TXNG_EPROOF) {
                    mutate_ok = false;
                }
                if (n > 0 &&
                    txng_merkle_verify_consistency(old, size, roots[old], roots[size],
                                                   (const hash_t *) proof, n - 1) != TXNG_EPROOF) {
                    mutate_ok = false;
                }
                memcpy(proof[n], roots[size], HB);
                if (txng_merkle_verify_consistency(old, size, roots[old], roots[size],
                                                   (const hash_t *) proof, n + 1) != TXNG_EPROOF) {
                    mutate_ok = false;
                }
            }
        }
        ok(gen_ok, "consistency proofs generate for every pair up to %d", CONS_N);
        ok(len_ok, "consistency proofs have at most ceil(log2 n) + 1 hashes and lookups bounded");
        ok(verify_ok, "every consistency proof up to %d verifies (old 0 is refused)", CONS_N);
        ok(mutate_ok, "flipped, short, long proofs and wrong roots fail");
    }
}

/* ---- very large trees: all leaves equal, so level L hashes are one value ---- */

typedef struct uniform {
    hash_t   level[64];
    uint64_t limit;
    unsigned calls;
} uniform;

static txng_err
uniform_source(void *ctx, unsigned level, uint64_t index, unsigned char out[HB])
{
    uniform *u = ctx;

    u->calls++;
    if (level > 63 || index >= (u->limit >> level)) {
        return TXNG_ENOTFOUND;
    }
    memcpy(out, u->level[level], HB);
    return TXNG_OK;
}

/* MTH of n equal leaves, by the RFC recursion (perfect halves from the table). */
static void
uniform_mth(unsigned char out[HB], const uniform *u, uint64_t n)
{
    unsigned char r[HB];
    uint64_t      k  = 1;
    unsigned      lk = 0;

    if ((n & (n - 1)) == 0) {
        while ((UINT64_C(1) << lk) != n) {
            lk++;
        }
        memcpy(out, u->level[lk], HB);
        return;
    }
    while (k <= (n - 1) / 2) { /* largest power of two below n */
        k *= 2;
        lk++;
    }
    uniform_mth(r, u, n - k);
    ref_node(out, u->level[lk], r);
}

static void
test_large(void)
{
    static uniform        u;
    static const uint64_t sizes[] = { UINT64_C(1) << 40, (UINT64_C(1) << 40) + 12345,
                                      (UINT64_C(1) << 63) - 1, (UINT64_C(1) << 63) + 1,
                                      UINT64_MAX };
    hash_t                proof[TXNG_MERKLE_MAX_PROOF];
    size_t                n;
    bool                  all_ok = true;

    ref_leaf(u.level[0], "x", 1);
    for (unsigned l = 1; l < 64; l++) {
        ref_node(u.level[l], u.level[l - 1], u.level[l - 1]);
    }
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint64_t      size   = sizes[s];
        uint64_t      idx[]  = { 0, size / 3, size - 2, size - 1 };
        uint64_t      olds[] = { 1, 2, size / 2 + 1, size - 1 };
        unsigned char root[HB], want[HB], oroot[HB];

        u.limit = size;
        u.calls = 0;
        uniform_mth(want, &u, size);
        if (txng_merkle_root(root, size, uniform_source, &u) != TXNG_OK ||
            memcmp(root, want, HB) != 0) {
            all_ok = false;
        }
        for (size_t i = 0; i < 4; i++) {
            u.calls = 0;
            n       = 0;
            if (txng_merkle_inclusion(proof, &n, idx[i], size, uniform_source, &u) != TXNG_OK ||
                u.calls > 128 ||
                txng_merkle_verify_inclusion(u.level[0], idx[i], size, (const hash_t *) proof, n,
                                             root) != TXNG_OK) {
                all_ok = false;
                printf("# large inclusion %llu in %llu\n", (unsigned long long) idx[i],
                       (unsigned long long) size);
            }
        }
        for (size_t i = 0; i < 4; i++) {
            txng_err err;

            u.calls = 0;
            n       = 0;
            uniform_mth(oroot, &u, olds[i]);
            err = txng_merkle_consistency(proof, &n, olds[i], size, uniform_source, &u);
            if (err == TXNG_EINVAL && size > (UINT64_C(1) << 63)) {
                continue; /* needs 65 hashes; checked below */
            }
            if (err != TXNG_OK || u.calls > 129 ||
                txng_merkle_verify_consistency(olds[i], size, oroot, root, (const hash_t *) proof,
                                               n) != TXNG_OK) {
                all_ok = false;
                printf("# large consistency %llu -> %llu\n", (unsigned long long) olds[i],
                       (unsigned long long) size);
            }
        }
    }
    ok(all_ok, "roots and proofs for trees up to 2^64 - 1 leaves");

    /* From 2^63 + 1 to 2^64 - 1 the RFC proof has 65 hashes: refused, not overrun. */
    u.limit = UINT64_MAX;
    n       = 99;
    ok(txng_merkle_consistency(proof, &n, (UINT64_C(1) << 63) + 1, UINT64_MAX, uniform_source,
                               &u) == TXNG_EINVAL &&
           n == 0,
       "consistency proof longer than TXNG_MERKLE_MAX_PROOF is TXNG_EINVAL");
    n = 99;
    ok(txng_merkle_consistency(proof, &n, (UINT64_C(1) << 62) + 1, UINT64_C(1) << 63,
                               uniform_source, &u) == TXNG_OK &&
           n == TXNG_MERKLE_MAX_PROOF,
       "a 64-hash consistency proof fits");
}

/* ---- error paths ---- */

static void
test_errors(void)
{
    static table      t;
    hash_t            leaves[8], proof[TXNG_MERKLE_MAX_PROOF + 2];
    unsigned char     root[HB], root5[HB], out[HB];
    txng_merkle_range range;
    size_t            n;
    unsigned          total;
    bool              propagated;

    memset(&t, 0, sizeof(t));
    txng_merkle_range_init(&range);
    for (unsigned i = 0; i < 8; i++) {
        unsigned char d = (unsigned char) i;

        ref_leaf(leaves[i], &d, 1);
        txng_merkle_range_push(&range, leaves[i], table_on_node, &t);
        if (i == 4) {
            txng_merkle_range_root(&range, root5);
        }
    }
    txng_merkle_range_root(&range, root);

    /* Empty tree. */
    table_reset_counters(&t, 0);
    ok(txng_merkle_root(out, 0, table_source, &t) == TXNG_OK && t.calls == 0 &&
           memcmp(out,
                  "\xe3\xb0\xc4\x42\x98\xfc\x1c\x14\x9a\xfb\xf4\xc8\x99\x6f\xb9\x24"
                  "\x27\xae\x41\xe4\x64\x9b\x93\x4c\xa4\x95\x99\x1b\x78\x52\xb8\x55",
                  HB) == 0,
       "root of the empty tree is SHA-256 of nothing, with no lookup");
    txng_merkle_range_init(&range);
    txng_merkle_range_root(&range, out);
    ok(range.size == 0 && out[0] == 0xe3 && out[31] == 0x55, "empty range root");

    /* Generation: bad arguments. */
    n = 99;
    ok(txng_merkle_inclusion(proof, &n, 8, 8, table_source, &t) == TXNG_EINVAL && n == 0,
       "inclusion: index == size is TXNG_EINVAL");
    n = 99;
    ok(txng_merkle_inclusion(proof, &n, 9, 8, table_source, &t) == TXNG_EINVAL && n == 0,
       "inclusion: index > size is TXNG_EINVAL");
    n = 99;
    ok(txng_merkle_inclusion(proof, &n, 0, 0, table_source, &t) == TXNG_EINVAL && n == 0,
       "inclusion: empty tree is TXNG_EINVAL");
    n = 99;
    ok(txng_merkle_consistency(proof, &n, 9, 8, table_source, &t) == TXNG_EINVAL && n == 0,
       "consistency: old > size is TXNG_EINVAL");
    n = 99;
    table_reset_counters(&t, 8);
    ok(txng_merkle_consistency(proof, &n, 0, 8, table_source, &t) == TXNG_OK && n == 0 &&
           t.calls == 0,
       "consistency: old == 0 gives an empty proof");
    n = 99;
    ok(txng_merkle_consistency(proof, &n, 8, 8, table_source, &t) == TXNG_OK && n == 0 &&
           t.calls == 0,
       "consistency: old == size gives an empty proof");

    /* The source's error is passed on from every lookup position. */
    propagated = true;
    for (unsigned k = 1;; k++) {
        table_reset_counters(&t, 7);
        if (txng_merkle_inclusion(proof, &n, 4, 7, table_source, &t) != TXNG_OK) {
            propagated = false;
        }
        total = t.calls;
        if (k > total) {
            break;
        }
        table_reset_counters(&t, 7);
        t.fail_at = k;
        n         = 99;
        if (txng_merkle_inclusion(proof, &n, 4, 7, table_source, &t) != TXNG_ECORRUPT || n != 0) {
            propagated = false;
        }
    }
    ok(propagated, "inclusion passes on the source's error at each lookup");
    propagated = true;
    for (unsigned k = 1;; k++) {
        table_reset_counters(&t, 7);
        if (txng_merkle_consistency(proof, &n, 5, 7, table_source, &t) != TXNG_OK) {
            propagated = false;
        }
        total = t.calls;
        if (k > total) {
            break;
        }
        table_reset_counters(&t, 7);
        t.fail_at = k;
        n         = 99;
        if (txng_merkle_consistency(proof, &n, 5, 7, table_source, &t) != TXNG_ECORRUPT || n != 0) {
            propagated = false;
        }
    }
    ok(propagated, "consistency passes on the source's error at each lookup");
    propagated = true;
    for (unsigned k = 1; k <= 3; k++) { /* 7 = 4 + 2 + 1 lookups */
        table_reset_counters(&t, 7);
        t.fail_at = k;
        if (txng_merkle_root(out, 7, table_source, &t) != TXNG_ECORRUPT) {
            propagated = false;
        }
    }
    ok(propagated, "root passes on the source's error at each lookup");

    /* Verification: bad sizes and lengths. */
    table_reset_counters(&t, 8);
    ok(txng_merkle_inclusion(proof, &n, 5, 8, table_source, &t) == TXNG_OK && n == 3,
       "inclusion proof of 5 in 8 has 3 hashes");
    ok(txng_merkle_verify_inclusion(leaves[5], 5, 8, (const hash_t *) proof, 3, root) == TXNG_OK,
       "it verifies");
    ok(txng_merkle_verify_inclusion(leaves[5], 8, 8, (const hash_t *) proof, 3, root) ==
           TXNG_EPROOF,
       "verify inclusion: index == size fails");
    ok(txng_merkle_verify_inclusion(leaves[5], 5, 0, (const hash_t *) proof, 3, root) ==
           TXNG_EPROOF,
       "verify inclusion: size 0 fails");
    ok(txng_merkle_verify_inclusion(leaves[5], 5, 8, (const hash_t *) proof, 2, root) ==
           TXNG_EPROOF,
       "verify inclusion: proof too short fails");
    memcpy(proof[3], proof[2], HB);
    ok(txng_merkle_verify_inclusion(leaves[5], 5, 8, (const hash_t *) proof, 4, root) ==
           TXNG_EPROOF,
       "verify inclusion: proof too long fails");
    ok(txng_merkle_verify_inclusion(leaves[5], 4, 8, (const hash_t *) proof, 3, root) ==
           TXNG_EPROOF,
       "verify inclusion: wrong index fails");
    ok(txng_merkle_verify_inclusion(leaves[4], 4, 5, NULL, 0, root5) == TXNG_EPROOF,
       "verify inclusion: empty proof for a tree of 5 fails");

    table_reset_counters(&t, 8);
    ok(txng_merkle_consistency(proof, &n, 5, 8, table_source, &t) == TXNG_OK && n == 4,
       "consistency proof 5 -> 8 has 4 hashes");
    ok(txng_merkle_verify_consistency(5, 8, root5, root, (const hash_t *) proof, 4) == TXNG_OK,
       "it verifies");
    ok(txng_merkle_verify_consistency(5, 8, root5, root, (const hash_t *) proof, 3) == TXNG_EPROOF,
       "verify consistency: proof too short fails");
    memcpy(proof[4], proof[3], HB);
    ok(txng_merkle_verify_consistency(5, 8, root5, root, (const hash_t *) proof, 5) == TXNG_EPROOF,
       "verify consistency: proof too long fails");
    ok(txng_merkle_verify_consistency(5, 8, root5, root, NULL, 0) == TXNG_EPROOF,
       "verify consistency: empty proof with old < size fails");
    ok(txng_merkle_verify_consistency(8, 5, root, root5, (const hash_t *) proof, 4) == TXNG_EPROOF,
       "verify consistency: old > size fails");
    ok(txng_merkle_verify_consistency(0, 8, root5, root, (const hash_t *) proof, 4) == TXNG_EPROOF,
       "verify consistency: old == 0 fails");
    ok(txng_merkle_verify_consistency(0, 0, out, out, NULL, 0) == TXNG_EPROOF,
       "verify consistency: old == size == 0 fails");
    ok(txng_merkle_verify_consistency(8, 8, root, root, NULL, 0) == TXNG_OK,
       "verify consistency: equal sizes and roots, empty proof");
    ok(txng_merkle_verify_consistency(8, 8, root, root5, NULL, 0) == TXNG_EPROOF,
       "verify consistency: equal sizes, other roots fails");
    ok(txng_merkle_verify_consistency(8, 8, root, root, (const hash_t *) proof, 1) == TXNG_EPROOF,
       "verify consistency: equal sizes with a non-empty proof fails");
    ok(txng_merkle_verify_consistency(5, 9, root5, root, (const hash_t *) proof, 4) == TXNG_EPROOF,
       "verify consistency: wrong new size fails");
}

int
main(void)
{
    if (sodium_init() < 0) {
        printf("1..0 # SKIP sodium_init failed\n");
        return EXIT_FAILURE;
    }
    if (tap_vectors_only()) {
        if (tap_vectors_absent())
            return 0;
        test_reference_tree();
        test_reference_proofs();
        test_probes("probes_inclusion.json", true, N_PROBES_INCL + 1);
        test_probes("probes_consistency.json", false, N_PROBES_CONS + 1);
        return tap_done();
    }
    test_property();
    test_large();
    test_errors();
    return tap_done();
}
