/*
 * canon.h - JSON under txng's rules and its RFC 8785 canonical bytes
 *
 * Every byte that txng hashes or signs is the RFC 8785 (JCS) form of a JSON
 * value that obeys these rules: the text is UTF-8; no object repeats a key;
 * numbers are integers with |n| <= 2^53-1 (no fraction, no exponent, no
 * -0); every string and key is in Unicode NFC. Input that breaks the NFC
 * rule may be normalised at the edge (TXNG_CANON_NORMALISE); the verifier
 * refuses it instead, so one text has one byte form.
 *
 * Values are jansson json_t; ownership follows jansson (json_decref).
 */
#ifndef TXNG_CORE_CANON_H
#define TXNG_CORE_CANON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"

#define TXNG_CANON_INT_MAX 9007199254740991LL /* 2^53 - 1 */

enum txng_canon_flags {
    TXNG_CANON_NORMALISE = 1u << 0, /**< rewrite non-NFC strings to NFC instead of refusing */
};

/**
 * Parse one JSON value from @p len bytes of @p text and check it against the
 * rules above. Leading and trailing white space is allowed; anything else
 * after the value is not.
 *
 * @param[out] out    the new value (caller owns; json_decref) or NULL on failure
 * @param[in]  flags  zero or TXNG_CANON_NORMALISE
 * @param[out] diag   may be NULL; on TXNG_EFORMAT gets the reason, the field
 *                    path ("/event/name") and the byte offset
 * @return TXNG_OK, TXNG_EFORMAT (not JSON, a float, an integer out of range,
 *         a duplicate key, invalid UTF-8, not NFC), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_canon_parse(json_t **out, const void *text, size_t len,
                                          unsigned flags, txng_diag *diag);

/**
 * Parse @p len bytes that must be exactly the canonical encoding of a value
 * that obeys the rules, in one pass and without jansson's parser: for
 * stored records, which are canonical unless damaged. It accepts only what
 * txng_canon_parse() followed by txng_canon_encode() gives back byte for
 * byte, and builds the same value; anything else, and values nested deeper
 * than 64, it declines without saying why: the caller then runs the full
 * parser, which names the fault (tests/unit/test_canon.c checks the two
 * against each other).
 * @param[out] out  the new value (json_decref) or NULL
 * @return TXNG_OK, TXNG_EFORMAT (declined), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_canon_parse_exact(json_t **out, const void *bytes, size_t len);

/**
 * Check a value built in memory against the rules (no normalisation).
 * @return TXNG_OK or TXNG_EFORMAT with @p diag filled as for txng_canon_parse().
 */
TXNG_MUST_CHECK txng_err txng_canon_check(const json_t *value, txng_diag *diag);

/**
 * The RFC 8785 bytes of @p value: object members sorted by their UTF-16 code
 * units, no white space, ECMAScript string escaping, integers in decimal.
 *
 * @param[out] out      malloc'd bytes, NUL-terminated for convenience (free())
 * @param[out] out_len  their length without the NUL
 * @return TXNG_OK, TXNG_EFORMAT (the value breaks the rules), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_canon_encode(const json_t *value, char **out, size_t *out_len);

/**
 * Whether @p len bytes are exactly the canonical encoding of a valid value.
 * @return TXNG_OK, TXNG_EFORMAT (with @p diag), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_canon_is_canonical(const void *bytes, size_t len, txng_diag *diag);

/**
 * Normalise @p len bytes of UTF-8 to NFC.
 * @param[out] out  malloc'd NUL-terminated string (free())
 * @return TXNG_OK, TXNG_EFORMAT (not UTF-8), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_nfc(char **out, const char *text, size_t len);

/**
 * One UTF-8 code point at @p s, of which @p len bytes remain: its length in
 * bytes, with the code point in @p cp, or 0 when the bytes there are not
 * UTF-8 (or @p len is 0).
 */
size_t txng_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

#endif /* TXNG_CORE_CANON_H */
