/*
 * test_claim.c - claim codes: codes, salted hashes, claim-codes and claim records, refusals,
 * the back-off after wrong codes
 *
 * The hash known answer was computed outside txng with Python's
 * `cryptography` (Argon2id(salt=bytes(range(16)), length=32, iterations=3,
 * lanes=1, memory_cost=4096).derive(b"4KX92PQM")).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/bundle.h"
#include "core/claim.h"
#include "core/event.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "core/rules.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN "example.org/claim-test"
#define T0     1700000000
#define UNIT(s) "https://id.gs1.org/01/08930000000033/21/" s
#define WHEN   "2025-10-02T19:00:00+07:00"

static const char known_hash[] =
    "AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2";

static char         tmp_root[] = "/tmp/txng-claim-XXXXXX";
static txng_log    *g_log;
static txng_signer *g_logkey, *g_packer;

static json_t *
ev(const char *step, const char *spec)
{
    txng_kde_value v[32];
    char          *copy = strdup(spec), *save = NULL, *tok;
    size_t         n    = 0;
    json_t        *out  = NULL;
    txng_diag      d    = TXNG_DIAG_INIT;

    for (tok = strtok_r(copy, "|", &save); tok != NULL && n < 32;
         tok = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(tok, '=');

        *eq          = '\0';
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

static void
add(json_t *e)
{
    if (txng_log_append_as(g_log, g_logkey, g_packer, &e, 1, T0 + 100, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(e);
}

static bool
reason_is(const txng_diag *d, const char *r)
{
    if (d->reason == NULL || strcmp(d->reason, r) != 0) {
        printf("# reason \"%s\", want \"%s\"\n", d->reason ? d->reason : "(null)", r);
        return false;
    }
    return true;
}

static void
setup(void)
{
    char    dir[sizeof tmp_root + 8], vkey[TXNG_VKEY_MAX], *kf = NULL;
    size_t  kf_len;
    json_t *en, *se = NULL;

    if (mkdtemp(tmp_root) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(dir, sizeof dir, "%s/log", tmp_root);
    g_logkey = signer(ORIGIN, 1);
    g_packer = signer("packer", 2);
    if (txng_keyfile_write(g_logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&g_log, dir, ORIGIN, g_logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    txng_pubkey_format(txng_signer_pubkey(g_packer), vkey);
    en = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "packer");
    if (txng_event_sign(&se, en, g_logkey, NULL) != TXNG_OK ||
        txng_log_append(g_log, g_logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(en);
    json_decref(se);
    /* 2, 3: lots received; 4: units 000001-000005 packed from L1; 5: 000010-000011 from L2 */
    add(ev("receive", "lot=L1|from=coop|place=kho|time=2025-09-21T09:00+07:00"));
    add(ev("receive", "lot=L2|from=coop|place=kho|time=2025-09-21T09:00+07:00"));
    add(ev("pack", "lot=L1|gtin=08930000000033|serials=000001-000005|"
                   "time=2025-09-26T14:00+07:00"));
    add(ev("pack", "lot=L2|gtin=08930000000033|serials=000010-000011|"
                   "time=2025-09-26T14:00+07:00"));
}

static void
test_codes(void)
{
    char      code[TXNG_CLAIM_CODE_LEN + 1], shown[TXNG_CLAIM_SHOWN_MAX];
    char      h[TXNG_CLAIM_STORED_LEN + 1], h2[TXNG_CLAIM_STORED_LEN + 1];
    unsigned  seen[256] = { 0 };
    bool      good      = true;
    unsigned char salt[TXNG_CLAIM_SALT_BYTES];
    txng_diag d = TXNG_DIAG_INIT;

    ok(strlen(TXNG_CLAIM_ALPHABET) == 31 && strpbrk(TXNG_CLAIM_ALPHABET, "01ILO") == NULL,
       "alphabet: 31 characters, no 0, 1, I, L, O");
    for (int i = 0; i < 2000; i++) {
        if (txng_claim_code_new(code) != TXNG_OK || strlen(code) != 8 ||
            strspn(code, TXNG_CLAIM_ALPHABET) != 8)
            good = false;
        for (size_t j = 0; j < 8; j++)
            seen[(unsigned char) code[j]]++;
    }
    ok(good, "2000 new codes: 8 characters of the alphabet");
    good = true;
    for (const char *a = TXNG_CLAIM_ALPHABET; *a != '\0'; a++)
        good &= seen[(unsigned char) *a] > 300 && seen[(unsigned char) *a] < 740;
    ok(good, "every character drawn about 16000/31 times");

    txng_claim_code_show(shown, "4KX92PQM");
    ok(strcmp(shown, "4KX9-2PQM") == 0, "shown in two groups of four");
    ok(txng_claim_code_parse(code, "4kx9 2pqm", 9, &d) == TXNG_OK && strcmp(code, "4KX92PQM") == 0,
       "typed in lower case with a space");
    ok(txng_claim_code_parse(code, "4KX9-2PQM", 9, &d) == TXNG_OK && strcmp(code, "4KX92PQM") == 0,
       "typed as shown");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_claim_code_parse(code, "4KX9-2PQ0", 9, &d) == TXNG_EFORMAT && code[0] == '\0' &&
           reason_is(&d, "character not in the claim-code alphabet (no 0, 1, I, L, O)") &&
           d.offset == 9 && strcmp(d.field, "code") == 0,
       "a 0 is refused with its position");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_claim_code_parse(code, "4KX9 \xc4\x90PQM", 10, &d) == TXNG_EFORMAT &&
           d.offset == 6,
       "a Vietnamese letter is refused at its position in characters");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_claim_code_parse(code, "4KX9", 4, &d) == TXNG_EFORMAT &&
           reason_is(&d, "a claim code has 8 characters"),
       "too short");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_claim_code_parse(code, "4KX9-2PQMM", 10, &d) == TXNG_EFORMAT &&
           reason_is(&d, "a claim code has 8 characters"),
       "too long");

    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (unsigned char) i;
    ok(txng_claim_hash(h, "4KX92PQM", salt) == TXNG_OK && strcmp(h, known_hash) == 0,
       "hash known answer (Argon2id, salt 00..0f)");
    ok(txng_claim_hash_check(known_hash, "4KX92PQM") == TXNG_OK, "the code matches its hash");
    ok(txng_claim_hash_check(known_hash, "4KX92PQN") == TXNG_EBADSIG, "another code does not");
    ok(txng_claim_hash(h, "4KX92PQM", NULL) == TXNG_OK &&
           txng_claim_hash(h2, "4KX92PQM", NULL) == TXNG_OK && strcmp(h, h2) != 0 &&
           strlen(h) == TXNG_CLAIM_STORED_LEN,
       "random salts: one code, two hashes");
    ok(txng_claim_hash_check("short", "4KX92PQM") == TXNG_EFORMAT, "a stored hash too short");
    ok(txng_claim_hash_check(known_hash, "4kx92pqm") == TXNG_EINVAL &&
           txng_claim_hash(h, "4KX92PQ", NULL) == TXNG_EINVAL && txng_claim_code_new(NULL) == TXNG_EINVAL,
       "codes not normalised: EINVAL");
}

static bool
record_has(uint64_t index, const char *text)
{
    char  *bytes = NULL;
    size_t len   = 0;
    bool   has;

    if (txng_log_get(g_log, index, &bytes, &len) != TXNG_OK)
        return false;
    has = false;
    for (size_t i = 0; !has && i + strlen(text) <= len; i++)
        has = memcmp(bytes + i, text, strlen(text)) == 0;
    free(bytes);
    return has;
}

/* A claim of @p unit with @p code recorded (if at all) at @p now. */
static txng_claim_outcome
claim_at(const char *unit, const char *code, int64_t now, txng_claim_info *info, uint64_t *index)
{
    txng_claim_outcome o = (txng_claim_outcome) 99;
    txng_diag          d = TXNG_DIAG_INIT;
    txng_err err = txng_claim_check_and_record(g_log, g_logkey, g_packer, unit, code, WHEN, now, &o,
                                               info, index, &d);

    if (err != TXNG_OK)
        printf("# claim error %d: %s (%s)\n", err, d.reason ? d.reason : "", d.field);
    return err == TXNG_OK ? o : (txng_claim_outcome) 98;
}

static txng_claim_outcome
claim(const char *unit, const char *code, txng_claim_info *info, uint64_t *index)
{
    return claim_at(unit, code, T0 + 200, info, index);
}

static uint64_t
log_size(void)
{
    uint64_t size = 0;

    if (txng_log_size(g_log, &size) != TXNG_OK)
        abort();
    return size;
}

static void
test_log(void)
{
    const char *units[] = { UNIT("000001"), UNIT("000002"), UNIT("000003") };
    const char *codes[] = { "4KX92PQM", "23456789", "ZZZZZZZZ" };
    const char *bad[]   = { UNIT("000099") };
    txng_claim_info info;
    txng_diag       d = TXNG_DIAG_INIT;
    uint64_t        idx = 0, size0 = 0, size1 = 0;

    ok(txng_claim_register(g_log, g_logkey, g_packer, bad, codes, 1, WHEN, T0 + 150, NULL, &d) ==
               TXNG_EFORMAT &&
           reason_is(&d, "nothing in this log packed this unit: claim codes are registered for "
                         "units packed here") &&
           strcmp(d.field, "id") == 0,
       "register a unit never packed: refused");
    ok(txng_claim_register(g_log, g_logkey, g_packer, units, codes, 3, WHEN, T0 + 150, &idx,
                           NULL) == TXNG_OK && idx == 6,
       "register codes for 3 units: record 6");
    ok(!record_has(6, "4KX92PQM") && !record_has(6, "23456789") && record_has(6, "claimHashes") &&
           record_has(6, "urn:txng:bizstep:claim-codes"),
       "the claim-codes record holds hashes, never the codes");

    ok(txng_claim_info_get(g_log, UNIT("000001"), &info) == TXNG_OK && info.packed &&
           info.pack_index == 4 && info.has_codes && info.codes_index == 6 && !info.claimed &&
           !info.recalled && strcmp(info.lot, "urn:txng:example.org/claim-test:lot:L1") == 0,
       "info: packed at 4 from L1, codes at 6");

    ok(claim(UNIT("000001"), "4KX92PQN", &info, &idx) == TXNG_CLAIM_WRONG_CODE && info.wrong == 1 &&
           info.refused == 1 && idx == 7 && !record_has(7, "4KX92PQN") &&
           record_has(7, "wrong-code"),
       "wrong code: refused, recorded without the code, counted");
    ok(claim(UNIT("000001"), "4KX92PQM", &info, &idx) == TXNG_CLAIM_CLAIMED && info.claimed &&
           info.claim_index == 8 && strcmp(info.claimed_at, "2025-10-02T19:00:00+07:00") == 0 &&
           record_has(8, "\"txng:claimCode\":\"4KX92PQM\""),
       "right code: claimed, the spent code kept so anyone can check the claim");
    ok(claim(UNIT("000001"), "4KX92PQM", &info, &idx) == TXNG_CLAIM_ALREADY && info.claimed &&
           info.claim_index == 8 && info.refused == 2 && idx == 9,
       "second claim: already claimed (when), recorded and counted");
    ok(claim(UNIT("000099"), "4KX92PQM", &info, NULL) == TXNG_CLAIM_UNKNOWN && !info.packed,
       "unknown unit: refused");
    ok(claim(UNIT("000004"), "4KX92PQM", &info, NULL) == TXNG_CLAIM_NO_CODES && info.packed &&
           !info.has_codes,
       "packed unit without codes: refused");

    /* After TXNG_CLAIM_MAX_REFUSED wrong codes, a wait (test_backoff() has the windows). */
    for (int i = 0; i < TXNG_CLAIM_MAX_REFUSED; i++)
        (void) claim(UNIT("000003"), "ZZZZZZZY", &info, NULL);
    ok(info.wrong == TXNG_CLAIM_MAX_REFUSED && info.retry_at == T0 + 200 + 60,
       "ten wrong codes counted: the next attempt is taken 60 s after the tenth");
    if (txng_log_size(g_log, &size0) != TXNG_OK)
        abort();
    ok(claim(UNIT("000003"), "ZZZZZZZZ", &info, NULL) == TXNG_CLAIM_WAIT,
       "at once: wait, even with the right code");
    ok(txng_log_size(g_log, &size1) == TXNG_OK && size1 == size0,
       "attempts inside the window are not recorded");

    /* Replacing codes: allowed before a claim, refused after. */
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_claim_register(g_log, g_logkey, g_packer, units, codes, 1, WHEN, T0 + 300, NULL, &d) ==
               TXNG_EFORMAT &&
           reason_is(&d, "already claimed: its claim code cannot be replaced"),
       "new codes for a claimed unit: refused");
    {
        const char *u3[] = { UNIT("000003") };
        const char *c3[] = { "33333333" };

        ok(txng_claim_register(g_log, g_logkey, g_packer, u3, c3, 1, WHEN, T0 + 300, NULL, NULL) ==
                   TXNG_OK &&
               txng_claim_info_get(g_log, UNIT("000003"), &info) == TXNG_OK && info.refused == 0 &&
               info.wrong == 0 && info.last_wrong_at == 0 && info.retry_at == 0,
           "reprinted codes reset the count and the wait");
        ok(claim(UNIT("000003"), "ZZZZZZZZ", &info, NULL) == TXNG_CLAIM_WRONG_CODE &&
               claim(UNIT("000003"), "33333333", &info, NULL) == TXNG_CLAIM_CLAIMED,
           "old code refused, new code claims");
    }

    /* Recall of the lot a unit was packed from. */
    {
        const char *u10[] = { UNIT("000010") };
        const char *c10[] = { "45674567" };

        ok(txng_claim_register(g_log, g_logkey, g_packer, u10, c10, 1, WHEN, T0 + 300, NULL, NULL) ==
               TXNG_OK, "codes for unit 10");
        add(ev("recall", "lot=L2|reason=mould|time=2025-10-01T08:00+07:00"));
        ok(claim(UNIT("000010"), "45674567", &info, NULL) == TXNG_CLAIM_RECALLED && info.recalled &&
               strcmp(info.recalled_at, "2025-10-01T08:00:00+07:00") == 0,
           "unit of a recalled lot: refused, with the recall's time");
    }

    /* The rules check hand-made claim records too. */
    {
        json_t *e;

        e = ev("claim", "id=" UNIT("000002") "|result=claimed|code=23456788|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "the claim code does not match the unit's") &&
               strcmp(d.field, "code") == 0,
           "rules: a claim with a wrong code");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000002") "|result=claimed|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "a claim keeps the code it was made with: give --code"),
           "rules: a claim without its code");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000002") "|result=wrong-code|code=23456788|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "a refused claim does not keep the code"),
           "rules: a refused claim that keeps a code");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000002") "|result=already-claimed|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "the unit is not claimed yet"),
           "rules: already-claimed of an unclaimed unit");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000004") "|result=wrong-code|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "no claim code was registered for this unit"),
           "rules: a claim of a unit without codes");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000002") "|result=claimed|code=4kx92pqm|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "not a claim code: 8 characters of the claim-code alphabet"),
           "rules: a code not normalised");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000001") "|result=claimed|code=4KX92PQM|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "already claimed"),
           "rules: a second successful claim");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000099") "|result=wrong-code|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "nothing in this log packed this unit: claim codes are registered "
                             "for units packed here"),
           "rules: a claim of a unit never packed");
        json_decref(e);
        e = ev("claim", "id=" UNIT("000002") "|result=wrong-code|time=" WHEN);
        json_array_append_new(json_object_get(e, "epcList"), json_string(UNIT("000001")));
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "a claim names exactly one unit"),
           "rules: a claim of two units");
        json_decref(e);
        e = ev("claim-codes", "id=" UNIT("000005") "|hash=abc|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "not a claim-code hash: 64 base64url characters expected"),
           "rules: a malformed hash");
        json_decref(e);
        e = ev("claim-codes", "id=" UNIT("000005") "|id=" UNIT("000004") "|hash=" "AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2" "|time=" WHEN);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_rules_check_state(g_log, (const json_t *const *) &e, 1, &d) == TXNG_EFORMAT &&
               reason_is(&d, "give one hash per unit, in the order of the units"),
           "rules: fewer hashes than units");
        json_decref(e);
    }
    {
        txng_claim_outcome o;

        ok(txng_claim_check_and_record(g_log, g_logkey, g_packer, UNIT("000002"), "bad", WHEN,
                                       T0, &o, NULL, NULL, NULL) == TXNG_EINVAL &&
               txng_claim_register(g_log, g_logkey, g_packer, units, codes, 0, WHEN, T0, NULL,
                                   NULL) == TXNG_EINVAL &&
               txng_claim_info_get(NULL, UNIT("000002"), &info) == TXNG_EINVAL,
           "bad arguments: EINVAL");
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_claim_check_and_record(g_log, g_logkey, g_packer, UNIT("000002"), "23456789",
                                       "2025-10-02 19:00", T0, &o, NULL, NULL, &d) ==
               TXNG_EFORMAT,
           "a time without an offset: refused");
        ok(strcmp(txng_claim_outcome_name(TXNG_CLAIM_ALREADY), "already claimed") == 0 &&
               strcmp(txng_claim_outcome_name((txng_claim_outcome) 42), "unknown outcome") == 0,
           "outcome names");
    }
}

/*
 * After test_log(): the back-off, with explicit "recorded" times. Unit 2
 * (code 23456789) gets wrong codes until the window is capped, then the right
 * one; unit 5 is locked by wrong codes and freed by reprinted codes.
 */
static void
test_backoff(void)
{
    const char     *u2 = UNIT("000002"), *u5[] = { UNIT("000005") };
    const char     *c5[] = { "55555555" }, *c5new[] = { "66666666" };
    const int64_t   b = T0 + 1000; /* after every record of test_log() */
    int64_t         at, window[23] = { 0 };
    txng_claim_info info;
    uint64_t        size, idx = 0;
    bool            all = true;

    ok(txng_claim_retry_at(0, 0) == 0 && txng_claim_retry_at(9, b) == 0 &&
           txng_claim_retry_at(10, b) == b + 60 && txng_claim_retry_at(11, b) == b + 120 &&
           txng_claim_retry_at(20, b) == b + 61440 && txng_claim_retry_at(21, b) == b + 86400 &&
           txng_claim_retry_at(UINT32_MAX, b) == b + 86400 &&
           txng_claim_retry_at(UINT32_MAX, INT64_MAX - 5) == INT64_MAX,
       "retry_at: none below 10 wrong codes, then 60 s doubling, capped at 24 h, no overflow");

    /* Reprinted codes end the wait: the new code claims at once. */
    ok(txng_claim_register(g_log, g_logkey, g_packer, u5, c5, 1, WHEN, b, NULL, NULL) == TXNG_OK,
       "codes for unit 5");
    for (int i = 0; i < TXNG_CLAIM_MAX_REFUSED; i++)
        (void) claim_at(u5[0], "22222222", b, &info, NULL);
    ok(claim_at(u5[0], "55555555", b + 1, &info, NULL) == TXNG_CLAIM_WAIT,
       "unit 5 after ten wrong codes: wait");
    ok(txng_claim_register(g_log, g_logkey, g_packer, u5, c5new, 1, WHEN, b + 1, NULL, NULL) ==
               TXNG_OK &&
           claim_at(u5[0], "66666666", b + 1, &info, NULL) == TXNG_CLAIM_CLAIMED,
       "reprinted codes: the new code claims without waiting");

    /* Ten wrong codes in one second: each checked and recorded. */
    at = b + 10;
    for (unsigned i = 1; i <= TXNG_CLAIM_MAX_REFUSED; i++)
        all = all && claim_at(u2, "22222222", at, &info, &idx) == TXNG_CLAIM_WRONG_CODE &&
              info.wrong == i && idx == log_size() - 1 &&
              info.retry_at == (i < TXNG_CLAIM_MAX_REFUSED ? 0 : at + 60);
    ok(all && info.last_wrong_at == at && !info.claimed,
       "ten wrong codes at once: recorded; the tenth opens a window of 60 s");

    size = log_size();
    ok(claim_at(u2, "23456789", at + 59, &info, &idx) == TXNG_CLAIM_WAIT &&
           info.retry_at == at + 60 && info.wrong == 10 && !info.claimed,
       "the 11th attempt 59 s later: wait until the window ends, even with the right code");
    ok(claim_at(u2, "22222222", at - 5, &info, NULL) == TXNG_CLAIM_WAIT,
       "a time before the last wrong code (a clock stepped back): wait");
    ok(log_size() == size, "attempts inside the window: nothing recorded");

    ok(claim_at(u2, "22222222", at + 60, &info, &idx) == TXNG_CLAIM_WRONG_CODE && idx == size &&
           info.wrong == 11 && info.last_wrong_at == at + 60 && info.retry_at == at + 60 + 120,
       "a wrong code when the window ends: checked, recorded, and the window doubles to 120 s");
    at += 60;
    ok(claim_at(u2, "23456789", at + 119, &info, NULL) == TXNG_CLAIM_WAIT && log_size() == size + 1,
       "inside the doubled window: wait, nothing recorded");

    /* A wrong code at the start of each window, up to the cap. */
    window[11] = 120;
    all        = true;
    for (unsigned w = 12; w <= 22; w++) {
        int64_t start = info.retry_at;

        all = all && claim_at(u2, "22222222", start, &info, NULL) == TXNG_CLAIM_WRONG_CODE &&
              info.wrong == w && info.last_wrong_at == start;
        window[w] = info.retry_at - start;
    }
    ok(all && window[12] == 240 && window[19] == 30720 && window[20] == 61440,
       "each wrong code after the window doubles it: 240 s after the 12th, 61440 s after the "
       "20th");
    ok(window[21] == TXNG_CLAIM_BACKOFF_MAX && window[22] == 86400,
       "capped at 24 h from the 21st wrong code on");
    at   = info.retry_at;
    size = log_size();
    ok(claim_at(u2, "23456789", at - 1, &info, NULL) == TXNG_CLAIM_WAIT && info.retry_at == at &&
           log_size() == size,
       "one second before the capped window ends: wait, nothing recorded");
    ok(claim_at(u2, "23456789", at, &info, &idx) == TXNG_CLAIM_CLAIMED && info.claimed &&
           info.claim_index == size && log_size() == size + 1,
       "the right code when the window ends: claimed");
    size = log_size();
    ok(claim_at(u2, "23456789", at + 1, &info, NULL) == TXNG_CLAIM_ALREADY &&
           claim_at(u2, "22222222", at + 1, &info, NULL) == TXNG_CLAIM_ALREADY &&
           info.claim_index == size - 1 && log_size() == size,
       "then already claimed, whatever the code; not recorded past ten refused attempts");
}

/* ---- the state of a unit from a bundle ---------------------------------------------------- */

struct buf {
    char  *p;
    size_t len;
};

static txng_err
buf_write(void *ctx, const void *data, size_t len)
{
    struct buf *b = ctx;
    char       *p = realloc(b->p, b->len + len);

    if (p == NULL)
        return TXNG_ENOMEM;
    memcpy(p + b->len, data, len);
    b->p = p;
    b->len += len;
    return TXNG_OK;
}

/* A bundle of @p sel written from the test log, verified, and its records. */
static bool
bundle_of(enum txng_bundle_kind kind, const char *id, txng_bundle_result *res, txng_record ***recs,
          size_t *n)
{
    txng_bundle_sel sel = { 0 };
    const uint64_t  pick[] = { 4, 8 };
    uint64_t       *idx    = NULL;
    size_t          nidx   = 0;
    struct buf      b      = { NULL, 0 };
    txng_bundle_mem m;
    bool            good;

    sel.kind = kind;
    sel.id   = id;
    sel.from = "2025-10-01";
    sel.to   = "2025-10-31";
    sel.idx  = pick;
    sel.nidx = 2;
    memset(res, 0, sizeof *res);
    good = txng_bundle_select(g_log, &sel, &idx, &nidx, NULL) == TXNG_OK &&
           txng_bundle_write(g_log, &sel, kind == TXNG_BUNDLE_ALL ? NULL : idx, nidx, NULL,
                             buf_write, &b) == TXNG_OK;
    m    = (txng_bundle_mem){ b.p, b.len, 0 };
    good = good &&
           txng_bundle_verify(txng_bundle_mem_read, &m, txng_signer_pubkey(g_logkey), NULL, res,
                              NULL) == TXNG_OK &&
           txng_bundle_records(recs, n, b.p, b.len, res->size) == TXNG_OK;
    if (!good)
        printf("# cannot make the bundle of kind %d %s\n", (int) kind, id != NULL ? id : "");
    free(idx);
    free(b.p);
    return good;
}

static bool
same_info(const txng_claim_info *a, const txng_claim_info *b)
{
    bool same = a->packed == b->packed && a->pack_index == b->pack_index &&
                a->has_codes == b->has_codes && a->codes_index == b->codes_index &&
                a->claimed == b->claimed && a->claim_index == b->claim_index &&
                strcmp(a->claimed_at, b->claimed_at) == 0 && a->recalled == b->recalled &&
                a->recall_index == b->recall_index && strcmp(a->recalled_at, b->recalled_at) == 0 &&
                a->refused == b->refused && a->wrong == b->wrong && strcmp(a->lot, b->lot) == 0 &&
                a->last_wrong_at == b->last_wrong_at && a->retry_at == b->retry_at;

    if (!same)
        printf("# bundle: packed %d@%llu codes %d@%llu claimed %d@%llu recalled %d@%llu "
               "refused %u wrong %u lot %s\n",
               a->packed, (unsigned long long) a->pack_index, a->has_codes,
               (unsigned long long) a->codes_index, a->claimed,
               (unsigned long long) a->claim_index, a->recalled,
               (unsigned long long) a->recall_index, a->refused, a->wrong, a->lot);
    return same;
}

static bool
all_false(const txng_claim_info *i)
{
    return !i->packed && !i->has_codes && !i->claimed && !i->recalled && i->refused == 0 &&
           i->wrong == 0 && i->lot[0] == '\0' && i->last_wrong_at == 0 && i->retry_at == 0;
}

/*
 * After test_log(): every unit's state read from a bundle equals the state
 * the log gives (claimed, refused attempts, reprinted codes, a recalled lot,
 * never packed); bundles that need not hold the unit's records are refused.
 */
static void
test_bundle(void)
{
    static const char *const units[] = { UNIT("000001"), UNIT("000002"), UNIT("000003"),
                                         UNIT("000004"), UNIT("000005"), UNIT("000010"),
                                         UNIT("000099") };
    const char        *lot1 = "urn:txng:example.org/claim-test:lot:L1";
    txng_bundle_result all = { 0 }, one = { 0 }, lot = { 0 }, range = { 0 }, list = { 0 };
    txng_record      **ra = NULL, **r1 = NULL, **rl = NULL, **rr = NULL, **rx = NULL, *keep;
    size_t             na = 0, n1 = 0, nl = 0, nr = 0, nx = 0;
    txng_claim_info    want, got;
    bool               same = true;

    if (!bundle_of(TXNG_BUNDLE_ALL, NULL, &all, &ra, &na) ||
        !bundle_of(TXNG_BUNDLE_UNIT, UNIT("000001"), &one, &r1, &n1) ||
        !bundle_of(TXNG_BUNDLE_LOT, lot1, &lot, &rl, &nl) ||
        !bundle_of(TXNG_BUNDLE_RANGE, NULL, &range, &rr, &nr) ||
        !bundle_of(TXNG_BUNDLE_INDEX, NULL, &list, &rx, &nx)) {
        ok(false, "bundles of the claim log");
        goto out;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        memset(&got, 0xa5, sizeof got);
        same = same && txng_claim_info_get(g_log, units[i], &want) == TXNG_OK &&
               txng_claim_info_bundle(&all, ra, na, units[i], &got) == TXNG_OK &&
               same_info(&got, &want);
    }
    ok(same, "a bundle of the whole log: every unit as the log says");
    ok(txng_claim_info_bundle(&all, ra, na, UNIT("000010"), &got) == TXNG_OK && got.recalled &&
           strcmp(got.recalled_at, "2025-10-01T08:00:00+07:00") == 0 && got.packed &&
           !got.claimed,
       "from the bundle: unit 10 recalled with its lot");
    ok(txng_claim_info_bundle(&all, ra, na, UNIT("000001"), &got) == TXNG_OK && got.claimed &&
           got.claim_index == 8 && got.refused == 2 && got.wrong == 1 && got.pack_index == 4,
       "from the bundle: unit 1 claimed at 8, two refused attempts");
    ok(txng_claim_info_get(g_log, UNIT("000002"), &want) == TXNG_OK && want.wrong == 22 &&
           want.retry_at != 0 &&
           txng_claim_info_bundle(&all, ra, na, UNIT("000002"), &got) == TXNG_OK &&
           got.last_wrong_at == want.last_wrong_at && got.retry_at == want.retry_at,
       "from the bundle: unit 2's back-off, from the records' recorded times");
    ok(txng_claim_info_bundle(&all, ra, na, UNIT("000099"), &got) == TXNG_OK && all_false(&got),
       "from the bundle: a unit never packed is all false");
    ok(txng_claim_info_get(g_log, UNIT("000001"), &want) == TXNG_OK &&
           txng_claim_info_bundle(&one, r1, n1, UNIT("000001"), &got) == TXNG_OK &&
           same_info(&got, &want) && n1 < na,
       "the unit's own bundle: the same state from fewer records");
    ok(txng_claim_info_bundle(&lot, rl, nl, UNIT("000001"), &got) == TXNG_OK &&
           same_info(&got, &want),
       "the bundle of the lot it was packed from: the same state");

    memset(&got, 0xa5, sizeof got);
    ok(txng_claim_info_bundle(&one, r1, n1, UNIT("000002"), &got) == TXNG_ENOTFOUND &&
           all_false(&got),
       "another unit's bundle: ENOTFOUND, all false");
    memset(&got, 0xa5, sizeof got);
    ok(txng_claim_info_bundle(&lot, rl, nl, UNIT("000010"), &got) == TXNG_ENOTFOUND &&
           all_false(&got),
       "the bundle of another lot: ENOTFOUND");
    ok(txng_claim_info_bundle(&lot, rl, nl, UNIT("000099"), &got) == TXNG_ENOTFOUND,
       "a lot bundle and a unit never packed: ENOTFOUND");
    ok(txng_claim_info_bundle(&range, rr, nr, UNIT("000001"), &got) == TXNG_ENOTFOUND &&
           txng_claim_info_bundle(&list, rx, nx, UNIT("000001"), &got) == TXNG_ENOTFOUND,
       "a time-range or index-list bundle: ENOTFOUND");

    memset(&got, 0xa5, sizeof got);
    ok(txng_claim_info_bundle(NULL, ra, na, UNIT("000001"), &got) == TXNG_EINVAL &&
           all_false(&got),
       "no bundle result: EINVAL, all false");
    ok(txng_claim_info_bundle(&all, NULL, 1, UNIT("000001"), &got) == TXNG_EINVAL &&
           txng_claim_info_bundle(&all, ra, na, NULL, &got) == TXNG_EINVAL &&
           txng_claim_info_bundle(&all, ra, na, UNIT("000001"), NULL) == TXNG_EINVAL,
       "NULL records, unit or info: EINVAL");
    ok(txng_claim_info_bundle(&all, NULL, 0, UNIT("000001"), &got) == TXNG_OK && all_false(&got),
       "no records: all false");
    keep  = ra[2];
    ra[2] = ra[3];
    ra[3] = keep;
    ok(txng_claim_info_bundle(&all, ra, na, UNIT("000001"), &got) == TXNG_EINVAL,
       "records out of order: EINVAL");
    ra[3] = ra[2];
    ok(txng_claim_info_bundle(&all, ra, na, UNIT("000001"), &got) == TXNG_EINVAL,
       "a record twice: EINVAL");
    ra[3] = NULL;
    ok(txng_claim_info_bundle(&all, ra, na, UNIT("000001"), &got) == TXNG_EINVAL,
       "a NULL record: EINVAL");
    ra[3] = keep;
out:
    txng_bundle_records_free(ra, na);
    txng_bundle_records_free(r1, n1);
    txng_bundle_records_free(rl, nl);
    txng_bundle_records_free(rr, nr);
    txng_bundle_records_free(rx, nx);
    txng_bundle_result_free(&all);
    txng_bundle_result_free(&one);
    txng_bundle_result_free(&lot);
    txng_bundle_result_free(&range);
    txng_bundle_result_free(&list);
}

/* Claims of unknown units: counted per product in a file of bounded size. */
static void
test_unknown(void)
{
    char     path[sizeof tmp_root + 32], id[128], text[4096];
    uint64_t n = 0;
    FILE    *f;
    size_t   len;
    int      lines = 0;
    bool     all = true;

    snprintf(path, sizeof path, "%s/claims-unknown", tmp_root);
    ok(txng_claim_count_unknown(path, "https://id.gs1.org/01/08930000000033/21/000099", &n) ==
               TXNG_OK &&
           n == 1,
       "first unknown claim of a product counts 1");
    ok(txng_claim_count_unknown(path, "https://id.gs1.org/01/08930000000033/21/000098", &n) ==
               TXNG_OK &&
           n == 2,
       "second one counts 2");
    ok(txng_claim_count_unknown(path, "urn:txng:x:unit:7", &n) == TXNG_OK && n == 1,
       "an identifier without a GTIN counts as other");
    for (int i = 0; i < 100; i++) {
        char gtin[15];
        int  sum = 0;

        /* GTIN-14 with its check digit: weights 3, 1, 3, ... from the right */
        snprintf(gtin, sizeof gtin, "089310%07d", i);
        for (int k = 0; k < 13; k++)
            sum += (gtin[k] - '0') * ((13 - k) % 2 ? 3 : 1);
        gtin[13] = (char) ('0' + (10 - sum % 10) % 10);
        gtin[14] = '\0';
        snprintf(id, sizeof id, "https://id.gs1.org/01/%s/21/1", gtin);
        all = all && txng_claim_count_unknown(path, id, &n) == TXNG_OK;
    }
    ok(all && n == 100 - (TXNG_CLAIM_UNKNOWN_KEYS - 2) + 1,
       "100 more products: those past the limit count as other");
    f   = fopen(path, "r");
    len = f != NULL ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f != NULL)
        fclose(f);
    text[len] = '\0';
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    ok(lines == TXNG_CLAIM_UNKNOWN_KEYS && strncmp(text, "08930000000033 2\n", 17) == 0 &&
           strstr(text, "\nother ") != NULL && len < 3072,
       "the file stays bounded, the first product kept, the rest as other");
    f = fopen(path, "w");
    if (f != NULL) {
        fputs("08930000000033 x\n", f);
        fclose(f);
    }
    ok(txng_claim_count_unknown(path, "https://id.gs1.org/01/08930000000033/21/000099", &n) ==
           TXNG_ECORRUPT,
       "a file not in the format is refused");
    ok(txng_claim_count_unknown(path, NULL, &n) == TXNG_EINVAL, "NULL unit refused");
    snprintf(path, sizeof path, "%s/none/claims-unknown", tmp_root);
    ok(txng_claim_count_unknown(path, "urn:txng:x:unit:7", &n) == TXNG_ESYS,
       "a missing folder is a system error");
}

int
main(void)
{
    char cmd[sizeof tmp_root + 16];

    test_codes();
    setup();
    test_log();
    test_backoff();
    test_bundle();
    test_unknown();
    txng_log_close(g_log);
    txng_signer_free(g_logkey);
    txng_signer_free(g_packer);
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp_root);
    if (system(cmd) != 0)
        return 1;
    return tap_done();
}
