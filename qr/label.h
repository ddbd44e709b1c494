/*
 * label.h - the content of a unit label: a GS1 Digital Link URI, optionally signed (AI 8030)
 *
 * A label names one trade item (GTIN, AI 01), usually one unit of it (serial,
 * AI 21), with its lot (AI 10) and a few data attributes: expiry date (AI 17,
 * YYMMDD), harvest date (AI 7007, YYMMDD or a range YYMMDDYYMMDD) and country
 * of origin (AI 422, ISO 3166 numeric, "704" for Viet Nam). It is printed as
 * a GS1 Digital Link URI on the organisation's resolver:
 *
 *   <base>/01/<gtin>[/10/<lot>][/21/<serial>][?17=..][&422=..][&7007=..][&8030=<sig>]
 *
 * Path elements come in the grammar's order (01, 10, 21); query attributes in
 * ascending AI order (17, 422, 7007) and 8030 last. Values are percent-encoded
 * as core/gs1.h does (txng_gs1_uri_escape).
 *
 * AI 422 is written only when the caller sets it. The GS1 prefix 893 of a
 * GTIN says where the company licensed its number, not where the goods come
 * from, so the origin is never inferred from the GTIN; `txng labels` sets it
 * from the producer's data.
 *
 * Signature (AI 8030, "DIGSIG"): an Ed25519 signature, written as 86
 * characters of base64url without padding (GS1 character set 64), over
 *
 *   PAE("application/vnd.txng.label", E)
 *
 * where PAE is the DSSE pre-authentication encoding of core/record.h
 * ("DSSEv1" SP len(type) SP type SP len(E) SP E, lengths in ASCII decimal)
 * and E is the GS1 element string of the label without 8030: for each
 * element present, in the order 01, 10, 21, 17, 422, 7007, the AI digits then
 * the value (decoded, no percent-escapes); an element whose AI has no
 * predefined length (10, 21, 422, 7007) is followed by one byte 0x1D (GS,
 * FNC1 as transmitted) unless it is the last element. 0x1D is outside GS1
 * character set 82, so E is unambiguous. Example: GTIN 08930000000033, lot
 * L24-017-S, serial 000007, expiry 271231 give
 *   "0108930000000033" "10L24-017-S" 0x1D "21000007" 0x1D "17271231"
 * The resolver base (scheme, host, path prefix) and non-GS1 query
 * parameters (linkType) are not signed: moving to another resolver keeps
 * labels valid, and a verifier shows the host so a person can judge it.
 * The signature says who issued the data, not that the physical label is
 * the only copy (claim codes, core/claim.h, are for that).
 *
 * Diagnostics: refusals of outside input return TXNG_EFORMAT with
 * diag->reason a static English phrase (TXNG_N_), diag->field the element
 * ("GTIN (01)", "lot (10)", "serial (21)", "expiry (17)", "harvest date
 * (7007)", "origin (422)", "signature (8030)") and diag->offset as
 * core/gs1.h sets it.
 *
 * No global state; every function may be called from any thread.
 */
#ifndef TXNG_QR_LABEL_H
#define TXNG_QR_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/gs1.h"
#include "core/keys.h"

/** DSSE payload type of the signed label message. */
#define TXNG_LABEL_PAYLOAD_TYPE "application/vnd.txng.label"
/** Characters of the AI 8030 value: base64url of 64 bytes, no padding. */
#define TXNG_LABEL_SIG_CHARS 86
/** Longest resolver base accepted, in bytes. */
#define TXNG_LABEL_BASE_MAX 256
/** Size of a label URI buffer (longest URI + NUL). */
#define TXNG_LABEL_URI_MAX 768
/** Size of a human-readable line or element string buffer. */
#define TXNG_LABEL_HRI_MAX 160

/**
 * The data of one label. Strings are NUL-terminated; "" means absent.
 * Zero it (or use txng_label_parse()) before filling it by hand.
 */
typedef struct txng_label {
    char          gtin[TXNG_GS1_GTIN_LEN + 1];         /**< AI 01, 14 digits; required */
    char          lot[TXNG_GS1_VALUE_MAX + 1];         /**< AI 10, set 82, 1-20 chars */
    char          serial[TXNG_GS1_VALUE_MAX + 1];      /**< AI 21, set 82, 1-20 chars */
    char          expiry[TXNG_GS1_DATE_LEN + 1];       /**< AI 17, YYMMDD (DD may be 00) */
    char          harvest[2 * TXNG_GS1_DATE_LEN + 1];  /**< AI 7007, YYMMDD or YYMMDDYYMMDD */
    char          origin[4];                           /**< AI 422, 3 digits, e.g. "704" */
    bool          has_sig;                             /**< AI 8030 present */
    unsigned char sig[TXNG_SIG_BYTES];                 /**< Ed25519 signature when has_sig */
} txng_label;

/**
 * Check every element of @p label (not the signature).
 *
 * @return TXNG_OK, TXNG_EINVAL (@p label NULL), or TXNG_EFORMAT with
 *         @p diag: "missing GTIN", a refusal of txng_gs1_ai_check() for
 *         01, 10, 21, 17 ("wrong check digit: expected D", "character not
 *         in GS1 character set 82", "longer than 20 characters", ...), for
 *         7007 "not a digit", "wrong length" (not 6 or 12 digits), "month
 *         out of range", "day out of range" (day 00 is refused: the date
 *         must be real), for 422 "not a digit", "wrong length".
 */
TXNG_MUST_CHECK txng_err txng_label_check(const txng_label *label, txng_diag *diag);

/**
 * The GS1 element string E that the signature covers (see above), without
 * 8030; may contain 0x1D bytes.
 *
 * @param[out] out      TXNG_LABEL_HRI_MAX bytes; the bytes and a NUL
 * @param[out] out_len  bytes written, without the NUL
 * @return TXNG_OK, TXNG_EINVAL, TXNG_EFORMAT (as txng_label_check()).
 */
TXNG_MUST_CHECK txng_err txng_label_element_string(char *out, size_t *out_len,
                                                   const txng_label *label, txng_diag *diag);

/**
 * The signed message: PAE(TXNG_LABEL_PAYLOAD_TYPE, element string).
 *
 * @param[out] out  malloc'd bytes (free())
 * @return TXNG_OK, TXNG_EINVAL, TXNG_EFORMAT (as txng_label_check()), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_label_message(unsigned char **out, size_t *out_len,
                                            const txng_label *label, txng_diag *diag);

/**
 * Sign @p label with @p signer: sets label->sig and label->has_sig.
 *
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_EFORMAT (as
 *         txng_label_check(); the label is then unchanged), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_label_sign(txng_label *label, const txng_signer *signer,
                                         txng_diag *diag);

/**
 * Check the signature of @p label against @p key.
 *
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_ENOTFOUND (the label
 *         has no signature), TXNG_EBADSIG (it does not verify with @p key),
 *         TXNG_EFORMAT (as txng_label_check()), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_label_verify(const txng_label *label, const txng_pubkey *key,
                                           txng_diag *diag);

/**
 * Check a resolver base: "http(s)://host[:port][/prefix]" (scheme in lower
 * or upper case), at most TXNG_LABEL_BASE_MAX bytes, one final "/" allowed
 * (it is not part of the base), a host (a name, or an IPv6 address in
 * brackets), a port if any from 1 to 65535, no query or fragment, and only
 * characters a URI may hold. The one check of `txng qr`, `txng labels` and
 * `txng serve --base`.
 *
 * @param[in]  base  the base; only read during the call
 * @param[out] len   if not NULL, the length of @p base without its final "/"
 * @return TXNG_OK, TXNG_EINVAL (@p base NULL), or TXNG_EFORMAT with
 *         diag->field "" and diag->reason one of "resolver base is too long",
 *         "resolver base is not an http or https URL", "resolver base names
 *         no host", "resolver base: an IPv6 host has no closing ]",
 *         "resolver base: the port is a number from 1 to 65535", "resolver
 *         base has a query or fragment", "character not allowed in a URI";
 *         diag->offset is the 1-based position of the fault (0 for the length).
 */
TXNG_MUST_CHECK txng_err txng_label_base_check(const char *base, size_t *len, txng_diag *diag);

/**
 * The label's URI on resolver @p base (see above), with AI 8030 when
 * label->has_sig.
 *
 * @param[out] out   TXNG_LABEL_URI_MAX bytes; "" on failure
 * @param[in]  base  a resolver base as txng_label_base_check() accepts it (a
 *                   final "/" is dropped); NULL means TXNG_GS1_CANONICAL_STEM
 * @return TXNG_OK, TXNG_EINVAL (NULL label), or TXNG_EFORMAT: a refusal of
 *         txng_label_base_check() or of txng_label_check(); diag->field is ""
 *         for refusals of the base.
 */
TXNG_MUST_CHECK txng_err txng_label_uri(char *out, const txng_label *label, const char *base,
                                        txng_diag *diag);

/**
 * Parse a label URI: a GS1 Digital Link URI (core/gs1.h rules: any host and
 * prefix, check digits, set 82, escapes) whose key is a GTIN, with
 * qualifiers 10 and/or 21 and query attributes 17, 422, 7007, 8030 in any
 * order; non-numeric parameters (linkType) and a fragment are ignored.
 *
 * @param[out] out    the label; zeroed on failure
 * @param[out] base   if not NULL, TXNG_LABEL_URI_MAX bytes: the part before
 *                    "/01/" ("https://trace.htx.vn"); "" on failure
 * @param[in]  uri    @p len bytes, not necessarily NUL-terminated
 * Every byte of @p uri, fragment included, must be printable ASCII other
 * than the space (RFC 3986): a Digital Link never holds anything else, and
 * a control character in an ignored fragment would still reach whoever
 * prints the URI.
 *
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), or TXNG_EFORMAT with @p diag:
 *         "space in a URI: a Digital Link has none", "control character or
 *         non-ASCII byte in a URI" (diag->offset: its 1-based position),
 *         "not a GS1 Digital Link URI" (no scheme http/https), any refusal
 *         of txng_gs1_dl_parse() ("wrong check digit: expected D", ...),
 *         "the label's key must be a GTIN (01)", "CPV (22) is not supported
 *         on labels", "key qualifier in the query string", "application
 *         identifier repeated", "unsupported application identifier", "empty
 *         value", a refusal of txng_label_check(), or for 8030 (field
 *         "signature (8030)"): "padding '=' in the signature: 86 base64url
 *         characters without padding expected", "character not in base64url
 *         (A-Z a-z 0-9 - _)" (offset: the position in the value), "not an
 *         Ed25519 signature: 86 base64url characters expected" (another
 *         length), "not the canonical encoding: the last character must be
 *         A, Q, g or w (its 4 unused bits are zero)" (offset 86).
 */
TXNG_MUST_CHECK txng_err txng_label_parse(txng_label *out, char *base, const char *uri,
                                          size_t len, txng_diag *diag);

/**
 * The GS1 human-readable line "(01)...(10)...(21)...(17)...(422)...(7007)...",
 * values as they are (not escaped), without 8030.
 *
 * @param[out] out  TXNG_LABEL_HRI_MAX bytes; "" on failure
 * @return TXNG_OK, TXNG_EINVAL, TXNG_EFORMAT (as txng_label_check()).
 */
TXNG_MUST_CHECK txng_err txng_label_hri(char *out, const txng_label *label, txng_diag *diag);

/**
 * The canonical identifier of the unit the label names, as the log keeps it
 * (core/gs1.h, and the pack step's serials): "https://id.gs1.org/01/<gtin>/21/<serial>"
 * when the label has a serial (GTIN + serial is unique; the lot is not part
 * of it), else ".../01/<gtin>/10/<lot>", else ".../01/<gtin>".
 *
 * @param[out] out  TXNG_GS1_URI_MAX bytes; "" on failure
 * @return TXNG_OK, TXNG_EINVAL, TXNG_EFORMAT (as txng_label_check()).
 */
TXNG_MUST_CHECK txng_err txng_label_unit_id(char *out, const txng_label *label,
                                            txng_diag *diag);

/**
 * Whether @p lot_id, a lot's identifier as the log keeps it (a Digital Link
 * URI with AI 10, e.g. "https://id.gs1.org/01/<gtin>/10/L24-017-S", or
 * "urn:txng:<origin>:lot:<code>"), has the lot code @p code (AI 10 of a
 * label). A unit's label carries the lot code with the unit's own GTIN,
 * which may differ from the GTIN of a bulk lot, so only the codes are
 * compared. False when @p lot_id is neither form or an argument is NULL.
 */
bool txng_label_same_lot(const char *lot_id, const char *code);

struct txng_log;

/**
 * The lot of @p log that a label's lot code names (AI 10 with the unit's
 * GTIN @p gtin). The log keeps a lot as a Digital Link of its own GTIN, which
 * may be a bulk GTIN, or as "urn:txng:<origin>:lot:<code>" (a lot recorded
 * without a GTIN), so every lot the log names with code @p code is a
 * candidate, found by the lot name keys (core/index.h): the Digital Link
 * ".../01/<gtin>/10/<code>" when the log names it, else the only lot of that
 * code. @p gtin NULL: the only lot of that code.
 *
 * @param[out] out    TXNG_GS1_URI_MAX bytes: the lot's identifier; "" when none
 * @param[out] other  TXNG_GS1_URI_MAX bytes or NULL: on TXNG_EEXIST, a second
 *                    lot of that code (@p out holds the first)
 * @return TXNG_OK, TXNG_ENOTFOUND (no lot of that code), TXNG_EEXIST (two lots
 *         of that code, none of them with @p gtin), TXNG_EINVAL (a NULL
 *         argument), TXNG_ENOMEM, or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_label_find_lot(struct txng_log *log, const char *gtin,
                                             const char *code, char *out, char *other);

/**
 * Whether a label date agrees with a date of the log.
 *
 * @param[in] label_date  AI 17 "YYMMDD" (day 00: any day of that month) or
 *                        AI 7007 "YYMMDD" or a range "YYMMDDYYMMDD" (the
 *                        date lies in it, both ends included)
 * @param[in] log_date    RFC 3339 date or date-time, "2026-11-19..."; only
 *                        its date part is read, as written (no time zone
 *                        conversion: the log's date is the local one)
 * @return false also when either is malformed or NULL.
 */
bool txng_label_date_matches(const char *label_date, const char *log_date);

#endif /* TXNG_QR_LABEL_H */
