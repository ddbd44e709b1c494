/*
 * event.h - critical tracking events (CTEs), their key data elements and rules
 *
 * txng records what happens to Ngọc Linh ginseng as EPCIS 2.0 events
 * (ObjectEvent, AggregationEvent, TransformationEvent, TransactionEvent,
 * AssociationEvent) and keeps parties, places, products and certificates
 * as master data events of its own types (txng:Party, txng:Place,
 * txng:Product, txng:Certificate). A static table of steps names each
 * kind of event a user can record ("harvest", "ship", "party", ...): its
 * EPCIS type, CBV 2.0 bizStep (or urn:txng:bizstep:<step> where CBV has
 * none), disposition and action, and its key data elements (KDEs): the
 * options a user gives on the command line or as CSV columns, where each
 * one goes in the event JSON, what values it takes and whether it is
 * required. docs/tcvn12850.md shows the table.
 *
 * txng_event_build() turns (option, text) pairs as a user typed them into
 * the event: it checks every value (GS1 check digits, lots in character
 * set 82, quantities with UN/CEFACT units, times with an offset, text in
 * NFC), refuses unknown options and missing required elements, and then
 * applies txng_event_rules_check(), the stateless rules that every event
 * must pass before it is appended, whoever built it (a pre-signed event, an
 * EPCIS import). Rules that need the log (a harvest before its cohort was
 * planted, more roots than counted, serials beyond the harvest, GI code of
 * the place, names of known parties) belong to the lineage index.
 *
 * Events built here carry "txng:step": "<step name>" (EPCIS types) so that
 * rules and the index know the step without guessing from the bizStep;
 * master data events are known by their type.
 *
 * Diagnostics: refusals return TXNG_EFORMAT with diag->reason a static
 * English phrase (TXNG_N_) and diag->field the option name concerned
 * ("roots", "time", "in"); diag->offset is a position inside the value
 * when one applies. For a missing element the reason names the element,
 * the step and the option to give ("harvest needs the root count: give
 * --roots N").
 *
 * Every function may be called from any thread; the table is constant.
 * Core never reads the clock: the caller passes "now" to
 * txng_event_time_check().
 */
#ifndef TXNG_CORE_EVENT_H
#define TXNG_CORE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/gs1.h"

/** Prefix of txng's private bizStep URNs: urn:txng:bizstep:<step>. */
#define TXNG_BIZSTEP_PREFIX "urn:txng:bizstep:"
/** Most serials one range may expand to in one event. */
#define TXNG_EVENT_SERIALS_MAX 4000
/** Longest free-text value, in bytes after NFC. */
#define TXNG_EVENT_TEXT_MAX 2000
/** Size of a buffer for a normalised RFC 3339 time. */
#define TXNG_EVENT_TIME_MAX 40
/** Identifier kind meaning "any kind" (a subject of a certificate). */
#define TXNG_KDE_KIND_ANY (-1)

/** Value types of key data elements. */
typedef enum txng_kde_type {
    TXNG_KDE_ID,       /**< identifier: Digital Link, EPC URN, urn:txng, or a plain code
                            made into urn:txng:<origin>:<kind>:<code> */
    TXNG_KDE_LOT,      /**< lot: a plain code (GS1 set 82, 1-20 chars) or an identifier;
                            with the step's GTIN it becomes .../01/<gtin>/10/<lot> */
    TXNG_KDE_SERIALS,  /**< a serial or a range of digit serials "000001-000040";
                            with the step's GTIN each becomes .../01/<gtin>/21/<serial> */
    TXNG_KDE_GTIN,     /**< GTIN-8/12/13/14, check digit verified, written as 14 digits */
    TXNG_KDE_GLN,      /**< GLN (13 digits) of a party (AI 417) or place (AI 414) */
    TXNG_KDE_ID_QTY,   /**< "<lot or identifier>:<quantity>", e.g. "L24-017:9.6kg" */
    TXNG_KDE_QUANTITY, /**< decimal and unit: "9.6kg", "9.6 kg", "KGM 9.6"; "120" = 120 H87;
                            more than zero, and a whole number of pieces (H87) */
    TXNG_KDE_INT,      /**< integer 0..2^53-1; 1.. with TXNG_KDE_POSITIVE */
    TXNG_KDE_DECIMAL,  /**< non-negative decimal without unit, e.g. "49.5" */
    TXNG_KDE_TIME,     /**< RFC 3339 date-time with an offset (required) */
    TXNG_KDE_DATE,     /**< YYYY-MM-DD */
    TXNG_KDE_TEXT,     /**< UTF-8 text, normalised to NFC, no control characters */
    TXNG_KDE_ENUM,     /**< one of txng_kde.values */
    TXNG_KDE_GPS,      /**< "lat,lon" in decimal degrees */
    TXNG_KDE_SHA256,   /**< 64 hex digits (a document's SHA-256), written in lower case */
    TXNG_KDE_GI_CODE,  /**< geographical indication code, e.g. C0004-SNLKTG */
    TXNG_KDE_COUNTRY,  /**< ISO 3166-1 alpha-2 country code, written in capitals ("VN") */
} txng_kde_type;

/** Where a key data element goes in the event. */
typedef enum txng_kde_at {
    TXNG_AT_MEMBER,     /**< member "key" ("a.b" = member b of object a); an array if MULTI */
    TXNG_AT_TIME,       /**< eventTime and eventTimeZoneOffset, or member "key" when set */
    TXNG_AT_EPCS,       /**< identifiers appended to the array "key" (epcList, ...) */
    TXNG_AT_QUANTITIES, /**< {"epcClass","quantity","uom"} appended to the array "key" */
    TXNG_AT_AMOUNT,     /**< quantity of the step's LOT element */
    TXNG_AT_GTIN,       /**< GTIN that qualifies the step's LOT and SERIALS elements */
    TXNG_AT_LOCATION,   /**< "key" = {"id": identifier} (readPoint, bizLocation) */
    TXNG_AT_SOURCE,     /**< sourceList gets {"type": sub, "source": identifier} */
    TXNG_AT_DEST,       /**< destinationList gets {"type": sub, "destination": identifier} */
    TXNG_AT_BIZ_TX,     /**< bizTransactionList gets {"type": sub, "bizTransaction": id} */
} txng_kde_at;

/** Flags of a key data element. */
enum txng_kde_flags {
    /** Required; with a group, at least one element of the group is required. */
    TXNG_KDE_REQUIRED = 1u << 0,
    TXNG_KDE_MULTI    = 1u << 1, /**< may be given more than once */
    TXNG_KDE_MASS     = 1u << 2, /**< a quantity whose unit must be a mass (KGM, GRM, ...) */
    TXNG_KDE_NOGTIN   = 1u << 3, /**< a LOT or SERIALS element the step's GTIN does not qualify */
    /** A SHA256 element naming an image: a file given for it is also kept in the log's
     *  media store (core/media.h), from where the resolver shows it. */
    TXNG_KDE_IMAGE    = 1u << 4,
    /** An INT element that counts things (plants, roots): 0 is refused. */
    TXNG_KDE_POSITIVE = 1u << 5,
    /** A DECIMAL element that is a percentage: more than 100 is refused. */
    TXNG_KDE_PERCENT  = 1u << 6,
};

/** One key data element of a step. Static; part of the table. */
typedef struct txng_kde {
    const char   *option;  /**< option name as the CLI takes it, without "--" ("roots") */
    const char   *metavar; /**< placeholder in help ("N", "CODE", "TIME") */
    const char   *label;   /**< English label ("root count"), marked with TXNG_N_ */
    const char   *heading; /**< Vietnamese CSV column heading ("Số củ") */
    txng_kde_type type;
    txng_kde_at   at;
    const char   *key;     /**< JSON member or list for @c at; NULL where @c at needs none */
    const char   *sub;     /**< type value for SOURCE/DEST/BIZ_TX; "414"/"417" for GLN */
    int           kind;    /**< txng_gs1_kind for ID elements, or TXNG_KDE_KIND_ANY */
    unsigned      flags;   /**< enum txng_kde_flags */
    const char   *group;   /**< one-of group name ("what"), or NULL; marked with
                                TXNG_NC_("group of options", ...) */
    const char   *values;  /**< ENUM: "a|b" or "a=stored|b=stored"; NULL otherwise */
    /** Reason given when the element (or its group) is missing; NULL if not required. */
    const char *missing;
} txng_kde;

/** One step of the CTE vocabulary, or a kind of master data. Static. */
typedef struct txng_step {
    const char     *name;        /**< "harvest" */
    const char     *label;       /**< English ("root harvest"), marked with TXNG_N_ */
    const char     *label_vi;    /**< Vietnamese ("Thu hoạch củ") */
    const char     *type;        /**< "ObjectEvent", ..., or "txng:Party", ... */
    const char     *biz_step;    /**< CBV word or urn:txng:bizstep:<name>; NULL for master data */
    const char     *disposition; /**< CBV disposition, or NULL */
    const char     *action;      /**< "ADD", "OBSERVE", "DELETE", or NULL */
    bool            master;      /**< master data (or a correction), not an EPCIS event */
    const char     *cte;         /**< rows of the CTE table in the notes ("8"), or "" */
    const txng_kde *kdes;
    size_t          n_kdes;
} txng_step;

/** One option value as a user typed it: borrowed strings, NUL-terminated. */
typedef struct txng_kde_value {
    const char *option; /**< "roots" (no leading "--") */
    const char *value;  /**< "120" */
} txng_kde_value;

/**
 * Turns a plain code or name into an identifier (the CLI looks names of
 * places and parties up in master data). @p kind is a txng_gs1_kind or
 * TXNG_KDE_KIND_ANY. Write a canonical identifier (TXNG_GS1_URI_MAX bytes)
 * to @p out and return TXNG_OK; return TXNG_ENOTFOUND to let the builder
 * make urn:txng:<origin>:<kind>:<text>; any other code refuses the value
 * (set @p diag->reason, e.g. "unknown place").
 */
typedef txng_err (*txng_event_resolve_fn)(void *ctx, int kind, const char *text, char *out,
                                          txng_diag *diag);

/** Options of txng_event_build_ex(). */
typedef struct txng_event_opts {
    const char           *origin;      /**< the log's origin, for urn:txng codes; required */
    txng_event_resolve_fn resolve;     /**< may be NULL */
    void                 *resolve_ctx; /**< passed to @c resolve */
} txng_event_opts;

/** Notes about accepted input (txng_event_build_ex), OR-ed. */
enum txng_event_notes {
    TXNG_EVENT_NOTE_FOREIGN_GS1 = 1u << 0, /**< a GTIN or GLN outside Vietnam's prefix 893 */
    /** A transformation whose inputs and outputs share no unit (kg in, pieces out): its
     *  mass balance, made unit by unit, could not be checked. */
    TXNG_EVENT_NOTE_UNWEIGHED = 1u << 1,
};

/** Number of steps in the table. */
size_t txng_step_count(void);

/** Step @p i (0 <= i < txng_step_count()) in table order, or NULL. Static. */
const txng_step *txng_step_at(size_t i);

/** The step named @p name ("harvest"), or NULL. Static. */
const txng_step *txng_step_find(const char *name);

/** The element of @p step whose option is @p option, or NULL. Static. */
const txng_kde *txng_step_kde(const txng_step *step, const char *option);

/**
 * The element of @p step whose Vietnamese heading or option or English label
 * is @p heading (case-sensitive, after NFC), for CSV import; or NULL.
 */
const txng_kde *txng_step_kde_by_heading(const txng_step *step, const char *heading);

/**
 * The step an event belongs to: its "txng:step" member, else a bizStep
 * urn:txng:bizstep:<name>, else its type when that is a master data type.
 * NULL for other events (a foreign EPCIS event with a CBV bizStep) and
 * when "txng:step" names no step.
 */
const txng_step *txng_event_step(const json_t *event);

/**
 * The mass of quantity element @p e ({"epcClass", "quantity", "uom"}) in
 * micrograms, into *@p ug, when its unit is a mass (KGM, GRM, MGM, TNE) and
 * its quantity a valid decimal; false otherwise (another unit, none, too large).
 */
bool txng_quantity_micrograms(const json_t *e, int64_t *ug);

/**
 * Build the event of @p step from @p n values, using urn:txng codes of
 * @p origin for plain codes. Same as txng_event_build_ex() with no
 * resolver, discarding the notes.
 */
TXNG_MUST_CHECK txng_err txng_event_build(json_t **out, const txng_step *step,
                                          const char *origin, const txng_kde_value *values,
                                          size_t n, txng_diag *diag);

/**
 * Build the event of @p step from @p n (option, text) pairs.
 *
 * Values are checked in the order given; an option may appear once unless
 * its element is MULTI. The event has "type", "txng:step" (EPCIS types),
 * "action", "bizStep", "disposition" as the step says, and each element
 * where its txng_kde says. The result passes txng_event_rules_check() and
 * txng_canon_check().
 *
 * @param[out] out     the new event (json_decref), NULL on failure
 * @param[in]  step    from the table
 * @param[in]  opts    origin (txng_origin_valid) and optional resolver
 * @param[in]  values  @p n pairs, borrowed for the call
 * @param[out] notes   if not NULL, enum txng_event_notes of accepted input
 *                     (TXNG_EVENT_NOTE_UNWEIGHED: a transformation whose
 *                     inputs and outputs share no unit, e.g. seeds in kg sown
 *                     to seedlings in pieces)
 * @param[out] diag    may be NULL
 * @return TXNG_OK, or
 *         TXNG_EINVAL   NULL arguments, a bad origin, a NULL option or value;
 *         TXNG_EFORMAT  "unknown option for this step", "option given twice",
 *                       a step's missing-element reason, a refused value (the
 *                       reasons of core/gs1.h, "not a quantity", "unknown
 *                       unit", "time without an offset: give e.g. ...",
 *                       "a count must be at least 1" (an INT element with
 *                       TXNG_KDE_POSITIVE), "a count of pieces is a whole
 *                       number: ..." (H87), "not one of the allowed
 *                       values: <the values>" (ENUM), ...), two options
 *                       filling one member ("conflicts with another option"),
 *                       or a refusal of txng_event_rules_check();
 *         TXNG_ENOMEM;
 *         or what the resolver returned.
 */
TXNG_MUST_CHECK txng_err txng_event_build_ex(json_t **out, const txng_step *step,
                                             const txng_event_opts *opts,
                                             const txng_kde_value *values, size_t n,
                                             unsigned *notes, txng_diag *diag);

/**
 * Parse @p text as serials: "A-B", digits of equal length with A <= B, is
 * the range from A to B; any other text is one serial, checked as GS1 AI 21
 * (set 82, 1-20 characters).
 *
 * @param[out] first, last  the ends, NUL-terminated (TXNG_GS1_VALUE_MAX + 1 bytes each)
 * @param[out] count        how many serials; TXNG_EVENT_SERIALS_MAX + 1 for any more
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag (offset into @p text).
 */
TXNG_MUST_CHECK txng_err txng_serials_parse(const char *text, char *first, char *last,
                                            size_t *count, txng_diag *diag);

/** Step the digit serial @p s to the next one, in place (no carry out of its first digit:
 *  callers stop at the last serial of a range). */
void txng_serials_next(char *s);

/**
 * The stateless rules, applied to any event about to be appended.
 *
 * Events of an EPCIS type: eventTime with an offset and a matching
 * eventTimeZoneOffset; quantity elements well-formed (epcClass, quantity
 * as a decimal string or integer, uom of 2-3 capitals); in a
 * TransformationEvent, for each unit present among both inputs and outputs,
 * the outputs do not outweigh the inputs unless "txng:allowGain" gives a
 * reason, and mass quantities use one mass unit (a transformation whose
 * inputs and outputs share no unit is not weighed; the builder notes it).
 * Events of a txng step (txng_event_step()): the type, bizStep, action and
 * disposition match the step, every required element is present, and every
 * element present is well-formed (identifiers canonical, quantities more
 * than zero and whole in pieces, counts of TXNG_KDE_POSITIVE elements at
 * least 1, values of ENUM elements in their list, times, text in NFC).
 * Other types (txng:KeyEnrol, ...) pass.
 *
 * @return TXNG_OK, TXNG_EINVAL (@p event NULL), or TXNG_EFORMAT with
 *         @p diag: the step's missing-element reason; "unknown txng:step";
 *         "type does not match the step"; "bizStep does not match the step";
 *         "action does not match the step"; "disposition does not match the
 *         step"; "missing eventTime"; "time without an offset: give e.g.
 *         2025-10-01T08:00+07:00";
 *         "eventTimeZoneOffset does not match eventTime"; "not a canonical
 *         identifier"; a quantity element refused for what is wrong in it
 *         ("a quantity element needs its epcClass: ...", "... has only
 *         epcClass, quantity and uom: ...", "a uom without a quantity: ...",
 *         "quantity is not a decimal string in canonical form: ...", "uom is
 *         a unit symbol, not its UN/CEFACT code: give the code" with the code
 *         as value "UN/CEFACT code", "uom is not a UN/CEFACT unit code: ...");
 *         "outputs outweigh inputs: give --allow-gain REASON"; "the reason
 *         is empty: give why outputs outweigh inputs" (txng:allowGain of
 *         white space alone, field "allow-gain"); "inputs and outputs use different mass
 *         units: give every quantity in one unit, e.g. all in kg"; "quantity
 *         too large"; "a count must be at least 1"; "a count of pieces is a
 *         whole number: give e.g. 50, or a mass such as 9.6kg"; "not one of
 *         the allowed values: <values>"; or a value refusal.
 */
TXNG_MUST_CHECK txng_err txng_event_rules_check(const json_t *event, txng_diag *diag);

/**
 * Refuse an event whose eventTime (or errorDeclaration.declarationTime) is
 * more than @p max_skew seconds after @p now (seconds since the epoch,
 * UTC). Events without a time pass.
 *
 * @return TXNG_OK, TXNG_EINVAL (@p event NULL or @p max_skew < 0), or
 *         TXNG_EFORMAT: "event time is more than TXNG_MAX_SKEW seconds (600
 *         unless set) ahead of the clock: check --time and the clock" (field
 *         "time"; the phrase names the command line's variable and default,
 *         core/ only compares), or a time refusal.
 */
TXNG_MUST_CHECK txng_err txng_event_time_check(const json_t *event, int64_t now,
                                               int64_t max_skew, txng_diag *diag);

/**
 * Parse an RFC 3339 date-time that carries an offset:
 * YYYY-MM-DD[T ]hh:mm[:ss[.fraction]](Z|+hh:mm|-hh:mm), offset at most 14:00.
 *
 * @param[out] norm    if not NULL, TXNG_EVENT_TIME_MAX bytes: the normalised
 *                     form "YYYY-MM-DDThh:mm:ss[.fraction]+hh:mm" (Z as +00:00)
 * @param[out] offset  if not NULL, 7 bytes: "+hh:mm"
 * @param[out] epoch   if not NULL, seconds since the epoch (fraction dropped)
 * @return TXNG_OK, or TXNG_EFORMAT: "time without an offset: give e.g.
 *         2025-10-01T08:00+07:00", "not an RFC 3339
 *         time", "month out of range", "day out of range", "hour out of
 *         range", "minute out of range", "second out of range", "offset out
 *         of range"; field "time".
 */
TXNG_MUST_CHECK txng_err txng_event_time_parse(const char *text, char *norm, char *offset,
                                               int64_t *epoch, txng_diag *diag);

#endif /* TXNG_CORE_EVENT_H */
