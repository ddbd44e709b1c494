/*
 * fuzz_note.c - fuzz target: signed-note parsing and verification, checkpoint parsing
 *
 * Parses the input as a note, verifies it against a fixed key (so that the
 * signature path runs when a line names that key), and parses both the
 * note's text and the whole input as checkpoint text. Nothing may crash;
 * a parsed note must have its text inside the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/keys.h"
#include "core/note.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    return sodium_init() < 0 ? -1 : 0;
}

/* The worked example's key in docs/format.md (seed 00 01 .. 1f). */
static const char vkey[] =
    "txng.example/ho-a-vang+5aa69f90+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";

/* A parsed checkpoint has an origin; a refused one is zeroed and has a reason. */
static void
checkpoint_check(const uint8_t *data, size_t size)
{
    txng_checkpoint cp;
    txng_diag       diag = TXNG_DIAG_INIT;

    if (txng_checkpoint_parse(&cp, data, size, &diag) == TXNG_OK) {
        if (cp.origin[0] == '\0')
            abort();
    } else if (diag.reason == NULL || cp.origin[0] != '\0' || cp.size != 0) {
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static txng_note note;
    txng_pubkey      key;
    txng_diag        diag     = TXNG_DIAG_INIT;
    size_t           text_len = 0;

    if (txng_pubkey_parse(&key, vkey, strlen(vkey), NULL) != TXNG_OK)
        abort();
    if (txng_note_parse(&note, data, size, &diag) == TXNG_OK) {
        if (note.text_len == 0 || note.text_len >= size || note.nsigs == 0 ||
            note.nsigs > TXNG_NOTE_MAX_SIGS)
            abort();
        checkpoint_check(data, note.text_len);
    }
    if (txng_note_verify(data, size, &key, 1, &text_len, &diag) == TXNG_OK &&
        (text_len == 0 || text_len >= size))
        abort();
    checkpoint_check(data, size);
    return 0;
}
