/*
 * test_keys.c - keys module: names, key IDs, verifier keys, signing, key files
 *
 * Known answers come from the RFC 8032 style seed 00 01 .. 1f (public key,
 * key ID and signature computed once with Python's hashlib and
 * cryptography), from the C2SP/Go vectors in $TXNG_VECTORS, and from an
 * encrypted key file that this test seals itself, following docs/format.md,
 * with the cheapest Argon2id parameters a reader accepts.
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
#include "tests/tap.h"

#define EX_NAME "txng.example/ho-a-vang"
#define EX_PK   "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
#define EX_ID   0x5aa69f90u
#define EX_VKEY "txng.example/ho-a-vang+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define EX_MSG  "txng test message\n"
#define EX_SIG                                                                                     \
    "56dqtsl8pbqDXJNGf39FEARct+Vr3Ur2hb5NrpPlh3Qr1MMK29PEPaknhe1juIHeUln5uZHsskSwPRxchqIZCg=="
#define EX_PLAIN                                                                                   \
    "txng secret key v1\n"                                                                         \
    "name: txng.example/ho-a-vang\n"                                                               \
    "public: " EX_VKEY "\n"                                                                        \
    "kdf: none\n"                                                                                  \
    "key: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"

static unsigned char ex_seed[32];

static char *
hex(const unsigned char *b, size_t n)
{
    static char buf[2 * 64 + 1];

    sodium_bin2hex(buf, sizeof buf, b, n);
    return buf;
}

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

static txng_err
parse_str(txng_pubkey *pk, const char *s, txng_diag *diag)
{
    return txng_pubkey_parse(pk, s, strlen(s), diag);
}

static void
test_names(void)
{
    char long_name[TXNG_KEY_NAME_MAX + 2];

    ok(txng_key_name_valid("a"), "one-letter name");
    ok(txng_key_name_valid(EX_NAME), "URL-like name");
    ok(txng_key_name_valid("Ng\xe1\xbb\x8d"
                           "c-Linh"),
       "Vietnamese letters in a name");
    memset(long_name, 'x', sizeof long_name);
    long_name[TXNG_KEY_NAME_MAX] = '\0';
    ok(txng_key_name_valid(long_name), "name of TXNG_KEY_NAME_MAX bytes");
    long_name[TXNG_KEY_NAME_MAX]     = 'x';
    long_name[TXNG_KEY_NAME_MAX + 1] = '\0';
    ok(!txng_key_name_valid(long_name), "name one byte too long");
    ok(!txng_key_name_valid(""), "empty name");
    ok(!txng_key_name_valid(NULL), "NULL name");
    ok(!txng_key_name_valid("a b"), "space in name");
    ok(!txng_key_name_valid("a+b"), "'+' in name");
    ok(!txng_key_name_valid("a\tb"), "tab in name");
    ok(!txng_key_name_valid("a\nb"), "newline in name");
    ok(!txng_key_name_valid("a\x7f"), "DEL in name");
    ok(!txng_key_name_valid("a\xc2\xa0"
                            "b"),
       "no-break space in name");
    ok(!txng_key_name_valid("a\xe3\x80\x80"
                            "b"),
       "ideographic space in name");
    ok(!txng_key_name_valid("a\xe2\x80\x83"
                            "b"),
       "em space in name");
    ok(!txng_key_name_valid("a\xff"), "invalid UTF-8 in name");
    ok(!txng_key_name_valid("\xc0\xaf"), "overlong UTF-8 in name");
    ok(!txng_key_name_valid("\xed\xa0\x80"), "UTF-16 surrogate in name");
    ok(!txng_key_name_valid("\xe1\xbb"), "truncated UTF-8 in name");
}

static void
test_known_answer(void)
{
    txng_signer       *s = NULL;
    const txng_pubkey *pub;
    unsigned char      pk[32], h[32], sig[64], sig2[64];
    unsigned char      buf[sizeof EX_NAME + 1 + 32];
    char               vkey[TXNG_VKEY_MAX], ref[TXNG_KEYREF_MAX];
    size_t             n = strlen(EX_NAME);
    uint32_t           id;

    ok(txng_signer_from_seed(&s, EX_NAME, ex_seed) == TXNG_OK, "signer from fixed seed");
    if (s == NULL)
        return;
    pub = txng_signer_pubkey(s);
    ok(strcmp(hex(pub->pk, 32), EX_PK) == 0, "public key of seed 00..1f: %s", hex(pub->pk, 32));
    ok(strcmp(pub->name, EX_NAME) == 0, "name kept");

    /* The key ID from its definition, SHA-256(name || 0x0A || 0x01 || pk)[:4]. */
    memcpy(buf, EX_NAME, n);
    buf[n]     = '\n';
    buf[n + 1] = 0x01;
    memcpy(buf + n + 2, pub->pk, 32);
    crypto_hash_sha256(h, buf, n + 2 + 32);
    id = (uint32_t) h[0] << 24 | (uint32_t) h[1] << 16 | (uint32_t) h[2] << 8 | h[3];
    ok(id == EX_ID, "independent key ID is the literal 5aa69f90");
    ok(pub->id == EX_ID, "signer key ID %08lx", (unsigned long) pub->id);
    ok(txng_key_id(EX_NAME, pub->pk) == EX_ID, "txng_key_id");
    memcpy(pk, pub->pk, 32);
    pk[0] ^= 1;
    ok(txng_key_id(EX_NAME, pk) != EX_ID, "key ID depends on the key");
    ok(txng_key_id("txng.example/ho-a-vanh", pub->pk) != EX_ID, "key ID depends on the name");

    txng_pubkey_format(pub, vkey);
    ok(strcmp(vkey, EX_VKEY) == 0, "verifier key %s", vkey);
    txng_pubkey_ref(pub, ref);
    ok(strcmp(ref, EX_NAME "+5aa69f90") == 0, "key reference %s", ref);

    txng_signer_sign(s, sig, EX_MSG, strlen(EX_MSG));
    {
        char b64[TXNG_B64_SIZE(64)];

        txng_b64_encode(b64, sig, 64);
        ok(strcmp(b64, EX_SIG) == 0, "deterministic Ed25519 signature of the example");
    }
    ok(txng_pubkey_verify(pub, sig, EX_MSG, strlen(EX_MSG)) == TXNG_OK, "signature verifies");
    ok(txng_pubkey_verify(pub, sig, EX_MSG, strlen(EX_MSG) - 1) == TXNG_EBADSIG,
       "other message: bad signature");
    memcpy(sig2, sig, 64);
    sig2[10] ^= 0x20;
    ok(txng_pubkey_verify(pub, sig2, EX_MSG, strlen(EX_MSG)) == TXNG_EBADSIG,
       "flipped bit: bad signature");
    {
        txng_pubkey other = *pub;

        other.pk[5] ^= 1;
        ok(txng_pubkey_verify(&other, sig, EX_MSG, strlen(EX_MSG)) == TXNG_EBADSIG,
           "other key: bad signature");
    }
    txng_signer_free(s);
    txng_signer_free(NULL);
}

static void
test_signer_new(void)
{
    txng_signer  *a = NULL, *b = NULL;
    unsigned char sig[64];

    ok(txng_signer_new(&a, "bad name") == TXNG_EINVAL && a == NULL, "new: bad name");
    ok(txng_signer_from_seed(&a, "", ex_seed) == TXNG_EINVAL && a == NULL, "from seed: bad name");
    ok(txng_signer_new(&a, "k") == TXNG_OK && a != NULL, "new key");
    ok(txng_signer_new(&b, "k") == TXNG_OK && b != NULL, "another new key");
    if (a != NULL && b != NULL) {
        const txng_pubkey *pa = txng_signer_pubkey(a), *pb = txng_signer_pubkey(b);

        ok(memcmp(pa->pk, pb->pk, 32) != 0, "random keys differ");
        ok(pa->id == txng_key_id("k", pa->pk), "new key's ID");
        txng_signer_sign(a, sig, "x", 1);
        ok(txng_pubkey_verify(pa, sig, "x", 1) == TXNG_OK, "new key signs");
        ok(txng_pubkey_verify(pb, sig, "x", 1) == TXNG_EBADSIG, "the other key does not verify");
        {
            txng_pubkey c = *pa;

            ok(txng_pubkey_equal(pa, &c) && !txng_pubkey_equal(pa, pb), "equal: same key only");
            c.id ^= 1;
            ok(!txng_pubkey_equal(pa, &c), "equal: another key ID differs");
            c = *pa;
            c.name[0] = 'j';
            ok(!txng_pubkey_equal(pa, &c), "equal: another name differs");
        }
    }
    txng_signer_free(a);
    txng_signer_free(b);
}

static void
expect_bad_vkey(const char *vkey, const char *reason, const char *what)
{
    txng_pubkey pk;
    txng_diag   d   = TXNG_DIAG_INIT;
    txng_err    err = parse_str(&pk, vkey, &d);

    ok(err == TXNG_EFORMAT && d.reason != NULL && (reason == NULL || strcmp(d.reason, reason) == 0),
       "vkey refused: %s (%s)", what, d.reason ? d.reason : "no reason");
    ok(pk.name[0] == '\0' && pk.id == 0, "refused vkey leaves a zeroed key (%s)", what);
}

static void
test_vkey_parse(void)
{
    txng_pubkey pk;
    txng_diag   d = TXNG_DIAG_INIT;
    char        out[TXNG_VKEY_MAX];
    const char *v = EX_VKEY;

    ok(parse_str(&pk, v, &d) == TXNG_OK, "parse example vkey");
    ok(strcmp(pk.name, EX_NAME) == 0 && pk.id == EX_ID && strcmp(hex(pk.pk, 32), EX_PK) == 0,
       "parsed fields");
    txng_pubkey_format(&pk, out);
    ok(strcmp(out, v) == 0, "format gives the input back");
    ok(txng_pubkey_parse(&pk, v, strlen(v) - 1, &d) == TXNG_EFORMAT, "length is honoured");

    expect_bad_vkey("nothing", "verifier key does not have three '+'-separated parts", "no '+'");
    expect_bad_vkey("a+5aa69f90", "verifier key does not have three '+'-separated parts",
                    "one '+'");
    expect_bad_vkey("+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "invalid key name",
                    "empty name");
    expect_bad_vkey("a b+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", "invalid key name",
                    "space in name");
    expect_bad_vkey(EX_NAME "+5AA69F90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                    "key ID is not 8 lower-case hex digits", "upper-case ID");
    expect_bad_vkey(EX_NAME "+5aa69f9+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                    "key ID is not 8 lower-case hex digits", "7-digit ID");
    expect_bad_vkey(EX_NAME "+5aa69f9g+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                    "key ID is not 8 lower-case hex digits", "non-hex ID");
    expect_bad_vkey(EX_NAME "+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG",
                    "public key is not base64 of 33 bytes", "truncated base64");
    expect_bad_vkey(EX_NAME "+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4AAAA",
                    "public key is not base64 of 33 bytes", "36 bytes");
    expect_bad_vkey(EX_NAME "+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4\n",
                    "public key is not base64 of 33 bytes", "trailing newline");
    expect_bad_vkey(EX_NAME "+5aa69f90+", "public key is not base64 of 33 bytes", "empty key");
    expect_bad_vkey(EX_NAME "+5aa69f90+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                    "key type is not Ed25519", "type 0x02");
    expect_bad_vkey(EX_NAME "+5aa69f91+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                    "key ID does not match the key", "ID off by one");
    expect_bad_vkey("txng.example/ho-a-vanh+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                    "key ID does not match the key", "other name");
    ok(txng_pubkey_parse(&pk, "a+b", 3, NULL) == TXNG_EFORMAT, "NULL diag accepted");
}

static void
test_keyref(void)
{
    char     name[TXNG_KEY_NAME_MAX + 1];
    uint32_t id = 0;
    char     longref[TXNG_KEYREF_MAX + 8];

    ok(txng_keyref_parse(EX_NAME "+5aa69f90", name, &id) == TXNG_OK, "parse key reference");
    ok(strcmp(name, EX_NAME) == 0 && id == EX_ID, "reference fields");
    ok(txng_keyref_parse(EX_NAME, name, &id) == TXNG_EFORMAT && name[0] == '\0', "ref: no '+'");
    ok(txng_keyref_parse("+5aa69f90", name, &id) == TXNG_EFORMAT, "ref: empty name");
    ok(txng_keyref_parse("a b+5aa69f90", name, &id) == TXNG_EFORMAT, "ref: bad name");
    ok(txng_keyref_parse("a+5aa69f9", name, &id) == TXNG_EFORMAT, "ref: short ID");
    ok(txng_keyref_parse("a+5aa69f900", name, &id) == TXNG_EFORMAT, "ref: long ID");
    ok(txng_keyref_parse("a+5AA69F90", name, &id) == TXNG_EFORMAT, "ref: upper-case ID");
    ok(txng_keyref_parse("a+5aa69f90+x", name, &id) == TXNG_EFORMAT, "ref: a second '+'");
    memset(longref, 'a', sizeof longref);
    memcpy(longref + sizeof longref - 10, "+5aa69f90", 10);
    ok(txng_keyref_parse(longref, name, &id) == TXNG_EFORMAT, "ref: too long");
}

static void
test_vectors(void)
{
    json_t     *root = load_vectors("tlog/notes/signed_notes.json");
    json_t     *e2e  = load_vectors("tlog/generated/e2e_checkpoint_cosig_proof.json");
    json_t     *notes, *bad, *item, *vk;
    size_t      i, j;
    txng_pubkey pk;
    txng_diag   d = TXNG_DIAG_INIT;
    char        out[TXNG_VKEY_MAX];
    int         nvalid = 0;

    if (root == NULL) {
        tap_skip(1 + 9 * 2 + 3 + 3, "vectors tlog/notes/signed_notes.json not found");
    } else {
        notes = json_object_get(root, "notes");
        ok(json_array_size(notes) == 9, "9 notes in the vectors");
        json_array_foreach(notes, i, item)
        {
            json_t *vks = json_object_get(item, "vkeys");

            if (vks == NULL) {
                vks = json_array();
                json_array_append(vks, json_object_get(item, "vkey"));
            } else {
                json_incref(vks);
            }
            json_array_foreach(vks, j, vk)
            {
                const char *s   = json_string_value(vk);
                txng_err    err = parse_str(&pk, s, &d);

                if (j > 0)
                    continue;
                txng_pubkey_format(&pk, out);
                ok(err == TXNG_OK, "vector vkey parses: %s", s);
                ok(err == TXNG_OK && strcmp(out, s) == 0, "vector vkey round trip");
                nvalid++;
            }
            json_decref(vks);
        }
        bad = json_object_get(root, "bad_vkeys");
        json_array_foreach(bad, i, item)
        {
            const char *s = json_string_value(json_object_get(item, "vkey"));

            ok(parse_str(&pk, s, &d) == TXNG_EFORMAT, "bad vector vkey refused: %s",
               json_string_value(json_object_get(item, "why")));
        }
        /* "PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)": derive the public key from the seed. */
        item = json_array_get(notes, 1);
        {
            const char   *skey = json_string_value(json_object_get(item, "skey"));
            const char   *b64  = skey;
            unsigned char raw[33];
            size_t        raw_len = 0;
            txng_signer  *s       = NULL;

            /* The base64 may hold '+': it starts after the fourth one. */
            for (int k = 0; k < 4 && b64 != NULL; k++) {
                b64 = strchr(b64, '+');
                b64 = b64 != NULL ? b64 + 1 : NULL;
            }
            if (b64 == NULL)
                b64 = "";
            ok(txng_b64_decode(raw, sizeof raw, &raw_len, b64, strlen(b64)) == TXNG_OK &&
                   raw_len == 33 && raw[0] == 0x01,
               "PeterNeumann private key decodes");
            ok(txng_signer_from_seed(&s, "PeterNeumann", raw + 1) == TXNG_OK, "signer from it");
            if (s != NULL) {
                txng_pubkey_format(txng_signer_pubkey(s), out);
                ok(strcmp(out, json_string_value(json_object_get(item, "vkey"))) == 0,
                   "PeterNeumann seed gives the published vkey");
            } else {
                ok(0, "PeterNeumann seed gives the published vkey");
            }
            txng_signer_free(s);
            sodium_memzero(raw, sizeof raw);
        }
        json_decref(root);
    }

    if (e2e == NULL) {
        tap_skip(7, "vectors tlog/generated/e2e_checkpoint_cosig_proof.json not found");
        return;
    }
    {
        json_t       *log = json_object_get(e2e, "log"), *w = json_object_get(e2e, "witness");
        unsigned char seed[32];
        txng_signer  *s = NULL;
        char          idhex[9];

        ok(sodium_hex2bin(seed, 32, json_string_value(json_object_get(log, "seed_hex")), 64, NULL,
                          NULL, NULL) == 0,
           "e2e log seed");
        ok(txng_signer_from_seed(&s, json_string_value(json_object_get(log, "origin")), seed) ==
               TXNG_OK,
           "e2e log signer");
        if (s != NULL) {
            const txng_pubkey *p = txng_signer_pubkey(s);

            snprintf(idhex, sizeof idhex, "%08lx", (unsigned long) p->id);
            ok(strcmp(hex(p->pk, 32), json_string_value(json_object_get(log, "public_key_hex"))) ==
                   0,
               "e2e public key");
            ok(strcmp(idhex, json_string_value(json_object_get(log, "key_id_hex"))) == 0,
               "e2e key ID");
            txng_pubkey_format(p, out);
            ok(strcmp(out, json_string_value(json_object_get(log, "vkey"))) == 0, "e2e vkey");
        } else {
            tap_skip(3, "no signer");
        }
        txng_signer_free(s);
        expect_bad_vkey(json_string_value(json_object_get(w, "vkey")), "key type is not Ed25519",
                        "cosignature/v1 (type 0x04) witness key");
    }
    json_decref(e2e);
    (void) nvalid;
}

/* Replace the first occurrence of @p from in @p in by @p to; malloc'd. */
static char *
replace(const char *in, const char *from, const char *to)
{
    const char *at = strstr(in, from);
    size_t      n;
    char       *out;

    if (at == NULL)
        return NULL;
    n   = strlen(in) - strlen(from) + strlen(to);
    out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    snprintf(out, n + 1, "%.*s%s%s", (int) (at - in), in, to, at + strlen(from));
    return out;
}

static void
expect_read(const char *file, const char *pass, txng_err want, const char *reason, const char *what)
{
    txng_signer *s = NULL;
    txng_diag    d = TXNG_DIAG_INIT;
    txng_err     err;

    if (file == NULL) {
        ok(0, "test setup: %s", what);
        return;
    }
    err = txng_keyfile_read(&s, file, strlen(file), pass, &d);
    ok(err == want && (want == TXNG_OK) == (s != NULL) &&
           (reason == NULL || (d.reason != NULL && strcmp(d.reason, reason) == 0)),
       "%s: %s (%s)", what, txng_strerror(err), d.reason ? d.reason : "");
    txng_signer_free(s);
}

/*
 * An encrypted key file for seed 00..1f built here from the format spec,
 * with Argon2id ops=1, mem=8192 so that tampering tests stay fast.
 */
static char *
seal_cheap(const char *pass)
{
    unsigned char salt[16], nonce[24], key[32], ct[48];
    char          salt64[TXNG_B64_SIZE(16)], nonce64[TXNG_B64_SIZE(24)], ct64[TXNG_B64_SIZE(48)];
    char          head[512], *file;
    size_t        n;

    for (int i = 0; i < 16; i++)
        salt[i] = (unsigned char) (0xa0 + i);
    for (int i = 0; i < 24; i++)
        nonce[i] = (unsigned char) (0x50 + i);
    txng_b64_encode(salt64, salt, 16);
    txng_b64_encode(nonce64, nonce, 24);
    snprintf(head, sizeof head,
             "txng secret key v1\nname: " EX_NAME "\npublic: " EX_VKEY
             "\nkdf: argon2id 1 8192\nsalt: %s\nnonce: %s\n",
             salt64, nonce64);
    if (crypto_pwhash(key, 32, pass, strlen(pass), salt, 1, 8192, crypto_pwhash_ALG_ARGON2ID13) !=
        0)
        return NULL;
    crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, ex_seed, 32, (unsigned char *) head,
                                               strlen(head), NULL, nonce, key);
    txng_b64_encode(ct64, ct, 48);
    n    = strlen(head) + 5 + strlen(ct64) + 2;
    file = malloc(n);
    if (file != NULL)
        snprintf(file, n, "%skey: %s\n", head, ct64);
    return file;
}

static void
test_keyfile_plain(void)
{
    txng_signer *s = NULL, *r = NULL;
    char        *out = NULL;
    size_t       len = 0;
    txng_diag    d   = TXNG_DIAG_INIT;
    char        *t;

    if (txng_signer_from_seed(&s, EX_NAME, ex_seed) != TXNG_OK)
        return;
    ok(txng_keyfile_write(s, NULL, TXNG_KDF_INTERACTIVE, &out, &len) == TXNG_OK, "write plain");
    ok(out != NULL && len == strlen(EX_PLAIN) && memcmp(out, EX_PLAIN, len) == 0,
       "plain key file is byte for byte the documented example");
    ok(!txng_keyfile_encrypted(out, len), "plain file is not encrypted");
    ok(txng_keyfile_read(&r, out, len, NULL, &d) == TXNG_OK && r != NULL, "read plain");
    if (r != NULL) {
        ok(memcmp(txng_signer_pubkey(r)->pk, txng_signer_pubkey(s)->pk, 32) == 0 &&
               strcmp(txng_signer_pubkey(r)->name, EX_NAME) == 0 &&
               txng_signer_pubkey(r)->id == EX_ID,
           "read back the same key");
    }
    txng_signer_free(r);
    r = NULL;
    ok(txng_keyfile_read(&r, out, len, "ignored", &d) == TXNG_OK, "passphrase ignored when plain");
    txng_signer_free(r);
    r = NULL;

    /* Every proper prefix is refused without a crash. */
    {
        bool all = true;

        for (size_t i = 0; i < len; i++) {
            if (txng_keyfile_read(&r, out, i, NULL, NULL) != TXNG_EFORMAT || r != NULL)
                all = false;
        }
        ok(all, "every truncation of the plain file is refused");
    }

    expect_read(t = replace(EX_PLAIN, "v1", "v2"), NULL, TXNG_EFORMAT, "not a txng secret key file",
                "version 2");
    free(t);
    expect_read(t = replace(EX_PLAIN, "name: txng.example/ho-a-vang", "name: ho-a-vang"), NULL,
                TXNG_EFORMAT, "public key name differs from the key name", "name changed");
    free(t);
    expect_read(t = replace(EX_PLAIN, "name: txng.example/ho-a-vang", "name: a b"), NULL,
                TXNG_EFORMAT, "invalid key name", "bad name");
    free(t);
    expect_read(t = replace(EX_PLAIN, "name: ", "nom: "), NULL, TXNG_EFORMAT, "missing line",
                "no name line");
    free(t);
    expect_read(t = replace(EX_PLAIN, "public: ", "pub: "), NULL, TXNG_EFORMAT, "missing line",
                "no public line");
    free(t);
    expect_read(t = replace(EX_PLAIN, "+5aa69f90+", "+5aa69f91+"), NULL, TXNG_EFORMAT,
                "key ID does not match the key", "public key ID changed");
    free(t);
    expect_read(t = replace(EX_PLAIN, "AQOhB7", "AQOhB8"), NULL, TXNG_EFORMAT, NULL,
                "public key changed");
    free(t);
    expect_read(t = replace(EX_PLAIN, "kdf: none", "kdf: scrypt"), NULL, TXNG_EFORMAT,
                "unknown key derivation function", "unknown kdf");
    free(t);
    expect_read(t = replace(EX_PLAIN, "kdf: none\n", ""), NULL, TXNG_EFORMAT, "missing line",
                "no kdf line");
    free(t);
    expect_read(t = replace(EX_PLAIN, "key: AAEC", "key: BAEC"), NULL, TXNG_EFORMAT,
                "secret key does not match the public key", "seed changed");
    free(t);
    expect_read(t = replace(EX_PLAIN, "key: AAEC", "key: AAE"), NULL, TXNG_EFORMAT,
                "bad base64 or wrong length", "seed too short");
    free(t);
    expect_read(t = replace(EX_PLAIN, "Hh8=", "Hh9="), NULL, TXNG_EFORMAT,
                "bad base64 or wrong length", "non-canonical base64");
    free(t);
    expect_read(t = replace(EX_PLAIN, "key: ", "seed: "), NULL, TXNG_EFORMAT, "missing line",
                "no key line");
    free(t);
    expect_read(t = replace(EX_PLAIN, "Hh8=\n", "Hh8=\n\n"), NULL, TXNG_EFORMAT,
                "data after the key line", "trailing empty line");
    free(t);
    expect_read(t = replace(EX_PLAIN, "Hh8=\n", "Hh8=\r\n"), NULL, TXNG_EFORMAT,
                "bad base64 or wrong length", "CRLF");
    free(t);
    expect_read("", NULL, TXNG_EFORMAT, "not a txng secret key file", "empty file");
    txng_signer_free(s);
    free(out);
}

static void
test_keyfile_encrypted(void)
{
    const char  *pass = "m\xe1\xba\xadt kh\xe1\xba\xa9u d\xc3\xa0i";
    txng_signer *s = NULL, *r = NULL;
    char        *out = NULL, *cheap, *t;
    size_t       len = 0;
    txng_diag    d   = TXNG_DIAG_INIT;

    if (txng_signer_from_seed(&s, EX_NAME, ex_seed) != TXNG_OK)
        return;
    ok(txng_keyfile_write(s, "", TXNG_KDF_INTERACTIVE, &out, &len) == TXNG_EINVAL && out == NULL,
       "empty passphrase refused");
    ok(txng_keyfile_write(s, pass, TXNG_KDF_INTERACTIVE, &out, &len) == TXNG_OK, "write encrypted");
    if (out == NULL) {
        txng_signer_free(s);
        return;
    }
    ok(txng_keyfile_encrypted(out, len), "encrypted file says so");
    ok(strstr(out, "\nkdf: argon2id 2 67108864\n") != NULL, "interactive cost recorded");
    ok(strstr(out, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=") == NULL,
       "the seed is not in the file");
    ok(txng_keyfile_read(&r, out, len, pass, &d) == TXNG_OK && r != NULL, "read encrypted");
    if (r != NULL)
        ok(memcmp(txng_signer_pubkey(r)->pk, txng_signer_pubkey(s)->pk, 32) == 0, "same key back");
    txng_signer_free(r);
    r = NULL;
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_keyfile_read(&r, out, len, "wrong", &d) == TXNG_EPASSPHRASE && r == NULL,
       "wrong passphrase");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_keyfile_read(&r, out, len, NULL, &d) == TXNG_EPASSPHRASE && d.reason != NULL &&
           strcmp(d.reason, "a passphrase is needed") == 0,
       "missing passphrase");
    {
        txng_pubkey pk;

        ok(txng_keyfile_pubkey(&pk, out, len, NULL) == TXNG_OK &&
               txng_pubkey_equal(&pk, txng_signer_pubkey(s)),
           "the public key of an encrypted file, read without its passphrase");
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_keyfile_pubkey(&pk, out, len / 2, &d) == TXNG_EFORMAT && d.reason != NULL,
           "the public key of a file cut short: EFORMAT");
        ok(txng_keyfile_pubkey(NULL, out, len, NULL) == TXNG_EINVAL, "NULL out: EINVAL");
    }
    free(out);
    out = NULL;
    ok(txng_keyfile_write(s, pass, TXNG_KDF_MODERATE, &out, &len) == TXNG_OK && out != NULL &&
           strstr(out, "\nkdf: argon2id 3 268435456\n") != NULL,
       "moderate cost recorded");
    free(out);

    /* A file sealed by this test from the spec: the reader must accept it. */
    cheap = seal_cheap("pw");
    expect_read(cheap, "pw", TXNG_OK, NULL, "independently sealed file");
    expect_read(cheap, "pW", TXNG_EPASSPHRASE, "wrong passphrase, or the key file was altered",
                "independently sealed file, wrong passphrase");
    expect_read(cheap, "", TXNG_EPASSPHRASE, NULL, "empty passphrase on read");
    expect_read(cheap, NULL, TXNG_EPASSPHRASE, "a passphrase is needed", "no passphrase");
    if (cheap != NULL) {
        bool all = true;

        ok(txng_keyfile_encrypted(cheap, strlen(cheap)), "sealed file is encrypted");
        for (size_t i = 0; i < strlen(cheap); i++) {
            if (txng_keyfile_read(&r, cheap, i, "pw", NULL) != TXNG_EFORMAT || r != NULL)
                all = false;
            if (txng_keyfile_encrypted(cheap, i))
                all = false;
        }
        ok(all, "every truncation of the encrypted file is refused");
    }
    /* The additional data covers each line before "key:". */
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1 8193"), "pw", TXNG_EPASSPHRASE,
                NULL, "memlimit changed");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 2 8192"), "pw", TXNG_EPASSPHRASE,
                NULL, "opslimit changed");
    free(t);
    expect_read(t = replace(cheap, "salt: o", "salt: p"), "pw", TXNG_EPASSPHRASE, NULL,
                "salt changed");
    free(t);
    expect_read(t = replace(cheap, "nonce: U", "nonce: V"), "pw", TXNG_EPASSPHRASE, NULL,
                "nonce changed");
    free(t);
    {
        /* Same name, another valid key: only the AEAD can notice. */
        txng_signer  *o = NULL;
        char          ov[TXNG_VKEY_MAX];
        unsigned char seed2[32] = { 1 };

        if (txng_signer_from_seed(&o, EX_NAME, seed2) == TXNG_OK) {
            txng_pubkey_format(txng_signer_pubkey(o), ov);
            expect_read(t = replace(cheap, EX_VKEY, ov), "pw", TXNG_EPASSPHRASE, NULL,
                        "public key swapped");
            free(t);
        }
        txng_signer_free(o);
    }
    {
        char *k    = strstr(cheap, "key: ") + 5;
        char  save = *k;

        *k = *k == 'A' ? 'B' : 'A';
        expect_read(cheap, "pw", TXNG_EPASSPHRASE, NULL, "sealed seed changed");
        *k = save;
    }
    expect_read(t = replace(cheap, "\nkey: ", "\nkey: AAAA"), "pw", TXNG_EFORMAT,
                "bad base64 or wrong length", "sealed seed too long");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 11 8192"), "pw", TXNG_EFORMAT,
                "key derivation cost is out of bounds", "opslimit 11");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 0 8192"), "pw", TXNG_EFORMAT,
                "key derivation cost is out of bounds", "opslimit 0");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1 8191"), "pw", TXNG_EFORMAT,
                "key derivation cost is out of bounds", "memlimit below 8 KiB");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1 1073741825"), "pw", TXNG_EFORMAT,
                "key derivation cost is out of bounds", "memlimit above 1 GiB");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1 100000000000"), "pw",
                TXNG_EFORMAT, "key derivation cost is out of bounds", "memlimit 100 GB");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1 99999999999999999999999"), "pw",
                TXNG_EFORMAT, "key derivation parameters are not two decimal numbers",
                "memlimit overflows");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 01 8192"), "pw", TXNG_EFORMAT,
                "key derivation parameters are not two decimal numbers", "leading zero");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1"), "pw", TXNG_EFORMAT,
                "key derivation parameters are not two decimal numbers", "one parameter");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "argon2id 1 -8192"), "pw", TXNG_EFORMAT,
                "key derivation parameters are not two decimal numbers", "negative");
    free(t);
    expect_read(t = replace(cheap, "salt: ", "salt: AAAA"), "pw", TXNG_EFORMAT,
                "bad base64 or wrong length", "salt too long");
    free(t);
    expect_read(t = replace(cheap, "salt: ", "sel: "), "pw", TXNG_EFORMAT, "missing line",
                "no salt line");
    free(t);
    expect_read(t = replace(cheap, "nonce: ", "nonce: AAAA"), "pw", TXNG_EFORMAT,
                "bad base64 or wrong length", "nonce too long");
    free(t);
    expect_read(t = replace(cheap, "argon2id 1 8192", "none"), "pw", TXNG_EFORMAT, "missing line",
                "kdf none with salt and nonce");
    free(t);
    free(cheap);
    txng_signer_free(s);
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
        test_vectors();
        return tap_done();
    }
    test_names();
    test_known_answer();
    test_signer_new();
    test_vkey_parse();
    test_keyref();
    test_keyfile_plain();
    test_keyfile_encrypted();
    return tap_done();
}
