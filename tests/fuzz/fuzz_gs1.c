/*
 * fuzz_gs1.c - fuzz target: identifier parsing and canonical forms
 *
 * Runs the input through txng_gs1_canonicalize(), the Digital Link, EPC URN
 * and urn:txng parsers, and the percent-escaping pair. Invariants: a
 * canonical identifier canonicalises to itself; whatever is parsed formats
 * back into a string that parses to the same identifier; a refusal leaves
 * empty outputs and gives a reason; escaping then unescaping is the identity.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/gs1.h"
#include "tests/fuzz/fuzz.h"

static bool
same_id(const txng_gs1_id *a, const txng_gs1_id *b, bool dates)
{
    return a->key == b->key && strcmp(a->key_digits, b->key_digits) == 0 &&
           strcmp(a->cpv, b->cpv) == 0 && strcmp(a->lot, b->lot) == 0 &&
           strcmp(a->serial, b->serial) == 0 && strcmp(a->gln_ext, b->gln_ext) == 0 &&
           (!dates || memcmp(a->dates, b->dates, sizeof a->dates) == 0);
}

static void
check_canonical(const char *s, size_t len)
{
    char      out[TXNG_GS1_URI_MAX], again[TXNG_GS1_URI_MAX];
    txng_diag diag = TXNG_DIAG_INIT;

    if (txng_gs1_canonicalize(out, s, len, &diag) != TXNG_OK) {
        if (out[0] != '\0' || diag.reason == NULL)
            abort();
        return;
    }
    if (strlen(out) >= TXNG_GS1_URI_MAX ||
        txng_gs1_canonicalize(again, out, strlen(out), NULL) != TXNG_OK || strcmp(out, again) != 0)
        abort();
}

static void
check_dl(const char *s, size_t len, unsigned flags, unsigned gcp_len)
{
    txng_gs1_id id, back;
    char        uri[TXNG_GS1_URI_MAX], epc[TXNG_GS1_URI_MAX];
    txng_diag   diag = TXNG_DIAG_INIT;

    if (txng_gs1_dl_parse(&id, s, len, flags, &diag) != TXNG_OK) {
        if (id.key != TXNG_GS1_KEY_NONE || diag.reason == NULL)
            abort();
        return;
    }
    if (txng_gs1_dl_format(uri, &id, "https://example.com/x", true, NULL) != TXNG_OK ||
        txng_gs1_dl_parse(&back, uri, strlen(uri), 0, NULL) != TXNG_OK ||
        !same_id(&id, &back, true))
        abort();
    if (txng_gs1_epc_format(epc, &id, gcp_len, NULL) == TXNG_OK &&
        (txng_gs1_epc_parse(&back, epc, strlen(epc), NULL) != TXNG_OK ||
         !same_id(&id, &back, false)))
        abort();
}

static void
check_epc(const char *s, size_t len)
{
    txng_gs1_id id;
    char        uri[TXNG_GS1_URI_MAX];

    if (txng_gs1_epc_parse(&id, s, len, NULL) == TXNG_OK &&
        txng_gs1_dl_format(uri, &id, NULL, false, NULL) != TXNG_OK)
        abort();
}

static void
check_code(const char *s, size_t len)
{
    txng_gs1_code c, back;
    char          urn[TXNG_GS1_URI_MAX];

    if (txng_gs1_code_parse(&c, s, len, NULL) != TXNG_OK)
        return;
    if (txng_gs1_code_format(urn, c.origin, c.kind, c.code, NULL) != TXNG_OK ||
        txng_gs1_code_parse(&back, urn, strlen(urn), NULL) != TXNG_OK ||
        strcmp(c.origin, back.origin) != 0 || c.kind != back.kind || strcmp(c.code, back.code) != 0)
        abort();
}

static void
check_escape(const char *s, size_t len, bool query)
{
    static char esc[3 * 4096 + 1], dec[3 * 4096 + 1];
    size_t      n;

    if (len > 4096)
        return;
    if (txng_gs1_uri_escape(esc, sizeof esc, s, len, query) != TXNG_OK ||
        txng_gs1_uri_unescape(dec, sizeof dec, &n, esc, strlen(esc), query) != TXNG_OK ||
        n != len || memcmp(dec, s, len) != 0)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ais[] = { "00", "01", "10", "11",  "13",  "15", "16",
                                       "17", "21", "22", "254", "414", "417" };
    const char              *s     = (const char *) data;

    check_canonical(s, size);
    check_dl(s, size, 0, 6 + (unsigned) (size % 7));
    check_dl(s, size, TXNG_GS1_DL_SHORT_GTIN, 12 - (unsigned) (size % 7));
    check_epc(s, size);
    check_code(s, size);
    check_escape(s, size, false);
    check_escape(s, size, true);
    if (size > 0)
        (void) !txng_gs1_ai_check(ais[data[0] % 13], s + 1, size - 1, NULL);
    (void) txng_gs1_is_vietnam(s, size);
    (void) txng_gs1_check_digit(s, size);
    return 0;
}
