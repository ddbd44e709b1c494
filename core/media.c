/*
 * media.c - product images kept beside the log, addressed by their SHA-256
 *
 * The environment is the folder "media" in the log folder, opened with the
 * same map-size fallbacks as the log (core/store.c); its main database maps
 * SHA-256 -> image bytes. It is not part of the signed log: losing it loses
 * pictures, never evidence, and a tampered image no longer matches the hash
 * its product record signs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/media.h"
#include "core/store.h"

#define SUBDIR "media"

struct txng_media {
    txng_store st; /* only st.env is used */
    MDB_dbi    dbi;
    bool       rdonly;
};

const char *
txng_media_type(const void *data, size_t len)
{
    const unsigned char *p = data;

    if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
        return "image/jpeg";
    if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
        return "image/webp";
    return NULL;
}

txng_err
txng_media_check(const void *data, size_t len, txng_diag *diag)
{
    if (len == 0) {
        txng_diag_set(diag, TXNG_N_("the image file is empty"), "image");
        return TXNG_EFORMAT;
    }
    if (len > TXNG_MEDIA_MAX) {
        txng_diag_set(diag, TXNG_N_("image larger than 2 MiB"), "image");
        return TXNG_EFORMAT;
    }
    if (txng_media_type(data, len) == NULL) {
        txng_diag_set(diag, TXNG_N_("not a PNG, JPEG or WebP image"), "image");
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

txng_err
txng_media_open(txng_media **out, const char *logdir, bool rdonly)
{
    txng_media *m = NULL;
    MDB_txn    *txn = NULL;
    char       *path = NULL;
    size_t      plen = strlen(logdir) + sizeof "/" SUBDIR;
    txng_err    err;
    int         rc;

    *out = NULL;
    if ((m = calloc(1, sizeof *m)) == NULL || (path = malloc(plen)) == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    snprintf(path, plen, "%s/%s", logdir, SUBDIR);
    m->rdonly = rdonly;
    if (!rdonly && mkdir(path, 0700) != 0 && errno != EEXIST) {
        err = TXNG_ESYS;
        goto out;
    }
    if (rdonly) {
        struct stat st;

        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            err = errno == ENOENT || errno == 0 ? TXNG_ENOTFOUND : TXNG_ESYS;
            goto out;
        }
    }
    /* the store's nosync flag is off: a kept image is durable before the record names it */
    if ((err = txng_store_open(&m->st, path, rdonly, false)) != TXNG_OK)
        goto out;
    rc = mdb_txn_begin(m->st.env, NULL, rdonly ? MDB_RDONLY : 0, &txn);
    if (rc == MDB_SUCCESS)
        rc = mdb_dbi_open(txn, NULL, 0, &m->dbi);
    if (rc == MDB_SUCCESS)
        rc = mdb_txn_commit(txn);
    else
        mdb_txn_abort(txn);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    *out = m;
    m    = NULL;
out:
    txng_media_close(m);
    free(path);
    return err;
}

void
txng_media_close(txng_media *m)
{
    if (m == NULL)
        return;
    txng_store_close(&m->st);
    free(m);
}

txng_err
txng_media_put(txng_media *m, const void *data, size_t len, unsigned char hash[TXNG_HASH_BYTES],
               bool *added, txng_diag *diag)
{
    MDB_txn *txn = NULL;
    MDB_val  k, v;
    txng_err err;
    int      rc;

    if (added != NULL)
        *added = false;
    if ((err = txng_media_check(data, len, diag)) != TXNG_OK)
        return err;
    txng_sha256(hash, data, len);
    if (m->rdonly)
        return TXNG_EPERM;
    k.mv_data = hash;
    k.mv_size = TXNG_HASH_BYTES;
    v.mv_data = (void *) (uintptr_t) data;
    v.mv_size = len;
    if ((err = txng_store_wtxn_begin(m->st.env, &txn)) != TXNG_OK)
        return err;
    rc = mdb_put(txn, m->dbi, &k, &v, MDB_NOOVERWRITE);
    if (rc == MDB_KEYEXIST) {
        mdb_txn_abort(txn);
        return TXNG_OK;
    }
    if (rc != MDB_SUCCESS) {
        mdb_txn_abort(txn);
        return txng_store_from_mdb(rc);
    }
    if ((rc = mdb_txn_commit(txn)) != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    if (added != NULL)
        *added = true;
    return TXNG_OK;
}

txng_err
txng_media_remove(txng_media *m, const unsigned char hash[TXNG_HASH_BYTES])
{
    MDB_txn *txn = NULL;
    MDB_val  k = { TXNG_HASH_BYTES, (void *) (uintptr_t) hash };
    txng_err err;
    int      rc;

    if (m->rdonly)
        return TXNG_EPERM;
    if ((err = txng_store_wtxn_begin(m->st.env, &txn)) != TXNG_OK)
        return err;
    rc = mdb_del(txn, m->dbi, &k, NULL);
    if (rc == MDB_NOTFOUND) {
        mdb_txn_abort(txn);
        return TXNG_OK;
    }
    if (rc != MDB_SUCCESS) {
        mdb_txn_abort(txn);
        return txng_store_from_mdb(rc);
    }
    return txng_store_from_mdb(mdb_txn_commit(txn));
}

txng_err
txng_media_get(txng_media *m, const unsigned char hash[TXNG_HASH_BYTES], unsigned char **out,
               size_t *len, const char **type)
{
    MDB_txn      *txn = NULL;
    MDB_val       k = { TXNG_HASH_BYTES, (void *) (uintptr_t) hash }, v;
    unsigned char h[TXNG_HASH_BYTES];
    txng_err      err = TXNG_OK;
    int           rc;

    *out = NULL;
    *len = 0;
    if ((rc = mdb_txn_begin(m->st.env, NULL, MDB_RDONLY, &txn)) != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    rc = mdb_get(txn, m->dbi, &k, &v);
    if (rc == MDB_NOTFOUND) {
        err = TXNG_ENOTFOUND;
        goto out;
    }
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    txng_sha256(h, v.mv_data, v.mv_size);
    if (memcmp(h, hash, sizeof h) != 0) {
        err = TXNG_ECORRUPT;
        goto out;
    }
    if ((*out = malloc(v.mv_size > 0 ? v.mv_size : 1)) == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    memcpy(*out, v.mv_data, v.mv_size);
    *len = v.mv_size;
    if (type != NULL)
        *type = txng_media_type(*out, *len);
out:
    mdb_txn_abort(txn);
    return err;
}

txng_err
txng_media_list(txng_media *m, txng_err (*fn)(void *ctx, const txng_media_item *item), void *ctx)
{
    MDB_txn    *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val     k, v;
    txng_err    err = TXNG_OK;
    int         rc;

    if ((rc = mdb_txn_begin(m->st.env, NULL, MDB_RDONLY, &txn)) != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    if ((rc = mdb_cursor_open(txn, m->dbi, &cur)) != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        txng_media_item it;

        if (k.mv_size != TXNG_HASH_BYTES) {
            err = TXNG_ECORRUPT;
            goto out;
        }
        memcpy(it.hash, k.mv_data, TXNG_HASH_BYTES);
        it.len  = v.mv_size;
        it.type = txng_media_type(v.mv_data, v.mv_size);
        if ((err = fn(ctx, &it)) != TXNG_OK)
            goto out;
    }
    if (rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
out:
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return err;
}
