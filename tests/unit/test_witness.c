/*
 * test_witness.c - witness module: cosignature/v1 and the add-checkpoint protocol
 *
 * The cosignature parts of generated/e2e_checkpoint_cosig_proof.json under
 * $TXNG_VECTORS (skipped when absent): the witness key and key ID from its
 * seed, the signed message, the byte-identical cosignature line (Ed25519 is
 * deterministic), the k-of-n check, and the parse vector taken from
 * transparency-dev/formats. Then, on our own keys: every refusal of the
 * key, line and note checks, and each status of add-checkpoint against a
 * state in a scratch folder, with proofs from an independent tree.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "core/hash.h"
#include "core/keys.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/witness.h"
#include "tests/tap.h"

#define DASH "\xe2\x80\x94 "
#define LOG_ORIGIN "example.com/witness-test-log"
#define NLEAVES 16

static json_t *
load_vectors(const char *rel)
{
    const char *dir = getenv("TXNG_VECTORS");
    char        path[4096];

    if (dir == NULL)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return json_load_file(path, 0, NULL);
}

static const char *
jstr(json_t *o, const char *path1, const char *path2)
{
    json_t *v = json_object_get(o, path1);

    if (path2 != NULL)
        v = json_object_get(v, path2);
    return json_is_string(v) ? json_string_value(v) : "";
}

static txng_signer *
signer_seed_hex(const char *name, const char *hex)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *s = NULL;

    if (txng_hex_decode(seed, sizeof seed, hex, strlen(hex)) != TXNG_OK ||
        txng_signer_from_seed(&s, name, seed) != TXNG_OK)
        return NULL;
    return s;
}

static void
test_vectors(void)
{
    json_t       *v = load_vectors("tlog/generated/e2e_checkpoint_cosig_proof.json");
    txng_signer  *wit = NULL;
    txng_pubkey   wkey, parsed, logkey;
    char          vk[TXNG_VKEY_MAX], line[TXNG_COSIG_LINE_MAX], hex[65], *msg = NULL, *want_line;
    const char   *body, *note, *wline, *proof;
    size_t        len, msg_len;
    txng_cosig    cos;
    txng_diag     diag = TXNG_DIAG_INIT;
    uint64_t      ts;

    if (v == NULL) {
        tap_skip(15, "the published vectors (../shared/vectors) are absent");
        return;
    }
    ts  = (uint64_t) json_integer_value(json_object_get(v, "cosignature_timestamp"));
    wit = signer_seed_hex(jstr(v, "witness", "name"), jstr(v, "witness", "seed_hex"));
    ok(wit != NULL, "vectors: witness key from its seed");
    if (wit == NULL)
        goto out;
    txng_witness_key(&wkey, wit);
    txng_hex_encode(hex, wkey.pk, TXNG_PK_BYTES);
    ok(strcmp(hex, jstr(v, "witness", "public_key_hex")) == 0, "vectors: witness public key");
    snprintf(hex, sizeof hex, "%08" PRIx32, wkey.id);
    ok(strcmp(hex, jstr(v, "witness", "key_id_hex")) == 0,
       "vectors: cosignature key ID (type 0x04) is %s", hex);
    txng_witness_key_format(&wkey, vk);
    ok(strcmp(vk, jstr(v, "witness", "vkey")) == 0, "vectors: witness verifier key string");
    ok(txng_witness_key_parse(&parsed, vk, strlen(vk), NULL) == TXNG_OK &&
           parsed.id == wkey.id && memcmp(parsed.pk, wkey.pk, TXNG_PK_BYTES) == 0,
       "vectors: witness verifier key parses back");

    body = jstr(v, "checkpoint_body", NULL);
    ok(txng_witness_message(&msg, &msg_len, body, strlen(body), ts) == TXNG_OK &&
           msg_len == strlen(jstr(v, "cosigned_message", NULL)) &&
           memcmp(msg, jstr(v, "cosigned_message", NULL), msg_len) == 0,
       "vectors: the signed message");
    free(msg);

    /* The witness line of the published cosigned checkpoint, re-made. */
    note      = jstr(v, "signed_checkpoint", NULL);
    wline     = strstr(note, DASH "witness.example.com/w1 ");
    want_line = wline == NULL ? NULL : strndup(wline, strlen(wline));
    ok(txng_witness_cosign(line, &len, wit, body, strlen(body), ts) == TXNG_OK &&
           want_line != NULL && strcmp(line, want_line) == 0,
       "vectors: cosignature line is byte-identical");
    ok(want_line != NULL &&
           txng_witness_line_parse(&cos, want_line, strlen(want_line), NULL) == TXNG_OK &&
           cos.timestamp == ts && cos.id == wkey.id &&
           txng_witness_verify(&wkey, &cos, body, strlen(body)) == TXNG_OK,
       "vectors: cosignature line parses and verifies");
    free(want_line);

    ok(txng_witness_check(note, strlen(note), &wkey, 1, 1, NULL) == TXNG_OK,
       "vectors: 1 of 1 witness cosigned");
    ok(txng_witness_check(note, strlen(note), &wkey, 1, 2, &diag) == TXNG_EBADSIG &&
           diag.reason != NULL && strcmp(diag.reason, "too few witness cosignatures") == 0,
       "vectors: 2 needed, 1 cosigned: too few");
    ok(txng_pubkey_parse(&logkey, jstr(v, "log", "vkey"), strlen(jstr(v, "log", "vkey")),
                         NULL) == TXNG_OK &&
           txng_note_verify(note, strlen(note), &logkey, 1, NULL, NULL) == TXNG_OK,
       "vectors: the log's own signature still verifies beside the cosignature");
    /* The log key is not a witness key: its line is not a cosignature. */
    ok(txng_witness_check(note, strlen(note), &logkey, 1, 1, NULL) == TXNG_EBADSIG,
       "vectors: a log key (ID over type 0x01) is not counted as a witness");

    /* transparency-dev/formats TestCoSigV1Timestamp. */
    snprintf(line, sizeof line, DASH "w %s",
             jstr(v, "parse_vector_from_source", "sig_b64"));
    ok(txng_witness_line_parse(&cos, line, strlen(line), NULL) == TXNG_OK &&
           cos.id == 0x646846b9u &&
           cos.timestamp == (uint64_t) json_integer_value(json_object_get(
                                json_object_get(v, "parse_vector_from_source"), "want_timestamp")),
       "vectors: formats parse vector: key ID 646846b9, time 1727964367");

    proof = jstr(v, "tlog_proof", "text");
    note  = strstr(proof, "\n\n");
    ok(note != NULL &&
           txng_witness_check(note + 2, strlen(note + 2), &wkey, 1, 1, NULL) == TXNG_OK,
       "vectors: the tlog-proof's checkpoint is cosigned");
    {
        char *bad = strdup(jstr(v, "signed_checkpoint", NULL));
        char *w   = strstr(bad, DASH "witness.example.com/w1 ");

        w += strlen(DASH "witness.example.com/w1 ") + 20; /* inside the Ed25519 signature */
        *w = *w == 'A' ? 'B' : 'A';
        ok(txng_witness_check(bad, strlen(bad), &wkey, 1, 1, NULL) == TXNG_EBADSIG,
           "vectors: a flipped cosignature is refused");
        free(bad);
    }
out:
    txng_signer_free(wit);
    json_decref(v);
}

static txng_signer *
seeded(const char *name, unsigned char fill)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *s = NULL;

    memset(seed, fill, sizeof seed);
    if (txng_signer_from_seed(&s, name, seed) != TXNG_OK)
        return NULL;
    return s;
}

static void
test_keys_and_lines(void)
{
    txng_signer *w1 = seeded("w.example/one", 1), *w2 = seeded("w.example/two", 2);
    txng_pubkey  k1, k2, p, list[3];
    char         vk[TXNG_VKEY_MAX], bad[TXNG_VKEY_MAX + 8], line[TXNG_COSIG_LINE_MAX];
    char         line2[TXNG_COSIG_LINE_MAX], note[2048], *msg = NULL;
    const char  *text = "o.example/log\n3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
    size_t       len, len2, msg_len;
    txng_cosig   cos;
    txng_diag    diag = TXNG_DIAG_INIT;

    txng_witness_key(&k1, w1);
    txng_witness_key(&k2, w2);
    ok(k1.id != txng_signer_pubkey(w1)->id && k1.id == txng_witness_key_id(k1.name, k1.pk),
       "the cosignature key ID differs from the note key ID");

    /* Verifier key refusals. */
    txng_witness_key_format(&k1, vk);
    ok(txng_witness_key_parse(&p, vk, strlen(vk), NULL) == TXNG_OK && p.id == k1.id,
       "own witness vkey parses");
    txng_pubkey_format(txng_signer_pubkey(w1), bad);
    ok(txng_witness_key_parse(&p, bad, strlen(bad), &diag) == TXNG_EFORMAT &&
           strstr(diag.reason, "0x04") != NULL,
       "an Ed25519 note key (type 0x01) is not a witness key");
    snprintf(bad, sizeof bad, "%s", vk);
    bad[strlen(k1.name) + 1] = bad[strlen(k1.name) + 1] == '0' ? '1' : '0';
    diag = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_witness_key_parse(&p, bad, strlen(bad), &diag) == TXNG_EFORMAT &&
           strcmp(diag.reason, "key ID does not match the key") == 0,
       "wrong key ID refused");
    snprintf(bad, sizeof bad, "%s", vk);
    for (char *c = bad + strlen(k1.name) + 1; c < bad + strlen(k1.name) + 9; c++)
        *c = (char) (*c >= 'a' ? *c - 32 : *c);
    ok(txng_witness_key_parse(&p, bad, strlen(bad), NULL) == TXNG_EFORMAT ||
           strcmp(bad, vk) == 0,
       "upper-case key ID refused");
    ok(txng_witness_key_parse(&p, "w.example/one", 13, NULL) == TXNG_EFORMAT,
       "no '+' refused");
    ok(txng_witness_key_parse(&p, vk, strlen(vk) - 4, NULL) == TXNG_EFORMAT,
       "short key refused");
    snprintf(bad, sizeof bad, "bad name%s", vk + strlen(k1.name));
    ok(txng_witness_key_parse(&p, bad, strlen(bad), NULL) == TXNG_EFORMAT,
       "key name with a space refused");

    /* Message and cosign refusals. */
    ok(txng_witness_message(&msg, &msg_len, text, strlen(text), (uint64_t) INT64_MAX + 1) ==
           TXNG_EINVAL,
       "timestamp above 2^63 - 1 refused");
    ok(txng_witness_message(&msg, &msg_len, text, strlen(text) - 1, 1) == TXNG_EINVAL,
       "text without its final newline refused");
    ok(txng_witness_cosign(line, &len, w1, text, 0, 1) == TXNG_EINVAL, "empty text refused");

    ok(txng_witness_cosign(line, &len, w1, text, strlen(text), 1700000000) == TXNG_OK &&
           len == strlen(line) && line[len - 1] == '\n' &&
           len == 4 + strlen(k1.name) + 1 + 104 + 1,
       "cosignature line is \"— name\" and 104 base64 characters");
    ok(txng_witness_line_parse(&cos, line, len, NULL) == TXNG_OK &&
           cos.timestamp == 1700000000 && cos.id == k1.id &&
           txng_witness_verify(&k1, &cos, text, strlen(text)) == TXNG_OK,
       "own cosignature round trip");
    ok(txng_witness_verify(&k2, &cos, text, strlen(text)) == TXNG_EBADSIG,
       "another witness's key does not verify it");
    cos.timestamp++;
    ok(txng_witness_verify(&k1, &cos, text, strlen(text)) == TXNG_EBADSIG,
       "another timestamp does not verify");
    ok(txng_witness_verify(&k1, &cos, "o.example/log\n4\n", 16) == TXNG_EBADSIG,
       "another text does not verify");

    /* Line refusals. */
    diag = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_witness_line_parse(&cos, line + 4, len - 4, &diag) == TXNG_EFORMAT &&
           strstr(diag.reason, "em dash") != NULL,
       "line without the em dash refused");
    ok(txng_witness_line_parse(&cos, DASH "nospace", strlen(DASH "nospace"), NULL) ==
           TXNG_EFORMAT,
       "line without a space refused");
    {
        txng_signer  *ls = seeded("w.example/one", 1);
        char         *n = NULL;
        size_t        nl;
        const char   *sl;

        ok(ls != NULL && txng_note_sign(&n, &nl, text, strlen(text), ls) == TXNG_OK,
           "a note signature (68 bytes) to parse as a cosignature");
        sl   = n == NULL ? "" : n + strlen(text) + 1;
        diag = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_witness_line_parse(&cos, sl, strlen(sl), &diag) == TXNG_EFORMAT &&
               strcmp(diag.reason, "cosignature is not base64 of 76 bytes") == 0,
           "a 68-byte signature is not a cosignature");
        free(n);
        txng_signer_free(ls);
    }
    {
        unsigned char raw[TXNG_COSIG_BYTES] = { 0 };
        char          b64[TXNG_B64_SIZE(TXNG_COSIG_BYTES)];

        raw[4] = 0x80; /* timestamp 2^63 */
        txng_b64_encode(b64, raw, sizeof raw);
        snprintf(bad, sizeof bad, DASH "w %s", b64);
        ok(txng_witness_line_parse(&cos, bad, strlen(bad), NULL) == TXNG_EFORMAT,
           "timestamp 2^63 refused");
    }
    snprintf(bad, sizeof bad, DASH "bad+name AAAA");
    ok(txng_witness_line_parse(&cos, bad, strlen(bad), NULL) == TXNG_EFORMAT,
       "key name with '+' refused");

    /* k-of-n. */
    ok(txng_witness_cosign(line2, &len2, w2, text, strlen(text), 1700000001) == TXNG_OK,
       "second witness cosigns");
    snprintf(note, sizeof note, "%s\n%s%s" DASH "other.example/x AAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
             text, line, line2);
    list[0] = k1;
    list[1] = k2;
    list[2] = k1;
    ok(txng_witness_check(note, strlen(note), list, 2, 2, NULL) == TXNG_OK,
       "2 of 2 witnesses, an unknown line ignored");
    ok(txng_witness_check(note, strlen(note), list, 3, 3, NULL) == TXNG_EBADSIG,
       "a key listed twice counts once");
    ok(txng_witness_check(note, strlen(note), list, 2, 0, NULL) == TXNG_OK, "0 needed");
    snprintf(note, sizeof note, "%s\n%s%s", text, line, line);
    ok(txng_witness_check(note, strlen(note), list, 2, 2, NULL) == TXNG_EBADSIG,
       "one witness cosigning twice counts once");
    snprintf(note, sizeof note, "%s\n%s", text, line);
    note[strlen(text) + 1 + 4 + strlen(k1.name) + 1 + 30] ^= 1;
    diag = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_witness_check(note, strlen(note), list, 2, 1, &diag) == TXNG_EBADSIG &&
           strcmp(diag.field, k1.name) == 0 && diag.line == 5,
       "a bad cosignature by a known witness is named, with its line");
    snprintf(note, sizeof note, "%sno empty line\n", text);
    ok(txng_witness_check(note, strlen(note), list, 2, 1, NULL) == TXNG_EFORMAT,
       "not a signed note");

    /* Request bodies. */
    {
        unsigned char pr[64][TXNG_HASH_BYTES] = { { 0 } };
        char         *req = NULL;
        size_t        rl;

        ok(txng_witness_request(&req, &rl, 5, (const unsigned char (*)[TXNG_HASH_BYTES]) pr, 64,
                                "x", 1) == TXNG_EINVAL,
           "64 proof lines refused");
        ok(txng_witness_request(&req, &rl, 5, (const unsigned char (*)[TXNG_HASH_BYTES]) pr, 1,
                                "N\n", 2) == TXNG_OK &&
               rl == strlen("old 5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\nN\n") &&
               memcmp(req, "old 5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\nN\n", rl) == 0,
           "request body layout");
        free(req);
    }
    txng_signer_free(w1);
    txng_signer_free(w2);
}

/* ---- add-checkpoint ---- */

static unsigned char leaves[NLEAVES][TXNG_HASH_BYTES];

/* Subtree hash computed from the leaves directly (independent of the log). */
static void
subtree(unsigned char out[TXNG_HASH_BYTES], uint64_t lo, uint64_t hi)
{
    unsigned char l[TXNG_HASH_BYTES], r[TXNG_HASH_BYTES];
    uint64_t      k = 1;

    if (hi - lo == 1) {
        memcpy(out, leaves[lo], TXNG_HASH_BYTES);
        return;
    }
    while (k * 2 < hi - lo)
        k *= 2;
    subtree(l, lo, lo + k);
    subtree(r, lo + k, hi);
    txng_hash_node(out, l, r);
}

static txng_err
source(void *ctx, unsigned level, uint64_t index, unsigned char out[TXNG_HASH_BYTES])
{
    (void) ctx;
    subtree(out, index << level, (index + 1) << level);
    return TXNG_OK;
}

/* The signed checkpoint of the first @p size leaves (root forced when @p root). */
static char *
checkpoint(const txng_signer *logkey, const char *origin, uint64_t size,
           const unsigned char *root)
{
    txng_checkpoint cp;
    char           *text = NULL, *note = NULL;
    size_t          tl, nl;

    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "%s", origin);
    cp.size = size;
    if (root != NULL)
        memcpy(cp.root, root, TXNG_HASH_BYTES);
    else if (size == 0)
        txng_sha256(cp.root, "", 0);
    else
        subtree(cp.root, 0, size);
    if (txng_checkpoint_format(&cp, &text, &tl) != TXNG_OK ||
        txng_note_sign(&note, &nl, text, tl, logkey) != TXNG_OK)
        note = NULL;
    free(text);
    return note;
}

struct asked {
    int  status;
    char body[512];
    char type[64];
};

static struct asked
ask(txng_witness *w, const txng_signer *wit, uint64_t now, const char *body)
{
    txng_witness_reply reply;
    struct asked       a;
    txng_diag          diag = TXNG_DIAG_INIT;

    memset(&a, 0, sizeof a);
    if (txng_witness_add_checkpoint(w, wit, now, body, strlen(body), &reply, &diag) != TXNG_OK) {
        a.status = -1;
        return a;
    }
    a.status = reply.status;
    snprintf(a.body, sizeof a.body, "%s", reply.body);
    if (a.status != 200 && a.status != 409)
        a.body[strcspn(a.body, "\n")] = '\0'; /* one-line reason, for the test names */
    snprintf(a.type, sizeof a.type, "%s", reply.content_type);
    free(reply.body);
    return a;
}

/* Request with old size @p old, proof old -> size (or @p proof_text), checkpoint @p note. */
static char *
req(uint64_t old, uint64_t size, const char *note)
{
    unsigned char pr[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    size_t        n = 0, rl;
    char         *out = NULL;

    if (old > 0 && old <= size &&
        txng_merkle_consistency(pr, &n, old, size, source, NULL) != TXNG_OK)
        return NULL;
    if (txng_witness_request(&out, &rl, old, (const unsigned char (*)[TXNG_HASH_BYTES]) pr, n,
                             note, strlen(note)) != TXNG_OK)
        return NULL;
    return out;
}

static txng_err
count_logs(void *ctx, const txng_witness_log *log)
{
    (void) log;
    (*(int *) ctx)++;
    return TXNG_OK;
}

static void
test_protocol(void)
{
    char             dir[] = "/tmp/txng-witness-XXXXXX", cmd[128];
    txng_witness    *w = NULL;
    txng_signer     *wit = seeded("w.example/one", 1), *logkey = seeded(LOG_ORIGIN, 7);
    txng_signer     *other = seeded(LOG_ORIGIN, 8);
    txng_pubkey      wkey;
    txng_witness_log st, st2;
    txng_witness_reply reply;
    txng_cosig       cos;
    struct asked     a;
    char            *cp4 = NULL, *cp9 = NULL, *body = NULL, *s, *text = NULL;
    unsigned char    root[TXNG_HASH_BYTES];
    int              nlogs = 0;
    size_t           tl;

    for (int i = 0; i < NLEAVES; i++) {
        char buf[16];

        snprintf(buf, sizeof buf, "leaf %d", i);
        txng_hash_leaf(leaves[i], buf, strlen(buf));
    }
    txng_witness_key(&wkey, wit);
    if (mkdtemp(dir) == NULL) {
        ok(0, "mkdtemp");
        return;
    }
    ok(txng_witness_open(&w, dir, false) == TXNG_ENOTFOUND, "no state and no create: not found");
    ok(txng_witness_open(&w, dir, true) == TXNG_OK, "create the witness state");
    ok(txng_witness_add_log(w, LOG_ORIGIN, txng_signer_pubkey(logkey)) == TXNG_OK, "add a log");
    ok(txng_witness_add_log(w, LOG_ORIGIN, txng_signer_pubkey(other)) == TXNG_EEXIST,
       "the same origin twice: exists");
    ok(txng_witness_add_log(w, "", txng_signer_pubkey(other)) == TXNG_EINVAL, "empty origin");
    ok(txng_witness_add_log(w, "a\nb", txng_signer_pubkey(other)) == TXNG_EINVAL,
       "origin with a newline");
    ok(txng_witness_get_log(w, "nope.example/log", &st) == TXNG_ENOTFOUND, "unknown log");
    ok(txng_witness_get_log(w, LOG_ORIGIN, &st) == TXNG_OK && st.size == 0 &&
           st.key.id == txng_signer_pubkey(logkey)->id,
       "new log starts at size 0");

    cp4 = checkpoint(logkey, LOG_ORIGIN, 4, NULL);
    cp9 = checkpoint(logkey, LOG_ORIGIN, 9, NULL);

    /* 400: malformed bodies. */
    a = ask(w, wit, 1000, "");
    ok(a.status == 400, "empty body: 400 (%s)", a.body);
    a = ask(w, wit, 1000, "old 01\n\nx\n");
    ok(a.status == 400 && strstr(a.body, "old <size>") != NULL, "leading zero: 400");
    a = ask(w, wit, 1000, "old 0\nnot base64\n\nx\n");
    ok(a.status == 400 && strstr(a.body, "base64 of 32 bytes") != NULL, "bad proof line: 400");
    a = ask(w, wit, 1000, "old 0\n");
    ok(a.status == 400, "no empty line: 400");
    a = ask(w, wit, 1000, "old 0\n\nnot a note\n");
    ok(a.status == 400, "not a note: 400 (%s)", a.body);
    {
        char big[64 * 45 + 64] = "old 1\n";

        for (int i = 0; i < 64; i++)
            strcat(big, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        strcat(big, "\n");
        a = ask(w, wit, 1000, big);
        ok(a.status == 400 && strstr(a.body, "63") != NULL, "64 proof lines: 400");
    }
    /* 404 */
    s    = checkpoint(other, "nope.example/log", 4, NULL);
    body = req(0, 4, s);
    a    = ask(w, wit, 1000, body);
    ok(a.status == 404, "unknown origin: 404");
    free(s);
    free(body);
    /* 403 */
    s    = checkpoint(other, LOG_ORIGIN, 4, NULL);
    body = req(0, 4, s);
    a    = ask(w, wit, 1000, body);
    ok(a.status == 403, "signed by another key: 403");
    free(s);
    free(body);
    /* 400: old above size. */
    body = req(5, 4, cp4);
    a    = ask(w, wit, 1000, body);
    ok(a.status == 400 && strstr(a.body, "larger") != NULL, "old > size: 400");
    free(body);
    /* 409 with the stored size. */
    body = req(2, 4, cp4);
    a    = ask(w, wit, 1000, body);
    ok(a.status == 409 && strcmp(a.body, "0\n") == 0 && strcmp(a.type, "text/x.tlog.size") == 0,
       "old 2, witness at 0: 409, body 0, text/x.tlog.size");
    free(body);
    /* 422: a proof with old 0. */
    body = req(2, 4, cp4);
    body[4] = '0'; /* "old 0" with the 2 -> 4 proof */
    a = ask(w, wit, 1000, body);
    ok(a.status == 422, "old 0 with a proof: 422 (%s)", a.body);
    free(body);
    /* 422: size 0 with another root. */
    memset(root, 0xab, sizeof root);
    s    = checkpoint(logkey, LOG_ORIGIN, 0, root);
    body = req(0, 0, s);
    a    = ask(w, wit, 1000, body);
    ok(a.status == 422, "size 0 with a non-empty root: 422");
    free(s);
    free(body);
    ok(txng_witness_get_log(w, LOG_ORIGIN, &st) == TXNG_OK && st.size == 0,
       "refusals left the state at 0");

    /* 200: first cosignature. */
    body = req(0, 4, cp4);
    a    = ask(w, wit, 1000, body);
    ok(a.status == 200, "old 0, size 4: 200");
    free(body);
    tl = strstr(cp4, "\n\n") - cp4 + 1;
    ok(txng_witness_line_parse(&cos, a.body, strlen(a.body), NULL) == TXNG_OK &&
           cos.timestamp == 1000 && txng_witness_verify(&wkey, &cos, cp4, tl) == TXNG_OK,
       "the reply is a valid cosignature at time 1000");
    subtree(root, 0, 4);
    ok(txng_witness_get_log(w, LOG_ORIGIN, &st) == TXNG_OK && st.size == 4 &&
           memcmp(st.root, root, TXNG_HASH_BYTES) == 0,
       "state is now size 4 and its root");
    body = req(0, 4, cp4);
    a    = ask(w, wit, 1001, body);
    ok(a.status == 409 && strcmp(a.body, "4\n") == 0, "old 0 again: 409 with body 4");
    free(body);
    /* 422: bad consistency proof. */
    body    = req(4, 9, cp9);
    s       = strchr(body, '\n') + 1;
    s[3]    = s[3] == 'A' ? 'B' : 'A';
    a       = ask(w, wit, 1002, body);
    ok(a.status == 422 && strstr(a.body, "does not verify") != NULL, "bad proof 4 -> 9: 422");
    free(body);
    body = req(4, 9, cp9);
    *strchr(body, '\n') = '\n';
    s = strchr(body, '\n') + 1;
    memmove(s, strchr(s, '\n') + 1, strlen(strchr(s, '\n') + 1) + 1); /* drop a hash */
    a = ask(w, wit, 1002, body);
    ok(a.status == 422, "short proof 4 -> 9: 422");
    free(body);
    /* 200: 4 -> 9. */
    body = req(4, 9, cp9);
    a    = ask(w, wit, 1003, body);
    ok(a.status == 200, "good proof 4 -> 9: 200");
    free(body);
    /* equal size: same root 200, other root 409, a proof 422. */
    body = req(9, 9, cp9);
    a    = ask(w, wit, 1004, body);
    ok(a.status == 200, "same checkpoint again: 200");
    free(body);
    memset(root, 0x55, sizeof root);
    s    = checkpoint(logkey, LOG_ORIGIN, 9, root);
    body = req(9, 9, s);
    a    = ask(w, wit, 1005, body);
    ok(a.status == 409 && strcmp(a.body, "9\n") == 0, "size 9 with another root: 409 (fork)");
    free(body);
    free(s);
    {
        char *b = req(4, 9, cp9);

        b[4] = '9';
        a    = ask(w, wit, 1006, b);
        ok(a.status == 422, "old 9 = size with a proof: 422");
        free(b);
    }
    ok(txng_witness_add_checkpoint(w, wit, (uint64_t) INT64_MAX + 1, "", 0, &reply, NULL) ==
           TXNG_EINVAL,
       "time above 2^63 - 1: EINVAL");
    /* Persisted: reopen. */
    txng_witness_close(w);
    w = NULL;
    ok(txng_witness_open(&w, dir, false) == TXNG_OK &&
           txng_witness_get_log(w, LOG_ORIGIN, &st) == TXNG_OK && st.size == 9,
       "state survives a reopen at size 9");
    ok(w != NULL && txng_witness_add_log(w, "second.example/log", &wkey) == TXNG_EINVAL,
       "a witness key (cosignature ID) is not a log key");
    ok(w != NULL &&
           txng_witness_add_log(w, "second.example/log", txng_signer_pubkey(wit)) == TXNG_OK &&
           txng_witness_logs(w, count_logs, &nlogs) == TXNG_OK && nlogs == 2,
       "two logs listed");
    /* Compare-and-swap: racing first submissions, one process each. */
    ok(w != NULL && txng_witness_add_log(w, "race.example/log", txng_signer_pubkey(logkey)) ==
                        TXNG_OK,
       "add a log for the race");
    {
        pid_t pids[4];
        int   wins = 0, conflicts = 0, wst;

        txng_witness_close(w); /* an LMDB environment must not cross a fork */
        w = NULL;
        for (int i = 0; i < 4; i++) {
            pids[i] = fork();
            if (pids[i] == 0) {
                txng_witness *cw = NULL;
                char         *c = checkpoint(logkey, "race.example/log", (uint64_t) i + 1, NULL);
                char         *b = c == NULL ? NULL : req(0, (uint64_t) i + 1, c);

                if (b == NULL || txng_witness_open(&cw, dir, false) != TXNG_OK)
                    _exit(1);
                a = ask(cw, wit, 2000, b);
                txng_witness_close(cw);
                free(b);
                free(c);
                _exit(a.status == 200 ? 20 : a.status == 409 ? 40 : 1);
            }
        }
        for (int i = 0; i < 4; i++) {
            if (pids[i] > 0 && waitpid(pids[i], &wst, 0) == pids[i] && WIFEXITED(wst)) {
                wins += WEXITSTATUS(wst) == 20;
                conflicts += WEXITSTATUS(wst) == 40;
            }
        }
        ok(wins == 1 && conflicts == 3, "4 racing requests with old 0: one 200, three 409");
        memset(&st2, 0, sizeof st2);
        ok(txng_witness_open(&w, dir, false) == TXNG_OK &&
               txng_witness_get_log(w, "race.example/log", &st2) == TXNG_OK && st2.size >= 1 &&
               st2.size <= 4,
           "the winner's size is stored");
    }
    free(text);
    free(cp4);
    free(cp9);
    txng_witness_close(w);
    txng_signer_free(wit);
    txng_signer_free(logkey);
    txng_signer_free(other);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        ok(0, "remove %s", dir);
}

int
main(void)
{
    if (tap_vectors_only()) {
        if (tap_vectors_absent())
            return 0;
        test_vectors();
        return tap_done();
    }
    test_vectors();
    test_keys_and_lines();
    test_protocol();
    return tap_done();
}
