/*
 * claim.h - one-time claim codes of units: generation, salted hashes, claims in the log
 *
 * A two-part label carries the public QR (qr/label.h) and, under a
 * scratch-off layer, a claim code: 8 characters drawn uniformly (libsodium)
 * from the 31-letter alphabet TXNG_CLAIM_ALPHABET (digits 2-9 and A-Z
 * without I, L, O: no 0/O or 1/I/L to confuse), about 39.6 bits, shown in
 * two groups of four ("4KX9-2PQM"). Users may type it in either case, with
 * or without the hyphen and spaces.
 *
 * The log never holds a code that is still unused. The packer's record of
 * step `claim-codes` (an ObjectEvent OBSERVE, bizStep
 * urn:txng:bizstep:claim-codes) lists the units in "epcList" and, in the
 * same order, "txng:claimHashes": per unit
 *   base64url-nopad(salt ‖ Argon2id(code, salt))   (64 characters)
 * with a random 16-byte salt per unit (so one guess tests one unit, never
 * all of them) and Argon2id (libsodium crypto_pwhash_ALG_ARGON2ID13) with
 * opslimit TXNG_CLAIM_OPSLIMIT, memlimit TXNG_CLAIM_MEMLIMIT bytes, 32
 * bytes of output. The log is public (bundles travel), so the hash is slow
 * on purpose: 31^8 codes times the cost of one Argon2id call per unit.
 * A later claim-codes record for a unit replaces the codes of earlier ones
 * (labels reprinted), unless the unit is already claimed.
 *
 * A claim is a record of step `claim` (ObjectEvent OBSERVE, bizStep
 * urn:txng:bizstep:claim) naming the unit in "epcList", with
 * "txng:claimResult" one of "claimed", "wrong-code", "already-claimed". A
 * successful claim keeps the code in clear ("txng:claimCode", 8
 * characters, no hyphen): the code is spent once claimed, and with it any
 * verifier can check the claim against the packer's signed hash, so the
 * operator of the log cannot invent a claim without the scratch-off code.
 * Refused attempts keep no code (a typo would reveal most of the real
 * code).
 *
 * Back-off: the first TXNG_CLAIM_MAX_REFUSED wrong codes of a unit are
 * checked and recorded at once. From then on the unit takes one attempt per
 * window, counted from the "recorded" time of its newest wrong-code record:
 * TXNG_CLAIM_BACKOFF_FIRST seconds after the TXNG_CLAIM_MAX_REFUSED-th wrong
 * code, doubled by each further one, at most TXNG_CLAIM_BACKOFF_MAX (60 s,
 * 120 s, 240 s, ... 61440 s, then 24 h). An attempt inside the window is
 * refused without a record (TXNG_CLAIM_WAIT), even with the right code; one
 * after it is checked, so the right code still claims the unit and a wrong
 * one is recorded and doubles the window. The decision is read from the log
 * alone, so every process (txng claim, the resolver) makes the same one;
 * nobody can lock a unit for good, online guessing is held to one try per
 * 24 h, and strangers add at most 20 wrong-code records per unit in its
 * first 24 h, 21 in its first 34 h 7 min, then one per 24 h
 * (docs/format.md §14.3). A claimed unit answers TXNG_CLAIM_ALREADY; its
 * repeated claims are recorded only while fewer than TXNG_CLAIM_MAX_REFUSED
 * refused attempts are recorded.
 *
 * Lookups go through the log's `ids` database (core/index.h): the records
 * naming one unit, then those naming the lot it was packed from (recalls),
 * so a claim costs O(log n) in the size of the log plus the records about
 * that unit. The same state is read from a verified bundle's records
 * (txng_claim_info_bundle()), one record after another.
 *
 * Claims and registrations are checked and appended under the log's writer
 * lock (txng_log_lock()), so two of them racing, in one process or in two,
 * are decided one after the other: a unit is claimed once.
 *
 * Threads: as for the log handle (core/log.h). Code functions: any thread.
 */
#ifndef TXNG_CORE_CLAIM_H
#define TXNG_CORE_CLAIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bundle.h"
#include "core/error.h"
#include "core/gs1.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"

/** The 31 characters a code is drawn from. */
#define TXNG_CLAIM_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
/** Characters of a code. */
#define TXNG_CLAIM_CODE_LEN 8
/** Room for a code shown as "XXXX-XXXX" with its NUL. */
#define TXNG_CLAIM_SHOWN_MAX 10
/** Bytes of the per-unit salt. */
#define TXNG_CLAIM_SALT_BYTES 16
/** Bytes of the Argon2id output. */
#define TXNG_CLAIM_HASH_BYTES 32
/** Characters of a stored hash: base64url without padding of salt ‖ hash. */
#define TXNG_CLAIM_STORED_LEN 64
/** Argon2id passes. */
#define TXNG_CLAIM_OPSLIMIT 3
/** Argon2id memory, in bytes. */
#define TXNG_CLAIM_MEMLIMIT (4096u * 1024u)
/** Wrong codes of one unit checked without a wait; also the refused attempts after which a
 *  repeated claim of a claimed unit is no longer recorded. */
#define TXNG_CLAIM_MAX_REFUSED 10
/** Seconds of the back-off window after the TXNG_CLAIM_MAX_REFUSED-th wrong code; each
 *  further wrong code doubles it. */
#define TXNG_CLAIM_BACKOFF_FIRST 60
/** Longest back-off window, in seconds (24 hours): reached at the 21st wrong code. */
#define TXNG_CLAIM_BACKOFF_MAX 86400
/** Most units in one claim-codes record. */
#define TXNG_CLAIM_MAX_UNITS 4000

/**
 * A new random code: TXNG_CLAIM_CODE_LEN characters of TXNG_CLAIM_ALPHABET.
 * @param[out] code  TXNG_CLAIM_CODE_LEN + 1 bytes
 * @return TXNG_OK, TXNG_ENOMEM (libsodium could not start).
 */
TXNG_MUST_CHECK txng_err txng_claim_code_new(char *code);

/**
 * @p code (TXNG_CLAIM_CODE_LEN characters) as people read it: "4KX9-2PQM".
 * @param[out] out  TXNG_CLAIM_SHOWN_MAX bytes
 */
void txng_claim_code_show(char *out, const char *code);

/**
 * Normalise a code a person typed: ASCII letters upper-cased, spaces and
 * hyphens dropped.
 * @param[out] code  TXNG_CLAIM_CODE_LEN + 1 bytes; "" on failure
 * @return TXNG_OK, or TXNG_EFORMAT with diag->field "code" and reason
 *         "character not in the claim-code alphabet (no 0, 1, I, L, O)"
 *         (offset: its 1-based position in @p text, in UTF-8 characters) or
 *         "a claim code has 8
 *         characters".
 */
TXNG_MUST_CHECK txng_err txng_claim_code_parse(char *code, const char *text, size_t len,
                                               txng_diag *diag);

/**
 * The stored hash of @p code under @p salt (NULL: a random salt).
 * @param[out] out  TXNG_CLAIM_STORED_LEN + 1 bytes
 * @return TXNG_OK, TXNG_EINVAL (@p code not a normalised code), TXNG_ENOMEM
 *         (Argon2id could not get its memory).
 */
TXNG_MUST_CHECK txng_err txng_claim_hash(char *out, const char *code,
                                         const unsigned char *salt);

/**
 * Whether @p code matches @p stored (constant time).
 * @return TXNG_OK (it matches), TXNG_EBADSIG (it does not), TXNG_EFORMAT
 *         (@p stored is not TXNG_CLAIM_STORED_LEN base64url characters),
 *         TXNG_EINVAL (@p code not a normalised code), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_claim_hash_check(const char *stored, const char *code);

/** What the log says about one unit. */
typedef struct txng_claim_info {
    bool     packed;      /**< a pack record made the unit */
    uint64_t pack_index;  /**< that record */
    bool     has_codes;   /**< a claim-codes record names the unit */
    uint64_t codes_index; /**< the newest such record */
    bool     claimed;
    uint64_t claim_index;                  /**< the claim record */
    char     claimed_at[40];               /**< its eventTime, RFC 3339 */
    bool     recalled;                     /**< a recall names the unit or its packed lot */
    uint64_t recall_index;                 /**< the first such recall */
    char     recalled_at[40];              /**< its eventTime */
    unsigned refused;                      /**< refused attempts recorded since the newest codes */
    unsigned wrong;                        /**< of which wrong codes */
    char     lot[TXNG_GS1_URI_MAX];        /**< identifier of the lot packed, "" if unknown */
    int64_t  last_wrong_at;                /**< latest "recorded" time of the wrong codes */
    int64_t  retry_at;                     /**< txng_claim_retry_at(wrong, last_wrong_at) */
} txng_claim_info;

/**
 * The time from which a unit with @p wrong wrong codes since its newest codes, the latest
 * recorded at @p last_wrong_at, takes an attempt: 0 (at once) while @p wrong is below
 * TXNG_CLAIM_MAX_REFUSED, else @p last_wrong_at plus TXNG_CLAIM_BACKOFF_FIRST doubled
 * (@p wrong - TXNG_CLAIM_MAX_REFUSED) times, at most TXNG_CLAIM_BACKOFF_MAX.
 */
int64_t txng_claim_retry_at(unsigned wrong, int64_t last_wrong_at);

/**
 * Read what the log knows about unit @p unit_id (a canonical identifier,
 * txng_gs1_canonicalize(); "https://id.gs1.org/01/<gtin>/21/<serial>").
 *
 * @return TXNG_OK (also when the log knows nothing of the unit: all false),
 *         TXNG_EINVAL (NULL argument), TXNG_ECORRUPT, TXNG_ENOMEM,
 *         TXNG_EFULL (no reader slot), TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_claim_info_get(txng_log *log, const char *unit_id,
                                             txng_claim_info *info);

/**
 * What the records of a bundle say about unit @p unit_id, by the rules of
 * txng_claim_info_get(): each record is read for the identifiers it names
 * (txng_index_extract(), which is what the log files under `ids`), in the
 * order the log's index gives them, so a bundle gives the state its log
 * gives as long as it holds every record about the unit. That holds for a
 * bundle of the whole log (TXNG_BUNDLE_ALL), of this unit (TXNG_BUNDLE_UNIT
 * selecting @p unit_id) and of the lot the unit was packed from
 * (TXNG_BUNDLE_LOT selecting info->lot); from any other, "not packed", "not
 * claimed" and "not recalled" would be guesses, so it is refused.
 *
 * @param[in]  bundle   what txng_bundle_verify() found in the bundle (its kind and selection)
 * @param[in]  recs     @p n records of that bundle (txng_bundle_records()), increasing index
 * @param[out] info     the unit's state; all false on failure
 * @return TXNG_OK (also when the bundle knows nothing of the unit: all false),
 *         TXNG_EINVAL (NULL argument, @p recs not in increasing index),
 *         TXNG_ENOTFOUND (the bundle need not hold every record about the unit:
 *         a bundle of another unit or lot, of a time range or of a list of indexes),
 *         TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_claim_info_bundle(const txng_bundle_result *bundle,
                                                txng_record *const *recs, size_t n,
                                                const char *unit_id, txng_claim_info *info);

/**
 * Append the packer's claim-codes record for @p n units: hashes the codes
 * (random salt per unit, on up to one thread per core: Argon2id is about
 * 3 ms of CPU per code), builds the event (step claim-codes, @p event_time),
 * then, under the log's writer lock (txng_log_lock(); the hashing is done
 * before it is taken), checks it (txng_event_rules_check,
 * txng_rules_check_state) and appends it signed by @p packer.
 *
 * @param[in]  logkey      the log key (signs the checkpoint)
 * @param[in]  packer      an enrolled key (the packer's)
 * @param[in]  unit_ids    @p n canonical unit identifiers, each packed in this log
 * @param[in]  codes       @p n normalised codes (txng_claim_code_new())
 * @param[in]  event_time  RFC 3339 with an offset
 * @param[in]  now         the records' "recorded" time
 * @param[out] index       if not NULL, the index of the new record
 * @return TXNG_OK, TXNG_EINVAL (NULL argument, @p n 0 or above
 *         TXNG_CLAIM_MAX_UNITS, a code not normalised), TXNG_EFORMAT with
 *         @p diag (a unit never packed: "nothing in this log packed this
 *         unit: claim codes are registered for units packed here", "already
 *         claimed: its claim code cannot be replaced", a bad time), or an
 *         error of txng_log_lock() or txng_log_append_as().
 */
TXNG_MUST_CHECK txng_err txng_claim_register(txng_log *log, const txng_signer *logkey,
                                             const txng_signer *packer,
                                             const char *const *unit_ids,
                                             const char *const *codes, size_t n,
                                             const char *event_time, int64_t now,
                                             uint64_t *index, txng_diag *diag);

/** Outcome of a claim. */
typedef enum txng_claim_outcome {
    TXNG_CLAIM_CLAIMED = 0, /**< the code matched: claimed now, recorded */
    TXNG_CLAIM_UNKNOWN,     /**< the log never packed this unit; nothing recorded */
    TXNG_CLAIM_NO_CODES,    /**< packed, but no claim code was registered; nothing recorded */
    TXNG_CLAIM_RECALLED,    /**< the unit or its lot is recalled; nothing recorded */
    TXNG_CLAIM_WRONG_CODE,  /**< the code does not match; recorded as "wrong-code" */
    TXNG_CLAIM_ALREADY,     /**< claimed before (info->claimed_at); recorded as "already-claimed"
                                 while info->refused is below TXNG_CLAIM_MAX_REFUSED */
    TXNG_CLAIM_WAIT,        /**< inside the back-off window: try again from info->retry_at;
                                 nothing recorded (value 6 was TXNG_CLAIM_LOCKED, for good) */
} txng_claim_outcome;

/**
 * Claim unit @p unit_id with @p code: look the unit up (txng_claim_info_get),
 * decide the outcome in the order UNKNOWN, NO_CODES, RECALLED, ALREADY,
 * WAIT (@p now before info->retry_at; the code is not checked), WRONG_CODE,
 * CLAIMED, append the claim record signed by @p actor when the outcome says
 * "recorded", and fill @p info as it is after that (for WRONG_CODE,
 * info->retry_at is the end of the window the new record opens; for WAIT,
 * of the one it fell in).
 * All of it runs under the log's writer lock (txng_log_lock()): the state
 * is read after the lock is taken, so of two claims of one unit with the
 * right code, in one process or two, one is CLAIMED and the other ALREADY.
 * On a handle opened read-only the outcome is decided as usual, and one that
 * would be recorded fails with TXNG_EPERM, @p outcome set (the resolver checks
 * a code so without writing anything). @p outcome is set whenever it was decided,
 * whatever is returned after.
 *
 * @param[in]  code        a normalised code (txng_claim_code_parse())
 * @param[in]  event_time  RFC 3339 with an offset: the time of the claim
 * @param[in]  now         the record's "recorded" time, the time the back-off window is
 *                         compared with (the log may record a later one, see
 *                         TXNG_LOG_CLOCK_SLACK; that only delays the next window)
 * @param[out] outcome     the outcome; TXNG_OK is returned for every outcome
 * @param[out] info        if not NULL, the unit's state after the claim
 * @param[out] index       if not NULL and a record was appended, its index
 * @return TXNG_OK, TXNG_EINVAL (NULL argument, @p code not normalised),
 *         TXNG_EFORMAT (bad @p event_time), TXNG_ESYS (the writer lock
 *         cannot be taken, diag->field TXNG_LOG_LOCK_FILE), or an error of
 *         the log.
 */
TXNG_MUST_CHECK txng_err txng_claim_check_and_record(txng_log *log, const txng_signer *logkey,
                                                     const txng_signer *actor,
                                                     const char *unit_id, const char *code,
                                                     const char *event_time, int64_t now,
                                                     txng_claim_outcome *outcome,
                                                     txng_claim_info *info, uint64_t *index,
                                                     txng_diag *diag);

/** Lines of the file of unknown claims, "other" included; later products count as "other". */
#define TXNG_CLAIM_UNKNOWN_KEYS 64

/**
 * Count one claim of unit @p unit_id that the log never packed (outcome
 * TXNG_CLAIM_UNKNOWN: a fake label, or a typing error) in the file @p path,
 * not in the log: strangers may send any number of such claims, and the
 * signed log must not grow with them. The file holds lines
 * "<GTIN> <count>", one per product (the unit's GTIN; "other" for an
 * identifier without one); once it has TXNG_CLAIM_UNKNOWN_KEYS lines, a
 * new product counts under "other" (the last line), so it stays under 3 KB. Counts stop at
 * UINT64_MAX. The file is locked (flock) while it is read and rewritten.
 *
 * @param[in]  path     the file; created if missing (mode 0644 less the umask)
 * @param[out] count    if not NULL, the count of the unit's line after this claim
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_ECORRUPT (the file is
 *         not in this format; it is left as it is), TXNG_ESYS (errno says why).
 */
TXNG_MUST_CHECK txng_err txng_claim_count_unknown(const char *path, const char *unit_id,
                                                  uint64_t *count);

/** English phrase for @p outcome ("claimed", "already claimed", ...), TXNG_N_-marked; static. */
const char *txng_claim_outcome_name(txng_claim_outcome outcome);

#endif /* TXNG_CORE_CLAIM_H */
