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
 * Diagnostics: refusals of outside input return TXNG_EFORMAT with
 * diag->field the JSON Pointer of the element concerned
 * ("/epcisBody/eventList/0/bizStep", cut to fit) and diag->reason a static
 * English phrase naming the rule broken.
 *
 * Values are jansson json_t; ownership follows jansson. No global state;
 * every function may be called from any thread.
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

/** The EPCIS 2.0 JSON-LD context every document names first. */
#define TXNG_EPCIS_CONTEXT "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
/** Namespace of txng's extension members (prefix "txng"); it ends in "/". */
#define TXNG_EPCIS_NS "https://ns.txng.org/epcis/"
/** Size of a buffer for an event hash ID, with its NUL. */
#define TXNG_EPCIS_HASH_ID_MAX (sizeof "ni:///sha-256;?ver=CBV2.0" + 2 * TXNG_HASH_BYTES)
/** Size of a buffer for a normalised identifier, with its NUL. */
#define TXNG_EPCIS_ID_MAX 1024
/** Largest EPCIS document read, in bytes. */
#define TXNG_EPCIS_DOC_MAX (64u * 1024u * 1024u)

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

#endif /* TXNG_CORE_EPCIS_H */
