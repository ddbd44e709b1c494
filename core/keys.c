/*
 * keys.c - Ed25519 keys, C2SP verifier key strings and secret key files
 *
 * The secret half of a signer is libsodium's 64-byte Ed25519 secret key
 * (seed || public key). It lives in sodium_malloc'd memory that is made
 * read-only once filled, so several threads may sign at once, and it is
 * wiped by sodium_free().
 *
 * A secret key file (docs/format.md §3) is five or seven lines of text:
 *
 *   txng secret key v1
 *   name: <key name>
 *   public: <verifier key>
 *   kdf: argon2id <opslimit> <memlimit>     or     kdf: none
 *   salt: <base64, 16 bytes>                        (absent)
 *   nonce: <base64, 24 bytes>                       (absent)
 *   key: <base64 of the XChaCha20-Poly1305 sealed seed, 48 bytes, or the plain 32-byte seed>
 *
 * The AEAD's additional data is every byte before the "key:" line, so the
 * name, the public key and the KDF parameters cannot be changed without the
 * passphrase. Reading bounds the KDF cost (KDF_OPS_MAX, KDF_MEM_MAX) because
 * the file may be hostile: it must not make us allocate gigabytes.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/canon.h"
#include "core/hash.h"
#include "core/keys.h"

#define KEYFILE_MAGIC  "txng secret key v1"
#define KDF_SALT_BYTES crypto_pwhash_argon2id_SALTBYTES
#define KDF_KEY_BYTES  crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define AEAD_NONCE     crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define AEAD_TAG       crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SEALED_BYTES   (TXNG_SEED_BYTES + AEAD_TAG)
#define KDF_OPS_MIN    1u
#define KDF_OPS_MAX    10u
#define KDF_MEM_MIN    8192u
#define KDF_MEM_MAX    (1024u * 1024u * 1024u)
/* Longest decimal that can fit in a uint64. */

struct txng_signer {
    txng_pubkey    pub;
    unsigned char *sk; /* crypto_sign_SECRETKEYBYTES, sodium_malloc'd, read-only */
};

/* One secret key file, parsed but not decrypted. Holds no secret. */
struct keyfile {
    char               name[TXNG_KEY_NAME_MAX + 1];
    txng_pubkey        pub;
    bool               encrypted;
    unsigned long long ops;
    size_t             mem;
    unsigned char      salt[KDF_SALT_BYTES];
    unsigned char      nonce[AEAD_NONCE];
    size_t             aad_len;
    const char        *key_b64;
    size_t             key_b64_len;
    size_t             key_line;
};

/*
 * Decode one UTF-8 character at @p s (at most @p len bytes) into @p cp.
 * Refuses overlong forms, surrogates and values past U+10FFFF.
 * Returns the length of the character, or 0 if it is not valid UTF-8.
 */
/* Unicode white space (Go's unicode.IsSpace) and control characters. */
static bool
forbidden_in_name(uint32_t c)
{
    if (c < 0x20 || c == ' ' || c == '+' || (c >= 0x7f && c <= 0xa0))
        return true;
    switch (c) {
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200a;
    }
}

static bool
name_valid_n(const char *name, size_t len)
{
    const unsigned char *s = (const unsigned char *) name;
    size_t               i = 0, n;
    uint32_t             c;

    if (len == 0 || len > TXNG_KEY_NAME_MAX)
        return false;
    while (i < len) {
        n = txng_utf8_next(s + i, len - i, &c);
        if (n == 0 || forbidden_in_name(c))
            return false;
        i += n;
    }
    return true;
}

static uint32_t
be32_load(const unsigned char b[4])
{
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
}

static uint32_t
key_id_n(const char *name, size_t name_len, unsigned char type, const unsigned char pk[32])
{
    crypto_hash_sha256_state st;
    unsigned char            h[crypto_hash_sha256_BYTES];
    const unsigned char      sep[2] = { '\n', type };

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *) name, name_len);
    crypto_hash_sha256_update(&st, sep, sizeof sep);
    crypto_hash_sha256_update(&st, pk, TXNG_PK_BYTES);
    crypto_hash_sha256_final(&st, h);
    return be32_load(h);
}

/* Exactly 8 lower-case hex digits into @p id. */
static bool
hex8_parse(const char *s, size_t len, uint32_t *id)
{
    uint32_t v = 0;

    if (len != 8)
        return false;
    for (size_t i = 0; i < 8; i++) {
        unsigned d;

        if (s[i] >= '0' && s[i] <= '9')
            d = (unsigned) (s[i] - '0');
        else if (s[i] >= 'a' && s[i] <= 'f')
            d = (unsigned) (s[i] - 'a' + 10);
        else
            return false;
        v = v << 4 | d;
    }
    *id = v;
    return true;
}

static void
diag_fail(txng_diag *diag, size_t line, const char *reason, const char *field)
{
    txng_diag_set(diag, reason, field);
    if (diag != NULL && line != 0)
        diag->line = line;
}

/* The signer for @p seed, whose name @p name is already checked. */
static txng_err
signer_make(txng_signer **out, const char *name, size_t name_len,
            const unsigned char seed[TXNG_SEED_BYTES])
{
    txng_signer  *s = NULL;
    unsigned char pk[TXNG_PK_BYTES];

    *out = NULL;
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return TXNG_ENOMEM;
    s->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    if (s->sk == NULL) {
        free(s);
        return TXNG_ENOMEM;
    }
    crypto_sign_seed_keypair(pk, s->sk, seed);
    sodium_mprotect_readonly(s->sk);
    memcpy(s->pub.name, name, name_len);
    s->pub.name[name_len] = '\0';
    memcpy(s->pub.pk, pk, sizeof pk);
    s->pub.id = key_id_n(name, name_len, 0x01, pk);
    *out      = s;
    return TXNG_OK;
}

/* Next line of [*p, end) without its newline; false if there is no newline. */
static bool
next_line(const char **p, const char *end, const char **line, size_t *line_len)
{
    const char *nl = memchr(*p, '\n', (size_t) (end - *p));

    if (nl == NULL)
        return false;
    *line     = *p;
    *line_len = (size_t) (nl - *p);
    *p        = nl + 1;
    return true;
}

/* If @p line starts with @p prefix, point @p rest past it. */
static bool
strip_prefix(const char *line, size_t len, const char *prefix, const char **rest, size_t *rest_len)
{
    size_t n = strlen(prefix);

    if (len < n || memcmp(line, prefix, n) != 0)
        return false;
    *rest     = line + n;
    *rest_len = len - n;
    return true;
}

/* Parse the "kdf:" value: "none" or "argon2id <ops> <mem>" within bounds. */
static txng_err
kdf_parse(struct keyfile *kf, const char *s, size_t len, size_t lineno, txng_diag *diag)
{
    const char *rest, *sp;
    size_t      rest_len;
    uint64_t    ops, mem;

    if (len == 4 && memcmp(s, "none", 4) == 0) {
        kf->encrypted = false;
        return TXNG_OK;
    }
    if (!strip_prefix(s, len, "argon2id ", &rest, &rest_len)) {
        diag_fail(diag, lineno, TXNG_N_("unknown key derivation function"), "kdf");
        return TXNG_EFORMAT;
    }
    sp = memchr(rest, ' ', rest_len);
    if (sp == NULL || !txng_dec_parse(rest, (size_t) (sp - rest), &ops) ||
        !txng_dec_parse(sp + 1, rest_len - (size_t) (sp - rest) - 1, &mem)) {
        diag_fail(diag, lineno, TXNG_N_("key derivation parameters are not two decimal numbers"),
                  "kdf");
        return TXNG_EFORMAT;
    }
    if (ops < KDF_OPS_MIN || ops > KDF_OPS_MAX || mem < KDF_MEM_MIN || mem > KDF_MEM_MAX) {
        diag_fail(diag, lineno, TXNG_N_("key derivation cost is out of bounds"), "kdf");
        return TXNG_EFORMAT;
    }
    kf->encrypted = true;
    kf->ops       = ops;
    kf->mem       = (size_t) mem;
    return TXNG_OK;
}

/* Parse a "<field>: <base64 of exactly n bytes>" line. */
static txng_err
b64_field(const char **p, const char *end, const char *prefix, unsigned char *out, size_t n,
          size_t lineno, txng_diag *diag)
{
    const char *line, *v;
    size_t      line_len, v_len, got;
    char        field[16];

    snprintf(field, sizeof field, "%.*s", (int) (strlen(prefix) - 2), prefix);
    if (!next_line(p, end, &line, &line_len) || !strip_prefix(line, line_len, prefix, &v, &v_len)) {
        diag_fail(diag, lineno, TXNG_N_("missing line"), field);
        return TXNG_EFORMAT;
    }
    if (txng_b64_decode_secret(out, n, &got, v, v_len) != TXNG_OK || got != n) {
        diag_fail(diag, lineno, TXNG_N_("bad base64 or wrong length"), field);
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

/* Parse a whole key file without decrypting it. */
static txng_err
keyfile_parse(struct keyfile *kf, const void *data, size_t len, txng_diag *diag)
{
    const char *p = data, *end = p + len, *line, *v;
    size_t      line_len, v_len, lineno = 1;
    txng_err    err;

    memset(kf, 0, sizeof *kf);
    if (!next_line(&p, end, &line, &line_len) || line_len != strlen(KEYFILE_MAGIC) ||
        memcmp(line, KEYFILE_MAGIC, line_len) != 0) {
        diag_fail(diag, lineno, TXNG_N_("not a txng secret key file"), NULL);
        return TXNG_EFORMAT;
    }

    lineno++;
    if (!next_line(&p, end, &line, &line_len) ||
        !strip_prefix(line, line_len, "name: ", &v, &v_len)) {
        diag_fail(diag, lineno, TXNG_N_("missing line"), "name");
        return TXNG_EFORMAT;
    }
    if (!name_valid_n(v, v_len)) {
        diag_fail(diag, lineno, TXNG_N_("invalid key name"), "name");
        return TXNG_EFORMAT;
    }
    memcpy(kf->name, v, v_len);

    lineno++;
    if (!next_line(&p, end, &line, &line_len) ||
        !strip_prefix(line, line_len, "public: ", &v, &v_len)) {
        diag_fail(diag, lineno, TXNG_N_("missing line"), "public");
        return TXNG_EFORMAT;
    }
    err = txng_pubkey_parse(&kf->pub, v, v_len, diag);
    if (err != TXNG_OK) {
        diag_fail(diag, lineno, diag != NULL ? diag->reason : NULL, "public");
        return err;
    }
    if (strcmp(kf->pub.name, kf->name) != 0) {
        diag_fail(diag, lineno, TXNG_N_("public key name differs from the key name"), "public");
        return TXNG_EFORMAT;
    }

    lineno++;
    if (!next_line(&p, end, &line, &line_len) ||
        !strip_prefix(line, line_len, "kdf: ", &v, &v_len)) {
        diag_fail(diag, lineno, TXNG_N_("missing line"), "kdf");
        return TXNG_EFORMAT;
    }
    err = kdf_parse(kf, v, v_len, lineno, diag);
    if (err != TXNG_OK)
        return err;

    if (kf->encrypted) {
        err = b64_field(&p, end, "salt: ", kf->salt, sizeof kf->salt, ++lineno, diag);
        if (err != TXNG_OK)
            return err;
        err = b64_field(&p, end, "nonce: ", kf->nonce, sizeof kf->nonce, ++lineno, diag);
        if (err != TXNG_OK)
            return err;
    }

    lineno++;
    kf->aad_len = (size_t) (p - (const char *) data);
    if (!next_line(&p, end, &line, &line_len) ||
        !strip_prefix(line, line_len, "key: ", &kf->key_b64, &kf->key_b64_len)) {
        diag_fail(diag, lineno, TXNG_N_("missing line"), "key");
        return TXNG_EFORMAT;
    }
    if (kf->key_b64_len != TXNG_B64_SIZE(kf->encrypted ? SEALED_BYTES : TXNG_SEED_BYTES) - 1) {
        diag_fail(diag, lineno, TXNG_N_("bad base64 or wrong length"), "key");
        return TXNG_EFORMAT;
    }
    kf->key_line = lineno;
    if (p != end) {
        diag_fail(diag, lineno + 1, TXNG_N_("data after the key line"), NULL);
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

/* Appends to a buffer sized in advance; the caller checked the room. */
static void
put(char *buf, size_t *len, const char *s, size_t n)
{
    memcpy(buf + *len, s, n);
    *len += n;
}

static void
puts0(char *buf, size_t *len, const char *s)
{
    put(buf, len, s, strlen(s));
}

bool
txng_key_name_valid(const char *name)
{
    if (name == NULL)
        return false;
    return name_valid_n(name, strnlen(name, TXNG_KEY_NAME_MAX + 1));
}

uint32_t
txng_key_id(const char *name, const unsigned char pk[TXNG_PK_BYTES])
{
    return key_id_n(name, strlen(name), 0x01, pk);
}

txng_err
txng_signer_new(txng_signer **out, const char *name)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_err      err;

    *out = NULL;
    if (!txng_key_name_valid(name))
        return TXNG_EINVAL;
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    randombytes_buf(seed, sizeof seed);
    err = signer_make(out, name, strlen(name), seed);
    sodium_memzero(seed, sizeof seed);
    return err;
}

txng_err
txng_signer_from_seed(txng_signer **out, const char *name,
                      const unsigned char seed[TXNG_SEED_BYTES])
{
    *out = NULL;
    if (!txng_key_name_valid(name))
        return TXNG_EINVAL;
    return signer_make(out, name, strlen(name), seed);
}

void
txng_signer_free(txng_signer *signer)
{
    if (signer == NULL)
        return;
    sodium_free(signer->sk); /* wipes before it unmaps */
    sodium_memzero(signer, sizeof *signer);
    free(signer);
}

const txng_pubkey *
txng_signer_pubkey(const txng_signer *signer)
{
    return &signer->pub;
}

void
txng_signer_sign(const txng_signer *signer, unsigned char sig[TXNG_SIG_BYTES], const void *msg,
                 size_t len)
{
    crypto_sign_detached(sig, NULL, msg, len, signer->sk);
}

txng_err
txng_pubkey_verify(const txng_pubkey *key, const unsigned char sig[TXNG_SIG_BYTES], const void *msg,
                   size_t len)
{
    if (crypto_sign_verify_detached(sig, msg, len, key->pk) != 0)
        return TXNG_EBADSIG;
    return TXNG_OK;
}

txng_err
txng_pubkey_parse(txng_pubkey *out, const char *vkey, size_t len, txng_diag *diag)
{
    const char   *plus1, *plus2, *b64;
    size_t        name_len, b64_len, raw_len;
    unsigned char raw[TXNG_PK_BYTES + 1];
    uint32_t      id;

    memset(out, 0, sizeof *out);
    plus1 = memchr(vkey, '+', len);
    plus2 = plus1 != NULL ? memchr(plus1 + 1, '+', len - (size_t) (plus1 + 1 - vkey)) : NULL;
    if (plus2 == NULL) {
        txng_diag_set(diag, TXNG_N_("verifier key does not have three '+'-separated parts"), NULL);
        return TXNG_EFORMAT;
    }
    name_len = (size_t) (plus1 - vkey);
    if (!name_valid_n(vkey, name_len)) {
        txng_diag_set(diag, TXNG_N_("invalid key name"), NULL);
        return TXNG_EFORMAT;
    }
    if (!hex8_parse(plus1 + 1, (size_t) (plus2 - plus1 - 1), &id)) {
        txng_diag_set(diag, TXNG_N_("key ID is not 8 lower-case hex digits"), NULL);
        return TXNG_EFORMAT;
    }
    b64     = plus2 + 1;
    b64_len = len - (size_t) (b64 - vkey);
    if (txng_b64_decode(raw, sizeof raw, &raw_len, b64, b64_len) != TXNG_OK ||
        raw_len != sizeof raw) {
        txng_diag_set(diag, TXNG_N_("public key is not base64 of 33 bytes"), NULL);
        return TXNG_EFORMAT;
    }
    if (raw[0] != 0x01) {
        txng_diag_set(diag, TXNG_N_("key type is not Ed25519"), NULL);
        return TXNG_EFORMAT;
    }
    if (key_id_n(vkey, name_len, 0x01, raw + 1) != id) {
        txng_diag_set(diag, TXNG_N_("key ID does not match the key"), NULL);
        return TXNG_EFORMAT;
    }
    memcpy(out->name, vkey, name_len);
    out->name[name_len] = '\0';
    out->id             = id;
    memcpy(out->pk, raw + 1, TXNG_PK_BYTES);
    return TXNG_OK;
}

void
txng_pubkey_format(const txng_pubkey *key, char out[TXNG_VKEY_MAX])
{
    unsigned char raw[TXNG_PK_BYTES + 1];
    size_t        n;

    raw[0] = 0x01;
    memcpy(raw + 1, key->pk, TXNG_PK_BYTES);
    txng_pubkey_ref(key, out);
    n        = strlen(out);
    out[n++] = '+';
    txng_b64_encode(out + n, raw, sizeof raw);
}

bool
txng_pubkey_equal(const txng_pubkey *a, const txng_pubkey *b)
{
    return a->id == b->id && strcmp(a->name, b->name) == 0 &&
           sodium_memcmp(a->pk, b->pk, TXNG_PK_BYTES) == 0;
}

void
txng_pubkey_ref(const txng_pubkey *key, char out[TXNG_KEYREF_MAX])
{
    snprintf(out, TXNG_KEYREF_MAX, "%s+%08lx", key->name, (unsigned long) key->id);
}

txng_err
txng_keyref_parse(const char *ref, char name[TXNG_KEY_NAME_MAX + 1], uint32_t *id)
{
    const char *plus;
    size_t      len;

    name[0] = '\0';
    len     = strnlen(ref, TXNG_KEYREF_MAX);
    if (len >= TXNG_KEYREF_MAX)
        return TXNG_EFORMAT;
    plus = memchr(ref, '+', len);
    if (plus == NULL || !name_valid_n(ref, (size_t) (plus - ref)) ||
        !hex8_parse(plus + 1, len - (size_t) (plus - ref) - 1, id))
        return TXNG_EFORMAT;
    memcpy(name, ref, (size_t) (plus - ref));
    name[plus - ref] = '\0';
    return TXNG_OK;
}

txng_err
txng_keyfile_write(const txng_signer *signer, const char *passphrase, enum txng_kdf_cost cost,
                   char **out, size_t *out_len)
{
    char               vkey[TXNG_VKEY_MAX], num[64];
    char               key_b64[TXNG_B64_SIZE(SEALED_BYTES)];
    unsigned char      salt[KDF_SALT_BYTES], nonce[AEAD_NONCE], sealed[SEALED_BYTES];
    unsigned char     *kek = NULL;
    unsigned long long ops, sealed_len;
    size_t             mem, cap, len = 0;
    char              *buf = NULL;
    txng_err           err = TXNG_OK;

    *out     = NULL;
    *out_len = 0;
    if (passphrase != NULL && passphrase[0] == '\0')
        return TXNG_EINVAL;
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    if (cost == TXNG_KDF_MODERATE) {
        ops = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
        mem = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
    } else {
        ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
    }
    txng_pubkey_format(&signer->pub, vkey);
    /* Every line at its longest, with room to spare for the fixed words. */
    cap = 256 + 2 * TXNG_VKEY_MAX + TXNG_B64_SIZE(KDF_SALT_BYTES) + TXNG_B64_SIZE(AEAD_NONCE) +
          sizeof key_b64;
    buf = malloc(cap);
    if (buf == NULL)
        return TXNG_ENOMEM;

    puts0(buf, &len, KEYFILE_MAGIC "\nname: ");
    puts0(buf, &len, signer->pub.name);
    puts0(buf, &len, "\npublic: ");
    puts0(buf, &len, vkey);
    if (passphrase == NULL) {
        puts0(buf, &len, "\nkdf: none\nkey: ");
        txng_b64_encode(key_b64, signer->sk, TXNG_SEED_BYTES);
    } else {
        randombytes_buf(salt, sizeof salt);
        randombytes_buf(nonce, sizeof nonce);
        snprintf(num, sizeof num, "\nkdf: argon2id %llu %zu\nsalt: ", ops, mem);
        puts0(buf, &len, num);
        len += txng_b64_encode(buf + len, salt, sizeof salt);
        puts0(buf, &len, "\nnonce: ");
        len += txng_b64_encode(buf + len, nonce, sizeof nonce);
        puts0(buf, &len, "\n");

        kek = sodium_malloc(KDF_KEY_BYTES);
        if (kek == NULL) {
            err = TXNG_ENOMEM;
            goto out;
        }
        if (crypto_pwhash(kek, KDF_KEY_BYTES, passphrase, strlen(passphrase), salt, ops, mem,
                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
            err = TXNG_ENOMEM;
            goto out;
        }
        crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &sealed_len, signer->sk, TXNG_SEED_BYTES,
                                                   (unsigned char *) buf, len, NULL, nonce, kek);
        puts0(buf, &len, "key: ");
        txng_b64_encode(key_b64, sealed, sizeof sealed);
    }
    puts0(buf, &len, key_b64);
    puts0(buf, &len, "\n");
    buf[len] = '\0';
    *out     = buf;
    *out_len = len;
    buf      = NULL;

out:
    sodium_free(kek);
    sodium_memzero(key_b64, sizeof key_b64);
    free(buf);
    return err;
}

bool
txng_keyfile_encrypted(const void *data, size_t len)
{
    struct keyfile kf;

    return keyfile_parse(&kf, data, len, NULL) == TXNG_OK && kf.encrypted;
}

txng_err
txng_keyfile_pubkey(txng_pubkey *out, const void *data, size_t len, txng_diag *diag)
{
    struct keyfile kf;
    txng_err       err;

    if (out == NULL || data == NULL)
        return TXNG_EINVAL;
    err = keyfile_parse(&kf, data, len, diag);
    if (err == TXNG_OK)
        *out = kf.pub;
    return err;
}

txng_err
txng_keyfile_read(txng_signer **out, const void *data, size_t len, const char *passphrase,
                  txng_diag *diag)
{
    struct keyfile kf;
    unsigned char *secret = NULL; /* the seed, then (encrypted) the sealed seed after it */
    unsigned char *kek    = NULL;
    unsigned char *seed;
    size_t         got;
    txng_err       err;

    *out = NULL;
    err  = keyfile_parse(&kf, data, len, diag);
    if (err != TXNG_OK)
        return err;
    if (kf.encrypted && passphrase == NULL) {
        diag_fail(diag, 0, TXNG_N_("a passphrase is needed"), NULL);
        return TXNG_EPASSPHRASE;
    }
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    secret = sodium_malloc(TXNG_SEED_BYTES + SEALED_BYTES);
    if (secret == NULL)
        return TXNG_ENOMEM;
    seed = secret;

    if (!kf.encrypted) {
        if (txng_b64_decode_secret(seed, TXNG_SEED_BYTES, &got, kf.key_b64, kf.key_b64_len) !=
                TXNG_OK ||
            got != TXNG_SEED_BYTES) {
            diag_fail(diag, kf.key_line, TXNG_N_("bad base64 or wrong length"), "key");
            err = TXNG_EFORMAT;
            goto out;
        }
    } else {
        unsigned char *sealed = secret + TXNG_SEED_BYTES;

        if (txng_b64_decode_secret(sealed, SEALED_BYTES, &got, kf.key_b64, kf.key_b64_len) !=
                TXNG_OK ||
            got != SEALED_BYTES) {
            diag_fail(diag, kf.key_line, TXNG_N_("bad base64 or wrong length"), "key");
            err = TXNG_EFORMAT;
            goto out;
        }
        kek = sodium_malloc(KDF_KEY_BYTES);
        if (kek == NULL) {
            err = TXNG_ENOMEM;
            goto out;
        }
        if (crypto_pwhash(kek, KDF_KEY_BYTES, passphrase, strlen(passphrase), kf.salt, kf.ops,
                          kf.mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
            err = TXNG_ENOMEM;
            goto out;
        }
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(seed, NULL, NULL, sealed, SEALED_BYTES, data,
                                                       kf.aad_len, kf.nonce, kek) != 0) {
            diag_fail(diag, 0, TXNG_N_("wrong passphrase, or the key file was altered"), NULL);
            err = TXNG_EPASSPHRASE;
            goto out;
        }
    }

    err = signer_make(out, kf.name, strlen(kf.name), seed);
    if (err != TXNG_OK)
        goto out;
    if (sodium_memcmp((*out)->pub.pk, kf.pub.pk, TXNG_PK_BYTES) != 0) {
        txng_signer_free(*out);
        *out = NULL;
        diag_fail(diag, kf.key_line, TXNG_N_("secret key does not match the public key"), "key");
        err = TXNG_EFORMAT;
    }

out:
    sodium_free(kek);
    sodium_free(secret);
    return err;
}
