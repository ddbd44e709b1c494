/*
 * test_note.c - note module: C2SP signed notes and tlog-checkpoints
 *
 * Every case of notes/signed_notes.json, checkpoints/checkpoint_parse.json
 * and the note parts of generated/e2e_checkpoint_cosig_proof.json under
 * $TXNG_VECTORS (skipped, with their counts, when absent), the worked
 * example of docs/format.md, and one case per refusal.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/hash.h"
#include "core/keys.h"
#include "core/note.h"
#include "tests/tap.h"

#define EX_NAME "txng.example/ho-a-vang"
#define EX_VKEY "txng.example/ho-a-vang+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define EX_TEXT "txng.example/ho-a-vang\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
#define EX_NOTE                                                                                    \
    EX_TEXT "\n\xe2\x80\x94 txng.example/ho-a-vang "                                               \
            "WqafkHNQEQaI8BwihH3NSby7QWVFQoSGvhK9CCMeRZ5hAoLGtKhdGDE/3GwfogVpgc3+ZLAYx+PHZN1eE017" \
            "MIHG9wk=\n"
#define DASH "\xe2\x80\x94 "

static unsigned char ex_seed[32];

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

static txng_pubkey
vkey(const char *s)
{
    txng_pubkey pk;

    if (txng_pubkey_parse(&pk, s, strlen(s), NULL) != TXNG_OK)
        memset(&pk, 0, sizeof pk);
    return pk;
}

static txng_err
verify_str(const char *note, const txng_pubkey *keys, size_t n, size_t *text_len, txng_diag *d)
{
    return txng_note_verify(note, strlen(note), keys, n, text_len, d);
}

static txng_err
parse_str(txng_note *n, const char *note, txng_diag *d)
{
    return txng_note_parse(n, note, strlen(note), d);
}

/* Where the text of a well-formed note ends: after the newline before the last empty line. */
static size_t
expected_text_len(const char *note)
{
    size_t len = strlen(note);

    for (size_t i = len; i >= 2; i--) {
        if (note[i - 2] == '\n' && note[i - 1] == '\n')
            return i - 1;
    }
    return 0;
}

static void
test_example(void)
{
    txng_signer     *s   = NULL;
    txng_pubkey      pk  = vkey(EX_VKEY);
    char            *out = NULL, *text = NULL;
    size_t           len = 0, tl = 0;
    txng_checkpoint  cp;
    txng_diag        d = TXNG_DIAG_INIT;
    static txng_note n;

    ok(txng_signer_from_seed(&s, EX_NAME, ex_seed) == TXNG_OK, "example signer");
    ok(txng_note_sign(&out, &len, EX_TEXT, strlen(EX_TEXT), s) == TXNG_OK, "sign example");
    ok(out != NULL && len == strlen(EX_NOTE) && memcmp(out, EX_NOTE, len) == 0 && out[len] == '\0',
       "signed example is byte for byte the documented note");
    ok(verify_str(EX_NOTE, &pk, 1, &tl, &d) == TXNG_OK && tl == strlen(EX_TEXT),
       "example verifies");
    ok(parse_str(&n, EX_NOTE, &d) == TXNG_OK && n.nsigs == 1 && n.sigs[0].id == 0x5aa69f90u &&
           n.sigs[0].sig_len == 64 && strcmp(n.sigs[0].name, EX_NAME) == 0,
       "example parses");
    ok(txng_checkpoint_parse(&cp, EX_TEXT, strlen(EX_TEXT), &d) == TXNG_OK &&
           strcmp(cp.origin, EX_NAME) == 0 && cp.size == 0,
       "example checkpoint parses");
    {
        unsigned char empty[32];

        crypto_hash_sha256(empty, NULL, 0);
        ok(memcmp(cp.root, empty, 32) == 0, "example root is SHA-256 of nothing");
    }
    ok(txng_checkpoint_format(&cp, &text, &len) == TXNG_OK && len == strlen(EX_TEXT) &&
           strcmp(text, EX_TEXT) == 0,
       "example checkpoint formats back");
    free(text);
    free(out);
    txng_signer_free(s);
}

static void
test_signed_notes(void)
{
    json_t          *root = load_vectors("tlog/notes/signed_notes.json");
    json_t          *notes, *item, *mal, *arr, *v;
    size_t           i, j;
    static txng_note n;
    txng_diag        d = TXNG_DIAG_INIT;

    if (root == NULL) {
        tap_skip(9 * 2 + 6 + 6 * 2 + 3, "vectors tlog/notes/signed_notes.json not found");
        return;
    }
    notes = json_object_get(root, "notes");
    json_array_foreach(notes, i, item)
    {
        const char *id     = json_string_value(json_object_get(item, "id"));
        const char *note   = json_string_value(json_object_get(item, "note"));
        const char *expect = json_string_value(json_object_get(item, "expect"));
        json_t     *vks    = json_object_get(item, "vkeys");
        txng_pubkey keys[4];
        size_t      nk = 0, tl = 99;
        txng_err    err;

        if (vks != NULL) {
            json_array_foreach(vks, j, v)
            {
                if (nk < 4)
                    keys[nk++] = vkey(json_string_value(v));
            }
        } else {
            keys[nk++] = vkey(json_string_value(json_object_get(item, "vkey")));
        }
        if (strcmp(id, "corrupted-peter-sig") == 0) {
            /* Check the note string is what note_bytes_b64 says, then expect a refusal. */
            const char   *b64 = json_string_value(json_object_get(item, "note_bytes_b64"));
            unsigned char raw[512];
            size_t        raw_len = 0;

            ok(txng_b64_decode(raw, sizeof raw, &raw_len, b64, strlen(b64)) == TXNG_OK &&
                   raw_len == strlen(note) && memcmp(raw, note, raw_len) == 0,
               "%s: note bytes as documented", id);
            err = verify_str(note, keys, nk, &tl, &d);
            ok(err == TXNG_EBADSIG && tl == 0, "%s: refused (%s)", id, txng_strerror(err));
            continue;
        }
        err = verify_str(note, keys, nk, &tl, &d);
        ok(err == TXNG_OK && strcmp(expect, "valid") == 0, "%s: verifies (%s)", id,
           txng_strerror(err));
        ok(tl == expected_text_len(note), "%s: text length %zu", id, tl);

        if (strcmp(id, "peter-and-enoch") == 0) {
            /* Each named key verifies on its own; the other line is then unknown. */
            ok(verify_str(note, &keys[0], 1, NULL, &d) == TXNG_OK &&
                   verify_str(note, &keys[1], 1, NULL, &d) == TXNG_OK,
               "%s: each expected verifier alone", id);
            ok(parse_str(&n, note, &d) == TXNG_OK && n.nsigs == 2 &&
                   strcmp(n.sigs[1].name, "EnochRoot") == 0 && n.sigs[1].id == 0xaf0cfe78u,
               "%s: two signature lines parsed", id);
        }
        if (strcmp(id, "peterneumann") == 0) {
            const char   *skey = json_string_value(json_object_get(item, "skey"));
            const char   *b64  = skey;
            unsigned char raw[33];
            size_t        raw_len = 0, text_len = expected_text_len(note), len = 0;
            txng_signer  *s   = NULL;
            char         *out = NULL;

            for (int k = 0; k < 4 && b64 != NULL; k++) {
                b64 = strchr(b64, '+');
                b64 = b64 != NULL ? b64 + 1 : NULL;
            }
            if (b64 != NULL &&
                txng_b64_decode(raw, sizeof raw, &raw_len, b64, strlen(b64)) == TXNG_OK &&
                raw_len == 33 && txng_signer_from_seed(&s, "PeterNeumann", raw + 1) == TXNG_OK &&
                txng_note_sign(&out, &len, note, text_len, s) == TXNG_OK) {
                ok(len == strlen(note) && memcmp(out, note, len) == 0,
                   "%s: re-signing gives the same bytes", id);
            } else {
                ok(0, "%s: re-signing gives the same bytes", id);
            }
            {
                /* A corrupted signature of a trusted key: refused. */
                char *bad = strdup(note);
                char *sig = strstr(bad, DASH "PeterNeumann ") + strlen(DASH "PeterNeumann ");

                sig[10] = sig[10] == 'A' ? 'B' : 'A';
                d       = (txng_diag) TXNG_DIAG_INIT;
                ok(verify_str(bad, keys, 1, NULL, &d) == TXNG_EBADSIG && d.line == 4 &&
                       strcmp(d.field, "PeterNeumann") == 0,
                   "%s: flipped signature refused at line 4", id);
                free(bad);
            }
            free(out);
            txng_signer_free(s);
            sodium_memzero(raw, sizeof raw);
        }
        if (strcmp(id, "sumdb-checkpoint") == 0) {
            json_t         *c = json_object_get(item, "checkpoint");
            txng_checkpoint cp;
            unsigned char   want[32];
            size_t          got = 0;
            const char     *rb  = json_string_value(json_object_get(c, "root_b64"));

            ok(txng_checkpoint_parse(&cp, note, tl, &d) == TXNG_OK &&
                   strcmp(cp.origin, json_string_value(json_object_get(c, "origin"))) == 0 &&
                   cp.size == (uint64_t) json_integer_value(json_object_get(c, "size")),
               "%s: checkpoint fields", id);
            ok(txng_b64_decode(want, 32, &got, rb, strlen(rb)) == TXNG_OK &&
                   memcmp(want, cp.root, 32) == 0,
               "%s: checkpoint root", id);
        }
    }

    mal = json_object_get(root, "malformed_notes");
    {
        txng_pubkey peter = vkey(json_string_value(json_object_get(mal, "verifier")));

        arr = json_object_get(mal, "notes");
        json_array_foreach(arr, i, v)
        {
            const char *note = json_string_value(v);

            txng_err err;

            d   = (txng_diag) TXNG_DIAG_INIT;
            err = parse_str(&n, note, &d);
            ok(err == TXNG_EFORMAT && d.reason != NULL && n.nsigs == 0,
               "malformed note %zu refused: %s", i, d.reason ? d.reason : "");
            ok(verify_str(note, &peter, 1, NULL, NULL) == TXNG_EFORMAT,
               "malformed note %zu refused by verify", i);
        }
    }
    {
        /* Go's 0xff-prefixed bad message, which JSON cannot carry. */
        const char *note = json_string_value(json_object_get(json_array_get(notes, 1), "note"));
        size_t      len  = strlen(note);
        char       *ff   = malloc(len + 2);

        ff[0] = (char) 0xff;
        memcpy(ff + 1, note, len + 1);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_note_parse(&n, ff, len + 1, &d) == TXNG_EFORMAT && d.reason != NULL &&
               strcmp(d.reason, "invalid UTF-8") == 0 && d.line == 1 && d.offset == 0,
           "0xff before the text refused");
        free(ff);
        /* A note with no known key at all. */
        {
            txng_pubkey other = vkey(EX_VKEY);

            d = (txng_diag) TXNG_DIAG_INIT;
            ok(verify_str(note, &other, 1, NULL, &d) == TXNG_EBADSIG && d.reason != NULL &&
                   strcmp(d.reason, "no trusted key signed the note") == 0,
               "no trusted signer");
            ok(verify_str(note, NULL, 0, NULL, NULL) == TXNG_EBADSIG, "no keys at all");
        }
    }
    json_decref(root);
}

static void
test_checkpoint_vectors(void)
{
    json_t         *root = load_vectors("tlog/checkpoints/checkpoint_parse.json");
    json_t         *arr, *item;
    size_t          i;
    txng_checkpoint cp;
    txng_diag       d;

    if (root == NULL) {
        tap_skip(2 * 2 + 10, "vectors tlog/checkpoints/checkpoint_parse.json not found");
        return;
    }
    arr = json_object_get(root, "valid");
    json_array_foreach(arr, i, item)
    {
        const char   *body = json_string_value(json_object_get(item, "body"));
        const char   *rb   = json_string_value(json_object_get(item, "root_b64"));
        unsigned char want[32];
        size_t        got = 0;
        txng_err      err;

        d   = (txng_diag) TXNG_DIAG_INIT;
        err = txng_checkpoint_parse(&cp, body, strlen(body), &d);
        ok(err == TXNG_OK &&
               strcmp(cp.origin, json_string_value(json_object_get(item, "origin"))) == 0 &&
               cp.size == (uint64_t) json_integer_value(json_object_get(item, "size")),
           "valid checkpoint %zu: origin and size", i);
        ok(txng_b64_decode(want, 32, &got, rb, strlen(rb)) == TXNG_OK && got == 32 &&
               memcmp(want, cp.root, 32) == 0,
           "valid checkpoint %zu: root", i);
    }
    arr = json_object_get(root, "invalid");
    json_array_foreach(arr, i, item)
    {
        const char *body = json_string_value(json_object_get(item, "body"));

        txng_err err;

        d   = (txng_diag) TXNG_DIAG_INIT;
        err = txng_checkpoint_parse(&cp, body, strlen(body), &d);
        ok(err == TXNG_EFORMAT && d.reason && cp.size == 0 && cp.origin[0] == '\0',
           "invalid checkpoint refused (%s): %s", json_string_value(json_object_get(item, "why")),
           d.reason ? d.reason : "");
    }
    json_decref(root);
}

static void
test_e2e(void)
{
    json_t          *root = load_vectors("tlog/generated/e2e_checkpoint_cosig_proof.json");
    json_t          *log, *w, *pv;
    static txng_note n;
    txng_diag        d = TXNG_DIAG_INIT;
    txng_pubkey      logkey, wkey;
    const char      *signed_cp, *body;
    size_t           tl = 0, len = 0;
    txng_checkpoint  cp;

    if (root == NULL) {
        tap_skip(9, "vectors tlog/generated/e2e_checkpoint_cosig_proof.json not found");
        return;
    }
    log       = json_object_get(root, "log");
    w         = json_object_get(root, "witness");
    logkey    = vkey(json_string_value(json_object_get(log, "vkey")));
    signed_cp = json_string_value(json_object_get(root, "signed_checkpoint"));
    body      = json_string_value(json_object_get(root, "checkpoint_body"));

    ok(verify_str(signed_cp, &logkey, 1, &tl, &d) == TXNG_OK && tl == strlen(body) &&
           memcmp(signed_cp, body, tl) == 0,
       "cosigned checkpoint verifies with the log key alone");
    ok(parse_str(&n, signed_cp, &d) == TXNG_OK && n.nsigs == 2, "two signature lines");
    ok(strcmp(n.sigs[1].name, json_string_value(json_object_get(w, "name"))) == 0 &&
           n.sigs[1].id == 0xaf96fc52u && n.sigs[1].sig_len == 8 + 64,
       "cosignature/v1 line: name, key ID, 72 bytes after the ID");
    ok(txng_checkpoint_parse(&cp, signed_cp, tl, &d) == TXNG_OK && cp.size == 8 &&
           strcmp(cp.origin, json_string_value(json_object_get(log, "origin"))) == 0,
       "checkpoint body");
    {
        /* A type 0x01 key with the witness's name and public key: its ID differs, so unknown. */
        const char   *hexpk = json_string_value(json_object_get(w, "public_key_hex"));
        unsigned char pk[32];

        sodium_hex2bin(pk, 32, hexpk, 64, NULL, NULL, NULL);
        memset(&wkey, 0, sizeof wkey);
        snprintf(wkey.name, sizeof wkey.name, "%s", json_string_value(json_object_get(w, "name")));
        memcpy(wkey.pk, pk, 32);
        wkey.id = txng_key_id(wkey.name, pk);
        ok(wkey.id != 0xaf96fc52u && verify_str(signed_cp, &wkey, 1, NULL, &d) == TXNG_EBADSIG,
           "witness key as Ed25519 note key: cosignature ignored, nothing verifies");
        /* Forcing the cosignature ID onto it makes the line known, and it must then fail. */
        wkey.id = 0xaf96fc52u;
        {
            txng_pubkey both[2] = { logkey, wkey };

            ok(verify_str(signed_cp, both, 2, NULL, &d) == TXNG_EBADSIG,
               "a known key whose line is not 64 bytes refuses the note");
        }
    }
    {
        unsigned char seed[32];
        txng_signer  *s   = NULL;
        char         *out = NULL;
        const char   *nl  = strstr(signed_cp, "\n" DASH "witness");

        sodium_hex2bin(seed, 32, json_string_value(json_object_get(log, "seed_hex")), 64, NULL,
                       NULL, NULL);
        ok(txng_signer_from_seed(&s, json_string_value(json_object_get(log, "origin")), seed) ==
                   TXNG_OK &&
               txng_note_sign(&out, &len, body, strlen(body), s) == TXNG_OK && nl != NULL &&
               len == (size_t) (nl + 1 - signed_cp) && memcmp(out, signed_cp, len) == 0,
           "re-signing the checkpoint gives the log's line");
        free(out);
        txng_signer_free(s);
    }
    pv = json_object_get(root, "parse_vector_from_source");
    {
        char note[512];

        snprintf(note, sizeof note, "a\n\n" DASH "w %s\n",
                 json_string_value(json_object_get(pv, "sig_b64")));
        ok(parse_str(&n, note, &d) == TXNG_OK && n.nsigs == 1 && n.sigs[0].id == 0x646846b9u &&
               n.sigs[0].sig_len == 72,
           "transparency-dev cosignature line parses");
        ok(verify_str(note, &logkey, 1, NULL, &d) == TXNG_EBADSIG, "and is an unknown signer");
    }
    json_decref(root);
}

static void
expect_malformed(const char *note, size_t len, const char *reason, size_t line, const char *what)
{
    static txng_note n;
    txng_diag        d   = TXNG_DIAG_INIT;
    txng_err         err = txng_note_parse(&n, note, len, &d);

    ok(err == TXNG_EFORMAT && d.reason != NULL && strcmp(d.reason, reason) == 0 &&
           (line == 0 || d.line == line),
       "%s: %s (line %zu)", what, d.reason ? d.reason : "accepted", d.line);
}

#define MAL(s, r, l, w) expect_malformed(s, sizeof(s) - 1, r, l, w)
#define SIG92                                                                                      \
    "Wqafk"                                                                                        \
    "HNQEQaI8BwihH3NSby7QWVFQoSGvhK9CCMeRZ5hAoLGtKhdGDE/3GwfogVpgc3+ZLAYx+PHZN1eE017MIHG9wk="

static void
test_own_cases(void)
{
    static txng_note n;
    txng_signer     *s = NULL, *extra[3] = { NULL, NULL, NULL };
    txng_pubkey      keys[4];
    char            *out = NULL, *buf;
    size_t           len = 0, tl = 0;
    txng_diag        d    = TXNG_DIAG_INIT;
    const char      *text = "line one\n\nline three after an empty line\n";

    MAL("a\n", "no empty line before the signatures", 2, "no signature block");
    MAL("a\n\n", "no signature lines", 3, "empty signature block");
    MAL("a\n\n" DASH "k " SIG92, "last line does not end with a newline", 3, "no final newline");
    MAL("a\r\n\n" DASH "k " SIG92 "\n", "control character", 1, "carriage return");
    MAL("a\tb\n\n" DASH "k " SIG92 "\n", "control character", 1, "tab");
    MAL("a\n\xc3\n\n" DASH "k " SIG92 "\n", "invalid UTF-8", 2, "truncated UTF-8");
    MAL("a\n\xed\xa0\x80\n\n" DASH "k " SIG92 "\n", "invalid UTF-8", 2, "surrogate");
    MAL("a\n\xe0\x80\xaf\n\n" DASH "k " SIG92 "\n", "invalid UTF-8", 2, "overlong");
    MAL("a\n\n- k " SIG92 "\n", "signature line does not start with an em dash and a space", 3,
        "ASCII dash");
    MAL("a\n\n\xe2\x80\x94k " SIG92 "\n",
        "signature line does not start with an em dash and a space", 3, "no space after dash");
    MAL("a\n\n" DASH "k\n", "signature line has no space after the key name", 3, "no signature");
    MAL("a\n\n" DASH " " SIG92 "\n", "invalid key name", 3, "empty name");
    MAL("a\n\n" DASH "k+1 " SIG92 "\n", "invalid key name", 3, "'+' in name");
    MAL("a\n\n" DASH "k\xc2\xa0x " SIG92 "\n", "invalid key name", 3, "no-break space in name");
    MAL("a\n\n" DASH "k " SIG92 " \n", "signature is not base64 of at least 5 bytes", 3,
        "trailing space");
    MAL("a\n\n" DASH "k \n", "signature is not base64 of at least 5 bytes", 3, "empty base64");
    MAL("a\n\n" DASH "k AAAAAA==\n", "signature is not base64 of at least 5 bytes", 3, "4 bytes");
    MAL("a\n\n" DASH "k AAA=AAAA\n", "signature is not base64 of at least 5 bytes", 3,
        "padding inside");
    MAL("a\n\n" DASH "k AAAAAAB=\n", "signature is not base64 of at least 5 bytes", 3,
        "non-zero trailing bits");
    MAL("a\n\n" DASH "k " SIG92 "\n" DASH "k AAAAAAA\n",
        "signature is not base64 of at least 5 bytes", 4, "unpadded base64 on line 4");
    MAL("a\n\n" DASH "k " SIG92 "\nmore text\n",
        "signature line does not start with an em dash and a space", 4, "text after signatures");
    ok(parse_str(&n,
                 "a\n\n" DASH "k AAAAAA==\n"
                 "",
                 &d) == TXNG_EFORMAT,
       "short line refused");
    ok(parse_str(&n, "a\n\n" DASH "k AAAAAAA=\n", &d) == TXNG_OK && n.nsigs == 1 &&
           n.sigs[0].sig_len == 1 && n.sigs[0].id == 0,
       "5-byte signature of an unknown type parses");
    {
        char name[TXNG_KEY_NAME_MAX + 2];
        char note[300];

        memset(name, 'n', sizeof name);
        name[TXNG_KEY_NAME_MAX + 1] = '\0';
        snprintf(note, sizeof note, "a\n\n" DASH "%s " SIG92 "\n", name);
        expect_malformed(note, strlen(note), "invalid key name", 3, "name too long");
        name[TXNG_KEY_NAME_MAX] = '\0';
        snprintf(note, sizeof note, "a\n\n" DASH "%s " SIG92 "\n", name);
        ok(parse_str(&n, note, &d) == TXNG_OK, "name of TXNG_KEY_NAME_MAX bytes");
    }

    /* Sign and verify with the text holding an empty line, plus 3 unknown signers. */
    if (txng_signer_from_seed(&s, EX_NAME, ex_seed) != TXNG_OK)
        return;
    keys[0] = *txng_signer_pubkey(s);
    ok(txng_note_sign(&out, &len, text, strlen(text), s) == TXNG_OK, "sign text with empty line");
    ok(txng_note_verify(out, len, keys, 1, &tl, &d) == TXNG_OK && tl == strlen(text),
       "its text ends at the last empty line");
    buf = malloc(len + 3 * 200);
    memcpy(buf, out, len);
    for (int i = 0; i < 3; i++) {
        char  *o2 = NULL;
        size_t l2 = 0;
        char   name[24];

        snprintf(name, sizeof name, "extra%d", i);
        if (txng_signer_new(&extra[i], name) != TXNG_OK ||
            txng_note_sign(&o2, &l2, text, strlen(text), extra[i]) != TXNG_OK) {
            ok(0, "extra signer %d", i);
            continue;
        }
        keys[1 + i] = *txng_signer_pubkey(extra[i]);
        memcpy(buf + len, o2 + strlen(text) + 1, l2 - strlen(text) - 1);
        len += l2 - strlen(text) - 1;
        free(o2);
    }
    ok(parse_str(&n, "", &d) == TXNG_EFORMAT, "empty input refused");
    ok(txng_note_parse(&n, buf, len, &d) == TXNG_OK && n.nsigs == 4, "four signature lines");
    ok(txng_note_verify(buf, len, keys, 1, &tl, &d) == TXNG_OK, "3 extra signers are ignored");
    ok(txng_note_verify(buf, len, keys + 1, 3, &tl, &d) == TXNG_OK, "extra signers verify");
    ok(txng_note_verify(buf, len, keys, 4, &tl, &d) == TXNG_OK, "all four verify");
    {
        txng_pubkey bad = keys[2];

        bad.pk[0] ^= 1; /* same name and ID, other key */
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_note_verify(buf, len, (txng_pubkey[]){ keys[0], bad }, 2, &tl, &d) ==
                   TXNG_EBADSIG &&
               tl == 0 && strcmp(d.field, "extra1") == 0 && d.line == 7,
           "one bad known signature refuses the note (line %zu)", d.line);
    }
    free(buf);

    /* TXNG_NOTE_MAX_SIGS lines are fine, one more is not. */
    {
        const char *line = DASH "k " SIG92 "\n";
        size_t      ll = strlen(line), n0 = strlen("a\n\n");

        buf = malloc(n0 + (TXNG_NOTE_MAX_SIGS + 1) * ll);
        memcpy(buf, "a\n\n", n0);
        for (size_t i = 0; i <= TXNG_NOTE_MAX_SIGS; i++)
            memcpy(buf + n0 + i * ll, line, ll);
        ok(txng_note_parse(&n, buf, n0 + TXNG_NOTE_MAX_SIGS * ll, &d) == TXNG_OK &&
               n.nsigs == TXNG_NOTE_MAX_SIGS,
           "TXNG_NOTE_MAX_SIGS signatures");
        expect_malformed(buf, n0 + (TXNG_NOTE_MAX_SIGS + 1) * ll, "too many signatures",
                         3 + TXNG_NOTE_MAX_SIGS, "one signature too many");
        free(buf);
    }
    /* Too long: checked before anything else. */
    buf = malloc(TXNG_NOTE_MAX + 1);
    memset(buf, 'a', TXNG_NOTE_MAX + 1);
    expect_malformed(buf, TXNG_NOTE_MAX + 1, "note is too long", 0, "note over TXNG_NOTE_MAX");

    free(out);
    out = NULL;
    ok(txng_note_sign(&out, &len, "", 0, s) == TXNG_EFORMAT && out == NULL, "sign: empty text");
    ok(txng_note_sign(&out, &len, "a", 1, s) == TXNG_EFORMAT, "sign: no final newline");
    ok(txng_note_sign(&out, &len, "a\rb\n", 4, s) == TXNG_EFORMAT, "sign: control character");
    ok(txng_note_sign(&out, &len, "\xff\n", 2, s) == TXNG_EFORMAT, "sign: invalid UTF-8");
    buf[TXNG_NOTE_MAX - 1] = '\n';
    ok(txng_note_sign(&out, &len, buf, TXNG_NOTE_MAX, s) == TXNG_EFORMAT, "sign: text too long");
    free(buf);
    ok(txng_note_sign(&out, &len, "\n", 1, s) == TXNG_OK && out != NULL &&
           txng_note_verify(out, len, keys, 1, &tl, &d) == TXNG_OK && tl == 1,
       "a text of one empty line signs and verifies");
    free(out);

    for (int i = 0; i < 3; i++)
        txng_signer_free(extra[i]);
    txng_signer_free(s);
}

static void
expect_bad_cp(const char *text, const char *reason, size_t line, const char *what)
{
    txng_checkpoint cp;
    txng_diag       d   = TXNG_DIAG_INIT;
    txng_err        err = txng_checkpoint_parse(&cp, text, strlen(text), &d);

    ok(err == TXNG_EFORMAT && d.reason != NULL && strcmp(d.reason, reason) == 0 && d.line == line,
       "checkpoint refused, %s: %s", what, d.reason ? d.reason : "accepted");
}

#define ROOT "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

static void
test_checkpoint_own(void)
{
    txng_checkpoint cp;
    txng_diag       d = TXNG_DIAG_INIT;
    char            origin[TXNG_ORIGIN_MAX + 2], text[600], *out = NULL;
    size_t          len = 0;

    ok(txng_checkpoint_parse(&cp, "o\n18446744073709551615\n" ROOT "\n",
                             strlen("o\n18446744073709551615\n" ROOT "\n"), &d) == TXNG_OK &&
           cp.size == UINT64_MAX,
       "largest size");
    expect_bad_cp("o\n18446744073709551616\n" ROOT "\n",
                  "tree size is not a decimal number without leading zeros", 2, "size 2^64");
    expect_bad_cp("o\n01\n" ROOT "\n", "tree size is not a decimal number without leading zeros", 2,
                  "leading zero");
    expect_bad_cp("o\n\n" ROOT "\n", "tree size is not a decimal number without leading zeros", 2,
                  "empty size");
    expect_bad_cp("o\n+1\n" ROOT "\n", "tree size is not a decimal number without leading zeros", 2,
                  "plus sign");
    expect_bad_cp("o", "missing origin line", 1, "no newline at all");
    expect_bad_cp("o\n1", "missing tree size line", 2, "size without newline");
    expect_bad_cp("o\n1\n", "missing root hash line", 3, "no root");
    expect_bad_cp("o\n1\n" ROOT, "missing root hash line", 3, "root without newline");
    expect_bad_cp("\n1\n" ROOT "\n", "empty origin", 1, "empty origin");
    expect_bad_cp("o\n1\n" ROOT "\n\n", "extension lines are not accepted", 4, "empty extension");
    expect_bad_cp("o\n1\n" ROOT "\next\n", "extension lines are not accepted", 4, "extension");
    expect_bad_cp("o\n1\nAAAA\n", "root hash is not base64 of 32 bytes", 3, "short root");
    expect_bad_cp("o\n1\n" ROOT " \n", "root hash is not base64 of 32 bytes", 3,
                  "space after root");
    expect_bad_cp("o\x01\n1\n" ROOT "\n", "control character", 1, "control in origin");
    expect_bad_cp("o\xff\n1\n" ROOT "\n", "invalid UTF-8", 1, "invalid UTF-8 in origin");
    memset(origin, 'o', sizeof origin);
    origin[TXNG_ORIGIN_MAX + 1] = '\0';
    snprintf(text, sizeof text, "%s\n1\n" ROOT "\n", origin);
    expect_bad_cp(text, "origin is too long", 1, "origin of 256 bytes");
    origin[TXNG_ORIGIN_MAX] = '\0';
    snprintf(text, sizeof text, "%s\n1\n" ROOT "\n", origin);
    ok(txng_checkpoint_parse(&cp, text, strlen(text), &d) == TXNG_OK &&
           strlen(cp.origin) == TXNG_ORIGIN_MAX,
       "origin of TXNG_ORIGIN_MAX bytes");
    ok(txng_checkpoint_format(&cp, &out, &len) == TXNG_OK && len == strlen(text) &&
           strcmp(out, text) == 0,
       "long origin formats back");
    free(out);
    out = NULL;

    ok(txng_origin_valid("example.com/log"), "origin: URL");
    ok(!txng_origin_valid(""), "origin: empty");
    ok(!txng_origin_valid(NULL), "origin: NULL");
    ok(!txng_origin_valid("go.sum database tree"), "origin: spaces (parsed, never written)");
    ok(!txng_origin_valid("a+b"), "origin: '+'");
    ok(!txng_origin_valid("a\x7f"), "origin: DEL");
    ok(!txng_origin_valid("ng\xe1\xbb\x8d"
                          "c"),
       "origin: non-ASCII");
    ok(txng_origin_valid(origin), "origin: 255 bytes");
    origin[TXNG_ORIGIN_MAX] = 'o';
    ok(!txng_origin_valid(origin), "origin: 256 bytes");

    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "go.sum database tree");
    ok(txng_checkpoint_format(&cp, &out, &len) == TXNG_EINVAL && out == NULL,
       "format refuses an origin with spaces");
    memset(cp.origin, 'x', sizeof cp.origin); /* not terminated */
    ok(txng_checkpoint_format(&cp, &out, &len) == TXNG_EINVAL,
       "format refuses unterminated origin");
    snprintf(cp.origin, sizeof cp.origin, "example.com/log");
    cp.size = 20852163;
    ok(txng_checkpoint_format(&cp, &out, &len) == TXNG_OK && out != NULL &&
           strcmp(out,
                  "example.com/log\n20852163\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n") == 0,
       "format a checkpoint");
    free(out);
}

int
main(void)
{
    if (sodium_init() < 0) {
        printf("Bail out! sodium_init\n");
        return 1;
    }
    for (int i = 0; i < 32; i++)
        ex_seed[i] = (unsigned char) i;
    if (tap_vectors_only()) {
        if (tap_vectors_absent())
            return 0;
        test_signed_notes();
        test_checkpoint_vectors();
        test_e2e();
        return tap_done();
    }
    test_example();
    test_own_cases();
    test_checkpoint_own();
    return tap_done();
}
