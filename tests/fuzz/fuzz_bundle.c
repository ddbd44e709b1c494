/*
 * fuzz_bundle.c - fuzz target: signed bundles read and checked by txng_bundle_verify()
 *
 * The input is the bundle, handed to the verifier through a read callback in
 * chunks of a size that depends on the input's length (1 to 509 bytes), so
 * that lines and records cross chunk boundaries at every offset. The trusted
 * key is the log key of the seed corpus (a `txng demo` log); one signature
 * thread keeps runs reproducible.
 *
 * Invariants checked on every input, each with abort():
 * - a refusal is one of the documented codes, with a reason (but ENOMEM);
 * - an accepted bundle's note verifies with the trusted key, and its
 *   checkpoint has the origin, size and root the result reports; the
 *   witness hook saw that same note; there is at least one record (record
 *   0) and no more than the checkpoint size; the consistency blocks are in
 *   increasing order below the size; an exporter is verified only when present.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/bundle.h"
#include "core/keys.h"
#include "core/note.h"
#include "tests/fuzz/fuzz.h"

/* The log key of the bundles in corpus/bundle. */
static const char trusted_vkey[] =
    "demo.htx-samngoclinh.vn/log+9476e2e2+ATDXBqPc96EZ2+I9upLLGxM9yJztqlPGEHR3/kY/0b2s";

static txng_pubkey trusted;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    if (sodium_init() < 0 ||
        txng_pubkey_parse(&trusted, trusted_vkey, strlen(trusted_vkey), NULL) != TXNG_OK)
        abort();
    return 0;
}

struct reader {
    const uint8_t *data;
    size_t         size, pos, chunk;
};

static txng_err
read_mem(void *ctx, void *buf, size_t cap, size_t *got)
{
    struct reader *r = ctx;
    size_t         n = r->size - r->pos;

    if (n > cap)
        n = cap;
    if (n > r->chunk)
        n = r->chunk;
    memcpy(buf, r->data + r->pos, n);
    r->pos += n;
    *got = n;
    return TXNG_OK;
}

struct seen {
    char  *note;
    size_t len;
    int    calls;
};

static txng_err
witness_hook(void *ctx, const char *note, size_t len, txng_diag *diag)
{
    struct seen *s = ctx;

    (void) diag;
    free(s->note);
    s->note = malloc(len + 1);
    if (s->note == NULL)
        return TXNG_ENOMEM;
    memcpy(s->note, note, len);
    s->len = len;
    s->calls++;
    return TXNG_OK;
}

static void
accepted_check(const txng_bundle_result *res, const struct seen *s)
{
    static txng_note note;
    txng_checkpoint  cp;
    size_t           text_len = 0;

    if (res->note == NULL || res->note_len == 0 ||
        txng_note_verify(res->note, res->note_len, &trusted, 1, &text_len, NULL) != TXNG_OK ||
        txng_note_parse(&note, res->note, res->note_len, NULL) != TXNG_OK ||
        note.text_len != text_len ||
        txng_checkpoint_parse(&cp, res->note, text_len, NULL) != TXNG_OK)
        abort();
    if (strcmp(cp.origin, res->origin) != 0 || cp.size != res->size ||
        memcmp(cp.root, res->root, TXNG_HASH_BYTES) != 0)
        abort();
    if (s->calls != 1 || s->len != res->note_len || memcmp(s->note, res->note, s->len) != 0)
        abort();
    if (res->records == 0 || res->records > res->size || res->records + res->hashes > res->size)
        abort();
    if ((res->ncons > 0) != (res->cons != NULL))
        abort();
    for (size_t i = 0; i < res->ncons; i++)
        if (res->cons[i].old == 0 || res->cons[i].old > res->size ||
            res->cons[i].n > TXNG_MERKLE_MAX_PROOF ||
            (i > 0 && res->cons[i].old <= res->cons[i - 1].old))
            abort();
    if (res->exporter_verified && !res->exported)
        abort();
    if (res->kind > TXNG_BUNDLE_INDEX)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reader      r    = { data, size, 0, 1 + size % 509 };
    struct seen        s    = { NULL, 0, 0 };
    txng_bundle_vopts  opts = { NULL, witness_hook, &s, 1 };
    txng_bundle_result res;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;

    err = txng_bundle_verify(read_mem, &r, &trusted, &opts, &res, &diag);
    switch (err) {
    case TXNG_OK:
        accepted_check(&res, &s);
        break;
    case TXNG_EFORMAT:
    case TXNG_EBADSIG:
    case TXNG_EPERM:
    case TXNG_ECHAIN:
    case TXNG_EPROOF:
    case TXNG_ENOTFOUND:
        if (diag.reason == NULL)
            abort();
        break;
    case TXNG_ENOMEM:
        break;
    default:
        abort();
    }
    txng_bundle_result_free(&res);
    free(s.note);
    return 0;
}
