/*
 * test_bundle.c - bundles: selection, writing, verification of every kind,
 * every single-byte change and every truncation of a small bundle refused,
 * reordering, another key, another size, exporter signatures, consistency
 * blocks, import into a second log (idempotent, all or nothing, trace
 * crossing the boundary, txng_bundle_check_imports()), earlier imports
 * found through the `ids` database, and txng_log_add_cosignature()
 *
 * Known answers come from outside the code under test: the root from
 * txng_log_verify(), gap tilings from a second, differently written
 * decomposition, selections from the chain built here.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "core/bundle.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/note.h"
#include "core/record.h"
#include "core/trace.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN  "example.org/bundle-test"
#define ORIGIN2 "shop.example/log"
#define ORIGIN3 "farm3.example/log"
#define T0      1700000000
#define COHORT  "urn:txng:example.org/bundle-test:cohort:V3"
#define HLOT    "https://id.gs1.org/01/08930000000026/10/L24-017"
#define DLOT    "https://id.gs1.org/01/08930000000040/10/L24-017-S"
#define OTHER   "https://id.gs1.org/01/08930000000026/10/L99-001"
#define UNIT1   "https://id.gs1.org/01/08930000000033/21/000001"

static char tmp_root[4096];

struct mem {
    char  *p;
    size_t len, cap, pos;
};

static txng_err
mem_write(void *ctx, const void *data, size_t len)
{
    struct mem *m = ctx;

    if (m->len + len + 1 > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;

        while (m->len + len + 1 > cap)
            cap *= 2;
        m->p   = realloc(m->p, cap);
        m->cap = cap;
        if (m->p == NULL)
            abort();
    }
    memcpy(m->p + m->len, data, len);
    m->len += len;
    m->p[m->len] = '\0';
    return TXNG_OK;
}

static txng_err
mem_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    struct mem *m = ctx;
    size_t      n = m->len - m->pos;

    if (n > cap)
        n = cap;
    /* Small reads: exercise lines and records split across reads. */
    if (n > 7)
        n = 7 + (m->pos % 5);
    if (n > m->len - m->pos)
        n = m->len - m->pos;
    memcpy(buf, m->p + m->pos, n);
    m->pos += n;
    *got = n;
    return TXNG_OK;
}

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

static txng_log *
new_log(const char *dir, const char *origin, const txng_signer *logkey)
{
    txng_log *log = NULL;
    char     *kf  = NULL;
    size_t    kf_len;

    if (txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, origin, logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    return log;
}

static void
enrol(txng_log *log, const txng_signer *logkey, const txng_signer *k, const char *role)
{
    char    vkey[TXNG_VKEY_MAX];
    json_t *ev, *se = NULL;

    txng_pubkey_format(txng_signer_pubkey(k), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", role);
    if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(ev);
    json_decref(se);
}

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

/* The chain: 0 genesis, 1-2 enrolments, 3 harvest, 4 unrelated, 5 drying, 6 packing,
 * 7 unrelated, 8 revocation of "old", 9 shipping of unit 1. */
static void
build_chain(txng_log *log, const txng_signer *logkey, const txng_signer *grower,
            const txng_signer *old)
{
    enrol(log, logkey, grower, "grower");
    enrol(log, logkey, old, "member");
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizStep\":\"harvesting\",\"quantityList\":"
        "[{\"epcClass\":\"" HLOT "\"}],\"txng:cohort\":\"" COHORT
        "\",\"eventTime\":\"2024-11-13T08:00:00+07:00\"}");
    add(log, logkey, old,
        "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizStep\":\"harvesting\",\"quantityList\":"
        "[{\"epcClass\":\"" OTHER "\"}],\"eventTime\":\"2023-05-01T08:00:00+07:00\"}");
    add(log, logkey, grower,
        "{\"type\":\"TransformationEvent\",\"bizStep\":\"txng:drying\",\"inputQuantityList\":"
        "[{\"epcClass\":\"" HLOT "\"}],\"outputQuantityList\":[{\"epcClass\":\"" DLOT
        "\"}],\"eventTime\":\"2024-11-15T08:00:00+07:00\"}");
    add(log, logkey, grower,
        "{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"bizStep\":\"packing\",\"parentID\":"
        "\"" DLOT "\",\"childEPCs\":[\"" UNIT1 "\"],\"eventTime\":\"2024-11-20T08:00:00+07:00\"}");
    add(log, logkey, old,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\","
        "\"quantityList\":[{\"epcClass\":\"" OTHER "\"}],\"eventTime\":\"2023-06-01T08:00:00+07:00\"}");
    {
        char    ref[TXNG_KEYREF_MAX];
        json_t *ev, *se = NULL;

        txng_pubkey_ref(txng_signer_pubkey(old), ref);
        ev = json_pack("{s:s, s:s}", "type", TXNG_TYPE_KEY_REVOKE, "key", ref);
        if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
            txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
            abort();
        json_decref(ev);
        json_decref(se);
    }
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"epcList\":"
        "[\"" UNIT1 "\"],\"eventTime\":\"2024-11-21T08:00:00+07:00\"}");
}

static void
list_text(const uint64_t *v, size_t n, char *out, size_t cap)
{
    size_t k = 0;

    out[0] = '\0';
    for (size_t i = 0; i < n && k < cap; i++)
        k += (size_t) snprintf(out + k, cap - k, "%s%llu", i ? "," : "",
                               (unsigned long long) v[i]);
}

static txng_err
write_sel(txng_log *log, const txng_bundle_sel *sel, txng_bundle_wopts *wo, struct mem *m)
{
    uint64_t *idx = NULL;
    size_t    n   = 0;
    txng_err  err;

    memset(m, 0, sizeof *m);
    err = txng_bundle_select(log, sel, &idx, &n, NULL);
    if (err == TXNG_OK)
        err = txng_bundle_write(log, sel, sel->kind == TXNG_BUNDLE_ALL ? NULL : idx, n, wo,
                                mem_write, m);
    free(idx);
    return err;
}

static txng_err
verify_mem(const char *p, size_t len, const txng_pubkey *key, const txng_bundle_vopts *vo,
           txng_bundle_result *res, txng_diag *diag)
{
    struct mem m = { (char *) (uintptr_t) p, len, len, 0 };

    return txng_bundle_verify(mem_read, &m, key, vo, res, diag);
}

/* The number of maximal aligned pieces tiling [a, b), computed from the top level down. */
static size_t
tiling(uint64_t a, uint64_t b)
{
    size_t n = 0;

    while (a < b) {
        int l = 62;

        while (l > 0 && ((a % (UINT64_C(1) << l)) != 0 || a + (UINT64_C(1) << l) > b))
            l--;
        a += UINT64_C(1) << l;
        n++;
    }
    return n;
}

/* Every "hashes A K" line has K equal to the tiling of [A, next block). */
static bool
tilings_ok(const char *p, uint64_t size)
{
    const char *h = p;

    while ((h = strstr(h, "\nhashes ")) != NULL) {
        unsigned long long a, k, next = size;
        const char        *r = h + 8;

        if (sscanf(r, "%llu %llu", &a, &k) != 2)
            return false;
        r = strstr(r, "\nrecord ");
        if (r != NULL && r < strstr(h, "\nend "))
            next = strtoull(r + 8, NULL, 10);
        if (tiling(a, next) != k)
            return false;
        h += 8;
    }
    return true;
}

static int witness_calls;

static txng_err
refuse_witness(void *ctx, const char *note, size_t len, txng_diag *diag)
{
    (void) ctx;
    witness_calls++;
    if (len < 10 || strncmp(note, ORIGIN "\n", strlen(ORIGIN) + 1) != 0)
        return TXNG_EINVAL;
    txng_diag_set(diag, "too few cosignatures", NULL);
    return TXNG_EBADSIG;
}

static void
test_kinds(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer       *old = signer("old", 3), *other = signer(ORIGIN, 9);
    txng_log          *log = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel = { 0 };
    txng_bundle_result res = { 0 };
    txng_verify_result vr;
    struct mem         m = { 0 };
    uint64_t          *idx = NULL, pick[] = { 4, 2, 4 };
    size_t             n;
    char               text[256];
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;

    build_chain(log, logkey, grower, old);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, &vr, NULL) == TXNG_OK && vr.size == 10,
       "the chain has 10 records");

    sel.kind = TXNG_BUNDLE_UNIT;
    sel.id   = UNIT1;
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_OK, "select unit");
    list_text(idx, n, text, sizeof text);
    ok(strcmp(text, "0,1,2,3,5,6,8,9") == 0, "unit lineage with genesis and key records: %s",
       text);
    free(idx);

    sel.kind = TXNG_BUNDLE_LOT;
    sel.id   = DLOT;
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_OK, "select lot");
    list_text(idx, n, text, sizeof text);
    ok(strcmp(text, "0,1,2,3,5,6,8,9") == 0, "lot closure: %s", text);
    free(idx);

    sel.kind = TXNG_BUNDLE_RANGE;
    sel.from = "2023-01-01";
    sel.to   = "2023-12-31";
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_OK, "select range");
    list_text(idx, n, text, sizeof text);
    ok(strcmp(text, "0,1,2,4,7,8") == 0, "range 2023: %s", text);
    free(idx);

    sel.kind = TXNG_BUNDLE_INDEX;
    sel.idx  = pick;
    sel.nidx = 3;
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_OK, "select index");
    list_text(idx, n, text, sizeof text);
    ok(strcmp(text, "0,1,2,4,8") == 0, "index list: %s", text);
    free(idx);

    /* Refusals of select. */
    sel.kind = TXNG_BUNDLE_UNIT;
    sel.id   = "https://id.gs1.org/01/08930000000033/21/999999";
    ok(txng_bundle_select(log, &sel, &idx, &n, &diag) == TXNG_ENOTFOUND && idx == NULL,
       "unknown unit: ENOTFOUND");
    sel.kind = TXNG_BUNDLE_RANGE;
    sel.from = "2020-01-01";
    sel.to   = "2020-12-31";
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_ENOTFOUND, "empty range: ENOTFOUND");
    sel.from = "2020-13-01";
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_EINVAL, "bad date: EINVAL");
    sel.from = "2021-01-01";
    sel.to   = "2020-01-01";
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_EINVAL, "reversed range: EINVAL");
    sel.kind    = TXNG_BUNDLE_INDEX;
    pick[0]     = 10;
    diag        = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_bundle_select(log, &sel, &idx, &n, &diag) == TXNG_EINVAL && diag.has_index &&
           diag.index == 10,
       "index past the end: EINVAL naming it");
    pick[0]  = 4;
    sel.kind = TXNG_BUNDLE_UNIT;
    sel.id   = "";
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_EINVAL, "empty id: EINVAL");
    ok(txng_bundle_select(NULL, &sel, &idx, &n, NULL) == TXNG_EINVAL, "NULL log: EINVAL");

    /* Write and verify each kind. */
    {
        static const char *const names[] = { "all", "unit", "lot", "range", "index" };
        txng_bundle_sel           sels[5];

        memset(sels, 0, sizeof sels);
        sels[0].kind = TXNG_BUNDLE_ALL;
        sels[1].kind = TXNG_BUNDLE_UNIT;
        sels[1].id   = UNIT1;
        sels[2].kind = TXNG_BUNDLE_LOT;
        sels[2].id   = DLOT;
        sels[3].kind = TXNG_BUNDLE_RANGE;
        sels[3].from = "2023-01-01";
        sels[3].to   = "2023-12-31";
        sels[4].kind = TXNG_BUNDLE_INDEX;
        sels[4].idx  = pick;
        sels[4].nidx = 3;
        for (size_t k = 0; k < 5; k++) {
            txng_bundle_wopts wo = { 0 };

            err = write_sel(log, &sels[k], &wo, &m);
            ok(err == TXNG_OK && wo.size == 10, "%s: written", names[k]);
            ok(tilings_ok(m.p, 10), "%s: gap hashes tile their gaps", names[k]);
            diag = (txng_diag) TXNG_DIAG_INIT;
            err  = verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, &diag);
            ok(err == TXNG_OK, "%s: verifies (%s line %zu)", names[k],
               diag.reason ? diag.reason : "", diag.line);
            ok(res.size == 10 && memcmp(res.root, vr.root, TXNG_HASH_BYTES) == 0 &&
                   res.records == wo.records && res.kind == sels[k].kind,
               "%s: size, root of txng_log_verify(), records", names[k]);
            if (sels[k].kind == TXNG_BUNDLE_UNIT || sels[k].kind == TXNG_BUNDLE_LOT)
                ok(res.sources == 1 && res.nsource_ids == 1 &&
                       strcmp(res.source_ids[0], COHORT) == 0,
                   "%s: one lineage source, named: the cohort the harvest takes", names[k]);
            else
                ok(res.sources == 0 && res.nsource_ids == 0, "%s: no lineage sources", names[k]);
            txng_bundle_result_free(&res);
            ok(res.nsource_ids == 0 && res.source_ids[0] == NULL, "%s: result freed", names[k]);
            free(m.p);
        }
    }
    /* The whole log carries no hashes; the unit bundle does. */
    sel.kind = TXNG_BUNDLE_ALL;
    if (write_sel(log, &sel, NULL, &m) != TXNG_OK)
        abort();
    ok(strstr(m.p, "\nhashes ") == NULL && strstr(m.p, "count 10\n") != NULL,
       "all: every record, no gap hashes");
    /* A gap put into an "all" bundle is refused. */
    {
        struct mem u;
        char      *h;

        sel.kind = TXNG_BUNDLE_INDEX;
        sel.idx  = pick;
        sel.nidx = 1;
        if (write_sel(log, &sel, NULL, &u) != TXNG_OK)
            abort();
        h = strstr(u.p, "select index 4\n");
        ok(h != NULL, "index bundle names the asked index only");
        memcpy(h, "select all -  \n", 15); /* same length: "index 4" -> "all -  " */
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = verify_mem(u.p, u.len, txng_signer_pubkey(logkey), NULL, &res, &diag);
        ok(err == TXNG_EFORMAT && diag.line == 3, "bad select line refused at line 3");
        txng_bundle_result_free(&res);
        memcpy(h, "select all -\n", 13);
        memmove(h + 13, h + 15, u.len - (size_t) (h + 15 - u.p) + 1);
        u.len -= 2;
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = verify_mem(u.p, u.len, txng_signer_pubkey(logkey), NULL, &res, &diag);
        ok(err == TXNG_ECHAIN && strcmp(diag.reason, "a bundle of the whole log has no gaps") == 0,
           "all with a gap: %s", diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        free(u.p);
    }
    /* A witness policy the checkpoint does not meet. */
    {
        txng_bundle_vopts vo = { 0 };

        vo.witness = refuse_witness;
        diag       = (txng_diag) TXNG_DIAG_INIT;
        err        = verify_mem(m.p, m.len, txng_signer_pubkey(logkey), &vo, &res, &diag);
        ok(err == TXNG_EBADSIG && diag.line == 7 && witness_calls == 1 &&
               strcmp(diag.reason, "too few cosignatures") == 0,
           "witness hook called once with the note; its refusal stops verification");
        txng_bundle_result_free(&res);
    }
    /* Another key. */
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = verify_mem(m.p, m.len, txng_signer_pubkey(other), NULL, &res, &diag);
    ok(err == TXNG_EBADSIG &&
           strcmp(diag.reason, "the checkpoint is of this key's log but not signed by this key: "
                               "ask the log's keeper for its verifier key") == 0 &&
           diag.line == 7 && strncmp(diag.field, ORIGIN "+", strlen(ORIGIN) + 1) == 0 &&
           diag.value_name != NULL && strlen(diag.value) == 8,
       "another key of the origin: %s, line %zu, field %s", diag.reason ? diag.reason : "",
       diag.line, diag.field);
    txng_bundle_result_free(&res);
    ok(verify_mem(m.p, m.len, NULL, NULL, &res, NULL) == TXNG_EINVAL, "NULL key: EINVAL");
    free(m.p);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
    txng_signer_free(other);
}

/*
 * Flip bits 0, 5 and 7 of every byte of bundle @p m (every 13th byte, one flip,
 * under valgrind) and cut it at every length; count the variants accepted.
 */
static void
mutate_all(const struct mem *m, const txng_pubkey *key, size_t *missed, size_t *trunc_missed)
{
    static const unsigned char flips[] = { 0x01, 0x20, 0x80 };
    txng_bundle_result         res     = { 0 };
    size_t                     step    = RUNNING_ON_VALGRIND ? 13 : 1;
    char                      *copy    = malloc(m->len + 1);

    *missed = *trunc_missed = 0;
    for (size_t i = 0; copy != NULL && i < m->len; i += step) {
        for (size_t f = 0; f < (RUNNING_ON_VALGRIND ? 1 : sizeof flips); f++) {
            memcpy(copy, m->p, m->len);
            copy[i] = (char) (copy[i] ^ flips[f]);
            if (verify_mem(copy, m->len, key, NULL, &res, NULL) == TXNG_OK) {
                if ((*missed)++ < 5)
                    printf("# byte %zu ^ 0x%02x not detected\n", i, flips[f]);
            }
            txng_bundle_result_free(&res);
        }
    }
    for (size_t len = 0; len < m->len; len += step) {
        if (verify_mem(m->p, len, key, NULL, &res, NULL) == TXNG_OK) {
            if ((*trunc_missed)++ < 5)
                printf("# cut at %zu not detected\n", len);
        }
        txng_bundle_result_free(&res);
    }
    free(copy);
}

/* A bundle signed by an enrolled key: every byte, the exporter line included, is covered. */
static void
test_tamper_signed(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer       *old = signer("old", 3), *auditor = signer("auditor", 4), *stranger;
    txng_log          *log = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel = { 0 };
    txng_bundle_wopts  wo  = { 0 };
    txng_bundle_result res = { 0 };
    struct mem         m = { 0 };
    uint64_t           pick[] = { 5 };
    size_t             missed, trunc_missed;
    char              *line;
    txng_diag          diag = TXNG_DIAG_INIT;

    build_chain(log, logkey, grower, old);
    enrol(log, logkey, auditor, "auditor");
    sel.kind    = TXNG_BUNDLE_INDEX;
    sel.idx     = pick;
    sel.nidx    = 1;
    wo.exporter = auditor;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "signed bundle written (%zu bytes)", m.len);
    line = strstr(m.p, "\nend ");
    ok(line != NULL && strstr(line, " signed\nexporter auditor+") != NULL,
       "its end line announces the exporter line");
    mutate_all(&m, txng_signer_pubkey(logkey), &missed, &trunc_missed);
    ok(missed == 0, "every single-byte change of a signed bundle of %zu bytes is refused (%zu "
                    "missed)", m.len, missed);
    ok(trunc_missed == 0, "every cut of a signed bundle is refused (%zu missed)", trunc_missed);
    /* Cut right before the exporter line: the end line says one follows. */
    line = strstr(m.p, "\nexporter ");
    ok(verify_mem(m.p, (size_t) (line + 1 - m.p), txng_signer_pubkey(logkey), NULL, &res,
                  &diag) == TXNG_EFORMAT &&
           strstr(diag.reason, "announces an exporter line") != NULL,
       "cut before the exporter line: refused (%s)", diag.reason ? diag.reason : "");
    txng_bundle_result_free(&res);
    /* Another key name on the exporter line: not enrolled. */
    line[10] = 'b';
    diag     = (txng_diag) TXNG_DIAG_INIT;
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, &diag) == TXNG_EBADSIG &&
           strstr(diag.reason, "not enrolled") != NULL,
       "exporter not enrolled: refused (%s)", diag.reason ? diag.reason : "");
    txng_bundle_result_free(&res);
    free(m.p);
    /* "old" is revoked at record 8: refused at export; a bundle signed by it anyway
     * (made here by hand) is reported as revoked. */
    wo.exporter = old;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "a revoked key signs all the same");
    {
        txng_bundle_vopts vo = { 0 };

        vo.exporter = txng_signer_pubkey(old);
        diag        = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), &vo, &res, &diag) == TXNG_OK &&
               res.exporter_verified,
           "signed by a revoked key, that key given: verified (%s)",
           diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
    }
    free(m.p);
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK, "unsigned bundle");
    {
        unsigned char  digest[TXNG_HASH_BYTES], sig[TXNG_SIG_BYTES], *pae = NULL;
        char           ref[TXNG_KEYREF_MAX], b64[TXNG_B64_SIZE(TXNG_SIG_BYTES)];
        size_t         dn, pae_len = 0, cap = m.len + 256;
        char          *p = malloc(cap), *end = strstr(m.p, "\nend ") + 1;

        ok(txng_b64_decode(digest, sizeof digest, &dn, end + 4, TXNG_HASH_B64_LEN) == TXNG_OK &&
               txng_pae(&pae, &pae_len, TXNG_BUNDLE_PAYLOAD_TYPE, digest, sizeof digest) ==
                   TXNG_OK,
           "end digest read");
        txng_signer_sign(old, sig, pae, pae_len);
        txng_pubkey_ref(txng_signer_pubkey(old), ref);
        txng_b64_encode(b64, sig, sizeof sig);
        snprintf(p, cap, "%.*s signed\nexporter %s %s\n", (int) (m.len - 1), m.p, ref, b64);
        diag = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(p, strlen(p), txng_signer_pubkey(logkey), NULL, &res, &diag) ==
                   TXNG_EPERM &&
               strstr(diag.reason, "the exporter key is revoked in the bundle's log") != NULL,
           "signed by a revoked key: reported (%s)", diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        free(pae);
        free(p);
    }
    free(m.p);
    stranger    = signer("stranger", 9);
    wo.exporter = stranger;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "a key never enrolled signs all the same");
    {
        txng_bundle_vopts vo = { 0 };

        diag = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, &diag) ==
                   TXNG_EBADSIG &&
               strstr(diag.reason, "give its key with --exporter-key") != NULL,
           "its key not given: refused (%s)", diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        vo.exporter = txng_signer_pubkey(stranger);
        diag        = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), &vo, &res, &diag) == TXNG_OK &&
               res.exporter_verified,
           "its key given: verified (%s)", diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        vo.exporter = txng_signer_pubkey(grower);
        diag        = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), &vo, &res, &diag) ==
                   TXNG_EBADSIG &&
               strcmp(diag.field, "exporter") == 0,
           "another key given: refused at the exporter line (%s)",
           diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
    }
    free(m.p);
    txng_signer_free(stranger);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
    txng_signer_free(auditor);
}

/*
 * The unit bundle of UNIT1 with record @p cut left out but the header (its
 * "source" lines) of the whole lineage, and the end hash made again: what an
 * editor of the file would produce. malloc'd, NUL-terminated.
 */
static char *
lineage_without(txng_log *log, uint64_t cut)
{
    txng_bundle_sel sel = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT1 };
    uint64_t       *idx = NULL;
    size_t          n = 0, k = 0, hlen;
    struct mem      full = { 0 }, part = { 0 };
    char           *out = NULL, *fh, *ph, *pe, *end;
    unsigned char   digest[TXNG_HASH_BYTES];
    char            b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];

    if (txng_bundle_select(log, &sel, &idx, &n, NULL) != TXNG_OK ||
        txng_bundle_write(log, &sel, idx, n, NULL, mem_write, &full) != TXNG_OK)
        abort();
    for (size_t i = 0; i < n; i++)
        if (idx[i] != cut)
            idx[k++] = idx[i];
    if (txng_bundle_write(log, &sel, idx, k, NULL, mem_write, &part) != TXNG_OK)
        abort();
    /* Header of the whole lineage (up to its empty line), the rest of the part. */
    fh   = strstr(full.p, "\n\n") + 2;
    ph   = strstr(part.p, "\n\n") + 2;
    pe   = strstr(part.p, "\nend ") + 1;
    hlen = (size_t) (fh - full.p);
    out  = malloc(hlen + (size_t) (pe - ph) + 64);
    memcpy(out, full.p, hlen);
    memcpy(out + hlen, ph, (size_t) (pe - ph));
    end  = out + hlen + (pe - ph);
    *end = '\0';
    {
        char *c = strstr(out, "\ncount ") + 7;

        /* The counts differ by one; both fit the same digits here (under 10). */
        *c = (char) (*c - 1);
    }
    crypto_hash_sha256(digest, (const unsigned char *) out, (size_t) (end - out));
    txng_b64_encode(b64, digest, sizeof digest);
    sprintf(end, "end %s\n", b64);
    free(full.p);
    free(part.p);
    free(idx);
    return out;
}

/* Lineage completeness (docs/format.md §9.3 step 4): a making event left out is named. */
static void
test_lineage_cut(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer       *old = signer("old", 3);
    txng_log          *log = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT1 };
    txng_bundle_result res = { 0 };
    struct mem         m = { 0 };
    char              *p;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;

    build_chain(log, logkey, grower, old);
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK && strstr(m.p, "\nsource " COHORT "\n\n"),
       "the unit bundle declares its one source, the harvest's cohort");
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL) == TXNG_OK &&
           res.sources == 1 && res.nsource_ids == 1 && strcmp(res.source_ids[0], COHORT) == 0,
       "it verifies: 1 source, named");
    txng_bundle_result_free(&res);
    free(m.p);
    /* Record 6 (packing) makes UNIT1. */
    p = lineage_without(log, 6);
    ok(verify_mem(p, strlen(p), txng_signer_pubkey(logkey), NULL, &res, &diag) == TXNG_ECHAIN &&
           strstr(diag.reason, "makes the selected identifier") != NULL &&
           strcmp(diag.field, "select") == 0,
       "packing left out: refused (%s)", diag.reason ? diag.reason : "");
    txng_bundle_result_free(&res);
    free(p);
    /* Record 5 (drying) makes DLOT, which the packing consumes. */
    p    = lineage_without(log, 5);
    diag = (txng_diag) TXNG_DIAG_INIT;
    ok(verify_mem(p, strlen(p), txng_signer_pubkey(logkey), NULL, &res, &diag) == TXNG_ECHAIN &&
           strstr(diag.reason, "neither made") != NULL && strcmp(diag.field, DLOT) == 0,
       "drying left out: the input it makes is named (%s: %s)", diag.reason ? diag.reason : "",
       diag.field);
    txng_bundle_result_free(&res);
    free(p);
    /* A writer given a shorter selection declares what it lacks: the file says so. */
    {
        uint64_t idx[] = { 0, 1, 2, 9 };

        memset(&m, 0, sizeof m);
        ok(txng_bundle_write(log, &sel, idx, 4, NULL, mem_write, &m) == TXNG_OK &&
               verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL) == TXNG_OK &&
               res.sources == 1 && strcmp(res.source_ids[0], UNIT1) == 0,
           "a selection without the making event lists the unit itself as a source");
        txng_bundle_result_free(&res);
        free(m.p);
    }
    /* A "source" line where none may be, or out of order, or made in the bundle. */
    {
        uint64_t pick[]  = { 5 };
        txng_bundle_sel isel = { .kind = TXNG_BUNDLE_INDEX, .idx = pick, .nidx = 1 };
        char    *q;

        ok(write_sel(log, &isel, NULL, &m) == TXNG_OK, "index bundle");
        q = malloc(m.len + 64);
        p = strstr(m.p, "\n\n") + 1;
        sprintf(q, "%.*ssource " COHORT "\n%s", (int) (p - m.p), m.p, p);
        diag = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(q, strlen(q), txng_signer_pubkey(logkey), NULL, &res, &diag) ==
                   TXNG_EFORMAT &&
               strcmp(diag.field, "source") == 0,
           "a source line in an index bundle: refused (%s)", diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        free(q);
        free(m.p);
        ok(write_sel(log, &sel, NULL, &m) == TXNG_OK, "unit bundle");
        q = malloc(m.len + 256);
        p = strstr(m.p, "\n\n") + 1;
        sprintf(q, "%.*ssource " COHORT "\n%s", (int) (p - m.p), m.p, p);
        diag = (txng_diag) TXNG_DIAG_INIT;
        ok(verify_mem(q, strlen(q), txng_signer_pubkey(logkey), NULL, &res, &diag) ==
                   TXNG_EFORMAT &&
               strcmp(diag.field, "source") == 0,
           "a source twice: refused (%s)", diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        /* In byte order (https: before urn:), the end hash made again. */
        p = strstr(m.p, "\nsource ") + 1;
        sprintf(q, "%.*ssource " UNIT1 "\n%s", (int) (p - m.p), m.p, p);
        {
            char         *e = strstr(q, "\nend ") + 1;
            unsigned char digest[TXNG_HASH_BYTES];
            char          b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];

            crypto_hash_sha256(digest, (const unsigned char *) q, (size_t) (e - q));
            txng_b64_encode(b64, digest, sizeof digest);
            sprintf(e, "end %s\n", b64);
        }
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = verify_mem(q, strlen(q), txng_signer_pubkey(logkey), NULL, &res, &diag);
        ok(err == TXNG_ECHAIN && strcmp(diag.field, UNIT1) == 0 &&
               strstr(diag.reason, "declared source") != NULL,
           "a source the bundle makes: refused (%d %s)", err, diag.reason ? diag.reason : "");
        txng_bundle_result_free(&res);
        free(q);
        free(m.p);
    }
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
}

/* Every single-byte change, every truncation, a reordering, another size. */
static void
test_tamper(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer       *old = signer("old", 3);
    txng_log          *log = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel = { 0 };
    txng_bundle_result res = { 0 };
    struct mem         m = { 0 };
    uint64_t           pick[] = { 5 };
    size_t             missed = 0, trunc_missed = 0;
    char              *copy, *a, *b, *c;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;

    build_chain(log, logkey, grower, old);
    sel.kind = TXNG_BUNDLE_INDEX;
    sel.idx  = pick;
    sel.nidx = 1;
    err = write_sel(log, &sel, NULL, &m);
    ok(err == TXNG_OK, "small bundle written (%zu bytes)", m.len);
    copy = malloc(m.len + 1);
    mutate_all(&m, txng_signer_pubkey(logkey), &missed, &trunc_missed);
    ok(missed == 0, "every single-byte change of %zu bytes is refused (%zu missed)", m.len,
       missed);
    ok(trunc_missed == 0, "every truncation is refused");
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = verify_mem(m.p, m.len - 10, txng_signer_pubkey(logkey), NULL, &res, &diag);
    ok(err == TXNG_EFORMAT && strncmp(diag.reason, "the bundle ends in the middle of a line: ", 41) == 0,
       "truncated: %s", diag.reason ? diag.reason : "");
    {
        size_t lines = 1;

        for (size_t i = 0; i < m.len - 10; i++)
            lines += m.p[i] == '\n';
        ok(diag.line == lines, "truncated: the cut line is named (%zu, expected %zu)", diag.line,
           lines);
    }
    txng_bundle_result_free(&res);
    /* Something after the last line. */
    memcpy(copy, m.p, m.len);
    copy[m.len] = 'x';
    diag        = (txng_diag) TXNG_DIAG_INIT;
    err = verify_mem(copy, m.len + 1, txng_signer_pubkey(logkey), NULL, &res, &diag);
    ok(err == TXNG_EFORMAT, "bytes after the end line refused (%s)",
       diag.reason ? diag.reason : "");
    txng_bundle_result_free(&res);
    free(copy);
    /* Swap record 1 and record 2 blocks (same shape): out of order. */
    a = strstr(m.p, "\nrecord 1 ");
    b = strstr(m.p, "\nrecord 2 ");
    c = strstr(b + 1, "\n");
    c = strstr(c + 1, "\n");
    ok(a != NULL && b != NULL && c != NULL, "blocks found");
    {
        size_t la = (size_t) (b - a), lb = (size_t) (c - b);
        char  *t  = malloc(la + lb);

        memcpy(t, b, lb);
        memcpy(t + lb, a, la);
        memcpy(a, t, la + lb);
        free(t);
    }
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, &diag);
    ok(err == TXNG_ECHAIN && strcmp(diag.reason, "records are out of order") == 0 &&
           diag.line == 15,
       "reordered: %s at line %zu", diag.reason ? diag.reason : "", diag.line);
    txng_bundle_result_free(&res);
    free(m.p);
    /* A proof for another size: the header and checkpoint say 10, the records say 11. */
    add(log, logkey, grower, "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\"}");
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK, "bundle at size 11");
    a = strstr(m.p, "size 11\n");
    a[6] = '0';
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, &diag);
    ok(err == TXNG_EFORMAT && strcmp(diag.reason, "the checkpoint is for another size") == 0,
       "another size: %s", diag.reason ? diag.reason : "");
    txng_bundle_result_free(&res);
    a[6] = '1';
    /* The checkpoint of size 10 with the records and gaps of size 11: the header and the
     * note agree, the tree does not. */
    {
        char      *cp10 = NULL, *start, *stop, *spliced;
        size_t     len10, head, tail;
        struct mem big;

        ok(txng_log_checkpoint(log, 10, &cp10, &len10) == TXNG_OK, "checkpoint 10");
        start = strstr(m.p, "\n\n") + 2;      /* the note starts after the header */
        stop  = strstr(start, "\n\n") + 2;    /* its text ends here */
        stop  = strstr(stop, "\n\n") + 1;     /* its signature lines end here */
        head  = (size_t) (start - m.p);
        tail  = m.len - (size_t) (stop - m.p);
        spliced = malloc(head + len10 + tail + 1);
        memcpy(spliced, m.p, head);
        memcpy(spliced + head, cp10, len10);
        memcpy(spliced + head + len10, stop, tail);
        spliced[head + len10 + tail] = '\0';
        memcpy(strstr(spliced, "size 11\n"), "size 10\n", 8);
        big  = (struct mem){ spliced, head + len10 + tail, 0, 0 };
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = verify_mem(big.p, big.len, txng_signer_pubkey(logkey), NULL, &res, &diag);
        ok(err == TXNG_ECHAIN &&
               strcmp(diag.reason, "the gap hashes do not cover the gap") == 0,
           "a proof for another size: %s (line %zu)", diag.reason ? diag.reason : "",
           diag.line);
        txng_bundle_result_free(&res);
        free(spliced);
        free(cp10);
    }
    free(m.p);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
}

static void
test_exporter_and_consistency(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer       *old = signer("old", 3), *auditor = signer("auditor", 4);
    txng_log          *log = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT1 };
    txng_bundle_wopts  wo  = { 0 };
    txng_bundle_vopts  vo  = { 0 };
    txng_bundle_result res = { 0 };
    struct mem         m = { 0 };
    uint64_t           from[] = { 3, 9 };
    char              *line;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;

    build_chain(log, logkey, grower, old);
    enrol(log, logkey, auditor, "auditor");
    wo.exporter = auditor;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "signed by the auditor");
    err = verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL);
    ok(err == TXNG_OK && res.exported && res.exporter_verified &&
           strncmp(res.exporter, "auditor+", 8) == 0,
       "exporter line checked against the enrolled key");
    txng_bundle_result_free(&res);
    vo.exporter = txng_signer_pubkey(auditor);
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), &vo, &res, NULL) == TXNG_OK &&
           res.exporter_verified,
       "exporter key given: verifies");
    txng_bundle_result_free(&res);
    vo.exporter = txng_signer_pubkey(grower);
    diag        = (txng_diag) TXNG_DIAG_INIT;
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), &vo, &res, &diag) == TXNG_EBADSIG &&
           strcmp(diag.reason, "the bundle is exported by another key") == 0,
       "another exporter key: refused");
    txng_bundle_result_free(&res);
    line = strstr(m.p, "\nexporter ");
    line[strlen(line) - 10] ^= 1;
    vo.exporter = NULL;
    diag        = (txng_diag) TXNG_DIAG_INIT;
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, &diag) == TXNG_EBADSIG &&
           strcmp(diag.reason, "the exporter signature does not verify") == 0,
       "bad exporter signature: refused");
    txng_bundle_result_free(&res);
    /* Without the line, an exporter key is required. */
    line[1] = '\0';
    vo.exporter = txng_signer_pubkey(auditor);
    diag        = (txng_diag) TXNG_DIAG_INIT;
    ok(verify_mem(m.p, (size_t) (line + 1 - m.p), txng_signer_pubkey(logkey), &vo, &res, &diag) ==
               TXNG_EFORMAT &&
           strstr(diag.reason, "announces an exporter line") != NULL,
       "missing exporter line refused: the end line announces it");
    txng_bundle_result_free(&res);
    free(m.p);

    wo.exporter         = NULL;
    wo.consistency_from = from;
    wo.nconsistency     = 2;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "with consistency blocks");
    err = verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL);
    ok(err == TXNG_OK && res.ncons == 2 && res.cons[0].old == 3 && res.cons[1].old == 9,
       "consistency blocks read");
    {
        char   *cp = NULL, *text3 = NULL;
        size_t  len, tl;
        txng_checkpoint c3;
        txng_note       note;

        ok(txng_log_checkpoint(log, 3, &cp, &len) == TXNG_OK &&
               txng_note_parse(&note, cp, len, NULL) == TXNG_OK &&
               txng_checkpoint_parse(&c3, cp, note.text_len, NULL) == TXNG_OK,
           "checkpoint 3");
        ok(txng_merkle_verify_consistency(3, res.size, c3.root, res.root,
                                          (const unsigned char(*)[TXNG_HASH_BYTES]) res.cons[0]
                                              .proof,
                                          res.cons[0].n) == TXNG_OK,
           "the proof from 3 verifies against the stored checkpoint 3");
        free(cp);
        (void) text3;
        (void) tl;
    }
    txng_bundle_result_free(&res);
    free(m.p);
    from[0] = 0;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_EINVAL, "consistency from 0: EINVAL");
    free(m.p);
    from[0] = 12;
    from[1] = 3;
    ok(write_sel(log, &sel, &wo, &m) == TXNG_EINVAL, "consistency sizes not increasing: EINVAL");
    free(m.p);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
    txng_signer_free(auditor);
}

static txng_err
count_key(void *ctx, const txng_key_info *k)
{
    (void) k;
    ++*(int *) ctx;
    return TXNG_OK;
}

static void
test_import(const char *dir, const char *dir2)
{
    txng_signer              *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer              *old = signer("old", 3), *key2 = signer(ORIGIN2, 5);
    txng_signer              *shop = signer("shop", 6);
    txng_log                 *log = new_log(dir, ORIGIN, logkey), *log2 = new_log(dir2, ORIGIN2, key2);
    txng_bundle_sel           sel = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT1 };
    txng_bundle_import_result ir;
    txng_bundle_origin       *orgs = NULL;
    txng_trace_result        *tr   = NULL;
    struct mem                m;
    uint64_t                  size0, size1, first = 0;
    size_t                    norgs = 0;
    bool                      found = false;
    int                       nkeys = 0;
    txng_diag                 diag = TXNG_DIAG_INIT;
    txng_err                  err;

    build_chain(log, logkey, grower, old);
    enrol(log2, key2, shop, "retailer");
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK, "unit bundle");
    /* A damaged bundle: nothing appended. */
    m.p[m.len - 60] ^= 1;
    ok(txng_log_size(log2, &size0) == TXNG_OK, "size before");
    err = txng_bundle_import(log2, key2, shop, m.p, m.len, txng_signer_pubkey(logkey), T0 + 99,
                             &ir, &diag);
    ok(err != TXNG_OK && txng_log_size(log2, &size1) == TXNG_OK && size1 == size0,
       "damaged bundle: refused, nothing appended");
    m.p[m.len - 60] ^= 1;
    ok(txng_bundle_import(log2, key2, shop, m.p, m.len, txng_signer_pubkey(key2), T0 + 99, &ir,
                          NULL) == TXNG_EBADSIG,
       "another upstream key: EBADSIG");
    ok(txng_bundle_import(log, logkey, grower, m.p, m.len, txng_signer_pubkey(logkey), T0 + 99,
                          &ir, NULL) == TXNG_EEXIST,
       "importing a log's own bundle: EEXIST");
    err = txng_bundle_import(log2, key2, shop, m.p, m.len, txng_signer_pubkey(logkey), T0 + 99,
                             &ir, &diag);
    ok(err == TXNG_OK && ir.added == 7 && ir.skipped == 0 && ir.first == size0 && ir.size == 10,
       "imported 7 records (all but the genesis) after one Import record");
    ok(txng_log_size(log2, &size1) == TXNG_OK && size1 == size0 + 8, "8 records appended");
    err = txng_bundle_import(log2, key2, shop, m.p, m.len, txng_signer_pubkey(logkey), T0 + 99,
                             &ir, NULL);
    ok(err == TXNG_OK && ir.added == 0 && ir.skipped == 7 &&
           txng_log_size(log2, &first) == TXNG_OK && first == size1,
       "re-import: nothing new, nothing appended");
    free(m.p);
    /* A bundle with one more record: only that one comes in. */
    sel.kind = TXNG_BUNDLE_ALL;
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK, "all bundle");
    err = txng_bundle_import(log2, key2, shop, m.p, m.len, txng_signer_pubkey(logkey), T0 + 99,
                             &ir, NULL);
    ok(err == TXNG_OK && ir.added == 2 && ir.skipped == 7, "second import: 2 new, 7 skipped");
    free(m.p);
    ok(txng_log_verify(log2, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_OK, "the shop's log verifies");
    err = txng_bundle_check_imports(log2, &orgs, &norgs, &diag);
    ok(err == TXNG_OK && norgs == 1 && strcmp(orgs[0].origin, ORIGIN) == 0 &&
           orgs[0].records == 9 && orgs[0].size == 10,
       "check_imports: 9 records from " ORIGIN " at size 10");
    free(orgs);
    /* Trace back in the shop's log reaches the harvest through the imports. */
    ok(txng_trace(log2, UNIT1, TXNG_TRACE_BACK, 0, &tr) == TXNG_OK, "trace back in the shop");
    for (size_t i = 0; tr != NULL && i < tr->nnodes; i++)
        if (strcmp(tr->nodes[i].id, HLOT) == 0)
            found = true;
    ok(found, "the harvested lot is reached across the boundary");
    txng_trace_free(tr);
    /* A forged Imported record: wrong proof. */
    {
        char    *bytes = NULL;
        size_t   len;
        json_t  *rec = NULL, *ev;

        ok(txng_log_get(log, 3, &bytes, &len) == TXNG_OK, "upstream record 3");
        rec = parse(bytes);
        ev  = json_pack("{s:s, s:I, s:o, s:[s]}", "type", TXNG_TYPE_IMPORTED, "import",
                        (json_int_t) (size1 + 3 - size0), "record", rec, "proof",
                        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        ok(txng_log_append_as(log2, key2, shop, &ev, 1, T0 + 100, NULL, NULL) == TXNG_OK,
           "forged Imported appended");
        json_decref(ev);
        free(bytes);
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_bundle_check_imports(log2, &orgs, &norgs, &diag);
        ok(err == TXNG_EPROOF && diag.has_index && diag.index == size1 + 3 &&
               strcmp(diag.reason, "the imported record is not in the imported checkpoint") == 0,
           "check_imports: forged proof found at its record");
        free(orgs);
    }
    ok(txng_log_keys(log2, count_key, &nkeys) == TXNG_OK && nkeys == 2,
       "upstream enrolments do not enrol keys in the shop's log");
    txng_log_close(log);
    txng_log_close(log2);
    remove_log(dir);
    remove_log(dir2);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
    txng_signer_free(key2);
    txng_signer_free(shop);
}

/* The records txng_index_find() gives for @p text in @p role, as "a,b,...". */
static const char *
found(txng_log *log, const char *text, size_t len, unsigned char role, char out[128])
{
    txng_index_hit *hits = NULL;
    uint64_t        at[16];
    size_t          n = 0;

    if (txng_index_find(log, text, len, role, &hits, &n) != TXNG_OK || n > 16)
        return "error";
    for (size_t i = 0; i < n; i++)
        at[i] = hits[i].index;
    free(hits);
    list_text(at, n, out, 128);
    return out;
}

/* The records of upstream index @p index (role 'U'). */
static const char *
found_upstream(txng_log *log, uint64_t index, char out[128])
{
    char text[TXNG_INDEX_IMPORTED_TEXT];

    return found(log, text, txng_index_imported_text(text, index), TXNG_ROLE_IMPORTED, out);
}

/*
 * Put (@p add) or delete one `ids` entry of the log in @p dir behind libtxng's
 * back: *@p log is closed first and opened again after, since LMDB wants one
 * environment per file and process. Returns 0, or the LMDB or txng error.
 */
static int
ids_edit(txng_log **log, const char *dir, const char *key, size_t klen, uint64_t index,
         unsigned char role, bool add)
{
    MDB_env      *env;
    MDB_txn      *txn;
    MDB_dbi       dbi;
    unsigned char val[TXNG_INDEX_VAL_BYTES];
    MDB_val       k = { klen, (void *) (uintptr_t) key }, v = { sizeof val, val };
    int           rc;

    txng_log_close(*log);
    *log = NULL;
    txng_index_value(val, index, role);
    if ((rc = raw_begin(dir, &env, &txn)) != 0)
        return rc;
    rc = mdb_dbi_open(txn, "ids", 0, &dbi);
    if (rc == 0)
        rc = add ? mdb_put(txn, dbi, &k, &v, MDB_NODUPDATA) : mdb_del(txn, dbi, &k, &v);
    rc = raw_end(env, txn, rc);
    return rc != 0 ? rc : (int) txng_log_open(log, dir, 0);
}

/* Import bundle @p m into @p log as @p actor. */
static txng_err
import_mem(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
           const struct mem *m, const txng_signer *upstream, txng_bundle_import_result *ir)
{
    return txng_bundle_import(log, logkey, actor, m->p, m->len, txng_signer_pubkey(upstream),
                              T0 + 99, ir, NULL);
}

/*
 * Earlier imports come from the `ids` database: the origin's key finds
 * exactly its Import records, each upstream index exactly the Imported
 * records that carry it, across a second, overlapping import and an import
 * of another origin with the same upstream indexes; and an entry removed
 * behind libtxng's back lets its record come in again, which a reading of
 * the log would not.
 */
static void
test_import_index(const char *dir, const char *dir2, const char *dir3)
{
    txng_signer              *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer              *old = signer("old", 3), *key2 = signer(ORIGIN2, 5);
    txng_signer              *shop = signer("shop", 6), *key3 = signer(ORIGIN3, 8);
    txng_log                 *log  = new_log(dir, ORIGIN, logkey);
    txng_log                 *log2 = new_log(dir2, ORIGIN2, key2);
    txng_log                 *log3 = new_log(dir3, ORIGIN3, key3);
    txng_bundle_sel           sel = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT1 };
    txng_bundle_import_result ir;
    struct mem                unit, all, all3;
    char                      o[128];
    uint64_t                  size = 0;
    txng_err                  err;

    build_chain(log, logkey, grower, old);
    build_chain(log3, key3, grower, old);
    enrol(log2, key2, shop, "retailer");
    ok(write_sel(log, &sel, NULL, &unit) == TXNG_OK,
       "index: unit bundle (records 0-3, 5, 6, 8, 9)");
    sel.kind = TXNG_BUNDLE_ALL;
    ok(write_sel(log, &sel, NULL, &all) == TXNG_OK && write_sel(log3, &sel, NULL, &all3) == TXNG_OK,
       "index: bundles of every record of both upstream logs");
    ok(strcmp(found(log2, "\002" ORIGIN, 1 + strlen(ORIGIN), TXNG_ROLE_IMPORT, o), "") == 0,
       "index: nothing imported yet");

    err = import_mem(log2, key2, shop, &unit, logkey, &ir);
    ok(err == TXNG_OK && ir.first == 2 && ir.added == 7, "index: unit imported as records 2..9");
    ok(strcmp(found(log2, "\002" ORIGIN, 1 + strlen(ORIGIN), TXNG_ROLE_IMPORT, o), "2") == 0,
       "index: the origin finds the Import record");
    ok(strcmp(found_upstream(log2, 1, o), "3") == 0 &&
           strcmp(found_upstream(log2, 5, o), "6") == 0 &&
           strcmp(found_upstream(log2, 9, o), "9") == 0 &&
           strcmp(found_upstream(log2, 4, o), "") == 0 &&
           strcmp(found_upstream(log2, 0, o), "") == 0,
       "index: each upstream index finds its Imported record; 4 and the genesis none");
    ok(ids_edit(&log2, dir2, "\002#4", 3, 9999, TXNG_ROLE_IMPORTED, true) == 0,
       "index: an entry of upstream record 4 that leads past the end");
    err = import_mem(log2, key2, shop, &all, logkey, &ir);
    ok(err == TXNG_ECORRUPT && ir.added == 0 && txng_log_size(log2, &size) == TXNG_OK &&
           size == 10,
       "index: ECORRUPT, nothing appended");
    ok(ids_edit(&log2, dir2, "\002#4", 3, 9999, TXNG_ROLE_IMPORTED, false) == 0,
       "index: removed again");

    err = import_mem(log2, key2, shop, &all, logkey, &ir);
    ok(err == TXNG_OK && ir.first == 10 && ir.added == 2 && ir.skipped == 7,
       "index: overlapping bundle: records 4 and 7 as 10..12, 7 skipped");
    ok(strcmp(found(log2, "\002" ORIGIN, 1 + strlen(ORIGIN), TXNG_ROLE_IMPORT, o), "2,10") == 0,
       "index: the origin finds both Import records");
    ok(strcmp(found_upstream(log2, 4, o), "11") == 0 &&
           strcmp(found_upstream(log2, 7, o), "12") == 0 &&
           strcmp(found_upstream(log2, 1, o), "3") == 0,
       "index: the new indexes find the second import, the old ones still only the first");
    err = import_mem(log2, key2, shop, &all, logkey, &ir);
    ok(err == TXNG_OK && ir.added == 0 && ir.skipped == 9 &&
           txng_log_size(log2, &size) == TXNG_OK && size == 13,
       "index: re-import skips all 9, appends nothing");

    err = import_mem(log2, key2, shop, &all3, key3, &ir);
    ok(err == TXNG_OK && ir.first == 13 && ir.added == 9 && ir.skipped == 0,
       "index: another origin with the same upstream indexes: all 9 new");
    ok(strcmp(found(log2, "\002" ORIGIN3, 1 + strlen(ORIGIN3), TXNG_ROLE_IMPORT, o), "13") == 0 &&
           strcmp(found(log2, "\002" ORIGIN, 1 + strlen(ORIGIN), TXNG_ROLE_IMPORT, o),
                  "2,10") == 0 &&
           strcmp(found_upstream(log2, 5, o), "6,18") == 0,
       "index: each origin finds its own imports; index 5 finds one Imported of each");

    ok(ids_edit(&log2, dir2, "\002#5", 3, 6, TXNG_ROLE_IMPORTED, false) == 0,
       "index: remove the entry of upstream record 5 from " ORIGIN);
    err = import_mem(log2, key2, shop, &all, logkey, &ir);
    ok(err == TXNG_OK && ir.added == 1 && ir.skipped == 8 && ir.first == 23,
       "index: record 5 comes in again: the index decides, not a reading of the log");
    ok(txng_log_verify(log2, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_ECORRUPT,
       "index: verify finds the missing entry");
    free(unit.p);
    free(all.p);
    free(all3.p);
    txng_log_close(log);
    txng_log_close(log2);
    txng_log_close(log3);
    remove_log(dir);
    remove_log(dir2);
    remove_log(dir3);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
    txng_signer_free(key2);
    txng_signer_free(shop);
    txng_signer_free(key3);
}

static void
test_cosignature(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *wit = signer("witness.example/w1", 7);
    txng_log          *log = new_log(dir, ORIGIN, logkey), *ro = NULL;
    txng_bundle_sel    sel = { .kind = TXNG_BUNDLE_ALL };
    txng_bundle_result res = { 0 };
    struct mem         m = { 0 };
    unsigned char      raw[4 + 8 + 64];
    char               line[200], b64[TXNG_B64_SIZE(sizeof raw)], *cp = NULL;
    size_t             len;
    uint32_t           id = txng_signer_pubkey(wit)->id;

    /* A well-formed cosignature/v1 line (not verified by the log). */
    raw[0] = (unsigned char) (id >> 24);
    raw[1] = (unsigned char) (id >> 16);
    raw[2] = (unsigned char) (id >> 8);
    raw[3] = (unsigned char) id;
    memset(raw + 4, 0x42, sizeof raw - 4);
    txng_b64_encode(b64, raw, sizeof raw);
    snprintf(line, sizeof line, "\xe2\x80\x94 witness.example/w1 %s\n", b64);
    ok(txng_log_add_cosignature(log, 1, line, strlen(line)) == TXNG_OK, "cosignature added");
    ok(txng_log_checkpoint(log, 1, &cp, &len) == TXNG_OK && len > strlen(line) &&
           memcmp(cp + len - strlen(line), line, strlen(line)) == 0,
       "the checkpoint note ends with it");
    free(cp);
    ok(txng_log_add_cosignature(log, 1, line, strlen(line) - 1) == TXNG_EEXIST,
       "same key again: EEXIST");
    ok(txng_log_add_cosignature(log, 2, line, strlen(line)) == TXNG_ENOTFOUND,
       "no checkpoint of size 2: ENOTFOUND");
    ok(txng_log_add_cosignature(log, 1, "— w AAAA\n", 11) == TXNG_EFORMAT,
       "too short: EFORMAT");
    ok(txng_log_add_cosignature(log, 1, "hello\nworld", 11) == TXNG_EFORMAT,
       "two lines: EFORMAT");
    ok(txng_log_add_cosignature(log, 1, "", 0) == TXNG_EFORMAT, "empty: EFORMAT");
    ok(txng_log_add_cosignature(log, 0, line, strlen(line)) == TXNG_EINVAL, "size 0: EINVAL");
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_OK,
       "the log still verifies");
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK &&
           verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL) == TXNG_OK &&
           strstr(res.note, "witness.example/w1") != NULL,
       "bundles carry the cosignature and still verify");
    txng_bundle_result_free(&res);
    free(m.p);
    txng_log_close(log);
    ok(txng_log_open(&ro, dir, TXNG_LOG_RDONLY) == TXNG_OK &&
           txng_log_add_cosignature(ro, 1, line, strlen(line)) == TXNG_EPERM,
       "read-only: EPERM");
    txng_log_close(ro);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(wit);
}

/*
 * Lineage sources: a lot made from six lots of which one is made in the log;
 * the five others are counted and the first TXNG_BUNDLE_SOURCE_IDS of them
 * named in byte order, whatever order the event lists them in.
 */
static void
test_sources(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_log          *log    = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel    = { .kind = TXNG_BUNDLE_LOT, .id = DLOT };
    txng_bundle_result res    = { 0 };
    txng_bundle_wopts  wo     = { 0 };
    struct mem         m = { 0 };

    enrol(log, logkey, grower, "grower");
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"quantityList\":[{\"epcClass\":\"urn:x:in:3\"}],"
        "\"eventTime\":\"2024-11-13T08:00:00+07:00\"}");
    add(log, logkey, grower,
        "{\"type\":\"TransformationEvent\",\"inputQuantityList\":[{\"epcClass\":\"urn:x:in:6\"},"
        "{\"epcClass\":\"urn:x:in:2\"},{\"epcClass\":\"urn:x:in:5\"},{\"epcClass\":\"urn:x:in:1\"},"
        "{\"epcClass\":\"urn:x:in:4\"},{\"epcClass\":\"urn:x:in:3\"}],\"outputQuantityList\":"
        "[{\"epcClass\":\"" DLOT "\"}],\"eventTime\":\"2024-11-15T08:00:00+07:00\"}");
    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "sources: lot bundle written");
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL) == TXNG_OK,
       "sources: verifies");
    ok(res.sources == 5 && res.nsource_ids == TXNG_BUNDLE_SOURCE_IDS &&
           strcmp(res.source_ids[0], "urn:x:in:1") == 0 &&
           strcmp(res.source_ids[1], "urn:x:in:2") == 0 &&
           strcmp(res.source_ids[2], "urn:x:in:4") == 0 &&
           strcmp(res.source_ids[3], "urn:x:in:5") == 0,
       "sources: 5 counted, the first 4 named in order, the one made in the log left out");
    txng_bundle_result_free(&res);
    free(m.p);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

/*
 * Master data in a unit's bundle: the newest product record of the unit's
 * GTIN and its producer, the place the events name, the party they ship to;
 * not an older version of the product, not master data nothing names.
 */
static void
test_master(const char *dir)
{
#define PID   "https://id.gs1.org/01/08930000000033"
#define HTX   "https://id.gs1.org/417/8930000000019"
#define KHO   "urn:txng:" ORIGIN ":place:kho"
#define SHOP  "urn:txng:" ORIGIN ":party:shop"
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_log          *log    = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel    = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT1 };
    txng_bundle_result res    = { 0 };
    txng_bundle_wopts  wo     = { 0 };
    struct mem         m = { 0 };
    uint64_t          *idx = NULL;
    size_t             n   = 0;
    char               text[256];

    enrol(log, logkey, grower, "grower");                                        /* 1 */
    add(log, logkey, grower, "{\"type\":\"txng:Product\",\"id\":\"" PID
                             "\",\"name\":\"old name\",\"producer\":\"" HTX "\"}"); /* 2 */
    add(log, logkey, grower, "{\"type\":\"txng:Party\",\"id\":\"" HTX
                             "\",\"name\":\"HTX Sâm Ngọc Linh\"}");             /* 3 */
    add(log, logkey, grower, "{\"type\":\"txng:Place\",\"id\":\"" KHO
                             "\",\"name\":\"Kho HTX\"}");                       /* 4 */
    add(log, logkey, grower, "{\"type\":\"txng:Party\",\"id\":\"" SHOP
                             "\",\"name\":\"Cửa hàng\"}");                      /* 5 */
    add(log, logkey, grower, "{\"type\":\"txng:Place\",\"id\":\"urn:txng:" ORIGIN
                             ":place:elsewhere\",\"name\":\"Nơi khác\"}");      /* 6 */
    add(log, logkey, grower, "{\"type\":\"txng:Product\",\"id\":\"" PID
                             "\",\"name\":\"Sâm sấy lát\",\"producer\":\"" HTX
                             "\",\"imageSha256\":\"" "00112233445566778899aabbccddeeff"
                             "00112233445566778899aabbccddeeff\"}");                /* 7 */
    add(log, logkey, grower,
        "{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"bizStep\":\"packing\",\"parentID\":"
        "\"" DLOT "\",\"childEPCs\":[\"" UNIT1 "\"],\"readPoint\":{\"id\":\"" KHO
        "\"},\"eventTime\":\"2024-11-20T08:00:00+07:00\"}");                  /* 8 */
    add(log, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"epcList\":"
        "[\"" UNIT1 "\"],\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"" SHOP
        "\"}],\"eventTime\":\"2024-11-21T08:00:00+07:00\"}");                 /* 9 */

    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_OK, "master: select unit");
    list_text(idx, n, text, sizeof text);
    ok(strcmp(text, "0,1,3,4,5,7,8,9") == 0,
       "master: the newest product (7), its producer (3), the place (4) and the recipient (5) "
       "come with the lineage; the old product (2) and the other place (6) do not: %s", text);
    free(idx);

    ok(write_sel(log, &sel, &wo, &m) == TXNG_OK, "master: unit bundle written");
    ok(verify_mem(m.p, m.len, txng_signer_pubkey(logkey), NULL, &res, NULL) == TXNG_OK &&
           res.records == 8,
       "master: the bundle with its master data verifies");
    txng_bundle_result_free(&res);
    free(m.p);

    /* a lot's bundle: the product comes from the lot's GTIN */
    sel.kind = TXNG_BUNDLE_LOT;
    sel.id   = DLOT;
    ok(txng_bundle_select(log, &sel, &idx, &n, NULL) == TXNG_OK, "master: select lot");
    list_text(idx, n, text, sizeof text);
    ok(strstr(text, ",7,") != NULL && strstr(text, ",4,") != NULL && strstr(text, ",2,") == NULL,
       "master: a lot's bundle carries the product record of its units and the place: %s", text);
    free(idx);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
#undef PID
#undef HTX
#undef KHO
#undef SHOP
}

/*
 * A forked upstream: two logs of one origin and key, each extended by another
 * record to the same size. The second import is refused as a fork with both
 * notes, nothing appended; an older checkpoint is refused; a newer one needs
 * its consistency block from the size imported before.
 */
static void
test_import_fork(const char *dir, const char *dir2, const char *dir3)
{
    txng_signer              *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer              *old = signer("old", 3), *key2 = signer(ORIGIN2, 5);
    txng_signer              *shop = signer("shop", 6);
    txng_log                 *f = new_log(dir, ORIGIN, logkey), *g = new_log(dir3, ORIGIN, logkey);
    txng_log                 *log2 = new_log(dir2, ORIGIN2, key2);
    txng_bundle_sel           sel  = { .kind = TXNG_BUNDLE_ALL };
    txng_bundle_import_result ir   = { 0 };
    txng_bundle_wopts         wo   = { 0 };
    struct mem                mf, mg, m11;
    uint64_t                  size0, size1, from[] = { 11 };
    txng_diag                 diag = TXNG_DIAG_INIT;
    txng_err                  err;

    build_chain(f, logkey, grower, old);
    build_chain(g, logkey, grower, old);
    add(f, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\",\"epcList\":"
        "[\"" UNIT1 "\"],\"eventTime\":\"2024-11-22T08:00:00+07:00\"}");
    add(g, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"storing\",\"epcList\":"
        "[\"" UNIT1 "\"],\"eventTime\":\"2024-11-22T08:00:00+07:00\"}");
    enrol(log2, key2, shop, "retailer");
    ok(write_sel(f, &sel, NULL, &mf) == TXNG_OK && write_sel(g, &sel, NULL, &mg) == TXNG_OK,
       "fork: two bundles of size 11");
    ok(import_mem(log2, key2, shop, &mf, logkey, &ir) == TXNG_OK && ir.added == 10,
       "fork: the first is imported");
    txng_bundle_import_result_free(&ir);
    ok(txng_log_size(log2, &size0) == TXNG_OK, "fork: size before");
    err = txng_bundle_import(log2, key2, shop, mg.p, mg.len, txng_signer_pubkey(logkey), T0 + 99,
                             &ir, &diag);
    ok(err == TXNG_EFORK && strstr(diag.reason, "fork: another tree") != NULL &&
           txng_log_size(log2, &size1) == TXNG_OK && size1 == size0 && ir.added == 0,
       "fork: the second is refused, nothing appended (%s)", diag.reason ? diag.reason : "");
    ok(ir.prior != NULL && ir.note != NULL && ir.prior_size == 11 &&
           strcmp(ir.prior, ir.note) != 0 && strncmp(ir.prior, ORIGIN "\n11\n", 27) == 0 &&
           strncmp(ir.note, ORIGIN "\n11\n", 27) == 0,
       "fork: both signed notes kept as evidence");
    txng_bundle_import_result_free(&ir);
    ok(ir.prior == NULL && ir.note == NULL, "fork: evidence freed");
    /* f grows: a bundle at 12 needs its proof from 11. */
    add(f, logkey, grower,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"selling\",\"epcList\":"
        "[\"" UNIT1 "\"],\"eventTime\":\"2024-11-23T08:00:00+07:00\"}");
    m11 = mf;
    ok(write_sel(f, &sel, NULL, &mf) == TXNG_OK, "forward: bundle at 12 without a proof");
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_bundle_import(log2, key2, shop, mf.p, mf.len, txng_signer_pubkey(logkey),
                              T0 + 99, &ir, &diag);
    ok(err == TXNG_EPROOF && ir.prior_size == 11 && txng_log_size(log2, &size1) == TXNG_OK &&
           size1 == size0,
       "forward: no consistency block from 11: EPROOF, nothing appended");
    txng_bundle_import_result_free(&ir);
    free(mf.p);
    wo.consistency_from = from;
    wo.nconsistency     = 1;
    ok(write_sel(f, &sel, &wo, &mf) == TXNG_OK, "forward: bundle at 12 with a proof from 11");
    ok(import_mem(log2, key2, shop, &mf, logkey, &ir) == TXNG_OK && ir.added == 1 &&
           ir.skipped == 10,
       "forward: imported, the one new record");
    txng_bundle_import_result_free(&ir);
    /* f's size-11 bundle again: older than the checkpoint at 12. */
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_bundle_import(log2, key2, shop, m11.p, m11.len, txng_signer_pubkey(logkey),
                              T0 + 99, &ir, &diag);
    ok(err == TXNG_EFORK && strstr(diag.reason, "rollback") != NULL && ir.prior_size == 12,
       "rollback: an older checkpoint is refused");
    free(m11.p);
    txng_bundle_import_result_free(&ir);
    ok(txng_log_verify(log2, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_OK, "fork: the log verifies");
    free(mf.p);
    free(mg.p);
    txng_log_close(f);
    txng_log_close(g);
    txng_log_close(log2);
    remove_log(dir);
    remove_log(dir2);
    remove_log(dir3);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
    txng_signer_free(key2);
    txng_signer_free(shop);
}

/*
 * A bundle in memory: txng_bundle_mem_read() hands out the bytes in order,
 * and txng_bundle_records() gives back, decoded, the records the log holds at
 * the bundle's indexes; bytes verify would refuse are ECORRUPT.
 */
static void
test_records(const char *dir)
{
    txng_signer       *logkey = signer(ORIGIN, 1), *grower = signer("grower", 2);
    txng_signer       *old = signer("old", 3);
    txng_log          *log = new_log(dir, ORIGIN, logkey);
    txng_bundle_sel    sel = { 0 };
    txng_bundle_result res = { 0 };
    txng_bundle_mem    bm;
    txng_record      **recs = NULL, **none = NULL;
    struct mem         m    = { 0 };
    size_t             n = 0, nn = 7, got = 0, total = 0;
    char               text[256], back[8192], chunk[3];
    bool               same = true;
    static const char  bad_line[]   = "h\n\nnote\n\n\nbogus 1\nend x\n";
    static const char  bad_record[] = "h\n\nnote\n\n\nrecord 0 2\n{}\nend x\n";
    static const char  cut_record[] = "h\n\nnote\n\n\nrecord 0 90\n{\"event\":";

    build_chain(log, logkey, grower, old);
    sel.kind = TXNG_BUNDLE_UNIT;
    sel.id   = UNIT1;
    ok(write_sel(log, &sel, NULL, &m) == TXNG_OK && m.len < sizeof back, "unit bundle written");

    bm = (txng_bundle_mem){ m.p, m.len, 0 };
    do {
        if (txng_bundle_mem_read(&bm, chunk, sizeof chunk, &got) != TXNG_OK || got > sizeof chunk ||
            total + got > sizeof back)
            break;
        memcpy(back + total, chunk, got);
        total += got;
    } while (got > 0);
    ok(got == 0 && total == m.len && memcmp(back, m.p, m.len) == 0 && bm.pos == m.len,
       "txng_bundle_mem_read: every byte once, in 3-byte reads, then 0");
    ok(txng_bundle_mem_read(&bm, chunk, sizeof chunk, &got) == TXNG_OK && got == 0,
       "txng_bundle_mem_read: still 0 at the end");
    bm = (txng_bundle_mem){ m.p, m.len, 0 };
    ok(txng_bundle_verify(txng_bundle_mem_read, &bm, txng_signer_pubkey(logkey), NULL, &res,
                          NULL) == TXNG_OK && res.records == 8,
       "the bundle verifies read through txng_bundle_mem_read");

    ok(txng_bundle_records(&recs, &n, m.p, m.len, res.size) == TXNG_OK && n == 8,
       "txng_bundle_records: 8 records");
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char   *bytes = NULL;
        size_t  len   = 0, k = strlen(text);
        json_t *ev    = NULL;
        txng_record *lr = NULL;

        snprintf(text + k, sizeof text - k, "%s%llu", i ? "," : "",
                 (unsigned long long) recs[i]->index);
        if (txng_log_get(log, recs[i]->index, &bytes, &len) == TXNG_OK &&
            txng_record_decode(&lr, bytes, len, NULL) == TXNG_OK)
            ev = lr->event;
        same = same && ev != NULL && json_equal(ev, recs[i]->event) &&
               strcmp(lr->recorded, recs[i]->recorded) == 0 &&
               json_equal(lr->signatures, recs[i]->signatures);
        txng_record_free(lr);
        free(bytes);
    }
    ok(strcmp(text, "0,1,2,3,5,6,8,9") == 0, "records in bundle order: %s", text);
    ok(same, "each record as the log holds it");

    ok(txng_bundle_records(NULL, &nn, m.p, m.len, res.size) == TXNG_EINVAL && nn == 0 &&
           txng_bundle_records(&none, NULL, m.p, m.len, res.size) == TXNG_EINVAL &&
           txng_bundle_records(&none, &nn, NULL, 0, res.size) == TXNG_EINVAL && none == NULL &&
           nn == 0,
       "txng_bundle_records: NULL argument, EINVAL, nothing out");
    nn = 7;
    ok(txng_bundle_records(&none, &nn, bad_line, strlen(bad_line), 1) == TXNG_ECORRUPT &&
           none == NULL && nn == 0,
       "a line verify would refuse: ECORRUPT");
    ok(txng_bundle_records(&none, &nn, bad_record, strlen(bad_record), 1) == TXNG_ECORRUPT &&
           none == NULL && nn == 0,
       "a record that does not decode: ECORRUPT");
    ok(txng_bundle_records(&none, &nn, cut_record, strlen(cut_record), 1) == TXNG_ECORRUPT &&
           none == NULL,
       "a record cut short: ECORRUPT");
    txng_bundle_records_free(NULL, 3);

    txng_bundle_records_free(recs, n);
    txng_bundle_result_free(&res);
    free(m.p);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(old);
}

int
main(void)
{
    char dir[4200], dir2[4200], dir3[4200];

    if (sodium_init() < 0)
        return 1;
    snprintf(tmp_root, sizeof tmp_root, "%s/txng-bundle-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmp_root) == NULL)
        return 1;
    snprintf(dir, sizeof dir, "%s/a", tmp_root);
    snprintf(dir2, sizeof dir2, "%s/b", tmp_root);
    test_kinds(dir);
    test_tamper(dir);
    test_tamper_signed(dir);
    test_lineage_cut(dir);
    test_exporter_and_consistency(dir);
    test_import(dir, dir2);
    snprintf(dir3, sizeof dir3, "%s/c", tmp_root);
    test_import_fork(dir, dir2, dir3);
    snprintf(dir3, sizeof dir3, "%s/c", tmp_root);
    test_import_index(dir, dir2, dir3);
    test_cosignature(dir);
    snprintf(dir, sizeof dir, "%s/sources", tmp_root);
    test_sources(dir);
    snprintf(dir, sizeof dir, "%s/master", tmp_root);
    test_master(dir);
    snprintf(dir, sizeof dir, "%s/records", tmp_root);
    test_records(dir);
    rmdir(tmp_root);
    return tap_done();
}
