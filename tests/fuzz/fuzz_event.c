/*
 * fuzz_event.c - txng_canon_parse() and the canonical encoding
 *
 * Invariants checked on every input, each with abort():
 * - a refusal is TXNG_EFORMAT with a reason (or TXNG_ENOMEM), and no value;
 * - an accepted value passes txng_canon_check(), encodes, and its encoding
 *   is canonical: it parses again (strictly) and re-encodes to the same bytes;
 * - the input itself is canonical exactly when it equals its encoding;
 * - whatever parses strictly also parses with TXNG_CANON_NORMALISE, to the
 *   same bytes; and txng_nfc() is idempotent;
 * - txng_canon_parse_exact() takes the input exactly when it is canonical
 *   (unless it may nest deeper than 64), and then builds the value the full
 *   parser builds.
 */
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "tests/fuzz/fuzz.h"

/* Parse with @p flags; on success return the malloc'd encoding in *enc. */
static txng_err
parse_encode(const uint8_t *data, size_t size, unsigned flags, char **enc, size_t *enc_len)
{
    json_t   *v        = NULL;
    json_t   *again    = NULL;
    char     *enc2     = NULL;
    size_t    enc2_len = 0;
    txng_diag d        = TXNG_DIAG_INIT;
    txng_err  err;

    *enc     = NULL;
    *enc_len = 0;
    err      = txng_canon_parse(&v, data, size, flags, &d);
    if (err != TXNG_OK) {
        if (v != NULL || (err == TXNG_EFORMAT && d.reason == NULL) ||
            (err != TXNG_EFORMAT && err != TXNG_ENOMEM))
            abort();
        return err;
    }
    if (txng_canon_check(v, NULL) != TXNG_OK)
        abort();
    err = txng_canon_encode(v, enc, enc_len);
    if (err == TXNG_ENOMEM)
        goto out;
    if (err != TXNG_OK || strlen(*enc) > *enc_len)
        abort();
    if (txng_canon_parse(&again, *enc, *enc_len, 0, NULL) != TXNG_OK ||
        txng_canon_encode(again, &enc2, &enc2_len) != TXNG_OK || enc2_len != *enc_len ||
        memcmp(enc2, *enc, enc2_len) != 0)
        abort();
    if (txng_canon_is_canonical(*enc, *enc_len, NULL) != TXNG_OK)
        abort();
out:
    free(enc2);
    json_decref(again);
    json_decref(v);
    return err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char    *strict = NULL, *norm = NULL, *nfc = NULL, *nfc2 = NULL;
    size_t   strict_len = 0, norm_len = 0;
    txng_err strict_err, norm_err, canon_err;

    strict_err = parse_encode(data, size, 0, &strict, &strict_len);
    norm_err   = parse_encode(data, size, TXNG_CANON_NORMALISE, &norm, &norm_len);
    if (strict_err == TXNG_OK && norm_err == TXNG_OK &&
        (strict_len != norm_len || memcmp(strict, norm, norm_len) != 0))
        abort();
    if (strict_err == TXNG_OK && norm_err == TXNG_EFORMAT)
        abort();

    canon_err = txng_canon_is_canonical(data, size, NULL);
    if (strict_err == TXNG_OK) {
        int same = strict_len == size && memcmp(strict, data, size) == 0;
        if ((canon_err == TXNG_OK) != same)
            abort();
    } else if (canon_err == TXNG_OK) {
        abort();
    }
    {
        json_t  *fast = NULL, *full = NULL;
        txng_err exact_err = txng_canon_parse_exact(&fast, data, size);

        if (exact_err == TXNG_OK) {
            if (canon_err != TXNG_OK || txng_canon_parse(&full, data, size, 0, NULL) != TXNG_OK ||
                !json_equal(fast, full))
                abort();
        } else {
            size_t opens = 0; /* bounds the nesting */

            for (size_t i = 0; i < size; i++)
                opens += data[i] == '{' || data[i] == '[';
            if ((exact_err != TXNG_EFORMAT && exact_err != TXNG_ENOMEM) || fast != NULL ||
                (canon_err == TXNG_OK && opens <= 64 && exact_err == TXNG_EFORMAT))
                abort();
        }
        json_decref(full);
        json_decref(fast);
    }

    if (memchr(data, '\0', size) == NULL && txng_nfc(&nfc, (const char *) data, size) == TXNG_OK) {
        if (txng_nfc(&nfc2, nfc, strlen(nfc)) != TXNG_OK || strcmp(nfc, nfc2) != 0)
            abort();
    }
    free(nfc2);
    free(nfc);
    free(norm);
    free(strict);
    return 0;
}
