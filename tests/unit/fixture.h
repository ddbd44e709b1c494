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

#include "core/keys.h"
#include "core/log.h"

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
