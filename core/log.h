/*
 * log.h - the append-only, hash-chained, Merkle-checkpointed event log
 *
 * A log lives in one directory: an LMDB environment (data.mdb, lock.mdb)
 * and the log's secret key file (log.key). Record 0 is the genesis, naming
 * the origin and the log's verifier key, signed by the log key. Every later
 * record holds one signed event; its signatures must come from keys enrolled
 * by earlier records and not revoked before it. After each append
 * transaction the log signs a C2SP checkpoint with the log key and stores it
 * in the same transaction, after checking it is consistent with the last.
 *
 * Writer lock. Every append takes the log's writer lock (txng_log_lock()):
 * an exclusive flock(2) on the log's data.mdb, honoured by every process
 * that writes the log. A writer that checks the log's state before it
 * appends (core/rules.h, core/claim.h) takes the lock itself around the
 * check and the append, so no other writer appends in between. Read-only
 * handles and reads never take it.
 *
 * Threads: a handle is used by one thread at a time. txng_log_lock() may
 * be called on one handle from several threads at once and lets one in at a
 * time, so threads that use a shared handle only while they hold its writer
 * lock need no lock of their own. Processes: any number may open the same
 * log; appends are serialised by the writer lock (and by LMDB's).
 */
#ifndef TXNG_CORE_LOG_H
#define TXNG_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/merkle.h"
#include "core/note.h"

/** An open log. */
typedef struct txng_log txng_log;

/** File name of the log key inside the log directory. */
#define TXNG_LOG_KEY_FILE "log.key"
/** File name, inside the log directory, that carries the writer lock (txng_log_lock()). */
#define TXNG_LOG_LOCK_FILE "data.mdb"

/**
 * Records are kept in the order of their "recorded" times. An append whose
 * time is earlier than the newest record's by at most this many seconds (a
 * clock stepped back) is recorded at the newest record's time instead; by more,
 * it is refused.
 */
#define TXNG_LOG_CLOCK_SLACK 600

enum txng_log_flags {
    TXNG_LOG_RDONLY = 1u << 0, /**< never write; appends return TXNG_EPERM */
    TXNG_LOG_NOSYNC = 1u << 1, /**< do not fsync each commit (benchmarks, bulk loads) */
};

/**
 * Create a new log in @p dir (created if missing; must not hold a log):
 * writes the genesis record and the first checkpoint.
 *
 * @param[in] origin   the log's origin, e.g. "htx-samngoclinh.vn/log"
 * @param[in] logkey   the log key; its name must equal @p origin
 * @param[in] keyfile  the log key file text to store as log.key (mode 0600)
 * @param[in] now      time of the genesis, seconds since the epoch
 * @return TXNG_OK, TXNG_EEXIST (a log is already there), TXNG_EINVAL (bad
 *         origin or key name), TXNG_ESYS, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_create(txng_log **out, const char *dir, const char *origin,
                                         const txng_signer *logkey, const char *keyfile,
                                         size_t keyfile_len, int64_t now);

/**
 * Open the log in @p dir.
 * @return TXNG_OK, TXNG_ENOTFOUND (no such directory, or no log in it),
 *         TXNG_EVERSION, TXNG_ECORRUPT (genesis or metadata damaged), TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_log_open(txng_log **out, const char *dir, unsigned flags);

/** Close @p log. NULL is accepted. */
void txng_log_close(txng_log *log);

/**
 * LMDB keeps no checksums: a page damaged on disk can break its invariants,
 * and it then abort()s. Set @p hook to be called first, with the log folder
 * and LMDB's description; it should not return (a command line prints that
 * the file is damaged and exits). NULL restores the plain abort().
 * Process-wide; set it before opening logs.
 */
void txng_log_set_damage_hook(void (*hook)(const char *dir, const char *what));

/**
 * Whether a SIGBUS or SIGSEGV at address @p addr, raised by the instruction at
 * @p pc (NULL if not known), comes from a damaged or cut data.mdb of a log
 * open in this process, and which folder (into *@p dir when not NULL): the
 * address lies in a log's file map, or a log is being opened, or the
 * instruction is LMDB's while a log is open. Async-signal-safe.
 */
bool txng_log_fault_is_damage(const void *addr, const void *pc, const char **dir);

/** The origin; valid while @p log is open. */
const char *txng_log_origin(const txng_log *log);

/** The log's public key from the genesis; valid while @p log is open. */
const txng_pubkey *txng_log_pubkey(const txng_log *log);

/**
 * Read the stored log key file (for the caller to decrypt).
 * @param[out] out  malloc'd bytes (free(); wipe first)
 * @return TXNG_OK, TXNG_ENOTFOUND, TXNG_ESYS, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_keyfile(const txng_log *log, char **out, size_t *out_len);

/** Number of records (the size of the newest checkpoint). */
TXNG_MUST_CHECK txng_err txng_log_size(txng_log *log, uint64_t *size);

/**
 * Take the log's writer lock, waiting for it as long as another process or
 * handle holds it. While it is held no other handle, in this process or
 * another, appends to the log, and every read on @p log sees every record
 * appended before txng_log_lock() returned: reads begin a new LMDB snapshot
 * each call, none is kept from before.
 *
 * Held per handle and re-entrant: the thread holding it may take it again
 * (txng_log_append() does), and releases it with as many txng_log_unlock()
 * calls; another thread taking it on the same handle waits. It is an
 * exclusive flock(2) on DIR/data.mdb through a descriptor opened for the
 * purpose (close-on-exec) and closed when the lock is released, so the
 * kernel releases it when the process ends, however it ends; a process
 * forked while it is held shares it until both have released or ended.
 * LMDB locks lock.mdb, never data.mdb, so this lock and LMDB's do not meet.
 *
 * Hold it only for a check and the append it guards: never across a
 * passphrase prompt, a network request (a witness) or any other wait for
 * the outside world, which would stop every writer of the log. A thread
 * that holds it on one handle must not append through another handle of
 * the same log: that append would wait for this lock forever.
 *
 * On a handle opened with TXNG_LOG_RDONLY it takes nothing and returns
 * TXNG_OK: such a handle never appends, and a log on read-only media must
 * stay readable.
 *
 * @param[out] diag  on failure: field TXNG_LOG_LOCK_FILE, reason; may be NULL
 * @return TXNG_OK, TXNG_EINVAL (NULL @p log), TXNG_ESYS (data.mdb cannot
 *         be opened or locked; errno says why).
 */
TXNG_MUST_CHECK txng_err txng_log_lock(txng_log *log, txng_diag *diag);

/**
 * Release the writer lock taken by txng_log_lock() on @p log, once per
 * successful txng_log_lock(), by the thread that took it. The lock itself
 * is let go at the last release. NULL is accepted; so is a read-only handle.
 */
void txng_log_unlock(txng_log *log);

/**
 * Append @p n signed events (see record.h) in one transaction, check them,
 * then sign and store a checkpoint. All or nothing. Takes the writer lock
 * (txng_log_lock()) for the transaction; a lock that cannot be taken is
 * TXNG_ESYS with diag field TXNG_LOG_LOCK_FILE. A transaction that would
 * not start from the newest commit (LMDB's lock.mdb reset under live
 * handles, see core/store.h) is TXNG_ESYS with errno EIO and diag field
 * "lock.mdb", and writes nothing.
 *
 * Each event must pass txng_signed_event_check(); each signature must be by a
 * key enrolled earlier (in the log or earlier in this batch) and not revoked,
 * and must verify. KeyEnrol events must be signed by the log key or an
 * enrolled key with role "admin", and enrol a name not yet taken; KeyRevoke
 * events likewise, naming an enrolled key.
 *
 * @param[in]  logkey  the log key (signs the checkpoint); must match the genesis
 * @param[in]  now     the "recorded" time of the new records, not earlier than the
 *                     newest record's (see TXNG_LOG_CLOCK_SLACK)
 * @param[out] first   if not NULL, the index of the first new record
 * @param[out] diag    on refusal: line = 1-based position in the batch, field, reason
 * @return TXNG_OK, TXNG_EFORMAT, TXNG_EBADSIG (signature fails or key unknown),
 *         TXNG_EPERM (key revoked, not allowed to enrol, read-only log, log key
 *         mismatch), TXNG_EEXIST (name taken), TXNG_EINVAL (@p now before the
 *         newest record's time by more than TXNG_LOG_CLOCK_SLACK; diag field
 *         "recorded", its value the newest record's time), TXNG_EFULL, TXNG_ESYS,
 *         TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_append(txng_log *log, const txng_signer *logkey,
                                         json_t *const *events, size_t n, int64_t now,
                                         uint64_t *first, txng_diag *diag);

/**
 * Sign @p n bare events (objects with a "type", see txng_event_check()) with
 * @p actor and append them like txng_log_append() in one transaction: the
 * records carry exactly one signature each, by @p actor, and are the same
 * bytes txng_log_append() stores for the same events signed with
 * txng_event_sign() at the same @p now. The signatures made here are not
 * verified again; @p actor's enrolment is checked once per batch (and again
 * after a revocation in the batch). Large batches are signed on all cores.
 * Addition to the header contract, for bulk loads and the benchmarks.
 *
 * @param[in]  logkey  the log key (signs the checkpoint); must match the genesis
 * @param[in]  actor   an enrolled, unrevoked key; borrowed
 * @param[in]  events  @p n bare events; borrowed, not modified
 * @param[out] first   if not NULL, the index of the first new record
 * @param[out] diag    on refusal: line = 1-based position in the batch, field, reason
 * @return TXNG_OK, TXNG_EFORMAT, TXNG_EBADSIG (@p actor is not enrolled),
 *         TXNG_EPERM (@p actor revoked or not allowed to enrol, read-only log,
 *         log key mismatch), TXNG_EEXIST (name taken), TXNG_ENOTFOUND (revoking
 *         an unknown key), TXNG_EINVAL (@p now outside years 1970..9999, or
 *         before the newest record's time as for txng_log_append()),
 *         TXNG_EFORK, TXNG_EFULL, TXNG_ESYS, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_append_as(txng_log *log, const txng_signer *logkey,
                                            const txng_signer *actor, json_t *const *events,
                                            size_t n, int64_t now, uint64_t *first,
                                            txng_diag *diag);

/** In the array of txng_log_holds(): the log does not hold the event. */
#define TXNG_LOG_NONE UINT64_MAX

/**
 * Append the events of @p n that the log does not hold yet, and leave out each
 * one it holds exactly: a record with the same canonical event and the same
 * signatures (the same "signatures" member, byte for byte). @p actor NULL:
 * the events are signed, as for txng_log_append(); else they are bare and
 * @p actor signs them, as for txng_log_append_as(). Ed25519 signs
 * deterministically, so the same bare event signed by the same @p actor is
 * the same signature: an append run again whose outcome was not known (a
 * power cut, a lost reply) appends only what did not land, and the records
 * are as if it had run once.
 *
 * The check is made in the append's transaction, under the writer lock: two
 * writers appending the same events at once append each once. An event held
 * is left out before its keys are looked up (a key revoked since does not
 * refuse it). An event given twice in @p events is refused (TXNG_EEXIST,
 * diag->line the second), held or not: that is a mistake of the input, not a
 * retry. An event whose signature a record holds with other signatures or on
 * another event is refused as txng_log_append() refuses it (TXNG_EEXIST,
 * diag naming the record; TXNG_EBADSIG). When every event is held nothing is
 * written, no checkpoint either, and @p now is not checked against the
 * newest record's time.
 *
 * Addition to the header contract, for retries (txng append, txng import
 * --csv, txng record). Claims (core/claim.h) append with txng_log_append_as():
 * two claim attempts in one second are two records.
 *
 * @param[out] first  if not NULL, the index of the first new record: the
 *                    log's size before the append, also when none was new
 * @param[out] at     if not NULL, @p n entries: at[i] is the record that holds
 *                    event i, an earlier one (below *@p first) when it was
 *                    left out, else the new one, in the order of @p events
 * @return as txng_log_append() (@p actor NULL) or txng_log_append_as();
 *         TXNG_EEXIST (an event given twice, or its signature held with
 *         other signatures).
 */
TXNG_MUST_CHECK txng_err txng_log_append_once(txng_log *log, const txng_signer *logkey,
                                              const txng_signer *actor, json_t *const *events,
                                              size_t n, int64_t now, uint64_t *first,
                                              uint64_t *at, txng_diag *diag);

/**
 * Which of @p n events the log holds, as txng_log_append_once() would leave
 * them out, without a secret key, in one read snapshot: for a check of the
 * other events before an append (core/rules.h). A signed event (with "event"
 * and "signatures") by its signatures. A bare event, when @p signer is not
 * NULL, as a record with the same canonical event and one signature, by
 * @p signer: the signature @p signer makes of it, Ed25519 being
 * deterministic. It is looked for among the records filed under one of its
 * identifiers (the one with the fewest records, core/index.h), or, for an
 * event that names none, under its time (the second of its eventTime; without
 * one, every record without one: key records and the like). An event that is
 * not well formed, or bare when @p signer is NULL, is not held.
 *
 * @param[out] at  @p n entries: at[i] the record that holds event i, or
 *                 TXNG_LOG_NONE
 * @return TXNG_OK, TXNG_EINVAL (NULL @p log, or @p events or @p at with
 *         @p n > 0), TXNG_ECORRUPT, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_holds(txng_log *log, const txng_pubkey *signer,
                                        const json_t *const *events, size_t n, uint64_t *at);

/**
 * The stored bytes of record @p index.
 * @param[out] out  malloc'd bytes (free())
 * @return TXNG_OK, TXNG_ENOTFOUND (past the end), TXNG_ECORRUPT, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_get(txng_log *log, uint64_t index, char **out,
                                      size_t *out_len);

/**
 * The newest signed checkpoint note, or the one stored for @p size when
 * @p size is not 0.
 * @return TXNG_OK, TXNG_ENOTFOUND (no checkpoint of that size), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_checkpoint(txng_log *log, uint64_t size, char **out,
                                             size_t *out_len);

/**
 * Inclusion proof of record @p index in the tree of @p size records
 * (0 = the newest checkpoint's size).
 * @return TXNG_OK, TXNG_ENOTFOUND (index or size past the end), TXNG_ECORRUPT.
 */
TXNG_MUST_CHECK txng_err txng_log_prove(txng_log *log, uint64_t index, uint64_t size,
                                        unsigned char (*proof)[TXNG_HASH_BYTES], size_t *n);

/**
 * Consistency proof between sizes @p old and @p size.
 * @return TXNG_OK, TXNG_EINVAL (old > size), TXNG_ENOTFOUND (size past the end).
 */
TXNG_MUST_CHECK txng_err txng_log_prove_consistency(txng_log *log, uint64_t old, uint64_t size,
                                                    unsigned char (*proof)[TXNG_HASH_BYTES],
                                                    size_t *n);

/**
 * A C2SP tlog-proof for record @p index against the newest checkpoint.
 * @param[out] out  malloc'd text (free())
 * @return as txng_log_prove(), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_tlog_proof(txng_log *log, uint64_t index, char **out,
                                             size_t *out_len);

/**
 * Append one signature line @p line (@p len bytes, with or without its final
 * 0x0A) to the stored checkpoint note of size @p size, in one write
 * transaction: a witness's C2SP cosignature/v1 line "— <name> <base64(key ID
 * ‖ timestamp ‖ signature)>". The line is not verified here (the log does not
 * know the witness keys); txng_log_checkpoint() and bundles then carry it.
 * Takes the writer lock (txng_log_lock()) for the transaction.
 * Addition to the header contract, for witnesses.
 *
 * @return TXNG_OK, TXNG_EINVAL (NULL argument, size 0), TXNG_EPERM (read-only
 *         log), TXNG_ENOTFOUND (no checkpoint of that size), TXNG_EFORMAT (not
 *         one well-formed signature line of 4 + 8 + 64 bytes), TXNG_EEXIST (the
 *         note already has a signature with that key ID), TXNG_ECORRUPT (the
 *         stored note is damaged), TXNG_EFULL, TXNG_ESYS, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_log_add_cosignature(txng_log *log, uint64_t size, const char *line,
                                                  size_t len);

/**
 * Whether @p role (@p len bytes) is a role a key may be enrolled with: a
 * lower-case word of 1 to 31 letters a-z, other than "log" (the log key's own).
 */
bool txng_log_role_valid(const char *role, size_t len);

/** A key as the log knows it. */
typedef struct txng_key_info {
    txng_pubkey key;
    char        role[32];
    uint64_t    enrolled; /**< index of the enrolment record (0 for the log key) */
    uint64_t    revoked;  /**< index of the revocation record, when is_revoked */
    bool        is_revoked;
} txng_key_info;

/**
 * Look up an enrolled key by name.
 * @return TXNG_OK, TXNG_ENOTFOUND.
 */
TXNG_MUST_CHECK txng_err txng_log_key(txng_log *log, const char *name, txng_key_info *out);

/**
 * Call @p fn for every key, in enrolment order; stops at the first non-OK
 * return and passes it on.
 */
TXNG_MUST_CHECK txng_err txng_log_keys(txng_log *log,
                                       txng_err (*fn)(void *ctx, const txng_key_info *key),
                                       void *ctx);

/** Progress callback: @p done of @p total records. */
typedef void (*txng_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/** What txng_log_verify() found. */
typedef struct txng_verify_result {
    uint64_t      size;        /**< records checked */
    uint64_t      checkpoints; /**< checkpoints checked */
    uint64_t      keys;        /**< keys enrolled */
    unsigned char root[TXNG_HASH_BYTES];
} txng_verify_result;

/**
 * Verify the whole log, front to back in bounded memory: canonical bytes,
 * indexes and prev links, every signature against the key state at its
 * index (on @p threads threads; 0 = one per core), the Merkle root against
 * the newest checkpoint and its signature, consistency between all stored
 * checkpoints, and the derived databases (nodes, keys, ids) against the records.
 *
 * @param[in] trusted  the verifier key to trust; NULL trusts the genesis
 * @param[out] diag    on failure: has_index/index of the first bad record, reason
 * @return TXNG_OK, TXNG_ECORRUPT, TXNG_ECHAIN, TXNG_EFORK,
 *         TXNG_EBADSIG (a signature fails, or is by a key no earlier record
 *         enrolled), TXNG_EFORMAT (a record is not canonical), TXNG_EPERM (a
 *         signature by a revoked key, or an enrolment or revocation not signed
 *         by the log key or an admin), TXNG_ENOMEM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_log_verify(txng_log *log, const txng_pubkey *trusted,
                                         unsigned threads, txng_progress_fn progress,
                                         void *progress_ctx, txng_verify_result *res,
                                         txng_diag *diag);

#endif /* TXNG_CORE_LOG_H */
