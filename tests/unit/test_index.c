/*
 * test_index.c - identifiers of events: extraction of every EPCIS list kind,
 * the ids database written at append, and verify catching every kind of
 * change to it
 *
 * Import keys: txng:Import under 0x02 ‖ origin, txng:Imported under 0x02 ‖
 * "#" ‖ upstream index, outermost event only; written at append, found by
 * txng_index_find(), and checked by verify.
 *
 * Expected entries are written out by hand. Stored entries are read and
 * changed with LMDB directly, bypassing libtxng. Logs live under $TMPDIR.
 */
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

#include "core/event.h"
#include "core/index.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN "example.org/index-test"
#define T0     1700000000
#define LOT    "https://id.gs1.org/01/08930000000026/10/L24-017"
#define UNIT1  "https://id.gs1.org/01/08930000000033/21/000001"
#define UNIT2  "https://id.gs1.org/01/08930000000033/21/000002"
#define SSCC   "https://id.gs1.org/00/089300000000000018"
#define GLN    "https://id.gs1.org/414/8930000000019"
#define COHORT "urn:txng:example.org/index-test:cohort:V3-2019"

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

/* Append the @p n events of @p text (JSON) to @p log, signed by @p actor. */
static txng_err
append_texts(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
             const char *const *text, size_t n, int64_t now, uint64_t *first)
{
    json_t **evs = calloc(n, sizeof *evs);
    txng_err err;

    if (evs == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        evs[i] = parse(text[i]);
    err = txng_log_append_as(log, logkey, actor, evs, n, now, first, NULL);
    for (size_t i = 0; i < n; i++)
        json_decref(evs[i]);
    free(evs);
    return err;
}

/* The list as "role side id;" lines, for whole-list comparisons. */
static char *
show(const txng_index_list *l)
{
    size_t len = 1;
    char  *s, *p;

    for (size_t i = 0; i < l->n; i++)
        len += l->v[i].id_len + 6;
    s = p = malloc(len);
    if (s == NULL)
        abort();
    for (size_t i = 0; i < l->n; i++) {
        p += sprintf(p, "%c%d ", l->v[i].role, l->v[i].side);
        memcpy(p, l->v[i].id, l->v[i].id_len);
        if (l->v[i].id_len > 0 && *p == TXNG_INDEX_NAME_TAG)
            *p = '~'; /* name keys: 0x01 shown as ~ */
        if (l->v[i].id_len > 0 && *p == TXNG_INDEX_IMPORT_TAG)
            *p = '^'; /* import keys: 0x02 shown as ^ */
        if (l->v[i].id_len > 0 && *p == TXNG_INDEX_STAMP_TAG)
            *p = '#'; /* stamp keys: 0x04 shown as # */
        p += l->v[i].id_len;
        *p++ = ';';
    }
    *p = '\0';
    return s;
}

/* Extract from @p text and compare with @p want. */
static void
check(const char *name, const char *text, const char *want)
{
    txng_index_list l  = { 0 };
    json_t         *ev = parse(text);
    char           *got;

    ok(txng_index_extract(&l, ev) == TXNG_OK, "%s: extract", name);
    got = show(&l);
    if (!ok(strcmp(got, want) == 0, "%s: entries", name))
        printf("# got  %s\n# want %s\n", got, want);
    free(got);
    txng_index_list_free(&l);
    json_decref(ev);
}

static void
test_extract(void)
{
    txng_index_list l = { 0 };
    json_t         *ev;
    char            big[4000];
    size_t          n = 0;

    check("object ADD",
          "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"epcList\":[\"" UNIT2 "\",\"" UNIT1
          "\"],\"quantityList\":[{\"epcClass\":\"" LOT "\",\"quantity\":2}],"
          "\"txng:cohort\":\"" COHORT "\",\"txng:inputs\":[\"urn:x:seed\"],"
          "\"readPoint\":{\"id\":\"" GLN "/254/1\"},\"bizLocation\":{\"id\":\"" GLN "\"},"
          "\"sourceList\":[{\"type\":\"owning_party\",\"source\":\"urn:x:a\"}],"
          "\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"urn:x:b\"}]}",
          "E2 " LOT ";E2 " UNIT1 ";E2 " UNIT2 ";F1 " COHORT ";F1 urn:x:seed;K0 ~Ll24-017;L0 " GLN
          ";L0 " GLN "/254/1;S0 urn:x:a;S0 urn:x:b;");
    check("object OBSERVE",
          "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
          "\"epcList\":[\"" UNIT1 "\"],\"txng:cohort\":\"" COHORT "\"}",
          "E0 " UNIT1 ";F0 " COHORT ";");
    check("aggregation into a case",
          "{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"parentID\":\"" SSCC "\","
          "\"childEPCs\":[\"" UNIT1 "\"],\"childQuantityList\":[{\"epcClass\":\"" LOT "\"}]}",
          "C1 " LOT ";C1 " UNIT1 ";K0 ~Ll24-017;P2 " SSCC ";");
    check("aggregation from a lot",
          "{\"type\":\"AggregationEvent\",\"action\":\"OBSERVE\",\"parentID\":\"" LOT "\","
          "\"childEPCs\":[\"" UNIT1 "\",\"" UNIT2 "\"]}",
          "C2 " UNIT1 ";C2 " UNIT2 ";P1 " LOT ";");
    check("aggregation DELETE",
          "{\"type\":\"AggregationEvent\",\"action\":\"DELETE\",\"parentID\":\"" SSCC "\","
          "\"childEPCs\":[\"" UNIT1 "\"]}",
          "C0 " UNIT1 ";P0 " SSCC ";");
    check("transformation",
          "{\"type\":\"TransformationEvent\",\"inputEPCList\":[\"urn:x:i1\"],"
          "\"inputQuantityList\":[{\"epcClass\":\"urn:x:i2\",\"quantity\":9.6,\"uom\":\"KGM\"}],"
          "\"outputEPCList\":[\"urn:x:o1\"],\"outputQuantityList\":[{\"epcClass\":\"urn:x:o2\"}]}",
          "I1 urn:x:i1;I1 urn:x:i2;O2 urn:x:o1;O2 urn:x:o2;");
    check("transaction",
          "{\"type\":\"TransactionEvent\",\"action\":\"ADD\",\"parentID\":\"" SSCC "\","
          "\"epcList\":[\"" UNIT1 "\"],\"quantityList\":[{\"epcClass\":\"" LOT "\"}]}",
          "E0 " LOT ";E0 " UNIT1 ";K0 ~Ll24-017;P0 " SSCC ";");
    check("association",
          "{\"type\":\"AssociationEvent\",\"action\":\"ADD\",\"parentID\":\"urn:x:sensor\","
          "\"childEPCs\":[\"" UNIT1 "\"]}",
          "C0 " UNIT1 ";P0 urn:x:sensor;");
    check("errorDeclaration keeps only the correction",
          "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"eventID\":\"urn:uuid:1\","
          "\"epcList\":[\"" UNIT1 "\"],\"errorDeclaration\":{\"declarationTime\":\"x\","
          "\"correctiveEventIDs\":[\"urn:uuid:2\"]}}",
          "X0 urn:uuid:1;");
    check("an event's own eventID (a partner's EPCIS event)",
          "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventID\":\"ni:///sha-256;ab?ver=CBV2.0\","
          "\"epcList\":[\"" UNIT1 "\"]}",
          "E0 " UNIT1 ";V0 ni:///sha-256;ab?ver=CBV2.0;");
    check("errorDeclaration without eventID", "{\"type\":\"ObjectEvent\",\"errorDeclaration\":{}}",
          "");
    check("errorDeclaration naming a record (txng correct)",
          "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventID\":\"urn:uuid:3\","
          "\"txng:corrects\":5,\"epcList\":[\"" UNIT1 "\"],\"errorDeclaration\":{\"reason\":"
          "\"incorrect_data\"}}",
          "X0 #5;X0 urn:uuid:3;");
    check("txng:corrects", "{\"type\":\"ObjectEvent\",\"txng:corrects\":[12,\"urn:uuid:9\",-1,3]}",
          "X0 #12;X0 #3;X0 urn:uuid:9;");
    check("txng:corrects one index", "{\"type\":\"ObjectEvent\",\"txng:corrects\":7}", "X0 #7;");
    check("duplicates", "{\"type\":\"ObjectEvent\",\"epcList\":[\"a\",\"a\",\"b\",\"a\"]}",
          "E0 a;E0 b;");
    check("wrong types are skipped",
          "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"epcList\":\"a\",\"quantityList\":"
          "[{\"epcClass\":5},7,{\"epcClass\":\"\"}],\"readPoint\":\"x\",\"bizLocation\":{\"id\":1},"
          "\"parentID\":[],\"childEPCs\":[1,null],\"sourceList\":[{\"source\":{}}],"
          "\"txng:cohort\":3,\"txng:corrects\":{}}",
          "");

    /* Many record indexes: the side buffer must not move under the entries. */
    n = (size_t) snprintf(big, sizeof big, "{\"type\":\"ObjectEvent\",\"txng:corrects\":[");
    for (int i = 0; i < 300; i++)
        n += (size_t) snprintf(big + n, sizeof big - n, "%s%d", i ? "," : "", 1000 + i);
    snprintf(big + n, sizeof big - n, "]}");
    ev = parse(big);
    ok(txng_index_extract(&l, ev) == TXNG_OK && l.n == 300, "300 corrected records");
    ok(l.n == 300 && l.v[0].id_len == 5 && memcmp(l.v[0].id, "#1000", 5) == 0 &&
           memcmp(l.v[299].id, "#1299", 5) == 0,
       "their keys survive the buffer growing");
    /* Reuse: the list is cleared by the next extraction. */
    json_decref(ev);
    ev = parse("{\"type\":\"ObjectEvent\",\"epcList\":[\"z\"]}");
    ok(txng_index_extract(&l, ev) == TXNG_OK && l.n == 1 && l.v[0].role == 'E',
       "a reused list holds only the new event's entries");
    json_decref(ev);
    ev = json_array();
    ok(txng_index_extract(&l, ev) == TXNG_OK && l.n == 0, "a non-object names nothing");
    json_decref(ev);
    txng_index_list_free(&l);
    txng_index_list_free(NULL);
    ok(l.v == NULL && l.n == 0, "free zeroes the list");
}

static void
test_keys(void)
{
    unsigned char key[TXNG_INDEX_KEY_MAX], want[32], val[TXNG_INDEX_VAL_BYTES];
    char          id[300];
    size_t        n;

    n = txng_index_key(key, LOT, strlen(LOT));
    ok(n == strlen(LOT) && memcmp(key, LOT, n) == 0, "short identifiers are their own key");
    memset(id, 'a', sizeof id);
    n = txng_index_key(key, id, TXNG_INDEX_ID_MAX);
    ok(n == TXNG_INDEX_ID_MAX && memcmp(key, id, n) == 0, "255 bytes is still the identifier");
    n = txng_index_key(key, id, TXNG_INDEX_ID_MAX + 1);
    crypto_hash_sha256(want, (const unsigned char *) id, TXNG_INDEX_ID_MAX + 1);
    ok(n == 33 && key[0] == 0 && memcmp(key + 1, want, 32) == 0, "longer ones are 0x00 ‖ SHA-256");
    n = txng_index_key(key, "\0x", 2);
    crypto_hash_sha256(want, (const unsigned char *) "\0x", 2);
    ok(n == 33 && key[0] == 0 && memcmp(key + 1, want, 32) == 0,
       "one starting with NUL is hashed, so no key is ambiguous");
    txng_index_value(val, UINT64_C(0x0102030405060708), 'O');
    ok(memcmp(val, "\x01\x02\x03\x04\x05\x06\x07\x08O", 9) == 0, "value is BE index ‖ role");

    ok(txng_index_is_class(LOT, strlen(LOT)), "a lot is a class");
    ok(txng_index_is_class("https://id.gs1.org/01/08930000000026", 36), "a GTIN is a class");
    ok(!txng_index_is_class(UNIT1, strlen(UNIT1)), "a serial is not");
    ok(!txng_index_is_class("https://id.gs1.org/01/08930000000026/10/L1/21/7", 47),
       "lot and serial is an instance");
    ok(!txng_index_is_class(SSCC, strlen(SSCC)), "an SSCC is not");
    ok(!txng_index_is_class(GLN, strlen(GLN)), "a GLN is not");
    ok(!txng_index_is_class("https://id.gs1.org", 18), "a bare host is not");
    ok(txng_index_is_class("urn:txng:a:b:lot:L1", 19), "a txng lot (origin with a colon)");
    ok(txng_index_is_class(COHORT, strlen(COHORT)), "a txng cohort");
    ok(txng_index_is_class("urn:txng:o:product:P", 20), "a txng product");
    ok(!txng_index_is_class("urn:txng:o:unit:U1", 18), "a txng unit is not");
    ok(!txng_index_is_class("urn:txng:lot", 12), "a malformed txng code is not");
    ok(!txng_index_is_class("urn:epc:class:lgtin:893.0.L1", 28), "other schemes are not");
    ok(strcmp(txng_index_role_name('I'), "input") == 0 &&
           strcmp(txng_index_role_name('X'), "corrects") == 0 &&
           strcmp(txng_index_role_name('?'), "unknown") == 0,
       "role names");
}

/* ---- import keys ---- */

#define UP "up.example/log"
#define IMPORTED(idx, inner)                                                               \
    "{\"type\":\"txng:Imported\",\"import\":1,\"proof\":[],\"record\":{\"index\":" idx \
    ",\"event\":" inner "}}"
#define OBJ "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"epcList\":[\"" UNIT1 "\"]}"

/* Signature keys: 0x03, the event's time with its top bit flipped, 8 signature bytes. */
static void
test_sig_keys(void)
{
    static const unsigned char want[] = { 0x03, 0x80, 0x00, 0x00, 0x00, 0x68, 0xcd, 0xf5, 0x88,
                                          0,    1,    2,    3,    4,    5,    6,    7 };
    unsigned char              sig[64], key[TXNG_INDEX_SIG_KEY];
    json_t                    *ev = json_pack("{s:s}", "eventTime", "2025-09-20T07:30:00+07:00");

    for (size_t i = 0; i < sizeof sig; i++)
        sig[i] = (unsigned char) i;
    ok(txng_index_sig_key(key, txng_index_sig_time(ev), sig) == sizeof want &&
           memcmp(key, want, sizeof want) == 0,
       "sig key: 0x03, 1758328200 ^ 2^63, the first 8 signature bytes");
    json_object_set_new(ev, "eventTime", json_string("2025-09-20T00:30:00.999Z"));
    ok(txng_index_sig_time(ev) == (UINT64_C(1758328200) ^ UINT64_C(0x8000000000000000)),
       "sig time: the same instant in another offset, fraction dropped");
    json_object_set_new(ev, "eventTime", json_string("1969-12-31T23:59:59Z"));
    ok(txng_index_sig_time(ev) == UINT64_C(0x7fffffffffffffff),
       "sig time: a second before 1970 sorts just below 1970");
    json_object_set_new(ev, "eventTime", json_string("2025-09-20T07:30:00"));
    ok(txng_index_sig_time(ev) == 0, "sig time: a time without an offset gives 0");
    json_object_set_new(ev, "eventTime", json_integer(1758328200));
    ok(txng_index_sig_time(ev) == 0, "sig time: a number gives 0");
    json_object_del(ev, "eventTime");
    ok(txng_index_sig_time(ev) == 0, "sig time: no eventTime gives 0");
    ok(txng_index_sig_key(key, 0, sig) == TXNG_INDEX_SIG_KEY && key[0] == 0x03 &&
           memcmp(key + 1, "\0\0\0\0\0\0\0\0", 8) == 0 && memcmp(key + 9, sig, 8) == 0,
       "sig key of an event without a time");
    json_decref(ev);
}

static void
test_import_keys(void)
{
    char   text[TXNG_INDEX_IMPORTED_TEXT];
    size_t n;

    check("import", "{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"count\":1}",
          "M0 ^" UP ";");
    check("import without origin", "{\"type\":\"txng:Import\",\"count\":1}", "");
    check("import, empty origin", "{\"type\":\"txng:Import\",\"origin\":\"\"}", "");
    check("import, origin not a string", "{\"type\":\"txng:Import\",\"origin\":7}", "");
    check("another type with an origin", "{\"type\":\"txng:Note\",\"origin\":\"" UP "\"}",
          "");
    check("imported: its upstream index and the event it carries", IMPORTED("7", OBJ),
          "E2 " UNIT1 ";U0 ^#7;");
    check("imported, index 0", IMPORTED("0", OBJ), "E2 " UNIT1 ";U0 ^#0;");
    check("imported upstream import: no origin key of its own",
          IMPORTED("3", "{\"type\":\"txng:Import\",\"origin\":\"a.example/log\"}"),
          "U0 ^#3;");
    check("import of an import: the outer index only", IMPORTED("9", IMPORTED("4", OBJ)),
          "E2 " UNIT1 ";U0 ^#9;");
    check("imported, negative index", IMPORTED("-1", OBJ), "E2 " UNIT1 ";");
    check("imported, index not a number", IMPORTED("\"7\"", OBJ), "E2 " UNIT1 ";");
    check("imported without record",
          "{\"type\":\"txng:Imported\",\"import\":1,\"proof\":[]}", "");
    n = txng_index_imported_text(text, UINT64_MAX);
    ok(n == 22 && memcmp(text, "\002#18446744073709551615", 23) == 0,
       "imported text of the largest index: 0x02 # digits, NUL-terminated");
    n = txng_index_imported_text(text, 0);
    ok(n == 3 && memcmp(text, "\002#0", 4) == 0, "imported text of index 0");
    ok(strcmp(txng_index_role_name(TXNG_ROLE_IMPORT), "import") == 0 &&
           strcmp(txng_index_role_name(TXNG_ROLE_IMPORTED), "imported") == 0,
       "import role names");
}

/* ---- the database ---- */

struct lmdb {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi  ids;
};

static int
db_open(struct lmdb *d, const char *dir, bool write)
{
    int rc;

    memset(d, 0, sizeof *d);
    rc = mdb_env_create(&d->env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(d->env, 8);
    if (rc == 0)
        rc = mdb_env_set_mapsize(d->env, (size_t) 1 << 30);
    if (rc == 0)
        rc = mdb_env_open(d->env, dir, write ? 0 : MDB_RDONLY, 0600);
    if (rc == 0)
        rc = mdb_txn_begin(d->env, NULL, write ? 0 : MDB_RDONLY, &d->txn);
    if (rc == 0)
        rc = mdb_dbi_open(d->txn, "ids", 0, &d->ids);
    return rc;
}

static int
db_close(struct lmdb *d, bool commit)
{
    int rc = 0;

    if (commit)
        rc = mdb_txn_commit(d->txn);
    else
        mdb_txn_abort(d->txn);
    mdb_env_close(d->env);
    return rc;
}

/* Every stored entry as "id index role;" in cursor order. */
static char *
dump_ids(const char *dir)
{
    struct lmdb d;
    MDB_cursor *cur = NULL;
    MDB_val     k, v;
    size_t      len = 0, cap = 4096;
    char       *s  = malloc(cap);
    int         rc = db_open(&d, dir, false);

    if (s == NULL)
        abort();
    s[0] = '\0';
    if (rc == 0)
        rc = mdb_cursor_open(d.txn, d.ids, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const unsigned char *p   = v.mv_data;
        uint64_t             idx = 0;

        if (v.mv_size == TXNG_INDEX_VAL_BYTES && p[8] == TXNG_ROLE_SIG)
            continue; /* every record has them: test_log.c checks them */

        for (int i = 0; i < 8; i++)
            idx = (idx << 8) | p[i];
        while (cap - len < k.mv_size + 40) {
            cap *= 2;
            if ((s = realloc(s, cap)) == NULL)
                abort();
        }
        memcpy(s + len, k.mv_data, k.mv_size);
        if (k.mv_size > 0 && s[len] == TXNG_INDEX_NAME_TAG)
            s[len] = '~';
        len += k.mv_size;
        len += (size_t) sprintf(s + len, " %llu %c;", (unsigned long long) idx,
                                v.mv_size == 9 ? p[8] : '?');
    }
    mdb_cursor_close(cur);
    db_close(&d, false);
    return s;
}

/* Put (@p add) or delete one entry. */
static int
db_edit(const char *dir, const char *id, uint64_t index, char role, bool add)
{
    struct lmdb   d;
    unsigned char val[9];
    MDB_val       k = { strlen(id), (void *) (uintptr_t) id }, v = { 9, val };
    int           rc = db_open(&d, dir, true);

    txng_index_value(val, index, (unsigned char) role);
    if (rc == 0)
        rc = add ? mdb_put(d.txn, d.ids, &k, &v, MDB_NODUPDATA) : mdb_del(d.txn, d.ids, &k, &v);
    return db_close(&d, rc == 0) || rc;
}

/* A log with "grower" enrolled. */
static txng_log *
new_log(const char *dir, txng_signer *logkey, txng_signer *grower)
{
    txng_log *log = NULL;
    char     *kf  = NULL, vkey[TXNG_VKEY_MAX];
    size_t    kf_len;
    json_t   *ev, *se = NULL;

    if (txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    txng_pubkey_format(txng_signer_pubkey(grower), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "member");
    if (txng_event_sign(&se, ev, logkey, NULL) != TXNG_OK ||
        txng_log_append(log, logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(ev);
    json_decref(se);
    return log;
}

/* Verify the log in @p dir with a handle of its own: LMDB wants one environment per
 * file and process, and the edits below open it behind libtxng's back. */
static txng_err
verify(const char *dir, txng_diag *d)
{
    txng_log *log = NULL;
    txng_err  err = txng_log_open(&log, dir, TXNG_LOG_RDONLY);

    *d = (txng_diag) TXNG_DIAG_INIT;
    if (err == TXNG_OK)
        err = txng_log_verify(log, NULL, 2, NULL, NULL, NULL, d);
    txng_log_close(log);
    return err;
}

static void
test_database(const char *dir)
{
    txng_signer *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_log    *log = new_log(dir, logkey, grower);
    json_t      *evs[3];
    txng_diag    d;
    uint64_t     first = 0;
    char        *got;
    txng_err     err;

    evs[0] =
        parse("{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"quantityList\":[{\"epcClass\":"
              "\"" LOT "\"}],\"txng:cohort\":\"" COHORT "\",\"bizLocation\":{\"id\":\"" GLN "\"}}");
    evs[1] = parse("{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"parentID\":\"" LOT "\","
                   "\"childEPCs\":[\"" UNIT1 "\",\"" UNIT2 "\"]}");
    evs[2] = parse("{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"epcList\":[\"" UNIT1
                   "\"],\"txng:corrects\":2}");
    ok(txng_log_append_as(log, logkey, grower, evs, 3, T0 + 1, &first, NULL) == TXNG_OK &&
           first == 2,
       "append three events");
    got = dump_ids(dir);
    ok(strcmp(got, "~Ll24-017 2 K;#2 4 X;" LOT " 2 E;" LOT " 3 P;" UNIT1 " 3 C;" UNIT1 " 4 E;" UNIT2 " 3 C;" GLN
                   " 2 L;" COHORT " 2 F;") == 0,
       "the ids database holds exactly their entries");
    free(got);
    ok(verify(dir, &d) == TXNG_OK, "verify accepts it");

    /* All or nothing: a refused batch adds no entry. */
    json_decref(evs[2]);
    evs[2] = parse("{\"type\":\"ObjectEvent\",\"epcList\":[\"urn:x:new\"],\"bad\":1.5}");
    err    = txng_log_append_as(log, logkey, grower, evs + 1, 2, T0 + 2, NULL, NULL);
    got    = dump_ids(dir);
    ok(err == TXNG_EFORMAT && strstr(got, "urn:x:new") == NULL && strstr(got, " 5 ") == NULL,
       "a refused batch leaves no entries");
    free(got);
    txng_log_close(log);

    /* Changes to the database, each undone after. */
    ok(db_edit(dir, UNIT2, 3, 'C', false) == 0, "delete an entry");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 3 &&
           strcmp(d.reason, "the ids database does not match the records") == 0 &&
           strcmp(d.field, "ids") == 0,
       "verify names record 3 for a deleted entry (%s)", txng_strerror(err));
    ok(db_edit(dir, UNIT2, 3, 'C', true) == 0 && verify(dir, &d) == TXNG_OK, "restored");

    ok(db_edit(dir, "urn:x:forged", 1, 'O', true) == 0, "add an entry");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 1, "verify names record 1 for it");
    ok(db_edit(dir, "urn:x:forged", 1, 'O', false) == 0 && verify(dir, &d) == TXNG_OK, "restored");

    ok(db_edit(dir, UNIT1, 3, 'C', false) == 0 && db_edit(dir, UNIT1, 3, 'P', true) == 0,
       "change a role");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 3, "verify names record 3 for it");
    ok(db_edit(dir, UNIT1, 3, 'P', false) == 0 && db_edit(dir, UNIT1, 3, 'C', true) == 0 &&
           verify(dir, &d) == TXNG_OK,
       "restored");

    ok(db_edit(dir, UNIT1, 4, 'E', false) == 0 && db_edit(dir, UNIT1, 2, 'E', true) == 0,
       "move an entry to another record");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 2, "verify names the first, record 2");
    ok(db_edit(dir, UNIT1, 2, 'E', false) == 0 && db_edit(dir, UNIT1, 4, 'E', true) == 0 &&
           verify(dir, &d) == TXNG_OK,
       "restored");

    ok(db_edit(dir, LOT, 99, 'E', true) == 0, "an entry past the end");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && !d.has_index && d.reason != NULL, "verify refuses it, no index");
    ok(db_edit(dir, LOT, 99, 'E', false) == 0 && verify(dir, &d) == TXNG_OK, "restored");

    json_decref(evs[0]);
    json_decref(evs[1]);
    json_decref(evs[2]);
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

/* ---- name keys ---- */

static void
fold_is(const char *text, const char *want)
{
    char    *f   = NULL;
    txng_err err = txng_index_fold(&f, text, strlen(text));

    if (!ok(err == TXNG_OK && f != NULL && strcmp(f, want) == 0, "fold \"%s\"", text))
        printf("# got %s\n", f != NULL ? f : "(null)");
    free(f);
}

static void
test_names(void)
{
    char code[TXNG_GS1_URI_MAX], *f = NULL;
    int  kind = 0;

    fold_is("HTX Sâm Ngọc Linh Tu Mơ Rông", "htx-sam-ngoc-linh-tu-mo-rong");
    fold_is("Đồng  Nai -- đất đỏ", "dong-nai-dat-do");
    fold_is("  Vườn 3, tiểu khu 12 ", "vuon-3-tieu-khu-12");
    fold_is("L24-017", "l24-017");
    fold_is("人参", "");
    fold_is("", "");
    ok(txng_index_fold(&f, "\xff\xfe", 2) == TXNG_EFORMAT && f == NULL, "fold refuses bad UTF-8");
    ok(txng_index_fold(&f, NULL, 0) == TXNG_EINVAL && f == NULL, "fold refuses NULL");

    ok(txng_index_kind_letter(TXNG_GS1_KIND_PARTY) == 'A' &&
           txng_index_kind_letter(TXNG_GS1_KIND_PLACE) == 'S' &&
           txng_index_kind_letter(TXNG_GS1_KIND_PRODUCT) == 'G' &&
           txng_index_kind_letter(TXNG_GS1_KIND_CERTIFICATE) == 'C' &&
           txng_index_kind_letter(TXNG_GS1_KIND_LOT) == 'L' &&
           txng_index_kind_letter(TXNG_GS1_KIND_COHORT) == 'H' &&
           txng_index_kind_letter(TXNG_GS1_KIND_UNIT) == 0,
       "kind letters");
    ok(txng_index_id_code(LOT, strlen(LOT), &kind, code, sizeof code) &&
           kind == TXNG_GS1_KIND_LOT && strcmp(code, "L24-017") == 0,
       "the code of a GS1 lot is the lot");
    ok(txng_index_id_code(GLN, strlen(GLN), &kind, code, sizeof code) && kind == -1 &&
           strcmp(code, "8930000000019") == 0,
       "the code of a GLN is its digits");
    ok(txng_index_id_code(COHORT, strlen(COHORT), &kind, code, sizeof code) &&
           kind == TXNG_GS1_KIND_COHORT && strcmp(code, "V3-2019") == 0,
       "the code of a txng cohort");
    ok(!txng_index_id_code("urn:x:a", 7, &kind, code, sizeof code), "other ids have none");
    ok(strcmp(txng_index_role_name('N'), "name") == 0 &&
           strcmp(txng_index_role_name('K'), "code") == 0,
       "name and code role names");

    check("party: name and code",
          "{\"type\":\"txng:Party\",\"id\":\"urn:txng:o:party:htx-sam\","
          "\"name\":\"HTX Sâm Ngọc Linh\"}",
          "K0 ~Ahtx-sam;N0 ~Ahtx-sam-ngoc-linh;");
    check("place with a GLN",
          "{\"type\":\"txng:Place\",\"id\":\"" GLN "\",\"name\":\"Vườn 3, tiểu khu 12\"}",
          "K0 ~S8930000000019;N0 ~Svuon-3-tieu-khu-12;");
    check("product named like its code: one key, two roles",
          "{\"type\":\"txng:Product\",\"id\":\"urn:txng:o:product:sam-cu\",\"name\":\"Sâm củ\"}",
          "K0 ~Gsam-cu;N0 ~Gsam-cu;");
    check("certificate by number, id without a code",
          "{\"type\":\"txng:Certificate\",\"id\":\"urn:x:c1\",\"number\":\"VG-12/2024\"}",
          "K0 ~Curn-x-c1;N0 ~Cvg-12-2024;");
    check("a name that folds to nothing is kept as it is",
          "{\"type\":\"txng:Party\",\"id\":\"urn:x:p\",\"name\":\"人参\"}",
          "K0 ~Aurn-x-p;N0 ~A人参;");
    check("master data without an id names nothing",
          "{\"type\":\"txng:Party\",\"name\":\"A\"}", "");
    check("a name of another type is ignored", "{\"type\":\"txng:Party\",\"id\":\"urn:x:p\",\"name\":7}",
          "K0 ~Aurn-x-p;");
    check("lots and cohorts in every list, once",
          "{\"type\":\"TransformationEvent\",\"inputEPCList\":[\"" COHORT "\",\"" LOT "\"],"
          "\"inputQuantityList\":[{\"epcClass\":\"" LOT "\"}],"
          "\"outputQuantityList\":[{\"epcClass\":\"urn:txng:o:lot:L24-017-S\"}],"
          "\"outputEPCList\":[\"urn:txng:o:product:P\",\"" UNIT1 "\"]}",
          "I1 " LOT ";I1 " COHORT ";K0 ~Hv3-2019;K0 ~Ll24-017;K0 ~Ll24-017-s;O2 " UNIT1
          ";O2 urn:txng:o:lot:L24-017-S;O2 urn:txng:o:product:P;");
}

/* The certificate a harvest names, and each GI stamp of its range (R38, R39). */
static void
test_stamps(void)
{
    char big[160];

    check(
        "a GI harvest: its certificate, and one key per stamp",
        "{\"type\":\"TransformationEvent\",\"certificationInfo\":\"urn:txng:o:certificate:gcn-5\","
        "\"txng:giStamps\":\"000098-000101\"}",
        "Q0 urn:txng:o:certificate:gcn-5;T0 #000098;T0 #000099;T0 #000100;T0 #000101;");
    check("certificationInfo as a list, one stamp",
          "{\"type\":\"ObjectEvent\",\"certificationInfo\":[\"urn:x:c1\",\"urn:x:c2\"],"
          "\"txng:giStamps\":\"TEM-7\"}",
          "Q0 urn:x:c1;Q0 urn:x:c2;T0 #TEM-7;");
    snprintf(big, sizeof big, "{\"type\":\"ObjectEvent\",\"txng:giStamps\":\"000001-%06d\"}",
             TXNG_EVENT_SERIALS_MAX + 1);
    check("a range too large to file files no stamp", big, "");
    check("stamps that do not parse, or not a string, file nothing",
          "{\"type\":\"ObjectEvent\",\"txng:giStamps\":\"000009-000001\","
          "\"certificationInfo\":7}",
          "");
    ok(strcmp(txng_index_role_name('Q'), "certificate") == 0 &&
           strcmp(txng_index_role_name('T'), "gi-stamp") == 0 &&
           strcmp(txng_index_role_name('V'), "event-id") == 0 &&
           strcmp(txng_index_role_name('Z'), "unknown") == 0,
       "certificate, stamp and eventID role names; an unknown role");
}

/* Master data and lots appended, then found by name, listed by kind, and verified. */
static void
test_name_db(const char *dir)
{
    txng_signer     *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_log        *log = new_log(dir, logkey, grower);
    json_t          *evs[4];
    txng_index_hit  *hits = NULL;
    txng_index_names names = { 0 };
    size_t           n = 0;
    txng_diag        d;
    txng_err         err;

    evs[0] = parse("{\"type\":\"txng:Party\",\"id\":\"urn:txng:o:party:htx\","
                   "\"name\":\"HTX Sâm Ngọc Linh\"}");
    evs[1] = parse("{\"type\":\"txng:Place\",\"id\":\"" GLN "\",\"name\":\"Vườn 3\"}");
    evs[2] = parse("{\"type\":\"txng:Party\",\"id\":\"urn:txng:o:party:b\","
                   "\"name\":\"htx sam ngoc linh\"}");
    evs[3] = parse("{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"quantityList\":[{\"epcClass\":"
                   "\"" LOT "\"}]}");
    ok(txng_log_append_as(log, logkey, grower, evs, 4, T0 + 1, NULL, NULL) == TXNG_OK,
       "append master data and a lot");
    err = txng_index_find_name(log, TXNG_GS1_KIND_PARTY, "Htx Sâm ngoc LINH", strlen("Htx Sâm ngoc LINH"), &hits, &n);
    ok(err == TXNG_OK && n == 2 && hits[0].index == 2 && hits[0].role == 'N' &&
           hits[1].index == 4 && hits[1].role == 'N',
       "a folded name finds both parties that fold to it, in record order");
    free(hits);
    err = txng_index_find_name(log, TXNG_GS1_KIND_PARTY, "HTX", 3, &hits, &n);
    ok(err == TXNG_OK && n == 1 && hits[0].index == 2 && hits[0].role == 'K', "a code finds its party");
    free(hits);
    err = txng_index_find_name(log, TXNG_GS1_KIND_PLACE, "HTX", 3, &hits, &n);
    ok(err == TXNG_OK && n == 0 && hits == NULL, "not as a place");
    err = txng_index_find_name(log, TXNG_GS1_KIND_LOT, "L24-017", 7, &hits, &n);
    ok(err == TXNG_OK && n == 1 && hits[0].index == 5 && hits[0].role == 'K', "a lot code finds it");
    free(hits);
    err = txng_index_find_name(log, TXNG_GS1_KIND_UNIT, "x", 1, &hits, &n);
    ok(err == TXNG_EINVAL && n == 0 && hits == NULL, "a kind without names is refused");
    err = txng_index_find_name(log, TXNG_GS1_KIND_PARTY, "\xff", 1, &hits, &n);
    ok(err == TXNG_EFORMAT && n == 0 && hits == NULL, "bad UTF-8 is refused");
    ok(txng_index_find_name(NULL, TXNG_GS1_KIND_PARTY, "x", 1, &hits, &n) == TXNG_EINVAL,
       "no log is refused");
    ok(txng_index_find_name(log, TXNG_GS1_KIND_PARTY, "", 0, &hits, &n) == TXNG_OK && n == 0,
       "an empty name finds nothing");
    err = txng_index_find(log, LOT, strlen(LOT), TXNG_ROLE_EPC, &hits, &n);
    ok(err == TXNG_OK && n == 1 && hits[0].index == 5 && hits[0].role == 'E',
       "txng_index_find: the lot in role E, record 5");
    free(hits);
    err = txng_index_find(log, LOT, strlen(LOT), TXNG_ROLE_EVENTID, &hits, &n);
    ok(err == TXNG_OK && n == 0 && hits == NULL, "txng_index_find: not in another role");
    err = txng_index_find(log, "urn:x:none", 10, TXNG_ROLE_EPC, &hits, &n);
    ok(err == TXNG_OK && n == 0 && hits == NULL, "txng_index_find: an unknown identifier");
    ok(txng_index_find(NULL, LOT, 1, TXNG_ROLE_EPC, &hits, &n) == TXNG_EINVAL &&
           txng_index_find(log, NULL, 1, TXNG_ROLE_EPC, &hits, &n) == TXNG_EINVAL,
       "txng_index_find: misuse is EINVAL");

    err = txng_index_names_of(log, TXNG_GS1_KIND_PARTY, &names);
    ok(err == TXNG_OK && names.n == 4 && strcmp(names.v[0].folded, "b") == 0 &&
           names.v[0].index == 4 && names.v[0].role == 'K' &&
           strcmp(names.v[1].folded, "htx") == 0 &&
           strcmp(names.v[2].folded, "htx-sam-ngoc-linh") == 0 && names.v[2].index == 2 &&
           names.v[3].folded == names.v[2].folded && names.v[3].index == 4,
       "the parties' keys in key order, one text per key");
    err = txng_index_names_of(log, TXNG_GS1_KIND_PLACE, &names);
    ok(err == TXNG_OK && names.n == 2 && strcmp(names.v[0].folded, "8930000000019") == 0 &&
           strcmp(names.v[1].folded, "vuon-3") == 0 && names.v[1].role == 'N',
       "the places (the list is replaced)");
    err = txng_index_names_of(log, TXNG_GS1_KIND_CERTIFICATE, &names);
    ok(err == TXNG_OK && names.n == 0, "no certificates");
    ok(txng_index_names_of(log, TXNG_GS1_KIND_DOCUMENT, &names) == TXNG_EINVAL && names.n == 0,
       "a kind without names is refused");
    ok(txng_index_names_of(log, TXNG_GS1_KIND_PARTY, NULL) == TXNG_EINVAL, "no output is refused");
    txng_index_names_free(&names);
    txng_index_names_free(NULL);
    txng_log_close(log);

    ok(verify(dir, &d) == TXNG_OK, "verify accepts the name keys");
    ok(db_edit(dir, "\001Avuon-3", 3, 'N', true) == 0, "add a forged name key");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 3, "verify names record 3 for it");
    ok(db_edit(dir, "\001Avuon-3", 3, 'N', false) == 0 && verify(dir, &d) == TXNG_OK, "restored");
    ok(db_edit(dir, "\001Ahtx-sam-ngoc-linh", 4, 'N', false) == 0, "delete a name key");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 4, "verify names record 4 for it");
    ok(db_edit(dir, "\001Ahtx-sam-ngoc-linh", 4, 'N', true) == 0 && verify(dir, &d) == TXNG_OK,
       "restored");
    ok(db_edit(dir, "\001Ll24-017", 5, 'K', false) == 0, "delete a lot code key");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 5, "verify names record 5 for it");

    for (size_t i = 0; i < 4; i++)
        json_decref(evs[i]);
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

/*
 * Import keys in the database: written at append in the same transaction,
 * found by txng_index_find() in their role only, and required by verify.
 */
static void
test_import_db(const char *dir)
{
    txng_signer    *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_log       *log = new_log(dir, logkey, grower);
    json_t         *evs[4];
    txng_index_hit *hits = NULL;
    char            text[TXNG_INDEX_IMPORTED_TEXT];
    size_t          n = 0, tl;
    uint64_t        first = 0;
    txng_diag       d;
    txng_err        err;

    evs[0] = parse("{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"count\":1}");
    evs[1] = parse(IMPORTED("5", OBJ));
    evs[2] = parse("{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"count\":1}");
    evs[3] = parse(IMPORTED("5", IMPORTED("8", OBJ)));
    ok(txng_log_append_as(log, logkey, grower, evs, 4, T0 + 1, &first, NULL) == TXNG_OK &&
           first == 2,
       "append two imports of " UP);
    for (size_t i = 0; i < 4; i++)
        json_decref(evs[i]);
    err = txng_index_find(log, "\002" UP, 1 + strlen(UP), TXNG_ROLE_IMPORT, &hits, &n);
    ok(err == TXNG_OK && n == 2 && hits[0].index == 2 && hits[1].index == 4 &&
           hits[0].role == 'M',
       "the origin finds both Import records, in order");
    free(hits);
    err = txng_index_find(log, UP, strlen(UP), TXNG_ROLE_IMPORT, &hits, &n);
    ok(err == TXNG_OK && n == 0, "the bare origin finds nothing: import keys start with 0x02");
    tl  = txng_index_imported_text(text, 5);
    err = txng_index_find(log, text, tl, TXNG_ROLE_IMPORTED, &hits, &n);
    ok(err == TXNG_OK && n == 2 && hits[0].index == 3 && hits[1].index == 5 &&
           hits[0].role == 'U',
       "upstream index 5 finds both Imported records");
    free(hits);
    tl  = txng_index_imported_text(text, 8);
    err = txng_index_find(log, text, tl, TXNG_ROLE_IMPORTED, &hits, &n);
    ok(err == TXNG_OK && n == 0, "an index inside an imported import is not filed");
    tl  = txng_index_imported_text(text, 5);
    err = txng_index_find(log, text, tl, TXNG_ROLE_IMPORT, &hits, &n);
    ok(err == TXNG_OK && n == 0, "an upstream index key is not found in the origin role");
    txng_log_close(log);

    ok(verify(dir, &d) == TXNG_OK, "verify accepts the import keys");
    ok(db_edit(dir, "\002" UP, 4, 'M', false) == 0, "delete an origin key");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 4, "verify names record 4 for it");
    ok(db_edit(dir, "\002" UP, 4, 'M', true) == 0 && verify(dir, &d) == TXNG_OK, "restored");
    ok(db_edit(dir, "\002#5", 3, 'U', false) == 0, "delete an upstream index key");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 3, "verify names record 3 for it");
    ok(db_edit(dir, "\002#5", 3, 'U', true) == 0 && verify(dir, &d) == TXNG_OK, "restored");
    ok(db_edit(dir, "\002#6", 3, 'U', true) == 0, "add a forged upstream index key");
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == 3, "verify names record 3 for it");
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

/*
 * Corrections by number: a record of this log is corrected by this log's
 * own corrections of its index, an imported record by corrections imported
 * from the same origin naming its upstream index.
 */
#define CORR(n)                                                                                    \
    "{\"type\":\"txng:Correction\",\"txng:corrects\":" n ",\"errorDeclaration\":{"                 \
    "\"declarationTime\":\"2024-01-02T00:00:00Z\",\"reason\":\"incorrect_data\"}}"
#define IMPORTED_AT(back, idx, inner)                                                              \
    "{\"type\":\"txng:Imported\",\"import\":" back ",\"proof\":[],\"record\":{\"index\":" idx      \
    ",\"event\":" inner "}}"
static void
test_corrected_by(const char *dir)
{
    txng_signer *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_log    *log    = new_log(dir, logkey, grower);
    const char  *text[] = {
         OBJ,                                                            /* 2: own event */
         "{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"count\":3}", /* 3 */
         IMPORTED_AT("1", "5", OBJ),                                     /* 4: upstream 5 */
         IMPORTED_AT("2", "9", CORR("2")),  /* 5: upstream 9 corrects its 2 */
         IMPORTED_AT("3", "10", CORR("5")), /* 6: upstream 10 corrects 5 = 4 */
         CORR("2"),                         /* 7: corrects own 2 */
         CORR("4"),                         /* 8: not the imported 4 */
         "{\"type\":\"txng:Import\",\"origin\":\"other.example/log\",\"count\":1}", /* 9 */
         IMPORTED_AT("1", "11", CORR("5")), /* 10: another origin's 5 */
    };
    uint64_t *by = NULL, first = 0;
    size_t    n = 0;
    txng_err  err;

    ok(append_texts(log, logkey, grower, text, sizeof text / sizeof text[0], T0 + 1, &first) ==
               TXNG_OK &&
           first == 2,
       "append own and imported corrections");
    err = txng_index_corrected_by(log, 2, &by, &n);
    ok(err == TXNG_OK && n == 1 && by[0] == 7,
       "an own record: corrected by the own correction, not by an imported one of its number");
    free(by);
    err = txng_index_corrected_by(log, 4, &by, &n);
    ok(err == TXNG_OK && n == 1 && by[0] == 6,
       "an imported record: by the correction of its upstream index from its origin only");
    free(by);
    err = txng_index_corrected_by(log, 6, &by, &n);
    ok(err == TXNG_OK && n == 0 && by == NULL, "a correction nothing corrects");
    err = txng_index_corrected_by(log, 99, &by, &n);
    ok(err == TXNG_ENOTFOUND && n == 0 && by == NULL, "no such record");
    ok(txng_index_corrected_by(NULL, 2, &by, &n) == TXNG_EINVAL &&
           txng_index_corrected_by(log, 2, NULL, &n) == TXNG_EINVAL,
       "NULL arguments");

    /* master data: an imported Place describes its id when this log has none */
    {
#define PLACE(name) "{\"type\":\"txng:Place\",\"id\":\"urn:txng:o:place:p1\",\"name\":\"" name "\"}"
        const char *up[] = { "{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"count\":1}",
                             IMPORTED_AT("1", "12", PLACE("Upstream")) };
        const char *own[] = { PLACE("Own") };
        json_t     *mev   = NULL;
        uint64_t    mi    = 0;
        bool        found = false;

        ok(append_texts(log, logkey, grower, up, 2, T0 + 2, NULL) == TXNG_OK,
           "append an imported place");
        ok(txng_index_master(log, TXNG_GS1_KIND_PLACE, "urn:txng:o:place:p1", &mi, &mev, &found) ==
                   TXNG_OK &&
               !found && mev == NULL,
           "txng_index_master: own records only");
        ok(txng_index_master_any(log, TXNG_GS1_KIND_PLACE, "urn:txng:o:place:p1", &mi, &mev,
                                 &found) == TXNG_OK &&
               found && mi == 12 &&
               strcmp(json_string_value(json_object_get(mev, "name")), "Upstream") == 0,
           "txng_index_master_any: the imported place, as the upstream event");
        json_decref(mev);
        ok(append_texts(log, logkey, grower, own, 1, T0 + 3, NULL) == TXNG_OK,
           "append this log's own record of the place");
        ok(txng_index_master_any(log, TXNG_GS1_KIND_PLACE, "urn:txng:o:place:p1", &mi, &mev,
                                 &found) == TXNG_OK &&
               found && mi == 13 &&
               strcmp(json_string_value(json_object_get(mev, "name")), "Own") == 0,
           "txng_index_master_any: this log's own record wins");
        json_decref(mev);
#undef PLACE
    }

    /* EPCIS error declarations name the event by its eventID, also the event of an
     * imported record; the first correctiveEventIDs is the replacement. */
    {
#define EID(x) "urn:uuid:00000000-0000-4000-8000-00000000000" x
#define EV(x)  "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"eventID\":\"" EID(x) "\"}"
#define DECL(x, fix)                                                                               \
    "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"eventID\":\"" EID(x)                           \
    "\",\"errorDeclaration\":{\"declarationTime\":\"2024-01-02T00:00:00Z\",\"reason\":"             \
    "\"did_not_occur\",\"correctiveEventIDs\":[\"" EID(fix) "\"]}}"
        const char *more[] = {
            EV("1"),                                                       /* 14 */
            EV("2"),                                                       /* 15 */
            DECL("1", "2"),                                                /* 16 */
            "{\"type\":\"txng:Import\",\"origin\":\"" UP "\",\"count\":1}", /* 17 */
            IMPORTED_AT("1", "20", EV("3")),                               /* 18 */
            DECL("3", "9"),                                                /* 19 */
        };
        txng_record *rec = NULL;
        char        *bytes = NULL;
        size_t       len   = 0;
        uint64_t     rep   = 0;
        bool         found = false;

        ok(append_texts(log, logkey, grower, more, sizeof more / sizeof more[0], T0 + 4,
                        &first) == TXNG_OK &&
               first == 14,
           "append events with eventIDs, their declarations, an imported one");
        err = txng_index_declared_wrong(log, 14, NULL, &by, &n);
        ok(err == TXNG_OK && n == 1 && by[0] == 16, "declared wrong by its eventID");
        free(by);
        ok(txng_log_get(log, 14, &bytes, &len) == TXNG_OK &&
               txng_record_decode(&rec, bytes, len, NULL) == TXNG_OK &&
               txng_index_declared_wrong(log, 14, rec->event, &by, &n) == TXNG_OK && n == 1 &&
               by[0] == 16,
           "the same with the event given");
        free(by);
        free(bytes);
        txng_record_free(rec);
        err = txng_index_declared_wrong(log, 18, NULL, &by, &n);
        ok(err == TXNG_OK && n == 1 && by[0] == 19,
           "an imported record: by the eventID of its upstream event");
        free(by);
        err = txng_index_declared_wrong(log, 16, NULL, &by, &n);
        ok(err == TXNG_OK && n == 0 && by == NULL, "a declaration is not declared wrong by itself");
        err = txng_index_declared_wrong(log, 99, NULL, &by, &n);
        ok(err == TXNG_ENOTFOUND && n == 0 && by == NULL, "declared wrong: no such record");
        ok(txng_index_replacement(log, 16, &rep, &found) == TXNG_OK && found && rep == 15,
           "replacement: the record of the first correctiveEventIDs");
        ok(txng_index_replacement(log, 19, &rep, &found) == TXNG_OK && !found,
           "replacement: none when no record holds that eventID");
        ok(txng_index_replacement(log, 7, &rep, &found) == TXNG_OK && !found,
           "replacement: none when the correction names none");
#undef DECL
#undef EV
#undef EID
    }
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

/* More records than one verify chunk: the bad record is found in a later chunk. */
static void
test_chunks(const char *dir, int n)
{
    txng_signer *logkey = signer(ORIGIN, 1), *grower = signer("grower.example", 2);
    txng_log    *log = new_log(dir, logkey, grower);
    json_t     **evs = calloc((size_t) n, sizeof *evs);
    char         id[64];
    txng_diag    d;
    txng_err     err;

    if (evs == NULL)
        abort();
    for (int i = 0; i < n; i++)
        evs[i] = json_pack("{s:s, s:s, s:[s]}", "type", "ObjectEvent", "action", "OBSERVE",
                           "epcList", (snprintf(id, sizeof id, "urn:x:u%d", i), id));
    ok(txng_log_append_as(log, logkey, grower, evs, (size_t) n, T0 + 1, NULL, NULL) == TXNG_OK,
       "append %d events", n);
    txng_log_close(log);
    ok(verify(dir, &d) == TXNG_OK, "verify accepts them");
    snprintf(id, sizeof id, "urn:x:u%d", n - 3);
    ok(db_edit(dir, id, (uint64_t) n - 1, 'E', false) == 0, "delete the entry of record %d", n - 1);
    err = verify(dir, &d);
    ok(err == TXNG_ECORRUPT && d.has_index && d.index == (uint64_t) n - 1, "verify names record %d",
       n - 1);
    for (int i = 0; i < n; i++)
        json_decref(evs[i]);
    free(evs);
    txng_signer_free(logkey);
    txng_signer_free(grower);
}

int
main(void)
{
    const char *t = getenv("TMPDIR");
    const char *v = getenv("TXNG_TEST_SMALL");
    char        dir[4200];

    if (sodium_init() < 0)
        return 1;
    snprintf(tmp_root, sizeof tmp_root, "%s/test_index.XXXXXX", t != NULL && *t ? t : "/tmp");
    if (mkdtemp(tmp_root) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    test_extract();
    test_keys();
    test_import_keys();
    test_sig_keys();
    snprintf(dir, sizeof dir, "%s/a", tmp_root);
    test_database(dir);
    remove_log(dir);
    test_names();
    test_stamps();
    snprintf(dir, sizeof dir, "%s/c", tmp_root);
    test_name_db(dir);
    remove_log(dir);
    snprintf(dir, sizeof dir, "%s/d", tmp_root);
    test_import_db(dir);
    remove_log(dir);
    snprintf(dir, sizeof dir, "%s/e", tmp_root);
    test_corrected_by(dir);
    remove_log(dir);
    snprintf(dir, sizeof dir, "%s/b", tmp_root);
    /* Small under valgrind (or with TXNG_TEST_SMALL set): one chunk is then enough. */
    test_chunks(dir, (v != NULL && *v) || RUNNING_ON_VALGRIND ? 300 : 5000);
    remove_log(dir);
    rmdir(tmp_root);
    return tap_done();
}
