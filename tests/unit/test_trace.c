/*
 * test_trace.c - trace back and forward: a hand-built ginseng chain across
 * two parties, depth limits, corrections, errors, JSON, imported records
 * shown as the upstream events they carry, and a property test
 * comparing traces over random lineage graphs with a brute-force walk
 *
 * The brute force keeps its own model of each event (identifier numbers,
 * roles, sides as the generator meant them) and scans every event at each
 * step, sharing no code with the library's index or walk.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "core/index.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "core/trace.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN   "example.org/trace-test"
#define T0       1700000000
#define SEED     "urn:txng:example.org/trace-test:lot:LOT-CG-18"
#define COHORT   "urn:txng:example.org/trace-test:cohort:V3-2019"
#define HLOT     "https://id.gs1.org/01/08930000000026/10/L24-017"
#define DLOT     "https://id.gs1.org/01/08930000000040/10/L24-017-S"
#define UNIT(n)  "https://id.gs1.org/01/08930000000033/21/00000" #n
#define RETAILER "urn:txng:example.org/trace-test:party:retailer"
#define SHOP     "https://id.gs1.org/414/8930000000057"

static char tmp_root[4096];

static json_t *
parse(const char *text)
{
    json_error_t e;
    json_t      *v = json_loads(text, 0, &e);

    if (v == NULL) {
        fprintf(stderr, "bad test JSON: %s: %s\n", e.text, text);
        abort();
    }
    return v;
}

static void
enrol(txng_log *log, const txng_signer *logkey, const txng_signer *k)
{
    char    vkey[TXNG_VKEY_MAX];
    json_t *ev, *se = NULL;

    txng_pubkey_format(txng_signer_pubkey(k), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "member");
    if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(ev);
    json_decref(se);
}

static txng_log *
new_log(const char *dir, const txng_signer *logkey)
{
    txng_log *log = NULL;
    char     *kf  = NULL;
    size_t    kf_len;

    if (txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    return log;
}

/* Append @p text as a bare event signed by @p by; returns its index. */
static uint64_t
add(txng_log *log, const txng_signer *logkey, const txng_signer *by, const char *text)
{
    json_t  *ev    = parse(text);
    uint64_t first = 0;

    if (txng_log_append_as(log, logkey, by, &ev, 1, T0 + 10, &first, NULL) != TXNG_OK)
        abort();
    json_decref(ev);
    return first;
}

/* The event indexes of a result, as "2,3,4". */
static void
event_list(const txng_trace_result *r, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < r->nevents && n < cap; i++)
        n += (size_t) snprintf(out + n, cap - n, "%s%llu", i ? "," : "",
                               (unsigned long long) r->events[i].index);
}

/* The nodes of a result, as "id@depth" lines joined by spaces, in result order. */
static void
node_list(const txng_trace_result *r, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < r->nnodes && n < cap; i++)
        n += (size_t) snprintf(out + n, cap - n, "%s%s@%u%s", i ? " " : "", r->nodes[i].id,
                               r->nodes[i].depth, r->nodes[i].expanded ? "" : "*");
}

static const txng_trace_event *
event_at(const txng_trace_result *r, uint64_t index)
{
    for (size_t i = 0; i < r->nevents; i++)
        if (r->events[i].index == index)
            return &r->events[i];
    return NULL;
}

static void
test_chain(const char *dir)
{
    txng_signer            *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_signer            *shop = signer("shop.example", 4);
    txng_log               *log  = new_log(dir, logkey);
    txng_trace_result      *r    = NULL;
    const txng_trace_event *e;
    json_t                 *ship, *signed_ship = NULL, *j = NULL;
    char                    evs[256], nodes[2048], *text;
    uint64_t                i_ship = 0;
    txng_err                err;

    enrol(log, logkey, grower);
    enrol(log, logkey, shop); /* records 1, 2: the shop's log knows the grower's key */
    ok(add(log, logkey, grower,
           "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizStep\":\"commissioning\","
           "\"quantityList\":[{\"epcClass\":\"" SEED
           "\"}],\"eventTime\":\"2019-03-01T08:00:00+07:00\"}") == 3,
       "3 seed lot");
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizStep\":\"planting\",\"quantityList\":"
        "[{\"epcClass\":\"" COHORT "\"}],\"txng:inputs\":[\"" SEED "\"],\"readPoint\":{\"id\":"
        "\"https://id.gs1.org/414/8930000000019/254/3\"}}");
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"txng:treat\","
        "\"txng:cohort\":\"" COHORT "\"}");
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizStep\":\"harvesting\",\"quantityList\":"
        "[{\"epcClass\":\"" HLOT "\",\"quantity\":120}],\"txng:cohort\":\"" COHORT "\"}");
    add(log, logkey, grower,
        "{\"type\":\"TransformationEvent\",\"bizStep\":\"txng:drying\",\"inputQuantityList\":"
        "[{\"epcClass\":\"" HLOT "\"}],\"outputQuantityList\":[{\"epcClass\":\"" DLOT "\"}]}");
    add(log, logkey, grower,
        "{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"bizStep\":\"packing\",\"parentID\":"
        "\"" DLOT
        "\",\"childEPCs\":[\"" UNIT(1) "\",\"" UNIT(2) "\",\"" UNIT(3) "\",\"" UNIT(4) "\"]}");
    /* The shipment is signed by the grower in its own log and imported here as it is. */
    ship =
        parse("{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
              "\"epcList\":[\"" UNIT(1) "\",\"" UNIT(2) "\",\"" UNIT(3) "\",\"" UNIT(
                  4) "\"],"
                     "\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"" RETAILER
                     "\"}]}");
    ok(txng_event_sign(&signed_ship, ship, grower, NULL) == TXNG_OK &&
           txng_log_append(log, logkey, &signed_ship, 1, T0 + 11, &i_ship, NULL) == TXNG_OK &&
           i_ship == 9,
       "9 ship, appended as a signed event");
    add(log, logkey, shop,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"eventID\":"
        "\"urn:uuid:recv-1\",\"epcList\":[\"" UNIT(1) "\",\"" UNIT(2) "\",\"" UNIT(3) "\",\"" UNIT(
            4) "\"],\"bizLocation\":{\"id\":\"" SHOP "\"}}");
    add(log, logkey, shop,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"retail_selling\","
        "\"epcList\":[\"" UNIT(3) "\"]}");
    ok(add(log, logkey, grower,
           "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"txng:correct\","
           "\"txng:corrects\":7,\"errorDeclaration\":{\"reason\":\"incorrect_data\"}}") == 12,
       "12 corrects the drying");
    ok(add(log, logkey, shop,
           "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventID\":\"urn:uuid:recv-1\","
           "\"epcList\":[\"" UNIT(
               1) "\"],\"errorDeclaration\":{\"declarationTime\":"
                  "\"2024-01-01T00:00:00+07:00\",\"reason\":\"incorrect_data\"}}") == 13,
       "13 declares the receipt wrong");

    err = txng_trace(log, UNIT(3), TXNG_TRACE_BACK, 0, &r);
    ok(err == TXNG_OK, "back from a unit");
    event_list(r, evs, sizeof evs);
    node_list(r, nodes, sizeof nodes);
    ok(strcmp(evs, "3,4,5,6,7,8,9,10,11") == 0, "every step back to the seed lot: %s", evs);
    ok(strcmp(nodes, UNIT(3) "@0 " DLOT "@1 " HLOT "@2 " COHORT "@3 " SEED "@4") == 0,
       "through every identifier: %s", nodes);
    e = event_at(r, 7);
    ok(e != NULL && e->ncorrected_by == 1 && e->corrected_by[0] == 12,
       "the drying shows its correction");
    e = event_at(r, 10);
    ok(e != NULL && e->ncorrected_by == 1 && e->corrected_by[0] == 13,
       "the receipt shows its errorDeclaration");
    e = event_at(r, 9);
    ok(e != NULL && e->nsigners == 1 && strncmp(e->signers[0], "grower.example+", 15) == 0 &&
           e->ndestinations == 1 && strcmp(e->destinations[0], RETAILER) == 0 &&
           strcmp(e->biz_step, "shipping") == 0 && e->read_point == NULL,
       "the ship event: signer, recipient, step");
    e = event_at(r, 10);
    ok(e != NULL && strcmp(e->biz_location, SHOP) == 0 && strncmp(e->signers[0], "shop.", 5) == 0,
       "the receive event: place and actor");
    e = event_at(r, 3);
    ok(e != NULL && e->event_time != NULL &&
           strcmp(e->event_time, "2019-03-01T08:00:00+07:00") == 0 &&
           strcmp(e->type, "ObjectEvent") == 0 && strcmp(e->action, "ADD") == 0 && e->depth == 4,
       "the seed event: time, type, depth");
    ok(r->nodes[0].nevents == 4 && r->nodes[0].events[0].step &&
           r->nodes[0].events[0].role == TXNG_ROLE_CHILD && !r->nodes[0].events[1].step,
       "the unit's node: packed (a step), then shipped, received, sold");
    e = event_at(r, 8);
    ok(e != NULL && e->nnext == 1 && strcmp(r->nodes[e->next[0]].id, DLOT) == 0,
       "the pack leads back to the dried lot");
    ok(txng_trace_to_json(r, &j) == TXNG_OK, "as JSON");
    text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    ok(text != NULL && strstr(text, "\"direction\":\"back\"") != NULL &&
           strstr(text, "\"start\":\"" UNIT(3) "\"") != NULL &&
           strstr(text, "\"correctedBy\":[12]") != NULL &&
           strstr(text, "{\"index\":8,\"role\":\"child\",\"step\":true}") != NULL &&
           json_array_size(json_object_get(j, "events")) == 9 &&
           json_array_size(json_object_get(j, "nodes")) == 5,
       "the JSON names direction, start, corrections, links");
    free(text);
    json_decref(j);
    txng_trace_free(r);

    ok(txng_trace(log, UNIT(3), TXNG_TRACE_BACK, 1, &r) == TXNG_OK, "one step back");
    event_list(r, evs, sizeof evs);
    node_list(r, nodes, sizeof nodes);
    ok(strcmp(evs, "8,9,10,11") == 0 && strcmp(nodes, UNIT(3) "@0 " DLOT "@1*") == 0,
       "exactly the neighbours: %s / %s", evs, nodes);
    txng_trace_free(r);

    ok(txng_trace(log, HLOT, TXNG_TRACE_FORWARD, 0, &r) == TXNG_OK, "forward from the harvest");
    event_list(r, evs, sizeof evs);
    node_list(r, nodes, sizeof nodes);
    ok(strcmp(evs, "7,8,9,10,11") == 0, "to the sale: %s", evs);
    ok(strcmp(nodes,
              HLOT "@0 " DLOT "@1 " UNIT(1) "@2 " UNIT(2) "@2 " UNIT(3) "@2 " UNIT(4) "@2") == 0,
       "every unit: %s", nodes);
    ok(r->nrecipients == 2 && strcmp(r->recipients[0], SHOP) == 0 &&
           strcmp(r->recipients[1], RETAILER) == 0,
       "and the retailer, and the shop's place that received the unit");
    txng_trace_free(r);

    ok(txng_trace(log, HLOT, TXNG_TRACE_FORWARD, 1, &r) == TXNG_OK, "one step forward");
    event_list(r, evs, sizeof evs);
    node_list(r, nodes, sizeof nodes);
    ok(strcmp(evs, "7") == 0 && strcmp(nodes, HLOT "@0 " DLOT "@1*") == 0,
       "exactly the neighbours: %s / %s", evs, nodes);
    ok(r->nrecipients == 0, "no recipient one step on");
    txng_trace_free(r);

    ok(txng_trace(log, SEED, TXNG_TRACE_BACK, 0, &r) == TXNG_OK && r->nnodes == 1 &&
           r->nevents == 1 && r->events[0].index == 3 && r->events[0].nnext == 0,
       "back from the seed lot: its own commissioning, nothing before");
    txng_trace_free(r);

    r = (txng_trace_result *) 1;
    ok(txng_trace(log, "urn:x:nothing", TXNG_TRACE_BACK, 0, &r) == TXNG_ENOTFOUND && r == NULL,
       "an unknown identifier is not found");
    ok(txng_trace(log, SHOP, TXNG_TRACE_FORWARD, 0, &r) == TXNG_ENOTFOUND,
       "a place is not a thing to trace");
    ok(txng_trace(log, "urn:uuid:recv-1", TXNG_TRACE_FORWARD, 0, &r) == TXNG_ENOTFOUND,
       "nor is a corrected eventID");
    ok(txng_trace(log, "", TXNG_TRACE_BACK, 0, &r) == TXNG_EINVAL &&
           txng_trace(log, NULL, TXNG_TRACE_BACK, 0, &r) == TXNG_EINVAL &&
           txng_trace(NULL, UNIT(1), TXNG_TRACE_BACK, 0, &r) == TXNG_EINVAL &&
           txng_trace(log, UNIT(1), (enum txng_trace_dir) 7, 0, &r) == TXNG_EINVAL,
       "misuse is EINVAL");
    txng_trace_free(NULL);

    json_decref(ship);
    json_decref(signed_ship);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(shop);
}

/*
 * Imported records: a txng:Import then txng:Imported records carrying
 * upstream records (one an import of an import), hand-built as
 * txng_bundle_import() writes them (docs/format.md §9.6). The trace shows
 * the upstream event, its signers and the Import's origin; an Imported that
 * names no Import stays a txng:Imported event of the local signer.
 */
#define UP     "up.example/log"
#define UPLOT  "https://id.gs1.org/01/08930000000026/10/UP-1"
#define UPPACK "https://id.gs1.org/01/08930000000040/10/UP-1-S"
#define UPUNIT "https://id.gs1.org/01/08930000000033/21/000099"

static void
test_imported(const char *dir)
{
    txng_signer            *logkey = signer(ORIGIN, 1), *shop = signer("shop.example", 4);
    txng_log               *log    = new_log(dir, logkey);
    txng_trace_result      *r      = NULL;
    const txng_trace_event *e;
    json_t                 *batch[3], *j = NULL, *bogus;
    char                    evs[256], *text;
    uint64_t                first = 0, ibogus = 0;

    enrol(log, logkey, shop); /* record 1 */
    batch[0] = parse("{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"key\":\"x\","
                     "\"checkpoint\":\"x\",\"count\":2}");
    /* upstream record 7: the harvest, signed by the grower */
    batch[1] = parse(
        "{\"type\":\"txng:Imported\",\"import\":1,\"proof\":[],\"record\":{\"v\":1,\"index\":7,"
        "\"recorded\":\"2024-11-01T00:00:00Z\",\"event\":{\"type\":\"ObjectEvent\","
        "\"action\":\"ADD\",\"bizStep\":\"harvesting\",\"eventTime\":\"2024-11-01T07:00:00+07:00\","
        "\"eventID\":\"urn:uuid:up-harvest\",\"readPoint\":{\"id\":\"urn:x:field\"},"
        "\"quantityList\":[{\"epcClass\":\"" UPLOT "\"}]},"
        "\"signatures\":[{\"key\":\"grower.up+01020304\",\"sig\":\"x\"}]}}");
    /* upstream record 9 is itself an import (of a middle log's record 3): the packing,
     * signed by the packer, carried by a record the middle log signed */
    batch[2] = parse(
        "{\"type\":\"txng:Imported\",\"import\":2,\"proof\":[],\"record\":{\"v\":1,\"index\":9,"
        "\"recorded\":\"2024-11-03T00:00:00Z\",\"event\":{\"type\":\"txng:Imported\","
        "\"import\":1,\"proof\":[],\"record\":{\"v\":1,\"index\":3,"
        "\"recorded\":\"2024-11-02T00:00:00Z\",\"event\":{\"type\":\"TransformationEvent\","
        "\"bizStep\":\"txng:drying\",\"bizLocation\":{\"id\":\"urn:x:dryer\"},"
        "\"inputQuantityList\":[{\"epcClass\":\"" UPLOT "\"}],"
        "\"outputQuantityList\":[{\"epcClass\":\"" UPPACK "\"}]},"
        "\"signatures\":[{\"key\":\"packer.mid+0a0b0c0d\",\"sig\":\"x\"}]}},"
        "\"signatures\":[{\"key\":\"middle.example+0e0f1011\",\"sig\":\"x\"}]}}");
    ok(txng_log_append_as(log, logkey, shop, batch, 3, T0 + 20, &first, NULL) == TXNG_OK &&
           first == 2,
       "2..4 an Import and two Imported records");
    /* record 5: a txng:Imported whose `import` names record 4, not an Import */
    bogus = parse("{\"type\":\"txng:Imported\",\"import\":1,\"proof\":[],\"record\":{\"v\":1,"
                  "\"index\":12,\"event\":{\"type\":\"AggregationEvent\",\"action\":\"ADD\","
                  "\"bizStep\":\"packing\",\"parentID\":\"" UPPACK "\",\"childEPCs\":[\"" UPUNIT
                  "\"]},\"signatures\":[{\"key\":\"forger+00000000\",\"sig\":\"x\"}]}}");
    ok(txng_log_append_as(log, logkey, shop, &bogus, 1, T0 + 21, &ibogus, NULL) == TXNG_OK &&
           ibogus == 5,
       "5 an Imported naming no Import");

    ok(txng_trace(log, UPUNIT, TXNG_TRACE_BACK, 0, &r) == TXNG_OK, "back from the unit");
    event_list(r, evs, sizeof evs);
    ok(strcmp(evs, "3,4,5") == 0, "through the imported records: %s", evs);
    e = event_at(r, 3);
    ok(e != NULL && strcmp(e->type, "ObjectEvent") == 0 && strcmp(e->biz_step, "harvesting") == 0 &&
           strcmp(e->event_time, "2024-11-01T07:00:00+07:00") == 0 &&
           strcmp(e->read_point, "urn:x:field") == 0 && e->nsigners == 1 &&
           strcmp(e->signers[0], "grower.up+01020304") == 0,
       "the imported harvest shows the upstream step, time, place and signer");
    ok(e != NULL && e->imported_from != NULL && strcmp(e->imported_from, UP) == 0 &&
           e->upstream_index == 7 && strcmp(e->recorded, "2023-11-14T22:13:40Z") == 0,
       "marked as imported from the Import's origin, its upstream index, recorded here");
    e = event_at(r, 4);
    ok(e != NULL && strcmp(e->type, "TransformationEvent") == 0 &&
           strcmp(e->biz_location, "urn:x:dryer") == 0 && e->nsigners == 1 &&
           strcmp(e->signers[0], "packer.mid+0a0b0c0d") == 0 && e->imported_from != NULL &&
           strcmp(e->imported_from, UP) == 0 && e->upstream_index == 9,
       "an import of an import: the innermost event and signer, the nearest origin");
    e = event_at(r, 5);
    ok(e != NULL && strcmp(e->type, "txng:Imported") == 0 && e->biz_step == NULL &&
           e->imported_from == NULL && e->nsigners == 1 &&
           strncmp(e->signers[0], "shop.example+", 13) == 0,
       "an Imported naming no Import is shown as it is, signed by the local actor");
    ok(txng_trace_to_json(r, &j) == TXNG_OK, "as JSON");
    text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    ok(text != NULL && strstr(text, "\"importedFrom\":\"" UP "\"") != NULL &&
           strstr(text, "\"upstreamIndex\":9") != NULL &&
           json_object_get(json_array_get(json_object_get(j, "events"), 2), "importedFrom") ==
               NULL,
       "the JSON has importedFrom and upstreamIndex for imported events only");
    free(text);
    json_decref(j);
    txng_trace_free(r);

    for (size_t i = 0; i < 3; i++)
        json_decref(batch[i]);
    json_decref(bogus);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(shop);
}

/* ---- property test -------------------------------------------------------------------------- */

struct ment {
    unsigned      id;
    unsigned char role, side;
};

struct mev {
    struct ment *e;
    size_t       n;
};

static uint64_t rng = 0x243f6a8885a308d3ULL;

static unsigned
rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned) (rng % n);
}

static void
id_name(char *out, size_t cap, unsigned id)
{
    /* Every tenth identifier is a lot (a class), the rest things. */
    if (id % 10 == 0)
        snprintf(out, cap, "urn:txng:p.example:lot:L%u", id);
    else
        snprintf(out, cap, "urn:x:i%u", id);
}

static bool
ment_has(const struct mev *m, unsigned id)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->e[i].id == id)
            return true;
    return false;
}

static void
ment_add(struct mev *m, unsigned id, unsigned char role, unsigned char side)
{
    m->e[m->n++] = (struct ment){ id, role, side };
}

/* An existing identifier not yet in @p m, or a new one. */
static unsigned
pick(struct mev *m, unsigned *nids, bool fresh)
{
    for (int tries = 0; !fresh && *nids > 0 && tries < 8; tries++) {
        unsigned id = rnd(*nids);

        if (!ment_has(m, id))
            return id;
    }
    return (*nids)++;
}

/* Make a random event, both as JSON and as the model. */
static json_t *
gen(struct mev *m, unsigned *nids)
{
    static const char *const lists[] = { "epcList", "childEPCs", "inputEPCList", "outputEPCList",
                                         "txng:inputs" };
    json_t                  *ev      = json_object(), *a[5];
    unsigned                 kind    = *nids < 5 ? 0 : rnd(6), k;
    char                     name[64];
    const char              *type = "ObjectEvent", *action = "ADD";

    m->e = calloc(12, sizeof *m->e);
    m->n = 0;
    for (int i = 0; i < 5; i++)
        a[i] = json_array();
    switch (kind) {
    case 0: /* ObjectEvent ADD: new things, maybe made from others */
        for (k = 1 + rnd(3); k > 0; k--)
            ment_add(m, pick(m, nids, true), 'E', TXNG_SIDE_OUT);
        for (k = rnd(3); k > 0; k--)
            ment_add(m, pick(m, nids, false), 'F', TXNG_SIDE_IN);
        break;
    case 1: /* transformation, outputs sometimes old (cycles) */
        type   = "TransformationEvent";
        action = NULL;
        for (k = 1 + rnd(3); k > 0; k--)
            ment_add(m, pick(m, nids, false), 'I', TXNG_SIDE_IN);
        for (k = 1 + rnd(2); k > 0; k--)
            ment_add(m, pick(m, nids, rnd(10) != 0), 'O', TXNG_SIDE_OUT);
        break;
    case 2: /* aggregation ADD; the parent is a thing or a lot */
    case 3: {
        unsigned parent = pick(m, nids, rnd(4) != 0);
        bool     cls    = parent % 10 == 0;

        type = "AggregationEvent";
        ment_add(m, parent, 'P', cls ? TXNG_SIDE_IN : TXNG_SIDE_OUT);
        for (k = 1 + rnd(4); k > 0; k--)
            ment_add(m, pick(m, nids, false), 'C', cls ? TXNG_SIDE_OUT : TXNG_SIDE_IN);
        break;
    }
    case 4: /* observation */
        action = "OBSERVE";
        for (k = 1 + rnd(3); k > 0; k--)
            ment_add(m, pick(m, nids, false), 'E', TXNG_SIDE_NONE);
        break;
    default: /* aggregation DELETE */
        type   = "AggregationEvent";
        action = "DELETE";
        ment_add(m, pick(m, nids, false), 'P', TXNG_SIDE_NONE);
        ment_add(m, pick(m, nids, false), 'C', TXNG_SIDE_NONE);
        break;
    }
    json_object_set_new(ev, "type", json_string(type));
    if (action != NULL)
        json_object_set_new(ev, "action", json_string(action));
    for (size_t i = 0; i < m->n; i++) {
        int l = m->e[i].role == 'E'   ? 0
                : m->e[i].role == 'C' ? 1
                : m->e[i].role == 'I' ? 2
                : m->e[i].role == 'O' ? 3
                : m->e[i].role == 'F' ? 4
                                      : -1;

        id_name(name, sizeof name, m->e[i].id);
        if (l >= 0)
            json_array_append_new(a[l], json_string(name));
        else
            json_object_set_new(ev, "parentID", json_string(name));
    }
    for (int i = 0; i < 5; i++) {
        if (json_array_size(a[i]) > 0)
            json_object_set_new(ev, lists[i], a[i]);
        else
            json_decref(a[i]);
    }
    if (kind == 4)
        json_object_set_new(ev, "destinationList",
                            json_pack("[{s:s, s:s}]", "type", "owning_party", "destination",
                                      rnd(2) ? "urn:x:party-a" : "urn:x:party-b"));
    json_object_set_new(ev, "readPoint", json_pack("{s:s}", "id", "urn:x:place"));
    return ev;
}

static int
line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Sort the lines of @p s in place: sibling order in a breadth-first walk is arbitrary. */
static void
sort_lines(char *s)
{
    size_t n = 0, cap = 64, len = strlen(s);
    char **v = malloc(cap * sizeof *v), *copy = malloc(len + 1), *p, *save = NULL;

    memcpy(copy, s, len + 1);
    for (p = strtok_r(copy, "\n", &save); p != NULL; p = strtok_r(NULL, "\n", &save)) {
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = p;
    }
    qsort(v, n, sizeof *v, line_cmp);
    s[0] = '\0';
    for (size_t i = 0, o = 0; i < n; i++) {
        size_t l = strlen(v[i]);

        memcpy(s + o, v[i], l);
        s[o + l] = '\n';
        o += l + 1;
        s[o] = '\0';
    }
    free(v);
    free(copy);
}

/* Where each identifier occurs: (event, entry) pairs in event order. */
struct occ {
    size_t (*at)[2];
    size_t n, cap;
};

static struct occ *
occurrences(const struct mev *ms, size_t nev, unsigned nids)
{
    struct occ *o = calloc(nids, sizeof *o);

    for (size_t e = 0; e < nev; e++)
        for (size_t i = 0; i < ms[e].n; i++) {
            struct occ *x = &o[ms[e].e[i].id];

            if (x->n == x->cap)
                x->at = realloc(x->at, (x->cap = x->cap ? 2 * x->cap : 4) * sizeof *x->at);
            x->at[x->n][0] = e;
            x->at[x->n][1] = i;
            x->n++;
        }
    return o;
}

/*
 * Brute force: a breadth-first walk over the generated events, not the log;
 * nodes as "id@depth[idx role step,...]" lines, sorted; events as a bitmap.
 */
static char *
brute(const struct mev *ms, const struct occ *occ, size_t nev, uint64_t base, unsigned start,
      bool back, unsigned depth, unsigned nids, bool *evseen)
{
    unsigned     *queue = malloc(nids * sizeof *queue), *dep = malloc(nids * sizeof *dep);
    bool         *seen = calloc(nids, 1);
    size_t        qn = 0, cap = 1 << 16, len = 0;
    char         *out  = malloc(cap);
    unsigned char step = back ? TXNG_SIDE_OUT : TXNG_SIDE_IN,
                  skip = back ? TXNG_SIDE_IN : TXNG_SIDE_OUT;

    memset(evseen, 0, nev);
    queue[qn++] = start;
    dep[start]  = 0;
    seen[start] = true;
    out[0]      = '\0';
    for (size_t q = 0; q < qn; q++) {
        unsigned x = queue[q];
        char     name[64];

        id_name(name, sizeof name, x);
        if (cap - len < 4096) {
            cap *= 2;
            out = realloc(out, cap);
        }
        len += (size_t) snprintf(out + len, cap - len, "%s@%u[", name, dep[x]);
        if (depth == 0 || dep[x] < depth) {
            for (size_t k = 0; k < occ[x].n; k++) {
                size_t             e  = occ[x].at[k][0];
                const struct ment *me = &ms[e].e[occ[x].at[k][1]];

                if (me->side == skip)
                    continue;
                evseen[e] = true;
                if (cap - len < 4096) {
                    cap *= 2;
                    out = realloc(out, cap);
                }
                len += (size_t) snprintf(out + len, cap - len, "%llu%c%d,",
                                         (unsigned long long) (base + e), me->role,
                                         me->side == step);
                if (me->side != step)
                    continue;
                for (size_t j = 0; j < ms[e].n; j++) {
                    unsigned y = ms[e].e[j].id;

                    if (ms[e].e[j].side == skip && !seen[y]) {
                        seen[y]     = true;
                        dep[y]      = dep[x] + 1;
                        queue[qn++] = y;
                    }
                }
            }
        }
        len += (size_t) snprintf(out + len, cap - len, "]\n");
    }
    free(queue);
    free(dep);
    free(seen);
    sort_lines(out);
    return out;
}

/* The same string from a trace result. */
static char *
shown(const txng_trace_result *r)
{
    size_t cap = 1 << 16, len = 0;
    char  *out = malloc(cap);

    out[0] = '\0';
    for (size_t n = 0; n < r->nnodes; n++) {
        const txng_trace_node *nd = &r->nodes[n];

        if (cap - len < 4096 + nd->nevents * 32) {
            cap = cap * 2 + nd->nevents * 32;
            out = realloc(out, cap);
        }
        len += (size_t) snprintf(out + len, cap - len, "%s@%u[", nd->id, nd->depth);
        for (size_t i = 0; i < nd->nevents; i++)
            len += (size_t) snprintf(out + len, cap - len, "%llu%c%d,",
                                     (unsigned long long) r->events[nd->events[i].event].index,
                                     nd->events[i].role, nd->events[i].step);
        len += (size_t) snprintf(out + len, cap - len, "]\n");
    }
    sort_lines(out);
    return out;
}

static void
test_random(const char *dir, size_t nev, unsigned rounds)
{
    txng_signer *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_log    *log    = new_log(dir, logkey);
    struct mev  *ms     = calloc(nev, sizeof *ms);
    json_t     **evs    = calloc(nev, sizeof *evs);
    bool        *evseen = calloc(nev, 1);
    unsigned     nids = 0, bad = 0;
    uint64_t     base = 0;
    struct occ  *occ;

    enrol(log, logkey, grower);
    for (size_t i = 0; i < nev; i++)
        evs[i] = gen(&ms[i], &nids);
    ok(txng_log_append_as(log, logkey, grower, evs, nev, T0 + 1, &base, NULL) == TXNG_OK &&
           base == 2,
       "append %zu random events naming %u identifiers", nev, nids);
    occ = occurrences(ms, nev, nids);
    for (unsigned round = 0; round < rounds; round++) {
        unsigned           start = rnd(nids), depth = round % 3 == 0 ? 0 : 1 + rnd(4);
        bool               back = round % 2 == 0;
        char               name[64], *want, *got;
        txng_trace_result *r     = NULL;
        size_t             nseen = 0;
        bool               same;

        id_name(name, sizeof name, start);
        want = brute(ms, occ, nev, base, start, back, depth, nids, evseen);
        if (txng_trace(log, name, back ? TXNG_TRACE_BACK : TXNG_TRACE_FORWARD, depth, &r) !=
            TXNG_OK) {
            bad++;
            free(want);
            continue;
        }
        got  = shown(r);
        same = strcmp(want, got) == 0;
        for (size_t e = 0; e < nev; e++)
            nseen += evseen[e];
        same = same && nseen == r->nevents;
        for (size_t e = 0; same && e < r->nevents; e++)
            same = r->events[e].index >= base && evseen[r->events[e].index - base];
        if (!same) {
            if (bad == 0)
                printf("# %s %s depth %u\n# want %.400s\n# got  %.400s\n", name,
                       back ? "back" : "forward", depth, want, got);
            bad++;
        }
        free(want);
        free(got);
        txng_trace_free(r);
    }
    ok(bad == 0, "%u random traces equal the brute-force walk (%u differ)", rounds, bad);
    for (unsigned i = 0; i < nids; i++)
        free(occ[i].at);
    free(occ);
    for (size_t i = 0; i < nev; i++) {
        json_decref(evs[i]);
        free(ms[i].e);
    }
    free(evs);
    free(ms);
    free(evseen);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

int
main(void)
{
    const char *t     = getenv("TMPDIR");
    const char *small = getenv("TXNG_TEST_SMALL");
    bool        quick = (small != NULL && *small) || RUNNING_ON_VALGRIND;
    char        dir[4200];

    if (sodium_init() < 0)
        return 1;
    snprintf(tmp_root, sizeof tmp_root, "%s/test_trace.XXXXXX", t != NULL && *t ? t : "/tmp");
    if (mkdtemp(tmp_root) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/chain", tmp_root);
    test_chain(dir);
    remove_log(dir);
    snprintf(dir, sizeof dir, "%s/imported", tmp_root);
    test_imported(dir);
    remove_log(dir);
    snprintf(dir, sizeof dir, "%s/small", tmp_root);
    test_random(dir, 60, 60);
    remove_log(dir);
    snprintf(dir, sizeof dir, "%s/big", tmp_root);
    test_random(dir, quick ? 400 : 10000, quick ? 20 : 200);
    remove_log(dir);
    rmdir(tmp_root);
    return tap_done();
}
