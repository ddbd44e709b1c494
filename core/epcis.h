/*
 * epcis.h - EPCIS 2.0 JSON-LD events: CBV 2.0 event hash IDs, export of
 * txng records and strict import of partner documents
 *
 * The event hash ID (CBV 2.0 section "event hash") identifies an EPCIS event
 * by its content: "ni:///sha-256;" + lower-case hex SHA-256 of a UTF-8
 * pre-hash string + "?ver=CBV2.0". The pre-hash string concatenates, with
 * no separator, "eventType=<type>" and the event's fields in a fixed order,
 * lists sorted, values normalised: times to UTC with milliseconds, numbers
 * to one spelling, CBV words and URNs to web URIs, GS1 identifiers (EPC
 * URNs, any Digital Link) to constrained canonical Digital Link URIs,
 * extension names to "{namespace}name". Where the CBV text and the
 * reference implementation (RalphTro/epcis-event-hash-generator) disagree,
 * this module follows the implementation, which produced every published
 * vector; docs/format.md lists the choices.
 *
 * A txng record whose event has an EPCIS type becomes an EPCIS event with
 * its record index, leaf hash and signatures as txng: extension members,
 * and its hash ID as eventID. A partner's EPCIS document is checked
 * against the rules of the EPCIS 2.0 JSON schema that matter for import
 * (and GS1 check digits), and each event becomes a txng event that keeps
 * the partner's members, so that its hash ID can be computed again.
 *
 * A document of any size is read in bounded memory by the streaming reader
 * (txng_epcis_scan_*): it hands over the events one by one and keeps the
 * rest, the head, for txng_epcis_head_check(); txng_epcis_event_check()
 * applies the rules of txng_epcis_document_check() to one event.
 *
 * Diagnostics: refusals of outside input return TXNG_EFORMAT with
 * diag->field the JSON Pointer of the element concerned
 * ("/epcisBody/eventList/0/bizStep", cut to fit) and diag->reason a static
 * English phrase naming the rule broken.
 *
 * Master data (txng_epcis_master_*): the places, parties and products the
 * exported events name, described by the newest txng:Place, txng:Party and
 * txng:Product record of each, for the document's
 * epcisHeader.epcisMasterData. Master data is no part of an event's hash ID.
 *
 * Values are jansson json_t; ownership follows jansson. No global state;
 * every function may be called from any thread (a txng_epcis_master by one
 * thread at a time; the log handle as in log.h).
 */
#ifndef TXNG_CORE_EPCIS_H
#define TXNG_CORE_EPCIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/record.h"

struct txng_log;

/** The EPCIS 2.0 JSON-LD context every document names first. */
#define TXNG_EPCIS_CONTEXT "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
/** Namespace of txng's extension members (prefix "txng"); it ends in "/". */
#define TXNG_EPCIS_NS "https://ns.txng.org/epcis/"
/** EPCIS vocabulary types of the master data written. Parties have no vocabulary of
 *  their own: CBV location and party master data describes an identifier where events
 *  name it, and events name parties as source or destination (SourceDest). */
#define TXNG_EPCIS_VTYPE_READPOINT  "urn:epcglobal:epcis:vtype:ReadPoint"
#define TXNG_EPCIS_VTYPE_BIZLOC     "urn:epcglobal:epcis:vtype:BusinessLocation"
#define TXNG_EPCIS_VTYPE_SOURCEDEST "urn:epcglobal:epcis:vtype:SourceDest"
#define TXNG_EPCIS_VTYPE_EPCCLASS   "urn:epcglobal:epcis:vtype:EPCClass"
/** Size of a buffer for an event hash ID, with its NUL. */
#define TXNG_EPCIS_HASH_ID_MAX (sizeof "ni:///sha-256;?ver=CBV2.0" + 2 * TXNG_HASH_BYTES)
/** Size of a buffer for a normalised identifier, with its NUL. */
#define TXNG_EPCIS_ID_MAX 1024
/** Largest EPCIS document read whole (txng_epcis_document_check()), in bytes. */
#define TXNG_EPCIS_DOC_MAX (64u * 1024u * 1024u)
/** Largest text of the document's members outside its event list, together,
 *  that txng_epcis_scan_feed() reads. */
#define TXNG_EPCIS_HEAD_MAX (16u * 1024u * 1024u)
/** Largest text of one event that txng_epcis_scan_feed() reads. */
#define TXNG_EPCIS_EVENT_MAX (1024u * 1024u)

/**
 * The CBV 2.0 event hash ID of @p event.
 *
 * @param[in]  event    an EPCIS event object (borrowed)
 * @param[in]  context  the document's "@context" (a string, an object or an
 *                      array of them) whose object entries map prefixes to
 *                      namespaces; NULL for none. Only these prefixes are
 *                      expanded (not those the standard context defines).
 * @param[out] id       TXNG_EPCIS_HASH_ID_MAX bytes
 * @param[out] prehash  if not NULL, the malloc'd NUL-terminated pre-hash
 *                      string (free()); NULL on failure
 * @param[out] prehash_len  if not NULL, its length
 * @return TXNG_OK, TXNG_EINVAL (@p event or @p id NULL), TXNG_EFORMAT
 *         (@p event is not an object with a string "type"; field "/type"),
 *         TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_hash_id(const json_t *event, const json_t *context,
                                            char id[TXNG_EPCIS_HASH_ID_MAX], char **prehash,
                                            size_t *prehash_len, txng_diag *diag);

/**
 * The constrained canonical Digital Link URI the hash ID uses for the
 * identifier @p uri (an EPC URN, EPC class or pattern URN, or a Digital Link
 * URI on any host): https://id.gs1.org, primary key, at most the finest key
 * qualifier, no query.
 *
 * @param[out] out  @p cap bytes
 * @return whether @p uri was converted; when false @p out is "" and the hash
 *         uses @p uri as it is.
 */
bool txng_epcis_normalise_id(char *out, size_t cap, const char *uri);

/**
 * Check a parsed EPCIS document: type EPCISDocument (or EPCISQueryDocument),
 * schemaVersion, creationDate, "@context", and every event of
 * epcisBody.eventList (or queryResults.resultsBody.eventList) against the
 * rules of the EPCIS 2.0 JSON schema: known event type, the members each type
 * allows and requires and their JSON types, times with an offset, the offset
 * pattern, actions, CBV words or URIs for bizStep, disposition and the type
 * of source, destination and business transaction, URIs for identifiers,
 * quantity elements, ilmd only with action ADD, extension members named
 * "prefix:name"; then GS1 check digits and syntax of every identifier that is
 * a GTIN, SSCC or GLN Digital Link URI or EPC URN.
 *
 * @param[out] events  if not NULL, the event list (borrowed from @p doc)
 * @return TXNG_OK, TXNG_EINVAL (@p doc NULL), or TXNG_EFORMAT with the JSON
 *         Pointer in diag->field and one of the reasons: "not an object",
 *         "not an array", "not a string", "not a number", "required member
 *         missing", "member not allowed here", "extension member without a
 *         prefix", "not an EPCIS document", "unknown event type", "not a
 *         schema version", "not a date-time with an offset", "not a time
 *         zone offset", "not ADD, OBSERVE or DELETE", "not a CBV 2.0 bizStep
 *         or a URI", "not a CBV 2.0 disposition or a URI", "not a CBV 2.0
 *         business transaction type or a URI", "not a CBV 2.0 source or
 *         destination type or a URI", "not a URI", "CBV URN not allowed in
 *         JSON: use the bare word", "ilmd needs action ADD", "empty list",
 *         "not a unit of measure (UN/ECE Rec 20)", "no objects: give epcList,
 *         quantityList or sensorElementList", "no inputs or outputs", "no
 *         child objects", "values repeated", or a GS1 refusal of core/gs1.h
 *         ("wrong check digit: expected D", ...).
 */
TXNG_MUST_CHECK txng_err txng_epcis_document_check(const json_t *doc, const json_t **events,
                                                   txng_diag *diag);

/**
 * The checks of txng_epcis_document_check() but those of the events, on
 * @p head: a document whose event list may be empty (the head that
 * txng_epcis_scan_end() gives).
 *
 * @param[out] query  whether the events are those of an EPCISQueryDocument
 *                    (epcisBody.queryResults.resultsBody.eventList)
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), or TXNG_EFORMAT as
 *         txng_epcis_document_check().
 */
TXNG_MUST_CHECK txng_err txng_epcis_head_check(const json_t *head, bool *query, txng_diag *diag);

/**
 * The checks of txng_epcis_document_check() for one event: element
 * @p index of the event list (of a query document's when @p query); the JSON
 * Pointers in diag->field are those of the whole document.
 *
 * @return TXNG_OK, TXNG_EINVAL (@p event NULL), or TXNG_EFORMAT as
 *         txng_epcis_document_check().
 */
TXNG_MUST_CHECK txng_err txng_epcis_event_check(const json_t *event, bool query, size_t index,
                                                txng_diag *diag);

/**
 * Streaming reader of an EPCIS document of any size, in memory bounded by
 * its largest event and its head (the members outside the event list).
 *
 * The document's bytes are fed in chunks of any size. A strict JSON
 * tokenizer (RFC 8259: UTF-8 without overlong forms or surrogates, escapes,
 * \u pairs, numbers, literals; no \u0000, at most 512 levels of nesting,
 * nothing after the document but white space) follows the nesting; it keeps
 * the members of the root, epcisBody, epcisBody.queryResults and its
 * resultsBody (the "spine") as the head, refusing a member name repeated in
 * one of these objects, and hands each element of epcisBody.eventList and of
 * epcisBody.queryResults.resultsBody.eventList, as its JSON text, to a
 * callback as soon as it ends. The text of an element is not parsed here:
 * txng_epcis_elem_parse() does it.
 *
 * Refusals are TXNG_EFORMAT with diag->line and diag->offset the line and
 * column (from 1, in bytes) of the byte refused, diag->field the JSON Pointer
 * of a repeated member ("" otherwise) and one of the reasons "unexpected
 * character", "unexpected end of input", "data after the end of the
 * document", "control character in a string", "invalid escape in a
 * string", "unpaired surrogate escape in a string", "\u0000 in a string",
 * "not UTF-8", "malformed number", "not true, false or null", "nested more
 * than 512 deep", "not an object" (the document), "member repeated",
 * "member name longer than 4096 bytes", "header larger than 16 MiB", "event
 * larger than 1 MiB", and, for the text of a member of the head, those of
 * txng_epcis_elem_parse().
 * txng_epcis_scan_where() gives the byte offset too.
 *
 * A reader is used by one thread at a time.
 */
typedef struct txng_epcis_scan txng_epcis_scan;

/** One element of an event list, as the reader hands it over. */
typedef struct txng_epcis_elem {
    bool        query; /**< of the query document's event list */
    size_t      index; /**< its index in that list, from 0 */
    const char *text;  /**< its JSON text, len bytes and a NUL; valid during the call */
    size_t      len;
    uint64_t    offset; /**< byte offset of its first byte in the document */
    size_t      line;   /**< line and column (bytes) of that byte, from 1 */
    size_t      column;
} txng_epcis_elem;

/**
 * Called with each element of an event list in document order; a return
 * other than TXNG_OK stops the reader, and txng_epcis_scan_feed() returns it.
 */
typedef txng_err (*txng_epcis_event_fn)(void *ctx, const txng_epcis_elem *elem);

/**
 * A new reader.
 *
 * @param[out] out  the reader (txng_epcis_scan_free()), NULL on failure
 * @param[in]  fn   called for each event, with @p ctx; NULL to read the head
 *                  only (the events are then tokenized and counted, not kept)
 * @return TXNG_OK, TXNG_EINVAL (@p out NULL), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_scan_new(txng_epcis_scan **out, txng_epcis_event_fn fn,
                                             void *ctx);

/**
 * Read the next @p len bytes of the document.
 *
 * @return TXNG_OK, TXNG_EINVAL (NULL reader, or a refusal was returned
 *         before), TXNG_EFORMAT (see above), TXNG_ENOMEM, or what the
 *         callback returned.
 */
TXNG_MUST_CHECK txng_err txng_epcis_scan_feed(txng_epcis_scan *s, const void *data, size_t len,
                                              txng_diag *diag);

/**
 * The document ended: its head, the members outside the event lists (each
 * event list an empty array), for txng_epcis_head_check().
 *
 * @param[out] head  the head (json_decref), NULL on failure; once only
 * @return TXNG_OK, TXNG_EINVAL (NULL argument, a refusal before, or the head
 *         taken already), TXNG_EFORMAT ("unexpected end of input").
 */
TXNG_MUST_CHECK txng_err txng_epcis_scan_end(txng_epcis_scan *s, json_t **head, txng_diag *diag);

/** Where the last refusal of @p s is: byte offset, line and column (bytes), from 0, 1, 1. */
void txng_epcis_scan_where(const txng_epcis_scan *s, uint64_t *offset, size_t *line,
                           size_t *column);

/** How many elements the event list (@p query: the query document's) had so far. */
uint64_t txng_epcis_scan_events(const txng_epcis_scan *s, bool query);

/** Free @p s; NULL is accepted. */
void txng_epcis_scan_free(txng_epcis_scan *s);

/**
 * Parse the text of @p elem (JSON_REJECT_DUPLICATES, any value).
 *
 * @param[out] out  the value (json_decref), NULL on failure
 * @return TXNG_OK, TXNG_EINVAL, TXNG_ENOMEM, or TXNG_EFORMAT with diag->line
 *         and diag->offset the line and column in the document (from those of
 *         @p elem) and the reason "member repeated", "number out of range",
 *         "\u0000 in a string", "not UTF-8", "nested more than 512 deep" or
 *         "malformed JSON".
 */
TXNG_MUST_CHECK txng_err txng_epcis_elem_parse(json_t **out, const txng_epcis_elem *elem,
                                               txng_diag *diag);

/**
 * The txng event for the partner EPCIS event @p event (checked by
 * txng_epcis_document_check()): the partner's members as they are, with
 * "eventID" (the partner's, or the hash ID computed here when it has none),
 * "txng:context" (prefix -> namespace of the prefixes that its member names
 * and CURIE values use, when any), numbers that are not integers of at most 2^53-1 written as
 * decimal strings (the hash ID reads both alike), strings in NFC, a nested
 * "@context" dropped, and eventTime written in the offset of
 * eventTimeZoneOffset when the two differ (the same instant).
 *
 * @param[out] out  the new event (json_decref), NULL on failure
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_EFORMAT ("prefix txng
 *         names another namespace", "not UTF-8", a time refusal), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_to_event(json_t **out, const json_t *event,
                                             const json_t *context, txng_diag *diag);

/**
 * The EPCIS event of record @p rec (leaf hash @p leaf), or TXNG_ENOTFOUND
 * when its event is not an EPCIS event (master data, keys, genesis,
 * corrections). For an event of this log: its members (quantities of
 * quantity lists and numeric sensor values as JSON numbers; a
 * TransformationEvent with only inputs or only outputs gets the
 * transformationID "ni:///sha-256;<hex leaf hash>", which the schema then
 * requires), "txng:index",
 * "txng:leaf" (base64), "txng:signatures" (as stored), "txng:event" (the
 * event as signed, only when the members above cannot give back its exact
 * bytes), and "eventID", its hash ID. For an event imported from EPCIS
 * (it has "eventID"): the partner's members as received, with its eventID;
 * nothing of this log is added, so the ID can be computed again.
 *
 * @param[out] out      the new event (json_decref), NULL on failure
 * @param[out] context  if not NULL, the event's prefixes (a new object, or
 *                      NULL when it has none) for the document's @context
 * @return TXNG_OK, TXNG_ENOTFOUND, TXNG_EINVAL, TXNG_EFORMAT, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_from_record(json_t **out, json_t **context,
                                                const txng_record  *rec,
                                                const unsigned char leaf[TXNG_HASH_BYTES],
                                                txng_diag          *diag);

/**
 * The signed event back from an EPCIS event that txng_epcis_from_record()
 * wrote for an event of its log: "txng:event" when present, else the members
 * without eventID, txng:index, txng:leaf and txng:signatures, with quantities
 * of quantity lists as decimal strings. Its canonical bytes are those the
 * signatures in "txng:signatures" cover.
 *
 * @param[out] out  the new event (json_decref)
 * @return TXNG_OK, TXNG_EINVAL, TXNG_EFORMAT ("not a txng event": no
 *         txng:signatures), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_signed_event(json_t **out, const json_t *epcis_event,
                                                 txng_diag *diag);

/**
 * Compact JSON text of @p value, members in their order, non-integer
 * numbers in their shortest form that reads back the same ("9.6", not
 * "9.5999999999999996"), other characters as they are except those JSON
 * requires escaped.
 *
 * @param[out] out  malloc'd NUL-terminated text (free())
 * @return TXNG_OK, TXNG_EINVAL (NULL, or nested more than 64 deep), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_dump(const json_t *value, char **out, size_t *out_len);

/**
 * The identifiers a selection of events names, gathered for
 * txng_epcis_master_data(). Create with txng_epcis_master_new(), release with
 * txng_epcis_master_free(). Memory grows with the distinct identifiers
 * named, not with the events.
 */
typedef struct txng_epcis_master txng_epcis_master;

/**
 * An empty collection.
 * @param[out] out  the collection, NULL on failure
 * @return TXNG_OK, TXNG_EINVAL (@p out NULL), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_master_new(txng_epcis_master **out);

/**
 * Note what @p event (a stored event, as in txng_record.event) names, when
 * its type is an EPCIS event type (other events add nothing): readPoint.id
 * (a read point), bizLocation.id (a business location), sourceList[].source
 * and destinationList[].destination (sources and destinations), and the
 * products of its objects (roles 'E', 'P', 'C', 'I', 'O' of core/index.h):
 * "https://id.gs1.org/01/<gtin>" for a Digital Link with a GTIN, the
 * identifier itself for a urn:txng product code. Identifiers that are not
 * strings, or are empty, are skipped.
 * @param[in] event  borrowed for the call
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_epcis_master_add(txng_epcis_master *m, const json_t *event);

/**
 * The epcisMasterData object for what @p m holds:
 * {"vocabularyList":[<vocabulary>...]} with at most four vocabularies, in
 * this order and each only when it has an element: ReadPoint and
 * BusinessLocation (described by txng:Place records), SourceDest (txng:Party
 * records; a destination or source that is a place: its txng:Place record),
 * EPCClass (txng:Product records). A vocabulary is {"type":<vtype>,
 * "vocabularyElementList":[{"id":<id>,"attributes":[{"id":<attribute
 * URI>,"attribute":<value>}...]}...]}, its elements sorted by id (bytes),
 * each described by the newest master record of its id
 * (txng_index_master()); an identifier without one is left out. Attributes:
 * name -> urn:epcglobal:cbv:mda#name (a product's:
 * urn:epcglobal:cbv:mda#descriptionShort), address ->
 * urn:epcglobal:cbv:mda#streetAddressOne, gps "LAT,LON" ->
 * urn:epcglobal:cbv:mda#latitude and #longitude (the text of each), in this
 * order; then every other member but type, id, eventTime and
 * eventTimeZoneOffset, sorted by name, as "txng:<member>" (a member named
 * txng:x keeps its name). Strings, numbers and objects are written as they
 * are; an array gives one attribute per element of those types; other
 * values (true, false, null, an array in an array) are left out, as the
 * schema allows none of them.
 *
 * @param[out] out    the new object (json_decref()), or NULL when no
 *                    element was found
 * @param[out] count  if not NULL, the number of elements written
 * @return TXNG_OK, TXNG_EINVAL (NULL @p m, @p log or @p out), TXNG_ENOMEM, or
 *         an error of txng_index_master().
 */
TXNG_MUST_CHECK txng_err txng_epcis_master_data(json_t **out, size_t *count,
                                                const txng_epcis_master *m,
                                                struct txng_log         *log);

/** Free @p m; NULL is accepted. */
void txng_epcis_master_free(txng_epcis_master *m);

#endif /* TXNG_CORE_EPCIS_H */
