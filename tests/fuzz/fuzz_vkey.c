/*
 * fuzz_vkey.c - fuzz target: verifier key strings and key references
 *
 * A verifier key that parses must format back to exactly the input (the
 * parser accepts one spelling per key); so must a key reference.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/keys.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    return sodium_init() < 0 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    txng_pubkey key;
    txng_diag   diag = TXNG_DIAG_INIT;
    char        out[TXNG_VKEY_MAX], ref[TXNG_KEYREF_MAX], name[TXNG_KEY_NAME_MAX + 1];
    char       *copy;
    uint32_t    id;

    if (txng_pubkey_parse(&key, (const char *) data, size, &diag) == TXNG_OK) {
        txng_pubkey_format(&key, out);
        if (strlen(out) != size || memcmp(out, data, size) != 0)
            abort();
        if (key.id != txng_key_id(key.name, key.pk) || !txng_key_name_valid(key.name))
            abort();
    } else if (diag.reason == NULL) {
        abort();
    }

    copy = malloc(size + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    if (txng_keyref_parse(copy, name, &id) == TXNG_OK) {
        memset(&key, 0, sizeof key);
        memcpy(key.name, name, sizeof key.name);
        key.id = id;
        txng_pubkey_ref(&key, ref);
        if (strcmp(ref, copy) != 0)
            abort();
    }
    free(copy);
    return 0;
}
