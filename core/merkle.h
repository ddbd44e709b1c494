/*
 * merkle.h - RFC 6962 Merkle tree heads and proofs
 *
 * The tree is read through a callback that returns the hash of a complete
 * (perfect) subtree: level L, index i covers leaves [i * 2^L, (i+1) * 2^L).
 * Level 0 is the leaf hashes. With such a source, a root, an inclusion
 * proof or a consistency proof costs O(log n) lookups. Verification follows
 * the steps of RFC 9162 §2.1.3.2 and §2.1.4.2 and needs no source.
 */
#ifndef TXNG_CORE_MERKLE_H
#define TXNG_CORE_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hash.h"

/** Most hashes in any proof for a tree of at most 2^64 - 1 leaves. */
#define TXNG_MERKLE_MAX_PROOF 64

/** Source of complete subtree hashes; returns TXNG_OK or the error to pass on. */
typedef txng_err (*txng_merkle_source)(void *ctx, unsigned level, uint64_t index,
                                       unsigned char out[TXNG_HASH_BYTES]);

/**
 * Root of the first @p size leaves (SHA-256 of nothing for size 0).
 * @return TXNG_OK or the source's error.
 */
TXNG_MUST_CHECK txng_err txng_merkle_root(unsigned char out[TXNG_HASH_BYTES], uint64_t size,
                                          txng_merkle_source src, void *ctx);

/**
 * Inclusion proof of leaf @p index in the tree of @p size leaves.
 * @param[out] proof  room for TXNG_MERKLE_MAX_PROOF hashes
 * @param[out] n      number of hashes written
 * @return TXNG_OK, TXNG_EINVAL (index >= size), or the source's error.
 */
TXNG_MUST_CHECK txng_err txng_merkle_inclusion(unsigned char (*proof)[TXNG_HASH_BYTES], size_t *n,
                                               uint64_t index, uint64_t size,
                                               txng_merkle_source src, void *ctx);

/**
 * Consistency proof from size @p old to size @p size.
 * @return TXNG_OK, TXNG_EINVAL (old > size, or a proof longer than
 *         TXNG_MERKLE_MAX_PROOF, possible only above 2^63 leaves), or the
 *         source's error. old == 0 or old == size give an empty proof.
 */
TXNG_MUST_CHECK txng_err txng_merkle_consistency(unsigned char (*proof)[TXNG_HASH_BYTES],
                                                 size_t *n, uint64_t old, uint64_t size,
                                                 txng_merkle_source src, void *ctx);

/**
 * RFC 9162 §2.1.3.2: check that @p leaf is leaf @p index of the tree of
 * @p size leaves with root @p root.
 * @return TXNG_OK or TXNG_EPROOF.
 */
TXNG_MUST_CHECK txng_err txng_merkle_verify_inclusion(const unsigned char leaf[TXNG_HASH_BYTES],
                                                      uint64_t index, uint64_t size,
                                                      const unsigned char (*proof)[TXNG_HASH_BYTES],
                                                      size_t n,
                                                      const unsigned char root[TXNG_HASH_BYTES]);

/**
 * RFC 9162 §2.1.4.2: check that the tree of @p old leaves with root
 * @p old_root is a prefix of the tree of @p size leaves with root @p root.
 * old == size needs an empty proof and equal roots. old == 0 is refused, as
 * in RFC 9162: every tree is consistent with the empty one, so a client that
 * has seen nothing has nothing to check.
 * @return TXNG_OK or TXNG_EPROOF.
 */
TXNG_MUST_CHECK txng_err txng_merkle_verify_consistency(
    uint64_t old, uint64_t size, const unsigned char old_root[TXNG_HASH_BYTES],
    const unsigned char root[TXNG_HASH_BYTES], const unsigned char (*proof)[TXNG_HASH_BYTES],
    size_t n);

/**
 * A compact range: the right border of a growing tree (one hash per set bit
 * of its size), enough to append leaves and compute the root in O(log n)
 * memory. Used to rebuild roots while reading a log front to back.
 */
typedef struct txng_merkle_range {
    uint64_t      size;
    unsigned char hashes[64][TXNG_HASH_BYTES]; /**< hashes[l] valid when bit l of size is set */
} txng_merkle_range;

/** Empty range. */
void txng_merkle_range_init(txng_merkle_range *r);

/**
 * Append one leaf hash. @p on_node, if not NULL, is called for each complete
 * subtree the append finishes (level >= 0, index), leaf included.
 */
void txng_merkle_range_push(txng_merkle_range *r, const unsigned char leaf[TXNG_HASH_BYTES],
                            void (*on_node)(void *ctx, unsigned level, uint64_t index,
                                            const unsigned char hash[TXNG_HASH_BYTES]),
                            void *ctx);

/**
 * Append a complete subtree of 2^@p level leaves with root @p hash, as if
 * its leaves were pushed one by one; the range's size must be a multiple of
 * 2^@p level. Used to fold the gap hashes of a bundle. Addition to the
 * header contract.
 * @return TXNG_OK, TXNG_EINVAL (size not aligned, level above 62, overflow).
 */
TXNG_MUST_CHECK txng_err txng_merkle_range_push_subtree(txng_merkle_range *r, unsigned level,
                                                        const unsigned char hash[TXNG_HASH_BYTES]);

/** Root of the tree the range covers. */
void txng_merkle_range_root(const txng_merkle_range *r, unsigned char out[TXNG_HASH_BYTES]);

#endif /* TXNG_CORE_MERKLE_H */
