/*
 * vstate.c - a verifier's memory: the largest checkpoint it accepted, per origin
 *
 * The stored note is checked again on every read (signature, origin), so a
 * damaged or swapped file is an error rather than a silent reset.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/vstate.h"

#define NAME_LEN (2 * TXNG_HASH_BYTES)

void
txng_vstate_result_free(txng_vstate_result *res)
{
    if (res == NULL)
        return;
    free(res->old_note);
    free(res->evidence);
    res->old_note = NULL;
    res->evidence = NULL;
}

void
txng_vstate_name(char out[NAME_LEN + 1], const char *origin)
{
    unsigned char h[TXNG_HASH_BYTES];

    txng_sha256(h, origin, strlen(origin));
    txng_hex_encode(out, h, sizeof h);
}

/* mkdir -p @p dir (mode 0700). */
static txng_err
make_dirs(const char *dir)
{
    char  *p = strdup(dir);
    size_t n;

    if (p == NULL)
        return TXNG_ENOMEM;
    n = strlen(p);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        p[i] = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            int saved = errno;

            free(p);
            errno = saved;
            return TXNG_ESYS;
        }
        if (i < n)
            p[i] = '/';
    }
    free(p);
    return TXNG_OK;
}

static char *
state_path(const char *dir, const char *origin, const char *suffix)
{
    char   name[NAME_LEN + 1];
    size_t len = strlen(dir) + 1 + NAME_LEN + strlen(suffix) + 1;
    char  *p   = malloc(len);

    if (p == NULL)
        return NULL;
    txng_vstate_name(name, origin);
    snprintf(p, len, "%s/%s%s", dir, name, suffix);
    return p;
}

/* Read the stored note, or ENOTFOUND. */
static txng_err
read_state(const char *path, char **out, size_t *out_len)
{
    FILE  *f = fopen(path, "rb");
    char  *p = NULL;
    size_t n;

    *out = NULL;
    if (f == NULL)
        return errno == ENOENT ? TXNG_ENOTFOUND : TXNG_ESYS;
    p = malloc(TXNG_NOTE_MAX + 1);
    if (p == NULL) {
        fclose(f);
        return TXNG_ENOMEM;
    }
    n = fread(p, 1, TXNG_NOTE_MAX + 1, f);
    if (ferror(f)) {
        int saved = errno;

        fclose(f);
        free(p);
        errno = saved;
        return TXNG_ESYS;
    }
    fclose(f);
    if (n > TXNG_NOTE_MAX) {
        free(p);
        return TXNG_ECORRUPT;
    }
    p[n]     = '\0';
    *out     = p;
    *out_len = n;
    return TXNG_OK;
}

/* Replace the state file (or, with a @p suffix, a file beside it) atomically. */
static txng_err
write_state(const char *dir, const char *origin, const char *suffix, const char *note,
            size_t len)
{
    char     tsuffix[96];
    char    *path, *tmp;
    int      fd   = -1, dfd = -1, saved;
    size_t   done = 0;
    txng_err err  = TXNG_ENOMEM;

    snprintf(tsuffix, sizeof tsuffix, "%s.XXXXXX", suffix);
    path = state_path(dir, origin, suffix);
    tmp  = state_path(dir, origin, tsuffix);
    if (path == NULL || tmp == NULL)
        goto out;
    err = TXNG_ESYS;
    fd  = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        tmp = NULL;
        goto out;
    }
    while (done < len) {
        ssize_t w = write(fd, note + done, len - done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            goto out;
        done += (size_t) w;
    }
    if (fsync(fd) != 0)
        goto out;
    if (close(fd) != 0) {
        fd = -1;
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto out;
    free(tmp);
    tmp = NULL;
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0)
        goto out;
    err = TXNG_OK;
out:
    saved = errno;
    if (fd >= 0)
        close(fd);
    if (dfd >= 0)
        close(dfd);
    if (tmp != NULL)
        unlink(tmp);
    free(tmp);
    free(path);
    errno = saved;
    return err;
}

/* Parse and check a signed checkpoint note. */
static txng_err
checkpoint_of(txng_checkpoint *cp, const txng_pubkey *key, const char *note, size_t len)
{
    size_t text_len;

    if (txng_note_verify(note, len, key, 1, &text_len, NULL) != TXNG_OK ||
        txng_checkpoint_parse(cp, note, text_len, NULL) != TXNG_OK)
        return TXNG_EFORMAT;
    return TXNG_OK;
}

/* Keep the refused @p note beside the state; on failure leave res->evidence NULL. */
static void
keep_evidence(const char *dir, const txng_checkpoint *cp, const char *note, size_t len,
              txng_vstate_result *res)
{
    char suffix[64];

    snprintf(suffix, sizeof suffix, ".evidence.%" PRIu64 ".%02x%02x%02x%02x", cp->size,
             cp->root[0], cp->root[1], cp->root[2], cp->root[3]);
    if (write_state(dir, cp->origin, suffix, note, len) == TXNG_OK)
        res->evidence = state_path(dir, cp->origin, suffix);
}

txng_err
txng_vstate_update(const char *dir, const txng_pubkey *key, const char *note, size_t len,
                   const txng_bundle_consistency *cons, size_t ncons, txng_vstate_result *res,
                   txng_diag *diag)
{
    txng_checkpoint cp, old;
    char           *path = NULL;
    txng_err        err;

    if (res == NULL)
        return TXNG_EINVAL;
    memset(res, 0, sizeof *res);
    if (dir == NULL || key == NULL || note == NULL)
        return TXNG_EINVAL;
    if (checkpoint_of(&cp, key, note, len) != TXNG_OK) {
        txng_diag_set(diag, TXNG_N_("not a checkpoint signed by the key"), "checkpoint");
        return TXNG_EFORMAT;
    }
    err = make_dirs(dir);
    if (err != TXNG_OK)
        return err;
    path = state_path(dir, cp.origin, "");
    if (path == NULL)
        return TXNG_ENOMEM;
    err = read_state(path, &res->old_note, &res->old_len);
    free(path);
    if (err == TXNG_ENOTFOUND) {
        res->verdict = TXNG_VSTATE_FIRST;
        return write_state(dir, cp.origin, "", note, len);
    }
    if (err != TXNG_OK)
        return err;
    if (checkpoint_of(&old, key, res->old_note, res->old_len) != TXNG_OK ||
        strcmp(old.origin, cp.origin) != 0) {
        txng_diag_set(diag, TXNG_N_("the stored checkpoint is not one of this log"), "state");
        return TXNG_ECORRUPT;
    }
    res->old_size = old.size;
    if (cp.size < old.size) {
        res->verdict = TXNG_VSTATE_ROLLBACK;
        keep_evidence(dir, &cp, note, len, res);
        txng_diag_set(diag, TXNG_N_("rollback: the checkpoint is older than one accepted before"),
                      "checkpoint");
        return TXNG_EFORK;
    }
    if (cp.size == old.size) {
        if (memcmp(cp.root, old.root, TXNG_HASH_BYTES) != 0) {
            res->verdict = TXNG_VSTATE_FORK;
            keep_evidence(dir, &cp, note, len, res);
            txng_diag_set(diag,
                          TXNG_N_("fork: another tree of the size accepted before"),
                          "checkpoint");
            return TXNG_EFORK;
        }
        res->verdict = TXNG_VSTATE_SAME;
        return TXNG_OK;
    }
    for (size_t i = 0; i < ncons; i++) {
        if (cons[i].old != old.size)
            continue;
        if (txng_merkle_verify_consistency(old.size, cp.size, old.root, cp.root,
                                           (const unsigned char(*)[TXNG_HASH_BYTES]) cons[i].proof,
                                           cons[i].n) != TXNG_OK) {
            res->verdict = TXNG_VSTATE_BAD_PROOF;
        keep_evidence(dir, &cp, note, len, res);
            txng_diag_set(diag,
                          TXNG_N_("fork: the consistency proof from the size accepted before "
                                  "does not verify"),
                          "consistency");
            return TXNG_EFORK;
        }
        res->verdict = TXNG_VSTATE_FORWARD;
        return write_state(dir, cp.origin, "", note, len);
    }
    res->verdict = TXNG_VSTATE_NO_PROOF;
    txng_diag_set(diag, TXNG_N_("no consistency proof from the size accepted before"),
                  "consistency");
    return TXNG_EPROOF;
}
