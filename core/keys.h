/*
 * keys.h - Ed25519 keys, C2SP verifier key strings and secret key files
 *
 * A key has a name (a C2SP note key name: non-empty, at most
 * TXNG_KEY_NAME_MAX bytes of UTF-8, no white space, no '+') and an Ed25519
 * key pair. Its key ID is the big-endian uint32 made of the first 4 bytes of
 * SHA-256(name || 0x0A || 0x01 || public key). The public half is written as
 * a verifier key, "<name>+<hex8 id>+<base64(0x01 || pk)>"; the short form
 * "<name>+<hex8 id>" names a key inside records.
 *
 * A txng_signer keeps its secret in sodium_malloc'd memory and wipes it when
 * freed. Secret key files are text (docs/format.md §3): encrypted with
 * Argon2id + XChaCha20-Poly1305 under a passphrase, or plain when the user
 * asked for that.
 *
 * Threads: a signer may be used by several threads at once for signing.
 */
#ifndef TXNG_CORE_KEYS_H
#define TXNG_CORE_KEYS_H

#include <stdint.h>
#include <stddef.h>

#include "core/error.h"

#define TXNG_KEY_NAME_MAX  100
#define TXNG_PK_BYTES      32
#define TXNG_SEED_BYTES    32
#define TXNG_SIG_BYTES     64
/** Room for a verifier key string with its NUL. */
#define TXNG_VKEY_MAX      (TXNG_KEY_NAME_MAX + 1 + 8 + 1 + 48 + 1)
/** Room for "<name>+<hex8>" with its NUL. */
#define TXNG_KEYREF_MAX    (TXNG_KEY_NAME_MAX + 1 + 8 + 1)

/** A public key: transparent, copy freely. */
typedef struct txng_pubkey {
    char          name[TXNG_KEY_NAME_MAX + 1]; /**< NUL-terminated */
    uint32_t      id;                          /**< C2SP key ID */
    unsigned char pk[TXNG_PK_BYTES];           /**< Ed25519 public key */
} txng_pubkey;

/** A secret key. Create with txng_signer_new() or txng_keyfile_read(); free with txng_signer_free(). */
typedef struct txng_signer txng_signer;

/** Whether @p name is a valid key name (see above). */
bool txng_key_name_valid(const char *name);

/** The C2SP key ID of an Ed25519 key @p pk named @p name. */
uint32_t txng_key_id(const char *name, const unsigned char pk[TXNG_PK_BYTES]);

/**
 * A new random key pair named @p name.
 * @return TXNG_OK, TXNG_EINVAL (bad name), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_signer_new(txng_signer **out, const char *name);

/**
 * The key pair derived from a 32-byte seed (for fixed test keys).
 * @return TXNG_OK, TXNG_EINVAL (bad name), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_signer_from_seed(txng_signer **out, const char *name,
                                               const unsigned char seed[TXNG_SEED_BYTES]);

/** Wipe and free @p signer. NULL is accepted. */
void txng_signer_free(txng_signer *signer);

/** The public half of @p signer; valid as long as @p signer is. */
const txng_pubkey *txng_signer_pubkey(const txng_signer *signer);

/** Ed25519 signature of @p len bytes at @p msg. */
void txng_signer_sign(const txng_signer *signer, unsigned char sig[TXNG_SIG_BYTES],
                      const void *msg, size_t len);

/**
 * Verify an Ed25519 signature (libsodium's strict rules).
 * @return TXNG_OK or TXNG_EBADSIG.
 */
TXNG_MUST_CHECK txng_err txng_pubkey_verify(const txng_pubkey *key,
                                            const unsigned char sig[TXNG_SIG_BYTES],
                                            const void *msg, size_t len);

/**
 * Parse a verifier key string; split on the first two '+' only.
 * @return TXNG_OK, or TXNG_EFORMAT (bad name, ID not 8 lower-case hex digits,
 *         bad base64, wrong length, type not 0x01, ID does not match) with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_pubkey_parse(txng_pubkey *out, const char *vkey, size_t len,
                                           txng_diag *diag);

/** Write the verifier key string of @p key into @p out (TXNG_VKEY_MAX bytes). */
void txng_pubkey_format(const txng_pubkey *key, char out[TXNG_VKEY_MAX]);

/** Write the short reference "<name>+<hex8 id>" of @p key into @p out. */
void txng_pubkey_ref(const txng_pubkey *key, char out[TXNG_KEYREF_MAX]);

/** Whether @p a and @p b are the same key: name, key ID and public key (the last
 *  compared in constant time). */
bool txng_pubkey_equal(const txng_pubkey *a, const txng_pubkey *b);

/**
 * Split a short reference "<name>+<hex8 id>" into its parts.
 * @return TXNG_OK or TXNG_EFORMAT.
 */
TXNG_MUST_CHECK txng_err txng_keyref_parse(const char *ref, char name[TXNG_KEY_NAME_MAX + 1],
                                           uint32_t *id);

/** Argon2id cost of new key files: libsodium's "interactive" or "moderate" limits. */
enum txng_kdf_cost { TXNG_KDF_INTERACTIVE, TXNG_KDF_MODERATE };

/**
 * The secret key file of @p signer. With @p passphrase NULL the file is
 * written plain (the caller must have been asked for that explicitly).
 *
 * @param[out] out      malloc'd text (free())
 * @return TXNG_OK, TXNG_ENOMEM, TXNG_EINVAL (empty passphrase).
 */
TXNG_MUST_CHECK txng_err txng_keyfile_write(const txng_signer *signer, const char *passphrase,
                                            enum txng_kdf_cost cost, char **out, size_t *out_len);

/** Whether the key file text in @p data is encrypted (needs a passphrase). */
bool txng_keyfile_encrypted(const void *data, size_t len);

/**
 * The public key a secret key file names (its `public` line), read without
 * a passphrase and without touching the secret part: to check, before
 * asking for a passphrase, that the key may sign in a log. The line is only
 * authenticated once the file is read with txng_keyfile_read() (the
 * additional data of an encrypted file; the seed of a plain one), so a
 * caller that signs reads the file again and compares.
 *
 * @param[out] out  the public key, on success
 * @return TXNG_OK, TXNG_EFORMAT (not a txng key file, or damaged) with @p diag,
 *         TXNG_EINVAL (NULL @p out or @p data).
 */
TXNG_MUST_CHECK txng_err txng_keyfile_pubkey(txng_pubkey *out, const void *data, size_t len,
                                             txng_diag *diag);

/**
 * Read a secret key file. @p passphrase is ignored for plain files.
 *
 * @return TXNG_OK, TXNG_EFORMAT (not a txng key file, or damaged) with @p diag,
 *         TXNG_EPASSPHRASE (encrypted and @p passphrase is NULL or wrong),
 *         TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_keyfile_read(txng_signer **out, const void *data, size_t len,
                                           const char *passphrase, txng_diag *diag);

#endif /* TXNG_CORE_KEYS_H */
