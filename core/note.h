/*
 * note.h - C2SP signed notes and tlog-checkpoints
 *
 * A signed note is UTF-8 text (every line ending in 0x0A), an empty line,
 * and one or more signature lines "— <name> <base64(keyID || signature)>\n"
 * (c2sp.org/signed-note). A checkpoint is a note whose text is the origin,
 * the tree size in decimal and the base64 root hash, one per line
 * (c2sp.org/tlog-checkpoint). Parsing is strict: anything the specs do not
 * allow is refused with a reason.
 */
#ifndef TXNG_CORE_NOTE_H
#define TXNG_CORE_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/keys.h"

/** Most signature lines a note may carry (Go's limit). */
#define TXNG_NOTE_MAX_SIGS 100
/** Longest note accepted, in bytes. */
#define TXNG_NOTE_MAX      (1u << 20)
#define TXNG_ORIGIN_MAX    255

/** One signature line of a note, as parsed (type-agnostic: 4 + n bytes). */
typedef struct txng_note_sig {
    char          name[TXNG_KEY_NAME_MAX + 1];
    uint32_t      id;
    unsigned char sig[TXNG_SIG_BYTES]; /**< Ed25519 signature when sig_len == 64 */
    size_t        sig_len;             /**< bytes after the key ID (may differ for other types) */
} txng_note_sig;

/** A parsed note: the text is the first text_len bytes of the input. */
typedef struct txng_note {
    size_t        text_len;
    size_t        nsigs;
    txng_note_sig sigs[TXNG_NOTE_MAX_SIGS];
} txng_note;

/**
 * Parse a signed note without checking signatures.
 * @return TXNG_OK, or TXNG_EFORMAT (not UTF-8, a control character, no
 *         signature, a malformed signature line, too many signatures,
 *         too long) with @p diag (line number set).
 */
TXNG_MUST_CHECK txng_err txng_note_parse(txng_note *out, const void *note, size_t len,
                                         txng_diag *diag);

/**
 * Parse @p note and check it against @p nkeys trusted keys: signatures from
 * unknown (name, ID) pairs are ignored; a known key's signature must verify;
 * at least one must.
 *
 * @param[out] text_len  length of the note text (a prefix of @p note)
 * @return TXNG_OK, TXNG_EFORMAT (as txng_note_parse), TXNG_EBADSIG (a known
 *         key's signature fails, or no known key signed).
 */
TXNG_MUST_CHECK txng_err txng_note_verify(const void *note, size_t len, const txng_pubkey *keys,
                                          size_t nkeys, size_t *text_len, txng_diag *diag);

/**
 * Sign note text @p text (each line ending in 0x0A) with @p signer.
 * @param[out] out  malloc'd note: text, empty line, signature line (free())
 * @return TXNG_OK, TXNG_EFORMAT (text not a valid note text), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_note_sign(char **out, size_t *out_len, const char *text,
                                        size_t text_len, const txng_signer *signer);

/** The body of a tlog-checkpoint. */
typedef struct txng_checkpoint {
    char          origin[TXNG_ORIGIN_MAX + 1];
    uint64_t      size;
    unsigned char root[TXNG_HASH_BYTES];
} txng_checkpoint;

/**
 * Parse checkpoint note text (not the signatures): origin, size without
 * leading zeros, base64 root of 32 bytes; extension lines are refused.
 * @return TXNG_OK or TXNG_EFORMAT with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_checkpoint_parse(txng_checkpoint *out, const void *text,
                                               size_t len, txng_diag *diag);

/**
 * The note text of @p cp.
 * @param[out] out  malloc'd text (free())
 * @return TXNG_OK, TXNG_EINVAL (bad origin), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_checkpoint_format(const txng_checkpoint *cp, char **out,
                                                size_t *out_len);

/**
 * Whether the checkpoint @p cp, whose signature lines are @p note (parsed with
 * txng_note_parse()), carries a signature line of @p key (its name and key
 * ID); the signature itself is not checked. A verifier key's name is its log's
 * origin, so when it is not, @p diag (may be NULL) says why in one line:
 * - the origins differ: field = the checkpoint's origin, reason "the
 *   checkpoint is of this log, the key given is of another log: give the
 *   verifier key of this log", value "key given" = the key reference of
 *   @p key (name+hex8);
 * - same origin, no signature line of @p key: field = the key reference of
 *   @p key, reason "the checkpoint is of this key's log but not signed by this
 *   key: ask the log's keeper for its verifier key", value "key ID of its
 *   signature" = the hex8 key ID of the checkpoint's line of that name, when
 *   there is one.
 * A name or reference too long for the field or value ends in "...".
 * Used by txng_tiles_verify() and txng_bundle_verify().
 */
bool txng_checkpoint_key_check(const txng_checkpoint *cp, const txng_note *note,
                               const txng_pubkey *key, txng_diag *diag);

/** Whether @p origin is a valid log origin (non-empty, printable, no space or '+'). */
bool txng_origin_valid(const char *origin);

#endif /* TXNG_CORE_NOTE_H */
