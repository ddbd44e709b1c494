/*
 * fuzz_label.c - fuzz target: label URIs (GS1 Digital Link, AI 8030) parsed and rebuilt
 *
 * Invariants checked on every input, each with abort():
 * - a refusal is TXNG_EFORMAT with a reason, a zeroed label and an empty base;
 * - an accepted label passes txng_label_check() and has an element string,
 *   a signed message, a human-readable line and a unit identifier;
 * - the URI rebuilt by txng_label_uri() on the parsed base (or on the
 *   canonical stem when that base is refused as a resolver base) parses to
 *   the same label and base, and rebuilding that gives the same bytes: the
 *   rebuilt URI is canonical.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qr/label.h"
#include "tests/fuzz/fuzz.h"

static bool
same_label(const txng_label *a, const txng_label *b)
{
    return strcmp(a->gtin, b->gtin) == 0 && strcmp(a->lot, b->lot) == 0 &&
           strcmp(a->serial, b->serial) == 0 && strcmp(a->expiry, b->expiry) == 0 &&
           strcmp(a->harvest, b->harvest) == 0 && strcmp(a->origin, b->origin) == 0 &&
           a->has_sig == b->has_sig &&
           (!a->has_sig || memcmp(a->sig, b->sig, sizeof a->sig) == 0);
}

static bool
is_zero(const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return false;
    return true;
}

/* Everything else the label module derives from a valid label must work. */
static void
derived_check(const txng_label *l)
{
    char           es[TXNG_LABEL_HRI_MAX], hri[TXNG_LABEL_HRI_MAX], unit[TXNG_GS1_URI_MAX];
    unsigned char *msg     = NULL;
    size_t         es_len  = 0, msg_len = 0;
    txng_err       err;

    if (txng_label_check(l, NULL) != TXNG_OK ||
        txng_label_element_string(es, &es_len, l, NULL) != TXNG_OK ||
        es_len != strlen(es) || es_len < 16 || memcmp(es, "01", 2) != 0 ||
        memcmp(es + 2, l->gtin, 14) != 0)
        abort();
    /* (values may hold parentheses: set 82 has them, so no search for "(8030)") */
    if (txng_label_hri(hri, l, NULL) != TXNG_OK || strncmp(hri, "(01)", 4) != 0 ||
        strncmp(hri + 4, l->gtin, 14) != 0)
        abort();
    if (txng_label_unit_id(unit, l, NULL) != TXNG_OK ||
        strncmp(unit, TXNG_GS1_CANONICAL_STEM "/01/", strlen(TXNG_GS1_CANONICAL_STEM) + 4) != 0)
        abort();
    err = txng_label_message(&msg, &msg_len, l, NULL);
    if (err == TXNG_ENOMEM)
        return;
    if (err != TXNG_OK || msg_len <= es_len || memcmp(msg + msg_len - es_len, es, es_len) != 0)
        abort();
    free(msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    txng_label  label, again;
    txng_diag   diag = TXNG_DIAG_INIT;
    char       *base = NULL, *base2 = NULL, *uri = NULL, *uri2 = NULL;
    const char *used;
    size_t      used_len;
    txng_err    err;

    /* Exactly sized buffers, so that AddressSanitizer sees a write past them. */
    base  = malloc(TXNG_LABEL_URI_MAX);
    base2 = malloc(TXNG_LABEL_URI_MAX);
    uri   = malloc(TXNG_LABEL_URI_MAX);
    uri2  = malloc(TXNG_LABEL_URI_MAX);
    if (base == NULL || base2 == NULL || uri == NULL || uri2 == NULL)
        goto out;
    err = txng_label_parse(&label, base, (const char *) data, size, &diag);
    if (err != TXNG_OK) {
        if (err != TXNG_EFORMAT || diag.reason == NULL || base[0] != '\0' ||
            !is_zero(&label, sizeof label))
            abort();
        goto out;
    }
    if (memchr(base, '\0', TXNG_LABEL_URI_MAX) == NULL || strlen(base) > size ||
        memcmp(base, data, strlen(base)) != 0)
        abort();
    derived_check(&label);

    /* Rebuild on the parsed base; a base txng_label_uri() refuses is its own concern. */
    used = base;
    memset(&diag, 0, sizeof diag);
    err  = txng_label_uri(uri, &label, used, &diag);
    if (err == TXNG_EFORMAT && diag.field[0] == '\0') {
        used = TXNG_GS1_CANONICAL_STEM;
        err  = txng_label_uri(uri, &label, used, NULL);
    }
    if (err != TXNG_OK || memchr(uri, '\0', TXNG_LABEL_URI_MAX) == NULL)
        abort();
    used_len = strlen(used);
    if (used_len > 0 && used[used_len - 1] == '/')
        used_len--;
    if (txng_label_parse(&again, base2, uri, strlen(uri), NULL) != TXNG_OK ||
        !same_label(&label, &again) || strlen(base2) != used_len ||
        memcmp(base2, used, used_len) != 0)
        abort();
    if (txng_label_uri(uri2, &again, base2, NULL) != TXNG_OK || strcmp(uri, uri2) != 0)
        abort();
out:
    free(uri2);
    free(uri);
    free(base2);
    free(base);
    return 0;
}
