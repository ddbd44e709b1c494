/*
 * fuzz_keyfile.c - fuzz target: secret key files
 *
 * Every input is read without a passphrase, which parses the whole file.
 * The Argon2id key derivation runs (with a fixed passphrase) only when the
 * file asks for a small cost: the reader's own bounds (1 GiB, 10 passes)
 * keep a hostile file from exhausting memory, but would still make each
 * run take seconds. A plain file that reads must be written back to
 * exactly the same bytes.
 */
#include <stdbool.h>
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

#define CHEAP_OPS 2
#define CHEAP_MEM (64 * 1024)

/* Whether the "kdf:" line, if any, asks for at most CHEAP_OPS passes and CHEAP_MEM bytes. */
static bool
kdf_cheap(const uint8_t *data, size_t size)
{
    static const char tag[] = "\nkdf: argon2id ";
    const uint8_t    *p = NULL, *end = data + size;
    unsigned long     v[2] = { 0, 0 };

    for (size_t i = 0; i + sizeof tag - 1 <= size; i++) {
        if (memcmp(data + i, tag, sizeof tag - 1) == 0) {
            p = data + i + sizeof tag - 1;
            break;
        }
    }
    if (p == NULL)
        return true; /* no KDF: nothing is derived */
    for (int k = 0; k < 2; k++) {
        int digits = 0;

        while (p < end && *p >= '0' && *p <= '9') {
            if (++digits > 12)
                return false;
            v[k] = v[k] * 10 + (unsigned long) (*p++ - '0');
        }
        if (k == 0 && (p == end || *p++ != ' '))
            return false;
    }
    return v[0] <= CHEAP_OPS && v[1] <= CHEAP_MEM;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    txng_signer *s    = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;
    txng_err     err;
    bool         enc = txng_keyfile_encrypted(data, size);

    err = txng_keyfile_read(&s, data, size, NULL, &diag);
    if ((err == TXNG_OK) != (s != NULL) || (err == TXNG_OK && enc) ||
        (err == TXNG_EPASSPHRASE && !enc))
        abort();
    if (s != NULL) {
        char  *out     = NULL;
        size_t out_len = 0;

        if (txng_keyfile_write(s, NULL, TXNG_KDF_INTERACTIVE, &out, &out_len) != TXNG_OK ||
            out_len != size || memcmp(out, data, size) != 0)
            abort();
        free(out);
        txng_signer_free(s);
        s = NULL;
    }
    if (enc && kdf_cheap(data, size)) {
        err = txng_keyfile_read(&s, data, size, "fuzz", &diag);
        if ((err == TXNG_OK) != (s != NULL))
            abort();
        txng_signer_free(s);
    }
    return 0;
}
