/*
 * store.h - the LMDB environment under a log (internal to core/)
 *
 * One environment per log directory with six named databases (docs/format.md,
 * "Storage"). Every key is big-endian so that cursor order is index order and
 * MDB_APPEND works: LMDB returns MDB_KEYEXIST for an append of a key that does
 * not sort after the last one. LMDB types stay inside core/: no public header
 * includes this file.
 */
#ifndef TXNG_CORE_STORE_H
#define TXNG_CORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lmdb.h>

#include "core/error.h"

/** Value of meta "version". Version 1 lacked the signature entries of `ids` (role 'G')
 *  and filed imports differently; version 2 keyed signatures without the event's time;
 *  version 3 lacked the certificate and GI stamp entries (roles 'Q' and 'T').
 *  txng_log_open() rebuilds `ids` of such a log. */
#define TXNG_STORE_VERSION 4
/** Length of a `nodes` key: level byte, then the big-endian index. */
#define TXNG_STORE_NODE_KEY 9
/** Fixed part of a `keys` value: id, public key, enrolment index, revocation index. */
#define TXNG_STORE_KEYVAL_FIXED (4 + 32 + 8 + 8)
/** Revocation index of a key that is not revoked. */
#define TXNG_STORE_NOT_REVOKED UINT64_MAX
/** Length of an `ids` value: the 8-byte big-endian record index, then the role byte. */
#define TXNG_STORE_IDS_VAL 9

/** See txng_log_fault_is_damage() (log.h). Async-signal-safe. */
bool txng_store_map_holds(const void *addr, const void *pc, const char **dir);

/** See txng_log_set_damage_hook() (log.h). */
void txng_store_set_damage_hook(void (*hook)(const char *dir, const char *what));

/** An open environment and its databases. */
typedef struct txng_store {
    MDB_env  *env;
    uintptr_t map_start, map_end; /* the file map (from /proc/self/maps); 0 when not known */
    MDB_dbi  meta, records, nodes, keys, checkpoints;
    MDB_dbi  ids; /* MDB_DUPSORT | MDB_DUPFIXED: identifier -> index ‖ role, see core/index.h */
} txng_store;

/**
 * Drop the pages of [@p lo, @p hi) of @p s's file map from the resident set
 * (MADV_DONTNEED; they stay in the page cache), clamped to the map: nothing
 * outside it, and nothing when the map's place is not known.
 */
void txng_store_drop_pages(const txng_store *s, uintptr_t lo, uintptr_t hi);

/** The one mapping from LMDB result codes (and errno values) to txng_err; sets errno for ESYS. */
txng_err txng_store_from_mdb(int rc);

/**
 * Open the environment in directory @p dir (data.mdb and lock.mdb inside).
 * The map is as large as the address space allows (1 TiB on 64-bit systems,
 * smaller when the system refuses to reserve that much).
 * @return TXNG_OK, TXNG_ESYS, TXNG_EVERSION, TXNG_ECORRUPT (also: data.mdb
 *         ends before the last page its newest meta page names), TXNG_ENOMEM.
 */
txng_err txng_store_open(txng_store *s, const char *dir, bool rdonly, bool nosync);

/**
 * Copy the LMDB environment in directory @p src into directory @p dst (which
 * must exist and hold no data.mdb): a consistent snapshot, taken in one read
 * transaction of an environment opened read-only here, so writers in other
 * processes go on meanwhile; page for page, free pages too (MDB_CP_COMPACT
 * would walk the trees, and a damaged page would lead that walk outside the
 * map: the copy is verified afterwards, which reports the damage). The
 * copy's data.mdb is fsync'd. @p src must not be open elsewhere in this
 * process (LMDB's rule for one environment).
 * @return TXNG_OK, TXNG_EEXIST (@p dst/data.mdb exists), or as txng_store_open()
 *         and TXNG_ESYS (errno set) for the copy itself.
 */
txng_err txng_store_copy(const char *src, const char *dst);

/**
 * Open the six databases inside @p txn (creating them with @p create). The
 * handles stay valid once @p txn commits.
 * @return TXNG_OK, TXNG_ECORRUPT (a database is missing), TXNG_ESYS, TXNG_EFULL.
 */
txng_err txng_store_dbis(txng_store *s, MDB_txn *txn, bool create);

/**
 * Begin a write transaction in @p env (a log's, or any other txng LMDB
 * environment) and check that it starts from the newest commit.
 * LMDB numbers a write transaction from the shared lock file (one past the
 * last commit recorded there) and reads the meta page of that parity, while
 * the newest commit is the meta page with the larger id. The two disagree
 * only when lock.mdb was reset under live handles (an open that failed after
 * becoming the first opener while another process waited to attach: see
 * store.c); such a transaction would start from an old snapshot and its
 * commit would replace later ones. The writer mutex is held from
 * mdb_txn_begin() on, so neither can move meanwhile.
 * @return TXNG_OK, TXNG_ESYS (errno EIO: out of step; nothing begun), or an
 *         LMDB error.
 */
txng_err txng_store_wtxn_begin(MDB_env *env, MDB_txn **txn);

/** Close the environment. Accepts a store that was never opened. */
void txng_store_close(txng_store *s);

/** Number of records: last key of `records` plus one, or 0 when empty. */
txng_err txng_store_size(const txng_store *s, MDB_txn *txn, uint64_t *size);

/**
 * The newest checkpoint in @p txn: its size into *@p size and its note (in
 * the map, valid while @p txn lives) into *@p note.
 * @return TXNG_OK, TXNG_ENOTFOUND (no checkpoint), TXNG_ECORRUPT (a key that
 *         is not 8 bytes), or an LMDB error.
 */
TXNG_MUST_CHECK txng_err txng_store_newest_checkpoint(const txng_store *s, MDB_txn *txn,
                                                      uint64_t *size, MDB_val *note);

/* The log's handle is opaque outside log.c; core/trace.c reads through these. */
struct txng_log;

/**
 * Begin (renew) the log's read transaction and lend its store; end it with
 * txng_log_read_end() before any other call on @p log. Implemented in log.c.
 * @return TXNG_OK, TXNG_EFULL (no reader slot), TXNG_ESYS.
 */
txng_err txng_log_read_begin(struct txng_log *log, const txng_store **st, MDB_txn **txn);

/** End the read transaction begun by txng_log_read_begin(). */
void txng_log_read_end(struct txng_log *log);

static inline void
txng_be64_store(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char) (v & 0xff);
        v >>= 8;
    }
}

static inline uint64_t
txng_be64_load(const unsigned char *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static inline void
txng_be32_store(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char) (v >> 24);
    p[1] = (unsigned char) (v >> 16);
    p[2] = (unsigned char) (v >> 8);
    p[3] = (unsigned char) v;
}

static inline uint32_t
txng_be32_load(const unsigned char *p)
{
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

/** The `nodes` key of subtree (@p level, @p index). */
static inline void
txng_node_key(unsigned char key[TXNG_STORE_NODE_KEY], unsigned level, uint64_t index)
{
    key[0] = (unsigned char) level;
    txng_be64_store(key + 1, index);
}

/** The nodes database of @p st read in @p txn: a Merkle source (core/merkle.h). */
typedef struct txng_store_nodes {
    const txng_store *st;
    MDB_txn          *txn;
} txng_store_nodes;

/**
 * txng_merkle_source over a txng_store_nodes: the stored hash of subtree
 * (@p level, @p index).
 * @return TXNG_OK, TXNG_ECORRUPT (missing or not 32 bytes), or an LMDB error.
 */
txng_err txng_store_node_get(void *ctx, unsigned level, uint64_t index, unsigned char out[32]);

#endif /* TXNG_CORE_STORE_H */
