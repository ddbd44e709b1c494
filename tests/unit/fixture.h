/*
 * fixture.h - helpers the unit tests of logs share: fixed keys, log folders
 *
 * Header-only, like tests/tap.h: each test program includes it once.
 */
#ifndef TXNG_TESTS_UNIT_FIXTURE_H
#define TXNG_TESTS_UNIT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include "core/keys.h"
#include "core/log.h"

/*
 * Open the LMDB environment of the log in @p dir behind the log's back and
 * begin a write transaction, for tests that damage or rewrite its databases.
 * @return 0 or an LMDB error (nothing to close then)
 */
static inline int
raw_begin(const char *dir, MDB_env **env, MDB_txn **txn)
{
    int rc = mdb_env_create(env);

    *txn = NULL;
    if (rc != 0)
        return rc;
    rc = mdb_env_set_maxdbs(*env, 8);
    if (rc == 0)
        rc = mdb_env_set_mapsize(*env, (size_t) 1 << 30);
    if (rc == 0)
        rc = mdb_env_open(*env, dir, 0, 0600);
    if (rc == 0)
        rc = mdb_txn_begin(*env, NULL, 0, txn);
    if (rc != 0) {
        mdb_env_close(*env);
        *env = NULL;
    }
    return rc;
}

/* Commit @p txn when @p rc is 0, else abort it; close @p env. @return rc or the commit's. */
static inline int
raw_end(MDB_env *env, MDB_txn *txn, int rc)
{
    if (rc == 0)
        rc = mdb_txn_commit(txn);
    else
        mdb_txn_abort(txn);
    mdb_env_close(env);
    return rc;
}

/* A key named @p name whose seed is 32 bytes of @p fill: the same key on every run. */
static inline txng_signer *
signer(const char *name, unsigned char fill)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *s = NULL;

    memset(seed, fill, sizeof seed);
    if (txng_signer_from_seed(&s, name, seed) != TXNG_OK)
        abort();
    return s;
}

/* Remove the log folder @p dir made by txng_log_create() (its three files, then the folder). */
static inline void
remove_log(const char *dir)
{
    static const char *const files[] = { "data.mdb", "lock.mdb", TXNG_LOG_KEY_FILE };
    char                     p[4200];

    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

#endif /* TXNG_TESTS_UNIT_FIXTURE_H */
