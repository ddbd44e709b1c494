/*
 * test_event.c - the CTE table, building events from user values, and the stateless rules
 *
 * Known answers (canonical JSON written by hand) for plant, harvest,
 * transform, pack, ship, a party and a correction; every step built from a
 * full set of sample values and refused without each required element;
 * every refusal the issue lists; and the generated table in
 * docs/tcvn12850.md, which TXNG_UPDATE=1 rewrites.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/canon.h"
#include "core/event.h"
#include "tests/tap.h"

#define ORIGIN "htx.example"
#define V(o, v) { (o), (v) }
#define NV(a)   (sizeof(a) / sizeof((a)[0]))

static bool
reason_is(const txng_diag *d, const char *reason)
{
    return d->reason != NULL && strcmp(d->reason, reason) == 0;
}

/* Build @p step and return its canonical JSON (free()), or NULL with *err set. */
static char *
build(const char *step, const txng_kde_value *v, size_t n, txng_err *err, txng_diag *d)
{
    json_t  *ev = NULL;
    char    *s  = NULL;
    size_t   len;
    txng_err e;

    *d = (txng_diag) TXNG_DIAG_INIT;
    e  = txng_event_build(&ev, txng_step_find(step), ORIGIN, v, n, d);
    if (err != NULL)
        *err = e;
    if (e != TXNG_OK)
        return NULL;
    if (txng_canon_encode(ev, &s, &len) != TXNG_OK)
        s = NULL;
    json_decref(ev);
    return s;
}

static void
known(const char *step, const txng_kde_value *v, size_t n, const char *expect)
{
    txng_diag d;
    txng_err  err;
    char     *got = build(step, v, n, &err, &d);

    ok(got != NULL && strcmp(got, expect) == 0, "%s builds the expected event", step);
    if (got == NULL)
        printf("# err %d reason %s field %s\n", (int) err, d.reason ? d.reason : "-", d.field);
    else if (strcmp(got, expect) != 0)
        printf("# got    %s\n# expect %s\n", got, expect);
    free(got);
}

/* Expect a refusal with @p reason naming @p field. */
static void
refused(const char *step, const txng_kde_value *v, size_t n, const char *reason, const char *field,
        const char *what)
{
    txng_diag d;
    txng_err  err;
    char     *got = build(step, v, n, &err, &d);

    ok(got == NULL && err == TXNG_EFORMAT && reason_is(&d, reason) &&
           strcmp(d.field, field) == 0,
       "%s: %s", step, what);
    if (got != NULL || !reason_is(&d, reason) || strcmp(d.field, field) != 0)
        printf("# err %d reason \"%s\" field \"%s\"\n", (int) err, d.reason ? d.reason : "-",
               d.field);
    free(got);
}

/* ---- the table ---- */

static void
test_table(void)
{
    size_t n = txng_step_count();
    bool   uniq = true, headed = true, msgs = true, biz = true, found = true, small = true;

    ok(n == 22, "22 steps (16 events and corrections, 2 of claim codes, 4 kinds of master data)");
    for (size_t i = 0; i < n; i++) {
        const txng_step *s = txng_step_at(i);

        found &= txng_step_find(s->name) == s;
        small &= s->n_kdes <= 40;
        if (s->master)
            biz &= s->biz_step == NULL && strncmp(s->type, "txng:", 5) == 0;
        else
            biz &= s->biz_step != NULL &&
                   (strchr(s->biz_step, ':') == NULL ||
                    (strncmp(s->biz_step, TXNG_BIZSTEP_PREFIX, strlen(TXNG_BIZSTEP_PREFIX)) == 0 &&
                     strcmp(s->biz_step + strlen(TXNG_BIZSTEP_PREFIX), s->name) == 0));
        for (size_t j = 0; j < s->n_kdes; j++) {
            const txng_kde *k = &s->kdes[j];
            char            opt[64];

            for (size_t m = j + 1; m < s->n_kdes; m++) {
                if (strcmp(k->option, s->kdes[m].option) == 0 ||
                    strcmp(k->heading, s->kdes[m].heading) == 0) {
                    uniq = false;
                    printf("# %s: %s and %s clash\n", s->name, k->option, s->kdes[m].option);
                }
            }
            if (k->flags & TXNG_KDE_REQUIRED) {
                headed &= k->heading != NULL && k->heading[0] != '\0';
                snprintf(opt, sizeof opt, "--%s", k->option);
                if (k->missing == NULL || strncmp(k->missing, s->name, strlen(s->name)) != 0 ||
                    strstr(k->missing, opt) == NULL) {
                    msgs = false;
                    printf("# %s --%s: missing message does not name the step and option\n",
                           s->name, k->option);
                }
            } else if (k->missing != NULL) {
                msgs = false;
            }
            if (txng_step_kde(s, k->option) != k)
                found = false;
        }
    }
    ok(found, "every step and option is found by name");
    ok(uniq, "options and CSV headings are unique within each step");
    ok(headed, "every required element has a Vietnamese heading");
    ok(msgs, "every required element's message names the step and its option");
    ok(biz, "bizSteps are CBV words or urn:txng:bizstep:<step>; master data has none");
    ok(small, "no step has more than 40 elements");
    ok(txng_step_find("harvesting") == NULL && txng_step_find(NULL) == NULL,
       "unknown steps are not found");
    ok(txng_step_at(n) == NULL, "past the end of the table");
    ok(txng_step_kde(txng_step_find("harvest"), "colour") == NULL, "unknown option");
    ok(txng_step_kde_by_heading(txng_step_find("harvest"), "Số củ") ==
               txng_step_kde(txng_step_find("harvest"), "roots") &&
           txng_step_kde_by_heading(txng_step_find("harvest"), "Lô thu hoạch") ==
               txng_step_kde(txng_step_find("harvest"), "lot") &&
           txng_step_kde_by_heading(txng_step_find("harvest"), "roots") ==
               txng_step_kde(txng_step_find("harvest"), "roots") &&
           txng_step_kde_by_heading(txng_step_find("harvest"), "Màu") == NULL,
       "CSV headings find their elements");
}

/* ---- known answers ---- */

static void
test_known(void)
{
    static const txng_kde_value plant[] = {
        V("cohort", "V3-2019"),     V("place", "vuon-3"),         V("seedlings", "LOT-CG-18"),
        V("count", "400"),          V("plot", "lô 2, khoảnh 5, tiểu khu 12"),
        V("gps", "14.9123, 107.9876"), V("accuracy", "5"),        V("species", "Panax vietnamensis"),
        V("lease", "HĐ 12/2019"),   V("time", "2019-10-20T08:00+07:00"), V("party", "ho-a"),
    };
    static const txng_kde_value harvest[] = {
        V("cohort", "V3-2019"),       V("plot", "vuon-3"),
        V("lot", "L24-017"),          V("gtin", "08930000000026"),
        V("weight", "9.6kg"),         V("roots", "120"),
        V("age", "6"),                V("gi-code", "C0004-SNLKTG"),
        V("gi-certificate", "GI-2023-04"), V("grade", "30 củ/kg"),
        V("purpose", "bán tươi"),     V("stamps", "000001-000120"),
        V("harvester", "ho-a"),       V("time", "2025-09-20T07:30+07:00"),
        V("note", "Thu hoạch đợt 1"),
    };
    static const txng_kde_value transform[] = {
        V("in", "L24-017:9.6kg"),       V("out", "L24-017-S:2.1 kg"),
        V("out", "L24-017-V:0.35kg"),   V("method", "sấy lạnh 40°C"),
        V("temperature", "40°C"),       V("duration", "48 h"),
        V("moisture", "12.5"),          V("certificate", "MARK-01"),
        V("place", "xuong-say"),        V("time", "2025-09-23T08:00:00.5+07:00"),
        V("party", "coso-say"),
    };
    static const txng_kde_value pack[] = {
        V("lot", "L24-017-S"),      V("weight", "0.15kg"),      V("gtin", "8930000000033"),
        V("serials", "000001-000003"), V("net", "50 g"),        V("stamps", "000001-000003"),
        V("best-before", "2027-09-26"), V("place", "htx-kho"),  V("time", "2025-09-26T14:00Z"),
    };
    static const txng_kde_value ship[] = {
        V("serials", "000001-000002"), V("gtin", "08930000000033"),
        V("to", "https://id.gs1.org/417/8930000000019"), V("to-place", "cua-hang"),
        V("place", "htx-kho"),         V("carrier", "xe-01"),
        V("doc", "PX-0917"),           V("time", "2025-09-28T07:00-05:00"),
    };
    static const txng_kde_value party[] = {
        V("name", "HTX Sâm Ngọc Linh Tu Mơ Rông"), V("gln", "8930000000019"),
        V("role", "cooperative"),
    };
    static const txng_kde_value correct[] = {
        V("corrects", "17"), V("reason", "incorrect"), V("time", "2025-10-02T08:00+07:00"),
    };
    static const txng_kde_value test[] = {
        V("lot", "https://id.gs1.org/01/08930000000033/10/L24-017-S"), V("lab", "lab-1"),
        V("report", "KQ-88"), V("result", "fail"), V("time", "2025-09-25T10:00+07:00"),
    };

    known("plant", plant, NV(plant),
          "{\"bizLocation\":{\"id\":\"urn:txng:htx.example:place:vuon-3\"},"
          "\"bizStep\":\"urn:txng:bizstep:plant\",\"disposition\":\"active\","
          "\"eventTime\":\"2019-10-20T08:00:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\","
          "\"inputQuantityList\":[{\"epcClass\":\"urn:txng:htx.example:lot:LOT-CG-18\"}],"
          "\"outputEPCList\":[\"urn:txng:htx.example:cohort:V3-2019\"],"
          "\"txng:gps\":\"14.9123,107.9876\",\"txng:gpsAccuracy\":\"5\","
          "\"txng:lease\":\"HĐ 12/2019\",\"txng:party\":\"urn:txng:htx.example:party:ho-a\","
          "\"txng:plants\":400,\"txng:plot\":\"lô 2, khoảnh 5, tiểu khu 12\","
          "\"txng:species\":\"Panax vietnamensis\",\"txng:step\":\"plant\","
          "\"type\":\"TransformationEvent\"}");
    known("harvest", harvest, NV(harvest),
          "{\"bizLocation\":{\"id\":\"urn:txng:htx.example:place:vuon-3\"},"
          "\"bizStep\":\"urn:txng:bizstep:harvest\","
          "\"certificationInfo\":\"urn:txng:htx.example:certificate:GI-2023-04\","
          "\"disposition\":\"active\",\"eventTime\":\"2025-09-20T07:30:00+07:00\","
          "\"eventTimeZoneOffset\":\"+07:00\","
          "\"inputEPCList\":[\"urn:txng:htx.example:cohort:V3-2019\"],"
          "\"outputQuantityList\":[{\"epcClass\":\"https://id.gs1.org/01/08930000000026/10/"
          "L24-017\",\"quantity\":\"9.6\",\"uom\":\"KGM\"}],"
          "\"txng:age\":6,\"txng:giCode\":\"C0004-SNLKTG\",\"txng:giStamps\":\"000001-000120\","
          "\"txng:grade\":\"30 củ/kg\",\"txng:harvester\":\"urn:txng:htx.example:party:ho-a\","
          "\"txng:note\":\"Thu hoạch đợt 1\",\"txng:purpose\":\"bán tươi\",\"txng:roots\":120,"
          "\"txng:step\":\"harvest\",\"type\":\"TransformationEvent\"}");
    known("transform", transform, NV(transform),
          "{\"bizLocation\":{\"id\":\"urn:txng:htx.example:place:xuong-say\"},"
          "\"bizStep\":\"urn:txng:bizstep:transform\","
          "\"certificationInfo\":\"urn:txng:htx.example:certificate:MARK-01\","
          "\"disposition\":\"active\",\"eventTime\":\"2025-09-23T08:00:00.5+07:00\","
          "\"eventTimeZoneOffset\":\"+07:00\","
          "\"inputQuantityList\":[{\"epcClass\":\"urn:txng:htx.example:lot:L24-017\","
          "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],"
          "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:htx.example:lot:L24-017-S\","
          "\"quantity\":\"2.1\",\"uom\":\"KGM\"},{\"epcClass\":\"urn:txng:htx.example:lot:"
          "L24-017-V\",\"quantity\":\"0.35\",\"uom\":\"KGM\"}],"
          "\"txng:duration\":\"48 h\",\"txng:method\":\"sấy lạnh 40°C\",\"txng:moisture\":\"12.5\","
          "\"txng:party\":\"urn:txng:htx.example:party:coso-say\",\"txng:step\":\"transform\","
          "\"txng:temperature\":\"40°C\",\"type\":\"TransformationEvent\"}");
    known("pack", pack, NV(pack),
          "{\"bizLocation\":{\"id\":\"urn:txng:htx.example:place:htx-kho\"},"
          "\"bizStep\":\"packing\",\"disposition\":\"active\","
          "\"eventTime\":\"2025-09-26T14:00:00+00:00\",\"eventTimeZoneOffset\":\"+00:00\","
          "\"inputQuantityList\":[{\"epcClass\":\"urn:txng:htx.example:lot:L24-017-S\","
          "\"quantity\":\"0.15\",\"uom\":\"KGM\"}],"
          "\"outputEPCList\":[\"https://id.gs1.org/01/08930000000033/21/000001\","
          "\"https://id.gs1.org/01/08930000000033/21/000002\","
          "\"https://id.gs1.org/01/08930000000033/21/000003\"],"
          "\"txng:bestBefore\":\"2027-09-26\",\"txng:giStamps\":\"000001-000003\","
          "\"txng:netContent\":{\"quantity\":\"50\",\"uom\":\"GRM\"},\"txng:step\":\"pack\","
          "\"type\":\"TransformationEvent\"}");
    known("ship", ship, NV(ship),
          "{\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"bizTransactionList\":"
          "[{\"bizTransaction\":\"urn:txng:htx.example:document:PX-0917\",\"type\":\"desadv\"}],"
          "\"destinationList\":[{\"destination\":\"https://id.gs1.org/417/8930000000019\","
          "\"type\":\"owning_party\"},{\"destination\":\"urn:txng:htx.example:place:cua-hang\","
          "\"type\":\"location\"}],\"disposition\":\"in_transit\","
          "\"epcList\":[\"https://id.gs1.org/01/08930000000033/21/000001\","
          "\"https://id.gs1.org/01/08930000000033/21/000002\"],"
          "\"eventTime\":\"2025-09-28T07:00:00-05:00\",\"eventTimeZoneOffset\":\"-05:00\","
          "\"readPoint\":{\"id\":\"urn:txng:htx.example:place:htx-kho\"},"
          "\"txng:carrier\":\"urn:txng:htx.example:party:xe-01\",\"txng:step\":\"ship\","
          "\"type\":\"ObjectEvent\"}");
    known("party", party, NV(party),
          "{\"id\":\"https://id.gs1.org/417/8930000000019\","
          "\"name\":\"HTX Sâm Ngọc Linh Tu Mơ Rông\",\"role\":\"cooperative\","
          "\"type\":\"txng:Party\"}");
    known("correct", correct, NV(correct),
          "{\"errorDeclaration\":{\"declarationTime\":\"2025-10-02T08:00:00+07:00\","
          "\"reason\":\"incorrect_data\"},\"txng:corrects\":17,\"type\":\"txng:Correction\"}");
    known("test", test, NV(test),
          "{\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\",\"bizTransactionList\":"
          "[{\"bizTransaction\":\"urn:txng:htx.example:document:KQ-88\",\"type\":\"testres\"}],"
          "\"disposition\":\"non_conformant\",\"eventTime\":\"2025-09-25T10:00:00+07:00\","
          "\"eventTimeZoneOffset\":\"+07:00\",\"quantityList\":[{\"epcClass\":"
          "\"https://id.gs1.org/01/08930000000033/10/L24-017-S\"}],"
          "\"txng:lab\":\"urn:txng:htx.example:party:lab-1\",\"txng:step\":\"test\","
          "\"type\":\"ObjectEvent\"}");
}

/* ---- every step from sample values; each required element left out ---- */

static const char *
sample(const txng_kde *k, char *buf, size_t cap)
{
    switch (k->type) {
    case TXNG_KDE_ID:
        return k->kind == TXNG_KDE_KIND_ANY ? "urn:txng:htx.example:lot:X1" : "code-1";
    case TXNG_KDE_LOT:
        return "LOT-1";
    case TXNG_KDE_SERIALS:
        return "000001-000002";
    case TXNG_KDE_GTIN:
        return "08930000000033";
    case TXNG_KDE_GLN:
        return "8930000000019";
    case TXNG_KDE_ID_QTY:
        return "L1:1kg";
    case TXNG_KDE_QUANTITY:
        return "1.5kg";
    case TXNG_KDE_INT:
        return "3";
    case TXNG_KDE_DECIMAL:
        return "2.5";
    case TXNG_KDE_TIME:
        return "2025-01-01T00:00+07:00";
    case TXNG_KDE_DATE:
        return "2025-01-01";
    case TXNG_KDE_TEXT:
        return "chữ";
    case TXNG_KDE_ENUM:
        snprintf(buf, cap, "%.*s", (int) strcspn(k->values, "=|"), k->values);
        return buf;
    case TXNG_KDE_GPS:
        return "14.9,107.9";
    case TXNG_KDE_SHA256:
        return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    case TXNG_KDE_GI_CODE:
        return "C0004-SNLKTG";
    case TXNG_KDE_COUNTRY:
        return "VN";
    }
    return "";
}

/* The sample values of @p s: every element once, but one per group sharing a member. */
static size_t
samples(const txng_step *s, txng_kde_value *v, char bufs[][32], const char *skip_group,
        const char *skip)
{
    size_t n = 0;

    for (size_t j = 0; j < s->n_kdes; j++) {
        const txng_kde *k     = &s->kdes[j];
        bool            clash = false;

        for (size_t m = 0; m < j; m++)
            clash |= k->at == TXNG_AT_MEMBER && s->kdes[m].at == TXNG_AT_MEMBER &&
                     strcmp(k->key, s->kdes[m].key) == 0;
        if (clash || (skip != NULL && strcmp(k->option, skip) == 0) ||
            (skip_group != NULL && k->group != NULL && strcmp(k->group, skip_group) == 0))
            continue;
        /* an amount or GTIN alone would qualify nothing */
        if (skip_group != NULL && strcmp(skip_group, "what") == 0 &&
            (k->at == TXNG_AT_AMOUNT || k->at == TXNG_AT_GTIN))
            continue;
        v[n].option = k->option;
        v[n].value  = sample(k, bufs[j], sizeof bufs[j]);
        n++;
    }
    return n;
}

static void
test_every_step(void)
{
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *s = txng_step_at(i);
        txng_kde_value   v[48];
        char             bufs[48][32];
        size_t           n = samples(s, v, bufs, NULL, NULL);
        json_t          *ev = NULL;
        txng_diag        d  = TXNG_DIAG_INIT;
        txng_err         err;
        bool             all = true;

        err = txng_event_build(&ev, s, ORIGIN, v, n, &d);
        ok(err == TXNG_OK && txng_event_step(ev) == s &&
               txng_event_rules_check(ev, &d) == TXNG_OK,
           "%s builds from every element and passes the rules", s->name);
        if (err != TXNG_OK)
            printf("# reason %s field %s\n", d.reason ? d.reason : "-", d.field);
        json_decref(ev);

        for (size_t j = 0; j < s->n_kdes; j++) {
            const txng_kde *k = &s->kdes[j];

            if ((k->flags & TXNG_KDE_REQUIRED) == 0)
                continue;
            /* leave out the element, or its whole group */
            n   = samples(s, v, bufs, k->group, k->group == NULL ? k->option : NULL);
            d   = (txng_diag) TXNG_DIAG_INIT;
            err = txng_event_build(&ev, s, ORIGIN, v, n, &d);
            if (err != TXNG_EFORMAT || !reason_is(&d, k->missing)) {
                all = false;
                printf("# %s without --%s: err %d reason %s\n", s->name, k->option, (int) err,
                       d.reason ? d.reason : "-");
            }
            json_decref(ev);
            ev = NULL;
        }
        ok(all, "%s refuses each missing required element with its message", s->name);
    }
}

/* ---- refusals ---- */

static void
test_refusals(void)
{
    txng_kde_value h[] = {
        V("cohort", "V3-2019"), V("lot", "L24-017"), V("gtin", "08930000000026"),
        V("weight", "9.6kg"),   V("roots", "120"),   V("age", "6"),
        V("time", "2025-09-20T07:30+07:00"),
    };
    txng_kde_value t[] = {
        V("in", "A:2kg"), V("out", "B:2.5kg"), V("method", "ngâm rượu"),
        V("time", "2025-09-23T08:00+07:00"), V("allow-gain", "x"),
    };
    txng_kde_value party[] = { V("name", "Hộ A"), V("gln", "8930000000019"), V("code", "ho-a") };
    txng_kde_value extra[8];
    json_t        *ev = NULL;
    txng_diag      d  = TXNG_DIAG_INIT;
    unsigned       notes;
    txng_event_opts opts = { ORIGIN, NULL, NULL };
    char          *s;
    txng_err       err;

    s = build("harvest", h, NV(h), &err, &d);
    ok(s != NULL, "the base harvest builds");
    free(s);

    h[2].value = "08930000000027";
    refused("harvest", h, NV(h), "wrong check digit: expected 6", "gtin",
            "wrong check digit names the expected digit");
    h[2].value = "08930000000026";

    h[1].value = "L24-017-ABCDEFGHIJKLM";
    refused("harvest", h, NV(h), "longer than 20 characters", "lot", "a lot of 21 characters");
    h[2].value = "";
    h[1].value = "L24-017-ABCDEFGHIJKLM";
    memcpy(extra, h, sizeof h);
    extra[2] = (txng_kde_value) V("grade", "I");
    refused("harvest", extra, NV(h), "longer than 20 characters", "lot",
            "a lot of 21 characters without a GTIN");
    h[2].value = "08930000000026";
    h[1].value = "L24#017";
    s          = build("harvest", h, NV(h), &err, &d);
    ok(s == NULL && reason_is(&d, "character not in GS1 character set 82") &&
           strcmp(d.field, "lot") == 0 && d.offset == 4,
       "a lot with a character outside set 82 names its position");
    free(s);
    extra[1].value = "L24#017";
    s              = build("harvest", extra, NV(h), &err, &d);
    ok(s == NULL && reason_is(&d, "character not in GS1 character set 82"),
       "a lot outside set 82 without a GTIN");
    free(s);
    extra[1].value = "L24/017";
    refused("harvest", extra, NV(h),
            "character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_'", "lot",
            "a set-82 lot that a urn:txng code cannot hold asks for a GTIN");
    h[1].value = "L24-017";

    /* a GTIN outside 893 is accepted and noted */
    h[2].value = "09506000134352";
    ok(txng_event_build_ex(&ev, txng_step_find("harvest"), &opts, h, NV(h), &notes, &d) ==
               TXNG_OK &&
           notes == TXNG_EVENT_NOTE_FOREIGN_GS1,
       "a non-893 GTIN is accepted and noted");
    json_decref(ev);
    h[2].value = "08930000000026";
    ok(txng_event_build_ex(&ev, txng_step_find("harvest"), &opts, h, NV(h), &notes, &d) ==
               TXNG_OK &&
           notes == 0,
       "an 893 GTIN gives no note");
    json_decref(ev);

    h[6].value = "2025-09-20T07:30";
    refused("harvest", h, NV(h), "time without an offset: give e.g. 2025-10-01T08:00+07:00", "time",
            "a time without an offset");
    h[6].value = "2025-09-20T07:30:00-00:00";
    refused("harvest", h, NV(h), "time without an offset: give e.g. 2025-10-01T08:00+07:00", "time",
            "-00:00 is an unknown offset");
    h[6].value = "2025-09-20";
    refused("harvest", h, NV(h), "not an RFC 3339 time: give e.g. 2026-12-07T11:00+07:00", "time",
            "a date alone, with an example");
    h[6].value = "2025-02-29T07:30+07:00";
    refused("harvest", h, NV(h), "day out of range", "time", "29 February 2025");
    h[6].value = "2025-09-20T24:00+07:00";
    refused("harvest", h, NV(h), "hour out of range", "time", "hour 24");
    h[6].value = "2025-09-20T07:30+14:30";
    refused("harvest", h, NV(h), "offset out of range", "time", "offset beyond 14:00");
    h[6].value = "2025-09-20T07:30+07:00";

    h[3].value = "9,6kg";
    refused("harvest", h, NV(h), "use a decimal point, not a comma", "weight", "decimal comma");
    h[3].value = "9.6 lbs";
    refused("harvest", h, NV(h),
            "unknown unit: use a mass unit, kg, g, mg or t (KGM, GRM, MGM, TNE)", "weight",
            "an unknown unit for a weight: only mass units are named");
    h[3].value = "-9.6kg";
    refused("harvest", h, NV(h), "quantity must be more than zero", "weight", "a negative weight");
    h[3].value = "120";
    refused("harvest", h, NV(h), "give a mass unit, e.g. 9.6kg", "weight",
            "a weight without a unit");
    h[3].value = "2 l";
    refused("harvest", h, NV(h), "give a mass unit, e.g. 9.6kg", "weight", "a volume as weight");
    h[3].value = "0kg";
    refused("harvest", h, NV(h), "quantity must be more than zero", "weight", "zero weight");
    h[3].value = "kg";
    refused("harvest", h, NV(h), "not a quantity: give e.g. 9.6kg", "weight", "no number");
    h[3].value = "9.1234567kg";
    refused("harvest", h, NV(h), "too many digits", "weight", "seven decimals");
    h[3].value = "9.6kg";

    h[4].value = "12x";
    refused("harvest", h, NV(h), "not a whole number", "roots", "roots not a number");
    h[4].value = "-3";
    refused("harvest", h, NV(h), "must not be negative", "roots", "negative roots: a number");
    h[4].value = "9007199254740992";
    refused("harvest", h, NV(h), "number too large", "roots", "roots beyond 2^53-1");
    h[4].value = "120";

    memcpy(extra, h, sizeof h);
    extra[NV(h)] = (txng_kde_value) V("colour", "đỏ");
    refused("harvest", extra, NV(h) + 1, "unknown option for this step", "colour",
            "unknown option");
    extra[NV(h)] = (txng_kde_value) V("lot", "L24-018");
    refused("harvest", extra, NV(h) + 1, "option given twice", "lot", "an option given twice");
    extra[NV(h)] = (txng_kde_value) V("gi-code", "C4-SNLKTG");
    refused("harvest", extra, NV(h) + 1, "not a GI code like C0004-SNLKTG", "gi-code",
            "a bad GI code");
    extra[NV(h)] = (txng_kde_value) V("note", "dòng\x01");
    refused("harvest", extra, NV(h) + 1, "control character in text", "note",
            "a control character in text");
    extra[NV(h)] = (txng_kde_value) V("stamps", "000120-000001");
    refused("harvest", extra, NV(h) + 1, "range ends before it starts", "stamps",
            "a backward range");
    extra[NV(h)] = (txng_kde_value) V("plot", "Vườn 3");
    refused("harvest", extra, NV(h) + 1,
            "character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_'", "plot",
            "a name that is not a code, without a resolver");

    /* text is stored in NFC */
    extra[NV(h)] = (txng_kde_value) V("note", "Ngo\xcc\xa3" "c Linh");
    ok(txng_event_build(&ev, txng_step_find("harvest"), ORIGIN, extra, NV(h) + 1, &d) ==
               TXNG_OK &&
           strcmp(json_string_value(json_object_get(ev, "txng:note")), "Ng\xe1\xbb\x8d" "c Linh") ==
               0,
       "text is normalised to NFC");
    json_decref(ev);

    /* mass balance */
    refused("transform", t, 4, "outputs outweigh inputs: give --allow-gain REASON", "out",
            "a mass gain without a reason");
    ok(txng_event_build(&ev, txng_step_find("transform"), ORIGIN, t, 5, &d) == TXNG_OK &&
           strcmp(json_string_value(json_object_get(ev, "txng:allowGain")), "x") == 0,
       "a mass gain with a reason");
    json_decref(ev);
    t[1].value = "B:2.000kg";
    s          = build("transform", t, 4, &err, &d);
    ok(s != NULL, "outputs equal to inputs pass (2 = 2.000)");
    free(s);
    t[1].value = "B:2.000001kg";
    refused("transform", t, 4, "outputs outweigh inputs: give --allow-gain REASON", "out",
            "a gain of one milligram");
    t[1].value = "B:1500g";
    refused("transform", t, 4,
            "inputs and outputs use different mass units: give every quantity in one unit, e.g. "
            "all in kg",
            "out", "inputs in kg and outputs in g");
    t[1].value = "B:40";
    ok(txng_event_build_ex(&ev, txng_step_find("transform"), &opts, t, 4, &notes, &d) == TXNG_OK &&
           notes == TXNG_EVENT_NOTE_UNWEIGHED,
       "outputs in pieces from inputs in kg are accepted, and noted as not weighed");
    json_decref(ev);
    t[1].value = "B:1.5kg";
    ok(txng_event_build_ex(&ev, txng_step_find("transform"), &opts, t, 4, &notes, &d) == TXNG_OK &&
           notes == 0,
       "outputs weighed like the inputs give no note");
    json_decref(ev);
    t[1].value = "B";
    refused("transform", t, 4, "give LOT:QUANTITY, e.g. L24-017:9.6kg", "out",
            "an output without a quantity");

    refused("party", party, 3, "conflicts with another option", "code", "a GLN and a code");

    {
        txng_kde_value w[] = { V("serials", "000001"), V("weight", "2kg"),
                               V("to", "ban-le"), V("time", "2025-09-28T07:00+07:00") };
        txng_kde_value g[] = { V("id", "urn:txng:x:unit:7"), V("gtin", "08930000000033"),
                               V("to", "ban-le"), V("time", "2025-09-28T07:00+07:00") };
        txng_kde_value r[] = { V("serials", "000001-004001"), V("gtin", "08930000000033"),
                               V("to", "ban-le"), V("time", "2025-09-28T07:00+07:00") };
        txng_kde_value u[] = { V("lot", "https://id.gs1.org/01/08930000000033/10/A"),
                               V("gtin", "08930000000033"), V("to", "ban-le"),
                               V("time", "2025-09-28T07:00+07:00") };

        refused("ship", w, 4, "the quantity goes with a lot: give --lot LOT", "weight",
                "a weight without a lot");
        refused("ship", g, 4, "the GTIN goes with --lot or --serials", "gtin",
                "a GTIN that qualifies nothing");
        refused("ship", r, 4, "too many serials in one event", "serials",
                "more than 4000 serials");
        r[0].value = "0001-01";
        refused("ship", r, 4, "range ends differ in length", "serials", "uneven range");
        r[0].value = "A7";
        s          = build("ship", r, 4, &err, &d);
        ok(s != NULL && strstr(s, "\"https://id.gs1.org/01/08930000000033/21/A7\"") != NULL,
           "a single serial");
        free(s);
        refused("ship", u, 4, "give a plain lot code with --gtin", "lot",
                "a lot URI together with --gtin");
    }
    {
        txng_kde_value p[] = { V("name", "Vườn 3"), V("code", "vuon-3"),
                               V("gps", "91,107.9") };

        refused("place", p, 3, "not a GPS position: give LAT,LON in degrees", "gps",
                "a latitude beyond 90");
        p[2].value = "14.9";
        refused("place", p, 3, "not a GPS position: give LAT,LON in degrees", "gps",
                "a GPS position without longitude");
        p[2].value = "-14.9,-180";
        s          = build("place", p, 3, &err, &d);
        ok(s != NULL && strstr(s, "\"gps\":\"-14.9,-180\"") != NULL, "southern, western GPS");
        free(s);
    }
    {
        txng_kde_value c[] = { V("code", "GI-1"), V("kind", "gold"), V("number", "123/QĐ"),
                               V("issuer", "Sở KH&CN Kon Tum"), V("valid-from", "2023-09-28"),
                               V("subject", "vuon-3") };

        refused("certificate", c, 6,
                "not one of the allowed values: vietgap, gacp, organic, iso22000, gi, mark, other",
                "kind", "unknown kind");
        c[1].value = "gi";
        refused("certificate", c, 6,
                "not an identifier: give a Digital Link URI, an EPC URN or a urn:txng code",
                "subject", "a subject of unknown kind needs a full identifier");
        c[5].value = "urn:txng:htx.example:place:vuon-3";
        c[4].value = "2023-13-01";
        refused("certificate", c, 6, "month out of range", "valid-from", "month 13");
        c[4].value = "2023-09-28";
        extra[0]   = (txng_kde_value) V("sha256", "abc");
        memcpy(extra + 1, c, sizeof c);
        refused("certificate", extra, 7, "not a SHA-256 (64 hex digits)", "sha256",
                "a short SHA-256");
        extra[0] = (txng_kde_value) V("valid-until", "2023-09-27");
        refused("certificate", extra, 7,
                "the validity ends before it starts: check --valid-until and --valid-from",
                "valid-until", "a validity that ends the day before it starts");
        extra[0] = (txng_kde_value) V("valid-until", "2023-09-28");
        s        = build("certificate", extra, 7, &err, &d);
        ok(s != NULL, "a validity of one day builds");
        free(s);
        extra[0] = (txng_kde_value) V("intensity", "100.01");
        refused("certificate", extra, 7, "a percentage is at most 100", "intensity",
                "a harvest intensity above 100 %");
        extra[0] = (txng_kde_value) V("intensity", "100");
        s        = build("certificate", extra, 7, &err, &d);
        ok(s != NULL, "a harvest intensity of 100 %% builds");
        free(s);
    }
    {
        txng_kde_value p[] = { V("lot", "L24-017"), V("gtin", "08930000000033"),
                               V("serials", "000001-000002"), V("best-before", "2025-09-25"),
                               V("time", "2025-09-26T00:30+07:00") };

        refused("pack", p, 5,
                "the best-before date is before the packing: check --best-before and --time",
                "best-before", "a best-before date the day before the packing (local date)");
        p[3].value = "2025-09-26";
        s          = build("pack", p, 5, &err, &d);
        ok(s != NULL, "a best-before date on the day of the packing builds");
        free(s);
    }
    {
        txng_kde_value p[]  = { V("lot", "L24-017"), V("gtin", "08930000000033"),
                                V("serials", "000001-000003"), V("serials", "000003-000004"),
                                V("time", "2025-09-26T08:30+07:00") };
        txng_kde_value sl[] = { V("serials", "000001-000003"), V("gtin", "08930000000033"),
                                V("id", "https://id.gs1.org/01/08930000000033/21/000002"),
                                V("time", "2025-09-27T08:30+07:00") };

        s = build("pack", p, 5, &err, &d);
        ok(s == NULL && err == TXNG_EFORMAT &&
               reason_is(&d, "listed twice in this event: give each identifier once, check for "
                             "ranges that overlap") &&
               strcmp(d.field, "serials") == 0 && d.value_name != NULL &&
               strcmp(d.value, "https://id.gs1.org/01/08930000000033/21/000003") == 0,
           "pack: two serial ranges that overlap are refused, naming the unit in both");
        free(s);
        s = build("sell", sl, 4, &err, &d);
        ok(s == NULL && err == TXNG_EFORMAT && strcmp(d.field, "serials") == 0 &&
               strcmp(d.value, "https://id.gs1.org/01/08930000000033/21/000002") == 0,
           "sell: a unit in a range and again by --id is refused (sold twice in one event)");
        free(s);
        p[3].value = "000004-000005";
        s          = build("pack", p, 5, &err, &d);
        ok(s != NULL, "pack: two ranges that do not overlap build");
        free(s);
    }
    {
        txng_kde_value tr[] = { V("in", "L24-017:9.6kg"), V("out", "L24-017-S:3kg"),
                                V("method", "sấy"), V("moisture", "101"),
                                V("time", "2025-09-26T08:00+07:00") };

        refused("transform", tr, 5, "a percentage is at most 100", "moisture",
                "a final moisture above 100 %");
        tr[3].value = "-5";
        refused("transform", tr, 5, "must not be negative", "moisture",
                "a negative decimal: a number, but negative");
        tr[3].value = "-";
        refused("transform", tr, 5, "not a number", "moisture", "a lone minus is not a number");
    }

    /* caller bugs */
    ok(txng_event_build(NULL, txng_step_find("harvest"), ORIGIN, h, NV(h), &d) == TXNG_EINVAL,
       "NULL out");
    ok(txng_event_build(&ev, NULL, ORIGIN, h, NV(h), &d) == TXNG_EINVAL && ev == NULL,
       "NULL step");
    ok(txng_event_build(&ev, txng_step_find("harvest"), "bad origin", h, NV(h), &d) ==
           TXNG_EINVAL,
       "an origin with a space");
    ok(txng_event_build(&ev, txng_step_find("harvest"), ORIGIN, NULL, 2, &d) == TXNG_EINVAL,
       "NULL values");
    extra[0] = (txng_kde_value) { "lot", NULL };
    ok(txng_event_build(&ev, txng_step_find("harvest"), ORIGIN, extra, 1, &d) == TXNG_EINVAL,
       "a NULL value");
}

/* ---- resolver ---- */

static txng_err
resolve(void *ctx, int kind, const char *text, char *out, txng_diag *diag)
{
    int *calls = ctx;

    (*calls)++;
    if (kind == TXNG_GS1_KIND_PLACE && strcmp(text, "Vườn 3, tiểu khu 12") == 0) {
        strcpy(out, "https://id.gs1.org/414/8930000000019");
        return TXNG_OK;
    }
    if (kind == TXNG_GS1_KIND_LOT && strcmp(text, "L24-017") == 0) {
        strcpy(out, "https://id.gs1.org/01/08930000000026/10/L24-017");
        return TXNG_OK;
    }
    if (kind == TXNG_GS1_KIND_PLACE && strcmp(text, "bad") == 0) {
        strcpy(out, "https://id.gs1.org/414/8930000000018");
        return TXNG_OK;
    }
    if (kind == TXNG_GS1_KIND_PLACE && strncmp(text, "Vườn", strlen("Vườn")) == 0) {
        txng_diag_set(diag, "unknown place", NULL);
        return TXNG_EFORMAT;
    }
    return TXNG_ENOTFOUND;
}

static void
test_resolver(void)
{
    int             calls = 0;
    txng_event_opts opts  = { ORIGIN, resolve, &calls };
    txng_kde_value  v[]   = {
        V("in", "L24-017:9.6kg"), V("out", "L24-017-S:2.1kg"), V("method", "sấy"),
        V("place", "Vườn 3, tiểu khu 12"), V("time", "2025-09-23T08:00+07:00"),
    };
    json_t   *ev = NULL;
    txng_diag d  = TXNG_DIAG_INIT;
    char     *s  = NULL;
    size_t    len;

    ok(txng_event_build_ex(&ev, txng_step_find("transform"), &opts, v, NV(v), NULL, &d) ==
               TXNG_OK &&
           txng_canon_encode(ev, &s, &len) == TXNG_OK &&
           strstr(s, "\"inputQuantityList\":[{\"epcClass\":\"https://id.gs1.org/01/"
                     "08930000000026/10/L24-017\"") != NULL &&
           strstr(s, "\"epcClass\":\"urn:txng:htx.example:lot:L24-017-S\"") != NULL &&
           strstr(s, "\"bizLocation\":{\"id\":\"https://id.gs1.org/414/8930000000019\"}") != NULL &&
           calls == 3,
       "the resolver names known lots and places; unknown codes become urn:txng");
    free(s);
    json_decref(ev);
    v[3].value = "Vườn 9";
    d          = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_event_build_ex(&ev, txng_step_find("transform"), &opts, v, NV(v), NULL, &d) ==
               TXNG_EFORMAT &&
           reason_is(&d, "unknown place") && strcmp(d.field, "place") == 0,
       "the resolver's refusal is passed on with the option");
    v[3].value = "bad";
    d          = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_event_build_ex(&ev, txng_step_find("transform"), &opts, v, NV(v), NULL, &d) ==
               TXNG_EFORMAT &&
           strcmp(d.field, "place") == 0,
       "a resolver answer with a wrong check digit is refused");
}

/* ---- rules on events built elsewhere ---- */

static txng_err
rules_of(const char *text, txng_diag *d)
{
    json_t  *ev  = json_loads(text, 0, NULL);
    txng_err err = TXNG_EINVAL;

    *d = (txng_diag) TXNG_DIAG_INIT;
    if (ev != NULL)
        err = txng_event_rules_check(ev, d);
    json_decref(ev);
    return err;
}

#define HARVEST_HEAD                                                                               \
    "{\"type\":\"TransformationEvent\",\"txng:step\":\"harvest\",\"bizStep\":"                   \
    "\"urn:txng:bizstep:harvest\",\"disposition\":\"active\",\"eventTime\":"                      \
    "\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\","

/* Counts are at least 1; pieces are whole; an ENUM refusal names the values. */
static void
test_counts(void)
{
    txng_kde_value h[] = {
        V("cohort", "V3-2019"), V("lot", "L24-017"), V("weight", "9.6kg"),
        V("roots", "0"),        V("age", "6"),       V("time", "2025-09-20T07:30+07:00"),
    };
    txng_kde_value p[]  = { V("cohort", "V3-2019"), V("place", "vuon-3"), V("count", "0"),
                            V("time", "2019-10-20T08:00+07:00") };
    txng_kde_value sc[] = { V("cohort", "V3-2019"), V("plants", "0"),
                            V("time", "2024-06-15T09:00+07:00") };
    txng_kde_value t[]  = { V("in", "A:2kg"), V("out", "B:3.2"), V("method", "sấy"),
                            V("time", "2025-09-23T08:00+07:00") };
    txng_diag      d;
    txng_err       err;
    char          *s;
    bool           named = true;
    size_t         enums = 0;

    refused("harvest", h, NV(h), "a count must be at least 1", "roots", "zero roots");
    h[3].value = "1";
    s          = build("harvest", h, NV(h), &err, &d);
    ok(s != NULL && strstr(s, "\"txng:roots\":1") != NULL, "one root is a harvest");
    free(s);
    refused("plant", p, NV(p), "a count must be at least 1", "count", "zero plants planted");
    p[2].value = "1";
    s          = build("plant", p, NV(p), &err, &d);
    ok(s != NULL, "one plant is a planting");
    free(s);
    s = build("stand-count", sc, NV(sc), &err, &d);
    ok(s != NULL && strstr(s, "\"txng:plants\":0") != NULL,
       "a stand count of 0 live plants is a fact worth recording");
    free(s);
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:roots\":0,"
                             "\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "a count must be at least 1") && strcmp(d.field, "roots") == 0,
       "a pre-built harvest of 0 roots is refused");

    refused("transform", t, NV(t),
            "a count of pieces is a whole number: give e.g. 50, or a mass such as 9.6kg", "out",
            "3.2 pieces");
    t[1].value = "B:3.2pcs";
    refused("transform", t, NV(t),
            "a count of pieces is a whole number: give e.g. 50, or a mass such as 9.6kg", "out",
            "3.2 pcs");
    t[1].value = "B:3.000";
    s          = build("transform", t, NV(t), &err, &d);
    ok(s != NULL, "3.000 pieces are 3");
    free(s);
    ok(rules_of("{\"type\":\"TransformationEvent\",\"txng:step\":\"transform\",\"bizStep\":"
                "\"urn:txng:bizstep:transform\",\"disposition\":\"active\",\"eventTime\":\"2025-09-"
                "23T08:00:00+07:00\","
                "\"eventTimeZoneOffset\":\"+07:00\",\"txng:method\":\"x\","
                "\"inputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:A\",\"quantity\":\"2\","
                "\"uom\":\"KGM\"}],\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:B\","
                "\"quantity\":\"3.2\",\"uom\":\"H87\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "a count of pieces is a whole number: give e.g. 50, or a mass such as "
                         "9.6kg"),
       "a pre-built transform into 3.2 pieces is refused");

    /* Every ENUM element of the table refuses with a phrase of its own values. */
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *st = txng_step_at(i);

        for (size_t j = 0; j < st->n_kdes; j++) {
            const txng_kde *k = &st->kdes[j];
            json_t         *ev, *obj;
            const char     *dot;

            if (k->type != TXNG_KDE_ENUM)
                continue;
            enums++;
            ev = json_pack("{s:s}", "type", st->type);
            if (!st->master) {
                json_object_set_new(ev, "txng:step", json_string(st->name));
                json_object_set_new(ev, "bizStep", json_string(st->biz_step));
                json_object_set_new(ev, "eventTime", json_string("2025-09-23T08:00:00+07:00"));
                json_object_set_new(ev, "eventTimeZoneOffset", json_string("+07:00"));
                if (st->action != NULL)
                    json_object_set_new(ev, "action", json_string(st->action));
                if (st->disposition != NULL)
                    json_object_set_new(ev, "disposition", json_string(st->disposition));
            }
            obj = ev;
            dot = strchr(k->key, '.');
            if (dot != NULL) {
                char head[64];

                snprintf(head, sizeof head, "%.*s", (int) (dot - k->key), k->key);
                obj = json_object();
                json_object_set_new(ev, head, obj);
            }
            json_object_set_new(obj, dot != NULL ? dot + 1 : k->key, json_string("nope"));
            d   = (txng_diag) TXNG_DIAG_INIT;
            err = txng_event_rules_check(ev, &d);
            named &= err == TXNG_EFORMAT && d.reason != NULL &&
                     strncmp(d.reason, "not one of the allowed values: ", 31) == 0 &&
                     strcmp(d.field, k->option) == 0;
            if (err != TXNG_EFORMAT || d.reason == NULL || strncmp(d.reason, "not one", 7) != 0)
                printf("# %s --%s: err %d reason %s\n", st->name, k->option, (int) err,
                       d.reason != NULL ? d.reason : "-");
            json_decref(ev);
        }
    }
    ok(enums == 8 && named, "each of the 8 ENUM elements names its allowed values when refused");
    s = build("test",
              (txng_kde_value[]){ V("lot", "L1"), V("lab", "kt"), V("report", "R1"),
                                  V("result", "maybe"), V("time", "2025-09-23T08:00+07:00") },
              5, &err, &d);
    ok(s == NULL && reason_is(&d, "not one of the allowed values: pass, fail") &&
           strcmp(d.field, "result") == 0,
       "record test --result maybe names pass and fail");
    free(s);
}

static void
test_rules(void)
{
    txng_diag d;

    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:roots\":120,"
                             "\"txng:age\":6}",
                &d) == TXNG_OK,
       "a harvest written by hand passes");
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "harvest needs the root count: give --roots N") &&
           strcmp(d.field, "roots") == 0,
       "a pre-built harvest without roots is refused with the element named");
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\"}],"
                             "\"txng:roots\":120,\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "harvest needs the fresh weight: give --weight 9.6kg"),
       "a pre-built harvest without weight");
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"120\",\"uom\":\"H87\"}],\"txng:roots\":120,"
                             "\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "give a mass unit, e.g. 9.6kg") && strcmp(d.field, "weight") == 0,
       "a pre-built harvest weighed in pieces");
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"https://id.gs1.org/01/8930000000026/10/L\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:roots\":120,"
                             "\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "not a canonical identifier") && strcmp(d.field, "cohort") == 0,
       "a non-canonical identifier is refused");
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"09.6\",\"uom\":\"KGM\"}],\"txng:roots\":120,"
                             "\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "quantity is not a decimal string in canonical form: give e.g. "
                         "\"9.6\""),
       "a quantity not in canonical form");
    ok(rules_of(HARVEST_HEAD "\"inputEPCList\":[\"urn:txng:h:cohort:V3\"],"
                             "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:L1\","
                             "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:roots\":-1,"
                             "\"txng:age\":6}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "must not be negative") && strcmp(d.field, "roots") == 0,
       "negative roots");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"txng:step\":\"harvest\"}", &d) == TXNG_EFORMAT &&
           reason_is(&d, "missing eventTime"),
       "an EPCIS event without eventTime");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"txng:step\":\"harvest\",\"eventTime\":"
                "\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "type does not match the step"),
       "type does not match the step");
    ok(rules_of("{\"type\":\"TransformationEvent\",\"txng:step\":\"harvest\",\"bizStep\":"
                "\"commissioning\",\"eventTime\":\"2025-09-20T07:30:00+07:00\","
                "\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "bizStep does not match the step"),
       "bizStep does not match the step");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"txng:step\":\"ship\",\"bizStep\":\"shipping\","
                "\"action\":\"ADD\",\"eventTime\":\"2025-09-20T07:30:00+07:00\","
                "\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "action does not match the step"),
       "action does not match the step");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"txng:step\":\"ship\",\"bizStep\":\"shipping\","
                "\"action\":\"OBSERVE\",\"disposition\":\"active\",\"eventTime\":"
                "\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "disposition does not match the step"),
       "disposition does not match the step");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"txng:step\":\"ship\",\"bizStep\":\"shipping\","
                "\"action\":\"OBSERVE\",\"disposition\":\"in_transit\",\"eventTime\":"
                "\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\","
                "\"epcList\":[\"urn:txng:h:unit:1\"]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "ship needs the recipient: give --to PARTY"),
       "a shipment without a recipient");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"txng:step\":\"grow\",\"eventTime\":"
                "\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "unknown txng:step"),
       "an unknown txng:step");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"bizStep\":\"urn:txng:bizstep:grow\",\"eventTime\":"
                "\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "unknown txng:step"),
       "an unknown private bizStep");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"bizStep\":\"urn:txng:bizstep:sell\",\"action\":"
                "\"OBSERVE\",\"disposition\":\"retail_sold\",\"eventTime\":"
                "\"2025-10-01T18:00:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "bizStep does not match the step"),
       "a private bizStep names the step, whose bizStep is retail_selling");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
                "\"eventTime\":\"2025-09-20T07:30:00.123Z\",\"eventTimeZoneOffset\":\"+00:00\","
                "\"quantityList\":[{\"epcClass\":\"https://id.gs1.org/01/09506000134352/10/L1\","
                "\"quantity\":250,\"uom\":\"KGM\"}]}",
                &d) == TXNG_OK,
       "a foreign EPCIS event with a CBV bizStep and a numeric quantity passes");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00+07:00\","
                "\"eventTimeZoneOffset\":\"+08:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "eventTimeZoneOffset does not match eventTime") &&
           strcmp(d.value, "+07:00") == 0,
       "offset that does not match eventTime: the offset it should be is given");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00+07:00\"}", &d) ==
               TXNG_EFORMAT &&
           reason_is(&d, "missing eventTimeZoneOffset: give the offset of eventTime") &&
           strcmp(d.value, "+07:00") == 0,
       "missing eventTimeZoneOffset is named as missing");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00\","
                "\"eventTimeZoneOffset\":\"+07:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "time without an offset: give e.g. 2025-10-01T08:00+07:00"),
       "a foreign event time without an offset");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"quantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"quantity\":\"1\"}]}",
                &d) == TXNG_OK,
       "a quantity without uom counts instances");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"quantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"quantity\":\"1\",\"uom\":\"kg\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "uom is a unit symbol, not its UN/CEFACT code: give the code") &&
           d.value_name != NULL && strcmp(d.value_name, "UN/CEFACT code") == 0 &&
           strcmp(d.value, "KGM") == 0 && strcmp(d.field, "quantityList") == 0,
       "a lower-case uom: its UN/CEFACT code is named");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"quantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"quantity\":\"1\",\"uom\":\"t\"}]}",
                &d) == TXNG_EFORMAT &&
           d.value_name != NULL && strcmp(d.value, "TNE") == 0,
       "uom t: TNE is named");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"quantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"quantity\":\"1\",\"uom\":\"kilo\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "uom is not a UN/CEFACT unit code: give one, e.g. KGM (kg), GRM (g), "
                         "TNE (t), LTR (l), H87 (pieces)") &&
           d.value_name == NULL,
       "an unknown uom: the codes are listed");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"quantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"uom\":\"KGM\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "a uom without a quantity: give the quantity too, or drop uom"),
       "a uom without a quantity");
    ok(rules_of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"quantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"qty\":\"1\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "a quantity element has only epcClass, quantity and uom: drop the "
                         "other members"),
       "an unknown member in a quantity element");
    ok(rules_of("{\"type\":\"TransformationEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"inputQuantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"quantity\":2,\"uom\":\"KGM\"}],\"outputQuantityList\":"
                "[{\"epcClass\":\"urn:txng:h:lot:2\",\"quantity\":\"1.5\",\"uom\":\"KGM\"},"
                "{\"epcClass\":\"urn:txng:h:lot:3\",\"quantity\":\"0.6\",\"uom\":\"KGM\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "outputs outweigh inputs: give --allow-gain REASON"),
       "mass balance applies to foreign transformations, summing outputs");
    ok(rules_of("{\"type\":\"TransformationEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"txng:allowGain\":\"\",\"inputQuantityList\":"
                "[{\"epcClass\":\"urn:txng:h:lot:1\",\"quantity\":1,\"uom\":\"KGM\"}],"
                "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:2\",\"quantity\":2,"
                "\"uom\":\"KGM\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "the reason is empty: give why outputs outweigh inputs") &&
           strcmp(d.field, "allow-gain") == 0,
       "an empty allowGain is no reason");
    ok(rules_of("{\"type\":\"TransformationEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"txng:allowGain\":\" \\t \",\"inputQuantityList\":"
                "[{\"epcClass\":\"urn:txng:h:lot:1\",\"quantity\":1,\"uom\":\"KGM\"}],"
                "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:2\",\"quantity\":2,"
                "\"uom\":\"KGM\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "the reason is empty: give why outputs outweigh inputs"),
       "an allowGain of white space alone is no reason");
    ok(rules_of("{\"type\":\"TransformationEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"txng:allowGain\":\" \",\"inputQuantityList\":"
                "[{\"epcClass\":\"urn:txng:h:lot:1\",\"quantity\":2,\"uom\":\"KGM\"}],"
                "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:h:lot:2\",\"quantity\":1,"
                "\"uom\":\"KGM\"}]}",
                &d) == TXNG_EFORMAT,
       "a blank allowGain is refused even where no gain needs it");
    ok(rules_of("{\"type\":\"TransformationEvent\",\"eventTime\":\"2025-09-20T07:30:00Z\","
                "\"eventTimeZoneOffset\":\"+00:00\",\"inputQuantityList\":[{\"epcClass\":"
                "\"urn:txng:h:lot:1\",\"quantity\":\"999999999999.999999\",\"uom\":\"KGM\"},"
                "{\"epcClass\":\"urn:txng:h:lot:2\",\"quantity\":\"999999999999.999999\","
                "\"uom\":\"KGM\"},{\"epcClass\":\"urn:txng:h:lot:3\",\"quantity\":"
                "\"999999999999.999999\",\"uom\":\"KGM\"},{\"epcClass\":\"urn:txng:h:lot:4\","
                "\"quantity\":\"999999999999.999999\",\"uom\":\"KGM\"},{\"epcClass\":"
                "\"urn:txng:h:lot:5\",\"quantity\":\"999999999999.999999\",\"uom\":\"KGM\"},"
                "{\"epcClass\":\"urn:txng:h:lot:6\",\"quantity\":\"999999999999.999999\","
                "\"uom\":\"KGM\"},{\"epcClass\":\"urn:txng:h:lot:7\",\"quantity\":"
                "\"999999999999.999999\",\"uom\":\"KGM\"},{\"epcClass\":\"urn:txng:h:lot:8\","
                "\"quantity\":\"999999999999.999999\",\"uom\":\"KGM\"},{\"epcClass\":"
                "\"urn:txng:h:lot:9\",\"quantity\":\"999999999999.999999\",\"uom\":\"KGM\"},"
                "{\"epcClass\":\"urn:txng:h:lot:10\",\"quantity\":\"999999999999.999999\","
                "\"uom\":\"KGM\"}]}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "quantity too large"),
       "a sum that would overflow is refused");
    ok(rules_of("{\"type\":\"txng:KeyEnrol\",\"key\":\"k\"}", &d) == TXNG_OK,
       "other txng types pass");
    ok(rules_of("{\"type\":\"txng:Party\",\"name\":\"Hộ A\"}", &d) == TXNG_EFORMAT &&
           reason_is(&d, "party needs an identifier: give --gln GLN or --code CODE"),
       "a party without an identifier");
    ok(rules_of("{\"type\":\"txng:Party\",\"id\":\"urn:txng:h:party:a\",\"name\":\"Ho\\u0323\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "text is not in NFC") && strcmp(d.field, "name") == 0,
       "text not in NFC");
    ok(rules_of("{\"type\":\"txng:Party\",\"id\":\"urn:txng:h:party:a\",\"name\":\"A\","
                "\"eventTime\":\"2025-09-20T07:30:00+07:00\",\"eventTimeZoneOffset\":\"+06:00\"}",
                &d) == TXNG_EFORMAT &&
           reason_is(&d, "eventTimeZoneOffset does not match eventTime"),
       "master data with a mismatched offset");
    ok(rules_of("{\"name\":\"A\"}", &d) == TXNG_EFORMAT && reason_is(&d, "event without a type"),
       "an event without a type");
    ok(txng_event_rules_check(NULL, &d) == TXNG_EINVAL, "NULL event");
}

/* ---- NFC without utf8proc ---- */

/* @p cp as UTF-8 at @p p; returns the length. */
static size_t
put_utf8(char *p, int32_t cp)
{
    return (size_t) utf8proc_encode_char(cp, (utf8proc_uint8_t *) p);
}

/* Whether txng_nfc() of @p len bytes gives what utf8proc's NFC gives. */
static bool
nfc_agrees(const char *s, size_t len)
{
    char             *ours = NULL;
    utf8proc_uint8_t *ref  = NULL;
    utf8proc_ssize_t  n;
    bool              same;

    n = utf8proc_map((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) len, &ref,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (txng_nfc(&ours, s, len) != TXNG_OK)
        same = n < 0;
    else
        same = n >= 0 && strlen(ours) == (size_t) n && memcmp(ours, ref, (size_t) n) == 0;
    free(ours);
    free(ref);
    return same;
}

/*
 * txng_nfc() copies text made only of U+0000..U+02FF and U+1E00..U+1EFF
 * (core/canon.c): every such character and every pair of them must be NFC
 * already, and a combining mark after one of them must still compose.
 */
static void
test_nfc(void)
{
    static const int32_t marks[] = { 0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x031B, 0x0302,
                                     0x0306, 0x0338, 0x0345, 0x0344, 0x0340 };
    int32_t              safe[0x300 + 0x100];
    static const char    pre[] = "ph\xc3\xa2n h\xe1\xbb\xaf" "u c\xc6\xa1 \xc4\x91\xe1\xbb\x87";
    static const char    dec[] = "pha\xcc\x82n hu\xcc\x9b\xcc\x83u co\xcc\x9b "
                                 "\xc4\x91" "e\xcc\xa3\xcc\x82";
    size_t               nsafe = 0, bad_one = 0, bad_pair = 0, bad_mark = 0;
    char                 buf[16], *out = NULL;

    for (int32_t cp = 1; cp < 0x300; cp++)
        safe[nsafe++] = cp;
    for (int32_t cp = 0x1E00; cp < 0x1F00; cp++)
        safe[nsafe++] = cp;
    for (size_t i = 0; i < nsafe; i++) {
        const utf8proc_property_t *p = utf8proc_get_property(safe[i]);
        size_t                     n = put_utf8(buf, safe[i]);

        if (p->combining_class != 0 || !nfc_agrees(buf, n))
            bad_one++;
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
            size_t k = n + put_utf8(buf + n, marks[m]);

            if (!nfc_agrees(buf, k))
                bad_mark++;
        }
    }
    ok(bad_one == 0, "each character of the fast range is NFC and a starter (%zu not)", bad_one);
    ok(bad_mark == 0, "a fast-range character and a combining mark: as utf8proc (%zu differ)",
       bad_mark);
    /* Every pair: composition never joins two of them. */
    for (size_t i = 0; i < nsafe; i++) {
        size_t n = put_utf8(buf, safe[i]);

        for (size_t j = 0; j < nsafe; j++) {
            size_t k = n + put_utf8(buf + n, safe[j]);

            if (!nfc_agrees(buf, k))
                bad_pair++;
        }
    }
    ok(bad_pair == 0, "pairs of fast-range characters stay as they are (%zu differ)", bad_pair);

    ok(txng_nfc(&out, pre, strlen(pre)) == TXNG_OK && strcmp(out, pre) == 0,
       "Vietnamese letters, precomposed: kept");
    free(out);
    out = NULL;
    ok(txng_nfc(&out, dec, strlen(dec)) == TXNG_OK && strcmp(out, pre) == 0,
       "Vietnamese letters, decomposed: composed");
    free(out);
    out = NULL;
    ok(txng_nfc(&out, "pha\xcc\x82n", 6) == TXNG_OK && strcmp(out, "ph\xc3\xa2n") == 0,
       "a decomposed letter is composed");
    free(out);
    out = NULL;
    ok(txng_nfc(&out, "a\xc3", 2) == TXNG_EFORMAT && out == NULL,
       "a cut 2-byte sequence is not UTF-8");
    ok(txng_nfc(&out, "\xe1\xbb", 2) == TXNG_EFORMAT && out == NULL,
       "a cut 3-byte sequence is not UTF-8");
    ok(txng_nfc(&out, "\xc0\xaf", 2) == TXNG_EFORMAT && out == NULL,
       "an overlong form is not UTF-8");
    ok(txng_nfc(&out, "", 0) == TXNG_OK && out != NULL && out[0] == '\0', "empty text");
    free(out);
    out = NULL;
    ok(txng_nfc(&out, "abc", 2) == TXNG_OK && strcmp(out, "ab") == 0,
       "only len bytes are read, and the copy is terminated");
    free(out);
}

/* header() hands the table's strings to jansson unchecked: they must be ASCII. */
static void
test_table_ascii(void)
{
    size_t bad = 0;

    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *s      = txng_step_at(i);
        const char      *strs[] = { s->type, s->name, s->biz_step, s->disposition, s->action };

        for (size_t j = 0; j < sizeof strs / sizeof strs[0]; j++)
            for (const char *p = strs[j]; p != NULL && *p != '\0'; p++)
                if ((unsigned char) *p >= 0x80 || (unsigned char) *p < 0x20)
                    bad++;
    }
    ok(bad == 0, "type, name, bizStep, disposition and action of every step are ASCII");
}

/* ---- time ---- */

static void
test_time(void)
{
    char      norm[TXNG_EVENT_TIME_MAX], off[7];
    int64_t   t = -1;
    txng_diag d = TXNG_DIAG_INIT;
    json_t   *ev;

    ok(txng_event_time_parse("2019-10-20T08:00+07:00", norm, off, &t, &d) == TXNG_OK &&
           t == 1571533200 && strcmp(norm, "2019-10-20T08:00:00+07:00") == 0 &&
           strcmp(off, "+07:00") == 0,
       "planting time from the issue");
    ok(txng_event_time_parse("1970-01-01T00:00:00Z", norm, off, &t, &d) == TXNG_OK && t == 0 &&
           strcmp(off, "+00:00") == 0,
       "the epoch");
    ok(txng_event_time_parse("2024-02-29 23:59:59.250-05:30", norm, off, &t, &d) == TXNG_OK &&
           t == 1709270999 && strcmp(norm, "2024-02-29T23:59:59.250-05:30") == 0,
       "leap day, space separator, fraction, negative offset");
    ok(txng_event_time_parse("2024-02-29T23:59:60+07:00", NULL, NULL, NULL, &d) == TXNG_EFORMAT &&
           reason_is(&d, "second out of range"),
       "second 60");
    ok(txng_event_time_parse("2024-02-29T23:59:59.+07:00", NULL, NULL, NULL, &d) ==
           TXNG_EFORMAT,
       "empty fraction");
    ok(txng_event_time_parse("2024-02-29T23:60+07:00", NULL, NULL, NULL, &d) == TXNG_EFORMAT &&
           reason_is(&d, "minute out of range"),
       "minute 60");
    ok(txng_event_time_parse("2024-02-29T23:59+0700", NULL, NULL, NULL, &d) == TXNG_EFORMAT &&
           reason_is(&d, "not an RFC 3339 time: give e.g. 2026-12-07T11:00+07:00"),
       "offset without a colon");
    ok(txng_event_time_parse(NULL, NULL, NULL, NULL, &d) == TXNG_EINVAL, "NULL time");
    ok(txng_event_time_parse("0001-01-01t00:00:05.123456789+14:00", norm, off, &t, &d) ==
               TXNG_OK &&
           strcmp(norm, "0001-01-01T00:00:05.123456789+14:00") == 0 && strcmp(off, "+14:00") == 0,
       "year 1, nine fraction digits, the largest offset: written in full");
    ok(txng_event_time_parse("9999-12-31T23:59:59z", norm, off, &t, &d) == TXNG_OK &&
           strcmp(norm, "9999-12-31T23:59:59+00:00") == 0 && strcmp(off, "+00:00") == 0,
       "the last second of year 9999, lower-case z");
    ok(txng_event_time_parse("2025-09-01T07:05-00:30", norm, off, &t, &d) == TXNG_OK &&
           strcmp(norm, "2025-09-01T07:05:00-00:30") == 0 && strcmp(off, "-00:30") == 0 &&
           t == 1756712100,
       "a negative offset under an hour");

    ev = json_pack("{s:s, s:s}", "type", "ObjectEvent", "eventTime", "2025-09-20T07:30:00+07:00");
    d  = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_event_time_check(ev, 1758328200 - 3600, 300, &d) == TXNG_EFORMAT &&
           reason_is(
               &d,
               "event time is more than TXNG_MAX_SKEW seconds (600 unless set) ahead of the clock: "
               "check --time and the clock") &&
           strcmp(d.field, "time") == 0,
       "an hour ahead with 5 minutes of skew is refused");
    ok(txng_event_time_check(ev, 1758328200 - 3600, 3600, &d) == TXNG_OK,
       "an hour ahead with an hour of skew passes");
    ok(txng_event_time_check(ev, 1758328200 + 86400, 0, &d) == TXNG_OK, "the past passes");
    ok(txng_event_time_check(ev, INT64_MIN, 0, &d) == TXNG_EFORMAT,
       "a now far in the past does not overflow");
    ok(txng_event_time_check(ev, 0, -1, &d) == TXNG_EINVAL, "negative skew");
    json_decref(ev);
    ev = json_pack("{s:s, s:{s:s}}", "type", "txng:Correction", "errorDeclaration",
                   "declarationTime", "2030-01-01T00:00:00+07:00");
    ok(txng_event_time_check(ev, 1758328200, 600, &d) == TXNG_EFORMAT,
       "a declaration time in the future");
    json_decref(ev);
}

/* ---- docs/tcvn12850.md ---- */

static const char *
type_name(const txng_kde *k, char *buf, size_t cap)
{
    static const char *const names[] = {
        [TXNG_KDE_ID] = "identifier",      [TXNG_KDE_LOT] = "lot",
        [TXNG_KDE_SERIALS] = "serials",    [TXNG_KDE_GTIN] = "GTIN",
        [TXNG_KDE_GLN] = "GLN",            [TXNG_KDE_ID_QTY] = "lot:quantity",
        [TXNG_KDE_QUANTITY] = "quantity",  [TXNG_KDE_INT] = "integer",
        [TXNG_KDE_DECIMAL] = "decimal",    [TXNG_KDE_TIME] = "time with offset",
        [TXNG_KDE_DATE] = "date",          [TXNG_KDE_TEXT] = "text",
        [TXNG_KDE_ENUM] = "one of",        [TXNG_KDE_GPS] = "lat,lon",
        [TXNG_KDE_SHA256] = "SHA-256",     [TXNG_KDE_GI_CODE] = "GI code",
        [TXNG_KDE_COUNTRY] = "country code",
    };
    const char *kind = NULL;

    if (k->type == TXNG_KDE_ID || k->type == TXNG_KDE_LOT || k->type == TXNG_KDE_ID_QTY)
        kind = k->kind == TXNG_KDE_KIND_ANY ? "any" : txng_gs1_kind_name((txng_gs1_kind) k->kind);
    if (k->type == TXNG_KDE_ENUM) {
        char vals[128];
        size_t j = 0;

        /* user values only: "pass=conformant|fail=..." shows as "pass, fail" */
        for (const char *p = k->values; *p != '\0' && j + 3 < sizeof vals;) {
            size_t n = strcspn(p, "=|");

            if (j > 0) {
                vals[j++] = ',';
                vals[j++] = ' ';
            }
            j += (size_t) snprintf(vals + j, sizeof vals - j, "%.*s", (int) n, p);
            p += strcspn(p, "|");
            if (*p == '|')
                p++;
        }
        vals[j] = '\0';
        snprintf(buf, cap, "one of: %s", vals);
    } else if (kind != NULL && k->type == TXNG_KDE_ID) {
        snprintf(buf, cap, "identifier (%s)", kind);
    } else if (k->type == TXNG_KDE_QUANTITY && (k->flags & TXNG_KDE_MASS)) {
        snprintf(buf, cap, "mass");
    } else {
        snprintf(buf, cap, "%s", names[k->type]);
    }
    return buf;
}

static const char *
path_of(const txng_step *s, const txng_kde *k, char *buf, size_t cap)
{
    const txng_kde *lot = NULL;

    for (size_t i = 0; i < s->n_kdes; i++)
        if (s->kdes[i].type == TXNG_KDE_LOT && lot == NULL)
            lot = &s->kdes[i];
    switch (k->at) {
    case TXNG_AT_MEMBER:
        snprintf(buf, cap, "`%s%s`", k->key, (k->flags & TXNG_KDE_MULTI) ? "[]" : "");
        break;
    case TXNG_AT_TIME:
        snprintf(buf, cap, "%s", k->key != NULL ? k->key : "`eventTime`, `eventTimeZoneOffset`");
        if (k->key != NULL)
            snprintf(buf, cap, "`%s`", k->key);
        break;
    case TXNG_AT_EPCS:
        snprintf(buf, cap, "`%s[]`", k->key);
        break;
    case TXNG_AT_QUANTITIES:
        snprintf(buf, cap, k->type == TXNG_KDE_ID_QTY ? "`%s[]` (epcClass, quantity, uom)"
                                                       : "`%s[].epcClass`",
                 k->key);
        break;
    case TXNG_AT_AMOUNT:
        snprintf(buf, cap, "`%s[].quantity`, `uom`", lot != NULL ? lot->key : "?");
        break;
    case TXNG_AT_GTIN:
        snprintf(buf, cap, "GTIN of --lot/--serials identifiers");
        break;
    case TXNG_AT_LOCATION:
        snprintf(buf, cap, "`%s.id`", k->key);
        break;
    case TXNG_AT_SOURCE:
        snprintf(buf, cap, "`sourceList[type=%s].source`", k->sub);
        break;
    case TXNG_AT_DEST:
        snprintf(buf, cap, "`destinationList[type=%s].destination`", k->sub);
        break;
    case TXNG_AT_BIZ_TX:
        snprintf(buf, cap, "`bizTransactionList[type=%s].bizTransaction`", k->sub);
        break;
    }
    return buf;
}

static char *
render(void)
{
    char  *text = NULL;
    size_t len  = 0;
    FILE  *f    = open_memstream(&text, &len);

    if (f == NULL)
        return NULL;
    fprintf(f, "| step | Vietnamese | EPCIS type | bizStep | disposition | action | CTE row |\n");
    fprintf(f, "|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *s = txng_step_at(i);

        fprintf(f, "| `%s` | %s | %s | %s | %s | %s | %s |\n", s->name, s->label_vi, s->type,
                s->biz_step != NULL ? s->biz_step : "—",
                s->disposition != NULL ? s->disposition
                                       : (strcmp(s->name, "test") == 0 ? "from --result" : "—"),
                s->action != NULL ? s->action : "—", s->cte[0] != '\0' ? s->cte : "—");
    }
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *s = txng_step_at(i);

        fprintf(f, "\n### `%s` — %s (%s)\n\n", s->name, s->label, s->label_vi);
        fprintf(f, "| option | element | CSV heading | value | JSON | required |\n");
        fprintf(f, "|---|---|---|---|---|---|\n");
        for (size_t j = 0; j < s->n_kdes; j++) {
            const txng_kde *k = &s->kdes[j];
            char            tb[160], pb[160], rb[64];

            if (k->flags & TXNG_KDE_REQUIRED)
                snprintf(rb, sizeof rb, k->group != NULL ? "one of group *%s*" : "yes",
                         k->group);
            else
                snprintf(rb, sizeof rb, "%s", "");
            fprintf(f, "| `--%s %s`%s | %s | %s | %s | %s | %s |\n", k->option, k->metavar,
                    (k->flags & TXNG_KDE_MULTI) ? " …" : "", k->label, k->heading,
                    type_name(k, tb, sizeof tb), path_of(s, k, pb, sizeof pb), rb);
        }
    }
    fclose(f);
    return text;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long  n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t) n + 1);
    if (buf != NULL && fread(buf, 1, (size_t) n, f) != (size_t) n) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL)
        buf[n] = '\0';
    *len = (size_t) n;
    fclose(f);
    return buf;
}

#define BEGIN_MARK "<!-- BEGIN generated step table: TXNG_UPDATE=1 meson test event rewrites it -->\n"
#define END_MARK   "<!-- END generated step table -->\n"

/* ---- inspect (CTE 19): a scan or an inspection of goods on a shelf ---- */

static void
test_inspect(void)
{
    static const txng_kde_value all[] = {
        V("serials", "000007"),    V("gtin", "08930000000033"), V("result", "not-genuine"),
        V("role", "qltt"),         V("inspector", "qltt-3"),    V("report", "05/BB-QLTT"),
        V("place", "cua-hang"),    V("area", "Hà Nội"),         V("time", "2025-10-03T10:00+07:00"),
        V("note", "vỏ hộp in mờ"),
    };
    static const char *const results[] = { "genuine",  "already-sold", "duplicate",
                                           "recalled", "unknown",      "not-genuine" };
    const txng_step         *s         = txng_step_find("inspect");
    txng_diag                d;
    txng_err                 err;
    char                    *got;
    bool                     each = true;

    ok(s != NULL && strcmp(s->type, "ObjectEvent") == 0 && strcmp(s->action, "OBSERVE") == 0 &&
           strcmp(s->biz_step, "inspecting") == 0 && s->disposition == NULL && !s->master &&
           strcmp(s->cte, "19") == 0 && strcmp(s->label_vi, "Quét mã / kiểm tra hàng") == 0,
       "inspect: ObjectEvent OBSERVE, CBV bizStep inspecting, no disposition, CTE 19");
    known("inspect", all, NV(all),
          "{\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\","
          "\"epcList\":[\"https://id.gs1.org/01/08930000000033/21/000007\"],"
          "\"eventTime\":\"2025-10-03T10:00:00+07:00\",\"eventTimeZoneOffset\":\"+07:00\","
          "\"readPoint\":{\"id\":\"urn:txng:htx.example:place:cua-hang\"},"
          "\"txng:area\":\"Hà Nội\",\"txng:inspectionRecord\":\"05/BB-QLTT\","
          "\"txng:inspectionResult\":\"not-genuine\","
          "\"txng:inspector\":\"urn:txng:htx.example:party:qltt-3\","
          "\"txng:inspectorRole\":\"qltt\",\"txng:note\":\"vỏ hộp in mờ\","
          "\"txng:step\":\"inspect\",\"type\":\"ObjectEvent\"}");
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        txng_kde_value v[] = { V("id", "https://id.gs1.org/01/08930000000040/21/X"),
                               V("result", results[i]), V("role", "consumer"),
                               V("time", "2025-10-03T10:00+07:00") };

        got = build("inspect", v, NV(v), &err, &d);
        each &= got != NULL && strstr(got, results[i]) != NULL;
        free(got);
    }
    ok(each, "inspect takes each of the six results");
    refused("inspect",
            (txng_kde_value[]){ V("lot", "L1"), V("result", "fake"), V("role", "qltt"),
                                V("time", "2025-10-03T10:00+07:00") },
            4,
            "not one of the allowed values: genuine, already-sold, duplicate, recalled, unknown, "
            "not-genuine",
            "result", "a result outside the vocabulary is refused, naming the six");
    refused("inspect",
            (txng_kde_value[]){ V("lot", "L1"), V("result", "Genuine"), V("role", "qltt"),
                                V("time", "2025-10-03T10:00+07:00") },
            4,
            "not one of the allowed values: genuine, already-sold, duplicate, recalled, unknown, "
            "not-genuine",
            "result", "results are lower case, as typed in the vocabulary");
    refused("inspect",
            (txng_kde_value[]){ V("lot", "L1"), V("result", "genuine"), V("role", "police"),
                                V("time", "2025-10-03T10:00+07:00") },
            4,
            "not one of the allowed values: consumer, retailer, cooperative, producer, qltt, "
            "auditor, certifier, other",
            "role", "a role outside the vocabulary is refused, naming the eight");
    refused("inspect",
            (txng_kde_value[]){ V("lot", "L1"), V("role", "qltt"),
                                V("time", "2025-10-03T10:00+07:00") },
            3,
            "inspect needs the result: give --result genuine, already-sold, duplicate, recalled, "
            "unknown or not-genuine",
            "result", "an inspection without a result is refused");
    refused("inspect",
            (txng_kde_value[]){ V("lot", "L1"), V("result", "genuine"), V("role", "qltt"),
                                V("disposition", "conformant"),
                                V("time", "2025-10-03T10:00+07:00") },
            5, "unknown option for this step", "disposition", "no disposition is given to it");
}

static void
test_doc(void)
{
    const char *data = getenv("TXNG_TEST_DATA");
    const char *upd  = getenv("TXNG_UPDATE");
    char        path[4096];
    char       *doc, *table, *b, *e;
    size_t      len;

    if (data == NULL) {
        tap_skip(1, "TXNG_TEST_DATA not set");
        return;
    }
    snprintf(path, sizeof path, "%s/../../docs/tcvn12850.md", data);
    doc   = slurp(path, &len);
    table = render();
    b     = doc != NULL ? strstr(doc, BEGIN_MARK) : NULL;
    e     = b != NULL ? strstr(b, END_MARK) : NULL;
    if (b == NULL || e == NULL || table == NULL) {
        ok(0, "docs/tcvn12850.md has the generated table markers");
        free(doc);
        free(table);
        return;
    }
    b += strlen(BEGIN_MARK);
    if ((size_t) (e - b) == strlen(table) && memcmp(b, table, strlen(table)) == 0) {
        ok(1, "docs/tcvn12850.md shows the step table as built");
    } else if (upd != NULL && strcmp(upd, "1") == 0) {
        FILE *f = fopen(path, "wb");

        ok(f != NULL && fwrite(doc, 1, (size_t) (b - doc), f) == (size_t) (b - doc) &&
               fputs(table, f) >= 0 && fputs(e, f) >= 0 && fclose(f) == 0,
           "docs/tcvn12850.md step table rewritten");
    } else {
        ok(0, "docs/tcvn12850.md shows the step table as built (TXNG_UPDATE=1 rewrites it)");
    }
    free(doc);
    free(table);
}

int
main(void)
{
    test_table();
    test_known();
    test_every_step();
    test_refusals();
    test_resolver();
    test_rules();
    test_counts();
    test_time();
    test_nfc();
    test_table_ascii();
    test_inspect();
    test_doc();
    return tap_done();
}
