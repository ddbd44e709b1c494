/*
 * trace.h - lineage of an identifier: trace back to its sources, forward to
 * everything made from it and everyone who received it
 *
 * A trace is a walk over the log's `ids` database (core/index.h) in one read
 * transaction, reading each record at most once. It yields a graph of two
 * kinds of node: identifiers and events (records). Going back from an
 * identifier X, every event that names X is listed on X's node except those
 * that take X as an input (they are X's future); the events that make X
 * (X on their TXNG_SIDE_OUT) are steps, and their inputs are the next
 * identifiers, one level deeper. Going forward is the mirror image: events
 * that make X are not listed, events that take X in are steps, and their
 * outputs come next. Identifiers are visited once (the first, shortest way),
 * so cycles end; an event reached again just gains the edge.
 *
 * Shipping and receiving name the same identifiers, so a receive in one log
 * is found beside the shipper's own signed events when these were imported
 * into that log as they are. Corrections are not applied: an event that a
 * later record declares wrong (EPCIS errorDeclaration with the same eventID,
 * or txng:corrects naming its eventID or record index) stays in the graph,
 * with the correcting records' indexes in corrected_by.
 *
 * An imported record (txng:Imported, core/bundle.h) whose `import` names a
 * txng:Import record of the log is reported as the upstream event it
 * carries, unwrapped through imports of imports as core/index.c indexes it:
 * type, step, times, places, destinations and eventID (for corrections) are
 * the upstream event's, signers are the upstream record's signatures, and
 * imported_from names the origin of that txng:Import (for an import of an
 * import, the log this one imported it from). One that names no
 * txng:Import is reported as it is, as a txng:Imported event.
 *
 * Threads: the result is plain memory and may be read from any thread; the
 * log handle is used as in log.h.
 */
#ifndef TXNG_CORE_TRACE_H
#define TXNG_CORE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/log.h"

/** Direction of a trace. */
enum txng_trace_dir {
    TXNG_TRACE_BACK    = 0, /**< towards the sources */
    TXNG_TRACE_FORWARD = 1, /**< towards products and recipients */
};

/** An event on an identifier's node. */
typedef struct txng_trace_link {
    size_t        event; /**< position in txng_trace_result.events */
    unsigned char role;  /**< the identifier's role in it (enum txng_index_role) */
    bool          step;  /**< the trace went on through this event */
} txng_trace_link;

/** No record: a correction that names no replacement (txng_trace_event.replaced_by). */
#define TXNG_TRACE_NONE UINT64_MAX

/** An identifier reached by the trace. */
typedef struct txng_trace_node {
    const char            *id;
    unsigned               depth;    /**< steps from the start (0 for the start) */
    bool                   expanded; /**< false at the depth limit: events not looked up */
    const txng_trace_link *events;   /**< in record order */
    size_t                 nevents;
} txng_trace_node;

/**
 * A record met by the trace. Strings are NULL when the event lacks the field.
 * For an imported record the fields but index, recorded, corrected_by, next
 * and depth describe the upstream event (see above).
 */
typedef struct txng_trace_event {
    uint64_t           index;    /**< record index */
    const char        *type;     /**< "ObjectEvent", ... */
    const char        *action;   /**< ADD, OBSERVE, DELETE */
    const char        *biz_step; /**< e.g. "shipping" */
    const char        *disposition;
    const char        *inspection;   /**< txng:inspectionResult of an inspection ("genuine") */
    const char        *event_time;   /**< as written, with its offset */
    const char        *recorded;     /**< when the log appended it (RFC 3339 UTC) */
    const char        *read_point;   /**< readPoint.id */
    const char        *biz_location; /**< bizLocation.id */
    const char *const *signers;      /**< key references "name+hex8" of its signatures */
    size_t             nsigners;
    const char *const *destinations; /**< destinationList[].destination */
    size_t             ndestinations;
    const uint64_t    *corrected_by; /**< records that declare this one wrong, ascending */
    size_t             ncorrected_by;
    const size_t      *next; /**< nodes the trace reached through this event */
    size_t             nnext;
    unsigned           depth; /**< depth of the first identifier it was found from */
    /** Origin of the log it was imported from (named by the txng:Import of its
     * batch), or NULL for an event of this log. */
    const char *imported_from;
    uint64_t    upstream_index; /**< with imported_from: its index in that log */
    /** For each of corrected_by: the record it names as recorded in place of this one
     *  (txng:replacedBy, or the correctiveEventIDs of an error declaration), or
     *  TXNG_TRACE_NONE. */
    const uint64_t *replaced_by;
} txng_trace_event;

/** The whole trace. Free with txng_trace_free(). */
typedef struct txng_trace_result {
    enum txng_trace_dir     dir;
    unsigned                max_depth; /**< as asked; 0 = no limit */
    const txng_trace_node  *nodes;     /**< nodes[0] is the start; then by depth, breadth first */
    size_t                  nnodes;
    const txng_trace_event *events; /**< by record index */
    size_t                  nevents;
    /** Distinct destinationList destinations of all events that are parties, not places
     *  (urn:txng place codes, GLNs under AI 414), and the bizLocation of each receipt
     *  (bizStep receiving: it names no receiving party), sorted: who to notify in a recall. */
    const char *const *recipients;
    size_t             nrecipients;
} txng_trace_result;

/**
 * Trace @p id back or forward.
 *
 * @param[in]  log    an open log (read only is enough)
 * @param[in]  id     an identifier exactly as events write it (the CLI
 *                    canonicalises user input first, txng_gs1_canonicalize())
 * @param[in]  depth  most steps to take; 0 = no limit, 1 = the neighbours
 * @param[out] out    the result, or NULL on failure
 * @return TXNG_OK, TXNG_EINVAL (NULL or empty @p id, bad @p dir),
 *         TXNG_ENOTFOUND (no record names @p id as a thing: only as a
 *         place, party or correction, or not at all), TXNG_ECORRUPT (a
 *         record or `ids` entry cannot be read), TXNG_ENOMEM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_trace(txng_log *log, const char *id, enum txng_trace_dir dir,
                                    unsigned depth, txng_trace_result **out);

/** Free @p r and every string and array in it. NULL is accepted. */
void txng_trace_free(txng_trace_result *r);

/**
 * The trace as JSON:
 * {"direction": "back"|"forward", "depth": N, "start": id,
 *  "nodes": [{"id", "depth", "expanded", "events": [{"index", "role", "step"}]}],
 *  "events": [{"index", "type", "action"?, "bizStep"?, "disposition"?, "inspectionResult"?,
 *              "eventTime"?, "recorded", "readPoint"?, "bizLocation"?, "signers": [...],
 *              "destinations": [...], "correctedBy": [...], "next": [id, ...], "depth",
 *              "importedFrom"?, "upstreamIndex"?}],
 *  "recipients": [...]}
 * Absent fields (marked ?) are left out; importedFrom and upstreamIndex are
 * there for imported events only.
 * @param[out] out  a new reference (json_decref()), NULL on failure
 * @return TXNG_OK, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_trace_to_json(const txng_trace_result *r, json_t **out);

#endif /* TXNG_CORE_TRACE_H */
