/*
 * test_tamper.c - every kind of damage to a stored log makes verify fail
 *
 * Builds one log of 50 records (the log key, an admin, two actors, one of
 * them revoked at record 40, single appends and one batch), then for each
 * case copies it, damages the copy with the tamper tool (its path is
 * argv[1]) and checks that txng_log_verify() refuses it, naming the damaged
 * record. The untouched copy, and copies the tool changed in ways an honest
 * log could also look (a forged but valid append, a rechain of an intact
 * log), must verify. The tool's own usage errors are checked too.
 *
 * Three kinds of attacker: one who edits the disk (flip, delete, swap,
 * resign, rollback, node, key); one who also holds the log key and appends
 * records the library would refuse (forge: revoked, unenrolled, non-admin
 * enrolment); and one who also rewrites history with the log key (rechain:
 * renumber, re-link, rebuild the nodes, sign a new checkpoint), caught by
 * the older checkpoints, and, once those are dropped too (prune), by the
 * actors' own signatures and the key history.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/record.h"
#include "tests/durability/util.h"
#include "tests/tap.h"

#define NRECORDS    50
#define REVOKED_AT  40
#define BATCH_FIRST 45
#define NO_INDEX    UINT64_MAX       /* the case accepts any index (but wants one) */
#define OPT_INDEX   (UINT64_MAX - 1) /* the case accepts any index or none */
#define ANY_ERR     TXNG_OK          /* the case accepts any error */

static const char  *tamper_path;
static char         root[4096], base[4200];
static txng_signer *logkey, *alice, *bob, *carol, *mallory;

static json_t *
object_event(uint64_t i)
{
    char lot[32];

    snprintf(lot, sizeof lot, "LOT-%04" PRIu64, i);
    return json_pack("{s:s, s:I, s:s, s:s}", "type", "ObjectEvent", "n", (json_int_t) i, "lot", lot,
                     "txng:note", "thu hoạch sâm Ngọc Linh");
}

/* The log every case starts from; see the file comment. */
static bool
build_base(void)
{
    txng_log                *log  = NULL;
    txng_diag                diag = TXNG_DIAG_INIT;
    txng_err                 err;
    uint64_t                 idx = 0;
    json_t                  *ev;
    json_t                  *batch[NRECORDS - BATCH_FIRST] = { NULL };
    bool                     good                          = true;
    const txng_signer *const by_log[]                      = { logkey };
    const txng_signer *const by_alice[]                    = { alice };
    const txng_signer *const by_bob[]                      = { bob };
    const txng_signer *const by_carol[]                    = { carol };
    const txng_signer *const by_two[]                      = { alice, bob };

    snprintf(base, sizeof base, "%s/base", root);
    err = dur_create(&log, base, logkey);
    ok(err == TXNG_OK, "create the base log (%s)", txng_strerror(err));
    if (err != TXNG_OK)
        return false;

    ev  = dur_enrol_event(alice, "admin");
    err = dur_append(log, logkey, ev, by_log, 1, DUR_T0 + 60, &idx, &diag);
    json_decref(ev);
    good &= ok(err == TXNG_OK && idx == 1, "enrol alice as admin at 1 (%s)", txng_strerror(err));
    ev  = dur_enrol_event(bob, "farm");
    err = dur_append(log, logkey, ev, by_alice, 1, DUR_T0 + 120, &idx, &diag);
    json_decref(ev);
    good &= ok(err == TXNG_OK && idx == 2, "alice enrols bob at 2 (%s)", txng_strerror(err));
    ev  = dur_enrol_event(carol, "farm");
    err = dur_append(log, logkey, ev, by_log, 1, DUR_T0 + 180, &idx, &diag);
    json_decref(ev);
    good &= ok(err == TXNG_OK && idx == 3, "enrol carol at 3 (%s)", txng_strerror(err));

    for (uint64_t i = 4; i < BATCH_FIRST && good; i++) {
        const txng_signer *const *who = i % 3 == 0 ? by_alice : i % 3 == 1 ? by_bob : by_carol;
        size_t                    n   = 1;

        if (i % 7 == 0) {
            who = by_two;
            n   = 2;
        } else if (i > REVOKED_AT && who == by_carol) {
            who = by_alice;
        }
        ev = i == REVOKED_AT ? dur_revoke_event(carol) : object_event(i);
        if (i == REVOKED_AT)
            err = dur_append(log, logkey, ev, by_log, 1, DUR_T0 + 60 * (int64_t) i, &idx, &diag);
        else
            err = dur_append(log, logkey, ev, who, n, DUR_T0 + 60 * (int64_t) i, &idx, &diag);
        json_decref(ev);
        if (err != TXNG_OK || idx != i) {
            dur_print_diag("append", err, &diag);
            good = false;
        }
    }
    ok(good, "append records 4..%d one by one, carol revoked at %d", BATCH_FIRST - 1, REVOKED_AT);

    for (size_t i = 0; i < NRECORDS - BATCH_FIRST; i++) {
        const txng_signer *const *who = i % 2 ? by_alice : by_bob;

        ev       = object_event(BATCH_FIRST + i);
        batch[i] = dur_sign(ev, who, 1);
        json_decref(ev);
    }
    err = txng_log_append(log, logkey, batch, NRECORDS - BATCH_FIRST, DUR_T0 + 60 * BATCH_FIRST,
                          &idx, &diag);
    good &= ok(err == TXNG_OK && idx == BATCH_FIRST, "append records %d..%d in one batch (%s)",
               BATCH_FIRST, NRECORDS - 1, txng_strerror(err));
    for (size_t i = 0; i < NRECORDS - BATCH_FIRST; i++)
        json_decref(batch[i]);

    ev  = object_event(999);
    err = dur_append(log, logkey, ev, by_carol, 1, DUR_T0 + 60 * NRECORDS, &idx, &diag);
    json_decref(ev);
    ok(err == TXNG_EPERM, "the library refuses an event by revoked carol (%s)", txng_strerror(err));

    txng_log_close(log);
    return good;
}

/* Offset of the @p nth byte after @p needle in record @p index of the base log. */
static uint64_t
offset_in_record(uint64_t index, const char *needle, size_t after)
{
    txng_log *log   = NULL;
    char     *bytes = NULL, *hit = NULL;
    size_t    len = 0;
    uint64_t  off = 0;

    if (txng_log_open(&log, base, TXNG_LOG_RDONLY) == TXNG_OK &&
        txng_log_get(log, index, &bytes, &len) == TXNG_OK)
        for (size_t i = 0; hit == NULL && i + strlen(needle) <= len; i++)
            if (memcmp(bytes + i, needle, strlen(needle)) == 0)
                hit = bytes + i;
    if (hit != NULL)
        off = (uint64_t) (hit - bytes) + strlen(needle) + after;
    else
        printf("# %s not found in record %" PRIu64 "\n", needle, index);
    free(bytes);
    txng_log_close(log);
    return off;
}

static txng_err
verify_dir(const char *dir, const txng_pubkey *trusted, txng_verify_result *res, txng_diag *diag,
           bool *opened)
{
    txng_log *log = NULL;
    txng_err  err;

    *opened = false;
    if ((err = txng_log_open(&log, dir, TXNG_LOG_RDONLY)) != TXNG_OK) {
        dur_print_diag("open", err, diag);
        return err;
    }
    *opened = true;
    err     = txng_log_verify(log, trusted, 2, NULL, NULL, res, diag);
    txng_log_close(log);
    return err;
}

static int
tamper(const char *dir, const char *a, const char *b, const char *c, const char *d)
{
    char *argv[] = { (char *) (uintptr_t) tamper_path,
                     (char *) (uintptr_t) dir,
                     (char *) (uintptr_t) a,
                     (char *) (uintptr_t) b,
                     (char *) (uintptr_t) c,
                     (char *) (uintptr_t) d,
                     NULL };

    return dur_run(argv);
}

struct tcase {
    const char *name;
    const char *cmd[3][4];     /* up to three tamper commands */
    uint64_t    index;         /* expected diag.index, or NO_INDEX */
    uint64_t    index_hi;      /* accept index..index_hi when not 0 */
    txng_err    err;           /* expected error, or ANY_ERR */
    bool        open_may_fail; /* refusing to open (TXNG_ECORRUPT) also counts */
};

static int ncase;

static void
run_case(const struct tcase *tc)
{
    char               dir[4300];
    txng_verify_result res;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    int                st = 0;
    bool               opened;

    snprintf(dir, sizeof dir, "%s/case%d", root, ++ncase);
    if (!ok(dur_copy_log(base, dir), "%s: copy the log", tc->name))
        return;
    for (int i = 0; i < 3 && tc->cmd[i][0] != NULL && st == 0; i++)
        st = tamper(dir, tc->cmd[i][0], tc->cmd[i][1], tc->cmd[i][2], tc->cmd[i][3]);
    if (!ok(st == 0, "%s: tamper exits 0 (got %d)", tc->name, st))
        return;
    err = verify_dir(dir, NULL, &res, &diag, &opened);
    dur_print_diag(tc->name, err, &diag);
    if (!opened && tc->open_may_fail) {
        ok(err == TXNG_ECORRUPT, "%s: open refuses the log (%s)", tc->name, txng_strerror(err));
        dur_rm_rf(dir);
        return;
    }
    ok(opened, "%s: the log opens", tc->name);
    ok(err != TXNG_OK, "%s: verify fails", tc->name);
    if (tc->err != ANY_ERR)
        ok(err == tc->err, "%s: with %s (got %s)", tc->name, txng_strerror(tc->err),
           txng_strerror(err));
    ok(diag.reason != NULL, "%s: a reason is given", tc->name);
    if (tc->index == NO_INDEX)
        ok(diag.has_index, "%s: an index is given", tc->name);
    else if (tc->index == OPT_INDEX)
        ;
    else if (tc->index_hi != 0)
        ok(diag.has_index && diag.index >= tc->index && diag.index <= tc->index_hi,
           "%s: the index is in %" PRIu64 "..%" PRIu64, tc->name, tc->index, tc->index_hi);
    else
        ok(diag.has_index && diag.index == tc->index, "%s: the index is %" PRIu64, tc->name,
           tc->index);
    dur_rm_rf(dir);
}

/* Copy the base, apply the commands, and expect the copy still to verify. */
static void
run_clean_case(const char *name, const char *a, const char *b, uint64_t size)
{
    char               dir[4300];
    txng_verify_result res;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    int                st = 0;
    bool               opened;

    snprintf(dir, sizeof dir, "%s/case%d", root, ++ncase);
    if (!ok(dur_copy_log(base, dir), "%s: copy the log", name))
        return;
    if (a != NULL)
        st = tamper(dir, a, b, NULL, NULL);
    if (!ok(st == 0, "%s: tamper exits 0 (got %d)", name, st))
        return;
    memset(&res, 0, sizeof res);
    err = verify_dir(dir, NULL, &res, &diag, &opened);
    if (err != TXNG_OK)
        dur_print_diag(name, err, &diag);
    ok(err == TXNG_OK && res.size == size, "%s: verifies, %" PRIu64 " records", name, res.size);
    dur_rm_rf(dir);
}

/* Write the signed event by @p who to @p path. */
static bool
write_signed(const char *path, const txng_signer *who, uint64_t n)
{
    const txng_signer *const signers[] = { who };
    json_t                  *ev        = object_event(n);
    json_t                  *se        = dur_sign(ev, signers, 1);
    bool                     good      = se != NULL && json_dump_file(se, path, JSON_COMPACT) == 0;

    json_decref(ev);
    json_decref(se);
    return good;
}

/* Write @p key's enrolment, signed by @p who, to @p path. */
static bool
write_enrol(const char *path, const txng_signer *who, const txng_signer *key)
{
    const txng_signer *const signers[] = { who };
    json_t                  *ev        = dur_enrol_event(key, "farm");
    json_t                  *se        = dur_sign(ev, signers, 1);
    bool                     good      = se != NULL && json_dump_file(se, path, JSON_COMPACT) == 0;

    json_decref(ev);
    json_decref(se);
    return good;
}

static void
test_untampered(void)
{
    txng_verify_result res;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    char               dir[4300];
    bool               opened;

    snprintf(dir, sizeof dir, "%s/clean", root);
    ok(dur_copy_log(base, dir), "copy the untampered log");
    memset(&res, 0, sizeof res);
    err = verify_dir(dir, NULL, &res, &diag, &opened);
    dur_print_diag("untampered", err, &diag);
    ok(err == TXNG_OK, "the untampered copy verifies");
    ok(res.size == NRECORDS, "it has %d records (%" PRIu64 ")", NRECORDS, res.size);
    ok(res.keys == 4, "and 4 keys (%" PRIu64 ")", res.keys);
    ok(res.checkpoints >= 2, "and checks its checkpoints (%" PRIu64 ")", res.checkpoints);

    err = verify_dir(dir, txng_signer_pubkey(logkey), &res, &diag, &opened);
    ok(err == TXNG_OK, "it verifies against the log key as trusted key (%s)", txng_strerror(err));
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = verify_dir(dir, txng_signer_pubkey(mallory), &res, &diag, &opened);
    dur_print_diag("other trusted key", err, &diag);
    ok(err != TXNG_OK, "it fails against another trusted key");
    dur_rm_rf(dir);
}

static void
test_tool_usage(void)
{
    char dir[4300];

    snprintf(dir, sizeof dir, "%s/usage", root);
    ok(dur_copy_log(base, dir), "copy for the usage checks");
    ok(tamper(dir, NULL, NULL, NULL, NULL) == 2, "tamper DIR: usage, 2");
    ok(tamper(dir, "explode", NULL, NULL, NULL) == 2, "unknown command: 2");
    ok(tamper(dir, "flip", "x", NULL, NULL) == 2, "flip x: 2");
    ok(tamper(dir, "flip", "-1", NULL, NULL) == 2, "flip -1: 2");
    ok(tamper(dir, "swap", "3", "3", NULL) == 2, "swap 3 3: 2");
    ok(tamper(dir, "delete", NULL, NULL, NULL) == 2, "delete without INDEX: 2");
    ok(tamper(dir, "node", "64", "0", NULL) == 2, "node level 64: 2");
    ok(tamper(dir, "key", "alice.test", "colour", NULL) == 2, "key field colour: 2");
    ok(tamper(dir, "key", "alice.test", "role", NULL) == 2, "key role without ROLE: 2");
    ok(tamper(dir, "rollback", "1", NULL, NULL) == 2, "rollback 1: 2");
    ok(tamper(dir, "branch", "1", NULL, NULL) == 2, "branch 1: 2");
    ok(tamper(dir, "meta", "1", NULL, NULL) == 2, "meta 1: 2");
    ok(tamper(dir, "delete", "1000", NULL, NULL) == 3, "delete a missing record: 3");
    ok(tamper(dir, "flip", "1", "100000", NULL) == 3, "flip past the end: 3");
    ok(tamper(dir, "node", "7", "0", NULL) == 3, "a missing node: 3");
    ok(tamper(dir, "key", "nobody", NULL, NULL) == 3, "a missing key: 3");
    ok(tamper(dir, "forge", "/nonexistent/file", NULL, NULL) == 3, "forge a missing file: 3");
    ok(tamper("/nonexistent/log", "delete", "1", NULL, NULL) == 3, "a missing log: 3");
    dur_rm_rf(dir);
}

int
main(int argc, char **argv)
{
    char off_event[32], off_prev[32], off_time[32], revoked_file[4300], unknown_file[4300],
        good_file[4300], enrol_file[4300];

    if (argc != 2) {
        printf("1..0 # SKIP usage: test_tamper TAMPER\n");
        return 0;
    }
    tamper_path = argv[1];
    logkey      = dur_signer(DUR_ORIGIN, 0x01);
    alice       = dur_signer("alice.test", 0x02);
    bob         = dur_signer("bob.test", 0x03);
    carol       = dur_signer("carol.test", 0x04);
    mallory     = dur_signer("mallory.test", 0x05);
    dur_tmpdir(root, "tamper");
    printf("# scratch %s\n", root);

    if (!build_base()) {
        dur_rm_rf(root);
        return tap_done();
    }
    test_untampered();
    test_tool_usage();

    /* Byte offsets inside records of the base log. */
    snprintf(off_event, sizeof off_event, "%" PRIu64,
             offset_in_record(20, "\"lot\":\"LOT-002", 0)); /* the final '0' of LOT-0020 */
    snprintf(off_prev, sizeof off_prev, "%" PRIu64, offset_in_record(22, "\"prev\":\"", 10));
    snprintf(off_time, sizeof off_time, "%" PRIu64,
             offset_in_record(23, "\"recorded\":\"", 18)); /* the seconds' units */
    snprintf(revoked_file, sizeof revoked_file, "%s/by-carol.json", root);
    snprintf(unknown_file, sizeof unknown_file, "%s/by-mallory.json", root);
    snprintf(good_file, sizeof good_file, "%s/by-alice.json", root);
    snprintf(enrol_file, sizeof enrol_file, "%s/enrol-by-bob.json", root);
    ok(write_signed(revoked_file, carol, 1000) && write_signed(unknown_file, mallory, 1001) &&
           write_signed(good_file, alice, 1002) && write_enrol(enrol_file, bob, mallory),
       "write the events to forge");

    /* Controls: the tool's rewriting paths keep an honest log valid. */
    run_clean_case("forge an event by an enrolled key", "forge", good_file, NRECORDS + 1);
    run_clean_case("rechain an intact log", "rechain", NULL, NRECORDS);

    const struct tcase cases[] = {
        { "flip a byte of an event", { { "flip", "20", off_event } }, 20, 0, ANY_ERR, false },
        { "flip the middle byte", { { "flip", "21" } }, 21, 0, ANY_ERR, false },
        { "flip a byte of prev", { { "flip", "22", off_prev } }, 22, 0, ANY_ERR, false },
        { "flip a digit of recorded", { { "flip", "23", off_time } }, 23, 0, ANY_ERR, false },
        { "flip a byte of the genesis", { { "flip", "0", "30" } }, 0, 0, ANY_ERR, true },
        { "flip a byte of the batch", { { "flip", "47" } }, 47, 0, ANY_ERR, false },
        { "delete a record", { { "delete", "30" } }, 30, 0, ANY_ERR, false },
        { "delete the last record", { { "delete", "49" } }, 49, 0, ANY_ERR, false },
        { "swap two records", { { "swap", "10", "11" } }, 10, 0, ANY_ERR, false },
        { "swap far records", { { "swap", "5", "44" } }, 5, 0, ANY_ERR, false },
        { "another record's signatures", { { "resign", "12", "13" } }, 12, 0, ANY_ERR, false },
        { "signatures of the same key", { { "resign", "15", "18" } }, 15, 0, ANY_ERR, false },
        { "sign with a revoked key",
          { { "forge", revoked_file } },
          NRECORDS,
          0,
          TXNG_EPERM,
          false },
        { "sign with an unenrolled key",
          { { "forge", unknown_file } },
          NRECORDS,
          0,
          TXNG_EBADSIG,
          false },
        { "put an older checkpoint back", { { "rollback" } }, 45, 0, ANY_ERR, false },
        { "corrupt a leaf node", { { "node", "0", "25" } }, 25, 0, ANY_ERR, false },
        /* a walk from leaf to leaf reads every record; a lookup by index goes astray */
        { "corrupt a branch key of records",
          { { "branch" } },
          1,
          NRECORDS - 1,
          TXNG_ECORRUPT,
          false },
        /* LMDB would open the commit before the newest: a silent rollback */
        { "corrupt the newest meta page's transaction id",
          { { "meta" } },
          NO_INDEX,
          0,
          TXNG_ECORRUPT,
          true },
        { "corrupt an inner node", { { "node", "2", "5" } }, 20, 23, ANY_ERR, false },
        { "corrupt a key's public key",
          { { "key", "alice.test", "pk" } },
          OPT_INDEX,
          0,
          TXNG_ECORRUPT,
          false },
        { "raise a key's role",
          { { "key", "bob.test", "role", "admin" } },
          OPT_INDEX,
          0,
          TXNG_ECORRUPT,
          false },
        { "unrevoke a key",
          { { "key", "carol.test", "revoked", "none" } },
          OPT_INDEX,
          0,
          TXNG_ECORRUPT,
          false },
        { "move a revocation",
          { { "key", "carol.test", "revoked", "45" } },
          OPT_INDEX,
          0,
          TXNG_ECORRUPT,
          false },
        { "a non-admin enrols a key", { { "forge", enrol_file } }, NRECORDS, 0, ANY_ERR, false },
        /* With the log key the attacker can rechain and re-sign a checkpoint;
         * the older checkpoints give it away ... */
        { "flip an event and rechain",
          { { "flip", "20", off_event }, { "rechain" } },
          20,
          0,
          ANY_ERR,
          false },
        { "delete a record and rechain",
          { { "delete", "30" }, { "rechain" } },
          30,
          0,
          ANY_ERR,
          false },
        { "swap records and rechain",
          { { "swap", "10", "11" }, { "rechain" } },
          10,
          0,
          ANY_ERR,
          false },
        /* ... and without them, the actors' signatures do. */
        { "flip an event, rechain, drop old checkpoints",
          { { "flip", "20", off_event }, { "rechain" }, { "prune" } },
          20,
          0,
          TXNG_EBADSIG,
          false },
        { "move signatures, rechain, drop old checkpoints",
          { { "resign", "12", "13" }, { "rechain" }, { "prune" } },
          12,
          0,
          TXNG_EBADSIG,
          false },
        { "revoked key, rechain, drop old checkpoints",
          { { "swap", "41", "38" }, { "rechain" }, { "prune" } },
          41,
          0,
          TXNG_EPERM,
          false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);

    dur_rm_rf(root);
    txng_signer_free(logkey);
    txng_signer_free(alice);
    txng_signer_free(bob);
    txng_signer_free(carol);
    txng_signer_free(mallory);
    return tap_done();
}
