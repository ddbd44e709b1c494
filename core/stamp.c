/*
 * stamp.c - GI stamps: which records allocated and used a stamp (core/stamp.h)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/index.h"
#include "core/record.h"
#include "core/stamp.h"

static const char *
str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Record @p index of @p log, decoded into @p *rec. */
static txng_err
read_record(txng_log *log, uint64_t index, txng_record **rec)
{
    char    *bytes = NULL;
    size_t   len   = 0;
    txng_err err   = txng_log_get(log, index, &bytes, &len);

    if (err == TXNG_ENOTFOUND)
        err = TXNG_ECORRUPT; /* `ids` names a record that is not there */
    if (err == TXNG_OK && (err = txng_record_decode(rec, bytes, len, NULL)) == TXNG_EFORMAT)
        err = TXNG_ECORRUPT;
    free(bytes);
    return err;
}

/*
 * Whether a record after @p index corrects it (*@p any), with reason
 * did_not_occur (*@p void). Correction numbers name records of the log the
 * correction was made in, so an imported record is corrected by corrections
 * imported from its origin only, and a record of this log by its own
 * (txng_index_corrected_by()).
 */
static txng_err
corrections(txng_log *log, uint64_t index, bool *any, bool *voided)
{
    uint64_t *by = NULL;
    size_t    n  = 0;
    txng_err  err;

    *any = *voided = false;
    err            = txng_index_corrected_by(log, index, &by, &n);
    if (err == TXNG_ENOTFOUND)
        err = TXNG_ECORRUPT; /* `ids` names a record that is not there */
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        txng_record  *rec = NULL;
        const json_t *ev;
        const char   *why;

        if ((err = read_record(log, by[i], &rec)) != TXNG_OK)
            break;
        ev      = txng_index_unwrap(rec->event, NULL);
        why     = str(json_object_get(ev, "errorDeclaration"), "reason");
        *any    = true;
        *voided = *voided || (why != NULL && strcmp(why, "did_not_occur") == 0);
        txng_record_free(rec);
    }
    free(by);
    return err;
}

/* Fill @p u from record @p rec, naming the stamp. */
static void
describe(txng_stamp_use *u, const txng_record *rec)
{
    const json_t    *ev   = rec->event;
    const json_t    *sigs = rec->signatures;
    const txng_step *step;
    const json_t    *lot, *up;

    u->index = rec->index;
    /* an imported record stands for the upstream event it carries, with its signatures */
    ev = txng_index_unwrap(ev, &up);
    if (up != NULL) {
        sigs        = json_object_get(up, "signatures");
        u->imported = true;
    }
    step = txng_event_step(ev);
    snprintf(u->step, sizeof u->step, "%s", step != NULL ? step->name : "");
    snprintf(u->time, sizeof u->time, "%s", str(ev, "eventTime") ? str(ev, "eventTime") : "");
    snprintf(u->signer, sizeof u->signer, "%s",
             str(json_array_get(sigs, 0), "key") ? str(json_array_get(sigs, 0), "key") : "");
    lot = strcmp(u->step, "harvest") == 0
              ? json_object_get(json_array_get(json_object_get(ev, "outputQuantityList"), 0),
                                "epcClass")
              : json_object_get(json_array_get(json_object_get(ev, "inputQuantityList"), 0),
                                "epcClass");
    snprintf(u->lot, sizeof u->lot, "%s", json_is_string(lot) ? json_string_value(lot) : "");
}

txng_err
txng_stamp_find(txng_log *log, const char *serial, txng_stamp_info *info)
{
    char            first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
    char            key[TXNG_GS1_VALUE_MAX + 2];
    size_t          count = 0;
    txng_index_hit *hits  = NULL;
    size_t          n     = 0;
    txng_err        err;

    if (info != NULL)
        memset(info, 0, sizeof *info);
    if (log == NULL || serial == NULL || info == NULL ||
        txng_serials_parse(serial, first, last, &count, NULL) != TXNG_OK || count != 1 ||
        strcmp(first, serial) != 0)
        return TXNG_EINVAL;
    key[0] = TXNG_INDEX_STAMP_TAG;
    memcpy(key + 1, serial, strlen(serial));
    err = txng_index_find(log, key, strlen(serial) + 1, TXNG_ROLE_STAMP, &hits, &n);
    if (err == TXNG_OK && n > 0 && (info->uses = calloc(n, sizeof *info->uses)) == NULL)
        err = TXNG_ENOMEM;
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        txng_stamp_use *u   = &info->uses[info->n];
        txng_record    *rec = NULL;
        bool            voided;

        if (i > 0 && hits[i].index == hits[i - 1].index)
            continue; /* one entry per record */
        if ((err = read_record(log, hits[i].index, &rec)) != TXNG_OK)
            break;
        describe(u, rec);
        txng_record_free(rec);
        if ((err = corrections(log, u->index, &u->corrected, &voided)) != TXNG_OK)
            break;
        info->n++;
        if (!voided && strcmp(u->step, "harvest") == 0)
            info->allocated++;
        else if (!voided && strcmp(u->step, "pack") == 0)
            info->used++;
    }
    free(hits);
    if (err != TXNG_OK)
        txng_stamp_info_free(info);
    return err;
}

bool
txng_stamp_holds(const txng_stamp_info *info)
{
    return info != NULL && info->allocated == 1 && info->used <= 1;
}

json_t *
txng_stamp_to_json(const char *stamp, const txng_stamp_info *info)
{
    json_t *recs = json_array();

    for (size_t i = 0; recs != NULL && i < info->n; i++) {
        const txng_stamp_use *u = &info->uses[i];

        if (json_array_append_new(recs,
                                  json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b}", "index",
                                            (json_int_t) u->index, "step", u->step, "lot", u->lot,
                                            "time", u->time, "signer", u->signer, "imported",
                                            u->imported, "corrected", u->corrected)) != 0) {
            json_decref(recs);
            recs = NULL;
        }
    }
    if (recs == NULL)
        return NULL;
    return json_pack("{s:s, s:b, s:I, s:I, s:o}", "stamp", stamp, "ok", txng_stamp_holds(info),
                     "allocated", (json_int_t) info->allocated, "used", (json_int_t) info->used,
                     "records", recs);
}

void
txng_stamp_info_free(txng_stamp_info *info)
{
    if (info == NULL)
        return;
    free(info->uses);
    memset(info, 0, sizeof *info);
}
