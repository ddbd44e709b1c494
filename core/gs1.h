/*
 * gs1.h - GS1 keys, GS1 Digital Link URIs, EPC URNs and urn:txng codes
 *
 * Every traceable thing in txng has one canonical identifier string
 * (DESIGN.md section 4): a GS1 key with its key qualifiers as a Digital
 * Link URI on https://id.gs1.org, or, for producers without a GS1 licence,
 * urn:txng:<origin>:<kind>:<code>. This module checks GS1 keys (GTIN,
 * GLN, SSCC: digits and mod-10 check digit) and element values (lot,
 * serial, CPV, GLN extension: 1-20 characters of GS1 character set 82;
 * dates YYMMDD), parses any Digital Link URI (any host, any path prefix)
 * and builds canonical ones, converts EPC URNs (sgtin, lgtin, sscc, sgln,
 * pgln) to and from Digital Link, and builds and parses urn:txng codes.
 *
 * Supported application identifiers (AIs): primary keys 01 (GTIN), 00
 * (SSCC), 414 (GLN of a location), 417 (GLN of a party); key qualifiers
 * 22 (CPV), 10 (lot), 21 (serial) after 01 in that order, 254 (GLN
 * extension) after 414; data attributes 11, 13, 15, 16, 17 (dates, query
 * string of a URI whose key is 01). Other AIs are refused as unsupported.
 *
 * Diagnostics: every refusal of outside input returns TXNG_EFORMAT and sets
 * diag->reason to a static phrase marked with TXNG_N_(). diag->field names
 * the element ("GTIN (01)", "lot (10)", ...) when one is concerned.
 * diag->offset is the 1-based position of the offending character inside
 * the element value (after percent-decoding) for character, length and
 * check-digit errors, and the 1-based byte position in the input for URI
 * syntax errors; 0 when no position applies. A wrong check digit gives the
 * reason "wrong check digit: expected D" (D the correct digit), so the
 * command line can print diag.reason as it is.
 *
 * No function allocates; outputs go to caller buffers. No global state;
 * every function may be called from any thread.
 */
#ifndef TXNG_CORE_GS1_H
#define TXNG_CORE_GS1_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/note.h"

#define TXNG_GS1_GTIN_LEN  14 /**< digits of a normalised GTIN */
#define TXNG_GS1_GLN_LEN   13 /**< digits of a GLN */
#define TXNG_GS1_SSCC_LEN  18 /**< digits of an SSCC */
#define TXNG_GS1_VALUE_MAX 20 /**< longest lot, serial, CPV or GLN extension */
#define TXNG_GS1_DATE_LEN  6  /**< YYMMDD */
#define TXNG_GS1_CODE_MAX  64 /**< longest code in a urn:txng identifier */
/** Size of every identifier output buffer (longest output + NUL, with room). */
#define TXNG_GS1_URI_MAX 512
/** Host of canonical Digital Link URIs. */
#define TXNG_GS1_CANONICAL_STEM "https://id.gs1.org"

/** The primary key of a GS1 identifier. */
typedef enum txng_gs1_key {
    TXNG_GS1_KEY_NONE = 0,
    TXNG_GS1_KEY_GTIN,      /**< AI 01: trade item; qualifiers 22, 10, 21 */
    TXNG_GS1_KEY_SSCC,      /**< AI 00: logistic unit */
    TXNG_GS1_KEY_GLN,       /**< AI 414: physical location; qualifier 254 */
    TXNG_GS1_KEY_PARTY_GLN, /**< AI 417: party */
} txng_gs1_key;

/** Date data attributes, in AI order. */
enum txng_gs1_date {
    TXNG_GS1_DATE_PROD,        /**< AI 11 production date */
    TXNG_GS1_DATE_PACK,        /**< AI 13 packaging date */
    TXNG_GS1_DATE_BEST_BEFORE, /**< AI 15 best before */
    TXNG_GS1_DATE_SELL_BY,     /**< AI 16 sell by */
    TXNG_GS1_DATE_EXPIRY,      /**< AI 17 expiry */
    TXNG_GS1_NDATES
};

/**
 * A GS1 identifier: a primary key, its key qualifiers and date attributes.
 * Strings are NUL-terminated; an absent element is "". The values are
 * decoded (no percent-escapes). Zero it before filling it by hand.
 */
typedef struct txng_gs1_id {
    txng_gs1_key key;
    char         key_digits[TXNG_GS1_SSCC_LEN + 1]; /**< GTIN-14, SSCC or GLN */
    char         cpv[TXNG_GS1_VALUE_MAX + 1];       /**< AI 22, GTIN only */
    char         lot[TXNG_GS1_VALUE_MAX + 1];       /**< AI 10, GTIN only */
    char         serial[TXNG_GS1_VALUE_MAX + 1];    /**< AI 21, GTIN only */
    char         gln_ext[TXNG_GS1_VALUE_MAX + 1];   /**< AI 254, GLN (414) only */
    /** AIs 11/13/15/16/17 by enum txng_gs1_date, GTIN only; not part of the identifier */
    char dates[TXNG_GS1_NDATES][TXNG_GS1_DATE_LEN + 1];
} txng_gs1_id;

/** Kinds of urn:txng codes. */
typedef enum txng_gs1_kind {
    TXNG_GS1_KIND_PRODUCT,
    TXNG_GS1_KIND_LOT,
    TXNG_GS1_KIND_UNIT,
    TXNG_GS1_KIND_PLACE,
    TXNG_GS1_KIND_PARTY,
    TXNG_GS1_KIND_COHORT,
    TXNG_GS1_KIND_CERTIFICATE,
    TXNG_GS1_KIND_DOCUMENT,
    TXNG_GS1_NKINDS
} txng_gs1_kind;

/** A parsed urn:txng:<origin>:<kind>:<code>. */
typedef struct txng_gs1_code {
    char          origin[TXNG_ORIGIN_MAX + 1];
    txng_gs1_kind kind;
    char          code[TXNG_GS1_CODE_MAX + 1];
} txng_gs1_code;

/** Flags of txng_gs1_dl_parse(). */
enum txng_gs1_dl_flags {
    /** Accept a GTIN-8, -12 or -13 in the path or query and pad it to 14
     *  digits (the grammar says 14; gs1-syntax-engine's
     *  PermitZeroSuppressedGTINinDLuris). */
    TXNG_GS1_DL_SHORT_GTIN = 1u << 0,
};

/**
 * The GS1 mod-10 check digit of @p len digits (the digits before the check
 * digit): weights 3, 1, 3, ... from the right.
 *
 * @return 0 to 9, or -1 when @p len is 0 or a byte is not an ASCII digit.
 */
int txng_gs1_check_digit(const char *digits, size_t len);

/**
 * Check a GTIN-8, -12, -13 or -14 and write it as 14 digits (left-padded
 * with zeros) and a NUL to @p out.
 *
 * @param[out] out  TXNG_GS1_GTIN_LEN + 1 bytes; "" on failure
 * @return TXNG_OK, or TXNG_EFORMAT ("not a digit" with the position, "wrong
 *         length for a GTIN", "wrong check digit: expected D" with the
 *         position of the check digit); field "GTIN (01)".
 */
TXNG_MUST_CHECK txng_err txng_gs1_gtin_normalize(char *out, const char *gtin, size_t len,
                                                 txng_diag *diag);

/**
 * Check the value of one element: @p ai is "00", "01" (14 digits only),
 * "10", "21", "22", "254", "414", "417", "11", "13", "15", "16" or "17".
 * Keys: exact digit count and check digit. Lot, serial, CPV, GLN
 * extension: 1-20 characters of GS1 character set 82 (A-Z a-z 0-9 and
 * ! " % & ' ( ) * + , - . / : ; < = > ? _). Dates: YYMMDD, month 01-12, day
 * 00 (unknown) or a day of that month (29 February when YY is a multiple of
 * 4, which holds for the years 1951-2099 that the GS1 century rule maps to
 * around now).
 *
 * @return TXNG_OK, or TXNG_EFORMAT with diag->field naming the element:
 *         "empty value", "longer than 20 characters" (offset 21),
 *         "character not in GS1 character set 82" (offset = its position),
 *         "not a digit", "wrong length", "wrong check digit: expected D",
 *         "month out of range", "day out of range",
 *         "unsupported application identifier" (@p ai not in the list).
 */
TXNG_MUST_CHECK txng_err txng_gs1_ai_check(const char *ai, const char *value, size_t len,
                                           txng_diag *diag);

/**
 * Whether @p alpha2 is an officially assigned ISO 3166-1 alpha-2 country
 * code, in capitals ("VN"); if so, and @p numeric is not NULL, its numeric
 * code as three digits and a NUL ("704"), the form of GS1 AI 422.
 */
bool txng_gs1_country(const char *alpha2, char numeric[4]);

/**
 * Whether a GTIN (8, 12, 13 or 14 digits), GLN (13) or SSCC (18) carries a
 * GS1 Vietnam prefix (893). GTIN-8 and GTIN-14 whose 13-digit part starts
 * with 00000 (a padded GTIN-8) use the GS1-8 prefix; GTIN-12 never does.
 * Check digits are not verified here. False for other lengths or non-digits.
 */
bool txng_gs1_is_vietnam(const char *digits, size_t len);

/**
 * Percent-encode @p len bytes for a Digital Link path segment (@p query
 * false) or query value (true): A-Z a-z 0-9 - . _ ~ stay, a space becomes
 * "+" in the query, everything else becomes %XX (upper-case hex).
 *
 * @param[out] out  @p cap bytes; receives the text and a NUL
 * @return TXNG_OK, or TXNG_EINVAL (@p cap too small; @p out is then "").
 */
TXNG_MUST_CHECK txng_err txng_gs1_uri_escape(char *out, size_t cap, const char *in, size_t len,
                                             bool query);

/**
 * Decode %XX escapes (either case of hex) in @p len bytes; in a query
 * (@p query true) "+" also becomes a space. A "%" not followed by two hex
 * digits is kept as it is. The result may contain any byte, NUL included.
 *
 * @param[out] out      @p cap bytes; receives the bytes and a NUL
 * @param[out] out_len  number of bytes decoded (without the NUL)
 * @return TXNG_OK, or TXNG_EINVAL (@p cap < @p len + 1).
 */
TXNG_MUST_CHECK txng_err txng_gs1_uri_unescape(char *out, size_t cap, size_t *out_len,
                                               const char *in, size_t len, bool query);

/**
 * Parse a GS1 Digital Link URI: scheme http or https (all lower or all
 * upper case), any host (name, IPv4, [IPv6]) and port, an optional path
 * prefix, then a supported primary key with its qualifiers in the grammar's
 * order, an optional query (non-numeric parameters such as linkType are
 * ignored; numeric ones must be supported date attributes of a GTIN) and an
 * optional fragment (ignored). Every element value is checked as
 * txng_gs1_ai_check() does.
 *
 * @param[out] out    the identifier; zeroed on failure
 * @param[in]  uri    @p len bytes, not necessarily NUL-terminated
 * @param[in]  flags  zero or more of enum txng_gs1_dl_flags
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag: "not an http or https URI",
 *         "bad host", "character not allowed in a URI", "bad percent-escape",
 *         "empty path segment", "no supported GS1 primary key in the path",
 *         "unsupported primary key", "key qualifier not allowed or out of
 *         order", "key qualifier in the query string", "application
 *         identifier repeated", "unsupported application identifier",
 *         "data attribute without a GTIN", "empty value", or any refusal of
 *         txng_gs1_ai_check(), "wrong length for a GTIN" included.
 */
TXNG_MUST_CHECK txng_err txng_gs1_dl_parse(txng_gs1_id *out, const char *uri, size_t len,
                                           unsigned flags, txng_diag *diag);

/**
 * Build the Digital Link URI of @p id: @p stem (without a final "/"; NULL
 * means TXNG_GS1_CANONICAL_STEM), the key, its qualifiers in the grammar's
 * order, each value percent-encoded by txng_gs1_uri_escape(), and, when
 * @p attributes is true, the dates as a query string in AI order
 * ("?11=...&17=..."). With a NULL stem and no attributes this is the
 * canonical identifier of @p id.
 *
 * @param[out] out  TXNG_GS1_URI_MAX bytes; "" on failure
 * @param[in]  stem e.g. "https://example.com/prefix"; borrowed; at most 256 bytes
 * @return TXNG_OK, or TXNG_EFORMAT (an element fails txng_gs1_ai_check(),
 *         "no supported GS1 primary key", or "key qualifier not allowed
 *         or out of order" for an element the key does not take), or
 *         TXNG_EINVAL (@p stem longer than 256 bytes).
 */
TXNG_MUST_CHECK txng_err txng_gs1_dl_format(char *out, const txng_gs1_id *id, const char *stem,
                                            bool attributes, txng_diag *diag);

/**
 * Parse a pure-identity EPC URN (Tag Data Standard): urn:epc:id:sgtin:
 * C.IR.S (GTIN + serial), urn:epc:class:lgtin:C.IR.L (GTIN + lot),
 * urn:epc:id:sscc:C.ES, urn:epc:id:sgln:C.LR.E (E = "0": no extension),
 * urn:epc:id:pgln:C.PR. C is the company prefix (6-12 digits); its length
 * places the indicator or extension digit; the check digit is computed.
 * Serial, lot and extension may carry %XX escapes and must decode to 1-20
 * characters of character set 82.
 *
 * @param[out] out  the identifier; zeroed on failure
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag: "not a supported EPC URN",
 *         "wrong number of fields", "bad company prefix", "wrong length",
 *         "not a digit", "bad percent-escape", or a refusal of
 *         txng_gs1_ai_check().
 */
TXNG_MUST_CHECK txng_err txng_gs1_epc_parse(txng_gs1_id *out, const char *urn, size_t len,
                                            txng_diag *diag);

/**
 * The EPC URN of @p id, given the length of its GS1 company prefix
 * (6-12, which the key alone does not tell): GTIN + serial -> sgtin (CPV
 * and lot not allowed), GTIN + lot -> lgtin, SSCC -> sscc, GLN -> sgln
 * (extension ".0" when none), party GLN -> pgln. Characters " % & / < > ?
 * are written as %XX.
 *
 * @param[out] out  TXNG_GS1_URI_MAX bytes; "" on failure
 * @return TXNG_OK, TXNG_EINVAL (@p gcp_len outside 6-12), or TXNG_EFORMAT
 *         ("no EPC URN for this identifier": a GTIN alone, with a CPV, or
 *         with both lot and serial; a GLN extension "0"; or an element
 *         refused by txng_gs1_ai_check()).
 */
TXNG_MUST_CHECK txng_err txng_gs1_epc_format(char *out, const txng_gs1_id *id, unsigned gcp_len,
                                             txng_diag *diag);

/** The name of @p kind ("product", ...), or NULL when out of range. Static. */
const char *txng_gs1_kind_name(txng_gs1_kind kind);

/**
 * Build urn:txng:<origin>:<kind>:<code>. @p origin must pass
 * txng_origin_valid() (core/note.h); @p code is 1-64 characters of
 * A-Z a-z 0-9 - . _ (nothing is percent-encoded: other characters are
 * refused).
 *
 * @param[out] out  TXNG_GS1_URI_MAX bytes; "" on failure
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag: "bad origin" (field
 *         "origin"), "unknown kind" (field "kind"), "empty value",
 *         "longer than 64 characters", "character not allowed in a code: use
 *         only A-Z, a-z, 0-9, '-', '.' and '_'"
 *         (field "code", offset = its position).
 */
TXNG_MUST_CHECK txng_err txng_gs1_code_format(char *out, const char *origin, txng_gs1_kind kind,
                                              const char *code, txng_diag *diag);

/**
 * Parse urn:txng:<origin>:<kind>:<code> ("urn" and "txng" in any case;
 * kind in lower case). The code and kind are the last two ':'-separated
 * fields, so the origin may itself contain ':'.
 *
 * @param[out] out  the code; zeroed on failure
 * @return TXNG_OK, or TXNG_EFORMAT: "not a urn:txng code", "wrong number of
 *         fields", and the refusals of txng_gs1_code_format().
 */
TXNG_MUST_CHECK txng_err txng_gs1_code_parse(txng_gs1_code *out, const char *urn, size_t len,
                                             txng_diag *diag);

/**
 * The canonical identifier of a string a user gives: a Digital Link URI
 * (GTIN-8/12/13 accepted and padded; dates and other query parameters are
 * checked but are not part of the identifier), an EPC URN as
 * txng_gs1_epc_parse() takes, or a urn:txng code. GS1 identifiers come out
 * as canonical Digital Link URIs (https://id.gs1.org, key, qualifiers in
 * order, canonical escaping, no query); codes as urn:txng:... with "urn:txng"
 * in lower case. Parsing the output again gives the same output.
 *
 * @param[out] out  TXNG_GS1_URI_MAX bytes; "" on failure
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag ("not a Digital Link URI,
 *         EPC URN or urn:txng code", or a refusal of the parser concerned).
 */
TXNG_MUST_CHECK txng_err txng_gs1_canonicalize(char *out, const char *input, size_t len,
                                               txng_diag *diag);

#endif /* TXNG_CORE_GS1_H */
