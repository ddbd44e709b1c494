/*
 * record.h - signed events and log records
 *
 * An actor signs PAE("application/vnd.txng.event+json", JCS(event)), where
 * PAE(t, b) = "DSSEv1" SP len(t) SP t SP len(b) SP b with lengths in ASCII
 * decimal. A signed event travels as
 *   {"event": {...}, "signatures": [{"key": "<name>+<hex8>", "sig": "<base64>"}]}
 * and keeps its signatures when it moves between logs.
 *
 * The record at index n is the JCS form of
 *   {"event": {...}, "index": n, "prev": "<base64 leaf hash of n-1 or empty>",
 *    "recorded": "<RFC 3339 UTC>", "signatures": [...], "v": 1}
 * and its leaf hash is SHA-256(0x00 || record bytes).
 */
#ifndef TXNG_CORE_RECORD_H
#define TXNG_CORE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/keys.h"

#define TXNG_EVENT_PAYLOAD_TYPE "application/vnd.txng.event+json"
#define TXNG_RECORD_VERSION     1
/** Largest canonical event accepted, in bytes. */
#define TXNG_EVENT_MAX          (256u * 1024u)
/** Most signatures on one event. */
#define TXNG_EVENT_MAX_SIGS     16

/* Event types the log itself interprets. */
#define TXNG_TYPE_GENESIS    "txng:Genesis"   /* {"type","origin","key": vkey} */
#define TXNG_TYPE_KEY_ENROL  "txng:KeyEnrol"  /* {"type","key": vkey,"role"} */
#define TXNG_TYPE_KEY_REVOKE "txng:KeyRevoke" /* {"type","key": name+hex8,"reason"} */

/**
 * DSSE pre-authentication encoding of @p body under payload type @p type.
 * @param[out] out  malloc'd bytes (free())
 * @return TXNG_OK, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_pae(unsigned char **out, size_t *out_len, const char *type,
                                  const void *body, size_t body_len);

/**
 * Check that @p event is an event txng can carry: an object obeying the
 * canon rules, with a non-empty string "type", at most TXNG_EVENT_MAX bytes
 * canonical.
 * @return TXNG_OK or TXNG_EFORMAT with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_event_check(const json_t *event, txng_diag *diag);

/**
 * txng_event_check() that also returns the canonical bytes it measured, so
 * that callers sign and store one encoding (addition for log.c and the CLI).
 * @param[out] out  malloc'd canonical bytes, NUL-terminated (free()); NULL on failure
 * @return TXNG_OK, TXNG_EFORMAT with @p diag, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_event_encode(char **out, size_t *out_len, const json_t *event,
                                           txng_diag *diag);

/**
 * Check the "signatures" member of a signed event alone (the second half of
 * txng_signed_event_check()).
 * @return TXNG_OK or TXNG_EFORMAT with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_signatures_check(const json_t *signatures, txng_diag *diag);

/**
 * Sign @p event with @p signer and return the signed event
 * {"event": event, "signatures": [one]}; if @p event is already such a signed
 * event, the signature is added to its list (a key signs once).
 * @param[out] out  new reference (json_decref)
 * @return TXNG_OK, TXNG_EFORMAT (see txng_event_check), TXNG_EEXIST (this key
 *         already signed), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_event_sign(json_t **out, const json_t *event,
                                         const txng_signer *signer, txng_diag *diag);

/**
 * Check the shape of a signed event: an object with exactly "event" (passing
 * txng_event_check) and "signatures" (1..TXNG_EVENT_MAX_SIGS objects with
 * exactly "key", a valid key reference, and "sig", base64 of 64 bytes; no key
 * twice). Signatures are not verified here.
 * @return TXNG_OK or TXNG_EFORMAT with @p diag.
 */
TXNG_MUST_CHECK txng_err txng_signed_event_check(const json_t *signed_event, txng_diag *diag);

/**
 * Verify the signature @p sig_b64 by @p key over @p event.
 * @return TXNG_OK, TXNG_EBADSIG, TXNG_EFORMAT (bad base64), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_event_verify(const json_t *event, const txng_pubkey *key,
                                           const char *sig_b64);

/** A record as read back. Owned by the caller; free with txng_record_free(). */
typedef struct txng_record {
    uint64_t      index;
    unsigned char prev[TXNG_HASH_BYTES]; /**< zeros at index 0 */
    char          recorded[32];          /**< RFC 3339 UTC, e.g. "2026-12-06T19:00:00Z" */
    json_t       *event;                 /**< owned */
    json_t       *signatures;            /**< owned */
} txng_record;

/**
 * The canonical bytes of a record.
 * @param[in] prev      leaf hash of record index-1, NULL at index 0
 * @param[in] recorded  seconds since the epoch, written as RFC 3339 UTC
 * @param[out] out      malloc'd bytes (free())
 * @return TXNG_OK, TXNG_EFORMAT (event or signatures break the rules), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_record_encode(char **out, size_t *out_len, const json_t *event,
                                            const json_t *signatures, uint64_t index,
                                            const unsigned char *prev, int64_t recorded);

/**
 * The first place in the @p len bytes of a stored record that holds @p text,
 * searched as bytes, or NULL: a cheap test of what a record may be about
 * before decoding it. Canonical JSON escapes every '"' inside a string, so a
 * text with quotes such as "\"txng:step\":\"" is found only as JSON syntax,
 * a member of the event or of an event the record carries (an imported one).
 */
const char *txng_record_find(const void *bytes, size_t len, const char *text);

/**
 * Decode record bytes, refusing anything that is not exactly a canonical
 * record (key set, version, types, canonical form).
 * @return TXNG_OK, TXNG_EFORMAT with @p diag, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_record_decode(txng_record **out, const void *bytes, size_t len,
                                            txng_diag *diag);

/**
 * The "recorded" time of the record @p bytes, which must be canonical (as
 * stored), read from its end without parsing the event.
 * @param[out] t  seconds since the epoch
 * @return TXNG_OK, TXNG_EFORMAT (no valid "recorded" member).
 */
TXNG_MUST_CHECK txng_err txng_record_time(const void *bytes, size_t len, int64_t *t);

/** Free @p rec. NULL is accepted. */
void txng_record_free(txng_record *rec);

/** Format @p t (seconds since the epoch) as RFC 3339 UTC into @p out (at least 21 bytes). */
void txng_time_format(char out[32], int64_t t);

#endif /* TXNG_CORE_RECORD_H */
