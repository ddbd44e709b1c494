/*
 * keystate.h - the key records the log interprets, applied by position
 * (private to core/)
 *
 * One rule set for every reader of a log: the log when it appends and
 * verifies (keys in LMDB or in memory), the bundle verifier and the tiles
 * verifier. Enrolments (txng:KeyEnrol) and revocations (txng:KeyRevoke) must
 * be signed by the log key or an admin key; a name is enrolled once; the log
 * key cannot be revoked; docs/format.md §4.3.
 */
#ifndef TXNG_CORE_KEYSTATE_H
#define TXNG_CORE_KEYSTATE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/log.h"

/** Look a key up by name: TXNG_OK, TXNG_ENOTFOUND, or another error to pass on. */
typedef txng_err (*txng_keystate_get_fn)(void *ctx, const char *name, txng_key_info *out);

/** Store a key, new or changed (same name). */
typedef txng_err (*txng_keystate_put_fn)(void *ctx, const txng_key_info *info);

/**
 * Apply what the log interprets in @p event, the event of record @p index
 * signed by @p signers (as the key state stood before it), to the key state
 * behind @p get and @p put. Other events change nothing.
 * @return TXNG_OK, TXNG_EFORMAT (a genesis past record 0, a malformed key
 *         record), TXNG_EPERM (not signed by the log key or an admin, the log
 *         key revoked), TXNG_EEXIST (name taken, key already revoked),
 *         TXNG_ENOTFOUND (revoking an unknown key), or @p get's or @p put's error.
 */
TXNG_MUST_CHECK txng_err txng_keystate_apply(const json_t *event, const txng_key_info *signers,
                                             size_t nsigners, uint64_t index,
                                             txng_keystate_get_fn get, txng_keystate_put_fn put,
                                             void *ctx, txng_diag *diag);

#endif /* TXNG_CORE_KEYSTATE_H */
