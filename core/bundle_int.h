/*
 * bundle_int.h - what bundle.c (the format) lends bundle_import.c (private to core/)
 *
 * Small helpers both use; a walk over a log's records (the range selection,
 * the check of a log's imports); the key state of one log replayed by
 * position, which the bundle verifier and the check of imported records both
 * keep; and the records and subtree hashes of a bundle txng_bundle_verify()
 * has accepted, which an import turns into inclusion proofs.
 */
#ifndef TXNG_CORE_BUNDLE_INT_H
#define TXNG_CORE_BUNDLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "core/bundle.h"
#include "core/record.h"

/*
 * Short names: this header is included by core/bundle.c and core/bundle_import.c only.
 */

/** Decode one base64 hash of exactly TXNG_HASH_B64_LEN characters. */
static inline bool
hash_b64(const char *p, size_t len, unsigned char out[TXNG_HASH_BYTES])
{
    size_t n;

    return len == TXNG_HASH_B64_LEN &&
           txng_b64_decode(out, TXNG_HASH_BYTES, &n, p, len) == TXNG_OK && n == TXNG_HASH_BYTES;
}

/** A growing list of record indexes. Zero it; free(v) when done. */
typedef struct txng_bundle_u64s {
    uint64_t *v;
    size_t    n, cap;
} txng_bundle_u64s;

/** Append @p x. @return TXNG_OK, TXNG_ENOMEM. */
TXNG_MUST_CHECK txng_err txng_bundle_u64s_add(txng_bundle_u64s *s, uint64_t x);

/** Sort the @p n indexes @p v ascending and drop repeats; @return how many are left. */
size_t txng_bundle_u64_unique(uint64_t *v, size_t n);

/** The keys of one log, replayed from its key records (few: a linear table). Zero it. */
typedef struct txng_bundle_keys {
    txng_key_info *v;
    size_t         n, cap;
} txng_bundle_keys;

/** Add @p info (copied). @return TXNG_OK, TXNG_ENOMEM. */
TXNG_MUST_CHECK txng_err txng_bundle_keys_add(txng_bundle_keys *ks, const txng_key_info *info);

/**
 * The key that signature key reference @p ref of record @p index names, as
 * it stood at that position, into @p out.
 * @return TXNG_OK, TXNG_EFORMAT (@p ref is not NAME+KEYID), TXNG_EBADSIG
 *         (unknown, or enrolled at or after @p index), TXNG_EPERM (revoked
 *         before @p index); @p diag gets the reason once, with the field
 *         @p prefix ‖ @p j ‖ @p suffix (written only then: this runs for
 *         every signature of a bundle).
 */
TXNG_MUST_CHECK txng_err txng_bundle_keys_resolve(const txng_bundle_keys *ks, const char *ref,
                                                  uint64_t index, txng_key_info *out,
                                                  txng_diag *diag, const char *prefix, size_t j,
                                                  const char *suffix);

/** txng_keystate_get_fn over a txng_bundle_keys (@p ctx). */
TXNG_MUST_CHECK txng_err txng_bundle_keys_get(void *ctx, const char *name, txng_key_info *out);

/** txng_keystate_put_fn over a txng_bundle_keys (@p ctx). */
TXNG_MUST_CHECK txng_err txng_bundle_keys_put(void *ctx, const txng_key_info *info);

/**
 * Call @p fn with each record of @p log in order, in one read transaction,
 * leaving out those whose stored bytes do not contain @p needle (when not
 * NULL); stops at the first error and passes it on.
 * @return TXNG_OK, TXNG_ECORRUPT (a record does not decode), TXNG_ENOMEM,
 *         a storage error, or the error @p fn returned.
 */
TXNG_MUST_CHECK txng_err txng_bundle_each_record(txng_log *log, const char *needle,
                                                 txng_err (*fn)(void *ctx,
                                                                const txng_record *rec),
                                                 void *ctx);

/** One record block of a bundle: borrowed from the bundle text. */
typedef struct txng_bundle_rec {
    uint64_t    index;
    const char *bytes;
    size_t      len;
} txng_bundle_rec;

/** Hashes of complete subtrees known from a bundle. Zero it; release with free(v). */
typedef struct txng_bundle_tree {
    struct txng_bundle_node *v;
    size_t                   n, cap;
} txng_bundle_tree;

/**
 * The record blocks of bundle @p p (@p len bytes, accepted by
 * txng_bundle_verify() with checkpoint size @p size), in order, and into
 * @p tree every subtree hash they and the gap hashes give.
 * @param[out] recs  malloc'd (free()), pointing into @p p; NULL on failure
 * @return TXNG_OK, TXNG_ECORRUPT (not the layout verify accepted), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_bundle_walk(const char *p, size_t len, uint64_t size,
                                          txng_bundle_tree *tree, txng_bundle_rec **recs,
                                          size_t *nrecs);

/** txng_merkle node callback over a txng_bundle_tree (@p ctx): TXNG_ECORRUPT when unknown. */
TXNG_MUST_CHECK txng_err txng_bundle_tree_get(void *ctx, unsigned level, uint64_t index,
                                              unsigned char out[TXNG_HASH_BYTES]);

#endif /* TXNG_CORE_BUNDLE_INT_H */
