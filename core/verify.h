/*
 * verify.h - what every verifier checks of a record (private to core/)
 *
 * txng_log_verify() (core/log.c), txng_bundle_verify() (core/bundle.c) and
 * the tiles verifier (core/tiles.c) check each record the same way; these
 * are the pieces they share. @p diag arguments get a reason (and field)
 * only when they hold none yet, and may be NULL.
 */
#ifndef TXNG_CORE_VERIFY_H
#define TXNG_CORE_VERIFY_H

#include <stddef.h>
#include <string.h>

#include <jansson.h>

#include "core/error.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"

/**
 * The canonical event bytes inside record @p bytes, one that
 * txng_record_decode() accepted: the event is its first member, and its
 * bytes end at the last ',"index":' since nothing after it (numbers, base64,
 * key references) can hold that text. No allocation.
 */
static inline void
txng_verify_event_span(const char *bytes, size_t len, const char **ev, size_t *ev_len)
{
    static const char marker[] = ",\"index\":";
    size_t            p;

    for (p = len - (sizeof marker - 1); p > 9; p--)
        if (memcmp(bytes + p, marker, sizeof marker - 1) == 0)
            break;
    *ev     = bytes + 9;
    *ev_len = p - 9;
}

/**
 * Decode the "sig" member of each object of @p sigs, the signatures of a
 * decoded record, into @p sig; *@p nsig is how many there are.
 * @return TXNG_OK, or
 *         TXNG_EFORMAT  more than TXNG_EVENT_MAX_SIGS (*@p nsig is then 0),
 *                       or a "sig" that is not the base64 of TXNG_SIG_BYTES
 *                       bytes (the ones before it are decoded).
 */
TXNG_MUST_CHECK txng_err txng_verify_sig_bytes(const json_t *sigs,
                                               unsigned char (*sig)[TXNG_SIG_BYTES], size_t *nsig);

/**
 * Check the @p nsig Ed25519 signatures of event bytes @p ev: sig[j] by
 * pk[j] over PAE(TXNG_EVENT_PAYLOAD_TYPE, @p ev). *@p pae, of *@p cap bytes
 * (NULL and 0 at first), is scratch that grows as needed and is kept for
 * the next call; the caller frees it.
 * @return TXNG_OK, or
 *         TXNG_ENOMEM   the scratch could not grow;
 *         TXNG_EBADSIG  the first signature that does not verify: @p diag
 *                       gets "signature does not verify", field
 *                       "signatures/J/sig".
 */
TXNG_MUST_CHECK txng_err txng_verify_sigs(char **pae, size_t *cap, const char *ev, size_t ev_len,
                                          const unsigned char (*sig)[TXNG_SIG_BYTES],
                                          const unsigned char (*pk)[TXNG_PK_BYTES], size_t nsig,
                                          txng_diag *diag);

/**
 * Check @p event, the event of record 0 with @p nsig signatures @p sigs:
 * the genesis of log @p origin, naming the key @p trust (and @p expect when
 * not NULL), signed once by that key.
 * @param[out] info  on success, the log key as the key state starts: the
 *                   key, role "log", enrolled at 0, not revoked
 * @return TXNG_OK, or
 *         TXNG_EFORMAT  not a genesis of exactly "type", "origin" and "key",
 *                       for another origin, with a key that does not parse
 *                       or is not @p expect ("record 0 is not the genesis
 *                       of this log", field "event");
 *         TXNG_EBADSIG  the key is not @p trust ("the genesis key is not
 *                       the trusted key", "event/key"), or the record is
 *                       not signed by it alone ("the genesis is not signed
 *                       by the log key", "signatures").
 */
TXNG_MUST_CHECK txng_err txng_verify_genesis(const json_t *event, const json_t *sigs, size_t nsig,
                                             const char *origin, const txng_pubkey *expect,
                                             const txng_pubkey *trust, txng_key_info *info,
                                             txng_diag *diag);

#endif /* TXNG_CORE_VERIFY_H */
