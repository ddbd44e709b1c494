/*
 * bundle.h - signed bundles: a selection of a log's records, checkable offline
 *
 * A bundle (docs/format.md, "Bundles") is one text file read and written
 * front to back: a header naming the origin, the selection, the
 * checkpoint size and, for a unit or a lot, the lineage sources; the log's
 * signed checkpoint note; optional consistency proofs from older sizes; the
 * selected records in leaf order, each gap between them covered by the
 * hashes of the maximal aligned subtrees that tile it; an "end" line hashing
 * everything before it (and saying "signed" when an exporter line follows);
 * and optionally an exporter's signature. Folding the record leaves and gap hashes left to
 * right gives the root of the checkpoint, so the file is one multi-leaf
 * inclusion proof. Record 0 and every key enrolment and revocation record
 * are always included, so signatures are checked against the key state at
 * their position, as txng_log_verify() does.
 *
 * Threads: txng_bundle_verify() checks signatures on several threads of its
 * own; its callbacks are called on the calling thread only.
 */
#ifndef TXNG_CORE_BUNDLE_H
#define TXNG_CORE_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/note.h"
#include "core/record.h"

/** First line of a bundle, without its LF. */
#define TXNG_BUNDLE_MAGIC "txng-bundle@v1"
/** Longest line of a bundle outside record bytes, LF included. */
#define TXNG_BUNDLE_LINE_MAX (1u << 20)
/** PAE payload type of the exporter signature. */
#define TXNG_BUNDLE_PAYLOAD_TYPE "application/vnd.txng.bundle"

/** What a bundle selects. */
enum txng_bundle_kind {
    TXNG_BUNDLE_ALL   = 0, /**< every record */
    TXNG_BUNDLE_UNIT  = 1, /**< the lineage of one identifier */
    TXNG_BUNDLE_LOT   = 2, /**< the lineage of a lot */
    TXNG_BUNDLE_RANGE = 3, /**< events whose eventTime lies in [from, to] */
    TXNG_BUNDLE_INDEX = 4, /**< an explicit list of record indexes */
};

/** A selection. Strings and arrays are borrowed for the call. */
typedef struct txng_bundle_sel {
    enum txng_bundle_kind kind;
    const char           *id;   /**< UNIT, LOT: the identifier, canonical (core/gs1) */
    /** RANGE: RFC 3339 date "YYYY-MM-DD" or date-time with an offset. A date-time
     *  is an instant; a date is a calendar day as each event reads it: the date
     *  part of its eventTime, in its own offset, is on or after @p from */
    const char           *from;
    const char           *to; /**< RANGE: as @p from; a date: on or before it */
    const uint64_t       *idx;  /**< INDEX: record indexes, any order, duplicates allowed */
    size_t                nidx;
} txng_bundle_sel;

/**
 * The record indexes of selection @p sel, increasing and without
 * duplicates: for UNIT and LOT the closure of core/trace back and forward
 * from the identifier, plus the back trace of every input of the events
 * found forward (so that every input consumed by a selected event that the
 * log produces is produced by a selected event); for RANGE the events whose
 * eventTime lies in the range (txng_bundle_sel: a date bound compares the
 * event's own local date); for INDEX the list; for ALL every record.
 * Record 0 and every key enrolment and revocation record are always added.
 *
 * @param[out] idx   malloc'd array (free()); NULL on failure
 * @param[out] diag  on refusal: reason and field
 * @return TXNG_OK, TXNG_EINVAL (bad @p sel: missing id, bad range, index past
 *         the end with diag), TXNG_ENOTFOUND (no record names the id; no
 *         event in the range), TXNG_ECORRUPT, TXNG_ENOMEM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_bundle_select(txng_log *log, const txng_bundle_sel *sel,
                                            uint64_t **idx, size_t *n, txng_diag *diag);

/** Output callback: write @p len bytes; return TXNG_OK or the error to pass on. */
typedef txng_err (*txng_bundle_write_fn)(void *ctx, const void *data, size_t len);

/** Options of txng_bundle_write(). */
typedef struct txng_bundle_wopts {
    const uint64_t    *consistency_from; /**< older sizes to prove consistency from */
    size_t             nconsistency;
    const txng_signer *exporter; /**< signs the "exporter" line when not NULL */
    uint64_t           records;  /**< out: record blocks written */
    uint64_t           size;     /**< out: the checkpoint size */
} txng_bundle_wopts;

/**
 * Write the bundle of selection @p sel (its kind and argument go into the
 * "select" line) with records @p idx[0..n) (increasing, from
 * txng_bundle_select(); NULL with kind ALL means every record) to @p write,
 * in one read snapshot of the log: the newest checkpoint is taken once and
 * indexes at or past its size are dropped; record 0 and the key records of
 * the snapshot are merged in. @p opts (may be NULL) also says how many
 * records were written, and the checkpoint size.
 *
 * A UNIT or LOT bundle declares its lineage sources in "source" lines:
 * the identifiers its records consume, and the selected one, that none of
 * them makes. With an exporter the "end" line says "signed" and the
 * exporter line follows. The exporter may be any key: one the log enrolled
 * and has not revoked is checked by a verifier from the bundle's key records
 * alone; any other (an auditor's own key, a revoked key) needs the
 * verifier to give it (txng_bundle_vopts.exporter).
 *
 * @return TXNG_OK, TXNG_EINVAL (indexes not increasing, a consistency size of
 *         0 or past the checkpoint, a NULL argument), TXNG_ENOTFOUND (the
 *         log has no checkpoint), TXNG_ECORRUPT, TXNG_ENOMEM, TXNG_ESYS, or
 *         the error @p write returned.
 */
TXNG_MUST_CHECK txng_err txng_bundle_write(txng_log *log, const txng_bundle_sel *sel,
                                           const uint64_t *idx, size_t n,
                                           txng_bundle_wopts *opts,
                                           txng_bundle_write_fn write, void *ctx);

/**
 * Input callback: read up to @p cap bytes into @p buf; *got = 0 at the end.
 * Return TXNG_OK or the error to pass on.
 */
typedef txng_err (*txng_bundle_read_fn)(void *ctx, void *buf, size_t cap, size_t *got);

/**
 * Witness policy hook: return TXNG_OK when the signed checkpoint @p note
 * satisfies it (e.g. txng_witness_check() with k of n keys), else the error.
 */
typedef txng_err (*txng_bundle_witness_fn)(void *ctx, const char *note, size_t len,
                                           txng_diag *diag);

/** Options of txng_bundle_verify(). */
typedef struct txng_bundle_vopts {
    const txng_pubkey     *exporter; /**< when not NULL the "exporter" line must verify with it */
    txng_bundle_witness_fn witness;  /**< called with the checkpoint note when not NULL */
    void                  *witness_ctx;
    unsigned               threads; /**< signature-checking threads; 0 = one per core */
} txng_bundle_vopts;

/** One "consistency" block of a bundle. */
typedef struct txng_bundle_consistency {
    uint64_t      old;
    size_t        n;
    unsigned char proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
} txng_bundle_consistency;

/** Most lineage sources txng_bundle_verify() names in its result. */
#define TXNG_BUNDLE_SOURCE_IDS 4

/** What txng_bundle_verify() found. Release with txng_bundle_result_free(). */
typedef struct txng_bundle_result {
    char                     origin[TXNG_ORIGIN_MAX + 1];
    enum txng_bundle_kind    kind;
    char                     select[TXNG_ORIGIN_MAX + 1]; /**< argument; cut to 252 bytes and
                                                                "..." when longer than 255 */
    uint64_t                 size;    /**< checkpoint size */
    unsigned char            root[TXNG_HASH_BYTES];
    uint64_t                 records; /**< record blocks */
    uint64_t                 hashes;  /**< gap hashes */
    uint64_t                 keys;    /**< keys in the key state at the end */
    uint64_t                 sources; /**< UNIT, LOT: the declared "source" lines */
    char                    *note;    /**< the signed checkpoint note (malloc'd) */
    size_t                   note_len;
    txng_bundle_consistency *cons; /**< malloc'd, ncons blocks, increasing old */
    size_t                   ncons;
    bool                     exported; /**< an exporter line was present */
    bool                     exporter_verified; /**< and its signature was checked */
    char                     exporter[TXNG_KEYREF_MAX];
    /** UNIT, LOT: the first declared sources in byte order (strcmp), at most
     *  TXNG_BUNDLE_SOURCE_IDS of them, each malloc'd; nsource_ids < sources
     *  when some are left out. */
    char                    *source_ids[TXNG_BUNDLE_SOURCE_IDS];
    size_t                   nsource_ids;
} txng_bundle_result;

/** Free what @p res holds (not @p res itself). NULL is accepted. */
void txng_bundle_result_free(txng_bundle_result *res);

/**
 * Read a bundle from @p read and check all of it in bounded memory (the
 * compact range, the key state, the lineage sets of UNIT and LOT bundles,
 * and one batch of records): the strict layout; the checkpoint note's
 * origin (that of @p trusted, checked first) and signature by @p trusted
 * (txng_checkpoint_key_check() names a key of another log, or another key of
 * the same name); each record's canonical form, index and prev link (when
 * the previous record is in the bundle); each
 * signature against the key state of the bundle's key records by position;
 * the fold of leaves and gap hashes against the checkpoint root; consistency
 * blocks; the "end" hash; the exporter line, present exactly when the "end"
 * line says "signed" (required when @p opts->exporter is given, and then
 * verified with it, whatever the bundle's key records say of that key;
 * otherwise its key must be enrolled by the bundle's key records and not
 * revoked by them); lineage: a UNIT or LOT bundle names its identifier, and
 * every input and the identifier itself is made by a bundled event or
 * declared in a "source" line (which @p res reports); an ALL bundle has no
 * gaps. The first failure wins.
 *
 * @param[in]  trusted  the log's verifier key
 * @param[in]  opts     may be NULL
 * @param[out] res      on TXNG_OK what was found; partly filled (origin,
 *                      note) on failure; free with txng_bundle_result_free()
 * @param[out] diag     line (1-based line of the bundle), index (record),
 *                      field and reason of the first failure
 * @return TXNG_OK, TXNG_EFORMAT (layout, truncation, non-canonical record),
 *         TXNG_EBADSIG (checkpoint, record or exporter signature; unknown
 *         checkpoint or exporter key), TXNG_EPERM (signed by a revoked key,
 *         exporter key revoked and not given in @p opts, enrolment not by the log key or an admin),
 *         TXNG_ECHAIN (index order, prev link, root, gaps in an ALL bundle,
 *         lineage incomplete: diag field names the identifier), TXNG_EPROOF (a consistency proof),
 *         TXNG_ENOTFOUND (lineage: the identifier is in no record), TXNG_ENOMEM,
 *         or the error a callback returned.
 */
TXNG_MUST_CHECK txng_err txng_bundle_verify(txng_bundle_read_fn read, void *ctx,
                                            const txng_pubkey *trusted,
                                            const txng_bundle_vopts *opts,
                                            txng_bundle_result *res, txng_diag *diag);

/**
 * A bundle held in memory, read through txng_bundle_mem_read(): set @p p and
 * @p len, and @p pos to 0. The bytes are borrowed and must outlive the reads.
 */
typedef struct txng_bundle_mem {
    const char *p;
    size_t      len;
    size_t      pos; /**< bytes handed out so far */
} txng_bundle_mem;

/**
 * txng_bundle_read_fn over a txng_bundle_mem (@p ctx): copies the next
 * bytes, up to @p cap, into @p buf; *got = 0 once all were read. Implemented
 * in core/bundle_import.c.
 * @return TXNG_OK (it cannot fail).
 */
TXNG_MUST_CHECK txng_err txng_bundle_mem_read(void *ctx, void *buf, size_t cap, size_t *got);

/**
 * The records of the bundle @p data (@p len bytes, the very bytes
 * txng_bundle_verify() accepted, with checkpoint size @p size), decoded, in
 * the bundle's order (increasing index): what was verified is what is read.
 * For one unit's or lot's lineage, or a small log, held in memory whole.
 * Implemented in core/bundle_import.c.
 *
 * @param[out] out  malloc'd array of @p *n records, each its own; release with
 *                  txng_bundle_records_free(); NULL on failure or without records
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_ECORRUPT (not the layout
 *         txng_bundle_verify() accepts, or a record that does not decode),
 *         TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_bundle_records(txng_record ***out, size_t *n, const void *data,
                                             size_t len, uint64_t size);

/** Free @p n records from txng_bundle_records() and the array. NULL is accepted. */
void txng_bundle_records_free(txng_record **recs, size_t n);

/** Event types of imports (docs/format.md, "Import"). */
#define TXNG_TYPE_IMPORT   "txng:Import"
#define TXNG_TYPE_IMPORTED "txng:Imported"

/** What txng_bundle_import() did. */
typedef struct txng_bundle_import_result {
    uint64_t size;     /**< upstream checkpoint size */
    uint64_t added;    /**< Imported records appended */
    uint64_t skipped;  /**< records imported before, left out */
    uint64_t first;    /**< index of the txng:Import record when added > 0 */
    /** On TXNG_EFORK and TXNG_EPROOF, the evidence: the signed checkpoint of the
     *  earlier import it conflicts with (its size), and the bundle's note; each
     *  malloc'd and NUL-terminated, NULL otherwise. Free with
     *  txng_bundle_import_result_free(). */
    char    *prior;
    size_t   prior_len;
    uint64_t prior_size;
    char    *note;
    size_t   note_len;
} txng_bundle_import_result;

/** Free the evidence notes @p res holds (not @p res itself). NULL is accepted. */
void txng_bundle_import_result_free(txng_bundle_import_result *res);

/**
 * Verify the bundle @p data (as txng_bundle_verify() with @p upstream) and
 * append, in one batch signed by @p actor, a txng:Import record and one
 * txng:Imported record per upstream non-genesis record not imported before
 * (same origin and upstream index), each with its RFC 6962 inclusion proof
 * against the bundle's checkpoint. Nothing is appended on any failure, nor
 * when every record was imported before. Earlier imports are found through
 * the log's `ids` database (core/index.h, roles 'M' and 'U'), not by
 * reading the log; the lookup and the append are made under the log's
 * writer lock (txng_log_lock()). Implemented in core/bundle_import.c.
 *
 * Before anything is appended, the bundle's checkpoint is compared with
 * the checkpoint of every earlier txng:Import of the same origin: the same
 * size with another root is a fork; a larger earlier size is refused (a
 * bundle proves consistency from older sizes only); the largest smaller
 * earlier size needs the bundle's "consistency" block from it, and that
 * proof must verify. So a forked upstream is never imported as "imported
 * before". On these refusals @p res keeps both signed notes.
 *
 * @return as txng_bundle_verify() and txng_log_append_as(); TXNG_EEXIST
 *         when the bundle's origin is this log's own; TXNG_ESYS when the
 *         writer lock cannot be taken; TXNG_ECORRUPT when a record the
 *         index leads to cannot be read; TXNG_EFORK (a fork, a rollback, a
 *         consistency proof that fails) and TXNG_EPROOF (no consistency block
 *         from the earlier size) with the evidence in @p res.
 */
TXNG_MUST_CHECK txng_err txng_bundle_import(txng_log *log, const txng_signer *logkey,
                                            const txng_signer *actor, const void *data,
                                            size_t len, const txng_pubkey *upstream,
                                            int64_t now, txng_bundle_import_result *res,
                                            txng_diag *diag);

/** Imports of one origin found by txng_bundle_check_imports(). */
typedef struct txng_bundle_origin {
    char     origin[TXNG_ORIGIN_MAX + 1];
    uint64_t records; /**< txng:Imported records */
    uint64_t size;    /**< largest upstream checkpoint size */
} txng_bundle_origin;

/**
 * Check every txng:Import and txng:Imported record of @p log: the Import's
 * checkpoint signed by its key, origin and key agreeing; each Imported's
 * import index naming an earlier Import, its record's inclusion proof
 * against that checkpoint, and the upstream signatures against the upstream
 * key state the imported enrolments and revocations give, by position.
 * The records are found through the import keys of `ids`: call it after
 * txng_log_verify() has checked that index against the records.
 *
 * @param[out] out  malloc'd array of origins in first-import order (free());
 *                  NULL when there are none
 * @param[out] diag has_index/index of the first bad record, field, reason
 * @return TXNG_OK, TXNG_EFORMAT, TXNG_EBADSIG, TXNG_EPROOF, TXNG_EPERM,
 *         TXNG_ECORRUPT, TXNG_ENOMEM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_bundle_check_imports(txng_log *log, txng_bundle_origin **out,
                                                   size_t *n, txng_diag *diag);

#endif /* TXNG_CORE_BUNDLE_H */
