/*
 * stamp.h - GI stamps: which records allocated and used a stamp
 *
 * The provincial association issues numbered GI stamps (tem CDĐL) for the
 * roots a GI harvest yields; a harvest records those it was given and a
 * pack those it put on its units, both as "txng:giStamps" (a serial or a
 * range "000001-000120", docs/format.md §8.3). The log files each stamp
 * under its stamp key in `ids` (core/index.h, role 'T'), and core/rules.h
 * allows a stamp to be allocated once and used once. An inspector holding
 * a box asks the log about its stamp: txng_stamp_find() lists every record
 * naming it, through the index, in O(log n) plus those records.
 *
 * Threads: as for the log handle (core/log.h).
 */
#ifndef TXNG_CORE_STAMP_H
#define TXNG_CORE_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/event.h"
#include "core/gs1.h"
#include "core/keys.h"
#include "core/log.h"

/** One record naming a stamp. */
typedef struct txng_stamp_use {
    uint64_t index;                 /**< the record */
    char     step[24];              /**< its txng step ("harvest", "pack"), or "" */
    char     lot[TXNG_GS1_URI_MAX]; /**< the harvest's output lot or the pack's input
                                         lot, "" when it names none */
    char time[TXNG_EVENT_TIME_MAX]; /**< its eventTime, or "" */
    char signer[TXNG_KEYREF_MAX];   /**< the first signature's key ("name+hex8") */
    bool imported;                  /**< carried by a txng:Imported record */
    bool corrected;                 /**< a later record corrects it (txng:corrects) */
} txng_stamp_use;

/** What the log says of one stamp. */
typedef struct txng_stamp_info {
    txng_stamp_use *uses; /**< every record naming it, ascending; malloc'd */
    size_t          n;
    size_t          allocated; /**< harvests among them, corrected ones left out */
    size_t          used;      /**< packs among them, corrected ones left out */
} txng_stamp_info;

/**
 * Every record of @p log that names GI stamp @p serial (1-20 characters
 * of GS1 set 82, as txng_serials_parse() reads one serial).
 * @param[out] info  release with txng_stamp_info_free()
 * @return TXNG_OK (also when no record names it), TXNG_EINVAL (a NULL
 *         argument, or @p serial not one serial), TXNG_ECORRUPT (`ids` names
 *         a record that is not there or does not decode), TXNG_ENOMEM, or a
 *         storage error.
 */
TXNG_MUST_CHECK txng_err txng_stamp_find(txng_log *log, const char *serial, txng_stamp_info *info);

/** Whether the stamp holds: allocated by one harvest, used by at most one pack. */
bool txng_stamp_holds(const txng_stamp_info *info);

/**
 * @p info as JSON: {"stamp", "ok" (txng_stamp_holds()), "allocated", "used",
 * "records": [{"index", "step", "lot", "time", "signer", "imported",
 * "corrected"}, ...]}; a new reference, NULL when out of memory.
 */
json_t *txng_stamp_to_json(const char *stamp, const txng_stamp_info *info);

/** Release what @p info holds and zero it. NULL is accepted. */
void txng_stamp_info_free(txng_stamp_info *info);

#endif /* TXNG_CORE_STAMP_H */
