/*
 * index.h - the identifiers an event names, and on which side of its lineage
 *
 * The log keeps a database `ids` (docs/format.md, "Storage") from each
 * identifier to the records that name it, written in the same transaction
 * as the records and checked by txng_log_verify(). This module says what
 * goes into it: txng_index_extract() lists the (identifier, role) pairs of
 * one event, each with the side of the event's lineage it stands on.
 *
 * Fields read (EPCIS 2.0, gs1 notes §1, plus txng extensions):
 *
 *   role  fields                                           key
 *   'E'   epcList, quantityList[].epcClass                 the identifier
 *   'P'   parentID                                          the identifier
 *   'C'   childEPCs, childQuantityList[].epcClass          the identifier
 *   'I'   inputEPCList, inputQuantityList[].epcClass       the identifier
 *   'O'   outputEPCList, outputQuantityList[].epcClass     the identifier
 *   'F'   txng:cohort (string), txng:inputs (strings)      the identifier
 *   'L'   readPoint.id, bizLocation.id                     the identifier
 *   'S'   sourceList[].source, destinationList[].destination  the identifier
 *   'V'   eventID (no errorDeclaration)                     the eventID
 *   'X'   errorDeclaration: the event's own eventID        the eventID
 *         txng:corrects: eventID strings, record indexes   the eventID, "#<index>"
 *   'N'   master data (type txng:Party, txng:Place,         name key of the name
 *         txng:Product: name; txng:Certificate: number)
 *   'K'   master data: the code of its id                   name key of the code
 *         lots and cohorts among 'E', 'C', 'I', 'O'         name key of the lot code
 *   'Q'   certificationInfo (a string or strings)           the identifier
 *   'T'   txng:giStamps ("A" or "A-B": each GI stamp of     0x04 ‖ the stamp serial
 *         the range, up to TXNG_EVENT_SERIALS_MAX; a larger
 *         range files none)
 *   'M'   txng:Import: origin                               0x02 ‖ the origin
 *   'U'   txng:Imported: record.index (upstream index)      0x02 ‖ "#" ‖ the index in decimal
 *   'G'   each signature of the record (not of the event:   0x03 ‖ the event's time ‖
 *         filed by core/log.c, not txng_index_extract())    first 8 bytes of the signature
 *
 * Name keys let a reader find master data by name and lots by their plain
 * code without reading every record: 0x01 ‖ kind letter ‖ the folded text
 * (txng_index_fold(); the text itself when it folds to nothing). Kind
 * letters: 'A' party, 'S' place, 'G' product, 'C' certificate, 'L' lot,
 * 'H' cohort (txng_index_kind_letter()). The code of an id is the one
 * txng_index_id_code() gives, else the whole id. A name key is stored like
 * an identifier (txng_index_key(): hashed past TXNG_INDEX_ID_MAX bytes); an
 * identifier that itself starts with byte 0x01 shares the key space, so a
 * reader of name keys checks the records it is led to.
 *
 * Import keys let core/bundle_import.c find what a log imported before
 * without reading the log: only the event itself (the outermost one) is
 * filed so, never an Import or Imported record carried inside an Imported
 * one. They start with byte 0x02, so no identifier lookup meets them.
 *
 * Stamp keys let core/rules.c tell whether a GI stamp (the provincial
 * association's numbered sticker, R39) was allocated or used before: the
 * serial after byte 0x04, one key per stamp, so ranges that overlap meet on
 * the stamps they share.
 *
 * Lineage sides (TXNG_SIDE_IN is upstream, TXNG_SIDE_OUT downstream):
 *   - TransformationEvent: 'I' in, 'O' out.
 *   - AggregationEvent with action ADD or OBSERVE: the children go into the
 *     parent ('C' in, 'P' out), unless the parent names a class (a lot or a
 *     product, see txng_index_is_class()): a lot cannot contain anything, so
 *     such an aggregation says the children were made from it ('P' in, 'C'
 *     out: packing serialised units from a lot). Action DELETE links nothing.
 *   - ObjectEvent with action ADD: 'E' out (the event creates them) and 'F'
 *     in (what they were made from: the cohort of a harvest, the seedling
 *     lot of a planting).
 *   - Everything else (other actions and event types, 'L', 'S', 'X') is on no
 *     side: the event is about the identifier but does not link it to another.
 * An event that carries errorDeclaration (EPCIS: the erroneous event declared
 * again; txng's `correct` step: txng:corrects names the record) yields only
 * its 'X' entries, so the trace does not count its objects twice.
 * A field of the wrong JSON type is skipped: the index never refuses an event
 * (core/event checks events; the log stores any event txng can carry).
 */
#ifndef TXNG_CORE_INDEX_H
#define TXNG_CORE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/gs1.h"

struct txng_log;

/** Identifiers longer than this (bytes) are keyed by 0x00 ‖ SHA-256(identifier). */
#define TXNG_INDEX_ID_MAX 255
/** Room for any `ids` key: the identifier, or the 33-byte hashed form. */
#define TXNG_INDEX_KEY_MAX TXNG_INDEX_ID_MAX
/** Length of an `ids` value: 8-byte big-endian record index ‖ role byte. */
#define TXNG_INDEX_VAL_BYTES 9

/** Where an identifier stands in an event's lineage. */
enum txng_index_side {
    TXNG_SIDE_NONE = 0, /**< named, not linked */
    TXNG_SIDE_IN   = 1, /**< upstream: consumed, packed, or the source of what is made */
    TXNG_SIDE_OUT  = 2, /**< downstream: produced, created, or the container */
};

/** Roles (the byte stored after the record index). */
enum txng_index_role {
    TXNG_ROLE_EPC      = 'E',
    TXNG_ROLE_PARENT   = 'P',
    TXNG_ROLE_CHILD    = 'C',
    TXNG_ROLE_INPUT    = 'I',
    TXNG_ROLE_OUTPUT   = 'O',
    TXNG_ROLE_FROM     = 'F',
    TXNG_ROLE_LOCATION = 'L',
    TXNG_ROLE_PARTY    = 'S',
    TXNG_ROLE_CORRECTS = 'X',
    TXNG_ROLE_EVENTID  = 'V',
    TXNG_ROLE_NAME     = 'N',
    TXNG_ROLE_CODE     = 'K',
    TXNG_ROLE_IMPORT   = 'M', /**< a txng:Import record, under its origin */
    TXNG_ROLE_IMPORTED = 'U', /**< a txng:Imported record, under its upstream index */
    TXNG_ROLE_SIG      = 'G', /**< each signature of a record, under txng_index_sig_key() */
    TXNG_ROLE_CERT     = 'Q', /**< a certificate the event names (certificationInfo) */
    TXNG_ROLE_STAMP    = 'T', /**< a GI stamp the event allocates or uses, under 0x04 ‖ serial */
};

/** First byte of a name key. */
#define TXNG_INDEX_NAME_TAG 0x01
/** First byte of an import key. */
#define TXNG_INDEX_IMPORT_TAG 0x02
/** First byte of a signature key. */
#define TXNG_INDEX_SIG_TAG 0x03
/** First byte of a GI stamp key. */
#define TXNG_INDEX_STAMP_TAG 0x04
/** Length of a signature key: the tag, the 8-byte time (txng_index_sig_time()), then the
 *  first 8 bytes of the signature. */
#define TXNG_INDEX_SIG_KEY 17
/** Room for txng_index_imported_text(), NUL included. */
#define TXNG_INDEX_IMPORTED_TEXT 24

/** One (identifier, role) pair of an event. */
typedef struct txng_index_entry {
    const char   *id;     /**< borrowed from the event, or owned by the list ("#<index>",
                               name keys) */
    size_t        id_len; /**< bytes, no NUL counted */
    unsigned char role;   /**< enum txng_index_role */
    unsigned char side;   /**< enum txng_index_side */
} txng_index_entry;

/**
 * The entries of one event, sorted by (role, identifier bytes) and without
 * duplicates. Zero it before first use; reuse it across events with
 * txng_index_extract(), which clears it; release with txng_index_list_free().
 * Identifiers borrowed from the event stay valid while the event does.
 */
typedef struct txng_index_list {
    txng_index_entry *v;
    size_t            n, cap;
    char             *num; /* "#<index>" strings of txng:corrects, 24 bytes each */
    size_t            num_n, num_cap;
    char             *names; /* name keys, one after another */
    size_t            names_len, names_cap;
} txng_index_list;

/**
 * List the identifiers @p event names (see the table above), replacing what
 * @p list held. Empty strings are skipped.
 * @param[in] event  an event object; borrowed, and must outlive the entries
 * @return TXNG_OK, TXNG_ENOMEM (the list is then empty).
 */
TXNG_MUST_CHECK txng_err txng_index_extract(txng_index_list *list, const json_t *event);

/** Release what @p list holds and zero it. NULL is accepted. */
void txng_index_list_free(txng_index_list *list);

/**
 * The `ids` key of an identifier: its bytes when 1..TXNG_INDEX_ID_MAX long
 * and not starting with a NUL byte, else 0x00 ‖ SHA-256(identifier).
 * @param[out] key  at least TXNG_INDEX_KEY_MAX bytes
 * @return the key length, 1..TXNG_INDEX_KEY_MAX
 */
size_t txng_index_key(unsigned char *key, const char *id, size_t id_len);

/** The `ids` value of record @p index in role @p role. */
void txng_index_value(unsigned char val[TXNG_INDEX_VAL_BYTES], uint64_t index, unsigned char role);

/**
 * The time part of the `ids` keys of the signatures of @p event: its eventTime
 * in seconds since 1970 plus 2^63, so that big-endian order is time order; 0
 * when it has no eventTime that parses (genesis, keys, master data). A replay
 * carries the same event, so the same time; records appended in time order
 * file their signatures next to each other, not all over the database.
 */
uint64_t txng_index_sig_time(const json_t *event);

/**
 * The `ids` key under which a record's signature @p sig (64 bytes) is filed in
 * role TXNG_ROLE_SIG: 0x03 ‖ @p when (8 bytes, big-endian) ‖ the first 8 bytes
 * of @p sig. The log appends a signed event once: a signature already filed is
 * a replay (core/log.c). Two signatures may share a key; a reader compares the
 * whole signature in the records the entries name.
 * @return TXNG_INDEX_SIG_KEY
 */
size_t txng_index_sig_key(unsigned char key[TXNG_INDEX_SIG_KEY], uint64_t when,
                          const unsigned char *sig);

/**
 * The text a txng:Imported record of upstream record @p index is filed under
 * in role TXNG_ROLE_IMPORTED: 0x02 ‖ "#" ‖ @p index in decimal, for
 * txng_index_find(). (A txng:Import record of origin O is filed under
 * 0x02 ‖ O in role TXNG_ROLE_IMPORT.)
 * @return its length, the NUL not counted
 */
size_t txng_index_imported_text(char out[TXNG_INDEX_IMPORTED_TEXT], uint64_t index);

/**
 * True when @p id names a class of things rather than one thing: a GS1
 * Digital Link URI whose primary key is a GTIN (AI 01) without a serial
 * (AI 21), or a `urn:txng:<origin>:lot:` or `urn:txng:<origin>:product:` code.
 */
bool txng_index_is_class(const char *id, size_t id_len);

/**
 * The event a txng:Imported event stands for: the event of the upstream
 * record it carries ("record"), imports of imports unwrapped up to 8 levels,
 * as txng_index_extract() files them; @p event itself otherwise. Borrowed.
 * @param[out] record  the innermost upstream record object, NULL when @p event
 *                     is no Imported event; may be NULL
 */
const json_t *txng_index_unwrap(const json_t *event, const json_t **record);

/** The role's name in JSON output ("input", "parent", ...), or "unknown". */
const char *txng_index_role_name(unsigned char role);

/**
 * Fold @p text for comparing names: decomposed, marks stripped, Đ/đ as d,
 * ASCII letters lower-cased, each run of other ASCII bytes (spaces,
 * punctuation) between two kept characters as one '-', other non-ASCII
 * characters dropped. "HTX Sâm Ngọc Linh" folds to "htx-sam-ngoc-linh".
 * @param[out] out  malloc'd, NUL-terminated; NULL on failure
 * @return TXNG_OK, TXNG_EFORMAT (not UTF-8), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_index_fold(char **out, const char *text, size_t len);

/** The kind letter of name keys ('A', 'S', 'G', 'C', 'L', 'H'), or 0 for other kinds. */
char txng_index_kind_letter(txng_gs1_kind kind);

/**
 * The plain code of identifier @p id: the code of a urn:txng identifier
 * (@p *kind its kind), the lot of a GS1 Digital Link naming a GTIN and a lot
 * without a serial (@p *kind TXNG_GS1_KIND_LOT), else the GS1 key digits
 * (@p *kind -1).
 * @param[out] code  @p cap bytes, NUL-terminated
 * @return false when @p id is neither a urn:txng code nor a Digital Link.
 */
bool txng_index_id_code(const char *id, size_t id_len, int *kind, char *code, size_t cap);

/**
 * The name key of @p text (@p len bytes) for @p kind, as txng_index_extract()
 * lists it: 0x01 ‖ kind letter ‖ txng_index_fold() of the text.
 * @param[out] key  malloc'd (free()), NUL-terminated; @p *klen bytes without the NUL
 * @return TXNG_OK, TXNG_EINVAL (no kind letter for @p kind), TXNG_EFORMAT (@p text not
 *         UTF-8), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_index_name_key(char **key, size_t *klen, txng_gs1_kind kind,
                                             const char *text, size_t len);

/** A record that a name key leads to, and the role it is named in ('N' or 'K'). */
typedef struct txng_index_hit {
    uint64_t      index;
    unsigned char role;
} txng_index_hit;

/**
 * The records whose name key of @p kind equals that of @p text (folded here),
 * in ascending record order, names ('N') and codes ('K') alike.
 * @param[out] hits  malloc'd (free()), NULL when @p *n is 0
 * @return TXNG_OK (also when none), TXNG_EINVAL (no kind letter for @p kind,
 *         or a NULL argument), TXNG_EFORMAT (@p text not UTF-8), TXNG_ENOMEM,
 *         or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_index_find_name(struct txng_log *log, txng_gs1_kind kind,
                                              const char *text, size_t len,
                                              txng_index_hit **hits, size_t *n);

/**
 * The newest master-data record (txng:Party, txng:Place or txng:Product) of
 * @p kind whose "id" is exactly @p id: found through the name key of the id's
 * code (txng_index_id_code(), role TXNG_ROLE_CODE), newest first, each
 * candidate read and its "id" compared.
 *
 * @param[out] index  its record index, when found
 * @param[out] event  its event (json_decref()), NULL when not found
 * @param[out] found  whether there is one; an id without a code (not a
 *                    urn:txng code nor a Digital Link) has none
 * @return TXNG_OK (also when not found), TXNG_EINVAL (a NULL argument, or no
 *         kind letter for @p kind), TXNG_EFORMAT (a candidate record does not
 *         decode), TXNG_ECORRUPT, TXNG_ENOMEM, or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_index_master(struct txng_log *log, txng_gs1_kind kind, const char *id,
                                           uint64_t *index, json_t **event, bool *found);

/**
 * As txng_index_master(), and when this log has no master record of @p id,
 * the newest one that a txng:Imported record carries (found the same way,
 * through the name keys of imported master data; @p event is then the
 * upstream event). For the master data of an EPCIS export; the resolver and
 * bundle selection keep to this log's own records (txng_index_master()).
 */
TXNG_MUST_CHECK txng_err txng_index_master_any(struct txng_log *log, txng_gs1_kind kind,
                                               const char *id, uint64_t *index, json_t **event,
                                               bool *found);

/**
 * The records that name identifier @p id (@p len bytes) in role @p role, in
 * ascending record order. Keys past TXNG_INDEX_ID_MAX bytes are hashed, so a
 * caller that must be sure reads the records it is led to.
 * @param[out] hits  malloc'd (free()), NULL when @p *n is 0
 * @return TXNG_OK (also when none), TXNG_EINVAL, TXNG_ECORRUPT, TXNG_ENOMEM,
 *         or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_index_find(struct txng_log *log, const char *id, size_t len,
                                         unsigned char role, txng_index_hit **hits, size_t *n);

/** One name key of a kind: the folded text after the kind letter, and one record. */
typedef struct txng_index_name {
    const char   *folded; /**< NUL-terminated, owned by the txng_index_names */
    uint64_t      index;
    unsigned char role;   /**< 'N' or 'K' */
} txng_index_name;

/** The names of a kind, from txng_index_names_of(). Zero it before use. */
typedef struct txng_index_names {
    txng_index_name *v;
    size_t           n;
    char            *text; /* the folded strings */
} txng_index_names;

/**
 * Every (name key, record) of @p kind in key order (a cursor over the
 * prefix 0x01 ‖ kind letter), replacing what @p out held. Keys hashed for
 * their length are not listed.
 * @return TXNG_OK, TXNG_EINVAL (no kind letter for @p kind, or a NULL
 *         argument), TXNG_ECORRUPT (a value of the wrong length),
 *         TXNG_ENOMEM, or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_index_names_of(struct txng_log *log, txng_gs1_kind kind,
                                             txng_index_names *out);

/**
 * The records that correct record @p index of @p log by its number (the
 * "#n" keys of txng:corrects, role TXNG_ROLE_CORRECTS), ascending. Numbers
 * name records of the log the correction was made in (docs/format.md §9.6):
 * a record of this log is corrected by this log's own corrections naming its
 * index, never by an imported one; a txng:Imported record by corrections
 * imported from the same origin (that of the txng:Import it names) naming
 * its upstream index (the innermost record's "index"). Only corrections
 * after the record they correct count (by index in its log).
 * @param[out] by  malloc'd (free()), NULL when @p *n is 0
 * @return TXNG_OK (also when none), TXNG_EINVAL, TXNG_ENOTFOUND (no record
 *         @p index), TXNG_ECORRUPT, TXNG_ENOMEM, or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_index_corrected_by(struct txng_log *log, uint64_t index,
                                                 uint64_t **by, size_t *n);

/**
 * How corrections name record @p index, whose event is @p event (docs/format.md
 * §9.6): *@p number is @p index for a record of this log; for a txng:Imported
 * record, the index of the innermost upstream record, and *@p import the index
 * of the txng:Import record it names (whose "origin" says which log's numbers
 * they are). @p import is set to UINT64_MAX for a record of this log, or an
 * Imported record whose "import" does not lead back to a record of the log.
 * @return whether @p event is a txng:Imported event
 */
bool txng_index_correction_number(const json_t *event, uint64_t index, uint64_t *number,
                                  uint64_t *import);

/**
 * Every record that declares record @p index of @p log wrong, ascending, each
 * once: the corrections txng_index_corrected_by() finds and, when the record's
 * event @p ev has an eventID and is not itself an error declaration, the EPCIS
 * error declarations filed under that eventID (imported from another system).
 * @p ev NULL stands for the record's own event (txng_index_unwrap()), read here.
 * @param[out] by  malloc'd (free()), NULL when @p *n is 0
 * @return as txng_index_corrected_by()
 */
TXNG_MUST_CHECK txng_err txng_index_declared_wrong(struct txng_log *log, uint64_t index,
                                                   const json_t *ev, uint64_t **by, size_t *n);

/**
 * The record of @p log that correction record @p index names as the event
 * recorded in place of the one it corrects (txng:replacedBy, docs/format.md
 * §8.4), by the rule of txng_index_corrected_by(): for a correction of this
 * log, this log's record of that number; for a txng:Imported correction, the
 * record imported from the same origin with that upstream index; for an EPCIS
 * error declaration, the first record filed under the first of its
 * correctiveEventIDs (§10.5). *@p found is false when the correction names
 * none, or none that this log holds.
 * @return TXNG_OK (also when none), TXNG_EINVAL, TXNG_ENOTFOUND (no record
 *         @p index), TXNG_ECORRUPT, TXNG_ENOMEM, or a storage error.
 */
TXNG_MUST_CHECK txng_err txng_index_replacement(struct txng_log *log, uint64_t index,
                                                uint64_t *by, bool *found);

/** Release what @p names holds and zero it. NULL is accepted. */
void txng_index_names_free(txng_index_names *names);

#endif /* TXNG_CORE_INDEX_H */
