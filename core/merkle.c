/*
 * merkle.c - RFC 6962 Merkle tree heads and proofs
 *
 * Every hash a root or a proof needs is MTH(D[a:b]) for a range whose start
 * a is a multiple of the smallest power of two >= b - a: the RFC's recursion
 * only ever splits a tree at the largest power of two below its size, so
 * each right part starts on such a boundary. A range of that shape is the
 * complete subtrees given by the set bits of its size, largest first,
 * folded from the right (range_hash). Proof generation walks the RFC's
 * recursion top-down in a loop; once the walk takes a left branch, the size
 * is a power of two and every further sibling is one complete subtree, so a
 * proof costs at most about 2 * 64 source lookups.
 *
 * The verifiers follow RFC 9162 §2.1.3.2 and §2.1.4.2 step by step, with the
 * step numbers in comments, so that they can be read against the RFC.
 */
#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "core/merkle.h"

/* A consistency proof can be one hash longer than the deepest path: 65 for
 * sizes above 2^63 + 1. It is built here and refused if it does not fit. */
#define WORK_MAX (TXNG_MERKLE_MAX_PROOF + 1)

/* Largest power of two strictly below @p n (n >= 2). */
static uint64_t
split_point(uint64_t n)
{
    assert(n >= 2);
    return UINT64_C(1) << (63 - __builtin_clzll(n - 1));
}

/* True if @p n is a power of two (n > 0). */
static bool
is_pow2(uint64_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

/* MTH(D[start:start+len]) for len >= 1 and start aligned as described at the
 * top: the complete subtrees of the set bits of len, folded right to left. */
static txng_err
range_hash(unsigned char out[TXNG_HASH_BYTES], uint64_t start, uint64_t len, txng_merkle_source src,
           void *ctx)
{
    unsigned char sub[TXNG_HASH_BYTES];
    uint64_t      end   = start + len;
    bool          first = true;
    txng_err      err   = TXNG_OK;

    assert(len >= 1);
    for (unsigned level = 0; level < 64; level++) {
        uint64_t width = UINT64_C(1) << level;

        if (!(len & width)) {
            continue;
        }
        end -= width;
        assert(end % width == 0);
        if (first) {
            err   = src(ctx, level, end >> level, out);
            first = false;
        } else {
            err = src(ctx, level, end >> level, sub);
            if (err == TXNG_OK) {
                txng_hash_node(out, sub, out);
            }
        }
        if (err != TXNG_OK) {
            break;
        }
    }
    return err;
}

/* Hash of the complete subtree D[start:start+width], width a power of two. */
static txng_err
subtree_hash(unsigned char out[TXNG_HASH_BYTES], uint64_t start, uint64_t width,
             txng_merkle_source src, void *ctx)
{
    unsigned level = (unsigned) __builtin_ctzll(width);

    assert(is_pow2(width) && start % width == 0);
    return src(ctx, level, start >> level, out);
}

/* Copy @p n hashes from @p work into @p proof in reverse order: the walks
 * collect them from the root down, proofs list them from the leaf up. */
static void
reverse_into(unsigned char (*proof)[TXNG_HASH_BYTES], const unsigned char (*work)[TXNG_HASH_BYTES],
             size_t n)
{
    for (size_t i = 0; i < n; i++) {
        memcpy(proof[i], work[n - 1 - i], TXNG_HASH_BYTES);
    }
}

txng_err
txng_merkle_root(unsigned char out[TXNG_HASH_BYTES], uint64_t size, txng_merkle_source src,
                 void *ctx)
{
    if (size == 0) {
        txng_sha256(out, "", 0);
        return TXNG_OK;
    }
    return range_hash(out, 0, size, src, ctx);
}

txng_err
txng_merkle_inclusion(unsigned char (*proof)[TXNG_HASH_BYTES], size_t *n, uint64_t index,
                      uint64_t size, txng_merkle_source src, void *ctx)
{
    unsigned char work[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    uint64_t      off   = 0;
    size_t        count = 0;
    txng_err      err   = TXNG_OK;

    *n = 0;
    if (index >= size) {
        return TXNG_EINVAL;
    }
    /* PATH(m, D[off:off+size]) with m = index - off, unrolled. */
    while (size > 1) {
        uint64_t k = split_point(size);

        assert(count < TXNG_MERKLE_MAX_PROOF);
        if (index - off < k) {
            err  = range_hash(work[count], off + k, size - k, src, ctx);
            size = k;
        } else {
            err = subtree_hash(work[count], off, k, src, ctx);
            off += k;
            size -= k;
        }
        if (err != TXNG_OK) {
            goto out;
        }
        count++;
    }
    reverse_into(proof, (const unsigned char(*)[TXNG_HASH_BYTES]) work, count);
    *n = count;
out:
    return err;
}

txng_err
txng_merkle_consistency(unsigned char (*proof)[TXNG_HASH_BYTES], size_t *n, uint64_t old,
                        uint64_t size, txng_merkle_source src, void *ctx)
{
    unsigned char work[WORK_MAX][TXNG_HASH_BYTES];
    uint64_t      off   = 0;
    size_t        count = 0;
    bool          whole = true; /* the RFC's b: old is still the whole left tree */
    txng_err      err   = TXNG_OK;

    *n = 0;
    if (old > size) {
        return TXNG_EINVAL;
    }
    if (old == 0 || old == size) {
        return TXNG_OK;
    }
    /* SUBPROOF(m, D[off:off+size], whole) with m = old - off, unrolled. */
    while (old - off != size) {
        uint64_t k = split_point(size);

        assert(count < WORK_MAX);
        if (old - off <= k) {
            err  = range_hash(work[count], off + k, size - k, src, ctx);
            size = k;
        } else {
            err = subtree_hash(work[count], off, k, src, ctx);
            off += k;
            size -= k;
            whole = false;
        }
        if (err != TXNG_OK) {
            goto out;
        }
        count++;
    }
    if (!whole) {
        if (count == WORK_MAX) {
            err = TXNG_EINVAL;
            goto out;
        }
        err = range_hash(work[count], off, size, src, ctx);
        if (err != TXNG_OK) {
            goto out;
        }
        count++;
    }
    if (count > TXNG_MERKLE_MAX_PROOF) {
        err = TXNG_EINVAL;
        goto out;
    }
    reverse_into(proof, (const unsigned char(*)[TXNG_HASH_BYTES]) work, count);
    *n = count;
out:
    return err;
}

txng_err
txng_merkle_verify_inclusion(const unsigned char leaf[TXNG_HASH_BYTES], uint64_t index,
                             uint64_t size, const unsigned char (*proof)[TXNG_HASH_BYTES], size_t n,
                             const unsigned char root[TXNG_HASH_BYTES])
{
    unsigned char r[TXNG_HASH_BYTES];
    uint64_t      fn, sn;

    /* 1. */
    if (index >= size) {
        return TXNG_EPROOF;
    }
    /* 2., 3. */
    fn = index;
    sn = size - 1;
    memcpy(r, leaf, TXNG_HASH_BYTES);
    /* 4. */
    for (size_t i = 0; i < n; i++) {
        /* a. */
        if (sn == 0) {
            return TXNG_EPROOF;
        }
        /* b. */
        if ((fn & 1) || fn == sn) {
            txng_hash_node(r, proof[i], r);
            while (!(fn & 1) && fn != 0) { /* ii. */
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            txng_hash_node(r, r, proof[i]);
        }
        /* c. */
        fn >>= 1;
        sn >>= 1;
    }
    /* 5. */
    if (sn != 0 || memcmp(r, root, TXNG_HASH_BYTES) != 0) {
        return TXNG_EPROOF;
    }
    return TXNG_OK;
}

txng_err
txng_merkle_verify_consistency(uint64_t old, uint64_t size,
                               const unsigned char old_root[TXNG_HASH_BYTES],
                               const unsigned char root[TXNG_HASH_BYTES],
                               const unsigned char (*proof)[TXNG_HASH_BYTES], size_t n)
{
    const unsigned char *first;
    unsigned char        fr[TXNG_HASH_BYTES], sr[TXNG_HASH_BYTES];
    uint64_t             fn, sn;
    size_t               i;

    /* Edge rules of transparency-dev/merkle; the RFC assumes 0 < old < size. */
    if (old > size || old == 0) {
        return TXNG_EPROOF;
    }
    if (old == size) {
        if (n != 0 || memcmp(old_root, root, TXNG_HASH_BYTES) != 0) {
            return TXNG_EPROOF;
        }
        return TXNG_OK;
    }
    /* 1. */
    if (n == 0) {
        return TXNG_EPROOF;
    }
    /* 2. Prepending old_root is done by reading it as the first value. */
    if (is_pow2(old)) {
        first = old_root;
        i     = 0;
    } else {
        first = proof[0];
        i     = 1;
    }
    /* 3. */
    fn = old - 1;
    sn = size - 1;
    /* 4. */
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    /* 5. */
    memcpy(fr, first, TXNG_HASH_BYTES);
    memcpy(sr, first, TXNG_HASH_BYTES);
    /* 6. */
    for (; i < n; i++) {
        const unsigned char *c = proof[i];

        /* a. */
        if (sn == 0) {
            return TXNG_EPROOF;
        }
        /* b. */
        if ((fn & 1) || fn == sn) {
            txng_hash_node(fr, c, fr);
            txng_hash_node(sr, c, sr);
            while (!(fn & 1) && fn != 0) { /* ii. */
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            txng_hash_node(sr, sr, c);
        }
        /* c. */
        fn >>= 1;
        sn >>= 1;
    }
    /* 7. */
    if (memcmp(fr, old_root, TXNG_HASH_BYTES) != 0 || memcmp(sr, root, TXNG_HASH_BYTES) != 0 ||
        sn != 0) {
        return TXNG_EPROOF;
    }
    return TXNG_OK;
}

void
txng_merkle_range_init(txng_merkle_range *r)
{
    memset(r, 0, sizeof(*r));
}

void
txng_merkle_range_push(txng_merkle_range *r, const unsigned char leaf[TXNG_HASH_BYTES],
                       void (*on_node)(void *ctx, unsigned level, uint64_t index,
                                       const unsigned char hash[TXNG_HASH_BYTES]),
                       void *ctx)
{
    unsigned char h[TXNG_HASH_BYTES];
    uint64_t      size  = r->size;
    unsigned      level = 0;

    assert(size != UINT64_MAX);
    if (size == UINT64_MAX) {
        return; /* the tree is full; hashes[64] does not exist */
    }
    memcpy(h, leaf, TXNG_HASH_BYTES);
    if (on_node) {
        on_node(ctx, 0, size, h);
    }
    /* Each set low bit of size is a complete subtree that the new one joins. */
    while (level < 64 && (size & (UINT64_C(1) << level))) {
        txng_hash_node(h, r->hashes[level], h);
        level++;
        if (on_node) {
            on_node(ctx, level, size >> level, h);
        }
    }
    memcpy(r->hashes[level], h, TXNG_HASH_BYTES);
    r->size = size + 1;
}

void
txng_merkle_range_root(const txng_merkle_range *r, unsigned char out[TXNG_HASH_BYTES])
{
    bool first = true;

    if (r->size == 0) {
        txng_sha256(out, "", 0);
        return;
    }
    for (unsigned level = 0; level < 64; level++) {
        if (!(r->size & (UINT64_C(1) << level))) {
            continue;
        }
        if (first) {
            memcpy(out, r->hashes[level], TXNG_HASH_BYTES);
            first = false;
        } else {
            txng_hash_node(out, r->hashes[level], out);
        }
    }
}

txng_err
txng_merkle_range_push_subtree(txng_merkle_range *r, unsigned level,
                               const unsigned char hash[TXNG_HASH_BYTES])
{
    unsigned char h[TXNG_HASH_BYTES];
    uint64_t      size = r->size;

    if (level > 62 || (size & ((UINT64_C(1) << level) - 1)) != 0 ||
        size > UINT64_MAX - (UINT64_C(1) << level))
        return TXNG_EINVAL;
    memcpy(h, hash, TXNG_HASH_BYTES);
    r->size = size + (UINT64_C(1) << level);
    /* As txng_merkle_range_push(), starting at @p level: size has no lower bits set. */
    while (level < 63 && (size & (UINT64_C(1) << level))) {
        txng_hash_node(h, r->hashes[level], h);
        level++;
    }
    memcpy(r->hashes[level], h, TXNG_HASH_BYTES);
    return TXNG_OK;
}
