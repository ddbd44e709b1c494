/*
 * tiles.h - the log as C2SP tlog-tiles: level tiles, entry bundles, checkpoint
 *
 * c2sp.org/tlog-tiles serves a Merkle tree as static files under a prefix:
 * "checkpoint" (the signed note), "tile/<L>/<N>" (256 hashes of 32 bytes; at
 * level L, hash i of tile N is the root of the complete subtree of 256^L
 * leaves starting at leaf (N * 256 + i) * 256^L, so level 0 holds the leaf
 * hashes) and "tile/entries/<N>" (the 256 records N * 256 .. N * 256 + 255,
 * each as a 2-byte big-endian length and the record bytes). <N> is written in
 * groups of three digits, all but the last prefixed with 'x' (1234067 is
 * "x001/x234/067"). A tile that is not full (the right edge of a tree whose
 * size is not a multiple of 256^(L+1)) has ".p/<W>" appended, W being its
 * width 1..255. A full tile never changes; a partial tile of a given width
 * never changes either, because the tree only grows.
 *
 * In a txng log the level-L tile hashes are the `nodes` of binary level 8L,
 * so a tile is one cursor scan; entries are the canonical record bytes.
 *
 * txng_tiles_read() returns any file of the layout for a tree size (for an
 * HTTP resolver serving /tile/... from the log), txng_tiles_write() keeps a
 * folder up to date incrementally, and txng_tiles_verify() checks a copy
 * fetched through a callback with nothing but the log's verifier key.
 *
 * Threads: the functions taking a log use it as log.h says (one thread per
 * handle); the others are pure.
 */
#ifndef TXNG_CORE_TILES_H
#define TXNG_CORE_TILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/merkle.h"
#include "core/note.h"

/** Hashes (tile) or entries (bundle) in a full tile. */
#define TXNG_TILE_WIDTH      256
/** Bytes of a full level tile. */
#define TXNG_TILE_BYTES      (TXNG_TILE_WIDTH * TXNG_HASH_BYTES)
/** Longest record an entry bundle can carry (the length prefix is 2 bytes). */
#define TXNG_TILE_ENTRY_MAX  65535u
/** Longest entry bundle: 256 entries of the longest length. */
#define TXNG_TILE_BUNDLE_MAX ((size_t) TXNG_TILE_WIDTH * (2 + TXNG_TILE_ENTRY_MAX))
/** Room for a tile path with its NUL ("tile/entries/x018/.../615.p/255"). */
#define TXNG_TILE_PATH_MAX   64
/** Level value of an entry bundle in a txng_tile. */
#define TXNG_TILE_ENTRIES    (-1)
/** Most tile levels of a tree of at most 2^64 - 1 leaves (levels 0..7). */
#define TXNG_TILE_LEVELS     8

/** One file of the layout other than the checkpoint. */
typedef struct txng_tile {
    int      level; /**< 0..7 for hash tiles, TXNG_TILE_ENTRIES for an entry bundle */
    uint64_t index; /**< N */
    unsigned width; /**< 1..256; 256 is a full tile (no ".p/W") */
} txng_tile;

/** Write the path of @p t ("tile/0/x001/234.p/17", no leading '/') into @p out. */
void txng_tile_path(char out[TXNG_TILE_PATH_MAX], const txng_tile *t);

/**
 * Parse a tile path as txng_tile_path() writes it (and as the spec allows:
 * no leading zeros in L or W, exactly three digits per group, level 0..63).
 * @return TXNG_OK or TXNG_EFORMAT.
 */
TXNG_MUST_CHECK txng_err txng_tile_parse(txng_tile *out, const char *path, size_t len);

/**
 * The tiles of level @p level (0..7; entry bundles are as level 0) in the tree
 * of @p size leaves: @p full full tiles (indexes 0 .. full - 1) and, when
 * @p partial is not 0, one partial tile of that width at index @p full.
 */
void txng_tiles_at_level(uint64_t size, unsigned level, uint64_t *full, unsigned *partial);

/** Number of levels that have a tile in the tree of @p size leaves (0 for 0). */
unsigned txng_tiles_levels(uint64_t size);

/**
 * The bytes of the file at @p path (@p len bytes, "checkpoint" or a tile
 * path, without a leading '/') as the layout for the tree of @p size records
 * holds it; @p size 0 means the newest checkpoint's size. A tile is served
 * when the tree of @p size determines it (a partial tile of a smaller width
 * than the edge's is served too: it is what an older checkpoint needs).
 * "checkpoint" is the signed note stored for @p size.
 *
 * @param[out] out  malloc'd bytes (free()); NULL on failure
 * @return TXNG_OK, or
 *         TXNG_EFORMAT    @p path is not "checkpoint" or a tile path;
 *         TXNG_ENOTFOUND  the tile lies beyond the tree of @p size, or no
 *                         checkpoint is stored for @p size;
 *         TXNG_EFULL      a record of the bundle is longer than 65535 bytes;
 *         TXNG_ECORRUPT   the log's nodes or records are missing or damaged;
 *         TXNG_ENOMEM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_tiles_read(txng_log *log, uint64_t size, const char *path,
                                         size_t len, unsigned char **out, size_t *out_len);

/** Flags of txng_tiles_write(). */
enum txng_tiles_flags {
    TXNG_TILES_NOSYNC = 1u << 0, /**< do not sync the folder before the checkpoint (benchmarks) */
    TXNG_TILES_CHECK  = 1u << 1, /**< also rebuild every tile and compare its bytes */
};

/** What txng_tiles_write() did. */
typedef struct txng_tiles_stats {
    uint64_t old_size; /**< size of the folder's checkpoint before, 0 if none */
    uint64_t size;     /**< size of the checkpoint written */
    uint64_t files;    /**< tiles and bundles written (the checkpoint not counted) */
    uint64_t bytes;    /**< their bytes */
    uint64_t removed;  /**< partial tiles removed because the full tile now exists */
    uint64_t repaired; /**< tiles of the old size rewritten: missing, of the wrong size or
                            (TXNG_TILES_CHECK) of the wrong bytes; also counted in files */
} txng_tiles_stats;

/**
 * Bring the folder @p dir (created if missing) up to the newest checkpoint of
 * @p log. The size already there is read from dir/checkpoint (which must be
 * signed by the log key and agree with the log at its size); only the full
 * tiles past it and the partial tiles of the new edge are written. Each file
 * is written to a temporary name and renamed; the folder is synced
 * (syncfs) and the checkpoint is written last, so a reader never sees a
 * checkpoint whose tiles are missing, even after a crash. Partial tiles
 * whose full tile has been written are removed after the checkpoint.
 *
 * Every run also checks the tiles the folder should hold already (those of
 * the old size that the new one keeps): a missing file, a hash tile whose
 * length is not 32 bytes a hash, or an entry bundle shorter than 2 bytes an
 * entry is written again and counted in stats->repaired. This costs one
 * stat() a tile. With TXNG_TILES_CHECK each such tile is also rebuilt from
 * the log and compared byte for byte (reading the whole log), and one that
 * differs is written again.
 *
 * @param[in] flags     zero or more of enum txng_tiles_flags, OR-ed
 * @param[in] progress  may be NULL; called with records covered so far
 * @param[out] stats    may be NULL
 * @param[out] diag     on refusal of the folder: field "checkpoint" and reason
 * @return TXNG_OK, or
 *         TXNG_EEXIST   dir/checkpoint is from another log (origin);
 *         TXNG_EFORMAT  dir/checkpoint is not a signed checkpoint;
 *         TXNG_EBADSIG  dir/checkpoint is not signed by the log key;
 *         TXNG_EFORK    dir/checkpoint is larger than the log or has another root;
 *         TXNG_EFULL    a record is longer than 65535 bytes (diag has its index);
 *         TXNG_ECORRUPT, TXNG_ENOMEM, TXNG_ESYS (errno says which; diag->field
 *         names the file when there is one).
 */
TXNG_MUST_CHECK txng_err txng_tiles_write(txng_log *log, const char *dir, unsigned flags,
                                          txng_progress_fn progress, void *progress_ctx,
                                          txng_tiles_stats *stats, txng_diag *diag);

/**
 * Fetch the file at @p path (relative to the tiles prefix, e.g. "checkpoint",
 * "tile/0/000") into malloc'd @p out. Return TXNG_OK, TXNG_ENOTFOUND when the
 * source has no such file, TXNG_EFULL when it is longer than @p max bytes, or
 * any other code to stop the verification (which passes it on).
 */
typedef txng_err (*txng_tiles_fetch_fn)(void *ctx, const char *path, size_t max,
                                        unsigned char **out, size_t *out_len);

/** What txng_tiles_verify() checked. */
typedef struct txng_tiles_result {
    txng_checkpoint cp;       /**< the verified checkpoint */
    char           *note;     /**< its signed note, malloc'd (free()); NULL on failure */
    size_t          note_len;
    uint64_t        tiles;    /**< level tiles and bundles fetched and checked */
    uint64_t        keys;     /**< keys enrolled by the records (the log key included) */
} txng_tiles_result;

/**
 * Verify a tiles copy of a log with only its verifier key @p key: the
 * checkpoint's origin (it must be the key's name) and signature
 * (txng_checkpoint_key_check(), then txng_note_verify()), then every
 * entry bundle in order (record bytes canonical, index, prev link, the
 * genesis naming @p key, every signature by a key enrolled before and not
 * revoked, enrolments and revocations signed by the log key or an admin, as
 * txng_log_verify() does), every level tile against the hashes recomputed
 * from the entries, and the root against the checkpoint. Memory is bounded
 * by one bundle (its bytes and its records decoded) and one tile per level,
 * plus the key table. The signatures of each bundle are checked on all cores
 * (the calling thread and up to 7 more); the failure reported is still the
 * first in record order. @p fetch is only called from the calling thread.
 *
 * @param[out] res   may be NULL; free res->note
 * @param[out] diag  on failure: field = the file concerned ("tile/0/x001/234",
 *                   "checkpoint") or the record's field, has_index/index for a
 *                   record, and the reason ("missing", "does not match the
 *                   entries", ...)
 * @return TXNG_OK, or
 *         TXNG_ENOTFOUND  a file is missing (reason "missing");
 *         TXNG_EFORMAT    a file is malformed (length, bundle framing, a
 *                         record not canonical, a bad checkpoint);
 *         TXNG_EBADSIG    the checkpoint or a record signature does not verify,
 *                         or a record is signed by an unknown key;
 *         TXNG_EPERM      a signature by a revoked key, an enrolment not by an
 *                         admin;
 *         TXNG_EEXIST     an enrolment of a name already taken, a revocation
 *                         of a revoked key;
 *         TXNG_ECHAIN     an index, prev link, tile or the root does not match;
 *         TXNG_EFULL      the source returned a file larger than allowed;
 *         TXNG_ENOMEM, or the fetch callback's own error.
 */
TXNG_MUST_CHECK txng_err txng_tiles_verify(const txng_pubkey *key, txng_tiles_fetch_fn fetch,
                                           void *fetch_ctx, txng_progress_fn progress,
                                           void *progress_ctx, txng_tiles_result *res,
                                           txng_diag *diag);

/**
 * txng_tiles_verify(), and also the RFC 6962 consistency proof from the tree
 * of its first @p old leaves to the verified one, built from the subtree
 * hashes recomputed from the entries (for the verifier state, core/vstate.h:
 * the tiles carry no proof, the verifier makes one from what it checked).
 * When @p old is 0 or not smaller than the checkpoint's size, *@p nproof is 0.
 *
 * @param[out] proof   room for TXNG_MERKLE_MAX_PROOF hashes
 * @param[out] nproof  number of hashes written
 * @return as txng_tiles_verify().
 */
TXNG_MUST_CHECK txng_err txng_tiles_verify_from(const txng_pubkey *key,
                                                txng_tiles_fetch_fn fetch, void *fetch_ctx,
                                                txng_progress_fn progress, void *progress_ctx,
                                                uint64_t old,
                                                unsigned char (*proof)[TXNG_HASH_BYTES],
                                                size_t *nproof, txng_tiles_result *res,
                                                txng_diag *diag);

#endif /* TXNG_CORE_TILES_H */
