/*
 * witness_check.c - test helper: txng_witness_check() on a note file
 *
 *   witness_check NOTE NEEDED WITNESS-VKEY...
 * exits 0 when at least NEEDED of the witnesses cosigned NOTE, 1 when the
 * check says no (the reason on stderr), 2 on bad use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/witness.h"

int
main(int argc, char **argv)
{
    txng_pubkey keys[16];
    txng_diag   diag = TXNG_DIAG_INIT;
    char        note[1 << 16];
    size_t      len, n = 0;
    FILE       *f;
    txng_err    err;

    if (argc < 3 || argc - 3 > 16)
        return 2;
    f = fopen(argv[1], "rb");
    if (f == NULL)
        return 2;
    len = fread(note, 1, sizeof note, f);
    fclose(f);
    for (int i = 3; i < argc; i++, n++) {
        if (txng_witness_key_parse(&keys[n], argv[i], strlen(argv[i]), &diag) != TXNG_OK) {
            fprintf(stderr, "witness_check: %s: %s\n", argv[i], diag.reason);
            return 2;
        }
    }
    err = txng_witness_check(note, len, keys, n, strtoul(argv[2], NULL, 10), &diag);
    if (err != TXNG_OK) {
        fprintf(stderr, "witness_check: %s: %s%s%s\n", txng_strerror(err),
                diag.field[0] != '\0' ? diag.field : "", diag.field[0] != '\0' ? ": " : "",
                diag.reason != NULL ? diag.reason : "");
        return 1;
    }
    return 0;
}
