/*
 * fuzz_witness.c - fuzz target: the tlog-witness add-checkpoint request, cosignature
 * lines and witness verifier keys
 *
 * The input is up to four add-checkpoint request bodies separated by NUL
 * bytes, answered in turn by txng_witness_add_checkpoint() of one witness
 * (fixed key, fixed time) that trusts the log of the seed corpus (a
 * `txng demo` log) from size 0; so a seed can first bring the witness to a
 * size and then send a consistency proof from it. The state lives in a
 * temporary folder and is made again before an input when the previous one
 * changed it, so every input starts from the same state.
 *
 * Invariants checked, each with abort():
 * - every request gets a reply (TXNG_OK) with one of the documented
 *   statuses, a content type and a NUL-terminated body;
 * - a refusal leaves the state as it was and has a reason; a 409 body is the
 *   stored size and 0x0A, any other refusal's body is the reason and 0x0A;
 * - a 200 reply is one cosignature line by the witness, at the fixed time,
 *   that verifies on the checkpoint's text; the state then holds the
 *   checkpoint's size and root; the note with that line appended passes
 *   txng_witness_check() for this witness, and a second listing of the same
 *   key does not count twice;
 * - each input line that txng_witness_line_parse() accepts has a valid key
 *   name; a witness verifier key accepted by txng_witness_key_parse() is
 *   written back by txng_witness_key_format() as a string that parses to
 *   the same key.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/keys.h"
#include "core/note.h"
#include "core/witness.h"
#include "tests/fuzz/fuzz.h"

/* The log key of the checkpoints in corpus/witness. */
static const char log_vkey[] =
    "demo.htx-samngoclinh.vn/log+9476e2e2+ATDXBqPc96EZ2+I9upLLGxM9yJztqlPGEHR3/kY/0b2s";
static const char log_origin[] = "demo.htx-samngoclinh.vn/log";

#define NOW          UINT64_C(1700000000)
#define MAX_REQUESTS 4

static txng_pubkey   log_key;
static txng_signer  *signer;
static txng_pubkey   wkey;
static txng_witness *state;
static bool          dirty = true;
static char          dir[64];

static void
remove_state(void)
{
    char path[sizeof dir + 16];

    txng_witness_close(state);
    state = NULL;
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/lock.mdb", dir);
    unlink(path);
}

static void
cleanup(void)
{
    remove_state();
    rmdir(dir);
    txng_signer_free(signer);
}

/* A fresh state: the demo log trusted at size 0. */
static void
reset(void)
{
    remove_state();
    if (txng_witness_open(&state, dir, true) != TXNG_OK ||
        txng_witness_add_log(state, log_origin, &log_key) != TXNG_OK)
        abort();
    dirty = false;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    unsigned char seed[TXNG_SEED_BYTES];
    const char   *tmp = getenv("TMPDIR");

    (void) argc;
    (void) argv;
    if (tmp == NULL || tmp[0] == '\0' || strlen(tmp) > sizeof dir - 20)
        tmp = "/tmp";
    snprintf(dir, sizeof dir, "%s/fuzz-witness-XXXXXX", tmp);
    for (size_t i = 0; i < sizeof seed; i++)
        seed[i] = (unsigned char) (0xa0 + i);
    if (sodium_init() < 0 ||
        txng_pubkey_parse(&log_key, log_vkey, strlen(log_vkey), NULL) != TXNG_OK ||
        txng_signer_from_seed(&signer, "witness.example", seed) != TXNG_OK ||
        mkdtemp(dir) == NULL)
        abort();
    txng_witness_key(&wkey, signer);
    atexit(cleanup);
    reset();
    return 0;
}

/* The note of a request body: after its first empty line (the lines before are not empty). */
static const char *
request_note(const char *body, size_t len, size_t *note_len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (body[i] == '\n' && body[i + 1] == '\n') {
            *note_len = len - (i + 2);
            return body + i + 2;
        }
    abort(); /* a request with a 200 reply has one */
}

static void
accepted_check(const char *body, size_t len, const txng_witness_reply *reply)
{
    static txng_note note;
    txng_checkpoint  cp;
    txng_witness_log after;
    txng_cosig       cos;
    txng_pubkey      twice[2];
    const char      *text;
    char            *cosigned;
    size_t           text_len;

    text = request_note(body, len, &text_len);
    if (txng_note_parse(&note, text, text_len, NULL) != TXNG_OK ||
        txng_checkpoint_parse(&cp, text, note.text_len, NULL) != TXNG_OK)
        abort();
    if (txng_witness_get_log(state, log_origin, &after) != TXNG_OK || after.size != cp.size ||
        memcmp(after.root, cp.root, TXNG_HASH_BYTES) != 0)
        abort();
    if (reply->body_len == 0 || reply->body[reply->body_len - 1] != '\n' ||
        memchr(reply->body, '\n', reply->body_len) != reply->body + reply->body_len - 1 ||
        txng_witness_line_parse(&cos, reply->body, reply->body_len, NULL) != TXNG_OK ||
        strcmp(cos.name, wkey.name) != 0 || cos.id != wkey.id || cos.timestamp != NOW ||
        txng_witness_verify(&wkey, &cos, text, note.text_len) != TXNG_OK)
        abort();
    /* The note, cosigned: only the note's own bytes and the new line. */
    cosigned = malloc(text_len + reply->body_len);
    if (cosigned == NULL)
        return;
    memcpy(cosigned, text, text_len);
    memcpy(cosigned + text_len, reply->body, reply->body_len);
    twice[0] = wkey;
    twice[1] = wkey;
    if (txng_witness_check(cosigned, text_len + reply->body_len, &wkey, 1, 1, NULL) != TXNG_OK ||
        txng_witness_check(cosigned, text_len + reply->body_len, twice, 2, 2, NULL) !=
            TXNG_EBADSIG)
        abort();
    free(cosigned);
}

static void
one_request(const char *body, size_t len)
{
    txng_witness_log   before, after;
    txng_witness_reply reply;
    txng_diag          diag = TXNG_DIAG_INIT;
    char               expect[256];
    txng_err           err;

    if (txng_witness_get_log(state, log_origin, &before) != TXNG_OK)
        abort();
    err = txng_witness_add_checkpoint(state, signer, NOW, body, len, &reply, &diag);
    if (err == TXNG_ENOMEM)
        return;
    if (err != TXNG_OK || reply.content_type == NULL || reply.body == NULL ||
        reply.body[reply.body_len] != '\0')
        abort();
    switch (reply.status) {
    case 200:
        dirty = true;
        accepted_check(body, len, &reply);
        break;
    case 409:
        snprintf(expect, sizeof expect, "%" PRIu64 "\n", before.size);
        if (diag.reason == NULL || strcmp(reply.body, expect) != 0 ||
            strcmp(reply.content_type, "text/x.tlog.size") != 0)
            abort();
        break;
    case 400:
    case 403:
    case 404:
    case 422:
        if (diag.reason == NULL)
            abort();
        snprintf(expect, sizeof expect, "%s\n", diag.reason);
        if (strcmp(reply.body, expect) != 0)
            abort();
        break;
    default:
        abort();
    }
    if (reply.status != 200 &&
        (txng_witness_get_log(state, log_origin, &after) != TXNG_OK ||
         after.size != before.size || memcmp(after.root, before.root, TXNG_HASH_BYTES) != 0))
        abort();
    free(reply.body);
}

/* Every line of the input as a cosignature line. */
static void
lines_check(const uint8_t *data, size_t size)
{
    const char *p = (const char *) data, *end = p + size, *nl;
    txng_cosig  cos;

    for (; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == NULL)
            nl = end;
        if (txng_witness_line_parse(&cos, p, (size_t) (nl - p), NULL) == TXNG_OK &&
            (!txng_key_name_valid(cos.name) || cos.timestamp > (uint64_t) TXNG_COSIG_TIME_MAX))
            abort();
    }
}

/* The whole input as a witness verifier key. */
static void
vkey_check(const uint8_t *data, size_t size)
{
    txng_pubkey key, again;
    char        text[TXNG_VKEY_MAX];

    if (txng_witness_key_parse(&key, (const char *) data, size, NULL) != TXNG_OK)
        return;
    txng_witness_key_format(&key, text);
    if (memchr(text, '\0', sizeof text) == NULL ||
        txng_witness_key_parse(&again, text, strlen(text), NULL) != TXNG_OK ||
        strcmp(key.name, again.name) != 0 || key.id != again.id ||
        memcmp(key.pk, again.pk, TXNG_PK_BYTES) != 0 ||
        key.id != txng_witness_key_id(key.name, key.pk))
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t start = 0;

    if (dirty)
        reset();
    for (int i = 0; i < MAX_REQUESTS; i++) {
        const uint8_t *nul = NULL;
        size_t         stop;

        if (i < MAX_REQUESTS - 1 && start < size)
            nul = memchr(data + start, '\0', size - start);
        stop = nul != NULL ? (size_t) (nul - data) : size;
        one_request((const char *) data + start, stop - start);
        if (nul == NULL)
            break;
        start = stop + 1;
    }
    lines_check(data, size);
    vkey_check(data, size);
    return 0;
}
