/*
 * test_log.c - the log: create/open, key enrolment and revocation, appends,
 * checkpoints, proofs, tlog-proof text and whole-log verification
 *
 * Every log lives in a fresh directory under $TMPDIR (or /tmp) and uses
 * fixed seeds. Roots are recomputed here from the record bytes read back,
 * with libsodium's SHA-256 and a naive recursive MTH, not with the library.
 * The worked example of docs/format.md is checked byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "core/canon.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/record.h"
#include "core/store.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define HB      TXNG_HASH_BYTES
#define ORIGIN  "example.org/txng-test"
#define T0      1700000000
#define NRECS   100

typedef unsigned char hash_t[HB];

static char tmp_root[4096];

static void
make_tmp(void)
{
    const char *t = getenv("TMPDIR");

    snprintf(tmp_root, sizeof tmp_root, "%s/test_log.XXXXXX", t != NULL && *t ? t : "/tmp");
    if (mkdtemp(tmp_root) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
}

static void
dir_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmp_root, name);
}

/* Sign @p ev (consumed) with @p by. */
static json_t *
sign(json_t *ev, const txng_signer *by)
{
    json_t *out = NULL;

    if (txng_event_sign(&out, ev, by, NULL) != TXNG_OK)
        abort();
    json_decref(ev);
    return out;
}

static json_t *
enrol_event(const txng_signer *k, const char *role)
{
    char vkey[TXNG_VKEY_MAX];

    txng_pubkey_format(txng_signer_pubkey(k), vkey);
    return json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", role);
}

static json_t *
revoke_event(const txng_signer *k)
{
    char ref[TXNG_KEYREF_MAX];

    txng_pubkey_ref(txng_signer_pubkey(k), ref);
    return json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_REVOKE, "key", ref, "reason",
                     "lost");
}

static json_t *
plain_event(int i)
{
    return json_pack("{s:s, s:s, s:i}", "type", "ObjectEvent", "lot", "L24-017", "n", i);
}

/* Append one signed event (consumed). */
static txng_err
append1(txng_log *log, const txng_signer *logkey, json_t *se, int64_t now, txng_diag *d)
{
    txng_diag dummy = TXNG_DIAG_INIT;
    txng_err  err   = txng_log_append(log, logkey, &se, 1, now, NULL, d != NULL ? d : &dummy);

    json_decref(se);
    return err;
}

static uint64_t
size_of(txng_log *log)
{
    uint64_t n = 0;

    if (txng_log_size(log, &n) != TXNG_OK)
        return UINT64_MAX;
    return n;
}

static void
leaf_of(hash_t out, const char *bytes, size_t len)
{
    crypto_hash_sha256_state st;
    unsigned char            zero = 0;

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &zero, 1);
    crypto_hash_sha256_update(&st, (const unsigned char *) bytes, len);
    crypto_hash_sha256_final(&st, out);
}

/* RFC 6962 MTH, the recursive definition. */
static void
mth(hash_t out, hash_t *leaves, size_t n)
{
    size_t        k = 1;
    hash_t        l, r;
    unsigned char buf[1 + 2 * HB];

    if (n == 0) {
        crypto_hash_sha256(out, NULL, 0);
        return;
    }
    if (n == 1) {
        memcpy(out, leaves[0], HB);
        return;
    }
    while (k * 2 < n)
        k *= 2;
    mth(l, leaves, k);
    mth(r, leaves + k, n - k);
    buf[0] = 1;
    memcpy(buf + 1, l, HB);
    memcpy(buf + 1 + HB, r, HB);
    crypto_hash_sha256(out, buf, sizeof buf);
}

/* Leaf hashes of every record, read back. */
static size_t
read_leaves(txng_log *log, hash_t *leaves, size_t cap)
{
    size_t n = 0;

    for (; n < cap; n++) {
        char  *b = NULL;
        size_t len;

        if (txng_log_get(log, n, &b, &len) != TXNG_OK)
            break;
        leaf_of(leaves[n], b, len);
        free(b);
    }
    return n;
}

/* Checkpoint of @p size (0 = newest), checked against the log key; fills @p cp. */
static bool
checkpoint_ok(txng_log *log, uint64_t size, txng_checkpoint *cp)
{
    char  *note = NULL;
    size_t len = 0, text_len = 0;
    bool   good;

    if (txng_log_checkpoint(log, size, &note, &len) != TXNG_OK)
        return false;
    good = txng_note_verify(note, len, txng_log_pubkey(log), 1, &text_len, NULL) == TXNG_OK &&
           txng_checkpoint_parse(cp, note, text_len, NULL) == TXNG_OK;
    free(note);
    return good;
}

/* ---- LMDB helpers for the key-state and rollback checks ---- */

static int
raw_edit(const char *dir, const char *db, const void *key, size_t klen, const void *val,
         size_t vlen)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi  dbi;
    MDB_val  k = { klen, (void *) (uintptr_t) key }, v = { vlen, (void *) (uintptr_t) val };
    int      rc = raw_begin(dir, &env, &txn);

    if (rc != 0)
        return rc;
    rc = mdb_dbi_open(txn, db, 0, &dbi);
    if (rc == 0)
        rc = val != NULL ? mdb_put(txn, dbi, &k, &v, 0) : mdb_del(txn, dbi, &k, NULL);
    return raw_end(env, txn, rc);
}

static int
raw_get(const char *dir, const char *db, const void *key, size_t klen, unsigned char *out,
        size_t *out_len)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi  dbi;
    MDB_val  k = { klen, (void *) (uintptr_t) key }, v;
    int      rc;

    rc = mdb_env_create(&env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(env, 8);
    if (rc == 0)
        rc = mdb_env_set_mapsize(env, (size_t) 1 << 30);
    if (rc == 0)
        rc = mdb_env_open(env, dir, 0, 0600);
    if (rc == 0)
        rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
    if (rc == 0)
        rc = mdb_dbi_open(txn, db, 0, &dbi);
    if (rc == 0)
        rc = mdb_get(txn, dbi, &k, &v);
    if (rc == 0) {
        memcpy(out, v.mv_data, v.mv_size);
        *out_len = v.mv_size;
    }
    mdb_txn_abort(txn);
    mdb_env_close(env);
    return rc;
}

/* ---- tests ---- */

struct ctx {
    char         dir[4200];
    txng_signer *logkey, *admin, *alice, *bob, *carol;
    char        *keyfile;
    size_t       keyfile_len;
};

static void
test_create_open(struct ctx *c)
{
    txng_log   *log = NULL, *log2 = (txng_log *) 1;
    char        p[4300], *kf = NULL, *rec = NULL;
    size_t      kf_len = 0, rec_len = 0;
    struct stat sb;
    txng_signer *other = signer("other.example", 0x77);
    txng_record *r = NULL;
    txng_pubkey  pk;
    char         vkey[TXNG_VKEY_MAX];

    dir_path(c->dir, sizeof c->dir, "log");
    ok(txng_log_create(&log, c->dir, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) ==
           TXNG_OK && log != NULL,
       "create a log in a new directory");
    ok(size_of(log) == 1, "a new log has one record (the genesis)");
    ok(strcmp(txng_log_origin(log), ORIGIN) == 0, "origin");
    ok(memcmp(txng_log_pubkey(log)->pk, txng_signer_pubkey(c->logkey)->pk, 32) == 0 &&
           txng_log_pubkey(log)->id == txng_signer_pubkey(c->logkey)->id,
       "log pubkey is the log key");
    snprintf(p, sizeof p, "%s/%s", c->dir, TXNG_LOG_KEY_FILE);
    ok(stat(p, &sb) == 0 && (sb.st_mode & 0777) == 0600, "log.key has mode 0600");
    ok(txng_log_keyfile(log, &kf, &kf_len) == TXNG_OK && kf_len == c->keyfile_len &&
           memcmp(kf, c->keyfile, kf_len) == 0,
       "log.key holds the key file text");
    free(kf);

    /* Genesis content. */
    ok(txng_log_get(log, 0, &rec, &rec_len) == TXNG_OK &&
           txng_record_decode(&r, rec, rec_len, NULL) == TXNG_OK,
       "record 0 decodes");
    txng_pubkey_format(txng_signer_pubkey(c->logkey), vkey);
    ok(r != NULL && r->index == 0 &&
           strcmp(json_string_value(json_object_get(r->event, "type")), TXNG_TYPE_GENESIS) == 0 &&
           strcmp(json_string_value(json_object_get(r->event, "origin")), ORIGIN) == 0 &&
           strcmp(json_string_value(json_object_get(r->event, "key")), vkey) == 0 &&
           json_object_size(r->event) == 3 && strcmp(r->recorded, "2023-11-14T22:13:20Z") == 0,
       "genesis names the origin and the log's verifier key");
    ok(r != NULL && json_array_size(r->signatures) == 1 &&
           txng_pubkey_parse(&pk, vkey, strlen(vkey), NULL) == TXNG_OK &&
           txng_event_verify(r->event, &pk,
                             json_string_value(json_object_get(
                                 json_array_get(r->signatures, 0), "sig"))) == TXNG_OK,
       "genesis is signed by the log key");
    txng_record_free(r);
    {
        txng_checkpoint cp;
        hash_t          leaf;

        leaf_of(leaf, rec, rec_len);
        ok(checkpoint_ok(log, 0, &cp) && cp.size == 1 && memcmp(cp.root, leaf, HB) == 0 &&
               strcmp(cp.origin, ORIGIN) == 0,
           "first checkpoint: size 1, root = leaf hash of the genesis, signed by the log key");
    }
    free(rec);
    txng_log_close(log);

    ok(txng_log_create(&log2, c->dir, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) ==
           TXNG_EEXIST && log2 == NULL,
       "second create in the same directory: EEXIST");
    dir_path(p, sizeof p, "other");
    ok(txng_log_create(&log2, p, "bad origin", c->logkey, c->keyfile, c->keyfile_len, T0) ==
           TXNG_EINVAL,
       "create: invalid origin");
    ok(txng_log_create(&log2, p, ORIGIN, other, c->keyfile, c->keyfile_len, T0) == TXNG_EINVAL,
       "create: key name differs from the origin");
    ok(txng_log_create(&log2, p, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, -5) ==
           TXNG_EINVAL,
       "create: time before the epoch");
    ok(txng_log_create(&log2, "/proc/no/such/dir", ORIGIN, c->logkey, c->keyfile,
                       c->keyfile_len, T0) == TXNG_ESYS,
       "create: parent missing gives ESYS");
    {
        char kp[4400];
        int  fd;

        mkdir(p, 0700);
        snprintf(kp, sizeof kp, "%s/%s", p, TXNG_LOG_KEY_FILE);
        fd = open(kp, O_WRONLY | O_CREAT, 0600);
        close(fd);
        ok(txng_log_create(&log2, p, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) ==
               TXNG_EEXIST,
           "create: a stray log.key is not overwritten");
        unlink(kp);
        rmdir(p);
    }

    ok(txng_log_open(&log2, p, 0) == TXNG_ENOTFOUND && log2 == NULL,
       "open a missing directory: ENOTFOUND");
    mkdir(p, 0700);
    ok(txng_log_open(&log2, p, 0) == TXNG_ENOTFOUND, "open a directory without a log: ENOTFOUND");
    rmdir(p);
    ok(txng_log_open(&log2, c->dir, 1u << 7) == TXNG_EINVAL, "open: unknown flag");
    ok(txng_log_open(&log, c->dir, 0) == TXNG_OK && log != NULL, "open the log again");
    ok(strcmp(txng_log_origin(log), ORIGIN) == 0 && size_of(log) == 1, "reopened state");
    txng_log_close(log);
    txng_log_close(NULL);
    txng_signer_free(other);
}

static void
test_keys(struct ctx *c, txng_log *log)
{
    txng_diag     d = TXNG_DIAG_INIT;
    txng_key_info ki;
    uint64_t      first = 99;
    json_t       *se;

    se = sign(enrol_event(c->admin, "admin"), c->logkey);
    ok(txng_log_append(log, c->logkey, &se, 1, T0 + 1, &first, &d) == TXNG_OK && first == 1,
       "the log key enrols an admin");
    json_decref(se);
    ok(txng_log_key(log, "admin.example", &ki) == TXNG_OK && strcmp(ki.role, "admin") == 0 &&
           ki.enrolled == 1 && !ki.is_revoked &&
           memcmp(ki.key.pk, txng_signer_pubkey(c->admin)->pk, 32) == 0,
       "the admin key is known with its role and enrolment index");
    ok(append1(log, c->logkey, sign(enrol_event(c->alice, "farmer"), c->admin), T0 + 2, NULL) ==
           TXNG_OK,
       "an admin enrols alice");
    ok(append1(log, c->logkey, sign(enrol_event(c->carol, "admin"), c->admin), T0 + 2, NULL) ==
           TXNG_OK,
       "an admin enrols carol as admin");
    memset(&d, 0, sizeof d);
    ok(append1(log, c->logkey, sign(enrol_event(c->bob, "farmer"), c->alice), T0 + 3, &d) ==
           TXNG_EPERM &&
           d.line == 1 && d.reason != NULL && size_of(log) == 4,
       "a non-admin may not enrol (EPERM, nothing written)");
    {
        txng_signer *dup = signer("alice.example", 0x99);

        memset(&d, 0, sizeof d);
        ok(append1(log, c->logkey, sign(enrol_event(dup, "farmer"), c->admin), T0 + 3, &d) ==
               TXNG_EEXIST &&
               size_of(log) == 4,
           "an enrolled name is taken (EEXIST)");
        txng_signer_free(dup);
    }
    ok(append1(log, c->logkey,
               sign(json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", "garbage",
                              "role", "farmer"),
                    c->admin),
               T0, NULL) == TXNG_EFORMAT,
       "enrol: key not a verifier key");
    ok(append1(log, c->logkey, sign(enrol_event(c->bob, "Farmer"), c->admin), T0, NULL) ==
           TXNG_EFORMAT,
       "enrol: role not lower case");
    ok(append1(log, c->logkey, sign(enrol_event(c->bob, "log"), c->admin), T0, NULL) ==
           TXNG_EFORMAT,
       "enrol: role log is reserved");
    {
        json_t *ev = enrol_event(c->bob, "farmer");

        json_object_set_new(ev, "extra", json_integer(1));
        ok(append1(log, c->logkey, sign(ev, c->admin), T0, NULL) == TXNG_EFORMAT,
           "enrol: extra member");
    }
    ok(append1(log, c->logkey,
               sign(json_pack("{s:s, s:s}", "type", TXNG_TYPE_GENESIS, "origin", ORIGIN),
                    c->logkey),
               T0, NULL) == TXNG_EFORMAT,
       "a second genesis is refused");
    ok(append1(log, c->logkey, sign(plain_event(1), c->alice), T0 + 4, NULL) == TXNG_OK,
       "alice appends an event");
    /* Replays: the same signed event again, alone or twice in one batch. */
    memset(&d, 0, sizeof d);
    ok(append1(log, c->logkey, sign(plain_event(1), c->alice), T0 + 5, &d) == TXNG_EEXIST &&
           d.has_index && d.index == 4 && strcmp(d.field, "signatures/0/sig") == 0 &&
           strstr(d.reason, "already in the log") != NULL && size_of(log) == 5,
       "the same signed event again: EEXIST naming record 4, nothing appended");
    {
        json_t *copied = sign(plain_event(1), c->alice);

        json_object_set_new(json_object_get(copied, "event"), "n", json_integer(2));
        memset(&d, 0, sizeof d);
        ok(append1(log, c->logkey, copied, T0 + 5, &d) == TXNG_EBADSIG &&
               strcmp(d.reason, "signature does not verify") == 0 && size_of(log) == 5,
           "a logged signature on an edited event: EBADSIG, not a replay");
    }
    {
        json_t *twice[3] = { sign(plain_event(40), c->alice), sign(plain_event(41), c->alice),
                             NULL };

        twice[2] = json_incref(twice[0]);
        memset(&d, 0, sizeof d);
        ok(txng_log_append(log, c->logkey, twice, 3, T0 + 5, NULL, &d) == TXNG_EEXIST &&
               d.line == 3 && !d.has_index && strstr(d.reason, "given twice") != NULL &&
               size_of(log) == 5,
           "a batch holding one signed event twice: EEXIST at line 3, nothing appended");
        for (int i = 0; i < 3; i++)
            json_decref(twice[i]);
    }
    memset(&d, 0, sizeof d);
    ok(append1(log, c->logkey, sign(plain_event(2), c->bob), T0 + 4, &d) == TXNG_EBADSIG &&
           d.reason != NULL && strcmp(d.reason, "signed by an unknown key") == 0 &&
           size_of(log) == 5,
       "an unknown key: EBADSIG 'signed by an unknown key'");
    {
        json_t *se2 = sign(plain_event(3), c->alice);
        json_t *s0  = json_array_get(json_object_get(se2, "signatures"), 0);
        char    sig[100];

        snprintf(sig, sizeof sig, "%s", json_string_value(json_object_get(s0, "sig")));
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        json_object_set_new(s0, "sig", json_string(sig));
        memset(&d, 0, sizeof d);
        ok(append1(log, c->logkey, se2, T0 + 4, &d) == TXNG_EBADSIG && size_of(log) == 5 &&
               strstr(d.field, "signatures/0") != NULL,
           "a bad signature: EBADSIG");
    }
    {
        json_t *se2 = sign(plain_event(3), c->alice);
        json_t *s0  = json_array_get(json_object_get(se2, "signatures"), 0);
        char    ref[TXNG_KEYREF_MAX];

        /* Right name, wrong key ID. */
        txng_pubkey_ref(txng_signer_pubkey(c->alice), ref);
        ref[strlen(ref) - 1] = ref[strlen(ref) - 1] == '0' ? '1' : '0';
        json_object_set_new(s0, "key", json_string(ref));
        ok(append1(log, c->logkey, se2, T0 + 4, NULL) == TXNG_EBADSIG,
           "a known name with another key ID: EBADSIG");
    }
    /* All or nothing. */
    {
        json_t   *batch[3];
        uint64_t  before = size_of(log);

        batch[0] = sign(plain_event(10), c->alice);
        batch[1] = sign(plain_event(11), c->alice);
        batch[2] = json_pack("{s:{s:s}, s:[]}", "event", "type", "x", "signatures");
        memset(&d, 0, sizeof d);
        ok(txng_log_append(log, c->logkey, batch, 3, T0 + 5, NULL, &d) == TXNG_EFORMAT &&
               d.line == 3 && size_of(log) == before,
           "a bad 3rd event: EFORMAT, line 3, size unchanged");
        json_decref(batch[2]);
        batch[2] = sign(plain_event(12), c->bob);
        memset(&d, 0, sizeof d);
        ok(txng_log_append(log, c->logkey, batch, 3, T0 + 5, NULL, &d) == TXNG_EBADSIG &&
               d.line == 3 && size_of(log) == before,
           "an unknown signer in 3rd place: EBADSIG, line 3, size unchanged");
        json_decref(batch[2]);
        batch[2] = plain_event(13);
        memset(&d, 0, sizeof d);
        ok(txng_log_append(log, c->logkey, batch, 3, T0 + 5, NULL, &d) == TXNG_EFORMAT &&
               d.line == 3 && size_of(log) == before,
           "an unsigned event in txng_log_append: EFORMAT, line 3");
        for (int i = 0; i < 3; i++)
            json_decref(batch[i]);
    }
    /* Enrol and use in one batch; revoke and use in one batch. */
    {
        json_t  *batch[2];
        uint64_t before = size_of(log);

        batch[0] = sign(enrol_event(c->bob, "farmer"), c->admin);
        batch[1] = sign(plain_event(20), c->bob);
        ok(txng_log_append(log, c->logkey, batch, 2, T0 + 6, &first, NULL) == TXNG_OK &&
               first == before && size_of(log) == before + 2,
           "a key enrolled earlier in the batch may sign");
        json_decref(batch[0]);
        json_decref(batch[1]);
    }
    /* Revocation. */
    ok(append1(log, c->logkey, sign(revoke_event(c->alice), c->admin), T0 + 7, NULL) == TXNG_OK,
       "an admin revokes alice");
    ok(txng_log_key(log, "alice.example", &ki) == TXNG_OK && ki.is_revoked &&
           ki.revoked == size_of(log) - 1,
       "alice is revoked at the revocation's index");
    {
        uint64_t before = size_of(log);

        memset(&d, 0, sizeof d);
        ok(append1(log, c->logkey, sign(plain_event(30), c->alice), T0 + 8, &d) == TXNG_EPERM &&
               d.reason != NULL && strcmp(d.reason, "signed by a revoked key") == 0 &&
               size_of(log) == before,
           "a signature by a revoked key: EPERM, nothing written");
        ok(append1(log, c->logkey, sign(revoke_event(c->alice), c->admin), T0 + 8, NULL) ==
               TXNG_EEXIST,
           "revoke twice: EEXIST");
        {
            txng_signer *ghost = signer("ghost.example", 0x55);

            ok(append1(log, c->logkey, sign(revoke_event(ghost), c->admin), T0 + 8, NULL) ==
                   TXNG_ENOTFOUND,
               "revoke an unknown key: ENOTFOUND");
            txng_signer_free(ghost);
        }
        ok(append1(log, c->logkey, sign(revoke_event(c->logkey), c->admin), T0 + 8, NULL) ==
               TXNG_EPERM,
           "the log key cannot be revoked");
        ok(append1(log, c->logkey, sign(revoke_event(c->admin), c->bob), T0 + 8, NULL) ==
               TXNG_EPERM,
           "a non-admin may not revoke");
        ok(append1(log, c->logkey,
                   sign(json_pack("{s:s, s:s, s:i}", "type", TXNG_TYPE_KEY_REVOKE, "key",
                                  "x+00000000", "reason", 5),
                        c->admin),
                   T0 + 8, NULL) == TXNG_EFORMAT,
           "revoke: reason not a string");
        ok(append1(log, c->logkey,
                   sign(json_pack("{s:s, s:s}", "type", TXNG_TYPE_KEY_REVOKE, "key", "nokeyref"),
                        c->admin),
                   T0 + 8, NULL) == TXNG_EFORMAT,
           "revoke: key not a key reference");
        ok(size_of(log) == before, "none of the refused revocations wrote anything");
    }
    ok(txng_log_key(log, "nobody.example", &ki) == TXNG_ENOTFOUND, "key: unknown name");
}

static txng_err
collect_key(void *ctx, const txng_key_info *k)
{
    json_t *list = ctx;

    json_array_append_new(list, json_pack("{s:s, s:I}", "name", k->key.name, "enrolled",
                                          (json_int_t) k->enrolled));
    return TXNG_OK;
}

static txng_err
stop_at_second(void *ctx, const txng_key_info *k)
{
    int *n = ctx;

    (void) k;
    return ++*n == 2 ? TXNG_ENOTFOUND : TXNG_OK;
}

static void
test_keys_list(txng_log *log)
{
    json_t *list = json_array();
    int     n    = 0;
    bool    sorted = true;

    ok(txng_log_keys(log, collect_key, list) == TXNG_OK && json_array_size(list) == 5,
       "keys: five keys (log, admin, alice, carol, bob)");
    for (size_t i = 1; i < json_array_size(list); i++)
        if (json_integer_value(json_object_get(json_array_get(list, i - 1), "enrolled")) >
            json_integer_value(json_object_get(json_array_get(list, i), "enrolled")))
            sorted = false;
    ok(sorted && strcmp(json_string_value(json_object_get(json_array_get(list, 0), "name")),
                        ORIGIN) == 0,
       "keys come in enrolment order, the log key first");
    ok(txng_log_keys(log, stop_at_second, &n) == TXNG_ENOTFOUND && n == 2,
       "keys stops at the first error and passes it on");
    json_decref(list);
}

static void
test_append_as(struct ctx *c, txng_log *log)
{
    json_t   *evs[3];
    txng_diag d = TXNG_DIAG_INIT;
    uint64_t  before = size_of(log), first = 0;

    for (int i = 0; i < 3; i++)
        evs[i] = plain_event(40 + i);
    ok(txng_log_append_as(log, c->logkey, c->alice, evs, 3, T0 + 9, NULL, &d) == TXNG_EPERM &&
           size_of(log) == before,
       "append_as by a revoked key: EPERM");
    {
        txng_signer *ghost = signer("ghost.example", 0x55);

        ok(txng_log_append_as(log, c->logkey, ghost, evs, 3, T0 + 9, NULL, NULL) ==
               TXNG_EBADSIG,
           "append_as by an unknown key: EBADSIG");
        txng_signer_free(ghost);
    }
    ok(txng_log_append_as(log, c->logkey, NULL, evs, 3, T0 + 9, NULL, NULL) == TXNG_EINVAL,
       "append_as without an actor: EINVAL");
    ok(txng_log_append_as(log, c->logkey, c->bob, evs, 3, T0 + 9, &first, NULL) == TXNG_OK &&
           first == before && size_of(log) == before + 3,
       "append_as by bob");
    json_decref(evs[2]);
    evs[2] = json_pack("{s:i}", "n", 1);
    memset(&d, 0, sizeof d);
    ok(txng_log_append_as(log, c->logkey, c->bob, evs, 3, T0 + 9, NULL, &d) == TXNG_EFORMAT &&
           d.line == 3 && size_of(log) == before + 3,
       "append_as: an event without a type at line 3");
    json_decref(evs[2]);
    evs[2] = enrol_event(c->admin, "admin");
    ok(txng_log_append_as(log, c->logkey, c->bob, evs, 3, T0 + 9, NULL, &d) == TXNG_EPERM,
       "append_as: a non-admin actor may not enrol");
    json_decref(evs[2]);
    /* An admin revoking itself mid-batch cannot sign the rest. */
    {
        txng_signer *tmp = signer("temp.example", 0x66);

        ok(append1(log, c->logkey, sign(enrol_event(tmp, "admin"), c->admin), T0 + 9, NULL) ==
               TXNG_OK,
           "enrol a temporary admin");
        evs[2] = plain_event(50);
        json_decref(evs[1]);
        evs[1] = revoke_event(tmp);
        memset(&d, 0, sizeof d);
        ok(txng_log_append_as(log, c->logkey, tmp, evs, 3, T0 + 9, NULL, &d) == TXNG_EPERM &&
               d.line == 3,
           "append_as: after revoking itself the actor may not sign (line 3)");
        txng_signer_free(tmp);
    }
    for (int i = 0; i < 3; i++)
        json_decref(evs[i]);
}

/* A bare event at second @p i of a day, so that its signature is filed under its time. */
static json_t *
timed_event(int i)
{
    char when[40];

    snprintf(when, sizeof when, "2023-11-12T09:%02d:%02d+07:00", i / 60 % 60, i % 60);
    return json_pack("{s:s, s:s, s:s, s:i}", "type", "ObjectEvent", "eventTime", when,
                     "eventTimeZoneOffset", "+07:00", "n", i);
}

/* txng_log_append_once() and txng_log_holds(): a retry appends only what did not land. */
static void
test_append_once(struct ctx *c, txng_log *log)
{
    json_t   *evs[4], *twice[2], *se, *co;
    uint64_t  at[4], held[4], first = 0, size, size2;
    char     *cp = NULL, *cp2 = NULL;
    size_t    cp_len = 0, cp2_len = 0;
    txng_diag d = TXNG_DIAG_INIT;

    for (int i = 0; i < 3; i++)
        evs[i] = timed_event(i);
    evs[3] = plain_event(90); /* no eventTime: filed at time 0, with the key records */
    size   = size_of(log);
    ok(txng_log_holds(log, txng_signer_pubkey(c->bob), (const json_t *const *) evs, 4, held) ==
               TXNG_OK &&
           held[0] == TXNG_LOG_NONE && held[3] == TXNG_LOG_NONE,
       "once: the log holds none of them yet");
    ok(txng_log_append_once(log, c->logkey, c->bob, evs, 4, T0 + 20, &first, at, NULL) ==
               TXNG_OK &&
           first == size && at[0] == size && at[3] == size + 3 && size_of(log) == size + 4,
       "once: four new events are appended, each at its record");
    ok(txng_log_checkpoint(log, 0, &cp, &cp_len) == TXNG_OK, "once: the checkpoint after them");
    memset(at, 0, sizeof at);
    ok(txng_log_append_once(log, c->logkey, c->bob, evs, 4, T0 + 30, &first, at, NULL) ==
               TXNG_OK &&
           first == size + 4 && at[0] == size && at[1] == size + 1 && at[3] == size + 3 &&
           size_of(log) == size + 4,
       "once: again, nothing is appended and each event names its record");
    ok(txng_log_checkpoint(log, 0, &cp2, &cp2_len) == TXNG_OK && cp2_len == cp_len &&
           memcmp(cp, cp2, cp_len) == 0,
       "once: no new checkpoint when nothing is new");
    ok(txng_log_holds(log, txng_signer_pubkey(c->bob), (const json_t *const *) evs, 4, held) ==
               TXNG_OK &&
           held[0] == size && held[2] == size + 2 && held[3] == size + 3,
       "holds: bare events signed by bob, with and without an eventTime");
    ok(txng_log_holds(log, txng_signer_pubkey(c->carol), (const json_t *const *) evs, 4,
                      held) == TXNG_OK &&
           held[0] == TXNG_LOG_NONE && held[3] == TXNG_LOG_NONE,
       "holds: the same events by another key are not held");
    ok(txng_log_holds(log, NULL, (const json_t *const *) evs, 4, held) == TXNG_OK &&
           held[1] == TXNG_LOG_NONE,
       "holds: bare events without a signer are not held");
    ok(txng_log_holds(log, NULL, (const json_t *const *) evs, 4, NULL) == TXNG_EINVAL &&
           txng_log_holds(NULL, NULL, NULL, 0, NULL) == TXNG_EINVAL,
       "holds: NULL arguments: EINVAL");
    /* the record time of a retry that appends nothing is not checked */
    ok(txng_log_append_once(log, c->logkey, c->bob, evs, 4, T0 - 3 * TXNG_LOG_CLOCK_SLACK, &first,
                            NULL, NULL) == TXNG_OK &&
           size_of(log) == size + 4,
       "once: a retry with an old time that appends nothing passes");
    /* partly new */
    json_decref(evs[1]);
    evs[1] = timed_event(61);
    ok(txng_log_append_once(log, c->logkey, c->bob, evs, 4, T0 + 40, &first, at, NULL) ==
               TXNG_OK &&
           first == size + 4 && at[0] == size && at[1] == size + 4 && at[2] == size + 2 &&
           at[3] == size + 3 && size_of(log) == size + 5,
       "once: a file partly in the log appends the rest");
    ok(txng_log_append_once(log, c->logkey, c->bob, evs, 4, T0 - 3 * TXNG_LOG_CLOCK_SLACK, &first,
                            at, &d) == TXNG_OK,
       "once: the time is not checked when nothing is new (again)");
    json_decref(evs[1]);
    evs[1] = timed_event(62);
    memset(&d, 0, sizeof d);
    ok(txng_log_append_once(log, c->logkey, c->bob, evs, 4, T0 - 3 * TXNG_LOG_CLOCK_SLACK, &first,
                            at, &d) == TXNG_EINVAL &&
           strcmp(d.field, "recorded") == 0 && size_of(log) == size + 5,
       "once: one new event at an old time: EINVAL as for an append");
    /* given twice in one input: refused, held or not */
    twice[0] = evs[0];
    twice[1] = evs[0];
    memset(&d, 0, sizeof d);
    ok(txng_log_append_once(log, c->logkey, c->bob, twice, 2, T0 + 50, NULL, NULL, &d) ==
               TXNG_EEXIST &&
           d.line == 2 && size_of(log) == size + 5,
       "once: a held event given twice: EEXIST at the second");
    twice[0] = evs[1];
    twice[1] = evs[1];
    memset(&d, 0, sizeof d);
    ok(txng_log_append_once(log, c->logkey, c->bob, twice, 2, T0 + 50, NULL, NULL, &d) ==
               TXNG_EEXIST &&
           d.line == 2 && size_of(log) == size + 5,
       "once: a new event given twice: EEXIST at the second");
    /* signed elsewhere */
    se = sign(timed_event(100), c->bob);
    size2 = size_of(log);
    ok(txng_log_append_once(log, c->logkey, NULL, &se, 1, T0 + 60, &first, at, NULL) ==
               TXNG_OK &&
           at[0] == size2 && size_of(log) == size2 + 1,
       "once: a signed event is appended");
    ok(txng_log_append_once(log, c->logkey, NULL, &se, 1, T0 + 61, &first, at, NULL) ==
               TXNG_OK &&
           at[0] == size2 && first == size2 + 1 && size_of(log) == size2 + 1,
       "once: the signed event again is left out");
    ok(txng_log_holds(log, NULL, (const json_t *const *) &se, 1, held) == TXNG_OK &&
           held[0] == size2,
       "holds: a signed event, by its signature");
    co = NULL;
    if (txng_event_sign(&co, se, c->carol, NULL) != TXNG_OK)
        abort();
    memset(&d, 0, sizeof d);
    ok(txng_log_append_once(log, c->logkey, NULL, &co, 1, T0 + 62, NULL, NULL, &d) ==
               TXNG_EEXIST &&
           d.has_index && d.index == size2 && size_of(log) == size2 + 1,
       "once: its signature with another beside it: EEXIST naming the record");
    ok(txng_log_holds(log, NULL, (const json_t *const *) &co, 1, held) == TXNG_OK &&
           held[0] == TXNG_LOG_NONE,
       "holds: another set of signatures is not held");
    /* claims keep txng_log_append_as(): the same event twice is two records */
    ok(txng_log_append_as(log, c->logkey, c->bob, evs, 1, T0 + 63, &first, NULL) == TXNG_OK &&
           first == size2 + 1 && size_of(log) == size2 + 2,
       "append_as does not leave out what the log holds");
    /* Twelve events of one unit: a held one is looked for among the records of its
     * second, fewer than the unit's; another event of that unit and second is not held. */
    {
        json_t  *many[12], *other;
        uint64_t h[12], at12[12], first12 = 0;
        bool     all = true;

        for (int i = 0; i < 12; i++) {
            many[i] = timed_event(100 + i);
            json_object_set_new(many[i], "epcList",
                                json_pack("[s]", "https://id.gs1.org/01/08930000000026/21/1"));
        }
        ok(txng_log_append_once(log, c->logkey, c->bob, many, 12, T0 + 70, &first12, at12,
                                NULL) == TXNG_OK,
           "once: twelve events of one unit");
        ok(txng_log_holds(log, txng_signer_pubkey(c->bob), (const json_t *const *) many, 12, h) ==
               TXNG_OK,
           "holds: the twelve");
        for (int i = 0; i < 12; i++)
            all = all && h[i] == first12 + (uint64_t) i;
        ok(all, "holds: each of them, at its record (found by its second)");
        other = timed_event(105);
        json_object_set_new(other, "n", json_integer(999));
        json_object_set_new(other, "epcList",
                            json_pack("[s]", "https://id.gs1.org/01/08930000000026/21/1"));
        ok(txng_log_holds(log, txng_signer_pubkey(c->bob), (const json_t *const *) &other, 1, h) ==
                   TXNG_OK &&
               h[0] == TXNG_LOG_NONE,
           "holds: another event of that unit and second is not");
        size2 = size_of(log);
        ok(txng_log_append_once(log, c->logkey, c->bob, many, 12, T0 + 71, &first12, at12,
                                NULL) == TXNG_OK &&
               size_of(log) == size2 && at12[11] == size2 - 1,
           "once: the twelve again: nothing appended");
        json_decref(other);
        for (int i = 0; i < 12; i++)
            json_decref(many[i]);
    }
    json_decref(se);
    json_decref(co);
    for (int i = 0; i < 4; i++)
        json_decref(evs[i]);
    free(cp);
    free(cp2);
}

/* The same events through txng_log_append (pre-signed) and txng_log_append_as give the same
 * bytes, equal to txng_record_encode() of the record. */
static void
test_same_bytes(struct ctx *c)
{
    char      da[4300], db[4300];
    txng_log *la = NULL, *lb = NULL;
    json_t   *evs[80], *signed_evs[80];
    bool      same = true, enc_same = true;

    dir_path(da, sizeof da, "same-a");
    dir_path(db, sizeof db, "same-b");
    if (txng_log_create(&la, da, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) != TXNG_OK ||
        txng_log_create(&lb, db, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) != TXNG_OK)
        abort();
    for (int i = 0; i < 80; i++) {
        evs[i] = i % 7 == 3 ? json_pack("{s:s, s:s, s:i}", "type", "note", "text",
                                         "Sâm \"Ngọc\" Linh\\\n\t\x01", "n", i)
                            : plain_event(i);
        signed_evs[i] = NULL;
        if (txng_event_sign(&signed_evs[i], evs[i], c->logkey, NULL) != TXNG_OK)
            abort();
    }
    ok(txng_log_append(la, c->logkey, signed_evs, 80, T0 + 100, NULL, NULL) == TXNG_OK,
       "append 80 pre-signed events (on all cores)");
    ok(txng_log_append_as(lb, c->logkey, c->logkey, evs, 80, T0 + 100, NULL, NULL) == TXNG_OK,
       "append_as the same 80 events");
    for (uint64_t i = 0; i <= 80; i++) {
        char         *a = NULL, *b = NULL, *e = NULL, *prevb = NULL;
        size_t        al = 0, bl = 0, el = 0, pl = 0;
        hash_t        prev;
        txng_record  *r = NULL;

        if (txng_log_get(la, i, &a, &al) != TXNG_OK || txng_log_get(lb, i, &b, &bl) != TXNG_OK ||
            al != bl || memcmp(a, b, al) != 0)
            same = false;
        if (i > 0 && txng_log_get(la, i - 1, &prevb, &pl) == TXNG_OK) {
            leaf_of(prev, prevb, pl);
            if (txng_record_decode(&r, a, al, NULL) != TXNG_OK ||
                txng_record_encode(&e, &el, r->event, r->signatures, i, prev, T0 + 100) !=
                    TXNG_OK ||
                el != al || memcmp(e, a, al) != 0 || !json_equal(r->event, evs[i - 1]))
                enc_same = false;
        }
        txng_record_free(r);
        free(a);
        free(b);
        free(e);
        free(prevb);
    }
    ok(same, "append and append_as store identical records");
    ok(enc_same, "stored records equal txng_record_encode() of their fields (escapes included)");
    for (int i = 0; i < 80; i++) {
        json_decref(evs[i]);
        json_decref(signed_evs[i]);
    }
    txng_log_close(la);
    txng_log_close(lb);
    remove_log(da);
    remove_log(db);
}

/* More events than one chunk of core/log.c (CHUNK, 4,096) holds: three chunks. */
#define BIG (2 * 4096 + 10)

/* Append @p evs to @p log, the one at @p at (0-based) replaced by @p bad; restore it. */
static txng_err
append_with(txng_log *log, const txng_signer *logkey, const txng_signer *actor, json_t **evs,
            size_t at, json_t *bad, txng_diag *d)
{
    json_t  *was = evs[at];
    txng_err err;

    memset(d, 0, sizeof *d);
    evs[at] = bad;
    err     = actor != NULL ? txng_log_append_as(log, logkey, actor, evs, BIG, T0 + 200, NULL, d)
                            : txng_log_append(log, logkey, evs, BIG, T0 + 200, NULL, d);
    evs[at] = was;
    json_decref(bad);
    return err;
}

/*
 * A batch of three chunks, appended signed and signed by the log: phase 1 of
 * each next chunk runs beside the writing of the one before, so a failure
 * in any chunk must name its line and leave nothing appended, and the
 * batch, once good, must give the same records either way.
 */
static void
test_big_batch(struct ctx *c)
{
    /* a line in each chunk, and the last of the first (its next is in the second) */
    static const size_t at[] = { 6, 4095, 4096 + 5, BIG - 2 };
    char                da[4300], db[4300];
    txng_log           *la = NULL, *lb = NULL;
    json_t            **evs = calloc(BIG, sizeof *evs), **sevs = calloc(BIG, sizeof *sevs);
    txng_diag           d;
    txng_verify_result  res;
    uint64_t            first = 0;
    bool                same  = true;

    if (RUNNING_ON_VALGRIND) {
        /* minutes of signatures there; the sanitizer build runs it */
        tap_skip(1, "batches of three chunks under valgrind");
        free(evs);
        free(sevs);
        return;
    }
    dir_path(da, sizeof da, "big-a");
    dir_path(db, sizeof db, "big-b");
    if (evs == NULL || sevs == NULL ||
        txng_log_create(&la, da, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) != TXNG_OK ||
        txng_log_create(&lb, db, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) != TXNG_OK)
        abort();
    for (size_t i = 0; i < BIG; i++) {
        evs[i] = plain_event((int) i);
        if (txng_event_sign(&sevs[i], evs[i], c->logkey, NULL) != TXNG_OK)
            abort();
    }
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        ok(append_with(lb, c->logkey, c->logkey, evs, at[k], json_pack("{s:i}", "n", 1), &d) ==
                   TXNG_EFORMAT &&
               d.line == at[k] + 1 && size_of(lb) == 1,
           "append_as of %d events, one without a type at line %zu: refused there, nothing "
           "appended",
           BIG, at[k] + 1);
        /* another event's signed event: a valid signature, of other bytes */
        /* the next event's signed event in its place: the same signed event twice */
        ok(append_with(la, c->logkey, NULL, sevs, at[k], json_incref(sevs[at[k] + 1]), &d) ==
                   TXNG_EEXIST &&
               d.line == at[k] + 2 && size_of(la) == 1,
           "append of %d signed events, one given again at line %zu: EEXIST there, nothing "
           "appended",
           BIG, at[k] + 2);
        {
            json_t *forged = json_deep_copy(sevs[at[k]]);

            json_object_set_new(json_object_get(forged, "event"), "n", json_integer(-1));
            ok(append_with(la, c->logkey, NULL, sevs, at[k], forged, &d) == TXNG_EBADSIG &&
                   d.line == at[k] + 1 && size_of(la) == 1,
               "append of %d signed events, one altered at line %zu: EBADSIG there, nothing "
               "appended",
               BIG, at[k] + 1);
        }
    }
    ok(txng_log_append(la, c->logkey, sevs, BIG, T0 + 200, &first, NULL) == TXNG_OK &&
           first == 1 && size_of(la) == BIG + 1,
       "append %d signed events in one batch", BIG);
    ok(txng_log_append_as(lb, c->logkey, c->logkey, evs, BIG, T0 + 200, &first, NULL) ==
               TXNG_OK &&
           first == 1 && size_of(lb) == BIG + 1,
       "append_as the same %d events", BIG);
    for (uint64_t i = 1; i <= BIG && same; i++) {
        char  *a = NULL, *b = NULL;
        size_t al = 0, bl = 0;

        same = txng_log_get(la, i, &a, &al) == TXNG_OK && txng_log_get(lb, i, &b, &bl) == TXNG_OK &&
               al == bl && memcmp(a, b, al) == 0;
        free(a);
        free(b);
    }
    ok(same, "both batches stored identical records, in order");
    ok(txng_log_verify(la, NULL, 0, NULL, NULL, &res, NULL) == TXNG_OK && res.size == BIG + 1 &&
           txng_log_verify(lb, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_OK,
       "both logs verify");
    for (size_t i = 0; i < BIG; i++) {
        json_decref(evs[i]);
        json_decref(sevs[i]);
    }
    free(evs);
    free(sevs);
    txng_log_close(la);
    txng_log_close(lb);
    remove_log(da);
    remove_log(db);
}

static void
test_proofs(struct ctx *c, txng_log *log)
{
    static hash_t  leaves[NRECS + 64];
    hash_t         root, proof[TXNG_MERKLE_MAX_PROOF];
    size_t         n, count;
    txng_checkpoint cp;
    bool           all = true;
    uint64_t       sizes[] = { 1, 2, 3, 7, 8, 9, 31, 64, 65, 99 };

    /* Fill up to NRECS records in batches of different sizes. */
    for (int k = 0; size_of(log) < NRECS; k++) {
        json_t  *evs[7];
        uint64_t want = NRECS - size_of(log);
        size_t   m    = want < (uint64_t) (k % 7 + 1) ? (size_t) want : (size_t) (k % 7 + 1);

        for (size_t i = 0; i < m; i++)
            evs[i] = plain_event(1000 + k * 10 + (int) i);
        if (txng_log_append_as(log, c->logkey, c->bob, evs, m, T0 + 200 + k, NULL, NULL) !=
            TXNG_OK)
            abort();
        for (size_t i = 0; i < m; i++)
            json_decref(evs[i]);
    }
    count = read_leaves(log, leaves, NRECS + 64);
    ok(count == NRECS && size_of(log) == NRECS, "the log has %d records", NRECS);
    mth(root, leaves, count);
    ok(checkpoint_ok(log, 0, &cp) && cp.size == NRECS && memcmp(cp.root, root, HB) == 0,
       "newest checkpoint: right size, root equals an independent MTH");
    {
        txng_checkpoint cp7;
        hash_t          r7;

        mth(r7, leaves, 1);
        ok(checkpoint_ok(log, 1, &cp7) && cp7.size == 1 && memcmp(cp7.root, r7, HB) == 0,
           "checkpoint of size 1 is still stored");
    }
    for (uint64_t i = 0; i < NRECS; i++) {
        if (txng_log_prove(log, i, 0, proof, &n) != TXNG_OK ||
            txng_merkle_verify_inclusion(leaves[i], i, NRECS, (const unsigned char (*)[HB]) proof,
                                         n, root) != TXNG_OK)
            all = false;
    }
    ok(all, "inclusion proofs verify for every index of the newest tree");
    all = true;
    for (uint64_t s = 1; s <= NRECS; s += 13) {
        hash_t rs;

        mth(rs, leaves, s);
        for (uint64_t i = 0; i < s; i++)
            if (txng_log_prove(log, i, s, proof, &n) != TXNG_OK ||
                txng_merkle_verify_inclusion(leaves[i], i, s, (const unsigned char (*)[HB]) proof,
                                             n, rs) != TXNG_OK)
                all = false;
    }
    ok(all, "inclusion proofs against older sizes verify");
    all = true;
    for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++) {
        for (size_t b = a; b < sizeof sizes / sizeof sizes[0]; b++) {
            hash_t ra, rb;

            mth(ra, leaves, sizes[a]);
            mth(rb, leaves, sizes[b]);
            if (txng_log_prove_consistency(log, sizes[a], sizes[b], proof, &n) != TXNG_OK ||
                txng_merkle_verify_consistency(sizes[a], sizes[b], ra, rb,
                                               (const unsigned char (*)[HB]) proof,
                                               n) != TXNG_OK)
                all = false;
        }
    }
    ok(all, "consistency proofs verify for pairs of sizes");
    ok(txng_log_prove_consistency(log, 9, 3, proof, &n) == TXNG_EINVAL, "consistency: old > new");
    ok(txng_log_prove_consistency(log, 3, NRECS + 1, proof, &n) == TXNG_ENOTFOUND,
       "consistency: size past the end");
    ok(txng_log_prove(log, NRECS, 0, proof, &n) == TXNG_ENOTFOUND, "prove: index past the end");
    ok(txng_log_prove(log, 5, 5, proof, &n) == TXNG_ENOTFOUND, "prove: index not below size");
    ok(txng_log_prove(log, 1, NRECS + 1, proof, &n) == TXNG_ENOTFOUND,
       "prove: size past the end");
    {
        char  *b = NULL, *note = NULL;
        size_t bl = 99;

        ok(txng_log_get(log, NRECS, &b, &bl) == TXNG_ENOTFOUND && b == NULL && bl == 0,
           "get past the end: ENOTFOUND");
        ok(txng_log_checkpoint(log, NRECS + 1, &note, &bl) == TXNG_ENOTFOUND && note == NULL,
           "checkpoint of a size never signed: ENOTFOUND");
    }
    /* tlog-proof text. */
    {
        char  *text = NULL, *note = NULL, *p, *nl;
        size_t len = 0, note_len = 0;
        hash_t hp[TXNG_MERKLE_MAX_PROOF];
        size_t nh = 0;
        unsigned long long idx = 0;
        bool   parsed = true;

        ok(txng_log_tlog_proof(log, 42, &text, &len) == TXNG_OK && len == strlen(text),
           "tlog-proof for index 42");
        ok(txng_log_checkpoint(log, 0, &note, &note_len) == TXNG_OK, "newest checkpoint note");
        p = text;
        if (strncmp(p, "c2sp.org/tlog-proof@v1\n", 23) != 0)
            parsed = false;
        p += 23;
        if (parsed && sscanf(p, "index %llu\n", &idx) != 1)
            parsed = false;
        p = strchr(p, '\n') + 1;
        while (parsed && *p != '\n') {
            size_t hl = 0;

            nl = strchr(p, '\n');
            if (nl == NULL || txng_b64_decode(hp[nh], HB, &hl, p, (size_t) (nl - p)) != TXNG_OK ||
                hl != HB) {
                parsed = false;
                break;
            }
            nh++;
            p = nl + 1;
        }
        ok(parsed && idx == 42 && strcmp(p + 1, note) == 0,
           "tlog-proof: header, index line, hashes, empty line, the checkpoint note");
        ok(parsed && txng_merkle_verify_inclusion(leaves[42], 42, NRECS,
                                                  (const unsigned char (*)[HB]) hp, nh,
                                                  root) == TXNG_OK,
           "tlog-proof hashes prove inclusion under the checkpoint's root");
        free(text);
        free(note);
        ok(txng_log_tlog_proof(log, NRECS, &text, &len) == TXNG_ENOTFOUND && text == NULL,
           "tlog-proof past the end: ENOTFOUND");
    }
}

static uint64_t progress_calls, progress_last;

static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
    (void) ctx;
    (void) total;
    progress_calls++;
    progress_last = done;
}

static void
test_verify(txng_log *log)
{
    txng_verify_result res;
    txng_diag          d = TXNG_DIAG_INIT;
    static hash_t      leaves[NRECS + 64];
    hash_t             root;
    size_t             count = read_leaves(log, leaves, NRECS + 64);
    txng_signer       *ghost = signer("ghost.example", 0x55);

    mth(root, leaves, count);
    ok(txng_log_verify(log, NULL, 0, on_progress, NULL, &res, &d) == TXNG_OK,
       "verify a good log (%s)", d.reason ? d.reason : "ok");
    ok(res.size == count && memcmp(res.root, root, HB) == 0 && res.keys == 6 &&
           res.checkpoints > 10,
       "verify result: size, root, keys, checkpoints");
    ok(progress_calls >= 1 && progress_last == count, "progress reaches the total");
    ok(txng_log_verify(log, txng_log_pubkey(log), 1, NULL, NULL, NULL, NULL) == TXNG_OK,
       "verify on one thread, trusting the log key explicitly");
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, txng_signer_pubkey(ghost), 2, NULL, NULL, &res, &d) ==
           TXNG_EBADSIG &&
           d.has_index && d.index == 0,
       "verify trusting another key: EBADSIG at record 0");
    txng_signer_free(ghost);
}

/* Key-state and checkpoint failures found by verify, made with raw LMDB edits. */
static void
test_verify_state(struct ctx *c)
{
    txng_log     *log = NULL;
    txng_diag     d   = TXNG_DIAG_INIT;
    unsigned char val[256], key[8];
    size_t        vlen = 0;
    const char   *name = "admin.example";

    if (txng_log_open(&log, c->dir, 0) != TXNG_OK)
        abort();
    txng_log_close(log);
    ok(raw_get(c->dir, "keys", name, strlen(name), val, &vlen) == 0, "read admin's keys entry");
    val[vlen - 1] = 'x'; /* role "admix" */
    ok(raw_edit(c->dir, "keys", name, strlen(name), val, vlen) == 0, "change admin's role");
    if (txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_ECORRUPT && d.reason != NULL &&
           strstr(d.reason, "keys") != NULL,
       "verify: a keys entry that differs from the records: ECORRUPT (%s)",
       d.reason ? d.reason : "");
    txng_log_close(log);
    val[vlen - 1] = 'n';
    ok(raw_edit(c->dir, "keys", name, strlen(name), val, vlen) == 0, "restore admin's role");
    ok(raw_edit(c->dir, "keys", "extra.example", 13, val, vlen) == 0, "add a key entry");
    if (txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_ECORRUPT,
       "verify: a key no record enrolled: ECORRUPT");
    txng_log_close(log);
    ok(raw_edit(c->dir, "keys", "extra.example", 13, NULL, 0) == 0, "remove it again");
    ok(raw_edit(c->dir, "keys", name, strlen(name), NULL, 0) == 0, "drop admin's entry");
    if (txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_ECORRUPT,
       "verify: a missing key entry: ECORRUPT");
    txng_log_close(log);
    ok(raw_edit(c->dir, "keys", name, strlen(name), val, vlen) == 0, "put it back");

    /* Roll the newest checkpoint back. */
    for (int i = 0; i < 8; i++)
        key[i] = 0;
    key[7] = NRECS;
    ok(raw_get(c->dir, "checkpoints", key, 8, val, &vlen) == 0, "read the newest checkpoint");
    ok(raw_edit(c->dir, "checkpoints", key, 8, NULL, 0) == 0, "delete it");
    if (txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_ECHAIN && d.reason != NULL &&
           strstr(d.reason, "newest checkpoint") != NULL,
       "verify: newest checkpoint older than the log: ECHAIN");
    txng_log_close(log);
    key[7] = NRECS + 5;
    ok(raw_edit(c->dir, "checkpoints", key, 8, val, vlen) == 0, "store it under a larger size");
    if (txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_ECHAIN,
       "verify: a checkpoint larger than the log: ECHAIN");
    txng_log_close(log);
    ok(raw_edit(c->dir, "checkpoints", key, 8, NULL, 0) == 0, "remove it");
    key[7] = NRECS;
    ok(raw_edit(c->dir, "checkpoints", key, 8, val, vlen) == 0, "restore the newest");
    if (txng_log_open(&log, c->dir, 0) != TXNG_OK)
        abort();
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_OK, "verify passes again");
    txng_log_close(log);

    /* Format version and damaged metadata. */
    {
        unsigned char v5[4] = { 0, 0, 0, 5 }, v4[4] = { 0, 0, 0, 4 }, v0[4] = { 0 };
        txng_log     *l2 = (txng_log *) 1;

        ok(raw_edit(c->dir, "meta", "version", 7, v5, 4) == 0, "set version 5");
        ok(txng_log_open(&l2, c->dir, 0) == TXNG_EVERSION && l2 == NULL,
           "open of a later version: EVERSION");
        ok(raw_edit(c->dir, "meta", "version", 7, v0, 4) == 0, "set version 0");
        ok(txng_log_open(&l2, c->dir, 0) == TXNG_EVERSION && l2 == NULL,
           "open of version 0: EVERSION");
        ok(raw_edit(c->dir, "meta", "version", 7, NULL, 0) == 0, "delete version");
        ok(txng_log_open(&l2, c->dir, 0) == TXNG_ECORRUPT, "open without a version: ECORRUPT");
        ok(raw_edit(c->dir, "meta", "version", 7, v4, 4) == 0, "restore version 4");
        ok(raw_edit(c->dir, "meta", "origin", 6, "other.example", 13) == 0, "change the origin");
        ok(txng_log_open(&l2, c->dir, 0) == TXNG_ECORRUPT,
           "open: origin differs from the genesis: ECORRUPT");
        ok(raw_edit(c->dir, "meta", "origin", 6, ORIGIN, strlen(ORIGIN)) == 0,
           "restore the origin");
    }
}

/* A log of version 1 (no signature entries in `ids`), 2 (signature keys without the
 * event's time) or 3 (no certificate or stamp entries) is brought to version 4 on a writable
 * open, and refused by a read-only one. */
/* Empty the `ids` database of the log in @p dir. */
static int
ids_drop(const char *dir)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi  dbi;
    int      rc = raw_begin(dir, &env, &txn);

    if (rc != 0)
        return rc;
    rc = mdb_dbi_open(txn, "ids", MDB_DUPSORT | MDB_DUPFIXED, &dbi);
    if (rc == 0)
        rc = mdb_drop(txn, dbi, 0);
    return raw_end(env, txn, rc);
}

/*
 * File the signatures of the log in @p dir under the keys of version 2 (0x03 ‖
 * the first 16 bytes of the signature) instead of their own; *@p moved says
 * how many were moved.
 */
static int
ids_rekey_v2(const char *dir, size_t *moved)
{
    MDB_env    *env;
    MDB_txn    *txn;
    MDB_dbi     ids, recs;
    MDB_cursor *cur = NULL;
    MDB_val     k, v;
    int         rc = raw_begin(dir, &env, &txn);

    *moved = 0;
    if (rc != 0)
        return rc;
    rc = mdb_dbi_open(txn, "ids", MDB_DUPSORT | MDB_DUPFIXED, &ids);
    if (rc == 0)
        rc = mdb_dbi_open(txn, "records", 0, &recs);
    if (rc == 0)
        rc = mdb_cursor_open(txn, recs, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        json_t       *rec  = json_loadb(v.mv_data, v.mv_size, 0, NULL);
        const json_t *sigs = json_object_get(rec, "signatures");
        unsigned char key[TXNG_INDEX_SIG_KEY], old[TXNG_INDEX_SIG_KEY], val[TXNG_INDEX_VAL_BYTES];
        unsigned char sig[TXNG_SIG_BYTES];
        size_t        len;

        txng_index_value(val, txng_be64_load(k.mv_data), TXNG_ROLE_SIG);
        for (size_t j = 0; rc == 0 && j < json_array_size(sigs); j++) {
            const json_t *b64 = json_object_get(json_array_get(sigs, j), "sig");
            MDB_val       nk = { sizeof key, key }, ok_ = { sizeof old, old };
            MDB_val       vv = { sizeof val, val };

            if (txng_b64_decode(sig, sizeof sig, &len, json_string_value(b64),
                                json_string_length(b64)) != TXNG_OK)
                abort();
            txng_index_sig_key(key, txng_index_sig_time(json_object_get(rec, "event")), sig);
            old[0] = TXNG_INDEX_SIG_TAG;
            memcpy(old + 1, sig, sizeof old - 1);
            rc = mdb_del(txn, ids, &nk, &vv);
            if (rc == 0)
                rc = mdb_put(txn, ids, &ok_, &vv, 0);
            *moved += rc == 0;
        }
        json_decref(rec);
    }
    mdb_cursor_close(cur);
    return raw_end(env, txn, rc == MDB_NOTFOUND ? 0 : rc);
}

/* Record @p index of @p log again, as a signed event (event and signatures). */
static json_t *
resend(txng_log *log, uint64_t index)
{
    char   *bytes = NULL;
    size_t  len   = 0;
    json_t *rec, *se;

    if (txng_log_get(log, index, &bytes, &len) != TXNG_OK ||
        (rec = json_loadb(bytes, len, 0, NULL)) == NULL)
        abort();
    se = json_pack("{s:O, s:O}", "event", json_object_get(rec, "event"), "signatures",
                   json_object_get(rec, "signatures"));
    json_decref(rec);
    free(bytes);
    return se;
}

static void
test_upgrade_v2(struct ctx *c)
{
    unsigned char v2[4] = { 0, 0, 0, 2 };
    txng_log     *log   = NULL;
    json_t       *se;
    txng_diag     d     = TXNG_DIAG_INIT;
    size_t        moved = 0;
    uint64_t      size  = 0, after = 0;

    ok(ids_rekey_v2(c->dir, &moved) == 0 && moved > 0 &&
           raw_edit(c->dir, "meta", "version", 7, v2, 4) == 0,
       "make the log look like version 2: signatures keyed without their time");
    ok(txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) == TXNG_EVERSION && log == NULL,
       "read-only open of a version-2 log: EVERSION");
    ok(txng_log_open(&log, c->dir, 0) == TXNG_OK && txng_log_size(log, &size) == TXNG_OK,
       "writable open upgrades it");
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_OK,
       "the upgraded log verifies (%s)", d.reason ? d.reason : "ok");
    se = resend(log, 1);
    memset(&d, 0, sizeof d);
    ok(txng_log_append(log, c->logkey, &se, 1, T0 + 600, NULL, &d) == TXNG_EEXIST &&
           d.has_index && d.index == 1,
       "after the upgrade from version 2 a replay of record 1 is refused, naming it");
    json_decref(se);
    ok(txng_log_size(log, &after) == TXNG_OK && after == size, "nothing was appended");
    txng_log_close(log);
}

/* Remove from `ids` of the log in @p dir every entry of role @p a or @p b; *@p n: how many. */
static int
ids_drop_roles(const char *dir, unsigned char a, unsigned char b, size_t *n)
{
    MDB_env    *env;
    MDB_txn    *txn;
    MDB_dbi     dbi;
    MDB_cursor *cur = NULL;
    MDB_val     k, v;
    int         rc = raw_begin(dir, &env, &txn);

    *n = 0;
    if (rc != 0)
        return rc;
    rc = mdb_dbi_open(txn, "ids", MDB_DUPSORT | MDB_DUPFIXED, &dbi);
    if (rc == 0)
        rc = mdb_cursor_open(txn, dbi, &cur);
    for (rc = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        unsigned char role = ((const unsigned char *) v.mv_data)[TXNG_INDEX_VAL_BYTES - 1];

        if (role == a || role == b) {
            rc = mdb_cursor_del(cur, 0);
            *n += rc == 0;
        }
    }
    mdb_cursor_close(cur);
    return raw_end(env, txn, rc == MDB_NOTFOUND ? 0 : rc);
}

/* Version 3 lacked the certificate and GI stamp entries: a writable open files them. */
static void
test_upgrade_v3(struct ctx *c)
{
    unsigned char v3[4]  = { 0, 0, 0, 3 },
                  key[8] = { TXNG_INDEX_STAMP_TAG, '0', '0', '0', '0', '0', '9' };
    txng_log       *log  = NULL;
    json_t         *ev;
    txng_index_hit *hits = NULL;
    txng_diag       d    = TXNG_DIAG_INIT;
    size_t          n = 0, dropped = 0;
    uint64_t        first = 0;

    if (txng_log_open(&log, c->dir, 0) != TXNG_OK)
        abort();
    ev = json_pack("{s:s, s:s, s:s, s:s}", "type", "ObjectEvent", "action", "OBSERVE",
                   "certificationInfo", "urn:txng:o:certificate:gcn-5", "txng:giStamps",
                   "000008-000010");
    ok(txng_log_append_as(log, c->logkey, c->admin, &ev, 1, T0 + 800, &first, NULL) == TXNG_OK,
       "append an event naming a certificate and three GI stamps");
    json_decref(ev);
    txng_log_close(log);
    log = NULL;
    ok(ids_drop_roles(c->dir, TXNG_ROLE_CERT, TXNG_ROLE_STAMP, &dropped) == 0 && dropped == 4 &&
           raw_edit(c->dir, "meta", "version", 7, v3, 4) == 0,
       "make the log look like version 3: no certificate or stamp entries (%zu dropped)", dropped);
    ok(txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) == TXNG_EVERSION && log == NULL,
       "read-only open of a version-3 log: EVERSION");
    ok(txng_log_open(&log, c->dir, 0) == TXNG_OK, "writable open upgrades it");
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_OK,
       "the upgraded log verifies (%s)", d.reason ? d.reason : "ok");
    ok(txng_index_find(log, (const char *) key, 7, TXNG_ROLE_STAMP, &hits, &n) == TXNG_OK &&
           n == 1 && hits[0].index == first,
       "stamp 000009 is filed again, under its record");
    free(hits);
    txng_log_close(log);
}

/*
 * A signature key holds 8 bytes of the signature: a record whose signature
 * shares its key (the same event time and first 8 bytes) is not a replay.
 */
static void
test_sig_key_shared(struct ctx *c)
{
    txng_log     *log = NULL;
    json_t       *se  = NULL, *ev;
    const json_t *b64;
    txng_diag     d   = TXNG_DIAG_INIT;
    unsigned char sig[TXNG_SIG_BYTES], key[TXNG_INDEX_SIG_KEY], val[TXNG_INDEX_VAL_BYTES];
    size_t        sig_len = 0;
    uint64_t      size = 0, first = 0;

    if (txng_log_open(&log, c->dir, 0) != TXNG_OK || txng_log_size(log, &size) != TXNG_OK)
        abort();
    ev = json_pack("{s:s, s:s, s:[s], s:s, s:s}", "type", "ObjectEvent", "action", "OBSERVE",
                   "epcList", "https://id.gs1.org/01/08930000000026/21/SHARED", "eventTime",
                   "2025-09-20T07:30:00+07:00", "eventTimeZoneOffset", "+07:00");
    if (ev == NULL || txng_event_sign(&se, ev, c->admin, NULL) != TXNG_OK)
        abort();
    /* File, under this event's signature key, an entry for record 1: as if record 1 held a
     * signature with the same time and the same first 8 bytes. */
    b64 = json_object_get(json_array_get(json_object_get(se, "signatures"), 0), "sig");
    if (txng_b64_decode(sig, sizeof sig, &sig_len, json_string_value(b64),
                        json_string_length(b64)) != TXNG_OK)
        abort();
    txng_index_sig_key(key, txng_index_sig_time(ev), sig);
    txng_index_value(val, 1, TXNG_ROLE_SIG);
    txng_log_close(log);
    log = NULL;
    ok(raw_edit(c->dir, "ids", key, sizeof key, val, sizeof val) == 0,
       "file a signature entry of record 1 under the new event's key");
    if (txng_log_open(&log, c->dir, 0) != TXNG_OK)
        abort();
    ok(txng_log_append(log, c->logkey, &se, 1, T0 + 700, &first, &d) == TXNG_OK && first == size,
       "an event whose key is shared with another record's signature is appended (%s)",
       d.reason ? d.reason : "ok");
    memset(&d, 0, sizeof d);
    ok(txng_log_append(log, c->logkey, &se, 1, T0 + 701, NULL, &d) == TXNG_EEXIST &&
           d.has_index && d.index == size,
       "sent again, it is refused naming its own record, not record 1");
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_ECORRUPT && d.reason != NULL &&
           strstr(d.reason, "ids") != NULL,
       "verify finds the entry no record makes");
    txng_log_close(log);
    log = NULL;
    {
        MDB_env *env;
        MDB_txn *txn;
        MDB_dbi  dbi;
        MDB_val  k = { sizeof key, key }, v = { sizeof val, val };
        int      rc = raw_begin(c->dir, &env, &txn);

        if (rc == 0)
            rc = mdb_dbi_open(txn, "ids", MDB_DUPSORT | MDB_DUPFIXED, &dbi);
        if (rc == 0)
            rc = mdb_del(txn, dbi, &k, &v);
        ok(raw_end(env, txn, rc) == 0, "remove it again");
    }
    if (txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    memset(&d, 0, sizeof d);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_OK, "the log verifies (%s)",
       d.reason ? d.reason : "ok");
    txng_log_close(log);
    json_decref(ev);
    json_decref(se);
}

static void
test_upgrade(struct ctx *c)
{
    unsigned char v1[4] = { 0, 0, 0, 1 };
    txng_log     *log   = NULL;
    json_t       *se    = NULL, *rec = NULL;
    txng_diag     d     = TXNG_DIAG_INIT;
    char         *bytes = NULL;
    size_t        len   = 0;

    /* Version 1 lacked the signature entries: empty `ids` altogether and say version 1. */
    ok(ids_drop(c->dir) == 0 && raw_edit(c->dir, "meta", "version", 7, v1, 4) == 0,
       "make the log look like version 1, with an empty ids database");
    ok(txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) == TXNG_EVERSION && log == NULL,
       "read-only open of a version-1 log: EVERSION");
    ok(txng_log_open(&log, c->dir, 0) == TXNG_OK, "writable open upgrades it");
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, NULL, &d) == TXNG_OK,
       "the upgraded log verifies (%s)", d.reason ? d.reason : "ok");
    /* Record 1 (the log key enrolled the admin), sent again as a signed event. */
    if (txng_log_get(log, 1, &bytes, &len) != TXNG_OK ||
        (rec = json_loadb(bytes, len, 0, NULL)) == NULL)
        abort();
    se = json_pack("{s:O, s:O}", "event", json_object_get(rec, "event"), "signatures",
                   json_object_get(rec, "signatures"));
    memset(&d, 0, sizeof d);
    ok(txng_log_append(log, c->logkey, &se, 1, T0 + 500, NULL, &d) == TXNG_EEXIST &&
           d.has_index && d.index == 1,
       "after the upgrade a replay of record 1 is refused, naming it");
    json_decref(se);
    json_decref(rec);
    free(bytes);
    txng_log_close(log);
    log = NULL;
    ok(txng_log_open(&log, c->dir, TXNG_LOG_RDONLY) == TXNG_OK, "read-only open now works");
    txng_log_close(log);
}

/* A data file cut short is refused at open, not read past its end (SIGBUS). */
static void
test_truncated(struct ctx *c)
{
    char      dir[4300], path[4400];
    txng_log *log = NULL;
    json_t   *evs[200];
    struct stat sb;

    dir_path(dir, sizeof dir, "cut");
    if (txng_log_create(&log, dir, ORIGIN, c->logkey, c->keyfile, c->keyfile_len, T0) != TXNG_OK)
        abort();
    for (int i = 0; i < 200; i++)
        evs[i] = plain_event(1000 + i);
    ok(txng_log_append_as(log, c->logkey, c->logkey, evs, 200, T0 + 1, NULL, NULL) == TXNG_OK,
       "a log of 201 records");
    for (int i = 0; i < 200; i++)
        json_decref(evs[i]);
    txng_log_close(log);
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    ok(stat(path, &sb) == 0 && sb.st_size > 3 * 4096 && truncate(path, sb.st_size / 2) == 0,
       "cut data.mdb in half");
    log = (txng_log *) 1;
    ok(txng_log_open(&log, dir, TXNG_LOG_RDONLY) == TXNG_ECORRUPT && log == NULL,
       "read-only open: ECORRUPT");
    ok(txng_log_open(&log, dir, 0) == TXNG_ECORRUPT && log == NULL, "writable open: ECORRUPT");
    remove_log(dir);
}

static void
test_misuse(struct ctx *c)
{
    txng_log *log = NULL, *ro = NULL;
    json_t   *se  = sign(plain_event(1), c->bob);
    txng_diag d   = TXNG_DIAG_INIT;
    uint64_t  first = 7, before;
    char     *kf = NULL, p[4300];
    size_t    kl = 0;

    if (txng_log_open(&log, c->dir, 0) != TXNG_OK || txng_log_open(&ro, c->dir, TXNG_LOG_RDONLY) !=
                                                         TXNG_OK)
        abort();
    before = size_of(log);
    ok(txng_log_append(ro, c->logkey, &se, 1, T0, NULL, &d) == TXNG_EPERM && size_of(ro) == before,
       "append to a read-only log: EPERM");
    ok(txng_log_append_as(ro, c->logkey, c->bob, &se, 1, T0, NULL, NULL) == TXNG_EPERM,
       "append_as to a read-only log: EPERM");
    ok(txng_log_append(log, c->admin, &se, 1, T0, NULL, NULL) == TXNG_EPERM,
       "append signed off by a key that is not the log key: EPERM");
    ok(txng_log_append(log, c->logkey, &se, 1, -1, NULL, NULL) == TXNG_EINVAL,
       "append with a time before the epoch: EINVAL");
    ok(txng_log_append(log, c->logkey, NULL, 1, T0, NULL, NULL) == TXNG_EINVAL,
       "append of NULL events: EINVAL");
    ok(txng_log_append(log, c->logkey, &se, 0, T0, &first, NULL) == TXNG_OK && first == before &&
           size_of(log) == before,
       "an empty batch changes nothing (first = the size)");
    {
        json_t *bare   = plain_event(9001);
        char   *b      = NULL, when[32];
        size_t  bl     = 0;
        int64_t newest = 0, t = 0;

        ok(txng_log_get(log, before - 1, &b, &bl) == TXNG_OK &&
               txng_record_time(b, bl, &newest) == TXNG_OK,
           "the newest record's time");
        free(b);
        txng_time_format(when, newest);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_log_append_as(log, c->logkey, c->logkey, &bare, 1,
                              newest - TXNG_LOG_CLOCK_SLACK - 1, NULL, &d) == TXNG_EINVAL &&
               size_of(log) == before && strcmp(d.field, "recorded") == 0 &&
               strcmp(d.value, when) == 0,
           "a time before the newest record's by more than the slack: EINVAL naming it");
        ok(txng_log_append_as(log, c->logkey, c->logkey, &bare, 1, newest - TXNG_LOG_CLOCK_SLACK,
                              &first, NULL) == TXNG_OK &&
               txng_log_get(log, first, &b, &bl) == TXNG_OK &&
               txng_record_time(b, bl, &t) == TXNG_OK && t == newest,
           "a clock stepped back within the slack: recorded at the newest record's time");
        free(b);
        json_decref(bare);
        before = size_of(log);
    }
    ok(txng_log_verify(ro, NULL, 0, NULL, NULL, NULL, NULL) == TXNG_OK, "verify read-only");
    snprintf(p, sizeof p, "%s/%s", c->dir, TXNG_LOG_KEY_FILE);
    {
        char moved[4400];

        snprintf(moved, sizeof moved, "%s.moved", p);
        rename(p, moved);
        ok(txng_log_keyfile(log, &kf, &kl) == TXNG_ENOTFOUND && kf == NULL,
           "keyfile: missing log.key: ENOTFOUND");
        rename(moved, p);
    }
    json_decref(se);
    txng_log_close(ro);
    txng_log_close(log);
}

/*
 * The worked example of docs/format.md: log key from seed 32 × 0x01 named
 * "example.org/log", actor "farm.example" from seed 32 × 0x02 enrolled in the
 * same batch as its first event, at 2026-01-01T00:00:00Z (1767225600).
 */
#define EX_ORIGIN "example.org/log"
#define EX_TIME   1767225600
#define EX_RECORD0 \
    "{\"event\":{\"key\":\"example.org/log+8f13f9e4+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0i" \
    "AG0D29c\",\"origin\":\"example.org/log\",\"type\":\"txng:Genesis\"},\"index\":0,\"pr" \
    "ev\":\"\",\"recorded\":\"2026-01-01T00:00:00Z\",\"signatures\":[{\"key\":\"example.o" \
    "rg/log+8f13f9e4\",\"sig\":\"tlcF6vFbxe51/QLiZ8r8SLe3OpelKwbqRVUCduskWsLyZ6L6g2xmQglH" \
    "ufUlWVL5JyetJfElVGedO5yUR/TuBA==\"}],\"v\":1}"
#define EX_RECORD1 \
    "{\"event\":{\"key\":\"farm.example+935d3321+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uP" \
    "ybOU\",\"role\":\"farmer\",\"type\":\"txng:KeyEnrol\"},\"index\":1,\"prev\":\"UF3PVT" \
    "sfWwfd5NpyZHUgNkA5PjvTska0lx3xNWHpHUo=\",\"recorded\":\"2026-01-01T00:01:00Z\",\"sig" \
    "natures\":[{\"key\":\"example.org/log+8f13f9e4\",\"sig\":\"HyvgDcVIs9Q2WcHZ0afL2NItK" \
    "vIiIaVooDCkboC0N6yOpbYAu7tTpGwF8PDKCz+6iXSXNsD7m7eRWNGyVijRBw==\"}],\"v\":1}"
#define EX_RECORD2 \
    "{\"event\":{\"bizStep\":\"harvesting\",\"lot\":\"L24-017\",\"type\":\"ObjectEvent\"}" \
    ",\"index\":2,\"prev\":\"Bbd7a6e6u+bd9dLwknrY+C8mHYS4XEzBYkZe5JpDcE4=\",\"recorded\":" \
    "\"2026-01-01T00:01:00Z\",\"signatures\":[{\"key\":\"farm.example+935d3321\",\"sig\":" \
    "\"xEaN0pFjEzonqC17ulJUd84oqj8mHWNW6DvlZPOSEhBwBcq9eFhg6YnHV3zwKbH98ZdHWr+zmMVJo1n6vR" \
    "XsAg==\"}],\"v\":1}"
#define EX_LEAF0 "505dcf553b1f5b07dde4da726475203640393e3bd3b246b4971df13561e91d4a"
#define EX_LEAF1 "05b77b6ba7babbe6ddf5d2f0927ad8f82f261d84b85c4cc162465ee49a43704e"
#define EX_LEAF2 "e3690b8b3bdf1df42e96e9f59e7d246774a2b627807f3898054e7fa4f9f3466e"
#define EX_ROOT "b07af496fc562d1672b51104b3981a71a24fc861904272e095b18e3ac9a126e5"
#define EX_CHECKPOINT \
    "example.org/log\n" \
    "3\n" \
    "sHr0lvxWLRZytREEs5gacaJPyGGQQnLglbGOOsmhJuU=\n" \
    "\n" \
    "— example.org/log jxP55PC4cV9/bkADkLpeVBLrWkTWJXy04K7GCqpj65qthfxOmYeDUQJ3m+uuj9xPzQBuSu4C9irqJU1vbpC+9Z/gPgQ=\n"

static void
test_worked_example(void)
{
    txng_signer *lk = signer(EX_ORIGIN, 0x01), *farm = signer("farm.example", 0x02);
    char         dir[4300], *kf = NULL, *rec[3] = { NULL }, *note = NULL;
    size_t       kfl = 0, len[3] = { 0 }, note_len = 0;
    txng_log    *log = NULL;
    json_t      *evs[2];
    hash_t       leaves[3], root;
    char         hex[3][2 * HB + 1], roothex[2 * HB + 1];

    dir_path(dir, sizeof dir, "example");
    if (txng_keyfile_write(lk, NULL, TXNG_KDF_INTERACTIVE, &kf, &kfl) != TXNG_OK ||
        txng_log_create(&log, dir, EX_ORIGIN, lk, kf, kfl, EX_TIME) != TXNG_OK)
        abort();
    evs[0] = sign(enrol_event(farm, "farmer"), lk);
    evs[1] = sign(json_pack("{s:s, s:s, s:s}", "type", "ObjectEvent", "bizStep", "harvesting",
                            "lot", "L24-017"),
                  farm);
    ok(txng_log_append(log, lk, evs, 2, EX_TIME + 60, NULL, NULL) == TXNG_OK,
       "worked example: enrol farm.example and append its event");
    for (int i = 0; i < 3; i++) {
        if (txng_log_get(log, (uint64_t) i, &rec[i], &len[i]) != TXNG_OK)
            abort();
        leaf_of(leaves[i], rec[i], len[i]);
        sodium_bin2hex(hex[i], sizeof hex[i], leaves[i], HB);
    }
    mth(root, leaves, 3);
    sodium_bin2hex(roothex, sizeof roothex, root, HB);
    if (getenv("TXNG_PRINT_EXAMPLE") != NULL) {
        for (int i = 0; i < 3; i++)
            printf("# record %d: %s\n# leaf %d: %s\n", i, rec[i], i, hex[i]);
        if (txng_log_checkpoint(log, 0, &note, &note_len) == TXNG_OK)
            printf("# root: %s\n# checkpoint:\n%s", roothex, note);
        free(note);
        note = NULL;
    }
    ok(strcmp(rec[0], EX_RECORD0) == 0, "worked example: genesis bytes");
    ok(strcmp(rec[1], EX_RECORD1) == 0, "worked example: enrolment bytes");
    ok(strcmp(rec[2], EX_RECORD2) == 0, "worked example: event bytes");
    ok(strcmp(hex[0], EX_LEAF0) == 0 && strcmp(hex[1], EX_LEAF1) == 0 &&
           strcmp(hex[2], EX_LEAF2) == 0,
       "worked example: leaf hashes");
    ok(strcmp(roothex, EX_ROOT) == 0, "worked example: root of size 3");
    ok(txng_log_checkpoint(log, 0, &note, &note_len) == TXNG_OK && strcmp(note, EX_CHECKPOINT) == 0,
       "worked example: the checkpoint note");
    free(note);
    for (int i = 0; i < 3; i++)
        free(rec[i]);
    json_decref(evs[0]);
    json_decref(evs[1]);
    free(kf);
    txng_log_close(log);
    remove_log(dir);
    txng_signer_free(lk);
    txng_signer_free(farm);
}

int
main(void)
{
    struct ctx c;
    txng_log  *log = NULL;

    if (sodium_init() < 0)
        return 1;
    memset(&c, 0, sizeof c);
    make_tmp();
    c.logkey = signer(ORIGIN, 0x01);
    c.admin  = signer("admin.example", 0x02);
    c.alice  = signer("alice.example", 0x03);
    c.bob    = signer("bob.example", 0x04);
    c.carol  = signer("carol.example", 0x05);
    if (txng_keyfile_write(c.logkey, NULL, TXNG_KDF_INTERACTIVE, &c.keyfile, &c.keyfile_len) !=
        TXNG_OK)
        abort();
    test_create_open(&c);
    if (txng_log_open(&log, c.dir, 0) != TXNG_OK)
        abort();
    test_keys(&c, log);
    test_keys_list(log);
    test_append_as(&c, log);
    test_append_once(&c, log);
    test_same_bytes(&c);
    test_big_batch(&c);
    test_proofs(&c, log);
    test_verify(log);
    txng_log_close(log);
    test_verify_state(&c);
    test_upgrade(&c);
    test_upgrade_v2(&c);
    test_upgrade_v3(&c);
    test_sig_key_shared(&c);
    test_truncated(&c);
    test_misuse(&c);
    test_worked_example();
    remove_log(c.dir);
    rmdir(tmp_root);
    free(c.keyfile);
    txng_signer_free(c.logkey);
    txng_signer_free(c.admin);
    txng_signer_free(c.alice);
    txng_signer_free(c.bob);
    txng_signer_free(c.carol);
    return tap_done();
}
