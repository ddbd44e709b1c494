/*
 * witness.h - C2SP tlog-cosignature (cosignature/v1) and tlog-witness
 *
 * A witness cosigns log checkpoints. It signs, with its own Ed25519 key,
 *   "cosignature/v1\n" "time " <decimal timestamp> "\n" <checkpoint note text>
 * and hands back the note signature line
 *   "— <witness name> <base64(keyID[4] || timestamp u64 BE || signature[64])>\n"
 * (c2sp.org/tlog-cosignature). The key ID of a witness key is
 * SHA-256(name || 0x0A || 0x04 || pk)[:4] and its verifier key string is
 * "<name>+<hex8 id>+<base64(0x04 || pk)>". A txng_pubkey used as a witness
 * key carries that cosignature key ID in its id field: txng_witness_key_parse()
 * and txng_witness_key() fill it so, and every function here expects it.
 *
 * A witness keeps, in an LMDB environment in its folder, one entry per log
 * origin: the log's verifier key and the size and root of the last
 * checkpoint it cosigned. txng_witness_add_checkpoint() answers the C2SP
 * tlog-witness add-checkpoint request: it checks the request and the log's
 * signature, compares the old size with the stored one, checks the
 * consistency proof, cosigns and stores the new size and root, all in one
 * write transaction, so two concurrent requests cannot roll the state back.
 *
 * Threads: a txng_witness handle is used by one thread at a time; any number
 * of processes may open the same folder (LMDB serialises the writers).
 */
#ifndef TXNG_CORE_WITNESS_H
#define TXNG_CORE_WITNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/keys.h"

/** Note signature type byte of an Ed25519 cosignature/v1. */
#define TXNG_COSIG_TYPE        0x04
/** Decoded bytes of a cosignature line: key ID, timestamp, signature. */
#define TXNG_COSIG_BYTES       (4 + 8 + TXNG_SIG_BYTES)
/** Longest cosignature line, with its 0x0A and a NUL: "— " name " " 104 base64 chars. */
#define TXNG_COSIG_LINE_MAX    (4 + TXNG_KEY_NAME_MAX + 1 + 104 + 1 + 1)
/** Largest timestamp a cosignature may carry (2^63 - 1). */
#define TXNG_COSIG_TIME_MAX    INT64_MAX
/** File name of the witness's secret key inside its folder. */
#define TXNG_WITNESS_KEY_FILE  "witness.key"
/** File name of the witness's verifier key (text, one line) inside its folder. */
#define TXNG_WITNESS_VKEY_FILE "witness.vkey"
/** Largest add-checkpoint request body accepted, in bytes. */
#define TXNG_WITNESS_BODY_MAX  ((1u << 20) + 64 * 64)

/** The cosignature/v1 key ID of key @p pk named @p name. */
uint32_t txng_witness_key_id(const char *name, const unsigned char pk[TXNG_PK_BYTES]);

/** The witness key of @p signer: its name, public key and cosignature key ID. */
void txng_witness_key(txng_pubkey *out, const txng_signer *signer);

/**
 * Parse a witness verifier key "<name>+<hex8 id>+<base64(0x04 || pk)>";
 * split on the first two '+' only.
 * @return TXNG_OK, or TXNG_EFORMAT (bad name, ID not 8 lower-case hex
 *         digits, bad base64, wrong length, type not 0x04, ID does not
 *         match) with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_witness_key_parse(txng_pubkey *out, const char *vkey, size_t len,
                                                txng_diag *diag);

/** Write the witness verifier key string of @p key into @p out (TXNG_VKEY_MAX bytes). */
void txng_witness_key_format(const txng_pubkey *key, char out[TXNG_VKEY_MAX]);

/**
 * The message a cosignature/v1 signs: "cosignature/v1\ntime <t>\n" then the
 * note text @p text (@p text_len bytes, its final 0x0A included).
 * @param[out] out  malloc'd bytes (free())
 * @return TXNG_OK, TXNG_EINVAL (@p timestamp above TXNG_COSIG_TIME_MAX, or
 *         @p text empty or not ending in 0x0A), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_witness_message(char **out, size_t *out_len, const char *text,
                                              size_t text_len, uint64_t timestamp);

/**
 * Cosign note text @p text at time @p timestamp with @p signer: write the
 * signature line, with its 0x0A, NUL-terminated, into @p out.
 * @param[out] out_len  length of the line (without the NUL)
 * @return TXNG_OK, TXNG_EINVAL (as txng_witness_message()), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_witness_cosign(char out[TXNG_COSIG_LINE_MAX], size_t *out_len,
                                             const txng_signer *signer, const char *text,
                                             size_t text_len, uint64_t timestamp);

/** A parsed cosignature line. */
typedef struct txng_cosig {
    char          name[TXNG_KEY_NAME_MAX + 1];
    uint32_t      id;
    uint64_t      timestamp;
    unsigned char sig[TXNG_SIG_BYTES];
} txng_cosig;

/**
 * Parse one signature line (@p len bytes, with or without its final 0x0A)
 * as a cosignature/v1: "— <name> <base64 of exactly 76 bytes>".
 * @return TXNG_OK, or TXNG_EFORMAT (not a signature line, not 76 bytes,
 *         timestamp above 2^63 - 1) with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_witness_line_parse(txng_cosig *out, const char *line, size_t len,
                                                 txng_diag *diag);

/**
 * Verify cosignature @p cos by witness @p key on note text @p text.
 * @return TXNG_OK, TXNG_EBADSIG (name or ID is not @p key's, or the
 *         signature fails), TXNG_EINVAL (as txng_witness_message()), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_witness_verify(const txng_pubkey *key, const txng_cosig *cos,
                                             const char *text, size_t text_len);

/**
 * Check that at least @p needed of the @p n witness keys have a valid
 * cosignature/v1 line on the signed checkpoint @p note (the log's own
 * signature is not checked here: see txng_note_verify()). Lines from
 * unknown (name, ID) pairs are ignored; a line whose (name, ID) matches a
 * given witness key must be a valid cosignature. A key listed twice, or
 * cosigning twice, counts once.
 *
 * @return TXNG_OK, TXNG_EFORMAT (@p note is not a signed note) with @p diag,
 *         TXNG_EBADSIG (a known witness's line fails; or fewer than
 *         @p needed witnesses cosigned) with @p diag (field: the witness
 *         name, or empty), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_witness_check(const char *note, size_t len,
                                            const txng_pubkey *witnesses, size_t n,
                                            size_t needed, txng_diag *diag);

/**
 * An add-checkpoint request body: "old <size>\n", one base64 line per
 * proof hash, an empty line, then the signed note @p note.
 * @param[out] out  malloc'd bytes, NUL-terminated after @p out_len (free())
 * @return TXNG_OK, TXNG_EINVAL (more than 63 proof hashes), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_witness_request(char **out, size_t *out_len, uint64_t old,
                                              const unsigned char (*proof)[TXNG_HASH_BYTES],
                                              size_t n, const char *note, size_t note_len);

/** An open witness state. */
typedef struct txng_witness txng_witness;

/**
 * Open the witness state in folder @p dir (data.mdb and lock.mdb inside);
 * with @p create, make the folder's state if there is none.
 * @return TXNG_OK, TXNG_ENOTFOUND (no state and not @p create),
 *         TXNG_EVERSION, TXNG_ECORRUPT, TXNG_ESYS, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_witness_open(txng_witness **out, const char *dir, bool create);

/** Close @p w. NULL is accepted. */
void txng_witness_close(txng_witness *w);

/** What the witness knows about one log. */
typedef struct txng_witness_log {
    char          origin[256];
    txng_pubkey   key;  /**< the log's verifier key (an Ed25519 note key) */
    uint64_t      size; /**< size of the last cosigned checkpoint, 0 if none */
    unsigned char root[TXNG_HASH_BYTES];
} txng_witness_log;

/**
 * Trust log @p origin signed by @p key, starting at size 0.
 * @return TXNG_OK, TXNG_EINVAL (@p origin empty, longer than 255 bytes or
 *         with a control character; @p key's ID is not its Ed25519 note key
 *         ID, e.g. a witness key), TXNG_EEXIST (origin already known),
 *         TXNG_EFULL, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_witness_add_log(txng_witness *w, const char *origin,
                                              const txng_pubkey *key);

/**
 * The state of log @p origin.
 * @return TXNG_OK, TXNG_ENOTFOUND, TXNG_ECORRUPT, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_witness_get_log(txng_witness *w, const char *origin,
                                              txng_witness_log *out);

/**
 * Call @p fn for every known log, in byte order of origin; stops at the
 * first non-OK return and passes it on.
 * @return TXNG_OK, @p fn's error, TXNG_ECORRUPT, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_witness_logs(txng_witness *w,
                                           txng_err (*fn)(void *ctx,
                                                          const txng_witness_log *log),
                                           void *ctx);

/** The answer to an add-checkpoint request. */
typedef struct txng_witness_reply {
    int         status;       /**< HTTP status: 200, 400, 403, 404, 409 or 422 */
    const char *content_type; /**< static string */
    char       *body;         /**< malloc'd, body_len bytes (free()) */
    size_t      body_len;
} txng_witness_reply;

/**
 * Answer one C2SP tlog-witness add-checkpoint request @p body, in this
 * order: 400 malformed body or checkpoint; 404 unknown origin; 403 no
 * valid signature by the trusted log key (or a failing one); 400 old size
 * above the checkpoint size; 409 old size is not the stored size (body: the
 * stored size and 0x0A, Content-Type text/x.tlog.size); 422 a non-empty
 * proof with old size 0, a size-0 checkpoint whose root is not the empty
 * tree's, or a consistency proof that fails; 409 (same body) same size as
 * stored but another root; else 200 with one cosignature line made with
 * @p signer at @p now, after the new size and root are committed. The
 * comparison with the stored size and the update happen in one LMDB write
 * transaction. @p diag says why a request was refused.
 *
 * @param[out] reply  filled on TXNG_OK; free reply->body
 * @return TXNG_OK (a reply was made, whatever its status), TXNG_EINVAL
 *         (@p now above TXNG_COSIG_TIME_MAX), TXNG_ECORRUPT (stored state
 *         damaged), TXNG_EFULL, TXNG_ESYS, TXNG_ENOMEM (no reply: answer 500).
 */
TXNG_MUST_CHECK txng_err txng_witness_add_checkpoint(txng_witness *w, const txng_signer *signer,
                                                     uint64_t now, const void *body, size_t len,
                                                     txng_witness_reply *reply, txng_diag *diag);

#endif /* TXNG_CORE_WITNESS_H */
