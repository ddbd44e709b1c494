/*
 * vstate.h - a verifier's memory: the largest checkpoint it accepted, per origin
 *
 * A verifier that remembers what it saw can tell when a log shows it an
 * older tree (rollback) or another tree of the same size (fork). The state
 * is one file per origin in a folder the caller names (the command line
 * uses $XDG_DATA_HOME/txng/verifier-state or --state): the file's name is
 * the lower-case hex SHA-256 of the origin, its content the signed
 * checkpoint note verbatim. A file is replaced atomically: written to a
 * temporary file in the same folder, fsync'd, renamed, and the folder
 * fsync'd. Moving forward needs a consistency proof from the stored size.
 *
 * Threads and processes: two verifiers updating the same origin at once
 * each write a whole file; the last rename wins.
 */
#ifndef TXNG_CORE_VSTATE_H
#define TXNG_CORE_VSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bundle.h"
#include "core/error.h"
#include "core/keys.h"

/** How a new checkpoint relates to the stored one. */
enum txng_vstate_verdict {
    TXNG_VSTATE_FIRST    = 0, /**< nothing stored for the origin: stored now */
    TXNG_VSTATE_SAME     = 1, /**< the stored checkpoint's size and root */
    TXNG_VSTATE_FORWARD  = 2, /**< larger, consistent by a proof: stored now */
    TXNG_VSTATE_ROLLBACK = 3, /**< smaller than the stored size */
    TXNG_VSTATE_FORK     = 4, /**< the stored size with another root */
    TXNG_VSTATE_NO_PROOF = 5, /**< larger, but no consistency proof from the stored size */
    TXNG_VSTATE_BAD_PROOF = 6, /**< larger, and the proof from the stored size fails */
};

/** What txng_vstate_update() found. Free with txng_vstate_result_free(). */
typedef struct txng_vstate_result {
    enum txng_vstate_verdict verdict;
    uint64_t                 old_size; /**< size of the stored checkpoint, 0 if none */
    char                    *old_note; /**< the stored note (malloc'd), NULL if none */
    size_t                   old_len;
    char *evidence; /**< ROLLBACK, FORK, BAD_PROOF: the file now keeping the refused note
                         beside the state (malloc'd), NULL if it could not be written */
} txng_vstate_result;

/** Free what @p res holds. NULL is accepted. */
void txng_vstate_result_free(txng_vstate_result *res);

/**
 * The state file name of @p origin: 64 lower-case hex digits and a NUL.
 */
void txng_vstate_name(char out[2 * TXNG_HASH_BYTES + 1], const char *origin);

/**
 * Compare the signed checkpoint @p note (already verified by the caller with
 * @p key) with the state stored for its origin in folder @p dir, and store
 * it when it is the first or moves forward (a block of @p cons with old ==
 * the stored size must prove consistency). @p dir and its missing parents
 * are created (mode 0700).
 *
 * On a rollback or a fork the refused note is kept as evidence in
 * `<dir>/<name>.evidence.<size>.<hex of the root's first 4 bytes>`, written
 * atomically like the state, so both signed notes outlive the run.
 *
 * @param[out] res   the verdict, the stored note and the evidence file
 * @param[out] diag  the reason on refusal
 * @return TXNG_OK (FIRST, SAME, FORWARD), TXNG_EFORK (ROLLBACK, FORK),
 *         TXNG_EFORK also for BAD_PROOF (an inconsistent proof is evidence of a
 *         fork), TXNG_EPROOF (NO_PROOF), TXNG_EFORMAT (@p note is not a
 *         checkpoint), TXNG_ECORRUPT (the stored file is not a checkpoint of
 *         this origin signed by @p key), TXNG_ESYS, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_vstate_update(const char *dir, const txng_pubkey *key,
                                            const char *note, size_t len,
                                            const txng_bundle_consistency *cons, size_t ncons,
                                            txng_vstate_result *res, txng_diag *diag);

#endif /* TXNG_CORE_VSTATE_H */
