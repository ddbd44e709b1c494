/*
 * test_vstate.c - verifier state: first, same, forward with a consistency
 * proof, rollback, fork, missing and bad proofs, damaged and foreign state
 * files, the file name and atomic replacement
 *
 * Trees are built here from their leaves with a recursive subtree hash (no
 * compact range), checkpoints signed with txng_note_sign().
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/hash.h"
#include "core/keys.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/vstate.h"
#include "tests/tap.h"

#define ORIGIN "example.org/vstate-test"

/* Leaf i of tree "variant" v. */
static void
leaf(unsigned char out[TXNG_HASH_BYTES], uint64_t i, int v)
{
    char text[64];
    int  n = snprintf(text, sizeof text, "leaf %llu of %d", (unsigned long long) i, v);

    txng_hash_leaf(out, text, (size_t) n);
}

/* RFC 6962 MTH of leaves [lo, hi). */
static void
mth(unsigned char out[TXNG_HASH_BYTES], uint64_t lo, uint64_t hi, int v)
{
    uint64_t      k = 1;
    unsigned char l[TXNG_HASH_BYTES], r[TXNG_HASH_BYTES];

    if (hi - lo == 1) {
        leaf(out, lo, v);
        return;
    }
    while (k * 2 < hi - lo)
        k *= 2;
    mth(l, lo, lo + k, v);
    mth(r, lo + k, hi, v);
    txng_hash_node(out, l, r);
}

static txng_err
source(void *ctx, unsigned level, uint64_t index, unsigned char out[TXNG_HASH_BYTES])
{
    int v = *(int *) ctx;

    mth(out, index << level, (index + 1) << level, v);
    return TXNG_OK;
}

static char *
checkpoint(const txng_signer *key, uint64_t size, int v, size_t *len)
{
    txng_checkpoint cp;
    char           *text = NULL, *note = NULL;
    size_t          tl;

    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "%s", ORIGIN);
    cp.size = size;
    mth(cp.root, 0, size, v);
    if (txng_checkpoint_format(&cp, &text, &tl) != TXNG_OK ||
        txng_note_sign(&note, len, text, tl, key) != TXNG_OK)
        abort();
    free(text);
    return note;
}

static char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = calloc(1, 4096);

    *len = 0;
    if (f == NULL)
        return p;
    *len = fread(p, 1, 4095, f);
    fclose(f);
    return p;
}

static size_t
count_files(const char *dir)
{
    DIR           *d = opendir(dir);
    struct dirent *e;
    size_t         n = 0;

    while (d != NULL && (e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    if (d != NULL)
        closedir(d);
    return n;
}

int
main(void)
{
    unsigned char       seed[TXNG_SEED_BYTES], h[TXNG_HASH_BYTES];
    char                root[4096], dir[4200], path[4400], hex[65], name[65];
    txng_signer        *key = NULL, *other = NULL;
    txng_vstate_result  res;
    txng_bundle_consistency cons[2];
    txng_diag           diag = TXNG_DIAG_INIT;
    char               *n5, *n5b, *n3, *n9, *stored;
    size_t              l5, l5b, l3, l9, slen;
    int                 v0 = 0;
    txng_err            err;

    if (sodium_init() < 0)
        return 1;
    memset(seed, 1, sizeof seed);
    if (txng_signer_from_seed(&key, ORIGIN, seed) != TXNG_OK)
        return 1;
    memset(seed, 2, sizeof seed);
    if (txng_signer_from_seed(&other, ORIGIN, seed) != TXNG_OK)
        return 1;
    snprintf(root, sizeof root, "%s/txng-vstate-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(root) == NULL)
        return 1;
    snprintf(dir, sizeof dir, "%s/a/b/verifier-state", root);

    crypto_hash_sha256(h, (const unsigned char *) ORIGIN, strlen(ORIGIN));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    txng_vstate_name(name, ORIGIN);
    ok(strcmp(name, hex) == 0, "state file name is the hex SHA-256 of the origin");
    snprintf(path, sizeof path, "%s/%s", dir, hex);

    n5  = checkpoint(key, 5, 0, &l5);
    n5b = checkpoint(key, 5, 1, &l5b);
    n3  = checkpoint(key, 3, 0, &l3);
    n9  = checkpoint(key, 9, 0, &l9);

    err = txng_vstate_update(dir, txng_signer_pubkey(key), n5, l5, NULL, 0, &res, &diag);
    ok(err == TXNG_OK && res.verdict == TXNG_VSTATE_FIRST && res.old_note == NULL,
       "first checkpoint stored (missing folders made)");
    stored = read_all(path, &slen);
    ok(slen == l5 && memcmp(stored, n5, l5) == 0, "the file holds the note verbatim");
    free(stored);
    txng_vstate_result_free(&res);

    err = txng_vstate_update(dir, txng_signer_pubkey(key), n5, l5, NULL, 0, &res, NULL);
    ok(err == TXNG_OK && res.verdict == TXNG_VSTATE_SAME && res.old_size == 5, "same again");
    txng_vstate_result_free(&res);

    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_vstate_update(dir, txng_signer_pubkey(key), n3, l3, NULL, 0, &res, &diag);
    ok(err == TXNG_EFORK && res.verdict == TXNG_VSTATE_ROLLBACK && res.old_size == 5 &&
           res.old_len == l5 && memcmp(res.old_note, n5, l5) == 0 &&
           strcmp(diag.reason, "rollback: the checkpoint is older than one accepted before") == 0,
       "rollback: EFORK with the stored note as evidence");
    stored = res.evidence != NULL ? read_all(res.evidence, &slen) : NULL;
    ok(stored != NULL && slen == l3 && memcmp(stored, n3, l3) == 0 &&
           strstr(res.evidence, ".evidence.3.") != NULL,
       "rollback: the refused note is kept beside the state (%s)",
       res.evidence != NULL ? res.evidence : "none");
    free(stored);
    txng_vstate_result_free(&res);

    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_vstate_update(dir, txng_signer_pubkey(key), n5b, l5b, NULL, 0, &res, &diag);
    ok(err == TXNG_EFORK && res.verdict == TXNG_VSTATE_FORK &&
           strcmp(diag.reason, "fork: another tree of the size accepted before") == 0,
       "fork: same size, another root");
    stored = res.evidence != NULL ? read_all(res.evidence, &slen) : NULL;
    ok(stored != NULL && slen == l5b && memcmp(stored, n5b, l5b) == 0,
       "fork: the refused note is kept beside the state");
    free(stored);
    txng_vstate_result_free(&res);

    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_vstate_update(dir, txng_signer_pubkey(key), n9, l9, NULL, 0, &res, &diag);
    ok(err == TXNG_EPROOF && res.verdict == TXNG_VSTATE_NO_PROOF && res.old_size == 5,
       "forward without a proof: EPROOF");
    txng_vstate_result_free(&res);

    /* A proof from 5 to 9 of another tree: inconsistent. */
    {
        int v1 = 1;

        cons[0].old = 5;
        if (txng_merkle_consistency(cons[0].proof, &cons[0].n, 5, 9, source, &v1) != TXNG_OK)
            return 1;
    }
    err = txng_vstate_update(dir, txng_signer_pubkey(key), n9, l9, cons, 1, &res, NULL);
    ok(err == TXNG_EFORK && res.verdict == TXNG_VSTATE_BAD_PROOF, "bad proof: EFORK");
    txng_vstate_result_free(&res);
    stored = read_all(path, &slen);
    ok(slen == l5 && memcmp(stored, n5, l5) == 0, "refusals leave the state as it was");
    free(stored);

    cons[0].old = 2; /* a proof from another size is not used */
    cons[1].old = 5;
    if (txng_merkle_consistency(cons[0].proof, &cons[0].n, 2, 9, source, &v0) != TXNG_OK ||
        txng_merkle_consistency(cons[1].proof, &cons[1].n, 5, 9, source, &v0) != TXNG_OK)
        return 1;
    err = txng_vstate_update(dir, txng_signer_pubkey(key), n9, l9, cons, 1, &res, NULL);
    ok(err == TXNG_EPROOF, "only a proof from 2: EPROOF");
    txng_vstate_result_free(&res);
    err = txng_vstate_update(dir, txng_signer_pubkey(key), n9, l9, cons, 2, &res, NULL);
    ok(err == TXNG_OK && res.verdict == TXNG_VSTATE_FORWARD && res.old_size == 5,
       "forward with a proof from 5");
    txng_vstate_result_free(&res);
    stored = read_all(path, &slen);
    ok(slen == l9 && memcmp(stored, n9, l9) == 0, "the file now holds size 9");
    free(stored);
    ok(count_files(dir) == 4, "no temporary file left behind (the state, three pieces of evidence)");

    /* Refusals. */
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_vstate_update(dir, txng_signer_pubkey(other), n9, l9, NULL, 0, &res, &diag);
    ok(err == TXNG_EFORMAT, "a note not signed by the key: EFORMAT");
    txng_vstate_result_free(&res);
    {
        size_t lo;
        char  *no = checkpoint(other, 9, 0, &lo);

        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_vstate_update(dir, txng_signer_pubkey(other), no, lo, NULL, 0, &res, &diag);
        ok(err == TXNG_ECORRUPT &&
               strcmp(diag.reason, "the stored checkpoint is not one of this log") == 0,
           "the stored note is not signed by this key: ECORRUPT");
        txng_vstate_result_free(&res);
        free(no);
    }
    {
        FILE *f = fopen(path, "wb");

        fputs("garbage\n", f);
        fclose(f);
    }
    err = txng_vstate_update(dir, txng_signer_pubkey(key), n9, l9, NULL, 0, &res, NULL);
    ok(err == TXNG_ECORRUPT, "damaged state file: ECORRUPT");
    txng_vstate_result_free(&res);
    ok(txng_vstate_update(NULL, txng_signer_pubkey(key), n9, l9, NULL, 0, &res, NULL) ==
           TXNG_EINVAL,
       "NULL folder: EINVAL");
    ok(txng_vstate_update(dir, txng_signer_pubkey(key), n9, l9, NULL, 0, NULL, NULL) ==
           TXNG_EINVAL,
       "NULL result: EINVAL");
    {
        char file[4400];
        FILE *f;

        snprintf(file, sizeof file, "%s/plainfile", root);
        f = fopen(file, "wb");
        fclose(f);
        snprintf(file, sizeof file, "%s/plainfile/sub", root);
        err = txng_vstate_update(file, txng_signer_pubkey(key), n9, l9, NULL, 0, &res, NULL);
        ok(err == TXNG_ESYS, "a folder that cannot be made: ESYS");
        txng_vstate_result_free(&res);
        snprintf(file, sizeof file, "%s/plainfile", root);
        unlink(file);
    }

    unlink(path);
    rmdir(dir);
    snprintf(path, sizeof path, "%s/a/b", root);
    rmdir(path);
    snprintf(path, sizeof path, "%s/a", root);
    rmdir(path);
    rmdir(root);
    free(n5);
    free(n5b);
    free(n3);
    free(n9);
    txng_signer_free(key);
    txng_signer_free(other);
    return tap_done();
}
