/*
 * test_rules.c - the stateful rules: each rule accepted and refused, against
 * the log and within a batch (the overlay), with the reason, field and line
 *
 * Events are built from the step table (txng_event_build) as the command
 * line builds them, and appended with txng_log_append_as().
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/event.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "core/rules.h"
#include "core/stamp.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN "example.org/rules-test"
#define T0     1700000000

static char         tmp_root[] = "/tmp/txng-rules-XXXXXX";
static txng_log    *g_log;
static txng_signer *g_logkey, *g_grower;

/* The event of @p step from "option=value|option=value"; aborts when it does not build. */
static json_t *
ev(const char *step, const char *spec)
{
    txng_kde_value v[32];
    char          *copy = strdup(spec), *save = NULL, *tok;
    size_t         n    = 0;
    json_t        *out  = NULL;
    txng_diag      d    = TXNG_DIAG_INIT;

    for (tok = strtok_r(copy, "|", &save); tok != NULL && n < 32; tok = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(tok, '=');

        *eq        = '\0';
        v[n].option  = tok;
        v[n++].value = eq + 1;
    }
    if (txng_event_build(&out, txng_step_find(step), ORIGIN, v, n, &d) != TXNG_OK) {
        fprintf(stderr, "cannot build %s %s: %s (%s)\n", step, spec, d.reason, d.field);
        abort();
    }
    free(copy);
    return out;
}

/* The size of the log: the index the next record gets. */
static uint64_t
g_size(void)
{
    uint64_t n = 0;

    if (txng_log_size(g_log, &n) != TXNG_OK)
        abort();
    return n;
}

static void
add(json_t *e)
{
    if (txng_log_append_as(g_log, g_logkey, g_grower, &e, 1, T0 + 100, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(e);
}

/* Check a batch of up to 4 events (NULL-terminated), releasing them. */
static txng_err
check(txng_diag *d, json_t *a, json_t *b, json_t *c)
{
    json_t  *v[3] = { a, b, c };
    size_t   n    = c != NULL ? 3 : b != NULL ? 2 : 1;
    txng_err err;

    *d  = (txng_diag) TXNG_DIAG_INIT;
    err = txng_rules_check_state(g_log, (const json_t *const *) v, n, d);
    for (size_t i = 0; i < n; i++)
        json_decref(v[i]);
    return err;
}

static bool
refused(txng_err err, const txng_diag *d, const char *reason_part, const char *field, size_t line)
{
    if (err != TXNG_EFORMAT || d->reason == NULL || strstr(d->reason, reason_part) == NULL ||
        strcmp(d->field, field) != 0 || d->line != line) {
        printf("# got err %d, reason \"%s\", field \"%s\", line %zu\n", (int) err,
               d->reason != NULL ? d->reason : "(null)", d->field, d->line);
        return false;
    }
    return true;
}

/* As refused(), for a key data element the event lacks (txng_rules_missing()). */
static bool
missing(txng_err err, const txng_diag *d, const char *reason_part, const char *field, size_t line)
{
    return refused(err, d, reason_part, field, line) && txng_rules_missing(d);
}

/* The value the refusal in @p d gives beside its reason (txng_diag_value()). */
static bool
valued(const txng_diag *d, const char *name, const char *value)
{
    if (d->value_name == NULL || strcmp(d->value_name, name) != 0 || strcmp(d->value, value) != 0) {
        printf("# got value \"%s\" = \"%s\"\n", d->value_name != NULL ? d->value_name : "(null)",
               d->value);
        return false;
    }
    return true;
}

#define H(cohort, lot, roots, age, time, extra)                                                    \
    ev("harvest", "cohort=" cohort "|lot=" lot "|weight=1kg|roots=" roots "|age=" age              \
                  "|time=" time extra)

static void
setup(void)
{
    char     dir[sizeof tmp_root + 8], vkey[TXNG_VKEY_MAX], *kf = NULL;
    size_t   kf_len;
    json_t  *en, *se = NULL;

    if (mkdtemp(tmp_root) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(dir, sizeof dir, "%s/log", tmp_root);
    g_logkey = signer(ORIGIN, 1);
    g_grower = signer("grower", 2);
    if (txng_keyfile_write(g_logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&g_log, dir, ORIGIN, g_logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    txng_pubkey_format(txng_signer_pubkey(g_grower), vkey);
    en = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "grower");
    if (txng_event_sign(&se, en, g_logkey, NULL) != TXNG_OK ||
        txng_log_append(g_log, g_logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(en);
    json_decref(se);
    /* 2, 3: places; 4: cohort V3 planted, 100 plants; 5: cohort V9 on the GI plot */
    add(ev("place", "name=Vườn 3|code=vuon-3"));
    add(ev("place", "name=Vườn 9|code=vuon-9|gi-code=C0004-SNLKTG"));
    add(ev("plant", "cohort=V3|place=vuon-3|count=100|time=2019-10-20T08:00+07:00"));
    add(ev("plant", "cohort=V9|place=vuon-9|count=50|time=2018-10-20T08:00+07:00"));
}

static void
teardown(void)
{
    static const char *const files[] = { "log/data.mdb", "log/lock.mdb", ("log/" TXNG_LOG_KEY_FILE),
                                         "log" };
    char                     p[sizeof tmp_root + 32];

    txng_log_close(g_log);
    txng_signer_free(g_logkey);
    txng_signer_free(g_grower);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", tmp_root, files[i]);
        if (i + 1 < sizeof files / sizeof files[0])
            unlink(p);
        else
            rmdir(p);
    }
    rmdir(tmp_root);
}

static void
test_args(void)
{
    json_t   *e = ev("treat", "cohort=V3|input=none|time=2024-05-01T08:00+07:00");
    json_t   *v[1] = { NULL };
    txng_diag d    = TXNG_DIAG_INIT;

    ok(txng_rules_check_state(NULL, (const json_t *const *) &e, 1, &d) == TXNG_EINVAL,
       "NULL log: EINVAL");
    ok(txng_rules_check_state(g_log, NULL, 1, &d) == TXNG_EINVAL, "NULL events: EINVAL");
    ok(txng_rules_check_state(g_log, (const json_t *const *) v, 1, &d) == TXNG_EINVAL,
       "a NULL event: EINVAL");
    ok(txng_rules_check_state(g_log, NULL, 0, &d) == TXNG_OK, "an empty batch passes");
    ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, NULL) == TXNG_OK,
       "treat of a planted cohort passes, diag NULL");
    json_decref(e);
}

static void
test_harvest(void)
{
    txng_diag d;
    txng_err  err;

    err = check(&d, H("V7", "L1", "10", "6", "2025-09-20T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "nothing in this log planted this cohort", "cohort", 1),
       "harvest of a cohort never planted is refused");
    err = check(&d, H("V3", "L1", "10", "6", "2019-10-19T08:00+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "before the planting of its cohort", "time", 1),
       "harvest the day before planting is refused");
    ok(check(&d, H("V3", "L1", "10", "3", "2019-10-20T08:00+07:00", ""), NULL, NULL) == TXNG_OK,
       "harvest at the planting time passes");
    err = check(&d, H("V3", "L1", "101", "6", "2025-09-20T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "planted count leaves", "roots", 1), "101 roots of 100 planted: refused");
    ok(check(&d, H("V3", "L1", "100", "6", "2025-09-20T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "100 roots of 100 planted pass");
    /* 5 whole years (2019-10-20 .. 2025-09-20) + 3 nursery years = 8 */
    err = check(&d, H("V3", "L1", "1", "9", "2025-09-20T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "plus 3 nursery years", "age", 1), "age 9 after 5 years: refused");
    ok(check(&d, H("V3", "L1", "1", "8", "2025-09-20T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "age 8 after 5 years passes");
    err = check(&d, H("V3", "L1", "1", "9", "2025-10-20T07:30+07:00", ""), NULL, NULL);
    ok(err == TXNG_OK, "age 9 on the sixth anniversary passes");

    add(H("V3", "L-A", "40", "6", "2025-09-20T07:30+07:00", "")); /* 6 */
    err = check(&d, H("V3", "L1", "61", "6", "2025-09-21T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "planted count leaves", "roots", 1), "40 harvested: 61 more refused");
    ok(check(&d, H("V3", "L1", "60", "6", "2025-09-21T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "40 harvested: 60 more pass");
    /* a stand count after the first harvest resets the base; harvests after it count */
    add(ev("stand-count", "cohort=V3|plants=30|time=2025-09-20T09:00+07:00")); /* 7 */
    err = check(&d, H("V3", "L1", "31", "6", "2025-09-21T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "last stand count leaves", "roots", 1), "stand count 30: 31 refused");
    ok(check(&d, H("V3", "L1", "30", "6", "2025-09-21T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "stand count 30: 30 pass");
    err = check(&d, H("V3", "L1", "61", "6", "2025-09-20T08:00+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "planted count leaves", "roots", 1),
       "a harvest before the stand count is held to the planting");
    add(H("V3", "L-B", "10", "6", "2025-09-22T07:30+07:00", "")); /* 8 */
    err = check(&d, H("V3", "L1", "21", "6", "2025-09-23T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "last stand count leaves", "roots", 1), "30 - 10: 21 refused");
    ok(check(&d, H("V3", "L1", "20", "6", "2025-09-23T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "30 - 10: 20 pass");
}

static void
test_gi(void)
{
    txng_diag d;
    txng_err  err;

    /* a key data element the event lacks (txng_rules_missing()): record reports it as an
     * option left out, a usage error as for the step's own */
    err = check(&d, H("V9", "G1", "5", "6", "2025-09-20T07:30+07:00", ""), NULL, NULL);
    ok(missing(err, &d, "the plot has a GI code", "gi-code", 1), "GI plot, no --gi-code: refused");
    err = check(&d, H("V9", "G1", "5", "6", "2025-09-20T07:30+07:00", "|gi-code=C0001-SNLKTG"), NULL,
                NULL);
    ok(refused(err, &d, "differs from the GI code", "gi-code", 1) && !txng_rules_missing(&d),
       "another GI code: refused, not missing");
    err = check(&d, H("V9", "G1", "5", "5", "2025-09-20T07:30+07:00", "|gi-code=C0004-SNLKTG"), NULL,
                NULL);
    ok(refused(err, &d, "at least 6 years", "age", 1), "GI harvest of 5-year roots: refused");
    ok(check(&d, H("V9", "G1", "5", "6", "2025-09-20T07:30+07:00", "|gi-code=C0004-SNLKTG"), NULL,
             NULL) == TXNG_OK,
       "GI harvest with the plot's code and 6-year roots passes");
    err = check(&d, H("V3", "G1", "5", "5", "2025-09-20T07:30+07:00", "|gi-code=C0004-SNLKTG"), NULL,
                NULL);
    ok(refused(err, &d, "at least 6 years", "age", 1), "any harvest with a GI code needs 6 years");
    err = check(&d, ev("harvest", "plot=vuon-9|lot=G2|weight=1kg|roots=1|age=6|time=2025-09-20T07:30+07:00"),
                NULL, NULL);
    ok(missing(err, &d, "the plot has a GI code", "gi-code", 1),
       "harvest by plot alone: the plot's GI code is needed");
    /* a place given a GI code in the batch applies to the rows after it */
    err = check(&d, ev("place", "name=Vườn 11|code=vuon-11|gi-code=C0002-SNLKTG"),
                ev("plant", "cohort=V11|place=vuon-11|count=5|time=2018-10-20T08:00+07:00"),
                H("V11", "G3", "5", "6", "2025-09-20T07:30+07:00", "|gi-code=C0004-SNLKTG"));
    ok(refused(err, &d, "differs from the GI code", "gi-code", 3),
       "batch: the GI code of a place added two rows before");
    err = check(&d, ev("place", "name=Vườn 9|code=vuon-9"),
                H("V9", "G3", "5", "6", "2025-09-20T07:30+07:00", ""), NULL);
    ok(err == TXNG_OK, "batch: a newer record of the place without a GI code");
}

static void
test_overlay(void)
{
    txng_diag d;
    txng_err  err;

    err = check(&d, ev("plant", "cohort=V5|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"),
                H("V5", "B1", "6", "6", "2025-09-20T07:30+07:00", ""),
                H("V5", "B2", "4", "6", "2025-09-21T07:30+07:00", ""));
    ok(err == TXNG_OK, "batch: plant and two harvests of its cohort pass");
    err = check(&d, ev("plant", "cohort=V5|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"),
                H("V5", "B1", "6", "6", "2025-09-20T07:30+07:00", ""),
                H("V5", "B2", "5", "6", "2025-09-21T07:30+07:00", ""));
    ok(refused(err, &d, "planted count leaves", "roots", 3), "batch: the third row exceeds");
    err = check(&d, H("V6", "B1", "1", "6", "2025-09-20T07:30+07:00", ""),
                ev("plant", "cohort=V6|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"), NULL);
    ok(refused(err, &d, "planted this cohort", "cohort", 1), "batch: harvest before its plant row");
    err = check(&d, H("V3", "B1", "10", "6", "2025-09-23T07:30+07:00", ""),
                H("V3", "B2", "11", "6", "2025-09-23T07:30+07:00", ""), NULL);
    ok(refused(err, &d, "last stand count leaves", "roots", 2),
       "batch: a cohort read from the log, then its batch harvest counted");
}

/*
 * A batch of many rows, as an import makes: each row's identifiers are listed
 * once and join the overlay, which grows and is rehashed several times; lots
 * of growing code length make the list's name keys move between rows.
 */
static void
test_long_batch(void)
{
    enum { LOTS = 300 };
    json_t   *v[2 * LOTS + 2];
    size_t    n = 0;
    char      spec[256];
    txng_diag d = TXNG_DIAG_INIT;
    txng_err  err;

    v[n++] = ev("plant", "cohort=V7|place=vuon-3|count=100000|time=2019-10-20T08:00+07:00");
    for (int i = 0; i < LOTS; i++) {
        snprintf(spec, sizeof spec,
                 "cohort=V7|lot=W%.*s%d|weight=1kg|roots=2|age=6|time=2025-09-20T07:30+07:00",
                 i % 12, "XXXXXXXXXXXX", i);
        v[n++] = ev("harvest", spec);
    }
    for (int i = 0; i < LOTS; i++) {
        snprintf(spec, sizeof spec,
                 "in=W%.*s%d:1kg|out=D%d:0.5kg|method=say|time=2025-09-21T08:00+07:00", i % 12,
                 "XXXXXXXXXXXX", i, i);
        v[n++] = ev("transform", spec);
    }
    err = txng_rules_check_state(g_log, (const json_t *const *) v, n, &d);
    ok(err == TXNG_OK, "batch of %zu: plant, %d harvests, %d transforms of their lots", n, LOTS,
       LOTS);
    v[n++] = ev("transform", "in=WXXX3:1kg|out=D7:1kg|method=say|time=2025-09-21T08:00+07:00");
    d      = (txng_diag) TXNG_DIAG_INIT;
    err    = txng_rules_check_state(g_log, (const json_t *const *) v, n, &d);
    ok(refused(err, &d, "already created", "out", n),
       "the last row of the long batch makes a lot a row made: refused at its line");
    json_decref(v[--n]);
    v[n++] = ev("transform", "in=WXXX299:1kg|out=E1:1kg|method=say|time=2025-09-21T08:00+07:00");
    d      = (txng_diag) TXNG_DIAG_INIT;
    err    = txng_rules_check_state(g_log, (const json_t *const *) v, n, &d);
    ok(refused(err, &d, "created or received this lot", "in", n),
       "a lot no row made (codes differ in length from W...299) is refused at its line");
    for (size_t i = 0; i < n; i++)
        json_decref(v[i]);
}

static void
test_ids(void)
{
    txng_diag d;
    txng_err  err;

    err = check(&d, H("V3", "L-A", "1", "6", "2025-09-23T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "already created: a code is created once, give a new one", "lot", 1) &&
           valued(&d, "identifier", "L-A") && d.has_index && d.index == 6,
       "a harvest lot already in the log is refused, naming the lot and record 6 that made it");
    err = check(&d, H("V3", "N1", "1", "6", "2025-09-23T07:30+07:00", ""),
                H("V3", "N1", "1", "6", "2025-09-23T07:30+07:00", ""), NULL);
    ok(refused(err, &d, "already created", "lot", 2) && valued(&d, "identifier", "N1") &&
           d.has_index && d.index == g_size(),
       "batch: the same lot twice, naming the first row (as the record it would be)");
    err = check(&d, ev("plant", "cohort=V3|place=vuon-3|count=1|time=2020-10-20T08:00+07:00"), NULL,
                NULL);
    ok(refused(err, &d, "already created", "cohort", 1), "a cohort planted twice");
    err = check(&d, ev("transform", "in=NOPE:1kg|out=N2:1kg|method=x|time=2025-09-23T08:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "created or received this lot", "in", 1) &&
           valued(&d, "identifier", "NOPE"),
       "transform of an unknown lot, named");
    ok(check(&d, ev("transform", "in=L-A:1kg|out=N2:1kg|method=x|time=2025-09-23T08:00+07:00"), NULL,
             NULL) == TXNG_OK,
       "transform of a harvested lot passes");
    err = check(&d, ev("ship", "serials=000001|gtin=08930000000033|to=shop|time=2025-09-30T08:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "created or received this identifier", "serials", 1) &&
           valued(&d, "identifier", "https://id.gs1.org/01/08930000000033/21/000001"),
       "ship of units never packed, the unit named");
    err = check(&d, ev("store", "serials=000001-000010|place=vuon-3|time=2025-09-30T08:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d,
               "no unit of this log has this serial without a GTIN: give --gtin with --serials",
               "serials", 1) &&
           valued(&d, "identifier", "000001"),
       "serials without a GTIN name no unit packed here: --gtin is asked for");
    err = check(&d, ev("treat", "cohort=V8|input=none|time=2024-05-01T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "planted this cohort", "cohort", 1) && valued(&d, "identifier", "V8"),
       "treat of a cohort never planted, named");
    err = check(&d, ev("receive", "lot=R1|from=farm|place=vuon-3|time=2025-09-21T09:00+07:00"),
                ev("ship", "lot=R1|to=shop|time=2025-09-30T08:00+07:00"), NULL);
    ok(err == TXNG_OK, "batch: a received lot may be shipped");
    err = check(&d, ev("test", "lot=R1|lab=lab|report=R-1|result=pass|time=2025-09-30T08:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "created or received this lot", "lot", 1),
       "the batch that received it was not appended");
    err = check(&d, ev("plant", "cohort=V12|place=vuon-3|seedlings=NURSERY-1|count=1|time=2020-10-20T08:00+07:00"),
                NULL, NULL);
    ok(err == TXNG_OK, "a plant's seedling lot may come from outside the log");
    err = check(
        &d,
        ev("inspect", "serials=000001|gtin=08930000000040|result=not-genuine|role=qltt|"
                      "time=2025-09-30T08:00+07:00"),
        ev("inspect", "lot=FAKE-1|result=unknown|role=consumer|time=2025-09-30T09:00+07:00"), NULL);
    ok(err == TXNG_OK, "an inspection may name a unit or lot this log never made (a fake label)");
    err = check(
        &d, ev("inspect", "serials=000001|result=unknown|role=qltt|time=2025-09-30T08:00+07:00"),
        NULL, NULL);
    ok(refused(err, &d,
               "no unit of this log has this serial without a GTIN: give --gtin with --serials",
               "serials", 1),
       "an inspected serial without a GTIN still asks for --gtin");
    err =
        check(&d, ev("inspect", "lot=FAKE-1|result=unknown|role=qltt|time=2025-09-30T09:00+07:00"),
              ev("ship", "lot=FAKE-1|to=shop|time=2025-09-30T10:00+07:00"), NULL);
    ok(refused(err, &d, "created or received this lot", "lot", 2),
       "an inspection does not make a lot known to a later step of the batch");
}

static void
test_pack(void)
{
    txng_diag d;
    txng_err  err;

    add(H("V9", "P1", "5", "6", "2025-09-20T07:30+07:00", "|gi-code=C0004-SNLKTG")); /* 9 */
#define PACK(lot, serials) \
    ev("pack", "lot=" lot "|gtin=08930000000033|serials=" serials "|time=2025-09-26T14:00+07:00")
    err = check(&d, PACK("P1", "000001-000006"), NULL, NULL);
    ok(refused(err, &d, "more units than roots harvested upstream", "serials", 1),
       "6 units from a harvest of 5 roots: refused");
    ok(valued(&d, "roots harvested", "5"), "the refusal gives the 5 roots harvested");
    ok(check(&d, PACK("P1", "000001-000005"), NULL, NULL) == TXNG_OK, "5 units of 5 roots pass");
    err = check(&d, PACK("P1", "000001-000003"), PACK("P1", "000004-000006"), NULL);
    ok(refused(err, &d, "more units than roots", "serials", 2), "batch: two packs count together");
    err = check(&d, ev("transform", "in=P1:1kg|out=P1-S:0.3kg|method=sấy|time=2025-09-23T08:00+07:00"),
                PACK("P1-S", "000001-000006"), NULL);
    ok(refused(err, &d, "more units than roots", "serials", 2),
       "batch: units of a dried lot are held to the harvest upstream");
    add(PACK("P1", "000001-000002")); /* 10 */
    err = check(&d, PACK("P1", "000011-000014"), NULL, NULL);
    ok(refused(err, &d, "more units than roots", "serials", 1), "2 packed before: 4 more refused");
    ok(check(&d, PACK("P1", "000011-000013"), NULL, NULL) == TXNG_OK, "2 packed before: 3 pass");
    err = check(&d, PACK("P1", "000002-000003"), NULL, NULL);
    ok(refused(err, &d, "already created", "serials", 1), "a serial already packed is refused");
    err = check(&d, ev("receive", "lot=R2|from=farm|place=vuon-3|time=2025-09-21T09:00+07:00"),
                PACK("R2", "000101-000200"), NULL);
    ok(err == TXNG_OK, "no harvest upstream of a received lot: not counted");
#undef PACK
}

static void
test_correct(void)
{
    txng_diag d;
    txng_err  err;

#define CORR(i) ev("correct", "corrects=" i "|reason=incorrect|time=2025-10-07T10:00+07:00")
    err = check(&d, CORR("11"), NULL, NULL);
    ok(refused(err, &d, "no such record to correct", "corrects", 1), "correcting past the end");
    err = check(&d, CORR("0"), NULL, NULL);
    ok(refused(err, &d, "the genesis (record 0) cannot be corrected", "corrects", 1),
       "correcting the genesis");
    ok(check(&d, CORR("8"), NULL, NULL) == TXNG_OK, "correcting record 8 passes");
    err = check(&d, CORR("8"), CORR("8"), NULL);
    ok(refused(err, &d, "already corrected", "corrects", 2), "batch: record 8 corrected twice");
    err = check(&d, H("V3", "C1", "1", "6", "2025-09-23T07:30+07:00", ""), CORR("11"), NULL);
    ok(err == TXNG_OK, "batch: a correction of the row before passes");
    add(CORR("8")); /* 11 */
    err = check(&d, CORR("8"), NULL, NULL);
    ok(refused(err, &d, "already corrected", "corrects", 1), "record 8 corrected in the log");
    ok(check(&d, CORR("11"), NULL, NULL) == TXNG_OK, "the correction itself may be corrected");
#undef CORR
}

static void
test_other(void)
{
    txng_diag d;
    txng_err  err;
    json_t   *sig = json_pack("{s:o, s:[{s:s, s:s}]}", "event",
                              H("V7", "S1", "1", "6", "2025-09-20T07:30+07:00", ""), "signatures",
                              "key", "grower+00000000", "sig", "AAAA");

    err = check(&d, sig, NULL, NULL);
    ok(refused(err, &d, "planted this cohort", "cohort", 1), "a signed event is checked inside");
    err = check(&d, json_pack("{s:s, s:s, s:[s]}", "type", "ObjectEvent", "action", "OBSERVE",
                              "epcList", "urn:epc:id:sgtin:0614141.107346.2018"),
                ev("party", "name=X|code=x"), NULL);
    ok(err == TXNG_OK, "foreign events and master data are not checked");
}

/* Cohort V3: 100 planted; 40 roots harvested 2025-09-20 (record 6), 10 on 2025-09-22 (8). */
static void
test_stand_count(void)
{
    txng_diag d;
    txng_err  err;

#define SC(plants, time) ev("stand-count", "cohort=V3|plants=" plants "|time=" time)
    err = check(&d, SC("101", "2024-06-15T09:00+07:00"), NULL, NULL);
    ok(refused(err, &d,
               "more live plants than the cohort's planted count less the roots harvested from "
               "it: check --plants",
               "plants", 1),
       "a stand count of 101 of 100 planted is refused");
    ok(check(&d, SC("100", "2024-06-15T09:00+07:00"), NULL, NULL) == TXNG_OK,
       "a stand count of all 100 planted passes");
    err = check(&d, SC("61", "2025-09-21T09:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "more live plants than", "plants", 1),
       "after 40 roots harvested, 61 live plants are refused");
    ok(valued(&d, "plants left", "60"), "the refusal gives the 60 plants left");
    ok(check(&d, SC("60", "2025-09-21T09:00+07:00"), NULL, NULL) == TXNG_OK,
       "after 40 roots harvested, 60 live plants pass");
    ok(check(&d, SC("0", "2025-09-21T09:00+07:00"), NULL, NULL) == TXNG_OK,
       "a stand count of 0 (the cohort died) passes");
    err = check(&d, SC("5000", "2024-06-15T09:00+07:00"),
                H("V3", "S5", "4000", "6", "2025-10-01T08:00+07:00", ""), NULL);
    ok(refused(err, &d, "more live plants than", "plants", 1),
       "batch: an inflated stand count cannot open the way to a larger harvest");
    err = check(&d, ev("plant", "cohort=V30|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"),
                H("V30", "S6", "4", "6", "2025-09-20T07:30+07:00", ""),
                ev("stand-count", "cohort=V30|plants=7|time=2025-09-21T09:00+07:00"));
    ok(refused(err, &d, "more live plants than", "plants", 3),
       "batch: plant 10, harvest 4, count 7: refused at line 3");
#undef SC
}

/* An event is not before the record that created or received what it uses. */
static void
test_time_order(void)
{
    txng_diag d;
    txng_err  err;

    err = check(&d, ev("transform", "in=L-A:1kg|out=O1:1kg|method=x|time=2025-09-20T07:29+07:00"),
                NULL, NULL);
    ok(refused(err, &d,
               "event is before the record that created or received its input lot: check --time",
               "time", 1),
       "a transform a minute before the harvest of its lot is refused");
    ok(check(&d, ev("transform", "in=L-A:1kg|out=O1:1kg|method=x|time=2025-09-20T07:30+07:00"),
             NULL, NULL) == TXNG_OK,
       "a transform at the time of the harvest passes");
    err = check(&d, ev("transform", "in=L-A:1kg|out=O1:1kg|method=x|time=2020-01-01T08:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "before the record that created or received its input lot", "time", 1),
       "a transform in 2020 of a lot harvested in 2025 is refused");
    ok(valued(&d, "there since", "2025-09-20T00:30:00Z"),
       "the refusal gives the time the lot was harvested");
    err = check(&d, ev("treat", "cohort=V3|input=none|time=2019-10-20T07:59+07:00"), NULL, NULL);
    ok(refused(err, &d, "event is before the planting of its cohort: check --time", "time", 1),
       "a treatment before the planting is refused");
    ok(check(&d, ev("treat", "cohort=V3|input=none|time=2019-10-20T08:00+07:00"), NULL, NULL) ==
           TXNG_OK,
       "a treatment at the planting time passes");
    err =
        check(&d, ev("stand-count", "cohort=V3|plants=1|time=2019-01-01T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "before the planting of its cohort", "time", 1),
       "a stand count before the planting is refused");
    err = check(&d, H("V3", "O2", "1", "6", "2025-09-25T07:30+07:00", ""),
                ev("transform", "in=O2:1kg|out=O3:1kg|method=x|time=2025-09-25T07:00+07:00"), NULL);
    ok(refused(err, &d, "before the record that created or received its input lot", "time", 2),
       "batch: a transform before the harvest row of its lot");
    err = check(&d, ev("receive", "lot=L-A|from=farm|place=vuon-3|time=2025-09-20T07:29+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "received before the record that made it: check --time", "time", 1) &&
           valued(&d, "made at", "2025-09-20T00:30:00Z") && d.has_index,
       "a receipt of a lot harvested here, a minute before the harvest, is refused");
    ok(check(&d, ev("receive", "lot=L-A|from=farm|place=vuon-3|time=2025-09-20T07:30+07:00"), NULL,
             NULL) == TXNG_OK,
       "at the harvest's time it passes");
    err = check(&d, H("V3", "O4", "1", "6", "2025-09-25T07:30+07:00", ""),
                ev("receive", "lot=O4|from=farm|place=vuon-3|time=2025-09-24T09:00+07:00"), NULL);
    ok(refused(err, &d, "received before the record that made it", "time", 2),
       "batch: a receipt dated before the harvest row of its lot");
    ok(check(&d, ev("receive", "lot=R9|from=farm|place=vuon-3|time=2025-09-21T09:00+07:00"),
             ev("receive", "lot=R9|from=farm|place=vuon-3|time=2025-09-20T09:00+07:00"),
             NULL) == TXNG_OK,
       "a lot bought in, received twice out of order: not held (nothing here made it)");
    err = check(&d, ev("receive", "lot=R3|from=farm|place=vuon-3|time=2025-09-21T09:00+07:00"),
                ev("ship", "lot=R3|to=shop|time=2025-09-21T08:59+07:00"), NULL);
    ok(refused(err, &d, "before the record that created or received its input lot", "time", 2),
       "batch: a ship before the receipt of its lot");
    err = check(
        &d, ev("ship", "serials=000001|gtin=08930000000033|to=shop|time=2025-09-26T13:59+07:00"),
        NULL, NULL);
    ok(refused(err, &d,
               "event is before the record that created or received its input: check --time",
               "time", 1),
       "a ship of units before their packing is refused");
    ok(check(&d,
             ev("ship", "serials=000001|gtin=08930000000033|to=shop|time=2025-09-26T14:00+07:00"),
             NULL, NULL) == TXNG_OK,
       "a ship of units at their packing time passes");
}

/* R20: a record declared not to have occurred frees its codes and its roots. */
static void
test_void(void)
{
    txng_diag d;
    txng_err  err;

#define VOID(i) ev("correct", "corrects=" i "|reason=did-not-occur|time=2025-10-07T10:00+07:00")
    add(ev("plant", "cohort=V20|place=vuon-3|count=10|time=2019-10-20T08:00+07:00")); /* 12 */
    add(H("V20", "Z1", "10", "6", "2025-09-23T07:30+07:00", ""));                     /* 13 */
    err = check(&d, H("V20", "Z1", "9", "6", "2025-09-23T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "already created", "lot", 1), "a harvest lot in the log is refused");
    err = check(&d, ev("correct", "corrects=13|reason=incorrect|time=2025-10-07T10:00+07:00"),
                H("V20", "Z1", "9", "6", "2025-09-23T07:30+07:00", ""), NULL);
    ok(refused(err, &d, "already created", "lot", 2),
       "batch: a correction of incorrect data does not free the lot code");
    ok(check(&d, VOID("13"), H("V20", "Z1", "10", "6", "2025-09-23T07:30+07:00", ""), NULL) ==
           TXNG_OK,
       "batch: did-not-occur, then the same lot and all 10 roots again");
    add(VOID("13")); /* 14 */
    ok(check(&d, H("V20", "Z1", "10", "6", "2025-09-23T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "after did-not-occur the lot code is free and the roots count again");
    err = check(&d, ev("transform", "in=Z1:1kg|out=Z2:1kg|method=x|time=2025-09-24T08:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "created or received this lot", "in", 1),
       "a lot whose harvest did not occur cannot be used");
    add(ev("correct", "corrects=14|reason=incorrect|time=2025-10-08T10:00+07:00")); /* 15 */
    err = check(&d, H("V20", "Z1", "1", "6", "2025-09-23T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "already created", "lot", 1),
       "a corrected did-not-occur no longer frees the lot code");
#undef VOID
}

/* A claim-codes event of @p spec signed by @p k: {"event", "signatures"}. */
static json_t *
signed_by(const char *spec, const txng_signer *k)
{
    json_t *e = ev("claim-codes", spec), *se = NULL;

    if (txng_event_sign(&se, e, k, NULL) != TXNG_OK)
        abort();
    json_decref(e);
    return se;
}

/* Claim codes replace the codes on printed labels: only the packer, the log key or an admin. */
static void
test_claim_codes_signer(void)
{
    static const char hash[] = "AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2";
    txng_signer      *other = signer("other", 3), *admin = signer("boss", 4);
    txng_diag         d     = TXNG_DIAG_INIT;
    json_t           *e, *se = NULL;
    char              spec[256], vkey[TXNG_VKEY_MAX];
    txng_err          err;

    /* record 10 (test_pack): units 000001-000002 of lot P1, packed and signed by the grower */
    snprintf(spec, sizeof spec,
             "id=https://id.gs1.org/01/08930000000033/21/000001|hash=%s|"
             "time=2025-09-27T08:00+07:00",
             hash);
    ok(check(&d, signed_by(spec, g_grower), NULL, NULL) == TXNG_OK, "claim codes signed by the packer");
    err = check(&d, signed_by(spec, other), NULL, NULL);
    ok(refused(err, &d, "registered by the key that packed it", "as", 1),
       "claim codes signed by another key: refused");
    ok(check(&d, signed_by(spec, g_logkey), NULL, NULL) == TXNG_OK, "claim codes signed by the log key");
    err = check(&d, signed_by(spec, admin), NULL, NULL);
    ok(refused(err, &d, "registered by the key that packed it", "as", 1),
       "an admin key not enrolled: refused");
    txng_pubkey_format(txng_signer_pubkey(admin), vkey);
    e = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "admin");
    if (txng_event_sign(&se, e, g_logkey, NULL) != TXNG_OK ||
        txng_log_append(g_log, g_logkey, &se, 1, T0 + 200, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(e);
    json_decref(se);
    ok(check(&d, signed_by(spec, admin), NULL, NULL) == TXNG_OK, "claim codes signed by an admin key");
    /* a bare event: the signer the caller names */
    e   = ev("claim-codes", spec);
    err = txng_rules_check_state_as(g_log, (const json_t *const *) &e, 1,
                                    txng_signer_pubkey(other), &d);
    ok(refused(err, &d, "registered by the key that packed it", "as", 1),
       "bare claim codes to be signed by another key: refused");
    ok(txng_rules_check_state_as(g_log, (const json_t *const *) &e, 1,
                                 txng_signer_pubkey(g_grower), &d) == TXNG_OK,
       "bare claim codes to be signed by the packer pass");
    json_decref(e);
    txng_signer_free(other);
    txng_signer_free(admin);
}

#define SUBJ40 "urn:txng:" ORIGIN ":place:vuon-40"
#define H40(lot, roots, age, time, extra)                                                          \
    ev("harvest", "cohort=V40|lot=" lot "|weight=1kg|roots=" roots "|age=" age                     \
                  "|gi-code=C0005-SNLKTG|gi-certificate=gcn-40|time=" time extra)

/* R38: a harvest under a GI certificate is held to the certificate. */
static void
test_gi_certificate(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  g40a = 0;
    char      spec[128];

    add(ev("place", "name=Vườn 40|code=vuon-40|gi-code=C0005-SNLKTG"));
    add(ev("plant", "cohort=V40|place=vuon-40|count=200|time=2015-10-01T08:00+07:00"));
    add(ev("certificate", "code=gcn-40|kind=gi|number=40/GCN|issuer=Cục SHTT|valid-from=2024-01-01"
                          "|valid-until=2026-12-31|subject=" SUBJ40 "|gi-code=C0005-SNLKTG"
                          "|roots=150|min-age=7|intensity=50"));
    add(ev("certificate", "code=gcn-41|kind=gi|number=41/GCN|issuer=Cục SHTT|valid-from=2024-01-01"
                          "|subject=" SUBJ40 "|gi-code=C0006-SNLKTG"));
    add(ev("certificate", "code=vg-40|kind=vietgap|number=VG-40|issuer=Sở NN|valid-from=2024-01-01"
                          "|subject=" SUBJ40));

    err = check(&d,
                ev("harvest", "cohort=V40|lot=G40|weight=1kg|roots=10|age=8|gi-code=C0005-SNLKTG"
                              "|gi-certificate=gcn-none|time=2025-09-20T07:30+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "no such certificate in this log", "gi-certificate", 1),
       "a certificate the log does not hold: refused");
    err = check(&d,
                ev("harvest", "cohort=V40|lot=G40|weight=1kg|roots=10|age=8|gi-code=C0005-SNLKTG"
                              "|gi-certificate=vg-40|time=2025-09-20T07:30+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "not a GI certificate", "gi-certificate", 1),
       "a VietGAP certificate as the GI certificate: refused");
    err = check(&d, H40("G40", "10", "8", "2023-12-31T23:00+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "before its GI certificate is valid", "time", 1) &&
           valued(&d, "valid from", "2024-01-01"),
       "a harvest the day before the certificate: refused, naming its start");
    ok(check(&d, H40("G40", "10", "8", "2024-01-01T06:00+07:00", ""), NULL, NULL) == TXNG_OK,
       "a harvest on its first day passes (the local date counts)");
    err = check(&d, H40("G40", "10", "8", "2027-01-01T08:00+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "after its GI certificate expired", "time", 1) &&
           valued(&d, "valid until", "2026-12-31"),
       "a harvest after the certificate expired: refused, naming its end");
    err = check(&d,
                ev("harvest", "cohort=V40|lot=G40|weight=1kg|roots=10|age=8|gi-code=C0005-SNLKTG"
                              "|gi-certificate=gcn-41|time=2025-09-20T07:30+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "differs from the GI code of the GI certificate", "gi-code", 1) &&
           valued(&d, "certificate's GI code", "C0006-SNLKTG"),
       "the plot's GI code, another on the certificate: refused");
    err = check(&d, H("V3", "G40", "1", "8", "2025-09-20T07:30+07:00", "|gi-certificate=gcn-41"),
                NULL, NULL);
    ok(missing(err, &d, "the GI certificate names a GI code", "gi-code", 1) &&
           valued(&d, "certificate's GI code", "C0006-SNLKTG"),
       "no --gi-code, the certificate names one: missing, a usage error");
    err = check(&d, H40("G40", "10", "6", "2025-09-20T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "below the GI certificate's minimum age", "age", 1) &&
           valued(&d, "minimum age", "7"),
       "6-year roots under a certificate of 7: refused");
    err = check(&d, H40("G40", "101", "8", "2025-09-20T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "harvest intensity", "roots", 1) &&
           valued(&d, "most roots at this intensity", "100"),
       "101 of 200 plants at 50 %%: refused");
    ok(check(&d, H40("G40", "100", "8", "2025-09-20T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "100 of 200 plants at 50 %% pass");
    if (txng_log_size(g_log, &g40a) != TXNG_OK)
        abort();
    add(H40("G40A", "100", "8", "2025-09-20T07:30+07:00", "|stamps=000001-000100"));
    err = check(&d, H40("G40", "51", "8", "2025-09-21T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "certified number leaves", "roots", 1) &&
           valued(&d, "certified roots left", "50"),
       "150 certified, 100 harvested: 51 more refused");
    err = check(&d, H40("G40", "30", "8", "2025-09-21T07:30+07:00", ""),
                H40("G41", "21", "8", "2025-09-21T08:30+07:00", ""), NULL);
    ok(refused(err, &d, "certified number leaves", "roots", 2) &&
           valued(&d, "certified roots left", "20"),
       "batch: 30 then 21 of the 50 left: the second refused");
    ok(check(&d, H40("G40", "50", "8", "2025-09-21T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "the 50 left pass");
    /* the sum counted for the first row is counted again once the batch voids a harvest */
    snprintf(spec, sizeof spec,
             "corrects=%" PRIu64 "|reason=did-not-occur|time=2025-10-07T10:00+07:00", g40a);
    err = check(&d, H40("G40", "10", "8", "2025-09-21T07:30+07:00", ""), ev("correct", spec),
                H40("G41", "60", "8", "2025-09-21T08:30+07:00", ""));
    if (err != TXNG_OK)
        printf("# %s (%s: %s) line %zu\n", d.reason, d.value_name ? d.value_name : "", d.value, d.line);
    ok(err == TXNG_OK, "batch: 10, the harvest of 100 declared void, then 60 of the 140 left pass");
}

/* R39: GI stamps allocated once, no more than the roots, used once by a pack downstream. */
static void
test_stamps(void)
{
    txng_diag d;
    txng_err  err;

    err = check(&d, H40("G42", "10", "8", "2025-09-22T07:30+07:00", "|stamps=000201-000211"), NULL,
                NULL);
    ok(refused(err, &d, "more GI stamps than roots harvested", "stamps", 1) &&
           valued(&d, "roots harvested", "10"),
       "11 stamps for 10 roots: refused");
    err = check(&d, H40("G42", "10", "8", "2025-09-22T07:30+07:00", "|stamps=000095-000104"), NULL,
                NULL);
    ok(refused(err, &d, "GI stamp already allocated", "stamps", 1) && valued(&d, "stamp", "000095"),
       "stamps overlapping an earlier harvest's: refused, naming the first shared");
    err = check(&d, H40("G42", "10", "8", "2025-09-22T07:30+07:00", "|stamps=000201-000210"),
                H40("G43", "5", "8", "2025-09-22T08:30+07:00", "|stamps=000210-000214"), NULL);
    ok(refused(err, &d, "GI stamp already allocated", "stamps", 2) && valued(&d, "stamp", "000210"),
       "batch: the second harvest reuses a stamp of the first: refused");
    add(H40("G42", "10", "8", "2025-09-22T07:30+07:00", "|stamps=000201-000210"));

    err = check(&d,
                ev("pack", "lot=G40A|weight=1kg|gtin=08930000000033|serials=400001-400010"
                           "|stamps=000101-000102|time=2025-09-26T14:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "not allocated by any harvest", "stamps", 1) &&
           valued(&d, "stamp", "000101"),
       "a pack using a stamp no harvest allocated: refused");
    err = check(&d,
                ev("pack", "lot=G40A|weight=1kg|gtin=08930000000033|serials=400001-400010"
                           "|stamps=000205|time=2025-09-26T14:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "not upstream of this lot", "stamps", 1),
       "a pack using a stamp of another harvest's lot: refused");
    add(ev("pack", "lot=G40A|weight=1kg|gtin=08930000000033|serials=400001-400010"
                   "|stamps=000001-000010|time=2025-09-26T14:00+07:00"));
    err = check(&d,
                ev("pack", "lot=G40A|weight=1kg|gtin=08930000000033|serials=400011-400020"
                           "|stamps=000010-000019|time=2025-09-26T15:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "GI stamp already used", "stamps", 1) && valued(&d, "stamp", "000010"),
       "a second pack reusing a stamp: refused");
    ok(check(&d,
             ev("pack", "lot=G40A|gtin=08930000000033|serials=400011-400020"
                        "|stamps=000011-000020|time=2025-09-26T15:00+07:00"),
             NULL, NULL) == TXNG_OK,
       "a second pack with the next stamps passes");
    err = check(&d,
                ev("pack", "lot=G40A|weight=0.1kg|gtin=08930000000033|serials=400011-400020"
                           "|stamps=000011-000020|time=2025-09-26T15:00+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "less what earlier steps took: check --weight", "weight", 1) &&
           valued(&d, "left of the lot", "0.000 kg"),
       "but not with 0.1 kg more of the 1 kg lot the first pack took whole");
}

/* txng_stamp_find(): where a stamp was allocated and used, and a void pack frees it. */
static void
test_stamp_find(void)
{
    txng_stamp_info info;
    txng_diag       d;
    uint64_t        pack = 0;
    char            spec[128];

    ok(txng_stamp_find(g_log, "000005", &info) == TXNG_OK && info.n == 2 && info.allocated == 1 &&
           info.used == 1 && strcmp(info.uses[0].step, "harvest") == 0 &&
           strcmp(info.uses[1].step, "pack") == 0 && strstr(info.uses[0].lot, ":lot:G40A") &&
           strstr(info.uses[1].lot, ":lot:G40A") &&
           strcmp(info.uses[0].time, "2025-09-20T07:30:00+07:00") == 0 &&
           strncmp(info.uses[0].signer, "grower+", 7) == 0 && !info.uses[1].corrected &&
           !info.uses[1].imported,
       "stamp 000005: allocated by the harvest of G40A, used by its pack");
    pack = info.n == 2 ? info.uses[1].index : 0;
    txng_stamp_info_free(&info);
    ok(txng_stamp_find(g_log, "000205", &info) == TXNG_OK && info.n == 1 && info.allocated == 1 &&
           info.used == 0,
       "stamp 000205: allocated, not used");
    txng_stamp_info_free(&info);
    ok(txng_stamp_find(g_log, "000999", &info) == TXNG_OK && info.n == 0 && info.uses == NULL &&
           info.allocated == 0,
       "stamp 000999: named by no record");
    ok(txng_stamp_find(g_log, "000001-000002", &info) == TXNG_EINVAL && info.n == 0,
       "a range is not one stamp: EINVAL");
    ok(txng_stamp_find(NULL, "000001", &info) == TXNG_EINVAL &&
           txng_stamp_find(g_log, NULL, &info) == TXNG_EINVAL &&
           txng_stamp_find(g_log, "000001", NULL) == TXNG_EINVAL,
       "NULL arguments: EINVAL");

    snprintf(spec, sizeof spec,
             "corrects=%" PRIu64 "|reason=did-not-occur|time=2025-10-07T10:00+07:00", pack);
    add(ev("correct", spec));
    ok(txng_stamp_find(g_log, "000005", &info) == TXNG_OK && info.n == 2 && info.used == 0 &&
           info.uses[1].corrected && info.allocated == 1,
       "the pack declared void: shown as corrected, the stamp counts as unused");
    txng_stamp_info_free(&info);
    ok(check(&d,
             ev("pack", "lot=G40A|weight=1kg|gtin=08930000000033|serials=400021-400030"
                        "|stamps=000001-000010|time=2025-10-08T14:00+07:00"),
             NULL, NULL) == TXNG_OK,
       "so a new pack may use its stamps");
}

/* Check bare @p e (released) as if @p k were to sign it. */
static txng_err
check_as(txng_diag *d, json_t *e, const txng_signer *k)
{
    txng_err err;

    *d  = (txng_diag) TXNG_DIAG_INIT;
    err = txng_rules_check_state_as(g_log, (const json_t *const *) &e, 1, txng_signer_pubkey(k), d);
    json_decref(e);
    return err;
}

static json_t *
correction(uint64_t rec, const char *reason)
{
    char spec[128];

    snprintf(spec, sizeof spec, "corrects=%" PRIu64 "|reason=%s|time=2025-10-09T10:00+07:00", rec,
             reason);
    return ev("correct", spec);
}

/*
 * Who may correct a record: a key that signed it, the log key or an admin key; records the
 * log interprets, master data and claims are not corrected. Run after
 * test_claim_codes_signer(), which enrols the admin key "boss".
 */
static void
test_correct_signer(void)
{
    txng_signer *other = signer("other", 3), *admin = signer("boss", 4);
    txng_diag    d;
    txng_err     err;
    json_t      *se    = NULL, *e;
    uint64_t     plant = g_size();

    add(ev("plant", "cohort=V50|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"));
    err = check_as(&d, correction(plant, "did-not-occur"), other);
    ok(refused(err, &d,
               "a record is corrected by a key that signed it, the log key or an admin key", "as",
               1),
       "another enrolled key may not declare the grower's record void");
    err = check_as(&d, correction(plant, "incorrect"), other);
    ok(refused(err, &d, "corrected by a key that signed it", "as", 1), "nor declare it incorrect");
    e = correction(plant, "did-not-occur");
    if (txng_event_sign(&se, e, other, NULL) != TXNG_OK)
        abort();
    json_decref(e);
    err = check(&d, se, NULL, NULL);
    ok(refused(err, &d, "corrected by a key that signed it", "as", 1),
       "a signed correction: its signer is checked too");
    ok(check_as(&d, correction(plant, "did-not-occur"), g_grower) == TXNG_OK,
       "the grower who signed it may");
    ok(check_as(&d, correction(plant, "did-not-occur"), g_logkey) == TXNG_OK, "the log key may");
    ok(check_as(&d, correction(plant, "did-not-occur"), admin) == TXNG_OK, "an admin key may");
    ok(check(&d, correction(plant, "did-not-occur"), NULL, NULL) == TXNG_OK,
       "a bare correction with no signer known is not checked for it");

    err = check_as(&d, correction(1, "did-not-occur"), g_logkey);
    ok(refused(err, &d, "a key enrolment or revocation cannot be corrected", "corrects", 1),
       "a key enrolment: refused, even to the log key");
    err = check_as(&d, correction(2, "incorrect"), g_grower);
    ok(refused(err, &d, "master data is not corrected", "corrects", 1), "master data: refused");
    err = check_as(&d, correction(0, "did-not-occur"), g_logkey);
    ok(refused(err, &d, "the genesis (record 0) cannot be corrected", "corrects", 1),
       "the genesis: refused");
    txng_signer_free(other);
    txng_signer_free(admin);
}

/* The sale of unit 500001 that test_void_used() records, for test_sold_once(). */
static uint64_t g_sale;

#define PACK5(serials, time)                                                                       \
    ev("pack", "lot=U1-S|gtin=08930000000033|serials=" serials "|time=" time)

/* R20: a record declared void frees its codes only while nothing later uses them. */
static void
test_void_used(void)
{
    static const char hash[] = "AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2";
    txng_diag         d;
    txng_err          err;
    uint64_t          plant = g_size(), harvest = plant + 1, transform = plant + 2;
    uint64_t          pack = plant + 3, sell = plant + 4, claim;
    char              spec[256];

    g_sale = sell;
    add(ev("plant", "cohort=V51|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"));
    add(H("V51", "U1", "5", "6", "2025-09-20T07:30+07:00", ""));
    add(ev("transform", "in=U1:1kg|out=U1-S:0.5kg|method=sấy|time=2025-09-22T08:00+07:00"));
    add(PACK5("500001-500005", "2025-09-23T08:00+07:00"));
    add(ev("sell", "serials=500001|gtin=08930000000033|time=2025-09-24T08:00+07:00"));

    err = check(&d, correction(pack, "did-not-occur"), NULL, NULL);
    ok(refused(err, &d, "a later record uses what this record made: correct that record first",
               "corrects", 1) &&
           valued(&d, "identifier", "https://id.gs1.org/01/08930000000033/21/500001") &&
           d.has_index && d.index == sell,
       "a pack whose unit was sold cannot be declared void: the sale is named");
    err = check(&d, correction(pack, "did-not-occur"),
                PACK5("500001-500005", "2025-09-26T08:00+07:00"), NULL);
    ok(refused(err, &d, "a later record uses what this record made", "corrects", 1),
       "so its serials cannot be packed again");
    err = check(&d, correction(harvest, "did-not-occur"), NULL, NULL);
    ok(refused(err, &d, "a later record uses what this record made", "corrects", 1) &&
           valued(&d, "identifier", "U1") && d.index == transform,
       "a harvest whose lot was dried: the drying is named");
    err = check(&d, correction(plant, "did-not-occur"), NULL, NULL);
    ok(refused(err, &d, "a later record uses", "corrects", 1) && valued(&d, "identifier", "V51") &&
           d.index == harvest,
       "a planting whose cohort was harvested: the harvest is named");
    ok(check(&d, correction(pack, "incorrect"), NULL, NULL) == TXNG_OK,
       "a correction of incorrect data frees nothing: it passes");
    err = check(&d, correction(sell, "did-not-occur"), correction(pack, "did-not-occur"),
                PACK5("500001-500005", "2025-09-26T08:00+07:00"));
    if (err != TXNG_OK)
        printf("# %s (%s: %s) line %zu\n", d.reason, d.value_name ? d.value_name : "", d.value,
               d.line);
    ok(err == TXNG_OK,
       "batch: the sale declared void first, then the pack, then the serials packed again");

    /* GI stamps: a harvest whose stamps a pack used */
    add(H40("G50", "5", "8", "2025-09-25T07:30+07:00", "|stamps=000501-000505"));
    add(ev("pack", "lot=G50|gtin=08930000000033|serials=600001-600005|stamps=000501-000505"
                   "|time=2025-09-26T14:00+07:00"));
    err = check(&d, correction(g_size() - 2, "did-not-occur"), NULL, NULL);
    ok(refused(err, &d, "a later record uses", "corrects", 1) && d.has_index &&
           d.index == g_size() - 1,
       "a harvest whose lot and GI stamps a pack used cannot be declared void");
    ok(check(&d, correction(g_size() - 1, "did-not-occur"), NULL, NULL) == TXNG_OK,
       "the pack itself, nothing later using it, may be");

    /* claim codes: never corrected, and they keep the pack */
    claim = g_size();
    snprintf(
        spec, sizeof spec,
        "id=https://id.gs1.org/01/08930000000033/21/600001|hash=%s|time=2025-09-27T08:00+07:00",
        hash);
    add(ev("claim-codes", spec));
    err = check(&d, correction(claim, "did-not-occur"), NULL, NULL);
    ok(refused(err, &d, "claim codes and claims cannot be corrected", "corrects", 1),
       "claim codes: refused");
    err = check(&d, correction(claim - 1, "did-not-occur"), NULL, NULL);
    ok(refused(err, &d, "a later record uses", "corrects", 1) && d.index == claim,
       "a pack with claim codes registered cannot be declared void");
}
#undef PACK5

/* A unit is sold once, unless it comes back (receive) between the sales. After test_void_used(). */
static void
test_sold_once(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  sale = g_sale;

#define SELL(serial, time) ev("sell", "serials=" serial "|gtin=08930000000033|time=" time)
    err = check(&d, SELL("500001", "2025-09-30T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d,
               "this unit is already sold: record its return (receive) before it is sold "
               "again",
               "serials", 1) &&
           valued(&d, "identifier", "https://id.gs1.org/01/08930000000033/21/500001") &&
           d.has_index && d.index == sale,
       "a unit sold a second time is refused, naming the first sale");
    err = check(&d, SELL("500001", "2025-09-23T09:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "already sold", "serials", 1), "also a sale dated before the first");
    ok(check(&d,
             ev("receive", "serials=500001|gtin=08930000000033|from=shop|place=vuon-3"
                           "|time=2025-09-25T08:00+07:00"),
             SELL("500001", "2025-09-26T08:00+07:00"), NULL) == TXNG_OK,
       "batch: returned (received), then sold again: passes");
    err = check(&d,
                ev("receive", "serials=500001|gtin=08930000000033|from=shop|place=vuon-3"
                              "|time=2025-09-27T08:00+07:00"),
                SELL("500001", "2025-09-26T08:00+07:00"), NULL);
    ok(refused(err, &d, "already sold", "serials", 2),
       "batch: a return dated after the second sale does not bring it back for it");
    err = check(&d, SELL("500002", "2025-09-26T08:00+07:00"),
                SELL("500002", "2025-09-26T09:00+07:00"), NULL);
    ok(refused(err, &d, "already sold", "serials", 2) && d.index == g_size(),
       "batch: the same unit sold in two rows, naming the first");
    ok(check(&d, correction(sale, "did-not-occur"), SELL("500001", "2025-09-30T08:00+07:00"),
             NULL) == TXNG_OK,
       "batch: the first sale declared void, the unit may be sold");
    ok(check(&d, ev("sell", "lot=U1-S|weight=0.1kg|time=2025-09-30T08:00+07:00"),
             ev("sell", "lot=U1-S|weight=0.1kg|time=2025-09-30T09:00+07:00"), NULL) == TXNG_OK,
       "a lot is sold in parts: not checked");
#undef SELL
}

/* A product recalled for destruction, change of use or re-export is not sold, nor what was
 * made from it. */
static void
test_recalled(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  size = 0;

#define SELL(serial, time)          ev("sell", "serials=" serial "|gtin=08930000000033|time=" time)
#define RECALL(lot, handling, time) ev("recall", "lot=" lot "|reason=Pb|" handling "time=" time)
    add(H("V3", "RC", "10", "6", "2025-10-20T08:00+07:00", "")); /* 1 kg */
    add(ev("transform", "in=RC:1kg|out=RC-S:0.3kg|method=sấy|time=2025-10-21T08:00+07:00"));
    add(ev("pack", "lot=RC-S|gtin=08930000000033|serials=810001-810005"
                   "|time=2025-10-22T08:00+07:00"));
    ok(check(&d, RECALL("RC-S", "", "2025-10-23T08:00+07:00"),
             SELL("810001", "2025-10-24T08:00+07:00"), NULL) == TXNG_OK,
       "a hold (no --handling) does not stop a sale: txng records no end of it");
    ok(check(&d, RECALL("RC-S", "handling=fix|", "2025-10-23T08:00+07:00"),
             SELL("810001", "2025-10-24T08:00+07:00"), NULL) == TXNG_OK,
       "nor a recall to fix the product");
    if (txng_log_size(g_log, &size) != TXNG_OK)
        abort();
    err = check(&d, RECALL("RC-S", "handling=destroy|", "2025-10-23T08:00+07:00"),
                SELL("810001", "2025-10-24T08:00+07:00"), NULL);
    ok(refused(err, &d, "recalled for destruction, change of use or re-export", "serials", 2) &&
           valued(&d, "identifier", "RC-S") && d.has_index && d.index == size,
       "batch: a unit packed from a lot recalled for destruction is not sold, the recall named");
    add(RECALL("RC", "handling=change-use|", "2025-10-23T08:00+07:00"));
    err = check(&d, SELL("810002", "2025-10-24T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "may not be sold", "serials", 1) && valued(&d, "identifier", "RC") &&
           d.index == size,
       "two steps down from the harvest lot recalled for a change of use: refused");
    err = check(&d, ev("sell", "lot=RC-S|weight=0.1kg|time=2025-10-24T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "may not be sold", "lot", 1), "a sale of the dried lot by weight too");
    ok(check(&d, SELL("810002", "2025-10-22T09:00+07:00"), NULL, NULL) == TXNG_OK,
       "a sale before the recall passes (it is what the recall notifies)");
    err = check(&d, correction(size, "incorrect"), SELL("810002", "2025-10-24T08:00+07:00"), NULL);
    ok(refused(err, &d, "declare it void first", "serials", 2),
       "batch: a recall corrected as incorrect (not void) still holds the unit");
    ok(check(&d, correction(size, "did-not-occur"), SELL("810002", "2025-10-24T08:00+07:00"),
             NULL) == TXNG_OK,
       "batch: the recall declared void, the unit may be sold");
#undef RECALL
#undef SELL
}

/*
 * A recall that names a planting cohort stops what was made from it: the walk up from a
 * unit reaches the cohort through its harvest, and the cohort's recalls are found
 * whatever records (planting, treatments) name it before them.
 */
static void
test_recalled_cohort(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  size;

#define SELL(serial, time) ev("sell", "serials=" serial "|gtin=08930000000033|time=" time)
#define RECALL(cohort, handling, time)                                                             \
    ev("recall",                                                                                   \
       "id=urn:txng:" ORIGIN ":cohort:" cohort "|reason=tuyến trùng|" handling "time=" time)
    add(ev("plant", "cohort=V4|place=vuon-3|count=50|time=2019-10-20T08:00+07:00"));
    add(ev("treat", "cohort=V4|input=vôi bột|time=2024-10-20T08:00+07:00"));
    add(H("V4", "RK", "5", "6", "2025-10-20T08:00+07:00", ""));
    add(ev("pack", "lot=RK|gtin=08930000000033|serials=820001-820005"
                   "|time=2025-10-22T08:00+07:00"));
    size = g_size();
    err  = check(&d, RECALL("V4", "handling=destroy|", "2025-10-25T08:00+07:00"),
                 SELL("820001", "2025-10-26T08:00+07:00"), NULL);
    ok(refused(err, &d, "recalled for destruction, change of use or re-export", "serials", 2) &&
           valued(&d, "identifier", "V4") && d.has_index && d.index == size,
       "batch: a unit packed from the harvest of a cohort recalled for destruction is not "
       "sold, the cohort and the recall named");
    err = check(&d, SELL("820001", "2025-10-24T08:00+07:00"),
                RECALL("V4", "handling=re-export|", "2025-10-25T08:00+07:00"),
                SELL("820002", "2025-10-26T08:00+07:00"));
    ok(refused(err, &d, "may not be sold", "serials", 3) && d.index == size + 1,
       "batch: a recall after a row that read the cohort holds the rows after it");
    err = check(&d, RECALL("V4", "handling=destroy|", "2025-10-25T08:00+07:00"),
                ev("pack", "lot=RK|weight=0.1kg|gtin=08930000000033|serials=820009"
                           "|time=2025-10-26T08:00+07:00"),
                NULL);
    ok(refused(err, &d, "may not be packed", "lot", 2), "batch: nor is its harvest lot packed");
    ok(check(&d, RECALL("V4", "", "2025-10-25T08:00+07:00"),
             SELL("820001", "2025-10-26T08:00+07:00"), NULL) == TXNG_OK,
       "a hold of the cohort (no --handling) stops nothing");
    ok(check(&d, RECALL("V3", "handling=destroy|", "2025-10-25T08:00+07:00"),
             SELL("820001", "2025-10-26T08:00+07:00"), NULL) == TXNG_OK,
       "a recall of another cohort stops nothing");
    add(RECALL("V4", "handling=destroy|", "2025-10-25T08:00+07:00"));
    err = check(&d, SELL("820003", "2025-10-26T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "may not be sold", "serials", 1) && d.index == size,
       "the recall in the log, found after the planting and the treatment of the cohort");
    ok(check(&d, SELL("820003", "2025-10-24T08:00+07:00"), NULL, NULL) == TXNG_OK,
       "a sale before the recall passes");
    ok(check(&d, correction(size, "did-not-occur"), SELL("820003", "2025-10-26T08:00+07:00"),
             NULL) == TXNG_OK,
       "batch: the recall declared void, the unit may be sold");
#undef RECALL
#undef SELL
}

/* VietGAP: no harvest within the pre-harvest interval of a treatment of the cohort. */
static void
test_phi(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  size = 0, treat;
    char      corr[128];

    /* in one batch: the treatment, then a harvest 6 days later under a 10-day interval */
    if (txng_log_size(g_log, &size) != TXNG_OK)
        abort();
    err = check(&d, ev("treat", "cohort=V3|input=x|phi=10|time=2025-09-24T08:00+07:00"),
                H("V3", "LP1", "1", "6", "2025-09-30T08:00+07:00", ""), NULL);
    ok(refused(err, &d, "pre-harvest interval", "time", 2) &&
           valued(&d, "interval ends", "2025-10-04T01:00:00Z") && d.has_index && d.index == size,
       "a harvest within the interval of a treatment in the same batch is refused, the "
       "treatment named by the index it would have");
    ok(check(&d, ev("treat", "cohort=V3|input=x|phi=10|time=2025-09-24T08:00+07:00"),
             H("V3", "LP1", "1", "6", "2025-10-04T08:00+07:00", ""), NULL) == TXNG_OK,
       "at the interval's end the harvest passes");
    /* in the log: a cohort of its own, so that the other tests' harvests are not held */
    add(ev("plant", "cohort=VP|place=vuon-3|count=10|time=2019-10-20T08:00+07:00"));
    add(ev("treat", "cohort=VP|input=x|phi=30|time=2025-09-01T08:00+07:00"));
    if (txng_log_size(g_log, &size) != TXNG_OK)
        abort();
    treat = size - 1;
    err   = check(&d, H("VP", "LP2", "1", "6", "2025-09-15T08:00+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "pre-harvest interval", "time", 1), "a harvest 14 days after: refused");
    ok(check(&d, H("VP", "LP2", "1", "6", "2025-10-01T08:00+07:00", ""), NULL, NULL) == TXNG_OK,
       "30 days after: passes");
    ok(check(&d, ev("treat", "cohort=VP|input=x|time=2025-09-02T08:00+07:00"),
             H("VP", "LP2", "1", "6", "2025-10-01T08:00+07:00", ""), NULL) == TXNG_OK,
       "a treatment without an interval holds nothing");
    /* a treatment declared void holds nothing either */
    snprintf(corr, sizeof corr,
             "corrects=%" PRIu64 "|reason=did-not-occur|time=2025-09-03T08:00+07:00", treat);
    add(ev("correct", corr));
    ok(check(&d, H("VP", "LP2", "1", "6", "2025-09-15T08:00+07:00", ""), NULL, NULL) == TXNG_OK,
       "once the treatment is declared void, the harvest passes");
}

#define PH(lot, roots, age, time)                                                                   \
    ev("harvest", "plot=vuon-20|lot=" lot "|weight=1kg|roots=" roots "|age=" age "|time=" time)

/*
 * A harvest that names the plot and no cohort draws on the cohorts planted at
 * the plot: their roots left together, the earliest planting, the oldest
 * possible age, the pre-harvest intervals of their treatments and of those
 * done at the plot. A harvest of one cohort there is held to what the plot's
 * harvests leave too. Run last: its treatments would hold other tests' harvests.
 */
static void
test_plot_harvest(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  treat;

    add(ev("place", "name=Vườn 20|code=vuon-20"));
    add(ev("place", "name=Vườn 21|code=vuon-21"));
    err = check(&d, ev("harvest", "plot=vuon-21|lot=LQ1|weight=1kg|roots=1|age=6|"
                                  "time=2025-09-20T07:30+07:00"),
                NULL, NULL);
    ok(refused(err, &d, "nothing in this log was planted at this plot", "plot", 1),
       "harvest of a plot where nothing was planted: refused");
    ok(check(&d, ev("plant", "cohort=Q21|place=vuon-21|count=5|time=2019-10-20T08:00+07:00"),
             ev("harvest", "plot=vuon-21|lot=LQ1|weight=1kg|roots=5|age=6|"
                           "time=2025-09-20T07:30+07:00"),
             NULL) == TXNG_OK,
       "batch: a planting at the plot, then a harvest of the plot");
    add(ev("plant", "cohort=QA|place=vuon-20|count=30|time=2019-10-20T08:00+07:00"));
    add(ev("plant", "cohort=QB|place=vuon-20|count=20|time=2021-10-20T08:00+07:00"));
    err = check(&d, PH("LQ1", "31", "6", "2020-10-20T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "cohorts planted at the plot leave", "roots", 1) &&
           valued(&d, "roots left", "30"),
       "a cohort planted after the plot harvest does not count for it");
    err = check(&d, PH("LQ1", "1", "6", "2019-10-19T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "before the first planting at its plot", "time", 1),
       "plot harvest before any planting there: refused");
    err = check(&d, PH("LQ1", "51", "6", "2025-09-20T07:30+07:00"), NULL, NULL);
    ok(refused(err, &d, "cohorts planted at the plot leave", "roots", 1) &&
           valued(&d, "roots left", "50"),
       "51 roots of 30 + 20 planted: refused");
    ok(check(&d, PH("LQ1", "50", "6", "2025-09-20T07:30+07:00"), NULL, NULL) == TXNG_OK,
       "50 roots of 30 + 20 planted pass");
    /* the earliest planting, 2019-10-20: 5 whole years + 3 nursery years = 8 */
    err = check(&d, PH("LQ1", "1", "9", "2025-09-20T07:30+07:00"), NULL, NULL);
    ok(refused(err, &d, "since the first planting at the plot", "age", 1) &&
           valued(&d, "oldest possible age", "8"),
       "plot harvest age 9 after 5 years: refused");
    err = check(&d, PH("LQ1", "30", "6", "2025-09-20T07:30+07:00"),
                PH("LQ2", "21", "6", "2025-09-20T08:30+07:00"), NULL);
    ok(refused(err, &d, "cohorts planted at the plot leave", "roots", 2) &&
           valued(&d, "roots left", "20"),
       "batch: a plot harvest of 30, then 21 more: refused");
    add(PH("LQ1", "30", "6", "2025-09-20T07:30+07:00"));
    err = check(&d, H("QA", "LQ3", "21", "6", "2025-09-21T07:30+07:00", ""), NULL, NULL);
    ok(refused(err, &d, "cohorts planted at the plot leave", "roots", 1) &&
           valued(&d, "roots left", "20"),
       "a cohort harvest after a plot harvest: held to what the plot leaves");
    ok(check(&d, H("QA", "LQ3", "20", "6", "2025-09-21T07:30+07:00", ""), NULL, NULL) == TXNG_OK,
       "20 of the plot's 20 left pass");
    /* one cohort counted after the plot harvest: the harvest may have come from the other */
    add(ev("stand-count", "cohort=QA|plants=30|time=2025-09-22T07:00+07:00"));
    err = check(&d, PH("LQ4", "21", "6", "2025-09-23T07:30+07:00"), NULL, NULL);
    ok(refused(err, &d, "cohorts planted at the plot leave", "roots", 1),
       "one cohort counted since: the plot harvest still counts");
    add(ev("stand-count", "cohort=QB|plants=20|time=2025-09-22T07:00+07:00"));
    ok(check(&d, PH("LQ4", "50", "6", "2025-09-23T07:30+07:00"), NULL, NULL) == TXNG_OK,
       "every cohort counted since: the counts stand for the plot");
    /* a treatment of a cohort planted there, and one of another cohort done at the plot */
    add(ev("treat", "cohort=QB|input=x|phi=10|time=2025-09-24T08:00+07:00"));
    treat = g_size() - 1;
    err   = check(&d, PH("LQ4", "1", "6", "2025-09-30T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "pre-harvest interval of a treatment at its plot", "time", 1) &&
           valued(&d, "interval ends", "2025-10-04T01:00:00Z") && d.has_index &&
           d.index == treat,
       "plot harvest within the interval of a treatment of a cohort there: refused");
    add(ev("treat", "cohort=V3|place=vuon-20|input=x|phi=20|time=2025-09-25T08:00+07:00"));
    treat = g_size() - 1;
    err   = check(&d, PH("LQ4", "1", "6", "2025-10-05T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "pre-harvest interval of a treatment at its plot", "time", 1) &&
           d.has_index && d.index == treat,
       "plot harvest within the interval of a treatment done at the plot: refused");
    ok(check(&d, PH("LQ4", "1", "6", "2025-10-15T08:00+07:00"), NULL, NULL) == TXNG_OK,
       "after both intervals the plot harvest passes");
}

/* A lot is not taken by transformations beyond the mass made or received of it. */
static void
test_lot_balance(void)
{
    txng_diag d;
    txng_err  err;
    uint64_t  size = 0;
    char      corr[128];

#define TR(in, out, time) ev("transform", "in=" in "|out=" out "|method=x|time=" time)
    add(H("V3", "LB", "1", "6", "2025-10-20T08:00+07:00", "")); /* 1 kg */
    err = check(&d, TR("LB:0.6kg", "LB-1:0.3kg", "2025-10-21T08:00+07:00"),
                TR("LB:0.5kg", "LB-2:0.2kg", "2025-10-21T09:00+07:00"), NULL);
    ok(refused(err, &d, "more of the lot than was made", "in", 2) &&
           valued(&d, "left of the lot", "0.400 kg"),
       "two transformations of one batch taking 1.1 kg of a 1 kg lot: the second refused");
    add(TR("LB:0.6kg", "LB-1:0.3kg", "2025-10-21T08:00+07:00"));
    if (txng_log_size(g_log, &size) != TXNG_OK)
        abort();
    ok(check(&d, TR("LB:400g", "LB-2:200g", "2025-10-21T09:00+07:00"), NULL, NULL) == TXNG_OK,
       "the 400 g left, in grams, pass");
    err = check(&d, TR("LB:0.401kg", "LB-2:0.2kg", "2025-10-21T09:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "more of the lot than was made", "in", 1),
       "401 g of the 400 g left: refused");
    ok(check(&d, TR("LB-X:1kg", "LB-2:0.2kg", "2025-10-21T09:00+07:00"), NULL, NULL) != TXNG_OK,
       "a lot nothing made is refused by the other rules, not here");
    snprintf(corr, sizeof corr,
             "corrects=%" PRIu64 "|reason=did-not-occur|time=2025-10-22T08:00+07:00", size - 1);
    add(ev("correct", corr));
    ok(check(&d, TR("LB:0.9kg", "LB-2:0.2kg", "2025-10-22T09:00+07:00"), NULL, NULL) == TXNG_OK,
       "once the first transformation is declared void, 0.9 kg pass");

    /* washing and grading and packing take from a lot as a transformation does */
    add(H("V3", "LW", "20", "6", "2025-10-20T08:00+07:00", "")); /* 1 kg */
    add(ev("wash-grade", "in=LW:1kg|out=LW-A:0.6kg|out=LW-B:0.4kg|time=2025-10-21T08:00+07:00"));
    err = check(&d, ev("wash-grade", "in=LW:1kg|out=LW-C:1kg|time=2025-10-21T09:00+07:00"), NULL,
                NULL);
    ok(refused(err, &d, "more of the lot than was made", "in", 1) &&
           valued(&d, "left of the lot", "0.000 kg"),
       "a lot washed and graded whole cannot be graded again");
    err = check(&d, TR("LW:0.5kg", "LW-T:0.1kg", "2025-10-21T09:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "more of the lot than was made", "in", 1),
       "nor dried after it was graded whole");
    err = check(&d,
                ev("pack", "lot=LW-A|weight=0.4kg|gtin=08930000000033|serials=700001-700008"
                           "|time=2025-10-22T08:00+07:00"),
                ev("pack", "lot=LW-A|weight=0.4kg|gtin=08930000000033|serials=700009-700016"
                           "|time=2025-10-22T09:00+07:00"),
                NULL);
    ok(refused(err, &d, "less what earlier steps took: check --weight", "weight", 2) &&
           valued(&d, "left of the lot", "0.200 kg"),
       "two packs of 0.4 kg of a 0.6 kg grade: the second refused");
    err = check(&d, TR("LW-B:0.4kg", "LW-B-S:0.1kg", "2025-10-22T08:00+07:00"),
                ev("pack", "lot=LW-B|weight=0.1kg|gtin=08930000000033|serials=700017-700018"
                           "|time=2025-10-22T09:00+07:00"),
                NULL);
    ok(refused(err, &d, "less what earlier steps took: check --weight", "weight", 2),
       "a pack of a grade dried whole in the same batch: refused");

    /* a receipt of a lot made here moves it: it adds no mass */
    add(ev("receive", "lot=LW-B|weight=0.4kg|from=farm|place=vuon-3|time=2025-10-21T10:00+07:00"));
    err = check(&d, TR("LW-B:0.8kg", "LW-B-S:0.2kg", "2025-10-22T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "more of the lot than was made", "in", 1) &&
           valued(&d, "left of the lot", "0.400 kg"),
       "0.4 kg graded, then received by the cooperative: still 0.4 kg, not 0.8 kg");
    ok(check(&d, TR("LW-B:0.4kg", "LW-B-S:0.1kg", "2025-10-22T08:00+07:00"), NULL, NULL) == TXNG_OK,
       "the 0.4 kg made pass");
    /* a lot bought in, made nowhere here: its receipts add up */
    add(ev("receive", "lot=LR|weight=2kg|from=farm|place=vuon-3|time=2025-10-21T10:00+07:00"));
    add(ev("receive", "lot=LR|weight=1kg|from=farm|place=vuon-3|time=2025-10-21T11:00+07:00"));
    ok(check(&d, TR("LR:3kg", "LR-S:0.7kg", "2025-10-22T08:00+07:00"), NULL, NULL) == TXNG_OK,
       "a lot received twice, 2 kg and 1 kg, made nowhere here: 3 kg pass");
    err = check(&d, TR("LR:3.1kg", "LR-S:0.7kg", "2025-10-22T08:00+07:00"), NULL, NULL);
    ok(refused(err, &d, "more of the lot than was made", "in", 1) &&
           valued(&d, "left of the lot", "3.000 kg"),
       "3.1 kg of it: refused");
#undef TR
}

int
main(void)
{
    setup();
    test_args();
    test_harvest();
    test_gi();
    test_overlay();
    test_long_batch();
    test_ids();
    test_pack();
    test_correct();
    test_other();
    test_stand_count();
    test_time_order();
    test_void();
    test_gi_certificate();
    test_stamps();
    test_stamp_find();
    test_claim_codes_signer(); /* late: it enrols a key, moving later record numbers */
    test_correct_signer();
    test_void_used();
    test_sold_once();
    test_recalled();
    test_recalled_cohort();
    test_phi();
    test_lot_balance();
    test_plot_harvest();
    teardown();
    return tap_done();
}
